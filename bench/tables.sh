#!/usr/bin/env bash
# neurite's defaults against scikit-learn's MLPClassifier() defaults on
# scikit-learn's four small tables, on the same splits (bench/tables.py):
# builds neurite, installs Debian's python3-sklearn when missing, then runs
# split seeds 0-9 and, as a second look at how much of a difference is the
# draw of the splits, seeds 10-19. About a minute after the build.
#
#   bench/tables.sh
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
if ! dpkg-query -W -f='${Status}' python3-sklearn 2>/dev/null | grep -q "install ok installed"; then
  echo "bench: installing python3-sklearn"
  sudo=""; [ "$(id -u)" != 0 ] && sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-sklearn >/dev/null
fi
make -s build >/dev/null

echo "split seeds 0-9"
/usr/bin/python3 bench/tables.py --seeds 10 --first-seed 0
echo
echo "split seeds 10-19"
/usr/bin/python3 bench/tables.py --seeds 10 --first-seed 10
