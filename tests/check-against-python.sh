#!/usr/bin/env bash
# check-against-python.sh — compare Aio's golden expectations with CPython 3.11.
#
# Usage:
#   tests/check-against-python.sh [--write] [-j N] [PATH...]
#
#   PATH      .aio files or directories (searched recursively for *.aio);
#             default: tests/golden next to this script.
#   --write   (re)generate NAME.out from python3 instead of comparing.
#   -j N      run N files at a time (default 2).
#   PYTHON=…  interpreter to use (default python3).
#
# Each NAME.aio is run from its own directory exactly as the golden harness
# runs `aio NAME.aio`:
#     python3 -u NAME.aio 2>&1 < NAME.in   (or < /dev/null when there is no NAME.in)
# and when the exit status N is not 0 a last line `[exit status N]` is appended
# (directly after the output, which in this corpus always ends with a newline
# in that case).
#
# CPython's output is normalized before it is compared or written:
#   * the script's absolute path `/absolute/dir/NAME.aio` becomes `NAME.aio`
#     wherever it appears (`File "NAME.aio", line N`, warnings, asyncio handle
#     reprs): CPython makes the script path absolute, Aio prints the name it
#     was given;
#   * traceback frames inside CPython's own library (a `File "…"` line whose
#     path contains /lib/python3. or starts with <frozen …>) are removed, with
#     the source and caret lines indented under them.
#
# Files whose first 5 lines contain `# aio-only: REASON` are skipped: their
# expectation is Aio's own (e.g. top-level await).  A `# clock: real` comment
# is ignored here (python always runs in real time).
#
# Exit status: 0 when every checked file matches, 1 when some differ, 2 on a
# usage error.  The last line is a summary:
#     checked N files, M differ, K aio-only skipped

set -u

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# ---------------------------------------------------------------------------
# Internal mode: run one file, write its normalized output to RESULT.
#   check-against-python.sh __run PYTHON FILE RESULT
# ---------------------------------------------------------------------------
if [ "${1:-}" = "__run" ]; then
    py=$2 file=$3 result=$4
    dir=$(dirname "$file")
    base=$(basename "$file")
    stem=${base%.aio}
    input=/dev/null
    [ -f "$dir/$stem.in" ] && input="$dir/$stem.in"
    raw="$result.raw"
    (
        cd "$dir" || exit 97
        if command -v timeout >/dev/null 2>&1; then
            exec timeout 120 "$py" -u "$base" <"$input" >"$raw" 2>&1
        else
            exec "$py" -u "$base" <"$input" >"$raw" 2>&1
        fi
    )
    rc=$?
    physical=$(cd "$dir" && pwd -P)
    logical=$(cd "$dir" && pwd -L)
    "$py" - "$base" "$raw" "$result" "$rc" "$physical" "$logical" <<'PYEOF'
import re, sys
base, raw, result, rc = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
with open(raw, encoding="utf-8", errors="surrogateescape", newline="") as f:
    text = f.read()
# Absolute path of the script -> bare name, wherever CPython shows it
# (traceback frames, syntax errors, warnings, asyncio handle reprs).
for d in sorted(set(sys.argv[5:7]), key=len, reverse=True):
    text = text.replace(d.rstrip("/") + "/" + base, base)
text = re.sub(r'File "[^"\n]*/' + re.escape(base) + '"', 'File "' + base + '"', text)
lines = text.split("\n")
out = []
skip_indent = None
frame = re.compile(r'^([ |]*)File "([^"\n]*)", line \d+')
for line in lines:
    if skip_indent is not None:
        lead = len(line) - len(line.lstrip(" |"))
        if line.strip(" |") != "" and lead > skip_indent:
            continue
        skip_indent = None
    m = frame.match(line)
    if m and ("/lib/python3." in m.group(2) or m.group(2).startswith("<frozen ")):
        skip_indent = len(m.group(1))
        continue
    out.append(line)
text = "\n".join(out)
if rc != 0:
    text += "[exit status %d]\n" % rc
with open(result, "w", encoding="utf-8", errors="surrogateescape", newline="") as f:
    f.write(text)
PYEOF
    rm -f "$raw"
    exit 0
fi

# ---------------------------------------------------------------------------
# Main mode.
# ---------------------------------------------------------------------------
write=0
jobs=2
paths=()
while [ $# -gt 0 ]; do
    case "$1" in
        --write) write=1 ;;
        -j) shift; jobs=${1:?-j needs a number} ;;
        -j*) jobs=${1#-j} ;;
        -h|--help) sed -n '2,36p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        --) shift; paths+=("$@"); break ;;
        -*) echo "check-against-python.sh: unknown option $1" >&2; exit 2 ;;
        *) paths+=("$1") ;;
    esac
    shift
done
[ ${#paths[@]} -eq 0 ] && paths=("$script_dir/golden")

python=${PYTHON:-python3}
# Resolve the real interpreter once (pyenv shims are slow to start).
python=$("$python" -c 'import sys; print(sys.executable)') || {
    echo "check-against-python.sh: cannot run $python" >&2; exit 2; }

files=()
for p in "${paths[@]}"; do
    if [ -d "$p" ]; then
        while IFS= read -r f; do files+=("$f"); done < <(find "$p" -type f -name '*.aio' | LC_ALL=C sort)
    elif [ -f "$p" ]; then
        files+=("$p")
    else
        echo "check-against-python.sh: no such file or directory: $p" >&2; exit 2
    fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/aio-check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

todo=()
skipped=0
for f in "${files[@]}"; do
    abs=$(cd "$(dirname "$f")" && pwd)/$(basename "$f")
    if head -n 5 "$abs" | grep -q '#[[:space:]]*aio-only:'; then
        skipped=$((skipped + 1))
        continue
    fi
    todo+=("$abs")
done

# Run in parallel; result i goes to $tmp/i.
if [ ${#todo[@]} -gt 0 ]; then
    for i in "${!todo[@]}"; do
        printf '%s\0%s\0' "${todo[$i]}" "$tmp/$i"
    done | xargs -0 -n 2 -P "$jobs" "${BASH_SOURCE[0]}" __run "$python"
fi

differ=0
for i in "${!todo[@]}"; do
    f=${todo[$i]}
    expected=${f%.aio}.out
    rel=${f#"$PWD"/}
    if [ $write -eq 1 ]; then
        cp "$tmp/$i" "$expected"
        continue
    fi
    if [ ! -f "$expected" ]; then
        echo "DIFFERS: $rel (no ${expected##*/})"
        differ=$((differ + 1))
    elif ! cmp -s "$expected" "$tmp/$i"; then
        echo "DIFFERS: $rel"
        diff -u --label "${rel%.aio}.out (expected)" --label "python3" "$expected" "$tmp/$i"
        differ=$((differ + 1))
    fi
done

if [ $write -eq 1 ]; then
    echo "wrote ${#todo[@]} files, $skipped aio-only skipped"
    exit 0
fi
echo "checked ${#todo[@]} files, $differ differ, $skipped aio-only skipped"
[ $differ -eq 0 ]
