#!/usr/bin/env bash
# Data-parallel training speed on this machine (bench/mpi.py): one process
# with 2 threads against two processes with one thread each, over shared
# memory and over TCP, at batch 64, 256 and 1024, with the all-reduce's time
# a step. Installs what is missing (Open MPI comes with scripts/setup.sh),
# builds, fetches MNIST. About 3 minutes a round here.
#
#   bench/mpi.sh [ROUNDS] [EPOCHS]     (defaults 3 and 3)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
make -s build data >/dev/null
exec python3 bench/mpi.py "$@"
