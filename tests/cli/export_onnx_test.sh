# neurite export --format onnx: ONNX's checker (full check, strict shape
# inference) passes the files, and an independent NumPy run of each file
# (tests/onnx/reference_run.py) gives neurite predict's outputs within 1e-5
# (relative) on raw inputs: a trained iris classifier (its standardization
# as nodes), a regression model, and a spec with every activation.
source "$(dirname "$0")/lib.sh" "$@"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUN="$ROOT/tests/onnx/reference_run.py"
if ! /usr/bin/python3 -c 'import onnx, numpy' 2>/dev/null; then
  echo "FAIL: /usr/bin/python3 lacks onnx or numpy (scripts/setup.sh test installs python3-onnx)"; exit 1
fi

# agree NAME MODEL INPUTS: neurite predict and the NumPy run of the export.
agree() {
  local name=$1 model=$2 inputs=$3
  expect_ok "$name: export" "$NEURITE" export --model "$model" --format onnx --output "$TMP/$name.onnx"
  grep -q "checked by ONNX's checker" "$TMP/out" || fail "$name: export did not say it was checked"
  expect_ok "$name: predict" "$NEURITE" predict --model "$model" --input "$inputs" --precision 9
  cp "$TMP/out" "$TMP/$name.neurite"
  /usr/bin/python3 "$RUN" "$TMP/$name.onnx" "$inputs" >"$TMP/$name.numpy" 2>"$TMP/err" || { fail "$name: $(cat "$TMP/err")"; return; }
  [ "$(wc -l <"$TMP/$name.numpy")" = "$(wc -l <"$TMP/$name.neurite")" ] || { fail "$name: row counts differ"; return; }
  paste -d, "$TMP/$name.neurite" "$TMP/$name.numpy" | awk -F, -v name="$name" '
    { n = NF / 2; for (i = 1; i <= n; i++) { a = $i; b = $(i + n); d = a - b; if (d < 0) d = -d;
        m = (a < 0 ? -a : a); if ((b < 0 ? -b : b) > m) m = (b < 0 ? -b : b);
        if (d > 1e-5 * m + 1e-9) { printf "%s row %d column %d: neurite %s, ONNX %s\n", name, NR, i, a, b; bad = 1 } } }
    END { exit bad }' >"$TMP/diff" || fail "$(head -3 "$TMP/diff")"
}

# A trained classifier with standardized inputs and class names.
expect_ok "train iris" "$NEURITE" --threads 1 train --data "$ROOT/data" --dataset iris --hidden 8 --epochs 20 --quiet --out "$TMP/iris"
printf '5.0,3.5,1.4,0.2\n6.9,3.1,5.8,2.2\n6.0,2.7,4.5,1.4\n4.4,2.9,1.4,0.2\n' >"$TMP/flowers.csv"
agree iris "$TMP/iris/model.nrm" "$TMP/flowers.csv"
/usr/bin/python3 -c 'import onnx,sys; m = onnx.load(sys.argv[1]); p = {x.key: x.value for x in m.metadata_props}
assert m.ir_version == 8 and m.opset_import[0].version == 17, (m.ir_version, m.opset_import)
assert p["task"] == "classification" and p["classes"] == "3" and p["class_names"].split("\n") == ["setosa", "versicolor", "virginica"], p
assert [n.op_type for n in m.graph.node][:2] == ["Sub", "Mul"], "no preprocessing nodes in front"
assert m.graph.input[0].type.tensor_type.shape.dim[0].dim_param == "batch"' "$TMP/iris.onnx" 2>"$TMP/err" ||
  fail "iris metadata: $(tail -1 "$TMP/err")"

# A regression model (identity output, min-max scaling).
awk 'BEGIN { srand(3); print "x1,x2,y"; for (i = 0; i < 200; i++) { a = rand() * 10; b = rand() - 0.5;
  printf "%.5f,%.5f,%.5f\n", a, b, a * b + 1 } }' >"$TMP/reg.csv"
expect_ok "train regression" "$NEURITE" --threads 1 train --csv "$TMP/reg.csv" --regression --scale minmax --hidden 6,5 \
  --activation tanh --epochs 5 --quiet --out "$TMP/reg"
printf '1,0.1\n9.5,-0.4\n0.01,0.3\n' >"$TMP/reg_in.csv"
agree regression "$TMP/reg/model.nrm" "$TMP/reg_in.csv"

# Every activation, and a dropout layer, in one spec (weights drawn from its
# seed; tests/data/onnx/all_activations.json).
agree all_activations "$ROOT/tests/data/onnx/all_activations.json" "$ROOT/tests/data/onnx/all_activations_inputs.csv"

expect_usage_error "onnx to stdout" "--format onnx writes a binary file" "$NEURITE" export --model "$ROOT/tests/data/onnx/all_activations.json" --format onnx
finish
