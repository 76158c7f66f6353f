//! The `time` module (its synchronous part), reading the interpreter's clock.

use crate::builtins::{builtin, positional};
use crate::interp::Interp;
use crate::object::PyResult;
use crate::value::Value;

/// `time.sleep(secs)`: in a green thread only that thread waits; otherwise the whole
/// interpreter does (real clock) or time jumps (virtual clock).
pub fn sleep(interp: &Interp, secs: f64) -> PyResult<()> {
    if secs.is_nan() || secs < 0.0 {
        return Err(interp.value_error("sleep length must be non-negative"));
    }
    if crate::runtime::threads::sleep_in_thread(interp, secs).is_some() {
        return Ok(());
    }
    // Sleeps on after a Ctrl-C that only cancelled the main task (CPython retries too).
    let end = interp.clock.monotonic() + secs;
    loop {
        crate::interp::limits::sleep(interp, end - interp.clock.monotonic());
        interp.poll_limits()?;
        if interp.clock.monotonic() >= end {
            return Ok(());
        }
    }
}

pub fn make(_interp: &Interp) -> Value {
    super::module(
        "time",
        vec![
            (
                "time",
                builtin("time", |i, _| Ok(Value::Float(i.clock.wall()))),
            ),
            (
                "monotonic",
                builtin("monotonic", |i, _| Ok(Value::Float(i.clock.monotonic()))),
            ),
            (
                "perf_counter",
                builtin("perf_counter", |i, _| Ok(Value::Float(i.clock.monotonic()))),
            ),
            (
                "sleep",
                builtin("sleep", |i, a| {
                    let a = positional(i, "sleep", a, 1, 1)?;
                    let secs = crate::builtins::functions::to_f64(&a[0]).ok_or_else(|| {
                        i.type_error(format!(
                            "'{}' object cannot be interpreted as an integer",
                            a[0].type_name()
                        ))
                    })?;
                    sleep(i, secs).map(|_| Value::None)
                }),
            ),
        ],
    )
}
