# Bad input: one clear line on stderr naming the file/flag, non-zero exit, no crash.
source "$(dirname "$0")/lib.sh" "$@"

expect_error "missing model" "nope\.json" \
  "$NEURITE" predict --model "$TMP/nope.json" --input "$DATA/xor_inputs.csv"
expect_error "missing input" "nope\.csv" \
  "$NEURITE" predict --model "$DATA/xor_step.json" --input "$TMP/nope.csv"
expect_error "directory as model" "$TMP" \
  "$NEURITE" predict --model "$TMP" --input "$DATA/xor_inputs.csv"

# Each writes FILE (TEXT with \n escapes) and expects the command to refuse
# it with a message matching REGEX.
bad_input() {  # NAME FILE TEXT REGEX: an input table for predict
  printf '%b' "$3" >"$TMP/$2"
  expect_error "$1" "$4" "$NEURITE" predict --model "$DATA/xor_step.json" --input "$TMP/$2"
}
bad_spec() {  # NAME FILE TEXT REGEX: a model spec for summary
  printf '%b' "$3" >"$TMP/$2"
  expect_error "$1" "$4" "$NEURITE" summary --model "$TMP/$2"
}
bad_input "input width" wide.csv '0,0,1\n1,1,0\n' "wide\.csv.*3 columns.*expects 2"
bad_input "ragged row" ragged.csv '0,0\n1\n' "ragged\.csv:2"
bad_input "non-numeric cell" text.csv '0,0\n1,abc\n' "text\.csv:2:2"
bad_spec "unknown activation" typo.json '{"input": 2, "layers": [{"type": "dense", "units": 2, "activation": "rleu"}]}' \
  "typo\.json.*rleu"
bad_spec "negative units" neg.json '{"input": 2, "layers": [{"type": "dense", "units": -3}]}' "neg\.json.*layers\[0\]\.units"
bad_spec "truncated json" broken.json '{"input": 2, "layers": [' "broken\.json"

expect_error "unknown flag" "--frobnicate" "$NEURITE" predict --frobnicate
expect_error "unknown subcommand" "flyaway" "$NEURITE" flyaway
expect_error "unknown demo" "unknown demo \"nope\"" "$NEURITE" demo nope
expect_error "bad thread count" "--threads" "$NEURITE" --threads 0 demo --list

# Bad flag values are refused before any data is read: each run names a CSV
# file that does not exist (or MNIST in a folder that does not exist), so an
# error about the flag proves the data was not touched. Exit 2, one line
# naming the flag and the valid values.
nodata=(--csv "$TMP/nope.csv")
expect_usage_error "train optimizer typo" "^error: --optimizer: unknown optimizer \"adm\" \(did you mean \"adam\"\? expected one of: sgd, .*adam, adamw\)" \
  "$NEURITE" train "${nodata[@]}" --optimizer adm
expect_usage_error "train optimizer typo, MNIST" "--optimizer: unknown optimizer \"adm\"" \
  "$NEURITE" train --data "$TMP/no_such_folder" --optimizer adm
expect_usage_error "train activation typo" "--activation: unknown activation \"rleu\" \(did you mean \"relu\"\? expected one of: .*relu" \
  "$NEURITE" train "${nodata[@]}" --activation rleu
expect_usage_error "train loss typo" "--loss: unknown loss \"mse2\" \(did you mean \"mse\"\? expected auto or one of: mse," \
  "$NEURITE" train "${nodata[@]}" --loss mse2
expect_usage_error "train schedule typo" "--schedule: unknown schedule \"cosin\" \(did you mean \"cosine\"\? expected one of: constant" \
  "$NEURITE" train "${nodata[@]}" --schedule cosin
expect_usage_error "train scale typo" "--scale: unit2 not in \{auto,none" "$NEURITE" train "${nodata[@]}" --scale unit2
expect_usage_error "train dataset typo" "--dataset: irs not in \{mnist" "$NEURITE" train --dataset irs
expect_usage_error "csv without file" "--dataset csv needs --csv FILE" "$NEURITE" train --dataset csv
expect_usage_error "zero hidden units" "--hidden: .*0.*1 to 1000000" "$NEURITE" train "${nodata[@]}" --hidden 64,0
expect_usage_error "infinite lr" "--lr: must be positive and finite" "$NEURITE" train "${nodata[@]}" --lr inf
expect_usage_error "beta1 of 1" "--beta1: must be in \[0, 1\), got 1" "$NEURITE" train "${nodata[@]}" --beta1 1
expect_usage_error "beta2 negative" "--beta2: must be in \[0, 1\)" "$NEURITE" train "${nodata[@]}" --beta2 -0.1
expect_usage_error "rho not a number" "--rho: expected a number" "$NEURITE" train "${nodata[@]}" --rho x
expect_usage_error "eps zero" "--eps: must be positive and finite, got 0" "$NEURITE" train "${nodata[@]}" --eps 0
expect_usage_error "momentum of 1" "--momentum: must be in \[0, 1\)" \
  "$NEURITE" train "${nodata[@]}" --optimizer momentum --momentum 1
expect_usage_error "beta1 for sgd" "--beta1: the sgd optimizer does not use it \(adam and adamw do\)" \
  "$NEURITE" train "${nodata[@]}" --optimizer sgd --beta1 0.8
expect_usage_error "momentum for adam" "--momentum: the adam optimizer does not use it \(momentum and nesterov do\)" \
  "$NEURITE" train "${nodata[@]}" --momentum 0.5
printf '{"optimizer": "adm"}' >"$TMP/typo_optimizer.json"
expect_usage_error "config optimizer typo" "--optimizer: unknown optimizer \"adm\"" \
  "$NEURITE" train "${nodata[@]}" --config "$TMP/typo_optimizer.json"
# The files the architecture flags name are read before the data, too.
expect_error "model spec before data" "typo\.json.*rleu" "$NEURITE" train "${nodata[@]}" --model "$TMP/typo.json"
expect_error "init-from before data" "--init-from: .*nope\.nrm: no such file" \
  "$NEURITE" train "${nodata[@]}" --init-from "$TMP/nope.nrm"

expect_usage_error "search optimizer typo" "--optimizer: unknown optimizer \"adm\"" \
  "$NEURITE" search "${nodata[@]}" --optimizer adm
expect_usage_error "search activation typo" "--activation: unknown activation \"rleu\"" \
  "$NEURITE" search "${nodata[@]}" --activation rleu
expect_usage_error "search range" "--wd-range: needs two positive numbers" "$NEURITE" search "${nodata[@]}" --wd-range 0,1
expect_usage_error "search unused flag" "--rho: the sgd optimizer does not use it" "$NEURITE" search "${nodata[@]}" --rho 0.5
expect_usage_error "eval loss typo" "--loss: unknown loss \"crossentropy\"" \
  "$NEURITE" eval --model "$TMP/nope.nrm" "${nodata[@]}" --loss crossentropy
expect_usage_error "show set typo" "--set must be test or train" "$NEURITE" show --set valid --data "$TMP/no_such_folder"

finish
