# neurite train --recipe fast: its options go in first and the command
# line's win; it reaches 98 % test accuracy on real MNIST in 4 epochs; a CPU
# without AVX-512 BF16 (ONEDNN_MAX_CPU_ISA=AVX2) runs it in float32 and says
# so; unknown recipes and recipes inside config files are refused.
source "$(dirname "$0")/lib.sh" "$@"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
if [ ! -f "$ROOT/data/mnist/train-images-idx3-ubyte" ]; then
  echo "FAIL: MNIST not found in $ROOT/data/mnist (scripts/fetch_data.sh fetches it)"; exit 1
fi
base=--dataset=mnist" --hidden=256,128 --activation=relu --optimizer=nesterov --momentum=0.9 --lr=0.15"
base+=" --batch-size=128 --epochs=4 --schedule=cosine --validation-split=0"

expect_error "an unknown recipe" '^error: --recipe: no recipe "slow" \(known: fast\)$' \
  "$NEURITE" train --recipe slow --data "$ROOT/data" --out "$TMP/none"
echo '{"recipe": "fast"}' >"$TMP/config.json"
expect_error "a recipe in a config file" \
  "^error: $TMP/config.json: a config file cannot name a recipe \(give --recipe on the command line\)$" \
  "$NEURITE" train --config "$TMP/config.json" --data "$ROOT/data" --out "$TMP/none"
[ ! -e "$TMP/none" ] || fail "a refused run wrote its output folder"

# Whether this CPU has bf16 products decides the recipe's precision.
expect_ok "gradcheck" "$NEURITE" gradcheck
if grep -q "^bf16 products: not checked" "$TMP/out"; then recipe="$base"; else recipe="$base --precision=bf16"; fi

expect_ok "recipe fast" "$NEURITE" --threads 2 train --recipe fast --data "$ROOT/data" --quiet --out "$TMP/fast"
expect_line "recipe fast" "recipe fast: $recipe"
expect_line "recipe fast" "nesterov lr 0.15 momentum 0.9, batch 128, 4 epochs, seed 42"
grep -q "^validation:" "$TMP/out" && fail "the recipe trains on all 60,000 digits, but a validation split was made"
acc=$(sed -n 's/^test accuracy: \([0-9.]*\)%.*/\1/p' "$TMP/out")
echo "recipe fast: test accuracy $acc %, $(grep '^training:' "$TMP/out")"
awk -v a="$acc" 'BEGIN { exit !(a >= 98.0) }' || fail "recipe fast: test accuracy '$acc' % is below 98.0 %"

# Flags on the command line (and in a config file) override the recipe's.
echo '{"hidden": [32]}' >"$TMP/small.json"
expect_ok "recipe fast, overridden" "$NEURITE" --threads 2 train --recipe fast --config "$TMP/small.json" --epochs 1 \
  --precision fp32 --data "$ROOT/data" --quiet --out "$TMP/over"
expect_line "recipe fast, overridden" "model: 784-32-10 (25450 parameters)"
expect_line "recipe fast, overridden" ", batch 128, 1 epochs, seed 42"
grep -q "^precision: bf16" "$TMP/out" && fail "--precision fp32 after the recipe did not win"

# Without AVX-512 BF16 the recipe runs in float32 and says so.
expect_ok "recipe fast without bf16" env ONEDNN_MAX_CPU_ISA=AVX2 "$NEURITE" --threads 2 train --recipe fast \
  --epochs 1 --hidden 32 --data "$ROOT/data" --quiet --out "$TMP/avx2"
grep -qx -- "recipe fast: $base" "$TMP/out" || fail "recipe fast without bf16: no line 'recipe fast: $base'"
expect_line "recipe fast without bf16" "recipe fast: float32 products on this machine: this CPU has no AVX-512 BF16"
grep -q "^precision: bf16" "$TMP/out" && fail "the recipe asked for bf16 on a CPU without it"

finish
