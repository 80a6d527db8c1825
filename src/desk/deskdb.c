#include "common.h"
#include "deskdb.h"
#include "audit.h"
#include "buf.h"
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
static int check_owned(struct db *db, const char *pcn, bool request, int64_t id,
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

/* ---- funded time -------------------------------------------------------- */

static void override_from_row(struct arena *a, struct db_stmt *st, void *out)
{
    struct desk_override *v = out;
    v->from = db_col_date(st, 0);
    v->minutes_per_week = db_col_null(st, 1) ? -1 : db_col_int(st, 1);
    v->note = db_col_strdup_blank(a, st, 2);
}

int deskdb_funding(struct db *db, const struct deskrules *r, const char *pcn, date_t on,
                   struct arena *a, struct desk_funding *out, struct pcn_msg *m)
{
    struct pcn_detail d;
    int rc = registry_pcn(db, pcn, on, a, &d, m);
    if (rc)
        return rc;
    memset(out, 0, sizeof *out);
    out->patients = d.registered_patients;
    out->patients_date = d.list_size_date;
    if (r) {
        out->rules = r->cd;
        out->nrules = r->ncd;
    }
    void *v;
    rc = db_rows_of(db,
                    "SELECT valid_from, minutes_per_week, note FROM desk_funded_time "
                    "WHERE pcn_code = ? ORDER BY valid_from",
                    pcn, a, sizeof *out->overrides, override_from_row, &v, &out->noverrides, m);
    out->overrides = v;
    return rc;
}

static json_t *override_json(date_t from, int64_t minutes, const char *note)
{
    return json_pack("{s:o,s:o,s:s}", "from", deskview_date(from), "minutes_per_week",
                     minutes >= 0 ? json_integer(minutes) : json_null(), "note", note ? note : "");
}

int deskdb_set_funded(struct db *db, const struct desk_actor *w, const char *pcn, date_t from,
                      int64_t minutes_per_week, const char *note, date_t today, struct desk_errs *e,
                      struct pcn_msg *m)
{
    struct db_stmt *st;
    json_t *before = NULL;
    int rc;

    desk_check_date(e, "from", "the date it starts", from, today);
    if (minutes_per_week > 168 * 60)
        desk_errs_add(e, "hours", "Funded time must be 168 hours a week or less");
    desk_check_text(e, "note", "the note", note, DESK_TEXT_MAX, false, true);
    if (e->n)
        return deskdb_refuse(e, m);
    if ((rc = db_begin(db, m)))
        return rc;
    if ((rc = db_cached(db,
                        "SELECT minutes_per_week, note FROM desk_funded_time WHERE pcn_code = ? "
                        "AND valid_from = ?",
                        &st, m)))
        goto out;
    db_bind_text(st, 1, pcn);
    db_bind_date(st, 2, from);
    if ((rc = db_step(st, m)) == 1)
        before = override_json(from, db_col_null(st, 0) ? -1 : db_col_int(st, 0),
                               db_col_text(st, 1));
    db_reset(st);
    if (rc < 0)
        goto out;
    if ((rc = db_cached(db,
                        "INSERT INTO desk_funded_time (pcn_code, valid_from, minutes_per_week, "
                        "note, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (pcn_code, "
                        "valid_from) DO UPDATE SET minutes_per_week = excluded.minutes_per_week, "
                        "note = excluded.note",
                        &st, m)))
        goto out;
    db_bind_text(st, 1, pcn);
    db_bind_date(st, 2, from);
    if (minutes_per_week >= 0)
        db_bind_int(st, 3, minutes_per_week);
    else
        db_bind_null(st, 3);
    db_bind_text(st, 4, note ? note : "");
    db_bind_int(st, 5, (int64_t)w->now);
    rc = db_run(st, m);
out:
    return deskdb_finish(db, w, pcn, rc, "desk-funded-set", "funded_time", 0, before,
                         override_json(from, minutes_per_week, note), m);
}

/* ---- reading rows ------------------------------------------------------- */

/* The record `id` of PCN pcn, by sql (whose parameters are the PCN and the
 * id): 0, or PCN_ENOTFOUND "no WHAT ID in PCN", so that another PCN's
 * records look the same as missing ones. */
static int read_one(struct db *db, const char *sql, const char *pcn, int64_t id, const char *what,
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
static int finish_id(struct db *db, const struct desk_actor *w, const char *pcn, int rc,
                     const char *action, const char *record, int64_t rid, json_t *before,
                     json_t *after, int64_t *id, struct pcn_msg *m)
{
    rc = deskdb_finish(db, w, pcn, rc, action, record, rid, before, after, m);
    if (!rc && id)
        *id = rid;
    return rc;
}

/* ---- time --------------------------------------------------------------- */

#define ACT_COLS "id, activity_date, minutes, category, meeting, title, note, source, uid"

static void act_from_row(struct arena *a, struct db_stmt *st, void *out)
{
    struct desk_activity *x = out;
    memset(x, 0, sizeof *x);
    x->id = db_col_int(st, 0);
    x->date = db_col_date(st, 1);
    x->minutes = db_col_int(st, 2);
    if (desk_category_parse(db_col_text(st, 3), &x->cat))
        x->cat = DC_OTHER;
    x->meeting = db_col_int(st, 4) != 0;
    x->title = db_col_strdup_blank(a, st, 5);
    x->note = db_col_strdup_blank(a, st, 6);
    x->source = db_col_strdup_blank(a, st, 7);
    x->uid = db_col_strdup_blank(a, st, 8);
}

/* Fills each activity's links (one query for all). */
static int load_links(struct db *db, const char *pcn, struct arena *a, struct desk_activity *v,
                      size_t n, struct pcn_msg *m)
{
    struct db_stmt *st;
    if (n == 0)
        return 0;
    int rc = db_cached(db,
                       "SELECT l.activity_id, l.stakeholder_id, l.request_id FROM "
                       "desk_activity_link l JOIN desk_activity x ON x.id = l.activity_id "
                       "WHERE x.pcn_code = ? ORDER BY l.activity_id, l.stakeholder_id, "
                       "l.request_id",
                       &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, pcn);
    while ((rc = db_step(st, m)) == 1) {
        int64_t aid = db_col_int(st, 0);
        /* activities are few per page; a linear search is fine */
        for (size_t i = 0; i < n; i++) {
            if (v[i].id != aid)
                continue;
            int64_t **arr = db_col_null(st, 1) ? &v[i].requests : &v[i].stakeholders;
            size_t *cnt = db_col_null(st, 1) ? &v[i].nrequests : &v[i].nstakeholders;
            int64_t *grown = arena_alloc(a, (*cnt + 1) * sizeof *grown);
            if (*cnt)
                memcpy(grown, *arr, *cnt * sizeof *grown);
            grown[*cnt] = db_col_int(st, db_col_null(st, 1) ? 2 : 1);
            *arr = grown;
            (*cnt)++;
            break;
        }
    }
    db_reset(st);
    return rc < 0 ? rc : 0;
}

int deskdb_activities(struct db *db, const char *pcn, date_t from, date_t to, struct arena *a,
                      struct desk_activity **out, size_t *n, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(db,
                       "SELECT " ACT_COLS " FROM desk_activity WHERE pcn_code = ? AND "
                       "activity_date >= ? AND activity_date <= ? ORDER BY activity_date, id",
                       &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, pcn);
    db_bind_text(st, 2, "0000-00-00");
    db_bind_text(st, 3, "9999-99-99");
    if (from != DATE_NONE)
        db_bind_date(st, 2, from);
    if (to != DATE_NONE)
        db_bind_date(st, 3, to);
    void *v;
    rc = db_rows(st, a, sizeof **out, act_from_row, &v, n, m);
    *out = v;
    if (rc)
        return rc;
    return load_links(db, pcn, a, *out, *n, m);
}

int deskdb_activity_get(struct db *db, const char *pcn, int64_t id, struct arena *a,
                        struct desk_activity *out, struct pcn_msg *m)
{
    int rc = read_one(db, "SELECT " ACT_COLS " FROM desk_activity WHERE pcn_code = ? AND id = ?",
                      pcn, id, "activity", a, act_from_row, out, m);
    return rc ? rc : load_links(db, pcn, a, out, 1, m);
}

static int day_minutes(struct db *db, const char *pcn, date_t d, int64_t *out, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(db,
                       "SELECT COALESCE(SUM(minutes), 0) FROM desk_activity WHERE pcn_code = ? "
                       "AND activity_date = ?",
                       &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, pcn);
    db_bind_date(st, 2, d);
    rc = db_step(st, m);
    *out = rc == 1 ? db_col_int(st, 0) : 0;
    db_reset(st);
    return rc < 0 ? rc : 0;
}

/* An activity's stakeholders and requests must be the PCN's own. */
static int check_links(struct db *db, const char *pcn, const struct desk_activity *x,
                       struct desk_errs *e, struct pcn_msg *m)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < x->nstakeholders; i++)
        rc = check_owned(db, pcn, false, x->stakeholders[i], e, m);
    for (size_t i = 0; !rc && i < x->nrequests; i++)
        rc = check_owned(db, pcn, true, x->requests[i], e, m);
    return rc;
}

int deskdb_add_activities(struct db *db, const struct desk_actor *w, const char *pcn,
                          struct desk_activity *acts, size_t n, date_t today, const char *action,
                          struct arena *a, int64_t *ids, struct desk_errs *e, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc;

    /* Check everything first. */
    for (size_t i = 0; i < n; i++) {
        struct desk_activity *x = &acts[i];
        int64_t day = 0;
        if (x->date != DATE_NONE && (rc = day_minutes(db, pcn, x->date, &day, m)))
            return rc;
        for (size_t k = 0; k < i; k++)
            if (acts[k].date == x->date)
                day += acts[k].minutes;
        if (n == 1 && strcmp(action, "desk-time-import") != 0) {
            desk_check_activity(x, today, day, e);
            if ((rc = check_links(db, pcn, x, e, m)))
                return rc;
        } else {
            struct desk_errs one = {0};
            desk_check_activity(x, today, day, &one);
            if ((rc = check_links(db, pcn, x, &one, m)))
                return rc;
            if (one.n) {
                const char *field = arena_printf(a, "ev%zu", i + 1);
                struct buf b;
                buf_init(&b, 512);
                buf_printf(&b, "Event %zu (", i + 1);
                if (x->date != DATE_NONE)
                    date_add_uk(&b, x->date);
                buf_printf(&b, "%s%s): %s", x->title && *x->title ? ", " : "",
                           x->title ? x->title : "", one.e[0].text);
                desk_errs_add(e, field, "%s", b.buf);
                buf_release(&b);
            }
        }
    }
    if (e->n)
        return deskdb_refuse(e, m);

    if ((rc = db_begin(db, m)))
        return rc;
    json_t *after = json_array();
    for (size_t i = 0; i < n; i++) {
        struct desk_activity *x = &acts[i];
        if ((rc = db_cached(db,
                            "INSERT INTO desk_activity (pcn_code, activity_date, minutes, "
                            "category, meeting, title, note, source, uid, created_at) VALUES "
                            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                            &st, m)))
            goto out;
        db_bind_text(st, 1, pcn);
        db_bind_date(st, 2, x->date);
        db_bind_int(st, 3, x->minutes);
        db_bind_text(st, 4, desk_category_id(x->cat));
        db_bind_int(st, 5, x->meeting);
        db_bind_text(st, 6, x->title ? x->title : "");
        db_bind_text(st, 7, x->note ? x->note : "");
        db_bind_text(st, 8, x->source ? x->source : "");
        db_bind_text(st, 9, x->uid ? x->uid : "");
        db_bind_int(st, 10, (int64_t)w->now);
        if ((rc = db_run_id(st, &x->id, m)))
            goto out;
        if (ids)
            ids[i] = x->id;
        for (size_t k = 0; k < x->nstakeholders + x->nrequests; k++) {
            bool sh = k < x->nstakeholders;
            if ((rc = db_cached(db,
                                "INSERT INTO desk_activity_link (activity_id, stakeholder_id, "
                                "request_id) VALUES (?, ?, ?)",
                                &st, m)))
                goto out;
            db_bind_int(st, 1, x->id);
            if (sh) {
                db_bind_int(st, 2, x->stakeholders[k]);
                db_bind_null(st, 3);
            } else {
                db_bind_null(st, 2);
                db_bind_int(st, 3, x->requests[k - x->nstakeholders]);
            }
            if ((rc = db_run(st, m)))
                goto out;
        }
        json_array_append_new(after, deskview_activity(x));
    }
    if (n == 1) {
        json_t *one = json_incref(json_array_get(after, 0));
        json_decref(after);
        after = NULL;
        rc = deskdb_audit(db, w, action, pcn, audit_change_json("activity", acts[0].id, NULL, one),
                          m);
    } else {
        json_t *d = json_pack("{s:s,s:I,s:o}", "record", "activities", "count", (json_int_t)n,
                              "after", after);
        after = NULL;
        rc = deskdb_audit(db, w, action, pcn, d, m);
    }
out:
    json_decref(after);
    return db_end(db, rc, m);
}

int deskdb_delete_activity(struct db *db, const struct desk_actor *w, const char *pcn, int64_t id,
                           struct pcn_msg *m)
{
    struct arena a;
    struct desk_activity x;
    struct db_stmt *st;
    int rc;
    arena_init(&a, 0);
    if ((rc = deskdb_activity_get(db, pcn, id, &a, &x, m)))
        goto done;
    if ((rc = db_begin_cached(db, "DELETE FROM desk_activity_link WHERE activity_id = ?", &st, m)))
        goto done;
    db_bind_int(st, 1, id);
    if ((rc = db_run(st, m)) ||
        (rc = db_cached(db, "DELETE FROM desk_activity WHERE id = ? AND pcn_code = ?", &st, m)))
        goto out;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, pcn);
    rc = db_run(st, m);
out:
    rc = deskdb_finish(db, w, pcn, rc, "desk-time-delete", "activity", id, deskview_activity(&x),
                       NULL, m);
done:
    arena_release(&a);
    return rc;
}

/* ---- stakeholders ------------------------------------------------------- */

#define SH_COLS "id, name, organisation, kind, role_title, influence, interest, notes"

static void sh_from_row(struct arena *a, struct db_stmt *st, void *out)
{
    struct desk_stakeholder *s = out;
    memset(s, 0, sizeof *s);
    s->id = db_col_int(st, 0);
    s->name = db_col_strdup_blank(a, st, 1);
    s->organisation = db_col_strdup_blank(a, st, 2);
    if (desk_sh_kind_parse(db_col_text(st, 3), &s->kind))
        s->kind = SH_OTHER;
    s->role_title = db_col_strdup_blank(a, st, 4);
    s->influence = (int)db_col_int(st, 5);
    s->interest = (int)db_col_int(st, 6);
    s->notes = db_col_strdup_blank(a, st, 7);
}

int deskdb_stakeholders(struct db *db, const char *pcn, struct arena *a,
                        struct desk_stakeholder **out, size_t *n, struct pcn_msg *m)
{
    void *v;
    int rc = db_rows_of(db,
                        "SELECT " SH_COLS " FROM desk_stakeholder WHERE pcn_code = ? "
                        "ORDER BY name, id",
                        pcn, a, sizeof **out, sh_from_row, &v, n, m);
    *out = v;
    return rc;
}

int deskdb_stakeholder_get(struct db *db, const char *pcn, int64_t id, struct arena *a,
                           struct desk_stakeholder *out, struct pcn_msg *m)
{
    return read_one(db, "SELECT " SH_COLS " FROM desk_stakeholder WHERE pcn_code = ? AND id = ?",
                    pcn, id, "stakeholder", a, sh_from_row, out, m);
}

int deskdb_save_stakeholder(struct db *db, const struct desk_actor *w, const char *pcn,
                            const struct desk_stakeholder *s, int64_t *id, struct desk_errs *e,
                            struct pcn_msg *m)
{
    struct arena a;
    struct desk_stakeholder old;
    struct db_stmt *st;
    json_t *before = NULL;
    int rc;

    if (!desk_check_stakeholder(s, e))
        return deskdb_refuse(e, m);
    arena_init(&a, 0);
    if (s->id && (rc = deskdb_stakeholder_get(db, pcn, s->id, &a, &old, m)))
        goto done;
    if (s->id)
        before = deskview_stakeholder(&old);
    int64_t sid = s->id;
    if ((rc = db_begin_cached(db,
                              sid ? "UPDATE desk_stakeholder SET name = ?, organisation = ?, "
                                    "kind = ?, role_title = ?, influence = ?, interest = ?, "
                                    "notes = ?, updated_at = ? WHERE id = ? AND pcn_code = ?"
                                  : "INSERT INTO desk_stakeholder (name, organisation, kind, "
                                    "role_title, influence, interest, notes, updated_at, "
                                    "pcn_code, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                                    "RETURNING id",
                              &st, m)))
        goto done;
    db_bind_text(st, 1, s->name);
    db_bind_text(st, 2, s->organisation ? s->organisation : "");
    db_bind_text(st, 3, desk_sh_kind_id(s->kind));
    db_bind_text(st, 4, s->role_title ? s->role_title : "");
    db_bind_int(st, 5, s->influence);
    db_bind_int(st, 6, s->interest);
    db_bind_text(st, 7, s->notes ? s->notes : "");
    db_bind_int(st, 8, (int64_t)w->now);
    rc = deskdb_run_save(st, 9, w, pcn, &sid, m);
    struct desk_stakeholder now = *s;
    now.id = sid;
    rc = finish_id(db, w, pcn, rc, s->id ? "desk-stakeholder-change" : "desk-stakeholder-add",
                   "stakeholder", sid, before, deskview_stakeholder(&now), id, m);
    before = NULL;
done:
    json_decref(before);
    arena_release(&a);
    return rc;
}

/* ---- engagement --------------------------------------------------------- */

#define ENG_COLS                                                                                   \
    "g.id, g.eng_date, g.stakeholder_id, s.name, g.purpose, g.asks, g.commitments, "               \
    "g.follow_up_due, g.follow_up_done"

static void eng_from_row(struct arena *a, struct db_stmt *st, void *out)
{
    struct desk_engagement *g = out;
    memset(g, 0, sizeof *g);
    g->id = db_col_int(st, 0);
    g->date = db_col_date(st, 1);
    g->stakeholder_id = db_col_int(st, 2);
    g->stakeholder_name = db_col_strdup_blank(a, st, 3);
    g->purpose = db_col_strdup_blank(a, st, 4);
    g->asks = db_col_strdup_blank(a, st, 5);
    g->commitments = db_col_strdup_blank(a, st, 6);
    g->follow_up_due = db_col_date(st, 7);
    g->follow_up_done = db_col_date(st, 8);
}

static int engagements(struct db *db, const char *sql, const char *pcn, date_t today,
                       struct arena *a, struct desk_engagement **out, size_t *n, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(db, sql, &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, pcn);
    if (today != DATE_NONE)
        db_bind_date(st, 2, today);
    void *v;
    rc = db_rows(st, a, sizeof **out, eng_from_row, &v, n, m);
    *out = v;
    return rc;
}

int deskdb_engagements(struct db *db, const char *pcn, date_t today, struct arena *a,
                       struct desk_engagement **out, size_t *n, struct pcn_msg *m)
{
    int rc = engagements(db,
                         "SELECT " ENG_COLS " FROM desk_engagement g JOIN desk_stakeholder s ON "
                         "s.id = g.stakeholder_id WHERE g.pcn_code = ? ORDER BY g.eng_date DESC, "
                         "g.id DESC",
                         pcn, DATE_NONE, a, out, n, m);
    if (!rc)
        desk_engagement_sort(*out, *n, today);
    return rc;
}

int deskdb_overdue(struct db *db, const char *pcn, date_t today, struct arena *a,
                   struct desk_engagement **out, size_t *n, struct pcn_msg *m)
{
    return engagements(db,
                       "SELECT " ENG_COLS " FROM desk_engagement g JOIN desk_stakeholder s ON "
                       "s.id = g.stakeholder_id WHERE g.pcn_code = ? AND g.follow_up_due < ? "
                       "AND g.follow_up_done IS NULL ORDER BY g.follow_up_due, g.id",
                       pcn, today, a, out, n, m);
}

int deskdb_add_engagement(struct db *db, const struct desk_actor *w, const char *pcn,
                          const struct desk_engagement *g, date_t today, int64_t *id,
                          struct desk_errs *e, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc;
    desk_check_engagement(g, today, e);
    if (g->stakeholder_id > 0 && (rc = check_owned(db, pcn, false, g->stakeholder_id, e, m)))
        return rc;
    if (e->n)
        return deskdb_refuse(e, m);
    int64_t gid = 0;
    if ((rc = db_begin_cached(db,
                              "INSERT INTO desk_engagement (pcn_code, eng_date, stakeholder_id, "
                              "purpose, asks, commitments, follow_up_due, follow_up_done, "
                              "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?) RETURNING id",
                              &st, m)))
        return rc;
    db_bind_text(st, 1, pcn);
    db_bind_date(st, 2, g->date);
    db_bind_int(st, 3, g->stakeholder_id);
    db_bind_text(st, 4, g->purpose);
    db_bind_text(st, 5, g->asks ? g->asks : "");
    db_bind_text(st, 6, g->commitments ? g->commitments : "");
    db_bind_date(st, 7, g->follow_up_due);
    db_bind_int(st, 8, (int64_t)w->now);
    rc = db_run_id(st, &gid, m);
    struct desk_engagement now = *g;
    now.id = gid;
    now.follow_up_done = DATE_NONE;
    rc = finish_id(db, w, pcn, rc, "desk-engagement-add", "engagement", gid, NULL,
                   deskview_engagement(&now, today), id, m);
    return rc;
}

int deskdb_followup_done(struct db *db, const struct desk_actor *w, const char *pcn, int64_t id,
                         date_t on, struct pcn_msg *m)
{
    struct arena a;
    struct desk_engagement *all, *g = NULL;
    size_t n;
    int rc;
    arena_init(&a, 0);
    if ((rc = deskdb_engagements(db, pcn, on, &a, &all, &n, m)))
        goto done;
    for (size_t i = 0; i < n; i++)
        if (all[i].id == id)
            g = &all[i];
    if (!g) {
        rc = msg_set(m, PCN_ENOTFOUND, "no engagement %" PRId64 " in %s", id, pcn);
        goto done;
    }
    if (g->follow_up_due == DATE_NONE) {
        rc = msg_set(m, PCN_EINVAL, "engagement %" PRId64 " has no follow-up", id);
        goto done;
    }
    json_t *before = deskview_engagement(g, on);
    g->follow_up_done = on;
    rc = deskdb_mark_done(db, w, pcn,
                          "UPDATE desk_engagement SET follow_up_done = ? WHERE id = ? AND "
                          "pcn_code = ?",
                          id, on, "desk-followup-done", "engagement", before,
                          deskview_engagement(g, on), m);
done:
    arena_release(&a);
    return rc;
}

/* ---- requests ----------------------------------------------------------- */

#define REQ_COLS                                                                                   \
    "id, received, requester, organisation, stakeholder_id, what, due, est_minutes, "              \
    "within_role, performance_management, decision, decided, delegate_to, decline_reason, "        \
    "decline_note, outcome, done"

static void req_from_row(struct arena *a, struct db_stmt *st, void *out)
{
    struct desk_request *r = out;
    memset(r, 0, sizeof *r);
    r->id = db_col_int(st, 0);
    r->received = db_col_date(st, 1);
    r->requester = db_col_strdup_blank(a, st, 2);
    r->organisation = db_col_strdup_blank(a, st, 3);
    r->stakeholder_id = db_col_null(st, 4) ? 0 : db_col_int(st, 4);
    r->what = db_col_strdup_blank(a, st, 5);
    r->due = db_col_date(st, 6);
    r->est_minutes = db_col_null(st, 7) ? -1 : db_col_int(st, 7);
    if (desk_within_parse(db_col_text(st, 8), &r->within))
        r->within = WITHIN_UNCLEAR;
    r->performance_management = db_col_int(st, 9) != 0;
    if (desk_decision_parse(db_col_text(st, 10), &r->decision))
        r->decision = DEC_PENDING;
    r->decided = db_col_date(st, 11);
    r->delegate_to = db_col_strdup_blank(a, st, 12);
    if (desk_decline_parse(db_col_text(st, 13), &r->decline_reason))
        r->decline_reason = DECLINE_NONE;
    r->decline_note = db_col_strdup_blank(a, st, 14);
    r->outcome = db_col_strdup_blank(a, st, 15);
    r->done = db_col_int(st, 16) != 0;
}

int deskdb_requests(struct db *db, const char *pcn, struct arena *a, struct desk_request **out,
                    size_t *n, struct pcn_msg *m)
{
    void *v;
    int rc = db_rows_of(db,
                        "SELECT " REQ_COLS " FROM desk_request WHERE pcn_code = ? "
                        "ORDER BY received DESC, id DESC",
                        pcn, a, sizeof **out, req_from_row, &v, n, m);
    *out = v;
    return rc;
}

int deskdb_request_get(struct db *db, const char *pcn, int64_t id, struct arena *a,
                       struct desk_request *out, struct pcn_msg *m)
{
    return read_one(db, "SELECT " REQ_COLS " FROM desk_request WHERE pcn_code = ? AND id = ?", pcn,
                    id, "request", a, req_from_row, out, m);
}

int deskdb_save_request(struct db *db, const struct desk_actor *w, const char *pcn,
                        const struct desk_request *r, date_t today, int64_t *id,
                        struct desk_errs *e, struct pcn_msg *m)
{
    struct arena a;
    struct desk_request old, x = *r;
    struct db_stmt *st;
    json_t *before = NULL;
    int rc;

    desk_check_request(r, today, e);
    if (r->stakeholder_id > 0 && (rc = check_owned(db, pcn, false, r->stakeholder_id, e, m)))
        return rc;
    if (e->n)
        return deskdb_refuse(e, m);
    arena_init(&a, 0);
    if (r->id) {
        if ((rc = deskdb_request_get(db, pcn, r->id, &a, &old, m)))
            goto done;
        before = deskview_request(&old);
        if (x.decision == old.decision)
            x.decided = old.decided;
    }
    if (x.decision == DEC_PENDING)
        x.decided = DATE_NONE;
    else if (x.decided == DATE_NONE)
        x.decided = today;
    if (x.decision != DEC_DELEGATE)
        x.delegate_to = "";
    if (x.decision != DEC_DECLINE) {
        x.decline_reason = DECLINE_NONE;
        x.decline_note = "";
    }
    int64_t rid = r->id;
    if ((rc = db_begin_cached(
             db,
             rid ? "UPDATE desk_request SET received = ?, requester = ?, organisation = ?, "
                   "stakeholder_id = ?, what = ?, due = ?, est_minutes = ?, within_role = ?, "
                   "performance_management = ?, decision = ?, decided = ?, delegate_to = ?, "
                   "decline_reason = ?, decline_note = ?, outcome = ?, done = ?, "
                   "updated_at = ? WHERE id = ? AND pcn_code = ?"
                 : "INSERT INTO desk_request (received, requester, organisation, "
                   "stakeholder_id, what, due, est_minutes, within_role, "
                   "performance_management, decision, decided, delegate_to, decline_reason, "
                   "decline_note, outcome, done, updated_at, pcn_code, created_at) VALUES "
                   "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
             &st, m)))
        goto done;
    db_bind_date(st, 1, x.received);
    db_bind_text(st, 2, x.requester);
    db_bind_text(st, 3, x.organisation ? x.organisation : "");
    if (x.stakeholder_id > 0)
        db_bind_int(st, 4, x.stakeholder_id);
    else
        db_bind_null(st, 4);
    db_bind_text(st, 5, x.what);
    db_bind_date(st, 6, x.due);
    if (x.est_minutes >= 0)
        db_bind_int(st, 7, x.est_minutes);
    else
        db_bind_null(st, 7);
    db_bind_text(st, 8, desk_within_id(x.within));
    db_bind_int(st, 9, x.performance_management);
    db_bind_text(st, 10, desk_decision_id(x.decision));
    db_bind_date(st, 11, x.decided);
    db_bind_text(st, 12, x.delegate_to ? x.delegate_to : "");
    db_bind_text(st, 13, x.decline_reason == DECLINE_NONE ? "" : desk_decline_id(x.decline_reason));
    db_bind_text(st, 14, x.decline_note ? x.decline_note : "");
    db_bind_text(st, 15, x.outcome ? x.outcome : "");
    db_bind_int(st, 16, x.done);
    db_bind_int(st, 17, (int64_t)w->now);
    rc = deskdb_run_save(st, 18, w, pcn, &rid, m);
    x.id = rid;
    rc = finish_id(db, w, pcn, rc, r->id ? "desk-request-change" : "desk-request-add", "request",
                   rid, before, deskview_request(&x), id, m);
    before = NULL;
done:
    json_decref(before);
    arena_release(&a);
    return rc;
}

/* ---- delegation --------------------------------------------------------- */

static void resp_from_row(struct arena *a, struct db_stmt *st, void *out)
{
    struct desk_responsibility *r = out;
    memset(r, 0, sizeof *r);
    r->id = db_col_int(st, 0);
    if (desk_area_parse(db_col_text(st, 1), &r->area))
        r->area = AREA_OWN;
    r->role_code = db_col_strdup_blank(a, st, 2);
    r->title = db_col_strdup_blank(a, st, 3);
}

int deskdb_responsibilities(struct db *db, const char *pcn, struct arena *a,
                            struct desk_responsibility **out, size_t *n, struct pcn_msg *m)
{
    struct db_stmt *st;
    void *all;
    int rc = db_rows_of(db,
                        "SELECT id, area, role_code, title FROM desk_responsibility WHERE "
                        "pcn_code = ? ORDER BY title, id",
                        pcn, a, sizeof **out, resp_from_row, &all, n, m);
    if (rc)
        return rc;
    struct desk_responsibility *v = *out = all;
    size_t k = *n;
    if (k == 0)
        return 0;
    if ((rc = db_cached(db,
                        "SELECT d.responsibility_id, d.valid_from, d.lead, d.lead_role, "
                        "d.cd_share, d.note FROM desk_delegation d JOIN desk_responsibility r ON "
                        "r.id = d.responsibility_id WHERE r.pcn_code = ? ORDER BY "
                        "d.responsibility_id, d.valid_from",
                        &st, m)))
        return rc;
    db_bind_text(st, 1, pcn);
    while ((rc = db_step(st, m)) == 1) {
        int64_t rid = db_col_int(st, 0);
        for (size_t i = 0; i < k; i++) {
            if (v[i].id != rid)
                continue;
            struct desk_delegation *h = arena_alloc(a, (v[i].nhistory + 1) * sizeof *h);
            if (v[i].nhistory)
                memcpy(h, v[i].history, v[i].nhistory * sizeof *h);
            struct desk_delegation *d = &h[v[i].nhistory];
            d->id = 0;
            d->from = db_col_date(st, 1);
            d->lead = db_col_strdup_blank(a, st, 2);
            d->lead_role = db_col_strdup_blank(a, st, 3);
            d->cd_share = (int)db_col_int(st, 4);
            d->note = db_col_strdup_blank(a, st, 5);
            v[i].history = h;
            v[i].nhistory++;
            break;
        }
    }
    db_reset(st);
    return rc < 0 ? rc : 0;
}

int deskdb_add_responsibility(struct db *db, const struct desk_actor *w, const char *pcn,
                              enum desk_area area, const char *role_code, const char *title,
                              int64_t *id, struct desk_errs *e, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc;
    if ((size_t)area >= AREA_COUNT)
        desk_errs_add(e, "area", "Select the responsibility");
    else if (area == AREA_ARRS_CLINICAL_LEAD && (!role_code || !*role_code))
        desk_errs_add(e, "role", "Select the ARRS role it is the clinical lead for");
    else
        desk_check_text(e, area == AREA_OWN ? "title" : "area", "the responsibility", title,
                        DESK_NAME_MAX, true, false);
    if (e->n)
        return deskdb_refuse(e, m);
    if (area != AREA_ARRS_CLINICAL_LEAD)
        role_code = "";
    int64_t rid = 0;
    if ((rc = db_begin_cached(db,
                              "INSERT INTO desk_responsibility (pcn_code, area, role_code, "
                              "title, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                              &st, m)))
        return rc;
    db_bind_text(st, 1, pcn);
    db_bind_text(st, 2, desk_area_id(area));
    db_bind_text(st, 3, role_code);
    db_bind_text(st, 4, title);
    db_bind_int(st, 5, (int64_t)w->now);
    if ((rc = db_run_id(st, &rid, m)) == PCN_ECONFLICT) {
        desk_errs_add(e, area == AREA_OWN ? "title" : "area", "%s is already in the register",
                      title);
        rc = msg_set(m, PCN_EINVAL, "%s", e->e[e->n - 1].text);
    }
    struct desk_responsibility now = {rid, area, role_code, title, NULL, 0};
    rc = finish_id(db, w, pcn, rc, "desk-responsibility-add", "responsibility", rid, NULL,
                   deskview_responsibility(&now, 0), id, m);
    return rc;
}

int deskdb_delegate(struct db *db, const struct desk_actor *w, const char *pcn, int64_t resp_id,
                    const struct desk_delegation *d, date_t today, struct desk_errs *e,
                    struct pcn_msg *m)
{
    struct arena a;
    struct desk_responsibility *all, *r = NULL;
    struct db_stmt *st;
    size_t n;
    int rc;
    desk_check_date(e, "from", "the date it starts", d->from, today);
    if (d->cd_share < 0 || d->cd_share > 100)
        desk_errs_add(e, "cd_share",
                      "Enter the share the clinical director still holds, from 0 "
                      "to 100");
    /* a lead unless the clinical director keeps all of it (a share not
     * given or wrong still asks for the lead, so every mistake shows) */
    desk_check_text(e, "lead", "the name of the lead", d->lead, DESK_NAME_MAX, d->cd_share < 100,
                    false);
    desk_check_text(e, "lead_role", "the lead's role", d->lead_role, DESK_NAME_MAX, false, false);
    desk_check_text(e, "note", "the note", d->note, DESK_TEXT_MAX, false, true);
    if (e->n)
        return deskdb_refuse(e, m);
    arena_init(&a, 0);
    if ((rc = deskdb_responsibilities(db, pcn, &a, &all, &n, m)))
        goto done;
    for (size_t i = 0; i < n; i++)
        if (all[i].id == resp_id)
            r = &all[i];
    if (!r) {
        rc = msg_set(m, PCN_ENOTFOUND, "no responsibility %" PRId64 " in %s", resp_id, pcn);
        goto done;
    }
    if ((rc = db_begin_cached(db,
                              "INSERT INTO desk_delegation (responsibility_id, valid_from, lead, "
                              "lead_role, cd_share, note, created_at) VALUES (?, ?, ?, ?, ?, ?, "
                              "?) ON CONFLICT (responsibility_id, valid_from) DO UPDATE SET "
                              "lead = excluded.lead, lead_role = excluded.lead_role, cd_share = "
                              "excluded.cd_share, note = excluded.note",
                              &st, m)))
        goto done;
    db_bind_int(st, 1, resp_id);
    db_bind_date(st, 2, d->from);
    db_bind_text(st, 3, d->lead ? d->lead : "");
    db_bind_text(st, 4, d->lead_role ? d->lead_role : "");
    db_bind_int(st, 5, d->cd_share);
    db_bind_text(st, 6, d->note ? d->note : "");
    db_bind_int(st, 7, (int64_t)w->now);
    rc = deskdb_finish(db, w, pcn, db_run(st, m), "desk-delegation-set", "delegation", resp_id,
                       deskview_responsibility(r, d->from), deskview_delegation(d), m);
done:
    arena_release(&a);
    return rc;
}
