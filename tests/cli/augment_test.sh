# The pieces of docs/accuracy.md's runs on the command line: --augment (and
# its limits), --max-norm, --input-dropout, --momentum-ramp in a short MNIST
# run; `neurite show --augment`; every config under examples/configs starts;
# bad flags are refused with one line naming the flag.
source "$(dirname "$0")/lib.sh" "$@"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
if [ ! -f "$ROOT/data/mnist/train-images-idx3-ubyte" ]; then
  echo "FAIL: MNIST not found in $ROOT/data/mnist (scripts/fetch_data.sh fetches it)"; exit 1
fi
train() { "$NEURITE" --threads 2 train --data "$ROOT/data" --quiet "$@"; }

expect_usage_error "a limit without its kind" '^error: --rotate needs --augment affine' \
  train --rotate 5 --out "$TMP/none"
expect_usage_error "an elastic limit with affine" '^error: --elastic-alpha needs --augment elastic' \
  train --augment affine --elastic-alpha 8 --out "$TMP/none"
expect_usage_error "zoom of 100 %" '^error: --augment: zoom must be at least 0 and below 1 \(got 1\)' \
  train --augment affine --zoom 1 --out "$TMP/none"
expect_usage_error "sigma 0" '^error: --augment: elastic sigma must be above 0' \
  train --augment elastic --elastic-sigma 0 --out "$TMP/none"
expect_usage_error "an unknown kind" '^error: --augment: .*wobble' train --augment wobble --out "$TMP/none"
expect_error "per-pixel scaling" '^error: --augment needs the same scaling for every pixel .*--scale standardize' \
  train --augment affine --scale standardize --epochs 1 --hidden 8 --out "$TMP/none"
expect_error "a table is not an image" '^error: --augment distorts square images .* rows of 13 features are not one' \
  train --dataset wine --augment elastic --out "$TMP/none"
expect_usage_error "a ramp for adam" '^error: --momentum-ramp needs --optimizer momentum or nesterov' \
  train --momentum-ramp 5 --out "$TMP/none"
expect_usage_error "a ramp's start without a ramp" '^error: --momentum-start needs --momentum-ramp' \
  train --optimizer momentum --momentum-start 0.6 --out "$TMP/none"
echo '{"input": 784, "layers": [{"type": "dense", "units": 10, "activation": "softmax"}]}' >"$TMP/spec.json"
expect_usage_error "input dropout with --model" '^error: --input-dropout adds a layer to the network of --hidden; with --model' \
  train --model "$TMP/spec.json" --input-dropout 0.2 --out "$TMP/none"
expect_usage_error "a negative max-norm" '^error: --max-norm' train --max-norm -1 --out "$TMP/none"
[ ! -e "$TMP/none" ] || fail "a refused run wrote its output folder"

# All of it in two short epochs: each line says what it does, and it learns.
expect_ok "augmented run" train --hidden 64 --epochs 2 --optimizer momentum --lr 0.05 --momentum-ramp 2 \
  --max-norm 2 --dropout 0.1 --input-dropout 0.2 --augment affine,elastic --rotate 12 --out "$TMP/aug"
expect_line "augmented run" "regularization: dropout 0.1 after each hidden layer, input dropout 0.2, max-norm 2 on each unit's incoming weights, momentum from 0.5 to 0.9 over epochs 1–2"
expect_line "augmented run" "augmentation: rotate ±12°, zoom ±10 %, shear ±10°, shift ±2 px, elastic α 34 σ 4, new for every training image each epoch (28 × 28; validation and test images as they are)"
expect_line "augmented run" "model: 784-64-10"
acc=$(sed -n 's/^test accuracy: \([0-9.]*\)%.*/\1/p' "$TMP/out")
awk -v a="$acc" 'BEGIN { exit !(a >= 85.0) }' || fail "augmented run: test accuracy '$acc' % is below 85 %"
# The input dropout is a layer of the saved model (identity at inference).
expect_ok "model of the augmented run" "$NEURITE" summary --model "$TMP/aug/model.nrm"
expect_line "model of the augmented run" "dropout"

# neurite show --augment: the digit and its distortions, in the terminal and as SVG.
expect_ok "show --augment" "$NEURITE" show --augment affine,elastic --index 3,5 --variants 3 --data "$ROOT/data" \
  --out "$TMP/show"
expect_line "show --augment" "augmentation: rotate ±10°, zoom ±10 %, shear ±10°, shift ±2 px, elastic α 34 σ 4; 3 distortions of each digit (seed 1)"
expect_line "show --augment" "MNIST test digit 5 (label 1), then 3 distortions:"
[ "$(grep -c '^+----' "$TMP/out")" = 4 ] || fail "show --augment: not 2 digits × (1 + 3) side by side"
xmllint --noout "$TMP/show/augment.svg" || fail "augment.svg is not well-formed"
expect_usage_error "show --augment with a model, before any data is read" '^error: --augment shows digits' \
  "$NEURITE" show --augment elastic --model "$TMP/aug/model.nrm" --data "$TMP/no-such-data" --out "$TMP/show"

# Every config of docs/accuracy.md starts (one epoch of a small network).
for config in "$ROOT"/examples/configs/*.json; do
  name=$(basename "$config" .json)
  expect_ok "config $name" train --config "$config" --hidden 16 --epochs 1 --precision fp32 --out "$TMP/c-$name"
  grep -q "^test accuracy: " "$TMP/out" || fail "config $name: no test accuracy"
done
finish
