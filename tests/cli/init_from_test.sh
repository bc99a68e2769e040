# neurite train --init-from: training that starts from the weights of a model
# file or of a JSON spec with weights (the playground's export).
source "$(dirname "$0")/lib.sh" "$@"

# Three classes in the plane (label column last): the largest of -x1, x1 - x2
# and x1 + x2.
awk 'BEGIN { srand(5); print "x1,x2,label"; for (i = 0; i < 300; i++) { a = rand() * 2 - 1; b = rand() * 2 - 1;
  z0 = -a; z1 = a - b; z2 = a + b; c = (z0 >= z1 && z0 >= z2) ? 0 : (z1 >= z2 ? 1 : 2);
  printf "%.5f,%.5f,%d\n", a, b, c } }' >"$TMP/three.csv"
accuracy() { sed -n 's/^test accuracy: \([0-9.]*\)%.*/\1/p' "$TMP/out"; }

# A model file: trained, then continued with a learning rate too small to move
# anything; the test accuracy is where the first run left it.
expect_ok "train" "$NEURITE" --threads 1 train --csv "$TMP/three.csv" --label-column 2 --hidden 8 --epochs 40 \
  --lr 0.01 --quiet --out "$TMP/first"
first=$(accuracy)
awk -v a="$first" 'BEGIN { exit !(a >= 80) }' || fail "first run's test accuracy $first% below 80%"
expect_ok "init from model file" "$NEURITE" --threads 1 train --csv "$TMP/three.csv" --label-column 2 \
  --init-from "$TMP/first/model.nrm" --epochs 1 --lr 1e-12 --quiet --out "$TMP/second"
expect_line "announced" "initialized from $TMP/first/model.nrm"
[ "$(accuracy)" = "$first" ] || fail "continued from the model file: $(accuracy)% instead of $first%"
grep -q "^model: 2-8-3 " "$TMP/out" || fail "the architecture is not the model file's: $(grep '^model:' "$TMP/out")"

# A JSON spec with weights, as the playground exports it: a hand-made
# classifier that is right on every row, with --scale none.
cat >"$TMP/spec.json" <<'JSON'
{
  "input": 2,
  "layers": [
    {"type": "dense", "units": 2, "activation": "identity", "weights": [[1, 0], [0, 1]], "bias": [0, 0]},
    {"type": "dense", "units": 3, "activation": "softmax",
     "weights": [[-100, 0], [100, -100], [100, 100]], "bias": [0, 0, 0]}
  ]
}
JSON
expect_ok "init from spec" "$NEURITE" --threads 1 train --csv "$TMP/three.csv" --label-column 2 --scale none \
  --init-from "$TMP/spec.json" --epochs 1 --lr 1e-12 --quiet --out "$TMP/third"
acc=$(accuracy)
[ "$acc" = "100.00" ] || fail "started from the hand-made weights: $acc%, not 100%"

# Two classes learned by one sigmoid output (the playground's binary export):
# the output is P(class 1), trained with binary cross-entropy. The hand-made
# unit fires for x1 > 0, the class of every row of this file.
awk 'BEGIN { srand(9); print "x1,x2,label"; for (i = 0; i < 200; i++) { a = rand() * 2 - 1; b = rand() * 2 - 1;
  printf "%.5f,%.5f,%d\n", a, b, (a > 0) } }' >"$TMP/halves.csv"
cat >"$TMP/binary.json" <<'JSON'
{"input": 2, "layers": [{"type": "dense", "units": 1, "activation": "identity", "weights": [[50, 0]], "bias": [0]},
                        {"type": "activation", "activation": "sigmoid"}]}
JSON
expect_ok "init from a one-output binary spec" "$NEURITE" --threads 1 train --csv "$TMP/halves.csv" --label-column 2 \
  --scale none --init-from "$TMP/binary.json" --epochs 2 --lr 1e-3 --quiet --out "$TMP/binary"
grep -q "loss binary_cross_entropy" "$TMP/out" || fail "one output for two classes is not trained with binary cross-entropy: $(grep '^model:' "$TMP/out")"
acc=$(accuracy)
awk -v a="$acc" 'BEGIN { exit !(a >= 98) }' || fail "one-output binary model: test accuracy $acc%, not ≥ 98%"

# Errors name the file and what does not fit.
sed 's/"weights": \[\[1, 0\], \[0, 1\]\], //' "$TMP/spec.json" >"$TMP/no_weights.json"
expect_error "spec without weights" "no_weights\.json: layers\[0\] has no weights" \
  "$NEURITE" train --csv "$TMP/three.csv" --label-column 2 --init-from "$TMP/no_weights.json" --quiet --out "$TMP/e1"
sed 's/"input": 2/"input": 3/; s/\[1, 0\], \[0, 1\]/[1, 0, 0], [0, 1, 0]/' "$TMP/spec.json" >"$TMP/wide.json"
expect_error "input mismatch" "wide\.json: the model takes 3 inputs but the data has 2 features" \
  "$NEURITE" train --csv "$TMP/three.csv" --label-column 2 --init-from "$TMP/wide.json" --quiet --out "$TMP/e2"
awk -F, 'NR == 1 || $3 != 2' "$TMP/three.csv" >"$TMP/two.csv"
expect_error "output mismatch" "spec\.json: the model has 3 outputs but the data needs 2" \
  "$NEURITE" train --csv "$TMP/two.csv" --label-column 2 --init-from "$TMP/spec.json" --quiet --out "$TMP/e3"
expect_error "missing file" "--init-from: .*nope\.json: no such file" \
  "$NEURITE" train --csv "$TMP/three.csv" --label-column 2 --init-from "$TMP/nope.json" --quiet --out "$TMP/e4"
expect_error "with --model" "init-from.*model|model.*init-from" \
  "$NEURITE" train --csv "$TMP/three.csv" --init-from "$TMP/spec.json" --model "$TMP/spec.json" --out "$TMP/e5"

finish
