//! Python's exception hierarchy, and tracebacks printed the way CPython 3.11 prints them.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use crate::ast::{ExprKind, Span};
use crate::interp::Interp;
use crate::object::{BuiltinType, Class, Exc, Instance, TbEntry};
use crate::parser::SyntaxError;
use crate::source::Source;
use crate::types::{new_class, Types};
use crate::value::Value;

macro_rules! exception_types {
    ($root:ident; $($field:ident: $name:literal < $base:ident),* $(,)?) => {
        /// The exception classes, by field and by name.
        pub struct ExceptionTypes {
            pub $root: Rc<Class>,
            $(pub $field: Rc<Class>,)*
            pub by_name: HashMap<&'static str, Rc<Class>>,
        }

        impl ExceptionTypes {
            pub fn new(types: &Types) -> ExceptionTypes {
                let $root = new_class("BaseException", Some(&types.object), BuiltinType::BaseException, "builtins");
                let mut by_name = HashMap::new();
                by_name.insert("BaseException", $root.clone());
                $(
                    let $field = {
                        let (module, short) = match $name.rsplit_once('.') {
                            Some((m, s)) => (m, s),
                            None => ("builtins", $name),
                        };
                        let c = new_class(short, Some(&$base), BuiltinType::BaseException, module);
                        by_name.insert($name, c.clone());
                        c
                    };
                )*
                ExceptionTypes { $root, $($field,)* by_name }
            }
        }
    };
}

exception_types! {
    base_exception;
    exception: "Exception" < base_exception,
    base_exception_group: "BaseExceptionGroup" < base_exception,
    generator_exit: "GeneratorExit" < base_exception,
    keyboard_interrupt: "KeyboardInterrupt" < base_exception,
    system_exit: "SystemExit" < base_exception,
    arithmetic_error: "ArithmeticError" < exception,
    floating_point_error: "FloatingPointError" < arithmetic_error,
    overflow_error: "OverflowError" < arithmetic_error,
    zero_division_error: "ZeroDivisionError" < arithmetic_error,
    assertion_error: "AssertionError" < exception,
    attribute_error: "AttributeError" < exception,
    buffer_error: "BufferError" < exception,
    eof_error: "EOFError" < exception,
    exception_group: "ExceptionGroup" < exception,
    import_error: "ImportError" < exception,
    module_not_found_error: "ModuleNotFoundError" < import_error,
    lookup_error: "LookupError" < exception,
    index_error: "IndexError" < lookup_error,
    key_error: "KeyError" < lookup_error,
    memory_error: "MemoryError" < exception,
    name_error: "NameError" < exception,
    unbound_local_error: "UnboundLocalError" < name_error,
    os_error: "OSError" < exception,
    file_not_found_error: "FileNotFoundError" < os_error,
    file_exists_error: "FileExistsError" < os_error,
    permission_error: "PermissionError" < os_error,
    is_a_directory_error: "IsADirectoryError" < os_error,
    not_a_directory_error: "NotADirectoryError" < os_error,
    timeout_error: "TimeoutError" < os_error,
    connection_error: "ConnectionError" < os_error,
    broken_pipe_error: "BrokenPipeError" < connection_error,
    reference_error: "ReferenceError" < exception,
    runtime_error: "RuntimeError" < exception,
    not_implemented_error: "NotImplementedError" < runtime_error,
    recursion_error: "RecursionError" < runtime_error,
    stop_async_iteration: "StopAsyncIteration" < exception,
    stop_iteration: "StopIteration" < exception,
    syntax_error: "SyntaxError" < exception,
    indentation_error: "IndentationError" < syntax_error,
    tab_error: "TabError" < indentation_error,
    system_error: "SystemError" < exception,
    type_error: "TypeError" < exception,
    value_error: "ValueError" < exception,
    unicode_error: "UnicodeError" < value_error,
    warning: "Warning" < exception,
    deprecation_warning: "DeprecationWarning" < warning,
    runtime_warning: "RuntimeWarning" < warning,
    user_warning: "UserWarning" < warning,
    cancelled_error: "asyncio.exceptions.CancelledError" < base_exception,
    invalid_state_error: "asyncio.exceptions.InvalidStateError" < exception,
    queue_empty: "asyncio.queues.QueueEmpty" < exception,
    queue_full: "asyncio.queues.QueueFull" < exception,
    broken_barrier_error: "asyncio.exceptions.BrokenBarrierError" < runtime_error,
    futures_error: "concurrent.futures._base.Error" < exception,
    futures_cancelled_error: "concurrent.futures._base.CancelledError" < futures_error,
    futures_invalid_state_error: "concurrent.futures._base.InvalidStateError" < futures_error,
}

impl ExceptionTypes {
    /// The classes the `builtins` namespace exposes (not asyncio's).
    pub fn builtin_names(&self) -> impl Iterator<Item = (&'static str, &Rc<Class>)> {
        self.by_name
            .iter()
            .filter(|(n, _)| !n.contains('.'))
            .map(|(n, c)| (*n, c))
    }
}

/// `str(exc)`, for exceptions whose `__str__` is the built-in one.
pub fn default_str(interp: &Interp, inst: &Instance) -> Result<String, Exc> {
    if inst.class.is_subclass_of(&interp.exc.syntax_error) {
        if let Some(Value::Str(msg)) = inst.dict.borrow().get("msg") {
            return Ok(msg.as_str().to_string());
        }
    }
    let args = inst.exc_data().args.clone();
    if crate::builtins::exception_group::is_group(interp, inst) && args.len() == 2 {
        let n = interp.len(&args[1])?;
        let s = if n == 1 { "" } else { "s" };
        return Ok(format!("{} ({n} sub-exception{s})", interp.str(&args[0])?));
    }
    match args.len() {
        0 => Ok(String::new()),
        1 if inst.class.is_subclass_of(&interp.exc.key_error) => interp.repr(&args[0]),
        1 => interp.str(&args[0]),
        _ => interp.repr(&Value::tuple(args)),
    }
}

/// The exception class name as a traceback prints it: qualified unless builtin or `__main__`.
pub fn display_name(class: &Class) -> String {
    match &*class.module {
        "builtins" | "__main__" => class.qualname.clone(),
        m => format!("{m}.{}", class.qualname),
    }
}

/// Makes the `SyntaxError` (or subclass) instance for a parse or resolve error.
pub fn syntax_error_value(interp: &Interp, err: &SyntaxError, source: &Rc<Source>) -> Exc {
    let class = match err.kind {
        crate::parser::SyntaxKind::Syntax => &interp.exc.syntax_error,
        crate::parser::SyntaxKind::Indentation => &interp.exc.indentation_error,
        crate::parser::SyntaxKind::Tab => &interp.exc.tab_error,
        crate::parser::SyntaxKind::Recursion => {
            return interp.error(&interp.exc.recursion_error, err.msg.clone())
        }
        crate::parser::SyntaxKind::Memory => {
            return interp.new_exception(&interp.exc.memory_error, Vec::new())
        }
    };
    let offset = err.offset.min(source.text.len());
    let line = source.line_of(offset);
    let line_start = source.line_start(line);
    // CPython reads lines as C strings: a NUL ends the line it shows.
    let text = source
        .line_text(line)
        .split('\0')
        .next()
        .unwrap_or_default();
    let col = source.text[line_start..offset].chars().count() + 1;
    let (end_line, end_col) = err
        .end
        .map(|e| e.min(source.text.len()))
        .filter(|&e| e >= offset)
        .map_or((line, col), |e| {
            let end_line = source.line_of(e);
            let start = source.line_start(end_line);
            (end_line, source.text[start..e].chars().count() + 1)
        });
    let (col, end_col) = err.columns.unwrap_or((col as i64, end_col as i64));
    let exc = interp.error(class, err.msg.clone());
    {
        let mut d = exc.value.dict.borrow_mut();
        d.insert("msg".into(), Value::str(&err.msg));
        d.insert("filename".into(), Value::str(&source.name));
        d.insert("lineno".into(), Value::Int(line as i64));
        d.insert("offset".into(), Value::Int(col));
        d.insert("text".into(), Value::string(format!("{text}\n")));
        d.insert("end_lineno".into(), Value::Int(end_line as i64));
        d.insert("end_offset".into(), Value::Int(end_col));
    }
    exc
}

impl Interp {
    /// The full report of an uncaught exception, chained causes and contexts first.
    pub fn format_exception(&self, exc: &Rc<Instance>) -> String {
        self.format_exception_with(exc, true, false)
    }

    /// The report of an exception that asyncio logs (a task's exception never retrieved,
    /// a failing callback): CPython 3.11's `traceback` module prints it, which offers no
    /// "Did you mean" suggestions.
    pub fn format_exception_logged(&self, exc: &Rc<Instance>) -> String {
        self.format_exception_with(exc, false, false)
    }

    /// The report of an exception raised by a callback the loop ran: its traceback always
    /// has a header, CPython's having at least asyncio's own frame (the loop running the
    /// callback), which tracebacks here leave out.
    pub fn format_callback_exception(&self, exc: &Rc<Instance>) -> String {
        self.format_exception_with(exc, false, true)
    }

    /// The report of an exception nobody can catch, printed after "Exception ignored in:"
    /// (CPython's unraisable hook: a generator's `finally` failing as it is freed): the
    /// exception alone, without the chain of causes and contexts.
    pub fn format_unraisable(&self, exc: &Rc<Instance>) -> String {
        let mut ctx = PrintContext {
            out: String::new(),
            seen: HashSet::new(),
            depth: 0,
            need_close: false,
            suggestions: false,
            raised: false,
        };
        ctx.seen.insert(Rc::as_ptr(exc) as usize);
        if crate::builtins::exception_group::is_group(self, exc) {
            self.print_group(&mut ctx, exc);
        } else {
            self.print_one(&mut ctx, exc);
        }
        ctx.out
    }

    fn format_exception_with(&self, exc: &Rc<Instance>, suggestions: bool, raised: bool) -> String {
        let mut ctx = PrintContext {
            out: String::new(),
            seen: HashSet::new(),
            depth: 0,
            need_close: false,
            suggestions,
            raised,
        };
        self.print_recursive(&mut ctx, exc);
        ctx.out
    }

    /// CPython's `print_exception_recursive`: the chain first, then the exception (a group
    /// with its members in numbered boxes).
    fn print_recursive(&self, ctx: &mut PrintContext, exc: &Rc<Instance>) {
        ctx.seen.insert(Rc::as_ptr(exc) as usize);
        let (cause, context, suppress) = {
            let d = exc.exc_data();
            (d.cause.clone(), d.context.clone(), d.suppress_context)
        };
        if let Some(Value::Instance(c)) = &cause {
            if !ctx.seen.contains(&(Rc::as_ptr(c) as usize)) {
                self.print_chained(ctx, c, CAUSE_MESSAGE);
            }
        } else if let (Some(Value::Instance(c)), false) = (&context, suppress) {
            if !ctx.seen.contains(&(Rc::as_ptr(c) as usize)) {
                self.print_chained(ctx, c, CONTEXT_MESSAGE);
            }
        }
        if crate::builtins::exception_group::is_group(self, exc) {
            self.print_group(ctx, exc);
        } else {
            self.print_one(ctx, exc);
        }
    }

    fn print_chained(&self, ctx: &mut PrintContext, exc: &Rc<Instance>, message: &str) {
        let need_close = ctx.need_close;
        self.print_recursive(ctx, exc);
        ctx.need_close = need_close;
        for line in ["", message, ""] {
            ctx.margin();
            ctx.out.push_str(line);
            ctx.out.push('\n');
        }
    }

    fn print_group(&self, ctx: &mut PrintContext, exc: &Rc<Instance>) {
        if ctx.depth > MAX_GROUP_DEPTH {
            ctx.margin();
            ctx.out
                .push_str(&format!("... (max_group_depth is {MAX_GROUP_DEPTH})\n"));
            return;
        }
        if ctx.depth == 0 {
            ctx.depth += 1;
        }
        self.print_one(ctx, exc);
        let members = crate::builtins::exception_group::members(self, exc);
        let n = members.len().min(MAX_GROUP_WIDTH + 1);
        ctx.need_close = false;
        for i in 0..n {
            let last = i == n - 1;
            if last {
                ctx.need_close = true;
            }
            ctx.indent();
            let first = if i == 0 { "+-" } else { "  " };
            if i < MAX_GROUP_WIDTH {
                ctx.out.push_str(&format!(
                    "{first}+---------------- {} ----------------\n",
                    i + 1
                ));
            } else {
                ctx.out
                    .push_str(&format!("{first}+---------------- ... ----------------\n"));
            }
            ctx.depth += 1;
            if i < MAX_GROUP_WIDTH {
                self.print_recursive(ctx, &members[i]);
            } else {
                let remaining = members.len() - MAX_GROUP_WIDTH;
                let s = if remaining > 1 { "s" } else { "" };
                ctx.margin();
                ctx.out
                    .push_str(&format!("and {remaining} more exception{s}\n"));
            }
            if last && ctx.need_close {
                ctx.indent();
                ctx.out.push_str("+------------------------------------\n");
                ctx.need_close = false;
            }
            ctx.depth -= 1;
        }
        if ctx.depth == 1 {
            ctx.depth -= 1;
        }
    }

    /// One exception: its traceback, then `Type: message` and its notes, every line behind
    /// the group margin.
    fn print_one(&self, ctx: &mut PrintContext, exc: &Rc<Instance>) {
        let tb = exc.exc_data().traceback.clone();
        let group = crate::builtins::exception_group::is_group(self, exc);
        if ctx.raised || tb.iter().any(|e| !e.source.library) {
            let header_margin = match (group, ctx.depth) {
                (true, 1) => "+ ",
                (_, 0) => "",
                _ => "| ",
            };
            ctx.indent();
            ctx.out.push_str(header_margin);
            ctx.out.push_str(if group {
                "Exception Group Traceback (most recent call last):\n"
            } else {
                "Traceback (most recent call last):\n"
            });
            let mut entries = String::new();
            format_entries(&tb, &mut entries);
            ctx.lines(&entries);
        }
        let mut body = String::new();
        let name = display_name(&exc.class);
        if exc.class.is_subclass_of(&self.exc.syntax_error) {
            format_syntax_error(exc, &mut body);
        }
        let text = match self.str(&Value::Instance(exc.clone())) {
            Ok(s) => s,
            Err(_) => "<exception str() failed>".to_string(),
        };
        let suffix = ctx
            .suggestions
            .then(|| crate::suggestions::suggestion_suffix(self, exc));
        let text = match suffix.flatten() {
            Some(suffix) => text + &suffix,
            None => text,
        };
        if text.is_empty() {
            body.push_str(&format!("{name}\n"));
        } else {
            body.push_str(&format!("{name}: {text}\n"));
        }
        for note in exc.exc_data().notes.clone() {
            if let Value::Str(s) = note {
                body.push_str(s.as_str());
                body.push('\n');
            }
        }
        ctx.lines(&body);
    }
}

const CAUSE_MESSAGE: &str = "The above exception was the direct cause of the following exception:";
const CONTEXT_MESSAGE: &str = "During handling of the above exception, another exception occurred:";
const MAX_GROUP_WIDTH: usize = 15;
const MAX_GROUP_DEPTH: usize = 10;

/// CPython's `exception_print_context`: where in nested exception groups printing is.
struct PrintContext {
    out: String,
    seen: HashSet<usize>,
    depth: usize,
    need_close: bool,
    /// Add "Did you mean" to name and attribute errors (only the top-level report does).
    suggestions: bool,
    /// Every exception of the report was raised in code left out of tracebacks: each
    /// traceback has its header.
    raised: bool,
}

impl PrintContext {
    fn indent(&mut self) {
        for _ in 0..2 * self.depth {
            self.out.push(' ');
        }
    }

    fn margin(&mut self) {
        self.indent();
        if self.depth > 0 {
            self.out.push_str("| ");
        }
    }

    /// Writes `text` line by line, each behind the margin.
    fn lines(&mut self, text: &str) {
        for line in text.split_inclusive('\n') {
            self.margin();
            self.out.push_str(line);
        }
    }
}

fn format_syntax_error(exc: &Instance, out: &mut String) {
    let d = exc.dict.borrow();
    let (Some(Value::Str(file)), Some(Value::Int(line))) = (d.get("filename"), d.get("lineno"))
    else {
        return;
    };
    out.push_str(&format!("  File \"{}\", line {line}\n", file.as_str()));
    let Some(Value::Str(text)) = d.get("text") else {
        return;
    };
    let int = |key: &str| match d.get(key) {
        Some(Value::Int(i)) => Some(*i),
        _ => None,
    };
    // As CPython's `print_exception`: a range over several lines is marked to the end of
    // its first, and no further than one past the text (which counts in bytes there).
    let line_size = text.as_str().len() as i64;
    let mut end_offset = int("end_offset");
    if int("end_lineno").is_some_and(|end| end > *line) {
        end_offset = Some(line_size);
    }
    let end_offset = end_offset.map(|e| e.min(line_size + 1));
    print_error_text(text.as_str(), int("offset"), end_offset, out);
}

/// CPython's `print_error_text` (pythonrun.c): the offending line without its indentation,
/// and a caret line unless the offset points left of the text.
fn print_error_text(text: &str, offset: Option<i64>, end_offset: Option<i64>, out: &mut String) {
    let offset_val = offset.unwrap_or(-1);
    let end_val = end_offset.unwrap_or(-1);
    let repetitions = if end_val > 0 && end_val > offset_val {
        (end_val - offset_val) as usize
    } else {
        1
    };
    let mut offset = offset_val - 1;
    let mut text: &str = text;
    let trimmed = text.trim_start_matches([' ', '\t', '\x0c']);
    offset -= (text.chars().count() - trimmed.chars().count()) as i64;
    text = trimmed;
    let mut len = text.chars().count() as i64;
    if text.ends_with('\n') {
        len -= 1;
    }
    offset = offset.min(len);
    while let Some(nl) = text.find('\n') {
        let inl = text[..nl].chars().count() as i64;
        if inl >= offset {
            break;
        }
        text = &text[nl + 1..];
        offset -= inl + 1;
    }
    out.push_str("    ");
    out.push_str(text);
    if !text.ends_with('\n') {
        out.push('\n');
    }
    if offset < 0 {
        return;
    }
    out.push_str("    ");
    out.push_str(&" ".repeat(offset as usize));
    out.push_str(&"^".repeat(repetitions));
    out.push('\n');
}

fn format_entries(tb: &[TbEntry], out: &mut String) {
    let mut last: Option<(usize, usize, &str)> = None;
    let mut repeats = 0;
    for entry in tb.iter().rev().filter(|e| !e.source.library) {
        let line = entry.source.line(entry.span);
        let key = (Rc::as_ptr(&entry.source) as usize, line, &*entry.name);
        if last == Some(key) {
            repeats += 1;
            if repeats >= 3 {
                continue;
            }
        } else {
            flush_repeats(repeats, out);
            repeats = 0;
            last = Some(key);
        }
        format_entry(entry, out);
    }
    flush_repeats(repeats, out);
}

fn flush_repeats(repeats: usize, out: &mut String) {
    if repeats >= 3 {
        let n = repeats - 2;
        let s = if n > 1 { "s" } else { "" };
        out.push_str(&format!("  [Previous line repeated {n} more time{s}]\n"));
    }
}

/// One `File ..., line N, in f` entry with its source line and CPython 3.11's carets.
fn format_entry(entry: &TbEntry, out: &mut String) {
    let src = &entry.source;
    let line = src.line(entry.span);
    out.push_str(&format!(
        "  File \"{}\", line {line}, in {}\n",
        src.name, entry.name
    ));
    let text = src.shown_line(line).unwrap_or_default();
    let stripped = text.trim();
    if stripped.is_empty() {
        return;
    }
    out.push_str(&format!("    {stripped}\n"));
    let line_start = src.line_start(line);
    let chars = |byte: usize| text[..byte.min(text.len())].chars().count();
    let start_byte = (entry.span.start as usize).saturating_sub(line_start);
    let end_byte = (entry.span.end as usize).saturating_sub(line_start);
    let start = chars(start_byte);
    let leading = text.chars().count() - text.trim_start().chars().count();
    let stripped_len = stripped.chars().count();
    let same_line = src.line_of(
        (entry.span.end as usize)
            .saturating_sub(1)
            .max(entry.span.start as usize),
    ) == line;
    let (end, anchors) = if same_line {
        let segment = text.get(start_byte..end_byte.min(text.len())).unwrap_or("");
        (chars(end_byte), caret_anchors(segment))
    } else {
        (leading + stripped_len, None)
    };
    let width = end.saturating_sub(start);
    let show = width < stripped_len || anchors.is_some_and(|(l, r)| r > l);
    if !show {
        return;
    }
    out.push_str("    ");
    out.push_str(&" ".repeat(start.saturating_sub(leading)));
    match anchors {
        Some((l, r)) => {
            out.push_str(&"~".repeat(l));
            out.push_str(&"^".repeat(r.saturating_sub(l)));
            out.push_str(&"~".repeat(width.saturating_sub(r)));
        }
        None => out.push_str(&"^".repeat(width)),
    }
    out.push('\n');
}

/// CPython's `_extract_caret_anchors_from_line_segment`: for a binary operation, the
/// operator; for a subscript, the brackets. Offsets are in characters within the segment.
fn caret_anchors(segment: &str) -> Option<(usize, usize)> {
    let expr = crate::parser::parse_expression(segment, 0).ok()?;
    let bytes = segment.as_bytes();
    let chars = |b: usize| segment[..b.min(segment.len())].chars().count();
    let (left, right) = match &expr.kind {
        ExprKind::BinOp(l, _, r) => {
            let (l_end, r_start) = (l.span.end as usize, r.span.start as usize);
            let op = segment.get(l_end..r_start)?;
            let op_offset = op.len() - op.trim_start().len();
            let mut left = l_end + op_offset;
            let mut right = left + 1;
            if op_offset + 1 < op.len() && !op.as_bytes()[op_offset + 1].is_ascii_whitespace() {
                right += 1;
            }
            while left < bytes.len()
                && (bytes[left].is_ascii_whitespace() || b")#".contains(&bytes[left]))
            {
                left += 1;
                right += 1;
            }
            (left, right)
        }
        ExprKind::Subscript(value, index) => {
            let mut left = value.span.end as usize;
            let mut right = index.span.end as usize + 1;
            while left < bytes.len() && bytes[left] != b'[' {
                left += 1;
            }
            while right < bytes.len() && bytes[right] != b']' {
                right += 1;
            }
            if right < bytes.len() {
                right += 1;
            }
            (left, right)
        }
        _ => return None,
    };
    Some((chars(left), chars(right)))
}

/// The span of a whole source line, for entries that have no finer position.
pub fn line_span(source: &Source, offset: usize) -> Span {
    let line = source.line_of(offset);
    let start = source.line_start(line);
    Span::new(start, start + source.line_text(line).len())
}
