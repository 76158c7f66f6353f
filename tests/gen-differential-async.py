#!/usr/bin/env python3
"""Writes a random asyncio program for differential testing of Aio against CPython.

    python3 tests/gen-differential-async.py SEED > prog.py
    python3 prog.py > a.out 2>&1; target/release/aio --clock=virtual prog.py > b.out 2>&1
    diff a.out b.out

Tasks sleep for distinct multiples of 20 ms (so real time orders them as the virtual clock
does), yield with `sleep(0)`, raise, get cancelled, time out in `wait_for` and `timeout`,
meet in `gather` (with and without `return_exceptions`), `TaskGroup`, `wait`,
`as_completed`, an `Event`, a `Queue`, a `Lock` and a `Semaphore`. The program prints the
order of events and the results, never times. Where CPython's order depends on object
addresses (it iterates a set in `wait`, `as_completed` and a `TaskGroup`'s cancelling),
the program does not depend on it. One thing can still differ: two tasks whose sleeps
add up to the same time (0.28 + 0.40 and 0.68) tie, and CPython's real clock breaks the
tie by microseconds; check a difference for such a tie before suspecting Aio.
"""
import random
import sys

rng = random.Random(int(sys.argv[1]))
slots = list(range(1, 40))
rng.shuffle(slots)


def delay():
    """A sleep length no other sleep of the program has: 20 ms apart."""
    return f"{slots.pop() * 0.02:.2f}" if slots else "0"


def worker_body(k):
    lines = []
    for _ in range(rng.randint(1, 3)):
        r = rng.random()
        if r < 0.45:
            lines.append(f"    await asyncio.sleep({delay()})")
        elif r < 0.6:
            lines.append("    await asyncio.sleep(0)")
        elif r < 0.7:
            lines.append(f"    async with lock:")
            lines.append(f"        log.append(('locked', {k}))")
            lines.append(f"        await asyncio.sleep({delay()})")
        elif r < 0.8:
            lines.append(f"    async with sem:")
            lines.append(f"        log.append(('sem', {k}))")
            lines.append(f"        await asyncio.sleep(0)")
        elif r < 0.88:
            lines.append(f"    await q.put({k})")
        else:
            lines.append(f"    log.append(('step', {k}))")
    if rng.random() < 0.25:
        lines.append(f"    raise ValueError('w{k}')")
    lines.append(f"    return {k}")
    return lines


print('''import asyncio

log = []


def shown(x):
    if isinstance(x, BaseException):
        return f"{type(x).__name__}({x})"
    return repr(x)
''')
n_workers = rng.randint(3, 6)
for k in range(n_workers):
    print(f"async def w{k}():")
    print(f"    log.append(('start', {k}))")
    print("    try:")
    for line in worker_body(k):
        print("    " + line)
    print("    except asyncio.CancelledError:")
    print(f"        log.append(('cancelled', {k}))")
    print("        raise")
    print("    finally:")
    print(f"        log.append(('end', {k}))")
    print()

print("async def main():")
print("    global lock, sem, q")
print("    lock = asyncio.Lock()")
print(f"    sem = asyncio.Semaphore({rng.randint(1, 3)})")
print("    q = asyncio.Queue()")
scenarios = rng.sample(range(8), rng.randint(2, 4))
for s in scenarios:
    ws = rng.sample(range(n_workers), rng.randint(1, n_workers))
    calls = ", ".join(f"w{k}()" for k in ws)
    print("    log.clear()")
    if s == 0:
        print(f"    r = await asyncio.gather({calls}, return_exceptions=True)")
        print("    print('gather', [shown(x) for x in r])")
    elif s == 1:
        print("    try:")
        print(f"        r = await asyncio.gather({calls})")
        print("        print('gather', r)")
        print("    except Exception as e:")
        print("        print('gather failed', shown(e))")
        print("    await asyncio.sleep(2)")
    elif s == 2:
        print("    try:")
        print("        async with asyncio.TaskGroup() as tg:")
        print(f"            ts = [tg.create_task(c) for c in ({calls},)]")
        print("        print('group', [t.result() for t in ts])")
        print("    except* ValueError as eg:")
        print("        print('group failed', sorted(str(e) for e in eg.exceptions))")
        # CPython's TaskGroup cancels its tasks in the order of a set (by address).
        print("    log.sort()")
    elif s == 3:
        print(f"    ts = [asyncio.create_task(c) for c in ({calls},)]")
        print(f"    await asyncio.sleep({delay()})")
        print("    for t in ts[::2]:")
        print("        t.cancel()")
        print("    r = await asyncio.gather(*ts, return_exceptions=True)")
        print("    print('cancel', [shown(x) for x in r])")
    elif s == 4:
        print("    try:")
        print(f"        r = await asyncio.wait_for(asyncio.gather({calls}, return_exceptions=True), {delay()})")
        print("        print('wait_for', [shown(x) for x in r])")
        print("    except TimeoutError:")
        print("        print('wait_for timed out')")
        print("    await asyncio.sleep(2)")
    elif s == 5:
        print(f"    ts = [asyncio.create_task(c) for c in ({calls},)]")
        print(f"    done, pending = await asyncio.wait(ts, timeout={delay()})")
        print("    print('wait', sorted(ts.index(t) for t in done), sorted(ts.index(t) for t in pending))")
        # (In the order of `ts`: CPython's `pending` is a set, ordered by address.)
        print("    for t in ts:")
        print("        if t in pending:")
        print("            t.cancel()")
        print("    await asyncio.gather(*ts, return_exceptions=True)")
    elif s == 6:
        # Tasks, not coroutines: CPython wraps coroutines in the order of a set.
        print(f"    ts = [asyncio.create_task(c) for c in ({calls},)]")
        print(f"    for c in asyncio.as_completed(ts):")
        print("        try:")
        print("            print('completed', await c)")
        print("        except Exception as e:")
        print("            print('completed error', shown(e))")
    else:
        print("    try:")
        print(f"        async with asyncio.timeout({delay()}):")
        print(f"            r = await asyncio.gather({calls}, return_exceptions=True)")
        print("            print('timeout block', [shown(x) for x in r])")
        print("    except TimeoutError:")
        print("        print('timeout block timed out')")
        print("    await asyncio.sleep(2)")
    print("    print(log)")
    print("    items = []")
    print("    while not q.empty():")
    print("        items.append(q.get_nowait())")
    print("    print('queue', items)")
print()
print("asyncio.run(main())")
