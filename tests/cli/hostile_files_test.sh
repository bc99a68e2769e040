# Hostile input files: truncated and damaged model files, IDX headers that
# lie, ragged / NaN / huge / odd CSV files, hostile JSON specs, and requests
# larger than this machine's memory. Each must give one clear error line that
# names the file, a non-zero exit, no crash and bounded memory — or, for the
# odd-but-valid files (BOM, CRLF), the same numbers as the plain file.
source "$(dirname "$0")/lib.sh" "$@"
SPEC="$DATA/xor_step.json"  # 2 inputs

# ---- model files: truncated and bit-flipped -------------------------------------------
awk 'BEGIN { srand(7); for (i = 0; i < 60; i++) { a = rand(); b = rand(); printf "%.4f,%.4f,%d\n", a, b, (a > b) } }' \
  >"$TMP/two.csv"
expect_ok "train a small model" "$NEURITE" --threads 1 train --csv "$TMP/two.csv" --hidden 4 --epochs 2 \
  --batch-size 8 --quiet --out "$TMP/m"
MODEL="$TMP/m/model.nrm"
expect_ok "summary of the intact model" "$NEURITE" summary --model "$MODEL"
printf '0.2,0.9\n0.8,0.1\n' >"$TMP/rows.csv"
size=$(wc -c <"$MODEL")

# run_all NAME PATTERN FILE: summary, predict and eval all refuse FILE.
run_all() {
  expect_error "$1 (summary)" "$2" "$NEURITE" summary --model "$3"
  expect_error "$1 (predict)" "$2" "$NEURITE" predict --model "$3" --input "$TMP/rows.csv"
  expect_error "$1 (eval)" "$2" "$NEURITE" eval --model "$3" --csv "$TMP/two.csv"
}
head -c 10 "$MODEL" >"$TMP/stub.nrm"
run_all "model cut to 10 bytes" "stub\.nrm is not a neurite model file \(too short\)" "$TMP/stub.nrm"
head -c 100 "$MODEL" >"$TMP/head.nrm"
run_all "model cut in its header" "head\.nrm is truncated" "$TMP/head.nrm"
head -c $((size - 9)) "$MODEL" >"$TMP/tail.nrm"
run_all "model cut in its parameters" "tail\.nrm is truncated \(its header describes $size bytes" "$TMP/tail.nrm"
: >"$TMP/empty.nrm"
run_all "empty model file" "empty\.nrm is not a neurite model file \(too short\)" "$TMP/empty.nrm"
# flip_bit FILE OFFSET: XOR one byte of FILE with 0x10.
flip_bit() {
  local byte
  byte=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
  printf "\\$(printf '%03o' $((byte ^ 16)))" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
for at in 60 $((size - 20)) $((size - 2)); do  # in the JSON header, in a parameter, in the checksum
  cp "$MODEL" "$TMP/flip$at.nrm"
  flip_bit "$TMP/flip$at.nrm" "$at"
  cmp -s "$MODEL" "$TMP/flip$at.nrm" && fail "bit flip at $at changed nothing"
  run_all "bit flipped at byte $at" "flip$at\.nrm is corrupted \(checksum mismatch\)" "$TMP/flip$at.nrm"
done
expect_error "model is a directory" "$TMP/m: cannot open model (file|spec): it is a directory" \
  "$NEURITE" eval --model "$TMP/m" --csv "$TMP/two.csv"

# ---- IDX headers that lie --------------------------------------------------------------
# 10⁹ images of 28 × 28 in a 116-byte file.
{ printf '\0\0\10\3\073\232\312\0\0\0\0\034\0\0\0\034'; head -c 100 /dev/zero; } >"$TMP/billion-idx3-ubyte"
expect_error "IDX claiming 10^9 items" "billion-idx3-ubyte: truncated IDX file: sizes 1000000000 × 28 × 28" \
  "$NEURITE" predict --model "$SPEC" --input "$TMP/billion-idx3-ubyte"
{ printf '\0\0\10\310'; head -c 800 /dev/zero; } >"$TMP/rank200-idx3-ubyte"
expect_error "IDX rank 200" "rank200-idx3-ubyte: IDX rank 200 is outside 1 … 16" \
  "$NEURITE" predict --model "$SPEC" --input "$TMP/rank200-idx3-ubyte"
{ printf '\0\0\10\4'; head -c 16 /dev/zero | tr '\0' '\377'; } >"$TMP/overflow-idx3-ubyte"
expect_error "IDX sizes overflowing" "overflow-idx3-ubyte: IDX sizes .* too large" \
  "$NEURITE" predict --model "$SPEC" --input "$TMP/overflow-idx3-ubyte"

# ---- CSV ------------------------------------------------------------------------------------
printf '0,0\n1,1\n1,0,1\n' >"$TMP/ragged.csv"
expect_error "ragged row" "ragged\.csv:3: expected 2 columns, got 3" "$NEURITE" predict --model "$SPEC" --input "$TMP/ragged.csv"
printf '0,0\n1,NaN\n' >"$TMP/nan.csv"
expect_error "NaN cell" "nan\.csv:2:2: NaN is not allowed" "$NEURITE" predict --model "$SPEC" --input "$TMP/nan.csv"
printf 'a,b\n0,0\n-inf,1\n' >"$TMP/inf.csv"
expect_error "Inf cell" "inf\.csv:3:1: Inf is not allowed" "$NEURITE" predict --model "$SPEC" --input "$TMP/inf.csv"
printf 'x,y,label\n0.5,0.5,1\n0.1,nan,0\n' >"$TMP/nan_train.csv"
expect_error "NaN cell in training data" "nan_train\.csv:3:2: NaN is not allowed" \
  "$NEURITE" train --csv "$TMP/nan_train.csv" --quiet --out "$TMP/never"
: >"$TMP/empty.csv"
expect_error "empty CSV" "empty\.csv: empty file" "$NEURITE" predict --model "$SPEC" --input "$TMP/empty.csv"
printf '\n \r\n' >"$TMP/blank.csv"
expect_error "blank CSV" "blank\.csv: empty file" "$NEURITE" predict --model "$SPEC" --input "$TMP/blank.csv"
mkdir "$TMP/dir.csv"
expect_error "directory as CSV" "dir\.csv: cannot open CSV file: it is a directory" \
  "$NEURITE" predict --model "$SPEC" --input "$TMP/dir.csv"
expect_error "directory as training CSV" "dir\.csv: cannot open CSV file: it is a directory" \
  "$NEURITE" train --csv "$TMP/dir.csv" --quiet --out "$TMP/never"
# A file whose read fails (reading /proc/self/mem at offset 0 is EIO), for
# root as for anyone.
expect_error "unreadable CSV (read error)" "/proc/self/mem: cannot read CSV file: Input/output error" \
  "$NEURITE" predict --model "$SPEC" --input /proc/self/mem
# A file without read permission. Root reads any file, so as root the command
# runs as nobody (setpriv, util-linux); the binary and the spec are copied
# where nobody can reach them.
printf '0,0\n' >"$TMP/locked.csv"
chmod 000 "$TMP/locked.csv"
if [ "$(id -u)" = 0 ]; then
  chmod 711 "$TMP"
  mkdir -m 755 "$TMP/pub"
  cp "$NEURITE" "$TMP/pub/neurite" && cp "$SPEC" "$TMP/pub/spec.json" && chmod 755 "$TMP/pub/neurite" && chmod 644 "$TMP/pub/spec.json"
  expect_error "unreadable CSV (no permission, as nobody)" "locked\.csv: cannot open CSV file: Permission denied" \
    setpriv --reuid=65534 --regid=65534 --clear-groups "$TMP/pub/neurite" predict --model "$TMP/pub/spec.json" \
    --input "$TMP/locked.csv"
else
  expect_error "unreadable CSV (no permission)" "locked\.csv: cannot open CSV file: Permission denied" \
    "$NEURITE" predict --model "$SPEC" --input "$TMP/locked.csv"
fi

# UTF-8 BOM and CRLF: the same numbers as the plain file.
expect_ok "plain CSV" "$NEURITE" predict --model "$SPEC" --input "$DATA/xor_inputs.csv"
cp "$TMP/out" "$TMP/plain.out"
{ printf '\357\273\277'; sed 's/$/\r/' "$DATA/xor_inputs.csv"; } >"$TMP/bom_crlf.csv"
expect_ok "BOM + CRLF CSV" "$NEURITE" predict --model "$SPEC" --input "$TMP/bom_crlf.csv"
cmp -s "$TMP/out" "$TMP/plain.out" || fail "BOM + CRLF predictions differ: $(cat "$TMP/out")"
{ printf '\357\273\277x,y\r\n'; sed 's/$/\r/' "$DATA/xor_inputs.csv"; } >"$TMP/bom_header.csv"
expect_ok "BOM + header + CRLF CSV" "$NEURITE" predict --model "$SPEC" --input "$TMP/bom_header.csv"
cmp -s "$TMP/out" "$TMP/plain.out" || fail "BOM + header predictions differ: $(cat "$TMP/out")"
# Training on the BOM + CRLF copy of a table gives the same model, byte for byte.
{ printf '\357\273\277'; sed 's/$/\r/' "$TMP/two.csv"; } >"$TMP/two_crlf.csv"
expect_ok "train on BOM + CRLF" "$NEURITE" --threads 1 train --csv "$TMP/two_crlf.csv" --hidden 4 --epochs 2 \
  --batch-size 8 --quiet --out "$TMP/m_crlf"
cmp -s "$TMP/m/model.nrm" "$TMP/m_crlf/model.nrm" || fail "training on BOM + CRLF gave a different model"

# 100 MB on one line, no newline: fails quickly with bounded memory. The
# virtual memory is capped at 1 GiB (an allocation beyond it fails, which
# would show as a different message); ASan builds reserve terabytes of
# virtual memory, so there the cap is left off.
run_capped() {
  if [ "${NEURITE_SANITIZED:-0}" = 1 ]; then "$@"; else (ulimit -v 1048576 && exec "$@"); fi
}
yes 0 | head -c 1000000 | tr '\n' ',' >"$TMP/chunk"
for i in $(seq 100); do cat "$TMP/chunk"; done >"$TMP/line.csv"
[ "$(wc -c <"$TMP/line.csv")" = 100000000 ] || fail "line.csv is not 100 MB"
start=$(date +%s)
expect_error "100 MB line of cells" "line\.csv:1:1000001: more than 1000000 columns in one row" \
  run_capped "$NEURITE" predict --model "$SPEC" --input "$TMP/line.csv"
expect_error "100 MB line of cells (train)" "line\.csv:1:1000001: more than 1000000 columns in one row" \
  run_capped "$NEURITE" train --csv "$TMP/line.csv" --quiet --out "$TMP/never"
head -c 100000000 /dev/zero | tr '\0' '7' >"$TMP/cell.csv"
expect_error "100 MB single cell" "cell\.csv:1:1: number out of range for float: \"7{30,40}\.\.\.\"" \
  run_capped "$NEURITE" predict --model "$SPEC" --input "$TMP/cell.csv"
[ $(($(date +%s) - start)) -le 30 ] || fail "the 100 MB files took $(($(date +%s) - start)) s"
# Under a memory limit smaller than the file (100,000 KiB of address space),
# the allocation itself fails: still one line, not an abort.
if [ "${NEURITE_SANITIZED:-0}" != 1 ]; then
  expect_error "allocation beyond a process memory limit" "^error: out of memory \(a memory limit of this process" \
    bash -c 'ulimit -v 100000 && exec "$0" predict --model "$1" --input "$2"' "$NEURITE" "$SPEC" "$TMP/cell.csv"
fi
rm -f "$TMP/line.csv" "$TMP/cell.csv" "$TMP/chunk"

# ---- hostile JSON specs -----------------------------------------------------------------------
spec_error() {  # NAME PATTERN JSON-TEXT
  printf '%s' "$3" >"$TMP/spec.json"
  expect_error "$1" "$2" "$NEURITE" summary --model "$TMP/spec.json"
}
spec_error "zero units" "spec\.json: layers\[0\]\.units: expected an integer ≥ 1, got 0" \
  '{"input": 2, "layers": [{"type": "dense", "units": 0}]}'
spec_error "negative input" "spec\.json: input: expected an integer ≥ 1, got -5" \
  '{"input": -5, "layers": [{"type": "dense", "units": 1}]}'
spec_error "huge units" "spec\.json: layers\[0\]\.units: at most 1000000 units are supported, got 1000000000000" \
  '{"input": 2, "layers": [{"type": "dense", "units": 1000000000000}]}'
spec_error "units beyond 64 bits" "spec\.json: layers\[0\]\.units: " \
  '{"input": 2, "layers": [{"type": "dense", "units": 1e30}]}'
spec_error "too many parameters" "spec\.json: layers\[0\]: the network would have [0-9]+ parameters; at most 2147483648" \
  '{"input": 100000, "layers": [{"type": "dense", "units": 1000000}, {"type": "dense", "units": 1000000}]}'
spec_error "duplicate key" "spec\.json: duplicate key \"input\"" \
  '{"input": 2, "input": 3, "layers": [{"type": "dense", "units": 1}]}'
spec_error "duplicate key in a layer" "spec\.json: layers\[0\]: duplicate key \"units\"" \
  '{"input": 2, "layers": [{"type": "dense", "units": 1, "units": 2}]}'
# 100000-deep nesting: refused while parsing, not a stack overflow.
{ printf '{"input": 2, "layers": '; head -c 100000 /dev/zero | tr '\0' '['; } >"$TMP/deep.json"
expect_error "100000-deep nesting" "deep\.json: layers\[0\].*: JSON nested deeper than 64 levels" \
  "$NEURITE" summary --model "$TMP/deep.json"
{ head -c 100000 /dev/zero | tr '\0' '['; head -c 100000 /dev/zero | tr '\0' ']'; } >"$TMP/deep2.json"
expect_error "100000-deep nesting, well-formed" "deep2\.json: .*JSON nested deeper than 64 levels" \
  "$NEURITE" summary --model "$TMP/deep2.json"
# A layer list of 10⁶ entries.
{ printf '{"input": 2, "layers": ['; yes '{"type": "dropout", "rate": 0},' | head -n 999999 | tr -d '\n'
  printf '{"type": "dense", "units": 1}]}'; } >"$TMP/long.json"
expect_error "10^6 layers" "long\.json: layers: at most 10000 layers are supported" \
  "$NEURITE" summary --model "$TMP/long.json"
# 50 MB strings: as a value, as a key, unterminated. The message stays short.
head -c 50000000 /dev/zero | tr '\0' 'x' >"$TMP/x50"
{ printf '{"format": "'; cat "$TMP/x50"; printf '", "input": 2, "layers": [{"type": "dense", "units": 1}]}'; } >"$TMP/s1.json"
# short_error: the last command's message is one short line.
short_error() { [ "$(wc -c <"$TMP/err")" -lt 400 ] || fail "$1: the message is $(wc -c <"$TMP/err") bytes long"; }
expect_error "50 MB string value" "s1\.json: format: expected \"neurite-spec\", got \"x{30,40}\.\.\.\"$" \
  "$NEURITE" summary --model "$TMP/s1.json"
short_error "50 MB string value"
{ printf '{"input": 2, "layers": [{"type": "dense", "units": 1, "'; cat "$TMP/x50"; printf '": 1}]}'; } >"$TMP/s2.json"
expect_error "50 MB key" "s2\.json: layers\[0\]: unknown key \"x{30,40}\.\.\.\" \(a dense layer takes: " \
  "$NEURITE" summary --model "$TMP/s2.json"
short_error "50 MB key"
{ printf '{"input": 2, "layers": [{"type": "'; cat "$TMP/x50"; } >"$TMP/s3.json"
expect_error "50 MB unterminated string" "s3\.json: invalid JSON" "$NEURITE" summary --model "$TMP/s3.json"
short_error "50 MB unterminated string"
{ printf '{"input": 2, "layers": [{"type": "dense", "units": 1, "activation": "'; cat "$TMP/x50"; printf '"}]}'; } >"$TMP/s4.json"
expect_error "50 MB activation name" "s4\.json: layers\[0\]\.activation: unknown activation \"x{30,40}\.\.\.\"" \
  "$NEURITE" summary --model "$TMP/s4.json"
short_error "50 MB activation name"
rm -f "$TMP"/x50 "$TMP"/s[1234].json "$TMP/long.json"

# A device that never ends is read up to the 256 MiB limit for streams, then refused.
expect_error "endless input (/dev/zero)" "/dev/zero: cannot read .*not a regular file, and longer than 256.0 MiB" \
  run_capped "$NEURITE" predict --model "$SPEC" --input /dev/zero

# ---- requests beyond this machine's memory ---------------------------------------------------
# A 1-input network widened to 10⁶ units, then 10⁴ activation layers: 2 · 10⁶
# parameters, but a batch's activations take terabytes. Training refuses it
# before building the network; predicting, before the first batch.
{ printf '{"input": 1, "layers": [{"type": "dense", "units": 1000000, "activation": "relu"}'
  yes ', {"type": "activation", "activation": "relu"}' | head -n 9998 | tr -d '\n'
  printf ', {"type": "dense", "units": 2, "activation": "softmax"}]}'; } >"$TMP/wide.json"
awk 'BEGIN { for (i = 0; i < 40; i++) printf "%d,%d\n", i, i % 2 }' >"$TMP/one.csv"
awk 'BEGIN { for (i = 0; i < 40; i++) printf "%d\n", i }' >"$TMP/one_input.csv"
expect_error "batch activations beyond memory" \
  "wide\.json: training this network \(4000002 parameters, .* a batch of 16 rows\) needs [0-9.]+ [GTP]iB; this machine has [0-9.]+ [GT]iB of memory" \
  run_capped "$NEURITE" --threads 1 train --model "$TMP/wide.json" --csv "$TMP/one.csv" --batch-size 16 --epochs 1 \
  --quiet --out "$TMP/never"
expect_error "prediction activations beyond memory" "network: a batch of 40 rows .* needs [0-9.]+ [GTP]iB; this machine has" \
  run_capped "$NEURITE" predict --model "$TMP/wide.json" --input "$TMP/one_input.csv"
expect_error "train --hidden beyond memory" "--hidden: .*needs [0-9.]+ [GTP]iB; this machine has [0-9.]+ [GT]iB of memory" \
  run_capped "$NEURITE" --threads 1 train --csv "$TMP/one.csv" --hidden 1000000,1000000,1000000 --quiet --out "$TMP/never"
printf '{"input": 2, "layers": [{"type": "dense", "units": 1000000}, {"type": "dense", "units": 1000000}, {"type": "dense", "units": 2}]}' \
  >"$TMP/big.json"
expect_error "train with a spec beyond the parameter limit" "big\.json: layers\[1\]: the network would have 1000004000000 parameters; at most 2147483648 are supported" \
  run_capped "$NEURITE" --threads 1 train --model "$TMP/big.json" --csv "$TMP/two.csv" --quiet --out "$TMP/never"

echo "hostile input: $errors_checked commands refused their input with one clear error line"
finish
