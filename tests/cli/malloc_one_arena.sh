#!/bin/sh
# The program's threads share one malloc arena (cli/main.c sets glibc's M_ARENA_MAX to 1): a
# worker's own arena (64 MiB reserved, mapped PROT_NONE with MAP_NORESERVE) kept about 0.5 MiB
# more resident in a run with two threads (issue 16: peak RSS at most 4 MiB). Seen with strace:
# the worker's stack is mapped (two threads are the calling thread and one worker, which glibc
# would give an arena of its own at its first malloc), and no arena. Skipped (77) without strace or where it may not
# trace, and under sanitizers (their allocator is not glibc's). Args: $1 the binary, $2 the root.
set -u
bin=$1
root=$2
. "$root/tests/cli/lib/check.sh"
require strace python3
if sanitized; then
  echo "skip: sanitizer build"
  exit 77
fi
python3 bench/gen_short.py --checklist >"$tmp/short.json" || exit 2
python3 bench/gen_short.py 3000 --seed 3 >"$tmp/rows.csv" || exit 2
strace -f -e trace=mmap -o "$tmp/trace" "$bin" -c "$tmp/short.json" -f summary -o "$tmp/out" \
  --threads 2 "$tmp/rows.csv" 2>/dev/null
st=$?
if [ "$st" -gt 1 ] && ! [ -s "$tmp/trace" ]; then
  echo "skip: strace cannot trace here"
  exit 77
fi
stacks=$(grep -c 'MAP_STACK' "$tmp/trace")
arenas=$(grep -c 'PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE' "$tmp/trace")
check 'a worker thread runs beside the calling one (its stack mapped)' '[ "$stacks" -ge 1 ] || { echo "# $stacks stacks"; false; }'
check 'no malloc arena of their own' '[ "$arenas" = 0 ] || { grep NORESERVE "$tmp/trace"; false; }'
check 'the run itself went as usual (exit 0 or 1)' '[ "$st" -le 1 ]'
[ "$fails" = 0 ]
