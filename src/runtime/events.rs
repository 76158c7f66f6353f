//! `asyncio.Event`'s `wait()` and `set()`: CPython's algorithms, with one difference
//! nobody can see. CPython's `wait()` makes a future, appends it to `self._waiters`, and
//! awaits it; `set()` sets every waiter's result. Here a task waiting on an event is in
//! `_waiters` as a slot naming the task ([`Slot::Waiter`]), and the future is made only if
//! the program reads that element ([`waiter_future`]). Until then, the task's wait word
//! (the one a sleep uses, [`SleepWait`] with the token [`SleepWait::EVENT`]) is what the
//! future's state would be: pending, done with `True`, or cancelled. 200,000 tasks waiting
//! on one event hold 19 MB less for it.
//!
//! The slot is `_waiters`' only while the task's [`EventWait`] waits in it: the wait takes
//! it out as it ends (CPython's `finally: self._waiters.remove(fut)`), or makes its future,
//! as it ended, where the program moved `_waiters` away. A wait driven by hand
//! (`coro.send(None)`), which is not its task's own wait, makes the future at once.

use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use crate::builtins::positional;
use crate::interp::Interp;
use crate::native_rc::NRc;
use crate::object::{CallArgs, PyResult};
use crate::value::Value;

use super::deque::{Deque, Slot};
use super::future::{DoneCallback, FutCore, Handle, SleepWait};
use super::task::{self, AwaitFut};

/// `Event.wait()`, as a coroutine (`Event.wait(x)`, `create_task(ev.wait())`).
pub fn event_wait(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    super::asyncio::primitive_coroutine(interp, args, "Event.wait", EventWait::new)
}

thread_local! {
    /// The library's own `Event.wait`, once the library is loaded: an `await` of a call
    /// of it runs [`EventWait`] inline (see [`is_event_wait`]).
    static EVENT_WAIT: std::cell::RefCell<Option<Rc<crate::object::Function>>> =
        const { std::cell::RefCell::new(None) };
}

/// Remembers the library's `Event.wait`.
pub fn set_event_wait(wait: Rc<crate::object::Function>) {
    EVENT_WAIT.with(|w| *w.borrow_mut() = Some(wait));
}

/// Whether `f` is the library's `Event.wait` (not a subclass's own, nor a replacement).
pub fn is_event_wait(f: &Rc<crate::object::Function>) -> bool {
    EVENT_WAIT.with(|w| w.borrow().as_ref().is_some_and(|w| Rc::ptr_eq(w, f)))
}

/// CPython's `Event.wait()`: `if self._value: return True`, else a waiter among
/// `self._waiters`, and `True` once the event is set. It is the whole of what a task
/// waiting on an event holds for the wait: held inline in an `await ev.wait()` of an
/// instance, it takes no memory of its own, where a coroutine's body took 112 bytes.
pub struct EventWait<E> {
    event: E,
    wait: Wait,
}

enum Wait {
    /// Not stepped yet.
    Start,
    /// A slot of this deque (the event's `_waiters`): no future is made.
    Slot(NRc<Deque>),
    /// The waiter future: made at once (`_waiters` is not a deque, or the wait is driven
    /// by hand), or since, by the program reading it.
    Future(AwaitFut),
    Done,
}

// Held inline in the await of every task waiting on an event.
const _: () = assert!(std::mem::size_of::<EventWait<Rc<crate::object::Instance>>>() <= 24);

/// What an [`EventWait`] holds its event as: the instance itself, at an `await` (a word),
/// or any value, in the coroutine `Event.wait(x)` makes.
pub trait EventRef: Unpin {
    fn value(&self) -> Value;
}

impl EventRef for Value {
    fn value(&self) -> Value {
        self.clone()
    }
}

impl EventRef for Rc<crate::object::Instance> {
    fn value(&self) -> Value {
        Value::Instance(self.clone())
    }
}

impl<E: EventRef> EventWait<E> {
    pub fn new(event: E) -> EventWait<E> {
        EventWait {
            event,
            wait: Wait::Start,
        }
    }

    /// The first step: true if the event is set already, else the wait joins `_waiters`.
    fn start(&mut self, interp: &Interp) -> PyResult<bool> {
        let event = self.event.value();
        if interp.truthy(&interp.get_attr(&event, "_value")?)? {
            return Ok(true);
        }
        let waiters = interp.get_attr(&event, "_waiters")?;
        let deque = match &waiters {
            Value::Native(n) => n.downcast::<Deque>(),
            _ => None,
        };
        let task = task::current_task().filter(|t| {
            !task::driven_by_hand() && t.task.as_ref().is_some_and(|t| t.waits_for_nothing())
        });
        if let (Some(deque), Some(task)) = (deque, task) {
            if let Some(t) = &task.task {
                t.set_sleep(SleepWait::Waiting(SleepWait::EVENT));
            }
            deque.push_waiter(task);
            self.wait = Wait::Slot(deque);
            return Ok(false);
        }
        let loop_ =
            super::running_loop().ok_or_else(|| interp.runtime_error("no running event loop"))?;
        let waiter = FutCore::new_future(loop_);
        super::asyncio::call_method(interp, &waiters, "append", vec![waiter.value()])?;
        self.wait = Wait::Future(AwaitFut::new(waiter));
        Ok(false)
    }

    /// A poll of the wait in a slot of `_waiters`.
    fn poll_slot(&mut self, interp: &Interp) -> Poll<PyResult<Value>> {
        let task = task::current_task();
        let Some(t) = task.as_ref().and_then(|task| task.task.as_deref()) else {
            return Poll::Ready(Err(interp.runtime_error("await wasn't used with future")));
        };
        let task = task.as_ref().expect("a task part has its task");
        if let Some(fut) = task.take_event_waiter() {
            // The program read the slot: the wait is for that future now.
            self.wait = Wait::Future(AwaitFut::waiting(fut));
            return Poll::Pending;
        }
        let thrown = task::take_pending_throw();
        let state = t.sleep();
        let (waited, ended) = match (thrown, state) {
            (None, SleepWait::Waiting(_)) => return Poll::Pending,
            (None, _) => (Ok(Value::Bool(true)), Ended::Set),
            (Some(e), state) => (Err(e), Ended::of(state)),
        };
        t.set_sleep(SleepWait::None);
        let Wait::Slot(deque) = std::mem::replace(&mut self.wait, Wait::Done) else {
            unreachable!("polled in a slot")
        };
        let event = self.event.value();
        let removed = interp.get_attr(&event, "_waiters").and_then(|waiters| {
            let same = matches!(&waiters, Value::Native(n)
                if std::ptr::eq(n.as_ptr(), NRc::as_ptr(&deque)));
            if same && deque.remove_waiter(task) {
                return Ok(());
            }
            // Not where it was put: CPython's future stays where it was appended, as it
            // ended, and is not found in what `_waiters` is now.
            let make = || ended.future(task);
            let fut = deque.make_waiter_future(task, make).unwrap_or_else(make);
            super::asyncio::call_method(interp, &waiters, "remove", vec![fut.value()]).map(drop)
        });
        Poll::Ready(super::asyncio::after_finally(interp, waited, removed))
    }
}

impl<E: EventRef> std::future::Future for EventWait<E> {
    type Output = PyResult<Value>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let interp = crate::interp::current_rc();
        loop {
            match &mut this.wait {
                Wait::Start => match this.start(&interp) {
                    Ok(false) if matches!(this.wait, Wait::Slot(_)) => return Poll::Pending,
                    Ok(false) => {}
                    done => return Poll::Ready(done.map(|_| Value::Bool(true))),
                },
                Wait::Slot(_) => match this.poll_slot(&interp) {
                    // Waiting for the future the program made of the slot: polled below.
                    Poll::Pending if matches!(this.wait, Wait::Future(_)) => {}
                    r => return r,
                },
                Wait::Future(waiter) => {
                    let waited = std::task::ready!(Pin::new(waiter).poll(cx));
                    let Wait::Future(waiter) = std::mem::replace(&mut this.wait, Wait::Done) else {
                        unreachable!("matched above")
                    };
                    let event = this.event.value();
                    let outcome =
                        super::asyncio::leave_waiters(&interp, &event, &waiter.fut, waited);
                    return Poll::Ready(outcome.map(|_| Value::Bool(true)));
                }
                Wait::Done => return Poll::Ready(Ok(Value::Bool(true))),
            }
        }
    }
}

/// How a wait in a slot ended, which is the state its future would be in.
#[derive(Clone, Copy)]
enum Ended {
    /// `set()`: done, with `True`.
    Set,
    Cancelled,
    /// Something else was thrown in (an interrupt): the future was left pending.
    Pending,
}

impl Ended {
    /// What the task's wait word says of its wait in a slot.
    fn of(state: SleepWait) -> Ended {
        match state {
            SleepWait::Over(_) => Ended::Set,
            SleepWait::Cancelled => Ended::Cancelled,
            SleepWait::Waiting(_) | SleepWait::None => Ended::Pending,
        }
    }

    /// The waiter future in that state.
    fn future(self, task: &NRc<FutCore>) -> NRc<FutCore> {
        let fut = FutCore::new_future(task.loop_.clone());
        match self {
            Ended::Set => fut.set_result(Value::Bool(true)),
            Ended::Cancelled => {
                // The message `cancel(msg)` gave the future is the one its task raises.
                fut.cancel_future(task.pending_throw_message());
            }
            Ended::Pending => {}
        }
        fut
    }
}

/// The waiter future of `task`, which waits in a slot: made now that the program reads
/// the slot, in the state the task's wait word says, and handed to the task's
/// [`EventWait`] (through the task), which waits for it from then on.
pub fn waiter_future(task: &NRc<FutCore>) -> NRc<FutCore> {
    let Some(t) = &task.task else {
        return FutCore::new_future(task.loop_.clone());
    };
    let state = t.sleep();
    let fut = Ended::of(state).future(task);
    // The task waits for the future from now on, in place of its wait word.
    match state {
        SleepWait::Waiting(_) => {
            fut.add_callback(DoneCallback::Wakeup(task.clone()));
            t.set_fut_waiter(Some(fut.clone()));
        }
        SleepWait::Cancelled => t.set_fut_waiter(Some(fut.clone())),
        SleepWait::Over(_) => t.set_sleep(SleepWait::None),
        SleepWait::None => {}
    }
    task.set_event_waiter(Some(fut.clone()));
    fut
}

/// `Event.set()`: `if not self._value`, it is set, and `for fut in self._waiters: if not
/// fut.done(): fut.set_result(True)`. A task in a slot is woken as that would wake it.
pub fn event_set(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let event = positional(interp, "set", args, 1, 1)?.swap_remove(0);
    if interp.truthy(&interp.get_attr(&event, "_value")?)? {
        return Ok(Value::None);
    }
    interp.set_attr(&event, "_value", Value::Bool(true))?;
    let waiters = interp.get_attr(&event, "_waiters")?;
    let Some(deque) = waiters.downcast::<Deque>() else {
        for fut in interp.collect(&waiters)? {
            set_waiter(interp, fut)?;
        }
        return Ok(Value::None);
    };
    let state = deque.state();
    for k in 0.. {
        if deque.state() != state {
            return Err(interp.runtime_error("deque mutated during iteration"));
        }
        match deque.slot(k) {
            None => break,
            Some(Slot::Waiter(task)) => {
                let Some(t) = &task.task else { continue };
                if t.sleep() == SleepWait::Waiting(SleepWait::EVENT) {
                    t.set_sleep(SleepWait::Over(SleepWait::EVENT));
                    task.loop_.call_soon(Handle::Step(task.clone()));
                }
            }
            Some(Slot::Item(fut)) => set_waiter(interp, fut)?,
        }
    }
    Ok(Value::None)
}

/// `if not fut.done(): fut.set_result(True)`.
fn set_waiter(interp: &Interp, fut: Value) -> PyResult<()> {
    if let Some(f) = fut.downcast::<FutCore>().filter(|f| !f.is_task()) {
        f.set_result(Value::Bool(true));
        return Ok(());
    }
    let call = super::asyncio::call_method;
    if !interp.truthy(&call(interp, &fut, "done", vec![])?)? {
        call(interp, &fut, "set_result", vec![Value::Bool(true)])?;
    }
    Ok(())
}
