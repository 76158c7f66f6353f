//! Methods of `str`.

use std::rc::Rc;

use super::methods::receiver;
use super::positional;
use super::unicode_tables as tables;
use crate::interp::Interp;
use crate::object::{BuiltinFn, CallArgs, PyResult};
use crate::value::{PyStr, Value};

pub const NAMES: &[&str] = &[
    "join",
    "split",
    "rsplit",
    "strip",
    "lstrip",
    "rstrip",
    "upper",
    "lower",
    "replace",
    "startswith",
    "endswith",
    "find",
    "rfind",
    "index",
    "rindex",
    "count",
    "format",
    "isdigit",
    "isalpha",
    "isalnum",
    "isspace",
    "isupper",
    "islower",
    "title",
    "capitalize",
    "center",
    "ljust",
    "rjust",
    "zfill",
    "partition",
    "rpartition",
    "splitlines",
    "swapcase",
    "casefold",
    "encode",
    "isdecimal",
    "isnumeric",
    "isidentifier",
    "istitle",
    "isprintable",
    "expandtabs",
    "removeprefix",
    "removesuffix",
    "translate",
    "maketrans",
    "format_map",
    "isascii",
];

pub fn lookup(name: &str) -> Option<BuiltinFn> {
    Some(match name {
        "join" => join,
        "split" => |i, a| split(i, a, false),
        "rsplit" => |i, a| split(i, a, true),
        "strip" => |i, a| strip(i, a, true, true),
        "lstrip" => |i, a| strip(i, a, true, false),
        "rstrip" => |i, a| strip(i, a, false, true),
        "upper" => |i, a| map_str(i, a, "upper", |s| s.to_uppercase()),
        "lower" => |i, a| map_str(i, a, "lower", |s| s.to_lowercase()),
        "casefold" => |i, a| map_str(i, a, "casefold", |s| s.to_lowercase()),
        "swapcase" => |i, a| {
            map_str(i, a, "swapcase", |s| {
                s.chars()
                    .flat_map(|c| {
                        if c.is_uppercase() {
                            c.to_lowercase().collect::<Vec<_>>()
                        } else {
                            c.to_uppercase().collect::<Vec<_>>()
                        }
                    })
                    .collect()
            })
        },
        "replace" => replace,
        "startswith" => |i, a| affix(i, a, true),
        "endswith" => |i, a| affix(i, a, false),
        "find" => |i, a| find(i, a, false, false),
        "rfind" => |i, a| find(i, a, true, false),
        "index" => |i, a| find(i, a, false, true),
        "rindex" => |i, a| find(i, a, true, true),
        "count" => count,
        "format" => format,
        "isdigit" => |i, a| test(i, a, "isdigit", |c| tables::contains(tables::DIGIT, c)),
        "isdecimal" => |i, a| test(i, a, "isdecimal", |c| tables::contains(tables::DECIMAL, c)),
        "isnumeric" => |i, a| test(i, a, "isnumeric", |c| tables::contains(tables::NUMERIC, c)),
        "isalpha" => |i, a| test(i, a, "isalpha", is_alpha),
        "isalnum" => |i, a| test(i, a, "isalnum", is_alnum),
        "isspace" => |i, a| test(i, a, "isspace", is_space),
        "isascii" => |i, a| {
            let s = no_args(i, a, "isascii")?;
            Ok(Value::Bool(s.is_ascii()))
        },
        "isupper" => |i, a| cased(i, a, "isupper", true),
        "islower" => |i, a| cased(i, a, "islower", false),
        "title" => |i, a| map_str(i, a, "title", title),
        "capitalize" => |i, a| {
            map_str(i, a, "capitalize", |s| {
                let mut cs = s.chars();
                match cs.next() {
                    Some(c) => c.to_uppercase().collect::<String>() + &cs.as_str().to_lowercase(),
                    None => String::new(),
                }
            })
        },
        "center" => |i, a| pad(i, a, 'c'),
        "ljust" => |i, a| pad(i, a, 'l'),
        "rjust" => |i, a| pad(i, a, 'r'),
        "zfill" => zfill,
        "partition" => |i, a| partition(i, a, false),
        "rpartition" => |i, a| partition(i, a, true),
        "splitlines" => splitlines,
        "removeprefix" => |i, a| {
            let (s, p) = two_strs(i, a, "removeprefix")?;
            Ok(Value::str(s.strip_prefix(p.as_str()).unwrap_or(&s)))
        },
        "removesuffix" => |i, a| {
            let (s, p) = two_strs(i, a, "removesuffix")?;
            Ok(Value::str(s.strip_suffix(p.as_str()).unwrap_or(&s)))
        },
        "expandtabs" => |i, a| {
            let (recv, rest) = receiver(a);
            let s = the_str(i, &recv)?;
            let a = super::Args::parse(i, "expandtabs", rest, &["tabsize"], 0)?;
            let size = match a.get(0) {
                Some(v) => i.c_int_arg(v)?,
                None => 8,
            };
            let size = size.max(0) as usize;
            let tabs = s.as_str().matches('\t').count();
            let mut out =
                i.reserve_str(s.as_str().len().saturating_add(tabs.saturating_mul(size)))?;
            let mut col = 0;
            for c in s.as_str().chars() {
                match c {
                    '\t' => {
                        let n = if size == 0 { 0 } else { size - col % size };
                        out.push_str(&" ".repeat(n));
                        col += n;
                    }
                    '\n' | '\r' => {
                        out.push(c);
                        col = 0;
                    }
                    c => {
                        out.push(c);
                        col += 1;
                    }
                }
            }
            Ok(Value::string(out))
        },
        "encode" => |i, a| {
            // Aio has no bytes: the text comes back as it is, once the arguments are checked.
            let (recv, rest) = receiver(a);
            let s = the_str(i, &recv)?;
            let a = super::Args::parse(i, "encode", rest, &["encoding", "errors"], 0)?;
            for (k, name) in ["encoding", "errors"].into_iter().enumerate() {
                if let Some(v) = a.get(k).filter(|v| !matches!(v, Value::Str(_))) {
                    return Err(i.type_error(format!(
                        "encode() argument '{name}' must be str, not {}",
                        v.type_name()
                    )));
                }
            }
            if let Some(Value::Str(name)) = a.get(0) {
                crate::modules::codec_names::check_text_encoding(i, name.as_str())?;
            }
            Ok(Value::Str(s))
        },
        "isidentifier" => |i, a| {
            let s = no_args(i, a, "isidentifier")?;
            let mut cs = s.as_str().chars();
            Ok(Value::Bool(
                cs.next().is_some_and(|c| c == '_' || c.is_alphabetic())
                    && cs.all(|c| c == '_' || c.is_alphanumeric()),
            ))
        },
        "istitle" => |i, a| {
            let s = no_args(i, a, "istitle")?;
            let t = title(s.as_str());
            Ok(Value::Bool(
                s.as_str().chars().any(char::is_alphabetic) && t == s.as_str(),
            ))
        },
        "isprintable" => |i, a| test_empty_true(i, a, "isprintable", crate::interp::is_printable),
        "maketrans" => maketrans,
        "translate" => translate,
        "format_map" => |i, a| {
            let a = super::method_args(i, "str", "format_map", a, 1, 1, super::Arity::Clinic)?;
            let s = the_str(i, &a[0])?;
            let mapping = a[1].clone();
            str_format(i, s.as_str(), &[], &FormatNamed::Mapping(mapping)).map(Value::string)
        },
        _ => return None,
    })
}

fn the_str(interp: &Interp, v: &Value) -> PyResult<Rc<PyStr>> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        Value::Instance(i) => match &i.base_value {
            Some(Value::Str(s)) => Ok(s.clone()),
            _ => Err(interp.type_error("descriptor requires a 'str' object")),
        },
        _ => Err(interp.type_error(format!(
            "descriptor requires a 'str' object but received a '{}'",
            v.type_name()
        ))),
    }
}

/// A `str` argument; otherwise `{what} must be str, not T` (or `{what}, not T` when `what`
/// already says what it must be).
fn str_arg(interp: &Interp, v: &Value, what: &str) -> PyResult<Rc<PyStr>> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        _ if what.contains("must") => {
            Err(interp.type_error(format!("{what}, not {}", v.type_name())))
        }
        _ => Err(interp.type_error(format!("{what} must be str, not {}", v.type_name()))),
    }
}

fn two_strs(interp: &Interp, args: CallArgs, name: &str) -> PyResult<(String, Rc<PyStr>)> {
    let a = positional(interp, name, args, 2, 2)?;
    let s = the_str(interp, &a[0])?;
    let p = str_arg(interp, &a[1], &format!("{name}() argument"))?;
    Ok((s.as_str().to_string(), p))
}

/// The receiver of a method that takes no arguments (`str.upper()`, `str.isdigit()`):
/// others are a TypeError with CPython's message, as they were ignored before.
fn no_args(interp: &Interp, args: CallArgs, name: &str) -> PyResult<Rc<PyStr>> {
    let a = super::method_args(interp, "str", name, args, 0, 0, super::Arity::Clinic)?;
    the_str(interp, &a[0])
}

fn map_str(
    interp: &Interp,
    args: CallArgs,
    name: &str,
    f: impl Fn(&str) -> String,
) -> PyResult<Value> {
    let s = no_args(interp, args, name)?;
    Ok(Value::string(f(s.as_str())))
}

fn test(interp: &Interp, args: CallArgs, name: &str, f: impl Fn(char) -> bool) -> PyResult<Value> {
    let s = no_args(interp, args, name)?;
    Ok(Value::Bool(
        !s.as_str().is_empty() && s.as_str().chars().all(f),
    ))
}

fn test_empty_true(
    interp: &Interp,
    args: CallArgs,
    name: &str,
    f: impl Fn(char) -> bool,
) -> PyResult<Value> {
    let s = no_args(interp, args, name)?;
    Ok(Value::Bool(s.as_str().chars().all(f)))
}

/// `str.isalpha` of one character: the Unicode letter categories.
pub fn is_alpha(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    tables::contains(tables::ALPHA, c)
}

/// `str.isalnum`: a letter, or a character with a numeric value.
pub fn is_alnum(c: char) -> bool {
    is_alpha(c) || tables::contains(tables::NUMERIC, c)
}

/// `str.isspace` (and the separators of `split()` and `strip()`).
pub fn is_space(c: char) -> bool {
    if c.is_ascii() {
        return matches!(
            c,
            ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c' | '\x1c'..='\x1f'
        );
    }
    tables::contains(tables::SPACE, c)
}

fn cased(interp: &Interp, args: CallArgs, name: &str, upper: bool) -> PyResult<Value> {
    let s = no_args(interp, args, name)?;
    let mut any = false;
    for c in s.as_str().chars() {
        if c.is_uppercase() || c.is_lowercase() {
            any = true;
            if c.is_uppercase() != upper {
                return Ok(Value::Bool(false));
            }
        }
    }
    Ok(Value::Bool(any))
}

fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_cased = false;
    for c in s.chars() {
        if prev_cased {
            out.extend(c.to_lowercase());
        } else {
            out.extend(c.to_uppercase());
        }
        prev_cased = c.is_alphabetic();
    }
    out
}

fn join(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "join", args, 2, 2)?;
    let sep = the_str(interp, &a[0])?;
    let items = interp.collect(&a[1])?;
    let total = items
        .iter()
        .fold(sep.as_str().len().saturating_mul(items.len()), |n, item| {
            n.saturating_add(match item {
                Value::Str(s) => s.as_str().len(),
                _ => 0,
            })
        });
    let mut out = interp.reserve_str(total)?;
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep.as_str());
        }
        match item {
            Value::Str(s) => out.push_str(s.as_str()),
            other => {
                return Err(interp.type_error(format!(
                    "sequence item {i}: expected str instance, {} found",
                    other.type_name()
                )))
            }
        }
    }
    Ok(Value::string(out))
}

fn split(interp: &Interp, args: CallArgs, right: bool) -> PyResult<Value> {
    let (recv, rest) = receiver(args);
    let s = the_str(interp, &recv)?;
    let a = super::Args::parse(
        interp,
        if right { "rsplit" } else { "split" },
        rest,
        &["sep", "maxsplit"],
        0,
    )?;
    let maxsplit = match a.get(1) {
        Some(v) => interp.ssize_arg(v)?,
        None => -1,
    };
    let limit = if maxsplit < 0 {
        usize::MAX
    } else {
        maxsplit as usize
    };
    let text = s.as_str();
    let parts: Vec<String> = match a.some(0) {
        None => split_whitespace(text, limit, right),
        Some(sep) => {
            let sep = str_arg(interp, sep, "must be str or None")?;
            if sep.as_str().is_empty() {
                return Err(interp.value_error("empty separator"));
            }
            let sep = sep.as_str();
            if right {
                let mut v: Vec<String> = text
                    .rsplitn(limit.saturating_add(1), sep)
                    .map(String::from)
                    .collect();
                v.reverse();
                v
            } else {
                text.splitn(limit.saturating_add(1), sep)
                    .map(String::from)
                    .collect()
            }
        }
    };
    Ok(Value::list(parts.into_iter().map(Value::string).collect()))
}

fn split_whitespace(text: &str, limit: usize, right: bool) -> Vec<String> {
    if right {
        let rev: String = text.chars().rev().collect();
        let mut parts: Vec<String> = split_whitespace(&rev, limit, false)
            .into_iter()
            .map(|p| p.chars().rev().collect())
            .collect();
        parts.reverse();
        return parts;
    }
    let mut parts = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        if parts.len() == limit {
            parts.push(rest.to_string());
            break;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        parts.push(rest[..end].to_string());
        rest = rest[end..].trim_start();
    }
    parts
}

fn strip(interp: &Interp, args: CallArgs, left: bool, right: bool) -> PyResult<Value> {
    let a = positional(interp, "strip", args, 1, 2)?;
    let s = the_str(interp, &a[0])?;
    let text = s.as_str();
    let out = match a.get(1).filter(|v| !v.is_none()) {
        None => {
            let t = if left {
                text.trim_start_matches(is_space)
            } else {
                text
            };
            if right {
                t.trim_end_matches(is_space)
            } else {
                t
            }
        }
        Some(chars) => {
            let Value::Str(chars) = chars else {
                let name = match (left, right) {
                    (true, true) => "strip",
                    (true, false) => "lstrip",
                    _ => "rstrip",
                };
                return Err(interp.type_error(format!("{name} arg must be None or str")));
            };
            let set: Vec<char> = chars.as_str().chars().collect();
            let t = if left {
                text.trim_start_matches(set.as_slice())
            } else {
                text
            };
            if right {
                t.trim_end_matches(set.as_slice())
            } else {
                t
            }
        }
    };
    Ok(Value::str(out))
}

fn replace(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "replace", args, 3, 4)?;
    let s = the_str(interp, &a[0])?;
    let old = str_arg(interp, &a[1], "replace() argument 1")?;
    let new = str_arg(interp, &a[2], "replace() argument 2")?;
    let count = match a.get(3) {
        Some(v) => interp.ssize_arg(v)?,
        None => -1,
    };
    // The result's size first: a `MemoryError` rather than an abort when it is huge.
    let (text, old_s, new_s) = (s.as_str(), old.as_str(), new.as_str());
    if new_s.len() > old_s.len() {
        let found = if old_s.is_empty() {
            s.char_len() + 1
        } else {
            text.matches(old_s).count()
        };
        let found = if count < 0 {
            found
        } else {
            found.min(count as usize)
        };
        let grow = found.saturating_mul(new_s.len() - old_s.len());
        interp.check_alloc(text.len().saturating_add(grow), 1)?;
        drop(interp.reserve_str(text.len().saturating_add(grow))?);
    }
    let out = if count < 0 {
        s.as_str().replace(old.as_str(), new.as_str())
    } else {
        s.as_str()
            .replacen(old.as_str(), new.as_str(), count as usize)
    };
    Ok(Value::string(out))
}

/// Byte offsets of code-point bounds `start..end` (Python's clamped slice semantics).
fn char_range(
    s: &PyStr,
    start: Option<&Value>,
    end: Option<&Value>,
    interp: &Interp,
) -> PyResult<(usize, usize)> {
    let len = s.char_len() as i64;
    // CPython's ADJUST_INDICES: a start past the end stays there (and finds nothing).
    let bound = |v: Option<&Value>, d: i64, clamp: bool| -> PyResult<i64> {
        match v.filter(|v| !v.is_none()) {
            Some(v) => {
                let i = interp.slice_index(v)?.ok_or_else(|| {
                    interp.type_error(
                        "slice indices must be integers or None or have an __index__ method",
                    )
                })?;
                Ok(if i < 0 {
                    (i + len).max(0)
                } else if clamp {
                    i.min(len)
                } else {
                    i
                })
            }
            None => Ok(d),
        }
    };
    let (a, b) = (bound(start, 0, false)?, bound(end, len, true)?);
    let byte = |ci: i64| s.byte_offset(ci as usize);
    if a > b {
        return Ok((usize::MAX, 0));
    }
    Ok((byte(a), byte(b)))
}

fn affix(interp: &Interp, args: CallArgs, prefix: bool) -> PyResult<Value> {
    let a = positional(
        interp,
        if prefix { "startswith" } else { "endswith" },
        args,
        2,
        4,
    )?;
    let s = the_str(interp, &a[0])?;
    let (from, to) = char_range(&s, a.get(2), a.get(3), interp)?;
    if from == usize::MAX {
        return Ok(Value::Bool(false));
    }
    let text = &s.as_str()[from..to];
    let candidates = match &a[1] {
        Value::Tuple(t) => (**t).clone(),
        v @ Value::Str(_) => vec![v.clone()],
        other => {
            return Err(interp.type_error(format!(
                "{} first arg must be str or a tuple of str, not {}",
                if prefix { "startswith" } else { "endswith" },
                other.type_name()
            )))
        }
    };
    for c in candidates {
        let c = str_arg(interp, &c, "tuple for startswith must only contain str")?;
        let hit = if prefix {
            text.starts_with(c.as_str())
        } else {
            text.ends_with(c.as_str())
        };
        if hit {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn find(interp: &Interp, args: CallArgs, right: bool, raise: bool) -> PyResult<Value> {
    let a = positional(interp, "find", args, 2, 4)?;
    let s = the_str(interp, &a[0])?;
    let sub = str_arg(interp, &a[1], "must be str")?;
    let text = s.as_str();
    let (from, to) = char_range(&s, a.get(2), a.get(3), interp)?;
    let found = if from == usize::MAX {
        None
    } else {
        let window = &text[from..to];
        let pos = if right {
            window.rfind(sub.as_str())
        } else {
            window.find(sub.as_str())
        };
        pos.map(|p| s.char_index_of(from + p) as i64)
    };
    match found {
        Some(i) => Ok(Value::Int(i)),
        None if raise => Err(interp.value_error("substring not found")),
        None => Ok(Value::Int(-1)),
    }
}

fn count(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "count", args, 2, 4)?;
    let s = the_str(interp, &a[0])?;
    let sub = str_arg(interp, &a[1], "must be str")?;
    let (from, to) = char_range(&s, a.get(2), a.get(3), interp)?;
    if from == usize::MAX {
        return Ok(Value::Int(0));
    }
    let window = &s.as_str()[from..to];
    let n = if sub.as_str().is_empty() {
        window.chars().count() + 1
    } else {
        window.matches(sub.as_str()).count()
    };
    Ok(Value::Int(n as i64))
}

fn pad(interp: &Interp, args: CallArgs, how: char) -> PyResult<Value> {
    let a = positional(interp, "center", args, 2, 3)?;
    let s = the_str(interp, &a[0])?;
    let width = interp.ssize_arg(&a[1])?.max(0) as usize;
    let fill = match a.get(2) {
        Some(Value::Str(f)) if f.char_len() == 1 => f.as_str().chars().next().unwrap_or(' '),
        Some(Value::Str(_)) => {
            return Err(interp.type_error("The fill character must be exactly one character long"))
        }
        Some(v) => {
            return Err(interp.type_error(format!(
                "The fill character must be a unicode character, not {}",
                v.type_name()
            )))
        }
        None => ' ',
    };
    let len = s.char_len();
    if width <= len {
        return Ok(Value::Str(s));
    }
    let total = width - len;
    let (left, right) = match how {
        'l' => (0, total),
        'r' => (total, 0),
        _ => {
            let left = total / 2 + (total & width & 1);
            (left, total - left)
        }
    };
    let mut out = interp.reserve_str(
        total
            .saturating_mul(fill.len_utf8())
            .saturating_add(s.as_str().len()),
    )?;
    out.extend(std::iter::repeat_n(fill, left));
    out.push_str(s.as_str());
    out.extend(std::iter::repeat_n(fill, right));
    Ok(Value::string(out))
}

fn zfill(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "zfill", args, 2, 2)?;
    let s = the_str(interp, &a[0])?;
    let width = interp.ssize_arg(&a[1])?.max(0) as usize;
    let text = s.as_str();
    let len = s.char_len();
    if width <= len {
        return Ok(Value::Str(s));
    }
    let mut zeros = interp.reserve_str(width - len)?;
    zeros.extend(std::iter::repeat_n('0', width - len));
    Ok(Value::string(match text.chars().next() {
        Some(c @ ('+' | '-')) => format!("{c}{zeros}{}", &text[1..]),
        _ => format!("{zeros}{text}"),
    }))
}

fn partition(interp: &Interp, args: CallArgs, right: bool) -> PyResult<Value> {
    let a = positional(interp, "partition", args, 2, 2)?;
    let s = the_str(interp, &a[0])?;
    let sep = str_arg(interp, &a[1], "must be str")?;
    if sep.as_str().is_empty() {
        return Err(interp.value_error("empty separator"));
    }
    let text = s.as_str();
    let found = if right {
        text.rfind(sep.as_str())
    } else {
        text.find(sep.as_str())
    };
    let parts = match found {
        Some(i) => [&text[..i], sep.as_str(), &text[i + sep.as_str().len()..]],
        None if right => ["", "", text],
        None => [text, "", ""],
    };
    Ok(Value::tuple(parts.iter().map(|p| Value::str(p)).collect()))
}

fn splitlines(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let (recv, rest) = receiver(args);
    let s = the_str(interp, &recv)?;
    let a = super::Args::parse(interp, "splitlines", rest, &["keepends"], 0)?;
    let keep = match a.get(0) {
        Some(v) => interp.c_int_arg(v)? != 0,
        None => false,
    };
    let text = s.as_str();
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let is_break = matches!(
            c,
            '\n' | '\r'
                | '\x0b'
                | '\x0c'
                | '\x1c'
                | '\x1d'
                | '\x1e'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        );
        if !is_break {
            continue;
        }
        let mut end = i + c.len_utf8();
        if c == '\r' && chars.peek().map(|p| p.1) == Some('\n') {
            chars.next();
            end += 1;
        }
        out.push(Value::str(if keep {
            &text[start..end]
        } else {
            &text[start..i]
        }));
        start = end;
    }
    if start < text.len() {
        out.push(Value::str(&text[start..]));
    }
    Ok(Value::list(out))
}

pub fn maketrans(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let mut a = args.args;
    if matches!(a.first(), Some(Value::Class(_))) {
        a.remove(0);
    }
    let mut map = crate::value::DictMap::default();
    match a.as_slice() {
        [Value::Dict(d)] => {
            for (k, v) in d.map.borrow().iter() {
                let key = match &k.value {
                    Value::Str(s) => Value::Int(s.as_str().chars().next().map_or(0, |c| c as i64)),
                    other => other.clone(),
                };
                map.insert(interp.to_key(&key)?, v.clone());
            }
        }
        [Value::Str(x), Value::Str(y), rest @ ..] => {
            if x.char_len() != y.char_len() {
                return Err(
                    interp.value_error("the first two maketrans arguments must have equal length")
                );
            }
            for (p, q) in x.as_str().chars().zip(y.as_str().chars()) {
                map.insert(interp.to_key(&Value::Int(p as i64))?, Value::Int(q as i64));
            }
            if let Some(Value::Str(z)) = rest.first() {
                for c in z.as_str().chars() {
                    map.insert(interp.to_key(&Value::Int(c as i64))?, Value::None);
                }
            }
        }
        _ => return Err(interp.type_error("maketrans() argument must be a dict or two strings")),
    }
    Ok(Value::dict(map))
}

fn translate(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "translate", args, 2, 2)?;
    let s = the_str(interp, &a[0])?;
    let mut out = String::new();
    for c in s.as_str().chars() {
        match interp.get_item(&a[1], &Value::Int(c as i64)) {
            Ok(Value::None) => {}
            Ok(Value::Int(n)) => out.extend(char::from_u32(n as u32)),
            Ok(Value::Str(t)) => out.push_str(t.as_str()),
            Ok(_) => {
                return Err(interp.type_error("character mapping must return integer, None or str"))
            }
            Err(e) if e.is(&interp.exc.lookup_error) => out.push(c),
            Err(e) => return Err(e),
        }
    }
    Ok(Value::string(out))
}

// ---------------------------------------------------------------- str.format

pub enum FormatNamed {
    Kwargs(Vec<(crate::ast::Name, Value)>),
    Mapping(Value),
}

fn format(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let (recv, rest) = receiver(args);
    let s = the_str(interp, &recv)?;
    str_format(
        interp,
        s.as_str(),
        &rest.args,
        &FormatNamed::Kwargs(rest.kwargs),
    )
    .map(Value::string)
}

/// `str.format`: replacement fields with indexes, names, attributes, items, conversions and
/// nested specs.
pub fn str_format(
    interp: &Interp,
    fmt: &str,
    args: &[Value],
    named: &FormatNamed,
) -> PyResult<String> {
    let mut numbering = Numbering {
        auto: 0,
        manual: false,
    };
    format_nested(interp, fmt, args, named, 2, &mut numbering)
}

/// Which positional argument `{}` takes next, and whether `{0}`-style fields were used:
/// shared by the whole format string, nested specs included.
struct Numbering {
    auto: usize,
    manual: bool,
}

/// A format string (or a nested spec) at `depth`: 2 at the top, 1 in a field's spec;
/// CPython refuses a third level.
fn format_nested(
    interp: &Interp,
    fmt: &str,
    args: &[Value],
    named: &FormatNamed,
    depth: u32,
    numbering: &mut Numbering,
) -> PyResult<String> {
    if depth == 0 {
        return Err(interp.value_error("Max string recursion exceeded"));
    }
    let mut out = String::new();
    let mut chars = fmt.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '{' if chars.peek().map(|p| p.1) == Some('{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek().map(|p| p.1) == Some('}') => {
                chars.next();
                out.push('}');
            }
            '}' => return Err(interp.value_error("Single '}' encountered in format string")),
            '{' => {
                let mut open = 1;
                let mut end = None;
                for (j, d) in chars.by_ref() {
                    match d {
                        '{' => open += 1,
                        '}' => {
                            open -= 1;
                            if open == 0 {
                                end = Some(j);
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                let Some(end) = end else {
                    return Err(interp.value_error("Single '{' encountered in format string"));
                };
                let field = &fmt[i + 1..end];
                out.push_str(&format_one(interp, field, args, named, depth, numbering)?);
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

/// A field's leading integer (`{0}`, `{0[1]}`): all decimal digits, as CPython's
/// `get_integer` reads it (so `-1` and `+1` are names or string keys); `None` if not one.
fn field_integer(interp: &Interp, s: &str) -> PyResult<Option<usize>> {
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit()) {
        return Ok(None);
    }
    s.parse::<usize>()
        .ok()
        .filter(|n| *n <= isize::MAX as usize)
        .map(Some)
        .ok_or_else(|| interp.value_error("Too many decimal digits in format string"))
}

fn format_one(
    interp: &Interp,
    field: &str,
    args: &[Value],
    named: &FormatNamed,
    depth: u32,
    numbering: &mut Numbering,
) -> PyResult<String> {
    let Numbering { auto, manual } = numbering;
    let (head, spec) = match field.find(':') {
        Some(i) => (&field[..i], &field[i + 1..]),
        None => (field, ""),
    };
    let (name, conversion) = match head.find('!') {
        Some(i) => {
            let conv = head[i + 1..].chars().next();
            if !matches!(conv, Some('r' | 's' | 'a')) || head[i + 1..].chars().count() != 1 {
                return Err(interp.value_error("Unknown conversion specifier"));
            }
            (&head[..i], conv)
        }
        None => (head, None),
    };
    let first_end = name.find(['.', '[']).unwrap_or(name.len());
    let key = &name[..first_end];
    let mut value = if key.is_empty() {
        if *manual {
            return Err(interp.value_error(
                "cannot switch from manual field specification to automatic field numbering",
            ));
        }
        let v = args.get(*auto).cloned().ok_or_else(|| {
            interp.index_error(format!(
                "Replacement index {} out of range for positional args tuple",
                *auto
            ))
        })?;
        *auto += 1;
        v
    } else if let Some(n) = field_integer(interp, key)? {
        if *auto > 0 {
            return Err(interp.value_error(
                "cannot switch from automatic field numbering to manual field specification",
            ));
        }
        *manual = true;
        args.get(n).cloned().ok_or_else(|| {
            interp.index_error(format!(
                "Replacement index {n} out of range for positional args tuple"
            ))
        })?
    } else {
        match named {
            FormatNamed::Kwargs(kw) => kw
                .iter()
                .find(|(k, _)| &**k == key)
                .map(|(_, v)| v.clone())
                .ok_or_else(|| interp.key_error(Value::str(key)))?,
            FormatNamed::Mapping(m) => interp.get_item(m, &Value::str(key))?,
        }
    };
    let mut rest = &name[first_end..];
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            value = interp.get_attr(&value, &r[..end])?;
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let end = r
                .find(']')
                .ok_or_else(|| interp.value_error("Missing ']' in format string"))?;
            let idx = &r[..end];
            let index = match field_integer(interp, idx)? {
                Some(n) => Value::Int(n as i64),
                None => Value::str(idx),
            };
            value = interp.get_item(&value, &index)?;
            rest = &r[end + 1..];
        } else {
            return Err(
                interp.value_error("Only '.' or '[' may follow ']' in format field specifier")
            );
        }
    }
    let spec = if spec.contains('{') {
        format_nested(interp, spec, args, named, depth - 1, numbering)?
    } else {
        spec.to_string()
    };
    interp.format_field(&value, conversion, &spec)
}
