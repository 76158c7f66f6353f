//! The `random` module.

use crate::interp::Interp;
use crate::value::Value;

pub fn make(_interp: &Interp) -> Value {
    super::module("random", vec![])
}
