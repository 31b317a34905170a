#!/bin/sh
# The program does not link expat: it is loaded at run time (util/dynlib.h) only when a workbook
# is read, as libzip is, so that a CSV run does not map it (about 92 KiB of every run was resident
# for it; issue 16: peak RSS at most 4 MiB). What happens without it is cli.excel_libraries'.
# Skipped (77) without readelf. Args: $1 the binary, $2 the root.
set -u
bin=$1
root=$2
. "$root/tests/cli/lib/check.sh"
require readelf
csv=examples/submissions.csv
xlsx=examples/submissions.xlsx

needed=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
check 'the program does not link expat' '! printf "%s\n" "$needed" | grep "^libexpat"'
run=$(opened "$bin" -f summary "$csv")
check 'a CSV run of the built-in checklist does not load expat' \
  '! printf "%s\n" "$run" | grep "^libexpat"'
xlsx_run=$(opened "$bin" -f summary "$xlsx")
check 'a workbook submission loads expat' 'printf "%s\n" "$xlsx_run" | grep -q "^libexpat\.so"'

# And reads the workbook: every project of the CSV, in its order, and the same score, verdict and
# requirements not met for each row the CSV reads without a diagnostic ("FILE:LINE:COL: …"; the
# workbook's copies of those rows are typed and complete, so their results differ).
st=0
"$bin" -f summary "$xlsx" >"$tmp/xlsx.csv" 2>"$tmp/xlsx.err" || st=$?
"$bin" -f summary "$csv" >"$tmp/csv.csv" 2>"$tmp/csv.err"
check 'the workbook is read: exit 0 or 1, no error' \
  '[ "$st" -le 1 ] && ! grep -q ": error: " "$tmp/xlsx.err" || cat "$tmp/xlsx.err"'
check 'every project of the CSV, in order' \
  '[ "$(cut -d, -f1 "$tmp/xlsx.csv")" = "$(cut -d, -f1 "$tmp/csv.csv")" ] && [ "$(wc -l <"$tmp/xlsx.csv")" = 11 ]'
# The keys of the CSV's rows with a diagnostic (by their line in the CSV, which may differ from
# the workbook's row: a cell of the CSV spans lines).
sed -n 's/^ddcheck: [^:]*:\([0-9][0-9]*\):[0-9][0-9]*: .*/\1/p' "$tmp/csv.err" | sort -u >"$tmp/lines"
awk -F, 'NR == FNR { noisy[$1] = 1; next } FNR > 1 && ($3 in noisy) { print $1 }' \
  "$tmp/lines" "$tmp/csv.csv" >"$tmp/noisy"
clean() { # clean SUMMARY: key,score,verdict,not_met of each project whose key is not noisy
  awk -F, -v OFS=, 'NR == FNR { noisy[$1] = 1; next }
    FNR > 1 && !($1 in noisy) { $2 = ""; $3 = ""; print }' "$tmp/noisy" "$1"
}
clean "$tmp/csv.csv" >"$tmp/csv.clean"
clean "$tmp/xlsx.csv" >"$tmp/xlsx.clean"
check 'the same results as the CSV for its clean rows (at least 8 of 10)' \
  '[ "$(wc -l <"$tmp/csv.clean")" -ge 8 ] && cmp -s "$tmp/csv.clean" "$tmp/xlsx.clean" || diff "$tmp/csv.clean" "$tmp/xlsx.clean"'
[ "$fails" = 0 ]
