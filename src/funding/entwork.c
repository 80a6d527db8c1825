#include "common.h"
#include "entwork.h"
#include "buf.h"

const char *entwork_base_words(enum rule_base b)
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

void entwork_money(struct entwork *x, pence_t p)
{
    money_add_display(&x->t, p);
}

void entwork_pop(struct entwork *x, enum rule_base b, int64_t h)
{
    if (b == BASE_ADJUSTED || b == BASE_WEIGHTED)
        fixed_add(&x->t, h, 2, 2, true);
    else
        buf_add_i64(&x->t, h / 100, true);
}

/* An exact amount in units of 1/ENT_UNITS_PER_PENNY: "£113,300" when it is
 * a whole number of pence, else its seven decimals of a pound. */
void entwork_exact(struct entwork *x, int64_t units)
{
    /* units / 1,200,000 pence = units / 12 in 1/10,000,000 of a pound. */
    if (units % (ENT_UNITS_PER_PENNY) == 0) {
        entwork_money(x, units / ENT_UNITS_PER_PENNY);
        return;
    }
    if (units % 12 != 0)
        BUF_LIT(&x->t, "about ");
    BUF_LIT(&x->t, "£");
    fixed_add(&x->t, money_div_round(units, 12, ROUND_HALF_UP), 7, 2, true);
}

static const char *t_take(struct entwork *x)
{
    if (x->t.discard)
        return NULL;
    const char *s = arena_strndup(x->a, x->t.buf, x->t.len);
    buf_reset(&x->t);
    return s;
}

void entwork_step(struct entwork *x, struct trail *tr, const char *key, enum trail_unit unit,
                  int64_t value, const char *source, enum confidence conf)
{
    trail_add(tr, key, unit, value, source, conf, t_take(x));
}

/* A step's key: the parts joined with dots (c may be NULL), without
 * printf: the national walk makes some thirty of these a PCN. */
const char *entwork_key(struct entwork *x, const char *a, const char *b, const char *c)
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
const char *entwork_cite(struct entwork *x, const struct rule_meta *rm)
{
    return x->t.discard ? NULL : rule_cite(x->a, rm);
}

int entwork_too_big(struct entwork *x, const char *what)
{
    return msg_set(x->m, PCN_ELIMIT, "%s %s: the amount passes the largest number PCN Ops holds",
                   x->in->pcn_code, what);
}

void entwork_date(struct entwork *x, date_t d)
{
    date_add_uk(&x->t, d);
}

/* The dates of the bases: 1 January, the rounding, the members' date and
 * the lists' publication, each an estimate when not of 1 January. */
static void date_steps(struct entwork *x)
{
    const struct ent_input *in = x->in;
    struct ent_result *r = x->res;
    struct trail *tr = &r->inputs;
    size_t n = in->npractices;

    /* Membership and list sizes, and whether they are of 1 January. */
    BUF_LIT(&x->t, "Population base date: ");
    entwork_date(x, r->base_date);
    BUF_LIT(&x->t, " (1 January before the year, as the Network Contract DES has it)");
    entwork_step(x, tr, "base_date", TRAIL_NONE, 0, NULL, CONF_NONE);

    buf_printf(&x->t,
               "Rounding: amounts are kept exactly until each annual amount is rounded "
               "%s to the penny; monthly payments are rounded down and March takes the "
               "remainder (NHS England does not publish its rule, so this is PCN Ops's own)",
               round_policy_name(in->rounding));
    entwork_step(x, tr, "rounding", TRAIL_NONE, 0, NULL, CONF_NONE);

    buf_add_count(&x->t, (int64_t)n, "member practice", "member practices");
    BUF_LIT(&x->t, " on ");
    entwork_date(x, in->members_date);
    if (in->members_date != r->base_date) {
        BUF_LIT(&x->t, ": ESTIMATE, the registry holds no membership for ");
        entwork_date(x, r->base_date);
        BUF_LIT(&x->t, ", so the earliest loaded is used");
        r->registered_estimate = r->adjusted_estimate = r->weighted_estimate = true;
    }
    entwork_step(x, tr, "members", TRAIL_COUNT, (int64_t)n, NULL, CONF_NONE);

    if (in->list_date == DATE_NONE) {
        BUF_LIT(&x->t, "List sizes: ESTIMATE, no list-size publication is loaded; import the one "
                       "of ");
        entwork_date(x, r->base_date);
        r->registered_estimate = true;
    } else {
        BUF_LIT(&x->t, "List sizes: the publication of ");
        entwork_date(x, in->list_date);
        if (in->list_date != r->base_date) {
            BUF_LIT(&x->t, ": ESTIMATE, no publication of ");
            entwork_date(x, r->base_date);
            BUF_LIT(&x->t, " is loaded (import gp-reg-pat-prac for that month)");
            r->registered_estimate = true;
        }
    }
    entwork_step(x, tr, "list_date", TRAIL_NONE, 0, NULL, CONF_NONE);
}

/* One member's list and populations, in words. */
static void practice_step(struct entwork *x, const struct ent_practice *p, size_t i)
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
    entwork_step(x, &x->res->inputs, entwork_key(x, "practice", p->code, NULL), TRAIL_COUNT,
                 x->reg[i], NULL, CONF_NONE);
}

/* The PCN's registered list and populations, the sums of its members'. */
static void total_steps(struct entwork *x, long no_list, long no_adj, long no_wt)
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
    entwork_step(x, tr, "registered_list", TRAIL_COUNT, r->registered, NULL, CONF_NONE);

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
            entwork_date(x, r->base_date);
        } else if ((size_t)pops[k].missing == n) {
            BUF_LIT(&x->t, ": ESTIMATE, no population of ");
            entwork_date(x, r->base_date);
            BUF_LIT(&x->t, " is held for any member, so the registered list stands in "
                           "(import populations)");
        } else {
            BUF_LIT(&x->t, ": ESTIMATE, ");
            buf_add_count(&x->t, pops[k].missing, "practice has", "practices have");
            BUF_LIT(&x->t, " no population of ");
            entwork_date(x, r->base_date);
            BUF_LIT(&x->t, ", and their registered lists stand in");
        }
        entwork_step(x, tr, pops[k].key, TRAIL_HUNDREDTHS, pops[k].value, NULL, CONF_NONE);
    }
}

void entwork_bases(struct entwork *x)
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
