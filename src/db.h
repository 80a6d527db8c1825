/* db.h: the store's driver interface.  Every SQL statement of PCN Ops goes
 * through it, so that a PostgreSQL driver (db_pg.c) can sit beside the
 * SQLite one (db_sqlite.c) without the rest of the code noticing.
 *
 * Portable SQL only, in every module: '?' placeholders (a PostgreSQL driver
 * renumbers them to $1, $2, ...); dates as ISO 'YYYY-MM-DD' text; money and
 * counts as 64-bit integers; COALESCE, not IFNULL; INSERT ... ON CONFLICT
 * (...) DO UPDATE / DO NOTHING, not INSERT OR REPLACE.
 *
 * SQLite connections are opened with foreign keys on, WAL journal mode and a
 * busy timeout of 5 seconds.  A connection belongs to one thread.
 *
 * Errors: functions return 0 or PCN_EDB (PCN_ECONFLICT for a constraint
 * failure) and put the driver's words, with the SQL, into the message. */
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

/* Opens (creating if needed) the store at path and brings its schema up to
 * date with the migrations (migrate.h). */
int db_open(const char *path, struct db **out, struct pcn_msg *m);
/* Opens without migrating (for the migrator and tools). */
int db_open_raw(const char *path, struct db **out, struct pcn_msg *m);
void db_close(struct db *db);
const char *db_path(const struct db *db);

/* Runs one or more statements that take no parameters. */
int db_exec(struct db *db, const char *sql, struct pcn_msg *m);

/* Transactions do not nest: db_begin inside a transaction is a BUG. */
int db_begin(struct db *db, struct pcn_msg *m);
/* A read transaction: the statements until db_commit or db_rollback all see
 * the store as one moment left it (SQLite: a deferred BEGIN, which takes its
 * locks once for all of them; PostgreSQL: REPEATABLE READ, READ ONLY).  For
 * reads made of several statements, such as the national queries. */
int db_begin_read(struct db *db, struct pcn_msg *m);
int db_commit(struct db *db, struct pcn_msg *m);
/* Never fails from the caller's point of view; safe outside a transaction. */
void db_rollback(struct db *db);
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
void db_bind_text(struct db_stmt *st, int idx, const char *s);   /* NULL binds NULL */
void db_bind_textn(struct db_stmt *st, int idx, const char *s, size_t len);
void db_bind_null(struct db_stmt *st, int idx);

/* 1 when a row is ready, 0 when the statement is done, or an error. */
int db_step(struct db_stmt *st, struct pcn_msg *m);
/* Runs a statement that returns no rows, then resets it. */
int db_run(struct db_stmt *st, struct pcn_msg *m);

/* Columns are numbered from 0.  Text is valid until the next step or reset;
 * a NULL column reads as 0 or "" (check db_col_null). */
int64_t db_col_int(struct db_stmt *st, int col);
const char *db_col_text(struct db_stmt *st, int col);
size_t db_col_len(struct db_stmt *st, int col);
bool db_col_null(struct db_stmt *st, int col);

/* Dates are stored as ISO text ("2026-07-01"): these bind and read them.
 * DATE_NONE binds NULL and a NULL column reads as DATE_NONE; a stored value
 * that is not a date (written outside PCN Ops) also reads as DATE_NONE. */
void db_bind_date(struct db_stmt *st, int idx, date_t t);
date_t db_col_date(struct db_stmt *st, int col);
/* A text column copied into the arena; NULL for SQL NULL. */
const char *db_col_strdup(struct arena *a, struct db_stmt *st, int col);

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
