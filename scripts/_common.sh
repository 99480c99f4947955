# Shared by scripts/run-app and scripts/run-tests: system packages and the virtualenv.
# shellcheck shell=bash
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${KAPJOURNAL_VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"

# Qt's xcb platform plugin (a real window) and a font; see ../shared/PLATFORM.md.
QT_PACKAGES=(libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libegl1 libgl1
  libfontconfig1 libdbus-1-3 libpulse0 fonts-dejavu-core)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

ensure_apt() {
  # Install the Debian packages that are missing; use sudo when not root.
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  if ! command -v apt-get >/dev/null; then
    say "Please install these system packages yourself: ${missing[*]}"
    return 0
  fi
  local sudo=()
  [[ $(id -u) -ne 0 ]] && sudo=(sudo)
  say "Installing system packages: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

ensure_venv() {
  # Create the virtualenv and install kapjournal with the given extras (e.g. "test").
  local extras="${1:-}"
  if [[ ! -x "$VENV/bin/python" ]]; then
    "$PYTHON" -m venv "$VENV" 2>/dev/null || { ensure_apt python3-venv; "$PYTHON" -m venv "$VENV"; }
  fi
  local spec="$ROOT"
  [[ -n $extras ]] && spec="$ROOT[$extras]"
  local stamp="$VENV/.kapjournal-installed-${extras:-app}"
  if [[ ! -f $stamp || "$ROOT/pyproject.toml" -nt "$stamp" ]]; then
    say "Installing kapjournal${extras:+ with [$extras]} into $VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
    "$VENV/bin/python" -m pip install -q -e "$spec"
    touch "$stamp"
  fi
}
