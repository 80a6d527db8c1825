/* db_pg.c: the PostgreSQL driver behind db.h (db_driver.h), on libpq.
 *
 * The store is a URL (postgresql://USER:PASSWORD@HOST:PORT/DBNAME?...,
 * anything libpq reads; host=/a/folder for a Unix socket).  Each connection
 * is set to UTC, quiet notices, and a statement timeout of
 * LIMIT_DB_STATEMENT_MS; connecting gives up after LIMIT_DB_CONNECT_SECONDS
 * unless the URL sets connect_timeout.
 *
 * Statements: the portable SQL of db.h, its '?' renumbered $1, $2, ...
 * (outside quotes and comments).  Each parameter is sent as text with the
 * type its bind gave (int8, text, or none for db_bind_null), run when
 * first stepped: the first run with PQexecParams, later runs of the same
 * statement (a cached one, or one reused in a loop) prepared on the server
 * once and run with PQexecPrepared (DEALLOCATEd at db_finalize).  The whole
 * result is kept, so another statement can run on the connection while
 * rows are read.  A mistake in the SQL shows at the first db_step, not at
 * db_prepare as on SQLite.  A boolean column reads as 1 or 0 through
 * db_col_int, and a numeric one (SUM of bigints) as its integer part.
 *
 * Transactions: db_begin is BEGIN plus a transaction-scoped advisory lock
 * (one key for the store), as SQLite's BEGIN IMMEDIATE: transactions that
 * change data run one at a time, from any number of processes, so the
 * audit chain's head and a read-then-write stay consistent.  A COMMIT the
 * server turns into ROLLBACK (the transaction had failed) is an error.
 *
 * Errors: SQLSTATE class 23 (unique, foreign key, check, not null, and the
 * audit log's append-only trigger) is PCN_ECONFLICT, as on SQLite; anything
 * else PCN_EDB.  Outside a transaction, a serialization failure or
 * deadlock (40001, 40P01) is tried again up to LIMIT_DB_RETRIES times; a
 * lost connection is made again, and the statement tried again only when
 * it is a SELECT, BEGIN or SET (a write may have been applied before the
 * connection dropped).  Inside a transaction nothing is retried: the error goes to
 * the caller, who rolls back.  A lost connection is made again on the next
 * statement, so a server outlives a database restart. */
#include "common.h"
#include "db.h"
#include "db_driver.h"
#include "limits.h"

#include <ctype.h>
#include <libpq-fe.h>
#include <string.h>
#include <time.h>

#define OID_INT8 20
#define OID_TEXT 25

/* pg_advisory_xact_lock's key for the store's one write lock ("pcnops"). */
#define WRITE_LOCK_KEY "112920158101363"

struct db {
    struct db_conn conn;
    PGconn *c;
    char *shown; /* the URL without its password */
    bool in_tx;
    bool closing;   /* prepared statements go with the connection */
    unsigned gen;   /* bumped at each reconnection: prepared statements are gone */
    unsigned names; /* prepared statements made, for their names */
    int64_t changes;
};

struct db_stmt {
    struct db_stmt_head head;
    char *sql;  /* with $1, $2, ... */
    char *orig; /* as given, for messages */
    int n;      /* parameters */
    char **vals;
    Oid *types;
    PGresult *res;
    int row, rows;
    bool ran;
    int runs;
    bool prepared; /* on the server as name, for generation prep_gen */
    unsigned prep_gen;
    char name[24];
    Oid *ptypes; /* the parameter types it was prepared with */
};

static const struct db_ops pg_ops;

static void quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* The URL with any password left out (for messages and db_path). */
static char *shown_url(const char *url)
{
    size_t cap = strlen(url) + 1;
    char *s = xmalloc(cap);
    db_name_shown(url, s, cap);
    return s;
}

static void trim_nl(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
        s[--n] = 0;
}

static int fail_res(struct db *db, PGresult *res, struct pcn_msg *m, const char *sql)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    int code = state && state[0] == '2' && state[1] == '3' ? PCN_ECONFLICT : PCN_EDB;
    char words[512];
    snprintf(words, sizeof words, "%s",
             res && PQresultErrorMessage(res)[0] ? PQresultErrorMessage(res)
                                                 : PQerrorMessage(db->c));
    trim_nl(words);
    if (!words[0])
        snprintf(words, sizeof words, "the connection to the database was lost");
    if (sql)
        return msg_set(m, code, "store: %s (in: %.200s)", words, sql);
    return msg_set(m, code, "store: %s", words);
}

/* The connection's settings, made after every (re)connection. */
static int session_setup(struct db *db, struct pcn_msg *m)
{
    char sql[160];
    PQsetNoticeProcessor(db->c, quiet, NULL);
    snprintf(sql, sizeof sql,
             "SET statement_timeout = %d; SET TIME ZONE 'UTC'; SET client_min_messages = warning",
             LIMIT_DB_STATEMENT_MS);
    PGresult *r = PQexec(db->c, sql);
    int rc = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : fail_res(db, r, m, NULL);
    PQclear(r);
    return rc;
}

static void p_closing(struct db *db)
{
    db->closing = true;
}

static void p_close(struct db *db)
{
    PQfinish(db->c);
    free(db->shown);
    free(db);
}

int db_pg_open(const char *url, struct db **out, struct pcn_msg *m)
{
    struct db *db = xcalloc(1, sizeof *db);
    db->conn.ops = &pg_ops;
    db->shown = shown_url(url);
    /* Keywords before dbname are defaults the URL (expanded from dbname) may override. */
    static const char *const keys[] = {"connect_timeout", "dbname", NULL};
    const char *const vals[] = {LIMIT_DB_CONNECT_SECONDS, url, NULL};
    db->c = PQconnectdbParams(keys, vals, 1);
    if (!db->c || PQstatus(db->c) != CONNECTION_OK) {
        char words[512];
        snprintf(words, sizeof words, "%s", db->c ? PQerrorMessage(db->c) : "out of memory");
        trim_nl(words);
        int rc = msg_set(m, PCN_EDB, "%s: cannot open the store: %s", db->shown, words);
        p_close(db);
        return rc;
    }
    int rc = session_setup(db, m);
    if (rc) {
        msg_prefix(m, "%s: ", db->shown);
        p_close(db);
        return rc;
    }
    *out = db;
    return 0;
}

/* After a lost connection: one attempt to connect again. */
static bool reconnect(struct db *db)
{
    db->gen++;
    PQreset(db->c);
    if (PQstatus(db->c) != CONNECTION_OK)
        return false;
    struct pcn_msg ignore;
    return session_setup(db, &ignore) == 0;
}

static bool retryable_state(const PGresult *res)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    return state && (!strcmp(state, "40001") || !strcmp(state, "40P01"));
}

/* What may run again after a lost connection: it changes nothing, or
 * nothing that outlives the connection. */
static bool safe_again(const char *sql)
{
    while (isspace((unsigned char)*sql))
        sql++;
    return strncasecmp(sql, "SELECT", 6) == 0 || strncasecmp(sql, "BEGIN", 5) == 0 ||
           strncasecmp(sql, "SET ", 4) == 0;
}

static void pause_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Runs one command (params or not) with the retries the header describes.
 * Returns the result (the caller clears it), or NULL with the message set. */
static PGresult *run(struct db *db, const char *sql, const char *name, const char *shown, int n,
                     const Oid *types, const char *const *vals, bool params, int *rc,
                     struct pcn_msg *m)
{
    unsigned gen = db->gen;
    for (int attempt = 0;; attempt++) {
        if (PQstatus(db->c) != CONNECTION_OK && !db->in_tx && !reconnect(db)) {
            *rc = msg_set(m, PCN_EDB, "store: cannot reach the database: %s (in: %.200s)",
                          PQerrorMessage(db->c), shown);
            trim_nl(m->text);
            return NULL;
        }
        PGresult *res;
        if (name && db->gen == gen) /* a reconnection drops prepared statements */
            res = PQexecPrepared(db->c, name, n, vals, NULL, NULL, 0);
        else if (params)
            res = PQexecParams(db->c, sql, n, types, vals, NULL, NULL, 0);
        else
            res = PQexec(db->c, sql);
        ExecStatusType s = PQresultStatus(res);
        if (res && (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_EMPTY_QUERY)) {
            *rc = 0;
            return res;
        }
        bool lost = PQstatus(db->c) != CONNECTION_OK;
        bool again = !db->in_tx && attempt < LIMIT_DB_RETRIES &&
                     (retryable_state(res) || (lost && safe_again(sql)));
        if (!again) {
            *rc = fail_res(db, res, m, shown);
            PQclear(res);
            return NULL; /* in a transaction lost with its connection: db_rollback */
        }
        PQclear(res);
        pause_ms(20 << attempt);
    }
}

static void note_changes(struct db *db, PGresult *res)
{
    const char *status = PQcmdStatus(res);
    if (!strncmp(status, "INSERT", 6) || !strncmp(status, "UPDATE", 6) ||
        !strncmp(status, "DELETE", 6) || !strncmp(status, "MERGE", 5)) {
        int64_t v = 0;
        const char *t = PQcmdTuples(res);
        if (parse_i64(t, 0, INT64_MAX, &v))
            v = 0;
        db->changes = v;
    }
}

static int p_exec(struct db *db, const char *sql, struct pcn_msg *m)
{
    int rc;
    PGresult *res = run(db, sql, NULL, sql, 0, NULL, NULL, false, &rc, m);
    if (res) {
        note_changes(db, res);
        PQclear(res);
    }
    return rc;
}

static const char *p_path(const struct db *db)
{
    return db->shown;
}

static int p_begin(struct db *db, struct pcn_msg *m)
{
    int rc = p_exec(db, "BEGIN", m);
    if (rc)
        return rc;
    db->in_tx = true;
    if ((rc = p_exec(db, "SELECT pg_advisory_xact_lock(" WRITE_LOCK_KEY ")", m))) {
        PGresult *r = PQexec(db->c, "ROLLBACK");
        PQclear(r);
        db->in_tx = false;
    }
    return rc;
}

/* One snapshot for every statement, and no write lock: a read. */
static int p_begin_read(struct db *db, struct pcn_msg *m)
{
    int rc = p_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", m);
    if (!rc)
        db->in_tx = true;
    return rc;
}

static void p_rollback(struct db *db)
{
    if (PQstatus(db->c) == CONNECTION_OK && PQtransactionStatus(db->c) != PQTRANS_IDLE) {
        PGresult *r = PQexec(db->c, "ROLLBACK");
        PQclear(r);
    }
    db->in_tx = false;
}

static int p_commit(struct db *db, struct pcn_msg *m)
{
    int rc;
    PGresult *res = run(db, "COMMIT", NULL, "COMMIT", 0, NULL, NULL, false, &rc, m);
    if (res) {
        /* A failed transaction "commits" as a rollback, without an error. */
        if (strcmp(PQcmdStatus(res), "COMMIT") != 0)
            rc = msg_set(m, PCN_EDB, "store: the transaction failed and was rolled back");
        PQclear(res);
    }
    if (rc)
        p_rollback(db);
    db->in_tx = false;
    return rc;
}

static bool p_in_tx(const struct db *db)
{
    return db->in_tx;
}

static bool p_broken(const struct db *db)
{
    return PQstatus(db->c) != CONNECTION_OK;
}

/* Renumbers '?' as $1, $2, ... outside quotes and comments. */
static char *renumber(const char *sql, int *count)
{
    size_t len = strlen(sql), q = 0;
    for (size_t i = 0; i < len; i++)
        q += sql[i] == '?';
    char *out = xmalloc(len + q * 8 + 1);
    size_t o = 0;
    int n = 0;
    for (size_t i = 0; i < len;) {
        char ch = sql[i];
        if (ch == '\'' || ch == '"') {
            size_t j = i + 1;
            while (j < len && sql[j] != ch)
                j++;
            j = j < len ? j + 1 : len;
            memcpy(out + o, sql + i, j - i);
            o += j - i;
            i = j;
        } else if (ch == '-' && i + 1 < len && sql[i + 1] == '-') {
            size_t j = i;
            while (j < len && sql[j] != '\n')
                j++;
            memcpy(out + o, sql + i, j - i);
            o += j - i;
            i = j;
        } else if (ch == '/' && i + 1 < len && sql[i + 1] == '*') {
            const char *e = strstr(sql + i + 2, "*/");
            size_t j = e ? (size_t)(e - sql) + 2 : len;
            memcpy(out + o, sql + i, j - i);
            o += j - i;
            i = j;
        } else if (ch == '?') {
            o += (size_t)snprintf(out + o, 9, "$%d", ++n);
            i++;
        } else {
            out[o++] = ch;
            i++;
        }
    }
    out[o] = 0;
    *count = n;
    return out;
}

static int p_prepare(struct db *db, const char *sql, struct db_stmt **out, struct pcn_msg *m)
{
    (void)m;
    struct db_stmt *st = xcalloc(1, sizeof *st);
    st->head.db = db;
    st->sql = renumber(sql, &st->n);
    st->orig = xstrdup(sql);
    if (st->n) {
        st->vals = xcalloc((size_t)st->n, sizeof *st->vals);
        st->types = xcalloc((size_t)st->n, sizeof *st->types);
    }
    st->row = -1;
    *out = st;
    return 0;
}

static void clear_result(struct db_stmt *st)
{
    PQclear(st->res);
    st->res = NULL;
    st->ran = false;
    st->row = -1;
    st->rows = 0;
}

static void p_reset(struct db_stmt *st)
{
    clear_result(st);
    for (int i = 0; i < st->n; i++) {
        free(st->vals[i]);
        st->vals[i] = NULL;
        st->types[i] = 0;
    }
}

static void p_finalize(struct db_stmt *st)
{
    struct db *db = st->head.db;
    p_reset(st);
    if (st->prepared && st->prep_gen == db->gen && !db->closing &&
        PQstatus(db->c) == CONNECTION_OK) {
        char sql[48];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", st->name);
        PQclear(PQexec(db->c, sql));
    }
    free(st->ptypes);
    free(st->vals);
    free(st->types);
    free(st->sql);
    free(st->orig);
    free(st);
}

static void put(struct db_stmt *st, int idx, char *v, Oid type)
{
    if (idx < 1 || idx > st->n)
        BUG("parameter %d of a statement with %d: %.200s", idx, st->n, st->orig);
    free(st->vals[idx - 1]);
    st->vals[idx - 1] = v;
    st->types[idx - 1] = type;
}

static void p_bind_int(struct db_stmt *st, int idx, int64_t v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%" PRId64, v);
    put(st, idx, xstrdup(buf), OID_INT8);
}

static void p_bind_textn(struct db_stmt *st, int idx, const char *s, size_t len)
{
    char *v = NULL;
    if (s) {
        v = xmalloc(len + 1);
        memcpy(v, s, len);
        v[len] = 0;
    }
    put(st, idx, v, OID_TEXT);
}

static void p_bind_null(struct db_stmt *st, int idx)
{
    put(st, idx, NULL, 0);
}

/* A statement run a second time is prepared on the server (parsed and
 * planned once), with the parameter types of that run; a later run whose
 * non-NULL parameters have other types goes unprepared. */
static const char *prepared_name(struct db_stmt *st)
{
    struct db *db = st->head.db;
    if (++st->runs < 2 || PQstatus(db->c) != CONNECTION_OK)
        return NULL;
    if (st->prepared && st->prep_gen != db->gen)
        st->prepared = false;
    if (!st->prepared) {
        snprintf(st->name, sizeof st->name, "pcnops_%u", ++db->names);
        PGresult *r = PQprepare(db->c, st->name, st->sql, st->n, st->types);
        bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        PQclear(r);
        if (!ok)
            return NULL; /* the run itself reports what is wrong */
        st->prepared = true;
        st->prep_gen = db->gen;
        if (st->n) {
            if (!st->ptypes)
                st->ptypes = xcalloc((size_t)st->n, sizeof *st->ptypes);
            memcpy(st->ptypes, st->types, (size_t)st->n * sizeof *st->types);
        }
    }
    for (int i = 0; i < st->n; i++)
        if (st->vals[i] && st->types[i] != st->ptypes[i])
            return NULL;
    return st->name;
}

static int p_step(struct db_stmt *st, struct pcn_msg *m)
{
    struct db *db = st->head.db;
    if (!st->ran) {
        int rc;
        const char *name = prepared_name(st);
        PGresult *res = run(db, st->sql, name, st->orig, st->n, st->types,
                            (const char *const *)st->vals, true, &rc, m);
        if (!res)
            return rc;
        note_changes(db, res);
        st->res = res;
        st->ran = true;
        st->rows = PQresultStatus(res) == PGRES_TUPLES_OK ? PQntuples(res) : 0;
        st->row = -1;
    }
    if (st->row + 1 < st->rows) {
        st->row++;
        return 1;
    }
    st->row = st->rows;
    return 0;
}

static bool has_cell(const struct db_stmt *st, int col)
{
    return st->res && st->row >= 0 && st->row < st->rows && col >= 0 && col < PQnfields(st->res);
}

static bool p_col_null(struct db_stmt *st, int col)
{
    return !has_cell(st, col) || PQgetisnull(st->res, st->row, col);
}

static int64_t p_col_int(struct db_stmt *st, int col)
{
    if (p_col_null(st, col))
        return 0;
    const char *t = PQgetvalue(st->res, st->row, col);
    if (PQftype(st->res, col) == 16) /* bool */
        return t[0] == 't';
    /* An integer, or the integer part of a numeric, as SQLite reads a real. */
    size_t n = strspn(t, "-+0123456789");
    int64_t v;
    return parse_i64n(t, n, INT64_MIN, INT64_MAX, &v) ? 0 : v;
}

static const char *p_col_text(struct db_stmt *st, int col)
{
    if (p_col_null(st, col))
        return "";
    return PQgetvalue(st->res, st->row, col);
}

static size_t p_col_len(struct db_stmt *st, int col)
{
    if (p_col_null(st, col))
        return 0;
    return (size_t)PQgetlength(st->res, st->row, col);
}

static int p_col_count(struct db_stmt *st)
{
    return st->res ? PQnfields(st->res) : 0;
}

static const char *p_col_name(struct db_stmt *st, int col)
{
    const char *n = st->res ? PQfname(st->res, col) : NULL;
    return n ? n : "";
}

static enum db_type p_col_type(struct db_stmt *st, int col)
{
    if (p_col_null(st, col))
        return DB_TYPE_NULL;
    switch (PQftype(st->res, col)) {
    case 16:
    case 20:
    case 21:
    case 23: /* bool, int8, int2, int4 */
        return DB_TYPE_INT;
    default:
        return DB_TYPE_TEXT;
    }
}

static int p_sync_ids(struct db *db, const char *table, struct pcn_msg *m)
{
    struct db_stmt *st;
    char sql[256];
    int rc = db_prepare(db,
                        "SELECT pg_get_serial_sequence(?, 'id') FROM information_schema.columns "
                        "WHERE table_schema = current_schema() AND table_name = ? AND "
                        "column_name = 'id'",
                        &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, table);
    db_bind_text(st, 2, table);
    rc = db_step(st, m);
    bool has = rc == 1 && !db_col_null(st, 0);
    db_finalize(st);
    if (rc < 0 || !has)
        return rc < 0 ? rc : 0;
    for (const char *p = table; *p; p++)
        if (!(*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
            return msg_set(m, PCN_EINVAL, "store: %s is not a table's name", table);
    snprintf(sql, sizeof sql,
             "SELECT setval(pg_get_serial_sequence('%s', 'id'), COALESCE(MAX(id), 0) + 1, false) "
             "FROM %s",
             table, table);
    int64_t v;
    return db_query_int(db, sql, &v, m);
}

static int64_t p_changes(struct db *db)
{
    return db->changes;
}

/* The schema version lives in a table of its own, pcnops_schema_version
 * (not one of the migrations' tables). */
static int p_schema_version(struct db *db, int *out, struct pcn_msg *m)
{
    int64_t v;
    int rc = db_query_int(db, "SELECT to_regclass('pcnops_schema_version') IS NOT NULL", &v, m);
    if (rc)
        return rc;
    if (!v) {
        *out = 0;
        return 0;
    }
    if ((rc = db_query_int(db, "SELECT COALESCE(MAX(version), 0) FROM pcnops_schema_version", &v,
                           m)))
        return rc;
    *out = (int)v;
    return 0;
}

static int p_set_schema_version(struct db *db, int v, struct pcn_msg *m)
{
    char sql[256];
    snprintf(sql, sizeof sql,
             "CREATE TABLE IF NOT EXISTS pcnops_schema_version (version BIGINT NOT NULL);"
             "DELETE FROM pcnops_schema_version;"
             "INSERT INTO pcnops_schema_version (version) VALUES (%d)",
             v);
    return p_exec(db, sql, m);
}

static const struct db_ops pg_ops = {
    .kind = DB_POSTGRES,
    .close = p_close,
    .closing = p_closing,
    .path = p_path,
    .exec = p_exec,
    .begin = p_begin,
    .begin_read = p_begin_read,
    .commit = p_commit,
    .rollback = p_rollback,
    .in_tx = p_in_tx,
    .broken = p_broken,
    .prepare = p_prepare,
    .finalize = p_finalize,
    .reset = p_reset,
    .bind_int = p_bind_int,
    .bind_textn = p_bind_textn,
    .bind_null = p_bind_null,
    .step = p_step,
    .col_int = p_col_int,
    .col_text = p_col_text,
    .col_len = p_col_len,
    .col_null = p_col_null,
    .col_count = p_col_count,
    .col_name = p_col_name,
    .col_type = p_col_type,
    .tables_sql = "SELECT c.relname FROM pg_class c WHERE c.relnamespace = "
                  "current_schema()::regnamespace AND c.relkind = 'r' AND c.relname <> "
                  "'pcnops_schema_version' ORDER BY c.oid",
    .sync_ids = p_sync_ids,
    .changes = p_changes,
    .schema_version = p_schema_version,
    .set_schema_version = p_set_schema_version,
};
