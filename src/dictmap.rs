//! A dict's operations by key, where comparing keys can run a user `__eq__` whose
//! exception CPython propagates, and which may itself look at or change the dict.
//!
//! No user code runs while the dict's `RefCell` is borrowed. A lookup first probes the
//! [`DictMap`] under a borrow comparing only what needs no user code (strings, numbers,
//! tuples of them, the same object): the common case is decided there in one probe. When a
//! stored key of an equal hash needs a user `__eq__`, the lookup takes the candidates of
//! that hash, releases the borrow, and compares them in probe order; after each user
//! comparison it looks again, and starts over when the compared key is no longer in the
//! dict (CPython's `lookdict` restarts when the entry it compared changed).
//!
//! The functions taking a `RefCell` are for dicts user code can reach; the `_local` ones
//! are for a map being built that no user code can see (a display, a comprehension).

use std::cell::RefCell;

use hashbrown::HashTable;

use crate::object::PyResult;
use crate::value::{identity, keys_equal, keys_equal_pure, Key, Value};

/// A dict's table: its entries in insertion order, with a hole where one was deleted, and
/// a hash index of their positions, as CPython's compact dict. Deleting is O(1) (closing
/// the gap, as `IndexMap::shift_remove` does, made deleting the oldest key of a big dict
/// O(n), and a loop deleting them quadratic); holes go when the entries are next full.
/// Up to [`SMALL`] entries (the commonest dicts: keyword arguments, JSON-like records)
/// have no index: a lookup compares their hashes in order.
#[derive(Default, Clone)]
pub struct DictMap {
    entries: Vec<Option<(Key, Value)>>,
    /// The positions of the live entries, once there are more than [`SMALL`] entries.
    index: HashTable<u32>,
    len: usize,
    /// Every entry before this position is a hole: deleting the oldest keys one by one
    /// (a FIFO cache) does not make each walk from the start step over all of them.
    first: usize,
}

/// The most entries (holes included) a dict has without an index.
const SMALL: usize = 8;

/// The spread hash of the entry at `i` (for the index to grow by).
fn spread_at(entries: &[Option<(Key, Value)>], i: &u32) -> u64 {
    entries[*i as usize]
        .as_ref()
        .map_or(0, |(k, _)| spread(k.hash))
}

/// Spreads a Python hash over the bits the hash index looks at.
#[inline]
fn spread(hash: i64) -> u64 {
    (hash as u64)
        .wrapping_mul(0x9e37_79b9_7f4a_7c15)
        .rotate_left(26)
}

impl DictMap {
    pub fn new() -> DictMap {
        DictMap::default()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn clear(&mut self) {
        self.entries.clear();
        self.index = HashTable::new();
        self.len = 0;
        self.first = 0;
    }

    /// The entries in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&Key, &Value)> + Clone {
        self.entries[self.first..]
            .iter()
            .filter_map(|e| e.as_ref().map(|(k, v)| (k, v)))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &Key> + Clone {
        self.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Value> + Clone {
        self.iter().map(|(_, v)| v)
    }

    /// The entry at `position` (an index into the entries, holes included).
    pub fn get_index(&self, position: usize) -> Option<(&Key, &Value)> {
        self.entries.get(position)?.as_ref().map(|(k, v)| (k, v))
    }

    pub fn get_index_mut(&mut self, position: usize) -> Option<(&Key, &mut Value)> {
        self.entries
            .get_mut(position)?
            .as_mut()
            .map(|(k, v)| (&*k, v))
    }

    /// The position of the first entry at or after `position`.
    pub fn next_from(&self, position: usize) -> Option<usize> {
        let position = position.max(self.first);
        let rest = self.entries.get(position..)?;
        rest.iter().position(Option::is_some).map(|k| position + k)
    }

    /// The position of a stored key `found` accepts among those of `hash`, in probe order.
    fn find_by(&self, hash: i64, mut found: impl FnMut(&Key) -> bool) -> Option<usize> {
        let entries = &self.entries;
        if entries.len() <= SMALL {
            return (self.first..entries.len()).find(|&i| {
                entries[i]
                    .as_ref()
                    .is_some_and(|(k, _)| k.hash == hash && found(k))
            });
        }
        self.index
            .find(spread(hash), |&i| {
                entries[i as usize].as_ref().is_some_and(|(k, _)| found(k))
            })
            .map(|&i| i as usize)
    }

    /// Appends `key`, known not to be in the map.
    pub fn push_new(&mut self, key: Key, value: Value) {
        if self.entries.len() == self.entries.capacity() && self.entries.len() >= 2 * self.len {
            self.compact();
        }
        let at = self.entries.len();
        if self.len == 0 {
            self.first = at;
        }
        let hash = spread(key.hash);
        self.entries.push(Some((key, value)));
        self.len += 1;
        match self.entries.len() {
            n if n <= SMALL => {}
            n if n == SMALL + 1 => self.reindex(),
            _ => {
                let entries = &self.entries;
                self.index
                    .insert_unique(hash, at as u32, |i| spread_at(entries, i));
            }
        }
    }

    /// Builds the index of the live entries (none while there are few).
    fn reindex(&mut self) {
        self.index = HashTable::new();
        if self.entries.len() <= SMALL {
            return;
        }
        let entries = &self.entries;
        self.index.reserve(self.len, |i| spread_at(entries, i));
        for (at, e) in entries.iter().enumerate() {
            if let Some((k, _)) = e {
                self.index
                    .insert_unique(spread(k.hash), at as u32, |i| spread_at(entries, i));
            }
        }
    }

    /// Removes the entry at `position`, leaving a hole.
    pub fn remove_at(&mut self, position: usize) -> Option<(Key, Value)> {
        let hash = self.entries.get(position)?.as_ref()?.0.hash;
        if self.entries.len() > SMALL {
            let at = position as u32;
            if let Ok(slot) = self.index.find_entry(spread(hash), |&i| i == at) {
                slot.remove();
            }
        }
        let entry = self.entries[position].take();
        self.len -= 1;
        if position == self.first {
            self.first = self.next_from(position).unwrap_or(self.entries.len());
        }
        entry
    }

    /// `popitem()`: the last entry. The holes before it go too, as in CPython (so that
    /// emptying a dict this way is linear).
    pub fn pop(&mut self) -> Option<(Key, Value)> {
        let last = self.entries.iter().rposition(Option::is_some)?;
        let entry = self.remove_at(last);
        match self.next_back(last) {
            Some(at) => self.entries.truncate(at + 1),
            None => {
                self.entries.clear();
                self.first = 0;
            }
        }
        if self.entries.len() <= SMALL && self.index.capacity() > 0 {
            self.index = HashTable::new();
        }
        entry
    }

    /// The position of the last entry before `position`.
    fn next_back(&self, position: usize) -> Option<usize> {
        self.entries[..position].iter().rposition(Option::is_some)
    }

    /// Drops the holes, and rebuilds the index for the new positions.
    fn compact(&mut self) {
        self.entries.retain(Option::is_some);
        self.first = 0;
        self.reindex();
    }
}

impl DictMap {
    /// `map[key] = value` where no key's comparison needs user code (keys made by the
    /// runtime: names, numbers): one that would counts as different. The value replaced,
    /// if any.
    pub fn insert(&mut self, key: Key, value: Value) -> Option<Value> {
        match probe_pure(self, &key) {
            Probe::Found(i) => self
                .get_index_mut(i)
                .map(|(_, v)| std::mem::replace(v, value)),
            Probe::Absent | Probe::NeedsUser => {
                self.push_new(key, value);
                None
            }
        }
    }
}

impl FromIterator<(Key, Value)> for DictMap {
    fn from_iter<I: IntoIterator<Item = (Key, Value)>>(iter: I) -> DictMap {
        let mut map = DictMap::new();
        for (k, v) in iter {
            map.insert(k, v);
        }
        map
    }
}

impl IntoIterator for DictMap {
    type Item = (Key, Value);
    type IntoIter = std::iter::Flatten<std::vec::IntoIter<Option<(Key, Value)>>>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter().flatten()
    }
}

/// The result of a probe that runs no user code.
enum Probe {
    Found(usize),
    Absent,
    /// A stored key of an equal hash needs a user `__eq__`.
    NeedsUser,
}

fn probe_pure(map: &DictMap, key: &Key) -> Probe {
    let mut deferred = false;
    let found = map.find_by(key.hash, |stored| {
        if deferred || stored.hash != key.hash {
            return false;
        }
        keys_equal_pure(&stored.value, &key.value).unwrap_or_else(|| {
            deferred = true;
            false
        })
    });
    match found {
        Some(i) => Probe::Found(i),
        None if deferred => Probe::NeedsUser,
        None => Probe::Absent,
    }
}

/// The stored keys of `key`'s hash, in probe order.
fn candidates(map: &DictMap, key: &Key) -> Vec<Key> {
    let mut found = Vec::new();
    map.find_by(key.hash, |stored| {
        if stored.hash == key.hash {
            found.push(stored.clone());
        }
        false
    });
    found
}

/// Where the very key object `stored` is now.
fn position_of(map: &DictMap, stored: &Key) -> Option<usize> {
    map.find_by(stored.hash, |k| identity(&k.value, &stored.value))
}

/// The lookup once a user `__eq__` must run: no borrow is held while it does.
fn find_slow(cell: &RefCell<DictMap>, key: &Key) -> PyResult<Option<usize>> {
    'restart: loop {
        let found = candidates(&cell.borrow(), key);
        for stored in found {
            let (equal, ran_code) = match keys_equal_pure(&stored.value, &key.value) {
                Some(equal) => (equal, false),
                None => (keys_equal(&stored.value, &key.value)?, true),
            };
            if !equal && !ran_code {
                continue;
            }
            let now = position_of(&cell.borrow(), &stored);
            match now {
                Some(i) if equal => return Ok(Some(i)),
                Some(_) => {}
                None => continue 'restart,
            }
        }
        return Ok(None);
    }
}

/// The position of `key` in the dict's order.
pub fn find(cell: &RefCell<DictMap>, key: &Key) -> PyResult<Option<usize>> {
    let probe = probe_pure(&cell.borrow(), key);
    match probe {
        Probe::Found(i) => Ok(Some(i)),
        Probe::Absent => Ok(None),
        Probe::NeedsUser => find_slow(cell, key),
    }
}

/// The first entry at or after the position `at`, copied out so that no borrow is held
/// while user code (a key's `__eq__`, a value's `__repr__`) runs; `at` moves past it.
/// Walks that must see the dict change as they go (CPython's `dict_merge`, `dict_equal`,
/// `dict_repr`) read one entry at a time.
pub fn next_entry(cell: &RefCell<DictMap>, at: &mut usize) -> Option<(Key, Value)> {
    let map = cell.borrow();
    let position = map.next_from(*at)?;
    *at = position + 1;
    let (k, v) = map.get_index(position)?;
    Some((k.clone(), v.clone()))
}

/// `d[key]` when present.
pub fn get(cell: &RefCell<DictMap>, key: &Key) -> PyResult<Option<Value>> {
    {
        let map = cell.borrow();
        match probe_pure(&map, key) {
            Probe::Found(i) => return Ok(map.get_index(i).map(|(_, v)| v.clone())),
            Probe::Absent => return Ok(None),
            Probe::NeedsUser => {}
        }
    }
    Ok(find_slow(cell, key)?.and_then(|i| cell.borrow().get_index(i).map(|(_, v)| v.clone())))
}

pub fn contains(cell: &RefCell<DictMap>, key: &Key) -> PyResult<bool> {
    Ok(find(cell, key)?.is_some())
}

/// `insert` in one probe when no comparison needs user code; otherwise the map is left
/// as it was and the pair is given back.
fn insert_fast(map: &mut DictMap, key: Key, value: Value) -> Result<(), (Key, Value)> {
    match probe_pure(map, &key) {
        Probe::Found(i) => {
            if let Some((_, v)) = map.get_index_mut(i) {
                *v = value;
            }
            Ok(())
        }
        Probe::Absent => {
            map.push_new(key, value);
            Ok(())
        }
        Probe::NeedsUser => Err((key, value)),
    }
}

/// `d[key] = value`: a present key keeps its place (and the stored key object, as in
/// CPython); a new one goes last. After an exception the dict is as it was.
pub fn insert(cell: &RefCell<DictMap>, key: Key, value: Value) -> PyResult<()> {
    let fast = insert_fast(&mut cell.borrow_mut(), key, value);
    let Err((key, value)) = fast else {
        return Ok(());
    };
    insert_slow(cell, key, value)
}

fn insert_slow(cell: &RefCell<DictMap>, key: Key, value: Value) -> PyResult<()> {
    match find_slow(cell, &key)? {
        Some(i) => {
            if let Some((_, v)) = cell.borrow_mut().get_index_mut(i) {
                *v = value;
            }
        }
        None => cell.borrow_mut().push_new(key, value),
    }
    Ok(())
}

/// `d.setdefault(key, default)`: the value present, or `default` after adding it.
pub fn get_or_insert(cell: &RefCell<DictMap>, key: Key, default: Value) -> PyResult<Value> {
    if let Some(i) = find(cell, &key)? {
        if let Some((_, v)) = cell.borrow().get_index(i) {
            return Ok(v.clone());
        }
    }
    cell.borrow_mut().push_new(key, default.clone());
    Ok(default)
}

/// `del d[key]` / `d.pop(key)`: the removed value, the later entries moving up.
pub fn remove(cell: &RefCell<DictMap>, key: &Key) -> PyResult<Option<Value>> {
    {
        let mut map = cell.borrow_mut();
        match probe_pure(&map, key) {
            Probe::Found(i) => return Ok(map.remove_at(i).map(|(_, v)| v)),
            Probe::Absent => return Ok(None),
            Probe::NeedsUser => {}
        }
    }
    Ok(find_slow(cell, key)?
        .and_then(|i| cell.borrow_mut().remove_at(i))
        .map(|(_, v)| v))
}

/// [`insert`] into a map no user code can reach (one being built).
pub fn insert_local(map: &mut DictMap, key: Key, value: Value) -> PyResult<()> {
    let Err((key, value)) = insert_fast(map, key, value) else {
        return Ok(());
    };
    let cell = RefCell::new(std::mem::take(map));
    let r = insert_slow(&cell, key, value);
    *map = cell.into_inner();
    r
}

/// [`get`] in a map no user code can reach.
pub fn get_local(map: &DictMap, key: &Key) -> PyResult<Option<Value>> {
    match probe_pure(map, key) {
        Probe::Found(i) => return Ok(map.get_index(i).map(|(_, v)| v.clone())),
        Probe::Absent => return Ok(None),
        Probe::NeedsUser => {}
    }
    for stored in candidates(map, key) {
        if keys_equal(&stored.value, &key.value)? {
            return Ok(position_of(map, &stored)
                .and_then(|i| map.get_index(i))
                .map(|(_, v)| v.clone()));
        }
    }
    Ok(None)
}
