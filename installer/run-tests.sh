#!/usr/bin/env bash
# Builds Batchboard with warnings as errors (installing missing Debian packages first) and runs
# every test: unit, emulator, client, SDK conformance, widgets (offscreen), keychain (a private
# D-Bus session with a fresh, unlocked gnome-keyring) and the small benchmark smoke runs. Then:
#  - fuzzing: builds the libFuzzer targets with clang (build-fuzz/) and runs each one for
#    BB_FUZZ_SECONDS (default 20) over its corpus (tests/fuzz/run.sh); any crash fails;
#  - sanitizers: builds everything with ASan + UBSan (the `asan` preset, build-asan/) and runs the
#    whole suite again; any sanitizer report, leak included, in any process fails.
# Extra arguments go to both ctest runs, e.g. `installer/run-tests.sh -R Emulator`.
# BB_SKIP_FUZZ=1 and BB_SKIP_ASAN=1 leave out those stages (for a quick local run only).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
started=$SECONDS

installer/deps.sh --test
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBB_WERROR=ON
cmake --build build -j2

# Keep the tests away from the real user's settings, keyring and caches.
sandbox=$(mktemp -d /tmp/batchboard-tests.XXXXXX)
trap 'rm -rf "$sandbox"' EXIT
export HOME=$sandbox/home XDG_RUNTIME_DIR=$sandbox/run XDG_CONFIG_HOME=$sandbox/home/.config
export XDG_DATA_HOME=$sandbox/home/.local/share XDG_CACHE_HOME=$sandbox/home/.cache
export npm_config_cache=$root/build/.npm-cache QT_QPA_PLATFORM=offscreen
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

# ctest in a private D-Bus session with an unlocked keyring: run_suite BUILD_DIR [ctest args]
run_suite() {
    local dir=$1
    shift
    dbus-run-session -- bash -c '
        printf %s batchboard-tests | gnome-keyring-daemon --unlock --components=secrets >/dev/null
        dir=$1
        shift
        ctest --test-dir "$dir" --output-on-failure --timeout 900 -j2 "$@"
    ' ctest "$dir" "$@"
}

failures=()
stage() { printf '\n=== %s (%d min so far)\n' "$1" $(((SECONDS - started) / 60)) >&2; }

stage "test suite"
run_suite build "$@" || failures+=("test suite")

if [[ "${BB_SKIP_FUZZ:-0}" != 1 ]]; then
    stage "fuzzing, ${BB_FUZZ_SECONDS:-20} s per target"
    bash tests/fuzz/run.sh --time "${BB_FUZZ_SECONDS:-20}" || failures+=("fuzzing")
fi

if [[ "${BB_SKIP_ASAN:-0}" != 1 ]]; then
    stage "ASan + UBSan build"
    cmake --preset asan >/dev/null
    cmake --build --preset asan
    stage "test suite under ASan + UBSan"
    reports=$sandbox/sanitizer-reports
    mkdir -p "$reports"
    (
        source tests/sanitizers/env.sh "$reports"
        export npm_config_cache=$root/build-asan/.npm-cache
        run_suite build-asan "$@"
    ) || failures+=("ASan + UBSan test suite")
    # Reports of processes whose exit status no test checks (emulators, CLI children) land here too.
    if compgen -G "$reports/*" >/dev/null; then
        for f in "$reports"/*; do
            printf '\n--- %s\n' "$(basename "$f")" >&2
            head -c 20000 "$f" >&2
        done
        failures+=("sanitizer reports ($(ls "$reports" | wc -l) files)")
    fi
fi

stage "done"
if ((${#failures[@]})); then
    printf 'FAILED: %s\n' "${failures[@]}" >&2
    exit 1
fi
echo "All stages passed in $(((SECONDS - started) / 60)) min." >&2
