#include "common.h"
#include "deskdb.h"
#include "db.h"
#include "deskview.h"

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
    return deskdb_read_one(db,
                           "SELECT " SH_COLS " FROM desk_stakeholder WHERE pcn_code = ? AND id = ?",
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
    rc = deskdb_finish_id(db, w, pcn, rc,
                          s->id ? "desk-stakeholder-change" : "desk-stakeholder-add", "stakeholder",
                          sid, before, deskview_stakeholder(&now), id, m);
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
    if (g->stakeholder_id > 0 && (rc = deskdb_check_owned(db, pcn, false, g->stakeholder_id, e, m)))
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
    rc = deskdb_finish_id(db, w, pcn, rc, "desk-engagement-add", "engagement", gid, NULL,
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
    return deskdb_read_one(db,
                           "SELECT " REQ_COLS " FROM desk_request WHERE pcn_code = ? AND id = ?",
                           pcn, id, "request", a, req_from_row, out, m);
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
    if (r->stakeholder_id > 0 && (rc = deskdb_check_owned(db, pcn, false, r->stakeholder_id, e, m)))
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
    rc = deskdb_finish_id(db, w, pcn, rc, r->id ? "desk-request-change" : "desk-request-add",
                          "request", rid, before, deskview_request(&x), id, m);
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
    rc = deskdb_finish_id(db, w, pcn, rc, "desk-responsibility-add", "responsibility", rid, NULL,
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
