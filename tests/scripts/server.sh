#!/usr/bin/env bash
# Smoke tests over a real socket: limits (413, 431), keep-alive across
# requests, security headers, and a clean stop on SIGINT.  TAP output.
set -u
cd "$(dirname "$0")/../.."
. tests/scripts/lib/begin.sh
test_begin
. tests/scripts/lib/store.sh
PCNOPS_DB=$(test_store "$tmp/s.db") || { echo "not ok - setup: no store"; exit 1; }
export PCNOPS_DB
"$bin" import registry tests/data/registry/map-2021-01.csv >/dev/null
. tests/scripts/lib/serve.sh
serve_start "$tmp/log" --threads 2
echo "1..6"
n=0
head -c 100000 /dev/zero | tr '\0' a >"$tmp/big"
check "a form body over 64 KiB is refused with 413" 413 \
    "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/x-www-form-urlencoded' --data-binary @"$tmp/big" "http://127.0.0.1:$port/sign-in")"
check "a chunked body over the limit is refused with 413" 413 \
    "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Transfer-Encoding: chunked' --data-binary @"$tmp/big" "http://127.0.0.1:$port/sign-in")"
big=$(head -c 40000 /dev/zero | tr '\0' b)
check "headers over the limit are refused with 431" 431 \
    "$(curl -s -o /dev/null -w '%{http_code}' -H "X-Big: $big" "http://127.0.0.1:$port/healthz")"
reuse=$(curl -s -v -o /dev/null -o /dev/null "http://127.0.0.1:$port/sign-in" "http://127.0.0.1:$port/sign-in" 2>&1 | grep -c 'Re-using existing connection')
check "two requests share one connection (keep-alive)" 1 "$reuse"
csp=$(curl -s -D - -o /dev/null "http://127.0.0.1:$port/sign-in" | grep -ci '^content-security-policy: default-src')
check "pages carry the Content-Security-Policy" 1 "$csp"
serve_stop
check "SIGINT stops the server cleanly (exit status 0)" 0 "$status"
