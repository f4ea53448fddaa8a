#!/usr/bin/env bash
# Builds Batchboard with warnings as errors (installing missing Debian packages first) and runs
# every test: unit, emulator, client, SDK conformance, widgets (offscreen), keychain (a private
# D-Bus session with a fresh, unlocked gnome-keyring) and the small benchmark smoke runs.
# Extra arguments go to ctest, e.g. `installer/run-tests.sh -R Emulator`.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

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

exec dbus-run-session -- bash -c '
    printf %s batchboard-tests | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    ctest --test-dir build --output-on-failure --timeout 900 -j2 "$@"
' ctest "$@"
