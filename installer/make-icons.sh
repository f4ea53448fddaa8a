#!/usr/bin/env bash
# Regenerates the committed application icons from resources/icons/batchboard.svg:
#   installer/linux/icons/<N>x<N>.png for the hicolor theme sizes and installer/windows/batchboard.ico.
# Needs rsvg-convert (Debian: librsvg2-bin), ImageMagick's convert, and optionally optipng.
# The PNGs are committed so that building the package needs none of these tools.
set -euo pipefail
cd "$(dirname "$0")/.."
svg=resources/icons/batchboard.svg
out=installer/linux/icons
mkdir -p "$out"
for n in 16 22 24 32 48 64 128 256 512; do
    rsvg-convert --width "$n" --height "$n" --keep-aspect-ratio "$svg" --output "$out/${n}x${n}.png"
    if command -v optipng >/dev/null; then optipng -quiet -o2 -strip all "$out/${n}x${n}.png"; fi
done
# Windows icon: the sizes Explorer and the Start menu ask for, 256 stored as PNG inside the .ico.
convert "$out/16x16.png" "$out/24x24.png" "$out/32x32.png" "$out/48x48.png" "$out/64x64.png" \
    "$out/128x128.png" "$out/256x256.png" installer/windows/batchboard.ico
