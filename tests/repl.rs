//! The REPL driven as a person would drive it: `aio` runs in a pseudo-terminal (rexpect),
//! the test types lines, Tab, Ctrl-C and Ctrl-D, and reads what the terminal shows.
//!
//! The terminal output holds rustyline's cursor movements, so each test waits for text that
//! only the program's answer contains (e.g. `'slept'`, not the echo of what was typed).

use std::process::Command;

use rexpect::process::WaitStatus;
use rexpect::session::{spawn_command, PtySession};

/// How long any one expectation may wait (the debug build, two busy cores).
const TIMEOUT_MS: u64 = 30_000;

fn aio(args: &[&str], history: Option<&std::path::Path>) -> PtySession {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_aio"));
    cmd.args(args)
        .env("TERM", "xterm")
        .env_remove("AIO_CLOCK")
        .env(
            "AIO_HISTORY",
            history.map_or("".into(), |h| h.as_os_str().to_owned()),
        );
    let mut p = spawn_command(cmd, Some(TIMEOUT_MS)).expect("aio starts in a pty");
    p.exp_string(">>> import asyncio").expect("banner");
    p.exp_string(">>> ").expect("first prompt");
    p
}

/// Types a line and presses Enter.
fn line(p: &mut PtySession, text: &str) {
    p.send(text).expect("type");
    p.send("\r").expect("enter");
    p.flush().expect("flush");
}

fn expect(p: &mut PtySession, text: &str) {
    if let Err(e) = p.exp_string(text) {
        panic!("waiting for {text:?}: {e}");
    }
}

/// Ctrl-D at an empty prompt; the session must end with status 0. The prompt is waited
/// for first: a Ctrl-D typed while the terminal is still in cooked mode (between an
/// input's output and the line editor taking the terminal again) can be lost in the
/// switch, and the session then waits for input (one run in many timed out so).
fn leave(mut p: PtySession) {
    expect(&mut p, ">>> ");
    p.send_control('d').expect("ctrl-d");
    p.exp_eof().expect("aio exits");
    match p.process().wait() {
        Ok(WaitStatus::Exited(_, 0)) => {}
        other => panic!("aio did not exit with status 0: {other:?}"),
    }
}

#[test]
fn multi_line_block_runs_after_an_empty_line() {
    let mut p = aio(&[], None);
    line(&mut p, "def add(a, b):");
    expect(&mut p, "... ");
    // Tab at the start of a line indents.
    line(&mut p, "\ttotal = a + b");
    line(&mut p, "    return total * 10");
    line(&mut p, "");
    line(&mut p, "nums = [");
    line(&mut p, "  add(2, 3),");
    line(&mut p, "  add(1, 1)]");
    line(&mut p, "nums");
    expect(&mut p, "[50, 20]");
    leave(p);
}

#[test]
fn top_level_await_echoes_and_keeps_underscore() {
    let mut p = aio(&[], None);
    line(&mut p, "await asyncio.sleep(0.05, 'slept')");
    expect(&mut p, "'slept'");
    line(&mut p, "_.upper()");
    expect(&mut p, "'SLEPT'");
    line(&mut p, "None");
    line(&mut p, "print('after' + 'None')");
    expect(&mut p, "afterNone");
    leave(p);
}

#[test]
fn background_task_prints_above_the_line_being_edited() {
    let mut p = aio(&[], None);
    line(&mut p, "async def tick(n):");
    line(&mut p, "    for i in range(n):");
    line(&mut p, "        await asyncio.sleep(0.2)");
    line(&mut p, "        print('tick', i * 100)");
    line(&mut p, "");
    line(&mut p, "t = asyncio.create_task(tick(3))");
    // Half a line typed while the task prints, then finished: it must be intact.
    p.send("print('typed' + ").expect("type");
    p.flush().expect("flush");
    expect(&mut p, "tick 0");
    expect(&mut p, "tick 100");
    expect(&mut p, "tick 200");
    line(&mut p, "'-intact')");
    expect(&mut p, "typed-intact");
    line(&mut p, "t.done()");
    expect(&mut p, "True");
    leave(p);
}

#[test]
fn ctrl_c_cancels_the_running_input_and_keeps_the_session() {
    let mut p = aio(&[], None);
    line(&mut p, "kept = 41");
    line(&mut p, "async def slow():");
    line(&mut p, "    try:");
    line(&mut p, "        print('start' + 'ed')");
    line(&mut p, "        await asyncio.sleep(60)");
    line(&mut p, "    finally:");
    line(&mut p, "        print('clean' + 'up')");
    line(&mut p, "");
    line(&mut p, "await slow()");
    expect(&mut p, "started");
    p.send_control('c').expect("ctrl-c");
    expect(&mut p, "cleanup");
    expect(&mut p, "KeyboardInterrupt");
    expect(&mut p, ">>> ");
    line(&mut p, "kept + 1");
    expect(&mut p, "42");
    // A busy loop with no await is stopped too.
    line(&mut p, "if True:");
    line(&mut p, "    print('spin' + 'ning')");
    line(&mut p, "    while True: kept = 7");
    line(&mut p, "");
    // (Ctrl-C typed before the input starts would reach the line editor instead.)
    expect(&mut p, "spinning");
    p.send_control('c').expect("ctrl-c");
    expect(&mut p, "KeyboardInterrupt");
    line(&mut p, "kept * 6");
    expect(&mut p, "42");
    leave(p);
}

#[test]
fn ctrl_c_at_the_prompt_clears_the_line() {
    let mut p = aio(&[], None);
    p.send("this is not python").expect("type");
    p.send_control('c').expect("ctrl-c");
    expect(&mut p, "KeyboardInterrupt");
    line(&mut p, "6 * 7");
    expect(&mut p, "42");
    leave(p);
}

#[test]
fn an_error_prints_its_traceback_and_the_session_goes_on() {
    let mut p = aio(&[], None);
    line(&mut p, "x = 10");
    line(&mut p, "def f():");
    line(&mut p, "    return x / 0");
    line(&mut p, "");
    line(&mut p, "f()");
    expect(&mut p, "Traceback (most recent call last):");
    expect(&mut p, "File \"<stdin>\", line 2, in f");
    expect(&mut p, "ZeroDivisionError: division by zero");
    line(&mut p, "1 +");
    expect(&mut p, "SyntaxError: invalid syntax");
    line(&mut p, "x * 4 + 2");
    expect(&mut p, "42");
    leave(p);
}

#[test]
fn what_a_drop_reports_comes_before_the_next_prompt() {
    let mut p = aio(&[], None);
    line(&mut p, "loop = asyncio.new_event_loop()");
    line(
        &mut p,
        "f = loop.create_future(); f.set_exception(ValueError('nobody looked'))",
    );
    line(&mut p, "del f");
    // Reported as the input that dropped it ends, not when the next one runs.
    expect(&mut p, "Future exception was never retrieved");
    expect(&mut p, "ValueError: nobody looked");
    line(&mut p, "6 * 7");
    expect(&mut p, "42");
    leave(p);
}

#[test]
fn history_is_written_and_read_back() {
    let dir = std::env::temp_dir().join(format!("aio-repl-history-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("history");
    let _ = std::fs::remove_file(&path);
    let mut p = aio(&[], Some(&path));
    line(&mut p, "print('from' + ' history')");
    expect(&mut p, "from history");
    leave(p);
    let text = std::fs::read_to_string(&path).expect("history file");
    assert!(text.contains("print('from' + ' history')"), "{text}");
    // The next session recalls it with the Up arrow.
    let mut p = aio(&[], Some(&path));
    p.send("\x1b[A\r").expect("up, enter");
    p.flush().expect("flush");
    expect(&mut p, "from history");
    leave(p);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn tab_completes_an_attribute() {
    let mut p = aio(&[], None);
    line(&mut p, "class Greeter:");
    line(&mut p, "    def hello(self):");
    line(&mut p, "        return 'hi ' + 'there'");
    line(&mut p, "");
    line(&mut p, "g = Greeter()");
    p.send("g.hel\t").expect("tab");
    p.flush().expect("flush");
    expect(&mut p, "hello(");
    line(&mut p, ")");
    expect(&mut p, "'hi there'");
    // Names in scope complete too.
    p.send("Gree\t").expect("tab");
    p.flush().expect("flush");
    expect(&mut p, "ter(");
    line(&mut p, ").hello()");
    expect(&mut p, "'hi there'");
    // After `from M import`, the names in the module.
    p.send("from math import facto\t").expect("tab");
    p.flush().expect("flush");
    expect(&mut p, "rial");
    line(&mut p, "");
    line(&mut p, "factorial(5)");
    expect(&mut p, "120");
    leave(p);
}

#[test]
fn pasted_code_runs_whole() {
    let mut p = aio(&[], None);
    p.send("\x1b[200~class A:\r    x = 40\r\r    y = 2\r\x1b[201~\r")
        .expect("paste");
    p.flush().expect("flush");
    expect(&mut p, ">>> ");
    line(&mut p, "A.x + A.y");
    expect(&mut p, "42");
    leave(p);
}

#[test]
fn tasks_and_advance_under_the_virtual_clock() {
    let mut p = aio(&["--clock=virtual"], None);
    line(&mut p, "async def alarm():");
    line(&mut p, "    await asyncio.sleep(10)");
    line(&mut p, "    print('ring' + 'ing')");
    line(&mut p, "");
    line(&mut p, "t = asyncio.create_task(alarm(), name='alarm')");
    line(&mut p, ":tasks");
    expect(&mut p, "alarm() <stdin>:2");
    line(&mut p, ":advance 9");
    line(&mut p, "t.done()");
    expect(&mut p, "False");
    line(&mut p, ":tasks");
    expect(&mut p, "waiting");
    expect(&mut p, "alarm() <stdin>:2");
    expect(&mut p, "9.0 s ago");
    line(&mut p, ":advance 1");
    expect(&mut p, "ringing");
    line(&mut p, ":tasks");
    expect(&mut p, "no pending tasks");
    line(&mut p, ":help");
    expect(&mut p, ":advance SECONDS");
    leave(p);
}

#[test]
fn sys_exit_leaves_with_its_status() {
    let mut p = aio(&[], None);
    line(&mut p, "import sys");
    line(&mut p, "sys.exit(3)");
    p.exp_eof().expect("aio exits");
    match p.process().wait() {
        Ok(WaitStatus::Exited(_, 3)) => {}
        other => panic!("expected status 3: {other:?}"),
    }
}

#[test]
fn a_task_that_exits_ends_the_session_while_idle() {
    let mut p = aio(&[], None);
    line(&mut p, "import sys");
    line(&mut p, "async def bye():");
    line(&mut p, "    await asyncio.sleep(0.2)");
    line(&mut p, "    sys.exit(5)");
    line(&mut p, "");
    line(&mut p, "t = asyncio.create_task(bye())");
    p.exp_eof().expect("aio exits");
    match p.process().wait() {
        Ok(WaitStatus::Exited(_, 5)) => {}
        other => panic!("expected status 5: {other:?}"),
    }
}

#[test]
fn stdin_that_is_not_a_terminal_is_a_program() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_aio"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("aio starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"x = 6\nprint(x * 7)\n")
        .expect("write");
    let out = child.wait_with_output().expect("aio ends");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "42\n");
    assert!(out.status.success());
}

#[test]
fn expressions_in_a_loop_at_the_prompt_echo_as_in_cpython() {
    let mut p = aio(&[], None);
    line(&mut p, "for i in range(3):");
    line(&mut p, "    i * 37 + 5");
    line(&mut p, "");
    // (Values the typed lines do not contain, so only the echo can show them.)
    expect(&mut p, "42");
    expect(&mut p, "79");
    line(&mut p, "n = 0");
    line(&mut p, "while n < 2:");
    line(&mut p, "    n += 1; 'step %d' % n");
    line(&mut p, "");
    expect(&mut p, "'step 1'");
    expect(&mut p, "'step 2'");
    leave(p);
}
