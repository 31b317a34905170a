#!/bin/sh
# Hostile cells stay inert in every report format: no raw <script> where markup is rendered, no
# CSV cell a spreadsheet would run as a formula, no terminal escape byte anywhere.
# Arguments: the ddcheck binary, the repository root, the shared directory.
set -u
bin=$1
root=$2
fixture="$root/tests/fixtures/hostile.csv"
. "$root/tests/cli/lib/check.sh"
bad() {
    echo "FAIL: $*"
    fails=$((fails + 1))
}

for f in text markdown html json jsonl csv summary junit sarif github tap; do
    SOURCE_DATE_EPOCH=0 NO_COLOR=1 "$bin" -f "$f" "$fixture" >"$tmp/$f" 2>"$tmp/$f.err"
    status=$?
    [ "$status" = 1 ] || bad "$f: exit status $status, expected 1 (the fixture has gaps)"
    [ -s "$tmp/$f" ] || bad "$f: no output"
    # ESC (0x1b), BEL and the one-byte CSI U+009B must never be written raw.
    if LC_ALL=C grep -q "$(printf '\033')" "$tmp/$f"; then bad "$f: raw ESC byte in the output"; fi
    if LC_ALL=C grep -q "$(printf '\007')" "$tmp/$f"; then bad "$f: raw BEL byte in the output"; fi
    if LC_ALL=C grep -q "$(printf '\302\233')" "$tmp/$f"; then bad "$f: raw U+009B (CSI) in the output"; fi
    # The messages on stderr quote cells too.
    if LC_ALL=C grep -q "$(printf '\033')" "$tmp/$f.err"; then bad "$f: raw ESC byte on stderr"; fi
    if LC_ALL=C grep -q "$(printf '\007')" "$tmp/$f.err"; then bad "$f: raw BEL byte on stderr"; fi
done

# Markup formats: the key <script>alert(1)</script> and the cell <img onerror> appear only escaped.
# (In Markdown a backslash before < makes it a literal character.)
for f in html markdown junit sarif; do
    if grep -Eqi '(^|[^\\])<(script|img)' "$tmp/$f"; then bad "$f: a raw <script> or <img> got through"; fi
done
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$tmp/html" || bad "html: the hostile key is not shown"
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$tmp/junit" || bad "junit: the hostile key is not shown"
grep -q 'script\\>alert' "$tmp/markdown" || bad "markdown: the hostile key is not shown"
# Markdown table rows: a | inside a key must not add a column.
if grep -q '`pipe`' "$tmp/markdown"; then bad "markdown: raw backticks from a key"; fi

# CSV formats: no cell starts with = + - @ (unquoted at the start of a line, or after a quote).
for f in csv summary; do
    if grep -Eq '^"?[=+@-]' "$tmp/$f"; then bad "$f: a line starts with a formula"; fi
    if grep -Eq ',"?[=+@-]' "$tmp/$f"; then bad "$f: a cell starts with a formula"; fi
    grep -q "'=HYPERLINK" "$tmp/$f" || bad "$f: the formula key is not neutralised with '"
done

# GitHub annotations: a key cannot inject a command or a property.
if grep -q '^::error::x' "$tmp/github"; then bad "github: a key injected a command"; fi
if grep -q 'title=@SUM(A1) # SKIP ::' "$tmp/github"; then bad "github: :: in a property was not encoded"; fi
# TAP: a key cannot forge a directive.
if grep -q '^ok .* # SKIP ::error' "$tmp/tap"; then bad "tap: a key forged a SKIP directive"; fi
# Every format accounts for the short row: 6 projects in the fixture.
[ "$(grep -c '^' "$tmp/summary")" = 7 ] || bad "summary: expected a header and 6 rows"
[ "$(grep -c '<testsuite ' "$tmp/junit")" = 6 ] || bad "junit: expected 6 testsuites"

if [ "$fails" = 0 ]; then echo "hostile input is inert in every format"; fi
[ "$fails" = 0 ]
