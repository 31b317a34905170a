#!/bin/sh
# Runs one golden end-to-end case: tests/cases/NAME/cmd holds the arguments (shell words, run from
# the repository root); expected output is in stdout, stderr (optional) and status (exit code);
# an optional stdin file is fed to standard input. DDCHECK_UPDATE_GOLDEN=1 rewrites the expected
# files from the actual run (review the diff before committing).
set -u
bin=$1
dir=$2
root=$3
cd "$root" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
input=/dev/null
[ -f "$dir/stdin" ] && input="$dir/stdin"
eval "set -- $(cat "$dir/cmd")"
SOURCE_DATE_EPOCH=0 NO_COLOR=1 TZ=UTC GITHUB_STEP_SUMMARY= "$bin" "$@" <"$input" >"$tmp/stdout" 2>"$tmp/stderr"
echo $? >"$tmp/status"
if [ "${DDCHECK_UPDATE_GOLDEN:-}" = 1 ]; then
  cp "$tmp/stdout" "$tmp/status" "$dir/"
  if [ -s "$tmp/stderr" ] || [ -f "$dir/stderr" ]; then cp "$tmp/stderr" "$dir/"; fi
  echo "updated $dir"
  exit 0
fi
fail=0
for f in status stdout stderr; do
  [ -f "$dir/$f" ] || { [ "$f" = stderr ] && continue; }
  if ! diff -u "$dir/$f" "$tmp/$f" >"$tmp/diff"; then
    echo "--- $f differs (expected vs actual):"
    head -60 "$tmp/diff"
    fail=1
  fi
done
exit $fail
