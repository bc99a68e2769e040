# neurite demo gradients, init, activations and mnist-classic: exit codes,
# the key numbers, and figures that are well-formed SVG.
source "$(dirname "$0")/lib.sh" "$@"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)


expect_ok "demo list" "$NEURITE" demo --list
for name in gradients init activations mnist-classic; do
  grep -q "^  $name " "$TMP/out" || fail "$name not listed"
done

expect_ok "demo gradients" "$NEURITE" demo gradients --out "$FIG"
grep -Eq "text: 0\.000036 .*by hand from the text's values: 0\.0000365 .*library \(backward\): 0\.0000365" "$TMP/out" \
  || fail "the textbook chain value is missing: $(grep 'text:' "$TMP/out")"
ratio=$(sed -n "s/^sigmoid: the first layer's gradient is \([0-9.e+-]*\) of the last.*/\1/p" "$TMP/out")
awk -v r="$ratio" 'BEGIN { exit !(r != "" && r < 1e-3) }' || fail "sigmoid's first/last ratio '$ratio' is not below 1e-3"
relu=$(sed -n 's/^relu: *\([0-9.e+-]*\) .*/\1/p' "$TMP/out")
awk -v r="$relu" 'BEGIN { exit !(r != "" && r > 0.1 && r < 10) }' || fail "relu's first/last ratio '$relu' is not near 1"
boom=$(sed -n 's/^relu with large weights: the first layer.s gradient is \([0-9.e+-]*\) times.*/\1/p' "$TMP/out")
awk -v r="$boom" 'BEGIN { exit !(r != "" && r > 1e6) }' || fail "large-init relu did not explode: '$boom'"
[ "$(grep -Ec '^ +[0-9]+ ' "$TMP/out")" -ge 10 ] || fail "no per-layer table"
check_figure gradients.svg

expect_ok "demo init" "$NEURITE" demo init --out "$FIG"
[ "$(grep -c '^  yes ' "$TMP/out")" = 6 ] || fail "expected six confirmed observations: $(grep -E '^  (yes|NO) ' "$TMP/out")"
grep -q '^  NO ' "$TMP/out" && fail "an observation failed: $(grep '^  NO ' "$TMP/out")"
for c in "sigmoid, std 1" "sigmoid, std 0.01" "sigmoid, Xavier" "relu, std 0.01" "relu, Xavier" "relu, He"; do
  grep -q "^$c\$" "$TMP/out" || fail "no statistics for $c"
done
check_figure init.svg

expect_ok "demo activations" "$NEURITE" demo activations --out "$FIG"
grep -Eq '^  \[1000, 1001, 1002\] naive +NaN +NaN +NaN$' "$TMP/out" || fail "naive softmax of large inputs is not NaN"
grep -Eq '^ +stable +0\.09003 +0\.2447 +0\.6652$' "$TMP/out" || fail "stable softmax is not 0.090 0.245 0.665"
grep -Eq '^    slope +0\.0066 +0\.1050 +0\.1966 +0\.2350 +0\.2500 ' "$TMP/out" || fail "sigmoid slopes (max 0.25) missing"
check_figure activations.svg

MNIST="$ROOT/data/mnist"
if [ ! -f "$MNIST/train-images-idx3-ubyte" ]; then
  fail "MNIST not found in $MNIST (scripts/fetch_data.sh fetches it)"
else
  expect_ok "demo mnist-classic" "$NEURITE" demo mnist-classic --data "$ROOT/data" --out "$FIG"
  for rate in 0.1 0.3; do
    acc=$(sed -n "s/^test accuracy at rate $rate: \([0-9.]*\)%.*/\1/p" "$TMP/out")
    speed=$(sed -n "s/^test accuracy at rate $rate: .*training speed: \([0-9]*\) samples\/s.*/\1/p" "$TMP/out")
    [ -n "$acc" ] && [ -n "$speed" ] || fail "no accuracy/speed line for rate $rate: $(cat "$TMP/out")"
    min=$([ "$rate" = 0.3 ] && echo 94.5 || echo 92.5)
    awk -v a="$acc" -v m="$min" 'BEGIN { exit !(a >= m) }' || fail "rate $rate: test accuracy $acc% below $min%"
  done
  grep -q "95.07%" "$TMP/out" || fail "the NumPy reference's 95.07% is not quoted"
  check_figure mnist_classic.svg
  expect_ok "demo mnist-classic --lr" "$NEURITE" demo mnist-classic --data "$ROOT/data" --lr 0.3 --out "$FIG"
  [ "$(grep -c '^test accuracy at rate' "$TMP/out")" = 1 ] || fail "--lr should train at that one rate only"
fi

finish
