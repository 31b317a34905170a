#!/bin/sh
# Baseline mode: with --baseline OLD.json only gaps that OLD.json does not have fail the run.
# Args: $1 the ddcheck binary, $2 the repository root.
set -u
bin=$1
root=$2
. "$root/tests/cli/lib/check.sh"
export SOURCE_DATE_EPOCH=0 TZ=UTC NO_COLOR=1

"$bin" -f json -o "$tmp/base.json" examples/submissions.csv 2>/dev/null
"$bin" examples/submissions.csv >/dev/null 2>&1
st=$?
check "without a baseline the examples exit 1" '[ "$st" = 1 ]'
"$bin" --baseline "$tmp/base.json" examples/submissions.csv >"$tmp/out" 2>/dev/null
st=$?
check "an unchanged batch exits 0 against its own baseline" '[ "$st" = 0 ]'
check "its old gaps are still shown, marked known" 'grep -q "unmet (known)  G3.1.c" "$tmp/out"'

# One new gap: ID-NI-06 (already a gap) loses its dialogue budget, so G3.1.b opens.
sed 's/^\(ID-NI-06,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,\)300000,/\10,/' examples/submissions.csv \
  >"$tmp/one_new_gap.csv"
check "the fixture edit changed one row" '[ "$(diff examples/submissions.csv "$tmp/one_new_gap.csv" | grep -c '"'"'^>'"'"')" = 1 ]'
"$bin" --baseline "$tmp/base.json" -f json -o "$tmp/new.json" "$tmp/one_new_gap.csv" \
  >"$tmp/out" 2>/dev/null
st=$?
check "one new gap exits 1" '[ "$st" = 1 ]'
check "the JSON report marks exactly one gap new" '[ "$(grep -c '"'"'"baseline": "new"'"'"' "$tmp/new.json")" = 1 ]'
check "and the others known" 'grep -q '"'"'"baseline": "known"'"'"' "$tmp/new.json"'
"$bin" --baseline "$tmp/base.json" --fail-on never "$tmp/one_new_gap.csv" >/dev/null 2>&1
st=$?
check "--fail-on never still exits 0" '[ "$st" = 0 ]'
"$bin" --baseline "$tmp/base.json" --fail-on invalid "$tmp/one_new_gap.csv" >/dev/null 2>&1
st=$?
check "--fail-on invalid ignores a new gap (the invalid row is known)" '[ "$st" = 0 ]'

echo '{"format": "ddcheck-report/1",' >"$tmp/broken.json"
"$bin" --baseline "$tmp/broken.json" examples/submissions.csv >"$tmp/out" 2>"$tmp/err"
st=$?
check "a broken baseline exits 2" '[ "$st" = 2 ]'
check "with its place and reason" 'grep -q "broken.json:2:1: error: invalid JSON: unexpected end of text" "$tmp/err"'
check "and no report" '[ ! -s "$tmp/out" ]'
[ "$fails" = 0 ]
