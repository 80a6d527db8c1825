#include "common.h"
#include "entitle.h"
#include "buf.h"

/* 128-bit intermediates for total × weight / sum, where both factors can be
 * large (the exact monthly sums).  GCC's extension; integer only. */
__extension__ typedef unsigned __int128 u128;

static const char *const method_names[] = {
    [METHOD_REGISTERED] = "registered",
    [METHOD_WEIGHTED] = "weighted",
    [METHOD_FIXED] = "fixed",
    [METHOD_OWN] = "own",
    [METHOD_NONE] = "none",
};

const char *ent_method_name(enum ent_method m)
{
    return (size_t)m < ARRAY_SIZE(method_names) ? method_names[m] : "?";
}

int ent_method_parse(const char *s, enum ent_method *out)
{
    for (int i = METHOD_REGISTERED; i <= METHOD_FIXED; i++) {
        if (strcmp(s, method_names[i]) == 0) {
            *out = (enum ent_method)i;
            return 0;
        }
    }
    return PCN_EINVAL;
}

/* ---- apportioning ------------------------------------------------------- */

/* a × b / c rounded down, with the remainder; a, b >= 0, c > 0.  PCN_ELIMIT
 * when the quotient passes int64. */
static int muldiv(int64_t a, int64_t b, int64_t c, int64_t *q, int64_t *r)
{
    u128 p = (u128)(uint64_t)a * (uint64_t)b;
    u128 qq = p / (uint64_t)c;
    if (qq > (u128)INT64_MAX)
        return PCN_ELIMIT;
    *q = (int64_t)qq;
    if (r)
        *r = (int64_t)(p % (uint64_t)c);
    return 0;
}

int entitle_apportion(pence_t total, const int64_t *w, size_t n, pence_t *out)
{
    int64_t sum = 0, given = 0;
    if (total < 0 || n == 0)
        BUG("entitle_apportion: total %" PRId64 ", %zu shares", total, n);
    for (size_t i = 0; i < n; i++) {
        if (w[i] < 0)
            BUG("entitle_apportion: negative weight");
        if (money_add(sum, w[i], &sum))
            return PCN_ELIMIT;
    }
    if (sum == 0)
        BUG("entitle_apportion: all weights are 0");
    int64_t *rem = xcalloc(n, sizeof *rem);
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        rc = muldiv(total, w[i], sum, &out[i], &rem[i]);
        given += out[i];
    }
    /* The pennies left (fewer than n) go to the largest remainders. */
    for (int64_t left = total - given; !rc && left > 0; left--) {
        size_t best = n;
        for (size_t i = 0; i < n; i++)
            if (rem[i] >= 0 && (best == n || rem[i] > rem[best]))
                best = i;
        out[best]++;
        rem[best] = -1; /* one penny each */
    }
    free(rem);
    return rc;
}

int entitle_months(pence_t total, const int64_t w[ENT_MONTHS], pence_t out[ENT_MONTHS])
{
    int64_t sum = 0, given = 0;
    for (int m = 0; m < ENT_MONTHS; m++)
        if (w[m] < 0 || money_add(sum, w[m], &sum))
            return PCN_ELIMIT;
    if (sum <= 0 || total < 0)
        BUG("entitle_months: sum %" PRId64 ", total %" PRId64, sum, total);
    for (int m = 0; m < ENT_MONTHS - 1; m++) {
        if (muldiv(total, w[m], sum, &out[m], NULL))
            return PCN_ELIMIT;
        given += out[m];
    }
    out[ENT_MONTHS - 1] = total - given;
    return 0;
}

/* ---- the calculation ---------------------------------------------------- */

struct ctx {
    const struct ent_input *in;
    const struct rules_year *y;
    struct arena *a;
    struct ent_result *res;
    struct pcn_msg *m;
    struct buf t; /* text of the step being written */
    date_t month_start[ENT_MONTHS], month_end[ENT_MONTHS];
    int64_t *reg, *adj_h, *wt_h; /* per practice, after stand-ins */
    bool *adj_standin, *wt_standin;
};

static const char *base_words(enum rule_base b)
{
    switch (b) {
    case BASE_REGISTERED:
        return "registered patients";
    case BASE_ADJUSTED:
        return "adjusted population";
    case BASE_WEIGHTED:
        return "weighted population";
    case BASE_BEDS:
        return "care home beds";
    case BASE_NONE:
        return "per patient";
    }
    return "?";
}

static void t_money(struct ctx *x, pence_t p)
{
    money_add_display(&x->t, p);
}

static void t_pop(struct ctx *x, enum rule_base b, int64_t h)
{
    if (b == BASE_ADJUSTED || b == BASE_WEIGHTED)
        fixed_add(&x->t, h, 2, 2, true);
    else
        buf_add_i64(&x->t, h / 100, true);
}

/* An exact amount in units of 1/ENT_UNITS_PER_PENNY: "£113,300" when it is
 * a whole number of pence, else its seven decimals of a pound. */
static void t_exact(struct ctx *x, int64_t units)
{
    /* units / 1,200,000 pence = units / 12 in 1/10,000,000 of a pound. */
    if (units % (ENT_UNITS_PER_PENNY) == 0) {
        t_money(x, units / ENT_UNITS_PER_PENNY);
        return;
    }
    if (units % 12 != 0)
        BUF_LIT(&x->t, "about ");
    BUF_LIT(&x->t, "£");
    fixed_add(&x->t, money_div_round(units, 12, ROUND_HALF_UP), 7, 2, true);
}

static const char *t_take(struct ctx *x)
{
    if (x->t.discard)
        return NULL;
    const char *s = arena_strndup(x->a, x->t.buf, x->t.len);
    buf_reset(&x->t);
    return s;
}

static void step(struct ctx *x, struct trail *tr, const char *key, enum trail_unit unit,
                 int64_t value, const char *source, enum confidence conf)
{
    trail_add(tr, key, unit, value, source, conf, t_take(x));
}

/* A step's key: the parts joined with dots (c may be NULL), without
 * printf: the national walk makes some thirty of these a PCN. */
static const char *key_of(struct ctx *x, const char *a, const char *b, const char *c)
{
    size_t la = strlen(a), lb = strlen(b), lc = c ? strlen(c) : 0;
    char *k = arena_alloc(x->a, la + lb + lc + 3);
    memcpy(k, a, la);
    k[la] = '.';
    memcpy(k + la + 1, b, lb);
    size_t n = la + 1 + lb;
    if (c) {
        k[n++] = '.';
        memcpy(k + n, c, lc);
        n += lc;
    }
    k[n] = '\0';
    return k;
}

/* A step's source, when its words are wanted. */
static const char *cite(struct ctx *x, const struct rule_meta *rm)
{
    return x->t.discard ? NULL : rule_cite(x->a, rm);
}

static int too_big(struct ctx *x, const char *what)
{
    return msg_set(x->m, PCN_ELIMIT, "%s %s: the amount passes the largest number PCN Ops holds",
                   x->in->pcn_code, what);
}

/* ---- the bases at 1 January -------------------------------------------- */

static void t_date(struct ctx *x, date_t d)
{
    date_add_uk(&x->t, d);
}

/* The dates of the bases: 1 January, the rounding, the members' date and
 * the lists' publication, each an estimate when not of 1 January. */
static void date_steps(struct ctx *x)
{
    const struct ent_input *in = x->in;
    struct ent_result *r = x->res;
    struct trail *tr = &r->inputs;
    size_t n = in->npractices;

    /* Membership and list sizes, and whether they are of 1 January. */
    BUF_LIT(&x->t, "Population base date: ");
    t_date(x, r->base_date);
    BUF_LIT(&x->t, " (1 January before the year, as the Network Contract DES has it)");
    step(x, tr, "base_date", TRAIL_NONE, 0, NULL, CONF_NONE);

    buf_printf(&x->t,
               "Rounding: amounts are kept exactly until each annual amount is rounded "
               "%s to the penny; monthly payments are rounded down and March takes the "
               "remainder (NHS England does not publish its rule, so this is PCN Ops's own)",
               round_policy_name(in->rounding));
    step(x, tr, "rounding", TRAIL_NONE, 0, NULL, CONF_NONE);

    buf_add_count(&x->t, (int64_t)n, "member practice", "member practices");
    BUF_LIT(&x->t, " on ");
    t_date(x, in->members_date);
    if (in->members_date != r->base_date) {
        BUF_LIT(&x->t, ": ESTIMATE, the registry holds no membership for ");
        t_date(x, r->base_date);
        BUF_LIT(&x->t, ", so the earliest loaded is used");
        r->registered_estimate = r->adjusted_estimate = r->weighted_estimate = true;
    }
    step(x, tr, "members", TRAIL_COUNT, (int64_t)n, NULL, CONF_NONE);

    if (in->list_date == DATE_NONE) {
        BUF_LIT(&x->t, "List sizes: ESTIMATE, no list-size publication is loaded; import the one "
                       "of ");
        t_date(x, r->base_date);
        r->registered_estimate = true;
    } else {
        BUF_LIT(&x->t, "List sizes: the publication of ");
        t_date(x, in->list_date);
        if (in->list_date != r->base_date) {
            BUF_LIT(&x->t, ": ESTIMATE, no publication of ");
            t_date(x, r->base_date);
            BUF_LIT(&x->t, " is loaded (import gp-reg-pat-prac for that month)");
            r->registered_estimate = true;
        }
    }
    step(x, tr, "list_date", TRAIL_NONE, 0, NULL, CONF_NONE);
}

/* One member's list and populations, in words. */
static void practice_step(struct ctx *x, const struct ent_practice *p, size_t i)
{
    buf_printf(&x->t, "%s %s: ", p->code, p->name ? p->name : "");
    if (p->registered >= 0) {
        buf_add_i64(&x->t, p->registered, true);
        BUF_LIT(&x->t, " registered patients");
    } else {
        BUF_LIT(&x->t, "no list size (counted as 0)");
    }
    BUF_LIT(&x->t, "; adjusted ");
    if (p->adjusted_h >= 0)
        fixed_add(&x->t, p->adjusted_h, 2, 2, true);
    else
        BUF_LIT(&x->t, "not known (registered list used)");
    BUF_LIT(&x->t, "; weighted ");
    if (p->weighted_h >= 0)
        fixed_add(&x->t, p->weighted_h, 2, 2, true);
    else
        BUF_LIT(&x->t, "not known (registered list used)");
    step(x, &x->res->inputs, key_of(x, "practice", p->code, NULL), TRAIL_COUNT, x->reg[i], NULL,
         CONF_NONE);
}

/* The PCN's registered list and populations, the sums of its members'. */
static void total_steps(struct ctx *x, long no_list, long no_adj, long no_wt)
{
    struct ent_result *r = x->res;
    struct trail *tr = &r->inputs;
    size_t n = x->in->npractices;

    BUF_LIT(&x->t, "Registered list (R): ");
    buf_add_i64(&x->t, r->registered, true);
    BUF_LIT(&x->t, " patients, the sum of the members' lists");
    if (no_list) {
        BUF_LIT(&x->t, "; ESTIMATE: ");
        buf_add_count(&x->t, no_list, "practice has", "practices have");
        BUF_LIT(&x->t, " no list size on that date");
    }
    step(x, tr, "registered_list", TRAIL_COUNT, r->registered, NULL, CONF_NONE);

    const struct {
        const char *key, *label;
        int64_t value;
        long missing;
    } pops[] = {
        {"adjusted_population", "Adjusted population (A): ", r->adjusted_h, no_adj},
        {"weighted_population", "Weighted population (W): ", r->weighted_h, no_wt},
    };
    for (size_t k = 0; k < ARRAY_SIZE(pops); k++) {
        buf_adds(&x->t, pops[k].label);
        fixed_add(&x->t, pops[k].value, 2, 2, true);
        if (pops[k].missing == 0) {
            BUF_LIT(&x->t, ", the sum of the members' populations of ");
            t_date(x, r->base_date);
        } else if ((size_t)pops[k].missing == n) {
            BUF_LIT(&x->t, ": ESTIMATE, no population of ");
            t_date(x, r->base_date);
            BUF_LIT(&x->t, " is held for any member, so the registered list stands in "
                           "(import populations)");
        } else {
            BUF_LIT(&x->t, ": ESTIMATE, ");
            buf_add_count(&x->t, pops[k].missing, "practice has", "practices have");
            BUF_LIT(&x->t, " no population of ");
            t_date(x, r->base_date);
            BUF_LIT(&x->t, ", and their registered lists stand in");
        }
        step(x, tr, pops[k].key, TRAIL_HUNDREDTHS, pops[k].value, NULL, CONF_NONE);
    }
}

static void bases(struct ctx *x)
{
    const struct ent_input *in = x->in;
    struct ent_result *r = x->res;
    size_t n = in->npractices;
    long no_list = 0, no_adj = 0, no_wt = 0;

    x->reg = arena_zalloc(x->a, n * sizeof *x->reg);
    x->adj_h = arena_zalloc(x->a, n * sizeof *x->adj_h);
    x->wt_h = arena_zalloc(x->a, n * sizeof *x->wt_h);
    x->adj_standin = arena_zalloc(x->a, n * sizeof *x->adj_standin);
    x->wt_standin = arena_zalloc(x->a, n * sizeof *x->wt_standin);

    date_steps(x);
    r->registered = 0;
    r->adjusted_h = r->weighted_h = 0;
    for (size_t i = 0; i < n; i++) {
        const struct ent_practice *p = &in->practices[i];
        x->reg[i] = p->registered >= 0 ? p->registered : 0;
        no_list += p->registered < 0;
        x->adj_standin[i] = p->adjusted_h < 0;
        x->wt_standin[i] = p->weighted_h < 0;
        x->adj_h[i] = p->adjusted_h >= 0 ? p->adjusted_h : x->reg[i] * 100;
        x->wt_h[i] = p->weighted_h >= 0 ? p->weighted_h : x->reg[i] * 100;
        no_adj += x->adj_standin[i];
        no_wt += x->wt_standin[i];
        r->registered += x->reg[i];
        r->adjusted_h += x->adj_h[i];
        r->weighted_h += x->wt_h[i];
        practice_step(x, p, i);
    }
    if (no_list)
        r->registered_estimate = true;
    r->adjusted_estimate |= no_adj > 0;
    r->weighted_estimate |= no_wt > 0;
    total_steps(x, no_list, no_adj, no_wt);
}

/* ---- one stream -------------------------------------------------------- */

static bool covers(const struct ctx *x, const struct rule_rate *r, int m)
{
    return r->m.from != DATE_NONE && r->m.from <= x->month_start[m] && r->m.to >= x->month_end[m];
}

/* The PCN's base for a month, in hundredths. */
static int64_t base_h(const struct ctx *x, enum rule_base b, int m)
{
    switch (b) {
    case BASE_REGISTERED:
        return x->res->registered * 100;
    case BASE_ADJUSTED:
        return x->res->adjusted_h;
    case BASE_WEIGHTED:
        return x->res->weighted_h;
    case BASE_BEDS:
        return x->in->beds_known[m] ? x->in->beds[m] * 100 : 0;
    case BASE_NONE:
        return 0;
    }
    return 0;
}

static bool base_estimate(const struct ctx *x, enum rule_base b)
{
    switch (b) {
    case BASE_REGISTERED:
        return x->res->registered_estimate;
    case BASE_ADJUSTED:
        return x->res->adjusted_estimate;
    case BASE_WEIGHTED:
        return x->res->weighted_estimate;
    case BASE_BEDS:
        for (int m = 0; m < ENT_MONTHS; m++)
            if (!x->in->beds_known[m])
                return true;
        return false;
    case BASE_NONE:
        return false;
    }
    return false;
}

static void t_months(struct ctx *x, const bool covered[ENT_MONTHS], int k)
{
    if (k == ENT_MONTHS)
        return;
    int first = -1, last = -1;
    for (int m = 0; m < ENT_MONTHS; m++) {
        if (covered[m]) {
            if (first < 0)
                first = m;
            last = m;
        }
    }
    if (first < 0)
        return; /* no month covered: the amount is nil, said elsewhere */
    buf_printf(&x->t, " × %d/12 months (", k);
    t_date(x, x->month_start[first]);
    BUF_LIT(&x->t, " to ");
    t_date(x, x->month_end[last]);
    BUF_LIT(&x->t, ")");
}

/* Beds by month, in words: "40 beds each month (entered for April 2025)". */
static void beds_step(struct ctx *x, struct ent_stream *s)
{
    const struct ent_input *in = x->in;
    bool same = true;
    int64_t total = 0;
    for (int m = 0; m < ENT_MONTHS; m++) {
        total += in->beds_known[m] ? in->beds[m] : 0;
        same = same && in->beds_known[m] == in->beds_known[0] &&
               (!in->beds_known[m] ||
                (in->beds[m] == in->beds[0] && in->beds_from[m] == in->beds_from[0]));
    }
    if (same && in->beds_known[0]) {
        buf_add_count(&x->t, in->beds[0], "bed", "beds");
        BUF_LIT(&x->t, " each month (entered for ");
        int yy, mm, dd;
        date_to_ymd(in->beds_from[0], &yy, &mm, &dd);
        buf_printf(&x->t, "%s %d)", date_month_name(mm), yy);
    } else if (same) {
        BUF_LIT(&x->t, "ESTIMATE: no care home beds are entered for this PCN (pcnops set beds); "
                       "0 beds used");
    } else {
        BUF_LIT(&x->t, "Beds by month: ");
        for (int m = 0; m < ENT_MONTHS; m++) {
            int yy, mm, dd;
            date_to_ymd(x->month_start[m], &yy, &mm, &dd);
            buf_printf(&x->t, "%s%.3s ", m ? ", " : "", date_month_name(mm));
            if (!in->beds_known[m]) {
                BUF_LIT(&x->t, "none entered (0, ESTIMATE)");
                continue;
            }
            buf_add_i64(&x->t, in->beds[m], true);
            if (in->beds_from[m] != x->month_start[m]) {
                int fy, fm, fd;
                date_to_ymd(in->beds_from[m], &fy, &fm, &fd);
                buf_printf(&x->t, " (from %.3s %d)", date_month_name(fm), fy);
            }
        }
        buf_printf(&x->t, "; %" PRId64 " bed-months", total);
    }
    step(x, &s->trail, key_of(x, s->rule->id, "beds", NULL), TRAIL_COUNT, total, NULL, CONF_NONE);
}

/* The working of one rate row: "£2.266 × 50,000 registered patients = £113,300". */
static void rate_step(struct ctx *x, struct ent_stream *s, const struct rule_rate *r,
                      const bool covered[ENT_MONTHS], int k, int64_t units)
{
    rate_add_display(&x->t, r->rate_mp);
    if (r->per == PER_PERIOD) {
        BUF_LIT(&x->t, " for ");
        t_date(x, r->m.from);
        BUF_LIT(&x->t, " to ");
        t_date(x, r->m.to);
        BUF_LIT(&x->t, " × ");
        t_pop(x, r->base, base_h(x, r->base, 0));
        buf_printf(&x->t, " %s", base_words(r->base));
    } else if (r->base == BASE_BEDS) {
        int64_t bm = 0;
        for (int m = 0; m < ENT_MONTHS; m++)
            if (covered[m])
                bm += base_h(x, r->base, m) / 100;
        BUF_LIT(&x->t, " a year per bed × ");
        buf_add_i64(&x->t, bm, true);
        BUF_LIT(&x->t, " bed-months ÷ 12");
    } else {
        BUF_LIT(&x->t, " a year × ");
        t_pop(x, r->base, base_h(x, r->base, 0));
        buf_printf(&x->t, " %s", base_words(r->base));
        t_months(x, covered, k);
    }
    BUF_LIT(&x->t, " = ");
    t_exact(x, units);
    step(x, &s->trail, key_of(x, s->rule->id, r->part, NULL), TRAIL_MILLIPENCE, r->rate_mp,
         cite(x, &r->m), r->m.conf);
}

static const struct ent_agreement *agreement(const struct ent_input *in, const char *stream)
{
    const struct ent_agreement *any = NULL;
    for (size_t i = 0; i < in->nagreements; i++) {
        if (in->agreements[i].stream && strcmp(in->agreements[i].stream, stream) == 0)
            return &in->agreements[i];
        if (!in->agreements[i].stream)
            any = &in->agreements[i];
    }
    return any;
}

/* Each practice's weight in w by the stream's method; returns their sum.
 * *standin when a registered list stands in for a population. */
static int64_t share_weights(struct ctx *x, const struct ent_stream *s, enum rule_base own_base,
                             int64_t *w, bool *standin)
{
    const struct ent_input *in = x->in;
    size_t n = in->npractices;
    const struct rule_stream *rs = s->rule;
    int64_t sum = 0;
    for (size_t i = 0; i < n; i++) {
        switch (s->method) {
        case METHOD_OWN:
            if (own_base == BASE_ADJUSTED) {
                w[i] = x->adj_h[i];
                *standin |= x->adj_standin[i];
            } else if (own_base == BASE_WEIGHTED) {
                w[i] = x->wt_h[i];
                *standin |= x->wt_standin[i];
            } else {
                w[i] = x->reg[i];
            }
            break;
        case METHOD_REGISTERED:
            w[i] = x->reg[i];
            break;
        case METHOD_WEIGHTED:
            w[i] = x->wt_h[i];
            *standin |= x->wt_standin[i];
            break;
        case METHOD_FIXED: {
            const struct ent_agreement *ag = agreement(in, rs->id);
            w[i] = ag->fixed_bp[i];
            break;
        }
        case METHOD_NONE:
            break;
        }
        sum += w[i];
    }
    return sum;
}

/* Each practice's share of the year, in words. */
static int practice_shares(struct ctx *x, struct ent_stream *s, enum rule_base own_base,
                           const int64_t *w, int64_t sum, bool equal)
{
    const struct ent_input *in = x->in;
    size_t n = in->npractices;
    const struct rule_stream *rs = s->rule;
    for (size_t i = 0; i < n; i++) {
        int64_t floor_, rem;
        if (muldiv(s->annual, w[i], sum, &floor_, &rem))
            return too_big(x, rs->id);
        buf_printf(&x->t, "%s: ", in->practices[i].code);
        if (equal) {
            BUF_LIT(&x->t, "an equal share");
        } else if (s->method == METHOD_FIXED) {
            fixed_add(&x->t, w[i], 2, 2, false);
            BUF_LIT(&x->t, "%");
        } else if (s->method == METHOD_REGISTERED ||
                   (s->method == METHOD_OWN && own_base != BASE_ADJUSTED &&
                    own_base != BASE_WEIGHTED)) {
            buf_add_i64(&x->t, w[i], true);
            BUF_LIT(&x->t, " of ");
            buf_add_i64(&x->t, sum, true);
        } else {
            fixed_add(&x->t, w[i], 2, 2, true);
            BUF_LIT(&x->t, " of ");
            fixed_add(&x->t, sum, 2, 2, true);
        }
        BUF_LIT(&x->t, " = ");
        t_money(x, s->practice_annual[i]);
        if (s->practice_annual[i] > floor_)
            BUF_LIT(&x->t, " (+1p by largest remainder)");
        step(x, &s->trail, key_of(x, rs->id, "share", in->practices[i].code), TRAIL_PENCE,
             s->practice_annual[i], NULL, CONF_NONE);
    }
    return 0;
}

static int share(struct ctx *x, struct ent_stream *s, enum rule_base own_base)
{
    const struct ent_input *in = x->in;
    size_t n = in->npractices;
    const struct rule_stream *rs = s->rule;
    const char *origin = NULL;
    int64_t *w = arena_zalloc(x->a, n * sizeof *w);
    bool standin = false;

    if (rs->kind == STREAM_MAXIMUM) {
        s->method = METHOD_NONE;
        BUF_LIT(&x->t, "Not shared between practices: a maximum the PCN claims against for the "
                       "staff it employs");
        step(x, &s->trail, key_of(x, rs->id, "share", NULL), TRAIL_NONE, 0, NULL, CONF_NONE);
        return 0;
    }
    if (rs->paid_to == PAID_PRACTICE) {
        s->method = METHOD_OWN;
        origin = "paid to each practice on its own base";
    } else {
        const struct ent_agreement *ag = agreement(in, rs->id);
        s->method = ag ? ag->method : METHOD_REGISTERED;
        origin = ag ? ag->origin : "the default: no Network Agreement method is entered";
    }
    int64_t sum = share_weights(x, s, own_base, w, &standin);
    if (s->method == METHOD_FIXED && sum != BP_WHOLE)
        return msg_set(x->m, PCN_EINVAL,
                       "%s %s: the fixed shares add up to %" PRId64 ".%02" PRId64 "%%, not 100%%",
                       in->pcn_code, rs->id, sum / 100, sum % 100);
    bool equal = sum == 0;
    if (equal)
        for (size_t i = 0; i < n; i++)
            w[i] = 1, sum++;
    s->practice_annual = arena_zalloc(x->a, n * sizeof *s->practice_annual);
    if (entitle_apportion(s->annual, w, n, s->practice_annual))
        return too_big(x, rs->id);
    if (standin || (s->method == METHOD_REGISTERED && x->res->registered_estimate))
        s->estimate = true;

    static const char *const how[] = {
        [METHOD_REGISTERED] = "by registered-list share",
        [METHOD_WEIGHTED] = "by weighted-population share",
        [METHOD_FIXED] = "by the agreed fixed percentages",
        [METHOD_OWN] = "by each practice's own base",
        [METHOD_NONE] = "",
    };
    buf_printf(&x->t,
               "Shared among the practices %s (%s), largest-remainder rounding so the "
               "shares add up to ",
               how[s->method], origin);
    t_money(x, s->annual);
    if (equal)
        BUF_LIT(&x->t, "; ESTIMATE: every weight is 0, so the practices share equally");
    if (standin)
        BUF_LIT(&x->t, "; ESTIMATE: registered lists stand in for missing populations");
    step(x, &s->trail, key_of(x, rs->id, "share", NULL), TRAIL_NONE, 0, NULL, CONF_NONE);
    return practice_shares(x, s, own_base, w, sum, equal);
}

/* 0 computed; 1 not computable (recorded in missing); or an error. */
/* What a stream's rates of the year add up to, each month and in all, in
 * units (rate × base), with a step for each part. */
struct parts {
    int64_t w[ENT_MONTHS]; /* each month's units */
    int64_t units;
    long rows, known, nparts;
    enum rule_base own_base; /* the base of the first part that counts */
};

static int stream_parts(struct ctx *x, const struct rule_stream *rs, struct ent_stream *s,
                        struct parts *p)
{
    const struct rules_year *y = x->y;
    bool beds = false;
    for (size_t i = 0; i < y->nrates; i++) {
        const struct rule_rate *r = &y->rates[i];
        if (strcmp(r->stream, rs->id) || r->alternative || r->base == BASE_NONE)
            continue;
        p->rows++;
        if (!r->known)
            continue;
        p->known++;
        bool covered[ENT_MONTHS] = {false};
        int k = 0, last = -1;
        for (int m = 0; m < ENT_MONTHS; m++)
            if ((covered[m] = covers(x, r, m)))
                k++, last = m;
        if (k == 0)
            continue;
        if (p->own_base == BASE_NONE)
            p->own_base = r->base;
        if (r->base == BASE_BEDS && !beds) {
            beds = true;
            beds_step(x, s);
        }
        int64_t part = 0, c;
        if (r->per == PER_YEAR) {
            for (int m = 0; m < ENT_MONTHS; m++) {
                if (!covered[m])
                    continue;
                if (money_mul(r->rate_mp, base_h(x, r->base, m), &c) ||
                    money_add(p->w[m], c, &p->w[m]) || money_add(part, c, &part))
                    return too_big(x, rs->id);
            }
        } else {
            if (money_mul(r->rate_mp, base_h(x, r->base, 0), &c) || money_mul(c, 12, &part))
                return too_big(x, rs->id);
            for (int m = 0; m < ENT_MONTHS; m++)
                if (covered[m])
                    p->w[m] += part / k + (m == last ? part % k : 0);
        }
        if (money_add(p->units, part, &p->units))
            return too_big(x, rs->id);
        p->nparts++;
        s->estimate |= base_estimate(x, r->base);
        rate_step(x, s, r, covered, k, part);
    }
    return 0;
}

/* Conflicting values and summary figures of the year: in the working, not
 * in the sum. */
static void reference_rows(struct ctx *x, const struct rule_stream *rs, struct ent_stream *s)
{
    const struct rules_year *y = x->y;
    for (size_t i = 0; i < y->nrates; i++) {
        const struct rule_rate *r = &y->rates[i];
        if (strcmp(r->stream, rs->id) || !r->known || !(r->alternative || r->base == BASE_NONE))
            continue;
        if (r->alternative) {
            BUF_LIT(&x->t, "Conflicting value: ");
            rate_add_display(&x->t, r->rate_mp);
            buf_printf(&x->t, " (%s) is also quoted, from ", r->part);
            if (r->m.from == DATE_NONE)
                BUF_LIT(&x->t, "an unknown date");
            else
                t_date(x, r->m.from);
            BUF_LIT(&x->t, ". Not used, but this figure is unconfirmed until the conflict is "
                           "settled");
            step(x, &s->trail, key_of(x, rs->id, "conflict", NULL), TRAIL_MILLIPENCE, r->rate_mp,
                 cite(x, &r->m), CONF_UNCONFIRMED);
        } else {
            BUF_LIT(&x->t, "For reference: ");
            rate_add_display(&x->t, r->rate_mp);
            buf_printf(&x->t,
                       " %s is quoted as the combined rate (%s); not used in the "
                       "calculation",
                       base_words(r->base), r->part);
            step(x, &s->trail, key_of(x, rs->id, r->part, NULL), TRAIL_MILLIPENCE, r->rate_mp,
                 cite(x, &r->m), CONF_NONE);
        }
    }
}

/* The annual amount: one division, at the end (and the CAIP share of an
 * achievement stream, exactly). */
static int annual(struct ctx *x, const struct rule_stream *rs, struct ent_stream *s, int64_t units,
                  long nparts)
{
    enum round_policy pol = x->in->rounding;
    s->maximum = money_div_round(units, ENT_UNITS_PER_PENNY, pol);
    s->annual = s->maximum;
    if (nparts > 1) {
        BUF_LIT(&x->t, "Sum of the parts: ");
        t_exact(x, units);
        step(x, &s->trail, key_of(x, rs->id, "sum", NULL), TRAIL_NONE, 0, NULL, CONF_NONE);
    }
    if (rs->kind == STREAM_ACHIEVEMENT && x->in->caip_known) {
        /* The share exactly, one rounding at the end: one of two criteria
         * weighted 1 and 2 pays a third of the maximum, not 33.33%. */
        int64_t snum = x->in->caip_den > 0 ? x->in->caip_num : x->in->caip_bp;
        int64_t sden = x->in->caip_den > 0 ? x->in->caip_den : BP_WHOLE;
        const int64_t num[] = {units, snum}, den[] = {(int64_t)ENT_UNITS_PER_PENNY, sden};
        if (money_ratio_round(num, 2, den, 2, pol, &s->annual))
            return too_big(x, rs->id);
        BUF_LIT(&x->t, "Maximum ");
        t_exact(x, units);
        BUF_LIT(&x->t, " × ");
        if (sden == BP_WHOLE) {
            fixed_add(&x->t, snum, 2, 0, false);
            BUF_LIT(&x->t, "%");
        } else {
            buf_printf(&x->t, "%" PRId64 "/%" PRId64 " (", snum, sden);
            fixed_add(&x->t, x->in->caip_bp, 2, 0, false);
            BUF_LIT(&x->t, "%, kept exact)");
        }
        buf_printf(&x->t, " achieved, rounded %s to the penny = ", round_policy_name(pol));
        t_money(x, s->annual);
        step(x, &s->trail, key_of(x, rs->id, "annual", NULL), TRAIL_PENCE, s->annual, NULL,
             CONF_NONE);
    } else {
        if (rs->kind == STREAM_ACHIEVEMENT) {
            BUF_LIT(&x->t, "ESTIMATE: no achieved share is entered (pcnops set caip), so this "
                           "shows the full maximum. ");
            s->estimate = true;
        }
        buf_printf(&x->t, "Annual amount: rounded %s to the penny = ", round_policy_name(pol));
        t_money(x, s->annual);
        step(x, &s->trail, key_of(x, rs->id, "annual", NULL), TRAIL_PENCE, s->annual, NULL,
             CONF_NONE);
    }
    return 0;
}

/* Twelve payments.  A stream that earned nothing pays nothing. */
static int monthly(struct ctx *x, const struct rule_stream *rs, struct ent_stream *s,
                   const int64_t w[ENT_MONTHS])
{
    int rc;
    int64_t wsum = 0;
    bool even = true;
    for (int m = 0; m < ENT_MONTHS; m++) {
        wsum += w[m];
        even = even && w[m] == w[0];
    }
    if (wsum > 0 && (rc = entitle_months(s->annual, w, s->monthly)))
        return too_big(x, rs->id);
    if (even && wsum > 0) {
        BUF_LIT(&x->t, "Monthly: ");
        t_money(x, s->annual);
        BUF_LIT(&x->t, " ÷ 12 = ");
        t_money(x, s->monthly[0]);
        BUF_LIT(&x->t, " a month, rounded down to the penny; March ");
        t_money(x, s->monthly[ENT_MONTHS - 1]);
        BUF_LIT(&x->t, " takes the remainder");
    } else {
        BUF_LIT(&x->t, "Monthly: the annual amount shared by month in proportion to what each "
                       "month earns, rounded down to the penny; March ");
        t_money(x, s->monthly[ENT_MONTHS - 1]);
        BUF_LIT(&x->t, " takes the remainder");
    }
    step(x, &s->trail, key_of(x, rs->id, "monthly", NULL), TRAIL_PENCE, s->monthly[0], NULL,
         CONF_NONE);
    return 0;
}

static int one_stream(struct ctx *x, const struct rule_stream *rs, struct ent_stream *s)
{
    const struct rules_year *y = x->y;
    struct ent_result *res = x->res;
    struct parts p = {.own_base = BASE_NONE};
    int rc;

    memset(s, 0, sizeof *s);
    s->rule = rs;
    s->conf = CONF_NONE;
    trail_init(&s->trail, x->a);

    if ((rc = stream_parts(x, rs, s, &p)))
        return rc;
    if (p.known == 0) {
        struct ent_missing *mi = &res->missing[res->nmissing++];
        mi->rule = rs;
        mi->reason = y->missing ? arena_printf(x->a,
                                               "its rate is not known: the rules have no figures "
                                               "for the year yet (%s)",
                                               y->dir)
                     : p.rows   ? "its rate for this year is not known (an empty rate in the rules)"
                                : "the rules give no rate for it this year";
        return 1;
    }
    if (p.known < p.rows) {
        BUF_LIT(&x->t, "Part of this stream has no known rate this year and is left out");
        step(x, &s->trail, key_of(x, rs->id, "unknown_part", NULL), TRAIL_NONE, 0, NULL,
             CONF_UNCONFIRMED);
    }
    reference_rows(x, rs, s);
    if ((rc = annual(x, rs, s, p.units, p.nparts)) || (rc = monthly(x, rs, s, p.w)) ||
        (rc = share(x, s, p.own_base)))
        return rc;
    s->conf = trail_confidence(&s->trail);
    return 0;
}

int entitle_compute(const struct ent_input *in, const struct rules_year *y, struct arena *a,
                    struct ent_result *out, struct pcn_msg *m)
{
    struct ctx x = {.in = in, .y = y, .a = a, .res = out, .m = m};
    int rc = 0;
    char fy[8];

    memset(out, 0, sizeof *out);
    out->in = in;
    out->fy = y->fy;
    out->base_date = fy_base_date(y->fy);
    out->conf = CONF_NONE;
    trail_init(&out->inputs, a);
    fy_format(y->fy, fy);
    if (y->nerrors)
        return msg_set(m, PCN_EINVAL,
                       "the rules for %s (%s) have %ld problem%s: run 'pcnops rules check'", fy,
                       y->dir, y->nerrors, y->nerrors == 1 ? "" : "s");
    if (in->npractices == 0)
        return msg_set(m, PCN_EINVAL, "%s has no member practices on the population date",
                       in->pcn_code);
    for (size_t i = 0; i < in->nagreements; i++) {
        if (in->agreements[i].method == METHOD_FIXED && !in->agreements[i].fixed_bp)
            BUG("fixed agreement without shares");
    }
    buf_init(&x.t, 64 * 1024);
    x.t.discard = in->no_working; /* the steps keep their values, not their words */
    for (int k = 0; k < ENT_MONTHS; k++) {
        x.month_start[k] = date_add_months(fy_start(y->fy), k);
        x.month_end[k] = date_add_months(x.month_start[k], 1) - 1;
    }
    bases(&x);

    out->streams = arena_zalloc(a, (y->nstreams + 1) * sizeof *out->streams);
    out->missing = arena_zalloc(a, (y->nstreams + 1) * sizeof *out->missing);
    out->practice_total = arena_zalloc(a, in->npractices * sizeof *out->practice_total);
    for (size_t i = 0; i < y->nstreams; i++) {
        struct ent_stream *s = &out->streams[out->nstreams];
        rc = one_stream(&x, &y->streams[i], s);
        if (rc < 0)
            goto out;
        if (rc == 1) {
            rc = 0;
            continue;
        }
        out->nstreams++;
        enum rule_total tot = rule_stream_total(&y->streams[i]);
        if (tot == TOTAL_OUTSIDE) {
            /* Paid to practices outside the DES: shown with the practices'
             * figures, never part of the PCN's total. */
            if (money_add(out->outside_total, s->annual, &out->outside_total)) {
                rc = too_big(&x, "total");
                goto out;
            }
            out->estimate |= s->estimate;
            continue;
        }
        if (tot == TOTAL_UP_TO) {
            /* A ceiling to claim against (the ARRS sum): never added to
             * money paid; kept apart as "up to". */
            if (money_add(out->maxima_total, s->annual, &out->maxima_total)) {
                rc = too_big(&x, "total");
                goto out;
            }
            out->estimate |= s->estimate;
            out->conf = conf_weakest(out->conf, s->conf);
            continue;
        }
        if (money_add(out->total, s->annual, &out->total)) {
            rc = too_big(&x, "total");
            goto out;
        }
        for (int k = 0; k < ENT_MONTHS; k++)
            out->monthly_total[k] += s->monthly[k];
        if (s->practice_annual)
            for (size_t p = 0; p < in->npractices; p++)
                out->practice_total[p] += s->practice_annual[p];
        out->estimate |= s->estimate;
        out->conf = conf_weakest(out->conf, s->conf);
    }
out:
    buf_release(&x.t);
    return rc;
}

const struct ent_stream *entitle_stream(const struct ent_result *r, const char *id)
{
    for (size_t i = 0; i < r->nstreams; i++)
        if (strcmp(r->streams[i].rule->id, id) == 0)
            return &r->streams[i];
    return NULL;
}
