#!/usr/bin/env bash
# The installed package, used as another project would use it.
#
#   consumer_test.sh PREFIX            neurite installed in PREFIX (/usr from the .deb)
#   consumer_test.sh --install BUILD   installs the build tree BUILD into a
#                                      temporary prefix first (cmake --install)
#
# Checks the installed layout (headers, the shared library's SONAME, the
# static library, the command, the CMake and pkg-config files), that the
# public headers compile with nothing but the installed include folder, then
# builds examples/consumer with CMake (shared and static) and with a one-line
# pkg-config command, and runs each program.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
consumer="$here/../../examples/consumer"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# quiet LOG CMD...: runs the command, showing its output only when it fails.
quiet() {
  local log=$1; shift
  "$@" >"$log" 2>&1 || { cat "$log" >&2; fail "$* (exit $?)"; }
}

if [ "${1:-}" = --install ]; then
  [ -d "${2:-}" ] || fail "usage: $0 --install BUILD_DIR"
  prefix="$tmp/prefix"
  quiet "$tmp/install.log" cmake --install "$2" --prefix "$prefix"
else
  [ -d "${1:-}" ] || fail "usage: $0 PREFIX | --install BUILD_DIR"
  prefix=$1
fi

# ---- the layout -------------------------------------------------------------------
config=$(find "$prefix"/lib* -path '*/cmake/neurite/neurite-config.cmake' 2>/dev/null | head -n 1)
[ -n "$config" ] || fail "no lib*/cmake/neurite/neurite-config.cmake under $prefix"
pc=$(find "$prefix"/lib* -path '*/pkgconfig/neurite.pc' 2>/dev/null | head -n 1)
[ -n "$pc" ] || fail "no lib*/pkgconfig/neurite.pc under $prefix"
libdir=$(dirname "$(dirname "$pc")")
[ -f "$prefix/include/neurite/neurite.hpp" ] || fail "no include/neurite/neurite.hpp under $prefix"
[ -f "$prefix/include/neurite/version.hpp" ] || fail "no include/neurite/version.hpp under $prefix"
[ -f "$libdir/libneurite.a" ] || fail "no static library $libdir/libneurite.a"
version=$(sed -n 's/^#define NEURITE_VERSION_STRING "\(.*\)"/\1/p' "$prefix/include/neurite/version.hpp")
major_minor=${version%.*}
[ -f "$libdir/libneurite.so.$version" ] || fail "no $libdir/libneurite.so.$version"
soname=$(readelf -d "$libdir/libneurite.so.$version" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[ "$soname" = "libneurite.so.$major_minor" ] || fail "SONAME is '$soname', expected libneurite.so.$major_minor"
[ -L "$libdir/libneurite.so" ] || fail "no development link $libdir/libneurite.so"
[ -x "$prefix/bin/neurite" ] || fail "no $prefix/bin/neurite"
# (Outputs go to files before grep -q reads them: under pipefail, a writer cut
# off by grep's early exit would fail the pipeline.)
"$prefix/bin/neurite" --version >"$tmp/version.out" || fail "$prefix/bin/neurite --version failed"
grep -q "^neurite $version" "$tmp/version.out" || fail "neurite --version does not say $version: $(cat "$tmp/version.out")"
grep -q "^Version: $version$" "$pc" || fail "$pc does not say Version: $version"
echo "layout: ok (version $version, SONAME $soname, libdir $libdir)"

# ---- the public headers need nothing outside the installed include folder ----------
{
  for h in $(cd "$prefix/include" && find neurite -name '*.hpp' | sort); do echo "#include <$h>"; done
  echo "int main() { return 0; }"
} >"$tmp/all_headers.cpp"
quiet "$tmp/headers.log" g++ -std=c++20 -fsyntax-only -Wall -Wextra -I"$prefix/include" "$tmp/all_headers.cpp"
echo "headers: ok ($(grep -c '#include' "$tmp/all_headers.cpp") public headers compile against $prefix/include alone)"

# ---- CMake: find_package(neurite 0.2 CONFIG REQUIRED) -----------------------------
quiet "$tmp/cmake-configure.log" cmake -S "$consumer" -B "$tmp/cmake" -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix"
quiet "$tmp/cmake-build.log" cmake --build "$tmp/cmake" -j 2
for program in xor_consumer xor_consumer_static; do
  "$tmp/cmake/$program" >"$tmp/$program.out" || { cat "$tmp/$program.out"; fail "$program (CMake) failed"; }
done
grep -q "^neurite $version" "$tmp/xor_consumer.out" || fail "xor_consumer did not print 'neurite $version'"
echo "cmake: ok (shared and static); the shared program printed:"
sed 's/^/  /' "$tmp/xor_consumer.out"
# The shared program really runs with the installed shared library.
# (Compared as real paths: with merged /usr, /lib/... and /usr/lib/... are one file.)
ldd "$tmp/cmake/xor_consumer" >"$tmp/ldd.out"
loaded=$(awk -v lib="libneurite.so.$major_minor" '$1 == lib { print $3 }' "$tmp/ldd.out")
[ -n "$loaded" ] && [ "$(realpath "$loaded")" = "$(realpath "$libdir/libneurite.so.$major_minor")" ] ||
  fail "xor_consumer does not load $libdir/libneurite.so.$major_minor: $(cat "$tmp/ldd.out")"

# ---- pkg-config: one line ------------------------------------------------------------
export PKG_CONFIG_PATH="$(dirname "$pc")${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
rpath=""
case "$libdir" in /usr/lib|/usr/lib/*) ;; *) rpath="-Wl,-rpath,$libdir" ;; esac
# shellcheck disable=SC2046  # pkg-config's flags are meant to be split
quiet "$tmp/pkg-config.log" g++ -std=c++20 -O2 "$consumer/main.cpp" -o "$tmp/xor_pkg_config" $(pkg-config --cflags --libs neurite) $rpath
"$tmp/xor_pkg_config" >"$tmp/pkg.out" || { cat "$tmp/pkg.out"; fail "the pkg-config build failed"; }
echo "pkg-config: ok ($(pkg-config --modversion neurite): g++ -std=c++20 main.cpp \$(pkg-config --cflags --libs neurite))"
echo "consumer: all passed"
