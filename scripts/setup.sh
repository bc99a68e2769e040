#!/usr/bin/env bash
# Installs what neurite needs to build and test, and nothing when it is all
# there already (then it prints nothing). Safe to run any number of times.
set -euo pipefail

# `setup.sh` installs what building and running needs; `setup.sh playground`
# also Emscripten (the playground's engine compiled to WebAssembly; Debian's
# emscripten needs node-acorn); `setup.sh test` also what the test suite
# needs beyond that: clang with libFuzzer and its sanitizer runtimes, and
# clang's OpenMP, for the fuzz targets; Emscripten for the playground, and
# chromium for its browser test.
packages=(g++ make cmake pkgconf libdnnl-dev nlohmann-json3-dev libcli11-dev libgtest-dev zlib1g-dev
          libcpp-httplib-dev  # neurite serve
          libxml2-utils)      # xmllint: the SVG tests check that charts are well-formed XML
case "${1:-}" in
  test) packages+=(clang-14 libclang-rt-14-dev libomp-14-dev emscripten node-acorn chromium) ;;
  playground) packages+=(emscripten node-acorn) ;;
  "") ;;
  *) echo "setup: unknown mode '$1' (none, test or playground)" >&2; exit 2 ;;
esac

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

# The browser test's driver (playwright-core, pinned by package-lock.json; it
# drives Debian's chromium, so it downloads no browser of its own).
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ "${1:-}" = test ] && [ ! -f "$root/tests/playground/node_modules/playwright-core/package.json" ]; then
  echo "setup: installing playwright-core (npm)"
  npm ci --prefix "$root/tests/playground" --no-audit --no-fund --loglevel=error >/dev/null
fi

# The data sets (MNIST, scikit-learn's tables) into data/; quiet when present.
"$(dirname "${BASH_SOURCE[0]}")/fetch_data.sh"
