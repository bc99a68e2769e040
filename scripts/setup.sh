#!/usr/bin/env bash
# Installs what neurite needs to build and test, and nothing when it is all
# there already (then it prints nothing). Safe to run any number of times.
set -euo pipefail

packages=(g++ make cmake libdnnl-dev nlohmann-json3-dev libcli11-dev libgtest-dev)

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
