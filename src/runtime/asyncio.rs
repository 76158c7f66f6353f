//! The `asyncio` module.

use crate::interp::Interp;
use crate::value::Value;

pub fn make(_interp: &Interp) -> Value {
    crate::modules::module("asyncio", vec![])
}
