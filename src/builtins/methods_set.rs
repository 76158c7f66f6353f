//! Methods of `set` and `frozenset`.

use std::rc::Rc;

use super::methods::receiver;
use super::positional;
use crate::ast::BinOp;
use crate::interp::Interp;
use crate::object::{BuiltinFn, CallArgs, PyResult};
use crate::value::{Set, SetMap, Value};

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
        "update" => |i, a| update_with(i, a, BinOp::BitOr),
        "intersection_update" => |i, a| update_with(i, a, BinOp::BitAnd),
        "difference_update" => |i, a| update_with(i, a, BinOp::Sub),
        "symmetric_difference_update" => |i, a| update_with(i, a, BinOp::BitXor),
        _ => return frozen_lookup(name),
    })
}

pub fn frozen_lookup(name: &str) -> Option<BuiltinFn> {
    Some(match name {
        "copy" => copy,
        "union" => |i, a| combine(i, a, BinOp::BitOr),
        "intersection" => |i, a| combine(i, a, BinOp::BitAnd),
        "difference" => |i, a| combine(i, a, BinOp::Sub),
        "symmetric_difference" => |i, a| combine(i, a, BinOp::BitXor),
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

fn as_set(interp: &Interp, v: &Value) -> PyResult<Value> {
    match v {
        Value::Set(_) => Ok(v.clone()),
        _ => {
            let mut set = SetMap::default();
            for item in interp.collect(v)? {
                set.insert(interp.to_key(&item)?);
            }
            Ok(Value::set(set, false))
        }
    }
}

fn add(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "add", args, 2, 2)?;
    let key = interp.to_key(&a[1])?;
    the_set(interp, &a[0])?.set.borrow_mut().insert(key);
    Ok(Value::None)
}

fn remove(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "remove", args, 2, 2)?;
    let key = interp.to_key(&a[1])?;
    if !the_set(interp, &a[0])?.set.borrow_mut().shift_remove(&key) {
        return Err(interp.key_error(a[1].clone()));
    }
    Ok(Value::None)
}

fn discard(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "discard", args, 2, 2)?;
    let key = interp.to_key(&a[1])?;
    the_set(interp, &a[0])?.set.borrow_mut().shift_remove(&key);
    Ok(Value::None)
}

fn pop(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "pop", args, 1, 1)?;
    let s = the_set(interp, &a[0])?;
    let first = s.set.borrow_mut().shift_remove_index(0);
    first
        .map(|k| k.value)
        .ok_or_else(|| interp.key_error(Value::str("pop from an empty set")))
}

fn clear(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "clear", args, 1, 1)?;
    the_set(interp, &a[0])?.set.borrow_mut().clear();
    Ok(Value::None)
}

fn copy(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "copy", args, 1, 1)?;
    let s = the_set(interp, &a[0])?;
    let copy = s.set.borrow().clone();
    Ok(Value::set(copy, s.frozen))
}

fn combine(interp: &Interp, args: CallArgs, op: BinOp) -> PyResult<Value> {
    let (recv, rest) = receiver(args);
    let mut result = recv.clone();
    if let Value::Set(s) = &recv {
        result = Value::set(s.set.borrow().clone(), s.frozen);
    }
    for other in rest.args {
        let other = as_set(interp, &other)?;
        result = interp.binary_op(op, &result, &other)?;
    }
    Ok(result)
}

fn update_with(interp: &Interp, args: CallArgs, op: BinOp) -> PyResult<Value> {
    let (recv, rest) = receiver(args);
    let s = the_set(interp, &recv)?;
    for other in rest.args {
        let other = as_set(interp, &other)?;
        let current = Value::set(s.set.borrow().clone(), false);
        if let Value::Set(r) = interp.binary_op(op, &current, &other)? {
            *s.set.borrow_mut() = r.set.borrow().clone();
        }
    }
    Ok(Value::None)
}

enum Relation {
    Subset,
    Superset,
    Disjoint,
}

fn relation(interp: &Interp, args: CallArgs, rel: Relation) -> PyResult<Value> {
    let a = positional(interp, "issubset", args, 2, 2)?;
    let (Value::Set(x), Value::Set(y)) = (&a[0], &as_set(interp, &a[1])?) else {
        return Err(interp.type_error("descriptor requires a 'set' object"));
    };
    let (x, y) = (x.set.borrow(), y.set.borrow());
    Ok(Value::Bool(match rel {
        Relation::Subset => x.iter().all(|k| y.contains(k)),
        Relation::Superset => y.iter().all(|k| x.contains(k)),
        Relation::Disjoint => x.iter().all(|k| !y.contains(k)),
    }))
}
