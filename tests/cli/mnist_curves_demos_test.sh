# neurite demo init-mnist and optimizers-mnist on real MNIST (short runs):
# the final losses printed, the loss curves drawn, and what the textbook
# shows holding: std 0.01 leaves a deep ReLU network stuck where He
# initialization learns, and Adam ends below plain SGD.
source "$(dirname "$0")/lib.sh" "$@"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
if [ ! -f "$ROOT/data/mnist/train-images-idx3-ubyte" ]; then
  echo "FAIL: MNIST not found in $ROOT/data/mnist (scripts/fetch_data.sh fetches it)"; exit 1
fi
final() { sed -n "s/^final loss, $1: \([0-9.]*\)\$/\1/p" "$TMP/out"; }

expect_ok "demo list" "$NEURITE" demo --list
for name in init-mnist optimizers-mnist; do
  grep -q "^  $name " "$TMP/out" || fail "$name not listed"
done

expect_ok "demo init-mnist" "$NEURITE" --threads 1 demo init-mnist --epochs 200 --data "$ROOT/data" --out "$FIG"
small=$(final "std 0.01"); xavier=$(final Xavier); he=$(final He)
[ -n "$small" ] && [ -n "$xavier" ] && [ -n "$he" ] || fail "final losses missing: $(cat "$TMP/out")"
awk -v s="$small" 'BEGIN { exit !(s > 2.2 && s < 2.4) }' || fail "std 0.01 should stay near ln 10 = 2.30, got $small"
awk -v s="$small" -v h="$he" 'BEGIN { exit !(h < s - 1) }' || fail "He ($he) is not clearly below std 0.01 ($small)"
awk -v x="$xavier" -v s="$small" 'BEGIN { exit !(x < s) }' || fail "Xavier ($xavier) is not below std 0.01 ($small)"
check_figure init_mnist.svg
[ "$(grep -c '<polyline' "$FIG/init_mnist.svg")" -ge 3 ] || fail "init_mnist.svg should draw three curves"
for c in "std 0.01" Xavier He; do grep -q ">$c<" "$FIG/init_mnist.svg" || fail "no legend entry $c"; done

expect_ok "demo optimizers-mnist" "$NEURITE" --threads 1 demo optimizers-mnist --epochs 150 --data "$ROOT/data" --out "$FIG"
for o in SGD momentum AdaGrad RMSProp Adadelta Adam; do
  v=$(final "$o")
  awk -v v="$v" 'BEGIN { exit !(v != "" && v > 0 && v < 2.5) }' || fail "$o: final loss '$v' missing or not finite"
  grep -q ">$o<" "$FIG/optimizers_mnist.svg" || fail "optimizers_mnist.svg has no curve for $o"
done
sgd=$(final SGD); adam=$(final Adam); momentum=$(final momentum)
awk -v a="$adam" -v s="$sgd" 'BEGIN { exit !(a < 0.5 * s) }' || fail "Adam ($adam) is not well below SGD ($sgd)"
awk -v m="$momentum" -v s="$sgd" 'BEGIN { exit !(m < s) }' || fail "momentum ($momentum) is not below SGD ($sgd)"
check_figure optimizers_mnist.svg
[ "$(grep -c '<polyline' "$FIG/optimizers_mnist.svg")" -ge 6 ] || fail "optimizers_mnist.svg should draw six curves"

finish
