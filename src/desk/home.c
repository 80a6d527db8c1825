#include "common.h"
#include "home.h"
#include "network.h"
#include "buf.h"
#include "db.h"
#include "desk.h"
#include "deskdb.h"
#include "desksup.h"
#include "entitle.h"
#include "funding.h"
#include "override.h"
#include "registry.h"
#include "staff.h"
#include "strmap.h"
#include "trail.h"

static const struct {
    const char *id, *title;
} sections[HS_COUNT] = {
    [HS_CLAIMS] = {"claims", "ARRS claims"},
    [HS_MONEY] = {"money", "Money due this month"},
    [HS_REQUESTS] = {"requests", "Requests awaiting a decision"},
    [HS_FOLLOWUPS] = {"follow-ups", "Follow-ups due"},
    [HS_ACTIONS] = {"actions", "The network's actions due"},
    [HS_SUPERVISION] = {"supervision", "Supervision overdue"},
    [HS_NOT_KNOWN] = {"not-known", "Figures the rules do not know"},
    [HS_DEADLINES] = {"deadlines", "Declarations and deadlines this year"},
};

const char *home_section_id(enum home_section s)
{
    return sections[s].id;
}
const char *home_section_title(enum home_section s)
{
    return sections[s].title;
}

struct items {
    struct home_item *v;
    size_t n, cap;
    struct arena *a;
};

static struct home_item *add(struct items *it, enum home_section s, const char *text,
                             const char *href, const char *action)
{
    if (it->n == it->cap)
        it->v = arena_grow(it->a, it->v, it->n, &it->cap, sizeof *it->v);
    struct home_item *x = &it->v[it->n++];
    *x = (struct home_item){.section = s,
                            .text = text,
                            .href = href,
                            .action = action,
                            .due = DATE_NONE,
                            .state = "To do",
                            .amount = -1};
    return x;
}

static const char *month_words(struct arena *a, int y, int mo)
{
    return arena_printf(a, "%s %d", date_month_name(mo), y);
}

static const char *count_words(struct arena *a, int64_t n, const char *one, const char *many)
{
    struct buf b;
    buf_init(&b, 128);
    buf_add_count(&b, n, one, many);
    const char *s = arena_strdup(a, b.buf);
    buf_release(&b);
    return s;
}

static const char *role_words(const struct rules *r, const char *role, date_t on)
{
    const struct rules_year *y = rules_year(r, fy_of(on));
    for (size_t i = 0; y && i < y->nroles; i++)
        if (strcmp(y->roles[i].id, role) == 0)
            return y->roles[i].name;
    return role;
}

static bool in_post_between(const struct staff *s, date_t from, date_t to)
{
    return s->start <= to && (s->end == DATE_NONE || s->end >= from);
}

/* ---- a PCN --------------------------------------------------------------- */

static int pcn_claims(struct db *db, const char *pcn, struct home_pcn *h, struct items *it,
                      struct arena *a, struct pcn_msg *m)
{
    date_t first = date_from_ymd(h->last_year, h->last_month, 1);
    date_t last = date_add_months(first, 1) - 1;
    struct staff *st;
    struct claim_rec *cl, *yc;
    size_t ns, nc, nyc;
    int rc;
    if ((rc = staff_list(db, pcn, first, a, &st, &ns, m)) ||
        (rc = claims_list(db, pcn, fy_of(first), h->last_year, h->last_month, a, &cl, &nc, m)) ||
        (rc = claims_list(db, pcn, fy_of(h->today), 0, 0, a, &yc, &nyc, m)))
        return rc;
    if (fy_of(first) != fy_of(h->today)) {
        /* in April: March's year, whose claims may still be waiting */
        struct claim_rec *pc;
        size_t npc;
        if ((rc = claims_list(db, pcn, fy_of(first), 0, 0, a, &pc, &npc, m)))
            return rc;
        struct claim_rec *all = arena_alloc(a, (nyc + npc + 1) * sizeof *all);
        if (nyc)
            memcpy(all, yc, nyc * sizeof *all);
        if (npc)
            memcpy(all + nyc, pc, npc * sizeof *all);
        yc = all;
        nyc += npc;
    }
    int64_t posts = 0, drafts = 0;
    for (size_t i = 0; i < ns; i++) {
        if (!in_post_between(&st[i], first, last))
            continue;
        const struct claim_rec *c = NULL;
        for (size_t k = 0; k < nc; k++)
            if (cl[k].staff_id == st[i].id)
                c = &cl[k];
        if (c && c->status != CLAIM_DRAFT)
            continue;
        posts++;
        drafts += c != NULL;
    }
    h->claims_to_submit = posts;
    const char *href = arena_printf(a, "/pcn/%s/arrs/claims?month=%04d-%02d", pcn, h->last_year,
                                    h->last_month);
    if (posts) {
        const char *what = arena_printf(a, "%s for %s not yet submitted%s",
                                        count_words(a, posts, "post's claim", "posts' claims"),
                                        month_words(a, h->last_year, h->last_month),
                                        drafts == posts ? " (drafted)"
                                        : drafts
                                            ? arena_printf(a, " (%lld drafted)", (long long)drafts)
                                            : " (none drafted yet)");
        add(it, HS_CLAIMS, what, href,
            arena_printf(a, "Claims for %s", month_words(a, h->last_year, h->last_month)));
    }
    /* approved or submitted, not yet paid: money due to come */
    int64_t waiting = 0;
    pence_t sum = 0;
    for (size_t k = 0; k < nyc; k++)
        if (yc[k].status == CLAIM_SUBMITTED || yc[k].status == CLAIM_APPROVED) {
            waiting++;
            sum += yc[k].status == CLAIM_APPROVED && yc[k].approved >= 0 ? yc[k].approved
                                                                         : yc[k].claim;
        }
    if (waiting) {
        struct home_item *x = add(it, HS_CLAIMS,
                                  arena_printf(a, "%s submitted or approved and not yet paid",
                                               count_words(a, waiting, "claim", "claims")),
                                  arena_printf(a, "/pcn/%s/arrs", pcn), "The year's ARRS position");
        x->amount = sum;
        x->state = "Waiting";
    }
    return 0;
}

static void pcn_money(struct db *db, const struct rules *r, const char *pcn, struct home_pcn *h,
                      struct items *it, struct arena *a)
{
    struct pcn_msg m = {0};
    struct ent_input in;
    struct ent_result res;
    fy_t fy = fy_of(h->today);
    int y, mo, d;
    date_to_ymd(h->today, &y, &mo, &d);
    if (funding_compute(db, r, pcn, fy, a, &in, &res, &m)) {
        struct home_item *x = add(
            it, HS_MONEY, arena_printf(a, "This month's payments cannot be worked out: %s", m.text),
            arena_printf(a, "/pcn/%s/funding", pcn), "Funding");
        x->state = "Not known";
        return;
    }
    int idx = (mo + 8) % 12; /* April is 0 */
    char fyw[8];
    fy_format(fy, fyw);
    struct home_item *x = add(
        it, HS_MONEY,
        arena_printf(a, "PCN DES payments for %s%s%s", month_words(a, y, mo),
                     res.estimate ? " (an estimate)" : "",
                     res.nmissing
                         ? arena_printf(a, "; %s of %s not known, so not included",
                                        count_words(a, (int64_t)res.nmissing, "stream", "streams"),
                                        fyw)
                         : ""),
        arena_printf(a, "/pcn/%s/funding", pcn), "Funding and its working");
    x->amount = res.monthly_total[idx];
    x->state = res.conf == CONF_CARRIED ? "Provisional" : res.estimate ? "Estimate" : "Due";
    x->confidence = conf_name(res.conf);
    for (size_t i = 0; i < res.nmissing; i++) {
        struct home_item *k = add(
            it, HS_NOT_KNOWN,
            arena_printf(a, "The rate of %s for %s is not known: %s", res.missing[i].rule->name,
                         fyw, res.missing[i].reason),
            arena_printf(a, "/pcn/%s/rules#add", pcn), "Enter the PCN's own figure");
        k->state = "Not known";
    }
}

static int pcn_desk(struct db *db, const struct deskrules *dr, const struct rules *r,
                    const char *pcn, struct home_pcn *h, struct items *it, struct arena *a,
                    struct pcn_msg *m)
{
    struct desk_request *rq;
    struct desk_engagement *g;
    size_t nr, ng;
    int rc;
    if ((rc = deskdb_requests(db, pcn, a, &rq, &nr, m)) ||
        (rc = deskdb_engagements(db, pcn, h->today, a, &g, &ng, m)))
        return rc;
    /* oldest first: the store gives newest first */
    for (size_t i = nr; i-- > 0;) {
        if (rq[i].decision != DEC_PENDING)
            continue;
        struct home_item *x = add(
            it, HS_REQUESTS, arena_printf(a, "%s asks: %s", rq[i].requester, rq[i].what),
            arena_printf(a, "/pcn/%s/desk/requests/%lld", pcn, (long long)rq[i].id), "Decide");
        x->due = rq[i].due;
        x->state = rq[i].due != DATE_NONE && rq[i].due < h->today    ? "Overdue"
                   : rq[i].due != DATE_NONE && rq[i].due == h->today ? "Due today"
                                                                     : "To decide";
    }
    for (size_t i = 0; i < ng; i++) {
        enum desk_followup f = desk_followup_state(&g[i], h->today);
        bool soon = f == FU_OPEN && g[i].follow_up_due != DATE_NONE &&
                    g[i].follow_up_due <= h->today + HOME_FOLLOWUP_AHEAD_DAYS;
        if (f != FU_OVERDUE && f != FU_DUE_TODAY && !soon)
            continue;
        struct home_item *x = add(
            it, HS_FOLLOWUPS,
            arena_printf(a, "Follow up with %s: %s", g[i].stakeholder_name, g[i].purpose),
            arena_printf(a, "/pcn/%s/desk/stakeholders#engagement", pcn), "Engagement log");
        x->due = g[i].follow_up_due;
        x->state = soon ? "Coming up" : desk_followup_label(f);
    }
    /* The network's actions: overdue, due today or within the week. */
    struct network_action *act;
    size_t nact;
    if ((rc = network_actions_due(db, pcn, h->today, HOME_FOLLOWUP_AHEAD_DAYS, a, &act, &nact, m)))
        return rc;
    for (size_t i = 0; i < nact; i++) {
        bool board = act[i].area == NETWORK_BOARD;
        struct home_item *x = add(
            it, HS_ACTIONS,
            arena_printf(a, "%s (%s, owner %s)", act[i].what,
                         board ? "the network's board" : "the neighbourhood team", act[i].owner),
            arena_printf(a, board ? "/pcn/%s/decisions#actions" : "/pcn/%s/neighbourhood#meetings",
                         pcn),
            board ? "The board's actions" : "The neighbourhood team's actions");
        x->due = act[i].due;
        x->state = act[i].due < h->today    ? "Overdue"
                   : act[i].due == h->today ? "Due today"
                                            : "Coming up";
    }
    struct desk_supervision sv;
    if ((rc = desksup_load(db, dr, r, pcn, h->today, a, &sv, m)))
        return rc;
    for (size_t i = 0; i < sv.n; i++) {
        const struct desk_sup_row *s = &sv.rows[i];
        if (s->st.state != SUP_OVERDUE)
            continue;
        struct home_item *x = add(
            it, HS_SUPERVISION,
            arena_printf(a, "%s (%s): supervision %s overdue%s", s->name, s->role_name,
                         count_words(a, s->st.days_overdue, "day", "days"),
                         s->st.last == DATE_NONE ? ", none logged" : ""),
            arena_printf(a, "/pcn/%s/desk/supervision", pcn), "Log supervision");
        x->due = s->st.due;
        x->state = "Overdue";
    }
    return 0;
}

static int pcn_not_known(struct db *db, const struct rules *r, const char *pcn, struct home_pcn *h,
                         struct items *it, struct arena *a, struct pcn_msg *m)
{
    const struct rules *lr;
    struct staff *st;
    size_t ns;
    int rc;
    if ((rc = override_rules(db, r, pcn, h->today, a, &lr, m)) ||
        (rc = staff_list(db, pcn, h->today, a, &st, &ns, m)))
        return rc;
    for (size_t i = 0; i < ns; i++) {
        if (!in_post_between(&st[i], h->today, h->today) ||
            home_max_known(lr, st[i].role, h->today))
            continue;
        bool seen = false;
        for (size_t k = 0; k < i; k++)
            seen |= strcmp(st[k].role, st[i].role) == 0 &&
                    in_post_between(&st[k], h->today, h->today);
        if (seen)
            continue;
        struct home_item *x = add(
            it, HS_NOT_KNOWN,
            arena_printf(a,
                         "The maximum reimbursable amount for a %s is not known, so its "
                         "claims cannot be worked out",
                         role_words(lr, st[i].role, h->today)),
            arena_printf(a, "/pcn/%s/rules?what=arrs_maxima%%7C%s%%2Fnational#add", pcn,
                         st[i].role),
            "Enter it from the claim statement");
        x->state = "Not known";
    }
    return 0;
}

static const char *deadline_href(struct arena *a, const char *pcn, const char *page)
{
    if (!strcmp(page, "arrs_claims"))
        return arena_printf(a, "/pcn/%s/arrs/claims", pcn);
    if (!strcmp(page, "none"))
        return NULL;
    return arena_printf(a, "/pcn/%s/%s", pcn, page);
}

static void pcn_deadlines(const struct deskrules *dr, const char *pcn, struct home_pcn *h,
                          struct items *it, struct arena *a)
{
    fy_t fy = fy_of(h->today);
    /* those still to come first, by date; then those passed */
    for (size_t k = 0; dr && k < 2 * dr->ndeadlines; k++) {
        bool passed_pass = k >= dr->ndeadlines;
        const struct desk_deadline *d = &dr->deadlines[k % dr->ndeadlines];
        if (d->fy != fy || (d->to < h->today) != passed_pass)
            continue;
        const char *href = deadline_href(a, pcn, d->page);
        static const struct {
            const char *page, *words;
        } words[] = {{"arrs_claims", "ARRS claims"},
                     {"arrs", "ARRS position"},
                     {"funding", "Funding"},
                     {"iif", "IIF"},
                     {"desk", "Desk"},
                     {"rules", "The PCN's own figures"}};
        const char *action = NULL;
        for (size_t w = 0; w < ARRAY_SIZE(words); w++)
            if (!strcmp(words[w].page, d->page))
                action = words[w].words;
        struct home_item *x = add(it, HS_DEADLINES, d->what, href, action);
        x->due = d->to;
        x->state = d->to < h->today ? "Passed" : d->from > h->today ? "Not open yet" : "Open";
        x->source = d->cite;
        x->tags = d->sources;
        x->confidence = conf_name(d->conf);
    }
}

static int cmp_items(const void *x, const void *y)
{
    const struct home_item *a = x, *b = y;
    if (a->section != b->section)
        return a->section < b->section ? -1 : 1;
    return 0;
}

int home_pcn(struct db *db, const struct rules *r, const struct deskrules *dr, const char *pcn,
             date_t today, struct arena *a, struct home_pcn *out, struct pcn_msg *m)
{
    struct items it = {.a = a};
    struct org_info info;
    int rc, d;
    *out = (struct home_pcn){.pcn = pcn, .name = pcn, .today = today};
    if ((rc = registry_org(db, pcn, today, a, &info, m)))
        return rc;
    if (info.name)
        out->name = info.name;
    date_to_ymd(date_add_months(today, -1), &out->last_year, &out->last_month, &d);
    if ((rc = pcn_claims(db, pcn, out, &it, a, m)))
        return rc;
    if (r)
        pcn_money(db, r, pcn, out, &it, a);
    else
        out->problem = "The NHS rules cannot be read just now, so the money due and the "
                       "figures not known are left out.";
    if ((rc = pcn_desk(db, dr, r, pcn, out, &it, a, m)))
        return rc;
    if (r && (rc = pcn_not_known(db, r, pcn, out, &it, a, m)))
        return rc;
    pcn_deadlines(dr, pcn, out, &it, a);
    /* stable by section: insertion order kept within one */
    for (size_t i = 1; i < it.n; i++)
        for (size_t k = i; k > 0 && cmp_items(&it.v[k - 1], &it.v[k]) > 0; k--) {
            struct home_item t = it.v[k];
            it.v[k] = it.v[k - 1];
            it.v[k - 1] = t;
        }
    out->items = it.v;
    out->n = it.n;
    for (size_t i = 0; i < it.n; i++)
        if (strcmp(it.v[i].state, "Passed") != 0 && strcmp(it.v[i].state, "Not open yet") != 0)
            out->count[it.v[i].section]++;
    return 0;
}

/* ---- admin --------------------------------------------------------------- */

int home_admin(struct db *db, const struct rules *r, const char *rules_problem,
               const char *desk_rules_problem, date_t today, time_t now, struct arena *a,
               struct home_admin *out, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc, y, mo, d;
    *out = (struct home_admin){.today = today,
                               .registry = DATE_NONE,
                               .list_sizes = DATE_NONE,
                               .rules_problem = rules_problem,
                               .desk_rules_problem = desk_rules_problem};
    if ((rc = db_cached(db, "SELECT kind, MAX(extract_date) FROM publication GROUP BY kind", &st,
                        m)))
        return rc;
    while ((rc = db_step(st, m)) == 1) {
        date_t t;
        const char *s = db_col_text(st, 1);
        if (!s || date_parse_iso(s, strlen(s), &t))
            continue;
        if (!strcmp(db_col_text(st, 0), "registry"))
            out->registry = t;
        else
            out->list_sizes = t;
    }
    db_reset(st);
    if (rc < 0)
        return rc;
    date_to_ymd(date_add_months(today, -2), &y, &mo, &d);
    date_t before = date_from_ymd(y, mo, 1);
    out->registry_old = out->registry == DATE_NONE || out->registry < before;
    out->list_sizes_old = out->list_sizes == DATE_NONE || out->list_sizes < before;

    if ((rc = db_cached(db,
                        "SELECT COUNT(*), SUM(disabled), "
                        "SUM(CASE WHEN last_login_at IS NULL THEN 1 ELSE 0 END) FROM app_user",
                        &st, m)))
        return rc;
    if ((rc = db_step(st, m)) == 1) {
        out->users = db_col_int(st, 0);
        out->disabled = db_col_null(st, 1) ? 0 : db_col_int(st, 1);
        out->never_signed_in = db_col_null(st, 2) ? 0 : db_col_int(st, 2);
    }
    db_reset(st);
    if (rc < 0)
        return rc;
    if ((rc = db_cached(
             db,
             "SELECT email, id FROM app_user WHERE last_login_at IS NULL AND disabled = 0 "
             "ORDER BY email LIMIT 50",
             &st, m)))
        return rc;
    out->never = arena_alloc(a, HOME_MAX_ITEMS * sizeof *out->never);
    out->never_ids = arena_alloc(a, HOME_MAX_ITEMS * sizeof *out->never_ids);
    while ((rc = db_step(st, m)) == 1 && out->nnever < HOME_MAX_ITEMS) {
        out->never_ids[out->nnever] = db_col_int(st, 1);
        out->never[out->nnever++] = db_col_strdup(a, st, 0);
    }
    db_reset(st);
    if (rc < 0)
        return rc;
    if ((rc = db_cached(db,
                        "SELECT COUNT(*) FROM password_reset WHERE used_at IS NULL AND "
                        "expires_at > ?",
                        &st, m)))
        return rc;
    db_bind_int(st, 1, (int64_t)now);
    if ((rc = db_step(st, m)) == 1)
        out->resets_open = db_col_int(st, 0);
    db_reset(st);
    if (rc < 0)
        return rc;

    if (r) {
        fy_t fy = fy_of(today);
        const struct rules_year *yr = rules_year(r, fy), *next = rules_year(r, fy + 1);
        out->year_missing = !yr || yr->missing;
        out->next_year_missing = !next || next->missing;
        for (size_t i = 0; yr && !yr->missing && i < yr->nrates; i++) {
            out->carried += yr->rates[i].m.conf == CONF_CARRIED;
            out->not_known += !yr->rates[i].known && !yr->rates[i].alternative;
        }
        for (size_t i = 0; yr && !yr->missing && i < yr->nmaxima; i++) {
            out->carried += yr->maxima[i].m.conf == CONF_CARRIED;
            out->not_known += !yr->maxima[i].known;
        }
        for (size_t i = 0; yr && !yr->missing && i < yr->npay; i++)
            out->carried += yr->pay[i].m.conf == CONF_CARRIED;
    }
    return 0;
}

/* ---- JSON ---------------------------------------------------------------- */

static json_t *jdate(date_t t)
{
    if (t == DATE_NONE)
        return json_null();
    char s[11];
    date_format_iso(t, s);
    return json_string(s);
}

static json_t *jstr(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *home_pcn_json(const struct home_pcn *h)
{
    json_t *secs = json_object();
    for (int s = 0; s < HS_COUNT; s++) {
        json_t *items = json_array();
        for (size_t i = 0; i < h->n; i++) {
            const struct home_item *x = &h->items[i];
            if ((int)x->section != s)
                continue;
            json_t *o = json_pack("{s:s,s:o,s:o,s:o,s:s}", "text", x->text, "href", jstr(x->href),
                                  "action", jstr(x->action), "due", jdate(x->due), "state",
                                  x->state);
            json_object_set_new(o, "amount_pence",
                                x->amount >= 0 ? json_integer(x->amount) : json_null());
            if (x->source)
                json_object_set_new(o, "source", json_string(x->source));
            if (x->confidence)
                json_object_set_new(o, "confidence", json_string(x->confidence));
            json_array_append_new(items, o);
        }
        json_object_set_new(secs, home_section_id((enum home_section)s),
                            json_pack("{s:s,s:I,s:o}", "title",
                                      home_section_title((enum home_section)s), "to_do",
                                      (json_int_t)h->count[s], "items", items));
    }
    char mon[16];
    snprintf(mon, sizeof mon, "%04d-%02d", h->last_year, h->last_month);
    return json_pack("{s:s,s:s,s:s,s:o,s:s,s:I,s:o,s:o}", "role", "pcn", "pcn", h->pcn, "name",
                     h->name, "today", jdate(h->today), "claims_month", mon, "claims_to_submit",
                     (json_int_t)h->claims_to_submit, "problem", jstr(h->problem), "sections",
                     secs);
}

json_t *home_icb_json(const struct home_icb *h)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < h->n; i++) {
        const struct home_icb_row *r = &h->rows[i];
        json_array_append_new(
            rows,
            json_pack("{s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:b,s:I}", "pcn", r->pcn, "name",
                      r->name ? r->name : r->pcn, "posts", (json_int_t)r->posts, "claims_to_submit",
                      (json_int_t)r->to_submit, "claims_awaiting_payment", (json_int_t)r->awaiting,
                      "awaiting_pence", (json_int_t)r->awaiting_pence, "claimed_this_year_pence",
                      (json_int_t)r->claimed, "unclaimed_post_months",
                      (json_int_t)r->unclaimed_months, "underspend_risk", r->risk,
                      "maxima_not_known", (json_int_t)r->not_known));
    }
    char mon[16];
    snprintf(mon, sizeof mon, "%04d-%02d", h->last_year, h->last_month);
    return json_pack("{s:s,s:s,s:s,s:o,s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:o}", "role", "icb", "icb",
                     h->icb, "name", h->name, "today", jdate(h->today), "claims_month", mon,
                     "pcns_with_claims_to_submit", (json_int_t)h->to_submit,
                     "pcns_with_claims_awaiting_payment", (json_int_t)h->awaiting, "awaiting_pence",
                     (json_int_t)h->awaiting_pence, "pcns_at_risk", (json_int_t)h->at_risk,
                     "pcns_with_maxima_not_known", (json_int_t)h->with_not_known, "rates_not_known",
                     (json_int_t)h->streams_not_known, "pcns", rows);
}

json_t *home_admin_json(const struct home_admin *h)
{
    json_t *never = json_array();
    for (size_t i = 0; i < h->nnever; i++)
        json_array_append_new(never, json_string(h->never[i]));
    return json_pack(
        "{s:s,s:o,s:{s:o,s:b,s:o,s:b},s:{s:I,s:I,s:I,s:I,s:o},s:{s:o,s:o,s:b,s:b,s:I,s:I}}", "role",
        "admin", "today", jdate(h->today), "imports", "registry", jdate(h->registry),
        "registry_old", h->registry_old, "list_sizes", jdate(h->list_sizes), "list_sizes_old",
        h->list_sizes_old, "users", "accounts", (json_int_t)h->users, "disabled",
        (json_int_t)h->disabled, "never_signed_in", (json_int_t)h->never_signed_in,
        "reset_links_open", (json_int_t)h->resets_open, "never_signed_in_emails", never, "rules",
        "problem", jstr(h->rules_problem), "desk_problem", jstr(h->desk_rules_problem),
        "year_missing", h->year_missing, "next_year_missing", h->next_year_missing, "carried",
        (json_int_t)h->carried, "not_known", (json_int_t)h->not_known);
}
