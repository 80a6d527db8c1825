/* migrate.h: numbered schema migrations, above the store's drivers.
 *
 * Migrations are built into the program (build/gen/gen_migrations.c, by
 * scripts/embed-sql) from:
 *   src/store/sql/NNN_name.sql          portable SQL, run on every store (a new
 *                                 migration should be one of these: INTEGER
 *                                 and TEXT; CHECK, UNIQUE, REFERENCES,
 *                                 DEFAULT constants; CREATE INDEX; ALTER
 *                                 TABLE ... ADD COLUMN; no WITHOUT ROWID, no
 *                                 automatic ids, no triggers).  SQLite's
 *                                 INTEGER is 64 bits, PostgreSQL's 32: on
 *                                 PostgreSQL each INTEGER of a portable
 *                                 migration (outside quotes and comments)
 *                                 is run as BIGINT, nothing else changed;
 *   src/store/sql/sqlite/NNN_name.sql   SQLite's and PostgreSQL's variants of a
 *   src/store/sql/pg/NNN_name.sql       migration that cannot be portable
 *                                 (identity columns, WITHOUT ROWID, triggers):
 *                                 both, with the same tables, columns, keys
 *                                 and constraints (tests/test_schema.c).
 * The store records the number of the last one applied; migrate_up applies
 * each later one in order, each in its own transaction together with the new
 * version number, so a failure leaves the store at the previous version.  A
 * store newer than the program is refused. */
#ifndef PCN_MIGRATE_H
#define PCN_MIGRATE_H

#include "err.h"

struct db;

struct migration {
    int version;
    const char *name;
    const char *sql; /* portable, or NULL when the two below are given */
    const char *sql_sqlite;
    const char *sql_pg;
};

/* The built-in list, in order (generated). */
extern const struct migration migrations[];
extern const int migrations_count;

/* Opens the store at where (a SQLite path or a PostgreSQL URL, db.h) and
 * brings its schema up to date: what every command and the server use. */
int migrate_open(const char *where, struct db **out, struct pcn_msg *m);
int migrate_up(struct db *db, struct pcn_msg *m);
/* The version the program's migrations end at. */
int migrate_latest(void);
/* The SQL of a migration as the store's driver runs it (the caller frees). */
char *migrate_sql(const struct migration *mg, const struct db *db);

#endif
