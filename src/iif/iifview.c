#include "common.h"
#include "iifview.h"
#include "fundview.h"
#include "regview.h"

static json_t *jv_opt(bool known, int64_t v)
{
    return known ? json_integer(v) : json_null();
}

static json_t *jv_conf(enum confidence c)
{
    return c == CONF_NONE ? json_null() : json_string(conf_name(c));
}

json_t *iifview_decimal(int64_t v, int decimals)
{
    int64_t scale = 1;
    for (int i = 0; i < decimals; i++)
        scale *= 10;
    if (v % scale == 0)
        return json_integer(v / scale);
    /* The one place a double is made: for JSON text, from an exact integer;
     * ten significant digits print it back exactly (PCN_JSON_DUMP, jsonfmt.h). */
    return json_real((double)v / (double)scale);
}

static json_t *jv_dec(bool known, int64_t v, int decimals)
{
    return known ? iifview_decimal(v, decimals) : json_null();
}

static json_t *whatif(const struct iif_result_ind *x)
{
    const struct iif_whatif *w = &x->whatif;
    if (!w->known)
        return json_null();
    json_t *o = json_pack("{s:I,s:I}", "target_numerator", (json_int_t)w->target, "more_patients",
                          (json_int_t)w->patients);
    json_object_set_new(o, "points_gain", jv_dec(w->has_points, w->points_gain, 3));
    json_object_set_new(o, "points_gain_thousandths", jv_opt(w->has_points, w->points_gain));
    json_object_set_new(o, "points_per_patient_thousandths",
                        jv_opt(w->has_points, w->points_per_patient));
    json_object_set_new(o, "payment_gain_pence", jv_opt(w->has_payment, w->payment_gain));
    json_object_set_new(o, "deemed", json_boolean(w->deemed));
    return o;
}

static json_t *practices(const struct iif_pcn *p, const struct iif_result_ind *x,
                         const struct iifview_opts *o, struct pcn_msg *m, bool *failed)
{
    const struct iif_members *mb = iifdata_members(p, x->code);
    if (!mb)
        return json_null();
    struct iif_practice_out *out;
    if (iif_breakdown(x->rule, mb->practices, mb->n, p->in.rounding, o->a, &out, m)) {
        *failed = true;
        return json_null();
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < mb->n; i++) {
        const struct iif_practice_out *q = &out[i];
        json_t *e = json_pack("{s:s,s:o}", "code", q->code, "name", jv_str(q->name));
        json_object_set_new(e, "numerator", jv_opt(q->has_data, q->numerator));
        json_object_set_new(e, "denominator", jv_opt(q->has_data, q->denominator));
        json_object_set_new(e, "achievement", jv_dec(q->has_achievement, q->achievement_bp, 2));
        json_object_set_new(e, "achievement_bp", jv_opt(q->has_achievement, q->achievement_bp));
        json_object_set_new(e, "share_of_numerator_bp",
                            jv_opt(q->share_numerator_bp >= 0, q->share_numerator_bp));
        json_object_set_new(e, "share_of_denominator_bp",
                            jv_opt(q->share_denominator_bp >= 0, q->share_denominator_bp));
        json_object_set_new(e, "without_intervention", jv_opt(q->has_data, q->not_yet));
        json_object_set_new(e, "more_patients_to_upper", jv_opt(q->to_upper >= 0, q->to_upper));
        json_object_set_new(e, "pcn_points_gain_thousandths", jv_opt(q->has_gain, q->gain_points));
        json_array_append_new(arr, e);
    }
    return json_pack("{s:o,s:b,s:o}", "members_on", jv_date(mb->on), "published", mb->published,
                     "practices", arr);
}

static const struct iif_data *data_of(const struct iif_pcn *p, const char *code)
{
    for (size_t i = 0; i < p->ndata; i++)
        if (strcmp(p->data[i].code, code) == 0)
            return &p->data[i];
    return NULL;
}

json_t *iifview_pcn(const struct iif_pcn *p, const struct iif_result *r, const struct rules_year *y,
                    const struct iifview_opts *o, struct pcn_msg *m)
{
    char fy[8];
    bool failed = false;
    fy_format(r->fy, fy);
    const struct iif_list *l = &p->in.list;
    json_t *list = json_pack(
        "{s:b,s:o,s:o,s:o,s:o,s:b,s:o}", "known", l->known, "pcn_list",
        jv_opt(l->known, l->pcn_list), "national_list", jv_opt(l->known, l->national_list),
        "national_pcns", jv_opt(l->known, l->national_pcns), "date",
        jv_date(l->known ? l->date : DATE_NONE), "estimate", l->estimate, "note", jv_str(l->note));
    json_t *inds = json_array();
    for (size_t i = 0; i < r->nind; i++) {
        const struct iif_result_ind *x = &r->ind[i];
        const struct rule_iif *ru = x->rule;
        const struct iif_data *dt = data_of(p, x->code);
        json_t *e = json_pack("{s:s,s:o,s:s,s:s}", "code", x->code, "nhs_id",
                              jv_str(ru->nhs_id[0] ? ru->nhs_id : NULL), "kind",
                              ru->payment ? "payment" : "management_information", "description",
                              ru->description);
        json_object_set_new(e, "lower_threshold_bp", jv_opt(ru->has_lower, ru->lower_bp));
        json_object_set_new(e, "upper_threshold_bp", jv_opt(ru->has_upper, ru->upper_bp));
        json_object_set_new(e, "max_points", jv_dec(ru->has_points && ru->payment, ru->points, 3));
        json_object_set_new(e, "status", json_string(iif_status_name(x->status)));
        json_object_set_new(e, "status_label", json_string(iif_status_label(x->status)));
        json_object_set_new(e, "numerator", jv_opt(x->numerator >= 0, x->numerator));
        json_object_set_new(e, "denominator", jv_opt(x->denominator >= 0, x->denominator));
        json_object_set_new(
            e, "figures_from",
            jv_str(dt && (dt->has_numerator || dt->has_denominator) ? dt->origin : NULL));
        json_object_set_new(e, "achievement", jv_dec(x->has_achievement, x->achievement_bp, 2));
        json_object_set_new(e, "achievement_bp", jv_opt(x->has_achievement, x->achievement_bp));
        json_object_set_new(e, "points", jv_dec(x->has_points, x->points, 3));
        json_object_set_new(e, "points_thousandths", jv_opt(x->has_points, x->points));
        json_object_set_new(e, "deemed_points", jv_dec(x->deemed, x->deemed_points, 3));
        json_object_set_new(e, "deemed_points_thousandths", jv_opt(x->deemed, x->deemed_points));
        json_object_set_new(e, "payment_pence", jv_opt(x->has_payment, x->payment));
        json_object_set_new(e, "payment_on", json_string(x->deemed ? "deemed_points" : "points"));
        json_object_set_new(e, "data_payment_pence", jv_opt(x->has_data_payment, x->data_payment));
        json_object_set_new(e, "payment_missing",
                            ru->payment ? jv_str(x->has_payment ? NULL : x->missing) : json_null());
        json_object_set_new(e, "list_size_adjustment_millionths",
                            jv_opt(x->list_adj_ppm >= 0, x->list_adj_ppm));
        json_object_set_new(e, "prevalence_adjustment_millionths",
                            jv_opt(x->prev_adj_ppm >= 0, x->prev_adj_ppm));
        json_object_set_new(e, "confidence", jv_conf(x->conf));
        json_object_set_new(e, "what_if", whatif(x));
        if (o->practices && ru->payment)
            json_object_set_new(e, "practices", practices(p, x, o, m, &failed));
        if (o->explain)
            json_object_set_new(e, "trail", fundview_trail(&x->trail));
        json_array_append_new(inds, e);
    }
    const struct rule_iif_value *v = r->value;
    json_t *root = json_pack("{s:{s:s,s:s},s:s,s:s,s:o,s:o,s:o}", "pcn", "code", p->code, "name",
                             p->name, "year", fy, "rules", y->dir, "point_value_pence",
                             jv_opt(v && v->has_value, v ? v->value : 0), "members_on",
                             jv_date(p->members_on), "list_size", list);
    json_object_set_new(root, "indicators", inds);
    json_object_set_new(root, "totals",
                        json_pack("{s:o,s:I,s:I,s:I}", "points", iifview_decimal(r->points, 3),
                                  "points_thousandths", (json_int_t)r->points, "payment_pence",
                                  (json_int_t)r->payment, "payments_missing",
                                  (json_int_t)r->payments_missing));
    json_object_set_new(root, "confidence", jv_conf(r->conf));
    if (failed) {
        json_decref(root);
        return NULL;
    }
    return root;
}

json_t *iifview_entries(const struct iif_entry *e, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        char mon[8];
        snprintf(mon, sizeof mon, "%04d-%02d", e[i].year, e[i].month);
        json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:I,s:I}", "month", mon, "code", e[i].code,
                                           "organisation", e[i].org, "numerator",
                                           (json_int_t)e[i].numerator, "denominator",
                                           (json_int_t)e[i].denominator));
    }
    return a;
}

json_t *iifview_unallocated(fy_t fy, date_t ach, const struct iif_orphan *o, size_t n)
{
    char fyl[8];
    fy_format(fy, fyl);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:s,s:s}", "code", o[i].code, "name", o[i].name));
    return json_pack("{s:s,s:o,s:I,s:o}", "year", fyl, "achievement_date", jv_date(ach), "count",
                     (json_int_t)n, "practices", a);
}

json_t *iifview_caip(const struct caip_view *v)
{
    char fy[8];
    fy_format(v->fy, fy);
    json_t *items = json_array();
    for (size_t i = 0; i < v->n; i++) {
        const struct caip_item *it = &v->items[i];
        json_t *e = json_pack("{s:s,s:s,s:o,s:s,s:o,s:s}", "criterion", it->rule->id, "name",
                              it->rule->name, "weight_hundredths",
                              jv_opt(it->rule->has_weight, it->rule->weight), "status",
                              caip_status_name(it->recorded ? it->status : CAIP_NOT_STARTED),
                              "evidence", jv_str(it->evidence[0] ? it->evidence : NULL),
                              "confidence", conf_name(it->rule->m.conf));
        json_array_append_new(items, e);
    }
    const struct caip_share *s = &v->share;
    return json_pack("{s:s,s:s,s:s,s:o,s:o,s:{s:b,s:o,s:I,s:I,s:o},s:o}", "pcn", v->pcn, "year", fy,
                     "rules", v->y->dir, "declared_on", jv_date(v->declared_on), "criteria", items,
                     "achieved", "known", s->known, "share_bp", jv_opt(s->known, s->achieved_bp),
                     "met", (json_int_t)s->met, "of", (json_int_t)s->n, "why_not_known",
                     jv_str(s->known ? NULL : s->why), "entitlement_share_bp",
                     jv_opt(v->entitlement_known, v->entitlement_bp));
}
