#!/usr/bin/env bash
# Installs the Debian packages that Qt (PySide6) and Python's venv need, only those missing.
# Runs as root (apt-get) or through sudo; prints what to install where it can do neither.
set -euo pipefail

packages=(
    # Python's virtual environments (Debian splits ensurepip out of python3)
    python3-venv
    # What PySide6's Qt libraries link against (checked with ldd on a bare Debian 12 root):
    # OpenGL/EGL through glvnd, GLib, D-Bus, fonts, keyboard maps
    libegl1 libgl1 libglib2.0-0 libdbus-1-3 libfontconfig1 libfreetype6
    libxkbcommon0 libxkbcommon-x11-0
    # the xcb platform plugin (a real X11 screen)
    libx11-6 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-glx0 libxcb-icccm4 libxcb-image0
    libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0
    libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1
    # the wayland platform plugin
    libwayland-client0 libwayland-cursor0 libwayland-egl1
    # a font, so that text renders on a bare machine (offscreen too)
    fonts-dejavu-core
)

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "install-system-deps: not a Debian-like system; install Qt 6's runtime libraries yourself." >&2
    exit 0
fi

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
# python3-venv is only needed where the Python that makes the venv lacks ensurepip.
if "${PYTHON:-python3}" -c 'import ensurepip' >/dev/null 2>&1; then
    missing=("${missing[@]/python3-venv}")
fi
read -r -a missing <<<"${missing[*]}"
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -eq 0 ]]; then
    run=()
elif command -v sudo >/dev/null 2>&1; then
    run=(sudo)
else
    echo "install-system-deps: missing Debian packages: ${missing[*]}" >&2
    echo "install-system-deps: run as root: apt-get install ${missing[*]}" >&2
    exit 1
fi
echo "install-system-deps: installing ${missing[*]}"
# No questions (through sudo too); waits for another apt (say, unattended-upgrades) to finish.
apt=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300)
"${run[@]}" "${apt[@]}" update -qq
"${run[@]}" "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
