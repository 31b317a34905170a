# npm_tools PACKAGE@VERSION... : installs the npm packages a consumer test drives into
# ${XDG_CACHE_HOME:-$HOME/.cache}/ddcheck-consumers (never into the repository, as bench/run.sh
# does with json-logic-js) and sets $npm_modules to its node_modules. Exits 77 (skip) with a
# message only when npm is missing or its registry cannot be reached; any other install failure
# fails the test. Sourced by tests/cli/*.sh after lib/check.sh; not a test itself.
npm_tools() {
  npm_cache=${XDG_CACHE_HOME:-$HOME/.cache}/ddcheck-consumers
  npm_modules=$npm_cache/node_modules
  missing=""
  for pkg in "$@"; do
    name=${pkg%@*}
    want=${pkg##*@}
    have=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$npm_modules/$name/package.json" 2>/dev/null | head -1)
    [ "$have" = "$want" ] || missing="$missing $pkg"
  done
  [ -z "$missing" ] && return 0
  command -v npm >/dev/null 2>&1 || { echo "skip: npm is not installed (needed for$missing)"; exit 77; }
  if ! timeout 60 npm ping >/dev/null 2>&1; then
    echo "skip: the npm registry cannot be reached (needed for$missing)"; exit 77
  fi
  mkdir -p "$npm_cache"
  [ -f "$npm_cache/package.json" ] || echo '{"private": true}' >"$npm_cache/package.json"
  # shellcheck disable=SC2086 # one word per package
  (cd "$npm_cache" && timeout 600 npm install --no-audit --no-fund --silent $missing) || {
    echo "not ok - npm install$missing into $npm_cache"; exit 1; }
}
