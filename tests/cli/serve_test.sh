# neurite serve: a static folder over HTTP, with the types browsers need.
# Talks HTTP through bash's /dev/tcp (no curl needed).
source "$(dirname "$0")/lib.sh" "$@"

site="$TMP/site"
mkdir -p "$site/sub"
printf '<!doctype html><title>playground</title>\n' >"$site/index.html"
printf '\0asm\1\0\0\0' >"$site/neurite_engine.wasm"
printf 'export const x = 1;\n' >"$site/app.js"
printf 'body { margin: 0 }\n' >"$site/sub/style.css"
printf '{"a": 1}\n' >"$site/spec.json"

start_server "$site"

# get PATH: the response (headers and body) in $TMP/response, headers with CR removed in $TMP/headers.
get() {
  : >"$TMP/response"
  if exec 3<>"/dev/tcp/127.0.0.1/$port"; then
    printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$1" >&3
    timeout 10 cat <&3 >"$TMP/response"
    exec 3<&-
  fi
  sed -n '1,/^\r*$/p' "$TMP/response" | tr -d '\r' >"$TMP/headers"
}
# expect_get PATH STATUS TYPE
expect_get() {
  get "$1"
  head -1 "$TMP/headers" | grep -q "^HTTP/1\.[01] $2 " || fail "GET $1: status '$(head -1 "$TMP/headers")', not $2"
  if [ -n "${3:-}" ]; then
    grep -qi "^Content-Type: $3\$" "$TMP/headers" || fail "GET $1: $(grep -i '^Content-Type' "$TMP/headers"), not $3"
  fi
}

expect_get / 200 "text/html; charset=utf-8"
grep -q "<title>playground</title>" "$TMP/response" || fail "GET / did not return index.html"
expect_get /neurite_engine.wasm 200 "application/wasm"
grep -qi "^Content-Length: 8$" "$TMP/headers" || fail "wasm: $(grep -i '^Content-Length' "$TMP/headers")"
[ "$(tail -c 8 "$TMP/response" | od -An -tx1 | tr -d ' \n')" = "0061736d01000000" ] || fail "wasm bytes differ"
expect_get /app.js 200 "text/javascript; charset=utf-8"
expect_get /sub/style.css 200 "text/css; charset=utf-8"
expect_get /spec.json 200 "application/json"
expect_get /missing.js 404
expect_get /../lib.sh 404  # nothing outside the root
stop

# Errors: one line naming the folder and what to do.
expect_error "missing root" "nothing.*no such folder.*make playground" "$NEURITE" serve --root "$TMP/nothing" --port 0
expect_error "root without index.html" "sub.*has no index\.html" "$NEURITE" serve --root "$site/sub" --port 0
expect_error "bad port" "port" "$NEURITE" serve --root "$site" --port 70000

finish
