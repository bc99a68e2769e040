# Helpers for the command-line tests (sourced, not a test of its own).
# Each test script is run as: bash SCRIPT path/to/neurite path/to/tests/data
set -u
NEURITE=$1
DATA=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect_ok NAME CMD...: the command exits 0; its stdout is in $TMP/out.
expect_ok() {
  local name=$1; shift
  if ! "$@" >"$TMP/out" 2>"$TMP/err"; then
    fail "$name: exit $? (stderr: $(cat "$TMP/err"))"
  fi
}

# expect_error NAME PATTERN CMD...: the command exits non-zero, prints
# nothing on stdout, one line on stderr, and that line matches PATTERN.
# (EXPECT_STDOUT=1 allows output on stdout before the error, for failures
# that happen after a command has started reporting, such as divergence.)
errors_checked=0  # how many expect_error calls ran (tests may report it)
expect_error() {
  local name=$1 pattern=$2; shift 2
  local code=0
  errors_checked=$((errors_checked + 1))
  "$@" >"$TMP/out" 2>"$TMP/err" || code=$?
  last_exit=$code
  if [ "$code" = 0 ]; then fail "$name: exited 0"; return; fi
  if [ "$code" -ge 128 ]; then fail "$name: killed by a signal (exit $code)"; fi
  if [ -s "$TMP/out" ] && [ "${EXPECT_STDOUT:-0}" != 1 ]; then fail "$name: wrote to stdout: $(head -c 200 "$TMP/out")"; fi
  if [ "$(wc -l <"$TMP/err")" != 1 ]; then fail "$name: stderr is not one line: $(cat "$TMP/err")"; fi
  if ! grep -Eq -- "$pattern" "$TMP/err"; then fail "$name: stderr '$(cat "$TMP/err")' does not match '$pattern'"; fi
}

# expect_usage_error NAME PATTERN CMD...: expect_error, and the exit code is
# 2, that of a bad command line (1 is for bad input files and data).
expect_usage_error() {
  local name=$1
  expect_error "$@"
  [ "$last_exit" = 2 ] || fail "$name: exit $last_exit, not 2 (a bad command line)"
}

# Demo tests write figures here (neurite demo NAME --out "$FIG").
FIG="$TMP/figures"

# check_figure NAME: the figure was written, announced, and is well-formed XML.
check_figure() {
  [ -s "$FIG/$1" ] || { fail "$1 not written"; return; }
  grep -q "^figure: $FIG/$1\$" "$TMP/out" || fail "$1 not announced"
  xmllint --noout "$FIG/$1" 2>"$TMP/xml" || fail "$1 is not well-formed: $(cat "$TMP/xml")"
}

# expect_line NAME TEXT: stdout has a line containing TEXT (fixed string).
expect_line() { grep -qF -- "$2" "$TMP/out" || fail "$1: no line with '$2'"; }

# start_server SITE: `neurite serve --root SITE --port 0` in the background;
# sets $server (its pid) and $port (read from its first line), or fails and
# finishes the test. `stop` ends it.
stop() { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; }
start_server() {
  "$NEURITE" serve --root "$1" --port 0 >"$TMP/serve.out" 2>"$TMP/serve.err" &
  server=$!
  port=""
  for _ in $(seq 1 100); do
    port=$(sed -n 's|^serving the playground at http://127\.0\.0\.1:\([0-9]*\)/ (Ctrl-C stops)$|\1|p' "$TMP/serve.out")
    [ -n "$port" ] && break
    kill -0 "$server" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$port" ]; then
    fail "no 'serving the playground at' line (stdout: $(cat "$TMP/serve.out"), stderr: $(cat "$TMP/serve.err"))"
    stop
    finish
  fi
}

finish() {
  if [ "$failures" = 0 ]; then echo "ok"; exit 0; fi
  echo "$failures failure(s)"; exit 1
}
