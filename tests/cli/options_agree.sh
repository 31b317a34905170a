#!/bin/sh
# The table of options (cli/options.c) against what is written from it by hand: every option of
# every command in its --help, in ddcheck(1)'s synopsis and in the bash, zsh and fish
# completions, and nothing there the table lacks (tests/cli/lib/options_agree.py). The table is
# read from the dump_options test program (tests/cli/dump_options.c), set by CMake in
# DDCHECK_DUMP_OPTIONS. Args: $1 the ddcheck binary, $2 the repository root.
set -u
bin=$1
root=$2
. "$root/tests/cli/lib/check.sh"
require python3 mandoc bash
check "the table can be read" '[ -x "${DDCHECK_DUMP_OPTIONS-}" ]'
python3 "$root/tests/cli/lib/options_agree.py" "${DDCHECK_DUMP_OPTIONS-}" "$bin" "$root" || fails=$((fails + 1))
if [ "$fails" -ne 0 ]; then echo "$fails failed"; exit 1; fi
