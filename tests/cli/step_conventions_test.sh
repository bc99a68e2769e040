# The step function's two conventions on the perceptron's fruit example
# (watermelon (1, 1) -> 1, banana (-1, -1) -> 0): step_strict (f(0) = 0, the
# textbook's perceptron) and step (f(0) = 1, the M-P neuron and the gates);
# a model file trained with step_strict keeps it.
source "$(dirname "$0")/lib.sh" "$@"

rows() { tr '\n' ' ' <"$1"; }

# The trained unit, w = (2, 0), θ = 1: net inputs 3 and -1.
expect_ok "fruit, trained" "$NEURITE" predict --model "$DATA/fruit_step_strict.json" --input "$DATA/fruit_inputs.csv"
[ "$(rows "$TMP/out")" = "1 0 " ] || fail "trained fruit unit printed: $(cat "$TMP/out")"
sed 's/"step_strict"/"step"/' "$DATA/fruit_step_strict.json" >"$TMP/fruit_step.json"
expect_ok "fruit, trained, step" "$NEURITE" predict --model "$TMP/fruit_step.json" --input "$DATA/fruit_inputs.csv"
[ "$(rows "$TMP/out")" = "1 0 " ] || fail "trained fruit unit with step printed: $(cat "$TMP/out")"

# The start, w = (1, -1), θ = 0, puts both fruits at net input 0: with
# f(0) = 0 both are judged bananas (the text: the watermelon is wrong, the
# banana right); with f(0) = 1 both are judged watermelons.
expect_ok "fruit, start" "$NEURITE" predict --model "$DATA/fruit_start_step_strict.json" --input "$DATA/fruit_inputs.csv"
[ "$(rows "$TMP/out")" = "0 0 " ] || fail "starting fruit unit printed: $(cat "$TMP/out")"
sed 's/"step_strict"/"step"/' "$DATA/fruit_start_step_strict.json" >"$TMP/fruit_start_step.json"
expect_ok "fruit, start, step" "$NEURITE" predict --model "$TMP/fruit_start_step.json" --input "$DATA/fruit_inputs.csv"
[ "$(rows "$TMP/out")" = "1 1 " ] || fail "starting fruit unit with step printed: $(cat "$TMP/out")"

expect_ok "summary" "$NEURITE" summary --model "$DATA/fruit_step_strict.json"
grep -q "dense(1, step_strict)" "$TMP/out" || fail "summary lacks the activation: $(cat "$TMP/out")"

# A model file with step_strict hidden units: trained (their gradient is 0,
# so only the output layer learns), saved, and loaded again by summary and
# predict.
{
  echo "x1,x2,label"
  for i in $(seq 1 10); do echo "1,1,1"; echo "-1,-1,0"; done
} >"$TMP/fruit.csv"
expect_ok "train with step_strict" "$NEURITE" train --csv "$TMP/fruit.csv" --label-column 2 --hidden 3 \
  --activation step_strict --epochs 1 --out "$TMP/run"
grep -q "step_strict" "$TMP/out" || fail "train header lacks step_strict: $(head -3 "$TMP/out")"
expect_ok "summary of the model file" "$NEURITE" summary --model "$TMP/run/model.nrm"
grep -q "dense(3, step_strict)" "$TMP/out" || fail "model file lost step_strict: $(cat "$TMP/out")"
expect_ok "predict with the model file" "$NEURITE" predict --model "$TMP/run/model.nrm" --input "$DATA/fruit_inputs.csv"
[ "$(wc -l <"$TMP/out")" = 2 ] || fail "predict with the model file printed: $(cat "$TMP/out")"

# A typo in the name is refused with the name it resembles.
expect_usage_error "activation typo" "--activation: unknown activation \"step_strcit\" \(did you mean \"step_strict\"\?" \
  "$NEURITE" train --csv "$TMP/nope.csv" --activation step_strcit

finish
