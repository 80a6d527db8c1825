/* db_sqlite.c: the SQLite driver behind db.h. */
#include "common.h"
#include "db.h"
#include "migrate.h"
#include "strmap.h"

#include <pthread.h>
#include <sqlite3.h>

struct db {
    sqlite3 *h;
    char *path;
    bool in_tx;
    uint64_t statements;   /* see db_statement_count */
    struct strmap cache;   /* SQL text -> struct db_stmt *, see db_cached */
};

struct db_stmt {
    sqlite3_stmt *s;
    struct db *db;
};

static int db_fail(struct db *db, struct pcn_msg *m, const char *sql)
{
    int ext = sqlite3_extended_errcode(db->h);
    int code = (ext & 0xff) == SQLITE_CONSTRAINT ? PCN_ECONFLICT : PCN_EDB;
    if (sql)
        return msg_set(m, code, "store: %s (in: %.200s)", sqlite3_errmsg(db->h), sql);
    return msg_set(m, code, "store: %s", sqlite3_errmsg(db->h));
}

/* Process-wide SQLite settings, made once before the first connection:
 * no memory statistics, whose global mutex every allocation would take. */
static void configure_sqlite(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int db_open_raw(const char *path, struct db **out, struct pcn_msg *m)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, configure_sqlite);
    struct db *db = xcalloc(1, sizeof *db);
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;

    if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
        int rc = msg_set(m, PCN_EDB, "%s: cannot open the store: %s", path,
                         db->h ? sqlite3_errmsg(db->h) : "out of memory");
        sqlite3_close(db->h);
        free(db);
        return rc;
    }
    db->path = xstrdup(path);
    sqlite3_extended_result_codes(db->h, 1);
    sqlite3_busy_timeout(db->h, 5000);
    /* WAL for readers beside one writer; NORMAL sync is durable under WAL
     * except for the last transactions before a power cut. */
    static const char setup[] = "PRAGMA foreign_keys = ON;"
                                "PRAGMA journal_mode = WAL;"
                                "PRAGMA synchronous = NORMAL;";
    int rc = db_exec(db, setup, m);
    if (rc) {
        msg_prefix(m, "%s: ", path);
        db_close(db);
        return rc;
    }
    *out = db;
    return 0;
}

int db_open(const char *path, struct db **out, struct pcn_msg *m)
{
    struct db *db;
    int rc = db_open_raw(path, &db, m);
    if (rc)
        return rc;
    if ((rc = migrate_up(db, m))) {
        db_close(db);
        return rc;
    }
    *out = db;
    return 0;
}

void db_close(struct db *db)
{
    if (!db)
        return;
    if (db->in_tx)
        db_rollback(db);
    const char *key;
    void *val;
    for (size_t it = 0; strmap_next(&db->cache, &it, &key, &val);) {
        free((char *)key);
        db_finalize(val);
    }
    strmap_release(&db->cache);
    sqlite3_close(db->h);
    free(db->path);
    free(db);
}

const char *db_path(const struct db *db)
{
    return db->path;
}

int db_exec(struct db *db, const char *sql, struct pcn_msg *m)
{
    char *err = NULL;
    db->statements++;
    if (sqlite3_exec(db->h, sql, NULL, NULL, &err) != SQLITE_OK) {
        int rc = msg_set(m, PCN_EDB, "store: %s", err ? err : sqlite3_errmsg(db->h));
        sqlite3_free(err);
        return rc;
    }
    return 0;
}

int db_begin(struct db *db, struct pcn_msg *m)
{
    if (db->in_tx)
        BUG("nested transaction");
    /* IMMEDIATE takes the write lock now, so a busy store fails here rather
     * than half way through an import. */
    int rc = db_exec(db, "BEGIN IMMEDIATE", m);
    if (!rc)
        db->in_tx = true;
    return rc;
}

int db_begin_read(struct db *db, struct pcn_msg *m)
{
    if (db->in_tx)
        BUG("nested transaction");
    int rc = db_exec(db, "BEGIN", m);
    if (!rc)
        db->in_tx = true;
    return rc;
}

uint64_t db_statement_count(const struct db *db)
{
    return db->statements;
}

int db_commit(struct db *db, struct pcn_msg *m)
{
    if (!db->in_tx)
        BUG("commit outside a transaction");
    int rc = db_exec(db, "COMMIT", m);
    if (rc) {
        db_rollback(db);
        return rc;
    }
    db->in_tx = false;
    return 0;
}

void db_rollback(struct db *db)
{
    if (sqlite3_get_autocommit(db->h) == 0)
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
    db->in_tx = false;
}

bool db_in_transaction(const struct db *db)
{
    return db->in_tx;
}

int db_prepare(struct db *db, const char *sql, struct db_stmt **out, struct pcn_msg *m)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK)
        return db_fail(db, m, sql);
    struct db_stmt *st = xmalloc(sizeof *st);
    st->s = s;
    st->db = db;
    *out = st;
    return 0;
}

int db_cached(struct db *db, const char *sql, struct db_stmt **out, struct pcn_msg *m)
{
    struct db_stmt *st = strmap_get(&db->cache, sql);
    if (!st) {
        int rc = db_prepare(db, sql, &st, m);
        if (rc)
            return rc;
        strmap_put(&db->cache, xstrdup(sql), st);
    }
    *out = st;
    return 0;
}

void db_finalize(struct db_stmt *st)
{
    if (!st)
        return;
    sqlite3_finalize(st->s);
    free(st);
}

void db_reset(struct db_stmt *st)
{
    sqlite3_reset(st->s);
    sqlite3_clear_bindings(st->s);
}

void db_bind_int(struct db_stmt *st, int idx, int64_t v)
{
    sqlite3_bind_int64(st->s, idx, v);
}

void db_bind_text(struct db_stmt *st, int idx, const char *s)
{
    if (s)
        sqlite3_bind_text(st->s, idx, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st->s, idx);
}

void db_bind_textn(struct db_stmt *st, int idx, const char *s, size_t len)
{
    sqlite3_bind_text64(st->s, idx, s, len, SQLITE_TRANSIENT, SQLITE_UTF8);
}

void db_bind_null(struct db_stmt *st, int idx)
{
    sqlite3_bind_null(st->s, idx);
}

int db_step(struct db_stmt *st, struct pcn_msg *m)
{
    if (!sqlite3_stmt_busy(st->s))
        st->db->statements++;
    int rc = sqlite3_step(st->s);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    int err = db_fail(st->db, m, sqlite3_sql(st->s));
    sqlite3_reset(st->s);
    return err;
}

int db_run(struct db_stmt *st, struct pcn_msg *m)
{
    int rc = db_step(st, m);
    db_reset(st);
    return rc < 0 ? rc : 0;
}

int64_t db_col_int(struct db_stmt *st, int col)
{
    return sqlite3_column_int64(st->s, col);
}

const char *db_col_text(struct db_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st->s, col);
    return t ? (const char *)t : "";
}

size_t db_col_len(struct db_stmt *st, int col)
{
    return (size_t)sqlite3_column_bytes(st->s, col);
}

bool db_col_null(struct db_stmt *st, int col)
{
    return sqlite3_column_type(st->s, col) == SQLITE_NULL;
}

int64_t db_changes(struct db *db)
{
    return sqlite3_changes64(db->h);
}

int db_schema_version(struct db *db, int *out, struct pcn_msg *m)
{
    int64_t v;
    int rc = db_query_int(db, "PRAGMA user_version", &v, m);
    if (!rc)
        *out = (int)v;
    return rc;
}

int db_set_schema_version(struct db *db, int v, struct pcn_msg *m)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v);
    return db_exec(db, sql, m);
}

int db_query_int(struct db *db, const char *sql, int64_t *out, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st, m);
    if (rc)
        return rc;
    rc = db_step(st, m);   /* counts the statement */
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
        db_bind_null(st, idx);
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
