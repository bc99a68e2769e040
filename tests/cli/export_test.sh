# neurite export --format json: a model file (or a spec) as a JSON spec with
# its weights, input scaling and class names; the JSON gives the same outputs
# as the model file in predict and eval, and exporting it again changes
# nothing; a hand-edited spec with a bad "preprocessing" is refused.
source "$(dirname "$0")/lib.sh" "$@"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

expect_ok "train" "$NEURITE" --threads 1 train --data "$ROOT/data" --dataset iris --hidden 8 --epochs 20 --quiet --out "$TMP/iris"
expect_ok "export" "$NEURITE" export --model "$TMP/iris/model.nrm" --output "$TMP/iris.json"
expect_line "announced" "$TMP/iris.json: $TMP/iris/model.nrm as a JSON spec with its weights (67 parameters, its input scaling, its class names)"
grep -q '"kind": "standardize"' "$TMP/iris.json" || fail "no preprocessing in the export"
grep -q '"class_names": \["setosa", "versicolor", "virginica"\]' "$TMP/iris.json" || fail "no class names in the export"

# Raw measurements: the JSON applies the same standardization as the model file.
printf '5.0,3.5,1.4,0.2\n6.9,3.1,5.8,2.2\n6.0,2.7,4.5,1.4\n' >"$TMP/flowers.csv"
for m in "$TMP/iris/model.nrm" "$TMP/iris.json"; do
  expect_ok "predict $m" "$NEURITE" predict --model "$m" --input "$TMP/flowers.csv" --precision 9
  cp "$TMP/out" "$TMP/pred_$(basename "$m")"
  expect_ok "eval $m" "$NEURITE" eval --model "$m" --data "$ROOT/data" --dataset iris
  grep -v '^model:' "$TMP/out" >"$TMP/eval_$(basename "$m")"
done
cmp -s "$TMP/pred_model.nrm" "$TMP/pred_iris.json" || fail "predict differs: $(paste -d' ' "$TMP/pred_model.nrm" "$TMP/pred_iris.json")"
cmp -s "$TMP/eval_model.nrm" "$TMP/eval_iris.json" || fail "eval differs: $(diff "$TMP/eval_model.nrm" "$TMP/eval_iris.json")"
grep -q "virginica" "$TMP/eval_iris.json" || fail "eval of the JSON lacks the class names"

# Export of the export: the same text; to standard output without --output.
expect_ok "export again" "$NEURITE" export --model "$TMP/iris.json"
cmp -s "$TMP/out" "$TMP/iris.json" || fail "exporting the JSON again changed it: $(diff "$TMP/out" "$TMP/iris.json" | head -5)"
expect_ok "summary of the JSON" "$NEURITE" summary --model "$TMP/iris.json"
expect_line "summary" "total parameters: 67"

# A spec's preprocessing is checked like every other key.
sed 's/"kind": "standardize"/"kind": "standardise"/' "$TMP/iris.json" >"$TMP/typo.json"
expect_error "unknown scaling" "typo\.json: preprocessing\.kind: unknown scaling \"standardise\" \(did you mean \"standardize\"\?" \
  "$NEURITE" predict --model "$TMP/typo.json" --input "$TMP/flowers.csv"
sed 's/\("scale": \[[^],]*, [^],]*, [^],]*\), [^],]*\]/\1]/' "$TMP/iris.json" >"$TMP/short.json"
expect_error "short scale" "short\.json: preprocessing\.scale: expected 4 numbers \(one per input\), got 3" \
  "$NEURITE" predict --model "$TMP/short.json" --input "$TMP/flowers.csv"
sed 's/, "virginica"\]/]/' "$TMP/iris.json" >"$TMP/names.json"
expect_error "two names for three outputs" "names\.json: class_names: expected 3 names \(one per output\), got 2" \
  "$NEURITE" predict --model "$TMP/names.json" --input "$TMP/flowers.csv"
expect_usage_error "onnx not yet a format" "--format" "$NEURITE" export --model "$TMP/iris.json" --format onnx
expect_error "missing model" "nope\.nrm" "$NEURITE" export --model "$TMP/nope.nrm" --output "$TMP/x.json"
[ ! -e "$TMP/x.json" ] || fail "a failed export left a file"

finish
