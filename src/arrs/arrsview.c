#include "common.h"
#include "arrsview.h"
#include "buf.h"
#include "fundview.h"
#include "regview.h"

json_t *jv_wte(int64_t wte_e4)
{
    struct buf b;
    buf_init(&b, 32);
    fixed_add(&b, wte_e4, 4, 1, false);
    json_t *j = json_string(b.buf);
    buf_release(&b);
    return j;
}

json_t *jv_month(int year, int month)
{
    char s[32];
    snprintf(s, sizeof s, "%04d-%02d", year, month);
    return json_string(s);
}

static json_t *opt_pence(bool has, pence_t v)
{
    return has ? json_integer(v) : json_null();
}

json_t *arrsview_staff(const struct staff *s, bool with_pay)
{
    json_t *terms = json_array();
    for (size_t i = 0; i < s->nterms; i++) {
        const struct arrs_terms *t = &s->terms[i];
        json_t *o = json_pack(
            "{s:o,s:o,s:I,s:o,s:o}", "from", jv_date(t->from), "wte", jv_wte(t->wte_e4), "wte_e4",
            (json_int_t)t->wte_e4, "band", jv_str(t->band), "pay_point",
            t->has_point ? json_string(rule_pay_point_name(t->point)) : json_null());
        if (with_pay) {
            json_object_set_new(o, "salary_pence", opt_pence(t->has_salary, t->salary));
            json_object_set_new(o, "oncost_pence", opt_pence(t->has_oncost, t->oncost));
            json_object_set_new(o, "annual_cost_pence", opt_pence(t->has_cost, t->cost));
        }
        json_array_append_new(terms, o);
    }
    return json_pack("{s:I,s:s,s:o,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:o}", "id", (json_int_t)s->id,
                     "pcn", s->pcn, "staff_id", jv_str(s->ref), "name", s->name, "role", s->role,
                     "employment", arrs_employment_name(s->employment), "zone",
                     rule_area_name(s->zone), "start_date", jv_date(s->start), "end_date",
                     jv_date(s->end), "supervisor", jv_str(s->supervisor), "terms", terms);
}

json_t *arrsview_staff_list(const struct staff *s, size_t n, bool with_pay)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, arrsview_staff(&s[i], with_pay));
    return arr;
}

json_t *arrsview_claim_line(const struct staff *s, const struct arrs_claim *c,
                            const struct claim_rec *rec, bool explain)
{
    json_t *o = json_pack("{s:I,s:s,s:s,s:o,s:i,s:b,s:o,s:o,s:o,s:b,s:b,s:s}", "staff_id",
                          (json_int_t)s->id, "name", s->name, "role", s->role, "month",
                          jv_month(c->year, c->month), "days", c->days, "known", c->known,
                          "cost_pence", c->known ? json_integer(c->cost) : json_null(), "cap_pence",
                          c->known ? json_integer(c->cap) : json_null(), "claim_pence",
                          c->known ? json_integer(c->claim) : json_null(), "capped", c->capped,
                          "estimate", c->estimate, "confidence", conf_name(c->conf));
    json_object_set_new(o, "not_known_because",
                        !c->known && c->why ? json_string(c->why) : json_null());
    if (rec) {
        static const char *const st[] = {"draft", "submitted", "approved", "paid"};
        json_object_set_new(o, "status", json_string(st[rec->status]));
        json_object_set_new(o, "recorded_claim_pence", json_integer(rec->claim));
        json_object_set_new(o, "submitted_on", jv_date(rec->submitted_on));
        json_object_set_new(o, "approved_on", jv_date(rec->approved_on));
        json_object_set_new(o, "approved_pence",
                            rec->approved >= 0 ? json_integer(rec->approved) : json_null());
        json_object_set_new(o, "paid_on", jv_date(rec->paid_on));
        json_object_set_new(o, "paid_pence",
                            rec->paid >= 0 ? json_integer(rec->paid) : json_null());
    } else {
        json_object_set_new(o, "status", json_null());
    }
    if (explain)
        json_object_set_new(o, "working", fundview_trail(&c->trail));
    return o;
}

json_t *arrsview_forecast(const struct arrs_forecast *f, bool sum_estimate)
{
    char fyl[8];
    fy_format(f->fy, fyl);
    json_t *months = json_array(), *roles = json_array();
    for (int k = 0; k < 12; k++)
        json_array_append_new(
            months, json_pack("{s:o,s:I,s:I,s:I}", "month",
                              jv_month(k < 9 ? f->fy : f->fy + 1, k < 9 ? k + 4 : k - 8),
                              "claim_pence", (json_int_t)f->month_claim[k], "claimed_pence",
                              (json_int_t)f->month_recorded[k], "projected_pence",
                              (json_int_t)(f->month_claim[k] - f->month_recorded[k])));
    for (size_t i = 0; i < f->nroles; i++)
        json_array_append_new(roles, json_pack("{s:s,s:s,s:I,s:o}", "role", f->roles[i].role,
                                               "name", f->roles[i].role_name, "max_pence",
                                               (json_int_t)f->roles[i].max, "wte",
                                               jv_wte(f->roles[i].wte_e4)));
        /* A sum that is not known is null, and so is all measured against it. */
#define KNOWN_INT(v) (f->sum_known ? json_integer((json_int_t)(v)) : json_null())
    json_t *o = json_pack(
        "{s:s,s:o,s:b,s:I,s:I,s:I,s:o,s:o,s:o,s:I,s:o,s:o,s:o}", "year", fyl, "sum_pence",
        KNOWN_INT(f->sum), "sum_estimate", sum_estimate, "claimed_pence", (json_int_t)f->claimed,
        "forecast_pence", (json_int_t)f->forecast, "projected_pence", (json_int_t)f->projected,
        "headroom_pence", KNOWN_INT(f->headroom), "used_bp", KNOWN_INT(f->used_bp), "alert",
        f->alert_over    ? json_string("over")
        : f->alert_under ? json_string("under")
                         : json_null(),
        "posts_without_maximum", (json_int_t)f->posts_unknown, "headroom_from", jv_date(f->from),
        "months", months, "headroom_by_role", roles);
#undef KNOWN_INT
    if (!f->sum_known && f->sum_why) /* why the sum is null, when not the year's rate */
        json_object_set_new(o, "sum_not_known_because", json_string(f->sum_why));
    return o;
}

static json_t *plan_json(const struct plan_post *posts, size_t n, fy_t fy, const struct plan *p)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct plan_choice *c = &p->choices[i];
        json_array_append_new(
            arr, json_pack("{s:s,s:s,s:o,s:o,s:i,s:I,s:I}", "name", posts[i].name, "role",
                           posts[i].role, "wte", jv_wte(c->wte_e4), "start_month",
                           c->wte_e4 ? jv_month(c->start < 9 ? fy : fy + 1,
                                                c->start < 9 ? c->start + 4 : c->start - 8)
                                     : json_null(),
                           "months", c->months, "cost_pence", (json_int_t)c->cost, "value",
                           (json_int_t)c->value));
    }
    return json_pack("{s:I,s:I,s:o}", "value", (json_int_t)p->value, "cost_pence",
                     (json_int_t)p->cost, "posts", arr);
}

json_t *arrsview_plan(const struct plan_post *posts, size_t n, fy_t fy, pence_t headroom,
                      const struct plan *best, const struct plan *alts, size_t nalts)
{
    json_t *al = json_array();
    for (size_t i = 0; i < nalts; i++)
        json_array_append_new(al, plan_json(posts, n, fy, &alts[i]));
    return json_pack("{s:I,s:o,s:o}", "headroom_pence", (json_int_t)headroom, "best",
                     plan_json(posts, n, fy, best), "alternatives", al);
}

/* ---- the claims download ------------------------------------------------- */

const char *arrsview_claim_status_words(enum claim_status s)
{
    static const char *const words[] = {"Draft", "Submitted", "Approved", "Paid"};
    return words[s];
}

const struct sheet_col *arrsview_claim_columns(struct arena *a, const struct sheet_col *head,
                                               size_t nhead, size_t *ncols)
{
    static const struct sheet_col tail[] = {
        {"Days in post this month", SH_INT},
        {"Cost (£)", SH_PENCE},
        {"Maximum (£)", SH_PENCE},
        {"Claim (£)", SH_PENCE},
        {"Status", SH_TEXT},
        {"Not worked out because", SH_TEXT},
    };
    *ncols = nhead + ARRAY_SIZE(tail);
    struct sheet_col *cols = arena_alloc(a, *ncols * sizeof *cols);
    memcpy(cols, head, nhead * sizeof *cols);
    memcpy(cols + nhead, tail, sizeof tail);
    return cols;
}

void arrsview_claim_cells(struct sheet *sh, const struct arrs_claim *c, const struct claim_rec *rec)
{
    sheet_num(sh, c->days);
    if (c->known) {
        sheet_num(sh, c->cost);
        sheet_num(sh, c->cap);
        sheet_num(sh, c->claim);
    } else {
        sheet_empty(sh);
        sheet_empty(sh);
        sheet_empty(sh);
    }
    sheet_text(sh, rec ? arrsview_claim_status_words(rec->status) : "Not drafted");
    if (c->known)
        sheet_empty(sh);
    else
        sheet_text(sh, c->why ? c->why : "not known");
}
