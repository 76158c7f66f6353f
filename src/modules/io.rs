//! Text files for `open()`.

use crate::interp::Interp;
use crate::object::{CallArgs, PyResult};
use crate::value::Value;

pub fn open(interp: &Interp, _args: CallArgs) -> PyResult<Value> {
    Err(interp.runtime_error("open() is not implemented yet"))
}
