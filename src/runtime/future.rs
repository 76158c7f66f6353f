//! `asyncio.Future` and `asyncio.Task`: one Rust type, [`FutCore`], whose optional task
//! part holds the coroutine a task drives.
//!
//! A future's done callbacks are scheduled on the loop when it completes, in the order they
//! were added, as CPython does; a task waiting on the future is one of those callbacks.

use std::any::Any;
use std::cell::Cell;
use std::rc::Rc;

use crate::ast::Name;
use crate::interp::suspend::{self, method, BodyFuture, CoroCode, CoroState, Coroutine};
use crate::interp::Interp;
use crate::native_rc::NRc;
use crate::object::{BuiltinFn, CallArgs, Exc, Function, Instance, PyResult};
use crate::value::{Native, Value};

use super::event_loop::{CallHandle, LoopState};
use super::exception_handler::ErrorReport;

#[derive(Clone, Default)]
pub enum FutState {
    #[default]
    Pending,
    Finished(Value),
    Failed(Rc<Instance>),
    Cancelled,
}

/// Runtime-internal completion logic.
pub type RustCallback = Box<dyn FnOnce(&Interp, &NRc<FutCore>)>;

/// What removes a Rust callback from the future it was added to, before it runs: the
/// address of its box, which is not freed while it waits in the future's list (and a
/// done future has no list to find another at the same address in).
#[derive(Clone, Copy)]
pub struct RustCallbackId(*const RustCallback);

/// Something to run when a future completes.
pub enum DoneCallback {
    /// A Python callable, called with the future.
    Python(Value),
    /// A task waiting on the future: step it.
    Wakeup(NRc<FutCore>),
    /// Runtime-internal logic (wait, shield, run_until_complete), boxed twice so that
    /// this is a word (a callback is 16 bytes, inline in every future).
    Rust(Box<RustCallback>),
    /// `gather`'s, on each of its children: each holds a reference to the one state, not
    /// a box of its own.
    Gather(Rc<super::asyncio::GatherState>),
}

// Inline in every future (its first callback): two words, the tag in `Python`'s value's.
const _: () = assert!(std::mem::size_of::<DoneCallback>() == 16);

/// Calls `f`, a Python done callback of `fut`, which is done. Its error is reported as the
/// loop reports a callback's (but for KeyboardInterrupt and SystemExit, which stop it).
pub fn run_python_callback(interp: &Interp, f: Value, fut: &NRc<FutCore>) -> PyResult<()> {
    let Err(e) = interp.call_value(&f, vec![fut.value()]) else {
        return Ok(());
    };
    if e.is(&interp.exc.keyboard_interrupt) || e.is(&interp.exc.system_exit) {
        return Err(e);
    }
    let handle = Rc::new(CallHandle {
        func: f,
        args: vec![fut.value()],
        cancelled: Cell::new(false),
        when: None,
        when_given: None,
    });
    super::report_callback_error(interp, &fut.loop_, &handle, e)
}

/// A unit of work in the ready queue or the timer heap. Kept to three words: a loop with
/// 200,000 tasks made at once holds as many.
pub enum Handle {
    Step(NRc<FutCore>),
    Call(Rc<CallHandle>),
    // The done callbacks of a future (see `Handle::done`), each beside the future, not
    // boxed with it: the futures of a program often finish many in a turn of the loop (the
    // children of a gather or a TaskGroup), and a box for each (200,000 of them in
    // pending_event_200k) stayed in the allocator's 32-byte class after them. A task's
    // wakeup is a `Step`.
    /// `gather`'s callback on a child.
    GatherChild(Rc<super::asyncio::GatherState>, NRc<FutCore>),
    /// A Python callable (`add_done_callback`).
    DonePython(Value, NRc<FutCore>),
    /// Runtime-internal logic.
    DoneRust(Box<RustCallback>, NRc<FutCore>),
    /// The timer of the sleep `token` of a task: steps the task if that sleep still waits.
    WakeSleep(NRc<FutCore>, u64),
    Rust(Box<dyn FnOnce(&Interp)>),
}

const _: () = assert!(std::mem::size_of::<Handle>() <= 24);

impl Handle {
    /// The handle that runs the done callback `cb` of `fut`.
    pub fn done(cb: DoneCallback, fut: &NRc<FutCore>) -> Handle {
        match cb {
            // What the task's wakeup does with the future is look at it again.
            DoneCallback::Wakeup(task) => Handle::Step(task),
            DoneCallback::Gather(g) => Handle::GatherChild(g, fut.clone()),
            DoneCallback::Python(f) => Handle::DonePython(f, fut.clone()),
            DoneCallback::Rust(f) => Handle::DoneRust(f, fut.clone()),
        }
    }
}

/// A task's name: `Task-N` is kept as its number and spelled out only when asked for.
#[derive(Clone)]
pub enum TaskName {
    Number(u64),
    Text(String),
}

impl std::fmt::Display for TaskName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TaskName::Number(n) => write!(f, "Task-{n}"),
            TaskName::Text(s) => f.write_str(s),
        }
    }
}

pub struct TaskPart {
    /// Taken out while the task steps it (a `Cell`, not a `RefCell`: a word smaller).
    pub coro: Cell<Option<BodyFuture>>,
    /// The coroutine, for `get_coro()` and the repr (read through [`TaskPart::coro_value`]).
    coro_value: Cell<TaskCoro>,
    /// What the task waits for: a future, or a sleep or an event wait that has none.
    waiting: WaitWord,
    /// The `N` of its default name `Task-N` in the low [`TaskPart::NUMBER_BITS`], and its
    /// flags above them (see [`TaskPart::flag`]). A name given by `name=` or `set_name()`,
    /// or a number past those bits, is kept in the future's rarely allocated part instead
    /// (see [`FutCore::name`]).
    number_flags: Cell<u32>,
    /// Where in its coroutine's source the await it is paused at starts (`u32::MAX`
    /// before it first is), read through [`TaskPart::suspended_at`].
    suspended_at: Cell<u32>,
}

// A loop may hold hundreds of thousands of pending tasks, each with one of these boxed:
// 48 bytes is the allocator's size class it fits in (it was 152, in the 160 class, then 80
// with the exception a step throws in, now in `Rare`, a 64-bit number and a whole span,
// then 64 with its future and its sleep apart, its flags in bytes of their own and its
// count of cancellations, now in `Rare`).
const _: () = assert!(std::mem::size_of::<TaskPart>() <= 48);

/// What a task waits for, in one word: nothing (0); a future, `fut_waiter` (a pointer to
/// it, owning a reference: the low bit is clear); or, with the low bit set, a
/// [`SleepWait`] packed above it. No future is made for a sleep (a task pending on one was
/// a fifth larger for it): its timer steps the task. A wait on an `asyncio.Event` uses it
/// too (see `events.rs`). A task waits for one thing at a time: setting one forgets the
/// other.
struct WaitWord(Cell<usize>);

impl WaitWord {
    fn future(&self) -> Option<NRc<FutCore>> {
        let w = self.0.get();
        if w & 1 != 0 {
            return None;
        }
        let ptr = std::ptr::NonNull::new(w as *mut ())?;
        // SAFETY: a clear low bit and not null: the pointer `set_future` stored, whose
        // reference the word owns until it is replaced; that one stays, and a new one is
        // taken for the caller.
        let fut = std::mem::ManuallyDrop::new(unsafe { NRc::<FutCore>::from_raw(ptr) });
        Some(NRc::clone(&fut))
    }

    fn sleep(&self) -> SleepWait {
        let w = self.0.get() as u64;
        if w & 1 == 0 {
            return SleepWait::None;
        }
        SleepWait::unpack(w >> 1)
    }

    /// Stores `w`, releasing the future it held, if any.
    fn replace(&self, w: usize) {
        let old = self.0.replace(w);
        if old & 1 == 0 {
            if let Some(ptr) = std::ptr::NonNull::new(old as *mut ()) {
                // SAFETY: the pointer `set_future` stored, with the reference it owned.
                drop(unsafe { NRc::<FutCore>::from_raw(ptr) });
            }
        }
    }

    fn set_future(&self, fut: NRc<FutCore>) {
        let ptr = NRc::into_raw(fut).as_ptr() as usize;
        debug_assert!(ptr & 1 == 0, "blocks are aligned");
        self.replace(ptr);
    }

    /// Forgets the future waited for; a sleep stays.
    fn clear_future(&self) {
        if self.0.get() & 1 == 0 {
            self.replace(0);
        }
    }

    fn set_sleep(&self, s: SleepWait) {
        self.replace(match s {
            SleepWait::None => 0,
            s => ((s.pack() << 1) | 1) as usize,
        });
    }
}

impl Drop for WaitWord {
    fn drop(&mut self) {
        self.replace(0);
    }
}

// A packed sleep (62 bits) and the tag bit fit in a pointer's word.
const _: () = assert!(std::mem::size_of::<usize>() == 8);

/// The coroutine a task runs, as its repr and `get_coro()` see it.
pub enum TaskCoro {
    /// The coroutine object (or the awaitable) the task was given.
    Object(Value),
    /// The `async def` function whose call made the coroutine object, which the task let go:
    /// nothing else held it (`create_task(work())`), and a task pending by the hundred
    /// thousand was a sixth larger for it. It is made again if asked for.
    Detached(Rc<Function>),
}

impl TaskPart {
    /// The coroutine object, made again if the task let it go ([`TaskCoro::Detached`]);
    /// kept from then on, so that it is the same object each time.
    pub fn coro_value(&self, done: bool, executing: bool) -> Value {
        let v = match self.coro_value.replace(TaskCoro::Object(Value::None)) {
            TaskCoro::Object(v) => v,
            TaskCoro::Detached(func) => {
                let state = if done {
                    CoroState::Done
                } else {
                    CoroState::Running
                };
                suspend::detached_coroutine(&func, state, executing)
            }
        };
        self.coro_value.set(TaskCoro::Object(v.clone()));
        v
    }

    /// Calls `f` with what the task keeps of its coroutine (taken out of its cell meanwhile:
    /// `f` must not ask the task for it again).
    fn with_coro<R>(&self, f: impl FnOnce(&TaskCoro) -> R) -> R {
        let c = self.coro_value.replace(TaskCoro::Object(Value::None));
        let r = f(&c);
        self.coro_value.set(c);
        r
    }

    /// Calls `f` with the coroutine object, if the task keeps one.
    pub fn with_coroutine<R>(&self, f: impl FnOnce(&Coroutine) -> R) -> Option<R> {
        self.with_coro(|c| match c {
            TaskCoro::Object(v) => v.downcast::<Coroutine>().map(f),
            TaskCoro::Detached(_) => None,
        })
    }

    /// What the task's repr shows of its coroutine: its qualified name, where it is
    /// defined and its state; for an awaitable that is not a coroutine, its type's name.
    pub fn coro_code(&self) -> Result<(Name, CoroCode, CoroState), String> {
        self.with_coro(|c| match c {
            TaskCoro::Object(v) => match v.downcast::<Coroutine>() {
                Some(c) => Ok((c.qualname.clone(), c.code.clone(), c.state.get())),
                None => Err(v.type_name().to_string()),
            },
            TaskCoro::Detached(func) => Ok((
                func.qualname.borrow().clone(),
                CoroCode::Function(func.clone()),
                CoroState::Running,
            )),
        })
    }

    /// The await the task's coroutine is paused at, for its repr and the REPL's `:tasks`
    /// (which also shows since when: [`FutCore::since`]): its start, in the coroutine's
    /// source; the default span if it has not paused yet.
    pub fn suspended_at(&self) -> crate::ast::Span {
        match self.suspended_at.get() {
            u32::MAX => crate::ast::Span::default(),
            start => crate::ast::Span::new(start as usize, start as usize + 1),
        }
    }

    pub fn set_suspended_at(&self, span: crate::ast::Span) {
        self.suspended_at.set(span.start);
    }

    /// The future the task waits for, if any.
    pub fn fut_waiter(&self) -> Option<NRc<FutCore>> {
        self.waiting.future()
    }

    /// Sets the future the task waits for; `None` forgets it (but not a sleep).
    pub fn set_fut_waiter(&self, w: Option<NRc<FutCore>>) {
        match w {
            Some(w) => self.waiting.set_future(w),
            None => self.waiting.clear_future(),
        }
    }

    /// Whether the task waits for no future, sleep or event.
    pub fn waits_for_nothing(&self) -> bool {
        self.waiting.0.get() == 0
    }

    /// The `asyncio.sleep` (or event wait) the task waits in, if any.
    pub fn sleep(&self) -> SleepWait {
        self.waiting.sleep()
    }

    pub fn set_sleep(&self, s: SleepWait) {
        self.waiting.set_sleep(s);
    }

    /// Bits of [`TaskPart::number_flags`] below its flags.
    const NUMBER_BITS: u32 = 28;
    /// A cancellation is asked for that its next step delivers.
    const MUST_CANCEL: u32 = 1 << 28;
    const STARTED: u32 = 1 << 29;
    /// The body of the program itself (top-level await).
    const TOPLEVEL: u32 = 1 << 30;
    /// Being dropped while pending is reported ("Task was destroyed but it is pending!"):
    /// not for the tasks `gather` and `run_until_complete` wrap around the coroutines they
    /// are given, which the caller cannot reach.
    const LOG_DESTROY_PENDING: u32 = 1 << 31;

    pub fn number(&self) -> u32 {
        self.number_flags.get() & ((1 << Self::NUMBER_BITS) - 1)
    }

    fn flag(&self, bit: u32) -> bool {
        self.number_flags.get() & bit != 0
    }

    fn set_flag(&self, bit: u32, on: bool) {
        let w = self.number_flags.get();
        self.number_flags.set(if on { w | bit } else { w & !bit });
    }

    pub fn must_cancel(&self) -> bool {
        self.flag(Self::MUST_CANCEL)
    }

    pub fn set_must_cancel(&self, on: bool) {
        self.set_flag(Self::MUST_CANCEL, on);
    }

    pub fn started(&self) -> bool {
        self.flag(Self::STARTED)
    }

    pub fn set_started(&self, on: bool) {
        self.set_flag(Self::STARTED, on);
    }

    pub fn toplevel(&self) -> bool {
        self.flag(Self::TOPLEVEL)
    }

    pub fn log_destroy_pending(&self) -> bool {
        self.flag(Self::LOG_DESTROY_PENDING)
    }

    pub fn set_log_destroy_pending(&self, on: bool) {
        self.set_flag(Self::LOG_DESTROY_PENDING, on);
    }
}

/// Where a task's sleep is. The token is the sleep's timer's, so that the timer of a
/// sleep that is over (cancelled, or dropped with its coroutine) finds another token, or
/// none, and does nothing. A task waiting in `Event.wait()` without a future has the
/// token [`SleepWait::EVENT`], which no timer has.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum SleepWait {
    None,
    Waiting(u64),
    /// The timer went off: the task's next step ends the sleep.
    Over(u64),
    /// `cancel()`: the task's next step raises `CancelledError` in the sleep.
    Cancelled,
}

impl SleepWait {
    /// The bits of a token: two are left for the kind, in [`SleepWait::pack`], and one
    /// for the task's word it is kept in (see `WaitWord`). Tokens are the loop's sequence
    /// numbers of its timers taken to these bits, so they come round again only after
    /// 2^61 timers.
    pub const TOKEN_MASK: u64 = u64::MAX >> 3;

    /// The token of a wait on an event (see `events.rs`): a timer would have it after 2^61.
    pub const EVENT: u64 = Self::TOKEN_MASK;

    /// One word, the token above the kind's two bits (the enum is two words).
    fn pack(self) -> u64 {
        match self {
            SleepWait::None => 0,
            SleepWait::Cancelled => 1,
            SleepWait::Waiting(k) => ((k & Self::TOKEN_MASK) << 2) | 2,
            SleepWait::Over(k) => ((k & Self::TOKEN_MASK) << 2) | 3,
        }
    }

    fn unpack(w: u64) -> SleepWait {
        match w & 3 {
            0 => SleepWait::None,
            1 => SleepWait::Cancelled,
            2 => SleepWait::Waiting(w >> 2),
            _ => SleepWait::Over(w >> 2),
        }
    }

    /// The token of the sleep the task waits in or was just woken from.
    pub fn token(self) -> Option<u64> {
        match self {
            SleepWait::Waiting(k) | SleepWait::Over(k) => Some(k),
            SleepWait::None | SleepWait::Cancelled => None,
        }
    }

    /// The repr of the future CPython's task would be waiting for.
    fn future_repr(self) -> Option<&'static str> {
        match self {
            SleepWait::None => None,
            SleepWait::Waiting(_) => Some("<Future pending cb=[Task.task_wakeup()]>"),
            SleepWait::Over(Self::EVENT) => Some("<Future finished result=True>"),
            SleepWait::Over(_) => Some("<Future finished result=None>"),
            SleepWait::Cancelled => Some("<Future cancelled>"),
        }
    }
}

impl Drop for TaskPart {
    /// A task dropped before its first step never started its coroutine: the coroutine
    /// gets its body back, so that it warns "never awaited" as it goes (if it goes now).
    fn drop(&mut self) {
        if self.started() {
            return;
        }
        let Some(body) = self.coro.get_mut().take() else {
            return;
        };
        match self.coro_value.get_mut() {
            TaskCoro::Object(v) => {
                if let Some(c) = v.downcast::<Coroutine>() {
                    if c.state.get() == CoroState::Running && !c.has_future() {
                        c.future.set(Some(body));
                        c.state.set(CoroState::Created);
                    }
                }
            }
            // Made again, only to go at once.
            TaskCoro::Detached(func) => {
                let c = suspend::detached_coroutine(func, CoroState::Created, false);
                if let Some(c) = c.downcast::<Coroutine>() {
                    c.future.set(Some(body));
                }
            }
        }
    }
}

use super::callbacks::Callbacks;

/// A future's state as it is kept: [`FutState`], a failure split by whether its exception
/// is still to be reported if nobody retrieves it (CPython's `__log_traceback`), which
/// only a failed future has. (A flag of its own beside the state made every future a size
/// class larger.)
#[derive(Default)]
enum Stored {
    #[default]
    Pending,
    Finished(Value),
    Failed(Rc<Instance>),
    FailedUnretrieved(Rc<Instance>),
    Cancelled,
}

const _: () = assert!(std::mem::size_of::<Stored>() == 16);

/// Made only in an `NRc` (its constructors here), which [`FutCore::rc`] relies on.
pub struct FutCore {
    /// Read through [`FutCore::state`] (a `Cell`, not a `RefCell`: a word smaller).
    state: Cell<Stored>,
    /// Almost always one (the task awaiting this), kept inline.
    callbacks: Cell<Callbacks>,
    pub loop_: Rc<LoopState>,
    /// Out of line, so that a plain future (an `Event` waiter, a sleep) stays small.
    pub task: Option<Box<TaskPart>>,
    /// Read through [`FutCore::rare`] (a `Cell`, not a `RefCell`: a word smaller).
    rare: Cell<Option<Box<Rare>>>,
}

// Every task and future is one; with the 24 bytes of its reference count's header it is in
// the allocator's 80-byte class (it was in the 160 one with a weak reference to itself,
// in the 144 one with a `RefCell` for its rare part and 64-bit callback ids, in the 128
// one with callback ids at all and a 24-byte callback, in the 112 one with its state
// and callbacks in `RefCell`s, and in the 96 one with a `SmallVec` of callbacks and two
// flags of its own).
const _: () = assert!(std::mem::size_of::<FutCore>() + 24 <= 80);

/// What few futures ever need, allocated when first set.
#[derive(Default)]
struct Rare {
    cancel_message: Option<Value>,
    /// For the future `gather` returns: its children, which `cancel()` cancels.
    gather_children: Option<Rc<Vec<NRc<FutCore>>>>,
    gather_cancel_requested: bool,
    /// The CancelledError that cancelled a task, given to the first reader of its result.
    cancelled_exc: Option<Rc<Instance>>,
    /// A task's name given by `name=` or `set_name()` (the default, `Task-N`, is not).
    name: Option<String>,
    /// An exception to raise at a task's current await point on its next step.
    pending_throw: Option<Exc>,
    /// When (loop time) a task last suspended: kept only in the REPL, for `:tasks`.
    since: f64,
    /// How many cancellations of a task are asked for and not withdrawn (`cancelling()`).
    cancel_requests: u32,
    /// The waiter future made of a task's slot in an event's `_waiters`, for its wait to
    /// take (see `events.rs`).
    event_waiter: Option<NRc<FutCore>>,
}

impl FutCore {
    pub fn new_future(loop_: Rc<LoopState>) -> NRc<FutCore> {
        NRc::new(FutCore {
            state: Cell::new(Stored::Pending),
            callbacks: Cell::new(Callbacks::None),
            loop_,
            task: None,
            rare: Cell::new(None),
        })
    }

    pub fn new_task(
        loop_: Rc<LoopState>,
        coro: BodyFuture,
        coro_value: TaskCoro,
        name: TaskName,
        toplevel: bool,
    ) -> NRc<FutCore> {
        let (number, text) = match name {
            TaskName::Number(n) if n < 1 << TaskPart::NUMBER_BITS => (n as u32, None),
            TaskName::Number(n) => (0, Some(TaskName::Number(n).to_string())),
            TaskName::Text(s) => (0, Some(s)),
        };
        let mut flags = TaskPart::LOG_DESTROY_PENDING;
        if toplevel {
            flags |= TaskPart::TOPLEVEL;
        }
        NRc::new(FutCore {
            state: Cell::new(Stored::Pending),
            callbacks: Cell::new(Callbacks::None),
            loop_,
            task: Some(Box::new(TaskPart {
                coro: Cell::new(Some(coro)),
                coro_value: Cell::new(coro_value),
                waiting: WaitWord(Cell::new(0)),
                number_flags: Cell::new(number | flags),
                suspended_at: Cell::new(u32::MAX),
            })),
            rare: Cell::new(text.map(|name| {
                Box::new(Rare {
                    name: Some(name),
                    ..Rare::default()
                })
            })),
        })
    }

    pub fn rc(&self) -> NRc<FutCore> {
        // SAFETY: every `FutCore` is made in an `NRc` (see its constructors).
        unsafe { NRc::from_object(self) }
    }

    pub fn value(&self) -> Value {
        Value::Native(self.rc().into())
    }

    /// The future's state, copied out (a value or an exception is shared, not copied).
    pub fn state(&self) -> FutState {
        self.with_state(|s| match s {
            Stored::Pending => FutState::Pending,
            Stored::Finished(v) => FutState::Finished(v.clone()),
            Stored::Failed(e) | Stored::FailedUnretrieved(e) => FutState::Failed(e.clone()),
            Stored::Cancelled => FutState::Cancelled,
        })
    }

    /// Calls `f` with the state where it is: `f` only looks at it, or copies a reference.
    fn with_state<R>(&self, f: impl FnOnce(&Stored) -> R) -> R {
        // SAFETY: the reference lives for `f` alone, which runs none of the program's code
        // (a `match`, a reference counted), so nothing replaces the state meanwhile.
        f(unsafe { &*self.state.as_ptr() })
    }

    pub fn done(&self) -> bool {
        !self.with_state(|s| matches!(s, Stored::Pending))
    }

    pub fn cancelled(&self) -> bool {
        self.with_state(|s| matches!(s, Stored::Cancelled))
    }

    /// Marks a failure's exception as retrieved: it is not reported when the future goes.
    /// A future that did not fail, or whose exception was retrieved, has nothing to mark.
    pub fn mark_retrieved(&self) {
        let e = self.with_state(|s| match s {
            Stored::FailedUnretrieved(e) => Some(e.clone()),
            _ => None,
        });
        if let Some(e) = e {
            let old = self.state.replace(Stored::Failed(e));
            drop(old);
        }
    }

    pub fn is_task(&self) -> bool {
        self.task.is_some()
    }

    /// Calls `f` with the rarely used part, if the future has it (taken out of its cell
    /// meanwhile: `f` must not ask for it again).
    fn rare<R>(&self, f: impl FnOnce(&mut Rare) -> R) -> Option<R> {
        let mut rare = self.rare.take();
        let r = rare.as_deref_mut().map(f);
        self.rare.set(rare);
        r
    }

    /// Calls `f` with the rarely used part, made now if the future has none.
    fn rare_mut<R>(&self, f: impl FnOnce(&mut Rare) -> R) -> R {
        let mut rare = self.rare.take();
        let r = f(rare.get_or_insert_default());
        self.rare.set(rare);
        r
    }

    /// Sets the optional part `field` of the rarely used part to `value`, making that part
    /// only for a value. The old value is dropped once the part is back in its cell.
    fn set_rare<T>(&self, value: Option<T>, field: impl FnOnce(&mut Rare) -> &mut Option<T>) {
        if value.is_some() || self.rare(|_| ()).is_some() {
            let old = self.rare_mut(|r| std::mem::replace(field(r), value));
            drop(old);
        }
    }

    /// When (loop time) the task last suspended, if that is kept (in the REPL).
    pub fn since(&self) -> Option<f64> {
        self.rare(|r| r.since)
    }

    pub fn set_since(&self, t: f64) {
        self.rare_mut(|r| r.since = t);
    }

    /// The message `cancel(msg)` was given.
    pub fn cancel_message(&self) -> Option<Value> {
        self.rare(|r| r.cancel_message.clone()).flatten()
    }

    pub fn set_cancel_message(&self, msg: Option<Value>) {
        self.set_rare(msg, |r| &mut r.cancel_message);
    }

    /// The exception to raise in the task at its next step, taken.
    pub fn take_pending_throw(&self) -> Option<Exc> {
        self.rare(|r| r.pending_throw.take()).flatten()
    }

    pub fn set_pending_throw(&self, e: Option<Exc>) {
        self.set_rare(e, |r| &mut r.pending_throw);
    }

    /// How many cancellations of the task are asked for and not withdrawn.
    pub fn cancel_requests(&self) -> u32 {
        self.rare(|r| r.cancel_requests).unwrap_or(0)
    }

    pub fn set_cancel_requests(&self, n: u32) {
        if n > 0 || self.rare(|_| ()).is_some() {
            self.rare_mut(|r| r.cancel_requests = n);
        }
    }

    /// The first argument of the exception to raise in the task at its next step (the
    /// message of a `cancel(msg)`), left in place.
    pub fn pending_throw_message(&self) -> Option<Value> {
        self.rare(|r| {
            let e = r.pending_throw.as_ref()?;
            e.value.exc_data().args.first().cloned()
        })
        .flatten()
    }

    /// The waiter future the program made of the task's slot in an event's `_waiters`.
    pub fn take_event_waiter(&self) -> Option<NRc<FutCore>> {
        self.rare(|r| r.event_waiter.take()).flatten()
    }

    pub fn set_event_waiter(&self, fut: Option<NRc<FutCore>>) {
        self.set_rare(fut, |r| &mut r.event_waiter);
    }

    /// The children of the future `gather` returns.
    pub fn gather_children(&self) -> Option<Rc<Vec<NRc<FutCore>>>> {
        self.rare(|r| r.gather_children.clone()).flatten()
    }

    pub fn set_gather_children(&self, children: Rc<Vec<NRc<FutCore>>>) {
        self.set_rare(Some(children), |r| &mut r.gather_children);
    }

    /// Whether `cancel()` of a gather's future cancelled any of its children.
    pub fn gather_cancel_requested(&self) -> bool {
        self.rare(|r| r.gather_cancel_requested) == Some(true)
    }

    pub fn set_gather_cancel_requested(&self) {
        self.rare_mut(|r| r.gather_cancel_requested = true);
    }

    pub fn set_cancelled_exc(&self, e: Rc<Instance>) {
        self.set_rare(Some(e), |r| &mut r.cancelled_exc);
    }

    // ------------------------------------------------------------ completing

    pub fn set_result(&self, v: Value) {
        if self.done() {
            return;
        }
        self.state.set(Stored::Finished(v));
        self.schedule_callbacks();
    }

    pub fn set_exception(&self, e: Rc<Instance>) {
        if self.done() {
            return;
        }
        self.state.set(Stored::FailedUnretrieved(e));
        self.schedule_callbacks();
    }

    /// Marks the future cancelled (the task part's cancel is in `task.rs`).
    pub fn cancel_future(&self, msg: Option<Value>) -> bool {
        if self.done() {
            return false;
        }
        self.set_cancel_message(msg);
        self.state.set(Stored::Cancelled);
        self.schedule_callbacks();
        true
    }

    fn schedule_callbacks(&self) {
        let callbacks = self.callbacks.take();
        let me = self.rc();
        for cb in callbacks {
            self.loop_.call_soon(Handle::done(cb, &me));
        }
    }

    /// Reads or changes the callbacks, out of their cell while `f` runs: it must run none
    /// of the program's code (which could add a callback meanwhile).
    fn with_callbacks<R>(&self, f: impl FnOnce(&mut Callbacks) -> R) -> R {
        let mut callbacks = self.callbacks.take();
        let r = f(&mut callbacks);
        self.callbacks.set(callbacks);
        r
    }

    pub fn add_callback(&self, cb: DoneCallback) {
        if self.done() {
            self.loop_.call_soon(Handle::done(cb, &self.rc()));
        } else {
            self.with_callbacks(|callbacks| callbacks.push(cb));
        }
    }

    /// Adds `f`, which the id returned removes again while it is waiting to run.
    pub fn add_rust_callback(&self, f: RustCallback) -> RustCallbackId {
        let f = Box::new(f);
        let id = RustCallbackId(&*f);
        self.add_callback(DoneCallback::Rust(f));
        id
    }

    pub fn remove_rust_callback(&self, id: RustCallbackId) {
        self.with_callbacks(|callbacks| {
            callbacks.retain(|cb| !matches!(cb, DoneCallback::Rust(f) if std::ptr::eq(&**f, id.0)))
        });
    }

    /// Whether `gather`'s `state` has its callback on this (pending) future.
    pub fn has_gather_callback(&self, state: &Rc<super::asyncio::GatherState>) -> bool {
        self.with_callbacks(|callbacks| {
            callbacks
                .iter()
                .any(|cb| matches!(cb, DoneCallback::Gather(g) if Rc::ptr_eq(g, state)))
        })
    }

    /// Removes the wakeup `task` added to await this (it is awaiting something else now).
    pub fn remove_wakeup(&self, task: &NRc<FutCore>) {
        let mine =
            |cb: &DoneCallback| matches!(cb, DoneCallback::Wakeup(t) if NRc::ptr_eq(t, task));
        self.with_callbacks(|callbacks| {
            if let Some(at) = callbacks.iter().position(mine) {
                callbacks.remove(at);
            }
        });
    }

    /// `remove_done_callback(fn)`: removes every registration of `fn`; returns how many.
    pub fn remove_python_callback(&self, interp: &Interp, f: &Value) -> PyResult<usize> {
        // Out of the cell while they are compared: `==` may run the program's `__eq__`,
        // which may add callbacks (compared in their turn, as CPython's loop over the live
        // list does). An error leaves the list as it was, but for the first callback,
        // which CPython keeps apart and compares (and removes) first.
        let mut seen: Vec<(DoneCallback, bool)> = Vec::new();
        let mut removed_first = false;
        loop {
            let batch = self.callbacks.take();
            if batch.is_empty() {
                break;
            }
            let mut rest = batch.into_iter();
            while let Some(cb) = rest.next() {
                let is_f = match &cb {
                    DoneCallback::Python(g) => interp.eq(g, f),
                    _ => Ok(false),
                };
                match is_f {
                    Ok(true) if seen.is_empty() && !removed_first => removed_first = true,
                    Ok(is_f) => seen.push((cb, is_f)),
                    Err(e) => {
                        let mut kept: Callbacks = seen.into_iter().map(|(cb, _)| cb).collect();
                        kept.push(cb);
                        kept.extend(rest);
                        kept.extend(self.callbacks.take());
                        self.callbacks.set(kept);
                        return Err(e);
                    }
                }
            }
        }
        let removed = usize::from(removed_first) + seen.iter().filter(|(_, is_f)| *is_f).count();
        self.callbacks.set(
            seen.into_iter()
                .filter(|(_, is_f)| !is_f)
                .map(|(cb, _)| cb)
                .collect(),
        );
        Ok(removed)
    }

    // ------------------------------------------------------------ reading

    pub fn cancelled_error(&self, interp: &Interp) -> Exc {
        let taken = self.rare(|r| r.cancelled_exc.take()).flatten();
        if let Some(e) = taken {
            return Exc::new(e);
        }
        let args = match self.cancel_message() {
            Some(m) if !m.is_none() => vec![m],
            _ => vec![],
        };
        interp.new_exception(&interp.exc.cancelled_error, args)
    }

    /// `fut.result()`.
    pub fn result(&self, interp: &Interp) -> PyResult<Value> {
        match self.state() {
            FutState::Pending => {
                Err(interp.error(&interp.exc.invalid_state_error, "Result is not set."))
            }
            FutState::Cancelled => {
                let e = self.cancelled_error(interp);
                // Later retrievals give a bare CancelledError, as CPython's do.
                self.set_cancel_message(None);
                Err(e)
            }
            FutState::Finished(v) => Ok(v),
            FutState::Failed(e) => {
                self.mark_retrieved();
                Err(Exc::new(e))
            }
        }
    }

    /// `fut.exception()`.
    pub fn exception(&self, interp: &Interp) -> PyResult<Value> {
        match self.state() {
            FutState::Pending => {
                Err(interp.error(&interp.exc.invalid_state_error, "Exception is not set."))
            }
            FutState::Cancelled => {
                let e = self.cancelled_error(interp);
                self.set_cancel_message(None);
                Err(e)
            }
            FutState::Finished(_) => Ok(Value::None),
            FutState::Failed(e) => {
                self.mark_retrieved();
                Ok(Value::Instance(e))
            }
        }
    }

    /// A task's name: the one it was given, else `Task-N`; a plain future has none.
    pub fn name(&self) -> String {
        let Some(t) = &self.task else {
            return String::new();
        };
        match self.rare(|r| r.name.clone()).flatten() {
            Some(s) => s,
            None => TaskName::Number(u64::from(t.number())).to_string(),
        }
    }

    /// `task.set_name(s)` (a plain future has no name to set).
    pub fn set_name(&self, s: String) {
        if self.task.is_some() {
            self.rare_mut(|r| r.name = Some(s));
        }
    }

    // ------------------------------------------------------------ repr

    fn state_word(&self) -> &'static str {
        match self.state() {
            // A task asked to cancel (and not uncancelled since) shows it, as CPython's does.
            FutState::Pending
                if self
                    .task
                    .as_ref()
                    .is_some_and(|_| self.cancel_requests() > 0) =>
            {
                "cancelling"
            }
            FutState::Pending => "pending",
            FutState::Cancelled => "cancelled",
            _ => "finished",
        }
    }

    pub fn repr_text(&self, interp: &Interp) -> PyResult<String> {
        let mut parts = vec![self.state_word().to_string()];
        if let Some(t) = &self.task {
            parts.push(format!("name='{}'", self.name()));
            parts.push(format!(
                "coro=<{}>",
                super::task::coro_repr(interp, self, t)
            ));
        }
        match self.state() {
            FutState::Finished(v) => parts.push(format!("result={}", short_repr(interp, &v)?)),
            FutState::Failed(e) => {
                parts.push(format!("exception={}", interp.repr(&Value::Instance(e))?))
            }
            _ => {}
        }
        if let Some(t) = &self.task {
            if let Some(w) = t.fut_waiter() {
                if !self.done() {
                    parts.push(format!("wait_for={}", w.repr_text(interp)?));
                }
            } else if let Some(w) = t.sleep().future_repr().filter(|_| !self.done()) {
                parts.push(format!("wait_for={w}"));
            }
        }
        // Read out first: the repr of a Python callable may run the program's `__repr__`,
        // which may add a callback.
        enum Shown {
            Callable(Value),
            Text(&'static str),
        }
        let shown: Vec<Shown> = self.with_callbacks(|callbacks| {
            callbacks
                .iter()
                .map(|cb| match cb {
                    DoneCallback::Python(f) => Shown::Callable(f.clone()),
                    DoneCallback::Wakeup(_) => Shown::Text("Task.task_wakeup()"),
                    DoneCallback::Rust(_) | DoneCallback::Gather(_) => Shown::Text("<internal>()"),
                })
                .collect()
        });
        if !shown.is_empty() {
            let names: Vec<String> = shown
                .iter()
                .map(|cb| match cb {
                    Shown::Callable(f) => super::callback_repr(interp, f, &[]),
                    Shown::Text(text) => text.to_string(),
                })
                .collect();
            parts.push(format!("cb=[{}]", names.join(", ")));
        }
        let kind = if self.task.is_some() {
            "Task"
        } else {
            "Future"
        };
        Ok(format!("<{kind} {}>", parts.join(" ")))
    }
}

fn short_repr(interp: &Interp, v: &Value) -> PyResult<String> {
    let r = interp.repr(v)?;
    if r.chars().count() > 60 {
        let head: String = r.chars().take(45).collect();
        let tail: String = r
            .chars()
            .rev()
            .take(12)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        return Ok(format!("{head}...{tail}"));
    }
    Ok(r)
}

impl Drop for FutCore {
    /// A task dropped while pending, or a future whose exception nobody retrieved, is
    /// reported to its loop's exception handler, as CPython's `__del__` reports them. The
    /// report runs user code (the handler, reprs, the exception's `__str__`), so it is
    /// deferred: what it shows moves to a new future object, reported (and then dropped
    /// silently) before the next statement.
    fn drop(&mut self) {
        let pending = self.reports_destroyed_pending();
        let unretrieved = matches!(self.state.get_mut(), Stored::FailedUnretrieved(_));
        if !pending && !unretrieved {
            return;
        }
        let Some(interp) = crate::interp::try_current_rc() else {
            return;
        };
        if pending && interp.stopped_by_limit() {
            // Abandoned by a program a limit stopped.
            return;
        }
        let orphan = self.resurrect();
        interp.defer(Box::new(move |interp| {
            // What the handler raises that must propagate has nowhere to go from here.
            let _ = if pending {
                orphan.report_destroyed_pending(interp)
            } else {
                orphan.report_never_retrieved(interp)
            };
        }));
    }
}

impl FutCore {
    /// A task still pending whose being dropped is reported (CPython's `Task.__del__`).
    pub fn reports_destroyed_pending(&self) -> bool {
        let Some(t) = &self.task else {
            return false;
        };
        t.log_destroy_pending() && !self.done()
    }

    /// A new future holding what this dying one holds (state, task part, callbacks), for
    /// the report of its death. The new one is not reported in turn.
    fn resurrect(&mut self) -> NRc<FutCore> {
        if let Some(t) = &self.task {
            t.set_log_destroy_pending(false);
        }
        NRc::new(FutCore {
            state: Cell::new(
                match std::mem::replace(self.state.get_mut(), Stored::Cancelled) {
                    Stored::FailedUnretrieved(e) => Stored::Failed(e),
                    state => state,
                },
            ),
            callbacks: Cell::new(self.callbacks.take()),
            loop_: self.loop_.clone(),
            task: self.task.take(),
            rare: Cell::new(self.rare.get_mut().take()),
        })
    }

    /// "Task was destroyed but it is pending!" with the task, to its loop's exception
    /// handler; not again for this task.
    pub fn report_destroyed_pending(&self, interp: &Interp) -> PyResult<()> {
        if let Some(t) = &self.task {
            t.set_log_destroy_pending(false);
        }
        let report = ErrorReport::new("Task was destroyed but it is pending!", None)
            .with("task", self.value());
        super::exception_handler::report(interp, &self.loop_, report)
    }

    /// "Task exception was never retrieved" (or "Future ..."), with the exception and the
    /// future, to its loop's exception handler.
    fn report_never_retrieved(&self, interp: &Interp) -> PyResult<()> {
        let FutState::Failed(e) = self.state() else {
            return Ok(());
        };
        let kind = if self.task.is_some() {
            "Task"
        } else {
            "Future"
        };
        let report = ErrorReport::new(format!("{kind} exception was never retrieved"), Some(e))
            .with("future", self.value());
        super::exception_handler::report(interp, &self.loop_, report)
    }
}

impl Native for FutCore {
    fn type_name(&self) -> &str {
        if self.task.is_some() {
            "_asyncio.Task"
        } else {
            "_asyncio.Future"
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn repr(&self, interp: &Interp, _: &Value) -> Option<PyResult<String>> {
        Some(self.repr_text(interp))
    }
    fn method(&self, name: &str) -> Option<BuiltinFn> {
        // Called as `obj.name(...)`, these make no bound method (see `Native::method`).
        let f: BuiltinFn = match name {
            "done" => |i, a| Ok(Value::Bool(fut_arg(i, &a)?.done())),
            "cancelled" => |i, a| Ok(Value::Bool(fut_arg(i, &a)?.cancelled())),
            "result" => |i, a| fut_arg(i, &a)?.result(i),
            "exception" => |i, a| fut_arg(i, &a)?.exception(i),
            "set_result" => |i, a| {
                let f = fut_arg(i, &a)?;
                if f.is_task() {
                    return Err(i.runtime_error("Task does not support set_result operation"));
                }
                if f.done() {
                    return Err(i.error(&i.exc.invalid_state_error, "invalid state"));
                }
                f.set_result(a.args.get(1).cloned().unwrap_or(Value::None));
                Ok(Value::None)
            },
            "set_exception" => |i, a| {
                let f = fut_arg(i, &a)?;
                if f.is_task() {
                    return Err(i.runtime_error("Task does not support set_exception operation"));
                }
                if f.done() {
                    return Err(i.error(&i.exc.invalid_state_error, "invalid state"));
                }
                let v = a.args.get(1).cloned().unwrap_or(Value::None);
                let is_exception = match &v {
                    Value::Instance(e) => e.exc.is_some(),
                    Value::Class(c) => c.is_exception(),
                    _ => false,
                };
                if !is_exception {
                    return Err(i.type_error("invalid exception object"));
                }
                let exc = i.make_raise(v, None)?;
                if exc.is(&i.exc.stop_iteration) {
                    return Err(i.type_error("StopIteration interacts badly with generators and cannot be raised into a Future"));
                }
                f.set_exception(exc.value);
                Ok(Value::None)
            },
            "cancel" => |i, a| {
                let f = fut_arg(i, &a)?;
                let msg = a.args.get(1).cloned().or_else(|| {
                    a.kwargs
                        .iter()
                        .find(|(k, _)| &**k == "msg")
                        .map(|(_, v)| v.clone())
                });
                Ok(Value::Bool(super::task::try_cancel(i, &f, msg)?))
            },
            "add_done_callback" => |i, a| {
                let f = fut_arg(i, &a)?;
                let cb = a.args.get(1).cloned().unwrap_or(Value::None);
                f.add_callback(DoneCallback::Python(cb));
                Ok(Value::None)
            },
            "remove_done_callback" => |i, a| {
                let f = fut_arg(i, &a)?;
                let cb = a.args.get(1).cloned().unwrap_or(Value::None);
                Ok(Value::Int(f.remove_python_callback(i, &cb)? as i64))
            },
            "get_name" => |i, a| Ok(Value::string(fut_arg(i, &a)?.name())),
            "set_name" => |i, a| {
                let f = fut_arg(i, &a)?;
                let v = a.args.get(1).cloned().unwrap_or(Value::None);
                let s = i.str(&v)?;
                f.set_name(s);
                Ok(Value::None)
            },
            "get_coro" => |i, a| {
                let f = fut_arg(i, &a)?;
                Ok(f.task.as_ref().map_or(Value::None, |t| {
                    // Asked by the task itself, its coroutine is running.
                    let running =
                        super::task::current_task().is_some_and(|c| std::ptr::eq(&*c, &*f));
                    t.coro_value(f.done(), running)
                }))
            },
            "get_loop" => |i, a| Ok(super::loop_value(fut_arg(i, &a)?.loop_.clone())),
            "cancelling" => |i, a| {
                let f = fut_arg(i, &a)?;
                Ok(Value::Int(
                    f.task.as_ref().map_or(0, |_| f.cancel_requests()) as i64,
                ))
            },
            "uncancel" => |i, a| {
                let f = fut_arg(i, &a)?;
                let n = f.task.as_ref().map_or(0, |_| {
                    let n = f.cancel_requests().saturating_sub(1);
                    f.set_cancel_requests(n);
                    n
                });
                Ok(Value::Int(n as i64))
            },
            // The future itself stands for CPython's FutureIter: `return fut.__await__()`
            // in a class's `__await__` awaits it.
            "__await__" | "__iter__" => |_, a| Ok(a.args[0].clone()),
            _ => return None,
        };
        Some(f)
    }
    fn get_attr(&self, _: &Interp, this: &Value, name: &str) -> Option<PyResult<Value>> {
        self.method(name).map(|f| Ok(method(this, name, f)))
    }
}

fn fut_arg(interp: &Interp, a: &CallArgs) -> PyResult<NRc<FutCore>> {
    match a.args.first().and_then(|v| v.downcast::<FutCore>()) {
        Some(f) => Ok(f.rc()),
        None => Err(interp.type_error("descriptor requires a Future")),
    }
}
