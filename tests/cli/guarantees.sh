#!/bin/sh
# Guarantees, tested: rows in = projects out in every format for every readable corpus CSV;
# -o never leaves a partial file (a run killed mid-write keeps the old file); a full disk or a
# closed stdout is exit 2 with a message, in every format.
# Args: $1 the ddcheck binary, $2 the repository root, $3 the shared folder.
set -u
bin=$1
root=$2
shared=${3:-}
. "$root/tests/cli/lib/check.sh"
require python3
formats=$("$bin" --help | sed -n '/^Formats:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
[ -n "$formats" ] || { echo "no formats in --help"; exit 1; }
count="python3 $root/tests/cli/count_projects.py"

# Rows in = projects out. The rows in are counted by Python's csv module (blank lines
# skipped, header excluded) where it can read the file; every format must agree with it. Where a
# quote never closes (found by a small scan of its own), the row ends with the line the quote
# opened on and the lines after it are counted again as rows, as ddcheck reads them again.
rows_in() {
  python3 - "$1" <<'PY'
import csv, sys

def open_quote_at_end(text, delim):
    """Offset of a quote that opens a cell and never closes, or None."""
    in_quote, start, cell_start, i = False, None, True, 0
    while i < len(text):
        c = text[i]
        if in_quote:
            if c == '"' and text[i + 1:i + 2] == '"':
                i += 2
                continue
            if c == '"':
                in_quote, cell_start = False, False
        elif c == '"' and cell_start:
            in_quote, start = True, i
        elif c == delim or c in "\r\n":
            cell_start = True
        elif c not in " \t":
            cell_start = False
        i += 1
    return start if in_quote else None

def plain(text, delim):
    rows = csv.reader(text.splitlines(True), delimiter=delim)
    return sum(1 for r in rows if any(c.strip() for c in r))

def records(text, delim):
    start = open_quote_at_end(text, delim)
    ends = [k for k in (text.find("\n", start), text.find("\r", start)) if k >= 0] if start is not None else []
    if not ends:
        return plain(text, delim)
    end = min(ends) + 1
    if text[end - 1] == "\r" and text[end:end + 1] == "\n":
        end += 1
    return plain(text[:end], delim) + records(text[end:], delim)

try:
    data = open(sys.argv[1], "rb").read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    text = data.decode("utf-8", errors="replace").replace("\0", " ")
    first = text.split("\n", 1)[0]
    delim = "," if "," in first else ";" if ";" in first else "\t" if "\t" in first else ","
    print(max(records(text, delim) - 1, 0))
except Exception:
    print("?")
PY
}
corpus=$(ls examples/*.csv examples/custom/*.csv tests/fixtures/*.csv tests/fixtures/*/*.csv \
  tests/fuzz/corpus/csv/* 2>/dev/null)
[ -n "$shared" ] && [ -d "$shared/conformance/csv-spectrum/csvs" ] &&
  corpus="$corpus $(ls "$shared"/conformance/csv-spectrum/csvs/*.csv)"
files=0
for csv in $corpus; do
  "$bin" -f json -o "$tmp/report.json" --fail-on never "$csv" 2>/dev/null
  [ $? = 2 ] && continue # not a readable CSV (UTF-16, ...): nothing to account for
  files=$((files + 1))
  want=$(rows_in "$csv")
  [ "$want" = "?" ] && want=$($count json "$tmp/report.json")
  # All formats from one evaluation (one -f/-o pair each), then counted in one Python run.
  set --
  for f in $formats; do set -- "$@" -f "$f" -o "$tmp/report.$f"; done
  # github accounts for every project in its job summary (its annotations are capped).
  : >"$tmp/report.github.summary"
  GITHUB_STEP_SUMMARY=$tmp/report.github.summary "$bin" -v "$@" --fail-on never "$csv" 2>/dev/null
  bad=$(for f in $formats; do echo "$f $tmp/report.$f"; done | sed 's/^github .*/&.summary/' |
    $count - | awk -v want="$want" \
    '$2 != "n/a" && $2 != want { printf " %s=%s", $1, $2 }')
  check "rows in = projects out in every format: $csv ($want rows)" '[ -z "$bad" ]'
  [ -z "$bad" ] || echo "#   $csv: $want rows in, but$bad"
done
check "the corpus has readable CSV files" '[ "$files" -gt 10 ]'

# -o never leaves a partial file: a run killed while writing keeps the old file.
python3 - "$tmp/big.csv" <<'PY'
import sys
lines = open("examples/submissions.csv", encoding="utf-8").read().splitlines()
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write(lines[0] + "\n")
    for i in range(60000):
        row = lines[1 + i % (len(lines) - 1)]
        out.write(row + "\n")
PY
for f in json text; do
  echo "old report" >"$tmp/out.$f"
  timeout -s KILL 0.3 "$bin" -f "$f" -o "$tmp/out.$f" "$tmp/big.csv" 2>/dev/null
  st=$?
  check "a $f run killed mid-write (status $st) leaves the old file intact" '[ "$(cat "$tmp/out.$f")" = "old report" ]'
done
echo "old report" >"$tmp/out.pipe"
{ cat examples/submissions.csv; sleep 5; } | "$bin" -f json -o "$tmp/out.pipe" - 2>/dev/null &
sleep 1
pkill_target=$(pgrep -n -f "$tmp/out.pipe" || true)
[ -n "$pkill_target" ] && kill -KILL "$pkill_target"
wait 2>/dev/null
check "a run killed while reading a slow pipe leaves the old file intact" '[ "$(cat "$tmp/out.pipe")" = "old report" ]'

# -o to something that is not a regular file writes into it, never renames over it (a build
# without this, run as root, turned `-o /dev/null` into a report file). Tested on a FIFO in
# the temporary folder, never on a real device.
mkfifo "$tmp/fifo" 2>/dev/null && {
  cat "$tmp/fifo" >"$tmp/from_fifo" &
  "$bin" -f jsonl -o "$tmp/fifo" --fail-on never examples/submissions.csv 2>/dev/null
  st=$?
  wait
  check "-o FIFO writes into the FIFO and leaves it a FIFO" '[ "$st" = 0 ] && [ -p "$tmp/fifo" ] && [ "$(wc -l <"$tmp/from_fifo")" = 10 ]'
}

# A full disk and a closed stdout: exit 2 with a message, in every format (but xlsx, which is
# never written to standard output: tests/cli/xlsx.sh checks its refusal and its failures).
for f in $formats; do
  [ "$f" = xlsx ] && continue
  if [ -w /dev/full ]; then
    "$bin" -f "$f" --fail-on never examples/submissions.csv >/dev/full 2>"$tmp/err"
    st=$?
    check "$f: a full disk on stdout exits 2 with a message" '[ "$st" = 2 ] && grep -q "cannot write" "$tmp/err"'
  fi
  "$bin" -f "$f" --fail-on never examples/submissions.csv >&- 2>"$tmp/err"
  st=$?
  check "$f: a closed stdout exits 2 with a message" '[ "$st" = 2 ] && grep -q "cannot write" "$tmp/err"'
done
[ $fails = 0 ]
