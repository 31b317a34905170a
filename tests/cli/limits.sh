#!/bin/sh
# Limits on hostile sizes, generated on the fly: a 100 MB cell, a million columns (in a row and
# in the header), a checklist nested 100,000 deep and a rule nested past the engine's limit.
# Each must finish within seconds, within a memory bound, with a message naming the limit.
# Args: $1 the ddcheck binary, $2 the repository root.
set -u
bin=$1
root=$2
. "$root/tests/cli/lib/check.sh"
# Memory is measured with GNU time when there is one; a sanitizer build needs more room.
have_time=0
[ -x /usr/bin/time ] && /usr/bin/time -f %M true 2>/dev/null && have_time=1
limit_kb=${DDCHECK_LIMITS_MAX_RSS_KB:-262144}
run() { # run INPUT ARGS...: stdout, stderr, status, rss (KB), seconds
  input=$1; shift
  start=$(date +%s)
  if [ $have_time = 1 ]; then
    timeout 60 /usr/bin/time -f %M -o "$tmp/rss" "$bin" "$@" <"$input" >"$tmp/out" 2>"$tmp/err"
  else
    (ulimit -v 4194304; timeout 60 "$bin" "$@" <"$input" >"$tmp/out" 2>"$tmp/err")
  fi
  st=$?
  secs=$(($(date +%s) - start))
  rss=0
  [ $have_time = 1 ] && rss=$(tail -1 "$tmp/rss")
  echo "# exit $st, ${secs}s, max RSS ${rss} KB"
}
bounded() { [ "$st" != 124 ] && [ "$secs" -le 30 ] && [ "$rss" -le "$limit_kb" ]; }
# With a limit raised by the user, memory follows the data; only time is bounded.
quick() { [ "$st" != 124 ] && [ "$secs" -le 30 ]; }

# A 100 MB cell: the row is invalid, the next row is still read, memory stays flat.
{ echo "project_id,notes"; printf 'P1,'; head -c 100000000 /dev/zero | tr '\0' a; printf '\nP2,fine\n'; } >"$tmp/cell.csv"
run "$tmp/cell.csv" -f jsonl --fail-on never -
check "a 100 MB cell finishes within seconds and the memory bound" 'bounded'
check "a 100 MB cell is named with the limit" 'grep -q "<stdin>:2:2: error: the row cannot be read: cell 2 is longer than the 1048576-byte limit" "$tmp/err"'
check "a 100 MB cell: both rows are reported" '[ "$(wc -l <"$tmp/out")" = 2 ] && [ "$st" = 0 ]'
run "$tmp/cell.csv" -f jsonl --fail-on never --max-cell 200M -
check "--max-cell raises the limit (linear time: libcsv's buffer grows geometrically)" 'quick && ! grep -q "longer than" "$tmp/err" && [ "$(wc -l <"$tmp/out")" = 2 ]'
rm -f "$tmp/cell.csv"

# A million columns in a row, then in the header.
{ echo "project_id,stage"; printf 'P1'; head -c 1000000 /dev/zero | tr '\0' ,; printf '\nP2,construction\n'; } >"$tmp/wide.csv"
run "$tmp/wide.csv" -f jsonl --fail-on never -
check "a row of a million cells finishes within bounds" 'bounded'
check "a row of a million cells is named with the limit" 'grep -q "<stdin>:2:1: error: the row cannot be read: 1000001 cells, more than the limit of 4096" "$tmp/err"'
check "a row of a million cells: both rows are reported" '[ "$(wc -l <"$tmp/out")" = 2 ]'
{ printf 'project_id'; head -c 1000000 /dev/zero | tr '\0' ,; printf '\nP1\n'; } >"$tmp/wide.csv"
run "$tmp/wide.csv" -f jsonl --fail-on never -
check "a header of a million cells finishes within bounds" 'bounded'
check "a header of a million cells is named with the limit" 'grep -q "<stdin>:1:1: error: the header cannot be read: 1000001 cells, more than the limit of 4096" "$tmp/err"'
{ echo "project_id,stage"; printf 'P1'; head -c 1000000 /dev/zero | tr '\0' ,; printf '\nP2,construction\n'; } >"$tmp/wide.csv"
run "$tmp/wide.csv" -f jsonl --fail-on never --max-columns 2000000 -
check "--max-columns raises the limit" 'quick && ! grep -q "more than the limit" "$tmp/err" && grep -q "<stdin>:2:1: error: the row has 1000001 cells but the header has 2" "$tmp/err" && [ "$(wc -l <"$tmp/out")" = 2 ]'
rm -f "$tmp/wide.csv"

# A checklist nested 100,000 deep: refused at the nesting limit with its place, no crash.
python3 - "$tmp/deep.json" <<'PY' || exit 77
import sys
depth = 100000
rule = '{"!":[' * depth + 'true' + ']}' * depth
open(sys.argv[1], "w").write('{"format": "ddcheck-checklist/1", "id": "deep", "title": "Deep", "key": "id",\n'
    ' "fields": {"id": {"type": "text"}},\n'
    ' "criteria": [{"id": "C", "title": "c", "requirements": [{"id": "R", "text": "r", "rule": ' + rule + '}]}]}\n')
PY
echo id >"$tmp/one.csv"
run "$tmp/one.csv" -c "$tmp/deep.json" -
check "a checklist nested 100,000 deep exits 2 within bounds" '[ "$st" = 2 ] && bounded'
check "a checklist nested 100,000 deep names the nesting limit and its place" 'grep -q "deep.json:3:[0-9]*: error: invalid JSON: nesting deeper than 512" "$tmp/err"'
# Within the JSON limit but past the engine's (LOGIC_MAX_DEPTH): a diagnostic, not a crash.
python3 - "$tmp/deep.json" <<'PY'
import sys
depth = 300
rule = '{"!":[' * depth + 'true' + ']}' * depth
open(sys.argv[1], "w").write('{"format": "ddcheck-checklist/1", "id": "deep", "title": "Deep", "key": "id",\n'
    ' "fields": {"id": {"type": "text"}},\n'
    ' "criteria": [{"id": "C", "title": "c", "requirements": [{"id": "R", "text": "r", "rule": ' + rule + '}]}]}\n')
PY
run "$tmp/one.csv" -c "$tmp/deep.json" -
check "a rule nested 300 deep exits 2 with a message" '[ "$st" = 2 ] && grep -q "deep.json:3:[0-9]*: error: .*nest" "$tmp/err"'
# (10,000 deep: a command-line argument is at most 128 KiB.)
python3 -c 'print("{\"!\":[" * 10000 + "true" + "]}" * 10000)' >"$tmp/deep_rule.json"
run /dev/null logic "$(cat "$tmp/deep_rule.json")"
check "ddcheck logic with a rule nested 10,000 deep exits 2 with a message" '[ "$st" = 2 ] && [ -s "$tmp/err" ]'

[ $fails = 0 ]
