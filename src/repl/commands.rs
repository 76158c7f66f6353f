//! The REPL's colon commands, for looking at and steering the live event loop (beyond
//! Python: SPEC section 5). A line that starts with `:` at the `>>> ` prompt is one of
//! these; no Python statement starts with a colon.

use std::rc::Rc;

use crate::interp::Interp;
use crate::object::Exc;
use crate::runtime::clock::ClockKind;
use crate::runtime::event_loop::LoopState;
use crate::runtime::future::FutCore;

const HELP: &str = "\
:help              this list
:tasks             the pending tasks: name, state, where each waits and since when
:advance SECONDS   move the virtual clock forward, firing the timers that fall due
                   (only with --clock=virtual)
Ctrl-C stops the input running; Ctrl-D leaves.
";

/// Runs a colon command; output goes to the program's standard output. An exception that
/// escapes the loop (`SystemExit`, `KeyboardInterrupt`) comes back.
pub fn run(interp: &Interp, loop_: &Rc<LoopState>, line: &str) -> Result<(), Exc> {
    let mut words = line.trim()[1..].split_whitespace();
    let name = words.next().unwrap_or("");
    let args: Vec<&str> = words.collect();
    match (name, args.as_slice()) {
        ("help" | "h" | "?", []) => interp.write_out(HELP)?,
        ("tasks", []) => interp.write_out(&tasks(interp, loop_))?,
        ("advance", [secs]) => match secs.parse::<f64>() {
            Ok(s) if s >= 0.0 && s.is_finite() => return advance(interp, loop_, s),
            _ => interp.write_err(&format!(
                ":advance needs a number of seconds, not {secs:?}\n"
            )),
        },
        ("advance", _) => interp.write_err(":advance needs a number of seconds\n"),
        ("help" | "tasks", _) => interp.write_err(&format!(":{name} takes no arguments\n")),
        _ => interp.write_err(&format!(
            "unknown command ':{name}'; :help lists the commands\n"
        )),
    }
    Ok(())
}

/// `:tasks`: one line per pending task of the loop.
pub fn tasks(interp: &Interp, loop_: &LoopState) -> String {
    let now = interp.clock.monotonic();
    let pending = loop_.pending_tasks();
    if pending.is_empty() {
        return "no pending tasks\n".into();
    }
    let rows: Vec<[String; 4]> = pending.iter().map(|t| row(t, now)).collect();
    let header = [
        "NAME".to_string(),
        "STATE".into(),
        "WAITING AT".into(),
        "SINCE".into(),
    ];
    let mut widths = [0; 4];
    for r in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for r in std::iter::once(&header).chain(&rows) {
        let line = format!(
            "{:w0$}  {:w1$}  {:w2$}  {}",
            r[0],
            r[1],
            r[2],
            r[3],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2]
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Name, state, where the task waits (its coroutine and line, and the task it awaits),
/// and for how long.
fn row(task: &FutCore, now: f64) -> [String; 4] {
    let Some(t) = &task.task else {
        return Default::default();
    };
    let state = if t.must_cancel() || task.cancel_requests() > 0 {
        "cancelling"
    } else if !t.started() {
        "ready"
    } else {
        "waiting"
    };
    let mut at = match t.coro_code() {
        Ok((qualname, code, _)) => {
            let source = code.source();
            let def_line = source.line(code.def_span());
            let line = if t.started() {
                source.line_within(t.suspended_at()).unwrap_or(def_line)
            } else {
                def_line
            };
            format!("{qualname}() {}:{line}", source.name)
        }
        Err(_) => "?".into(),
    };
    if let Some(w) = t.fut_waiter() {
        if w.is_task() {
            at.push_str(&format!(", awaiting {}", w.name()));
        }
    }
    let since = match task.since() {
        Some(since) if t.started() => format!("{:.1} s ago", (now - since).max(0.0)),
        _ => "-".into(),
    };
    [task.name(), state.into(), at, since]
}

/// `:advance SECONDS`: moves the virtual clock forward, running every timer that falls
/// due on the way, in order, and what they make ready.
pub fn advance(interp: &Interp, loop_: &Rc<LoopState>, secs: f64) -> Result<(), Exc> {
    if interp.clock.kind != ClockKind::Virtual {
        interp.write_err(":advance moves the virtual clock: start aio with --clock=virtual\n");
        return Ok(());
    }
    let target = interp.clock.monotonic() + secs;
    crate::runtime::interrupt::take();
    loop {
        if crate::runtime::interrupt::take() {
            interp.write_err("KeyboardInterrupt\n");
            return Ok(());
        }
        match loop_.next_event(interp) {
            Some(t) if t <= target + 1e-9 => {
                interp.clock.jump_to(t);
                loop_.run_once(interp)?;
            }
            _ => break,
        }
    }
    interp.clock.jump_to(target);
    Ok(())
}
