//! The attributes of an instance: a vector of names and values in insertion order, as a
//! dict keeps them, searched in place while it is short and through a hash index past
//! that.
//!
//! Most instances have a few attributes, set in the same order by `__init__`. An
//! `IndexMap` gave each a hash table besides its entries (two allocations, 192 bytes for
//! two attributes); here there is one allocation, sized to what the class's instances
//! usually have ([`InstanceDict::reserve_for`]). Lookups at an attribute site try the index
//! the site found last ([`crate::object::attr_index`]) before searching.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use crate::ast::Name;
use crate::value::Value;

/// Past this many attributes, a name is found through a hash index.
const SEARCHED: usize = 8;

type Index = HashMap<Name, u32, BuildHasherDefault<fnv::FnvHasher>>;

#[derive(Clone, Default)]
pub struct InstanceDict {
    entries: Vec<(Name, Value)>,
    /// The position of each name, once there are more than [`SEARCHED`].
    index: Option<Box<Index>>,
}

impl InstanceDict {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Makes room for `n` attributes in an empty dict, exactly: as many as the instances
    /// of its class had.
    pub fn reserve_for(&mut self, n: usize) {
        if self.entries.capacity() == 0 {
            self.entries.reserve_exact(n);
        }
    }

    pub fn get_index_of(&self, name: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(name).map(|&i| i as usize),
            None => self
                .entries
                .iter()
                .position(|(k, _)| std::ptr::eq(&**k, name) || &**k == name),
        }
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.get_index_of(name).map(|i| &self.entries[i].1)
    }

    pub fn get_mut(&mut self, name: &str) -> Option<&mut Value> {
        self.get_index_of(name).map(|i| &mut self.entries[i].1)
    }

    pub fn get_index(&self, i: usize) -> Option<(&Name, &Value)> {
        self.entries.get(i).map(|(k, v)| (k, v))
    }

    /// Sets `name` to `value`: its position and the value it replaces, if it had one (a
    /// new name goes last).
    pub fn insert_full(&mut self, name: Name, value: Value) -> (usize, Option<Value>) {
        if let Some(i) = self.get_index_of(&name) {
            return (i, Some(std::mem::replace(&mut self.entries[i].1, value)));
        }
        let i = self.entries.len();
        if let Some(index) = &mut self.index {
            index.insert(name.clone(), i as u32);
        }
        self.entries.push((name, value));
        if self.index.is_none() && self.entries.len() > SEARCHED {
            self.reindex();
        }
        (i, None)
    }

    pub fn insert(&mut self, name: Name, value: Value) -> Option<Value> {
        self.insert_full(name, value).1
    }

    /// Removes `name`, keeping the order of the others (as `IndexMap::shift_remove`).
    pub fn shift_remove(&mut self, name: &str) -> Option<Value> {
        let i = self.get_index_of(name)?;
        let (_, v) = self.entries.remove(i);
        if self.index.is_some() {
            self.reindex();
        }
        Some(v)
    }

    fn reindex(&mut self) {
        let index = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, (k, _))| (k.clone(), i as u32))
            .collect();
        self.index = Some(Box::new(index));
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&Name, &Value)> + ExactSizeIterator {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &Name> + ExactSizeIterator {
        self.entries.iter().map(|(k, _)| k)
    }
}

impl std::ops::Index<usize> for InstanceDict {
    type Output = Value;

    fn index(&self, i: usize) -> &Value {
        &self.entries[i].1
    }
}

impl std::ops::IndexMut<usize> for InstanceDict {
    fn index_mut(&mut self, i: usize) -> &mut Value {
        &mut self.entries[i].1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_insertion_order_through_replacement_and_removal_searched_or_indexed() {
        for n in [3, SEARCHED + 5] {
            let mut d = InstanceDict::default();
            d.reserve_for(2);
            for i in 0..n {
                let (at, old) = d.insert_full(Name::from(format!("a{i}")), Value::Int(i as i64));
                assert!(at == i && old.is_none());
            }
            assert!(matches!(
                d.insert(Name::from("a1"), Value::Int(100)),
                Some(Value::Int(1))
            ));
            assert!(matches!(d.shift_remove("a0"), Some(Value::Int(0))));
            assert!(d.shift_remove("a0").is_none());
            let keys: Vec<String> = d.keys().map(|k| k.to_string()).collect();
            let expected: Vec<String> = (1..n).map(|i| format!("a{i}")).collect();
            assert_eq!(keys, expected);
            assert!(matches!(d.get("a1"), Some(Value::Int(100))));
            assert_eq!(d.get_index_of(&format!("a{}", n - 1)), Some(n - 2));
            assert_eq!(d.insert_full(Name::from("a0"), Value::None).0, n - 1);
            assert_eq!(d.len(), n);
        }
    }
}
