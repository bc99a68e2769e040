# neurite demo xor, backprop, gradient-descent and optimizers: exit 0, the
# numbers they print, and a well-formed SVG figure from each. Also runs the
# matching programs under examples/ when they have been built.
source "$(dirname "$0")/lib.sh" "$@"


expect_ok "demo list" "$NEURITE" demo --list
for name in xor backprop gradient-descent optimizers; do
  grep -q "^  $name " "$TMP/out" || fail "$name not listed"
done

# ---- xor ----------------------------------------------------------------------------------
expect_ok "demo xor" "$NEURITE" demo xor --out "$FIG"
expect_line xor "learning rate 0.5, seed 1"
[ "$(grep -cE '^  epoch +[0-9]+  loss 0\.[0-9]{6}$' "$TMP/out")" = 11 ] || fail "xor: not 11 loss lines (epoch 1 and every 300)"
[ "$(grep -c ' ok$' "$TMP/out")" = 4 ] || fail "xor: expected four ok rows"
expect_line xor "all four outputs are on the right side of 0.5"
check_figure xor_decision.svg
check_figure xor_loss.svg
grep -q 'class="boundary"' "$FIG/xor_decision.svg" || fail "xor: no decision boundary in the map"
[ "$(grep -c 'class="point"' "$FIG/xor_decision.svg")" = 4 ] || fail "xor: the map does not show the 4 inputs"

# ---- backprop -------------------------------------------------------------------------------
expect_ok "demo backprop" "$NEURITE" demo backprop --out "$FIG"
expect_line backprop "a1[1] = f(0.2×(−0.43) + 0.5×(−0.37)) = f(−0.2710) = 0.4327 ≈ 0.43   (text: 0.43)"
expect_line backprop "a1[2] = f(0.2×0.04 + 0.5×0.40) = f(0.2080) = 0.5518 ≈ 0.55   (text: 0.55)"
expect_line backprop "a1[3] = f(0.2×0.10 + 0.5×(−0.20)) = f(−0.0800) = 0.4800 ≈ 0.48   (text: 0.48)"
expect_line backprop "= 0.4283 ≈ 0.43   (text: 0.43)"
expect_line backprop "= 0.4365 ≈ 0.44   (text: 0.44)"
expect_line backprop "= 0.5239 ≈ 0.52   (text: 0.53 — note 2)"
expect_line backprop "= 0.5372 ≈ 0.54   (text: 0.54)"
expect_line backprop "= 0.5265 ≈ 0.53   (text: 0.53)"
grep -q "DIFFERS" "$TMP/out" && fail "backprop: a forward value differs from the text"
expect_line backprop "note 1: the text prints the third unit of hidden layer 1 with the second unit's weights"
expect_line backprop "MSE = ((0.3 − 0.5372)² + (0.8 − 0.5265)²) / 2 = 0.06553 ≈ 0.066   (text: 0.066)"
expect_line backprop "δ3[1] = (0.5372 − 0.3) × 0.5372 × (1 − 0.5372) = 0.058966"
expect_line backprop "δ3[2] = (0.5265 − 0.8) × 0.5265 × (1 − 0.5265) = −0.068191"
expect_line backprop "∂L/∂W''  = [   0.025252   0.025737   0.030892 ]"
expect_line backprop "gives the same 29 numbers"
grep -qE "worst relative error [0-9.]+e-(0[7-9]|1[0-9]) over 29 parameters" "$TMP/out" || fail "backprop: gradient check not below 1e-6"
expect_line backprop "loss 0.06553 → 0.05886 (lower)"
check_figure backprop.svg
[ "$(grep -c 'class="node"' "$FIG/backprop.svg")" = 20 ] || fail "backprop: the diagram does not show 2 × 10 nodes"

# ---- gradient descent ---------------------------------------------------------------------
expect_ok "demo gradient-descent" "$NEURITE" demo gradient-descent --out "$FIG"
expect_line gradient-descent "     0  8            16            6.4"
expect_line gradient-descent "     1  6.4          12.8          5.12"
expect_line gradient-descent "     2  5.12         10.24         4.096"
expect_line gradient-descent "converged after 34 steps: x = 0.00405648"
check_figure gradient_descent.svg
# η = 1 flips x between 8 and −8 forever: not converged, exit 1.
code=0
"$NEURITE" demo gradient-descent --lr 1 --epochs 50 --out "$FIG" >"$TMP/out" 2>"$TMP/err" || code=$?
[ "$code" = 1 ] || fail "gradient-descent --lr 1: exit $code, expected 1"
expect_line "gradient-descent --lr 1" "not converged after 50 steps"

# ---- optimizers -----------------------------------------------------------------------------
expect_ok "demo optimizers" "$NEURITE" demo optimizers --out "$FIG"
expect_line optimizers "SGD       0.95"
expect_line optimizers "(-0.3504, 0.0848)    0.01333"
expect_line optimizers "momentum  0.1   μ = 0.9"
expect_line optimizers "AdaGrad   1.5"
expect_line optimizers "RMSProp   0.2"
expect_line optimizers "Adam      0.3"
expect_line optimizers "flips sign every step (30 sign changes in 30 steps)"
expect_line optimizers "every path ends nearer the minimum than it started (distance 7.2801): yes"
check_figure optimizers.svg
[ "$(grep -c '<g class="path">' "$FIG/optimizers.svg")" = 5 ] || fail "optimizers: the plot does not show 5 paths"
grep -q 'class="contour"' "$FIG/optimizers.svg" || fail "optimizers: no contour lines"

# ---- the example programs, when built -----------------------------------------------------
EXAMPLES="$(dirname "$NEURITE")/examples"
for ex in xor_backprop backprop_by_hand gradient_descent optimizer_paths; do
  if [ -x "$EXAMPLES/$ex" ]; then
    expect_ok "example $ex" "$EXAMPLES/$ex"
  fi
done
if [ -x "$EXAMPLES/optimizer_paths" ]; then
  expect_ok "example optimizer_paths with a figure" "$EXAMPLES/optimizer_paths" "$TMP/paths.svg"
  xmllint --noout "$TMP/paths.svg" 2>"$TMP/xml" || fail "optimizer_paths figure is not well-formed: $(cat "$TMP/xml")"
fi

finish
