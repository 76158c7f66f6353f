//! Calls: binding arguments to parameters with Python's rules and messages, running a
//! function's frame, instantiating classes, and making functions and classes at `def` and
//! `class` statements.

use std::cell::RefCell;
use std::rc::Rc;

use crate::ast::{ClassDef, FunctionDef, Name, Slot};
use crate::object::{AttrMap, BuiltinType, CallArgs, Class, Exc, Function, Instance, PyResult};
use crate::value::Value;

pub use super::attr::bind_method;
use super::{Frame, Interp, Locals, Slots};

impl Interp {
    /// Calls with positional arguments only.
    pub fn call_value(&self, callee: &Value, args: Vec<Value>) -> PyResult<Value> {
        self.call(callee, CallArgs::positional(args))
    }

    pub fn call(&self, callee: &Value, mut args: CallArgs) -> PyResult<Value> {
        match callee {
            Value::Function(f) => self.call_function(f, args),
            Value::Builtin(b) => {
                if let Some(recv) = &b.bound {
                    args.args.insert(0, recv.clone());
                }
                if let (Some(owner), Some(recv)) = (&b.owner, args.args.first()) {
                    self.check_descriptor_receiver(owner, &b.name, recv)?;
                }
                (b.func)(self, args)
            }
            Value::Method(m) => {
                args.args.insert(0, m.receiver.clone());
                self.call(&m.func, args)
            }
            Value::Class(c) => self.instantiate(c, args),
            Value::Instance(_) => match self.lookup_special(callee, "__call__") {
                Some(m) => self.call(&m, args),
                None => Err(self.not_callable(callee)),
            },
            Value::Native(n) => match n.call(self, callee, args) {
                Some(r) => r,
                None => Err(self.not_callable(callee)),
            },
            _ => Err(self.not_callable(callee)),
        }
    }

    /// A method looked up on a built-in type (`set.add`) applies to its instances only.
    fn check_descriptor_receiver(
        &self,
        owner: &Rc<Class>,
        name: &str,
        recv: &Value,
    ) -> PyResult<()> {
        if self.types.class_of(recv).is_subclass_of(owner) {
            return Ok(());
        }
        Err(self.type_error(format!(
            "descriptor '{name}' for '{}' objects doesn't apply to a '{}' object",
            owner.qualname,
            recv.type_name()
        )))
    }

    fn not_callable(&self, v: &Value) -> Exc {
        self.type_error(format!("'{}' object is not callable", v.type_name()))
    }

    pub fn call_function(&self, f: &Rc<Function>, args: CallArgs) -> PyResult<Value> {
        if f.def.is_async && !f.scope.is_generator {
            // A coroutine: its frame is made where its body's future keeps it.
            let body = self.framed_body_future(f, |frame| self.bind_call(f, frame, args))?;
            return Ok(super::suspend::coroutine(f, body));
        }
        if f.scope.is_generator {
            // Its frame outlives this call: its locals are in a buffer of their own.
            let mut frame = self.empty_function_frame(f, Locals::new());
            self.bind_call(f, &mut frame, args)?;
            return Ok(super::suspend::start(self, f, frame));
        }
        let mut slots = Slots::new();
        let mut frame = self.empty_function_frame(f, slots.locals());
        self.bind_call(f, &mut frame, args)?;
        self.run_function_frame(&mut frame, f)
    }

    /// Gives the new `frame` of a call of `f` its variables, the parameters bound to `args`.
    fn bind_call(&self, f: &Function, frame: &mut Frame, args: CallArgs) -> PyResult<()> {
        frame.unbind_locals(f.scope.n_locals as usize);
        if f.simple && args.kwargs.is_empty() && args.args.len() == f.def.params.positional.len() {
            for (slot, v) in f.scope.param_slots.iter().zip(args.args) {
                store_param(frame, *slot, v);
            }
            return Ok(());
        }
        self.bind_args(f, frame, args)
    }

    /// A new frame for a call of `f`, its variables unbound.
    #[inline(always)]
    pub fn function_frame<'s>(&self, f: &Rc<Function>, locals: Locals<'s>) -> Frame<'s> {
        let mut frame = self.empty_function_frame(f, locals);
        frame.unbind_locals(f.scope.n_locals as usize);
        frame
    }

    /// A frame for a call of `f` without its local slots: the caller adds them to `locals`
    /// (empty; a buffer on its stack, or [`Locals::new`] for a frame that outlives it), with
    /// [`Frame::unbind_locals`] or [`super::fill_locals`].
    #[inline(always)]
    pub fn empty_function_frame<'s>(&self, f: &Rc<Function>, locals: Locals<'s>) -> Frame<'s> {
        let scope = &f.scope;
        let cells = if scope.n_cells == 0 {
            super::Cells::default()
        } else {
            (0..scope.n_cells)
                .map(|_| Rc::new(RefCell::new(None)))
                .collect()
        };
        Frame::for_function(f, cells, locals)
    }

    /// Runs a function body in its frame, counting depth for `RecursionError`.
    pub fn run_function_frame(&self, frame: &mut Frame, func: &Function) -> PyResult<Value> {
        let depth = self.depth.get() + 1;
        if depth > self.recursion_limit.get() {
            return Err(self.error(
                &self.exc.recursion_error,
                "maximum recursion depth exceeded",
            ));
        }
        self.tick()?;
        self.depth.set(depth);
        let r = func.def.code(frame.library).run(self, frame);
        self.depth.set(depth - 1);
        frame.finish(r)
    }

    /// Binds call arguments to a function's parameters, with CPython's error messages.
    pub fn bind_args(&self, f: &Function, frame: &mut Frame, args: CallArgs) -> PyResult<()> {
        let p = &f.def.params;
        let slots = &f.scope.param_slots;
        let qualname = f.qualname.borrow().clone();
        let npos = p.positional.len();
        let nkw = p.kwonly.len();
        let mut values: Vec<Option<Value>> = vec![None; npos + nkw];
        let mut positional = args.args;
        let given = positional.len();
        let extra = if positional.len() > npos {
            let extra = positional.split_off(npos);
            if p.varargs.is_none() {
                return Err(self.too_many_positional(f, &qualname, given, &args.kwargs));
            }
            extra
        } else {
            Vec::new()
        };
        for (i, v) in positional.into_iter().enumerate() {
            values[i] = Some(v);
        }
        let mut kwargs_dict = crate::value::DictMap::default();
        for (name, v) in args.kwargs {
            let index = p
                .positional
                .iter()
                .enumerate()
                .skip(p.posonly)
                .find(|(_, param)| param.name.id == name)
                .map(|(i, _)| i)
                .or_else(|| {
                    p.kwonly
                        .iter()
                        .position(|param| param.name.id == name)
                        .map(|i| npos + i)
                });
            match index {
                Some(i) if values[i].is_some() => {
                    return Err(self.type_error(format!(
                        "{qualname}() got multiple values for argument '{name}'"
                    )))
                }
                Some(i) => values[i] = Some(v),
                None if p.kwargs.is_some() => {
                    kwargs_dict.insert(self.to_key(&Value::str(&name))?, v);
                }
                None => {
                    return Err(self.type_error(format!(
                        "{qualname}() got an unexpected keyword argument '{name}'"
                    )))
                }
            }
        }
        let first_default = npos - f.defaults.len();
        let mut missing = Vec::new();
        for (i, value) in values.iter_mut().enumerate().take(npos) {
            if value.is_none() {
                if i >= first_default {
                    *value = Some(f.defaults[i - first_default].clone());
                } else {
                    missing.push(p.positional[i].name.id.to_string());
                }
            }
        }
        if !missing.is_empty() {
            return Err(self.missing_args(&qualname, "positional", &missing));
        }
        for k in 0..nkw {
            if values[npos + k].is_none() {
                match f.kwdefaults.get(k).cloned().flatten() {
                    Some(d) => values[npos + k] = Some(d),
                    None => missing.push(p.kwonly[k].name.id.to_string()),
                }
            }
        }
        if !missing.is_empty() {
            return Err(self.missing_args(&qualname, "keyword-only", &missing));
        }
        let mut slot_iter = slots.iter();
        let mut values = values.into_iter();
        for _ in 0..npos {
            let (Some(slot), Some(Some(v))) = (slot_iter.next(), values.next()) else {
                break;
            };
            store_param(frame, *slot, v);
        }
        if p.varargs.is_some() {
            if let Some(slot) = slot_iter.next() {
                store_param(frame, *slot, Value::tuple(extra));
            }
        }
        for _ in 0..nkw {
            let (Some(slot), Some(Some(v))) = (slot_iter.next(), values.next()) else {
                break;
            };
            store_param(frame, *slot, v);
        }
        if p.kwargs.is_some() {
            if let Some(slot) = slot_iter.next() {
                store_param(frame, *slot, Value::dict(kwargs_dict));
            }
        }
        Ok(())
    }

    fn too_many_positional(
        &self,
        f: &Function,
        qualname: &str,
        given: usize,
        kwargs: &[(crate::ast::Name, Value)],
    ) -> Exc {
        let npos = f.def.params.positional.len();
        let min = npos - f.defaults.len();
        let takes = if min == npos {
            format!("{npos} positional argument{}", plural(npos))
        } else {
            format!("from {min} to {npos} positional arguments")
        };
        let kwonly_given = kwargs
            .iter()
            .filter(|(n, _)| f.def.params.kwonly.iter().any(|p| &p.name.id == n))
            .count();
        let was = if given == 1 { "was" } else { "were" };
        if kwonly_given > 0 {
            return self.type_error(format!(
                "{qualname}() takes {takes} but {given} positional argument{} (and {kwonly_given} keyword-only argument{}) were given",
                plural(given),
                plural(kwonly_given)
            ));
        }
        self.type_error(format!(
            "{qualname}() takes {takes} but {given} {was} given"
        ))
    }

    fn missing_args(&self, qualname: &str, kind: &str, names: &[String]) -> Exc {
        let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
        let list = match quoted.len() {
            1 => quoted[0].clone(),
            2 => format!("{} and {}", quoted[0], quoted[1]),
            n => format!("{}, and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
        };
        self.type_error(format!(
            "{qualname}() missing {} required {kind} argument{}: {list}",
            names.len(),
            plural(names.len())
        ))
    }

    // ------------------------------------------------------------ classes

    pub fn instantiate(&self, class: &Rc<Class>, args: CallArgs) -> PyResult<Value> {
        let user_class = class.module.as_ref() != "builtins" || !class.dict.borrow().is_empty();
        if (!user_class
            || (class.builtin != BuiltinType::Object
                && class.builtin != BuiltinType::BaseException
                && class.lookup("__init__").is_none()
                && class.lookup("__new__").is_none()))
            && class.builtin != BuiltinType::Object
            && class.builtin != BuiltinType::BaseException
        {
            let base = crate::builtins::construct(self, class, args)?;
            if Rc::ptr_eq(class, &self.types.class_of(&base)) || !user_class {
                return Ok(base);
            }
            let inst = Instance::with_base(class.clone(), base);
            return Ok(Value::Instance(Rc::new(inst)));
        }
        if let Some(new) = class.lookup("__new__") {
            let mut new_args = CallArgs {
                args: vec![Value::Class(class.clone())],
                kwargs: args.kwargs.clone(),
            };
            new_args.args.extend(args.args.iter().cloned());
            let func = match new.downcast::<crate::builtins::descriptors::StaticMethod>() {
                Some(sm) => sm.0.clone(),
                None => new,
            };
            let obj = self.call(&func, new_args)?;
            if let Value::Instance(i) = &obj {
                if i.class.is_subclass_of(class) {
                    self.run_init(class, &obj, args)?;
                }
            }
            return Ok(obj);
        }
        let class = &if class.is_subclass_of(&self.exc.base_exception_group)
            || class.is_subclass_of(&self.exc.exception_group)
        {
            crate::builtins::exception_group::checked_class(self, class, &args.args)?
        } else {
            class.clone()
        };
        let inst = if class.builtin == BuiltinType::BaseException {
            let inst = Instance::new(class.clone());
            inst.exc_data_mut().args = args.args.clone();
            inst
        } else if class.builtin != BuiltinType::Object && !self.types.is_written_in_aio(class) {
            let base = crate::builtins::construct(self, class, CallArgs::default())?;
            Instance::with_base(class.clone(), base)
        } else {
            Instance::new(class.clone())
        };
        let obj = Value::Instance(Rc::new(inst));
        self.run_init(class, &obj, args)?;
        Ok(obj)
    }

    fn run_init(&self, class: &Rc<Class>, obj: &Value, args: CallArgs) -> PyResult<()> {
        match class.lookup("__init__") {
            Some(init) => {
                let r = self.call(&bind_method(obj.clone(), init), args)?;
                if !r.is_none() {
                    return Err(self.type_error(format!(
                        "__init__() should return None, not '{}'",
                        r.type_name()
                    )));
                }
                Ok(())
            }
            None if class.builtin == BuiltinType::Object
                && (!args.args.is_empty() || !args.kwargs.is_empty()) =>
            {
                Err(self.type_error(format!("{}() takes no arguments", class.qualname)))
            }
            None => Ok(()),
        }
    }

    // ------------------------------------------------------------ definitions

    pub fn make_function(
        &self,
        def: &Rc<FunctionDef>,
        frame: &mut Frame,
    ) -> PyResult<Rc<Function>> {
        let mut defaults = Vec::new();
        for p in &def.params.positional {
            if let Some(d) = &p.default {
                defaults.push(self.eval(frame, d)?);
            }
        }
        let mut kwdefaults = Vec::with_capacity(def.params.kwonly.len());
        for p in &def.params.kwonly {
            kwdefaults.push(match &p.default {
                Some(d) => Some(self.eval(frame, d)?),
                None => None,
            });
        }
        Ok(self.function_with_defaults(def, frame, defaults, kwdefaults))
    }

    /// The function of `def` once its defaults are evaluated (by [`Interp::make_function`],
    /// or by the async evaluator when one of them suspends).
    pub fn function_with_defaults(
        &self,
        def: &Rc<FunctionDef>,
        frame: &mut Frame,
        defaults: Vec<Value>,
        kwdefaults: Vec<Option<Value>>,
    ) -> Rc<Function> {
        let scope = def.scope.borrow().clone();
        let closure = (!scope.free_sources.is_empty()).then(|| {
            scope
                .free_sources
                .iter()
                .map(|slot| capture(frame, *slot))
                .collect()
        });
        let simple = defaults.is_empty()
            && def.params.varargs.is_none()
            && def.params.kwargs.is_none()
            && def.params.kwonly.is_empty();
        let direct_arity = (simple && !def.is_async && !scope.is_generator && scope.params_first)
            .then(|| def.params.positional.len() as u32);
        Rc::new(Function {
            def: def.clone(),
            name: RefCell::new(def.name.clone()),
            qualname: RefCell::new(scope.qualname.clone()),
            scope,
            defaults,
            kwdefaults,
            closure,
            source: frame.source().clone(),
            owner: RefCell::new(std::rc::Weak::new()),
            attrs: RefCell::new(AttrMap::default()),
            simple,
            direct_arity,
        })
    }

    pub fn make_class(&self, def: &Rc<ClassDef>, frame: &mut Frame) -> PyResult<Value> {
        let decorators = self.eval_all(frame, &def.decorators)?;
        let mut bases = Vec::new();
        let mut keywords = Vec::new();
        for arg in &def.bases {
            match arg {
                crate::ast::Arg::Positional(e) => bases.push(self.eval(frame, e)?),
                crate::ast::Arg::Keyword(k, e) => keywords.push((k.clone(), self.eval(frame, e)?)),
                _ => return Err(self.type_error("Aio does not support * or ** in class bases")),
            }
        }
        self.class_with(def, frame, decorators, bases, keywords)
    }

    /// The class of `def` once its decorators and bases are evaluated (by
    /// [`Interp::make_class`], or by the async evaluator when one of them suspends).
    pub fn class_with(
        &self,
        def: &Rc<ClassDef>,
        frame: &mut Frame,
        decorators: Vec<Value>,
        bases: Vec<Value>,
        mut keywords: Vec<(Name, Value)>,
    ) -> PyResult<Value> {
        // `metaclass=type` is what every class has; other metaclasses Aio does not have.
        if let Some(at) = keywords.iter().position(|(k, _)| &**k == "metaclass") {
            match keywords.remove(at).1 {
                Value::Class(c) if Rc::ptr_eq(&c, &self.types.type_) => {}
                _ => return Err(self.type_error("Aio does not support metaclasses")),
            }
        }
        let base = match bases.as_slice() {
            [] => self.types.object.clone(),
            [Value::Class(c)] => c.clone(),
            [other] => {
                return Err(
                    self.type_error(format!("bases must be types, not {}", other.type_name()))
                )
            }
            _ => return Err(self.type_error("Aio supports single inheritance only")),
        };
        if self.types.subclass_base(&base).is_none() && self.types.subclass_base_expected(&base) {
            self.complete_modules();
        }
        let base = self.types.subclass_base(&base).unwrap_or(base);
        let scope = def.scope.borrow().clone();
        let ns = Rc::new(RefCell::new(AttrMap::default()));
        ns.borrow_mut()
            .insert("__module__".into(), Value::str("__main__"));
        ns.borrow_mut()
            .insert("__qualname__".into(), Value::str(&scope.qualname));
        let mut slots = Slots::new();
        let mut body_frame = Frame::new(
            frame.source().clone(),
            def.name.clone(),
            slots.locals(),
            scope.n_locals as usize,
        );
        if !scope.free_sources.is_empty() {
            body_frame.set_free(
                scope
                    .free_sources
                    .iter()
                    .map(|slot| capture(frame, *slot))
                    .collect(),
            );
        }
        body_frame.set_class_ns(ns.clone());
        if let Err(mut e) = self.exec_block(&mut body_frame, &def.body) {
            body_frame.record(&mut e);
            return Err(e);
        }
        let mut dict = ns.borrow().clone();
        let module = match dict.shift_remove("__module__") {
            Some(Value::Str(s)) => Rc::from(s.as_str()),
            _ => Rc::from("__main__"),
        };
        let qualname = match dict.shift_remove("__qualname__") {
            Some(Value::Str(s)) => s.as_str().to_string(),
            _ => scope.qualname.to_string(),
        };
        let class = Rc::new(Class {
            plain: std::cell::Cell::new((0, false)),
            slots: std::cell::OnceCell::new(),
            instance_attrs: std::cell::Cell::new(0),
            name: def.name.clone(),
            qualname,
            module,
            builtin: base.builtin,
            base: Some(base),
            dict: RefCell::new(dict),
        });
        for v in class.dict.borrow().values() {
            set_owner(v, &class);
        }
        self.finish_class(&class, keywords)?;
        let mut value = Value::Class(class);
        for (d, dec) in def.decorators.iter().zip(decorators).rev() {
            value = self
                .call_value(&dec, vec![value])
                .map_err(|e| e.at(d.span))?;
        }
        Ok(value)
    }
}

impl Interp {
    /// What `type.__new__` does once a class is made: `__init_subclass__` is a class
    /// method even undecorated, the objects of the namespace with `__set_name__` learn
    /// their names, and the nearest base's `__init_subclass__` runs with the class
    /// statement's keywords.
    fn finish_class(&self, class: &Rc<Class>, keywords: Vec<(Name, Value)>) -> PyResult<()> {
        use crate::builtins::descriptors::ClassMethod;
        {
            let mut dict = class.dict.borrow_mut();
            if let Some(f @ Value::Function(_)) = dict.get("__init_subclass__").cloned() {
                dict.insert("__init_subclass__".into(), Value::native(ClassMethod(f)));
            }
        }
        let items: Vec<(Name, Value)> = class
            .dict
            .borrow()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (name, v) in items {
            let Value::Instance(inst) = &v else {
                continue;
            };
            let Some(set_name) = inst.class.lookup("__set_name__") else {
                continue;
            };
            let args = vec![v.clone(), Value::Class(class.clone()), Value::str(&name)];
            if let Err(e) = self.call_value(&set_name, args) {
                let message = format!(
                    "Error calling __set_name__ on '{}' instance '{name}' in '{}'",
                    inst.class.name, class.name
                );
                let err = self.runtime_error(message);
                err.value.exc_data_mut().cause = Some(Value::Instance(e.value.clone()));
                err.value.exc_data_mut().suppress_context = true;
                return Err(err);
            }
        }
        // The nearest base's hook, a class method (or a plain function) of the base.
        let hook = class
            .base
            .as_ref()
            .and_then(|b| b.lookup("__init_subclass__"))
            .map(|v| match v.downcast::<ClassMethod>() {
                Some(cm) => cm.0.clone(),
                None => v,
            });
        match hook {
            Some(f @ Value::Function(_)) => {
                let args = CallArgs {
                    args: vec![Value::Class(class.clone())],
                    kwargs: keywords,
                };
                self.call(&f, args).map(|_| ())
            }
            _ if !keywords.is_empty() => Err(self.type_error(format!(
                "{}.__init_subclass__() takes no keyword arguments",
                class.name
            ))),
            _ => Ok(()),
        }
    }
}

/// Records which class defined a method, for zero-argument `super()`.
fn set_owner(v: &Value, class: &Rc<Class>) {
    use crate::builtins::descriptors::{ClassMethod, Property, StaticMethod};
    match v {
        Value::Function(f) => *f.owner.borrow_mut() = Rc::downgrade(class),
        _ => {
            if let Some(cm) = v.downcast::<ClassMethod>() {
                set_owner(&cm.0, class);
            } else if let Some(sm) = v.downcast::<StaticMethod>() {
                set_owner(&sm.0, class);
            } else if let Some(p) = v.downcast::<Property>() {
                for f in [&p.fget, &p.fset, &p.fdel].into_iter().flatten() {
                    set_owner(f, class);
                }
            }
        }
    }
}

fn store_param(frame: &mut Frame, slot: Slot, v: Value) {
    match slot {
        Slot::Local(i) => frame.locals[i as usize] = Some(v),
        Slot::Cell(i) => *frame.cells[i as usize].borrow_mut() = Some(v),
        _ => {}
    }
}

/// The cell an inner function captures for a variable of this frame.
fn capture(frame: &Frame, slot: Slot) -> crate::object::CellRef {
    match slot {
        Slot::Cell(i) => frame.cells[i as usize].clone(),
        Slot::Free(i) => frame.free_cell(i).clone(),
        _ => Rc::new(RefCell::new(None)),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
