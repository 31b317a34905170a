#!/bin/sh
# The folders' include direction (docs/architecture.md: each folder includes only the folders
# below it): util/ includes only util/, checklist/ nothing of evaluator/, reports/ or the users,
# and so on up; and evaluator/result.h, which every renderer reads, does not pull in the waiver
# loader (evaluator/waiver.h), only the waiver as the results carry it (issue 21).
# Args: $1 the ddcheck binary (unused), $2 the repository root, $3 the shared folder (unused).
set -u
bin=$1
root=$2
. "$root/tests/cli/lib/check.sh"
require cc

# The quoted includes of the folder's .c and .h files, one "FILE: NAME" a line.
includes() {
  grep -H '^#include "' "$1"/*.c "$1"/*.h 2>/dev/null | sed 's/:#include "\(.*\)".*/: \1/'
}

bad=$(includes util | awk '{ n = $2; f = $1; sub(/:$/, "", f) }
  n ~ /\// || system("test -f util/" n) != 0 { print f ": " n }')
check 'util/ includes only util/ headers' '[ -z "$bad" ] || { echo "$bad"; false; }'

for pair in "checklist:evaluator/|reports/|api/|cli/" "evaluator:reports/|api/|cli/" \
            "reports:api/|cli/" "api:cli/"; do
  dir=${pair%%:*}
  above=${pair#*:}
  bad=$(includes "$dir" | grep -E ": ($above)" || true)
  check "$dir/ includes nothing of $above" '[ -z "$bad" ] || { echo "$bad"; false; }'
done

deps=$(cc -MM -I. -Iinclude evaluator/result.h 2>&1)
st=$?
check 'evaluator/result.h compiles on its own' '[ "$st" = 0 ] || { echo "$deps"; false; }'
check 'evaluator/result.h names the waiver as results carry it' \
  'echo "$deps" | grep -q "evaluator/waiver_info.h"'
check 'evaluator/result.h does not pull in the waiver loader' \
  '! echo "$deps" | grep -q "evaluator/waiver\.h"'
[ "$fails" = 0 ]
