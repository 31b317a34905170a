#!/bin/sh
# SARIF as GitHub code scanning ingests it: Microsoft's SARIF multitool (npm
# @microsoft/sarif-multitool, a self-contained binary) validates every report with its SARIF rules
# and GitHub's ingestion rules (--rule-kind "Sarif;Gh") and must find no error, warning or note.
# Artifact locations are relative URIs with uriBaseId %SRCROOT% for inputs under the working
# directory, file:// URIs otherwise; every rule has a name (not its id), help and a helpUri.
# Args: $1 the ddcheck binary, $2 the repository root.
set -u
bin=$1
root=$2
. "$root/tests/cli/lib/check.sh"
. "$root/tests/cli/lib/npm_tools.sh"
require python3
npm_tools @microsoft/sarif-multitool@5.7.0
# The npm wrapper runs the binary through a shell, which splits "Sarif;Gh": call it directly.
multitool=$(ls "$npm_modules"/@microsoft/sarif-multitool-*/Sarif.Multitool 2>/dev/null | head -1)
[ -n "$multitool" ] || { echo "not ok - no Sarif.Multitool binary for this platform in $npm_modules"; exit 1; }
[ -x "$multitool" ] || chmod u+x "$multitool" # npm may not run its postinstall script

validate() { # validate NAME FILE: the multitool's findings on FILE (none expected)
  timeout 300 "$multitool" validate --rule-kind "Sarif;Gh" --log ForceOverwrite \
    -o "$tmp/$1.validation.sarif" "$2" >"$tmp/$1.validation.txt" 2>&1
  vst=$?
  findings=$(python3 -c '
import json, sys
runs = json.load(open(sys.argv[1]))["runs"]
print(sum(len(r.get("results", [])) for r in runs))' "$tmp/$1.validation.sarif" 2>/dev/null || echo "?")
  check "multitool (Sarif;Gh): no error, warning or note in $1" '[ "$vst" = 0 ] && [ "$findings" = 0 ]'
  [ "$findings" = 0 ] || grep -E ": (error|warning|note) " "$tmp/$1.validation.txt" | head -5
}

cp examples/submissions.csv "$tmp/outside.csv"
"$bin" -f sarif -o "$tmp/examples.sarif" examples/submissions.csv 2>/dev/null
validate examples "$tmp/examples.sarif"
"$bin" -f sarif -o "$tmp/paths.sarif" "$root/examples/submissions.csv" "$tmp/outside.csv" 2>/dev/null
validate "absolute-paths" "$tmp/paths.sarif"
"$bin" -f sarif -o "$tmp/stdin.sarif" - <examples/submissions.csv 2>/dev/null
validate "stdin" "$tmp/stdin.sarif"
"$bin" -f sarif -o "$tmp/waived.sarif" --waivers tests/fixtures/waivers/valid.json examples/submissions.csv 2>/dev/null
validate "waivers" "$tmp/waived.sarif"
"$bin" -f sarif -o "$tmp/custom.sarif" -c tests/fixtures/not_applicable.json tests/fixtures/not_applicable.csv 2>/dev/null
validate "custom-checklist-nothing-applies" "$tmp/custom.sarif"
"$bin" -f sarif -o "$tmp/floors.sarif" -c tests/fixtures/floors/checklist.json tests/fixtures/floors/projects.csv 2>/dev/null
validate "criterion-floors" "$tmp/floors.sarif"
"$bin" -f sarif -o "$tmp/hostile.sarif" tests/fixtures/hostile.csv 2>/dev/null
validate "hostile" "$tmp/hostile.sarif"

python3 - "$tmp/paths.sarif" "$tmp/outside.csv" >"$tmp/uris" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
for r in run["results"]:
    loc = r["locations"][0]["physicalLocation"]["artifactLocation"]
    print(loc.get("uriBaseId", "-"), loc["uri"])
PY
check "an input under the working directory, given by absolute path: relative URI on %SRCROOT%" 'grep -qx "%SRCROOT% examples/submissions.csv" "$tmp/uris"'
check "an input outside the working directory: a file:// URI" 'grep -qx -- "- file://$(cd "$tmp" && pwd -P)/outside.csv" "$tmp/uris"'
check "no location is a bare absolute path" '! grep -q " /" "$tmp/uris"'

python3 - "$tmp/examples.sarif" >"$tmp/rules" <<'PY'
import json, sys
driver = json.load(open(sys.argv[1]))["runs"][0]["tool"]["driver"]
print("informationUri", bool(driver.get("informationUri")))
for r in driver["rules"]:
    print(r["id"], r.get("name") not in (None, "", r["id"]), bool(r.get("help", {}).get("text")),
          bool(r.get("helpUri")))
PY
check "the tool has an informationUri" 'grep -qx "informationUri True" "$tmp/rules"'
check "every rule has a name other than its id, a help text and a helpUri" '[ "$(grep -c " True True True$" "$tmp/rules")" = "$(($(wc -l <"$tmp/rules") - 1))" ]'
[ "$fails" = 0 ]
