#!/usr/bin/env bash
# The issue-8 benchmark suite in one command: every benchmark against its peer in one run on this
# machine, a table (benchmark, ours, peer, ratio, target, pass) and one JSON file.
#
#   bash tests/bench/run-all.sh [--small] [--build DIR] [--out FILE.json] [--only 1,2,3,4,gui]
#
# --build   a configured build folder (default: build); the targets batchboard-cli,
#           gemini-emulator and bench_upload are built in it first
# --small   the CI sizes (each benchmark well under a minute); default: the full sizes
#           (1 GiB validate folder, 1 GiB upload, 194 x 100 scenario, 194 active jobs)
# --out     the JSON file (default: BUILD/bench/results[-small].json; per-benchmark files beside it)
#
# Hook for more benchmarks (GUI stall, cold start: benchmarks 5 and 6): every executable script
# tests/bench/bench_gui*.sh is run as `bash SCRIPT BUILD_DIR OUT.json [--small]` and must write
# {"rows": [{"benchmark", "ours", "peer", "ratio", "target", "pass"}, ...]} to OUT.json; its rows
# join the table. `ratio` is the figure compared with `target` (a string such as "<= 1.5").
#
# The naive @google/genai peer of benchmark 3 needs node and the SDK: `npm ci` runs once into
# BUILD/bench/node (from tests/conformance's package-lock.json); without them that peer is skipped.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build="$root/build" small="" out="" only="1,2,3,4,gui"
while [ $# -gt 0 ]; do
    case "$1" in
        --small) small=1 ;;
        --build) build=$2; shift ;;
        --build=*) build=${1#*=} ;;
        --out) out=$2; shift ;;
        --out=*) out=${1#*=} ;;
        --only) only=$2; shift ;;
        --only=*) only=${1#*=} ;;
        -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
        *) echo "run-all.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
build=$(cd "$build" && pwd)
dir="$build/bench"
mkdir -p "$dir"
suffix=${small:+-small}
out=${out:-"$dir/results$suffix.json"}
wants() { [[ ",$only," == *",$1,"* ]]; }

if [ -z "${BB_BENCH_NO_BUILD:-}" ]; then
    cmake --build "$build" -j2 --target batchboard-cli gemini-emulator bench_upload >/dev/null
fi
bin="$build/bin"
cli="$bin/batchboard-cli" emu="$bin/gemini-emulator"
files=()

if wants 1; then
    echo "== 1: batchboard-cli validate vs jq, sha256sum, wc -l" >&2
    if [ -n "$small" ]; then size=8 runs=1; else size=1024 runs=2; fi
    bash "$here/bench_validate.sh" "$cli" "$size" "$dir/validate$suffix.json" "$runs" >&2
    files+=("validate=$dir/validate$suffix.json")
fi
if wants 2; then
    echo "== 2: upload through the Qt client vs curl" >&2
    if [ -n "$small" ]; then mib=64 runs=1; else mib=1024 runs=3; fi
    python3 "$here/bench_upload.py" --client "$bin/bench_upload" --emulator "$emu" --mib "$mib" \
        --runs "$runs" --out "$dir/upload$suffix.json" >&2
    files+=("upload=$dir/upload$suffix.json")
fi
if wants 3; then
    echo "== 3: scenario makespan vs the theoretical minimum and the naive SDK script" >&2
    node_dir="$dir/node"
    if command -v node >/dev/null && command -v npm >/dev/null \
        && [ ! -d "$node_dir/node_modules/@google/genai" ]; then
        mkdir -p "$node_dir"
        cp "$root/tests/conformance/package.json" "$root/tests/conformance/package-lock.json" "$node_dir/"
        (cd "$node_dir" && npm ci --no-audit --no-fund >/dev/null 2>&1) \
            || echo "npm ci failed: the naive peer is skipped" >&2
    fi
    python3 "$here/bench_scenario.py" --cli "$cli" --emulator "$emu" --node-dir "$node_dir" \
        ${small:+--small} --out "$dir/scenario$suffix.json" >&2
    files+=("scenario=$dir/scenario$suffix.json")
fi
if wants 4; then
    echo "== 4: HTTP requests per poll cycle" >&2
    if [ -n "$small" ]; then jobs=60; else jobs=194; fi
    python3 "$here/bench_poll.py" --cli "$cli" --emulator "$emu" --jobs "$jobs" \
        --out "$dir/poll$suffix.json" >&2
    files+=("poll=$dir/poll$suffix.json")
fi
if wants gui; then
    for script in "$here"/bench_gui*.sh; do
        [ -f "$script" ] || continue
        name=$(basename "$script" .sh)
        echo "== $name" >&2
        bash "$script" "$build" "$dir/$name$suffix.json" ${small:+--small} >&2
        files+=("rows=$dir/$name$suffix.json")
    done
fi

python3 "$here/summarize.py" --out "$out" ${small:+--small} "${files[@]}"
