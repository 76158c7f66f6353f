//! The `aio` command line: run a script, a string of code, or standard input.

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, ValueEnum};

use aio::ClockKind;

/// Aio: a small, Python-shaped language for asynchronous scripts.
#[derive(Parser)]
#[command(name = "aio", version, about)]
struct Cli {
    /// Run CODE as the program (the rest of the arguments go to sys.argv).
    #[arg(short = 'c', value_name = "CODE")]
    code: Option<String>,

    /// The clock the program sees: `real`, or `virtual` (time jumps to the next timer
    /// whenever every task is waiting on one).
    #[arg(long, value_enum, env = "AIO_CLOCK", default_value = "real")]
    clock: Clock,

    /// Stop the program with an error after N evaluation steps (loop items and calls).
    #[arg(long, value_name = "N")]
    max_steps: Option<u64>,

    /// Stop the program with an error after SECONDS of wall time.
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    timeout: Option<Duration>,

    /// The script to run (`-` reads it from standard input), then its arguments.
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "FILE [ARGS]"
    )]
    args: Vec<String>,
}

fn parse_seconds(s: &str) -> Result<Duration, String> {
    let secs: f64 = s
        .parse()
        .map_err(|_| format!("'{s}' is not a number of seconds"))?;
    Duration::try_from_secs_f64(secs).map_err(|_| format!("'{s}' is not a number of seconds"))
}

/// Writes a line to stderr; a closed stderr is not worth a panic.
fn complain(text: &str) {
    let _ = writeln!(std::io::stderr(), "{text}");
}

#[derive(Clone, Copy, ValueEnum)]
enum Clock {
    Real,
    Virtual,
}

fn main() -> ExitCode {
    let code = run();
    #[cfg(feature = "alloc-stats")]
    aio::small_alloc::stats::report();
    code
}

fn run() -> ExitCode {
    tune_allocator();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    if let (None, Some(arg)) = (&cli.code, cli.args.first()) {
        let after_dashes = std::env::args().skip(1).any(|a| a == "--");
        if arg.starts_with('-') && arg != "-" && !after_dashes {
            complain(&format!("unknown option {arg}\nusage: aio [option] ... [-c cmd | file | -] [arg] ...\nTry `aio --help' for more information."));
            return ExitCode::from(2);
        }
    }
    aio::interp::limits::install_sigint_handler();
    let limits = aio::run::RunLimits {
        max_steps: cli.max_steps,
        timeout: cli.timeout,
        max_alloc: None,
    };
    let clock = match cli.clock {
        Clock::Real => ClockKind::Real,
        Clock::Virtual => ClockKind::Virtual,
    };
    let (name, text, argv) = match (cli.code, cli.args.first().map(String::as_str)) {
        (Some(code), _) => {
            let mut argv = vec!["-c".to_string()];
            argv.extend(cli.args);
            ("<string>".to_string(), code, argv)
        }
        (None, None | Some("-")) => {
            if cli.args.is_empty() && std::io::stdin().is_terminal() {
                return ExitCode::from(aio::repl::run(clock) as u8);
            }
            let mut text = String::new();
            if let Err(e) = std::io::stdin().read_to_string(&mut text) {
                complain(&format!("aio: can't read standard input: {e}"));
                return ExitCode::from(2);
            }
            let mut argv = cli.args;
            if argv.is_empty() {
                argv.push(String::new());
            }
            ("<stdin>".to_string(), text, argv)
        }
        (None, Some(path)) => match read_script(path) {
            Ok(text) => (path.to_string(), text, cli.args),
            Err(code) => return code,
        },
    };
    let status = aio::run::run_program_with(name, text, argv, clock, limits);
    ExitCode::from(status.clamp(0, 255) as u8)
}

/// Reads a script, with CPython's message when it cannot.
fn read_script(path: &str) -> Result<String, ExitCode> {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.into());
    let fail = |errno: i32, what: &str| {
        complain(&format!(
            "aio: can't open file '{}': [Errno {errno}] {what}",
            abs.display()
        ));
        Err(ExitCode::from(2))
    };
    if std::path::Path::new(path).is_dir() {
        // CPython would look for a `__main__` module in it.
        complain(&format!(
            "aio: can't find '__main__' module in '{}'",
            abs.display()
        ));
        return Err(ExitCode::from(1));
    }
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Ok(text),
            Err(e) => {
                let pos = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                let line = bytes[..pos].iter().filter(|&&b| b == b'\n').count() + 1;
                complain(&format!(
                    "SyntaxError: Non-UTF-8 code starting with '\\x{:02x}' in file {path} on line {line}, but no encoding declared; see https://peps.python.org/pep-0263/ for details",
                    bytes[pos]
                ));
                Err(ExitCode::from(1))
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => fail(2, "No such file or directory"),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => fail(13, "Permission denied"),
        Err(e) if e.raw_os_error() == Some(21) => fail(21, "Is a directory"),
        Err(e) => fail(e.raw_os_error().unwrap_or(5), &e.to_string()),
    }
}

/// The interpreter runs on a thread of its own (for a deep stack), and glibc gives such a
/// thread an arena that grows a page at a time, one `mprotect` call each: a program that
/// builds 100,000 tasks spent a third of its time in the kernel. One arena, grown and
/// trimmed in large steps, avoids that.
fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator parameters; called before any other thread runs.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
        libc::mallopt(libc::M_TOP_PAD, 16 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 64 << 20);
    }
}
