#include "common.h"
#include "arrs.h"
#include "buf.h"

static const char *const emp_names[] = {
    [EMP_EMPLOYED] = "employed",
    [EMP_LEAD_PRACTICE] = "lead_practice",
    [EMP_SUBCONTRACTED] = "subcontracted",
    [EMP_MHP_SHARED] = "mhp_shared",
};

const char *arrs_employment_name(enum arrs_employment e)
{
    return (size_t)e < ARRAY_SIZE(emp_names) ? emp_names[e] : "?";
}

int arrs_employment_parse(const char *s, enum arrs_employment *out)
{
    for (size_t i = 0; i < ARRAY_SIZE(emp_names); i++)
        if (s && strcmp(s, emp_names[i]) == 0) {
            *out = (enum arrs_employment)i;
            return 0;
        }
    return PCN_EINVAL;
}

int arrs_zone_parse(const char *s, enum rule_area *out)
{
    static const enum rule_area areas[] = {AREA_NATIONAL, AREA_OUTER_LONDON, AREA_INNER_LONDON};
    for (size_t i = 0; i < ARRAY_SIZE(areas); i++)
        if (s && strcmp(s, rule_area_name(areas[i])) == 0) {
            *out = areas[i];
            return 0;
        }
    return PCN_EINVAL;
}

int arrs_pay_point_parse(const char *s, enum rule_pay_point *out)
{
    static const enum rule_pay_point pts[] = {POINT_SINGLE, POINT_ENTRY, POINT_INTERMEDIATE,
                                              POINT_TOP};
    for (size_t i = 0; i < ARRAY_SIZE(pts); i++)
        if (s && strcmp(s, rule_pay_point_name(pts[i])) == 0) {
            *out = pts[i];
            return 0;
        }
    return PCN_EINVAL;
}

static bool holds(const struct rule_meta *m, date_t on)
{
    return m->from != DATE_NONE && m->from <= on && on <= m->to;
}

const struct rule_role *arrs_find_role(const struct rules_year *y, const char *role)
{
    for (size_t i = 0; i < y->nroles; i++)
        if (strcmp(y->roles[i].id, role) == 0)
            return &y->roles[i];
    return NULL;
}

static const struct rule_max *find_max_area(const struct rules_year *y, const char *role,
                                            enum rule_area zone, date_t on)
{
    for (size_t i = 0; i < y->nmaxima; i++) {
        const struct rule_max *x = &y->maxima[i];
        if (x->known && x->area == zone && strcmp(x->role, role) == 0 && holds(&x->m, on))
            return x;
    }
    return NULL;
}

const struct rule_max *arrs_find_max(const struct rules_year *y, const char *role,
                                     enum rule_area zone, date_t on, bool *fallback)
{
    const struct rule_max *x = find_max_area(y, role, zone, on);
    *fallback = false;
    if (!x && zone != AREA_NATIONAL) {
        x = find_max_area(y, role, AREA_NATIONAL, on);
        *fallback = x != NULL;
    }
    return x;
}

static const struct rule_pay *find_pay(const struct rules_year *y, const char *band,
                                       enum rule_pay_point point, date_t on)
{
    for (size_t i = 0; i < y->npay; i++) {
        const struct rule_pay *p = &y->pay[i];
        if (p->point == point && strcmp(p->band, band) == 0 && holds(&p->m, on))
            return p;
    }
    /* A band with a single point has no entry, intermediate or top. */
    for (size_t i = 0; i < y->npay; i++) {
        const struct rule_pay *p = &y->pay[i];
        if (p->point == POINT_SINGLE && strcmp(p->band, band) == 0 && holds(&p->m, on))
            return p;
    }
    return NULL;
}

static const struct rule_oncost_row *find_oncost(const struct rules_year *y, enum rule_oncost item,
                                                 date_t on)
{
    for (size_t i = 0; i < y->noncosts; i++) {
        const struct rule_oncost_row *o = &y->oncosts[i];
        if (o->item == item && o->known && holds(&o->m, on))
            return o;
    }
    return NULL;
}

/* The terms holding on a date: the last with from <= on. */
static const struct arrs_terms *terms_on(const struct arrs_post *p, date_t on)
{
    const struct arrs_terms *t = NULL;
    for (size_t i = 0; i < p->nterms; i++)
        if (p->terms[i].from <= on)
            t = &p->terms[i];
    return t;
}

static char *money_text(struct arena *a, pence_t v)
{
    struct buf b;
    buf_init(&b, 64);
    money_add_display(&b, v);
    char *s = arena_strdup(a, b.buf);
    buf_release(&b);
    return s;
}

static char *wte_text(struct arena *a, int64_t wte_e4)
{
    struct buf b;
    buf_init(&b, 64);
    fixed_add(&b, wte_e4, 4, 1, false);
    char *s = arena_strdup(a, b.buf);
    buf_release(&b);
    return s;
}

/* The annual cost of terms t on date `on`; steps go to the trail once per
 * distinct terms.  Returns false (with the reason in the trail) when the
 * cost cannot be worked out. */
static bool annual_cost(const struct rules_year *y, const struct arrs_terms *t, date_t on,
                        struct arena *a, struct trail *tr, bool say, bool *estimate,
                        enum confidence *conf, pence_t *out)
{
    if (t->has_cost) {
        if (say)
            trail_add(tr, "arrs.cost.entered", TRAIL_PENCE, t->cost, NULL, CONF_NONE,
                      arena_printf(a, "Annual cost entered: %s (salary and on-costs)",
                                   money_text(a, t->cost)));
        *out = t->cost;
        return true;
    }
    pence_t salary;
    if (t->has_salary) {
        salary = t->salary;
        if (say)
            trail_add(tr, "arrs.salary.entered", TRAIL_PENCE, salary, NULL, CONF_NONE,
                      arena_printf(a, "Salary entered: %s a year at %s WTE", money_text(a, salary),
                                   wte_text(a, t->wte_e4)));
    } else if (t->band && t->has_point) {
        const struct rule_pay *p = find_pay(y, t->band, t->point, on);
        if (!p) {
            trail_add(tr, "arrs.salary.unknown", TRAIL_NONE, 0, NULL, CONF_UNCONFIRMED,
                      arena_printf(a,
                                   "No Agenda for Change pay for band %s, %s point, in the "
                                   "rules: enter the salary or the annual cost",
                                   t->band, rule_pay_point_name(t->point)));
            return false;
        }
        salary = money_div_round(p->annual * t->wte_e4, WTE_WHOLE, ROUND_HALF_UP);
        *conf = conf_weakest(*conf, p->m.conf);
        if (say)
            trail_add(tr, "arrs.salary.afc", TRAIL_PENCE, salary, rule_cite(a, &p->m), p->m.conf,
                      arena_printf(a, "Salary: AfC band %s %s point %s × %s WTE = %s a year",
                                   t->band, rule_pay_point_name(t->point), money_text(a, p->annual),
                                   wte_text(a, t->wte_e4), money_text(a, salary)));
    } else {
        trail_add(tr, "arrs.salary.missing", TRAIL_NONE, 0, NULL, CONF_UNCONFIRMED,
                  "No salary, pay point or annual cost: enter one");
        return false;
    }
    pence_t oncost = 0;
    if (t->has_oncost) {
        oncost = t->oncost;
        if (say)
            trail_add(tr, "arrs.oncost.entered", TRAIL_PENCE, oncost, NULL, CONF_NONE,
                      arena_printf(a, "On-costs entered: %s a year", money_text(a, oncost)));
    } else {
        const struct rule_oncost_row *pen = find_oncost(y, ONCOST_PENSION_RATE, on);
        const struct rule_oncost_row *ni = find_oncost(y, ONCOST_NI_RATE, on);
        const struct rule_oncost_row *thr = find_oncost(y, ONCOST_NI_THRESHOLD, on);
        if (pen) {
            pence_t v = money_div_round(salary * pen->value, BP_WHOLE, ROUND_HALF_UP);
            oncost += v;
            *conf = conf_weakest(*conf, pen->m.conf);
            if (say)
                trail_add(tr, "arrs.oncost.pension", TRAIL_PENCE, v, rule_cite(a, &pen->m),
                          pen->m.conf,
                          arena_printf(
                              a, "Employer pension: %s × %" PRId64 ".%02" PRId64 "%% = %s a year",
                              money_text(a, salary), pen->value / 100, pen->value % 100,
                              money_text(a, v)));
        } else {
            *estimate = true;
            if (say)
                trail_add(tr, "arrs.oncost.pension.unknown", TRAIL_NONE, 0, NULL, CONF_UNCONFIRMED,
                          "Employer pension not included: its rate is not in the rules");
        }
        if (ni && thr) {
            pence_t above = salary > thr->value ? salary - thr->value : 0;
            pence_t v = money_div_round(above * ni->value, BP_WHOLE, ROUND_HALF_UP);
            oncost += v;
            *conf = conf_weakest(*conf, conf_weakest(ni->m.conf, thr->m.conf));
            if (say)
                trail_add(tr, "arrs.oncost.ni", TRAIL_PENCE, v, rule_cite(a, &ni->m),
                          conf_weakest(ni->m.conf, thr->m.conf),
                          arena_printf(a,
                                       "Employer NI: %" PRId64 ".%02" PRId64 "%% of %s above "
                                       "the %s threshold = %s a year",
                                       ni->value / 100, ni->value % 100, money_text(a, salary),
                                       money_text(a, thr->value), money_text(a, v)));
        } else {
            *estimate = true;
            if (say)
                trail_add(tr, "arrs.oncost.ni.unknown", TRAIL_NONE, 0, NULL, CONF_UNCONFIRMED,
                          "Employer National Insurance not included: its rate or threshold "
                          "is not in the rules (enter the on-costs to include it)");
        }
    }
    *out = salary + oncost;
    if (say)
        trail_add(tr, "arrs.cost.annual", TRAIL_PENCE, *out, NULL, CONF_NONE,
                  arena_printf(a, "Annual cost: %s", money_text(a, *out)));
    return true;
}

/* The earlier of n and a row's first or next-after-last day, if after d. */
static date_t sooner(date_t n, date_t d, const struct rule_meta *m)
{
    if (m->from != DATE_NONE && m->from > d && m->from < n)
        n = m->from;
    if (m->to + 1 > d && m->to + 1 < n)
        n = m->to + 1;
    return n;
}

/* Next day after d on which the terms, the maximum, a pay point or an
 * on-cost may change: the start of the next terms, the day after the
 * current maximum row ends, the first day of another on-cost or pay row
 * (employer NI changes on 6 April, with the tax year, not on 1 April). */
static date_t next_change(const struct rules_year *y, const struct arrs_post *p,
                          const struct rule_max *x, date_t d, date_t last)
{
    date_t n = last + 1;
    for (size_t i = 0; i < p->nterms; i++)
        if (p->terms[i].from > d && p->terms[i].from < n)
            n = p->terms[i].from;
    if (x)
        n = sooner(n, d, &x->m);
    for (size_t i = 0; i < y->noncosts; i++)
        n = sooner(n, d, &y->oncosts[i].m);
    for (size_t i = 0; i < y->npay; i++)
        n = sooner(n, d, &y->pay[i].m);
    return n;
}

/* A post whose role the year's rules do not have, or with no terms: not
 * a refusal, the claim is not known and says why. */
static void role_unknown(const struct arrs_post *p, const struct rule_role *role, date_t first,
                         date_t last, const char *fyl, struct arena *a, struct arrs_claim *out)
{
    /* Not a refusal: the claim is not known, and says why. */
    out->known = false;
    out->conf = CONF_UNCONFIRMED;
    out->why = !role ? arena_printf(a, "%s is not an ARRS role of %s", p->role, fyl)
                     : "no hours or pay recorded";
    date_t from = p->start > first ? p->start : first;
    date_t to = p->end != DATE_NONE && p->end < last ? p->end : last;
    out->days = from > to ? 0 : to - from + 1;
    trail_add(&out->trail, "arrs.role.unknown", TRAIL_NONE, 0, NULL, CONF_UNCONFIRMED,
              !role ? arena_printf(a,
                                   "%s is not an ARRS role in the rules of %s: the "
                                   "claim cannot be worked out",
                                   p->role, fyl)
                    : arena_printf(a, "No hours or pay recorded for %s", p->name));
}

/* The month's days from..to in stretches of the same terms and maximum:
 * the cost and the cap summed exactly (cost in pence × days; cap in pence
 * × WTE(e4) × days), each new figure in the working. */
static int stretches(const struct rules_year *y, const struct arrs_post *p,
                     const struct rule_role *role, int year, int month, date_t from, date_t to,
                     const char *fyl, struct arena *a, struct arrs_claim *out, int64_t *cost_num,
                     int64_t *cap_num, bool *cost_ok, struct pcn_msg *m)
{
    const struct arrs_terms *said = NULL;
    const struct rule_max *said_max = NULL;
    bool said_unknown = false;
    for (date_t d = from; d <= to;) {
        const struct arrs_terms *t = terms_on(p, d);
        if (!t)
            return msg_set(m, PCN_EINVAL, "%s: no hours or pay recorded from %d-%02d", p->name,
                           year, month);
        bool fallback;
        const struct rule_max *x = arrs_find_max(y, p->role, p->zone, d, &fallback);
        date_t end = next_change(y, p, x, d, to + 1);
        if (end > to + 1)
            end = to + 1;
        int64_t days = end - d;
        pence_t annual = 0;
        if (!annual_cost(y, t, d, a, &out->trail, t != said, &out->estimate, &out->conf, &annual))
            *cost_ok = false;
        said = t;
        *cost_num += annual * days;
        if (!x) {
            out->known = false;
            out->why = arena_printf(a, "no maximum reimbursable amount for %s in %s", role->name,
                                    fyl);
            if (!said_unknown)
                trail_add(&out->trail, "arrs.max.unknown", TRAIL_NONE, 0, NULL, CONF_UNCONFIRMED,
                          arena_printf(a,
                                       "No maximum reimbursable amount for %s in %s in the "
                                       "rules: the claim cannot be worked out until it is "
                                       "added (rules/%.4s-%s/arrs_maxima.csv)",
                                       role->name, fyl, fyl, fyl + 5));
            said_unknown = true;
        } else {
            if (x != said_max)
                trail_add(&out->trail, "arrs.max", TRAIL_PENCE, x->max, rule_cite(a, &x->m),
                          fallback ? CONF_UNCONFIRMED : x->m.conf,
                          arena_printf(a, "Maximum reimbursable for %s (%s%s): %s per WTE a year",
                                       role->name, rule_area_name(x->area),
                                       fallback ? ", used because the rules have none for the "
                                                  "post's London zone"
                                                : "",
                                       money_text(a, x->max)));
            said_max = x;
            out->conf = conf_weakest(out->conf, fallback ? CONF_UNCONFIRMED : x->m.conf);
            *cap_num += x->max * t->wte_e4 * days;
        }
        d = end;
    }
    return 0;
}

/* The month's cost, share, cap and claim from the sums, with the working. */
static void settle(const struct rule_role *role, int dim, int64_t cost_num, int64_t cap_num,
                   struct arena *a, struct arrs_claim *out)
{
    out->cost = money_div_round(cost_num, 12LL * dim, ROUND_HALF_UP);
    out->share = money_div_round(out->cost * role->share_bp, BP_WHOLE, ROUND_HALF_UP);
    trail_add(&out->trail, "arrs.cost.month", TRAIL_PENCE, out->cost, NULL, CONF_NONE,
              arena_printf(a, "Cost for the days in post: annual cost ÷ 12 × days ÷ %d = %s", dim,
                           money_text(a, out->cost)));
    if (role->share_bp != BP_WHOLE)
        trail_add(&out->trail, "arrs.share", TRAIL_PENCE, out->share, NULL, role->conf,
                  arena_printf(a, "Reimbursable share %" PRId64 "%% of the cost: %s",
                               role->share_bp / 100, money_text(a, out->share)));
    if (!out->known)
        return;
    out->cap = money_div_round(cap_num, 12LL * WTE_WHOLE * dim, ROUND_HALF_UP);
    trail_add(&out->trail, "arrs.cap", TRAIL_PENCE, out->cap, NULL, CONF_NONE,
              arena_printf(a, "Maximum for the days in post: maximum × WTE ÷ 12 × days ÷ %d = %s",
                           dim, money_text(a, out->cap)));
    if (role->applies == APPLIES_WHOLE_COST && role->share_bp != BP_WHOLE) {
        pence_t capped_cost = out->cost < out->cap ? out->cost : out->cap;
        out->capped = out->cap < out->cost;
        out->claim = money_div_round(capped_cost * role->share_bp, BP_WHOLE, ROUND_HALF_UP);
    } else {
        out->capped = out->cap < out->share;
        out->claim = out->capped ? out->cap : out->share;
        if (role->share_bp != BP_WHOLE && role->applies == APPLIES_UNKNOWN) {
            out->conf = CONF_UNCONFIRMED;
            trail_add(&out->trail, "arrs.applies", TRAIL_NONE, 0, NULL, CONF_UNCONFIRMED,
                      "Whether the maximum applies to the PCN's share or to the whole cost is "
                      "not known: PCN Ops compares it with the PCN's share");
        }
    }
    trail_add(&out->trail, "arrs.claim", TRAIL_PENCE, out->claim, NULL, out->conf,
              arena_printf(a, "Claim: the smaller of %s and %s = %s%s", money_text(a, out->share),
                           money_text(a, out->cap), money_text(a, out->claim),
                           out->capped ? " (the maximum applies)" : ""));
}

int arrs_claim_month(const struct rules *r, const struct arrs_post *p, int year, int month,
                     struct arena *a, struct arrs_claim *out, struct pcn_msg *m)
{
    date_t first = date_from_ymd(year, month, 1);
    int dim = date_days_in_month(year, month);
    date_t last = first + dim - 1;
    const struct rules_year *y = rules_year(r, fy_of(first));
    char fyl[8];

    memset(out, 0, sizeof *out);
    out->year = year;
    out->month = month;
    out->known = true;
    out->conf = CONF_NONE;
    trail_init(&out->trail, a);
    fy_format(fy_of(first), fyl);
    if (!y)
        return msg_set(m, PCN_ENOTFOUND, "the rules have no year %s (a directory rules/%.4s-%s)",
                       fyl, fyl, fyl + 5);
    const struct rule_role *role = arrs_find_role(y, p->role);
    if (!role || p->nterms == 0) {
        role_unknown(p, role, first, last, fyl, a, out);
        return 0;
    }
    out->conf = conf_weakest(out->conf, role->conf);

    date_t from = p->start > first ? p->start : first;
    date_t to = p->end != DATE_NONE && p->end < last ? p->end : last;
    if (from > to) {
        trail_add(&out->trail, "arrs.days", TRAIL_COUNT, 0, NULL, CONF_NONE,
                  "Not in post this month");
        return 0;
    }
    out->days = to - from + 1;
    trail_add(&out->trail, "arrs.days", TRAIL_COUNT, out->days, NULL, CONF_NONE,
              arena_printf(a, "In post %d of the %d days of %s %d", out->days, dim,
                           date_month_name(month), year));

    int64_t cost_num = 0, cap_num = 0;
    bool cost_ok = true;
    int rc = stretches(y, p, role, year, month, from, to, fyl, a, out, &cost_num, &cap_num,
                       &cost_ok, m);
    if (rc)
        return rc;
    if (!cost_ok) {
        out->known = false;
        out->why = "the post's cost cannot be worked out: enter its salary or annual cost";
        return 0;
    }
    settle(role, dim, cost_num, cap_num, a, out);
    return 0;
}

static const struct arrs_recorded *find_recorded(const struct arrs_recorded *rec, size_t n,
                                                 int64_t post, int year, int month)
{
    for (size_t i = 0; i < n; i++)
        if (rec[i].post_id == post && rec[i].year == year && rec[i].month == month)
            return &rec[i];
    return NULL;
}

int arrs_forecast_year(const struct rules *r, const struct arrs_post *posts, size_t nposts,
                       const struct arrs_recorded *rec, size_t nrec, fy_t fy, pence_t sum,
                       date_t today, struct arena *a, struct arrs_forecast *out, struct pcn_msg *m)
{
    const struct rules_year *y;
    int rc;

    memset(out, 0, sizeof *out);
    out->fy = fy;
    out->sum = sum;
    if ((rc = rules_year_need(r, fy, PCN_ENOTFOUND, &y, m)))
        return rc;
    for (size_t i = 0; i < nposts; i++) {
        bool unknown = false;
        for (int k = 0; k < 12; k++) {
            int year = k < 9 ? fy : fy + 1, month = k < 9 ? k + 4 : k - 8;
            const struct arrs_recorded *rr = find_recorded(rec, nrec, posts[i].id, year, month);
            if (rr && rr->submitted) {
                out->claimed += rr->amount;
                out->month_claim[k] += rr->amount;
                out->month_recorded[k] += rr->amount;
                continue;
            }
            struct arrs_claim c;
            struct arena scratch;
            arena_init(&scratch, 8 * 1024);
            rc = arrs_claim_month(r, &posts[i], year, month, &scratch, &c, m);
            arena_release(&scratch);
            if (rc)
                return rc;
            if (!c.known && c.days > 0) {
                unknown = true;
                continue;
            }
            out->forecast += c.claim;
            out->month_claim[k] += c.claim;
        }
        out->posts_unknown += unknown;
    }
    out->projected = out->claimed + out->forecast;
    out->sum_known = sum >= 0;
    if (!out->sum_known) {
        /* The sum is not known: nothing to measure the claims against. */
        out->sum = 0;
        out->headroom = 0;
        out->from = fy_start(fy);
        return 0;
    }
    out->headroom = sum - out->projected;
    if (sum > 0) {
        out->used_bp = money_div_round(out->projected * BP_WHOLE, sum, ROUND_DOWN);
        out->alert_under = out->projected * 100 < sum * ARRS_ALERT_UNDER_PCT;
        out->alert_over = out->projected > sum;
    }

    /* Headroom as WTE of each role, from the month after today (or the
     * year's start, if today is before it) to 31 March. */
    date_t from = date_add_months(date_month_start(today), 1);
    if (from < fy_start(fy))
        from = fy_start(fy);
    out->from = from;
    if (from > fy_end(fy))
        return 0;
    int year0, month0, d0;
    date_to_ymd(from, &year0, &month0, &d0);
    int months_left = (fy + 1 - year0) * 12 + 3 - month0 + 1;
    out->roles = arena_alloc(a, (y->nroles ? y->nroles : 1) * sizeof *out->roles);
    for (size_t i = 0; i < y->nroles; i++) {
        bool fallback;
        const struct rule_max *x = arrs_find_max(y, y->roles[i].id, AREA_NATIONAL, from, &fallback);
        if (!x)
            continue;
        struct arrs_role_headroom *h = &out->roles[out->nroles++];
        h->role = y->roles[i].id;
        h->role_name = y->roles[i].name;
        h->max = x->max;
        /* A WTE costs the maximum × months ÷ 12 (a post costing less than
         * the maximum is claimable in full, so this is the most it takes). */
        int64_t per_wte = x->max * months_left; /* × 1/12 */
        h->wte_e4 = out->headroom > 0 && per_wte > 0
                        ? money_div_round(out->headroom * 12 * WTE_WHOLE, per_wte, ROUND_DOWN)
                        : 0;
    }
    return 0;
}

fy_t arrs_default_year(const struct rules *r, date_t today, bool *fallback)
{
    fy_t want = fy_of(today), best = 0;
    *fallback = false;
    for (size_t i = 0; i < r->nyears; i++)
        if (r->years[i].fy <= want && r->years[i].fy > best)
            best = r->years[i].fy;
    *fallback = best != want;
    return best;
}
