#!/usr/bin/env bash
# Proves that a new user on a fresh, minimal Debian 12 can run the README's
# commands with no step done by hand: builds a bare Debian 12 root with
# debootstrap, installs only git and make in it, clones this repository (its
# committed HEAD) into it and runs, inside it:
#
#   make run                  setup, Release build, MNIST training, test accuracy
#   make check                the Release test suite, the browser test included
#   make deb                  the Debian package, then apt-get install ./neurite_*.deb
#   the installed package     neurite --version, neurite demo xor, and the consumer
#                             project (examples/consumer) built with CMake and
#                             with pkg-config against /usr
#
# (The sanitizer and fuzz stages of `make test` run on the host.) It prints
# each step with its time and ends with one line: `fresh-debian: pass` or
# `fresh-debian: FAIL at STEP`, with the step's log above it. Needs root
# (debootstrap, chroot, mounts) and Debian's debootstrap package, which it
# installs when missing.
#
# Only the bare debootstrap result is cached (FRESH_DEBIAN_CACHE, default
# /var/cache/neurite/fresh-debian, refreshed after 7 days): it holds no
# package that the project installs, so the cache can never hide a missing
# one. Each run unpacks it into a new folder and deletes that folder at the
# end, after unmounting everything it mounted (also when interrupted).
#
#   FRESH_DEBIAN_MIRROR   Debian mirror (default http://deb.debian.org/debian)
#   FRESH_DEBIAN_KEEP=1   keep the root (and its logs) for a look afterwards;
#                         it is left unmounted
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mirror=${FRESH_DEBIAN_MIRROR:-http://deb.debian.org/debian}
security_mirror=${mirror%/debian}/debian-security
cache=${FRESH_DEBIAN_CACHE:-/var/cache/neurite/fresh-debian}
suite=bookworm
say() { echo "fresh-debian: $*"; }

[ "$(id -u)" = 0 ] || { say "error: needs root (debootstrap, chroot and mounts)"; exit 2; }
git -C "$repo" rev-parse --verify -q HEAD >/dev/null || { say "error: $repo has no commit to clone"; exit 2; }
if ! command -v debootstrap >/dev/null; then
  say "installing debootstrap on the host"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
fi

work=$(mktemp -d /var/tmp/neurite-fresh-debian.XXXXXX)
root="$work/root"
logs="$work/logs"
mkdir -p "$root" "$logs"

# Everything mounted below $root, deepest first.
mounts_below_root() {
  awk -v r="$root" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/self/mounts | sort -r
}

cleanup() {
  local rc=$? pid m
  # Processes still running inside the root (a server, a browser) keep its
  # mounts busy: end them first.
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    if [ "$(readlink "/proc/$pid/root" 2>/dev/null)" = "$root" ]; then kill -9 "$pid" 2>/dev/null || true; fi
  done
  for m in $(mounts_below_root); do umount -R "$m" 2>/dev/null || umount -R -l "$m" 2>/dev/null || true; done
  if [ -n "$(mounts_below_root)" ]; then
    # Never delete a tree that still has the host's /dev or /sys inside it.
    say "warning: could not unmount everything below $root; left in place:"
    mounts_below_root >&2
  elif [ "${FRESH_DEBIAN_KEEP:-0}" = 1 ]; then
    say "kept the root at $root (logs in $logs)"
  else
    rm -rf "$work"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

started=$(date +%s)

# step NAME COMMAND...: runs it (in a subshell, stopping at its first failing
# command) with its output in a log named after it, prints the time it took; on
# failure shows the end of the log and stops the check.
# The log of the last step is $log.
log=""
step() {
  local name=$1; shift
  local t0 t1 rc
  log="$logs/$(printf '%s' "$name" | tr -c 'A-Za-z0-9.-' '_').log"
  t0=$(date +%s)
  set +e
  (set -e; "$@") >"$log" 2>&1
  rc=$?
  set -e
  if [ "$rc" = 0 ]; then
    t1=$(date +%s)
    say "$(printf '%-34s ok  %5d s' "$name" $((t1 - t0)))"
  else
    t1=$(date +%s)
    say "$(printf '%-34s FAILED after %d s; the end of its log:' "$name" $((t1 - t0)))"
    tail -n 60 "$log" | sed 's/^/  | /'
    say "FAIL at $name (total $(( $(date +%s) - started )) s)"
    exit 1
  fi
}

# inside COMMAND: runs a bash command in the root as a fresh login would, with
# no standard input: a clean environment, CI=true, and the host's CA trust for
# the package clients (see below).
inside() {
  local env=(HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
             LANG=C.UTF-8 CI=true DEBIAN_FRONTEND=noninteractive)
  if [ -n "${NODE_EXTRA_CA_CERTS:-}" ]; then env+=(NODE_EXTRA_CA_CERTS=/etc/ssl/host-ca-certificates.crt); fi
  # This machine's OpenBLAS settings stay as they are wherever neurite runs.
  if [ -n "${OPENBLAS_CORETYPE:-}" ]; then env+=("OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE"); fi
  if [ -n "${OPENBLAS_L2_SIZE:-}" ]; then env+=("OPENBLAS_L2_SIZE=$OPENBLAS_L2_SIZE"); fi
  chroot "$root" /usr/bin/env -i "${env[@]}" /bin/bash -euo pipefail -c "$1" </dev/null
}

# ---- a bare Debian 12 root (cached as the debootstrap result alone) ----------------
bare_root() {
  local tarball="$cache/$suite-minbase.tar"
  if [ -f "$tarball" ] && [ -n "$(find "$tarball" -mtime -7)" ]; then
    echo "unpacking the cached bare root $tarball"
  else
    echo "debootstrap --variant=minbase $suite $mirror"
    local fresh="$work/debootstrap"
    mkdir -p "$fresh" "$cache"
    debootstrap --variant=minbase "$suite" "$fresh" "$mirror"
    # Cache the untouched result, written atomically.
    tar -C "$fresh" -cf "$tarball.part.$$" .
    mv -f "$tarball.part.$$" "$tarball"
    rm -rf "$fresh"
  fi
  tar -C "$root" -xf "$tarball"
}
step "bare Debian 12 root" bare_root

# ---- what a system needs: mounts, name resolution, CA trust, package sources ------
# (Bind mounts are made slaves, so that unmounting them never propagates back
# to the host's /sys or /dev.)
mount_system() {
  mount -t proc proc "$root/proc"
  mount --rbind /sys "$root/sys"
  mount --make-rslave "$root/sys"
  mount --bind /dev "$root/dev"
  mount --make-slave "$root/dev"
  mount --bind /dev/pts "$root/dev/pts"
  mount --make-slave "$root/dev/pts"
  mount -t tmpfs -o mode=1777 shm "$root/dev/shm"
  # The repository to clone, read-only.
  mkdir -p "$root/src"
  mount --bind "$repo" "$root/src"
  mount -o remount,bind,ro "$root/src"
  cp -L /etc/resolv.conf "$root/etc/resolv.conf"
  # The host's CA trust store, so that the package clients trust the same
  # registries the host does; a second copy that installing Debian's
  # ca-certificates later cannot rewrite is what NODE_EXTRA_CA_CERTS names.
  mkdir -p "$root/etc/ssl/certs"
  cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
  cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/host-ca-certificates.crt"
  # The sources a fresh Debian 12 install has.
  cat >"$root/etc/apt/sources.list" <<EOF
deb $mirror $suite main
deb $mirror $suite-updates main
deb $security_mirror $suite-security main
EOF
  # No service may start inside the root.
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
  chmod 755 "$root/usr/sbin/policy-rc.d"
}
step "mounts, CA trust, apt sources" mount_system

step "apt-get install git make" inside 'apt-get update -qq && apt-get install -y -qq --no-install-recommends git make'
step "git clone" inside 'git config --global --add safe.directory /src && git clone -q /src /root/neurite && git -C /root/neurite log -1 --format="%h %s"'
step "make run" inside 'cd /root/neurite && make run'
grep -E '^(test accuracy|training:)' "$log" | sed 's/^/  | /' || true
step "make check (Release suite)" inside 'cd /root/neurite && make check'
grep -E 'tests passed|tests failed' "$log" | sed 's/^/  | /' || true
step "make deb" inside 'cd /root/neurite && make deb'
step "apt-get install ./neurite_*.deb" inside 'cd /root/neurite && apt-get install -y -qq ./build-deb/neurite_*_amd64.deb && dpkg -s neurite | grep -E "^(Version|Depends):"'
grep -E '^(Version|Depends):' "$log" | sed 's/^/  | /' || true
step "installed: neurite --version" inside 'cd / && command -v neurite && neurite --version'
sed 's/^/  | /' "$log"
step "installed: neurite demo xor" inside 'cd "$(mktemp -d)" && neurite demo xor --out xor && ls xor'
step "installed: consumer project" inside 'cd /root/neurite && bash tests/install/consumer_test.sh /usr'
say "pass (total $(( $(date +%s) - started )) s)"
