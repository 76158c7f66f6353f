//! The built-in types as class objects, so `type()`, `isinstance()` and subclassing treat
//! them like user classes.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::object::{AttrMap, BuiltinType, Class};
use crate::value::Value;

pub struct Types {
    pub object: Rc<Class>,
    pub type_: Rc<Class>,
    pub none: Rc<Class>,
    pub bool_: Rc<Class>,
    pub int: Rc<Class>,
    pub float: Rc<Class>,
    pub str_: Rc<Class>,
    pub list: Rc<Class>,
    pub tuple: Rc<Class>,
    pub dict: Rc<Class>,
    pub set: Rc<Class>,
    pub frozenset: Rc<Class>,
    pub function: Rc<Class>,
    pub builtin_function: Rc<Class>,
    pub method: Rc<Class>,
    /// Classes of Rust-implemented objects (iterators, coroutines, ...), made on first use.
    natives: RefCell<HashMap<String, Rc<Class>>>,
    /// For a native class a user class may derive from (`asyncio.Queue`): the class written
    /// in Aio that the user class derives from instead (see [`Types::subclass_base`]).
    subclass_bases: RefCell<Vec<(Rc<Class>, Rc<Class>)>>,
    /// Native classes whose counterparts are not made yet (see `expect_subclass_base`).
    expected_subclass_bases: RefCell<Vec<Rc<Class>>>,
}

pub fn new_class(
    name: &str,
    base: Option<&Rc<Class>>,
    builtin: BuiltinType,
    module: &str,
) -> Rc<Class> {
    Rc::new(Class {
        plain: std::cell::Cell::new((0, false)),
        slots: std::cell::OnceCell::new(),
        instance_attrs: std::cell::Cell::new(0),
        name: name.into(),
        qualname: name.to_string(),
        module: module.into(),
        base: base.cloned(),
        dict: RefCell::new(AttrMap::default()),
        builtin,
    })
}

impl Types {
    pub fn new() -> Types {
        let object = new_class("object", None, BuiltinType::Object, "builtins");
        let t = |name: &str, b: BuiltinType| new_class(name, Some(&object), b, "builtins");
        let int = t("int", BuiltinType::Int);
        Types {
            type_: t("type", BuiltinType::Type),
            none: t("NoneType", BuiltinType::NoneType),
            bool_: new_class("bool", Some(&int), BuiltinType::Bool, "builtins"),
            float: t("float", BuiltinType::Float),
            str_: t("str", BuiltinType::Str),
            list: t("list", BuiltinType::List),
            tuple: t("tuple", BuiltinType::Tuple),
            dict: t("dict", BuiltinType::Dict),
            set: t("set", BuiltinType::Set),
            frozenset: t("frozenset", BuiltinType::FrozenSet),
            function: t("function", BuiltinType::Function),
            builtin_function: t("builtin_function_or_method", BuiltinType::Other),
            method: t("method", BuiltinType::Other),
            int,
            object,
            natives: RefCell::new(HashMap::new()),
            subclass_bases: RefCell::new(Vec::new()),
            expected_subclass_bases: RefCell::new(Vec::new()),
        }
    }

    /// The class of a Rust-implemented object kind, by its type name.
    pub fn native(&self, name: &str) -> Rc<Class> {
        if let Some(c) = self.natives.borrow().get(name) {
            return c.clone();
        }
        // A dotted type name (`_asyncio.Future`) is a module and a class name.
        let (module, short) = name.rsplit_once('.').unwrap_or(("builtins", name));
        let c = new_class(short, Some(&self.object), BuiltinType::Other, module);
        self.natives
            .borrow_mut()
            .insert(name.to_string(), c.clone());
        c
    }

    /// The class of a native kind whose base is `base` (made once, like [`Types::native`]).
    pub fn native_derived(&self, name: &str, base: &Rc<Class>) -> Rc<Class> {
        if let Some(c) = self.natives.borrow().get(name) {
            return c.clone();
        }
        let (module, short) = name.rsplit_once('.').unwrap_or(("builtins", name));
        let c = new_class(short, Some(base), BuiltinType::Other, module);
        self.register_native(name, c.clone());
        c
    }

    /// The class of a native kind whose type name (`TimerHandle`, what error messages
    /// show) is not its qualified name (`asyncio.events.TimerHandle`); made once.
    pub fn native_in(&self, name: &str, module: &str, base: Option<&Rc<Class>>) -> Rc<Class> {
        if let Some(c) = self.natives.borrow().get(name) {
            return c.clone();
        }
        let c = new_class(
            name,
            Some(base.unwrap_or(&self.object)),
            BuiltinType::Other,
            module,
        );
        self.register_native(name, c.clone());
        c
    }

    /// What a class statement naming `base` among its bases derives from. A native kind
    /// cannot be the base of an instance of a user class; where Aio has the same type
    /// written in Aio (deriving from the native class, so `isinstance` still holds), that
    /// class is used, and the subclass's overrides work as in CPython.
    pub fn subclass_base(&self, base: &Rc<Class>) -> Option<Rc<Class>> {
        let bases = self.subclass_bases.borrow();
        let (_, written) = bases.iter().find(|(native, _)| Rc::ptr_eq(native, base))?;
        Some(written.clone())
    }

    /// Whether `class` is, or derives from, one of those classes written in Aio: its
    /// instances are plain instances, with no native value inside.
    pub fn is_written_in_aio(&self, class: &Rc<Class>) -> bool {
        let bases = self.subclass_bases.borrow();
        bases
            .iter()
            .any(|(_, written)| class.is_subclass_of(written))
    }

    pub fn set_subclass_base(&self, native: Rc<Class>, written: Rc<Class>) {
        self.subclass_bases.borrow_mut().push((native, written));
    }

    /// Records that `native` has a counterpart written in Aio, made with the rest of its
    /// module's attributes ([`crate::modules::Module::complete`]).
    pub fn expect_subclass_base(&self, native: Rc<Class>) {
        self.expected_subclass_bases.borrow_mut().push(native);
    }

    /// Whether `native`'s counterpart written in Aio is still to be made.
    pub fn subclass_base_expected(&self, native: &Rc<Class>) -> bool {
        self.expected_subclass_bases
            .borrow()
            .iter()
            .any(|c| Rc::ptr_eq(c, native))
    }

    /// Registers a class made elsewhere (e.g. `asyncio.Task`) as the class of a native kind.
    pub fn register_native(&self, name: &str, class: Rc<Class>) {
        self.natives.borrow_mut().insert(name.to_string(), class);
    }

    /// `type(v)`.
    pub fn class_of(&self, v: &Value) -> Rc<Class> {
        match v {
            Value::None => self.none.clone(),
            Value::Bool(_) => self.bool_.clone(),
            Value::Int(_) | Value::BigInt(_) => self.int.clone(),
            Value::Float(_) => self.float.clone(),
            Value::Str(_) => self.str_.clone(),
            Value::List(_) => self.list.clone(),
            Value::Tuple(_) => self.tuple.clone(),
            Value::Dict(_) => self.dict.clone(),
            Value::Set(s) if s.frozen => self.frozenset.clone(),
            Value::Set(_) => self.set.clone(),
            Value::Function(_) => self.function.clone(),
            Value::Builtin(_) => self.builtin_function.clone(),
            Value::Method(_) => self.method.clone(),
            Value::Class(_) => self.type_.clone(),
            Value::Instance(i) => i.class.clone(),
            Value::Native(n) => self.native(n.type_name()),
        }
    }
}

impl Default for Types {
    fn default() -> Self {
        Types::new()
    }
}
