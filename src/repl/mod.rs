//! The interactive prompt: `aio` with no arguments on a terminal.
//!
//! Like `python3 -m asyncio`, one event loop runs for the whole session and each input
//! runs on it; unlike it, the loop goes on running between inputs, so tasks started with
//! `create_task` keep working while the user types, and what they print appears above the
//! prompt. Three threads share the work:
//!
//! - the main thread edits lines with rustyline (`reader.rs`) when the interpreter asks;
//! - the interpreter's thread (a large stack, as for scripts) gathers lines into inputs
//!   (`lines.rs`), runs them and the loop (`session.rs`), answers Tab (`complete.rs`) and
//!   the colon commands (`commands.rs`);
//! - the `ctrlc` crate's thread turns SIGINT into a request to stop the running input
//!   (`runtime/interrupt.rs`).

mod commands;
mod complete;
mod lines;
mod reader;
mod session;

use std::sync::mpsc;

use rustyline::ExternalPrinter;

use crate::runtime::clock::ClockKind;

/// What the interpreter's output goes through while the prompt is up.
pub type Printer = Box<dyn ExternalPrinter + Send>;

/// The terminal's settings before the line editor changed them.
static TERMINAL: std::sync::OnceLock<libc::termios> = std::sync::OnceLock::new();

/// Runs the REPL until the user leaves; returns the exit status.
pub fn run(clock: ClockKind) -> i32 {
    // SAFETY: tcgetattr writes a termios into the zeroed one we own.
    unsafe {
        let mut t: libc::termios = std::mem::zeroed();
        if libc::tcgetattr(libc::STDIN_FILENO, &mut t) == 0 {
            let _ = TERMINAL.set(t);
        }
    }
    let (to_interp, events) = mpsc::channel();
    let (to_reader, requests) = mpsc::channel();
    let history = reader::history_path();
    let mut editor = match reader::editor(to_interp.clone(), history.as_ref()) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("aio: cannot use the terminal: {e}");
            return 1;
        }
    };
    let printer: Option<Printer> = editor
        .create_external_printer()
        .ok()
        .map(|p| Box::new(p) as Printer);
    let interp_thread = std::thread::Builder::new()
        .name("aio".into())
        .stack_size(crate::run::STACK_SIZE)
        .spawn(move || session::Session::new(clock, to_reader, events, printer).run());
    let interp_thread = match interp_thread {
        Ok(t) => t,
        Err(e) => {
            eprintln!("aio: cannot start the interpreter: {e}");
            return 1;
        }
    };
    crate::runtime::interrupt::install(interp_thread.thread().clone());
    reader::serve(editor, requests, to_interp, history);
    match interp_thread.join() {
        Ok(status) => status,
        Err(_) => {
            eprintln!("aio: internal error: the interpreter thread failed");
            70
        }
    }
}

/// Ends the process while the line editor is still waiting for a key: puts the terminal
/// back as it was (and bracketed paste off) first.
pub(crate) fn leave_now(status: i32) -> ! {
    use std::io::Write;
    if let Some(t) = TERMINAL.get() {
        // SAFETY: restores settings read from the same terminal at start.
        unsafe {
            libc::tcsetattr(libc::STDIN_FILENO, libc::TCSADRAIN, t);
        }
    }
    let mut out = std::io::stdout();
    let _ = out.write_all(b"\x1b[?2004l\n");
    let _ = out.flush();
    std::process::exit(status)
}
