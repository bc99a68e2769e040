#!/usr/bin/env bash
# Where the time goes in the cases the benchmark's targets miss: `perf
# record` over a neurite command per case, then the share of each shared
# object and of the functions above 1.5 % (oneDNN's generated kernels show
# as "[JIT]"; libgomp's share is mostly a thread waiting for the other).
#
#   bench/profile.sh [CASES]   (default: adam64,classic,sgd1024,bf16_1024,fast)
#
# Needs perf (Debian's linux-perf; installed when missing) and permission
# to use it (kernel.perf_event_paranoid ≤ 2 for one's own processes).
set -euo pipefail
cd "$(dirname "$0")/.."
cases=${1:-adam64,classic,sgd1024,bf16_1024,fast}
if ! command -v perf >/dev/null; then
  sudo=""; [ "$(id -u)" != 0 ] && sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends linux-perf >/dev/null
fi
make -s build >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
train=(build/neurite --threads 2 train --dataset mnist --validation-split 0 --quiet --out "$tmp/out")
for c in ${cases//,/ }; do
  case $c in
    adam64) cmd=("${train[@]}" --optimizer adam --batch-size 64 --epochs 2) ;;
    classic) cmd=(build/neurite --threads 2 demo mnist-classic) ;;
    sgd1024) cmd=("${train[@]}" --optimizer sgd --lr 0.1 --batch-size 1024 --epochs 6) ;;
    bf16_1024) cmd=("${train[@]}" --optimizer sgd --lr 0.1 --batch-size 1024 --epochs 6 --precision bf16) ;;
    fast) cmd=("${train[@]}" --recipe fast) ;;
    *) echo "profile.sh: unknown case '$c' (adam64, classic, sgd1024, bf16_1024, fast)" >&2; exit 2 ;;
  esac
  perf record -q -o "$tmp/perf.data" -- "${cmd[@]}" >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
  echo "## $c: ${cmd[*]}"
  echo "by shared object:"
  perf report -i "$tmp/perf.data" --no-children --sort dso --stdio -g none 2>/dev/null |
    grep -E '^ +[0-9.]+%' | head -6 | sed -E 's/ +/ /g'
  echo "by function (≥ 1.5 %):"
  perf report -i "$tmp/perf.data" --no-children --sort dso,sym --stdio -g none --percent-limit 1.5 2>/dev/null |
    grep -E '^ +[0-9.]+%' | sed -E 's/ +/ /g; s/\[\.\] //; s/0x[0-9a-f]+$/(address)/' |
    sed -E 's/neurite::optim_detail::for_each_element<[0-9]ul, neurite::\(anonymous namespace\)::([a-z_]+)\(.*/the \1 update loop (for_each_element)/' |
    head -12
  echo
done
