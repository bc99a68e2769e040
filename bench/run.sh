#!/usr/bin/env bash
# neurite vs PyTorch and vs onnxruntime on this machine, in one run: builds
# neurite, installs PyTorch (Debian's python3-torch) and the OpenMP build of
# OpenBLAS, and onnxruntime-node (pinned in tests/onnx/package.json), then
# runs the benchmark programs alternately for ROUNDS whole rounds and prints
# a table per peer (bench/report.py): each side's median, its lowest and
# highest value over the rounds, and the ratio, marked "≈" where the two
# sides' ranges overlap (within the run-to-run noise). Takes about 10
# minutes; the onnxruntime part alone about one.
#
#   bench/run.sh [ROUNDS] [PEERS]     (defaults 3 and torch,onnxruntime)
#
# The raw results stay in bench/results/DATE-TIME/ (ignored by git): one
# JSON line per case and round from each side (neurite.jsonl, torch.jsonl,
# onnxruntime.jsonl), each side's run starting with an "environment" line
# (CPU flags; oneDNN's version and ISA; PyTorch's build, CPU capability and
# BLAS), neurite's cases with the oneDNN implementations that ran
# ("onednn_exec"), and the model files the onnxruntime cases used. Every
# round also times `neurite train --recipe fast` for seeds 1-3
# (bench/recipe.py): its training time and test accuracy.
#
# onnxruntime runs the ONNX export of a 784-256-128-10 model that neurite
# trains first on MNIST (2 epochs; the weights' values do not change the
# work), and neurite_bench times the same model file (--cases model); an
# Identity model of the same input width, also exported by neurite, gives
# the cost of one call through onnxruntime's Node.js binding. Both sides run
# with 2 threads: onnxruntime with intraOpNumThreads 2, interOpNumThreads 1.
#
# PyTorch's configuration (its best here, and written down in the README):
# torch.set_num_threads(2), float32, the OpenMP OpenBLAS loaded through
# LD_LIBRARY_PATH, and OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset for its
# process only (this machine sets them, and they halve OpenBLAS's speed).
# neurite runs with 2 threads and float32 as well.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
peers=,${2:-torch,onnxruntime},
for p in ${peers//,/ }; do
  case $p in torch | onnxruntime) ;; *) echo "bench: unknown peer '$p' (PEERS: torch, onnxruntime or both, comma-separated)" >&2; exit 2 ;; esac
done
has() { [[ $peers == *",$1,"* ]]; }

if has onnxruntime; then scripts/setup.sh onnxruntime; else scripts/setup.sh; fi
need=()
if has torch; then
  for p in python3-torch python3-numpy libopenblas0-openmp; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
  done
fi
if ((${#need[@]})); then
  echo "bench: installing ${need[*]}"
  sudo=""; [ "$(id -u)" != 0 ] && sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
make -s build >/dev/null

out=bench/results/$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
openblas=/usr/lib/x86_64-linux-gnu/openblas-openmp
cases=(peak)  # the FMA loop's rate: what this machine gives 2 threads during the run
if has torch; then cases+=(train,big,bf16,inference,time98,classic); fi
if has onnxruntime; then
  # The model both sides run, and the do-nothing model for the binding's cost.
  build/neurite --threads 2 train --data data --epochs 2 --quiet --out "$out/model" >/dev/null
  build/neurite export --model "$out/model/model.nrm" --format onnx --output "$out/model.onnx" >/dev/null
  echo '{"input": 784, "layers": [{"type": "activation", "activation": "identity"}]}' >"$out/identity.json"
  build/neurite export --model "$out/identity.json" --format onnx --output "$out/identity.onnx" >/dev/null
  cases+=(model)
fi
cases=$(IFS=,; echo "${cases[*]}")
run_neurite() {
  OMP_NUM_THREADS=2 build/bench/neurite_bench --data data/mnist --cases "$cases" --model "$out/model/model.nrm" \
    >>"$out/neurite.jsonl"
  # neurite train --recipe fast, seeds 1-3: training time and test accuracy
  /usr/bin/python3 bench/recipe.py build/neurite "$out" >>"$out/neurite.jsonl"
}
run_torch() {
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE LD_LIBRARY_PATH="$openblas" OMP_NUM_THREADS=2 \
    /usr/bin/python3 bench/torch_bench.py --data data/mnist >>"$out/torch.jsonl"
}
run_onnxruntime() {
  node bench/onnxruntime.mjs --model "$out/model.onnx" --identity "$out/identity.onnx" --data data/mnist \
    --threads 2 >>"$out/onnxruntime.jsonl"
}
run_peers() {
  if has torch; then run_torch; fi
  if has onnxruntime; then run_onnxruntime; fi
}
for ((r = 1; r <= rounds; r++)); do
  echo "bench: round $r of $rounds" >&2
  # Alternate which side goes first, so neither always runs on a warmer machine.
  if ((r % 2)); then run_neurite; run_peers; else run_peers; run_neurite; fi
done
torch_results=-
if has torch; then torch_results=$out/torch.jsonl; fi
ort_results=()
if has onnxruntime; then ort_results=("$out/onnxruntime.jsonl"); fi
/usr/bin/python3 bench/report.py "$out/neurite.jsonl" "$torch_results" "$rounds" "${ort_results[@]}"
echo "raw results: $out" >&2
