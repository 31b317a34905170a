#!/bin/sh
# How loading grows with the size of a checklist: bench/load.sh [DDCHECK] [SIZES...]
#
# For each N, generates (cached in ${TMPDIR:-/tmp}/ddcheck-load-bench) a checklist of N
# requirements (N/10 criteria of 10) whose rules read N fields, one each, a CSV of one row with
# those N columns, and a waiver file of 2N waivers naming its requirements. Then times (user
# seconds, best of 3, by /usr/bin/time) `ddcheck lint`, an evaluation of the row, and an
# evaluation with the waivers, and shows the peak RSS of the evaluation. Each must grow linearly:
# doubling N about doubles the time. Issue 20 found loading quadratic: a linear search per id
# (duplicate ids), per field name (rules, lint, the CSV header) and per waiver (its
# requirement): 20,000 requirements took 3.0 s to lint, 20,000 fields 33 s, 52 s to evaluate,
# and 50,000 waivers 93 s.
# DDCHECK defaults to build/ddcheck; SIZES to 5000 10000 20000 40000.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$ROOT/build/ddcheck}
[ $# -gt 0 ] && shift
SIZES=${*:-5000 10000 20000 40000}
DATA=${TMPDIR:-/tmp}/ddcheck-load-bench
mkdir -p "$DATA"
best() { # best user seconds and its RSS of 3 runs of "$@"
  for _ in 1 2 3; do /usr/bin/time -f '%U %M' "$@" 2>&1 >/dev/null | tail -n 1; done |
    sort -n | head -n 1
}
printf '%8s %10s %14s %14s %10s\n' N 'lint (s)' 'evaluate (s)' '+ waivers (s)' 'RSS (MB)'
for n in $SIZES; do
  f="$DATA/checklist$n.json"
  [ -f "$f" ] || python3 - "$n" "$DATA" <<'PY'
import json, sys
n, d = int(sys.argv[1]), sys.argv[2]
fields = {"id": {"type": "text"}}
fields.update({f"f{i}": {"type": "number"} for i in range(n)})
criteria = [{"id": f"C{c}", "title": "c", "requirements": [
    {"id": f"R{c}.{r}", "text": "t", "rule": {">": [{"var": f"f{c * 10 + r}"}, r]}}
    for r in range(10)]} for c in range(n // 10)]
json.dump({"format": "ddcheck-checklist/1", "id": "big", "title": "Big", "key": "id",
           "fields": fields, "criteria": criteria}, open(f"{d}/checklist{n}.json", "w"))
with open(f"{d}/row{n}.csv", "w") as out:
    out.write("id," + ",".join(f"f{i}" for i in range(n)) + "\nP1," + ",".join("5" for _ in range(n)) + "\n")
with open(f"{d}/waivers{n}.csv", "w") as out:
    out.write("project,requirement,justification,approved_by,granted,expires,residual_risk\n")
    for i in range(2 * n):
        out.write(f"P{i},R{i % (n // 10)}.{i % 10},accepted,,,,\n")
PY
  set -- $(best "$BIN" lint "$f")
  lint=$1
  cols=$((n + 1))
  set -- $(best "$BIN" -c "$f" --max-columns "$cols" -f summary --fail-on never "$DATA/row$n.csv")
  evaluate=$1
  rss=$(($2 / 1024))
  set -- $(best "$BIN" -c "$f" --max-columns "$cols" --waivers "$DATA/waivers$n.csv" -f summary \
    --fail-on never "$DATA/row$n.csv")
  printf '%8s %10s %14s %14s %10s\n' "$n" "$lint" "$evaluate" "$1" "$rss"
done
