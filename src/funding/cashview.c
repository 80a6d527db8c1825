/* cashview.c: see cashview.h. */
#include "cashview.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "db.h"
#include "deskview.h"
#include "entitle.h"
#include "funding.h"
#include "override.h"
#include "staff.h"

#define NOTE_MAX 500

static const char *const lag_words[] = {
    [LAG_SETTING] = "setting", [LAG_OBSERVED] = "observed", [LAG_RULES] = "rules"};

const char *cashview_lag_name(enum cashview_lag l)
{
    return (size_t)l < ARRAY_SIZE(lag_words) ? lag_words[l] : "?";
}

/* ---- the PCN's own lag ------------------------------------------------ */

int cashview_setting(struct db *db, const char *pcn, struct arena *a, struct cashview_setting *out,
                     struct pcn_msg *m)
{
    struct db_stmt *st;
    memset(out, 0, sizeof *out);
    int rc = db_cached(db, "SELECT lag_months, note, set_at FROM arrs_lag WHERE pcn_code = ?", &st,
                       m);
    if (rc)
        return rc;
    db_bind_text(st, 1, pcn);
    rc = db_step(st, m);
    if (rc == 1) {
        out->set = true;
        out->lag = (int)db_col_int(st, 0);
        out->note = arena_strdup(a, db_col_text(st, 1));
        out->at = (time_t)db_col_int(st, 2);
    }
    db_reset(st);
    return rc < 0 ? rc : 0;
}

static json_t *setting_json(const struct cashview_setting *s)
{
    if (!s->set)
        return json_null();
    return json_pack("{s:i,s:s}", "lag_months", s->lag, "note", s->note ? s->note : "");
}

int cashview_set_lag(struct db *db, const char *pcn, int lag, const char *note,
                     const struct desk_actor *who, struct pcn_msg *m)
{
    if (lag > 12)
        return msg_set(m, PCN_EINVAL, "lag: %d months is more than 12", lag);
    if (lag >= 0 && (!note || !*note))
        return msg_set(m, PCN_EINVAL,
                       "note: say where the lag comes from (the ICB's word, "
                       "its payment dates)");
    if (note && (strlen(note) > NOTE_MAX || !utf8_valid(note, strlen(note))))
        return msg_set(m, PCN_EINVAL, "note: at most %d characters of text", NOTE_MAX);
    int rc = deskdb_check_pcn(db, pcn, m);
    if (rc)
        return rc;
    struct arena a;
    arena_init(&a, 1024);
    struct cashview_setting before, after = {.set = lag >= 0, .lag = lag, .note = note};
    struct db_stmt *st;
    if ((rc = db_begin(db, m)))
        goto done;
    if ((rc = cashview_setting(db, pcn, &a, &before, m)))
        goto out;
    if (!before.set && lag < 0)
        goto out; /* nothing to remove: nothing written, nothing to audit */
    if (lag >= 0)
        rc = db_cached(db,
                       "INSERT INTO arrs_lag (pcn_code, lag_months, note, set_at) VALUES (?, ?, "
                       "?, ?) ON CONFLICT (pcn_code) DO UPDATE SET lag_months = "
                       "excluded.lag_months, note = excluded.note, set_at = excluded.set_at",
                       &st, m);
    else
        rc = db_cached(db, "DELETE FROM arrs_lag WHERE pcn_code = ?", &st, m);
    if (rc)
        goto out;
    db_bind_text(st, 1, pcn);
    if (lag >= 0) {
        db_bind_int(st, 2, lag);
        db_bind_text(st, 3, note);
        db_bind_int(st, 4, (int64_t)who->now);
    }
    if ((rc = db_run(st, m)))
        goto out;
    rc = deskdb_audit(db, who, "arrs-lag-set", pcn,
                      json_pack("{s:s,s:o,s:o}", "record", "arrs_lag", "before",
                                setting_json(&before), "after", setting_json(&after)),
                      m);
out:
    if (rc)
        db_rollback(db);
    else
        rc = db_commit(db, m);
done:
    arena_release(&a);
    return rc;
}

/* ---- gathering ------------------------------------------------------------ */

static enum cashflow_state state_of(enum claim_status s)
{
    switch (s) {
    case CLAIM_DRAFT:
        return CF_DRAFT;
    case CLAIM_SUBMITTED:
        return CF_SUBMITTED;
    case CLAIM_APPROVED:
        return CF_APPROVED;
    case CLAIM_PAID:
        return CF_PAID;
    }
    return CF_NOT_CLAIMED;
}

/* The year's twelve months of one post as items (months not in post left
 * out).  *n grows. */
static int post_items(const struct rules *lr, const struct arrs_post *p, fy_t fy,
                      const struct claim_rec *claims, size_t nclaims, struct arena *a,
                      struct cashflow_item *items, size_t *n, struct pcn_msg *m)
{
    for (int i = 0; i < CASHFLOW_MONTHS; i++) {
        int y = i < 9 ? fy : fy + 1, mo = i < 9 ? i + 4 : i - 8;
        struct arrs_claim cl;
        int rc = arrs_claim_month(lr, p, y, mo, a, &cl, m);
        if (rc)
            return rc;
        if (cl.days == 0)
            continue;
        struct cashflow_item it = {.post_id = p->id,
                                   .month = i,
                                   .cost_known = cl.known || cl.cost > 0,
                                   .cost = cl.cost,
                                   .claim_known = cl.known,
                                   .claim = cl.claim,
                                   .state = CF_NOT_CLAIMED,
                                   .amount = -1,
                                   .paid_on = DATE_NONE};
        for (size_t k = 0; k < nclaims; k++) {
            const struct claim_rec *c = &claims[k];
            if (c->staff_id != p->id || c->year != y || c->month != mo)
                continue;
            it.state = state_of(c->status);
            it.amount = c->paid >= 0               ? c->paid
                        : c->approved >= 0         ? c->approved
                        : c->status != CLAIM_DRAFT ? c->claim
                                                   : -1;
            it.paid_on = c->paid_on;
            break;
        }
        items[(*n)++] = it;
    }
    return 0;
}

int cashview_gather(struct db *db, const struct rules *r, const char *pcn, fy_t fy, date_t today,
                    const struct arrs_post *extra, struct arena *a, struct cashview *out,
                    struct pcn_msg *m)
{
    memset(out, 0, sizeof *out);
    out->pcn = pcn;
    out->fy = fy;
    out->today = today;
    const struct rules *lr;
    struct staff *posts;
    struct claim_rec *claims, *last;
    size_t nposts, nclaims, nlast;
    int rc;
    char fyl[8];
    fy_format(fy, fyl);
    if ((rc = override_rules(db, r, pcn, fy_start(fy), a, &lr, m)) ||
        (rc = staff_list(db, pcn, fy_start(fy), a, &posts, &nposts, m)) ||
        (rc = claims_list(db, pcn, fy, 0, 0, a, &claims, &nclaims, m)) ||
        (rc = claims_list(db, pcn, fy - 1, 0, 0, a, &last, &nlast, m)) ||
        (rc = cashview_setting(db, pcn, a, &out->setting, m)))
        return rc;
    const struct rules_year *y;
    if ((rc = rules_year_need(lr, fy, PCN_ENOTFOUND, &y, m)))
        return rc;

    /* The lag. */
    out->arrs_rule = rules_schedule(y, "arrs", fy_start(fy));
    struct cashflow_paid *paid = arena_alloc(a, (nclaims + nlast + 1) * sizeof *paid);
    size_t np = 0;
    for (size_t k = 0; k < nclaims + nlast; k++) {
        const struct claim_rec *c = k < nclaims ? &claims[k] : &last[k - nclaims];
        if (c->status == CLAIM_PAID && c->paid_on != DATE_NONE)
            paid[np++] = (struct cashflow_paid){c->year, c->month, c->paid_on};
    }
    int *scratch = arena_alloc(a, (np + 1) * sizeof *scratch);
    int lag = 0, seen = 0;
    out->lag_claims = cashflow_observed_lag(paid, np, scratch, &seen);
    if (out->setting.set) {
        lag = out->setting.lag;
        out->lag_from = LAG_SETTING;
    } else if (out->lag_claims) {
        lag = seen;
        out->lag_from = LAG_OBSERVED;
    } else if (out->arrs_rule && out->arrs_rule->known) {
        lag = out->arrs_rule->arrears;
        out->lag_from = LAG_RULES;
    } else {
        return msg_set(m, PCN_ENOTFOUND,
                       "when the ICB pays ARRS claims in %s is not known: the rules have no "
                       "schedule for it and no claim of the PCN's has been paid; a PCN manager "
                       "enters the ICB's lag on the cash-flow page",
                       fyl);
    }

    /* The payments, as earned. */
    struct ent_input in;
    struct ent_result res;
    struct pcn_msg em = {0};
    if (funding_compute_layered(db, lr, pcn, fy, a, &in, &res, &em) == 0) {
        out->streams = arena_zalloc(a, (res.nstreams + 1) * sizeof *out->streams);
        for (size_t i = 0; i < res.nstreams; i++) {
            const struct ent_stream *s = &res.streams[i];
            if (rule_stream_total(s->rule) != TOTAL_PAYMENT || s->rule->paid_to != PAID_PCN)
                continue;
            struct cashflow_stream *cs = &out->streams[out->nstreams++];
            cs->id = s->rule->id;
            cs->name = s->rule->name;
            memcpy(cs->earned, s->monthly, sizeof cs->earned);
            cs->schedule = rules_schedule(y, s->rule->id, fy_start(fy));
        }
    } else {
        out->streams_why = arena_strdup(a, em.text);
    }

    /* The posts. */
    struct cashflow_item *items = arena_alloc(a,
                                              ((nposts + 1) * CASHFLOW_MONTHS + 1) * sizeof *items);
    size_t ni = 0;
    for (size_t i = 0; i < nposts; i++) {
        struct arrs_post p;
        staff_post(&posts[i], &p);
        size_t before = ni;
        if ((rc = post_items(lr, &p, fy, claims, nclaims, a, items, &ni, m)))
            return rc;
        if (ni > before)
            out->nposts++;
    }
    if (extra && (rc = post_items(lr, extra, fy, NULL, 0, a, items, &ni, m)))
        return rc;

    struct cashflow_in ci = {.fy = fy,
                             .today = today,
                             .streams = out->streams,
                             .nstreams = out->nstreams,
                             .items = items,
                             .nitems = ni,
                             .lag = lag};
    return cashflow_compute(&ci, &out->cf, m);
}

int cashview_whatif_post(const struct rules *r, fy_t fy, const char *role, int64_t wte_e4,
                         date_t from, pence_t pay, bool whole_cost, struct arena *a,
                         struct arrs_post *out, const char **field, struct pcn_msg *m)
{
    char fyl[8];
    fy_format(fy, fyl);
    const struct rules_year *y = rules_year(r, fy);
    *field = "role";
    if (!y || !role || !arrs_find_role(y, role))
        return msg_set(m, PCN_EINVAL, "Choose an ARRS role of %s", fyl);
    *field = "wte";
    if (wte_e4 < 1 || wte_e4 > WTE_WHOLE)
        return msg_set(m, PCN_EINVAL, "Enter the WTE, above 0 and at most 1.0");
    *field = "from";
    if (from == DATE_NONE || from < fy_start(fy) || from > fy_end(fy))
        return msg_set(m, PCN_EINVAL, "Choose a month of %s to start from", fyl);
    *field = "pay";
    if (pay <= 0 || pay > (pence_t)100000000 * 100)
        return msg_set(m, PCN_EINVAL, "Enter the pay a year in pounds, above £0");
    *field = NULL;
    struct arrs_terms *t = arena_zalloc(a, sizeof *t);
    t->from = date_month_start(from);
    t->wte_e4 = wte_e4;
    if (whole_cost) {
        t->has_cost = true;
        t->cost = pay;
    } else {
        t->has_salary = true;
        t->salary = pay;
    }
    *out = (struct arrs_post){.id = 0,
                              .name = "The post you might recruit",
                              .role = role,
                              .zone = AREA_NATIONAL,
                              .employment = EMP_EMPLOYED,
                              .start = t->from,
                              .end = DATE_NONE,
                              .terms = t,
                              .nterms = 1};
    return 0;
}

/* ---- views ---------------------------------------------------------------- */

/* "2026-04" */
static const char *ym(char out[16], const struct cashflow_month *c)
{
    snprintf(out, 16, "%04d-%02d", c->year, c->month);
    return out;
}

static json_t *gap_json(const struct cashflow *cf, int month, pence_t gap)
{
    char t[16];
    if (month < 0)
        return json_null();
    return json_pack("{s:s,s:I}", "month", ym(t, &cf->m[month]), "pence", (json_int_t)gap);
}

static pence_t annual_of(const struct cashflow_stream *s)
{
    pence_t t = 0;
    for (int i = 0; i < CASHFLOW_MONTHS; i++)
        t += s->earned[i];
    return t;
}

json_t *cashview_json(const struct cashview *v)
{
    const struct cashflow *cf = &v->cf;
    char fyl[8], today[11];
    fy_format(v->fy, fyl);
    date_format_iso(v->today, today);
    json_t *months = json_array();
    for (int i = 0; i < CASHFLOW_MONTHS; i++) {
        const struct cashflow_month *c = &cf->m[i];
        char t[16];
        json_array_append_new(
            months,
            json_pack("{s:s,s:b,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "month", ym(t, c), "past",
                      c->past, "streams_in_pence", (json_int_t)c->streams_in, "arrs_paid_pence",
                      (json_int_t)c->arrs_paid, "arrs_expected_pence", (json_int_t)c->arrs_expected,
                      "arrs_projected_pence", (json_int_t)c->arrs_projected, "arrs_in_pence",
                      (json_int_t)c->arrs_in, "costs_out_pence", (json_int_t)c->costs_out,
                      "arrs_net_pence", (json_int_t)c->arrs_net, "arrs_balance_pence",
                      (json_int_t)c->arrs_balance, "balance_pence", (json_int_t)c->balance));
    }
    json_t *unplaced = json_array();
    for (size_t i = 0; i < v->nstreams; i++) {
        const struct cashflow_stream *s = &v->streams[i];
        if (s->schedule && s->schedule->known)
            continue;
        pence_t t = annual_of(s);
        if (!t)
            continue;
        json_array_append_new(unplaced,
                              json_pack("{s:s,s:s,s:I,s:s}", "id", s->id, "name", s->name,
                                        "annual_pence", (json_int_t)t, "why",
                                        s->schedule ? s->schedule->m.note
                                                    : "the rules have no payment schedule for it"));
    }
    return json_pack(
        "{s:s,s:s,s:s,s:i,s:s,s:I,s:o,s:i,s:o,s:{s:I,s:I,s:I},s:{s:I,s:I},s:I,s:o,s:o,s:o,"
        "s:I,s:I,s:o}",
        "pcn", v->pcn, "year", fyl, "today", today, "lag_months", cf->lag, "lag_from",
        cashview_lag_name(v->lag_from), "lag_claims", (json_int_t)v->lag_claims, "lag_setting",
        setting_json(&v->setting), "opening_pence", 0, "months", months, "totals",
        "streams_in_pence", (json_int_t)cf->streams_in, "arrs_in_pence", (json_int_t)cf->arrs_in,
        "costs_out_pence", (json_int_t)cf->costs_out, "after_year", "arrs_pence",
        (json_int_t)cf->after_arrs, "streams_pence", (json_int_t)cf->after_streams,
        "unplaced_pence", (json_int_t)cf->unplaced, "unplaced_streams", unplaced, "widest_gap",
        gap_json(cf, cf->widest, cf->gap), "widest_gap_with_payments",
        gap_json(cf, cf->widest_all, cf->gap_all), "costs_unknown", (json_int_t)cf->costs_unknown,
        "claims_unknown", (json_int_t)cf->claims_unknown, "streams_why",
        v->streams_why ? json_string(v->streams_why) : json_null());
}

void cashview_sheet(const struct cashview *v, struct arena *a, struct sheet *out)
{
    static const struct sheet_col cols[] = {
        {"Month (first day)", SH_DATE},
        {"Other PCN payments arriving (£)", SH_PENCE},
        {"ARRS paid (£)", SH_PENCE},
        {"ARRS expected, claimed (£)", SH_PENCE},
        {"ARRS projected, not yet claimed (£)", SH_PENCE},
        {"Staff costs paid (£)", SH_PENCE},
        {"ARRS in less staff costs (£)", SH_PENCE},
        {"ARRS balance (£)", SH_PENCE},
        {"Balance with the other payments (£)", SH_PENCE},
        {"Month gone", SH_TEXT},
    };
    sheet_init(out, a, "Cash flow", cols, ARRAY_SIZE(cols));
    for (int i = 0; i < CASHFLOW_MONTHS; i++) {
        const struct cashflow_month *c = &v->cf.m[i];
        sheet_row(out);
        sheet_num(out, date_from_ymd(c->year, c->month, 1));
        sheet_num(out, c->streams_in);
        sheet_num(out, c->arrs_paid);
        sheet_num(out, c->arrs_expected);
        sheet_num(out, c->arrs_projected);
        sheet_num(out, c->costs_out);
        sheet_num(out, c->arrs_net);
        sheet_num(out, c->arrs_balance);
        sheet_num(out, c->balance);
        sheet_text(out, c->past ? "Yes" : "No");
    }
}
