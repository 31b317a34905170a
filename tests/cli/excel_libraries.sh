#!/bin/sh
# The Excel libraries are loaded only by a run that reads or writes a workbook (util/dynlib.h):
# - a CSV run maps neither them nor the libcrypto they pull in (ldd, and the loader's own log);
# - a workbook written or read loads them;
# - without libxlsxwriter (DDCHECK_LIBXLSXWRITER names a file that is not there, or a library
#   without its functions), -f xlsx stops before reading anything: exit 2, a message naming the
#   library and the package to install, no report left behind;
# - without libzip (DDCHECK_LIBZIP) or expat (DDCHECK_LIBEXPAT), a workbook submission is a file
#   that cannot be read: said, the rest of the batch still reported, exit 2 (docs/decisions.md).
# Args: $1 the ddcheck binary, $2 the repository root.
set -u
bin=$1
root=$2
. "$root/tests/cli/lib/check.sh"
none=libddcheck-not-installed.so.9
csv=examples/submissions.csv
xlsx=examples/submissions.xlsx

links=$(ldd "$bin" 2>&1)
check 'the program links neither libzip, libxlsxwriter nor libcrypto' \
  '! printf "%s\n" "$links" | grep -E "libzip|libxlsxwriter|libcrypto"'
csv_run=$(opened "$bin" -f summary "$csv")
check 'a CSV run opens cJSON and libcsv' \
  'printf "%s\n" "$csv_run" | grep -q "^libcsv\.so" && printf "%s\n" "$csv_run" | grep -q "^libcjson"'
check 'a CSV run opens no Excel library and no libcrypto' \
  '! printf "%s\n" "$csv_run" | grep -E "libzip|libxlsxwriter|libcrypto"'
write_run=$(opened "$bin" -f xlsx -o "$tmp/r.xlsx" "$csv")
check 'writing a workbook loads libxlsxwriter (and not libzip)' \
  'printf "%s\n" "$write_run" | grep -q "^libxlsxwriter\.so" && ! printf "%s\n" "$write_run" | grep -q "^libzip\.so"'
read_run=$(opened "$bin" -f summary "$xlsx")
check 'reading a workbook loads libzip (and not libxlsxwriter)' \
  'printf "%s\n" "$read_run" | grep -q "^libzip\.so" && ! printf "%s\n" "$read_run" | grep -q "^libxlsxwriter\.so"'

# --- without libxlsxwriter ------------------------------------------------------------------------
st=0
DDCHECK_LIBXLSXWRITER=$none "$bin" -f summary -o "$tmp/s.csv" -f xlsx -o "$tmp/out.xlsx" "$csv" \
  >"$tmp/stdout" 2>"$tmp/stderr" || st=$?
want="ddcheck: $tmp/out.xlsx: cannot write the xlsx report: libxlsxwriter\\.so\\.[0-9]+ cannot be loaded \\(DDCHECK_LIBXLSXWRITER names $none instead: $none: cannot open shared object file: No such file or directory\\); install the package libxlsxwriter[0-9-]+\$"
check 'no libxlsxwriter: exit 2' '[ "$st" = 2 ]'
check 'no libxlsxwriter: one message, naming the library and its package' \
  '[ "$(wc -l <"$tmp/stderr")" = 1 ] && grep -Eq "^$want" "$tmp/stderr" || { cat "$tmp/stderr"; false; }'
check 'no libxlsxwriter: nothing on standard output' '[ ! -s "$tmp/stdout" ]'
check 'no libxlsxwriter: no report written, none half-written' \
  '[ -z "$(ls -A "$tmp" | grep -v -x -e stdout -e stderr -e r.xlsx)" ]'
st=0
DDCHECK_LIBXLSXWRITER=libz.so.1 "$bin" -f xlsx -o "$tmp/out.xlsx" "$csv" 2>"$tmp/stderr" || st=$?
check 'a library without the functions: exit 2, the function named' \
  '[ "$st" = 2 ] && grep -Eq "^ddcheck: $tmp/out.xlsx: cannot write the xlsx report: libxlsxwriter\.so\.[0-9]+ has no function workbook_new_opt \(DDCHECK_LIBXLSXWRITER names libz\.so\.1 instead: .*\); install the package libxlsxwriter[0-9-]+\$" "$tmp/stderr" || { cat "$tmp/stderr"; false; }'
st=0
DDCHECK_LIBXLSXWRITER=$none DDCHECK_LIBZIP=$none DDCHECK_LIBEXPAT=$none "$bin" -f summary "$csv" \
  >"$tmp/stdout" 2>/dev/null || st=$?
check 'a CSV run needs none of the three libraries (exit 1: the examples have gaps)' \
  '[ "$st" = 1 ] && [ "$(wc -l <"$tmp/stdout")" = 11 ]'

# --- without libzip, without expat ---------------------------------------------------------------
# Each of the workbook reader's libraries: VARIABLE, the soname's stem, the name in the checks.
for lib in "DDCHECK_LIBZIP libzip libzip" "DDCHECK_LIBEXPAT libexpat expat"; do
  set -- $lib
  var=$1 stem=$2 what=$3
  st=0
  env "$var=$none" "$bin" -f summary "$csv" "$xlsx" >"$tmp/stdout" 2>"$tmp/stderr" || st=$?
  check "no $what: exit 2 (a file could not be read)" '[ "$st" = 2 ]'
  check "no $what: the workbook is named, with the library and its package" \
    'grep -Eq "^ddcheck: $xlsx: error: cannot read the workbook: $stem\.so\.[0-9]+ cannot be loaded \($var names $none instead: .*\); install the package $stem[0-9-]+\$" "$tmp/stderr" || { cat "$tmp/stderr"; false; }'
  check "no $what: the CSV of the same batch is still reported, every row" \
    '[ "$(grep -c ",$csv," "$tmp/stdout")" = 10 ] && ! grep -q "submissions.xlsx" "$tmp/stdout"'
  st=0
  env "$var=$none" "$bin" -f summary - <"$xlsx" >/dev/null 2>"$tmp/stderr" || st=$?
  check "no $what: a workbook on standard input likewise" \
    '[ "$st" = 2 ] && grep -q "^ddcheck: <stdin>: error: cannot read the workbook: $stem" "$tmp/stderr"'
done
st=0
DDCHECK_LIBEXPAT=libz.so.1 "$bin" -f summary "$xlsx" >/dev/null 2>"$tmp/stderr" || st=$?
check 'an expat without its functions: exit 2, the function named' \
  '[ "$st" = 2 ] && grep -Eq "^ddcheck: $xlsx: error: cannot read the workbook: libexpat\.so\.[0-9]+ has no function XML_ParserCreate \(DDCHECK_LIBEXPAT names libz\.so\.1 instead: .*\); install the package libexpat[0-9-]+\$" "$tmp/stderr" || { cat "$tmp/stderr"; false; }'
[ "$fails" = 0 ]
