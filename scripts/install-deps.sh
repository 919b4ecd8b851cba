#!/usr/bin/env bash
# Installs the Debian 12 packages libdpp needs to build and test.
# Usage: scripts/install-deps.sh   (as root, or with sudo available)
set -euo pipefail
PKGS=(
  build-essential cmake pkg-config clang
  libssl-dev libcbor-dev libqrcodegen-dev libjansson-dev zlib1g-dev libpng-dev
  libcmocka-dev valgrind zbar-tools libzbar-dev imagemagick
  python3 python3-cbor2 python3-cryptography python3-pytest
  swig default-jdk-headless junit5
  libcairo2-dev libpango1.0-dev fonts-noto-cjk libjpeg62-turbo-dev
  python3-dev python3-setuptools python3-wheel python3-venv python3-distributed
  librsvg2-bin
)
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "all build and test dependencies are installed"
fi

# Node.js for the Node interop test (tests/interop/node): the machine image
# normally has it; install Debian's only when it is missing.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends nodejs npm
fi
