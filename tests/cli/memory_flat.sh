#!/bin/sh
# Memory stays flat as the input grows (DESIGN.md): the streaming formats' peak RSS on ten times
# the rows grows by less than 1 MiB. A regression guard, not a benchmark (bench/run.sh measures);
# rows are bench/gen.py's, the larger file is the smaller one's rows ten times over.
# Skipped (77) without GNU time or python3, and under sanitizers (their allocators hold freed
# memory on purpose). Args: $1 the ddcheck binary, $2 the repository root.
set -u
bin=$1
root=$2
[ -x /usr/bin/time ] && /usr/bin/time -f %M true >/dev/null 2>&1 || { echo "# skip: no GNU time"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "# skip: no python3"; exit 77; }
. "$root/tests/cli/lib/check.sh"
if sanitized; then
  echo "# skip: sanitizer build"
  exit 77
fi

python3 bench/gen.py 5000 --seed 11 >"$tmp/small.csv" || exit 2
cp "$tmp/small.csv" "$tmp/big.csv"
for i in 2 3 4 5 6 7 8 9 10; do tail -n +2 "$tmp/small.csv" >>"$tmp/big.csv"; done

rss() { # rss FORMAT FILE: peak RSS in KiB
  /usr/bin/time -f %M -o "$tmp/rss" "$bin" -f "$1" -o "$tmp/out" "$2" 2>/dev/null
  st=$?
  [ "$st" -le 1 ] || echo "# $1 on $2 exited $st" >&2
  tail -1 "$tmp/rss"
}
for format in summary jsonl csv junit; do
  a=$(rss "$format" "$tmp/small.csv")
  b=$(rss "$format" "$tmp/big.csv")
  echo "# $format: $a KiB at 5,000 rows, $b KiB at 50,000 rows"
  if [ $((b - a)) -lt 1024 ]; then
    echo "ok - $format: peak RSS grows by less than 1 MiB from 5,000 to 50,000 rows"
  else
    echo "not ok - $format: peak RSS grows by less than 1 MiB from 5,000 to 50,000 rows"
    fails=$((fails + 1))
  fi
done
[ $fails = 0 ]
