#!/usr/bin/env bash
# Builds the playground: the neurite engine compiled to WebAssembly with
# Emscripten (playground/CMakeLists.txt, in $WASM_BUILD, default build-wasm),
# then assembles the static site in $BUILD/playground (BUILD defaults to
# build): the page (playground/web/*) and neurite_engine.js + .wasm.
# `neurite serve` serves that folder. Prints one line, where the site is.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
wasm_build=${WASM_BUILD:-build-wasm}
case $wasm_build in /*) ;; *) wasm_build=$root/$wasm_build ;; esac
site=$build/playground

command -v emcmake >/dev/null || { echo "build_playground: emcmake not found (scripts/setup.sh playground installs emscripten)" >&2; exit 1; }
# Debian's emscripten needs node to find its acorn (package node-acorn).
export NODE_PATH=${NODE_PATH:+$NODE_PATH:}/usr/share/nodejs

mkdir -p "$wasm_build"
if [ ! -f "$wasm_build/CMakeCache.txt" ]; then
  emcmake cmake -S "$root/playground" -B "$wasm_build" -DCMAKE_BUILD_TYPE=Release \
    >"$wasm_build/configure.log" 2>&1 || { cat "$wasm_build/configure.log" >&2; rm -f "$wasm_build/CMakeCache.txt"; exit 1; }
fi
cmake --build "$wasm_build" -j "$(nproc)" >"$wasm_build/build.log" 2>&1 \
  || { cat "$wasm_build/build.log" >&2; exit 1; }

# A fresh copy each time, so files deleted from playground/web leave the site too.
staging=$(mktemp -d "$build/.playground.XXXXXX")
trap 'rm -rf "$staging"' EXIT
if [ -d "$root/playground/web" ]; then cp -R "$root/playground/web/." "$staging/"; fi
cp "$wasm_build/neurite_engine.js" "$wasm_build/neurite_engine.wasm" "$staging/"
chmod -R a+rX "$staging"
rm -rf "$site"
mv "$staging" "$site"
trap - EXIT
echo "playground: $site (build/neurite serve, or make serve, serves it)"
