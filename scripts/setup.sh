#!/usr/bin/env bash
# Installs the Debian packages corpus builds against (C libraries and their headers).
# Run as root or with sudo available. Used by the README's first command and by .ci/run.
set -euo pipefail
packages=(
  pkg-config libicu-dev libsentencepiece-dev sentencepiece liblz4-dev libopenblas-dev
  libcld2-dev libxxhash-dev libgumbo-dev libxml2-dev zlib1g-dev libzstd-dev libssl-dev
  libopenmpi-dev openmpi-bin
)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "setup: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
