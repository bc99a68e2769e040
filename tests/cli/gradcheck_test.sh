# neurite gradcheck passes, prints a row per component, and explains the step exclusion;
# an impossible tolerance makes it fail.
source "$(dirname "$0")/lib.sh" "$@"

expect_ok "gradcheck" "$NEURITE" gradcheck
grep -q "all [0-9]* components passed" "$TMP/out" || fail "no pass line: $(cat "$TMP/out")"
for c in "dense(4, relu)  d/dθ" "softmax  d/dx" "dropout(0.3)" "loss mape" "loss softmax_cross_entropy" \
         "softmax + cross-entropy"; do
  grep -qF "$c" "$TMP/out" || fail "gradcheck has no row for '$c'"
done
grep -q "step (Heaviside) and step_strict are not checked" "$TMP/out" || fail "no note on the step functions"

code=0
"$NEURITE" gradcheck --tolerance 1e-30 >"$TMP/out" 2>&1 || code=$?
[ "$code" = 1 ] || fail "gradcheck with tolerance 1e-30 exited $code"
grep -q "FAILED" "$TMP/out" || fail "no FAILED line"

finish
