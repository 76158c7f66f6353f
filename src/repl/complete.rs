//! Tab completion, computed on the interpreter's thread from what exists, never by running
//! the program's code: keywords, globals, builtins, and after a dot the attributes of a
//! dotted name (only the attribute is replaced, so the list shows short names), found only by reading modules', classes' and instances' own tables (no
//! properties, no `__getattr__`). Candidates follow CPython's `rlcompleter`: a `(` after
//! callables, a space or colon after keywords, and names starting with `_` only when the
//! typed prefix does.

use crate::builtins::functions::is_callable;
use crate::builtins::methods::attr_names;
use crate::interp::Interp;
use crate::modules::Module;
use crate::value::Value;

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// The completions of the word that ends at byte `pos` of `line`, and where that word starts.
pub fn complete(interp: &Interp, line: &str, pos: usize) -> (usize, Vec<String>) {
    let Some(before) = line.get(..pos) else {
        return (pos, Vec::new());
    };
    if before.trim().is_empty() {
        // At the start of a line Tab indents, as in CPython's REPL.
        return (pos, vec!["    ".to_string()]);
    }
    let start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '_' || c == '.')
        .last()
        .map_or(pos, |(i, _)| i);
    let word = &before[start..];
    if let Some(found) = after_import(interp, before[..start].trim_end(), word) {
        return (start, found);
    }
    let (start, mut found) = match word.rsplit_once('.') {
        // Only the attribute is replaced, so the list shows short names.
        Some((path, prefix)) => (start + path.len() + 1, attributes(interp, path, prefix)),
        None => (start, names(interp, word)),
    };
    found.sort();
    found.dedup();
    (start, found)
}

/// The modules `import` knows (`src/modules/mod.rs`).
const MODULES: &[&str] = &[
    "asyncio",
    "concurrent",
    "concurrent.futures",
    "io",
    "json",
    "math",
    "random",
    "sys",
    "time",
];

/// After `import` or `from`: module names; after `from M import`: the names in `M`.
fn after_import(interp: &Interp, head: &str, word: &str) -> Option<Vec<String>> {
    let modules = || {
        MODULES
            .iter()
            .filter(|m| m.starts_with(word))
            .map(|m| m.to_string())
            .collect()
    };
    if head == "import" || head == "from" || head.starts_with("import ") && head.ends_with(',') {
        return Some(modules());
    }
    let module = head.strip_prefix("from ")?.strip_suffix(" import")?.trim();
    if !MODULES.contains(&module) {
        return Some(Vec::new());
    }
    // A built-in module is made by Aio's own code, never the program's.
    let path: Vec<crate::ast::Name> = module.split('.').map(Into::into).collect();
    let value = interp.import(&path).ok()?;
    let mut found: Vec<String> = attr_names(interp, &value)
        .into_iter()
        .filter(|n| n.starts_with(word) && (!n.starts_with('_') || word.starts_with('_')))
        .collect();
    found.sort();
    Some(found)
}

fn names(interp: &Interp, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    for &k in KEYWORDS {
        if k.starts_with(prefix) {
            out.push(match k {
                "finally" | "try" => format!("{k}:"),
                "False" | "None" | "True" | "break" | "continue" | "pass" | "else" => k.into(),
                _ => format!("{k} "),
            });
        }
    }
    let mut add = |name: &str, v: &Value| {
        if name.starts_with(prefix) && (!name.starts_with('_') || prefix.starts_with('_')) {
            out.push(with_paren(interp, name.to_string(), v));
        }
    };
    {
        let names = interp.global_names.borrow();
        let globals = interp.globals.borrow();
        for (i, v) in globals.iter().enumerate() {
            if let Some(v) = v {
                add(names.name(i as u32), v);
            }
        }
    }
    for (name, v) in &interp.builtins {
        add(name, v);
    }
    out
}

fn attributes(interp: &Interp, path: &str, prefix: &str) -> Vec<String> {
    let mut parts = path.split('.');
    let Some(first) = parts.next() else {
        return Vec::new();
    };
    let Some(mut value) = lookup_name(interp, first) else {
        return Vec::new();
    };
    for part in parts {
        match own_attr(&value, part) {
            Some(v) => value = v,
            None => return Vec::new(),
        }
    }
    let hidden = match prefix {
        "" => "_",
        "_" => "__",
        _ => "\0",
    };
    attr_names(interp, &value)
        .into_iter()
        .filter(|n| n.starts_with(prefix) && !n.starts_with(hidden))
        .map(|n| match own_attr(&value, &n) {
            Some(v) => with_paren(interp, n, &v),
            None => n,
        })
        .collect()
}

fn lookup_name(interp: &Interp, name: &str) -> Option<Value> {
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    interp
        .global_by_name(name)
        .or_else(|| interp.builtins.get(name).cloned())
}

/// An attribute read from the object's own tables, running no code.
fn own_attr(v: &Value, name: &str) -> Option<Value> {
    match v {
        Value::Instance(inst) => {
            let own = inst.dict.borrow().get(name).cloned();
            own.or_else(|| inst.class.lookup(name))
        }
        Value::Class(c) => c.lookup(name),
        Value::Native(n) => {
            let m = n.as_any().downcast_ref::<Module>()?;
            crate::interp::with_current(|interp| m.complete(interp));
            let found = m.attrs.borrow().get(name).cloned();
            found
        }
        _ => None,
    }
}

fn with_paren(interp: &Interp, name: String, v: &Value) -> String {
    if is_callable(interp, v) {
        name + "("
    } else {
        name
    }
}
