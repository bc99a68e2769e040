#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/*_fuzz.cpp: clang, AddressSanitizer and
# UndefinedBehaviorSanitizer, the library without oneDNN) in build-fuzz/ and
# runs each for FUZZ_SECONDS (default 60), two at a time on separate cores.
# Each target starts from its seed corpus (fuzz/corpus/NAME), the inputs
# that once crashed it (fuzz/regressions/NAME) and its dictionary of tokens
# (fuzz/NAME.dict, where there is one); new inputs it finds go to a
# scratch folder, not into the repository. A crash fails the run and leaves
# the input in build-fuzz/crashes/: fix the bug, then copy the input into
# fuzz/regressions/NAME/ so that every later test run replays it.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${FUZZ_BUILD:-$root/build-fuzz}
seconds=${FUZZ_SECONDS:-60}
clang=$(command -v clang++-14 || command -v clang++ || true)
[ -n "$clang" ] || { echo "fuzz: clang++ not found (scripts/setup.sh test installs it)" >&2; exit 1; }

if [ ! -f "$build/CMakeCache.txt" ]; then
  mkdir -p "$build"
  CXX=$clang cmake -S "$root" -B "$build" -DNEURITE_FUZZ=ON -DCMAKE_BUILD_TYPE=Release \
    >"$build/configure.log" 2>&1 || { cat "$build/configure.log"; rm -f "$build/CMakeCache.txt"; exit 1; }
fi
cmake --build "$build" -j "$(nproc)" >"$build/build.log" 2>&1 || { cat "$build/build.log"; exit 1; }

mkdir -p "$build/crashes" "$build/logs"
run_one() {
  local name=$1 scratch code=0
  scratch=$(mktemp -d)
  local dirs=("$scratch" "$root/fuzz/corpus/$name")
  [ -d "$root/fuzz/regressions/$name" ] && dirs+=("$root/fuzz/regressions/$name")
  local dict=()
  [ -f "$root/fuzz/$name.dict" ] && dict=(-dict="$root/fuzz/$name.dict")
  "$build/$name" "${dict[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
    -print_final_stats=1 -artifact_prefix="$build/crashes/$name-" "${dirs[@]}" \
    >"$build/logs/$name.log" 2>&1 || code=$?
  rm -rf "$scratch"
  return $code
}

targets=()
for f in "$root"/fuzz/*_fuzz.cpp; do targets+=("$(basename "$f" .cpp)"); done
failed=0 total=0
for ((i = 0; i < ${#targets[@]}; i += 2)); do
  pids=()
  for name in "${targets[@]:i:2}"; do run_one "$name" & pids+=("$!:$name"); done
  for entry in "${pids[@]}"; do
    pid=${entry%%:*} name=${entry#*:}
    if wait "$pid"; then
      runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/logs/$name.log")
      total=$((total + ${runs:-0}))
      echo "fuzz: $name: ${runs:-?} inputs in ${seconds} s, no crash"
    else
      failed=1
      echo "fuzz: $name FAILED; its report:"
      grep -E "ERROR|SUMMARY|runtime error|Test unit written|==[0-9]+==" "$build/logs/$name.log" | head -20
      echo "(full log: $build/logs/$name.log)"
    fi
  done
done
echo "fuzz: $total inputs tried across ${#targets[@]} targets"
exit $failed
