#!/bin/sh
# Builds the fuzz harnesses with clang (libFuzzer + ASan + UBSan) into build-fuzz and runs each
# for SECONDS (default 60). Inputs that crash, leak, hang or time out are saved into the
# harness's seed corpus (tests/fuzz/corpus/<name>/), so they become regression cases of the
# replay tests; the run then fails. New coverage-increasing inputs go to build-fuzz/corpus/<name>
# (not committed). Usage: scripts/fuzz.sh [SECONDS] [NAME...]
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
[ $# -gt 0 ] && shift
build="$root/build-fuzz"
CC=${CC:-clang}
cmake -S "$root" -B "$build" -DCMAKE_C_COMPILER="$CC" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DDDCHECK_FUZZ=ON -DDDCHECK_TESTS=ON >/dev/null || exit 2
names=${*:-checklist csv logic split xlsx}
targets=""
for n in $names; do targets="$targets fuzz_$n"; done
# shellcheck disable=SC2086
cmake --build "$build" -j2 --target $targets >/dev/null || exit 2
status=0
for n in $names; do
  seeds="$root/tests/fuzz/corpus/$n"
  work="$build/corpus/$n"
  mkdir -p "$work" "$build/crashes/$n"
  dict=""
  [ -f "$root/tests/fuzz/$n.dict" ] && dict="-dict=$root/tests/fuzz/$n.dict"
  echo "fuzz_$n: ${seconds}s"
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/tests/fuzz/fuzz_$n" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$build/crashes/$n/" $dict \
    "$work" "$seeds" >"$build/fuzz_$n.log" 2>&1
  st=$?
  grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|Done )" "$build/fuzz_$n.log"
  for f in "$build/crashes/$n"/*; do
    [ -f "$f" ] || continue
    cp "$f" "$seeds/regression-$(basename "$f")"
    echo "fuzz_$n: saved $seeds/regression-$(basename "$f")"
    rm -f "$f"
  done
  if [ "$st" != 0 ]; then
    echo "fuzz_$n FAILED (exit $st); see $build/fuzz_$n.log" >&2
    tail -40 "$build/fuzz_$n.log" >&2
    status=1
  fi
done
exit $status
