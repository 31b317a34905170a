#!/bin/sh
# CSV reports that open in Excel by double-click: csv, summary and actions written to a file start
# with a UTF-8 byte-order mark (without it Excel shows "¶" as "Â¶"); on standard output, with
# --no-bom, and in every other format, nothing is added. Python's csv module (utf-8-sig) reads
# the marked files with the same rows as the unmarked ones.
# Args: $1 the ddcheck binary, $2 the repository root.
set -u
bin=$1
root=$2
. "$root/tests/cli/lib/check.sh"
bom() { [ "$(head -c 3 "$1" | od -An -tx1 | tr -d ' \n')" = efbbbf ]; }
for f in csv summary actions; do
  "$bin" -f "$f" -o "$tmp/a.$f" examples/submissions.csv 2>/dev/null
  "$bin" -f "$f" -o "$tmp/b.$f" --no-bom examples/submissions.csv 2>/dev/null
  "$bin" -f "$f" examples/submissions.csv >"$tmp/c.$f" 2>/dev/null
  check "$f to a file starts with a byte-order mark" "bom '$tmp/a.$f'"
  check "$f with --no-bom has none" "! bom '$tmp/b.$f'"
  check "$f on standard output has none" "! bom '$tmp/c.$f'"
  check "$f: the marked file is the unmarked one after the mark" \
    "[ \"\$(tail -c +4 '$tmp/a.$f' | md5sum)\" = \"\$(md5sum <'$tmp/b.$f')\" ]"
  check "$f: Python's csv reads the same rows from both" "python3 - '$tmp/a.$f' '$tmp/b.$f' <<'PY'
import csv, sys
a = list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
b = list(csv.DictReader(open(sys.argv[2], encoding='utf-8', newline='')))
assert a == b and a, (len(a), len(b))
PY"
done
for f in json jsonl markdown html junit sarif tap; do
  "$bin" -f "$f" -o "$tmp/d.$f" examples/submissions.csv 2>/dev/null
  check "$f to a file has no byte-order mark" "! bom '$tmp/d.$f'"
done
[ $fails = 0 ]
