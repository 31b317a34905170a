#!/bin/sh
# Every golden end-to-end case (tests/cases/*/cmd) again under valgrind memcheck: no invalid
# access, no uninitialised read, no definite or indirect leak. The case's own exit status is
# checked by its e2e test; here valgrind's verdict is exit code 99. Skipped (77) without
# valgrind or when the binary is built with a sanitizer (they cannot run together).
# Args: $1 the ddcheck binary, $2 the repository root.
set -u
bin=$1
root=$2
command -v valgrind >/dev/null || { echo "valgrind is not installed"; exit 77; }
. "$root/tests/cli/lib/check.sh"
if sanitized; then
  echo "the binary is built with sanitizers; valgrind needs a plain build"
  exit 77
fi
cases=0
for dir in tests/cases/*/; do
  [ -f "$dir/cmd" ] || continue
  name=$(basename "$dir")
  input=/dev/null
  [ -f "$dir/stdin" ] && input="$dir/stdin"
  eval "set -- $(cat "$dir/cmd")"
  SOURCE_DATE_EPOCH=0 NO_COLOR=1 TZ=UTC valgrind -q --error-exitcode=99 --leak-check=full \
    --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
    --log-file="$tmp/vg.log" "$bin" "$@" <"$input" >/dev/null 2>&1
  st=$?
  cases=$((cases + 1))
  if [ "$st" = 99 ] || [ -s "$tmp/vg.log" ]; then
    echo "not ok - $name (valgrind)"
    head -40 "$tmp/vg.log"
    fails=$((fails + 1))
  else
    echo "ok - $name"
  fi
done
echo "# $cases cases under valgrind, $fails with errors"
[ $fails = 0 ] && [ $cases -gt 0 ]
