# Bad input: one clear line on stderr naming the file/flag, non-zero exit, no crash.
source "$(dirname "$0")/lib.sh" "$@"

expect_error "missing model" "nope\.json" \
  "$NEURITE" predict --model "$TMP/nope.json" --input "$DATA/xor_inputs.csv"
expect_error "missing input" "nope\.csv" \
  "$NEURITE" predict --model "$DATA/xor_step.json" --input "$TMP/nope.csv"
expect_error "directory as model" "$TMP" \
  "$NEURITE" predict --model "$TMP" --input "$DATA/xor_inputs.csv"

printf '0,0,1\n1,1,0\n' >"$TMP/wide.csv"
expect_error "input width" "wide\.csv.*3 columns.*expects 2" \
  "$NEURITE" predict --model "$DATA/xor_step.json" --input "$TMP/wide.csv"
printf '0,0\n1\n' >"$TMP/ragged.csv"
expect_error "ragged row" "ragged\.csv:2" \
  "$NEURITE" predict --model "$DATA/xor_step.json" --input "$TMP/ragged.csv"
printf '0,0\n1,abc\n' >"$TMP/text.csv"
expect_error "non-numeric cell" "text\.csv:2:2" \
  "$NEURITE" predict --model "$DATA/xor_step.json" --input "$TMP/text.csv"

printf '{"input": 2, "layers": [{"type": "dense", "units": 2, "activation": "rleu"}]}' >"$TMP/typo.json"
expect_error "unknown activation" "typo\.json.*rleu" \
  "$NEURITE" summary --model "$TMP/typo.json"
printf '{"input": 2, "layers": [{"type": "dense", "units": -3}]}' >"$TMP/neg.json"
expect_error "negative units" "neg\.json.*layers\[0\]\.units" \
  "$NEURITE" summary --model "$TMP/neg.json"
printf '{"input": 2, "layers": [' >"$TMP/broken.json"
expect_error "truncated json" "broken\.json" \
  "$NEURITE" summary --model "$TMP/broken.json"

expect_error "unknown flag" "--frobnicate" "$NEURITE" predict --frobnicate
expect_error "unknown subcommand" "flyaway" "$NEURITE" flyaway
expect_error "unknown demo" "unknown demo \"nope\"" "$NEURITE" demo nope
expect_error "bad thread count" "--threads" "$NEURITE" --threads 0 demo --list

finish
