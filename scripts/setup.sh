#!/usr/bin/env bash
# Installs what neurite needs to build and test, and nothing when it is all
# there already (then it prints nothing). Safe to run any number of times.
set -euo pipefail

# `setup.sh` installs what building and running needs; `setup.sh test` also
# what the test suite needs beyond that: clang with libFuzzer and its
# sanitizer runtimes, and clang's OpenMP, for the fuzz targets.
packages=(g++ make cmake libdnnl-dev nlohmann-json3-dev libcli11-dev libgtest-dev zlib1g-dev
          libxml2-utils)  # xmllint: the SVG tests check that charts are well-formed XML
if [ "${1:-}" = test ]; then
  packages+=(clang-14 libclang-rt-14-dev libomp-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The data sets (MNIST, scikit-learn's tables) into data/; quiet when present.
"$(dirname "${BASH_SOURCE[0]}")/fetch_data.sh"
