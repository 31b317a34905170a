#!/bin/sh
# The html report renders in headless Chromium with no console error and no network request, and
# its page is a real document (heatmap and project sections in the DOM). Leaves a screenshot in
# $DDCHECK_SCREENSHOT when that is set. Skips (77) when chromium is not installed.
# Arguments: the ddcheck binary, the repository root, the shared directory.
set -u
bin=$1
root=$2
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "skip: chromium not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
for input in "$root/examples/submissions.csv" "$root/tests/fixtures/hostile.csv"; do
    name=$(basename "$input" .csv)
    SOURCE_DATE_EPOCH=0 "$bin" -f html -o "$tmp/$name.html" "$input" 2>/dev/null
    set -- --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$tmp/profile-$name" --window-size=1280,2000 --enable-logging=stderr --v=0
    timeout 120 "$browser" "$@" --screenshot="$tmp/$name.png" "file://$tmp/$name.html" \
        >"$tmp/$name.log" 2>&1
    timeout 120 "$browser" "$@" --dump-dom "file://$tmp/$name.html" >"$tmp/$name.dom" \
        2>>"$tmp/$name.log"
    [ -s "$tmp/$name.png" ] || { echo "FAIL: $name: no screenshot"; tail -5 "$tmp/$name.log"; fail=1; }
    if grep -Ei 'Uncaught|CONSOLE\(|SyntaxError|net::ERR_' "$tmp/$name.log"; then
        echo "FAIL: $name: console errors or network requests"; fail=1
    fi
    grep -q 'class="heatmap"' "$tmp/$name.dom" || { echo "FAIL: $name: no heatmap in the DOM"; fail=1; }
    grep -q '<section class="project"' "$tmp/$name.dom" || { echo "FAIL: $name: no project section"; fail=1; }
    # The hostile key is text: the page holds no script element at all.
    if grep -qi '<script' "$tmp/$name.dom"; then echo "FAIL: $name: a script element in the DOM"; fail=1; fi
    if [ -n "${DDCHECK_SCREENSHOT:-}" ]; then cp "$tmp/$name.png" "${DDCHECK_SCREENSHOT%.png}-$name.png"; fi
done
[ "$fail" = 0 ] && echo "html renders in $browser without errors"
exit $fail
