#!/usr/bin/env python3
"""Writes a random program of classes for differential testing of Aio against CPython.

    python3 tests/gen-differential-classes.py SEED > prog.py
    python3 prog.py > a.out 2>&1; target/release/aio prog.py > b.out 2>&1; diff a.out b.out

Chains of classes (single inheritance) with class attributes, methods calling `super()`,
properties with setters, class and static methods, descriptors, `__init_subclass__`,
dunder methods (`__repr__`, `__str__`, `__eq__`, `__lt__`, `__add__`, `__radd__`,
`__len__`, `__getitem__`, `__contains__`, `__iter__`, `__call__`, `__bool__`), and then
operations on their instances: each line printed, or its error's type and message.
"""
import random
import sys

rng = random.Random(int(sys.argv[1]))
DUNDERS = {
    "__repr__": "return f'<{type(self).__name__} {self.v!r}>'",
    "__str__": "return 'S' + str(self.v)",
    "__eq__": "return isinstance(other, Base) and self.v == other.v",
    "__lt__": "return self.v < other.v",
    "__add__": "return type(self)(self.v + (other.v if isinstance(other, Base) else other))",
    "__radd__": "return type(self)(other + self.v)",
    "__len__": "return abs(self.v) % 5",
    "__getitem__": "return [self.v, self.v * 10, -self.v][other]",
    "__contains__": "return other == self.v",
    "__iter__": "return iter(range(abs(self.v) % 4))",
    "__call__": "return self.v * 2",
    "__bool__": "return self.v > 0",
}
ARGS = {"__repr__": "self", "__str__": "self", "__len__": "self", "__iter__": "self",
        "__call__": "self", "__bool__": "self"}


def cls(name, base, level):
    lines = [f"class {name}({base}):"]
    lines.append(f"    tag = {rng.choice(['1', '2', repr(name)])}")
    if rng.random() < 0.5:
        lines.append(f"    def __init__(self, v=0):")
        lines.append(f"        super().__init__(v + {level})")
    lines.append(f"    def describe(self):")
    if level > 0 and rng.random() < 0.7:
        lines.append(f"        return ({name!r}, self.v, super().describe())")
    else:
        lines.append(f"        return ({name!r}, self.v, self.tag)")
    for d in rng.sample(sorted(DUNDERS), rng.randint(0, 4)):
        args = ARGS.get(d, "self, other")
        lines.append(f"    def {d}({args}):")
        lines.append(f"        {DUNDERS[d]}")
    if rng.random() < 0.3:
        lines.append(f"    @property")
        lines.append(f"    def double(self):")
        lines.append(f"        return self.v * 2")
        lines.append(f"    @double.setter")
        lines.append(f"    def double(self, x):")
        lines.append(f"        self.v = x // 2")
    if rng.random() < 0.3:
        lines.append(f"    @classmethod")
        lines.append(f"    def make(cls, v):")
        lines.append(f"        return cls(v * 3)")
    if rng.random() < 0.3:
        lines.append(f"    @staticmethod")
        lines.append(f"    def twice(x):")
        lines.append(f"        return x * 2")
    if rng.random() < 0.25:
        lines.append(f"    field = Field()")
    return lines


print('''registry = []


class Field:
    def __set_name__(self, owner, name):
        self.key = "_" + name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self.key
        return getattr(obj, self.key, "unset")

    def __set__(self, obj, value):
        setattr(obj, self.key, value)


class Base:
    tag = 0

    def __init__(self, v=0):
        self.v = v

    def __repr__(self):
        return f"{type(self).__name__}({self.v!r})"

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        registry.append(cls.__name__)

    def describe(self):
        return ("Base", self.v)


def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)
''')
names = ["Base"]
for i in range(rng.randint(3, 7)):
    name = f"K{i}"
    base = rng.choice(names)
    level = names.index(base) + 1
    for line in cls(name, base, level):
        print(line)
    names.append(name)
print("print(registry)")
ops = [
    "{a}.describe()", "repr({a})", "str({a})", "{a} == {b}", "{a} != {b}", "{a} < {b}",
    "sorted([{a}, {b}], key=lambda o: o.v)", "{a} + {b}", "{a} + 1", "1 + {a}",
    "len({a})", "{a}[2]", "3 in {a}", "list({a})", "{a}()", "bool({a})", "{a}.double",
    "type({a}).make(2)", "{a}.twice(4)", "{a}.tag", "type({a}).tag", "{a}.field",
    "isinstance({a}, type({b}))", "type({a}).__mro__", "hash({a}) == hash({a})",
    "[o.v for o in sorted([{a}, {b}])]", "max({a}, {b})",
]
for i in range(rng.randint(6, 10)):
    print(f"o{i} = {rng.choice(names)}({rng.randint(-3, 5)})")
for j in range(60):
    a, b = f"o{rng.randrange(6)}", f"o{rng.randrange(6)}"
    op = rng.choice(ops).format(a=a, b=b)
    print(f"show({op!r}, lambda: {op})")
    if rng.random() < 0.1:
        print(f"{a}.double = {rng.randint(-4, 8)}")
    if rng.random() < 0.1:
        print(f"{a}.field = {rng.randint(0, 9)}")
