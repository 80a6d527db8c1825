#!/usr/bin/env bash
# pcnops store copy: a store with every kind of row (registry, list sizes,
# accounts, a token, staff, desk time, each audited) copied to a new store
# (in the PostgreSQL pass: to PostgreSQL) and back to a new SQLite file has
# the same rows in every table, and a verified audit chain; a target that is
# not empty is refused and left as it was.  TAP output.
set -u
cd "$(dirname "$0")/../.."
. tests/scripts/lib/begin.sh
test_begin
. tests/scripts/lib/store.sh
export PCNOPS_TODAY=2026-11-23 PCNOPS_RULES=rules USER=tester
A="$tmp/a.db" C="$tmp/c.db"
B=$(test_store "$tmp/b.db") || { echo "not ok - setup: no store"; exit 1; }
R=tests/data/registry
{
    "$bin" --db "$A" import registry $R/map-2021-01.csv &&
    "$bin" --db "$A" import list-sizes $R/quin-2021-01.csv &&
    "$bin" --db "$A" import registry $R/map-2023-07.csv &&
    "$bin" --db "$A" import list-sizes $R/all-2023-07.csv &&
    echo 'a long password for tests' | "$bin" --db "$A" user add admin@example.invalid --role admin &&
    echo 'a long password for tests' | "$bin" --db "$A" user add m@example.invalid --role pcn-manager --org U10001 &&
    "$bin" --db "$A" token add m@example.invalid --label test &&
    "$bin" --db "$A" staff add U10001 --name "Priya Shah" --role clinical_pharmacist --wte 1.0 --start 2025-04-01 --cost 80000 &&
    "$bin" --db "$A" time add U10001 --date 2026-11-16 --hours 2 --category practices
} >"$tmp/setup" 2>&1 || { echo "not ok - setup:"; sed 's/^/# /' "$tmp/setup"; exit 1; }

echo "1..7"
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; [ -n "${3:-}" ] && sed 's/^/# /' "$3" | head -30; fi; }

# Every table's rows as text, in a stable order, without the copies' own audit entries.
dump() { # SQLITE_FILE
    local t
    for t in $(sqlite3 "$1" "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"); do
        echo "== $t"
        if [ "$t" = audit_log ]; then
            sqlite3 "$1" "SELECT *, typeof(user_id) FROM audit_log WHERE action <> 'store-copy' ORDER BY id"
        else
            sqlite3 "$1" "SELECT * FROM $t ORDER BY 1, 2, 3" 2>/dev/null || sqlite3 "$1" "SELECT * FROM $t ORDER BY 1"
        fi
    done
}

"$bin" store copy --from "$A" --to "$B" >"$tmp/o" 2>"$tmp/e"
st=$?
[ $st = 0 ] && grep -q "^Copied [0-9]* tables, [0-9]* rows, in one transaction" "$tmp/o" &&
    grep -q "store copy: table 1 of [0-9]*, org: " "$tmp/e"
ok $? "store copy to $(case "$B" in postgres*) echo PostgreSQL ;; *) echo SQLite ;; esac), with progress" "$tmp/e"

PCNOPS_DB=$B "$bin" audit verify >"$tmp/o" 2>&1
ok $? "the copy's audit chain verifies" "$tmp/o"

"$bin" store copy --from "$B" --to "$C" >"$tmp/o" 2>&1
ok $? "store copy back to a new SQLite file" "$tmp/o"

dump "$A" >"$tmp/a.txt"; dump "$C" >"$tmp/c.txt"
[ "$(grep -c '' "$tmp/a.txt")" -gt 50 ] && diff -u "$tmp/a.txt" "$tmp/c.txt" >"$tmp/diff"
ok $? "there and back: the same rows in every table" "$tmp/diff"

"$bin" --db "$C" audit verify >"$tmp/o" 2>&1 &&
    [ "$(sqlite3 "$C" "SELECT COUNT(*) FROM audit_log WHERE action = 'store-copy'")" = 2 ]
ok $? "... with both copies in its verified audit log" "$tmp/o"

PCNOPS_DB=$B store_sql "SELECT COUNT(*) FROM org" >"$tmp/before"
"$bin" store copy --from "$A" --to "$B" >"$tmp/o" 2>&1
st=$?
PCNOPS_DB=$B store_sql "SELECT COUNT(*) FROM org" >"$tmp/after"
[ $st = 1 ] && grep -q "the target is not empty (table org has" "$tmp/o" && cmp -s "$tmp/before" "$tmp/after"
ok $? "a target that is not empty is refused, and left as it was" "$tmp/o"

echo 'a long password for tests' | PCNOPS_DB=$B "$bin" user add new@example.invalid --role admin >"$tmp/o" 2>&1 &&
    [ "$(PCNOPS_DB=$B store_sql "SELECT id FROM app_user WHERE email = 'new@example.invalid'")" = 3 ]
ok $? "new rows on the copy take the ids after the copied ones" "$tmp/o"
