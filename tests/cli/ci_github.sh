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

unset GITHUB_STEP_SUMMARY
"$bin" -f github examples/submissions.csv >"$tmp/gh" 2>/dev/null
"$bin" -f summary examples/submissions.csv >"$tmp/sum.csv" 2>/dev/null
# Every annotation there would be: one per requirement not met, one per invalid row.
total=$(python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print(sum(len([x for x in r["not_met"].split(";") if x]) + (r["verdict"] == "invalid") for r in rows))' "$tmp/sum.csv")
check "10 errors and 10 warnings at most" '[ "$(count error "$tmp/gh")" = 10 ] && [ "$(count warning "$tmp/gh")" = 10 ]'
check "errors come before warnings" '[ "$(grep -n "^::warning" "$tmp/gh" | head -1 | cut -d: -f1)" -gt "$(grep -n "^::error" "$tmp/gh" | tail -1 | cut -d: -f1)" ]'
left=$((total - 20))
check "one last notice counts the $left annotations left out and says where they are" 'tail -1 "$tmp/gh" | grep -q "^::notice title=ddcheck%3A $left more annotations::.*job summary.*-f sarif"'
check "the invalid row is among the errors" 'grep -q "^::error .*title=CD-CO-05::invalid row" "$tmp/gh"'
check "no job summary without \$GITHUB_STEP_SUMMARY" '! grep -q "^## " "$tmp/gh"'

# A passing project's warnings (AR-LI-03: two requirements not met) give way to a failing one's.
awk 'NR == 1 || NR == 4 || NR == 3' examples/submissions.csv >"$tmp/order.csv"
"$bin" -f github "$tmp/order.csv" >"$tmp/gh" 2>/dev/null
check "a failing project's warnings are kept before a passing one's, whatever the row order" '[ "$(count warning "$tmp/gh")" = 10 ] && ! grep -q "title=AR-LI-03" "$tmp/gh"'
"$bin" -f github "$(awk 'NR == 1 || NR == 4' examples/submissions.csv >"$tmp/pass.csv"; echo "$tmp/pass.csv")" >"$tmp/gh" 2>/dev/null
check "within the limits nothing is left out and no count is added" '[ "$(count warning "$tmp/gh")" = 2 ] && ! grep -q "more annotations" "$tmp/gh"'

echo "# Earlier step" >"$tmp/step.md"
GITHUB_STEP_SUMMARY=$tmp/step.md "$bin" -f github examples/submissions.csv >/dev/null 2>&1
check "the job summary is appended after what the step summary had" '[ "$(head -1 "$tmp/step.md")" = "# Earlier step" ] && grep -q "^## ddcheck: " "$tmp/step.md"'
check "the job summary counts the portfolio" 'grep -q "^| 10 | 3 | 6 | 1 |$" "$tmp/step.md"'
check "the job summary has a portfolio table row per project" '[ "$(grep -c "^| [A-Z][A-Z]-[A-Z]*-[0-9]* | examples/submissions.csv:" "$tmp/step.md")" = 10 ]'
check "the job summary lists the gaps" 'grep -q "^### Gaps" "$tmp/step.md" && grep -q "^\*\*GH-AU-02\*\* (examples/submissions.csv:3): gap, score 20.0" "$tmp/step.md" && grep -q "^- \`G3.1.c\` unmet (critical): " "$tmp/step.md"'
check "passing projects are not in the gaps" '! grep -q "^\*\*AR-LI-03\*\*" "$tmp/step.md"'

# At scale the summary stays bounded and says what it left out (GitHub takes 1 MiB per step).
awk -F, 'NR == 1 { print; next } NR == 3 { for (i = 1; i <= 300; i++) { $1 = "GAP-" i; print } }' OFS=, \
    examples/submissions.csv >"$tmp/many.csv"
: >"$tmp/many.md"
GITHUB_STEP_SUMMARY=$tmp/many.md "$bin" -f github "$tmp/many.csv" >/dev/null 2>&1
check "a large batch's job summary says how many projects it left out" 'grep -q "and 200 more projects" "$tmp/many.md" && grep -q "and 275 more projects with a gap" "$tmp/many.md"'
check "a large batch's job summary stays small" '[ "$(wc -c <"$tmp/many.md")" -lt 100000 ]'
[ "$fails" = 0 ]
