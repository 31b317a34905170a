#!/bin/sh
# JSONTestSuite through `ddcheck lint`, read in place from the shared folder: every n_ file
# exits 2 with "FILE:LINE:COL: error: invalid JSON: reason"; every y_ file exits 2 as "not a
# checklist" and never as invalid JSON, but the two with a duplicate member name, refused for it. Args: $1 ddcheck, $2 repository root, $3 shared folder.
set -u
bin=$1
root=$2
suite=${3:-}/conformance/JSONTestSuite/test_parsing
[ -d "$suite" ] || { echo "no JSONTestSuite in ${3:-}"; exit 77; }
. "$root/tests/cli/lib/check.sh"
n=0
y=0
for f in "$suite"/n_*.json; do
  n=$((n + 1))
  "$bin" lint "$f" >/dev/null 2>"$tmp/err"
  st=$?
  if [ "$st" != 2 ] || ! grep -q "^ddcheck: $f:[0-9][0-9]*:[0-9][0-9]*: error: invalid JSON: " "$tmp/err"; then
    echo "not ok - $(basename "$f"): exit $st: $(head -c 300 "$tmp/err")"
    fails=$((fails + 1))
  fi
done
for f in "$suite"/y_*.json; do
  y=$((y + 1))
  "$bin" lint "$f" >/dev/null 2>"$tmp/err"
  st=$?
  case $f in # valid syntax, refused for a member name given twice (docs/robustness.md)
    */y_object_duplicated_key*.json)
      grep -q "^ddcheck: $f:1:[0-9]*: error: invalid JSON: duplicate member name" "$tmp/err" ||
        { echo "not ok - $(basename "$f"): not refused for its duplicate name"; fails=$((fails + 1)); }
      continue ;;
  esac
  if [ "$st" != 2 ] || ! grep -q "not a checklist" "$tmp/err" || grep -q "invalid JSON" "$tmp/err"; then
    echo "not ok - $(basename "$f"): exit $st: $(head -c 300 "$tmp/err")"
    fails=$((fails + 1))
  fi
done
echo "# lint: $n n_ files, $y y_ files, $fails failures"
[ $fails = 0 ] && [ $n -gt 0 ] && [ $y -gt 0 ]
