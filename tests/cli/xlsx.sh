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
cd "$root" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
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

sanitized=no
grep -q -e __asan_init -e __ubsan_handle "$bin" 2>/dev/null && sanitized=yes
if [ -x /usr/bin/time ] && [ $sanitized = no ]; then
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
else
  echo "# skip: the 1,000,000-row sheet (no GNU time, or a sanitizer build)"
fi
echo "1..$n"
[ $fails = 0 ]
