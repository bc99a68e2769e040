# Crash safety of neurite train: a run is killed with SIGKILL at seeded
# pseudo-random moments, 40 times, each round resuming from what the last one
# left. After every kill the checkpoint (when there is one yet) loads, every
# output file that exists is complete, no temporary file is visible or piles
# up, and the checkpoint never goes back in time; the last round completes
# with exactly the weights of an uninterrupted run. The delays are scaled to
# the measured length of an uninterrupted run, so a slower build (sanitizers)
# is killed at the same points of its run. Then numerical faults: a run that
# diverges stops with one message and leaves its last good checkpoint as it
# was.
source "$(dirname "$0")/lib.sh" "$@"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
if [ ! -f "$ROOT/data/sklearn/digits.csv.gz" ]; then
  echo "FAIL: digits not found in $ROOT/data/sklearn (scripts/fetch_data.sh fetches it)"; exit 1
fi
start_s=$(date +%s%N)
EPOCHS=60
KILLS=40
run=(--threads 1 train --dataset digits --data "$ROOT/data" --hidden 32 --batch-size 32 --seed 11 --quiet --epochs "$EPOCHS")
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# The uninterrupted reference, and the time a round needs before its first
# epoch (resuming a finished run: load the data and the checkpoint, write the
# outputs).
t0=$(now_ms)
expect_ok "reference" "$NEURITE" "${run[@]}" --out "$TMP/ref"
t1=$(now_ms)
cp -r "$TMP/ref" "$TMP/ref2"
expect_ok "resume finished" "$NEURITE" "${run[@]}" --out "$TMP/ref2" --resume
t2=$(now_ms)
cmp -s "$TMP/ref/model.nrm" "$TMP/ref2/model.nrm" || fail "resuming a finished run changed its model"
full_ms=$((t1 - t0)); start_ms=$((t2 - t1))
epoch_ms=$(( (full_ms - start_ms) / EPOCHS )); [ "$epoch_ms" -ge 1 ] || epoch_ms=1
echo "uninterrupted run: ${full_ms} ms (${start_ms} ms start, about ${epoch_ms} ms an epoch)"

W="$TMP/run"
mkdir -p "$W"
# The epoch of the checkpoint in W (0 without one). The checkpoint state is the
# first JSON object with an "epoch" in the file's header.
checkpoint_epoch() {
  [ -f "$W/checkpoint.nrm" ] || { echo 0; return; }
  local e
  e=$(head -c 100000 "$W/checkpoint.nrm" | tr -c '[:print:]' '\n' | grep -o '"epoch":[0-9]*' | head -1 | cut -d: -f2)
  echo "${e:-0}"
}
# Every file in W is one of the outputs or a hidden temporary file of one;
# each output that exists is complete.
check_outputs() {
  local when=$1 f
  for f in $(ls -A "$W"); do
    case "$f" in
      checkpoint.nrm | model.nrm | history.csv | history.json | curves.svg) ;;
      .checkpoint.nrm.*.tmp | .model.nrm.*.tmp | .history.csv.*.tmp | .history.json.*.tmp | .curves.svg.*.tmp) ;;
      *) fail "$when: unexpected file $f" ;;
    esac
  done
  if [ -f "$W/checkpoint.nrm" ]; then
    if "$NEURITE" summary --model "$W/checkpoint.nrm" >/dev/null 2>"$TMP/check.err"; then
      loaded=$((loaded + 1))
    else
      fail "$when: the checkpoint does not load: $(cat "$TMP/check.err")"
    fi
  fi
  if [ -f "$W/model.nrm" ]; then
    "$NEURITE" summary --model "$W/model.nrm" >/dev/null 2>"$TMP/check.err" ||
      fail "$when: model.nrm does not load: $(cat "$TMP/check.err")"
  fi
  if [ -f "$W/history.csv" ]; then
    [ -z "$(tail -c 1 "$W/history.csv")" ] || fail "$when: history.csv does not end with a newline"
    awk -F, 'NR == 1 { if ($0 != "epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds") exit 1; next }
             NF != 7 || $1 != NR - 1 { exit 1 }' "$W/history.csv" ||
      fail "$when: history.csv is incomplete: $(tail -n 2 "$W/history.csv")"
  fi
  if [ -f "$W/history.json" ]; then
    # Complete JSON: opens and closes the object, brackets balance, and the
    # last member is there (no JSON parser is assumed on the machine).
    awk 'NR == 1 && $0 != "{" { bad = 1 } { last = $0; o += gsub(/[{]/, ""); c += gsub(/[}]/, "");
                                          so += gsub(/\[/, ""); sc += gsub(/\]/, "") }
         END { exit !(!bad && last == "}" && o == c && so == sc && o > 0) }' "$W/history.json" &&
      grep -q '"stop_reason": "' "$W/history.json" || fail "$when: history.json is incomplete"
  fi
  if [ -f "$W/curves.svg" ]; then
    xmllint --noout "$W/curves.svg" 2>"$TMP/check.err" || fail "$when: curves.svg is not well-formed: $(head -c 300 "$TMP/check.err")"
  fi
  local temps
  temps=$(ls -A "$W" | grep -c '\.tmp$')
  [ "$temps" -le 5 ] || fail "$when: $temps temporary files pile up: $(ls -A "$W")"
  return 0
}

# Kill rounds. Every eighth round is killed while it starts (loading the data
# and the checkpoint), at a random moment. Every other round is killed at a
# random moment after it wrote its first new checkpoint, so each makes some
# progress however slow the machine is, and the delays share the epochs left
# among the kills left: the first kills land early in the run, the later ones
# in its final epochs, the last one after the last checkpoint (the final
# writes).
RANDOM=20240611
kills=0 loaded=0 rounds=0 temps_left=0 last_epoch=0 completed=0 startup_kills=0 restarts=0
while [ "$kills" -lt "$KILLS" ]; do
  rounds=$((rounds + 1))
  args=("${run[@]}" --out "$W")
  rm -f "$TMP/before.nrm"
  if [ -f "$W/checkpoint.nrm" ]; then
    args+=(--resume)
    ln "$W/checkpoint.nrm" "$TMP/before.nrm"  # keeps its inode, to see a new one
  fi
  done_epochs=$(checkpoint_epoch)
  kills_left=$((KILLS - kills))
  starts_left=$(( (KILLS - kills + 4 - rounds % 8 + 7) / 8 ))  # roughly; startup kills make no progress
  surplus=$(( (EPOCHS - done_epochs - (kills_left - starts_left)) * epoch_ms ))
  span=$(( 2 * surplus / kills_left )); [ "$span" -ge 1 ] || span=1
  before=$(ls -A "$W" | grep '\.tmp$' | sort)
  "$NEURITE" "${args[@]}" >"$TMP/round.out" 2>"$TMP/round.err" &
  pid=$!
  if [ $((rounds % 8)) = 4 ]; then
    delay=$(( (RANDOM * 32768 + RANDOM) % (start_ms + 1) ))
    what="${delay} ms into round $rounds (starting)"
    startup_kills=$((startup_kills + 1))
  else
    while kill -0 "$pid" 2>/dev/null; do
      if [ -f "$TMP/before.nrm" ]; then
        [ -f "$W/checkpoint.nrm" ] && ! [ "$W/checkpoint.nrm" -ef "$TMP/before.nrm" ] && break
      else
        [ -f "$W/checkpoint.nrm" ] && break
      fi
      sleep 0.001
    done
    delay=$(( (RANDOM * 32768 + RANDOM) % span ))
    what="${delay} ms after round $rounds's first checkpoint"
    if [ "$kills_left" = 1 ]; then
      # The last kill lands in the final writes (the model, the history).
      while kill -0 "$pid" 2>/dev/null && [ ! -f "$W/model.nrm" ] && ! compgen -G "$W/.model.nrm.*.tmp" >/dev/null; do
        sleep 0.001
      done
      delay=$(( (RANDOM * 32768 + RANDOM) % epoch_ms ))
      what="${delay} ms after the final writes began"
    fi
  fi
  sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
  kill -KILL "$pid" 2>/dev/null
  code=0; wait "$pid" 2>/dev/null || code=$?
  if [ "$code" = 0 ]; then
    # The run finished before this kill (the machine ran faster than the
    # delays assumed): it must have the uninterrupted run's weights; then a
    # fresh run takes the remaining kills.
    cmp -s "$TMP/ref/model.nrm" "$W/model.nrm" || fail "round $rounds completed with a model that differs from the uninterrupted one"
    restarts=$((restarts + 1))
    [ "$restarts" -le 10 ] || { fail "the run completed 10 times before $KILLS kills landed"; break; }
    rm -rf "$W"; mkdir -p "$W"; last_epoch=0
    continue
  fi
  if [ "$code" != 137 ]; then
    fail "round $rounds (after $kills kills) failed with exit $code: $(cat "$TMP/round.err")"; break
  fi
  kills=$((kills + 1))
  check_outputs "after kill $kills ($what)"
  now_epoch=$(checkpoint_epoch)
  [ "$now_epoch" -ge "$last_epoch" ] || fail "kill $kills: the checkpoint went back from epoch $last_epoch to $now_epoch"
  last_epoch=$now_epoch
  [ -n "${CRASH_TRACE:-}" ] && echo "kill $kills: $what, epoch $done_epochs -> $now_epoch"
  after=$(ls -A "$W" | grep '\.tmp$' | sort)
  new=$(comm -13 <(echo "$before") <(echo "$after") | grep -c .)
  temps_left=$((temps_left + new))
done

loaded_after_kills=$loaded

# The last round runs to the end (unless a round completed already).
if [ "$completed" = 0 ]; then
  args=("${run[@]}" --out "$W"); [ -f "$W/checkpoint.nrm" ] && args+=(--resume)
  expect_ok "final round" "$NEURITE" "${args[@]}"
fi
check_outputs "at the end"
cmp -s "$TMP/ref/model.nrm" "$W/model.nrm" || fail "the killed and resumed run's model differs from the uninterrupted one"
[ "$(wc -l <"$W/history.csv")" = $((EPOCHS + 1)) ] || fail "history.csv should have $EPOCHS epochs: $(wc -l <"$W/history.csv") lines"
grep -q '"stop_reason": "completed"' "$W/history.json" || fail "history.json does not say completed"
remaining=$(ls -A "$W" | grep -c '\.tmp$')
[ "$remaining" = 0 ] || fail "temporary files of killed writes were not cleaned up: $(ls -A "$W")"

# Stale temporary files: only those of a process that is gone, and only of
# the file being written, are removed; nothing else is touched.
S="$TMP/stale"
mkdir -p "$S"
sleep 0 & dead=$!; wait "$dead"
touch "$S/.checkpoint.nrm.$dead-0.tmp" "$S/.history.csv.$dead-7.tmp" "$S/.checkpoint.nrm.$$-0.tmp" \
      "$S/checkpoint.nrm.tmp" "$S/.notes.$dead-0.tmp" "$S/.checkpoint.nrm.x-0.tmp"
expect_ok "train over stale files" "$NEURITE" "${run[@]}" --epochs 1 --out "$S"
for f in ".checkpoint.nrm.$dead-0.tmp" ".history.csv.$dead-7.tmp"; do
  [ -e "$S/$f" ] && fail "stale $f of a dead process was not removed"
done
for f in ".checkpoint.nrm.$$-0.tmp" "checkpoint.nrm.tmp" ".notes.$dead-0.tmp" ".checkpoint.nrm.x-0.tmp"; do
  [ -e "$S/$f" ] || fail "$f was removed though it is not a stale temporary file"
done

# predict --output is written the same way: complete, no temporary file left.
head -n 6 "$ROOT/data/sklearn/iris.csv" | tail -n 5 | cut -d, -f1-4 >"$TMP/iris_rows.csv"
expect_ok "iris" "$NEURITE" --threads 1 train --dataset iris --data "$ROOT/data" --hidden 8 --epochs 2 --quiet --out "$TMP/iris"
expect_ok "predict --output" "$NEURITE" predict --model "$TMP/iris/model.nrm" --input "$TMP/iris_rows.csv" --output "$TMP/pred/p.csv"
[ "$(wc -l <"$TMP/pred/p.csv")" = 5 ] || fail "predict --output wrote $(wc -l <"$TMP/pred/p.csv") rows, not 5"
[ -z "$(ls -A "$TMP/pred" | grep '\.tmp$')" ] || fail "predict --output left a temporary file: $(ls -A "$TMP/pred")"

# Numerical faults. Two good epochs, then a resume with a huge learning rate
# (a changed rate applies on resume): one message, exit 1, and the checkpoint,
# model and history of the good epochs unchanged.
D="$TMP/diverge"
expect_ok "two good epochs" "$NEURITE" "${run[@]}" --epochs 2 --out "$D"
cp "$D/checkpoint.nrm" "$TMP/good_checkpoint.nrm"
cp "$D/model.nrm" "$TMP/good_model.nrm"
EXPECT_STDOUT=1 expect_error "diverge on resume" \
  "^error: training diverged at epoch 3, batch [0-9]+ of [0-9]+: the (loss|gradient) became (NaN|infinite) .*the last good checkpoint is $D/checkpoint.nrm\. Lower the learning rate" \
  "$NEURITE" "${run[@]}" --epochs 6 --lr 1e30 --out "$D" --resume
cmp -s "$D/checkpoint.nrm" "$TMP/good_checkpoint.nrm" || fail "divergence changed the last good checkpoint"
cmp -s "$D/model.nrm" "$TMP/good_model.nrm" || fail "divergence changed model.nrm"
[ "$(wc -l <"$D/history.csv")" = 3 ] || fail "history.csv after divergence should hold the 2 good epochs: $(cat "$D/history.csv")"
expect_ok "eval last good checkpoint" "$NEURITE" --threads 1 eval --model "$D/checkpoint.nrm" --dataset digits --data "$ROOT/data"
acc=$(sed -n 's/^accuracy: \([0-9.]*\)%.*/\1/p' "$TMP/out")
awk -v a="${acc:-0}" 'BEGIN { exit !(a > 50) }' || fail "the last good checkpoint is not a trained model (accuracy '${acc}')"
grep -qiE 'nan|inf' "$TMP/out" && fail "eval of the last good checkpoint prints non-finite numbers: $(cat "$TMP/out")"
# And it resumes: with the original rate the run goes on to the end.
expect_ok "resume after divergence" "$NEURITE" "${run[@]}" --epochs 6 --out "$D" --resume
[ "$(wc -l <"$D/history.csv")" = 7 ] || fail "the resumed run should have 6 epochs: $(cat "$D/history.csv")"

# A run that diverges in its first epoch says that no checkpoint was written,
# and writes none.
EXPECT_STDOUT=1 expect_error "diverge in epoch 1" \
  "^error: training diverged at epoch 1, batch [0-9]+ of [0-9]+: .*; no checkpoint had been written yet\. " \
  "$NEURITE" "${run[@]}" --lr 1e30 --out "$TMP/diverge1"
for f in checkpoint.nrm model.nrm history.csv; do
  [ -e "$TMP/diverge1/$f" ] && fail "a run that diverged in epoch 1 wrote $f"
done

# Divergence found in the weights at the end of an epoch, without checkpoints
# every epoch: still the same message, and no model is written.
EXPECT_STDOUT=1 expect_error "diverge with --checkpoint-every" \
  "^error: training diverged at epoch 1, .*; no checkpoint had been written yet\. " \
  "$NEURITE" "${run[@]}" --lr 1e30 --checkpoint-every 5 --optimizer sgd --out "$TMP/diverge2"
[ -e "$TMP/diverge2/model.nrm" ] && fail "a diverged run wrote model.nrm"

end_s=$(date +%s%N)
echo "crash safety: survived $kills kills ($startup_kills while starting) in $rounds rounds of $((restarts + 1)) run(s), $loaded_after_kills checkpoints loaded, $temps_left temporary files of killed writes cleaned up ($(( (end_s - start_s) / 1000000000 )) s)"
finish
