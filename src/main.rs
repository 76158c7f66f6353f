//! The `aio` command line: run a script, a string of code, or standard input.

use std::io::{IsTerminal, Read};
use std::process::ExitCode;

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

    /// The script to run (`-` reads it from standard input), then its arguments.
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "FILE [ARGS]"
    )]
    args: Vec<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Clock {
    Real,
    Virtual,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
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
                eprintln!("aio: can't read standard input: {e}");
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
    let status = aio::run::run_program(name, text, argv, clock);
    ExitCode::from(status.clamp(0, 255) as u8)
}

/// Reads a script, with CPython's message when it cannot.
fn read_script(path: &str) -> Result<String, ExitCode> {
    let fail = |errno: i32, what: &str| {
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.into());
        eprintln!(
            "aio: can't open file '{}': [Errno {errno}] {what}",
            abs.display()
        );
        Err(ExitCode::from(2))
    };
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Ok(text),
            Err(e) => {
                let pos = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                let line = bytes[..pos].iter().filter(|&&b| b == b'\n').count() + 1;
                eprintln!(
                    "SyntaxError: Non-UTF-8 code starting with '\\x{:02x}' in file {path} on line {line}, but no encoding declared; see https://peps.python.org/pep-0263/ for details",
                    bytes[pos]
                );
                Err(ExitCode::from(1))
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => fail(2, "No such file or directory"),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => fail(13, "Permission denied"),
        Err(e) if e.raw_os_error() == Some(21) => fail(21, "Is a directory"),
        Err(e) => fail(e.raw_os_error().unwrap_or(5), &e.to_string()),
    }
}
