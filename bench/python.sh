#!/usr/bin/env bash
# neurite's Python module against scikit-learn's MLPClassifier and PyTorch,
# and against the neurite command (bench/python_bench.py): builds the module
# (make python), installs Debian's python3-torch if missing, then runs.
#
#   bench/python.sh [ROUNDS] [EPOCHS]     (defaults 3 and 3; about 8 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
make -s build python
if ! dpkg-query -W -f='${Status}' python3-torch 2>/dev/null | grep -q "install ok installed"; then
  sudo=""; [ "$(id -u)" != 0 ] && sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-torch >/dev/null
fi
scripts/fetch_data.sh
OMP_NUM_THREADS=2 PYTHONPATH=build/python /usr/bin/python3 bench/python_bench.py build/neurite data "${1:-3}" "${2:-3}"
