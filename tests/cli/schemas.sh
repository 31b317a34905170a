#!/bin/sh
# The junit report is valid against the Ant JUnit XSD (xmllint) and the sarif report against the
# SARIF 2.1.0 JSON schema (a draft-04 schema: Ajv with ajv-draft-04 and ajv-formats, installed from
# npm into a cache folder outside the repository). Skips (77) when a tool or the schemas are missing.
# Arguments: the ddcheck binary, the repository root, the shared directory.
set -u
bin=$1
root=$2
shared=$3
xsd="$shared/conformance/schemas/JUnit.xsd"
sarif_schema="$shared/conformance/schemas/sarif-schema-2.1.0.json"
. "$root/tests/cli/lib/check.sh"
[ -f "$xsd" ] && [ -f "$sarif_schema" ] || { echo "skip: schemas not found under $shared"; exit 77; }
command -v xmllint >/dev/null 2>&1 || { echo "skip: xmllint not installed (libxml2-utils)"; exit 77; }
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 ||
    { echo "skip: node/npm not installed"; exit 77; }

cache="${XDG_CACHE_HOME:-$HOME/.cache}/ddcheck-npm"
if [ ! -d "$cache/node_modules/ajv-draft-04" ] || [ ! -d "$cache/node_modules/ajv-formats" ]; then
    mkdir -p "$cache" &&
        npm install --prefix "$cache" --no-audit --no-fund --silent ajv@8 ajv-draft-04@1 ajv-formats@3 \
            >"$tmp/npm.log" 2>&1 ||
        { cat "$tmp/npm.log"; echo "skip: npm could not install ajv"; exit 77; }
fi
cat >"$tmp/validate.js" <<'JS'
const Ajv = require("ajv-draft-04");
const addFormats = require("ajv-formats");
const fs = require("fs");
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(process.argv[2], "utf8")));
if (!validate(JSON.parse(fs.readFileSync(process.argv[3], "utf8")))) {
  console.error(JSON.stringify(validate.errors.slice(0, 10), null, 2));
  process.exit(1);
}
JS

# The examples (pass, gap, invalid rows, not_applicable), the hostile fixture, a project to which
# no requirement applies (its own failure in both), criteria below their floors and display
# fields (floors/), and an empty input.
for pair in "group3-investor:$root/examples/submissions.csv" \
            "group3-investor:$root/tests/fixtures/hostile.csv" \
            "$root/tests/fixtures/not_applicable.json:$root/tests/fixtures/not_applicable.csv" \
            "$root/tests/fixtures/floors/checklist.json:$root/tests/fixtures/floors/projects.csv"; do
    checklist=${pair%%:*}
    input=${pair#*:}
    name=$(basename "$input" .csv)
    "$bin" -c "$checklist" -f junit -o "$tmp/$name.xml" -f sarif -o "$tmp/$name.sarif" "$input" \
        2>/dev/null
    if xmllint --noout --schema "$xsd" "$tmp/$name.xml" 2>"$tmp/xmllint.log"; then
        echo "ok: junit for $name is valid"
    else
        echo "FAIL: junit for $name:"; head -20 "$tmp/xmllint.log"; fails=$((fails + 1))
    fi
    if NODE_PATH="$cache/node_modules" node "$tmp/validate.js" "$sarif_schema" "$tmp/$name.sarif"; then
        echo "ok: sarif for $name is valid"
    else
        echo "FAIL: sarif for $name"; fails=$((fails + 1))
    fi
done
head -1 "$root/examples/submissions.csv" >"$tmp/empty.csv"
# (No project at all exits 2 and writes no -o file; what standard output got is still valid.)
"$bin" -f junit "$tmp/empty.csv" >"$tmp/empty.xml" 2>/dev/null
"$bin" -f sarif "$tmp/empty.csv" >"$tmp/empty.sarif" 2>/dev/null
xmllint --noout --schema "$xsd" "$tmp/empty.xml" 2>/dev/null || { echo "FAIL: junit, no rows"; fails=$((fails + 1)); }
NODE_PATH="$cache/node_modules" node "$tmp/validate.js" "$sarif_schema" "$tmp/empty.sarif" ||
    { echo "FAIL: sarif, no rows"; fails=$((fails + 1)); }
[ "$fails" = 0 ]
