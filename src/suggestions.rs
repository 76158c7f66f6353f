//! "Did you mean: ...?" for uncaught `NameError` and `AttributeError`, computed as CPython
//! 3.11's `Python/suggestions.c` does: a Levenshtein distance where a case flip costs 1 and
//! any other edit 2, over the raising frame's locals, then the globals, then the builtins
//! (for a name), or over `dir(obj)` (for an attribute). Used only when a traceback is printed.

use crate::interp::Interp;
use crate::object::{Instance, Suggest};
use crate::value::Value;

const MAX_CANDIDATE_ITEMS: usize = 750;
const MAX_STRING_SIZE: usize = 40;
const MOVE_COST: usize = 2;
const CASE_COST: usize = 1;

/// CPython's `builtins.__dict__` in its own order: ties go to the first candidate.
const CPYTHON_BUILTINS: &[&str] = &[
    "__name__",
    "__doc__",
    "__package__",
    "__loader__",
    "__spec__",
    "__build_class__",
    "__import__",
    "abs",
    "all",
    "any",
    "ascii",
    "bin",
    "breakpoint",
    "callable",
    "chr",
    "compile",
    "delattr",
    "dir",
    "divmod",
    "eval",
    "exec",
    "format",
    "getattr",
    "globals",
    "hasattr",
    "hash",
    "hex",
    "id",
    "input",
    "isinstance",
    "issubclass",
    "iter",
    "aiter",
    "len",
    "locals",
    "max",
    "min",
    "next",
    "anext",
    "oct",
    "ord",
    "pow",
    "print",
    "repr",
    "round",
    "setattr",
    "sorted",
    "sum",
    "vars",
    "None",
    "Ellipsis",
    "NotImplemented",
    "False",
    "True",
    "bool",
    "memoryview",
    "bytearray",
    "bytes",
    "classmethod",
    "complex",
    "dict",
    "enumerate",
    "filter",
    "float",
    "frozenset",
    "property",
    "int",
    "list",
    "map",
    "object",
    "range",
    "reversed",
    "set",
    "slice",
    "staticmethod",
    "str",
    "super",
    "tuple",
    "type",
    "zip",
    "__debug__",
    "BaseException",
    "BaseExceptionGroup",
    "Exception",
    "GeneratorExit",
    "KeyboardInterrupt",
    "SystemExit",
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BufferError",
    "EOFError",
    "ImportError",
    "LookupError",
    "MemoryError",
    "NameError",
    "OSError",
    "ReferenceError",
    "RuntimeError",
    "StopAsyncIteration",
    "StopIteration",
    "SyntaxError",
    "SystemError",
    "TypeError",
    "ValueError",
    "Warning",
    "FloatingPointError",
    "OverflowError",
    "ZeroDivisionError",
    "BytesWarning",
    "DeprecationWarning",
    "EncodingWarning",
    "FutureWarning",
    "ImportWarning",
    "PendingDeprecationWarning",
    "ResourceWarning",
    "RuntimeWarning",
    "SyntaxWarning",
    "UnicodeWarning",
    "UserWarning",
    "BlockingIOError",
    "ChildProcessError",
    "ConnectionError",
    "FileExistsError",
    "FileNotFoundError",
    "InterruptedError",
    "IsADirectoryError",
    "NotADirectoryError",
    "PermissionError",
    "ProcessLookupError",
    "TimeoutError",
    "IndentationError",
    "IndexError",
    "KeyError",
    "ModuleNotFoundError",
    "NotImplementedError",
    "RecursionError",
    "UnboundLocalError",
    "UnicodeError",
    "BrokenPipeError",
    "ConnectionAbortedError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "TabError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "UnicodeTranslateError",
    "ExceptionGroup",
    "EnvironmentError",
    "IOError",
    "open",
    "quit",
    "exit",
    "copyright",
    "credits",
    "license",
    "help",
];

/// What a script's module namespace holds before its first statement.
const MODULE_DUNDERS: &[&str] = &[
    "__name__",
    "__doc__",
    "__package__",
    "__loader__",
    "__spec__",
    "__annotations__",
    "__builtins__",
    "__file__",
    "__cached__",
];

/// The `. Did you mean: 'x'?` CPython appends to an uncaught exception's message, if any.
pub fn suggestion_suffix(interp: &Interp, exc: &Instance) -> Option<String> {
    let data = exc.exc_data();
    let found = match data.suggest.as_ref()? {
        Suggest::Name { name, locals } => {
            let locals: Vec<&str> = locals.iter().map(|n| &**n).collect();
            best(&locals, name).or_else(|| {
                let globals = global_names(interp);
                let globals: Vec<&str> = MODULE_DUNDERS
                    .iter()
                    .copied()
                    .chain(globals.iter().map(String::as_str))
                    .collect();
                best(&globals, name).or_else(|| best(CPYTHON_BUILTINS, name))
            })
        }
        Suggest::Attr { name, obj } => {
            let names = attribute_names(interp, obj);
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            best(&names, name)
        }
    }?;
    Some(format!(
        ". Did you mean: {}?",
        crate::interp::protocols::str_repr(&found)
    ))
}

fn global_names(interp: &Interp) -> Vec<String> {
    let names = interp.global_names.borrow();
    let globals = interp.globals.borrow();
    (0..names.len())
        .filter(|&i| globals.get(i).is_some_and(Option::is_some))
        .map(|i| names.name(i as u32).to_string())
        .collect()
}

fn attribute_names(interp: &Interp, obj: &Value) -> Vec<String> {
    let mut names = crate::builtins::methods::attr_names(interp, obj);
    names.sort();
    names.dedup();
    names
}

/// CPython's `calculate_suggestions`: the closest candidate within a third of the length.
fn best(candidates: &[&str], name: &str) -> Option<String> {
    if candidates.len() >= MAX_CANDIDATE_ITEMS {
        return None;
    }
    let mut suggestion: Option<&str> = None;
    let mut suggestion_distance = usize::MAX;
    for &item in candidates {
        if item == name {
            continue;
        }
        let max_distance = (name.len() + item.len() + 3) * MOVE_COST / 6;
        let max_distance = max_distance.min(suggestion_distance.saturating_sub(1));
        let distance = levenshtein(name.as_bytes(), item.as_bytes(), max_distance);
        if distance > max_distance {
            continue;
        }
        if suggestion.is_none() || distance < suggestion_distance {
            suggestion = Some(item);
            suggestion_distance = distance;
        }
    }
    suggestion.map(str::to_string)
}

fn substitution_cost(a: u8, b: u8) -> usize {
    if a & 31 != b & 31 {
        return MOVE_COST;
    }
    if a == b {
        return 0;
    }
    if a.eq_ignore_ascii_case(&b) {
        return CASE_COST;
    }
    MOVE_COST
}

/// CPython's `levenshtein_distance` over UTF-8 bytes, giving up above `max_cost`.
fn levenshtein(a: &[u8], b: &[u8], max_cost: usize) -> usize {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (mut a, mut b) = (&a[prefix..], &b[prefix..]);
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    a = &a[..a.len() - suffix];
    b = &b[..b.len() - suffix];
    if a.is_empty() || b.is_empty() {
        return (a.len() + b.len()) * MOVE_COST;
    }
    if a.len() > MAX_STRING_SIZE || b.len() > MAX_STRING_SIZE {
        return max_cost + 1;
    }
    if b.len() < a.len() {
        std::mem::swap(&mut a, &mut b);
    }
    if (b.len() - a.len()) * MOVE_COST > max_cost {
        return max_cost + 1;
    }
    let mut buffer: Vec<usize> = (1..=a.len()).map(|i| i * MOVE_COST).collect();
    let mut result = 0;
    for (b_index, &code) in b.iter().enumerate() {
        let mut distance = b_index * MOVE_COST;
        result = distance;
        let mut minimum = usize::MAX;
        for (index, &ac) in a.iter().enumerate() {
            let substitute = distance + substitution_cost(code, ac);
            distance = buffer[index];
            let insert_delete = result.min(distance) + MOVE_COST;
            result = insert_delete.min(substitute);
            buffer[index] = result;
            minimum = minimum.min(result);
        }
        if minimum > max_cost {
            return max_cost + 1;
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_names_are_found() {
        assert_eq!(
            best(&["counter", "print"], "countr").as_deref(),
            Some("counter")
        );
        assert_eq!(best(&["print"], "prnt").as_deref(), Some("print"));
        assert_eq!(best(&["abc"], "xyz"), None);
        assert_eq!(levenshtein(b"Abc", b"abc", 10), 1);
    }
}
