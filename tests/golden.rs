//! Golden tests: every `tests/golden/**/NAME.aio` runs under `aio` and must print exactly
//! `NAME.out` (stdout and stderr merged, then `[exit status N]` if not 0).
//!
//! - The expectation is CPython's output for the same program (see
//!   `tests/check-against-python.sh`), except in files marked `# aio-only:`.
//! - Programs run from their own directory, with `NAME.in` (if present) as stdin, under the
//!   virtual clock unless one of the first five lines says `# clock: real`.
//! - `AIO_BLESS=1 cargo test --test golden` rewrites the `.out` of every failing file with
//!   what `aio` printed. Check the diff before committing it.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use libtest_mimic::{Arguments, Failed, Trial};
use wait_timeout::ChildExt;

mod common;
use common::collect;

/// Runs one program as the golden harness does and returns what it printed.
fn run(path: &Path) -> Result<String, String> {
    let dir = path.parent().ok_or("no parent directory")?;
    let name = path.file_name().ok_or("no file name")?;
    let source = fs::read_to_string(path).map_err(|e| e.to_string())?;
    let head: Vec<&str> = source.lines().take(5).collect();
    let clock = if head.iter().any(|l| l.contains("# clock: real")) {
        "real"
    } else {
        "virtual"
    };
    let input = path.with_extension("in");
    let stdin = match fs::File::open(&input) {
        Ok(f) => Stdio::from(f),
        Err(_) => Stdio::null(),
    };
    let (mut reader, writer) = std::io::pipe().map_err(|e| e.to_string())?;
    let writer2 = writer.try_clone().map_err(|e| e.to_string())?;
    let mut child = Command::new(env!("CARGO_BIN_EXE_aio"))
        .arg(format!("--clock={clock}"))
        .arg(name)
        .current_dir(dir)
        .env_remove("AIO_CLOCK")
        .stdin(stdin)
        .stdout(writer)
        .stderr(writer2)
        .spawn()
        .map_err(|e| e.to_string())?;
    let reader_thread = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = reader.read_to_end(&mut buf);
        buf
    });
    let status = match child
        .wait_timeout(Duration::from_secs(20))
        .map_err(|e| e.to_string())?
    {
        Some(status) => status,
        None => {
            let _ = child.kill();
            let _ = child.wait();
            return Err("timed out after 20 s".into());
        }
    };
    let bytes = reader_thread.join().map_err(|_| "reader thread failed")?;
    let mut out = String::from_utf8_lossy(&bytes).into_owned();
    let code = status.code().unwrap_or(-1);
    if code != 0 {
        out.push_str(&format!("[exit status {code}]\n"));
    }
    Ok(out)
}

fn check(path: PathBuf) -> Result<(), Failed> {
    let expected_path = path.with_extension("out");
    let expected = fs::read_to_string(&expected_path).unwrap_or_default();
    let actual = run(&path)?;
    if actual == expected {
        return Ok(());
    }
    if std::env::var_os("AIO_BLESS").is_some() {
        fs::write(&expected_path, &actual).map_err(|e| e.to_string())?;
        return Ok(());
    }
    let diff = similar::TextDiff::from_lines(&expected, &actual);
    let text = diff
        .unified_diff()
        .header("expected", "actual")
        .context_radius(3)
        .to_string();
    Err(format!("output differs from {}:\n{text}", expected_path.display()).into())
}

fn main() {
    let args = Arguments::from_args();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut files = Vec::new();
    collect(&root, &mut files);
    let trials = files
        .into_iter()
        .map(|path| {
            let name = path
                .strip_prefix(&root)
                .unwrap_or(&path)
                .with_extension("")
                .display()
                .to_string();
            Trial::test(name, move || check(path))
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
