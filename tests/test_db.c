/* The store interface (db.h) behaves the same on both drivers: the runner
 * runs this on SQLite and again on PostgreSQL (test_store).  Placeholders
 * beside quoted question marks, typed NULLs, new ids with RETURNING, a
 * constraint failure as PCN_ECONFLICT (unique, check, foreign key, the audit
 * log's append-only trigger), a failed statement failing its transaction,
 * comparisons and sums read as integers, rows changed, and the tables in
 * the order the migrations made them. */
#include "testutil.h"

#include "db.h"
#include "migrate.h"

struct fx {
    struct test_fx t; /* first: test_fx_teardown */
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct pcn_msg m = {0};
    test_fx_open(&f->t, "db.db");
    if (db_exec(f->t.db,
                "CREATE TABLE t_item (id BIGINT PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
                "n BIGINT CHECK (n >= 0), org TEXT REFERENCES org (code))",
                &m))
        fail_msg("%s", m.text);
    *state = f;
    return 0;
}

static int insert(struct db *db, int64_t id, const char *name, int64_t n, const char *org,
                  struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(db, "INSERT INTO t_item (id, name, n, org) VALUES (?, ?, ?, ?)", &st, m);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, name);
    db_bind_int(st, 3, n);
    db_bind_text(st, 4, org);
    return db_run(st, m);
}

static void test_placeholders_and_nulls(void **state)
{
    struct fx *f = *state;
    struct pcn_msg m = {0};
    struct db_stmt *st;
    assert_int_equal(insert(f->t.db, 1, "a?b", 5, NULL, &m), 0);
    /* A '?' inside quotes is text, not a parameter; `? IS NULL` with a typed NULL. */
    assert_int_equal(db_prepare(f->t.db,
                                "SELECT name, 'why?' AS q, ? IS NULL, n FROM t_item "
                                "WHERE (? IS NULL OR name = ?) AND n = ?",
                                &st, &m),
                     0);
    db_bind_text(st, 1, NULL);
    db_bind_text(st, 2, NULL);
    db_bind_text(st, 3, NULL);
    db_bind_int(st, 4, 5);
    assert_int_equal(db_step(st, &m), 1);
    assert_string_equal(db_col_text(st, 0), "a?b");
    assert_string_equal(db_col_text(st, 1), "why?");
    assert_int_equal(db_col_int(st, 2), 1); /* a comparison reads as 1 */
    assert_int_equal(db_col_int(st, 3), 5);
    assert_int_equal(db_col_type(st, 3), DB_TYPE_INT);
    assert_int_equal(db_col_type(st, 0), DB_TYPE_TEXT);
    assert_int_equal(db_col_count(st), 4);
    assert_string_equal(db_col_name(st, 1), "q");
    assert_int_equal(db_step(st, &m), 0);
    db_reset(st);
    db_bind_text(st, 1, "x");
    db_bind_text(st, 2, "zz");
    db_bind_text(st, 3, "zz");
    db_bind_int(st, 4, 5);
    assert_int_equal(db_step(st, &m), 0);
    db_finalize(st);
}

static void test_sums_changes_and_dates(void **state)
{
    struct fx *f = *state;
    struct pcn_msg m = {0};
    int64_t v;
    assert_int_equal(insert(f->t.db, 1, "a", 3000000000, NULL, &m), 0); /* past 32 bits */
    assert_int_equal(insert(f->t.db, 2, "b", 3000000000, NULL, &m), 0);
    assert_int_equal(db_query_int(f->t.db, "SELECT SUM(n) FROM t_item", &v, &m), 0);
    assert_int_equal(v, 6000000000);
    assert_int_equal(db_query_int(f->t.db, "SELECT COUNT(*) > 1 FROM t_item", &v, &m), 0);
    assert_int_equal(v, 1);
    assert_int_equal(db_exec(f->t.db, "UPDATE t_item SET n = n + 1", &m), 0);
    assert_int_equal(db_changes(f->t.db), 2);

    struct db_stmt *st;
    assert_int_equal(db_prepare(f->t.db, "SELECT ?, ?", &st, &m), 0);
    db_bind_date(st, 1, date_from_ymd(2026, 12, 1));
    db_bind_date(st, 2, DATE_NONE);
    assert_int_equal(db_step(st, &m), 1);
    assert_int_equal(db_col_date(st, 0), date_from_ymd(2026, 12, 1));
    assert_int_equal(db_col_date(st, 1), DATE_NONE);
    assert_true(db_col_null(st, 1));
    db_finalize(st);
}

static void test_returning_id(void **state)
{
    struct fx *f = *state;
    struct pcn_msg m = {0};
    struct db_stmt *st;
    int64_t a = 0, b = 0;
    assert_int_equal(db_prepare(f->t.db,
                                "INSERT INTO login_failure (email, ip, at) VALUES (?, ?, ?) "
                                "RETURNING at",
                                &st, &m),
                     0);
    db_bind_text(st, 1, "x@example.invalid");
    db_bind_text(st, 2, "");
    db_bind_int(st, 3, 41);
    assert_int_equal(db_run_id(st, &a, &m), 0);
    db_bind_text(st, 1, "x@example.invalid");
    db_bind_text(st, 2, "");
    db_bind_int(st, 3, 42);
    assert_int_equal(db_run_id(st, &b, &m), 0);
    db_finalize(st);
    assert_int_equal(a, 41);
    assert_int_equal(b, 42);
    /* An id column hands out ids after the largest, on both. */
    assert_int_equal(db_prepare(f->t.db,
                                "INSERT INTO app_user (email, name, role, password_hash, "
                                "created_at) VALUES (?, 'n', 'admin', 'h', 0) RETURNING id",
                                &st, &m),
                     0);
    db_bind_text(st, 1, "one@example.invalid");
    assert_int_equal(db_run_id(st, &a, &m), 0);
    db_bind_text(st, 1, "two@example.invalid");
    assert_int_equal(db_run_id(st, &b, &m), 0);
    db_finalize(st);
    assert_int_equal(b, a + 1);
}

static void test_constraints_are_conflicts(void **state)
{
    struct fx *f = *state;
    struct pcn_msg m = {0};
    assert_int_equal(insert(f->t.db, 1, "a", 1, NULL, &m), 0);
    static const struct {
        int64_t id;
        const char *name;
        int64_t n;
        const char *org;
        const char *what;
    } bad[] = {
        {1, "other", 1, NULL, "the same primary key"},
        {2, "a", 1, NULL, "a unique name again"},
        {3, "c", -1, NULL, "a check"},
        {4, "d", 1, "NOPE1", "a foreign key"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int rc = insert(f->t.db, bad[i].id, bad[i].name, bad[i].n, bad[i].org, &m);
        if (rc != PCN_ECONFLICT)
            fail_msg("%s: got %d (%s), expected PCN_ECONFLICT", bad[i].what, rc, m.text);
    }
    /* The audit log refuses UPDATE and DELETE, as a constraint failure on both. */
    assert_int_equal(db_exec(f->t.db,
                             "INSERT INTO audit_log (at, action, prev_hash, hash) VALUES "
                             "(1, 'test', '', 'h')",
                             &m),
                     0);
    struct db_stmt *st;
    assert_int_equal(db_prepare(f->t.db, "UPDATE audit_log SET action = ?", &st, &m), 0);
    db_bind_text(st, 1, "changed");
    assert_int_equal(db_run(st, &m), PCN_ECONFLICT);
    db_finalize(st);
    assert_int_equal(db_prepare(f->t.db, "DELETE FROM audit_log WHERE at = ?", &st, &m), 0);
    db_bind_int(st, 1, 1);
    assert_int_equal(db_run(st, &m), PCN_ECONFLICT);
    db_finalize(st);
}

static void test_transactions(void **state)
{
    struct fx *f = *state;
    struct pcn_msg m = {0};
    int64_t v;
    /* Rolled back: nothing written. */
    assert_int_equal(db_begin(f->t.db, &m), 0);
    assert_true(db_in_transaction(f->t.db));
    assert_int_equal(insert(f->t.db, 1, "a", 1, NULL, &m), 0);
    db_rollback(f->t.db);
    assert_false(db_in_transaction(f->t.db));
    assert_int_equal(db_query_int(f->t.db, "SELECT COUNT(*) FROM t_item", &v, &m), 0);
    assert_int_equal(v, 0);
    /* Committed: written. */
    assert_int_equal(db_begin(f->t.db, &m), 0);
    assert_int_equal(insert(f->t.db, 1, "a", 1, NULL, &m), 0);
    assert_int_equal(db_commit(f->t.db, &m), 0);
    assert_int_equal(db_query_int(f->t.db, "SELECT COUNT(*) FROM t_item", &v, &m), 0);
    assert_int_equal(v, 1);
    /* A failure inside, rolled back by the caller: the rows before it go too. */
    assert_int_equal(db_begin(f->t.db, &m), 0);
    assert_int_equal(insert(f->t.db, 2, "b", 1, NULL, &m), 0);
    assert_int_equal(insert(f->t.db, 3, "a", 1, NULL, &m), PCN_ECONFLICT);
    db_rollback(f->t.db);
    assert_int_equal(db_query_int(f->t.db, "SELECT COUNT(*) FROM t_item", &v, &m), 0);
    assert_int_equal(v, 1);
    assert_false(db_broken(f->t.db));
    assert_int_equal(db_ping(f->t.db, &m), 0);
}

static void test_tables_in_order(void **state)
{
    struct fx *f = *state;
    struct pcn_msg m = {0};
    struct arena a;
    const char **names;
    size_t n;
    arena_init(&a, 0);
    assert_int_equal(db_tables(f->t.db, &a, &names, &n, &m), 0);
    /* The migrations' tables, a referenced table before the ones that reference it. */
    size_t org = n, membership = n, item = n;
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(names[i], "org"))
            org = i;
        if (!strcmp(names[i], "membership"))
            membership = i;
        if (!strcmp(names[i], "t_item"))
            item = i;
        assert_true(strncmp(names[i], "sqlite_", 7) != 0);
        assert_true(strcmp(names[i], "pcnops_schema_version") != 0);
    }
    assert_true(org < membership && membership < n);
    assert_int_equal(item, n - 1);
    arena_release(&a);
}

/* PostgreSQL only: the statement timeout is set, and a password in the URL
 * is never shown. */
static void test_pg_settings(void **state)
{
    struct fx *f = *state;
    struct pcn_msg m = {0};
    if (db_kind(f->t.db) != DB_POSTGRES) {
        assert_false(db_is_url(f->t.path));
        return; /* nothing of this on SQLite */
    }
    struct db_stmt *st;
    assert_int_equal(db_prepare(f->t.db, "SELECT current_setting('statement_timeout')", &st, &m),
                     0);
    assert_int_equal(db_step(st, &m), 1);
    assert_string_equal(db_col_text(st, 0), "1min"); /* LIMIT_DB_STATEMENT_MS */
    db_finalize(st);

    /* postgresql:///DB?host=... becomes postgresql://pcnops:PASSWORD@/DB?host=... */
    const char *rest = strstr(f->t.path, ":///");
    assert_non_null(rest);
    char url[600];
    snprintf(url, sizeof url, "postgresql://pcnops:not-shown-anywhere@/%s", rest + 4);
    struct db *db;
    assert_int_equal(db_open_raw(url, &db, &m), 0);
    assert_null(strstr(db_path(db), "not-shown-anywhere"));
    assert_non_null(strstr(db_path(db), "postgresql://pcnops@/"));
    db_close(db);
    /* A server that is not there: a clear error, with no password either. */
    snprintf(url, sizeof url, "postgresql://pcnops:not-shown-anywhere@/nodb?host=/nonexistent");
    assert_int_equal(db_open_raw(url, &db, &m), PCN_EDB);
    assert_contains(m.text, "cannot open the store");
    assert_null(strstr(m.text, "not-shown-anywhere"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_placeholders_and_nulls, setup, test_fx_teardown),
        cmocka_unit_test_setup_teardown(test_sums_changes_and_dates, setup, test_fx_teardown),
        cmocka_unit_test_setup_teardown(test_returning_id, setup, test_fx_teardown),
        cmocka_unit_test_setup_teardown(test_constraints_are_conflicts, setup, test_fx_teardown),
        cmocka_unit_test_setup_teardown(test_transactions, setup, test_fx_teardown),
        cmocka_unit_test_setup_teardown(test_tables_in_order, setup, test_fx_teardown),
        cmocka_unit_test_setup_teardown(test_pg_settings, setup, test_fx_teardown),
    };
    return cmocka_run_group_tests_name("store interface", tests, NULL, NULL);
}
