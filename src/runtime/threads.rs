//! Blocking functions run off the loop: `asyncio.to_thread` and `loop.run_in_executor`.

use crate::interp::Interp;
use crate::object::{CallArgs, PyResult};
use crate::value::Value;

pub fn to_thread(interp: &Interp, _args: CallArgs) -> PyResult<Value> {
    Err(interp.runtime_error("to_thread is not implemented yet"))
}

pub fn run_in_executor(interp: &Interp, _args: CallArgs) -> PyResult<Value> {
    Err(interp.runtime_error("run_in_executor is not implemented yet"))
}
