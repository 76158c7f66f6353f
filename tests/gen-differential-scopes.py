#!/usr/bin/env python3
"""Writes a random program of nested scopes for differential testing of Aio against CPython.

    python3 tests/gen-differential-scopes.py SEED > prog.py
    python3 prog.py > a.out 2>&1; target/release/aio prog.py > b.out 2>&1; diff a.out b.out

Where tests/gen-differential.py stresses operators, this one stresses names: functions
nested in functions and classes, `nonlocal` and `global`, class attributes read from class
bodies, methods, comprehensions and lambdas, closures made in loops, generators that close
over their function's variables, `try`/`finally` around `return`/`break`/`continue`, and
`del`. Each test function prints what it computes, or the type and message of its error.
"""
import random
import sys

rng = random.Random(int(sys.argv[1]))
NAMES = ["a", "b", "c", "x", "y"]
counter = 0


def fresh(prefix):
    global counter
    counter += 1
    return f"{prefix}{counter}"


def value():
    return rng.choice(["1", "2", "10", "-3", "'s'", "[1, 2]", "(4,)", "None"])


def read():
    """An expression reading names that may or may not be bound where it runs."""
    n = rng.choice(NAMES)
    return rng.choice([n, f"{n} if {n} else 0", f"[{n}, {value()}]", f"str({n})"])


def body(depth, indent, in_loop=False, in_func=True):
    lines = []
    for _ in range(rng.randint(1, 4)):
        lines += stmt(depth, indent, in_loop, in_func)
    return lines


def stmt(depth, indent, in_loop, in_func):
    pad = "    " * indent
    r = rng.random()
    n = rng.choice(NAMES)
    if r < 0.25 or depth <= 0:
        return [f"{pad}{n} = {rng.choice([value(), read()])}"]
    if r < 0.33:
        return [f"{pad}out.append({read()})"]
    if r < 0.40 and in_func and rng.random() < 0.02:
        # A SyntaxError, unless nothing before used or assigned the name.
        return [f"{pad}global {n}", f"{pad}{n} = {value()}"]
    if r < 0.50:
        f = fresh("f")
        lines = []
        decl = rng.random()
        params = rng.choice(["", "p=" + value(), n + "=" + n])
        inner = body(depth - 1, indent + 1)
        if decl < 0.2:
            inner.insert(0, f"{pad}    global {n}")
            params = params if not params.startswith(n) else ""
        elif decl < 0.35 and in_func:
            # The function around binds the name, so that the declaration is valid.
            lines.append(f"{pad}{n} = {value()}")
            inner.insert(0, f"{pad}    nonlocal {n}")
            params = params if not params.startswith(n) else ""
        lines.append(f"{pad}def {f}({params}):")
        lines += inner
        lines.append(f"{pad}    return {read()}")
        lines.append(f"{pad}out.append({f}())")
        return lines
    if r < 0.58:
        c = fresh("C")
        lines = [f"{pad}class {c}:"]
        lines.append(f"{pad}    {n} = {value()}")
        lines.append(f"{pad}    seen = [{n} for _ in range(2)]")
        lines.append(f"{pad}    def get(self):")
        lines.append(f"{pad}        return {read()}")
        lines.append(f"{pad}out.append(({c}.{n}, {c}.seen, {c}().get()))")
        return lines
    if r < 0.66:
        return [f"{pad}out.append([{read()} for {rng.choice(NAMES)} in range(2)])",
                f"{pad}out.append(list(({rng.choice(NAMES)}, {read()}) for {n} in ({value()}, 2)))"]
    if r < 0.72:
        g = fresh("fs")
        return [f"{pad}{g} = [lambda {n}={n}: {n} for {n} in range(3)]",
                f"{pad}out.append([h() for h in {g}])",
                f"{pad}{g} = [lambda: {n} for {n} in range(3)]",
                f"{pad}out.append([h() for h in {g}])"]
    if r < 0.80:
        lines = [f"{pad}for {n} in range({rng.randint(0, 3)}):"]
        lines += body(depth - 1, indent + 1, in_loop=True, in_func=in_func)
        if rng.random() < 0.5:
            lines.append(f"{pad}    if {n} == 1:")
            lines.append(f"{pad}        {rng.choice(['break', 'continue'])}")
        lines.append(f"{pad}else:")
        lines.append(f"{pad}    out.append('else')")
        return lines
    if r < 0.88:
        lines = [f"{pad}try:"]
        lines += body(depth - 1, indent + 1, in_loop, in_func)
        if rng.random() < 0.5:
            lines.append(f"{pad}    {n} = {n} + {n}")
        lines.append(f"{pad}except (TypeError, NameError, UnboundLocalError) as e:")
        lines.append(f"{pad}    out.append(type(e).__name__)")
        lines.append(f"{pad}finally:")
        lines.append(f"{pad}    out.append('fin')")
        if in_loop and rng.random() < 0.3:
            lines.append(f"{pad}    {rng.choice(['break', 'continue'])}")
        return lines
    if r < 0.94:
        return [f"{pad}del {n}"]
    gname = fresh("gen")
    return [f"{pad}def {gname}():",
            f"{pad}    for {n} in range(2):",
            f"{pad}        yield {read()}",
            f"{pad}out.append(list({gname}()))"]


print("out = []")
print("def show(f):")
print("    global out")
print("    out = []")
print("    try:")
print("        r = f()")
print("        print(f.__name__, out, repr(r))")
print("    except Exception as e:")
print("        print(f.__name__, out, type(e).__name__, e)")
for n in NAMES:
    print(f"{n} = {value()}")
for i in range(40):
    name = f"t{i}"
    print(f"def {name}():")
    for line in body(3, 1):
        print(line)
    print(f"    return {read()}")
    print(f"show({name})")
