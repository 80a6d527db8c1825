#include "common.h"
#include "entitle.h"
#include "buf.h"
#include "entwork.h"

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

/* ---- one stream -------------------------------------------------------- */

static bool covers(const struct entwork *x, const struct rule_rate *r, int m)
{
    return r->m.from != DATE_NONE && r->m.from <= x->month_start[m] && r->m.to >= x->month_end[m];
}

/* The PCN's base for a month, in hundredths. */
static int64_t base_h(const struct entwork *x, enum rule_base b, int m)
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

static bool base_estimate(const struct entwork *x, enum rule_base b)
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

static void t_months(struct entwork *x, const bool covered[ENT_MONTHS], int k)
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
    entwork_date(x, x->month_start[first]);
    BUF_LIT(&x->t, " to ");
    entwork_date(x, x->month_end[last]);
    BUF_LIT(&x->t, ")");
}

/* Beds by month, in words: "40 beds each month (entered for April 2025)". */
static void beds_step(struct entwork *x, struct ent_stream *s)
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
    entwork_step(x, &s->trail, entwork_key(x, s->rule->id, "beds", NULL), TRAIL_COUNT, total, NULL,
                 CONF_NONE);
}

/* The working of one rate row: "£2.266 × 50,000 registered patients = £113,300". */
static void rate_step(struct entwork *x, struct ent_stream *s, const struct rule_rate *r,
                      const bool covered[ENT_MONTHS], int k, int64_t units)
{
    rate_add_display(&x->t, r->rate_mp);
    if (r->per == PER_PERIOD) {
        BUF_LIT(&x->t, " for ");
        entwork_date(x, r->m.from);
        BUF_LIT(&x->t, " to ");
        entwork_date(x, r->m.to);
        BUF_LIT(&x->t, " × ");
        entwork_pop(x, r->base, base_h(x, r->base, 0));
        buf_printf(&x->t, " %s", entwork_base_words(r->base));
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
        entwork_pop(x, r->base, base_h(x, r->base, 0));
        buf_printf(&x->t, " %s", entwork_base_words(r->base));
        t_months(x, covered, k);
    }
    BUF_LIT(&x->t, " = ");
    entwork_exact(x, units);
    entwork_step(x, &s->trail, entwork_key(x, s->rule->id, r->part, NULL), TRAIL_MILLIPENCE,
                 r->rate_mp, entwork_cite(x, &r->m), r->m.conf);
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
static int64_t share_weights(struct entwork *x, const struct ent_stream *s, enum rule_base own_base,
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
static int practice_shares(struct entwork *x, struct ent_stream *s, enum rule_base own_base,
                           const int64_t *w, int64_t sum, bool equal)
{
    const struct ent_input *in = x->in;
    size_t n = in->npractices;
    const struct rule_stream *rs = s->rule;
    for (size_t i = 0; i < n; i++) {
        int64_t floor_, rem;
        if (muldiv(s->annual, w[i], sum, &floor_, &rem))
            return entwork_too_big(x, rs->id);
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
        entwork_money(x, s->practice_annual[i]);
        if (s->practice_annual[i] > floor_)
            BUF_LIT(&x->t, " (+1p by largest remainder)");
        entwork_step(x, &s->trail, entwork_key(x, rs->id, "share", in->practices[i].code),
                     TRAIL_PENCE, s->practice_annual[i], NULL, CONF_NONE);
    }
    return 0;
}

static int share(struct entwork *x, struct ent_stream *s, enum rule_base own_base)
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
        entwork_step(x, &s->trail, entwork_key(x, rs->id, "share", NULL), TRAIL_NONE, 0, NULL,
                     CONF_NONE);
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
        return entwork_too_big(x, rs->id);
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
    entwork_money(x, s->annual);
    if (equal)
        BUF_LIT(&x->t, "; ESTIMATE: every weight is 0, so the practices share equally");
    if (standin)
        BUF_LIT(&x->t, "; ESTIMATE: registered lists stand in for missing populations");
    entwork_step(x, &s->trail, entwork_key(x, rs->id, "share", NULL), TRAIL_NONE, 0, NULL,
                 CONF_NONE);
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

static int stream_parts(struct entwork *x, const struct rule_stream *rs, struct ent_stream *s,
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
                    return entwork_too_big(x, rs->id);
            }
        } else {
            if (money_mul(r->rate_mp, base_h(x, r->base, 0), &c) || money_mul(c, 12, &part))
                return entwork_too_big(x, rs->id);
            for (int m = 0; m < ENT_MONTHS; m++)
                if (covered[m])
                    p->w[m] += part / k + (m == last ? part % k : 0);
        }
        if (money_add(p->units, part, &p->units))
            return entwork_too_big(x, rs->id);
        p->nparts++;
        s->estimate |= base_estimate(x, r->base);
        rate_step(x, s, r, covered, k, part);
    }
    return 0;
}

/* Conflicting values and summary figures of the year: in the working, not
 * in the sum. */
static void reference_rows(struct entwork *x, const struct rule_stream *rs, struct ent_stream *s)
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
                entwork_date(x, r->m.from);
            BUF_LIT(&x->t, ". Not used, but this figure is unconfirmed until the conflict is "
                           "settled");
            entwork_step(x, &s->trail, entwork_key(x, rs->id, "conflict", NULL), TRAIL_MILLIPENCE,
                         r->rate_mp, entwork_cite(x, &r->m), CONF_UNCONFIRMED);
        } else {
            BUF_LIT(&x->t, "For reference: ");
            rate_add_display(&x->t, r->rate_mp);
            buf_printf(&x->t,
                       " %s is quoted as the combined rate (%s); not used in the "
                       "calculation",
                       entwork_base_words(r->base), r->part);
            entwork_step(x, &s->trail, entwork_key(x, rs->id, r->part, NULL), TRAIL_MILLIPENCE,
                         r->rate_mp, entwork_cite(x, &r->m), CONF_NONE);
        }
    }
}

/* The annual amount: one division, at the end (and the CAIP share of an
 * achievement stream, exactly). */
static int annual(struct entwork *x, const struct rule_stream *rs, struct ent_stream *s,
                  int64_t units, long nparts)
{
    enum round_policy pol = x->in->rounding;
    s->maximum = money_div_round(units, ENT_UNITS_PER_PENNY, pol);
    s->annual = s->maximum;
    if (nparts > 1) {
        BUF_LIT(&x->t, "Sum of the parts: ");
        entwork_exact(x, units);
        entwork_step(x, &s->trail, entwork_key(x, rs->id, "sum", NULL), TRAIL_NONE, 0, NULL,
                     CONF_NONE);
    }
    if (rs->kind == STREAM_ACHIEVEMENT && x->in->caip_known) {
        /* The share exactly, one rounding at the end: one of two criteria
         * weighted 1 and 2 pays a third of the maximum, not 33.33%. */
        int64_t snum = x->in->caip_den > 0 ? x->in->caip_num : x->in->caip_bp;
        int64_t sden = x->in->caip_den > 0 ? x->in->caip_den : BP_WHOLE;
        const int64_t num[] = {units, snum}, den[] = {(int64_t)ENT_UNITS_PER_PENNY, sden};
        if (money_ratio_round(num, 2, den, 2, pol, &s->annual))
            return entwork_too_big(x, rs->id);
        BUF_LIT(&x->t, "Maximum ");
        entwork_exact(x, units);
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
        entwork_money(x, s->annual);
        entwork_step(x, &s->trail, entwork_key(x, rs->id, "annual", NULL), TRAIL_PENCE, s->annual,
                     NULL, CONF_NONE);
    } else {
        if (rs->kind == STREAM_ACHIEVEMENT) {
            BUF_LIT(&x->t, "ESTIMATE: no achieved share is entered (pcnops set caip), so this "
                           "shows the full maximum. ");
            s->estimate = true;
        }
        buf_printf(&x->t, "Annual amount: rounded %s to the penny = ", round_policy_name(pol));
        entwork_money(x, s->annual);
        entwork_step(x, &s->trail, entwork_key(x, rs->id, "annual", NULL), TRAIL_PENCE, s->annual,
                     NULL, CONF_NONE);
    }
    return 0;
}

/* Twelve payments.  A stream that earned nothing pays nothing. */
static int monthly(struct entwork *x, const struct rule_stream *rs, struct ent_stream *s,
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
        return entwork_too_big(x, rs->id);
    if (even && wsum > 0) {
        BUF_LIT(&x->t, "Monthly: ");
        entwork_money(x, s->annual);
        BUF_LIT(&x->t, " ÷ 12 = ");
        entwork_money(x, s->monthly[0]);
        BUF_LIT(&x->t, " a month, rounded down to the penny; March ");
        entwork_money(x, s->monthly[ENT_MONTHS - 1]);
        BUF_LIT(&x->t, " takes the remainder");
    } else {
        BUF_LIT(&x->t, "Monthly: the annual amount shared by month in proportion to what each "
                       "month earns, rounded down to the penny; March ");
        entwork_money(x, s->monthly[ENT_MONTHS - 1]);
        BUF_LIT(&x->t, " takes the remainder");
    }
    entwork_step(x, &s->trail, entwork_key(x, rs->id, "monthly", NULL), TRAIL_PENCE, s->monthly[0],
                 NULL, CONF_NONE);
    return 0;
}

static int one_stream(struct entwork *x, const struct rule_stream *rs, struct ent_stream *s)
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
        entwork_step(x, &s->trail, entwork_key(x, rs->id, "unknown_part", NULL), TRAIL_NONE, 0,
                     NULL, CONF_UNCONFIRMED);
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
    struct entwork x = {.in = in, .y = y, .a = a, .res = out, .m = m};
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
    entwork_bases(&x);

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
                rc = entwork_too_big(&x, "total");
                goto out;
            }
            out->estimate |= s->estimate;
            continue;
        }
        if (tot == TOTAL_UP_TO) {
            /* A ceiling to claim against (the ARRS sum): never added to
             * money paid; kept apart as "up to". */
            if (money_add(out->maxima_total, s->annual, &out->maxima_total)) {
                rc = entwork_too_big(&x, "total");
                goto out;
            }
            out->estimate |= s->estimate;
            out->conf = conf_weakest(out->conf, s->conf);
            continue;
        }
        if (money_add(out->total, s->annual, &out->total)) {
            rc = entwork_too_big(&x, "total");
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
