//! Fuzzes the whole interpreter: any text runs (under the virtual clock, within a small
//! step budget, a size limit per value and a time limit) to an exit status, never a panic.
#![no_main]

use std::time::Duration;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let limits = aio::run::RunLimits {
        max_steps: Some(20_000),
        timeout: Some(Duration::from_secs(2)),
        max_alloc: Some(64 << 20),
    };
    let (status, printed) = aio::run::run_captured(
        "fuzz.aio".into(),
        text.to_string(),
        vec!["fuzz.aio".into()],
        aio::ClockKind::Virtual,
        limits,
    );
    assert_ne!(status, 70, "the interpreter failed:\n{printed}");
});
