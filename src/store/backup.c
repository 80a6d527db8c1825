#include "common.h"
#include "backup.h"
#include "audit.h"
#include "db.h"
#include "migrate.h"

#include <errno.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

/* Copies the database at from into the one at to (both SQLite paths), one
 * consistent moment of it: sqlite3_backup_step(-1) copies every page under
 * one read lock; busy or locked, it waits and tries again. */
static int copy_pages(const char *from, const char *to, bool create, struct pcn_msg *m)
{
    sqlite3 *src = NULL, *dst = NULL;
    int rc = PCN_EIO, flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(from, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        msg_set(m, PCN_EIO, "%s: cannot open: %s", from, sqlite3_errmsg(src));
        goto out;
    }
    if (sqlite3_open_v2(to, &dst, flags, NULL) != SQLITE_OK) {
        msg_set(m, PCN_EIO, "%s: cannot open: %s", to, sqlite3_errmsg(dst));
        goto out;
    }
    sqlite3_busy_timeout(src, 5000);
    sqlite3_busy_timeout(dst, 5000);
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
    if (!b) {
        msg_set(m, PCN_EIO, "%s: cannot copy: %s", to, sqlite3_errmsg(dst));
        goto out;
    }
    int s;
    for (int tries = 0; tries < 600; tries++) {
        s = sqlite3_backup_step(b, -1);
        if (s != SQLITE_BUSY && s != SQLITE_LOCKED)
            break;
        sqlite3_sleep(100);
    }
    sqlite3_backup_finish(b);
    if (s != SQLITE_DONE) {
        msg_set(m, PCN_EIO, "%s: the copy did not finish: %s", to, sqlite3_errstr(s));
        goto out;
    }
    rc = 0;
out:
    sqlite3_close(src);
    sqlite3_close(dst);
    return rc;
}

/* PRAGMA integrity_check says "ok". */
static int integrity(struct db *db, const char *name, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "PRAGMA integrity_check", &st, m);
    if (rc)
        return rc;
    rc = db_step(st, m);
    bool ok = rc == 1 && strcmp(db_col_text(st, 0), "ok") == 0;
    char first[200] = "";
    if (rc == 1)
        snprintf(first, sizeof first, "%s", db_col_text(st, 0));
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (!ok)
        return msg_set(m, PCN_ECONFLICT, "%s fails SQLite's integrity check: %s", name, first);
    return 0;
}

/* The checks a copy passes before it is trusted: integrity, a schema this
 * program knows, the audit chain with its key. */
static int check_copy(const char *file, struct backup_result *r, struct pcn_msg *m)
{
    struct db *c;
    int rc = db_open_raw(file, &c, m);
    if (rc)
        return rc;
    if (!(rc = integrity(c, file, m)) && !(rc = db_schema_version(c, &r->schema_version, m))) {
        if (r->schema_version < 1 || r->schema_version > migrate_latest())
            rc = msg_set(m, PCN_ECONFLICT,
                         "%s: schema version %d is not one this program knows (it has 1 to %d)",
                         file, r->schema_version, migrate_latest());
        else if ((rc = audit_verify(c, &r->audit_entries, m)))
            msg_set(m, rc, "%s: the audit log does not verify: %s", file, m->text);
    }
    db_close(c);
    return rc;
}

int backup_take(struct db *db, const char *file, struct backup_result *r, struct pcn_msg *m)
{
    memset(r, 0, sizeof *r);
    if (db_kind(db) != DB_SQLITE)
        return msg_set(m, PCN_EINVAL,
                       "a PostgreSQL store is backed up with pg_dump, not pcnops backup: "
                       "pg_dump --format=custom --file FILE 'URL', and keep its audit key and "
                       "checkpoint (the folder PCNOPS_AUDIT_DIR) apart from it "
                       "(docs/deploying.md)");
    struct stat sb;
    if (stat(file, &sb) == 0 || errno != ENOENT)
        return msg_set(m, PCN_ECONFLICT, "%s already exists: give a new file", file);
    int rc = audit_key_ensure(db, m);
    if (rc || (rc = copy_pages(db_path(db), file, true, m)))
        return rc;
    struct db *c;
    if ((rc = db_open_raw(file, &c, m)))
        goto fail;
    rc = audit_key_copy(db, c, m);
    db_close(c);
    if (rc || (rc = check_copy(file, r, m)))
        goto fail;
    return audit_cli(db, "backup", "store", file,
                     json_pack("{s:I,s:i}", "audit_entries", (json_int_t)r->audit_entries,
                               "schema_version", r->schema_version),
                     m);
fail:
    unlink(file);
    char key[1100];
    snprintf(key, sizeof key, "%s.audit-key", file);
    unlink(key);
    return rc;
}

/* Does the store hold anything of its own (an audit entry or an organisation)? */
static int holds_data(const char *target, bool *any, struct pcn_msg *m)
{
    struct db *t;
    struct db_stmt *st;
    *any = false;
    if (access(target, F_OK) != 0)
        return 0;
    int rc = db_open_raw(target, &t, m);
    if (rc)
        return rc;
    int v = 0;
    if (!(rc = db_schema_version(t, &v, m)) && v > 0 &&
        !(rc = db_prepare(t, "SELECT (SELECT COUNT(*) FROM audit_log) + (SELECT COUNT(*) FROM org)",
                          &st, m))) {
        rc = db_step(st, m);
        *any = rc == 1 && db_col_int(st, 0) > 0;
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    db_close(t);
    return rc;
}

int backup_restore(const char *target, const char *file, bool force, struct backup_result *r,
                   struct pcn_msg *m)
{
    memset(r, 0, sizeof *r);
    if (db_is_url(target))
        return msg_set(m, PCN_EINVAL,
                       "a PostgreSQL store is restored with pg_restore from its pg_dump, not "
                       "pcnops restore (docs/deploying.md)");
    if (access(file, R_OK) != 0)
        return msg_set(m, PCN_ENOTFOUND, "%s: cannot read: %s", file, strerror(errno));
    int rc = check_copy(file, r, m);
    if (rc)
        return rc;
    /* The backup's key must be the target's (or become it). */
    struct db *b, *t;
    if ((rc = db_open_raw(file, &b, m)))
        return rc;
    if ((rc = db_open_raw(target, &t, m))) {
        db_close(b);
        return rc;
    }
    rc = audit_key_copy(b, t, m);
    db_close(b);
    db_close(t);
    if (rc == PCN_ECONFLICT)
        return msg_set(m, rc,
                       "%s was made with another audit key than %s's: its log cannot "
                       "be checked with this store's key",
                       file, target);
    if (rc)
        return rc;
    bool any;
    if ((rc = holds_data(target, &any, m)))
        return rc;
    if (any && !force)
        return msg_set(m, PCN_ECONFLICT, "%s holds data: give --force to replace it with %s",
                       target, file);
    if ((rc = copy_pages(file, target, true, m)))
        return rc;
    struct db *nt;
    if ((rc = migrate_open(target, &nt, m)))
        return rc;
    struct audit_head h;
    if (!(rc = audit_checkpoint(nt, NULL, &h, m)))
        rc = audit_cli(nt, "restore", "store", file,
                       json_pack("{s:I,s:i,s:b}", "audit_entries", (json_int_t)r->audit_entries,
                                 "schema_version", r->schema_version, "replaced", any),
                       m);
    db_close(nt);
    return rc;
}
