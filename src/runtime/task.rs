//! Stepping tasks, cancelling them, and the leaf futures a coroutine suspends on.
//!
//! A task step polls the task's coroutine once. Every suspension bottoms out in a leaf
//! here: [`AwaitFut`] (waiting for a Future or Task; the task registers itself as one of
//! its done callbacks, exactly as CPython's `Task.__wakeup`) or [`YieldNow`] (a bare
//! `yield` to the loop, `sleep(0)`). Cancellation is delivered as CPython delivers it: the
//! future the task waits on is cancelled, or a `CancelledError` is thrown in at the task's
//! current await point on its next step.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use crate::interp::suspend::{CoroState, Coroutine};
use crate::interp::Interp;
use crate::native_rc::NRc;
use crate::object::{Exc, PyResult};
use crate::value::Value;

use super::future::{DoneCallback, FutCore, Handle, SleepWait, TaskPart};

thread_local! {
    static CURRENT_TASK: RefCell<Option<NRc<FutCore>>> = const { RefCell::new(None) };
    /// What `coro.throw()` or `coro.close()` throws in, for the await the coroutine is
    /// suspended at to raise.
    static THROWN: RefCell<Option<Exc>> = const { RefCell::new(None) };
    /// Whether what is polled now is a coroutine driven by hand (`send`, `throw`), not
    /// a task's own coroutine: what it awaits is not what the task waits for.
    static BY_HAND: Cell<bool> = const { Cell::new(false) };
}

/// Whether the await being polled is in a coroutine driven by hand (see [`by_hand`]).
pub fn driven_by_hand() -> bool {
    BY_HAND.with(Cell::get)
}

/// Runs `resume`, a poll of a coroutine driven by hand.
pub fn by_hand<R>(resume: impl FnOnce() -> R) -> R {
    let outer = BY_HAND.with(|b| b.replace(true));
    let r = resume();
    BY_HAND.with(|b| b.set(outer));
    r
}

pub fn current_task() -> Option<NRc<FutCore>> {
    CURRENT_TASK.with(|t| t.borrow().clone())
}

/// Runs `resume` (which polls a suspended coroutine) with `exc` to raise at the await it
/// is suspended at.
pub fn throwing_in<R>(exc: Exc, resume: impl FnOnce() -> R) -> R {
    THROWN.with(|t| *t.borrow_mut() = Some(exc));
    let r = resume();
    THROWN.with(|t| t.borrow_mut().take());
    r
}

/// The exception to raise at the await being resumed, if there is one: thrown in by
/// `coro.throw()`, or by the loop into the current task (its cancellation).
pub fn take_pending_throw() -> Option<Exc> {
    if let Some(e) = THROWN.with(|t| t.borrow_mut().take()) {
        return Some(e);
    }
    current_task()?.take_pending_throw()
}

/// Runs one step of a task: polls its coroutine until it suspends or finishes.
pub fn step(interp: &Interp, task: &NRc<FutCore>) -> PyResult<()> {
    let Some(t) = &task.task else {
        return Ok(());
    };
    if task.done() {
        return Ok(());
    }
    let Some(mut fut) = t.coro.take() else {
        return Ok(());
    };
    if t.must_cancel() {
        t.set_must_cancel(false);
        let waiter_cancelled =
            t.sleep() == SleepWait::Cancelled || t.fut_waiter().is_some_and(|w| w.cancelled());
        // A task cancelled before it starts never runs its coroutine; but the awaitable
        // of `aclose()` is not a coroutine: CPython's task throws the CancelledError into
        // the generator, whose `finally` runs.
        let athrow = t
            .with_coroutine(|c| &*c.qualname == crate::interp::suspend::ATHROW_NAME)
            .unwrap_or(false);
        if !t.started() && !athrow {
            drop(fut);
            t.with_coroutine(Coroutine::finish);
            let msg = task.cancel_message();
            task.cancel_future(msg);
            return Ok(());
        }
        if !waiter_cancelled {
            task.set_pending_throw(Some(task.cancelled_error(interp)));
        }
    }
    t.set_started(true);
    t.with_coroutine(|c| {
        c.state.set(CoroState::Running);
        c.executing.set(true);
    });
    t.set_fut_waiter(None);
    let previous = CURRENT_TASK.with(|c| c.replace(Some(task.clone())));
    let mut cx = Context::from_waker(std::task::Waker::noop());
    let by_hand = BY_HAND.with(|b| b.replace(false));
    // The coroutine runs as deep as CPython's would, under the loop's frames.
    let r = interp.deeper(task.loop_.frames_below.get(), || fut.as_mut().poll(&mut cx));
    BY_HAND.with(|b| b.set(by_hand));
    t.with_coroutine(|c| c.executing.set(false));
    CURRENT_TASK.with(|c| *c.borrow_mut() = previous);
    match r {
        Poll::Pending => {
            t.set_suspended_at(interp.current_span());
            if super::interactive() {
                task.set_since(interp.clock.monotonic());
            }
            task.set_pending_throw(None);
            t.coro.set(Some(fut));
            Ok(())
        }
        Poll::Ready(result) => {
            drop(fut);
            t.with_coroutine(Coroutine::finish);
            match result {
                Ok(v) => {
                    if t.must_cancel() {
                        t.set_must_cancel(false);
                        let msg = task.cancel_message();
                        task.cancel_future(msg);
                    } else {
                        task.set_result(v);
                    }
                    Ok(())
                }
                Err(e) if e.is(&interp.exc.cancelled_error) => {
                    let msg = task.cancel_message();
                    task.set_cancelled_exc(e.value);
                    task.cancel_future(msg);
                    Ok(())
                }
                Err(e) if e.is(&interp.exc.keyboard_interrupt) || e.is(&interp.exc.system_exit) => {
                    task.set_exception(e.value.clone());
                    task.mark_retrieved();
                    Err(e)
                }
                Err(e) => {
                    task.set_exception(e.value);
                    Ok(())
                }
            }
        }
    }
}

/// `task.cancel(msg)` / `future.cancel(msg)`, for callers with no Python caller to raise
/// to (a chain of waiters past the recursion limit is then left as far as it got).
pub fn cancel(interp: &Interp, fut: &NRc<FutCore>, msg: Option<Value>) -> bool {
    try_cancel(interp, fut, msg).unwrap_or(false)
}

/// `task.cancel(msg)` / `future.cancel(msg)`. Each step down the chain of waiters (a task,
/// the gather it awaits, that gather's children, ...) is a level of recursion and an
/// evaluation step, as in CPython, where these are Python calls: a chain deeper than the
/// recursion limit is a `RecursionError`, not a native stack overflow, and cancelling
/// many long chains (quadratic, as in CPython) stays within `--max-steps`/`--timeout`.
pub fn try_cancel(interp: &Interp, fut: &NRc<FutCore>, msg: Option<Value>) -> PyResult<bool> {
    interp.tick()?;
    interp.recursing(" while calling a Python object", || {
        cancel_chain(interp, fut, msg)
    })
}

fn cancel_chain(interp: &Interp, fut: &NRc<FutCore>, msg: Option<Value>) -> PyResult<bool> {
    fut.mark_retrieved();
    if fut.done() {
        return Ok(false);
    }
    let children = fut.gather_children();
    if let Some(children) = children {
        let mut any = false;
        for c in children.iter() {
            any |= try_cancel(interp, c, msg.clone())?;
        }
        if any {
            fut.set_gather_cancel_requested();
        }
        return Ok(any);
    }
    let Some(t) = &fut.task else {
        return Ok(fut.cancel_future(msg));
    };
    fut.set_cancel_requests(fut.cancel_requests().saturating_add(1));
    if let SleepWait::Waiting(_) = t.sleep() {
        // What cancelling the future of the sleep would do: the task is woken on the next
        // turn, and its sleep raises `CancelledError(msg)`.
        interp.tick()?;
        t.set_sleep(SleepWait::Cancelled);
        let args = msg.filter(|m| !m.is_none()).into_iter().collect();
        fut.set_pending_throw(Some(
            interp.new_exception(&interp.exc.cancelled_error, args),
        ));
        fut.loop_.call_soon(Handle::Step(fut.clone()));
        return Ok(true);
    }
    let waiter = t.fut_waiter();
    if let Some(w) = waiter {
        if try_cancel(interp, &w, msg.clone())? {
            return Ok(true);
        }
    }
    t.set_must_cancel(true);
    fut.set_cancel_message(msg);
    Ok(true)
}

/// `<main() running at x.aio:12>` / `<boom() done, defined at x.aio:6>`, for task reprs.
pub fn coro_repr(interp: &Interp, fut: &FutCore, t: &TaskPart) -> String {
    let (qualname, code, state) = match t.coro_code() {
        Ok(c) => c,
        // An awaitable of an async generator's method: CPython's name for what has none.
        Err(type_name) => return format!("<{type_name} without __name__>()"),
    };
    if &*qualname == crate::interp::suspend::ATHROW_NAME {
        // A built-in awaitable without a code object: CPython shows its name alone.
        return format!("{qualname}()");
    }
    let source = code.source();
    let def_line = source.line(code.def_span());
    if fut.done() || state == CoroState::Done {
        format!("{qualname}() done, defined at {}:{def_line}", source.name)
    } else if t.started() {
        // The running task is at the line running now, not where it last suspended.
        let running = current_task().is_some_and(|cur| std::ptr::eq(&*cur, fut));
        let span = if running {
            interp.current_span()
        } else {
            t.suspended_at()
        };
        let line = source.line_within(span).unwrap_or(def_line);
        format!("{qualname}() running at {}:{line}", source.name)
    } else {
        format!("{qualname}() running at {}:{def_line}", source.name)
    }
}

/// Waiting for a Future or Task from inside a task.
pub struct AwaitFut {
    pub fut: NRc<FutCore>,
    /// Whether the task's wakeup is among the future's done callbacks.
    waiting: bool,
}

impl AwaitFut {
    pub fn new(fut: NRc<FutCore>) -> AwaitFut {
        AwaitFut {
            fut,
            waiting: false,
        }
    }

    /// Waiting for `fut`, which has the current task's wakeup already if it is pending.
    pub fn waiting(fut: NRc<FutCore>) -> AwaitFut {
        AwaitFut { fut, waiting: true }
    }
}

impl Future for AwaitFut {
    type Output = PyResult<Value>;

    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Self::Output> {
        let Some(interp) = crate::interp::try_current_rc() else {
            return Poll::Ready(Ok(Value::None));
        };
        let Some(task) = current_task() else {
            return Poll::Ready(Err(interp.runtime_error("await wasn't used with future")));
        };
        if let Some(e) = take_pending_throw() {
            if std::mem::take(&mut self.waiting) {
                self.fut.remove_wakeup(&task);
            }
            return Poll::Ready(Err(e));
        }
        if self.fut.done() {
            return Poll::Ready(self.fut.result(&interp));
        }
        if driven_by_hand() {
            // CPython's future yields itself to whoever drives the coroutine, and nobody
            // waits for it: the task that called `send` is not woken when it is done.
            return Poll::Pending;
        }
        if !self.waiting {
            if NRc::ptr_eq(&self.fut, &task) {
                return Poll::Ready(Err(interp.runtime_error(format!(
                    "Task cannot await on itself: {}",
                    task.repr_text(&interp).unwrap_or_default()
                ))));
            }
            if !Rc::ptr_eq(&self.fut.loop_, &task.loop_) {
                return Poll::Ready(Err(interp.runtime_error(format!(
                    "Task {} got Future {} attached to a different loop",
                    task.repr_text(&interp).unwrap_or_default(),
                    self.fut.repr_text(&interp).unwrap_or_default()
                ))));
            }
            self.fut.add_callback(DoneCallback::Wakeup(task.clone()));
            self.waiting = true;
        }
        if let Some(t) = &task.task {
            t.set_fut_waiter(Some(self.fut.clone()));
        }
        Poll::Pending
    }
}

/// A bare `yield` to the loop: the task runs again after every other ready handle.
#[derive(Default)]
pub struct YieldNow {
    yielded: bool,
}

impl Future for YieldNow {
    type Output = PyResult<()>;

    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Self::Output> {
        yield_once(&mut self.yielded)
    }
}

/// A poll of a bare `yield` to the loop, which has `yielded` once it has.
pub fn yield_once(yielded: &mut bool) -> Poll<PyResult<()>> {
    if let Some(e) = take_pending_throw() {
        return Poll::Ready(Err(e));
    }
    if *yielded {
        return Poll::Ready(Ok(()));
    }
    *yielded = true;
    if let Some(task) = current_task() {
        task.loop_.call_soon(Handle::Step(task.clone()));
    }
    Poll::Pending
}
