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
