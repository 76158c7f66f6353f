//! `property`, `staticmethod`, `classmethod` and `super`: objects that change what an
//! attribute lookup through a class returns.

use std::any::Any;
use std::rc::Rc;

use super::{positional, Args};
use crate::interp::{bind_method, Interp};
use crate::object::{Builtin, CallArgs, Class, PyResult};
use crate::value::{Native, Value};

pub struct StaticMethod(pub Value);
pub struct ClassMethod(pub Value);

pub struct Property {
    pub fget: Option<Value>,
    pub fset: Option<Value>,
    pub fdel: Option<Value>,
}

/// `super()`: attribute lookup starting after `class` in the MRO of `obj`.
pub struct Super {
    pub class: Rc<Class>,
    pub obj: Value,
}

impl Native for StaticMethod {
    fn type_name(&self) -> &str {
        "staticmethod"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn call(&self, interp: &Interp, _: &Value, args: CallArgs) -> Option<PyResult<Value>> {
        Some(interp.call(&self.0, args))
    }
    fn get_attr(&self, _: &Interp, _: &Value, name: &str) -> Option<PyResult<Value>> {
        (name == "__func__").then(|| Ok(self.0.clone()))
    }
}

impl Native for ClassMethod {
    fn type_name(&self) -> &str {
        "classmethod"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn get_attr(&self, _: &Interp, _: &Value, name: &str) -> Option<PyResult<Value>> {
        (name == "__func__").then(|| Ok(self.0.clone()))
    }
}

impl Native for Property {
    fn type_name(&self) -> &str {
        "property"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn get_attr(&self, _: &Interp, this: &Value, name: &str) -> Option<PyResult<Value>> {
        let f: fn(&Interp, CallArgs) -> PyResult<Value> = match name {
            "setter" => |i, a| property_with(i, a, 1),
            "getter" => |i, a| property_with(i, a, 0),
            "deleter" => |i, a| property_with(i, a, 2),
            "fget" => return Some(Ok(self.fget.clone().unwrap_or(Value::None))),
            "fset" => return Some(Ok(self.fset.clone().unwrap_or(Value::None))),
            _ => return None,
        };
        Some(Ok(Value::Builtin(Rc::new(Builtin {
            name: name.into(),
            func: f,
            bound: Some(this.clone()),
            awaitable: None,
            unary: None,
            owner: None,
        }))))
    }
}

/// `prop.setter(f)` and friends: a copy of the property with one accessor replaced.
fn property_with(interp: &Interp, args: CallArgs, which: usize) -> PyResult<Value> {
    let a = positional(interp, "setter", args, 2, 2)?;
    let Some(p) = a[0].downcast::<Property>() else {
        return Err(interp.type_error("descriptor requires a property"));
    };
    let f = Some(a[1].clone());
    Ok(Value::native(Property {
        fget: if which == 0 {
            f.clone()
        } else {
            p.fget.clone()
        },
        fset: if which == 1 {
            f.clone()
        } else {
            p.fset.clone()
        },
        fdel: if which == 2 { f } else { p.fdel.clone() },
    }))
}

impl Native for Super {
    fn type_name(&self) -> &str {
        "super"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn repr(&self, _: &Interp, _: &Value) -> Option<PyResult<String>> {
        Some(Ok(format!(
            "<super: <class '{}'>, <{} object>>",
            self.class.name,
            self.obj.type_name()
        )))
    }
    fn get_attr(&self, interp: &Interp, _: &Value, name: &str) -> Option<PyResult<Value>> {
        let mut c = self.class.base.clone();
        while let Some(k) = c {
            if let Some(v) = k.dict.borrow().get(name) {
                let v = v.clone();
                if let Some(sm) = v.downcast::<StaticMethod>() {
                    return Some(Ok(sm.0.clone()));
                }
                if let Some(cm) = v.downcast::<ClassMethod>() {
                    let cls = match &self.obj {
                        Value::Class(_) => self.obj.clone(),
                        o => Value::Class(interp.types.class_of(o)),
                    };
                    return Some(Ok(bind_method(cls, cm.0.clone())));
                }
                if let Some(p) = v.downcast::<Property>() {
                    return Some(match &p.fget {
                        Some(f) => interp.call_value(f, vec![self.obj.clone()]),
                        None => Err(interp.attribute_error("unreadable attribute")),
                    });
                }
                if matches!(self.obj, Value::Class(_)) {
                    return Some(Ok(v));
                }
                return Some(Ok(bind_method(self.obj.clone(), v)));
            }
            c = k.base.clone();
        }
        super::methods::object_method(interp, &self.obj, name).or_else(|| {
            Some(Err(interp.attribute_error(format!(
                "'super' object has no attribute '{name}'"
            ))))
        })
    }
}

pub fn make_super(interp: &Interp, class: Rc<Class>, obj: Value) -> PyResult<Value> {
    let _ = interp;
    Ok(Value::native(Super { class, obj }))
}

pub fn construct(interp: &Interp, name: &str, args: CallArgs) -> PyResult<Value> {
    match name {
        "staticmethod" => {
            let a = positional(interp, name, args, 1, 1)?;
            Ok(Value::native(StaticMethod(a[0].clone())))
        }
        "classmethod" => {
            let a = positional(interp, name, args, 1, 1)?;
            Ok(Value::native(ClassMethod(a[0].clone())))
        }
        "property" => {
            let a = Args::parse(
                interp,
                "property",
                args,
                &["fget", "fset", "fdel", "doc"],
                0,
            )?;
            Ok(Value::native(Property {
                fget: a.some(0).cloned(),
                fset: a.some(1).cloned(),
                fdel: a.some(2).cloned(),
            }))
        }
        _ => {
            let a = positional(interp, "super", args, 2, 2)?;
            let Value::Class(c) = &a[0] else {
                return Err(interp.type_error("super() argument 1 must be a type"));
            };
            make_super(interp, c.clone(), a[1].clone())
        }
    }
}
