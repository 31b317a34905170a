#!/bin/sh
# `cmake --install` puts the man pages and the completions where man, bash-completion, zsh and
# fish look for them (GNUInstallDirs places, Debian's vendor folders), and the installed files
# work from there. Args: $1 the ddcheck binary (in the build folder), $2 the repository root.
set -u
bin=$1
root=$2
. "$root/tests/cli/lib/check.sh"
build=$(cd "$(dirname "$bin")" && pwd)
DESTDIR="$tmp/dest" cmake --install "$build" --prefix /usr >"$tmp/log" 2>&1
st=$?
check "cmake --install succeeds" '[ "$st" = 0 ] || { cat "$tmp/log"; false; }'
d=$tmp/dest/usr/share
for f in man/man1/ddcheck.1 man/man5/ddcheck-checklist.5 bash-completion/completions/ddcheck \
  zsh/vendor-completions/_ddcheck fish/vendor_completions.d/ddcheck.fish; do
  check "installs share/$f" '[ -s "$d/$f" ]'
done
check "the installed bash completion registers itself for ddcheck" \
  'bash -c ". \"$d/bash-completion/completions/ddcheck\"; complete -p ddcheck" | grep -q "_ddcheck ddcheck$"'
if command -v man >/dev/null 2>&1; then
  check "man finds the installed pages by name and section" \
    '[ "$(man -M "$d/man" -w ddcheck)" = "$d/man/man1/ddcheck.1" ] && [ "$(man -M "$d/man" -w 5 ddcheck-checklist)" = "$d/man/man5/ddcheck-checklist.5" ]'
fi
if [ "$fails" -ne 0 ]; then echo "$fails failed"; exit 1; fi
