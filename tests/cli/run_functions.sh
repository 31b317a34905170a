#!/bin/sh
# The functions an evaluate run executes lie together at the start of the program's code
# (cmake/run_functions.ld, written by bench/run_functions.py): the kernel maps 64 KiB around each
# fault, and with them spread among the rest all the code was resident (issue 16: peak RSS at
# most 4 MiB). Checked: the section exists, holds the run's functions (reading, typing,
# evaluating, writing), and the code of other commands and formats lies outside it. Skipped (77)
# without nm or readelf, or where the build did not give the linker the script (CMake sets
# DDCHECK_RUN_FUNCTIONS=1 where it did). Args: $1 the binary, $2 the root.
set -u
bin=$1
root=$2
. "$root/tests/cli/lib/check.sh"
require nm readelf
section=$(readelf -SW "$bin" | sed -n 's/.*\] \.text\.ddcheck_run *[A-Z]* *\([0-9a-f]*\) [0-9a-f]* \([0-9a-f]*\) .*/\1 \2/p')
if [ "${DDCHECK_RUN_FUNCTIONS:-0}" != 1 ]; then
  echo "skip: this build's linker does not take cmake/run_functions.ld"
  exit 77
fi
check 'the program has the section .text.ddcheck_run' '[ -n "$section" ]'
[ -n "$section" ] || exit 1
start=$((0x${section% *}))
end=$((start + 0x${section#* }))
nm "$bin" >"$tmp/nm"
inside() { # inside FUNCTION: its address is in the section
  a=$(sed -n "s/^\([0-9a-f]*\) [tT] $1\$/\1/p" "$tmp/nm" | head -n 1)
  [ -n "$a" ] && [ $((0x$a)) -ge "$start" ] && [ $((0x$a)) -lt "$end" ]
}
for f in checklist_load logic_compile csv_read_part csv_split_lines evaluator_typed_record \
  summary_project jsonl_project; do
  check "$f is among the run's functions" "inside $f"
done
for f in cmd_lint cmd_test xlsx_reader_open sarif_begin html_begin; do
  check "$f lies elsewhere" "! inside $f"
done
[ "$fails" = 0 ]
