# Reading ONNX files: summary, predict, eval, export and train --init-from
# take .onnx files. Hostile files (tests/data/onnx/hostile, each described
# in its README) are refused with one line naming the file and the node or
# tensor; export → import → export gives the same weights, graph and
# outputs; a LogSoftmax network trains on from its PyTorch weights.
source "$(dirname "$0")/lib.sh" "$@"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ONNX="$ROOT/tests/data/onnx"
printf '0.1,0.2,0.3,0.4\n' >"$TMP/four.csv"

# ---- hostile files: one clear line, exit 1, from summary and predict ---------------
refused() {
  local file=$1 pattern=$2
  expect_error "$file (summary)" "$file\.onnx: .*$pattern" "$NEURITE" summary --model "$ONNX/hostile/$file.onnx"
  [ "$last_exit" = 1 ] || fail "$file: exit $last_exit, not 1"
  expect_error "$file (predict)" "$file\.onnx: .*$pattern" "$NEURITE" predict --model "$ONNX/hostile/$file.onnx" --input "$TMP/four.csv"
}
refused truncated "not a valid ONNX file"
refused bad_length "not a valid ONNX file"
refused not_protobuf "not a valid ONNX file"
refused empty "the file is empty"
refused no_graph "the file has no graph"
refused no_opset "names no version of the standard operators"
refused conv "node 1 \(Conv\): neurite imports fully connected networks"
refused custom_domain "operator domain 'com.example'"
refused cycle "the graph has a cycle"
refused chain "node 2 \(Gemm\): .*take 5 inputs but the value before it has 8; the dimensions do not chain"
refused huge_dims "initializer 'w': its dimensions \[4, 536870912\] claim 8589934592 bytes but it holds 16"
refused two_gb "claim 536870912 values but it holds 4"
refused overflow_dims "claim more than 2147483648 elements"
refused negative_dim "dimension -4 is negative"
refused float_count "claim 32 values but it holds 31"
refused raw_size "claim 128 bytes but it holds 127"
refused raw_and_float "holds its values twice"
refused external "its data is in an external file"
refused external_escape "its data is in an external file"
refused two_inputs "the graph has two inputs"
refused undefined_input "input 'missing_weight' is not made by any node"
refused duplicate_output "value 'hidden' is defined twice"
refused unknown_output "the graph's output 'nowhere' is not the end of the chain"
refused no_outputs "the graph has 0 outputs"
refused int_weights "INT64 values where float weights are expected"
refused rank1_weight "its weights have shape \[32\]; a matrix is expected"
refused bias_size "its bias has shape \[5\]"
refused string_input "holds STRING; neurite reads float inputs"
refused rank3_gemm "add a Flatten in front"
refused attr_type "attribute transB is not an integer"
refused softmax_axis0 "axis 0; neurite's Softmax runs over each row"
refused flatten_axis0 "axis 0; neurite flattens each example into a row"
n_hostile=$(ls "$ONNX"/hostile/*.onnx | wc -l)
[ "$n_hostile" = 32 ] || fail "tests/data/onnx/hostile has $n_hostile files; every one needs a line above"
expect_error "missing .onnx file" "nowhere\.onnx" "$NEURITE" summary --model "$TMP/nowhere.onnx"
expect_error "wrong width for an ONNX model" "4" "$NEURITE" predict --model "$ONNX/torch_mlp.onnx" \
  --input "$ROOT/tests/data/xor_inputs.csv"

# ---- round trip: export → import → export ------------------------------------------
expect_ok "train iris" "$NEURITE" --threads 1 train --data "$ROOT/data" --dataset iris --hidden 8 --epochs 20 --quiet --out "$TMP/iris"
printf '5.0,3.5,1.4,0.2\n6.9,3.1,5.8,2.2\n6.0,2.7,4.5,1.4\n' >"$TMP/flowers.csv"
# round_trip NAME MODEL INPUTS: MODEL exported as a.onnx, that read back and
# exported again as b.onnx: the same operators with the same attributes, the
# same weights byte for byte, the same metadata, the same outputs. (Names
# may differ: an activation layer after a dense layer is read back as that
# dense layer's activation, which computes the same.)
round_trip() {
  local name=$1 model=$2 inputs=$3
  expect_ok "$name: export onnx" "$NEURITE" export --model "$model" --format onnx --output "$TMP/$name.a.onnx"
  expect_ok "$name: onnx to onnx" "$NEURITE" export --model "$TMP/$name.a.onnx" --format onnx --output "$TMP/$name.b.onnx"
  /usr/bin/python3 - "$TMP/$name.a.onnx" "$TMP/$name.b.onnx" <<'PY' 2>"$TMP/err" || fail "$name: ONNX files differ: $(tail -1 "$TMP/err")"
import sys, onnx
a, b = (onnx.load(p) for p in sys.argv[1:])
ops = lambda m: [(n.op_type, sorted((x.name, onnx.helper.get_attribute_value(x)) for x in n.attribute)) for n in m.graph.node]
weights = lambda m: [(list(t.dims), t.raw_data) for t in m.graph.initializer]
assert ops(a) == ops(b), f"operators differ: {ops(a)} vs {ops(b)}"
assert weights(a) == weights(b), "weights differ"
assert list(a.metadata_props) == list(b.metadata_props), "metadata differs"
PY
  for m in "$model" "$TMP/$name.a.onnx" "$TMP/$name.b.onnx"; do
    expect_ok "$name: predict $m" "$NEURITE" predict --model "$m" --input "$inputs" --precision 9
    cp "$TMP/out" "$TMP/$name.$(basename "$m").out"
  done
  cmp -s "$TMP/$name.$(basename "$model").out" "$TMP/$name.$name.a.onnx.out" || fail "$name: outputs differ after import"
  cmp -s "$TMP/$name.$name.a.onnx.out" "$TMP/$name.$name.b.onnx.out" || fail "$name: outputs differ after a second export"
}
round_trip iris "$TMP/iris/model.nrm" "$TMP/flowers.csv"
round_trip all "$ROOT/tests/data/onnx/all_activations.json" "$ROOT/tests/data/onnx/all_activations_inputs.csv"
# The trained model as a JSON spec, directly and through ONNX: the same
# weights, preprocessing and class names (ONNX does not keep how the weights
# were first drawn: the "init" key).
expect_ok "iris: export json" "$NEURITE" export --model "$TMP/iris/model.nrm" --format json --output "$TMP/iris.a.json"
expect_ok "iris: onnx to json" "$NEURITE" export --model "$TMP/iris.a.onnx" --format json --output "$TMP/iris.b.json"
grep -v '"init"' "$TMP/iris.a.json" >"$TMP/iris.a.cmp"
cmp -s "$TMP/iris.a.cmp" "$TMP/iris.b.json" || fail "iris: the spec read back differs: $(diff "$TMP/iris.a.cmp" "$TMP/iris.b.json" | head -5)"
grep -q '"setosa"' "$TMP/iris.b.json" || fail "iris: class names lost"

# ---- eval and summary on ONNX files ----------------------------------------------------
expect_ok "eval nrm" "$NEURITE" eval --model "$TMP/iris/model.nrm" --data "$ROOT/data" --dataset iris
grep -v '^model' "$TMP/out" >"$TMP/eval.nrm"
expect_ok "eval onnx" "$NEURITE" eval --model "$TMP/iris.a.onnx" --data "$ROOT/data" --dataset iris
grep -v '^model' "$TMP/out" >"$TMP/eval.onnx"
cmp -s "$TMP/eval.nrm" "$TMP/eval.onnx" || fail "eval differs: $(diff "$TMP/eval.nrm" "$TMP/eval.onnx" | head -4)"
expect_ok "summary of PyTorch's LogSoftmax MLP" "$NEURITE" summary --model "$ONNX/torch_logsoftmax.onnx"
expect_line "log_softmax read" "log_softmax"
expect_line "elu read" "dense(20, elu)"

# ---- train --init-from a PyTorch file ending in LogSoftmax ----------------------------
awk 'BEGIN { srand(5); for (i = 0; i < 160; i++) { s = 0; for (j = 0; j < 10; j++) { v = rand() * 2 - 1; s += v * (j % 4 - 1.5);
  printf "%.4f,", v } printf "%d\n", (s > 0.6) + (s > 0) + (s > -0.6) } }' >"$TMP/ten.csv"
expect_ok "train --init-from .onnx" "$NEURITE" --threads 1 train --csv "$TMP/ten.csv" --init-from "$ONNX/torch_logsoftmax.onnx" \
  --epochs 3 --out "$TMP/ten"
expect_line "init-from named" "initialized from $ONNX/torch_logsoftmax.onnx"
expect_ok "summary of the trained model" "$NEURITE" summary --model "$TMP/ten/model.nrm"
expect_line "trained as softmax" "softmax"
grep -q "log_softmax" "$TMP/out" && fail "the trained model still ends in log_softmax"
expect_error "init-from with the wrong width" "torch_mlp\.onnx: the model takes 4 inputs but the data has 10" \
  "$NEURITE" train --csv "$TMP/ten.csv" --init-from "$ONNX/torch_mlp.onnx" --epochs 1 --out "$TMP/bad"
finish
