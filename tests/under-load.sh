#!/usr/bin/env bash
# Proves the test command does not depend on the machine's speed: runs it (exactly what .ci/run
# runs) RUNS times in a row, each from a fresh clone of the current commit, while two CPU hogs keep
# both cores busy. Prints one line per run (exit status, minutes) and exits non-zero if any failed.
#   bash tests/under-load.sh [RUNS] [WORKDIR]     (default 3 runs in /tmp/batchboard-under-load)
set -uo pipefail
runs=${1:-3}
work=${2:-/tmp/batchboard-under-load}
source=$(cd "$(dirname "$0")/.." && pwd)
commit=$(git -C "$source" rev-parse HEAD)
mkdir -p "$work"
hogs=()
stop_hogs() { ((${#hogs[@]})) && kill "${hogs[@]}" 2>/dev/null; hogs=(); }
trap stop_hogs EXIT
failed=0
for ((n = 1; n <= runs; n++)); do
    clone=$work/clone$n
    rm -rf "$clone"
    git clone -q --no-local "$source" "$clone" && git -C "$clone" checkout -q "$commit" || exit 2
    for _ in 1 2; do (while :; do :; done) & hogs+=($!); done
    started=$SECONDS
    (cd "$clone" && bash .ci/run) >"$work/run$n.log" 2>&1
    status=$?
    stop_hogs
    elapsed=$((SECONDS - started))
    printf 'run %d of %d at %s: exit %d in %d min %02d s (log: %s)\n' "$n" "$runs" "${commit:0:7}" \
        "$status" $((elapsed / 60)) $((elapsed % 60)) "$work/run$n.log"
    ((status == 0)) || failed=1
done
exit $failed
