/* db.h: the store's interface.  Every SQL statement of PCN Ops goes through
 * it, to one of two drivers: SQLite (db_sqlite.c) or PostgreSQL (db_pg.c,
 * on libpq).  db.c picks the driver from the store's name: a URL beginning
 * postgresql:// or postgres:// is PostgreSQL, anything else a SQLite file.
 *
 * Portable SQL only, in every module (both drivers run the same text):
 *   - '?' placeholders (the PostgreSQL driver renumbers them $1, $2, ...);
 *   - a parameter's type comes from its bind call: db_bind_int is a 64-bit
 *     integer, db_bind_text text (NULL too), db_bind_null has no type, so a
 *     NULL the server must reason about alone (`? IS NULL`) needs a typed
 *     bind or a CAST(? AS TEXT); never compare a text parameter with an
 *     integer column or the other way round;
 *   - dates as ISO 'YYYY-MM-DD' text; money and counts as 64-bit integers;
 *   - COALESCE, not IFNULL; INSERT ... ON CONFLICT (...) DO UPDATE / DO
 *     NOTHING, not INSERT OR REPLACE; new ids with INSERT ... RETURNING id;
 *     no SQLite-only functions (strftime, printf, group_concat, julianday,
 *     two-argument max/min) and no PostgreSQL-only ones.
 * A comparison or IS NULL reads back through db_col_int as 1 or 0 on both.
 *
 * SQLite connections are opened with foreign keys on, WAL journal mode and a
 * busy timeout of 5 seconds.  PostgreSQL ones with a statement timeout
 * (LIMIT_DB_STATEMENT_MS) and UTC; see db_pg.c for retries.  A transaction
 * holds the store's one write lock from db_begin (SQLite's BEGIN IMMEDIATE;
 * on PostgreSQL a transaction-scoped advisory lock), so transactions that
 * change data run one at a time on either store, across processes too.  A
 * connection belongs to one thread.
 *
 * Errors: functions return 0 or PCN_EDB (PCN_ECONFLICT for a constraint
 * failure, on either driver) and put the driver's words, with the SQL, into
 * the message. */
#ifndef PCN_DB_H
#define PCN_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "date.h"
#include "err.h"

struct db;
struct db_stmt;

enum db_kind { DB_SQLITE, DB_POSTGRES };

/* True when where names a PostgreSQL store (postgresql:// or postgres://). */
bool db_is_url(const char *where);
/* Connects to the store at where (a SQLite path, created if needed, or a
 * PostgreSQL URL), without touching its schema: migrate_open (migrate.h)
 * opens and brings the schema up to date. */
int db_open_raw(const char *where, struct db **out, struct pcn_msg *m);
void db_close(struct db *db);
/* A store's name for messages: where as given, with any password in a URL
 * left out; written to out (cap bytes, truncated to fit). */
void db_name_shown(const char *where, char *out, size_t cap);
/* The store's name as given, with any password in a URL left out. */
const char *db_path(const struct db *db);
enum db_kind db_kind(const struct db *db);
/* True when the connection to the database server was lost and has not
 * been made again (PostgreSQL; never on SQLite).  The next statement tries
 * to connect again, so a caller need only answer "not available" (the web
 * server's 503) for the request in hand. */
bool db_broken(const struct db *db);
/* One round trip to the store (the health check): 0 or PCN_EDB. */
int db_ping(struct db *db, struct pcn_msg *m);

/* Runs one or more statements that take no parameters. */
int db_exec(struct db *db, const char *sql, struct pcn_msg *m);

/* Transactions do not nest: db_begin inside a transaction is a BUG, except
 * inside db_hold. */
int db_begin(struct db *db, struct pcn_msg *m);
/* One transaction around many changes that must be all or none (the demo
 * loader, demo.h): the store functions called inside it join it, their
 * db_begin (and db_begin_read) and db_commit counting instead of beginning
 * and committing, and their db_rollback marking it to be rolled back.
 * db_hold_end(commit = true) commits it unless a joined function rolled
 * back (then it rolls back and says so, PCN_EDB); commit = false rolls it
 * back.  Their audit entries are in it too (audit_settle after). */
int db_hold(struct db *db, struct pcn_msg *m);
int db_hold_end(struct db *db, bool commit, struct pcn_msg *m);
/* A read transaction: the statements until db_commit or db_rollback all see
 * the store as one moment left it (SQLite: a deferred BEGIN, which takes its
 * locks once for all of them; PostgreSQL: REPEATABLE READ, READ ONLY).  For
 * reads made of several statements, such as the national queries. */
int db_begin_read(struct db *db, struct pcn_msg *m);
int db_commit(struct db *db, struct pcn_msg *m);
/* Never fails from the caller's point of view; safe outside a transaction. */
void db_rollback(struct db *db);
/* Ends a write transaction by the change's outcome: db_commit when rc is
 * 0, else db_rollback and rc again. */
int db_end(struct db *db, int rc, struct pcn_msg *m);
bool db_in_transaction(const struct db *db);

/* Prepares one statement.  The statement belongs to the caller, who calls
 * db_finalize (NULL allowed). */
int db_prepare(struct db *db, const char *sql, struct db_stmt **out, struct pcn_msg *m);
void db_finalize(struct db_stmt *st);
/* Like db_prepare, but the statement is prepared once per connection and
 * kept by it (keyed by the SQL text): the caller must not finalize it, and
 * must leave it reset (db_run does; after db_step loops call db_reset). */
int db_cached(struct db *db, const char *sql, struct db_stmt **out, struct pcn_msg *m);
/* Clears bindings and rewinds the statement for another run. */
void db_reset(struct db_stmt *st);

/* Parameters are numbered from 1.  Text is copied by the driver. */
void db_bind_int(struct db_stmt *st, int idx, int64_t v);
void db_bind_text(struct db_stmt *st, int idx, const char *s); /* NULL binds NULL */
void db_bind_textn(struct db_stmt *st, int idx, const char *s, size_t len);
void db_bind_null(struct db_stmt *st, int idx);

/* 1 when a row is ready, 0 when the statement is done, or an error. */
int db_step(struct db_stmt *st, struct pcn_msg *m);
/* Runs a statement that returns no rows, then resets it. */
int db_run(struct db_stmt *st, struct pcn_msg *m);
/* Runs an INSERT ... RETURNING id (one row), puts the new id in *id, then
 * resets it: the one portable way to learn a new row's id. */
int db_run_id(struct db_stmt *st, int64_t *id, struct pcn_msg *m);

/* Columns are numbered from 0.  Text is valid until the next step or reset;
 * a NULL column reads as 0 or "" (check db_col_null). */
int64_t db_col_int(struct db_stmt *st, int col);
const char *db_col_text(struct db_stmt *st, int col);
size_t db_col_len(struct db_stmt *st, int col);
bool db_col_null(struct db_stmt *st, int col);

/* What a statement's columns are, once it has been stepped (for tools such
 * as the store copy, which reads tables it does not know): how many, their
 * names, and the type of the current row's value (a NULL is DB_TYPE_NULL;
 * booleans and integers DB_TYPE_INT; anything else DB_TYPE_TEXT). */
enum db_type { DB_TYPE_NULL, DB_TYPE_INT, DB_TYPE_TEXT };
int db_col_count(struct db_stmt *st);
const char *db_col_name(struct db_stmt *st, int col);
enum db_type db_col_type(struct db_stmt *st, int col);

/* The store's tables, in the order the migrations made them (a table comes
 * after those it references), without the driver's own (SQLite's sqlite_*,
 * PostgreSQL's pcnops_schema_version).  Names in a. */
int db_tables(struct db *db, struct arena *a, const char ***names, size_t *n, struct pcn_msg *m);
/* After rows were written with their ids given (a copy), makes the next id
 * the table hands out follow the largest: PostgreSQL's identity sequence;
 * nothing on SQLite, whose ids always do.  A table without an id is left. */
int db_sync_ids(struct db *db, const char *table, struct pcn_msg *m);

/* Dates are stored as ISO text ("2026-07-01"): these bind and read them.
 * DATE_NONE binds NULL and a NULL column reads as DATE_NONE; a stored value
 * that is not a date (written outside PCN Ops) also reads as DATE_NONE. */
void db_bind_date(struct db_stmt *st, int idx, date_t t);
date_t db_col_date(struct db_stmt *st, int col);
/* A text column copied into the arena; NULL for SQL NULL. */
const char *db_col_strdup(struct arena *a, struct db_stmt *st, int col);
/* The same, with "" for NULL. */
const char *db_col_strdup_blank(struct arena *a, struct db_stmt *st, int col);

/* Reading rows into records, the one way the store modules do it.  A
 * db_row_fn reads the current row of st into *out, a record of the
 * caller's kind, with its strings copied into a. */
typedef void db_row_fn(struct arena *a, struct db_stmt *st, void *out);
/* Steps the bound statement st to its end, reading each row with fn into
 * a new array of `size`-byte records grown in a (*out NULL when none, *n
 * rows); resets st. */
int db_rows(struct db_stmt *st, struct arena *a, size_t size, db_row_fn *fn, void **out, size_t *n,
            struct pcn_msg *m);
/* db_rows of sql (db_cached), whose one parameter is the text key (a PCN's
 * code, say). */
int db_rows_of(struct db *db, const char *sql, const char *key, struct arena *a, size_t size,
               db_row_fn *fn, void **out, size_t *n, struct pcn_msg *m);
/* One record by sql (db_cached), whose parameters are the text key and the
 * id: *found says whether there was a row, read with fn into out (fn
 * NULL: only whether there is one). */
int db_row_of(struct db *db, const char *sql, const char *key, int64_t id, struct arena *a,
              db_row_fn *fn, void *out, bool *found, struct pcn_msg *m);
/* Begins a write transaction (db_begin) and prepares sql in it (db_cached):
 * 0 with the transaction open, or an error with none left open. */
int db_begin_cached(struct db *db, const char *sql, struct db_stmt **out, struct pcn_msg *m);

/* Statements run on this connection since it was opened: each run of a
 * prepared statement (its first db_step after a prepare or reset) and each
 * db_exec and db_query_int count one.  For tests that check a job's number
 * of statements does not grow with the data (it is not a timing). */
uint64_t db_statement_count(const struct db *db);

/* Rows changed by the last INSERT, UPDATE or DELETE on this connection. */
int64_t db_changes(struct db *db);

/* The schema version recorded in the store (0 for a new store). */
int db_schema_version(struct db *db, int *out, struct pcn_msg *m);
int db_set_schema_version(struct db *db, int v, struct pcn_msg *m);

/* A one-shot query returning a single integer (count(*) and the like);
 * the SQL takes no parameters.  0 or an error. */
int db_query_int(struct db *db, const char *sql, int64_t *out, struct pcn_msg *m);

#endif
