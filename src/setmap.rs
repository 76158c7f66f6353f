//! The table behind `set` and `frozenset`: CPython 3.11's `setobject.c` open addressing
//! (linear probes, then perturbed jumps; dummies on removal; the same growth rule), so that
//! a set iterates, prints and pops in exactly the order CPython's does.
//!
//! Part of the value layer: `value.rs` stores a `SetMap` in every set, and the set
//! operations of `builtins/methods_set.rs` and `interp/ops.rs` are built from the primitives
//! here, each following the CPython function of the same name.

use crate::value::Key;

const MIN_SIZE: usize = 8;
const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;

#[derive(Clone)]
enum Slot {
    Empty,
    Dummy,
    Full(Key),
}

/// A set's hash table; iteration goes by slot, as CPython's does.
#[derive(Clone)]
pub struct SetMap {
    table: Vec<Slot>,
    /// Full and dummy slots.
    fill: usize,
    /// Full slots.
    used: usize,
    /// Where `pop` looks first.
    finger: usize,
}

impl Default for SetMap {
    fn default() -> SetMap {
        SetMap {
            table: vec![Slot::Empty; MIN_SIZE],
            fill: 0,
            used: 0,
            finger: 0,
        }
    }
}

impl FromIterator<Key> for SetMap {
    fn from_iter<I: IntoIterator<Item = Key>>(iter: I) -> SetMap {
        let mut set = SetMap::default();
        for k in iter {
            set.insert(k);
        }
        set
    }
}

impl SetMap {
    fn mask(&self) -> usize {
        self.table.len() - 1
    }

    pub fn len(&self) -> usize {
        self.used
    }

    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    /// The elements in table order.
    pub fn iter(&self) -> impl Iterator<Item = &Key> + '_ {
        self.table.iter().filter_map(|s| match s {
            Slot::Full(k) => Some(k),
            _ => None,
        })
    }

    /// The first element at or after slot `pos`, and the slot after it (for iterators).
    pub fn next_from(&self, pos: usize) -> Option<(&Key, usize)> {
        self.table
            .iter()
            .enumerate()
            .skip(pos)
            .find_map(|(i, s)| match s {
                Slot::Full(k) => Some((k, i + 1)),
                _ => None,
            })
    }

    /// The slot holding `key`, following `set_contains_entry`'s probe sequence.
    fn find(&self, key: &Key) -> Option<usize> {
        let mask = self.mask();
        let mut perturb = key.hash as u64;
        let mut i = (key.hash as u64 as usize) & mask;
        loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            for j in i..=i + probes {
                match &self.table[j] {
                    Slot::Empty => return None,
                    Slot::Full(k) if k == key => return Some(j),
                    _ => {}
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }

    pub fn contains(&self, key: &Key) -> bool {
        self.find(key).is_some()
    }

    /// `set_add_entry`: adds `key` unless present; false if it was there.
    pub fn insert(&mut self, key: Key) -> bool {
        let mask = self.mask();
        let mut perturb = key.hash as u64;
        let mut i = (key.hash as u64 as usize) & mask;
        let mut freeslot: Option<usize> = None;
        let empty = loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            let mut found = None;
            for j in i..=i + probes {
                match &self.table[j] {
                    Slot::Empty => {
                        found = Some(j);
                        break;
                    }
                    Slot::Full(k) if *k == key => return false,
                    // CPython 3.11 reuses the last dummy on the probe path.
                    Slot::Dummy => freeslot = Some(j),
                    Slot::Full(_) => {}
                }
            }
            if let Some(j) = found {
                break j;
            }
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        };
        self.used += 1;
        if let Some(f) = freeslot {
            self.table[f] = Slot::Full(key);
            return true;
        }
        self.fill += 1;
        self.table[empty] = Slot::Full(key);
        if self.fill * 5 >= mask * 3 {
            let minused = if self.used > 50000 {
                self.used * 2
            } else {
                self.used * 4
            };
            self.resize(minused);
        }
        true
    }

    /// `set_discard_entry`: true if `key` was there.
    pub fn remove(&mut self, key: &Key) -> bool {
        match self.find(key) {
            Some(j) => {
                self.table[j] = Slot::Dummy;
                self.used -= 1;
                true
            }
            None => false,
        }
    }

    /// `set.pop()`: the first element from the finger on.
    pub fn pop(&mut self) -> Option<Key> {
        if self.used == 0 {
            return None;
        }
        let mask = self.mask();
        let mut j = self.finger & mask;
        while !matches!(self.table[j], Slot::Full(_)) {
            j = if j == mask { 0 } else { j + 1 };
        }
        let Slot::Full(k) = std::mem::replace(&mut self.table[j], Slot::Dummy) else {
            return None;
        };
        self.used -= 1;
        self.finger = j + 1;
        Some(k)
    }

    pub fn clear(&mut self) {
        self.table = vec![Slot::Empty; MIN_SIZE];
        self.fill = 0;
        self.used = 0;
    }

    /// `set_table_resize`: a table of the first power of two above `minused`, refilled
    /// in slot order without dummies.
    fn resize(&mut self, minused: usize) {
        let mut size = MIN_SIZE;
        while size <= minused {
            size <<= 1;
        }
        let old = std::mem::replace(&mut self.table, vec![Slot::Empty; size]);
        self.fill = self.used;
        for slot in old {
            if let Slot::Full(k) = slot {
                self.insert_clean(k);
            }
        }
    }

    /// `set_insert_clean`: into a table known to hold neither `key` nor dummies.
    fn insert_clean(&mut self, key: Key) {
        let mask = self.mask();
        let mut perturb = key.hash as u64;
        let mut i = (key.hash as u64 as usize) & mask;
        loop {
            if matches!(self.table[i], Slot::Empty) {
                self.table[i] = Slot::Full(key);
                return;
            }
            if i + LINEAR_PROBES <= mask {
                for j in i + 1..=i + LINEAR_PROBES {
                    if matches!(self.table[j], Slot::Empty) {
                        self.table[j] = Slot::Full(key);
                        return;
                    }
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }

    /// `set_merge`: adds every element of `other`.
    pub fn merge(&mut self, other: &SetMap) {
        if other.used == 0 {
            return;
        }
        if (self.fill + other.used) * 5 >= self.mask() * 3 {
            self.resize((self.used + other.used) * 2);
        }
        if self.fill == 0 && self.mask() == other.mask() && other.fill == other.used {
            self.table = other.table.clone();
            self.fill = other.fill;
            self.used = other.used;
            return;
        }
        if self.fill == 0 {
            self.fill = other.used;
            self.used = other.used;
            for k in other.iter() {
                self.insert_clean(k.clone());
            }
            return;
        }
        for k in other.iter() {
            self.insert(k.clone());
        }
    }

    /// `set_copy`: a new set merged from this one.
    pub fn copy(&self) -> SetMap {
        let mut s = SetMap::default();
        s.merge(self);
        s
    }

    /// After removals: CPython shrinks away the dummies when they are over a quarter.
    pub fn compact(&mut self) {
        if self.fill - self.used > self.mask() / 4 {
            let minused = if self.used > 50000 {
                self.used * 2
            } else {
                self.used * 4
            };
            self.resize(minused);
        }
    }

    /// CPython's `frozenset_hash`.
    pub fn frozen_hash(&self) -> i64 {
        fn shuffle(h: u64) -> u64 {
            ((h ^ 89869747) ^ (h << 16)).wrapping_mul(3644798167)
        }
        let mut hash: u64 = 0;
        for k in self.iter() {
            hash ^= shuffle(k.hash as u64);
        }
        hash ^= (self.used as u64 + 1).wrapping_mul(1927868237);
        hash ^= (hash >> 11) ^ (hash >> 25);
        hash = hash.wrapping_mul(69069).wrapping_add(907133923);
        if hash == u64::MAX {
            return 590923713;
        }
        hash as i64
    }
}

/// `a | b` (`set_or`): a copy of `a` merged with `b`.
pub fn union(a: &SetMap, b: &SetMap) -> SetMap {
    let mut r = a.copy();
    r.merge(b);
    r
}

/// `a & b` (`set_intersection`): the smaller set's elements, in its order, that the other holds.
pub fn intersection(a: &SetMap, b: &SetMap) -> SetMap {
    let (big, small) = if b.len() > a.len() { (b, a) } else { (a, b) };
    small.iter().filter(|k| big.contains(k)).cloned().collect()
}

/// `a & iterable`: the iterable's elements, in order, that `a` holds.
pub fn intersection_keys(a: &SetMap, keys: &[Key]) -> SetMap {
    keys.iter().filter(|k| a.contains(k)).cloned().collect()
}

/// `a - b` (`set_difference`).
pub fn difference(a: &SetMap, b: &SetMap) -> SetMap {
    if (a.len() >> 2) > b.len() {
        let mut r = a.copy();
        difference_update(&mut r, b);
        return r;
    }
    a.iter().filter(|k| !b.contains(k)).cloned().collect()
}

/// `a.difference(iterable)` for a non-set: a copy with each element discarded.
pub fn difference_keys(a: &SetMap, keys: &[Key]) -> SetMap {
    let mut r = a.copy();
    for k in keys {
        r.remove(k);
    }
    r.compact();
    r
}

/// `a -= b` (`set_difference_update_internal`).
pub fn difference_update(a: &mut SetMap, b: &SetMap) {
    let keys: Vec<Key> = if (b.len() >> 3) > a.len() {
        intersection(a, b).iter().cloned().collect()
    } else {
        b.iter().cloned().collect()
    };
    for k in &keys {
        a.remove(k);
    }
    a.compact();
}

/// `a ^= b` (`set_symmetric_difference_update`).
pub fn symmetric_difference_update(a: &mut SetMap, b: &SetMap) {
    for k in b.iter() {
        if !a.remove(k) {
            a.insert(k.clone());
        }
    }
}

/// `a ^ b` (`set_symmetric_difference`): a copy of `b` updated with `a`.
pub fn symmetric_difference(a: &SetMap, b: &SetMap) -> SetMap {
    let mut r = b.copy();
    symmetric_difference_update(&mut r, a);
    r
}
