//! A future's done callbacks, in the order they were added.
//!
//! Every task and every future has a list of them inline, and it almost always holds none
//! or one (the task awaiting the future, or the `gather` over it). So none or one takes no
//! allocation, and the whole is two words: a `SmallVec` of one was three, which kept a
//! future out of the allocator's 80-byte class.

use super::future::DoneCallback;

#[derive(Default)]
pub enum Callbacks {
    #[default]
    None,
    One(DoneCallback),
    /// Two or more (never fewer: see [`Callbacks::from_vec`]). Boxed: a `Vec` is three
    /// words, and this list is kept to two.
    #[allow(clippy::box_collection)]
    Many(Box<Vec<DoneCallback>>),
}

// Inline in every future: the tag is in the first callback's (see `DoneCallback`).
const _: () = assert!(std::mem::size_of::<Callbacks>() == 16);

impl Callbacks {
    fn from_vec(mut v: Vec<DoneCallback>) -> Callbacks {
        match v.len() {
            0 => Callbacks::None,
            1 => Callbacks::One(v.pop().expect("one")),
            _ => Callbacks::Many(Box::new(v)),
        }
    }

    pub fn is_empty(&self) -> bool {
        matches!(self, Callbacks::None)
    }

    pub fn iter(&self) -> std::slice::Iter<'_, DoneCallback> {
        match self {
            Callbacks::None => [].iter(),
            Callbacks::One(cb) => std::slice::from_ref(cb).iter(),
            Callbacks::Many(v) => v.iter(),
        }
    }

    pub fn push(&mut self, cb: DoneCallback) {
        *self = match std::mem::take(self) {
            Callbacks::None => Callbacks::One(cb),
            Callbacks::One(first) => Callbacks::Many(Box::new(vec![first, cb])),
            Callbacks::Many(mut v) => {
                v.push(cb);
                Callbacks::Many(v)
            }
        };
    }

    /// Removes the callback at `at`, if there is one.
    pub fn remove(&mut self, at: usize) -> Option<DoneCallback> {
        match std::mem::take(self) {
            Callbacks::One(cb) if at == 0 => Some(cb),
            Callbacks::Many(mut v) if at < v.len() => {
                let cb = v.remove(at);
                *self = Callbacks::from_vec(*v);
                Some(cb)
            }
            other => {
                *self = other;
                None
            }
        }
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&DoneCallback) -> bool) {
        *self = match std::mem::take(self) {
            Callbacks::One(cb) if !keep(&cb) => Callbacks::None,
            Callbacks::Many(mut v) => {
                v.retain(keep);
                Callbacks::from_vec(*v)
            }
            kept => kept,
        };
    }
}

pub enum IntoIter {
    One(Option<DoneCallback>),
    Many(std::vec::IntoIter<DoneCallback>),
}

impl Iterator for IntoIter {
    type Item = DoneCallback;

    fn next(&mut self) -> Option<DoneCallback> {
        match self {
            IntoIter::One(cb) => cb.take(),
            IntoIter::Many(it) => it.next(),
        }
    }
}

impl IntoIterator for Callbacks {
    type Item = DoneCallback;
    type IntoIter = IntoIter;

    fn into_iter(self) -> IntoIter {
        match self {
            Callbacks::None => IntoIter::One(None),
            Callbacks::One(cb) => IntoIter::One(Some(cb)),
            Callbacks::Many(v) => IntoIter::Many(v.into_iter()),
        }
    }
}

impl FromIterator<DoneCallback> for Callbacks {
    fn from_iter<I: IntoIterator<Item = DoneCallback>>(iter: I) -> Callbacks {
        Callbacks::from_vec(iter.into_iter().collect())
    }
}

impl Extend<DoneCallback> for Callbacks {
    fn extend<I: IntoIterator<Item = DoneCallback>>(&mut self, iter: I) {
        for cb in iter {
            self.push(cb);
        }
    }
}
