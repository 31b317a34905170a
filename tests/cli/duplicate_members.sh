#!/bin/sh
# A member name given twice in one JSON object (issue 20, item 6): cJSON and so ddcheck would
# take the first, Python and JavaScript the last, so a reviewer could read another rule than the
# one ddcheck runs. A checklist (lint and evaluate), a waiver file and a baseline report with one
# are refused, exit 2, at the line and column of the second member.
# Args: $1 the ddcheck binary, $2 the repository root, $3 the shared folder.
set -u
bin=$1
root=$2
. "$root/tests/cli/lib/check.sh"
require python3
csv=examples/submissions.csv

# A requirement with two "rule" members: the first always true, the second (what Python reads)
# never. Pretty-printed by Python, then the second "rule" added on a line of its own.
python3 - "$tmp/dup.json" <<'PY'
import json, sys
cl = json.load(open("examples/custom/community-health-safety.json"))
text = json.dumps(cl, indent=2)
first = text.index('"rule": ')
line_start = text.rindex("\n", 0, first) + 1
indent = text[line_start:first]
text = text[:line_start] + indent + '"rule": {"==": [1, 1]},\n' + text[line_start:]
open(sys.argv[1], "w").write(text)
# The place of the second "rule": its line and column, 1-based.
line = text.count("\n", 0, line_start) + 2
print(line, len(indent) + 1, file=open(sys.argv[1] + ".place", "w"))
PY
read line col <"$tmp/dup.json.place"
"$bin" lint "$tmp/dup.json" 2>"$tmp/lint.err"
st=$?
check 'lint: a requirement with two "rule" members is exit 2' '[ "$st" = 2 ]'
check "lint: the second \"rule\" is placed at $line:$col" \
  'grep -q "dup.json:$line:$col: error: invalid JSON: duplicate member name" "$tmp/lint.err"'
"$bin" -c "$tmp/dup.json" examples/custom/projects.csv >/dev/null 2>"$tmp/eval.err"
st=$?
check 'evaluate: the checklist is not run (exit 2)' '[ "$st" = 2 ]'

# A second top-level "id".
printf '{"format": "ddcheck-checklist/1", "id": "a", "id": "b"}' >"$tmp/id.json"
"$bin" lint "$tmp/id.json" 2>"$tmp/id.err"
st=$?
check 'lint: a duplicate top-level "id" is exit 2 at 1:46' \
  '[ "$st" = 2 ] && grep -q "id.json:1:46: error: invalid JSON: duplicate member name" "$tmp/id.err"'

# A waiver file whose waiver names its requirement twice.
cat >"$tmp/waivers.json" <<'JSON'
{"format": "ddcheck-waivers/1", "waivers": [
  {"project": "MN-COAL-08", "requirement": "G3.1.c", "justification": "j",
   "expires": "2099-12-31", "requirement": "G3.2.a"}]}
JSON
"$bin" --waivers "$tmp/waivers.json" "$csv" >/dev/null 2>"$tmp/w.err"
st=$?
check 'waivers: a duplicate member is exit 2 at 3:29' \
  '[ "$st" = 2 ] && grep -q "waivers.json:3:29: error: invalid JSON: duplicate member name" "$tmp/w.err"'

# A baseline report with a project's "verdict" twice.
SOURCE_DATE_EPOCH=0 "$bin" -f json -o "$tmp/base.json" "$csv" 2>/dev/null
python3 - "$tmp/base.json" <<'PY'
import sys
p = sys.argv[1]
text = open(p).read()
at = text.index('"verdict": ', text.index('"projects"'))
text = text[:at] + '"verdict": "pass", ' + text[at:]
open(p, "w").write(text)
PY
"$bin" --baseline "$tmp/base.json" "$csv" >/dev/null 2>"$tmp/b.err"
st=$?
check 'baseline: a duplicate member is exit 2 with its place' \
  '[ "$st" = 2 ] && grep -q "base.json:[0-9]*:[0-9]*: error: invalid JSON: duplicate member name" "$tmp/b.err"'
"$bin" diff "$tmp/base.json" "$tmp/base.json" >/dev/null 2>"$tmp/d.err"
st=$?
check 'diff: a report with a duplicate member is exit 2' '[ "$st" = 2 ]'
[ "$fails" = 0 ]
