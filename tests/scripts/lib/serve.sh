# What the tests of the server over a real socket share (access.sh,
# server.sh, server_limits.sh), sourced after bin and PCNOPS_DB are set:
#   serve_start LOG ARGS...   pcnops serve on 127.0.0.1 and a random port
#                             (20000 to 39999) with ARGS, its output in
#                             LOG; sets port, url and pid, and waits up to
#                             5 s for /healthz to answer
#   serve_stop                sends the server SIGINT and waits up to 5 s:
#                             status is its exit status, or "timeout"
#   check WHAT WANT GOT       one TAP line ("ok N - WHAT", or "not ok" with
#                             what it got), counting in n
#   serve_sign_in EMAIL PASSWORD JAR
#                             signs in at $url as a browser does (the form's
#                             token, then the POST), the session in the
#                             cookie jar JAR; prints the POST's status
#   serve_csrf JAR PATH       the CSRF token of the first form of the page
#                             at PATH, as the signed-in JAR sees it
serve_start() { # LOG ARGS...
    local log=$1
    shift
    port=$((20000 + RANDOM % 20000))
    url="http://127.0.0.1:$port"
    "$bin" serve --listen "127.0.0.1:$port" "$@" >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 50); do curl -s -o /dev/null "$url/healthz" && break; sleep 0.1; done
}

serve_stop() {
    kill -INT $pid
    status=timeout
    for _ in $(seq 50); do
        if ! kill -0 $pid 2>/dev/null; then wait $pid; status=$?; break; fi
        sleep 0.1
    done
}

check() { # WHAT WANT GOT
    n=$((n + 1))
    if [ "$2" = "$3" ]; then echo "ok $n - $1"; else echo "not ok $n - $1: got '$3', expected '$2'"; fi
}

serve_sign_in() { # EMAIL PASSWORD JAR
    local tok
    curl -s -c "$3" -o /dev/null "$url/sign-in"
    tok=$(awk '$6 == "pcnops_signin" { print $7 }' "$3")
    curl -s -b "$3" -c "$3" -o /dev/null -w '%{http_code}' --data-urlencode "email=$1" \
        --data-urlencode "password=$2" --data-urlencode "signin=$tok" "$url/sign-in"
}

serve_csrf() { # JAR PATH
    curl -s -b "$1" "$url$2" | grep -o 'name="csrf" value="[^"]*"' | head -1 |
        sed 's/.*value="//; s/"$//'
}
