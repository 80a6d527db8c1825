/* testutil.h: shared helpers for the cmocka tests.
 *
 * Every test binary is run from the repository root by tests/run, so paths
 * such as "tests/data/csv/..." and "data/nhs/..." are relative to it. */
#ifndef PCN_TESTUTIL_H
#define PCN_TESTUTIL_H

#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "arena.h"
#include "buf.h"
#include "date.h"
#include "db.h"
#include "importer.h"
#include "migrate.h"
#include "rules.h"

/* Asserts that haystack contains needle, printing both when it does not. */
#define assert_contains(haystack, needle)                                                          \
    do {                                                                                           \
        const char *h_ = (haystack), *n_ = (needle);                                               \
        if (!h_ || !strstr(h_, n_))                                                                \
            fail_msg("expected \"%s\" to contain \"%s\"", h_ ? h_ : "(null)", n_);                 \
    } while (0)

/* Fails the test with the message (printf arguments) unless cond holds:
 * for the checks of a table's rows, which name the row. */
#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond))                                                                               \
            fail_msg(__VA_ARGS__);                                                                 \
    } while (0)

/* A row of a parser's table of refusals: the text given, and the status
 * and message it must refuse it with. */
struct test_refusal {
    const char *text;
    int code;
    const char *msg;
};

/* Fails case i of such a table unless the parser gave its status and
 * message (rc, text). */
static inline void test_refused_as(const struct test_refusal *c, size_t i, int rc, const char *text)
{
    if (rc != c->code || strcmp(text, c->msg) != 0)
        fail_msg("case %zu: %d '%s', expected %d '%s'", i, rc, text, c->code, c->msg);
}

/* A day written YYYY-MM-DD, for a test's tables (NULL: DATE_NONE); fails
 * the test on a bad one. */
static inline date_t test_day(const char *iso)
{
    date_t d;
    if (!iso)
        return DATE_NONE;
    if (date_parse_iso(iso, strlen(iso), &d))
        fail_msg("bad date in test: %s", iso);
    return d;
}

/* A fresh temporary directory for one test; removed by tmpdir_remove. */
static inline char *tmpdir_make(void)
{
    char tmpl[] = "/tmp/pcnops-test-XXXXXX";
    char *d = mkdtemp(tmpl);
    if (!d)
        return NULL;
    return strdup(d);
}

static inline void tmpdir_remove(char *dir)
{
    if (!dir)
        return;
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    free(dir);
}

/* The store a test opens: dir/name, a SQLite file, or, when the runner sets
 * PCNOPS_TEST_PG to a PostgreSQL URL (tests/run, tests/pgcluster), a URL for
 * a new, empty schema on that server, so each test starts from nothing on
 * either store.  Written to out (cap bytes); 0, or -1 with a message on
 * stderr.  Open it with migrate_open. */
static inline int test_store(const char *dir, const char *name, char *out, size_t cap)
{
    const char *pg = getenv("PCNOPS_TEST_PG");
    if (!pg || !*pg) {
        if ((size_t)snprintf(out, cap, "%s/%s", dir, name) >= cap)
            return -1;
        return 0;
    }
    static unsigned counter;
    char schema[64], sql[128];
    snprintf(schema, sizeof schema, "t%ld_%u_%ld", (long)getpid(), ++counter,
             (long)time(NULL) % 100000);
    struct db *db;
    struct pcn_msg m = {0};
    if (db_open_raw(pg, &db, &m)) {
        fprintf(stderr, "test_store: %s\n", m.text);
        return -1;
    }
    snprintf(sql, sizeof sql, "CREATE SCHEMA %s", schema);
    int rc = db_exec(db, sql, &m);
    db_close(db);
    if (rc) {
        fprintf(stderr, "test_store: %s\n", m.text);
        return -1;
    }
    if ((size_t)snprintf(out, cap, "%s%coptions=-csearch_path%%3D%s", pg,
                         strchr(pg, '?') ? '&' : '?', schema) >= cap)
        return -1;
    return 0;
}

/* A test's own store in a new temporary folder, with an arena: the first
 * member of a test's fixture (struct fx { struct test_fx t; ... }), so that
 * test_fx_teardown releases any fixture that starts with one. */
struct test_fx {
    char *dir;
    char path[512]; /* the store (test_store): a SQLite file or a PostgreSQL URL */
    struct db *db;
    struct arena a;
};

/* Makes t's folder, its new store name (e.g. "pay.db"), migrated, and its
 * arena; fails the test on error. */
static inline void test_fx_open(struct test_fx *t, const char *name)
{
    struct pcn_msg m = {0};
    t->dir = tmpdir_make();
    if (!t->dir || test_store(t->dir, name, t->path, sizeof t->path))
        fail_msg("no store for the test");
    if (migrate_open(t->path, &t->db, &m))
        fail_msg("%s", m.text);
    arena_init(&t->a, 0);
}

/* The cmocka teardown of a fixture that starts with a struct test_fx:
 * closes the store, releases the arena, removes the folder, frees it. */
static inline int test_fx_teardown(void **state)
{
    struct test_fx *t = *state;
    db_close(t->db);
    arena_release(&t->a);
    tmpdir_remove(t->dir);
    free(t);
    return 0;
}

/* The one integer a query gives; fails the test naming the query. */
static inline int64_t test_query_int(struct db *db, const char *sql)
{
    int64_t n;
    struct pcn_msg m = {0};
    if (db_query_int(db, sql, &n, &m))
        fail_msg("%s: %s", sql, m.text);
    return n;
}

/* Every row of the n tables, as text ("[table]" and a line a row, ordered
 * by the columns order_by names, e.g. "1, 2"; NULL written "~" but in the
 * first column): equal dumps mean the tables are unchanged.  Caller frees;
 * fails the test when a table cannot be read. */
static inline char *test_dump_tables(struct db *db, const char *const *tables, size_t n,
                                     const char *order_by)
{
    struct buf b;
    struct pcn_msg m = {0};
    buf_init(&b, 64 * 1024 * 1024);
    for (size_t t = 0; t < n; t++) {
        char sql[128];
        struct db_stmt *st;
        snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY %s", tables[t], order_by);
        if (db_prepare(db, sql, &st, &m))
            fail_msg("%s", m.text);
        buf_printf(&b, "[%s]\n", tables[t]);
        while (db_step(st, &m) == 1) {
            /* up to 45 columns; past the last, a NULL of no length */
            for (int c = 0; c < 45; c++) {
                if (c > 0 && db_col_null(st, c) && !db_col_len(st, c))
                    buf_addc(&b, '~');
                buf_adds(&b, db_col_text(st, c));
                buf_addc(&b, '|');
            }
            buf_addc(&b, '\n');
        }
        db_finalize(st);
    }
    return buf_take(&b, NULL);
}

/* Imports the file at path as kind (named by its path; with the rules
 * folder rules, or NULL for none): the importer's status, its result in
 * *res (release it) and its message in *m. */
static inline int test_import(struct db *db, enum import_kind kind, const char *path,
                              const char *rules, struct import_result *res, struct pcn_msg *m)
{
    struct import_src src = {.name = path, .path = path, .rules_dir = rules};
    import_result_init(res, kind);
    return importer_run(db, kind, &src, res, m);
}

/* The same, with no rules folder: fails the test ("import PATH: message")
 * when the file is refused. */
static inline void test_import_ok(struct db *db, enum import_kind kind, const char *path)
{
    struct import_result res;
    struct pcn_msg m = {0};
    if (test_import(db, kind, path, NULL, &res, &m))
        fail_msg("import %s: %s", path, m.text);
    import_result_release(&res);
}

/* The project's rules (the rules folder) in r, in the arena a, which this
 * starts; their diagnostics in *d (zeroed by the caller) when d is not
 * NULL.  Fails the test when they do not load. */
static inline void test_rules_load(struct arena *a, struct rules *r, struct rules_diag *d)
{
    struct rules_diag own = {0};
    struct pcn_msg m = {0};
    arena_init(a, 0);
    if (rules_load("rules", a, r, d ? d : &own, &m))
        fail_msg("rules: %s", m.text);
}

/* Writes text to dir/name and returns the path (caller frees). */
static inline char *write_file(const char *dir, const char *name, const char *text)
{
    char *path = malloc(strlen(dir) + strlen(name) + 2);
    if (!path)
        return NULL;
    snprintf(path, strlen(dir) + strlen(name) + 2, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) {
        free(path);
        return NULL;
    }
    fwrite(text, 1, strlen(text), f);
    fclose(f);
    return path;
}

/* Writes text to dir/name and imports it as kind: it must be refused, with
 * a message that holds error; what names the case in a failure. */
static inline void test_import_refused(struct db *db, const char *dir, const char *name,
                                       enum import_kind kind, const char *text, const char *error,
                                       const char *what)
{
    char *path = write_file(dir, name, text);
    struct import_src src = {.name = name, .path = path};
    struct import_result res;
    struct pcn_msg m = {0};
    import_result_init(&res, kind);
    int rc = importer_run(db, kind, &src, &res, &m);
    import_result_release(&res);
    free(path);
    if (rc == 0)
        fail_msg("%s: imported, expected %s", what, error);
    if (!strstr(m.text, error))
        fail_msg("%s:\n  got:      %s\n  expected: %s", what, m.text, error);
}

#endif
