//! The object model: classes, instances, functions and builtins.
//!
//! Every type, built-in or user-defined, is a [`Class`] with single inheritance, so
//! `type()`, `isinstance()` and exception matching work one way for all of them. Exception
//! instances carry their Python state (`args`, traceback, cause, context) in [`ExcData`].

use std::cell::RefCell;
use std::hash::BuildHasherDefault;
use std::rc::{Rc, Weak};

use indexmap::IndexMap;

use crate::ast::{FunctionDef, Name, ScopeInfo, Span};
use crate::instance_dict::InstanceDict;
use crate::interp::Interp;
use crate::source::Source;
use crate::value::Value;

/// Attribute tables keyed by name; FNV is fast for the short names they hold.
pub type AttrMap = IndexMap<Name, Value, BuildHasherDefault<fnv::FnvHasher>>;

/// The index of `name` in `map`, trying `hint` (where an attribute site found it last
/// time) before searching: instances of a class usually get their attributes in the same
/// order, so `self.x` at one place in the source is at one index in all of them.
#[inline]
pub fn attr_index<M: NamesInOrder>(
    map: &M,
    name: &str,
    hint: &std::cell::Cell<u32>,
) -> Option<usize> {
    let at = hint.get() as usize;
    // Names from one source are one string (the lexer interns them): try the address.
    let same = |k: &str| std::ptr::eq(k, name) || k == name;
    if map.name_at(at).is_some_and(same) {
        return Some(at);
    }
    let at = map.index_of(name)?;
    hint.set(at as u32);
    Some(at)
}

/// A table of attributes in order, as [`attr_index`] looks names up in it.
pub trait NamesInOrder {
    fn name_at(&self, i: usize) -> Option<&str>;
    fn index_of(&self, name: &str) -> Option<usize>;
}

// The two tables have the same methods by the same names (`InstanceDict` follows
// `IndexMap`'s).
macro_rules! names_in_order {
    ($($table:ty),*) => {$(
        impl NamesInOrder for $table {
            #[inline]
            fn name_at(&self, i: usize) -> Option<&str> {
                self.get_index(i).map(|(k, _)| &**k)
            }

            #[inline]
            fn index_of(&self, name: &str) -> Option<usize> {
                self.get_index_of(name)
            }
        }
    )*};
}

names_in_order!(AttrMap, InstanceDict);

pub type PyResult<T> = Result<T, Exc>;

/// The built-in types the interpreter gives special behaviour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuiltinType {
    Object,
    Type,
    NoneType,
    Bool,
    Int,
    Float,
    Str,
    List,
    Tuple,
    Dict,
    Set,
    FrozenSet,
    Function,
    BaseException,
    Other,
}

pub struct Class {
    pub name: Name,
    pub qualname: String,
    pub module: Name,
    pub base: Option<Rc<Class>>,
    pub dict: RefCell<AttrMap>,
    /// The built-in type this class is, or (for user classes) derives from.
    pub builtin: BuiltinType,
    /// Cached: at class-change epoch `.0`, whether no class on the chain has a property or
    /// `__setattr__`, so instance attributes can be read and written without descriptors.
    pub plain: std::cell::Cell<(u64, bool)>,
    /// `slot_names`, worked out once (as CPython fixes a class's slots when it makes it).
    pub slots: std::cell::OnceCell<Option<Rc<[String]>>>,
    /// The most attributes an instance of it has had: a new instance's dict is made with
    /// room for as many at its first.
    pub instance_attrs: std::cell::Cell<u32>,
}

fn slot_name(v: &Value) -> Option<String> {
    match v {
        Value::Str(s) => Some(s.as_str().to_string()),
        _ => None,
    }
}

/// The methods of a descriptor the program defined (an instance of a class with
/// `__get__`, `__set__` or `__delete__`), found on its class.
pub struct UserDescriptor {
    pub get: Option<Value>,
    pub set: Option<Value>,
    pub delete: Option<Value>,
}

impl UserDescriptor {
    pub fn of(attr: &Value) -> Option<UserDescriptor> {
        let Value::Instance(inst) = attr else {
            return None;
        };
        let d = UserDescriptor {
            get: inst.class.lookup("__get__"),
            set: inst.class.lookup("__set__"),
            delete: inst.class.lookup("__delete__"),
        };
        (d.get.is_some() || d.is_data()).then_some(d)
    }

    /// A data descriptor (with `__set__` or `__delete__`) comes before the instance's
    /// own attributes.
    pub fn is_data(&self) -> bool {
        self.set.is_some() || self.delete.is_some()
    }
}

thread_local! {
    /// Bumped whenever any class's attributes change, invalidating `Class::plain`.
    static CLASS_EPOCH: std::cell::Cell<u64> = const { std::cell::Cell::new(1) };
}

/// Records that some class's attributes changed.
pub fn classes_changed() {
    CLASS_EPOCH.with(|e| e.set(e.get() + 1));
}

impl Class {
    /// True when instance attribute access needs no descriptor or `__setattr__` checks.
    #[inline]
    pub fn is_plain(self: &Rc<Class>) -> bool {
        let epoch = CLASS_EPOCH.with(|e| e.get());
        let (at, plain) = self.plain.get();
        if at == epoch {
            return plain;
        }
        self.find_plain(epoch)
    }

    #[cold]
    fn find_plain(self: &Rc<Class>, epoch: u64) -> bool {
        let plain = self.mro().iter().all(|c| {
            let d = c.dict.borrow();
            !d.contains_key("__setattr__")
                && !d.contains_key("__getattr__")
                && !d.values().any(|v| {
                    v.downcast::<crate::builtins::descriptors::Property>()
                        .is_some()
                        || UserDescriptor::of(v).is_some()
                })
        });
        self.plain.set((epoch, plain));
        plain
    }

    /// The attribute names its instances may have, when every class of the chain declares
    /// `__slots__` (without `"__dict__"`): such instances have no `__dict__`. `None` for
    /// the others (a class without `__slots__` anywhere on the chain gives its instances a
    /// `__dict__`, as does a built-in base such as `Exception`).
    pub fn slot_names(self: &Rc<Class>) -> Option<Rc<[String]>> {
        self.slots_ref().clone()
    }

    /// [`Class::slot_names`], borrowed.
    #[inline]
    pub fn slots_ref(self: &Rc<Class>) -> &Option<Rc<[String]>> {
        self.slots.get_or_init(|| self.find_slot_names())
    }

    #[cold]
    fn find_slot_names(self: &Rc<Class>) -> Option<Rc<[String]>> {
        if self.builtin != BuiltinType::Object {
            return None;
        }
        let mut names = Vec::new();
        // `object` itself (the root, without a base) has no `__dict__` slot to give.
        for c in self.mro().into_iter().filter(|c| c.base.is_some()) {
            let slots = c.dict.borrow().get("__slots__").cloned()?;
            let declared: Vec<String> = match &slots {
                Value::Str(s) => vec![s.as_str().to_string()],
                Value::Tuple(items) => items.iter().filter_map(slot_name).collect(),
                Value::List(items) => items.borrow().iter().filter_map(slot_name).collect(),
                _ => return None,
            };
            if declared.iter().any(|n| n == "__dict__") {
                return None;
            }
            names.extend(declared);
        }
        Some(names.into())
    }

    /// Looks an attribute up along the inheritance chain.
    pub fn lookup(&self, name: &str) -> Option<Value> {
        if let Some(v) = self.dict.borrow().get(name) {
            return Some(v.clone());
        }
        let mut base = self.base.clone();
        while let Some(c) = base {
            if let Some(v) = c.dict.borrow().get(name) {
                return Some(v.clone());
            }
            base = c.base.clone();
        }
        None
    }

    pub fn is_subclass_of(self: &Rc<Class>, other: &Rc<Class>) -> bool {
        let mut c = Some(self.clone());
        while let Some(k) = c {
            if Rc::ptr_eq(&k, other) {
                return true;
            }
            c = k.base.clone();
        }
        false
    }

    pub fn mro(self: &Rc<Class>) -> Vec<Rc<Class>> {
        let mut out = Vec::new();
        let mut c = Some(self.clone());
        while let Some(k) = c {
            c = k.base.clone();
            out.push(k);
        }
        out
    }

    pub fn is_exception(&self) -> bool {
        self.builtin == BuiltinType::BaseException
    }
}

pub struct Instance {
    pub class: Rc<Class>,
    pub dict: RefCell<InstanceDict>,
    /// Present on exception instances (boxed: it is ten times the size of the rest, and a
    /// program may hold objects by the hundred thousand).
    pub exc: Option<Box<RefCell<ExcData>>>,
    /// The value of a user subclass of a built-in type (e.g. `class MyList(list)`).
    pub base_value: Option<Value>,
}

// With its reference count, in the allocator's 112-byte class (it was in the 320 one).
const _: () = assert!(std::mem::size_of::<Instance>() <= 96);

impl Instance {
    /// Sets the attribute `name` (not there yet) to `value` in the instance's dict: its
    /// index there.
    pub fn add_attr(&self, name: Name, value: Value) -> usize {
        let mut d = self.dict.borrow_mut();
        let usual = &self.class.instance_attrs;
        d.reserve_for(usual.get() as usize);
        let (at, _) = d.insert_full(name, value);
        usual.set(usual.get().max(d.len() as u32));
        at
    }

    pub fn new(class: Rc<Class>) -> Instance {
        let exc = class
            .is_exception()
            .then(|| Box::new(RefCell::new(ExcData::default())));
        Instance {
            class,
            dict: RefCell::new(InstanceDict::default()),
            exc,
            base_value: None,
        }
    }

    /// An instance of a user subclass of a built-in type, with the built-in value.
    pub fn with_base(class: Rc<Class>, base: Value) -> Instance {
        Instance {
            base_value: Some(base),
            ..Instance::new(class)
        }
    }

    pub fn exc_data(&self) -> std::cell::Ref<'_, ExcData> {
        self.exc.as_ref().expect("an exception instance").borrow()
    }

    pub fn exc_data_mut(&self) -> std::cell::RefMut<'_, ExcData> {
        self.exc
            .as_ref()
            .expect("an exception instance")
            .borrow_mut()
    }
}

/// The Python-visible state of an exception.
#[derive(Default)]
pub struct ExcData {
    pub args: Vec<Value>,
    /// Innermost entry first; printed outermost first.
    pub traceback: Vec<TbEntry>,
    pub cause: Option<Value>,
    pub context: Option<Value>,
    pub suppress_context: bool,
    pub notes: Vec<Value>,
    /// Values the exception keeps alive, as CPython's traceback keeps its frames' locals.
    pub keep_alive: Vec<Value>,
    /// While the exception propagates: where in the current frame it happened.
    pub pending_at: Option<Span>,
    /// A bare `raise` (or an exception raised on after being caught): the current frame is
    /// already in the traceback.
    pub reraised: bool,
    /// What an uncaught `NameError`/`AttributeError` report needs for its
    /// `Did you mean: ...?` (CPython's `name`, `obj` and the raising frame's locals).
    pub suggest: Option<Suggest>,
}

/// The material for CPython's suggestion of a similar name.
pub enum Suggest {
    Name { name: Name, locals: Vec<Name> },
    Attr { name: Name, obj: Value },
}

#[derive(Clone)]
pub struct TbEntry {
    pub source: Rc<Source>,
    pub span: Span,
    pub name: Name,
}

/// A Python exception travelling up the Rust stack as `Err`: one pointer, so that
/// `PyResult<Value>` stays as small as a `Value`.
///
/// Where the exception happened in the current frame (`ExcData::pending_at`) is recorded as a
/// traceback entry when it leaves the frame or is caught in it.
pub struct Exc {
    pub value: Rc<Instance>,
}

impl Exc {
    pub fn new(value: Rc<Instance>) -> Exc {
        Exc { value }
    }

    /// Records where in the current frame the exception happened, unless already known.
    pub fn at(self, span: Span) -> Exc {
        {
            let mut d = self.value.exc_data_mut();
            if d.pending_at.is_none() && !d.reraised {
                d.pending_at = Some(span);
            }
        }
        self
    }

    pub fn take_at(&self) -> Option<Span> {
        self.value.exc_data_mut().pending_at.take()
    }

    pub fn set_reraised(&self, reraised: bool) {
        self.value.exc_data_mut().reraised = reraised;
    }

    pub fn keep_alive(self, v: Value) -> Exc {
        self.value.exc_data_mut().keep_alive.push(v);
        self
    }

    pub fn class(&self) -> &Rc<Class> {
        &self.value.class
    }

    pub fn is(&self, class: &Rc<Class>) -> bool {
        self.value.class.is_subclass_of(class)
    }
}

impl std::fmt::Debug for Exc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<{} exception>", self.value.class.name)
    }
}

pub type CellRef = Rc<RefCell<Option<Value>>>;

/// A function made by `def`, `lambda` or a generator expression.
pub struct Function {
    pub def: Rc<FunctionDef>,
    pub scope: Rc<ScopeInfo>,
    pub name: RefCell<Name>,
    pub qualname: RefCell<Name>,
    /// Defaults of the last positional parameters.
    pub defaults: Vec<Value>,
    /// Defaults of the keyword-only parameters, by position.
    pub kwdefaults: Vec<Option<Value>>,
    pub closure: Option<Rc<[CellRef]>>,
    pub source: Rc<Source>,
    /// The class whose body defined this function, for zero-argument `super()`.
    pub owner: RefCell<Weak<Class>>,
    pub attrs: RefCell<AttrMap>,
    /// Fast path: positional-only call shape with no defaults, `*args` or `**kwargs`.
    pub simple: bool,
    /// For a `simple` plain function (not async, not a generator) whose parameters are
    /// the first locals: how many it takes. A call of it with that many positional
    /// arguments fills its frame directly; one field to test, where the five conditions
    /// it stands for were five dependent loads on every call.
    pub direct_arity: Option<u32>,
}

/// Arguments of a call, as evaluated.
#[derive(Default)]
pub struct CallArgs {
    pub args: Vec<Value>,
    pub kwargs: Vec<(Name, Value)>,
}

impl CallArgs {
    pub fn positional(args: Vec<Value>) -> CallArgs {
        CallArgs {
            args,
            kwargs: Vec::new(),
        }
    }
}

pub type BuiltinFn = fn(&Interp, CallArgs) -> PyResult<Value>;

/// A function implemented in Rust; `bound` is the receiver of a method, passed first.
pub struct Builtin {
    pub name: Name,
    pub func: BuiltinFn,
    pub bound: Option<Value>,
    /// For a built-in coroutine function (`asyncio.sleep`): its body, which `await f(...)`
    /// runs directly instead of making a coroutine object and awaiting that.
    pub awaitable: Option<AsyncFn>,
    /// For a built-in function of exactly one positional argument (`len`, `abs`): its
    /// body, which a call `f(x)` runs with `x` directly, without an argument list.
    pub unary: Option<UnaryFn>,
    /// For a method looked up on a built-in type (`str.upper`): the type, which the
    /// receiver given as first argument must be an instance of.
    pub owner: Option<Rc<Class>>,
}

/// What `f(x)` of a built-in function of one argument runs.
pub type UnaryFn = fn(&Interp, &Value) -> PyResult<Value>;

/// What `await f(...)` of a built-in coroutine function runs, from the arguments.
pub type AsyncFn = fn(&Interp, CallArgs) -> PyResult<Awaited>;

/// What `await obj.name(...)` of a built-in coroutine method (`Queue.get`) runs: from
/// the receiver and the positional arguments as evaluated, without an argument list.
pub type AwaitableMethod = fn(&Interp, &Value, &[Value]) -> PyResult<Awaited>;

/// What a built-in coroutine function gives the `await` that called it.
pub enum Awaited {
    /// The body to run.
    Body(crate::interp::suspend::BodyFuture),
    /// `asyncio.sleep(delay)`'s body, not boxed: a task pending on a sleep holds it.
    Sleep(crate::runtime::Sleep),
    /// The result already: the call ran the body, which cannot suspend this time (a
    /// `Queue.get` with an item waiting). Only an `await` of the call itself may take
    /// this: a coroutine object runs nothing until it is awaited.
    Done(Value),
}

pub struct BoundMethod {
    pub receiver: Value,
    pub func: Value,
}
