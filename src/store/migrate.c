#include "common.h"
#include "migrate.h"
#include "db.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

int migrate_latest(void)
{
    return migrations_count ? migrations[migrations_count - 1].version : 0;
}

/* Portable SQL for PostgreSQL: each INTEGER (a whole word, outside quotes
 * and comments) as BIGINT, SQLite's INTEGER being 64 bits. */
static char *wide_integers(const char *sql)
{
    size_t len = strlen(sql), o = 0;
    char *out = xmalloc(len + len / 7 * 2 + 1); /* INTEGER (7) -> BIGINT (6) never grows */
    for (size_t i = 0; i < len;) {
        char ch = sql[i];
        size_t j = i + 1;
        if (ch == '\'' || ch == '"') {
            while (j < len && sql[j] != ch)
                j++;
            j = j < len ? j + 1 : len;
        } else if (ch == '-' && j < len && sql[j] == '-') {
            while (j < len && sql[j] != '\n')
                j++;
        } else if (ch == '/' && j < len && sql[j] == '*') {
            const char *e = strstr(sql + j + 1, "*/");
            j = e ? (size_t)(e - sql) + 2 : len;
        } else if (isalpha((unsigned char)ch) || ch == '_') {
            while (j < len && (isalnum((unsigned char)sql[j]) || sql[j] == '_'))
                j++;
            if (j - i == 7 && strncasecmp(sql + i, "INTEGER", 7) == 0) {
                memcpy(out + o, "BIGINT", 6);
                o += 6;
                i = j;
                continue;
            }
        }
        memcpy(out + o, sql + i, j - i);
        o += j - i;
        i = j;
    }
    out[o] = 0;
    return out;
}

char *migrate_sql(const struct migration *mg, const struct db *db)
{
    bool pg = db_kind(db) == DB_POSTGRES;
    if (!mg->sql)
        return xstrdup(pg ? mg->sql_pg : mg->sql_sqlite);
    return pg ? wide_integers(mg->sql) : xstrdup(mg->sql);
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
        char *sql = migrate_sql(mg, db);
        rc = db_exec(db, sql, m);
        free(sql);
        if (rc || (rc = db_set_schema_version(db, mg->version, m))) {
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
