#include "common.h"
#include "deskchange.h"
#include "audit.h"
#include "db.h"
#include "deskview.h"
#include "registry.h"

/* ---- helpers ------------------------------------------------------------ */

void deskdb_actor_cli(struct desk_actor *a, time_t now)
{
    const char *user = getenv("USER");
    memset(a, 0, sizeof *a);
    a->ip = "command line"; /* as audit_cli: the system user as who */
    a->email = user && *user ? user : NULL;
    a->now = now;
}

int deskdb_audit_on(struct db *db, const struct desk_actor *w, const char *action,
                    const char *target_kind, const char *target_code, json_t *detail,
                    struct pcn_msg *m)
{
    char *text = detail ? deskview_dump(detail, false) : NULL;
    json_decref(detail);
    struct audit_entry e = {.at = w->now,
                            .user_id = w->user_id,
                            .user_email = w->email,
                            .role = w->role,
                            .org_code = w->org,
                            .ip = w->ip,
                            .action = action,
                            .target_kind = target_kind,
                            .target_code = target_code,
                            .detail = text};
    int rc = audit_write(db, &e, m);
    free(text);
    return rc;
}

int deskdb_audit(struct db *db, const struct desk_actor *w, const char *action, const char *pcn,
                 json_t *detail, struct pcn_msg *m)
{
    return deskdb_audit_on(db, w, action, "pcn", pcn, detail, m);
}

int deskdb_finish_detail(struct db *db, const struct desk_actor *w, const char *pcn, int rc,
                         const char *action, json_t *detail, struct pcn_msg *m)
{
    if (!rc)
        return db_end(db, deskdb_audit(db, w, action, pcn, detail, m), m);
    json_decref(detail);
    db_rollback(db);
    return rc;
}

int deskdb_finish(struct db *db, const struct desk_actor *w, const char *pcn, int rc,
                  const char *action, const char *record, int64_t id, json_t *before, json_t *after,
                  struct pcn_msg *m)
{
    return deskdb_finish_detail(db, w, pcn, rc, action,
                                audit_change_json(record, id, before, after), m);
}

int deskdb_run_save(struct db_stmt *st, int k, const struct desk_actor *w, const char *pcn,
                    int64_t *id, struct pcn_msg *m)
{
    if (*id) {
        db_bind_int(st, k, *id);
        db_bind_text(st, k + 1, pcn);
        return db_run(st, m);
    }
    db_bind_text(st, k, pcn);
    db_bind_int(st, k + 1, (int64_t)w->now);
    return db_run_id(st, id, m);
}

int deskdb_mark_done(struct db *db, const struct desk_actor *w, const char *pcn, const char *sql,
                     int64_t id, date_t on, const char *action, const char *record, json_t *before,
                     json_t *after, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_begin_cached(db, sql, &st, m);
    if (rc) {
        json_decref(before);
        json_decref(after);
        return rc;
    }
    db_bind_date(st, 1, on);
    db_bind_int(st, 2, id);
    db_bind_text(st, 3, pcn);
    return deskdb_finish(db, w, pcn, db_run(st, m), action, record, id, before, after, m);
}

int deskdb_check_pcn(struct db *db, const char *code, struct pcn_msg *m)
{
    enum org_kind k;
    int rc = registry_kind(db, code, &k, m);
    if (rc)
        return rc;
    if (k != ORG_PCN)
        return msg_set(m, PCN_ENOTFOUND, "%s is not a PCN in the registry", code);
    return 0;
}

/* A stakeholder's (or request's) id must be the PCN's own: else a message
 * on "stakeholder" (or "request") in e. */
int deskdb_check_owned(struct db *db, const char *pcn, bool request, int64_t id,
                       struct desk_errs *e, struct pcn_msg *m)
{
    bool yes;
    int rc = db_row_of(db,
                       request ? "SELECT 1 FROM desk_request WHERE pcn_code = ? AND id = ?"
                               : "SELECT 1 FROM desk_stakeholder WHERE pcn_code = ? AND id = ?",
                       pcn, id, NULL, NULL, NULL, &yes, m);
    if (rc || yes)
        return rc;
    if (request)
        desk_errs_add(e, "request", "There is no request %" PRId64 " in this PCN's register", id);
    else
        desk_errs_add(e, "stakeholder",
                      "There is no stakeholder %" PRId64 " in this PCN's register: choose one "
                      "from the list",
                      id);
    return 0;
}

int deskdb_refuse(const struct desk_errs *e, struct pcn_msg *m)
{
    return e->n ? msg_set(m, PCN_EINVAL, "%s", e->e[0].text) : 0;
}

const char *deskdb_or_empty(const char *s)
{
    return s ? s : "";
}

/* ---- reading rows ------------------------------------------------------- */

/* The record `id` of PCN pcn, by sql (whose parameters are the PCN and the
 * id): 0, or PCN_ENOTFOUND "no WHAT ID in PCN", so that another PCN's
 * records look the same as missing ones. */
int deskdb_read_one(struct db *db, const char *sql, const char *pcn, int64_t id, const char *what,
                    struct arena *a, db_row_fn *fn, void *out, struct pcn_msg *m)
{
    bool found;
    int rc = db_row_of(db, sql, pcn, id, a, fn, out, &found, m);
    if (rc || found)
        return rc;
    return msg_set(m, PCN_ENOTFOUND, "no %s %" PRId64 " in %s", what, id, pcn);
}

/* The end of a save that gives back the record's id: deskdb_finish, and
 * *id (when not NULL) set to rid when it succeeded. */
int deskdb_finish_id(struct db *db, const struct desk_actor *w, const char *pcn, int rc,
                     const char *action, const char *record, int64_t rid, json_t *before,
                     json_t *after, int64_t *id, struct pcn_msg *m)
{
    rc = deskdb_finish(db, w, pcn, rc, action, record, rid, before, after, m);
    if (!rc && id)
        *id = rid;
    return rc;
}
