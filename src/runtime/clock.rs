//! The clock the loop and `time` read: real time, or virtual time that jumps to the next
//! timer when nothing else can run (SPEC 5.1).

use std::cell::Cell;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockKind {
    Real,
    Virtual,
}

/// What `time.monotonic()` reads when the program starts.
const MONOTONIC_BASE: f64 = 1000.0;

pub struct Clock {
    pub kind: ClockKind,
    start: Instant,
    /// Wall-clock time at start, seconds since the epoch.
    epoch: f64,
    /// Virtual seconds elapsed since start.
    offset: Cell<f64>,
}

impl Clock {
    pub fn new(kind: ClockKind) -> Clock {
        Clock {
            kind,
            start: Instant::now(),
            epoch: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0.0, |d| d.as_secs_f64()),
            offset: Cell::new(0.0),
        }
    }

    /// Seconds since the interpreter started (monotonic).
    pub fn elapsed(&self) -> f64 {
        match self.kind {
            ClockKind::Real => self.start.elapsed().as_secs_f64(),
            ClockKind::Virtual => self.offset.get(),
        }
    }

    /// `time.monotonic()`, `time.perf_counter()`, `loop.time()`.
    pub fn monotonic(&self) -> f64 {
        MONOTONIC_BASE + self.elapsed()
    }

    /// Virtual clock: moves time forward to the `monotonic()` reading `t`.
    pub fn jump_to(&self, t: f64) {
        self.advance_to(t - MONOTONIC_BASE);
    }

    /// `time.time()`.
    pub fn wall(&self) -> f64 {
        self.epoch + self.elapsed()
    }

    /// Moves virtual time forward to `t` (seconds since start); real time cannot be moved.
    pub fn advance_to(&self, t: f64) {
        if self.kind == ClockKind::Virtual && t > self.offset.get() {
            self.offset.set(t);
        }
    }

    /// `time.sleep(secs)`: blocks the thread in real time (cut short by Ctrl-C in the REPL),
    /// jumps in virtual time.
    pub fn sleep(&self, secs: f64) {
        match self.kind {
            ClockKind::Real => super::interrupt::sleep(secs),
            ClockKind::Virtual => self.offset.set(self.offset.get() + secs.max(0.0)),
        }
    }
}
