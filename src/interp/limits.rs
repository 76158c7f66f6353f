//! Budgets and interruptions of a run: the evaluation step limit (`--max-steps`), the wall
//! time limit (`--timeout`), and Ctrl-C, each turned into a Python exception at the next
//! statement the evaluator starts (or while it sleeps).
//!
//! The evaluator calls [`Interp::tick`] once per statement and per loop item; it costs an
//! increment and a compare. Every [`CHECK_EVERY`] steps (and whenever the event loop or a
//! sleep wakes) [`Interp::poll_limits`] reads the clock and the SIGINT flag. A signal
//! handler only sets that flag ([`interrupt`]). When the program runs an asyncio main task
//! (`asyncio.run`, or a script with top-level `await`), the first Ctrl-C cancels that task
//! and the run ends in `KeyboardInterrupt` once it is done, as CPython 3.11's
//! `asyncio.Runner` does; a second one raises `KeyboardInterrupt` where the code is.
//! An exceeded step or time limit raises again at every later step, so a bare `except:`
//! cannot keep a runaway program going.

use std::cell::{Cell, RefCell};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::Interp;
use crate::object::{Exc, PyResult};
use crate::value::Value;

/// What cancels the program's asyncio main task on the first Ctrl-C.
pub type Canceller = Box<dyn FnOnce(&Interp)>;

/// How many steps run between two looks at the clock and the signal flag when neither
/// asks for attention.
pub const CHECK_EVERY: u64 = 1024;

/// Set by the SIGINT handler (or an embedder), cleared when the interpreter acts on it.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Set when a Ctrl-C arrives or the `--timeout` deadline passes: every step looks at it,
/// so that a program whose steps are slow (sorting a big list in a loop) stops at the
/// next step, not up to [`CHECK_EVERY`] slow steps later.
static ATTENTION: AtomicBool = AtomicBool::new(false);

/// Asks the running program to stop with `KeyboardInterrupt` (async-signal-safe).
pub fn interrupt() {
    INTERRUPTED.store(true, Ordering::SeqCst);
    ATTENTION.store(true, Ordering::SeqCst);
}

/// Whether an interrupt is waiting to be acted on (sleeps end early when it is).
pub fn interrupt_pending() -> bool {
    INTERRUPTED.load(Ordering::Relaxed)
}

extern "C" fn on_sigint(_: libc::c_int) {
    interrupt();
}

/// Makes Ctrl-C (SIGINT) raise `KeyboardInterrupt` in the program instead of killing it.
pub fn install_sigint_handler() {
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    unsafe {
        libc::signal(
            libc::SIGINT,
            on_sigint as extern "C" fn(libc::c_int) as libc::sighandler_t,
        );
    }
}

/// Which limit a run went past.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Exceeded {
    Steps,
    Time,
}

/// The budgets of one run and what is spent of them.
pub struct Limits {
    steps: Cell<u64>,
    /// The step count at which `tick` next calls `poll_limits`.
    check_at: Cell<u64>,
    max_steps: Cell<Option<u64>>,
    timeout: Cell<Option<Duration>>,
    deadline: Cell<Option<Instant>>,
    exceeded: Cell<Option<Exceeded>>,
    /// Cancels the asyncio main task; taken by the first Ctrl-C.
    cancel_main: RefCell<Option<Canceller>>,
    /// The first Ctrl-C cancelled the main task: end the run with `KeyboardInterrupt`.
    main_interrupted: Cell<bool>,
    /// The most bytes one value may take (`usize::MAX`: what the system gives).
    max_alloc: Cell<usize>,
    /// A limit stopped the program (the flag outlives `clear_exceeded`): the tasks it
    /// abandoned are not reported as destroyed while pending.
    stopped: Cell<bool>,
}

impl Limits {
    pub fn new() -> Limits {
        Limits {
            steps: Cell::new(0),
            check_at: Cell::new(CHECK_EVERY),
            max_steps: Cell::new(None),
            timeout: Cell::new(None),
            deadline: Cell::new(None),
            exceeded: Cell::new(None),
            cancel_main: RefCell::new(None),
            main_interrupted: Cell::new(false),
            max_alloc: Cell::new(usize::MAX),
            stopped: Cell::new(false),
        }
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::new()
    }
}

impl Interp {
    /// Limits the run to `max_steps` evaluation steps and `timeout` of wall time (from now).
    pub fn set_limits(&self, max_steps: Option<u64>, timeout: Option<Duration>) {
        let l = &self.limits;
        l.max_steps.set(max_steps);
        l.timeout.set(timeout);
        l.deadline.set(timeout.map(|t| Instant::now() + t));
        if let Some(t) = timeout {
            // The deadline is still checked by the clock; this only makes the next step
            // look. A thread left asleep when the run ends first costs nothing.
            let _ = std::thread::Builder::new()
                .name("aio-timeout".into())
                .spawn(move || {
                    std::thread::sleep(t);
                    ATTENTION.store(true, Ordering::SeqCst);
                });
        }
        l.check_at
            .set(CHECK_EVERY.min(max_steps.map_or(u64::MAX, |m| m.saturating_add(1))));
    }

    /// Limits the size of any one value to `bytes` (see [`Interp::check_alloc`]).
    pub fn set_max_alloc(&self, bytes: Option<usize>) {
        self.limits.max_alloc.set(bytes.unwrap_or(usize::MAX));
    }

    /// Before making a value of `count` items of `size` bytes: a `MemoryError` when it is
    /// past the run's budget or more than the system could ever give (CPython's
    /// `PY_SSIZE_T_MAX` checks, or its failed `malloc`).
    pub fn check_alloc(&self, count: usize, size: usize) -> PyResult<()> {
        match count.checked_mul(size) {
            Some(bytes) if bytes <= self.limits.max_alloc.get() && bytes <= isize::MAX as usize => {
                Ok(())
            }
            _ => Err(self.memory_error()),
        }
    }

    /// An empty string with room for `bytes`, or a `MemoryError` when that much cannot be
    /// had (past the budget, or refused by the system).
    pub fn reserve_str(&self, bytes: usize) -> PyResult<String> {
        self.check_alloc(bytes, 1)?;
        let mut s = String::new();
        s.try_reserve_exact(bytes)
            .map_err(|_| self.memory_error())?;
        Ok(s)
    }

    /// A bare `MemoryError`, as CPython raises when `malloc` fails.
    pub fn memory_error(&self) -> Exc {
        self.new_exception(&self.exc.memory_error, vec![])
    }

    /// How many steps the run has taken.
    pub fn steps(&self) -> u64 {
        self.limits.steps.get()
    }

    /// One evaluation step: a statement or a loop item.
    #[inline(always)]
    pub fn tick(&self) -> PyResult<()> {
        let n = self.limits.steps.get() + 1;
        self.limits.steps.set(n);
        if n >= self.limits.check_at.get() || ATTENTION.load(Ordering::Relaxed) {
            return self.poll_limits();
        }
        Ok(())
    }

    /// Looks at the signal flag, the step count and the clock; raises what is due.
    pub fn poll_limits(&self) -> PyResult<()> {
        ATTENTION.store(false, Ordering::Relaxed);
        let l = &self.limits;
        let n = l.steps.get();
        let next = n.saturating_add(CHECK_EVERY);
        l.check_at.set(match l.max_steps.get() {
            Some(max) if max >= n => next.min(max + 1),
            _ => next,
        });
        if INTERRUPTED.swap(false, Ordering::SeqCst) {
            let cancel = l.cancel_main.borrow_mut().take();
            match cancel {
                Some(cancel) => {
                    l.main_interrupted.set(true);
                    cancel(self);
                }
                None => return Err(self.new_exception(&self.exc.keyboard_interrupt, vec![])),
            }
        }
        if l.max_steps.get().is_some_and(|max| n > max) {
            l.exceeded.set(Some(Exceeded::Steps));
        }
        if l.deadline.get().is_some_and(|d| Instant::now() >= d) {
            l.exceeded.set(Some(Exceeded::Time));
        }
        match l.exceeded.get() {
            None => Ok(()),
            Some(what) => {
                // Again at the next step, so that no handler can swallow it for good.
                l.check_at.set(n + 1);
                Err(self.limit_error(what))
            }
        }
    }

    fn limit_error(&self, what: Exceeded) -> Exc {
        let l = &self.limits;
        match what {
            Exceeded::Steps => self.runtime_error(format!(
                "step limit exceeded: the program ran more than {} steps (--max-steps)",
                l.max_steps.get().unwrap_or_default()
            )),
            Exceeded::Time => self.error(
                &self.exc.timeout_error,
                format!(
                    "time limit exceeded: the program ran longer than {} s (--timeout)",
                    l.timeout.get().unwrap_or_default().as_secs_f64()
                ),
            ),
        }
    }

    /// Whether a limit (steps, time) stopped the program, even after `clear_exceeded`.
    pub fn stopped_by_limit(&self) -> bool {
        self.limits.stopped.get()
    }

    /// Stops raising an exceeded limit (the error has reached the top of the program), so
    /// that what runs on the way out (the `finally` of generators being closed) can run.
    pub fn clear_exceeded(&self) {
        if self.limits.exceeded.get().is_some() {
            self.limits.stopped.set(true);
        }
        self.limits.exceeded.set(None);
        self.limits.max_steps.set(None);
        self.limits.deadline.set(None);
    }

    /// Runs `f` `frames` deeper in the count for `RecursionError`: under the frames CPython
    /// has there and Aio does not (the event loop's, below a task or a callback).
    pub fn deeper<R>(&self, frames: usize, f: impl FnOnce() -> R) -> R {
        let depth = self.depth.get();
        self.depth.set(depth + frames);
        let r = f();
        self.depth.set(depth);
        r
    }

    /// Whether a time limit has passed, for waits that do not run Python code.
    pub fn deadline_passed(&self) -> bool {
        self.limits
            .deadline
            .get()
            .is_some_and(|d| Instant::now() >= d)
    }

    /// Registers how to cancel the asyncio main task on the first Ctrl-C; returns the
    /// registration it replaces (for a nested `asyncio.run`), to restore afterwards.
    pub fn set_main_canceller(&self, cancel: Option<Canceller>) -> Option<Canceller> {
        std::mem::replace(&mut *self.limits.cancel_main.borrow_mut(), cancel)
    }

    /// After the main task has finished: if a Ctrl-C cancelled it, the run ends in
    /// `KeyboardInterrupt` raised while handling the task's `CancelledError`.
    pub fn after_main_task(&self, result: PyResult<Value>) -> PyResult<Value> {
        if !self.limits.main_interrupted.replace(false) {
            return result;
        }
        match result {
            Err(e) if e.is(&self.exc.cancelled_error) => {
                let ki = self.new_exception(&self.exc.keyboard_interrupt, vec![]);
                ki.value.exc_data_mut().context = Some(Value::Instance(e.value.clone()));
                Err(ki)
            }
            other => other,
        }
    }
}

/// Waits `secs` on the interpreter's clock: a jump in virtual time; in real time, a sleep
/// in short slices that ends early for a Ctrl-C or a passed deadline (the caller then
/// calls [`Interp::poll_limits`]).
pub fn sleep(interp: &Interp, secs: f64) {
    const SLICE: Duration = Duration::from_millis(50);
    if interp.clock.kind == crate::runtime::clock::ClockKind::Virtual {
        interp.clock.sleep(secs);
        return;
    }
    // Past `Instant`'s range (or NaN) the sleep is endless.
    let end = Duration::try_from_secs_f64(secs.max(0.0))
        .ok()
        .and_then(|d| Instant::now().checked_add(d));
    loop {
        if interrupt_pending() || interp.deadline_passed() {
            return;
        }
        let now = Instant::now();
        let slice = match end {
            Some(end) if now >= end => return,
            Some(end) => (end - now).min(SLICE),
            None => SLICE,
        };
        std::thread::sleep(slice);
    }
}

/// A canceller for [`Interp::set_main_canceller`]: `cancel(interp, &task, None)`.
pub fn canceller<T: 'static, R: 'static>(
    task: T,
    cancel: fn(&Interp, &T, Option<Value>) -> R,
) -> Canceller {
    Box::new(move |interp| {
        cancel(interp, &task, None);
    })
}
