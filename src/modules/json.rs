//! The `json` module: `dumps`/`dump`/`loads`/`load` and `JSONDecodeError`.
//!
//! The text itself is `json_text.rs`'s job; this file converts interpreter values to its
//! [`Json`] tree (applying `default=`, catching circular references, bounding the depth
//! so deep nesting is a `RecursionError`) and the decoded tree back to values (applying
//! `object_hook` and friends), and turns its errors into Python exceptions.

use std::rc::Rc;

use num_bigint::BigInt;

use super::json_text::{self, DumpError, DumpOptions, Json, LoadError, LoadOptions};
use crate::builtins::builtin;
use crate::interp::Interp;
use crate::object::{BuiltinType, CallArgs, Class, Exc, PyResult};
use crate::value::{DictMap, Value};

/// The keyword arguments of `dumps` (after the object; `dump` also takes `fp`).
const DUMP_KEYWORDS: [&str; 10] = [
    "skipkeys",
    "ensure_ascii",
    "check_circular",
    "allow_nan",
    "cls",
    "indent",
    "separators",
    "default",
    "sort_keys",
    "fp",
];

const LOAD_KEYWORDS: [&str; 7] = [
    "cls",
    "object_hook",
    "parse_float",
    "parse_int",
    "parse_constant",
    "object_pairs_hook",
    "strict",
];

/// Keyword arguments by name, rejecting unknown ones as CPython's encoder/decoder
/// constructors do.
struct Keywords {
    values: Vec<(&'static str, Value)>,
}

impl Keywords {
    fn parse(
        interp: &Interp,
        owner: &str,
        kwargs: Vec<(crate::ast::Name, Value)>,
        names: &[&'static str],
    ) -> PyResult<Keywords> {
        let mut values = Vec::new();
        for (k, v) in kwargs {
            match names.iter().find(|n| **n == &*k) {
                Some(n) => values.push((*n, v)),
                None => {
                    return Err(interp.type_error(format!(
                        "{owner}.__init__() got an unexpected keyword argument '{k}'"
                    )))
                }
            }
        }
        Ok(Keywords { values })
    }

    fn get(&self, name: &str) -> Option<&Value> {
        self.values
            .iter()
            .rev()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v)
            .filter(|v| !v.is_none())
    }

    fn flag(&self, interp: &Interp, name: &str, default: bool) -> PyResult<bool> {
        match self.values.iter().rev().find(|(k, _)| *k == name) {
            Some((_, v)) => interp.truthy(v),
            None => Ok(default),
        }
    }
}

// ------------------------------------------------------------ values to JSON

/// Walks a value into a [`Json`] tree, as CPython's encoder walks it.
struct ToJson<'a> {
    interp: &'a Interp,
    default: Option<Value>,
    check_circular: bool,
    /// Addresses of the containers being encoded, for "Circular reference detected".
    open: Vec<usize>,
    /// How many containers may be open before `RecursionError`.
    max_depth: usize,
    recursion_message: &'static str,
}

fn address(v: &Value) -> Option<usize> {
    match v {
        Value::List(l) => Some(Rc::as_ptr(l) as *const u8 as usize),
        Value::Tuple(t) => Some(Rc::as_ptr(t) as *const u8 as usize),
        Value::Dict(d) => Some(Rc::as_ptr(d) as *const u8 as usize),
        Value::Instance(i) => Some(Rc::as_ptr(i) as *const u8 as usize),
        Value::Native(n) => Some(n.as_ptr() as usize),
        _ => None,
    }
}

impl ToJson<'_> {
    fn enter(&mut self, v: &Value) -> PyResult<()> {
        if self.open.len() >= self.max_depth {
            return Err(self
                .interp
                .error(&self.interp.exc.recursion_error, self.recursion_message));
        }
        let addr = address(v).unwrap_or(0);
        if self.check_circular && addr != 0 && self.open.contains(&addr) {
            return Err(self.interp.value_error("Circular reference detected"));
        }
        self.open.push(addr);
        Ok(())
    }

    fn convert(&mut self, v: &Value) -> PyResult<Json> {
        Ok(match v {
            Value::None => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Int(i) => Json::Int(BigInt::from(*i)),
            Value::BigInt(b) => Json::Int((**b).clone()),
            Value::Float(f) => Json::Float(*f),
            Value::Str(s) => Json::Str(s.as_str().to_string()),
            Value::List(_) | Value::Tuple(_) => {
                let items = self.interp.collect(v)?;
                self.enter(v)?;
                let out = items
                    .iter()
                    .map(|x| self.convert(x))
                    .collect::<PyResult<Vec<_>>>();
                self.open.pop();
                Json::Array(out?)
            }
            Value::Dict(d) => {
                let entries: Vec<(Value, Value)> = d
                    .map
                    .borrow()
                    .iter()
                    .map(|(k, v)| (k.value.clone(), v.clone()))
                    .collect();
                self.enter(v)?;
                let mut pairs = Vec::with_capacity(entries.len());
                for (k, x) in &entries {
                    match self.convert(x) {
                        Ok(j) => pairs.push((key(k), j)),
                        Err(e) => {
                            self.open.pop();
                            return Err(e);
                        }
                    }
                }
                self.open.pop();
                Json::Object(pairs)
            }
            Value::Instance(inst) if inst.base_value.is_some() => {
                let base = inst.base_value.clone().unwrap_or(Value::None);
                self.convert(&base)?
            }
            _ => match self.default.clone() {
                Some(default) => {
                    self.enter(v)?;
                    let r = self
                        .interp
                        .call_value(&default, vec![v.clone()])
                        .and_then(|r| self.convert(&r));
                    self.open.pop();
                    r?
                }
                None => Json::Unsupported(v.type_name()),
            },
        })
    }
}

/// A dict key as the encoder sees it: str, int, float, bool and None are allowed.
fn key(k: &Value) -> Json {
    match k {
        Value::Str(s) => Json::Str(s.as_str().to_string()),
        Value::None => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::Int(BigInt::from(*i)),
        Value::BigInt(b) => Json::Int((**b).clone()),
        Value::Float(f) => Json::Float(*f),
        _ => Json::Unsupported(k.type_name()),
    }
}

/// `dumps`'s options from its keywords.
fn dump_options(interp: &Interp, kw: &Keywords) -> PyResult<DumpOptions> {
    let indent = match kw.get("indent") {
        None => None,
        Some(Value::Str(s)) => Some(s.as_str().to_string()),
        // `' ' * indent`, as CPython's encoder makes it (with its MemoryError for a huge one).
        Some(v) => match interp.binary_op(crate::ast::BinOp::Mul, &Value::str(" "), v)? {
            Value::Str(s) => Some(s.as_str().to_string()),
            other => Some(interp.str(&other)?),
        },
    };
    let mut opts = DumpOptions::python_defaults(indent);
    if let Some(seps) = kw.get("separators") {
        let parts = super::collect(interp, seps)?;
        if parts.len() != 2 {
            return Err(interp.value_error(format!(
                "{} values to unpack (expected 2, got {})",
                if parts.len() > 2 {
                    "too many"
                } else {
                    "not enough"
                },
                parts.len()
            )));
        }
        opts.item_separator = interp.str(&parts[0])?;
        opts.key_separator = interp.str(&parts[1])?;
    }
    opts.skip_keys = kw.flag(interp, "skipkeys", false)?;
    opts.ensure_ascii = kw.flag(interp, "ensure_ascii", true)?;
    opts.allow_nan = kw.flag(interp, "allow_nan", true)?;
    opts.sort_keys = kw.flag(interp, "sort_keys", false)?;
    Ok(opts)
}

/// Encodes `obj`; `one_shot` is `dumps` (CPython's C encoder), otherwise `dump` (its
/// Python encoder, whose messages differ slightly).
fn encode(interp: &Interp, obj: &Value, kw: &Keywords, one_shot: bool) -> PyResult<String> {
    let opts = dump_options(interp, kw)?;
    let c_encoder = one_shot && opts.indent.is_none();
    let used = interp.depth.get();
    let mut walker = ToJson {
        interp,
        default: kw.get("default").cloned(),
        check_circular: kw.flag(interp, "check_circular", true)?,
        open: Vec::new(),
        max_depth: interp
            .recursion_limit
            .get()
            .saturating_sub(used + if c_encoder { 4 } else { 3 }),
        recursion_message: if c_encoder {
            "maximum recursion depth exceeded while encoding a JSON object"
        } else {
            "maximum recursion depth exceeded while calling a Python object"
        },
    };
    let tree = walker.convert(obj)?;
    json_text::dumps(&tree, &opts, &crate::format::float_repr)
        .map_err(|e| dump_error(interp, e, c_encoder))
}

fn dump_error(interp: &Interp, e: DumpError, c_encoder: bool) -> Exc {
    let msg = match &e {
        DumpError::NanNotAllowed { value, .. } if !c_encoder => {
            format!(
                "Out of range float values are not JSON compliant: {}",
                crate::format::float_repr(*value)
            )
        }
        _ => e.to_string(),
    };
    match e.exception_type() {
        "TypeError" => interp.type_error(msg),
        _ => interp.value_error(msg),
    }
}

fn dumps(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let n = args.args.len();
    if n != 1 {
        return Err(interp.type_error(match n {
            0 => "dumps() missing 1 required positional argument: 'obj'".to_string(),
            _ => format!("dumps() takes 1 positional argument but {n} were given"),
        }));
    }
    let kw = Keywords::parse(interp, "JSONEncoder", args.kwargs, &DUMP_KEYWORDS[..9])?;
    Ok(Value::string(encode(interp, &args.args[0], &kw, true)?))
}

fn dump(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let mut kw = Keywords::parse(interp, "JSONEncoder", args.kwargs, &DUMP_KEYWORDS)?;
    let mut pos = args.args.into_iter();
    let obj = pos.next();
    let fp = pos.next().or_else(|| kw.get("fp").cloned());
    kw.values.retain(|(k, _)| *k != "fp");
    let (obj, fp) = match (obj, fp) {
        (Some(obj), Some(fp)) => (obj, fp),
        (Some(_), None) => {
            return Err(interp.type_error("dump() missing 1 required positional argument: 'fp'"))
        }
        _ => {
            return Err(
                interp.type_error("dump() missing 2 required positional arguments: 'obj' and 'fp'")
            )
        }
    };
    if pos.next().is_some() {
        return Err(interp.type_error("dump() takes 2 positional arguments but 3 were given"));
    }
    let text = encode(interp, &obj, &kw, false)?;
    let write = interp.get_attr(&fp, "write")?;
    interp.call_value(&write, vec![Value::string(text)])?;
    Ok(Value::None)
}

// ------------------------------------------------------------ JSON to values

struct Hooks {
    object_hook: Option<Value>,
    object_pairs_hook: Option<Value>,
    parse_float: Option<Value>,
    parse_int: Option<Value>,
    parse_constant: Option<Value>,
}

impl Hooks {
    fn value(&self, interp: &Interp, j: Json) -> PyResult<Value> {
        Ok(match j {
            Json::Null => Value::None,
            Json::Bool(b) => Value::Bool(b),
            Json::Int(i) => match &self.parse_int {
                Some(f) => interp.call_value(f, vec![Value::string(i.to_string())])?,
                None => Value::from_bigint(i),
            },
            Json::Float(x) if !x.is_finite() => match &self.parse_constant {
                Some(f) => {
                    let name = if x.is_nan() {
                        "NaN"
                    } else if x > 0.0 {
                        "Infinity"
                    } else {
                        "-Infinity"
                    };
                    interp.call_value(f, vec![Value::str(name)])?
                }
                None => Value::Float(x),
            },
            Json::Float(x) => match &self.parse_float {
                Some(f) => {
                    interp.call_value(f, vec![Value::string(crate::format::float_repr(x))])?
                }
                None => Value::Float(x),
            },
            Json::Str(s) => Value::string(s),
            Json::Array(items) => Value::list(
                items
                    .into_iter()
                    .map(|x| self.value(interp, x))
                    .collect::<PyResult<_>>()?,
            ),
            Json::Object(pairs) => {
                if let Some(hook) = &self.object_pairs_hook {
                    let mut list = Vec::with_capacity(pairs.len());
                    for (k, v) in pairs {
                        list.push(Value::tuple(vec![
                            self.value(interp, k)?,
                            self.value(interp, v)?,
                        ]));
                    }
                    return interp.call_value(hook, vec![Value::list(list)]);
                }
                let mut map = DictMap::default();
                for (k, v) in pairs {
                    let k = interp.to_key(&self.value(interp, k)?)?;
                    let v = self.value(interp, v)?;
                    map.insert(k, v);
                }
                let d = Value::dict(map);
                match &self.object_hook {
                    Some(hook) => interp.call_value(hook, vec![d])?,
                    None => d,
                }
            }
            Json::Unsupported(_) => Value::None,
        })
    }
}

fn decode(interp: &Interp, s: &Value, kw: &Keywords) -> PyResult<Value> {
    let Value::Str(text) = s else {
        return Err(interp.type_error(format!(
            "the JSON object must be str, bytes or bytearray, not {}",
            s.type_name()
        )));
    };
    let opts = LoadOptions {
        strict: kw.flag(interp, "strict", true)?,
        max_depth: interp
            .recursion_limit
            .get()
            .saturating_sub(interp.depth.get() + 4),
        int_max_str_digits: json_text::PYTHON_INT_MAX_STR_DIGITS,
    };
    let tree = match json_text::loads_with(text.as_str(), &opts) {
        Ok(t) => t,
        Err(LoadError::Decode(e)) => {
            return Err(decode_error(
                interp,
                e.msg,
                text.as_str(),
                e.pos,
                e.lineno,
                e.colno,
            ))
        }
        Err(e @ LoadError::Recursion { .. }) => {
            return Err(interp.error(&interp.exc.recursion_error, e.to_string()))
        }
        Err(e) => return Err(interp.value_error(e.to_string())),
    };
    let hooks = Hooks {
        object_hook: kw.get("object_hook").cloned(),
        object_pairs_hook: kw.get("object_pairs_hook").cloned(),
        parse_float: kw.get("parse_float").cloned(),
        parse_int: kw.get("parse_int").cloned(),
        parse_constant: kw.get("parse_constant").cloned(),
    };
    hooks.value(interp, tree)
}

fn loads(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let n = args.args.len();
    if n != 1 {
        return Err(interp.type_error(match n {
            0 => "loads() missing 1 required positional argument: 's'".to_string(),
            _ => format!("loads() takes 1 positional argument but {n} were given"),
        }));
    }
    let kw = Keywords::parse(interp, "JSONDecoder", args.kwargs, &LOAD_KEYWORDS)?;
    decode(interp, &args.args[0], &kw)
}

fn load(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let n = args.args.len();
    if n != 1 {
        return Err(interp.type_error(match n {
            0 => "load() missing 1 required positional argument: 'fp'".to_string(),
            _ => format!("load() takes 1 positional argument but {n} were given"),
        }));
    }
    let kw = Keywords::parse(interp, "JSONDecoder", args.kwargs, &LOAD_KEYWORDS)?;
    let read = interp.get_attr(&args.args[0], "read")?;
    let text = interp.call_value(&read, vec![])?;
    decode(interp, &text, &kw)
}

// ------------------------------------------------------------ JSONDecodeError

/// The `json.JSONDecodeError` class (made with the module).
fn decode_error_class(interp: &Interp) -> Option<Rc<Class>> {
    let module = interp.import(&["json".into()]).ok()?;
    match interp.get_attr(&module, "JSONDecodeError").ok()? {
        Value::Class(c) => Some(c),
        _ => None,
    }
}

/// A `JSONDecodeError` with CPython's message and attributes.
fn decode_error(
    interp: &Interp,
    msg: &str,
    doc: &str,
    pos: usize,
    lineno: usize,
    colno: usize,
) -> Exc {
    let class = decode_error_class(interp).unwrap_or_else(|| interp.exc.value_error.clone());
    let full = format!("{msg}: line {lineno} column {colno} (char {pos})");
    let exc = interp.error(&class, full);
    set_decode_attrs(&exc.value, msg, doc, pos, lineno, colno);
    exc
}

fn set_decode_attrs(
    inst: &crate::object::Instance,
    msg: &str,
    doc: &str,
    pos: usize,
    lineno: usize,
    colno: usize,
) {
    let mut d = inst.dict.borrow_mut();
    d.insert("msg".into(), Value::str(msg));
    d.insert("doc".into(), Value::str(doc));
    d.insert("pos".into(), Value::Int(pos as i64));
    d.insert("lineno".into(), Value::Int(lineno as i64));
    d.insert("colno".into(), Value::Int(colno as i64));
}

/// `JSONDecodeError(msg, doc, pos)`: computes the line and column as CPython does.
fn decode_error_init(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = crate::builtins::Args::parse(
        interp,
        "JSONDecodeError",
        args,
        &["self", "msg", "doc", "pos"],
        4,
    )?;
    let (Some(Value::Instance(inst)), Some(msg), Some(doc), Some(pos)) =
        (a.get(0), a.get(1), a.get(2), a.get(3))
    else {
        return Ok(Value::None);
    };
    let msg = interp.str(msg)?;
    let doc_text = interp.str(doc)?;
    let pos_n = interp.index_value(pos)?.unwrap_or(0).max(0) as usize;
    let before: String = doc_text.chars().take(pos_n).collect();
    let lineno = before.matches('\n').count() + 1;
    let colno = match before.rfind('\n') {
        Some(i) => before[i + 1..].chars().count() + 1,
        None => pos_n + 1,
    };
    inst.exc_data_mut().args = vec![Value::string(format!(
        "{msg}: line {lineno} column {colno} (char {pos_n})"
    ))];
    set_decode_attrs(inst, &msg, &doc_text, pos_n, lineno, colno);
    Ok(Value::None)
}

pub fn make(interp: &Interp) -> Value {
    let class = crate::types::new_class(
        "JSONDecodeError",
        Some(&interp.exc.value_error),
        BuiltinType::BaseException,
        "json.decoder",
    );
    class
        .dict
        .borrow_mut()
        .insert("__init__".into(), builtin("__init__", decode_error_init));
    super::module(
        "json",
        vec![
            ("dumps", builtin("dumps", dumps)),
            ("dump", builtin("dump", dump)),
            ("loads", builtin("loads", loads)),
            ("load", builtin("load", load)),
            ("JSONDecodeError", Value::Class(class)),
        ],
    )
}
