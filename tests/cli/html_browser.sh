#!/bin/sh
# The html report renders in headless Chromium with no console error and no network request, and
# its page is a real document (heatmap and project sections in the DOM). Leaves a screenshot in
# $DDCHECK_SCREENSHOT when that is set. Skips (77) when chromium is not installed.
# Then, driving Chromium over the DevTools protocol (npm chrome-remote-interface, installed into a
# cache folder outside the repo; this part is skipped with a message only when npm cannot be
# reached): printed on A4 and Letter no element leaves the page box or is clipped, no heading ends
# a page, the run date and provenance are on the first page; and a 100k-project report opens,
# with every project in the portfolio and the details of the 500 worst (its load time is
# measured and reported, not asserted: bench/html_open.sh judges the 10 s on a quiet machine).
# Arguments: the ddcheck binary, the repository root, the shared directory.
set -u
bin=$1
root=$2
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "skip: chromium not installed"; exit 77; }
. "$root/tests/cli/lib/check.sh"
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
    [ -s "$tmp/$name.png" ] || { echo "FAIL: $name: no screenshot"; tail -5 "$tmp/$name.log"; fails=$((fails + 1)); }
    if grep -Ei 'Uncaught|CONSOLE\(|SyntaxError|net::ERR_' "$tmp/$name.log"; then
        echo "FAIL: $name: console errors or network requests"; fails=$((fails + 1))
    fi
    grep -q 'class="heatmap"' "$tmp/$name.dom" || { echo "FAIL: $name: no heatmap in the DOM"; fails=$((fails + 1)); }
    grep -q '<section class="project"' "$tmp/$name.dom" || { echo "FAIL: $name: no project section"; fails=$((fails + 1)); }
    # The hostile key is text: the page holds no script element at all.
    if grep -qi '<script' "$tmp/$name.dom"; then echo "FAIL: $name: a script element in the DOM"; fails=$((fails + 1)); fi
    if [ -n "${DDCHECK_SCREENSHOT:-}" ]; then cp "$tmp/$name.png" "${DDCHECK_SCREENSHOT%.png}-$name.png"; fi
done
[ "$fails" = 0 ] && echo "html renders in $browser without errors"

# The legend beside the heatmap names every criterion; provenance is in the page's header.
SOURCE_DATE_EPOCH=0 "$bin" -f html -o "$tmp/ex.html" "$root/examples/submissions.csv" 2>/dev/null
for id in G3.1 G3.2 G3.3 G3.4 G3.5; do
    grep -q "<aside class=\"legend\".*<dt>$id</dt><dd>" "$tmp/ex.html" || { echo "FAIL: the legend does not name $id"; fails=$((fails + 1)); }
done
grep -q '<header class="top">.*Run 1970-01-01T00:00:00Z by ddcheck' "$tmp/ex.html" || { echo "FAIL: no run date in the header"; fails=$((fails + 1)); }

# --details N keeps the N worst failing projects, worst first, and links only those.
SOURCE_DATE_EPOCH=0 "$bin" -f html --details 3 -o "$tmp/d3.html" "$root/examples/submissions.csv" 2>/dev/null
order=$(grep -o '<section class="project" id="p[0-9]*"' "$tmp/d3.html" | grep -o 'p[0-9]*"' | tr -d '"' | tr '\n' ' ')
[ "$order" = "p5 p4 p2 " ] || { echo "FAIL: --details 3: sections $order, want the invalid row then the lowest scores (p5 p4 p2)"; fails=$((fails + 1)); }
[ "$(grep -c '<a href="#p' "$tmp/d3.html")" = 3 ] || { echo "FAIL: --details 3: links to details that are not in the page"; fails=$((fails + 1)); }
grep -q 'id="details-note">.*--details all' "$tmp/d3.html" || { echo "FAIL: --details 3: no note saying what was left out and how to have it"; fails=$((fails + 1)); }
SOURCE_DATE_EPOCH=0 "$bin" -f html --details all -o "$tmp/dall.html" "$root/examples/submissions.csv" 2>/dev/null
[ "$(grep -c '<section class="project"' "$tmp/dall.html")" = 10 ] || { echo "FAIL: --details all: not every project"; fails=$((fails + 1)); }

. "$root/tests/cli/lib/npm_tools.sh"
if (npm_tools chrome-remote-interface@0.34.0 >"$tmp/npm.out" 2>&1); then
    npm_tools chrome-remote-interface@0.34.0
else
    cat "$tmp/npm.out"
    grep -q '^skip:' "$tmp/npm.out" && { echo "(the DevTools checks are skipped)"; exit $((fails > 0)); }
    exit 1
fi
command -v pdftotext >/dev/null 2>&1 || { echo "FAIL: pdftotext (poppler-utils) is not installed"; exit 1; }
page() { NODE_PATH=$npm_modules timeout 600 node "$root/tests/cli/lib/html_page.js" "$browser" "$@"; }

for input in "$root/examples/submissions.csv" "$root/tests/fixtures/hostile.csv"; do
    name=$(basename "$input" .csv)
    SOURCE_DATE_EPOCH=0 "$bin" -f html -o "$tmp/$name.html" "$input" 2>/dev/null
    for paper in a4 letter; do
        page print "$tmp/$name.html" "$paper" "$tmp/$name-$paper.pdf" >"$tmp/$name-$paper.json" 2>"$tmp/$name-$paper.err" ||
            { echo "FAIL: $name on $paper: the page could not be printed"; cat "$tmp/$name-$paper.err"; fails=$((fails + 1)); continue; }
        pdftotext -layout "$tmp/$name-$paper.pdf" "$tmp/$name-$paper.txt"
        python3 - "$tmp/$name-$paper.json" "$tmp/$name-$paper.txt" "$name on $paper" <<'PY' || fails=$((fails + 1))
import json, sys
got = json.load(open(sys.argv[1]))
pages = open(sys.argv[2], encoding="utf-8").read().split("\f")
what, bad = sys.argv[3], 0
if got["offenderCount"]:
    print(f"FAIL: {what}: {got['offenderCount']} elements leave the page box or are clipped: {got['offenders'][:5]}")
    bad = 1
if "Run 1970-01-01T00:00:00Z" not in pages[0] or "SHA-256" not in pages[0]:
    print(f"FAIL: {what}: the run date and provenance are not on the first page")
    bad = 1
# No heading is the last line of a page (but the last page): it stays with what follows it.
heads = [" ".join(h.split()) for h in got["headings"] if len(h.strip()) >= 4]
for n, text in enumerate(pages[:-1], 1):
    lines = [" ".join(l.split()) for l in text.splitlines() if l.strip()]
    if lines and any(h.startswith(lines[-1]) or lines[-1].startswith(h) for h in heads):
        print(f"FAIL: {what}: page {n} ends with a heading: {lines[-1]!r}")
        bad = 1
if not bad:
    print(f"ok: {what}: {len(pages) - 1} pages, {got['width']} px wide, no element outside or clipped")
sys.exit(bad)
PY
    done
done

# At scale: 100k projects (bench/gen.py, seeded) open, with every project in the portfolio.
python3 "$root/bench/gen.py" 100000 --seed 7 >"$tmp/100k.csv"
"$bin" -f html -o "$tmp/100k.html" --fail-on never "$tmp/100k.csv" 2>/dev/null
page load "$tmp/100k.html" >"$tmp/100k.json" 2>"$tmp/100k.err" || { echo "FAIL: 100k: the page did not load"; cat "$tmp/100k.err"; fails=$((fails + 1)); }
python3 - "$tmp/100k.json" "$(wc -c <"$tmp/100k.html")" <<'PY' || fails=$((fails + 1))
import json, sys
got = json.load(open(sys.argv[1]))
bad = 0
print(f"100k projects: {int(sys.argv[2]) / 1e6:.1f} MB of HTML, opened in {got['loadMs'] / 1000:.1f} s "
      f"(navigation to load event; the limit is 10 s, judged by bench/html_open.sh)")
if got["rows"] != 100000:
    print(f"FAIL: 100k: {got['rows']} portfolio rows"); bad = 1
if got["sections"] != 500 or got["links"] != 500:
    print(f"FAIL: 100k: {got['sections']} detail sections and {got['links']} links, want 500 each"); bad = 1
if "--details all" not in got["note"]:
    print("FAIL: 100k: no note saying what was left out and how to have it"); bad = 1
sys.exit(bad)
PY
exit $((fails > 0))
