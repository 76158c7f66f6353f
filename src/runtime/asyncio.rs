//! The `asyncio` module. The loop, futures, tasks, `sleep`, `gather` and `run` are Rust;
//! the synchronization primitives, queues, `wait`, `wait_for`, `timeout`, `shield`,
//! `as_completed` and `TaskGroup` are written in Aio in `asyncio.aio`, following CPython's
//! own algorithms so their interleavings match.

use std::cell::Cell;
use std::rc::Rc;

use crate::builtins::{builtin, builtin_coroutine_fn, positional, Args};
use crate::interp::suspend::BodyFuture;
use crate::interp::Interp;
use crate::native_rc::{NRc, NWeak};
use crate::object::{CallArgs, PyResult};
use crate::value::{DictMap, Value};

use super::future::{DoneCallback, FutCore, FutState};
use super::{create_task, ensure_future, event_loop, running_loop};

const LIBRARY: &str = include_str!("asyncio.aio");

pub fn make(interp: &Interp) -> Value {
    let exc = &interp.exc;
    let class = |c: &Rc<crate::object::Class>| Value::Class(c.clone());
    let future_class = interp.types.native("_asyncio.Future");
    let task_class = interp.types.native("_asyncio.Task");
    let handle_class = interp.types.native_in("Handle", "asyncio.events", None);
    let timer_handle_class =
        interp
            .types
            .native_in("TimerHandle", "asyncio.events", Some(&handle_class));
    // Made now: a loop made by this module hands these futures out.
    super::executor::future_class(interp);
    let attrs: Vec<(&str, Value)> = vec![
        ("run", builtin("run", run)),
        ("sleep", builtin_coroutine_fn("sleep", sleep, sleep_awaited)),
        ("create_task", builtin("create_task", create_task_fn)),
        (
            "ensure_future",
            builtin("ensure_future", |i, a| {
                let a = positional(i, "ensure_future", a, 1, 1)?;
                Ok(ensure_future(i, &a[0])?.value())
            }),
        ),
        ("gather", builtin("gather", gather)),
        (
            "current_task",
            builtin("current_task", |i, _| {
                if running_loop().is_none() {
                    return Err(i.runtime_error("no running event loop"));
                }
                Ok(super::task::current_task().map_or(Value::None, |t| t.value()))
            }),
        ),
        ("all_tasks", builtin("all_tasks", all_tasks)),
        (
            "get_running_loop",
            builtin("get_running_loop", |i, _| match running_loop() {
                Some(l) => Ok(super::loop_value(l)),
                None => Err(i.runtime_error("no running event loop")),
            }),
        ),
        (
            "get_event_loop",
            builtin("get_event_loop", |_, _| Ok(super::loop_value(event_loop()))),
        ),
        (
            "new_event_loop",
            builtin("new_event_loop", |_, _| {
                Ok(super::loop_value(super::event_loop::LoopState::new()))
            }),
        ),
        (
            "set_event_loop",
            builtin("set_event_loop", |i, a| {
                let a = positional(i, "set_event_loop", a, 1, 1)?;
                let l = a[0].downcast::<super::LoopObject>().map(|l| l.0.clone());
                if l.is_none() && !a[0].is_none() {
                    return Err(i.type_error(format!(
                        "loop must be an instance of AbstractEventLoop or None, not '{}'",
                        a[0].type_name()
                    )));
                }
                super::set_event_loop(l);
                Ok(Value::None)
            }),
        ),
        (
            "iscoroutine",
            builtin("iscoroutine", |i, a| {
                let a = positional(i, "iscoroutine", a, 1, 1)?;
                Ok(Value::Bool(crate::interp::suspend::is_coroutine(&a[0])))
            }),
        ),
        (
            "iscoroutinefunction",
            builtin("iscoroutinefunction", |i, a| {
                let a = positional(i, "iscoroutinefunction", a, 1, 1)?;
                Ok(Value::Bool(is_coroutine_function(&a[0])))
            }),
        ),
        (
            "isfuture",
            builtin("isfuture", |i, a| {
                let a = positional(i, "isfuture", a, 1, 1)?;
                Ok(Value::Bool(a[0].downcast::<FutCore>().is_some()))
            }),
        ),
        ("to_thread", builtin("to_thread", super::threads::to_thread)),
        (
            "run_coroutine_threadsafe",
            builtin(
                "run_coroutine_threadsafe",
                super::chain::run_coroutine_threadsafe,
            ),
        ),
        (
            "wrap_future",
            builtin("wrap_future", super::chain::wrap_future),
        ),
        ("Future", Value::Class(future_class)),
        ("Task", Value::Class(task_class)),
        ("Handle", Value::Class(handle_class)),
        ("TimerHandle", Value::Class(timer_handle_class)),
        (
            "Queue",
            Value::Class(interp.types.native("asyncio.queues.Queue")),
        ),
        (
            "PriorityQueue",
            Value::Class(interp.types.native_derived(
                "asyncio.queues.PriorityQueue",
                &interp.types.native("asyncio.queues.Queue"),
            )),
        ),
        (
            "LifoQueue",
            Value::Class(interp.types.native_derived(
                "asyncio.queues.LifoQueue",
                &interp.types.native("asyncio.queues.Queue"),
            )),
        ),
        ("CancelledError", class(&exc.cancelled_error)),
        ("TimeoutError", class(&exc.timeout_error)),
        ("InvalidStateError", class(&exc.invalid_state_error)),
        ("QueueEmpty", class(&exc.queue_empty)),
        ("QueueFull", class(&exc.queue_full)),
        ("BrokenBarrierError", class(&exc.broken_barrier_error)),
        ("FIRST_COMPLETED", Value::str("FIRST_COMPLETED")),
        ("FIRST_EXCEPTION", Value::str("FIRST_EXCEPTION")),
        ("ALL_COMPLETED", Value::str("ALL_COMPLETED")),
    ];
    let mut core: Vec<(String, Value)> = attrs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    core.push(("deque".into(), builtin("deque", super::deque::new_deque)));
    core.push(("_is_coroutine".into(), IS_COROUTINE.with(Value::clone)));
    core.push((
        "_event_wait".into(),
        builtin("_event_wait", super::events::event_wait),
    ));
    core.push((
        "_event_set".into(),
        builtin("_event_set", super::events::event_set),
    ));
    core.push((
        "_lock_acquire".into(),
        builtin("_lock_acquire", lock_acquire),
    ));
    core.push((
        "_semaphore_acquire".into(),
        builtin("_semaphore_acquire", semaphore_acquire),
    ));
    core.push((
        "_acquire_for_with".into(),
        builtin("_acquire_for_with", acquire_for_with),
    ));
    core.push((
        "_condition_wait".into(),
        builtin("_condition_wait", condition_wait),
    ));
    core.extend(runner_core());
    // The native queues: a class deriving from one derives from its counterpart written
    // in Aio instead, made with the rest of the library, when the program needs it.
    let queues: Vec<(&str, Rc<crate::object::Class>)> = attrs
        .iter()
        .filter(|(n, _)| ["Queue", "PriorityQueue", "LifoQueue"].contains(n))
        .filter_map(|(n, v)| match v {
            Value::Class(c) => Some((*n, c.clone())),
            _ => None,
        })
        .collect();
    for (_, native) in &queues {
        interp.types.expect_subclass_base(native.clone());
    }
    let more: crate::modules::MoreAttrs =
        Box::new(move |interp| library_attrs(interp, core, &queues));
    crate::modules::module_with_more("asyncio", attrs, Some(more))
}

/// The attributes `asyncio.aio` makes, given `core`; the queues written there become the
/// bases of user classes deriving from the native `queues`.
fn library_attrs(
    interp: &Interp,
    core: Vec<(String, Value)>,
    queues: &[(&str, Rc<crate::object::Class>)],
) -> Vec<(String, Value)> {
    let mut attrs = Vec::new();
    match load_library(interp, core) {
        Ok(extra) => {
            for (k, v) in extra {
                // The queues written in Aio, for user classes deriving from the native ones.
                if let Some(name) = k.strip_prefix("_subclassable_") {
                    let native = queues.iter().find(|(n, _)| *n == name).map(|(_, c)| c);
                    if let (Some(native), Value::Class(written)) = (native, &v) {
                        interp
                            .types
                            .set_subclass_base(native.clone(), written.clone());
                    }
                    continue;
                }
                if let (Value::Class(event), "Event") = (&v, k.as_str()) {
                    if let Some(Value::Function(wait)) = event.lookup("wait") {
                        super::events::set_event_wait(wait);
                    }
                }
                attrs.push((k, v));
            }
        }
        Err(e) => {
            let text = interp.format_exception(&e.value);
            interp.write_err(&format!("aio: internal error loading asyncio:\n{text}"));
        }
    }
    attrs
}

thread_local! {
    /// What marks a function returning a coroutine as a coroutine function, as CPython's
    /// `asyncio.coroutines._is_coroutine` does (the library's `Lock.acquire` and the like
    /// are plain functions returning coroutines made in Rust).
    static IS_COROUTINE: Value = Value::native(IsCoroutineMarker);
}

struct IsCoroutineMarker;

impl crate::value::Native for IsCoroutineMarker {
    fn type_name(&self) -> &str {
        "object"
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// `asyncio.iscoroutinefunction(f)`: an `async def` function (or a method of one), or a
/// function marked with `_is_coroutine`.
fn is_coroutine_function(v: &Value) -> bool {
    let f = match v {
        Value::Method(m) => &m.func,
        v => v,
    };
    let f = match f {
        Value::Function(f) => f,
        // `asyncio.sleep`: a coroutine function written in Rust.
        Value::Builtin(b) => return b.awaitable.is_some(),
        _ => return false,
    };
    if f.def.is_async && !f.scope.is_generator {
        return true;
    }
    let marker = f.attrs.borrow().get("_is_coroutine").cloned();
    marker.is_some_and(|m| IS_COROUTINE.with(|c| crate::value::identity(&m, c)))
}

/// Runs `asyncio.aio` and returns the names it exports.
fn load_library(interp: &Interp, core: Vec<(String, Value)>) -> PyResult<Vec<(String, Value)>> {
    let source = Rc::new(crate::source::Source::library("<asyncio>", LIBRARY));
    interp.run_library(source)?;
    let build = interp
        .global_by_name("_aio_library")
        .ok_or_else(|| interp.runtime_error("asyncio library did not define its builder"))?;
    let mut map = DictMap::default();
    for (k, v) in core {
        map.insert(interp.to_key(&Value::str(&k))?, v);
    }
    let exports = interp.call_value(&build, vec![Value::dict(map)])?;
    let mut out = Vec::new();
    if let Value::Dict(d) = exports {
        for (k, v) in d.map.borrow().iter() {
            if let Value::Str(s) = &k.value {
                out.push((s.as_str().to_string(), v.clone()));
            }
        }
    }
    Ok(out)
}

fn run(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = Args::parse_python(interp, "run", args, &["main", "debug"], 1)?;
    let main = a.get(0).cloned().unwrap_or(Value::None);
    let toplevel = at_top_level(interp, 0);
    if running_loop().is_some() && !toplevel {
        // The coroutine stays alive with the exception, as CPython's traceback keeps it.
        return Err(interp
            .runtime_error("asyncio.run() cannot be called from a running event loop")
            .keep_alive(main));
    }
    if !crate::interp::suspend::is_coroutine(&main) {
        return Err(interp.value_error(format!(
            "a coroutine was expected, got {}",
            interp.repr(&main)?
        )));
    }
    let loop_ = super::event_loop::LoopState::new();
    // `asyncio.run` and `Runner.run` are two frames more in CPython.
    loop_.frames_below.set(8);
    super::set_event_loop(Some(loop_.clone()));
    let r = run_as_main(interp, &loop_, &main, toplevel, |task| {
        super::run_to_end(interp, &loop_, task)
    });
    super::set_event_loop(None);
    r
}

/// Whether the code calling `asyncio.run` (or a builtin `library_frames` calls below it in
/// `asyncio.aio`, for `Runner`) is the top level of the program's main task or of a REPL
/// input: there Aio lets a loop run inside the program's own.
fn at_top_level(interp: &Interp, library_frames: usize) -> bool {
    let top_task = match super::task::current_task() {
        Some(t) => t.task.as_ref().is_some_and(|p| p.toplevel()),
        None => super::interactive(),
    };
    // The module's frame, and the call of `asyncio.run` from it.
    top_task && interp.depth.get() <= 2 + library_frames
}

/// Runs the coroutine `main` as the main task of `loop_` through `body`: the first Ctrl-C
/// cancels it (CPython's `Runner._on_sigint`), and then the run ends in KeyboardInterrupt.
fn run_as_main(
    interp: &Interp,
    loop_: &Rc<super::event_loop::LoopState>,
    main: &Value,
    toplevel: bool,
    body: impl FnOnce(&NRc<FutCore>) -> PyResult<Value>,
) -> PyResult<Value> {
    let task = create_task(interp, loop_, main, None)?;
    if toplevel {
        super::allow_nested_run();
    }
    let cancel = crate::interp::limits::canceller(task.clone(), super::task::cancel);
    let outer = interp.set_main_canceller(Some(cancel));
    let r = body(&task);
    interp.set_main_canceller(outer);
    interp.after_main_task(r)
}

/// `asyncio.Runner` is written in Aio (`asyncio.aio`) over these three: whether a running
/// loop forbids `Runner.run` here, running a coroutine as the main task of the runner's
/// loop, and the shutdown of `Runner.close` (the same as `asyncio.run`'s).
fn runner_core() -> Vec<(String, Value)> {
    vec![
        (
            "_runner_blocked".into(),
            builtin("_runner_blocked", |i, _| {
                Ok(Value::Bool(running_loop().is_some() && !at_top_level(i, 1)))
            }),
        ),
        (
            "_runner_run".into(),
            builtin("_runner_run", |i, a| {
                let a = positional(i, "_runner_run", a, 2, 2)?;
                let loop_ = runner_loop(i, &a[0])?;
                let toplevel = at_top_level(i, 1);
                run_as_main(i, &loop_, &a[1], toplevel, |task| {
                    super::run_main_task(i, &loop_, task)
                })
            }),
        ),
        (
            "_runner_shutdown".into(),
            builtin("_runner_shutdown", |i, a| {
                let a = positional(i, "_runner_shutdown", a, 1, 1)?;
                let loop_ = runner_loop(i, &a[0])?;
                // Called by `Runner.close`, itself perhaps called by `Runner.__exit__`.
                super::shutdown(i, &loop_, at_top_level(i, 2))?;
                Ok(Value::None)
            }),
        ),
    ]
}

// The waits of the synchronization primitives: CPython's algorithms, run when the
// coroutine is first stepped, in small Rust futures (the library's methods return these
// coroutines). A method written in Aio held a coroutine frame and a `try` (~740 bytes);
// one waiting in `async with` on a semaphore held three such levels. `Event.wait` is in
// `events.rs`.

/// `Lock.acquire()`.
fn lock_acquire(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    primitive_coroutine(interp, args, "Lock.acquire", |lock| async move {
        let interp = crate::interp::current_rc();
        let locked = |i: &Interp| i.truthy(&i.get_attr(&lock, "_locked")?);
        if !locked(&interp)? {
            let waiters = interp.get_attr(&lock, "_waiters")?;
            let mut free = true;
            if !waiters.is_none() {
                for w in interp.collect(&waiters)? {
                    if !interp.truthy(&call_method(&interp, &w, "cancelled", vec![])?)? {
                        free = false;
                        break;
                    }
                }
            }
            if free {
                interp.set_attr(&lock, "_locked", Value::Bool(true))?;
                return Ok(Value::Bool(true));
            }
        }
        let (_, waited) = wait_as_waiter(&interp, &lock, true).await?;
        if let Err(e) = waited {
            // `except CancelledError: if not self._locked: self._wake_up_first(); raise`
            if e.is(&interp.exc.cancelled_error) && !locked(&interp)? {
                if let Err(e2) = call_method(&interp, &lock, "_wake_up_first", vec![]) {
                    return Err(interp.chain_context(e2, &e.value));
                }
            }
            return Err(e);
        }
        interp.set_attr(&lock, "_locked", Value::Bool(true))?;
        Ok(Value::Bool(true))
    })
}

/// `Semaphore.acquire()` (and `BoundedSemaphore`'s).
fn semaphore_acquire(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    primitive_coroutine(interp, args, "Semaphore.acquire", |sem| async move {
        let interp = crate::interp::current_rc();
        let add_to_value = |i: &Interp, n: i64| {
            let v = i.binary_op(
                crate::ast::BinOp::Add,
                &i.get_attr(&sem, "_value")?,
                &Value::Int(n),
            )?;
            i.set_attr(&sem, "_value", v)
        };
        if !interp.truthy(&call_method(&interp, &sem, "locked", vec![])?)? {
            add_to_value(&interp, -1)?;
            return Ok(Value::Bool(true));
        }
        let (fut, waited) = wait_as_waiter(&interp, &sem, true).await?;
        if let Err(e) = waited {
            // `except CancelledError: if not fut.cancelled(): self._value += 1;
            // self._wake_up_next()` and `raise`.
            if e.is(&interp.exc.cancelled_error) && !fut.cancelled() {
                let woke = add_to_value(&interp, 1)
                    .and_then(|()| call_method(&interp, &sem, "_wake_up_next", vec![]));
                if let Err(e2) = woke {
                    return Err(interp.chain_context(e2, &e.value));
                }
            }
            return Err(e);
        }
        let value = interp.get_attr(&sem, "_value")?;
        let positive = interp.compare(crate::ast::CmpOp::Gt, &value, &Value::Int(0))?;
        if interp.truthy(&positive)? {
            call_method(&interp, &sem, "_wake_up_next", vec![])?;
        }
        Ok(Value::Bool(true))
    })
}

/// `Condition.wait()`.
fn condition_wait(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    primitive_coroutine(interp, args, "Condition.wait", |cond| async move {
        let interp = crate::interp::current_rc();
        if !interp.truthy(&call_method(&interp, &cond, "locked", vec![])?)? {
            return Err(interp.runtime_error("cannot wait on un-acquired lock"));
        }
        call_method(&interp, &cond, "release", vec![])?;
        let waited = wait_as_waiter(&interp, &cond, false)
            .await
            .and_then(|(_, waited)| waited)
            .map(|_| Value::Bool(true));
        // `finally:` the lock is taken again, however many times that is cancelled;
        // being cancelled then raises CancelledError once it is.
        let chained = |e: crate::object::Exc| match &waited {
            Err(first) => interp.chain_context(e, &first.value),
            Ok(_) => e,
        };
        let mut cancelled = false;
        loop {
            let acquired = match call_method(&interp, &cond, "acquire", vec![]) {
                Ok(acquiring) => interp.await_value(acquiring).await,
                Err(e) => Err(e),
            };
            match acquired {
                Ok(_) => break,
                Err(e) if e.is(&interp.exc.cancelled_error) => cancelled = true,
                Err(e) => return Err(chained(e)),
            }
        }
        if cancelled {
            let e = interp.new_exception(&interp.exc.cancelled_error, vec![]);
            return Err(chained(e));
        }
        waited
    })
}

/// `_ContextManagerMixin.__aenter__()`: `await self.acquire()`, then None.
fn acquire_for_with(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    primitive_coroutine(
        interp,
        args,
        "_ContextManagerMixin.__aenter__",
        |owner| async move {
            let interp = crate::interp::current_rc();
            let acquiring = call_method(&interp, &owner, "acquire", vec![])?;
            interp.await_value(acquiring).await?;
            Ok(Value::None)
        },
    )
}

/// The coroutine a primitive's method (`qualname`) returns: the future `body` makes of
/// the primitive (the method's one argument), which runs when the coroutine is first
/// stepped. (`body` is given the primitive alone, its future taking the interpreter when
/// it starts: a future awaiting another built around it was 80 bytes larger.)
pub(super) fn primitive_coroutine<Fut>(
    interp: &Interp,
    args: CallArgs,
    qualname: &'static str,
    body: impl FnOnce(Value) -> Fut,
) -> PyResult<Value>
where
    Fut: std::future::Future<Output = PyResult<Value>> + 'static,
{
    let method = qualname.rsplit('.').next().unwrap_or(qualname);
    let owner = positional(interp, method, args, 1, 1)?.swap_remove(0);
    Ok(super::builtin_coroutine(
        interp,
        qualname,
        Box::pin(body(owner)),
    ))
}

/// Waits as one of `owner._waiters`, as the primitives do (see [`join_waiters`] and
/// [`leave_waiters`]). An error before the wait is the outer one; the future and the
/// outcome of the `try` come back otherwise.
async fn wait_as_waiter(
    interp: &Interp,
    owner: &Value,
    make: bool,
) -> PyResult<(NRc<FutCore>, PyResult<Value>)> {
    let fut = join_waiters(interp, owner, make)?;
    let waited = super::task::AwaitFut::new(fut.clone()).await;
    let outcome = leave_waiters(interp, owner, &fut, waited);
    Ok((fut, outcome))
}

/// A new future of the running loop appended to `owner._waiters` (made a deque first if
/// they are None and `make` says so), for the caller to await.
fn join_waiters(interp: &Interp, owner: &Value, make: bool) -> PyResult<NRc<FutCore>> {
    let mut waiters = interp.get_attr(owner, "_waiters")?;
    if make && waiters.is_none() {
        waiters = super::deque::new_deque(interp, CallArgs::default())?;
        interp.set_attr(owner, "_waiters", waiters.clone())?;
    }
    let loop_ = running_loop().ok_or_else(|| interp.runtime_error("no running event loop"))?;
    let fut = FutCore::new_future(loop_);
    call_method(interp, &waiters, "append", vec![fut.value()])?;
    Ok(fut)
}

/// The `finally: self._waiters.remove(fut)` after the wait on `fut` ended as `waited`.
pub(super) fn leave_waiters(
    interp: &Interp,
    owner: &Value,
    fut: &NRc<FutCore>,
    waited: PyResult<Value>,
) -> PyResult<Value> {
    let removed = interp
        .get_attr(owner, "_waiters")
        .and_then(|waiters| call_method(interp, &waiters, "remove", vec![fut.value()]));
    after_finally(interp, waited, removed)
}

/// What a `try` that ended as `tried` raises or returns after a `finally` that ended as
/// `finally` (an error there has the `try`'s as its context).
pub(super) fn after_finally<T, U>(
    interp: &Interp,
    tried: PyResult<T>,
    finally: PyResult<U>,
) -> PyResult<T> {
    match (tried, finally) {
        (tried, Ok(_)) => tried,
        (Ok(_), Err(e)) => Err(e),
        (Err(first), Err(e)) => Err(interp.chain_context(e, &first.value)),
    }
}

/// `obj.name(*args)`, as a method call: no bound method is made for it.
pub(super) fn call_method(
    interp: &Interp,
    obj: &Value,
    name: &str,
    args: Vec<Value>,
) -> PyResult<Value> {
    let callee = interp.method_callee(obj.clone(), name)?;
    interp.call_callee(callee, CallArgs::positional(args))
}

fn runner_loop(interp: &Interp, v: &Value) -> PyResult<Rc<super::event_loop::LoopState>> {
    v.downcast::<super::LoopObject>()
        .map(|l| l.0.clone())
        .ok_or_else(|| interp.type_error("an event loop is required"))
}

fn sleep(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let body: BodyFuture = match sleep_args(interp, args)? {
        Ok((delay, Value::None)) => Box::pin(super::sleep(delay)),
        Ok((delay, result)) => super::sleep_with(delay, result),
        Err(e) => Box::pin(std::future::ready(Err(e))),
    };
    Ok(super::builtin_coroutine(interp, "sleep", body))
}

/// `await asyncio.sleep(...)`, run without a coroutine object, the commonest sleep inline.
fn sleep_awaited(interp: &Interp, args: CallArgs) -> PyResult<crate::object::Awaited> {
    use crate::object::Awaited;
    Ok(match sleep_args(interp, args)? {
        Ok((delay, Value::None)) => Awaited::Sleep(super::sleep(delay)),
        Ok((delay, result)) => Awaited::Body(super::sleep_with(delay, result)),
        Err(e) => Awaited::Body(Box::pin(std::future::ready(Err(e)))),
    })
}

/// `asyncio.sleep`'s delay and result; or, inside, the error the sleep raises when it runs.
fn sleep_args(
    interp: &Interp,
    args: CallArgs,
) -> PyResult<Result<(f64, Value), crate::object::Exc>> {
    // `sleep(delay)` is the hot case: no keyword parsing for it.
    let (delay, result) = if args.kwargs.is_empty() && (1..=2).contains(&args.args.len()) {
        let mut it = args.args.into_iter();
        (
            it.next().unwrap_or(Value::None),
            it.next().unwrap_or(Value::None),
        )
    } else {
        let a = Args::parse_python(interp, "sleep", args, &["delay", "result"], 1)?;
        (
            a.get(0).cloned().unwrap_or(Value::None),
            a.get(1).cloned().unwrap_or(Value::None),
        )
    };
    // Both errors are raised when the coroutine first runs, as CPython's `delay <= 0` and
    // `loop.call_later` inside it raise them: making it raises nothing.
    let Some(d) = crate::builtins::functions::to_f64(&delay) else {
        return Ok(Err(interp.type_error(format!(
            "'<=' not supported between instances of '{}' and 'int'",
            delay.type_name()
        ))));
    };
    Ok(super::check_delay(interp, &delay, d).map(|()| (d, result)))
}

fn create_task_fn(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let mut a = Args::parse_python(interp, "create_task", args, &["coro", "name", "context"], 1)?;
    // Taken, not copied: a coroutine object held by nothing else can go (see `create_task`).
    let coro = a.take(0);
    let Some(l) = running_loop() else {
        return Err(interp.runtime_error("no running event loop"));
    };
    // CPython 3.11 makes the task unnamed (it takes a `Task-N` number), then names it.
    let task = create_task(interp, &l, &coro, None)?;
    if let Some(name) = a.some(1) {
        task.set_name(interp.str(name)?);
    }
    Ok(task.value())
}

fn all_tasks(interp: &Interp, _args: CallArgs) -> PyResult<Value> {
    let Some(l) = running_loop() else {
        return Err(interp.runtime_error("no running event loop"));
    };
    let mut set = crate::value::SetMap::default();
    for t in l.pending_tasks() {
        set.insert(interp.to_key(&t.value())?)?;
    }
    Ok(Value::set(set, false))
}

fn gather(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let mut return_exceptions = false;
    for (k, v) in &args.kwargs {
        match &**k {
            "return_exceptions" => return_exceptions = interp.truthy(v)?,
            _ => {
                return Err(
                    interp.type_error(format!("gather() got an unexpected keyword argument '{k}'"))
                )
            }
        }
    }
    // The same coroutine twice is one child (keyed by object identity). A future is its
    // own child, however often it is given: no map of 200,000 tasks is made for them.
    let mut seen: crate::value::IdentityMap<NRc<FutCore>> = Default::default();
    let mut child = |arg: Value| -> PyResult<NRc<FutCore>> {
        if let Some(f) = arg.downcast::<FutCore>() {
            return Ok(f.rc());
        }
        let key = match &arg {
            Value::Native(n) => n.as_ptr() as usize,
            // CPython looks every argument up in a dict first: `gather([...])` is
            // "unhashable type: 'list'".
            _ => {
                interp.hash(&arg)?;
                0
            }
        };
        if let Some(f) = seen.get(&key).filter(|_| key != 0) {
            return Ok(f.clone());
        }
        let f = ensure_future(interp, &arg)?;
        // A task made for a coroutine given: the caller cannot reach it.
        if let Some(t) = &f.task {
            t.set_log_destroy_pending(false);
        }
        seen.insert(key, f.clone());
        Ok(f)
    };
    // Collected into the arguments' own buffer, then shrunk to fit: `gather(*tasks)` of
    // 200,000 tasks made a new 1.6 MB list beside the 3.2 MB of arguments at the program's
    // peak.
    let mut children: Vec<NRc<FutCore>> = args
        .args
        .into_iter()
        .map(&mut child)
        .collect::<PyResult<_>>()?;
    children.shrink_to_fit();
    Ok(gather_futures(interp, children, return_exceptions).value())
}

/// The future `gather` returns: done when every child is, results in argument order.
pub fn gather_futures(
    interp: &Interp,
    children: Vec<NRc<FutCore>>,
    return_exceptions: bool,
) -> NRc<FutCore> {
    let loop_ = children
        .first()
        .map_or_else(event_loop, |c| c.loop_.clone());
    let outer = FutCore::new_future(loop_);
    if children.is_empty() {
        outer.set_result(Value::list(Vec::new()));
        return outer;
    }
    let _ = interp;
    // One list of the children, for the results and for `cancel()` of the outer future.
    let children = Rc::new(children);
    let state = Rc::new(GatherState {
        children: children.clone(),
        finished: Cell::new(0),
        outer: NRc::downgrade(&outer),
        return_exceptions,
    });
    // A child given twice is waited for once; the second counts as finished. A pending
    // child has this gather's callback already if it was seen; a done one had its callback
    // scheduled at once, so those are remembered apart (they are few).
    let mut repeated = 0;
    let mut done_seen = std::collections::HashSet::new();
    for c in children.iter() {
        let seen = if c.done() {
            !done_seen.insert(NRc::as_ptr(c))
        } else {
            c.has_gather_callback(&state)
        };
        if seen {
            repeated += 1;
            continue;
        }
        c.add_callback(DoneCallback::Gather(state.clone()));
    }
    state.finished.set(repeated);
    outer.set_gather_children(children);
    outer
}

/// What `gather`'s callback on each child shares.
pub struct GatherState {
    children: Rc<Vec<NRc<FutCore>>>,
    finished: Cell<usize>,
    outer: NWeak<FutCore>,
    return_exceptions: bool,
}

impl GatherState {
    /// The child `fut` is done.
    pub fn child_done(&self, interp: &Interp, fut: &NRc<FutCore>) {
        self.finished.set(self.finished.get() + 1);
        let Some(outer) = self.outer.upgrade() else {
            if !fut.cancelled() {
                let _ = fut.exception(interp);
            }
            return;
        };
        if outer.done() {
            if !fut.cancelled() {
                let _ = fut.exception(interp);
            }
            return;
        }
        if !self.return_exceptions {
            if fut.cancelled() {
                outer.set_exception(fut.cancelled_error(interp).value);
                return;
            }
            if let FutState::Failed(e) = fut.state() {
                fut.mark_retrieved();
                outer.set_exception(e);
                return;
            }
        }
        if self.finished.get() == self.children.len() {
            let mut results = Vec::with_capacity(self.children.len());
            for c in self.children.iter() {
                let v = match c.state() {
                    FutState::Cancelled => {
                        let msg = c.cancel_message().unwrap_or(Value::str(""));
                        Value::Instance(
                            interp
                                .new_exception(&interp.exc.cancelled_error, vec![msg])
                                .value,
                        )
                    }
                    FutState::Failed(e) => {
                        c.mark_retrieved();
                        Value::Instance(e)
                    }
                    FutState::Finished(v) => v,
                    FutState::Pending => Value::None,
                };
                results.push(v);
            }
            if outer.gather_cancel_requested() {
                outer.set_exception(fut.cancelled_error(interp).value);
            } else {
                outer.set_result(Value::list(results));
            }
        }
    }
}
