#!/usr/bin/env bash
# End-to-end test: the real server in Debian's chromium (tests/e2e/run.mjs:
# sign-in, the registry pages, a refused import, no JavaScript, and axe-core's
# WCAG 2.2 AA rules on every page), then a clean shutdown on SIGTERM and on
# SIGINT.  Builds a throwaway store from the small registry in
# tests/data/registry with one admin account, and serves it on a free
# loopback port.  Offline: no browser is downloaded.
#
# Skips (one "ok 1 - e2e # SKIP reason" line) when chromium, node or the npm
# packages are missing; `make test` installs them (scripts/setup base e2e).
#   CHROME=/path/to/chromium        another browser binary
#   E2E_SCREENSHOTS=/tmp/shots      keep PNGs of the PCN and import error pages
set -u
cd "$(dirname "$0")/../.." || exit 1
# The pages are checked as they stand on 1 December 2026, in the 2026/27 year.
export PCNOPS_TODAY=2026-12-01

. tests/scripts/lib/e2e.sh
e2e_require "e2e"

e2e_begin
trap 'e2e_cleanup KILL' EXIT
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); echo "not ok $n - $*"; }
log_to_tap() { [ -s "$1" ] && sed 's/^/# server: /' "$1" | tail -20; }

# ---- the store ------------------------------------------------------------
. tests/scripts/lib/store.sh
e2e_store e2e
setup_store() {
    e2e_registry || return 1
    e2e_user admin@example.org admin - "Ada Admin"
}
if setup_store; then
    ok "store: the test registry and an admin account"
else
    notok "store: $(cat "$tmp/setup.err")"; echo "1..$n"; exit 1
fi

# ---- the server -----------------------------------------------------------
# start_server LOG: starts pcnops serve in the background on a free port,
# sets pid and port, and waits (up to 10 s) until it answers /healthz.
start_server() {
    local log=$1 i
    for _ in 1 2 3; do
        port=$(e2e_free_port) || return 1
        "$bin" --db "$db" serve --listen "127.0.0.1:$port" >"$log" 2>&1 &
        pid=$!
        for i in $(seq 100); do
            if ! kill -0 "$pid" 2>/dev/null; then break; fi   # exited: port taken? try another
            if grep -q "PCN Ops is running at http://127.0.0.1:$port/" "$log" &&
               curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/healthz"; then
                return 0
            fi
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=""
    done
    return 1
}

# stop_server SIGNAL: sends it and waits up to 5 s for the exit status.
# Sets how to the outcome; returns 0 only for an exit with status 0.
stop_server() {
    local sig=$1 i status
    kill "-$sig" "$pid"
    for i in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=""
        how="still running 5 seconds after SIG$sig (killed)"; return 1
    fi
    wait "$pid"; status=$?; pid=""
    how="exit status $status within $(( i / 10 )).$(( i % 10 )) s"
    [ "$status" -eq 0 ]
}

if start_server "$tmp/serve.log"; then
    ok "pcnops serve answers on 127.0.0.1:$port"
else
    notok "pcnops serve did not start"; log_to_tap "$tmp/serve.log"; echo "1..$n"; exit 1
fi

# ---- the browser ----------------------------------------------------------
first=$((n + 1))
E2E_URL="http://127.0.0.1:$port" E2E_EMAIL=admin@example.org E2E_PASSWORD="$password" \
E2E_NAME="Ada Admin" TAP_FIRST=$first TAP_NO_PLAN=1 \
    timeout -k 5 100 node tests/e2e/run.mjs >"$tmp/tap" 2>"$tmp/node.err"
rc=$?
cat "$tmp/tap"
n=$((n + $(grep -cE '^(not )?ok ' "$tmp/tap")))
if [ "$rc" -ne 0 ]; then
    if ! grep -q '^not ok ' "$tmp/tap"; then notok "node tests/e2e/run.mjs exited with status $rc"; fi
    sed 's/^/# node: /' "$tmp/node.err" | tail -20
    log_to_tap "$tmp/serve.log"
fi

# ---- clean shutdown -------------------------------------------------------
# With an idle keep-alive connection open, as a browser leaves one: the
# server must not wait for it.
exec 3<>"/dev/tcp/127.0.0.1/$port" &&
    printf 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n' >&3 &&
    IFS= read -r -t 5 status_line <&3
if stop_server TERM; then
    ok "SIGTERM stops the server cleanly with a keep-alive connection open ($how)"
else
    notok "SIGTERM does not stop the server cleanly: $how"; log_to_tap "$tmp/serve.log"
fi
exec 3<&- 3>&-
[[ "${status_line:-}" == "HTTP/1.1 200"* ]] || echo "# note: the keep-alive request got '${status_line:-nothing}'"

# SIGINT (Ctrl+C): a second, short run.  Bash starts background jobs with
# SIGINT ignored when job control is off; the server blocks the signal and
# takes it with sigwait, which still receives it.
if start_server "$tmp/serve2.log"; then
    if stop_server INT; then
        ok "SIGINT stops the server cleanly ($how)"
    else
        notok "SIGINT does not stop the server cleanly: $how"; log_to_tap "$tmp/serve2.log"
    fi
else
    notok "pcnops serve did not start a second time"; log_to_tap "$tmp/serve2.log"
fi

echo "1..$n"
