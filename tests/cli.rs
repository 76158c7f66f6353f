//! The `aio` command line under bad usage, closed pipes, signals and limits: it must answer
//! with Python's message and exit status, never a Rust panic.
//!
//! Each test runs the built binary on a script written to a fresh temporary directory.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const AIO: &str = env!("CARGO_BIN_EXE_aio");

/// A fresh directory for one test's files, removed when the test is done with it.
struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = PathBuf;

    fn deref(&self) -> &PathBuf {
        &self.0
    }
}

impl AsRef<std::path::Path> for Scratch {
    fn as_ref(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn scratch(test: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("aio-cli-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    Scratch(dir)
}

fn script(test: &str, text: &[u8]) -> (Scratch, PathBuf) {
    let dir = scratch(test);
    let path = dir.join("script.aio");
    std::fs::write(&path, text).expect("the script is written");
    (dir, path)
}

fn run(dir: &PathBuf, args: &[&str]) -> Output {
    Command::new(AIO)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("aio runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn assert_no_panic(out: &str) {
    assert!(
        !out.contains("panicked")
            && !out.contains("internal error")
            && !out.contains("RUST_BACKTRACE"),
        "a Rust panic leaked out:\n{out}"
    );
}

// ---------------------------------------------------------------- bad usage

#[test]
fn missing_script_is_a_usage_error() {
    let dir = scratch("missing");
    let out = run(&dir, &["nope.aio"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.starts_with("aio: can't open file '"), "{err}");
    assert!(
        err.ends_with("nope.aio': [Errno 2] No such file or directory\n"),
        "{err}"
    );
}

#[test]
fn directory_as_script() {
    let dir = scratch("directory");
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    let out = run(&dir, &["pkg"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("can't find '__main__' module in '"), "{err}");
    assert!(err.trim_end().ends_with("pkg'"), "{err}");
}

#[test]
fn unknown_option_is_a_usage_error() {
    let dir = scratch("option");
    for args in [
        &["--bogus"][..],
        &["-q", "x.aio"],
        &["--max-steps", "ten", "x.aio"],
    ] {
        let out = run(&dir, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_no_panic(&text(&out.stderr));
    }
    let out = run(&dir, &["--bogus"]);
    assert!(text(&out.stderr).starts_with("unknown option --bogus\nusage: aio"));
}

#[test]
fn non_utf8_source() {
    let (dir, _) = script("utf8", b"print(1)\nx = '\xff'\n");
    let out = run(&dir, &["script.aio"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "SyntaxError: Non-UTF-8 code starting with '\\xff' in file script.aio on line 2, but no encoding declared; see https://peps.python.org/pep-0263/ for details\n"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn nul_byte_from_stdin() {
    let mut child = Command::new(AIO)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"print(1)\nx = 1\0\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "  File \"<stdin>\", line 2\n    x = 1\nSyntaxError: source code cannot contain null bytes\n"
    );
}

// ---------------------------------------------------------------- pipes

#[test]
fn closed_stdout_is_broken_pipe_error_not_a_panic() {
    let (dir, _) = script(
        "pipe",
        b"for i in range(10**6):\n    print(i)\nprint('never', flush=True)\n",
    );
    let mut child = Command::new(AIO)
        .arg("script.aio")
        .current_dir(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert_eq!(first, "0\n");
    // The reader is gone now, as after `| head -1`.
    let out = child.wait_with_output().unwrap();
    let err = text(&out.stderr);
    assert_no_panic(&err);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.ends_with("    print(i)\nBrokenPipeError: [Errno 32] Broken pipe\n"),
        "{err}"
    );
}

#[test]
fn help_into_a_closed_pipe() {
    for arg in ["--help", "--version"] {
        let mut child = Command::new(AIO)
            .arg(arg)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_no_panic(&text(&out.stderr));
    }
}

// ---------------------------------------------------------------- signals

/// Starts a script, waits for its first line (printed with flush=True) and sends SIGINT
/// `times` times; returns the rest of stdout+stderr and the exit status.
fn interrupt(test: &str, source: &str, times: usize) -> (String, Option<i32>) {
    let (dir, _) = script(test, source.as_bytes());
    let mut child: Child = Command::new(AIO)
        .args(["script.aio"])
        .current_dir(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert_eq!(first, "start\n");
    for _ in 0..times {
        // SAFETY: kill(2) on our own child's pid.
        unsafe {
            libc::kill(child.id() as libc::pid_t, libc::SIGINT);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "aio did not stop after SIGINT");
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut rest)
        .unwrap();
    (rest, child.wait().unwrap().code())
}

#[test]
fn sigint_during_time_sleep() {
    let (out, status) = interrupt(
        "sigint_sleep",
        "import time\nprint('start', flush=True)\ntime.sleep(30)\n",
        1,
    );
    assert_eq!(status, Some(130));
    assert_eq!(
        out,
        "Traceback (most recent call last):\n  File \"script.aio\", line 3, in <module>\n    time.sleep(30)\nKeyboardInterrupt\n"
    );
}

#[test]
fn sigint_in_a_tight_loop() {
    let (out, status) = interrupt(
        "sigint_loop",
        "print('start', flush=True)\nn = 0\nwhile True:\n    n += 1\n",
        1,
    );
    assert_eq!(status, Some(130));
    assert_eq!(
        out,
        "Traceback (most recent call last):\n  File \"script.aio\", line 3, in <module>\n    while True:\nKeyboardInterrupt\n"
    );
}

/// Found by fuzzing: with a NaN or infinite parameter the rejection loops of `random`'s
/// distributions never accept a draw (in CPython too), and Ctrl-C did not stop them.
#[test]
fn sigint_stops_a_random_distribution_that_never_accepts() {
    let (out, status) = interrupt(
        "sigint_random",
        "import random\nprint('start', flush=True)\nrandom.gammavariate(float('nan'), 1.0)\n",
        1,
    );
    assert_eq!(status, Some(130));
    assert!(out.ends_with("KeyboardInterrupt\n"), "{out}");
}

/// Each step copies a million-item list (milliseconds): Ctrl-C stops the program at the
/// next step, not after the ~1,000 steps between two routine looks at the signal flag.
#[test]
fn sigint_stops_a_loop_of_slow_steps_at_once() {
    let started = Instant::now();
    let (out, status) = interrupt(
        "sigint_slow_steps",
        "x = list(range(10**6))\nprint('start', flush=True)\nwhile True:\n    y = x * 2\n",
        1,
    );
    assert_eq!(status, Some(130));
    assert!(out.ends_with("KeyboardInterrupt\n"), "{out}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn sigint_cancels_the_asyncio_main_task_first() {
    let source = "import asyncio\nasync def main():\n    print('start', flush=True)\n    try:\n        await asyncio.sleep(30)\n    finally:\n        print('cleanup')\nasyncio.run(main())\n";
    let (out, status) = interrupt("sigint_async", source, 1);
    assert_eq!(status, Some(130));
    assert_eq!(
        out,
        "cleanup\nTraceback (most recent call last):\n  File \"script.aio\", line 5, in main\n    await asyncio.sleep(30)\nasyncio.exceptions.CancelledError\n\nDuring handling of the above exception, another exception occurred:\n\nTraceback (most recent call last):\n  File \"script.aio\", line 8, in <module>\n    asyncio.run(main())\nKeyboardInterrupt\n"
    );
}

#[test]
fn second_sigint_stops_a_busy_coroutine() {
    // The first only cancels the main task, which never awaits; the second raises.
    let source = "import asyncio\nasync def main():\n    print('start', flush=True)\n    while True:\n        pass\nasyncio.run(main())\n";
    let (out, status) = interrupt("sigint_busy", source, 2);
    assert_eq!(status, Some(130));
    assert!(
        out.ends_with(
            "  File \"script.aio\", line 4, in main\n    while True:\nKeyboardInterrupt\n"
        ),
        "{out}"
    );
}

// ---------------------------------------------------------------- limits

#[test]
fn max_steps_stops_a_runaway_loop() {
    let (dir, _) = script(
        "steps",
        b"print('before')\nwhile True:\n    try:\n        pass\n    except BaseException:\n        pass\n",
    );
    let out = run(&dir, &["--max-steps", "10000", "script.aio"]);
    let all = text(&out.stdout) + &text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.starts_with("before\nTraceback (most recent call last):\n"),
        "{all}"
    );
    assert!(
        all.ends_with("RuntimeError: step limit exceeded: the program ran more than 10000 steps (--max-steps)\n"),
        "{all}"
    );
}

#[test]
fn max_steps_stops_an_async_loop_that_never_suspends() {
    // Found by the mutation test: awaits on a queue that is never empty do not suspend, and
    // the async evaluator's `while` took no steps, so nothing could stop this loop.
    let (dir, _) = script(
        "steps_async",
        b"import asyncio\nasync def main():\n    q = asyncio.Queue()\n    await q.put(1)\n    while not q.empty():\n        await q.put(await q.get())\nasyncio.run(main())\n",
    );
    let out = run(&dir, &["--max-steps", "10000", "script.aio"]);
    let all = text(&out.stdout) + &text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.ends_with("RuntimeError: step limit exceeded: the program ran more than 10000 steps (--max-steps)\n"),
        "{all}"
    );
}

#[test]
fn max_steps_allows_a_program_within_it() {
    let (dir, _) = script("steps_ok", b"print(sum(i for i in range(100)))\n");
    let out = run(&dir, &["--max-steps", "1000", "script.aio"]);
    assert_eq!(text(&out.stdout), "4950\n");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn timeout_stops_a_loop_and_a_sleep() {
    for (name, source) in [
        ("timeout_loop", "while True:\n    pass\n"),
        // Slow steps: stopped at the deadline, not ~1,000 steps later.
        (
            "timeout_slow_steps",
            "x = list(range(10**6))\nwhile True:\n    y = x * 2\n",
        ),
        ("timeout_sleep", "import time\ntime.sleep(60)\n"),
        (
            "timeout_async",
            "import asyncio\nasync def main():\n    await asyncio.sleep(60)\nasyncio.run(main())\n",
        ),
    ] {
        let (dir, _) = script(name, source.as_bytes());
        let started = Instant::now();
        let out = run(&dir, &["--timeout", "0.5", "script.aio"]);
        assert!(started.elapsed() < Duration::from_secs(3), "{name}");
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {err}");
        assert!(
            err.ends_with("TimeoutError: time limit exceeded: the program ran longer than 0.5 s (--timeout)\n"),
            "{name}: {err}"
        );
    }
}

#[test]
fn output_before_an_error_is_kept() {
    let (dir, _) = script(
        "kept",
        b"for i in range(3):\n    print(i)\ndef f(n):\n    return f(n + 1)\nf(0)\n",
    );
    let out = run(&dir, &["script.aio"]);
    assert_eq!(text(&out.stdout), "0\n1\n2\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).ends_with("RecursionError: maximum recursion depth exceeded\n"));
}

// ---------------------------------------------------------------- sources without a file

/// Code from `-c` or standard input has no file CPython's `linecache` could read, so its
/// tracebacks and warnings show no source lines (the expectations are python3's output).
#[test]
fn code_without_a_file_shows_no_source_lines() {
    let code =
        "import asyncio\nasync def f(): pass\nf()\ndef g():\n    1/0 if g is 1 else 1/0\ng()\n";
    let dir = scratch("no-source-lines");
    let out = run(&dir, &["-c", code]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "<string>:5: SyntaxWarning: \"is\" with a literal. Did you mean \"==\"?\n\
         <string>:3: RuntimeWarning: coroutine 'f' was never awaited\n\
         RuntimeWarning: Enable tracemalloc to get the object allocation traceback\n\
         Traceback (most recent call last):\n  \
         File \"<string>\", line 6, in <module>\n  \
         File \"<string>\", line 5, in g\n\
         ZeroDivisionError: division by zero\n"
    );

    let mut child = Command::new(AIO)
        .arg("-")
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("aio runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"def f():\n    1/0\nf()\n")
        .expect("the program is written");
    let out = child.wait_with_output().expect("aio ends");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "Traceback (most recent call last):\n  \
         File \"<stdin>\", line 3, in <module>\n  \
         File \"<stdin>\", line 2, in f\n\
         ZeroDivisionError: division by zero\n"
    );
}
