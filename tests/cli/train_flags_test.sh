# neurite train's architecture and optimizer flags: the header line names the
# activations of the network as built (also from --model and --init-from),
# and --momentum, --rho, --beta1, --beta2 and --eps reach the optimizer,
# overriding its defaults only when given.
source "$(dirname "$0")/lib.sh" "$@"

# Three classes in the plane (label column last), as in init_from_test.sh.
awk 'BEGIN { srand(5); print "x1,x2,label"; for (i = 0; i < 300; i++) { a = rand() * 2 - 1; b = rand() * 2 - 1;
  z0 = -a; z1 = a - b; z2 = a + b; c = (z0 >= z1 && z0 >= z2) ? 0 : (z1 >= z2 ? 1 : 2);
  printf "%.5f,%.5f,%d\n", a, b, c } }' >"$TMP/three.csv"
train() { "$NEURITE" --threads 1 train --csv "$TMP/three.csv" --label-column 2 --epochs 3 --quiet "$@"; }
header() { grep '^model:' "$TMP/out"; }

# ---- the activations in the header ----------------------------------------------
expect_ok "flags" train --hidden 8,8 --activation tanh --out "$TMP/tanh"
header | grep -q '^model: 2-8-8-3 ([0-9]* parameters), tanh, loss ' || fail "--activation tanh: $(header)"
cat >"$TMP/mixed.json" <<'JSON'
{"input": 2, "layers": [{"type": "dense", "units": 8, "activation": "tanh"},
                        {"type": "dense", "units": 8, "activation": "sigmoid"},
                        {"type": "dense", "units": 3, "activation": "softmax"}]}
JSON
expect_ok "--model with two activations" train --model "$TMP/mixed.json" --out "$TMP/mixed"
header | grep -q '^model: 2-8-8-3 ([0-9]* parameters), tanh/sigmoid, loss ' || fail "--model: $(header)"
sed 's/"sigmoid"/"tanh"/' "$TMP/mixed.json" >"$TMP/tanh.json"
expect_ok "--model with one activation" train --model "$TMP/tanh.json" --activation relu --out "$TMP/m2"
header | grep -q ', tanh, loss ' || fail "--model's tanh, not --activation's relu: $(header)"
# A model file trained with elu, continued: elu, whatever --activation says.
expect_ok "elu model" train --hidden 4 --activation elu --out "$TMP/elu"
expect_ok "--init-from" train --init-from "$TMP/elu/model.nrm" --activation relu --out "$TMP/from_elu"
header | grep -q '^model: 2-4-3 ([0-9]* parameters), elu, loss ' || fail "--init-from: $(header)"
# A separate activation layer after a dense one counts as that layer's.
cat >"$TMP/separate.json" <<'JSON'
{"input": 2, "layers": [{"type": "dense", "units": 5}, {"type": "activation", "activation": "sigmoid"},
                        {"type": "dense", "units": 3}, {"type": "activation", "activation": "softmax"}]}
JSON
expect_ok "separate activation layer" train --model "$TMP/separate.json" --out "$TMP/sep"
header | grep -q '^model: 2-5-3 ([0-9]* parameters), sigmoid, loss ' || fail "separate layer: $(header)"
printf '{"input": 2, "layers": [{"type": "dense", "units": 3, "activation": "softmax"}]}' >"$TMP/linear.json"
expect_ok "no hidden layer" train --model "$TMP/linear.json" --out "$TMP/linear"
header | grep -q '^model: 2-3 ([0-9]* parameters), no hidden layer, loss ' || fail "no hidden layer: $(header)"

# ---- optimizer flags ---------------------------------------------------------------
same() { cmp -s "$TMP/$1/model.nrm" "$TMP/$2/model.nrm"; }
# Given with the default values they change nothing; other values change the
# weights; the header lists what was given.
expect_ok "adam" train --hidden 8 --out "$TMP/adam"
expect_ok "adam, defaults given" train --hidden 8 --beta1 0.9 --beta2 0.999 --eps 1e-8 --out "$TMP/adam_defaults"
same adam adam_defaults || fail "adam with its default β₁, β₂, ε given differs from adam"
header | grep -q ', adam lr 0.001 beta1 0.9 beta2 0.999 eps 1e-08, batch ' || fail "given flags not in the header: $(header)"
for flag in "--beta1 0.5" "--beta2 0.9" "--eps 0.1"; do
  # shellcheck disable=SC2086
  expect_ok "adam $flag" train --hidden 8 $flag --out "$TMP/adam_other"
  same adam adam_other && fail "adam $flag trained the same weights as the default"
done
# adadelta's ε is 1e-6 unless --eps says otherwise.
expect_ok "adadelta" train --hidden 8 --optimizer adadelta --lr 1 --out "$TMP/adadelta"
expect_ok "adadelta eps 1e-6" train --hidden 8 --optimizer adadelta --lr 1 --eps 1e-6 --out "$TMP/adadelta_6"
same adadelta adadelta_6 || fail "adadelta's default ε is not 1e-6"
expect_ok "adadelta eps 1e-8" train --hidden 8 --optimizer adadelta --lr 1 --eps 1e-8 --out "$TMP/adadelta_8"
same adadelta adadelta_8 && fail "adadelta --eps 1e-8 trained the same weights as ε = 1e-6"
expect_ok "rmsprop" train --hidden 8 --optimizer rmsprop --out "$TMP/rmsprop"
expect_ok "rmsprop rho" train --hidden 8 --optimizer rmsprop --rho 0.5 --out "$TMP/rmsprop_rho"
same rmsprop rmsprop_rho && fail "rmsprop --rho 0.5 trained the same weights as ρ = 0.9"
expect_ok "momentum" train --hidden 8 --optimizer momentum --lr 0.01 --out "$TMP/momentum"
expect_ok "momentum 0.9" train --hidden 8 --optimizer momentum --lr 0.01 --momentum 0.9 --out "$TMP/momentum_9"
same momentum momentum_9 || fail "momentum's default μ is not 0.9"
expect_ok "momentum 0.5" train --hidden 8 --optimizer momentum --lr 0.01 --momentum 0.5 --out "$TMP/momentum_5"
same momentum momentum_5 && fail "--momentum 0.5 trained the same weights as μ = 0.9"

# search takes the same architecture and optimizer flags.
expect_ok "search" "$NEURITE" --threads 1 search --csv "$TMP/three.csv" --label-column 2 --model "$TMP/mixed.json" \
  --optimizer nesterov --momentum 0.8 --trials 2 --epochs 2 --out "$TMP/search"
grep -q '^model: 2-8-8-3 tanh/sigmoid .*; nesterov momentum 0.8, batch ' "$TMP/out" || fail "search header: $(grep '^model:' "$TMP/out")"

finish
