#include "common.h"
#include "fundview.h"
#include "regview.h"

static json_t *jv_conf(enum confidence c)
{
    return c == CONF_NONE ? json_null() : json_string(conf_name(c));
}

static json_t *jv_months(const pence_t v[ENT_MONTHS])
{
    json_t *a = json_array();
    for (int m = 0; m < ENT_MONTHS; m++)
        json_array_append_new(a, json_integer(v[m]));
    return a;
}

static json_t *jv_opt(bool known, int64_t v)
{
    return known ? json_integer(v) : json_null();
}

json_t *fundview_trail(const struct trail *t)
{
    json_t *a = json_array();
    for (size_t i = 0; i < t->n; i++) {
        const struct trail_step *s = &t->steps[i];
        json_array_append_new(
            a, json_pack("{s:s,s:s,s:o,s:s,s:o,s:o}", "key", s->key, "text", s->text, "value",
                         s->unit == TRAIL_NONE ? json_null() : json_integer(s->value), "unit",
                         trail_unit_name(s->unit), "source", jv_str(s->source), "confidence",
                         jv_conf(s->conf)));
    }
    return a;
}

json_t *fundview_entitlements(const struct ent_result *r, const struct rules_year *y,
                              bool practices, bool explain)
{
    const struct ent_input *in = r->in;
    char fy[8];
    fy_format(r->fy, fy);

    json_t *streams = json_array();
    for (size_t i = 0; i < r->nstreams; i++) {
        const struct ent_stream *s = &r->streams[i];
        json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:I,s:I,s:o,s:b,s:o,s:s}", "id", s->rule->id,
                              "name", s->rule->name, "kind", rule_stream_kind_name(s->rule->kind),
                              "paid_to", rule_paid_to_name(s->rule->paid_to), "annual_pence",
                              (json_int_t)s->annual, "maximum_pence", (json_int_t)s->maximum,
                              "monthly_pence", jv_months(s->monthly), "estimate", s->estimate,
                              "confidence", jv_conf(s->conf), "distribution",
                              ent_method_name(s->method));
        if (practices) {
            json_t *p = json_array();
            for (size_t k = 0; s->practice_annual && k < in->npractices; k++)
                json_array_append_new(p,
                                      json_pack("{s:s,s:I}", "code", in->practices[k].code,
                                                "annual_pence", (json_int_t)s->practice_annual[k]));
            json_object_set_new(o, "practices",
                                s->practice_annual ? p : (json_decref(p), json_null()));
        }
        if (explain)
            json_object_set_new(o, "trail", fundview_trail(&s->trail));
        json_array_append_new(streams, o);
    }
    json_t *missing = json_array();
    for (size_t i = 0; i < r->nmissing; i++)
        json_array_append_new(missing,
                              json_pack("{s:s,s:s,s:s}", "id", r->missing[i].rule->id, "name",
                                        r->missing[i].rule->name, "reason", r->missing[i].reason));
    struct org_ref pcn = {in->pcn_code, in->pcn_name};
    json_t *o = json_pack("{s:o,s:s,s:o,s:o,s:o,s:s,s:s,s:b,s:o}", "pcn", jv_ref(&pcn), "year", fy,
                          "base_date", jv_date(r->base_date), "members_date",
                          jv_date(in->members_date), "list_size_date", jv_date(in->list_date),
                          "rules", y->dir, "rounding", round_policy_name(in->rounding), "estimate",
                          r->estimate, "confidence", jv_conf(r->conf));
    json_object_set_new(o, "populations",
                        json_pack("{s:I,s:b,s:I,s:b,s:I,s:b}", "registered_list",
                                  (json_int_t)r->registered, "registered_list_estimate",
                                  r->registered_estimate, "adjusted_population_hundredths",
                                  (json_int_t)r->adjusted_h, "adjusted_population_estimate",
                                  r->adjusted_estimate, "weighted_population_hundredths",
                                  (json_int_t)r->weighted_h, "weighted_population_estimate",
                                  r->weighted_estimate));
    json_object_set_new(o, "streams", streams);
    json_object_set_new(o, "not_computed", missing);
    /* Money and maxima kept apart: payments the PCN and its practices
     * receive; "up to" amounts it claims against (the ARRS sum); streams
     * paid to practices outside the DES. */
    json_object_set_new(o, "payments_pence", json_integer(r->total));
    json_object_set_new(o, "up_to_pence", json_integer(r->maxima_total));
    json_object_set_new(o, "outside_des_pence", json_integer(r->outside_total));
    json_object_set_new(o, "monthly_payments_pence", jv_months(r->monthly_total));
    if (practices) {
        json_t *p = json_array();
        for (size_t k = 0; k < in->npractices; k++) {
            const struct ent_practice *pr = &in->practices[k];
            json_array_append_new(p, json_pack("{s:s,s:o,s:o,s:o,s:o,s:I}", "code", pr->code,
                                               "name", jv_str(pr->name), "registered_patients",
                                               jv_opt(pr->registered >= 0, pr->registered),
                                               "adjusted_population_hundredths",
                                               jv_opt(pr->adjusted_h >= 0, pr->adjusted_h),
                                               "weighted_population_hundredths",
                                               jv_opt(pr->weighted_h >= 0, pr->weighted_h),
                                               "payments_pence", (json_int_t)r->practice_total[k]));
        }
        json_object_set_new(o, "practices", p);
    }
    if (in->nproblems) { /* only when there are: the documents are otherwise as before */
        json_t *pr = json_array();
        for (size_t i = 0; i < in->nproblems; i++)
            json_array_append_new(pr, json_string(in->problems[i]));
        json_object_set_new(o, "problems", pr);
    }
    if (explain)
        json_object_set_new(o, "inputs_trail", fundview_trail(&r->inputs));
    return o;
}

json_t *fundview_many(fy_t fy, const struct rules_year *y, const char *icb, json_t *list,
                      pence_t payments, pence_t up_to, long estimates)
{
    char name[8];
    fy_format(fy, name);
    return json_pack("{s:s,s:s,s:o,s:o,s:I,s:I,s:I}", "year", name, "rules", y->dir, "icb",
                     icb ? json_string(icb) : json_null(), "pcns", list, "payments_pence",
                     (json_int_t)payments, "up_to_pence", (json_int_t)up_to, "estimates",
                     (json_int_t)estimates);
}

/* ---- sheets ------------------------------------------------------------- */

static const struct sheet_col streams_cols[] = {
    {"PCN code", SH_TEXT},     {"PCN name", SH_TEXT},      {"Year", SH_TEXT},
    {"Stream", SH_TEXT},       {"Counted as", SH_TEXT},    {"Annual amount (£)", SH_PENCE},
    {"April (£)", SH_PENCE},   {"May (£)", SH_PENCE},      {"June (£)", SH_PENCE},
    {"July (£)", SH_PENCE},    {"August (£)", SH_PENCE},   {"September (£)", SH_PENCE},
    {"October (£)", SH_PENCE}, {"November (£)", SH_PENCE}, {"December (£)", SH_PENCE},
    {"January (£)", SH_PENCE}, {"February (£)", SH_PENCE}, {"March (£)", SH_PENCE},
    {"Estimate", SH_TEXT},     {"Confidence", SH_TEXT},
};
static const struct sheet_col practices_cols[] = {
    {"PCN code", SH_TEXT}, {"Practice code", SH_TEXT}, {"Practice name", SH_TEXT},
    {"Stream", SH_TEXT},   {"Shared by", SH_TEXT},     {"Practice's share a year (£)", SH_PENCE},
};
static const struct sheet_col working_cols[] = {
    {"PCN code", SH_TEXT}, {"Stream", SH_TEXT},      {"Step", SH_INT},
    {"Working", SH_TEXT},  {"Amount (£)", SH_PENCE}, {"Figure", SH_TEXT},
    {"Unit", SH_TEXT},     {"Source", SH_TEXT},      {"Confidence", SH_TEXT},
};

void fundview_sheets_init(struct sheet sheets[FV_NSHEETS], struct arena *a)
{
    sheet_init(&sheets[FV_STREAMS], a, "Entitlements", streams_cols, ARRAY_SIZE(streams_cols));
    sheet_init(&sheets[FV_PRACTICES], a, "Practices", practices_cols, ARRAY_SIZE(practices_cols));
    sheet_init(&sheets[FV_WORKING], a, "Working", working_cols, ARRAY_SIZE(working_cols));
}

/* Which total a stream counts in, for people. */
static const char *counted_as(const struct rule_stream *r)
{
    switch (rule_stream_total(r)) {
    case TOTAL_PAYMENT:
        return "Payment";
    case TOTAL_UP_TO:
        return "Up to (a maximum to claim against, not a payment)";
    case TOTAL_OUTSIDE:
        return "Outside the DES (paid to practices)";
    }
    return "";
}

/* How a stream is shared among the practices, for people. */
static const char *shared_by(enum ent_method m)
{
    switch (m) {
    case METHOD_REGISTERED:
        return "Registered-list share";
    case METHOD_WEIGHTED:
        return "Weighted-population share";
    case METHOD_FIXED:
        return "The Network Agreement's fixed percentages";
    case METHOD_OWN:
        return "Each practice on its own population";
    case METHOD_NONE:
        return "Not shared";
    }
    return "";
}

/* A figure of the working in its unit for people: "2.218" pounds per
 * patient, "87.50" per cent, "12,345.67" people; its unit in words. */
static void figure(struct sheet *s, struct buf *b, const struct trail_step *st)
{
    static const struct {
        int decimals, min;
        const char *unit;
    } u[] = {
        [TRAIL_COUNT] = {0, 0, "number"},
        [TRAIL_HUNDREDTHS] = {2, 2, "people (a weighted or adjusted population)"},
        [TRAIL_BP] = {2, 0, "per cent"},
        [TRAIL_MILLIPENCE] = {5, 2, "pounds (a rate)"},
    };
    if (st->unit == TRAIL_NONE || st->unit == TRAIL_PENCE || (size_t)st->unit >= ARRAY_SIZE(u) ||
        !u[st->unit].unit) {
        sheet_empty(s);
        sheet_empty(s);
        return;
    }
    buf_reset(b);
    fixed_add(b, st->value, u[st->unit].decimals, u[st->unit].min, true);
    sheet_text(s, b->buf);
    sheet_text(s, u[st->unit].unit);
}

static void working_rows(struct sheet *s, const char *pcn, const char *stream,
                         const struct trail *t)
{
    struct buf b;
    buf_init(&b, 64);
    for (size_t i = 0; i < t->n; i++) {
        const struct trail_step *st = &t->steps[i];
        sheet_row(s);
        sheet_text(s, pcn);
        sheet_text(s, stream);
        sheet_num(s, (int64_t)i + 1);
        sheet_text(s, st->text);
        if (st->unit == TRAIL_PENCE)
            sheet_num(s, st->value);
        else
            sheet_empty(s);
        figure(s, &b, st);
        sheet_text(s, st->source);
        sheet_text(s, st->conf == CONF_NONE ? NULL : conf_label(st->conf));
    }
    buf_release(&b);
}

void fundview_sheets_add(struct sheet sheets[FV_NSHEETS], const struct ent_result *r,
                         bool streams_only)
{
    const struct ent_input *in = r->in;
    const char *name = in->pcn_name ? in->pcn_name : "";
    char fy[8];
    fy_format(r->fy, fy);
    for (size_t i = 0; i < r->nstreams; i++) {
        const struct ent_stream *st = &r->streams[i];
        struct sheet *s = &sheets[FV_STREAMS];
        sheet_row(s);
        sheet_text(s, in->pcn_code);
        sheet_text(s, name);
        sheet_text(s, fy);
        sheet_text(s, st->rule->name);
        sheet_text(s, counted_as(st->rule));
        sheet_num(s, st->annual);
        for (int m = 0; m < ENT_MONTHS; m++)
            sheet_num(s, st->monthly[m]);
        sheet_text(s, st->estimate ? "Yes" : "No");
        sheet_text(s, conf_label(st->conf));
    }
    if (streams_only)
        return;
    for (size_t p = 0; p < in->npractices; p++) {
        for (size_t i = 0; i < r->nstreams; i++) {
            const struct ent_stream *st = &r->streams[i];
            struct sheet *s = &sheets[FV_PRACTICES];
            if (!st->practice_annual)
                continue;
            sheet_row(s);
            sheet_text(s, in->pcn_code);
            sheet_text(s, in->practices[p].code);
            sheet_text(s, in->practices[p].name);
            sheet_text(s, st->rule->name);
            sheet_text(s, shared_by(st->method));
            sheet_num(s, st->practice_annual[p]);
        }
    }
    working_rows(&sheets[FV_WORKING], in->pcn_code, "Populations", &r->inputs);
    for (size_t i = 0; i < r->nstreams; i++)
        working_rows(&sheets[FV_WORKING], in->pcn_code, r->streams[i].rule->name,
                     &r->streams[i].trail);
}

/* ---- rules -------------------------------------------------------------- */

static void meta(json_t *o, const struct rule_meta *m)
{
    json_object_set_new(o, "valid_from", jv_date(m->from));
    json_object_set_new(o, "valid_to", jv_date(m->to));
    json_object_set_new(o, "confidence", json_string(conf_name(m->conf)));
    json_object_set_new(o, "sources", json_string(m->sources));
    json_object_set_new(o, "note", json_string(m->note));
    json_object_set_new(o, "at", json_sprintf("%s:%ld", m->at.file, m->at.line));
}

/* The streams of the year. */
static json_t *streams_json(const struct rules_year *y)
{
    json_t *streams = json_array();
    for (size_t i = 0; i < y->nstreams; i++) {
        const struct rule_stream *s = &y->streams[i];
        json_array_append_new(streams,
                              json_pack("{s:s,s:s,s:s,s:s,s:s,s:o}", "stream", s->id, "name",
                                        s->name, "paid_to", rule_paid_to_name(s->paid_to), "kind",
                                        rule_stream_kind_name(s->kind), "note", s->note, "at",
                                        json_sprintf("%s:%ld", s->at.file, s->at.line)));
    }
    return streams;
}

/* The stream rates of the year. */
static json_t *rates_json(const struct rules_year *y)
{
    json_t *rates = json_array();
    for (size_t i = 0; i < y->nrates; i++) {
        const struct rule_rate *t = &y->rates[i];
        json_t *o = json_pack("{s:s,s:s,s:s,s:o,s:s,s:s}", "stream", t->stream, "part", t->part,
                              "base", rule_base_name(t->base), "rate_millipence",
                              jv_opt(t->known, t->rate_mp), "per", rule_per_name(t->per), "use",
                              t->alternative ? "alternative" : "primary");
        meta(o, &t->m);
        json_array_append_new(rates, o);
    }
    return rates;
}

/* The ARRS roles of the year. */
static json_t *roles_json(const struct rules_year *y)
{
    json_t *roles = json_array();
    for (size_t i = 0; i < y->nroles; i++) {
        const struct rule_role *o = &y->roles[i];
        json_array_append_new(
            roles,
            json_pack("{s:s,s:s,s:o,s:I,s:o,s:o,s:o,s:o,s:s,s:s,s:s,s:o}", "role", o->id, "name",
                      o->name, "band", o->band[0] ? json_string(o->band) : json_null(),
                      "reimbursed_bp", (json_int_t)o->share_bp, "maximum_applies_to",
                      o->applies == APPLIES_UNKNOWN ? json_null()
                                                    : json_string(rule_applies_name(o->applies)),
                      "cap_ten_thousandths", jv_opt(o->has_cap, o->cap),
                      "cap_large_pcn_ten_thousandths", jv_opt(o->has_cap_large, o->cap_large),
                      "large_pcn_from", jv_opt(o->large_from > 0, o->large_from), "confidence",
                      conf_name(o->conf), "sources", o->sources, "note", o->note, "at",
                      json_sprintf("%s:%ld", o->at.file, o->at.line)));
    }
    return roles;
}

/* The ARRS maxima of the year. */
static json_t *maxima_json(const struct rules_year *y)
{
    json_t *maxima = json_array();
    for (size_t i = 0; i < y->nmaxima; i++) {
        const struct rule_max *x = &y->maxima[i];
        json_t *o = json_pack("{s:s,s:s,s:o}", "role", x->role, "area", rule_area_name(x->area),
                              "max_pence", jv_opt(x->known, x->max));
        meta(o, &x->m);
        json_array_append_new(maxima, o);
    }
    return maxima;
}

/* The pay points of the year. */
static json_t *pay_json(const struct rules_year *y)
{
    json_t *pay = json_array();
    for (size_t i = 0; i < y->npay; i++) {
        const struct rule_pay *p = &y->pay[i];
        json_t *o = json_pack("{s:s,s:s,s:I}", "band", p->band, "point",
                              rule_pay_point_name(p->point), "annual_pence", (json_int_t)p->annual);
        meta(o, &p->m);
        json_array_append_new(pay, o);
    }
    return pay;
}

/* The on-costs of the year. */
static json_t *oncosts_json(const struct rules_year *y)
{
    json_t *oncosts = json_array();
    for (size_t i = 0; i < y->noncosts; i++) {
        const struct rule_oncost_row *c = &y->oncosts[i];
        bool money = c->item == ONCOST_NI_THRESHOLD;
        json_t *o = json_pack("{s:s,s:o,s:s}", "item", rule_oncost_name(c->item), "value",
                              jv_opt(c->known, c->value), "unit",
                              money ? "pence_per_year" : "basis_points");
        meta(o, &c->m);
        json_array_append_new(oncosts, o);
    }
    return oncosts;
}

/* The IIF indicators of the year. */
static json_t *iif_json(const struct rules_year *y)
{
    json_t *iif = json_array();
    for (size_t i = 0; i < y->niif; i++) {
        const struct rule_iif *x = &y->iif[i];
        json_t *o = json_pack("{s:s,s:o,s:s,s:s,s:o,s:o,s:o}", "code", x->code, "nhs_id",
                              x->nhs_id[0] ? json_string(x->nhs_id) : json_null(), "kind",
                              x->payment ? "payment" : "management_information", "description",
                              x->description, "lower_bp", jv_opt(x->has_lower, x->lower_bp),
                              "upper_bp", jv_opt(x->has_upper, x->upper_bp), "points_thousandths",
                              jv_opt(x->has_points, x->points));
        meta(o, &x->m);
        json_array_append_new(iif, o);
    }
    return iif;
}

/* The IIF point values of the year. */
static json_t *iif_values_json(const struct rules_year *y)
{
    json_t *iifv = json_array();
    for (size_t i = 0; i < y->niif_values; i++) {
        const struct rule_iif_value *v = &y->iif_values[i];
        json_t *o = json_pack("{s:o,s:o,s:o}", "point_value_pence", jv_opt(v->has_value, v->value),
                              "max_points_thousandths", jv_opt(v->has_max, v->max_points),
                              "national_pence", jv_opt(v->has_national, v->national));
        meta(o, &v->m);
        json_array_append_new(iifv, o);
    }
    return iifv;
}

/* The payment schedule of the year. */
static json_t *schedule_json(const struct rules_year *y)
{
    json_t *sched = json_array();
    for (size_t i = 0; i < y->nschedule; i++) {
        const struct rule_schedule *t = &y->schedule[i];
        json_t *o = json_pack("{s:s,s:o,s:o}", "stream", t->stream, "arrears_months",
                              jv_opt(t->known, t->arrears), "paid_by",
                              t->payer == PAYER_UNKNOWN ? json_null()
                                                        : json_string(rule_payer_name(t->payer)));
        meta(o, &t->m);
        json_array_append_new(sched, o);
    }
    return sched;
}

/* The source tags and their addresses (else their notes). */
static json_t *sources_json(const struct rules *r)
{
    json_t *sources = json_object();
    for (size_t i = 0; i < r->nsources; i++)
        json_object_set_new(sources, r->sources[i].tag,
                            r->sources[i].address[0] ? json_string(r->sources[i].address)
                                                     : json_string(r->sources[i].note));
    return sources;
}

json_t *fundview_rules_year(const struct rules *r, const struct rules_year *y)
{
    char fy[8];
    fy_format(y->fy, fy);
    json_t *o = json_pack("{s:s,s:s}", "year", fy, "dir", y->dir);
    json_object_set_new(o, "streams", streams_json(y));
    json_object_set_new(o, "stream_rates", rates_json(y));
    json_object_set_new(o, "arrs_roles", roles_json(y));
    json_object_set_new(o, "arrs_maxima", maxima_json(y));
    json_object_set_new(o, "afc_pay", pay_json(y));
    json_object_set_new(o, "oncosts", oncosts_json(y));
    json_object_set_new(o, "iif_indicators", iif_json(y));
    json_object_set_new(o, "iif_point_value", iif_values_json(y));
    json_object_set_new(o, "payment_schedule", schedule_json(y));
    json_object_set_new(o, "sources", sources_json(r));
    return o;
}
