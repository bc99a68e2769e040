# neurite demo: the list, and XOR learned by back-propagation.
source "$(dirname "$0")/lib.sh" "$@"

expect_ok "demo list" "$NEURITE" demo --list
grep -q "^  xor " "$TMP/out" || fail "xor not listed"

expect_ok "demo xor" "$NEURITE" demo xor
grep -q "all four outputs are on the right side of 0.5" "$TMP/out" || fail "xor not learned: $(cat "$TMP/out")"
[ "$(grep -c ' ok$' "$TMP/out")" = 4 ] || fail "expected four ok rows"

finish
