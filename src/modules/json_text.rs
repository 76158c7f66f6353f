//! JSON text for Aio's `json` module: `dumps` and `loads` with CPython
//! 3.11's exact output, error messages and error positions. The interpreter
//! converts its values to a [`Json`] tree before [`dumps`] and builds its
//! values from the tree [`loads`] returns; this module knows nothing about
//! interpreter values. Neither direction recurses on the native stack, so any
//! nesting depth is safe: `loads` stops at [`LoadOptions::max_depth`] with
//! CPython's `RecursionError`, and `dumps` walks the tree with an explicit
//! stack. `sort_keys` sorts with a port of CPython's list sort so that mixed
//! key types fail with the same `TypeError` naming the same pair of types.
//! One difference is forced by Rust strings: an unpaired surrogate escape
//! such as `"\ud800"` loads as U+FFFD where CPython keeps the lone surrogate.

use num_bigint::BigInt;
use num_traits::FromPrimitive;
use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;

/// A JSON value as Python sees it.
///
/// `Object` keeps its pairs in document (or dict) order. For `dumps` the keys
/// may be any `Json`: strings are written as they are, and ints, floats,
/// bools and `Null` are converted as CPython does (`1`, `1.5`, `true`,
/// `null`); anything else is a `TypeError` unless `skip_keys` is set. From
/// `loads` every key is a `Str`, and duplicate keys are all kept in order: the
/// interpreter inserts them into a dict one by one, which gives CPython's
/// result (the first key's position, the last key's value).
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Int(BigInt),
    Float(f64),
    Str(String),
    Array(Vec<Json>),
    Object(Vec<(Json, Json)>),
    /// A value `dumps` cannot encode, carrying its Python type name (`"set"`,
    /// `"tuple"`, ...). The interpreter puts it where CPython would call
    /// `default` and get a `TypeError`, so the error comes at the same point
    /// of the traversal as in CPython (an earlier NaN still wins, say). As a
    /// value it is "Object of type set is not JSON serializable"; as a key,
    /// "keys must be str, int, float, bool or None, not tuple", or the pair is
    /// dropped under `skip_keys`. `loads` never produces it.
    Unsupported(String),
}

impl Json {
    /// The name of the Python type this value stands for (`type(v).__name__`).
    pub fn python_type_name(&self) -> &str {
        match self {
            Json::Null => "NoneType",
            Json::Bool(_) => "bool",
            Json::Int(_) => "int",
            Json::Float(_) => "float",
            Json::Str(_) => "str",
            Json::Array(_) => "list",
            Json::Object(_) => "dict",
            Json::Unsupported(name) => name,
        }
    }
}

/// CPython's default `sys.get_int_max_str_digits()`.
pub const PYTHON_INT_MAX_STR_DIGITS: usize = 4300;

/// How `json.loads` nests at the top level of a CPython 3.11 script: the
/// default recursion limit (1000) less the frames in use when the scanner
/// starts.
pub const PYTHON_TOP_LEVEL_MAX_DEPTH: usize = 995;

// ---------------------------------------------------------------------------
// dumps
// ---------------------------------------------------------------------------

/// The keyword arguments of `json.dumps` that shape the text.
///
/// `default`, `check_circular` and `cls` belong to the interpreter, which
/// applies them while building the [`Json`] tree.
#[derive(Debug, Clone, PartialEq)]
pub struct DumpOptions {
    /// `None` for one line; otherwise the text repeated once per level
    /// (Python's `indent=2` is `"  "`, `indent=0` or a negative int is `""`,
    /// and a string indent is used as it is).
    pub indent: Option<String>,
    pub item_separator: String,
    pub key_separator: String,
    pub sort_keys: bool,
    pub ensure_ascii: bool,
    pub allow_nan: bool,
    /// `skipkeys`: drop pairs whose key is not str, int, float, bool or None.
    pub skip_keys: bool,
    /// `sys.get_int_max_str_digits()`: ints with more digits raise
    /// `ValueError`; 0 means no limit.
    pub int_max_str_digits: usize,
}

impl DumpOptions {
    /// `json.dumps`'s defaults for the given indent: separators `(', ', ': ')`
    /// without an indent and `(',', ': ')` with one, `ensure_ascii` and
    /// `allow_nan` on, and CPython's default int digit limit.
    pub fn python_defaults(indent: Option<String>) -> Self {
        let item_separator = if indent.is_some() { "," } else { ", " };
        DumpOptions {
            indent,
            item_separator: item_separator.to_string(),
            key_separator: ": ".to_string(),
            sort_keys: false,
            ensure_ascii: true,
            allow_nan: true,
            skip_keys: false,
            int_max_str_digits: PYTHON_INT_MAX_STR_DIGITS,
        }
    }
}

impl Default for DumpOptions {
    fn default() -> Self {
        DumpOptions::python_defaults(None)
    }
}

/// Why `dumps` failed. `Display` gives CPython's message and
/// [`DumpError::exception_type`] the exception to raise.
#[derive(Debug, Clone, PartialEq)]
pub enum DumpError {
    /// `ValueError: Out of range float values are not JSON compliant`. With an
    /// indent CPython encodes in Python, whose message adds `: nan` (the
    /// value's repr); `with_repr` says so.
    NanNotAllowed { value: f64, with_repr: bool },
    /// `TypeError: keys must be str, int, float, bool or None, not tuple`.
    KeyType(String),
    /// `TypeError: Object of type set is not JSON serializable`.
    NotSerializable(String),
    /// `TypeError: '<' not supported between instances of 'int' and 'str'`,
    /// from sorting keys of mixed types.
    SortMixed { left: String, right: String },
    /// `ValueError` from `int.__repr__` over the int digit limit.
    IntTooLong { limit: usize },
}

impl DumpError {
    /// The Python exception class: `"ValueError"` or `"TypeError"`.
    pub fn exception_type(&self) -> &'static str {
        match self {
            DumpError::NanNotAllowed { .. } | DumpError::IntTooLong { .. } => "ValueError",
            DumpError::KeyType(_) | DumpError::NotSerializable(_) | DumpError::SortMixed { .. } => {
                "TypeError"
            }
        }
    }
}

impl fmt::Display for DumpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DumpError::NanNotAllowed { value, with_repr } => {
                f.write_str("Out of range float values are not JSON compliant")?;
                if *with_repr {
                    write!(f, ": {}", non_finite_repr(*value))?;
                }
                Ok(())
            }
            DumpError::KeyType(name) => {
                write!(f, "keys must be str, int, float, bool or None, not {name}")
            }
            DumpError::NotSerializable(name) => {
                write!(f, "Object of type {name} is not JSON serializable")
            }
            DumpError::SortMixed { left, right } => {
                write!(
                    f,
                    "'<' not supported between instances of '{left}' and '{right}'"
                )
            }
            DumpError::IntTooLong { limit } => write!(
                f,
                "Exceeds the limit ({limit} digits) for integer string conversion; \
                 use sys.set_int_max_str_digits() to increase the limit"
            ),
        }
    }
}

impl std::error::Error for DumpError {}

/// Python's `repr` of a float that is not finite.
fn non_finite_repr(value: f64) -> &'static str {
    if value.is_nan() {
        "nan"
    } else if value > 0.0 {
        "inf"
    } else {
        "-inf"
    }
}

/// `json.dumps(v, ...)`. `float_repr` is Python's `float.__repr__` for finite
/// floats (the interpreter passes `crate::format::float_repr`); NaN and the
/// infinities are written `NaN`, `Infinity` and `-Infinity` here.
pub fn dumps(
    v: &Json,
    opts: &DumpOptions,
    float_repr: &dyn Fn(f64) -> String,
) -> Result<String, DumpError> {
    let encoder = Encoder {
        opts,
        float_repr,
        out: String::new(),
        stack: Vec::new(),
    };
    encoder.run(v)
}

/// An array or object being written: what is left of it, and whether
/// anything of it has been written yet (the separator goes before the rest).
enum Frame<'a> {
    Array {
        items: std::slice::Iter<'a, Json>,
        first: bool,
    },
    Object {
        entries: std::vec::IntoIter<&'a (Json, Json)>,
        first: bool,
    },
}

/// What the innermost open container does next.
enum Step<'a> {
    Item(&'a Json, bool),
    Entry(&'a Json, &'a Json, bool),
    Close(char),
}

struct Encoder<'a, 'o> {
    opts: &'o DumpOptions,
    float_repr: &'o dyn Fn(f64) -> String,
    out: String,
    stack: Vec<Frame<'a>>,
}

impl<'a> Encoder<'a, '_> {
    fn run(mut self, root: &'a Json) -> Result<String, DumpError> {
        self.value(root)?;
        while !self.stack.is_empty() {
            self.step()?;
        }
        Ok(self.out)
    }

    fn step(&mut self) -> Result<(), DumpError> {
        let step = match self.stack.last_mut() {
            None => return Ok(()),
            Some(Frame::Array { items, first }) => match items.next() {
                Some(item) => Step::Item(item, std::mem::replace(first, false)),
                None => Step::Close(']'),
            },
            Some(Frame::Object { entries, first }) => match entries.next() {
                Some((key, value)) => Step::Entry(key, value, *first),
                None => Step::Close('}'),
            },
        };
        match step {
            Step::Item(item, first) => {
                if !first {
                    self.separator();
                }
                self.value(item)
            }
            Step::Entry(key, value, first) => self.entry(key, value, first),
            Step::Close(bracket) => {
                self.stack.pop();
                if self.opts.indent.is_some() {
                    self.newline_indent();
                }
                self.out.push(bracket);
                Ok(())
            }
        }
    }

    fn entry(&mut self, key: &'a Json, value: &'a Json, first: bool) -> Result<(), DumpError> {
        let Some(key_text) = self.key_text(key)? else {
            return Ok(());
        };
        if !first {
            self.separator();
        }
        if let Some(Frame::Object { first, .. }) = self.stack.last_mut() {
            *first = false;
        }
        write_string(&mut self.out, &key_text, self.opts.ensure_ascii);
        self.out.push_str(&self.opts.key_separator);
        self.value(value)
    }

    /// Writes a scalar whole, or opens a container and pushes its frame.
    fn value(&mut self, v: &'a Json) -> Result<(), DumpError> {
        match v {
            Json::Null => self.out.push_str("null"),
            Json::Bool(true) => self.out.push_str("true"),
            Json::Bool(false) => self.out.push_str("false"),
            Json::Int(i) => {
                let text = int_text(i, self.opts.int_max_str_digits)?;
                self.out.push_str(&text);
            }
            Json::Float(x) => {
                let text = self.float_text(*x)?;
                self.out.push_str(&text);
            }
            Json::Str(s) => write_string(&mut self.out, s, self.opts.ensure_ascii),
            Json::Array(items) if items.is_empty() => self.out.push_str("[]"),
            Json::Array(items) => {
                self.out.push('[');
                self.open(Frame::Array {
                    items: items.iter(),
                    first: true,
                });
            }
            Json::Object(pairs) if pairs.is_empty() => self.out.push_str("{}"),
            Json::Object(pairs) => {
                let entries = self.ordered_entries(pairs)?;
                self.out.push('{');
                self.open(Frame::Object {
                    entries: entries.into_iter(),
                    first: true,
                });
            }
            Json::Unsupported(name) => return Err(DumpError::NotSerializable(name.clone())),
        }
        Ok(())
    }

    fn open(&mut self, frame: Frame<'a>) {
        self.stack.push(frame);
        if self.opts.indent.is_some() {
            self.newline_indent();
        }
    }

    fn separator(&mut self) {
        self.out.push_str(&self.opts.item_separator);
        if self.opts.indent.is_some() {
            self.newline_indent();
        }
    }

    /// A newline and the indent once per open container.
    fn newline_indent(&mut self) {
        self.out.push('\n');
        if let Some(indent) = &self.opts.indent {
            for _ in 0..self.stack.len() {
                self.out.push_str(indent);
            }
        }
    }

    /// The pairs in writing order: as given, or sorted by key as CPython's
    /// `sorted(dct.items())` does.
    fn ordered_entries(
        &self,
        pairs: &'a [(Json, Json)],
    ) -> Result<Vec<&'a (Json, Json)>, DumpError> {
        let mut order: Vec<usize> = (0..pairs.len()).collect();
        if self.opts.sort_keys {
            list_sort::sort(&mut order, &mut |a, b| python_lt(&pairs[a].0, &pairs[b].0))?;
        }
        Ok(order.into_iter().map(|i| &pairs[i]).collect())
    }

    /// The string a key is written as, or `None` when `skip_keys` drops it.
    fn key_text(&self, key: &'a Json) -> Result<Option<Cow<'a, str>>, DumpError> {
        let text = match key {
            Json::Str(s) => Cow::Borrowed(s.as_str()),
            Json::Float(x) => Cow::Owned(self.float_text(*x)?),
            Json::Bool(true) => Cow::Borrowed("true"),
            Json::Bool(false) => Cow::Borrowed("false"),
            Json::Null => Cow::Borrowed("null"),
            Json::Int(i) => Cow::Owned(int_text(i, self.opts.int_max_str_digits)?),
            _ if self.opts.skip_keys => return Ok(None),
            other => return Err(DumpError::KeyType(other.python_type_name().to_string())),
        };
        Ok(Some(text))
    }

    fn float_text(&self, x: f64) -> Result<String, DumpError> {
        if x.is_finite() {
            return Ok((self.float_repr)(x));
        }
        if !self.opts.allow_nan {
            return Err(DumpError::NanNotAllowed {
                value: x,
                with_repr: self.opts.indent.is_some(),
            });
        }
        let text = if x.is_nan() {
            "NaN"
        } else if x > 0.0 {
            "Infinity"
        } else {
            "-Infinity"
        };
        Ok(text.to_string())
    }
}

/// `int.__repr__`, with CPython's limit on the number of digits.
fn int_text(i: &BigInt, limit: usize) -> Result<String, DumpError> {
    if limit > 0 {
        // At least (bits - 1) * log10(2) + 1 digits: refuse huge ints before
        // paying for their conversion, as CPython does.
        let bits = i.bits().saturating_sub(1) as f64;
        if bits * std::f64::consts::LOG10_2 >= limit as f64 + 1.0 {
            return Err(DumpError::IntTooLong { limit });
        }
    }
    let text = i.to_string();
    let digits = text.len() - usize::from(text.starts_with('-'));
    if limit > 0 && digits > limit {
        return Err(DumpError::IntTooLong { limit });
    }
    Ok(text)
}

/// Writes `s` as a JSON string literal, escaped as CPython's
/// `encode_basestring_ascii` (`ensure_ascii`) or `encode_basestring` does.
fn write_string(out: &mut String, s: &str, ensure_ascii: bool) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' => push_unicode_escape(out, c as u32),
            c if ensure_ascii && c > '~' => push_ascii_escapes(out, c),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `\uXXXX`, or a surrogate pair of them outside the Basic Multilingual Plane.
fn push_ascii_escapes(out: &mut String, c: char) {
    let mut units = [0u16; 2];
    for unit in c.encode_utf16(&mut units) {
        push_unicode_escape(out, u32::from(*unit));
    }
}

fn push_unicode_escape(out: &mut String, unit: u32) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push_str("\\u");
    for shift in [12, 8, 4, 0] {
        out.push(char::from(HEX[((unit >> shift) & 0xf) as usize]));
    }
}

// ---------------------------------------------------------------------------
// Python's `<` between keys
// ---------------------------------------------------------------------------

/// `a < b` between two dict keys as Python evaluates it. Numbers (bool, int,
/// float) compare exactly with each other and strings with strings; any
/// other pair raises, except that two keys of the same type outside these
/// (two `Unsupported("tuple")`, say) compare as not less, since the tree does
/// not carry what Python would compare. Such keys are rejected or skipped
/// after the sort anyway.
fn python_lt(a: &Json, b: &Json) -> Result<bool, DumpError> {
    if let (Json::Str(x), Json::Str(y)) = (a, b) {
        return Ok(x < y);
    }
    if let Some(order) = numeric_cmp(a, b) {
        return Ok(order == Some(Ordering::Less));
    }
    let (left, right) = (a.python_type_name(), b.python_type_name());
    let unordered_same_type = left == right && !matches!(a, Json::Null | Json::Str(_));
    if unordered_same_type {
        return Ok(false);
    }
    Err(DumpError::SortMixed {
        left: left.to_string(),
        right: right.to_string(),
    })
}

/// `None` when either side is not a number; `Some(None)` when they are
/// unordered (a NaN is involved).
fn numeric_cmp(a: &Json, b: &Json) -> Option<Option<Ordering>> {
    match (a, b) {
        (Json::Float(x), Json::Float(y)) => Some(x.partial_cmp(y)),
        (Json::Float(x), other) => {
            Some(int_float_cmp(as_int(other)?.as_ref(), *x).map(Ordering::reverse))
        }
        (other, Json::Float(y)) => Some(int_float_cmp(as_int(other)?.as_ref(), *y)),
        _ => Some(Some(as_int(a)?.cmp(&as_int(b)?))),
    }
}

/// An int or bool as an int.
fn as_int(v: &Json) -> Option<Cow<'_, BigInt>> {
    match v {
        Json::Int(i) => Some(Cow::Borrowed(i)),
        Json::Bool(b) => Some(Cow::Owned(BigInt::from(u8::from(*b)))),
        _ => None,
    }
}

/// Compares an int with a float exactly, as Python does.
fn int_float_cmp(i: &BigInt, x: f64) -> Option<Ordering> {
    if x.is_nan() {
        return None;
    }
    if x.is_infinite() {
        return Some(if x > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    let floor = x.floor();
    let floor_int = BigInt::from_f64(floor)?;
    match i.cmp(&floor_int) {
        Ordering::Equal if x > floor => Some(Ordering::Less),
        order => Some(order),
    }
}

/// CPython 3.11's `list.sort` (timsort with powersort merging), over indices
/// and with a fallible `<`, so that a sort which raises in CPython raises here
/// at the same comparison, and inconsistent comparisons (NaN) give CPython's
/// order.
mod list_sort {
    const MIN_GALLOP: usize = 7;
    const MAX_MINRUN: usize = 64;

    type LessThan<'f, E> = dyn FnMut(usize, usize) -> Result<bool, E> + 'f;

    /// Sorts `list` in place by `lt`. On error the list is left a permutation
    /// of what it was.
    pub fn sort<E>(list: &mut [usize], lt: &mut LessThan<'_, E>) -> Result<(), E> {
        if list.len() < 2 {
            return Ok(());
        }
        let mut state = MergeState {
            lt,
            min_gallop: MIN_GALLOP,
            list_len: list.len(),
            pending: Vec::new(),
        };
        state.sort(list)
    }

    struct Run {
        base: usize,
        len: usize,
        power: u32,
    }

    struct MergeState<'l, 'f, E> {
        lt: &'l mut LessThan<'f, E>,
        min_gallop: usize,
        list_len: usize,
        pending: Vec<Run>,
    }

    /// How a merge loop ends (the labels of CPython's `merge_lo`/`merge_hi`).
    enum MergeEnd<E> {
        Done,
        Failed(E),
        CopyRest,
    }

    fn compute_minrun(mut n: usize) -> usize {
        let mut r = 0;
        while n >= MAX_MINRUN {
            r |= n & 1;
            n >>= 1;
        }
        n + r
    }

    /// The "power" of the run boundary between two adjacent runs.
    fn powerloop(s1: usize, n1: usize, n2: usize, n: usize) -> u32 {
        let mut result = 0;
        let mut a = 2 * s1 + n1;
        let mut b = a + n1 + n2;
        loop {
            result += 1;
            if a >= n {
                a -= n;
                b -= n;
            } else if b >= n {
                break;
            }
            a <<= 1;
            b <<= 1;
        }
        result
    }

    impl<E> MergeState<'_, '_, E> {
        fn lt(&mut self, x: usize, y: usize) -> Result<bool, E> {
            (self.lt)(x, y)
        }

        fn sort(&mut self, list: &mut [usize]) -> Result<(), E> {
            let minrun = compute_minrun(list.len());
            let mut lo = 0;
            while lo < list.len() {
                let remaining = list.len() - lo;
                let (mut n, descending) = self.count_run(list, lo)?;
                if descending {
                    list[lo..lo + n].reverse();
                }
                if n < minrun {
                    let force = remaining.min(minrun);
                    self.binary_sort(&mut list[lo..lo + force], n)?;
                    n = force;
                }
                self.found_new_run(list, n)?;
                self.pending.push(Run {
                    base: lo,
                    len: n,
                    power: 0,
                });
                lo += n;
            }
            self.force_collapse(list)
        }

        /// The length of the run starting at `lo`, and whether it is strictly
        /// descending (3.11's `count_run`).
        fn count_run(&mut self, list: &[usize], lo: usize) -> Result<(usize, bool), E> {
            let hi = list.len();
            if lo + 1 == hi {
                return Ok((1, false));
            }
            let descending = self.lt(list[lo + 1], list[lo])?;
            let mut n = 2;
            while lo + n < hi {
                let smaller = self.lt(list[lo + n], list[lo + n - 1])?;
                if smaller != descending {
                    break;
                }
                n += 1;
            }
            Ok((n, descending))
        }

        /// Binary insertion sort of `run`, whose first `sorted` items are sorted.
        fn binary_sort(&mut self, run: &mut [usize], sorted: usize) -> Result<(), E> {
            for start in sorted.max(1)..run.len() {
                let pivot = run[start];
                let (mut l, mut r) = (0, start);
                while l < r {
                    let p = l + ((r - l) >> 1);
                    if self.lt(pivot, run[p])? {
                        r = p;
                    } else {
                        l = p + 1;
                    }
                }
                run.copy_within(l..start, l + 1);
                run[l] = pivot;
            }
            Ok(())
        }

        fn found_new_run(&mut self, list: &mut [usize], n2: usize) -> Result<(), E> {
            let Some(last) = self.pending.last() else {
                return Ok(());
            };
            let power = powerloop(last.base, last.len, n2, self.list_len);
            while self.pending.len() > 1 && self.pending[self.pending.len() - 2].power > power {
                self.merge_at(list, self.pending.len() - 2)?;
            }
            if let Some(last) = self.pending.last_mut() {
                last.power = power;
            }
            Ok(())
        }

        fn force_collapse(&mut self, list: &mut [usize]) -> Result<(), E> {
            while self.pending.len() > 1 {
                let mut n = self.pending.len() - 2;
                if n > 0 && self.pending[n - 1].len < self.pending[n + 1].len {
                    n -= 1;
                }
                self.merge_at(list, n)?;
            }
            Ok(())
        }

        /// Merges the pending runs `i` and `i + 1`.
        fn merge_at(&mut self, list: &mut [usize], i: usize) -> Result<(), E> {
            let (mut base_a, mut na) = (self.pending[i].base, self.pending[i].len);
            let (base_b, nb) = (self.pending[i + 1].base, self.pending[i + 1].len);
            self.pending[i].len = na + nb;
            self.pending.remove(i + 1);

            // Where does b start in a? What comes before is already in place.
            let k = self.gallop_right(list[base_b], &list[base_a..base_a + na], 0)?;
            base_a += k;
            na -= k;
            if na == 0 {
                return Ok(());
            }
            // Where does a end in b? What comes after is already in place.
            let nb = self.gallop_left(list[base_a + na - 1], &list[base_b..base_b + nb], nb - 1)?;
            if nb == 0 {
                return Ok(());
            }
            if na <= nb {
                self.merge_lo(list, base_a, na, nb)
            } else {
                self.merge_hi(list, base_a, na, nb)
            }
        }

        /// Where `key` goes in sorted `a`, left of any equal items, searching
        /// from `hint`.
        fn gallop_left(&mut self, key: usize, a: &[usize], hint: usize) -> Result<usize, E> {
            let n = a.len();
            let (mut lo, mut hi);
            let mut lastofs = 0;
            let mut ofs = 1;
            if self.lt(a[hint], key)? {
                // a[hint] < key: gallop right.
                let maxofs = n - hint;
                while ofs < maxofs && self.lt(a[hint + ofs], key)? {
                    lastofs = ofs;
                    ofs = (ofs << 1) + 1;
                }
                ofs = ofs.min(maxofs);
                lo = hint + lastofs + 1;
                hi = hint + ofs;
            } else {
                // key <= a[hint]: gallop left.
                let maxofs = hint + 1;
                while ofs < maxofs && !self.lt(a[hint - ofs], key)? {
                    lastofs = ofs;
                    ofs = (ofs << 1) + 1;
                }
                ofs = ofs.min(maxofs);
                lo = hint + 1 - ofs;
                hi = hint - lastofs;
            }
            while lo < hi {
                let m = lo + ((hi - lo) >> 1);
                if self.lt(a[m], key)? {
                    lo = m + 1;
                } else {
                    hi = m;
                }
            }
            Ok(hi)
        }

        /// Where `key` goes in sorted `a`, right of any equal items, searching
        /// from `hint`.
        fn gallop_right(&mut self, key: usize, a: &[usize], hint: usize) -> Result<usize, E> {
            let n = a.len();
            let (mut lo, mut hi);
            let mut lastofs = 0;
            let mut ofs = 1;
            if self.lt(key, a[hint])? {
                // key < a[hint]: gallop left.
                let maxofs = hint + 1;
                while ofs < maxofs && self.lt(key, a[hint - ofs])? {
                    lastofs = ofs;
                    ofs = (ofs << 1) + 1;
                }
                ofs = ofs.min(maxofs);
                lo = hint + 1 - ofs;
                hi = hint - lastofs;
            } else {
                // a[hint] <= key: gallop right.
                let maxofs = n - hint;
                while ofs < maxofs && !self.lt(key, a[hint + ofs])? {
                    lastofs = ofs;
                    ofs = (ofs << 1) + 1;
                }
                ofs = ofs.min(maxofs);
                lo = hint + lastofs + 1;
                hi = hint + ofs;
            }
            while lo < hi {
                let m = lo + ((hi - lo) >> 1);
                if self.lt(key, a[m])? {
                    hi = m;
                } else {
                    lo = m + 1;
                }
            }
            Ok(hi)
        }

        /// Merges `list[base..base + na]` with the `nb` items after it, with
        /// `na <= nb`, copying the first run aside. Positions follow from the
        /// counts left: the next of a is `tmp[na0 - na]`, the next of b is
        /// `list[end - nb]`, and the destination is just before it, at
        /// `end - nb - na`.
        fn merge_lo(
            &mut self,
            list: &mut [usize],
            base: usize,
            na: usize,
            nb: usize,
        ) -> Result<(), E> {
            let tmp = list[base..base + na].to_vec();
            let (na0, end) = (na, base + na + nb);
            let (mut na, mut nb) = (na, nb);
            list[end - nb - na] = list[end - nb];
            nb -= 1;
            let outcome = 'merge: {
                if nb == 0 {
                    break 'merge MergeEnd::Done;
                }
                if na == 1 {
                    break 'merge MergeEnd::CopyRest;
                }
                let mut min_gallop = self.min_gallop;
                loop {
                    let (mut acount, mut bcount) = (0, 0);
                    // One item at a time until a run wins consistently.
                    loop {
                        match self.lt(list[end - nb], tmp[na0 - na]) {
                            Err(e) => break 'merge MergeEnd::Failed(e),
                            Ok(true) => {
                                list[end - nb - na] = list[end - nb];
                                nb -= 1;
                                bcount += 1;
                                acount = 0;
                                if nb == 0 {
                                    break 'merge MergeEnd::Done;
                                }
                                if bcount >= min_gallop {
                                    break;
                                }
                            }
                            Ok(false) => {
                                list[end - nb - na] = tmp[na0 - na];
                                na -= 1;
                                acount += 1;
                                bcount = 0;
                                if na == 1 {
                                    break 'merge MergeEnd::CopyRest;
                                }
                                if acount >= min_gallop {
                                    break;
                                }
                            }
                        }
                    }
                    // Gallop while either run keeps winning.
                    min_gallop += 1;
                    loop {
                        min_gallop -= usize::from(min_gallop > 1);
                        self.min_gallop = min_gallop;
                        let pa = na0 - na;
                        let k = match self.gallop_right(list[end - nb], &tmp[pa..pa + na], 0) {
                            Ok(k) => k,
                            Err(e) => break 'merge MergeEnd::Failed(e),
                        };
                        acount = k;
                        if k > 0 {
                            let dest = end - nb - na;
                            list[dest..dest + k].copy_from_slice(&tmp[pa..pa + k]);
                            na -= k;
                            if na == 1 {
                                break 'merge MergeEnd::CopyRest;
                            }
                            if na == 0 {
                                break 'merge MergeEnd::Done;
                            }
                        }
                        list[end - nb - na] = list[end - nb];
                        nb -= 1;
                        if nb == 0 {
                            break 'merge MergeEnd::Done;
                        }
                        let pb = end - nb;
                        let k = match self.gallop_left(tmp[na0 - na], &list[pb..end], 0) {
                            Ok(k) => k,
                            Err(e) => break 'merge MergeEnd::Failed(e),
                        };
                        bcount = k;
                        if k > 0 {
                            list.copy_within(pb..pb + k, pb - na);
                            nb -= k;
                            if nb == 0 {
                                break 'merge MergeEnd::Done;
                            }
                        }
                        list[end - nb - na] = tmp[na0 - na];
                        na -= 1;
                        if na == 1 {
                            break 'merge MergeEnd::CopyRest;
                        }
                        if acount < MIN_GALLOP && bcount < MIN_GALLOP {
                            break;
                        }
                    }
                    min_gallop += 1;
                    self.min_gallop = min_gallop;
                }
            };
            let dest = end - nb - na;
            match outcome {
                MergeEnd::CopyRest => {
                    // The last item of a goes after what is left of b.
                    list.copy_within(end - nb..end, dest);
                    list[end - 1] = tmp[na0 - 1];
                    Ok(())
                }
                MergeEnd::Done | MergeEnd::Failed(_) => {
                    list[dest..dest + na].copy_from_slice(&tmp[na0 - na..]);
                    match outcome {
                        MergeEnd::Failed(e) => Err(e),
                        _ => Ok(()),
                    }
                }
            }
        }

        /// Merges `list[base..base + na]` with the `nb` items after it, with
        /// `na > nb`, from the right, copying the second run aside. The next
        /// of a is `list[base + na - 1]`, the next of b is `tmp[nb - 1]`, and
        /// the destination is `base + na + nb - 1`.
        fn merge_hi(
            &mut self,
            list: &mut [usize],
            base: usize,
            na: usize,
            nb: usize,
        ) -> Result<(), E> {
            let tmp = list[base + na..base + na + nb].to_vec();
            let (mut na, mut nb) = (na, nb);
            list[base + na + nb - 1] = list[base + na - 1];
            na -= 1;
            let outcome = 'merge: {
                if na == 0 {
                    break 'merge MergeEnd::Done;
                }
                if nb == 1 {
                    break 'merge MergeEnd::CopyRest;
                }
                let mut min_gallop = self.min_gallop;
                loop {
                    let (mut acount, mut bcount) = (0, 0);
                    loop {
                        match self.lt(tmp[nb - 1], list[base + na - 1]) {
                            Err(e) => break 'merge MergeEnd::Failed(e),
                            Ok(true) => {
                                list[base + na + nb - 1] = list[base + na - 1];
                                na -= 1;
                                acount += 1;
                                bcount = 0;
                                if na == 0 {
                                    break 'merge MergeEnd::Done;
                                }
                                if acount >= min_gallop {
                                    break;
                                }
                            }
                            Ok(false) => {
                                list[base + na + nb - 1] = tmp[nb - 1];
                                nb -= 1;
                                bcount += 1;
                                acount = 0;
                                if nb == 1 {
                                    break 'merge MergeEnd::CopyRest;
                                }
                                if bcount >= min_gallop {
                                    break;
                                }
                            }
                        }
                    }
                    min_gallop += 1;
                    loop {
                        min_gallop -= usize::from(min_gallop > 1);
                        self.min_gallop = min_gallop;
                        let k = match self.gallop_right(tmp[nb - 1], &list[base..base + na], na - 1)
                        {
                            Ok(k) => na - k,
                            Err(e) => break 'merge MergeEnd::Failed(e),
                        };
                        acount = k;
                        if k > 0 {
                            list.copy_within(base + na - k..base + na, base + na - k + nb);
                            na -= k;
                            if na == 0 {
                                break 'merge MergeEnd::Done;
                            }
                        }
                        list[base + na + nb - 1] = tmp[nb - 1];
                        nb -= 1;
                        if nb == 1 {
                            break 'merge MergeEnd::CopyRest;
                        }
                        let k = match self.gallop_left(list[base + na - 1], &tmp[..nb], nb - 1) {
                            Ok(k) => nb - k,
                            Err(e) => break 'merge MergeEnd::Failed(e),
                        };
                        bcount = k;
                        if k > 0 {
                            let dest = base + na + nb - k;
                            list[dest..dest + k].copy_from_slice(&tmp[nb - k..nb]);
                            nb -= k;
                            if nb == 1 {
                                break 'merge MergeEnd::CopyRest;
                            }
                            if nb == 0 {
                                break 'merge MergeEnd::Done;
                            }
                        }
                        list[base + na + nb - 1] = list[base + na - 1];
                        na -= 1;
                        if na == 0 {
                            break 'merge MergeEnd::Done;
                        }
                        if acount < MIN_GALLOP && bcount < MIN_GALLOP {
                            break;
                        }
                    }
                    min_gallop += 1;
                    self.min_gallop = min_gallop;
                }
            };
            match outcome {
                MergeEnd::CopyRest => {
                    // The first item of b goes before what is left of a.
                    list.copy_within(base..base + na, base + 1);
                    list[base] = tmp[0];
                    Ok(())
                }
                MergeEnd::Done | MergeEnd::Failed(_) => {
                    list[base + na..base + na + nb].copy_from_slice(&tmp[..nb]);
                    match outcome {
                        MergeEnd::Failed(e) => Err(e),
                        _ => Ok(()),
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// loads
// ---------------------------------------------------------------------------

/// The settings of `json.loads` that shape parsing. Hooks (`object_hook`,
/// `parse_float`, ...) belong to the interpreter, which applies them to the
/// returned tree.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadOptions {
    /// `strict`: reject raw control characters inside strings.
    pub strict: bool,
    /// How many arrays and objects may be open at once before CPython's
    /// `RecursionError`: the interpreter's remaining recursion budget less the
    /// frames `json.loads` would use ([`PYTHON_TOP_LEVEL_MAX_DEPTH`] at the
    /// top level of a script).
    pub max_depth: usize,
    /// `sys.get_int_max_str_digits()`; 0 means no limit.
    pub int_max_str_digits: usize,
}

impl LoadOptions {
    /// `json.loads(s)` called at the top level of a CPython 3.11 script.
    pub fn python_defaults() -> Self {
        LoadOptions {
            strict: true,
            max_depth: PYTHON_TOP_LEVEL_MAX_DEPTH,
            int_max_str_digits: PYTHON_INT_MAX_STR_DIGITS,
        }
    }
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions::python_defaults()
    }
}

/// `json.JSONDecodeError`'s attributes (less `doc`, which the interpreter
/// has). `pos` and `colno` count characters (code points), as in Python.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    pub msg: &'static str,
    pub pos: usize,
    pub lineno: usize,
    pub colno: usize,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: line {} column {} (char {})",
            self.msg, self.lineno, self.colno, self.pos
        )
    }
}

/// Why `loads` failed. `Display` gives CPython's message and
/// [`LoadError::exception_type`] the exception to raise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// `json.JSONDecodeError` (a `ValueError`).
    Decode(DecodeError),
    /// `RecursionError: maximum recursion depth exceeded while decoding a
    /// JSON array from a unicode string` (or "object").
    Recursion { in_object: bool },
    /// `ValueError` from `int()` over the int digit limit.
    IntTooLong { digits: usize, limit: usize },
}

impl LoadError {
    /// The Python exception class: `"JSONDecodeError"`, `"RecursionError"`
    /// or `"ValueError"`.
    pub fn exception_type(&self) -> &'static str {
        match self {
            LoadError::Decode(_) => "JSONDecodeError",
            LoadError::Recursion { .. } => "RecursionError",
            LoadError::IntTooLong { .. } => "ValueError",
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Decode(e) => e.fmt(f),
            LoadError::Recursion { in_object } => write!(
                f,
                "maximum recursion depth exceeded while decoding a JSON {} from a unicode string",
                if *in_object { "object" } else { "array" }
            ),
            LoadError::IntTooLong { digits, limit } => write!(
                f,
                "Exceeds the limit ({limit} digits) for integer string conversion: \
                 value has {digits} digits; use sys.set_int_max_str_digits() to increase the limit"
            ),
        }
    }
}

impl std::error::Error for LoadError {}

/// `json.loads(s)` with CPython's defaults.
pub fn loads(s: &str) -> Result<Json, LoadError> {
    loads_with(s, &LoadOptions::python_defaults())
}

/// `json.loads(s, strict=...)`, with the interpreter's depth and digit limits.
pub fn loads_with(s: &str, opts: &LoadOptions) -> Result<Json, LoadError> {
    let decoder = Decoder {
        text: s,
        bytes: s.as_bytes(),
        opts,
    };
    decoder.document().map_err(|fail| decoder.load_error(fail))
}

/// A failure inside the decoder, at a byte offset.
#[derive(Clone, Copy)]
enum Fail {
    /// A JSON error at the byte offset.
    Decode(&'static str, usize),
    /// No value starts at the byte offset (CPython's `StopIteration`, which
    /// becomes "Expecting value").
    NoValue(usize),
    Recursion {
        in_object: bool,
    },
    IntTooLong {
        digits: usize,
    },
}

/// An array or object being parsed. An object's frame holds the key whose
/// value is being parsed.
enum Open {
    Array(Vec<Json>),
    Object(Vec<(Json, Json)>, String),
}

impl Open {
    fn add(&mut self, value: Json) {
        match self {
            Open::Array(items) => items.push(value),
            Open::Object(pairs, key) => pairs.push((Json::Str(std::mem::take(key)), value)),
        }
    }

    fn closing(&self) -> u8 {
        match self {
            Open::Array(_) => b']',
            Open::Object(..) => b'}',
        }
    }

    fn into_json(self) -> Json {
        match self {
            Open::Array(items) => Json::Array(items),
            Open::Object(pairs, _) => Json::Object(pairs),
        }
    }
}

struct Decoder<'s> {
    text: &'s str,
    bytes: &'s [u8],
    opts: &'s LoadOptions,
}

impl Decoder<'_> {
    /// `JSONDecoder.decode`: one value, surrounded by whitespace only.
    fn document(&self) -> Result<Json, Fail> {
        if self.text.starts_with('\u{feff}') {
            return Err(Fail::Decode(
                "Unexpected UTF-8 BOM (decode using utf-8-sig)",
                0,
            ));
        }
        let (value, end) = self.value(self.skip_whitespace(0))?;
        let end = self.skip_whitespace(end);
        if end != self.bytes.len() {
            return Err(Fail::Decode("Extra data", end));
        }
        Ok(value)
    }

    /// The value starting at `pos` and the offset after it. Arrays and
    /// objects are kept on an explicit stack rather than the native one.
    fn value(&self, mut pos: usize) -> Result<(Json, usize), Fail> {
        let mut stack: Vec<Open> = Vec::new();
        loop {
            let (mut value, mut end) = match self.byte(pos) {
                Some(b'[') => {
                    self.enter(&stack, false)?;
                    let inner = self.skip_whitespace(pos + 1);
                    if self.byte(inner) == Some(b']') {
                        (Json::Array(Vec::new()), inner + 1)
                    } else {
                        stack.push(Open::Array(Vec::new()));
                        pos = inner;
                        continue;
                    }
                }
                Some(b'{') => {
                    self.enter(&stack, true)?;
                    let inner = self.skip_whitespace(pos + 1);
                    if self.byte(inner) == Some(b'}') {
                        (Json::Object(Vec::new()), inner + 1)
                    } else {
                        let (key, value_pos) = self.object_key(inner)?;
                        stack.push(Open::Object(Vec::new(), key));
                        pos = value_pos;
                        continue;
                    }
                }
                _ => self.scalar(pos)?,
            };
            // Hand finished values to their containers until one needs more.
            loop {
                let Some(top) = stack.last_mut() else {
                    return Ok((value, end));
                };
                top.add(value);
                let closing = top.closing();
                let at = self.skip_whitespace(end);
                match self.byte(at) {
                    Some(b) if b == closing => {
                        value = match stack.pop() {
                            Some(open) => open.into_json(),
                            None => Json::Null,
                        };
                        end = at + 1;
                    }
                    Some(b',') => {
                        pos = self.skip_whitespace(at + 1);
                        if let Some(Open::Object(_, key)) = stack.last_mut() {
                            let (next_key, value_pos) = self.object_key(pos)?;
                            *key = next_key;
                            pos = value_pos;
                        }
                        break;
                    }
                    _ => return Err(Fail::Decode("Expecting ',' delimiter", at)),
                }
            }
        }
    }

    /// CPython's recursion check on entering an array or object.
    fn enter(&self, stack: &[Open], in_object: bool) -> Result<(), Fail> {
        if stack.len() >= self.opts.max_depth {
            return Err(Fail::Recursion { in_object });
        }
        Ok(())
    }

    /// A key, its `:` and the whitespace after it; returns the key and where
    /// its value starts.
    fn object_key(&self, pos: usize) -> Result<(String, usize), Fail> {
        if self.byte(pos) != Some(b'"') {
            return Err(Fail::Decode(
                "Expecting property name enclosed in double quotes",
                pos,
            ));
        }
        let (key, end) = self.string(pos + 1)?;
        let colon = self.skip_whitespace(end);
        if self.byte(colon) != Some(b':') {
            return Err(Fail::Decode("Expecting ':' delimiter", colon));
        }
        Ok((key, self.skip_whitespace(colon + 1)))
    }

    /// A string, a constant or a number at `pos`.
    fn scalar(&self, pos: usize) -> Result<(Json, usize), Fail> {
        const CONSTANTS: [(&str, Json); 3] = [
            ("null", Json::Null),
            ("true", Json::Bool(true)),
            ("false", Json::Bool(false)),
        ];
        const NON_FINITE: [(&str, f64); 3] = [
            ("NaN", f64::NAN),
            ("Infinity", f64::INFINITY),
            ("-Infinity", f64::NEG_INFINITY),
        ];
        if self.byte(pos) == Some(b'"') {
            let (s, end) = self.string(pos + 1)?;
            return Ok((Json::Str(s), end));
        }
        let rest = &self.bytes[pos.min(self.bytes.len())..];
        for (word, value) in CONSTANTS {
            if rest.starts_with(word.as_bytes()) {
                return Ok((value, pos + word.len()));
            }
        }
        for (word, value) in NON_FINITE {
            if rest.starts_with(word.as_bytes()) {
                return Ok((Json::Float(value), pos + word.len()));
            }
        }
        self.number(pos)
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?` at `start`: an int
    /// without fraction and exponent, a float with either.
    fn number(&self, start: usize) -> Result<(Json, usize), Fail> {
        let negative = self.byte(start) == Some(b'-');
        let int_start = start + usize::from(negative);
        let mut end = match self.byte(int_start) {
            Some(b'0') => int_start + 1,
            Some(b'1'..=b'9') => self.skip_digits(int_start + 1),
            _ => return Err(Fail::NoValue(start)),
        };
        let int_end = end;
        if self.byte(end) == Some(b'.') && self.is_digit(end + 1) {
            end = self.skip_digits(end + 2);
        }
        if matches!(self.byte(end), Some(b'e' | b'E')) {
            let mut digits_start = end + 1;
            if matches!(self.byte(digits_start), Some(b'+' | b'-')) {
                digits_start += 1;
            }
            let digits_end = self.skip_digits(digits_start);
            if digits_end > digits_start {
                end = digits_end;
            }
        }
        let text = &self.text[start..end];
        if end > int_end {
            let value = text.parse::<f64>().map_err(|_| Fail::NoValue(start))?;
            return Ok((Json::Float(value), end));
        }
        let digits = int_end - int_start;
        let limit = self.opts.int_max_str_digits;
        if limit > 0 && digits > limit {
            return Err(Fail::IntTooLong { digits });
        }
        let value = parse_int(text).ok_or(Fail::NoValue(start))?;
        Ok((Json::Int(value), end))
    }

    /// The string whose opening quote is just before `start` (CPython's
    /// `scanstring`), and the offset after its closing quote.
    fn string(&self, start: usize) -> Result<(String, usize), Fail> {
        let begin = start - 1;
        let len = self.bytes.len();
        let unterminated = Fail::Decode("Unterminated string starting at", begin);
        let mut out = String::new();
        let mut end = start;
        loop {
            let next = self.string_chunk_end(end)?;
            if next == len {
                return Err(unterminated);
            }
            out.push_str(&self.text[end..next]);
            if self.bytes[next] == b'"' {
                return Ok((out, next + 1));
            }
            let escape = next + 1;
            match self.byte(escape) {
                None => return Err(unterminated),
                Some(b'u') => {
                    let (c, after) = self.unicode_escape(escape)?;
                    out.push(c);
                    end = after;
                }
                Some(code) => {
                    out.push(simple_escape(code).ok_or(Fail::Decode("Invalid \\escape", next))?);
                    end = escape + 1;
                }
            }
        }
    }

    /// The offset of the next `"` or `\` from `pos` (or the end of the text),
    /// refusing raw control characters when strict.
    fn string_chunk_end(&self, pos: usize) -> Result<usize, Fail> {
        for (offset, &b) in self.bytes[pos..].iter().enumerate() {
            if b == b'"' || b == b'\\' {
                return Ok(pos + offset);
            }
            if b <= 0x1f && self.opts.strict {
                return Err(Fail::Decode("Invalid control character at", pos + offset));
            }
        }
        Ok(self.bytes.len())
    }

    /// `\uXXXX` with `u` at `u_pos`, joined with a following `\uXXXX` low
    /// surrogate when it is high; returns the character and the offset after
    /// the escape. A lone surrogate, which a Rust string cannot hold, becomes
    /// U+FFFD.
    fn unicode_escape(&self, u_pos: usize) -> Result<(char, usize), Fail> {
        let invalid = Fail::Decode("Invalid \\uXXXX escape", u_pos);
        let end = u_pos + 5;
        if end >= self.bytes.len() {
            return Err(invalid);
        }
        let unit = self.hex4(u_pos + 1).ok_or(invalid)?;
        if (0xd800..0xdc00).contains(&unit)
            && end + 6 < self.bytes.len()
            && self.bytes[end] == b'\\'
            && self.bytes[end + 1] == b'u'
        {
            let low = self
                .hex4(end + 2)
                .ok_or(Fail::Decode("Invalid \\uXXXX escape", end + 1))?;
            if (0xdc00..0xe000).contains(&low) {
                let joined = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
                return Ok((char::from_u32(joined).unwrap_or('\u{fffd}'), end + 6));
            }
        }
        Ok((char::from_u32(unit).unwrap_or('\u{fffd}'), end))
    }

    /// Four hex digits at `pos`.
    fn hex4(&self, pos: usize) -> Option<u32> {
        let digits = self.bytes.get(pos..pos + 4)?;
        digits
            .iter()
            .try_fold(0, |acc, &d| Some(acc << 4 | char::from(d).to_digit(16)?))
    }

    fn byte(&self, pos: usize) -> Option<u8> {
        self.bytes.get(pos).copied()
    }

    fn is_digit(&self, pos: usize) -> bool {
        self.byte(pos).is_some_and(|b| b.is_ascii_digit())
    }

    fn skip_digits(&self, mut pos: usize) -> usize {
        while self.is_digit(pos) {
            pos += 1;
        }
        pos
    }

    fn skip_whitespace(&self, mut pos: usize) -> usize {
        while matches!(self.byte(pos), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            pos += 1;
        }
        pos
    }

    fn load_error(&self, fail: Fail) -> LoadError {
        match fail {
            Fail::Decode(msg, pos) => LoadError::Decode(self.decode_error(msg, pos)),
            Fail::NoValue(pos) => LoadError::Decode(self.decode_error("Expecting value", pos)),
            Fail::Recursion { in_object } => LoadError::Recursion { in_object },
            Fail::IntTooLong { digits } => LoadError::IntTooLong {
                digits,
                limit: self.opts.int_max_str_digits,
            },
        }
    }

    /// A `JSONDecodeError` at byte offset `byte_pos`, with Python's character
    /// position, line and column.
    fn decode_error(&self, msg: &'static str, byte_pos: usize) -> DecodeError {
        let before = &self.bytes[..byte_pos.min(self.bytes.len())];
        let pos = char_count(before);
        let lineno = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let colno = match before.iter().rposition(|&b| b == b'\n') {
            Some(newline) => pos - char_count(&before[..newline]),
            None => pos + 1,
        };
        DecodeError {
            msg,
            pos,
            lineno,
            colno,
        }
    }
}

/// The character a one-letter escape (`\n`, ...) stands for.
fn simple_escape(code: u8) -> Option<char> {
    Some(match code {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        _ => return None,
    })
}

/// The characters that start in `bytes` of UTF-8 (those not continuing one).
fn char_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xc0) != 0x80).count()
}

/// A decimal int, optionally negative.
fn parse_int(text: &str) -> Option<BigInt> {
    if text.len() <= 18 {
        return text.parse::<i64>().ok().map(BigInt::from);
    }
    BigInt::parse_bytes(text.as_bytes(), 10)
}

#[cfg(test)]
mod tests {
    //! The tables at the end are generated: the Python script in the comment
    //! at the very end runs CPython 3.11's `json` on every input and writes
    //! its output or exception as the expectation, so each expected string
    //! is CPython's own. To regenerate, save the script and replace the
    //! generated functions with its output (`python3.11 gen_tests.py`).

    use super::*;

    fn n() -> Json {
        Json::Null
    }

    fn b(v: bool) -> Json {
        Json::Bool(v)
    }

    fn i(text: &str) -> Json {
        Json::Int(text.parse().expect("an int literal"))
    }

    fn f(v: f64) -> Json {
        Json::Float(v)
    }

    fn s(v: &str) -> Json {
        Json::Str(v.to_string())
    }

    fn a(items: Vec<Json>) -> Json {
        Json::Array(items)
    }

    fn o(pairs: Vec<(Json, Json)>) -> Json {
        Json::Object(pairs)
    }

    fn u(type_name: &str) -> Json {
        Json::Unsupported(type_name.to_string())
    }

    /// Python's `float.__repr__`, standing in for the interpreter's
    /// `crate::format::float_repr`: the shortest round-trip digits (Rust's
    /// `{:e}`), laid out fixed for exponents -4 to 15 and otherwise as
    /// `1.5e+16`.
    fn py_float_repr(x: f64) -> String {
        let sci = format!("{x:e}");
        let (mantissa, exponent) = sci.split_once('e').expect("an exponent");
        let exponent: i32 = exponent.parse().expect("an int exponent");
        let (sign, mantissa) = match mantissa.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", mantissa),
        };
        let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
        let point = exponent + 1;
        if !(-4 < point && point <= 16) {
            let (head, tail) = digits.split_at(1);
            let dot = if tail.is_empty() { "" } else { "." };
            let exp_sign = if exponent < 0 { '-' } else { '+' };
            return format!("{sign}{head}{dot}{tail}e{exp_sign}{:02}", exponent.abs());
        }
        if point <= 0 {
            return format!(
                "{sign}0.{}{digits}",
                "0".repeat(point.unsigned_abs() as usize)
            );
        }
        let point = point as usize;
        if point >= digits.len() {
            format!("{sign}{digits}{}.0", "0".repeat(point - digits.len()))
        } else {
            format!("{sign}{}.{}", &digits[..point], &digits[point..])
        }
    }

    fn py_dumps(v: &Json, opts: &DumpOptions) -> Result<String, String> {
        dumps(v, opts, &py_float_repr).map_err(|e| format!("{}: {e}", e.exception_type()))
    }

    fn py_loads(text: &str) -> Result<Json, String> {
        loads(text).map_err(|e| format!("{}: {e}", e.exception_type()))
    }

    /// Tree equality with floats compared by bits, so NaN equals NaN and
    /// -0.0 differs from 0.0.
    fn same(x: &Json, y: &Json) -> bool {
        match (x, y) {
            (Json::Float(p), Json::Float(q)) => p.to_bits() == q.to_bits(),
            (Json::Array(p), Json::Array(q)) => {
                p.len() == q.len() && p.iter().zip(q).all(|(v, w)| same(v, w))
            }
            (Json::Object(p), Json::Object(q)) => {
                p.len() == q.len()
                    && p.iter()
                        .zip(q)
                        .all(|((k, v), (l, w))| same(k, l) && same(v, w))
            }
            _ => x == y,
        }
    }

    /// Takes a tree apart without recursion, for trees too deep for the
    /// default (recursive) drop.
    fn dismantle(v: Json) {
        let mut stack = vec![v];
        while let Some(v) = stack.pop() {
            match v {
                Json::Array(items) => stack.extend(items),
                Json::Object(pairs) => {
                    for (key, value) in pairs {
                        stack.push(key);
                        stack.push(value);
                    }
                }
                _ => {}
            }
        }
    }

    type Expected = Result<&'static str, &'static str>;

    /// A failure report line, cut short so huge values stay readable.
    fn report(text: String) -> String {
        if text.chars().count() <= 600 {
            return text;
        }
        text.chars().take(600).collect::<String>() + "..."
    }

    struct DumpCase {
        value: Json,
        opts: DumpOptions,
        expected: Expected,
    }

    /// A `json.dumps` case. Flags: `s` sort_keys, `u` ensure_ascii=False, `n`
    /// allow_nan=False, `k` skipkeys.
    fn dc(
        value: Json,
        indent: Option<&str>,
        flags: &str,
        separators: Option<(&str, &str)>,
        expected: Expected,
    ) -> DumpCase {
        let mut opts = DumpOptions::python_defaults(indent.map(str::to_string));
        opts.sort_keys = flags.contains('s');
        opts.ensure_ascii = !flags.contains('u');
        opts.allow_nan = !flags.contains('n');
        opts.skip_keys = flags.contains('k');
        if let Some((item, key)) = separators {
            opts.item_separator = item.to_string();
            opts.key_separator = key.to_string();
        }
        DumpCase {
            value,
            opts,
            expected,
        }
    }

    struct LoadCase {
        input: String,
        /// `Ok(None)`: parses, but the value is too big to spell out.
        expected: Result<Option<Json>, &'static str>,
    }

    fn lc(input: &str, expected: Result<Json, &'static str>) -> LoadCase {
        LoadCase {
            input: input.to_string(),
            expected: expected.map(Some),
        }
    }

    fn lc_ok(input: &str) -> LoadCase {
        LoadCase {
            input: input.to_string(),
            expected: Ok(None),
        }
    }

    struct SortCase {
        pairs: Vec<(Json, Json)>,
        skip_keys: bool,
        expected: Expected,
    }

    /// A `json.dumps(d, sort_keys=True, separators=(',', ':'))` case. `d` is
    /// given as `key=value` tokens, keys written `i5`, `f1.5`, `sabc`, `N`
    /// (None), `T`, `F`, or `Utuple` (an unsupported key of that type).
    fn sc(tokens: &str, skip_keys: bool, expected: Expected) -> SortCase {
        let pairs = tokens
            .split(' ')
            .map(|token| {
                let (key, value) = token.rsplit_once('=').expect("key=value");
                (sort_key(key), i(value))
            })
            .collect();
        SortCase {
            pairs,
            skip_keys,
            expected,
        }
    }

    fn sort_key(token: &str) -> Json {
        let (kind, rest) = token.split_at(1);
        match kind {
            "N" => n(),
            "T" => b(true),
            "F" => b(false),
            "i" => i(rest),
            "f" => f(rest.parse().expect("a float")),
            "s" => s(rest),
            "U" => u(rest),
            _ => panic!("bad key token {token}"),
        }
    }

    #[test]
    fn dumps_matches_cpython() {
        let mut failures = Vec::new();
        for case in dump_cases() {
            let got = py_dumps(&case.value, &case.opts);
            if got.as_deref().map_err(String::as_str) != case.expected {
                failures.push(report(format!(
                    "{:?} with {:?}\n  got      {got:?}\n  expected {:?}",
                    case.value, case.opts, case.expected
                )));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn loads_matches_cpython() {
        let mut failures = Vec::new();
        for case in load_cases() {
            let got = py_loads(&case.input);
            let ok = match (&got, &case.expected) {
                (Ok(value), Ok(Some(expected))) => same(value, expected),
                (Ok(_), Ok(None)) => true,
                (Err(message), Err(expected)) => message == expected,
                _ => false,
            };
            if !ok {
                let input: String = case.input.chars().take(80).collect();
                failures.push(report(format!(
                    "{input:?}\n  got      {got:?}\n  expected {:?}",
                    case.expected
                )));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn sort_keys_matches_cpython() {
        let mut failures = Vec::new();
        for case in sort_cases() {
            let mut opts = DumpOptions::python_defaults(None);
            opts.sort_keys = true;
            opts.skip_keys = case.skip_keys;
            opts.item_separator = ",".to_string();
            opts.key_separator = ":".to_string();
            let value = Json::Object(case.pairs);
            let got = py_dumps(&value, &opts);
            if got.as_deref().map_err(String::as_str) != case.expected {
                failures.push(report(format!(
                    "{value:?}\n  got      {got:?}\n  expected {:?}",
                    case.expected
                )));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn float_repr_stand_in_is_pythons() {
        let cases = [
            (1.0, "1.0"),
            (-0.0, "-0.0"),
            (0.1, "0.1"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (1.5e-7, "1.5e-07"),
            (1e-4, "0.0001"),
            (1e-5, "1e-05"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (123456789.125, "123456789.125"),
        ];
        for (x, repr) in cases {
            assert_eq!(py_float_repr(x), repr);
        }
    }

    #[test]
    fn python_defaults_match_json_dumps() {
        let compact = DumpOptions::python_defaults(None);
        assert_eq!(
            (
                compact.item_separator.as_str(),
                compact.key_separator.as_str()
            ),
            (", ", ": ")
        );
        let indented = DumpOptions::python_defaults(Some("  ".to_string()));
        assert_eq!(
            (
                indented.item_separator.as_str(),
                indented.key_separator.as_str()
            ),
            (",", ": ")
        );
        assert!(
            compact.ensure_ascii && compact.allow_nan && !compact.sort_keys && !compact.skip_keys
        );
        assert_eq!(DumpOptions::default(), compact);
        assert_eq!(LoadOptions::default(), LoadOptions::python_defaults());
    }

    #[test]
    fn values_round_trip() {
        let values = vec![
            n(),
            b(true),
            i("-123456789012345678901234567890"),
            f(0.1),
            f(-0.0),
            f(1e300),
            f(5e-324),
            f(f64::NAN),
            f(f64::NEG_INFINITY),
            s("\u{0}\u{1f}\"\\/\u{7f}é\u{ffff}\u{10ffff}😀\u{2028}"),
            a(vec![]),
            o(vec![]),
            a(vec![
                a(vec![o(vec![(s("k"), a(vec![n(), i("0")]))])]),
                s(""),
            ]),
            o(vec![(s("b"), i("1")), (s("a"), o(vec![(s(""), f(2.5))]))]),
        ];
        let mut option_sets = Vec::new();
        for indent in [None, Some(""), Some("  "), Some("\t")] {
            for ensure_ascii in [true, false] {
                let mut opts = DumpOptions::python_defaults(indent.map(str::to_string));
                opts.ensure_ascii = ensure_ascii;
                option_sets.push(opts);
            }
        }
        for value in &values {
            for opts in &option_sets {
                let text = dumps(value, opts, &py_float_repr).expect("encodable");
                let back = loads(&text).expect("decodable");
                assert!(same(&back, value), "{value:?} -> {text:?} -> {back:?}");
            }
        }
    }

    #[test]
    fn texts_round_trip() {
        let texts = [
            "null",
            "[1, 2.5, -0.0, 1e+16, 1e-07, \"a\\u00e9\\ud83d\\ude00\", true, false]",
            "{\"a\": {\"b\": [], \"c\": {}}, \"d\": [NaN, Infinity, -Infinity]}",
            "123456789012345678901234567890123456789",
        ];
        let opts = DumpOptions::python_defaults(None);
        for text in texts {
            let value = loads(text).expect("valid");
            assert_eq!(dumps(&value, &opts, &py_float_repr).as_deref(), Ok(text));
        }
    }

    #[test]
    fn deep_trees_do_not_overflow_the_stack() {
        const DEPTH: usize = 100_000;
        let mut value = a(vec![]);
        for _ in 0..DEPTH {
            value = a(vec![value]);
        }
        let text =
            dumps(&value, &DumpOptions::python_defaults(None), &py_float_repr).expect("encodable");
        assert_eq!(text, "[".repeat(DEPTH + 1) + &"]".repeat(DEPTH + 1));
        dismantle(value);

        let mut unlimited = LoadOptions::python_defaults();
        unlimited.max_depth = usize::MAX;
        let parsed = loads_with(&text, &unlimited).expect("valid");
        let mut depth = 0;
        let mut node = &parsed;
        while let Json::Array(items) = node {
            depth += 1;
            match items.first() {
                Some(child) => node = child,
                None => break,
            }
        }
        assert_eq!(depth, DEPTH + 1);
        dismantle(parsed);

        let open = "{\"a\":[".repeat(DEPTH);
        let err = loads_with(&open, &unlimited).expect_err("unterminated");
        assert_eq!(
            err.to_string(),
            format!(
                "Expecting value: line 1 column {} (char {})",
                open.len() + 1,
                open.len()
            )
        );
        // The 996th container, one too many at a script's top level, is a list.
        let err = loads(&open).expect_err("too deep");
        assert_eq!(err, LoadError::Recursion { in_object: false });
    }

    #[test]
    fn depth_limit_counts_open_containers() {
        let mut opts = LoadOptions::python_defaults();
        opts.max_depth = 2;
        assert!(loads_with("[[1], {\"a\": 2}, []]", &opts).is_ok());
        assert_eq!(
            loads_with("[{\"a\": {}}]", &opts),
            Err(LoadError::Recursion { in_object: true })
        );
        assert_eq!(
            loads_with("[[[]]]", &opts),
            Err(LoadError::Recursion { in_object: false })
        );
        opts.max_depth = 0;
        assert_eq!(
            loads_with("[]", &opts),
            Err(LoadError::Recursion { in_object: false })
        );
        assert_eq!(loads_with("1", &opts), Ok(i("1")));
    }

    #[test]
    fn strict_false_allows_control_characters() {
        // json.loads('"a\tb\x00"', strict=False) == 'a\tb\x00'
        let mut opts = LoadOptions::python_defaults();
        opts.strict = false;
        assert_eq!(loads_with("\"a\tb\u{0}\"", &opts), Ok(s("a\tb\u{0}")));
        assert_eq!(
            loads_with("{\"\n\": 1}", &opts),
            Ok(o(vec![(s("\n"), i("1"))]))
        );
    }

    #[test]
    fn int_digit_limits() {
        // CPython: 4300 digits convert both ways; 4301 raise ValueError.
        let digits = "7".repeat(4300);
        let parsed = loads(&digits).expect("at the limit");
        assert_eq!(parsed, i(&digits));
        let opts = DumpOptions::python_defaults(None);
        assert_eq!(dumps(&parsed, &opts, &py_float_repr), Ok(digits.clone()));
        let negative = format!("-{digits}");
        assert_eq!(dumps(&i(&negative), &opts, &py_float_repr), Ok(negative));
        let over = i(&format!("{digits}7"));
        assert_eq!(
            dumps(&over, &opts, &py_float_repr),
            Err(DumpError::IntTooLong { limit: 4300 })
        );
        // A limit of 0 means none, as sys.set_int_max_str_digits(0).
        let mut unlimited = opts.clone();
        unlimited.int_max_str_digits = 0;
        assert_eq!(
            dumps(&over, &unlimited, &py_float_repr).map(|t| t.len()),
            Ok(4301)
        );
        let mut load_unlimited = LoadOptions::python_defaults();
        load_unlimited.int_max_str_digits = 0;
        assert!(loads_with(&"1".repeat(10_000), &load_unlimited).is_ok());
    }

    #[test]
    fn decode_error_carries_python_attributes() {
        // e = JSONDecodeError from json.loads('[\n  "é", x]'):
        // e.msg, e.pos, e.lineno, e.colno == ("Expecting value", 9, 2, 8)
        let err = loads("[\n  \"é\", x]").expect_err("invalid");
        let LoadError::Decode(e) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(
            (e.msg, e.pos, e.lineno, e.colno),
            ("Expecting value", 9, 2, 8)
        );
        assert_eq!(err.exception_type(), "JSONDecodeError");
    }

    #[test]
    fn unsupported_keys_of_one_type_sort_without_error() {
        // json.dumps({(1,): 1, (2,): 2}, sort_keys=True, skipkeys=True) == '{}'
        let mut opts = DumpOptions::python_defaults(None);
        opts.sort_keys = true;
        opts.skip_keys = true;
        let value = o(vec![(u("tuple"), i("1")), (u("tuple"), i("2"))]);
        assert_eq!(dumps(&value, &opts, &py_float_repr).as_deref(), Ok("{}"));
        opts.skip_keys = false;
        assert_eq!(
            dumps(&value, &opts, &py_float_repr),
            Err(DumpError::KeyType("tuple".to_string()))
        );
    }

    /// A small deterministic generator for the fuzz tests.
    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    #[test]
    fn mutated_texts_never_panic_and_reparse() {
        let seeds = [
            "{\"a\": [1, 2.5e-3, -0, \"x\\u00e9\\ud83d\\ude00\\n\"], \"b\": {\"c\": null}}",
            "[true, false, NaN, -Infinity, \"\\\"\\\\\", 123456789012345678901]",
            "\"é😀\\ud800\\udc00\"",
        ];
        let alphabet: Vec<char> =
            "[]{}:,\"\\u0123456789abcdefABCDEF.eE+-ntrfNI é😀\n\t\u{1}\u{feff}"
                .chars()
                .collect();
        let opts = DumpOptions::python_defaults(None);
        let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
        for round in 0..20_000 {
            let mut chars: Vec<char> = seeds[round % seeds.len()].chars().collect();
            for _ in 0..=rng.below(4) {
                let at = rng.below(chars.len() + 1);
                let c = alphabet[rng.below(alphabet.len())];
                match rng.below(3) {
                    0 => chars.insert(at, c),
                    1 if at < chars.len() => {
                        chars.remove(at);
                    }
                    _ if at < chars.len() => chars[at] = c,
                    _ => chars.push(c),
                }
            }
            let text: String = chars.into_iter().collect();
            match loads(&text) {
                Ok(value) => {
                    let again = dumps(&value, &opts, &py_float_repr).expect("encodable");
                    let back = loads(&again).expect("our own output parses");
                    assert!(same(&back, &value), "{text:?}");
                }
                Err(LoadError::Decode(e)) => {
                    assert!(e.pos <= text.chars().count() && e.lineno >= 1 && e.colno >= 1)
                }
                Err(other) => panic!("{text:?}: {other}"),
            }
        }
    }

    // ---- generated by gen_tests.py from CPython 3.11.7; do not edit by hand ----

    #[rustfmt::skip]
    fn dump_cases() -> Vec<DumpCase> {
        vec![
            dc(n(), None, "", None, Ok("null")),
            dc(n(), Some("  "), "", None, Ok("null")),
            dc(n(), None, "u", None, Ok("null")),
            dc(n(), None, "n", None, Ok("null")),
            dc(n(), Some("  "), "n", None, Ok("null")),
            dc(b(true), None, "", None, Ok("true")),
            dc(b(true), Some("  "), "", None, Ok("true")),
            dc(b(true), None, "u", None, Ok("true")),
            dc(b(true), None, "n", None, Ok("true")),
            dc(b(true), Some("  "), "n", None, Ok("true")),
            dc(b(false), None, "", None, Ok("false")),
            dc(b(false), Some("  "), "", None, Ok("false")),
            dc(b(false), None, "u", None, Ok("false")),
            dc(b(false), None, "n", None, Ok("false")),
            dc(b(false), Some("  "), "n", None, Ok("false")),
            dc(i("0"), None, "", None, Ok("0")),
            dc(i("0"), Some("  "), "", None, Ok("0")),
            dc(i("0"), None, "u", None, Ok("0")),
            dc(i("0"), None, "n", None, Ok("0")),
            dc(i("0"), Some("  "), "n", None, Ok("0")),
            dc(i("-1"), None, "", None, Ok("-1")),
            dc(i("-1"), Some("  "), "", None, Ok("-1")),
            dc(i("-1"), None, "u", None, Ok("-1")),
            dc(i("-1"), None, "n", None, Ok("-1")),
            dc(i("-1"), Some("  "), "n", None, Ok("-1")),
            dc(i("7"), None, "", None, Ok("7")),
            dc(i("7"), Some("  "), "", None, Ok("7")),
            dc(i("7"), None, "u", None, Ok("7")),
            dc(i("7"), None, "n", None, Ok("7")),
            dc(i("7"), Some("  "), "n", None, Ok("7")),
            dc(i("1000000000000000000000000000000"), None, "", None, Ok("1000000000000000000000000000000")),
            dc(i("1000000000000000000000000000000"), Some("  "), "", None, Ok("1000000000000000000000000000000")),
            dc(i("1000000000000000000000000000000"), None, "u", None, Ok("1000000000000000000000000000000")),
            dc(i("1000000000000000000000000000000"), None, "n", None, Ok("1000000000000000000000000000000")),
            dc(i("1000000000000000000000000000000"), Some("  "), "n", None, Ok("1000000000000000000000000000000")),
            dc(i("-10000000000000000000000000000000000000000"), None, "", None, Ok("-10000000000000000000000000000000000000000")),
            dc(i("-10000000000000000000000000000000000000000"), Some("  "), "", None, Ok("-10000000000000000000000000000000000000000")),
            dc(i("-10000000000000000000000000000000000000000"), None, "u", None, Ok("-10000000000000000000000000000000000000000")),
            dc(i("-10000000000000000000000000000000000000000"), None, "n", None, Ok("-10000000000000000000000000000000000000000")),
            dc(i("-10000000000000000000000000000000000000000"), Some("  "), "n", None, Ok("-10000000000000000000000000000000000000000")),
            dc(i("9223372036854775808"), None, "", None, Ok("9223372036854775808")),
            dc(i("9223372036854775808"), Some("  "), "", None, Ok("9223372036854775808")),
            dc(i("9223372036854775808"), None, "u", None, Ok("9223372036854775808")),
            dc(i("9223372036854775808"), None, "n", None, Ok("9223372036854775808")),
            dc(i("9223372036854775808"), Some("  "), "n", None, Ok("9223372036854775808")),
            dc(i(&format!("1{}", "0".repeat(4300))), None, "", None, Err("ValueError: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit")),
            dc(i(&format!("1{}", "0".repeat(4300))), Some("  "), "", None, Err("ValueError: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit")),
            dc(i(&format!("1{}", "0".repeat(4300))), None, "u", None, Err("ValueError: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit")),
            dc(i(&format!("1{}", "0".repeat(4300))), None, "n", None, Err("ValueError: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit")),
            dc(i(&format!("1{}", "0".repeat(4300))), Some("  "), "n", None, Err("ValueError: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit")),
            dc(f(1.0), None, "", None, Ok("1.0")),
            dc(f(1.0), Some("  "), "", None, Ok("1.0")),
            dc(f(1.0), None, "u", None, Ok("1.0")),
            dc(f(1.0), None, "n", None, Ok("1.0")),
            dc(f(1.0), Some("  "), "n", None, Ok("1.0")),
            dc(f(-0.0), None, "", None, Ok("-0.0")),
            dc(f(-0.0), Some("  "), "", None, Ok("-0.0")),
            dc(f(-0.0), None, "u", None, Ok("-0.0")),
            dc(f(-0.0), None, "n", None, Ok("-0.0")),
            dc(f(-0.0), Some("  "), "n", None, Ok("-0.0")),
            dc(f(0.0), None, "", None, Ok("0.0")),
            dc(f(0.0), Some("  "), "", None, Ok("0.0")),
            dc(f(0.0), None, "u", None, Ok("0.0")),
            dc(f(0.0), None, "n", None, Ok("0.0")),
            dc(f(0.0), Some("  "), "n", None, Ok("0.0")),
            dc(f(0.1), None, "", None, Ok("0.1")),
            dc(f(0.1), Some("  "), "", None, Ok("0.1")),
            dc(f(0.1), None, "u", None, Ok("0.1")),
            dc(f(0.1), None, "n", None, Ok("0.1")),
            dc(f(0.1), Some("  "), "n", None, Ok("0.1")),
            dc(f(1e+16), None, "", None, Ok("1e+16")),
            dc(f(1e+16), Some("  "), "", None, Ok("1e+16")),
            dc(f(1e+16), None, "u", None, Ok("1e+16")),
            dc(f(1e+16), None, "n", None, Ok("1e+16")),
            dc(f(1e+16), Some("  "), "n", None, Ok("1e+16")),
            dc(f(1000000000000000.0), None, "", None, Ok("1000000000000000.0")),
            dc(f(1000000000000000.0), Some("  "), "", None, Ok("1000000000000000.0")),
            dc(f(1000000000000000.0), None, "u", None, Ok("1000000000000000.0")),
            dc(f(1000000000000000.0), None, "n", None, Ok("1000000000000000.0")),
            dc(f(1000000000000000.0), Some("  "), "n", None, Ok("1000000000000000.0")),
            dc(f(123456789012345.6), None, "", None, Ok("123456789012345.6")),
            dc(f(123456789012345.6), Some("  "), "", None, Ok("123456789012345.6")),
            dc(f(123456789012345.6), None, "u", None, Ok("123456789012345.6")),
            dc(f(123456789012345.6), None, "n", None, Ok("123456789012345.6")),
            dc(f(123456789012345.6), Some("  "), "n", None, Ok("123456789012345.6")),
            dc(f(1.5e-07), None, "", None, Ok("1.5e-07")),
            dc(f(1.5e-07), Some("  "), "", None, Ok("1.5e-07")),
            dc(f(1.5e-07), None, "u", None, Ok("1.5e-07")),
            dc(f(1.5e-07), None, "n", None, Ok("1.5e-07")),
            dc(f(1.5e-07), Some("  "), "n", None, Ok("1.5e-07")),
            dc(f(1e-05), None, "", None, Ok("1e-05")),
            dc(f(1e-05), Some("  "), "", None, Ok("1e-05")),
            dc(f(1e-05), None, "u", None, Ok("1e-05")),
            dc(f(1e-05), None, "n", None, Ok("1e-05")),
            dc(f(1e-05), Some("  "), "n", None, Ok("1e-05")),
            dc(f(0.0001), None, "", None, Ok("0.0001")),
            dc(f(0.0001), Some("  "), "", None, Ok("0.0001")),
            dc(f(0.0001), None, "u", None, Ok("0.0001")),
            dc(f(0.0001), None, "n", None, Ok("0.0001")),
            dc(f(0.0001), Some("  "), "n", None, Ok("0.0001")),
            dc(f(1e+308), None, "", None, Ok("1e+308")),
            dc(f(1e+308), Some("  "), "", None, Ok("1e+308")),
            dc(f(1e+308), None, "u", None, Ok("1e+308")),
            dc(f(1e+308), None, "n", None, Ok("1e+308")),
            dc(f(1e+308), Some("  "), "n", None, Ok("1e+308")),
            dc(f(5e-324), None, "", None, Ok("5e-324")),
            dc(f(5e-324), Some("  "), "", None, Ok("5e-324")),
            dc(f(5e-324), None, "u", None, Ok("5e-324")),
            dc(f(5e-324), None, "n", None, Ok("5e-324")),
            dc(f(5e-324), Some("  "), "n", None, Ok("5e-324")),
            dc(f(-2.5), None, "", None, Ok("-2.5")),
            dc(f(-2.5), Some("  "), "", None, Ok("-2.5")),
            dc(f(-2.5), None, "u", None, Ok("-2.5")),
            dc(f(-2.5), None, "n", None, Ok("-2.5")),
            dc(f(-2.5), Some("  "), "n", None, Ok("-2.5")),
            dc(f(f64::INFINITY), None, "", None, Ok("Infinity")),
            dc(f(f64::INFINITY), Some("  "), "", None, Ok("Infinity")),
            dc(f(f64::INFINITY), None, "u", None, Ok("Infinity")),
            dc(f(f64::INFINITY), None, "n", None, Err("ValueError: Out of range float values are not JSON compliant")),
            dc(f(f64::INFINITY), Some("  "), "n", None, Err("ValueError: Out of range float values are not JSON compliant: inf")),
            dc(f(f64::NEG_INFINITY), None, "", None, Ok("-Infinity")),
            dc(f(f64::NEG_INFINITY), Some("  "), "", None, Ok("-Infinity")),
            dc(f(f64::NEG_INFINITY), None, "u", None, Ok("-Infinity")),
            dc(f(f64::NEG_INFINITY), None, "n", None, Err("ValueError: Out of range float values are not JSON compliant")),
            dc(f(f64::NEG_INFINITY), Some("  "), "n", None, Err("ValueError: Out of range float values are not JSON compliant: -inf")),
            dc(f(f64::NAN), None, "", None, Ok("NaN")),
            dc(f(f64::NAN), Some("  "), "", None, Ok("NaN")),
            dc(f(f64::NAN), None, "u", None, Ok("NaN")),
            dc(f(f64::NAN), None, "n", None, Err("ValueError: Out of range float values are not JSON compliant")),
            dc(f(f64::NAN), Some("  "), "n", None, Err("ValueError: Out of range float values are not JSON compliant: nan")),
            dc(s(""), None, "", None, Ok("\"\"")),
            dc(s(""), Some("  "), "", None, Ok("\"\"")),
            dc(s(""), None, "u", None, Ok("\"\"")),
            dc(s(""), None, "n", None, Ok("\"\"")),
            dc(s(""), Some("  "), "n", None, Ok("\"\"")),
            dc(s("abc"), None, "", None, Ok("\"abc\"")),
            dc(s("abc"), Some("  "), "", None, Ok("\"abc\"")),
            dc(s("abc"), None, "u", None, Ok("\"abc\"")),
            dc(s("abc"), None, "n", None, Ok("\"abc\"")),
            dc(s("abc"), Some("  "), "n", None, Ok("\"abc\"")),
            dc(s("quote \" back \\ slash /"), None, "", None, Ok("\"quote \\\" back \\\\ slash /\"")),
            dc(s("quote \" back \\ slash /"), Some("  "), "", None, Ok("\"quote \\\" back \\\\ slash /\"")),
            dc(s("quote \" back \\ slash /"), None, "u", None, Ok("\"quote \\\" back \\\\ slash /\"")),
            dc(s("quote \" back \\ slash /"), None, "n", None, Ok("\"quote \\\" back \\\\ slash /\"")),
            dc(s("quote \" back \\ slash /"), Some("  "), "n", None, Ok("\"quote \\\" back \\\\ slash /\"")),
            dc(s("\n\r\t\u{8}\u{c}\u{0}\u{1}\u{1f}\u{7f}"), None, "", None, Ok("\"\\n\\r\\t\\b\\f\\u0000\\u0001\\u001f\\u007f\"")),
            dc(s("\n\r\t\u{8}\u{c}\u{0}\u{1}\u{1f}\u{7f}"), Some("  "), "", None, Ok("\"\\n\\r\\t\\b\\f\\u0000\\u0001\\u001f\\u007f\"")),
            dc(s("\n\r\t\u{8}\u{c}\u{0}\u{1}\u{1f}\u{7f}"), None, "u", None, Ok("\"\\n\\r\\t\\b\\f\\u0000\\u0001\\u001f\u{7f}\"")),
            dc(s("\n\r\t\u{8}\u{c}\u{0}\u{1}\u{1f}\u{7f}"), None, "n", None, Ok("\"\\n\\r\\t\\b\\f\\u0000\\u0001\\u001f\\u007f\"")),
            dc(s("\n\r\t\u{8}\u{c}\u{0}\u{1}\u{1f}\u{7f}"), Some("  "), "n", None, Ok("\"\\n\\r\\t\\b\\f\\u0000\\u0001\\u001f\\u007f\"")),
            dc(s("\u{e9}"), None, "", None, Ok("\"\\u00e9\"")),
            dc(s("\u{e9}"), Some("  "), "", None, Ok("\"\\u00e9\"")),
            dc(s("\u{e9}"), None, "u", None, Ok("\"\u{e9}\"")),
            dc(s("\u{e9}"), None, "n", None, Ok("\"\\u00e9\"")),
            dc(s("\u{e9}"), Some("  "), "n", None, Ok("\"\\u00e9\"")),
            dc(s("\u{65e5}\u{672c}\u{8a9e}"), None, "", None, Ok("\"\\u65e5\\u672c\\u8a9e\"")),
            dc(s("\u{65e5}\u{672c}\u{8a9e}"), Some("  "), "", None, Ok("\"\\u65e5\\u672c\\u8a9e\"")),
            dc(s("\u{65e5}\u{672c}\u{8a9e}"), None, "u", None, Ok("\"\u{65e5}\u{672c}\u{8a9e}\"")),
            dc(s("\u{65e5}\u{672c}\u{8a9e}"), None, "n", None, Ok("\"\\u65e5\\u672c\\u8a9e\"")),
            dc(s("\u{65e5}\u{672c}\u{8a9e}"), Some("  "), "n", None, Ok("\"\\u65e5\\u672c\\u8a9e\"")),
            dc(s("\u{1f600}"), None, "", None, Ok("\"\\ud83d\\ude00\"")),
            dc(s("\u{1f600}"), Some("  "), "", None, Ok("\"\\ud83d\\ude00\"")),
            dc(s("\u{1f600}"), None, "u", None, Ok("\"\u{1f600}\"")),
            dc(s("\u{1f600}"), None, "n", None, Ok("\"\\ud83d\\ude00\"")),
            dc(s("\u{1f600}"), Some("  "), "n", None, Ok("\"\\ud83d\\ude00\"")),
            dc(s("mix \u{e9}\u{1f600}\u{7f}\u{2028}"), None, "", None, Ok("\"mix \\u00e9\\ud83d\\ude00\\u007f\\u2028\"")),
            dc(s("mix \u{e9}\u{1f600}\u{7f}\u{2028}"), Some("  "), "", None, Ok("\"mix \\u00e9\\ud83d\\ude00\\u007f\\u2028\"")),
            dc(s("mix \u{e9}\u{1f600}\u{7f}\u{2028}"), None, "u", None, Ok("\"mix \u{e9}\u{1f600}\u{7f}\u{2028}\"")),
            dc(s("mix \u{e9}\u{1f600}\u{7f}\u{2028}"), None, "n", None, Ok("\"mix \\u00e9\\ud83d\\ude00\\u007f\\u2028\"")),
            dc(s("mix \u{e9}\u{1f600}\u{7f}\u{2028}"), Some("  "), "n", None, Ok("\"mix \\u00e9\\ud83d\\ude00\\u007f\\u2028\"")),
            dc(s("\u{feff}bom"), None, "", None, Ok("\"\\ufeffbom\"")),
            dc(s("\u{feff}bom"), Some("  "), "", None, Ok("\"\\ufeffbom\"")),
            dc(s("\u{feff}bom"), None, "u", None, Ok("\"\u{feff}bom\"")),
            dc(s("\u{feff}bom"), None, "n", None, Ok("\"\\ufeffbom\"")),
            dc(s("\u{feff}bom"), Some("  "), "n", None, Ok("\"\\ufeffbom\"")),
            dc(a(vec![]), None, "", None, Ok("[]")),
            dc(a(vec![]), Some("  "), "", None, Ok("[]")),
            dc(a(vec![]), Some(""), "", None, Ok("[]")),
            dc(a(vec![]), Some("\t"), "", None, Ok("[]")),
            dc(a(vec![]), None, "", Some((",", ":")), Ok("[]")),
            dc(a(vec![]), Some(" "), "", Some((";", " = ")), Ok("[]")),
            dc(a(vec![]), None, "u", None, Ok("[]")),
            dc(a(vec![]), Some("    "), "u", None, Ok("[]")),
            dc(o(vec![]), None, "", None, Ok("{}")),
            dc(o(vec![]), Some("  "), "", None, Ok("{}")),
            dc(o(vec![]), Some(""), "", None, Ok("{}")),
            dc(o(vec![]), Some("\t"), "", None, Ok("{}")),
            dc(o(vec![]), None, "", Some((",", ":")), Ok("{}")),
            dc(o(vec![]), Some(" "), "", Some((";", " = ")), Ok("{}")),
            dc(o(vec![]), None, "u", None, Ok("{}")),
            dc(o(vec![]), Some("    "), "u", None, Ok("{}")),
            dc(a(vec![a(vec![])]), None, "", None, Ok("[[]]")),
            dc(a(vec![a(vec![])]), Some("  "), "", None, Ok("[\n  []\n]")),
            dc(a(vec![a(vec![])]), Some(""), "", None, Ok("[\n[]\n]")),
            dc(a(vec![a(vec![])]), Some("\t"), "", None, Ok("[\n\t[]\n]")),
            dc(a(vec![a(vec![])]), None, "", Some((",", ":")), Ok("[[]]")),
            dc(a(vec![a(vec![])]), Some(" "), "", Some((";", " = ")), Ok("[\n []\n]")),
            dc(a(vec![a(vec![])]), None, "u", None, Ok("[[]]")),
            dc(a(vec![a(vec![])]), Some("    "), "u", None, Ok("[\n    []\n]")),
            dc(a(vec![o(vec![])]), None, "", None, Ok("[{}]")),
            dc(a(vec![o(vec![])]), Some("  "), "", None, Ok("[\n  {}\n]")),
            dc(a(vec![o(vec![])]), Some(""), "", None, Ok("[\n{}\n]")),
            dc(a(vec![o(vec![])]), Some("\t"), "", None, Ok("[\n\t{}\n]")),
            dc(a(vec![o(vec![])]), None, "", Some((",", ":")), Ok("[{}]")),
            dc(a(vec![o(vec![])]), Some(" "), "", Some((";", " = ")), Ok("[\n {}\n]")),
            dc(a(vec![o(vec![])]), None, "u", None, Ok("[{}]")),
            dc(a(vec![o(vec![])]), Some("    "), "u", None, Ok("[\n    {}\n]")),
            dc(o(vec![(s("a"), a(vec![]))]), None, "", None, Ok("{\"a\": []}")),
            dc(o(vec![(s("a"), a(vec![]))]), Some("  "), "", None, Ok("{\n  \"a\": []\n}")),
            dc(o(vec![(s("a"), a(vec![]))]), Some(""), "", None, Ok("{\n\"a\": []\n}")),
            dc(o(vec![(s("a"), a(vec![]))]), Some("\t"), "", None, Ok("{\n\t\"a\": []\n}")),
            dc(o(vec![(s("a"), a(vec![]))]), None, "", Some((",", ":")), Ok("{\"a\":[]}")),
            dc(o(vec![(s("a"), a(vec![]))]), Some(" "), "", Some((";", " = ")), Ok("{\n \"a\" = []\n}")),
            dc(o(vec![(s("a"), a(vec![]))]), None, "u", None, Ok("{\"a\": []}")),
            dc(o(vec![(s("a"), a(vec![]))]), Some("    "), "u", None, Ok("{\n    \"a\": []\n}")),
            dc(o(vec![(s("a"), o(vec![]))]), None, "", None, Ok("{\"a\": {}}")),
            dc(o(vec![(s("a"), o(vec![]))]), Some("  "), "", None, Ok("{\n  \"a\": {}\n}")),
            dc(o(vec![(s("a"), o(vec![]))]), Some(""), "", None, Ok("{\n\"a\": {}\n}")),
            dc(o(vec![(s("a"), o(vec![]))]), Some("\t"), "", None, Ok("{\n\t\"a\": {}\n}")),
            dc(o(vec![(s("a"), o(vec![]))]), None, "", Some((",", ":")), Ok("{\"a\":{}}")),
            dc(o(vec![(s("a"), o(vec![]))]), Some(" "), "", Some((";", " = ")), Ok("{\n \"a\" = {}\n}")),
            dc(o(vec![(s("a"), o(vec![]))]), None, "u", None, Ok("{\"a\": {}}")),
            dc(o(vec![(s("a"), o(vec![]))]), Some("    "), "u", None, Ok("{\n    \"a\": {}\n}")),
            dc(a(vec![i("1"), a(vec![i("2"), a(vec![i("3"), o(vec![])])]), a(vec![])]), None, "", None, Ok("[1, [2, [3, {}]], []]")),
            dc(a(vec![i("1"), a(vec![i("2"), a(vec![i("3"), o(vec![])])]), a(vec![])]), Some("  "), "", None, Ok("[\n  1,\n  [\n    2,\n    [\n      3,\n      {}\n    ]\n  ],\n  []\n]")),
            dc(a(vec![i("1"), a(vec![i("2"), a(vec![i("3"), o(vec![])])]), a(vec![])]), Some(""), "", None, Ok("[\n1,\n[\n2,\n[\n3,\n{}\n]\n],\n[]\n]")),
            dc(a(vec![i("1"), a(vec![i("2"), a(vec![i("3"), o(vec![])])]), a(vec![])]), Some("\t"), "", None, Ok("[\n\t1,\n\t[\n\t\t2,\n\t\t[\n\t\t\t3,\n\t\t\t{}\n\t\t]\n\t],\n\t[]\n]")),
            dc(a(vec![i("1"), a(vec![i("2"), a(vec![i("3"), o(vec![])])]), a(vec![])]), None, "", Some((",", ":")), Ok("[1,[2,[3,{}]],[]]")),
            dc(a(vec![i("1"), a(vec![i("2"), a(vec![i("3"), o(vec![])])]), a(vec![])]), Some(" "), "", Some((";", " = ")), Ok("[\n 1;\n [\n  2;\n  [\n   3;\n   {}\n  ]\n ];\n []\n]")),
            dc(a(vec![i("1"), a(vec![i("2"), a(vec![i("3"), o(vec![])])]), a(vec![])]), None, "u", None, Ok("[1, [2, [3, {}]], []]")),
            dc(a(vec![i("1"), a(vec![i("2"), a(vec![i("3"), o(vec![])])]), a(vec![])]), Some("    "), "u", None, Ok("[\n    1,\n    [\n        2,\n        [\n            3,\n            {}\n        ]\n    ],\n    []\n]")),
            dc(o(vec![(s("a"), i("1")), (s("b"), a(vec![i("1"), i("2"), o(vec![(s("c"), n())])])), (s("d"), o(vec![(s("e"), s("\u{e9}"))]))]), None, "", None, Ok("{\"a\": 1, \"b\": [1, 2, {\"c\": null}], \"d\": {\"e\": \"\\u00e9\"}}")),
            dc(o(vec![(s("a"), i("1")), (s("b"), a(vec![i("1"), i("2"), o(vec![(s("c"), n())])])), (s("d"), o(vec![(s("e"), s("\u{e9}"))]))]), Some("  "), "", None, Ok("{\n  \"a\": 1,\n  \"b\": [\n    1,\n    2,\n    {\n      \"c\": null\n    }\n  ],\n  \"d\": {\n    \"e\": \"\\u00e9\"\n  }\n}")),
            dc(o(vec![(s("a"), i("1")), (s("b"), a(vec![i("1"), i("2"), o(vec![(s("c"), n())])])), (s("d"), o(vec![(s("e"), s("\u{e9}"))]))]), Some(""), "", None, Ok("{\n\"a\": 1,\n\"b\": [\n1,\n2,\n{\n\"c\": null\n}\n],\n\"d\": {\n\"e\": \"\\u00e9\"\n}\n}")),
            dc(o(vec![(s("a"), i("1")), (s("b"), a(vec![i("1"), i("2"), o(vec![(s("c"), n())])])), (s("d"), o(vec![(s("e"), s("\u{e9}"))]))]), Some("\t"), "", None, Ok("{\n\t\"a\": 1,\n\t\"b\": [\n\t\t1,\n\t\t2,\n\t\t{\n\t\t\t\"c\": null\n\t\t}\n\t],\n\t\"d\": {\n\t\t\"e\": \"\\u00e9\"\n\t}\n}")),
            dc(o(vec![(s("a"), i("1")), (s("b"), a(vec![i("1"), i("2"), o(vec![(s("c"), n())])])), (s("d"), o(vec![(s("e"), s("\u{e9}"))]))]), None, "", Some((",", ":")), Ok("{\"a\":1,\"b\":[1,2,{\"c\":null}],\"d\":{\"e\":\"\\u00e9\"}}")),
            dc(o(vec![(s("a"), i("1")), (s("b"), a(vec![i("1"), i("2"), o(vec![(s("c"), n())])])), (s("d"), o(vec![(s("e"), s("\u{e9}"))]))]), Some(" "), "", Some((";", " = ")), Ok("{\n \"a\" = 1;\n \"b\" = [\n  1;\n  2;\n  {\n   \"c\" = null\n  }\n ];\n \"d\" = {\n  \"e\" = \"\\u00e9\"\n }\n}")),
            dc(o(vec![(s("a"), i("1")), (s("b"), a(vec![i("1"), i("2"), o(vec![(s("c"), n())])])), (s("d"), o(vec![(s("e"), s("\u{e9}"))]))]), None, "u", None, Ok("{\"a\": 1, \"b\": [1, 2, {\"c\": null}], \"d\": {\"e\": \"\u{e9}\"}}")),
            dc(o(vec![(s("a"), i("1")), (s("b"), a(vec![i("1"), i("2"), o(vec![(s("c"), n())])])), (s("d"), o(vec![(s("e"), s("\u{e9}"))]))]), Some("    "), "u", None, Ok("{\n    \"a\": 1,\n    \"b\": [\n        1,\n        2,\n        {\n            \"c\": null\n        }\n    ],\n    \"d\": {\n        \"e\": \"\u{e9}\"\n    }\n}")),
            dc(o(vec![(s("\u{e9}"), s("\u{fc}")), (s("\u{1f600}"), a(vec![s("\u{0}")]))]), None, "", None, Ok("{\"\\u00e9\": \"\\u00fc\", \"\\ud83d\\ude00\": [\"\\u0000\"]}")),
            dc(o(vec![(s("\u{e9}"), s("\u{fc}")), (s("\u{1f600}"), a(vec![s("\u{0}")]))]), Some("  "), "", None, Ok("{\n  \"\\u00e9\": \"\\u00fc\",\n  \"\\ud83d\\ude00\": [\n    \"\\u0000\"\n  ]\n}")),
            dc(o(vec![(s("\u{e9}"), s("\u{fc}")), (s("\u{1f600}"), a(vec![s("\u{0}")]))]), Some(""), "", None, Ok("{\n\"\\u00e9\": \"\\u00fc\",\n\"\\ud83d\\ude00\": [\n\"\\u0000\"\n]\n}")),
            dc(o(vec![(s("\u{e9}"), s("\u{fc}")), (s("\u{1f600}"), a(vec![s("\u{0}")]))]), Some("\t"), "", None, Ok("{\n\t\"\\u00e9\": \"\\u00fc\",\n\t\"\\ud83d\\ude00\": [\n\t\t\"\\u0000\"\n\t]\n}")),
            dc(o(vec![(s("\u{e9}"), s("\u{fc}")), (s("\u{1f600}"), a(vec![s("\u{0}")]))]), None, "", Some((",", ":")), Ok("{\"\\u00e9\":\"\\u00fc\",\"\\ud83d\\ude00\":[\"\\u0000\"]}")),
            dc(o(vec![(s("\u{e9}"), s("\u{fc}")), (s("\u{1f600}"), a(vec![s("\u{0}")]))]), Some(" "), "", Some((";", " = ")), Ok("{\n \"\\u00e9\" = \"\\u00fc\";\n \"\\ud83d\\ude00\" = [\n  \"\\u0000\"\n ]\n}")),
            dc(o(vec![(s("\u{e9}"), s("\u{fc}")), (s("\u{1f600}"), a(vec![s("\u{0}")]))]), None, "u", None, Ok("{\"\u{e9}\": \"\u{fc}\", \"\u{1f600}\": [\"\\u0000\"]}")),
            dc(o(vec![(s("\u{e9}"), s("\u{fc}")), (s("\u{1f600}"), a(vec![s("\u{0}")]))]), Some("    "), "u", None, Ok("{\n    \"\u{e9}\": \"\u{fc}\",\n    \"\u{1f600}\": [\n        \"\\u0000\"\n    ]\n}")),
            dc(a(vec![f(f64::NAN), f(f64::INFINITY), f(f64::NEG_INFINITY), f(1.5)]), None, "", None, Ok("[NaN, Infinity, -Infinity, 1.5]")),
            dc(a(vec![f(f64::NAN), f(f64::INFINITY), f(f64::NEG_INFINITY), f(1.5)]), Some("  "), "", None, Ok("[\n  NaN,\n  Infinity,\n  -Infinity,\n  1.5\n]")),
            dc(a(vec![f(f64::NAN), f(f64::INFINITY), f(f64::NEG_INFINITY), f(1.5)]), Some(""), "", None, Ok("[\nNaN,\nInfinity,\n-Infinity,\n1.5\n]")),
            dc(a(vec![f(f64::NAN), f(f64::INFINITY), f(f64::NEG_INFINITY), f(1.5)]), Some("\t"), "", None, Ok("[\n\tNaN,\n\tInfinity,\n\t-Infinity,\n\t1.5\n]")),
            dc(a(vec![f(f64::NAN), f(f64::INFINITY), f(f64::NEG_INFINITY), f(1.5)]), None, "", Some((",", ":")), Ok("[NaN,Infinity,-Infinity,1.5]")),
            dc(a(vec![f(f64::NAN), f(f64::INFINITY), f(f64::NEG_INFINITY), f(1.5)]), Some(" "), "", Some((";", " = ")), Ok("[\n NaN;\n Infinity;\n -Infinity;\n 1.5\n]")),
            dc(a(vec![f(f64::NAN), f(f64::INFINITY), f(f64::NEG_INFINITY), f(1.5)]), None, "u", None, Ok("[NaN, Infinity, -Infinity, 1.5]")),
            dc(a(vec![f(f64::NAN), f(f64::INFINITY), f(f64::NEG_INFINITY), f(1.5)]), Some("    "), "u", None, Ok("[\n    NaN,\n    Infinity,\n    -Infinity,\n    1.5\n]")),
            dc(o(vec![(i("2"), s("int")), (f(2.5), s("float")), (b(true), s("true")), (b(false), s("false")), (n(), s("none"))]), None, "", None, Ok("{\"2\": \"int\", \"2.5\": \"float\", \"true\": \"true\", \"false\": \"false\", \"null\": \"none\"}")),
            dc(o(vec![(i("2"), s("int")), (f(2.5), s("float")), (b(true), s("true")), (b(false), s("false")), (n(), s("none"))]), Some("  "), "", None, Ok("{\n  \"2\": \"int\",\n  \"2.5\": \"float\",\n  \"true\": \"true\",\n  \"false\": \"false\",\n  \"null\": \"none\"\n}")),
            dc(o(vec![(i("2"), s("int")), (f(2.5), s("float")), (b(true), s("true")), (b(false), s("false")), (n(), s("none"))]), None, "s", None, Err("TypeError: '<' not supported between instances of 'NoneType' and 'int'")),
            dc(o(vec![(i("2"), s("int")), (f(2.5), s("float")), (b(true), s("true")), (b(false), s("false")), (n(), s("none"))]), Some("  "), "s", None, Err("TypeError: '<' not supported between instances of 'NoneType' and 'int'")),
            dc(o(vec![(i("2"), s("int")), (f(2.5), s("float")), (b(true), s("true")), (b(false), s("false")), (n(), s("none"))]), None, "n", None, Ok("{\"2\": \"int\", \"2.5\": \"float\", \"true\": \"true\", \"false\": \"false\", \"null\": \"none\"}")),
            dc(o(vec![(i("2"), s("int")), (f(2.5), s("float")), (b(true), s("true")), (b(false), s("false")), (n(), s("none"))]), None, "ks", None, Err("TypeError: '<' not supported between instances of 'NoneType' and 'int'")),
            dc(o(vec![(f(f64::NAN), i("1")), (f(f64::INFINITY), i("2")), (f(f64::NEG_INFINITY), i("3"))]), None, "", None, Ok("{\"NaN\": 1, \"Infinity\": 2, \"-Infinity\": 3}")),
            dc(o(vec![(f(f64::NAN), i("1")), (f(f64::INFINITY), i("2")), (f(f64::NEG_INFINITY), i("3"))]), Some("  "), "", None, Ok("{\n  \"NaN\": 1,\n  \"Infinity\": 2,\n  \"-Infinity\": 3\n}")),
            dc(o(vec![(f(f64::NAN), i("1")), (f(f64::INFINITY), i("2")), (f(f64::NEG_INFINITY), i("3"))]), None, "s", None, Ok("{\"NaN\": 1, \"-Infinity\": 3, \"Infinity\": 2}")),
            dc(o(vec![(f(f64::NAN), i("1")), (f(f64::INFINITY), i("2")), (f(f64::NEG_INFINITY), i("3"))]), Some("  "), "s", None, Ok("{\n  \"NaN\": 1,\n  \"-Infinity\": 3,\n  \"Infinity\": 2\n}")),
            dc(o(vec![(f(f64::NAN), i("1")), (f(f64::INFINITY), i("2")), (f(f64::NEG_INFINITY), i("3"))]), None, "n", None, Err("ValueError: Out of range float values are not JSON compliant")),
            dc(o(vec![(f(f64::NAN), i("1")), (f(f64::INFINITY), i("2")), (f(f64::NEG_INFINITY), i("3"))]), None, "ks", None, Ok("{\"NaN\": 1, \"-Infinity\": 3, \"Infinity\": 2}")),
            dc(o(vec![(i("100000000000000000000"), s("big")), (i("-3"), s("neg")), (f(1e+16), s("f"))]), None, "", None, Ok("{\"100000000000000000000\": \"big\", \"-3\": \"neg\", \"1e+16\": \"f\"}")),
            dc(o(vec![(i("100000000000000000000"), s("big")), (i("-3"), s("neg")), (f(1e+16), s("f"))]), Some("  "), "", None, Ok("{\n  \"100000000000000000000\": \"big\",\n  \"-3\": \"neg\",\n  \"1e+16\": \"f\"\n}")),
            dc(o(vec![(i("100000000000000000000"), s("big")), (i("-3"), s("neg")), (f(1e+16), s("f"))]), None, "s", None, Ok("{\"-3\": \"neg\", \"1e+16\": \"f\", \"100000000000000000000\": \"big\"}")),
            dc(o(vec![(i("100000000000000000000"), s("big")), (i("-3"), s("neg")), (f(1e+16), s("f"))]), Some("  "), "s", None, Ok("{\n  \"-3\": \"neg\",\n  \"1e+16\": \"f\",\n  \"100000000000000000000\": \"big\"\n}")),
            dc(o(vec![(i("100000000000000000000"), s("big")), (i("-3"), s("neg")), (f(1e+16), s("f"))]), None, "n", None, Ok("{\"100000000000000000000\": \"big\", \"-3\": \"neg\", \"1e+16\": \"f\"}")),
            dc(o(vec![(i("100000000000000000000"), s("big")), (i("-3"), s("neg")), (f(1e+16), s("f"))]), None, "ks", None, Ok("{\"-3\": \"neg\", \"1e+16\": \"f\", \"100000000000000000000\": \"big\"}")),
            dc(o(vec![(s("b"), i("1")), (s("a"), i("2")), (s("c"), o(vec![(s("z"), i("1")), (s("y"), i("2")), (s("x"), a(vec![o(vec![(s("q"), i("1")), (s("p"), i("2"))])]))]))]), None, "", None, Ok("{\"b\": 1, \"a\": 2, \"c\": {\"z\": 1, \"y\": 2, \"x\": [{\"q\": 1, \"p\": 2}]}}")),
            dc(o(vec![(s("b"), i("1")), (s("a"), i("2")), (s("c"), o(vec![(s("z"), i("1")), (s("y"), i("2")), (s("x"), a(vec![o(vec![(s("q"), i("1")), (s("p"), i("2"))])]))]))]), Some("  "), "", None, Ok("{\n  \"b\": 1,\n  \"a\": 2,\n  \"c\": {\n    \"z\": 1,\n    \"y\": 2,\n    \"x\": [\n      {\n        \"q\": 1,\n        \"p\": 2\n      }\n    ]\n  }\n}")),
            dc(o(vec![(s("b"), i("1")), (s("a"), i("2")), (s("c"), o(vec![(s("z"), i("1")), (s("y"), i("2")), (s("x"), a(vec![o(vec![(s("q"), i("1")), (s("p"), i("2"))])]))]))]), None, "s", None, Ok("{\"a\": 2, \"b\": 1, \"c\": {\"x\": [{\"p\": 2, \"q\": 1}], \"y\": 2, \"z\": 1}}")),
            dc(o(vec![(s("b"), i("1")), (s("a"), i("2")), (s("c"), o(vec![(s("z"), i("1")), (s("y"), i("2")), (s("x"), a(vec![o(vec![(s("q"), i("1")), (s("p"), i("2"))])]))]))]), Some("  "), "s", None, Ok("{\n  \"a\": 2,\n  \"b\": 1,\n  \"c\": {\n    \"x\": [\n      {\n        \"p\": 2,\n        \"q\": 1\n      }\n    ],\n    \"y\": 2,\n    \"z\": 1\n  }\n}")),
            dc(o(vec![(s("b"), i("1")), (s("a"), i("2")), (s("c"), o(vec![(s("z"), i("1")), (s("y"), i("2")), (s("x"), a(vec![o(vec![(s("q"), i("1")), (s("p"), i("2"))])]))]))]), None, "n", None, Ok("{\"b\": 1, \"a\": 2, \"c\": {\"z\": 1, \"y\": 2, \"x\": [{\"q\": 1, \"p\": 2}]}}")),
            dc(o(vec![(s("b"), i("1")), (s("a"), i("2")), (s("c"), o(vec![(s("z"), i("1")), (s("y"), i("2")), (s("x"), a(vec![o(vec![(s("q"), i("1")), (s("p"), i("2"))])]))]))]), None, "ks", None, Ok("{\"a\": 2, \"b\": 1, \"c\": {\"x\": [{\"p\": 2, \"q\": 1}], \"y\": 2, \"z\": 1}}")),
            dc(o(vec![(s("a"), i("1")), (i("2"), i("3"))]), None, "", None, Ok("{\"a\": 1, \"2\": 3}")),
            dc(o(vec![(s("a"), i("1")), (i("2"), i("3"))]), Some("  "), "", None, Ok("{\n  \"a\": 1,\n  \"2\": 3\n}")),
            dc(o(vec![(s("a"), i("1")), (i("2"), i("3"))]), None, "s", None, Err("TypeError: '<' not supported between instances of 'int' and 'str'")),
            dc(o(vec![(s("a"), i("1")), (i("2"), i("3"))]), Some("  "), "s", None, Err("TypeError: '<' not supported between instances of 'int' and 'str'")),
            dc(o(vec![(s("a"), i("1")), (i("2"), i("3"))]), None, "n", None, Ok("{\"a\": 1, \"2\": 3}")),
            dc(o(vec![(s("a"), i("1")), (i("2"), i("3"))]), None, "ks", None, Err("TypeError: '<' not supported between instances of 'int' and 'str'")),
            dc(o(vec![(i("2"), i("3")), (s("a"), i("1"))]), None, "", None, Ok("{\"2\": 3, \"a\": 1}")),
            dc(o(vec![(i("2"), i("3")), (s("a"), i("1"))]), Some("  "), "", None, Ok("{\n  \"2\": 3,\n  \"a\": 1\n}")),
            dc(o(vec![(i("2"), i("3")), (s("a"), i("1"))]), None, "s", None, Err("TypeError: '<' not supported between instances of 'str' and 'int'")),
            dc(o(vec![(i("2"), i("3")), (s("a"), i("1"))]), Some("  "), "s", None, Err("TypeError: '<' not supported between instances of 'str' and 'int'")),
            dc(o(vec![(i("2"), i("3")), (s("a"), i("1"))]), None, "n", None, Ok("{\"2\": 3, \"a\": 1}")),
            dc(o(vec![(i("2"), i("3")), (s("a"), i("1"))]), None, "ks", None, Err("TypeError: '<' not supported between instances of 'str' and 'int'")),
            dc(o(vec![(s("a"), i("1")), (n(), i("2"))]), None, "", None, Ok("{\"a\": 1, \"null\": 2}")),
            dc(o(vec![(s("a"), i("1")), (n(), i("2"))]), Some("  "), "", None, Ok("{\n  \"a\": 1,\n  \"null\": 2\n}")),
            dc(o(vec![(s("a"), i("1")), (n(), i("2"))]), None, "s", None, Err("TypeError: '<' not supported between instances of 'NoneType' and 'str'")),
            dc(o(vec![(s("a"), i("1")), (n(), i("2"))]), Some("  "), "s", None, Err("TypeError: '<' not supported between instances of 'NoneType' and 'str'")),
            dc(o(vec![(s("a"), i("1")), (n(), i("2"))]), None, "n", None, Ok("{\"a\": 1, \"null\": 2}")),
            dc(o(vec![(s("a"), i("1")), (n(), i("2"))]), None, "ks", None, Err("TypeError: '<' not supported between instances of 'NoneType' and 'str'")),
            dc(o(vec![(n(), i("1")), (s("a"), i("2"))]), None, "", None, Ok("{\"null\": 1, \"a\": 2}")),
            dc(o(vec![(n(), i("1")), (s("a"), i("2"))]), Some("  "), "", None, Ok("{\n  \"null\": 1,\n  \"a\": 2\n}")),
            dc(o(vec![(n(), i("1")), (s("a"), i("2"))]), None, "s", None, Err("TypeError: '<' not supported between instances of 'str' and 'NoneType'")),
            dc(o(vec![(n(), i("1")), (s("a"), i("2"))]), Some("  "), "s", None, Err("TypeError: '<' not supported between instances of 'str' and 'NoneType'")),
            dc(o(vec![(n(), i("1")), (s("a"), i("2"))]), None, "n", None, Ok("{\"null\": 1, \"a\": 2}")),
            dc(o(vec![(n(), i("1")), (s("a"), i("2"))]), None, "ks", None, Err("TypeError: '<' not supported between instances of 'str' and 'NoneType'")),
            dc(o(vec![(i("1"), i("3")), (f(2.5), i("2")), (f(0.5), i("4")), (i("-1"), i("5"))]), None, "", None, Ok("{\"1\": 3, \"2.5\": 2, \"0.5\": 4, \"-1\": 5}")),
            dc(o(vec![(i("1"), i("3")), (f(2.5), i("2")), (f(0.5), i("4")), (i("-1"), i("5"))]), Some("  "), "", None, Ok("{\n  \"1\": 3,\n  \"2.5\": 2,\n  \"0.5\": 4,\n  \"-1\": 5\n}")),
            dc(o(vec![(i("1"), i("3")), (f(2.5), i("2")), (f(0.5), i("4")), (i("-1"), i("5"))]), None, "s", None, Ok("{\"-1\": 5, \"0.5\": 4, \"1\": 3, \"2.5\": 2}")),
            dc(o(vec![(i("1"), i("3")), (f(2.5), i("2")), (f(0.5), i("4")), (i("-1"), i("5"))]), Some("  "), "s", None, Ok("{\n  \"-1\": 5,\n  \"0.5\": 4,\n  \"1\": 3,\n  \"2.5\": 2\n}")),
            dc(o(vec![(i("1"), i("3")), (f(2.5), i("2")), (f(0.5), i("4")), (i("-1"), i("5"))]), None, "n", None, Ok("{\"1\": 3, \"2.5\": 2, \"0.5\": 4, \"-1\": 5}")),
            dc(o(vec![(i("1"), i("3")), (f(2.5), i("2")), (f(0.5), i("4")), (i("-1"), i("5"))]), None, "ks", None, Ok("{\"-1\": 5, \"0.5\": 4, \"1\": 3, \"2.5\": 2}")),
            dc(o(vec![(b(false), s("f")), (s("x"), i("1"))]), None, "", None, Ok("{\"false\": \"f\", \"x\": 1}")),
            dc(o(vec![(b(false), s("f")), (s("x"), i("1"))]), Some("  "), "", None, Ok("{\n  \"false\": \"f\",\n  \"x\": 1\n}")),
            dc(o(vec![(b(false), s("f")), (s("x"), i("1"))]), None, "s", None, Err("TypeError: '<' not supported between instances of 'str' and 'bool'")),
            dc(o(vec![(b(false), s("f")), (s("x"), i("1"))]), Some("  "), "s", None, Err("TypeError: '<' not supported between instances of 'str' and 'bool'")),
            dc(o(vec![(b(false), s("f")), (s("x"), i("1"))]), None, "n", None, Ok("{\"false\": \"f\", \"x\": 1}")),
            dc(o(vec![(b(false), s("f")), (s("x"), i("1"))]), None, "ks", None, Err("TypeError: '<' not supported between instances of 'str' and 'bool'")),
            dc(o(vec![(f(1.5), i("1")), (s("a"), i("2"))]), None, "", None, Ok("{\"1.5\": 1, \"a\": 2}")),
            dc(o(vec![(f(1.5), i("1")), (s("a"), i("2"))]), Some("  "), "", None, Ok("{\n  \"1.5\": 1,\n  \"a\": 2\n}")),
            dc(o(vec![(f(1.5), i("1")), (s("a"), i("2"))]), None, "s", None, Err("TypeError: '<' not supported between instances of 'str' and 'float'")),
            dc(o(vec![(f(1.5), i("1")), (s("a"), i("2"))]), Some("  "), "s", None, Err("TypeError: '<' not supported between instances of 'str' and 'float'")),
            dc(o(vec![(f(1.5), i("1")), (s("a"), i("2"))]), None, "n", None, Ok("{\"1.5\": 1, \"a\": 2}")),
            dc(o(vec![(f(1.5), i("1")), (s("a"), i("2"))]), None, "ks", None, Err("TypeError: '<' not supported between instances of 'str' and 'float'")),
            dc(o(vec![(i(&format!("1{}", "0".repeat(4300))), i("1"))]), None, "", None, Err("ValueError: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit")),
            dc(o(vec![(i(&format!("1{}", "0".repeat(4300))), i("1"))]), Some("  "), "", None, Err("ValueError: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit")),
            dc(o(vec![(i(&format!("1{}", "0".repeat(4300))), i("1"))]), None, "s", None, Err("ValueError: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit")),
            dc(o(vec![(i(&format!("1{}", "0".repeat(4300))), i("1"))]), Some("  "), "s", None, Err("ValueError: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit")),
            dc(o(vec![(i(&format!("1{}", "0".repeat(4300))), i("1"))]), None, "n", None, Err("ValueError: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit")),
            dc(o(vec![(i(&format!("1{}", "0".repeat(4300))), i("1"))]), None, "ks", None, Err("ValueError: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit")),
            dc(o(vec![(s("x"), f(f64::NAN))]), None, "", None, Ok("{\"x\": NaN}")),
            dc(o(vec![(s("x"), f(f64::NAN))]), Some("  "), "", None, Ok("{\n  \"x\": NaN\n}")),
            dc(o(vec![(s("x"), f(f64::NAN))]), None, "n", None, Err("ValueError: Out of range float values are not JSON compliant")),
            dc(o(vec![(s("x"), f(f64::NAN))]), Some("  "), "n", None, Err("ValueError: Out of range float values are not JSON compliant: nan")),
            dc(o(vec![(s("x"), f(f64::NAN))]), None, "k", None, Ok("{\"x\": NaN}")),
            dc(o(vec![(s("x"), f(f64::NAN))]), Some("  "), "k", None, Ok("{\n  \"x\": NaN\n}")),
            dc(o(vec![(s("x"), f(f64::NAN))]), None, "ks", None, Ok("{\"x\": NaN}")),
            dc(o(vec![(s("x"), f(f64::NAN))]), Some("   "), "nksu", Some((" ,", ":")), Err("ValueError: Out of range float values are not JSON compliant: nan")),
            dc(a(vec![o(vec![(s("k"), a(vec![f(f64::INFINITY)]))])]), None, "", None, Ok("[{\"k\": [Infinity]}]")),
            dc(a(vec![o(vec![(s("k"), a(vec![f(f64::INFINITY)]))])]), Some("  "), "", None, Ok("[\n  {\n    \"k\": [\n      Infinity\n    ]\n  }\n]")),
            dc(a(vec![o(vec![(s("k"), a(vec![f(f64::INFINITY)]))])]), None, "n", None, Err("ValueError: Out of range float values are not JSON compliant")),
            dc(a(vec![o(vec![(s("k"), a(vec![f(f64::INFINITY)]))])]), Some("  "), "n", None, Err("ValueError: Out of range float values are not JSON compliant: inf")),
            dc(a(vec![o(vec![(s("k"), a(vec![f(f64::INFINITY)]))])]), None, "k", None, Ok("[{\"k\": [Infinity]}]")),
            dc(a(vec![o(vec![(s("k"), a(vec![f(f64::INFINITY)]))])]), Some("  "), "k", None, Ok("[\n  {\n    \"k\": [\n      Infinity\n    ]\n  }\n]")),
            dc(a(vec![o(vec![(s("k"), a(vec![f(f64::INFINITY)]))])]), None, "ks", None, Ok("[{\"k\": [Infinity]}]")),
            dc(a(vec![o(vec![(s("k"), a(vec![f(f64::INFINITY)]))])]), Some("   "), "nksu", Some((" ,", ":")), Err("ValueError: Out of range float values are not JSON compliant: inf")),
            dc(o(vec![(u("tuple"), i("1"))]), None, "", None, Err("TypeError: keys must be str, int, float, bool or None, not tuple")),
            dc(o(vec![(u("tuple"), i("1"))]), Some("  "), "", None, Err("TypeError: keys must be str, int, float, bool or None, not tuple")),
            dc(o(vec![(u("tuple"), i("1"))]), None, "n", None, Err("TypeError: keys must be str, int, float, bool or None, not tuple")),
            dc(o(vec![(u("tuple"), i("1"))]), Some("  "), "n", None, Err("TypeError: keys must be str, int, float, bool or None, not tuple")),
            dc(o(vec![(u("tuple"), i("1"))]), None, "k", None, Ok("{}")),
            dc(o(vec![(u("tuple"), i("1"))]), Some("  "), "k", None, Ok("{\n  \n}")),
            dc(o(vec![(u("tuple"), i("1"))]), None, "ks", None, Ok("{}")),
            dc(o(vec![(u("tuple"), i("1"))]), Some("   "), "nksu", Some((" ,", ":")), Ok("{\n   \n}")),
            dc(o(vec![(s("a"), i("1")), (u("tuple"), i("2")), (s("b"), i("3"))]), None, "", None, Err("TypeError: keys must be str, int, float, bool or None, not tuple")),
            dc(o(vec![(s("a"), i("1")), (u("tuple"), i("2")), (s("b"), i("3"))]), Some("  "), "", None, Err("TypeError: keys must be str, int, float, bool or None, not tuple")),
            dc(o(vec![(s("a"), i("1")), (u("tuple"), i("2")), (s("b"), i("3"))]), None, "n", None, Err("TypeError: keys must be str, int, float, bool or None, not tuple")),
            dc(o(vec![(s("a"), i("1")), (u("tuple"), i("2")), (s("b"), i("3"))]), Some("  "), "n", None, Err("TypeError: keys must be str, int, float, bool or None, not tuple")),
            dc(o(vec![(s("a"), i("1")), (u("tuple"), i("2")), (s("b"), i("3"))]), None, "k", None, Ok("{\"a\": 1, \"b\": 3}")),
            dc(o(vec![(s("a"), i("1")), (u("tuple"), i("2")), (s("b"), i("3"))]), Some("  "), "k", None, Ok("{\n  \"a\": 1,\n  \"b\": 3\n}")),
            dc(o(vec![(s("a"), i("1")), (u("tuple"), i("2")), (s("b"), i("3"))]), None, "ks", None, Err("TypeError: '<' not supported between instances of 'tuple' and 'str'")),
            dc(o(vec![(s("a"), i("1")), (u("tuple"), i("2")), (s("b"), i("3"))]), Some("   "), "nksu", Some((" ,", ":")), Err("TypeError: '<' not supported between instances of 'tuple' and 'str'")),
            dc(o(vec![(u("tuple"), i("1")), (s("a"), i("2")), (u("tuple"), i("3")), (s("b"), i("4"))]), None, "", None, Err("TypeError: keys must be str, int, float, bool or None, not tuple")),
            dc(o(vec![(u("tuple"), i("1")), (s("a"), i("2")), (u("tuple"), i("3")), (s("b"), i("4"))]), Some("  "), "", None, Err("TypeError: keys must be str, int, float, bool or None, not tuple")),
            dc(o(vec![(u("tuple"), i("1")), (s("a"), i("2")), (u("tuple"), i("3")), (s("b"), i("4"))]), None, "n", None, Err("TypeError: keys must be str, int, float, bool or None, not tuple")),
            dc(o(vec![(u("tuple"), i("1")), (s("a"), i("2")), (u("tuple"), i("3")), (s("b"), i("4"))]), Some("  "), "n", None, Err("TypeError: keys must be str, int, float, bool or None, not tuple")),
            dc(o(vec![(u("tuple"), i("1")), (s("a"), i("2")), (u("tuple"), i("3")), (s("b"), i("4"))]), None, "k", None, Ok("{\"a\": 2, \"b\": 4}")),
            dc(o(vec![(u("tuple"), i("1")), (s("a"), i("2")), (u("tuple"), i("3")), (s("b"), i("4"))]), Some("  "), "k", None, Ok("{\n  \"a\": 2,\n  \"b\": 4\n}")),
            dc(o(vec![(u("tuple"), i("1")), (s("a"), i("2")), (u("tuple"), i("3")), (s("b"), i("4"))]), None, "ks", None, Err("TypeError: '<' not supported between instances of 'str' and 'tuple'")),
            dc(o(vec![(u("tuple"), i("1")), (s("a"), i("2")), (u("tuple"), i("3")), (s("b"), i("4"))]), Some("   "), "nksu", Some((" ,", ":")), Err("TypeError: '<' not supported between instances of 'str' and 'tuple'")),
            dc(a(vec![i("1"), u("set")]), None, "", None, Err("TypeError: Object of type set is not JSON serializable")),
            dc(a(vec![i("1"), u("set")]), Some("  "), "", None, Err("TypeError: Object of type set is not JSON serializable")),
            dc(a(vec![i("1"), u("set")]), None, "n", None, Err("TypeError: Object of type set is not JSON serializable")),
            dc(a(vec![i("1"), u("set")]), Some("  "), "n", None, Err("TypeError: Object of type set is not JSON serializable")),
            dc(a(vec![i("1"), u("set")]), None, "k", None, Err("TypeError: Object of type set is not JSON serializable")),
            dc(a(vec![i("1"), u("set")]), Some("  "), "k", None, Err("TypeError: Object of type set is not JSON serializable")),
            dc(a(vec![i("1"), u("set")]), None, "ks", None, Err("TypeError: Object of type set is not JSON serializable")),
            dc(a(vec![i("1"), u("set")]), Some("   "), "nksu", Some((" ,", ":")), Err("TypeError: Object of type set is not JSON serializable")),
            dc(a(vec![f(f64::NAN), u("set")]), None, "", None, Err("TypeError: Object of type set is not JSON serializable")),
            dc(a(vec![f(f64::NAN), u("set")]), Some("  "), "", None, Err("TypeError: Object of type set is not JSON serializable")),
            dc(a(vec![f(f64::NAN), u("set")]), None, "n", None, Err("ValueError: Out of range float values are not JSON compliant")),
            dc(a(vec![f(f64::NAN), u("set")]), Some("  "), "n", None, Err("ValueError: Out of range float values are not JSON compliant: nan")),
            dc(a(vec![f(f64::NAN), u("set")]), None, "k", None, Err("TypeError: Object of type set is not JSON serializable")),
            dc(a(vec![f(f64::NAN), u("set")]), Some("  "), "k", None, Err("TypeError: Object of type set is not JSON serializable")),
            dc(a(vec![f(f64::NAN), u("set")]), None, "ks", None, Err("TypeError: Object of type set is not JSON serializable")),
            dc(a(vec![f(f64::NAN), u("set")]), Some("   "), "nksu", Some((" ,", ":")), Err("ValueError: Out of range float values are not JSON compliant: nan")),
            dc(o(vec![(s("a"), u("set"))]), None, "", None, Err("TypeError: Object of type set is not JSON serializable")),
            dc(o(vec![(s("a"), u("set"))]), Some("  "), "", None, Err("TypeError: Object of type set is not JSON serializable")),
            dc(o(vec![(s("a"), u("set"))]), None, "n", None, Err("TypeError: Object of type set is not JSON serializable")),
            dc(o(vec![(s("a"), u("set"))]), Some("  "), "n", None, Err("TypeError: Object of type set is not JSON serializable")),
            dc(o(vec![(s("a"), u("set"))]), None, "k", None, Err("TypeError: Object of type set is not JSON serializable")),
            dc(o(vec![(s("a"), u("set"))]), Some("  "), "k", None, Err("TypeError: Object of type set is not JSON serializable")),
            dc(o(vec![(s("a"), u("set"))]), None, "ks", None, Err("TypeError: Object of type set is not JSON serializable")),
            dc(o(vec![(s("a"), u("set"))]), Some("   "), "nksu", Some((" ,", ":")), Err("TypeError: Object of type set is not JSON serializable")),
            dc(a(vec![u("set"), f(f64::NAN)]), None, "", None, Err("TypeError: Object of type set is not JSON serializable")),
            dc(a(vec![u("set"), f(f64::NAN)]), Some("  "), "", None, Err("TypeError: Object of type set is not JSON serializable")),
            dc(a(vec![u("set"), f(f64::NAN)]), None, "n", None, Err("TypeError: Object of type set is not JSON serializable")),
            dc(a(vec![u("set"), f(f64::NAN)]), Some("  "), "n", None, Err("TypeError: Object of type set is not JSON serializable")),
            dc(a(vec![u("set"), f(f64::NAN)]), None, "k", None, Err("TypeError: Object of type set is not JSON serializable")),
            dc(a(vec![u("set"), f(f64::NAN)]), Some("  "), "k", None, Err("TypeError: Object of type set is not JSON serializable")),
            dc(a(vec![u("set"), f(f64::NAN)]), None, "ks", None, Err("TypeError: Object of type set is not JSON serializable")),
            dc(a(vec![u("set"), f(f64::NAN)]), Some("   "), "nksu", Some((" ,", ":")), Err("TypeError: Object of type set is not JSON serializable")),
            dc(o(vec![(u("frozenset"), i("1"))]), None, "", None, Err("TypeError: keys must be str, int, float, bool or None, not frozenset")),
            dc(o(vec![(u("frozenset"), i("1"))]), Some("  "), "", None, Err("TypeError: keys must be str, int, float, bool or None, not frozenset")),
            dc(o(vec![(u("frozenset"), i("1"))]), None, "n", None, Err("TypeError: keys must be str, int, float, bool or None, not frozenset")),
            dc(o(vec![(u("frozenset"), i("1"))]), Some("  "), "n", None, Err("TypeError: keys must be str, int, float, bool or None, not frozenset")),
            dc(o(vec![(u("frozenset"), i("1"))]), None, "k", None, Ok("{}")),
            dc(o(vec![(u("frozenset"), i("1"))]), Some("  "), "k", None, Ok("{\n  \n}")),
            dc(o(vec![(u("frozenset"), i("1"))]), None, "ks", None, Ok("{}")),
            dc(o(vec![(u("frozenset"), i("1"))]), Some("   "), "nksu", Some((" ,", ":")), Ok("{\n   \n}")),
            dc(o(vec![(u("tuple"), f(f64::NAN))]), None, "", None, Err("TypeError: keys must be str, int, float, bool or None, not tuple")),
            dc(o(vec![(u("tuple"), f(f64::NAN))]), Some("  "), "", None, Err("TypeError: keys must be str, int, float, bool or None, not tuple")),
            dc(o(vec![(u("tuple"), f(f64::NAN))]), None, "n", None, Err("TypeError: keys must be str, int, float, bool or None, not tuple")),
            dc(o(vec![(u("tuple"), f(f64::NAN))]), Some("  "), "n", None, Err("TypeError: keys must be str, int, float, bool or None, not tuple")),
            dc(o(vec![(u("tuple"), f(f64::NAN))]), None, "k", None, Ok("{}")),
            dc(o(vec![(u("tuple"), f(f64::NAN))]), Some("  "), "k", None, Ok("{\n  \n}")),
            dc(o(vec![(u("tuple"), f(f64::NAN))]), None, "ks", None, Ok("{}")),
            dc(o(vec![(u("tuple"), f(f64::NAN))]), Some("   "), "nksu", Some((" ,", ":")), Ok("{\n   \n}")),
            dc(o(vec![(f(f64::NAN), u("set"))]), None, "", None, Err("TypeError: Object of type set is not JSON serializable")),
            dc(o(vec![(f(f64::NAN), u("set"))]), Some("  "), "", None, Err("TypeError: Object of type set is not JSON serializable")),
            dc(o(vec![(f(f64::NAN), u("set"))]), None, "n", None, Err("ValueError: Out of range float values are not JSON compliant")),
            dc(o(vec![(f(f64::NAN), u("set"))]), Some("  "), "n", None, Err("ValueError: Out of range float values are not JSON compliant: nan")),
            dc(o(vec![(f(f64::NAN), u("set"))]), None, "k", None, Err("TypeError: Object of type set is not JSON serializable")),
            dc(o(vec![(f(f64::NAN), u("set"))]), Some("  "), "k", None, Err("TypeError: Object of type set is not JSON serializable")),
            dc(o(vec![(f(f64::NAN), u("set"))]), None, "ks", None, Err("TypeError: Object of type set is not JSON serializable")),
            dc(o(vec![(f(f64::NAN), u("set"))]), Some("   "), "nksu", Some((" ,", ":")), Err("ValueError: Out of range float values are not JSON compliant: nan")),
            dc(o(vec![(s("b"), i("1")), (s("a"), i("2")), (u("tuple"), i("3"))]), None, "", None, Err("TypeError: keys must be str, int, float, bool or None, not tuple")),
            dc(o(vec![(s("b"), i("1")), (s("a"), i("2")), (u("tuple"), i("3"))]), Some("  "), "", None, Err("TypeError: keys must be str, int, float, bool or None, not tuple")),
            dc(o(vec![(s("b"), i("1")), (s("a"), i("2")), (u("tuple"), i("3"))]), None, "n", None, Err("TypeError: keys must be str, int, float, bool or None, not tuple")),
            dc(o(vec![(s("b"), i("1")), (s("a"), i("2")), (u("tuple"), i("3"))]), Some("  "), "n", None, Err("TypeError: keys must be str, int, float, bool or None, not tuple")),
            dc(o(vec![(s("b"), i("1")), (s("a"), i("2")), (u("tuple"), i("3"))]), None, "k", None, Ok("{\"b\": 1, \"a\": 2}")),
            dc(o(vec![(s("b"), i("1")), (s("a"), i("2")), (u("tuple"), i("3"))]), Some("  "), "k", None, Ok("{\n  \"b\": 1,\n  \"a\": 2\n}")),
            dc(o(vec![(s("b"), i("1")), (s("a"), i("2")), (u("tuple"), i("3"))]), None, "ks", None, Err("TypeError: '<' not supported between instances of 'tuple' and 'str'")),
            dc(o(vec![(s("b"), i("1")), (s("a"), i("2")), (u("tuple"), i("3"))]), Some("   "), "nksu", Some((" ,", ":")), Err("TypeError: '<' not supported between instances of 'tuple' and 'str'")),
            dc(a(vec![i("1"), s("x"), f(f64::NAN), i(&format!("1{}", "0".repeat(4300)))]), None, "", None, Err("ValueError: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit")),
            dc(a(vec![i("1"), s("x"), f(f64::NAN), i(&format!("1{}", "0".repeat(4300)))]), Some("  "), "", None, Err("ValueError: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit")),
            dc(a(vec![i("1"), s("x"), f(f64::NAN), i(&format!("1{}", "0".repeat(4300)))]), None, "n", None, Err("ValueError: Out of range float values are not JSON compliant")),
            dc(a(vec![i("1"), s("x"), f(f64::NAN), i(&format!("1{}", "0".repeat(4300)))]), Some("  "), "n", None, Err("ValueError: Out of range float values are not JSON compliant: nan")),
            dc(a(vec![i("1"), s("x"), f(f64::NAN), i(&format!("1{}", "0".repeat(4300)))]), None, "k", None, Err("ValueError: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit")),
            dc(a(vec![i("1"), s("x"), f(f64::NAN), i(&format!("1{}", "0".repeat(4300)))]), Some("  "), "k", None, Err("ValueError: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit")),
            dc(a(vec![i("1"), s("x"), f(f64::NAN), i(&format!("1{}", "0".repeat(4300)))]), None, "ks", None, Err("ValueError: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit")),
            dc(a(vec![i("1"), s("x"), f(f64::NAN), i(&format!("1{}", "0".repeat(4300)))]), Some("   "), "nksu", Some((" ,", ":")), Err("ValueError: Out of range float values are not JSON compliant: nan")),
        ]
    }

    #[rustfmt::skip]
    fn load_cases() -> Vec<LoadCase> {
        vec![
            lc("0", Ok(i("0"))),
            lc("-0", Ok(i("0"))),
            lc("-0.0", Ok(f(-0.0))),
            lc("0.0", Ok(f(0.0))),
            lc("1.5", Ok(f(1.5))),
            lc("1e5", Ok(f(100000.0))),
            lc("1E-5", Ok(f(1e-05))),
            lc("1.5e+3", Ok(f(1500.0))),
            lc("-12.5E-3", Ok(f(-0.0125))),
            lc("1e400", Ok(f(f64::INFINITY))),
            lc("-1e400", Ok(f(f64::NEG_INFINITY))),
            lc("1e-400", Ok(f(0.0))),
            lc("0.1", Ok(f(0.1))),
            lc("2.5e-324", Ok(f(5e-324))),
            lc("1.7976931348623157e308", Ok(f(1.7976931348623157e+308))),
            lc("9007199254740993", Ok(i("9007199254740993"))),
            lc("123456789012345678901234567890", Ok(i("123456789012345678901234567890"))),
            lc("-123456789012345678901234567890", Ok(i("-123456789012345678901234567890"))),
            lc("00", Err("JSONDecodeError: Extra data: line 1 column 2 (char 1)")),
            lc("-01", Err("JSONDecodeError: Extra data: line 1 column 3 (char 2)")),
            lc("NaN", Ok(f(f64::NAN))),
            lc("Infinity", Ok(f(f64::INFINITY))),
            lc("-Infinity", Ok(f(f64::NEG_INFINITY))),
            lc("true", Ok(b(true))),
            lc("false", Ok(b(false))),
            lc("null", Ok(n())),
            lc("\"\"", Ok(s(""))),
            lc("\"abc\"", Ok(s("abc"))),
            lc("\"\\u00e9\\ud83d\\ude00\"", Ok(s("\u{e9}\u{1f600}"))),
            lc("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", Ok(s("\"\\/\u{8}\u{c}\n\r\t"))),
            lc("\"\u{e9}\u{1f600}\"", Ok(s("\u{e9}\u{1f600}"))),
            lc("\"\\uD83D\\uDE00\"", Ok(s("\u{1f600}"))),
            lc("\"\\ud800\"", Ok(s("\u{fffd}"))),
            lc("\"\\ud800\\u0041\"", Ok(s("\u{fffd}A"))),
            lc("\"\\udc00\\ud800\"", Ok(s("\u{fffd}\u{fffd}"))),
            lc("\"\\ud83d\\ude00x\"", Ok(s("\u{1f600}x"))),
            lc("\"\\ud800\\ud800\"", Ok(s("\u{fffd}\u{fffd}"))),
            lc("\"\\ud800x\"", Ok(s("\u{fffd}x"))),
            lc("\"\u{7f}\"", Ok(s("\u{7f}"))),
            lc("\"\u{2028}\"", Ok(s("\u{2028}"))),
            lc(" [ 1 , 2 ] ", Ok(a(vec![i("1"), i("2")]))),
            lc("\t\n\r 1 \t\n\r", Ok(i("1"))),
            lc("{\"a\": {\"b\": [1, {\"c\": null}]}}", Ok(o(vec![(s("a"), o(vec![(s("b"), a(vec![i("1"), o(vec![(s("c"), n())])]))]))]))),
            lc("{\"a\":1,\"a\":2,\"b\":3,\"a\":4}", Ok(o(vec![(s("a"), i("1")), (s("a"), i("2")), (s("b"), i("3")), (s("a"), i("4"))]))),
            lc("{}", Ok(o(vec![]))),
            lc("[]", Ok(a(vec![]))),
            lc("[[]]", Ok(a(vec![a(vec![])]))),
            lc("[{}]", Ok(a(vec![o(vec![])]))),
            lc("{\"\":0}", Ok(o(vec![(s(""), i("0"))]))),
            lc("{ \"a\" : [ ] , \"b\" : { } }", Ok(o(vec![(s("a"), a(vec![])), (s("b"), o(vec![]))]))),
            lc("[1e5, 1E+5, 0.5e-2, -0]", Ok(a(vec![f(100000.0), f(100000.0), f(0.005), i("0")]))),
            lc("[true,false,null,NaN,-Infinity]", Ok(a(vec![b(true), b(false), n(), f(f64::NAN), f(f64::NEG_INFINITY)]))),
            lc("{\"\u{e9}\": \"\\u00fc\"}", Ok(o(vec![(s("\u{e9}"), s("\u{fc}"))]))),
            lc("", Err("JSONDecodeError: Expecting value: line 1 column 1 (char 0)")),
            lc(" ", Err("JSONDecodeError: Expecting value: line 1 column 2 (char 1)")),
            lc("[1,]", Err("JSONDecodeError: Expecting value: line 1 column 4 (char 3)")),
            lc("[1,2", Err("JSONDecodeError: Expecting ',' delimiter: line 1 column 5 (char 4)")),
            lc("[1 2]", Err("JSONDecodeError: Expecting ',' delimiter: line 1 column 4 (char 3)")),
            lc("{\"a\":1,}", Err("JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column 8 (char 7)")),
            lc("{1:2}", Err("JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)")),
            lc("{\"a\" 1}", Err("JSONDecodeError: Expecting ':' delimiter: line 1 column 6 (char 5)")),
            lc("{\"a\"", Err("JSONDecodeError: Expecting ':' delimiter: line 1 column 5 (char 4)")),
            lc("{\"a\":", Err("JSONDecodeError: Expecting value: line 1 column 6 (char 5)")),
            lc("{\"a\":}", Err("JSONDecodeError: Expecting value: line 1 column 6 (char 5)")),
            lc("{\"a\":1 \"b\":2}", Err("JSONDecodeError: Expecting ',' delimiter: line 1 column 8 (char 7)")),
            lc("{\"a\":1", Err("JSONDecodeError: Expecting ',' delimiter: line 1 column 7 (char 6)")),
            lc("[", Err("JSONDecodeError: Expecting value: line 1 column 2 (char 1)")),
            lc("{", Err("JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)")),
            lc("]", Err("JSONDecodeError: Expecting value: line 1 column 1 (char 0)")),
            lc("}", Err("JSONDecodeError: Expecting value: line 1 column 1 (char 0)")),
            lc("[,]", Err("JSONDecodeError: Expecting value: line 1 column 2 (char 1)")),
            lc("{,}", Err("JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)")),
            lc("{\"a\":1,,}", Err("JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column 8 (char 7)")),
            lc("[1,,2]", Err("JSONDecodeError: Expecting value: line 1 column 4 (char 3)")),
            lc("\"\\u12\"", Err("JSONDecodeError: Invalid \\uXXXX escape: line 1 column 3 (char 2)")),
            lc("\"\\u12", Err("JSONDecodeError: Invalid \\uXXXX escape: line 1 column 3 (char 2)")),
            lc("\"\\u1234", Err("JSONDecodeError: Invalid \\uXXXX escape: line 1 column 3 (char 2)")),
            lc("\"\\u123\"", Err("JSONDecodeError: Invalid \\uXXXX escape: line 1 column 3 (char 2)")),
            lc("\"\\u12345", Err("JSONDecodeError: Unterminated string starting at: line 1 column 1 (char 0)")),
            lc("\"\\x\"", Err("JSONDecodeError: Invalid \\escape: line 1 column 2 (char 1)")),
            lc("\"\\", Err("JSONDecodeError: Unterminated string starting at: line 1 column 1 (char 0)")),
            lc("\"abc", Err("JSONDecodeError: Unterminated string starting at: line 1 column 1 (char 0)")),
            lc("\"a\u{1}\"", Err("JSONDecodeError: Invalid control character at: line 1 column 3 (char 2)")),
            lc("\"\t\"", Err("JSONDecodeError: Invalid control character at: line 1 column 2 (char 1)")),
            lc("\"abc\ndef\"", Err("JSONDecodeError: Invalid control character at: line 1 column 5 (char 4)")),
            lc("\"\u{e9}\\q\"", Err("JSONDecodeError: Invalid \\escape: line 1 column 3 (char 2)")),
            lc("\"\\u00\u{e9}\"", Err("JSONDecodeError: Invalid \\uXXXX escape: line 1 column 3 (char 2)")),
            lc("\"\\u12\u{e9}\u{e9}\"", Err("JSONDecodeError: Invalid \\uXXXX escape: line 1 column 3 (char 2)")),
            lc("\"\\ud800\\u12\"", Err("JSONDecodeError: Invalid \\uXXXX escape: line 1 column 9 (char 8)")),
            lc("\"\\ud800\\uzzzz\"", Err("JSONDecodeError: Invalid \\uXXXX escape: line 1 column 9 (char 8)")),
            lc("\"\\ud800\\\"", Err("JSONDecodeError: Unterminated string starting at: line 1 column 1 (char 0)")),
            lc("\"\\ud800\\udc00", Err("JSONDecodeError: Invalid \\uXXXX escape: line 1 column 9 (char 8)")),
            lc("\"\\ud800\\udc00\"x", Err("JSONDecodeError: Extra data: line 1 column 15 (char 14)")),
            lc("\"\\ud800\\u12\u{e9}\"", Err("JSONDecodeError: Invalid \\uXXXX escape: line 1 column 9 (char 8)")),
            lc("\"\\ud800\\u12\u{e9}\u{e9}\u{e9}\"", Err("JSONDecodeError: Invalid \\uXXXX escape: line 1 column 9 (char 8)")),
            lc("01", Err("JSONDecodeError: Extra data: line 1 column 2 (char 1)")),
            lc("[01]", Err("JSONDecodeError: Expecting ',' delimiter: line 1 column 3 (char 2)")),
            lc("-", Err("JSONDecodeError: Expecting value: line 1 column 1 (char 0)")),
            lc("-x", Err("JSONDecodeError: Expecting value: line 1 column 1 (char 0)")),
            lc("--1", Err("JSONDecodeError: Expecting value: line 1 column 1 (char 0)")),
            lc("+1", Err("JSONDecodeError: Expecting value: line 1 column 1 (char 0)")),
            lc(".5", Err("JSONDecodeError: Expecting value: line 1 column 1 (char 0)")),
            lc("1.", Err("JSONDecodeError: Extra data: line 1 column 2 (char 1)")),
            lc("1.e5", Err("JSONDecodeError: Extra data: line 1 column 2 (char 1)")),
            lc("1e", Err("JSONDecodeError: Extra data: line 1 column 2 (char 1)")),
            lc("1e+", Err("JSONDecodeError: Extra data: line 1 column 2 (char 1)")),
            lc("1E-", Err("JSONDecodeError: Extra data: line 1 column 2 (char 1)")),
            lc("1ex", Err("JSONDecodeError: Extra data: line 1 column 2 (char 1)")),
            lc("0x10", Err("JSONDecodeError: Extra data: line 1 column 2 (char 1)")),
            lc("nul", Err("JSONDecodeError: Expecting value: line 1 column 1 (char 0)")),
            lc("tru", Err("JSONDecodeError: Expecting value: line 1 column 1 (char 0)")),
            lc("True", Err("JSONDecodeError: Expecting value: line 1 column 1 (char 0)")),
            lc("nan", Err("JSONDecodeError: Expecting value: line 1 column 1 (char 0)")),
            lc("inf", Err("JSONDecodeError: Expecting value: line 1 column 1 (char 0)")),
            lc("-Infinit", Err("JSONDecodeError: Expecting value: line 1 column 1 (char 0)")),
            lc("Infinity1", Err("JSONDecodeError: Extra data: line 1 column 9 (char 8)")),
            lc("NaNx", Err("JSONDecodeError: Extra data: line 1 column 4 (char 3)")),
            lc("nulll", Err("JSONDecodeError: Extra data: line 1 column 5 (char 4)")),
            lc("null null", Err("JSONDecodeError: Extra data: line 1 column 6 (char 5)")),
            lc("\u{feff}1", Err("JSONDecodeError: Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)")),
            lc("\u{feff}", Err("JSONDecodeError: Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)")),
            lc(" \u{feff}1", Err("JSONDecodeError: Expecting value: line 1 column 2 (char 1)")),
            lc("1 2", Err("JSONDecodeError: Extra data: line 1 column 3 (char 2)")),
            lc("\n\n  x", Err("JSONDecodeError: Expecting value: line 3 column 3 (char 4)")),
            lc("\n[\n1\n,\n]\n", Err("JSONDecodeError: Expecting value: line 5 column 1 (char 7)")),
            lc("\u{e9}", Err("JSONDecodeError: Expecting value: line 1 column 1 (char 0)")),
            lc("\"\u{e9}\" x", Err("JSONDecodeError: Extra data: line 1 column 5 (char 4)")),
            lc("[\u{e9}]", Err("JSONDecodeError: Expecting value: line 1 column 2 (char 1)")),
            lc("\u{3000} 1", Err("JSONDecodeError: Expecting value: line 1 column 1 (char 0)")),
            lc("1\u{3000}", Err("JSONDecodeError: Extra data: line 1 column 2 (char 1)")),
            lc("[\"\u{e9}\nx\"]", Err("JSONDecodeError: Invalid control character at: line 1 column 4 (char 3)")),
            lc("[\n\"\u{65e5}\u{672c}\",\n  x]", Err("JSONDecodeError: Expecting value: line 3 column 3 (char 10)")),
            lc("\u{e9}\u{e9}\u{e9}\n  \u{e9}\u{e9}\n   \u{1f600}x", Err("JSONDecodeError: Expecting value: line 1 column 1 (char 0)")),
            lc("[1]]", Err("JSONDecodeError: Extra data: line 1 column 4 (char 3)")),
            lc("{}}", Err("JSONDecodeError: Extra data: line 1 column 3 (char 2)")),
            lc("[1] [2]", Err("JSONDecodeError: Extra data: line 1 column 5 (char 4)")),
            lc("\"a\" \"b\"", Err("JSONDecodeError: Extra data: line 1 column 5 (char 4)")),
            lc("{\"a\":[1,{\"b\":2]}", Err("JSONDecodeError: Expecting ',' delimiter: line 1 column 15 (char 14)")),
            lc("[{\"a\":1}}", Err("JSONDecodeError: Expecting ',' delimiter: line 1 column 9 (char 8)")),
            lc("{\"a\":1]", Err("JSONDecodeError: Expecting ',' delimiter: line 1 column 7 (char 6)")),
            lc_ok(&("[".repeat(995) + &"]".repeat(995))),
            lc(&("[".repeat(996) + &"]".repeat(996)), Err("RecursionError: maximum recursion depth exceeded while decoding a JSON array from a unicode string")),
            lc(&"[".repeat(996), Err("RecursionError: maximum recursion depth exceeded while decoding a JSON array from a unicode string")),
            lc(&"[".repeat(100_000), Err("RecursionError: maximum recursion depth exceeded while decoding a JSON array from a unicode string")),
            lc(&"{\"a\":".repeat(996), Err("RecursionError: maximum recursion depth exceeded while decoding a JSON object from a unicode string")),
            lc(&"[{\"a\":".repeat(1000), Err("RecursionError: maximum recursion depth exceeded while decoding a JSON object from a unicode string")),
            lc(&"{\"a\":[".repeat(1000), Err("RecursionError: maximum recursion depth exceeded while decoding a JSON array from a unicode string")),
            lc(&format!("[{}]", "1".repeat(4301)), Err("ValueError: Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit")),
            lc(&format!("-{}", "9".repeat(5000)), Err("ValueError: Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits; use sys.set_int_max_str_digits() to increase the limit")),
            lc(&format!("[{}", "1".repeat(4301)), Err("ValueError: Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit")),
            lc_ok(&format!("{}.5", "1".repeat(5000))),
        ]
    }

    #[rustfmt::skip]
    fn sort_cases() -> Vec<SortCase> {
        vec![
            sc("i5=0 sag=1 sbc=2 sbd=3 seh=4 sba=5", false, Err("TypeError: '<' not supported between instances of 'str' and 'int'")),
            sc("sdca=0 N=10 i-24=2 i23=3 i39=4 sbf=6 f3.0=7 Utuple=8 f6.9=9", false, Err("TypeError: '<' not supported between instances of 'NoneType' and 'str'")),
            sc("i-11=0 Utuple=1 f-2.0=3 Utuple=4 fnan=5 i36=6 sa=7 sge=8 i31=9 i6=10", true, Err("TypeError: '<' not supported between instances of 'tuple' and 'int'")),
            sc("f1.0=0 f-24.4=1 s=4 N=3 fnan=5 f46.8=6 i45=7 se=8", false, Err("TypeError: '<' not supported between instances of 'str' and 'float'")),
            sc("Utuple=0 Utuple=1 sac=2 Utuple=3 f4.0=4", true, Err("TypeError: '<' not supported between instances of 'str' and 'tuple'")),
            sc("sac=0 fnan=1 i-45=2", true, Err("TypeError: '<' not supported between instances of 'float' and 'str'")),
            sc("s=0 sb=1 i42=2", false, Err("TypeError: '<' not supported between instances of 'int' and 'str'")),
            sc("s=0 i5=1", false, Err("TypeError: '<' not supported between instances of 'int' and 'str'")),
            sc("sch=0 f33.8=1 sdfg=2 sggd=3 s=4 N=5", true, Err("TypeError: '<' not supported between instances of 'float' and 'str'")),
            sc("Utuple=0 fnan=1 i16=2 sa=3 i-47=4 N=5 sffe=6 s=8 sdc=9 i-21=10", false, Err("TypeError: '<' not supported between instances of 'float' and 'tuple'")),
            sc("f2.0=0 Utuple=1 s=2 N=3 i1=4 i-1=5", true, Err("TypeError: '<' not supported between instances of 'tuple' and 'float'")),
            sc("i2=0 i46=1", false, Ok("{\"2\":0,\"46\":1}")),
            sc("f-44.6=0 N=1 T=3 Utuple=4 sdeg=5 sg=6 Utuple=7 sfh=8", false, Err("TypeError: '<' not supported between instances of 'NoneType' and 'float'")),
            sc("i-46=0 F=5 sef=3 Utuple=4 sf=6 i-16=7 Utuple=8 N=9", true, Err("TypeError: '<' not supported between instances of 'str' and 'bool'")),
            sc("N=2 Utuple=1 i-28=3 sfae=4 s=5", true, Err("TypeError: '<' not supported between instances of 'tuple' and 'NoneType'")),
            sc("f2.0=0 f-2.0=1 shdc=2 i-42=3 f-4.0=4 i-23=5 N=6", true, Err("TypeError: '<' not supported between instances of 'str' and 'float'")),
            sc("Utuple=0 N=5 fnan=2 sdda=3 fnan=4 f-3.0=6 i29=7 T=8 sc=9 f39.7=10 sdd=11", false, Err("TypeError: '<' not supported between instances of 'NoneType' and 'tuple'")),
            sc("i27=0 fnan=1 sdbc=2 i-11=3 fnan=4 Utuple=5 s=6 N=7 i35=8 i-14=9", false, Err("TypeError: '<' not supported between instances of 'str' and 'float'")),
            sc("f30.3=0 Utuple=1", false, Err("TypeError: '<' not supported between instances of 'tuple' and 'float'")),
            sc("i-11=0 i26=1 F=2 fnan=3 f-3.0=4 sccg=5 s=8 N=9", false, Err("TypeError: '<' not supported between instances of 'str' and 'bool'")),
            sc("N=0 i-28=1 i-29=2 sdb=3 f1.0=4 i45=5 F=6 s=7 i-26=8 sdge=9", false, Err("TypeError: '<' not supported between instances of 'int' and 'NoneType'")),
            sc("fnan=0 f1.0=1 i8=2 sc=3 i42=4 fnan=5", true, Err("TypeError: '<' not supported between instances of 'str' and 'int'")),
            sc("fnan=0 Utuple=1", false, Err("TypeError: '<' not supported between instances of 'tuple' and 'float'")),
            sc("sbd=0 Utuple=1 shgd=2", false, Err("TypeError: '<' not supported between instances of 'tuple' and 'str'")),
            sc("f-6.0=0 N=5 Utuple=2 F=3 i23=4 sc=6", false, Err("TypeError: '<' not supported between instances of 'NoneType' and 'float'")),
            sc("f-5.0=0 sgb=1 sh=2 sf=3 f2.6=4 i15=5 i-29=6 sbgh=7 N=8 sb=9", true, Err("TypeError: '<' not supported between instances of 'str' and 'float'")),
            sc("T=0 se=1 i41=2 i-26=3 fnan=4 f4.0=5 fnan=6 i35=7", true, Err("TypeError: '<' not supported between instances of 'str' and 'bool'")),
            sc("i-14=0 s=1", false, Err("TypeError: '<' not supported between instances of 'str' and 'int'")),
            sc("fnan=0 fnan=1 i-13=2 i-47=3 fnan=4 fnan=5 f-22.4=6 f-5.0=92 i-25=82 fnan=9 fnan=10 f-2.0=54 i14=12 fnan=13 f-31.2=14 fnan=15 fnan=17 i39=18 fnan=19 f22.0=20 fnan=21 fnan=22 i28=23 f1.0=24 fnan=25 i-40=26 f4.0=27 fnan=28 f-4.0=29 f47.5=30 fnan=31 fnan=32 i-15=52 i-17=35 fnan=36 fnan=37 fnan=38 fnan=39 f-3.0=40 fnan=41 fnan=42 f-1.0=43 fnan=44 fnan=45 fnan=46 fnan=47 fnan=48 f-31.9=49 i16=50 fnan=51 i-9=53 fnan=55 fnan=56 fnan=57 fnan=58 i-10=59 f-9.8=60 i50=61 fnan=62 i35=63 i-35=87 fnan=65 i27=66 fnan=67 fnan=68 f37.4=69 fnan=70 f-46.6=71 fnan=72 f3.0=79 fnan=74 i-23=75 fnan=76 fnan=77 fnan=78 fnan=80 fnan=81 i46=83 fnan=84 fnan=85 fnan=86 fnan=88 i15=89 fnan=90 i11=91 i-21=93 i41=94 fnan=95 fnan=96", false, Ok("{\"NaN\":0,\"NaN\":1,\"-47\":3,\"-25\":82,\"-22.4\":6,\"-13\":2,\"NaN\":4,\"NaN\":5,\"-5.0\":92,\"NaN\":9,\"NaN\":10,\"-40\":26,\"-31.2\":14,\"-4.0\":29,\"-3.0\":40,\"-2.0\":54,\"14\":12,\"NaN\":13,\"NaN\":15,\"NaN\":17,\"-1.0\":43,\"1.0\":24,\"4.0\":27,\"22.0\":20,\"39\":18,\"NaN\":19,\"NaN\":21,\"NaN\":22,\"28\":23,\"NaN\":25,\"NaN\":28,\"-17\":35,\"47.5\":30,\"NaN\":31,\"NaN\":32,\"-15\":52,\"NaN\":36,\"NaN\":37,\"NaN\":38,\"NaN\":39,\"NaN\":41,\"NaN\":42,\"NaN\":44,\"NaN\":45,\"NaN\":46,\"NaN\":47,\"NaN\":48,\"-46.6\":71,\"-31.9\":49,\"16\":50,\"NaN\":51,\"-23\":75,\"-9\":53,\"NaN\":55,\"NaN\":56,\"NaN\":57,\"NaN\":58,\"-35\":87,\"-21\":93,\"-10\":59,\"-9.8\":60,\"11\":91,\"27\":66,\"46\":83,\"50\":61,\"NaN\":62,\"35\":63,\"NaN\":65,\"NaN\":67,\"NaN\":68,\"3.0\":79,\"37.4\":69,\"NaN\":70,\"NaN\":72,\"NaN\":74,\"NaN\":76,\"NaN\":77,\"NaN\":78,\"NaN\":80,\"NaN\":81,\"NaN\":84,\"NaN\":85,\"NaN\":86,\"NaN\":88,\"15\":89,\"NaN\":90,\"41\":94,\"NaN\":95,\"NaN\":96}")),
            sc("i49=0 f-3.0=60 f-5.0=42 f4.0=46 fnan=5 fnan=6 i14=7 fnan=8 fnan=9 fnan=10 i-4=11 fnan=12 fnan=13 fnan=14 f1.0=86 i-22=16 fnan=17 fnan=18 fnan=19 fnan=20 f0.0=21 fnan=22 f17.6=23 fnan=24 fnan=25 fnan=26 fnan=27 fnan=28 fnan=29 i26=61 fnan=31 fnan=32 fnan=34 fnan=35 i-42=36 fnan=37 f-45.6=38 f-43.6=39 fnan=40 fnan=41 f-33.3=43 f-2.0=106 i-49=45 i-16=47 i-18=70 fnan=49 fnan=50 i-8=51 i48=87 fnan=53 fnan=54 fnan=55 f45.1=56 fnan=57 f-7.1=58 fnan=59 f-1.0=62 fnan=63 f-13.9=64 f-48.0=65 fnan=66 f-43.9=67 fnan=68 i3=69 f-5.3=71 fnan=73 i40=74 f5.0=75 i-36=76 fnan=77 fnan=78 f-30.8=79 i8=80 fnan=81 f2.0=104 fnan=84 f34.4=85 f-46.6=88 fnan=89 fnan=90 fnan=91 f28.5=92 i13=93 fnan=94 fnan=95 i-11=96 i-24=97 i-6=98 fnan=99 fnan=100 f-43.5=101 fnan=102 fnan=103 fnan=105 i46=107 i12=108 i-44=109", false, Ok("{\"-5.0\":42,\"-3.0\":60,\"4.0\":46,\"14\":7,\"49\":0,\"NaN\":5,\"NaN\":6,\"NaN\":8,\"NaN\":9,\"NaN\":10,\"-4\":11,\"NaN\":12,\"NaN\":13,\"NaN\":14,\"-22\":16,\"0.0\":21,\"1.0\":86,\"NaN\":17,\"NaN\":18,\"NaN\":19,\"NaN\":20,\"NaN\":22,\"-18\":70,\"-8\":51,\"17.6\":23,\"NaN\":24,\"NaN\":25,\"NaN\":26,\"NaN\":27,\"NaN\":28,\"NaN\":29,\"26\":61,\"NaN\":31,\"NaN\":32,\"NaN\":34,\"NaN\":35,\"-45.6\":38,\"-43.6\":39,\"-42\":36,\"NaN\":37,\"NaN\":40,\"NaN\":41,\"-49\":45,\"-33.3\":43,\"-16\":47,\"-2.0\":106,\"NaN\":49,\"NaN\":50,\"48\":87,\"NaN\":53,\"NaN\":54,\"NaN\":55,\"-44\":109,\"-43.9\":67,\"-43.5\":101,\"-36\":76,\"45.1\":56,\"NaN\":57,\"-48.0\":65,\"-7.1\":58,\"NaN\":59,\"-1.0\":62,\"NaN\":63,\"-13.9\":64,\"NaN\":66,\"NaN\":68,\"-5.3\":71,\"2.0\":104,\"3\":69,\"NaN\":73,\"-46.6\":88,\"5.0\":75,\"12\":108,\"34.4\":85,\"40\":74,\"NaN\":77,\"NaN\":78,\"-30.8\":79,\"8\":80,\"NaN\":81,\"NaN\":84,\"NaN\":89,\"NaN\":90,\"NaN\":91,\"-24\":97,\"-11\":96,\"-6\":98,\"13\":93,\"28.5\":92,\"NaN\":94,\"NaN\":95,\"NaN\":99,\"NaN\":100,\"NaN\":102,\"NaN\":103,\"NaN\":105,\"46\":107}")),
            sc("f-16.5=0 fnan=1 fnan=2 f-34.4=3 f4.0=4 f14.1=5 fnan=6 f1.0=7 fnan=8 fnan=9 i30=10 i22=80 i-13=12 i-29=76 f-2.0=58 f2.0=66 fnan=16 i-21=87 f-3.0=55 fnan=19 fnan=20 fnan=21 fnan=22 i29=23 i31=24 fnan=25 fnan=26 fnan=27 i-35=88 fnan=29 i-19=75 fnan=31 i6=32 f5.0=33 i13=34 i35=35 i-28=36 fnan=37 fnan=38 fnan=39 i-17=40 f-10.2=41 f46.3=42 f8.9=43 fnan=44 fnan=45 fnan=46 i-24=47 fnan=48 f34.4=49 f-18.8=50 fnan=52 f32.1=53 i-46=56 f-42.3=57 fnan=59 fnan=60 f-5.2=61 fnan=62 fnan=63 fnan=64 fnan=65 fnan=67 f-15.0=68 fnan=69 fnan=70 fnan=71 fnan=72 f-1.0=73 fnan=74 f-5.0=77 fnan=78 fnan=79 f-49.4=81 fnan=82 i-34=83 i40=84 fnan=85 i-33=86 fnan=89 f23.3=90", false, Ok("{\"-16.5\":0,\"NaN\":1,\"NaN\":2,\"-35\":88,\"-34.4\":3,\"-28\":36,\"-21\":87,\"-19\":75,\"-17\":40,\"-3.0\":55,\"-2.0\":58,\"4.0\":4,\"14.1\":5,\"NaN\":6,\"1.0\":7,\"NaN\":8,\"NaN\":9,\"-29\":76,\"-13\":12,\"2.0\":66,\"22\":80,\"29\":23,\"30\":10,\"NaN\":16,\"NaN\":19,\"NaN\":20,\"NaN\":21,\"NaN\":22,\"13\":34,\"31\":24,\"NaN\":25,\"NaN\":26,\"NaN\":27,\"NaN\":29,\"NaN\":31,\"5.0\":33,\"6\":32,\"35\":35,\"NaN\":37,\"NaN\":38,\"NaN\":39,\"-10.2\":41,\"8.9\":43,\"46.3\":42,\"NaN\":44,\"NaN\":45,\"NaN\":46,\"-46\":56,\"-24\":47,\"NaN\":48,\"-42.3\":57,\"-33\":86,\"-18.8\":50,\"-15.0\":68,\"34.4\":49,\"NaN\":52,\"-5.0\":77,\"32.1\":53,\"NaN\":59,\"NaN\":60,\"-5.2\":61,\"NaN\":62,\"NaN\":63,\"NaN\":64,\"NaN\":65,\"NaN\":67,\"NaN\":69,\"NaN\":70,\"NaN\":71,\"NaN\":72,\"-49.4\":81,\"-1.0\":73,\"NaN\":74,\"NaN\":78,\"NaN\":79,\"NaN\":82,\"-34\":83,\"40\":84,\"NaN\":85,\"NaN\":89,\"23.3\":90}")),
            sc("f-5.0=11 f-20.8=1 fnan=2 i0=53 i-13=57 i-47=5 i21=6 i-21=7 i-14=8 fnan=9 fnan=10 i13=39 fnan=13 i49=14 i-31=15 fnan=16 fnan=17 fnan=18 f-1.0=19 i-45=20 i29=42 i48=22 fnan=23 fnan=24 f2.0=79 f0.4=26 fnan=27 i-4=61 fnan=29 fnan=30 fnan=31 fnan=32 fnan=33 fnan=34 fnan=35 fnan=36 i39=37 fnan=38 fnan=40 fnan=41 fnan=43 i-34=44 f34.5=45 fnan=46 f21.3=47 fnan=48 fnan=49 fnan=50 i23=51 f10.3=54 f5.0=55 f-6.3=56 i-23=58 f1.0=59 fnan=60 fnan=62 fnan=63 f-3.0=84 fnan=65 f4.0=80 fnan=67 i31=68 fnan=69 fnan=70 fnan=71 f32.6=72 fnan=73 fnan=74 fnan=76 fnan=77 fnan=78 fnan=81 fnan=82 i-12=83 fnan=85 fnan=86 fnan=87 i-22=88 f18.4=89 fnan=90 fnan=91 i37=92 fnan=93 f27.8=94 f-41.6=95", false, Ok("{\"-20.8\":1,\"-5.0\":11,\"NaN\":2,\"-47\":5,\"-45\":20,\"-34\":44,\"-31\":15,\"-21\":7,\"-14\":8,\"-13\":57,\"-4\":61,\"-1.0\":19,\"0\":53,\"0.4\":26,\"2.0\":79,\"13\":39,\"21\":6,\"NaN\":9,\"NaN\":10,\"NaN\":13,\"34.5\":45,\"48\":22,\"49\":14,\"NaN\":16,\"NaN\":17,\"NaN\":18,\"29\":42,\"NaN\":23,\"NaN\":24,\"NaN\":27,\"NaN\":29,\"NaN\":30,\"NaN\":31,\"NaN\":32,\"NaN\":33,\"NaN\":34,\"NaN\":35,\"NaN\":36,\"39\":37,\"NaN\":38,\"NaN\":40,\"NaN\":41,\"NaN\":43,\"NaN\":46,\"21.3\":47,\"NaN\":48,\"NaN\":49,\"NaN\":50,\"-23\":58,\"-6.3\":56,\"-3.0\":84,\"1.0\":59,\"5.0\":55,\"10.3\":54,\"23\":51,\"NaN\":60,\"NaN\":62,\"NaN\":63,\"NaN\":65,\"4.0\":80,\"NaN\":67,\"31\":68,\"NaN\":69,\"NaN\":70,\"NaN\":71,\"32.6\":72,\"NaN\":73,\"NaN\":74,\"NaN\":76,\"NaN\":77,\"NaN\":78,\"NaN\":81,\"NaN\":82,\"-41.6\":95,\"-22\":88,\"-12\":83,\"NaN\":85,\"NaN\":86,\"NaN\":87,\"18.4\":89,\"NaN\":90,\"NaN\":91,\"27.8\":94,\"37\":92,\"NaN\":93}")),
            sc("i-446=0 i-444=1 i-439=2 i-432=3 i-410=4 i-383=5 i-380=6 i-364=7 i-351=8 i-342=9 i-333=10 i-332=11 i-288=12 i-189=13 i-181=14 i-160=15 i-147=16 i-93=17 i-80=18 i-43=19 i-17=20 i-9=21 i6=22 i11=23 i47=24 i66=25 i83=26 i126=27 i139=28 i142=29 i147=30 i150=31 i164=32 i191=33 i192=34 i199=35 i258=36 i309=37 i320=38 i360=39 i374=40 i389=41 i421=42 i422=43 i423=44 i425=45 i430=46 i472=47 i479=48 i485=49 i496=50 i524=51 i539=52 i600=53 i626=54 i651=55 i663=56 i665=57 i669=58 i681=59 i693=60 i701=61 i703=62 i722=63 i754=64 i764=65 i772=66 i774=67 i775=68 i782=69 i804=70 i810=71 i815=72 i869=73 i882=74 i897=75 i908=76 i938=77 i942=78 i987=79 i-1000=80 i-994=81 i-992=82 i-937=83 i-930=84 i-870=85 i-863=86 i-833=87 i-828=88 i-824=89 i-813=90 i-806=91 i-798=92 i-775=93 i-773=94 i-749=95 i-740=96 i-733=97 i-732=98 i-727=99 i-717=100 i-696=101 i-635=102 i-567=103 i-556=104 i-554=105 i-539=106 i-523=107 i-509=108 i-505=109 i-493=110 i-490=111 i-478=112 i-463=113 i-454=114 fnan=116", false, Ok("{\"-1000\":80,\"-994\":81,\"-992\":82,\"-937\":83,\"-930\":84,\"-870\":85,\"-863\":86,\"-833\":87,\"-828\":88,\"-824\":89,\"-813\":90,\"-806\":91,\"-798\":92,\"-775\":93,\"-773\":94,\"-749\":95,\"-740\":96,\"-733\":97,\"-732\":98,\"-727\":99,\"-717\":100,\"-696\":101,\"-635\":102,\"-567\":103,\"-556\":104,\"-554\":105,\"-539\":106,\"-523\":107,\"-509\":108,\"-505\":109,\"-493\":110,\"-490\":111,\"-478\":112,\"-463\":113,\"-454\":114,\"-446\":0,\"-444\":1,\"-439\":2,\"-432\":3,\"-410\":4,\"-383\":5,\"-380\":6,\"-364\":7,\"-351\":8,\"-342\":9,\"-333\":10,\"-332\":11,\"-288\":12,\"-189\":13,\"-181\":14,\"-160\":15,\"-147\":16,\"-93\":17,\"-80\":18,\"-43\":19,\"-17\":20,\"-9\":21,\"6\":22,\"11\":23,\"47\":24,\"66\":25,\"83\":26,\"126\":27,\"139\":28,\"142\":29,\"147\":30,\"150\":31,\"164\":32,\"191\":33,\"192\":34,\"199\":35,\"258\":36,\"309\":37,\"320\":38,\"360\":39,\"374\":40,\"389\":41,\"421\":42,\"422\":43,\"423\":44,\"425\":45,\"430\":46,\"472\":47,\"479\":48,\"485\":49,\"496\":50,\"524\":51,\"539\":52,\"600\":53,\"626\":54,\"651\":55,\"663\":56,\"665\":57,\"669\":58,\"681\":59,\"693\":60,\"701\":61,\"703\":62,\"722\":63,\"754\":64,\"764\":65,\"772\":66,\"774\":67,\"775\":68,\"782\":69,\"804\":70,\"810\":71,\"815\":72,\"869\":73,\"882\":74,\"897\":75,\"908\":76,\"938\":77,\"942\":78,\"987\":79,\"NaN\":116}")),
            sc("i-748=0 i-728=1 i-693=2 i-633=3 i-615=4 i-602=5 i-558=6 i-538=7 i-523=8 i-477=9 i-475=10 i-425=11 i-388=12 i-341=13 i-303=14 i-296=15 i-279=16 i-258=17 i-224=18 i-223=19 i-211=20 i-208=21 i-177=22 i-134=23 i-102=24 i-86=25 i-74=26 i-16=27 i-12=28 i25=29 i34=30 i64=31 i96=32 i119=33 i132=34 i161=35 i192=36 i208=37 i209=38 i223=39 i241=40 i297=41 i361=42 i387=43 i389=44 i406=45 i414=46 i420=47 i428=48 i498=49 i518=50 i550=51 i572=52 i582=53 i586=54 i603=55 i611=56 i613=57 i619=58 i652=59 i691=60 i693=61 i706=62 i754=63 i756=64 i759=65 i766=66 i840=67 i907=68 i913=69 i916=70 i932=71 i937=72 i951=73 i966=74 i976=75 i-977=76 i-973=77 i-970=78 i-911=79 i-851=80 i-828=81 i-825=82 i-797=83 i-792=84 i-772=85 i-769=86 fnan=87", false, Ok("{\"-977\":76,\"-973\":77,\"-970\":78,\"-911\":79,\"-851\":80,\"-828\":81,\"-825\":82,\"-797\":83,\"-792\":84,\"-772\":85,\"-769\":86,\"-748\":0,\"-728\":1,\"-693\":2,\"-633\":3,\"-615\":4,\"-602\":5,\"-558\":6,\"-538\":7,\"-523\":8,\"-477\":9,\"-475\":10,\"-425\":11,\"-388\":12,\"-341\":13,\"-303\":14,\"-296\":15,\"-279\":16,\"-258\":17,\"-224\":18,\"-223\":19,\"-211\":20,\"-208\":21,\"-177\":22,\"-134\":23,\"-102\":24,\"-86\":25,\"-74\":26,\"-16\":27,\"-12\":28,\"25\":29,\"34\":30,\"64\":31,\"96\":32,\"119\":33,\"132\":34,\"161\":35,\"192\":36,\"208\":37,\"209\":38,\"223\":39,\"241\":40,\"297\":41,\"361\":42,\"387\":43,\"389\":44,\"406\":45,\"414\":46,\"420\":47,\"428\":48,\"498\":49,\"518\":50,\"550\":51,\"572\":52,\"582\":53,\"586\":54,\"603\":55,\"611\":56,\"613\":57,\"619\":58,\"652\":59,\"691\":60,\"693\":61,\"706\":62,\"754\":63,\"756\":64,\"759\":65,\"766\":66,\"840\":67,\"907\":68,\"913\":69,\"916\":70,\"932\":71,\"937\":72,\"951\":73,\"966\":74,\"976\":75,\"NaN\":87}")),
            sc("i511=0 i522=1 i524=2 i537=3 i552=4 i554=5 i561=6 i565=7 i600=8 i641=9 i683=10 i691=11 i692=12 i716=13 i734=14 i738=15 i745=16 i778=17 i786=18 i790=19 i805=20 i806=21 i813=22 i823=23 i864=24 i881=25 i887=26 i908=27 i928=28 i936=29 i942=30 i944=31 i984=32 i996=33 i-976=34 i-938=35 i-934=36 i-913=37 i-900=38 i-899=39 i-891=40 i-877=41 i-874=42 i-871=43 i-819=44 i-807=45 i-794=46 i-791=47 i-750=48 i-738=49 i-732=50 i-730=51 i-711=52 i-708=53 i-701=54 i-688=55 i-687=56 i-656=57 i-651=58 i-640=59 i-626=60 i-616=61 i-615=62 i-577=63 i-568=64 i-561=65 i-544=66 i-543=67 i-529=68 i-525=69 i-520=70 i-518=71 i-516=72 i-445=73 i-428=74 i-423=75 i-419=76 i-416=77 i-414=78 i-380=79 i-367=80 i-363=81 i-356=82 i-353=83 i-345=84 i-336=85 i-292=86 i-280=87 i-276=88 i-265=89 i-256=90 i-229=91 i-228=92 i-226=93 i-223=94 i-194=95 i-192=96 i-190=97 i-146=98 i-133=99 i-125=100 i-124=101 i-111=102 i-79=103 i-66=104 i-61=105 i-51=106 i-28=107 i-27=108 i-9=109 i-6=110 i27=111 i31=112 i78=113 i81=114 i99=115 i108=116 i111=117 i122=118 i171=119 i178=120 i190=121 i200=122 i248=123 i250=124 i275=125 i279=126 i299=127 i313=128 i357=129 i371=130 i384=131 i417=132 i453=133 i463=134 i488=135 i498=136 i506=137 fnan=140", false, Ok("{\"-976\":34,\"-938\":35,\"-934\":36,\"-913\":37,\"-900\":38,\"-899\":39,\"-891\":40,\"-877\":41,\"-874\":42,\"-871\":43,\"-819\":44,\"-807\":45,\"-794\":46,\"-791\":47,\"-750\":48,\"-738\":49,\"-732\":50,\"-730\":51,\"-711\":52,\"-708\":53,\"-701\":54,\"-688\":55,\"-687\":56,\"-656\":57,\"-651\":58,\"-640\":59,\"-626\":60,\"-616\":61,\"-615\":62,\"-577\":63,\"-568\":64,\"-561\":65,\"-544\":66,\"-543\":67,\"-529\":68,\"-525\":69,\"-520\":70,\"-518\":71,\"-516\":72,\"-445\":73,\"-428\":74,\"-423\":75,\"-419\":76,\"-416\":77,\"-414\":78,\"-380\":79,\"-367\":80,\"-363\":81,\"-356\":82,\"-353\":83,\"-345\":84,\"-336\":85,\"-292\":86,\"-280\":87,\"-276\":88,\"-265\":89,\"-256\":90,\"-229\":91,\"-228\":92,\"-226\":93,\"-223\":94,\"-194\":95,\"-192\":96,\"-190\":97,\"-146\":98,\"-133\":99,\"-125\":100,\"-124\":101,\"-111\":102,\"-79\":103,\"-66\":104,\"-61\":105,\"-51\":106,\"-28\":107,\"-27\":108,\"-9\":109,\"-6\":110,\"27\":111,\"31\":112,\"78\":113,\"81\":114,\"99\":115,\"108\":116,\"111\":117,\"122\":118,\"171\":119,\"178\":120,\"190\":121,\"200\":122,\"248\":123,\"250\":124,\"275\":125,\"279\":126,\"299\":127,\"313\":128,\"357\":129,\"371\":130,\"384\":131,\"417\":132,\"453\":133,\"463\":134,\"488\":135,\"498\":136,\"506\":137,\"511\":0,\"522\":1,\"524\":2,\"537\":3,\"552\":4,\"554\":5,\"561\":6,\"565\":7,\"600\":8,\"641\":9,\"683\":10,\"691\":11,\"692\":12,\"716\":13,\"734\":14,\"738\":15,\"745\":16,\"778\":17,\"786\":18,\"790\":19,\"805\":20,\"806\":21,\"813\":22,\"823\":23,\"864\":24,\"881\":25,\"887\":26,\"908\":27,\"928\":28,\"936\":29,\"942\":30,\"944\":31,\"984\":32,\"996\":33,\"NaN\":140}")),
            sc("f0.0=32 f5.0=129 f-1.2=2 f-4.0=3 f-1.0=24 f-33.8=5 f-2.0=7 f4.0=10 f-5.0=16 f-28.1=14 f27.1=12 f40.1=13 f39.6=15 f-34.4=17 f3.0=33 f-5.7=19 f1.0=27 f-28.3=22 f32.6=23 f19.9=25 f-6.8=26 f-25.0=28 f34.9=29 f-41.7=30 f-3.0=34 f14.1=35 f-48.6=36 sa=83 s=81 sfgb=41 sd=72 shf=43 sgfb=45 scaa=47 sba=49 sb=84 scd=51 sdc=52 sbbg=53 sh=82 sfde=55 sf=56 shb=57 sca=58 sbb=59 sdb=85 sef=62 sdf=64 sfah=66 sgch=68 sdfa=69 scde=71 sefe=75 sfcg=77 sda=78 scba=79 sdg=86 i29=119 i-8=88 i-10=89 i-21=121 i-48=91 i-46=114 i-43=93 i11=94 i36=95 i-9=127 i20=99 i16=98 i-44=100 i24=101 i-50=102 i14=103 i31=125 i7=105 i-13=122 i-16=107 i-28=108 i21=110 i-30=111 i26=115 i-37=116 i-20=117 i19=118 i13=120 i-39=132 i-47=124 i-49=126 i49=128 i-23=130 i-11=131 i17=133 i45=134", false, Err("TypeError: '<' not supported between instances of 'str' and 'float'")),
            sc("s=55 sdde=1 sfh=2 sce=3 sgbd=4 sdab=5 sh=49 sgce=7 shfc=9 sfha=10 sbe=11 se=12 sbhe=13 sbfa=14 safa=15 shff=17 sdgc=18 sgf=19 scag=20 sc=44 sdh=28 sb=30 sgbc=32 scc=33 sfdd=34 sgeh=35 sgbf=36 sab=45 sd=47 sgfg=48 sa=50 saff=51 sbc=52 sg=53 sdeg=54 i-26=89 i43=68 i22=58 i32=59 i7=60 i45=61 i27=96 i47=63 i15=64 i-17=110 i-49=66 i-19=67 i-13=69 i42=70 i-6=71 i50=72 i-39=73 i-3=74 i24=112 i36=91 i-48=93 i2=78 i37=79 i18=83 i-45=81 i49=82 i-28=100 i19=85 i34=86 i13=88 i5=90 i-41=92 i46=105 i12=95 i40=106 i-44=98 i-47=99 i9=101 i14=102 i1=103 i17=104 i38=107 i-2=113 i-24=109 i-16=111 i20=114 i-37=115", false, Err("TypeError: '<' not supported between instances of 'int' and 'str'")),
            sc("i41=28 i-36=8 i50=3 i6=13 i33=15 i-11=6 i31=7 i36=9 i28=10 i30=20 i39=12 i24=14 i-25=16 i-27=21 i44=18 i-50=32 i-24=22 i37=23 i-12=24 i49=25 i10=37 i43=41 i-45=30 i22=31 i-16=38 i26=34 i-38=35 i-35=36 i-8=39 i-21=40 i-13=42 sfh=43 sbcb=44 s=83 sccf=46 sfcc=48 sehf=49 sba=51 shf=53 sa=75 seec=55 sgcf=56 sff=57 sg=58 sb=76 shgf=61 sfc=62 sfde=64 sca=65 sch=66 sdhg=67 scc=71 shd=73 sfeh=77 sggc=79 sbeh=80 sace=81 scd=84 sag=85 Utuple=109 Utuple=104 Utuple=92 Utuple=90 Utuple=95 Utuple=108 Utuple=105 Utuple=106 Utuple=100", false, Err("TypeError: '<' not supported between instances of 'str' and 'int'")),
            sc("f-17.7=0 f-44.1=1 f-2.0=13 f1.5=3 f23.9=4 f21.9=5 f3.0=6 f1.0=7 f2.0=35 f-23.6=10 f0.0=48 f-36.0=36 f-4.0=19 f37.2=17 f25.9=18 i-49=53 i-1=21 i21=22 i19=23 i-7=24 i45=25 i18=26 i16=27 i15=28 i38=40 i43=30 i-9=31 i29=32 i-37=34 i42=58 i23=38 i-40=41 i-43=42 i-13=44 i-46=55 i44=46 i7=47 i-12=49 i-11=50 i33=51 i32=54 i-15=56 i20=57 i22=59 sef=60 shd=76 sg=84 sgh=63 sefe=65 sgc=66 sb=67 s=98 scg=69 sac=70 sfg=71 scfc=73 sgeb=74 sgfe=77 sdb=99 sf=80 sbc=81 sadc=83 se=85 saa=88 sa=89 sfhc=90 sh=91 sda=92 sde=93 sd=95 sgg=97 sc=100 sad=101", false, Err("TypeError: '<' not supported between instances of 'str' and 'int'")),
            sc("i-38=17 i30=1 i13=2 i26=3 i-41=4 i-34=5 i0=97 i-50=9 i-3=110 i46=10 i40=11 i41=12 i-9=13 i-28=14 i5=78 i-27=16 i10=18 i-44=19 i-7=20 i-20=21 sbbd=22 sec=23 seaa=24 shac=25 scaa=26 s=72 sb=55 sbbe=29 sbe=31 sf=32 sg=33 sgf=34 scca=36 sccc=38 sgh=40 sd=48 se=42 sahd=43 sda=59 sh=49 saf=46 sbhb=47 sehe=50 sdb=51 sc=67 shf=56 sga=57 sbc=58 she=60 scc=61 sbef=62 sah=63 sagh=64 sfce=65 shb=66 sgg=68 sbae=69 sfh=73 sbgc=74 f-49.4=75 f2.0=94 f11.9=80 f-48.1=81 f-38.6=82 f-34.4=83 f49.4=84 f-1.0=105 f-31.3=86 f-4.0=112 f9.5=88 f37.3=89 f46.7=90 f3.0=96 f4.0=92 f-25.6=93 f16.8=98 f-31.6=99 f42.7=100 f-43.5=101 f9.3=102 f8.0=103 f-49.2=104 f4.2=107 f-2.0=109 f-5.0=111", false, Err("TypeError: '<' not supported between instances of 'str' and 'int'")),
            sc("i-19=0 i15=1 i-17=23 i-16=37 i-8=4 i12=43 i-4=107 i-14=26 i26=42 i-29=80 i-35=10 i-47=11 i-39=12 i2=133 i25=51 i42=15 i-46=16 i22=18 i9=19 i-22=20 i29=21 i-26=22 i0=116 i45=25 i3=131 i-2=135 i36=29 i-36=31 i-28=32 i-20=33 i-13=34 i18=35 i17=36 i-38=39 i-45=40 i43=44 i31=45 i40=46 i-5=93 i23=48 i20=49 i-44=50 Utuple=79 Utuple=73 Utuple=77 Utuple=60 Utuple=58 Utuple=76 Utuple=71 Utuple=78 Utuple=66 Utuple=67 f-12.0=84 f-26.1=85 f-3.0=118 f30.2=87 f-40.3=88 f44.5=89 f-46.9=91 f-27.0=92 f39.0=94 f1.0=124 f-46.3=96 f-24.1=97 f-45.1=99 f-11.7=101 f-35.7=104 f-19.5=108 f5.0=120 f-27.7=113 f4.0=119 f-2.1=121 f-34.7=122 f26.7=123 f45.3=125 f49.1=127 f-31.0=130 f-1.0=134 f-25.3=136", false, Err("TypeError: '<' not supported between instances of 'tuple' and 'int'")),
            sc("sgabe=0 sjhgb=1 sbahj=2 sdfjj=3 sffjj=4 sgbfi=5 scdib=6 sachb=7 shehf=8 sdgee=9 sjjja=10 shhce=11 sjcha=12 sccje=13 sahie=14 sbehf=15 sceeg=16 sagch=17 shfab=18 sgcbc=19 sfdfg=20 sfhdg=21 sgcaa=22 sdfdj=23 sbidc=24 sccfb=25 shaca=26 sbbcf=27 sgcic=28 sjihg=29 shagf=30 sfgej=31 sdbai=32 sghib=33 sjiih=34 sabge=35 sgffg=36 sfgce=37 sifid=38 sadbc=39 sjahe=40 sdbij=41 saded=42 sfbcf=43 sacdj=44 shece=45 sfddj=46 shhjf=47 scbfe=48 sigcf=49", false, Ok("{\"abge\":35,\"acdj\":44,\"achb\":7,\"adbc\":39,\"aded\":42,\"agch\":17,\"ahie\":14,\"bahj\":2,\"bbcf\":27,\"behf\":15,\"bidc\":24,\"cbfe\":48,\"ccfb\":25,\"ccje\":13,\"cdib\":6,\"ceeg\":16,\"dbai\":32,\"dbij\":41,\"dfdj\":23,\"dfjj\":3,\"dgee\":9,\"fbcf\":43,\"fddj\":46,\"fdfg\":20,\"ffjj\":4,\"fgce\":37,\"fgej\":31,\"fhdg\":21,\"gabe\":0,\"gbfi\":5,\"gcaa\":22,\"gcbc\":19,\"gcic\":28,\"gffg\":36,\"ghib\":33,\"haca\":26,\"hagf\":30,\"hece\":45,\"hehf\":8,\"hfab\":18,\"hhce\":11,\"hhjf\":47,\"ifid\":38,\"igcf\":49,\"jahe\":40,\"jcha\":12,\"jhgb\":1,\"jihg\":29,\"jiih\":34,\"jjja\":10}")),
        ]
    }
    // ---- end of generated tests ----

    // ---- gen_tests.py ----
    // # Prints the generated part of json_text.rs's tests: every expectation is
    // # CPython's own output or error message. Run with python3.11.
    // import inspect
    // import json
    // import random
    // import sys
    //
    // assert sys.version_info[:2] == (3, 11), sys.version
    //
    //
    // class Pairs(list):
    //     """An object from loads with every pair kept (object_pairs_hook)."""
    //
    //
    // def rs(text):
    //     """A Rust string literal."""
    //     out = ['"']
    //     for ch in text:
    //         o = ord(ch)
    //         if ch == '"':
    //             out.append('\\"')
    //         elif ch == '\\':
    //             out.append('\\\\')
    //         elif ch == '\n':
    //             out.append('\\n')
    //         elif ch == '\t':
    //             out.append('\\t')
    //         elif ch == '\r':
    //             out.append('\\r')
    //         elif 0x20 <= o < 0x7f:
    //             out.append(ch)
    //         elif 0xd800 <= o < 0xe000:
    //             out.append('\\u{fffd}')  # lone surrogate: Rust strings hold U+FFFD
    //         else:
    //             out.append('\\u{%x}' % o)
    //     out.append('"')
    //     return ''.join(out)
    //
    //
    // class RustExpr:
    //     """A value given directly as Rust code (for huge ints)."""
    //
    //     def __init__(self, code, value):
    //         self.code = code
    //         self.value = value
    //
    //
    // def rx(v):
    //     """A Rust expression building the Json for Python value v."""
    //     if isinstance(v, RustExpr):
    //         return v.code
    //     if v is None:
    //         return 'n()'
    //     if v is True:
    //         return 'b(true)'
    //     if v is False:
    //         return 'b(false)'
    //     if isinstance(v, int):
    //         return 'i("%d")' % v
    //     if isinstance(v, float):
    //         if v != v:
    //             return 'f(f64::NAN)'
    //         if v == float('inf'):
    //             return 'f(f64::INFINITY)'
    //         if v == float('-inf'):
    //             return 'f(f64::NEG_INFINITY)'
    //         return 'f(%r)' % v
    //     if isinstance(v, str):
    //         return 's(%s)' % rs(v)
    //     if isinstance(v, (dict, Pairs)):
    //         items = v.items() if isinstance(v, dict) else v
    //         return 'o(vec![%s])' % ', '.join('(%s, %s)' % (rx(k), rx(x)) for k, x in items)
    //     if isinstance(v, list):
    //         return 'a(vec![%s])' % ', '.join(rx(x) for x in v)
    //     return 'u("%s")' % type(v).__name__
    //
    //
    // def py(v):
    //     """The Python value, with RustExprs replaced by what they stand for."""
    //     if isinstance(v, RustExpr):
    //         return v.value
    //     if isinstance(v, list):
    //         return [py(x) for x in v]
    //     if isinstance(v, dict):
    //         return {py(k): py(x) for k, x in v.items()}
    //     return v
    //
    //
    // def err(e):
    //     return 'Err(%s)' % rs('%s: %s' % (type(e).__name__, e))
    //
    //
    // # ---------------------------------------------------------------- dumps
    // NAN = float('nan')
    // INF = float('inf')
    // BIG = RustExpr('i(&format!("1{}", "0".repeat(4300)))', 10 ** 4300)
    //
    // SCALARS = [
    //     None, True, False, 0, -1, 7, 10 ** 30, -(10 ** 40), 2 ** 63, BIG,
    //     1.0, -0.0, 0.0, 0.1, 1e16, 1e15, 123456789012345.6, 1.5e-7, 1e-5, 1e-4,
    //     1e308, 5e-324, -2.5, INF, -INF, NAN,
    //     '', 'abc', 'quote " back \\ slash /', '\n\r\t\b\f\x00\x01\x1f\x7f',
    //     'é', '日本語', '😀', 'mix é😀\x7f\u2028', '\ufeffbom',
    // ]
    // LAYOUT = [
    //     [], {}, [[]], [{}], {'a': []}, {'a': {}}, [1, [2, [3, {}]], []],
    //     {'a': 1, 'b': [1, 2, {'c': None}], 'd': {'e': 'é'}},
    //     {'é': 'ü', '😀': ['\x00']}, [NAN, INF, -INF, 1.5],
    // ]
    // KEYS = [
    //     {2: 'int', 2.5: 'float', True: 'true', False: 'false', None: 'none'},
    //     {NAN: 1, INF: 2, -INF: 3}, {10 ** 20: 'big', -3: 'neg', 1e16: 'f'},
    //     {'b': 1, 'a': 2, 'c': {'z': 1, 'y': 2, 'x': [{'q': 1, 'p': 2}]}},
    //     {'a': 1, 2: 3}, {2: 3, 'a': 1}, {'a': 1, None: 2}, {None: 1, 'a': 2},
    //     {1: 1, 2.5: 2, True: 3, 0.5: 4, -1: 5}, {False: 'f', 'x': 1}, {1.5: 1, 'a': 2},
    //     {BIG: 1},
    // ]
    // UNSUPPORTED = [
    //     {'x': NAN}, [{'k': [INF]}], {(1, 2): 1}, {'a': 1, (1,): 2, 'b': 3},
    //     {(1,): 1, 'a': 2, (2,): 3, 'b': 4}, [1, {1, 2}], [NAN, {1}], {'a': {1}}, [{1}, NAN],
    //     {frozenset(): 1}, {(1,): NAN}, {NAN: {1}}, {'b': 1, 'a': 2, (1,): 3}, [1, 'x', NAN, BIG],
    // ]
    // LAYOUT_OPTIONS = [  # (indent, flags, separators)
    //     (None, '', None), (2, '', None), (0, '', None), ('\t', '', None), (None, '', (',', ':')),
    //     (1, '', (';', ' = ')), (None, 'u', None), (4, 'u', None),
    // ]
    // KEY_OPTIONS = [
    //     (None, '', None), (2, '', None), (None, 's', None), (2, 's', None), (None, 'n', None),
    //     (None, 'ks', None),
    // ]
    // UNSUPPORTED_OPTIONS = [
    //     (None, '', None), (2, '', None), (None, 'n', None), (2, 'n', None), (None, 'k', None),
    //     (2, 'k', None), (None, 'ks', None), (3, 'nksu', (' ,', ':')),
    // ]
    //
    //
    // def dumps_case(value, indent, flags, seps):
    //     kwargs = dict(indent=indent, sort_keys='s' in flags, ensure_ascii='u' not in flags,
    //                   allow_nan='n' not in flags, skipkeys='k' in flags)
    //     if seps is not None:
    //         kwargs['separators'] = seps
    //     try:
    //         expected = 'Ok(%s)' % rs(json.dumps(py(value), **kwargs))
    //     except Exception as e:
    //         expected = err(e)
    //     rust_indent = 'None' if indent is None else 'Some(%s)' % rs(
    //         ' ' * indent if isinstance(indent, int) else indent)
    //     rust_seps = 'None' if seps is None else 'Some((%s, %s))' % (rs(seps[0]), rs(seps[1]))
    //     return 'dc(%s, %s, "%s", %s, %s)' % (rx(value), rust_indent, flags, rust_seps, expected)
    //
    //
    // def dump_cases():
    //     cases = []
    //     for value in SCALARS:
    //         for indent, flags, seps in [(None, '', None), (2, '', None), (None, 'u', None),
    //                                     (None, 'n', None), (2, 'n', None)]:
    //             cases.append(dumps_case(value, indent, flags, seps))
    //     for values, options in [(LAYOUT, LAYOUT_OPTIONS), (KEYS, KEY_OPTIONS),
    //                             (UNSUPPORTED, UNSUPPORTED_OPTIONS)]:
    //         for value in values:
    //             for indent, flags, seps in options:
    //                 cases.append(dumps_case(value, indent, flags, seps))
    //     return cases
    //
    //
    // # ---------------------------------------------------------------- loads
    // LOAD_TEXTS = [
    //     '0', '-0', '-0.0', '0.0', '1.5', '1e5', '1E-5', '1.5e+3', '-12.5E-3', '1e400', '-1e400',
    //     '1e-400', '0.1', '2.5e-324', '1.7976931348623157e308', '9007199254740993',
    //     '123456789012345678901234567890', '-123456789012345678901234567890', '00', '-01',
    //     'NaN', 'Infinity', '-Infinity', 'true', 'false', 'null',
    //     '""', '"abc"', '"\\u00e9\\ud83d\\ude00"', '"\\"\\\\\\/\\b\\f\\n\\r\\t"', '"é😀"',
    //     '"\\uD83D\\uDE00"', '"\\ud800"', '"\\ud800\\u0041"', '"\\udc00\\ud800"', '"\\ud83d\\ude00x"',
    //     '"\\ud800\\ud800"', '"\\ud800x"', '"\x7f"', '"\u2028"',
    //     ' [ 1 , 2 ] ', '\t\n\r 1 \t\n\r', '{"a": {"b": [1, {"c": null}]}}', '{"a":1,"a":2,"b":3,"a":4}',
    //     '{}', '[]', '[[]]', '[{}]', '{"":0}', '{ "a" : [ ] , "b" : { } }', '[1e5, 1E+5, 0.5e-2, -0]',
    //     '[true,false,null,NaN,-Infinity]', '{"é": "\\u00fc"}',
    //     '', ' ', '[1,]', '[1,2', '[1 2]', '{"a":1,}', '{1:2}', '{"a" 1}', '{"a"', '{"a":', '{"a":}',
    //     '{"a":1 "b":2}', '{"a":1', '[', '{', ']', '}', '[,]', '{,}', '{"a":1,,}', '[1,,2]',
    //     '"\\u12"', '"\\u12', '"\\u1234', '"\\u123"', '"\\u12345', '"\\x"', '"\\', '"abc', '"a\x01"',
    //     '"\t"', '"abc\ndef"', '"é\\q"', '"\\u00é"', '"\\u12éé"',
    //     '"\\ud800\\u12"', '"\\ud800\\uzzzz"', '"\\ud800\\"', '"\\ud800\\udc00', '"\\ud800\\udc00"x',
    //     '"\\ud800\\u12é"', '"\\ud800\\u12ééé"',
    //     '01', '[01]', '-', '-x', '--1', '+1', '.5', '1.', '1.e5', '1e', '1e+', '1E-', '1ex', '0x10',
    //     'nul', 'tru', 'True', 'nan', 'inf', '-Infinit', 'Infinity1', 'NaNx', 'nulll', 'null null',
    //     '\ufeff1', '\ufeff', ' \ufeff1', '1 2', '\n\n  x', '\n[\n1\n,\n]\n', 'é', '"é" x', '[é]',
    //     '\u3000 1', '1\u3000', '["é\nx"]', '[\n"日本",\n  x]', 'ééé\n  éé\n   😀x',
    //     '[1]]', '{}}', '[1] [2]', '"a" "b"', '{"a":[1,{"b":2]}', '[{"a":1}}', '{"a":1]',
    // ]
    // LOAD_EXPRS = [  # (Rust expression for the text, the text)
    //     ('&("[".repeat(995) + &"]".repeat(995))', '[' * 995 + ']' * 995),
    //     ('&("[".repeat(996) + &"]".repeat(996))', '[' * 996 + ']' * 996),
    //     ('&"[".repeat(996)', '[' * 996),
    //     ('&"[".repeat(100_000)', '[' * 100000),
    //     ('&"{\\"a\\":".repeat(996)', '{"a":' * 996),
    //     ('&"[{\\"a\\":".repeat(1000)', '[{"a":' * 1000),
    //     ('&"{\\"a\\":[".repeat(1000)', '{"a":[' * 1000),
    //     ('&format!("[{}]", "1".repeat(4301))', '[%s]' % ('1' * 4301)),
    //     ('&format!("-{}", "9".repeat(5000))', '-' + '9' * 5000),
    //     ('&format!("[{}", "1".repeat(4301))', '[' + '1' * 4301),
    //     ('&format!("{}.5", "1".repeat(5000))', '1' * 5000 + '.5'),
    // ]
    //
    //
    // def loads_expected(text, spell=True):
    //     # Nest as deep as json.loads called from a script's top level would.
    //     limit = sys.getrecursionlimit()
    //     sys.setrecursionlimit(limit + len(inspect.stack(0)) - 1)
    //     try:
    //         value = json.loads(text, object_pairs_hook=Pairs)
    //     except Exception as e:
    //         return err(e)
    //     finally:
    //         sys.setrecursionlimit(limit)
    //     return 'Ok(%s)' % rx(value) if spell else 'Ok'
    //
    //
    //
    // def load_cases():
    //     cases = ['lc(%s, %s)' % (rs(t), loads_expected(t)) for t in LOAD_TEXTS]
    //     for code, text in LOAD_EXPRS:
    //         expected = loads_expected(text, spell=False)
    //         if expected == 'Ok':
    //             cases.append('lc_ok(%s)' % code)  # too big to spell out: it parses
    //         else:
    //             cases.append('lc(%s, %s)' % (code, expected))
    //     return cases
    //
    //
    // # ---------------------------------------------------------------- sort_keys
    // def key_token(k):
    //     if k is None:
    //         return 'N'
    //     if k is True:
    //         return 'T'
    //     if k is False:
    //         return 'F'
    //     if isinstance(k, int):
    //         return 'i%d' % k
    //     if isinstance(k, float):
    //         return 'f%r' % k
    //     if isinstance(k, str):
    //         return 's' + k
    //     return 'U' + type(k).__name__
    //
    //
    // def random_key(rng, kinds):
    //     kind = rng.choice(kinds)
    //     if kind == 'int':
    //         return rng.randint(-50, 50)
    //     if kind == 'float':
    //         return rng.choice([round(rng.uniform(-50, 50), 1), float(rng.randint(-5, 5))])
    //     if kind == 'nan':
    //         return float('nan')
    //     if kind == 'str':
    //         return ''.join(rng.choice('abcdefgh') for _ in range(rng.randint(0, 3)))
    //     if kind == 'none':
    //         return None
    //     if kind == 'bool':
    //         return rng.choice([True, False])
    //     if kind == 'tuple':
    //         return (rng.randint(0, 9),)
    //     raise ValueError(kind)
    //
    //
    // def sort_case(rng, keys, skip):
    //     d = {}
    //     for index, key in enumerate(keys):
    //         d[key] = index
    //     tokens = ' '.join('%s=%d' % (key_token(k), v) for k, v in d.items())
    //     try:
    //         expected = 'Ok(%s)' % rs(json.dumps(d, sort_keys=True, separators=(',', ':'),
    //                                             skipkeys=skip))
    //     except Exception as e:
    //         expected = err(e)
    //     return 'sc(%s, %s, %s)' % (rs(tokens), 'true' if skip else 'false', expected)
    //
    //
    // def sort_cases():
    //     rng = random.Random(311)
    //     cases = []
    //     mixes = [['int', 'str'], ['int', 'float', 'str', 'none'], ['int', 'float', 'bool', 'nan'],
    //              ['str', 'tuple'], ['int', 'float', 'str', 'bool', 'none', 'tuple'], ['str', 'none'],
    //              ['int', 'nan', 'float']]
    //     for _ in range(28):
    //         n = rng.randint(2, 12)
    //         keys = [random_key(rng, rng.choice(mixes)) for _ in range(n)]
    //         cases.append(sort_case(rng, keys, rng.random() < 0.3))
    //     for _ in range(4):  # long numeric runs with NaNs: galloping merges
    //         n = rng.randint(64, 160)
    //         cases.append(sort_case(rng, [random_key(rng, ['int', 'float', 'nan', 'nan'])
    //                                      for _ in range(n)], False))
    //     for _ in range(3):  # long runs, partly presorted
    //         n = rng.randint(70, 140)
    //         keys = sorted(rng.sample(range(-1000, 1000), n))
    //         cut = rng.randint(1, n - 1)
    //         keys = keys[cut:] + keys[:cut] + [float('nan')] * rng.randint(0, 3)
    //         cases.append(sort_case(rng, keys, False))
    //     for _ in range(6):  # blocks of one class each: the error comes from a merge
    //         blocks = []
    //         for kind in rng.sample(['int', 'str', 'float', 'tuple'], rng.randint(2, 3)):
    //             blocks += [random_key(rng, [kind]) for _ in range(rng.randint(20, 60))]
    //         cases.append(sort_case(rng, blocks, False))
    //     strs = [''.join(rng.choice('abcdefghij') for _ in range(4)) for _ in range(50)]
    //     cases.append(sort_case(rng, strs, False))
    //     return cases
    //
    //
    // def main():
    //     print('    // ---- generated by gen_tests.py from CPython %s; do not edit by hand ----'
    //           % sys.version.split()[0])
    //     for name, cases, ty in [('dump_cases', dump_cases(), 'DumpCase'),
    //                             ('load_cases', load_cases(), 'LoadCase'),
    //                             ('sort_cases', sort_cases(), 'SortCase')]:
    //         print()
    //         print('    #[rustfmt::skip]')
    //         print('    fn %s() -> Vec<%s> {' % (name, ty))
    //         print('        vec![')
    //         for case in cases:
    //             print('            %s,' % case)
    //         print('        ]')
    //         print('    }')
    //     print('    // ---- end of generated tests ----')
    //
    //
    // main()
}
