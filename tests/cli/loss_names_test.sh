# Loss names people type: the short names ce, cross_entropy, bce and
# bce_logits are accepted (and printed by their full names), `neurite help
# train` lists them, and a misspelt name of any kind is refused at once with
# the name it resembles ("did you mean"), exit 2.
source "$(dirname "$0")/lib.sh" "$@"

# Two well separated classes in two columns.
{
  echo "a,b,label"
  for i in $(seq 1 20); do echo "0.$i,1.$i,0"; echo "2.$i,-1.$i,1"; done
} >"$TMP/two.csv"
train=("$NEURITE" train --csv "$TMP/two.csv" --label-column 2 --hidden 4 --epochs 1 --batch-size 8)

expect_ok "train --loss bce" "${train[@]}" --loss bce --out "$TMP/bce"
expect_line "train --loss bce" "loss binary_cross_entropy,"
expect_ok "train --loss ce" "${train[@]}" --loss ce --out "$TMP/ce"
expect_line "train --loss ce" "loss categorical_cross_entropy,"
expect_ok "train --loss cross_entropy" "${train[@]}" --loss cross_entropy --out "$TMP/ce2"
expect_line "train --loss cross_entropy" "loss categorical_cross_entropy,"
expect_ok "train --loss mae" "${train[@]}" --loss mae --out "$TMP/mae"
expect_line "train --loss mae" "loss mae,"
echo '{"loss": "bce", "epochs": 1}' >"$TMP/run.json"
expect_ok "config with a short name" "$NEURITE" train --config "$TMP/run.json" --csv "$TMP/two.csv" --label-column 2 \
  --hidden 4 --out "$TMP/config"
expect_line "config with a short name" "loss binary_cross_entropy,"
expect_ok "eval --loss ce" "$NEURITE" eval --model "$TMP/ce/model.nrm" --csv "$TMP/two.csv" --label-column 2 --loss ce
expect_line "eval --loss ce" "loss (categorical_cross_entropy):"

expect_ok "help train" "$NEURITE" help train
grep -A3 -- "--loss" "$TMP/out" | tr -s ' \n' ' ' >"$TMP/loss_help"
for text in "softmax_cross_entropy" "ce and cross_entropy (categorical_cross_entropy)" "bce (binary_cross_entropy)" \
            "bce_logits (binary_cross_entropy_logits)"; do
  grep -qF -- "$text" "$TMP/loss_help" || fail "help train: --loss does not mention '$text': $(cat "$TMP/loss_help")"
done

# Misspelt names, refused before any data is read (the CSV does not exist).
nodata=(--csv "$TMP/nope.csv")
expect_usage_error "loss typo" \
  "^error: --loss: unknown loss \"mes\" \(did you mean \"mse\"\? expected auto or one of: mse, .*; short names: ce, cross_entropy, bce, bce_logits\)" \
  "$NEURITE" train "${nodata[@]}" --loss mes
expect_usage_error "loss short-name typo" "unknown loss \"bec\" \(did you mean \"bce\"\?" \
  "$NEURITE" train "${nodata[@]}" --loss bec
expect_usage_error "loss prefix" "unknown loss \"categorical\" \(did you mean \"categorical_cross_entropy\"\?" \
  "$NEURITE" train "${nodata[@]}" --loss categorical
expect_usage_error "loss far off" "unknown loss \"hinge\" \(expected auto or one of: mse" \
  "$NEURITE" train "${nodata[@]}" --loss hinge
expect_usage_error "eval loss typo" "--loss: unknown loss \"msee\" \(did you mean \"mse\"\?" \
  "$NEURITE" eval --model "$TMP/ce/model.nrm" "${nodata[@]}" --loss msee
expect_usage_error "optimizer typo" "--optimizer: unknown optimizer \"rmsporp\" \(did you mean \"rmsprop\"\?" \
  "$NEURITE" train "${nodata[@]}" --optimizer rmsporp
expect_usage_error "activation typo" "--activation: unknown activation \"tahn\" \(did you mean \"tanh\"\?" \
  "$NEURITE" train "${nodata[@]}" --activation tahn
expect_usage_error "schedule typo" "--schedule: unknown schedule \"exponental\" \(did you mean \"exponential\"\?" \
  "$NEURITE" train "${nodata[@]}" --schedule exponental
expect_usage_error "search optimizer typo" "--optimizer: unknown optimizer \"Adam\" \(did you mean \"adam\"\?" \
  "$NEURITE" search "${nodata[@]}" --optimizer Adam

finish
