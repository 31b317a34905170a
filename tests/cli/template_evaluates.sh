#!/bin/sh
# `ddcheck template`, filled in, evaluates without a single unknown or missing column: for every
# built-in checklist and the custom example, the header (with one row holding only a key) gives
# no warning, and the --example row gives no warning and no no_evidence outcome.
set -u
bin=$1
root=$2
. "$root/tests/cli/lib/check.sh"
for c in group2-company group3-investor group4-government examples/custom/community-health-safety.json; do
  "$bin" template -c "$c" >"$tmp/header.csv" || { echo "template -c $c failed"; fails=$((fails + 1)); continue; }
  # One row: the key, then empty cells (the key is the first column of these checklists).
  n=$(head -1 "$tmp/header.csv" | tr -cd , | wc -c)
  { cat "$tmp/header.csv"; printf 'K1'; i=0; while [ $i -lt "$n" ]; do printf ,; i=$((i + 1)); done; echo; } >"$tmp/one.csv"
  "$bin" -c "$c" -f json "$tmp/one.csv" >/dev/null 2>"$tmp/err"
  if [ -s "$tmp/err" ]; then echo "header of $c: unexpected warnings:"; cat "$tmp/err"; fails=$((fails + 1)); fi
  "$bin" template -c "$c" --example >"$tmp/example.csv"
  [ "$(wc -l <"$tmp/example.csv")" -eq 2 ] || { echo "$c: --example is not header + one row"; fails=$((fails + 1)); }
  "$bin" -c "$c" -f json "$tmp/example.csv" >"$tmp/report.json" 2>"$tmp/err"
  if [ -s "$tmp/err" ]; then echo "example of $c: unexpected warnings:"; cat "$tmp/err"; fails=$((fails + 1)); fi
  if grep -q no_evidence "$tmp/report.json"; then echo "example of $c: no_evidence"; fails=$((fails + 1)); fi
  if ! grep -q '"projects": *1' "$tmp/report.json"; then echo "example of $c: not one project"; fails=$((fails + 1)); fi
done
[ "$fails" = 0 ]
