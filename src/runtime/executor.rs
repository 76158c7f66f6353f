//! The `concurrent.futures` module: `ThreadPoolExecutor` over green threads, its
//! `Future`, `as_completed` and `wait`.

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use crate::builtins::{builtin, positional, Args};
use crate::interp::suspend::method;
use crate::interp::Interp;
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

/// A `concurrent.futures.Future`.
pub struct CFuture {
    state: RefCell<CState>,
    callbacks: RefCell<Vec<Value>>,
    me: std::rc::Weak<CFuture>,
}

impl CFuture {
    fn new() -> Rc<CFuture> {
        Rc::new_cyclic(|me| CFuture {
            state: RefCell::new(CState::Pending),
            callbacks: RefCell::new(Vec::new()),
            me: me.clone(),
        })
    }

    fn value(&self) -> Value {
        Value::Native(self.me.upgrade().expect("a live future"))
    }

    fn done(&self) -> bool {
        matches!(*self.state.borrow(), CState::Done(_) | CState::Cancelled)
    }

    fn finish(&self, interp: &Interp, r: Result<Value, Exc>) {
        *self.state.borrow_mut() = CState::Done(r);
        self.run_callbacks(interp);
    }

    fn run_callbacks(&self, interp: &Interp) {
        let cbs = std::mem::take(&mut *self.callbacks.borrow_mut());
        for cb in cbs {
            if let Err(e) = interp.call_value(&cb, vec![self.value()]) {
                interp.write_err(&format!(
                    "exception calling callback for {}\n{}",
                    self.repr_text(interp),
                    interp.format_exception(&e.value)
                ));
            }
        }
    }

    fn result(&self, interp: &Interp) -> PyResult<Value> {
        threads::drive_until(interp, &|| self.done())?;
        match &*self.state.borrow() {
            CState::Done(Ok(v)) => Ok(v.clone()),
            CState::Done(Err(e)) => Err(Exc::new(e.value.clone())),
            CState::Cancelled => {
                Err(interp.new_exception(&interp.exc.futures_cancelled_error, vec![]))
            }
            _ => Err(interp.error(&interp.exc.timeout_error, "")),
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

fn cfut(interp: &Interp, v: &Value) -> PyResult<Rc<CFuture>> {
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
            "result" => |i, a| cfut(i, &a.args[0])?.result(i),
            "exception" => |i, a| {
                let f = cfut(i, &a.args[0])?;
                match f.result(i) {
                    Ok(_) => Ok(Value::None),
                    Err(e) if e.is(&i.exc.futures_cancelled_error) => Err(e),
                    Err(e) => Ok(Value::Instance(e.value)),
                }
            },
            "done" => |i, a| Ok(Value::Bool(cfut(i, &a.args[0])?.done())),
            "running" => |i, a| {
                Ok(Value::Bool(matches!(
                    *cfut(i, &a.args[0])?.state.borrow(),
                    CState::Running
                )))
            },
            "cancelled" => |i, a| {
                Ok(Value::Bool(matches!(
                    *cfut(i, &a.args[0])?.state.borrow(),
                    CState::Cancelled
                )))
            },
            "cancel" => |i, a| {
                let f = cfut(i, &a.args[0])?;
                let pending = matches!(*f.state.borrow(), CState::Pending);
                if pending {
                    *f.state.borrow_mut() = CState::Cancelled;
                    f.run_callbacks(i);
                }
                Ok(Value::Bool(
                    pending || matches!(*f.state.borrow(), CState::Cancelled),
                ))
            },
            "add_done_callback" => |i, a| {
                let f = cfut(i, &a.args[0])?;
                let cb = a.args.get(1).cloned().unwrap_or(Value::None);
                if f.done() {
                    i.call_value(&cb, vec![f.value()])?;
                } else {
                    f.callbacks.borrow_mut().push(cb);
                }
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
) -> PyResult<Rc<CFuture>> {
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
            if !matches!(*target.state.borrow(), CState::Cancelled) {
                target.finish(i, r);
            }
        }),
    )?;
    Ok(fut)
}

/// Marks a future running when its thread starts, then calls the function.
struct Starter {
    fut: Rc<CFuture>,
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
        results.push(f.result(interp)?);
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
        threads::drive_until(interp, &|| ex.idle())?;
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

fn futures_list(interp: &Interp, v: &Value) -> PyResult<Vec<Rc<CFuture>>> {
    interp.collect(v)?.iter().map(|f| cfut(interp, f)).collect()
}

/// `as_completed(fs)`: the futures in the order they finish.
fn as_completed(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = Args::parse(interp, "as_completed", args, &["fs", "timeout"], 1)?;
    let mut pending = futures_list(interp, a.get(0).unwrap_or(&Value::None))?;
    let mut order = Vec::with_capacity(pending.len());
    pending.dedup_by(|x, y| Rc::ptr_eq(x, y));
    while !pending.is_empty() {
        let done_now: Vec<usize> = (0..pending.len()).filter(|&i| pending[i].done()).collect();
        if done_now.is_empty() {
            let before = pending.iter().filter(|f| f.done()).count();
            threads::drive_until(interp, &|| {
                pending.iter().filter(|f| f.done()).count() > before
            })?;
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
    let a = Args::parse(interp, "wait", args, &["fs", "timeout", "return_when"], 1)?;
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
    threads::drive_until(interp, &|| {
        satisfied() || deadline.is_some_and(|d| interp.clock.monotonic() >= d)
    })?;
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

pub fn make(interp: &Interp) -> Value {
    let _ = positional;
    crate::modules::module(
        "concurrent.futures",
        vec![
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
                "TimeoutError",
                Value::Class(interp.exc.timeout_error.clone()),
            ),
        ],
    )
}
