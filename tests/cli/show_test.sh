# neurite show on real MNIST: the terminal picture matches the IDX pixels,
# the label is the IDX label, a model's probabilities sum to 1 and its
# prediction agrees with neurite predict, the gallery holds real mistakes in
# descending confidence, and the confusion heat map counts all 10,000 digits.
source "$(dirname "$0")/lib.sh" "$@"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
MNIST="$ROOT/data/mnist"
if [ ! -f "$MNIST/t10k-images-idx3-ubyte" ]; then
  echo "FAIL: MNIST not found in $MNIST (scripts/fetch_data.sh fetches it)"; exit 1
fi
export LC_ALL=C.UTF-8
IMAGES="$MNIST/t10k-images-idx3-ubyte"
LABELS="$MNIST/t10k-labels-idx1-ubyte"
idx_label() { od -An -tu1 -j $((8 + $1)) -N1 "$LABELS" | tr -d ' '; }
# Ink pixels (>= 128) of test digit $1 per pair of rows, as the picture shows them.
idx_ink() {
  od -An -v -tu1 -j $((16 + 784 * $1)) -N784 "$IMAGES" | tr -s ' ' '\n' | grep -v '^$' |
    awk '{ if ($1 >= 128) ink[int((NR - 1) / 56)]++ } END { for (r = 0; r < 14; r++) printf "%d ", ink[r] + 0; print "" }'
}
# Ink pixels per picture line (█ is two, ▀ and ▄ one).
picture_ink() {
  grep '^|' "$TMP/out" | head -14 | while IFS= read -r line; do
    full=$(printf '%s' "$line" | grep -o '█' | wc -l)
    half=$(printf '%s' "$line" | grep -o '[▀▄]' | wc -l)
    printf '%d ' $((2 * full + half))
  done
  echo
}

# The digits alone.
expect_ok "show 0" "$NEURITE" show --index 0 --data "$ROOT/data" --out "$FIG"
[ "$(grep -c '^|' "$TMP/out")" = 14 ] || fail "the picture has $(grep -c '^|' "$TMP/out") rows, not 14"
width=$(grep '^|' "$TMP/out" | head -1 | wc -m)
[ "$width" = 31 ] || fail "a picture row is $((width - 1)) characters wide, not 30 (28 and the frame)"
grep -q "^MNIST test digit 0: label $(idx_label 0)\$" "$TMP/out" || fail "label of digit 0 is not the IDX label $(idx_label 0)"
got=$(picture_ink); want=$(idx_ink 0)
[ "$got" = "$want" ] || fail "digit 0's ink per row is '$got', the IDX pixels give '$want'"
centre=$(grep '^|' "$TMP/out" | sed -n 5,10p | grep -o '[█▀▄]' | wc -l)
[ "$centre" -gt 10 ] || fail "digit 0's centre rows are nearly empty ($centre ink characters)"
[ -z "$(grep '^|' "$TMP/out" | head -1 | tr -d '| ')" ] || fail "the top row of digit 0 should be blank (MNIST's margin)"
check_figure digits.svg
[ "$(grep -c 'class="pixel"' "$FIG/digits.svg")" -gt 50 ] || fail "digits.svg has almost no ink"

expect_ok "show train" "$NEURITE" show --index 3 --set train --data "$ROOT/data" --out "$FIG"
train_label=$(od -An -tu1 -j 11 -N1 "$MNIST/train-labels-idx1-ubyte" | tr -d ' ')
grep -q "^MNIST train digit 3: label $train_label\$" "$TMP/out" || fail "train digit 3 is not labelled $train_label"

expect_error "index out of range" "index 10000 is out of range" "$NEURITE" show --index 10000 --data "$ROOT/data" --out "$FIG"
expect_error "gallery without model" "needs a model" "$NEURITE" show --misclassified 5 --data "$ROOT/data" --out "$FIG"
expect_error "bad set" "must be test or train" "$NEURITE" show --set valid --data "$ROOT/data" --out "$FIG"

# A small model, one epoch.
expect_ok "train" "$NEURITE" --threads 1 train --data "$ROOT/data" --hidden 32 --batch-size 128 --seed 5 --quiet \
  --epochs 1 --out "$TMP/m"
MODEL="$TMP/m/model.nrm"
expect_ok "predict" "$NEURITE" --threads 1 predict --model "$MODEL" --input "$IMAGES" --classes
cp "$TMP/out" "$TMP/classes"

expect_ok "show with model" "$NEURITE" --threads 1 show --index 1,2 --model "$MODEL" --data "$ROOT/data" --out "$FIG"
[ "$(grep -c '^|' "$TMP/out")" = 28 ] || fail "two digits should give 28 picture rows"
for i in 1 2; do
  grep -q "^MNIST test digit $i: label $(idx_label "$i")\$" "$TMP/out" || fail "label of digit $i is not $(idx_label "$i")"
done
# The probabilities of the first digit: ten lines, summing to 1, argmax = the prediction = neurite predict's.
awk '/^probabilities:/ { n++ } n == 1 && /^  [0-9] [0-9.]+/ { print $1, $2 }' "$TMP/out" >"$TMP/probs"
[ "$(wc -l <"$TMP/probs")" = 10 ] || fail "expected ten probabilities: $(cat "$TMP/probs")"
awk '{ s += $2 } END { exit !(s > 0.998 && s < 1.002) }' "$TMP/probs" || fail "probabilities do not sum to 1: $(cat "$TMP/probs")"
argmax=$(sort -k2,2gr "$TMP/probs" | head -1 | cut -d' ' -f1)
pred=$(sed -n 's/^prediction: \([0-9]\) .*/\1/p' "$TMP/out" | head -1)
[ "$pred" = "$argmax" ] || fail "prediction $pred is not the most probable class $argmax"
[ "$pred" = "$(sed -n 2p "$TMP/classes" | cut -d. -f1)" ] || fail "show predicts $pred for digit 1, neurite predict $(sed -n 2p "$TMP/classes")"
check_figure digits.svg
[ "$(grep -c 'class="prob-bar"' "$FIG/digits.svg")" = 20 ] || fail "digits.svg should have ten probability bars per digit"

# The gallery: mistakes, most confident first.
expect_ok "misclassified" "$NEURITE" --threads 1 show --misclassified 12 --model "$MODEL" --data "$ROOT/data" --out "$FIG"
paste -d' ' <(cut -d. -f1 "$TMP/classes") <(od -An -v -tu1 -j 8 "$LABELS" | tr -s ' ' '\n' | grep -v '^$') \
  | awk '$1 != $2' | wc -l >"$TMP/wrong"
grep -q "^$(cat "$TMP/wrong") of 10000 test digits misclassified" "$TMP/out" \
  || fail "the count of mistakes is not predict's $(cat "$TMP/wrong"): $(grep misclassified "$TMP/out")"
awk '/^  rank/ { on = 1; next } on && NF == 5 { print }' "$TMP/out" >"$TMP/gallery"
[ "$(wc -l <"$TMP/gallery")" = 12 ] || fail "the gallery lists $(wc -l <"$TMP/gallery") digits, not 12"
prev=2
while read -r rank index truth predicted confidence; do
  [ "$truth" = "$(idx_label "$index")" ] || fail "gallery #$rank: digit $index is labelled $(idx_label "$index"), not $truth"
  [ "$predicted" != "$truth" ] || fail "gallery #$rank: digit $index is predicted correctly"
  [ "$predicted" = "$(sed -n "$((index + 1))p" "$TMP/classes" | cut -d. -f1)" ] || fail "gallery #$rank: predict disagrees"
  awk -v c="$confidence" -v p="$prev" 'BEGIN { exit !(c <= p && c > 0.1) }' || fail "gallery #$rank: confidence $confidence after $prev"
  prev=$confidence
done <"$TMP/gallery"
check_figure misclassified.svg
[ "$(grep -c 'class="image"' "$FIG/misclassified.svg")" = 12 ] || fail "misclassified.svg should show 12 digits"

# The confusion matrix: 100 cells counting all 10,000 digits; its diagonal is eval's count.
expect_ok "eval" "$NEURITE" --threads 1 eval --model "$MODEL" --data "$ROOT/data"
correct=$(sed -n 's/^accuracy: [0-9.]*% (\([0-9]*\) of 10000)/\1/p' "$TMP/out")
expect_ok "confusion" "$NEURITE" --threads 1 show --confusion --model "$MODEL" --data "$ROOT/data" --out "$FIG"
check_figure confusion.svg
sed -n 's/.*class="cell-value"[^>]*>\([0-9]*\)<\/text>.*/\1/p' "$FIG/confusion.svg" >"$TMP/cells"
[ "$(wc -l <"$TMP/cells")" = 100 ] || fail "confusion.svg has $(wc -l <"$TMP/cells") cells, not 100"
[ "$(awk '{ s += $1 } END { print s }' "$TMP/cells")" = 10000 ] || fail "confusion.svg's cells do not sum to 10000"
diag=$(awk '(NR - 1) % 11 == 0 { s += $1 } END { print s }' "$TMP/cells")
[ "$diag" = "$correct" ] || fail "confusion.svg's diagonal $diag is not eval's $correct correct"
grep -q "^accuracy: .*($correct of 10000)" "$TMP/out" || fail "show --confusion does not print eval's count"

finish
