#!/bin/sh
# JUnit and TAP as their real consumers read them, and never disagreeing with the exit status
# (DESIGN.md, Command line): `prove` and npm tap-parser on TAP; npm junit-viewer on JUnit, which
# groups testcases by classname as GitLab keys them, so each project must be a suite of its own.
# A batch where every project passes (though some requirements are not met) exits 0, and then
# JUnit has no failure and both TAP consumers pass; the examples (gaps) fail in both.
# Args: $1 the ddcheck binary, $2 the repository root.
set -u
bin=$1
root=$2
. "$root/tests/cli/lib/check.sh"
. "$root/tests/cli/lib/npm_tools.sh"
command -v prove >/dev/null 2>&1 || { echo "skip: prove (perl) is not installed"; exit 77; }
require node
npm_tools tap-parser@16.0.1 junit-viewer@4.11.1

# The examples' passing projects: PE-CU-01 meets everything, AR-LI-03 and UG-OIL-07 pass with
# requirements not met.
awk 'NR == 1 || NR == 2 || NR == 4 || NR == 9' examples/submissions.csv >"$tmp/passing.csv"
SOURCE_DATE_EPOCH=0 "$bin" -f tap -o "$tmp/pass.tap" -f junit -o "$tmp/pass.xml" "$tmp/passing.csv" 2>"$tmp/err"
st=$?
check "every project passes: exit 0" '[ "$st" = 0 ]'
check "some requirement is not met in a passing project (the case this test is about)" 'grep -q "AR-LI-03.*# TODO" "$tmp/pass.tap"'
SOURCE_DATE_EPOCH=0 "$bin" -f tap -o "$tmp/gap.tap" -f junit -o "$tmp/gap.xml" examples/submissions.csv 2>"$tmp/err"
st=$?
check "the examples have gaps: exit 1" '[ "$st" = 1 ]'

prove -e cat "$tmp/pass.tap" >"$tmp/prove.out" 2>&1
st=$?
check "prove passes the TAP of a passing batch" '[ "$st" = 0 ] && grep -q "^Result: PASS" "$tmp/prove.out"'
prove -e cat "$tmp/gap.tap" >"$tmp/prove.out" 2>&1
st=$?
check "prove fails the TAP of a batch with gaps" '[ "$st" != 0 ] && grep -q "^Result: FAIL" "$tmp/prove.out"'

cat >"$tmp/tap.js" <<'JS'
// Prints what tap-parser concludes: ok, failing points (by name) and TODO points.
const { Parser } = require('tap-parser');
const fs = require('fs');
const p = new Parser(r => {
  console.log(`ok=${r.ok} count=${r.count} failures=${r.failures.length} todo=${r.todo}`);
  for (const f of r.failures) console.log(`failure: ${f.name}`);
});
p.end(fs.readFileSync(process.argv[2]));
JS
NODE_PATH=$npm_modules node "$tmp/tap.js" "$tmp/pass.tap" >"$tmp/tp.out" 2>&1
check "tap-parser: a passing batch is ok, with its unmet criteria as TODO" 'grep -q "^ok=true count=15 failures=0 todo=3" "$tmp/tp.out"'
NODE_PATH=$npm_modules node "$tmp/tap.js" "$tmp/gap.tap" >"$tmp/tp.out" 2>&1
check "tap-parser: a batch with gaps is not ok" 'grep -q "^ok=false" "$tmp/tp.out"'
# The verdicts of the examples, as the summary gives them.
passing=$("$bin" -f summary examples/submissions.csv 2>/dev/null | awk -F, '$5 == "pass" { print $1 }')
failing=$("$bin" -f summary examples/submissions.csv 2>/dev/null | awk -F, 'NR > 1 && $5 != "pass" { print $1 }')
check "tap-parser: no failure belongs to a passing project" '(for k in $passing; do ! grep -q "^failure: $k " "$tmp/tp.out" || exit 1; done)'
check "tap-parser: every project with a gap or invalid has a failure" '(for k in $failing; do grep -q "^failure: $k " "$tmp/tp.out" || exit 1; done)'

cat >"$tmp/junit.js" <<'JS'
// junit-viewer's reading of a JUnit file: one line per suite it shows (it groups testcases by
// classname): name, testcases, failures + errors, skipped, and whether names repeat in it.
const jv = require('junit-viewer');
const r = jv.parse(process.argv[2]);
for (const s of r.suites) {
  const n = t => s.testCases.filter(c => c.type === t).length;
  const names = new Set(s.testCases.map(c => c.name));
  console.log(`${s.name} tests=${s.testCases.length} failing=${n('failure') + n('error')} ` +
              `skipped=${n('skipped')} unique=${names.size === s.testCases.length}`);
}
JS
NODE_PATH=$npm_modules node "$tmp/junit.js" "$tmp/gap.xml" >"$tmp/jv.out" 2>&1
cat "$tmp/jv.out"
check "junit-viewer shows each of the 10 projects as its own suite" '[ "$(grep -c "^group3-investor\." "$tmp/jv.out")" = 10 ]'
check "junit-viewer: suite names carry the project key" 'grep -q "^group3-investor.PE-CU-01 " "$tmp/jv.out" && grep -q "^group3-investor.GN-BX-10 " "$tmp/jv.out"'
check "junit-viewer: testcase names are unique within each suite" '! grep -q "unique=false" "$tmp/jv.out"'
requirements=$("$bin" checklists | awk '$1 == "group3-investor" { print $5 }')
check "junit-viewer: passing projects have no failure" 'grep -Eq "^group3-investor.AR-LI-03 tests=$requirements failing=0 skipped=2 " "$tmp/jv.out" && grep -Eq "^group3-investor.PE-CU-01 tests=$requirements failing=0 " "$tmp/jv.out"'
check "junit-viewer: projects with a gap or invalid fail" '[ "$(grep -c "failing=[1-9]" "$tmp/jv.out")" = "$(echo $failing | wc -w)" ]'
NODE_PATH=$npm_modules node "$tmp/junit.js" "$tmp/pass.xml" >"$tmp/jv.out" 2>&1
check "junit-viewer: a passing batch has no failing testcase" '[ "$(grep -c "failing=0" "$tmp/jv.out")" = 3 ]'
check "JUnit of a passing batch counts no failure (Jenkins would mark the build UNSTABLE)" '! grep -Eq "failures=\"[1-9]|errors=\"[1-9]" "$tmp/pass.xml"'
check "a requirement not met in a passing project is skipped with its reason" 'grep -q "skipped message=\"unmet, not failing: the project passes (score [0-9.]*)" "$tmp/pass.xml"'
[ "$fails" = 0 ]
