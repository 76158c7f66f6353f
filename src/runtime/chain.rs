//! Futures across threads: `asyncio.run_coroutine_threadsafe` (a coroutine run on a loop
//! for a green thread, its outcome in a `concurrent.futures.Future`) and
//! `asyncio.wrap_future` (a `concurrent.futures.Future` awaited as an asyncio future).
//!
//! Both chain two futures as CPython's `_chain_future` does: the outcome of the source is
//! copied to the destination (on the destination's loop, one iteration later, when that
//! is an asyncio future), and cancelling the destination cancels the source (on the
//! source's loop when that is an asyncio future).

use std::rc::Rc;

use crate::builtins::Args;
use crate::interp::suspend::Coroutine;
use crate::interp::Interp;
use crate::native_rc::NRc;
use crate::object::{CallArgs, Exc, PyResult};
use crate::value::Value;

use super::executor::CFuture;
use super::future::{FutCore, FutState, Handle};
use super::LoopObject;

/// `asyncio.run_coroutine_threadsafe(coro, loop)`: schedules `coro` as a task on `loop`
/// and returns a `concurrent.futures.Future` for its outcome.
pub fn run_coroutine_threadsafe(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = Args::parse_python(
        interp,
        "run_coroutine_threadsafe",
        args,
        &["coro", "loop"],
        2,
    )?;
    let coro = a.get(0).cloned().unwrap_or(Value::None);
    let loop_value = a.get(1).cloned().unwrap_or(Value::None);
    if coro.downcast::<Coroutine>().is_none() {
        return Err(interp.type_error("A coroutine object is required"));
    }
    let Some(loop_) = loop_value.downcast::<LoopObject>().map(|l| l.0.clone()) else {
        // The coroutine stays alive with the exception, as CPython's traceback keeps it.
        return Err(interp
            .attribute_error(format!(
                "'{}' object has no attribute 'call_soon_threadsafe'",
                loop_value.type_name()
            ))
            .keep_alive(coro));
    };
    if loop_.closed.get() {
        return Err(interp
            .runtime_error("Event loop is closed")
            .keep_alive(coro));
    }
    let cfut = CFuture::new();
    let target = cfut.clone();
    let task_loop = loop_.clone();
    loop_.call_soon(Handle::Rust(Box::new(
        move |interp| match super::create_task(interp, &task_loop, &coro, None) {
            Ok(task) => chain_to_concurrent(interp, task, target),
            Err(e) => {
                if target.set_running_or_notify_cancel() {
                    target.finish(interp, Err(e));
                }
            }
        },
    )));
    Ok(cfut.value())
}

/// Copies the outcome of `task` to `cfut`; cancelling `cfut` cancels `task` (scheduled on
/// the task's loop, as CPython's `call_soon_threadsafe(source.cancel)`).
fn chain_to_concurrent(interp: &Interp, task: NRc<FutCore>, cfut: NRc<CFuture>) {
    let source = task.clone();
    cfut.add_rust_callback(
        interp,
        Box::new(move |_, cfut| {
            if !cfut.cancelled() {
                return;
            }
            let loop_ = source.loop_.clone();
            loop_.call_soon(Handle::Rust(Box::new(move |interp| {
                super::task::cancel(interp, &source, None);
            })));
        }),
    );
    task.add_rust_callback(Box::new(move |interp, task| {
        if task.cancelled() {
            cfut.cancel(interp);
        }
        if !cfut.set_running_or_notify_cancel() {
            return;
        }
        let outcome = match task.state() {
            FutState::Finished(v) => Ok(v),
            FutState::Failed(e) => Err(Exc::new(e)),
            _ => return,
        };
        // Copied: retrieved.
        task.mark_retrieved();
        cfut.finish(interp, outcome);
    }));
}

/// `asyncio.wrap_future(future, *, loop=None)`: an asyncio future (of `loop`, or the
/// current loop) that completes as the `concurrent.futures.Future` does. An asyncio future
/// is returned as it is.
pub fn wrap_future(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    if args.args.len() > 1 {
        return Err(interp.type_error(format!(
            "wrap_future() takes 1 positional argument but {} were given",
            args.args.len()
        )));
    }
    let a = Args::parse_python(interp, "wrap_future", args, &["future", "loop"], 1)?;
    let future = a.get(0).cloned().unwrap_or(Value::None);
    if future.downcast::<FutCore>().is_some() {
        return Ok(future);
    }
    let Some(source) = future.downcast::<CFuture>() else {
        return Err(interp.error(
            &interp.exc.assertion_error,
            format!(
                "concurrent.futures.Future is expected, got {}",
                interp.repr(&future)?
            ),
        ));
    };
    let loop_ = match a.some(1) {
        Some(l) => match l.downcast::<LoopObject>() {
            Some(l) => l.0.clone(),
            None => {
                return Err(interp.attribute_error(format!(
                    "'{}' object has no attribute 'create_future'",
                    l.type_name()
                )))
            }
        },
        None => super::event_loop(),
    };
    let dest = FutCore::new_future(loop_);
    chain_to_asyncio(interp, source, dest.clone());
    Ok(dest.value())
}

/// Copies the outcome of `cfut` to `dest` on `dest`'s loop (unless that is closed by then);
/// cancelling `dest` cancels `cfut`.
fn chain_to_asyncio(interp: &Interp, cfut: &CFuture, dest: NRc<FutCore>) {
    let source = cfut.value();
    dest.add_rust_callback(Box::new(move |interp, dest| {
        if dest.cancelled() {
            if let Some(cfut) = source.downcast::<CFuture>() {
                cfut.cancel(interp);
            }
        }
    }));
    cfut.add_rust_callback(
        interp,
        Box::new(move |_, cfut| {
            let loop_ = dest.loop_.clone();
            if loop_.closed.get() {
                return;
            }
            let cfut = cfut.clone();
            loop_.call_soon(Handle::Rust(Box::new(move |interp| {
                copy_to_asyncio(interp, &cfut, &dest)
            })));
        }),
    );
}

/// CPython's `_copy_future_state` from a concurrent future: a `concurrent.futures`
/// `CancelledError` or `TimeoutError` becomes a new asyncio one with the same arguments.
fn copy_to_asyncio(interp: &Interp, cfut: &CFuture, dest: &NRc<FutCore>) {
    if dest.done() {
        return;
    }
    if cfut.cancelled() {
        dest.cancel_future(None);
        return;
    }
    match cfut.outcome(interp) {
        Ok(v) => dest.set_result(v),
        Err(e) => {
            let class = e.value.class.clone();
            if Rc::ptr_eq(&class, &interp.exc.timeout_error) {
                let args = e.value.exc_data().args.clone();
                dest.set_exception(interp.new_exception(&class, args).value);
            } else {
                dest.set_exception(e.value);
            }
        }
    }
}
