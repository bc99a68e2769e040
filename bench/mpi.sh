#!/usr/bin/env bash
# Data-parallel training speed on this machine (bench/mpi.py): one process
# with 2 threads against two processes with one thread each, over shared
# memory and over TCP, at batch 64, 256 and 1024, with the all-reduce's time
# a step; then the all-reduce alone (build/bench/allreduce_bench) at the
# gradient sizes of three networks, over shared memory and TCP, with the
# latency and bandwidth docs/distributed.md's scaling model uses. Installs
# what is missing (Open MPI comes with scripts/setup.sh), builds, fetches
# MNIST. About half a minute a round here.
#
#   bench/mpi.sh [ROUNDS] [EPOCHS]     (defaults 3 and 3)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
make -s build data >/dev/null
python3 bench/mpi.py "$@"
mpirun=(mpirun --oversubscribe)
[ "$(id -u)" = 0 ] && mpirun+=(--allow-run-as-root)
echo; echo "The all-reduce alone, shared memory:"
"${mpirun[@]}" --mca btl self,vader --mca btl_vader_single_copy_mechanism none -np 2 build/bench/allreduce_bench
echo; echo "The all-reduce alone, TCP:"
"${mpirun[@]}" --mca btl self,tcp -np 2 build/bench/allreduce_bench
