#!/usr/bin/env bash
# Installs the Debian 12 packages fwlint builds with, only those missing.
# usage: install-deps.sh [--tests] [PACKAGE...]
#   --tests  also the packages some tests use, best effort (a test skips when
#            its package is missing): python3-jsonschema validates SARIF output
#            (python3-yaml reads the documented GitHub workflow),
#            chromium renders the HTML report.
set -euo pipefail
packages=(g++ cmake ninja-build pkg-config tao-pegtl-dev libcli11-dev libfmt-dev catch2 nlohmann-json3-dev groff-base libssl-dev)
optional=()
if [ "${1:-}" = "--tests" ]; then
  shift
  optional=(python3 python3-jsonschema python3-yaml chromium)
fi
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
updated=no
apt_install() {
  [ "$updated" = yes ] || { $sudo apt-get update -qq; updated=yes; }
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}
missing=()
for p in "${packages[@]}" "$@"; do installed "$p" || missing+=("$p"); done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}" >&2
  apt_install "${missing[@]}"
fi
missing=()
for p in "${optional[@]}"; do installed "$p" || missing+=("$p"); done
if ((${#missing[@]})); then
  echo "installing for the tests: ${missing[*]}" >&2
  apt_install "${missing[@]}" || echo "warning: could not install ${missing[*]}: the tests that need them will be skipped" >&2
fi
# Optional: pre-commit, for the hook test (skipped without it). Never fatal.
if ! command -v pre-commit >/dev/null && [ -z "${FWLINT_NO_OPTIONAL:-}" ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq pre-commit >/dev/null 2>&1 \
    || echo "pre-commit not installed: the pre-commit hook test will be skipped" >&2
fi
