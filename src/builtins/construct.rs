//! Calling a built-in type: `int("12")`, `list(x)`, `dict(a=1)`, `range(3)`, `type(x)`, ...

use std::rc::Rc;

use num_bigint::BigInt;
use num_traits::{Num, ToPrimitive};

use super::{positional, Args};
use crate::interp::Interp;
use crate::object::{BuiltinType, CallArgs, Class, PyResult};
use crate::value::{DictMap, SetMap, Value};

pub fn construct(interp: &Interp, class: &Rc<Class>, args: CallArgs) -> PyResult<Value> {
    match class.builtin {
        BuiltinType::Int => int(interp, args),
        BuiltinType::Bool => {
            let a = positional(interp, "bool", args, 0, 1)?;
            Ok(Value::Bool(match a.first() {
                Some(v) => interp.truthy(v)?,
                None => false,
            }))
        }
        BuiltinType::Float => float(interp, args),
        BuiltinType::Str => str_(interp, args),
        BuiltinType::List => {
            let a = positional(interp, "list", args, 0, 1)?;
            Ok(Value::list(match a.first() {
                Some(v) => interp.collect(v)?,
                None => Vec::new(),
            }))
        }
        BuiltinType::Tuple => {
            let a = positional(interp, "tuple", args, 0, 1)?;
            Ok(match a.first() {
                Some(Value::Tuple(t)) => Value::Tuple(t.clone()),
                Some(v) => Value::tuple(interp.collect(v)?),
                None => Value::tuple(Vec::new()),
            })
        }
        BuiltinType::Dict => dict(interp, args),
        BuiltinType::Set | BuiltinType::FrozenSet => {
            let frozen = class.builtin == BuiltinType::FrozenSet;
            let a = positional(interp, if frozen { "frozenset" } else { "set" }, args, 0, 1)?;
            let set = match a.first() {
                Some(v) => super::methods_set::new_setmap(interp, v)?,
                None => SetMap::default(),
            };
            Ok(Value::set(set, frozen))
        }
        BuiltinType::Type => {
            let a = positional(interp, "type", args, 1, 3)?;
            if a.len() == 1 {
                return Ok(Value::Class(interp.types.class_of(&a[0])));
            }
            Err(interp.type_error("Aio does not support type() with 3 arguments"))
        }
        BuiltinType::Object => {
            positional(interp, "object", args, 0, 0)?;
            Ok(Value::Instance(Rc::new(crate::object::Instance::new(
                class.clone(),
            ))))
        }
        _ => native(interp, class, args),
    }
}

fn native(interp: &Interp, class: &Rc<Class>, args: CallArgs) -> PyResult<Value> {
    use super::iterators;
    let full = if &*class.module == "builtins" {
        class.name.to_string()
    } else {
        format!("{}.{}", class.module, class.name)
    };
    match full.as_str() {
        "range" => iterators::range(interp, args),
        "enumerate" => iterators::enumerate(interp, args),
        "zip" => iterators::zip(interp, args),
        "map" => iterators::map(interp, args),
        "filter" => iterators::filter(interp, args),
        "reversed" => iterators::reversed(interp, args),
        "slice" => {
            let a = positional(interp, "slice", args, 1, 3)?;
            Ok(match a.len() {
                1 => super::slice_value(Value::None, a[0].clone(), Value::None),
                2 => super::slice_value(a[0].clone(), a[1].clone(), Value::None),
                _ => super::slice_value(a[0].clone(), a[1].clone(), a[2].clone()),
            })
        }
        "asyncio.queues.Queue" => {
            crate::runtime::queues::new_queue(interp, args, crate::runtime::queues::Kind::Fifo)
        }
        "asyncio.queues.PriorityQueue" => {
            crate::runtime::queues::new_queue(interp, args, crate::runtime::queues::Kind::Priority)
        }
        "asyncio.queues.LifoQueue" => {
            crate::runtime::queues::new_queue(interp, args, crate::runtime::queues::Kind::Lifo)
        }
        "_asyncio.Future" => {
            positional(interp, "Future", args, 0, 0)?;
            Ok(crate::runtime::future::FutCore::new_future(crate::runtime::event_loop()).value())
        }
        "concurrent.futures._base.Future" => {
            positional(interp, "Future", args, 0, 0)?;
            Ok(crate::runtime::executor::CFuture::new().value())
        }
        "_asyncio.Task" => {
            let mut a = Args::parse(interp, "Task", args, &["coro", "loop", "name"], 1)?;
            let coro = a.take(0);
            let name = a.some(2).map(|v| interp.str(v)).transpose()?;
            let l = crate::runtime::event_loop();
            Ok(crate::runtime::create_task(interp, &l, &coro, name)?.value())
        }
        "property" | "staticmethod" | "classmethod" | "super" => {
            super::descriptors::construct(interp, &class.name, args)
        }
        name => Err(interp.type_error(format!("cannot create '{name}' instances"))),
    }
}

fn int(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = Args::parse(interp, "int", args, &["x", "base"], 0)?;
    let Some(x) = a.get(0) else {
        return Ok(Value::Int(0));
    };
    if let Some(base) = a.get(1) {
        let Value::Str(s) = x else {
            return Err(interp.type_error("int() can't convert non-string with explicit base"));
        };
        // CPython clamps a huge base to the machine range, then rejects it as out of range.
        let base = interp
            .slice_index(base)?
            .ok_or_else(|| interp.not_integer(base))?;
        return parse_int(interp, s.as_str(), base);
    }
    match x {
        Value::Int(_) | Value::BigInt(_) => Ok(x.clone()),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Float(f) => crate::format::float_to_int(*f)
            .map(Value::from_bigint)
            .map_err(|m| {
                if m.contains("NaN") {
                    interp.value_error(m)
                } else {
                    interp.overflow_error(&m)
                }
            }),
        Value::Str(s) => parse_int(interp, s.as_str(), 10),
        _ => {
            for name in ["__int__", "__index__"] {
                if let Some(m) = interp.lookup_special(x, name) {
                    return interp.call_value(&m, vec![]);
                }
            }
            if let Some(base) = x.downcast::<super::Slice>() {
                let _ = base;
            }
            Err(interp.type_error(format!(
                "int() argument must be a string, a bytes-like object or a real number, not '{}'",
                x.type_name()
            )))
        }
    }
}

/// `int(s, base)` with Python's literal rules (underscores, prefixes, whitespace).
pub fn parse_int(interp: &Interp, s: &str, base: i64) -> PyResult<Value> {
    let invalid = || {
        interp.value_error(format!(
            "invalid literal for int() with base {base}: {}",
            crate::interp::str_repr(s)
        ))
    };
    if base != 0 && !(2..=36).contains(&base) {
        return Err(interp.value_error("int() base must be >= 2 and <= 36, or 0"));
    }
    let t = s.trim_matches(|c: char| c.is_whitespace());
    let (neg, body) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = body.to_ascii_lowercase();
    let (mut radix, mut digits) = (base as u32, lower.as_str());
    for (p, r) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = digits.strip_prefix(p) {
            if base == 0 || base == r as i64 {
                radix = r;
                digits = rest.strip_prefix('_').unwrap_or(rest);
            }
        }
    }
    if radix == 0 {
        radix = 10;
        if digits.len() > 1
            && digits.starts_with('0')
            && digits.bytes().any(|b| b != b'0' && b != b'_')
        {
            return Err(invalid());
        }
    }
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return Err(invalid());
    }
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    if clean.chars().any(|c| !c.is_ascii_alphanumeric()) {
        // Unicode digits (e.g. Arabic-Indic) are accepted by Python; map them.
        let mapped: Option<String> = clean
            .chars()
            .map(|c| {
                c.to_digit(10)
                    .or_else(|| unicode_digit(c))
                    .and_then(|d| char::from_digit(d, 10))
            })
            .collect();
        let Some(mapped) = mapped else {
            return Err(invalid());
        };
        return finish_int(interp, &mapped, radix, neg).ok_or_else(invalid)?;
    }
    finish_int(interp, &clean, radix, neg).ok_or_else(invalid)?
}

fn finish_int(interp: &Interp, digits: &str, radix: u32, neg: bool) -> Option<PyResult<Value>> {
    if radix == 10 && digits.len() > 4300 {
        return Some(Err(interp.value_error(format!(
            "Exceeds the limit (4300 digits) for integer string conversion: value has {} digits; use sys.set_int_max_str_digits() to increase the limit",
            digits.len()
        ))));
    }
    let v = BigInt::from_str_radix(digits, radix).ok()?;
    Some(Ok(Value::from_bigint(if neg { -v } else { v })))
}

fn unicode_digit(c: char) -> Option<u32> {
    let n = c as u32;
    for zero in [0x660, 0x6f0, 0x966, 0x9e6, 0xff10] {
        if (zero..zero + 10).contains(&n) {
            return Some(n - zero);
        }
    }
    None
}

fn float(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "float", args, 0, 1)?;
    let Some(x) = a.first() else {
        return Ok(Value::Float(0.0));
    };
    match x {
        Value::Float(_) => Ok(x.clone()),
        Value::Int(i) => Ok(Value::Float(*i as f64)),
        Value::Bool(b) => Ok(Value::Float(*b as i64 as f64)),
        Value::BigInt(b) => crate::interp::int_to_f64(b)
            .map(Value::Float)
            .ok_or_else(|| interp.overflow_error("int too large to convert to float")),
        Value::Str(s) => parse_float(s.as_str()).map(Value::Float).ok_or_else(|| {
            interp.value_error(format!(
                "could not convert string to float: {}",
                crate::interp::str_repr(s.as_str())
            ))
        }),
        _ => match interp.lookup_special(x, "__float__") {
            Some(m) => interp.call_value(&m, vec![]),
            None => Err(interp.type_error(format!(
                "float() argument must be a string or a real number, not '{}'",
                x.type_name()
            ))),
        },
    }
}

/// Python's `float(str)`: decimal literals with underscores, `inf`, `nan`, whitespace.
pub fn parse_float(s: &str) -> Option<f64> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    let unsigned = lower.trim_start_matches(['+', '-']);
    let neg = lower.starts_with('-');
    if lower.len() - unsigned.len() > 1 {
        return None;
    }
    match unsigned {
        "inf" | "infinity" => {
            return Some(if neg {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            })
        }
        "nan" => return Some(f64::NAN),
        _ => {}
    }
    if t.is_empty()
        || t.contains("__")
        || t.starts_with('_')
        || t.ends_with('_')
        || t.contains("_.")
        || t.contains("._")
        || !t
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-._eE".contains(&b))
    {
        return None;
    }
    let clean: String = t.chars().filter(|&c| c != '_').collect();
    clean.parse::<f64>().ok()
}

fn str_(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = Args::parse(interp, "str", args, &["object", "encoding", "errors"], 0)?;
    if a.get(1).is_some() || a.get(2).is_some() {
        for (k, name) in [(1, "encoding"), (2, "errors")] {
            if let Some(v) = a.get(k).filter(|v| !matches!(v, Value::Str(_))) {
                return Err(interp.type_error(format!(
                    "str() argument '{name}' must be str, not {}",
                    v.type_name()
                )));
            }
        }
        // Decoding needs bytes, which Aio does not have.
        return match a.get(0) {
            Some(Value::Str(_)) => Err(interp.type_error("decoding str is not supported")),
            Some(v) => Err(interp.type_error(format!(
                "decoding to str: need a bytes-like object, {} found",
                v.type_name()
            ))),
            None => Ok(Value::str("")),
        };
    }
    match a.get(0) {
        Some(v) => interp.str_value(v),
        None => Ok(Value::str("")),
    }
}

fn dict(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let CallArgs { args: pos, kwargs } = args;
    if pos.len() > 1 {
        return Err(interp.type_error(format!(
            "dict expected at most 1 argument, got {}",
            pos.len()
        )));
    }
    let map = std::cell::RefCell::new(DictMap::default());
    if let Some(src) = pos.first() {
        fill_dict(interp, &map, src)?;
    }
    for (k, v) in kwargs {
        crate::dictmap::insert(&map, interp.to_key(&Value::str(&k))?, v)?;
    }
    Ok(Value::dict(map.into_inner()))
}

/// Adds the pairs of a mapping or an iterable of pairs to a dict, as `dict(x)` and `update`.
pub fn fill_dict(interp: &Interp, map: &std::cell::RefCell<DictMap>, src: &Value) -> PyResult<()> {
    if matches!(src, Value::Dict(_))
        || interp.has_attr(src, "keys").unwrap_or(false)
            && !matches!(src, Value::List(_) | Value::Tuple(_))
    {
        return interp.merge_mapping(map, src);
    }
    for (i, item) in interp.collect(src)?.into_iter().enumerate() {
        let pair = interp.collect(&item).map_err(|_| {
            interp.type_error(format!(
                "cannot convert dictionary update sequence element #{i} to a sequence"
            ))
        })?;
        if pair.len() != 2 {
            return Err(interp.value_error(format!(
                "dictionary update sequence element #{i} has length {}; 2 is required",
                pair.len()
            )));
        }
        let mut pair = pair.into_iter();
        let (k, v) = (
            pair.next().unwrap_or(Value::None),
            pair.next().unwrap_or(Value::None),
        );
        crate::dictmap::insert(map, interp.to_key(&k)?, v)?;
    }
    Ok(())
}

pub fn to_usize(v: &BigInt) -> Option<usize> {
    v.to_usize()
}
