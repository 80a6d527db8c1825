#!/usr/bin/env bash
# Every PCN in England from the real national files (data/nhs/, July 2026),
# for 2025/26: the totals of `pcnops entitlements --all --csv` must equal an
# independent sum worked out by sqlite3 from the same CSV files and the
# rates in rules/2025-26/stream_rates.csv.
#
# With only the July 2026 files loaded, the registered list of July 2026
# stands in for every base (no populations, no beds: the result is all
# estimates), which the independent sum does the same way:
#   annual(PCN, stream) = rate × R, rounded half up to the penny
# (the care home premium is 0: no beds are entered; participation has no
# known rate in 2025/26 and neither side computes it).
# summed over the PCNs of the map (PCN code not "U") and their practices'
# SEX=ALL, AGE=ALL list sizes.
set -u
cd "$(dirname "$0")/../.."
. tests/scripts/lib/begin.sh
test_begin
. tests/scripts/lib/store.sh
PCNOPS_DB=$(test_store "$tmp/national.db") || { echo "not ok - setup: no store"; exit 1; }
export PCNOPS_DB PCNOPS_TODAY=2026-11-23 PCNOPS_RULES=rules
map=data/nhs/gp-reg-pat-prac-map-2026-07.csv
quin=data/nhs/gp-reg-pat-prac-quin-age-2026-07.csv.gz
echo "1..3"
if ! command -v sqlite3 >/dev/null; then
    for i in 1 2 3; do echo "ok $i # SKIP sqlite3 is not installed (scripts/setup installs it)"; done
    exit 0
fi
if ! "$bin" import registry "$map" >/dev/null 2>"$tmp/err" ||
   ! "$bin" import list-sizes "$quin" >/dev/null 2>>"$tmp/err"; then
    echo "not ok 1 - import the national files: $(head -3 "$tmp/err")"; exit 1
fi
if "$bin" entitlements --all --year 2025/26 --csv >"$tmp/out.csv" 2>"$tmp/err"; then
    echo "ok 1 - entitlements of every PCN in England for 2025/26"
else
    echo "not ok 1 - entitlements --all: $(head -3 "$tmp/err")"; exit 1
fi
# The CSV starts with a byte order mark, for spreadsheets.
tail -c +4 "$tmp/out.csv" >"$tmp/ours.csv"
zcat "$quin" >"$tmp/quin.csv"

sqlite3 "$tmp/check.db" >"$tmp/diff" 2>&1 <<SQL
.mode csv
.import $map map
.import $tmp/quin.csv quin
.import rules/2025-26/stream_rates.csv rates
.import $tmp/ours.csv ours
.import rules/2025-26/streams.csv streams
-- Registered patients of each PCN: its practices' totals.
CREATE TABLE r AS
  SELECT m.PCN_CODE AS pcn, SUM(CAST(q.NUMBER_OF_PATIENTS AS INTEGER)) AS n
  FROM map m JOIN quin q ON q.ORG_CODE = m.PRACTICE_CODE AND q.ORG_TYPE = 'GP'
   AND q.SEX = 'ALL' AND q.AGE_GROUP_5 = 'ALL'
  WHERE m.PCN_CODE <> 'U' GROUP BY m.PCN_CODE;
-- Rates per year of the population streams, in millipence.  The sum below
-- is for rates that hold all year; a rate for part of it is counted so the
-- test can say it cannot check it, rather than pass or fail for the wrong
-- reason.
CREATE TABLE rate AS
  SELECT stream, CAST(ROUND(CAST(rate_gbp AS REAL) * 100000) AS INTEGER) AS mp
  FROM rates WHERE use = 'primary' AND base IN ('registered_list', 'adjusted_population',
   'weighted_population') AND rate_gbp <> '' AND per = 'year'
   AND valid_from = '2025-04-01' AND valid_to = '2026-03-31';
SELECT 'part-year: ' || stream || ' ' || part FROM rates
  WHERE use = 'primary' AND rate_gbp <> '' AND base <> 'none'
   AND NOT (per = 'year' AND valid_from = '2025-04-01' AND valid_to = '2026-03-31');
-- Each part rounded to 1/100,000 of a pound is exact; the stream is summed
-- first, then rounded half up to the penny, as the rules say.
CREATE TABLE theirs AS
  SELECT r.pcn, rate.stream, (SUM(rate.mp) * r.n + 500) / 1000 AS pence
  FROM r JOIN rate GROUP BY r.pcn, rate.stream;
-- Ours is for people: headers in words, streams by name (streams.csv maps
-- them back to their ids).
CREATE TABLE mine AS
  SELECT o."PCN code" AS pcn, s.stream AS stream,
         CAST(REPLACE(o."Annual amount (£)", '.', '') AS INTEGER) AS pence,
         CAST(REPLACE(o."April (£)", '.', '') AS INTEGER) * 11
           + CAST(REPLACE(o."March (£)", '.', '') AS INTEGER) AS months
  FROM ours o LEFT JOIN streams s ON s.name = o."Stream";
SELECT 'unnamed: ' || "Stream" FROM ours o
  WHERE NOT EXISTS (SELECT 1 FROM streams s WHERE s.name = o."Stream") LIMIT 5;
.mode list
SELECT 'PCNs: ' || (SELECT COUNT(DISTINCT pcn) FROM theirs) || ' expected, '
       || (SELECT COUNT(DISTINCT pcn) FROM mine) || ' computed';
SELECT 'total: ' || (SELECT SUM(pence) FROM theirs) || ' expected, '
       || (SELECT SUM(pence) FROM mine) || ' computed';
SELECT 'differs: ' || t.pcn || ' ' || t.stream || ' ' || t.pence || ' ' || COALESCE(m.pence, 'none')
  FROM theirs t LEFT JOIN mine m ON m.pcn = t.pcn AND m.stream = t.stream
  WHERE m.pence IS NOT t.pence LIMIT 5;
SELECT 'months: ' || pcn || ' ' || stream FROM mine WHERE months <> pence LIMIT 5;
-- No beds are entered, so the care home premium is 0 for every PCN (and the
-- totals below include it).
SELECT 'beds: ' || pcn || ' ' || pence FROM mine
  WHERE stream = 'care_home_premium' AND pence <> 0 LIMIT 5;
SELECT 'extra: ' || m.pcn || ' ' || m.stream FROM mine m
  WHERE m.stream <> 'care_home_premium'
   AND NOT EXISTS (SELECT 1 FROM theirs t WHERE t.pcn = m.pcn AND t.stream = m.stream) LIMIT 5;
SQL
pcns=$(sed -n 's/^PCNs: \([0-9]*\) expected, \([0-9]*\) computed$/\1 \2/p' "$tmp/diff")
totals=$(sed -n 's/^total: \([0-9]*\) expected, \([0-9]*\) computed$/\1 \2/p' "$tmp/diff")
set -- $pcns
if [ -n "$pcns" ] && [ "$1" = "$2" ] && [ "$1" -gt 1000 ]; then
    echo "ok 2 - $1 PCNs, as in the map"
else
    echo "not ok 2 - PCN count: $(cat "$tmp/diff" | head -5)"
fi
set -- $totals
if grep -q '^part-year' "$tmp/diff"; then
    echo "not ok 3 - the independent sum covers only whole-year rates; extend it for these:"
    grep '^part-year' "$tmp/diff" | sed 's/^/# /'
elif [ -n "$totals" ] && [ "$1" = "$2" ] && ! grep -q '^differs\|^months\|^beds\|^extra\|^unnamed' "$tmp/diff"; then
    echo "ok 3 - total £$(($1 / 100)).$(printf %02d $(($1 % 100))) to the penny, and every stream of every PCN, with its months"
else
    echo "not ok 3 - totals differ"
    sed 's/^/# /' "$tmp/diff" | head -12
fi
