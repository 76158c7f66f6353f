//! The `__future__` module: its features, each a `_Feature` with CPython 3.11's releases
//! and compiler flag. Aio has each feature's behaviour already (or ignores it, as
//! `annotations`), so `from __future__ import ...` changes nothing; `resolve` checks the
//! names and where the import stands, as CPython's compiler does.

use std::any::Any;

use crate::interp::Interp;
use crate::object::PyResult;
use crate::value::{Native, Value};

/// CPython 3.11's features: name, optional release, mandatory release (`None` when not
/// decided), compiler flag.
type Release = (i64, i64, i64, &'static str, i64);
pub const FEATURES: [(&str, Release, Option<Release>, i64); 10] = [
    (
        "nested_scopes",
        (2, 1, 0, "beta", 1),
        Some((2, 2, 0, "alpha", 0)),
        0x10,
    ),
    (
        "generators",
        (2, 2, 0, "alpha", 1),
        Some((2, 3, 0, "final", 0)),
        0,
    ),
    (
        "division",
        (2, 2, 0, "alpha", 2),
        Some((3, 0, 0, "alpha", 0)),
        0x20000,
    ),
    (
        "absolute_import",
        (2, 5, 0, "alpha", 1),
        Some((3, 0, 0, "alpha", 0)),
        0x40000,
    ),
    (
        "with_statement",
        (2, 5, 0, "alpha", 1),
        Some((2, 6, 0, "alpha", 0)),
        0x80000,
    ),
    (
        "print_function",
        (2, 6, 0, "alpha", 2),
        Some((3, 0, 0, "alpha", 0)),
        0x100000,
    ),
    (
        "unicode_literals",
        (2, 6, 0, "alpha", 2),
        Some((3, 0, 0, "alpha", 0)),
        0x200000,
    ),
    (
        "barry_as_FLUFL",
        (3, 1, 0, "alpha", 2),
        Some((4, 0, 0, "alpha", 0)),
        0x400000,
    ),
    (
        "generator_stop",
        (3, 5, 0, "beta", 1),
        Some((3, 7, 0, "alpha", 0)),
        0x800000,
    ),
    ("annotations", (3, 7, 0, "beta", 1), None, 0x1000000),
];

/// One `__future__` feature.
struct Feature {
    optional: Value,
    mandatory: Value,
    compiler_flag: i64,
}

impl Native for Feature {
    fn type_name(&self) -> &str {
        "_Feature"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn repr(&self, interp: &Interp, _: &Value) -> Option<PyResult<String>> {
        let t = Value::tuple(vec![
            self.optional.clone(),
            self.mandatory.clone(),
            Value::Int(self.compiler_flag),
        ]);
        Some(interp.repr(&t).map(|r| format!("_Feature{r}")))
    }
    fn get_attr(&self, _: &Interp, _: &Value, name: &str) -> Option<PyResult<Value>> {
        Some(Ok(match name {
            "optional" => self.optional.clone(),
            "mandatory" => self.mandatory.clone(),
            "compiler_flag" => Value::Int(self.compiler_flag),
            _ => return None,
        }))
    }
    fn attr_names(&self) -> Vec<String> {
        ["compiler_flag", "mandatory", "optional"]
            .map(String::from)
            .to_vec()
    }
}

fn release((major, minor, micro, level, serial): Release) -> Value {
    Value::tuple(vec![
        Value::Int(major),
        Value::Int(minor),
        Value::Int(micro),
        Value::str(level),
        Value::Int(serial),
    ])
}

pub fn make(_: &Interp) -> Value {
    let mut attrs = vec![(
        "all_feature_names",
        Value::list(FEATURES.iter().map(|f| Value::str(f.0)).collect()),
    )];
    for (name, optional, mandatory, compiler_flag) in FEATURES {
        let feature = Feature {
            optional: release(optional),
            mandatory: mandatory.map_or(Value::None, release),
            compiler_flag,
        };
        attrs.push((name, Value::native(feature)));
    }
    super::module("__future__", attrs)
}
