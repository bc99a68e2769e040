# neurite serve's ONNX export (POST /api/export/onnx, for the playground page):
# a trained model's JSON spec posted gives the ONNX file `neurite export
# --format onnx` writes for it (the same graph and weights; ONNX's checker
# and a NumPy run of it agree with neurite predict), with the input columns
# and description the request names; bad bodies are answered 400 with one
# line saying why, a body over the limit 413, each with the endpoint's
# header. Talks HTTP through bash's /dev/tcp (no curl needed).
source "$(dirname "$0")/lib.sh" "$@"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUN="$ROOT/tests/onnx/reference_run.py"

site="$TMP/site"
mkdir -p "$site"
printf '<!doctype html><title>playground</title>\n' >"$site/index.html"

start_server "$site"

# post TARGET FILE [LENGTH]: POSTs FILE's bytes to TARGET (path and query),
# saying Content-Length LENGTH (default: the file's size). The response's
# headers, CR removed, go to $TMP/headers, its body to $TMP/body.
post() {
  local length=${3:-$(wc -c <"$2")}
  : >"$TMP/response"
  if exec 3<>"/dev/tcp/127.0.0.1/$port"; then
    { printf 'POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' "$1"
      printf 'Content-Length: %s\r\nConnection: close\r\n\r\n' "$length"
      cat "$2"; } >&3 2>/dev/null
    timeout 20 cat <&3 >"$TMP/response"
    exec 3<&-
  fi
  sed -n '1,/^\r*$/p' "$TMP/response" | tr -d '\r' >"$TMP/headers"
  local head_bytes
  head_bytes=$(sed -n '1,/^\r*$/p' "$TMP/response" | wc -c)
  tail -c +$((head_bytes + 1)) "$TMP/response" >"$TMP/body"
}
status() { head -1 "$TMP/headers" | cut -d' ' -f2; }
# expect_status NAME STATUS: the last response had STATUS and the endpoint's header.
expect_status() {
  [ "$(status)" = "$2" ] || fail "$1: status '$(head -1 "$TMP/headers")', not $2 (body: $(head -c 300 "$TMP/body"))"
  grep -qi '^X-Neurite-Export: onnx$' "$TMP/headers" || fail "$1: no X-Neurite-Export header"
}
# expect_refusal NAME STATUS PATTERN: a one-line text answer matching PATTERN.
expect_refusal() {
  expect_status "$1" "$2"
  grep -qi '^Content-Type: text/plain' "$TMP/headers" || fail "$1: $(grep -i '^Content-Type' "$TMP/headers"), not text/plain"
  [ "$(wc -l <"$TMP/body")" = 1 ] || fail "$1: the answer is not one line: $(cat "$TMP/body")"
  grep -Eq -- "$3" "$TMP/body" || fail "$1: '$(cat "$TMP/body")' does not match '$3'"
}

# A trained model as the playground exports it: a JSON spec with weights.
awk 'BEGIN { srand(5); print "x1,x2,label"; for (i = 0; i < 200; i++) { a = rand() * 4 - 2; b = rand() * 4 - 2;
  printf "%.5f,%.5f,%d\n", a, b, (a * a + b * b < 1.5) } }' >"$TMP/circle.csv"
expect_ok "train" "$NEURITE" --threads 1 train --csv "$TMP/circle.csv" --scale none --hidden 4,2 --activation tanh \
  --epochs 3 --quiet --out "$TMP/circle"
expect_ok "export json" "$NEURITE" export --model "$TMP/circle/model.nrm" --output "$TMP/circle.json"

# A neurite built without ONNX says so, with the endpoint's header.
if ! "$NEURITE" export --model "$TMP/circle.json" --format onnx --output "$TMP/cli.onnx" >/dev/null 2>"$TMP/err"; then
  grep -q "built without ONNX" "$TMP/err" || fail "export --format onnx: $(cat "$TMP/err")"
  post /api/export/onnx "$TMP/circle.json"
  expect_refusal "without ONNX" 501 "built without ONNX"
  stop
  finish
fi

# The spec posted with its columns and a description.
post "/api/export/onnx?columns=x1,x2sq&doc=two%20columns" "$TMP/circle.json"
expect_status "post" 200
grep -qi '^Content-Type: application/octet-stream$' "$TMP/headers" || fail "post: $(grep -i '^Content-Type' "$TMP/headers")"
# ModelProto field 1 (ir_version), varint 8, comes first.
[ "$(head -c 2 "$TMP/body" | od -An -tx1 | tr -d ' \n')" = "0808" ] || fail "the answer does not start with ir_version 8"
cp "$TMP/body" "$TMP/served.onnx"
# Without columns: byte for byte what export writes for the same spec read
# from a file of the name the endpoint gives its source (the graph's doc
# string names it).
post /api/export/onnx "$TMP/circle.json"
expect_status "post without columns" 200
cp "$TMP/circle.json" "$TMP/the posted spec"
bin="$(cd "$(dirname "$NEURITE")" && pwd)/$(basename "$NEURITE")"
(cd "$TMP" && "$bin" export --model "the posted spec" --format onnx --output same.onnx >/dev/null) ||
  fail "export of 'the posted spec' failed"
cmp -s "$TMP/body" "$TMP/same.onnx" || fail "the endpoint's file differs from neurite export --format onnx's"

if /usr/bin/python3 -c 'import onnx, numpy' 2>/dev/null; then
  printf '0.5,-1\n-1.5,0.25\n0,0\n1.9,1.9\n' >"$TMP/in.csv"
  expect_ok "predict" "$NEURITE" predict --model "$TMP/circle.json" --input "$TMP/in.csv" --precision 9
  /usr/bin/python3 "$RUN" "$TMP/served.onnx" "$TMP/in.csv" >"$TMP/numpy" 2>"$TMP/err" || fail "NumPy run: $(cat "$TMP/err")"
  [ "$(wc -l <"$TMP/numpy")" = 4 ] || fail "NumPy run: $(wc -l <"$TMP/numpy") rows for 4 inputs"
  paste -d, "$TMP/out" "$TMP/numpy" | awk -F, '{ n = NF / 2; for (i = 1; i <= n; i++) { d = $i - $(i + n); if (d < 0) d = -d;
      if (d > 1e-6) { print; bad = 1 } } } END { exit bad }' \
    >"$TMP/diff" || fail "neurite predict and the served ONNX differ: $(head -3 "$TMP/diff")"
  /usr/bin/python3 -c 'import onnx,sys; m = onnx.load(sys.argv[1]); p = {x.key: x.value for x in m.metadata_props}
assert p["input_columns"] == "x1\nx2sq", p
assert m.graph.input[0].doc_string == "columns, in order: x1, x2sq", m.graph.input[0].doc_string
assert m.doc_string == "two columns", m.doc_string
assert "from the posted spec" in m.graph.doc_string, m.graph.doc_string' "$TMP/served.onnx" 2>"$TMP/err" ||
    fail "served metadata: $(tail -1 "$TMP/err")"
else
  echo "note: /usr/bin/python3 lacks onnx or numpy (python3-onnx): the served file's contents are not checked"
fi

# Refusals: 400 and one line naming the problem.
printf '{"input": 2, "layers": [' >"$TMP/cut.json"
post /api/export/onnx "$TMP/cut.json"
expect_refusal "cut JSON" 400 "^the posted spec: .*JSON"
printf '{"input": 2, "layers": [{"type": "dense", "units": 3, "activation": "mystery"}]}' >"$TMP/unknown.json"
post /api/export/onnx "$TMP/unknown.json"
expect_refusal "unknown activation" 400 "^the posted spec: layers\[0\]\.activation: unknown activation \"mystery\""
printf '{"input": 2, "layers": [{"type": "dense", "units": 1, "activation": "sigmoid"}]}' >"$TMP/untrained.json"
post /api/export/onnx "$TMP/untrained.json"
expect_refusal "no weights" 400 "^the posted spec has weights for 0 of its 3 parameters: post a trained model"
: >"$TMP/empty"
post /api/export/onnx "$TMP/empty"
expect_refusal "empty body" 400 "no body"
post "/api/export/onnx?columns=x1,x2,x3" "$TMP/circle.json"
expect_refusal "column count" 400 "^columns: 3 names \(x1, x2, x3\) for a model of 2 inputs"
post "/api/export/onnx?columns=x1," "$TMP/circle.json"
expect_refusal "empty column" 400 "^columns: name 2 is empty"
# A body over 16 MiB is refused before it is read.
post /api/export/onnx "$TMP/circle.json" $((16 * 1024 * 1024 + 1))
expect_refusal "too big" 413 "over the limit of 16 MiB.*neurite export --format onnx"

# Only POST: the path is no file.
: >"$TMP/response"
if exec 3<>"/dev/tcp/127.0.0.1/$port"; then
  printf 'GET /api/export/onnx HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
  timeout 10 cat <&3 >"$TMP/response"
  exec 3<&-
fi
head -1 "$TMP/response" | grep -q "^HTTP/1\.[01] 404 " || fail "GET /api/export/onnx: $(head -1 "$TMP/response")"
kill -0 "$server" 2>/dev/null || fail "the server stopped"
stop
finish
