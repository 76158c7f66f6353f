//! A dict's operations by key, where comparing keys can run a user `__eq__` whose
//! exception CPython propagates, and which may itself look at or change the dict.
//!
//! No user code runs while the dict's `RefCell` is borrowed. A lookup first probes the
//! `IndexMap` under a borrow comparing only what needs no user code (strings, numbers,
//! tuples of them, the same object): the common case is decided there in one probe. When a
//! stored key of an equal hash needs a user `__eq__`, the lookup takes the candidates of
//! that hash, releases the borrow, and compares them in probe order; after each user
//! comparison it looks again, and starts over when the compared key is no longer in the
//! dict (CPython's `lookdict` restarts when the entry it compared changed).
//!
//! The functions taking a `RefCell` are for dicts user code can reach; the `_local` ones
//! are for a map being built that no user code can see (a display, a comprehension).

use std::cell::{Cell, RefCell};
use std::hash::BuildHasher;

use indexmap::map::raw_entry_v1::{RawEntryApiV1, RawEntryMut};

use crate::object::PyResult;
use crate::value::{identity, keys_equal, keys_equal_pure, DictMap, Key, Value};

thread_local! {
    /// Whether `Key`'s `PartialEq` met a comparison only a user `__eq__` could decide.
    static UNDECIDED: Cell<bool> = const { Cell::new(false) };
}

/// Called by `Key`'s `PartialEq` (which runs no user code) for such a comparison.
pub fn note_undecided() {
    UNDECIDED.with(|u| u.set(true));
}

fn take_undecided() -> bool {
    UNDECIDED.with(|u| u.replace(false))
}

/// The result of a probe that runs no user code.
enum Probe {
    Found(usize),
    Absent,
    /// A stored key of an equal hash needs a user `__eq__`.
    NeedsUser,
}

fn probe_pure(map: &DictMap, key: &Key) -> Probe {
    let hash = map.hasher().hash_one(key);
    let mut deferred = false;
    let found = map.raw_entry_v1().index_from_hash(hash, |stored| {
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
    let hash = map.hasher().hash_one(key);
    let mut found = Vec::new();
    map.raw_entry_v1().index_from_hash(hash, |stored| {
        if stored.hash == key.hash {
            found.push(stored.clone());
        }
        false
    });
    found
}

/// Where the very key object `stored` is now.
fn position_of(map: &DictMap, stored: &Key) -> Option<usize> {
    let hash = map.hasher().hash_one(stored);
    map.raw_entry_v1()
        .index_from_hash(hash, |k| identity(&k.value, &stored.value))
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

/// The entry at `position`, copied out so that no borrow is held while user code (a key's
/// `__eq__`, a value's `__repr__`) runs: walks that must see the dict change as they go
/// (CPython's `dict_merge`, `dict_equal`, `dict_repr`) read one position at a time.
pub fn entry_at(cell: &RefCell<DictMap>, position: usize) -> Option<(Key, Value)> {
    let map = cell.borrow();
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

/// `insert` in one probe of the map's own `insert_full` when no comparison needs user code;
/// otherwise the map is left as it was and the pair is given back.
fn insert_fast(map: &mut DictMap, key: Key, value: Value) -> Result<(), (Key, Value)> {
    let (i, old) = map.insert_full(key, value);
    if !take_undecided() {
        return Ok(());
    }
    match old {
        None => map.pop().map_or(Ok(()), Err),
        Some(old) => {
            let new = std::mem::replace(&mut map[i], old);
            let key = map.get_index(i).map(|(k, _)| k.clone());
            key.map_or(Ok(()), |k| Err((k, new)))
        }
    }
}

/// Appends `key`, known not to be in the map, without comparing.
fn push_new(map: &mut DictMap, key: Key, value: Value) {
    let hash = map.hasher().hash_one(&key);
    if let RawEntryMut::Vacant(v) = map.raw_entry_mut_v1().from_hash(hash, |_| false) {
        v.insert_hashed_nocheck(hash, key, value);
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
        None => push_new(&mut cell.borrow_mut(), key, value),
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
    push_new(&mut cell.borrow_mut(), key, default.clone());
    Ok(default)
}

/// `del d[key]` / `d.pop(key)`: the removed value, the later entries moving up.
pub fn remove(cell: &RefCell<DictMap>, key: &Key) -> PyResult<Option<Value>> {
    {
        let mut map = cell.borrow_mut();
        match probe_pure(&map, key) {
            Probe::Found(i) => return Ok(map.shift_remove_index(i).map(|(_, v)| v)),
            Probe::Absent => return Ok(None),
            Probe::NeedsUser => {}
        }
    }
    Ok(find_slow(cell, key)?
        .and_then(|i| cell.borrow_mut().shift_remove_index(i))
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
