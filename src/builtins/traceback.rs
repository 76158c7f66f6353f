//! Traceback objects: what `__traceback__` and `__exit__`'s third argument hold. Only what
//! scripts look at is there: `tb_lineno`, `tb_next` and a truthy value.

use std::any::Any;

use crate::interp::Interp;
use crate::object::{PyResult, TbEntry};
use crate::value::{Native, Value};

/// One link of a traceback chain: `entries` outermost first, this link at `index`.
pub struct Traceback {
    entries: Vec<TbEntry>,
    index: usize,
}

/// The traceback object for an exception's recorded entries (innermost first), or `None`.
pub fn traceback_value(innermost_first: &[TbEntry]) -> Value {
    if innermost_first.is_empty() {
        return Value::None;
    }
    let entries = innermost_first.iter().rev().cloned().collect();
    Value::native(Traceback { entries, index: 0 })
}

impl Native for Traceback {
    fn type_name(&self) -> &str {
        "traceback"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn get_attr(&self, _: &Interp, _: &Value, name: &str) -> Option<PyResult<Value>> {
        let entry = &self.entries[self.index];
        Some(Ok(match name {
            "tb_lineno" => Value::Int(entry.source.line(entry.span) as i64),
            "tb_next" if self.index + 1 < self.entries.len() => Value::native(Traceback {
                entries: self.entries.clone(),
                index: self.index + 1,
            }),
            "tb_next" => Value::None,
            _ => return None,
        }))
    }
    fn attr_names(&self) -> Vec<String> {
        vec!["tb_lineno".into(), "tb_next".into()]
    }
}
