#!/bin/sh
# Unmatched waivers share the run's one cap on diagnostics (issue 20, item 10): 300,000 of them
# printed 300,000 lines. With 5,000 unmatched waivers and 1,500 invalid rows, stderr holds at most
# 1,000 problems and one "… and N more problems not shown" that accounts for all the rest.
# Args: $1 the ddcheck binary, $2 the repository root, $3 the shared folder.
set -u
bin=$1
root=$2
. "$root/tests/cli/lib/check.sh"
require python3
python3 - "$tmp" <<'PY'
import sys
d = sys.argv[1]
with open(d + "/w.csv", "w") as f:
    f.write("project,requirement,justification,approved_by,granted,expires,residual_risk\n")
    for i in range(5000):
        f.write(f"NOPE-{i},G3.1.a,accepted,,,,\n")
rows = open("examples/submissions.csv").read().splitlines()
with open(d + "/rows.csv", "w") as f:
    f.write(rows[0] + "\n")
    for i in range(1500):
        f.write(f"X{i},only,three\n")  # ragged: one error each
PY
"$bin" --waivers "$tmp/w.csv" -f summary "$tmp/rows.csv" >/dev/null 2>"$tmp/err"
st=$?
check 'exit 1 (the rows are invalid)' '[ "$st" = 1 ]'
lines=$(grep -c '^' "$tmp/err")
check "at most 1,001 lines on stderr (got $lines)" '[ "$lines" -le 1001 ]'
more=$(sed -n 's/^ddcheck: … and \([0-9]*\) more problems not shown$/\1/p' "$tmp/err")
shown=$(grep -c -v '… and' "$tmp/err")
check "one '… and N more' line" '[ "$(grep -c "… and" "$tmp/err")" = 1 ]'
# Every problem is shown or counted: 1,500 rows + 5,000 waivers (+ header warnings shown).
check "shown + more = every row and waiver problem ($shown + ${more:-none})" \
  '[ -n "$more" ] && [ $((shown + more)) -ge 6500 ]'
check 'rows come first, then waivers are counted' 'grep -q "rows.csv:2:1: error: the row has 3 cells" "$tmp/err"'

# Alone, 5,000 unmatched waivers: 1,000 shown, 4,000 counted.
printf '%s\n' "$(head -n 2 examples/submissions.csv)" >"$tmp/one.csv"
"$bin" --waivers "$tmp/w.csv" -f summary --fail-on never "$tmp/one.csv" >/dev/null 2>"$tmp/err2"
check 'waivers alone: 1,000 warnings and "… and 4000 more"' \
  '[ "$(grep -c "matches no project" "$tmp/err2")" = 1000 ] && grep -q "… and 4000 more problems not shown" "$tmp/err2"'
[ "$fails" = 0 ]
