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
export PCNOPS_DB
# Each server has its own copy of the rules folder, as on two machines.
cp -r rules "$tmp/rules1" && cp -r rules "$tmp/rules2" && cp -r rules "$tmp/rules3"
export PCNOPS_RULES=rules
R=tests/data/registry
pw='a long password for tests'
{
    "$bin" import registry $R/map-2023-07.csv && "$bin" import list-sizes $R/all-2023-07.csv &&
    echo "$pw" | "$bin" user add m@example.invalid --role pcn-manager --org U10001 &&
    echo "$pw" | "$bin" user add x@example.invalid --role pcn-manager --org U10001 &&
    echo "$pw" | "$bin" user add a@example.invalid --role admin
} >"$tmp/setup" 2>&1 || { echo "not ok - setup"; sed 's/^/# /' "$tmp/setup"; exit 1; }
token=$("$bin" token add m@example.invalid --label two-servers 2>"$tmp/setup") ||
    { echo "not ok - setup: token"; exit 1; }

base=$((20000 + RANDOM % 20000))
p1=$base p2=$((base + 1))
PCNOPS_RULES="$tmp/rules1" "$bin" serve --listen "127.0.0.1:$p1" --threads 4 >"$tmp/log1" 2>&1 & pids="$pids $!"; pid1=$!
PCNOPS_RULES="$tmp/rules2" "$bin" serve --listen "127.0.0.1:$p2" --threads 4 >"$tmp/log2" 2>&1 & pids="$pids $!"; pid2=$!
for p in $p1 $p2; do
    for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$p/healthz" && break; sleep 0.1; done
done

pg_dir=""
case "$PCNOPS_DB" in postgres*) pg_dir=${PCNOPS_TEST_PG_DIR:-} ;; esac
echo "1..11"
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

# The rules: an admin edits a row on the first server; the second, with its
# own folder, uses the new figure within its 2-second check; a third server
# started afterwards with the old folder takes it too.
sign_in $p1 a@example.invalid "$pw" "$tmp/jara" >/dev/null
rf=2026-27/stream_rates.csv
form=$(curl -s -b "$tmp/jara" "http://127.0.0.1:$p1/admin/rules/$rf/edit?line=2")
csrf=$(printf '%s' "$form" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
head -1 rules/$rf | tr ',' '\n' >"$tmp/cols"
sed -n 2p "$tmp/rules1/$rf" >"$tmp/row"
python3 - "$tmp/cols" "$tmp/row" "$csrf" >"$tmp/post" <<'PY'
import csv, sys, urllib.parse
cols = open(sys.argv[1]).read().split()
row = next(csv.reader(open(sys.argv[2])))
row[cols.index("rate_gbp")] = "2.399"
print(urllib.parse.urlencode([("csrf", sys.argv[3]), ("line", "2")] + [("col-" + c, v) for c, v in zip(cols, row)]))
PY
st=$(curl -s -o /dev/null -w '%{http_code}' -b "$tmp/jara" --data @"$tmp/post" "http://127.0.0.1:$p1/admin/rules/$rf/edit")
grep -q '^core,registered_list,registered_list,2.399,' "$tmp/rules1/$rf"
ok $? "an admin's rules edit on the first server is written into its folder (POST $st)" "$tmp/log1"
sleep 2.2
got=$(curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$p2/api/v1/pcns/U10001/entitlements?explain=1")
grep -q '^core,registered_list,registered_list,2.399,' "$tmp/rules2/$rf" && printf '%s' "$got" | grep -q '£2.399 a year'
ok $? "... and the second server, with its own folder, uses the new rate within its check" "$tmp/log2"
PCNOPS_RULES="$tmp/rules3" "$bin" serve --listen "127.0.0.1:$((base + 2))" --threads 1 >"$tmp/log3" 2>&1 & p3pid=$!
pids="$pids $p3pid"
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$((base + 2))/healthz" && break; sleep 0.1; done
curl -s -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$((base + 2))/api/v1/pcns/U10001/entitlements"
grep -q '^core,registered_list,registered_list,2.399,' "$tmp/rules3/$rf"
ok $? "a server started later with the folder as it was takes the change from the store" "$tmp/log3"
kill $p3pid 2>/dev/null

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
