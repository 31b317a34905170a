#!/bin/sh
# Every C file of the repository is laid out as .clang-format says (clang-format 14, Debian 12's):
# a file that drifts fails this test with the command that fixes it. Skipped (77) without
# clang-format (scripts/setup.sh --test installs it).
# Args: $1 the ddcheck binary (unused), $2 the repository root.
set -u
root=$2
. "$root/tests/cli/lib/check.sh"
command -v clang-format >/dev/null 2>&1 || { echo "# skip: clang-format is not installed"; exit 77; }
command -v git >/dev/null 2>&1 && [ -d .git ] || [ -f .git ] || { echo "# skip: not a git checkout"; exit 77; }
n=0
for f in $(git ls-files '*.c' '*.h'); do
  n=$((n + 1))
  if ! clang-format --style=file "$f" | cmp -s - "$f"; then
    echo "not ok - $f is not as .clang-format lays it out: clang-format -i $f"
    fails=$((fails + 1))
  fi
done
echo "# $n files, $fails not formatted ($(clang-format --version | head -1))"
[ "$fails" = 0 ] && echo "ok - every C file is formatted"
[ "$fails" = 0 ]
