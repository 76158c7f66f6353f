//! A dict's operations by key, where comparing keys can run a user `__eq__` whose
//! exception CPython propagates.
//!
//! Lookups probe the `IndexMap` through a raw entry with [`Key::matches`]: the first
//! exception stops the probe (as CPython's `lookdict` returns at once) and is the result.
//! Insertions use the map's own single-probe `insert_full`, which compares through `Key`'s
//! `PartialEq`; that keeps an exception here, and [`insert`] takes it afterwards and undoes
//! the insertion. Operations whose keys may be any value use these functions; code that
//! builds a dict of its own strings may use the map's methods directly.

use std::cell::Cell;
use std::hash::BuildHasher;

use indexmap::map::raw_entry_v1::RawEntryApiV1;
use indexmap::map::Entry;

use crate::object::{Exc, PyResult};
use crate::value::{DictMap, Key, Value};

thread_local! {
    /// The first exception a comparison raised inside one of the map's own operations.
    static KEPT: Cell<Option<Exc>> = const { Cell::new(None) };
}

/// Keeps `e` unless an earlier exception is kept (called from `Key`'s `PartialEq`).
pub fn keep_error(e: Exc) {
    KEPT.with(|k| {
        let earlier = k.take();
        k.set(Some(earlier.unwrap_or(e)));
    });
}

/// Whether a comparison of the operation under way raised already.
pub fn error_kept() -> bool {
    KEPT.with(|k| {
        let e = k.take();
        let kept = e.is_some();
        k.set(e);
        kept
    })
}

fn take_error() -> Option<Exc> {
    KEPT.with(Cell::take)
}

/// The position of `key` in the dict's order.
pub fn find(map: &DictMap, key: &Key) -> PyResult<Option<usize>> {
    let mut error = None;
    let hash = map.hasher().hash_one(key);
    let found = map.raw_entry_v1().index_from_hash(hash, |stored| {
        // After an exception every other entry counts as different: no more `__eq__` runs.
        error.is_none()
            && stored.matches(key).unwrap_or_else(|e| {
                error = Some(e);
                false
            })
    });
    match error {
        Some(e) => Err(e),
        None => Ok(found),
    }
}

/// `d[key]` when present.
pub fn get<'m>(map: &'m DictMap, key: &Key) -> PyResult<Option<&'m Value>> {
    Ok(find(map, key)?
        .and_then(|i| map.get_index(i))
        .map(|(_, v)| v))
}

pub fn contains(map: &DictMap, key: &Key) -> PyResult<bool> {
    Ok(find(map, key)?.is_some())
}

/// `d[key] = value`: a present key keeps its place (and the stored key object, as in
/// CPython); a new one goes last. After an exception the dict is as it was.
pub fn insert(map: &mut DictMap, key: Key, value: Value) -> PyResult<()> {
    let (i, old) = map.insert_full(key, value);
    if let Some(e) = take_error() {
        match old {
            Some(old) => map[i] = old,
            None => {
                map.pop();
            }
        }
        return Err(e);
    }
    Ok(())
}

/// `d.setdefault(key, default)`: the value present, or `default` after adding it.
pub fn get_or_insert(map: &mut DictMap, key: Key, default: Value) -> PyResult<Value> {
    let entry = map.entry(key);
    if let Some(e) = take_error() {
        return Err(e);
    }
    Ok(match entry {
        Entry::Occupied(o) => o.get().clone(),
        Entry::Vacant(v) => v.insert(default).clone(),
    })
}

/// `del d[key]` / `d.pop(key)`: the removed value, the later entries moving up.
pub fn remove(map: &mut DictMap, key: &Key) -> PyResult<Option<Value>> {
    Ok(find(map, key)?
        .and_then(|i| map.shift_remove_index(i))
        .map(|(_, v)| v))
}
