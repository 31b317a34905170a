#!/bin/sh
# `cmake --install` to a DESTDIR puts each file in its GNUInstallDirs place (and nothing
# internal: one header, no build files), and examples/embed builds against the installed files
# alone, with pkg-config (shared and static) and with find_package(ddcheck), and runs.
set -eu
build=$1 src=$2 sanitized=${3:-0}
if [ "$sanitized" = 1 ]; then
  echo "skipped: a sanitizer build is not one to install (its library needs the ASan runtime)"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
fail() { echo "FAIL: $*" >&2; exit 1; }

DESTDIR=$root cmake --install "$build" --prefix /usr >"$tmp/install.log" || {
  cat "$tmp/install.log" >&2; fail "cmake --install"; }
(cd "$root" && find . \( -type f -o -type l \) | sed 's|^\./||' | sort) >"$tmp/files"

# The places. The library directory is GNUInstallDirs' LIBDIR (lib, or lib/<multiarch>).
lib=$(sed -n 's|^\(usr/lib[^ ]*\)/libddcheck\.so\.0$|\1|p' "$tmp/files")
[ -n "$lib" ] || fail "no libddcheck.so.0 under usr/lib*"
for f in usr/bin/ddcheck usr/include/ddcheck.h \
         "$lib/libddcheck.so" "$lib/libddcheck.so.0" "$lib/libddcheck.a" \
         "$lib/pkgconfig/ddcheck.pc" "$lib/cmake/ddcheck/ddcheckConfig.cmake" \
         "$lib/cmake/ddcheck/ddcheckConfigVersion.cmake" "$lib/cmake/ddcheck/ddcheckTargets.cmake" \
         usr/share/doc/ddcheck/README.md usr/share/doc/ddcheck/LICENSE \
         usr/share/doc/ddcheck/docs/architecture.md usr/share/doc/ddcheck/examples/submissions.csv \
         usr/share/doc/ddcheck/examples/embed/embed.c usr/share/doc/ddcheck/examples/embed/CMakeLists.txt; do
  grep -qxF "$f" "$tmp/files" || fail "$f is not installed"
done
[ -L "$root/$lib/libddcheck.so" ] && [ -L "$root/$lib/libddcheck.so.0" ] ||
  fail "libddcheck.so and libddcheck.so.0 should be links to the versioned file"
# Nothing else in bin and include (no internal header), nothing outside the usual places (the
# man pages and shell completions have theirs).
others=$(grep -v -e '^usr/bin/ddcheck$' -e '^usr/include/ddcheck\.h$' \
  -e "^$lib/libddcheck\.\(a\|so\|so\.0\|so\.[0-9.]*\)$" -e "^$lib/pkgconfig/ddcheck\.pc$" \
  -e "^$lib/cmake/ddcheck/ddcheck[A-Za-z-]*\.cmake$" -e '^usr/share/doc/ddcheck/' \
  -e '^usr/share/man/man[1-9]/ddcheck[a-z-]*\.[1-9]\(\.gz\)\?$' -e '^usr/share/bash-completion/' \
  -e '^usr/share/zsh/' -e '^usr/share/fish/' "$tmp/files" || true)
[ -z "$others" ] || fail "installed outside the expected places: $others"
# Only the installed include/ is on the libraries' public include path: no source-tree folder
# (util/, checklist/, …) and no build-tree one reaches a user's compile line (issue 21).
includes=$(sed -n 's/.*INTERFACE_INCLUDE_DIRECTORIES "\(.*\)"/\1/p' "$root/$lib/cmake/ddcheck/ddcheckTargets.cmake" | sort -u)
[ "$includes" = '${_IMPORT_PREFIX}/include' ] || fail "find_package(ddcheck)'s include path: $includes"
cflags=$(sed -n 's/^Cflags: *//p' "$root/$lib/pkgconfig/ddcheck.pc")
[ "$cflags" = '-I${includedir}' ] || fail "ddcheck.pc's Cflags: $cflags"

# The example, built from the installed copy with nothing of the source tree or build tree.
example=$root/usr/share/doc/ddcheck/examples/embed
expected_demo='DEMO-1	gap	'
run_embed() { # $1: the program; checks the built-in demo and the README's example submissions
  out=$(LD_LIBRARY_PATH=$root/$lib "$1") && fail "$1: exit 0 although DEMO-2 has gaps" || true
  printf '%s\n' "$out" | grep -q "^DEMO-2	gap	" || fail "$1 printed: $out"
  printf '%s\n' "$out" | grep -q "^2 projects: 0 pass, 2 gap, 0 invalid" || fail "$1 printed: $out"
  # The same verdicts and scores as the program's summary report of the same file.
  (cd "$src" && LD_LIBRARY_PATH=$root/$lib "$1" examples/submissions.csv) >"$tmp/embed.out" 2>/dev/null || true
  (cd "$src" && "$root/usr/bin/ddcheck" -f summary examples/submissions.csv) 2>/dev/null |
    tail -n +2 | python3 -c '
import csv, sys
for key, file, line, score, verdict, not_met in csv.reader(sys.stdin):
    print("\t".join([key, verdict, score or "-", not_met]))' >"$tmp/summary.out" || true
  head -n 10 "$tmp/embed.out" | diff -u "$tmp/summary.out" - || fail "$1 disagrees with ddcheck -f summary"
}

PKG_CONFIG_PATH=$root/$lib/pkgconfig
export PKG_CONFIG_PATH
[ "$(pkg-config --modversion ddcheck)" = "$("$root/usr/bin/ddcheck" --version | sed -n '1s/^ddcheck \([0-9.]*\).*/\1/p')" ] ||
  fail "pkg-config's version is not the program's"
# shellcheck disable=SC2046
cc -std=c11 -Wall -Werror "$example/embed.c" $(pkg-config --cflags --libs ddcheck) -o "$tmp/embed-pc"
ldd "$tmp/embed-pc" | grep -q "libddcheck.so.0 => $root/$lib" 2>/dev/null ||
  LD_LIBRARY_PATH=$root/$lib ldd "$tmp/embed-pc" | grep -q "libddcheck.so.0 => $root/$lib/" ||
  fail "embed-pc does not load the installed libddcheck.so.0"
run_embed "$tmp/embed-pc"
# shellcheck disable=SC2046
cc -std=c11 -Wall -Werror "$example/embed.c" $(pkg-config --cflags ddcheck) \
  "$root/$lib/libddcheck.a" $(pkg-config --static --libs-only-l ddcheck | sed 's/-lddcheck//') \
  -o "$tmp/embed-static"
ldd "$tmp/embed-static" | grep -q libddcheck && fail "embed-static should not need libddcheck.so"
run_embed "$tmp/embed-static"

for kind in shared static; do
  static=OFF
  [ "$kind" = static ] && static=ON
  cmake -S "$example" -B "$tmp/cmake-$kind" -DCMAKE_PREFIX_PATH="$root/usr" -DEMBED_STATIC=$static \
    >"$tmp/cmake.log" 2>&1 && cmake --build "$tmp/cmake-$kind" >>"$tmp/cmake.log" 2>&1 || {
    cat "$tmp/cmake.log" >&2; fail "find_package(ddcheck) build ($kind)"; }
  run_embed "$tmp/cmake-$kind/embed"
done
echo "installed $(wc -l <"$tmp/files") files; embed built with pkg-config and find_package, shared and static"
