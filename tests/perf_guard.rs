//! CPU regression guard: small workloads (`benches/guard/*.aio`) run under callgrind, whose
//! instruction counts are the same from run to run whatever else the machine is doing; each
//! must stay within 15% of its budget in `benches/guard/budgets.txt`.
//!
//! The budgets are for optimized code, so the guard runs in release builds only (`cargo test
//! --release`, as CI runs it); it needs valgrind, which `.ci/run` installs if missing.

use std::path::Path;
use std::process::Command;

const TOLERANCE: f64 = 1.15;

fn instructions(aio: &str, script: &Path) -> u64 {
    let out = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(aio)
        .arg("--clock=virtual")
        .arg(script)
        .output()
        .expect("valgrind runs (install it: apt-get install valgrind)");
    assert!(
        out.status.success(),
        "{} failed under valgrind",
        script.display()
    );
    let err = String::from_utf8_lossy(&out.stderr);
    let line = err
        .lines()
        .find(|l| l.contains("I   refs:"))
        .unwrap_or_else(|| panic!("no instruction count in valgrind's output:\n{err}"));
    line.rsplit(':')
        .next()
        .unwrap_or("")
        .trim()
        .replace(',', "")
        .parse()
        .expect("a number of instructions")
}

#[test]
fn instruction_counts_stay_within_budget() {
    if cfg!(debug_assertions) {
        eprintln!("perf guard: budgets are for release builds; run `cargo test --release`");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/guard");
    let budgets = std::fs::read_to_string(root.join("budgets.txt")).expect("budgets.txt");
    let mut over = Vec::new();
    for line in budgets
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let mut parts = line.split_whitespace();
        let (Some(name), Some(budget)) = (parts.next(), parts.next()) else {
            panic!("bad budget line: {line}");
        };
        let budget: u64 = budget.parse().expect("a budget number");
        let used = instructions(env!("CARGO_BIN_EXE_aio"), &root.join(format!("{name}.aio")));
        let ratio = used as f64 / budget as f64;
        eprintln!("perf guard: {name}: {used} instructions ({ratio:.3} of budget)");
        if ratio > TOLERANCE {
            over.push(format!(
                "{name}: {used} instructions, {ratio:.2}x its budget {budget}"
            ));
        }
    }
    assert!(
        over.is_empty(),
        "slower than budgeted:\n{}",
        over.join("\n")
    );
}
