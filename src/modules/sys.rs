//! The `sys` module: argv, exit, the standard streams, recursion limits.

use std::any::Any;
use std::io::BufRead;

/// The highest recursion limit `sys.setrecursionlimit` sets: Python recursion that deep
/// still fits in the interpreter's stack (`run::STACK_SIZE`), so it ends in
/// `RecursionError` instead of a stack overflow. An unoptimized build's native frames are
/// several times larger (a coroutine or generator level takes about 20 KiB there).
pub const MAX_RECURSION_LIMIT: usize = if cfg!(debug_assertions) {
    20_000
} else {
    100_000
};

use crate::builtins::{builtin, positional};
use crate::interp::Interp;
use crate::object::{CallArgs, PyResult};
use crate::value::{Native, Value};

/// `sys.stdout` / `sys.stderr`.
pub struct Stream {
    pub err: bool,
}

impl Native for Stream {
    fn type_name(&self) -> &str {
        "_io.TextIOWrapper"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn repr(&self, _: &Interp, _: &Value) -> Option<PyResult<String>> {
        let name = if self.err { "<stderr>" } else { "<stdout>" };
        Some(Ok(format!(
            "<_io.TextIOWrapper name='{name}' mode='w' encoding='utf-8'>"
        )))
    }
    fn get_attr(&self, _: &Interp, this: &Value, name: &str) -> Option<PyResult<Value>> {
        let f: crate::object::BuiltinFn = match name {
            "write" => |interp, args| {
                let a = positional(interp, "write", args, 2, 2)?;
                let Value::Str(s) = &a[1] else {
                    return Err(interp.type_error(format!(
                        "write() argument must be str, not {}",
                        a[1].type_name()
                    )));
                };
                write_to(interp, &a[0], s.as_str())?;
                Ok(Value::Int(s.char_len() as i64))
            },
            "flush" => |interp, _| {
                interp.out.borrow_mut().flush();
                Ok(Value::None)
            },
            "isatty" => |_, _| Ok(Value::Bool(false)),
            _ => return None,
        };
        Some(Ok(crate::interp::suspend::method(this, name, f)))
    }
}

/// `sys.stdin`: lines of standard input (the buffer `input()` reads from too).
pub struct Stdin;

impl Stdin {
    /// The next line with its line break; empty at the end of the input.
    fn line(interp: &Interp) -> PyResult<String> {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| interp.error(&interp.exc.os_error, e.to_string()))?;
        Ok(line)
    }
}

impl Native for Stdin {
    fn type_name(&self) -> &str {
        "_io.TextIOWrapper"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn repr(&self, _: &Interp, _: &Value) -> Option<PyResult<String>> {
        Some(Ok(
            "<_io.TextIOWrapper name='<stdin>' mode='r' encoding='utf-8'>".into(),
        ))
    }
    fn iter(&self, _: &Interp, this: &Value) -> Option<PyResult<Value>> {
        Some(Ok(this.clone()))
    }
    fn next(&self, interp: &Interp, _: &Value) -> Option<PyResult<Option<Value>>> {
        Some(Stdin::line(interp).map(|l| (!l.is_empty()).then(|| Value::string(l))))
    }
    fn get_attr(&self, _: &Interp, this: &Value, name: &str) -> Option<PyResult<Value>> {
        let f: crate::object::BuiltinFn = match name {
            "readline" => |interp, _| Stdin::line(interp).map(Value::string),
            "readlines" => |interp, _| {
                let mut lines = Vec::new();
                loop {
                    let line = Stdin::line(interp)?;
                    if line.is_empty() {
                        return Ok(Value::list(lines));
                    }
                    lines.push(Value::string(line));
                }
            },
            "read" => |interp, _| {
                let mut text = String::new();
                std::io::Read::read_to_string(&mut std::io::stdin().lock(), &mut text)
                    .map_err(|e| interp.error(&interp.exc.os_error, e.to_string()))?;
                Ok(Value::string(text))
            },
            "isatty" => |_, _| {
                Ok(Value::Bool(std::io::IsTerminal::is_terminal(
                    &std::io::stdin(),
                )))
            },
            _ => return None,
        };
        Some(Ok(crate::interp::suspend::method(this, name, f)))
    }
}

/// Writes text where `print(file=...)` points: stdout by default.
pub fn write_to(interp: &Interp, file: &Value, text: &str) -> PyResult<()> {
    match file {
        Value::None => interp.write_out(text)?,
        _ => match file.downcast::<Stream>() {
            Some(s) if s.err => interp.write_err(text),
            Some(_) => interp.write_out(text)?,
            None => {
                let w = interp.get_attr(file, "write")?;
                interp.call_value(&w, vec![Value::str(text)])?;
            }
        },
    }
    Ok(())
}

/// One line of standard input for `input()`, without its line break.
pub fn read_line(interp: &Interp) -> PyResult<Value> {
    let mut line = String::new();
    match std::io::stdin().lock().read_line(&mut line) {
        Ok(0) => Err(interp.error(&interp.exc.eof_error, "EOF when reading a line")),
        Ok(_) => {
            if line.ends_with('\n') {
                line.pop();
                if line.ends_with('\r') {
                    line.pop();
                }
            }
            Ok(Value::string(line))
        }
        Err(e) => Err(interp.error(&interp.exc.os_error, e.to_string())),
    }
}

fn exit(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "exit", args, 0, 1)?;
    Err(interp.new_exception(&interp.exc.system_exit, a))
}

pub fn make(interp: &Interp) -> Value {
    let argv = interp.argv.borrow().iter().map(|s| Value::str(s)).collect();
    super::module(
        "sys",
        vec![
            ("argv", Value::list(argv)),
            ("stdin", Value::native(Stdin)),
            ("stdout", Value::native(Stream { err: false })),
            ("stderr", Value::native(Stream { err: true })),
            ("exit", builtin("exit", exit)),
            ("maxsize", Value::Int(i64::MAX)),
            ("platform", Value::str("linux")),
            ("version", Value::str("3.11.7 (aio)")),
            (
                "getrecursionlimit",
                builtin("getrecursionlimit", |interp, _| {
                    Ok(Value::Int(interp.recursion_limit_asked.get() as i64))
                }),
            ),
            (
                "setrecursionlimit",
                builtin("setrecursionlimit", |interp, args| {
                    let a = positional(interp, "sys.setrecursionlimit", args, 1, 1)?;
                    let n = interp.c_int_arg(&a[0])?;
                    if n < 1 {
                        return Err(
                            interp.value_error("recursion limit must be greater or equal than 1")
                        );
                    }
                    interp.recursion_limit_asked.set(n as usize);
                    interp
                        .recursion_limit
                        .set((n as usize).min(MAX_RECURSION_LIMIT));
                    Ok(Value::None)
                }),
            ),
            (
                "set_int_max_str_digits",
                builtin("set_int_max_str_digits", |_, _| Ok(Value::None)),
            ),
        ],
    )
}
