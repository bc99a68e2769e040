# The optimizer flags' help is written from the library's optimizer registry:
# the names, which kinds read each hyper-parameter and their defaults come
# out as they were written by hand before, and the flags refuse what a kind
# does not read with the registry's list of the kinds that do.
source "$(dirname "$0")/lib.sh" "$@"

for command in train search; do
  expect_ok "$command --help" "$NEURITE" "$command" --help
  expect_line "$command --optimizer" "sgd, momentum, nesterov, adagrad, rmsprop, adadelta, adam, adamw"
  expect_line "$command --momentum" "Momentum μ of momentum and nesterov, in [0, 1) (default 0.9)"
  expect_line "$command --rho" "Decay ρ of rmsprop and adadelta, in [0, 1) (default: rmsprop 0.99, adadelta 0.9)"
  expect_line "$command --beta1" "β₁ of adam and adamw, in [0, 1) (default 0.9)"
  expect_line "$command --beta2" "β₂ of adam and adamw, in [0, 1) (default 0.999)"
  expect_line "$command --eps" \
    "ε of adagrad, rmsprop, adadelta, adam and adamw, > 0 (default: adagrad 1e-10, adadelta 1e-6, others 1e-8)"
done
expect_ok "train --help" "$NEURITE" train --help
expect_line "train --lr" "Learning rate (the optimizer's default: adadelta 1, adam and adamw 0.001, others 0.01)"

nodata=(--csv "$TMP/missing.csv")
expect_usage_error "--rho with adam" "--rho: the adam optimizer does not use it \(rmsprop and adadelta do\)" \
  "$NEURITE" train "${nodata[@]}" --optimizer adam --rho 0.5
expect_usage_error "--eps with nesterov" \
  "--eps: the nesterov optimizer does not use it \(adagrad, rmsprop, adadelta, adam and adamw do\)" \
  "$NEURITE" train "${nodata[@]}" --optimizer nesterov --eps 1e-6

finish
