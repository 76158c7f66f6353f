//! Mutation test: every golden program, changed at random, must still run to an exit
//! status — a `SyntaxError`, a Python exception or a clean finish — and never panic the
//! interpreter, hang it, or report an internal error.
//!
//! - Mutants are made by a PRNG written here (SplitMix64) seeded from a fixed seed and each
//!   file's path, so every run of `cargo test` tries the same mutants, and narrowing the
//!   run with `AIO_MUTATE_FILTER` does not change the mutants of the files kept.
//! - Mutations: lines deleted, duplicated, swapped or re-indented; characters deleted;
//!   tokens (`(`, `:`, `await `, `lambda`, `**`, `10**18`, ...) and whole statements
//!   inserted; numbers and names replaced; spans copied elsewhere.
//! - Each mutant runs in-process through [`aio::run::run_captured`] (on a thread with the
//!   `aio` binary's stack size) under the virtual clock, with a small step budget, a time
//!   limit and a per-value size limit, so no mutant can loop or allocate for long. A
//!   watchdog reports a mutant that still has not finished after [`WATCHDOG`] (a loop in
//!   native code that never reaches a step check).
//! - Programs that read standard input or open files are left out: their mutants could
//!   block on the test's stdin or write anywhere.
//!
//! Knobs for longer local runs (the defaults are what `cargo test` runs):
//! `AIO_MUTANTS=N` mutants per file, `AIO_MUTATE_SEED=N` another seed,
//! `AIO_MUTATE_FILTER=TEXT` only the files whose path contains TEXT.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use aio::run::{run_captured, RunLimits};

mod common;
use common::collect;

/// The seed of the default run.
const SEED: u64 = 0x00A1_0F0E_2024_0001;

/// Mutants per golden file in the default run: some 1,300 in all, 10 to 20 s for a debug
/// `cargo test` of this file on a shared two-core machine.
const MUTANTS_PER_FILE: usize = 2;

/// At most this many mutations are applied to one mutant (at least one).
const MAX_MUTATIONS: usize = 3;

/// A mutant still running after this long is reported as a hang.
const WATCHDOG: Duration = Duration::from_secs(30);

/// What each mutant may spend (see `src/interp/limits.rs`).
const LIMITS: RunLimits = RunLimits {
    max_steps: Some(20_000),
    timeout: Some(Duration::from_secs(2)),
    max_alloc: Some(16 << 20),
};

/// Failures reported before the test gives up.
const MAX_FAILURES: usize = 5;

// ---------------------------------------------------------------- the PRNG

/// SplitMix64: small, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// FNV-1a, to turn a file's path into its own seed.
fn fnv1a(seed: u64, text: &str) -> u64 {
    let mut h = 0xCBF2_9CE4_8422_2325 ^ seed;
    for b in text.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01B3);
    }
    h
}

// ---------------------------------------------------------------- mutations

/// Tokens inserted at random places.
const TOKENS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ",",
    ".",
    "=",
    ";",
    "\\",
    "'",
    "\"",
    "#",
    "@",
    "*",
    "**",
    "-",
    "~",
    ":=",
    "...",
    "await ",
    "yield ",
    "yield from ",
    "lambda: ",
    "lambda *a, **k: ",
    "async ",
    "def ",
    "return ",
    "not ",
    "if ",
    "else ",
    " in ",
    "for x in ",
    "del ",
    "global x; ",
    "nonlocal x; ",
    "None",
    "10**18",
    "-10**18",
    "2**63",
    "0",
    "-1",
    "1e308",
    "[]",
    "()",
    "{}",
    "*[]",
    "**{}",
    "f'{",
    "'%s' % ",
    "super()",
    "self",
    "\n",
    "\t",
    "    ",
    "\n    ",
    "[0] * ",
    "[] * ",
    "'' * ",
    "() * ",
    "x[await asyncio.sleep(0):]",
    "[::-1]",
    "[1:]",
];

/// Statements inserted as a line, at the indentation of the line they go before.
const STATEMENTS: &[&str] = &[
    "await asyncio.sleep(0)",
    "yield",
    "x = yield",
    "yield from range(3)",
    "return",
    "return 10**18",
    "break",
    "continue",
    "raise",
    "raise ValueError('mutant')",
    "global x",
    "nonlocal x",
    "del x",
    "pass",
    "x = [0] * 10**18",
    "x = [] * 10**18",
    "x = '' * 10**18",
    "import asyncio",
    "import sys",
    "async def f(): return await f()",
    "def f(): return f()",
    "f()",
    "while True: pass",
    "for x in range(10**18): pass",
    "asyncio.run(main())",
    "class C: pass",
    "x[await asyncio.sleep(0):] = [1]",
    "del x[await asyncio.sleep(0):]",
    "try:",
    "except:",
    "finally:",
    "else:",
    "with x:",
    "async with x:",
    "async for x in x:",
    "sys.setrecursionlimit(10**18)",
    "asyncio.create_task(main())",
    "await asyncio.gather(main(), main())",
    "asyncio.get_running_loop().stop()",
    "asyncio.current_task().cancel()",
    "raise KeyboardInterrupt",
    "raise SystemExit(3)",
    "raise StopIteration",
    "raise GeneratorExit",
    "return await asyncio.sleep(0)",
    "async with asyncio.timeout(0):",
    "x = await asyncio.wait_for(main(), 0)",
];

/// Numbers that replace number literals.
const NUMBERS: &[&str] = &[
    "0",
    "-1",
    "1",
    "10**18",
    "-10**18",
    "2**63",
    "2**64 - 1",
    "10**100",
    "1e308",
    "-0.0",
    "1.5",
    "3000",
    "True",
    "None",
];

/// Names that replace names.
const NAMES: &[&str] = &[
    "self",
    "super",
    "print",
    "len",
    "list",
    "object",
    "type",
    "Exception",
    "BaseException",
    "None",
    "__class__",
    "__init__",
    "__dict__",
    "__getattr__",
    "__eq__",
    "__hash__",
    "__iter__",
    "__next__",
    "__await__",
    "__index__",
    "__len__",
    "__bool__",
    "__repr__",
    "__aenter__",
    "__aexit__",
    "asyncio",
    "main",
    "gather",
    "sleep",
    "isinstance",
    "getattr",
    "iter",
    "next",
    "StopIteration",
    "StopAsyncIteration",
    "KeyboardInterrupt",
    "SystemExit",
    "GeneratorExit",
    "CancelledError",
    "await",
    "yield",
    "lambda",
    "async",
    "x",
];

/// The byte index of a random character boundary of `s` (possibly its end).
fn boundary(s: &str, rng: &mut Rng) -> usize {
    let mut i = rng.below(s.len() + 1);
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// `(start, end)` byte ranges of the runs of `s` whose characters satisfy `part`, where
/// the run's first character satisfies `first`.
fn runs(s: &str, first: fn(char) -> bool, part: fn(char) -> bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut chars = s.char_indices().peekable();
    let mut prev_part = false;
    while let Some((i, c)) = chars.next() {
        if first(c) && !prev_part {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if !part(d) {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            out.push((i, end));
            prev_part = true;
            continue;
        }
        prev_part = part(c);
    }
    out
}

fn is_name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn is_name_part(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

fn indentation(line: &str) -> &str {
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// The kinds of mutation.
#[derive(Clone, Copy)]
enum Op {
    DeleteLine,
    DuplicateLine,
    SwapLines,
    InsertToken,
    DeleteChars,
    ReplaceNumber,
    Reindent,
    ReplaceName,
    InsertStatement,
    CopySpan,
}

/// Each kind of mutation with its weight: those that often leave a program that still
/// parses (and so runs further) weigh more than those that mostly make a `SyntaxError`.
const OPS: &[(Op, usize)] = &[
    (Op::DeleteLine, 2),
    (Op::DuplicateLine, 2),
    (Op::SwapLines, 1),
    (Op::InsertToken, 2),
    (Op::DeleteChars, 1),
    (Op::ReplaceNumber, 3),
    (Op::Reindent, 1),
    (Op::ReplaceName, 4),
    (Op::InsertStatement, 3),
    (Op::CopySpan, 1),
];

fn pick_op(rng: &mut Rng) -> Op {
    let total: usize = OPS.iter().map(|(_, w)| w).sum();
    let mut r = rng.below(total);
    for &(op, w) in OPS {
        if r < w {
            return op;
        }
        r -= w;
    }
    OPS[0].0
}

/// Applies one random mutation to `src`; returns the mutant and what was done.
fn mutate_once(src: &str, rng: &mut Rng) -> (String, String) {
    let mut lines: Vec<String> = src.split_inclusive('\n').map(str::to_string).collect();
    if lines.is_empty() {
        lines.push(String::new());
    }
    if let Some(last) = lines.last_mut() {
        if !last.ends_with('\n') {
            last.push('\n');
        }
    }
    let n = lines.len();
    let done = match pick_op(rng) {
        Op::DeleteLine => {
            let i = rng.below(n);
            lines.remove(i);
            format!("deleted line {}", i + 1)
        }
        Op::DuplicateLine => {
            let i = rng.below(n);
            let line = lines[i].clone();
            lines.insert(i, line);
            format!("duplicated line {}", i + 1)
        }
        Op::SwapLines => {
            let (i, j) = (rng.below(n), rng.below(n));
            lines.swap(i, j);
            format!("swapped lines {} and {}", i + 1, j + 1)
        }
        Op::InsertToken => {
            let at = boundary(src, rng);
            let token = rng.pick(TOKENS);
            return (
                format!("{}{token}{}", &src[..at], &src[at..]),
                format!("inserted {token:?} at byte {at}"),
            );
        }
        Op::DeleteChars => {
            let at = boundary(src, rng);
            let mut end = (at + 1 + rng.below(4)).min(src.len());
            while !src.is_char_boundary(end) {
                end += 1;
            }
            return (
                format!("{}{}", &src[..at], &src[end..]),
                format!("deleted {:?} at byte {at}", &src[at..end]),
            );
        }
        Op::ReplaceNumber => {
            let numbers = runs(src, is_digit, |c| c.is_ascii_alphanumeric() || c == '.');
            if numbers.is_empty() {
                return mutate_once(src, rng);
            }
            let (a, b) = *rng.pick(&numbers);
            let new = rng.pick(NUMBERS);
            return (
                format!("{}{new}{}", &src[..a], &src[b..]),
                format!("replaced {:?} by {new:?} at byte {a}", &src[a..b]),
            );
        }
        Op::Reindent => {
            let i = rng.below(n);
            let line = &lines[i];
            let indent = indentation(line).to_string();
            let body = &line[indent.len()..];
            let new_indent = match rng.below(4) {
                0 => indent
                    .get(..indent.len().saturating_sub(4))
                    .unwrap_or("")
                    .to_string(),
                1 => format!("{indent}    "),
                2 => format!("{indent} "),
                _ => indent.replacen("    ", "\t", 1),
            };
            lines[i] = format!("{new_indent}{body}");
            format!("re-indented line {} to {:?}", i + 1, new_indent)
        }
        Op::ReplaceName => {
            let names = runs(src, is_name_start, is_name_part);
            if names.is_empty() {
                return mutate_once(src, rng);
            }
            let (a, b) = *rng.pick(&names);
            let new = if rng.below(2) == 0 {
                let (c, d) = *rng.pick(&names);
                &src[c..d]
            } else {
                rng.pick(NAMES)
            };
            return (
                format!("{}{new}{}", &src[..a], &src[b..]),
                format!("replaced {:?} by {new:?} at byte {a}", &src[a..b]),
            );
        }
        Op::InsertStatement => {
            let i = rng.below(n);
            let indent = indentation(&lines[i]).to_string();
            let stmt = rng.pick(STATEMENTS);
            lines.insert(i, format!("{indent}{stmt}\n"));
            format!("inserted {stmt:?} before line {}", i + 1)
        }
        Op::CopySpan => {
            let a = boundary(src, rng);
            let mut b = (a + 1 + rng.below(40)).min(src.len());
            while !src.is_char_boundary(b) {
                b += 1;
            }
            let at = boundary(src, rng);
            let span = &src[a..b];
            return (
                format!("{}{span}{}", &src[..at], &src[at..]),
                format!("copied {span:?} to byte {at}"),
            );
        }
    };
    (lines.concat(), done)
}

/// One to [`MAX_MUTATIONS`] random mutations of `src`.
fn mutate(src: &str, rng: &mut Rng) -> (String, Vec<String>) {
    let mut text = src.to_string();
    let mut done = Vec::new();
    for _ in 0..1 + rng.below(MAX_MUTATIONS) {
        let (next, what) = mutate_once(&text, rng);
        text = next;
        done.push(what);
    }
    (text, done)
}

// ---------------------------------------------------------------- running

/// How a mutant's run ended.
enum Outcome {
    /// As a program may end: how, for the tally.
    Ended(Ending),
    /// The interpreter panicked (exit status 70, or `run_captured` itself).
    Panicked(String),
    /// It printed an internal error of the interpreter.
    InternalError(String),
    /// Still running after [`WATCHDOG`].
    Hung,
}

/// The ways a mutant may end, counted to show what the mutants exercised.
#[derive(Clone, Copy)]
enum Ending {
    SyntaxError,
    Finished,
    Exception,
    MemoryError,
    StepLimit,
    TimeLimit,
}

const ENDINGS: [&str; 6] = [
    "syntax errors",
    "clean finishes",
    "other exceptions",
    "MemoryErrors",
    "step limits",
    "time limits",
];

fn ending(status: i32, printed: &str) -> Ending {
    let last = printed.lines().rev().find(|l| !l.is_empty()).unwrap_or("");
    if last.starts_with("SyntaxError") || last.starts_with("IndentationError") {
        Ending::SyntaxError
    } else if last.starts_with("MemoryError") {
        Ending::MemoryError
    } else if last.contains("(--max-steps)") {
        Ending::StepLimit
    } else if last.contains("(--timeout)") {
        Ending::TimeLimit
    } else if status == 0 {
        Ending::Finished
    } else {
        Ending::Exception
    }
}

/// Whether a run's output has an internal error of the interpreter: a line of its own
/// (`aio: internal error ...`, `RuntimeError: internal error: ...`), not source text that
/// a traceback quotes (indented, and not after an exception's name).
fn reports_internal_error(printed: &str) -> bool {
    printed
        .lines()
        .any(|l| l.starts_with("aio: internal error") || l.contains("Error: internal error"))
}

/// Runs a mutant as an embedder would.
fn run_mutant(source: String) -> Outcome {
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("mutant".into())
        .spawn(move || {
            let r = catch_unwind(AssertUnwindSafe(|| {
                run_captured(
                    "mutant.aio".into(),
                    source,
                    vec!["mutant.aio".into()],
                    aio::ClockKind::Virtual,
                    LIMITS,
                )
            }));
            let _ = tx.send(r);
        });
    if let Err(e) = spawned {
        return Outcome::Panicked(format!("could not start a thread: {e}"));
    }
    match rx.recv_timeout(WATCHDOG) {
        // run_captured reports a panic of the interpreter thread as status 70.
        Ok(Ok((70, printed))) => Outcome::Panicked(printed),
        Ok(Ok((_, printed))) if reports_internal_error(&printed) => Outcome::InternalError(printed),
        Ok(Ok((status, printed))) => Outcome::Ended(ending(status, &printed)),
        Ok(Err(_)) => Outcome::Panicked("run_captured itself panicked".into()),
        // The thread is left behind: nothing can stop it from outside.
        Err(_) => Outcome::Hung,
    }
}

/// Whether a program touches the outside world in ways a mutant must not.
fn has_side_effects(source: &str) -> bool {
    ["input(", "stdin", "open("]
        .iter()
        .any(|s| source.contains(s))
}

fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) => v
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a number, not {v:?}")),
        Err(_) => default,
    }
}

/// The tail of a long text, for a report.
fn tail(text: &str, max: usize) -> &str {
    let mut start = text.len().saturating_sub(max);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..]
}

/// One mutant that ended badly, described for the report.
struct Failure {
    /// Where it comes from: the file's index in the corpus and the mutant's number.
    order: (usize, usize),
    report: String,
    hung: bool,
}

/// What the mutants of some files came to.
#[derive(Default)]
struct Tally {
    failures: Vec<Failure>,
    endings: [usize; ENDINGS.len()],
}

impl Tally {
    fn count(&self) -> usize {
        self.endings.iter().sum::<usize>() + self.failures.len()
    }

    fn add(&mut self, other: Tally) {
        self.failures.extend(other.failures);
        for (a, b) in self.endings.iter_mut().zip(other.endings) {
            *a += b;
        }
    }
}

/// Runs the mutants of one golden file (the `index`th of the corpus).
fn mutants_of(rel: &str, source: &str, seed: u64, per_file: usize, index: usize) -> Tally {
    let mut tally = Tally::default();
    let mut rng = Rng(fnv1a(seed, rel));
    for k in 0..per_file {
        let (mutant, done) = mutate(source, &mut rng);
        let (what, printed) = match run_mutant(mutant.clone()) {
            Outcome::Ended(e) => {
                tally.endings[e as usize] += 1;
                continue;
            }
            Outcome::Panicked(p) => ("panicked", p),
            Outcome::InternalError(p) => ("reported an internal error", p),
            Outcome::Hung => ("hung", String::new()),
        };
        let hung = what == "hung";
        tally.failures.push(Failure {
            order: (index, k),
            report: format!(
                "mutant {} of {rel} {what} (AIO_MUTATE_FILTER={rel} AIO_MUTANTS={} \
                 AIO_MUTATE_SEED={seed}).\nmutations: {}\n--- output (tail) ---\n{}\n\
                 --- mutant ---\n{mutant}\n--- end ---",
                k + 1,
                k + 1,
                done.join("; "),
                tail(&printed, 2000),
            ),
            hung,
        });
        if hung {
            // Its thread is still running: the next mutants would compete with it.
            break;
        }
    }
    tally
}

#[test]
fn mutants_of_golden_programs_never_panic() {
    let seed = env_number("AIO_MUTATE_SEED", SEED);
    let per_file = env_number("AIO_MUTANTS", MUTANTS_PER_FILE as u64) as usize;
    let filter = std::env::var("AIO_MUTATE_FILTER").unwrap_or_default();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut files = Vec::new();
    collect(&root, &mut files);
    assert!(
        !files.is_empty(),
        "no golden programs under {}",
        root.display()
    );
    let corpus: Vec<(String, String)> = files
        .iter()
        .filter_map(|path| {
            let rel = path
                .strip_prefix(&root)
                .unwrap_or(path)
                .display()
                .to_string();
            let source = std::fs::read_to_string(path).ok()?;
            (rel.contains(&filter) && !has_side_effects(&source)).then_some((rel, source))
        })
        .collect();

    // Files are handed out one at a time to a worker per core (two at most: the machine
    // may be shared); which worker runs a file does not change its mutants.
    let started = Instant::now();
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(2));
    let mut tally = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut tally = Tally::default();
                    while !stop.load(Ordering::Relaxed) {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some((rel, source)) = corpus.get(i) else {
                            break;
                        };
                        tally.add(mutants_of(rel, source, seed, per_file, i));
                        if tally.failures.len() >= MAX_FAILURES
                            || tally.failures.iter().any(|f| f.hung)
                        {
                            stop.store(true, Ordering::Relaxed);
                        }
                    }
                    tally
                })
            })
            .collect();
        let mut all = Tally::default();
        for h in handles {
            all.add(h.join().expect("a mutation worker"));
        }
        all
    });
    tally.failures.sort_by_key(|f| f.order);
    let endings: Vec<String> = ENDINGS
        .iter()
        .zip(tally.endings)
        .map(|(name, n)| format!("{n} {name}"))
        .collect();
    println!(
        "{} mutants of {} golden programs in {:.1} s: {}",
        tally.count(),
        corpus.len(),
        started.elapsed().as_secs_f64(),
        endings.join(", ")
    );
    assert!(
        tally.failures.is_empty(),
        "{} of {} mutants failed:\n\n{}",
        tally.failures.len(),
        tally.count(),
        tally
            .failures
            .iter()
            .map(|f| f.report.as_str())
            .collect::<Vec<_>>()
            .join("\n\n")
    );
}
