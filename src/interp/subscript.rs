//! Indexing and slicing: `x[i]`, `x[a:b:c]`, their assignment and deletion, and the
//! `format()` / `%` glue between values and `format.rs`.

use num_bigint::BigInt;

use crate::format;
use crate::object::PyResult;
use crate::value::{Key, PyStr, Value};

use super::Interp;

/// Python's `slice.indices(len)`: clamped start, stop and step.
pub fn slice_indices(
    start: Option<i64>,
    stop: Option<i64>,
    step: i64,
    len: i64,
) -> (i64, i64, i64) {
    let (lower, upper) = if step < 0 { (-1, len - 1) } else { (0, len) };
    let clamp = |v: Option<i64>, default: i64| match v {
        None => default,
        Some(v) if v < 0 => (v + len).max(lower),
        Some(v) => v.min(upper),
    };
    let start = clamp(start, if step < 0 { upper } else { lower });
    let stop = clamp(stop, if step < 0 { lower } else { upper });
    (start, stop, step)
}

/// The positions a clamped slice selects.
pub fn slice_positions(start: i64, stop: i64, step: i64) -> impl Iterator<Item = usize> {
    let mut i = start;
    std::iter::from_fn(move || {
        if (step > 0 && i < stop) || (step < 0 && i > stop) {
            let v = i;
            i += step;
            Some(v as usize)
        } else {
            None
        }
    })
}

impl Interp {
    fn slice_part(&self, v: &Value) -> PyResult<Option<i64>> {
        if v.is_none() {
            return Ok(None);
        }
        match self.index_value(v) {
            Ok(Some(i)) => Ok(Some(i)),
            Ok(None) => Err(self
                .type_error("slice indices must be integers or None or have an __index__ method")),
            Err(_) => Ok(Some(
                if matches!(v, Value::BigInt(b) if b.sign() == num_bigint::Sign::Minus) {
                    i64::MIN / 2
                } else {
                    i64::MAX / 2
                },
            )),
        }
    }

    /// Resolves slice parts against a length.
    pub fn slice_bounds(
        &self,
        a: &Value,
        b: &Value,
        c: &Value,
        len: usize,
    ) -> PyResult<(i64, i64, i64)> {
        let step = self.slice_part(c)?.unwrap_or(1);
        if step == 0 {
            return Err(self.value_error("slice step cannot be zero"));
        }
        Ok(slice_indices(
            self.slice_part(a)?,
            self.slice_part(b)?,
            step,
            len as i64,
        ))
    }

    pub fn get_slice(&self, obj: &Value, a: &Value, b: &Value, c: &Value) -> PyResult<Value> {
        match obj {
            Value::List(l) => {
                let items = l.borrow();
                let (s, e, st) = self.slice_bounds(a, b, c, items.len())?;
                Ok(Value::list(
                    slice_positions(s, e, st)
                        .map(|i| items[i].clone())
                        .collect(),
                ))
            }
            Value::Tuple(t) => {
                let (s, e, st) = self.slice_bounds(a, b, c, t.len())?;
                Ok(Value::tuple(
                    slice_positions(s, e, st).map(|i| t[i].clone()).collect(),
                ))
            }
            Value::Str(text) => {
                if text.is_ascii() {
                    let bytes = text.as_str().as_bytes();
                    let (s, e, st) = self.slice_bounds(a, b, c, bytes.len())?;
                    if st == 1 {
                        let (s, e) = (s as usize, (e.max(s)) as usize);
                        return Ok(Value::str(&text.as_str()[s..e]));
                    }
                    let out: String = slice_positions(s, e, st)
                        .map(|i| bytes[i] as char)
                        .collect();
                    return Ok(Value::string(out));
                }
                let (s, e, st) = self.slice_bounds(a, b, c, text.char_len())?;
                if st == 1 {
                    let (s, e) = (s as usize, (e.max(s)) as usize);
                    let (from, to) = (text.byte_offset(s), text.byte_offset(e));
                    return Ok(Value::str(&text.as_str()[from..to]));
                }
                // Only the code points between the first position and the last are decoded.
                let mut positions = slice_positions(s, e, st).peekable();
                let Some(&first) = positions.peek() else {
                    return Ok(Value::str(""));
                };
                let last = slice_positions(s, e, st).last().unwrap_or(first);
                let low = first.min(last);
                let from = text.byte_offset(low);
                let to = text.byte_offset(first.max(last) + 1);
                let chars: Vec<char> = text.as_str()[from..to].chars().collect();
                Ok(Value::string(positions.map(|i| chars[i - low]).collect()))
            }
            _ => {
                let slice = crate::builtins::slice_value(a.clone(), b.clone(), c.clone());
                self.get_item(obj, &slice)
            }
        }
    }

    pub fn get_item(&self, obj: &Value, index: &Value) -> PyResult<Value> {
        // `items[i]` in range, the commonest subscript, before any other check.
        if let Value::Int(i) = index {
            match obj {
                Value::List(l) => {
                    let items = l.borrow();
                    if let Some(j) = index_in(*i, items.len()) {
                        return Ok(items[j].clone());
                    }
                }
                Value::Tuple(t) => {
                    if let Some(j) = index_in(*i, t.len()) {
                        return Ok(t[j].clone());
                    }
                }
                _ => {}
            }
        }
        match obj {
            Value::List(l) => {
                if let Some(s) = index.downcast::<crate::builtins::Slice>() {
                    return self.get_slice(obj, &s.start, &s.stop, &s.step);
                }
                let items = l.borrow();
                let i = self.seq_index(index, items.len(), "list")?;
                Ok(items[i].clone())
            }
            Value::Tuple(t) => {
                if let Some(s) = index.downcast::<crate::builtins::Slice>() {
                    return self.get_slice(obj, &s.start, &s.stop, &s.step);
                }
                let i = self.seq_index(index, t.len(), "tuple")?;
                Ok(t[i].clone())
            }
            Value::Str(s) => {
                if let Some(sl) = index.downcast::<crate::builtins::Slice>() {
                    return self.get_slice(obj, &sl.start, &sl.stop, &sl.step);
                }
                let len = s.char_len();
                let i = self.seq_index(index, len, "string")?;
                Ok(str_char_at(s, i))
            }
            Value::Dict(d) => {
                let key = self.to_key(index)?;
                if let Some(v) = crate::dictmap::get(&d.map, &key)? {
                    return Ok(v.clone());
                }
                Err(self.key_error(index.clone()))
            }
            Value::Instance(inst) => {
                if let Some(m) = self.lookup_special(obj, "__getitem__") {
                    return self.call_value(&m, vec![index.clone()]);
                }
                if let Some(base) = inst.base_value.clone() {
                    let r = self.get_item(&base, index);
                    if let (Err(e), Value::Dict(_)) = (&r, &base) {
                        if e.is(&self.exc.key_error) {
                            if let Some(missing) = self.lookup_special(obj, "__missing__") {
                                return self.call_value(&missing, vec![index.clone()]);
                            }
                        }
                    }
                    return r;
                }
                Err(self.not_subscriptable(obj))
            }
            Value::Class(_) => Ok(obj.clone()),
            Value::Native(n) => match n.get_item(self, index) {
                Some(r) => r,
                None => Err(self.not_subscriptable(obj)),
            },
            _ => Err(self.not_subscriptable(obj)),
        }
    }

    fn not_subscriptable(&self, obj: &Value) -> crate::object::Exc {
        self.type_error(format!("'{}' object is not subscriptable", obj.type_name()))
    }

    /// A sequence index made non-negative and checked, with Python's messages.
    pub fn seq_index(&self, index: &Value, len: usize, what: &str) -> PyResult<usize> {
        let Some(i) = self.index_value(index)? else {
            let kind = if what == "string" { "string" } else { what };
            return Err(self.type_error(if what == "string" {
                format!(
                    "string indices must be integers, not '{}'",
                    index.type_name()
                )
            } else {
                format!(
                    "{kind} indices must be integers or slices, not {}",
                    index.type_name()
                )
            }));
        };
        let j = if i < 0 { i + len as i64 } else { i };
        if j < 0 || j >= len as i64 {
            return Err(self.index_error(format!("{what} index out of range")));
        }
        Ok(j as usize)
    }

    pub fn set_item(&self, obj: &Value, index: Value, v: Value) -> PyResult<()> {
        match obj {
            Value::List(l) => {
                if let Some(s) = index.downcast::<crate::builtins::Slice>() {
                    return self.set_slice(obj, &s.start, &s.stop, &s.step, v);
                }
                let len = l.borrow().len();
                let i = self.seq_index(&index, len, "list").map_err(|e| {
                    if e.is(&self.exc.index_error) {
                        self.index_error("list assignment index out of range")
                    } else {
                        e
                    }
                })?;
                l.borrow_mut()[i] = v;
                Ok(())
            }
            Value::Dict(d) => {
                let key = Key {
                    hash: self.hash(&index)?,
                    value: index,
                };
                crate::dictmap::insert(&d.map, key, v)
            }
            Value::Instance(inst) => {
                if let Some(m) = self.lookup_special(obj, "__setitem__") {
                    return self.call_value(&m, vec![index, v]).map(|_| ());
                }
                if let Some(base) = inst.base_value.clone() {
                    return self.set_item(&base, index, v);
                }
                Err(self.no_item_assignment(obj))
            }
            _ => Err(self.no_item_assignment(obj)),
        }
    }

    fn no_item_assignment(&self, obj: &Value) -> crate::object::Exc {
        self.type_error(format!(
            "'{}' object does not support item assignment",
            obj.type_name()
        ))
    }

    pub fn set_slice(
        &self,
        obj: &Value,
        a: &Value,
        b: &Value,
        c: &Value,
        v: Value,
    ) -> PyResult<()> {
        let Value::List(l) = obj else {
            let slice = crate::builtins::slice_value(a.clone(), b.clone(), c.clone());
            return self.set_item(obj, slice, v);
        };
        let new = self
            .collect(&v)
            .map_err(|_| self.type_error("can only assign an iterable"))?;
        let len = l.borrow().len();
        let (s, e, st) = self.slice_bounds(a, b, c, len)?;
        let mut items = l.borrow_mut();
        if st == 1 {
            let e = e.max(s) as usize;
            let replaced: crate::value::Items = items.splice(s as usize..e, new).collect();
            // Released last to first, as CPython does, once the list is whole again.
            drop(items);
            drop(replaced);
            return Ok(());
        }
        let positions: Vec<usize> = slice_positions(s, e, st).collect();
        if positions.len() != new.len() {
            return Err(self.value_error(format!(
                "attempt to assign sequence of size {} to extended slice of size {}",
                new.len(),
                positions.len()
            )));
        }
        for (p, v) in positions.into_iter().zip(new) {
            items[p] = v;
        }
        Ok(())
    }

    pub fn del_item(&self, obj: &Value, index: &Value) -> PyResult<()> {
        match obj {
            Value::List(l) => {
                if let Some(s) = index.downcast::<crate::builtins::Slice>() {
                    let len = l.borrow().len();
                    let (st, e, step) = self.slice_bounds(&s.start, &s.stop, &s.step, len)?;
                    let mut positions: Vec<usize> = slice_positions(st, e, step).collect();
                    positions.sort_unstable();
                    let mut items = l.borrow_mut();
                    for p in positions.into_iter().rev() {
                        items.remove(p);
                    }
                    return Ok(());
                }
                let len = l.borrow().len();
                let i = self.seq_index(index, len, "list").map_err(|e| {
                    if e.is(&self.exc.index_error) {
                        self.index_error("list assignment index out of range")
                    } else {
                        e
                    }
                })?;
                l.borrow_mut().remove(i);
                Ok(())
            }
            Value::Dict(d) => {
                let key = self.to_key(index)?;
                match crate::dictmap::remove(&d.map, &key)? {
                    Some(_) => Ok(()),
                    None => Err(self.key_error(index.clone())),
                }
            }
            Value::Instance(inst) => {
                if let Some(m) = self.lookup_special(obj, "__delitem__") {
                    return self.call_value(&m, vec![index.clone()]).map(|_| ());
                }
                if let Some(base) = inst.base_value.clone() {
                    return self.del_item(&base, index);
                }
                Err(self.type_error(format!(
                    "'{}' object doesn't support item deletion",
                    obj.type_name()
                )))
            }
            _ => Err(self.type_error(format!(
                "'{}' object doesn't support item deletion",
                obj.type_name()
            ))),
        }
    }

    // ------------------------------------------------------------ formatting

    /// `format(v, spec)`.
    pub fn format_value(&self, v: &Value, spec: &str) -> PyResult<String> {
        let fmt_err = |msg: String| match format::exception_type(&msg) {
            "OverflowError" => self.overflow_error(&msg),
            "TypeError" => self.type_error(msg),
            _ => self.value_error(msg),
        };
        match v {
            Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => {
                if spec.is_empty() {
                    return self.str(v);
                }
                let parsed = format::parse_spec_for(spec, &v.type_name()).map_err(fmt_err)?;
                let formatted = match v {
                    Value::Int(i) => format::format_i64(*i, &parsed),
                    _ => format::format_int(&v.as_bigint().unwrap_or_default(), &parsed),
                };
                formatted
                    .map_err(|m| format::with_type_name(&m, &v.type_name()))
                    .map_err(fmt_err)
            }
            Value::Float(x) => {
                let parsed = format::parse_spec_for(spec, "float").map_err(fmt_err)?;
                format::format_float(*x, &parsed).map_err(fmt_err)
            }
            Value::Str(s) => {
                let parsed = format::parse_spec_for(spec, "str").map_err(fmt_err)?;
                format::format_str(s.as_str(), &parsed).map_err(fmt_err)
            }
            Value::Instance(_) => {
                if let Some(m) = self.lookup_special(v, "__format__") {
                    return match self.call_value(&m, vec![Value::str(spec)])? {
                        Value::Str(s) => Ok(s.as_str().to_string()),
                        r => Err(self.type_error(format!(
                            "__format__ must return a str, not {}",
                            r.type_name()
                        ))),
                    };
                }
                // A subclass of a built-in type formats as its value (with a spec).
                let base = match v {
                    Value::Instance(i) if !spec.is_empty() => i.base_value.clone(),
                    _ => None,
                };
                match base {
                    Some(base) => self.format_value(&base, spec),
                    None => self.format_default(v, spec),
                }
            }
            _ => self.format_default(v, spec),
        }
    }

    fn format_default(&self, v: &Value, spec: &str) -> PyResult<String> {
        if spec.is_empty() {
            return self.str(v);
        }
        Err(self.type_error(format!(
            "unsupported format string passed to {}.__format__",
            v.type_name()
        )))
    }

    /// `fmt % args` on a str.
    pub fn percent_format(&self, fmt: &str, args: &Value) -> PyResult<String> {
        let err = |msg: String| match format::exception_type(&msg) {
            "TypeError" => self.type_error(msg),
            "OverflowError" => self.overflow_error(&msg),
            _ => self.value_error(msg),
        };
        // As CPython's `PyMapping_Check`: a dict, a list, or an object with `__getitem__`
        // (so `'%s' % [1, 2]` formats the list, and `'ab' % [1, 2]` is no error).
        let mapping = match args {
            Value::Dict(_) | Value::List(_) => true,
            Value::Instance(_) => self.lookup_special(args, "__getitem__").is_some(),
            _ => false,
        };
        let items: Vec<Value> = match args {
            Value::Tuple(t) => (**t).clone(),
            _ => vec![args.clone()],
        };
        // The next argument to take: a value that is not a tuple is one argument, taken
        // once (by a plain spec, or used up by a keyed one, as CPython's `argidx`).
        let next = std::cell::Cell::new(0usize);
        let take = |interp: &Interp| -> PyResult<Value> {
            let v = items.get(next.get()).cloned();
            next.set(next.get() + 1);
            v.ok_or_else(|| interp.type_error("not enough arguments for format string"))
        };
        let mut out = String::new();
        for piece in format::PercentParser::new(fmt) {
            let piece = piece.map_err(err)?;
            match piece {
                format::PercentPiece::Literal(s) => out.push_str(s),
                format::PercentPiece::Percent => out.push('%'),
                format::PercentPiece::Conv(mut spec) => {
                    // A `*` takes an int from the arguments; a negative width means `-`.
                    let star =
                        |v: Value| v.as_bigint().ok_or_else(|| self.type_error("* wants int"));
                    let width = match &spec.width {
                        Some(format::PercentCount::Fixed(w)) => Some(*w),
                        Some(format::PercentCount::Star) => {
                            let w = star(take(self)?)?;
                            let (w, left) = format::percent_star_width(&w).map_err(err)?;
                            spec.flags.left |= left;
                            Some(w)
                        }
                        None => None,
                    };
                    let precision = match &spec.precision {
                        Some(format::PercentCount::Fixed(p)) => Some(*p),
                        Some(format::PercentCount::Star) => {
                            let p = star(take(self)?)?;
                            if p > BigInt::from(i32::MAX) {
                                return Err(
                                    self.overflow_error("Python int too large to convert to C int")
                                );
                            }
                            Some(format::percent_star_precision(&p).map_err(err)?)
                        }
                        None => None,
                    };
                    let value = match &spec.key {
                        Some(k) => {
                            let v = self.get_item(args, &Value::str(k))?;
                            next.set(items.len());
                            v
                        }
                        None => take(self)?,
                    };
                    // A `*` width too wide to pad: CPython formats the value, then fails to
                    // allocate the padded field (unless the value is as wide already).
                    let huge = width.filter(|&w| w > format::MAX_WIDTH);
                    let width = if huge.is_some() { None } else { width };
                    let text = self
                        .percent_one(&spec, &value, width, precision)
                        .map_err(|m| match m {
                            Ok(e) => e,
                            Err(msg) => err(msg),
                        })?;
                    if huge.is_some_and(|w| text.chars().count() < w) {
                        return Err(self.memory_error());
                    }
                    out.push_str(&text);
                }
            }
        }
        if next.get() < items.len() && !mapping {
            return Err(self.type_error("not all arguments converted during string formatting"));
        }
        Ok(out)
    }

    fn percent_one(
        &self,
        spec: &format::PercentSpec,
        value: &Value,
        width: Option<usize>,
        precision: Option<usize>,
    ) -> Result<String, Result<crate::object::Exc, String>> {
        if let (Value::Instance(_), false) = (value, matches!(spec.conv, 's' | 'r' | 'a')) {
            if let Some(v) = self.percent_number(value, spec.conv).map_err(Ok)? {
                return self.percent_one(spec, &v, width, precision);
            }
        }
        match spec.conv {
            's' | 'r' | 'a' => {
                let text = match spec.conv {
                    's' => self.str(value),
                    'r' => self.repr(value),
                    _ => self.repr(value).map(|r| crate::builtins::ascii(&r)),
                }
                .map_err(Ok)?;
                Ok(format::percent_str(&text, spec, width, precision))
            }
            'c' => match value {
                Value::Str(s) if s.as_str().chars().count() == 1 => {
                    Ok(format::percent_str(s.as_str(), spec, width, precision))
                }
                _ => {
                    let big = self.number_as_bigint(value).map_err(Ok)?;
                    format::percent_int(&big, spec, width, precision).map_err(Err)
                }
            },
            _ => match value {
                Value::Float(x) => format::percent_float(*x, spec, width, precision).map_err(Err),
                Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => {
                    let big = value.as_bigint().unwrap_or_default();
                    if matches!(spec.conv, 'e' | 'E' | 'f' | 'F' | 'g' | 'G') {
                        let f = crate::interp::ops::int_to_f64(&big).ok_or_else(|| {
                            Ok(self.overflow_error("int too large to convert to float"))
                        })?;
                        return format::percent_float(f, spec, width, precision).map_err(Err);
                    }
                    format::percent_int(&big, spec, width, precision).map_err(Err)
                }
                other => Err(Ok(self.type_error(match spec.conv {
                    'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                        format!("must be real number, not {}", other.type_name())
                    }
                    'x' | 'X' | 'o' => format!(
                        "%{} format: an integer is required, not {}",
                        spec.conv,
                        other.type_name()
                    ),
                    conv => format!(
                        "%{conv} format: a real number is required, not {}",
                        other.type_name()
                    ),
                }))),
            },
        }
    }

    /// The number an instance stands for under a numeric `%` conversion, as CPython
    /// finds it: the value of a subclass of a built-in type, else `__float__` for the
    /// float conversions, `__index__` for `%x %X %o %c`, `__int__` for the others (each
    /// falling back to `__index__`). `None` when it has none of them.
    fn percent_number(&self, v: &Value, conv: char) -> PyResult<Option<Value>> {
        if let Value::Instance(i) = v {
            if let Some(base) = i.base_value.clone() {
                return Ok(Some(base));
            }
        }
        let methods: &[&str] = match conv {
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => &["__float__", "__index__"],
            'x' | 'X' | 'o' | 'c' => &["__index__"],
            _ => &["__int__", "__index__"],
        };
        for name in methods {
            if let Some(m) = self.lookup_special(v, name) {
                let r = self.call_value(&m, vec![])?;
                // A method that gives back another instance is not followed further.
                return Ok((!matches!(r, Value::Instance(_))).then_some(r));
            }
        }
        Ok(None)
    }

    fn number_as_bigint(&self, v: &Value) -> PyResult<BigInt> {
        v.as_bigint()
            .ok_or_else(|| self.type_error("%c requires int or char"))
    }
}

/// The one-character string at a code-point index.
pub fn str_char_at(s: &PyStr, i: usize) -> Value {
    if s.is_ascii() {
        return Value::str(&s.as_str()[i..i + 1]);
    }
    let c = s.char_at(i);
    let mut buf = [0u8; 4];
    Value::str(c.encode_utf8(&mut buf))
}

/// Python's index `i` (negative from the end) into a sequence of `len` items, if in range.
#[inline]
pub fn index_in(i: i64, len: usize) -> Option<usize> {
    let j = if i < 0 { i + len as i64 } else { i };
    (0..len as i64).contains(&j).then_some(j as usize)
}
