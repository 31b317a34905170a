#!/bin/sh
# The command-line contract: help and version, usage errors, standard input, missing files,
# atomic -o, and write failures. Args: $1 the ddcheck binary, $2 the repository root.
set -u
bin=$1
root=$2
. "$root/tests/cli/lib/check.sh"
run() { # run ARGS... : sets $out, $err, $st
  "$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
  st=$?
}

run --help
check "--help goes to stdout and exits 0" '[ "$st" = 0 ] && grep -q "Usage:" "$tmp/out" && [ ! -s "$tmp/err" ]'
check "--help lists every format from the name table" 'grep -q "jsonl" "$tmp/out"'
run --version
check "--version prints the version" '[ "$st" = 0 ] && grep -Eq '"'"'^ddcheck [0-9]+\.[0-9]+\.[0-9]+$'"'"' "$tmp/out"'

run --frobnicate examples/submissions.csv
check "an unknown option exits 2" '[ "$st" = 2 ]'
check "an unknown option is named on stderr" 'grep -q "'"'"'--frobnicate'"'"'" "$tmp/err"'
check "a usage error prints nothing on stdout" '[ ! -s "$tmp/out" ]'

run lnit examples/custom/community-health-safety.json
check "a mistyped command is named as no command and no file, and reads nothing" '[ "$st" = 2 ] && grep -q "'"'"'lnit'"'"' is no command and no file" "$tmp/err" && [ ! -s "$tmp/out" ]'

run lint --help
check "--help after a command is the help" '[ "$st" = 0 ] && grep -q "Usage:" "$tmp/out"'

run --format=summary --fail-on=never examples/submissions.csv
check "--name=value is --name value" '[ "$st" = 0 ] && head -1 "$tmp/out" | grep -q "^key,file,line,score,verdict,not_met"'

run --verbose=no examples/submissions.csv
check "--name=value on an option without a value is a usage error, not a file named value" '[ "$st" = 2 ] && grep -q "unknown option '"'"'--verbose=no'"'"'" "$tmp/err" && [ ! -s "$tmp/out" ]'

SOURCE_DATE_EPOCH=abc "$bin" -f summary examples/submissions.csv >"$tmp/out" 2>"$tmp/err"
st=$?
check "a malformed SOURCE_DATE_EPOCH exits 2 (it sets the run date)" '[ "$st" = 2 ] && grep -q "SOURCE_DATE_EPOCH" "$tmp/err" && [ ! -s "$tmp/out" ]'

DDCHECK_THREADS=7 "$bin" -f summary examples/submissions.csv >"$tmp/out" 2>"$tmp/err"
st=$?
check "an unusable DDCHECK_THREADS is a warning, and the run goes on" '[ "$st" = 1 ] && grep -q "DDCHECK_THREADS \"7\" is not 1 or 2" "$tmp/err" && [ "$(wc -l <"$tmp/out")" = 11 ]'

printf '{"var":"a\0b"}' >"$tmp/nul.json"
run logic @"$tmp/nul.json" '{}'
check "logic refuses a NUL byte in a JSON string, as the checklist loader does" '[ "$st" = 2 ] && grep -q "nul.json:1:10: invalid JSON: NUL byte in a string" "$tmp/err" && [ ! -s "$tmp/out" ]'

run -f yaml examples/submissions.csv
check "an unknown format exits 2 and lists the formats" '[ "$st" = 2 ] && grep -q "'"'"'yaml'"'"'" "$tmp/err" && grep -q "jsonl" "$tmp/err" && [ ! -s "$tmp/out" ]'

run -c
check "an option without its value exits 2" '[ "$st" = 2 ] && grep -q "'"'"'-c'"'"'" "$tmp/err"'

run -c no-such-checklist examples/submissions.csv
check "an unknown checklist exits 2 with a message" '[ "$st" = 2 ] && grep -q "no-such-checklist" "$tmp/err" && [ ! -s "$tmp/out" ]'

run -f jsonl /nonexistent.csv examples/custom/projects.csv -c examples/custom/community-health-safety.json
check "a missing file exits 2" '[ "$st" = 2 ]'
check "a missing file is named on stderr" 'grep -q "/nonexistent.csv: error: cannot read" "$tmp/err"'
check "the rest of the batch is still reported" '[ "$(wc -l <"$tmp/out")" = 5 ]'

"$bin" -f jsonl - <examples/submissions.csv >"$tmp/out" 2>"$tmp/err"
st=$?
check "'-' reads standard input" '[ "$st" = 1 ] && [ "$(wc -l <"$tmp/out")" = 10 ]'
check "standard input is shown as <stdin>" 'grep -q '"'"'"file":"<stdin>"'"'"' "$tmp/out" && grep -q "^ddcheck: <stdin>:7:" "$tmp/err"'

"$bin" -f jsonl <examples/submissions.csv >"$tmp/out" 2>/dev/null
check "no FILE reads standard input" '[ "$(wc -l <"$tmp/out")" = 10 ]'

run - -
check "standard input twice is a usage error" '[ "$st" = 2 ]'

run -f json -f jsonl examples/submissions.csv
check "two reports on stdout is a usage error" '[ "$st" = 2 ] && [ ! -s "$tmp/out" ]'

echo "old report" >"$tmp/same.out"
run -f json -o "$tmp/same.out" -f summary -o "$tmp/same.out" examples/submissions.csv
check "two reports to one -o file is a usage error that writes nothing" '[ "$st" = 2 ] && grep -q "two reports would be written to" "$tmp/err" && [ "$(cat "$tmp/same.out")" = "old report" ]'

for opt in -c --waivers --baseline; do
  run $opt a $opt b examples/submissions.csv
  check "$opt given twice is a usage error, not the last one silently" '[ "$st" = 2 ] && grep -q "is given twice" "$tmp/err"'
done

echo "old report" >"$tmp/report.json"
run -f json -o "$tmp/report.json" -f jsonl -o "$tmp/report.jsonl" examples/submissions.csv
check "-o writes each report and nothing to stdout" '[ "$st" = 1 ] && [ ! -s "$tmp/out" ] && grep -q '"'"'"format": "ddcheck-report/1"'"'"' "$tmp/report.json" && [ "$(wc -l <"$tmp/report.jsonl")" = 10 ]'
check "-o leaves no temporary file" '[ "$(ls "$tmp" | grep -c '"'"'\.tmp\.'"'"')" = 0 ]'

echo "old report" >"$tmp/keep.json"
run -c no-such-checklist -f json -o "$tmp/keep.json" examples/submissions.csv
check "a failed run leaves the old -o file as it was" '[ "$(cat "$tmp/keep.json")" = "old report" ]'

run -f json -o /nonexistent-dir/r.json examples/submissions.csv
check "an unwritable -o exits 2" '[ "$st" = 2 ] && grep -q "/nonexistent-dir/r.json" "$tmp/err"'

if [ -w /dev/full ]; then
  "$bin" examples/submissions.csv >/dev/full 2>"$tmp/err"
  st=$?
  check "a full disk on stdout exits 2 with a message" '[ "$st" = 2 ] && grep -q "cannot write" "$tmp/err"'
  "$bin" logic '{"+": [1, 2]}' >/dev/full 2>"$tmp/err"
  st=$?
  check "logic on a full disk says so as every command does" '[ "$st" = 2 ] && grep -q "^ddcheck: cannot write to standard output: " "$tmp/err"'
fi

"$bin" -f jsonl examples/submissions.csv >&- 2>"$tmp/err"
st=$?
check "a closed stdout exits 2 with a message" '[ "$st" = 2 ] && grep -q "cannot write" "$tmp/err"'

run --fail-on never examples/submissions.csv
check "--fail-on never exits 0 with gaps" '[ "$st" = 0 ]'
run --fail-on invalid -c examples/custom/community-health-safety.json examples/custom/projects.csv
check "--fail-on invalid exits 0 when no row is invalid" '[ "$st" = 0 ]'
run --fail-on sometimes examples/submissions.csv
check "--fail-on with a bad level exits 2" '[ "$st" = 2 ] && grep -q "sometimes" "$tmp/err"'

"$bin" -f json - examples/custom/projects.csv -c examples/custom/community-health-safety.json \
  <examples/submissions.csv >"$tmp/out" 2>/dev/null
want1=$(sha256sum <examples/submissions.csv | cut -c1-64)
want2=$(sha256sum <examples/custom/projects.csv | cut -c1-64)
check "the JSON report carries each input's SHA-256, standard input too" 'grep -q "\"sha256\": \"$want1\"" "$tmp/out" && grep -q "\"sha256\": \"$want2\"" "$tmp/out"'

run checklists
check "checklists lists the built-in ones" '[ "$st" = 0 ] && grep -q "^group3-investor" "$tmp/out"'
check "checklists lists the company checklist" '[ "$st" = 0 ] && grep -q "^group2-company " "$tmp/out"'

if [ "$fails" -ne 0 ]; then echo "$fails failed"; exit 1; fi
