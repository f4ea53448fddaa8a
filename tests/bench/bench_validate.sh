#!/usr/bin/env bash
# Benchmark 1 of issue 8: `batchboard-cli validate` against its peers on the same QA-style JSONL
# folder, in one run: `jq -c . >/dev/null`, `sha256sum` and `wc -l`. Prints a table and writes JSON.
# Ratios, not times, are the result (times on a shared machine are noise).
#   bench_validate.sh CLI SIZE_MIB OUT.json [RUNS]
set -euo pipefail
cli=$1 size_mib=$2 out=$3 runs=${4:-3}
work=$(mktemp -d /tmp/bb-bench-validate.XXXXXX)
trap 'rm -rf "$work"' EXIT

# ~2 KB question/answer requests, 100 per file, files of ~200 KB like the researcher's batches.
python3 - "$work" "$size_mib" <<'PY'
import json, os, sys
folder, size = sys.argv[1], int(sys.argv[2]) * 1024 * 1024
text = ("Refine this question and answer so that it is precise and self-contained. " * 28)[:2000]
written, n = 0, 0
while written < size:
    n += 1
    with open(os.path.join(folder, f"batch_{n:03d}.jsonl"), "w") as f:
        for q in range(100):
            line = json.dumps({"key": f"b{n:03d}-q{q:03d}", "request": {"contents": [{"role": "user",
                   "parts": [{"text": f"{n}/{q}: {text}"}]}], "generationConfig": {"temperature": 0.2}}})
            f.write(line + "\n")
            written += len(line) + 1
PY
files=("$work"/*.jsonl)
bytes=$(cat "${files[@]}" | wc -c)

best() { # best wall time in seconds of "$@" over $runs runs
    local best_s=""
    for _ in $(seq "$runs"); do
        local start end
        start=$(date +%s.%N)
        "$@" >/dev/null 2>&1
        end=$(date +%s.%N)
        best_s=$(python3 -c "t=$end-$start; b='$best_s'; print(t if not b or t < float(b) else b)")
    done
    echo "$best_s"
}

cat "${files[@]}" >/dev/null # page cache
t_bb=$(best "$cli" validate "$work")
t_sha=$(best sha256sum "${files[@]}")
t_wc=$(best wc -l "${files[@]}")
t_jq=$(best bash -c 'jq -c . "$@" >/dev/null' jq "${files[@]}")

# The validation must also be right: every file ok, every request counted.
summary=$("$cli" validate "$work" | tail -n 1)
case "$summary" in
    "${#files[@]} files, "*" 0 invalid") ;;
    *) echo "validate did not report a clean folder: $summary" >&2; exit 1 ;;
esac

python3 - "$out" "$bytes" "$t_bb" "$t_sha" "$t_wc" "$t_jq" <<'PY'
import json, sys
out, size, bb, sha, wc, jq = sys.argv[1], int(sys.argv[2]), *map(float, sys.argv[3:])
mbps = lambda t: size / t / 1e6
rows = [("batchboard-cli validate", bb), ("sha256sum", sha), ("wc -l", wc), ("jq -c .", jq)]
print(f"{'tool':26} {'seconds':>9} {'MB/s':>9}")
for name, t in rows:
    print(f"{name:26} {t:9.3f} {mbps(t):9.1f}")
result = {"bytes": size, "seconds": {n: t for n, t in rows},
          "ratios": {"vs_jq": jq / bb, "vs_sha256sum": sha / bb},
          "targets": {"vs_jq": 10.0, "vs_sha256sum": 1.0}}
print(f"throughput vs jq: {result['ratios']['vs_jq']:.1f}x (target >= 10x); "
      f"vs sha256sum: {result['ratios']['vs_sha256sum']:.2f}x (target >= 1.0x)")
json.dump(result, open(out, "w"), indent=2)
PY
