# --precision bf16 (docs/bf16.md): train, eval and predict take it; its
# numbers agree with float32's to bf16's precision; a CPU without AVX-512
# BF16 (made so with oneDNN's ONEDNN_MAX_CPU_ISA) gets one line naming the
# flag; predict's --precision NUMBER still sets its digits.
source "$(dirname "$0")/lib.sh" "$@"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

expect_usage_error "an unknown precision" "--precision" "$NEURITE" train --dataset iris --data "$ROOT/data" --precision fp16
expect_error "bf16 on a CPU without it" \
  "^error: --precision bf16: this CPU has no AVX-512 BF16 \(its best instruction set for oneDNN: AVX2\); use --precision fp32$" \
  env ONEDNN_MAX_CPU_ISA=AVX2 "$NEURITE" train --dataset iris --data "$ROOT/data" --precision bf16 --out "$TMP/none"
[ ! -e "$TMP/none" ] || fail "a refused bf16 run wrote its output folder"

# Whether this CPU has bf16: gradcheck says so.
expect_ok "gradcheck" "$NEURITE" gradcheck
if grep -q "^bf16 products: not checked" "$TMP/out"; then
  echo "this CPU has no bf16: only the refusal is tested ($(grep '^bf16 products' "$TMP/out"))"
  finish
fi
[ "$(grep -c ', bf16 .* ok$' "$TMP/out")" = 3 ] || fail "gradcheck's bf16 rows: $(grep bf16 "$TMP/out")"

# Train the same network both ways: the bf16 run says so and learns as well.
run=(--threads 2 train --dataset wine --data "$ROOT/data" --epochs 60 --batch-size 16 --seed 3 --quiet)
expect_ok "fp32 train" "$NEURITE" "${run[@]}" --out "$TMP/fp32"
fp32_acc=$(sed -n 's/^test accuracy: \([0-9.]*\)%.*/\1/p' "$TMP/out")
expect_ok "bf16 train" "$NEURITE" "${run[@]}" --precision bf16 --out "$TMP/bf16"
expect_line "bf16 train" "precision: bf16 matrix products (float32 sums), float32 weights and optimizer state"
bf16_acc=$(sed -n 's/^test accuracy: \([0-9.]*\)%.*/\1/p' "$TMP/out")
echo "wine, 60 epochs: test accuracy fp32 $fp32_acc %, bf16 $bf16_acc %"
awk -v a="$fp32_acc" -v b="$bf16_acc" 'BEGIN { exit !(b + 0 >= 90 && b - a <= 6 && a - b <= 6) }' ||
  fail "bf16 training: test accuracy $bf16_acc % (fp32 $fp32_acc %)"

# eval and predict of one float32 model in both precisions.
expect_ok "fp32 eval" "$NEURITE" eval --model "$TMP/fp32/model.nrm" --dataset wine --data "$ROOT/data"
grep '^accuracy' "$TMP/out" >"$TMP/eval32"
expect_ok "bf16 eval" "$NEURITE" eval --model "$TMP/fp32/model.nrm" --dataset wine --data "$ROOT/data" --precision bf16
grep '^accuracy' "$TMP/out" >"$TMP/eval16"
[ -s "$TMP/eval32" ] || fail "eval printed no accuracy line"
echo "eval: fp32 '$(cat "$TMP/eval32")', bf16 '$(cat "$TMP/eval16")'"

sed -n '2,41p' "$ROOT/data/sklearn/wine_data.csv" | cut -d, -f1-13 >"$TMP/x.csv"
expect_ok "fp32 predict" "$NEURITE" predict --model "$TMP/fp32/model.nrm" --input "$TMP/x.csv" --digits 9
cp "$TMP/out" "$TMP/p32"
expect_ok "bf16 predict" "$NEURITE" predict --model "$TMP/fp32/model.nrm" --input "$TMP/x.csv" --digits 9 --precision bf16
cp "$TMP/out" "$TMP/p16"
[ "$(wc -l <"$TMP/p16")" = 40 ] || fail "bf16 predict: $(wc -l <"$TMP/p16") lines"
# Class probabilities within 0.05 of float32's, and not all equal to them.
paste -d, "$TMP/p32" "$TMP/p16" | awk -F, '{ n = NF / 2; for (i = 1; i <= n; i++) { d = $i - $(i + n); if (d < 0) d = -d;
    if (d > w) w = d; if (d > 0) moved = 1 } } END { printf "predict: largest difference %.3g\n", w; exit !(w <= 0.05 && moved) }' ||
  fail "bf16 predict differs from fp32 by more than 0.05, or not at all"

# predict's --precision NUMBER is still the digits, and only 1 to 17 of them.
expect_error "predict --precision 18" "^error: --precision 18: digits are 1 to 17 \(--digits\)$" \
  "$NEURITE" predict --model "$TMP/fp32/model.nrm" --input "$TMP/x.csv" --precision 18
expect_ok "predict --digits 3" "$NEURITE" predict --model "$TMP/fp32/model.nrm" --input "$TMP/x.csv" --digits 3
cp "$TMP/out" "$TMP/d3"
expect_ok "predict --precision 3" "$NEURITE" predict --model "$TMP/fp32/model.nrm" --input "$TMP/x.csv" --precision 3
cmp -s "$TMP/out" "$TMP/d3" || fail "--precision 3 printed $(head -n 1 "$TMP/out"), --digits 3 $(head -n 1 "$TMP/d3")"
cmp -s "$TMP/d3" "$TMP/p32" && fail "--digits 3 printed as many digits as --digits 9"
finish
