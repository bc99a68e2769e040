# neurite --version prints the version, the matrix-product backend with its
# version, and the instruction sets; the version is the one in version.hpp.
source "$(dirname "$0")/lib.sh" "$@"

root=$(cd "$(dirname "$0")/../.." && pwd)
version=$(sed -n 's/^#define NEURITE_VERSION_STRING "\(.*\)"/\1/p' "$root/include/neurite/version.hpp")
expect_ok "--version" "$NEURITE" --version
expect_line "--version" "neurite $version"
grep -qE "^matrix products: (oneDNN [0-9]+\.[0-9]+\.[0-9]+ \(.+\)|portable kernels)" "$TMP/out" ||
  fail "--version names no backend: $(cat "$TMP/out")"
grep -q "^instruction sets: compiled for " "$TMP/out" || fail "--version names no instruction sets: $(cat "$TMP/out")"
[ "$(wc -l <"$TMP/out")" = 3 ] || fail "--version printed $(wc -l <"$TMP/out") lines, expected 3"

finish
