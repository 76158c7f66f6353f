//! Attribute access: `obj.name` for every kind of value, method binding, descriptors
//! (`property`, `staticmethod`, `classmethod`) and `super()`.

use std::cell::Cell;
use std::rc::Rc;

use crate::ast::Name;
use crate::builtins::descriptors::{ClassMethod, Property, StaticMethod};
use crate::object::{attr_index, BoundMethod, Builtin, Class, Exc, PyResult, UserDescriptor};
use crate::value::Value;

use super::Interp;

/// Binds a function found on a class to the object it was looked up on.
pub fn bind_method(receiver: Value, func: Value) -> Value {
    match &func {
        Value::Function(_) => Value::Method(Rc::new(BoundMethod { receiver, func })),
        Value::Builtin(b) if b.bound.is_none() => Value::Builtin(Rc::new(Builtin {
            name: b.name.clone(),
            func: b.func,
            bound: Some(receiver),
            awaitable: None,
            unary: None,
            owner: None,
        })),
        _ => func,
    }
}

/// `module.name` (`asyncio.sleep`, `math.sqrt`), found through the site's hint.
#[inline]
fn module_attr(n: &crate::native_rc::NativeRc, name: &str, hint: &Cell<u32>) -> Option<Value> {
    let module = n.as_any().downcast_ref::<crate::modules::Module>()?;
    module.attr_at(name, hint)
}

impl Interp {
    pub fn get_attr(&self, obj: &Value, name: &str) -> PyResult<Value> {
        self.get_attr_at(obj, name, &Cell::new(0))
    }

    /// `obj.name` at an attribute site with a `hint` ([`crate::object::attr_index`]).
    #[inline]
    pub fn get_attr_at(&self, obj: &Value, name: &str, hint: &Cell<u32>) -> PyResult<Value> {
        match obj {
            Value::Instance(inst) if inst.class.is_plain() => {
                let d = inst.dict.borrow();
                if let Some(at) = attr_index(&*d, name, hint) {
                    return Ok(d[at].clone());
                }
            }
            Value::Native(n) => {
                if let Some(v) = module_attr(n, name, hint) {
                    return Ok(v);
                }
            }
            _ => {}
        }
        self.get_attr_beyond_dict(obj, name)
    }

    /// The rest of [`Interp::get_attr_at`], which has looked in a plain instance's dict.
    fn get_attr_beyond_dict(&self, obj: &Value, name: &str) -> PyResult<Value> {
        match obj {
            Value::Instance(inst) => {
                let plain = inst.class.is_plain();
                let class_attr = inst.class.lookup(name);
                let mut descriptor = None;
                if let Some(attr) = &class_attr {
                    if let Some(p) = attr.downcast::<Property>() {
                        return match &p.fget {
                            Some(f) => self.call_value(f, vec![obj.clone()]),
                            None => Err(self.attribute_error(format!(
                                "property '{name}' of '{}' object has no getter",
                                inst.class.name
                            ))),
                        };
                    }
                    descriptor = UserDescriptor::of(attr);
                    // A data descriptor comes before the instance's own attribute.
                    if let Some(d) = descriptor.as_ref().filter(|d| d.is_data()) {
                        if let Some(get) = &d.get {
                            let class = Value::Class(inst.class.clone());
                            return self.call_value(get, vec![attr.clone(), obj.clone(), class]);
                        }
                    }
                }
                if !plain {
                    if let Some(v) = inst.dict.borrow().get(name) {
                        return Ok(v.clone());
                    }
                }
                if let (Some(attr), Some(get)) = (&class_attr, descriptor.and_then(|d| d.get)) {
                    let class = Value::Class(inst.class.clone());
                    return self.call_value(&get, vec![attr.clone(), obj.clone(), class]);
                }
                if let Some(attr) = class_attr {
                    return Ok(self.bind_class_attr(obj, &inst.class, attr));
                }
                if let Some(v) = self.special_instance_attr(obj, name)? {
                    return Ok(v);
                }
                if let Some(getattr) = inst.class.lookup("__getattr__") {
                    return self.call_value(&getattr, vec![obj.clone(), Value::str(name)]);
                }
                Err(self.no_attribute(obj, name))
            }
            Value::Class(c) => self.class_attr(c, name),
            Value::Native(n) => match n.get_attr(self, obj, name) {
                Some(r) => r,
                None => self.generic_attr(obj, name),
            },
            _ => self.generic_attr(obj, name),
        }
    }

    /// What a class attribute becomes when read through an instance.
    fn bind_class_attr(&self, obj: &Value, class: &Rc<Class>, attr: Value) -> Value {
        if let Some(sm) = attr.downcast::<StaticMethod>() {
            return sm.0.clone();
        }
        if let Some(cm) = attr.downcast::<ClassMethod>() {
            return bind_method(Value::Class(class.clone()), cm.0.clone());
        }
        bind_method(obj.clone(), attr)
    }

    fn class_attr(&self, c: &Rc<Class>, name: &str) -> PyResult<Value> {
        if let Some(attr) = c.lookup(name) {
            if let Some(get) = UserDescriptor::of(&attr).and_then(|d| d.get) {
                return self.call_value(&get, vec![attr, Value::None, Value::Class(c.clone())]);
            }
            if let Some(sm) = attr.downcast::<StaticMethod>() {
                return Ok(sm.0.clone());
            }
            if let Some(cm) = attr.downcast::<ClassMethod>() {
                return Ok(bind_method(Value::Class(c.clone()), cm.0.clone()));
            }
            return Ok(attr);
        }
        let v = match name {
            "__name__" => Value::str(&c.name),
            "__qualname__" => Value::str(&c.qualname),
            "__module__" => Value::str(&c.module),
            "__doc__" => Value::None,
            "__base__" => c.base.clone().map_or(Value::None, Value::Class),
            "__bases__" => Value::tuple(c.base.iter().cloned().map(Value::Class).collect()),
            "__mro__" => Value::tuple(c.mro().into_iter().map(Value::Class).collect()),
            "__dict__" => {
                let map = c
                    .dict
                    .borrow()
                    .iter()
                    .map(|(k, v)| Ok((self.to_key(&Value::str(k))?, v.clone())))
                    .collect::<PyResult<_>>()?;
                Value::dict(map)
            }
            _ => {
                let is_method = crate::builtins::methods::type_method(c.builtin, name).is_none();
                if let Some(f) =
                    crate::builtins::methods::lookup(c.builtin, name).filter(|_| is_method)
                {
                    return Ok(Value::Builtin(Rc::new(Builtin {
                        name: name.into(),
                        func: f,
                        bound: None,
                        awaitable: None,
                        unary: None,
                        owner: Some(c.clone()),
                    })));
                }
                if let Some(v) = crate::builtins::methods::class_attr(self, c, name) {
                    return v;
                }
                let e = self.attribute_error(format!(
                    "type object '{}' has no attribute '{name}'",
                    c.qualname
                ));
                e.value.exc_data_mut().suggest = Some(crate::object::Suggest::Attr {
                    name: Name::from(name),
                    obj: Value::Class(c.clone()),
                });
                return Err(e);
            }
        };
        Ok(v)
    }

    /// Attributes every instance has without storing them.
    fn special_instance_attr(&self, obj: &Value, name: &str) -> PyResult<Option<Value>> {
        let Value::Instance(inst) = obj else {
            return Ok(None);
        };
        Ok(Some(match name {
            "__class__" => Value::Class(inst.class.clone()),
            "__dict__" if inst.class.slot_names().is_some() => return Ok(None),
            "__dict__" => {
                let map = inst
                    .dict
                    .borrow()
                    .iter()
                    .map(|(k, v)| Ok((self.to_key(&Value::str(k))?, v.clone())))
                    .collect::<PyResult<_>>()?;
                Value::dict(map)
            }
            _ if inst.exc.is_some() => match crate::builtins::exception_attr(self, inst, name) {
                Some(v) => v?,
                None => return Ok(None),
            },
            _ => {
                let base = inst.base_value.clone();
                match base {
                    Some(b) => match crate::builtins::methods::lookup_value(&b, name) {
                        Some(f) => Value::Builtin(Rc::new(Builtin {
                            name: name.into(),
                            func: f,
                            bound: Some(b),
                            awaitable: None,
                            unary: None,
                            owner: None,
                        })),
                        None => return Ok(None),
                    },
                    None => return Ok(None),
                }
            }
        }))
    }

    /// Attributes of built-in values: their methods and a few data attributes.
    fn generic_attr(&self, obj: &Value, name: &str) -> PyResult<Value> {
        if let Some(f) = crate::builtins::methods::lookup_value(obj, name) {
            return Ok(Value::Builtin(Rc::new(Builtin {
                name: name.into(),
                func: f,
                bound: Some(obj.clone()),
                awaitable: None,
                unary: None,
                owner: None,
            })));
        }
        if let Some(v) = crate::builtins::methods::value_attr(self, obj, name) {
            return v;
        }
        if name == "__class__" {
            return Ok(Value::Class(self.types.class_of(obj)));
        }
        Err(self.no_attribute(obj, name))
    }

    pub fn no_attribute(&self, obj: &Value, name: &str) -> Exc {
        let e = self.no_attribute_error(obj, name);
        e.value.exc_data_mut().suggest = Some(crate::object::Suggest::Attr {
            name: Name::from(name),
            obj: obj.clone(),
        });
        e
    }

    fn no_attribute_error(&self, obj: &Value, name: &str) -> Exc {
        match obj {
            Value::Native(n) if n.type_name() == "module" => {
                let module = self.repr(obj).unwrap_or_default();
                let mname = module
                    .trim_start_matches("<module '")
                    .split('\'')
                    .next()
                    .unwrap_or("")
                    .to_string();
                self.attribute_error(format!("module '{mname}' has no attribute '{name}'"))
            }
            _ => self.attribute_error(format!(
                "'{}' object has no attribute '{name}'",
                obj.type_name()
            )),
        }
    }

    /// `obj.name = value` at an attribute site with a `hint`.
    #[inline]
    pub fn set_attr_at(
        &self,
        obj: &Value,
        name: &Name,
        value: Value,
        hint: &Cell<u32>,
    ) -> PyResult<()> {
        if let Value::Instance(inst) = obj {
            if inst.class.is_plain() && inst.exc.is_none() {
                let mut d = inst.dict.borrow_mut();
                if let Some(at) = attr_index(&*d, name, hint) {
                    d[at] = value;
                    return Ok(());
                }
                drop(d);
                return self.add_attr_at(inst, name, value, hint);
            }
        }
        self.set_attr(obj, name, value)
    }

    /// A new attribute of a plain instance (once per instance and name: out of line).
    #[inline(never)]
    fn add_attr_at(
        &self,
        inst: &crate::object::Instance,
        name: &Name,
        value: Value,
        hint: &Cell<u32>,
    ) -> PyResult<()> {
        self.check_slot(inst, name)?;
        hint.set(inst.add_attr(name.clone(), value) as u32);
        Ok(())
    }

    pub fn set_attr(&self, obj: &Value, name: &str, value: Value) -> PyResult<()> {
        match obj {
            Value::Instance(inst) if inst.class.is_plain() && inst.exc.is_none() => {
                let mut d = inst.dict.borrow_mut();
                match d.get_mut(name) {
                    Some(slot) => *slot = value,
                    None => {
                        drop(d);
                        self.check_slot(inst, name)?;
                        inst.add_attr(name.into(), value);
                    }
                }
                Ok(())
            }
            Value::Instance(inst) => {
                if let Some(attr) = inst.class.lookup(name) {
                    if let Some(p) = attr.downcast::<Property>() {
                        return match &p.fset {
                            Some(f) => self.call_value(f, vec![obj.clone(), value]).map(|_| ()),
                            None => Err(self.attribute_error(format!(
                                "property '{name}' of '{}' object has no setter",
                                inst.class.name
                            ))),
                        };
                    }
                    if let Some(d) = UserDescriptor::of(&attr) {
                        if let Some(set) = d.set {
                            return self
                                .call_value(&set, vec![attr, obj.clone(), value])
                                .map(|_| ());
                        }
                        if d.delete.is_some() {
                            return Err(self.attribute_error("__set__"));
                        }
                    }
                }
                if let Some(setattr) = inst.class.lookup("__setattr__") {
                    return self
                        .call_value(&setattr, vec![obj.clone(), Value::str(name), value])
                        .map(|_| ());
                }
                if inst.exc.is_some()
                    && crate::builtins::set_exception_attr(self, inst, name, &value)?
                {
                    return Ok(());
                }
                self.check_slot(inst, name)?;
                inst.dict.borrow_mut().insert(name.into(), value);
                Ok(())
            }
            Value::Class(c) => {
                c.dict.borrow_mut().insert(name.into(), value);
                crate::object::classes_changed();
                Ok(())
            }
            Value::Function(f) => {
                match name {
                    "__name__" => *f.name.borrow_mut() = Rc::from(self.str(&value)?.as_str()),
                    "__qualname__" => {
                        *f.qualname.borrow_mut() = Rc::from(self.str(&value)?.as_str())
                    }
                    _ => {
                        f.attrs.borrow_mut().insert(name.into(), value);
                    }
                }
                Ok(())
            }
            Value::Native(n) => match n.set_attr(self, name, value) {
                Some(r) => r,
                None => Err(self.readonly_attr(obj, name)),
            },
            _ => Err(self.readonly_attr(obj, name)),
        }
    }

    /// Whether an instance may get a new attribute `name`: not when its class's
    /// `__slots__` do not name it. CPython's message then depends on whether the class has
    /// an attribute of that name (which the instance cannot shadow).
    #[inline]
    fn check_slot(&self, inst: &crate::object::Instance, name: &str) -> PyResult<()> {
        match inst.class.slots_ref() {
            None => Ok(()),
            Some(slots) if slots.iter().any(|s| s == name) => Ok(()),
            Some(_) => Err(self.not_a_slot(inst, name)),
        }
    }

    #[cold]
    fn not_a_slot(&self, inst: &crate::object::Instance, name: &str) -> Exc {
        let class = &inst.class.name;
        if inst.class.lookup(name).is_some() {
            return self
                .attribute_error(format!("'{class}' object attribute '{name}' is read-only"));
        }
        self.attribute_error(format!("'{class}' object has no attribute '{name}'"))
    }

    fn readonly_attr(&self, obj: &Value, name: &str) -> Exc {
        if crate::builtins::methods::lookup_value(obj, name).is_some() {
            return self.attribute_error(format!(
                "'{}' object attribute '{name}' is read-only",
                obj.type_name()
            ));
        }
        self.attribute_error(format!(
            "'{}' object has no attribute '{name}'",
            obj.type_name()
        ))
    }

    pub fn del_attr(&self, obj: &Value, name: &str) -> PyResult<()> {
        if let Value::Instance(inst) = obj {
            if let Some(attr) = inst.class.lookup(name) {
                if let Some(p) = attr.downcast::<Property>() {
                    if let Some(f) = &p.fdel {
                        return self.call_value(f, vec![obj.clone()]).map(|_| ());
                    }
                }
                if let Some(d) = UserDescriptor::of(&attr) {
                    if let Some(delete) = d.delete {
                        return self
                            .call_value(&delete, vec![attr, obj.clone()])
                            .map(|_| ());
                    }
                    if d.set.is_some() {
                        return Err(self.attribute_error("__delete__"));
                    }
                }
            }
            if inst.dict.borrow_mut().shift_remove(name).is_some() {
                return Ok(());
            }
            if inst
                .class
                .slot_names()
                .is_some_and(|slots| slots.iter().any(|s| s == name))
            {
                // An empty slot: CPython's message is the name alone.
                return Err(self.attribute_error(name.to_string()));
            }
        }
        if let Value::Class(c) = obj {
            if c.dict.borrow_mut().shift_remove(name).is_some() {
                crate::object::classes_changed();
                return Ok(());
            }
        }
        Err(self.no_attribute(obj, name))
    }

    /// A special method of an instance, bound to it (looked up on the class, as Python does).
    pub fn lookup_special(&self, obj: &Value, name: &str) -> Option<Value> {
        match obj {
            Value::Instance(inst) => {
                let attr = inst.class.lookup(name)?;
                Some(self.bind_class_attr(obj, &inst.class, attr))
            }
            _ => None,
        }
    }

    pub fn has_attr(&self, obj: &Value, name: &str) -> PyResult<bool> {
        match self.get_attr(obj, name) {
            Ok(_) => Ok(true),
            Err(e) if e.is(&self.exc.attribute_error) => Ok(false),
            Err(e) => Err(e),
        }
    }

    // ------------------------------------------------------------ native objects

    pub fn native_repr(&self, v: &Value) -> PyResult<String> {
        let Value::Native(n) = v else {
            return self.repr(v);
        };
        match n.repr(self, v) {
            Some(r) => r,
            None => Ok(format!(
                "<{} object at {:#x}>",
                n.type_name(),
                self.id_of(n.as_ptr() as usize)
            )),
        }
    }

    pub fn native_len(&self, v: &Value) -> Option<PyResult<usize>> {
        match v {
            Value::Native(n) => n.len(self),
            _ => None,
        }
    }

    pub fn native_iter(&self, v: &Value) -> PyResult<Value> {
        match v {
            Value::Native(n) => match n.iter(self, v) {
                Some(r) => r,
                None => Err(self.not_iterable(v)),
            },
            _ => Err(self.not_iterable(v)),
        }
    }

    pub fn native_next(&self, v: &Value) -> PyResult<Option<Value>> {
        match v {
            Value::Native(n) => match n.next(self, v) {
                Some(r) => r,
                None => {
                    Err(self.type_error(format!("'{}' object is not an iterator", v.type_name())))
                }
            },
            _ => Ok(None),
        }
    }

    pub fn is_native_iterator(&self, v: &Value) -> bool {
        matches!(v, Value::Native(n) if n.iter(self, v).is_some())
    }

    pub fn native_range(&self, v: &Value) -> Option<super::IterState> {
        match v {
            Value::Native(n) => n
                .as_range()
                .map(|(next, stop, step)| super::IterState::Range { next, stop, step }),
            _ => None,
        }
    }

    pub fn native_contains(&self, container: &Value, item: &Value) -> PyResult<Option<bool>> {
        match container {
            Value::Native(n) => n.contains(self, item).transpose(),
            _ => Ok(None),
        }
    }
}
