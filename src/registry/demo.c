/* demo.c: the demo PCN (demo.h). */
#include "common.h"
#include "demo.h"
#include "audit.h"
#include "db.h"
#include "desk.h"
#include "deskdb.h"
#include "deskrules.h"
#include "desksup.h"
#include "import.h"
#include "mps.h"
#include "registry.h"
#include "staff.h"

#include <ctype.h>
#include <strings.h>
#include <jansson.h>

/* ---- marks ---------------------------------------------------------------- */

static int mark(struct db *db, const char *kind, int64_t id, const char *pcn, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(db, "INSERT INTO demo_record (kind, record_id, pcn_code) VALUES (?, ?, ?)",
                       &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, kind);
    db_bind_int(st, 2, id);
    db_bind_text(st, 3, pcn);
    return db_run(st, m);
}

int demo_loaded(struct db *db, const char *pcn, bool *yes, date_t *on, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(db, "SELECT loaded_on FROM demo_load WHERE pcn_code = ?", &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, pcn);
    rc = db_step(st, m);
    *yes = rc == 1;
    if (on)
        *on = rc == 1 ? db_col_date(st, 0) : DATE_NONE;
    db_reset(st);
    return rc < 0 ? rc : 0;
}

int demo_ids(struct db *db, const char *pcn, const char *kind, struct arena *a, int64_t **ids,
             size_t *n, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(db,
                       "SELECT record_id FROM demo_record WHERE pcn_code = ? AND kind = ? "
                       "ORDER BY record_id",
                       &st, m);
    *ids = NULL;
    *n = 0;
    if (rc)
        return rc;
    db_bind_text(st, 1, pcn);
    db_bind_text(st, 2, kind);
    size_t cap = 0;
    while ((rc = db_step(st, m)) == 1) {
        *ids = arena_grow(a, *ids, *n, &cap, sizeof **ids);
        (*ids)[(*n)++] = db_col_int(st, 0);
    }
    db_reset(st);
    return rc < 0 ? rc : 0;
}

bool demo_has(const int64_t *ids, size_t n, int64_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ids[mid] == id)
            return true;
        if (ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

/* ---- the loader ------------------------------------------------------------- */

struct load {
    struct db *db;
    const struct rules *r;
    const struct demo_opts *o;
    struct demo_counts *c;
    struct arena *a;
    struct desk_actor w;
    struct pcn_detail pcn;
    int64_t *posts; /* the demo posts' ids */
    size_t nposts;
    int64_t icb_sh, mp_sh[4]; /* stakeholders: the ICB, the MPs */
    size_t nmps;
};

static int desk_fail(const struct desk_errs *e, const char *what, struct pcn_msg *m)
{
    return msg_set(m, PCN_EINVAL, "demo %s: %s", what, e->n ? e->e[0].text : "refused");
}

static int audit_cli_json(struct load *l, const char *action, const char *kind, const char *code,
                          json_t *detail, struct pcn_msg *m)
{
    return audit_cli(l->db, action, kind, code, detail, m);
}

/* The lowest band of a role's ("7-8a" -> 7, "5+" -> 5, "4/5" -> 4), or NULL
 * for one that is not an AfC band ("salaried_gp", ""). */
static const char *lowest_band(struct arena *a, const char *band)
{
    size_t n = strcspn(band, "-/+");
    if (n == 0 || n > 2)
        return NULL;
    char *b = arena_strndup(a, band, n);
    if (!isdigit((unsigned char)b[0]))
        return NULL;
    return b;
}

/* The pay point the demo assumes for a band: intermediate, unless the
 * year's pay table lists the band without one (then its first point).  A
 * year whose table is not known yet keeps intermediate: its claims say the
 * pay is not known. */
static bool pay_point(const struct rules_year *y, const char *band, enum rule_pay_point *out)
{
    bool any = false;
    *out = POINT_INTERMEDIATE;
    for (size_t i = 0; i < y->npay; i++) {
        if (strcmp(y->pay[i].band, band) != 0)
            continue;
        if (y->pay[i].point == POINT_INTERMEDIATE) {
            *out = POINT_INTERMEDIATE;
            return true;
        }
        if (!any)
            *out = y->pay[i].point;
        any = true;
    }
    return true;
}

static int cmp_id(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

static int load_posts(struct load *l, date_t start, struct pcn_msg *m)
{
    struct staff *before, *after;
    size_t nb, na;
    int rc;
    if ((rc = staff_list(l->db, l->o->pcn, DATE_NONE, l->a, &before, &nb, m)))
        return rc;
    struct audit_entry note;
    audit_note_cli(&note, l->a, "staff-import", "file", l->o->census,
                   json_pack("{s:s,s:s}", "kind", "workforce", "pcn", l->o->pcn));
    struct import_src src = {.name = l->o->census, .path = l->o->census, .audit = &note};
    struct import_result res;
    import_result_init(&res, IMPORT_LIST_SIZES);
    rc = staff_import_workforce(l->db, l->r, l->o->rules_dir, l->o->pcn, start, &src, l->o->now,
                                &res, m);
    long written = res.written;
    import_result_release(&res);
    if (rc)
        return rc;
    if (written == 0)
        return msg_set(m, PCN_EINVAL,
                       "%s: no ARRS staff of %s that are not in its register "
                       "already",
                       l->o->census, l->o->pcn);
    if ((rc = staff_list(l->db, l->o->pcn, DATE_NONE, l->a, &after, &na, m)))
        return rc;
    l->posts = arena_alloc(l->a, (na + 1) * sizeof *l->posts);
    for (size_t i = 0; i < na; i++) {
        bool old = false;
        for (size_t j = 0; j < nb && !old; j++)
            old = before[j].id == after[i].id;
        if (old)
            continue;
        const struct staff *s = &after[i];
        l->posts[l->nposts++] = s->id;
        if ((rc = mark(l->db, DEMO_STAFF, s->id, l->o->pcn, m)))
            return rc;
        l->c->posts++;
        /* The pay: the role's band in the rules of the year it starts. */
        const struct rules_year *y = rules_year(l->r, fy_of(s->start));
        const struct rule_role *role = y ? arrs_find_role(y, s->role) : NULL;
        const char *band = role ? lowest_band(l->a, role->band) : NULL;
        enum rule_pay_point point = POINT_SINGLE;
        if (!band || !s->nterms || !pay_point(y, band, &point))
            continue;
        struct arrs_terms t = s->terms[0];
        t.band = band;
        t.has_point = true;
        t.point = point;
        char wte[48], from[11];
        date_format_iso(t.from, from);
        snprintf(wte, sizeof wte, "%" PRId64 ".%04" PRId64, t.wte_e4 / 10000, t.wte_e4 % 10000);
        struct audit_entry tnote;
        audit_note_cli(&tnote, l->a, "staff-change", "staff", arena_printf(l->a, "%" PRId64, s->id),
                       json_pack("{s:s,s:s,s:s,s:s,s:s}", "from", from, "wte", wte, "band", band,
                                 "pay_point", rule_pay_point_name(point), "why",
                                 "demo data: pay estimated from the role's band"));
        if ((rc = staff_set_terms(l->db, l->r, s->id, &t, l->o->now, &tnote, m)))
            return rc;
        l->c->priced++;
    }
    qsort(l->posts, l->nposts, sizeof *l->posts, cmp_id);
    return 0;
}

static void ymd_of(date_t d, int *y, int *mo)
{
    int dd;
    date_to_ymd(d, y, mo, &dd);
}

static date_t day_of_month(date_t month, int after, int day)
{
    date_t d = date_add_months(month, after);
    int y, mo;
    ymd_of(d, &y, &mo);
    if (day <= 0)
        day = date_days_in_month(y, mo);
    return date_from_ymd(y, mo, day);
}

/* The last six complete months: drafted, then moved on by age (demo.h). */
static int load_claims(struct load *l, date_t this_month, struct pcn_msg *m)
{
    int rc;
    for (int ago = 6; ago >= 1; ago--) {
        date_t month = date_add_months(this_month, -ago);
        int y, mo;
        ymd_of(month, &y, &mo);
        char mtext[16];
        snprintf(mtext, sizeof mtext, "%04d-%02d", y % 10000, mo % 100);
        long drafted, unknown;
        struct audit_entry note;
        audit_note_cli(&note, l->a, "claims-draft", "pcn", l->o->pcn,
                       json_pack("{s:s}", "month", mtext));
        if ((rc = claims_draft(l->db, l->r, l->o->pcn, y, mo, &note, &drafted, &unknown, m)))
            return rc;
        l->c->claims_unknown += unknown;
        enum claim_status upto = ago >= 4   ? CLAIM_PAID
                                 : ago == 3 ? CLAIM_APPROVED
                                 : ago == 2 ? CLAIM_SUBMITTED
                                            : CLAIM_DRAFT;
        struct claim_rec *cl;
        size_t n;
        if ((rc = claims_list(l->db, l->o->pcn, fy_of(month), y, mo, l->a, &cl, &n, m)))
            return rc;
        for (size_t i = 0; i < n; i++) {
            if (!demo_has(l->posts, l->nposts, cl[i].staff_id))
                continue;
            l->c->claims++;
            static const int day[] = {
                [CLAIM_SUBMITTED] = 5, [CLAIM_APPROVED] = 20, [CLAIM_PAID] = 0};
            static const int after[] = {
                [CLAIM_SUBMITTED] = 1, [CLAIM_APPROVED] = 1, [CLAIM_PAID] = 2};
            for (int s = CLAIM_SUBMITTED; s <= (int)upto; s++) {
                date_t on = day_of_month(month, after[s], day[s]);
                pence_t amount = s == CLAIM_SUBMITTED ? -1 : cl[i].claim;
                char pounds[32];
                snprintf(pounds, sizeof pounds, "%" PRId64 ".%02" PRId64, amount / 100,
                         amount % 100);
                struct audit_entry cnote;
                audit_note_cli(&cnote, l->a, "claim-status", "staff",
                               arena_printf(l->a, "%" PRId64, cl[i].staff_id),
                               json_pack("{s:s,s:s,s:o}", "month", mtext, "status",
                                         claim_status_name((enum claim_status)s), "amount",
                                         amount >= 0 ? json_string(pounds) : json_null()));
                if ((rc = claims_advance(l->db, cl[i].staff_id, y, mo, (enum claim_status)s, on,
                                         amount, &cnote, m)))
                    return rc;
            }
        }
    }
    return 0;
}

static int add_stakeholder(struct load *l, const struct desk_stakeholder *s, int64_t *id,
                           struct pcn_msg *m)
{
    struct desk_errs e = {0};
    int rc = deskdb_save_stakeholder(l->db, &l->w, l->o->pcn, s, id, &e, m);
    if (rc == PCN_EINVAL)
        return desk_fail(&e, "stakeholder", m);
    if (!rc && !(rc = mark(l->db, DEMO_STAKEHOLDER, *id, l->o->pcn, m)))
        l->c->stakeholders++;
    return rc;
}

/* Whether the PCN's name names a local authority of the MP's ("Southampton"
 * in "SOUTHAMPTON CENTRAL PCN"), as a whole word, case aside. */
static bool names_authority(const char *pcn_name, const char *authorities)
{
    const char *p = authorities;
    while (*p) {
        size_t n = strcspn(p, "/");
        size_t lo = 0, hi = n;
        while (lo < hi && p[lo] == ' ')
            lo++;
        while (hi > lo && p[hi - 1] == ' ')
            hi--;
        size_t len = hi - lo;
        for (const char *q = pcn_name; len && *q; q++) {
            if (strncasecmp(q, p + lo, len) == 0 &&
                (q == pcn_name || !isalnum((unsigned char)q[-1])) &&
                !isalnum((unsigned char)q[len]))
                return true;
        }
        p += n;
        if (*p == '/')
            p++;
    }
    return false;
}

static int load_stakeholders(struct load *l, struct pcn_msg *m)
{
    int rc;
    struct desk_stakeholder s = {
        .name = arena_printf(l->a, "%s primary care team", l->pcn.icb.name),
        .organisation = l->pcn.icb.name,
        .kind = SH_ICB,
        .role_title = "Primary care commissioning",
        .influence = 5,
        .interest = 4,
        .notes = "Commissions the PCN DES locally; approves the "
                 "ARRS claims."};
    if ((rc = add_stakeholder(l, &s, &l->icb_sh, m)))
        return rc;
    for (size_t i = 0; i < l->pcn.npractices && i < 8; i++) {
        int64_t id;
        struct desk_stakeholder p = {
            .name = l->pcn.practices[i].name,
            .organisation = l->pcn.practices[i].name,
            .kind = SH_PRACTICE,
            .role_title = "Member practice",
            .influence = 4,
            .interest = 5,
            .notes = arena_printf(l->a, "Practice %s.", l->pcn.practices[i].code)};
        if ((rc = add_stakeholder(l, &p, &id, m)))
            return rc;
    }
    struct mp_list mps;
    if ((rc = mps_load(l->o->mps, l->a, &mps, m)))
        return rc;
    for (size_t i = 0; i < mps.n && l->nmps < ARRAY_SIZE(l->mp_sh); i++) {
        if (!names_authority(l->pcn.pcn.name, mps.v[i].local_authorities))
            continue;
        struct mp_stakeholder ms;
        mps_stakeholder(&mps.v[i], l->a, &ms);
        struct desk_stakeholder p = {.name = ms.name,
                                     .organisation = ms.organisation,
                                     .kind = SH_MP,
                                     .role_title = ms.role_title,
                                     .influence = 4,
                                     .interest = 3,
                                     .notes = ms.notes};
        if ((rc = add_stakeholder(l, &p, &l->mp_sh[l->nmps], m)))
            return rc;
        l->nmps++;
        l->c->mps++;
    }
    return 0;
}

static int add_engagement(struct load *l, const struct desk_engagement *g, struct pcn_msg *m)
{
    struct desk_errs e = {0};
    int64_t id;
    int rc = deskdb_add_engagement(l->db, &l->w, l->o->pcn, g, l->o->today, &id, &e, m);
    if (rc == PCN_EINVAL)
        return desk_fail(&e, "engagement", m);
    if (!rc && !(rc = mark(l->db, DEMO_ENGAGEMENT, id, l->o->pcn, m)))
        l->c->engagements++;
    return rc;
}

/* The CD's last four complete weeks (Monday to Sunday). */
static int load_time(struct load *l, struct pcn_msg *m)
{
    struct item {
        int day; /* 0 Monday ... 4 Friday */
        int minutes;
        enum desk_category cat;
        bool meeting;
        int weeks; /* 1: every week; 2: the weeks 0 and 2; 4: week 1 only */
        const char *title;
    };
    static const struct item week[] = {
        {0, 120, DC_PCN_OPERATIONS, true, 1, "PCN board"},
        {0, 60, DC_CLINICAL_LEADERSHIP, false, 1, "ARRS clinical leads' huddle"},
        {1, 180, DC_PRACTICES, true, 1, "Practice visits"},
        {2, 120, DC_SYSTEM_MEETINGS, true, 2, "ICB primary care meeting"},
        {2, 90, DC_PLACE_INT, true, 4, "Integrated neighbourhood team"},
        {3, 90, DC_CLINICAL_LEADERSHIP, false, 1, "Prescribing and safety review"},
        {3, 60, DC_PCN_OPERATIONS, false, 1, "ARRS claims and rotas"},
        {4, 60, DC_PRACTICES, true, 1, "Practice managers' meeting"},
        {4, 60, DC_LMC, true, 4, "LMC liaison"},
        {4, 45, DC_MP_ENGAGEMENT, true, 8, "Meeting with the local MP"},
    };
    date_t monday = desk_week_start(l->o->today) - 28;
    size_t cap = 4 * ARRAY_SIZE(week), n = 0;
    struct desk_activity *acts = arena_zalloc(l->a, cap * sizeof *acts);
    for (int wk = 0; wk < 4; wk++) {
        for (size_t i = 0; i < ARRAY_SIZE(week); i++) {
            const struct item *it = &week[i];
            bool on = it->weeks == 1 || (it->weeks == 2 && wk % 2 == 0) ||
                      (it->weeks == 4 && wk == 1) || (it->weeks == 8 && wk == 2);
            if (!on)
                continue;
            struct desk_activity *a = &acts[n++];
            *a = (struct desk_activity){.date = monday + 7 * wk + it->day,
                                        .minutes = it->minutes,
                                        .cat = it->cat,
                                        .meeting = it->meeting,
                                        .title = it->title,
                                        .note = "",
                                        .source = "demo",
                                        .uid = ""};
            if (it->cat == DC_SYSTEM_MEETINGS && l->icb_sh) {
                a->stakeholders = &l->icb_sh;
                a->nstakeholders = 1;
            } else if (it->cat == DC_MP_ENGAGEMENT && l->nmps) {
                a->stakeholders = &l->mp_sh[0];
                a->nstakeholders = 1;
            }
        }
    }
    int64_t *ids = arena_alloc(l->a, (n + 1) * sizeof *ids);
    struct desk_errs e = {0};
    int rc = deskdb_add_activities(l->db, &l->w, l->o->pcn, acts, n, l->o->today, "desk-time-add",
                                   l->a, ids, &e, m);
    if (rc == PCN_EINVAL)
        return desk_fail(&e, "time", m);
    for (size_t i = 0; !rc && i < n; i++)
        rc = mark(l->db, DEMO_ACTIVITY, ids[i], l->o->pcn, m);
    if (!rc)
        l->c->activities += (long)n;
    if (rc)
        return rc;
    /* What the meeting with the MP and the ICB's meeting left to do. */
    date_t mp_day = monday + 14 + 4, icb_day = monday + 14 + 2;
    if (l->nmps) {
        struct desk_engagement g = {.date = mp_day,
                                    .stakeholder_id = l->mp_sh[0],
                                    .purpose = "Access to general practice in the constituency",
                                    .asks = "Support for the PCN's estates bid for a shared "
                                            "clinical hub",
                                    .commitments = "Send the MP the PCN's access figures and the "
                                                   "hub's outline case",
                                    .follow_up_due = mp_day + 7,
                                    .follow_up_done = DATE_NONE};
        if ((rc = add_engagement(l, &g, m)))
            return rc;
    }
    struct desk_engagement g = {.date = icb_day,
                                .stakeholder_id = l->icb_sh,
                                .purpose = "ARRS underspend and next year's workforce plan",
                                .asks = "Confirm the ARRS maxima for this year",
                                .commitments = "Share the recruitment plan before the next "
                                               "meeting",
                                .follow_up_due = l->o->today + 7,
                                .follow_up_done = DATE_NONE};
    return add_engagement(l, &g, m);
}

static int load_requests(struct load *l, struct pcn_msg *m)
{
    date_t t = l->o->today;
    const char *icb = l->pcn.icb.name;
    const char *practice = l->pcn.npractices ? l->pcn.practices[0].name : "A member practice";
    struct desk_request rq[] = {
        {.received = t - 40,
         .requester = "Primary care commissioning team",
         .organisation = icb,
         .stakeholder_id = l->icb_sh,
         .what = "Name a PCN lead for the winter access plan",
         .due = t - 26,
         .est_minutes = 120,
         .within = WITHIN_YES,
         .decision = DEC_ACCEPT,
         .decided = t - 38,
         .outcome = "Lead named; plan returned on time",
         .done = true},
        {.received = t - 30,
         .requester = "Practice manager",
         .organisation = practice,
         .what = "Sit on the interview panel for a clinical pharmacist",
         .due = t - 16,
         .est_minutes = 180,
         .within = WITHIN_YES,
         .decision = DEC_DELEGATE,
         .decided = t - 29,
         .delegate_to = "Lead clinical pharmacist",
         .outcome = ""},
        {.received = t - 21,
         .requester = "Contracts manager",
         .organisation = icb,
         .stakeholder_id = l->icb_sh,
         .what = "Review a member practice's access figures and agree an improvement plan "
                 "with it",
         .due = t - 7,
         .est_minutes = 240,
         .within = WITHIN_NO,
         .performance_management = true,
         .decision = DEC_DECLINE,
         .decided = t - 20,
         .decline_reason = DECLINE_PERFORMANCE_MANAGEMENT,
         .decline_note = "The contract with the practice is the ICB's to manage",
         .outcome = ""},
        {.received = t - 9,
         .requester = "Director of public health",
         .organisation = "Local authority public health team",
         .what = "Join the prevention subgroup of the health and wellbeing board",
         .due = t + 12,
         .est_minutes = 360,
         .within = WITHIN_UNCLEAR,
         .decision = DEC_PENDING,
         .decided = DATE_NONE,
         .outcome = ""},
        {.received = t - 3,
         .requester = "Primary care commissioning team",
         .organisation = icb,
         .stakeholder_id = l->icb_sh,
         .what = "Comment on the draft local enhanced service",
         .due = t + 9,
         .est_minutes = 90,
         .within = WITHIN_YES,
         .decision = DEC_PENDING,
         .decided = DATE_NONE,
         .outcome = ""},
    };
    for (size_t i = 0; i < ARRAY_SIZE(rq); i++) {
        struct desk_errs e = {0};
        int64_t id;
        if (!rq[i].delegate_to)
            rq[i].delegate_to = "";
        if (!rq[i].decline_note)
            rq[i].decline_note = "";
        int rc = deskdb_save_request(l->db, &l->w, l->o->pcn, &rq[i], t, &id, &e, m);
        if (rc == PCN_EINVAL)
            return desk_fail(&e, "request", m);
        if (rc || (rc = mark(l->db, DEMO_REQUEST, id, l->o->pcn, m)))
            return rc;
        l->c->requests++;
    }
    return 0;
}

/* Monthly sessions from a fortnight after each post started; for the first
 * post whose role has a minimum in the rules (supervision.csv), the last
 * one 45 days before today, so that it is overdue. */
static int load_supervision(struct load *l, struct pcn_msg *m)
{
    struct staff *posts;
    size_t n;
    int rc = staff_list(l->db, l->o->pcn, l->o->today, l->a, &posts, &n, m);
    if (rc)
        return rc;
    /* The post left overdue: the first whose role has a minimum known. */
    struct deskrules dr;
    if ((rc = deskrules_load(l->o->rules_dir, l->a, &dr, m)))
        return rc;
    int64_t overdue_id = 0;
    for (size_t i = 0; i < n && !overdue_id; i++) {
        bool carried;
        const struct desk_sup_rule *sr = deskrules_supervision(&dr, posts[i].role, l->o->today,
                                                               &carried);
        if (demo_has(l->posts, l->nposts, posts[i].id) && sr && sr->known)
            overdue_id = posts[i].id;
    }
    for (size_t i = 0; i < n; i++) {
        if (!demo_has(l->posts, l->nposts, posts[i].id))
            continue;
        bool overdue = posts[i].id == overdue_id;
        date_t last = overdue ? l->o->today - 45 : l->o->today - 10;
        for (date_t d = posts[i].start + 14; d <= last; d += 28) {
            date_t on = d + 28 > last ? last : d;
            struct desk_sup_session s = {.staff_id = posts[i].id,
                                         .date = on,
                                         .supervisor = i % 2 ? "Lead clinical pharmacist"
                                                             : "Clinical director",
                                         .minutes = 60,
                                         .note = ""};
            struct desk_errs e = {0};
            int64_t id;
            if ((rc = desksup_add_session(l->db, &l->w, l->o->pcn, &s, l->o->today, &id, &e, m)) ==
                PCN_EINVAL)
                return desk_fail(&e, "supervision", m);
            if (rc || (rc = mark(l->db, DEMO_SESSION, id, l->o->pcn, m)))
                return rc;
            l->c->sessions++;
            if (on == last)
                break;
        }
    }
    return 0;
}

static int load_all(struct load *l, struct pcn_msg *m)
{
    int y, mo, d;
    date_to_ymd(l->o->today, &y, &mo, &d);
    date_t this_month = date_from_ymd(y, mo, 1);
    int rc;
    if ((rc = load_posts(l, date_add_months(this_month, -6), m)) ||
        (rc = load_claims(l, this_month, m)) || (rc = load_stakeholders(l, m)) ||
        (rc = load_time(l, m)) || (rc = load_requests(l, m)) || (rc = load_supervision(l, m)))
        return rc;
    struct db_stmt *st;
    if ((rc = db_cached(l->db,
                        "INSERT INTO demo_load (pcn_code, loaded_on, loaded_at) VALUES (?, ?, ?)",
                        &st, m)))
        return rc;
    db_bind_text(st, 1, l->o->pcn);
    db_bind_date(st, 2, l->o->today);
    db_bind_int(st, 3, (int64_t)l->o->now);
    if ((rc = db_run(st, m)))
        return rc;
    const struct demo_counts *c = l->c;
    return audit_cli_json(l, "demo-load", "pcn", l->o->pcn,
                          json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "posts",
                                    (json_int_t)c->posts, "priced", (json_int_t)c->priced, "claims",
                                    (json_int_t)c->claims, "activities", (json_int_t)c->activities,
                                    "stakeholders", (json_int_t)c->stakeholders, "engagements",
                                    (json_int_t)c->engagements, "requests", (json_int_t)c->requests,
                                    "sessions", (json_int_t)c->sessions),
                          m);
}

int demo_load(struct db *db, const struct rules *r, const struct demo_opts *o,
              struct demo_counts *out, struct pcn_msg *m)
{
    struct arena a;
    struct load l = {.db = db, .r = r, .o = o, .c = out, .a = &a};
    int rc;
    memset(out, 0, sizeof *out);
    if ((rc = demo_loaded(db, o->pcn, &out->already, &out->loaded_on, m)) || out->already)
        return rc;
    arena_init(&a, 64 * 1024);
    deskdb_actor_cli(&l.w, o->now);
    if ((rc = deskdb_check_pcn(db, o->pcn, m)) ||
        (rc = registry_pcn(db, o->pcn, o->today, &a, &l.pcn, m)))
        goto out;
    if ((rc = db_hold(db, m)))
        goto out;
    rc = load_all(&l, m);
    int rc2 = db_hold_end(db, rc == 0, m);
    if (!rc)
        rc = rc2;
    audit_settle(db);
    if (rc) {
        struct demo_counts none = {0};
        *out = none;
    }
out:
    arena_release(&a);
    return rc;
}
