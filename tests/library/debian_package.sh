#!/bin/sh
# `cpack -G DEB` makes a .deb whose Depends come from dpkg-shlibdeps (and name the libraries
# loaded at run time), that lintian passes with no error (each warning justified in
# docs/packaging.md), and whose program, extracted with dpkg -x, runs the README's main command
# on the packaged examples.
set -eu
build=$1 src=$2 sanitized=${3:-0}
if [ "$sanitized" = 1 ]; then
  echo "skipped: a sanitizer build is not one to package"
  exit 77
fi
for tool in cpack dpkg-deb dpkg-shlibdeps lintian; do
  if ! command -v $tool >/dev/null 2>&1; then
    echo "skipped: $tool is not installed (scripts/setup.sh --test installs it)"
    exit 77
  fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/out" >"$tmp/cpack.log" 2>&1 || {
  cat "$tmp/cpack.log" >&2; fail "cpack -G DEB"; }
deb=$(ls "$tmp"/out/ddcheck_*.deb)

# Depends: what the program and the library link (libc, cJSON, libcsv), with versions, and the
# Excel libraries they load at run time (libzip, expat, libxlsxwriter), which dpkg-shlibdeps
# cannot see.
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libcjson1 libcsv3 libexpat1 libzip4 libxlsxwriter4; do
  printf '%s\n' "$depends" | grep -q "\b$lib (>= [0-9]" || fail "Depends lacks $lib: $depends"
done
[ "$(dpkg-deb -f "$deb" Package)" = ddcheck ] || fail "package name"
dpkg-deb --ctrl-tarfile "$deb" | tar -t | grep -q '^\./shlibs$' || fail "no shlibs control file"

# lintian: no error; every warning is one docs/packaging.md lists and justifies.
lintian --no-tag-display-limit "$deb" >"$tmp/lintian" 2>&1 || true
if grep -q '^E: ' "$tmp/lintian"; then
  cat "$tmp/lintian" >&2
  fail "lintian reports errors"
fi
grep '^W: ' "$tmp/lintian" | sed -E 's/^W: [^:]+: ([a-z0-9-]+).*/\1/' | sort -u >"$tmp/warnings"
while read -r tag; do
  grep -q "^| \`$tag\`" "$src/docs/packaging.md" ||
    fail "lintian warning $tag is not justified in docs/packaging.md"
done <"$tmp/warnings"

# The program from the package, extracted, runs the README's main command: the built-in
# checklist on the shipped example projects (exit 1: the examples include projects with gaps).
dpkg-deb -x "$deb" "$tmp/root"
x=$tmp/root/usr
status=0
"$x/bin/ddcheck" evaluate "$x/share/doc/ddcheck/examples/submissions.csv" >"$tmp/stdout" 2>"$tmp/stderr" || status=$?
[ "$status" = 1 ] || { cat "$tmp/stderr" >&2; fail "exit status $status, not 1"; }
# The same closing line as the program built here gives on the same examples.
want=$("$build/ddcheck" evaluate "$src/examples/submissions.csv" 2>/dev/null | tail -1)
[ "$(tail -1 "$tmp/stdout")" = "$want" ] || fail "unexpected report: $(tail -1 "$tmp/stdout"), not $want"
"$x/bin/ddcheck" --version | grep -q 'MIT' || fail "--version does not say the licence"
echo "$(basename "$deb"): Depends: $depends; lintian warnings: $(tr '\n' ' ' <"$tmp/warnings")"
