#!/usr/bin/env bash
# The XLSX export read back by LibreOffice (Debian's, headless): every cell
# of `pcnops entitlements --xlsx` must hold the same value as the CSV export
# and the JSON.  LibreOffice converts each sheet of the workbook to CSV with
# the cells' values, not as shown ("save cell contents as shown" off), and
# sqlite3 compares them with ours, money as exact pence:
#   Entitlements  against `--csv` (the same rows and columns)
#   Practices     against the practices' shares in `--json --practices`
#   Working       every money step against the trail in `--json --explain`
# for the worked example of tests/data/funding (beds from June, 75% of CAIP,
# fixed shares), and the Entitlements sheet of every PCN in England against
# `--all --csv`.  The sheets are for people: their headers are in words with
# units ("Annual amount (£)"), and read back "as shown" every money cell is
# a number in the pounds currency format ("£1,234.56") where its value is the
# plain number: a currency number, not text.  The same for the cash flow
# (`pcnops cashflow --xlsx`) and the month's ARRS claims (`arrs claims
# --xlsx`).
#
# Skips, saying why, when LibreOffice is not installed (scripts/setup e2e
# installs libreoffice-calc-nogui).
set -u
cd "$(dirname "$0")/../.."
. tests/scripts/lib/begin.sh
test_begin
. tests/scripts/lib/store.sh
PCNOPS_DB=$(test_store "$tmp/f.db") || { echo "not ok - setup: no store"; exit 1; }
export PCNOPS_DB PCNOPS_TODAY=2026-11-23 PCNOPS_RULES=rules
N=8
echo "1..$N"
skip() {
    for i in $(seq 1 $N); do echo "ok $i # SKIP $*"; done
    exit 0
}
soffice=$(command -v soffice || command -v libreoffice || true)
[ -n "$soffice" ] || skip "LibreOffice is not installed (scripts/setup e2e installs libreoffice-calc-nogui)"
command -v sqlite3 >/dev/null || skip "sqlite3 is not installed (scripts/setup base installs it)"

# convert BOOK.xlsx: writes $tmp/lo/BOOK-SHEET.csv for each sheet.  Field
# separator ",", text quoted with ", UTF-8, from line 1, values not as
# shown, every sheet (-1, LibreOffice 7.2 and later).
convert() {
    "$soffice" --headless --norestore -env:UserInstallation="file://$tmp/profile" \
        --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
        --outdir "$tmp/lo" "$1" >"$tmp/lo.log" 2>&1
}
# shown BOOK.xlsx: the same, the cells as shown (their number formats), to
# $tmp/shown/BOOK-SHEET.csv.
shown() {
    "$soffice" --headless --norestore -env:UserInstallation="file://$tmp/profile" \
        --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1' \
        --outdir "$tmp/shown" "$1" >"$tmp/lo.log" 2>&1
}
# The columns of each sheet, as sqlite3 names them (the headers are words).
ENT_COLS="pcn_code, pcn_name, year, stream, counted, annual, apr, may, jun, jul, aug, sep, oct, nov, dec, jan, feb, mar, estimate, confidence"
PRAC_COLS="pcn_code, practice_code, practice_name, stream, method, annual"
WORK_COLS="pcn_code, stream, step, text, amount, figure, unit, source, confidence"
# load TABLE "COLUMNS" FILE: a CSV without its header line into TABLE.
load() { echo "CREATE TABLE $1 ($2);"; echo ".import --csv --skip 1 $3 $1"; }

D=tests/data/funding
for step in "registry $D/map-2024-01.csv" "registry $D/map-2025-01.csv" \
            "list-sizes $D/quin-2024-01.csv" "list-sizes $D/quin-2025-01.csv" \
            "populations $D/populations.csv"; do
    # shellcheck disable=SC2086
    "$bin" import $step >/dev/null 2>"$tmp/err" || { echo "not ok 1 - setup: $(cat "$tmp/err")"; exit 1; }
done
"$bin" set beds U20001 --month 2025-06 --beds 40 >/dev/null &&
"$bin" set caip U20001 --year 2025/26 --achieved 75 >/dev/null &&
"$bin" set distribution U20001 --year 2025/26 --stream casp --fixed B20001=50,B20002=30.5,B20003=19.5 >/dev/null ||
    { echo "not ok 1 - setup: set inputs"; exit 1; }

one=(entitlements U20001 --year 2025/26)
if "$bin" "${one[@]}" --xlsx "$tmp/pcn.xlsx" 2>"$tmp/err" &&
   "$bin" "${one[@]}" --csv >"$tmp/pcn.csv" 2>>"$tmp/err" &&
   "$bin" "${one[@]}" --json --explain --practices >"$tmp/pcn.json" 2>>"$tmp/err" &&
   convert "$tmp/pcn.xlsx" && [ -s "$tmp/lo/pcn-Entitlements.csv" ]; then
    echo "ok 1 - a PCN's workbook written and read back by $("$soffice" --version | head -1 | cut -d' ' -f1-2)"
else
    echo "not ok 1 - write or convert the workbook: $(head -3 "$tmp/err") $(tail -3 "$tmp/lo.log")"
    exit 1
fi

# Ours starts with a byte order mark, which LibreOffice's does not.
tail -c +4 "$tmp/pcn.csv" >"$tmp/ours.csv"
want_head='PCN code,PCN name,Year,Stream,Counted as,Annual amount (£),April (£),May (£),June (£),July (£),August (£),September (£),October (£),November (£),December (£),January (£),February (£),March (£),Estimate,Confidence'
# pence(X): an SQL expression for the exact pence of the text X, a decimal
# in pounds ("2800.5" -> 280050); NULL when it is not a number or has more
# than two decimals.  Text only: no floating point in the comparison.
pence() {
    local x=$1
    echo "(CASE WHEN $x GLOB '*[^0-9.-]*' OR $x = '' THEN NULL
           WHEN instr($x, '.') = 0 THEN CAST($x AS INTEGER) * 100
           WHEN length($x) - instr($x, '.') > 2 THEN NULL
           ELSE CAST(substr($x, 1, instr($x, '.') - 1) || substr(substr($x, instr($x, '.') + 1) || '00', 1, 2) AS INTEGER)
      END)"
}
months="annual apr may jun jul aug sep oct nov dec jan feb mar"
money_cmp() { # TABLE_A TABLE_B: the SQL condition that a row differs
    local c cond="a.pcn_code IS NOT b.pcn_code OR a.pcn_name IS NOT b.pcn_name OR a.year IS NOT b.year OR a.stream IS NOT b.stream OR a.counted IS NOT b.counted OR a.estimate IS NOT b.estimate OR a.confidence IS NOT b.confidence"
    for c in $months; do cond="$cond OR $(pence "a.$c") IS NOT $(pence "b.$c") OR $(pence "a.$c") IS NULL"; done
    echo "$cond"
}
compare_streams() { # OURS.csv THEIRS.csv: prints "rows N M differ K"
    sqlite3 "$tmp/cmp-$RANDOM.db" <<SQL 2>&1
$(load a "$ENT_COLS" "$1")
$(load b "$ENT_COLS" "$2")
.mode list
SELECT 'rows ' || (SELECT COUNT(*) FROM a) || ' ' || (SELECT COUNT(*) FROM b) || ' differ ' ||
  (SELECT COUNT(*) FROM a LEFT JOIN b ON a.rowid = b.rowid WHERE $(money_cmp));
SELECT 'first ' || a.rowid || ': ' || a.stream || ' ' || a.annual || ' / ' || COALESCE(b.annual, 'none')
  FROM a LEFT JOIN b ON a.rowid = b.rowid WHERE $(money_cmp) LIMIT 1;
SQL
}

out=$(compare_streams "$tmp/ours.csv" "$tmp/lo/pcn-Entitlements.csv")
set -- $out
if [ "${1:-}" = rows ] && [ "$2" = "$3" ] && [ "$2" -ge 6 ] && [ "$5" = 0 ]; then
    echo "ok 2 - Entitlements sheet: the same $2 streams × 13 amounts, names and marks as the CSV, to the penny"
else
    echo "not ok 2 - Entitlements sheet differs from the CSV: $out"
fi

# Practices and Working against the JSON.
out=$(sqlite3 "$tmp/json.db" <<SQL 2>&1
$(load p "$PRAC_COLS" "$tmp/lo/pcn-Practices.csv")
$(load w "$WORK_COLS" "$tmp/lo/pcn-Working.csv")
.mode list
CREATE TABLE j AS SELECT readfile('$tmp/pcn.json') AS doc;
CREATE TABLE js AS
  SELECT json_extract(s.value, '\$.name') AS stream, json_extract(x.value, '\$.code') AS practice,
         json_extract(x.value, '\$.annual_pence') AS pence
  FROM j, json_each(j.doc, '\$.streams') s, json_each(s.value, '\$.practices') x
  WHERE json_type(s.value, '\$.practices') = 'array';
CREATE TABLE jt AS
  SELECT json_extract(s.value, '\$.name') AS stream, t.key + 1 AS step,
         json_extract(t.value, '\$.value') AS value, json_extract(t.value, '\$.unit') AS unit,
         json_extract(t.value, '\$.text') AS text
  FROM j, json_each(j.doc, '\$.streams') s, json_each(s.value, '\$.trail') t;
SELECT 'practices ' || (SELECT COUNT(*) FROM js) || ' ' || (SELECT COUNT(*) FROM p) || ' differ ' ||
  (SELECT COUNT(*) FROM js LEFT JOIN p ON p.stream = js.stream AND p.practice_code = js.practice
    WHERE $(pence p.annual) IS NOT js.pence);
SELECT 'money-steps ' || (SELECT COUNT(*) FROM jt WHERE unit = 'pence') || ' differ ' ||
  (SELECT COUNT(*) FROM jt LEFT JOIN w ON w.stream = jt.stream AND CAST(w.step AS INTEGER) = jt.step
    WHERE jt.unit = 'pence' AND ($(pence w.amount) IS NOT jt.value OR w.text IS NOT jt.text))
  || ' steps ' || (SELECT COUNT(*) FROM jt) || ' ' || (SELECT COUNT(*) FROM w WHERE stream <> 'Populations');
SQL
)
set -- $out
if [ "${1:-}" = practices ] && [ "$2" = "$3" ] && [ "$2" -gt 0 ] && [ "$5" = 0 ]; then
    echo "ok 3 - Practices sheet: the same $2 shares as the JSON"
else
    echo "not ok 3 - Practices sheet differs from the JSON: $out"
fi
shift 5
if [ "${1:-}" = money-steps ] && [ "$2" -gt 0 ] && [ "$4" = 0 ] && [ "$6" = "$7" ]; then
    echo "ok 4 - Working sheet: all $6 steps with the JSON's words, and its $2 money steps to the penny"
else
    echo "not ok 4 - Working sheet differs from the JSON's working: $*"
fi

# For people: the headers in words, and every money cell a currency number.
# money_shown SHOWN.csv VALUES.csv COLS...: for each money column (numbered
# from 1), every data row's cell reads "£..." as shown and is a plain
# number as a value; prints "cells N bad K" and the first bad cell.
money_shown() {
    local shown=$1 values=$2
    shift 2
    python3 - "$shown" "$values" "$@" <<'PY'
import csv, re, sys
shown = list(csv.reader(open(sys.argv[1], encoding='utf-8')))
values = list(csv.reader(open(sys.argv[2], encoding='utf-8')))
cols = [int(c) - 1 for c in sys.argv[3:]]
n = bad = 0
first = ''
for r in range(1, len(shown)):
    for c in cols:
        if c >= len(shown[r]) or shown[r][c] == '':
            continue
        n += 1
        s, v = shown[r][c], values[r][c]
        if not (re.fullmatch(r'-?£[0-9]{1,3}(,[0-9]{3})*\.[0-9]{2}', s) and re.fullmatch(r'-?[0-9]+(\.[0-9]{1,2})?', v)):
            bad += 1
            first = first or f'row {r + 1} column {c + 1}: shown {s!r}, value {v!r}'
print(f'cells {n} bad {bad} {first}')
PY
}
shown "$tmp/pcn.xlsx"
head_lo=$(head -1 "$tmp/lo/pcn-Entitlements.csv")
out=$(money_shown "$tmp/shown/pcn-Entitlements.csv" "$tmp/lo/pcn-Entitlements.csv" $(seq 6 18))
out2=$(money_shown "$tmp/shown/pcn-Practices.csv" "$tmp/lo/pcn-Practices.csv" 6)
set -- $out
a1=$2 a2=$4
set -- $out2
if [ "$head_lo" = "$want_head" ] && [ "$a1" -gt 70 ] && [ "$a2" = 0 ] && [ "$2" -gt 0 ] && [ "$4" = 0 ]; then
    echo "ok 5 - Entitlements and Practices: headers in words with units, and all $a1 + $2 money cells currency numbers (£#,##0.00)"
else
    echo "not ok 5 - funding workbook for people: header '$head_lo'; $out; $out2"
fi

# The cash flow: two posts, claims submitted and paid.
"$bin" staff add U20001 --name "Post One" --role clinical_pharmacist --wte 1 --start 2025-04-01 \
    --cost 36000 >/dev/null 2>"$tmp/err" &&
"$bin" staff add U20001 --name "Post Two" --role social_prescribing_link_worker --wte 1 \
    --start 2025-07-01 --cost 30000 >/dev/null 2>>"$tmp/err" &&
"$bin" arrs claims U20001 --month 2025-09 --draft >/dev/null 2>>"$tmp/err" &&
"$bin" arrs claim 1 --month 2025-09 --status submitted --on-date 2025-10-03 >/dev/null 2>>"$tmp/err" &&
"$bin" arrs claim 1 --month 2025-09 --status approved --on-date 2025-10-20 --amount 3000 >/dev/null 2>>"$tmp/err" &&
"$bin" arrs claim 1 --month 2025-09 --status paid --on-date 2025-11-14 --amount 3000 >/dev/null 2>>"$tmp/err" ||
    echo "# setup of the posts: $(cat "$tmp/err")"
cf_head='Month (first day),Other PCN payments arriving (£),ARRS paid (£),"ARRS expected, claimed (£)","ARRS projected, not yet claimed (£)",Staff costs paid (£),ARRS in less staff costs (£),ARRS balance (£),Balance with the other payments (£),Month gone'
if "$bin" cashflow U20001 --year 2025/26 --xlsx "$tmp/cash.xlsx" 2>"$tmp/err" &&
   "$bin" cashflow U20001 --year 2025/26 --csv "$tmp/cash.csv" 2>>"$tmp/err" &&
   convert "$tmp/cash.xlsx" && shown "$tmp/cash.xlsx"; then
    tail -c +4 "$tmp/cash.csv" >"$tmp/ours-cash.csv"
    out=$(money_shown "$tmp/shown/cash-Cash flow.csv" "$tmp/lo/cash-Cash flow.csv" $(seq 2 9))
    # the values equal the CSV's to the penny, and the month is a date
    same=$(python3 - "$tmp/ours-cash.csv" "$tmp/lo/cash-Cash flow.csv" "$tmp/shown/cash-Cash flow.csv" <<'PY'
import csv, sys
a = list(csv.reader(open(sys.argv[1], encoding='utf-8')))
b = list(csv.reader(open(sys.argv[2], encoding='utf-8')))
s = list(csv.reader(open(sys.argv[3], encoding='utf-8')))
def p(x):
    w, _, f = x.partition('.')
    return int(w) * 100 + (-1 if w.startswith('-') else 1) * int((f + '00')[:2])
diff = sum(1 for r in range(1, len(a)) for c in range(1, 9) if p(a[r][c]) != p(b[r][c]))
dates = all(s[r][0] == f'01/{a[r][0][5:7]}/{a[r][0][:4]}' for r in range(1, len(a)))
print(len(a) - 1, diff, 'dates' if dates else f'not-dates:{s[1][0]}')
PY
)
    set -- $out
    h=$(head -1 "$tmp/lo/cash-Cash flow.csv")
    if [ "$h" = "$cf_head" ] && [ "$2" = 96 ] && [ "$4" = 0 ] && [ "$same" = "12 0 dates" ]; then
        echo "ok 6 - cash flow workbook: headers in words, 12 months as dates, all 96 money cells currency numbers equal to the CSV's"
    else
        echo "not ok 6 - cash flow workbook: header '$h'; $out; rows/differ/dates: $same"
    fi
else
    echo "not ok 6 - cash flow workbook: $(head -3 "$tmp/err") $(tail -3 "$tmp/lo.log")"
fi

cl_head='Staff number,Name,Role,Month (first day),Days in post this month,Cost (£),Maximum (£),Claim (£),Status,Not worked out because'
if "$bin" arrs claims U20001 --year 2025/26 --month 2025-09 --xlsx "$tmp/claims.xlsx" >/dev/null 2>"$tmp/err" &&
   convert "$tmp/claims.xlsx" && shown "$tmp/claims.xlsx"; then
    out=$(money_shown "$tmp/shown/claims-Claims.csv" "$tmp/lo/claims-Claims.csv" 6 7 8)
    set -- $out
    h=$(head -1 "$tmp/lo/claims-Claims.csv")
    if [ "$h" = "$cl_head" ] && [ "$2" = 6 ] && [ "$4" = 0 ] && grep -qF ',Clinical pharmacist,01/09/2025,30,"£3,000.00","£5,581.00","£3,000.00",Paid,' "$tmp/shown/claims-Claims.csv"; then
        echo "ok 7 - ARRS claims workbook: headers in words, roles and statuses in words, the month a date, money currency numbers"
    else
        echo "not ok 7 - ARRS claims workbook: header '$h'; $out; $(sed -n 2p "$tmp/shown/claims-Claims.csv")"
    fi
else
    echo "not ok 7 - ARRS claims workbook: $(head -3 "$tmp/err") $(tail -3 "$tmp/lo.log")"
fi

# Every PCN in England, on the national files.
PCNOPS_DB=$(test_store "$tmp/national.db") || { echo "not ok 8 - no store"; exit 1; }
export PCNOPS_DB
rm -rf "$tmp/lo"
if "$bin" import registry data/nhs/gp-reg-pat-prac-map-2026-07.csv >/dev/null 2>"$tmp/err" &&
   "$bin" import list-sizes data/nhs/gp-reg-pat-prac-quin-age-2026-07.csv.gz >/dev/null 2>>"$tmp/err" &&
   "$bin" entitlements --all --year 2025/26 --xlsx "$tmp/england.xlsx" 2>>"$tmp/err" &&
   "$bin" entitlements --all --year 2025/26 --csv >"$tmp/england.csv" 2>>"$tmp/err" &&
   convert "$tmp/england.xlsx"; then
    tail -c +4 "$tmp/england.csv" >"$tmp/ours-england.csv"
    out=$(compare_streams "$tmp/ours-england.csv" "$tmp/lo/england-Entitlements.csv")
    set -- $out
    if [ "${1:-}" = rows ] && [ "$2" = "$3" ] && [ "$2" -gt 7000 ] && [ "$5" = 0 ]; then
        echo "ok 8 - every PCN in England: the workbook's $2 rows equal the CSV's, to the penny"
    else
        echo "not ok 8 - England's workbook differs from the CSV: $out"
    fi
else
    echo "not ok 8 - England: $(head -3 "$tmp/err") $(tail -3 "$tmp/lo.log")"
fi
