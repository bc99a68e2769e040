# neurite predict --layers: every layer's outputs per input row under a header
# naming each layer's units (dense0.h1, …, out.y1), on the hand-written XOR
# step network and the textbook's 2-3-3-2 sigmoid network; with --classes,
# --precision and --output.
source "$(dirname "$0")/lib.sh" "$@"

# XOR: the hidden units fire for (1, 0) and (0, 1), the output is their OR.
expect_ok "xor layers" "$NEURITE" predict --model "$DATA/xor_step.json" --input "$DATA/xor_inputs.csv" --layers
printf 'dense0.h1,dense0.h2,out.y1\n0,0,0\n0,1,1\n1,0,1\n0,0,0\n' >"$TMP/xor_expected"
cmp -s "$TMP/out" "$TMP/xor_expected" || fail "xor --layers printed: $(cat "$TMP/out")"

expect_ok "xor layers and classes" "$NEURITE" predict -m "$DATA/xor_step.json" -i "$DATA/xor_inputs.csv" --layers --classes
printf 'dense0.h1,dense0.h2,out.y1,class\n0,0,0,0\n0,1,1,1\n1,0,1,1\n0,0,0,0\n' >"$TMP/xor_classes"
cmp -s "$TMP/out" "$TMP/xor_classes" || fail "xor --layers --classes printed: $(cat "$TMP/out")"

# To a file, written atomically; the same text as on stdout.
expect_ok "xor layers to a file" "$NEURITE" predict -m "$DATA/xor_step.json" -i "$DATA/xor_inputs.csv" --layers \
  -o "$TMP/layers.csv"
[ ! -s "$TMP/out" ] || fail "--output also printed: $(cat "$TMP/out")"
cmp -s "$TMP/layers.csv" "$TMP/xor_expected" || fail "--layers --output wrote: $(cat "$TMP/layers.csv")"
[ ! -e "$TMP/layers.csv.tmp" ] || fail "temporary file left behind"

# Without --layers the output is as before: no header.
expect_ok "xor outputs" "$NEURITE" predict -m "$DATA/xor_step.json" -i "$DATA/xor_inputs.csv"
[ "$(tr '\n' ' ' <"$TMP/out")" = "0 1 1 0 " ] || fail "predict without --layers printed: $(cat "$TMP/out")"

# The textbook's 2-3-3-2 network (tests/data/textbook_2332.json, the backprop
# demo's) on (0.2, 0.5): its hidden layers 0.43 0.55 0.48 and 0.43 0.44
# 0.52, its outputs 0.54 0.53, to two digits as printed.
echo "0.2,0.5" >"$TMP/x2332.csv"
expect_ok "2-3-3-2 layers" "$NEURITE" predict -m "$DATA/textbook_2332.json" -i "$TMP/x2332.csv" --layers --precision 2
printf 'dense0.h1,dense0.h2,dense0.h3,dense1.h1,dense1.h2,dense1.h3,out.y1,out.y2\n0.43,0.55,0.48,0.43,0.44,0.52,0.54,0.53\n' \
  >"$TMP/expected2332"
cmp -s "$TMP/out" "$TMP/expected2332" || fail "2-3-3-2 --layers printed: $(cat "$TMP/out")"
expect_ok "2-3-3-2 layers, 4 digits" "$NEURITE" predict -m "$DATA/textbook_2332.json" -i "$TMP/x2332.csv" --layers --precision 4
[ "$(tail -1 "$TMP/out")" = "0.4327,0.5518,0.48,0.4283,0.4365,0.5239,0.5372,0.5265" ] ||
  fail "2-3-3-2 --precision 4 printed: $(cat "$TMP/out")"

# A softmax output is a dense layer and a softmax layer: the logits, then the
# probabilities (and the class from them).
cat >"$TMP/softmax.json" <<'JSON'
{"input": 2, "layers": [
  {"type": "dense", "units": 2, "activation": "relu", "weights": [[1, 0], [0, 1]]},
  {"type": "dropout", "rate": 0.5},
  {"type": "dense", "units": 2, "activation": "softmax", "weights": [[1, 0], [0, 1]]}]}
JSON
printf '0,0\n0,1\n' >"$TMP/xs.csv"
expect_ok "softmax layers" "$NEURITE" predict -m "$TMP/softmax.json" -i "$TMP/xs.csv" --layers --classes --precision 3
printf '%s\n' "dense0.h1,dense0.h2,dropout1.h1,dropout1.h2,dense2.h1,dense2.h2,out.y1,out.y2,class" \
  "0,0,0,0,0,0,0.5,0.5,0" "0,1,0,1,0,1,0.269,0.731,1" >"$TMP/softmax_expected"
cmp -s "$TMP/out" "$TMP/softmax_expected" || fail "softmax --layers printed: $(cat "$TMP/out")"

finish
