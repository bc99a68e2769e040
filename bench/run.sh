#!/usr/bin/env bash
# neurite vs PyTorch on this machine, in one run: builds neurite, installs
# PyTorch (Debian's python3-torch) and the OpenMP build of OpenBLAS, then runs
# the two benchmark programs alternately for ROUNDS whole rounds and prints a
# table of medians and ratios (bench/report.py). Takes about 10 minutes.
#
#   bench/run.sh [ROUNDS]        (default 3)
#
# PyTorch's configuration (its best here, and written down in the README):
# torch.set_num_threads(2), float32, the OpenMP OpenBLAS loaded through
# LD_LIBRARY_PATH, and OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset for its
# process only (this machine sets them, and they halve OpenBLAS's speed).
# neurite runs with 2 threads and float32 as well.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}

scripts/setup.sh
need=()
for p in python3-torch python3-numpy libopenblas0-openmp; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if ((${#need[@]})); then
  echo "bench: installing ${need[*]}"
  sudo=""; [ "$(id -u)" != 0 ] && sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
make -s build >/dev/null

out=$(mktemp -d)
openblas=/usr/lib/x86_64-linux-gnu/openblas-openmp
run_neurite() { OMP_NUM_THREADS=2 build/bench/neurite_bench --data data/mnist >>"$out/neurite.jsonl"; }
run_torch() {
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE LD_LIBRARY_PATH="$openblas" OMP_NUM_THREADS=2 \
    /usr/bin/python3 bench/torch_bench.py --data data/mnist >>"$out/torch.jsonl"
}
for ((r = 1; r <= rounds; r++)); do
  echo "bench: round $r of $rounds" >&2
  # Alternate which side goes first, so neither always runs on a warmer machine.
  if ((r % 2)); then run_neurite; run_torch; else run_torch; run_neurite; fi
done
/usr/bin/python3 bench/report.py "$out/neurite.jsonl" "$out/torch.jsonl" "$rounds"
echo "raw results: $out" >&2
