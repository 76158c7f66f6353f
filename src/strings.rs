//! String literals: decoding escapes and splitting f-strings, for the parser.
//!
//! The lexer only finds where a literal starts and ends. Here adjacent literals are joined,
//! escapes are decoded, and each f-string is split into literal text and replacement fields,
//! whose expressions are parsed by calling back into the parser in expression mode.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::ast::{Const, Expr, ExprKind, FPart, Span};
use crate::lexer::StrToken;
use crate::parser::{parse_expression, SyntaxError};
use crate::value::PyStr;

thread_local! {
    /// Every string literal parsed, by its text: equal literals are one object, so `is`
    /// between them is true, as in CPython (whose compiler merges a module's equal
    /// constants and interns the ones that look like names).
    static LITERALS: RefCell<HashMap<Box<str>, Rc<PyStr>>> = RefCell::default();
}

/// The string object of a literal with this text.
fn literal(text: &str) -> Rc<PyStr> {
    LITERALS.with(|literals| {
        literals
            .borrow_mut()
            .entry(text.into())
            .or_insert_with(|| Rc::new(PyStr::from(text)))
            .clone()
    })
}

/// Builds the expression for one or more adjacent string literals.
pub fn string_atom(tokens: Vec<StrToken>, span: Span) -> Result<Expr, SyntaxError> {
    // CPython reports an escape it cannot decode at the token after the literal (parser.rs
    // moves the caret there from its end).
    string_atom_inner(tokens, span).map_err(|mut e| {
        if e.msg.starts_with("(unicode error)") {
            e.offset = span.end as usize;
        }
        e
    })
}

fn string_atom_inner(tokens: Vec<StrToken>, span: Span) -> Result<Expr, SyntaxError> {
    let at = span.start as usize;
    if tokens.iter().any(|t| t.bytes) {
        return Err(SyntaxError::new(
            "bytes literals are not supported by Aio",
            at,
        ));
    }
    let mut parts: Vec<FPart> = Vec::new();
    let mut any_f = false;
    for tok in &tokens {
        if tok.fstring {
            any_f = true;
            parse_fstring(tok, &tok.body, tok.body_start, &mut parts, 0)?;
        } else {
            let text = decode(&tok.body, tok.raw, tok.body_start)?;
            push_literal(&mut parts, &text);
        }
    }
    if !any_f {
        let text = match parts.pop() {
            Some(FPart::Literal(s)) => s,
            _ => Rc::from(""),
        };
        return Ok(Expr::new(ExprKind::Const(Const::Str(literal(&text))), span));
    }
    Ok(Expr::new(ExprKind::FString(parts), span))
}

fn push_literal(parts: &mut Vec<FPart>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(FPart::Literal(prev)) = parts.last_mut() {
        *prev = Rc::from(format!("{prev}{text}"));
    } else {
        parts.push(FPart::Literal(Rc::from(text)));
    }
}

/// Decodes the escapes of a (non-raw) string body.
pub fn decode(body: &str, raw: bool, offset: usize) -> Result<String, SyntaxError> {
    if raw || !body.contains('\\') {
        return Ok(body.to_string());
    }
    // CPython decodes a copy where each non-ASCII character is a 10-byte `\UXXXXXXXX`:
    // its error positions count in that copy.
    let at = |j: usize| {
        let before = &body[..j.min(body.len())];
        before.len()
            + before
                .chars()
                .filter(|c| !c.is_ascii())
                .map(|c| 10 - c.len_utf8())
                .sum::<usize>()
    };
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some((_, e)) = chars.next() else {
            out.push('\\');
            break;
        };
        match e {
            '\n' => {}
            '\r' => {
                if chars.peek().map(|p| p.1) == Some('\n') {
                    chars.next();
                }
            }
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0c'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\x0b'),
            '0'..='7' => {
                let mut value = e.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match chars.peek() {
                        Some(&(_, d)) if d.is_digit(8) => {
                            value = value * 8 + d.to_digit(8).unwrap_or(0);
                            chars.next();
                        }
                        _ => break,
                    }
                }
                out.push(char::from_u32(value).unwrap_or('\u{fffd}'));
            }
            'x' | 'u' | 'U' => {
                let len = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let mut value = 0u32;
                for k in 0..len {
                    match chars.peek() {
                        Some(&(_, d)) if d.is_ascii_hexdigit() => {
                            value = value.wrapping_mul(16) + d.to_digit(16).unwrap_or(0);
                            chars.next();
                        }
                        _ => {
                            let kind = if e == 'x' {
                                "\\xXX"
                            } else if e == 'u' {
                                "\\uXXXX"
                            } else {
                                "\\UXXXXXXXX"
                            };
                            return Err(SyntaxError::new(
                                format!("(unicode error) 'unicodeescape' codec can't decode bytes in position {}-{}: truncated {kind} escape", at(i), at(i + 1 + k)),
                                offset,
                            ));
                        }
                    }
                }
                match char::from_u32(value) {
                    Some(c) => out.push(c),
                    None => {
                        return Err(SyntaxError::new(
                            format!("(unicode error) 'unicodeescape' codec can't decode bytes in position {}-{}: illegal Unicode character", at(i), at(i + 1 + len)),
                            offset,
                        ))
                    }
                }
            }
            'N' => {
                // `\N{NAME}`: a character by its Unicode name or alias, as CPython's.
                let error = |end: usize, what: &str| {
                    SyntaxError::new(
                        format!("(unicode error) 'unicodeescape' codec can't decode bytes in position {}-{}: {what}", at(i), at(end)),
                        offset,
                    )
                };
                let malformed = "malformed \\N character escape";
                let Some(inner) = body[i + 2..].strip_prefix('{') else {
                    return Err(error(i + 1, malformed));
                };
                let Some(len) = inner.find('}') else {
                    return Err(error(body.len() - 1, malformed));
                };
                if len == 0 {
                    return Err(error(i + 2, malformed));
                }
                let close = i + 3 + len;
                match unicode_name(&inner[..len]) {
                    Some(c) => out.push(c),
                    None => return Err(error(close, "unknown Unicode character name")),
                }
                while chars.next_if(|&(j, _)| j <= close).is_some() {}
            }
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    Ok(out)
}

/// The character named `name` (any case), as `unicodedata.lookup` finds it.
fn unicode_name(name: &str) -> Option<char> {
    // The table trims nothing; CPython's lookup takes the name exactly.
    if name.starts_with(' ') || name.ends_with(' ') || name.contains("  ") {
        return None;
    }
    unicode_names2::character(name)
}

fn fstring_error(msg: &str, offset: usize) -> SyntaxError {
    SyntaxError::new(format!("f-string: {msg}"), offset)
}

/// Splits an f-string body (or a nested format spec) into parts.
fn parse_fstring(
    tok: &StrToken,
    body: &str,
    base: usize,
    parts: &mut Vec<FPart>,
    depth: usize,
) -> Result<(), SyntaxError> {
    if depth > 1 {
        return Err(fstring_error("expressions nested too deeply", base));
    }
    let bytes = body.as_bytes();
    let mut literal = String::new();
    let mut lit_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' if bytes.get(i + 1) == Some(&b'{') && depth == 0 => {
                literal.push_str(&decode(&body[lit_start..i], tok.raw, base)?);
                literal.push('{');
                i += 2;
                lit_start = i;
            }
            b'}' if bytes.get(i + 1) == Some(&b'}') && depth == 0 => {
                literal.push_str(&decode(&body[lit_start..i], tok.raw, base)?);
                literal.push('}');
                i += 2;
                lit_start = i;
            }
            b'}' => return Err(fstring_error("single '}' is not allowed", base + i)),
            // An escaped backslash, and the braces of `\N{NAME}`, are literal text.
            b'\\' if !tok.raw => match bytes.get(i + 1) {
                Some(b'\\') => i += 2,
                Some(b'N') if bytes.get(i + 2) == Some(&b'{') => {
                    i = body[i + 3..].find('}').map_or(i + 3, |k| i + 4 + k);
                }
                _ => i += 1,
            },
            b'{' => {
                literal.push_str(&decode(&body[lit_start..i], tok.raw, base)?);
                let end = field(tok, body, base, i, parts, &mut literal, depth)?;
                i = end;
                lit_start = i;
            }
            _ => i += 1,
        }
    }
    literal.push_str(&decode(&body[lit_start..], tok.raw, base)?);
    push_literal(parts, &literal);
    Ok(())
}

/// Parses one replacement field starting at the `{` at `open`; returns the index after `}`.
fn field(
    tok: &StrToken,
    body: &str,
    base: usize,
    open: usize,
    parts: &mut Vec<FPart>,
    literal: &mut String,
    depth: usize,
) -> Result<usize, SyntaxError> {
    let bytes = body.as_bytes();
    let start = open + 1;
    let mut i = start;
    let mut nesting: Vec<u8> = Vec::new();
    let mut quote: Option<u8> = None;
    // Find the end of the expression: a top-level '!', ':', '=' (not part of an operator) or '}'.
    let expr_end = loop {
        let Some(&c) = bytes.get(i) else {
            return Err(fstring_error("expecting '}'", base + open));
        };
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        match c {
            b'\\' => {
                return Err(fstring_error(
                    "expression part cannot include a backslash",
                    base + i,
                ))
            }
            b'\'' | b'"' => quote = Some(c),
            b'(' | b'[' | b'{' => nesting.push(c),
            b')' | b']' => {
                nesting.pop();
            }
            b'}' if nesting.is_empty() => break i,
            b'}' => {
                nesting.pop();
            }
            b'#' => {
                return Err(fstring_error(
                    "expression part cannot include '#'",
                    base + i,
                ))
            }
            b'!' if nesting.is_empty() && bytes.get(i + 1) != Some(&b'=') => break i,
            b':' if nesting.is_empty() => break i,
            b'=' if nesting.is_empty()
                && bytes.get(i + 1) != Some(&b'=')
                && !matches!(
                    bytes.get(i.wrapping_sub(1)),
                    Some(b'=' | b'!' | b'<' | b'>')
                ) =>
            {
                break i
            }
            _ => {}
        }
        i += 1;
    };
    let expr_text = &body[start..expr_end];
    if expr_text.trim().is_empty() {
        return Err(fstring_error("empty expression not allowed", base + open));
    }
    let mut i = expr_end;
    let mut debug = false;
    if bytes.get(i) == Some(&b'=') {
        debug = true;
        i += 1;
        // The text up to and including '=', and the whitespace after it, is printed as is.
        while bytes.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
            i += 1;
        }
        literal.push_str(&body[start..i]);
    }
    let mut conversion = None;
    if bytes.get(i) == Some(&b'!') {
        let c = body[i + 1..].chars().next();
        match c {
            Some(c @ ('r' | 's' | 'a')) => conversion = Some(c),
            _ => {
                return Err(fstring_error(
                    "invalid conversion character: expected 's', 'r', or 'a'",
                    base + i,
                ))
            }
        }
        i += 2;
    }
    let mut spec = None;
    if bytes.get(i) == Some(&b':') {
        let spec_start = i + 1;
        let mut level = 0;
        let mut j = spec_start;
        loop {
            match bytes.get(j) {
                None => return Err(fstring_error("expecting '}'", base + open)),
                Some(b'{') => level += 1,
                Some(b'}') if level == 0 => break,
                Some(b'}') => level -= 1,
                _ => {}
            }
            j += 1;
        }
        let mut spec_parts = Vec::new();
        parse_fstring(
            tok,
            &body[spec_start..j],
            base + spec_start,
            &mut spec_parts,
            depth + 1,
        )?;
        spec = Some(spec_parts);
        i = j;
    }
    if bytes.get(i) != Some(&b'}') {
        return Err(fstring_error("expecting '}'", base + open));
    }
    if debug && conversion.is_none() && spec.is_none() {
        conversion = Some('r');
    }
    push_literal(parts, literal);
    literal.clear();
    let source = format!("({expr_text})");
    let expr = parse_expression(&source, base + open).map_err(|mut e| {
        e.msg = format!("f-string: {}", e.msg);
        e.incomplete = false;
        e
    })?;
    parts.push(FPart::Value {
        expr: Box::new(expr),
        conversion,
        spec,
    });
    Ok(i + 1)
}
