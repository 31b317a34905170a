#!/bin/sh
# Differential test of `ddcheck logic` against the reference JSON Logic implementation,
# json-logic-js: generated rules and documents (gen.js, seeded) go through both engines, and any
# disagreement that is not a known, documented divergence (divergences.js, docs/jsonlogic.md)
# fails the run.
#
# Usage: tests/differential/run.sh DDCHECK [COUNT]
#   COUNT  cases to run (default $DDCHECK_DIFF_COUNT, else 3000); DDCHECK_DIFF_SEED sets the seed.
#   Further options for compare.js go in DDCHECK_DIFF_ARGS (e.g. "--list", "--show 50").
#
# json-logic-js is installed with npm into ${XDG_CACHE_HOME:-$HOME/.cache}/ddcheck-npm (outside
# the repository) the first time, and reused from there afterwards, offline.
# Exit: 0 pass, 1 an unexplained disagreement, 2 bad usage, 77 node/npm missing or the install
# failed (the reason is printed).
set -u
JSONLOGIC_VERSION=2.0.5

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 DDCHECK [COUNT]" >&2
  exit 2
fi
bin=$1
count=${2:-${DDCHECK_DIFF_COUNT:-3000}}
seed=${DDCHECK_DIFF_SEED:-20240601}
here=$(cd "$(dirname "$0")" && pwd)
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
[ -x "$bin" ] || { echo "differential: $bin is not an executable" >&2; exit 2; }

if ! command -v node >/dev/null 2>&1; then
  echo "differential: SKIP: node is not installed (Debian: apt-get install nodejs npm)"
  exit 77
fi

if [ -n "${XDG_CACHE_HOME:-}" ]; then
  cache=$XDG_CACHE_HOME/ddcheck-npm
elif [ -n "${HOME:-}" ]; then
  cache=$HOME/.cache/ddcheck-npm
else
  cache=${TMPDIR:-/tmp}/ddcheck-npm
fi
module=$cache/node_modules/json-logic-js

installed_version() {
  [ -f "$module/package.json" ] && node -e 'console.log(require(process.argv[1]).version)' \
    "$module/package.json" 2>/dev/null
}

if [ "$(installed_version)" != "$JSONLOGIC_VERSION" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "differential: SKIP: npm is not installed and $module is not there (Debian: apt-get install npm)"
    exit 77
  fi
  mkdir -p "$cache" || { echo "differential: SKIP: cannot create $cache"; exit 77; }
  echo "differential: installing json-logic-js@$JSONLOGIC_VERSION into $cache"
  if ! npm install --prefix "$cache" --no-audit --no-fund --loglevel=error \
      "json-logic-js@$JSONLOGIC_VERSION" >"$cache/npm.log" 2>&1; then
    echo "differential: SKIP: npm could not install json-logic-js@$JSONLOGIC_VERSION:"
    tail -5 "$cache/npm.log"
    exit 77
  fi
  if [ "$(installed_version)" != "$JSONLOGIC_VERSION" ]; then
    echo "differential: SKIP: npm ran but $module is not json-logic-js $JSONLOGIC_VERSION"
    exit 77
  fi
fi

# shellcheck disable=SC2086 # DDCHECK_DIFF_ARGS is a list of options
exec node "$here/compare.js" --bin "$bin" --jsonlogic "$module" --seed "$seed" --count "$count" \
  ${DDCHECK_DIFF_ARGS:-}
