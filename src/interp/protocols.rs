//! The object protocols every value answers: `repr`, `str`, truth, `len`, hashing and
//! iteration, each built-in type directly and user classes through their dunder methods.

use std::rc::Rc;

use num_bigint::BigInt;
use num_traits::ToPrimitive;

use crate::format;
use crate::object::{Exc, PyResult};
use crate::value::{hash_bigint, hash_int, hash_tuple, Key, List, PyStr, Tuple, Value};

use super::Interp;

/// Where an iteration stands. Built-in sequences are walked in place; anything else is an
/// iterator object asked for `__next__`.
pub enum IterState {
    List(Rc<List>, usize),
    Tuple(Rc<Tuple>, usize),
    Range {
        next: i64,
        stop: i64,
        step: i64,
    },
    Str(Rc<PyStr>, usize),
    /// A dict's keys, values or items, read as the loop goes.
    Dict {
        dict: Rc<crate::value::Dict>,
        /// The position to look from.
        at: usize,
        /// The dict's size when iteration began (`usize::MAX` once an error is raised).
        len: usize,
        /// How many entries are still to come.
        left: usize,
        kind: crate::builtins::methods_dict::ViewKind,
    },
    Set(Rc<crate::value::Set>, usize, usize),
    Object(Value),
}

impl IterState {
    /// Iteration over `dict`'s keys, values or items.
    pub fn dict(
        dict: Rc<crate::value::Dict>,
        kind: crate::builtins::methods_dict::ViewKind,
    ) -> Self {
        let len = dict.map.borrow().len();
        IterState::Dict {
            dict,
            at: 0,
            len,
            left: len,
            kind,
        }
    }
}

impl Interp {
    pub fn repr(&self, v: &Value) -> PyResult<String> {
        Ok(match v {
            Value::None => "None".into(),
            Value::Bool(true) => "True".into(),
            Value::Bool(false) => "False".into(),
            Value::Int(i) => i.to_string(),
            Value::BigInt(b) => self.bigint_str(b)?,
            Value::Float(f) => format::float_repr(*f),
            Value::Str(s) => str_repr(s.as_str()),
            Value::List(l) => {
                // As CPython's `list_repr`: items read at each step (a `__repr__` may
                // change the list).
                self.guarded_repr(Rc::as_ptr(l) as usize, "[...]", || {
                    let mut out = String::from("[");
                    for i in 0.. {
                        let next = l.borrow().get(i).cloned();
                        let Some(v) = next else {
                            break;
                        };
                        if i > 0 {
                            out.push_str(", ");
                        }
                        out.push_str(&self.repr(&v)?);
                    }
                    out.push(']');
                    Ok(out)
                })?
            }
            Value::Tuple(t) => {
                if t.len() == 1 {
                    format!("({},)", self.repr(&t[0])?)
                } else {
                    self.guarded_repr(Rc::as_ptr(t) as usize, "(...)", || {
                        Ok(format!("({})", self.join_reprs(t)?))
                    })?
                }
            }
            Value::Dict(d) => {
                // As CPython's `dict_repr`: entries by position, read at each step (a
                // `__repr__` may change the dict).
                self.guarded_repr(Rc::as_ptr(d) as usize, "{...}", || {
                    let mut out = String::from("{");
                    let mut at = 0;
                    while let Some((k, v)) = crate::dictmap::next_entry(&d.map, &mut at) {
                        if out.len() > 1 {
                            out.push_str(", ");
                        }
                        out.push_str(&self.repr(&k.value)?);
                        out.push_str(": ");
                        out.push_str(&self.repr(&v)?);
                    }
                    out.push('}');
                    Ok(out)
                })?
            }
            Value::Set(s) => {
                let items: Vec<Value> = s.set.borrow().iter().map(|k| k.value.clone()).collect();
                let name = if s.frozen { "frozenset" } else { "set" };
                if items.is_empty() {
                    format!("{name}()")
                } else {
                    let inner = self
                        .guarded_repr(Rc::as_ptr(s) as usize, "...", || self.join_reprs(&items))?;
                    if s.frozen {
                        format!("frozenset({{{inner}}})")
                    } else {
                        format!("{{{inner}}}")
                    }
                }
            }
            Value::Function(f) => format!(
                "<function {} at {:#x}>",
                f.qualname.borrow(),
                self.id_of(Rc::as_ptr(f) as usize)
            ),
            Value::Builtin(b) => match &b.bound {
                Some(recv) if !matches!(recv, Value::Native(_)) => format!(
                    "<built-in method {} of {} object at {:#x}>",
                    b.name,
                    recv.type_name(),
                    self.id_of(0)
                ),
                _ => format!("<built-in function {}>", b.name),
            },
            Value::Method(m) => {
                let name = match &m.func {
                    Value::Function(f) => f.qualname.borrow().to_string(),
                    other => other.type_name(),
                };
                format!("<bound method {name} of {}>", self.repr(&m.receiver)?)
            }
            Value::Class(c) => match &*c.module {
                "builtins" => format!("<class '{}'>", c.qualname),
                m => format!("<class '{m}.{}'>", c.qualname),
            },
            Value::Instance(inst) => {
                if let Some(m) = self.lookup_special(v, "__repr__") {
                    let r = self.call_value(&m, vec![])?;
                    return match r {
                        Value::Str(s) => Ok(s.as_str().to_string()),
                        other => Err(self.type_error(format!(
                            "__repr__ returned non-string (type {})",
                            other.type_name()
                        ))),
                    };
                }
                if inst.exc.is_some() {
                    return self.exception_repr(inst);
                }
                if let Some(base) = inst.base_value.clone() {
                    return self.repr(&base);
                }
                format!(
                    "<{}.{} object at {:#x}>",
                    inst.class.module,
                    inst.class.qualname,
                    self.id_of(Rc::as_ptr(inst) as usize)
                )
            }
            Value::Native(_) => self.native_repr(v)?,
        })
    }

    fn exception_repr(&self, inst: &crate::object::Instance) -> PyResult<String> {
        let args = inst.exc_data().args.clone();
        let inner = if args.len() == 1 {
            self.repr(&args[0])?
        } else {
            self.join_reprs(&args)?
        };
        Ok(format!("{}({inner})", inst.class.name))
    }

    fn join_reprs(&self, items: &[Value]) -> PyResult<String> {
        let mut out = String::new();
        for (i, v) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(&self.repr(v)?);
        }
        Ok(out)
    }

    /// Reprs a container, printing `placeholder` if it is already being printed (a cycle).
    fn guarded_repr(
        &self,
        addr: usize,
        placeholder: &str,
        f: impl FnOnce() -> PyResult<String>,
    ) -> PyResult<String> {
        if self.repr_stack.borrow().contains(&addr) {
            return Ok(placeholder.to_string());
        }
        self.enter_recursion()?;
        self.repr_stack.borrow_mut().push(addr);
        let r = f();
        self.repr_stack.borrow_mut().pop();
        self.leave_recursion();
        r
    }

    pub fn enter_recursion(&self) -> PyResult<()> {
        self.enter_recursion_while(" while getting the repr of an object")
    }

    /// One more level of recursion through containers, counted with Python's frames
    /// (CPython's `Py_EnterRecursiveCall(where)`).
    pub fn enter_recursion_while(&self, doing: &str) -> PyResult<()> {
        let d = self.depth.get() + 1;
        if d > self.recursion_limit.get() {
            return Err(self.error(
                &self.exc.recursion_error,
                format!("maximum recursion depth exceeded{doing}"),
            ));
        }
        self.depth.set(d);
        Ok(())
    }

    /// Runs `f` one level deeper in the recursion count.
    pub fn recursing<T>(&self, doing: &str, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
        self.enter_recursion_while(doing)?;
        let r = f();
        self.leave_recursion();
        r
    }

    pub fn leave_recursion(&self) {
        self.depth.set(self.depth.get().saturating_sub(1));
    }

    pub fn bigint_str(&self, b: &num_bigint::BigInt) -> PyResult<String> {
        // CPython refuses to convert ints of more than 4300 digits (about 14,284 bits),
        // the longest at once, by their size.
        if b.bits() > 14_000 {
            let digits = crate::format::decimal_magnitude(b).map_err(|m| self.value_error(m))?;
            let sign = if b.sign() == num_bigint::Sign::Minus {
                "-"
            } else {
                ""
            };
            return Ok(format!("{sign}{digits}"));
        }
        Ok(b.to_string())
    }

    pub fn str(&self, v: &Value) -> PyResult<String> {
        match v {
            Value::Str(s) => Ok(s.as_str().to_string()),
            Value::Native(n) => match n.get_attr(self, v, "__str__") {
                Some(m) => {
                    let r = self.call_value(&m?, vec![])?;
                    self.str(&r)
                }
                None => self.repr(v),
            },
            Value::Instance(inst) => {
                if let Some(m) = self.lookup_special(v, "__str__") {
                    let r = self.call_value(&m, vec![])?;
                    return match r {
                        Value::Str(s) => Ok(s.as_str().to_string()),
                        other => Err(self.type_error(format!(
                            "__str__ returned non-string (type {})",
                            other.type_name()
                        ))),
                    };
                }
                if inst.exc.is_some() {
                    return crate::exceptions::default_str(self, inst);
                }
                if let Some(base) = inst.base_value.clone() {
                    return self.str(&base);
                }
                self.repr(v)
            }
            _ => self.repr(v),
        }
    }

    /// `str(v)` as a value, sharing the string when `v` already is one.
    pub fn str_value(&self, v: &Value) -> PyResult<Value> {
        match v {
            Value::Str(_) => Ok(v.clone()),
            Value::Int(i) => Ok(Value::string(i.to_string())),
            _ => Ok(Value::string(self.str(v)?)),
        }
    }

    pub fn truthy(&self, v: &Value) -> PyResult<bool> {
        Ok(match v {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::BigInt(_) => true,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.as_str().is_empty(),
            Value::List(l) => !l.borrow().is_empty(),
            Value::Tuple(t) => !t.is_empty(),
            Value::Dict(d) => !d.map.borrow().is_empty(),
            Value::Set(s) => !s.set.borrow().is_empty(),
            Value::Instance(_) => {
                if let Some(m) = self.lookup_special(v, "__bool__") {
                    return match self.call_value(&m, vec![])? {
                        Value::Bool(b) => Ok(b),
                        other => Err(self.type_error(format!(
                            "__bool__ should return bool, returned {}",
                            other.type_name()
                        ))),
                    };
                }
                if self.lookup_special(v, "__len__").is_some() {
                    return Ok(self.len(v)? != 0);
                }
                true
            }
            Value::Native(n) => {
                // A range is true when not empty, however long (`range_bool`).
                use crate::builtins::iterators::{BigRange, Range};
                if let Some(r) = n.as_any().downcast_ref::<Range>() {
                    return Ok(!r.is_empty());
                }
                if let Some(r) = n.as_any().downcast_ref::<BigRange>() {
                    return Ok(!r.is_empty());
                }
                match self.native_len(v) {
                    Some(n) => n? != 0,
                    None => true,
                }
            }
            _ => true,
        })
    }

    pub fn len(&self, v: &Value) -> PyResult<usize> {
        match v {
            Value::Str(s) => Ok(s.char_len()),
            Value::List(l) => Ok(l.borrow().len()),
            Value::Tuple(t) => Ok(t.len()),
            Value::Dict(d) => Ok(d.map.borrow().len()),
            Value::Set(s) => Ok(s.set.borrow().len()),
            Value::Instance(_) => {
                let Some(m) = self.lookup_special(v, "__len__") else {
                    return Err(self.no_len(v));
                };
                let r = self.call_value(&m, vec![])?;
                match self.index_value(&r)? {
                    Some(n) if n >= 0 => Ok(n as usize),
                    Some(_) => Err(self.value_error("__len__() should return >= 0")),
                    None => Err(self.type_error(format!(
                        "'{}' object cannot be interpreted as an integer",
                        r.type_name()
                    ))),
                }
            }
            _ => match self.native_len(v) {
                Some(n) => n,
                None => Err(self.no_len(v)),
            },
        }
    }

    fn no_len(&self, v: &Value) -> Exc {
        self.type_error(format!("object of type '{}' has no len()", v.type_name()))
    }

    /// An argument that must be an integer (`__index__`), with CPython's message otherwise.
    pub fn index_arg(&self, v: &Value) -> PyResult<i64> {
        self.index_value(v)?.ok_or_else(|| self.not_integer(v))
    }

    /// The `TypeError` for a value that has no `__index__`.
    pub fn not_integer(&self, v: &Value) -> Exc {
        self.type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            v.type_name()
        ))
    }

    /// An int usable as an index (`__index__`): `None` if `v` is not an integer, an
    /// `IndexError` if it does not fit (what CPython's subscripts raise).
    pub fn index_value(&self, v: &Value) -> PyResult<Option<i64>> {
        Ok(match self.index_parts(v)? {
            Some(Ok(i)) => Some(i),
            Some(Err(_)) => {
                return Err(self.error(
                    &self.exc.index_error,
                    "cannot fit 'int' into an index-sized integer",
                ))
            }
            None => None,
        })
    }

    /// A size, count or position argument (CPython's `Py_ssize_t` conversion): an int
    /// past the machine range is an `OverflowError`.
    pub fn ssize_arg(&self, v: &Value) -> PyResult<i64> {
        match self.index_parts(v)? {
            Some(Ok(i)) => Ok(i),
            Some(Err(_)) => {
                Err(self.overflow_error("Python int too large to convert to C ssize_t"))
            }
            None => Err(self.not_integer(v)),
        }
    }

    /// An argument CPython converts to a C `int` (`expandtabs`' tab size, `splitlines`'
    /// keepends): an int past 32 bits is an `OverflowError`.
    pub fn c_int_arg(&self, v: &Value) -> PyResult<i32> {
        match self.index_parts(v)? {
            Some(Ok(i)) => i32::try_from(i).ok(),
            Some(Err(_)) => None,
            None => return Err(self.not_integer(v)),
        }
        .ok_or_else(|| self.overflow_error("Python int too large to convert to C int"))
    }

    /// A slice-style start or end argument (`str.find`, `list.index`, ...): an int past
    /// the machine range is clamped to it, as CPython's `_PyEval_SliceIndex` does.
    /// `None` if `v` is not an integer.
    pub fn slice_index(&self, v: &Value) -> PyResult<Option<i64>> {
        Ok(self
            .index_parts(v)?
            .map(|r| r.unwrap_or_else(|neg| if neg { i64::MIN } else { i64::MAX })))
    }

    /// `v.__index__()`: `Ok(i)` if it fits an `i64`, `Err(negative)` if not; `None` if `v`
    /// is not an integer.
    fn index_parts(&self, v: &Value) -> PyResult<Option<Result<i64, bool>>> {
        Ok(match v {
            Value::Int(i) => Some(Ok(*i)),
            Value::Bool(b) => Some(Ok(*b as i64)),
            Value::BigInt(b) => Some(b.to_i64().ok_or(b.sign() == num_bigint::Sign::Minus)),
            Value::Instance(_) => match self.lookup_special(v, "__index__") {
                Some(m) => {
                    let r = self.call_value(&m, vec![])?;
                    self.index_parts(&r)?
                }
                None => None,
            },
            _ => None,
        })
    }

    /// `hash(v)`: strings (their hash kept) and ints, the commonest keys, inline.
    #[inline]
    pub fn hash(&self, v: &Value) -> PyResult<i64> {
        match v {
            Value::Str(s) => Ok(s.hash()),
            Value::Int(i) => Ok(hash_int(*i)),
            _ => self.hash_other(v),
        }
    }

    #[inline(never)]
    fn hash_other(&self, v: &Value) -> PyResult<i64> {
        Ok(match v {
            Value::None => 0x0fca_86b3,
            Value::Bool(b) => *b as i64,
            Value::Int(i) => hash_int(*i),
            Value::BigInt(b) => hash_bigint(b),
            Value::Float(f) => crate::modules::mt::python_float_hash(*f),
            Value::Str(s) => s.hash(),
            Value::Tuple(t) => {
                // CPython 3.11 hashes nested tuples without a check (and its C stack runs
                // out somewhere past 100,000 levels); ours stops at the same place.
                let depth = self.hash_depth.get();
                if depth > 100_000 {
                    return Err(self.error(
                        &self.exc.recursion_error,
                        "maximum recursion depth exceeded while calling a Python object",
                    ));
                }
                self.hash_depth.set(depth + 1);
                let mut hashes = Vec::with_capacity(t.len());
                let mut r = Ok(());
                for item in t.iter() {
                    match self.hash(item) {
                        Ok(h) => hashes.push(h),
                        Err(e) => {
                            r = Err(e);
                            break;
                        }
                    }
                }
                self.hash_depth.set(depth);
                r?;
                hash_tuple(&hashes)
            }
            Value::Set(s) if s.frozen => s.set.borrow().frozen_hash(),
            Value::List(_) | Value::Dict(_) | Value::Set(_) => {
                return Err(self.type_error(format!("unhashable type: '{}'", v.type_name())))
            }
            Value::Instance(inst) => {
                if let Some(m) = inst.class.lookup("__hash__") {
                    if m.is_none() {
                        return Err(
                            self.type_error(format!("unhashable type: '{}'", v.type_name()))
                        );
                    }
                    let r = self.call_value(&super::bind_method(v.clone(), m), vec![])?;
                    return match r {
                        Value::Int(i) => Ok(if i == -1 { -2 } else { i }),
                        Value::BigInt(b) => Ok(hash_bigint(&b)),
                        _ => Err(self.type_error("__hash__ method should return an integer")),
                    };
                }
                if inst.class.lookup("__eq__").is_some() {
                    return Err(self.type_error(format!("unhashable type: '{}'", v.type_name())));
                }
                (Rc::as_ptr(inst) as usize as i64) >> 4
            }
            Value::Function(f) => (Rc::as_ptr(f) as usize as i64) >> 4,
            Value::Class(c) => (Rc::as_ptr(c) as usize as i64) >> 4,
            Value::Native(n) => match crate::builtins::iterators::range_identity(v) {
                // `range_hash`: the hash of (length, start or None, step or None).
                Some((len, start, step)) => {
                    let part = |b: Option<BigInt>| b.map_or(Value::None, Value::from_bigint);
                    let t = Value::tuple(vec![Value::from_bigint(len), part(start), part(step)]);
                    self.hash(&t)?
                }
                None => (n.as_ptr() as usize as i64) >> 4,
            },
            Value::Builtin(b) => (Rc::as_ptr(b) as usize as i64) >> 4,
            Value::Method(m) => self.hash(&m.receiver)? ^ self.hash(&m.func)?,
        })
    }

    pub fn to_key(&self, v: &Value) -> PyResult<Key> {
        Ok(Key {
            hash: self.hash(v)?,
            value: v.clone(),
        })
    }

    // ------------------------------------------------------------ iteration

    pub fn get_iter(&self, v: &Value) -> PyResult<IterState> {
        Ok(match v {
            Value::List(l) => IterState::List(l.clone(), 0),
            Value::Tuple(t) => IterState::Tuple(t.clone(), 0),
            Value::Str(s) => IterState::Str(s.clone(), 0),
            Value::Dict(d) => {
                IterState::dict(d.clone(), crate::builtins::methods_dict::ViewKind::Keys)
            }
            Value::Set(s) => {
                let len = s.set.borrow().len();
                IterState::Set(s.clone(), 0, len)
            }
            _ => {
                if let Some(r) = self.native_range(v) {
                    return Ok(r);
                }
                match v {
                    Value::Instance(_) | Value::Native(_) => {
                        IterState::Object(self.iter_object(v)?)
                    }
                    _ => return Err(self.not_iterable(v)),
                }
            }
        })
    }

    /// `iter(v)` for objects: the iterator object itself.
    pub fn iter_object(&self, v: &Value) -> PyResult<Value> {
        match v {
            Value::Instance(_) => {
                if let Some(m) = self.lookup_special(v, "__iter__") {
                    let it = self.call_value(&m, vec![])?;
                    if self.lookup_special(&it, "__next__").is_none()
                        && !self.is_native_iterator(&it)
                    {
                        return Err(self.type_error(format!(
                            "iter() returned non-iterator of type '{}'",
                            it.type_name()
                        )));
                    }
                    return Ok(it);
                }
                if self.lookup_special(v, "__getitem__").is_some() {
                    return Ok(crate::builtins::iterators::seq_iter(self, v.clone()));
                }
                Err(self.not_iterable(v))
            }
            Value::Native(_) => self.native_iter(v),
            _ => {
                let state = self.get_iter(v)?;
                Ok(crate::builtins::iterators::state_iter(state))
            }
        }
    }

    pub fn not_iterable(&self, v: &Value) -> Exc {
        self.type_error(format!("'{}' object is not iterable", v.type_name()))
    }

    /// The next item of an iteration. A range and a list, the commonest, are stepped
    /// inline in the loop that asks.
    #[inline]
    pub fn next(&self, it: &mut IterState) -> PyResult<Option<Value>> {
        match it {
            IterState::Range { next, stop, step } if *step == 1 => {
                // Each item is a step of the run (see `limits.rs`).
                self.tick()?;
                if *next < *stop {
                    let v = *next;
                    *next += 1;
                    return Ok(Some(Value::Int(v)));
                }
                Ok(None)
            }
            _ => self.next_other(it),
        }
    }

    fn next_other(&self, it: &mut IterState) -> PyResult<Option<Value>> {
        // Each item is a step of the run (see `limits.rs`).
        self.tick()?;
        Ok(match it {
            IterState::List(l, i) => {
                let v = l.borrow().get(*i).cloned();
                *i += 1;
                v
            }
            IterState::Tuple(t, i) => {
                let v = t.get(*i).cloned();
                *i += 1;
                v
            }
            IterState::Range { next, stop, step } => {
                if (*step > 0 && *next < *stop) || (*step < 0 && *next > *stop) {
                    let v = *next;
                    *next = next.saturating_add(*step);
                    Some(Value::Int(v))
                } else {
                    None
                }
            }
            IterState::Str(s, pos) => {
                let text = s.as_str();
                match text[*pos..].chars().next() {
                    Some(c) => {
                        *pos += c.len_utf8();
                        let mut buf = [0u8; 4];
                        Some(Value::str(c.encode_utf8(&mut buf)))
                    }
                    None => None,
                }
            }
            IterState::Dict {
                dict,
                at,
                len,
                left,
                kind,
            } => {
                use crate::builtins::methods_dict::ViewKind;
                let map = dict.map.borrow();
                if map.len() != *len {
                    *len = usize::MAX;
                    return Err(self.runtime_error("dictionary changed size during iteration"));
                }
                let found = map.next_from(*at);
                *at = found.map_or(*at, |found| found + 1);
                let Some((k, v)) = found.and_then(|found| map.get_index(found)) else {
                    return Ok(None);
                };
                // Deleted and added keys (the size as it was) show as a key too many.
                if *left == 0 {
                    *len = usize::MAX;
                    return Err(self.runtime_error("dictionary keys changed during iteration"));
                }
                *left -= 1;
                Some(match kind {
                    ViewKind::Keys => k.value.clone(),
                    ViewKind::Values => v.clone(),
                    ViewKind::Items => Value::tuple(vec![k.value.clone(), v.clone()]),
                })
            }
            IterState::Set(s, i, len) => {
                let set = s.set.borrow();
                if set.len() != *len {
                    *len = usize::MAX;
                    return Err(self.runtime_error("Set changed size during iteration"));
                }
                match set.next_from(*i) {
                    Some((k, next)) => {
                        *i = next;
                        Some(k.value.clone())
                    }
                    None => {
                        *i = usize::MAX;
                        None
                    }
                }
            }
            IterState::Object(obj) => self.next_of(obj)?,
        })
    }

    /// Calls `__next__` on an iterator object; `None` when it is exhausted.
    pub fn next_of(&self, obj: &Value) -> PyResult<Option<Value>> {
        if let Value::Native(_) = obj {
            return self.native_next(obj);
        }
        let Some(m) = self.lookup_special(obj, "__next__") else {
            return Err(self.type_error(format!("'{}' object is not an iterator", obj.type_name())));
        };
        match self.call_value(&m, vec![]) {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.is(&self.exc.stop_iteration) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Every item of an iterable, in order.
    pub fn collect(&self, v: &Value) -> PyResult<Vec<Value>> {
        let mut out = Vec::new();
        self.collect_into(v, &mut out)?;
        Ok(out)
    }

    /// Appends the items of the iterable `v` to `out` (a call's `*args` are collected
    /// straight into its arguments, not into a copy first).
    pub fn collect_into(&self, v: &Value, out: &mut Vec<Value>) -> PyResult<()> {
        match v {
            Value::List(l) => {
                out.extend(l.borrow().iter().cloned());
                return Ok(());
            }
            Value::Tuple(t) => {
                out.extend(t.iter().cloned());
                return Ok(());
            }
            _ => {}
        }
        let mut it = self.get_iter(v)?;
        if let IterState::Range { next, stop, step } = &it {
            // A range knows its length: room for all of it at once, or a MemoryError at
            // once, as CPython's `list(range(...))` (instead of growing until an abort).
            let len = range_len(*next, *stop, *step);
            self.check_alloc(len, std::mem::size_of::<Value>())?;
            out.try_reserve_exact(len)
                .map_err(|_| self.memory_error())?;
        }
        while let Some(x) = self.next(&mut it)? {
            out.push(x);
        }
        Ok(())
    }
}

/// How many items a range iteration at `next` has left.
fn range_len(next: i64, stop: i64, step: i64) -> usize {
    let (next, stop, step) = (next as i128, stop as i128, step as i128);
    let n = if step > 0 && next < stop {
        (stop - next - 1) / step + 1
    } else if step < 0 && next > stop {
        (next - stop - 1) / -step + 1
    } else {
        0
    };
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// `repr()` of a str: single quotes unless the text has single quotes and no double ones.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if !is_printable(c) => {
                let n = c as u32;
                if n < 0x100 {
                    out.push_str(&format!("\\x{n:02x}"));
                } else if n < 0x10000 {
                    out.push_str(&format!("\\u{n:04x}"));
                } else {
                    out.push_str(&format!("\\U{n:08x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Python's `str.isprintable` for one character (approximated by Unicode categories that
/// Rust exposes: control, format, unassigned-looking and separators other than space).
pub fn is_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    let n = c as u32;
    if (0x80..0xa0).contains(&n) || n == 0xad {
        return false;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    // Format characters, surrogates, private use (the BMP's and planes 15-16), tags and
    // noncharacters are not printable.
    !(matches!(n, 0x200b..=0x200f | 0x2028..=0x202e | 0x2060..=0x206f | 0xfeff | 0xd800..=0xdfff | 0xe000..=0xf8ff | 0xfff9..=0xfffb | 0xfdd0..=0xfdef | 0xe0000..=0xe007f | 0xf0000..)
        || n & 0xfffe == 0xfffe)
}
