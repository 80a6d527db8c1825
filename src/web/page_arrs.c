/* page_arrs.c: the ARRS pages of a PCN: the year's position and the
 * recruitment planner; the staff register and each record are in
 * page_arrs_staff.c, the month's claim (with CSV and XLSX) in
 * page_arrs_claims.c, what they share in page_arrs.h.
 *
 * Who sees what: the position and the staff list without pay are shared
 * figures (perm_read_pcn); pay, claim lines and every change are for the
 * PCN's managers and clinical director only (perm_read_salaries), and each
 * view or export of pay is audited. */
#include "common.h"
#include "pages.h"
#include "page_arrs.h"
#include "pcnweb.h"
#include "perm.h"
#include "planner.h"
#include "rules.h"
#include "staff.h"
#include "demoweb.h"
#include "svg.h"
#include "ui.h"
#include "form.h"
#include "limits.h"

/* The PCN of the route, if the user may read it (pay: its pay and claims);
 * else 404 and audited. */
const char *page_arrs_pcn_for(struct ctx *c, bool pay)
{
    const char *code = c->params[0];
    return page_org_allowed(c, pay ? perm_read_salaries(c, code) : perm_read_pcn(c, code),
                            pay ? "arrs-pay" : "pcn");
}

/* The same with the rules (*r), or NULL when either page has been answered. */
const char *page_arrs_pcn_rules(struct ctx *c, bool pay, const struct rules **r)
{
    *r = NULL;
    const char *code = page_arrs_pcn_for(c, pay);
    return code && (*r = page_rules_or_500(c)) ? code : NULL;
}

/* "31 March 2027" in the request's arena. */
static const char *date_text(struct arena *a, date_t t)
{
    struct buf b;
    buf_init(&b, 32);
    date_add_uk(&b, t);
    const char *s = arena_strdup(a, b.buf);
    buf_release(&b);
    return s;
}

/* ?year=2025-26 (or 2025/26), default the current financial year, or the
 * latest the rules have (*fallback set). */
fy_t page_arrs_year_param(struct ctx *c, const struct rules *r, bool *fallback)
{
    const char *s = http_query(c->q, "year");
    fy_t fy = arrs_default_year(r, c->today, fallback);
    if (s && fy_parse(s, &fy) == 0)
        *fallback = false;
    return fy;
}

/* Says that this year's rules are missing, and which year is shown. */
static void fallback_notice(struct ctx *c, struct html *h, fy_t shown)
{
    char dir[8];
    fy_format_dir(shown, dir);
    page_fallback_begin(c, h, shown);
    HTML_LIT(h, ". An administrator adds a year by copying the latest rules folder (rules/");
    html_text(h, dir);
    HTML_LIT(h, ") to its new name and entering the year's rates.</p></div>");
}

void page_arrs_begin(struct ctx *c, struct html *h, const char *code, const char *title,
                     const struct form_errs *es, const char *crumb_text, const char *crumb_href)
{
    pcnweb_begin(c, h, code, title, "ARRS", es, crumb_text, crumb_href);
}

/* The staff record numbered `text` when it belongs to PCN `code`; false for
 * a malformed number, a missing record or another PCN's, which the pages all
 * answer with 404 so that nobody learns another PCN's record exists. */
bool page_arrs_staff_of(struct ctx *c, const char *text, const char *code, int64_t *id,
                        struct staff *s)
{
    struct pcn_msg m = {0};
    return text && !parse_i64(text, 1, INT64_MAX, id) && !staff_get(c->db, *id, c->a, s, &m) &&
           strcmp(s->pcn, code) == 0;
}

/* The staff record of the route (c->params[1]) in the PCN of the route,
 * with the rules, when the user may see its pay; NULL when the page has
 * been answered (404 for a record that is not the PCN's).  es: a form's
 * errors to start, for a POST. */
const char *page_arrs_staff_route(struct ctx *c, const struct rules **r, int64_t *id,
                                  struct staff *s, struct form_errs *es)
{
    const char *code = page_arrs_pcn_rules(c, true, r);
    if (code && !page_arrs_staff_of(c, c->params[1], code, id, s)) {
        ui_not_found(c);
        return NULL;
    }
    if (es)
        form_errs_init(es, c->a);
    return code;
}

void page_arrs_month_cell(struct html *h, int year, int month)
{
    ui_td_open(h, false);
    html_text(h, date_month_name(month));
    HTML_LIT(h, " ");
    html_int(h, year);
    ui_td_close(h);
}

void page_arrs_money_cell(struct html *h, pence_t v)
{
    ui_td_open(h, true);
    html_money(h, v);
    ui_td_close(h);
}

/* ---- the year's position ---------------------------------------------- */

/* The year's position: the alert, the sum, what is claimed and still to
 * claim, the headroom, and the posts not counted. */
static void position_summary(struct ctx *c, struct html *h, const char *code, fy_t fy,
                             const char *fyl, const struct arrs_forecast *f, bool est)
{
    if (f->alert_under || f->alert_over) {
        HTML_LIT(h,
                 "<div class=\"nhsuk-warning-callout\"><h2 class=\"nhsuk-warning-callout__label\">"
                 "<span role=\"text\"><span class=\"nhsuk-u-visually-hidden\">Important: </span>");
        html_text(h, f->alert_over ? "Projected over the ARRS sum" : "Money will go unclaimed");
        HTML_LIT(h, "</span></h2><p>");
        if (f->alert_over) {
            HTML_LIT(h, "The claims made and still to come add up to more than the sum, by ");
            html_money(h, -f->headroom);
        } else {
            HTML_LIT(h, "The claims made and still to come use only ");
            fixed_add(h->b, f->used_bp, 2, 0, false);
            HTML_LIT(h, "% of the sum. Unclaimed money is lost at the end of the year, on ");
            html_date(h, fy_end(fy));
        }
        HTML_LIT(h, ".</p></div>");
    }
    ui_summary_begin(h);
    ui_summary_row_open(h, "ARRS sum for the year");
    if (!f->sum_known && f->sum_why) {
        ui_none(h, "Not known");
        HTML_LIT(h, " <span class=\"nhsuk-body-s\">(");
        html_text(h, f->sum_why);
        HTML_LIT(h, ")</span>");
    } else if (!f->sum_known) {
        ui_none(h, "Not known");
        HTML_LIT(h, " <span class=\"nhsuk-body-s\">(the rules have no ARRS rate for ");
        html_text(h, fyl);
        HTML_LIT(h, " yet: an administrator enters it on the Rules page)</span>");
    } else
        html_money(h, f->sum);
    if (f->sum_known && est) {
        HTML_LIT(h, " ");
        ui_tag(h, "Estimate");
        HTML_LIT(h, " <span class=\"nhsuk-body-s\">(weighted population not imported: the "
                    "registered list stands in)</span>");
    }
    ui_summary_row_end(h);
    ui_summary_row_open(h, "Claimed (submitted, approved or paid)");
    html_money(h, f->claimed);
    ui_summary_row_end(h);
    ui_summary_row_open(h, arena_printf(c->a, "Still to claim for staff in post, to %s",
                                        date_text(c->a, fy_end(fy))));
    html_money(h, f->forecast);
    if (f->posts_unknown) {
        HTML_LIT(h, "; ");
        html_count(h, f->posts_unknown);
        if (f->posts_unknown == 1)
            HTML_LIT(h, " post not worked out");
        else
            HTML_LIT(h, " posts not worked out");
    }
    ui_summary_row_end(h);
    ui_summary_row_open(h, "Projected for the year");
    html_money(h, f->projected);
    if (f->sum_known) {
        HTML_LIT(h, " (");
        fixed_add(h->b, f->used_bp, 2, 0, false);
        HTML_LIT(h, "% of the sum)");
    }
    ui_summary_row_end(h);
    if (f->sum_known) {
        ui_summary_row_open(h, f->headroom >= 0 ? "Headroom" : "Overspend");
        html_money(h, f->headroom >= 0 ? f->headroom : -f->headroom);
    } else {
        ui_summary_row_open(h, "Headroom");
        ui_none(h, "Not known: the sum is not known");
    }
    ui_summary_row_end(h);
    ui_summary_end(h);
    if (f->posts_unknown) {
        HTML_LIT(h, "<p>");
        html_count(h, f->posts_unknown);
        if (f->posts_unknown == 1)
            HTML_LIT(h, " post is");
        else
            HTML_LIT(h, " posts are");
        HTML_LIT(h, " not counted in the figures above: the rules have no maximum reimbursable "
                    "amount for the role this year, or the pay is still to be entered. A PCN "
                    "manager or clinical director enters the maximum from the ICB's claim "
                    "statement on the <a href=\"");
        html_url2(h, "/pcn/", code);
        HTML_LIT(h, "/rules\">PCN's own figures</a> page.</p>");
    }
}

/* Burn-down: what is left of the sum at the end of each month (the chart
 * only when the sum is known), then the months in a table. */
static void months_part(struct html *h, fy_t fy, const struct arrs_forecast *f)
{
    if (f->sum_known) {
        HTML_LIT(h, "<h2>What is left of the sum, month by month</h2>");
        struct svg_point pts[13];
        pence_t left = f->sum;
        pts[0] = (struct svg_point){fy_start(fy) - 1, left / 100};
        for (int k = 0; k < 12; k++) {
            left -= f->month_claim[k];
            int y = k < 9 ? fy : fy + 1, mo = k < 9 ? k + 4 : k - 8;
            pts[k + 1] = (struct svg_point){date_from_ymd(y, mo, date_days_in_month(y, mo)),
                                            left / 100};
        }
        svg_line_chart(h, "burn", "ARRS sum left after each month's claims, in pounds",
                       "The sum less the claims made and projected, month by month from April "
                       "to March; the figures are in the table below.",
                       &(const struct svg_axis){
                           .name = "Pounds left", .prefix = "\xC2\xA3", .from_zero = true},
                       pts, 13);
    }
    ui_table_begin(h, "Claims by month: claimed, and projected for staff in post",
                   f->sum_known ? "Month,>Claimed,>Projected (not yet claimed),>Left of the sum"
                                : "Month,>Claimed,>Projected (not yet claimed)");
    pence_t left = f->sum;
    for (int k = 0; k < 12; k++) {
        int y = k < 9 ? fy : fy + 1, mo = k < 9 ? k + 4 : k - 8;
        left -= f->month_claim[k];
        ui_tr(h);
        page_arrs_month_cell(h, y, mo);
        page_arrs_money_cell(h, f->month_recorded[k]);
        page_arrs_money_cell(h, f->month_claim[k] - f->month_recorded[k]);
        if (f->sum_known)
            page_arrs_money_cell(h, left);
    }
    ui_table_end(h);
}

/* What the headroom pays for, as WTE of each role, when there is some. */
static void headroom_part(struct html *h, fy_t fy, const struct arrs_forecast *f)
{
    if (f->headroom > 0 && f->nroles && f->from <= fy_end(fy)) {
        HTML_LIT(h, "<h2>What the headroom pays for</h2><p>From ");
        html_date(h, f->from);
        HTML_LIT(h, " to 31 March, the headroom pays for this much of one role, at the role's "
                    "national maximum:</p>");
        ui_table_begin(h, "Headroom as whole-time equivalents (WTE)",
                       "Role,>Maximum per WTE a year,>WTE you can still afford");
        for (size_t i = 0; i < f->nroles; i++) {
            ui_tr(h);
            ui_td(h, f->roles[i].role_name);
            page_arrs_money_cell(h, f->roles[i].max);
            ui_td_open(h, true);
            /* WTE to two decimal places, rounded down: what the headroom
             * pays for in full. */
            fixed_add(h->b, f->roles[i].wte_e4 / 100, 2, 2, false);
            ui_td_close(h);
        }
        ui_table_end(h);
    }
}

/* The staff register, and for those who may see pay the claims, the
 * planner and the cash flow. */
static void arrs_links(struct ctx *c, struct html *h, const char *code, fy_t fy)
{
    HTML_LIT(h, "<ul class=\"nhsuk-list\">");
    HTML_LIT(h, "<li><a href=\"");
    html_url2(h, "/pcn/", code);
    HTML_LIT(h, "/arrs/staff\">Staff register</a></li>");
    if (perm_read_salaries(c, code)) {
        HTML_LIT(h, "<li><a href=\"");
        html_url2(h, "/pcn/", code);
        HTML_LIT(h, "/arrs/claims\">Monthly claims</a></li><li><a href=\"");
        html_url2(h, "/pcn/", code);
        HTML_LIT(h, "/arrs/plan\">Recruitment planner</a></li><li><a href=\"");
        char dir[8];
        fy_format_dir(fy, dir);
        html_url(h, arena_printf(c->a, "/pcn/%s/cashflow?year=%s", code, dir));
        HTML_LIT(h, "\">When the money arrives: the cash flow and the cash gap</a></li>");
    }
    HTML_LIT(h, "</ul>");
}

void page_arrs(struct ctx *c)
{
    struct html h = {&c->r->body};
    struct pcn_msg m = {0};
    struct arrs_forecast f;
    bool est;
    const struct rules *r;
    const char *code = page_arrs_pcn_rules(c, false, &r);
    if (!code)
        return;
    bool fallback;
    fy_t fy = page_arrs_year_param(c, r, &fallback);
    char fyl[8];
    fy_format(fy, fyl);
    int rc = staff_position(c->db, r, code, fy, c->today, c->a, &f, &est, &m);
    if (rc && rc != PCN_ENOTFOUND) {
        ui_fail_500(c, &m);
        return;
    }
    const char *title = arena_printf(c->a, "Additional roles (ARRS) %s", fyl);
    page_arrs_begin(c, &h, code, title, NULL, NULL, NULL);
    HTML_LIT(&h, "<h1><span class=\"nhsuk-caption-l\">");
    html_text(&h, page_org_name(c, code));
    HTML_LIT(&h, "</span>Additional Roles Reimbursement Scheme (ARRS) ");
    html_text(&h, fyl);
    HTML_LIT(&h, "</h1>");
    demoweb_notice(c, &h, code);
    if (fallback)
        fallback_notice(c, &h, fy);
    if (rc == PCN_ENOTFOUND) {
        HTML_LIT(&h, "<p>");
        html_text(&h, m.text);
        HTML_LIT(&h, ".</p>");
        ui_end(c, &h);
        return;
    }
    position_summary(c, &h, code, fy, fyl, &f, est);

    months_part(&h, fy, &f);

    headroom_part(&h, fy, &f);
    arrs_links(c, &h, code, fy);
    ui_end(c, &h);
}

/* ---- the recruitment planner --------------------------------------------- */

#define PLAN_ROWS 6

static void plan_form(struct ctx *c, const char *code, const struct rules *r, fy_t fy,
                      const struct form_errs *es, struct html *h)
{
    const struct rules_year *y = rules_year(r, fy);
    size_t nr = y ? y->nroles : 0;
    const char **rv = arena_alloc(c->a, (nr + 1) * sizeof *rv);
    const char **rl = arena_alloc(c->a, (nr + 1) * sizeof *rl);
    rv[0] = "";
    rl[0] = "Not used";
    for (size_t i = 0; i < nr; i++) {
        rv[i + 1] = y->roles[i].id;
        rl[i + 1] = y->roles[i].name;
    }
    const char *mv[12], *ml[12];
    pcnweb_year_months(c->a, fy, mv, ml);
    HTML_LIT(h, "<form action=\"");
    html_url2(h, "/pcn/", code);
    HTML_LIT(h, "/arrs/plan\" method=\"post\" novalidate>");
    ui_csrf(c, h);
    for (int i = 1; i <= PLAN_ROWS; i++) {
#define FLD(n) arena_printf(c->a, "%s_%d", n, i)
#define VAL(n) http_form_str(c->q, FLD(n))
        HTML_LIT(h, "<fieldset class=\"nhsuk-fieldset\"><legend class=\"nhsuk-fieldset__legend "
                    "nhsuk-fieldset__legend--s\">Post ");
        html_int(h, i);
        HTML_LIT(h, "</legend>");
        ui_select(h, FLD("role"), "Role", rv, rl, nr + 1, VAL("role"), form_err(es, FLD("role")));
        ui_input(h, FLD("min"), "Fewest WTE", "For example, 0.5", "text",
                 VAL("min") ? VAL("min") : "0.5", "nhsuk-input--width-4", form_err(es, FLD("min")));
        ui_input(h, FLD("max"), "Most WTE", "Up to 1.0", "text", VAL("max") ? VAL("max") : "1.0",
                 "nhsuk-input--width-4", form_err(es, FLD("max")));
        ui_input(h, FLD("weight"), "Priority",
                 arena_printf(c->a, "1 (low) to %d (high)", LIMIT_FORM_PRIORITY_MAX), "text",
                 VAL("weight") ? VAL("weight") : "5", "nhsuk-input--width-2",
                 form_err(es, FLD("weight")));
        ui_select(h, FLD("earliest"), "Earliest start", mv, ml, 12, VAL("earliest"),
                  form_err(es, FLD("earliest")));
        ui_input(h, FLD("band"), "Agenda for Change band", "For example, 7", "text", VAL("band"),
                 "nhsuk-input--width-4", form_err(es, FLD("band")));
        ui_input_money(h, FLD("cost"), "Or the expected annual cost at 1.0 WTE", NULL, VAL("cost"),
                       form_err(es, FLD("cost")));
        HTML_LIT(h, "</fieldset>");
#undef FLD
#undef VAL
    }
    HTML_LIT(h, "<button class=\"nhsuk-button\" data-module=\"nhsuk-button\" type=\"submit\">"
                "Find the best plan</button></form>");
}

static void plan_page(struct ctx *c, int status, const char *code, const struct form_errs *es,
                      const struct plan_post *posts, size_t n, const struct plan *best,
                      const struct plan *alts, size_t nalts, pence_t headroom)
{
    struct html h = {&c->r->body};
    const struct rules *r = page_rules_or_500(c);
    if (!r)
        return;
    bool fallback;
    fy_t fy = arrs_default_year(r, c->today, &fallback);
    http_resp_start(c->r, status, "text/html; charset=utf-8");
    page_arrs_begin(c, &h, code, "Recruitment planner", es, "ARRS",
                    arena_printf(c->a, "/pcn/%s/arrs", code));
    HTML_LIT(&h, "<h1>Recruitment planner</h1><p>List the posts you would like to fill. The "
                 "planner finds the mix of hours and start dates of greatest value, weighted by "
                 "priority, that the year's headroom pays for.</p>");
    if (fallback)
        fallback_notice(c, &h, fy);
    if (best) {
        HTML_LIT(&h, "<h2>The best plan</h2><p>Headroom: ");
        html_money(&h, headroom);
        HTML_LIT(&h, ". This plan claims ");
        html_money(&h, best->cost);
        HTML_LIT(&h, " of it.</p>");
        for (size_t k = 0; k <= nalts; k++) {
            const struct plan *p = k == 0 ? best : &alts[k - 1];
            const char *cap = k == 0 ? "Best plan"
                                     : arena_printf(c->a, "Alternative %zu (value %" PRId64 ")", k,
                                                    p->value);
            ui_table_begin(&h, cap, "Post,>WTE,From,>Cost this year");
            for (size_t i = 0; i < n; i++) {
                const struct plan_choice *ch = &p->choices[i];
                ui_tr(&h);
                ui_td(&h, posts[i].name);
                ui_td_open(&h, true);
                fixed_add(h.b, ch->wte_e4, 4, 1, false);
                ui_td_close(&h);
                ui_td_open(&h, false);
                if (ch->wte_e4) {
                    int mo = ch->start < 9 ? ch->start + 4 : ch->start - 8;
                    html_text(&h, date_month_name(mo));
                    HTML_LIT(&h, " ");
                    html_int(&h, ch->start < 9 ? fy : fy + 1);
                } else {
                    ui_none(&h, "Not this year");
                }
                ui_td_close(&h);
                page_arrs_money_cell(&h, ch->cost);
            }
            ui_table_end(&h);
        }
    }
    HTML_LIT(&h, "<h2>Posts to plan</h2>");
    plan_form(c, code, r, fy, es, &h);
    ui_end(c, &h);
}

void page_arrs_plan(struct ctx *c)
{
    const char *code = page_arrs_pcn_for(c, true);
    if (code)
        plan_page(c, 200, code, NULL, NULL, 0, NULL, NULL, 0, 0);
}

void page_arrs_plan_post(struct ctx *c)
{
    const struct rules *r;
    const char *code = page_arrs_pcn_rules(c, true, &r);
    if (!code)
        return;
    bool fallback;
    fy_t fy = arrs_default_year(r, c->today, &fallback);
    struct pcn_msg m = {0};
    struct plan_post *posts = arena_zalloc(c->a, PLAN_ROWS * sizeof *posts);
    size_t n = 0;
    struct form_errs es;
    form_errs_init(&es, c->a);
    for (int i = 1; i <= PLAN_ROWS; i++) {
#define FLD(s) arena_printf(c->a, "%s_%d", s, i)
        const char *role = http_form_str(c->q, FLD("role"));
        if (!role || !*role)
            continue;
        struct plan_post *p = &posts[n];
        int64_t w = 0;
        size_t before = es.n;
        p->role = role;
        p->name = arena_printf(c->a, "Post %d: %s", i, page_arrs_post_role_words(r, fy, role));
        const char *what = arena_printf(c->a, "the fewest WTE of post %d", i);
        if (form_read_fixed(c, &es, FLD("min"), what, true, 4, WTE_WHOLE / 10, WTE_WHOLE, "0.5",
                            &p->min_wte_e4) &&
            p->min_wte_e4 % (WTE_WHOLE / 10))
            form_err_add(&es, FLD("min"), "Enter %s in tenths, from 0.1 to 1.0", what);
        what = arena_printf(c->a, "the most WTE of post %d", i);
        if (form_read_fixed(c, &es, FLD("max"), what, true, 4, WTE_WHOLE / 10, WTE_WHOLE, "1.0",
                            &p->max_wte_e4) &&
            (p->max_wte_e4 % (WTE_WHOLE / 10) || p->max_wte_e4 < p->min_wte_e4))
            form_err_add(&es, FLD("max"), "Enter %s in tenths, from the fewest to 1.0", what);
        form_read_int(c, &es, FLD("weight"), arena_printf(c->a, "the priority of post %d", i), true,
                      1, LIMIT_FORM_PRIORITY_MAX, &w);
        p->weight = (int)w;
        const char *v = http_form_str(c->q, FLD("earliest"));
        int64_t yy = 0, mo = 0;
        if (!v || strlen(v) != 7 || parse_i64n(v, 4, 1800, 2999, &yy) ||
            parse_i64n(v + 5, 2, 1, 12, &mo))
            form_err_add(&es, FLD("earliest"), "Choose the earliest start of post %d", i);
        p->earliest = mo >= 4 ? (int)mo - 4 : (int)mo + 8;
        const char *band = http_form_str(c->q, FLD("band"));
        pence_t cp = 0;
        bool has_cost = form_read_money(c, &es, FLD("cost"),
                                        arena_printf(c->a, "the annual cost of post %d", i), false,
                                        1, LIMIT_FORM_ANNUAL_COST_MAX, &cp);
        if (!has_cost && !form_err(&es, FLD("cost")) && !(band && *band))
            form_err_add(&es, FLD("band"), "Enter the band of post %d, or its expected annual cost",
                         i);
        if (es.n == before &&
            staff_claim_per_wte(r, role, AREA_NATIONAL, band && *band ? band : NULL, !has_cost,
                                POINT_ENTRY, has_cost, cp, date_from_ymd((int)yy, (int)mo, 1),
                                &p->claim_per_wte_month, &m))
            form_err_add(&es, FLD("role"), "%s", m.text);
        if (es.n == before)
            n++;
#undef FLD
    }
    if (!es.n && n == 0)
        form_err_add(&es, "role_1", "Choose the role of at least one post");
    if (es.n) {
        plan_page(c, 400, code, &es, NULL, 0, NULL, NULL, 0, 0);
        return;
    }
    struct arrs_forecast f;
    bool est;
    if (staff_position(c->db, r, code, fy, c->today, c->a, &f, &est, &m)) {
        ui_fail_500(c, &m);
        return;
    }
    if (!f.sum_known) {
        char fyl[8];
        fy_format(fy, fyl);
        form_err_add(&es, "role_1",
                     "The ARRS sum for %s is not known (%s), so there is no headroom to plan "
                     "with yet",
                     fyl, f.sum_why ? f.sum_why : "the rules have no ARRS rate for the year");
        plan_page(c, 400, code, &es, NULL, 0, NULL, NULL, 0, 0);
        return;
    }
    const struct rules_year *y = rules_year(r, fy);
    struct plan_cap *caps = arena_alloc(c->a, (y->nroles + 1) * sizeof *caps);
    size_t ncaps = 0;
    for (size_t i = 0; i < y->nroles; i++)
        if (y->roles[i].has_cap)
            caps[ncaps++] = (struct plan_cap){y->roles[i].id, y->roles[i].cap, 0};
    struct plan best, alts[3];
    size_t nalts;
    if (plan_solve(posts, n, caps, ncaps, f.headroom, c->a, &best, alts, 3, &nalts, &m)) {
        form_err_add(&es, "role_1", "%s", m.text);
        plan_page(c, 400, code, &es, NULL, 0, NULL, NULL, 0, 0);
        return;
    }
    plan_page(c, 200, code, NULL, posts, n, &best, alts, nalts, f.headroom);
}
