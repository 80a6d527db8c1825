#!/usr/bin/env bash
# ARRS on the command line: the JSON the issue promises, exit statuses, and
# that refused input writes nothing.  TAP output.
set -u
cd "$(dirname "$0")/../.."
. tests/scripts/lib/begin.sh
test_begin
. tests/scripts/lib/store.sh
PCNOPS_DB=$(test_store "$tmp/a.db") || { echo "not ok - setup: no store"; exit 1; }
export PCNOPS_DB PCNOPS_TODAY=2025-10-20
R=tests/data/registry
"$bin" import registry $R/map-2023-07.csv >/dev/null
"$bin" import list-sizes $R/all-2023-07.csv >/dev/null
n=0
echo "1..13"
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; [ -n "${3:-}" ] && sed 's/^/# /' "$3"; fi; }
has() { grep -qF -- "$2" "$1"; }

"$bin" staff add U10001 --name "Priya Shah" --role clinical_pharmacist --wte 1.0 --start 2025-04-01 --cost 80000 >"$tmp/o" 2>&1
ok $? "staff add" "$tmp/o"
"$bin" staff add U10001 --name "Sam Lee" --role clinical_pharmacist --wte 0.6 --start 2025-09-16 --cost 80000 >"$tmp/o" 2>&1
ok $? "staff add a part-timer" "$tmp/o"

"$bin" arrs claims U10001 --year 2025/26 --month 2025-09 --json >"$tmp/o" 2>&1
has "$tmp/o" '"staff_id": 1' && has "$tmp/o" '"month": "2025-09"' && has "$tmp/o" '"claim_pence": 558100' &&
    has "$tmp/o" '"claim_pence": 167430' && has "$tmp/o" '"total_pence": 725530'
ok $? "arrs claims --json: lines of {staff_id, month, claim_pence} and total_pence" "$tmp/o"

# The national run: every post's year, its total the sum of the PCN's months.
sum=0
for mo in 2025-04 2025-05 2025-06 2025-07 2025-08 2025-09 2025-10 2025-11 2025-12 2026-01 2026-02 2026-03; do
    t=$("$bin" arrs claims U10001 --year 2025/26 --month $mo --json | sed -n 's/.*"total_pence": \([0-9]*\).*/\1/p' | tail -1)
    sum=$((sum + ${t:-0}))
done
"$bin" arrs claims --all --year 2025/26 --json >"$tmp/o" 2>&1
has "$tmp/o" '"posts": 2' && has "$tmp/o" "\"total_pence\": $sum" && [ "$sum" -gt 0 ]
ok $? "arrs claims --all: every post's year, the sum of the months ($sum pence)" "$tmp/o"

"$bin" arrs forecast U10001 --year 2025/26 --json >"$tmp/o" 2>&1
has "$tmp/o" '"sum_pence"' && has "$tmp/o" '"claimed_pence": 0' && has "$tmp/o" '"forecast_pence"' && has "$tmp/o" '"headroom_pence"'
ok $? "arrs forecast --json: sum, claimed, forecast and headroom" "$tmp/o"

"$bin" arrs claims U10001 --month 2025-09 --draft >"$tmp/o" 2>&1
has "$tmp/o" "Drafted 2 claim lines for 2025-09."
ok $? "draft the month's claim" "$tmp/o"

"$bin" arrs claim 1 --month 2025-09 --status submitted --on-date 2025-10-05 >"$tmp/o" 2>&1 &&
    "$bin" arrs claim 1 --month 2025-09 --status approved --on-date 2025-10-20 --amount 5581 >>"$tmp/o" 2>&1
ok $? "submit and approve a claim" "$tmp/o"

"$bin" arrs forecast U10001 --year 2025/26 --json >"$tmp/o" 2>&1
has "$tmp/o" '"claimed_pence": 558100'
ok $? "the approved claim counts as claimed" "$tmp/o"

"$bin" arrs claim 2 --month 2025-09 --status paid --on-date 2025-10-20 --amount 5 >"$tmp/o" 2>&1
st=$?
[ $st = 1 ] && has "$tmp/o" "the claim for 2025-09 is draft; it can only become submitted"
ok $? "a claim cannot skip a step (exit 1)" "$tmp/o"

[ -f "$PCNOPS_DB" ] && cp "$PCNOPS_DB" "$tmp/before.db"
"$bin" staff add U10001 --name "Priya Shah" --role clinical_pharmacist --wte 0.5 --start 2025-06-01 --cost 40000 >"$tmp/o" 2>&1
st=$?
[ $st = 1 ] && has "$tmp/o" "overlaps Priya Shah's post"
ok $? "an overlapping contract is refused (exit 1)" "$tmp/o"
"$bin" staff list U10001 --json >"$tmp/o" 2>&1
[ "$(grep -c '"name"' "$tmp/o")" = 2 ]
ok $? "... and nothing was written" "$tmp/o"

"$bin" staff add U10001 --name X --role clinical_pharmacist --wte lots --start 2025-06-01 >"$tmp/o" 2>&1
[ $? = 2 ]
ok $? "a malformed option is a usage error (exit 2)" "$tmp/o"

printf 'name,role,min_wte,max_wte,weight,earliest,band,pay_point,annual_cost,zone\nA,clinical_pharmacist,0.5,1.0,5,2025-11,,,70000,national\n' >"$tmp/posts.csv"
"$bin" arrs plan U10001 --posts "$tmp/posts.csv" --year 2025/26 --json >"$tmp/o" 2>&1
has "$tmp/o" '"best"' && has "$tmp/o" '"alternatives"' && has "$tmp/o" '"start_month": "2025-11"'
ok $? "arrs plan --json" "$tmp/o"
