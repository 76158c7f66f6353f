//! Python's number and string formatting, exactly as CPython 3.11 does it.
//!
//! Everything in the interpreter that turns a value into text through a format
//! comes here: the `format()` builtin, f-strings and `str.format` go through the
//! format-spec mini-language ([`parse_spec`] or [`parse_spec_for`], then
//! [`format_int`], [`format_float`] or [`format_str`]); the `%` operator on
//! strings walks its format with [`parse_percent`] (or the lazy
//! [`PercentParser`]) and formats each value with [`percent_int`],
//! [`percent_float`] or [`percent_str`]; `repr()`/`str()` of a float and
//! `hex()`/`oct()`/`bin()` use [`float_repr`] and [`int_to_base`].
//!
//! The code is a port of CPython's `Python/formatter_unicode.c`, of
//! `format_float_short` in `Python/pystrtod.c` and of the `%` part of
//! `Objects/unicodeobject.c`. A float's digits come from Rust's exact float
//! formatting: `{:e}` gives the shortest digits that round-trip (dtoa mode 0),
//! `{:.Ne}` and `{:.N}` give correctly rounded digits with ties to even (dtoa
//! modes 2 and 3). Errors are the exact text of CPython's exception;
//! [`exception_type`] names its class. Widths over [`MAX_WIDTH`] and numeric
//! precisions over [`MAX_PRECISION`] are refused ("width too big", "precision
//! too big") instead of allocating gigabytes; for `%` the caller makes a width
//! over it CPython's MemoryError.
//!
//! The tests (`format/tests.rs`) check it against tables of CPython's own
//! answers (`format/cpython_cases.rs`, made by `format/gen_tests.py`).

use std::borrow::Cow;

use num_bigint::BigInt;
use num_traits::{FromPrimitive, Signed, ToPrimitive};

/// The widest field we pad to; CPython allows up to `sys.maxsize`.
pub const MAX_WIDTH: usize = 1_000_000;
/// The largest precision for numbers; CPython allows up to `2**31 - 1`.
pub const MAX_PRECISION: usize = 1_000_000;

const WIDTH_TOO_BIG: &str = "width too big";
const PRECISION_TOO_BIG: &str = "precision too big";
const TOO_MANY_DIGITS: &str = "Too many decimal digits in format string";
const BOTH_SEPARATORS: &str = "Cannot specify both ',' and '_'.";
const INT_TOO_LARGE_FOR_FLOAT: &str = "int too large to convert to float";
/// CPython's `ValueError` for an int of more than `sys.get_int_max_str_digits()` (4300)
/// decimal digits.
pub const INT_MAX_STR_DIGITS_EXCEEDED: &str = "Exceeds the limit (4300 digits) for integer \
     string conversion; use sys.set_int_max_str_digits() to increase the limit";
const INT_TOO_LARGE_FOR_LONG: &str = "Python int too large to convert to C long";
const INT_TOO_LARGE_FOR_SSIZE: &str = "Python int too large to convert to C ssize_t";
const CHAR_OUT_OF_RANGE: &str = "%c arg not in range(0x110000)";

// ---------------------------------------------------------------------------
// The format-spec mini-language
// ---------------------------------------------------------------------------

/// Where a value sits in its field: `<`, `>`, `^` or `=` (padding after the sign).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
    Center,
    AfterSign,
}

/// Which signs a number shows: `-` (the default), `+` or ` `.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sign {
    #[default]
    Minus,
    Plus,
    Space,
}

/// A parsed `[[fill]align][sign]["z"]["#"]["0"][width][grouping]["." precision][type]`.
///
/// `fill` is the effective fill character: [`parse_spec`] sets it to `'0'` for
/// the `0` flag when no fill was written. `zero_pad` records that flag, which
/// also makes numbers default to `=` alignment. `explicit_minus` records a
/// written `-` sign, which numbers ignore but strings reject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatSpec {
    pub fill: char,
    pub align: Option<Align>,
    pub sign: Sign,
    /// The `z` flag: show a zero that rounds from a negative number as `0`.
    pub no_neg_zero: bool,
    pub alternate: bool,
    pub zero_pad: bool,
    pub width: Option<usize>,
    /// `','` or `'_'`.
    pub grouping: Option<char>,
    pub precision: Option<usize>,
    pub kind: Option<char>,
    /// A `-` sign was written (`sign` is then [`Sign::Minus`]).
    pub explicit_minus: bool,
}

impl Default for FormatSpec {
    fn default() -> Self {
        FormatSpec {
            fill: ' ',
            align: None,
            sign: Sign::Minus,
            no_neg_zero: false,
            alternate: false,
            zero_pad: false,
            width: None,
            grouping: None,
            precision: None,
            kind: None,
            explicit_minus: false,
        }
    }
}

/// Why a spec did not parse: only "invalid" names the value's type.
enum SpecError {
    Invalid,
    Other(String),
}

impl From<String> for SpecError {
    fn from(message: String) -> Self {
        SpecError::Other(message)
    }
}

/// Parses a format spec without knowing the value's type. A spec with stray
/// characters gives "Invalid format specifier"; [`parse_spec_for`] gives
/// CPython 3.11.7's fuller message, which names the spec and the type.
pub fn parse_spec(spec: &str) -> Result<FormatSpec, String> {
    parse_spec_chars(spec).map_err(|error| match error {
        SpecError::Invalid => "Invalid format specifier".to_string(),
        SpecError::Other(message) => message,
    })
}

/// Parses a format spec for a value of type `type_name` (`"int"`, `"float"`,
/// `"str"`, ...), with CPython's exact messages: "Invalid format specifier
/// '..' for object of type 'int'".
pub fn parse_spec_for(spec: &str, type_name: &str) -> Result<FormatSpec, String> {
    parse_spec_chars(spec).map_err(|error| match error {
        SpecError::Invalid => {
            format!("Invalid format specifier '{spec}' for object of type '{type_name}'")
        }
        SpecError::Other(message) => message,
    })
}

fn parse_spec_chars(spec: &str) -> Result<FormatSpec, SpecError> {
    let chars: Vec<char> = spec.chars().collect();
    let mut pos = 0;
    let mut result = FormatSpec::default();
    let mut fill_given = false;
    if let Some(align) = chars.get(1).copied().and_then(align_of) {
        result.fill = chars[0];
        result.align = Some(align);
        fill_given = true;
        pos = 2;
    } else if let Some(align) = chars.first().copied().and_then(align_of) {
        result.align = Some(align);
        pos = 1;
    }
    let sign = match chars.get(pos) {
        Some('+') => Some(Sign::Plus),
        Some(' ') => Some(Sign::Space),
        Some('-') => Some(Sign::Minus),
        _ => None,
    };
    if let Some(sign) = sign {
        result.sign = sign;
        result.explicit_minus = sign == Sign::Minus;
        pos += 1;
    }
    if chars.get(pos) == Some(&'z') {
        result.no_neg_zero = true;
        pos += 1;
    }
    if chars.get(pos) == Some(&'#') {
        result.alternate = true;
        pos += 1;
    }
    if !fill_given && chars.get(pos) == Some(&'0') {
        result.fill = '0';
        result.zero_pad = true;
        pos += 1;
    }
    result.width = read_integer(&chars, &mut pos)?;
    parse_grouping(&chars, &mut pos, &mut result)?;
    if chars.get(pos) == Some(&'.') {
        pos += 1;
        result.precision = read_integer(&chars, &mut pos)?;
        if result.precision.is_none() {
            return Err(SpecError::Other(
                "Format specifier missing precision".to_string(),
            ));
        }
    }
    match &chars[pos.min(chars.len())..] {
        [] => {}
        [kind] => result.kind = Some(*kind),
        _ => return Err(SpecError::Invalid),
    }
    if let Some(kind) = result.kind {
        check_grouping(&result, kind)?;
    }
    Ok(result)
}

fn align_of(c: char) -> Option<Align> {
    match c {
        '<' => Some(Align::Left),
        '>' => Some(Align::Right),
        '^' => Some(Align::Center),
        '=' => Some(Align::AfterSign),
        _ => None,
    }
}

/// Reads `,` or `_`, refusing both together as CPython does.
fn parse_grouping(chars: &[char], pos: &mut usize, spec: &mut FormatSpec) -> Result<(), String> {
    if chars.get(*pos) == Some(&',') {
        spec.grouping = Some(',');
        *pos += 1;
    }
    if chars.get(*pos) == Some(&'_') {
        if spec.grouping.is_some() {
            return Err(BOTH_SEPARATORS.to_string());
        }
        spec.grouping = Some('_');
        *pos += 1;
    }
    if chars.get(*pos) == Some(&',') && spec.grouping == Some('_') {
        return Err(BOTH_SEPARATORS.to_string());
    }
    Ok(())
}

/// Reads a run of decimal digits (any Unicode decimal digit, as CPython's
/// `get_integer`); `None` when there is none.
fn read_integer(chars: &[char], pos: &mut usize) -> Result<Option<usize>, String> {
    let start = *pos;
    let mut value: usize = 0;
    while let Some(digit) = chars.get(*pos).copied().and_then(decimal_value) {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(digit))
            .filter(|&v| v <= isize::MAX as usize)
            .ok_or_else(|| TOO_MANY_DIGITS.to_string())?;
        *pos += 1;
    }
    Ok((*pos > start).then_some(value))
}

/// The code point of each Unicode digit zero (Unicode 14, as Python 3.11);
/// every run of ten from one of them is a decimal digit.
const UNICODE_DIGIT_ZEROS: [u32; 66] = [
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
    0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50,
    0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
];

/// The value of a decimal digit, as Python's `unicodedata.decimal`.
fn decimal_value(c: char) -> Option<usize> {
    if c.is_ascii_digit() {
        return Some(c as usize - '0' as usize);
    }
    let code = c as u32;
    let zeros_at_or_below = UNICODE_DIGIT_ZEROS.partition_point(|&zero| zero <= code);
    let zero = *UNICODE_DIGIT_ZEROS.get(zeros_at_or_below.checked_sub(1)?)?;
    let value = code - zero;
    (value < 10).then_some(value as usize)
}

/// CPython's check of a separator against the presentation type.
fn check_grouping(spec: &FormatSpec, kind: char) -> Result<(), String> {
    let Some(separator) = spec.grouping else {
        return Ok(());
    };
    match kind {
        'd' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F' => Ok(()),
        'b' | 'o' | 'x' | 'X' if separator == '_' => Ok(()),
        _ => Err(format!(
            "Cannot specify '{separator}' with '{}'.",
            code_text(kind)
        )),
    }
}

/// How CPython's messages show a presentation type: itself, or `\x..`.
fn code_text(kind: char) -> String {
    if (kind as u32) > 32 && (kind as u32) < 128 {
        kind.to_string()
    } else {
        format!("\\x{:x}", kind as u32)
    }
}

fn unknown_code(kind: char, type_name: &str) -> String {
    format!(
        "Unknown format code '{}' for object of type '{type_name}'",
        code_text(kind)
    )
}

/// Renames the type in a message that ends "for object of type '...'" (the
/// formatters say 'int', 'float' or 'str'; a `bool` or a subclass wants its
/// own name).
pub fn with_type_name(message: &str, type_name: &str) -> String {
    match message.rfind(" for object of type '") {
        Some(at) => format!("{} for object of type '{type_name}'", &message[..at]),
        None => message.to_string(),
    }
}

/// The Python exception class for a message this module returns:
/// "ValueError" (most), "OverflowError" or "TypeError".
pub fn exception_type(message: &str) -> &'static str {
    match message {
        INT_TOO_LARGE_FOR_FLOAT
        | INT_TOO_LARGE_FOR_LONG
        | INT_TOO_LARGE_FOR_SSIZE
        | CHAR_OUT_OF_RANGE => "OverflowError",
        "cannot convert float infinity to integer" => "OverflowError",
        "%c requires int or char" => "TypeError",
        _ if message.ends_with("format: an integer is required, not float") => "TypeError",
        _ => "ValueError",
    }
}

fn checked_width(width: Option<usize>) -> Result<Option<usize>, String> {
    match width {
        Some(w) if w > MAX_WIDTH => Err(WIDTH_TOO_BIG.to_string()),
        _ => Ok(width),
    }
}

fn checked_precision(precision: Option<usize>) -> Result<Option<usize>, String> {
    match precision {
        Some(p) if p > MAX_PRECISION => Err(PRECISION_TOO_BIG.to_string()),
        _ => Ok(precision),
    }
}

// ---------------------------------------------------------------------------
// Strings
// ---------------------------------------------------------------------------

/// `format(s, spec)` for a `str`: type `s` or none; precision truncates;
/// default alignment left.
pub fn format_str(v: &str, spec: &FormatSpec) -> Result<String, String> {
    let kind = spec.kind.unwrap_or('s');
    check_grouping(spec, kind)?;
    if kind != 's' {
        return Err(unknown_code(kind, "str"));
    }
    match spec.sign {
        Sign::Space => return Err("Space not allowed in string format specifier".to_string()),
        Sign::Plus => return Err("Sign not allowed in string format specifier".to_string()),
        Sign::Minus if spec.explicit_minus => {
            return Err("Sign not allowed in string format specifier".to_string())
        }
        Sign::Minus => {}
    }
    if spec.no_neg_zero {
        return Err(
            "Negative zero coercion (z) not allowed in string format specifier".to_string(),
        );
    }
    if spec.alternate {
        return Err("Alternate form (#) not allowed in string format specifier".to_string());
    }
    if spec.align == Some(Align::AfterSign) {
        return Err("'=' alignment not allowed in string format specifier".to_string());
    }
    let width = checked_width(spec.width)?;
    let text = match spec.precision {
        Some(p) => truncate_chars(v, p),
        None => v,
    };
    let align = spec.align.unwrap_or(Align::Left);
    Ok(pad(text, width, align, spec.fill))
}

/// The first `count` characters of `text`.
fn truncate_chars(text: &str, count: usize) -> &str {
    match text.char_indices().nth(count) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// Pads `text` to `width` characters with `fill` (CPython's `calc_padding`).
fn pad(text: &str, width: Option<usize>, align: Align, fill: char) -> String {
    let len = text.chars().count();
    let padding = width.map_or(0, |w| w.saturating_sub(len));
    let left = match align {
        Align::Right => padding,
        Align::Center => padding / 2,
        Align::Left | Align::AfterSign => 0,
    };
    let mut out = String::with_capacity(text.len() + padding);
    push_repeated(&mut out, fill, left);
    out.push_str(text);
    push_repeated(&mut out, fill, padding - left);
    out
}

fn push_repeated(out: &mut String, c: char, count: usize) {
    out.extend(std::iter::repeat_n(c, count));
}

// ---------------------------------------------------------------------------
// Laying out a number in its field
// ---------------------------------------------------------------------------

/// A formatted number cut into the pieces CPython lays out separately.
struct NumberParts<'a> {
    negative: bool,
    /// `0x` and the like (already in the right case).
    prefix: &'a str,
    /// The digits before a decimal point or exponent: these get grouped.
    digits: &'a str,
    has_decimal: bool,
    /// What follows the decimal point (or the digits): fraction, exponent,
    /// `%`, `inf`, or the character of `c`.
    remainder: &'a str,
}

/// A thousands separator and how many digits it separates.
#[derive(Clone, Copy)]
struct Grouping {
    separator: char,
    size: usize,
}

fn grouping_for(spec: &FormatSpec, kind: char) -> Option<Grouping> {
    let separator = spec.grouping?;
    let size = if separator == '_' && matches!(kind, 'b' | 'o' | 'x' | 'X') {
        4
    } else {
        3
    };
    Some(Grouping { separator, size })
}

/// CPython's `calc_number_widths` and `fill_number`:
/// `<lpad><sign><prefix><spad><grouped digits><.><remainder><rpad>`.
fn layout_number(
    parts: &NumberParts,
    spec: &FormatSpec,
    grouping: Option<Grouping>,
) -> Result<String, String> {
    let width = checked_width(spec.width)?.unwrap_or(0);
    let align = spec.align.unwrap_or(if spec.zero_pad {
        Align::AfterSign
    } else {
        Align::Right
    });
    let sign = match (parts.negative, spec.sign) {
        (true, _) => Some('-'),
        (false, Sign::Plus) => Some('+'),
        (false, Sign::Space) => Some(' '),
        (false, Sign::Minus) => None,
    };
    let non_digits = usize::from(sign.is_some())
        + parts.prefix.len()
        + usize::from(parts.has_decimal)
        + parts.remainder.chars().count();
    let min_width = if spec.fill == '0' && align == Align::AfterSign {
        width.saturating_sub(non_digits)
    } else {
        0
    };
    let grouped = if parts.digits.is_empty() {
        // Only `c` has no digits; CPython pads it like any other field.
        Cow::Borrowed("")
    } else if grouping.is_none() && min_width <= parts.digits.len() {
        Cow::Borrowed(parts.digits)
    } else {
        Cow::Owned(group_digits(parts.digits, min_width, grouping))
    };
    let padding = width.saturating_sub(non_digits + grouped.len());
    let (left, inner, right) = match align {
        Align::Left => (0, 0, padding),
        Align::Center => (padding / 2, 0, padding - padding / 2),
        Align::AfterSign => (0, padding, 0),
        Align::Right => (padding, 0, 0),
    };
    let mut out = String::with_capacity(width.max(non_digits + grouped.len()) + 4);
    push_repeated(&mut out, spec.fill, left);
    out.extend(sign);
    out.push_str(parts.prefix);
    push_repeated(&mut out, spec.fill, inner);
    out.push_str(&grouped);
    if parts.has_decimal {
        out.push('.');
    }
    out.push_str(parts.remainder);
    push_repeated(&mut out, spec.fill, right);
    Ok(out)
}

/// CPython's `_PyUnicode_InsertThousandsGrouping`: inserts separators and
/// pads with zeros (each zero group separated too) up to `min_width`.
fn group_digits(digits: &str, min_width: usize, grouping: Option<Grouping>) -> String {
    let digits = digits.as_bytes();
    let mut reversed: Vec<char> = Vec::with_capacity(digits.len().max(min_width) + 8);
    let mut remaining = digits.len();
    let mut min_width = min_width as isize;
    let mut separator = None;
    if let Some(grouping) = grouping {
        loop {
            let wanted = (remaining as isize).max(min_width).max(1) as usize;
            let len = grouping.size.min(wanted);
            take_group(&mut reversed, digits, &mut remaining, len, separator);
            separator = Some(grouping.separator);
            min_width -= len as isize;
            if remaining == 0 && min_width <= 0 {
                return reversed.into_iter().rev().collect();
            }
            min_width -= 1;
        }
    }
    let len = (remaining as isize).max(min_width).max(1) as usize;
    take_group(&mut reversed, digits, &mut remaining, len, separator);
    reversed.into_iter().rev().collect()
}

/// Emits (reversed) a separator, then `len` characters: the last digits
/// still unused, topped up with zeros.
fn take_group(
    reversed: &mut Vec<char>,
    digits: &[u8],
    remaining: &mut usize,
    len: usize,
    separator: Option<char>,
) {
    reversed.extend(separator);
    let taken = len.min(*remaining);
    for &digit in digits[*remaining - taken..*remaining].iter().rev() {
        reversed.push(char::from(digit));
    }
    *remaining -= taken;
    reversed.extend(std::iter::repeat_n('0', len - taken));
}

// ---------------------------------------------------------------------------
// Integers
// ---------------------------------------------------------------------------

/// An integer to format: a machine word when it fits, else a big one.
#[derive(Clone, Copy)]
enum IntRef<'a> {
    Small(i64),
    Big(&'a BigInt),
}

impl IntRef<'_> {
    fn from_big(v: &BigInt) -> IntRef<'_> {
        match v.to_i64() {
            Some(small) => IntRef::Small(small),
            None => IntRef::Big(v),
        }
    }

    fn is_negative(self) -> bool {
        match self {
            IntRef::Small(v) => v < 0,
            IntRef::Big(v) => v.is_negative(),
        }
    }

    /// The digits of the absolute value in `base` (2, 8, 10 or 16), lower case; in base
    /// 10, CPython's `ValueError` past 4300 digits.
    fn magnitude_digits(self, base: u32) -> Result<String, String> {
        Ok(match self {
            IntRef::Small(v) => {
                let m = v.unsigned_abs();
                match base {
                    2 => format!("{m:b}"),
                    8 => format!("{m:o}"),
                    16 => format!("{m:x}"),
                    _ => m.to_string(),
                }
            }
            IntRef::Big(v) if base == 10 => decimal_magnitude(v)?,
            IntRef::Big(v) => v.magnitude().to_str_radix(base),
        })
    }

    /// `float(v)`, correctly rounded; OverflowError past the largest float.
    fn to_f64(self) -> Result<f64, String> {
        let value = match self {
            IntRef::Small(v) => Some(v as f64),
            IntRef::Big(v) => v.to_f64(),
        };
        value
            .filter(|f| f.is_finite())
            .ok_or_else(|| INT_TOO_LARGE_FOR_FLOAT.to_string())
    }

    fn to_i64(self) -> Option<i64> {
        match self {
            IntRef::Small(v) => Some(v),
            IntRef::Big(v) => v.to_i64(),
        }
    }
}

/// The character with code point `code`, for `c` conversions.
fn code_point_char(code: i64) -> Result<char, String> {
    if !(0..=0x10FFFF).contains(&code) {
        return Err(CHAR_OUT_OF_RANGE.to_string());
    }
    // In range, so only a surrogate has no char; Aio strings cannot hold one.
    char::from_u32(code as u32).ok_or_else(|| {
        format!("character U+{code:04X} is a lone surrogate, which a string cannot hold")
    })
}

/// The decimal digits of `|v|`, or [`INT_MAX_STR_DIGITS_EXCEEDED`] past 4300 digits, as
/// CPython's `int` to `str` conversion. An int of 14,286 bits or more has more than 4300
/// digits and is refused before converting: the conversion takes time quadratic in the
/// size (minutes for `str(1 << 2**24)`, which CPython refuses at once).
pub fn decimal_magnitude(v: &BigInt) -> Result<String, String> {
    if v.bits() >= 14_286 {
        return Err(INT_MAX_STR_DIGITS_EXCEEDED.to_string());
    }
    let digits = v.magnitude().to_str_radix(10);
    if digits.len() > 4300 {
        return Err(INT_MAX_STR_DIGITS_EXCEEDED.to_string());
    }
    Ok(digits)
}

/// `format(v, spec)` for an `int`: b c d o x X n, and e E f F g G % through
/// `float(v)`. Default type `d`, default alignment right.
pub fn format_int(v: &BigInt, spec: &FormatSpec) -> Result<String, String> {
    format_integer(IntRef::from_big(v), spec)
}

/// [`format_int`] for a value that fits a machine word, without a `BigInt`.
pub fn format_i64(v: i64, spec: &FormatSpec) -> Result<String, String> {
    format_integer(IntRef::Small(v), spec)
}

fn format_integer(v: IntRef, spec: &FormatSpec) -> Result<String, String> {
    let kind = spec.kind.unwrap_or('d');
    check_grouping(spec, kind)?;
    match kind {
        'b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n' => {}
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => return format_float_checked(v.to_f64()?, spec),
        _ => return Err(unknown_code(kind, "int")),
    }
    if spec.precision.is_some() {
        return Err("Precision not allowed in integer format specifier".to_string());
    }
    if spec.no_neg_zero {
        return Err(
            "Negative zero coercion (z) not allowed in integer format specifier".to_string(),
        );
    }
    if kind == 'c' {
        return format_int_as_char(v, spec);
    }
    let (base, prefix) = match kind {
        'b' => (2, "0b"),
        'o' => (8, "0o"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        _ => (10, ""),
    };
    let mut digits = v.magnitude_digits(base)?;
    if kind == 'X' {
        digits.make_ascii_uppercase();
    }
    let parts = NumberParts {
        negative: v.is_negative(),
        prefix: if spec.alternate { prefix } else { "" },
        digits: &digits,
        has_decimal: false,
        remainder: "",
    };
    layout_number(&parts, spec, grouping_for(spec, kind))
}

fn format_int_as_char(v: IntRef, spec: &FormatSpec) -> Result<String, String> {
    if spec.sign != Sign::Minus || spec.explicit_minus {
        return Err("Sign not allowed with integer format specifier 'c'".to_string());
    }
    if spec.alternate {
        return Err("Alternate form (#) not allowed with integer format specifier 'c'".to_string());
    }
    let code = v
        .to_i64()
        .ok_or_else(|| INT_TOO_LARGE_FOR_LONG.to_string())?;
    let mut buffer = [0u8; 4];
    let text = code_point_char(code)?.encode_utf8(&mut buffer);
    let parts = NumberParts {
        negative: false,
        prefix: "",
        digits: "",
        has_decimal: false,
        remainder: text,
    };
    layout_number(&parts, spec, None)
}

/// `hex()`, `oct()` and `bin()`: `'-0x1f'`, `'0o17'`, `'0b101'`; base 10
/// gives plain decimal, other bases their digits without a prefix.
pub fn int_to_base(v: &BigInt, base: u32) -> String {
    let prefix = match base {
        2 => "0b",
        8 => "0o",
        16 => "0x",
        _ => "",
    };
    let base = base.clamp(2, 36);
    let sign = if v.is_negative() { "-" } else { "" };
    format!("{sign}{prefix}{}", v.magnitude().to_str_radix(base))
}

/// `int(v)` for a float: truncates toward zero. ValueError for NaN,
/// OverflowError for infinities, with CPython's messages.
pub fn float_to_int(v: f64) -> Result<BigInt, String> {
    if v.is_nan() {
        return Err("cannot convert float NaN to integer".to_string());
    }
    BigInt::from_f64(v).ok_or_else(|| "cannot convert float infinity to integer".to_string())
}

// ---------------------------------------------------------------------------
// Floats
// ---------------------------------------------------------------------------

/// `format(v, spec)` for a `float`: e E f F g G n % or none (like `str()`,
/// or with a precision like `g` but keeping a `.0` on integral values).
pub fn format_float(v: f64, spec: &FormatSpec) -> Result<String, String> {
    if let Some(kind) = spec.kind {
        check_grouping(spec, kind)?;
    }
    match spec.kind {
        None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%') => format_float_checked(v, spec),
        Some(kind) => Err(unknown_code(kind, "float")),
    }
}

/// CPython's `format_float_internal`, for a spec whose type suits floats.
fn format_float_checked(v: f64, spec: &FormatSpec) -> Result<String, String> {
    let precision = checked_precision(spec.precision)?;
    let kind = spec.kind.unwrap_or('r');
    let (code, default_precision, value) = match kind {
        'r' => ('r', 0, v),
        'n' => ('g', 6, v),
        '%' => ('f', 6, v * 100.0),
        other => (other, 6, v),
    };
    let (code, precision) = match precision {
        Some(p) if code == 'r' => ('g', p),
        Some(p) => (code, p),
        None => (code, default_precision),
    };
    let options = FloatOptions {
        alternate: spec.alternate,
        add_dot_0: kind == 'r',
        no_neg_zero: spec.no_neg_zero,
    };
    let mut text = double_to_string(value, code, precision, options);
    if kind == '%' {
        text.push('%');
    }
    let (negative, body) = match text.strip_prefix('-') {
        Some(body) => (true, body),
        None => (false, text.as_str()),
    };
    let int_len = body.bytes().take_while(u8::is_ascii_digit).count();
    let (digits, rest) = body.split_at(int_len);
    let (has_decimal, remainder) = match rest.strip_prefix('.') {
        Some(remainder) => (true, remainder),
        None => (false, rest),
    };
    let parts = NumberParts {
        negative,
        prefix: "",
        digits,
        has_decimal,
        remainder,
    };
    layout_number(&parts, spec, grouping_for(spec, kind))
}

/// `repr(v)` and `str(v)`: the shortest digits that round-trip, switching to
/// an exponent below 1e-4 and from 1e16: `'0.1'`, `'1.0'`, `'1e+16'`,
/// `'1e-05'`, `'-0.0'`, `'inf'`, `'nan'`.
pub fn float_repr(v: f64) -> String {
    let options = FloatOptions {
        alternate: false,
        add_dot_0: true,
        no_neg_zero: false,
    };
    double_to_string(v, 'r', 0, options)
}

/// `format(v, f".{precision}{code}")` with no field: `code` is one of
/// e E f F g G (`precision` as given, so `g` with 0 means 1). Handy for
/// `round()`-like and `%`-like helpers.
pub fn format_float_code(v: f64, code: char, precision: usize, alternate: bool) -> String {
    let code = match code {
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' => code,
        _ => 'g',
    };
    let options = FloatOptions {
        alternate,
        add_dot_0: false,
        no_neg_zero: false,
    };
    double_to_string(v, code, precision.min(MAX_PRECISION), options)
}

/// The `Py_DTSF_*` flags of `PyOS_double_to_string` that we use.
#[derive(Clone, Copy)]
struct FloatOptions {
    alternate: bool,
    add_dot_0: bool,
    no_neg_zero: bool,
}

/// A finite float's magnitude as dtoa gives it: `0.DIGITS * 10**decpt`, with
/// no trailing zeros in `digits` (zero is `"0"` with `decpt` 1).
struct Decimal {
    digits: String,
    decpt: i64,
}

impl Decimal {
    fn is_zero(&self) -> bool {
        self.digits == "0"
    }

    /// Whether these digits parse back to exactly `value`.
    fn reads_back_as(&self, value: f64) -> bool {
        let text = format!("0.{}e{}", self.digits, self.decpt);
        text.parse::<f64>() == Ok(value)
    }

    /// From Rust's `{:e}` text: `"1.2345e-5"`.
    fn from_exponent_text(text: &str) -> Decimal {
        let (mantissa, exponent) = text.split_once('e').unwrap_or((text, "0"));
        let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
        let exponent: i64 = exponent.parse().unwrap_or(0);
        Decimal::trimmed(digits, exponent + 1)
    }

    /// From Rust's `{:.N}` text: `"123.4560"`.
    fn from_fixed_text(text: &str) -> Decimal {
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        let digits = format!("{whole}{fraction}");
        Decimal::trimmed(digits, whole.len() as i64)
    }

    /// Drops leading zeros (moving the point) and trailing zeros.
    fn trimmed(digits: String, decpt: i64) -> Decimal {
        let leading = digits.bytes().take_while(|&b| b == b'0').count();
        if leading == digits.len() {
            return Decimal {
                digits: "0".to_string(),
                decpt: 1,
            };
        }
        let significant = digits[leading..].trim_end_matches('0');
        Decimal {
            digits: significant.to_string(),
            decpt: decpt - leading as i64,
        }
    }
}

/// The shortest digits that read back as `magnitude` (dtoa mode 0).
///
/// When two candidates of that length are equally near, Rust may take either
/// but dtoa takes the even one; there we take the correctly rounded (ties to
/// even) digits when they read back.
fn shortest_digits(magnitude: f64) -> Decimal {
    let shortest = Decimal::from_exponent_text(&format!("{magnitude:e}"));
    if !may_tie(magnitude) {
        return shortest;
    }
    let rounded = significant_digits(magnitude, shortest.digits.len());
    if rounded.digits != shortest.digits && rounded.reads_back_as(magnitude) {
        rounded
    } else {
        shortest
    }
}

/// Whether two shortest candidates can be equally near `magnitude`. That
/// needs its exact value to be their midpoint, written with one digit more
/// than they have (so at most 18), and, for both to read back, a unit in the
/// last place wider than their decimal step, which only a value with a
/// fraction of two or more bits can have. So: `m * 2**e` with `m` odd,
/// `e <= -2` and `m * 5**-e < 10**18` (its digits).
fn may_tie(magnitude: f64) -> bool {
    let bits = magnitude.to_bits();
    let biased_exponent = ((bits >> 52) & 0x7FF) as i64;
    let fraction = bits & ((1 << 52) - 1);
    let (mantissa, exponent) = match biased_exponent {
        0 => (fraction, -1074),
        _ => (fraction | (1 << 52), biased_exponent - 1075),
    };
    if mantissa == 0 {
        return false;
    }
    let zeros = mantissa.trailing_zeros();
    let (odd, exponent) = (mantissa >> zeros, exponent + i64::from(zeros));
    if !(-26..=-2).contains(&exponent) {
        return false;
    }
    let digits = u128::from(odd) * 5u128.pow(exponent.unsigned_abs() as u32);
    digits < 1_000_000_000_000_000_000
}

/// [`fixed_digits`] in integer arithmetic, when it fits in 128 bits (`f"{x:.2f}"` of an
/// everyday `x`): `magnitude` is exactly `m * 2**e`, so `magnitude * 10**places` is
/// `m * 10**places` shifted by `e`, rounded half to even on the bits shifted out, as dtoa
/// rounds. Rust's exact formatting often falls back to big-number arithmetic for these.
fn fixed_digits_by_integers(magnitude: f64, places: usize) -> Option<Decimal> {
    if places > 17 {
        return None;
    }
    let bits = magnitude.to_bits();
    let biased_exponent = ((bits >> 52) & 0x7FF) as i64;
    let fraction = bits & ((1 << 52) - 1);
    let (mantissa, exponent) = match biased_exponent {
        0 => (fraction, -1074),
        0x7FF => return None,
        _ => (fraction | (1 << 52), biased_exponent - 1075),
    };
    // Below 2**53 * 10**17 < 2**110.
    let scaled = u128::from(mantissa) * 10u128.pow(places as u32);
    let n = if exponent >= 0 {
        if exponent > 17 {
            return None;
        }
        scaled << exponent
    } else {
        let shift = exponent.unsigned_abs() as u32;
        if shift > 127 {
            return None;
        }
        let (whole, rest) = (scaled >> shift, scaled & ((1u128 << shift) - 1));
        let half = 1u128 << (shift - 1);
        whole + u128::from(rest > half || (rest == half && whole & 1 == 1))
    };
    let digits = n.to_string();
    let decpt = digits.len() as i64 - places as i64;
    Some(Decimal::trimmed(digits, decpt))
}

/// Enough digits to write any float exactly: at most 767 significant digits
/// and 1074 after the point. Asking Rust for more would only add zeros (and
/// Rust refuses precisions past 65535).
const EXACT_DIGITS: usize = 1100;

/// `count` (at least 1) significant digits, correctly rounded (dtoa mode 2).
fn significant_digits(magnitude: f64, count: usize) -> Decimal {
    let after_point = count.clamp(1, EXACT_DIGITS) - 1;
    Decimal::from_exponent_text(&format!("{magnitude:.after_point$e}"))
}

/// Digits up to `places` after the point, correctly rounded (dtoa mode 3).
fn fixed_digits(magnitude: f64, places: usize) -> Decimal {
    if let Some(d) = fixed_digits_by_integers(magnitude, places) {
        return d;
    }
    let places = places.min(EXACT_DIGITS);
    Decimal::from_fixed_text(&format!("{magnitude:.places$}"))
}

/// CPython's `PyOS_double_to_string` (and `format_float_short`) for `code`
/// in e E f F g G r: the text with a leading `-` when negative.
fn double_to_string(v: f64, code: char, precision: usize, options: FloatOptions) -> String {
    let upper = code.is_ascii_uppercase();
    if v.is_nan() {
        return if upper { "NAN" } else { "nan" }.to_string();
    }
    let sign = if v.is_sign_negative() { "-" } else { "" };
    if v.is_infinite() {
        return format!("{sign}{}", if upper { "INF" } else { "inf" });
    }
    let magnitude = v.abs();
    let (style, decimal, precision) = match code.to_ascii_lowercase() {
        'e' => {
            let count = precision.saturating_add(1);
            (Style::Exponent, significant_digits(magnitude, count), count)
        }
        'f' => (Style::Fixed, fixed_digits(magnitude, precision), precision),
        'g' => {
            let count = precision.max(1);
            (Style::General, significant_digits(magnitude, count), count)
        }
        _ => (Style::Repr, shortest_digits(magnitude), 0),
    };
    let sign = if options.no_neg_zero && decimal.is_zero() {
        ""
    } else {
        sign
    };
    let body = place_digits(&decimal, style, precision as i64, options, upper);
    format!("{sign}{body}")
}

/// The presentation of `format_float_short`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Exponent,
    Fixed,
    General,
    Repr,
}

/// The second half of CPython's `format_float_short`: puts the point, the
/// zeros on either side and the exponent around the digits.
fn place_digits(
    decimal: &Decimal,
    style: Style,
    precision: i64,
    options: FloatOptions,
    upper: bool,
) -> String {
    let digits = decimal.digits.as_str();
    let digits_len = digits.len() as i64;
    let mut decpt = decimal.decpt;
    let mut use_exp = false;
    let mut vdigits_end = digits_len;
    match style {
        Style::Exponent => {
            use_exp = true;
            vdigits_end = precision;
        }
        Style::Fixed => vdigits_end = decpt + precision,
        Style::General => {
            let limit = if options.add_dot_0 {
                precision - 1
            } else {
                precision
            };
            use_exp = decpt <= -4 || decpt > limit;
            if options.alternate {
                vdigits_end = precision;
            }
        }
        Style::Repr => use_exp = decpt <= -4 || decpt > 16,
    }
    let exponent = decpt - 1;
    if use_exp {
        decpt = 1;
    }
    let vdigits_start = if decpt <= 0 { decpt - 1 } else { 0 };
    let vdigits_end = if !use_exp && options.add_dot_0 {
        vdigits_end.max(decpt + 1)
    } else {
        vdigits_end.max(decpt)
    };
    let mut out = String::with_capacity((vdigits_end - vdigits_start).max(0) as usize + 8);
    if decpt <= 0 {
        push_zeros(&mut out, decpt - vdigits_start);
        out.push('.');
        push_zeros(&mut out, -decpt);
        out.push_str(digits);
    } else if decpt <= digits_len {
        let (whole, fraction) = digits.split_at(decpt as usize);
        out.push_str(whole);
        out.push('.');
        out.push_str(fraction);
    } else {
        out.push_str(digits);
    }
    if digits_len < decpt {
        push_zeros(&mut out, decpt - digits_len);
        out.push('.');
        push_zeros(&mut out, vdigits_end - decpt);
    } else {
        push_zeros(&mut out, vdigits_end - digits_len);
    }
    if out.ends_with('.') && !options.alternate {
        out.pop();
    }
    if use_exp {
        out.push(if upper { 'E' } else { 'e' });
        out.push_str(&format!("{exponent:+03}"));
    }
    out
}

fn push_zeros(out: &mut String, count: i64) {
    if count > 0 {
        push_repeated(out, '0', count as usize);
    }
}

// ---------------------------------------------------------------------------
// printf-style formatting: the `%` operator
// ---------------------------------------------------------------------------

/// One `%` conversion: `%[(key)][flags][width][.precision][hlL]conv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PercentSpec {
    pub key: Option<String>,
    pub flags: PercentFlags,
    pub width: Option<PercentCount>,
    pub precision: Option<PercentCount>,
    /// One of `s r a c d i u o x X e E f F g G`.
    pub conv: char,
}

/// The flags `-`, `0`, `+`, ` ` and `#`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PercentFlags {
    pub left: bool,
    pub zero: bool,
    pub plus: bool,
    pub space: bool,
    pub alternate: bool,
}

/// A width or precision: written out, or `*` (taken from the arguments).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PercentCount {
    Fixed(usize),
    Star,
}

/// A piece of a `%` format string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PercentPiece<'a> {
    Literal(&'a str),
    /// `%%`.
    Percent,
    Conv(PercentSpec),
}

/// Splits a `%` format into pieces, or gives the first parse error:
/// "incomplete format", "incomplete format key", "width too big",
/// "precision too big", "unsupported format character 'y' (0x79) at index 3".
///
/// CPython reports a parse error only when its walk reaches it, after using
/// the arguments of the conversions before it; walk a [`PercentParser`]
/// instead to keep that order.
pub fn parse_percent(fmt: &str) -> Result<Vec<PercentPiece<'_>>, String> {
    PercentParser::new(fmt).collect()
}

/// The lazy form of [`parse_percent`]: yields pieces in order and stops after
/// the first error.
#[derive(Debug, Clone)]
pub struct PercentParser<'a> {
    cursor: Cursor<'a>,
    failed: bool,
}

impl<'a> PercentParser<'a> {
    pub fn new(fmt: &'a str) -> Self {
        PercentParser {
            cursor: Cursor {
                text: fmt,
                pos: 0,
                index: 0,
            },
            failed: false,
        }
    }
}

impl<'a> Iterator for PercentParser<'a> {
    type Item = Result<PercentPiece<'a>, String>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let piece = match self.cursor.peek()? {
            '%' => {
                self.cursor.bump();
                parse_conversion(&mut self.cursor)
            }
            _ => Ok(PercentPiece::Literal(self.cursor.literal())),
        };
        self.failed = piece.is_err();
        Some(piece)
    }
}

/// A position in a format string, in bytes and in characters.
#[derive(Debug, Clone)]
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
    index: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        self.index += 1;
        Some(c)
    }

    fn bump_if(&mut self, wanted: impl Fn(char) -> bool) -> Option<char> {
        match self.peek() {
            Some(c) if wanted(c) => self.bump(),
            _ => None,
        }
    }

    /// The text up to the next `%`.
    fn literal(&mut self) -> &'a str {
        let start = self.pos;
        while self.bump_if(|c| c != '%').is_some() {}
        &self.text[start..self.pos]
    }

    /// Decimal digits, refused above `limit` with `message`.
    fn number(&mut self, limit: usize, message: &str) -> Result<usize, String> {
        let mut value: usize = 0;
        while let Some(c) = self.bump_if(|c| c.is_ascii_digit()) {
            let digit = c as usize - '0' as usize;
            value = value
                .checked_mul(10)
                .and_then(|v| v.checked_add(digit))
                .filter(|&v| v <= limit)
                .ok_or_else(|| message.to_string())?;
        }
        Ok(value)
    }
}

/// CPython's `unicode_format_arg_parse`, just after a `%`.
fn parse_conversion<'a>(cursor: &mut Cursor<'a>) -> Result<PercentPiece<'a>, String> {
    if cursor.bump_if(|c| c == '%').is_some() {
        return Ok(PercentPiece::Percent);
    }
    let key = parse_key(cursor)?;
    let flags = parse_flags(cursor);
    let width = if cursor.bump_if(|c| c == '*').is_some() {
        Some(PercentCount::Star)
    } else if cursor.peek().is_some_and(|c| c.is_ascii_digit()) {
        // Up to a `Py_ssize_t`, as CPython; the caller pads no wider than `MAX_WIDTH`.
        Some(PercentCount::Fixed(
            cursor.number(isize::MAX as usize, WIDTH_TOO_BIG)?,
        ))
    } else {
        None
    };
    let precision = if cursor.bump_if(|c| c == '.').is_some() {
        if cursor.bump_if(|c| c == '*').is_some() {
            Some(PercentCount::Star)
        } else {
            Some(PercentCount::Fixed(
                cursor.number(i32::MAX as usize, PRECISION_TOO_BIG)?,
            ))
        }
    } else {
        None
    };
    cursor.bump_if(|c| matches!(c, 'h' | 'l' | 'L'));
    let conv_index = cursor.index;
    let conv = cursor
        .bump()
        .ok_or_else(|| "incomplete format".to_string())?;
    if !"sracdiuoxXeEfFgG".contains(conv) {
        let shown = if (31..=126).contains(&(conv as u32)) {
            conv
        } else {
            '?'
        };
        return Err(format!(
            "unsupported format character '{shown}' (0x{:x}) at index {conv_index}",
            conv as u32
        ));
    }
    Ok(PercentPiece::Conv(PercentSpec {
        key,
        flags,
        width,
        precision,
        conv,
    }))
}

/// `(key)`, with balanced parentheses inside.
fn parse_key(cursor: &mut Cursor) -> Result<Option<String>, String> {
    if cursor.bump_if(|c| c == '(').is_none() {
        return Ok(None);
    }
    let start = cursor.pos;
    let mut depth = 1;
    loop {
        let end = cursor.pos;
        match cursor.bump() {
            None => return Err("incomplete format key".to_string()),
            Some(')') if depth == 1 => return Ok(Some(cursor.text[start..end].to_string())),
            Some(')') => depth -= 1,
            Some('(') => depth += 1,
            Some(_) => {}
        }
    }
}

fn parse_flags(cursor: &mut Cursor) -> PercentFlags {
    let mut flags = PercentFlags::default();
    while let Some(c) = cursor.bump_if(|c| matches!(c, '-' | '+' | ' ' | '#' | '0')) {
        match c {
            '-' => flags.left = true,
            '+' => flags.plus = true,
            ' ' => flags.space = true,
            '#' => flags.alternate = true,
            _ => flags.zero = true,
        }
    }
    flags
}

/// The value of a `*` width: `(width, left_justify)`, since a negative width
/// means `-` (set `flags.left` then). As CPython, one beyond a `Py_ssize_t` is an
/// OverflowError; the caller pads no wider than [`MAX_WIDTH`]. (`-sys.maxsize - 1`
/// stays negative when CPython negates it: no padding.)
pub fn percent_star_width(v: &BigInt) -> Result<(usize, bool), String> {
    let width = v
        .to_isize()
        .ok_or_else(|| INT_TOO_LARGE_FOR_SSIZE.to_string())?;
    let magnitude = width.checked_abs().map_or(0, |w| w as usize);
    Ok((magnitude, width < 0))
}

/// The value of a `*` precision: negative counts as 0. Values over the
/// range of a C int are refused with "precision too big".
pub fn percent_star_precision(v: &BigInt) -> Result<usize, String> {
    if v.is_negative() {
        return Ok(0);
    }
    v.to_usize()
        .filter(|&p| p <= i32::MAX as usize)
        .ok_or_else(|| PRECISION_TOO_BIG.to_string())
}

/// `%d %i %u %o %x %X %c` of an int (`%c`: the code point). Also takes
/// `e E f F g G` (through `float(v)`) and `s r a` (its decimal text), as
/// CPython does for an int argument.
pub fn percent_int(
    v: &BigInt,
    spec: &PercentSpec,
    width: Option<usize>,
    precision: Option<usize>,
) -> Result<String, String> {
    let value = IntRef::from_big(v);
    match spec.conv {
        'c' => {
            let code = value.to_i64().unwrap_or(-1);
            let text = code_point_char(code)?.to_string();
            Ok(percent_output(&text, spec, false, width, precision))
        }
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' => percent_float(value.to_f64()?, spec, width, precision),
        'd' | 'i' | 'u' | 'o' | 'x' | 'X' => {
            let precision = checked_precision(precision)?;
            let text = percent_int_text(value, spec.conv, spec.flags.alternate, precision)?;
            Ok(percent_output(&text, spec, true, width, None))
        }
        _ => {
            let digits = decimal_magnitude(v)?;
            let sign = if v.is_negative() { "-" } else { "" };
            Ok(percent_str(
                &format!("{sign}{digits}"),
                spec,
                width,
                precision,
            ))
        }
    }
}

/// CPython's `_PyUnicode_FormatLong`: sign, `0x`/`0o` when alternate, the
/// digits zero-filled to `precision`.
fn percent_int_text(
    v: IntRef,
    conv: char,
    alternate: bool,
    precision: Option<usize>,
) -> Result<String, String> {
    let (base, prefix) = match conv {
        'o' => (8, "0o"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        _ => (10, ""),
    };
    let mut digits = v.magnitude_digits(base)?;
    if conv == 'X' {
        digits.make_ascii_uppercase();
    }
    let zeros = precision.unwrap_or(0).saturating_sub(digits.len());
    let mut text = String::with_capacity(digits.len() + zeros + 3);
    if v.is_negative() {
        text.push('-');
    }
    if alternate {
        text.push_str(prefix);
    }
    push_repeated(&mut text, '0', zeros);
    text.push_str(&digits);
    Ok(text)
}

/// `%e %E %f %F %g %G` of a float (default precision 6). Also takes
/// `d i u` (through `int(v)`) and `s r a` (its repr), as CPython does for a
/// float argument; `o x X c` are CPython's TypeErrors.
pub fn percent_float(
    v: f64,
    spec: &PercentSpec,
    width: Option<usize>,
    precision: Option<usize>,
) -> Result<String, String> {
    match spec.conv {
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
            let digits = checked_precision(precision)?.unwrap_or(6);
            let options = FloatOptions {
                alternate: spec.flags.alternate,
                add_dot_0: false,
                no_neg_zero: false,
            };
            let text = double_to_string(v, spec.conv, digits, options);
            Ok(percent_output(&text, spec, true, width, None))
        }
        'd' | 'i' | 'u' => percent_int(&float_to_int(v)?, spec, width, precision),
        'o' | 'x' | 'X' => Err(format!(
            "%{} format: an integer is required, not float",
            spec.conv
        )),
        'c' => Err("%c requires int or char".to_string()),
        _ => Ok(percent_str(&float_repr(v), spec, width, precision)),
    }
}

/// `%s %r %a` of text the caller made with `str()`, `repr()` or `ascii()`
/// (precision truncates), and `%c` of a one-character string. Widths past
/// [`MAX_WIDTH`] are cut to it (`Interp::percent_format` refuses them first).
pub fn percent_str(
    v: &str,
    spec: &PercentSpec,
    width: Option<usize>,
    precision: Option<usize>,
) -> String {
    percent_output(v, spec, false, width, precision)
}

/// CPython's `unicode_format_arg_output`: sign, `0x` prefix, zero or space
/// padding. `numeric` is CPython's `arg->sign`: set for number conversions.
fn percent_output(
    text: &str,
    spec: &PercentSpec,
    numeric: bool,
    width: Option<usize>,
    precision: Option<usize>,
) -> String {
    let flags = spec.flags;
    let fill = if numeric && flags.zero { '0' } else { ' ' };
    let mut body = text;
    let mut len = text.chars().count();
    if matches!(spec.conv, 's' | 'r' | 'a') {
        if let Some(p) = precision {
            len = len.min(p);
        }
    }
    let mut sign = None;
    if numeric {
        sign = match body.chars().next() {
            Some(c @ ('-' | '+')) => {
                body = &body[1..];
                len = len.saturating_sub(1);
                Some(c)
            }
            _ if flags.plus => Some('+'),
            _ if flags.space => Some(' '),
            _ => None,
        };
    }
    let mut width = width.unwrap_or(0).min(MAX_WIDTH).max(len);
    let mut out = String::with_capacity(width + 2);
    if let Some(sign) = sign {
        if fill != ' ' {
            out.push(sign);
        }
        if width > len {
            width -= 1;
        }
    }
    let has_prefix = numeric
        && flags.alternate
        && matches!(spec.conv, 'x' | 'X' | 'o')
        && body.len() >= 2
        && body.is_char_boundary(2);
    let mut prefix = "";
    if has_prefix {
        (prefix, body) = body.split_at(2);
        if fill != ' ' {
            out.push_str(prefix);
            prefix = "";
        }
        width = width.saturating_sub(2);
        len = len.saturating_sub(2);
    }
    if width > len && !flags.left {
        push_repeated(&mut out, fill, width - len);
        width = len;
    }
    if fill == ' ' {
        out.extend(sign);
        out.push_str(prefix);
    }
    out.push_str(truncate_chars(body, len));
    push_repeated(&mut out, ' ', width.saturating_sub(len));
    out
}

#[cfg(test)]
mod tests;
