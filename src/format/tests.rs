//! Tests of the formatting module: tables of CPython 3.11's own answers
//! (cpython_cases.rs, made by gen_tests.py), then the behaviour that is ours
//! alone (limits, lone surrogates, the lazy `%` parser).

use super::*;
use num_bigint::BigInt;

include!("cpython_cases.rs");

/// A value for `format()`: an int (decimal text), a float (its bits) or a str.
#[derive(Clone, Copy, Debug)]
enum V {
    I(&'static str),
    F(u64),
    S(&'static str),
}

/// A `%` argument: int, float, or str with its repr() and ascii().
#[derive(Clone, Copy, Debug)]
enum A {
    I(&'static str),
    F(u64),
    S(&'static str, &'static str, &'static str),
}

/// The items of a dict given to `%`.
type Dict = &'static [(&'static str, A)];

/// CPython's text, or its exception class and message.
type Expect = Result<&'static str, (&'static str, &'static str)>;

fn big(digits: &str) -> BigInt {
    digits.parse().expect("test table holds decimal integers")
}

fn run_format(value: V, spec: &str) -> Result<String, String> {
    let type_name = match value {
        V::I(_) => "int",
        V::F(_) => "float",
        V::S(_) => "str",
    };
    let spec = parse_spec_for(spec, type_name)?;
    match value {
        V::I(digits) => format_int(&big(digits), &spec),
        V::F(bits) => format_float(f64::from_bits(bits), &spec),
        V::S(text) => format_str(text, &spec),
    }
}

/// Errors the test's stand-in interpreter raises itself, as TypeErrors.
const HARNESS_ERRORS: [&str; 4] = [
    "not enough arguments for format string",
    "not all arguments converted during string formatting",
    "* wants int",
    "format requires a mapping",
];

/// Compares every outcome with CPython's, then reports all mismatches.
fn check_all(cases: impl Iterator<Item = (String, Result<String, String>, Expect)>) {
    let mut failures = Vec::new();
    let mut count = 0;
    for (what, got, expected) in cases {
        count += 1;
        let ok = match (&got, expected) {
            (Ok(text), Ok(want)) => text == want,
            (Err(message), Err((class, want))) => {
                let got_class = if HARNESS_ERRORS.contains(&message.as_str()) {
                    "TypeError"
                } else {
                    exception_type(message)
                };
                message == want && got_class == class
            }
            _ => false,
        };
        if !ok {
            failures.push(format!("{what}: got {got:?}, CPython {expected:?}"));
        }
    }
    assert!(count > 0);
    assert!(
        failures.is_empty(),
        "{} of {count} differ from CPython:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn format_matches_cpython() {
    check_all(FORMAT_CASES.iter().map(|&(value, spec, expected)| {
        let what = format!("format({value:?}, {spec:?})");
        (what, run_format(value, spec), expected)
    }));
}

#[test]
fn format_i64_matches_format_int() {
    for &(value, spec, _) in FORMAT_CASES {
        let (V::I(digits), Ok(parsed)) = (value, parse_spec(spec)) else {
            continue;
        };
        if let Ok(small) = digits.parse::<i64>() {
            let expected = format_int(&big(digits), &parsed);
            assert_eq!(format_i64(small, &parsed), expected, "{digits} {spec:?}");
        }
    }
}

#[test]
fn float_repr_matches_cpython() {
    let mut failures = Vec::new();
    for &(bits, expected) in REPR_CASES {
        let got = float_repr(f64::from_bits(bits));
        if got != expected {
            failures.push(format!(
                "repr({bits:#018x}): got {got:?}, CPython {expected:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The arguments of a `%` operation.
#[derive(Clone, Copy)]
enum Args {
    Tuple(&'static [A]),
    Dict(Dict),
}

/// A stand-in for the interpreter's walk of a `%` format, as CPython's
/// `PyUnicode_Format`.
fn run_percent(fmt: &str, args: Args) -> Result<String, String> {
    let mut out = String::new();
    let mut next = 0;
    for piece in PercentParser::new(fmt) {
        match piece? {
            PercentPiece::Literal(text) => out.push_str(text),
            PercentPiece::Percent => out.push('%'),
            PercentPiece::Conv(spec) => out.push_str(&run_conversion(spec, args, &mut next)?),
        }
    }
    match args {
        Args::Tuple(values) if next < values.len() => Err(HARNESS_ERRORS[1].to_string()),
        _ => Ok(out),
    }
}

fn run_conversion(mut spec: PercentSpec, args: Args, next: &mut usize) -> Result<String, String> {
    let mut take = || -> Result<A, String> {
        let Args::Tuple(values) = args else {
            // CPython's walk finds no positional argument beside a mapping.
            return Err(HARNESS_ERRORS[0].to_string());
        };
        let value = values.get(*next).copied();
        *next += 1;
        value.ok_or_else(|| HARNESS_ERRORS[0].to_string())
    };
    let mut take_int = || match take()? {
        A::I(digits) => Ok(big(digits)),
        _ => Err(HARNESS_ERRORS[2].to_string()),
    };
    let width = match spec.width {
        Some(PercentCount::Fixed(width)) => Some(width),
        Some(PercentCount::Star) => {
            let (width, left) = percent_star_width(&take_int()?)?;
            spec.flags.left |= left;
            Some(width)
        }
        None => None,
    };
    let precision = match spec.precision {
        Some(PercentCount::Fixed(precision)) => Some(precision),
        Some(PercentCount::Star) => Some(percent_star_precision(&take_int()?)?),
        None => None,
    };
    let value = match (&spec.key, args) {
        (Some(key), Args::Dict(items)) => match items.iter().find(|(k, _)| k == key) {
            Some(&(_, value)) => value,
            None => return Err(format!("KeyError {key:?}")),
        },
        (Some(_), Args::Tuple(_)) => return Err(HARNESS_ERRORS[3].to_string()),
        (None, _) => take()?,
    };
    match value {
        A::I(digits) => percent_int(&big(digits), &spec, width, precision),
        A::F(bits) => percent_float(f64::from_bits(bits), &spec, width, precision),
        A::S(text, repr, ascii) => {
            let text = match spec.conv {
                's' => text,
                'r' => repr,
                'a' => ascii,
                'c' if text.chars().count() == 1 => text,
                'c' => return Err("%c requires int or char".to_string()),
                conv => {
                    let wanted = if matches!(conv, 'o' | 'x' | 'X') {
                        "an integer"
                    } else {
                        "a real number"
                    };
                    return Err(format!("%{conv} format: {wanted} is required, not str"));
                }
            };
            Ok(percent_str(text, &spec, width, precision))
        }
    }
}

#[test]
fn percent_matches_cpython() {
    check_all(PERCENT_CASES.iter().map(|&(fmt, args, expected)| {
        let what = format!("{fmt:?} % {args:?}");
        (what, run_percent(fmt, Args::Tuple(args)), expected)
    }));
    check_all(PERCENT_DICT_CASES.iter().map(|&(fmt, items, expected)| {
        let what = format!("{fmt:?} % dict");
        (what, run_percent(fmt, Args::Dict(items)), expected)
    }));
}

// ---------------------------------------------------------------------------
// What CPython cannot tell us: our limits and our API.
// ---------------------------------------------------------------------------

#[test]
fn huge_widths_and_precisions_are_refused() {
    let spec = parse_spec("1000000000").unwrap();
    assert_eq!(format_i64(1, &spec), Err("width too big".to_string()));
    assert_eq!(format_float(1.0, &spec), Err("width too big".to_string()));
    assert_eq!(format_str("a", &spec), Err("width too big".to_string()));
    let spec = parse_spec(".1000000000f").unwrap();
    assert_eq!(
        format_float(1.0, &spec),
        Err("precision too big".to_string())
    );
    assert_eq!(format_i64(1, &spec), Err("precision too big".to_string()));
    let spec = parse_spec(".1000000000").unwrap();
    assert_eq!(format_str("abc", &spec), Ok("abc".to_string()));
    assert_eq!(
        parse_percent("%9223372036854775808d").unwrap_err(),
        "width too big".to_string()
    );
    let star = BigInt::from(10_i64.pow(18));
    assert_eq!(percent_star_width(&star), Ok((10_usize.pow(18), false)));
    assert_eq!(percent_star_width(&-star), Ok((10_usize.pow(18), true)));
    let too_big = BigInt::from(i64::MAX) + 1;
    let overflow = Err("Python int too large to convert to C ssize_t".to_string());
    assert_eq!(percent_star_width(&too_big), overflow);
    assert_eq!(percent_star_width(&-&too_big), Ok((0, true)));
    assert_eq!(percent_star_width(&(-too_big - 1)), overflow);
    let spec = match &parse_percent("%.*f").unwrap()[0] {
        PercentPiece::Conv(spec) => spec.clone(),
        other => panic!("{other:?}"),
    };
    let huge = Some(1_000_000_000);
    assert_eq!(
        percent_float(1.0, &spec, None, huge),
        Err("precision too big".to_string())
    );
    assert_eq!(
        percent_str("ab", &spec, Some(usize::MAX), None).len(),
        MAX_WIDTH
    );
}

#[test]
fn widths_at_the_limit_still_work() {
    let spec = parse_spec("1000000").unwrap();
    assert_eq!(format_i64(7, &spec).unwrap().len(), MAX_WIDTH);
    let spec = parse_spec("0=1000000,").unwrap();
    let text = format_i64(-7, &spec).unwrap();
    assert_eq!(text.len(), MAX_WIDTH);
    assert!(text.starts_with("-000,000,000"), "{}", &text[..12]);
    let spec = parse_spec(".1000000f").unwrap();
    assert_eq!(format_float(0.5, &spec).unwrap().len(), MAX_PRECISION + 2);
}

#[test]
fn lone_surrogates_cannot_be_formatted() {
    let spec = parse_spec("c").unwrap();
    let message = format_i64(0xD800, &spec).unwrap_err();
    assert!(message.contains("surrogate"), "{message}");
    assert_eq!(exception_type(&message), "ValueError");
}

#[test]
fn parse_spec_fields() {
    let spec = parse_spec("*^+z#012_.3f").unwrap();
    assert_eq!(
        spec,
        FormatSpec {
            fill: '*',
            align: Some(Align::Center),
            sign: Sign::Plus,
            no_neg_zero: true,
            alternate: true,
            zero_pad: false,
            width: Some(12),
            grouping: Some('_'),
            precision: Some(3),
            kind: Some('f'),
            explicit_minus: false,
        }
    );
    let spec = parse_spec("-08,").unwrap();
    assert_eq!(
        (spec.fill, spec.zero_pad, spec.explicit_minus),
        ('0', true, true)
    );
    assert_eq!(spec.width, Some(8));
    assert_eq!(parse_spec("").unwrap(), FormatSpec::default());
    assert_eq!(parse_spec("abc").unwrap_err(), "Invalid format specifier");
}

#[test]
fn percent_pieces() {
    let pieces = parse_percent("a%(k(1))-#*.*hd%%b").unwrap();
    let spec = PercentSpec {
        key: Some("k(1)".to_string()),
        flags: PercentFlags {
            left: true,
            alternate: true,
            ..PercentFlags::default()
        },
        width: Some(PercentCount::Star),
        precision: Some(PercentCount::Star),
        conv: 'd',
    };
    assert_eq!(
        pieces,
        vec![
            PercentPiece::Literal("a"),
            PercentPiece::Conv(spec),
            PercentPiece::Percent,
            PercentPiece::Literal("b"),
        ]
    );
    let mut lazy = PercentParser::new("%s%y%d");
    assert!(matches!(lazy.next(), Some(Ok(PercentPiece::Conv(_)))));
    assert!(matches!(lazy.next(), Some(Err(_))));
    assert!(lazy.next().is_none());
}

#[test]
fn helpers() {
    assert_eq!(int_to_base(&BigInt::from(-31), 16), "-0x1f");
    assert_eq!(int_to_base(&BigInt::from(15), 8), "0o17");
    assert_eq!(int_to_base(&BigInt::from(5), 2), "0b101");
    assert_eq!(int_to_base(&BigInt::from(0), 16), "0x0");
    assert_eq!(
        int_to_base(&(BigInt::from(1) << 100u32), 10),
        "1267650600228229401496703205376"
    );
    assert_eq!(float_to_int(-3.9), Ok(BigInt::from(-3)));
    assert_eq!(
        float_to_int(1e20).unwrap().to_string(),
        "100000000000000000000"
    );
    assert_eq!(
        exception_type(&float_to_int(f64::NAN).unwrap_err()),
        "ValueError"
    );
    let overflow = float_to_int(f64::NEG_INFINITY).unwrap_err();
    assert_eq!(exception_type(&overflow), "OverflowError");
    assert_eq!(format_float_code(2.675, 'f', 2, false), "2.67");
    assert_eq!(format_float_code(1.0, 'g', 0, true), "1.");
    let message = "Unknown format code 'x' for object of type 'int'";
    assert_eq!(
        with_type_name(message, "bool"),
        "Unknown format code 'x' for object of type 'bool'"
    );
}
