#!/usr/bin/env bash
# `pcnops demo load PCN` (demo.h) on a fresh store with the bundled July 2026
# registry and June 2026 workforce census: the demo PCN's ARRS register,
# claims in each state and desk are populated and marked as demo data, the
# audit log holds every change, a second run changes nothing, the dates
# follow today, and a load that fails writes nothing.  TAP output.
set -u
cd "$(dirname "$0")/../.."
. tests/scripts/lib/begin.sh
test_begin
. tests/scripts/lib/store.sh
n=0
echo "1..17"
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; [ -n "${3:-}" ] && sed 's/^/# /' "$3"; fi; }
has() { grep -qF -- "$2" "$1"; }
fresh() { # NAME: a store with the bundled registry and list sizes
    PCNOPS_DB=$(test_store "$tmp/$1.db") || return 1
    export PCNOPS_DB
    "$bin" import registry data/nhs/gp-reg-pat-prac-map-2026-07.csv >/dev/null &&
        "$bin" import list-sizes data/nhs/gp-reg-pat-prac-quin-age-2026-07.csv.gz >/dev/null
}
# Every table the loader writes, and the audit log, as one line.
counts() {
    store_sql "SELECT (SELECT COUNT(*) FROM arrs_staff) || ' ' || (SELECT COUNT(*) FROM arrs_terms)
        || ' ' || (SELECT COUNT(*) FROM arrs_claim) || ' ' || (SELECT COUNT(*) FROM desk_activity)
        || ' ' || (SELECT COUNT(*) FROM desk_request) || ' ' || (SELECT COUNT(*) FROM desk_stakeholder)
        || ' ' || (SELECT COUNT(*) FROM desk_engagement) || ' ' || (SELECT COUNT(*) FROM desk_supervision)
        || ' ' || (SELECT COUNT(*) FROM demo_record) || ' ' || (SELECT COUNT(*) FROM demo_load)
        || ' ' || (SELECT COUNT(*) FROM audit_log)"
}

export PCNOPS_TODAY=2026-12-01
fresh a || { echo "not ok - setup: no store"; exit 1; }
"$bin" demo load U18986 >"$tmp/o" 2>&1
st=$?
[ $st = 0 ] && has "$tmp/o" "Demo data for U18986, marked as such: 10 ARRS posts from the workforce census (10 with pay estimated from the role's band), 42 monthly claims"
ok $? "demo load: the census's 10 ARRS posts of U18986, priced, and 42 claims" "$tmp/o"

store_sql "SELECT COUNT(*) FROM arrs_staff s JOIN demo_record d ON d.kind = 'staff' AND d.record_id = s.id
           WHERE s.pcn_code = 'U18986' AND s.start_date = '2026-06-01' AND s.end_date IS NULL" >"$tmp/o" 2>&1
[ "$(cat "$tmp/o")" = 10 ]
ok $? "the ARRS register: 10 posts in post from 1 June 2026, each marked as demo data" "$tmp/o"

store_sql "SELECT band || ' ' || pay_point FROM arrs_terms t JOIN arrs_staff s ON s.id = t.staff_id
           WHERE s.staff_ref = '135910'" >"$tmp/o" 2>&1
[ "$(cat "$tmp/o")" = "7 intermediate" ]
ok $? "a clinical pharmacist (band 7-8a) is priced at band 7, intermediate point" "$tmp/o"

store_sql "SELECT month || ' ' || status || ' ' || COUNT(*) FROM arrs_claim WHERE pcn_code = 'U18986'
           GROUP BY month, status ORDER BY month" >"$tmp/o" 2>&1
printf '%s\n' "2026-06 paid 7" "2026-07 paid 7" "2026-08 paid 7" "2026-09 approved 7" \
    "2026-10 submitted 7" "2026-11 draft 7" | diff - "$tmp/o" >"$tmp/d"
ok $? "six months of claims: three paid, then approved, submitted and last month's a draft" "$tmp/d"

store_sql "SELECT COUNT(*) FROM arrs_claim WHERE status = 'paid' AND (paid_pence <> claim_pence
           OR approved_pence <> claim_pence OR submitted_on > approved_on OR approved_on > paid_on
           OR paid_on > '2026-12-01')" >"$tmp/o" 2>&1
[ "$(cat "$tmp/o")" = 0 ]
ok $? "paid claims: the amounts claimed, dates in order and not after today" "$tmp/o"

"$bin" arrs forecast U18986 --json >"$tmp/o" 2>&1
has "$tmp/o" '"claimed_pence": 122893' || has "$tmp/o" '"claimed_pence": 1228934'
ok $? "the year's position counts the claims submitted, approved and paid" "$tmp/o"

store_sql "SELECT COUNT(*), MIN(activity_date), MAX(activity_date) FROM desk_activity
           WHERE pcn_code = 'U18986' AND source = 'demo'" >"$tmp/o" 2>&1
[ "$(cat "$tmp/o")" = "29|2026-11-02|2026-11-27" ]
ok $? "the desk: 29 activities over the last four complete weeks, their source demo" "$tmp/o"

"$bin" desk stakeholders U18986 >"$tmp/o" 2>&1
has "$tmp/o" "Satvir Kaur MP" && has "$tmp/o" "Darren Paffey MP" && has "$tmp/o" "Caroline Nokes MP" &&
    has "$tmp/o" "NHS Hampshire and Isle of Wight Integrated Care Board"
ok $? "stakeholders: the ICB and Southampton's three sitting MPs from the bundled list" "$tmp/o"

store_sql "SELECT decision || ' ' || COUNT(*) FROM desk_request WHERE pcn_code = 'U18986'
           GROUP BY decision ORDER BY decision" >"$tmp/o" 2>&1
printf '%s\n' "accept 1" "decline 1" "delegate 1" "pending 2" | diff - "$tmp/o" >"$tmp/d"
ok $? "requests: accepted, delegated, declined and two awaiting a decision" "$tmp/d"

"$bin" desk supervision U18986 >"$tmp/o" 2>&1
has "$tmp/o" "1 overdue."
ok $? "supervision: sessions for each post, one overdue" "$tmp/o"

store_sql "SELECT kind || ' ' || COUNT(*) FROM demo_record GROUP BY kind ORDER BY kind" >"$tmp/o" 2>&1
printf '%s\n' "activity 29" "engagement 2" "request 5" "session 59" "staff 10" "stakeholder 9" |
    diff - "$tmp/o" >"$tmp/d"
ok $? "every record made is marked as demo data" "$tmp/d"

"$bin" audit verify >"$tmp/o" 2>&1 &&
    [ "$(store_sql "SELECT COUNT(*) FROM audit_log WHERE action IN ('demo-load', 'staff-import',
        'staff-change', 'claims-draft', 'claim-status', 'desk-time-add', 'desk-request-add',
        'desk-stakeholder-add', 'desk-engagement-add', 'desk-supervision-add')")" = 178 ]
ok $? "every change is in the audit log, whose chain is intact" "$tmp/o"

before=$(counts)
"$bin" demo load U18986 >"$tmp/o" 2>&1
st=$?
[ $st = 0 ] && has "$tmp/o" "U18986 already has its demo data (loaded on 2026-12-01): nothing changed." &&
    [ "$(counts)" = "$before" ]
ok $? "a second run changes nothing (rows and audit log: $before)" "$tmp/o"

# A failing load writes nothing: a census with a bad line, a PCN not known.
printf 'Data_source,CENSUS_YEAR,CENSUS_MONTH,PCN_CODE,DETAILED_STAFF_ROLE,FTE,UNIQUE_IDENTIFIER\nNWRS Staff,2026,6,U18986,Pharmacist,lots,1\n' >"$tmp/bad.csv"
fresh b || { echo "not ok - setup: no store"; exit 1; }
before=$(counts)
"$bin" demo load U18986 --census "$tmp/bad.csv" >"$tmp/o" 2>&1
st=$?
[ $st = 1 ] && has "$tmp/o" "bad.csv:2: field FTE" && has "$tmp/o" "no demo data was written" &&
    [ "$(counts)" = "$before" ]
ok $? "a census with a bad line: FILE:LINE: field, exit 1, nothing written" "$tmp/o"
"$bin" demo load U99999 >"$tmp/o" 2>&1
st=$?
[ $st = 1 ] && [ "$(counts)" = "$before" ]
ok $? "a PCN not in the registry: exit 1, nothing written" "$tmp/o"

# A failure after the posts and claims are written (the list of MPs is
# wrong): the one transaction leaves nothing, and no audit entry.
mkdir -p "$tmp/x/data/parliament"
cp -r rules "$tmp/x/rules"
head -1 data/parliament/mp-lookup-2026-06.csv >"$tmp/x/data/parliament/mp-lookup-2026-06.csv"
echo '"Nowhere","E1400","1","Nobody MP","Nobody","None","x","","","","","","","","","","","","","",""' >>"$tmp/x/data/parliament/mp-lookup-2026-06.csv"
"$bin" demo load U18986 --rules "$tmp/x/rules" --census data/nhs/pcn-workforce-individual-2026-06.csv.gz >"$tmp/o" 2>&1
st=$?
[ $st = 1 ] && has "$tmp/o" "mp-lookup-2026-06.csv:2" && has "$tmp/o" "no demo data was written" &&
    [ "$(counts)" = "$before" ]
ok $? "a failure after posts and claims are written (a bad list of MPs): nothing kept, not even audit entries" "$tmp/o"

# The dates follow today: a year and a half on, the same demo is current;
# the rules do not know 2027/28's pay and maxima yet, so its claims say so.
export PCNOPS_TODAY=2028-05-10
"$bin" demo load U18986 >"$tmp/o" 2>&1 &&
    has "$tmp/o" "10 ARRS posts from the workforce census (10 with pay estimated from the role's band), 0 monthly claims (60 more cannot be worked out from the rules)" &&
    [ "$(store_sql "SELECT MIN(start_date) FROM arrs_staff")" = "2027-11-01" ] &&
    [ "$(store_sql "SELECT MIN(activity_date) || ' ' || MAX(activity_date) FROM desk_activity")" = "2028-04-10 2028-05-05" ]
ok $? "with PCNOPS_TODAY=2028-05-10: posts from 1 November 2027, time over the last four weeks, claims not known" "$tmp/o"
