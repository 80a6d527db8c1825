/* db_driver.h: what a store driver gives db.c (private to db*.c).
 *
 * db.c holds the public functions of db.h: it picks the driver from the
 * store's name (a postgresql:// or postgres:// URL is PostgreSQL, anything
 * else a SQLite path), keeps each connection's statement cache, and calls
 * the driver through this table.  Each driver's struct db begins with a
 * struct db_conn and each statement with a struct db_stmt_head, so db.c
 * reaches them without knowing the rest. */
#ifndef PCN_DB_DRIVER_H
#define PCN_DB_DRIVER_H

#include "db.h"
#include "strmap.h"

struct db_ops;

struct db_conn {
    const struct db_ops *ops;
    struct strmap cache; /* SQL text -> struct db_stmt *, see db_cached */
    uint64_t statements; /* see db_statement_count */
    bool held;           /* inside db_hold: see db.h */
    bool held_failed;    /* a joined function rolled back */
    int held_depth;      /* joined transactions open */
};

struct db_stmt_head {
    struct db *db;
    bool running; /* stepped since its prepare or last reset */
};

struct db_ops {
    enum db_kind kind;
    void (*close)(struct db *db);
    void (*closing)(struct db *db); /* before the cache is finalized; may be NULL */
    const char *(*path)(const struct db *db);
    int (*exec)(struct db *db, const char *sql, struct pcn_msg *m);
    int (*begin)(struct db *db, struct pcn_msg *m);
    int (*begin_read)(struct db *db, struct pcn_msg *m);
    int (*commit)(struct db *db, struct pcn_msg *m);
    void (*rollback)(struct db *db);
    bool (*in_tx)(const struct db *db);
    bool (*broken)(const struct db *db);
    int (*prepare)(struct db *db, const char *sql, struct db_stmt **out, struct pcn_msg *m);
    void (*finalize)(struct db_stmt *st);
    void (*reset)(struct db_stmt *st);
    void (*bind_int)(struct db_stmt *st, int idx, int64_t v);
    void (*bind_textn)(struct db_stmt *st, int idx, const char *s, size_t len);
    void (*bind_null)(struct db_stmt *st, int idx);
    int (*step)(struct db_stmt *st, struct pcn_msg *m);
    int64_t (*col_int)(struct db_stmt *st, int col);
    const char *(*col_text)(struct db_stmt *st, int col);
    size_t (*col_len)(struct db_stmt *st, int col);
    bool (*col_null)(struct db_stmt *st, int col);
    int (*col_count)(struct db_stmt *st);
    const char *(*col_name)(struct db_stmt *st, int col);
    enum db_type (*col_type)(struct db_stmt *st, int col);
    /* SQL listing the tables (one text column, in creation order). */
    const char *tables_sql;
    int (*sync_ids)(struct db *db, const char *table, struct pcn_msg *m);
    int64_t (*changes)(struct db *db);
    int (*schema_version)(struct db *db, int *out, struct pcn_msg *m);
    int (*set_schema_version)(struct db *db, int v, struct pcn_msg *m);
};

/* The drivers' openers: the connection, not migrated. */
int db_sqlite_open(const char *path, struct db **out, struct pcn_msg *m);
int db_pg_open(const char *url, struct db **out, struct pcn_msg *m);

#endif
