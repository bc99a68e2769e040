# neurite train and eval end to end on real MNIST (a small, fast network):
# files written, eval reproduces the reported accuracy exactly, predict on
# the IDX test images agrees, and a run killed with SIGKILL resumes from its
# checkpoint to exactly the weights of an uninterrupted run.
source "$(dirname "$0")/lib.sh" "$@"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
MNIST="$ROOT/data/mnist"
if [ ! -f "$MNIST/train-images-idx3-ubyte" ]; then
  echo "FAIL: MNIST not found in $MNIST (scripts/fetch_data.sh fetches it)"; exit 1
fi
small=(--data "$ROOT/data" --hidden 32 --batch-size 128 --seed 5 --quiet)

expect_ok "train" "$NEURITE" --threads 1 train "${small[@]}" --epochs 2 --out "$TMP/a"
for f in model.nrm history.csv history.json curves.svg checkpoint.nrm; do
  [ -s "$TMP/a/$f" ] || fail "train did not write $f"
done
ls -A "$TMP/a" | grep -q '\.tmp$' && fail "temporary files left in the output folder"
acc=$(sed -n 's/^test accuracy: \([0-9.]*\)%.*/\1/p' "$TMP/out")
[ -n "$acc" ] || fail "no test accuracy line: $(cat "$TMP/out")"
awk -v a="$acc" 'BEGIN { exit !(a > 90) }' || fail "test accuracy $acc% is not above 90%"
[ "$(wc -l <"$TMP/a/history.csv")" = 3 ] || fail "history.csv should have a header and 2 epochs"
grep -q "<svg" "$TMP/a/curves.svg" || fail "curves.svg is not SVG"

expect_ok "eval" "$NEURITE" eval --model "$TMP/a/model.nrm" --data "$ROOT/data"
grep -q "^accuracy: $acc% " "$TMP/out" || fail "eval does not reproduce $acc%: $(grep accuracy "$TMP/out")"
grep -q "confusion matrix" "$TMP/out" || fail "eval prints no confusion matrix"

expect_ok "predict idx" "$NEURITE" predict --model "$TMP/a/model.nrm" --input "$MNIST/t10k-images-idx3-ubyte" --classes
[ "$(wc -l <"$TMP/out")" = 10000 ] || fail "predict printed $(wc -l <"$TMP/out") rows, not 10000"

# Kill a run with SIGKILL after its first checkpoint, resume it, and compare
# with the uninterrupted run of the same seed: the weights must be identical.
expect_ok "uninterrupted" "$NEURITE" --threads 1 train "${small[@]}" --epochs 4 --out "$TMP/full"
"$NEURITE" --threads 1 train "${small[@]}" --epochs 4 --out "$TMP/killed" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 600); do
  [ -f "$TMP/killed/checkpoint.nrm" ] && break
  sleep 0.02
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
[ -f "$TMP/killed/checkpoint.nrm" ] || fail "no checkpoint before the kill"
expect_ok "resume" "$NEURITE" --threads 1 train "${small[@]}" --epochs 4 --out "$TMP/killed" --resume
grep -q "resumed from" "$TMP/out" || fail "resume did not say so"
[ "$(wc -l <"$TMP/killed/history.csv")" = 5 ] || fail "resumed history should have 4 epochs: $(cat "$TMP/killed/history.csv")"
cmp -s "$TMP/full/model.nrm" "$TMP/killed/model.nrm" || fail "resumed model differs from the uninterrupted one"

finish
