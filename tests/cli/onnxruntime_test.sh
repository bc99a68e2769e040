# onnxruntime runs neurite's ONNX exports: each model is exported with
# `neurite export --format onnx`, run by onnxruntime (the npm package
# onnxruntime-node, through tests/onnx/ort_run.mjs) and by `neurite predict`
# on the same inputs, and every output agrees within 1e-5 (relative): a
# 784-256-128-10 MNIST model trained here on the real digits (100 test
# digits), a regression model, the playground engine's export
# (tests/data/playground_export.json on its own test points) and a spec with
# every activation (tests/data/onnx/all_activations.json).
source "$(dirname "$0")/lib.sh" "$@"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ORT="$ROOT/tests/onnx"
pinned=$(sed -n 's/^ *"onnxruntime-node": "\([0-9.]*\)".*/\1/p' "$ORT/package.json")
installed=$(sed -n 's/^ *"version": "\([0-9.]*\)".*/\1/p' "$ORT/node_modules/onnxruntime-node/package.json" 2>/dev/null | head -n 1)
if ! command -v node >/dev/null; then
  echo "FAIL: node is not installed (scripts/setup.sh test installs it)"; exit 1
fi
if [ -z "$installed" ]; then
  echo "FAIL: onnxruntime-node is not installed in tests/onnx/node_modules (scripts/setup.sh test installs it)"; exit 1
fi
if [ "$installed" != "$pinned" ]; then
  echo "FAIL: tests/onnx has onnxruntime-node $installed, tests/onnx/package.json pins $pinned (scripts/setup.sh test reinstalls it)"; exit 1
fi

# agree NAME MODEL INPUTS: neurite predict and onnxruntime on the export,
# value by value: |a − b| ≤ 1e-5 · max(|a|, |b|) + 1e-9.
agree() {
  local name=$1 model=$2 inputs=$3
  expect_ok "$name: export" "$NEURITE" export --model "$model" --format onnx --output "$TMP/$name.onnx"
  expect_ok "$name: predict" "$NEURITE" predict --model "$model" --input "$inputs" --precision 9
  cp "$TMP/out" "$TMP/$name.neurite"
  node "$ORT/ort_run.mjs" "$TMP/$name.onnx" "$inputs" >"$TMP/$name.ort" 2>"$TMP/err" || { fail "$name: onnxruntime: $(cat "$TMP/err")"; return; }
  local rows; rows=$(wc -l <"$TMP/$name.neurite")
  [ "$rows" -gt 0 ] && [ "$(wc -l <"$TMP/$name.ort")" = "$rows" ] || { fail "$name: row counts differ"; return; }
  paste -d, "$TMP/$name.neurite" "$TMP/$name.ort" | awk -F, -v name="$name" '
    { n = NF / 2; for (i = 1; i <= n; i++) { a = $i; b = $(i + n); d = a - b; if (d < 0) d = -d;
        m = (a < 0 ? -a : a); if ((b < 0 ? -b : b) > m) m = (b < 0 ? -b : b);
        if (m > 0 && d / m > worst) worst = d / m;
        if (d > 1e-5 * m + 1e-9) { printf "%s row %d column %d: neurite %s, onnxruntime %s\n", name, NR, i, a, b; bad = 1 } } }
    END { if (!bad) printf "%s: %d rows agree, largest relative difference %.2g\n", name, NR, worst; exit bad }' >"$TMP/diff" &&
    cat "$TMP/diff" || fail "$(head -3 "$TMP/diff")"
}

# MNIST: the README's 784-256-128-10 network, one epoch on the real digits,
# then the first 100 test digits as CSV rows of raw pixels (the IDX file
# after its 16-byte header), which the export's Sub/Mul scale as neurite does.
expect_ok "train mnist" "$NEURITE" --threads 1 train --data "$ROOT/data" --epochs 1 --quiet --out "$TMP/mnist"
grep -q "^test accuracy: 9[0-9]\." "$TMP/out" || fail "mnist: a trained model should pass 90 %: $(grep 'test accuracy' "$TMP/out")"
images="$ROOT/data/mnist/t10k-images-idx3-ubyte"
od -An -v -tu1 -j16 -N $((100 * 784)) "$images" |
  awk '{ for (i = 1; i <= NF; i++) { printf "%s%s", (k % 784 ? "," : ""), $i; if (++k % 784 == 0) printf "\n" } }' >"$TMP/digits.csv"
[ "$(wc -l <"$TMP/digits.csv")" = 100 ] || fail "mnist: 100 rows of pixels expected in digits.csv"
# The CSV rows are the IDX file's first 100 digits: neurite predicts the same on both.
expect_ok "mnist: predict idx" "$NEURITE" predict --model "$TMP/mnist/model.nrm" --input "$images" --precision 9
head -n 100 "$TMP/out" >"$TMP/mnist.idx_pred"
agree mnist "$TMP/mnist/model.nrm" "$TMP/digits.csv"
cmp -s "$TMP/mnist.idx_pred" "$TMP/mnist.neurite" || fail "mnist: predictions on the CSV rows differ from those on the IDX file"

# A regression model (identity output, min-max scaling, tanh), on rows of its own table.
awk 'BEGIN { srand(3); print "x1,x2,y"; for (i = 0; i < 200; i++) { a = rand() * 10; b = rand() - 0.5;
  printf "%.5f,%.5f,%.5f\n", a, b, a * b + 1 } }' >"$TMP/reg.csv"
expect_ok "train regression" "$NEURITE" --threads 1 train --csv "$TMP/reg.csv" --regression --scale minmax --hidden 16,8 \
  --activation tanh --epochs 40 --quiet --out "$TMP/reg"
tail -n +2 "$TMP/reg.csv" | head -n 60 | cut -d, -f1,2 >"$TMP/reg_in.csv"
agree regression "$TMP/reg/model.nrm" "$TMP/reg_in.csv"

# The playground's export (7 input features, relu and tanh layers, softmax
# over 3 classes; written by tests/onnx/playground_fixture.mjs with the
# WebAssembly engine), on the page's test points.
agree playground "$DATA/playground_export.json" "$DATA/playground_inputs.csv"

# Every activation and a dropout layer (the spec the export and import tests
# use), on their rows and on random rows around 0, where the activations bend.
cp "$DATA/onnx/all_activations_inputs.csv" "$TMP/all_in.csv"
awk 'BEGIN { srand(11); for (i = 0; i < 60; i++) printf "%.6f,%.6f,%.6f\n", rand() * 8 - 4, rand() * 8 - 4, rand() * 8 - 4 }' >>"$TMP/all_in.csv"
agree all_activations "$DATA/onnx/all_activations.json" "$TMP/all_in.csv"

# Several threads give the same outputs (within the same bound).
node "$ORT/ort_run.mjs" --threads 2 "$TMP/mnist.onnx" "$TMP/digits.csv" >"$TMP/mnist.ort2" 2>"$TMP/err" || fail "mnist, 2 threads: $(cat "$TMP/err")"
paste -d, "$TMP/mnist.ort" "$TMP/mnist.ort2" | awk -F, '{ n = NF / 2; for (i = 1; i <= n; i++) { d = $i - $(i + n); if (d < 0) d = -d;
  if (d > 1e-5 * ($i < 0 ? -$i : $i) + 1e-9) bad = 1 } } END { exit bad }' || fail "mnist: onnxruntime's outputs change with 2 threads"
finish
