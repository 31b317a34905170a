#!/bin/sh
# The benchmark: bench/run.sh [--shape long|short] [--quick] [ROWS]
#
# Builds ddcheck (Release, in build-bench/) and the libcsv parse-only floor, generates seeded
# submissions (cached in build-bench/bench/data), installs json-logic-js + csv-parse from npm into
# ${XDG_CACHE_HOME:-$HOME/.cache}/ddcheck-bench (never into the repo), then bench/driver.py runs
# floor / ddcheck -f summary / ddcheck -f jsonl / json-logic-js alternately and prints medians,
# ratios, callgrind instructions per row, peak RSS and how cost grows. Exits 1 when ddcheck and
# json-logic-js disagree on a row where every field a rule reads is present.
#
# ROWS defaults to 1000000 (--quick: 100000). About 8 minutes on 2 cores the first time (the
# 1M-row file is generated once), --quick about 1.5 minutes.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${DDCHECK_BENCH_BUILD:-$ROOT/build-bench}
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/ddcheck-bench

echo "== build (Release, $BUILD)" >&2
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD" --target ddcheck -j2 >/dev/null
mkdir -p "$BUILD/bench"
cc -O2 -Wall -Wextra -o "$BUILD/bench/floor" "$ROOT/bench/floor.c" -lcsv

if [ ! -d "$CACHE/node_modules/json-logic-js" ] || [ ! -d "$CACHE/node_modules/csv-parse" ]; then
    echo "== npm install json-logic-js csv-parse into $CACHE" >&2
    mkdir -p "$CACHE"
    [ -f "$CACHE/package.json" ] || echo '{"private": true}' >"$CACHE/package.json"
    (cd "$CACHE" && npm install --no-audit --no-fund --silent json-logic-js@2.0.5 csv-parse@5.6.0)
fi

exec python3 "$ROOT/bench/driver.py" --root "$ROOT" --build "$BUILD" \
    --node-path "$CACHE/node_modules" "$@"
