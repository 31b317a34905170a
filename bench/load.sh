#!/bin/sh
# How loading a checklist grows with its requirements: bench/load.sh [DDCHECK] [SIZES...]
#
# Generates checklists of N requirements (N/10 criteria of 10, one numeric rule each; cached in
# ${TMPDIR:-/tmp}/ddcheck-load-bench), then times `ddcheck lint` and an evaluation of two rows
# against each (user seconds and peak RSS by /usr/bin/time, best of 3). Loading must grow
# linearly: doubling N should about double the time (issue 20: it was quadratic, a linear search
# per id for duplicates — 0.85 s at 10k, 4.3 s at 20k, 20.5 s at 40k requirements).
# DDCHECK defaults to build/ddcheck; SIZES to 5000 10000 20000 40000.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$ROOT/build/ddcheck}
[ $# -gt 0 ] && shift
SIZES=${*:-5000 10000 20000 40000}
DATA=${TMPDIR:-/tmp}/ddcheck-load-bench
mkdir -p "$DATA"
printf 'id,x\nP1,5\nP2,\n' >"$DATA/rows.csv"
best() { # best user seconds and its RSS of 3 runs of "$@"
  for _ in 1 2 3; do /usr/bin/time -f '%U %M' "$@" 2>&1 >/dev/null | tail -n 1; done |
    sort -n | head -n 1
}
printf '%10s %12s %12s %14s\n' requirements 'lint (s)' 'evaluate (s)' 'peak RSS (MB)'
for n in $SIZES; do
  f="$DATA/req$n.json"
  [ -f "$f" ] || python3 - "$n" "$f" <<'PY'
import json, sys
n, path = int(sys.argv[1]), sys.argv[2]
criteria = [{"id": f"C{c}", "title": "c", "requirements": [
    {"id": f"R{c}.{r}", "text": "t", "rule": {">": [{"var": "x"}, r]}} for r in range(10)]}
    for c in range(n // 10)]
json.dump({"format": "ddcheck-checklist/1", "id": "big", "title": "Big", "key": "id",
           "fields": {"id": {"type": "text"}, "x": {"type": "number"}}, "criteria": criteria},
          open(path, "w"))
PY
  set -- $(best "$BIN" lint "$f")
  lint=$1
  set -- $(best "$BIN" -c "$f" -f summary --fail-on never "$DATA/rows.csv")
  printf '%10s %12s %12s %14s\n' "$n" "$lint" "$1" "$(($2 / 1024))"
done
