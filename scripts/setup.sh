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
# the ONNX tests, and from npm onnxruntime-node (tests/onnx: onnxruntime runs the
# exported models); `setup.sh onnxruntime` only npm and onnxruntime-node (the
# benchmark against onnxruntime, bench/run.sh); `setup.sh deb` what CPack needs to
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
# The Python module (make python) and what its tests and examples use.
python_packages=(pybind11-dev python3-pybind11 python3-dev python3-numpy python3-setuptools python3-venv
                 python3-sklearn python3-pandas python3-pytest)
case "${1:-}" in
  test) packages+=(clang-14 libclang-rt-14-dev libomp-14-dev emscripten node-acorn chromium
                  python3-onnx  # ONNX's checker and a NumPy run of exported files (tests/onnx)
                  "${python_packages[@]}") ;;
  python) packages+=("${python_packages[@]}") ;;
  playground) packages+=(emscripten node-acorn) ;;
  onnxruntime) ;;
  deb) packages+=(dpkg-dev file) ;;
  "") ;;
  *) echo "setup: unknown mode '$1' (none, test, python, onnxruntime, playground or deb)" >&2; exit 2 ;;
esac
# npm (the browser test's driver, and onnxruntime-node's installer) comes with
# Debian's npm package, or with a Node.js from elsewhere that bundles it (and
# then conflicts with Debian's): so it is asked for by command, not by package.
case "${1:-}" in
  test | onnxruntime) if ! command -v npm >/dev/null; then packages+=(npm); fi ;;
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

# npm_pinned DIR PACKAGE [NPM FLAGS]: `npm ci` in DIR (its package-lock.json
# pins PACKAGE and what it needs) when PACKAGE's installed version is not the
# one DIR/package.json names.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
npm_pinned() {
  local dir=$1 package=$2; shift 2
  local pinned installed=""
  pinned=$(sed -n "s/^ *\"$package\": \"\([0-9.]*\)\".*/\1/p" "$dir/package.json")
  if [ -f "$dir/node_modules/$package/package.json" ]; then
    installed=$(sed -n 's/^ *"version": "\([0-9.]*\)".*/\1/p' "$dir/node_modules/$package/package.json" | head -n 1)
  fi
  if [ "$installed" != "$pinned" ]; then
    echo "setup: installing $package $pinned (npm)"
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error "$@" >/dev/null
  fi
}
# The browser test's driver (playwright-core; it drives Debian's chromium, so
# it downloads no browser of its own).
if [ "${1:-}" = test ]; then npm_pinned "$root/tests/playground" playwright-core; fi
# onnxruntime (its Node.js binding, CPU, with the library inside the package).
# Its install script only fetches the CUDA and TensorRT providers, from
# NuGet's servers, and fails where they cannot be reached; the CPU build needs
# nothing from it, so npm runs no install scripts here (tests/onnx/.npmrc says
# the same to a plain `npm ci` in that folder).
case "${1:-}" in
  test | onnxruntime) npm_pinned "$root/tests/onnx" onnxruntime-node --ignore-scripts ;;
esac

# The data sets (MNIST, scikit-learn's tables) into data/; quiet when present.
"$(dirname "${BASH_SOURCE[0]}")/fetch_data.sh"
