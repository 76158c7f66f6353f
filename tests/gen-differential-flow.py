#!/usr/bin/env python3
"""Writes a random program of control flow for differential testing of Aio against CPython.

    python3 tests/gen-differential-flow.py SEED > prog.py
    python3 prog.py > a.out 2>&1; target/release/aio prog.py > b.out 2>&1; diff a.out b.out

Each test function nests `try`/`except`/`else`/`finally`, loops with `break`/`continue`
and `else`, `with` blocks of a context manager that may swallow, `return` inside
`finally`, `raise`, `raise ... from`, bare `raise`, and generators closed early; it
records what runs in `log`, and the program prints the log, the result or the escaping
error, and the error's `__context__` and `__cause__`.
"""
import random
import sys

rng = random.Random(int(sys.argv[1]))
ERRORS = ["ValueError", "KeyError", "TypeError", "ZeroDivisionError"]
counter = 0


def fresh():
    global counter
    counter += 1
    return counter


def block(depth, indent, loop):
    lines = []
    for _ in range(rng.randint(1, 3)):
        lines += stmt(depth, indent, loop)
    return lines


def stmt(depth, indent, loop):
    pad = "    " * indent
    k = fresh()
    r = rng.random()
    if depth <= 0 or r < 0.2:
        return [f"{pad}log.append({k})"]
    if r < 0.3:
        e = rng.choice(ERRORS)
        return [f"{pad}raise {e}('e{k}')"]
    if r < 0.35:
        return [f"{pad}return {k}"]
    if r < 0.42 and loop:
        return [f"{pad}{rng.choice(['break', 'continue'])}"]
    if r < 0.62:
        lines = [f"{pad}try:"]
        lines += block(depth - 1, indent + 1, loop)
        handlers = rng.sample(ERRORS, rng.randint(0, 2))
        for h in handlers:
            form = rng.random()
            if form < 0.3:
                lines.append(f"{pad}except ({h}, IndexError) as e{k}:")
            else:
                lines.append(f"{pad}except {h} as e{k}:")
            lines.append(f"{pad}    log.append(('caught', {k}, str(e{k})))")
            choice = rng.random()
            if choice < 0.2:
                lines.append(f"{pad}    raise")
            elif choice < 0.35:
                lines.append(f"{pad}    raise RuntimeError('from{k}') from e{k}")
            elif choice < 0.45:
                lines.append(f"{pad}    raise LookupError('during{k}')")
            else:
                lines += block(depth - 2, indent + 1, loop)
        if handlers and rng.random() < 0.4:
            lines.append(f"{pad}else:")
            lines += block(depth - 2, indent + 1, loop)
        if not handlers or rng.random() < 0.6:
            lines.append(f"{pad}finally:")
            lines.append(f"{pad}    log.append(('fin', {k}))")
            if rng.random() < 0.3:
                lines += block(depth - 2, indent + 1, loop)
        return lines
    if r < 0.75:
        lines = [f"{pad}for i{k} in range({rng.randint(0, 3)}):"]
        lines.append(f"{pad}    log.append(('it', {k}, i{k}))")
        lines += block(depth - 1, indent + 1, True)
        if rng.random() < 0.5:
            lines.append(f"{pad}else:")
            lines.append(f"{pad}    log.append(('else', {k}))")
        return lines
    if r < 0.85:
        swallow = rng.choice(["True", "False"])
        lines = [f"{pad}with Ctx({k}, {swallow}):"]
        lines += block(depth - 1, indent + 1, loop)
        return lines
    if r < 0.93:
        lines = [f"{pad}def g{k}():",
                 f"{pad}    try:",
                 f"{pad}        yield 1",
                 f"{pad}        yield 2",
                 f"{pad}    finally:",
                 f"{pad}        log.append(('gfin', {k}))",
                 f"{pad}for v{k} in g{k}():",
                 f"{pad}    log.append(('g', v{k}))"]
        if rng.random() < 0.5:
            lines.append(f"{pad}    break")
        return lines
    return [f"{pad}assert {rng.choice(['True', 'False', 'log'])}, 'a{k}'"]


print('''log = []


class Ctx:
    def __init__(self, k, swallow):
        self.k, self.swallow = k, swallow

    def __enter__(self):
        log.append(("enter", self.k))
        return self

    def __exit__(self, t, v, tb):
        log.append(("exit", self.k, t.__name__ if t else None))
        return self.swallow


def show(f):
    log.clear()
    try:
        r = f()
        print(f.__name__, log, repr(r))
    except Exception as e:
        ctx = e.__context__
        cause = e.__cause__
        print(f.__name__, log, type(e).__name__, e,
              "| context:", type(ctx).__name__ if ctx else None,
              "| cause:", type(cause).__name__ if cause else None)
''')
for i in range(40):
    print(f"def t{i}():")
    for line in block(4, 1, False):
        print(line)
    print(f"    return 'end'")
    print(f"show(t{i})")
