//! The tree-walking evaluator: the last stage of the pipeline.
//!
//! Code that cannot suspend (the resolver marks which) runs in plain recursive Rust:
//! `eval.rs` for expressions, `exec.rs` for statements, `call.rs` for calls. Code that can
//! suspend, bodies of `async def` and generators, runs in `suspend.rs` as Rust futures,
//! handing every non-suspending piece back to the plain evaluator. `ops.rs` holds Python's
//! operators, `attr.rs` attribute access, `protocols.rs` repr/str/hash/iteration.

mod attr;
mod call;
pub mod compile;
mod eval;
mod exec;
mod genexp;
mod interactive;
pub mod limits;
mod locals;
mod ops;
pub mod protocols;
mod subscript;
pub use subscript::index_in;
pub mod suspend;
mod suspend_targets;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::io::Write;
use std::rc::Rc;

pub use call::bind_method;
pub use eval::CompKind;
pub use interactive::Input;
pub use ops::{float_divmod, int_to_f64};
pub use protocols::{is_printable, str_repr, IterState};
pub use subscript::{slice_indices, slice_positions};

use crate::ast::{Module, Name, Slot, Span};
use crate::exceptions::{self, ExceptionTypes};
use crate::object::{AttrMap, CellRef, Class, Exc, Function, Instance, PyResult};
use crate::resolve::GlobalNames;
use crate::source::Source;
use crate::types::Types;
use crate::value::Value;

/// How a statement finished, when it did not raise.
pub enum Flow {
    Normal,
    Return(Value),
    Break,
    Continue,
}

/// Work a drop leaves for [`Interp::run_deferred`].
pub type Deferred = Box<dyn FnOnce(&Interp)>;

pub use locals::{Locals, Slots};

/// The variables of one running piece of code (function, module, class body, comprehension).
/// Its locals are in a buffer lent for `'s` (see [`Locals`]).
pub struct Frame<'s> {
    pub locals: Locals<'s>,
    /// The frame's own cells: its variables that inner functions capture.
    pub cells: Cells,
    /// The function running in the frame; its source and closure are the frame's.
    pub func: Option<Rc<Function>>,
    /// `source().library`, kept here because every statement asks.
    pub library: bool,
    /// Where a suspended body is, as CPython's frame keeps its last instruction: the index
    /// of the statement of its function's body it runs (see `suspend::FramedBody`).
    pub at: u32,
    /// What only some frames have, apart: every call makes a frame and every suspended
    /// coroutine keeps one, so a frame is kept small.
    rare: Option<Box<FrameRare>>,
}

/// Fills the locals of a new frame, which has none yet: `receiver`, then `args` as `eval`
/// evaluates them, in order, then the frame's other locals (up to `n_locals`), unbound.
/// The values are written straight into the buffer (pushing them one by one cost twice as
/// much), the length raised after each, so that an argument that raises
/// drops only what was written.
#[inline(always)]
pub fn fill_locals<'a, A: 'a>(
    locals: &mut Locals<'_>,
    receiver: Option<Value>,
    args: &'a [A],
    n_locals: usize,
    mut eval: impl FnMut(&'a A) -> PyResult<Value>,
) -> PyResult<()> {
    debug_assert!(locals.is_empty());
    let n_locals = n_locals.max(args.len() + usize::from(receiver.is_some()));
    locals.reserve_exact(n_locals);
    let base = locals.as_mut_ptr();
    let mut n = 0;
    // SAFETY: there is room for `n_locals` values, at least as many as the receiver and
    // the arguments; slot `n` is written before the length covers it.
    unsafe {
        if let Some(recv) = receiver {
            base.write(Some(recv));
            n = 1;
            locals.set_len(n);
        }
        for a in args {
            let v = eval(a)?;
            base.add(n).write(Some(v));
            n += 1;
            locals.set_len(n);
        }
        while n < n_locals {
            base.add(n).write(None);
            n += 1;
        }
        locals.set_len(n);
    }
    Ok(())
}

/// A frame's cells; most frames have none, and then nothing to free. A word (a box of the
/// slice's own box): every suspended coroutine keeps a frame.
#[derive(Default)]
pub struct Cells(Option<Box<Box<[CellRef]>>>);

impl std::ops::Deref for Cells {
    type Target = [CellRef];

    fn deref(&self) -> &[CellRef] {
        self.0.as_deref().map_or(&[], |cells| cells)
    }
}

impl FromIterator<CellRef> for Cells {
    fn from_iter<I: IntoIterator<Item = CellRef>>(iter: I) -> Cells {
        let cells: Box<[CellRef]> = iter.into_iter().collect();
        Cells((!cells.is_empty()).then(|| Box::new(cells)))
    }
}

#[derive(Default)]
struct FrameRare {
    /// The name tracebacks show; `None` in a function's frame, which shows the function's.
    name: Option<Name>,
    /// The namespace a class body fills.
    class_ns: Option<Rc<RefCell<AttrMap>>>,
    /// Where a generator body's `yield` parks its values.
    gen: Option<Rc<suspend::Channel>>,
    /// The top level of a REPL input: expression statements print their value.
    echo: bool,
    /// The source of a frame without a function (a module, a class body, a
    /// comprehension); a function's frame has its function's.
    source: Option<Rc<Source>>,
    /// The cells of enclosing functions a class body or a comprehension uses; a
    /// function's frame has its function's closure.
    free: Option<Rc<[CellRef]>>,
}

impl<'s> Frame<'s> {
    /// The frame of a module, a class body or a comprehension, with its locals (unbound).
    pub fn new(source: Rc<Source>, name: Name, locals: Locals<'s>, n_locals: usize) -> Frame<'s> {
        let mut frame = Frame {
            locals,
            cells: Cells::default(),
            func: None,
            library: source.library,
            at: 0,
            rare: Some(Box::new(FrameRare {
                name: Some(name),
                source: Some(source),
                ..FrameRare::default()
            })),
        };
        frame.unbind_locals(n_locals);
        frame
    }

    /// A function's frame: its locals, in `locals` (empty), are added by the caller.
    pub fn for_function(func: &Rc<Function>, cells: Cells, locals: Locals<'s>) -> Frame<'s> {
        Frame {
            locals,
            cells,
            library: func.source.library,
            at: 0,
            func: Some(func.clone()),
            rare: None,
        }
    }

    /// The source of the code running in this frame.
    pub fn source(&self) -> &Rc<Source> {
        match (&self.func, self.rare.as_deref()) {
            (Some(func), _) => &func.source,
            (
                None,
                Some(FrameRare {
                    source: Some(source),
                    ..
                }),
            ) => source,
            (None, _) => unreachable!("a frame without a function is made with its source"),
        }
    }

    /// Gives a class body's or a comprehension's frame the cells it uses of enclosing
    /// functions.
    pub fn set_free(&mut self, free: Rc<[CellRef]>) {
        self.rare_mut().free = Some(free);
    }

    fn rare_mut(&mut self) -> &mut FrameRare {
        self.rare.get_or_insert_with(Box::default)
    }

    /// The cell of enclosing function's variable `i` of this frame's free variables.
    #[inline]
    pub fn free_cell(&self, i: u32) -> &CellRef {
        let free = match &self.func {
            Some(func) => func.closure.as_deref(),
            None => self.rare.as_ref().and_then(|r| r.free.as_deref()),
        };
        &free.unwrap_or_default()[i as usize]
    }

    /// The namespace a class body fills, in a class body's frame.
    pub fn class_ns(&self) -> Option<&Rc<RefCell<AttrMap>>> {
        self.rare.as_ref()?.class_ns.as_ref()
    }

    pub fn set_class_ns(&mut self, ns: Rc<RefCell<AttrMap>>) {
        self.rare_mut().class_ns = Some(ns);
    }

    /// Where `yield` parks its values, in a generator body's frame.
    pub fn gen(&self) -> Option<&Rc<suspend::Channel>> {
        self.rare.as_ref()?.gen.as_ref()
    }

    pub fn set_gen(&mut self, gen: Option<Rc<suspend::Channel>>) {
        if gen.is_some() || self.rare.is_some() {
            self.rare_mut().gen = gen;
        }
    }

    /// Whether expression statements print their value (the top level of a REPL input).
    #[inline]
    pub fn echo(&self) -> bool {
        self.rare.as_ref().is_some_and(|r| r.echo)
    }

    pub fn set_echo(&mut self) {
        self.rare_mut().echo = true;
    }

    /// The name of the code running in this frame, as tracebacks show it.
    pub fn code_name(&self) -> Name {
        match (self.rare.as_ref().and_then(|r| r.name.as_ref()), &self.func) {
            (Some(name), _) => name.clone(),
            (None, Some(func)) => func.def.name.clone(),
            (None, None) => Name::from("<module>"),
        }
    }

    /// Adds `n` unbound local slots (to a frame that has none yet).
    #[inline(always)]
    pub fn unbind_locals(&mut self, n: usize) {
        self.locals.reserve_exact(n);
        for _ in 0..n {
            self.locals.push(None);
        }
    }

    /// The value of a body that ran in this frame: what it returned (None if it ended
    /// without `return`), or its exception with this frame's traceback entry.
    pub fn finish(&self, r: PyResult<Flow>) -> PyResult<Value> {
        match r {
            Ok(Flow::Return(v)) => Ok(v),
            Ok(_) => Ok(Value::None),
            Err(mut e) => {
                self.record(&mut e);
                Err(e)
            }
        }
    }

    /// Records the traceback entry of an exception caught here (by `try` or `with`); if it
    /// is raised on, it is already placed in this frame.
    pub fn record_here(&self, exc: &mut Exc) {
        self.record(exc);
        exc.set_reraised(true);
    }

    /// Called when an exception leaves this frame or is caught in it: records the
    /// traceback entry for this frame at the place the exception happened.
    pub fn record(&self, exc: &mut Exc) {
        if let Some(span) = exc.take_at() {
            let mut data = exc.value.exc_data_mut();
            // CPython's traceback keeps the frame, and so its variables, alive.
            data.keep_alive
                .extend(self.locals.iter().flatten().cloned());
            data.traceback.push(crate::object::TbEntry {
                source: self.source().clone(),
                span,
                name: self.code_name(),
            });
        }
        exc.set_reraised(false);
    }
}

pub struct Interp {
    pub globals: RefCell<Vec<Option<Value>>>,
    /// For each global slot, the builtin of the same name, if any.
    builtin_fallback: RefCell<Vec<Option<Value>>>,
    pub global_names: RefCell<GlobalNames>,
    pub builtins: HashMap<&'static str, Value>,
    pub types: Types,
    pub exc: ExceptionTypes,
    pub modules: RefCell<HashMap<String, Value>>,
    pub depth: Cell<usize>,
    pub recursion_limit: Cell<usize>,
    /// The limit `sys.setrecursionlimit` was given, which `sys.getrecursionlimit` returns:
    /// `recursion_limit` is that, capped to what the native stack holds.
    pub recursion_limit_asked: Cell<usize>,
    pub out: RefCell<Output>,
    /// Exceptions being handled (innermost last), for `__context__` and bare `raise`.
    pub handling: RefCell<Vec<Rc<Instance>>>,
    pub main_source: RefCell<Option<Rc<Source>>>,
    pub argv: RefCell<Vec<String>>,
    pub random: RefCell<crate::modules::mt::Mt>,
    pub clock: crate::runtime::clock::Clock,
    pub singletons: Singletons,
    /// Containers being printed, to print a cycle as `[...]`.
    pub repr_stack: RefCell<Vec<usize>>,
    next_id: Cell<u64>,
    ids: RefCell<HashMap<usize, u64>>,
    /// What drops could not do where they happened, because it runs user code (a suspended
    /// generator's `finally`, an exception's `__str__` in a "never retrieved" report) and
    /// the drop may come while a container that held the value is borrowed. It runs before
    /// the next statement, or when the event loop's current callback ends.
    deferred: RefCell<Vec<Deferred>>,
    deferred_pending: Cell<bool>,
    /// The start of the statement running now, for warnings.
    current_span: Cell<Span>,
    warned: RefCell<std::collections::HashSet<String>>,
    /// How deep `hash` is inside nested tuples.
    pub hash_depth: Cell<usize>,
    /// The step and time budgets of the run, and Ctrl-C.
    pub limits: limits::Limits,
}

/// Buffered standard output; flushed at line ends when it is a terminal, before anything is
/// written to stderr, and at exit.
pub struct Output {
    out: std::io::BufWriter<std::io::Stdout>,
    line_buffered: bool,
    pub broken: bool,
    /// While the REPL's prompt is up, standard output and error go here instead (through
    /// rustyline's external printer, above the line being edited).
    pub divert: Option<Divert>,
    /// Stdout and stderr merged into a string instead (for tests and fuzzing), at most
    /// [`CAPTURE_MAX`] bytes of it.
    captured: Option<String>,
    /// How many bytes did not fit in `captured`.
    captured_dropped: usize,
}

/// The most output a captured run keeps, so that a program printing without end within
/// its step budget cannot take all the memory.
pub const CAPTURE_MAX: usize = 16 << 20;

/// Where the REPL sends output while its prompt is up.
pub type Divert = Box<dyn FnMut(&str)>;

impl Output {
    fn new() -> Output {
        use std::io::IsTerminal;
        Output {
            out: std::io::BufWriter::with_capacity(1 << 16, std::io::stdout()),
            line_buffered: std::io::stdout().is_terminal(),
            broken: false,
            divert: None,
            captured: None,
            captured_dropped: 0,
        }
    }

    /// From now on, keeps what the program prints (stdout and stderr) in a string.
    pub fn capture(&mut self) {
        self.captured.get_or_insert_with(String::new);
    }

    /// What was printed since [`Output::capture`] (past [`CAPTURE_MAX`] bytes, a last
    /// line tells how much more there was).
    pub fn take_captured(&mut self) -> String {
        let mut text = self.captured.take().unwrap_or_default();
        let dropped = std::mem::take(&mut self.captured_dropped);
        if dropped > 0 {
            text.push_str(&format!(
                "\n[aio: {dropped} more bytes of output were not kept]\n"
            ));
        }
        text
    }

    /// Keeps `s` in the capture; `false` when nothing is being captured.
    fn keep(&mut self, s: &str) -> bool {
        let Some(c) = &mut self.captured else {
            return false;
        };
        let room = CAPTURE_MAX.saturating_sub(c.len());
        if s.len() <= room {
            c.push_str(s);
        } else {
            let mut end = room;
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            c.push_str(&s[..end]);
            self.captured_dropped += s.len() - end;
        }
        true
    }

    /// Writes (or buffers) `s`; fails from the first failed write on (e.g. the reader of a
    /// pipe has gone), and the program sees `BrokenPipeError`, as in CPython. At the REPL's
    /// prompt, output is diverted above the line being edited.
    pub fn write(&mut self, s: &str) -> std::io::Result<()> {
        if let Some(divert) = &mut self.divert {
            divert(s);
            return Ok(());
        }
        if self.keep(s) {
            return Ok(());
        }
        if self.broken {
            return Err(std::io::Error::from_raw_os_error(libc::EPIPE));
        }
        if let Err(e) = self.out.write_all(s.as_bytes()) {
            self.broken = true;
            return Err(e);
        }
        if self.line_buffered && s.contains('\n') {
            self.flush();
        }
        if self.broken {
            return Err(std::io::Error::from_raw_os_error(libc::EPIPE));
        }
        Ok(())
    }

    pub fn flush(&mut self) {
        if self.out.flush().is_err() {
            self.broken = true;
        }
    }
}

/// Values of which there is exactly one.
pub struct Singletons {
    pub not_implemented: Value,
    pub ellipsis: Value,
}

impl Singletons {
    fn new() -> Singletons {
        Singletons {
            not_implemented: Value::native(crate::builtins::Singleton("NotImplemented")),
            ellipsis: Value::native(crate::builtins::Singleton("Ellipsis")),
        }
    }
}

thread_local! {
    static CURRENT: RefCell<Option<Rc<Interp>>> = const { RefCell::new(None) };
    /// The same interpreter, found without a borrow or a reference count (see [`running`]).
    static CURRENT_PTR: Cell<*const Interp> = const { Cell::new(std::ptr::null()) };
}

/// The interpreter of this thread, for a suspended body being polled: a task pending by
/// the hundred thousand keeps no reference to it of its own.
///
/// # Safety
/// An interpreter must be running on this thread, and the reference must not be used past
/// the making of another one on it, which replaces (and may drop) this one.
pub unsafe fn running<'a>() -> &'a Interp {
    let p = CURRENT_PTR.with(Cell::get);
    debug_assert!(!p.is_null(), "an interpreter is running on this thread");
    // SAFETY: set with the `Rc` in `CURRENT`, which keeps it alive until replaced.
    unsafe { &*p }
}

/// The interpreter of this thread (there is one while a program runs).
pub fn current_rc() -> Rc<Interp> {
    try_current_rc().expect("an interpreter is running on this thread")
}

pub fn try_current_rc() -> Option<Rc<Interp>> {
    // None also while the thread's locals are being destroyed (a future dropped then).
    CURRENT.try_with(|c| c.borrow().clone()).ok().flatten()
}

/// Runs `f` with the interpreter of this thread, if one is running.
pub fn with_current<R>(f: impl FnOnce(&Interp) -> R) -> Option<R> {
    let interp = try_current_rc()?;
    Some(f(&interp))
}

impl Interp {
    pub fn new(argv: Vec<String>, clock: crate::runtime::clock::Clock) -> Rc<Interp> {
        let types = Types::new();
        let exc = ExceptionTypes::new(&types);
        let mut builtins = crate::builtins::table(&types, &exc);
        let singletons = Singletons::new();
        builtins.insert("NotImplemented", singletons.not_implemented.clone());
        builtins.insert("Ellipsis", singletons.ellipsis.clone());
        let interp = Rc::new(Interp {
            globals: RefCell::new(Vec::new()),
            builtin_fallback: RefCell::new(Vec::new()),
            global_names: RefCell::new(GlobalNames::default()),
            builtins,
            types,
            exc,
            modules: RefCell::new(HashMap::new()),
            // The module's own frame counts, as in CPython.
            depth: Cell::new(1),
            recursion_limit: Cell::new(1000),
            recursion_limit_asked: Cell::new(1000),
            out: RefCell::new(Output::new()),
            handling: RefCell::new(Vec::new()),
            main_source: RefCell::new(None),
            argv: RefCell::new(argv),
            random: RefCell::new(crate::modules::mt::Mt::new_from_os()),
            clock,
            singletons,
            repr_stack: RefCell::new(Vec::new()),
            next_id: Cell::new(0x7f00_0000_1000),
            deferred: RefCell::new(Vec::new()),
            deferred_pending: Cell::new(false),
            ids: RefCell::new(HashMap::new()),
            current_span: Cell::new(Span::default()),
            warned: RefCell::new(std::collections::HashSet::new()),
            hash_depth: Cell::new(0),
            limits: limits::Limits::new(),
        });
        CURRENT.with(|c| *c.borrow_mut() = Some(interp.clone()));
        CURRENT_PTR.with(|c| c.set(Rc::as_ptr(&interp)));
        interp
    }

    /// Grows the global tables to match the names the resolver has handed out.
    pub fn sync_globals(&self) {
        let names = self.global_names.borrow();
        let mut globals = self.globals.borrow_mut();
        let mut fallback = self.builtin_fallback.borrow_mut();
        while globals.len() < names.len() {
            let name = names.name(globals.len() as u32);
            fallback.push(self.builtins.get(&**name).cloned());
            globals.push(None);
        }
    }

    pub fn load_global(&self, slot: u32) -> PyResult<Value> {
        if let Some(Some(v)) = self.globals.borrow().get(slot as usize) {
            return Ok(v.clone());
        }
        if let Some(Some(v)) = self.builtin_fallback.borrow().get(slot as usize) {
            return Ok(v.clone());
        }
        let name = self.global_names.borrow().name(slot).clone();
        Err(self.name_error(&name))
    }

    /// The body of the one-argument builtin a global slot falls back to (`len`), when the
    /// module has no global of that name.
    pub fn unary_builtin_at(&self, slot: u32) -> Option<crate::object::UnaryFn> {
        match self.builtin_fallback.borrow().get(slot as usize) {
            Some(Some(Value::Builtin(b))) => b.unary,
            _ => None,
        }
    }

    pub fn store_global(&self, slot: u32, v: Value) {
        // The old value is dropped once the table is released: dropping it can run code
        // (a suspended generator's `finally`) that reads globals.
        let old = self
            .globals
            .borrow_mut()
            .get_mut(slot as usize)
            .map(|s| s.replace(v));
        drop(old);
    }

    pub fn global_by_name(&self, name: &str) -> Option<Value> {
        let slot = self.global_names.borrow().lookup(name)?;
        self.load_global(slot).ok()
    }

    pub fn set_global_by_name(&self, name: &str, v: Value) {
        let slot = self.global_names.borrow_mut().slot(&Name::from(name));
        self.sync_globals();
        self.store_global(slot, v);
    }

    /// A stable `id()` for an object: its address, mapped to a made-up but CPython-like number.
    pub fn id_of(&self, addr: usize) -> u64 {
        *self.ids.borrow_mut().entry(addr).or_insert_with(|| {
            let n = self.next_id.get();
            self.next_id.set(n + 0x30);
            n
        })
    }

    /// Clears the module's variables at the end of the run, as CPython's finalization does:
    /// in the order they were made, a list's items last to first (`list_dealloc`), so
    /// that what their destruction reports (a task's exception never retrieved) is printed
    /// while the interpreter still runs, in CPython's order.
    pub fn clear_globals(&self) {
        let n = self.globals.borrow().len();
        for slot in 0..n {
            let value = self
                .globals
                .borrow_mut()
                .get_mut(slot)
                .and_then(Option::take);
            drop(value);
        }
    }

    /// Runs `work` (which runs user code, for a value being dropped) before the next
    /// statement.
    pub fn defer(&self, work: Deferred) {
        self.deferred.borrow_mut().push(work);
        self.deferred_pending.set(true);
    }

    /// Whether work waits for [`Interp::run_deferred`]: checked before every statement.
    #[inline(always)]
    pub fn deferred_pending(&self) -> bool {
        self.deferred_pending.get()
    }

    /// Does what drops deferred, in the order they happened (and whatever that work defers
    /// in turn). Errors are the work's to report or ignore, as CPython ignores those of a
    /// `finally` run when a generator is freed.
    #[cold]
    pub fn run_deferred(&self) {
        self.deferred_pending.set(false);
        loop {
            let batch = std::mem::take(&mut *self.deferred.borrow_mut());
            if batch.is_empty() {
                return;
            }
            for work in batch {
                work(self);
            }
        }
    }

    /// Flushes output at the end of the program.
    pub fn finish(&self) {
        self.out.borrow_mut().flush();
    }

    pub fn set_line(&self, span: Span) {
        self.current_span.set(span);
    }

    /// The start of the statement running now (a span of whichever source it is in).
    pub fn current_span(&self) -> Span {
        self.current_span.get()
    }

    /// The line of the main script running now.
    pub fn current_line(&self) -> usize {
        match &*self.main_source.borrow() {
            Some(src) => src.line(self.current_span.get()),
            None => 0,
        }
    }

    /// Prints a warning to stderr once per distinct text, as Python's default filter does.
    pub fn warn_once(&self, text: &str) {
        if self.warned.borrow_mut().insert(text.to_string()) {
            self.write_err(text);
        }
    }

    pub fn write_out(&self, s: &str) -> PyResult<()> {
        let r = self.out.borrow_mut().write(s);
        r.map_err(|e| crate::modules::io::os_error(self, &e, None))
    }

    pub fn write_err(&self, s: &str) {
        let mut out = self.out.borrow_mut();
        if let Some(divert) = &mut out.divert {
            divert(s);
            return;
        }
        if out.keep(s) {
            return;
        }
        out.flush();
        drop(out);
        let _ = std::io::stderr().write_all(s.as_bytes());
    }

    // ------------------------------------------------------------ errors

    pub fn new_exception(&self, class: &Rc<Class>, args: Vec<Value>) -> Exc {
        let inst = Instance::new(class.clone());
        inst.exc_data_mut().args = args;
        Exc::new(Rc::new(inst))
    }

    pub fn error(&self, class: &Rc<Class>, msg: impl Into<String>) -> Exc {
        self.new_exception(class, vec![Value::string(msg.into())])
    }

    pub fn type_error(&self, msg: impl Into<String>) -> Exc {
        self.error(&self.exc.type_error, msg)
    }

    pub fn value_error(&self, msg: impl Into<String>) -> Exc {
        self.error(&self.exc.value_error, msg)
    }

    pub fn index_error(&self, msg: impl Into<String>) -> Exc {
        self.error(&self.exc.index_error, msg)
    }

    pub fn key_error(&self, key: Value) -> Exc {
        self.new_exception(&self.exc.key_error, vec![key])
    }

    pub fn attribute_error(&self, msg: impl Into<String>) -> Exc {
        self.error(&self.exc.attribute_error, msg)
    }

    pub fn runtime_error(&self, msg: impl Into<String>) -> Exc {
        self.error(&self.exc.runtime_error, msg)
    }

    pub fn zero_division(&self, msg: &str) -> Exc {
        self.error(&self.exc.zero_division_error, msg)
    }

    pub fn overflow_error(&self, msg: &str) -> Exc {
        self.error(&self.exc.overflow_error, msg)
    }

    pub fn name_error(&self, name: &str) -> Exc {
        self.error(
            &self.exc.name_error,
            format!("name '{name}' is not defined"),
        )
    }

    pub fn stop_iteration(&self, value: Value) -> Exc {
        let args = if value.is_none() { vec![] } else { vec![value] };
        self.new_exception(&self.exc.stop_iteration, args)
    }

    pub fn exception_from_syntax(
        &self,
        err: &crate::parser::SyntaxError,
        source: &Rc<Source>,
    ) -> Exc {
        exceptions::syntax_error_value(self, err, source)
    }

    // ------------------------------------------------------------ running

    /// Prints the `SyntaxWarning`s noted since the last time, as CPython's compiler does:
    /// `FILE:LINE: SyntaxWarning: MESSAGE` and the line.
    fn show_syntax_warnings(&self, source: &Source) {
        for (offset, msg) in crate::parser::take_warnings() {
            let line = crate::lexer::line_of(&source.text, offset);
            // The line is shown where CPython can read it back (not for `-c` or stdin).
            let shown = source
                .shown_line(line)
                .map(|text| format!("  {}\n", text.trim()))
                .unwrap_or_default();
            self.write_err(&format!(
                "{}:{line}: SyntaxWarning: {msg}\n{shown}",
                source.name
            ));
        }
    }

    /// Parses, resolves and runs a module; returns the uncaught exception, if any.
    pub fn run_module(&self, source: Rc<Source>) -> Result<(), Exc> {
        let parsed = crate::parser::parse_module(&source.text);
        self.show_syntax_warnings(&source);
        let body = match parsed {
            Ok(body) => body,
            Err(e) => return Err(self.exception_from_syntax(&e, &source)),
        };
        let module = Module {
            body,
            scope: Default::default(),
        };
        let resolved = {
            let mut names = self.global_names.borrow_mut();
            crate::resolve::resolve_module(&module, &mut names)
        };
        if let Err(e) = resolved {
            // CPython compiles nothing (so warns of nothing more) after a symbol-table error.
            crate::parser::take_warnings();
            return Err(self.exception_from_syntax(&e, &source));
        }
        self.show_syntax_warnings(&source);
        self.sync_globals();
        let scope = module.scope.borrow().clone();
        let mut frame = Frame::new(
            source.clone(),
            Name::from("<module>"),
            Locals::new(),
            scope.n_locals as usize,
        );
        frame.cells = (0..scope.n_cells)
            .map(|_| Rc::new(RefCell::new(None)))
            .collect();
        let suspends = module.body.iter().any(|s| s.suspends.get());
        if suspends {
            crate::runtime::run_main_module(self, frame, Rc::new(module))
        } else {
            let r = self.exec_block(&mut frame, &module.body);
            r.map(|_| ()).map_err(|mut e| {
                frame.record(&mut e);
                e
            })
        }
    }

    /// Runs library code (an Aio source shipped with the interpreter) in the main namespace.
    pub fn run_library(&self, source: Rc<Source>) -> Result<(), Exc> {
        let body = crate::parser::parse_module(&source.text)
            .map_err(|e| self.exception_from_syntax(&e, &source))?;
        let module = Module {
            body,
            scope: Default::default(),
        };
        {
            let mut names = self.global_names.borrow_mut();
            crate::resolve::resolve_module(&module, &mut names)
                .map_err(|e| self.exception_from_syntax(&e, &source))?;
        }
        self.sync_globals();
        let scope = module.scope.borrow().clone();
        let mut slots = Slots::new();
        let mut frame = Frame::new(
            source,
            Name::from("<module>"),
            slots.locals(),
            scope.n_locals as usize,
        );
        self.exec_block(&mut frame, &module.body).map(|_| ())
    }

    pub fn span_line(&self, frame: &Frame, span: Span) -> usize {
        frame.source().line(span)
    }

    pub fn slot_name(&self, frame: &Frame, slot: Slot) -> String {
        let scope = frame.func.as_ref().map(|f| f.scope.clone());
        match (slot, scope) {
            (Slot::Local(i), Some(s)) => s.local_names.get(i as usize).map(|n| n.to_string()),
            (Slot::Cell(i), Some(s)) => s.cell_names.get(i as usize).map(|n| n.to_string()),
            (Slot::Free(i), Some(s)) => s.free_names.get(i as usize).map(|n| n.to_string()),
            (Slot::Global(g), _) => Some(self.global_names.borrow().name(g).to_string()),
            _ => None,
        }
        .unwrap_or_else(|| "?".into())
    }
}
