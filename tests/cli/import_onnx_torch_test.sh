# ONNX files written by PyTorch 1.13's exporter (tests/onnx/make_torch_models.py):
# neurite summary reads each one, and neurite predict on each file's seeded
# inputs gives PyTorch's own float32 outputs within 1e-5 (relative). Between
# them the files hold Gemm (transB=1; and alpha 2, beta 0.5 with no transB),
# MatMul + Add, Flatten of a [batch,1,6,6] input, Constant-shaped Reshapes,
# and Relu, Sigmoid, Tanh, Elu, LeakyRelu, Softmax and LogSoftmax.
source "$(dirname "$0")/lib.sh" "$@"
DIR="$DATA/onnx"

# agree NAME: predict on NAME_inputs.csv matches NAME_expected.csv.
agree() {
  local name=$1
  expect_ok "$name: summary" "$NEURITE" summary --model "$DIR/$name.onnx"
  expect_ok "$name: predict" "$NEURITE" predict --model "$DIR/$name.onnx" --input "$DIR/${name}_inputs.csv" --precision 9
  [ "$(wc -l <"$TMP/out")" = "$(wc -l <"$DIR/${name}_expected.csv")" ] || { fail "$name: row counts differ"; return; }
  paste -d, "$TMP/out" "$DIR/${name}_expected.csv" | awk -F, -v name="$name" -v want="$(head -1 "$DIR/${name}_expected.csv" | awk -F, '{ print NF }')" '
    NF != 2 * want { printf "%s row %d: %d columns, PyTorch has %d\n", name, NR, NF - want, want; bad = 1; next }
    { for (i = 1; i <= want; i++) { a = $i; b = $(i + want); d = a - b; if (d < 0) d = -d;
        m = (a < 0 ? -a : a); if ((b < 0 ? -b : b) > m) m = (b < 0 ? -b : b);
        if (d > 1e-5 * m + 1e-9) { printf "%s row %d column %d: neurite %s, PyTorch %s\n", name, NR, i, a, b; bad = 1 } } }
    END { exit bad }' >"$TMP/diff" || fail "$(head -3 "$TMP/diff")"
}

agree torch_mlp          # Gemm, Relu, Tanh, Softmax(axis=1)
agree torch_flatten      # Flatten of [batch,1,6,6]: 36 columns a row, Sigmoid
agree torch_logsoftmax   # Elu(0.5), LeakyRelu(0.1), LogSoftmax(axis=1); the Dropout is not in the file
agree torch_matmul       # MatMul + Add with the weight stored [in, out]
agree torch_gemm_attrs   # Constant -> Reshape to rows, Gemm alpha 2 beta 0.5 transB 0
finish
