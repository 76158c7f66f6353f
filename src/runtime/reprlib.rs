//! CPython's `reprlib.repr`, which asyncio uses for a callback's arguments in a handle's
//! repr (`<Handle f('a long stri...ument')>`): long strings, numbers and reprs are cut in
//! the middle, lists and tuples show at most six items, six levels deep.

use crate::interp::Interp;
use crate::value::Value;

const MAX_LEVEL: usize = 6;
const MAX_ITEMS: usize = 6;
const MAX_STRING: usize = 30;
const MAX_INT: usize = 40;
const MAX_OTHER: usize = 30;

/// `reprlib.repr(v)`.
pub fn repr(interp: &Interp, v: &Value) -> String {
    repr_at(interp, v, MAX_LEVEL)
}

fn repr_at(interp: &Interp, v: &Value, level: usize) -> String {
    let full = || interp.repr(v).unwrap_or_default();
    match v {
        Value::Str(s) => repr_str(interp, s.as_str()),
        Value::Int(_) | Value::BigInt(_) => cut(&full(), MAX_INT),
        Value::List(_) => repr_items(interp, v, level, "[", "]", ""),
        Value::Tuple(_) => repr_items(interp, v, level, "(", ")", ","),
        _ => cut(&full(), MAX_OTHER),
    }
}

/// A string: the repr of its first and last characters around "...", when long.
fn repr_str(interp: &Interp, s: &str) -> String {
    let quoted = |t: String| interp.repr(&Value::string(t)).unwrap_or_default();
    let head: String = s.chars().take(MAX_STRING).collect();
    let r = quoted(head);
    if r.chars().count() <= MAX_STRING {
        return r;
    }
    let (i, j) = split(MAX_STRING);
    let n = s.chars().count();
    let ends: String = s
        .chars()
        .take(i)
        .chain(s.chars().skip(n.saturating_sub(j)))
        .collect();
    cut_at(&quoted(ends), i, j)
}

fn repr_items(
    interp: &Interp,
    v: &Value,
    level: usize,
    left: &str,
    right: &str,
    trail: &str,
) -> String {
    let items = interp.collect(v).unwrap_or_default();
    let inner = if level == 0 && !items.is_empty() {
        "...".to_string()
    } else {
        let mut pieces: Vec<String> = items
            .iter()
            .take(MAX_ITEMS)
            .map(|x| repr_at(interp, x, level.saturating_sub(1)))
            .collect();
        if items.len() > MAX_ITEMS {
            pieces.push("...".into());
        }
        pieces.join(", ")
    };
    let trail = if items.len() == 1 { trail } else { "" };
    format!("{left}{inner}{trail}{right}")
}

/// How many characters are kept before and after the "..." of a text cut to `max`.
fn split(max: usize) -> (usize, usize) {
    let i = (max - 3) / 2;
    (i, max - 3 - i)
}

fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let (i, j) = split(max);
    cut_at(s, i, j)
}

fn cut_at(s: &str, i: usize, j: usize) -> String {
    let n = s.chars().count();
    let head: String = s.chars().take(i).collect();
    let tail: String = s.chars().skip(n.saturating_sub(j)).collect();
    format!("{head}...{tail}")
}
