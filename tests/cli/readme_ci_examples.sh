#!/bin/sh
# README's CI examples (GitHub Actions, GitLab CI, Jenkins) run as written: each command line is
# taken from README.md's "In CI" section (a `- run:`, `script:` or `sh '…'` line), run by sh with
# the built ddcheck first on PATH in a folder holding portfolio/*.csv, and what the CI system then
# reads is checked: its exit status, the files its later steps upload or archive, and that they
# are what those steps expect. Args: $1 the ddcheck binary, $2 the repository root.
set -u
bin=$1
root=$2
. "$root/tests/cli/lib/check.sh"
require python3

python3 - README.md >"$tmp/commands" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
section = text.split("### In CI", 1)[1].split("\n## ", 1)[0]
for block in re.findall(r"```\w*\n(.*?)```", section, re.S):
    for line in block.splitlines():
        m = re.search(r"^\s*- run: (.*)$|^\s*script: (.*)$|\bsh '([^']*)'", line)
        if m:
            print(next(g for g in m.groups() if g))
PY
check "README's CI section has three command lines (GitHub, GitLab, Jenkins)" '[ "$(wc -l <"$tmp/commands")" = 3 ]'

mkdir -p "$tmp/path"
ln -s "$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")" "$tmp/path/ddcheck"
n=0
while IFS= read -r cmd; do
  n=$((n + 1))
  dir=$tmp/ci$n
  mkdir -p "$dir/portfolio"
  cp examples/submissions.csv "$dir/portfolio/q1.csv"
  # Two more projects, passing (the first two of the examples under new keys).
  awk -F, 'NR == 1 { print } NR == 2 || NR == 4 { $1 = "NEW-" $1; print }' OFS=, examples/submissions.csv \
    >"$dir/portfolio/q2.csv"
  : >"$dir/step-summary.md"
  (cd "$dir" && PATH="$tmp/path:$PATH" GITHUB_STEP_SUMMARY="$dir/step-summary.md" sh -c "$cmd" \
    >"$dir/stdout" 2>"$dir/stderr")
  echo "$?" >"$dir/status"
  echo "# $n: $cmd (exit $(cat "$dir/status"))"
done <"$tmp/commands"

# What the job summary must count: the portfolio of both files, as -f summary gives it.
counts=$(cd "$tmp/ci1" && "$bin" -f summary portfolio/*.csv 2>/dev/null | awk -F, 'NR > 1 { n++; c[$5]++ } END { printf "| %d | %d | %d | %d |", n, c["pass"], c["gap"], c["invalid"] }')
# GitHub Actions: annotations within GitHub's limits on stdout, a SARIF file for upload-sarif, an
# HTML file for upload-artifact, a job summary; exit 1 fails the step (the uploads run always()).
d=$tmp/ci1
check "GitHub: the step fails on the examples' gaps (exit 1)" '[ "$(cat "$d/status")" = 1 ]'
check "GitHub: annotations on the portfolio's CSV rows, at most 10 errors" 'grep -q "^::error file=portfolio/q1.csv,line=" "$d/stdout" && [ "$(grep -c "^::error " "$d/stdout")" -le 10 ]'
check "GitHub: ddcheck.sarif for upload-sarif, located relative to the repository" 'python3 -c "import json,sys; r=json.load(open(sys.argv[1]))[\"runs\"][0][\"results\"]; sys.exit(not r or any(x[\"locations\"][0][\"physicalLocation\"][\"artifactLocation\"].get(\"uriBaseId\") != \"%SRCROOT%\" for x in r))" "$d/ddcheck.sarif"'
check "GitHub: ddcheck.html for upload-artifact" 'grep -q "<section class=\"project\"" "$d/ddcheck.html"'
check "GitHub: a job summary in \$GITHUB_STEP_SUMMARY" 'grep -q "^## ddcheck: " "$d/step-summary.md" && grep -qF "$counts" "$d/step-summary.md"'

# GitLab CI: a JUnit report the merge request reads, Markdown and JSON artifacts (when: always).
d=$tmp/ci2
check "GitLab: the job fails on the gaps (exit 1) and still leaves its artifacts" '[ "$(cat "$d/status")" = 1 ] && [ -s "$d/ddcheck.xml" ] && [ -s "$d/ddcheck.md" ] && [ -s "$d/ddcheck.json" ]'
check "GitLab: one testsuite per project, named by checklist and key" '[ "$(grep -c "<testsuite " "$d/ddcheck.xml")" = 12 ] && grep -q "<testsuite name=\"group3-investor.PE-CU-01\"" "$d/ddcheck.xml"'
check "GitLab: classname + name is unique across the whole report (GitLab's test key)" '[ -z "$(grep -o "<testcase classname=\"[^\"]*\" name=\"[^\"]*\"" "$d/ddcheck.xml" | sort | uniq -d)" ]'
check "GitLab: ddcheck.json is a ddcheck report" 'grep -q "\"format\": *\"ddcheck-report/1\"" "$d/ddcheck.json"'

# Jenkins: --fail-on never keeps the build going; junit and archiveArtifacts find their files.
d=$tmp/ci3
check "Jenkins: --fail-on never: exit 0" '[ "$(cat "$d/status")" = 0 ]'
check "Jenkins: ddcheck.xml and ddcheck.html to publish and archive" 'grep -q "<testsuites>" "$d/ddcheck.xml" && grep -q "<!DOCTYPE html>" "$d/ddcheck.html"'
check "Jenkins: the JUnit failures are exactly the failing projects' (no UNSTABLE from passing ones)" '! grep -A1 "name=\"group3-investor.PE-CU-01\"" "$d/ddcheck.xml" | grep -q "failures=\"[1-9]"'
[ "$fails" = 0 ]
