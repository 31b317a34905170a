#!/bin/sh
# How a report file is written (cli/output.c): a buffer-full (64 KiB) a write(2), not stdio's 4 KiB,
# and its pages handed to the disk as the temporary file grows (sync_file_range every 4 MiB), so
# that the fsync before the rename waits only for the last of them (issue 16: on 1M short rows
# the fsync of a 106 MB report was 60 ms of the run's end, both cores idle). The bytes are those of
# standard output, with one thread and two; a write error in the middle of the temporary file (a
# file size limit) is reported and leaves the old report as it was; so are a closed or full stdout
# and -o /dev/full, the same with one thread and two (either thread may write a part), and a pipe
# closed early ends the run by SIGPIPE. The write pattern is seen with strace (skipped without it).
# Args: $1 the binary, $2 the repository root.
set -u
bin=$1
root=$2
. "$root/tests/cli/lib/check.sh"
require python3
python3 bench/gen_short.py --checklist >"$tmp/short.json" || exit 2
python3 bench/gen_short.py 4000 --seed 5 >"$tmp/rows.csv" || exit 2
run() { "$bin" -c "$tmp/short.json" -f jsonl "$@" "$tmp/rows.csv" 2>/dev/null; }
run --threads 1 >"$tmp/stdout"
run --threads 1 -o "$tmp/one.jsonl"
st1=$?
run --threads 2 -o "$tmp/two.jsonl"
st2=$?
size=$(wc -c <"$tmp/one.jsonl")
check 'the report is larger than 4 MiB (its writeback is started on the way)' '[ "$size" -gt 4194304 ]'
check 'one thread and two write the bytes of standard output' '[ "$st1" -le 1 ] && [ "$st2" = "$st1" ] && cmp "$tmp/stdout" "$tmp/one.jsonl" && cmp "$tmp/stdout" "$tmp/two.jsonl"'

# A write error in the middle: the file size limit (SIGXFSZ ignored, so write fails with EFBIG).
printf 'old report\n' >"$tmp/old.jsonl"
for t in 1 2; do
  (
    trap '' XFSZ
    ulimit -f 1000 # 512-byte blocks: about 500 KB of the report
    exec "$bin" -c "$tmp/short.json" -f jsonl --threads $t -o "$tmp/old.jsonl" "$tmp/rows.csv"
  ) 2>"$tmp/err"
  st=$?
  check "threads $t: a write error in the middle of the report exits 2 with a message" '[ "$st" = 2 ] && grep -q "old.jsonl: cannot write the jsonl report: File too large" "$tmp/err"'
  check "threads $t: the old report is left as it was, no temporary file" '[ "$(cat "$tmp/old.jsonl")" = "old report" ] && [ -z "$(ls "$tmp" | grep "old.jsonl.tmp")" ]'
done

# Errors in the middle of standard output or a device (parts are written by either thread):
# the same status and message with one thread and two; a closed pipe ends the run by SIGPIPE.
for t in 1 2; do
  "$bin" -c "$tmp/short.json" -f jsonl --threads $t "$tmp/rows.csv" >&- 2>"$tmp/err"
  st=$?
  check "threads $t: a closed stdout exits 2 with its reason" '[ "$st" = 2 ] && grep -q "<stdout>: cannot write the jsonl report: Bad file descriptor" "$tmp/err"'
  if [ -w /dev/full ]; then
    "$bin" -c "$tmp/short.json" -f jsonl --threads $t "$tmp/rows.csv" >/dev/full 2>"$tmp/err"
    st=$?
    check "threads $t: a full disk on stdout exits 2 with its reason" '[ "$st" = 2 ] && grep -q "<stdout>: cannot write the jsonl report: No space left on device" "$tmp/err"'
    "$bin" -c "$tmp/short.json" -f jsonl --threads $t -o /dev/full "$tmp/rows.csv" 2>"$tmp/err"
    st=$?
    check "threads $t: -o /dev/full exits 2 with its reason" '[ "$st" = 2 ] && grep -q "/dev/full: cannot write the jsonl report: No space left on device" "$tmp/err"'
  fi
  sh -c '"$1" -c "$2" -f jsonl --threads "$3" "$4" 2>/dev/null; echo $? >"$5"' sh "$bin" \
    "$tmp/short.json" $t "$tmp/rows.csv" "$tmp/status" | head -c 1000 >/dev/null
  check "threads $t: a pipe closed early ends the run by SIGPIPE" '[ "$(cat "$tmp/status")" = 141 ]'
done

if ! command -v strace >/dev/null 2>&1; then
  echo "# strace is not installed: the write pattern is not checked"
  [ "$fails" = 0 ]
  exit
fi
for t in 1 2; do
  # LeakSanitizer cannot work under ptrace (with abort_on_error it aborts the run): off here.
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
    strace -f -e trace=openat,write,sync_file_range,fsync,rename,close -o "$tmp/trace" \
    "$bin" -c "$tmp/short.json" -f jsonl --threads $t -o "$tmp/traced.jsonl" "$tmp/rows.csv" \
    2>/dev/null
  st=$?
  if [ "$st" -gt 1 ] && ! [ -s "$tmp/trace" ]; then
    echo "skip: strace cannot trace here"
    exit 77
  fi
  # The calls on the temporary file's descriptor, from its opening to its closing.
  awk '
    fd == "" && /openat\(.*traced\.jsonl\.tmp\./ { fd = $NF; next }
    fd != "" && (index($0, "(" fd ",") || index($0, "fsync(" fd ")")) { call = $2; sub(/\(.*/, "", call); print call, $NF }
    fd != "" && index($0, "close(" fd ")") { fd = "" }
  ' "$tmp/trace" >"$tmp/calls"
  writes=$(grep -c '^write ' "$tmp/calls")
  # Every write but the last is a whole number of buffers.
  odd=$(grep '^write ' "$tmp/calls" | sed '$d' | awk '$2 % 65536 != 0' | wc -l)
  syncs=$(grep -c '^sync_file_range 0' "$tmp/calls")
  check "threads $t: the report is written 64 KiB a write ($writes writes for $size bytes)" '[ "$st" -le 1 ] && [ "$odd" = 0 ] && [ "$writes" -le $((size / 65536 + 1)) ] && cmp -s "$tmp/stdout" "$tmp/traced.jsonl"'
  check "threads $t: its writeback is started as it grows ($syncs times), then fsync" '[ "$syncs" -ge 1 ] && [ "$(tail -n 1 "$tmp/calls" | cut -d" " -f1)" = fsync ]'
done
[ "$fails" = 0 ]
