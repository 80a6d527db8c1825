# What every browser test needs before it starts, sourced by the
# tests/scripts/e2e*.sh scripts after `cd` to the checkout: it sets bin
# (build/pcnops) and exports CHROME (/usr/bin/chromium unless set), and
#   e2e_require LABEL [PACKAGE...]
# skips the whole script, as one TAP line "ok 1 - LABEL # SKIP why", when
# chromium, node or one of the npm packages (default: puppeteer-core,
# axe-core, nhsuk-frontend) is missing, and fails it when $bin is not built.
bin=build/pcnops
export CHROME="${CHROME:-/usr/bin/chromium}"

e2e_require() {
    local label=$1 p
    shift
    [ $# -gt 0 ] || set -- puppeteer-core axe-core nhsuk-frontend
    e2e_skip() { echo "ok 1 - $label # SKIP $*"; echo "1..1"; exit 0; }
    [ -x "$CHROME" ] || e2e_skip "no chromium at $CHROME (scripts/setup e2e installs it)"
    command -v node >/dev/null 2>&1 || e2e_skip "node is not installed (scripts/setup base)"
    for p in "$@"; do
        [ -f "node_modules/$p/package.json" ] || e2e_skip "node_modules/$p is missing (scripts/setup runs npm ci)"
    done
    if [ ! -x "$bin" ]; then echo "not ok 1 - $bin is not built (run make)"; echo "1..1"; exit 1; fi
}

# The start-up the browser tests share, in the order a script calls them:
#   e2e_begin          a temporary folder $tmp (removed on exit, with the
#                      server $pid stopped by SIGTERM), n=0 TAP lines so far,
#                      $password (a test store's; words the password check
#                      accepts every time) and R, the small test registry
#   e2e_store NAME     db=$(test_store "$tmp/NAME.db") (the script sources
#                      tests/scripts/lib/store.sh itself, so that tests/run
#                      runs it on PostgreSQL too); "not ok 1" and exit
#                      without one
#   e2e_run ARGS...    "$bin" --db "$db" ARGS, its output dropped and its
#                      errors kept in $tmp/setup.err, for the store's setup
#   e2e_registry [STEP...]  imports the test registry's two years of maps and
#                      list sizes, then each "KIND FILE" STEP
#   e2e_user EMAIL ROLE ORG NAME...  adds an account with $password (ORG -
#                      for none)
#   e2e_setup FUNC LABEL  runs the script's setup function: "ok 1 - store:
#                      LABEL", or "not ok 1" with the last error and exit
#   e2e_serve          pcnops serve on a free loopback $port, waits (up to
#                      10 s) for /healthz: "ok", or "not ok" with its log and exit
#   e2e_node FILE SECONDS  node tests/e2e/FILE.mjs (its E2E_* variables set
#                      on the call) under a timeout, its TAP numbered on from
#                      $n; a non-zero exit without a "not ok" is one more
#                      "not ok".  The script ends with echo "1..$n".
#   e2e_free_port      prints a free loopback port
#   e2e_cleanup [SIG]  what e2e_begin's trap runs: stops $pid with SIG (TERM)
#                      and removes $tmp (e2e.sh traps 'e2e_cleanup KILL')
e2e_begin() {
    tmp=$(mktemp -d)
    pid=""
    trap e2e_cleanup EXIT
    n=0
    password="e2e harbour lantern quietly orbit plum"
    R=tests/data/registry
}

e2e_cleanup() { # [SIGNAL]: the server's, TERM unless given
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill "-${1:-TERM}" "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
    rm -rf "$tmp"
}

e2e_store() { # NAME
    db=$(test_store "$tmp/$1.db") || { echo "not ok 1 - store: no store"; echo "1..1"; exit 1; }
}

e2e_run() { # ARGS...
    "$bin" --db "$db" "$@" >/dev/null 2>"$tmp/setup.err"
}

# shellcheck disable=SC2120 # the steps are optional
e2e_registry() { # [STEP...]
    local step
    for step in "registry $R/map-2021-01.csv" "list-sizes $R/quin-2021-01.csv" \
                "registry $R/map-2023-07.csv" "list-sizes $R/all-2023-07.csv" "$@"; do
        # shellcheck disable=SC2086
        e2e_run import $step || return 1
    done
}

e2e_user() { # EMAIL ROLE ORG NAME...
    local email=$1 role=$2 org=(--org "$3")
    [ "$3" = - ] && org=()
    shift 3
    echo "$password" | e2e_run user add "$email" --role "$role" "${org[@]}" --name "$*"
}

e2e_setup() { # FUNC LABEL
    if "$1"; then
        n=$((n + 1)); echo "ok $n - store: $2"
    else
        echo "not ok 1 - store: $(cat "$tmp/setup.err")"; echo "1..1"; exit 1
    fi
}

e2e_free_port() {
    node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'
}

e2e_serve() {
    port=$(e2e_free_port)
    "$bin" --db "$db" serve --listen "127.0.0.1:$port" >"$tmp/serve.log" 2>&1 &
    pid=$!
    for _ in $(seq 100); do
        curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/healthz" 2>/dev/null && break
        sleep 0.1
    done
    n=$((n + 1))
    if ! curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/healthz"; then
        echo "not ok $n - pcnops serve did not start"; sed 's/^/# server: /' "$tmp/serve.log"; echo "1..$n"; exit 1
    fi
    echo "ok $n - pcnops serve answers on 127.0.0.1:$port"
}

e2e_node() { # FILE SECONDS
    local rc
    TAP_FIRST=$((n + 1)) TAP_NO_PLAN=1 timeout -k 5 "$2" node "tests/e2e/$1.mjs" >"$tmp/tap" 2>"$tmp/node.err"
    rc=$?
    cat "$tmp/tap"
    n=$((n + $(grep -cE '^(not )?ok ' "$tmp/tap")))
    if [ "$rc" -ne 0 ] && ! grep -q '^not ok ' "$tmp/tap"; then
        n=$((n + 1)); echo "not ok $n - node tests/e2e/$1.mjs exited with status $rc"
        sed 's/^/# node: /' "$tmp/node.err" | tail -20
    fi
}
