//! The built-in functions (`print`, `len`, `sorted`, `min`, ...), with CPython's messages.

use std::rc::Rc;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

use super::{positional, Args};
use crate::ast::BinOp;
use crate::interp::Interp;
use crate::object::{BuiltinFn, CallArgs, PyResult, UnaryFn};
use crate::value::{identity, DictMap, Value};

pub const FUNCTIONS: &[(&str, BuiltinFn)] = &[
    ("print", print),
    ("len", len),
    ("repr", repr),
    ("ascii", ascii),
    ("abs", abs),
    ("all", all),
    ("any", any),
    ("sum", sum),
    ("min", min),
    ("max", max),
    ("sorted", sorted),
    ("round", round),
    ("divmod", divmod),
    ("pow", pow),
    ("isinstance", isinstance),
    ("issubclass", issubclass),
    ("hash", hash),
    ("id", id),
    ("iter", iter),
    ("next", next),
    ("getattr", getattr),
    ("setattr", setattr),
    ("hasattr", hasattr),
    ("delattr", delattr),
    ("callable", callable),
    ("ord", ord),
    ("chr", chr),
    ("hex", hex),
    ("oct", oct),
    ("bin", bin),
    ("format", format),
    ("input", input),
    ("open", open),
    ("vars", vars),
    ("dir", dir),
    ("globals", globals),
    ("locals", globals),
    ("exit", exit),
    ("quit", exit),
    ("aiter", aiter),
    ("anext", anext),
];

/// The functions of exactly one positional argument, which a call with one runs directly
/// (see [`crate::object::Builtin::unary`]).
pub const UNARY: &[(&str, UnaryFn)] = &[
    ("len", len1),
    ("repr", repr1),
    ("abs", abs1),
    ("hash", hash1),
    ("ord", ord1),
    ("chr", chr1),
];

fn print(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let mut sep = " ".to_string();
    let mut end = "\n".to_string();
    let mut file = Value::None;
    let mut flush = false;
    for (k, v) in args.kwargs {
        match &*k {
            "sep" | "end" => {
                let s = match &v {
                    Value::None => {
                        if &*k == "sep" {
                            " ".into()
                        } else {
                            "\n".into()
                        }
                    }
                    Value::Str(s) => s.as_str().to_string(),
                    other => {
                        return Err(interp.type_error(format!(
                            "{k} must be None or a string, not {}",
                            other.type_name()
                        )))
                    }
                };
                if &*k == "sep" {
                    sep = s;
                } else {
                    end = s;
                }
            }
            "file" => file = v,
            "flush" => flush = interp.truthy(&v)?,
            _ => {
                return Err(
                    interp.type_error(format!("'{k}' is an invalid keyword argument for print()"))
                )
            }
        }
    }
    let mut out = String::new();
    for (i, v) in args.args.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        match v {
            Value::Str(s) => out.push_str(s.as_str()),
            Value::Int(n) => out.push_str(&n.to_string()),
            _ => out.push_str(&interp.str(v)?),
        }
    }
    out.push_str(&end);
    crate::modules::sys::write_to(interp, &file, &out)?;
    if flush && file.is_none() {
        interp.out.borrow_mut().flush();
    }
    Ok(Value::None)
}

fn len(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "len", args, 1, 1)?;
    len1(interp, &a[0])
}

fn len1(interp: &Interp, v: &Value) -> PyResult<Value> {
    Ok(Value::Int(interp.len(v)? as i64))
}

fn repr(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "repr", args, 1, 1)?;
    repr1(interp, &a[0])
}

fn repr1(interp: &Interp, v: &Value) -> PyResult<Value> {
    Ok(Value::string(interp.repr(v)?))
}

fn ascii(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "ascii", args, 1, 1)?;
    Ok(Value::string(super::ascii(&interp.repr(&a[0])?)))
}

fn abs(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "abs", args, 1, 1)?;
    abs1(interp, &a[0])
}

fn abs1(interp: &Interp, v: &Value) -> PyResult<Value> {
    match v {
        Value::Int(i) => Ok(match i.checked_abs() {
            Some(v) => Value::Int(v),
            None => Value::from_bigint(BigInt::from(*i).abs()),
        }),
        Value::BigInt(b) => Ok(Value::from_bigint(b.abs())),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Float(f) => Ok(Value::Float(f.abs())),
        v => match interp.lookup_special(v, "__abs__") {
            Some(m) => interp.call_value(&m, vec![]),
            None => {
                Err(interp.type_error(format!("bad operand type for abs(): '{}'", v.type_name())))
            }
        },
    }
}

fn all(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "all", args, 1, 1)?;
    let mut it = interp.get_iter(&a[0])?;
    while let Some(v) = interp.next(&mut it)? {
        if !interp.truthy(&v)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn any(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "any", args, 1, 1)?;
    let mut it = interp.get_iter(&a[0])?;
    while let Some(v) = interp.next(&mut it)? {
        if interp.truthy(&v)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn sum(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let mut a = Args::parse(interp, "sum", args, &["iterable", "start"], 1)?;
    let start = a.get(1).cloned().unwrap_or(Value::Int(0));
    if let Value::Str(_) = start {
        return Err(interp.type_error("sum() can't sum strings [use ''.join(seq) instead]"));
    }
    let iterable = a.take(0);
    let mut it = interp.get_iter(&iterable)?;
    let mut total = start;
    let mut fsum: Option<f64> = None;
    while let Some(v) = interp.next(&mut it)? {
        if let (Value::Int(t), Value::Int(x)) = (&total, &v) {
            if let Some(r) = t.checked_add(*x) {
                total = Value::Int(r);
                continue;
            }
        }
        if let (Value::Float(t), Value::Float(x)) = (&total, &v) {
            total = Value::Float(t + x);
            let _ = &mut fsum;
            continue;
        }
        total = interp.binary_op(BinOp::Add, &total, &v)?;
    }
    Ok(total)
}

fn min(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    min_max(interp, args, "min", true)
}

fn max(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    min_max(interp, args, "max", false)
}

fn min_max(interp: &Interp, args: CallArgs, name: &str, want_min: bool) -> PyResult<Value> {
    let mut key = Value::None;
    let mut default = None;
    for (k, v) in args.kwargs {
        match &*k {
            "key" => key = v,
            "default" => default = Some(v),
            _ => {
                return Err(
                    interp.type_error(format!("'{k}' is an invalid keyword argument for {name}()"))
                )
            }
        }
    }
    let items = match args.args.len() {
        0 => return Err(interp.type_error(format!("{name} expected at least 1 argument, got 0"))),
        1 => interp.collect(&args.args[0])?,
        _ => {
            if default.is_some() {
                return Err(interp.type_error(format!(
                    "Cannot specify a default for {name}() with multiple positional arguments"
                )));
            }
            args.args
        }
    };
    let mut best: Option<(Value, Value)> = None;
    for item in items {
        let k = if key.is_none() {
            item.clone()
        } else {
            interp.call_value(&key, vec![item.clone()])?
        };
        best = Some(match best {
            None => (k, item),
            Some((bk, bv)) => {
                // CPython asks `item < best` for min and `item > best` for max (the
                // order its errors name the types in).
                let better = if want_min {
                    interp.less_than(&k, &bk)?
                } else {
                    let gt = interp.compare(crate::ast::CmpOp::Gt, &k, &bk)?;
                    interp.truthy(&gt)?
                };
                if better {
                    (k, item)
                } else {
                    (bk, bv)
                }
            }
        });
    }
    match (best, default) {
        (Some((_, v)), _) => Ok(v),
        (None, Some(d)) => Ok(d),
        (None, None) => Err(interp.value_error(format!("{name}() arg is an empty sequence"))),
    }
}

/// `sorted(iterable)`, for Rust callers.
pub fn sorted_list(interp: &Interp, iterable: &Value) -> PyResult<Value> {
    sorted(interp, CallArgs::positional(vec![iterable.clone()]))
}

fn sorted(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let CallArgs { args: pos, kwargs } = args;
    if pos.len() != 1 {
        return Err(interp.type_error(format!("sorted expected 1 argument, got {}", pos.len())));
    }
    let items = interp.collect(&pos[0])?;
    let list = Value::list(items);
    let Value::List(l) = &list else {
        unreachable!("just made a list")
    };
    super::methods_list::sort_list(
        interp,
        l,
        CallArgs {
            args: vec![],
            kwargs,
        },
    )?;
    Ok(list)
}

fn round(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = Args::parse(interp, "round", args, &["number", "ndigits"], 1)?;
    let x = a.get(0).cloned().unwrap_or(Value::None);
    let nd = match a.some(1) {
        // Past the machine's range, as CPython clips it: every digit, or none.
        Some(Value::BigInt(b)) => Some(if b.is_negative() { i64::MIN } else { i64::MAX }),
        Some(n) => Some(interp.index_value(n)?.ok_or_else(|| {
            interp.type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                n.type_name()
            ))
        })?),
        None => None,
    };
    match &x {
        Value::Float(f) => match nd {
            None => {
                if f.is_nan() {
                    return Err(interp.value_error("cannot convert float NaN to integer"));
                }
                if f.is_infinite() {
                    return Err(interp.overflow_error("cannot convert float infinity to integer"));
                }
                Ok(Value::from_bigint(
                    crate::format::float_to_int(f.round_ties_even()).unwrap_or_default(),
                ))
            }
            Some(n) => match round_float(*f, n) {
                r if r.is_finite() || !f.is_finite() => Ok(Value::Float(r)),
                _ => Err(interp.overflow_error("rounded value too large to represent")),
            },
        },
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => {
            let i = x.as_bigint().unwrap_or_default();
            match nd {
                None => Ok(Value::from_bigint(i)),
                Some(n) if n >= 0 => Ok(Value::from_bigint(i)),
                // 10**k is more than twice any int of fewer than k bits: the result is 0.
                Some(n) if n.unsigned_abs() > i.bits() => Ok(Value::Int(0)),
                Some(n) => {
                    let m = num_traits::pow(BigInt::from(10), n.unsigned_abs() as usize);
                    let (q, r) = i.div_mod_floor(&m);
                    let twice = &r * 2;
                    let q = if twice > m || (twice == m && q.is_odd()) {
                        q + 1
                    } else {
                        q
                    };
                    Ok(Value::from_bigint(q * m))
                }
            }
        }
        v => match interp.lookup_special(v, "__round__") {
            Some(m) => interp.call_value(&m, nd.map(Value::Int).into_iter().collect()),
            None => Err(interp.type_error(format!(
                "type {} doesn't define __round__ method",
                v.type_name()
            ))),
        },
    }
}

/// `round(x, n)` for floats: correctly rounded, half to even on the exact binary value.
fn round_float(x: f64, n: i64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    if n > 320 {
        return x;
    }
    if n >= 0 {
        let s = format!("{:.*}", n as usize, x);
        return s.parse().unwrap_or(x);
    }
    if n < -400 {
        return 0.0f64.copysign(x);
    }
    // The exact value x = mant * 2**exp rounded half to even to a multiple of 10**-n,
    // then read back as a float (one rounding, as CPython's dtoa-based round does).
    let bits = x.abs().to_bits();
    let (raw_exp, frac) = ((bits >> 52) as i64, bits & ((1 << 52) - 1));
    let (mant, exp) = if raw_exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), raw_exp - 1075)
    };
    let unit = num_traits::pow(BigInt::from(10), n.unsigned_abs() as usize);
    let (num, den) = if exp >= 0 {
        (BigInt::from(mant) << exp as usize, unit)
    } else {
        (BigInt::from(mant), unit << (-exp) as usize)
    };
    let (q, r) = num.div_mod_floor(&den);
    let twice = r * 2;
    let q = if twice > den || (twice == den && q.is_odd()) {
        q + 1
    } else {
        q
    };
    let r: f64 = format!("{q}e{}", -n).parse().unwrap_or(f64::INFINITY);
    r.copysign(x)
}

fn divmod(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "divmod", args, 2, 2)?;
    if let (Value::Float(_), _) | (_, Value::Float(_)) = (&a[0], &a[1]) {
        let (Some(x), Some(y)) = (to_f64(&a[0]), to_f64(&a[1])) else {
            return Err(interp.type_error(format!(
                "unsupported operand type(s) for divmod(): '{}' and '{}'",
                a[0].type_name(),
                a[1].type_name()
            )));
        };
        if y == 0.0 {
            return Err(interp.zero_division("float divmod()"));
        }
        let (q, r) = crate::interp::float_divmod(x, y);
        return Ok(Value::tuple(vec![Value::Float(q), Value::Float(r)]));
    }
    if a[0].is_int() && a[1].is_int() {
        let q = interp.binary_op(BinOp::FloorDiv, &a[0], &a[1])?;
        let r = interp.binary_op(BinOp::Mod, &a[0], &a[1])?;
        return Ok(Value::tuple(vec![q, r]));
    }
    if let Some(m) = interp.lookup_special(&a[0], "__divmod__") {
        return interp.call_value(&m, vec![a[1].clone()]);
    }
    Err(interp.type_error(format!(
        "unsupported operand type(s) for divmod(): '{}' and '{}'",
        a[0].type_name(),
        a[1].type_name()
    )))
}

pub fn to_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Float(f) => Some(*f),
        Value::Int(i) => Some(*i as f64),
        Value::Bool(b) => Some(*b as i64 as f64),
        Value::BigInt(b) => b.to_f64(),
        _ => None,
    }
}

fn pow(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = Args::parse(interp, "pow", args, &["base", "exp", "mod"], 2)?;
    let (base, exp) = (
        a.get(0).cloned().unwrap_or(Value::None),
        a.get(1).cloned().unwrap_or(Value::None),
    );
    let Some(m) = a.some(2) else {
        return interp.binary_op(BinOp::Pow, &base, &exp);
    };
    let (Some(b), Some(e), Some(m)) = (base.as_bigint(), exp.as_bigint(), m.as_bigint()) else {
        return Err(
            interp.type_error("pow() 3rd argument not allowed unless all arguments are integers")
        );
    };
    if m.is_zero() {
        return Err(interp.value_error("pow() 3rd argument cannot be 0"));
    }
    let r = if e.is_negative() {
        let inv = mod_inverse(&b, &m)
            .ok_or_else(|| interp.value_error("base is not invertible for the given modulus"))?;
        inv.modpow(&(-e), &m.abs())
    } else {
        b.modpow(&e, &m.abs())
    };
    let r = if m.is_negative() && !r.is_zero() {
        r + m
    } else {
        r.mod_floor(&m)
    };
    Ok(Value::from_bigint(r))
}

fn mod_inverse(a: &BigInt, m: &BigInt) -> Option<BigInt> {
    let m = m.abs();
    let e = a.mod_floor(&m).extended_gcd(&m);
    (e.gcd == BigInt::from(1)).then(|| e.x.mod_floor(&m))
}

fn isinstance(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "isinstance", args, 2, 2)?;
    let class = interp.types.class_of(&a[0]);
    Ok(Value::Bool(class_matches(
        interp,
        &class,
        &a[1],
        "isinstance() arg 2 must be a type, a tuple of types, or a union",
    )?))
}

fn class_matches(
    interp: &Interp,
    class: &Rc<crate::object::Class>,
    spec: &Value,
    msg: &str,
) -> PyResult<bool> {
    match spec {
        Value::Class(c) => {
            if class.is_subclass_of(c) {
                return Ok(true);
            }
            // ExceptionGroup is both an Exception and a BaseExceptionGroup.
            Ok(Rc::ptr_eq(c, &interp.exc.base_exception_group)
                && class.is_subclass_of(&interp.exc.exception_group))
        }
        Value::Tuple(items) => {
            for item in items.iter() {
                if class_matches(interp, class, item, msg)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        _ => Err(interp.type_error(msg)),
    }
}

fn issubclass(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "issubclass", args, 2, 2)?;
    let Value::Class(c) = &a[0] else {
        return Err(interp.type_error("issubclass() arg 1 must be a class"));
    };
    Ok(Value::Bool(class_matches(
        interp,
        c,
        &a[1],
        "issubclass() arg 2 must be a class, a tuple of classes, or a union",
    )?))
}

fn hash(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "hash", args, 1, 1)?;
    hash1(interp, &a[0])
}

fn hash1(interp: &Interp, v: &Value) -> PyResult<Value> {
    Ok(Value::Int(interp.hash(v)?))
}

fn id(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "id", args, 1, 1)?;
    let addr = match &a[0] {
        Value::Str(s) => Rc::as_ptr(s) as usize,
        Value::List(l) => Rc::as_ptr(l) as usize,
        Value::Tuple(t) => Rc::as_ptr(t) as usize,
        Value::Dict(d) => Rc::as_ptr(d) as usize,
        Value::Set(s) => Rc::as_ptr(s) as usize,
        Value::Function(f) => Rc::as_ptr(f) as usize,
        Value::Class(c) => Rc::as_ptr(c) as usize,
        Value::Instance(i) => Rc::as_ptr(i) as usize,
        Value::Native(n) => n.as_ptr() as usize,
        Value::Builtin(b) => Rc::as_ptr(b) as usize,
        Value::Method(m) => Rc::as_ptr(m) as usize,
        Value::BigInt(b) => Rc::as_ptr(b) as usize,
        Value::None => 1,
        Value::Bool(b) => 2 + *b as usize,
        Value::Int(i) => 0x1000_0000 + (*i as usize).wrapping_mul(32),
        Value::Float(f) => f.to_bits() as usize,
    };
    Ok(Value::Int(interp.id_of(addr) as i64))
}

fn iter(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "iter", args, 1, 2)?;
    if a.len() == 2 {
        if !is_callable(interp, &a[0]) {
            return Err(interp.type_error("iter(v, w): v must be callable"));
        }
        return Ok(super::iterators::callable_iter(a[0].clone(), a[1].clone()));
    }
    interp.iter_object(&a[0])
}

fn next(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "next", args, 1, 2)?;
    let is_iterator = match &a[0] {
        Value::Instance(_) => interp.lookup_special(&a[0], "__next__").is_some(),
        Value::Native(_) => interp.is_native_iterator(&a[0]),
        _ => false,
    };
    if !is_iterator {
        return Err(interp.type_error(format!("'{}' object is not an iterator", a[0].type_name())));
    }
    match interp.next_of(&a[0])? {
        Some(v) => Ok(v),
        None => match a.get(1) {
            Some(d) => Ok(d.clone()),
            None => Err(super::iterators::take_stop_iteration(interp, &a[0])),
        },
    }
}

fn attr_name(interp: &Interp, v: &Value) -> PyResult<String> {
    match v {
        Value::Str(s) => Ok(s.as_str().to_string()),
        other => Err(interp.type_error(format!(
            "attribute name must be string, not '{}'",
            other.type_name()
        ))),
    }
}

fn getattr(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "getattr", args, 2, 3)?;
    let name = attr_name(interp, &a[1])?;
    match interp.get_attr(&a[0], &name) {
        Ok(v) => Ok(v),
        Err(e) if a.len() == 3 && e.is(&interp.exc.attribute_error) => Ok(a[2].clone()),
        Err(e) => Err(e),
    }
}

fn setattr(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "setattr", args, 3, 3)?;
    let name = attr_name(interp, &a[1])?;
    interp.set_attr(&a[0], &name, a[2].clone())?;
    Ok(Value::None)
}

fn hasattr(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "hasattr", args, 2, 2)?;
    let name = attr_name(interp, &a[1])?;
    Ok(Value::Bool(interp.has_attr(&a[0], &name)?))
}

fn delattr(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "delattr", args, 2, 2)?;
    let name = attr_name(interp, &a[1])?;
    interp.del_attr(&a[0], &name)?;
    Ok(Value::None)
}

fn callable(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "callable", args, 1, 1)?;
    Ok(Value::Bool(is_callable(interp, &a[0])))
}

pub fn is_callable(interp: &Interp, v: &Value) -> bool {
    match v {
        Value::Function(_) | Value::Builtin(_) | Value::Method(_) | Value::Class(_) => true,
        Value::Instance(_) => interp.lookup_special(v, "__call__").is_some(),
        Value::Native(n) => n.type_name() == "functools.partial",
        _ => false,
    }
}

fn ord(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "ord", args, 1, 1)?;
    ord1(interp, &a[0])
}

fn ord1(interp: &Interp, v: &Value) -> PyResult<Value> {
    match v {
        Value::Str(s) => {
            let mut chars = s.as_str().chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Ok(Value::Int(c as i64)),
                _ => Err(interp.type_error(format!(
                    "ord() expected a character, but string of length {} found",
                    s.char_len()
                ))),
            }
        }
        other => Err(interp.type_error(format!(
            "ord() expected string of length 1, but {} found",
            other.type_name()
        ))),
    }
}

fn chr(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "chr", args, 1, 1)?;
    chr1(interp, &a[0])
}

fn chr1(interp: &Interp, v: &Value) -> PyResult<Value> {
    // CPython takes a C int: past its range is an OverflowError, not a ValueError.
    let too_large = match v {
        Value::BigInt(_) => true,
        Value::Int(n) => i32::try_from(*n).is_err(),
        _ => false,
    };
    if too_large {
        return Err(interp.overflow_error("Python int too large to convert to C int"));
    }
    let Some(n) = interp.index_value(v).ok().flatten() else {
        return Err(interp.type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            v.type_name()
        )));
    };
    match u32::try_from(n).ok().and_then(char::from_u32) {
        Some(c) => Ok(Value::string(c.to_string())),
        None if (0xd800..0xe000).contains(&n) => Ok(Value::string('\u{fffd}'.to_string())),
        None => Err(interp.value_error("chr() arg not in range(0x110000)")),
    }
}

fn int_arg(interp: &Interp, v: &Value) -> PyResult<BigInt> {
    match v {
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => Ok(v.as_bigint().unwrap_or_default()),
        _ => match interp.index_value(v)? {
            Some(i) => Ok(BigInt::from(i)),
            None => Err(interp.type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                v.type_name()
            ))),
        },
    }
}

fn hex(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "hex", args, 1, 1)?;
    Ok(Value::string(crate::format::int_to_base(
        &int_arg(interp, &a[0])?,
        16,
    )))
}

fn oct(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "oct", args, 1, 1)?;
    Ok(Value::string(crate::format::int_to_base(
        &int_arg(interp, &a[0])?,
        8,
    )))
}

fn bin(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "bin", args, 1, 1)?;
    Ok(Value::string(crate::format::int_to_base(
        &int_arg(interp, &a[0])?,
        2,
    )))
}

fn format(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "format", args, 1, 2)?;
    let spec = match a.get(1) {
        Some(Value::Str(s)) => s.as_str().to_string(),
        Some(other) => {
            return Err(interp.type_error(format!(
                "format() argument 2 must be str, not {}",
                other.type_name()
            )))
        }
        None => String::new(),
    };
    Ok(Value::string(interp.format_value(&a[0], &spec)?))
}

fn input(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "input", args, 0, 1)?;
    if let Some(p) = a.first() {
        let prompt = interp.str(p)?;
        interp.write_out(&prompt)?;
    }
    interp.out.borrow_mut().flush();
    crate::modules::sys::read_line(interp)
}

fn open(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    crate::modules::io::open(interp, args)
}

fn vars(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "vars", args, 1, 1)?;
    interp.get_attr(&a[0], "__dict__")
}

fn dir(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "dir", args, 0, 1)?;
    let mut names: Vec<String> = match a.first() {
        None => {
            let names = interp.global_names.borrow();
            let globals = interp.globals.borrow();
            (0..names.len())
                .filter(|&i| globals.get(i).is_some_and(Option::is_some))
                .map(|i| names.name(i as u32).to_string())
                .collect()
        }
        Some(v) => crate::builtins::methods::attr_names(interp, v),
    };
    names.sort();
    names.dedup();
    Ok(Value::list(names.into_iter().map(Value::string).collect()))
}

fn globals(interp: &Interp, _args: CallArgs) -> PyResult<Value> {
    let mut map = DictMap::default();
    let names = interp.global_names.borrow();
    let globals = interp.globals.borrow();
    for i in 0..names.len() {
        if let Some(Some(v)) = globals.get(i) {
            map.insert(interp.to_key(&Value::str(names.name(i as u32)))?, v.clone());
        }
    }
    Ok(Value::dict(map))
}

fn exit(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    Err(interp.new_exception(&interp.exc.system_exit, args.args))
}

fn aiter(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "aiter", args, 1, 1)?;
    let m = interp
        .special_method_opt(&a[0], "__aiter__")
        .ok_or_else(|| {
            interp.type_error(format!(
                "'{}' object is not an async iterable",
                a[0].type_name()
            ))
        })?;
    interp.call_value(&m, vec![])
}

fn anext(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let mut a = positional(interp, "anext", args, 1, 2)?;
    let m = interp
        .special_method_opt(&a[0], "__anext__")
        .ok_or_else(|| {
            interp.type_error(format!(
                "'{}' object is not an async iterator",
                a[0].type_name()
            ))
        })?;
    let step = interp.call_value(&m, vec![])?;
    match a.pop() {
        Some(default) if a.len() == 1 => {
            if !interp.is_awaitable(&step) {
                return Err(
                    interp.type_error(format!("'{}' object is not awaitable", step.type_name()))
                );
            }
            Ok(Value::native(crate::interp::suspend::AnextAwaitable {
                step,
                default,
            }))
        }
        _ => Ok(step),
    }
}

/// Identity-or-equality, the comparison `list.index`, `count` and `in` use.
pub fn same_or_equal(interp: &Interp, a: &Value, b: &Value) -> PyResult<bool> {
    Ok(identity(a, b) || interp.eq(a, b)?)
}
