#!/bin/sh
# The diff fixtures tests/fixtures/report_q1.json and report_q2.json are ddcheck's own JSON reports
# of examples/submissions.csv and tests/fixtures/submissions_q2.csv: regenerate them and compare
# (the generator version is left out), so they cannot go stale; then diff them end to end.
# Args: $1 the ddcheck binary, $2 the repository root.
set -u
bin=$1
root=$2
. "$root/tests/cli/lib/check.sh"
strip() { sed '/"name": "ddcheck",/{n;d;}' "$1"; }

for pair in "q1 examples/submissions.csv" "q2 tests/fixtures/submissions_q2.csv"; do
  set -- $pair
  SOURCE_DATE_EPOCH=0 TZ=UTC "$bin" -f json -o "$tmp/$1.json" "$2" 2>/dev/null
  strip "$tmp/$1.json" >"$tmp/$1.new"
  strip "tests/fixtures/report_$1.json" >"$tmp/$1.old"
  if ! diff -u "$tmp/$1.old" "$tmp/$1.new" >"$tmp/$1.diff"; then
    head -40 "$tmp/$1.diff"
    echo "# regenerate: SOURCE_DATE_EPOCH=0 ddcheck -f json -o tests/fixtures/report_$1.json $2"
  fi
  q=$1
  check "tests/fixtures/report_$1.json is the report of $2" '[ ! -s "$tmp/$q.diff" ]'
done

"$bin" diff "$tmp/q1.json" "$tmp/q2.json" >"$tmp/out" 2>"$tmp/err"
st=$?
check "diff exits 1 when a requirement opened" '[ "$st" = 1 ]'
check "diff names the regressed project" 'grep -q "^UG-OIL-07 .*REGRESSED" "$tmp/out"'
check "diff prints nothing on stderr" '[ ! -s "$tmp/err" ]'
"$bin" diff "$tmp/q1.json" "$tmp/q1.json" >"$tmp/out" 2>"$tmp/err"
st=$?
check "diff of a report with itself exits 0" '[ "$st" = 0 ]'
check "and says there is no regression" 'grep -q "no regression" "$tmp/out"'
"$bin" diff "$tmp/q2.json" "$tmp/q1.json" >"$tmp/out" 2>&1
st=$?
check "the reverse diff regresses too (gaps reopen)" '[ "$st" = 1 ]'
"$bin" diff "$tmp/q1.json" >"$tmp/out" 2>"$tmp/err"
st=$?
check "diff with one report is a usage error" '[ "$st" = 2 ] && [ ! -s "$tmp/out" ]'
"$bin" diff -f yaml "$tmp/q1.json" "$tmp/q2.json" >"$tmp/out" 2>"$tmp/err"
st=$?
check "an unknown diff format is named" '[ "$st" = 2 ] && grep -q "'"'"'yaml'"'"'" "$tmp/err"'
[ "$fails" = 0 ]
