#!/usr/bin/env bash
# Crash tests (issue 17): kill -9 at a random moment during the national
# list-size import, during web writes (ARRS staff added through the form)
# and during a rules change (a PCN's own figure, `pcnops rules override`),
# CRASH_TRIALS (20) trials each.  After every kill the store passes its
# integrity check (SQLite's PRAGMA integrity_check; on PostgreSQL, the rows'
# consistency: every post has its terms, every list size its practice), holds all or none
# of the change, never a change without its audit entry, and
# `pcnops audit verify` passes.  Each kill falls at random from the start to a
# quarter past the time one whole run takes on the machine at the moment
# (measured first), so that some trials are cut off and some complete,
# however loaded the machine.  TAP output.
set -u
cd "$(dirname "$0")/../.."
. tests/scripts/lib/begin.sh
test_begin KILL
. tests/scripts/lib/store.sh
store_begin crashtest -
# The import on a store of England's registry; the web writes and the rules
# changes on a small one, whose integrity check takes milliseconds.
national=$(test_store "$tmp/national.db") && small=$(test_store "$tmp/small.db") ||
    { echo "not ok - setup: no store"; exit 1; }
export PCNOPS_DB=$national
trials=${CRASH_TRIALS:-20}
port=$((8300 + RANDOM % 100))
pass='a long password for tests'
{
    "$bin" import registry data/nhs/gp-reg-pat-prac-map-2026-07.csv &&
    PCNOPS_DB=$small "$bin" import registry tests/data/registry/map-2021-01.csv &&
    echo "$pass" | PCNOPS_DB=$small "$bin" user add m@example.invalid --role pcn-manager --org U10001
} >"$tmp/setup" 2>&1 || { echo "not ok - setup:"; sed 's/^/# /' "$tmp/setup"; exit 1; }
pcn=U10001

echo "1..3"
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; [ -n "${3:-}" ] && sed 's/^/# /' "$3" | head -30; fi; }
q() { store_sql "$1"; }
# A random delay from 0 to $1 milliseconds, as seconds for sleep.
delay() { awk -v r=$RANDOM -v max="$1" 'BEGIN { printf "%.3f", (r % max) / 1000 }'; }

integrity() {
    case "$PCNOPS_DB" in
    postgres*) [ "$(q "SELECT (SELECT COUNT(*) FROM arrs_staff s WHERE NOT EXISTS (SELECT 1 FROM arrs_terms t WHERE t.staff_id = s.id))
                              + (SELECT COUNT(*) FROM list_size l WHERE NOT EXISTS (SELECT 1 FROM org o WHERE o.code = l.practice_code))")" = 0 ] ;;
    *) [ "$(q "PRAGMA integrity_check")" = ok ] && [ -z "$(q "PRAGMA foreign_key_check")" ] ;;
    esac
}
verify() { "$bin" audit verify >"$tmp/v" 2>&1 || { cat "$tmp/v" >>"$1"; return 1; }; }

# ---- 1. the national list-size import ------------------------------------
file=data/nhs/gp-reg-pat-prac-quin-age-2026-07.csv.gz
all=6139 bad=0 landed=0
# How long one whole import takes here and now: the kills fall from 0 to a
# quarter past it, so that some trials are cut off and some complete.
ms() { date +%s%3N; }
t0=$(ms); "$bin" import list-sizes "$file" >/dev/null 2>&1; span=$(( ($(ms) - t0) * 5 / 4 + 1 ))
for i in $(seq "$trials"); do
    before=$(q "DELETE FROM list_size; SELECT COUNT(*) FROM audit_log WHERE action = 'import' AND target_code = '$file'")
    "$bin" import list-sizes "$file" >/dev/null 2>&1 &
    p=$!
    sleep "$(delay $span)"
    kill -9 $p 2>/dev/null
    wait $p 2>/dev/null
    IFS='|' read -r rows entries <<<"$(q "SELECT (SELECT COUNT(*) FROM list_size), (SELECT COUNT(*) FROM audit_log WHERE action = 'import' AND target_code = '$file')")"
    entries=$((entries - before))
    good=1
    integrity || { good=0; echo "trial $i: the integrity check failed" >>"$tmp/e1"; }
    verify "$tmp/e1" || good=0
    { [ "$rows" = 0 ] && [ "$entries" = 0 ]; } || { [ "$rows" = "$all" ] && [ "$entries" = 1 ]; } || good=0
    if [ $good = 0 ]; then
        bad=$((bad + 1)); echo "trial $i: $rows rows, $entries new entries" >>"$tmp/e1"
    fi
    [ "$rows" = "$all" ] && landed=$((landed + 1))
done
ok $bad "list-size import killed at random, $trials trials ($landed complete): integrity, all or none, each with its entry" "$tmp/e1"

# ---- 2. web writes ---------------------------------------------------------
export PCNOPS_DB=$small
start_server() {
    "$bin" serve --listen "127.0.0.1:$port" --threads 4 >>"$tmp/log" 2>&1 &
    pid=$!
    for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && return 0; sleep 0.05; done
    return 1
}
url="http://127.0.0.1:$port"
start_server || { echo "not ok - the server did not start"; exit 1; }
jar=$tmp/jar
. tests/scripts/lib/serve.sh
serve_sign_in m@example.invalid "$pass" "$jar" >/dev/null
csrf=$(serve_csrf "$jar" "/pcn/$pcn/arrs/staff")
[ -n "$csrf" ] || { echo "not ok - setup: no CSRF token (not signed in?)"; exit 1; }
bad=0 added=0
for i in $(seq "$trials"); do
    (
        for k in $(seq 200); do
            curl -s -o /dev/null -b "$jar" --max-time 2 --data-urlencode "csrf=$csrf" \
                --data-urlencode "name=Crash $i-$k" --data-urlencode role=clinical_pharmacist \
                --data-urlencode zone=national --data-urlencode employment=employed \
                --data-urlencode start-day=1 --data-urlencode start-month=4 --data-urlencode start-year=2026 \
                --data-urlencode wte=1.0 --data-urlencode annual_cost=52000 "$url/pcn/$pcn/arrs/staff" || exit 0
        done
    ) &
    writer=$!
    sleep "$(delay 300)"; sleep 0.05
    kill -9 $pid
    wait $pid 2>/dev/null
    wait $writer 2>/dev/null
    IFS='|' read -r posts entries <<<"$(q "SELECT (SELECT COUNT(*) FROM arrs_staff), (SELECT COUNT(*) FROM audit_log WHERE action = 'staff-add')")"
    if ! integrity || ! verify "$tmp/e2" || [ "$posts" != "$entries" ]; then
        bad=$((bad + 1)); echo "trial $i: $posts posts, $entries staff-add entries" >>"$tmp/e2"
    fi
    start_server || { bad=$((bad + 1)); echo "trial $i: the server did not start again" >>"$tmp/e2"; }
done
added=$(q "SELECT COUNT(*) FROM arrs_staff")
[ "$added" -gt 0 ] || { bad=$((bad + 1)); echo "no post was ever added: the writes did not work" >>"$tmp/e2"; }
kill -9 $pid; wait $pid 2>/dev/null; pid=""
ok $bad "server killed during web writes ($added posts added), $trials trials: integrity, every post with its terms and its entry" "$tmp/e2"

# ---- 3. a rules change -----------------------------------------------------
bad=0
t0=$(ms)
"$bin" rules override --pcn $pcn --file arrs_maxima --row care_coordinator/national --value 24000 \
    --from 2026-04-01 --source "Claim statement 0" --source-date 2026-10-05 >/dev/null 2>&1
span=$(( ($(ms) - t0) * 5 / 4 + 1 ))
for i in $(seq "$trials"); do
    "$bin" rules override --pcn $pcn --file arrs_maxima --row care_coordinator/national \
        --value $((24000 + i)) --from 2026-04-01 --source "Claim statement $i" \
        --source-date 2026-10-05 >/dev/null 2>&1 &
    p=$!
    sleep "$(delay $span)"
    kill -9 $p 2>/dev/null
    wait $p 2>/dev/null
    IFS='|' read -r rows entries <<<"$(q "SELECT (SELECT COUNT(*) FROM rule_override), (SELECT COUNT(*) FROM audit_log WHERE action = 'rules-override-add')")"
    if ! integrity || ! verify "$tmp/e3" || [ "$rows" != "$entries" ]; then
        bad=$((bad + 1)); echo "trial $i: $rows overrides, $entries entries" >>"$tmp/e3"
    fi
done
ok $bad "rules override killed at random, $trials trials ($((rows - 1)) saved): integrity, each override with its entry" "$tmp/e3"
