//! Running a whole program: the interpreter on a thread with a large stack, uncaught
//! exceptions reported as CPython reports them, and the process exit status.

use std::rc::Rc;
use std::time::Duration;

use crate::interp::Interp;
use crate::object::Exc;
use crate::runtime::clock::{Clock, ClockKind};
use crate::source::Source;
use crate::value::Value;

/// The native stack the interpreter runs on. Deep Python recursion is stopped by
/// `RecursionError` long before this is used up.
pub const STACK_SIZE: usize = 1 << 30;

/// The budgets of a run (see `interp/limits.rs`); none by default.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunLimits {
    /// At most this many evaluation steps (statements' loop items and calls).
    pub max_steps: Option<u64>,
    /// At most this much wall time.
    pub timeout: Option<Duration>,
    /// No single value (a string, a list, an integer) may take more bytes than this;
    /// a bigger one is a `MemoryError`. (Without it, only what the system refuses is.)
    pub max_alloc: Option<usize>,
}

/// Runs a program and returns the exit status.
pub fn run_program(name: String, text: String, argv: Vec<String>, clock: ClockKind) -> i32 {
    run_program_with(name, text, argv, clock, RunLimits::default())
}

/// Runs a program within `limits` and returns the exit status.
pub fn run_program_with(
    name: String,
    text: String,
    argv: Vec<String>,
    clock: ClockKind,
    limits: RunLimits,
) -> i32 {
    run_on_thread(name, text, argv, clock, limits, false).0
}

/// Runs a program within `limits`, printing nothing: returns the exit status and what
/// it printed (stdout and stderr merged; past `interp::CAPTURE_MAX` bytes, only how much
/// more there was). A panic of the interpreter is status 70.
pub fn run_captured(
    name: String,
    text: String,
    argv: Vec<String>,
    clock: ClockKind,
    limits: RunLimits,
) -> (i32, String) {
    run_on_thread(name, text, argv, clock, limits, true)
}

fn run_on_thread(
    name: String,
    text: String,
    argv: Vec<String>,
    clock: ClockKind,
    limits: RunLimits,
    capture: bool,
) -> (i32, String) {
    let worker = std::thread::Builder::new()
        .name("aio".into())
        .stack_size(STACK_SIZE)
        .spawn(move || {
            let interp = Interp::new(argv, Clock::new(clock));
            if capture {
                interp.out.borrow_mut().capture();
            }
            interp.set_limits(limits.max_steps, limits.timeout);
            interp.set_max_alloc(limits.max_alloc);
            let source = Rc::new(Source::new(name, text));
            *interp.main_source.borrow_mut() = Some(source.clone());
            let result = interp.run_module(source);
            interp.clear_exceeded();
            let status = match result {
                Ok(()) => 0,
                Err(e) => exit_status(&interp, e),
            };
            interp.run_deferred();
            interp.clear_globals();
            interp.run_deferred();
            // Loops and their tasks go first, while every thread-local they may touch
            // when dropped still exists; what their drops report is printed too.
            crate::runtime::set_event_loop(None);
            crate::runtime::set_running_loop(None);
            interp.run_deferred();
            crate::runtime::event_loop::report_pending_tasks(&interp);
            interp.finish();
            let printed = interp.out.borrow_mut().take_captured();
            (status, printed)
        });
    match worker.map(|w| w.join()) {
        Ok(Ok(done)) => done,
        _ => {
            let text = "aio: internal error: the interpreter thread failed\n";
            if !capture {
                use std::io::Write;
                let _ = std::io::stderr().write_all(text.as_bytes());
            }
            (70, text.to_string())
        }
    }
}

/// Reports an uncaught exception and decides the exit status, as CPython does.
pub fn exit_status(interp: &Interp, e: Exc) -> i32 {
    if e.is(&interp.exc.system_exit) {
        let code = e
            .value
            .exc_data()
            .args
            .first()
            .cloned()
            .unwrap_or(Value::None);
        return match code {
            Value::None => 0,
            Value::Int(i) => i as i32,
            Value::Bool(b) => b as i32,
            other => {
                let text = interp.str(&other).unwrap_or_default();
                interp.write_err(&format!("{text}\n"));
                1
            }
        };
    }
    let report = interp.format_exception(&e.value);
    interp.write_err(&report);
    if e.is(&interp.exc.keyboard_interrupt) {
        return 130;
    }
    1
}
