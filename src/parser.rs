//! Tokens to syntax tree: the second stage of the pipeline.
//!
//! The LALRPOP grammar (`grammar/aio.lalrpop`, compiled by `build.rs`) does the parsing; this
//! module holds its one-line actions' longer halves (building and validating nodes) and
//! converts every foreign error (the lexer's, LALRPOP's) into one [`SyntaxError`] in one place.

use std::rc::Rc;

use lalrpop_util::{lalrpop_mod, ParseError};

use crate::ast::*;
use crate::lexer::{Keyword, LexError, LexErrorKind, Lexer, StrToken, Tok};
use crate::strings;

lalrpop_mod!(
    #[allow(clippy::all, clippy::pedantic, unused)]
    grammar,
    "/aio.rs"
);

/// What a parse produces, by mode.
#[derive(Debug)]
pub enum Top {
    Module(Vec<Stmt>),
    Expr(Expr),
}

/// Which of Python's syntax error classes this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyntaxKind {
    Syntax,
    Indentation,
    Tab,
    /// Not a syntax error: the source nests deeper than CPython's compiler allows
    /// (`RecursionError`, see `nesting.rs`).
    Recursion,
    /// Not a syntax error: the source nests deeper than CPython's parser allows
    /// (a bare `MemoryError`, see `nesting.rs`).
    Memory,
}

impl SyntaxKind {
    pub fn class_name(self) -> &'static str {
        match self {
            SyntaxKind::Syntax => "SyntaxError",
            SyntaxKind::Indentation => "IndentationError",
            SyntaxKind::Tab => "TabError",
            SyntaxKind::Recursion => "RecursionError",
            SyntaxKind::Memory => "MemoryError",
        }
    }
}

/// A syntax error at a byte offset of the source, with Python's message.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub kind: SyntaxKind,
    pub msg: String,
    pub offset: usize,
    /// The end of the highlighted range, where Python shows more than one caret.
    pub end: Option<usize>,
    /// The input ended inside a block, bracket or string: more lines could complete it.
    pub incomplete: bool,
    /// CPython's own `(offset, end_offset)` where they do not follow from the byte range:
    /// the tokenizer's indentation errors, whose caret CPython places off the text or not at all.
    pub columns: Option<(i64, i64)>,
}

impl SyntaxError {
    pub fn new(msg: impl Into<String>, offset: usize) -> SyntaxError {
        SyntaxError {
            kind: SyntaxKind::Syntax,
            msg: msg.into(),
            offset,
            end: None,
            incomplete: false,
            columns: None,
        }
    }

    pub fn ranged(msg: impl Into<String>, span: Span) -> SyntaxError {
        SyntaxError {
            end: Some(span.end as usize),
            ..SyntaxError::new(msg, span.start as usize)
        }
    }

    pub fn of_kind(mut self, kind: SyntaxKind) -> SyntaxError {
        self.kind = kind;
        self
    }

    pub fn with_columns(mut self, offset: i64, end: i64) -> SyntaxError {
        self.columns = Some((offset, end));
        self
    }
}

type PResult<T> = Result<T, ParseError<usize, Tok, SyntaxError>>;

fn user<T>(e: SyntaxError) -> PResult<T> {
    Err(ParseError::User { error: e })
}

thread_local! {
    /// The `SyntaxWarning`s of the source being compiled (the tokenizer's, then the
    /// resolver's): byte offset and message.
    static WARNINGS: std::cell::RefCell<Vec<(usize, String)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Notes a `SyntaxWarning` at byte offset `offset` of the source being compiled.
pub fn warn(offset: usize, msg: String) {
    WARNINGS.with(|w| w.borrow_mut().push((offset, msg)));
}

/// The `SyntaxWarning`s noted since the last call (or since `parse_module` began).
pub fn take_warnings() -> Vec<(usize, String)> {
    WARNINGS.with(|w| std::mem::take(&mut *w.borrow_mut()))
}

/// Parses a whole file (or REPL input) into statements.
pub fn parse_module(source: &str) -> Result<Vec<Stmt>, SyntaxError> {
    take_warnings();
    if let Some(at) = source.find('\0') {
        // CPython's tokenizer refuses the whole file, showing the line up to the NUL.
        return Err(
            SyntaxError::new("source code cannot contain null bytes", at).with_columns(0, 0),
        );
    }
    let body = match parse(source, Tok::StartFile, 0)? {
        Top::Module(m) => m,
        Top::Expr(_) => unreachable!("file mode yields a module"),
    };
    if let Err(e) = crate::nesting::check(&body) {
        crate::nesting::forget_deep(body);
        return Err(e);
    }
    Ok(body)
}

/// Parses one expression, e.g. the inside of an f-string's braces; `base` is its source offset.
pub fn parse_expression(source: &str, base: usize) -> Result<Expr, SyntaxError> {
    match parse(source, Tok::StartEval, base)? {
        Top::Expr(e) => Ok(e),
        Top::Module(_) => unreachable!("eval mode yields an expression"),
    }
}

fn parse(source: &str, start: Tok, base: usize) -> Result<Top, SyntaxError> {
    let tokens = Lexer::new(source, start).map(move |t| match t {
        Ok((l, tok, r)) => Ok((l + base, tok, r + base)),
        Err(e) => Err(lex_error(source, e, base)),
    });
    let tokens = crate::with_items::WithItems::new(tokens);
    grammar::TopParser::new()
        .parse(tokens)
        .map_err(|e| parse_error(source, e, base))
}

fn lex_error(source: &str, e: LexError, base: usize) -> SyntaxError {
    let offset = e.offset + base;
    let at = |msg: String| SyntaxError::new(msg, offset);
    match e.kind {
        LexErrorKind::InvalidCharacter => {
            let c = source[e.offset..].chars().next().unwrap_or(' ');
            if c.is_ascii_graphic() {
                // CPython's tokenizer passes `$`, `?` and `` ` `` on as error tokens.
                SyntaxError {
                    end: Some(offset + 1),
                    ..at("invalid syntax".into())
                }
            } else if c.is_control() || c == '\u{a0}' || c.is_whitespace() {
                at(format!(
                    "invalid non-printable character U+{:04X}",
                    c as u32
                ))
            } else {
                at(format!("invalid character '{c}' (U+{:04X})", c as u32))
            }
        }
        LexErrorKind::UnterminatedString => {
            let line = crate::lexer::line_of(source, e.offset);
            at(format!(
                "unterminated string literal (detected at line {line})"
            ))
        }
        LexErrorKind::UnterminatedTripleString => {
            // The tokenizer has read every line; a final line break starts no new line.
            let last = source.len() - usize::from(source.ends_with('\n'));
            let line = crate::lexer::line_of(source, last);
            SyntaxError {
                incomplete: true,
                ..at(format!(
                    "unterminated triple-quoted string literal (detected at line {line})"
                ))
            }
        }
        LexErrorKind::UnexpectedIndent => {
            let width = indentation_chars(source, e.offset) as i64;
            at("unexpected indent".into())
                .of_kind(SyntaxKind::Indentation)
                .with_columns(width, -1)
        }
        LexErrorKind::InconsistentDedent => {
            // CPython points just past the end of the offending line.
            let len = line_around(source, e.offset).chars().count() as i64;
            at("unindent does not match any outer indentation level".into())
                .of_kind(SyntaxKind::Indentation)
                .with_columns(len + 1, -1)
        }
        LexErrorKind::TabsAndSpaces => {
            at("inconsistent use of tabs and spaces in indentation".into())
                .of_kind(SyntaxKind::Tab)
                .with_columns(1, 0)
        }
        LexErrorKind::TooManyBrackets => at("too many nested parentheses".into()),
        LexErrorKind::TooDeeplyIndented => at("too many levels of indentation".into())
            .of_kind(SyntaxKind::Indentation)
            .with_columns(1, 0),
        LexErrorKind::ContinuationCharacter => {
            at("unexpected character after line continuation character".into())
        }
        LexErrorKind::InvalidNumber(msg) => at(msg.into()),
        LexErrorKind::InvalidNumberAt(msg) => at(msg.clone()),
        LexErrorKind::Unmatched(c) => at(format!("unmatched '{c}'")),
        LexErrorKind::Mismatched {
            close,
            open,
            open_line,
        } => {
            let close_line = crate::lexer::line_of(source, e.offset);
            if open_line == close_line {
                at(format!(
                    "closing parenthesis '{close}' does not match opening parenthesis '{open}'"
                ))
            } else {
                at(format!("closing parenthesis '{close}' does not match opening parenthesis '{open}' on line {open_line}"))
            }
        }
        LexErrorKind::NeverClosed(c) => SyntaxError {
            incomplete: true,
            ..at(format!("'{c}' was never closed"))
        },
        LexErrorKind::UnexpectedEof => SyntaxError {
            incomplete: true,
            ..at("unexpected EOF while parsing".into())
        },
    }
}

/// The text of the line holding byte `offset`, without its line break.
fn line_around(source: &str, offset: usize) -> &str {
    let offset = offset.min(source.len());
    let start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = source[offset..]
        .find('\n')
        .map_or(source.len(), |i| offset + i);
    source[start..end].trim_end_matches('\r')
}

/// How many characters of indentation come before byte `offset` on its line.
fn indentation_chars(source: &str, offset: usize) -> usize {
    let offset = offset.min(source.len());
    let start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    source[start..offset]
        .chars()
        .take_while(|c| matches!(c, ' ' | '\t' | '\x0c'))
        .count()
}

/// Converts LALRPOP's error into Python's message for the same mistake.
fn parse_error(source: &str, e: ParseError<usize, Tok, SyntaxError>, base: usize) -> SyntaxError {
    match e {
        ParseError::User { mut error } => {
            // CPython reports an escape it cannot decode at the token after the literal.
            if error.msg.starts_with("(unicode error)") {
                if let Some(rest) = source.get(error.offset.saturating_sub(base)..) {
                    let mut next = rest.trim_start_matches([' ', '\t', '\x0c']);
                    if next.starts_with('#') {
                        next = &next[next.find(['\r', '\n']).unwrap_or(next.len())..];
                    }
                    error.offset += rest.len() - next.len();
                }
            }
            error
        }
        ParseError::InvalidToken { location } => SyntaxError::new("invalid token", location),
        ParseError::UnrecognizedEof { location, expected } => {
            let mut err = unexpected_end(source, location, &expected, base);
            err.incomplete = true;
            err
        }
        ParseError::UnrecognizedToken {
            token: (l, tok, r),
            expected,
        } => {
            let mut err = unexpected_token(source, l, &tok, r, &expected, base);
            // The blocks the end of input closes: more lines could finish the statement.
            let rest = source.get(l.saturating_sub(base)..).unwrap_or("");
            err.incomplete |= matches!(tok, Tok::Dedent) && rest.trim().is_empty();
            err
        }
        ParseError::ExtraToken { token: (l, _, r) } => generic(
            source,
            SyntaxError::ranged("invalid syntax", Span::new(l, r)),
            base,
        ),
    }
}

fn unexpected_end(source: &str, location: usize, expected: &[String], base: usize) -> SyntaxError {
    if expected.iter().any(|e| e == "\"INDENT\"") {
        return expected_block(source, location, base);
    }
    SyntaxError::new("invalid syntax", location)
}

fn unexpected_token(
    source: &str,
    l: usize,
    tok: &Tok,
    r: usize,
    expected: &[String],
    base: usize,
) -> SyntaxError {
    match tok {
        Tok::Indent => {
            let width = indentation_chars(source, l.saturating_sub(base)) as i64;
            return SyntaxError::new("unexpected indent", l)
                .of_kind(SyntaxKind::Indentation)
                .with_columns(width, -1);
        }
        _ if expected.iter().any(|e| e == "\"INDENT\"") => {
            return expected_block(source, l, base);
        }
        _ => {}
    }
    if expected.iter().any(|e| e == "\":\"") {
        if let Some(err) = expected_colon(source, l, tok, r, base) {
            return err;
        }
    }
    generic(
        source,
        SyntaxError::ranged("invalid syntax", Span::new(l, r)),
        base,
    )
}

/// CPython's `expected ':'`: a compound statement's header ended without its colon, or
/// (after `def ...)`, `else`, `try`, `finally`) any other token stands where the colon must.
fn expected_colon(source: &str, l: usize, tok: &Tok, r: usize, base: usize) -> Option<SyntaxError> {
    let local = l.saturating_sub(base);
    let mut header: Option<Tok> = None;
    let mut prev: Option<Tok> = None;
    let mut depth = 0usize;
    let mut line_start = true;
    for t in Lexer::new(source, Tok::StartFile).skip(1) {
        let Ok((start, t, _)) = t else { break };
        if start >= local {
            break;
        }
        match t {
            Tok::Newline | Tok::Indent | Tok::Dedent => {
                line_start = true;
                continue;
            }
            Tok::Op("(" | "[" | "{") => depth += 1,
            Tok::Op(")" | "]" | "}") => depth = depth.saturating_sub(1),
            _ => {}
        }
        if line_start || matches!(header, Some(Tok::Kw(Keyword::Async))) && prev == header {
            header = Some(t.clone());
        }
        line_start = false;
        prev = Some(t);
    }
    if depth != 0 {
        return None;
    }
    let forced = matches!(
        prev,
        Some(Tok::Kw(Keyword::Else | Keyword::Try | Keyword::Finally))
    ) || matches!(header, Some(Tok::Kw(Keyword::Def)));
    if forced {
        let r = r.max(l + 1);
        return Some(SyntaxError::ranged("expected ':'", Span::new(l, r)));
    }
    let headed = matches!(
        header,
        Some(Tok::Kw(
            Keyword::If
                | Keyword::Elif
                | Keyword::While
                | Keyword::For
                | Keyword::With
                | Keyword::Class
                | Keyword::Except
        ))
    );
    (headed && matches!(tok, Tok::Newline)).then(|| SyntaxError::new("expected ':'", l))
}

/// CPython's generic `invalid syntax`, unless the tokenizer finds an error further on
/// (`_PyPegen_tokenize_full_source_to_check_for_errors`): an unterminated string or a bracket
/// opened on an earlier line and never closed wins over the generic message.
fn generic(source: &str, err: SyntaxError, base: usize) -> SyntaxError {
    let err_line = crate::lexer::line_of(source, err.offset.saturating_sub(base));
    for t in Lexer::new(source, Tok::StartFile) {
        let Err(e) = t else { continue };
        return match e.kind {
            LexErrorKind::InconsistentDedent | LexErrorKind::TabsAndSpaces => err,
            LexErrorKind::NeverClosed(_) | LexErrorKind::UnexpectedEof => {
                if err_line > crate::lexer::line_of(source, e.offset) {
                    lex_error(source, e, base)
                } else {
                    err
                }
            }
            _ => lex_error(source, e, base),
        };
    }
    err
}

/// `IndentationError: expected an indented block after 'if' statement on line 3`.
fn expected_block(source: &str, location: usize, base: usize) -> SyntaxError {
    let local = location.saturating_sub(base).min(source.len());
    let head_end = source[..local].trim_end().len();
    let head_start = source[..head_end].rfind('\n').map_or(0, |i| i + 1);
    let header = source[head_start..head_end].trim_start();
    let line = crate::lexer::line_of(source, head_start);
    let word = header
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .next()
        .unwrap_or("");
    let what = match word {
        "if" => "'if' statement".to_string(),
        "elif" => "'elif' statement".to_string(),
        "else" => "'else' statement".to_string(),
        "while" => "'while' statement".to_string(),
        "for" => "'for' statement".to_string(),
        "try" => "'try' statement".to_string(),
        "except" => "'except' statement".to_string(),
        "finally" => "'finally' statement".to_string(),
        "with" => "'with' statement".to_string(),
        "def" | "async" => format!("function definition on line {line}"),
        "class" => format!("class definition on line {line}"),
        _ => String::new(),
    };
    let msg = if what.is_empty() {
        "expected an indented block".to_string()
    } else if what.contains(" on line ") {
        format!("expected an indented block after {what}")
    } else {
        format!("expected an indented block after {what} on line {line}")
    };
    SyntaxError::new(msg, location).of_kind(SyntaxKind::Indentation)
}

// ---------------------------------------------------------------- actions

/// One item of a parameter list, validated into [`Params`] by [`params`].
#[derive(Debug)]
pub enum ParamItem {
    Name(Name, Option<Expr>, Option<Expr>),
    Star(Option<Name>),
    DoubleStar(Name),
    Slash,
}

pub fn tuple_or_single(first: Expr, rest: Vec<Expr>, trailing: bool, l: usize, r: usize) -> Expr {
    if rest.is_empty() && !trailing {
        return first;
    }
    let mut items = rest;
    items.insert(0, first);
    Expr::new(ExprKind::Tuple(items), Span::new(l, r))
}

/// `( ... )`: a tuple takes the brackets into its span; a lone starred item is refused.
pub fn parenthesized(e: Expr, l: usize, r: usize) -> PResult<Expr> {
    Ok(match e.kind {
        ExprKind::Tuple(items) => Expr::new(ExprKind::Tuple(items), Span::new(l, r)),
        ExprKind::Starred(_) => {
            return user(SyntaxError::ranged(
                "cannot use starred expression here",
                e.span,
            ))
        }
        _ => e,
    })
}

pub fn bool_op(op: BoolOp, a: Expr, b: Expr, l: usize, r: usize) -> Expr {
    let mut items = match a.kind {
        ExprKind::BoolOp(o, items) if o == op => items,
        kind => vec![Expr::new(kind, a.span)],
    };
    items.push(b);
    Expr::new(ExprKind::BoolOp(op, items), Span::new(l, r))
}

/// A unary operation; `-` of a literal number becomes a negative literal. Only a literal
/// is folded (a positive number), so `---1` keeps its nesting for `nesting.rs` to count.
pub fn unary(op: UnaryOp, e: Expr, l: usize, r: usize) -> Expr {
    let span = Span::new(l, r);
    match (op, &e.kind) {
        (UnaryOp::Neg, ExprKind::Const(Const::Int(i))) if *i > 0 => Expr::new(
            ExprKind::Const(Const::int(-num_bigint::BigInt::from(*i))),
            span,
        ),
        (UnaryOp::Neg, ExprKind::Const(Const::BigInt(i))) if i.sign() == num_bigint::Sign::Plus => {
            Expr::new(ExprKind::Const(Const::int(-(**i).clone())), span)
        }
        (UnaryOp::Neg, ExprKind::Const(Const::Float(f))) if f.is_sign_positive() => {
            Expr::new(ExprKind::Const(Const::Float(-f)), span)
        }
        _ => Expr::new(ExprKind::UnaryOp(op, Box::new(e)), span),
    }
}

pub fn slice(a: Option<Expr>, b: Option<Expr>, c: Option<Expr>, l: usize, r: usize) -> Expr {
    Expr::new(
        ExprKind::Slice(a.map(Box::new), b.map(Box::new), c.map(Box::new)),
        Span::new(l, r),
    )
}

pub fn call(func: Expr, args: Vec<Arg>, l: usize, r: usize) -> PResult<Expr> {
    let mut seen_keyword = false;
    let mut seen_double_star = false;
    for arg in &args {
        match arg {
            Arg::Positional(e) if seen_double_star => {
                return user(SyntaxError::ranged(
                    "positional argument follows keyword argument unpacking",
                    e.span,
                ))
            }
            Arg::Positional(e) if seen_keyword => {
                return user(SyntaxError::ranged(
                    "positional argument follows keyword argument",
                    e.span,
                ))
            }
            Arg::Star(e) if seen_double_star => {
                return user(SyntaxError::ranged(
                    "iterable argument unpacking follows keyword argument unpacking",
                    e.span,
                ))
            }
            Arg::Keyword(..) => seen_keyword = true,
            Arg::DoubleStar(_) => seen_double_star = true,
            _ => {}
        }
    }
    Ok(Expr::new(
        ExprKind::Call {
            func: Box::new(func),
            args,
        },
        Span::new(l, r),
    ))
}

/// `f(x for x in y)`: the generator expression spans the call's parentheses, as
/// CPython's does (where its traceback points at it).
pub fn call_with_genexp(
    f: Expr,
    paren: usize,
    g: Expr,
    comps: Vec<CompFor>,
    l: usize,
    r: usize,
) -> Expr {
    let genexp = generator_exp(g, comps, paren, r);
    Expr::new(
        ExprKind::Call {
            func: Box::new(f),
            args: vec![Arg::Positional(genexp)],
        },
        Span::new(l, r),
    )
}

/// A generator expression becomes a hidden generator function `<genexpr>(.0)` whose body
/// loops over `.0`; the first iterable is evaluated where the expression stands.
pub fn generator_exp(element: Expr, mut comps: Vec<CompFor>, l: usize, r: usize) -> Expr {
    let span = Span::new(l, r);
    let first_iter = std::mem::replace(
        &mut comps[0].iter,
        Expr::new(ExprKind::Name(NameRef::new(Rc::from(".0"))), span),
    );
    let yield_stmt = Stmt::new(
        StmtKind::Expr(Expr::new(ExprKind::Yield(Some(Box::new(element))), span)),
        span,
    );
    let body = nest_comprehension(comps, vec![yield_stmt], span);
    let def = FunctionDef {
        name: Rc::from("<genexpr>"),
        params: Params {
            positional: vec![Param {
                name: NameRef::new(Rc::from(".0")),
                default: None,
                annotation: None,
            }],
            ..Params::default()
        },
        body,
        decorators: Vec::new(),
        returns: None,
        is_async: false,
        is_lambda: false,
        span,
        scope: Default::default(),
        code: Default::default(),
    };
    Expr::new(
        ExprKind::GeneratorExp(Rc::new(def), Box::new(first_iter)),
        span,
    )
}

/// Turns `for a in b if c for d in e` into nested `for`/`if` statements around `inner`.
fn nest_comprehension(comps: Vec<CompFor>, inner: Vec<Stmt>, span: Span) -> Vec<Stmt> {
    let mut body = inner;
    for comp in comps.into_iter().rev() {
        for cond in comp.ifs.into_iter().rev() {
            body = vec![Stmt::new(StmtKind::If(cond, body, Vec::new()), span)];
        }
        body = vec![Stmt::new(
            StmtKind::For {
                target: comp.target,
                iter: comp.iter,
                body,
                orelse: Vec::new(),
                is_async: comp.is_async,
            },
            span,
        )];
    }
    body
}

pub fn comp_for(is_async: bool, target: Expr, iter: Expr, ifs: Vec<Expr>) -> PResult<CompFor> {
    check_assign_target(&target)?;
    Ok(CompFor {
        target,
        iter,
        ifs,
        is_async,
    })
}

pub fn strings(tokens: Vec<StrToken>, l: usize, r: usize) -> PResult<Expr> {
    strings::string_atom(tokens, Span::new(l, r)).or_else(user)
}

pub fn lambda(
    items: Vec<(usize, ParamItem)>,
    colon: usize,
    body: Expr,
    l: usize,
    r: usize,
) -> PResult<Expr> {
    let span = Span::new(l, r);
    let body_span = body.span;
    let ret = Stmt::new(StmtKind::Return(Some(body)), body_span);
    let def = FunctionDef {
        name: Rc::from("<lambda>"),
        params: params(items, Some(colon))?,
        body: vec![ret],
        decorators: Vec::new(),
        returns: None,
        is_async: false,
        is_lambda: true,
        span,
        scope: Default::default(),
        code: Default::default(),
    };
    Ok(Expr::new(ExprKind::Lambda(Rc::new(def)), span))
}

pub fn function_def(
    is_async: bool,
    name: Name,
    items: Vec<(usize, ParamItem)>,
    returns: Option<Expr>,
    body: Vec<Stmt>,
    l: usize,
    r: usize,
) -> PResult<Box<FunctionDef>> {
    Ok(Box::new(FunctionDef {
        name,
        params: params(items, None)?,
        body,
        decorators: Vec::new(),
        returns,
        is_async,
        is_lambda: false,
        span: Span::new(l, r),
        scope: Default::default(),
        code: Default::default(),
    }))
}

/// A parameter list checked as CPython does, each error's caret on the parameter at fault
/// (for a lambda's bare `*`, on what follows it: the `**` or the `colon`).
fn params(items: Vec<(usize, ParamItem)>, colon: Option<usize>) -> PResult<Params> {
    let mut p = Params::default();
    let mut after_star = false;
    let mut bare_star = None;
    let mut seen_default = false;
    // Where each name is, in the order CPython's symbol table meets them: positional,
    // keyword-only, then *args and **kwargs.
    let (mut positional_at, mut kwonly_at, mut star_at) = (Vec::new(), Vec::new(), Vec::new());
    for (at, item) in items {
        if p.kwargs.is_some() {
            return user(SyntaxError::new(
                "arguments cannot follow var-keyword argument",
                at,
            ));
        }
        match item {
            ParamItem::Name(name, annotation, default) => {
                let param = Param {
                    name: NameRef::new(name),
                    default,
                    annotation,
                };
                if after_star {
                    p.kwonly.push(param);
                    kwonly_at.push(at);
                } else {
                    if param.default.is_some() {
                        seen_default = true;
                    } else if seen_default {
                        return user(SyntaxError::new(
                            "non-default argument follows default argument",
                            at,
                        ));
                    }
                    p.positional.push(param);
                    positional_at.push(at);
                }
            }
            ParamItem::Star(name) => {
                if after_star {
                    return user(SyntaxError::new("* argument may appear only once", at));
                }
                after_star = true;
                match name {
                    Some(_) => star_at.insert(0, at + 1),
                    None => bare_star = Some(at),
                }
                p.varargs = name.map(NameRef::new);
            }
            ParamItem::DoubleStar(name) => {
                p.kwargs = Some(NameRef::new(name));
                star_at.push(at + 2);
                if let (Some(_), Some(_)) = (bare_star, colon) {
                    if p.kwonly.is_empty() {
                        let span = Span::new(at, at + 2);
                        return user(SyntaxError::ranged(
                            "named arguments must follow bare *",
                            span,
                        ));
                    }
                }
            }
            ParamItem::Slash => {
                let msg = if after_star {
                    "/ must be ahead of *"
                } else if p.posonly > 0 {
                    "/ may appear only once"
                } else if p.positional.is_empty() {
                    "at least one argument must precede /"
                } else {
                    p.posonly = p.positional.len();
                    continue;
                };
                return user(SyntaxError::new(msg, at));
            }
        }
    }
    if let Some(at) = bare_star.filter(|_| p.kwonly.is_empty()) {
        let at = colon.unwrap_or(at);
        return user(SyntaxError::new("named arguments must follow bare *", at));
    }
    let mut seen = std::collections::HashSet::new();
    let names = p
        .positional
        .iter()
        .chain(&p.kwonly)
        .map(|p| &p.name.id)
        .chain(p.varargs.iter().map(|n| &n.id))
        .chain(p.kwargs.iter().map(|n| &n.id));
    let places = positional_at.into_iter().chain(kwonly_at).chain(star_at);
    for (name, at) in names.zip(places) {
        if !seen.insert(name.clone()) {
            return user(SyntaxError::new(
                format!("duplicate argument '{name}' in function definition"),
                at,
            ));
        }
    }
    Ok(p)
}

pub fn function_stmt(decorators: Vec<Expr>, mut def: Box<FunctionDef>, l: usize, r: usize) -> Stmt {
    def.decorators = decorators;
    let name = NameRef::new(def.name.clone());
    Stmt::new(StmtKind::FunctionDef(Rc::from(def), name), Span::new(l, r))
}

pub fn class_stmt(
    decorators: Vec<Expr>,
    name: Name,
    bases: Option<Vec<Arg>>,
    body: Vec<Stmt>,
    l: usize,
    r: usize,
) -> PResult<Stmt> {
    let span = Span::new(l, r);
    let def = ClassDef {
        name: name.clone(),
        bases: bases.unwrap_or_default(),
        body,
        decorators,
        span,
        scope: Default::default(),
    };
    Ok(Stmt::new(
        StmtKind::ClassDef(Rc::new(def), NameRef::new(name)),
        span,
    ))
}

pub fn if_stmt(
    test: Expr,
    body: Vec<Stmt>,
    elifs: Vec<(usize, Expr, Vec<Stmt>)>,
    orelse: Option<Vec<Stmt>>,
    l: usize,
    r: usize,
) -> Stmt {
    let mut tail = orelse.unwrap_or_default();
    for (el, t, b) in elifs.into_iter().rev() {
        tail = vec![Stmt::new(StmtKind::If(t, b, tail), Span::new(el, r))];
    }
    Stmt::new(StmtKind::If(test, body, tail), Span::new(l, r))
}

pub fn for_stmt(
    is_async: bool,
    target: Expr,
    iter: Expr,
    body: Vec<Stmt>,
    orelse: Option<Vec<Stmt>>,
    l: usize,
    r: usize,
) -> PResult<Stmt> {
    check_assign_target(&target)?;
    Ok(Stmt::new(
        StmtKind::For {
            target,
            iter,
            body,
            orelse: orelse.unwrap_or_default(),
            is_async,
        },
        Span::new(l, r),
    ))
}

pub fn with_item(context: Expr, target: Option<Expr>) -> PResult<WithItem> {
    if let Some(t) = &target {
        check_target(t, "assign to")?;
    }
    Ok(WithItem { context, target })
}

pub fn with_stmt(
    is_async: bool,
    items: Vec<WithItem>,
    body: Vec<Stmt>,
    l: usize,
    r: usize,
) -> Stmt {
    Stmt::new(
        StmtKind::With {
            items,
            body,
            is_async,
        },
        Span::new(l, r),
    )
}

pub fn try_stmt(
    body: Vec<Stmt>,
    handlers: Vec<(bool, Handler)>,
    orelse: Option<Vec<Stmt>>,
    finally: Option<Vec<Stmt>>,
    l: usize,
    r: usize,
) -> PResult<Stmt> {
    let star = handlers.first().is_some_and(|(s, _)| *s);
    if handlers.iter().any(|(s, _)| *s != star) {
        return user(SyntaxError::new(
            "cannot have both 'except' and 'except*' on the same 'try'",
            l,
        ));
    }
    let n = handlers.len();
    for (i, (_, h)) in handlers.iter().enumerate() {
        if h.typ.is_none() && i + 1 != n {
            return user(SyntaxError::ranged(
                "default 'except:' must be last",
                h.span,
            ));
        }
        if h.typ.is_none() && star {
            return user(SyntaxError::new("expected one or more exception types", l));
        }
    }
    Ok(Stmt::new(
        StmtKind::Try {
            body,
            handlers: handlers.into_iter().map(|(_, h)| h).collect(),
            orelse: orelse.unwrap_or_default(),
            finally: finally.unwrap_or_default(),
            star,
        },
        Span::new(l, r),
    ))
}

pub fn import_binding(dotted: Vec<Name>, alias: Option<Name>) -> (Vec<Name>, NameRef) {
    let bound = alias.unwrap_or_else(|| dotted[0].clone());
    (dotted, NameRef::new(bound))
}

pub fn delete(targets: Expr) -> PResult<StmtKind> {
    let targets = match targets.kind {
        ExprKind::Tuple(items)
            if targets.span.start == items.first().map_or(0, |e| e.span.start) =>
        {
            items
        }
        kind => vec![Expr::new(kind, targets.span)],
    };
    for t in &targets {
        check_target(t, "delete")?;
    }
    Ok(StmtKind::Delete(targets))
}

pub fn assign(target: Expr, mut values: Vec<Expr>, l: usize, r: usize) -> PResult<Stmt> {
    let value = values.pop().expect("at least one '=' value");
    let mut targets = vec![target];
    targets.extend(values);
    for t in &targets {
        check_assign_target(t)?;
    }
    Ok(Stmt::new(StmtKind::Assign(targets, value), Span::new(l, r)))
}

pub fn aug_assign(target: Expr, op: BinOp, value: Expr, l: usize, r: usize) -> PResult<Stmt> {
    check_debug(&target, "assign to", false)?;
    match target.kind {
        ExprKind::Name(_) | ExprKind::Attribute(..) | ExprKind::Subscript(..) => {}
        _ => {
            return user(SyntaxError::ranged(
                format!(
                    "'{}' is an illegal expression for augmented assignment",
                    describe(&target)
                ),
                target.span,
            ))
        }
    }
    Ok(Stmt::new(
        StmtKind::AugAssign(target, op, value),
        Span::new(l, r),
    ))
}

pub fn ann_assign(
    target: Expr,
    annotation: Expr,
    value: Option<Expr>,
    l: usize,
    r: usize,
) -> PResult<Stmt> {
    // Without a value CPython points at the whole statement.
    check_debug(&target, "assign to", true).map_err(|e| match (&value, e) {
        (None, ParseError::User { mut error }) => {
            (error.offset, error.end) = (l, Some(r));
            ParseError::User { error }
        }
        (_, e) => e,
    })?;
    match target.kind {
        ExprKind::Name(_) | ExprKind::Attribute(..) | ExprKind::Subscript(..) => {}
        ExprKind::Tuple(_) => {
            return user(SyntaxError::ranged(
                "only single target (not tuple) can be annotated",
                target.span,
            ))
        }
        _ => {
            return user(SyntaxError::ranged(
                "illegal target for annotation",
                target.span,
            ))
        }
    }
    let _ = annotation;
    Ok(Stmt::new(
        StmtKind::AnnAssign(target, value),
        Span::new(l, r),
    ))
}

/// A whole assignment or `for` target: a starred one must be inside a list or tuple.
fn check_assign_target(e: &Expr) -> PResult<()> {
    if let ExprKind::Starred(_) = e.kind {
        return user(SyntaxError::ranged(
            "starred assignment target must be in a list or tuple",
            e.span,
        ));
    }
    check_target(e, "assign to")
}

/// `__debug__` is a constant: no name of that name can be bound or deleted, nor an
/// attribute assigned (CPython lets `del x.__debug__` and `x.__debug__ += 1` through).
fn check_debug(e: &Expr, verb: &str, attributes: bool) -> PResult<()> {
    let name = match &e.kind {
        ExprKind::Name(n) => &*n.id,
        ExprKind::Attribute(_, attr) if attributes => &**attr,
        _ => return Ok(()),
    };
    if name == "__debug__" {
        return user(SyntaxError::ranged(
            format!("cannot {verb} __debug__"),
            e.span,
        ));
    }
    Ok(())
}

/// Rejects what cannot be assigned to (or deleted), with Python's message.
fn check_target(e: &Expr, verb: &str) -> PResult<()> {
    match &e.kind {
        ExprKind::Name(_) | ExprKind::Attribute(..) | ExprKind::Subscript(..) => {
            check_debug(e, verb, verb == "assign to")
        }
        ExprKind::Tuple(items) | ExprKind::List(items) => {
            let mut starred = 0;
            for item in items {
                if matches!(item.kind, ExprKind::Starred(_)) {
                    starred += 1;
                }
                check_target(item, verb)?;
            }
            if starred > 1 {
                return user(SyntaxError::ranged(
                    "multiple starred expressions in assignment",
                    e.span,
                ));
            }
            Ok(())
        }
        ExprKind::Starred(inner) if verb == "assign to" => check_target(inner, verb),
        ExprKind::Starred(_) => user(SyntaxError::ranged("cannot delete starred", e.span)),
        _ => {
            let what = describe(e);
            let hint = if matches!(
                e.kind,
                ExprKind::Call { .. }
                    | ExprKind::Compare(..)
                    | ExprKind::BinOp(..)
                    | ExprKind::Const(_)
                    | ExprKind::Name(_)
            ) && verb == "assign to"
            {
                " here. Maybe you meant '==' instead of '='?"
            } else {
                ""
            };
            user(SyntaxError::ranged(
                format!("cannot {verb} {what}{hint}"),
                e.span,
            ))
        }
    }
}

/// Python's name for an expression in "cannot assign to ..." messages.
fn describe(e: &Expr) -> &'static str {
    match &e.kind {
        ExprKind::Call { .. } => "function call",
        ExprKind::Const(Const::None) => "None",
        ExprKind::Const(Const::True) => "True",
        ExprKind::Const(Const::False) => "False",
        ExprKind::Const(Const::Ellipsis) => "ellipsis",
        ExprKind::Const(_) | ExprKind::FString(_) => "literal",
        ExprKind::BinOp(..) | ExprKind::UnaryOp(..) => "expression",
        ExprKind::BoolOp(..) => "expression",
        ExprKind::Compare(..) => "comparison",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::Lambda(_) => "lambda",
        ExprKind::Await(..) => "await expression",
        ExprKind::Yield(_) | ExprKind::YieldFrom(_) => "yield expression",
        ExprKind::ListComp(_) => "list comprehension",
        ExprKind::SetComp(_) => "set comprehension",
        ExprKind::DictComp(_) => "dict comprehension",
        ExprKind::GeneratorExp(..) => "generator expression",
        ExprKind::Dict(_) => "dict literal",
        ExprKind::Set(_) => "set display",
        ExprKind::NamedExpr(..) => "named expression",
        ExprKind::Starred(_) => "starred",
        _ => "expression",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(src: &str) -> String {
        parse_module(src).unwrap_err().msg
    }

    #[test]
    fn parses_the_language() {
        let src = "import asyncio\n@dec\nasync def f(a, b=1, *c, d, **e) -> int:\n    x: int = await g(*a, k=2, **e)\n    async with h() as (p, q):\n        pass\n    return [i async for i in y if i]\nclass A(B):\n    def m(self):\n        return super().m(), {1: 2, **d}, {1, 2}, (x for x in y), lambda x, *y: x[1:2, ::3]\ntry:\n    pass\nexcept* E as e:\n    raise X from e\nx = f'{a!r:>{w}} {b=}' 'z'\na, *b = c = d\n";
        let m = parse_module(src).unwrap();
        assert_eq!(m.len(), 6);
    }

    #[test]
    fn python_messages() {
        assert_eq!(err("if x\n    pass\n"), "expected ':'");
        assert_eq!(err("x = (1,\n"), "'(' was never closed");
        assert_eq!(
            err("f() = 1\n"),
            "cannot assign to function call here. Maybe you meant '==' instead of '='?"
        );
        assert_eq!(
            err("if x:\npass\n"),
            "expected an indented block after 'if' statement on line 1"
        );
        assert_eq!(err("x = 1 +\n"), "invalid syntax");
    }
}
