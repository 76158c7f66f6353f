//! A dict's lookups by key, where comparing keys can run a user `__eq__`.
//!
//! `DictMap` is an `IndexMap`, whose own `get`/`insert`/`remove` compare keys through
//! `Key`'s `PartialEq` and cannot fail. The functions here compare through
//! [`Key::matches`] instead: the first exception stops the probe (as CPython's
//! `lookdict` returns at once) and becomes the operation's result, and an insertion that
//! failed adds nothing. Operations whose keys may be any value use these; code that builds
//! a dict of its own strings may use the map's methods directly.

use indexmap::map::raw_entry_v1::{RawEntryApiV1, RawEntryMut};

use std::hash::BuildHasher;

use crate::object::{Exc, PyResult};
use crate::value::{DictMap, Key, Value};

/// The comparison a probe makes with a stored key; after an exception every other entry
/// counts as different, so no further `__eq__` runs.
fn compare(error: &mut Option<Exc>, stored: &Key, key: &Key) -> bool {
    if error.is_some() {
        return false;
    }
    stored.matches(key).unwrap_or_else(|e| {
        *error = Some(e);
        false
    })
}

/// The position of `key` in the dict's order.
pub fn find(map: &DictMap, key: &Key) -> PyResult<Option<usize>> {
    let mut error = None;
    let hash = map.hasher().hash_one(key);
    let found = map
        .raw_entry_v1()
        .index_from_hash(hash, |k| compare(&mut error, k, key));
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
/// CPython); a new one goes last.
pub fn insert(map: &mut DictMap, key: Key, value: Value) -> PyResult<()> {
    let mut error = None;
    let hash = map.hasher().hash_one(&key);
    match map
        .raw_entry_mut_v1()
        .from_hash(hash, |k| compare(&mut error, k, &key))
    {
        RawEntryMut::Occupied(mut entry) => {
            entry.insert(value);
        }
        RawEntryMut::Vacant(entry) => {
            if let Some(e) = error {
                return Err(e);
            }
            entry.insert_hashed_nocheck(hash, key, value);
        }
    }
    Ok(())
}

/// `d.setdefault(key, default)`: the value present, or `default` after adding it.
pub fn get_or_insert(map: &mut DictMap, key: Key, default: Value) -> PyResult<Value> {
    let mut error = None;
    let hash = map.hasher().hash_one(&key);
    match map
        .raw_entry_mut_v1()
        .from_hash(hash, |k| compare(&mut error, k, &key))
    {
        RawEntryMut::Occupied(entry) => Ok(entry.get().clone()),
        RawEntryMut::Vacant(entry) => {
            if let Some(e) = error {
                return Err(e);
            }
            entry.insert_hashed_nocheck(hash, key, default.clone());
            Ok(default)
        }
    }
}

/// `del d[key]` / `d.pop(key)`: the removed value, the later entries moving up.
pub fn remove(map: &mut DictMap, key: &Key) -> PyResult<Option<Value>> {
    Ok(find(map, key)?
        .and_then(|i| map.shift_remove_index(i))
        .map(|(_, v)| v))
}
