#include "common.h"
#include "iif.h"
#include "buf.h"

static const char *const status_labels[] = {
    [IIF_NO_DATA] = "No data",           [IIF_INFORMATION] = "Information only",
    [IIF_NO_PATIENTS] = "No patients",   [IIF_NO_THRESHOLDS] = "Thresholds not known",
    [IIF_NOT_ACHIEVED] = "Not achieved", [IIF_PART_ACHIEVED] = "Part achieved",
    [IIF_ACHIEVED] = "Achieved",
};
static const char *const status_names[] = {
    [IIF_NO_DATA] = "no_data",           [IIF_INFORMATION] = "information",
    [IIF_NO_PATIENTS] = "no_patients",   [IIF_NO_THRESHOLDS] = "no_thresholds",
    [IIF_NOT_ACHIEVED] = "not_achieved", [IIF_PART_ACHIEVED] = "part_achieved",
    [IIF_ACHIEVED] = "achieved",
};

const char *iif_status_label(enum iif_status s)
{
    return (size_t)s < ARRAY_SIZE(status_labels) ? status_labels[s] : "?";
}

const char *iif_status_name(enum iif_status s)
{
    return (size_t)s < ARRAY_SIZE(status_names) ? status_names[s] : "?";
}

/* ---- words and figures for the trail ----------------------------------- */

/* The words of a trail step, or NULL (and no formatting) when the working
 * was not asked for (iif_input.no_working): needs x and a in scope. */
#define WORDS(...) (x->trail.quiet ? NULL : arena_printf(a, __VA_ARGS__))

static const char *fmt(struct arena *a, int kind, int64_t v)
{
    struct buf b;
    buf_init(&b, 64);
    switch (kind) {
    case 'p': /* basis points as a percentage: 87.01% */
        fixed_add(&b, v, 2, 0, false);
        buf_addc(&b, '%');
        break;
    case 't': /* thousandths of a point: 35.5 */
        fixed_add(&b, v, 3, 0, true);
        break;
    case 'c': /* a count: 12,345 */
        buf_add_i64(&b, v, true);
        break;
    case 'm': /* money: £1,234.56 */
        money_add_display(&b, v);
        break;
    case 'r': /* millionths as a decimal: 1.041667 */
        fixed_add(&b, v, 6, 1, false);
        break;
    }
    const char *s = arena_strdup(a, b.buf ? b.buf : "");
    buf_release(&b);
    return s;
}
static const char *round_words(enum round_policy p)
{
    switch (p) {
    case ROUND_HALF_UP:
        return "half up";
    case ROUND_DOWN:
        return "down";
    case ROUND_HALF_EVEN:
        return "half to even";
    case ROUND_UP:
        return "up";
    }
    return "?";
}

#define PCT(v) fmt(a, 'p', (v))
#define PTS(v) fmt(a, 't', (v))
#define CNT(v) fmt(a, 'c', (v))
#define GBP(v) fmt(a, 'm', (v))
#define RATIO(v) fmt(a, 'r', (v))

static bool holds(const struct rule_meta *m, date_t on)
{
    return m->from != DATE_NONE && m->from <= on && on <= m->to;
}

const struct rule_iif *iif_rule(const struct rules_year *y, const char *code, date_t on)
{
    const struct rule_iif *last = NULL;
    for (size_t i = 0; i < y->niif; i++) {
        if (strcmp(y->iif[i].code, code) != 0)
            continue;
        if (holds(&y->iif[i].m, on))
            return &y->iif[i];
        last = &y->iif[i];
    }
    return last;
}

const struct rule_iif_adjustment *iif_adjustment(const struct rules_year *y, const char *code,
                                                 enum rule_iif_adjust kind, date_t on)
{
    const struct rule_iif_adjustment *last = NULL;
    for (size_t i = 0; i < y->niif_adjust; i++) {
        const struct rule_iif_adjustment *x = &y->iif_adjust[i];
        if (x->kind != kind || strcmp(x->code, code) != 0)
            continue;
        if (holds(&x->m, on))
            return x;
        last = x;
    }
    return last;
}

const struct rule_iif_value *iif_point_value(const struct rules_year *y, date_t on)
{
    const struct rule_iif_value *last = NULL;
    for (size_t i = 0; i < y->niif_values; i++) {
        if (holds(&y->iif_values[i].m, on))
            return &y->iif_values[i];
        last = &y->iif_values[i];
    }
    return last;
}

/* ---- the arithmetic ------------------------------------------------------ */

static int check_figures(int64_t n, int64_t d, struct pcn_msg *m)
{
    if (n < 0 || d < 0)
        return msg_set(
            m, PCN_EINVAL,
            "a numerator or denominator cannot be negative (%" PRId64 " and %" PRId64 ")", n, d);
    if (n > d)
        return msg_set(m, PCN_EINVAL,
                       "the numerator %" PRId64 " is above the denominator %" PRId64
                       ": the numerator counts patients of the denominator",
                       n, d);
    return 0;
}

int iif_achievement_bp(int64_t n, int64_t d, enum round_policy p, int64_t *out, struct pcn_msg *m)
{
    int rc = check_figures(n, d, m);
    if (rc)
        return rc;
    if (d == 0)
        return msg_set(m, PCN_EINVAL, "a denominator of 0 has no achievement");
    const int64_t num[] = {n, BP_WHOLE}, den[] = {d};
    if (money_ratio_round(num, 2, den, 1, p, out))
        return msg_set(m, PCN_ELIMIT, "the achievement is too large to work out");
    return 0;
}

int iif_points(int64_t n, int64_t d, int64_t lower_bp, int64_t upper_bp, int64_t max_points,
               enum round_policy p, int64_t *out, struct pcn_msg *m)
{
    int rc = check_figures(n, d, m);
    if (rc)
        return rc;
    if (lower_bp < 0 || upper_bp <= lower_bp || upper_bp > BP_WHOLE || max_points < 0)
        return msg_set(m, PCN_EINVAL, "thresholds must rise from 0%% to at most 100%%");
    *out = 0;
    if (d == 0)
        return 0;
    int64_t got, lo, hi;
    if (money_mul(n, BP_WHOLE, &got) || money_mul(lower_bp, d, &lo) || money_mul(upper_bp, d, &hi))
        return msg_set(m, PCN_ELIMIT, "the figures are too large to work out points");
    if (got <= lo)
        return 0;
    if (got >= hi) {
        *out = max_points;
        return 0;
    }
    const int64_t num[] = {max_points, got - lo}, den[] = {upper_bp - lower_bp, d};
    if (money_ratio_round(num, 2, den, 2, p, out))
        return msg_set(m, PCN_ELIMIT, "the figures are too large to work out points");
    return 0;
}

int iif_payment(int64_t points, pence_t value, const struct iif_list *list,
                const struct iif_prevalence *prev, enum round_policy p, pence_t *out,
                struct pcn_msg *m)
{
    int64_t num[6], den[4];
    size_t nn = 0, nd = 0;
    if (points < 0 || value < 0)
        return msg_set(m, PCN_EINVAL, "points and the point value cannot be negative");
    if (!list || !list->known || list->pcn_list < 0 || list->national_pcns <= 0 ||
        list->national_list <= 0)
        return msg_set(m, PCN_EINVAL,
                       "the list-size adjustment needs the PCN's list and a "
                       "national list of at least one PCN");
    num[nn++] = points;
    num[nn++] = value;
    num[nn++] = list->pcn_list;
    num[nn++] = list->national_pcns;
    den[nd++] = 1000;
    den[nd++] = list->national_list;
    if (prev) {
        if (!prev->known || prev->pcn_patients < 0 || prev->pcn_list <= 0 ||
            prev->national_patients <= 0 || prev->national_list <= 0)
            return msg_set(m, PCN_EINVAL,
                           "the prevalence adjustment needs patients and lists "
                           "above 0 for the PCN and for England");
        num[nn++] = prev->pcn_patients;
        num[nn++] = prev->national_list;
        den[nd++] = prev->pcn_list;
        den[nd++] = prev->national_patients;
    }
    if (money_ratio_round(num, nn, den, nd, p, out))
        return msg_set(m, PCN_ELIMIT, "the payment is too large to work out");
    return 0;
}

/* The list-size or prevalence adjustment in millionths, for people. */
static int64_t list_ppm(const struct iif_list *l)
{
    const int64_t num[] = {l->pcn_list, l->national_pcns, 1000000}, den[] = {l->national_list};
    int64_t v;
    return money_ratio_round(num, 3, den, 1, ROUND_HALF_UP, &v) ? -1 : v;
}

static int64_t prev_ppm(const struct iif_prevalence *p)
{
    const int64_t num[] = {p->pcn_patients, p->national_list, 1000000},
                  den[] = {p->pcn_list, p->national_patients};
    int64_t v;
    return money_ratio_round(num, 3, den, 2, ROUND_HALF_UP, &v) ? -1 : v;
}

/* ---- one indicator -------------------------------------------------------- */

const struct iif_result_ind *iif_find(const struct iif_result *r, const char *code)
{
    for (size_t i = 0; i < r->nind; i++)
        if (strcmp(r->ind[i].code, code) == 0)
            return &r->ind[i];
    return NULL;
}

static const struct iif_data *find_data(const struct iif_input *in, const char *code)
{
    for (size_t i = 0; i < in->ndata; i++)
        if (in->data[i].code && strcmp(in->data[i].code, code) == 0)
            return &in->data[i];
    return NULL;
}

/* Adds a step citing a rule row (meta), weakening the indicator's confidence. */
static void step_rule(struct iif_result_ind *x, struct arena *a, const char *key,
                      enum trail_unit unit, int64_t value, const struct rule_meta *rm,
                      const char *text)
{
    trail_add(&x->trail, key, unit, value, x->trail.quiet ? NULL : rule_cite(a, rm), rm->conf,
              text);
    x->conf = conf_weakest(x->conf, rm->conf);
}

static void step(struct iif_result_ind *x, const char *key, enum trail_unit unit, int64_t value,
                 const char *text)
{
    trail_add(&x->trail, key, unit, value, NULL, CONF_NONE, text);
}

struct pay_ctx {
    const struct iif_input *in;
    const struct rule_iif_value *value;
    bool value_ok;                     /* a point value is known */
    const struct iif_prevalence *prev; /* NULL: no adjustment */
    const char *missing;               /* why no payment can be worked out */
};

/* What the payment needs, found once per indicator; sets x->missing. */
static void payment_inputs(const struct rules_year *y, const struct iif_input *in,
                           struct iif_result_ind *x, const struct iif_data *dt, struct arena *a,
                           struct pay_ctx *pc)
{
    const char *code = x->code;
    char fy[8];
    fy_format(y->fy, fy);
    memset(pc, 0, sizeof *pc);
    pc->in = in;
    pc->value = iif_point_value(y, in->on);
    pc->value_ok = pc->value && pc->value->has_value;
    if (pc->value_ok) {
        step_rule(x, a, "iif.point_value", TRAIL_PENCE, pc->value->value, &pc->value->m,
                  WORDS("Point value for %s: %s a point", fy, GBP(pc->value->value)));
    } else {
        const char *why = arena_printf(a, "the rules have no point value for %s", fy);
        if (pc->value)
            step_rule(x, a, "iif.point_value.unknown", TRAIL_NONE, 0, &pc->value->m,
                      WORDS("The point value for %s is not known (%s): no payment can "
                            "be worked out",
                            fy, y->dir));
        else
            trail_add(&x->trail, "iif.point_value.unknown", TRAIL_NONE, 0, NULL, CONF_UNCONFIRMED,
                      WORDS("The rules have no point value for %s: no payment can be "
                            "worked out",
                            fy));
        pc->missing = why;
    }
    if (in->list.known) {
        x->list_adj_ppm = list_ppm(&in->list);
        const int64_t num[] = {in->list.national_list}, den[] = {in->list.national_pcns};
        int64_t avg;
        if (money_ratio_round(num, 1, den, 1, ROUND_HALF_UP, &avg))
            avg = 0;
        step(x, "iif.list_adjustment", TRAIL_NONE, 0,
             WORDS("List-size adjustment: the PCN's %s patients ÷ the national average "
                   "PCN list of %s (%s patients in %s PCNs) = %s%s%s",
                   CNT(in->list.pcn_list), CNT(avg), CNT(in->list.national_list),
                   CNT(in->list.national_pcns), RATIO(x->list_adj_ppm), in->list.note ? "; " : "",
                   in->list.note ? in->list.note : ""));
    } else {
        trail_add(&x->trail, "iif.list_adjustment.unknown", TRAIL_NONE, 0, NULL, CONF_NONE,
                  WORDS("The list-size adjustment cannot be worked out%s%s",
                        in->list.note ? ": " : "", in->list.note ? in->list.note : ""));
        if (!pc->missing)
            pc->missing = in->list.note ? in->list.note : "the list sizes are not known";
    }
    const struct rule_iif_adjustment *pa = iif_adjustment(y, code, ADJUST_PREVALENCE, in->on);
    if (!pa || !pa->known) {
        const char *why = arena_printf(a, "whether %s has a prevalence adjustment is not known",
                                       code);
        if (pa)
            step_rule(x, a, "iif.prevalence.unknown", TRAIL_NONE, 0, &pa->m,
                      WORDS("Whether %s has a prevalence adjustment is not known: no "
                            "payment can be worked out",
                            code));
        else
            trail_add(&x->trail, "iif.prevalence.unknown", TRAIL_NONE, 0, NULL, CONF_UNCONFIRMED,
                      WORDS("The rules do not say whether %s has a prevalence "
                            "adjustment (iif_adjustments.csv): no payment can be worked "
                            "out",
                            code));
        if (!pc->missing)
            pc->missing = why;
    } else if (!pa->yes) {
        step_rule(x, a, "iif.prevalence.none", TRAIL_NONE, 0, &pa->m,
                  WORDS("%s has no prevalence adjustment", code));
    } else {
        x->prevalence_applies = true;
        const struct iif_prevalence *p = dt ? &dt->prev : NULL;
        if (p && p->known && p->pcn_list > 0 && p->national_list > 0 && p->national_patients > 0) {
            x->prev_adj_ppm = prev_ppm(p);
            int64_t pcn_bp, nat_bp;
            const int64_t n1[] = {p->pcn_patients, BP_WHOLE}, d1[] = {p->pcn_list};
            const int64_t n2[] = {p->national_patients, BP_WHOLE}, d2[] = {p->national_list};
            if (money_ratio_round(n1, 2, d1, 1, ROUND_HALF_UP, &pcn_bp) ||
                money_ratio_round(n2, 2, d2, 1, ROUND_HALF_UP, &nat_bp))
                pcn_bp = nat_bp = 0;
            step_rule(x, a, "iif.prevalence", TRAIL_NONE, 0, &pa->m,
                      WORDS("Prevalence adjustment%s%s: the PCN's %s (%s of %s "
                            "patients) ÷ England's %s (%s of %s) = %s",
                            p->origin ? ", " : "", p->origin ? p->origin : "", PCT(pcn_bp),
                            CNT(p->pcn_patients), CNT(p->pcn_list), PCT(nat_bp),
                            CNT(p->national_patients), CNT(p->national_list),
                            RATIO(x->prev_adj_ppm)));
            pc->prev = p;
        } else {
            const char *why = arena_printf(
                a, "%s has a prevalence adjustment, and the prevalence%s%s is not known", code,
                pa->register_code[0] ? " of QOF register " : "", pa->register_code);
            step_rule(x, a, "iif.prevalence.missing", TRAIL_NONE, 0, &pa->m,
                      WORDS("%s: import the QOF registers or enter the prevalence", why));
            if (!pc->missing)
                pc->missing = why;
        }
    }
}

static int pay(const struct pay_ctx *pc, int64_t points, pence_t *out, struct pcn_msg *m)
{
    return iif_payment(points, pc->value->value, &pc->in->list, pc->prev, pc->in->rounding, out, m);
}

static const char *payment_words(struct arena *a, const struct pay_ctx *pc,
                                 const struct iif_result_ind *x, int64_t points, pence_t v)
{
    const char *prev = pc->prev
                           ? arena_printf(a, " × prevalence adjustment %s", RATIO(x->prev_adj_ppm))
                           : "";
    return arena_printf(a,
                        "%s points × %s × list-size adjustment %s%s = %s (worked out exactly, "
                        "then rounded %s to the penny)",
                        PTS(points), GBP(pc->value->value), RATIO(x->list_adj_ppm), prev, GBP(v),
                        round_words(pc->in->rounding));
}

/* The rule row, in words. */
static void rule_row(const struct rule_iif *rule, struct arena *a, struct iif_result_ind *x)
{
    const char *code = rule->code;
    if (!rule->payment)
        step_rule(x, a, "iif.rule", TRAIL_NONE, 0, &rule->m,
                  WORDS("%s is management information: it earns no points", code));
    else if (rule->has_lower && rule->has_points)
        step_rule(x, a, "iif.rule", TRAIL_NONE, 0, &rule->m,
                  WORDS("%s: no points at or below %s, all %s points at or above %s, "
                        "in a straight line between",
                        code, PCT(rule->lower_bp), PTS(rule->points), PCT(rule->upper_bp)));
    else
        step_rule(x, a, "iif.rule", TRAIL_NONE, 0, &rule->m,
                  WORDS("%s: %s%s%s", code,
                        rule->has_lower ? arena_printf(a, "thresholds %s to %s",
                                                       PCT(rule->lower_bp), PCT(rule->upper_bp))
                                        : "thresholds not known",
                        ", ",
                        rule->has_points ? arena_printf(a, "%s points", PTS(rule->points))
                                         : "points not known"));
}

/* The figures and the achievement they give. */
static int figures(const struct rule_iif *rule, const struct iif_data *dt, struct arena *a,
                   struct iif_result_ind *x, struct pcn_msg *m)
{
    const char *code = rule->code;
    int rc;
    x->has_data = dt && dt->has_numerator && dt->has_denominator;
    if (dt && (dt->has_numerator || dt->has_denominator)) {
        x->numerator = dt->has_numerator ? dt->numerator : -1;
        x->denominator = dt->has_denominator ? dt->denominator : -1;
    } else {
        x->numerator = x->denominator = -1;
    }
    if (x->has_data) {
        if ((rc = check_figures(dt->numerator, dt->denominator, m))) {
            msg_prefix(m, "%s: ", code);
            return rc;
        }
        step(x, "iif.figures", TRAIL_COUNT, dt->numerator,
             WORDS("Numerator %s, denominator %s%s%s", CNT(dt->numerator), CNT(dt->denominator),
                   dt->origin ? " (" : "", dt->origin ? arena_printf(a, "%s)", dt->origin) : ""));
        if (dt->denominator > 0) {
            if ((rc = iif_achievement_bp(dt->numerator, dt->denominator, ROUND_HALF_UP,
                                         &x->achievement_bp, m)))
                return rc;
            x->has_achievement = true;
            step(x, "iif.achievement", TRAIL_BP, x->achievement_bp,
                 WORDS("Achievement: %s ÷ %s = %s", CNT(dt->numerator), CNT(dt->denominator),
                       PCT(x->achievement_bp)));
        } else {
            step(x, "iif.achievement.none", TRAIL_NONE, 0,
                 "The denominator is 0: no patients to measure, so no achievement and no points");
        }
    } else if (dt && dt->has_numerator) {
        step(x, "iif.figures", TRAIL_COUNT, dt->numerator,
             WORDS("Numerator %s; no denominator is published%s%s", CNT(dt->numerator),
                   dt->origin ? " (" : "", dt->origin ? arena_printf(a, "%s)", dt->origin) : ""));
    } else {
        step(x, "iif.figures.none", TRAIL_NONE, 0,
             "No figures: import NHS England's IIF publication or enter this year's figures");
    }
    return 0;
}

/* A payment indicator's status and the points its data earns. */
static int data_points(const struct iif_input *in, const struct rule_iif *rule,
                       const struct iif_data *dt, struct arena *a, struct iif_result_ind *x,
                       struct pcn_msg *m)
{
    const char *code = rule->code;
    int rc;
    if (!x->has_data)
        x->status = IIF_NO_DATA;
    else if (dt->denominator == 0)
        x->status = IIF_NO_PATIENTS;
    else if (!rule->has_lower)
        x->status = IIF_NO_THRESHOLDS;
    else {
        int64_t got, lo, hi;
        if (money_mul(dt->numerator, BP_WHOLE, &got) ||
            money_mul(rule->lower_bp, dt->denominator, &lo) ||
            money_mul(rule->upper_bp, dt->denominator, &hi))
            return msg_set(m, PCN_ELIMIT, "%s: the figures are too large", code);
        x->status = got <= lo ? IIF_NOT_ACHIEVED : got >= hi ? IIF_ACHIEVED : IIF_PART_ACHIEVED;
    }
    if (x->has_data && rule->has_lower && rule->has_points) {
        if ((rc = iif_points(dt->numerator, dt->denominator, rule->lower_bp, rule->upper_bp,
                             rule->points, in->rounding, &x->points, m))) {
            msg_prefix(m, "%s: ", code);
            return rc;
        }
        x->has_points = true;
        const char *how;
        switch (x->status) {
        case IIF_NO_PATIENTS:
            how = "a denominator of 0 earns no points";
            break;
        case IIF_NOT_ACHIEVED:
            how = WORDS("%s is at or below the lower threshold %s: no points",
                        PCT(x->achievement_bp), PCT(rule->lower_bp));
            break;
        case IIF_ACHIEVED:
            how = WORDS("%s is at or above the upper threshold %s: all %s points",
                        PCT(x->achievement_bp), PCT(rule->upper_bp), PTS(rule->points));
            break;
        default:
            how = WORDS("%s × (%s − %s) ÷ (%s − %s) = %s points (from %s ÷ %s "
                        "exactly, rounded %s to a thousandth of a point)",
                        PTS(rule->points), PCT(x->achievement_bp), PCT(rule->lower_bp),
                        PCT(rule->upper_bp), PCT(rule->lower_bp), PTS(x->points),
                        CNT(dt->numerator), CNT(dt->denominator), round_words(in->rounding));
        }
        trail_add(&x->trail, "iif.points", TRAIL_NONE, x->points, NULL, CONF_NONE,
                  WORDS("Points the data earns: %s", how));
    } else if (x->has_data && dt->denominator > 0) {
        step(x, "iif.points.unknown", TRAIL_NONE, 0,
             !rule->has_lower ? "Points cannot be worked out: the thresholds are not known"
                              : "Points cannot be worked out: the maximum points are not known");
    }
    return 0;
}

/* The points NHS England deems earned, when the year's rules say so. */
static int deemed(const struct rules_year *y, const struct iif_input *in,
                  const struct rule_iif *rule, struct arena *a, struct iif_result_ind *x,
                  struct pcn_msg *m)
{
    const char *code = rule->code;
    const struct rule_iif_adjustment *dm = iif_adjustment(y, code, ADJUST_DEEMED, in->on);
    if (dm && dm->known) {
        x->deemed_rule = dm;
        if (rule->has_points) {
            const int64_t num[] = {rule->points, dm->deemed_bp}, den[] = {BP_WHOLE};
            if (money_ratio_round(num, 2, den, 1, in->rounding, &x->deemed_points))
                return msg_set(m, PCN_ELIMIT, "%s: the deemed points are too large", code);
            x->deemed = true;
            step_rule(x, a, "iif.deemed", TRAIL_NONE, x->deemed_points, &dm->m,
                      WORDS("Deemed: NHS England counts %s of the %s points as earned "
                            "whatever the data, so %s points count%s",
                            PCT(dm->deemed_bp), PTS(rule->points), PTS(x->deemed_points),
                            x->has_points
                                ? arena_printf(a, " (the data alone earns %s)", PTS(x->points))
                                : ""));
        } else {
            step_rule(x, a, "iif.deemed.unknown", TRAIL_NONE, 0, &dm->m,
                      WORDS("%s of the points are deemed earned, but the points are "
                            "not known",
                            PCT(dm->deemed_bp)));
        }
    }
    return 0;
}

/* The payment of the points counted (and, when they are deemed, of the
 * data's alone), or why there is none. */
static int payment(const struct rules_year *y, const struct iif_input *in,
                   const struct rule_iif *rule, const struct iif_data *dt, struct arena *a,
                   struct iif_result_ind *x, struct pay_ctx *pc, struct pcn_msg *m)
{
    const char *code = rule->code;
    int rc;
    bool counting = x->deemed || x->has_points;
    int64_t count_points = x->deemed ? x->deemed_points : x->points;
    if (!counting) {
        x->missing = !rule->has_points ? arena_printf(a, "the points of %s are not known", code)
                     : !x->has_data    ? "there are no figures"
                     : !rule->has_lower
                         ? arena_printf(a, "the thresholds of %s are not known", code)
                         : "the points are not known";
    } else {
        payment_inputs(y, in, x, dt, a, pc);
        if (pc->missing) {
            x->missing = pc->missing;
            step(x, "iif.payment.none", TRAIL_NONE, 0,
                 WORDS("No payment worked out: %s", pc->missing));
        } else {
            if ((rc = pay(pc, count_points, &x->payment, m))) {
                msg_prefix(m, "%s: ", code);
                return rc;
            }
            x->has_payment = true;
            trail_add(&x->trail, "iif.payment", TRAIL_PENCE, x->payment, NULL, CONF_NONE,
                      WORDS("Payment%s: %s", x->deemed ? " on the deemed points" : "",
                            payment_words(a, pc, x, count_points, x->payment)));
            if (x->deemed && x->has_points) {
                if ((rc = pay(pc, x->points, &x->data_payment, m)))
                    return rc;
                x->has_data_payment = true;
                trail_add(&x->trail, "iif.payment.data", TRAIL_PENCE, x->data_payment, NULL,
                          CONF_NONE,
                          WORDS("What the data alone would have earned: %s",
                                payment_words(a, pc, x, x->points, x->data_payment)));
            }
        }
    }
    return 0;
}

/* What-if: what reaching the upper threshold takes and is worth. */
static int whatif(const struct iif_input *in, const struct rule_iif *rule,
                  const struct iif_data *dt, struct iif_result_ind *x, struct pay_ctx *pc,
                  struct pcn_msg *m)
{
    const char *code = rule->code;
    int rc;
    struct iif_whatif *w = &x->whatif;
    w->deemed = x->deemed;
    if (x->has_data && dt->denominator > 0 && rule->has_lower) {
        const int64_t num[] = {rule->upper_bp, dt->denominator}, den[] = {BP_WHOLE};
        if (money_ratio_round(num, 2, den, 1, ROUND_UP, &w->target))
            return msg_set(m, PCN_ELIMIT, "%s: the figures are too large", code);
        w->known = true;
        w->patients = w->target > dt->numerator ? w->target - dt->numerator : 0;
        if (rule->has_points) {
            w->has_points = true;
            w->points_gain = rule->points - x->points;
            const int64_t n2[] = {rule->points, BP_WHOLE},
                          d2[] = {rule->upper_bp - rule->lower_bp, dt->denominator};
            if (money_ratio_round(n2, 2, d2, 2, in->rounding, &w->points_per_patient))
                w->points_per_patient = 0;
            if (x->deemed ? x->has_data_payment : x->has_payment) {
                pence_t full, now = x->deemed ? x->data_payment : x->payment;
                if ((rc = pay(pc, rule->points, &full, m)))
                    return rc;
                w->has_payment = true;
                w->payment_gain = full - now;
            }
        }
    }
    return 0;
}

static int one_indicator(const struct rules_year *y, const struct iif_input *in,
                         const struct rule_iif *rule, struct arena *a, struct iif_result_ind *x,
                         struct pcn_msg *m)
{
    const char *code = rule->code;
    const struct iif_data *dt = find_data(in, code);
    int rc;

    memset(x, 0, sizeof *x);
    x->rule = rule;
    x->code = code;
    x->conf = CONF_NONE;
    x->list_adj_ppm = x->prev_adj_ppm = -1;
    trail_init(&x->trail, a);
    x->trail.quiet = in->no_working;
    rule_row(rule, a, x);
    if ((rc = figures(rule, dt, a, x, m)))
        return rc;
    if (!rule->payment) {
        x->status = x->has_data || (dt && dt->has_numerator) ? IIF_INFORMATION : IIF_NO_DATA;
        return 0;
    }
    struct pay_ctx pc = {0};
    if ((rc = data_points(in, rule, dt, a, x, m)) || (rc = deemed(y, in, rule, a, x, m)) ||
        (rc = payment(y, in, rule, dt, a, x, &pc, m)))
        return rc;
    return whatif(in, rule, dt, x, &pc, m);
}

int iif_compute(const struct rules_year *y, const struct iif_input *in, struct arena *a,
                struct iif_result *out, struct pcn_msg *m)
{
    memset(out, 0, sizeof *out);
    out->fy = in->fy;
    out->conf = CONF_NONE;
    if (y->nerrors) {
        char fy[8];
        fy_format(y->fy, fy);
        return msg_set(m, PCN_EINVAL, "the rules for %s have %ld problem%s: run pcnops rules check",
                       fy, y->nerrors, y->nerrors == 1 ? "" : "s");
    }
    out->value = iif_point_value(y, in->on);
    out->ind = arena_zalloc(a, (y->niif + 1) * sizeof *out->ind);
    for (size_t i = 0; i < y->niif; i++) {
        const char *code = y->iif[i].code;
        bool seen = false;
        for (size_t k = 0; k < out->nind && !seen; k++)
            seen = strcmp(out->ind[k].code, code) == 0;
        if (seen)
            continue;
        struct iif_result_ind *x = &out->ind[out->nind];
        int rc = one_indicator(y, in, iif_rule(y, code, in->on), a, x, m);
        if (rc)
            return rc;
        out->nind++;
        if (!x->rule->payment)
            continue;
        out->conf = conf_weakest(out->conf, x->conf);
        if (x->deemed)
            out->points += x->deemed_points;
        else if (x->has_points)
            out->points += x->points;
        if (x->has_payment) {
            if (money_add(out->payment, x->payment, &out->payment))
                return msg_set(m, PCN_ELIMIT, "the payments are too large to add up");
        } else {
            out->payments_missing++;
        }
    }
    return 0;
}

/* ---- practice by practice ---------------------------------------------- */

int iif_breakdown(const struct rule_iif *rule, const struct iif_practice_in *in, size_t n,
                  enum round_policy p, struct arena *a, struct iif_practice_out **out,
                  struct pcn_msg *m)
{
    int64_t tn = 0, td = 0;
    int rc;
    struct iif_practice_out *o = arena_zalloc(a, (n + 1) * sizeof *o);
    for (size_t i = 0; i < n; i++) {
        o[i].code = in[i].code;
        o[i].name = in[i].name;
        o[i].has_data = in[i].has_data;
        o[i].to_upper = -1;
        o[i].share_numerator_bp = o[i].share_denominator_bp = -1;
        if (!in[i].has_data)
            continue;
        if ((rc = check_figures(in[i].numerator, in[i].denominator, m))) {
            msg_prefix(m, "practice %s: ", in[i].code);
            return rc;
        }
        o[i].numerator = in[i].numerator;
        o[i].denominator = in[i].denominator;
        o[i].not_yet = in[i].denominator - in[i].numerator;
        if (money_add(tn, in[i].numerator, &tn) || money_add(td, in[i].denominator, &td))
            return msg_set(m, PCN_ELIMIT, "the practices' figures are too large to add up");
        if (in[i].denominator > 0) {
            o[i].has_achievement = true;
            if ((rc = iif_achievement_bp(in[i].numerator, in[i].denominator, ROUND_HALF_UP,
                                         &o[i].achievement_bp, m)))
                return rc;
        }
    }
    bool rule_ok = rule && rule->has_lower;
    int64_t now_points = 0;
    bool points_ok = rule_ok && rule->has_points && td > 0;
    if (points_ok &&
        (rc = iif_points(tn, td, rule->lower_bp, rule->upper_bp, rule->points, p, &now_points, m)))
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (!o[i].has_data)
            continue;
        const int64_t bp[] = {BP_WHOLE};
        if (tn > 0) {
            const int64_t num[] = {o[i].numerator, BP_WHOLE}, den[] = {tn};
            if (money_ratio_round(num, 2, den, 1, ROUND_HALF_UP, &o[i].share_numerator_bp))
                return msg_set(m, PCN_ELIMIT, "the practices' figures are too large");
        }
        if (td > 0) {
            const int64_t num[] = {o[i].denominator, BP_WHOLE}, den[] = {td};
            if (money_ratio_round(num, 2, den, 1, ROUND_HALF_UP, &o[i].share_denominator_bp))
                return msg_set(m, PCN_ELIMIT, "the practices' figures are too large");
        }
        if (rule_ok && o[i].denominator > 0) {
            const int64_t num[] = {rule->upper_bp, o[i].denominator};
            int64_t target;
            if (money_ratio_round(num, 2, bp, 1, ROUND_UP, &target))
                return msg_set(m, PCN_ELIMIT, "the practices' figures are too large");
            o[i].to_upper = target > o[i].numerator ? target - o[i].numerator : 0;
            if (points_ok) {
                int64_t then;
                if ((rc = iif_points(tn + o[i].to_upper, td, rule->lower_bp, rule->upper_bp,
                                     rule->points, p, &then, m)))
                    return rc;
                o[i].has_gain = true;
                o[i].gain_points = then - now_points;
            }
        } else if (rule_ok) {
            o[i].to_upper = 0;
        }
    }
    *out = o;
    return 0;
}
