# The store a scripted test uses, on SQLite or PostgreSQL (tests/run runs
# every script that sources this file once on each).  Source it, then
#     PCNOPS_DB=$(test_store "$tmp/NAME.db")
# gives that SQLite path, or, when the runner sets PCNOPS_TEST_PG (a
# PostgreSQL URL), a URL for a new, empty schema on that server; and
#     store_sql "SELECT ..."
# prints the rows of a query on $PCNOPS_DB, fields separated by |, as
# sqlite3 and psql -At both do; and
#     store_import "KIND FILE"...    store_registry
# import each file with "$bin" into $PCNOPS_DB (the script sets bin, tmp
# and PCNOPS_DB): store_registry the small registry of tests/data/registry,
# its two years of maps and list sizes.  The first refusal prints
# "not ok - setup: " and its error, and exits.  And
#     store_begin USER [-]
# exports PCNOPS_TODAY (2026-12-01), PCNOPS_RULES (rules), USER and, unless
# "-" (the script makes its own), PCNOPS_DB, a new store "$tmp/s.db" (no
# store: "not ok - setup: no store", and exits).
test_store() { # PATH
    if [ -z "${PCNOPS_TEST_PG:-}" ]; then echo "$1"; return; fi
    local schema sep
    schema="s$$_${RANDOM}_$(basename "$1" .db | tr -c 'a-z0-9\n' '_')"
    psql -X -q -v ON_ERROR_STOP=1 "$PCNOPS_TEST_PG" -c "CREATE SCHEMA $schema" >/dev/null || return 1
    case "$PCNOPS_TEST_PG" in *\?*) sep='&' ;; *) sep='?' ;; esac
    echo "${PCNOPS_TEST_PG}${sep}options=-csearch_path%3D$schema"
}

store_sql() { # SQL
    case "$PCNOPS_DB" in
    postgresql://*|postgres://*) psql -X -q -At -v ON_ERROR_STOP=1 "$PCNOPS_DB" -c "$1" ;;
    *) sqlite3 -cmd ".timeout 5000" "$PCNOPS_DB" "$1" ;;
    esac
}

# shellcheck disable=SC2154 # bin and tmp are the sourcing script's
store_import() { # "KIND FILE"...
    local step
    for step in "$@"; do
        # shellcheck disable=SC2086
        "$bin" import $step >/dev/null 2>"$tmp/setup.err" || { echo "not ok - setup: $(cat "$tmp/setup.err")"; exit 1; }
    done
}

store_registry() {
    local r=tests/data/registry
    store_import "registry $r/map-2021-01.csv" "list-sizes $r/quin-2021-01.csv" \
                 "registry $r/map-2023-07.csv" "list-sizes $r/all-2023-07.csv"
}

store_begin() { # USER [-]
    export PCNOPS_TODAY=2026-12-01 PCNOPS_RULES=rules USER=$1
    [ "${2:-}" = - ] && return
    PCNOPS_DB=$(test_store "$tmp/s.db") || { echo "not ok - setup: no store"; exit 1; }
    export PCNOPS_DB
}
