#!/bin/sh
# Parsing from the one table of options (cli/options.c): per-command help, getopt_long's forms
# kept to today's contract, and what happens at a terminal. Args: $1 the ddcheck binary, $2 the
# repository root.
set -u
bin=$1
root=$2
. "$root/tests/cli/lib/check.sh"
run() { # run ARGS... : sets $st, $tmp/out, $tmp/err
  "$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
  st=$?
}

for cmd in evaluate logic checklists lint test template explain docs diff; do
  run "$cmd" --help
  check "$cmd --help prints its own usage line on stdout, exit 0" '[ "$st" = 0 ] && head -1 "$tmp/out" | grep -q "^Usage: ddcheck \[*$cmd" && [ ! -s "$tmp/err" ]'
  check "$cmd --help is not the global help" '! grep -q "^Commands:" "$tmp/out"'
done
run lint --help
check "lint --help lists its own option and not evaluate's" 'grep -q -- "--strict" "$tmp/out" && ! grep -q -- "--waivers" "$tmp/out"'
run diff -h
check "-h is --help" '[ "$st" = 0 ] && head -1 "$tmp/out" | grep -q "^Usage: ddcheck diff"'
run help template
check "help COMMAND is COMMAND --help" '[ "$st" = 0 ] && grep -q -- "--example" "$tmp/out"'
run --help
check "--help alone is the global help, every command in it" '[ "$st" = 0 ] && grep -q "^Commands:" "$tmp/out" && grep -q "ddcheck diff" "$tmp/out" && grep -q "^Formats:" "$tmp/out"'
run -f json --help
check "--help after evaluate's options without the word evaluate is the global help" '[ "$st" = 0 ] && grep -q "^Commands:" "$tmp/out"'

run --checklis group3-investor examples/submissions.csv
check "an abbreviated long option is refused, not taken for --checklist" '[ "$st" = 2 ] && grep -q "^ddcheck: unknown option '"'"'--checklis'"'"'" "$tmp/err" && [ ! -s "$tmp/out" ]'
run --checklist=group3-investor -f summary --fail-on=never examples/submissions.csv
check "--checklist=ID is --checklist ID" '[ "$st" = 0 ] && [ "$(wc -l <"$tmp/out")" = 11 ]'
run -vf summary --fail-on never examples/submissions.csv
check "short options cluster (-vf summary)" '[ "$st" = 0 ] && head -1 "$tmp/out" | grep -q "^key,file,line"'
run lint --strict=yes group3-investor
check "--name=value on a command's option without a value names the whole word" '[ "$st" = 2 ] && grep -q "^ddcheck: lint: unknown option '"'"'--strict=yes'"'"'" "$tmp/err"'
run explain -c
check "a command's option without its value is named, with the command" '[ "$st" = 2 ] && grep -q "^ddcheck: explain: option '"'"'-c'"'"' needs a value" "$tmp/err"'
run --waivers
check "a long option without its value is named" '[ "$st" = 2 ] && grep -q "^ddcheck: option '"'"'--waivers'"'"' needs a value" "$tmp/err"'
run lint -- --strict
check "-- ends the options: what follows is a checklist to read" '[ "$st" = 2 ] && grep -q "^ddcheck: --strict: error: cannot read checklist" "$tmp/err"'
run -f summary --fail-on never -- examples/submissions.csv
check "-- before the files" '[ "$st" = 0 ] && [ "$(wc -l <"$tmp/out")" = 11 ]'
run logic '{"-":[{"var":""},1]}' -17
check "a negative number is an operand, not an option" '[ "$st" = 0 ] && [ "$(cat "$tmp/out")" = -18 ]'
run checklists extra
check "checklists takes no operand" '[ "$st" = 2 ] && grep -q "checklists: unexpected argument '"'"'extra'"'"'" "$tmp/err"'
for cmd in docs template; do
  run $cmd -c group3-investor extra
  check "$cmd takes no operand" '[ "$st" = 2 ] && [ ! -s "$tmp/out" ] && grep -q "^ddcheck: $cmd: unexpected argument '"'"'extra'"'"'$" "$tmp/err"'
done
run explain examples/submissions.csv AR-LI-03 extra
check "explain takes two operands" '[ "$st" = 2 ] && [ ! -s "$tmp/out" ] && grep -q "^ddcheck: explain: unexpected argument '"'"'extra'"'"'$" "$tmp/err"'
run explain examples/submissions.csv
check "explain needs a KEY" '[ "$st" = 2 ] && grep -q "^ddcheck: explain: needs a FILE and a KEY$" "$tmp/err"'
run template --example -f markdown
check "template --example goes with csv" '[ "$st" = 2 ] && grep -q "^ddcheck: template: --example goes with -f csv$" "$tmp/err"'
run docs --strict
check "an option of another command is unknown here" '[ "$st" = 2 ] && grep -q "docs: unknown option '"'"'--strict'"'"'" "$tmp/err"'
POSIXLY_CORRECT=1 "$bin" examples/submissions.csv -f summary --fail-on never >"$tmp/out" 2>/dev/null
st=$?
check "options after a file count, POSIXLY_CORRECT or not" '[ "$st" = 0 ] && head -1 "$tmp/out" | grep -q "^key,file,line"'
run --version
check "--version" '[ "$st" = 0 ] && grep -Eq "^ddcheck [0-9]+\.[0-9]+\.[0-9]+$" "$tmp/out"'

if command -v python3 >/dev/null 2>&1; then
  python3 tests/cli/lib/pty_run.py "$bin" >"$tmp/pty" 2>&1
  check "bare ddcheck at a terminal prints usage on stderr and exits 2" 'tail -1 "$tmp/pty" | grep -q "^status 2$" && sed -n "/^--- stderr$/,\$p" "$tmp/pty" | grep -q "^Usage:" && ! sed "/^--- stderr$/,\$d" "$tmp/pty" | grep -q "Usage"'
  python3 tests/cli/lib/pty_run.py "$bin" -f summary >"$tmp/pty" 2>&1
  check "no FILE with a terminal on standard input is a usage error" 'tail -1 "$tmp/pty" | grep -q "^status 2$" && grep -q "standard input is a terminal" "$tmp/pty"'
  TERM=xterm python3 tests/cli/lib/pty_run.py "$bin" examples/submissions.csv >"$tmp/pty" 2>&1
  check "the text report on a terminal has colour" 'grep -q "$(printf "\033")\[" "$tmp/pty"'
  TERM=dumb python3 tests/cli/lib/pty_run.py "$bin" examples/submissions.csv >"$tmp/pty" 2>&1
  check "TERM=dumb means no colour" '! grep -q "$(printf "\033")\[" "$tmp/pty" && grep -q "projects" "$tmp/pty"'
  NO_COLOR=1 TERM=xterm python3 tests/cli/lib/pty_run.py "$bin" examples/submissions.csv >"$tmp/pty" 2>&1
  check "NO_COLOR means no colour" '! grep -q "$(printf "\033")\[" "$tmp/pty"'
  TERM=dumb python3 tests/cli/lib/pty_run.py "$bin" --color always examples/submissions.csv >"$tmp/pty" 2>&1
  check "--color always wins over TERM=dumb" 'grep -q "$(printf "\033")\[" "$tmp/pty"'
fi
"$bin" >"$tmp/out" 2>"$tmp/err" </dev/null
st=$?
check "bare ddcheck with standard input not a terminal reads it" 'grep -q "<stdin>" "$tmp/err" && ! grep -q "Usage" "$tmp/err"'

if [ "$fails" -ne 0 ]; then echo "$fails failed"; exit 1; fi
