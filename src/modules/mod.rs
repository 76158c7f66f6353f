//! The built-in modules scripts can import: `asyncio`, `time`, `math`, `random`, `sys`,
//! `json`, `concurrent.futures`, `__future__`, `builtins`.

pub mod codec_names;
pub mod future;
pub mod io;
pub mod json;
pub mod json_text;
pub mod math;
pub mod math_algo;
pub mod math_int;
pub mod mt;
pub mod random;
pub mod random_dist;
pub mod sys;
pub mod time;

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use crate::interp::Interp;
use crate::object::{AttrMap, PyResult};
use crate::value::{Native, Value};

/// A module object: a name and its attributes.
pub struct Module {
    pub name: String,
    pub attrs: RefCell<AttrMap>,
    /// What makes the rest of the attributes, the first time one is missed or all are
    /// listed: `asyncio`'s part written in Aio, whose parsing was four fifths of the time
    /// `import asyncio` took, is only run by programs that use it.
    rest: RefCell<Option<MoreAttrs>>,
}

/// Makes a module's attributes left for later (see [`Module::complete`]).
pub type MoreAttrs = Box<dyn FnOnce(&Interp) -> Vec<(String, Value)>>;

impl Module {
    /// Makes the attributes left for later, if any are left. One the program set in the
    /// meantime stays as it set it.
    pub fn complete(&self, interp: &Interp) {
        let Some(make) = self.rest.borrow_mut().take() else {
            return;
        };
        for (k, v) in make(interp) {
            self.attrs.borrow_mut().entry(k.into()).or_insert(v);
        }
    }

    /// `module.name` at an attribute site with a `hint` ([`crate::object::attr_index`]),
    /// if it is one of the attributes made already; `None` sends the caller the long way.
    #[inline]
    pub fn attr_at(&self, name: &str, hint: &std::cell::Cell<u32>) -> Option<Value> {
        let attrs = self.attrs.borrow();
        let at = crate::object::attr_index(&*attrs, name, hint)?;
        // `__name__` is the module's own, whatever was stored under the name.
        (name != "__name__").then(|| attrs[at].clone())
    }

    fn attr(&self, interp: &Interp, name: &str) -> Option<Value> {
        if let Some(v) = self.attrs.borrow().get(name) {
            return Some(v.clone());
        }
        if self.rest.borrow().is_none() {
            return None;
        }
        self.complete(interp);
        self.attrs.borrow().get(name).cloned()
    }
}

impl Native for Module {
    fn type_name(&self) -> &str {
        "module"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn repr(&self, _: &Interp, _: &Value) -> Option<PyResult<String>> {
        Some(Ok(format!("<module '{}' (built-in)>", self.name)))
    }
    fn get_attr(&self, interp: &Interp, _: &Value, name: &str) -> Option<PyResult<Value>> {
        match name {
            "__name__" => Some(Ok(Value::str(&self.name))),
            _ => self.attr(interp, name).map(Ok),
        }
    }
    fn set_attr(&self, _: &Interp, name: &str, value: Value) -> Option<PyResult<()>> {
        self.attrs.borrow_mut().insert(name.into(), value);
        Some(Ok(()))
    }
    fn attr_names(&self) -> Vec<String> {
        crate::interp::with_current(|interp| self.complete(interp));
        self.attrs.borrow().keys().map(|k| k.to_string()).collect()
    }
}

/// Builds a module value from its attributes.
pub fn module(name: &str, attrs: Vec<(&str, Value)>) -> Value {
    module_with_more(name, attrs, None)
}

/// A module value whose attributes are `attrs` and, once one is missed, what `more` makes.
pub fn module_with_more(name: &str, attrs: Vec<(&str, Value)>, more: Option<MoreAttrs>) -> Value {
    let mut map = AttrMap::default();
    for (k, v) in attrs {
        map.insert(k.into(), v);
    }
    Value::native(Module {
        name: name.to_string(),
        attrs: RefCell::new(map),
        rest: RefCell::new(more),
    })
}

impl Interp {
    /// Makes the attributes every imported module left for later (before a class derives
    /// from a native class whose counterpart written in Aio is among them).
    pub fn complete_modules(&self) {
        let modules: Vec<Value> = self.modules.borrow().values().cloned().collect();
        for m in modules {
            if let Some(m) = m.downcast::<Module>() {
                m.complete(self);
            }
        }
    }

    /// `import a.b`: the module `a.b`, made on first import.
    pub fn import(&self, path: &[crate::ast::Name]) -> PyResult<Value> {
        let name = path.join(".");
        if let Some(m) = self.modules.borrow().get(&name) {
            return Ok(m.clone());
        }
        let m = match name.as_str() {
            "sys" => sys::make(self),
            "__future__" => future::make(self),
            "math" => math::make(self),
            "json" => json::make(self),
            "random" => random::make(self),
            "time" => time::make(self),
            "io" => io::make(self),
            "asyncio" => crate::runtime::asyncio::make(self),
            "concurrent" => module(
                "concurrent",
                vec![(
                    "futures",
                    self.import(&["concurrent".into(), "futures".into()])?,
                )],
            ),
            "concurrent.futures" => crate::runtime::executor::make(self),
            "builtins" => {
                let mut names: Vec<(&str, Value)> =
                    self.builtins.iter().map(|(k, v)| (*k, v.clone())).collect();
                names.sort_by_key(|(k, _)| *k);
                names.extend([
                    ("None", Value::None),
                    ("True", Value::Bool(true)),
                    ("False", Value::Bool(false)),
                ]);
                module("builtins", names)
            }
            _ => {
                return Err(self.error(
                    &self.exc.module_not_found_error,
                    format!("No module named '{name}'"),
                ))
            }
        };
        self.modules.borrow_mut().insert(name, m.clone());
        Ok(m)
    }
}

/// The names `from m import *` binds.
pub fn public_names(interp: &Interp, module: &Value) -> PyResult<Vec<(String, Value)>> {
    let Some(m) = module.downcast::<Module>() else {
        return Ok(Vec::new());
    };
    m.complete(interp);
    Ok(m.attrs
        .borrow()
        .iter()
        .filter(|(k, _)| !k.starts_with('_'))
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect())
}

pub fn fresh(_: &Rc<Interp>) {}

/// Iterates `v` for a module function, refusing at once the values that are never
/// iterable (numbers, None, functions, classes): the interpreter's `get_iter` does not
/// stop on them yet.
pub fn get_iter(interp: &Interp, v: &Value) -> PyResult<crate::interp::IterState> {
    match v {
        Value::None
        | Value::Bool(_)
        | Value::Int(_)
        | Value::BigInt(_)
        | Value::Float(_)
        | Value::Function(_)
        | Value::Builtin(_)
        | Value::Method(_)
        | Value::Class(_) => Err(interp.not_iterable(v)),
        _ => interp.get_iter(v),
    }
}

/// Every item of an iterable, guarded as [`get_iter`] is.
pub fn collect(interp: &Interp, v: &Value) -> PyResult<Vec<Value>> {
    get_iter(interp, v)?;
    interp.collect(v)
}
