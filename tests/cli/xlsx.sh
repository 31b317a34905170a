#!/bin/sh
# XLSX submissions end to end, with workbooks written by real writers:
# - the shipped examples as LibreOffice saved them (examples/submissions.xlsx, made by
#   tests/fixtures/xlsx/make_libreoffice.sh) give the same project, verdict, score and outcomes
#   as the CSV for every row the CSV reads cleanly (a row the CSV cannot read, ragged or with
#   "250,000", is a typed, complete row in a workbook); likewise a custom checklist's projects;
# - a workbook written by openpyxl (Debian's python3-openpyxl): numbers, percentages, dates,
#   booleans as openpyxl stores them;
# - a sheet of 1,000,000 rows: rows in = projects out, and peak RSS grows by less than 1 MiB
#   from 100,000 rows (skipped under sanitizers and without GNU time).
# Args: $1 the ddcheck binary, $2 the repository root.
set -u
bin=$1
root=$2
. "$root/tests/cli/lib/check.sh"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; fails=$((fails + 1)); }
syspy=/usr/bin/python3

same_results() { # same_results NAME CHECKLIST CSV XLSX
  "$bin" -c "$2" -f json -o "$tmp/csv.json" "$3" 2>"$tmp/csv.err"
  "$bin" -c "$2" -f json -o "$tmp/xlsx.json" "$4" 2>"$tmp/xlsx.err"
  if python3 - "$tmp/csv.json" "$tmp/xlsx.json" "$tmp/csv.err" <<'PY'
import json, re, sys
csv, xlsx = (json.load(open(p)) for p in sys.argv[1:3])
# Rows of the CSV with a diagnostic: "FILE:LINE:COL: …".
noisy = {int(m.group(1)) for m in re.finditer(r':(\d+):\d+: ', open(sys.argv[3]).read())}
by_key = {p['key']: p for p in xlsx['projects']}
assert len(csv['projects']) == len(xlsx['projects']), 'rows in = projects out, both ways'
def outcomes(p):
    return [(r['id'], r['outcome']) for c in p.get('criteria', []) for r in c['requirements']]
compared = 0
for p in csv['projects']:
    q = by_key.get(p['key'])
    assert q is not None, f"{p['key']} is missing from the workbook's report"
    if p['line'] in noisy:
        continue
    for k in ('verdict', 'score'):
        assert p.get(k) == q.get(k), f"{p['key']}: {k} {p.get(k)} (CSV) != {q.get(k)} (XLSX)"
    assert outcomes(p) == outcomes(q), f"{p['key']}: outcomes differ"
    compared += 1
assert compared >= 3, f'only {compared} clean rows compared'
print(f'# {compared} of {len(csv["projects"])} projects compared in full')
PY
  then ok "$1: the workbook gives the CSV's results"; else notok "$1: the workbook gives the CSV's results"; fi
}
same_results "examples" group3-investor examples/submissions.csv examples/submissions.xlsx
same_results "custom checklist" examples/custom/community-health-safety.json \
  examples/custom/projects.csv tests/fixtures/xlsx/libreoffice_projects.xlsx

if $syspy -c 'import openpyxl' 2>/dev/null; then
  $syspy - "$tmp/openpyxl.xlsx" <<'PY'
import datetime, sys, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = 'Portfolio'
ws.append(['project_id', 'project_name', 'budget_usd', 'women_share', 'assessed_on', 'consulted', 'groups'])
ws.append(['OP-1', 'Mine one', 250000, 0.45, datetime.date(2023, 3, 15), True, 'women; youth'])
ws.append(['OP-2', 'Mine two', 999.5, 0.399, datetime.date(2019, 12, 31), False, 'elders'])
ws.append(['OP-3', None, '=1+1', None, None, None, None])
for row in (2, 3):
    ws.cell(row=row, column=4).number_format = '0.0%'
wb.save(sys.argv[1])
PY
  "$bin" -c tests/fixtures/xlsx/checklist.json -f summary "$tmp/openpyxl.xlsx" >"$tmp/op.out" 2>"$tmp/op.err"
  cat >"$tmp/op.want" <<EOF2
key,file,line,score,verdict,not_met
OP-1,$tmp/openpyxl.xlsx,2,100.0,pass,
OP-2,$tmp/openpyxl.xlsx,3,0.0,gap,"X.1.a;X.1.b;X.1.c;X.1.d;X.1.e"
OP-3,$tmp/openpyxl.xlsx,4,0.0,gap,"X.1.a;X.1.b;X.1.c;X.1.d;X.1.e"
EOF2
  if diff -u "$tmp/op.want" "$tmp/op.out" && grep -q 'openpyxl.xlsx:Portfolio!C4: warning: a formula without a saved value' "$tmp/op.err"; then
    ok "a workbook written by openpyxl: numbers, percentages, dates, booleans, a formula"
  else
    cat "$tmp/op.err"
    notok "a workbook written by openpyxl: numbers, percentages, dates, booleans, a formula"
  fi
else
  echo "# skip: openpyxl (python3-openpyxl) is not installed"
fi

# The workbook report, read back by a real reader (openpyxl), not by the writer.
if $syspy -c 'import openpyxl' 2>/dev/null; then
  "$bin" -f xlsx -o "$tmp/report.xlsx" -f json -o "$tmp/report.json" examples/submissions.csv 2>/dev/null
  st=$?
  if [ $st = 1 ] && $syspy - "$tmp/report.xlsx" "$tmp/report.json" <<'PY'
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
report = json.load(open(sys.argv[2]))
assert wb.sheetnames == ['Portfolio', 'Requirements', 'Action plan', 'About'], wb.sheetnames
from openpyxl.utils import get_column_letter as letter
p = wb['Portfolio']
head = [c.value for c in p[1]]
crit = [c['id'] for c in report['projects'][0]['criteria']]
v = head.index('Verdict')
assert head[0] == 'Project' and head[v + 1] == 'Score' and head[v + 2:v + 2 + len(crit)] == crit, head
assert p.freeze_panes == 'B2' and p.auto_filter.ref.startswith('A1:'), (p.freeze_panes, p.auto_filter.ref)
rows = list(p.iter_rows(min_row=2, values_only=True))
assert len(rows) == len(report['projects']), 'one Portfolio row per project'
for row, proj in zip(rows, report['projects']):
    assert row[0] == proj['key'] and row[v] == proj['verdict'], (row[:2], proj['key'])
    assert row[v + 1] == proj.get('score'), (row[v + 1], proj.get('score'))
    shown = [x for x in row[1:v] if x is not None]
    assert shown == [x for x in (proj.get('display') or {}).values() if x is not None], (shown, proj.get('display'))
rules = [(str(r.sqref), r.rules[0].type) for r in p.conditional_formatting]
want = f'{letter(v + 3)}2:{letter(v + 2 + len(crit))}{len(rows) + 1}'
assert rules == [(want, 'colorScale')], (rules, want)
req = wb['Requirements']
n_req = sum(len(c['requirements']) for pr in report['projects'] for c in pr.get('criteria', []))
assert req.max_row - 1 == n_req, (req.max_row, n_req)
plan = wb['Action plan']
ph = [c.value for c in plan[1]]
status, due = letter(ph.index('Status') + 1), letter(ph.index('Due date') + 1)
dv = {d.type: d for d in plan.data_validations.dataValidation}
assert dv['list'].formula1 == '"Open,In progress,Done,Not accepted"' and str(dv['list'].sqref).startswith(status + '2:'), dv['list']
assert dv['date'].operator == 'greaterThanOrEqual' and str(dv['date'].sqref).startswith(due + '2:'), dv['date']
gaps = [r for r in plan.iter_rows(min_row=2, values_only=True)]
assert gaps and all(r[ph.index('Status')] == 'Open' for r in gaps), 'every gap starts Open'
about = {r[0]: r[1] for r in wb['About'].iter_rows(values_only=True)}
assert about['Checklist SHA-256'] == report['checklist']['sha256'], about
assert about['Input SHA-256'] == report['inputs'][0]['sha256'], about
for ws in wb:
    for row in ws.iter_rows():
        for c in row:
            assert c.data_type in ('s', 'n'), (ws.title, c.coordinate, c.data_type)
PY
  then ok "-f xlsx: four sheets, heatmap, filters, drop-downs, provenance, read back by openpyxl"
  else notok "-f xlsx: four sheets, heatmap, filters, drop-downs, provenance, read back by openpyxl (exit $st)"; fi

  # SOURCE_DATE_EPOCH makes the workbook reproducible: its creation time is the run's, so two
  # runs a second apart write the same bytes (libxlsxwriter would read the clock otherwise).
  SOURCE_DATE_EPOCH=1700000000 "$bin" -f xlsx -o "$tmp/repro1.xlsx" examples/submissions.csv 2>/dev/null
  sleep 1
  SOURCE_DATE_EPOCH=1700000000 "$bin" -f xlsx -o "$tmp/repro2.xlsx" examples/submissions.csv 2>/dev/null
  if cmp -s "$tmp/repro1.xlsx" "$tmp/repro2.xlsx" && $syspy - "$tmp/repro1.xlsx" <<'PY'
import sys, openpyxl, datetime
props = openpyxl.load_workbook(sys.argv[1]).properties
want = datetime.datetime(2023, 11, 14, 22, 13, 20)
assert props.created == want and props.modified == want, (props.created, props.modified)
PY
  then ok "-f xlsx with SOURCE_DATE_EPOCH: the same bytes twice, created at the run's time"
  else notok "-f xlsx with SOURCE_DATE_EPOCH: the same bytes twice, created at the run's time"; fi

  # Display fields, criteria below their floors and corrective actions (tests/fixtures/floors).
  "$bin" -c tests/fixtures/floors/checklist.json -f xlsx -o "$tmp/floors.xlsx" \
    tests/fixtures/floors/projects.csv 2>/dev/null
  if $syspy - "$tmp/floors.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
p = wb['Portfolio']
assert [c.value for c in p[1]][:5] == ['Project', 'Project name', 'Country', 'Verdict', 'Score']
p2 = [c.value for c in p[3]]
assert p2[:5] == ['P2', 'Mina "Norte", phase 2', 'Chile', 'gap', 75], p2
assert p2[8].startswith('criterion F1 is below its floor'), p2[8]
plan = [[c.value for c in r] for r in wb['Action plan'].iter_rows(min_row=2)]
unmet = [r for r in plan if r[0] == 'P2' and r[3] == 'F1.b'][0]
assert unmet[8] == 'Cost the gender action plan and allocate its budget within 90 days.', unmet
floor = [r for r in plan if r[0] == 'P2' and r[6] == 'below_floor'][0]
assert floor[4] == 'F1' and floor[7] == 'high', floor
PY
  then ok "-f xlsx: display fields, criteria below their floor, corrective actions"
  else notok "-f xlsx: display fields, criteria below their floor, corrective actions"; fi

  printf 'project_id,notes\n=1+1,x\n"+cmd|\047 /C calc\047!A0",y\n@SUM(A1),z\nctl\001\377,w\n' >"$tmp/hostile.csv"
  "$bin" -f xlsx -o "$tmp/hostile.xlsx" "$tmp/hostile.csv" 2>/dev/null
  if $syspy - "$tmp/hostile.xlsx" <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])['Portfolio']
keys = [(c.value, c.data_type) for c in ws['A'][1:]]
assert keys == [('=1+1', 's'), ("+cmd|' /C calc'!A0", 's'), ('@SUM(A1)', 's'), ('ctl\ufffd\ufffd', 's')], keys
PY
  then ok "-f xlsx: formula-like and control text stays text"
  else notok "-f xlsx: formula-like and control text stays text"; fi
else
  echo "# skip: openpyxl (python3-openpyxl) is not installed"
fi

"$bin" -f xlsx examples/submissions.csv >/dev/null 2>"$tmp/err"
if [ $? = 2 ] && grep -q "needs '-o FILE.xlsx'" "$tmp/err"; then ok "-f xlsx without -o is a usage error"
else notok "-f xlsx without -o is a usage error"; fi
echo old >"$tmp/kept.xlsx"
TMPDIR=/nonexistent/dir "$bin" -f xlsx -o "$tmp/kept.xlsx" examples/submissions.csv >/dev/null 2>"$tmp/err"
if [ $? = 2 ] && [ "$(cat "$tmp/kept.xlsx")" = old ] && grep -q 'could not be assembled' "$tmp/err"; then
  ok "a workbook that cannot be assembled: exit 2, the old file kept"
else notok "a workbook that cannot be assembled: exit 2, the old file kept"; fi

if [ -x /usr/bin/time ] && ! sanitized; then
  big() { # big ROWS FILE: a one-sheet workbook of ROWS projects, streamed by zipfile
    python3 - "$1" "$2" <<'PY'
import sys, zipfile
rows, path = int(sys.argv[1]), sys.argv[2]
with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED, compresslevel=1) as z:
    z.writestr('xl/workbook.xml', '<workbook xmlns:r="r"><sheets><sheet name="Big" sheetId="1" r:id="rId1"/></sheets></workbook>')
    z.writestr('xl/_rels/workbook.xml.rels', '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>')
    with z.open('xl/worksheets/sheet1.xml', 'w', force_zip64=True) as f:
        f.write(b'<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>project_id</t></is></c><c r="B1" t="inlineStr"><is><t>budget_usd</t></is></c><c r="C1" t="inlineStr"><is><t>consulted</t></is></c></row>')
        chunk = []
        for i in range(2, rows + 2):
            chunk.append(f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>P{i}</t></is></c><c r="B{i}"><v>{i * 7 % 5000}</v></c><c r="C{i}" t="b"><v>{i % 2}</v></c></row>')
            if len(chunk) == 10000:
                f.write(''.join(chunk).encode())
                chunk = []
        f.write(''.join(chunk).encode() + b'</sheetData></worksheet>')
PY
  }
  big 100000 "$tmp/small.xlsx" && big 1000000 "$tmp/big.xlsx" || exit 2
  rss() {
    /usr/bin/time -f %M -o "$tmp/rss" "$bin" -c tests/fixtures/xlsx/checklist.json -f summary \
      -o "$tmp/out.csv" "$1" 2>/dev/null
    tail -1 "$tmp/rss"
  }
  a=$(rss "$tmp/small.xlsx")
  b=$(rss "$tmp/big.xlsx")
  projects=$(($(wc -l <"$tmp/out.csv") - 1))
  echo "# peak RSS $a KiB at 100,000 rows, $b KiB at 1,000,000 rows"
  if [ "$projects" = 1000000 ]; then ok "1,000,000 rows in, 1,000,000 projects out"
  else notok "1,000,000 rows in, 1,000,000 projects out (got $projects)"; fi
  if [ $((b - a)) -lt 1024 ]; then ok "peak RSS grows by less than 1 MiB from 100,000 to 1,000,000 rows"
  else notok "peak RSS grows by less than 1 MiB from 100,000 to 1,000,000 rows"; fi
  # The workbook writer in constant-memory mode: 1,000 and 10,000 projects (22,000 and 220,000
  # requirement rows).
  python3 bench/gen.py 1000 --seed 5 >"$tmp/1k.csv" || exit 2
  cp "$tmp/1k.csv" "$tmp/10k.csv"
  for i in 2 3 4 5 6 7 8 9 10; do tail -n +2 "$tmp/1k.csv" >>"$tmp/10k.csv"; done
  wrss() {
    /usr/bin/time -f %M -o "$tmp/rss" "$bin" -f xlsx -o "$tmp/w.xlsx" "$1" 2>/dev/null
    tail -1 "$tmp/rss"
  }
  a=$(wrss "$tmp/1k.csv")
  b=$(wrss "$tmp/10k.csv")
  echo "# -f xlsx peak RSS $a KiB at 1,000 projects, $b KiB at 10,000"
  if [ $((b - a)) -lt 1024 ]; then ok "-f xlsx: peak RSS grows by less than 1 MiB from 1,000 to 10,000 projects"
  else notok "-f xlsx: peak RSS grows by less than 1 MiB from 1,000 to 10,000 projects"; fi
else
  echo "# skip: the 1,000,000-row sheet and the writer's memory (no GNU time, or a sanitizer build)"
fi
echo "1..$n"
[ $fails = 0 ]
