//! Code that can suspend: bodies of `async def` functions and generators.
//!
//! Such a body runs as a Rust future. Statements and expressions the resolver marked as
//! suspending are evaluated here, with `.await` at each suspension point; everything else
//! is handed back to the plain evaluator, so no future is built for code without `await`
//! or `yield`. A `yield` is a future that parks the yielded value in the generator's
//! [`Channel`] and returns `Pending` once; the generator object polls its body by hand.
//! An `await` of a coroutine polls the callee's future inline, like `yield from`.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use crate::ast::*;
use crate::object::{CallArgs, Exc, Function, PyResult};
use crate::runtime::events::EventWait;
use crate::value::{DictMap, Native, SetMap, Value};

use super::compile::Steps;
use super::eval::{CallSite, CompKind, KeywordMerge, Sink};
use super::{Flow, Frame, Interp};

pub type BoxFut<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;
pub type BodyFuture = BoxFut<'static, PyResult<Value>>;

/// What a suspended generator is resumed with.
pub enum Resume {
    Send(Value),
    Throw(Exc),
}

/// Between a generator object and the `yield` points of its body.
#[derive(Default)]
pub struct Channel {
    pub yielded: RefCell<Option<Value>>,
    pub resume: RefCell<Option<Resume>>,
}

// ---------------------------------------------------------------- starting calls

/// The coroutine object a call of the `async def` function `func` returns, its body ready.
pub fn coroutine(func: &Rc<Function>, body: BodyFuture) -> Value {
    Value::native(Coroutine {
        future: Cell::new(Some(body)),
        name: func.name.borrow().clone(),
        qualname: func.qualname.borrow().clone(),
        state: Cell::new(CoroState::Created),
        executing: Cell::new(false),
        code: CoroCode::Function(func.clone()),
    })
}

/// The coroutine object of a call of `func` that a task let go, made again without its
/// body (the task has it) for `get_coro()` (see [`crate::runtime::future::TaskCoro`]).
pub fn detached_coroutine(func: &Rc<Function>, state: CoroState, executing: bool) -> Value {
    Value::native(Coroutine {
        future: Cell::new(None),
        name: func.name.borrow().clone(),
        qualname: func.qualname.borrow().clone(),
        state: Cell::new(state),
        executing: Cell::new(executing),
        code: CoroCode::Function(func.clone()),
    })
}

/// Calls of generator functions (async generators too) return one of these objects.
pub fn start(_interp: &Interp, func: &Rc<Function>, mut frame: Frame<'static>) -> Value {
    let name = func.name.borrow().clone();
    let qualname = func.qualname.borrow().clone();
    let channel = Rc::new(Channel::default());
    frame.set_gen(Some(channel.clone()));
    let future = body_future(func.clone(), frame);
    if func.def.is_async {
        Value::native(AsyncGenerator {
            state: RefCell::new(GenState::Created(future)),
            channel,
            name,
            qualname,
            running_async: Cell::new(false),
            hooks: std::cell::OnceCell::new(),
        })
    } else {
        Value::native(Generator {
            state: RefCell::new(GenState::Created(future)),
            channel,
            name,
            qualname,
            return_value: RefCell::new(None),
        })
    }
}

fn body_future(func: Rc<Function>, mut frame: Frame<'static>) -> BodyFuture {
    let interp = super::current_rc();
    let at: *const Interp = &*interp;
    let async_gen = func.def.is_async && func.scope.is_generator;
    boxed_in_place(move || Counted {
        body: async move {
            // SAFETY: `Counted` keeps the interpreter alive until after the body is dropped.
            let interp = unsafe { &*at };
            // Inline, not boxed: one allocation holds the frame and the body's state.
            let r = interp.exec_body_async(&mut frame, &func.def.body).await;
            frame.finish(r)
        },
        interp,
        async_gen,
    })
}

/// The future of the body of an `async def` function: its frame, its locals' buffer (`N`
/// slots, sized to the function's: see [`Interp::framed_body_future`]), and the statement
/// the body is at. Statements that cannot suspend run in the plain evaluator; one that
/// can is run by the future [`Interp::start_stmt`] makes for it, kept here while it is
/// suspended. Stepping through the body here, instead of in an `async` block looping over
/// it, keeps a suspended coroutine smaller by that block's state and its poll a level
/// shallower.
///
/// The frame is a field beside the statement's future, built where it stays, so neither
/// building it nor starting the body copies it.
struct FramedBody<const N: usize> {
    /// Dropped first: its frame's locals are in `slots`.
    framed: Framed,
    slots: [std::mem::MaybeUninit<Option<Value>>; N],
    /// The statement's future refers to the frame inside this allocation, and the frame
    /// to the slots: it must not move (and, being `!Unpin`, `&mut FramedBody` makes no
    /// promise that nothing else points into it).
    _pinned: std::marker::PhantomPinned,
}

// What a task pending at an `await` holds, once per task: with no locals, 96 bytes (it
// was 320, with the future of any statement inline, then 240 with a reference to the
// interpreter and to the body's statements, 208 with the index of its statement beside
// its frame, and 192 with six slots for locals inline whatever the function's).
const _: () = assert!(std::mem::size_of::<FramedBody<0>>() <= 80);

/// What a [`FramedBody`] steps, whatever the size of its locals' buffer (so that the code
/// stepping it is made once, not once per size).
struct Framed {
    /// The running statement's future, if any; dropped before the other fields (it is the
    /// first): it refers to `frame`, and to a statement of the body `frame.func` keeps
    /// alive. (And to the interpreter, which it is polled under: see [`super::running`].)
    stmt: Option<StmtFut<'static>>,
    /// Its function is always there: the body is its body. Its `at` is the index of the
    /// statement to run next (or running). Its locals are in its `FramedBody`'s slots, or
    /// on the heap past eight (the `'static` is a lie the fields' order makes safe: the
    /// frame is dropped before the slots).
    frame: Frame<'static>,
}

/// The future of a statement that suspends, in a [`FramedBody`].
enum StmtFut<'a> {
    /// The value of the commonest ones: an `await` as a statement, an assignment of one (to
    /// targets that do not suspend), and a `return` of one. What is done with it is done by
    /// [`Interp::stmt_value_done`] then: this is what a task waiting at an await holds, so
    /// it is kept to the await's own future; where the await is comes from the statement
    /// (`stmt_site`).
    Value(AwaitValue<'a>),
    /// Any other statement that suspends (a loop, a `try`, ...), boxed as those are anyway.
    Other(BoxFut<'a, PyResult<Flow>>),
}

/// Where the await is whose value a statement of [`StmtFut::Value`] has (see
/// [`await_site`]).
fn stmt_site(s: &Stmt, library: bool) -> Option<AwaitSite<'_>> {
    let (StmtKind::Expr(e) | StmtKind::Assign(_, e) | StmtKind::Return(Some(e))) = &s.kind else {
        return None;
    };
    await_site(e, library)
}

/// The site of the value `e` of a statement ([`Interp::eval_stmt_value`]): its own if it
/// is an await that does not suspend itself (whose future is the await's), else none.
fn await_site(e: &Expr, library: bool) -> Option<AwaitSite<'_>> {
    match &e.kind {
        ExprKind::Await(inner, _) if !inner.suspends.get() => {
            Some(AwaitSite::new(&e.span, library))
        }
        _ => None,
    }
}

impl Framed {
    /// Runs the body from statement `at` until it suspends or ends.
    fn step(&mut self, interp: &'static Interp, cx: &mut Context<'_>) -> Poll<PyResult<Value>> {
        let body: *const [Stmt] = self
            .frame
            .func
            .as_ref()
            .map_or(&[][..], |f| &f.def.body[..]);
        // SAFETY: `frame.func` owns the body, lives as long as `self`, and no statement
        // replaces a frame's function.
        let body = unsafe { &*body };
        loop {
            if let Some(stmt) = &mut self.stmt {
                let s = &body[self.frame.at as usize];
                // Both kinds are `Unpin` (a box, and the parts of an await's future).
                let r = match stmt {
                    StmtFut::Value(v) => {
                        let at = stmt_site(s, self.frame.library);
                        std::task::ready!(poll_await(v, at, cx))
                            .and_then(|v| interp.stmt_value_done(&mut self.frame, s, v))
                    }
                    StmtFut::Other(f) => std::task::ready!(f.as_mut().poll(cx)),
                };
                self.stmt = None;
                match r {
                    Ok(Flow::Normal) => self.frame.at += 1,
                    Ok(flow) => return Poll::Ready(self.frame.finish(Ok(flow))),
                    Err(e) => {
                        let e = e.at(body[self.frame.at as usize].span);
                        return Poll::Ready(self.frame.finish(Err(e)));
                    }
                }
            }
            if let Some(r) = interp.run_until_suspending(&mut self.frame, body) {
                return Poll::Ready(r);
            }
            let s = &body[self.frame.at as usize];
            // SAFETY: both outlive the statement's future, though it claims them for ever:
            // the frame is a field of this `FramedBody`, which does not move (it is pinned
            // in its box) and drops the future first; the statement is of the body of the
            // frame's function. The interpreter is only used while the future is polled,
            // under it.
            let (frame, s): (&'static mut Frame, &'static Stmt) =
                unsafe { (&mut *(&mut self.frame as *mut Frame), &*(s as *const Stmt)) };
            self.stmt = Some(interp.start_stmt(frame, s));
        }
    }
}

impl Interp {
    /// Runs the statements of `body` (the body of `frame`'s function) from `frame.at` while
    /// they cannot suspend: the body's result if it ends, `None` at one that can suspend
    /// (`frame.at` is its index; it is not started).
    fn run_until_suspending(&self, frame: &mut Frame, body: &[Stmt]) -> Option<PyResult<Value>> {
        let steps: Option<*const Steps> = frame
            .func
            .as_ref()
            .map(|func| func.def.steps(frame.library) as *const Steps);
        // SAFETY: `frame.func` keeps its `FunctionDef`, which keeps the steps, and no
        // statement replaces a frame's function.
        let steps = steps.map(|steps| unsafe { &*steps });
        loop {
            let Some(s) = body.get(frame.at as usize) else {
                return Some(frame.finish(Ok(Flow::Normal)));
            };
            if self.before_async_stmt(frame, s) {
                return None;
            }
            let r = match steps.and_then(|steps| steps.run(frame.at as usize, self, frame)) {
                Some(r) => r,
                None => self.exec(frame, s),
            };
            match r {
                Ok(Flow::Normal) => frame.at += 1,
                r => return Some(frame.finish(r)),
            }
        }
    }
}

impl<const N: usize> Future for FramedBody<N> {
    type Output = PyResult<Value>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // SAFETY: nothing is moved out; the statement's future is `Unpin` and moved only
        // into and out of its `Option`, not while it is referred to.
        let this = unsafe { self.get_unchecked_mut() };
        // SAFETY: the body is polled by the interpreter running it, which `step` does not
        // replace.
        let interp = unsafe { super::running() };
        counted(interp, false, || this.framed.step(interp, cx))
    }
}

/// Polls a body one level deeper in the interpreter's count for `RecursionError`.
#[inline(always)]
fn poll_counted<F: Future<Output = PyResult<Value>>>(
    interp: &Interp,
    async_gen: bool,
    body: Pin<&mut F>,
    cx: &mut Context<'_>,
) -> Poll<PyResult<Value>> {
    counted(interp, async_gen, || body.poll(cx))
}

/// Runs `poll` one level deeper in the interpreter's count for `RecursionError`.
#[inline(always)]
fn counted(
    interp: &Interp,
    async_gen: bool,
    poll: impl FnOnce() -> Poll<PyResult<Value>>,
) -> Poll<PyResult<Value>> {
    let depth = &interp.depth;
    let d = depth.get() + 1;
    if d > interp.recursion_limit.get() {
        let message = if async_gen {
            "maximum recursion depth exceeded while calling a Python object"
        } else {
            "maximum recursion depth exceeded"
        };
        return Poll::Ready(Err(interp.error(&interp.exc.recursion_error, message)));
    }
    depth.set(d);
    let r = poll();
    depth.set(depth.get().saturating_sub(1));
    r
}

impl Interp {
    /// The body future of a call of the (plain, non-generator) `async def` function
    /// `func`, its frame made in place and given its arguments by `fill`; its locals in
    /// the same allocation, in a buffer of a size for the function's (up to eight; more are
    /// on the heap).
    pub fn framed_body_future(
        &self,
        func: &Rc<Function>,
        fill: impl FnOnce(&mut Frame) -> PyResult<()>,
    ) -> PyResult<BodyFuture> {
        // A slot is a size class of the allocator: a buffer of exactly as many wastes none.
        match func.scope.n_locals {
            0 => self.framed_body::<0>(func, fill),
            1 => self.framed_body::<1>(func, fill),
            2 => self.framed_body::<2>(func, fill),
            3 => self.framed_body::<3>(func, fill),
            4 => self.framed_body::<4>(func, fill),
            5 => self.framed_body::<5>(func, fill),
            6 => self.framed_body::<6>(func, fill),
            7 => self.framed_body::<7>(func, fill),
            8 => self.framed_body::<8>(func, fill),
            _ => self.framed_body::<0>(func, fill),
        }
    }

    fn framed_body<const N: usize>(
        &self,
        func: &Rc<Function>,
        fill: impl FnOnce(&mut Frame) -> PyResult<()>,
    ) -> PyResult<BodyFuture> {
        let mut b = Box::<FramedBody<N>>::new_uninit();
        let p = b.as_mut_ptr();
        // SAFETY: each field is written once before `assume_init` (the slots need no
        // writing); if `fill` fails, the frame (the one field written then) is dropped and
        // the box freed uninitialised. The frame's locals are lent the slots of the same
        // allocation, which is pinned once made and drops the frame before them.
        unsafe {
            let slots = std::ptr::addr_of_mut!((*p).slots).cast::<Option<Value>>();
            let locals = super::Locals::lent(slots, N);
            let frame = std::ptr::addr_of_mut!((*p).framed.frame);
            frame.write(self.empty_function_frame(func, locals));
            if let Err(e) = fill(&mut *frame) {
                std::ptr::drop_in_place(frame);
                return Err(e);
            }
            std::ptr::addr_of_mut!((*p).framed.stmt).write(None);
            std::ptr::addr_of_mut!((*p)._pinned).write(std::marker::PhantomPinned);
            Ok(Box::into_pin(b.assume_init()))
        }
    }

    /// The future of the statement `s`, which may suspend. The common statements (an
    /// await, an assignment or a return of one) are the await's own future, which is what
    /// a task holds at the await it waits at; what they do with its value is
    /// [`Interp::stmt_value_done`]. The rest are boxed: in an async fn's state, a value
    /// live across more than one await gets a slot of its own, so arms would add up.
    fn start_stmt<'a>(&'a self, f: &'a mut Frame, s: &'a Stmt) -> StmtFut<'a> {
        match &s.kind {
            StmtKind::Expr(e) => self.stmt_fut(f, e),
            StmtKind::Assign(targets, value) if targets.iter().all(|t| !t.suspends.get()) => {
                self.stmt_fut(f, value)
            }
            StmtKind::Return(Some(e)) => self.stmt_fut(f, e),
            StmtKind::If(test, body, orelse) => StmtFut::Other(boxed_in_place(|| async move {
                let branch = if self.eval_bool_async(f, test).await? {
                    body
                } else {
                    orelse
                };
                self.exec_body_async(f, branch).await
            })),
            StmtKind::While(..) | StmtKind::For { .. } => {
                StmtFut::Other(self.exec_loop_async(f, s))
            }
            StmtKind::Try { .. } => StmtFut::Other(self.exec_try_async(f, s)),
            StmtKind::With {
                items,
                body,
                is_async,
            } => StmtFut::Other(self.exec_with_async(f, items, body, *is_async, s.span)),
            _ => StmtFut::Other(self.exec_rare_async(f, s)),
        }
    }

    /// The future of a statement's value `e` (see [`StmtFut::Value`]).
    fn stmt_fut<'a>(&'a self, f: &'a mut Frame, e: &'a Expr) -> StmtFut<'a> {
        StmtFut::Value(self.eval_stmt_value(f, e).fut)
    }

    /// What the statement `s` does with its value `v`, for [`StmtFut::Value`].
    fn stmt_value_done(&self, f: &mut Frame, s: &Stmt, v: Value) -> PyResult<Flow> {
        match &s.kind {
            StmtKind::Assign(targets, _) => {
                for t in targets {
                    self.assign(f, t, v.clone())?;
                }
                Ok(Flow::Normal)
            }
            StmtKind::Return(_) => Ok(Flow::Return(v)),
            // An expression statement.
            _ => {
                if f.echo() {
                    self.display(v)?;
                }
                Ok(Flow::Normal)
            }
        }
    }
}

/// Boxes the value `make` makes, built where it is going to stay: a body's future is
/// half a kilobyte, and building it first and moving it into its box copied all of it
/// on every call.
#[inline(always)]
pub fn boxed_in_place<'a, T, F: Future<Output = T> + 'a>(
    make: impl FnOnce() -> F,
) -> BoxFut<'a, T> {
    let mut b = Box::<F>::new_uninit();
    b.write(make());
    // SAFETY: written just above.
    Box::into_pin(unsafe { b.assume_init() })
}

/// Counts interpreter depth while a body is being polled, for `RecursionError`. The body
/// is held inline (one allocation per call, not two). Fields drop in order: the body
/// before the interpreter it refers to.
struct Counted<F> {
    body: F,
    interp: Rc<Interp>,
    /// An async generator's body: CPython steps one through a C call, whose recursion
    /// check says so.
    async_gen: bool,
}

impl<F: Future<Output = PyResult<Value>>> Future for Counted<F> {
    type Output = PyResult<Value>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // SAFETY: the body is structurally pinned: `Counted` never moves it out, has no
        // `Drop` of its own, and is not `Unpin` unless the body is.
        let this = unsafe { self.get_unchecked_mut() };
        let body = unsafe { Pin::new_unchecked(&mut this.body) };
        poll_counted(&this.interp, this.async_gen, body, cx)
    }
}

// ---------------------------------------------------------------- coroutines

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CoroState {
    Created,
    Running,
    Done,
}

pub struct Coroutine {
    /// The body, while nobody runs it (a `Cell`, not a `RefCell`: a word smaller).
    pub future: Cell<Option<BodyFuture>>,
    pub name: Name,
    pub qualname: Name,
    pub state: Cell<CoroState>,
    /// Whether its body is being run now (`cr_running`): by a task's step, an await, or
    /// `send`/`throw` (its state is `Running` from its first run to its end).
    pub executing: Cell<bool>,
    pub code: CoroCode,
}

/// What a coroutine runs, for reprs ("defined at x.aio:6").
#[derive(Clone)]
pub enum CoroCode {
    /// The body of this `async def` function.
    Function(Rc<Function>),
    /// A body written in Rust (`asyncio.sleep()`), shown as if in this source.
    Builtin(Rc<crate::source::Source>),
}

impl CoroCode {
    pub fn source(&self) -> &Rc<crate::source::Source> {
        match self {
            CoroCode::Function(f) => &f.source,
            CoroCode::Builtin(s) => s,
        }
    }

    /// Where the `async def` is.
    pub fn def_span(&self) -> Span {
        match self {
            CoroCode::Function(f) => f.def.span,
            CoroCode::Builtin(_) => Span::default(),
        }
    }
}

impl Coroutine {
    pub fn source(&self) -> &Rc<crate::source::Source> {
        self.code.source()
    }

    pub fn def_span(&self) -> Span {
        self.code.def_span()
    }

    /// Takes the body future to run it; `None` with an error if it already ran.
    pub fn take_future(&self, interp: &Interp) -> PyResult<BodyFuture> {
        self.state.set(CoroState::Running);
        self.future
            .take()
            .ok_or_else(|| interp.runtime_error("cannot reuse already awaited coroutine"))
    }

    pub fn finish(&self) {
        self.state.set(CoroState::Done);
    }

    /// Runs `run` (a poll of this coroutine's body) with the coroutine marked executing.
    pub fn executing<R>(&self, run: impl FnOnce() -> R) -> R {
        let outer = self.executing.replace(true);
        let r = run();
        self.executing.set(outer);
        r
    }

    /// Whether it holds its body (not yet started, or suspended with nobody driving it).
    pub fn has_future(&self) -> bool {
        let f = self.future.take();
        let has = f.is_some();
        self.future.set(f);
        has
    }
}

// Every task has a coroutine object; 72 bytes and the 24 of the reference count's header
// are the allocator's 96-byte class (it was 80, in the 112 class).
const _: () = assert!(std::mem::size_of::<Coroutine>() <= 72);

impl Native for Coroutine {
    fn type_name(&self) -> &str {
        "coroutine"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn repr(&self, interp: &Interp, this: &Value) -> Option<PyResult<String>> {
        Some(Ok(object_repr(interp, this, "coroutine", &self.qualname)))
    }
    fn get_attr(&self, interp: &Interp, this: &Value, name: &str) -> Option<PyResult<Value>> {
        match name {
            "__name__" => Some(Ok(Value::str(&self.name))),
            "__qualname__" => Some(Ok(Value::str(&self.qualname))),
            "close" => Some(Ok(method(this, "close", coroutine_close))),
            "send" => Some(Ok(method(this, "send", coroutine_send))),
            "throw" => Some(Ok(method(this, "throw", coroutine_throw))),
            "__await__" => Some(Ok(method(this, "__await__", |_, a| {
                Ok(Value::native(CoroutineWrapper {
                    coro: a.args[0].clone(),
                }))
            }))),
            "cr_running" => Some(Ok(Value::Bool(self.executing.get()))),
            _ => {
                let _ = interp;
                None
            }
        }
    }
}

/// `coro.__await__()`: what an `__await__` method returns (or delegates to with
/// `yield from`) to be awaited as the coroutine is.
pub struct CoroutineWrapper {
    coro: Value,
}

impl Native for CoroutineWrapper {
    fn type_name(&self) -> &str {
        "coroutine_wrapper"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// What a generator "yields" when the coroutine it delegates to (`yield from
/// coro.__await__()`) waits for a future: nothing to pass on, the task driving it is
/// already registered with that future. Its driver gives the loop a turn and resumes it.
struct Blocked;

impl Native for Blocked {
    fn type_name(&self) -> &str {
        "coroutine_wrapper"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Pending once, without waking anyone: what it waits for wakes the task.
struct PendingOnce(bool);

impl Future for PendingOnce {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            return Poll::Ready(());
        }
        self.0 = true;
        Poll::Pending
    }
}

impl Drop for Coroutine {
    fn drop(&mut self) {
        if self.state.get() == CoroState::Running && self.future.get_mut().is_some() {
            self.close_later();
            return;
        }
        if self.state.get() == CoroState::Created && self.future.get_mut().is_some() {
            let line = super::with_current(|i| i.current_line()).unwrap_or(0);
            let shown = self.source().shown_line(line).map(str::trim);
            let text = shown.map(|t| format!("  {t}\n")).unwrap_or_default();
            let msg = format!(
                "{}:{}: RuntimeWarning: coroutine '{}' was never awaited\n{}RuntimeWarning: Enable tracemalloc to get the object allocation traceback\n",
                self.source().name, line, self.qualname, text
            );
            super::with_current(|i| i.warn_once(&msg));
        }
    }
}

/// `coro.send(None)` outside an event loop: runs the coroutine until it suspends.
fn coroutine_send(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let Some(c) = args.args[0].downcast::<Coroutine>() else {
        return Ok(Value::None);
    };
    let mut fut = c.take_future(interp)?;
    let waker = std::task::Waker::noop();
    let mut cx = Context::from_waker(waker);
    match c.executing(|| crate::runtime::task::by_hand(|| fut.as_mut().poll(&mut cx))) {
        Poll::Ready(Ok(v)) => {
            c.finish();
            Err(interp.stop_iteration(v))
        }
        Poll::Ready(Err(e)) => {
            c.finish();
            Err(e)
        }
        Poll::Pending => {
            c.future.set(Some(fut));
            Ok(Value::None)
        }
    }
}

impl Coroutine {
    /// A coroutine dropped while suspended (driven by hand) is closed, as a generator is:
    /// not here, in the middle of whatever dropped it, but before the next statement.
    fn close_later(&mut self) {
        let Some(interp) = super::try_current_rc() else {
            return;
        };
        let id = interp.id_of(self as *const Coroutine as usize);
        let shown = format!("<coroutine object {} at {id:#x}>", self.qualname);
        let orphan = Coroutine {
            future: Cell::new(self.future.get_mut().take()),
            name: self.name.clone(),
            qualname: self.qualname.clone(),
            state: Cell::new(CoroState::Running),
            executing: Cell::new(false),
            code: self.code.clone(),
        };
        self.finish();
        interp.defer(Box::new(move |interp| {
            let exc = interp.new_exception(&interp.exc.generator_exit, vec![]);
            let e = match throw_into(interp, &orphan, exc) {
                Ok(Some(_)) => return,
                Ok(None) => interp.runtime_error("coroutine ignored GeneratorExit"),
                Err(e) if e.is(&interp.exc.generator_exit) => return,
                Err(e) => e,
            };
            // Suspended again: it goes as it is this time.
            orphan.future.take();
            orphan.finish();
            let report = interp.format_unraisable(&e.value);
            interp.write_err(&format!("Exception ignored in: {shown}\n{report}"));
        }));
    }
}

/// `coro.throw(exc)` (or `throw(type[, value])`): raises `exc` at the await the coroutine
/// is suspended at. What it yields next is returned; what it returns is in a StopIteration.
fn coroutine_throw(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let Some(c) = args.args[0].downcast::<Coroutine>() else {
        return Ok(Value::None);
    };
    let (typ, value) = match &args.args[1..] {
        [typ] => (typ.clone(), None),
        [typ, value, ..] => (typ.clone(), Some(value.clone()).filter(|v| !v.is_none())),
        [] => {
            return Err(interp.type_error(format!(
                "throw expected at least 1 argument, got {}",
                args.args.len() - 1
            )))
        }
    };
    let exc = match (&typ, value) {
        (Value::Class(_), Some(v)) if interp.make_raise(v.clone(), None).is_err() => {
            interp.make_raise(interp.call_value(&typ, vec![v])?, None)?
        }
        (_, Some(v)) => interp.make_raise(v, None)?,
        (_, None) => interp.make_raise(typ, None)?,
    };
    match throw_into(interp, c, exc)? {
        Some(v) => Err(interp.stop_iteration(v)),
        None => Ok(Value::None),
    }
}

/// `coro.close()`: `GeneratorExit` is thrown in at the await the coroutine is suspended
/// at, so that its `finally` blocks run; it must not suspend again.
fn coroutine_close(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let Some(c) = args.args[0].downcast::<Coroutine>() else {
        return Ok(Value::None);
    };
    if c.state.get() == CoroState::Created {
        c.future.take();
        c.finish();
        return Ok(Value::None);
    }
    let exc = interp.new_exception(&interp.exc.generator_exit, vec![]);
    match throw_into(interp, c, exc) {
        Ok(Some(_)) => Ok(Value::None),
        Ok(None) => Err(interp.runtime_error("coroutine ignored GeneratorExit")),
        Err(e) if e.is(&interp.exc.generator_exit) || e.is(&interp.exc.stop_iteration) => {
            Ok(Value::None)
        }
        Err(e) => Err(e),
    }
}

/// Resumes `c` with `exc` raised at its await: `Ok(Some(v))` when it then returns `v`,
/// `Ok(None)` when it suspends again. A coroutine not started, or done, raises `exc`
/// itself (and one not started is done then).
fn throw_into(interp: &Interp, c: &Coroutine, exc: Exc) -> PyResult<Option<Value>> {
    if c.state.get() != CoroState::Running {
        c.future.take();
        c.finish();
        return Err(exc);
    }
    let Some(mut fut) = c.future.take() else {
        // Run by a task or an await: not the caller's to resume.
        return Err(interp.value_error("coroutine already executing"));
    };
    let mut cx = Context::from_waker(std::task::Waker::noop());
    let resume = || crate::runtime::task::throwing_in(exc, || fut.as_mut().poll(&mut cx));
    match c.executing(|| crate::runtime::task::by_hand(resume)) {
        Poll::Ready(r) => {
            c.finish();
            r.map(Some)
        }
        Poll::Pending => {
            c.future.set(Some(fut));
            Ok(None)
        }
    }
}

/// `<coroutine object main at 0x...>` and the like.
pub fn object_repr(interp: &Interp, this: &Value, kind: &str, qualname: &str) -> String {
    let addr = match this {
        Value::Native(n) => n.as_ptr() as usize,
        _ => 0,
    };
    format!("<{kind} object {qualname} at {:#x}>", interp.id_of(addr))
}

pub fn method(this: &Value, name: &str, func: crate::object::BuiltinFn) -> Value {
    Value::Builtin(Rc::new(crate::object::Builtin {
        name: name.into(),
        func,
        bound: Some(this.clone()),
        awaitable: None,
        unary: None,
        owner: None,
    }))
}

// ---------------------------------------------------------------- generators

pub enum GenState {
    Created(BodyFuture),
    Suspended(BodyFuture),
    Running,
    Done,
}

pub struct Generator {
    pub state: RefCell<GenState>,
    pub channel: Rc<Channel>,
    pub name: Name,
    pub qualname: Name,
    /// The value of the body's `return`, for `next()`'s StopIteration.
    pub return_value: RefCell<Option<Value>>,
}

impl Generator {
    /// Resumes the generator: `Ok(Some(v))` when it yields `v`, `Ok(None)` when it returns.
    pub fn resume(&self, interp: &Interp, how: Resume) -> PyResult<Option<Value>> {
        let state = std::mem::replace(&mut *self.state.borrow_mut(), GenState::Running);
        let mut fut = match state {
            GenState::Created(f) => {
                match how {
                    Resume::Send(v) if !v.is_none() => {
                        *self.state.borrow_mut() = GenState::Created(f);
                        return Err(interp
                            .type_error("can't send non-None value to a just-started generator"));
                    }
                    Resume::Throw(e) => {
                        *self.state.borrow_mut() = GenState::Done;
                        return Err(e);
                    }
                    _ => {}
                }
                f
            }
            GenState::Suspended(f) => {
                *self.channel.resume.borrow_mut() = Some(how);
                f
            }
            GenState::Running => {
                *self.state.borrow_mut() = GenState::Running;
                return Err(interp.error(&interp.exc.value_error, "generator already executing"));
            }
            GenState::Done => {
                *self.state.borrow_mut() = GenState::Done;
                return match how {
                    Resume::Throw(e) => Err(e),
                    Resume::Send(_) => Ok(None),
                };
            }
        };
        let waker = std::task::Waker::noop();
        let mut cx = Context::from_waker(waker);
        match fut.as_mut().poll(&mut cx) {
            Poll::Ready(r) => {
                *self.state.borrow_mut() = GenState::Done;
                match r {
                    Ok(v) => {
                        *self.return_value.borrow_mut() = Some(v);
                        Ok(None)
                    }
                    Err(e) if e.is(&interp.exc.stop_iteration) => {
                        let err = interp.runtime_error("generator raised StopIteration");
                        err.value.exc_data_mut().cause = Some(Value::Instance(e.value.clone()));
                        err.value.exc_data_mut().context = Some(Value::Instance(e.value));
                        Err(err)
                    }
                    Err(e) => Err(e),
                }
            }
            Poll::Pending => {
                *self.state.borrow_mut() = GenState::Suspended(fut);
                match self.channel.yielded.borrow_mut().take() {
                    Some(v) => Ok(Some(v)),
                    // Waiting inside a coroutine it delegates to.
                    None => Ok(Some(Value::native(Blocked))),
                }
            }
        }
    }

    fn close(&self, interp: &Interp) -> PyResult<()> {
        if !matches!(&*self.state.borrow(), GenState::Suspended(_)) {
            *self.state.borrow_mut() = GenState::Done;
            return Ok(());
        }
        let exit = interp.new_exception(&interp.exc.generator_exit, vec![]);
        match self.resume(interp, Resume::Throw(exit)) {
            Ok(Some(_)) => Err(interp.runtime_error("generator ignored GeneratorExit")),
            Ok(None) => Ok(()),
            Err(e) if e.is(&interp.exc.generator_exit) || e.is(&interp.exc.stop_iteration) => {
                Ok(())
            }
            Err(e) => Err(e),
        }
    }
}

impl Generator {
    /// Closes a generator nobody refers to any more: its `finally` runs, then it is done
    /// whatever the body did (yielding again included).
    pub fn close_for_good(&self, interp: &Interp) -> PyResult<()> {
        let closed = self.close(interp);
        let state = self
            .state
            .try_borrow_mut()
            .map(|mut s| std::mem::replace(&mut *s, GenState::Done));
        drop(state);
        closed
    }
}

impl Drop for Generator {
    /// A generator dropped while suspended is closed, but not here: its `finally` is user
    /// code, and the drop may come while a container that held it is borrowed. Its body
    /// moves to a generator the interpreter closes before its next statement.
    fn drop(&mut self) {
        if !matches!(self.state.get_mut(), GenState::Suspended(_)) {
            return;
        }
        let Some(interp) = super::try_current_rc() else {
            return;
        };
        // The repr of the generator going away (its id is its address's).
        let id = interp.id_of(self as *const Generator as usize);
        let shown = format!("<generator object {} at {id:#x}>", self.qualname);
        let orphan = Generator {
            state: RefCell::new(std::mem::replace(self.state.get_mut(), GenState::Done)),
            channel: self.channel.clone(),
            name: self.name.clone(),
            qualname: self.qualname.clone(),
            return_value: RefCell::new(None),
        };
        interp.defer(Box::new(move |interp| {
            if let Err(e) = orphan.close_for_good(interp) {
                // What its `finally` raised cannot reach anyone: CPython prints it so.
                let report = interp.format_unraisable(&e.value);
                interp.write_err(&format!("Exception ignored in: {shown}\n{report}"));
            }
        }));
    }
}

fn the_generator(v: &Value) -> Option<&Generator> {
    v.downcast::<Generator>()
}

impl Native for Generator {
    fn type_name(&self) -> &str {
        "generator"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn repr(&self, interp: &Interp, this: &Value) -> Option<PyResult<String>> {
        Some(Ok(object_repr(interp, this, "generator", &self.qualname)))
    }
    fn iter(&self, _: &Interp, this: &Value) -> Option<PyResult<Value>> {
        Some(Ok(this.clone()))
    }
    fn next(&self, interp: &Interp, _: &Value) -> Option<PyResult<Option<Value>>> {
        Some(self.resume(interp, Resume::Send(Value::None)))
    }
    fn get_attr(&self, _: &Interp, this: &Value, name: &str) -> Option<PyResult<Value>> {
        let f: crate::object::BuiltinFn = match name {
            "__name__" => return Some(Ok(Value::str(&self.name))),
            "__qualname__" => return Some(Ok(Value::str(&self.qualname))),
            "send" => |interp, a| {
                let g = the_generator(&a.args[0]).expect("bound to a generator");
                let v = a.args.get(1).cloned().unwrap_or(Value::None);
                match g.resume(interp, Resume::Send(v))? {
                    Some(v) => Ok(v),
                    None => Err(interp
                        .stop_iteration(g.return_value.borrow_mut().take().unwrap_or(Value::None))),
                }
            },
            "__next__" => |interp, a| {
                let g = the_generator(&a.args[0]).expect("bound to a generator");
                match g.resume(interp, Resume::Send(Value::None))? {
                    Some(v) => Ok(v),
                    None => Err(interp
                        .stop_iteration(g.return_value.borrow_mut().take().unwrap_or(Value::None))),
                }
            },
            "throw" => |interp, a| {
                let g = the_generator(&a.args[0]).expect("bound to a generator");
                let v = a.args.get(1).cloned().unwrap_or(Value::None);
                let exc = interp.make_raise(v, None)?;
                match g.resume(interp, Resume::Throw(exc))? {
                    Some(v) => Ok(v),
                    None => Err(interp
                        .stop_iteration(g.return_value.borrow_mut().take().unwrap_or(Value::None))),
                }
            },
            "close" => |interp, a| {
                let g = the_generator(&a.args[0]).expect("bound to a generator");
                g.close(interp).map(|_| Value::None)
            },
            _ => return None,
        };
        Some(Ok(method(this, name, f)))
    }
}

/// The return value of a finished generator, for the StopIteration `next()` raises.
pub fn take_return_value(v: &Value) -> Option<Value> {
    v.downcast::<Generator>()?.return_value.borrow_mut().take()
}

// ---------------------------------------------------------------- async generators

pub struct AsyncGenerator {
    pub state: RefCell<GenState>,
    pub channel: Rc<Channel>,
    pub name: Name,
    pub qualname: Name,
    /// An `asend`/`athrow` is suspended at an await in the body (CPython's
    /// `ag_running_async`): another one may not start until it is done.
    pub running_async: Cell<bool>,
    /// Set by the first `__anext__`/`asend`/`athrow`/`aclose` (CPython's firstiter hook):
    /// the loop that was running then, which closes the generator if it is dropped
    /// suspended (the finalizer hook) or still alive when `asyncio.run` ends.
    pub hooks: std::cell::OnceCell<Option<std::rc::Weak<crate::runtime::event_loop::LoopState>>>,
}

/// What `asyncio.iscoroutine` accepts, and so `create_task` runs: a coroutine object, or
/// the awaitable of an async generator's `asend`/`athrow`/`aclose`/`anext` (which CPython
/// registers as coroutines).
pub fn is_coroutine(v: &Value) -> bool {
    v.downcast::<Coroutine>().is_some()
        || v.downcast::<AsyncGenStep>().is_some()
        || v.downcast::<AnextAwaitable>().is_some()
}

/// The name CPython's task reprs give the awaitable of `aclose()`.
pub const ATHROW_NAME: &str = "<async_generator_athrow without __name__>";

/// CPython's `async_gen_init_hooks`: the first call of `__anext__`, `asend`, `athrow` or
/// `aclose` registers the generator with the running loop.
fn init_hooks(gen: &Value) {
    let (Some(g), Value::Native(rc)) = (gen.downcast::<AsyncGenerator>(), gen) else {
        return;
    };
    if g.hooks.get().is_some() {
        return;
    }
    let running = crate::runtime::running_loop();
    if let Some(l) = &running {
        l.add_asyncgen(rc.downgrade());
    }
    let _ = g.hooks.set(running.map(|l| Rc::downgrade(&l)));
}

/// `agen.aclose()` as a coroutine object, for a task of its own (the finalizer hook and
/// `shutdown_asyncgens` run it so).
pub fn aclose_coroutine(interp: &Interp, gen: Value) -> Value {
    init_hooks(&gen);
    let exc = interp.new_exception(&interp.exc.generator_exit, vec![]);
    let step = Value::native(AsyncGenStep {
        gen,
        how: RefCell::new(Some(Resume::Throw(exc))),
        throws: true,
        aclose: true,
    });
    let rc = super::current_rc();
    let body: BodyFuture = Box::pin(async move {
        // The task was cancelled before it started: the CancelledError is what is thrown
        // into the generator (still with aclose()'s handling of what comes out).
        if let Some(e) = crate::runtime::task::take_pending_throw() {
            if let Some(s) = step.downcast::<AsyncGenStep>() {
                *s.how.borrow_mut() = Some(Resume::Throw(e));
            }
        }
        rc.await_value(step).await
    });
    crate::runtime::builtin_coroutine(interp, ATHROW_NAME, body)
}

impl Drop for AsyncGenerator {
    /// CPython's finalizer hook: a generator dropped while suspended (or started and never
    /// run) is closed by a task the loop it was first iterated on creates. The body cannot
    /// run here, in the middle of whatever dropped the generator: its state moves to a new
    /// generator object, which a callback on the loop hands to `create_task(aclose())`.
    fn drop(&mut self) {
        let Some(Some(weak_loop)) = self.hooks.get() else {
            return;
        };
        if matches!(self.state.get_mut(), GenState::Done | GenState::Running) {
            return;
        }
        let Some(loop_) = weak_loop.upgrade() else {
            return;
        };
        if loop_.closed.get() {
            return;
        }
        let state = std::mem::replace(self.state.get_mut(), GenState::Done);
        let hooks = std::cell::OnceCell::new();
        // Finalized once: if closing leaves it suspended, dropping it again only drops it.
        let _ = hooks.set(None);
        let revived = Value::native(AsyncGenerator {
            state: RefCell::new(state),
            channel: self.channel.clone(),
            name: self.name.clone(),
            qualname: self.qualname.clone(),
            running_async: Cell::new(self.running_async.get()),
            hooks,
        });
        let weak = Rc::downgrade(&loop_);
        loop_.try_call_soon(crate::runtime::future::Handle::Rust(Box::new(
            move |interp| {
                let Some(loop_) = weak.upgrade() else {
                    return;
                };
                if loop_.closed.get() {
                    return;
                }
                let coro = aclose_coroutine(interp, revived);
                let _ = crate::runtime::create_task(interp, &loop_, &coro, None);
            },
        )));
    }
}

impl Native for AsyncGenerator {
    fn type_name(&self) -> &str {
        "async_generator"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn repr(&self, interp: &Interp, this: &Value) -> Option<PyResult<String>> {
        Some(Ok(object_repr(
            interp,
            this,
            "async_generator",
            &self.qualname,
        )))
    }
    fn get_attr(&self, _: &Interp, this: &Value, name: &str) -> Option<PyResult<Value>> {
        let f: crate::object::BuiltinFn = match name {
            "__aiter__" => |_, a| Ok(a.args[0].clone()),
            "__anext__" => |_, a| {
                init_hooks(&a.args[0]);
                Ok(Value::native(AsyncGenStep {
                    gen: a.args[0].clone(),
                    how: RefCell::new(Some(Resume::Send(Value::None))),
                    throws: false,
                    aclose: false,
                }))
            },
            "asend" => |_, a| {
                init_hooks(&a.args[0]);
                Ok(Value::native(AsyncGenStep {
                    gen: a.args[0].clone(),
                    how: RefCell::new(Some(Resume::Send(
                        a.args.get(1).cloned().unwrap_or(Value::None),
                    ))),
                    throws: false,
                    aclose: false,
                }))
            },
            "athrow" => |interp, a| {
                init_hooks(&a.args[0]);
                let exc = interp.make_raise(a.args.get(1).cloned().unwrap_or(Value::None), None)?;
                Ok(Value::native(AsyncGenStep {
                    gen: a.args[0].clone(),
                    how: RefCell::new(Some(Resume::Throw(exc))),
                    throws: true,
                    aclose: false,
                }))
            },
            "aclose" => |interp, a| {
                init_hooks(&a.args[0]);
                let exc = interp.new_exception(&interp.exc.generator_exit, vec![]);
                Ok(Value::native(AsyncGenStep {
                    gen: a.args[0].clone(),
                    how: RefCell::new(Some(Resume::Throw(exc))),
                    throws: true,
                    aclose: true,
                }))
            },
            "__name__" => return Some(Ok(Value::str(&self.name))),
            "__qualname__" => return Some(Ok(Value::str(&self.qualname))),
            "ag_running" => return Some(Ok(Value::Bool(self.running_async.get()))),
            _ => return None,
        };
        Some(Ok(method(this, name, f)))
    }
}

/// The awaitable `__anext__()` (and `asend`/`athrow`/`aclose`) returns.
pub struct AsyncGenStep {
    gen: Value,
    /// Taken by the first await: a step can be awaited once.
    how: RefCell<Option<Resume>>,
    /// `athrow`/`aclose` (for the message when it is awaited again).
    throws: bool,
    /// Made by `aclose()`: GeneratorExit or StopAsyncIteration out of the generator
    /// means it closed, and a value it yields is an error.
    aclose: bool,
}

impl Native for AsyncGenStep {
    fn type_name(&self) -> &str {
        if self.throws {
            "async_generator_athrow"
        } else {
            "async_generator_asend"
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// What `anext(it, default)` returns: awaits `it.__anext__()`, `default` when that stops.
pub struct AnextAwaitable {
    pub step: Value,
    pub default: Value,
}

impl Native for AnextAwaitable {
    fn type_name(&self) -> &str {
        "anext_awaitable"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Drives one step of an async generator under the awaiting task.
struct AsyncGenFuture {
    gen: Value,
    how: Option<Resume>,
    closing: bool,
}

impl Future for AsyncGenFuture {
    type Output = PyResult<Value>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let gen_value = self.gen.clone();
        let Some(g) = gen_value.downcast::<AsyncGenerator>() else {
            return Poll::Ready(Ok(Value::None));
        };
        let Some(interp) = super::try_current_rc() else {
            return Poll::Ready(Ok(Value::None));
        };
        let how = self.how.take();
        if how.is_some() && g.running_async.get() {
            let what = match &how {
                Some(Resume::Send(_)) => "anext",
                _ if self.closing => "aclose",
                _ => "athrow",
            };
            return Poll::Ready(Err(interp.runtime_error(format!(
                "{what}(): asynchronous generator is already running"
            ))));
        }
        let state = std::mem::replace(&mut *g.state.borrow_mut(), GenState::Running);
        let mut fut = match state {
            GenState::Created(f) => match how {
                Some(Resume::Send(v)) if !v.is_none() => {
                    *g.state.borrow_mut() = GenState::Created(f);
                    return Poll::Ready(Err(interp.type_error(
                        "can't send non-None value to a just-started async generator",
                    )));
                }
                Some(Resume::Throw(e)) => {
                    *g.state.borrow_mut() = GenState::Done;
                    return Poll::Ready(if self.closing {
                        Ok(Value::None)
                    } else {
                        Err(e)
                    });
                }
                _ => f,
            },
            GenState::Suspended(f) => {
                if let Some(how) = how {
                    *g.channel.resume.borrow_mut() = Some(how);
                }
                f
            }
            GenState::Running => {
                *g.state.borrow_mut() = GenState::Running;
                if how.is_none() {
                    return Poll::Pending;
                }
                return Poll::Ready(Err(
                    interp.runtime_error("anext(): asynchronous generator is already running")
                ));
            }
            GenState::Done => {
                *g.state.borrow_mut() = GenState::Done;
                // athrow() of a finished generator returns None, as in CPython 3.11.
                return Poll::Ready(match how {
                    Some(Resume::Throw(_)) => Ok(Value::None),
                    _ => Err(interp.new_exception(&interp.exc.stop_async_iteration, vec![])),
                });
            }
        };
        let r = fut.as_mut().poll(cx);
        g.running_async.set(false);
        match r {
            Poll::Ready(r) => {
                *g.state.borrow_mut() = GenState::Done;
                Poll::Ready(match r {
                    Ok(_) if self.closing => Ok(Value::None),
                    Ok(_) => Err(interp.new_exception(&interp.exc.stop_async_iteration, vec![])),
                    Err(e) if self.closing && e.is(&interp.exc.generator_exit) => Ok(Value::None),
                    Err(e) => Err(e),
                })
            }
            Poll::Pending => {
                let yielded = g.channel.yielded.borrow_mut().take();
                *g.state.borrow_mut() = GenState::Suspended(fut);
                match yielded {
                    Some(_) if self.closing => Poll::Ready(Err(
                        interp.runtime_error("async generator ignored GeneratorExit")
                    )),
                    Some(v) => Poll::Ready(Ok(v)),
                    None => {
                        // Suspended on a real await: polled again when the task resumes.
                        self.how = None;
                        g.running_async.set(true);
                        Poll::Pending
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------- yield points

/// `yield v`: parks `v` and suspends once; resumes with what the generator was sent.
struct YieldPoint {
    channel: Rc<Channel>,
    value: Option<Value>,
}

impl Future for YieldPoint {
    type Output = PyResult<Value>;

    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Self::Output> {
        if let Some(v) = self.value.take() {
            *self.channel.yielded.borrow_mut() = Some(v);
            return Poll::Pending;
        }
        match self.channel.resume.borrow_mut().take() {
            Some(Resume::Send(v)) => Poll::Ready(Ok(v)),
            Some(Resume::Throw(e)) => Poll::Ready(Err(e)),
            None => Poll::Pending,
        }
    }
}

// ---------------------------------------------------------------- the evaluator

/// The future of `await v` (see [`Interp::await_value`]): what a suspended task holds at
/// each await, so it is kept small.
pub enum AwaitValue<'a> {
    /// The body of a call made for the `await` alone (no coroutine object was made).
    Body(BodyFuture),
    /// A coroutine object (kept to mark it finished) and its body.
    Coroutine(crate::native_rc::NativeRc, BodyFuture),
    /// A Future or Task.
    Future(crate::runtime::task::AwaitFut),
    /// `asyncio.sleep(delay)`.
    Sleep(crate::runtime::Sleep),
    /// `ev.wait()` of an `asyncio.Event`.
    EventWait(EventWait<Rc<crate::object::Instance>>),
    /// Anything else with `__await__`.
    Other(BoxFut<'a, PyResult<Value>>),
    /// Known at once: a value that cannot suspend, or why the value cannot be awaited (a
    /// coroutine already awaited).
    Ready(Option<PyResult<Value>>),
}

// Every suspended await holds one: a variant past 24 bytes would make every frame larger.
const _: () = assert!(std::mem::size_of::<AwaitValue>() <= 32);

impl From<crate::object::Awaited> for AwaitValue<'_> {
    fn from(a: crate::object::Awaited) -> Self {
        match a {
            crate::object::Awaited::Body(body) => AwaitValue::Body(body),
            crate::object::Awaited::Sleep(sleep) => AwaitValue::Sleep(sleep),
            crate::object::Awaited::Done(v) => AwaitValue::Ready(Some(Ok(v))),
        }
    }
}

impl Future for AwaitValue<'_> {
    type Output = PyResult<Value>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // Every variant is `Unpin` (boxes, reference counts, values).
        match self.get_mut() {
            AwaitValue::Body(body) => body.as_mut().poll(cx),
            AwaitValue::Coroutine(c, body) => {
                let Some(c) = c.as_any().downcast_ref::<Coroutine>() else {
                    return body.as_mut().poll(cx);
                };
                let r = std::task::ready!(c.executing(|| body.as_mut().poll(cx)));
                c.finish();
                Poll::Ready(r)
            }
            AwaitValue::Future(fut) => Pin::new(fut).poll(cx),
            AwaitValue::Sleep(sleep) => Pin::new(sleep).poll(cx),
            AwaitValue::EventWait(wait) => Pin::new(wait).poll(cx),
            AwaitValue::Other(fut) => fut.as_mut().poll(cx),
            AwaitValue::Ready(r) => Poll::Ready(r.take().expect("polled once")),
        }
    }
}

/// The future of a statement's value (see [`Interp::eval_stmt_value`]).
pub struct StmtValue<'a> {
    fut: AwaitValue<'a>,
    /// For an `await`: where it is, where its errors are and the line to go back to after it.
    at: Option<AwaitSite<'a>>,
}

/// The span of an `await` (in its expression) and whether it is in library code, in a
/// word: what a task pending at an await holds is a word smaller, and 96 bytes with its
/// frame, not 112.
#[derive(Clone, Copy)]
struct AwaitSite<'a> {
    /// To the span, its lowest bit set in library code (a span is aligned to 4).
    tagged: std::ptr::NonNull<Span>,
    _span: std::marker::PhantomData<&'a Span>,
}

const _: () = assert!(std::mem::align_of::<Span>() >= 2);

impl<'a> AwaitSite<'a> {
    fn new(span: &'a Span, library: bool) -> AwaitSite<'a> {
        AwaitSite {
            tagged: std::ptr::NonNull::from(span).map_addr(|a| a | usize::from(library)),
            _span: std::marker::PhantomData,
        }
    }

    fn library(self) -> bool {
        self.tagged.addr().get() & 1 != 0
    }

    fn span(self) -> Span {
        // SAFETY: untagged, it is the `&'a Span` it was made from.
        unsafe { *self.tagged.as_ptr().map_addr(|a| a & !1) }
    }
}

impl Future for StmtValue<'_> {
    type Output = PyResult<Value>;

    #[inline(always)]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        poll_await(&mut this.fut, this.at, cx)
    }
}

/// Polls the future of an await at `at` (or of a value, without).
#[inline(always)]
fn poll_await(
    fut: &mut AwaitValue<'_>,
    at: Option<AwaitSite<'_>>,
    cx: &mut Context<'_>,
) -> Poll<PyResult<Value>> {
    let r = Pin::new(fut).poll(cx);
    let Some(at) = at else {
        return r;
    };
    let span = at.span();
    if !at.library() {
        // Suspended or done, the line is this await's: the outermost await of a task to
        // suspend sets it last, and the task's repr shows it, as CPython shows the line
        // its coroutine's own frame is at.
        // SAFETY: used at once, by the interpreter polling this.
        unsafe { super::running() }.set_line(span);
    }
    let r = std::task::ready!(r);
    Poll::Ready(r.map_err(|x| x.at(span)))
}

impl Interp {
    pub fn exec_block_async<'a>(
        &'a self,
        f: &'a mut Frame,
        stmts: &'a [Stmt],
    ) -> BoxFut<'a, PyResult<Flow>> {
        Box::pin(self.exec_body_async(f, stmts))
    }

    /// A statement that suspends, in a block run by [`Interp::exec_body_async`] (a loop's
    /// or a `try`'s body, a generator's): the future [`Interp::start_stmt`] makes for it,
    /// as for an `async def`'s own statements, awaited here.
    async fn exec_async(&self, f: &mut Frame<'_>, s: &Stmt) -> PyResult<Flow> {
        let at = stmt_site(s, f.library);
        let v = match self.start_stmt(f, s) {
            StmtFut::Value(fut) => StmtValue { fut, at }.await?,
            StmtFut::Other(fut) => return fut.await,
        };
        self.stmt_value_done(f, s, v)
    }

    fn exec_rare_async<'a>(&'a self, f: &'a mut Frame, s: &'a Stmt) -> BoxFut<'a, PyResult<Flow>> {
        boxed_in_place(|| async move {
            match &s.kind {
                StmtKind::Assign(targets, value) => {
                    let v = self.eval_stmt_value(f, value).await?;
                    for t in targets {
                        self.assign_target(f, t, v.clone()).await?;
                    }
                }
                StmtKind::AugAssign(target, op, value) => {
                    self.aug_assign_async(f, target, *op, value).await?;
                }
                StmtKind::AnnAssign(target, value) => {
                    if let Some(v) = value {
                        let v = self.eval_async(f, v).await?;
                        self.assign_target(f, target, v).await?;
                    }
                }
                StmtKind::Raise(exc, cause) => {
                    let Some(exc) = exc else {
                        return Err(self.reraise());
                    };
                    let v = self.eval_async(f, exc).await?;
                    let c = match cause {
                        Some(c) => Some(self.eval_async(f, c).await?),
                        None => None,
                    };
                    return Err(self.make_raise(v, c)?);
                }
                StmtKind::Assert(test, msg) => {
                    if !self.eval_bool_async(f, test).await? {
                        let args = match msg {
                            Some(m) => vec![self.eval_async(f, m).await?],
                            None => vec![],
                        };
                        let e = self.new_exception(&self.exc.assertion_error, args);
                        return Err(super::eval::at_span(e, super::exec::assert_site(test)));
                    }
                }
                StmtKind::Delete(targets) => {
                    for t in targets {
                        self.delete_async(f, t).await?;
                    }
                }
                StmtKind::FunctionDef(..) | StmtKind::ClassDef(..) => {
                    self.define_async(f, s).await?
                }
                _ => return self.exec(f, s),
            }
            Ok(Flow::Normal)
        })
    }

    /// What comes before each statement of a body that can suspend (the same in
    /// `FramedBody::step` and `exec_body_async`): deferred work (closing a dropped
    /// coroutine), and, for a statement that may suspend, its line (the plain evaluator
    /// sets it for the others). Whether the statement may suspend.
    #[inline]
    fn before_async_stmt(&self, f: &Frame, s: &Stmt) -> bool {
        if self.deferred_pending() {
            self.run_deferred();
        }
        let suspends = s.suspends.get();
        if suspends && !f.library {
            self.set_line(s.span);
        }
        suspends
    }

    /// A block of statements that can suspend, run inline in the future awaiting it (a
    /// loop body in the already boxed loop future, so that an iteration allocates nothing
    /// for the body).
    async fn exec_body_async(&self, f: &mut Frame<'_>, stmts: &[Stmt]) -> PyResult<Flow> {
        for s in stmts {
            let flow = if self.before_async_stmt(f, s) {
                self.exec_async(f, s).await.map_err(|e| e.at(s.span))?
            } else if f.func.is_some() {
                // A function's block runs as often as it loops: compiled, as its
                // top-level statements are (`FunctionDef::steps`).
                s.run_compiled(self, f)?
            } else {
                self.exec(f, s)?
            };
            match flow {
                Flow::Normal => {}
                other => return Ok(other),
            }
        }
        Ok(Flow::Normal)
    }

    /// `while` and `for` (and `async for`) with suspensions, boxed so that the state of
    /// `exec_async`, which every suspended statement keeps, stays small.
    fn exec_loop_async<'a>(&'a self, f: &'a mut Frame, s: &'a Stmt) -> BoxFut<'a, PyResult<Flow>> {
        boxed_in_place(|| async move {
            match &s.kind {
                StmtKind::While(test, body, orelse) => loop {
                    // A step per iteration, as in the plain evaluator: awaits that never
                    // suspend must not make a loop the limits cannot stop.
                    self.tick()?;
                    if !self.eval_bool_async(f, test).await? {
                        return self.exec_block_async(f, orelse).await;
                    }
                    match self.exec_body_async(f, body).await? {
                        Flow::Break => return Ok(Flow::Normal),
                        Flow::Return(v) => return Ok(Flow::Return(v)),
                        _ => {}
                    }
                },
                StmtKind::For {
                    target,
                    iter,
                    body,
                    orelse,
                    is_async,
                } => {
                    let iterable = self.eval_async(f, iter).await?;
                    if *is_async {
                        let aiter_m =
                            self.special_method(&iterable, "__aiter__").map_err(|_| {
                                self.type_error(format!(
                                    "'async for' requires an object with __aiter__ method, got {}",
                                    iterable.type_name()
                                ))
                            })?;
                        let it = self.call_value(&aiter_m, vec![])?;
                        let anext = self.special_method_opt(&it, "__anext__").ok_or_else(|| {
                            self.type_error(format!(
                                "'async for' received an object from __aiter__ that does not implement __anext__: {}",
                                it.type_name()
                            ))
                        })?;
                        loop {
                            self.tick()?;
                            let step = self.call_value(&anext, vec![])?;
                            let step = self.check_awaitable(
                                step,
                                "'async for' received an invalid object from __anext__",
                            )?;
                            let v = match self.await_value(step).await {
                                Ok(v) => v,
                                Err(e) if e.is(&self.exc.stop_async_iteration) => break,
                                Err(e) => return Err(e),
                            };
                            self.assign_target(f, target, v).await?;
                            match self.exec_body_async(f, body).await? {
                                Flow::Break => return Ok(Flow::Normal),
                                Flow::Return(v) => return Ok(Flow::Return(v)),
                                _ => {}
                            }
                        }
                        return self.exec_block_async(f, orelse).await;
                    }
                    let mut it = self.get_iter(&iterable)?;
                    while let Some(v) = self.next(&mut it)? {
                        self.assign_target(f, target, v).await?;
                        match self.exec_body_async(f, body).await? {
                            Flow::Break => return Ok(Flow::Normal),
                            Flow::Return(v) => return Ok(Flow::Return(v)),
                            _ => {}
                        }
                    }
                    return self.exec_block_async(f, orelse).await;
                }
                _ => self.exec(f, s),
            }
        })
    }

    /// A `try` statement `s`. Its future takes the statement, not its five parts: a task
    /// waiting inside a `try` holds it, and the parts made it 32 bytes larger.
    fn exec_try_async<'a>(&'a self, f: &'a mut Frame, s: &'a Stmt) -> BoxFut<'a, PyResult<Flow>> {
        boxed_in_place(|| async move {
            let StmtKind::Try {
                body,
                handlers,
                orelse,
                finally,
                star,
            } = &s.kind
            else {
                unreachable!("a try statement")
            };
            let star = *star;
            // The body runs inline (a task waiting in a `try` holds one future for both);
            // handlers are boxed, being rarer.
            let result = match self.exec_body_async(f, body).await {
                Ok(Flow::Normal) => self.exec_block_async(f, orelse).await,
                Ok(flow) => Ok(flow),
                Err(mut e) => {
                    f.record_here(&mut e);
                    if handlers.iter().all(|h| {
                        !h.body.iter().any(|s| s.suspends.get())
                            && h.typ.as_ref().is_none_or(|t| !t.suspends.get())
                    }) {
                        self.handle_sync_or_star(f, e, handlers, star)
                    } else if star {
                        Box::pin(self.handle_star_async(f, e, handlers)).await
                    } else {
                        Box::pin(self.handle_async(f, e, handlers)).await
                    }
                }
            };
            if finally.is_empty() {
                return result;
            }
            if !finally.iter().any(|s| s.suspends.get()) {
                return self.run_finally(f, result, finally);
            }
            match result {
                Err(e) => {
                    let handled = e.value.clone();
                    self.handling.borrow_mut().push(handled.clone());
                    let r = self.exec_block_async(f, finally).await;
                    self.handling.borrow_mut().pop();
                    match r {
                        Ok(Flow::Normal) => Err(e),
                        Ok(flow) => Ok(flow),
                        Err(e2) => Err(self.chain_context(e2, &handled)),
                    }
                }
                Ok(flow) => match self.exec_block_async(f, finally).await? {
                    Flow::Normal => Ok(flow),
                    other => Ok(other),
                },
            }
        })
    }

    fn handle_sync_or_star(
        &self,
        f: &mut Frame,
        e: Exc,
        handlers: &[Handler],
        star: bool,
    ) -> PyResult<Flow> {
        // Reuse the plain evaluator's handler logic by running a try with an empty body.
        let _ = star;
        self.dispatch_handlers(f, e, handlers, star)
    }

    async fn handle_async(
        &self,
        f: &mut Frame<'_>,
        e: Exc,
        handlers: &[Handler],
    ) -> PyResult<Flow> {
        for h in handlers {
            if !self.handler_matches_async(f, h, &e.value).await? {
                continue;
            }
            let value = e.value.clone();
            if let Some(name) = &h.name {
                self.store_name(f, name, Value::Instance(value.clone()))?;
            }
            self.handling.borrow_mut().push(value.clone());
            let r = self.exec_block_async(f, &h.body).await;
            self.handling.borrow_mut().pop();
            if let Some(name) = &h.name {
                let _ = self.delete_name(f, name);
            }
            return r.map_err(|e2| self.chain_context(e2, &value));
        }
        Err(e)
    }

    /// `with` or `async with` over `items` where something suspends; the managers' calls
    /// are where the statement (`span`) is, as in [`Interp::exec_with`].
    fn exec_with_async<'a>(
        &'a self,
        f: &'a mut Frame,
        items: &'a [WithItem],
        body: &'a [Stmt],
        is_async: bool,
        span: Span,
    ) -> BoxFut<'a, PyResult<Flow>> {
        boxed_in_place(|| async move {
            let Some((item, rest)) = items.split_first() else {
                return self.exec_block_async(f, body).await;
            };
            let manager = self.eval_async(f, &item.context).await?;
            let (enter_name, exit_name) = if is_async {
                ("__aenter__", "__aexit__")
            } else {
                ("__enter__", "__exit__")
            };
            // In a block, so that the manager and its `__enter__` are not kept in this
            // future's state across the awaits below (a task waiting in `async with`
            // holds it).
            let (exit, mut value) = {
                let enter = self
                    .special_method(&manager, enter_name)
                    .map_err(|e| e.at(span))?;
                let exit = self
                    .special_method(&manager, exit_name)
                    .map_err(|e| e.at(span))?;
                drop(manager);
                let value = self.call_value(&enter, vec![]).map_err(|e| e.at(span))?;
                (exit, value)
            };
            if is_async {
                value = self
                    .check_awaitable(
                        value,
                        "'async with' received an object from __aenter__ that does not implement __await__",
                    )
                    .map_err(|e| e.at(span))?;
                value = self.await_value(value).await.map_err(|e| e.at(span))?;
            }
            let result = match &item.target {
                Some(t) => match self.assign_target(f, t, value).await {
                    Ok(()) => self.exec_with_async(f, rest, body, is_async, span).await,
                    Err(e) => Err(e),
                },
                None => self.exec_with_async(f, rest, body, is_async, span).await,
            };
            match result {
                Ok(flow) => {
                    let mut r = self
                        .call_value(&exit, vec![Value::None, Value::None, Value::None])
                        .map_err(|e| e.at(span))?;
                    if is_async {
                        r = self
                            .check_awaitable(
                                r,
                                "'async with' received an object from __aexit__ that does not implement __await__",
                            )
                            .map_err(|e| e.at(span))?;
                        r = self.await_value(r).await.map_err(|e| e.at(span))?;
                    }
                    let _ = r;
                    Ok(flow)
                }
                Err(mut e) => {
                    f.record_here(&mut e);
                    let handled = e.value.clone();
                    let args = vec![
                        Value::Class(e.value.class.clone()),
                        Value::Instance(e.value.clone()),
                        Value::None,
                    ];
                    self.handling.borrow_mut().push(handled.clone());
                    let mut r = self.call_value(&exit, args);
                    if is_async {
                        if let Ok(v) = r {
                            r = match self.check_awaitable(
                                v,
                                "'async with' received an object from __aexit__ that does not implement __await__",
                            ) {
                                Ok(v) => self.await_value(v).await,
                                Err(e) => Err(e),
                            };
                        }
                    }
                    self.handling.borrow_mut().pop();
                    match r {
                        Ok(v) if self.truthy(&v)? => Ok(Flow::Normal),
                        Ok(_) => Err(e),
                        Err(e2) => Err(self.chain_context(e2, &handled).at(span)),
                    }
                }
            }
        })
    }

    /// Evaluates an expression that may suspend: at once (no future is allocated) when it
    /// cannot.
    /// A condition (`if`, `while`) in a block that can suspend, as [`Interp::eval_bool`]
    /// evaluates one that cannot.
    async fn eval_bool_async(&self, f: &mut Frame<'_>, e: &Expr) -> PyResult<bool> {
        if !e.suspends.get() {
            return self.eval_bool(f, e);
        }
        match &e.kind {
            ExprKind::UnaryOp(UnaryOp::Not, _) | ExprKind::BoolOp(..) | ExprKind::IfExp { .. } => {
                self.test_bool_suspending(f, e, None).await
            }
            _ => {
                let v = self.eval_async(f, e).await?;
                let span = matches!(e.kind, ExprKind::Compare(..)).then_some(e.span);
                self.truthy(&v).map_err(|x| super::eval::at_span(x, span))
            }
        }
    }

    /// [`Interp::test_bool`] of an expression that may suspend (boxed: it recurses).
    fn test_bool_suspending<'a>(
        &'a self,
        f: &'a mut Frame,
        e: &'a Expr,
        at: Option<Span>,
    ) -> BoxFut<'a, PyResult<bool>> {
        Box::pin(async move {
            if !e.suspends.get() {
                return self.test_bool(f, e, at);
            }
            match &e.kind {
                ExprKind::UnaryOp(UnaryOp::Not, x) => {
                    Ok(!self.test_bool_suspending(f, x, at).await?)
                }
                ExprKind::BoolOp(op, items) => {
                    let and = *op == BoolOp::And;
                    for item in items {
                        if self.test_bool_suspending(f, item, at).await? != and {
                            return Ok(!and);
                        }
                    }
                    Ok(and)
                }
                ExprKind::IfExp { test, body, orelse } => {
                    if self.test_bool_suspending(f, test, at).await? {
                        self.test_bool_suspending(f, body, at).await
                    } else {
                        self.test_bool_suspending(f, orelse, at).await
                    }
                }
                ExprKind::Compare(..) => {
                    let v = self.eval_async(f, e).await?;
                    self.truthy(&v).map_err(|x| x.at(e.span))
                }
                _ => {
                    let v = self.eval_async(f, e).await?;
                    self.truthy(&v).map_err(|x| super::eval::at_span(x, at))
                }
            }
        })
    }

    pub fn eval_async<'a>(&'a self, f: &'a mut Frame, e: &'a Expr) -> AwaitValue<'a> {
        if !e.suspends.get() {
            return AwaitValue::Ready(Some(self.eval(f, e)));
        }
        AwaitValue::Other(self.eval_suspending(f, e))
    }

    /// The future of a suspending expression `e`, boxed. The commonest kinds (an operator
    /// with an `await` on either side, `await` of what itself suspends) have futures of
    /// their own, each boxed at its own size: the future of every other kind is as large as
    /// its largest (a call's arguments, a comprehension), and `await f(x) + await g(y)`
    /// in a recursive coroutine allocated all of that per call.
    fn eval_suspending<'a>(&'a self, f: &'a mut Frame, e: &'a Expr) -> BoxFut<'a, PyResult<Value>> {
        match &e.kind {
            ExprKind::Await(inner, _) => boxed_in_place(|| self.await_expr(f, e, inner)),
            // `await f(x) + await g(y)`: each operand's await is inline in this future.
            ExprKind::BinOp(a, op, b) => boxed_in_place(|| async move {
                let x = self.eval_stmt_value(f, a).await?;
                let y = self.eval_stmt_value(f, b).await?;
                self.binary_op(*op, &x, &y).map_err(|x| x.at(e.span))
            }),
            ExprKind::UnaryOp(op, a) => boxed_in_place(|| async move {
                let v = self.eval_async(f, a).await?;
                self.unary(*op, &v).map_err(|x| x.at(e.span))
            }),
            _ => self.eval_suspending_other(f, e),
        }
    }

    fn eval_suspending_other<'a>(
        &'a self,
        f: &'a mut Frame,
        e: &'a Expr,
    ) -> BoxFut<'a, PyResult<Value>> {
        boxed_in_place(|| async move {
            match &e.kind {
                ExprKind::Yield(value) => {
                    let v = match value {
                        Some(v) => self.eval_async(f, v).await?,
                        None => Value::None,
                    };
                    self.yield_value(f, v).await
                }
                ExprKind::YieldFrom(inner) => {
                    let v = self.eval_async(f, inner).await?;
                    self.yield_from(f, v).await.map_err(|x| x.at(e.span))
                }
                ExprKind::BoolOp(op, items) => {
                    // As `Interp::eval`'s: the last operand is not tested.
                    let Some((last, items)) = items.split_last() else {
                        return Ok(Value::None);
                    };
                    for item in items {
                        let v = self.eval_async(f, item).await?;
                        let t = self.truthy(&v).map_err(|x| x.at(e.span))?;
                        if (*op == BoolOp::And) != t {
                            return Ok(v);
                        }
                    }
                    self.eval_async(f, last).await
                }
                ExprKind::Compare(first, rest) => {
                    let mut left = self.eval_async(f, first).await?;
                    let n = rest.len();
                    for (i, (op, right_e)) in rest.iter().enumerate() {
                        let right = self.eval_async(f, right_e).await?;
                        let r = self.compare(*op, &left, &right).map_err(|x| x.at(e.span))?;
                        if i + 1 == n || !self.truthy(&r).map_err(|x| x.at(e.span))? {
                            return Ok(r);
                        }
                        left = right;
                    }
                    Ok(Value::Bool(true))
                }
                ExprKind::IfExp { test, body, orelse } => {
                    if self.test_bool_suspending(f, test, Some(e.span)).await? {
                        self.eval_async(f, body).await
                    } else {
                        self.eval_async(f, orelse).await
                    }
                }
                ExprKind::Call { func, args } => {
                    if let ExprKind::Attribute(obj, name) = &func.kind {
                        let o = self.eval_async(f, obj).await?;
                        let callee = self.method_callee(o, name).map_err(|x| x.at(func.span))?;
                        // Unpacking `*v` or `**v` fails at the call.
                        let a = self.eval_args_async(f, args, callee.site(name)).await;
                        let a = a.map_err(|x| x.at(e.span))?;
                        return self.call_callee(callee, a).map_err(|x| x.at(e.span));
                    }
                    let callee = self.eval_async(f, func).await?;
                    let a = self
                        .eval_args_async(f, args, CallSite::Value(&callee))
                        .await
                        .map_err(|x| x.at(e.span))?;
                    self.call(&callee, a).map_err(|x| x.at(e.span))
                }
                ExprKind::Attribute(obj, name) => {
                    let o = self.eval_async(f, obj).await?;
                    self.get_attr(&o, name).map_err(|x| x.at(e.span))
                }
                ExprKind::Subscript(obj, index) => {
                    let o = self.eval_async(f, obj).await?;
                    if let ExprKind::Slice(a, b, c) = &index.kind {
                        let (a, b, c) = self.slice_parts_async(f, a, b, c).await?;
                        return self.get_slice(&o, &a, &b, &c).map_err(|x| x.at(e.span));
                    }
                    let i = self.eval_async(f, index).await?;
                    self.get_item(&o, &i).map_err(|x| x.at(e.span))
                }
                ExprKind::Slice(a, b, c) => {
                    let (a, b, c) = self.slice_parts_async(f, a, b, c).await?;
                    Ok(crate::builtins::slice_value(a, b, c))
                }
                ExprKind::Lambda(def) => {
                    Ok(Value::Function(self.make_function_async(f, def).await?))
                }
                ExprKind::Tuple(items) => Ok(Value::tuple(
                    self.eval_items_async(f, items, false, e.span).await?,
                )),
                ExprKind::List(items) => Ok(Value::list(
                    self.eval_items_async(f, items, false, e.span).await?,
                )),
                ExprKind::Set(items) => {
                    let mut set = SetMap::default();
                    for v in self.eval_items_async(f, items, true, e.span).await? {
                        set.insert(self.to_key(&v)?)?;
                    }
                    Ok(Value::set(set, false))
                }
                ExprKind::Dict(entries) => {
                    let map = std::cell::RefCell::new(DictMap::default());
                    for (k, v) in entries {
                        match k {
                            Some(k) => {
                                let key = self.eval_async(f, k).await?;
                                let val = self.eval_async(f, v).await?;
                                crate::dictmap::insert(&map, self.to_key(&key)?, val)?;
                            }
                            None => {
                                let m = self.eval_async(f, v).await?;
                                self.merge_mapping(&map, &m)?;
                            }
                        }
                    }
                    Ok(Value::dict(map.into_inner()))
                }
                ExprKind::FString(parts) => {
                    Ok(Value::string(self.fstring_async(f, parts, e.span).await?))
                }
                ExprKind::NamedExpr(name, value) => {
                    let v = self.eval_async(f, value).await?;
                    self.store_name(f, name, v.clone())?;
                    Ok(v)
                }
                ExprKind::ListComp(c) => {
                    self.comprehension_async(f, c, CompKind::List, e.span).await
                }
                ExprKind::SetComp(c) => self.comprehension_async(f, c, CompKind::Set, e.span).await,
                ExprKind::DictComp(c) => {
                    self.comprehension_async(f, c, CompKind::Dict, e.span).await
                }
                ExprKind::Starred(inner) => self.eval_async(f, inner).await,
                ExprKind::GeneratorExp(_, first) => {
                    let _ = self.eval_async(f, first).await?;
                    Err(self.runtime_error("Aio does not support await in generator expressions"))
                }
                _ => self.eval(f, e),
            }
        })
    }

    /// `await inner` (the node `e`).
    async fn await_expr(&self, f: &mut Frame<'_>, e: &Expr, inner: &Expr) -> PyResult<Value> {
        if !inner.suspends.get() {
            return self.eval_stmt_value(f, e).await;
        }
        let v = self.eval_async(f, inner).await?;
        let at = AwaitSite::new(&e.span, f.library);
        let fut = self.await_value(v);
        StmtValue { fut, at: Some(at) }.await
    }

    /// What `await inner` awaits. A call of an `async def` function or of a built-in
    /// coroutine function gives the callee's body future straight away: nobody can see the
    /// coroutine object, so none is made (awaiting a coroutine then costs little more than a
    /// call). Anything else is evaluated to the value to await.
    fn awaited(
        &self,
        f: &mut Frame,
        inner: &Expr,
        code: &super::compile::AwaitCode,
    ) -> PyResult<AwaitValue<'_>> {
        let (ExprKind::Call { func, args }, Some(call)) =
            (&inner.kind, code.call(f.library, inner))
        else {
            return Ok(self.await_value(self.eval(f, inner)?));
        };
        let at = |x: Exc| x.at(inner.span);
        let (callee, receiver) = match &func.kind {
            ExprKind::Attribute(_, name) => {
                let o = (call.target)(self, f)?;
                if let Value::Native(n) = &o {
                    if let Some(body) = n.awaitable_method(name) {
                        let mut values = smallvec::SmallVec::<[Value; 2]>::new();
                        for arg in call.args.iter() {
                            values.push(arg(self, f)?);
                        }
                        return body(self, &o, &values).map(AwaitValue::from).map_err(at);
                    }
                }
                match self
                    .method_callee_at(o, name, &func.hint)
                    .map_err(|x| x.at(func.span))?
                {
                    super::eval::Callee::Method(m, recv) => (Value::Function(m), Some(recv)),
                    // `asyncio.sleep(...)`, `module.fetch(...)`: as if called by name.
                    super::eval::Callee::Value(v) => (v, None),
                    callee => {
                        let v = self.call_callee_at(f, callee, name, args).map_err(at)?;
                        return Ok(self.await_value(v));
                    }
                }
            }
            _ => ((call.target)(self, f)?, None),
        };
        let fill = |f: &mut Frame, frame: &mut Frame, func: &Function, receiver| {
            super::eval::fill_params(frame, func, receiver, &call.args, |a| a(self, f))
        };
        match &callee {
            Value::Function(func)
                if func.simple
                    && func.def.is_async
                    && !func.scope.is_generator
                    && args.len() + usize::from(receiver.is_some())
                        == func.def.params.positional.len() =>
            {
                if !func.def.can_suspend() {
                    // Its body cannot suspend: it runs now, compiled, in a frame on the
                    // stack, as a plain function's call does (no future is made for it).
                    // Not `call_simple`: an argument's error comes out of here, as when
                    // a body future is made, and the body's through the await.
                    let mut slots = super::Slots::new();
                    let mut frame = self.empty_function_frame(func, slots.locals());
                    fill(f, &mut frame, func, receiver)?;
                    let r = self.run_function_frame(&mut frame, func);
                    return Ok(AwaitValue::Ready(Some(r)));
                }
                let body = self.framed_body_future(func, |frame| fill(f, frame, func, receiver))?;
                Ok(AwaitValue::Body(body))
            }
            // `await ev.wait()`: the wait is held inline (and runs as the call's coroutine
            // would when first stepped).
            Value::Function(wait)
                if args.is_empty()
                    && matches!(receiver, Some(Value::Instance(_)))
                    && crate::runtime::events::is_event_wait(wait) =>
            {
                let Some(Value::Instance(event)) = receiver else {
                    unreachable!("checked above")
                };
                Ok(AwaitValue::EventWait(EventWait::new(event)))
            }
            Value::Builtin(b) if b.bound.is_none() && b.awaitable.is_some() => {
                let values = call.args.iter().map(|a| a(self, f));
                let call_args = CallArgs::positional(values.collect::<PyResult<_>>()?);
                let body = b.awaitable.expect("checked above");
                body(self, call_args).map(AwaitValue::from).map_err(at)
            }
            _ => {
                let call_args = self
                    .eval_args_after(f, receiver, args, CallSite::Value(&callee))
                    .map_err(at)?;
                let v = self.call(&callee, call_args).map_err(at)?;
                Ok(self.await_value(v))
            }
        }
    }

    /// Evaluates the value of a statement. An `await` is evaluated inline, in the future of
    /// the statement that has it: the commonest suspending expression allocates no future of
    /// its own, and what a task holds while it waits there stays small.
    fn eval_stmt_value<'a>(&'a self, f: &'a mut Frame, e: &'a Expr) -> StmtValue<'a> {
        let at = await_site(e, f.library);
        let fut = match &e.kind {
            // An error setting the await up is the await's, as one of what it awaits is.
            ExprKind::Await(inner, code) if !inner.suspends.get() => self
                .awaited(f, inner, code)
                .unwrap_or_else(|x| AwaitValue::Ready(Some(Err(x)))),
            _ if !e.suspends.get() => AwaitValue::Ready(Some(self.eval(f, e))),
            _ => AwaitValue::Other(self.eval_suspending(f, e)),
        };
        StmtValue { fut, at }
    }

    /// As [`Interp::eval_items`].
    async fn eval_items_async(
        &self,
        f: &mut Frame<'_>,
        items: &[Expr],
        set: bool,
        span: Span,
    ) -> PyResult<Vec<Value>> {
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            if let ExprKind::Starred(inner) = &item.kind {
                let v = self.eval_async(f, inner).await?;
                self.star_items(&v, &mut out, set).map_err(|x| x.at(span))?;
            } else {
                out.push(self.eval_async(f, item).await?);
            }
        }
        Ok(out)
    }

    async fn eval_args_async(
        &self,
        f: &mut Frame<'_>,
        args: &[Arg],
        site: CallSite<'_>,
    ) -> PyResult<CallArgs> {
        let mut out = CallArgs::default();
        let mut keywords = KeywordMerge::default();
        for arg in args {
            match arg {
                Arg::Positional(e) => out.args.push(self.eval_async(f, e).await?),
                Arg::Star(e) => {
                    let v = self.eval_async(f, e).await?;
                    self.star_arg(&v, &mut out, site, super::eval::sole_star(args))?;
                }
                Arg::Keyword(name, e) => {
                    keywords.keyword(&out);
                    let v = self.eval_async(f, e).await?;
                    out.kwargs.push((name.clone(), v));
                }
                Arg::DoubleStar(e) => {
                    self.merged_keywords(&mut keywords, &out, site)?;
                    let v = self.eval_async(f, e).await?;
                    self.double_star_arg(&mut out, &v, site)?;
                }
            }
        }
        self.merged_keywords(&mut keywords, &out, site)?;
        Ok(out)
    }

    fn fstring_async<'a>(
        &'a self,
        f: &'a mut Frame,
        parts: &'a [FPart],
        span: Span,
    ) -> BoxFut<'a, PyResult<String>> {
        boxed_in_place(|| async move {
            let mut out = String::new();
            for part in parts {
                match part {
                    FPart::Literal(s) => out.push_str(s),
                    FPart::Value {
                        expr,
                        conversion,
                        spec,
                    } => {
                        let v = self.eval_async(f, expr).await?;
                        let spec = match spec {
                            Some(p) => self.fstring_async(f, p, span).await?,
                            None => String::new(),
                        };
                        // At the whole f-string, as CPython places it.
                        let text = self.format_field(&v, *conversion, &spec);
                        out.push_str(&text.map_err(|x| x.at(span))?);
                    }
                }
            }
            Ok(out)
        })
    }

    async fn comprehension_async(
        &self,
        f: &mut Frame<'_>,
        c: &Comprehension,
        kind: CompKind,
        span: Span,
    ) -> PyResult<Value> {
        let first = self.eval_async(f, &c.generators[0].iter).await?;
        let mut slots = super::Slots::new();
        let mut cf = self.comprehension_frame(f, c, kind, slots.locals());
        cf.set_gen(f.gen().cloned());
        let mut sink = Sink::new(kind);
        let r = self
            .comp_loop_async(&mut cf, c, 0, first, &mut sink, span)
            .await;
        if let Err(mut err) = r {
            cf.record(&mut err);
            return Err(err.at(span));
        }
        Ok(sink.finish())
    }

    fn comp_loop_async<'a>(
        &'a self,
        cf: &'a mut Frame,
        c: &'a Comprehension,
        level: usize,
        iterable: Value,
        sink: &'a mut Sink,
        span: Span,
    ) -> BoxFut<'a, PyResult<()>> {
        boxed_in_place(|| async move {
            let g = &c.generators[level];
            let mut sync_it = None;
            let mut async_it = None;
            if g.is_async {
                let m = self
                    .special_method_opt(&iterable, "__aiter__")
                    .ok_or_else(|| {
                        self.type_error(format!(
                            "'async for' requires an object with __aiter__ method, got {}",
                            iterable.type_name()
                        ))
                    })?;
                let it = self.call_value(&m, vec![])?;
                if self.special_method_opt(&it, "__anext__").is_none() {
                    return Err(self.type_error(format!(
                        "'async for' received an object from __aiter__ that does not implement __anext__: {}",
                        it.type_name()
                    )));
                }
                async_it = Some(it);
            } else {
                // An inner iterable's error is placed at the whole comprehension, in its
                // frame; the first's, in the frame around it (below).
                let it = self.get_iter(&iterable);
                sync_it = Some(it.map_err(|x| if level > 0 { x.at(span) } else { x })?);
            }
            loop {
                let v = if let Some(it) = &async_it {
                    let anext = self.special_method(it, "__anext__")?;
                    let step = self.call_value(&anext, vec![])?;
                    let step = self.check_awaitable(
                        step,
                        "'async for' received an invalid object from __anext__",
                    )?;
                    match self.await_value(step).await {
                        Ok(v) => v,
                        Err(e) if e.is(&self.exc.stop_async_iteration) => break,
                        Err(e) => return Err(e),
                    }
                } else {
                    match sync_it
                        .as_mut()
                        .map(|it| self.next(it))
                        .transpose()?
                        .flatten()
                    {
                        Some(v) => v,
                        None => break,
                    }
                };
                self.assign_target(cf, &g.target, v).await?;
                let mut keep = true;
                for cond in &g.ifs {
                    if !self.test_bool_suspending(cf, cond, Some(span)).await? {
                        keep = false;
                        break;
                    }
                }
                if !keep {
                    continue;
                }
                if level + 1 < c.generators.len() {
                    let inner = self.eval_async(cf, &c.generators[level + 1].iter).await?;
                    self.comp_loop_async(cf, c, level + 1, inner, sink, span)
                        .await?;
                } else {
                    let elt = self.eval_async(cf, &c.element).await?;
                    let value = match &c.value {
                        Some(v) => Some(self.eval_async(cf, v).await?),
                        None => None,
                    };
                    sink.push(self, elt, value)?;
                }
            }
            Ok(())
        })
    }

    async fn yield_value(&self, f: &mut Frame<'_>, v: Value) -> PyResult<Value> {
        let Some(channel) = f.gen().cloned() else {
            return Err(self.runtime_error("'yield' outside a generator"));
        };
        YieldPoint {
            channel,
            value: Some(v),
        }
        .await
    }

    /// `yield from it`: re-yields everything `it` yields; the value is its return value.
    async fn yield_from(&self, f: &mut Frame<'_>, v: Value) -> PyResult<Value> {
        if let Some(w) = v.downcast::<CoroutineWrapper>() {
            // The coroutine runs inside this generator's body, its waits passing up to the
            // task driving the generator as `Blocked`.
            if crate::runtime::task::current_task().is_none() {
                return Err(self.runtime_error("await wasn't used with future"));
            }
            return Box::pin(self.await_value(w.coro.clone())).await;
        }
        if let Some(g) = v.downcast::<Generator>() {
            let mut how = Resume::Send(Value::None);
            loop {
                match g.resume(self, how)? {
                    Some(y) => match self.yield_value(f, y).await {
                        Ok(sent) => how = Resume::Send(sent),
                        Err(e) => how = Resume::Throw(e),
                    },
                    None => return Ok(g.return_value.borrow_mut().take().unwrap_or(Value::None)),
                }
            }
        }
        if let Some(fut) = v.downcast::<crate::runtime::future::FutCore>() {
            // `yield from fut.__await__()`: yields the future until it is done (the task
            // driving this waits for it), then gives its result.
            let fut = fut.rc();
            while !fut.done() {
                self.yield_value(f, v.clone()).await?;
            }
            return fut.result(self);
        }
        let it = self.iter_object(&v)?;
        while let Some(y) = self.next_of(&it)? {
            self.yield_value(f, y).await?;
        }
        Ok(Value::None)
    }

    /// `await v`. The common cases (a coroutine, a Future or Task) are a small future of
    /// their own; the rest is boxed in `await_other`.
    pub fn await_value(&self, v: Value) -> AwaitValue<'_> {
        let v = match v {
            Value::Native(n) => {
                if let Some(c) = n.as_any().downcast_ref::<Coroutine>() {
                    let body = match c.take_future(self) {
                        Ok(body) => body,
                        Err(e) => return AwaitValue::Ready(Some(Err(e))),
                    };
                    // Held by this await alone (`await ev.wait()`), the coroutine object
                    // can never be seen again: it goes now, done, rather than stay as
                    // large as it is beside its body while the await waits.
                    if n.is_unique() {
                        c.finish();
                        return AwaitValue::Body(body);
                    }
                    return AwaitValue::Coroutine(n, body);
                }
                Value::Native(n)
            }
            v => v,
        };
        if let Some(fut) = crate::runtime::awaitable(self, &v) {
            return AwaitValue::Future(fut);
        }
        AwaitValue::Other(self.await_other(v))
    }

    /// What a task does with a value the iterator of an `__await__` yields: waits for a
    /// future, gives the loop a turn for `None`, and refuses anything else.
    async fn task_yield(&self, y: Value) -> PyResult<()> {
        if let Some(fut) = crate::runtime::awaitable(self, &y) {
            return fut.await.map(|_| ());
        }
        crate::runtime::yield_now().await?;
        if y.is_none() {
            return Ok(());
        }
        Err(self.runtime_error(format!("Task got bad yield: {}", self.repr(&y)?)))
    }

    /// Whether `await v` can work (a coroutine, a future, an object with `__await__`).
    pub fn is_awaitable(&self, v: &Value) -> bool {
        v.downcast::<Coroutine>().is_some()
            || v.downcast::<crate::runtime::future::FutCore>().is_some()
            || v.downcast::<AsyncGenStep>().is_some()
            || v.downcast::<AnextAwaitable>().is_some()
            || self.lookup_special(v, "__await__").is_some()
    }

    /// `v` if it is awaitable, else the TypeError of `async for`/`async with` (`what`
    /// says which method returned it).
    fn check_awaitable(&self, v: Value, what: &str) -> PyResult<Value> {
        if self.is_awaitable(&v) {
            return Ok(v);
        }
        Err(self.type_error(format!("{what}: {}", v.type_name())))
    }

    fn await_other(&self, v: Value) -> BoxFut<'_, PyResult<Value>> {
        boxed_in_place(|| async move {
            if let Some(step) = v.downcast::<AsyncGenStep>() {
                let Some(how) = step.how.borrow_mut().take() else {
                    return Err(self.runtime_error(if step.throws {
                        "cannot reuse already awaited aclose()/athrow()"
                    } else {
                        "cannot reuse already awaited __anext__()/asend()"
                    }));
                };
                let how = Some(how);
                let closing = step.aclose
                    || matches!(&how, Some(Resume::Throw(e)) if e.is(&self.exc.generator_exit));
                return AsyncGenFuture {
                    gen: step.gen.clone(),
                    how,
                    closing,
                }
                .await;
            }
            if let Some(a) = v.downcast::<AnextAwaitable>() {
                return match Box::pin(self.await_value(a.step.clone())).await {
                    Err(e) if e.is(&self.exc.stop_async_iteration) => Ok(a.default.clone()),
                    r => r,
                };
            }
            if let Some(m) = self.lookup_special(&v, "__await__") {
                let it = self.call_value(&m, vec![])?;
                if let Some(w) = it.downcast::<CoroutineWrapper>() {
                    // `return coro.__await__()`: awaited as the coroutine itself.
                    return Box::pin(self.await_value(w.coro.clone())).await;
                }
                if let Some(g) = it.downcast::<Generator>() {
                    // Driven as a task drives it: what a future it waited for raised (a
                    // cancellation too) is thrown in at its `yield`.
                    let mut how = Resume::Send(Value::None);
                    loop {
                        match g.resume(self, how)? {
                            Some(y) if y.downcast::<Blocked>().is_some() => {
                                PendingOnce(false).await;
                                how = Resume::Send(Value::None);
                            }
                            Some(y) => {
                                let r = self.task_yield(y).await;
                                how = match r {
                                    Ok(()) => Resume::Send(Value::None),
                                    Err(e) => Resume::Throw(e),
                                };
                            }
                            None => {
                                return Ok(g
                                    .return_value
                                    .borrow_mut()
                                    .take()
                                    .unwrap_or(Value::None))
                            }
                        }
                    }
                }
                if it.downcast::<Coroutine>().is_some() {
                    return Err(self.type_error("__await__() returned a coroutine"));
                }
                if it.downcast::<crate::runtime::future::FutCore>().is_some() {
                    // `fut.__await__()` (CPython's FutureIter).
                    return Box::pin(self.await_value(it)).await;
                }
                let is_iterator = match &it {
                    Value::Instance(_) => self.lookup_special(&it, "__next__").is_some(),
                    Value::Native(_) => self.is_native_iterator(&it),
                    _ => false,
                };
                if !is_iterator {
                    return Err(self.type_error(format!(
                        "__await__() returned non-iterator of type '{}'",
                        it.type_name()
                    )));
                }
                while let Some(y) = self.next_of(&it)? {
                    self.task_yield(y).await?;
                }
                return Ok(Value::None);
            }
            Err(self.type_error(format!(
                "object {} can't be used in 'await' expression",
                v.type_name()
            )))
        })
    }
}
