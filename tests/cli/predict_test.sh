# neurite predict and summary on the hand-written XOR network.
source "$(dirname "$0")/lib.sh" "$@"

expect_ok "predict xor" "$NEURITE" predict --model "$DATA/xor_step.json" --input "$DATA/xor_inputs.csv"
[ "$(tr '\n' ' ' <"$TMP/out")" = "0 1 1 0 " ] || fail "predict xor printed: $(cat "$TMP/out")"

expect_ok "predict to file" "$NEURITE" predict -m "$DATA/xor_step.json" -i "$DATA/xor_inputs.csv" -o "$TMP/pred.csv"
[ "$(tr '\n' ' ' <"$TMP/pred.csv")" = "0 1 1 0 " ] || fail "predict --output wrote: $(cat "$TMP/pred.csv")"
[ ! -e "$TMP/pred.csv.tmp" ] || fail "temporary file left behind"

expect_ok "summary" "$NEURITE" summary --model "$DATA/xor_step.json"
grep -q "dense(2, step)" "$TMP/out" || fail "summary lacks the hidden layer: $(cat "$TMP/out")"
grep -q "total parameters: 9" "$TMP/out" || fail "summary total: $(cat "$TMP/out")"

finish
