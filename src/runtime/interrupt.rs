//! Ctrl-C while the REPL runs an input: the runtime's side of `KeyboardInterrupt`.
//!
//! The REPL installs a SIGINT handler ([`install`]); it runs on its own thread, counts the
//! presses and wakes the interpreter's thread if the event loop is sleeping. The interpreter
//! looks at the count before every statement (one relaxed load, [`pending`]) and raises
//! `KeyboardInterrupt` there ([`raise_if_pending`]) when the code running is the input
//! itself; a background task is only interrupted by a second press. The REPL itself cancels
//! an input's task that waits on the loop. If four presses go unanswered (the interpreter is
//! inside a long built-in call) the process ends with status 130. Scripts never install the
//! handler, so for them SIGINT keeps its default effect.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::interp::Interp;
use crate::object::PyResult;

static PRESSES: AtomicU32 = AtomicU32::new(0);
/// Presses nobody acted on after which the process ends.
const GIVE_UP: u32 = 4;
static WAKE: OnceLock<std::thread::Thread> = OnceLock::new();

/// Installs the SIGINT handler; `wake` is the interpreter's thread. False if it could not.
pub fn install(wake: std::thread::Thread) -> bool {
    let _ = WAKE.set(wake);
    ctrlc::set_handler(|| {
        let presses = PRESSES.fetch_add(1, Ordering::SeqCst) + 1;
        if presses >= GIVE_UP {
            // Stuck somewhere that never looks (a long built-in call): leave, as SIGINT would.
            eprintln!("\nKeyboardInterrupt: the input does not stop; leaving aio");
            std::process::exit(130);
        }
        if let Some(t) = WAKE.get() {
            t.unpark();
        }
    })
    .is_ok()
}

/// Whether Ctrl-C was pressed and nobody acted on it yet.
#[inline(always)]
pub fn pending() -> bool {
    PRESSES.load(Ordering::Relaxed) != 0
}

/// Takes the pending presses, if any.
pub fn take() -> bool {
    PRESSES.swap(0, Ordering::SeqCst) != 0
}

/// Before a statement: raises `KeyboardInterrupt` if Ctrl-C was pressed and the code
/// running is the REPL's input (no task, or the input's own task), or Ctrl-C was pressed
/// twice. Otherwise the REPL handles the press by cancelling the input's task.
#[cold]
pub fn raise_if_pending(interp: &Interp) -> PyResult<()> {
    let presses = PRESSES.load(Ordering::SeqCst);
    if presses == 0 {
        return Ok(());
    }
    let input =
        super::task::current_task().is_none_or(|t| t.task.as_ref().is_some_and(|p| p.toplevel()));
    if input || presses >= 2 {
        PRESSES.store(0, Ordering::SeqCst);
        return Err(interp.new_exception(&interp.exc.keyboard_interrupt, vec![]));
    }
    Ok(())
}

/// Sleeps for `secs`, or less if Ctrl-C is pressed (or the thread is woken otherwise).
pub fn sleep(secs: f64) {
    if secs.is_nan() || secs <= 0.0 {
        return;
    }
    let deadline = Instant::now() + Duration::from_secs_f64(secs.min(1e9));
    loop {
        let now = Instant::now();
        if now >= deadline || pending() {
            return;
        }
        std::thread::park_timeout(deadline - now);
    }
}
