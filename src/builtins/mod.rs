//! The `builtins` namespace: functions, types and the methods of the built-in types.
//!
//! `functions.rs` holds the free functions (`print`, `len`, `sorted`, ...), `construct.rs`
//! the type constructors (`int(...)`, `list(...)`), `methods.rs` dispatches `value.method`
//! to the per-type tables, `iterators.rs` the iterator objects, `descriptors.rs`
//! `property`/`staticmethod`/`classmethod`/`super`, `exception_group.rs` `ExceptionGroup`,
//! `traceback.rs` traceback objects, `unicode_tables.rs` the generated character classes of
//! the `str.is...` predicates.

pub mod construct;
pub mod descriptors;
pub mod exception_group;
pub mod functions;
pub mod iterators;
pub mod methods;
pub mod methods_dict;
mod methods_list;
mod methods_set;
mod methods_str;
pub mod traceback;
pub mod unicode_tables;

use std::any::Any;
use std::collections::HashMap;
use std::rc::Rc;

use crate::ast::Name;
use crate::exceptions::ExceptionTypes;
use crate::interp::Interp;
use crate::object::{Builtin, BuiltinFn, CallArgs, Class, Exc, Instance, PyResult};
use crate::types::Types;
use crate::value::{Native, Value};

pub use construct::construct;

/// A built-in coroutine function: `func` makes the coroutine object, `body` the future
/// that `await func(...)` runs directly.
pub fn builtin_coroutine_fn(name: &str, func: BuiltinFn, body: crate::object::AsyncFn) -> Value {
    Value::Builtin(Rc::new(Builtin {
        name: name.into(),
        func,
        bound: None,
        awaitable: Some(body),
        unary: None,
        owner: None,
    }))
}

pub fn builtin(name: &str, func: BuiltinFn) -> Value {
    Value::Builtin(Rc::new(Builtin {
        name: name.into(),
        func,
        bound: None,
        awaitable: None,
        unary: None,
        owner: None,
    }))
}

/// The `builtins` namespace.
pub fn table(types: &Types, exc: &ExceptionTypes) -> HashMap<&'static str, Value> {
    let mut t: HashMap<&'static str, Value> = HashMap::new();
    for (name, f) in functions::FUNCTIONS {
        let unary = functions::UNARY
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, u)| *u);
        t.insert(
            name,
            Value::Builtin(Rc::new(Builtin {
                name: (*name).into(),
                func: *f,
                bound: None,
                awaitable: None,
                unary,
                owner: None,
            })),
        );
    }
    let classes = [
        ("object", &types.object),
        ("type", &types.type_),
        ("bool", &types.bool_),
        ("int", &types.int),
        ("float", &types.float),
        ("str", &types.str_),
        ("list", &types.list),
        ("tuple", &types.tuple),
        ("dict", &types.dict),
        ("set", &types.set),
        ("frozenset", &types.frozenset),
    ];
    for (name, c) in classes {
        t.insert(name, Value::Class(c.clone()));
    }
    for name in [
        "range",
        "enumerate",
        "zip",
        "map",
        "filter",
        "reversed",
        "slice",
        "property",
        "staticmethod",
        "classmethod",
        "super",
    ] {
        t.insert(name, Value::Class(types.native(name)));
    }
    for (name, c) in exc.builtin_names() {
        t.insert(name, Value::Class(c.clone()));
    }
    t.insert("EnvironmentError", Value::Class(exc.os_error.clone()));
    t.insert("IOError", Value::Class(exc.os_error.clone()));
    t.insert("__name__", Value::str("__main__"));
    // Aio runs as CPython without -O: assertions on, `__debug__` true (and, being a
    // constant, never rebound: the parser refuses it as a target).
    t.insert("__debug__", Value::Bool(true));
    t
}

/// A keyword argument that has no place: given by position too (the name, the index), or
/// not a parameter.
enum Misplaced {
    Twice(Name, usize),
    Unknown(Name),
}

/// Puts positional then keyword arguments in the slots of `names` (the caller checked that
/// there are not too many positional ones).
fn place(args: CallArgs, names: &[&str]) -> Result<Vec<Option<Value>>, Misplaced> {
    // Positional arguments stay where they are (collecting reuses their allocation).
    let mut values: Vec<Option<Value>> = args.args.into_iter().map(Some).collect();
    values.truncate(names.len());
    values.resize(names.len(), None);
    for (k, v) in args.kwargs {
        match names.iter().position(|n| *n == &*k) {
            Some(i) if values[i].is_some() => return Err(Misplaced::Twice(k, i)),
            Some(i) => values[i] = Some(v),
            None => return Err(Misplaced::Unknown(k)),
        }
    }
    Ok(values)
}

/// Arguments matched against a builtin's parameter names.
pub struct Args {
    values: Vec<Option<Value>>,
}

impl Args {
    /// Matches positional and keyword arguments to `names`; the first `required` must be given.
    pub fn parse(
        interp: &Interp,
        fname: &str,
        args: CallArgs,
        names: &[&str],
        required: usize,
    ) -> PyResult<Args> {
        let given = args.args.len();
        if given > names.len() {
            return Err(interp.type_error(if names.len() == required {
                format!(
                    "{fname}() takes exactly {} argument{} ({given} given)",
                    names.len(),
                    if names.len() == 1 { "" } else { "s" }
                )
            } else {
                format!(
                    "{fname}() takes at most {} argument{} ({given} given)",
                    names.len(),
                    if names.len() == 1 { "" } else { "s" }
                )
            }));
        }
        let values = match place(args, names) {
            Ok(values) => values,
            Err(Misplaced::Twice(k, i)) => {
                return Err(interp.type_error(format!(
                    "argument for {fname}() given by name ('{k}') and position ({})",
                    i + 1
                )))
            }
            Err(Misplaced::Unknown(k)) => {
                return Err(interp.type_error(format!(
                    "'{k}' is an invalid keyword argument for {fname}()"
                )))
            }
        };
        for (i, name) in names.iter().enumerate().take(required) {
            if values[i].is_none() {
                return Err(interp.type_error(format!(
                    "{fname}() missing required argument '{name}' (pos {})",
                    i + 1
                )));
            }
        }
        Ok(Args { values })
    }

    /// As [`Args::parse`], with the messages CPython gives for a function written in Python
    /// (`Queue.put` is one there): `qualname` names it, `names` include `self`.
    pub fn parse_python(
        interp: &Interp,
        qualname: &str,
        args: CallArgs,
        names: &[&str],
        required: usize,
    ) -> PyResult<Args> {
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let given = args.args.len();
        if given > names.len() {
            let takes = if required == names.len() {
                format!("{required} positional argument{}", plural(required))
            } else {
                format!("from {required} to {} positional arguments", names.len())
            };
            return Err(interp.type_error(format!(
                "{qualname}() takes {takes} but {given} {} given",
                if given == 1 { "was" } else { "were" }
            )));
        }
        let values = match place(args, names) {
            Ok(values) => values,
            Err(Misplaced::Twice(k, _)) => {
                return Err(interp.type_error(format!(
                    "{qualname}() got multiple values for argument '{k}'"
                )))
            }
            Err(Misplaced::Unknown(k)) => {
                return Err(interp.type_error(format!(
                    "{qualname}() got an unexpected keyword argument '{k}'"
                )))
            }
        };
        let missing: Vec<String> = (0..required)
            .filter(|&i| values[i].is_none())
            .map(|i| format!("'{}'", names[i]))
            .collect();
        if !missing.is_empty() {
            let list = match missing.as_slice() {
                [one] => one.clone(),
                [init @ .., last] => format!("{} and {last}", init.join(", ")),
                [] => String::new(),
            };
            return Err(interp.type_error(format!(
                "{qualname}() missing {} required positional argument{}: {list}",
                missing.len(),
                plural(missing.len())
            )));
        }
        Ok(Args { values })
    }

    pub fn get(&self, i: usize) -> Option<&Value> {
        self.values.get(i).and_then(Option::as_ref)
    }

    /// The argument, treating an explicit `None` like a missing one.
    pub fn some(&self, i: usize) -> Option<&Value> {
        self.get(i).filter(|v| !v.is_none())
    }

    pub fn take(&mut self, i: usize) -> Value {
        self.values
            .get_mut(i)
            .and_then(Option::take)
            .unwrap_or(Value::None)
    }
}

/// Checks a builtin got no keyword arguments and between `min` and `max` positional ones.
#[inline]
pub fn positional(
    interp: &Interp,
    fname: &str,
    args: CallArgs,
    min: usize,
    max: usize,
) -> PyResult<Vec<Value>> {
    let n = args.args.len();
    if args.kwargs.is_empty() && (min..=max).contains(&n) {
        return Ok(args.args);
    }
    Err(wrong_positional(interp, fname, args, min, max))
}

/// Why a call [`positional`] refused is wrong, in CPython's words.
#[cold]
fn wrong_positional(interp: &Interp, fname: &str, args: CallArgs, min: usize, max: usize) -> Exc {
    if let Some((k, _)) = args.kwargs.first() {
        return interp
            .type_error(format!("{fname}() takes no keyword arguments"))
            .with_kw(k);
    }
    let n = args.args.len();
    {
        let msg = if min == max {
            match min {
                0 => format!("{fname}() takes no arguments ({n} given)"),
                1 => format!("{fname}() takes exactly one argument ({n} given)"),
                _ => format!("{fname}() takes exactly {min} arguments ({n} given)"),
            }
        } else if n < min {
            format!(
                "{fname} expected at least {min} argument{}, got {n}",
                if min == 1 { "" } else { "s" }
            )
        } else {
            format!(
                "{fname} expected at most {max} argument{}, got {n}",
                if max == 1 { "" } else { "s" }
            )
        };
        interp.type_error(msg)
    }
}

/// How CPython words a wrong argument count for a method with more than one form of call.
#[derive(Clone, Copy, PartialEq)]
pub enum Arity {
    /// Argument Clinic, positional-only: `insert expected 2 arguments, got 1`.
    Clinic,
    /// `PyArg_ParseTuple` or keyword-capable Clinic: `find() takes at least 1 argument (0 given)`.
    Tuple,
}

/// A method's arguments: the receiver first, then `min..=max` positional ones, checked with
/// CPython's messages (METH_NOARGS and METH_O forms when the method takes none or one).
#[inline]
pub fn method_args(
    interp: &Interp,
    owner: &str,
    name: &str,
    args: CallArgs,
    min: usize,
    max: usize,
    arity: Arity,
) -> PyResult<Vec<Value>> {
    let n = args.args.len().wrapping_sub(1);
    if args.kwargs.is_empty() && !args.args.is_empty() && (min..=max).contains(&n) {
        return Ok(args.args);
    }
    Err(method_args_error(
        interp, owner, name, args, min, max, arity,
    ))
}

#[inline(never)]
fn method_args_error(
    interp: &Interp,
    owner: &str,
    name: &str,
    args: CallArgs,
    min: usize,
    max: usize,
    arity: Arity,
) -> crate::object::Exc {
    if args.args.is_empty() {
        return interp.type_error(format!("unbound method {owner}.{name}() needs an argument"));
    }
    if !args.kwargs.is_empty() {
        return interp.type_error(format!("{owner}.{name}() takes no keyword arguments"));
    }
    let n = args.args.len() - 1;
    let plural = |k: usize| if k == 1 { "" } else { "s" };
    let msg = match (min, max, arity) {
        (0, 0, _) => format!("{owner}.{name}() takes no arguments ({n} given)"),
        (1, 1, Arity::Clinic) => {
            format!("{owner}.{name}() takes exactly one argument ({n} given)")
        }
        (_, _, Arity::Clinic) if min == max => {
            format!("{name} expected {min} argument{}, got {n}", plural(min))
        }
        (_, _, Arity::Clinic) if n < min => {
            format!(
                "{name} expected at least {min} argument{}, got {n}",
                plural(min)
            )
        }
        (_, _, Arity::Clinic) => {
            format!(
                "{name} expected at most {max} argument{}, got {n}",
                plural(max)
            )
        }
        _ if min == max => {
            format!(
                "{name}() takes exactly {min} argument{} ({n} given)",
                plural(min)
            )
        }
        _ if n < min => {
            format!(
                "{name}() takes at least {min} argument{} ({n} given)",
                plural(min)
            )
        }
        _ => format!(
            "{name}() takes at most {max} argument{} ({n} given)",
            plural(max)
        ),
    };
    interp.type_error(msg)
}

trait WithKw {
    fn with_kw(self, k: &str) -> Self;
}

impl WithKw for crate::object::Exc {
    fn with_kw(self, _k: &str) -> Self {
        self
    }
}

/// `NotImplemented`, `Ellipsis`.
pub struct Singleton(pub &'static str);

impl Native for Singleton {
    fn type_name(&self) -> &str {
        match self.0 {
            "Ellipsis" => "ellipsis",
            _ => "NotImplementedType",
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn repr(&self, _: &Interp, _: &Value) -> Option<PyResult<String>> {
        Some(Ok(self.0.to_string()))
    }
}

/// A `slice` object.
pub struct Slice {
    pub start: Value,
    pub stop: Value,
    pub step: Value,
}

impl Native for Slice {
    fn type_name(&self) -> &str {
        "slice"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn repr(&self, interp: &Interp, _: &Value) -> Option<PyResult<String>> {
        Some((|| {
            Ok(format!(
                "slice({}, {}, {})",
                interp.repr(&self.start)?,
                interp.repr(&self.stop)?,
                interp.repr(&self.step)?
            ))
        })())
    }
    fn get_attr(&self, _: &Interp, _: &Value, name: &str) -> Option<PyResult<Value>> {
        match name {
            "start" => Some(Ok(self.start.clone())),
            "stop" => Some(Ok(self.stop.clone())),
            "step" => Some(Ok(self.step.clone())),
            _ => None,
        }
    }
}

pub fn slice_value(start: Value, stop: Value, step: Value) -> Value {
    Value::native(Slice { start, stop, step })
}

/// `ascii()` of a repr: non-ASCII characters escaped.
pub fn ascii(repr: &str) -> String {
    let mut out = String::with_capacity(repr.len());
    for c in repr.chars() {
        let n = c as u32;
        if n < 0x80 {
            out.push(c);
        } else if n < 0x100 {
            out.push_str(&format!("\\x{n:02x}"));
        } else if n < 0x10000 {
            out.push_str(&format!("\\u{n:04x}"));
        } else {
            out.push_str(&format!("\\U{n:08x}"));
        }
    }
    out
}

/// Attributes of exception instances that are not in their `__dict__`.
pub fn exception_attr(interp: &Interp, inst: &Rc<Instance>, name: &str) -> Option<PyResult<Value>> {
    let d = inst.exc_data();
    Some(Ok(match name {
        "args" => Value::tuple(d.args.clone()),
        "__cause__" => d.cause.clone().unwrap_or(Value::None),
        "__context__" => d.context.clone().unwrap_or(Value::None),
        "__suppress_context__" => Value::Bool(d.suppress_context),
        "__traceback__" => traceback::traceback_value(&d.traceback),
        "__notes__" if !d.notes.is_empty() => Value::list(d.notes.clone()),
        "add_note" => {
            drop(d);
            return Some(Ok(Value::Builtin(Rc::new(Builtin {
                name: "add_note".into(),
                func: add_note,
                bound: Some(Value::Instance(inst.clone())),
                awaitable: None,
                unary: None,
                owner: None,
            }))));
        }
        "with_traceback" => {
            drop(d);
            return Some(Ok(Value::Builtin(Rc::new(Builtin {
                name: "with_traceback".into(),
                func: |_, a| Ok(a.args.into_iter().next().unwrap_or(Value::None)),
                bound: Some(Value::Instance(inst.clone())),
                awaitable: None,
                unary: None,
                owner: None,
            }))));
        }
        "message" | "exceptions"
            if inst.class.is_subclass_of(&interp.exc.exception_group)
                || inst.class.is_subclass_of(&interp.exc.base_exception_group) =>
        {
            let idx = if name == "message" { 0 } else { 1 };
            let v = d.args.get(idx).cloned().unwrap_or(Value::None);
            if name == "exceptions" {
                return Some(Ok(Value::tuple(interp.collect(&v).unwrap_or_default())));
            }
            v
        }
        "split" | "subgroup" | "derive" if exception_group::is_group(interp, inst) => {
            return exception_group::group_method(inst, name).map(Ok);
        }
        "code" if inst.class.is_subclass_of(&interp.exc.system_exit) => match d.args.len() {
            0 => Value::None,
            1 => d.args[0].clone(),
            _ => Value::tuple(d.args.clone()),
        },
        "value" if inst.class.is_subclass_of(&interp.exc.stop_iteration) => {
            d.args.first().cloned().unwrap_or(Value::None)
        }
        _ => return None,
    }))
}

fn add_note(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let mut a = args.args.into_iter();
    if let (Some(Value::Instance(inst)), Some(note)) = (a.next(), a.next()) {
        if !matches!(note, Value::Str(_)) {
            return Err(
                interp.type_error(format!("note must be a str, not '{}'", note.type_name()))
            );
        }
        inst.exc_data_mut().notes.push(note);
    }
    Ok(Value::None)
}

/// Assignments to exception attributes kept outside `__dict__`; `Ok(false)` if not one.
pub fn set_exception_attr(
    interp: &Interp,
    inst: &Rc<Instance>,
    name: &str,
    value: &Value,
) -> PyResult<bool> {
    let mut d = inst.exc_data_mut();
    match name {
        "args" => d.args = interp.collect(value)?,
        "__cause__" => {
            d.cause = (!value.is_none()).then(|| value.clone());
            d.suppress_context = true;
        }
        "__context__" => d.context = (!value.is_none()).then(|| value.clone()),
        "__suppress_context__" => d.suppress_context = matches!(value, Value::Bool(true)),
        "__traceback__" => {}
        _ => return Ok(false),
    }
    Ok(true)
}

/// A class's type name for messages.
pub fn class_name(c: &Class) -> &str {
    &c.name
}
