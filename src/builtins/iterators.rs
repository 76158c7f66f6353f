//! Iterator objects: `range`, `enumerate`, `zip`, `map`, `filter`, `reversed`, and the
//! iterators `iter()` returns for the built-in containers.

use std::any::Any;
use std::cell::RefCell;

use super::{positional, Args};
use crate::interp::{Interp, IterState};
use crate::object::{CallArgs, Exc, PyResult};
use crate::value::{Native, Value};
use num_bigint::BigInt;
use num_traits::{FromPrimitive, Signed, ToPrimitive, Zero};

macro_rules! iterator_native {
    ($t:ty, $name:expr) => {
        impl Native for $t {
            fn type_name(&self) -> &str {
                $name
            }
            fn as_any(&self) -> &dyn Any {
                self
            }
            fn iter(&self, _: &Interp, this: &Value) -> Option<PyResult<Value>> {
                Some(Ok(this.clone()))
            }
            fn next(&self, interp: &Interp, _: &Value) -> Option<PyResult<Option<Value>>> {
                Some(self.advance(interp))
            }
        }
    };
}

/// The iterator over a built-in container (`iter([1, 2])`).
pub struct StateIter {
    state: RefCell<Option<IterState>>,
    name: &'static str,
}

impl StateIter {
    fn advance(&self, interp: &Interp) -> PyResult<Option<Value>> {
        let mut state = self.state.borrow_mut();
        let Some(s) = state.as_mut() else {
            return Ok(None);
        };
        let r = interp.next(s)?;
        if r.is_none() {
            *state = None;
        }
        Ok(r)
    }
}

impl Native for StateIter {
    fn type_name(&self) -> &str {
        self.name
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn iter(&self, _: &Interp, this: &Value) -> Option<PyResult<Value>> {
        Some(Ok(this.clone()))
    }
    fn next(&self, interp: &Interp, _: &Value) -> Option<PyResult<Option<Value>>> {
        Some(self.advance(interp))
    }
}

pub fn state_iter(state: IterState) -> Value {
    let name = match &state {
        IterState::List(..) => "list_iterator",
        IterState::Tuple(..) => "tuple_iterator",
        IterState::Range { .. } => "range_iterator",
        IterState::Str(..) => "str_ascii_iterator",
        IterState::Dict { kind, .. } => match kind {
            super::methods_dict::ViewKind::Keys => "dict_keyiterator",
            super::methods_dict::ViewKind::Values => "dict_valueiterator",
            super::methods_dict::ViewKind::Items => "dict_itemiterator",
        },
        IterState::Set(..) => "set_iterator",
        IterState::Object(_) => "iterator",
    };
    Value::native(StateIter {
        state: RefCell::new(Some(state)),
        name,
    })
}

/// Iteration over an object with only `__getitem__`.
pub struct SeqIter {
    obj: Value,
    index: RefCell<Option<i64>>,
}

impl SeqIter {
    fn advance(&self, interp: &Interp) -> PyResult<Option<Value>> {
        let Some(i) = *self.index.borrow() else {
            return Ok(None);
        };
        match interp.get_item(&self.obj, &Value::Int(i)) {
            Ok(v) => {
                *self.index.borrow_mut() = Some(i + 1);
                Ok(Some(v))
            }
            Err(e) if e.is(&interp.exc.index_error) || e.is(&interp.exc.stop_iteration) => {
                *self.index.borrow_mut() = None;
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }
}
iterator_native!(SeqIter, "iterator");

pub fn seq_iter(_interp: &Interp, obj: Value) -> Value {
    Value::native(SeqIter {
        obj,
        index: RefCell::new(Some(0)),
    })
}

/// `iter(callable, sentinel)`.
pub struct CallableIter {
    func: Value,
    sentinel: Value,
    done: RefCell<bool>,
}

impl CallableIter {
    fn advance(&self, interp: &Interp) -> PyResult<Option<Value>> {
        if *self.done.borrow() {
            return Ok(None);
        }
        let v = interp.call_value(&self.func, vec![])?;
        if interp.eq(&v, &self.sentinel)? {
            *self.done.borrow_mut() = true;
            return Ok(None);
        }
        Ok(Some(v))
    }
}
iterator_native!(CallableIter, "callable_iterator");

pub fn callable_iter(func: Value, sentinel: Value) -> Value {
    Value::native(CallableIter {
        func,
        sentinel,
        done: RefCell::new(false),
    })
}

/// The StopIteration `next()` raises when `it` is exhausted (with a generator's return value).
pub fn take_stop_iteration(interp: &Interp, it: &Value) -> Exc {
    let value = crate::interp::suspend::take_return_value(it).unwrap_or(Value::None);
    interp.stop_iteration(value)
}

// ---------------------------------------------------------------- range

pub struct Range {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
}

impl Range {
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn len(&self) -> usize {
        self.length().try_into().unwrap_or(usize::MAX)
    }

    fn length(&self) -> i128 {
        let (start, stop, step) = (self.start as i128, self.stop as i128, self.step as i128);
        let n = if step > 0 {
            (stop - start + step - 1) / step
        } else {
            (start - stop - step - 1) / -step
        };
        n.max(0)
    }

    fn at(&self, i: usize) -> i64 {
        self.start + self.step * i as i64
    }
}

impl Native for Range {
    fn type_name(&self) -> &str {
        "range"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn repr(&self, _: &Interp, _: &Value) -> Option<PyResult<String>> {
        Some(Ok(if self.step == 1 {
            format!("range({}, {})", self.start, self.stop)
        } else {
            format!("range({}, {}, {})", self.start, self.stop, self.step)
        }))
    }
    fn len(&self, interp: &Interp) -> Option<PyResult<usize>> {
        Some(ssize(interp, self.length()))
    }
    fn as_range(&self) -> Option<(i64, i64, i64)> {
        Some((self.start, self.stop, self.step))
    }
    fn iter(&self, _: &Interp, _: &Value) -> Option<PyResult<Value>> {
        Some(Ok(state_iter(IterState::Range {
            next: self.start,
            stop: self.stop,
            step: self.step,
        })))
    }
    fn contains(&self, _interp: &Interp, item: &Value) -> Option<PyResult<bool>> {
        let i = &match item {
            Value::Int(i) => *i,
            Value::Bool(b) => *b as i64,
            Value::Float(f) if f.fract() == 0.0 => *f as i64,
            _ => return Some(Ok(false)),
        };
        let inside = if self.step > 0 {
            *i >= self.start && *i < self.stop
        } else {
            *i <= self.start && *i > self.stop
        };
        Some(Ok(inside && (i - self.start) % self.step == 0))
    }
    fn get_item(&self, interp: &Interp, index: &Value) -> Option<PyResult<Value>> {
        if let Some(s) = index.downcast::<super::Slice>() {
            return Some((|| {
                let (a, b, c) =
                    interp.slice_bounds(&s.start, &s.stop, &s.step, Range::len(self))?;
                Ok(Value::native(Range {
                    start: self.at(a.max(0) as usize),
                    stop: self.start + self.step * b,
                    step: self.step * c,
                }))
            })());
        }
        // CPython computes a range's item with ints of any size: a huge index is simply
        // out of range.
        if let Value::BigInt(_) = index {
            return Some(Err(interp.index_error("range object index out of range")));
        }
        Some(
            interp
                .seq_index(index, Range::len(self), "range object")
                .map(|i| Value::Int(self.at(i))),
        )
    }
    fn get_attr(&self, _: &Interp, _: &Value, name: &str) -> Option<PyResult<Value>> {
        match name {
            "start" => Some(Ok(Value::Int(self.start))),
            "stop" => Some(Ok(Value::Int(self.stop))),
            "step" => Some(Ok(Value::Int(self.step))),
            _ => None,
        }
    }
}

/// What a range's equality and hash look at (CPython's `range_equals` / `range_hash`): its
/// length, its start when not empty, its step when longer than one.
pub fn range_identity(v: &Value) -> Option<(BigInt, Option<BigInt>, Option<BigInt>)> {
    let Value::Native(n) = v else {
        return None;
    };
    let any = n.as_any();
    let (len, start, step) = if let Some(r) = any.downcast_ref::<Range>() {
        (
            BigInt::from(r.length()),
            BigInt::from(r.start),
            BigInt::from(r.step),
        )
    } else if let Some(r) = any.downcast_ref::<BigRange>() {
        (r.length(), r.start.clone(), r.step.clone())
    } else {
        return None;
    };
    Some(if len.is_zero() {
        (len, None, None)
    } else if len == BigInt::from(1) {
        (len, Some(start), None)
    } else {
        (len, Some(start), Some(step))
    })
}

/// `len()` of a range: CPython's `range_length` converts the length to a `Py_ssize_t`.
fn ssize(interp: &Interp, n: impl TryInto<isize>) -> PyResult<usize> {
    match n.try_into() {
        Ok(n) => Ok(n.max(0) as usize),
        Err(_) => Err(interp.overflow_error("Python int too large to convert to C ssize_t")),
    }
}

pub fn range(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "range", args, 1, 3)?;
    let int_arg = |v| crate::modules::math::to_int(interp, v);
    let (start, stop, step) = match a.len() {
        1 => (BigInt::from(0), int_arg(&a[0])?, BigInt::from(1)),
        2 => (int_arg(&a[0])?, int_arg(&a[1])?, BigInt::from(1)),
        _ => (int_arg(&a[0])?, int_arg(&a[1])?, int_arg(&a[2])?),
    };
    if step.is_zero() {
        return Err(interp.value_error("range() arg 3 must not be zero"));
    }
    Ok(make_range(start, stop, step))
}

/// A range object: the machine-int one when every number fits.
fn make_range(start: BigInt, stop: BigInt, step: BigInt) -> Value {
    match (start.to_i64(), stop.to_i64(), step.to_i64()) {
        (Some(start), Some(stop), Some(step)) => Value::native(Range { start, stop, step }),
        _ => Value::native(BigRange { start, stop, step }),
    }
}

/// A `range` with a bound or step beyond 64 bits, computed in big ints as CPython's
/// range object always is.
pub struct BigRange {
    start: BigInt,
    stop: BigInt,
    step: BigInt,
}

impl BigRange {
    /// `compute_range_length`.
    fn length(&self) -> BigInt {
        let (lo, hi, step) = if self.step.is_positive() {
            (&self.start, &self.stop, self.step.clone())
        } else {
            (&self.stop, &self.start, -&self.step)
        };
        if lo >= hi {
            return BigInt::from(0);
        }
        (hi - lo - 1u8) / step + 1u8
    }

    pub fn is_empty(&self) -> bool {
        self.length().is_zero()
    }

    fn at(&self, i: &BigInt) -> BigInt {
        &self.start + &self.step * i
    }

    /// `compute_slice`: the range of the elements a slice selects.
    fn slice(&self, interp: &Interp, s: &super::Slice) -> PyResult<Value> {
        let part = |v: &Value| -> PyResult<Option<BigInt>> {
            match v {
                Value::None => Ok(None),
                v => crate::modules::math::to_int(interp, v)
                    .map(Some)
                    .map_err(|_| {
                        interp.type_error(
                            "slice indices must be integers or None or have an __index__ method",
                        )
                    }),
            }
        };
        let step = part(&s.step)?.unwrap_or_else(|| BigInt::from(1));
        if step.is_zero() {
            return Err(interp.value_error("slice step cannot be zero"));
        }
        let len = self.length();
        let (lower, upper) = if step.is_negative() {
            (BigInt::from(-1), &len - 1u8)
        } else {
            (BigInt::from(0), len.clone())
        };
        let clamp = |i: Option<BigInt>, default: &BigInt| match i {
            None => default.clone(),
            Some(i) if i.is_negative() => (i + &len).max(lower.clone()),
            Some(i) => i.min(upper.clone()),
        };
        let (start, stop) = if step.is_negative() {
            (
                clamp(part(&s.start)?, &upper),
                clamp(part(&s.stop)?, &lower),
            )
        } else {
            (
                clamp(part(&s.start)?, &lower),
                clamp(part(&s.stop)?, &upper),
            )
        };
        Ok(make_range(
            self.at(&start),
            self.at(&stop),
            &self.step * step,
        ))
    }
}

impl Native for BigRange {
    fn type_name(&self) -> &str {
        "range"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn repr(&self, _: &Interp, _: &Value) -> Option<PyResult<String>> {
        Some(Ok(if self.step == BigInt::from(1) {
            format!("range({}, {})", self.start, self.stop)
        } else {
            format!("range({}, {}, {})", self.start, self.stop, self.step)
        }))
    }
    fn len(&self, interp: &Interp) -> Option<PyResult<usize>> {
        Some(ssize(interp, self.length().to_i128().unwrap_or(i128::MAX)))
    }
    fn iter(&self, _: &Interp, _: &Value) -> Option<PyResult<Value>> {
        Some(Ok(Value::native(BigRangeIter {
            next: RefCell::new(self.start.clone()),
            left: RefCell::new(self.length()),
            step: self.step.clone(),
        })))
    }
    fn contains(&self, _interp: &Interp, item: &Value) -> Option<PyResult<bool>> {
        let i = match item {
            Value::Float(f) if f.fract() == 0.0 => BigInt::from_f64(*f),
            _ => item.as_bigint(),
        };
        let Some(i) = i else {
            return Some(Ok(false));
        };
        let inside = if self.step.is_positive() {
            i >= self.start && i < self.stop
        } else {
            i <= self.start && i > self.stop
        };
        Some(Ok(inside && ((i - &self.start) % &self.step).is_zero()))
    }
    fn get_item(&self, interp: &Interp, index: &Value) -> Option<PyResult<Value>> {
        if let Some(s) = index.downcast::<super::Slice>() {
            return Some(self.slice(interp, s));
        }
        Some((|| {
            let mut i = crate::modules::math::to_int(interp, index).map_err(|_| {
                interp.type_error(format!(
                    "range indices must be integers or slices, not {}",
                    index.type_name()
                ))
            })?;
            let len = self.length();
            if i.is_negative() {
                i += &len;
            }
            if i.is_negative() || i >= len {
                return Err(
                    interp.error(&interp.exc.index_error, "range object index out of range")
                );
            }
            Ok(Value::from_bigint(self.at(&i)))
        })())
    }
    fn get_attr(&self, _: &Interp, _: &Value, name: &str) -> Option<PyResult<Value>> {
        let v = match name {
            "start" => &self.start,
            "stop" => &self.stop,
            "step" => &self.step,
            _ => return None,
        };
        Some(Ok(Value::from_bigint(v.clone())))
    }
}

/// The iterator of a `BigRange` (CPython's `longrange_iterator`).
pub struct BigRangeIter {
    next: RefCell<BigInt>,
    left: RefCell<BigInt>,
    step: BigInt,
}

impl BigRangeIter {
    fn advance(&self, _: &Interp) -> PyResult<Option<Value>> {
        let mut left = self.left.borrow_mut();
        if !left.is_positive() {
            return Ok(None);
        }
        *left -= 1u8;
        let mut next = self.next.borrow_mut();
        let v = next.clone();
        *next += &self.step;
        Ok(Some(Value::from_bigint(v)))
    }
}
iterator_native!(BigRangeIter, "longrange_iterator");

// ---------------------------------------------------------------- adapters

pub struct Enumerate {
    inner: RefCell<IterState>,
    count: RefCell<Value>,
}

impl Enumerate {
    fn advance(&self, interp: &Interp) -> PyResult<Option<Value>> {
        let Some(v) = interp.next(&mut self.inner.borrow_mut())? else {
            return Ok(None);
        };
        let n = self.count.borrow().clone();
        let next = interp.binary_op(crate::ast::BinOp::Add, &n, &Value::Int(1))?;
        *self.count.borrow_mut() = next;
        Ok(Some(Value::tuple(vec![n, v])))
    }
}
iterator_native!(Enumerate, "enumerate");

pub fn enumerate(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let mut a = Args::parse(interp, "enumerate", args, &["iterable", "start"], 1)?;
    let start = match a.get(1) {
        None => Value::Int(0),
        Some(v @ (Value::Int(_) | Value::BigInt(_))) => v.clone(),
        Some(v) => Value::Int(interp.index_arg(v)?),
    };
    let iterable = a.take(0);
    Ok(Value::native(Enumerate {
        inner: RefCell::new(interp.get_iter(&iterable)?),
        count: RefCell::new(start),
    }))
}

pub struct Zip {
    inners: RefCell<Vec<IterState>>,
    strict: bool,
}

impl Zip {
    fn advance(&self, interp: &Interp) -> PyResult<Option<Value>> {
        let mut inners = self.inners.borrow_mut();
        if inners.is_empty() {
            return Ok(None);
        }
        let mut out = Vec::with_capacity(inners.len());
        for (i, it) in inners.iter_mut().enumerate() {
            match interp.next(it)? {
                Some(v) => out.push(v),
                None => {
                    if self.strict && i > 0 {
                        return Err(interp.value_error(format!(
                            "zip() argument {} is shorter than argument 1",
                            i + 1
                        )));
                    }
                    inners.clear();
                    return Ok(None);
                }
            }
        }
        Ok(Some(Value::tuple(out)))
    }
}
iterator_native!(Zip, "zip");

pub fn zip(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let strict = match &args.kwargs[..] {
        [] => false,
        [(k, v)] if &**k == "strict" => interp.truthy(v)?,
        [(k, _)] => {
            return Err(interp.type_error(format!("'{k}' is an invalid keyword argument for zip()")))
        }
        more => {
            return Err(interp.type_error(format!(
                "zip() takes at most 1 keyword argument ({} given)",
                more.len()
            )))
        }
    };
    let mut inners = Vec::new();
    for (i, a) in args.args.iter().enumerate() {
        inners.push(interp.get_iter(a).map_err(|_| {
            interp.type_error(format!("zip argument #{} must support iteration", i + 1))
        })?);
    }
    Ok(Value::native(Zip {
        inners: RefCell::new(inners),
        strict,
    }))
}

pub struct Map {
    func: Value,
    inners: RefCell<Vec<IterState>>,
}

impl Map {
    fn advance(&self, interp: &Interp) -> PyResult<Option<Value>> {
        let mut args = Vec::new();
        {
            let mut inners = self.inners.borrow_mut();
            for it in inners.iter_mut() {
                match interp.next(it)? {
                    Some(v) => args.push(v),
                    None => return Ok(None),
                }
            }
        }
        interp.call_value(&self.func, args).map(Some)
    }
}
iterator_native!(Map, "map");

pub fn map(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "map", args, 2, usize::MAX)?;
    let mut inners = Vec::new();
    for v in &a[1..] {
        inners.push(interp.get_iter(v)?);
    }
    Ok(Value::native(Map {
        func: a[0].clone(),
        inners: RefCell::new(inners),
    }))
}

pub struct Filter {
    func: Value,
    inner: RefCell<IterState>,
}

impl Filter {
    fn advance(&self, interp: &Interp) -> PyResult<Option<Value>> {
        loop {
            let next = interp.next(&mut self.inner.borrow_mut())?;
            let Some(v) = next else {
                return Ok(None);
            };
            let keep = if self.func.is_none() {
                interp.truthy(&v)?
            } else {
                let r = interp.call_value(&self.func, vec![v.clone()])?;
                interp.truthy(&r)?
            };
            if keep {
                return Ok(Some(v));
            }
        }
    }
}
iterator_native!(Filter, "filter");

pub fn filter(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "filter", args, 2, 2)?;
    Ok(Value::native(Filter {
        func: a[0].clone(),
        inner: RefCell::new(interp.get_iter(&a[1])?),
    }))
}

pub struct Reversed {
    items: RefCell<Vec<Value>>,
}

impl Reversed {
    fn advance(&self, _: &Interp) -> PyResult<Option<Value>> {
        Ok(self.items.borrow_mut().pop())
    }
}
iterator_native!(Reversed, "reversed");

pub fn reversed(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "reversed", args, 1, 1)?;
    let v = &a[0];
    if let Some(m) = interp.lookup_special(v, "__reversed__") {
        return interp.call_value(&m, vec![]);
    }
    let items = match v {
        Value::List(_) | Value::Tuple(_) | Value::Str(_) => interp.collect(v)?,
        Value::Dict(d) => d.map.borrow().keys().map(|k| k.value.clone()).collect(),
        Value::Native(n) if n.as_range().is_some() => interp.collect(v)?,
        // Dict views are reversible (CPython 3.8).
        Value::Native(n) if n.as_any().is::<super::methods_dict::DictView>() => {
            interp.collect(v)?
        }
        Value::Instance(_) if interp.lookup_special(v, "__getitem__").is_some() => {
            let n = interp.len(v)?;
            let mut out = Vec::with_capacity(n);
            for i in 0..n {
                out.push(interp.get_item(v, &Value::Int(i as i64))?);
            }
            out
        }
        _ => return Err(interp.type_error(format!("'{}' object is not reversible", v.type_name()))),
    };
    Ok(Value::native(Reversed {
        items: RefCell::new(items),
    }))
}
