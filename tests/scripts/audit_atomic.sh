#!/usr/bin/env bash
# Issue 17, defect 5: a change and its audit entry are one transaction.  With
# the store refusing every new audit entry (a trigger added for the test),
# each change on the command line and on the web fails and writes nothing:
# no staff record, no imported rows, no beds, CAIP share, distribution,
# rule override, account, account change or API token without its entry.  (Before, the change was committed first
# and the entry written after.)  TAP output.
set -u
cd "$(dirname "$0")/../.."
. tests/scripts/lib/begin.sh
test_begin
. tests/scripts/lib/store.sh
store_begin atomictest
R=tests/data/registry
pass='a long password for tests'
{
    "$bin" import registry $R/map-2021-01.csv &&
    echo "$pass" | "$bin" user add m@example.invalid --role pcn-manager --org U10001
} >"$tmp/setup" 2>&1 || { echo "not ok - setup:"; sed 's/^/# /' "$tmp/setup"; exit 1; }

# Sign in before the log refuses entries (a sign-in is audited too).
port=$((8300 + RANDOM % 100))
url="http://127.0.0.1:$port"
"$bin" serve --listen "127.0.0.1:$port" --threads 2 >"$tmp/log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "$url/healthz" && break; sleep 0.05; done
jar=$tmp/jar
. tests/scripts/lib/serve.sh
serve_sign_in m@example.invalid "$pass" "$jar" >/dev/null
csrf=$(serve_csrf "$jar" "/pcn/U10001/arrs/staff")

case "$PCNOPS_DB" in
postgres*) store_sql "CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN RAISE EXCEPTION 'audit refused for the test'; END \$\$;
                      CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_audit()" ;;
*) store_sql "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit refused for the test'); END" ;;
esac >/dev/null

# description | table that must not change | command
cases=$(cat <<'CASES'
staff add on the command line|arrs_staff|staff add U10001 --name "Priya Shah" --role clinical_pharmacist --wte 1.0 --start 2025-04-01 --cost 80000
list sizes import|list_size|import list-sizes tests/data/registry/quin-2021-01.csv
registry import|org_version|import registry tests/data/registry/map-2023-07.csv
set beds|care_home_beds|set beds U10001 --month 2026-01 --beds 5
set caip|caip_achievement|set caip U10001 --year 2025/26 --achieved 50
set distribution|distribution|set distribution U10001 --year 2025/26 --method weighted
rules override|rule_override|rules override --pcn U10001 --file arrs_maxima --row care_coordinator/national --value 24000 --from 2026-04-01 --source "Claim statement" --source-date 2026-10-05
user add|app_user|user add n@example.invalid --role admin <<<"$pass"
user disable|app_user WHERE disabled = 1|user disable m@example.invalid
user role|app_user WHERE role = 'clinical-director'|user role m@example.invalid --role clinical-director --org U10001
token add|api_token|token add m@example.invalid --label test
CASES
)
echo "1..$(( $(echo "$cases" | grep -c .) + 3 ))"
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; [ -n "${3:-}" ] && sed 's/^/# /' "$3" | head -10; fi; }
while IFS='|' read -r what table cmd; do
    before=$(store_sql "SELECT COUNT(*) FROM $table")
    eval "\"$bin\" $cmd" >"$tmp/o" 2>&1
    st=$?
    after=$(store_sql "SELECT COUNT(*) FROM $table")
    [ $st != 0 ] && [ "$before" = "$after" ] && grep -q "audit refused for the test" "$tmp/o"
    ok $? "$what: refused with the log's error, $table as it was ($before rows, now $after)" "$tmp/o"
done <<<"$cases"

before=$(store_sql "SELECT COUNT(*) FROM arrs_staff")
st=$(curl -s -o "$tmp/body" -w '%{http_code}' -b "$jar" --data-urlencode "csrf=$csrf" \
    --data-urlencode "name=Sam Jones" --data-urlencode role=clinical_pharmacist \
    --data-urlencode zone=national --data-urlencode employment=employed \
    --data-urlencode start-day=1 --data-urlencode start-month=4 --data-urlencode start-year=2026 \
    --data-urlencode wte=1.0 --data-urlencode annual_cost=52000 "$url/pcn/U10001/arrs/staff")
after=$(store_sql "SELECT COUNT(*) FROM arrs_staff")
[ -n "$csrf" ] && [ "$st" = 500 ] && [ "$before" = "$after" ]
ok $? "staff added on the web: 500 and no record ($before, now $after; status $st)" "$tmp/log"

# A sign-in opens its session only with its audit entry: refused, no new
# session, and the browser given no session cookie.
before=$(store_sql "SELECT COUNT(*) FROM session")
jar2=$tmp/jar2
curl -s -c "$jar2" -o /dev/null "$url/sign-in"
t=$(awk '$6 == "pcnops_signin" { print $7 }' "$jar2")
st=$(curl -s -o "$tmp/body" -w '%{http_code}' -b "$jar2" -c "$jar2" --data-urlencode "email=m@example.invalid" \
    --data-urlencode "password=$pass" --data-urlencode "signin=$t" "$url/sign-in")
after=$(store_sql "SELECT COUNT(*) FROM session")
[ "$st" = 500 ] && [ "$before" = "$after" ] && ! awk '$6 == "pcnops" { f = 1 } END { exit !f }' "$jar2"
ok $? "sign-in: 500 and no session ($before sessions, now $after; status $st)" "$tmp/body"
# A sign-out ends the session only with its entry: the session stays.
before=$(store_sql "SELECT COUNT(*) FROM session")
st=$(curl -s -o "$tmp/body" -w "%{http_code}" -b "$jar" --data-urlencode "csrf=$csrf" "$url/sign-out")
after=$(store_sql "SELECT COUNT(*) FROM session")
[ "$st" = 500 ] && [ "$before" = "$after" ] && [ "$after" -ge 1 ]
ok $? "sign-out: 500, the session kept while its entry cannot be written ($before, now $after; status $st)" "$tmp/body"
