#!/bin/sh
# The man pages (man/): clean under mandoc -Tlint; ddcheck(1) names every environment variable
# the code reads; the example checklist of ddcheck-checklist(5) lints clean and passes its own
# tests with full coverage. Args: $1 the ddcheck binary, $2 the repository root.
set -u
bin=$1
root=$2
. "$root/tests/cli/lib/check.sh"
require mandoc

# mandoc looks cross-references up among the installed pages only, so each page's reference to
# the other is "not found" until they are installed; that one message is left out, nothing else.
mandoc -Tlint man/ddcheck.1 man/ddcheck-checklist.5 >"$tmp/lint" 2>&1
grep -v -e 'referenced manual not found: Xr ddcheck 1 ' -e 'referenced manual not found: Xr ddcheck-checklist 5 ' \
  "$tmp/lint" >"$tmp/lint.rest"
check "mandoc -Tlint finds nothing in the man pages" '[ ! -s "$tmp/lint.rest" ] || { cat "$tmp/lint.rest"; false; }'
check "the cross-references name pages that exist here" '[ -f man/ddcheck.1 ] && [ -f man/ddcheck-checklist.5 ]'

mandoc -Tutf8 -O width=1000 man/ddcheck.1 | sed 's/.\x08//g' | sed -n '/^ENVIRONMENT$/,/^EXIT STATUS$/p' >"$tmp/env"
for var in $({ grep -rhoE 'getenv\("[A-Z_]+"\)' cli checklist evaluator reports | sed 's/getenv("\(.*\)")/\1/'; } | sort -u); do
  check "ddcheck(1) ENVIRONMENT describes $var" 'grep -qE "^     $var( |\$)" "$tmp/env"'
done

sed -n '/^{$/,/^}$/p' man/ddcheck-checklist.5 | sed 's/\\\*(Gt/>/g' >"$tmp/dialogue.json"
"$bin" lint "$tmp/dialogue.json" >"$tmp/out" 2>&1
st=$?
check "the example checklist of ddcheck-checklist(5) lints clean" '[ "$st" = 0 ] && [ ! -s "$tmp/out" ]'
"$bin" test --coverage "$tmp/dialogue.json" >"$tmp/out" 2>&1
st=$?
check "the example checklist passes its own tests, every outcome covered" '[ "$st" = 0 ] && grep -q "^3 passed, 0 failed$" "$tmp/out"'
if [ "$fails" -ne 0 ]; then echo "$fails failed"; exit 1; fi
