#!/usr/bin/env bash
# The runs behind docs/accuracy.md: each config under examples/configs/
# named on the command line (default: all) trains with seeds 1, 2 and 3
# (`neurite train --config examples/configs/NAME.json --seed S`); prints a
# Markdown row per config with the test error of each seed, their median
# and range, the median validation error of the last epoch, and the median
# wall time of a run (the whole command: loading, training, testing).
# The configs keep the default 10 % validation split; their settings were
# chosen on it, never on the test set (the one exception,
# neurite-3x1024-dropout-80epochs-all60k, trains on all 60,000 digits with
# settings chosen on the split: its row says "no split" for the validation
# error). Logs go to out/accuracy/NAME-sS.log.
#
#   bench/accuracy.sh lecun1998-784-300-10 simard2003-784-800-10
#   SEEDS="1" bench/accuracy.sh srivastava2014-2x8192-relu-dropout-maxnorm
#   NEURITE=/path/to/neurite bench/accuracy.sh …   (another build; default build/neurite)
#   REPORT=1 bench/accuracy.sh NAME…   (no runs: the rows from the logs already
#                                       there, e.g. of seeds run at different times)
#
# Each log ends with the run's wall time ("wall time: N s"); for a log
# without that line the report takes its file's birth-to-last-write time.
#
# Long: the whole set takes hours; each row's time is in docs/accuracy.md.
set -euo pipefail
cd "$(dirname "$0")/.."
neurite=${NEURITE:-build/neurite}
report=${REPORT:-0}
[ "$report" = 1 ] || [ -n "${NEURITE:-}" ] || [ -x build/neurite ] || make -s build >/dev/null
seeds=(${SEEDS:-1 2 3})
names=("$@")
if [ ${#names[@]} = 0 ]; then
  for f in examples/configs/*.json; do names+=("$(basename "$f" .json)"); done
fi
mkdir -p out/accuracy
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
echo "| config | test error, seeds ${seeds[*]} (%) | median (range) | validation error (median) | wall time (median) |"
echo "|---|---|---|---|---|"
for name in "${names[@]}"; do
  config=examples/configs/$name.json
  [ -f "$config" ] || { echo "no config $config" >&2; exit 1; }
  errors=() vals=() times=()
  for seed in "${seeds[@]}"; do
    log=out/accuracy/$name-s$seed.log
    if [ "$report" = 1 ]; then
      [ -f "$log" ] || { echo "no log $log (run bench/accuracy.sh without REPORT)" >&2; exit 1; }
    else
      start=$(date +%s.%N)
      "$neurite" train --config "$config" --seed "$seed" --quiet --out "out/accuracy/$name-s$seed" >"$log" 2>&1 ||
        { echo "$name seed $seed failed: $(tail -1 "$log")" >&2; exit 1; }
      end=$(date +%s.%N)
      awk -v s="$start" -v e="$end" 'BEGIN { printf "wall time: %.0f s\n", e - s }' >>"$log"
    fi
    acc=$(sed -n 's/^test accuracy: \([0-9.]*\)%.*/\1/p' "$log")
    val=$(grep '^epoch' "$log" | tail -1 | sed -n 's/.*val_acc \([0-9.]*\).*/\1/p')
    errors+=("$(awk -v a="$acc" 'BEGIN { printf "%.2f", 100 - a }')")
    [ -z "$val" ] || vals+=("$(awk -v a="$val" 'BEGIN { printf "%.2f", 100 - 100 * a }')")
    wall=$(sed -n 's/^wall time: \([0-9]*\) s$/\1/p' "$log")
    if [ -z "$wall" ]; then
      read -r born written < <(stat -c '%W %Y' "$log")
      wall=$([ "$born" -gt 0 ] && echo $((written - born)) || echo nan)
    fi
    times+=("$wall")
  done
  med=$(printf '%s\n' "${errors[@]}" | median)
  lo=$(printf '%s\n' "${errors[@]}" | sort -g | head -1)
  hi=$(printf '%s\n' "${errors[@]}" | sort -g | tail -1)
  if [ ${#vals[@]} -gt 0 ]; then vmed=$(printf '%s\n' "${vals[@]}" | median); else vmed="— (no split)"; fi
  tmed=$(printf '%s\n' "${times[@]}" | median)
  echo "| $name | ${errors[*]} | $med ($lo–$hi) | $vmed | ${tmed} s |"
done
