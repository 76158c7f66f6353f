//! Python's operators: arithmetic, bitwise, comparison and membership.
//!
//! Small integers and floats take fast paths; everything else goes through the same
//! dunder protocol CPython uses (`__add__`, then the reflected `__radd__`), with CPython's
//! error messages when neither side knows the operation.

use std::rc::Rc;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

use crate::ast::{BinOp, CmpOp};
use crate::object::{BuiltinType, CallArgs, Exc, PyResult};
use crate::value::{identity, Value};

use super::Interp;

fn dunder(op: BinOp) -> (&'static str, &'static str) {
    use BinOp::*;
    match op {
        Add => ("__add__", "__radd__"),
        Sub => ("__sub__", "__rsub__"),
        Mul => ("__mul__", "__rmul__"),
        MatMul => ("__matmul__", "__rmatmul__"),
        Div => ("__truediv__", "__rtruediv__"),
        FloorDiv => ("__floordiv__", "__rfloordiv__"),
        Mod => ("__mod__", "__rmod__"),
        Pow => ("__pow__", "__rpow__"),
        LShift => ("__lshift__", "__rlshift__"),
        RShift => ("__rshift__", "__rrshift__"),
        BitAnd => ("__and__", "__rand__"),
        BitOr => ("__or__", "__ror__"),
        BitXor => ("__xor__", "__rxor__"),
    }
}

pub fn inplace_dunder(op: BinOp) -> &'static str {
    use BinOp::*;
    match op {
        Add => "__iadd__",
        Sub => "__isub__",
        Mul => "__imul__",
        MatMul => "__imatmul__",
        Div => "__itruediv__",
        FloorDiv => "__ifloordiv__",
        Mod => "__imod__",
        Pow => "__ipow__",
        LShift => "__ilshift__",
        RShift => "__irshift__",
        BitAnd => "__iand__",
        BitOr => "__ior__",
        BitXor => "__ixor__",
    }
}

/// A numeric operand, widened for mixed arithmetic.
enum Num {
    Int(BigInt),
    Float(f64),
}

fn as_num(v: &Value) -> Option<Num> {
    match v {
        Value::Bool(b) => Some(Num::Int(BigInt::from(*b as i64))),
        Value::Int(i) => Some(Num::Int(BigInt::from(*i))),
        Value::BigInt(b) => Some(Num::Int((**b).clone())),
        Value::Float(f) => Some(Num::Float(*f)),
        _ => None,
    }
}

/// `2.0 ** n` for `n` in the normal exponent range (exact).
fn pow2(n: i64) -> f64 {
    f64::from_bits(((n + 1023) as u64) << 52)
}

/// `f * 2.0 ** n` for an `f` of at most 56 bits already rounded to the precision the
/// result can hold (so the scaling is exact, subnormal results included).
fn ldexp(f: f64, n: i64) -> f64 {
    if n < -1000 {
        f * pow2(-1000) * pow2(n + 1000)
    } else if n > 1000 {
        f * pow2(1000) * pow2(n - 1000)
    } else {
        f * pow2(n)
    }
}

pub fn int_to_f64(b: &BigInt) -> Option<f64> {
    let f = b.to_f64()?;
    f.is_finite().then_some(f)
}

impl Interp {
    pub fn binary_op(&self, op: BinOp, a: &Value, b: &Value) -> PyResult<Value> {
        self.binary_op_as(op, a, b, false)
    }

    /// `a op b`, or the plain operator an `a op= b` falls back to (`inplace`: then the
    /// error for operands that do not support it names `op=`).
    #[inline(always)]
    fn binary_op_as(&self, op: BinOp, a: &Value, b: &Value, inplace: bool) -> PyResult<Value> {
        if let (Value::Bool(x), Value::Bool(y)) = (a, b) {
            match op {
                BinOp::BitAnd => return Ok(Value::Bool(x & y)),
                BinOp::BitOr => return Ok(Value::Bool(x | y)),
                BinOp::BitXor => return Ok(Value::Bool(x ^ y)),
                _ => {}
            }
        }
        if let (Value::Int(x), Value::Int(y)) = (a, b) {
            if let Some(v) = self.int_op_fast(op, *x, *y)? {
                return Ok(v);
            }
        }
        if let (Value::Float(x), Value::Float(y)) = (a, b) {
            return self
                .float_op(op, *x, *y)
                .ok_or_else(|| self.unsupported_as(op, a, b, inplace))?;
        }
        if let Some(v) = self.builtin_binary(op, a, b)? {
            return Ok(v);
        }
        self.dunder_binary(op, a, b, inplace)
    }

    /// `a op= b`: the in-place dunder if the left side has one, else the plain operator.
    pub fn inplace_op(&self, op: BinOp, a: &Value, b: &Value) -> PyResult<Value> {
        match (op, a) {
            (BinOp::Add, Value::List(l)) => {
                let items = self.collect(b)?;
                l.borrow_mut().extend(items);
                return Ok(a.clone());
            }
            (BinOp::Mul, Value::List(l)) => {
                if let Some(n) = self.repeat_count(b)? {
                    if n != 1 {
                        let out = self.repeat_items(&l.borrow(), n)?;
                        *l.borrow_mut() = out.into();
                    }
                    return Ok(a.clone());
                }
            }
            (BinOp::BitOr, Value::Dict(d)) => {
                if let Value::Dict(_) = b {
                    self.merge_mapping(&d.map, b)?;
                } else {
                    // `d |= x` is `d.update(x)`: any mapping or iterable of pairs.
                    let args = CallArgs::positional(vec![a.clone(), b.clone()]);
                    crate::builtins::methods_dict::update(self, args)?;
                }
                return Ok(a.clone());
            }
            (BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor, Value::Set(s))
                if !s.frozen =>
            {
                if let Value::Set(o) = b {
                    use crate::setmap;
                    let other = if Rc::ptr_eq(s, o) {
                        s.set.borrow().copy()
                    } else {
                        o.set.borrow().clone()
                    };
                    let mut set = s.set.borrow().clone();
                    match op {
                        BinOp::BitOr => set.merge(&other)?,
                        BinOp::BitAnd => set = setmap::intersection(&set, &other)?,
                        BinOp::Sub => setmap::difference_update(&mut set, &other)?,
                        _ => setmap::symmetric_difference_update(&mut set, &other)?,
                    }
                    *s.set.borrow_mut() = set;
                    return Ok(a.clone());
                }
            }
            (_, Value::Instance(_)) => {
                if let Some(m) = self.lookup_special(a, inplace_dunder(op)) {
                    let r = self.call_value(&m, vec![b.clone()])?;
                    if !self.is_not_implemented(&r) {
                        return Ok(r);
                    }
                }
            }
            _ => {}
        }
        self.binary_op_as(op, a, b, true)
    }

    fn int_op_fast(&self, op: BinOp, x: i64, y: i64) -> PyResult<Option<Value>> {
        use BinOp::*;
        Ok(match op {
            Add => x.checked_add(y).map(Value::Int),
            Sub => x.checked_sub(y).map(Value::Int),
            Mul => x.checked_mul(y).map(Value::Int),
            FloorDiv => {
                if y == 0 {
                    return Err(self.zero_division("integer division or modulo by zero"));
                }
                x.checked_div_euclid(y)
                    .map(|_| Value::Int(num_integer::Integer::div_floor(&x, &y)))
            }
            Mod => {
                if y == 0 {
                    return Err(self.zero_division("integer modulo by zero"));
                }
                x.checked_rem(y).map(|_| Value::Int(x.mod_floor(&y)))
            }
            Div => {
                if y == 0 {
                    return Err(self.zero_division("division by zero"));
                }
                if x.unsigned_abs() < (1 << 53) && y.unsigned_abs() < (1 << 53) {
                    Some(Value::Float(x as f64 / y as f64))
                } else {
                    None
                }
            }
            BitAnd => Some(Value::Int(x & y)),
            BitOr => Some(Value::Int(x | y)),
            BitXor => Some(Value::Int(x ^ y)),
            LShift if (0..63).contains(&y) => {
                let r = x.checked_shl(y as u32).filter(|r| r >> y == x);
                r.map(Value::Int)
            }
            RShift if (0..64).contains(&y) => Some(Value::Int(x >> y)),
            RShift if y >= 64 => Some(Value::Int(if x < 0 { -1 } else { 0 })),
            Pow if (0..64).contains(&y) => x.checked_pow(y as u32).map(Value::Int),
            _ => None,
        })
    }

    fn float_op(&self, op: BinOp, x: f64, y: f64) -> Option<PyResult<Value>> {
        use BinOp::*;
        Some(Ok(Value::Float(match op {
            Add => x + y,
            Sub => x - y,
            Mul => x * y,
            Div => {
                if y == 0.0 {
                    return Some(Err(self.zero_division("float division by zero")));
                }
                x / y
            }
            FloorDiv => {
                if y == 0.0 {
                    return Some(Err(self.zero_division("float floor division by zero")));
                }
                float_divmod(x, y).0
            }
            Mod => {
                if y == 0.0 {
                    return Some(Err(self.zero_division("float modulo")));
                }
                float_divmod(x, y).1
            }
            Pow => return Some(self.float_pow(x, y)),
            _ => return None,
        })))
    }

    fn float_pow(&self, x: f64, y: f64) -> PyResult<Value> {
        if x == 0.0 && y < 0.0 {
            return Err(self.zero_division("0.0 cannot be raised to a negative power"));
        }
        if x < 0.0 && y.fract() != 0.0 && y.is_finite() {
            return Err(self.value_error(
                "complex numbers are not supported by Aio (negative number raised to a fractional power)",
            ));
        }
        let r = x.powf(y);
        if r.is_infinite() && x.is_finite() && y.is_finite() {
            return Err(self.error(
                &self.exc.overflow_error,
                "(34, 'Numerical result out of range')",
            ));
        }
        Ok(Value::Float(r))
    }

    fn int_op(&self, op: BinOp, x: &BigInt, y: &BigInt) -> PyResult<Value> {
        use BinOp::*;
        Ok(match op {
            Add => Value::from_bigint(x + y),
            Sub => Value::from_bigint(x - y),
            Mul => Value::from_bigint(x * y),
            FloorDiv => {
                if y.is_zero() {
                    return Err(self.zero_division("integer division or modulo by zero"));
                }
                Value::from_bigint(x.div_floor(y))
            }
            Mod => {
                if y.is_zero() {
                    return Err(self.zero_division("integer modulo by zero"));
                }
                Value::from_bigint(x.mod_floor(y))
            }
            Div => {
                if y.is_zero() {
                    return Err(self.zero_division("division by zero"));
                }
                Value::Float(self.int_true_div(x, y)?)
            }
            Pow => {
                if y.is_negative() {
                    let (Some(fx), Some(fy)) = (int_to_f64(x), int_to_f64(y)) else {
                        return Err(self.overflow_error("int too large to convert to float"));
                    };
                    return self.float_pow(fx, fy);
                }
                let Some(e) = y.to_u32() else {
                    if x.magnitude() <= &num_bigint::BigUint::from(1u32) {
                        let odd = y.is_odd();
                        return Ok(Value::from_bigint(if x.is_negative() && !odd {
                            -x
                        } else {
                            x.clone()
                        }));
                    }
                    return Err(self.error(&self.exc.memory_error, ""));
                };
                let bits = x.bits().saturating_mul(e as u64);
                if bits > 64_000_000 {
                    return Err(self.error(&self.exc.memory_error, ""));
                }
                self.check_alloc(bits as usize / 8, 1)?;
                Value::from_bigint(num_traits::pow(x.clone(), e as usize))
            }
            LShift => {
                if y.is_negative() {
                    return Err(self.value_error("negative shift count"));
                }
                if x.is_zero() {
                    return Ok(Value::Int(0));
                }
                let Some(n) = y.to_isize() else {
                    // CPython makes a number of 30-bit digits: more than a Py_ssize_t's
                    // worth of bytes (MAX_LONG_DIGITS) is an OverflowError, fewer a failed
                    // allocation.
                    const MAX_LONG_DIGITS: u128 = (i64::MAX as u128 - 24) / 4;
                    let words = (y / BigInt::from(30)).to_u128().unwrap_or(u128::MAX);
                    let digits = u128::from(x.bits()).div_ceil(30);
                    let partial = u128::from(!(y % BigInt::from(30)).is_zero());
                    let size = digits.saturating_add(words).saturating_add(partial);
                    return Err(if size > MAX_LONG_DIGITS {
                        self.overflow_error("too many digits in integer")
                    } else {
                        self.memory_error()
                    });
                };
                // Past 2**33 bits (1 GiB) CPython's allocation would fail here too.
                let bits = (n as u64).saturating_add(x.bits());
                if bits > 1 << 33 {
                    return Err(self.memory_error());
                }
                self.check_alloc(bits as usize / 8, 1)?;
                Value::from_bigint(x << n as usize)
            }
            RShift => {
                if y.is_negative() {
                    return Err(self.value_error("negative shift count"));
                }
                let n = y.to_usize().unwrap_or(usize::MAX);
                if n > x.bits() as usize {
                    Value::Int(if x.is_negative() { -1 } else { 0 })
                } else {
                    Value::from_bigint(x >> n)
                }
            }
            BitAnd => Value::from_bigint(x & y),
            BitOr => Value::from_bigint(x | y),
            BitXor => Value::from_bigint(x ^ y),
            MatMul => {
                return Err(self.unsupported(
                    op,
                    &Value::from_bigint(x.clone()),
                    &Value::from_bigint(y.clone()),
                ))
            }
        })
    }

    /// `x / y` for ints, correctly rounded whatever their size (CPython's
    /// `long_true_divide`): the quotient is computed to 55 or 56 bits with a sticky bit
    /// for the remainder, rounded half to even once, then scaled by its power of two.
    fn int_true_div(&self, x: &BigInt, y: &BigInt) -> PyResult<f64> {
        const MANT: i64 = f64::MANTISSA_DIGITS as i64; // 53
        const MIN_EXP: i64 = f64::MIN_EXP as i64; // -1021
        const MAX_EXP: i64 = f64::MAX_EXP as i64; // 1024
        let negate = x.is_negative() != y.is_negative();
        let signed = |f: f64| if negate { -f } else { f };
        let (a, b) = (x.magnitude(), y.magnitude());
        if a.bits() <= MANT as u64 && b.bits() <= MANT as u64 {
            // Both exact as floats: one rounding, in the division.
            if let (Some(fa), Some(fb)) = (a.to_f64(), b.to_f64()) {
                return Ok(signed(fa / fb));
            }
        }
        let too_large = || self.overflow_error("integer division result too large for a float");
        if a.is_zero() {
            return Ok(signed(0.0));
        }
        let diff = a.bits() as i64 - b.bits() as i64;
        if diff > MAX_EXP {
            return Err(too_large());
        }
        if diff < MIN_EXP - MANT - 1 {
            return Ok(signed(0.0));
        }
        // a * 2**-shift // b has 55 or 56 bits (fewer near the subnormal range).
        let shift = diff.max(MIN_EXP) - MANT - 2;
        let mut inexact = false;
        let scaled = if shift <= 0 {
            a << (-shift) as u64
        } else {
            let s = a >> shift as u64;
            inexact = (&s << shift as u64) != *a;
            s
        };
        let (mut q, r) = scaled.div_rem(b);
        inexact |= !r.is_zero();
        let q_bits = q.bits() as i64;
        let extra = (q_bits.max(MIN_EXP - shift) - MANT) as u32;
        let mask = 1u64 << (extra - 1);
        let low = q.iter_u64_digits().next().unwrap_or(0) | inexact as u64;
        q -= q.iter_u64_digits().next().unwrap_or(0) & (2 * mask - 1);
        if low & mask != 0 && low & (3 * mask - 1) != 0 {
            q += 2 * mask;
        }
        let Some(dq) = q.to_f64() else {
            return Err(too_large());
        };
        if shift + q_bits >= MAX_EXP && (shift + q_bits > MAX_EXP || dq == pow2(q_bits)) {
            return Err(too_large());
        }
        Ok(signed(ldexp(dq, shift)))
    }

    fn builtin_binary(&self, op: BinOp, a: &Value, b: &Value) -> PyResult<Option<Value>> {
        use BinOp::*;
        if op == MatMul {
            // No built-in type has `@`: only a dunder can, else the error names the operands'
            // own types (`bool`, not the int it converts to).
            return Ok(None);
        }
        match (as_num(a), as_num(b)) {
            (Some(Num::Int(x)), Some(Num::Int(y))) => return self.int_op(op, &x, &y).map(Some),
            (Some(x), Some(y)) => {
                let to_f = |n: Num| match n {
                    Num::Float(f) => Some(f),
                    Num::Int(i) => int_to_f64(&i),
                };
                let (Some(x), Some(y)) = (to_f(x), to_f(y)) else {
                    return Err(self.overflow_error("int too large to convert to float"));
                };
                return match self.float_op(op, x, y) {
                    Some(r) => r.map(Some),
                    None => Ok(None),
                };
            }
            _ => {}
        }
        Ok(match (op, a, b) {
            (Add, Value::Str(x), Value::Str(y)) => {
                let mut s = String::with_capacity(x.as_str().len() + y.as_str().len());
                s.push_str(x.as_str());
                s.push_str(y.as_str());
                Some(Value::string(s))
            }
            (Add, Value::List(x), Value::List(y)) => {
                let mut v = x.borrow().clone();
                v.extend(y.borrow().iter().cloned());
                Some(Value::list(v))
            }
            (Add, Value::Tuple(x), Value::Tuple(y)) => {
                let mut v = (**x).clone();
                v.extend(y.iter().cloned());
                Some(Value::tuple(v))
            }
            (Mul, Value::Str(_) | Value::List(_) | Value::Tuple(_), n) if n.is_int() => {
                Some(self.repeat(a, n)?)
            }
            (Mul, n, Value::Str(_) | Value::List(_) | Value::Tuple(_)) if n.is_int() => {
                Some(self.repeat(b, n)?)
            }
            // str's `%` answers for any right operand, except that a subclass of str may
            // have its `__rmod__` tried first (as CPython's reflected-operand rule).
            (Mod, Value::Str(fmt), args) if !is_str_subclass_instance(args) => {
                Some(Value::string(self.percent_format(fmt.as_str(), args)?))
            }
            (BitOr | BitAnd | Sub | BitXor, Value::Set(x), Value::Set(y)) => {
                Some(self.set_op(op, x, y)?)
            }
            (BitOr, Value::Dict(x), Value::Dict(_)) => {
                let m = std::cell::RefCell::new(x.map.borrow().clone());
                self.merge_mapping(&m, b)?;
                Some(Value::dict(m.into_inner()))
            }
            _ => None,
        })
    }

    /// The count of a sequence repeat (`seq * n`, `seq *= n`): negative counts are 0, and
    /// one past the machine's index range is an `OverflowError`, as in CPython.
    fn repeat_count(&self, n: &Value) -> PyResult<Option<usize>> {
        let n = match n {
            Value::BigInt(b) => Some(b.to_i64().ok_or_else(|| {
                self.overflow_error("cannot fit 'int' into an index-sized integer")
            })?),
            _ => self.index_value(n)?,
        };
        Ok(n.map(|n| n.max(0) as usize))
    }

    /// `seq * n` for a string, list or tuple. Repeating an empty sequence (or repeating
    /// zero times) costs nothing whatever the count; a result that cannot fit is an
    /// `OverflowError` for strings and a `MemoryError` for lists and tuples, as in CPython.
    fn repeat(&self, seq: &Value, n: &Value) -> PyResult<Value> {
        let n = self.repeat_count(n)?.unwrap_or(0);
        match seq {
            Value::Str(s) => {
                let text = s.as_str();
                if text.is_empty() || n == 0 {
                    return Ok(Value::str(""));
                }
                if n == 1 {
                    return Ok(seq.clone());
                }
                // CPython counts characters, not bytes, against its index range.
                if text
                    .chars()
                    .count()
                    .checked_mul(n)
                    .is_none_or(|c| c > isize::MAX as usize)
                {
                    return Err(self.overflow_error("repeated string is too long"));
                }
                let total = text
                    .len()
                    .checked_mul(n)
                    .ok_or_else(|| self.memory_error())?;
                let mut out = self.reserve_str(total)?;
                for _ in 0..n {
                    out.push_str(text);
                }
                Ok(Value::string(out))
            }
            Value::List(l) => Ok(Value::list(self.repeat_items(&l.borrow(), n)?)),
            Value::Tuple(t) => {
                if t.is_empty() || n == 1 {
                    return Ok(seq.clone());
                }
                Ok(Value::tuple(self.repeat_items(t, n)?))
            }
            _ => Err(self.type_error(format!(
                "can't multiply sequence of type '{}'",
                seq.type_name()
            ))),
        }
    }

    /// `items` repeated `n` times, or a `MemoryError` when that cannot be had.
    fn repeat_items(&self, items: &[Value], n: usize) -> PyResult<Vec<Value>> {
        if items.is_empty() || n == 0 {
            return Ok(Vec::new());
        }
        self.check_alloc(items.len().saturating_mul(n), std::mem::size_of::<Value>())?;
        let total = items.len() * n;
        let mut out = Vec::new();
        out.try_reserve_exact(total)
            .map_err(|_| self.memory_error())?;
        for _ in 0..n {
            out.extend(items.iter().cloned());
        }
        Ok(out)
    }

    fn set_op(&self, op: BinOp, x: &crate::value::Set, y: &crate::value::Set) -> PyResult<Value> {
        use crate::setmap;
        let result = match op {
            BinOp::BitOr => setmap::read2(&x.set, &y.set, setmap::union)?,
            BinOp::BitAnd => setmap::read2(&x.set, &y.set, setmap::intersection)?,
            BinOp::Sub => setmap::shared_difference(&x.set, &y.set)?,
            _ => setmap::shared_symmetric_difference(&x.set, &y.set)?,
        };
        Ok(Value::set(result, x.frozen))
    }

    fn dunder_binary(&self, op: BinOp, a: &Value, b: &Value, inplace: bool) -> PyResult<Value> {
        if matches!(a, Value::Native(_)) || matches!(b, Value::Native(_)) {
            if let Some(v) = crate::builtins::methods_dict::view_set_op(self, op, a, b)? {
                return Ok(v);
            }
        }
        let (name, rname) = dunder(op);
        // The right operand goes first when its class derives from the left one's and
        // overrides the reflected method (CPython's `method_is_overloaded`); inheriting
        // the same one is no reason to.
        let b_first = match (a, b) {
            (Value::Instance(x), Value::Instance(y)) => {
                !Rc::ptr_eq(&x.class, &y.class)
                    && y.class.is_subclass_of(&x.class)
                    && match (y.class.lookup(rname), x.class.lookup(rname)) {
                        (None, _) => false,
                        (Some(_), None) => true,
                        (Some(mine), Some(theirs)) => !crate::value::identity(&mine, &theirs),
                    }
            }
            _ => false,
        };
        if b_first {
            if let Some(r) = self.try_dunder(b, rname, a)? {
                return Ok(r);
            }
        }
        if let Some(r) = self.try_dunder(a, name, b)? {
            return Ok(r);
        }
        if !b_first && !same_type(a, b) {
            if let Some(r) = self.try_dunder(b, rname, a)? {
                return Ok(r);
            }
        }
        Err(self.unsupported_as(op, a, b, inplace))
    }

    /// Calls `obj.name(arg)` if obj is an instance with that method; None if absent or
    /// `NotImplemented`.
    fn try_dunder(&self, obj: &Value, name: &str, arg: &Value) -> PyResult<Option<Value>> {
        let Some(m) = self.lookup_special(obj, name) else {
            return Ok(None);
        };
        let r = self.call_value(&m, vec![arg.clone()])?;
        Ok((!self.is_not_implemented(&r)).then_some(r))
    }

    pub fn unsupported(&self, op: BinOp, a: &Value, b: &Value) -> Exc {
        self.unsupported_as(op, a, b, false)
    }

    /// The TypeError of `a op b` (`inplace`: of `a op= b`) for operands without it.
    fn unsupported_as(&self, op: BinOp, a: &Value, b: &Value, inplace: bool) -> Exc {
        let (ta, tb) = (a.type_name(), b.type_name());
        match (op, a) {
            (BinOp::Add, Value::Str(_)) => {
                self.type_error(format!("can only concatenate str (not \"{tb}\") to str"))
            }
            (BinOp::Add, Value::List(_)) => {
                self.type_error(format!("can only concatenate list (not \"{tb}\") to list"))
            }
            (BinOp::Add, Value::Tuple(_)) => self.type_error(format!(
                "can only concatenate tuple (not \"{tb}\") to tuple"
            )),
            (BinOp::Mul, Value::Str(_) | Value::List(_) | Value::Tuple(_)) if !b.is_int() => {
                self.type_error(format!("can't multiply sequence by non-int of type '{tb}'"))
            }
            // (In place, CPython tries the right operand's repeat only when the left's type
            // has no sequence methods at all: a dict, a set or an instance has some.)
            (BinOp::Mul, _)
                if matches!(b, Value::Str(_) | Value::List(_) | Value::Tuple(_))
                    && !(inplace
                        && matches!(a, Value::Dict(_) | Value::Set(_) | Value::Instance(_))) =>
            {
                self.type_error(format!("can't multiply sequence by non-int of type '{ta}'"))
            }
            _ if inplace => self.type_error(format!(
                "unsupported operand type(s) for {}=: '{ta}' and '{tb}'",
                op.symbol()
            )),
            (BinOp::Pow, _) => self.type_error(format!(
                "unsupported operand type(s) for ** or pow(): '{ta}' and '{tb}'"
            )),
            _ => self.type_error(format!(
                "unsupported operand type(s) for {}: '{ta}' and '{tb}'",
                op.symbol()
            )),
        }
    }

    pub fn unary_neg(&self, v: &Value) -> PyResult<Value> {
        match v {
            Value::Int(i) => Ok(match i.checked_neg() {
                Some(n) => Value::Int(n),
                None => Value::from_bigint(-BigInt::from(*i)),
            }),
            Value::BigInt(b) => Ok(Value::from_bigint(-(**b).clone())),
            Value::Bool(b) => Ok(Value::Int(-(*b as i64))),
            Value::Float(f) => Ok(Value::Float(-f)),
            _ => self.unary_dunder(v, "__neg__", "-"),
        }
    }

    pub fn unary_pos(&self, v: &Value) -> PyResult<Value> {
        match v {
            Value::Int(_) | Value::BigInt(_) | Value::Float(_) => Ok(v.clone()),
            Value::Bool(b) => Ok(Value::Int(*b as i64)),
            _ => self.unary_dunder(v, "__pos__", "+"),
        }
    }

    pub fn unary_invert(&self, v: &Value) -> PyResult<Value> {
        match v {
            Value::Int(i) => Ok(Value::Int(!i)),
            Value::BigInt(b) => Ok(Value::from_bigint(-(**b).clone() - 1)),
            Value::Bool(b) => Ok(Value::Int(!(*b as i64))),
            _ => self.unary_dunder(v, "__invert__", "~"),
        }
    }

    fn unary_dunder(&self, v: &Value, name: &str, sym: &str) -> PyResult<Value> {
        match self.lookup_special(v, name) {
            Some(m) => self.call_value(&m, vec![]),
            None => Err(self.type_error(format!(
                "bad operand type for unary {sym}: '{}'",
                v.type_name()
            ))),
        }
    }

    // ------------------------------------------------------------ comparison

    pub fn compare(&self, op: CmpOp, a: &Value, b: &Value) -> PyResult<Value> {
        use CmpOp::*;
        match op {
            Is => Ok(Value::Bool(identity(a, b))),
            IsNot => Ok(Value::Bool(!identity(a, b))),
            In => Ok(Value::Bool(self.contains(b, a)?)),
            NotIn => Ok(Value::Bool(!self.contains(b, a)?)),
            Eq => self.eq_value(a, b),
            NotEq => {
                if matches!(a, Value::Instance(_)) || matches!(b, Value::Instance(_)) {
                    if let Some(r) = self.rich_compare(a, b, "__ne__", "__ne__")? {
                        return Ok(r);
                    }
                    let eq = self.eq_value(a, b)?;
                    return Ok(Value::Bool(!self.truthy(&eq)?));
                }
                Ok(Value::Bool(!self.eq(a, b)?))
            }
            Lt | LtE | Gt | GtE => self.order(op, a, b),
        }
    }

    /// `a == b` as a value (user `__eq__` may return anything).
    pub fn eq_value(&self, a: &Value, b: &Value) -> PyResult<Value> {
        if matches!(a, Value::Instance(_)) || matches!(b, Value::Instance(_)) {
            if let Some(r) = self.rich_compare(a, b, "__eq__", "__eq__")? {
                return Ok(r);
            }
            return Ok(Value::Bool(identity(a, b)));
        }
        Ok(Value::Bool(self.eq(a, b)?))
    }

    /// `a == b` as a bool.
    pub fn eq(&self, a: &Value, b: &Value) -> PyResult<bool> {
        Ok(match (a, b) {
            (Value::Int(x), Value::Int(y)) => x == y,
            (Value::Str(x), Value::Str(y)) => x.as_str() == y.as_str(),
            (Value::Float(x), Value::Float(y)) => x == y,
            (Value::List(x), Value::List(y)) => {
                if Rc::ptr_eq(x, y) {
                    return Ok(true);
                }
                if x.borrow().len() != y.borrow().len() {
                    return Ok(false);
                }
                // `list_richcompare`: both lists read at each step (a user `__eq__` may
                // change them), the sizes compared when one runs out.
                self.recursing(IN_COMPARISON, || {
                    let mut i = 0;
                    loop {
                        let pair = (x.borrow().get(i).cloned(), y.borrow().get(i).cloned());
                        let (Some(p), Some(q)) = pair else {
                            return Ok(x.borrow().len() == y.borrow().len());
                        };
                        if !identity(&p, &q) && !self.eq(&p, &q)? {
                            return Ok(false);
                        }
                        i += 1;
                    }
                })?
            }
            (Value::Tuple(x), Value::Tuple(y)) => {
                self.recursing(IN_COMPARISON, || self.seq_eq(x, y))?
            }
            (Value::Dict(x), Value::Dict(y)) => {
                if x.map.borrow().len() != y.map.borrow().len() {
                    return Ok(false);
                }
                // `dict_equal`: x's entries by position (re-read each time: a key's or a
                // value's `__eq__` may change either dict), each looked up in y.
                self.recursing(IN_COMPARISON, || {
                    let mut at = 0;
                    while let Some((k, v)) = crate::dictmap::next_entry(&x.map, &mut at) {
                        match crate::dictmap::get(&y.map, &k)? {
                            Some(w) if identity(&v, &w) || self.eq(&v, &w)? => {}
                            _ => return Ok(false),
                        }
                    }
                    Ok(true)
                })?
            }
            (Value::Instance(_), _) | (_, Value::Instance(_)) => {
                let r = self.eq_value(a, b)?;
                self.truthy(&r)?
            }
            _ => crate::value::keys_equal(a, b)?,
        })
    }
}

/// What a `RecursionError` from comparing nested containers says.
const IN_COMPARISON: &str = " in comparison";

impl Interp {
    fn seq_eq(&self, x: &[Value], y: &[Value]) -> PyResult<bool> {
        if x.len() != y.len() {
            return Ok(false);
        }
        for (p, q) in x.iter().zip(y) {
            if !identity(p, q) && !self.eq(p, q)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn rich_compare(
        &self,
        a: &Value,
        b: &Value,
        name: &str,
        rname: &str,
    ) -> PyResult<Option<Value>> {
        if let Some(r) = self.try_dunder(a, name, b)? {
            return Ok(Some(r));
        }
        self.try_dunder(b, rname, a)
    }

    fn order(&self, op: CmpOp, a: &Value, b: &Value) -> PyResult<Value> {
        if let (Value::Int(x), Value::Int(y)) = (a, b) {
            return Ok(Value::Bool(cmp_result(op, x.cmp(y))));
        }
        if matches!(a, Value::Instance(_)) || matches!(b, Value::Instance(_)) {
            let (name, rname) = match op {
                CmpOp::Lt => ("__lt__", "__gt__"),
                CmpOp::LtE => ("__le__", "__ge__"),
                CmpOp::Gt => ("__gt__", "__lt__"),
                _ => ("__ge__", "__le__"),
            };
            if let Some(r) = self.rich_compare(a, b, name, rname)? {
                return Ok(r);
            }
            return Err(self.order_error(op, a, b));
        }
        match self.partial_cmp(a, b)? {
            Some(ord) => Ok(Value::Bool(cmp_result(op, ord))),
            None if is_nan_compare(a, b) => Ok(Value::Bool(false)),
            None => match (a, b) {
                (Value::Set(x), Value::Set(y)) => {
                    // `set_richcompare`: the sizes first, then the elements.
                    use crate::setmap::shared_is_subset;
                    let (lx, ly) = (x.set.borrow().len(), y.set.borrow().len());
                    Ok(Value::Bool(match op {
                        CmpOp::Lt => lx < ly && shared_is_subset(&x.set, &y.set)?,
                        CmpOp::LtE => lx <= ly && shared_is_subset(&x.set, &y.set)?,
                        CmpOp::Gt => lx > ly && shared_is_subset(&y.set, &x.set)?,
                        _ => lx >= ly && shared_is_subset(&y.set, &x.set)?,
                    }))
                }
                _ => Err(self.order_error(op, a, b)),
            },
        }
    }

    pub fn order_error(&self, op: CmpOp, a: &Value, b: &Value) -> Exc {
        self.type_error(format!(
            "'{}' not supported between instances of '{}' and '{}'",
            op.symbol(),
            a.type_name(),
            b.type_name()
        ))
    }

    /// Total order where Python defines one (numbers, strings, sequences); None otherwise.
    pub fn partial_cmp(&self, a: &Value, b: &Value) -> PyResult<Option<std::cmp::Ordering>> {
        use std::cmp::Ordering;
        Ok(match (a, b) {
            (Value::Int(x), Value::Int(y)) => Some(x.cmp(y)),
            (Value::Float(x), Value::Float(y)) => x.partial_cmp(y),
            (Value::Str(x), Value::Str(y)) => Some(x.as_str().cmp(y.as_str())),
            (Value::List(x), Value::List(y)) => {
                let (x, y) = (x.borrow().clone(), y.borrow().clone());
                return self.recursing(IN_COMPARISON, || self.seq_cmp(&x, &y));
            }
            (Value::Tuple(x), Value::Tuple(y)) => {
                return self.recursing(IN_COMPARISON, || self.seq_cmp(x, y))
            }
            _ => match (as_num(a), as_num(b)) {
                (Some(Num::Int(x)), Some(Num::Int(y))) => Some(x.cmp(&y)),
                (Some(x), Some(y)) => {
                    let f = |n: &Num| match n {
                        Num::Float(f) => *f,
                        Num::Int(i) => int_to_f64(i).unwrap_or(if i.is_negative() {
                            f64::NEG_INFINITY
                        } else {
                            f64::INFINITY
                        }),
                    };
                    let (fx, fy) = (f(&x), f(&y));
                    match fx.partial_cmp(&fy) {
                        Some(Ordering::Equal) => match (&x, &y) {
                            (Num::Int(i), Num::Float(g)) => Some(cmp_int_float(i, *g)),
                            (Num::Float(g), Num::Int(i)) => Some(cmp_int_float(i, *g).reverse()),
                            _ => Some(Ordering::Equal),
                        },
                        o => o,
                    }
                }
                _ => None,
            },
        })
    }

    fn seq_cmp(&self, x: &[Value], y: &[Value]) -> PyResult<Option<std::cmp::Ordering>> {
        for (p, q) in x.iter().zip(y) {
            // Ints and strings (the commonest items of sorted tuples) compare at once.
            let ordered = match (p, q) {
                (Value::Int(a), Value::Int(b)) => Some(a.cmp(b)),
                (Value::Str(a), Value::Str(b)) => Some(a.as_str().cmp(b.as_str())),
                _ => None,
            };
            match ordered {
                Some(std::cmp::Ordering::Equal) => continue,
                Some(o) => return Ok(Some(o)),
                None => {}
            }
            if identity(p, q) || self.eq(p, q)? {
                continue;
            }
            if let Some(o) = self.partial_cmp(p, q)? {
                return Ok(Some(o));
            }
            let lt = self.order(CmpOp::Lt, p, q)?;
            return Ok(Some(if self.truthy(&lt)? {
                std::cmp::Ordering::Less
            } else {
                std::cmp::Ordering::Greater
            }));
        }
        Ok(Some(x.len().cmp(&y.len())))
    }

    /// `a < b` for sorting; raises Python's TypeError where there is no order.
    pub fn less_than(&self, a: &Value, b: &Value) -> PyResult<bool> {
        match (a, b) {
            (Value::Int(x), Value::Int(y)) => Ok(x < y),
            (Value::Str(x), Value::Str(y)) => Ok(x.as_str() < y.as_str()),
            (Value::Float(x), Value::Float(y)) => Ok(x < y),
            _ => {
                let r = self.order(CmpOp::Lt, a, b)?;
                self.truthy(&r)
            }
        }
    }

    pub fn contains(&self, container: &Value, item: &Value) -> PyResult<bool> {
        match container {
            Value::Str(s) => match item {
                Value::Str(sub) => Ok(s.as_str().contains(sub.as_str())),
                _ => Err(self.type_error(format!(
                    "'in <string>' requires string as left operand, not {}",
                    item.type_name()
                ))),
            },
            Value::List(l) => {
                // `list_contains`: the list is read at each step (a user `__eq__` may
                // change it).
                let mut i = 0;
                loop {
                    let next = l.borrow().get(i).cloned();
                    let Some(v) = next else {
                        break;
                    };
                    if identity(&v, item) || self.eq(&v, item)? {
                        return Ok(true);
                    }
                    i += 1;
                }
                Ok(false)
            }
            Value::Tuple(t) => {
                for v in t.iter() {
                    if identity(v, item) || self.eq(v, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Value::Dict(d) => {
                let key = self.to_key(item)?;
                crate::dictmap::contains(&d.map, &key)
            }
            Value::Set(s) => {
                let key = self.to_key(item)?;
                crate::setmap::shared_contains(&s.set, &key)
            }
            _ => {
                if let Some(m) = self.lookup_special(container, "__contains__") {
                    let r = self.call_value(&m, vec![item.clone()])?;
                    return self.truthy(&r);
                }
                if let Some(r) = self.native_contains(container, item)? {
                    return Ok(r);
                }
                let mut it = self.get_iter(container).map_err(|_| {
                    self.type_error(format!(
                        "argument of type '{}' is not iterable",
                        container.type_name()
                    ))
                })?;
                while let Some(v) = self.next(&mut it)? {
                    if identity(&v, item) || self.eq(&v, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
        }
    }

    pub fn is_not_implemented(&self, v: &Value) -> bool {
        identity(v, &self.singletons.not_implemented)
    }
}

fn same_type(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Instance(x), Value::Instance(y)) => Rc::ptr_eq(&x.class, &y.class),
        _ => std::mem::discriminant(a) == std::mem::discriminant(b),
    }
}

/// An order comparison of numbers with a NaN among them (false whatever the operator); a
/// NaN against what is not a number is a TypeError as any float is.
fn is_nan_compare(a: &Value, b: &Value) -> bool {
    (matches!(a, Value::Float(f) if f.is_nan()) || matches!(b, Value::Float(f) if f.is_nan()))
        && as_num(a).is_some()
        && as_num(b).is_some()
}

fn cmp_int_float(i: &BigInt, f: f64) -> std::cmp::Ordering {
    use num_traits::FromPrimitive;
    use std::cmp::Ordering;
    // Exact comparison of an int with a float, as CPython's float_richcompare.
    if f.is_infinite() {
        return if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        };
    }
    let floor = f.floor();
    let Some(fi) = BigInt::from_f64(floor) else {
        return Ordering::Equal;
    };
    match i.cmp(&fi) {
        Ordering::Equal if floor < f => Ordering::Less,
        o => o,
    }
}

fn cmp_result(op: CmpOp, ord: std::cmp::Ordering) -> bool {
    use std::cmp::Ordering::*;
    match op {
        CmpOp::Lt => ord == Less,
        CmpOp::LtE => ord != Greater,
        CmpOp::Gt => ord == Greater,
        CmpOp::GtE => ord != Less,
        CmpOp::Eq => ord == Equal,
        CmpOp::NotEq => ord != Equal,
        _ => false,
    }
}

/// Python's float divmod: the remainder has the sign of the divisor.
pub fn float_divmod(x: f64, y: f64) -> (f64, f64) {
    let mut m = x % y;
    let mut div = (x - m) / y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(y);
    }
    let floordiv = if div != 0.0 {
        let f = div.floor();
        if div - f > 0.5 {
            f + 1.0
        } else {
            f
        }
    } else {
        0.0f64.copysign(x / y)
    };
    (floordiv, m)
}

/// Whether `v` is an instance of a user subclass of str.
fn is_str_subclass_instance(v: &Value) -> bool {
    matches!(v, Value::Instance(i) if i.class.builtin == BuiltinType::Str)
}
