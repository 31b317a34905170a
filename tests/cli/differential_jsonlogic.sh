#!/bin/sh
# `ddcheck logic` against json-logic-js, the reference implementation: a few thousand generated
# rules and documents through both engines (tests/differential/run.sh); fails on any disagreement
# that is not a documented divergence. Skips (77) only when node or npm is missing or npm cannot
# install json-logic-js; run.sh prints why.
#
# A sanitizer build runs far fewer cases: ASan makes each `ddcheck logic` start ~10x slower, and
# the plain build runs them all. DDCHECK_DIFF_COUNT overrides both.
set -u
bin=$1
root=$2
count=3000
if grep -q __asan_init "$bin" 2>/dev/null; then
  count=300
fi
exec sh "$root/tests/differential/run.sh" "$bin" "${DDCHECK_DIFF_COUNT:-$count}"
