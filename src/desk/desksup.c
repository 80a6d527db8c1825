#include "common.h"
#include "audit.h"
#include "desksup.h"
#include "limits.h"
#include "db.h"
#include "deskview.h"
#include "staff.h"

/* ---- reading ------------------------------------------------------------ */

static const char *role_name(const struct rules *r, const char *role, date_t on)
{
    const struct rules_year *y = NULL;
    for (size_t i = 0; r && i < r->nyears; i++)
        if (fy_start(r->years[i].fy) <= on)
            y = &r->years[i];
    for (size_t i = 0; y && i < y->nroles; i++)
        if (strcmp(y->roles[i].id, role) == 0)
            return y->roles[i].name;
    return role;
}

static void minimum(const struct desk_supervision *s, const struct deskrules *dr,
                    struct desk_sup_row *row, date_t today, struct arena *a)
{
    row->max_days = -1;
    row->min_source = NULL;
    row->min_conf = CONF_NONE;
    const struct desk_sup_policy *any = NULL;
    for (size_t i = 0; i < s->npolicy; i++) {
        if (strcmp(s->policy[i].role, row->role) == 0) {
            row->max_days = s->policy[i].max_days;
            row->min_source = "the PCN";
            return;
        }
        if (strcmp(s->policy[i].role, "*") == 0)
            any = &s->policy[i];
    }
    if (any) {
        row->max_days = any->max_days;
        row->min_source = "the PCN";
        return;
    }
    bool carried;
    const struct desk_sup_rule *r = dr ? deskrules_supervision(dr, row->role, today, &carried)
                                       : NULL;
    if (r && r->known) {
        row->max_days = r->max_days;
        row->min_conf = r->conf;
        row->min_source = carried ? arena_printf(a, "%s (carried forward)", r->cite) : r->cite;
    }
}

static int cmp_rows(const void *x, const void *y)
{
    const struct desk_sup_row *a = x, *b = y;
    bool oa = a->st.state == SUP_OVERDUE, ob = b->st.state == SUP_OVERDUE;
    if (oa != ob)
        return oa ? -1 : 1;
    if (oa && a->st.days_overdue != b->st.days_overdue)
        return a->st.days_overdue > b->st.days_overdue ? -1 : 1;
    int c = strcmp(a->name, b->name);
    return c ? c : (a->staff_id < b->staff_id ? -1 : a->staff_id > b->staff_id);
}

static void policy_from_row(struct arena *a, struct db_stmt *st, void *out)
{
    *(struct desk_sup_policy *)out = (struct desk_sup_policy){db_col_strdup(a, st, 0),
                                                              db_col_int(st, 1)};
}

int desksup_load(struct db *db, const struct deskrules *dr, const struct rules *roles,
                 const char *pcn, date_t today, struct arena *a, struct desk_supervision *out,
                 struct pcn_msg *m)
{
    struct staff *posts;
    struct db_stmt *st;
    size_t n;
    int rc;
    memset(out, 0, sizeof *out);
    if ((rc = staff_list(db, pcn, today, a, &posts, &n, m)))
        return rc;
    void *policy;
    rc = db_rows_of(db,
                    "SELECT role_code, max_days FROM desk_supervision_policy WHERE "
                    "pcn_code = ? ORDER BY role_code",
                    pcn, a, sizeof *out->policy, policy_from_row, &policy, &out->npolicy, m);
    out->policy = policy;
    if (rc)
        return rc;
    out->rows = ARENA_ARRAY(a, struct desk_sup_row, n + 1);
    for (size_t i = 0; i < n; i++) {
        const struct staff *p = &posts[i];
        if (p->start > today || (p->end != DATE_NONE && p->end < today))
            continue;
        struct desk_sup_row *r = &out->rows[out->n++];
        r->staff_id = p->id;
        r->name = p->name;
        r->role = p->role;
        r->role_name = role_name(roles, p->role, today);
        r->supervisor = p->supervisor ? p->supervisor : "";
        r->start = p->start;
        r->end = p->end;
        minimum(out, dr, r, today, a);
    }
    /* sessions and courses, newest first, onto their rows */
    static const char *const sql[2] = {
        "SELECT id, staff_id, session_date, supervisor, minutes, note FROM desk_supervision "
        "WHERE pcn_code = ? ORDER BY session_date DESC, id DESC",
        "SELECT id, staff_id, attended, course, provider, minutes FROM desk_training "
        "WHERE pcn_code = ? ORDER BY attended DESC, id DESC",
    };
    for (int k = 0; k < 2; k++) {
        if ((rc = db_cached(db, sql[k], &st, m)))
            return rc;
        db_bind_text(st, 1, pcn);
        while ((rc = db_step(st, m)) == 1) {
            int64_t sid = db_col_int(st, 1);
            for (size_t i = 0; i < out->n; i++) {
                struct desk_sup_row *r = &out->rows[i];
                if (r->staff_id != sid)
                    continue;
                if (k == 0) {
                    struct desk_sup_session *v = arena_alloc(a, (r->nsessions + 1) * sizeof *v);
                    if (r->nsessions)
                        memcpy(v, r->sessions, r->nsessions * sizeof *v);
                    v[r->nsessions++] = (struct desk_sup_session){
                        db_col_int(st, 0),
                        sid,
                        db_col_date(st, 2),
                        db_col_strdup(a, st, 3),
                        db_col_null(st, 4) ? -1 : db_col_int(st, 4),
                        db_col_strdup(a, st, 5)};
                    r->sessions = v;
                } else {
                    struct desk_training *v = arena_alloc(a, (r->ntraining + 1) * sizeof *v);
                    if (r->ntraining)
                        memcpy(v, r->training, r->ntraining * sizeof *v);
                    v[r->ntraining++] = (struct desk_training){
                        db_col_int(st, 0),       sid,
                        db_col_date(st, 2),      db_col_strdup(a, st, 3),
                        db_col_strdup(a, st, 4), db_col_null(st, 5) ? -1 : db_col_int(st, 5)};
                    r->training = v;
                }
                break;
            }
        }
        db_reset(st);
        if (rc < 0)
            return rc;
    }
    for (size_t i = 0; i < out->n; i++) {
        struct desk_sup_row *r = &out->rows[i];
        date_t *dates = ARENA_ARRAY(a, date_t, r->nsessions + 1);
        for (size_t k = 0; k < r->nsessions; k++)
            dates[k] = r->sessions[k].date;
        desk_sup_status(r->start, dates, r->nsessions, r->max_days, today, &r->st);
        out->noverdue += r->st.state == SUP_OVERDUE;
    }
    if (out->n)
        qsort(out->rows, out->n, sizeof *out->rows, cmp_rows);
    return 0;
}

/* ---- writing ------------------------------------------------------------ */

/* A new record's length in minutes as JSON: null when not given. */
static json_t *minutes_json(int64_t minutes)
{
    return minutes > 0 ? json_integer(minutes) : json_null();
}

/* A post of the PCN's ARRS staff register, as a session or course needs it. */
struct post {
    bool found;
    date_t start, end;
};

/* The PCN's post `id` into *p, or a message in e (p->found false). */
static int staff_of(struct db *db, const char *pcn, int64_t id, struct post *p, struct desk_errs *e,
                    struct pcn_msg *m)
{
    struct arena a;
    struct staff s = {0};
    *p = (struct post){false, DATE_NONE, DATE_NONE};
    if (id <= 0) {
        desk_errs_add(e, "staff", "Select the staff member");
        return 0;
    }
    arena_init(&a, 0);
    int rc = staff_get(db, id, &a, &s, m);
    if (rc == PCN_ENOTFOUND || (rc == 0 && strcmp(s.pcn, pcn) != 0)) {
        desk_errs_add(e, "staff",
                      "There is no staff member %" PRId64 " in this PCN's ARRS staff "
                      "register: choose one from the list",
                      id);
        rc = 0;
    } else if (rc == 0) {
        *p = (struct post){true, s.start, s.end};
    }
    arena_release(&a);
    return rc;
}

int desksup_add_session(struct db *db, const struct desk_actor *w, const char *pcn,
                        const struct desk_sup_session *s, date_t today, int64_t *id,
                        struct desk_errs *e, struct pcn_msg *m)
{
    struct post post;
    struct db_stmt *st;
    int rc = staff_of(db, pcn, s->staff_id, &post, e, m);
    if (rc)
        return rc;
    if (desk_check_date(e, "session", "the date of the session", s->date, today) && post.found) {
        if (s->date < post.start)
            desk_errs_add(e, "session",
                          "The date of the session must be on or after they "
                          "started in post");
        else if (post.end != DATE_NONE && s->date > post.end)
            desk_errs_add(e, "session",
                          "The date of the session must be on or before they "
                          "left the post");
    }
    desk_check_text(e, "supervisor", "the supervisor's name", s->supervisor, DESK_NAME_MAX, true,
                    false);
    if (s->minutes == 0 || s->minutes > DESK_DAY_MINUTES)
        desk_errs_add(e, "hours", "The length must be more than 0 and 24 hours or less");
    desk_check_text(e, "note", "the note", s->note, DESK_TEXT_MAX, false, true);
    if ((rc = deskdb_refuse(e, m)))
        return rc;
    int64_t sid = 0;
    if ((rc = db_begin_cached(db,
                              "INSERT INTO desk_supervision (pcn_code, staff_id, session_date, "
                              "supervisor, minutes, note, created_at) VALUES (?, ?, ?, ?, ?, ?, "
                              "?) RETURNING id",
                              &st, m)))
        return rc;
    db_bind_text(st, 1, pcn);
    db_bind_int(st, 2, s->staff_id);
    db_bind_date(st, 3, s->date);
    db_bind_text(st, 4, s->supervisor);
    if (s->minutes > 0)
        db_bind_int(st, 5, s->minutes);
    else
        db_bind_null(st, 5);
    db_bind_text(st, 6, s->note ? s->note : "");
    db_bind_int(st, 7, (int64_t)w->now);
    rc = db_run_id(st, &sid, m);
    rc = deskdb_finish(db, w, pcn, rc, "desk-supervision-add", "supervision", sid, NULL,
                       json_pack("{s:I,s:o,s:s,s:o,s:s}", "staff_id", (json_int_t)s->staff_id,
                                 "date", deskview_date(s->date), "supervisor", s->supervisor,
                                 "minutes", minutes_json(s->minutes), "note",
                                 s->note ? s->note : ""),
                       m);
    if (!rc && id)
        *id = sid;
    return rc;
}

int desksup_add_training(struct db *db, const struct desk_actor *w, const char *pcn,
                         const struct desk_training *t, date_t today, int64_t *id,
                         struct desk_errs *e, struct pcn_msg *m)
{
    struct post post;
    struct db_stmt *st;
    int rc = staff_of(db, pcn, t->staff_id, &post, e, m);
    if (rc)
        return rc;
    desk_check_date(e, "attended", "the date of the course", t->attended, today);
    desk_check_text(e, "course", "the course", t->course, DESK_NAME_MAX, true, false);
    desk_check_text(e, "provider", "who ran it", t->provider, DESK_NAME_MAX, false, false);
    if (t->minutes == 0 || t->minutes > 240 * 60)
        desk_errs_add(e, "hours", "The length must be more than 0 and 240 hours or less");
    if ((rc = deskdb_refuse(e, m)))
        return rc;
    int64_t tid = 0;
    if ((rc = db_begin_cached(db,
                              "INSERT INTO desk_training (pcn_code, staff_id, attended, course, "
                              "provider, minutes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                              "RETURNING id",
                              &st, m)))
        return rc;
    db_bind_text(st, 1, pcn);
    db_bind_int(st, 2, t->staff_id);
    db_bind_date(st, 3, t->attended);
    db_bind_text(st, 4, t->course);
    db_bind_text(st, 5, t->provider ? t->provider : "");
    if (t->minutes > 0)
        db_bind_int(st, 6, t->minutes);
    else
        db_bind_null(st, 6);
    db_bind_int(st, 7, (int64_t)w->now);
    rc = db_run_id(st, &tid, m);
    rc = deskdb_finish(db, w, pcn, rc, "desk-training-add", "training", tid, NULL,
                       json_pack("{s:I,s:o,s:s,s:s,s:o}", "staff_id", (json_int_t)t->staff_id,
                                 "attended", deskview_date(t->attended), "course", t->course,
                                 "provider", t->provider ? t->provider : "", "minutes",
                                 minutes_json(t->minutes)),
                       m);
    if (!rc && id)
        *id = tid;
    return rc;
}

int desksup_set_policy(struct db *db, const struct desk_actor *w, const char *pcn, const char *role,
                       int64_t max_days, struct desk_errs *e, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc;
    bool ok = role && *role && strlen(role) <= 64;
    if (ok && strcmp(role, "*") != 0)
        for (const char *p = role; *p; p++)
            ok &= (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_';
    if (!ok)
        desk_errs_add(e, "role", "Select the role");
    if (max_days == 0 || max_days > LIMIT_FORM_GAP_DAYS_MAX)
        desk_errs_add(e, "max_days", "Enter the most days between sessions, from 1 to %d",
                      LIMIT_FORM_GAP_DAYS_MAX);
    if (e->n)
        return deskdb_refuse(e, m);
    if ((rc = db_begin(db, m)))
        return rc;
    json_t *before = NULL;
    if ((rc = db_cached(db,
                        "SELECT max_days FROM desk_supervision_policy WHERE pcn_code = ? AND "
                        "role_code = ?",
                        &st, m)))
        goto out;
    db_bind_text(st, 1, pcn);
    db_bind_text(st, 2, role);
    if ((rc = db_step(st, m)) == 1)
        before = json_pack("{s:s,s:I}", "role", role, "max_days", (json_int_t)db_col_int(st, 0));
    db_reset(st);
    if (rc < 0)
        goto out;
    if (max_days < 0)
        rc = db_cached(
            db, "DELETE FROM desk_supervision_policy WHERE pcn_code = ? AND role_code = ?", &st, m);
    else
        rc = db_cached(db,
                       "INSERT INTO desk_supervision_policy (pcn_code, role_code, max_days, "
                       "created_at) VALUES (?, ?, ?, ?) ON CONFLICT (pcn_code, role_code) DO "
                       "UPDATE SET max_days = excluded.max_days",
                       &st, m);
    if (rc)
        goto out;
    db_bind_text(st, 1, pcn);
    db_bind_text(st, 2, role);
    if (max_days >= 0) {
        db_bind_int(st, 3, max_days);
        db_bind_int(st, 4, (int64_t)w->now);
    }
    rc = db_run(st, m);
out:
    return deskdb_finish(
        db, w, pcn, rc, "desk-supervision-minimum", "supervision_minimum", 0, before,
        max_days >= 0 ? json_pack("{s:s,s:I}", "role", role, "max_days", (json_int_t)max_days)
                      : NULL,
        m);
}

/* ---- JSON --------------------------------------------------------------- */

json_t *desksup_json(const char *pcn, const struct desk_supervision *s, date_t today)
{
    json_t *staff = json_array(), *policy = json_array();
    for (size_t i = 0; i < s->n; i++) {
        const struct desk_sup_row *r = &s->rows[i];
        json_t *sess = json_array(), *tr = json_array();
        for (size_t k = 0; k < r->nsessions; k++)
            json_array_append_new(
                sess, json_pack("{s:I,s:o,s:s,s:o,s:s}", "id", (json_int_t)r->sessions[k].id,
                                "date", deskview_date(r->sessions[k].date), "supervisor",
                                r->sessions[k].supervisor, "minutes",
                                r->sessions[k].minutes >= 0 ? json_integer(r->sessions[k].minutes)
                                                            : json_null(),
                                "note", r->sessions[k].note));
        for (size_t k = 0; k < r->ntraining; k++)
            json_array_append_new(
                tr, json_pack("{s:I,s:o,s:s,s:s,s:o}", "id", (json_int_t)r->training[k].id,
                              "attended", deskview_date(r->training[k].attended), "course",
                              r->training[k].course, "provider", r->training[k].provider, "minutes",
                              r->training[k].minutes >= 0 ? json_integer(r->training[k].minutes)
                                                          : json_null()));
        json_t *j = json_pack("{s:I,s:s,s:s,s:s,s:s,s:o}", "staff_id", (json_int_t)r->staff_id,
                              "name", r->name, "role", r->role, "role_name", r->role_name,
                              "supervisor", r->supervisor, "start", deskview_date(r->start));
        json_object_set_new(j, "minimum_days",
                            r->max_days >= 0 ? json_integer(r->max_days) : json_null());
        json_object_set_new(j, "minimum_source",
                            r->min_source ? json_string(r->min_source) : json_null());
        json_object_set_new(j, "minimum_confidence",
                            r->min_conf == CONF_NONE ? json_null()
                                                     : json_string(conf_name(r->min_conf)));
        json_object_set_new(j, "status", json_string(desk_sup_id(r->st.state)));
        json_object_set_new(j, "last_session", deskview_date(r->st.last));
        json_object_set_new(j, "next_due", deskview_date(r->st.due));
        json_object_set_new(j, "days_overdue", json_integer(r->st.days_overdue));
        json_object_set_new(j, "sessions", sess);
        json_object_set_new(j, "training", tr);
        json_array_append_new(staff, j);
    }
    for (size_t i = 0; i < s->npolicy; i++)
        json_array_append_new(policy, json_pack("{s:s,s:I}", "role", s->policy[i].role, "max_days",
                                                (json_int_t)s->policy[i].max_days));
    return json_pack("{s:s,s:o,s:I,s:o,s:o}", "pcn", pcn, "on", deskview_date(today), "overdue",
                     (json_int_t)s->noverdue, "staff", staff, "policy", policy);
}
