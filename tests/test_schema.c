/* The two stores' schemas, from the same migrations (src/store/sql/, and the
 * stores' own parts in src/store/sql/sqlite/ and src/store/sql/pg/), have the same
 * tables, columns (type, NOT NULL, default), primary keys, unique keys,
 * foreign keys (with ON DELETE), indexes (their columns) and number of
 * CHECK constraints.  Each store is described as sorted lines of text and
 * the two compared; a difference prints both lines.
 *
 * It needs both stores, so it runs in the runner's PostgreSQL pass (and is
 * skipped, saying so, when only SQLite is there).  One case runs on
 * SQLite alone: every migration has SQL for both drivers. */
#include "testutil.h"

#include "db.h"
#include "migrate.h"

#include <ctype.h>

#define MAXLINES 2000

struct desc {
    char *line[MAXLINES];
    int n;
};

static void add(struct desc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct desc *d, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (d->n >= MAXLINES)
        fail_msg("too many schema lines");
    d->line[d->n++] = strdup(buf);
}

static int cmp_line(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void desc_free(struct desc *d)
{
    for (int i = 0; i < d->n; i++)
        free(d->line[i]);
    d->n = 0;
}

/* Types as one word: SQLite's INTEGER (or BIGINT) is 64 bits, as
 * PostgreSQL's bigint; PostgreSQL's integer is 32 bits, so an INTEGER
 * written into a src/store/sql/pg/ part shows up here as "int32". */
static const char *type_class(const char *t, bool pg)
{
    if (pg && !strcasecmp(t, "integer"))
        return "int32";
    if (!strcasecmp(t, "integer") || !strcasecmp(t, "bigint"))
        return "int";
    if (!strcasecmp(t, "text"))
        return "text";
    return t;
}

/* A default as written, without PostgreSQL's ::type casts or spaces. */
static void norm_default(const char *in, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; in[i] && o + 1 < cap; i++) {
        if (in[i] == ':' && in[i + 1] == ':') {
            i += 2;
            while (in[i] && (isalpha((unsigned char)in[i]) || in[i] == ' '))
                i++;
            i--;
            continue;
        }
        if (in[i] != ' ')
            out[o++] = in[i];
    }
    out[o] = 0;
}

static const char *on_delete(const char *a)
{
    if (!strcasecmp(a, "c") || !strcasecmp(a, "CASCADE"))
        return "cascade";
    if (!strcasecmp(a, "n") || !strcasecmp(a, "SET NULL"))
        return "set null";
    if (!strcasecmp(a, "r") || !strcasecmp(a, "RESTRICT"))
        return "restrict";
    if (!strcasecmp(a, "d") || !strcasecmp(a, "SET DEFAULT"))
        return "set default";
    return "no action";
}

static struct db *open_store(const char *where)
{
    struct db *db;
    struct pcn_msg m = {0};
    if (migrate_open(where, &db, &m))
        fail_msg("%s", m.text);
    return db;
}

#define PREP(db, sql, st)                                                                          \
    do {                                                                                           \
        struct pcn_msg m_ = {0};                                                                   \
        if (db_prepare(db, sql, &(st), &m_))                                                       \
            fail_msg("%s", m_.text);                                                               \
    } while (0)

static int count_checks(const char *sql)
{
    int n = 0;
    for (const char *p = sql; (p = strcasestr(p, "CHECK")); p += 5)
        if ((p == sql || !isalnum((unsigned char)p[-1])) && !isalnum((unsigned char)p[5]))
            n++;
    return n;
}

static void describe_sqlite(struct db *db, struct desc *d)
{
    struct db_stmt *tabs, *st;
    struct pcn_msg m = {0};
    PREP(db,
         "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
         "ORDER BY name",
         tabs);
    while (db_step(tabs, &m) == 1) {
        char t[128], sql[4096];
        snprintf(t, sizeof t, "%s", db_col_text(tabs, 0));
        snprintf(sql, sizeof sql, "%s", db_col_text(tabs, 1));
        add(d, "%s: table, %d checks", t, count_checks(sql));

        char pk[512] = "";
        PREP(db,
             "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?) "
             "ORDER BY pk, cid",
             st);
        db_bind_text(st, 1, t);
        while (db_step(st, &m) == 1) {
            char dflt[256] = "";
            if (!db_col_null(st, 3))
                norm_default(db_col_text(st, 3), dflt, sizeof dflt);
            bool in_pk = db_col_int(st, 4) > 0;
            add(d, "%s.%s: %s%s%s%s", t, db_col_text(st, 0), type_class(db_col_text(st, 1), false),
                db_col_int(st, 2) || in_pk ? " not null" : "", dflt[0] ? " default " : "", dflt);
            if (in_pk)
                snprintf(pk + strlen(pk), sizeof pk - strlen(pk), "%s%s", pk[0] ? "," : "",
                         db_col_text(st, 0));
        }
        db_finalize(st);
        if (pk[0])
            add(d, "%s: primary key (%s)", t, pk);

        /* Indexes: unique ones (constraints or CREATE UNIQUE INDEX) and others. */
        PREP(db,
             "SELECT l.name, l.\"unique\", l.origin, "
             "(SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(l.name) "
             "ORDER BY seqno)) FROM pragma_index_list(?) l",
             st);
        db_bind_text(st, 1, t);
        while (db_step(st, &m) == 1) {
            if (!strcmp(db_col_text(st, 2), "pk"))
                continue;
            add(d, "%s: %s (%s)", t, db_col_int(st, 1) ? "unique" : "index", db_col_text(st, 3));
        }
        db_finalize(st);

        PREP(db,
             "SELECT f.id, f.\"table\", group_concat(f.\"from\", ','), "
             "group_concat(f.\"to\", ','), f.on_delete FROM "
             "(SELECT * FROM pragma_foreign_key_list(?) ORDER BY id, seq) f GROUP BY f.id",
             st);
        db_bind_text(st, 1, t);
        while (db_step(st, &m) == 1)
            add(d, "%s: foreign key (%s) references %s (%s) on delete %s", t, db_col_text(st, 2),
                db_col_text(st, 1), db_col_text(st, 3), on_delete(db_col_text(st, 4)));
        db_finalize(st);
    }
    db_finalize(tabs);
}

static void describe_pg(struct db *db, struct desc *d)
{
    struct db_stmt *st;
    struct pcn_msg m = {0};
    static const char here[] =
        "c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' "
        "AND c.relname <> 'pcnops_schema_version'";

    PREP(db,
         "SELECT c.relname, (SELECT count(*) FROM pg_constraint k WHERE k.conrelid = c.oid AND "
         "k.contype = 'c') FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace "
         "AND c.relkind = 'r' AND c.relname <> 'pcnops_schema_version'",
         st);
    while (db_step(st, &m) == 1)
        add(d, "%s: table, %d checks", db_col_text(st, 0), (int)db_col_int(st, 1));
    db_finalize(st);

    char sql[2048];
    snprintf(sql, sizeof sql,
             "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
             "pg_get_expr(ad.adbin, ad.adrelid) FROM pg_class c JOIN pg_attribute a ON "
             "a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped LEFT JOIN pg_attrdef ad "
             "ON ad.adrelid = c.oid AND ad.adnum = a.attnum WHERE %s",
             here);
    PREP(db, sql, st);
    while (db_step(st, &m) == 1) {
        char dflt[256] = "";
        if (!db_col_null(st, 4))
            norm_default(db_col_text(st, 4), dflt, sizeof dflt);
        add(d, "%s.%s: %s%s%s%s", db_col_text(st, 0), db_col_text(st, 1),
            type_class(db_col_text(st, 2), true), db_col_int(st, 3) ? " not null" : "",
            dflt[0] ? " default " : "", dflt);
    }
    db_finalize(st);

    /* Every index: the primary key, unique ones, others; columns in order. */
    snprintf(sql, sizeof sql,
             "SELECT c.relname, i.indisprimary, i.indisunique, (SELECT string_agg(a.attname, ',' "
             "ORDER BY k.n) FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) JOIN "
             "pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum) FROM pg_index i JOIN "
             "pg_class c ON c.oid = i.indrelid WHERE %s",
             here);
    PREP(db, sql, st);
    while (db_step(st, &m) == 1)
        add(d, "%s: %s (%s)", db_col_text(st, 0),
            db_col_int(st, 1)   ? "primary key"
            : db_col_int(st, 2) ? "unique"
                                : "index",
            db_col_text(st, 3));
    db_finalize(st);

    snprintf(sql, sizeof sql,
             "SELECT c.relname, f.relname, (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM "
             "unnest(k0.conkey) WITH ORDINALITY AS k(attnum, n) JOIN pg_attribute a ON "
             "a.attrelid = c.oid AND a.attnum = k.attnum), (SELECT string_agg(a.attname, ',' "
             "ORDER BY k.n) FROM unnest(k0.confkey) WITH ORDINALITY AS k(attnum, n) JOIN "
             "pg_attribute a ON a.attrelid = f.oid AND a.attnum = k.attnum), k0.confdeltype "
             "FROM pg_constraint k0 JOIN pg_class c ON c.oid = k0.conrelid JOIN pg_class f ON "
             "f.oid = k0.confrelid WHERE k0.contype = 'f' AND %s",
             here);
    PREP(db, sql, st);
    while (db_step(st, &m) == 1)
        add(d, "%s: foreign key (%s) references %s (%s) on delete %s", db_col_text(st, 0),
            db_col_text(st, 2), db_col_text(st, 1), db_col_text(st, 3),
            on_delete(db_col_text(st, 4)));
    db_finalize(st);
}

/* Prints the lines only one side has; true when there are none. */
static bool same(struct desc *a, const char *an, struct desc *b, const char *bn)
{
    qsort(a->line, (size_t)a->n, sizeof *a->line, cmp_line);
    qsort(b->line, (size_t)b->n, sizeof *b->line, cmp_line);
    int i = 0, j = 0;
    bool ok = true;
    while (i < a->n || j < b->n) {
        int c = i >= a->n ? 1 : j >= b->n ? -1 : strcmp(a->line[i], b->line[j]);
        if (c == 0) {
            i++, j++;
            continue;
        }
        ok = false;
        if (c < 0)
            print_message("only on %s: %s\n", an, a->line[i++]);
        else
            print_message("only on %s: %s\n", bn, b->line[j++]);
    }
    return ok;
}

static void test_every_migration_has_both(void **state)
{
    (void)state;
    for (int i = 0; i < migrations_count; i++) {
        const struct migration *mg = &migrations[i];
        assert_int_equal(mg->version, i + 1);
        /* portable, or each store's own part, or both; never one store's alone */
        assert_true(mg->sql || mg->sql_sqlite);
        assert_true((mg->sql_sqlite == NULL) == (mg->sql_pg == NULL));
    }
}

/* A portable migration runs as written on SQLite; on PostgreSQL, outside
 * quotes and comments, INTEGER PRIMARY KEY is an identity, WITHOUT ROWID
 * goes, and each other INTEGER word becomes BIGINT (64 bits, as SQLite's).
 * Each store's own part follows the portable one. */
static const struct {
    const char *portable, *own_sqlite, *own_pg; /* the migration */
    const char *on_pg;                          /* what PostgreSQL runs */
} sql_cases[] = {
    {"CREATE TABLE t (a INTEGER NOT NULL, integer_ish TEXT DEFAULT 'INTEGER', "
     "b integer) -- INTEGER stays here\n/* and INTEGER here */",
     NULL, NULL,
     "CREATE TABLE t (a BIGINT NOT NULL, integer_ish TEXT DEFAULT 'INTEGER', "
     "b BIGINT) -- INTEGER stays here\n/* and INTEGER here */"},
    {"CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER);", NULL, NULL,
     "CREATE TABLE t (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, n BIGINT);"},
    {"CREATE TABLE t (id integer\n    primary  KEY, k TEXT PRIMARY KEY)", NULL, NULL,
     "CREATE TABLE t (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, k TEXT PRIMARY KEY)"},
    {"CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER NOT NULL PRIMARY KEY)\n) WITHOUT ROWID;", NULL,
     NULL, "CREATE TABLE t (k TEXT PRIMARY KEY, n BIGINT NOT NULL PRIMARY KEY)\n);"},
    {"CREATE TABLE without_rowids (a TEXT DEFAULT 'WITHOUT ROWID') -- WITHOUT ROWID", NULL, NULL,
     "CREATE TABLE without_rowids (a TEXT DEFAULT 'WITHOUT ROWID') -- WITHOUT ROWID"},
    {"CREATE TABLE t (a INTEGER);", "CREATE INDEX l ON t (a);", "CREATE INDEX p ON t (a);",
     "CREATE TABLE t (a BIGINT);\nCREATE INDEX p ON t (a);"},
    {NULL, "SELECT 1 -- INTEGER", "SELECT INTEGER 2", "SELECT INTEGER 2"},
};

static void expect_sql(const struct migration *mg, struct db *db, const char *want)
{
    char *s = migrate_sql(mg, db);
    if (strcmp(s, want) != 0)
        print_message("migration SQL:\n%s\nwanted:\n%s\n", s, want);
    assert_string_equal(s, want);
    free(s);
}

static void test_portable_sql(void **state)
{
    (void)state;
    const char *pg = getenv("PCNOPS_TEST_PG");
    struct pcn_msg m = {0};
    struct db *lite, *post = NULL;
    assert_int_equal(db_open_raw(":memory:", &lite, &m), 0);
    if (pg && *pg)
        assert_int_equal(db_open_raw(pg, &post, &m), 0);
    for (size_t i = 0; i < sizeof sql_cases / sizeof sql_cases[0]; i++) {
        const struct migration mg = {.version = 1,
                                     .name = "t",
                                     .sql = sql_cases[i].portable,
                                     .sql_sqlite = sql_cases[i].own_sqlite,
                                     .sql_pg = sql_cases[i].own_pg};
        char on_sqlite[512];
        snprintf(on_sqlite, sizeof on_sqlite, "%s%s%s", mg.sql ? mg.sql : "",
                 mg.sql && mg.sql_sqlite ? "\n" : "", mg.sql_sqlite ? mg.sql_sqlite : "");
        expect_sql(&mg, lite, on_sqlite);
        if (post)
            expect_sql(&mg, post, sql_cases[i].on_pg);
    }
    db_close(lite);
    if (post)
        db_close(post);
}

static void test_same_schema(void **state)
{
    (void)state;
    char *dir = tmpdir_make();
    char lite[512], pg[512];
    snprintf(lite, sizeof lite, "%s/schema.db", dir);
    assert_int_equal(test_store(dir, "schema.db", pg, sizeof pg), 0);
    struct db *a = open_store(lite), *b = open_store(pg);
    assert_int_equal(db_kind(a), DB_SQLITE);
    assert_int_equal(db_kind(b), DB_POSTGRES);
    struct desc da = {0}, dbd = {0};
    describe_sqlite(a, &da);
    describe_pg(b, &dbd);
    assert_true(da.n > 100); /* it did read the tables */
    bool ok = same(&da, "SQLite", &dbd, "PostgreSQL");
    desc_free(&da);
    desc_free(&dbd);
    db_close(a);
    db_close(b);
    tmpdir_remove(dir);
    assert_true(ok);
}

int main(void)
{
    const struct CMUnitTest sqlite_only[] = {
        cmocka_unit_test(test_every_migration_has_both),
        cmocka_unit_test(test_portable_sql),
    };
    const struct CMUnitTest both[] = {
        cmocka_unit_test(test_every_migration_has_both),
        cmocka_unit_test(test_portable_sql),
        cmocka_unit_test(test_same_schema),
    };
    const char *pg = getenv("PCNOPS_TEST_PG");
    if (!pg || !*pg) { /* the comparison runs in the runner's PostgreSQL pass */
        printf("# test_same_schema needs PostgreSQL: it runs in the PostgreSQL pass\n");
        return cmocka_run_group_tests_name("schema", sqlite_only, NULL, NULL);
    }
    return cmocka_run_group_tests_name("schema", both, NULL, NULL);
}
