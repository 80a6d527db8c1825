#!/usr/bin/env bash
# pcnops backup and restore (issue 17): a copy of a running SQLite store
# taken while the server writes is consistent and its log verifies; restore
# checks the backup first (integrity, schema, audit chain with its key) and
# refuses a damaged, tampered or foreign-keyed one, or a store holding data
# without --force, leaving the store as it was; the restore is audited.  On
# PostgreSQL, backup refuses and names pg_dump.  TAP output.
set -u
cd "$(dirname "$0")/../.."
. tests/scripts/lib/begin.sh
test_begin KILL
. tests/scripts/lib/store.sh
store_begin backuptest
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; [ -n "${3:-}" ] && sed 's/^/# /' "$3" | head -30; fi; }
"$bin" import registry tests/data/registry/map-2021-01.csv >/dev/null 2>&1 || { echo "not ok - setup"; exit 1; }

case "$PCNOPS_DB" in postgres*)
    echo "1..2"
    "$bin" backup "$tmp/b.db" >"$tmp/o" 2>&1
    st=$?
    [ $st = 1 ] && grep -q "pg_dump" "$tmp/o" && [ ! -e "$tmp/b.db" ]
    ok $? "a PostgreSQL store: backup refuses, naming pg_dump" "$tmp/o"
    PCNOPS_DB="$tmp/sq.db" "$bin" import registry tests/data/registry/map-2021-01.csv >/dev/null 2>&1 &&
        PCNOPS_DB="$tmp/sq.db" "$bin" backup "$tmp/b.db" >/dev/null 2>&1
    before=$(store_sql "SELECT COUNT(*) FROM audit_log")
    "$bin" restore "$tmp/b.db" --force >"$tmp/o" 2>&1
    st=$?
    [ $st = 1 ] && grep -q "pg_restore" "$tmp/o" && [ "$(store_sql "SELECT COUNT(*) FROM audit_log")" = "$before" ]
    ok $? "and restore refuses, naming pg_restore, leaving the store as it was" "$tmp/o"
    exit 0 ;;
esac

echo "1..8"
port=$((8300 + RANDOM % 100))
"$bin" serve --listen "127.0.0.1:$port" --threads 2 >"$tmp/log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.05; done
# Writes while the backup runs: the list sizes import, and set beds in a loop.
( for i in $(seq 30); do "$bin" set beds U10001 --month 2026-0$((1 + i % 9)) --beds $i >/dev/null 2>&1; done ) &
w=$!
"$bin" import list-sizes tests/data/registry/all-2023-07.csv >/dev/null 2>&1 &
w2=$!
"$bin" backup "$tmp/b.db" >"$tmp/o" 2>&1
st=$?
wait $w $w2
[ $st = 0 ] && grep -q "audit log ([0-9]* entries) checked" "$tmp/o" && [ -s "$tmp/b.db.audit-key" ]
ok $? "backup of a running store, while it is written, with its audit key beside it" "$tmp/o"

[ "$(sqlite3 "$tmp/b.db" "PRAGMA integrity_check")" = ok ] &&
    PCNOPS_DB="$tmp/b.db" "$bin" audit verify >"$tmp/o" 2>&1 &&
    [ "$(sqlite3 "$tmp/b.db" "SELECT COUNT(*) FROM care_home_beds")" = "$(sqlite3 "$tmp/b.db" "SELECT COUNT(*) FROM audit_log WHERE action = 'set-beds'")" ]
ok $? "the copy is one moment: integrity, its log verifies, every change in it with its entry" "$tmp/o"

"$bin" backup "$tmp/b.db" >"$tmp/o" 2>&1
[ $? = 1 ] && grep -q "already exists" "$tmp/o"
ok $? "backup refuses a file that exists" "$tmp/o"

# Restore into a new store; then over one holding data.
"$bin" --db "$tmp/new.db" restore "$tmp/b.db" >"$tmp/o" 2>&1 &&
    "$bin" --db "$tmp/new.db" audit verify >>"$tmp/o" 2>&1 &&
    [ "$(sqlite3 "$tmp/new.db" "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1")" = restore ]
ok $? "restore into a new store: checked, audited, and its log verifies" "$tmp/o"

kill $pid; wait $pid 2>/dev/null; pid=""
sum() { sqlite3 "$1" "SELECT COUNT(*), MAX(id) FROM audit_log; SELECT COUNT(*) FROM care_home_beds"; }
sum "$PCNOPS_DB" >"$tmp/before"
"$bin" restore "$tmp/b.db" >"$tmp/o" 2>&1
[ $? = 1 ] && grep -q "holds data: give --force" "$tmp/o" && sum "$PCNOPS_DB" | cmp -s - "$tmp/before"
ok $? "restore over a store holding data needs --force, and leaves it as it was" "$tmp/o"

# A tampered backup: an audit row changed (the triggers dropped first).
cp "$tmp/b.db" "$tmp/t.db"; cp "$tmp/b.db.audit-key" "$tmp/t.db.audit-key"
sqlite3 "$tmp/t.db" "DROP TRIGGER IF EXISTS audit_log_no_update; UPDATE audit_log SET target_code = 'X' WHERE id = 1" 2>/dev/null
for tr in $(sqlite3 "$tmp/t.db" "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"); do sqlite3 "$tmp/t.db" "DROP TRIGGER $tr"; done
sqlite3 "$tmp/t.db" "UPDATE audit_log SET target_code = 'X' WHERE id = 1"
"$bin" restore "$tmp/t.db" --force >"$tmp/o" 2>&1
[ $? = 1 ] && grep -q "audit log does not verify" "$tmp/o" && sum "$PCNOPS_DB" | cmp -s - "$tmp/before"
ok $? "a backup whose audit log was edited is refused; the store is as it was" "$tmp/o"

# A damaged file, and one made with another key.
head -c 20000 "$tmp/b.db" >"$tmp/d.db"; cp "$tmp/b.db.audit-key" "$tmp/d.db.audit-key"
"$bin" restore "$tmp/d.db" --force >"$tmp/o" 2>&1
[ $? = 1 ] && sum "$PCNOPS_DB" | cmp -s - "$tmp/before"
ok $? "a damaged backup is refused; the store is as it was" "$tmp/o"
cp "$tmp/b.db" "$tmp/k.db"
printf '%064d\n' 7 >"$tmp/k.db.audit-key"; chmod 600 "$tmp/k.db.audit-key"
"$bin" restore "$tmp/k.db" --force >"$tmp/o" 2>&1
[ $? = 1 ] && sum "$PCNOPS_DB" | cmp -s - "$tmp/before"
ok $? "a backup checked with another key than its own is refused; the store is as it was" "$tmp/o"
