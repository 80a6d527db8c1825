/* db_sqlite.c: the SQLite driver behind db.h (db_driver.h). */
#include "common.h"
#include "db.h"
#include "db_driver.h"

#include <pthread.h>
#include <sqlite3.h>

struct db {
    struct db_conn conn;
    sqlite3 *h;
    char *path;
    bool in_tx;
};

struct db_stmt {
    struct db_stmt_head head;
    sqlite3_stmt *s;
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

static const struct db_ops sqlite_ops;

static int s_exec(struct db *db, const char *sql, struct pcn_msg *m)
{
    char *err = NULL;
    if (sqlite3_exec(db->h, sql, NULL, NULL, &err) != SQLITE_OK) {
        int rc = msg_set(m, PCN_EDB, "store: %s", err ? err : sqlite3_errmsg(db->h));
        sqlite3_free(err);
        return rc;
    }
    return 0;
}

static void s_close(struct db *db)
{
    sqlite3_close(db->h);
    free(db->path);
    free(db);
}

int db_sqlite_open(const char *path, struct db **out, struct pcn_msg *m)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, configure_sqlite);
    struct db *db = xcalloc(1, sizeof *db);
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;

    db->conn.ops = &sqlite_ops;
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
    int rc = s_exec(db, setup, m);
    if (rc) {
        msg_prefix(m, "%s: ", path);
        s_close(db);
        return rc;
    }
    *out = db;
    return 0;
}

static const char *s_path(const struct db *db)
{
    return db->path;
}

static int s_begin(struct db *db, struct pcn_msg *m)
{
    /* IMMEDIATE takes the write lock now, so a busy store fails here rather
     * than half way through an import. */
    int rc = s_exec(db, "BEGIN IMMEDIATE", m);
    if (!rc)
        db->in_tx = true;
    return rc;
}

/* A deferred BEGIN: the read locks are taken once for every statement of
 * the transaction. */
static int s_begin_read(struct db *db, struct pcn_msg *m)
{
    int rc = s_exec(db, "BEGIN", m);
    if (!rc)
        db->in_tx = true;
    return rc;
}

static void s_rollback(struct db *db)
{
    if (sqlite3_get_autocommit(db->h) == 0)
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
    db->in_tx = false;
}

static int s_commit(struct db *db, struct pcn_msg *m)
{
    int rc = s_exec(db, "COMMIT", m);
    if (rc) {
        s_rollback(db);
        return rc;
    }
    db->in_tx = false;
    return 0;
}

static bool s_in_tx(const struct db *db)
{
    return db->in_tx;
}

static bool s_broken(const struct db *db)
{
    (void)db;
    return false; /* a file does not go away under a connection */
}

static int s_prepare(struct db *db, const char *sql, struct db_stmt **out, struct pcn_msg *m)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK)
        return db_fail(db, m, sql);
    struct db_stmt *st = xmalloc(sizeof *st);
    st->s = s;
    st->head.db = db;
    *out = st;
    return 0;
}

static void s_finalize(struct db_stmt *st)
{
    sqlite3_finalize(st->s);
    free(st);
}

static void s_reset(struct db_stmt *st)
{
    sqlite3_reset(st->s);
    sqlite3_clear_bindings(st->s);
}

static void s_bind_int(struct db_stmt *st, int idx, int64_t v)
{
    sqlite3_bind_int64(st->s, idx, v);
}

static void s_bind_textn(struct db_stmt *st, int idx, const char *s, size_t len)
{
    if (s)
        sqlite3_bind_text64(st->s, idx, s, len, SQLITE_TRANSIENT, SQLITE_UTF8);
    else
        sqlite3_bind_null(st->s, idx);
}

static void s_bind_null(struct db_stmt *st, int idx)
{
    sqlite3_bind_null(st->s, idx);
}

static int s_step(struct db_stmt *st, struct pcn_msg *m)
{
    int rc = sqlite3_step(st->s);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    int err = db_fail(st->head.db, m, sqlite3_sql(st->s));
    sqlite3_reset(st->s);
    return err;
}

static int64_t s_col_int(struct db_stmt *st, int col)
{
    return sqlite3_column_int64(st->s, col);
}

static const char *s_col_text(struct db_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st->s, col);
    return t ? (const char *)t : "";
}

static size_t s_col_len(struct db_stmt *st, int col)
{
    return (size_t)sqlite3_column_bytes(st->s, col);
}

static bool s_col_null(struct db_stmt *st, int col)
{
    return sqlite3_column_type(st->s, col) == SQLITE_NULL;
}

static int s_col_count(struct db_stmt *st)
{
    return sqlite3_column_count(st->s);
}

static const char *s_col_name(struct db_stmt *st, int col)
{
    const char *n = sqlite3_column_name(st->s, col);
    return n ? n : "";
}

static enum db_type s_col_type(struct db_stmt *st, int col)
{
    switch (sqlite3_column_type(st->s, col)) {
    case SQLITE_NULL:
        return DB_TYPE_NULL;
    case SQLITE_INTEGER:
        return DB_TYPE_INT;
    default:
        return DB_TYPE_TEXT;
    }
}

static int s_sync_ids(struct db *db, const char *table, struct pcn_msg *m)
{
    (void)db;
    (void)table;
    (void)m;
    return 0; /* a rowid id always follows the largest */
}

static int64_t s_changes(struct db *db)
{
    return sqlite3_changes64(db->h);
}

static int s_schema_version(struct db *db, int *out, struct pcn_msg *m)
{
    int64_t v;
    int rc = db_query_int(db, "PRAGMA user_version", &v, m);
    if (!rc)
        *out = (int)v;
    return rc;
}

static int s_set_schema_version(struct db *db, int v, struct pcn_msg *m)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v);
    return s_exec(db, sql, m);
}

static const struct db_ops sqlite_ops = {
    .kind = DB_SQLITE,
    .close = s_close,
    .path = s_path,
    .exec = s_exec,
    .begin = s_begin,
    .begin_read = s_begin_read,
    .commit = s_commit,
    .rollback = s_rollback,
    .in_tx = s_in_tx,
    .broken = s_broken,
    .prepare = s_prepare,
    .finalize = s_finalize,
    .reset = s_reset,
    .bind_int = s_bind_int,
    .bind_textn = s_bind_textn,
    .bind_null = s_bind_null,
    .step = s_step,
    .col_int = s_col_int,
    .col_text = s_col_text,
    .col_len = s_col_len,
    .col_null = s_col_null,
    .col_count = s_col_count,
    .col_name = s_col_name,
    .col_type = s_col_type,
    .tables_sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                  "'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
    .sync_ids = s_sync_ids,
    .changes = s_changes,
    .schema_version = s_schema_version,
    .set_schema_version = s_set_schema_version,
};
