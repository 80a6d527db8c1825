/* storecopy.c: see storecopy.h. */
#include "common.h"
#include "storecopy.h"
#include "arena.h"
#include "audit.h"
#include "buf.h"
#include "db.h"
#include "dbbatch.h"
#include "migrate.h"

#include <jansson.h>
#include <string.h>

#define PROGRESS_EVERY 5000

struct table {
    const char *name;
    int64_t fresh; /* rows a new store has (seeded by the migrations) */
    int64_t copied;
};

static bool plain_name(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
            return false;
    return true;
}

static int count_rows(struct db *db, const char *table, int64_t *n, struct pcn_msg *m)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", table);
    return db_query_int(db, sql, n, m);
}

static void progress(const struct storecopy_progress *p, const char *t, size_t i, size_t n,
                     int64_t done, int64_t total)
{
    if (p && p->fn)
        p->fn(p->arg, t, i, n, done, total);
}

static int copy_table(struct db *src, struct db *dst, struct table *t, size_t ti, size_t nt,
                      const struct storecopy_progress *p, struct pcn_msg *m)
{
    char sql[200];
    int64_t total;
    int rc;
    if ((rc = count_rows(src, t->name, &total, m)))
        return rc;
    progress(p, t->name, ti, nt, 0, total);
    if (t->fresh > 0) { /* the migrations' own rows, replaced by the source's */
        snprintf(sql, sizeof sql, "DELETE FROM %s", t->name);
        if ((rc = db_exec(dst, sql, m)))
            return rc;
    }
    struct db_stmt *st;
    snprintf(sql, sizeof sql, "SELECT * FROM %s", t->name);
    if ((rc = db_prepare(src, sql, &st, m)))
        return rc;
    struct dbbatch b;
    bool batch = false;
    struct buf head;
    buf_init(&head, 64 * 1024);
    int ncols = 0;
    while ((rc = db_step(st, m)) == 1) {
        if (!batch) {
            ncols = db_col_count(st);
            buf_printf(&head, "INSERT INTO %s (", t->name);
            for (int c = 0; c < ncols; c++) {
                if (!plain_name(db_col_name(st, c))) {
                    rc = msg_set(m, PCN_EINVAL, "%s: a column named '%s' cannot be copied", t->name,
                                 db_col_name(st, c));
                    goto out;
                }
                buf_printf(&head, "%s%s", c ? ", " : "", db_col_name(st, c));
            }
            buf_adds(&head, ") VALUES");
            if ((rc = dbbatch_init(&b, dst, head.buf, "", ncols, m)))
                goto out;
            batch = true;
        }
        for (int c = 0; c < ncols; c++) {
            switch (db_col_type(st, c)) {
            case DB_TYPE_NULL:
                dbbatch_null(&b);
                break;
            case DB_TYPE_INT:
                dbbatch_int(&b, db_col_int(st, c));
                break;
            case DB_TYPE_TEXT:
                dbbatch_text(&b, db_col_text(st, c));
                break;
            }
        }
        if ((rc = dbbatch_row(&b, m)))
            goto out;
        if (++t->copied % PROGRESS_EVERY == 0)
            progress(p, t->name, ti, nt, t->copied, total);
    }
    if (rc < 0)
        goto out;
    if (batch && (rc = dbbatch_finish(&b, m)))
        goto out;
    if ((rc = db_sync_ids(dst, t->name, m)))
        goto out;
out:
    if (batch)
        dbbatch_release(&b);
    buf_release(&head);
    db_finalize(st);
    if (rc)
        msg_prefix(m, "table %s: ", t->name);
    return rc < 0 ? rc : 0;
}

/* The rows a new store starts with, table by table (from a store in memory
 * made by the same migrations). */
static int fresh_counts(struct table *t, size_t n, struct pcn_msg *m)
{
    struct db *mem;
    int rc = migrate_open(":memory:", &mem, m);
    if (rc)
        return rc;
    for (size_t i = 0; i < n && !rc; i++)
        rc = count_rows(mem, t[i].name, &t[i].fresh, m);
    db_close(mem);
    return rc;
}

int storecopy_run(const char *from, const char *to, const struct storecopy_progress *p,
                  struct storecopy_result *r, struct pcn_msg *m)
{
    struct db *src = NULL, *dst = NULL;
    struct arena a;
    arena_init(&a, 0);
    int rc, ver;
    memset(r, 0, sizeof *r);

    if ((rc = db_open_raw(from, &src, m)) || (rc = db_schema_version(src, &ver, m)))
        goto out;
    if (ver != migrate_latest()) {
        rc = msg_set(m, PCN_EINVAL,
                     "%s: the store is at schema version %d, this program's is %d: %s",
                     db_path(src), ver, migrate_latest(),
                     ver < migrate_latest() ? "run any pcnops command on it first to bring it up "
                                              "to date"
                                            : "use a newer pcnops");
        goto out;
    }
    if ((rc = migrate_open(to, &dst, m)))
        goto out;
    const char **names;
    size_t n;
    if ((rc = db_tables(src, &a, &names, &n, m)))
        goto out;
    struct table *t = arena_alloc(&a, (n ? n : 1) * sizeof *t);
    for (size_t i = 0; i < n; i++) {
        t[i] = (struct table){.name = names[i]};
        if (!plain_name(t[i].name)) {
            rc = msg_set(m, PCN_EINVAL, "%s: a table named '%s' cannot be copied", db_path(src),
                         t[i].name);
            goto out;
        }
    }
    if ((rc = fresh_counts(t, n, m)))
        goto out;
    /* The target must be as new: only what its migrations put there. */
    for (size_t i = 0; i < n; i++) {
        int64_t have;
        if ((rc = count_rows(dst, t[i].name, &have, m)))
            goto out;
        if (have != t[i].fresh) {
            rc = msg_set(m, PCN_ECONFLICT,
                         "%s: the target is not empty (table %s has %" PRId64
                         " rows); copy only into a new store",
                         db_path(dst), t[i].name, have);
            goto out;
        }
    }

    /* The copied log is checked with the source's key: the target takes it. */
    if ((rc = audit_key_copy(src, dst, m)))
        goto out;
    if ((rc = db_begin(src, m)))
        goto out;
    if ((rc = db_begin(dst, m))) {
        db_rollback(src);
        goto out;
    }
    for (size_t i = 0; i < n && !rc; i++) {
        rc = copy_table(src, dst, &t[i], i + 1, n, p, m);
        r->rows += t[i].copied;
    }
    db_rollback(src); /* read only: releases its lock */
    if (!rc) {
        json_t *d = json_pack("{s:s, s:s, s:I, s:I}", "from", db_path(src), "to", db_path(dst),
                              "tables", (json_int_t)n, "rows", (json_int_t)r->rows);
        rc = audit_cli(dst, "store-copy", "store", NULL, d, m);
    }
    if (rc) {
        db_rollback(dst);
        goto out;
    }
    if ((rc = db_commit(dst, m)))
        goto out;
    r->tables = n;

    /* Afterwards: every table as read (the audit log with the copy's entry). */
    for (size_t i = 0; i < n; i++) {
        int64_t have, want = t[i].copied + (strcmp(t[i].name, "audit_log") ? 0 : 1);
        if ((rc = count_rows(dst, t[i].name, &have, m)))
            goto out;
        if (have != want) {
            rc = msg_set(m, PCN_EDB,
                         "%s: after the copy, table %s has %" PRId64 " rows where %" PRId64
                         " were copied",
                         db_path(dst), t[i].name, have, want);
            goto out;
        }
    }
    if ((rc = audit_verify(dst, &r->audit_entries, m)))
        msg_prefix(m, "%s: after the copy: ", db_path(dst));
out:
    db_close(src);
    db_close(dst);
    arena_release(&a);
    return rc;
}
