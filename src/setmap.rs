//! The table behind `set` and `frozenset`: CPython 3.11's `setobject.c` open addressing
//! (linear probes, then perturbed jumps; dummies on removal; the same growth rule), so that
//! a set iterates, prints and pops in exactly the order CPython's does.
//!
//! Part of the value layer: `value.rs` stores a `SetMap` in every set, and the set
//! operations of `builtins/methods_set.rs` and `interp/ops.rs` are built from the primitives
//! here, each following the CPython function of the same name.
//!
//! Comparing two elements can run a user `__eq__`, so every operation that compares
//! returns a `PyResult`: its exception stops the operation where CPython's stops.

use std::cell::RefCell;

use crate::object::PyResult;
use crate::value::{identity, keys_equal, keys_equal_pure, Key, Value};

const MIN_SIZE: usize = 8;
const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;

/// The slots `set_lookkey`, `set_add_entry` and `set_insert_clean` visit for `hash` in a
/// table of `mask + 1` slots, in order: a slot and its [`LINEAR_PROBES`] neighbours after
/// it (when they fit), then a perturbed jump to the next such run. Endless: a table always
/// has an empty slot, where every probe stops.
struct ProbeSequence {
    mask: usize,
    perturb: u64,
    /// The first slot of the current run, the next slot to visit and the run's last.
    start: usize,
    next: usize,
    last: usize,
}

impl ProbeSequence {
    fn new(hash: i64, mask: usize) -> ProbeSequence {
        let start = (hash as u64 as usize) & mask;
        ProbeSequence {
            mask,
            perturb: hash as u64,
            start,
            next: start,
            last: run_end(start, mask),
        }
    }
}

/// The last slot of the run of neighbours that starts at `start`.
fn run_end(start: usize, mask: usize) -> usize {
    if start + LINEAR_PROBES <= mask {
        start + LINEAR_PROBES
    } else {
        start
    }
}

impl ProbeSequence {
    #[inline]
    fn next_slot(&mut self) -> usize {
        if self.next > self.last {
            self.perturb >>= PERTURB_SHIFT;
            self.start = (self
                .start
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(self.perturb as usize))
                & self.mask;
            self.next = self.start;
            self.last = run_end(self.start, self.mask);
        }
        let slot = self.next;
        self.next += 1;
        slot
    }
}

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
    /// Whether an element was ever added whose comparison may run user code (an instance,
    /// or a tuple or frozenset holding one): sticky until `clear`.
    impure: bool,
}

/// Where a probe for a key ended.
enum Probe {
    Found(usize),
    /// Not there: it would go in the last dummy slot on the path, else the empty one.
    Absent {
        free: Option<usize>,
        empty: usize,
    },
}

/// Whether comparing `v` with any value never runs user code.
fn is_plain(v: &Value) -> bool {
    match v {
        Value::Instance(_) => false,
        Value::Tuple(t) => t.iter().all(is_plain),
        Value::Set(s) => s.set.try_borrow().is_ok_and(|s| !s.impure),
        _ => true,
    }
}

impl Default for SetMap {
    fn default() -> SetMap {
        SetMap {
            table: vec![Slot::Empty; MIN_SIZE],
            fill: 0,
            used: 0,
            finger: 0,
            impure: false,
        }
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

    /// Whether comparing an element with another value may run user code.
    pub fn may_run_code(&self) -> bool {
        self.impure
    }

    /// The probe sequence of `set_lookkey` / `set_add_entry`, comparing elements of an
    /// equal hash with `eq` (whose error stops the probe).
    fn probe<E>(&self, key: &Key, mut eq: impl FnMut(&Key) -> Result<bool, E>) -> Result<Probe, E> {
        let mut slots = ProbeSequence::new(key.hash, self.mask());
        let mut free = None;
        loop {
            let j = slots.next_slot();
            match &self.table[j] {
                Slot::Empty => return Ok(Probe::Absent { free, empty: j }),
                Slot::Full(k) if k.hash == key.hash && eq(k)? => return Ok(Probe::Found(j)),
                // CPython 3.11 reuses the last dummy on the probe path.
                Slot::Dummy => free = Some(j),
                Slot::Full(_) => {}
            }
        }
    }

    /// A probe that runs no user code: `Err(())` when a user `__eq__` would have to decide.
    fn probe_pure(&self, key: &Key) -> Result<Probe, ()> {
        self.probe(key, |k| keys_equal_pure(&k.value, &key.value).ok_or(()))
    }

    /// The slot holding `key`, following `set_contains_entry`'s probe sequence. For a table
    /// no user code can reach (a shared set goes through [`shared_contains`] and friends).
    fn find(&self, key: &Key) -> PyResult<Option<usize>> {
        Ok(
            match self.probe(key, |k| keys_equal(&k.value, &key.value))? {
                Probe::Found(j) => Some(j),
                Probe::Absent { .. } => None,
            },
        )
    }

    pub fn contains(&self, key: &Key) -> PyResult<bool> {
        Ok(self.find(key)?.is_some())
    }

    /// Whether every element of `other` is in this set.
    pub fn is_superset(&self, other: &SetMap) -> PyResult<bool> {
        for k in other.iter() {
            if !self.contains(k)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// `set_issuperset` of two sets: no larger than this one, and every element in it.
    pub fn is_superset_sized(&self, other: &SetMap) -> PyResult<bool> {
        Ok(other.len() <= self.len() && self.is_superset(other)?)
    }

    /// `set_add_entry`: adds `key` unless present; false if it was there.
    pub fn insert(&mut self, key: Key) -> PyResult<bool> {
        match self.probe(&key, |k| keys_equal(&k.value, &key.value))? {
            Probe::Found(_) => Ok(false),
            Probe::Absent { free, empty } => {
                self.place(key, free, empty);
                Ok(true)
            }
        }
    }

    /// The end of `set_add_entry`: `key` into the dummy slot `free` when there is one,
    /// else the empty slot `empty`, growing the table as CPython does.
    fn place(&mut self, key: Key, free: Option<usize>, empty: usize) {
        if !self.impure && !is_plain(&key.value) {
            self.impure = true;
        }
        self.used += 1;
        if let Some(f) = free {
            self.table[f] = Slot::Full(key);
            return;
        }
        self.fill += 1;
        self.table[empty] = Slot::Full(key);
        let mask = self.mask();
        if self.fill * 5 >= mask * 3 {
            let minused = if self.used > 50000 {
                self.used * 2
            } else {
                self.used * 4
            };
            self.resize(minused);
        }
    }

    /// `set_discard_entry`: true if `key` was there.
    pub fn remove(&mut self, key: &Key) -> PyResult<bool> {
        Ok(match self.find(key)? {
            Some(j) => {
                self.table[j] = Slot::Dummy;
                self.used -= 1;
                true
            }
            None => false,
        })
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
        self.impure = false;
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
        let mut slots = ProbeSequence::new(key.hash, self.mask());
        loop {
            let j = slots.next_slot();
            if matches!(self.table[j], Slot::Empty) {
                self.table[j] = Slot::Full(key);
                return;
            }
        }
    }

    /// `set_merge`: adds every element of `other`.
    pub fn merge(&mut self, other: &SetMap) -> PyResult<()> {
        if self.merge_without_comparing(other) {
            return Ok(());
        }
        for k in other.iter() {
            self.insert(k.clone())?;
        }
        Ok(())
    }

    /// The part of `set_merge` that needs no comparison: true when it merged all of `other`
    /// (it was empty, or this set was).
    fn merge_without_comparing(&mut self, other: &SetMap) -> bool {
        if other.used == 0 {
            return true;
        }
        self.impure |= other.impure;
        if (self.fill + other.used) * 5 >= self.mask() * 3 {
            self.resize((self.used + other.used) * 2);
        }
        if self.fill == 0 && self.mask() == other.mask() && other.fill == other.used {
            self.table = other.table.clone();
            self.fill = other.fill;
            self.used = other.used;
            return true;
        }
        if self.fill == 0 {
            self.fill = other.used;
            self.used = other.used;
            for k in other.iter() {
                self.insert_clean(k.clone());
            }
            return true;
        }
        false
    }

    /// `set_copy`: a new set merged from this one.
    pub fn copy(&self) -> SetMap {
        let mut s = SetMap::default();
        s.merge_without_comparing(self);
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
pub fn union(a: &SetMap, b: &SetMap) -> PyResult<SetMap> {
    let mut r = a.copy();
    r.merge(b)?;
    Ok(r)
}

/// `a & b` (`set_intersection`): the smaller set's elements, in its order, that the other holds.
pub fn intersection(a: &SetMap, b: &SetMap) -> PyResult<SetMap> {
    let (big, small) = if b.len() > a.len() { (b, a) } else { (a, b) };
    intersection_keys(big, small.iter())
}

/// `a & iterable`: the iterable's elements, in order, that `a` holds.
pub fn intersection_keys<'k>(
    a: &SetMap,
    keys: impl IntoIterator<Item = &'k Key>,
) -> PyResult<SetMap> {
    let mut r = SetMap::default();
    for k in keys {
        if a.contains(k)? {
            r.insert(k.clone())?;
        }
    }
    Ok(r)
}

/// `a - b` (`set_difference`).
pub fn difference(a: &SetMap, b: &SetMap) -> PyResult<SetMap> {
    if (a.len() >> 2) > b.len() {
        let mut r = a.copy();
        difference_update(&mut r, b)?;
        return Ok(r);
    }
    let mut r = SetMap::default();
    for k in a.iter() {
        if !b.contains(k)? {
            r.insert(k.clone())?;
        }
    }
    Ok(r)
}

/// `a.difference(iterable)` for a non-set: a copy with each element discarded.
pub fn difference_keys(a: &SetMap, keys: &[Key]) -> PyResult<SetMap> {
    let mut r = a.copy();
    for k in keys {
        r.remove(k)?;
    }
    r.compact();
    Ok(r)
}

/// `a -= b` (`set_difference_update_internal`).
pub fn difference_update(a: &mut SetMap, b: &SetMap) -> PyResult<()> {
    let keys: Vec<Key> = if (b.len() >> 3) > a.len() {
        intersection(a, b)?.iter().cloned().collect()
    } else {
        b.iter().cloned().collect()
    };
    for k in &keys {
        a.remove(k)?;
    }
    a.compact();
    Ok(())
}

/// `a ^= b` (`set_symmetric_difference_update`).
pub fn symmetric_difference_update(a: &mut SetMap, b: &SetMap) -> PyResult<()> {
    for k in b.iter() {
        if !a.remove(k)? {
            a.insert(k.clone())?;
        }
    }
    Ok(())
}

/// `a ^ b` (`set_symmetric_difference`): a copy of `b` updated with `a`.
pub fn symmetric_difference(a: &SetMap, b: &SetMap) -> PyResult<SetMap> {
    let mut r = b.copy();
    symmetric_difference_update(&mut r, a)?;
    Ok(r)
}

/// A shared set's `set_lookkey`, run without holding a borrow while a user `__eq__` runs:
/// after one, as in CPython, the probe starts again when the table was replaced or the
/// compared element is no longer in its slot. For `set_add_entry` (`adding`) an equal
/// element is found before that check, as there.
fn shared_probe(cell: &RefCell<SetMap>, key: &Key, adding: bool) -> PyResult<Probe> {
    if let Ok(p) = cell.borrow().probe_pure(key) {
        return Ok(p);
    }
    'restart: loop {
        let (table, mask) = {
            let s = cell.borrow();
            ((s.table.as_ptr(), s.table.len()), s.mask())
        };
        let same_table = |s: &SetMap| (s.table.as_ptr(), s.table.len()) == table;
        let mut slots = ProbeSequence::new(key.hash, mask);
        let mut free = None;
        loop {
            let j = slots.next_slot();
            let stored = {
                let s = cell.borrow();
                if !same_table(&s) {
                    continue 'restart;
                }
                match &s.table[j] {
                    Slot::Empty => return Ok(Probe::Absent { free, empty: j }),
                    Slot::Dummy => {
                        free = Some(j);
                        continue;
                    }
                    Slot::Full(k) if k.hash == key.hash => k.clone(),
                    Slot::Full(_) => continue,
                }
            };
            let equal = match keys_equal_pure(&stored.value, &key.value) {
                Some(equal) => equal,
                None => {
                    let equal = keys_equal(&stored.value, &key.value)?;
                    if equal && adding {
                        return Ok(Probe::Found(j));
                    }
                    let s = cell.borrow();
                    let unchanged = same_table(&s)
                        && matches!(&s.table[j], Slot::Full(k) if identity(&k.value, &stored.value));
                    if !unchanged {
                        continue 'restart;
                    }
                    equal
                }
            };
            if equal {
                return Ok(Probe::Found(j));
            }
        }
    }
}

/// `key in s` for a set user code can reach.
pub fn shared_contains(cell: &RefCell<SetMap>, key: &Key) -> PyResult<bool> {
    Ok(matches!(shared_probe(cell, key, false)?, Probe::Found(_)))
}

/// `s.add(key)` for a set user code can reach: false if it was there.
pub fn shared_insert(cell: &RefCell<SetMap>, key: Key) -> PyResult<bool> {
    {
        let mut s = cell.borrow_mut();
        if let Ok(p) = s.probe_pure(&key) {
            return Ok(match p {
                Probe::Found(_) => false,
                Probe::Absent { free, empty } => {
                    s.place(key, free, empty);
                    true
                }
            });
        }
    }
    loop {
        match shared_probe(cell, &key, true)? {
            Probe::Found(_) => return Ok(false),
            Probe::Absent { free, empty } => {
                let mut s = cell.borrow_mut();
                // A user `__eq__` may have filled the dummy slot passed on the way.
                let free_ok = free.is_none_or(|f| matches!(s.table.get(f), Some(Slot::Dummy)));
                if free_ok && matches!(s.table.get(empty), Some(Slot::Empty)) {
                    s.place(key, free, empty);
                    return Ok(true);
                }
            }
        }
    }
}

/// `s.discard(key)` for a set user code can reach: true if it was there.
pub fn shared_remove(cell: &RefCell<SetMap>, key: &Key) -> PyResult<bool> {
    let found = {
        let s = cell.borrow();
        s.probe_pure(key)
    };
    let j = match found {
        Ok(Probe::Found(j)) => j,
        Ok(Probe::Absent { .. }) => return Ok(false),
        Err(()) => match shared_probe(cell, key, false)? {
            Probe::Found(j) => j,
            Probe::Absent { .. } => return Ok(false),
        },
    };
    let mut s = cell.borrow_mut();
    s.table[j] = Slot::Dummy;
    s.used -= 1;
    Ok(true)
}

/// `set_issubset` of two shared sets: `so`'s elements read one by one from its live table
/// (a user `__eq__` may add to it), each looked up in `other`.
pub fn shared_is_subset(so: &RefCell<SetMap>, other: &RefCell<SetMap>) -> PyResult<bool> {
    if so.borrow().len() > other.borrow().len() {
        return Ok(false);
    }
    {
        let (x, y) = (so.borrow(), other.borrow());
        if !x.impure && !y.impure {
            return y.is_superset(&x);
        }
    }
    let mut subset = true;
    each_live(so, |k| {
        subset = shared_contains(other, &k)?;
        Ok(subset)
    })?;
    Ok(subset)
}

/// Calls `f` with each element of the set as `set_next` reads them, from the live table
/// (which `f` may change), until `f` says to stop.
fn each_live(cell: &RefCell<SetMap>, mut f: impl FnMut(Key) -> PyResult<bool>) -> PyResult<()> {
    let mut pos = 0;
    loop {
        let next = cell.borrow().next_from(pos).map(|(k, p)| (k.clone(), p));
        let Some((k, p)) = next else {
            return Ok(());
        };
        pos = p;
        if !f(k)? {
            return Ok(());
        }
    }
}

/// `so - other` (`set_difference`) of shared sets, `so` read live as CPython does.
pub fn shared_difference(so: &RefCell<SetMap>, other: &RefCell<SetMap>) -> PyResult<SetMap> {
    let (x, y) = (so.borrow().len(), other.borrow().len());
    if (x >> 2) > y || !(so.borrow().impure || other.borrow().impure) {
        return read2(so, other, difference);
    }
    let mut r = SetMap::default();
    each_live(so, |k| {
        if !shared_contains(other, &k)? {
            r.insert(k)?;
        }
        Ok(true)
    })?;
    Ok(r)
}

/// `so ^ other` (`set_symmetric_difference`): a copy of `other` updated with `so`, read live.
pub fn shared_symmetric_difference(
    so: &RefCell<SetMap>,
    other: &RefCell<SetMap>,
) -> PyResult<SetMap> {
    if !(so.borrow().impure || other.borrow().impure) {
        return read2(so, other, symmetric_difference);
    }
    let mut r = other.borrow().copy();
    each_live(so, |k| {
        if !r.remove(&k)? {
            r.insert(k)?;
        }
        Ok(true)
    })?;
    Ok(r)
}

/// `set_difference_update_internal` of a shared set: each key discarded from the live set,
/// the dummies resized away afterwards.
pub fn shared_difference_update(cell: &RefCell<SetMap>, keys: &[Key]) -> PyResult<()> {
    for k in keys {
        shared_remove(cell, k)?;
    }
    cell.borrow_mut().compact();
    Ok(())
}

/// Runs `f` on the set, or on a copy of it when comparing its elements may run user code
/// (which could change the set while `f` looks at it).
pub fn read<R>(cell: &RefCell<SetMap>, f: impl FnOnce(&SetMap) -> R) -> R {
    let s = cell.borrow();
    if !s.impure {
        return f(&s);
    }
    let copy = s.clone();
    drop(s);
    f(&copy)
}

/// [`read`] for an operation comparing the set's elements with `keys`.
pub fn read_with<R>(cell: &RefCell<SetMap>, keys: &[Key], f: impl FnOnce(&SetMap) -> R) -> R {
    if keys.iter().all(|k| is_plain(&k.value)) {
        return read(cell, f);
    }
    let copy = cell.borrow().clone();
    f(&copy)
}

/// [`read`] of two sets: copies of both when either may run user code.
pub fn read2<R>(
    a: &RefCell<SetMap>,
    b: &RefCell<SetMap>,
    f: impl FnOnce(&SetMap, &SetMap) -> R,
) -> R {
    {
        let (x, y) = (a.borrow(), b.borrow());
        if !x.impure && !y.impure {
            return f(&x, &y);
        }
    }
    let (x, y) = (a.borrow().clone(), b.borrow().clone());
    f(&x, &y)
}
