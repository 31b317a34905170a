#!/bin/sh
# The process guards of cli/guard.c: a closed standard descriptor never lends its number to a file
# ddcheck opens (issue 20, items 1 and 2), and SIGTERM, SIGINT and SIGHUP remove the temporary
# file of a report being written, keep the old report and end the process by that signal (item 11).
# Args: $1 the ddcheck binary, $2 the repository root, $3 the shared folder.
set -u
bin=$1
root=$2
. "$root/tests/cli/lib/check.sh"
csv=examples/submissions.csv

# 1. Closed stdin with -o: the temporary report file must not be read as standard input.
"$bin" -f json -o "$tmp/r1.json" - <&- 2>"$tmp/e1"
st=$?
check 'closed stdin with -o is exit 2' '[ "$st" = 2 ]'
check 'closed stdin with -o says so, with a place' \
  'grep -q "<stdin>:1:1: error: cannot read: standard input is closed" "$tmp/e1"'
"$bin" -f json -o "$tmp/r1b.json" <&- 2>/dev/null
st=$?
check 'closed stdin (no FILE) with -o is exit 2' '[ "$st" = 2 ]'

# A report that cannot be created names its format (issue 20, item 9).
"$bin" -f json -o "$tmp/no/such/folder/r.json" "$csv" 2>"$tmp/e1c"
st=$?
check 'a report in a missing folder: exit 2, "cannot write the json report"' \
  '[ "$st" = 2 ] && grep -q "r.json: cannot write the json report: No such file" "$tmp/e1c"'

# 2. Closed stdout with -o: the text report must not land in the JSON file.
"$bin" -f text -f json -o "$tmp/r2.json" "$csv" >&- 2>"$tmp/e2"
st=$?
check 'closed stdout is exit 2' '[ "$st" = 2 ]'
check 'closed stdout says cannot write' 'grep -q "cannot write" "$tmp/e2"'
check 'the JSON report holds JSON, not the text report' \
  '[ -s "$tmp/r2.json" ] && python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$tmp/r2.json"'
# Closed stderr: the report is still right and nothing else takes descriptor 2.
"$bin" -f json -o "$tmp/r3.json" "$csv" 2>&-
st=$?
check 'closed stderr keeps the exit status of the batch' '[ "$st" = 1 ]'
check 'closed stderr: the JSON report holds JSON only' \
  'python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$tmp/r3.json"'
# All three closed: still no crash, and the report is whole.
"$bin" -f json -o "$tmp/r4.json" "$csv" <&- >&- 2>&-
st=$?
check 'all three closed: exit 1 (the batch has gaps), report whole' \
  '[ "$st" = 1 ] && python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$tmp/r4.json"'

# 11. A signal while a report is being written: no OUT.tmp.* left, the old OUT intact, and the
# process ends by that very signal (exit status 128 + N in the shell).
command -v mkfifo >/dev/null || { [ "$fails" = 0 ]; exit $?; }
head -n 3 "$csv" >"$tmp/part.csv"
for signal in TERM:15 INT:2 HUP:1; do
  sig=${signal%:*}
  d="$tmp/sig$sig"
  mkdir "$d"
  echo old >"$d/out.json"
  mkfifo "$d/in.csv"
  # Background jobs of a script start with SIGINT ignored; --default-signal gives it back.
  env --default-signal=INT,TERM,HUP "$bin" -f json -o "$d/out.json" "$d/in.csv" \
    >/dev/null 2>"$d/err" &
  pid=$!
  exec 3<>"$d/in.csv" # read-write: never blocks, even if ddcheck did not start
  cat "$tmp/part.csv" >&3
  n=0
  while [ -z "$(ls "$d" | grep 'out.json.tmp')" ] && [ "$n" -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
  check "SIG$sig: a temporary file exists while the report is written" \
    '[ -n "$(ls "$d" | grep out.json.tmp)" ]'
  sleep 0.2
  kill -"$sig" "$pid"
  wait "$pid"
  st=$?
  exec 3>&-
  want=$((128 + ${signal#*:}))
  check "SIG$sig: ddcheck dies by the signal (status $want)" '[ "$st" = "$want" ]'
  check "SIG$sig: no temporary file is left" '[ -z "$(ls "$d" | grep tmp)" ]'
  check "SIG$sig: the old report is intact" '[ "$(cat "$d/out.json")" = old ]'
done
[ "$fails" = 0 ]
