//! The event loop: a FIFO ready queue and a timer heap, run the way CPython's
//! `BaseEventLoop._run_once` runs them, so the interleaving of a program's output is
//! CPython's.
//!
//! One iteration: wait (real clock) or jump (virtual clock) until something is ready or
//! the earliest timer is due; move every due timer to the ready queue; then run the
//! handles that were ready at that moment, in order. Green threads (`threads.rs`) run
//! when nothing is ready, and their results come back as ordinary callbacks.

use std::cell::{Cell, RefCell};
use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::ptr::NonNull;
use std::rc::Rc;

use crate::interp::Interp;
use crate::native_rc::{NRc, NWeak, NativeWeak};
use crate::object::PyResult;
use crate::value::Value;

use super::blocks::BlockQueue;
use super::future::{FutCore, Handle, SleepWait};

pub struct LoopState {
    pub ready: RefCell<BlockQueue<Handle>>,
    timers: RefCell<Timers>,
    seq: Cell<u64>,
    pub running: Cell<bool>,
    pub stopping: Cell<bool>,
    pub closed: Cell<bool>,
    default_executor: std::cell::OnceCell<Rc<super::threads::Executor>>,
    /// The Python object for this loop, so `get_event_loop() is get_running_loop()`.
    pub object: std::cell::OnceCell<crate::value::Value>,
    /// The tasks made on this loop (for `all_tasks` and the shutdown of `asyncio.run`),
    /// those done or gone pruned as it grows (see [`LoopState::add_task`]).
    tasks: RefCell<Vec<NWeak<FutCore>>>,
    /// How many of `tasks` were pending when it was last pruned.
    tasks_pending: Cell<usize>,
    /// The async generators first iterated while this loop ran (CPython's `_asyncgens`,
    /// filled by its firstiter hook): `shutdown_asyncgens` closes those still alive.
    asyncgens: RefCell<Vec<NativeWeak>>,
    /// How many of `asyncgens` were alive when it was last pruned.
    asyncgens_live: Cell<usize>,
    /// `set_debug`'s flag, which `get_debug` and the repr show (debug mode's extra checks
    /// and logs are not implemented).
    pub debug: Cell<bool>,
    /// `set_exception_handler`'s handler; None for the default one.
    pub exception_handler: RefCell<Option<Value>>,
    /// How many frames CPython has between the code that runs this loop and a task's
    /// coroutine (`run_until_complete`, `run_forever`, `_run_once`, `Handle._run` and two
    /// C levels; one fewer under a bare `run_forever`, two more under `asyncio.run`; a
    /// callback has one fewer): they count towards the recursion limit.
    pub frames_below: Cell<usize>,
}

struct Timer {
    when: f64,
    /// The timer's sequence number (timers due at once go in its order), above the two
    /// bits of its kind ([`TimerKind::pack`]).
    seq_kind: u64,
    /// Its [`TimerKind`]'s pointer.
    what: NonNull<()>,
}

// A loop with 200,000 tasks sleeping holds as many (it was 40 bytes, with a whole `Handle`,
// then 32 with the kind beside its pointer).
const _: () = assert!(std::mem::size_of::<Timer>() <= 24);
// The ready queue's blocks, freed as tasks start, become the timers' as they sleep.
const _: () = assert!(
    super::blocks::BlockQueue::<Handle>::BLOCK_CLASS
        == super::blocks::BlockQueue::<Timer>::BLOCK_CLASS
);

/// What a timer runs: the two common handles in a word, the others boxed.
enum TimerKind {
    /// `Handle::WakeSleep` of the task, its token the timer's sequence number.
    Sleep(NRc<FutCore>),
    /// `Handle::Call` (`call_later`, `call_at`).
    Call(Rc<CallHandle>),
    Other(Box<Handle>),
}

impl TimerKind {
    /// The kind's two bits and its pointer, which owns what the kind held.
    fn pack(self) -> (u64, NonNull<()>) {
        match self {
            TimerKind::Sleep(task) => (0, NRc::into_raw(task)),
            // SAFETY: `Rc::into_raw` is never null.
            TimerKind::Call(h) => (
                1,
                unsafe { NonNull::new_unchecked(Rc::into_raw(h).cast_mut()) }.cast(),
            ),
            TimerKind::Other(h) => (2, NonNull::from(Box::leak(h)).cast()),
        }
    }

    /// # Safety
    /// `kind` and `what` are what [`TimerKind::pack`] made, unpacked once.
    unsafe fn unpack(kind: u64, what: NonNull<()>) -> TimerKind {
        // SAFETY: each pointer is what `pack` made of its kind's value.
        unsafe {
            match kind {
                0 => TimerKind::Sleep(NRc::from_raw(what)),
                1 => TimerKind::Call(Rc::from_raw(what.cast().as_ptr())),
                _ => TimerKind::Other(Box::from_raw(what.cast().as_ptr())),
            }
        }
    }
}

impl Timer {
    fn new(when: f64, seq: u64, handle: Handle) -> Timer {
        let what = match handle {
            Handle::WakeSleep(task, token) if token == seq & SleepWait::TOKEN_MASK => {
                TimerKind::Sleep(task)
            }
            Handle::Call(h) => TimerKind::Call(h),
            h => TimerKind::Other(Box::new(h)),
        };
        let (kind, what) = what.pack();
        Timer {
            when,
            seq_kind: (seq << 2) | kind,
            what,
        }
    }

    fn seq(&self) -> u64 {
        self.seq_kind >> 2
    }

    /// Its kind, given to `f` (borrowed: the timer keeps it).
    fn with_kind<R>(&self, f: impl FnOnce(&TimerKind) -> R) -> R {
        // SAFETY: packed by `new`; not dropped, so unpacked once as far as it knows.
        let kind =
            std::mem::ManuallyDrop::new(unsafe { TimerKind::unpack(self.seq_kind & 3, self.what) });
        f(&kind)
    }

    fn handle(self) -> Handle {
        let token = self.seq() & SleepWait::TOKEN_MASK;
        let this = std::mem::ManuallyDrop::new(self);
        // SAFETY: packed by `new`, and unpacked once: the timer is not dropped.
        match unsafe { TimerKind::unpack(this.seq_kind & 3, this.what) } {
            TimerKind::Sleep(task) => Handle::WakeSleep(task, token),
            TimerKind::Call(h) => Handle::Call(h),
            TimerKind::Other(h) => *h,
        }
    }

    fn is_cancelled(&self) -> bool {
        let token = self.seq() & SleepWait::TOKEN_MASK;
        self.with_kind(|kind| match kind {
            TimerKind::Sleep(task) => Handle::sleep_is_over(task, token),
            TimerKind::Call(h) => h.cancelled.get(),
            TimerKind::Other(h) => h.is_cancelled(),
        })
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        // SAFETY: packed by `new`, and unpacked once, here.
        drop(unsafe { TimerKind::unpack(self.seq_kind & 3, self.what) });
    }
}

impl PartialEq for Timer {
    fn eq(&self, other: &Timer) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Timer {}

impl PartialOrd for Timer {
    fn partial_cmp(&self, other: &Timer) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timer {
    /// Reversed, so the max-heap yields the earliest deadline, then the earliest set.
    fn cmp(&self, other: &Timer) -> Ordering {
        other
            .when
            .total_cmp(&self.when)
            .then_with(|| other.seq_kind.cmp(&self.seq_kind))
    }
}

/// The timers, earliest deadline first (then the order they were set). Most programs set
/// deadlines in order (every task sleeping the same delay), so a timer not earlier than the
/// last one goes to the back of a sorted queue, O(1) both ways; the rest go to a heap.
#[derive(Default)]
struct Timers {
    sorted: BlockQueue<Timer>,
    heap: BinaryHeap<Timer>,
}

impl Timers {
    fn push(&mut self, t: Timer) {
        // `Timer`'s order is reversed (for the max-heap): "not earlier" is `<=`.
        match self.sorted.back() {
            Some(last) if t > *last => self.heap.push(t),
            _ => self.sorted.push_back(t),
        }
    }

    fn peek(&self) -> Option<&Timer> {
        match (self.sorted.front(), self.heap.peek()) {
            (Some(a), Some(b)) => Some(if a >= b { a } else { b }),
            (a, b) => a.or(b),
        }
    }

    fn pop(&mut self) -> Option<Timer> {
        match (self.sorted.front(), self.heap.peek()) {
            (Some(a), Some(b)) if b > a => self.heap.pop(),
            (Some(_), _) => self.sorted.pop_front(),
            (None, _) => self.heap.pop(),
        }
    }

    fn is_empty(&self) -> bool {
        self.sorted.is_empty() && self.heap.is_empty()
    }
}

thread_local! {
    /// Every event loop of this thread still alive, for the report of the tasks still
    /// pending when the program ends.
    static LOOPS: RefCell<Vec<std::rc::Weak<LoopState>>> = const { RefCell::new(Vec::new()) };
}

/// At the end of the program: reports the tasks still pending that are not going to be
/// dropped (a task and a loop that holds its next step keep each other alive), as CPython
/// reports them when it frees them on the way out.
pub fn report_pending_tasks(interp: &Interp) {
    if interp.stopped_by_limit() {
        return;
    }
    let loops: Vec<Rc<LoopState>> =
        LOOPS.with(|loops| loops.borrow().iter().filter_map(|l| l.upgrade()).collect());
    for l in loops {
        for t in l.pending_tasks() {
            if t.reports_destroyed_pending() {
                // The program is ending: nothing is left to stop.
                let _ = t.report_destroyed_pending(interp);
            }
        }
    }
}

impl LoopState {
    pub fn new() -> Rc<LoopState> {
        let new = Rc::new(LoopState {
            ready: RefCell::new(BlockQueue::default()),
            timers: RefCell::new(Timers::default()),
            seq: Cell::new(0),
            running: Cell::new(false),
            stopping: Cell::new(false),
            closed: Cell::new(false),
            default_executor: std::cell::OnceCell::new(),
            object: std::cell::OnceCell::new(),
            tasks: RefCell::new(Vec::new()),
            tasks_pending: Cell::new(0),
            asyncgens: RefCell::new(Vec::new()),
            asyncgens_live: Cell::new(0),
            debug: Cell::new(false),
            exception_handler: RefCell::new(None),
            frames_below: Cell::new(6),
        });
        LOOPS.with(|loops| {
            let mut loops = loops.borrow_mut();
            loops.retain(|l| l.strong_count() > 0);
            loops.push(Rc::downgrade(&new));
        });
        new
    }

    /// `loop.close()`: what was scheduled is dropped, as CPython clears its ready queue
    /// and timers (tasks nobody else holds go, and say so if they were pending).
    pub fn close(&self) {
        self.closed.set(true);
        let ready = std::mem::take(&mut *self.ready.borrow_mut());
        let timers = std::mem::take(&mut *self.timers.borrow_mut());
        drop(ready);
        drop(timers);
    }

    /// Remembers an async generator first iterated while this loop runs (CPython's
    /// `_asyncgen_firstiter_hook`). Dead entries are pruned as the list doubles.
    pub fn add_asyncgen(&self, gen: NativeWeak) {
        let Ok(mut gens) = self.asyncgens.try_borrow_mut() else {
            return;
        };
        if gens.len() >= 2 * self.asyncgens_live.get().max(8) {
            gens.retain(|g| g.strong_count() > 0);
            self.asyncgens_live.set(gens.len());
        }
        gens.push(gen);
    }

    /// Tracks a task made on this loop. Those done or gone are dropped from the list when it
    /// has doubled since it was last pruned: a weak reference keeps its task's block
    /// allocated, and a loop making task after task for ever kept every one.
    pub fn add_task(&self, task: &NRc<FutCore>) {
        let mut tasks = self.tasks.borrow_mut();
        if tasks.len() >= 2 * self.tasks_pending.get().max(64) {
            tasks.retain(|t| t.upgrade().is_some_and(|t| !t.done()));
            self.tasks_pending.set(tasks.len());
        }
        tasks.push(NRc::downgrade(task));
    }

    /// The tasks of this loop not done yet, in the order they were made.
    pub fn pending_tasks(&self) -> Vec<NRc<FutCore>> {
        self.tasks
            .borrow()
            .iter()
            .filter_map(|t| t.upgrade())
            .filter(|t| !t.done())
            .collect()
    }

    pub fn has_asyncgens(&self) -> bool {
        self.asyncgens
            .try_borrow()
            .is_ok_and(|g| g.iter().any(|g| g.strong_count() > 0))
    }

    /// The async generators still alive, forgotten by the loop (`shutdown_asyncgens`).
    pub fn take_asyncgens(&self) -> Vec<Value> {
        let gens = std::mem::take(&mut *self.asyncgens.borrow_mut());
        self.asyncgens_live.set(0);
        gens.iter()
            .filter_map(|g| g.upgrade())
            .map(Value::Native)
            .collect()
    }

    /// `call_soon` from a destructor: never panics (the queue is not borrowed then in
    /// practice; if it were, the handle is dropped).
    pub fn try_call_soon(&self, h: Handle) -> bool {
        match self.ready.try_borrow_mut() {
            Ok(mut ready) => {
                ready.push_back(h);
                true
            }
            Err(_) => false,
        }
    }

    pub fn call_soon(&self, h: Handle) {
        self.ready.borrow_mut().push_back(h);
    }

    /// Schedules `h` at loop time `when` (seconds, as `loop.time()`).
    pub fn call_at(&self, when: f64, h: Handle) {
        let seq = self.seq.get();
        self.seq.set(seq + 1);
        self.timers.borrow_mut().push(Timer::new(when, seq, h));
    }

    /// Sets the timer of a sleep of `task` due at `when`, and gives its token (the
    /// timer's sequence number).
    pub fn sleep_until(&self, when: f64, task: NRc<FutCore>) -> u64 {
        let token = self.seq.get() & SleepWait::TOKEN_MASK;
        self.call_at(when, Handle::WakeSleep(task, token));
        token
    }

    /// The executor `run_in_executor(None, ...)` and `to_thread` use.
    pub fn default_executor(&self) -> Rc<super::threads::Executor> {
        self.default_executor
            .get_or_init(|| {
                super::threads::Executor::new(super::threads::Executor::default_workers())
            })
            .clone()
    }

    pub fn has_work(&self) -> bool {
        !self.ready.borrow().is_empty()
            || !self.timers.borrow().is_empty()
            || super::threads::has_threads()
    }

    /// The loop time at which there is next something to run: a ready handle (now), a timer
    /// or a sleeping thread. The REPL waits for the user's next line until then.
    pub fn next_event(&self, interp: &Interp) -> Option<f64> {
        self.drop_cancelled_timers();
        if !self.ready.borrow().is_empty() {
            return Some(interp.clock.monotonic());
        }
        let timer = self.timers.borrow().peek().map(|t| t.when);
        let thread = super::threads::next_wake();
        match (timer, thread) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// One iteration of the loop.
    pub fn run_once(self: &Rc<Self>, interp: &Interp) -> PyResult<()> {
        self.drop_cancelled_timers();
        if self.ready.borrow().is_empty() && !self.stopping.get() {
            super::threads::run_due(interp);
            if self.ready.borrow().is_empty() {
                self.wait(interp);
                super::threads::run_due(interp);
            }
        }
        let now = interp.clock.monotonic();
        {
            let mut timers = self.timers.borrow_mut();
            let mut ready = self.ready.borrow_mut();
            while let Some(t) = timers.peek() {
                if t.when > now + 1e-9 {
                    break;
                }
                let t = timers.pop().expect("peeked");
                ready.push_back(t.handle());
            }
        }
        let n = self.ready.borrow().len();
        for _ in 0..n {
            let h = self.ready.borrow_mut().pop_front();
            let Some(h) = h else {
                break;
            };
            h.run(interp, self)?;
            if interp.deferred_pending() {
                interp.run_deferred();
            }
        }
        Ok(())
    }

    fn drop_cancelled_timers(&self) {
        let mut timers = self.timers.borrow_mut();
        while timers.peek().is_some_and(Timer::is_cancelled) {
            timers.pop();
        }
    }

    /// Nothing is ready: sleep (real clock) or jump (virtual clock) to the next event, a
    /// timer or a sleeping thread waking.
    fn wait(&self, interp: &Interp) {
        let timer = self.timers.borrow().peek().map(|t| t.when);
        let thread = super::threads::next_wake();
        let next = match (timer, thread) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let Some(when) = next else {
            return;
        };
        match interp.clock.kind {
            super::clock::ClockKind::Virtual => interp.clock.jump_to(when),
            super::clock::ClockKind::Real => {
                let delay = when - interp.clock.monotonic();
                if super::interactive() {
                    // Wakes early for Ctrl-C in the REPL.
                    super::interrupt::sleep(delay);
                } else if delay > 0.0 {
                    crate::interp::limits::sleep(interp, delay);
                }
            }
        }
    }

    /// Runs until `fut` is done (or the loop is stopped).
    pub fn run_until_complete(
        self: &Rc<Self>,
        interp: &Interp,
        fut: &NRc<FutCore>,
    ) -> PyResult<()> {
        let me = self.clone();
        let id = fut.add_rust_callback(Box::new(move |_, _| me.stopping.set(true)));
        let r = self.run_forever(interp);
        // Stopped early (`loop.stop()`, an error): the future finishing later, in another
        // run, must not stop that run.
        fut.remove_rust_callback(id);
        r
    }

    pub fn run_forever(self: &Rc<Self>, interp: &Interp) -> PyResult<()> {
        if self.running.get() {
            return Err(interp.runtime_error("This event loop is already running"));
        }
        if self.closed.get() {
            return Err(interp.runtime_error("Event loop is closed"));
        }
        let previous = super::set_running_loop(Some(self.clone()));
        if previous.is_some() && !super::nested_run_allowed() {
            super::set_running_loop(previous);
            return Err(
                interp.runtime_error("Cannot run the event loop while another loop is running")
            );
        }
        self.running.set(true);
        let result = loop {
            // Ctrl-C and the run's limits, also while no Python code runs.
            if let Err(e) = self.run_once(interp).and_then(|_| interp.poll_limits()) {
                break Err(e);
            }
            // Ctrl-C in the REPL while a nested loop (`asyncio.run`) runs: stop it as
            // CPython's runner does; its main task is cancelled on the way out.
            if super::interrupt::pending() && super::interrupt::take() {
                break Err(interp.new_exception(&interp.exc.keyboard_interrupt, vec![]));
            }
            if self.stopping.get() {
                break Ok(());
            }
            if !self.has_work() {
                // Nothing can ever happen again: a deadlock; CPython would hang here.
                break Err(interp.runtime_error(
                    "Event loop stopped: every task is waiting and nothing can wake them",
                ));
            }
        };
        self.stopping.set(false);
        self.running.set(false);
        super::set_running_loop(previous);
        result
    }
}

impl Handle {
    /// Runs the handle on `loop_`, whose exception handler hears of a callback failing.
    pub fn run(self, interp: &Interp, loop_: &Rc<LoopState>) -> PyResult<()> {
        match self {
            Handle::Step(task) => super::task::step(interp, &task),
            Handle::Call(h) => {
                if h.cancelled.get() {
                    return Ok(());
                }
                // Under the loop's frames, one fewer than a task's coroutine (no task step
                // between the loop and the callback).
                let below = loop_.frames_below.get().saturating_sub(1);
                let r = interp.deeper(below, || interp.call_value(&h.func, h.args.clone()));
                match r {
                    Ok(_) => Ok(()),
                    Err(e)
                        if e.is(&interp.exc.keyboard_interrupt)
                            || e.is(&interp.exc.system_exit) =>
                    {
                        Err(e)
                    }
                    Err(e) => super::report_callback_error(interp, loop_, &h, e),
                }
            }
            Handle::GatherChild(gather, fut) => {
                gather.child_done(interp, &fut);
                Ok(())
            }
            Handle::DonePython(f, fut) => super::future::run_python_callback(interp, f, &fut),
            Handle::DoneRust(f, fut) => {
                f(interp, &fut);
                Ok(())
            }
            Handle::WakeSleep(task, token) => {
                // As a sleep's future would: done now, and the task woken on the next turn.
                if let Some(t) = &task.task {
                    if t.sleep() == SleepWait::Waiting(token) {
                        t.set_sleep(SleepWait::Over(token));
                        loop_.call_soon(Handle::Step(task));
                    }
                }
                Ok(())
            }
            Handle::Rust(f) => {
                f(interp);
                Ok(())
            }
        }
    }

    fn is_cancelled(&self) -> bool {
        match self {
            Handle::Call(h) => h.cancelled.get(),
            Handle::WakeSleep(task, token) => Handle::sleep_is_over(task, *token),
            _ => false,
        }
    }

    /// Whether the sleep `token` of `task` no longer waits for its timer.
    fn sleep_is_over(task: &FutCore, token: u64) -> bool {
        task.task
            .as_ref()
            .is_none_or(|t| t.sleep() != SleepWait::Waiting(token))
    }
}

/// What `loop.call_soon`/`call_later` return: a handle the program can cancel.
pub struct CallHandle {
    pub func: Value,
    pub args: Vec<Value>,
    pub cancelled: Cell<bool>,
    pub when: Option<f64>,
    /// `call_at`'s `when` as given (`TimerHandle.when()` and the repr show it as is: an
    /// int stays an int).
    pub when_given: Option<Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Timers come out by deadline, then by the order they were set, whether they went to
    /// the sorted queue or the heap.
    #[test]
    fn timers_pop_in_deadline_then_set_order() {
        let deadlines = [
            3.0, 1.0, 1.0, 5.0, 5.0, 2.0, 7.0, 0.5, 5.0, 6.0, 1.0, 9.0, 9.0, 8.0,
        ];
        let mut timers = Timers::default();
        for (seq, &when) in deadlines.iter().enumerate() {
            let handle = Handle::Rust(Box::new(|_| {}));
            timers.push(Timer::new(when, seq as u64, handle));
        }
        let mut expected: Vec<(f64, u64)> = (0..deadlines.len() as u64)
            .map(|seq| (deadlines[seq as usize], seq))
            .collect();
        expected.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut got = Vec::new();
        while let Some(t) = timers.peek().map(|t| (t.when, t.seq())) {
            let popped = timers.pop().expect("peeked");
            assert_eq!((popped.when, popped.seq()), t);
            got.push(t);
        }
        assert_eq!(got, expected);
        assert!(timers.is_empty());
    }

    /// The loop's list of tasks keeps the pending ones, in order, and not every task it
    /// ever made: one made, awaited and let go after another keeps the list short.
    #[test]
    fn task_list_drops_tasks_done_or_gone() {
        let l = LoopState::new();
        let kept: Vec<NRc<FutCore>> = (0..10).map(|_| FutCore::new_future(l.clone())).collect();
        for f in &kept {
            l.add_task(f);
        }
        let done = FutCore::new_future(l.clone());
        l.add_task(&done);
        done.set_result(Value::None);
        for _ in 0..100_000 {
            l.add_task(&FutCore::new_future(l.clone()));
        }
        assert!(l.tasks.borrow().len() <= 128, "{}", l.tasks.borrow().len());
        let pending = l.pending_tasks();
        assert_eq!(pending.len(), 10);
        assert!(pending.iter().zip(&kept).all(|(a, b)| NRc::ptr_eq(a, b)));
    }

    /// A task named `Task-n` whose coroutine is done at once.
    fn new_task(l: &Rc<LoopState>, n: u64) -> NRc<FutCore> {
        use crate::runtime::future::{TaskCoro, TaskName};
        let body: crate::interp::suspend::BodyFuture =
            Box::pin(std::future::ready(Ok(Value::None)));
        FutCore::new_task(
            l.clone(),
            body,
            TaskCoro::Object(Value::None),
            TaskName::Number(n),
            false,
        )
    }

    /// A task's number is kept in 28 bits beside its flags; one past them is kept as its
    /// name, which reads the same.
    #[test]
    fn task_numbers_past_28_bits_keep_their_name() {
        let l = LoopState::new();
        for n in [7, (1 << 28) - 1, 1 << 28, u64::from(u32::MAX) + 5] {
            let task = new_task(&l, n);
            assert_eq!(task.name(), format!("Task-{n}"));
            if let Some(t) = &task.task {
                assert!(t.log_destroy_pending() && !t.started() && !t.must_cancel());
                t.set_log_destroy_pending(false);
                t.set_started(true);
                assert!(!t.log_destroy_pending() && t.started() && !t.toplevel());
            }
            assert_eq!(task.name(), format!("Task-{n}"));
        }
    }

    /// A task waits for a future or a sleep, in one word: each replaces the other, the
    /// future's reference is the word's while it is there, and forgetting the future
    /// leaves a sleep.
    #[test]
    fn a_task_waits_for_a_future_or_a_sleep() {
        use crate::runtime::future::SleepWait;
        let l = LoopState::new();
        let task = new_task(&l, 1);
        let Some(t) = &task.task else {
            unreachable!("a task")
        };
        t.set_log_destroy_pending(false);
        let fut = FutCore::new_future(l.clone());
        assert!(t.waits_for_nothing());
        t.set_fut_waiter(Some(fut.clone()));
        assert_eq!(NRc::downgrade(&fut).strong_count(), 2);
        assert!(t.fut_waiter().is_some_and(|w| NRc::ptr_eq(&w, &fut)));
        assert_eq!(t.sleep(), SleepWait::None);
        let token = SleepWait::TOKEN_MASK;
        t.set_sleep(SleepWait::Waiting(token));
        assert_eq!(NRc::downgrade(&fut).strong_count(), 1);
        assert!(t.fut_waiter().is_none());
        t.set_fut_waiter(None);
        assert_eq!(t.sleep(), SleepWait::Waiting(token));
        t.set_sleep(SleepWait::Over(token));
        assert_eq!(t.sleep(), SleepWait::Over(token));
        t.set_sleep(SleepWait::Cancelled);
        assert_eq!(t.sleep(), SleepWait::Cancelled);
        t.set_fut_waiter(Some(fut.clone()));
        assert_eq!(t.sleep(), SleepWait::None);
        t.set_fut_waiter(None);
        assert!(t.waits_for_nothing());
        assert_eq!(NRc::downgrade(&fut).strong_count(), 1);
        t.set_fut_waiter(Some(fut.clone()));
        drop(task);
        assert_eq!(NRc::downgrade(&fut).strong_count(), 1);
    }
}
