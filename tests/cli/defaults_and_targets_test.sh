# neurite train's size-dependent defaults, the split options (--split-seed,
# --test-split 0, --test-csv) and eval against given targets (JSON specs,
# --target-columns, a given test file).
source "$(dirname "$0")/lib.sh" "$@"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
if [ ! -f "$ROOT/data/sklearn/iris.csv" ]; then
  echo "FAIL: data/sklearn/iris.csv not found (scripts/fetch_data.sh fetches it)"; exit 1
fi
accuracy() { sed -n 's/^test accuracy: \([0-9.]*\)%.*/\1/p' "$TMP/out"; }
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }

# ---- the defaults of a small table -------------------------------------------------------
# `neurite train --dataset iris` with no other option, as the README shows it.
grep -q '^build/neurite train --dataset iris  ' "$ROOT/README.md" || fail "README lost its iris command"
expect_ok "bare iris" "$NEURITE" train --data "$ROOT/data" --dataset iris --quiet --out "$TMP/iris"
expect_line "small-table defaults" "defaults for a small table (under 10000 training rows): hidden 256, xavier_uniform weights, batch 16, 125 epochs (at least 1000 steps), no validation split"
expect_line "model line" "model: 4-256-3 (2051 parameters), relu, loss categorical_cross_entropy, adam lr 0.001, batch 16, 125 epochs"
expect_line "small run" "small run: neurite's own kernels, one thread"
acc=$(accuracy)
at_least "$acc" 93 || fail "bare iris: test accuracy $acc% below 93%"
grep -q "^validation:" "$TMP/out" && fail "a small table kept a validation split"
expect_ok "help states the defaults" "$NEURITE" help train
grep -q "below that (a small table), --hidden 256 with --init xavier_uniform" "$TMP/out" || fail "help train lacks the defaults"

# Each default gives way to its flag; those given are not listed.
expect_ok "flags win" "$NEURITE" --threads 1 train --data "$ROOT/data" --dataset iris --hidden 16 --epochs 5 \
  --batch-size 8 --validation-split 0.2 --init he_uniform --quiet --out "$TMP/flags"
grep -q "^defaults for" "$TMP/out" && fail "defaults listed although every flag was given: $(grep '^defaults' "$TMP/out")"
expect_line "flags' model" "model: 4-16-3 (131 parameters), relu, loss categorical_cross_entropy, adam lr 0.001, batch 8, 5 epochs"
expect_line "flags' validation" "validation: 24 rows split off the training set"
expect_ok "epochs from steps" "$NEURITE" train --data "$ROOT/data" --dataset iris --batch-size 60 --quiet --out "$TMP/b60"
expect_line "500 epochs of 2 steps" "500 epochs (at least 1000 steps)"
expect_usage_error "bad --init" "--init" "$NEURITE" train --dataset iris --init uniform

# Large data keeps MNIST's defaults (a 10,000-row table, one epoch).
awk 'BEGIN { srand(9); for (i = 0; i < 10000; i++) { a = rand(); b = rand(); printf "%.4f,%.4f,%d\n", a, b, (a > b) } }' \
  >"$TMP/large.csv"
expect_ok "large table" "$NEURITE" train --csv "$TMP/large.csv" --test-split 0 --epochs 1 --quiet --out "$TMP/large"
expect_line "large defaults" "defaults for 10000 training rows or more: hidden 256,128, batch 64, 10 % validation split"
expect_line "large validation" "validation: 1000 rows split off the training set"

# ---- the split ----------------------------------------------------------------------------
expect_ok "split seed 7" "$NEURITE" train --data "$ROOT/data" --dataset iris --split-seed 7 --epochs 2 --quiet --out "$TMP/s7"
expect_line "split seed named" "(120 train, 30 test, split seed 7)"
cp "$TMP/out" "$TMP/s7.out"
expect_ok "split seed 7 again" "$NEURITE" train --data "$ROOT/data" --dataset iris --split-seed 7 --epochs 2 --quiet --out "$TMP/s7b"
[ "$(grep '^test' "$TMP/out")" = "$(grep '^test' "$TMP/s7.out")" ] || fail "the same split seed gave another result"
expect_ok "eval on split seed 7" "$NEURITE" eval --model "$TMP/s7/model.nrm" --data "$ROOT/data" --dataset iris --split-seed 7
grep -q "^accuracy: $(sed -n 's/^test accuracy: \([0-9.]*%\).*/\1/p' "$TMP/s7.out") " "$TMP/out" ||
  fail "eval --split-seed 7 does not reproduce train's test accuracy"
expect_ok "no test set" "$NEURITE" train --data "$ROOT/data" --dataset iris --test-split 0 --epochs 2 --quiet --out "$TMP/all"
expect_line "150 rows train" "(150 train, no test set)"
expect_line "no test line" "test: no test set (--test-split 0)"
expect_error "eval without a test part" "the test part is empty \(--test-split 0\?\)" \
  "$NEURITE" eval --model "$TMP/all/model.nrm" --data "$ROOT/data" --dataset iris --test-split 0
expect_usage_error "tiny test split" "--test-split" "$NEURITE" train --dataset iris --test-split 0.001
expect_usage_error "--test-csv and --test-split" "excludes" "$NEURITE" train --csv "$TMP/large.csv" --test-csv "$TMP/large.csv" --test-split 0.2

# A given test file: nothing is split off; text labels are matched by name,
# whatever order the file first names them in.
printf 'a,b,kind\n0,0,cat\n0,1,dog\n1,0,dog\n1,1,bird\n0.1,0.1,cat\n0.2,0.9,dog\n0.9,0.9,bird\n0.1,0.2,cat\n' >"$TMP/pets.csv"
printf 'a,b,kind\n1,1,bird\n0,0,cat\n0.1,0.9,dog\n' >"$TMP/pets_test.csv"
expect_ok "train with --test-csv" "$NEURITE" train --csv "$TMP/pets.csv" --test-csv "$TMP/pets_test.csv" --epochs 3 --quiet --out "$TMP/pets"
expect_line "all rows train" "(8 train), test set $TMP/pets_test.csv (3 rows)"
grep -q "^test accuracy: .*(.* of 3)" "$TMP/out" || fail "test accuracy not over the 3 given rows: $(cat "$TMP/out")"
expect_ok "eval with --test-csv" "$NEURITE" eval --model "$TMP/pets/model.nrm" --test-csv "$TMP/pets_test.csv"
expect_line "eval names the file" "data:  $TMP/pets_test.csv, test part (3 rows)"
grep -q "bird" "$TMP/out" || fail "eval report lacks the class names"
printf 'a,b,kind\n1,1,fish\n' >"$TMP/fish.csv"
expect_error "unknown class in the test file" "fish\.csv: class \"fish\" is not one of .*\(cat, dog, bird\)" \
  "$NEURITE" train --csv "$TMP/pets.csv" --test-csv "$TMP/fish.csv" --epochs 1 --quiet --out "$TMP/fish"
printf 'a,b,kind\n0,0,0\n1,1,1\n0,1,1\n' >"$TMP/numbered.csv"
expect_error "names against numbered classes" "pets_test\.csv: the labels are names \(bird, cat, dog\) but the model's or training data's classes are numbered 0 … 1" \
  "$NEURITE" train --csv "$TMP/numbered.csv" --test-csv "$TMP/pets_test.csv" --epochs 1 --quiet --out "$TMP/numbered"
printf 'a,b\n1,1\n' >"$TMP/narrow.csv"
expect_error "test file of other width" "model takes 2 inputs but .*narrow\.csv has 1 features" \
  "$NEURITE" eval --model "$TMP/pets/model.nrm" --test-csv "$TMP/narrow.csv"

# ---- a loss against given targets -----------------------------------------------------------
# The textbook's 2-3-3-2 sigmoid network (hand-written weights, a JSON spec):
# outputs for (0.2, 0.5) are 0.5372 and 0.5265; the MSE against (0.3, 0.8)
# is ((0.3 − 0.5372)² + (0.8 − 0.5265)²)/2 = 0.0655, the text's 0.066.
expect_ok "textbook loss" "$NEURITE" eval --model "$DATA/textbook_2332.json" --test-csv "$DATA/textbook_2332.csv" \
  --target-columns 2,3
expect_line "mse" "loss (mse): 0.0655"
expect_line "one row" "R²:   not defined for one row"
expect_ok "textbook mae" "$NEURITE" eval --model "$DATA/textbook_2332.json" --test-csv "$DATA/textbook_2332.csv" \
  --target-columns 2,3 --loss mae
expect_line "mae" "loss (mae): 0.2553"
expect_error "target column outside" "textbook_2332\.csv: target column 4 is outside the table's 4 columns" \
  "$NEURITE" eval --model "$DATA/textbook_2332.json" --test-csv "$DATA/textbook_2332.csv" --target-columns 2,4
expect_error "a target named twice" "target column 3 is named twice" \
  "$NEURITE" eval --model "$DATA/textbook_2332.json" --test-csv "$DATA/textbook_2332.csv" --target-columns 3,3
printf 'x1,x2,t\n0.2,0.5,0.3\n' >"$TMP/one_target.csv"
expect_error "one target for two outputs" "has 2 outputs but .*one_target\.csv has 1 target column \(name them with --target-columns\)" \
  "$NEURITE" eval --model "$DATA/textbook_2332.json" --test-csv "$TMP/one_target.csv" --regression
expect_usage_error "--target-columns without a CSV" "--target-columns names columns of a CSV file" \
  "$NEURITE" eval --model "$DATA/textbook_2332.json" --target-columns 2,3

# Training on several targets: one output per target column.
awk 'BEGIN { srand(4); print "x1,x2,y1,y2"; for (i = 0; i < 200; i++) { a = rand(); b = rand();
  printf "%.4f,%.4f,%.4f,%.4f\n", a, b, a + b, a - b } }' >"$TMP/two_targets.csv"
expect_ok "two targets" "$NEURITE" train --csv "$TMP/two_targets.csv" --target-columns -2,-1 --epochs 3 --quiet --out "$TMP/tt"
expect_line "2 outputs" "model: 2-256-2 ("
expect_ok "eval two targets" "$NEURITE" eval --model "$TMP/tt/model.nrm" --csv "$TMP/two_targets.csv" --target-columns -2,-1
grep -q "^R²:   [0-9.-]*$" "$TMP/out" || fail "no R² for two targets: $(cat "$TMP/out")"

finish
