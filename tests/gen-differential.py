#!/usr/bin/env python3
"""Writes a random program for differential testing of Aio against CPython.

    python3 tests/gen-differential.py SEED > prog.py
    python3 prog.py > a.out 2>&1; target/release/aio prog.py > b.out 2>&1; diff a.out b.out

Each of its 150 functions computes something from three arguments: operators,
comparisons, conditionals, subscripted lists, augmented assignments and `for`/`if` loops
over ints (small and big), floats, strs, lists, tuples, dicts, bools and None. It prints
each result or each error's type and message. The function bodies use only nodes that
Aio compiles (src/interp/compile.rs), so differences point at the compiled code or at
the operators themselves. tests/golden/compiled/fuzz_seed_*.aio are seeds 33-36, kept
with CPython's output. Known differences: constant tuples are not one object
(`(3,) is (3,)`), complex results of `**`, and huge powers (CPython computes for a long
time where Aio raises MemoryError).
"""
import random, sys
random.seed(int(sys.argv[1]))
vals = ["0", "1", "-3", "7", "2**62", "-(2**63)", "9223372036854775807", "1.5", "-0.0", "'ab'", "[1, 2]", "(3,)", "True", "None", "{'k': 1}"]
ops = ["+", "-", "*", "//", "%", "&", "|", "^", "<<", ">>", "/", "**", "@"]
cmps = ["<", "<=", "==", "!=", ">", ">=", "in", "is"]
def expr(d):
    r = random.random()
    if d <= 0 or r < 0.3:
        return random.choice(["a", "b", "c"] + vals)
    if r < 0.6:
        return f"({expr(d-1)} {random.choice(ops)} {expr(d-1)})"
    if r < 0.75:
        return f"({expr(d-1)} {random.choice(cmps)} {expr(d-1)})"
    if r < 0.85:
        return f"(-{expr(d-1)})"
    if r < 0.92:
        return f"({expr(d-1)} if {expr(d-1)} else {expr(d-1)})"
    return f"[{expr(d-1)}, {expr(d-1)}][{random.choice(['0','1','-1','2'])}]"
print("def show(f, *args):")
print("    try:")
print("        print(f.__name__, repr(f(*args)))")
print("    except Exception as e:")
print("        print(f.__name__, type(e).__name__, e)")
for i in range(150):
    print(f"def f{i}(a, b, c):")
    kind = random.random()
    if kind < 0.5:
        print(f"    return {expr(3)}")
    elif kind < 0.75:
        print(f"    x = {expr(2)}")
        print(f"    x {random.choice(ops)}= {expr(2)}")
        print(f"    return x")
    else:
        print(f"    total = 0")
        print(f"    for i in range(3):")
        print(f"        if {expr(2)}:")
        print(f"            total += i")
        print(f"    return total, {expr(2)}")
    args = ", ".join(random.choice(vals) for _ in range(3))
    print(f"show(f{i}, {args})")
