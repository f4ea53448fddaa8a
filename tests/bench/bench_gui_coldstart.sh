#!/usr/bin/env bash
# Issue 8 benchmark 6 for run-all.sh: `batchboard --bench-exit-after-first-paint` on a 10,000-batch
# project vs the same binary on an empty project (coldstart_bench; target <= 1.5x, median of 5 runs).
# --small: 500 batches with 5 keys each, one run (the CI smoke size).
#   bench_gui_coldstart.sh BUILD_DIR OUT.json [--small]
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$1 out=$2 small=${3:-}
if [ -z "${BB_BENCH_NO_BUILD:-}" ]; then
    cmake --build "$build" -j2 --target coldstart_bench batchboard >/dev/null || exit 1
fi
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} QT_LOGGING_RULES=${QT_LOGGING_RULES:-qt.qpa.*=false}
base=${out%.json}
rm -f "$base-raw.json"
mkdir -p "$(dirname "$out")"
if [ "$small" = "--small" ]; then args=(--batches 500 --keys 5 --runs 1); else args=(--batches 10000 --runs 5); fi
nice -n 5 "$build/bin/coldstart_bench" "${args[@]}" --app "$build/bin/batchboard" --json "$base-raw.json" >&2
python3 "$here/gui_rows.py" "$out" "6 cold start:=$base-raw.json"
