//! The asynchronous runtime: the event loop, tasks, futures and the virtual clock.

pub mod asyncio;
pub mod clock;
pub mod executor;

use std::rc::Rc;

use crate::ast::Module;
use crate::interp::suspend::BoxFut;
use crate::interp::{Frame, Interp};
use crate::object::{Exc, PyResult};
use crate::value::Value;

/// The future that awaiting `v` means, if `v` is a runtime object (Future, Task).
pub fn awaitable(_interp: &Interp, _v: &Value) -> Option<BoxFut<'static, PyResult<Value>>> {
    None
}

/// `await asyncio.sleep(0)`: lets every other ready task run once.
pub async fn yield_now() -> PyResult<()> {
    Ok(())
}

/// Runs a module whose top level awaits.
pub fn run_main_module(interp: &Interp, frame: Frame, module: Rc<Module>) -> Result<(), Exc> {
    let _ = (frame, module);
    Err(interp.runtime_error("top-level await is not implemented yet"))
}
