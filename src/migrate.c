#include "common.h"
#include "migrate.h"
#include "db.h"

int migrate_latest(void)
{
    return migrations_count ? migrations[migrations_count - 1].version : 0;
}

const char *migrate_sql(const struct migration *mg, const struct db *db)
{
    if (mg->sql)
        return mg->sql;
    return db_kind(db) == DB_POSTGRES ? mg->sql_pg : mg->sql_sqlite;
}

int migrate_up(struct db *db, struct pcn_msg *m)
{
    int cur, rc;

    if ((rc = db_schema_version(db, &cur, m)))
        return rc;
    if (cur > migrate_latest())
        return msg_set(m, PCN_EDB,
                       "%s: the store is at schema version %d, newer than this program "
                       "(%d); use a newer pcnops",
                       db_path(db), cur, migrate_latest());
    for (int i = 0; i < migrations_count; i++) {
        const struct migration *mg = &migrations[i];
        if (mg->version <= cur)
            continue;
        if ((rc = db_begin(db, m)))
            return rc;
        /* Two processes may open a new store at once: the second finds the
         * first's work done once it holds the write lock. */
        int now;
        if ((rc = db_schema_version(db, &now, m))) {
            db_rollback(db);
            return rc;
        }
        if (now >= mg->version) {
            db_rollback(db);
            cur = now;
            continue;
        }
        if ((rc = db_exec(db, migrate_sql(mg, db), m)) ||
            (rc = db_set_schema_version(db, mg->version, m))) {
            db_rollback(db);
            msg_prefix(m, "migration %03d_%s: ", mg->version, mg->name);
            return rc;
        }
        if ((rc = db_commit(db, m)))
            return rc;
        cur = mg->version;
    }
    return 0;
}

int migrate_open(const char *where, struct db **out, struct pcn_msg *m)
{
    struct db *db;
    int rc = db_open_raw(where, &db, m);
    if (rc)
        return rc;
    if ((rc = migrate_up(db, m))) {
        db_close(db);
        return rc;
    }
    *out = db;
    return 0;
}
