//! The asynchronous runtime: the event loop, tasks, futures and the virtual clock.
//!
//! `event_loop.rs` runs handles in CPython's order, `future.rs` is `asyncio.Future` and
//! `asyncio.Task`, `task.rs` steps tasks and holds the leaf futures coroutines suspend on,
//! `asyncio.rs` is the module scripts import (partly written in Aio itself, in
//! `asyncio.aio`), `threads.rs` runs blocking functions off the loop, `executor.rs` is
//! `concurrent.futures`.

pub mod asyncio;
mod blocks;
mod callbacks;
pub mod chain;
pub mod clock;
pub mod deque;
pub mod event_loop;
pub mod events;
pub mod exception_handler;
pub mod executor;
pub mod future;
pub mod interrupt;
pub mod queues;
pub mod reprlib;
pub mod task;
pub mod threads;

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::pin::Pin;
use std::rc::Rc;
use std::task::Poll;

use crate::ast::{Module, Name};
use crate::builtins::Args;
use crate::interp::suspend::{method, BodyFuture, CoroState, Coroutine};
use crate::interp::{Frame, Interp};
use crate::native_rc::NRc;
use crate::object::{BuiltinFn, Exc, PyResult};
use crate::value::{Native, Value};

use event_loop::{CallHandle, LoopState};
use future::{FutCore, Handle, SleepWait};

thread_local! {
    /// The loop running now (`get_running_loop`).
    static RUNNING: RefCell<Option<Rc<LoopState>>> = const { RefCell::new(None) };
    /// The loop `get_event_loop` returns when none is running.
    static CURRENT: RefCell<Option<Rc<LoopState>>> = const { RefCell::new(None) };
    /// A top-level `asyncio.run` may run a loop inside the program's own loop.
    static NESTED_OK: Cell<bool> = const { Cell::new(false) };
    static TASK_COUNTER: Cell<u64> = const { Cell::new(0) };
    /// The REPL is running: an input's top level counts as the main task's.
    static INTERACTIVE: Cell<bool> = const { Cell::new(false) };
}

pub fn set_interactive(on: bool) {
    INTERACTIVE.with(|i| i.set(on));
}

/// Whether code outside any task is the top level of a REPL input.
pub fn interactive() -> bool {
    INTERACTIVE.with(|i| i.get())
}

pub fn set_running_loop(l: Option<Rc<LoopState>>) -> Option<Rc<LoopState>> {
    RUNNING.with(|r| std::mem::replace(&mut *r.borrow_mut(), l))
}

pub fn running_loop() -> Option<Rc<LoopState>> {
    RUNNING.with(|r| r.borrow().clone())
}

pub fn nested_run_allowed() -> bool {
    NESTED_OK.with(|n| n.replace(false))
}

pub fn set_event_loop(l: Option<Rc<LoopState>>) {
    CURRENT.with(|c| *c.borrow_mut() = l);
}

pub fn event_loop() -> Rc<LoopState> {
    if let Some(l) = running_loop() {
        return l;
    }
    CURRENT.with(|c| c.borrow_mut().get_or_insert_with(LoopState::new).clone())
}

/// The next `Task-N` name (numbers are shared by every loop, as in CPython).
pub fn next_task_name() -> future::TaskName {
    TASK_COUNTER.with(|c| {
        let n = c.get() + 1;
        c.set(n);
        future::TaskName::Number(n)
    })
}

pub fn skip_task_numbers(n: u64) {
    TASK_COUNTER.with(|c| c.set(c.get() + n));
}

/// Wraps a coroutine object in a task scheduled on `loop_`.
pub fn create_task(
    interp: &Interp,
    loop_: &Rc<LoopState>,
    coro: &Value,
    name: Option<String>,
) -> PyResult<NRc<FutCore>> {
    let mut detached = None;
    let body = match coro.downcast::<Coroutine>() {
        Some(c) => {
            let body = c.take_future(interp)?;
            // Held only by the caller's arguments (`create_task(work())`), the coroutine
            // object goes with them: the task keeps its function instead.
            if let (crate::interp::suspend::CoroCode::Function(func), Value::Native(n)) =
                (&c.code, coro)
            {
                if n.is_unique() {
                    detached = Some(func.clone());
                }
            }
            body
        }
        // An async generator's asend()/athrow()/aclose()/anext() awaitable: the task
        // awaits it, and keeps it as its coroutine.
        None if crate::interp::suspend::is_coroutine(coro) => {
            let rc = crate::interp::current_rc();
            let step = coro.clone();
            Box::pin(async move { rc.await_value(step).await })
        }
        None => {
            return Err(interp.type_error(format!(
                "a coroutine was expected, got {}",
                interp.repr(coro)?
            )))
        }
    };
    // A task given a name takes no number, as in CPython.
    let name = name.map_or_else(next_task_name, future::TaskName::Text);
    let task = FutCore::new_task(
        loop_.clone(),
        body,
        match detached {
            Some(func) => future::TaskCoro::Detached(func),
            None => future::TaskCoro::Object(coro.clone()),
        },
        name,
        false,
    );
    loop_.call_soon(Handle::Step(task.clone()));
    loop_.add_task(&task);
    Ok(task)
}

/// `ensure_future(x)`: a future as is, a coroutine wrapped in a task.
pub fn ensure_future(interp: &Interp, v: &Value) -> PyResult<NRc<FutCore>> {
    if let Some(f) = v.downcast::<FutCore>() {
        return Ok(f.rc());
    }
    if crate::interp::suspend::is_coroutine(v) {
        return create_task(interp, &event_loop(), v, None);
    }
    if interp.is_awaitable(v) {
        // Any other awaitable runs in a task of its own, as CPython's `_wrap_awaitable`.
        let rc = crate::interp::current_rc();
        let v = v.clone();
        let body: BodyFuture = Box::pin(async move { rc.await_value(v).await });
        let coro = builtin_coroutine(interp, "_wrap_awaitable", body);
        return create_task(interp, &event_loop(), &coro, None);
    }
    Err(interp.type_error("An asyncio.Future, a coroutine or an awaitable is required"))
}

/// The shared `Name` of a built-in coroutine (`"Queue.get"`): made once per name, not per
/// call.
fn static_name(name: &'static str) -> Name {
    thread_local! {
        // A handful of names: a scan by address beats hashing.
        static NAMES: RefCell<Vec<(&'static str, Name)>> = const { RefCell::new(Vec::new()) };
    }
    NAMES
        .try_with(|names| {
            let mut names = names.borrow_mut();
            if let Some((_, n)) = names.iter().find(|(s, _)| std::ptr::eq(*s, name)) {
                return n.clone();
            }
            let n = Name::from(name);
            names.push((name, n.clone()));
            n
        })
        .unwrap_or_else(|_| name.into())
}

/// A coroutine object whose body is Rust (`asyncio.sleep`, `Queue.get`, ...).
pub fn builtin_coroutine(interp: &Interp, name: &'static str, body: BodyFuture) -> Value {
    let source = interp
        .main_source
        .borrow()
        .clone()
        .unwrap_or_else(|| Rc::new(crate::source::Source::new("<aio>", "")));
    let name = static_name(name);
    Value::native(Coroutine {
        future: Cell::new(Some(body)),
        qualname: name.clone(),
        name,
        state: Cell::new(CoroState::Created),
        executing: Cell::new(false),
        code: crate::interp::suspend::CoroCode::Builtin(source),
    })
}

/// The future that awaiting `v` means, if `v` is a Future or Task.
pub fn awaitable(_interp: &Interp, v: &Value) -> Option<task::AwaitFut> {
    let f = v.downcast::<FutCore>()?.rc();
    Some(task::AwaitFut::new(f))
}

/// `await asyncio.sleep(0)`: lets every other ready task run once.
pub async fn yield_now() -> PyResult<()> {
    task::YieldNow::default().await
}

/// `await asyncio.sleep(delay)`: set when the sleep starts (its first poll), as CPython's
/// coroutine does. Hand-written: a task sleeping holds it, inline in the await it waits at
/// (an async fn's state was twice its size, and boxed). Where CPython makes a future for
/// the timer to complete, the timer here steps the task itself ([`SleepWait`]); what the
/// task's repr and `cancel()` see is as if there were that future. What the sleep returns
/// is `None`; `sleep(delay, result)` wraps one ([`sleep_with`]).
pub fn sleep(delay: f64) -> Sleep {
    Sleep {
        time: delay,
        task: None,
        state: SleepState::Start.pack(),
    }
}

pub struct Sleep {
    /// The delay until the sleep starts, then the loop time it is due at.
    time: f64,
    /// The task whose timer it set, while it waits.
    task: Option<NRc<FutCore>>,
    /// A [`SleepState`], packed into a word.
    state: u64,
}

// What every task pending on a sleep holds, inline in the await it waits at: no larger
// than the largest other await (a coroutine object and its body), so that the await is
// no larger for it.
const _: () = assert!(std::mem::size_of::<Sleep>() <= 24);

#[derive(Clone, Copy, PartialEq, Debug)]
enum SleepState {
    Start,
    Done,
    /// `sleep(0)` (or less): one turn of the loop, given once `yielded`.
    Yield {
        yielded: bool,
    },
    /// Waiting for the timer `token` of `task`, due at `time`.
    Wait(u64),
}

impl SleepState {
    /// The token above the kind's two bits (tokens are [`SleepWait::TOKEN_MASK`]ed).
    fn pack(self) -> u64 {
        match self {
            SleepState::Start => 0,
            SleepState::Done => 1,
            SleepState::Yield { yielded } => 2 | (u64::from(yielded) << 2),
            SleepState::Wait(token) => ((token & SleepWait::TOKEN_MASK) << 2) | 3,
        }
    }

    fn unpack(w: u64) -> SleepState {
        match w & 3 {
            0 => SleepState::Start,
            1 => SleepState::Done,
            2 => SleepState::Yield {
                yielded: w & 4 != 0,
            },
            _ => SleepState::Wait(w >> 2),
        }
    }
}

impl Sleep {
    fn state(&self) -> SleepState {
        SleepState::unpack(self.state)
    }

    fn set_state(&mut self, s: SleepState) {
        self.state = s.pack();
    }

    /// Sets the timer of a sleep of `task` due at `when`.
    fn wait(&mut self, task: NRc<FutCore>, when: f64) {
        let Some(t) = &task.task else {
            return;
        };
        let token = task.loop_.sleep_until(when, task.clone());
        t.set_sleep(SleepWait::Waiting(token));
        self.time = when;
        self.set_state(SleepState::Wait(token));
        self.task = Some(task);
    }

    /// `sleep(0)`: one turn of the loop.
    fn yield_once(&mut self, mut yielded: bool) -> Poll<PyResult<Value>> {
        let r = task::yield_once(&mut yielded);
        self.set_state(SleepState::Yield { yielded });
        let r = std::task::ready!(r);
        Poll::Ready(r.map(|()| Value::None))
    }

    fn over(&mut self) -> Poll<PyResult<Value>> {
        self.set_state(SleepState::Done);
        self.task = None;
        Poll::Ready(Ok(Value::None))
    }
}

impl std::future::Future for Sleep {
    type Output = PyResult<Value>;

    fn poll(self: Pin<&mut Self>, _: &mut std::task::Context<'_>) -> Poll<PyResult<Value>> {
        // Every part is `Unpin` (numbers, a reference count).
        let this = self.get_mut();
        match this.state() {
            SleepState::Start => {
                if this.time <= 0.0 || this.time.is_nan() {
                    return this.yield_once(false);
                }
                let Some(interp) = crate::interp::try_current_rc() else {
                    return this.over();
                };
                let Some(task) = task::current_task() else {
                    return Poll::Ready(Err(interp.runtime_error("await wasn't used with future")));
                };
                let when = interp.clock.monotonic() + this.time;
                this.wait(task, when);
                Poll::Pending
            }
            SleepState::Done => Poll::Ready(Ok(Value::None)),
            SleepState::Yield { yielded } => this.yield_once(yielded),
            SleepState::Wait(token) => {
                let Some(task) = this.task.clone() else {
                    return this.over();
                };
                let Some(t) = &task.task else {
                    return this.over();
                };
                let state = t.sleep();
                if let Some(e) = task::take_pending_throw() {
                    if state.token() == Some(token) || state == SleepWait::Cancelled {
                        t.set_sleep(SleepWait::None);
                    }
                    this.set_state(SleepState::Done);
                    this.task = None;
                    return Poll::Ready(Err(e));
                }
                match state {
                    SleepWait::Over(k) if k == token => {
                        t.set_sleep(SleepWait::None);
                        this.over()
                    }
                    // Stepped for something else (the task's own timer is still set).
                    SleepWait::Waiting(k) if k == token => Poll::Pending,
                    // The task waited for something else meanwhile (this sleep is in a
                    // coroutine driven by hand with `send`): over if it is due, else its
                    // timer is set again.
                    _ => {
                        let Some(interp) = crate::interp::try_current_rc() else {
                            return this.over();
                        };
                        if interp.clock.monotonic() + 1e-9 >= this.time {
                            return this.over();
                        }
                        let when = this.time;
                        this.wait(task, when);
                        Poll::Pending
                    }
                }
            }
        }
    }
}

impl Drop for Sleep {
    /// A sleep dropped while it waits (its coroutine closed, its task gone) leaves its
    /// timer with nothing to do.
    fn drop(&mut self) {
        if let (SleepState::Wait(token), Some(task)) = (self.state(), &self.task) {
            if let Some(t) = &task.task {
                if t.sleep().token() == Some(token) {
                    t.set_sleep(SleepWait::None);
                }
            }
        }
    }
}

/// `await asyncio.sleep(delay, result)`: the sleep, then `result`.
pub fn sleep_with(delay: f64, result: Value) -> BodyFuture {
    Box::pin(async move {
        sleep(delay).await?;
        Ok(result)
    })
}

/// Reports a callback that raised `e` to the loop's exception handler, with CPython's
/// context (`Exception in callback f(1) at x.aio:3` and the handle).
pub fn report_callback_error(
    interp: &Interp,
    loop_: &Rc<LoopState>,
    h: &Rc<CallHandle>,
    e: Exc,
) -> PyResult<()> {
    let desc = callback_repr(interp, &h.func, &h.args);
    let report =
        exception_handler::ErrorReport::new(format!("Exception in callback {desc}"), Some(e.value))
            .with("handle", Value::native(HandleObject(h.clone())))
            .raised_in_loop();
    exception_handler::report(interp, loop_, report)
}

/// `f(1, 2) at x.aio:3` style description of a callback, as CPython's handle reprs.
pub fn callback_repr(interp: &Interp, f: &Value, args: &[Value]) -> String {
    let args: Vec<String> = args.iter().map(|a| reprlib::repr(interp, a)).collect();
    match f {
        Value::Function(func) => format!(
            "{}({}) at {}:{}",
            func.qualname.borrow(),
            args.join(", "),
            func.source.name,
            func.source.line(func.def.span)
        ),
        Value::Method(m) => match &m.func {
            Value::Function(func) => format!(
                "{}({}) at {}:{}",
                func.qualname.borrow(),
                args.join(", "),
                func.source.name,
                func.source.line(func.def.span)
            ),
            other => format!("{}({})", other.type_name(), args.join(", ")),
        },
        Value::Builtin(b) => format!("{}({})", b.name, args.join(", ")),
        // A class shows its `__qualname__`, as any callable that has one.
        Value::Class(c) => format!("{}({})", c.qualname, args.join(", ")),
        other => format!(
            "{}({})",
            interp.repr(other).unwrap_or_default(),
            args.join(", ")
        ),
    }
}

// ---------------------------------------------------------------- running programs

/// Runs a module whose top level awaits: the module body is the program's main task.
pub fn run_main_module(
    interp: &Interp,
    frame: Frame<'static>,
    module: Rc<Module>,
) -> Result<(), Exc> {
    let rc = crate::interp::current_rc();
    let mut frame = frame;
    let body: BodyFuture = Box::pin(async move {
        let r = rc.exec_block_async(&mut frame, &module.body).await;
        frame.finish(r)
    });
    let coro = builtin_coroutine(
        interp,
        "<module>",
        Box::pin(std::future::ready(Ok(Value::None))),
    );
    if let Some(c) = coro.downcast::<Coroutine>() {
        c.future.take();
        c.state.set(CoroState::Running);
    }
    let loop_ = LoopState::new();
    // The module body is the task: its frames are the module's.
    loop_.frames_below.set(0);
    set_event_loop(Some(loop_.clone()));
    let task = FutCore::new_task(
        loop_.clone(),
        body,
        future::TaskCoro::Object(coro),
        next_task_name(),
        true,
    );
    loop_.add_task(&task);
    loop_.call_soon(Handle::Step(task.clone()));
    // The first Ctrl-C cancels the module's task, as `asyncio.run` does its main task.
    let cancel = crate::interp::limits::canceller(task.clone(), task::cancel);
    interp.set_main_canceller(Some(cancel));
    let r = run_to_end(interp, &loop_, &task);
    interp.set_main_canceller(None);
    set_event_loop(None);
    interp.after_main_task(r).map(|_| ())
}

/// `loop.run_until_complete(main)` and then what `asyncio.run` does on the way out:
/// cancels the tasks still pending and closes the loop.
pub fn run_to_end(interp: &Interp, loop_: &Rc<LoopState>, main: &NRc<FutCore>) -> PyResult<Value> {
    let nested = NESTED_OK.with(|n| n.get());
    let r = run_main_task(interp, loop_, main);
    shutdown(interp, loop_, nested)?;
    r
}

/// Runs `loop_` until `main` is done (`Runner.run`): its result, or "Event loop stopped
/// before Future completed." when `loop.stop()` ended the run first.
pub fn run_main_task(
    interp: &Interp,
    loop_: &Rc<LoopState>,
    main: &NRc<FutCore>,
) -> PyResult<Value> {
    loop_.run_until_complete(interp, main)?;
    if !main.done() {
        return Err(interp.runtime_error("Event loop stopped before Future completed."));
    }
    main.result(interp)
}

/// What `asyncio.run` and `Runner.close` do to a loop on the way out: cancel the tasks
/// still pending (reporting those that fail instead), close the async generators still
/// alive, and close the loop. `nested`: the loop runs inside the program's own (a
/// top-level `asyncio.run` in a program that awaits at the top level).
pub fn shutdown(interp: &Interp, loop_: &Rc<LoopState>, nested: bool) -> PyResult<()> {
    let r = cancel_leftovers(interp, loop_, nested);
    if r.is_ok() {
        shutdown_asyncgens(interp, loop_, nested);
    }
    loop_.closed.set(true);
    r
}

/// `loop.run_until_complete(loop.shutdown_asyncgens())` and the task number that
/// `shutdown_default_executor` takes: both are tasks in CPython, whose numbers later task
/// names show.
fn shutdown_asyncgens(interp: &Interp, loop_: &Rc<LoopState>, nested: bool) {
    if !loop_.has_asyncgens() {
        skip_task_numbers(2);
        return;
    }
    let coro = builtin_coroutine(
        interp,
        "BaseEventLoop.shutdown_asyncgens",
        shutdown_asyncgens_body(loop_.clone()),
    );
    if let Ok(t) = create_task(interp, loop_, &coro, None) {
        if nested {
            allow_nested_run();
        }
        let _ = loop_.run_until_complete(interp, &t);
    }
    skip_task_numbers(1);
}

/// Cancels the tasks of `loop_` still pending and runs the loop until they are done
/// (CPython's `_cancel_all_tasks`).
fn cancel_leftovers(interp: &Interp, loop_: &Rc<LoopState>, nested: bool) -> PyResult<()> {
    let leftovers = loop_.pending_tasks();
    if leftovers.is_empty() {
        return Ok(());
    }
    for t in &leftovers {
        task::cancel(interp, t, None);
    }
    let all = asyncio::gather_futures(interp, leftovers.clone(), true);
    if nested {
        allow_nested_run();
    }
    let _ = loop_.run_until_complete(interp, &all);
    for t in &leftovers {
        report_shutdown_failure(interp, loop_, t)?;
    }
    Ok(())
}

/// A task cancelled by the shutdown of `asyncio.run` that failed instead of ending
/// cancelled: reported to the loop's exception handler, as CPython's `_cancel_all_tasks`
/// does (its exception counts as retrieved).
fn report_shutdown_failure(
    interp: &Interp,
    loop_: &Rc<LoopState>,
    t: &NRc<FutCore>,
) -> PyResult<()> {
    let e = match t.state() {
        future::FutState::Failed(e) => e,
        _ => return Ok(()),
    };
    t.mark_retrieved();
    let report = exception_handler::ErrorReport::new(
        "unhandled exception during asyncio.run() shutdown",
        Some(e),
    )
    .with("task", t.value());
    exception_handler::report(interp, loop_, report)
}

/// `loop.shutdown_asyncgens()`: closes every async generator first iterated on `loop_`
/// that is still alive, each `aclose()` in a task of its own, all at once (CPython gathers
/// them with `return_exceptions=True`). An `Exception` one raised is reported as the
/// loop's default exception handler reports it.
fn shutdown_asyncgens_body(loop_: Rc<LoopState>) -> BodyFuture {
    let rc = crate::interp::current_rc();
    Box::pin(async move {
        let interp = &*rc;
        let gens = loop_.take_asyncgens();
        if gens.is_empty() {
            return Ok(Value::None);
        }
        let coros: Vec<Value> = gens
            .iter()
            .map(|g| crate::interp::suspend::aclose_coroutine(interp, g.clone()))
            .collect();
        let mut tasks = Vec::with_capacity(coros.len());
        for c in &coros {
            tasks.push(create_task(interp, &loop_, c, None)?);
        }
        let all = asyncio::gather_futures(interp, tasks.clone(), true);
        task::AwaitFut::new(all).await?;
        for (t, g) in tasks.iter().zip(&gens) {
            let e = match t.state() {
                future::FutState::Failed(e) => e,
                _ => continue,
            };
            if !e.class.is_subclass_of(&interp.exc.exception) {
                continue;
            }
            let agen = interp.repr(g)?;
            let report = exception_handler::ErrorReport::new(
                format!("an error occurred during closing of asynchronous generator {agen}"),
                Some(e),
            )
            .with("asyncgen", g.clone());
            exception_handler::report(interp, &loop_, report)?;
        }
        Ok(Value::None)
    })
}

// ---------------------------------------------------------------- the loop object

pub struct LoopObject(pub Rc<LoopState>);

pub fn loop_value(l: Rc<LoopState>) -> Value {
    l.object
        .get_or_init(|| Value::native(LoopObject(l.clone())))
        .clone()
}

fn loop_arg(interp: &Interp, v: &Value) -> PyResult<Rc<LoopState>> {
    match v.downcast::<LoopObject>() {
        Some(l) => Ok(l.0.clone()),
        None => Err(interp.type_error("an event loop is required")),
    }
}

/// The loop and the one argument of a loop method `self.name(param)`, checked as
/// CPython's (Python) method checks them.
fn loop_and_arg(
    interp: &Interp,
    args: crate::object::CallArgs,
    qualname: &str,
    param: &str,
) -> PyResult<(Rc<LoopState>, Value)> {
    let a = Args::parse_python(interp, qualname, args, &["self", param], 2)?;
    let l = loop_arg(interp, a.get(0).unwrap_or(&Value::None))?;
    Ok((l, a.get(1).cloned().unwrap_or(Value::None)))
}

impl Native for LoopObject {
    fn type_name(&self) -> &str {
        "_UnixSelectorEventLoop"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn repr(&self, _: &Interp, _: &Value) -> Option<PyResult<String>> {
        let l = &self.0;
        let cap = |b: bool| if b { "True" } else { "False" };
        Some(Ok(format!(
            "<_UnixSelectorEventLoop running={} closed={} debug={}>",
            cap(l.running.get()),
            cap(l.closed.get()),
            cap(l.debug.get())
        )))
    }
    fn get_attr(&self, _: &Interp, this: &Value, name: &str) -> Option<PyResult<Value>> {
        let f: BuiltinFn = match name {
            "time" => |i, _| Ok(Value::Float(i.clock.monotonic())),
            "is_running" => |i, a| Ok(Value::Bool(loop_arg(i, &a.args[0])?.running.get())),
            "is_closed" => |i, a| Ok(Value::Bool(loop_arg(i, &a.args[0])?.closed.get())),
            "get_debug" => |i, a| Ok(Value::Bool(loop_arg(i, &a.args[0])?.debug.get())),
            "set_debug" => |i, a| {
                let (l, enabled) = loop_and_arg(i, a, "BaseEventLoop.set_debug", "enabled")?;
                l.debug.set(i.truthy(&enabled)?);
                Ok(Value::None)
            },
            "stop" => |i, a| {
                loop_arg(i, &a.args[0])?.stopping.set(true);
                Ok(Value::None)
            },
            "close" => |i, a| {
                let l = loop_arg(i, &a.args[0])?;
                if l.running.get() {
                    return Err(i.runtime_error("Cannot close a running event loop"));
                }
                l.close();
                Ok(Value::None)
            },
            "run_until_complete" => |i, a| {
                let l = loop_arg(i, &a.args[0])?;
                let v = a.args.get(1).cloned().unwrap_or(Value::None);
                if l.closed.get() {
                    return Err(i.runtime_error("Event loop is closed"));
                }
                if l.running.get() {
                    return Err(i.runtime_error("This event loop is already running"));
                }
                let fut = match v.downcast::<FutCore>() {
                    Some(f) if !Rc::ptr_eq(&f.loop_, &l) => {
                        return Err(i.value_error(
                            "The future belongs to a different loop than the one specified as the loop argument",
                        ));
                    }
                    Some(f) => f.rc(),
                    None => {
                        let task = create_task(i, &l, &v, None)?;
                        // An error if it does not finish: no report when it goes.
                        if let Some(t) = &task.task {
                            t.set_log_destroy_pending(false);
                        }
                        task
                    }
                };
                // CPython's run_until_complete frame above run_forever's.
                l.frames_below.set(6);
                l.run_until_complete(i, &fut)?;
                if !fut.done() {
                    return Err(i.runtime_error("Event loop stopped before Future completed."));
                }
                fut.result(i)
            },
            "run_forever" => |i, a| {
                let l = loop_arg(i, &a.args[0])?;
                l.frames_below.set(5);
                l.run_forever(i).map(|_| Value::None)
            },
            "create_task" => |i, mut a| {
                let l = loop_arg(i, &a.args[0])?;
                if l.closed.get() {
                    return Err(i.runtime_error("Event loop is closed"));
                }
                // Taken, not copied: a coroutine object held by nothing else can go.
                let coro = a
                    .args
                    .get_mut(1)
                    .map_or(Value::None, |c| std::mem::replace(c, Value::None));
                let name = a
                    .kwargs
                    .iter()
                    .find(|(k, v)| &**k == "name" && !v.is_none())
                    .map(|(_, v)| i.str(v))
                    .transpose()?;
                Ok(create_task(i, &l, &coro, name)?.value())
            },
            "create_future" => |i, a| Ok(FutCore::new_future(loop_arg(i, &a.args[0])?).value()),
            "call_soon" => |i, a| schedule(i, a, Schedule::Soon),
            "call_soon_threadsafe" => |i, a| schedule(i, a, Schedule::SoonThreadsafe),
            "call_later" => |i, a| schedule(i, a, Schedule::Later),
            "call_at" => |i, a| schedule(i, a, Schedule::At),
            "run_in_executor" => threads::run_in_executor,
            "set_exception_handler" => |i, a| {
                let (l, handler) =
                    loop_and_arg(i, a, "BaseEventLoop.set_exception_handler", "handler")?;
                exception_handler::set_handler(i, &l, handler)?;
                Ok(Value::None)
            },
            "get_exception_handler" => |i, a| {
                let a =
                    Args::parse_python(i, "BaseEventLoop.get_exception_handler", a, &["self"], 1)?;
                let l = loop_arg(i, a.get(0).unwrap_or(&Value::None))?;
                let handler = l.exception_handler.borrow().clone();
                Ok(handler.unwrap_or(Value::None))
            },
            "call_exception_handler" => |i, a| {
                let (l, context) =
                    loop_and_arg(i, a, "BaseEventLoop.call_exception_handler", "context")?;
                exception_handler::call_handler(i, &l, &context, false)?;
                Ok(Value::None)
            },
            "default_exception_handler" => |i, a| {
                let (_, context) =
                    loop_and_arg(i, a, "BaseEventLoop.default_exception_handler", "context")?;
                exception_handler::default_handler(i, &context, false)?;
                Ok(Value::None)
            },
            "shutdown_asyncgens" => |i, a| {
                let l = loop_arg(i, &a.args[0])?;
                Ok(builtin_coroutine(
                    i,
                    "BaseEventLoop.shutdown_asyncgens",
                    shutdown_asyncgens_body(l),
                ))
            },
            "shutdown_default_executor" => |i, _| {
                Ok(builtin_coroutine(
                    i,
                    "shutdown",
                    Box::pin(std::future::ready(Ok(Value::None))),
                ))
            },
            _ => return None,
        };
        Some(Ok(method(this, name, f)))
    }
}

#[derive(Clone, Copy)]
enum Schedule {
    Soon,
    /// `call_soon_threadsafe`: the same as `call_soon` here (a green thread runs on the
    /// loop's own thread, and the loop is never blocked waiting for it).
    SoonThreadsafe,
    Later,
    At,
}

impl Schedule {
    /// The method's name and its parameters before `*args`.
    fn signature(self) -> (&'static str, &'static [&'static str]) {
        match self {
            Schedule::Soon => ("BaseEventLoop.call_soon", &["self", "callback"]),
            Schedule::SoonThreadsafe => {
                ("BaseEventLoop.call_soon_threadsafe", &["self", "callback"])
            }
            Schedule::Later => ("BaseEventLoop.call_later", &["self", "delay", "callback"]),
            Schedule::At => ("BaseEventLoop.call_at", &["self", "when", "callback"]),
        }
    }
}

/// A positive delay CPython adds to the loop's time as a float: an int past the float
/// range is its `OverflowError` (a negative one never gets that far).
pub fn check_delay(interp: &Interp, delay: &Value, d: f64) -> PyResult<()> {
    if d == f64::INFINITY && matches!(delay, Value::BigInt(_)) {
        return Err(interp.overflow_error("int too large to convert to float"));
    }
    Ok(())
}

fn schedule(interp: &Interp, a: crate::object::CallArgs, how: Schedule) -> PyResult<Value> {
    let (qualname, params) = how.signature();
    if let Some((k, _)) = a.kwargs.iter().find(|(k, _)| &**k != "context") {
        return Err(interp.type_error(format!(
            "{qualname}() got an unexpected keyword argument '{k}'"
        )));
    }
    if a.args.len() < params.len() {
        let missing: Vec<String> = params[a.args.len()..]
            .iter()
            .map(|p| format!("'{p}'"))
            .collect();
        let plural = if missing.len() == 1 { "" } else { "s" };
        return Err(interp.type_error(format!(
            "{qualname}() missing {} required positional argument{plural}: {}",
            missing.len(),
            missing.join(" and ")
        )));
    }
    let mut args = a.args.into_iter();
    let l = loop_arg(interp, &args.next().unwrap_or(Value::None))?;
    if l.closed.get() {
        return Err(interp.runtime_error("Event loop is closed"));
    }
    let mut when_given = None;
    let when = match how {
        Schedule::Soon | Schedule::SoonThreadsafe => None,
        Schedule::Later => {
            let d = args.next().unwrap_or(Value::None);
            let f = crate::builtins::functions::to_f64(&d)
                .ok_or_else(|| interp.type_error("delay must be a number"))?;
            check_delay(interp, &d, f)?;
            Some(interp.clock.monotonic() + f)
        }
        Schedule::At => {
            let w = args.next().unwrap_or(Value::None);
            let at = crate::builtins::functions::to_f64(&w)
                .ok_or_else(|| interp.type_error("when must be a number"))?;
            when_given = Some(w);
            Some(at)
        }
    };
    let func = args.next().unwrap_or(Value::None);
    let handle = Rc::new(CallHandle {
        func,
        args: args.collect(),
        cancelled: Cell::new(false),
        when,
        when_given,
    });
    match when {
        None => l.call_soon(Handle::Call(handle.clone())),
        Some(t) => l.call_at(t, Handle::Call(handle.clone())),
    }
    Ok(Value::native(HandleObject(handle)))
}

/// What `call_soon`/`call_later` return.
pub struct HandleObject(pub Rc<CallHandle>);

/// `<Handle f(1) at x.aio:3>`, `<TimerHandle when=12.5 f()>`, as CPython's reprs; a
/// cancelled handle no longer shows its callback (CPython's lets go of it).
fn handle_repr(interp: &Interp, h: &CallHandle) -> String {
    let mut info = vec![];
    if h.cancelled.get() {
        info.push("cancelled".to_string());
    }
    match (&h.when_given, h.when) {
        (Some(given), _) => info.push(format!("when={}", interp.repr(given).unwrap_or_default())),
        (None, Some(w)) => info.push(format!("when={}", crate::format::float_repr(w))),
        (None, None) => {}
    }
    if !h.cancelled.get() {
        info.push(callback_repr(interp, &h.func, &h.args));
    }
    let kind = if h.when.is_some() {
        "TimerHandle"
    } else {
        "Handle"
    };
    format!("<{kind} {}>", info.join(" "))
}

impl Native for HandleObject {
    fn type_name(&self) -> &str {
        if self.0.when.is_some() {
            "TimerHandle"
        } else {
            "Handle"
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn repr(&self, interp: &Interp, _: &Value) -> Option<PyResult<String>> {
        Some(Ok(handle_repr(interp, &self.0)))
    }
    fn get_attr(&self, _: &Interp, this: &Value, name: &str) -> Option<PyResult<Value>> {
        let f: BuiltinFn = match name {
            "cancel" => |_, a| {
                if let Some(h) = a.args[0].downcast::<HandleObject>() {
                    h.0.cancelled.set(true);
                }
                Ok(Value::None)
            },
            "cancelled" => |_, a| {
                Ok(Value::Bool(
                    a.args[0]
                        .downcast::<HandleObject>()
                        .is_some_and(|h| h.0.cancelled.get()),
                ))
            },
            "when" => |_, a| {
                let Some(h) = a.args[0].downcast::<HandleObject>() else {
                    return Ok(Value::None);
                };
                Ok(match (&h.0.when_given, h.0.when) {
                    (Some(given), _) => given.clone(),
                    (None, w) => w.map_or(Value::None, Value::Float),
                })
            },
            _ => return None,
        };
        Some(Ok(method(this, name, f)))
    }
}

/// Lets `asyncio.run` at the top level of a program run a loop inside the program's own.
pub fn allow_nested_run() {
    NESTED_OK.with(|n| n.set(true));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sleep's state comes back from its word as it went in, the largest token too.
    #[test]
    fn sleep_state_packs_into_a_word() {
        let states = [
            SleepState::Start,
            SleepState::Done,
            SleepState::Yield { yielded: false },
            SleepState::Yield { yielded: true },
            SleepState::Wait(0),
            SleepState::Wait(12345),
            SleepState::Wait(SleepWait::TOKEN_MASK),
        ];
        for s in states {
            assert_eq!(SleepState::unpack(s.pack()), s);
        }
    }
}
