#!/usr/bin/env bash
# Seconds per MNIST epoch of `neurite train` on 1 and 2 MPI processes (one
# thread each, shared memory), the same seed and global batch, and how far
# apart the two runs' weights end. docs/distributed.md quotes it.
#   scripts/mpi_scaling.sh [BATCH] [EPOCHS] [TRAIN OPTIONS…]   (defaults 256, 3; seed 1, Adam)
#   scripts/mpi_scaling.sh 256 1 --hidden 32 --seed 2 --optimizer sgd
set -euo pipefail
cd "$(dirname "$0")/.."
BATCH=${1:-256}
EPOCHS=${2:-3}
shift $(( $# < 2 ? $# : 2 ))
NEURITE=build/neurite
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
MPI=(mpirun --oversubscribe --mca btl self,vader --mca btl_vader_single_copy_mechanism none)
[ "$(id -u)" = 0 ] && MPI+=(--allow-run-as-root)
for np in 1 2; do
  "${MPI[@]}" -np "$np" "$NEURITE" --threads 1 train --dataset mnist --epochs "$EPOCHS" --batch-size "$BATCH" \
    --schedule constant --seed 1 --quiet "$@" --out "$OUT/np$np" >/dev/null
  # history.csv: epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds
  awk -F, -v np="$np" 'NR > 1 { s += $7; n++; last = $0 }
    END { split(last, f, ","); printf "-np %d: %.2f s an epoch (mean of %d), last epoch loss %.5f, val_accuracy %.4f\n", np, s / n, n, f[2], f[5] }' \
    "$OUT/np$np/history.csv"
done
weights() { "$NEURITE" export --model "$1" | grep '\[' | grep -v '"layers"' | grep -oE -- '-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?'; }
paste <(weights "$OUT/np1/model.nrm") <(weights "$OUT/np2/model.nrm") |
  awk '{ d = $1 - $2; if (d < 0) d = -d; if (d > a) a = d; m = $1 < 0 ? -$1 : $1; k = $2 < 0 ? -$2 : $2;
         if (k > m) m = k; if (m < 0.01) m = 0.01; if (d / m > r) r = d / m; n++ }
       END { printf "%d weights, largest difference %.3g, relative %.3g (magnitudes under 0.01 as 0.01)\n", n, a, r }'
