#!/usr/bin/env bash
# Two `pcnops serve` on one store behave as one (on SQLite, one file; in the
# runner's PostgreSQL pass, one database): a session made on one is valid
# on the other; failed sign-ins spread over both lock the account; 2 x 200
# concurrent audited writes leave one unbroken audit chain; an import by
# one process is seen whole or not at all by another.  In the
# PostgreSQL pass, the database is also stopped and started again under the
# running servers: requests meanwhile get 503 and no server crashes, and
# they recover on their own.  TAP output.
set -u
cd "$(dirname "$0")/../.."
bin=build/pcnops
tmp=$(mktemp -d)
pids=""
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$tmp"' EXIT
. tests/scripts/lib/store.sh
PCNOPS_DB=$(test_store "$tmp/two.db") || { echo "not ok - setup: no store"; exit 1; }
export PCNOPS_DB PCNOPS_RULES=rules
R=tests/data/registry
pw='a long password for tests'
{
    "$bin" import registry $R/map-2023-07.csv && "$bin" import list-sizes $R/all-2023-07.csv &&
    echo "$pw" | "$bin" user add m@example.invalid --role pcn-manager --org U10001 &&
    echo "$pw" | "$bin" user add x@example.invalid --role pcn-manager --org U10001
} >"$tmp/setup" 2>&1 || { echo "not ok - setup"; sed 's/^/# /' "$tmp/setup"; exit 1; }
token=$("$bin" token add m@example.invalid --label two-servers 2>"$tmp/setup") ||
    { echo "not ok - setup: token"; exit 1; }

base=$((20000 + RANDOM % 20000))
p1=$base p2=$((base + 1))
"$bin" serve --listen "127.0.0.1:$p1" --threads 4 >"$tmp/log1" 2>&1 & pids="$pids $!"; pid1=$!
"$bin" serve --listen "127.0.0.1:$p2" --threads 4 >"$tmp/log2" 2>&1 & pids="$pids $!"; pid2=$!
for p in $p1 $p2; do
    for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$p/healthz" && break; sleep 0.1; done
done

pg_dir=""
case "$PCNOPS_DB" in postgres*) pg_dir=${PCNOPS_TEST_PG_DIR:-} ;; esac
echo "1..8"
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; [ -n "${3:-}" ] && sed 's/^/# /' "$3" | head -20; fi; }

sign_in() { # PORT EMAIL PASSWORD JAR: prints the status of the POST
    local form signin
    form=$(curl -s -c "$4" "http://127.0.0.1:$1/sign-in")
    signin=$(printf '%s' "$form" | sed -n 's/.*name="signin" value="\([^"]*\)".*/\1/p' | head -1)
    curl -s -o /dev/null -w '%{http_code}' -b "$4" -c "$4" --data-urlencode "email=$2" \
        --data-urlencode "password=$3" --data-urlencode "signin=$signin" "http://127.0.0.1:$1/sign-in"
}

st=$(sign_in $p1 m@example.invalid "$pw" "$tmp/jar")
code=$(curl -s -o "$tmp/page" -w '%{http_code}' -b "$tmp/jar" "http://127.0.0.1:$p2/pcn/U10001")
[ "$st" = 303 ] && [ "$code" = 200 ] && grep -q U10001 "$tmp/page"
ok $? "signed in on the first server, the cookie works on the second (sign-in $st, page $code)"

codes=""
for i in 1 2 3 4 5; do
    p=$p1; [ $((i % 2)) = 0 ] && p=$p2
    codes="$codes $(sign_in $p x@example.invalid 'not the password at all' "$tmp/jar$i")"
done
after=$(sign_in $p2 x@example.invalid "$pw" "$tmp/jarx")
[ "$codes" = " 401 401 401 401 401" ] && [ "$after" = 429 ]
ok $? "five failed sign-ins spread over both lock the account on either (got$codes, then $after)"

seq 400 | xargs -P 8 -I{} sh -c 'p=$(( {} % 2 ? '"$p1"' : '"$p2"' )); curl -s -o /dev/null -w "%{http_code}\n" -H "Authorization: Bearer '"$token"'" -H "Content-Type: application/json" --data "{\"date\": \"2026-11-16\", \"minutes\": 1, \"category\": \"practices\", \"title\": \"w{}\"}" "http://127.0.0.1:$p/api/v1/pcns/U10001/time"' >"$tmp/codes"
created=$(grep -c '^201$' "$tmp/codes")
[ "$created" = 400 ]
ok $? "2 x 200 concurrent writes through both servers all saved ($created of 400 got 201)" "$tmp/codes"

"$bin" audit verify >"$tmp/o" 2>&1 &&
    [ "$(store_sql "SELECT COUNT(*) FROM audit_log WHERE action = 'desk-time-add'")" -ge 400 ]
ok $? "... each audited, and the audit chain is unbroken" "$tmp/o"

# An import is seen whole or not at all: England's list sizes (6,139 rows)
# imported by one process while another counts them again and again.
"$bin" import registry data/nhs/gp-reg-pat-prac-map-2026-07.csv >/dev/null 2>"$tmp/e" ||
    { echo "not ok - setup: national registry"; cat "$tmp/e"; }
"$bin" import list-sizes data/nhs/gp-reg-pat-prac-quin-age-2026-07.csv.gz >"$tmp/imp" 2>&1 &
imp=$!
q="SELECT COUNT(*) FROM list_size WHERE list_date = '2026-07-01'"
: >"$tmp/seen"
while kill -0 $imp 2>/dev/null; do store_sql "$q" >>"$tmp/seen" 2>&1; done
wait $imp; st=$?
store_sql "$q" >>"$tmp/seen"
whole=$(tail -1 "$tmp/seen")
[ $st = 0 ] && [ "$whole" -gt 6000 ] && ! grep -qv -e '^0$' -e "^$whole\$" "$tmp/seen"
ok $? "an import is seen whole or not at all by another process ($(sort -u "$tmp/seen" | tr '\n' ' ')over $(grep -c '' "$tmp/seen") looks)" "$tmp/seen"

if [ -z "$pg_dir" ]; then
    for t in "requests while the database is down get 503" "the servers recover on their own when it is back" \
             "no server crashed"; do
        n=$((n + 1)); echo "ok $n # SKIP $t: runs on the runner's own PostgreSQL cluster"
    done
    exit 0
fi
tests/pgcluster down "$pg_dir"
d1=$(curl -s -o /dev/null -w '%{http_code}' -b "$tmp/jar" "http://127.0.0.1:$p1/pcn/U10001")
d2=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$p2/healthz")
d3=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "http://127.0.0.1:$p2/api/v1/pcns/U10001")
tests/pgcluster up "$pg_dir"
[ "$d1" = 503 ] && [ "$d2" = 503 ] && [ "$d3" = 503 ]
ok $? "requests while the database is down get 503 (page $d1, health $d2, API $d3)"

u1=$(curl -s -o /dev/null -w '%{http_code}' -b "$tmp/jar" "http://127.0.0.1:$p1/pcn/U10001")
u2=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$p2/healthz")
u3=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "http://127.0.0.1:$p2/api/v1/pcns/U10001")
[ "$u1" = 200 ] && [ "$u2" = 200 ] && [ "$u3" = 200 ]
ok $? "the servers recover on their own when it is back (page $u1, health $u2, API $u3)"

kill -0 "$pid1" 2>/dev/null && kill -0 "$pid2" 2>/dev/null
ok $? "no server crashed" "$tmp/log1"
