#!/usr/bin/env bash
# Installs the Debian packages corpus builds against (C libraries and their headers).
# Run as root or with sudo available. Used by the README's first command and by .ci/run.
set -euo pipefail

# Optional: a one-node Slurm cluster for the cluster test (scripts/slurm/cluster-test.sh). When
# these cannot be installed, that test is skipped and nothing else changes.
optional=(slurm-wlm munge)
absent=()
for package in "${optional[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || absent+=("$package")
done
if [ ${#absent[@]} -gt 0 ]; then
  root=""
  [ "$(id -u)" -eq 0 ] || root="sudo"
  echo "setup: installing ${absent[*]} (optional: the Slurm cluster test)"
  { $root apt-get update -qq && DEBIAN_FRONTEND=noninteractive $root apt-get install -y -qq --no-install-recommends "${absent[@]}"; } \
    || echo "setup: could not install ${absent[*]}; the Slurm cluster test will be skipped"
fi
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
