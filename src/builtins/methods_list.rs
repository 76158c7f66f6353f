//! Methods of `list` and `tuple`.

use std::rc::Rc;

use super::methods::receiver;
use super::{method_args, Args, Arity};
use crate::interp::Interp;
use crate::object::{BuiltinFn, CallArgs, PyResult};
use crate::value::{List, Value};

pub const NAMES: &[&str] = &[
    "append", "extend", "insert", "pop", "remove", "index", "count", "sort", "reverse", "copy",
    "clear",
];

pub fn lookup(name: &str) -> Option<BuiltinFn> {
    Some(match name {
        "append" => append,
        "extend" => extend,
        "insert" => insert,
        "pop" => pop,
        "remove" => remove,
        "index" => index,
        "count" => count,
        "sort" => sort,
        "reverse" => reverse,
        "copy" => copy,
        "clear" => clear,
        _ => return None,
    })
}

pub fn tuple_lookup(name: &str) -> Option<BuiltinFn> {
    Some(match name {
        "index" => index,
        "count" => count,
        _ => return None,
    })
}

fn the_list(interp: &Interp, v: &Value, method: &str) -> PyResult<Rc<List>> {
    match v {
        Value::List(l) => Ok(l.clone()),
        Value::Instance(i) => match &i.base_value {
            Some(Value::List(l)) => Ok(l.clone()),
            _ => Err(interp.type_error(format!(
                "descriptor '{method}' for 'list' objects doesn't apply to a '{}' object",
                v.type_name()
            ))),
        },
        _ => Err(interp.type_error(format!(
            "descriptor '{method}' for 'list' objects doesn't apply to a '{}' object",
            v.type_name()
        ))),
    }
}

/// `list` or `tuple`, for the messages of the methods both have.
fn seq_owner(args: &CallArgs) -> &'static str {
    match args.args.first() {
        Some(Value::Tuple(_)) => "tuple",
        _ => "list",
    }
}

/// The items `index` and `count` look at: a list's are read at each step (a user `__eq__`
/// may change the list, and CPython's loops re-read its size), others' are fixed.
enum Items {
    Live(Rc<List>),
    Fixed(Vec<Value>),
}

impl Items {
    fn of(interp: &Interp, v: &Value) -> PyResult<Items> {
        Ok(match v {
            Value::List(l) => Items::Live(l.clone()),
            _ => Items::Fixed(items_of(interp, v)?),
        })
    }

    fn len(&self) -> usize {
        match self {
            Items::Live(l) => l.borrow().len(),
            Items::Fixed(v) => v.len(),
        }
    }

    fn get(&self, i: usize) -> Option<Value> {
        match self {
            Items::Live(l) => l.borrow().get(i).cloned(),
            Items::Fixed(v) => v.get(i).cloned(),
        }
    }
}

fn items_of(interp: &Interp, v: &Value) -> PyResult<Vec<Value>> {
    match v {
        Value::List(l) => Ok(l.borrow().clone()),
        Value::Tuple(t) => Ok((**t).clone()),
        _ => interp.collect(v),
    }
}

fn append(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = method_args(interp, "list", "append", args, 1, 1, Arity::Clinic)?;
    the_list(interp, &a[0], "append")?
        .borrow_mut()
        .push(a[1].clone());
    Ok(Value::None)
}

fn extend(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = method_args(interp, "list", "extend", args, 1, 1, Arity::Clinic)?;
    let l = the_list(interp, &a[0], "extend")?;
    let items = interp.collect(&a[1])?;
    l.borrow_mut().extend(items);
    Ok(Value::None)
}

fn insert(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = method_args(interp, "list", "insert", args, 2, 2, Arity::Clinic)?;
    let l = the_list(interp, &a[0], "insert")?;
    let i = interp.ssize_arg(&a[1])?;
    let mut items = l.borrow_mut();
    let len = items.len() as i64;
    let at = if i < 0 { (i + len).max(0) } else { i.min(len) };
    items.insert(at as usize, a[2].clone());
    Ok(Value::None)
}

fn pop(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = method_args(interp, "list", "pop", args, 0, 1, Arity::Clinic)?;
    let l = the_list(interp, &a[0], "pop")?;
    let mut items = l.borrow_mut();
    if items.is_empty() {
        return Err(interp.index_error("pop from empty list"));
    }
    let len = items.len();
    let i = match a.get(1) {
        Some(v) => {
            let i = interp.ssize_arg(v)?;
            let j = if i < 0 { i + len as i64 } else { i };
            if j < 0 || j >= len as i64 {
                return Err(interp.index_error("pop index out of range"));
            }
            j as usize
        }
        None => len - 1,
    };
    Ok(items.remove(i))
}

fn remove(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = method_args(interp, "list", "remove", args, 1, 1, Arity::Clinic)?;
    let l = the_list(interp, &a[0], "remove")?;
    // `list_remove`: the list is read at each step (a user `__eq__` may change it), and a
    // match past its new end removes nothing.
    let mut i = 0;
    loop {
        let next = l.borrow().get(i).cloned();
        let Some(v) = next else {
            break;
        };
        if super::functions::same_or_equal(interp, &v, &a[1])? {
            let mut items = l.borrow_mut();
            if i < items.len() {
                items.remove(i);
            }
            return Ok(Value::None);
        }
        i += 1;
    }
    Err(interp.value_error("list.remove(x): x not in list"))
}

fn index(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let owner = seq_owner(&args);
    let a = method_args(interp, owner, "index", args, 1, 3, Arity::Clinic)?;
    let (recv, a) = (a[0].clone(), &a[1..]);
    let items = Items::of(interp, &recv)?;
    let len = items.len() as i64;
    let bound = |v: Option<&Value>, d: i64| -> PyResult<i64> {
        Ok(match v {
            Some(v) => {
                let i = interp.slice_index(v)?.ok_or_else(|| {
                    interp.type_error("slice indices must be integers or have an __index__ method")
                })?;
                if i < 0 {
                    (i + len).max(0)
                } else {
                    i.min(len)
                }
            }
            None => d,
        })
    };
    let (start, stop) = (bound(a.get(1), 0)?, bound(a.get(2), len)?);
    for i in start..stop.max(start) {
        let Some(item) = items.get(i as usize) else {
            break;
        };
        if super::functions::same_or_equal(interp, &item, &a[0])? {
            return Ok(Value::Int(i));
        }
    }
    let what = if matches!(recv, Value::Tuple(_)) {
        "tuple.index(x): x not in tuple"
    } else {
        "list.index(x): x not in list"
    };
    if matches!(recv, Value::List(_)) {
        return Err(interp.value_error(format!("{} is not in list", interp.repr(&a[0])?)));
    }
    Err(interp.value_error(what))
}

fn count(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let owner = seq_owner(&args);
    let a = method_args(interp, owner, "count", args, 1, 1, Arity::Clinic)?;
    let (recv, a) = (a[0].clone(), &a[1..]);
    let items = Items::of(interp, &recv)?;
    let mut n = 0;
    let mut i = 0;
    loop {
        let next = items.get(i);
        let Some(v) = next else {
            break;
        };
        if super::functions::same_or_equal(interp, &v, &a[0])? {
            n += 1;
        }
        i += 1;
    }
    Ok(Value::Int(n))
}

fn reverse(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = method_args(interp, "list", "reverse", args, 0, 0, Arity::Clinic)?;
    the_list(interp, &a[0], "reverse")?.borrow_mut().reverse();
    Ok(Value::None)
}

fn copy(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = method_args(interp, "list", "copy", args, 0, 0, Arity::Clinic)?;
    let items = the_list(interp, &a[0], "copy")?.borrow().clone();
    Ok(Value::list(items))
}

fn clear(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = method_args(interp, "list", "clear", args, 0, 0, Arity::Clinic)?;
    the_list(interp, &a[0], "clear")?.borrow_mut().clear();
    Ok(Value::None)
}

fn sort(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let (recv, rest) = receiver(args);
    let l = the_list(interp, &recv, "sort")?;
    sort_list(interp, &l, rest)?;
    Ok(Value::None)
}

/// `list.sort(key=None, reverse=False)`: stable, with errors from comparisons propagated.
pub fn sort_list(interp: &Interp, l: &Rc<List>, args: CallArgs) -> PyResult<()> {
    if !args.args.is_empty() {
        return Err(interp.type_error("sort() takes no positional arguments"));
    }
    let a = Args::parse(interp, "sort", args, &["key", "reverse"], 0)?;
    let key = a.some(0).cloned();
    let reverse = match a.get(1) {
        Some(v) => interp.truthy(v)?,
        None => false,
    };
    let mut items = std::mem::take(&mut *l.borrow_mut());
    let keys = match &key {
        Some(k) => {
            let mut ks = Vec::with_capacity(items.len());
            for v in &items {
                ks.push(interp.call_value(k, vec![v.clone()])?);
            }
            ks
        }
        None => items.clone(),
    };
    let mut order: Vec<usize> = (0..items.len()).collect();
    if reverse {
        order.reverse();
    }
    let mut error = None;
    order.sort_by(|&i, &j| {
        if error.is_some() {
            return std::cmp::Ordering::Equal;
        }
        // Only `<` is asked, as CPython's sort asks only it: the stable sort looks at
        // whether the answer is `Less` and nothing else.
        match interp.less_than(&keys[i], &keys[j]) {
            Ok(true) => std::cmp::Ordering::Less,
            Ok(false) => std::cmp::Ordering::Greater,
            Err(e) => {
                error = Some(e);
                std::cmp::Ordering::Equal
            }
        }
    });
    if let Some(e) = error {
        *l.borrow_mut() = items;
        return Err(e);
    }
    // Python sorts in reverse by reversing, sorting stably and reversing again.
    if reverse {
        order.reverse();
    }
    items = order.iter().map(|&i| items[i].clone()).collect();
    let added = std::mem::replace(&mut *l.borrow_mut(), items);
    if !added.is_empty() {
        return Err(interp.value_error("list modified during sort"));
    }
    Ok(())
}
