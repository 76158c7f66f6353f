#!/usr/bin/env python3
"""Runs each workload in benches/workloads under `aio` (release build) and `python3`,
alternately, several times; prints the median wall-time ratio aio/python3 and the ratio of
peak memory (max RSS) per workload, with the target the issues set.

    python3 benches/compare.py [--runs N] [--only NAME ...] [--write-doc]

--write-doc rewrites the table in docs/performance.md. Each workload is a valid Python
program, so both interpreters run the same file. The async workloads run under aio's real
clock, as CPython has no other. A workload with a target in milliseconds (start-up) is
timed from runs spawned directly, since GNU time's own start-up would be a third of it;
its memory still comes from GNU time.
"""
import argparse
import datetime
import os
import platform
import statistics
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORKLOADS = os.path.join(ROOT, "benches", "workloads")
AIO = os.path.join(ROOT, "target", "release", "aio")
PYTHON = shutil.which("python3") or sys.executable

# Time ratio targets (aio/python3); memory targets are marked "mem".
TARGETS = {
    "fib": 1.0,
    "while_loop": 1.0,
    "word_count": 1.0,
    "method_calls": 1.0,
    "fstrings": 1.0,
    "dict_churn": 1.0,
    "str_concat": 1.0,
    "async_fib": 0.3,
    "gather_100k": 0.3,
    "sleep0_tasks": 0.3,
    # Issue #3 asks 0.5 of it; #5 asks 0.3 of every async throughput workload.
    "queue_1m": 0.3,
    "semaphore_fanout": 0.3,
    "taskgroup_100k": 0.3,
    "pending_200k": "mem 0.25",
    "pending_event_200k": "mem 0.25",
    "sleep_100k": "wall <= 1.2 s",
    "startup": "<= 5 ms",
}


def run_once(cmd):
    """Wall seconds and peak RSS in MiB of one run.

    The peak is measured by GNU time when it is installed: a child of this (large) script
    would inherit its memory high-water mark across exec."""
    gnu_time = shutil.which("time") or ("/usr/bin/time" if os.path.exists("/usr/bin/time") else None)
    prefix = [gnu_time, "-f", "%M"] if gnu_time else []
    start = time.perf_counter()
    proc = subprocess.run(prefix + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    err = proc.stderr.decode()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err}")
    peak_kib = int(err.strip().splitlines()[-1]) if gnu_time else 0
    return elapsed, peak_kib / 1024


def run_direct(cmd):
    """Wall seconds of one run spawned directly, for a target in absolute time (start-up's),
    of which GNU time's own start-up (~1.5 ms here) would otherwise be a third."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr.decode()}")
    return elapsed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--write-doc", action="store_true")
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    names = sorted(f[:-4] for f in os.listdir(WORKLOADS) if f.endswith(".aio"))
    if args.only:
        names = [n for n in names if n in args.only]
    rows = []
    header = f"{'workload':<20}{'aio s':>9}{'python s':>10}{'ratio':>8}{'aio MiB':>9}{'py MiB':>8}{'mem':>7}  target"
    print(header)
    for name in names:
        path = os.path.join(WORKLOADS, name + ".aio")
        aio_t, py_t, aio_m, py_m = [], [], [], []
        absolute = str(TARGETS.get(name, "")).endswith(" ms")
        for _ in range(args.runs):
            for cmd, times, peaks in (
                ([AIO, "--clock=real", path], aio_t, aio_m),
                ([PYTHON, path], py_t, py_m),
            ):
                t, m = run_once(cmd)
                times.append(run_direct(cmd) if absolute else t)
                peaks.append(m)
        a, p = statistics.median(aio_t), statistics.median(py_t)
        am, pm = statistics.median(aio_m), statistics.median(py_m)
        row = (name, a, p, a / p, am, pm, am / pm, TARGETS.get(name, ""))
        rows.append(row)
        d = 4 if absolute else 3
        print(f"{name:<20}{a:>9.{d}f}{p:>10.{d}f}{a / p:>8.2f}{am:>9.1f}{pm:>8.1f}{am / pm:>7.2f}  {row[7]}")
    if args.write_doc:
        write_doc(rows)


def write_doc(rows):
    path = os.path.join(ROOT, "docs", "performance.md")
    with open(path) as f:
        text = f.read()
    start = text.index("<!-- table -->")
    end = text.index("<!-- /table -->")
    lines = [
        "<!-- table -->",
        f"Measured {datetime.date.today()} on {platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}, median of runs.",
        "",
        "| workload | aio s | python3 s | time ratio | aio MiB | python3 MiB | memory ratio | target |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, a, p, r, am, pm, mr, target in rows:
        d = 4 if str(target).endswith(" ms") else 3
        lines.append(f"| {name} | {a:.{d}f} | {p:.{d}f} | {r:.2f} | {am:.1f} | {pm:.1f} | {mr:.2f} | {target} |")
    text = text[:start] + "\n".join(lines) + "\n" + text[end:]
    with open(path, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
