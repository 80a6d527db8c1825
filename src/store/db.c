/* db.c: the public functions of db.h, over the driver the store's name
 * picks (db_driver.h), with each connection's statement cache and the
 * helpers that are the same on every driver. */
#include "common.h"
#include "db.h"
#include "db_driver.h"

#include <string.h>

#define CONN(db) ((struct db_conn *)(db))
#define OPS(db) (CONN(db)->ops)
#define SOPS(st) OPS(((struct db_stmt_head *)(st))->db)

bool db_is_url(const char *where)
{
    return where &&
           (strncmp(where, "postgresql://", 13) == 0 || strncmp(where, "postgres://", 11) == 0);
}

void db_name_shown(const char *where, char *out, size_t cap)
{
    snprintf(out, cap, "%s", where);
    if (!db_is_url(out))
        return;
    char *p = strstr(out, "://") + 3;
    char *at = strchr(p, '@');
    char *slash = strchr(p, '/');
    if (!at || (slash && slash < at))
        return;
    char *colon = memchr(p, ':', (size_t)(at - p));
    if (colon)
        memmove(colon, at, strlen(at) + 1);
}

int db_open_raw(const char *where, struct db **out, struct pcn_msg *m)
{
    int rc = db_is_url(where) ? db_pg_open(where, out, m) : db_sqlite_open(where, out, m);
    if (!rc)
        strmap_init(&CONN(*out)->cache);
    return rc;
}

void db_close(struct db *db)
{
    if (!db)
        return;
    CONN(db)->held = false;
    if (db_in_transaction(db))
        db_rollback(db);
    const char *key;
    void *val;
    struct strmap *cache = &CONN(db)->cache;
    if (OPS(db)->closing)
        OPS(db)->closing(db);
    for (size_t it = 0; strmap_next(cache, &it, &key, &val);) {
        free((char *)key);
        db_finalize(val);
    }
    strmap_release(cache);
    OPS(db)->close(db);
}

const char *db_path(const struct db *db)
{
    return OPS(db)->path(db);
}

enum db_kind db_kind(const struct db *db)
{
    return OPS(db)->kind;
}

bool db_broken(const struct db *db)
{
    return OPS(db)->broken(db);
}

int db_ping(struct db *db, struct pcn_msg *m)
{
    int64_t v;
    return db_query_int(db, "SELECT 1", &v, m);
}

int db_exec(struct db *db, const char *sql, struct pcn_msg *m)
{
    CONN(db)->statements++;
    return OPS(db)->exec(db, sql, m);
}

int db_begin_read(struct db *db, struct pcn_msg *m)
{
    if (CONN(db)->held) {
        CONN(db)->held_depth++;
        return 0;
    }
    if (db_in_transaction(db))
        BUG("nested transaction");
    CONN(db)->statements++;
    return OPS(db)->begin_read(db, m);
}

uint64_t db_statement_count(const struct db *db)
{
    return CONN(db)->statements;
}

int db_begin(struct db *db, struct pcn_msg *m)
{
    if (CONN(db)->held) {
        CONN(db)->held_depth++;
        return 0;
    }
    if (db_in_transaction(db))
        BUG("nested transaction");
    return OPS(db)->begin(db, m);
}

int db_commit(struct db *db, struct pcn_msg *m)
{
    if (CONN(db)->held) {
        if (CONN(db)->held_depth <= 0)
            BUG("commit inside db_hold with no transaction of its own");
        CONN(db)->held_depth--;
        return 0;
    }
    if (!db_in_transaction(db))
        BUG("commit outside a transaction");
    return OPS(db)->commit(db, m);
}

void db_rollback(struct db *db)
{
    if (CONN(db)->held) {
        if (CONN(db)->held_depth > 0)
            CONN(db)->held_depth--;
        CONN(db)->held_failed = true;
        return;
    }
    OPS(db)->rollback(db);
}

int db_hold(struct db *db, struct pcn_msg *m)
{
    if (CONN(db)->held || db_in_transaction(db))
        BUG("db_hold inside a transaction");
    int rc = OPS(db)->begin(db, m);
    if (!rc) {
        CONN(db)->held = true;
        CONN(db)->held_failed = false;
        CONN(db)->held_depth = 0;
    }
    return rc;
}

int db_hold_end(struct db *db, bool commit, struct pcn_msg *m)
{
    if (!CONN(db)->held)
        BUG("db_hold_end without db_hold");
    bool failed = CONN(db)->held_failed;
    CONN(db)->held = CONN(db)->held_failed = false;
    CONN(db)->held_depth = 0;
    if (commit && !failed)
        return OPS(db)->commit(db, m);
    OPS(db)->rollback(db);
    return commit ? msg_set(m, PCN_EDB,
                            "store: a change inside the transaction failed, so "
                            "nothing was written")
                  : 0;
}

bool db_in_transaction(const struct db *db)
{
    return OPS(db)->in_tx(db);
}

int db_prepare(struct db *db, const char *sql, struct db_stmt **out, struct pcn_msg *m)
{
    int rc = OPS(db)->prepare(db, sql, out, m);
    if (!rc)
        ((struct db_stmt_head *)*out)->running = false;
    return rc;
}

int db_cached(struct db *db, const char *sql, struct db_stmt **out, struct pcn_msg *m)
{
    struct strmap *cache = &CONN(db)->cache;
    struct db_stmt *st = strmap_get(cache, sql);
    if (!st) {
        int rc = db_prepare(db, sql, &st, m);
        if (rc)
            return rc;
        strmap_put(cache, xstrdup(sql), st);
    }
    *out = st;
    return 0;
}

void db_finalize(struct db_stmt *st)
{
    if (st)
        SOPS(st)->finalize(st);
}

void db_reset(struct db_stmt *st)
{
    ((struct db_stmt_head *)st)->running = false;
    SOPS(st)->reset(st);
}

void db_bind_int(struct db_stmt *st, int idx, int64_t v)
{
    SOPS(st)->bind_int(st, idx, v);
}

void db_bind_text(struct db_stmt *st, int idx, const char *s)
{
    SOPS(st)->bind_textn(st, idx, s, s ? strlen(s) : 0);
}

void db_bind_textn(struct db_stmt *st, int idx, const char *s, size_t len)
{
    SOPS(st)->bind_textn(st, idx, s, len);
}

void db_bind_null(struct db_stmt *st, int idx)
{
    SOPS(st)->bind_null(st, idx);
}

int db_step(struct db_stmt *st, struct pcn_msg *m)
{
    struct db_stmt_head *h = (struct db_stmt_head *)st;
    if (!h->running) { /* one statement run, however many rows */
        h->running = true;
        CONN(h->db)->statements++;
    }
    return SOPS(st)->step(st, m);
}

int db_run(struct db_stmt *st, struct pcn_msg *m)
{
    int rc = db_step(st, m);
    db_reset(st);
    return rc < 0 ? rc : 0;
}

int db_run_id(struct db_stmt *st, int64_t *id, struct pcn_msg *m)
{
    int rc = db_step(st, m);
    if (rc == 1) {
        *id = db_col_int(st, 0);
        while ((rc = db_step(st, m)) == 1)
            ;
    } else if (rc == 0) {
        rc = msg_set(m, PCN_EDB, "store: an insert returned no id");
    }
    db_reset(st);
    return rc < 0 ? rc : 0;
}

int64_t db_col_int(struct db_stmt *st, int col)
{
    return SOPS(st)->col_int(st, col);
}

const char *db_col_text(struct db_stmt *st, int col)
{
    return SOPS(st)->col_text(st, col);
}

size_t db_col_len(struct db_stmt *st, int col)
{
    return SOPS(st)->col_len(st, col);
}

bool db_col_null(struct db_stmt *st, int col)
{
    return SOPS(st)->col_null(st, col);
}

int db_col_count(struct db_stmt *st)
{
    return SOPS(st)->col_count(st);
}

const char *db_col_name(struct db_stmt *st, int col)
{
    return SOPS(st)->col_name(st, col);
}

enum db_type db_col_type(struct db_stmt *st, int col)
{
    return SOPS(st)->col_type(st, col);
}

int db_tables(struct db *db, struct arena *a, const char ***names, size_t *n, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_prepare(db, OPS(db)->tables_sql, &st, m);
    if (rc)
        return rc;
    size_t cap = 0;
    *names = NULL;
    *n = 0;
    while ((rc = db_step(st, m)) == 1) {
        if (*n == cap)
            *names = arena_grow(a, *names, *n, &cap, sizeof **names);
        (*names)[(*n)++] = arena_strdup(a, db_col_text(st, 0));
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int db_sync_ids(struct db *db, const char *table, struct pcn_msg *m)
{
    return OPS(db)->sync_ids(db, table, m);
}

int64_t db_changes(struct db *db)
{
    return OPS(db)->changes(db);
}

int db_schema_version(struct db *db, int *out, struct pcn_msg *m)
{
    return OPS(db)->schema_version(db, out, m);
}

int db_set_schema_version(struct db *db, int v, struct pcn_msg *m)
{
    return OPS(db)->set_schema_version(db, v, m);
}

int db_query_int(struct db *db, const char *sql, int64_t *out, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st, m);
    if (rc)
        return rc;
    rc = db_step(st, m);
    if (rc == 1) {
        *out = db_col_int(st, 0);
        rc = 0;
    } else if (rc == 0) {
        rc = msg_set(m, PCN_EDB, "store: no row from %s", sql);
    }
    db_finalize(st);
    return rc;
}

void db_bind_date(struct db_stmt *st, int idx, date_t t)
{
    char iso[11];
    if (t == DATE_NONE) {
        db_bind_text(st, idx, NULL); /* a NULL of type text, as the column */
        return;
    }
    date_format_iso(t, iso);
    db_bind_text(st, idx, iso);
}

date_t db_col_date(struct db_stmt *st, int col)
{
    date_t t;
    if (db_col_null(st, col) || date_parse_iso(db_col_text(st, col), db_col_len(st, col), &t))
        return DATE_NONE;
    return t;
}

const char *db_col_strdup(struct arena *a, struct db_stmt *st, int col)
{
    if (db_col_null(st, col))
        return NULL;
    return arena_strndup(a, db_col_text(st, col), db_col_len(st, col));
}

const char *db_col_strdup_blank(struct arena *a, struct db_stmt *st, int col)
{
    return arena_strdup(a, db_col_null(st, col) ? "" : db_col_text(st, col));
}

int db_end(struct db *db, int rc, struct pcn_msg *m)
{
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, m);
}

int db_rows(struct db_stmt *st, struct arena *a, size_t size, db_row_fn *fn, void **out, size_t *n,
            struct pcn_msg *m)
{
    void *v = NULL;
    size_t k = 0, cap = 0;
    int rc;
    while ((rc = db_step(st, m)) == 1) {
        if (k == cap)
            v = arena_grow(a, v, k, &cap, size);
        fn(a, st, (char *)v + k++ * size);
    }
    db_reset(st);
    *out = v;
    *n = k;
    return rc < 0 ? rc : 0;
}

int db_rows_of(struct db *db, const char *sql, const char *key, struct arena *a, size_t size,
               db_row_fn *fn, void **out, size_t *n, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(db, sql, &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, key);
    return db_rows(st, a, size, fn, out, n, m);
}

int db_row_of(struct db *db, const char *sql, const char *key, int64_t id, struct arena *a,
              db_row_fn *fn, void *out, bool *found, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(db, sql, &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, key);
    db_bind_int(st, 2, id);
    rc = db_step(st, m);
    *found = rc == 1;
    if (rc == 1 && fn)
        fn(a, st, out);
    db_reset(st);
    return rc < 0 ? rc : 0;
}

int db_begin_cached(struct db *db, const char *sql, struct db_stmt **out, struct pcn_msg *m)
{
    int rc = db_begin(db, m);
    if (!rc && (rc = db_cached(db, sql, out, m)))
        db_rollback(db);
    return rc;
}
