#!/bin/sh
# A gate never passes on nothing, and never destroys what it reads (DESIGN.md, Command line): no
# project at all, a missing input or a pattern that matched no file exits 2 and leaves every -o
# file as it was; an -o that names an input (same device and inode, whatever the path) is refused
# before anything is read. Args: $1 the ddcheck binary, $2 the repository root.
set -u
bin=$1
root=$2
. "$root/tests/cli/lib/check.sh"
run() { # run ARGS... : sets $st; stdout in $tmp/out, stderr in $tmp/err
  "$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
  st=$?
}
keep() { echo "old report" >"$tmp/r.out"; }
kept='[ "$(cat "$tmp/r.out")" = "old report" ]'

: >"$tmp/empty.csv"
keep; run -f summary -o "$tmp/r.out" "$tmp/empty.csv"
check "an empty file exits 2 and says there is no project" '[ "$st" = 2 ] && grep -q "no project in the input" "$tmp/err"'
check "an empty file leaves the -o file as it was" "$kept"

head -1 examples/submissions.csv >"$tmp/header.csv"
keep; run -f junit -o "$tmp/r.out" "$tmp/header.csv"
check "a header-only file exits 2 and writes no report" '[ "$st" = 2 ] && '"$kept"' && grep -q "r.out: not written" "$tmp/err"'

rm -f "$tmp/new.out"
run -f json -o "$tmp/new.out" "$tmp/header.csv"
check "no report file is created when there is no project" '[ "$st" = 2 ] && [ ! -e "$tmp/new.out" ]'

run -f summary --fail-on never "$tmp/header.csv"
check "--fail-on never does not make nothing pass" '[ "$st" = 2 ]'

keep; run -f summary -o "$tmp/r.out" "$tmp/nothing-*.csv"
check "a pattern that matched no file exits 2, says so, and writes nothing" '[ "$st" = 2 ] && grep -q "nothing-\*.csv: error: no file matches this pattern" "$tmp/err" && '"$kept"

keep; run -f summary -o "$tmp/r.out" "$tmp/missing.csv" examples/submissions.csv
check "a missing input exits 2 and leaves the -o file as it was" '[ "$st" = 2 ] && grep -q "missing.csv: error: cannot read" "$tmp/err" && '"$kept"

cp examples/submissions.csv "$tmp/p.csv"
run -f csv -o "$tmp/p.csv" "$tmp/p.csv"
check "-o naming the input is refused and the input is intact" '[ "$st" = 2 ] && grep -q "names an input" "$tmp/err" && cmp -s "$tmp/p.csv" examples/submissions.csv'
check "the refusal reads nothing (no row message)" '! grep -q "p.csv:[0-9]" "$tmp/err" && [ ! -s "$tmp/out" ]'

ln "$tmp/p.csv" "$tmp/hard.csv"
run -f csv -o "$tmp/hard.csv" "$tmp/p.csv"
check "-o naming the input by another path (a hard link) is refused" '[ "$st" = 2 ] && cmp -s "$tmp/p.csv" examples/submissions.csv'

"$bin" -f summary -o "$tmp/./p.csv" <"$tmp/p.csv" >"$tmp/out" 2>"$tmp/err"
st=$?
check "-o naming the file on standard input is refused" '[ "$st" = 2 ] && grep -q "the file on standard input" "$tmp/err" && cmp -s "$tmp/p.csv" examples/submissions.csv'

printf '[]' >"$tmp/w.json"
run -f summary -o "$tmp/w.json" --waivers "$tmp/w.json" examples/submissions.csv
check "-o naming the waiver file is refused" '[ "$st" = 2 ] && [ "$(cat "$tmp/w.json")" = "[]" ]'

run -f summary -o "$tmp/r2.out" examples/submissions.csv
check "a real batch still writes its report" '[ "$st" = 1 ] && [ -s "$tmp/r2.out" ]'
[ "$fails" = 0 ]
