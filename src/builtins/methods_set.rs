//! Methods of `set` and `frozenset`.

use std::cell::RefCell;
use std::rc::Rc;

use super::{method_args, Arity};
use crate::interp::Interp;
use crate::object::{BuiltinFn, CallArgs, PyResult};
use crate::setmap::{self, SetMap};
use crate::value::{Key, Set, Value};

pub const NAMES: &[&str] = &[
    "add",
    "remove",
    "discard",
    "pop",
    "clear",
    "copy",
    "update",
    "union",
    "intersection",
    "difference",
    "symmetric_difference",
    "issubset",
    "issuperset",
    "isdisjoint",
    "intersection_update",
    "difference_update",
    "symmetric_difference_update",
];

pub fn lookup(name: &str) -> Option<BuiltinFn> {
    Some(match name {
        "add" => add,
        "remove" => remove,
        "discard" => discard,
        "pop" => pop,
        "clear" => clear,
        "update" => update,
        "intersection_update" => intersection_update,
        "difference_update" => difference_update,
        "symmetric_difference_update" => symmetric_difference_update,
        _ => return frozen_lookup(name),
    })
}

pub fn frozen_lookup(name: &str) -> Option<BuiltinFn> {
    Some(match name {
        "copy" => copy,
        "union" => union,
        "intersection" => intersection,
        "difference" => difference,
        "symmetric_difference" => symmetric_difference,
        "issubset" => |i, a| relation(i, a, Relation::Subset),
        "issuperset" => |i, a| relation(i, a, Relation::Superset),
        "isdisjoint" => |i, a| relation(i, a, Relation::Disjoint),
        _ => return None,
    })
}

fn the_set(interp: &Interp, v: &Value) -> PyResult<Rc<Set>> {
    match v {
        Value::Set(s) => Ok(s.clone()),
        _ => Err(interp.type_error(format!(
            "descriptor requires a 'set' object but received a '{}'",
            v.type_name()
        ))),
    }
}

fn owner(v: &Value) -> &'static str {
    match v {
        Value::Set(s) if s.frozen => "frozenset",
        _ => "set",
    }
}

fn args_of(
    interp: &Interp,
    name: &str,
    args: CallArgs,
    min: usize,
    max: usize,
) -> PyResult<Vec<Value>> {
    let owner = args.args.first().map_or("set", owner);
    method_args(interp, owner, name, args, min, max, Arity::Clinic)
}

/// The positional arguments after the receiver, for the methods taking any number.
fn varargs(interp: &Interp, name: &str, args: CallArgs) -> PyResult<(Rc<Set>, Vec<Value>)> {
    let owner = args.args.first().map_or("set", owner);
    let a = method_args(interp, owner, name, args, 0, usize::MAX, Arity::Clinic)?;
    let mut it = a.into_iter();
    let recv = it.next().unwrap_or(Value::None);
    Ok((the_set(interp, &recv)?, it.collect()))
}

/// The elements of `v` in iteration order, as keys.
fn keys_of(interp: &Interp, v: &Value) -> PyResult<Vec<Key>> {
    if let Value::Set(s) = v {
        return Ok(s.set.borrow().iter().cloned().collect());
    }
    interp
        .collect(v)?
        .iter()
        .map(|item| interp.to_key(item))
        .collect()
}

/// `make_new_set`: a set of the elements of any iterable.
pub fn new_setmap(interp: &Interp, v: &Value) -> PyResult<SetMap> {
    let mut set = SetMap::default();
    update_one(interp, &mut set, v)?;
    Ok(set)
}

/// `set_update_internal`: a set is merged, anything else added element by element.
pub fn update_one(interp: &Interp, set: &mut SetMap, v: &Value) -> PyResult<()> {
    match v {
        Value::Set(o) => {
            let other = o.set.borrow().clone();
            set.merge(&other)?;
        }
        _ => {
            for k in keys_of(interp, v)? {
                set.insert(k)?;
            }
        }
    }
    Ok(())
}

fn add(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = args_of(interp, "add", args, 1, 1)?;
    let key = interp.to_key(&a[1])?;
    setmap::shared_insert(&the_set(interp, &a[0])?.set, key)?;
    Ok(Value::None)
}

fn remove(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = args_of(interp, "remove", args, 1, 1)?;
    let key = interp.to_key(&a[1])?;
    if !setmap::shared_remove(&the_set(interp, &a[0])?.set, &key)? {
        return Err(interp.key_error(a[1].clone()));
    }
    Ok(Value::None)
}

fn discard(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = args_of(interp, "discard", args, 1, 1)?;
    let key = interp.to_key(&a[1])?;
    setmap::shared_remove(&the_set(interp, &a[0])?.set, &key)?;
    Ok(Value::None)
}

fn pop(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = args_of(interp, "pop", args, 0, 0)?;
    let s = the_set(interp, &a[0])?;
    let first = s.set.borrow_mut().pop();
    first
        .map(|k| k.value)
        .ok_or_else(|| interp.key_error(Value::str("pop from an empty set")))
}

fn clear(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = args_of(interp, "clear", args, 0, 0)?;
    the_set(interp, &a[0])?.set.borrow_mut().clear();
    Ok(Value::None)
}

fn copy(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = args_of(interp, "copy", args, 0, 0)?;
    let s = the_set(interp, &a[0])?;
    if s.frozen {
        return Ok(a[0].clone());
    }
    let copy = s.set.borrow().copy();
    Ok(Value::set(copy, false))
}

fn union(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let (s, others) = varargs(interp, "union", args)?;
    let mut result = s.set.borrow().copy();
    for other in &others {
        update_one(interp, &mut result, other)?;
    }
    Ok(Value::set(result, s.frozen))
}

/// `s & other` for any iterable `other` (comparing may run user code that changes `s`).
fn intersect(interp: &Interp, s: &RefCell<SetMap>, other: &Value) -> PyResult<SetMap> {
    match other {
        Value::Set(o) => setmap::read2(s, &o.set, setmap::intersection),
        _ => {
            let keys = keys_of(interp, other)?;
            setmap::read_with(s, &keys, |s| setmap::intersection_keys(s, &keys))
        }
    }
}

fn intersection_multi(interp: &Interp, s: &Set, others: &[Value]) -> PyResult<SetMap> {
    let Some((first, rest)) = others.split_first() else {
        return Ok(s.set.borrow().copy());
    };
    let mut result = RefCell::new(intersect(interp, &s.set, first)?);
    for other in rest {
        result = RefCell::new(intersect(interp, &result, other)?);
    }
    Ok(result.into_inner())
}

fn intersection(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let (s, others) = varargs(interp, "intersection", args)?;
    let result = intersection_multi(interp, &s, &others)?;
    Ok(Value::set(result, s.frozen))
}

pub fn subtract(interp: &Interp, set: &mut SetMap, other: &Value) -> PyResult<()> {
    match other {
        Value::Set(o) => {
            let o = o.set.borrow().clone();
            setmap::difference_update(set, &o)?;
        }
        _ => {
            for k in keys_of(interp, other)? {
                set.remove(&k)?;
            }
            set.compact();
        }
    }
    Ok(())
}

fn difference(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let (s, others) = varargs(interp, "difference", args)?;
    let Some((first, rest)) = others.split_first() else {
        return Ok(Value::set(s.set.borrow().copy(), s.frozen));
    };
    let mut result = match first {
        Value::Set(o) => setmap::read2(&s.set, &o.set, setmap::difference)?,
        _ => {
            let keys = keys_of(interp, first)?;
            setmap::read_with(&s.set, &keys, |s| setmap::difference_keys(s, &keys))?
        }
    };
    for other in rest {
        subtract(interp, &mut result, other)?;
    }
    Ok(Value::set(result, s.frozen))
}

fn symmetric_difference(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = args_of(interp, "symmetric_difference", args, 1, 1)?;
    let s = the_set(interp, &a[0])?;
    let mut result = new_setmap(interp, &a[1])?;
    setmap::read(&s.set, |s| {
        setmap::symmetric_difference_update(&mut result, s)
    })?;
    Ok(Value::set(result, s.frozen))
}

fn update(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let (s, others) = varargs(interp, "update", args)?;
    for other in &others {
        match other {
            Value::Set(o) if Rc::ptr_eq(o, &s) => {}
            Value::Set(o) if !o.set.borrow().may_run_code() && !s.set.borrow().may_run_code() => {
                s.set.borrow_mut().merge(&o.set.borrow())?;
            }
            _ => {
                for k in keys_of(interp, other)? {
                    setmap::shared_insert(&s.set, k)?;
                }
            }
        }
    }
    Ok(Value::None)
}

fn intersection_update(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let (s, others) = varargs(interp, "intersection_update", args)?;
    let result = intersection_multi(interp, &s, &others)?;
    *s.set.borrow_mut() = result;
    Ok(Value::None)
}

fn difference_update(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let (s, others) = varargs(interp, "difference_update", args)?;
    for other in &others {
        if let Value::Set(o) = other {
            if Rc::ptr_eq(o, &s) {
                s.set.borrow_mut().clear();
                continue;
            }
        }
        let keys = match other {
            Value::Set(o) => {
                let (mine, theirs) = (s.set.borrow().len(), o.set.borrow().len());
                if (theirs >> 3) > mine {
                    let both = setmap::read2(&s.set, &o.set, setmap::intersection)?;
                    both.iter().cloned().collect()
                } else {
                    keys_of(interp, other)?
                }
            }
            _ => keys_of(interp, other)?,
        };
        setmap::shared_difference_update(&s.set, &keys)?;
    }
    Ok(Value::None)
}

fn symmetric_difference_update(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = args_of(interp, "symmetric_difference_update", args, 1, 1)?;
    let s = the_set(interp, &a[0])?;
    if let Value::Set(o) = &a[1] {
        if Rc::ptr_eq(o, &s) {
            s.set.borrow_mut().clear();
            return Ok(Value::None);
        }
    }
    let other = match &a[1] {
        Value::Set(o) => o.set.borrow().clone(),
        v => new_setmap(interp, v)?,
    };
    let mut set = s.set.borrow().clone();
    setmap::symmetric_difference_update(&mut set, &other)?;
    *s.set.borrow_mut() = set;
    Ok(Value::None)
}

enum Relation {
    Subset,
    Superset,
    Disjoint,
}

fn relation(interp: &Interp, args: CallArgs, rel: Relation) -> PyResult<Value> {
    let name = match rel {
        Relation::Subset => "issubset",
        Relation::Superset => "issuperset",
        Relation::Disjoint => "isdisjoint",
    };
    let a = args_of(interp, name, args, 1, 1)?;
    let s = the_set(interp, &a[0])?;
    match (&rel, &a[1]) {
        (Relation::Subset, Value::Set(o)) => {
            return Ok(Value::Bool(setmap::shared_is_subset(&s.set, &o.set)?))
        }
        (Relation::Superset, Value::Set(o)) => {
            return Ok(Value::Bool(setmap::shared_is_subset(&o.set, &s.set)?))
        }
        _ => {}
    }
    let x = s.set.borrow().clone();
    let other = match &a[1] {
        Value::Set(o) => Some(o.set.borrow().clone()),
        _ => None,
    };
    // As CPython's: only `issubset` makes a set of a plain iterable; the others look its
    // elements up one by one, and `isdisjoint` of two sets goes through the smaller.
    Ok(Value::Bool(match (rel, other) {
        (Relation::Subset, Some(y)) => y.is_superset_sized(&x)?,
        (Relation::Subset, None) => new_setmap(interp, &a[1])?.is_superset_sized(&x)?,
        (Relation::Superset, Some(y)) => x.is_superset_sized(&y)?,
        (Relation::Superset, None) => {
            for k in keys_of(interp, &a[1])? {
                if !x.contains(&k)? {
                    return Ok(Value::Bool(false));
                }
            }
            true
        }
        (Relation::Disjoint, other) => {
            let (big, small) = match other {
                Some(y) if y.len() > x.len() => (y, x.iter().cloned().collect()),
                Some(y) => (x, y.iter().cloned().collect()),
                None => (x, keys_of(interp, &a[1])?),
            };
            for k in &small {
                if big.contains(k)? {
                    return Ok(Value::Bool(false));
                }
            }
            true
        }
    }))
}
