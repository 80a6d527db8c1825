#!/usr/bin/env bash
# Issue 17 over a real socket (127.0.0.1 only): limits before the body,
# paths decoded once, security headers and Allow on every answer, the header
# limit, and connections that cannot be hoarded.  TAP output.
set -u
cd "$(dirname "$0")/../.."
. tests/scripts/lib/begin.sh
test_begin
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; [ -n "${KEEP:-}" ] && cat "$tmp/log" >&2; rm -rf "$tmp"' EXIT
export PCNOPS_DB="$tmp/s.db"
"$bin" import registry tests/data/registry/map-2021-01.csv >/dev/null
. tests/scripts/lib/serve.sh
serve_start "$tmp/log" --threads 2
echo "1..21"
n=0
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
kib() { awk -v k="$1:" '$1 == k { print $2 }' /proc/$pid/status; }

# 1. Limits before the body: 16 signed-out 40 MB uploads.
head -c $((40 * 1024 * 1024)) /dev/zero >"$tmp/40mb"
rss0=$(kib VmRSS)
start=$(date +%s%N)
for i in $(seq 16); do
    curl -s -o /dev/null -w '%{http_code}\n' -X POST -H 'Content-Type: application/octet-stream' \
        --data-binary @"$tmp/40mb" "$url/import" >"$tmp/up$i" &
done
wait $(jobs -p | grep -v "^$pid\$") 2>/dev/null
ms=$(( ($(date +%s%N) - start) / 1000000 ))
peak=$(kib VmHWM)
codes=$(sort -u "$tmp"/up* | tr '\n' ' ')
check "16 signed-out 40 MB uploads are sent to sign in" "303 " "$codes"
grow=$(( (${peak:-999999999} - ${rss0:-0}) / 1024 ))
check "and the server's peak memory grew under 50 MB (from $((${rss0:-0} / 1024)) MB, grew ${grow} MB; ${ms} ms)" \
    yes "$([ -n "$rss0" ] && [ -n "$peak" ] && [ "$grow" -lt 50 ] && echo yes || echo no)"
check "a signed-out chunked upload is refused before its body" 303 \
    "$(code -X POST -H 'Transfer-Encoding: chunked' --data-binary @"$tmp/40mb" "$url/import")"
check "a Content-Length over the route's limit is refused at once (413)" 413 \
    "$(code -X POST -H 'Content-Length: 999999999999' -H 'Expect:' --max-time 5 "$url/sign-in")"

# 2. Paths decoded once; %00 and bad escapes are 400.
check "/%2561bout is not the About page" 404 "$(code "$url/%2561bout")"
check "/about is" 200 "$(code "$url/about")"
check "%00 in a static path is 400" 400 "$(code "$url/static/pcnops.css%00.txt")"
check "%00 in a route is 400" 400 "$(code "$url/pcn/U18986%00/arrs")"
check "a bad escape is 400" 400 "$(code "$url/ab%zzout")"
check "%00 in the query is 400" 400 "$(code "$url/about?x=%00")"

# Security headers on the server's own answers, and a correct Allow.
head -c 100000 /dev/zero | tr '\0' a >"$tmp/big"
hdr() { curl -s -D - -o /dev/null "$@" | tr -d '\r'; }
csp() { grep -ci '^content-security-policy: default-src' || true; }
check "400 carries the security headers" 1 "$(hdr "$url/ab%zzout" | csp)"
check "413 carries the security headers" 1 \
    "$(hdr -X POST -H 'Content-Type: application/x-www-form-urlencoded' --data-binary @"$tmp/big" "$url/sign-in" | csp)"
big=$(head -c 17000 /dev/zero | tr '\0' b)
check "headers just over LIMIT_HEADER_BYTES (16 KiB) are 431" 431 "$(code -H "X-Big: $big" "$url/healthz")"
check "431 carries the security headers" 1 "$(hdr -H "X-Big: $big" "$url/healthz" | csp)"
check "405 for a GET-only path allows GET, HEAD" "allow: GET, HEAD" \
    "$(hdr -X DELETE "$url/about" | grep -i '^allow:' | sed 's/^[Aa]llow/allow/')"
check "405 for a POST-only path allows POST" "allow: POST" \
    "$(hdr -X GET "$url/sign-out" | grep -i '^allow:' | sed 's/^[Aa]llow/allow/')"

# 4. Connections: one address holds at most 64, slow headers are cut off,
# and clients are served while 1,000 slow connections from 8 addresses try.
cat >"$tmp/slow.pl" <<'EOF'
use strict; use IO::Socket::INET; use Time::HiRes qw(time sleep);
$SIG{PIPE} = 'IGNORE';
my ($port, $addrs, $each, $secs) = @ARGV;
my @s;
for my $a (2 .. $addrs + 1) {
    for (1 .. $each) {
        my $c = IO::Socket::INET->new(PeerAddr => "127.0.0.1:$port", LocalAddr => "127.0.0.$a",
                                      Proto => 'tcp') or next;
        syswrite($c, "GET /about HTTP/1.1\r\nHost: x\r\n");
        push @s, $c;
    }
}
my $t0 = time; my $open;
while (time - $t0 < $secs) {   # one byte a second on each: never a whole header
    $open = 0;
    for my $c (@s) { next unless $c; if (defined syswrite($c, "X")) { $open++ } else { $c = undef } }
    sleep 1;
}
# a connection the server closed reads as end of file
$open = 0;
for my $c (@s) { next unless $c; my $buf; $c->blocking(0); my $r = sysread($c, $buf, 1);
                 $open++ if !defined $r && $!{EAGAIN}; }
print "$open\n";
EOF
# The slow clients trickle for 18 s: past LIMIT_HEADER_SECONDS (15 s) and the
# watchdog's tick, so that every one is cut off whichever deadline it met.
# (Over half the slots taken, the deadline is 3 s; as the first are cut the
# count can fall under half and the rest meet 15 s: checking at 6 s made the
# test fail when the machine was loaded.)
perl "$tmp/slow.pl" "$port" 8 125 18 >"$tmp/slow.out" 2>/dev/null &
slow=$!
sleep 2
served=0
for _ in $(seq 5); do [ "$(code --max-time 2 "$url/about")" = 200 ] && served=$((served + 1)); sleep 0.5; done
check "clients are served while 1,000 slow connections from 8 addresses try" 5 "$served"
wait $slow
check "slow headers are cut off (open after 18 s of 1 byte a second)" 0 "$(cat "$tmp/slow.out")"
perl -e 'use IO::Socket::INET; $SIG{PIPE} = "IGNORE"; my @s; for (1..100) { push @s, IO::Socket::INET->new("127.0.0.1:'"$port"'") } sleep 1;
         my $open = 0; for (@s) { $_->blocking(0); my $r = sysread($_, my $b, 1); $open++ if !defined $r && $!{EAGAIN} } print "$open\n"' \
    >"$tmp/per.out" 2>/dev/null
check "one address holds at most 64 connections (of 100)" 64 "$(cat "$tmp/per.out")"

check "the server is still up" 200 "$(code "$url/healthz")"
serve_stop
pid=
check "SIGINT stops the server cleanly (exit status 0)" 0 "$status"
