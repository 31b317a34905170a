#!/bin/sh
# The github format within GitHub's limits: at most 10 error and 10 warning annotations per step
# (GitHub drops the rest without notice), the most severe kept (a failing project's before a
# passing one's), then one notice that counts what was left out and says where it is; and a
# Markdown job summary appended to $GITHUB_STEP_SUMMARY when it is set.
# Args: $1 the ddcheck binary, $2 the repository root.
set -u
bin=$1
root=$2
. "$root/tests/cli/lib/check.sh"
count() { grep -c "^::$1 " "$2"; }

"$bin" -f github examples/submissions.csv >"$tmp/gh" 2>/dev/null
"$bin" -f summary examples/submissions.csv >"$tmp/sum.csv" 2>/dev/null
# Every annotation there would be: one per requirement not met, one per invalid row.
"$bin" -f json examples/submissions.csv >"$tmp/all.json" 2>/dev/null
# Every annotation there would be: one per requirement not met, one per criterion below its
# floor, one per invalid row.
total=$(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
fail = ("unmet", "no_evidence", "invalid")
print(sum(1 if p["verdict"] == "invalid" and not p.get("criteria") else
          sum(q["outcome"] in fail for c in p["criteria"] for q in c["requirements"]) +
          sum(bool(c.get("below_floor")) for c in p["criteria"]) for p in r["projects"]))' "$tmp/all.json")
check "10 errors and 10 warnings at most" '[ "$(count error "$tmp/gh")" = 10 ] && [ "$(count warning "$tmp/gh")" = 10 ]'
check "errors come before warnings" '[ "$(grep -n "^::warning" "$tmp/gh" | head -1 | cut -d: -f1)" -gt "$(grep -n "^::error" "$tmp/gh" | tail -1 | cut -d: -f1)" ]'
left=$((total - 20))
check "one last notice counts the $left annotations left out and says where they are" 'tail -1 "$tmp/gh" | grep -q "^::notice title=ddcheck%3A $left more annotations::.*job summary.*-f sarif"'
awk 'NR == 1 || NR == 7' examples/submissions.csv >"$tmp/invalid.csv"
"$bin" -f github "$tmp/invalid.csv" >"$tmp/gh_invalid" 2>/dev/null
check "an invalid row is an error" 'grep -q "^::error .*title=CD-CO-05::invalid row" "$tmp/gh_invalid"'
check "no job summary without \$GITHUB_STEP_SUMMARY" '! grep -q "^## " "$tmp/gh"'

# A passing project's warnings (AR-LI-03: two requirements not met) give way to failing ones'
# (GH-AU-02 and MZ-LNG-04 have more than ten between them), whatever the row order.
python3 -c '
import csv, sys
rows = list(csv.reader(open("examples/submissions.csv", newline="")))
keep = {"GH-AU-02", "AR-LI-03", "MZ-LNG-04"}
csv.writer(sys.stdout, lineterminator="\n").writerows([rows[0]] + [r for r in rows[1:] if r and r[0] in keep])' >"$tmp/order.csv"
"$bin" -f github "$tmp/order.csv" >"$tmp/gh" 2>/dev/null
check "a failing project's warnings are kept before a passing one's, whatever the row order" '[ "$(count warning "$tmp/gh")" = 10 ] && ! grep -q "title=AR-LI-03" "$tmp/gh"'
"$bin" -f github "$(awk 'NR == 1 || NR == 4' examples/submissions.csv >"$tmp/pass.csv"; echo "$tmp/pass.csv")" >"$tmp/gh" 2>/dev/null
check "within the limits nothing is left out and no count is added" '[ "$(count warning "$tmp/gh")" = 2 ] && ! grep -q "more annotations" "$tmp/gh"'

echo "# Earlier step" >"$tmp/step.md"
GITHUB_STEP_SUMMARY=$tmp/step.md "$bin" -f github examples/submissions.csv >/dev/null 2>&1
check "the job summary is appended after what the step summary had" '[ "$(head -1 "$tmp/step.md")" = "# Earlier step" ] && grep -q "^## ddcheck: " "$tmp/step.md"'
counts=$("$bin" -f summary examples/submissions.csv 2>/dev/null | awk -F, 'NR > 1 { n++; c[$5]++ } END { printf "| %d | %d | %d | %d |", n, c["pass"], c["gap"], c["invalid"] }')
check "the job summary counts the portfolio" 'grep -qF "$counts" "$tmp/step.md"'
check "the job summary has a portfolio table row per project" '[ "$(grep -c "^| [A-Z][A-Z]-[A-Z]*-[0-9]* | examples/submissions.csv:" "$tmp/step.md")" = 10 ]'
check "the job summary lists the gaps" 'grep -q "^### Gaps" "$tmp/step.md" && grep -q "^\*\*GH-AU-02\*\* (examples/submissions.csv:3): gap, score " "$tmp/step.md" && grep -q "^- \`G3.1.c\` unmet (critical): " "$tmp/step.md"'
check "passing projects are not in the gaps" '! grep -q "^\*\*AR-LI-03\*\*" "$tmp/step.md"'

# At scale the summary stays bounded and says what it left out (GitHub takes 1 MiB per step).
awk -F, 'NR == 1 { print; next } NR == 3 { for (i = 1; i <= 300; i++) { $1 = "GAP-" i; print } }' OFS=, \
    examples/submissions.csv >"$tmp/many.csv"
: >"$tmp/many.md"
GITHUB_STEP_SUMMARY=$tmp/many.md "$bin" -f github "$tmp/many.csv" >/dev/null 2>&1
check "a large batch's job summary says how many projects it left out" 'grep -q "and 200 more projects" "$tmp/many.md" && grep -q "and 275 more projects with a gap" "$tmp/many.md"'
check "a large batch's job summary stays small" '[ "$(wc -c <"$tmp/many.md")" -lt 100000 ]'
[ "$fails" = 0 ]
