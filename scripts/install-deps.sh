#!/usr/bin/env bash
# Installs the Debian 12 packages fwlint builds with, only those missing.
set -euo pipefail
packages=(g++ cmake ninja-build pkg-config tao-pegtl-dev libcli11-dev libfmt-dev catch2 nlohmann-json3-dev groff-base)
missing=()
for p in "${packages[@]}" "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# Optional: pre-commit, for the hook test (skipped without it). Never fatal.
if ! command -v pre-commit >/dev/null && [ -z "${FWLINT_NO_OPTIONAL:-}" ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq pre-commit >/dev/null 2>&1 \
    || echo "pre-commit not installed: the pre-commit hook test will be skipped" >&2
fi
