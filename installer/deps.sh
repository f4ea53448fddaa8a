#!/usr/bin/env bash
# Installs the Debian 12 packages Batchboard needs, but only those that are missing.
#   installer/deps.sh          build + run the desktop app
#   installer/deps.sh --test   also everything the test suite needs
set -euo pipefail

packages=(
    build-essential cmake pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-httpserver-dev qt6-websockets-dev
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev qt6-translations-l10n
    qtkeychain-qt6-dev libqt6sql6-sqlite libqt6svg6 qt6-qpa-plugins libqt6opengl6-dev
    # Qt Charts needs Qt6OpenGL, which Debian ships in libqt6opengl6-dev without a dependency on it.
    libgl-dev libsimdjson-dev libssl-dev tzdata
)
if [[ "${1:-}" == "--test" ]]; then
    packages+=(xvfb xauth dbus-x11 gnome-keyring imagemagick nodejs npm curl jq sqlite3 lintian desktop-file-utils appstream)
    # A real HTTP proxy on loopback for the proxy tests (tests/proxy).
    packages+=(tinyproxy)
    # libFuzzer and sanitizer runtimes for tests/fuzz, llvm-symbolizer for readable sanitizer reports.
    packages+=(clang libclang-rt-14-dev llvm)
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
# nodejs/npm may come from outside Debian's packages (e.g. nvm); accept working commands.
if [[ " ${missing[*]} " == *" nodejs "* ]] && command -v node >/dev/null; then
    missing=("${missing[@]/nodejs/}")
fi
if [[ " ${missing[*]} " == *" npm "* ]] && command -v npm >/dev/null; then
    missing=("${missing[@]/npm/}")
fi
read -r -a missing <<<"${missing[*]}"
((${#missing[@]} == 0)) && exit 0

sudo_cmd=()
[[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
echo "Installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
