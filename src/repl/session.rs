//! The interpreter's side of the REPL: one interpreter and one event loop for the session.
//!
//! The loop is marked running for the whole session, as in `python3 -m asyncio`, so
//! `create_task` and `get_running_loop` work at the prompt. While the user edits a line,
//! the session keeps running the loop's ready handles and due timers (real clock; the
//! virtual clock only moves with `:advance` or a running input), and the program's output
//! goes through rustyline's external printer, above the line being edited. An input that
//! awaits runs as a task until it is done; Ctrl-C cancels it.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::time::Duration;

use crate::interp::suspend::{BodyFuture, CoroState, Coroutine};
use crate::interp::{Input, Interp};
use crate::object::Exc;
use crate::runtime::clock::{Clock, ClockKind};
use crate::runtime::event_loop::LoopState;
use crate::runtime::future::{FutCore, Handle};
use crate::runtime::{interrupt, task};
use crate::source::Source;
use crate::value::Value;

use super::lines::{Lines, Step};
use super::reader::{Event, Request};
use super::Printer;

/// The longest the session sleeps between looks at the loop while the user types.
const IDLE_WAIT: Duration = Duration::from_secs(3600);

pub struct Session {
    interp: Rc<Interp>,
    loop_: Rc<LoopState>,
    requests: Sender<Request>,
    events: Receiver<Event>,
    printer: Option<Rc<RefCell<Divert>>>,
    lines: Lines,
    /// Set when the session is to end, with the exit status.
    exit: Option<i32>,
}

impl Session {
    pub fn new(
        clock: ClockKind,
        requests: Sender<Request>,
        events: Receiver<Event>,
        printer: Option<Printer>,
    ) -> Session {
        let interp = Interp::new(vec![String::new()], Clock::new(clock));
        let loop_ = LoopState::new();
        // An input that awaits is a task: its frames are the input's.
        loop_.frames_below.set(0);
        crate::runtime::set_event_loop(Some(loop_.clone()));
        crate::runtime::set_running_loop(Some(loop_.clone()));
        crate::runtime::set_interactive(true);
        loop_.running.set(true);
        Session {
            interp,
            loop_,
            requests,
            events,
            printer: printer.map(|p| {
                Rc::new(RefCell::new(Divert {
                    printer: p,
                    partial: String::new(),
                }))
            }),
            lines: Lines::default(),
            exit: None,
        }
    }

    /// Reads, runs and prints until the user leaves; returns the exit status.
    pub fn run(mut self) -> i32 {
        self.interp.write_err(&format!(
            "Aio {} REPL: top-level await; tasks keep running while you type.\n\
             Type :help for the REPL's commands; Ctrl-D leaves.\n",
            env!("CARGO_PKG_VERSION")
        ));
        // The prompt's own output: a closed stdout ends the session anyway.
        let _ = self.interp.write_out(">>> import asyncio\n");
        self.run_source("import asyncio\n".into());
        self.interp.out.borrow_mut().flush();
        while self.exit.is_none() {
            let prompt = if self.lines.is_empty() {
                ">>> "
            } else {
                "... "
            };
            if self.requests.send(Request::Read(prompt.into())).is_err() {
                break;
            }
            let Some(event) = self.wait_for_line() else {
                // A task ended the session (`sys.exit`) while the user was editing a line.
                self.shut_down();
                super::leave_now(self.exit.unwrap_or(0));
            };
            match event {
                Event::Line(line) => self.take_line(&line),
                Event::Interrupted => {
                    self.lines.clear();
                    self.interp.write_err("KeyboardInterrupt\n");
                }
                // (Tab is answered while waiting, never handed back.)
                Event::Eof | Event::Complete { .. } => {
                    let _ = self.interp.write_out("\n");
                    break;
                }
            }
            self.interp.out.borrow_mut().flush();
        }
        self.shut_down();
        self.exit.unwrap_or(0)
    }

    fn take_line(&mut self, line: &str) {
        if self.lines.is_empty() && line.trim_start().starts_with(':') {
            interrupt::take();
            let r = super::commands::run(&self.interp, &self.loop_, line);
            if let Err(e) = r {
                self.report(e);
            }
            return;
        }
        match self.lines.push(line) {
            Step::Nothing | Step::More => {}
            Step::Run(text, body) => self.run_input(text, body),
            Step::Fail(text, e) => {
                let source = Rc::new(Source::new("<stdin>", text));
                let exc = self.interp.exception_from_syntax(&e, &source);
                self.report(exc);
            }
        }
    }

    /// Waits for the line reader's answer, running the loop meanwhile and answering Tab;
    /// `None` if a task ends the session meanwhile.
    fn wait_for_line(&mut self) -> Option<Event> {
        interrupt::take();
        self.divert(true);
        let event = loop {
            let next = self.loop_.next_event(&self.interp);
            let now = self.interp.clock.monotonic();
            let due = next.is_some_and(|t| t <= now + 1e-9);
            if due {
                // What is due was scheduled before the next line arrives: it runs first.
                if let Err(e) = self.loop_.run_once(&self.interp) {
                    self.report(e);
                }
                if self.exit.is_some() {
                    self.divert(false);
                    return None;
                }
            }
            let event = match self.events.try_recv() {
                Ok(ev) => ev,
                Err(TryRecvError::Disconnected) => Event::Eof,
                Err(TryRecvError::Empty) if due => continue,
                Err(TryRecvError::Empty) => {
                    let wait = match (next, self.interp.clock.kind) {
                        (Some(t), ClockKind::Real) => {
                            Duration::from_secs_f64((t - now).clamp(0.0, 3600.0))
                        }
                        _ => IDLE_WAIT,
                    };
                    match self.events.recv_timeout(wait) {
                        Ok(ev) => ev,
                        Err(RecvTimeoutError::Timeout) => continue,
                        Err(RecvTimeoutError::Disconnected) => Event::Eof,
                    }
                }
            };
            match event {
                Event::Complete { line, pos, reply } => {
                    let _ = reply.send(super::complete::complete(&self.interp, &line, pos));
                }
                other => break other,
            }
        };
        self.divert(false);
        Some(event)
    }

    /// Sends output through the external printer (while the prompt is up) or not.
    fn divert(&mut self, on: bool) {
        let Some(printer) = &self.printer else {
            return;
        };
        let mut out = self.interp.out.borrow_mut();
        if on {
            out.flush();
            let p = printer.clone();
            out.divert = Some(Box::new(move |s| p.borrow_mut().write(s)));
        } else {
            out.divert = None;
            drop(out);
            printer.borrow_mut().finish();
        }
    }

    /// Runs one complete input.
    fn run_input(&mut self, text: String, body: Vec<crate::ast::Stmt>) {
        let source = Rc::new(Source::new("<stdin>", text));
        *self.interp.main_source.borrow_mut() = Some(source.clone());
        interrupt::take();
        match self.interp.run_interactive(source, body) {
            Ok(Input::Done) => {}
            Ok(Input::Awaits(body)) => self.run_task(body),
            Err(e) => self.report(e),
        }
        // What the input's last statement dropped reports (a generator's `finally`, an
        // exception never retrieved) before the next prompt.
        self.interp.run_deferred();
        // Ctrl-C that cut a blocking call short with no statement after it.
        if interrupt::take() {
            self.interp.write_err("KeyboardInterrupt\n");
        }
    }

    /// Runs source text given by the REPL itself.
    fn run_source(&mut self, text: String) {
        match crate::parser::parse_module(&text) {
            Ok(body) => self.run_input(text, body),
            Err(e) => self.interp.write_err(&format!("aio: {}\n", e.msg)),
        }
    }

    /// Runs an input that awaits as a task on the session's loop, until it is done.
    fn run_task(&mut self, body: BodyFuture) {
        let interp = self.interp.clone();
        let coro = crate::runtime::builtin_coroutine(
            &interp,
            "<module>",
            Box::pin(std::future::ready(Ok(Value::None))),
        );
        if let Some(c) = coro.downcast::<Coroutine>() {
            c.future.take();
            c.state.set(CoroState::Running);
        }
        let name = crate::runtime::next_task_name();
        let task = FutCore::new_task(
            self.loop_.clone(),
            body,
            crate::runtime::future::TaskCoro::Object(coro),
            name,
            true,
        );
        self.loop_.add_task(&task);
        self.loop_.call_soon(Handle::Step(task.clone()));
        let mut stopped = false;
        while !task.done() {
            if interrupt::take() {
                // After the terminal's `^C`, what the cancelled input prints starts afresh.
                let _ = interp.write_out("\n");
                task::cancel(&interp, &task, None);
                stopped = true;
            }
            if !self.loop_.has_work() {
                // Nothing can wake the input: wait for Ctrl-C, as Python would.
                interrupt::sleep(IDLE_WAIT.as_secs_f64());
                continue;
            }
            if let Err(e) = self.loop_.run_once(&interp) {
                if task.done() {
                    // The input's own exception; reported below.
                    continue;
                }
                if e.is(&interp.exc.keyboard_interrupt) {
                    task::cancel(&interp, &task, None);
                    stopped = true;
                } else {
                    self.report(e);
                    if self.exit.is_some() {
                        task::cancel(&interp, &task, None);
                    }
                }
            }
        }
        let cancelled = task.cancelled();
        if cancelled && stopped {
            interp.write_err("KeyboardInterrupt\n");
            task.mark_retrieved();
            return;
        }
        if let Err(e) = task.result(&interp) {
            self.report(e);
        }
    }

    /// Prints an exception that ended an input; `SystemExit` ends the session.
    fn report(&mut self, e: Exc) {
        if e.is(&self.interp.exc.system_exit) {
            self.exit = Some(crate::run::exit_status(&self.interp, e));
            return;
        }
        self.interp
            .write_err(&self.interp.format_exception(&e.value));
    }

    /// On the way out: cancels the tasks still pending and lets them run their `finally`
    /// blocks, as far as they get without waiting.
    fn shut_down(&mut self) {
        self.divert(false);
        let interp = self.interp.clone();
        let pending = self.loop_.pending_tasks();
        for t in &pending {
            task::cancel(&interp, t, None);
        }
        for _ in 0..1000 {
            let next = self.loop_.next_event(&interp);
            match next {
                Some(t) if t <= interp.clock.monotonic() + 1e-9 => {
                    if self.loop_.run_once(&interp).is_err() {
                        break;
                    }
                }
                _ => break,
            }
        }
        for t in &pending {
            t.mark_retrieved();
        }
        self.loop_.running.set(false);
        crate::runtime::set_running_loop(None);
        interp.finish();
    }
}

/// Output while the prompt is up: whole lines go through the external printer; a line
/// still open when the prompt goes is written as it is.
struct Divert {
    printer: Printer,
    partial: String,
}

impl Divert {
    fn write(&mut self, s: &str) {
        self.partial.push_str(s);
        if let Some(end) = self.partial.rfind('\n') {
            let lines: String = self.partial.drain(..=end).collect();
            if self.printer.print(lines.clone()).is_err() {
                print_now(&lines);
            }
        }
    }

    fn finish(&mut self) {
        if !self.partial.is_empty() {
            print_now(&std::mem::take(&mut self.partial));
        }
    }
}

fn print_now(s: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes());
    let _ = out.flush();
}
