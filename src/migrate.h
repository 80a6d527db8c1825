/* migrate.h: numbered schema migrations.
 *
 * Migrations are the files src/sql/NNN_name.sql, built into the program
 * (build/gen/migrations.c).  The store records the number of the last one
 * applied; migrate_up applies each later one in order, each in its own
 * transaction together with the new version number, so a failure leaves the
 * store at the previous version.  A store newer than the program is refused. */
#ifndef PCN_MIGRATE_H
#define PCN_MIGRATE_H

#include "err.h"

struct db;

struct migration {
    int version;
    const char *name;
    const char *sql;
};

/* The built-in list, in order (generated). */
extern const struct migration migrations[];
extern const int migrations_count;

int migrate_up(struct db *db, struct pcn_msg *m);
/* The version the program's migrations end at. */
int migrate_latest(void);

#endif
