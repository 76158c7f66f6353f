//! The interactive prompt (`aio` with no arguments on a terminal).

use crate::runtime::clock::ClockKind;

/// Runs the REPL until the user leaves; returns the exit status.
pub fn run(_clock: ClockKind) -> i32 {
    eprintln!("aio: the interactive prompt is not available yet; run a script instead");
    2
}
