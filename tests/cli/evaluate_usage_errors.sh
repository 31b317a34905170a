#!/bin/sh
# Each way evaluate's arguments can be refused, word for word: the message on stderr, nothing on
# stdout, exit 2, and no report file left behind. Args: $1 the ddcheck binary, $2 the repository
# root.
set -u
bin=$1
root=$2
. "$root/tests/cli/lib/check.sh"
S=examples/submissions.csv
refused() { # refused MESSAGE ARGS... : evaluate ARGS is refused with "ddcheck: MESSAGE"
  printf 'ddcheck: %s\n' "$1" >"$tmp/want"
  shift
  (cd "$tmp/run" && "$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null)
  st=$?
  check "refused: $(printf %s "$*" | cut -c1-70)" '[ "$st" = 2 ] && [ ! -s "$tmp/out" ] && grep -qxF -f "$tmp/want" "$tmp/err" && [ -z "$(ls "$tmp/run")" ]'
}
mkdir "$tmp/run"
S=$root/$S
seventeen=""
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17; do seventeen="$seventeen -f json -o r$i.json"; done
# shellcheck disable=SC2086 # (the words of $seventeen are separate arguments)
refused "at most 16 reports in one run" $seventeen "$S"
refused "'-o b.txt' needs its own '-f FORMAT' before it" -o a.txt -o b.txt "$S"
refused "--fail-on takes gap, invalid or never, not 'sometimes'" --fail-on sometimes "$S"
refused "--delimiter takes one character (or 'tab'), not 'ab'" --delimiter ab "$S"
refused "--max-columns takes a positive whole number, not '0'" --max-columns 0 "$S"
refused "--max-cell takes a positive whole number of bytes (K, M or G allowed), not '1X'" --max-cell 1X "$S"
refused "--decimal takes . or , not ';'" --decimal ';' "$S"
refused "--threads takes 1 or 2, not '3'" --threads 3 "$S"
refused "--color takes auto, always or never" --color sometimes "$S"
refused "--details takes a positive whole number or 'all', not '0'" --details 0 "$S"
refused "option '--waivers' is given twice; a run takes one (put all waivers in one file)" --waivers a --waivers b "$S"
refused "option '--sheet' is given twice; a run takes one" --sheet a --sheet b "$S"
refused "option '-c' is given twice; a run takes one" -c a -c b "$S"
refused "option '--baseline' is given twice; a run takes one" --baseline a --baseline b "$S"
refused "option '--encoding' is given twice; a run takes one" --encoding UTF-8 --encoding UTF-8 "$S"
refused "only one report can go to standard output; give the others '-o FILE'" -f csv -f json "$S"
refused "standard input ('-') can be read only once" - -
refused "two reports would be written to 'r.csv'; give each its own '-o FILE'" -f csv -o r.csv -f json -o r.csv "$S"
(cd "$tmp/run" && SOURCE_DATE_EPOCH=soon "$bin" -f json -o r.json "$S" >"$tmp/out" 2>"$tmp/err")
st=$?
check "a malformed SOURCE_DATE_EPOCH stops the run before any report" '[ "$st" = 2 ] && [ -z "$(ls "$tmp/run")" ] && grep -qxF "ddcheck: SOURCE_DATE_EPOCH \"soon\" is not a number of seconds since 1970-01-01 (it sets the run date, which decides which waivers apply)" "$tmp/err"'
"$bin" --version >"$tmp/out" 2>"$tmp/err"
st=$?
check "--version names the version on its first line" '[ "$st" = 0 ] && head -1 "$tmp/out" | grep -qx "ddcheck [0-9][0-9.]*.*" && [ ! -s "$tmp/err" ]'
"$bin" -f nope "$S" >"$tmp/out" 2>"$tmp/err"
st=$?
check "an unknown format lists every format" '[ "$st" = 2 ] && grep -qx "ddcheck: unknown format '"'"'nope'"'"' (formats: text .* xlsx.*)" "$tmp/err"'

if [ "$fails" -ne 0 ]; then echo "$fails failed"; exit 1; fi
