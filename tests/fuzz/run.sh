#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan, the `fuzz` preset in build-fuzz/) and runs each
# one over its seed corpus, one process per target, one after the other (BB_FUZZ_NICE=N runs them
# at nice N; not niced by default, so that a loaded machine does not starve them into a timeout).
#   tests/fuzz/run.sh 1000000        each target for 1,000,000 executions (the full run)
#   tests/fuzz/run.sh --time 20      each target for 20 seconds (CI)
#   tests/fuzz/run.sh --time 60 fuzz_jsonl fuzz_file      only these targets
# New interesting inputs go to build-fuzz/fuzz-corpus/<target>/ (the seeds in tests/fuzz/corpus/
# are read, never written); a crash, leak, hang (> 60 s for one input: only a real hang, even on a
# loaded machine) or sanitizer report stops that target, keeps the input in
# build-fuzz/fuzz-artifacts/<target>/ and fails the script.
# Prints one line per target: runs, seconds, exec/s. Set BB_FUZZ_NO_BUILD=1 to skip the build.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$root/build-fuzz
all=(fuzz_jsonl fuzz_apierror fuzz_operation fuzz_file fuzz_httpresponse fuzz_handover_md fuzz_handover_json)

limit=()
case "${1:-}" in
--time) limit=(-max_total_time="$2"); shift 2 ;;
[0-9]*) limit=(-runs="$1"); shift ;;
*) echo "usage: $0 RUNS|--time SECONDS [target...]" >&2; exit 2 ;;
esac
targets=("$@")
((${#targets[@]})) || targets=("${all[@]}")

if [[ "${BB_FUZZ_NO_BUILD:-0}" != 1 ]]; then
    (cd "$root" && cmake --preset fuzz >/dev/null)
    cmake --build "$build" -j2 --target "${targets[@]}"
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/sanitizers/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-$(command -v llvm-symbolizer || true)}

declare -A dict=([fuzz_jsonl]=jsonl [fuzz_httpresponse]=http [fuzz_handover_md]=handover [fuzz_handover_json]=handover)
declare -A maxlen=([fuzz_jsonl]=16384)
failed=0
summary=()
for t in "${targets[@]}"; do
    work=$build/fuzz-corpus/$t
    artifacts=$build/fuzz-artifacts/$t
    log=$build/fuzz-logs/$t.log
    mkdir -p "$work" "$artifacts" "$(dirname "$log")"
    args=(-timeout=60 -rss_limit_mb=2048 -max_len="${maxlen[$t]:-8192}" -print_final_stats=1
        -dict="$root/tests/fuzz/dict/${dict[$t]:-json}.dict" -artifact_prefix="$artifacts/")
    echo "== $t ${limit[*]}" >&2
    rc=0
    nice -n "${BB_FUZZ_NICE:-0}" "$build/bin/$t" "${args[@]}" "${limit[@]}" "$work" "$root/tests/fuzz/corpus/$t" \
        >"$log" 2>&1 || rc=$?
    runs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1 \2/p' "$log" | tail -1)
    read -r n s <<<"${runs:-0 0}"
    rate=$((s > 0 ? n / s : n))
    if ((rc != 0)); then
        failed=1
        summary+=("$(printf '%-20s FAILED (exit %d) after %s runs; see %s' "$t" "$rc" "$n" "$log")")
        grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|.*invariant failed|artifact_prefix|Test unit written)' "$log" | head -20 >&2 || true
    else
        summary+=("$(printf '%-20s %10s runs %6s s %8s exec/s' "$t" "$n" "$s" "$rate")")
    fi
done
printf '%s\n' "${summary[@]}"
exit $failed
