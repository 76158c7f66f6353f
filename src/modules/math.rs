//! The `math` module: CPython's float functions with its special-value rules and error
//! messages. Integer functions (`factorial`, `gcd`, `comb`, ...) live in `math_int.rs`.
//!
//! CPython wraps each libm call the same way (`math_1`/`math_2` in `mathmodule.c`): a NaN
//! from a non-NaN argument is `ValueError("math domain error")`, an infinity from finite
//! arguments is `OverflowError("math range error")` for functions that can overflow and a
//! domain error for the rest. [`check`] is that wrapper; functions that decide the error
//! themselves (`log(0)`, `gamma(-1)`) report it through [`Errno`].

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};

use super::{math_algo, math_int};
use crate::builtins::builtin;
use crate::interp::Interp;
use crate::object::{CallArgs, PyResult};
use crate::value::Value;

/// The error a C math function reports through `errno`.
#[derive(Clone, Copy, PartialEq)]
pub enum Errno {
    Ok,
    /// `EDOM`: ValueError.
    Dom,
    /// `ERANGE`: OverflowError, unless the result is small (an underflow).
    Range,
}

pub fn domain_error(interp: &Interp) -> crate::object::Exc {
    interp.value_error("math domain error")
}

pub fn range_error(interp: &Interp) -> crate::object::Exc {
    interp.overflow_error("math range error")
}

/// CPython's `math_1` check of a one-argument function's result.
fn check(interp: &Interp, x: f64, r: f64, errno: Errno, can_overflow: bool) -> PyResult<Value> {
    let errno = match errno {
        Errno::Ok if r.is_nan() && !x.is_nan() => Errno::Dom,
        Errno::Ok if r.is_infinite() && x.is_finite() => {
            if can_overflow {
                Errno::Range
            } else {
                Errno::Dom
            }
        }
        e => e,
    };
    match errno {
        Errno::Dom => Err(domain_error(interp)),
        Errno::Range if r.abs() >= 1.5 => Err(range_error(interp)),
        _ => Ok(Value::Float(r)),
    }
}

/// CPython's `math_2` check of a two-argument function's result.
fn check2(interp: &Interp, x: f64, y: f64, r: f64, can_overflow: bool) -> PyResult<Value> {
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(domain_error(interp));
    }
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(if can_overflow {
            range_error(interp)
        } else {
            domain_error(interp)
        });
    }
    Ok(Value::Float(r))
}

// ------------------------------------------------------------ arguments

/// The one argument of `math.NAME(x)`, with CPython's messages for the wrong count.
pub fn one_arg(interp: &Interp, name: &str, args: CallArgs) -> PyResult<Value> {
    if !args.kwargs.is_empty() {
        return Err(interp.type_error(format!("math.{name}() takes no keyword arguments")));
    }
    let n = args.args.len();
    if n != 1 {
        return Err(interp.type_error(format!(
            "math.{name}() takes exactly one argument ({n} given)"
        )));
    }
    Ok(args.args.into_iter().next().unwrap_or(Value::None))
}

/// The arguments of a fixed-arity `math.NAME(a, b, ...)`.
pub fn n_args(interp: &Interp, name: &str, args: CallArgs, n: usize) -> PyResult<Vec<Value>> {
    if !args.kwargs.is_empty() {
        return Err(interp.type_error(format!("{name}() takes no keyword arguments")));
    }
    let k = args.args.len();
    if k != n {
        return Err(interp.type_error(format!("{name} expected {n} arguments, got {k}")));
    }
    Ok(args.args)
}

/// Rejects keyword arguments not in `names`, with the message of CPython's
/// argument-clinic functions.
pub fn check_keywords(
    interp: &Interp,
    fname: &str,
    args: &CallArgs,
    names: &[&str],
) -> PyResult<()> {
    for (k, _) in &args.kwargs {
        if !names.contains(&&**k) {
            return Err(interp.type_error(format!(
                "'{k}' is an invalid keyword argument for {fname}()"
            )));
        }
    }
    Ok(())
}

/// `PyFloat_AsDouble`: floats, ints, and objects with `__float__` or `__index__`.
pub fn to_f64(interp: &Interp, v: &Value) -> PyResult<f64> {
    match v {
        Value::Float(f) => Ok(*f),
        Value::Int(i) => Ok(*i as f64),
        Value::Bool(b) => Ok(*b as i64 as f64),
        Value::BigInt(b) => big_to_f64(interp, b),
        Value::Instance(_) => {
            if let Some(m) = interp.lookup_special(v, "__float__") {
                return match interp.call_value(&m, vec![])? {
                    Value::Float(f) => Ok(f),
                    r => Err(interp.type_error(format!(
                        "{}.__float__ returned non-float (type {})",
                        v.type_name(),
                        r.type_name()
                    ))),
                };
            }
            if interp.lookup_special(v, "__index__").is_some() {
                return big_to_f64(interp, &to_int(interp, v)?);
            }
            Err(not_real(interp, v))
        }
        _ => Err(not_real(interp, v)),
    }
}

fn not_real(interp: &Interp, v: &Value) -> crate::object::Exc {
    interp.type_error(format!("must be real number, not {}", v.type_name()))
}

pub fn big_to_f64(interp: &Interp, b: &BigInt) -> PyResult<f64> {
    crate::interp::int_to_f64(b)
        .ok_or_else(|| interp.overflow_error("int too large to convert to float"))
}

/// `__index__`: an exact int, or `TypeError`.
pub fn to_int(interp: &Interp, v: &Value) -> PyResult<BigInt> {
    if let Some(b) = v.as_bigint() {
        return Ok(b);
    }
    if let Some(m) = interp.lookup_special(v, "__index__") {
        let r = interp.call_value(&m, vec![])?;
        if let Some(b) = r.as_bigint() {
            return Ok(b);
        }
        return Err(interp.type_error(format!(
            "__index__ returned non-int (type {})",
            r.type_name()
        )));
    }
    Err(interp.type_error(format!(
        "'{}' object cannot be interpreted as an integer",
        v.type_name()
    )))
}

// ------------------------------------------------------------ the plain libm functions

/// A one-argument function: a libm call plus CPython's checks.
fn unary(
    interp: &Interp,
    name: &str,
    args: CallArgs,
    f: fn(f64) -> f64,
    can_overflow: bool,
) -> PyResult<Value> {
    let x = to_f64(interp, &one_arg(interp, name, args)?)?;
    check(interp, x, f(x), Errno::Ok, can_overflow)
}

/// A one-argument function that reports its own errno.
fn unary_errno(
    interp: &Interp,
    name: &str,
    args: CallArgs,
    f: fn(f64) -> (f64, Errno),
    can_overflow: bool,
) -> PyResult<Value> {
    let x = to_f64(interp, &one_arg(interp, name, args)?)?;
    let (r, errno) = f(x);
    check(interp, x, r, errno, can_overflow)
}

fn binary(
    interp: &Interp,
    name: &str,
    args: CallArgs,
    f: fn(f64, f64) -> f64,
    can_overflow: bool,
) -> PyResult<Value> {
    let a = n_args(interp, name, args, 2)?;
    let (x, y) = (to_f64(interp, &a[0])?, to_f64(interp, &a[1])?);
    check2(interp, x, y, f(x, y), can_overflow)
}

fn predicate(interp: &Interp, name: &str, args: CallArgs, f: fn(f64) -> bool) -> PyResult<Value> {
    let x = to_f64(interp, &one_arg(interp, name, args)?)?;
    Ok(Value::Bool(f(x)))
}

/// glibc's libm, which CPython's `math` calls: Rust's own versions of some functions
/// (`cbrt`, `asinh`, ...) round differently in the last bit.
pub mod libm {
    mod c {
        extern "C" {
            pub fn acos(x: f64) -> f64;
            pub fn acosh(x: f64) -> f64;
            pub fn asin(x: f64) -> f64;
            pub fn asinh(x: f64) -> f64;
            pub fn atan(x: f64) -> f64;
            pub fn atanh(x: f64) -> f64;
            pub fn cos(x: f64) -> f64;
            pub fn cosh(x: f64) -> f64;
            pub fn erf(x: f64) -> f64;
            pub fn erfc(x: f64) -> f64;
            pub fn exp(x: f64) -> f64;
            pub fn exp2(x: f64) -> f64;
            pub fn expm1(x: f64) -> f64;
            pub fn log(x: f64) -> f64;
            pub fn log10(x: f64) -> f64;
            pub fn log1p(x: f64) -> f64;
            pub fn log2(x: f64) -> f64;
            pub fn sin(x: f64) -> f64;
            pub fn sinh(x: f64) -> f64;
            pub fn tan(x: f64) -> f64;
            pub fn tanh(x: f64) -> f64;
            pub fn atan2(y: f64, x: f64) -> f64;
            pub fn pow(x: f64, y: f64) -> f64;
        }
    }

    macro_rules! safe {
        ($($name:ident),*) => {$(
            pub fn $name(x: f64) -> f64 {
                // SAFETY: a pure libm function of a double.
                unsafe { c::$name(x) }
            }
        )*};
    }
    safe!(acos, acosh, asin, asinh, atan, atanh, cos, cosh, erf, erfc, exp, exp2, expm1);
    safe!(log, log10, log1p, log2, sin, sinh, tan, tanh);

    /// glibc's `cbrt`, looked up at run time: linking by name gets Rust's built-in one.
    pub fn cbrt(x: f64) -> f64 {
        type F = extern "C" fn(f64) -> f64;
        static CBRT: std::sync::OnceLock<Option<F>> = std::sync::OnceLock::new();
        let f = CBRT.get_or_init(|| {
            // SAFETY: dlopen/dlsym with NUL-terminated names; a found `cbrt` has the C
            // signature `double cbrt(double)`.
            unsafe {
                let lib = libc::dlopen(c"libm.so.6".as_ptr(), libc::RTLD_NOW);
                if lib.is_null() {
                    return None;
                }
                let sym = libc::dlsym(lib, c"cbrt".as_ptr());
                (!sym.is_null()).then(|| std::mem::transmute::<*mut libc::c_void, F>(sym))
            }
        });
        match f {
            Some(f) => f(x),
            None => x.cbrt(),
        }
    }

    pub fn atan2(y: f64, x: f64) -> f64 {
        // SAFETY: a pure libm function of two doubles.
        unsafe { c::atan2(y, x) }
    }

    pub fn pow(x: f64, y: f64) -> f64 {
        // SAFETY: a pure libm function of two doubles.
        unsafe { c::pow(x, y) }
    }
}

/// `m_log` and friends: the log of a float, with EDOM at and below zero.
fn log_with(f: fn(f64) -> f64) -> impl Fn(f64) -> (f64, Errno) {
    move |x| {
        if x.is_finite() {
            if x > 0.0 {
                (f(x), Errno::Ok)
            } else if x == 0.0 {
                (f64::NEG_INFINITY, Errno::Dom)
            } else {
                (f64::NAN, Errno::Dom)
            }
        } else if x.is_nan() || x > 0.0 {
            (x, Errno::Ok)
        } else {
            (f64::NAN, Errno::Dom)
        }
    }
}

/// CPython's `loghelper`: logs of ints too large for a float are computed from their
/// mantissa and exponent, so `log(10**400)` works.
fn log_helper(interp: &Interp, v: &Value, f: fn(f64) -> f64) -> PyResult<f64> {
    if let Some(b) = v.as_bigint() {
        if !b.is_positive() {
            return Err(domain_error(interp));
        }
        return Ok(match crate::interp::int_to_f64(&b) {
            Some(x) => f(x),
            None => {
                let (m, e) = frexp_big(&b);
                f(m) + f(2.0) * e as f64
            }
        });
    }
    let x = to_f64(interp, v)?;
    let (r, errno) = log_with(f)(x);
    match check(interp, x, r, errno, false)? {
        Value::Float(r) => Ok(r),
        _ => Ok(r),
    }
}

/// `_PyLong_Frexp`: `b == m * 2**e` with `0.5 <= m < 1`, `m` rounded half-even to 53 bits.
fn frexp_big(b: &BigInt) -> (f64, i64) {
    let mag = b.magnitude();
    let bits = mag.bits();
    if bits <= 53 {
        let x = mag.to_f64().unwrap_or(0.0);
        let (m, e) = frexp(x);
        return (m, e as i64);
    }
    let shift = bits - 53;
    let q = mag >> shift;
    let rem = mag - (&q << shift);
    let half = num_bigint::BigUint::from(1u8) << (shift - 1);
    let mut q = q.to_u64().unwrap_or(0);
    if rem > half || (rem == half && q & 1 == 1) {
        q += 1;
    }
    // q < 2**53 + 1; q == 2**53 is still exact as a float.
    (q as f64 / (1u64 << 53) as f64, bits as i64)
}

fn log(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    if !args.kwargs.is_empty() {
        return Err(interp.type_error("log() takes no keyword arguments"));
    }
    if args.args.is_empty() || args.args.len() > 2 {
        return Err(interp.type_error("math.log requires 1 to 2 arguments"));
    }
    let num = log_helper(interp, &args.args[0], libm::log)?;
    let Some(base) = args.args.get(1) else {
        return Ok(Value::Float(num));
    };
    let den = log_helper(interp, base, libm::log)?;
    if den == 0.0 {
        return Err(interp.zero_division("float division by zero"));
    }
    Ok(Value::Float(num / den))
}

fn log_fn(interp: &Interp, name: &str, args: CallArgs, f: fn(f64) -> f64) -> PyResult<Value> {
    let v = one_arg(interp, name, args)?;
    Ok(Value::Float(log_helper(interp, &v, f)?))
}

/// `math.pow`: C99's `pow` with CPython's handling of the special values.
fn pow(x: f64, y: f64) -> (f64, Errno) {
    if !x.is_finite() || !y.is_finite() {
        let r = if x.is_nan() {
            if y == 0.0 {
                1.0
            } else {
                x
            }
        } else if y.is_nan() {
            if x == 1.0 {
                1.0
            } else {
                y
            }
        } else if x.is_infinite() {
            let odd_y = y.is_finite() && (y.abs() % 2.0) == 1.0;
            if y > 0.0 {
                if odd_y {
                    x
                } else {
                    x.abs()
                }
            } else if y == 0.0 {
                1.0
            } else if odd_y {
                0.0f64.copysign(x)
            } else {
                0.0
            }
        } else if x.abs() == 1.0 {
            1.0
        } else if (y > 0.0 && x.abs() > 1.0) || (y < 0.0 && x.abs() < 1.0) {
            f64::INFINITY
        } else {
            0.0
        };
        return (r, Errno::Ok);
    }
    let r = libm::pow(x, y);
    let errno = if r.is_nan() {
        Errno::Dom
    } else if r.is_infinite() {
        if x == 0.0 {
            Errno::Dom
        } else {
            Errno::Range
        }
    } else {
        Errno::Ok
    };
    (r, errno)
}

fn math_pow(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = n_args(interp, "pow", args, 2)?;
    let (x, y) = (to_f64(interp, &a[0])?, to_f64(interp, &a[1])?);
    let (r, errno) = pow(x, y);
    match errno {
        Errno::Dom => Err(domain_error(interp)),
        Errno::Range => Err(range_error(interp)),
        Errno::Ok => Ok(Value::Float(r)),
    }
}

fn fmod(x: f64, y: f64) -> f64 {
    if y.is_infinite() && x.is_finite() {
        return x;
    }
    x % y
}

/// IEEE 754 remainder: `x - n*y` with `n` the integer nearest `x/y`, ties to even.
fn remainder(x: f64, y: f64) -> f64 {
    if x.is_finite() && y.is_finite() {
        if y == 0.0 {
            return f64::NAN;
        }
        let (absx, absy) = (x.abs(), y.abs());
        let m = absx % absy;
        let c = absy - m;
        let r = if m < c {
            m
        } else if m > c {
            -c
        } else {
            m - 2.0 * ((0.5 * (absx - m)) % absy)
        };
        return 1.0f64.copysign(x) * r;
    }
    if x.is_nan() {
        return x;
    }
    if y.is_nan() {
        return y;
    }
    if x.is_infinite() {
        return f64::NAN;
    }
    x
}

pub fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let (x, adjust) = if x.abs() < f64::MIN_POSITIVE {
        (x * 2f64.powi(64), -64)
    } else {
        (x, 0)
    };
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, exp - 1022 + adjust)
}

/// `ldexp(x, n)` (musl's `scalbn`), correctly rounded into the subnormals.
pub fn ldexp(x: f64, n: i64) -> f64 {
    let mut n = n.clamp(-10_000, 10_000) as i32;
    let mut y = x;
    let p1023 = f64::from_bits(0x7fe << 52);
    let p_969 = f64::from_bits(((0x3ff - 1022 + 53) as u64) << 52);
    if n > 1023 {
        y *= p1023;
        n -= 1023;
        if n > 1023 {
            y *= p1023;
            n -= 1023;
            n = n.min(1023);
        }
    } else if n < -1022 {
        y *= p_969;
        n += 1022 - 53;
        if n < -1022 {
            y *= p_969;
            n += 1022 - 53;
            n = n.max(-1022);
        }
    }
    y * f64::from_bits(((0x3ff + n) as u64) << 52)
}

fn math_ldexp(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = n_args(interp, "ldexp", args, 2)?;
    let x = to_f64(interp, &a[0])?;
    let Some(n) = a[1].as_bigint() else {
        return Err(interp.type_error("Expected an int as second argument to ldexp."));
    };
    if x == 0.0 || !x.is_finite() {
        return Ok(Value::Float(x));
    }
    let n = n
        .to_i64()
        .unwrap_or(if n.is_negative() { i64::MIN } else { i64::MAX });
    let r = ldexp(x, n);
    if r.is_infinite() {
        return Err(range_error(interp));
    }
    Ok(Value::Float(r))
}

fn next_after(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        return x + y;
    }
    if x == y {
        return y;
    }
    if x == 0.0 {
        return f64::from_bits(1).copysign(y);
    }
    let bits = x.to_bits();
    let up = (y > x) == (x > 0.0);
    f64::from_bits(if up { bits + 1 } else { bits - 1 })
}

fn ulp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    let x = x.abs();
    if x.is_infinite() {
        return x;
    }
    let x2 = next_after(x, f64::INFINITY);
    if x2.is_infinite() {
        return x - next_after(x, f64::NEG_INFINITY);
    }
    x2 - x
}

fn modf(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let x = to_f64(interp, &one_arg(interp, "modf", args)?)?;
    let (frac, int) = if x.is_infinite() {
        (0.0f64.copysign(x), x)
    } else {
        ((x - x.trunc()).copysign(x), x.trunc())
    };
    Ok(Value::tuple(vec![Value::Float(frac), Value::Float(int)]))
}

fn math_frexp(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let x = to_f64(interp, &one_arg(interp, "frexp", args)?)?;
    let (m, e) = frexp(x);
    Ok(Value::tuple(vec![Value::Float(m), Value::Int(e as i64)]))
}

/// `floor`/`ceil`: ints stay ints, `__floor__`/`__ceil__` are honoured, floats round to an int.
fn round_to_int(interp: &Interp, name: &str, args: CallArgs, f: fn(f64) -> f64) -> PyResult<Value> {
    let v = one_arg(interp, name, args)?;
    match &v {
        Value::Float(x) => float_int(interp, f(*x)),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Int(_) | Value::BigInt(_) => Ok(v),
        _ => {
            if let Some(m) = interp.lookup_special(&v, &format!("__{name}__")) {
                return interp.call_value(&m, vec![]);
            }
            float_int(interp, f(to_f64(interp, &v)?))
        }
    }
}

fn float_int(interp: &Interp, x: f64) -> PyResult<Value> {
    match crate::format::float_to_int(x) {
        Ok(b) => Ok(Value::from_bigint(b)),
        Err(msg) if x.is_nan() => Err(interp.value_error(msg)),
        Err(msg) => Err(interp.overflow_error(&msg)),
    }
}

fn trunc(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let v = one_arg(interp, "trunc", args)?;
    match &v {
        Value::Float(x) => float_int(interp, x.trunc()),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Int(_) | Value::BigInt(_) => Ok(v),
        _ => match interp.lookup_special(&v, "__trunc__") {
            Some(m) => interp.call_value(&m, vec![]),
            None => Err(interp.type_error(format!(
                "type {} doesn't define __trunc__ method",
                v.type_name()
            ))),
        },
    }
}

fn isclose(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let n = args.args.len();
    if n > 2 {
        return Err(interp.type_error(format!(
            "isclose() takes exactly 2 positional arguments ({n} given)"
        )));
    }
    check_keywords(interp, "isclose", &args, &["a", "b", "rel_tol", "abs_tol"])?;
    let a = crate::builtins::Args::parse(
        interp,
        "isclose",
        args,
        &["a", "b", "rel_tol", "abs_tol"],
        2,
    )?;
    let x = to_f64(interp, a.get(0).unwrap_or(&Value::None))?;
    let y = to_f64(interp, a.get(1).unwrap_or(&Value::None))?;
    let rel = match a.get(2) {
        Some(v) => to_f64(interp, v)?,
        None => 1e-9,
    };
    let abs = match a.get(3) {
        Some(v) => to_f64(interp, v)?,
        None => 0.0,
    };
    if rel < 0.0 || abs < 0.0 {
        return Err(interp.value_error("tolerances must be non-negative"));
    }
    if x == y {
        return Ok(Value::Bool(true));
    }
    if x.is_infinite() || y.is_infinite() {
        return Ok(Value::Bool(false));
    }
    let diff = (y - x).abs();
    Ok(Value::Bool(
        (diff <= (rel * y).abs()) || (diff <= (rel * x).abs()) || diff <= abs,
    ))
}

pub fn make(_interp: &Interp) -> Value {
    macro_rules! f1 {
        ($name:literal, $f:expr, $over:expr) => {
            ($name, builtin($name, |i, a| unary(i, $name, a, $f, $over)))
        };
    }
    macro_rules! f2 {
        ($name:literal, $f:expr, $over:expr) => {
            ($name, builtin($name, |i, a| binary(i, $name, a, $f, $over)))
        };
    }
    macro_rules! pred {
        ($name:literal, $f:expr) => {
            ($name, builtin($name, |i, a| predicate(i, $name, a, $f)))
        };
    }
    macro_rules! fun {
        ($name:literal, $f:expr) => {
            ($name, builtin($name, $f))
        };
    }
    super::module(
        "math",
        vec![
            ("pi", Value::Float(std::f64::consts::PI)),
            ("e", Value::Float(std::f64::consts::E)),
            ("tau", Value::Float(std::f64::consts::TAU)),
            ("inf", Value::Float(f64::INFINITY)),
            ("nan", Value::Float(f64::NAN)),
            f1!("sqrt", f64::sqrt, false),
            f1!("exp", libm::exp, true),
            f1!("exp2", libm::exp2, true),
            f1!("expm1", libm::expm1, true),
            f1!("cbrt", libm::cbrt, false),
            f1!("fabs", f64::abs, false),
            f1!("sin", libm::sin, false),
            f1!("cos", libm::cos, false),
            f1!("tan", libm::tan, false),
            f1!("asin", libm::asin, false),
            f1!("acos", libm::acos, false),
            f1!("atan", libm::atan, false),
            f1!("sinh", libm::sinh, true),
            f1!("cosh", libm::cosh, true),
            f1!("tanh", libm::tanh, false),
            f1!("asinh", libm::asinh, false),
            f1!("acosh", libm::acosh, false),
            f1!("atanh", libm::atanh, false),
            f1!("erf", libm::erf, false),
            f1!("erfc", libm::erfc, false),
            f1!("degrees", f64::to_degrees, false),
            f1!("radians", f64::to_radians, false),
            f1!("ulp", ulp, false),
            (
                "log1p",
                builtin("log1p", |i, a| {
                    unary_errno(
                        i,
                        "log1p",
                        a,
                        |x| {
                            if x == -1.0 {
                                (f64::NEG_INFINITY, Errno::Dom)
                            } else {
                                (libm::log1p(x), Errno::Ok)
                            }
                        },
                        false,
                    )
                }),
            ),
            (
                "gamma",
                builtin("gamma", |i, a| {
                    unary_errno(i, "gamma", a, math_algo::tgamma, true)
                }),
            ),
            (
                "lgamma",
                builtin("lgamma", |i, a| {
                    unary_errno(i, "lgamma", a, math_algo::lgamma, true)
                }),
            ),
            f2!("atan2", libm::atan2, false),
            f2!("copysign", f64::copysign, false),
            f2!("fmod", fmod, false),
            f2!("remainder", remainder, false),
            f2!("nextafter", next_after, false),
            pred!("isnan", f64::is_nan),
            pred!("isinf", f64::is_infinite),
            pred!("isfinite", f64::is_finite),
            fun!("log", log),
            fun!("log2", |i, a| log_fn(i, "log2", a, libm::log2)),
            fun!("log10", |i, a| log_fn(i, "log10", a, libm::log10)),
            fun!("pow", math_pow),
            fun!("ldexp", math_ldexp),
            fun!("frexp", math_frexp),
            fun!("modf", modf),
            fun!("floor", |i, a| round_to_int(i, "floor", a, f64::floor)),
            fun!("ceil", |i, a| round_to_int(i, "ceil", a, f64::ceil)),
            fun!("trunc", trunc),
            fun!("isclose", isclose),
            fun!("fsum", math_algo::fsum),
            fun!("hypot", math_algo::hypot),
            fun!("dist", math_algo::dist),
            fun!("prod", math_int::prod),
            fun!("factorial", math_int::factorial),
            fun!("gcd", math_int::gcd),
            fun!("lcm", math_int::lcm),
            fun!("isqrt", math_int::isqrt),
            fun!("comb", math_int::comb),
            fun!("perm", math_int::perm),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frexp_and_ldexp_round_trip() {
        for x in [1.0, 8.0, -3.5, 1e-310, 5e-324, f64::MAX] {
            let (m, e) = frexp(x);
            assert!((0.5..1.0).contains(&m.abs()));
            assert_eq!(ldexp(m, e as i64), x);
        }
        assert_eq!(frexp_big(&BigInt::from(8)), (0.5, 4));
    }

    #[test]
    fn remainder_ties_to_even() {
        assert_eq!(remainder(7.0, 2.0), -1.0);
        assert_eq!(remainder(5.0, 2.0), 1.0);
        assert!(remainder(1.0, 0.0).is_nan());
    }
}
