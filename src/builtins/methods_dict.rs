//! Methods of `dict`, and its `keys()`/`values()`/`items()` views.

use std::any::Any;
use std::rc::Rc;

use super::methods::receiver;
use super::{method_args, positional, Arity};
use crate::dictmap;
use crate::interp::{Interp, IterState};
use crate::object::{BuiltinFn, CallArgs, PyResult};
use crate::value::{Dict, DictMap, Key, Native, Value};

pub const NAMES: &[&str] = &[
    "keys",
    "values",
    "items",
    "get",
    "pop",
    "popitem",
    "setdefault",
    "update",
    "copy",
    "clear",
    "fromkeys",
];

pub fn lookup(name: &str) -> Option<BuiltinFn> {
    Some(match name {
        "keys" => |i, a| view(i, a, ViewKind::Keys),
        "values" => |i, a| view(i, a, ViewKind::Values),
        "items" => |i, a| view(i, a, ViewKind::Items),
        "get" => get,
        "pop" => pop,
        "popitem" => popitem,
        "setdefault" => setdefault,
        "update" => update,
        "copy" => copy,
        "clear" => clear,
        "fromkeys" => fromkeys,
        _ => return None,
    })
}

/// The dict a method of `dict` works on: the receiver, or the dict inside an instance of
/// a subclass; CPython's message otherwise.
fn the_dict(interp: &Interp, v: &Value, method: &str) -> PyResult<Rc<Dict>> {
    if let Value::Dict(d) = v {
        return Ok(d.clone());
    }
    if let Value::Instance(i) = v {
        if let Some(Value::Dict(d)) = &i.base_value {
            return Ok(d.clone());
        }
    }
    Err(interp.type_error(format!(
        "descriptor '{method}' for 'dict' objects doesn't apply to a '{}' object",
        v.type_name()
    )))
}

fn get(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let mut a = method_args(interp, "dict", "get", args, 1, 2, Arity::Clinic)?;
    if !matches!(a[0], Value::Dict(_)) {
        the_dict(interp, &a[0], "get")?;
    }
    let default = if a.len() == 3 { a.pop() } else { None };
    let key = a.pop().unwrap_or(Value::None);
    let key = Key {
        hash: interp.hash(&key)?,
        value: key,
    };
    let found = match &a[0] {
        Value::Dict(d) => dictmap::get(&d.map, &key)?,
        recv => dictmap::get(&the_dict(interp, recv, "get")?.map, &key)?,
    };
    Ok(found.or(default).unwrap_or(Value::None))
}

fn pop(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = method_args(interp, "dict", "pop", args, 1, 2, Arity::Clinic)?;
    let d = the_dict(interp, &a[0], "pop")?;
    let key = interp.to_key(&a[1])?;
    let removed = dictmap::remove(&d.map, &key)?;
    match (removed, a.get(2)) {
        (Some(v), _) => Ok(v),
        (None, Some(default)) => Ok(default.clone()),
        (None, None) => Err(interp.key_error(a[1].clone())),
    }
}

fn popitem(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = method_args(interp, "dict", "popitem", args, 0, 0, Arity::Clinic)?;
    let d = the_dict(interp, &a[0], "popitem")?;
    let item = d.map.borrow_mut().pop();
    match item {
        Some((k, v)) => Ok(Value::tuple(vec![k.value, v])),
        None => Err(interp.key_error(Value::str("popitem(): dictionary is empty"))),
    }
}

fn setdefault(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = method_args(interp, "dict", "setdefault", args, 1, 2, Arity::Clinic)?;
    let d = the_dict(interp, &a[0], "setdefault")?;
    let key = interp.to_key(&a[1])?;
    let default = a.get(2).cloned().unwrap_or(Value::None);
    dictmap::get_or_insert(&d.map, key, default)
}

pub fn update(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let (recv, rest) = receiver(args);
    let d = the_dict(interp, &recv, "update")?;
    if rest.args.len() > 1 {
        return Err(interp.type_error(format!(
            "update expected at most 1 argument, got {}",
            rest.args.len()
        )));
    }
    if let Some(src) = rest.args.first() {
        super::construct::fill_dict(interp, &d.map, src)?;
    }
    for (k, v) in rest.kwargs {
        dictmap::insert(&d.map, interp.to_key(&Value::str(&k))?, v)?;
    }
    Ok(Value::None)
}

fn copy(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = method_args(interp, "dict", "copy", args, 0, 0, Arity::Clinic)?;
    let d = the_dict(interp, &a[0], "copy")?;
    let map = d.map.borrow().clone();
    Ok(Value::dict(map))
}

fn clear(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = method_args(interp, "dict", "clear", args, 0, 0, Arity::Clinic)?;
    the_dict(interp, &a[0], "clear")?.map.borrow_mut().clear();
    Ok(Value::None)
}

pub fn fromkeys(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    if !args.kwargs.is_empty() {
        return Err(interp.type_error("dict.fromkeys() takes no keyword arguments"));
    }
    let mut a = args.args;
    if matches!(a.first(), Some(Value::Class(_) | Value::Dict(_))) {
        a.remove(0);
    }
    let a = positional(interp, "fromkeys", CallArgs::positional(a), 1, 2)?;
    let value = a.get(1).cloned().unwrap_or(Value::None);
    let map = std::cell::RefCell::new(DictMap::default());
    for k in interp.collect(&a[0])? {
        dictmap::insert(&map, interp.to_key(&k)?, value.clone())?;
    }
    Ok(Value::dict(map.into_inner()))
}

#[derive(Clone, Copy, PartialEq)]
pub enum ViewKind {
    Keys,
    Values,
    Items,
}

/// `d.keys()`, `d.values()`, `d.items()`: live views of the dict.
pub struct DictView {
    pub dict: Rc<Dict>,
    pub kind: ViewKind,
}

fn view(interp: &Interp, args: CallArgs, kind: ViewKind) -> PyResult<Value> {
    let name = match kind {
        ViewKind::Keys => "keys",
        ViewKind::Values => "values",
        ViewKind::Items => "items",
    };
    let a = method_args(interp, "dict", name, args, 0, 0, Arity::Clinic)?;
    Ok(Value::native(DictView {
        dict: the_dict(interp, &a[0], name)?,
        kind,
    }))
}

/// `keys() & x`, `|`, `-`, `^` (and reflected): dict_keys and dict_items act as sets,
/// giving a `set` as CPython's `dictviews_*` do. `None` when neither side is such a view.
pub fn view_set_op(
    interp: &Interp,
    op: crate::ast::BinOp,
    a: &Value,
    b: &Value,
) -> PyResult<Option<Value>> {
    use crate::ast::BinOp;
    use crate::builtins::methods_set::{new_setmap, subtract, update_one};
    let is_view = |v: &Value| {
        matches!(v, Value::Native(n) if n.as_any().downcast_ref::<DictView>()
            .is_some_and(|d| !matches!(d.kind, ViewKind::Values)))
    };
    if !matches!(
        op,
        BinOp::BitAnd | BinOp::BitOr | BinOp::Sub | BinOp::BitXor
    ) {
        return Ok(None);
    }
    let (this, other) = if is_view(a) {
        (a, b)
    } else if is_view(b) && op != BinOp::Sub {
        (b, a)
    } else if is_view(b) {
        // `iterable - view`: a set of the iterable without the view's elements.
        let mut set = new_setmap(interp, a)?;
        subtract(interp, &mut set, b)?;
        return Ok(Some(Value::set(set, false)));
    } else {
        return Ok(None);
    };
    let mut set = new_setmap(interp, this)?;
    match op {
        BinOp::BitOr => update_one(interp, &mut set, other)?,
        BinOp::Sub => subtract(interp, &mut set, other)?,
        BinOp::BitXor => {
            let o = new_setmap(interp, other)?;
            crate::setmap::symmetric_difference_update(&mut set, &o)?;
        }
        _ => {
            let mut result = crate::setmap::SetMap::default();
            for v in interp.collect(other)? {
                let k = interp.to_key(&v)?;
                if set.contains(&k)? {
                    result.insert(k)?;
                }
            }
            set = result;
        }
    }
    Ok(Some(Value::set(set, false)))
}

impl DictView {
    pub fn items(&self) -> Vec<Value> {
        let map = self.dict.map.borrow();
        match self.kind {
            ViewKind::Keys => map.keys().map(|k| k.value.clone()).collect(),
            ViewKind::Values => map.values().cloned().collect(),
            ViewKind::Items => map
                .iter()
                .map(|(k, v)| Value::tuple(vec![k.value.clone(), v.clone()]))
                .collect(),
        }
    }
}

impl Native for DictView {
    fn type_name(&self) -> &str {
        match self.kind {
            ViewKind::Keys => "dict_keys",
            ViewKind::Values => "dict_values",
            ViewKind::Items => "dict_items",
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn repr(&self, interp: &Interp, _: &Value) -> Option<PyResult<String>> {
        Some(
            interp
                .repr(&Value::list(self.items()))
                .map(|r| format!("{}({r})", self.type_name())),
        )
    }
    fn len(&self, _: &Interp) -> Option<PyResult<usize>> {
        Some(Ok(self.dict.map.borrow().len()))
    }
    fn iter(&self, _: &Interp, _: &Value) -> Option<PyResult<Value>> {
        let state = IterState::dict(self.dict.clone(), self.kind);
        Some(Ok(super::iterators::state_iter(state)))
    }
    fn contains(&self, interp: &Interp, item: &Value) -> Option<PyResult<bool>> {
        Some((|| match self.kind {
            ViewKind::Keys => {
                let key = interp.to_key(item)?;
                dictmap::contains(&self.dict.map, &key)
            }
            _ => interp.contains(&Value::list(self.items()), item),
        })())
    }
}
