#!/bin/sh
# The generated checklist pages in docs/checklists/ match `ddcheck docs` for every built-in
# checklist. To refresh: ddcheck docs -c ID > docs/checklists/ID.md
set -u
bin=$1
root=$2
. "$root/tests/cli/lib/check.sh"
ids=$("$bin" checklists | awk '{print $1}')
[ -n "$ids" ] || { echo "no built-in checklists listed"; exit 1; }
for id in $ids; do
  "$bin" docs -c "$id" >"$tmp/$id.md" || { echo "ddcheck docs -c $id failed"; fails=$((fails + 1)); continue; }
  if [ ! -f "docs/checklists/$id.md" ]; then
    echo "docs/checklists/$id.md is missing; run: ddcheck docs -c $id > docs/checklists/$id.md"
    fails=$((fails + 1))
  elif ! diff -u "docs/checklists/$id.md" "$tmp/$id.md" >"$tmp/diff"; then
    echo "docs/checklists/$id.md is not current; run: ddcheck docs -c $id > docs/checklists/$id.md"
    head -40 "$tmp/diff"
    fails=$((fails + 1))
  fi
done
[ "$fails" = 0 ]
