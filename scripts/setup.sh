#!/usr/bin/env bash
# Installs what neurite needs to build and test, and nothing when it is all
# there already (then it prints nothing). Safe to run any number of times.
set -euo pipefail

# `setup.sh` installs what building and running needs; `setup.sh playground`
# also Emscripten (the playground's engine compiled to WebAssembly; Debian's
# emscripten needs node-acorn); `setup.sh test` also what the test suite
# needs beyond that: clang with libFuzzer and its sanitizer runtimes, and
# clang's OpenMP, for the fuzz targets; Emscripten for the playground;
# chromium and npm for its browser test; python3-onnx (ONNX's checker, NumPy) for
# the ONNX tests; `setup.sh deb` what CPack needs to
# build the Debian package (dpkg-shlibdeps from dpkg-dev, and file).
#
# Every package is named here, never left to a Recommends: Debian's
# libdnnl-dev only recommends ocl-icd-opencl-dev, yet oneDNN's CMake package
# fails without OpenCL. scripts/fresh_debian_check.sh proves the list on a
# minimal Debian 12.
packages=(g++ make cmake pkgconf libdnnl-dev ocl-icd-opencl-dev nlohmann-json3-dev libcli11-dev libgtest-dev zlib1g-dev
          libcpp-httplib-dev  # neurite serve
          libonnx-dev libprotobuf-dev  # neurite export --format onnx (libonnx-dev does not pull protobuf's headers)
          libopenmpi-dev openmpi-bin  # neurite train under mpirun (data-parallel, docs/distributed.md)
          libxml2-utils)      # xmllint: the SVG tests check that charts are well-formed XML
case "${1:-}" in
  test) packages+=(clang-14 libclang-rt-14-dev libomp-14-dev emscripten node-acorn chromium
                  python3-onnx) ;;  # ONNX's checker and a NumPy run of exported files (tests/onnx)
  playground) packages+=(emscripten node-acorn) ;;
  deb) packages+=(dpkg-dev file) ;;
  "") ;;
  *) echo "setup: unknown mode '$1' (none, test, playground or deb)" >&2; exit 2 ;;
esac
# npm (the browser test's driver) comes with Debian's npm package, or with a
# Node.js from elsewhere that bundles it (and then conflicts with Debian's):
# so it is asked for by command, not by package.
if [ "${1:-}" = test ] && ! command -v npm >/dev/null; then packages+=(npm); fi

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
  log=$(mktemp)
  # apt's output is shown only when it fails.
  if ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "setup: error: apt-get could not install ${missing[*]} (see above)" >&2
    exit 1
  fi
  rm -f "$log"
fi

# The browser test's driver (playwright-core, pinned by package-lock.json; it
# drives Debian's chromium, so it downloads no browser of its own), installed
# again when the installed version is not the pinned one.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ "${1:-}" = test ]; then
  tests_dir="$root/tests/playground"
  pinned=$(sed -n 's/^ *"playwright-core": "\([0-9.]*\)".*/\1/p' "$tests_dir/package.json")
  installed=""
  if [ -f "$tests_dir/node_modules/playwright-core/package.json" ]; then
    installed=$(sed -n 's/^ *"version": "\([0-9.]*\)".*/\1/p' "$tests_dir/node_modules/playwright-core/package.json" | head -n 1)
  fi
  if [ "$installed" != "$pinned" ]; then
    echo "setup: installing playwright-core $pinned (npm)"
    npm ci --prefix "$tests_dir" --no-audit --no-fund --loglevel=error >/dev/null
  fi
fi

# The data sets (MNIST, scikit-learn's tables) into data/; quiet when present.
"$(dirname "${BASH_SOURCE[0]}")/fetch_data.sh"
