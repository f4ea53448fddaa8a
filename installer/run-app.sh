#!/usr/bin/env bash
# Builds Batchboard (installing missing Debian packages first) and launches the desktop app.
# Without an API key configured the app starts in Sandbox mode against its built-in emulator.
set -euo pipefail
cd "$(dirname "$0")/.."

installer/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j2 --target batchboard
exec build/bin/batchboard "$@"
