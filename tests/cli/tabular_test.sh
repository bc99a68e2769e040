# neurite train / eval / predict on tables: a scikit-learn table, a CSV
# regression, a JSON config file, and the error paths of training.
source "$(dirname "$0")/lib.sh" "$@"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
if [ ! -f "$ROOT/data/sklearn/iris.csv" ]; then
  echo "FAIL: data/sklearn/iris.csv not found (scripts/fetch_data.sh fetches it)"; exit 1
fi

# Iris: standardized inputs, the standardization stored in the model.
expect_ok "train iris" "$NEURITE" --threads 1 train --data "$ROOT/data" --dataset iris --hidden 16 --epochs 60 \
  --batch-size 16 --lr 0.01 --quiet --out "$TMP/iris"
acc=$(sed -n 's/^test accuracy: \([0-9.]*\)%.*/\1/p' "$TMP/out")
awk -v a="$acc" 'BEGIN { exit !(a >= 90) }' || fail "iris test accuracy $acc% below 90%"
expect_ok "eval iris" "$NEURITE" eval --model "$TMP/iris/model.nrm" --data "$ROOT/data" --dataset iris
grep -q "^accuracy: $acc% " "$TMP/out" || fail "eval does not reproduce $acc%"
grep -q "setosa" "$TMP/out" || fail "eval report lacks class names"
# predict applies the stored standardization to raw rows: a typical setosa
# (short, wide sepals, tiny petals) and a typical virginica.
printf '5.0,3.5,1.4,0.2\n6.9,3.1,5.8,2.2\n' >"$TMP/flowers.csv"
expect_ok "predict iris" "$NEURITE" predict --model "$TMP/iris/model.nrm" --input "$TMP/flowers.csv" --classes
[ "$(tr '\n' ' ' <"$TMP/out")" = "0 2 " ] || fail "predicted classes: $(cat "$TMP/out")"
expect_error "wrong data for the model" "iris/model.nrm.*takes 4 inputs.*13 features" \
  "$NEURITE" eval --model "$TMP/iris/model.nrm" --data "$ROOT/data" --dataset wine

# A CSV regression, configured by a JSON file; a flag given after it wins.
awk 'BEGIN { srand(3); print "x1,x2,y"; for (i = 0; i < 300; i++) { a = rand() * 2 - 1; b = rand() * 2 - 1;
  printf "%.5f,%.5f,%.5f\n", a, b, 3 * a - 2 * b + 0.5 } }' >"$TMP/reg.csv"
printf '{"csv": "%s", "regression": true, "hidden": [16], "epochs": 5, "lr": 0.01, "quiet": true, "out": "%s"}\n' \
  "$TMP/reg.csv" "$TMP/reg" >"$TMP/config.json"
expect_ok "train from config" "$NEURITE" --threads 1 train --config "$TMP/config.json" --epochs 150
[ "$(wc -l <"$TMP/reg/history.csv")" = 151 ] || fail "--epochs 150 did not override the config's 5"
expect_ok "eval regression" "$NEURITE" eval --model "$TMP/reg/model.nrm" --csv "$TMP/reg.csv" --regression
r2=$(sed -n 's/^R²: *\([0-9.-]*\)$/\1/p' "$TMP/out")
awk -v r="$r2" 'BEGIN { exit !(r > 0.95) }' || fail "regression R² $r2 not above 0.95: $(cat "$TMP/out")"

# Errors: one line, non-zero exit.
EXPECT_STDOUT=1 expect_error "diverging run" "training diverged at epoch 1, batch [0-9]+ of [0-9]+.*no checkpoint had been written yet" \
  "$NEURITE" train --csv "$TMP/reg.csv" --regression --optimizer sgd --lr 1e12 --quiet --out "$TMP/div"
printf 'a,b,label\n1,2,0\n3,4,-1\n' >"$TMP/neg.csv"
expect_error "negative label" "neg\.csv:3:3: label -1" "$NEURITE" train --csv "$TMP/neg.csv" --quiet --out "$TMP/n"
expect_error "missing MNIST" "MNIST files not found.*make data" "$NEURITE" train --data "$TMP/nothing" --quiet
printf '{"epochs": "many"}' >"$TMP/bad_config.json"
expect_error "bad config value" "--epochs" "$NEURITE" train --config "$TMP/bad_config.json"
printf '{"epochs": 2' >"$TMP/broken_config.json"
expect_error "broken config" "broken_config\.json: not valid JSON" "$NEURITE" train --config "$TMP/broken_config.json"
printf '{"epoch": 2}' >"$TMP/typo_config.json"
expect_error "unknown config key" "--epoch" "$NEURITE" train --config "$TMP/typo_config.json"
expect_error "unknown optimizer" "unknown optimizer \"adamm\"" \
  "$NEURITE" train --dataset iris --data "$ROOT/data" --optimizer adamm --out "$TMP/x"
head -c 200 "$TMP/iris/model.nrm" >"$TMP/cut.nrm"
expect_error "truncated model" "cut\.nrm is truncated" "$NEURITE" eval --model "$TMP/cut.nrm" --dataset iris --data "$ROOT/data"
expect_error "resume without checkpoint" "--resume: no checkpoint" \
  "$NEURITE" train --dataset iris --data "$ROOT/data" --resume --out "$TMP/empty"

finish
