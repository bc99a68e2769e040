# neurite demo mp-neuron, perceptron and gates: exit 0, the numbers they
# print, and a well-formed SVG figure from each. Also runs the matching
# programs under examples/ when they have been built.
source "$(dirname "$0")/lib.sh" "$@"
ROOT_DATA="$DATA/../../data"


expect_ok "demo list" "$NEURITE" demo --list
for name in mp-neuron perceptron gates; do
  grep -q "^  $name " "$TMP/out" || fail "$name not listed"
done

# ---- gates ----------------------------------------------------------------------------
expect_ok "demo gates" "$NEURITE" demo gates --out "$FIG"
expect_line gates "AND   [w1, w2, θ] = [0.5, 0.5, 0.6]"
expect_line gates "NAND  [w1, w2, θ] = [-0.5, -0.5, -0.7]"
expect_line gates "OR    [w1, w2, θ] = [1, 1, 0.5]"
expect_line gates "truth tables: AND 0 0 0 1, NAND 1 1 1 0, OR 0 1 1 1, XOR by gates 0 1 1 0, XOR network 0 1 1 0 — all as expected"
expect_line gates "(f(0) = 1): 0 0 0 1; with f(0) = 0: 0 0 0 0."
check_figure gates.svg

# ---- perceptron -------------------------------------------------------------------------
expect_ok "demo perceptron" "$NEURITE" demo perceptron --out "$FIG"
[ "$(grep -c '^   converged after [0-9]* epochs (' "$TMP/out")" = 3 ] || fail "perceptron: AND, NAND, OR did not all converge"
grep -q "WRONG" "$TMP/out" && fail "perceptron: a gate has a wrong output"
expect_line perceptron "watermelon y = f(1×1 + (-1)×1 - 0) = f(0) = 0   wrong"
expect_line perceptron "epoch 1, watermelon: target 1, output 0, y - ŷ = +1:  w (1, -1) -> (2, 0),  θ 0 -> 1"
expect_line perceptron "converged after 2 epochs with 1 update: w = (2, 0), θ = 1"
expect_line perceptron "gives w = (2, 0), θ = -1 (1 update)"
expect_line perceptron "neurite predict --model tests/data/fruit_step_strict.json --input tests/data/fruit_inputs.csv"
expect_line perceptron "a cycle of 1 epoch"
expect_line perceptron "stopped after 3 of at most 100 epochs: not converged (cycle detected)"
expect_line perceptron "AND, NAND, OR learned; fruit example as in the text; XOR not learnable (cycle)"
check_figure perceptron.svg
grep -q "^    epoch 1, x = " "$TMP/out" && fail "perceptron: gate updates printed without --trace"

expect_ok "demo perceptron --trace" "$NEURITE" demo perceptron --trace --out "$FIG"
grep -q "^    epoch 1, x = " "$TMP/out" || fail "perceptron --trace: no updates printed"
# Two epochs are too few for the gates (exit 1) and end XOR before its cycle shows.
code=0
"$NEURITE" demo perceptron --epochs 2 --out "$FIG" >"$TMP/out" 2>"$TMP/err" || code=$?
[ "$code" = 1 ] || fail "perceptron --epochs 2: exit $code, expected 1"
expect_line "perceptron --epochs 2" "stopped: max_epochs after 2 epochs"
expect_line "perceptron --epochs 2" "NOT as expected"

# ---- mp-neuron --------------------------------------------------------------------------
if [ -f "$ROOT_DATA/sklearn/breast_cancer.csv" ]; then
  expect_ok "demo mp-neuron" "$NEURITE" demo mp-neuron --data "$ROOT_DATA" --out "$FIG"
  expect_line mp-neuron "split: 483 train, 86 test (15 %, stratified, seed 1)"
  expect_line mp-neuron "best b = 27 "
  expect_line mp-neuron "train accuracy: 0.8654 (483 rows)"
  expect_line mp-neuron "test accuracy:  0.8372 (86 rows)"
  [ "$(grep -cE '^ +[0-9]+ +0\.[0-9]{4} +[01]\.[0-9]{4}' "$TMP/out")" = 31 ] || fail "mp-neuron: not 31 rows b = 0 … 30"
  check_figure mp_neuron.svg
  expect_error "mp-neuron without data" "breast_cancer" "$NEURITE" demo mp-neuron --data "$TMP/nowhere" --out "$FIG"
else
  echo "skipped mp-neuron: $ROOT_DATA/sklearn/breast_cancer.csv missing (scripts/fetch_data.sh)"
fi

# ---- the example programs, when built -----------------------------------------------------
EXAMPLES="$(dirname "$NEURITE")/examples"
for ex in logic_gates perceptron; do
  if [ -x "$EXAMPLES/$ex" ]; then
    expect_ok "example $ex" "$EXAMPLES/$ex"
  fi
done
if [ -x "$EXAMPLES/mp_neuron" ] && [ -f "$ROOT_DATA/sklearn/breast_cancer.csv" ]; then
  expect_ok "example mp_neuron" "$EXAMPLES/mp_neuron" "$ROOT_DATA/sklearn"
fi

finish
