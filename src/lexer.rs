//! Source text to tokens: the first stage of the pipeline.
//!
//! logos recognises the raw tokens; [`Lexer`] wraps them in Python's layout rules. It yields
//! `Newline` at the end of each logical line, `Indent`/`Dedent` when the indentation of a
//! logical line changes, ignores line breaks inside brackets and after a backslash, and closes
//! every open block at the end of input. Indentation is decided at the first token of each
//! logical line, so blank lines, comment lines and the end of the file need no special cases.
//! String literals are only delimited here; `strings.rs` decodes their bodies.

use std::collections::VecDeque;
use std::rc::Rc;

use logos::Logos;
use num_bigint::BigInt;

/// A token as the grammar sees it (`extern { enum Tok }` in `grammar/aio.lalrpop`).
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    // Synthetic first tokens select what the one grammar entry point parses.
    StartFile,
    StartInteractive,
    StartEval,
    Newline,
    Indent,
    Dedent,
    Name(Rc<str>),
    Int(BigInt),
    Float(f64),
    Str(StrToken),
    Kw(Keyword),
    Op(&'static str),
}

/// A string literal exactly as written: its prefix letters, quote and undecoded body.
#[derive(Debug, Clone, PartialEq)]
pub struct StrToken {
    pub raw: bool,
    pub fstring: bool,
    pub bytes: bool,
    pub triple: bool,
    /// The text between the quotes, escapes not yet decoded.
    pub body: Rc<str>,
    /// Byte offset of `body` in the source, for errors inside f-strings.
    pub body_start: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keyword {
    False,
    None,
    True,
    And,
    As,
    Assert,
    Async,
    Await,
    Break,
    Class,
    Continue,
    Def,
    Del,
    Elif,
    Else,
    Except,
    Finally,
    For,
    From,
    Global,
    If,
    Import,
    In,
    Is,
    Lambda,
    Nonlocal,
    Not,
    Or,
    Pass,
    Raise,
    Return,
    Try,
    While,
    With,
    Yield,
}

impl Keyword {
    fn from_name(s: &str) -> Option<Keyword> {
        use Keyword::*;
        Some(match s {
            "False" => False,
            "None" => None,
            "True" => True,
            "and" => And,
            "as" => As,
            "assert" => Assert,
            "async" => Async,
            "await" => Await,
            "break" => Break,
            "class" => Class,
            "continue" => Continue,
            "def" => Def,
            "del" => Del,
            "elif" => Elif,
            "else" => Else,
            "except" => Except,
            "finally" => Finally,
            "for" => For,
            "from" => From,
            "global" => Global,
            "if" => If,
            "import" => Import,
            "in" => In,
            "is" => Is,
            "lambda" => Lambda,
            "nonlocal" => Nonlocal,
            "not" => Not,
            "or" => Or,
            "pass" => Pass,
            "raise" => Raise,
            "return" => Return,
            "try" => Try,
            "while" => While,
            "with" => With,
            "yield" => Yield,
            _ => return Option::None,
        })
    }

    pub fn as_str(self) -> &'static str {
        use Keyword::*;
        match self {
            False => "False",
            None => "None",
            True => "True",
            And => "and",
            As => "as",
            Assert => "assert",
            Async => "async",
            Await => "await",
            Break => "break",
            Class => "class",
            Continue => "continue",
            Def => "def",
            Del => "del",
            Elif => "elif",
            Else => "else",
            Except => "except",
            Finally => "finally",
            For => "for",
            From => "from",
            Global => "global",
            If => "if",
            Import => "import",
            In => "in",
            Is => "is",
            Lambda => "lambda",
            Nonlocal => "nonlocal",
            Not => "not",
            Or => "or",
            Pass => "pass",
            Raise => "raise",
            Return => "return",
            Try => "try",
            While => "while",
            With => "with",
            Yield => "yield",
        }
    }
}

/// What went wrong while cutting the text into tokens, at a byte offset.
#[derive(Debug, Clone, PartialEq)]
pub struct LexError {
    pub kind: LexErrorKind,
    pub offset: usize,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub enum LexErrorKind {
    #[default]
    InvalidCharacter,
    UnterminatedString,
    UnterminatedTripleString,
    UnexpectedIndent,
    InconsistentDedent,
    TabsAndSpaces,
    /// More than CPython's 200 open brackets.
    TooManyBrackets,
    /// More than CPython's 99 indentation levels.
    TooDeeplyIndented,
    ContinuationCharacter,
    InvalidNumber(&'static str),
    /// A number literal's error with its message made for it.
    InvalidNumberAt(String),
    Unmatched(char),
    Mismatched {
        close: char,
        open: char,
        open_line: usize,
    },
    NeverClosed(char),
    /// The text ended inside a bracket or a triple-quoted string: the REPL asks for more.
    UnexpectedEof,
}

impl LexErrorKind {
    pub fn is_eof(&self) -> bool {
        matches!(
            self,
            LexErrorKind::UnexpectedEof
                | LexErrorKind::NeverClosed(_)
                | LexErrorKind::UnterminatedTripleString
        )
    }
}

/// Raw tokens, before layout. Whitespace between tokens and comments are skipped here;
/// line breaks are kept because layout needs them.
#[derive(Logos, Debug, Clone, PartialEq)]
#[logos(error = LexErrorKind)]
#[logos(skip r"[ \t\x0c]+")]
enum Raw {
    #[regex(r"#[^\r\n]*", logos::skip, allow_greedy = true)]
    Comment,
    #[regex(r"\r?\n|\r")]
    LineBreak,
    #[regex(r"\\\r?\n")]
    Continuation,
    #[regex(r"\\")]
    StrayBackslash,
    #[regex(r"[\p{XID_Start}_][\p{XID_Continue}]*")]
    Name,
    #[regex(r"[0-9][0-9_]*")]
    #[regex(r"0[xX][0-9a-fA-F_]+")]
    #[regex(r"0[oO][0-7_]+")]
    #[regex(r"0[bB][01_]+")]
    Int,
    #[regex(r"[0-9][0-9_]*\.[0-9_]*([eE][+-]?[0-9_]+)?")]
    #[regex(r"\.[0-9][0-9_]*([eE][+-]?[0-9_]+)?")]
    #[regex(r"[0-9][0-9_]*[eE][+-]?[0-9_]+")]
    Float,
    #[regex(r#"([rRbBuUfF]|[rR][bBfF]|[bBfF][rR])?['"]"#, scan_string)]
    Str(StrShape),
    #[token("(")]
    #[token("[")]
    #[token("{")]
    Open,
    #[token(")")]
    #[token("]")]
    #[token("}")]
    Close,
    #[token("+")]
    #[token("-")]
    #[token("*")]
    #[token("/")]
    #[token("//")]
    #[token("%")]
    #[token("**")]
    #[token("@")]
    #[token("<<")]
    #[token(">>")]
    #[token("&")]
    #[token("|")]
    #[token("^")]
    #[token("~")]
    #[token(":=")]
    #[token("<")]
    #[token(">")]
    #[token("<=")]
    #[token(">=")]
    #[token("==")]
    #[token("!=")]
    #[token(",")]
    #[token(":")]
    #[token(".")]
    #[token(";")]
    #[token("=")]
    #[token("->")]
    #[token("+=")]
    #[token("-=")]
    #[token("*=")]
    #[token("/=")]
    #[token("//=")]
    #[token("%=")]
    #[token("@=")]
    #[token("&=")]
    #[token("|=")]
    #[token("^=")]
    #[token(">>=")]
    #[token("<<=")]
    #[token("**=")]
    #[token("...")]
    Op,
}

/// Where the quotes of a string literal are, found by [`scan_string`].
#[derive(Debug, Clone, PartialEq)]
struct StrShape {
    prefix_len: usize,
    triple: bool,
}

/// Finds the end of a string literal whose prefix and opening quote logos has matched.
fn scan_string(lex: &mut logos::Lexer<Raw>) -> Result<StrShape, LexErrorKind> {
    let opening = lex.slice();
    let quote = opening.as_bytes()[opening.len() - 1];
    let prefix_len = opening.len() - 1;
    let rest = lex.remainder().as_bytes();
    let triple = rest.len() >= 2 && rest[0] == quote && rest[1] == quote;
    let mut i = if triple { 2 } else { 0 };
    while i < rest.len() {
        match rest[i] {
            b'\\' => i += 2,
            b'\n' | b'\r' if !triple => return Err(LexErrorKind::UnterminatedString),
            c if c == quote => {
                if !triple {
                    lex.bump(i + 1);
                    return Ok(StrShape { prefix_len, triple });
                }
                if rest.get(i + 1) == Some(&quote) && rest.get(i + 2) == Some(&quote) {
                    lex.bump(i + 3);
                    return Ok(StrShape { prefix_len, triple });
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    Err(if triple {
        LexErrorKind::UnterminatedTripleString
    } else {
        LexErrorKind::UnterminatedString
    })
}

/// One indentation level: its width with tabs to multiples of 8, and with tabs as 1 column.
/// Python compares both to detect inconsistent use of tabs and spaces.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Indentation {
    width: usize,
    alt_width: usize,
}

/// The layout pass over logos' raw tokens.
///
/// CPython's tokenizer allows this many open brackets (`MAXLEVEL`).
const MAX_BRACKETS: usize = 200;
/// The indentation stack (with its zero level) may hold this many levels (`MAXINDENT`).
const MAX_INDENT: usize = 100;

/// Invariant: `indents` always holds at least the zero level; `pending` holds tokens already
/// decided (layout tokens and the token that triggered them) and is drained first.
pub struct Lexer<'s> {
    source: &'s str,
    raw: logos::SpannedIter<'s, Raw>,
    pending: VecDeque<(usize, Tok, usize)>,
    indents: Vec<Indentation>,
    brackets: Vec<(char, usize)>,
    at_line_start: bool,
    line_has_tokens: bool,
    done: bool,
    /// In interactive mode a compound statement ends at a blank line (see `repl.rs`).
    pub last_end: usize,
    /// Every identifier of the source once: equal names share one string, so attribute
    /// names stored in dicts can be matched by address first (`object::attr_index`).
    names: std::collections::HashSet<Rc<str>, std::hash::BuildHasherDefault<fnv::FnvHasher>>,
}

pub type Spanned = Result<(usize, Tok, usize), LexError>;

impl<'s> Lexer<'s> {
    fn intern(&mut self, name: &str) -> Rc<str> {
        if let Some(n) = self.names.get(name) {
            return n.clone();
        }
        let n: Rc<str> = Rc::from(name);
        self.names.insert(n.clone());
        n
    }

    pub fn new(source: &'s str, start: Tok) -> Lexer<'s> {
        let mut pending = VecDeque::new();
        pending.push_back((0, start, 0));
        Lexer {
            source,
            raw: Raw::lexer(source).spanned(),
            pending,
            indents: vec![Indentation {
                width: 0,
                alt_width: 0,
            }],
            brackets: Vec::new(),
            at_line_start: true,
            line_has_tokens: false,
            done: false,
            last_end: 0,
            names: Default::default(),
        }
    }

    fn error<T>(&mut self, kind: LexErrorKind, offset: usize) -> Option<Result<T, LexError>> {
        self.done = true;
        self.pending.clear();
        Some(Err(LexError { kind, offset }))
    }

    /// Measures the indentation of the line containing `offset`, up to `offset`.
    fn indentation_at(&self, offset: usize) -> Indentation {
        let line_start = self.source[..offset]
            .rfind(['\n', '\r'])
            .map_or(0, |i| i + 1);
        let mut width = 0;
        let mut alt_width = 0;
        for c in self.source[line_start..offset].chars() {
            match c {
                '\t' => {
                    width = (width / 8 + 1) * 8;
                    alt_width += 1;
                }
                '\x0c' => {
                    width = 0;
                    alt_width = 0;
                }
                _ => {
                    width += 1;
                    alt_width += 1;
                }
            }
        }
        Indentation { width, alt_width }
    }

    /// Decides the layout tokens that come before the first token of a logical line.
    fn lay_out_line(&mut self, offset: usize) -> Result<(), LexError> {
        let here = self.indentation_at(offset);
        let top = *self.indents.last().expect("the zero level is never popped");
        let err = |kind| LexError { kind, offset };
        if here.width > top.width {
            if here.alt_width <= top.alt_width {
                return Err(err(LexErrorKind::TabsAndSpaces));
            }
            if self.indents.len() >= MAX_INDENT {
                return Err(err(LexErrorKind::TooDeeplyIndented));
            }
            self.indents.push(here);
            self.pending.push_back((offset, Tok::Indent, offset));
        } else if here.width < top.width {
            while self.indents.last().is_some_and(|l| l.width > here.width) {
                self.indents.pop();
                self.pending.push_back((offset, Tok::Dedent, offset));
            }
            let level = *self.indents.last().expect("the zero level is never popped");
            if level.width != here.width {
                return Err(err(LexErrorKind::InconsistentDedent));
            }
            if level.alt_width != here.alt_width {
                return Err(err(LexErrorKind::TabsAndSpaces));
            }
        } else if here.alt_width != top.alt_width {
            return Err(err(LexErrorKind::TabsAndSpaces));
        }
        Ok(())
    }

    fn finish(&mut self) -> Option<Spanned> {
        self.done = true;
        let end = self.source.len();
        if let Some(&(open, at)) = self.brackets.last() {
            return Some(Err(LexError {
                kind: LexErrorKind::NeverClosed(open),
                offset: at,
            }));
        }
        if self.line_has_tokens {
            self.pending.push_back((end, Tok::Newline, end));
        }
        while self.indents.len() > 1 {
            self.indents.pop();
            self.pending.push_back((end, Tok::Dedent, end));
        }
        self.pending.pop_front().map(Ok)
    }

    fn token(&mut self, raw: Raw, start: usize, end: usize) -> Result<Option<Tok>, LexError> {
        let text = &self.source[start..end];
        let tok = match raw {
            // A backslash that ends the text leaves the statement open (inside brackets,
            // the open bracket is the error).
            Raw::Continuation | Raw::StrayBackslash if end == self.source.len() => {
                if !self.brackets.is_empty() {
                    return Ok(None);
                }
                return Err(LexError {
                    kind: LexErrorKind::UnexpectedEof,
                    offset: start + 1,
                });
            }
            Raw::Comment | Raw::Continuation | Raw::LineBreak => return Ok(None),
            Raw::StrayBackslash => {
                return Err(LexError {
                    kind: LexErrorKind::ContinuationCharacter,
                    offset: end,
                })
            }
            Raw::Name => match Keyword::from_name(text) {
                Some(k) => Tok::Kw(k),
                None => Tok::Name(self.intern(text)),
            },
            Raw::Int | Raw::Float => {
                let parsed = if matches!(raw, Raw::Int) {
                    parse_int(text)
                } else {
                    parse_float(text)
                };
                let tok = parsed.map_err(|kind| LexError {
                    offset: bad_underscore(self.source, start, end).unwrap_or(start),
                    kind,
                })?;
                check_number_end(self.source, start, end)?;
                tok
            }
            Raw::Str(shape) => string_token(text, start, &shape),
            Raw::Open => {
                let c = text.chars().next().unwrap_or('(');
                if self.brackets.len() >= MAX_BRACKETS {
                    return Err(LexError {
                        kind: LexErrorKind::TooManyBrackets,
                        offset: start,
                    });
                }
                self.brackets.push((c, start));
                Tok::Op(op_str(text))
            }
            Raw::Close => {
                let c = text.chars().next().unwrap_or(')');
                match self.brackets.pop() {
                    None => {
                        return Err(LexError {
                            kind: LexErrorKind::Unmatched(c),
                            offset: start,
                        })
                    }
                    Some((open, at)) if closer(open) != c => {
                        let open_line = line_of(self.source, at);
                        return Err(LexError {
                            kind: LexErrorKind::Mismatched {
                                close: c,
                                open,
                                open_line,
                            },
                            offset: start,
                        });
                    }
                    Some(_) => Tok::Op(op_str(text)),
                }
            }
            Raw::Op => Tok::Op(op_str(text)),
        };
        Ok(Some(tok))
    }
}

impl Iterator for Lexer<'_> {
    type Item = Spanned;

    fn next(&mut self) -> Option<Spanned> {
        loop {
            if let Some(t) = self.pending.pop_front() {
                self.last_end = t.2;
                return Some(Ok(t));
            }
            if self.done {
                return None;
            }
            let Some((raw, span)) = self.raw.next() else {
                return self.finish();
            };
            let raw = match raw {
                Ok(raw) => raw,
                Err(LexErrorKind::InvalidCharacter) => {
                    return self.error(LexErrorKind::InvalidCharacter, span.start)
                }
                Err(kind) => return self.error(kind, span.start),
            };
            if raw == Raw::LineBreak {
                if self.brackets.is_empty() && self.line_has_tokens {
                    self.line_has_tokens = false;
                    self.at_line_start = true;
                    return Some(Ok((span.start, Tok::Newline, span.end)));
                }
                if self.brackets.is_empty() {
                    self.at_line_start = true;
                }
                continue;
            }
            let tok = match self.token(raw, span.start, span.end) {
                Ok(Some(tok)) => tok,
                Ok(None) => continue,
                Err(e) => return self.error(e.kind, e.offset),
            };
            if self.at_line_start {
                self.at_line_start = false;
                if let Err(e) = self.lay_out_line(span.start) {
                    return self.error(e.kind, e.offset);
                }
            }
            self.line_has_tokens = true;
            self.pending.push_back((span.start, tok, span.end));
        }
    }
}

fn closer(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        _ => '}',
    }
}

/// The 1-based line number of a byte offset.
pub fn line_of(source: &str, offset: usize) -> usize {
    let offset = offset.min(source.len());
    source.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn op_str(text: &str) -> &'static str {
    const OPS: &[&str] = &[
        "(", ")", "[", "]", "{", "}", "+", "-", "*", "/", "//", "%", "**", "@", "<<", ">>", "&",
        "|", "^", "~", ":=", "<", ">", "<=", ">=", "==", "!=", ",", ":", ".", ";", "=", "->", "+=",
        "-=", "*=", "/=", "//=", "%=", "@=", "&=", "|=", "^=", ">>=", "<<=", "**=", "...",
    ];
    OPS.iter().find(|&&op| op == text).copied().unwrap_or("?")
}

fn parse_int(text: &str) -> Result<Tok, LexErrorKind> {
    let (digits, radix) = match text.get(..2) {
        Some("0x" | "0X") => (&text[2..], 16),
        Some("0o" | "0O") => (&text[2..], 8),
        Some("0b" | "0B") => (&text[2..], 2),
        _ => (text, 10),
    };
    if digits.ends_with('_') || digits.contains("__") || (radix != 10 && digits.is_empty()) {
        return Err(LexErrorKind::InvalidNumber(invalid_literal_name(radix)));
    }
    let digits = digits.trim_start_matches('_');
    if radix == 10
        && digits.len() > 1
        && digits.starts_with('0')
        && digits.bytes().any(|b| b != b'0' && b != b'_')
    {
        return Err(LexErrorKind::InvalidNumber(
            "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
        ));
    }
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    BigInt::parse_bytes(clean.as_bytes(), radix)
        .map(Tok::Int)
        .ok_or(LexErrorKind::InvalidNumber(invalid_literal_name(radix)))
}

/// Where CPython's tokenizer reports a literal with a misplaced `_` (`1__0`, `12_`, `2._5`):
/// at the character before the first one that cannot follow (a `_` not followed by a
/// digit, or a `.` followed by `_`).
fn bad_underscore(source: &str, start: usize, end: usize) -> Option<usize> {
    let bytes = source.as_bytes();
    (start..end).find(|&i| {
        let next = bytes.get(i + 1).copied().unwrap_or(b' ');
        match bytes[i] {
            b'_' => !next.is_ascii_hexdigit() || i + 1 >= end,
            b'.' => next == b'_',
            _ => false,
        }
    })
}

/// CPython's `verify_end_of_number`: a number running into a name (`1st`, `0x1g`) is an
/// invalid literal, reported at its last character, and a binary or octal literal running
/// into a digit it cannot have is "invalid digit". A keyword right after a number (`1if`,
/// `0for`) is accepted with a warning, as CPython still accepts it.
fn check_number_end(source: &str, start: usize, end: usize) -> Result<(), LexError> {
    let text = &source[start..end];
    let rest = &source[end..];
    let Some(c) = rest.chars().next() else {
        return Ok(());
    };
    let err = |msg: String, offset: usize| {
        Err(LexError {
            kind: LexErrorKind::InvalidNumberAt(msg),
            offset,
        })
    };
    let kind = match text.get(..2) {
        Some("0x" | "0X") => "hexadecimal",
        Some("0o" | "0O") => "octal",
        Some("0b" | "0B") => "binary",
        _ => "decimal",
    };
    // `0o8`, `0b2`: the prefix and a digit of the wrong base.
    if text == "0" {
        let mut cs = rest.chars();
        let (prefix, digit) = (cs.next(), cs.next());
        if let (Some(p), Some(d)) = (prefix, digit) {
            let base = match p {
                'o' | 'O' if matches!(d, '8' | '9') => Some("octal"),
                'b' | 'B' if d.is_ascii_digit() => Some("binary"),
                _ => None,
            };
            if let Some(base) = base {
                return err(format!("invalid digit '{d}' in {base} literal"), end + 1);
            }
        }
        // `0x`, `0b` with no digit of their base after them.
        let base = match prefix {
            Some('x' | 'X') => Some("hexadecimal"),
            Some('o' | 'O') => Some("octal"),
            Some('b' | 'B') => Some("binary"),
            _ => None,
        };
        if let Some(base) = base {
            return err(format!("invalid {base} literal"), end);
        }
    }
    if c.is_ascii_digit() && matches!(kind, "octal" | "binary") {
        return err(format!("invalid digit '{c}' in {kind} literal"), end);
    }
    let potential_name = c.is_ascii_alphanumeric() || c == '_' || !c.is_ascii();
    // Complex literals are not part of Aio: `1j` stays a syntax error of its own.
    if !potential_name || matches!(c, 'j' | 'J') {
        return Ok(());
    }
    let keyword_follows = ["and", "else", "for", "if", "in", "is", "not", "or"]
        .iter()
        .any(|k| rest.starts_with(k));
    if keyword_follows {
        crate::parser::warn(end - 1, format!("invalid {kind} literal"));
        return Ok(());
    }
    err(format!("invalid {kind} literal"), end - 1)
}

fn invalid_literal_name(radix: u32) -> &'static str {
    match radix {
        16 => "invalid hexadecimal literal",
        8 => "invalid octal literal",
        2 => "invalid binary literal",
        _ => "invalid decimal literal",
    }
}

fn parse_float(text: &str) -> Result<Tok, LexErrorKind> {
    if text.contains("__") || text.contains("_.") || text.contains("._") || text.ends_with('_') {
        return Err(LexErrorKind::InvalidNumber("invalid decimal literal"));
    }
    let clean: String = text.chars().filter(|&c| c != '_').collect();
    clean
        .parse::<f64>()
        .map(Tok::Float)
        .map_err(|_| LexErrorKind::InvalidNumber("invalid decimal literal"))
}

fn string_token(text: &str, start: usize, shape: &StrShape) -> Tok {
    let prefix = text[..shape.prefix_len].to_ascii_lowercase();
    let quotes = if shape.triple { 3 } else { 1 };
    let body_start = shape.prefix_len + quotes;
    let body_end = text.len() - quotes;
    Tok::Str(StrToken {
        raw: prefix.contains('r'),
        fstring: prefix.contains('f'),
        bytes: prefix.contains('b'),
        triple: shape.triple,
        body: Rc::from(&text[body_start..body_end]),
        body_start: start + body_start,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<String> {
        Lexer::new(src, Tok::StartFile)
            .skip(1)
            .map(|t| match t {
                Ok((_, Tok::Newline, _)) => "NL".to_string(),
                Ok((_, Tok::Indent, _)) => "IN".to_string(),
                Ok((_, Tok::Dedent, _)) => "DE".to_string(),
                Ok((_, Tok::Name(n), _)) => n.to_string(),
                Ok((_, Tok::Op(o), _)) => o.to_string(),
                Ok((_, Tok::Kw(k), _)) => k.as_str().to_string(),
                Ok((_, Tok::Int(i), _)) => i.to_string(),
                Ok((_, t, _)) => format!("{t:?}"),
                Err(e) => format!("ERR {:?}", e.kind),
            })
            .collect()
    }

    #[test]
    fn blocks_open_and_close() {
        let src = "if x:\n    y\n\n  # comment\n    z\nw\n";
        assert_eq!(
            kinds(src),
            ["if", "x", ":", "NL", "IN", "y", "NL", "z", "NL", "DE", "w", "NL"]
        );
    }

    #[test]
    fn end_of_input_closes_blocks_without_final_newline() {
        assert_eq!(
            kinds("def f():\n  return 1"),
            ["def", "f", "(", ")", ":", "NL", "IN", "return", "1", "NL", "DE"]
        );
    }

    #[test]
    fn brackets_join_lines() {
        assert_eq!(
            kinds("x = (1,\n  2)\n"),
            ["x", "=", "(", "1", ",", "2", ")", "NL"]
        );
        assert_eq!(kinds("x = 1 + \\\n  2\n"), ["x", "=", "1", "+", "2", "NL"]);
    }

    #[test]
    fn no_newline_inside_an_open_bracket() {
        assert_eq!(
            kinds("f(1,\n"),
            ["f", "(", "1", ",", "ERR NeverClosed('(')"]
        );
    }

    #[test]
    fn bad_dedent_is_reported() {
        let k = kinds("if x:\n    y\n  z\n");
        assert_eq!(k.last().unwrap(), "ERR InconsistentDedent");
    }

    #[test]
    fn strings_keep_their_shape() {
        let toks: Vec<_> = Lexer::new("f'a{b}' r\"\\d\" '''x\ny'''", Tok::StartFile)
            .skip(1)
            .map(|t| t.unwrap().1)
            .collect();
        match &toks[0] {
            Tok::Str(s) => assert!(s.fstring && &*s.body == "a{b}"),
            t => panic!("{t:?}"),
        }
        match &toks[1] {
            Tok::Str(s) => assert!(s.raw && &*s.body == "\\d"),
            t => panic!("{t:?}"),
        }
        match &toks[2] {
            Tok::Str(s) => assert!(s.triple && &*s.body == "x\ny"),
            t => panic!("{t:?}"),
        }
    }
}
