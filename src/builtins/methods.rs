//! `value.method` for the built-in types: dispatch to the per-type tables
//! (`methods_str.rs`, `methods_list.rs`, `methods_dict.rs`, `methods_set.rs`), plus the
//! data attributes of built-in values and the methods every object inherits from `object`.

use std::rc::Rc;

use num_traits::ToPrimitive;

use super::{methods_dict, methods_list, methods_set, methods_str, positional};
use crate::interp::Interp;
use crate::object::{Builtin, BuiltinFn, BuiltinType, CallArgs, Class, PyResult};
use crate::value::Value;

/// A method of a built-in type, looked up on the type (`str.lower`).
pub fn lookup(t: BuiltinType, name: &str) -> Option<BuiltinFn> {
    match t {
        BuiltinType::Str => methods_str::lookup(name),
        BuiltinType::List => methods_list::lookup(name),
        BuiltinType::Tuple => methods_list::tuple_lookup(name),
        BuiltinType::Dict => methods_dict::lookup(name),
        BuiltinType::Set => methods_set::lookup(name),
        BuiltinType::FrozenSet => methods_set::frozen_lookup(name),
        BuiltinType::Int | BuiltinType::Bool => int_lookup(name),
        BuiltinType::Float => float_lookup(name),
        _ => None,
    }
}

/// A method of a built-in value (`"abc".upper`).
pub fn lookup_value(v: &Value, name: &str) -> Option<BuiltinFn> {
    match v {
        Value::Str(_) => methods_str::lookup(name),
        Value::List(_) => methods_list::lookup(name),
        Value::Tuple(_) => methods_list::tuple_lookup(name),
        Value::Dict(_) => methods_dict::lookup(name),
        Value::Set(s) if s.frozen => methods_set::frozen_lookup(name),
        Value::Set(_) => methods_set::lookup(name),
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => int_lookup(name),
        Value::Float(_) => float_lookup(name),
        _ => None,
    }
}

fn int_lookup(name: &str) -> Option<BuiltinFn> {
    Some(match name {
        "bit_length" => |interp, args| {
            let a = positional(interp, "bit_length", args, 1, 1)?;
            Ok(Value::Int(a[0].as_bigint().map_or(0, |b| b.bits() as i64)))
        },
        "bit_count" => |interp, args| {
            let a = positional(interp, "bit_count", args, 1, 1)?;
            let b = a[0].as_bigint().unwrap_or_default();
            Ok(Value::Int(b.magnitude().count_ones() as i64))
        },
        "conjugate" => |interp, args| {
            let a =
                super::method_args(interp, "int", "conjugate", args, 0, 0, super::Arity::Clinic)?;
            Ok(Value::from_bigint(a[0].as_bigint().unwrap_or_default()))
        },
        "__index__" | "__int__" => {
            |_, args| Ok(args.args.into_iter().next().unwrap_or(Value::None))
        }
        "is_integer" => |_, _| Ok(Value::Bool(true)),
        "__add__" | "__sub__" | "__mul__" | "__eq__" | "__lt__" => return None,
        _ => return None,
    })
}

fn float_lookup(name: &str) -> Option<BuiltinFn> {
    Some(match name {
        "is_integer" => |interp, args| {
            let a = positional(interp, "is_integer", args, 1, 1)?;
            Ok(Value::Bool(
                matches!(a[0], Value::Float(f) if f.is_finite() && f.fract() == 0.0),
            ))
        },
        "as_integer_ratio" => |interp, args| {
            let a = positional(interp, "as_integer_ratio", args, 1, 1)?;
            let Value::Float(f) = a[0] else {
                return Err(interp.type_error("descriptor requires a float"));
            };
            if !f.is_finite() {
                return Err(if f.is_nan() {
                    interp.value_error("cannot convert NaN to integer ratio")
                } else {
                    interp.overflow_error("cannot convert Infinity to integer ratio")
                });
            }
            let (mut num, mut den) = (f, num_bigint::BigInt::from(1));
            while num.fract() != 0.0 {
                num *= 2.0;
                den *= 2;
            }
            let n = crate::format::float_to_int(num).unwrap_or_default();
            let g = num_integer::Integer::gcd(&n, &den);
            Ok(Value::tuple(vec![
                Value::from_bigint(&n / &g),
                Value::from_bigint(&den / &g),
            ]))
        },
        "conjugate" => |interp, args| {
            let a = super::method_args(
                interp,
                "float",
                "conjugate",
                args,
                0,
                0,
                super::Arity::Clinic,
            )?;
            Ok(a[0].clone())
        },
        _ => return None,
    })
}

/// Data attributes of built-in values (`(5).real`, `f.__name__`).
pub fn value_attr(interp: &Interp, v: &Value, name: &str) -> Option<PyResult<Value>> {
    Some(Ok(match (v, name) {
        (Value::Int(_) | Value::BigInt(_) | Value::Bool(_), "real" | "numerator") => {
            Value::from_bigint(v.as_bigint().unwrap_or_default())
        }
        (Value::Int(_) | Value::BigInt(_) | Value::Bool(_), "imag") => Value::Int(0),
        (Value::Int(_) | Value::BigInt(_) | Value::Bool(_), "denominator") => Value::Int(1),
        (Value::Float(f), "real") => Value::Float(*f),
        (Value::Float(_), "imag") => Value::Float(0.0),
        (Value::Function(f), _) => return function_attr(interp, f, name),
        (Value::Method(m), "__self__") => m.receiver.clone(),
        (Value::Method(m), "__func__") => m.func.clone(),
        (Value::Method(m), _) => return Some(interp.get_attr(&m.func, name)),
        (Value::Builtin(b), "__name__") => Value::str(&b.name),
        (Value::Builtin(b), "__qualname__") => match &b.bound {
            Some(recv) => {
                let class = interp.types.class_of(recv);
                Value::str(&format!("{}.{}", class.qualname, b.name))
            }
            None => match &b.owner {
                Some(class) => Value::str(&format!("{}.{}", class.qualname, b.name)),
                None => Value::str(&b.name),
            },
        },
        (Value::Builtin(b), "__self__") => b.bound.clone().unwrap_or(Value::None),
        (_, "__doc__") => Value::None,
        (_, "__class__") => Value::Class(interp.types.class_of(v)),
        _ => return None,
    }))
}

fn function_attr(
    interp: &Interp,
    f: &Rc<crate::object::Function>,
    name: &str,
) -> Option<PyResult<Value>> {
    if let Some(v) = f.attrs.borrow().get(name) {
        return Some(Ok(v.clone()));
    }
    Some(Ok(match name {
        "__name__" => Value::str(&f.name.borrow()),
        "__qualname__" => Value::str(&f.qualname.borrow()),
        "__module__" => Value::str("__main__"),
        "__doc__" => doc_string(&f.def.body),
        "__defaults__" => {
            if f.defaults.is_empty() {
                Value::None
            } else {
                Value::tuple(f.defaults.clone())
            }
        }
        "__dict__" => {
            let map = f
                .attrs
                .borrow()
                .iter()
                .map(|(k, v)| Ok((interp.to_key(&Value::str(k))?, v.clone())))
                .collect::<PyResult<_>>();
            return Some(map.map(Value::dict));
        }
        "__code__" | "__globals__" | "__closure__" | "__annotations__" | "__kwdefaults__" => {
            Value::None
        }
        _ => return None,
    }))
}

fn doc_string(body: &[crate::ast::Stmt]) -> Value {
    if let Some(crate::ast::Stmt {
        kind: crate::ast::StmtKind::Expr(e),
        ..
    }) = body.first()
    {
        if let crate::ast::ExprKind::Const(crate::ast::Const::Str(s)) = &e.kind {
            return Value::Str(s.clone());
        }
    }
    Value::None
}

/// The class and static methods of built-in types (`dict.fromkeys`), which take no
/// receiver.
pub fn type_method(t: BuiltinType, name: &str) -> Option<BuiltinFn> {
    match (t, name) {
        (BuiltinType::Dict, "fromkeys") => Some(methods_dict::fromkeys),
        (BuiltinType::Str, "maketrans") => Some(methods_str::maketrans),
        _ => None,
    }
}

/// Attributes of built-in classes beyond their methods (`dict.fromkeys`, `int.from_bytes`).
pub fn class_attr(interp: &Interp, class: &Rc<Class>, name: &str) -> Option<PyResult<Value>> {
    let Some(f) = type_method(class.builtin, name) else {
        return object_method(interp, &Value::Class(class.clone()), name);
    };
    Some(Ok(Value::Builtin(Rc::new(Builtin {
        name: name.into(),
        func: f,
        bound: None,
        awaitable: None,
        unary: None,
        owner: None,
    }))))
}

/// The methods every object inherits from `object` (and exceptions from `BaseException`),
/// as reached through `super()` or the class.
pub fn object_method(_interp: &Interp, obj: &Value, name: &str) -> Option<PyResult<Value>> {
    let f: BuiltinFn = match name {
        "__init__" => |interp, args| {
            if let Some(Value::Instance(inst)) = args.args.first() {
                if inst.exc.is_some() {
                    inst.exc_data_mut().args = args.args[1..].to_vec();
                }
            }
            let _ = interp;
            Ok(Value::None)
        },
        "__str__" => |interp, args| {
            let v = args.args.into_iter().next().unwrap_or(Value::None);
            match &v {
                Value::Instance(i) if i.exc.is_some() => {
                    crate::exceptions::default_str(interp, i).map(Value::string)
                }
                _ => object_repr(interp, &v).map(Value::string),
            }
        },
        "__repr__" => |interp, args| {
            let v = args.args.into_iter().next().unwrap_or(Value::None);
            object_repr(interp, &v).map(Value::string)
        },
        "__eq__" => |interp, args| {
            let a = positional(interp, "__eq__", args, 2, 2)?;
            Ok(if crate::value::identity(&a[0], &a[1]) {
                Value::Bool(true)
            } else {
                interp.singletons.not_implemented.clone()
            })
        },
        "__ne__" => |interp, args| {
            let a = positional(interp, "__ne__", args, 2, 2)?;
            Ok(Value::Bool(!crate::value::identity(&a[0], &a[1])))
        },
        "__hash__" => |interp, args| {
            let a = positional(interp, "__hash__", args, 1, 1)?;
            match &a[0] {
                Value::Instance(i) => Ok(Value::Int((Rc::as_ptr(i) as usize as i64) >> 4)),
                v => interp.hash(v).map(Value::Int),
            }
        },
        "__setattr__" => |interp, args| {
            let a = positional(interp, "__setattr__", args, 3, 3)?;
            if let (Value::Instance(inst), Value::Str(n)) = (&a[0], &a[1]) {
                inst.dict
                    .borrow_mut()
                    .insert(n.as_str().into(), a[2].clone());
            }
            Ok(Value::None)
        },
        "__getattribute__" => |interp, args| {
            let a = positional(interp, "__getattribute__", args, 2, 2)?;
            match (&a[0], &a[1]) {
                (Value::Instance(inst), Value::Str(n)) => {
                    if let Some(v) = inst.dict.borrow().get(n.as_str()) {
                        return Ok(v.clone());
                    }
                    interp.get_attr(&a[0], n.as_str())
                }
                _ => Err(interp.type_error("attribute name must be string")),
            }
        },
        "__new__" => |interp, args| {
            let Some(Value::Class(c)) = args.args.first() else {
                return Err(interp.type_error("object.__new__(X): X is not a type object"));
            };
            let inst = crate::object::Instance::new(c.clone());
            if c.is_exception() {
                inst.exc_data_mut().args = args.args[1..].to_vec();
            }
            Ok(Value::Instance(Rc::new(inst)))
        },
        "__init_subclass__" => |interp, args| {
            if args.kwargs.is_empty() {
                return Ok(Value::None);
            }
            let name = match args.args.first() {
                Some(Value::Class(c)) => c.name.to_string(),
                Some(v) => v.type_name().to_string(),
                None => "object".to_string(),
            };
            Err(interp.type_error(format!(
                "{name}.__init_subclass__() takes no keyword arguments"
            )))
        },
        "__format__" => |interp, args| {
            let a = positional(interp, "__format__", args, 2, 2)?;
            let spec = interp.str(&a[1])?;
            if spec.is_empty() {
                return interp.str(&a[0]).map(Value::string);
            }
            Err(interp.type_error(format!(
                "unsupported format string passed to {}.__format__",
                a[0].type_name()
            )))
        },
        _ => return None,
    };
    let bound = match obj {
        // `object.__init_subclass__` is a class method.
        Value::Class(_) if name != "__init_subclass__" => None,
        _ => Some(obj.clone()),
    };
    Some(Ok(Value::Builtin(Rc::new(Builtin {
        name: name.into(),
        func: f,
        bound,
        awaitable: None,
        unary: None,
        owner: None,
    }))))
}

fn object_repr(interp: &Interp, v: &Value) -> PyResult<String> {
    match v {
        Value::Instance(inst) => Ok(format!(
            "<{}.{} object at {:#x}>",
            inst.class.module,
            inst.class.qualname,
            interp.id_of(Rc::as_ptr(inst) as usize)
        )),
        other => interp.repr(other),
    }
}

/// Names for `dir(v)`.
pub fn attr_names(interp: &Interp, v: &Value) -> Vec<String> {
    let mut names = Vec::new();
    let add_class = |c: &Rc<Class>, names: &mut Vec<String>| {
        for k in c.mro() {
            names.extend(k.dict.borrow().keys().map(|n| n.to_string()));
        }
    };
    match v {
        Value::Instance(inst) => {
            names.extend(inst.dict.borrow().keys().map(|n| n.to_string()));
            add_class(&inst.class, &mut names);
        }
        Value::Class(c) => add_class(c, &mut names),
        Value::Native(n) => names.extend(n.attr_names()),
        _ => {}
    }
    let builtin = interp.types.class_of(v).builtin;
    for table in [
        methods_str::NAMES,
        methods_list::NAMES,
        methods_dict::NAMES,
        methods_set::NAMES,
    ] {
        for name in table {
            if lookup(builtin, name).is_some() {
                names.push(name.to_string());
            }
        }
    }
    names
}

pub fn to_i64(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(*b as i64),
        Value::BigInt(b) => b.to_i64(),
        _ => None,
    }
}

/// Shared helper: the receiver and the remaining positional arguments of a method call.
pub fn receiver(args: CallArgs) -> (Value, CallArgs) {
    let mut a = args;
    let recv = if a.args.is_empty() {
        Value::None
    } else {
        a.args.remove(0)
    };
    (recv, a)
}
