#!/usr/bin/env python3
"""Writes cpython_cases.rs beside this file: CPython's own answers for
format(), repr(float) and the % operator, as tables that tests.rs checks
src/format.rs against.

Run with CPython 3.11: python3 src/format/gen_tests.py
"""
import math
import os
import random
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def rust_str(s):
    out = []
    for ch in s:
        code = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif code < 0x20 or code == 0x7F or 0x80 <= code < 0xA0:
            out.append("\\u{%x}" % code)
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def bits(x):
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def representable(s):
    return not any(0xD800 <= ord(c) <= 0xDFFF for c in s)


def value_expr(v):
    if isinstance(v, bool):
        raise TypeError("no bools")
    if isinstance(v, int):
        return "V::I(%s)" % rust_str(str(v))
    if isinstance(v, float):
        return "V::F(0x%016x)" % bits(v)
    return "V::S(%s)" % rust_str(v)


def outcome(thunk):
    """Ok(text) or Err((class, message)) as Rust, or None to skip."""
    try:
        text = thunk()
    except (ValueError, OverflowError, TypeError) as e:
        return "Err((%s, %s))" % (rust_str(type(e).__name__), rust_str(str(e)))
    if not representable(text) or len(text) > 5000:
        return None
    return "Ok(%s)" % rust_str(text)


# ---------------------------------------------------------------- format()

INTS = [0, 1, -1, 5, -5, 42, -42, 255, -255, 1234, -1234, 65, 1000000,
        -987654321, 2**31, 2**63 - 1, -2**63, 2**63, 2**64, 10**20, -10**20,
        2**100, -(2**100), 0x10FFFF, 0x110000, 0xD800, 12345678901234567890123]

INT_SPECS = ["", "d", "b", "o", "x", "X", "n", "c", "e", "E", "f", "F", "g",
             "G", "%", "s", "z", "r", "#b", "#o", "#x", "#X", "#d", "+", " ",
             "-", "+d", " d", "08", "-08", "+08", " 08", "08,", "09,", "010,",
             "012,", "0=12,", "<10", ">10", "^10", "=10", "*^11", "*<11",
             "x>12", "0<8", "0^9", "^09", ",", "_", ",d", "_d", "_x", "_b",
             "_o", "_X", "#012_x", "+#015_b", "#_o", ",x", ",b", "_n", ",c",
             "_c", "#010x", "#010X", "+#x", " #o", "^#12b", ".3", ".0",
             "010.2", ",.2f", "+.3e", "_.1%", "z", "zd", "zf", "+c", "-c",
             "#c", "^5c", "05c", "*^7c", "abc", "10xd", ",_", "_,", "..2",
             ".", "%%", "\u0663", "2\u0660", "x<\u0665d", "\u00e9", "\x01",
             " ", "  ", "99999999999999999999999", "=+#10x", "=+10", "0>5",
             "x=10", "\u2603^9", "n", "010n", "#n", "_%", ".2%", "e,"]

FLOATS = [0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.5, -2.5, 2.675, 0.1, 0.125,
          0.375, 1e16, 1e-5, 1e-4, 9.999999e-5, 123456789.123456789,
          -123456789.123456789, 1e300, -1e300, 5e-324, 2.2250738585072014e-308,
          1.7976931348623157e308, math.inf, -math.inf, math.nan, 1234.5678,
          -1234.5678, 0.000123456, 1e22, 1e23, 999999.5, 9.5, 99.99, 12.0,
          100.0, 1e15, 123456.0, 3.141592653589793, -0.001, -1e-7, 0.05,
          2**53 + 0.0, 1e17, 0.9999995, 5e-5]

FLOAT_SPECS = ["", "e", "E", "f", "F", "g", "G", "n", "%", ".0", ".1", ".2",
               ".3", ".16", ".17", ".3e", ".0e", ".1e", ".0f", ".1f", ".2f",
               ".10f", ".30f", ".0g", ".1g", ".3g", ".10g", ".17g", ".20g",
               "#g", "#.0f", "#.0e", "#.3g", "#.0g", "#", "#.3", "#.0", "#e",
               "#%", "+", " ", "-", "+e", " f", "+g", "z", "z.1f", "z.0f",
               "z.3e", "z.2%", "z.3g", "+z.1f", "+.2f", "010.2f", "08",
               "-08.3", "+08", "<12.3e", ">12", "^15,.2f", "^15", "=+12.1f",
               "*>12g", "0=10", "0<10.1f", "x^11.2e", ",", "_", ",f", "_.3f",
               ",g", "_e", ",.2%", "015,.1f", "016_", "020,", ",.1", "n",
               "010n", "x", "d", "c", "b", "s", ",n", "_x", ".50e", ".3%",
               "#.0%", ".0%", ".25f", ".40g", ".3n", "E", ".2E", "F", ".3F",
               "G", "#G", "10.4G", "a", "."]

STRINGS = ["", "a", "abc", "hello world", "h\u00e9llo", "\u65e5\u672c\u8a9e",
           "x" * 5, "-12", "\U0001F600ab"]

STR_SPECS = ["", "s", "5", "<5", ">5", "^5", "^6", "*^7", "\u00e9>6",
             ".2", ".0", "10.3s", "<10.3", "05", "00", "0", "<0", "0>4",
             "=5", "+", "-", " ", "#", "z", ",", "_", ",s", "d", "x", "c",
             "r", ".2s", "3.1", "0^7.2", ">\u0663", "abc", ".", "\x01"]


CORE_INTS = [0, 5, -5, 255, -1234, 1234567, 2**100, -(2**100)]
CORE_FLOATS = [0.0, -0.0, 1.5, -2.5, 2.675, 1e16, 1e-5, 123456789.123456789,
               math.inf, math.nan]


def format_cases():
    """Every spec for the core values, a sample of the specs for the rest."""
    rng = random.Random(1)
    cases = []
    for values, core, specs in [(INTS, CORE_INTS, INT_SPECS),
                                (FLOATS, CORE_FLOATS, FLOAT_SPECS),
                                (STRINGS, STRINGS, STR_SPECS)]:
        for v in values:
            chosen = specs if v in core or v != v else rng.sample(specs, 12)
            for spec in chosen:
                cases.append((v, spec))
    specs = [".0f", ".1f", ".2f", ".3f", ".3e", ".17g", ".12g", "g", ".5%",
             "e", ".25f", ".20e", ".0e", "#.3g", ".1", ".16", ".6", "", ",.2f",
             "_.4e", "+015.3f"]
    for x in random_floats(rng, 100):
        for spec in rng.sample(specs, 4):
            cases.append((x, spec))
    # Exact ties: m / 2**n printed with n-1 or fewer decimals.
    for _ in range(100):
        n = rng.randint(1, 12)
        m = rng.randrange(1, 2**rng.randint(2, 30)) * 2 + 1
        x = m / 2**n * rng.choice([1, -1])
        places = rng.randint(max(0, n - 3), n - 1) if n > 1 else 0
        cases.append((x, ".%df" % places))
        cases.append((x, ".%de" % rng.randint(0, 8)))
        cases.append((x, ".%dg" % rng.randint(1, 9)))
    # Long exact expansions.
    for x, spec in [(0.1, ".1000f"), (5e-324, ".1080f"), (5e-324, ".770e"),
                    (1 / 3, ".800g"), (1e300, ".1200f"), (-2.5e-300, ".900e"),
                    (1.7976931348623157e308, ",.1f"), (123.456, "#.900g")]:
        cases.append((x, spec))
    # Random specs, to check the order of the errors.
    alphabet = "<>=^0123456789,_.#+- zxXbodcneEfFgG%s*\u00e9"
    values = [0, -7, 123456, 2**70, 0.0, -0.0, -1.5, 1e20, math.inf, math.nan,
              "", "abc"]
    for _ in range(600):
        spec = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 7)))
        cases.append((rng.choice(values), spec))
    return cases


def random_floats(rng, count):
    out = []
    for i in range(count):
        kind = i % 6
        if kind == 0:
            x = rng.random()
        elif kind == 1:
            x = rng.uniform(-1e6, 1e6)
        elif kind == 2:
            x = 10 ** rng.uniform(-320, 308) * rng.choice([1, -1])
        elif kind == 3:
            x = struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
            if math.isnan(x) or math.isinf(x):
                x = 1.0 / 3
        elif kind == 4:
            x = struct.unpack("<d", struct.pack("<Q", rng.getrandbits(52)))[0]
        else:
            x = float(rng.randrange(-10**17, 10**17)) / rng.choice([1, 10, 100, 1000, 7])
        out.append(x)
    return out


def repr_cases():
    rng = random.Random(1)
    fixed = [0.0, -0.0, 1.0, -1.0, 0.1, 0.2, 0.3, 1 / 3, 2 / 3, 1e16, 1e15,
             9999999999999998.0, 1e-5, 1e-4, 0.0001, 0.00001234, 1e22, 1e23,
             1.2345678901234567e20, 123456789012345680.0, 5e-324, 1e-323,
             2.2250738585072014e-308, 2.225073858507201e-308,
             1.7976931348623157e308, math.inf, -math.inf, math.nan,
             2**53 + 0.0, 2**53 + 2.0, 2e16 + 8, 9007199254740993.0, 100.0,
             1e100, 1.5e-7, 123.456, -0.5, 4.35, 0.3000000000000001]
    for k in range(-30, 30):
        fixed.append(10.0 ** k)
        fixed.append(math.nextafter(10.0 ** k, math.inf))
        fixed.append(math.nextafter(10.0 ** k, 0))
    return fixed + random_floats(rng, 400)


# ---------------------------------------------------------------- % operator

def percent_cases():
    """Each conversion with each value, under a sample of the flags."""
    rng = random.Random(2)
    cases = []
    int_values = [0, 5, -5, 255, -255, 42, 2**70, -(2**70)]
    int_flags = ["", "5", "-5", "05", "+", " ", "#", "#08", "+08", ".3", "8.3",
                 "-#10", "+.0", "0-6", " 05", "#.4", "-+8", "#5", "010.5", "hd",
                 "ld", "Ld"]
    for conv in "diuoxX":
        for v in int_values:
            for flags in rng.sample(int_flags, 8):
                if flags.endswith("d"):
                    fmt = "%" + flags[:-1] + conv
                else:
                    fmt = "%" + flags + conv
                cases.append((fmt, (v,)))
    float_values = [0.0, -0.0, 1.5, -2.675, 1e16, 1e-5, 123456.789, 0.5, 2.5,
                    math.inf, -math.inf, math.nan, 1e300]
    float_flags = ["", ".2", "10.3", "-10.1", "010.2", "+", " ", "#", "#.0",
                   ".0", "+012.4", ".15", "-+12", "#10.0", "08", " 012.3"]
    for conv in "eEfFgG":
        for v in float_values:
            for flags in rng.sample(float_flags, 6):
                cases.append(("%" + flags + conv, (v,)))
    for s in ["", "abc", "h\u00e9llo", "\u65e5\u672c", "it's"]:
        for flags in ["", "5", "-5", ".2", "5.1", "05", "-08.3", "+", "#"]:
            for conv in "sra":
                cases.append(("%" + flags + conv, (s,)))
    for v in [65, 0x1F600, 0, 0x10FFFF, 0x110000, -1, 2**70, "x", "\u00e9", "ab", 1.5]:
        for flags in ["", "3", "-3", "03", ".0"]:
            cases.append(("%" + flags + "c", (v,)))
    cases += [
        ("%5.2f|%-6d|%x|%#o|%+d|%05d|%c|%s|%r|%%",
         (3.14159, 42, 255, 8, 7, -42, 65, "hi", "hi")),
        ("%*d", (5, 3)), ("%-*d", (5, 3)), ("%*d", (-5, 3)), ("%.*f", (2, 3.14159)),
        ("%*.*f", (10, 3, 2.5)), ("%*s", (-6, "ab")), ("%.*s", (-3, "abc")),
        ("%.*d", (-5, 1)), ("%0*d", (6, -7)), ("%*.*s|", (4, 1, "xyz")),
        ("%d", (3.7,)), ("%d", (-3.7,)), ("%i", (1e20,)), ("%u", (2.5,)),
        ("%x", (1.5,)), ("%o", (2.0,)), ("%X", (-1.0,)), ("%d", (math.inf,)),
        ("%d", (math.nan,)), ("%f", (5,)), ("%e", (-(2**70),)), ("%g", (10**400,)),
        ("%s", (5,)), ("%r", (-5,)), ("%a", (2**70,)), ("%5s", (1.5,)),
        ("%r", (0.1,)), ("%s", (1e16,)), ("%.3s", (-12345,)),
        ("%", ()), ("abc %", ()), ("%5", (1,)), ("%.", (1,)), ("%-", (1,)),
        ("%y", (1,)), ("ab %y", (1,)), ("%lld", (1,)), ("%\u00e9", (1,)),
        ("%\x1f", (1,)), ("%5%", (1,)), ("%l", (1,)), ("%.5", (1,)),
        ("x%%y", ()), ("%%%d%%", (5,)), ("%s %s", (1,)), ("%s", (1, 2)),
        ("\u00e9\u00e9 %y", (1,)), ("%z", (1,)), ("%#.3o", (8,)),
        ("%#.3X", (-255,)), ("%.0d", (0,)), ("%#o", (0,)), ("%#x", (0,)),
        ("%+s", ("ab",)), ("% s", ("ab",)), ("%0s", ("ab",)),
        ("%9223372036854775808d", (1,)), ("%.2147483648f", (1.0,)),
        ("%.2147483647s", ("ab",)),
    ]
    return cases


def percent_dict_cases():
    d = {"a": 1, "b": 2.5, "name": "Aio", "(x)": 7, "": "empty"}
    fmts = ["%(a)d", "%(a)05d|%(b).1f|%(name)s", "%(name)r", "%((x))d",
            "%(b)+e", "%()s", "%(a)s %(a)x", "%(a)", "%(a", "%(", "%(a)-6d|",
            "%(a)*d"]
    return [(f, d) for f in fmts]


def percent_arg(v):
    if isinstance(v, int):
        return "A::I(%s)" % rust_str(str(v))
    if isinstance(v, float):
        return "A::F(0x%016x)" % bits(v)
    return "A::S(%s, %s, %s)" % (rust_str(v), rust_str(repr(v)), rust_str(ascii(v)))


def main():
    out = []
    w = out.append
    w("// CPython's own answers for `format()`, `repr(float)` and the `%` operator,")
    w("// included by tests.rs. Generated by gen_tests.py (beside this file) with")
    w("// Python %s: do not edit by hand." % sys.version.split()[0])
    w("")
    w("#[rustfmt::skip]")
    w("const FORMAT_CASES: &[(V, &str, Expect)] = &[")
    n_format = 0
    for v, spec in format_cases():
        result = outcome(lambda: format(v, spec))
        if result is None:
            continue
        n_format += 1
        w("    (%s, %s, %s)," % (value_expr(v), rust_str(spec), result))
    w("];")
    w("")
    w("#[rustfmt::skip]")
    w("const REPR_CASES: &[(u64, &str)] = &[")
    for x in repr_cases():
        w("    (0x%016x, %s)," % (bits(x), rust_str(repr(x))))
    w("];")
    w("")
    w("#[rustfmt::skip]")
    w("const PERCENT_CASES: &[(&str, &[A], Expect)] = &[")
    for fmt, args in percent_cases():
        result = outcome(lambda: fmt % args)
        if result is None:
            continue
        w("    (%s, &[%s], %s)," % (rust_str(fmt), ", ".join(percent_arg(a) for a in args), result))
    w("];")
    w("")
    w("#[rustfmt::skip]")
    w("const PERCENT_DICT_CASES: &[(&str, Dict, Expect)] = &[")
    for fmt, d in percent_dict_cases():
        result = outcome(lambda: fmt % d)
        if result is None:
            continue
        items = ", ".join("(%s, %s)" % (rust_str(k), percent_arg(v)) for k, v in d.items())
        w("    (%s, &[%s], %s)," % (rust_str(fmt), items, result))
    w("];")
    with open(os.path.join(HERE, "cpython_cases.rs"), "w") as f:
        f.write("\n".join(out) + "\n")
    print("format cases:", n_format, file=sys.stderr)



if __name__ == "__main__":
    main()
