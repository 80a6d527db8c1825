#include "common.h"
#include "desktime.h"
#include "audit.h"
#include "buf.h"
#include "db.h"
#include "deskview.h"
#include "registry.h"

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
    int rc = deskdb_read_one(db,
                             "SELECT " ACT_COLS " FROM desk_activity WHERE pcn_code = ? AND id = ?",
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
        rc = deskdb_check_owned(db, pcn, false, x->stakeholders[i], e, m);
    for (size_t i = 0; !rc && i < x->nrequests; i++)
        rc = deskdb_check_owned(db, pcn, true, x->requests[i], e, m);
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
