//! "Threads" for blocking work: `asyncio.to_thread`, `loop.run_in_executor` and
//! `ThreadPoolExecutor`.
//!
//! The interpreter is single-threaded, so a thread here is a green thread: a stackful
//! coroutine (corosensei) running the function on a stack of its own. A blocking call
//! inside it (`time.sleep`) suspends only that thread: the thread tells the scheduler when
//! to wake it and the loop carries on. Threads run when the loop has nothing ready, as
//! CPython's worker threads get the GIL when the loop thread blocks in `select`. Executors
//! run at most `max_workers` threads at once and queue the rest. A thread waiting for
//! something other than time (a `concurrent.futures.Future`, an executor going idle) is
//! parked: it does not run again until [`notify_waiters`] says something changed or its
//! deadline passes.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use corosensei::stack::DefaultStack;
use corosensei::{Coroutine, CoroutineResult, Yielder};

use crate::interp::Interp;
use crate::native_rc::NRc;
use crate::object::{CallArgs, PyResult};
use crate::value::Value;

use super::future::{FutCore, Handle};

/// A green thread's stack. Pages are only committed as they are used.
const STACK_SIZE: usize = 64 << 20;

type Green = Coroutine<(), f64, PyResult<Value>, DefaultStack>;

/// `wake_at` of a parked thread without a deadline: it wakes only when notified.
const PARKED: f64 = f64::INFINITY;
/// `wake_at` of a notified thread: due at once.
const NOTIFIED: f64 = f64::MIN;

/// What to do with a thread's result when it finishes.
pub type OnDone = Box<dyn FnOnce(&Interp, PyResult<Value>)>;

struct GreenThread {
    co: RefCell<Green>,
    /// `monotonic()` time before which the thread sleeps ([`PARKED`]: until notified).
    wake_at: Cell<f64>,
    /// Waiting for a notification (perhaps with a deadline too).
    parked: Cell<bool>,
    on_done: RefCell<Option<OnDone>>,
    executor: Rc<Executor>,
}

/// A pool of green threads (`ThreadPoolExecutor`, or a loop's default executor).
pub struct Executor {
    pub max_workers: usize,
    running: Cell<usize>,
    queue: RefCell<VecDeque<(Value, CallArgs, OnDone)>>,
    pub shutdown: Cell<bool>,
}

impl Executor {
    pub fn new(max_workers: usize) -> Rc<Executor> {
        Rc::new(Executor {
            max_workers: max_workers.max(1),
            running: Cell::new(0),
            queue: RefCell::new(VecDeque::new()),
            shutdown: Cell::new(false),
        })
    }

    /// CPython's default: `min(32, os.cpu_count() + 4)`.
    pub fn default_workers() -> usize {
        let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
        (cpus + 4).min(32)
    }

    pub fn idle(&self) -> bool {
        self.running.get() == 0 && self.queue.borrow().is_empty()
    }
}

thread_local! {
    static THREADS: RefCell<Vec<Rc<GreenThread>>> = const { RefCell::new(Vec::new()) };
    /// The yielder of the green thread running now, null on the main stack.
    static YIELDER: Cell<*const Yielder<(), f64>> = const { Cell::new(std::ptr::null()) };
    /// Set by a thread about to park, read by the scheduler when it suspends.
    static PARKING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `func(*args)` on a thread of `executor`, queued if all its workers are busy.
pub fn submit(
    executor: &Rc<Executor>,
    func: Value,
    args: CallArgs,
    on_done: OnDone,
) -> PyResult<()> {
    if executor.running.get() >= executor.max_workers {
        executor.queue.borrow_mut().push_back((func, args, on_done));
        return Ok(());
    }
    start(executor, func, args, on_done)
}

fn start(executor: &Rc<Executor>, func: Value, args: CallArgs, on_done: OnDone) -> PyResult<()> {
    let interp = crate::interp::current_rc();
    let stack = DefaultStack::new(STACK_SIZE)
        .map_err(|_| interp.error(&interp.exc.memory_error, "cannot allocate a thread stack"))?;
    let co = Coroutine::with_stack(stack, move |yielder: &Yielder<(), f64>, ()| {
        YIELDER.with(|y| y.set(yielder as *const _));
        let interp = crate::interp::current_rc();
        interp.call(&func, args)
    });
    executor.running.set(executor.running.get() + 1);
    THREADS.with(|t| {
        t.borrow_mut().push(Rc::new(GreenThread {
            co: RefCell::new(co),
            wake_at: Cell::new(0.0),
            parked: Cell::new(false),
            on_done: RefCell::new(Some(on_done)),
            executor: executor.clone(),
        }))
    });
    Ok(())
}

/// `time.sleep` inside a green thread: suspends the thread, not the loop.
/// Returns `None` when not called from a green thread.
pub fn sleep_in_thread(interp: &Interp, secs: f64) -> Option<()> {
    let y = YIELDER.with(|y| y.get());
    if y.is_null() {
        return None;
    }
    let depth = interp.depth.get();
    // SAFETY: YIELDER is set by the running green thread to its own yielder, which lives
    // on that thread's stack for as long as the thread runs; we are on that stack now.
    unsafe { (*y).suspend(secs) };
    YIELDER.with(|c| c.set(y));
    interp.depth.set(depth);
    Some(())
}

pub fn in_thread() -> bool {
    YIELDER.with(|y| !y.get().is_null())
}

/// Whether some thread is going to run again by itself (parked ones wait to be notified).
pub fn has_threads() -> bool {
    next_wake().is_some()
}

/// The earliest time a thread wakes, not counting those parked with no deadline.
pub fn next_wake() -> Option<f64> {
    THREADS.with(|t| {
        t.borrow()
            .iter()
            .map(|g| g.wake_at.get())
            .filter(|w| *w < PARKED)
            .min_by(|a, b| a.total_cmp(b))
    })
}

/// Something parked threads may be waiting for has changed (a future finished, a thread
/// ended): they run again to look.
pub fn notify_waiters() {
    THREADS.with(|t| {
        for g in t.borrow().iter().filter(|g| g.parked.get()) {
            g.wake_at.set(NOTIFIED);
        }
    });
}

/// Parks the green thread running now until [`notify_waiters`] or `deadline` (loop time).
fn park(interp: &Interp, deadline: Option<f64>) {
    PARKING.with(|p| p.set(true));
    let secs = deadline.map_or(PARKED, |d| d - interp.clock.monotonic());
    sleep_in_thread(interp, secs);
}

/// Runs every thread that is due, each until it sleeps or finishes; true if any ran.
pub fn run_due(interp: &Interp) -> bool {
    let now = interp.clock.monotonic();
    let due: Vec<Rc<GreenThread>> = THREADS.with(|t| {
        t.borrow()
            .iter()
            .filter(|g| g.wake_at.get() <= now + 1e-9)
            .cloned()
            .collect()
    });
    for g in &due {
        resume(interp, g);
    }
    !due.is_empty()
}

fn resume(interp: &Interp, g: &Rc<GreenThread>) {
    let depth = interp.depth.get();
    let outer = YIELDER.with(|y| y.replace(std::ptr::null()));
    let r = g.co.borrow_mut().resume(());
    YIELDER.with(|y| y.set(outer));
    interp.depth.set(depth);
    match r {
        CoroutineResult::Yield(secs) => {
            g.parked.set(PARKING.with(|p| p.replace(false)));
            g.wake_at.set(interp.clock.monotonic() + secs.max(0.0));
        }
        CoroutineResult::Return(result) => {
            PARKING.with(|p| p.set(false));
            THREADS.with(|t| t.borrow_mut().retain(|x| !Rc::ptr_eq(x, g)));
            let ex = &g.executor;
            ex.running.set(ex.running.get().saturating_sub(1));
            let next = ex.queue.borrow_mut().pop_front();
            if let Some((func, args, on_done)) = next {
                if let Err(e) = start(ex, func, args, on_done) {
                    interp.write_err(&interp.format_exception(&e.value));
                }
            }
            if let Some(done) = g.on_done.borrow_mut().take() {
                done(interp, result);
            }
            notify_waiters();
        }
    }
}

/// Blocks the caller until `done()` holds, the loop time `deadline` passes or nothing can
/// change any more. A green thread parks meanwhile (the loop and the other threads go on);
/// the main stack runs the threads itself (a `concurrent.futures` wait outside the loop).
pub fn drive_until(
    interp: &Interp,
    done: &dyn Fn() -> bool,
    deadline: Option<f64>,
) -> PyResult<()> {
    let passed = |d: f64| interp.clock.monotonic() >= d - 1e-9;
    loop {
        if done() || deadline.is_some_and(passed) {
            return Ok(());
        }
        if in_thread() {
            park(interp, deadline);
            continue;
        }
        if run_due(interp) {
            continue;
        }
        let wake = match (next_wake(), deadline) {
            (Some(w), Some(d)) => w.min(d),
            (Some(w), None) => w,
            (None, Some(d)) => d,
            (None, None) => return Ok(()),
        };
        let delay = wake - interp.clock.monotonic();
        if delay > 0.0 {
            crate::interp::limits::sleep(interp, delay);
            interp.poll_limits()?;
        }
    }
}

// ---------------------------------------------------------------- asyncio entry points

/// When a thread finishes, hands its result to `target` on the loop's thread, as CPython's
/// `call_soon_threadsafe(_set_state)` does: one loop iteration later.
fn resolve_on_loop(target: NRc<FutCore>) -> OnDone {
    Box::new(move |_, result| {
        let loop_ = target.loop_.clone();
        loop_.call_soon(Handle::Rust(Box::new(move |_| {
            if target.done() {
                return;
            }
            match result {
                Ok(v) => target.set_result(v),
                Err(e) => target.set_exception(e.value),
            }
        })));
    })
}

/// `loop.run_in_executor(executor, func, *args)`: an asyncio Future for the result.
pub fn run_in_executor(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let mut a = args.args.into_iter();
    let l = match a
        .next()
        .and_then(|v| v.downcast::<super::LoopObject>().map(|l| l.0.clone()))
    {
        Some(l) => l,
        None => super::event_loop(),
    };
    let executor = a.next().unwrap_or(Value::None);
    let func = a
        .next()
        .ok_or_else(|| interp.type_error("run_in_executor() missing the function"))?;
    let pool = match executor.downcast::<super::executor::PoolObject>() {
        Some(p) => p.0.clone(),
        None if executor.is_none() => l.default_executor(),
        None => return Err(interp.type_error("executor must be an Executor or None")),
    };
    if pool.shutdown.get() {
        return Err(interp.runtime_error("cannot schedule new futures after shutdown"));
    }
    let fut = FutCore::new_future(l.clone());
    let target = fut.clone();
    submit(
        &pool,
        func,
        CallArgs::positional(a.collect()),
        resolve_on_loop(target),
    )?;
    Ok(fut.value())
}

/// `asyncio.to_thread(func, *args, **kwargs)`.
pub fn to_thread(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let CallArgs { args, kwargs } = args;
    let mut a = args.into_iter();
    let func = a.next().ok_or_else(|| {
        interp.type_error("to_thread() missing 1 required positional argument: 'func'")
    })?;
    let call = CallArgs {
        args: a.collect(),
        kwargs,
    };
    let body = Box::pin(async move {
        let interp = crate::interp::current_rc();
        let l = super::event_loop();
        let fut = FutCore::new_future(l.clone());
        let target = fut.clone();
        submit(&l.default_executor(), func, call, resolve_on_loop(target))?;
        let _ = &interp;
        super::task::AwaitFut::new(fut).await
    });
    Ok(super::builtin_coroutine(interp, "to_thread", body))
}
