#!/bin/sh
# The program does not link libm: loading it alone (its own variant functions resolved, each fault
# mapping 64 KiB around it) made about 0.4 MiB of every run resident (issue 16: peak RSS at most
# 4 MiB). decimal_tenths finds fma's result exactly without it and fmax is a comparison; JS `%`
# is libm's own fmod, loaded at run time (dlopen) when a rule with `%` is compiled. The program
# links libm only as needed, so where it calls nothing of libm (optimised gcc builds write floor
# and round inline) a run whose rules have no `%` does not load it.
# Skipped (77) without nm or readelf. Args: $1 the binary, $2 the root.
set -u
bin=$1
root=$2
. "$root/tests/cli/lib/check.sh"
require nm readelf
imports=$(nm -D --undefined-only "$bin" | sed 's/.* U //; s/@.*//')
needed=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
check 'the program calls neither fmod, fma nor fmax' \
  '! printf "%s\n" "$imports" | grep -x -E "fmod|fma|fmax"'
libm_calls=$(printf "%s\n" "$imports" | grep -x -E "floor|round|ceil|trunc|pow|exp|log|log10|sqrt|fabs|modf|nearbyint|rint|lround|llround|lrint|llrint")
if [ -z "$libm_calls" ]; then
  check 'calling nothing of libm, the program does not link it' \
    '! printf "%s\n" "$needed" | grep "^libm\."'
  run=$(opened "$bin" -f summary examples/submissions.csv)
  check 'a run of the built-in checklist (no %) does not load libm' \
    '! printf "%s\n" "$run" | grep "^libm\."'
else
  echo "# this build calls $(echo $libm_calls) (not optimised, or not gcc): libm is needed"
fi
mod_run=$(opened "$bin" logic '{"%":[7.5,2]}')
check 'a rule with % loads libm' 'printf "%s\n" "$mod_run" | grep -q "^libm\.so"'
check 'and gives fmod'"'"'s result' '[ "$("$bin" logic '"'"'{"%":[-7.5,2]}'"'"')" = "-1.5" ]'
check 'the program runs (exit 0 or 1)' '"$bin" -f summary examples/submissions.csv >/dev/null 2>&1; st=$?; [ "$st" -le 1 ]'
[ "$fails" = 0 ]
