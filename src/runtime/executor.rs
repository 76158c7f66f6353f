//! The `concurrent.futures` module: `ThreadPoolExecutor` over green threads, its
//! `Future`, `as_completed` and `wait`.

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use crate::builtins::{builtin, positional, Args};
use crate::interp::suspend::method;
use crate::interp::Interp;
use crate::native_rc::{NRc, NWeak};
use crate::object::{BuiltinFn, CallArgs, Exc, PyResult};
use crate::value::{Native, Value};

use super::threads::{self, Executor};

/// A `ThreadPoolExecutor`.
pub struct PoolObject(pub Rc<Executor>);

enum CState {
    Pending,
    Running,
    Done(Result<Value, Exc>),
    Cancelled,
}

/// Runtime-internal logic run when a `concurrent.futures.Future` completes.
pub type CCallback = Box<dyn FnOnce(&Interp, &NRc<CFuture>)>;

/// What to run when a `concurrent.futures.Future` completes.
enum DoneCallback {
    /// A Python callable, called with the future.
    Python(Value),
    /// The chaining of `run_coroutine_threadsafe` and `wrap_future`.
    Rust(CCallback),
}

/// A `concurrent.futures.Future`.
pub struct CFuture {
    state: RefCell<CState>,
    callbacks: RefCell<Vec<DoneCallback>>,
    me: NWeak<CFuture>,
}

impl CFuture {
    pub fn new() -> NRc<CFuture> {
        NRc::new_cyclic(|me| CFuture {
            state: RefCell::new(CState::Pending),
            callbacks: RefCell::new(Vec::new()),
            me: me.clone(),
        })
    }

    pub fn value(&self) -> Value {
        Value::Native(self.rc().into())
    }

    fn rc(&self) -> NRc<CFuture> {
        self.me.upgrade().expect("a live future")
    }

    pub fn done(&self) -> bool {
        matches!(*self.state.borrow(), CState::Done(_) | CState::Cancelled)
    }

    pub fn cancelled(&self) -> bool {
        matches!(*self.state.borrow(), CState::Cancelled)
    }

    /// Completes the future (with a result or an exception) and runs its callbacks.
    pub fn finish(&self, interp: &Interp, r: Result<Value, Exc>) {
        *self.state.borrow_mut() = CState::Done(r);
        self.run_callbacks(interp);
    }

    /// `cancel()`: a future not yet running is cancelled (and its callbacks run).
    pub fn cancel(&self, interp: &Interp) -> bool {
        match &*self.state.borrow() {
            CState::Pending => {}
            CState::Cancelled => return true,
            _ => return false,
        }
        *self.state.borrow_mut() = CState::Cancelled;
        self.run_callbacks(interp);
        true
    }

    /// `set_running_or_notify_cancel()`: marks a pending future running; false if it was
    /// cancelled.
    pub fn set_running_or_notify_cancel(&self) -> bool {
        if self.cancelled() {
            return false;
        }
        *self.state.borrow_mut() = CState::Running;
        true
    }

    /// Runs `f` when the future completes (now if it has).
    pub fn add_rust_callback(&self, interp: &Interp, f: CCallback) {
        self.add_callback(interp, DoneCallback::Rust(Box::new(f)));
    }

    fn add_callback(&self, interp: &Interp, cb: DoneCallback) {
        if self.done() {
            self.run_callback(interp, cb);
        } else {
            self.callbacks.borrow_mut().push(cb);
        }
    }

    fn run_callbacks(&self, interp: &Interp) {
        let cbs = std::mem::take(&mut *self.callbacks.borrow_mut());
        for cb in cbs {
            self.run_callback(interp, cb);
        }
        // A thread may be waiting for this future.
        threads::notify_waiters();
    }

    /// Runs one callback; what a Python one raises is logged, as CPython's
    /// `concurrent.futures` logs it.
    fn run_callback(&self, interp: &Interp, cb: DoneCallback) {
        match cb {
            DoneCallback::Python(f) => {
                if let Err(e) = interp.call_value(&f, vec![self.value()]) {
                    interp.write_err(&format!(
                        "exception calling callback for {}\n{}",
                        self.repr_text(interp),
                        interp.format_callback_exception(&e.value)
                    ));
                }
            }
            DoneCallback::Rust(f) => f(interp, &self.rc()),
        }
    }

    /// `result(timeout)` and `exception(timeout)` wait for the future: `TimeoutError` if it
    /// is not done within `timeout` seconds (or when nothing can finish it).
    fn wait(&self, interp: &Interp, timeout: Option<&Value>) -> PyResult<()> {
        let deadline = match timeout.filter(|t| !t.is_none()) {
            Some(t) => Some(
                interp.clock.monotonic()
                    + crate::builtins::functions::to_f64(t).ok_or_else(|| {
                        interp.type_error(format!(
                            "'<=' not supported between instances of '{}' and 'int'",
                            t.type_name()
                        ))
                    })?,
            ),
            None => None,
        };
        threads::drive_until(interp, &|| self.done(), deadline)?;
        if self.done() {
            Ok(())
        } else {
            Err(interp.new_exception(&interp.exc.timeout_error, vec![]))
        }
    }

    /// The result, or the exception raised (`CancelledError` if cancelled), once done.
    pub fn outcome(&self, interp: &Interp) -> PyResult<Value> {
        match &*self.state.borrow() {
            CState::Done(Ok(v)) => Ok(v.clone()),
            CState::Done(Err(e)) => Err(Exc::new(e.value.clone())),
            CState::Cancelled => {
                Err(interp.new_exception(&interp.exc.futures_cancelled_error, vec![]))
            }
            _ => Err(interp.error(
                &interp.exc.futures_invalid_state_error,
                "Result is not set.",
            )),
        }
    }

    fn result(&self, interp: &Interp, timeout: Option<&Value>) -> PyResult<Value> {
        self.wait(interp, timeout)?;
        self.outcome(interp)
    }

    fn exception(&self, interp: &Interp, timeout: Option<&Value>) -> PyResult<Value> {
        self.wait(interp, timeout)?;
        match self.outcome(interp) {
            Ok(_) => Ok(Value::None),
            Err(e) if self.cancelled() => Err(e),
            Err(e) => Ok(Value::Instance(e.value)),
        }
    }

    fn repr_text(&self, interp: &Interp) -> String {
        let id = interp.id_of(self as *const CFuture as usize);
        match &*self.state.borrow() {
            CState::Pending => format!("<Future at {id:#x} state=pending>"),
            CState::Running => format!("<Future at {id:#x} state=running>"),
            CState::Cancelled => format!("<Future at {id:#x} state=cancelled>"),
            CState::Done(Ok(v)) => format!(
                "<Future at {id:#x} state=finished returned {}>",
                v.type_name()
            ),
            CState::Done(Err(e)) => format!(
                "<Future at {id:#x} state=finished raised {}>",
                e.value.class.name
            ),
        }
    }
}

impl CFuture {
    /// `set_result`/`set_exception` on a future already done is CPython's
    /// `InvalidStateError` (whose message names the state).
    fn check_settable(&self, interp: &Interp) -> PyResult<()> {
        let state = match &*self.state.borrow() {
            CState::Pending | CState::Running => return Ok(()),
            CState::Cancelled => "CANCELLED",
            CState::Done(_) => "FINISHED",
        };
        Err(interp.error(
            &interp.exc.futures_invalid_state_error,
            format!("{state}: {}", self.repr_text(interp)),
        ))
    }
}

fn cfut(interp: &Interp, v: &Value) -> PyResult<NRc<CFuture>> {
    v.downcast::<CFuture>()
        .and_then(|f| f.me.upgrade())
        .ok_or_else(|| interp.type_error("a concurrent.futures.Future is required"))
}

impl Native for CFuture {
    fn type_name(&self) -> &str {
        "Future"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn repr(&self, interp: &Interp, _: &Value) -> Option<PyResult<String>> {
        Some(Ok(self.repr_text(interp)))
    }
    fn get_attr(&self, _: &Interp, this: &Value, name: &str) -> Option<PyResult<Value>> {
        let f: BuiltinFn = match name {
            "result" => |i, a| {
                let a = Args::parse_python(i, "Future.result", a, &["self", "timeout"], 1)?;
                cfut(i, a.get(0).unwrap_or(&Value::None))?.result(i, a.get(1))
            },
            "exception" => |i, a| {
                let a = Args::parse_python(i, "Future.exception", a, &["self", "timeout"], 1)?;
                cfut(i, a.get(0).unwrap_or(&Value::None))?.exception(i, a.get(1))
            },
            "done" => |i, a| Ok(Value::Bool(cfut(i, &a.args[0])?.done())),
            "running" => |i, a| {
                Ok(Value::Bool(matches!(
                    *cfut(i, &a.args[0])?.state.borrow(),
                    CState::Running
                )))
            },
            "cancelled" => |i, a| Ok(Value::Bool(cfut(i, &a.args[0])?.cancelled())),
            "cancel" => |i, a| Ok(Value::Bool(cfut(i, &a.args[0])?.cancel(i))),
            "add_done_callback" => |i, a| {
                let a = Args::parse_python(i, "Future.add_done_callback", a, &["self", "fn"], 2)?;
                let f = cfut(i, a.get(0).unwrap_or(&Value::None))?;
                let cb = a.get(1).cloned().unwrap_or(Value::None);
                f.add_callback(i, DoneCallback::Python(cb));
                Ok(Value::None)
            },
            "set_running_or_notify_cancel" => |i, a| {
                let f = cfut(i, &a.args[0])?;
                if !matches!(*f.state.borrow(), CState::Pending | CState::Cancelled) {
                    return Err(i.runtime_error("Future in unexpected state"));
                }
                Ok(Value::Bool(f.set_running_or_notify_cancel()))
            },
            "set_result" => |i, a| {
                let a = Args::parse_python(i, "Future.set_result", a, &["self", "result"], 2)?;
                let f = cfut(i, a.get(0).unwrap_or(&Value::None))?;
                f.check_settable(i)?;
                f.finish(i, Ok(a.get(1).cloned().unwrap_or(Value::None)));
                Ok(Value::None)
            },
            "set_exception" => |i, a| {
                let a =
                    Args::parse_python(i, "Future.set_exception", a, &["self", "exception"], 2)?;
                let f = cfut(i, a.get(0).unwrap_or(&Value::None))?;
                f.check_settable(i)?;
                let e = i.make_raise(a.get(1).cloned().unwrap_or(Value::None), None)?;
                f.finish(i, Err(e));
                Ok(Value::None)
            },
            _ => return None,
        };
        Some(Ok(method(this, name, f)))
    }
}

fn pool(interp: &Interp, v: &Value) -> PyResult<Rc<Executor>> {
    v.downcast::<PoolObject>()
        .map(|p| p.0.clone())
        .ok_or_else(|| interp.type_error("a ThreadPoolExecutor is required"))
}

/// `executor.submit(fn, *args, **kwargs)`.
fn submit(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let CallArgs { args, kwargs } = args;
    let mut a = args.into_iter();
    let ex = pool(interp, &a.next().unwrap_or(Value::None))?;
    let func = a
        .next()
        .ok_or_else(|| interp.type_error("submit expected at least 1 argument, got 0"))?;
    if ex.shutdown.get() {
        return Err(interp.runtime_error("cannot schedule new futures after shutdown"));
    }
    Ok(submit_to(
        interp,
        &ex,
        func,
        CallArgs {
            args: a.collect(),
            kwargs,
        },
    )?
    .value())
}

fn submit_to(
    _interp: &Interp,
    ex: &Rc<Executor>,
    func: Value,
    args: CallArgs,
) -> PyResult<NRc<CFuture>> {
    let fut = CFuture::new();
    let target = fut.clone();
    let starting = fut.clone();
    let wrapped = Value::native(Starter {
        fut: starting,
        func,
    });
    threads::submit(
        ex,
        wrapped,
        args,
        Box::new(move |i, r| {
            if !target.cancelled() {
                target.finish(i, r);
            }
        }),
    )?;
    Ok(fut)
}

/// Marks a future running when its thread starts, then calls the function.
struct Starter {
    fut: NRc<CFuture>,
    func: Value,
}

impl Native for Starter {
    fn type_name(&self) -> &str {
        "function"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn call(&self, interp: &Interp, _: &Value, args: CallArgs) -> Option<PyResult<Value>> {
        if matches!(*self.fut.state.borrow(), CState::Cancelled) {
            return Some(Ok(Value::None));
        }
        *self.fut.state.borrow_mut() = CState::Running;
        Some(interp.call(&self.func, args))
    }
}

fn map(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let mut a = args.args.into_iter();
    let ex = pool(interp, &a.next().unwrap_or(Value::None))?;
    let func = a
        .next()
        .ok_or_else(|| interp.type_error("map() missing the function"))?;
    let lists: Vec<Vec<Value>> = a.map(|it| interp.collect(&it)).collect::<PyResult<_>>()?;
    let n = lists.iter().map(Vec::len).min().unwrap_or(0);
    let mut futures = Vec::with_capacity(n);
    for k in 0..n {
        let call = lists.iter().map(|l| l[k].clone()).collect();
        futures.push(submit_to(
            interp,
            &ex,
            func.clone(),
            CallArgs::positional(call),
        )?);
    }
    let mut results = Vec::with_capacity(n);
    for f in futures {
        results.push(f.result(interp, None)?);
    }
    Ok(crate::builtins::iterators::state_iter(
        crate::interp::IterState::List(Rc::new(RefCell::new(results.into())), 0),
    ))
}

fn shutdown(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = Args::parse(
        interp,
        "shutdown",
        args,
        &["self", "wait", "cancel_futures"],
        1,
    )?;
    let ex = pool(interp, a.get(0).unwrap_or(&Value::None))?;
    ex.shutdown.set(true);
    let wait = match a.get(1) {
        Some(v) => interp.truthy(v)?,
        None => true,
    };
    if wait {
        threads::drive_until(interp, &|| ex.idle(), None)?;
    }
    Ok(Value::None)
}

impl Native for PoolObject {
    fn type_name(&self) -> &str {
        "ThreadPoolExecutor"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn get_attr(&self, _: &Interp, this: &Value, name: &str) -> Option<PyResult<Value>> {
        let f: BuiltinFn = match name {
            "submit" => submit,
            "map" => map,
            "shutdown" => shutdown,
            "__enter__" => |_, a| Ok(a.args[0].clone()),
            "__exit__" => |i, a| {
                shutdown(i, CallArgs::positional(vec![a.args[0].clone()]))?;
                Ok(Value::Bool(false))
            },
            "_max_workers" => return Some(Ok(Value::Int(self.0.max_workers as i64))),
            _ => return None,
        };
        Some(Ok(method(this, name, f)))
    }
}

fn thread_pool(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = Args::parse(
        interp,
        "ThreadPoolExecutor",
        args,
        &[
            "max_workers",
            "thread_name_prefix",
            "initializer",
            "initargs",
        ],
        0,
    )?;
    let n = match a.some(0) {
        Some(v) => {
            let n = interp.index_value(v)?.unwrap_or(0);
            if n <= 0 {
                return Err(interp.value_error("max_workers must be greater than 0"));
            }
            n as usize
        }
        None => Executor::default_workers(),
    };
    Ok(Value::native(PoolObject(Executor::new(n))))
}

fn futures_list(interp: &Interp, v: &Value) -> PyResult<Vec<NRc<CFuture>>> {
    interp.collect(v)?.iter().map(|f| cfut(interp, f)).collect()
}

/// `as_completed(fs)`: the futures in the order they finish.
fn as_completed(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = Args::parse_python(interp, "as_completed", args, &["fs", "timeout"], 1)?;
    let mut pending = futures_list(interp, a.get(0).unwrap_or(&Value::None))?;
    let mut order = Vec::with_capacity(pending.len());
    pending.dedup_by(|x, y| NRc::ptr_eq(x, y));
    while !pending.is_empty() {
        let done_now: Vec<usize> = (0..pending.len()).filter(|&i| pending[i].done()).collect();
        if done_now.is_empty() {
            let before = pending.iter().filter(|f| f.done()).count();
            threads::drive_until(
                interp,
                &|| pending.iter().filter(|f| f.done()).count() > before,
                None,
            )?;
            if pending.iter().all(|f| !f.done()) {
                break;
            }
            continue;
        }
        for i in done_now.into_iter().rev() {
            order.push(pending.remove(i));
        }
    }
    let values = order.into_iter().map(|f| f.value()).collect();
    Ok(crate::builtins::iterators::state_iter(
        crate::interp::IterState::List(Rc::new(RefCell::new(values)), 0),
    ))
}

/// `wait(fs, timeout=None, return_when=ALL_COMPLETED)`: `(done, not_done)` sets.
fn wait(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = Args::parse_python(interp, "wait", args, &["fs", "timeout", "return_when"], 1)?;
    let fs = futures_list(interp, a.get(0).unwrap_or(&Value::None))?;
    let when = match a.get(2) {
        Some(Value::Str(s)) => s.as_str().to_string(),
        _ => "ALL_COMPLETED".into(),
    };
    let deadline = a
        .some(1)
        .and_then(crate::builtins::functions::to_f64)
        .map(|t| interp.clock.monotonic() + t);
    let satisfied = || match when.as_str() {
        "FIRST_COMPLETED" => fs.iter().any(|f| f.done()),
        "FIRST_EXCEPTION" => {
            fs.iter().all(|f| f.done())
                || fs
                    .iter()
                    .any(|f| matches!(*f.state.borrow(), CState::Done(Err(_))))
        }
        _ => fs.iter().all(|f| f.done()),
    };
    threads::drive_until(interp, &satisfied, deadline)?;
    let mut done = crate::value::SetMap::default();
    let mut not_done = crate::value::SetMap::default();
    for f in &fs {
        let key = interp.to_key(&f.value())?;
        if f.done() {
            done.insert(key)?;
        } else {
            not_done.insert(key)?;
        }
    }
    Ok(Value::native(DoneAndNotDone {
        done: Value::set(done, false),
        not_done: Value::set(not_done, false),
    }))
}

/// What `wait` returns: a named tuple `(done, not_done)`.
struct DoneAndNotDone {
    done: Value,
    not_done: Value,
}

impl DoneAndNotDone {
    fn items(&self) -> Value {
        Value::tuple(vec![self.done.clone(), self.not_done.clone()])
    }
}

impl Native for DoneAndNotDone {
    fn type_name(&self) -> &str {
        "DoneAndNotDoneFutures"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn repr(&self, interp: &Interp, _: &Value) -> Option<PyResult<String>> {
        Some((|| {
            Ok(format!(
                "DoneAndNotDoneFutures(done={}, not_done={})",
                interp.repr(&self.done)?,
                interp.repr(&self.not_done)?
            ))
        })())
    }
    fn get_attr(&self, _: &Interp, _: &Value, name: &str) -> Option<PyResult<Value>> {
        match name {
            "done" => Some(Ok(self.done.clone())),
            "not_done" => Some(Ok(self.not_done.clone())),
            _ => None,
        }
    }
    fn len(&self, _: &Interp) -> Option<PyResult<usize>> {
        Some(Ok(2))
    }
    fn iter(&self, interp: &Interp, _: &Value) -> Option<PyResult<Value>> {
        Some(interp.iter_object(&self.items()))
    }
    fn get_item(&self, interp: &Interp, index: &Value) -> Option<PyResult<Value>> {
        Some(interp.get_item(&self.items(), index))
    }
}

/// The class of `concurrent.futures.Future`, whose instances are [`CFuture`]s.
pub fn future_class(interp: &Interp) -> Rc<crate::object::Class> {
    interp
        .types
        .native_in("Future", "concurrent.futures._base", None)
}

pub fn make(interp: &Interp) -> Value {
    let _ = positional;
    crate::modules::module(
        "concurrent.futures",
        vec![
            ("Future", Value::Class(future_class(interp))),
            (
                "ThreadPoolExecutor",
                builtin("ThreadPoolExecutor", thread_pool),
            ),
            ("as_completed", builtin("as_completed", as_completed)),
            ("wait", builtin("wait", wait)),
            ("FIRST_COMPLETED", Value::str("FIRST_COMPLETED")),
            ("FIRST_EXCEPTION", Value::str("FIRST_EXCEPTION")),
            ("ALL_COMPLETED", Value::str("ALL_COMPLETED")),
            (
                "CancelledError",
                Value::Class(interp.exc.futures_cancelled_error.clone()),
            ),
            (
                "InvalidStateError",
                Value::Class(interp.exc.futures_invalid_state_error.clone()),
            ),
            (
                "TimeoutError",
                Value::Class(interp.exc.timeout_error.clone()),
            ),
        ],
    )
}
