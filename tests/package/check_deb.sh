#!/usr/bin/env bash
# Builds the Debian package with CPack and checks what a user would install:
#   check_deb.sh --build BUILD_DIR --version X.Y.Z [--deb FILE]
# With --deb it checks that package instead of building one (used to show the checks can fail).
# Needs dpkg-deb, appstreamcli, lintian, readelf, gzip; desktop-file-validate when present.
set -uo pipefail

build= version= deb=
while (($#)); do
    case "$1" in
    --build) build=$2; shift 2 ;;
    --version) version=$2; shift 2 ;;
    --deb) deb=$2; shift 2 ;;
    *) echo "usage: $0 --build DIR --version X.Y.Z [--deb FILE]" >&2; exit 2 ;;
    esac
done
[[ -n $build && -n $version ]] || { echo "usage: $0 --build DIR --version X.Y.Z [--deb FILE]" >&2; exit 2; }
build=$(cd "$build" && pwd) || exit 2
[[ -z $deb ]] || deb=$(realpath "$deb") || exit 2

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }
need() { command -v "$1" >/dev/null || { echo "FAIL: $1 is missing (bash installer/deps.sh --test installs it)" >&2; exit 1; }; }
need dpkg-deb; need appstreamcli; need lintian; need readelf; need gzip

app_id=io.github.batchboard.Batchboard
debver="$version-1"
arch=$(dpkg --print-architecture)
work="$build/package-test"

if [[ -z $deb ]]; then
    rm -rf "$work" && mkdir -p "$work"
    # Installs the built targets into CPack's staging folder; fails if something is not built.
    if ! (cd "$build" && cpack -G DEB -B "$work" >"$work/cpack.log" 2>&1); then
        cat "$work/cpack.log" >&2
        echo "FAIL: cpack -G DEB" >&2
        exit 1
    fi
    deb="$work/batchboard_${debver}_${arch}.deb"
    [[ -f $deb ]] || { ls "$work" >&2; echo "FAIL: expected $deb" >&2; exit 1; }
else
    mkdir -p "$work"
fi
ok "package $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"
root="$work/root"
rm -rf "$root" && mkdir -p "$root"

# --- Control fields -------------------------------------------------------------------------
info=$(dpkg-deb -I "$deb") || { echo "FAIL: dpkg-deb -I" >&2; exit 1; }
field() { dpkg-deb -f "$deb" "$1"; }
[[ $(field Package) == batchboard ]] || fail "Package is '$(field Package)'"
[[ $(field Version) == "$debver" ]] || fail "Version is '$(field Version)', expected $debver"
[[ $(field Architecture) == "$arch" ]] || fail "Architecture is '$(field Architecture)'"
for f in Maintainer Section Priority Homepage Description Installed-Size; do
    [[ -n $(field "$f") ]] || fail "control field $f is empty"
done
depends=$(field Depends)
# Package names only: "libc6 (>= 2.34), a | b" -> one name per line.
depend_names=$(tr ',|' '\n\n' <<<"$depends" | sed -E 's/\(.*\)//; s/^ +//; s/ +$//')
# From dpkg-shlibdeps (linked) and by hand (Qt plugins loaded at run time); simdjson's soname
# is in its package name (libsimdjson14).
for p in libc6 'libstdc\+\+6' libqt6core6 libqt6gui6 libqt6widgets6 libqt6network6 libqt6sql6 \
    libqt6charts6 libqt6httpserver6 libqt6keychain1 'libsimdjson[0-9]+' libssl3 libqt6sql6-sqlite libqt6svg6; do
    grep -Eqx -- "$p" <<<"$depend_names" || fail "Depends lacks $p: $depends"
done
recommends=$(field Recommends)
for p in gnome-keyring qt6-translations-l10n; do
    grep -q "$p" <<<"$recommends" || fail "Recommends lacks $p: $recommends"
done
(($(grep -c . <<<"$(field Description)") >= 3)) || fail "Description has no extended text"
ok "control: Depends: $depends"

# --- File list, owners and modes ------------------------------------------------------------
listing=$(dpkg-deb -c "$deb") || { echo "FAIL: dpkg-deb -c" >&2; exit 1; }
mode_of() { awk -v p="./$1" '$6 == p { print $1 " " $2 }' <<<"$listing"; }
expect() { # expect PATH MODE
    local got
    got=$(mode_of "$1")
    if [[ -z $got ]]; then fail "missing /$1"
    elif [[ $got != "$2 root/root" ]]; then fail "/$1 is '$got', expected '$2 root/root'"
    fi
}
expected_files=()
for b in batchboard batchboard-cli gemini-emulator; do
    expect "usr/bin/$b" -rwxr-xr-x; expected_files+=("usr/bin/$b")
    expect "usr/share/man/man1/$b.1.gz" -rw-r--r--; expected_files+=("usr/share/man/man1/$b.1.gz")
done
regular=(
    "usr/share/applications/$app_id.desktop"
    "usr/share/metainfo/$app_id.metainfo.xml"
    "usr/share/icons/hicolor/scalable/apps/$app_id.svg"
    usr/share/doc/batchboard/copyright
    usr/share/doc/batchboard/changelog.Debian.gz
)
sizes=(16 22 24 32 48 64 128 256 512)
for s in "${sizes[@]}"; do regular+=("usr/share/icons/hicolor/${s}x${s}/apps/$app_id.png"); done
for f in "${regular[@]}"; do expect "$f" -rw-r--r--; expected_files+=("$f"); done
# Nothing else but directories and the lintian overrides.
while read -r path; do
    [[ " ${expected_files[*]} " == *" $path "* || $path == usr/share/lintian/overrides/batchboard ]] ||
        fail "unexpected file /$path"
done < <(awk '$1 !~ /^d/ { sub(/^\.\//, "", $6); print $6 }' <<<"$listing")
bad_dirs=$(awk '$1 ~ /^d/ && ($1 != "drwxr-xr-x" || $2 != "root/root")' <<<"$listing")
[[ -z $bad_dirs ]] || fail "directories with wrong mode or owner: $bad_dirs"
ok "contents: $(grep -vc '^d' <<<"$listing") files"

dpkg-deb -x "$deb" "$root" || { echo "FAIL: dpkg-deb -x" >&2; exit 1; }

# --- Binaries: stripped, no RPATH, and they run -----------------------------------------------
for b in batchboard batchboard-cli gemini-emulator; do
    exe="$root/usr/bin/$b"
    readelf -S "$exe" | grep -Eq '\.(symtab|debug_info)' && fail "$b is not stripped"
    readelf -d "$exe" | grep -Eq '\((RPATH|RUNPATH)\)' && fail "$b has an RPATH/RUNPATH"
done
# Standard output only: Qt may warn on standard error (e.g. about XDG_RUNTIME_DIR).
out=$(env -u LD_LIBRARY_PATH "$root/usr/bin/batchboard-cli" --version 2>/dev/null)
[[ $out == "batchboard-cli $version" ]] || fail "packaged batchboard-cli --version printed '$out'"
out=$(env -u LD_LIBRARY_PATH "$root/usr/bin/gemini-emulator" --version 2>/dev/null)
[[ $out == "gemini-emulator $version" ]] || fail "packaged gemini-emulator --version printed '$out'"
out=$(env -u LD_LIBRARY_PATH QT_QPA_PLATFORM=offscreen "$root/usr/bin/batchboard" --version 2>/dev/null)
[[ $out == "Batchboard $version" ]] || fail "packaged batchboard --version printed '$out'"
ok "binaries stripped, no RPATH; --version prints $version"

# --- Desktop file, AppStream metainfo, icons --------------------------------------------------
desktop="$root/usr/share/applications/$app_id.desktop"
metainfo="$root/usr/share/metainfo/$app_id.metainfo.xml"
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$desktop" || fail "desktop-file-validate"
else
    echo "note: desktop-file-validate not installed, skipped"
fi
grep -qx "Icon=$app_id" "$desktop" || fail "desktop file Icon is not $app_id"
grep -qx "Exec=batchboard %f" "$desktop" || fail "desktop file Exec is not 'batchboard %f'"
appstreamcli validate --no-net --pedantic "$metainfo" || fail "appstreamcli validate"
grep -q "<id>$app_id</id>" "$metainfo" || fail "metainfo id is not $app_id"
grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$metainfo" ||
    fail "metainfo launchable is not $app_id.desktop"
grep -Eq "<release version=\"$version\" date=\"[0-9]{4}-[0-9]{2}-[0-9]{2}\"" "$metainfo" ||
    fail "metainfo has no release $version"
for b in batchboard batchboard-cli gemini-emulator; do
    grep -q "<binary>$b</binary>" "$metainfo" || fail "metainfo does not provide $b"
done
for s in "${sizes[@]}"; do
    png="$root/usr/share/icons/hicolor/${s}x${s}/apps/$app_id.png"
    # PNG IHDR: width and height as big-endian 32-bit integers at bytes 16..23.
    dims=$(od -An -tu1 -j16 -N8 "$png" | awk '{ print $1*16777216+$2*65536+$3*256+$4 "x" $5*16777216+$6*65536+$7*256+$8 }')
    [[ $dims == "${s}x${s}" ]] || fail "icon ${s}x${s} is $dims"
done
grep -q '<svg' "$root/usr/share/icons/hicolor/scalable/apps/$app_id.svg" || fail "scalable icon is not SVG"
ok "desktop file, metainfo and ${#sizes[@]} PNG icons"

# --- Manual pages, copyright, changelog -------------------------------------------------------
for b in batchboard batchboard-cli gemini-emulator; do
    page="$root/usr/share/man/man1/$b.1.gz"
    gzip -t "$page" || { fail "$b.1.gz is not gzip"; continue; }
    zcat "$page" | head -3 | grep -q "^\.TH ${b^^} 1 " || fail "$b.1 has no .TH header"
    if command -v lexgrog >/dev/null; then
        lexgrog "$page" >/dev/null || fail "lexgrog cannot read the NAME section of $b.1"
    fi
done
# The CLI's page as a reader sees it: every command and option, the exit statuses.
page=$(LC_ALL=C MANWIDTH=200 man -l "$root/usr/share/man/man1/batchboard-cli.1.gz" 2>/dev/null)
# Every command and option the packaged CLI's --help lists, and a few more it does not.
help=$(env -u LD_LIBRARY_PATH "$root/usr/bin/batchboard-cli" --help 2>/dev/null)
help_commands=$(sed -n '/^Commands:/,/^$/p' <<<"$help" | grep -oE '^  [a-z][a-z-]*')
help_options=$(grep -oE -- '--[a-z][a-z-]*' <<<"$help" | sort -u)
[[ -n $help_commands && -n $help_options ]] || fail "cannot read the commands and options of batchboard-cli --help"
for word in $help_commands $help_options --recursive GEMINI_API_KEY; do
    grep -Eq -- "(^|[^-a-z])$word([^-a-z]|$)" <<<"$page" || fail "batchboard-cli.1 does not mention $word"
done
exits=$(sed -n '/^EXIT STATUS/,/^[A-Z]/p' <<<"$page")
for code in 0 1 2 3 4; do
    grep -Eq "^ {7}$code {2,}[^ ]" <<<"$exits" || fail "batchboard-cli.1 does not describe exit status $code"
done
grep -q '^Copyright:' "$root/usr/share/doc/batchboard/copyright" || fail "copyright has no Copyright line"
top=$(zcat "$root/usr/share/doc/batchboard/changelog.Debian.gz" | head -1)
[[ $top == "batchboard ($debver) "* ]] || fail "changelog.Debian starts '$top', expected version $debver"
ok "manual pages, copyright, changelog"

# --- lintian: errors and warnings fail, unless overridden in the package with a reason ---------
lintian_out=$(lintian --fail-on error,warning --display-info "$deb" 2>&1)
lintian_rc=$?
[[ -n $lintian_out ]] && echo "$lintian_out"
((lintian_rc == 0)) || fail "lintian reports errors or warnings (exit $lintian_rc)"
ok "lintian"

if ((failures > 0)); then
    echo "$failures check(s) failed" >&2
    exit 1
fi
echo "all package checks passed"
