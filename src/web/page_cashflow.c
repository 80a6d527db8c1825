/* page_cashflow.c: when the money arrives, and the cash gap (cashview.h).
 *
 *   GET  /pcn/CODE/cashflow[?year=2026-27]   the year month by month: a chart
 *        of the ARRS balance (from zero) and its table, what is left out
 *        and why, the downloads, the what-if form and the PCN's own lag
 *   POST /pcn/CODE/cashflow/what-if          the same page with a post added
 *        ("if we recruit this post from this month"); nothing is saved
 *   POST /pcn/CODE/cashflow/lag              the PCN's own lag (or none),
 *        audited in the store function
 *   GET  /pcn/CODE/cashflow.csv, .xlsx       the table (audited exports)
 *   GET  /api/v1/pcns/CODE/cashflow[?year=]  cashview_json, as
 *        `pcnops cashflow PCN --json`
 *
 * Who: the monthly costs add up the posts' pay, which is personal data, so
 * every route is for the PCN's managers and clinical director only
 * (perm_read_salaries); anyone else gets 404, audited.  No arithmetic on
 * money here: the figures come from cashview_gather. */
#include "common.h"
#include "audit.h"
#include "cashview.h"
#include "deskweb.h"
#include "pages.h"
#include "perm.h"
#include "registry.h"
#include "rules.h"
#include "sheet.h"
#include "svg.h"
#include "ui.h"

static const char *allowed(struct ctx *c, bool api)
{
    const char *code = c->params[0];
    if (perm_read_salaries(c, code))
        return code;
    perm_denied(c, "arrs-pay", code);
    if (api)
        api_error(c, 404, "not found");
    else
        ui_not_found(c);
    return NULL;
}

/* ?year=2026-27, else today's year (or the latest the rules have). */
static bool year_of(struct ctx *c, const struct rules *r, fy_t *fy)
{
    bool fallback;
    const char *s = http_query(c->q, "year");
    *fy = arrs_default_year(r, c->today, &fallback);
    return !(s && fy_parse(s, fy));
}

static const char *month_text(struct ctx *c, const struct cashflow_month *m)
{
    return arena_printf(c->a, "%s %d", date_month_name(m->month), m->year);
}

static void money_td(struct html *h, pence_t v)
{
    ui_td_open(h, true);
    HTML_LIT(h, "<span class=\"pcnops-nowrap\">");
    money_add_display2(h->b, v);
    HTML_LIT(h, "</span>");
    ui_td_close(h);
}

static void gap_sentence(struct ctx *c, struct html *h, const struct cashflow *cf)
{
    if (cf->widest < 0) {
        HTML_LIT(h, "The ARRS balance never goes below £0 this year");
        return;
    }
    html_money(h, cf->gap);
    HTML_LIT(h, ", at the end of ");
    html_text(h, month_text(c, &cf->m[cf->widest]));
}

static const char *lag_words(const struct cashview *v)
{
    switch (v->lag_from) {
    case LAG_SETTING:
        return "the PCN's own figure, entered below";
    case LAG_OBSERVED:
        return "the middle of the PCN's paid claims, from their dates";
    case LAG_RULES:
        return "the national rules' payment schedule (no claim of the PCN's has been "
               "paid yet)";
    }
    return "";
}

/* The chart of the ARRS balance and the month-by-month table. */
static void chart_and_table(struct ctx *c, struct html *h, const struct cashview *v, const char *id,
                            const char *caption)
{
    const struct cashflow *cf = &v->cf;
    struct svg_point pts[CASHFLOW_MONTHS + 1];
    pts[0] = (struct svg_point){fy_start(v->fy) - 1, 0};
    for (int i = 0; i < CASHFLOW_MONTHS; i++) {
        const struct cashflow_month *m = &cf->m[i];
        pts[i + 1] = (struct svg_point){
            date_from_ymd(m->year, m->month, date_days_in_month(m->year, m->month)),
            m->arrs_balance / 100};
    }
    svg_line_chart(
        h, id, "ARRS balance at the end of each month, in pounds",
        "ARRS reimbursement received less the posts' costs paid, added up from £0 on "
        "1 April; below zero is money the PCN has paid out and not yet had back. "
        "The figures are in the table below.",
        &(const struct svg_axis){.name = "Pounds", .prefix = "\xC2\xA3", .from_zero = true}, pts,
        CASHFLOW_MONTHS + 1);
    ui_table_begin(h, caption,
                   "Month,>Other PCN payments arriving,>ARRS paid,>ARRS expected (claimed),"
                   ">ARRS projected (not yet claimed),>Staff costs paid,>ARRS balance,"
                   ">Balance with the other payments");
    for (int i = 0; i < CASHFLOW_MONTHS; i++) {
        const struct cashflow_month *m = &cf->m[i];
        ui_tr(h);
        ui_td_open(h, false);
        html_text(h, month_text(c, m));
        if (i == cf->widest) {
            HTML_LIT(h, " ");
            ui_tag(h, "Widest gap");
        }
        ui_td_close(h);
        money_td(h, m->streams_in);
        money_td(h, m->arrs_paid);
        money_td(h, m->arrs_expected);
        money_td(h, m->arrs_projected);
        money_td(h, m->costs_out);
        money_td(h, m->arrs_balance);
        money_td(h, m->balance);
    }
    ui_tr(h);
    ui_td_open(h, false);
    HTML_LIT(h, "<strong>The year's months</strong>");
    ui_td_close(h);
    money_td(h, cf->streams_in);
    pence_t paid = 0, expected = 0, projected = 0;
    for (int i = 0; i < CASHFLOW_MONTHS; i++) {
        paid += cf->m[i].arrs_paid;
        expected += cf->m[i].arrs_expected;
        projected += cf->m[i].arrs_projected;
    }
    money_td(h, paid);
    money_td(h, expected);
    money_td(h, projected);
    money_td(h, cf->costs_out);
    money_td(h, cf->m[CASHFLOW_MONTHS - 1].arrs_balance);
    money_td(h, cf->m[CASHFLOW_MONTHS - 1].balance);
    ui_table_end(h);
}

static void whatif_form(struct ctx *c, struct html *h, const char *code, const struct rules *r,
                        fy_t fy, const struct ui_error *err)
{
    const struct rules_year *y = rules_year(r, fy);
    size_t nr = y ? y->nroles : 0;
    const char **rv = arena_alloc(c->a, (nr + 1) * sizeof *rv);
    const char **rl = arena_alloc(c->a, (nr + 1) * sizeof *rl);
    rv[0] = "";
    rl[0] = "Choose a role";
    for (size_t i = 0; i < nr; i++) {
        rv[i + 1] = y->roles[i].id;
        rl[i + 1] = y->roles[i].name;
    }
    const char *mv[CASHFLOW_MONTHS], *ml[CASHFLOW_MONTHS];
    for (int k = 0; k < CASHFLOW_MONTHS; k++) {
        int yy = k < 9 ? fy : fy + 1, mo = k < 9 ? k + 4 : k - 8;
        mv[k] = arena_printf(c->a, "%04d-%02d", yy, mo);
        ml[k] = arena_printf(c->a, "%s %d", date_month_name(mo), yy);
    }
    static const char *const kv[] = {"salary", "cost"};
    static const char *const kl[] = {"Salary (the rules add employer pension and National "
                                     "Insurance)",
                                     "Whole cost (salary and on-costs)"};
    const char *wte = http_form_str(c->q, "wte");
    HTML_LIT(h, "<h2 id=\"what-if\">What if we recruit?</h2><p>See what the cash gap becomes "
                "with one more post. Nothing is saved.</p><form action=\"");
    html_url2(h, "/pcn/", code);
    HTML_LIT(h, "/cashflow/what-if?year=");
    char dir[8];
    fy_format_dir(fy, dir);
    html_text(h, dir);
    HTML_LIT(h, "\" method=\"post\" novalidate>");
    ui_csrf(c, h);
    ui_select(h, "role", "Role", rv, rl, nr + 1, http_form_str(c->q, "role"), err);
    ui_input(h, "wte", "Whole-time equivalent (WTE)", "For example, 1.0 or 0.6", "text",
             wte ? wte : "1.0", "nhsuk-input--width-4", err);
    ui_select(h, "from", "From", mv, ml, CASHFLOW_MONTHS, http_form_str(c->q, "from"), err);
    ui_input_money(h, "pay", "Pay a year at that WTE", "In pounds, for example 45000",
                   http_form_str(c->q, "pay"), err);
    ui_select(h, "kind", "The pay is", kv, kl, 2, http_form_str(c->q, "kind"), err);
    HTML_LIT(h, "<button class=\"nhsuk-button\" data-module=\"nhsuk-button\" type=\"submit\">"
                "Show the cash gap</button></form>");
}

static void lag_form(struct ctx *c, struct html *h, const char *code, const struct cashview *v,
                     fy_t fy, const struct ui_error *err)
{
    HTML_LIT(h, "<h2 id=\"when-paid\">When your ICB pays ARRS claims</h2>");
    if (v->setting.set) {
        HTML_LIT(h, "<p>You have entered ");
        html_int(h, v->setting.lag);
        html_text(h, v->setting.lag == 1 ? " month" : " months");
        HTML_LIT(h, " from the month claimed to the month paid (");
        html_text(h, v->setting.note);
        HTML_LIT(h, "). It takes the place of what your paid claims show.</p>");
    } else {
        HTML_LIT(h, "<p>If your ICB pays on a known timetable, enter it here. It takes the place "
                    "of what your paid claims show.</p>");
    }
    HTML_LIT(h, "<form action=\"");
    html_url2(h, "/pcn/", code);
    HTML_LIT(h, "/cashflow/lag?year=");
    char dir[8];
    fy_format_dir(fy, dir);
    html_text(h, dir);
    HTML_LIT(h, "\" method=\"post\" novalidate>");
    ui_csrf(c, h);
    const char *lag = http_form_str(c->q, "lag");
    ui_input(h, "lag", "Months from the month claimed to the month paid",
             "A whole number from 0 to 12; leave empty to remove your figure", "text",
             lag              ? lag
             : v->setting.set ? arena_printf(c->a, "%d", v->setting.lag)
                              : "",
             "nhsuk-input--width-2", err);
    const char *note = http_form_str(c->q, "note");
    ui_input(h, "note", "Where this comes from",
             "For example, the ICB's finance team, email of "
             "3 November 2026",
             "text",
             note             ? note
             : v->setting.set ? v->setting.note
                              : "",
             NULL, err);
    HTML_LIT(h, "<button class=\"nhsuk-button nhsuk-button--secondary\" "
                "data-module=\"nhsuk-button\" type=\"submit\">Save</button></form>");
}

/* The year at a glance: the widest gap, when claims are paid, the costs
 * and what arrives in the year and after it. */
static void cash_summary(struct ctx *c, struct html *h, const struct cashview *v)
{
    const struct cashflow *cf = &v->cf;
    ui_summary_begin(h);
    ui_summary_row_open(h, "The widest cash gap");
    gap_sentence(c, h, cf);
    ui_summary_row_end(h);
    ui_summary_row_open(h, "ARRS claims are paid");
    html_int(h, cf->lag);
    html_text(h, cf->lag == 1 ? " month" : " months");
    HTML_LIT(h, " after the month claimed <span class=\"nhsuk-body-s\">(");
    html_text(h, lag_words(v));
    HTML_LIT(h, ")</span>");
    ui_summary_row_end(h);
    ui_summary_row_open(h, "Staff costs paid in the year");
    html_money(h, cf->costs_out);
    HTML_LIT(h, " <span class=\"nhsuk-body-s\">(");
    html_count(h, (int64_t)v->nposts);
    html_text(h, v->nposts == 1 ? " post" : " posts");
    HTML_LIT(h, " on the staff register)</span>");
    ui_summary_row_end(h);
    ui_summary_row_open(h, "ARRS reimbursement arriving in the year");
    html_money(h, cf->arrs_in);
    ui_summary_row_end(h);
    ui_summary_row_open(h, "Arriving after 31 March for this year's months");
    html_money(h, cf->after_arrs);
    HTML_LIT(h, " of ARRS reimbursement, ");
    html_money(h, cf->after_streams);
    HTML_LIT(h, " of other payments");
    ui_summary_row_end(h);
    ui_summary_end(h);
}

/* What the figures leave out: the opening balance, the other payments'
 * costs, the streams paid in no known month, the posts not worked out. */
static void left_out(struct html *h, const char *code, const struct cashview *v)
{
    const struct cashflow *cf = &v->cf;
    HTML_LIT(h, "<h2>What the figures leave out</h2><ul>");
    HTML_LIT(h, "<li>Money earned before 1 April that arrives in the year, and what the PCN "
                "held on 1 April: the balance starts at £0.</li>");
    HTML_LIT(h, "<li>The costs of the work the other payments pay for (Enhanced Access, the "
                "clinical director): PCN Ops does not hold them, so the cash gap is the ARRS "
                "balance.</li>");
    for (size_t i = 0; i < v->nstreams; i++) {
        const struct cashflow_stream *s = &v->streams[i];
        if (s->schedule && s->schedule->known)
            continue;
        pence_t t = 0;
        for (int k = 0; k < CASHFLOW_MONTHS; k++)
            t += s->earned[k];
        if (!t)
            continue;
        HTML_LIT(h, "<li>");
        html_text(h, s->name);
        HTML_LIT(h, " (");
        html_money(h, t);
        HTML_LIT(h, " for the year): the month it is paid in is not published, so it is in no "
                    "month ");
        ui_tag(h, "Unconfirmed");
        HTML_LIT(h, "</li>");
    }
    if (v->streams_why) {
        HTML_LIT(h, "<li>The PCN's other payments: ");
        html_text(h, v->streams_why);
        HTML_LIT(h, ".</li>");
    }
    if (cf->costs_unknown || cf->claims_unknown) {
        HTML_LIT(h, "<li>");
        html_count(h, cf->costs_unknown + cf->claims_unknown);
        HTML_LIT(h, " months of posts whose cost or claim cannot be worked out (no maximum for "
                    "the role in the rules, or no pay entered): see the <a href=\"");
        html_url2(h, "/pcn/", code);
        HTML_LIT(h, "/arrs/claims\">monthly claims</a>.</li>");
    }
    HTML_LIT(h, "</ul>");
}

static void show(struct ctx *c, int status, const char *code, const struct rules *r, fy_t fy,
                 const struct arrs_post *extra, const char *what, const struct ui_error *err)
{
    struct html h = {&c->r->body};
    struct pcn_msg m = {0};
    struct cashview v, with;
    int rc = cashview_gather(c->db, r, code, fy, c->today, NULL, c->a, &v, &m);
    if (!rc && extra)
        rc = cashview_gather(c->db, r, code, fy, c->today, extra, c->a, &with, &m);
    if (rc && rc != PCN_ENOTFOUND) {
        ui_fail_500(c, &m);
        return;
    }
    char fyl[8], dir[8];
    fy_format(fy, fyl);
    fy_format_dir(fy, dir);
    http_resp_start(c->r, status, "text/html; charset=utf-8");
    struct ui_crumb crumbs[] = {{"Home", "/"},
                                {page_org_name(c, code), arena_printf(c->a, "/pcn/%s", code)},
                                {"ARRS", arena_printf(c->a, "/pcn/%s/arrs", code)}};
    struct ui_page p = {.title = arena_printf(c->a, "Cash flow %s", fyl),
                        .section = "ARRS",
                        .error = err != NULL,
                        .crumbs = crumbs,
                        .ncrumbs = 3};
    ui_begin(c, &h, &p);
    if (err)
        ui_error_summary(&h, err, 1);
    HTML_LIT(&h, "<h1><span class=\"nhsuk-caption-l\">");
    html_text(&h, page_org_name(c, code));
    HTML_LIT(&h, "</span>When the money arrives: cash flow ");
    html_text(&h, fyl);
    HTML_LIT(&h, "</h1>");
    if (rc == PCN_ENOTFOUND) {
        HTML_LIT(&h, "<p>The cash flow cannot be worked out: ");
        html_text(&h, m.text);
        HTML_LIT(&h, ".</p>");
        ui_end(c, &h);
        return;
    }
    const struct cashflow *cf = &v.cf;
    HTML_LIT(&h, "<p>Money in and out of the PCN's bank account, month by month, from £0 on 1 "
                 "April ");
    html_int(&h, fy);
    HTML_LIT(&h, ": your staff are paid in the month they work; ARRS reimbursement arrives when "
                 "the ICB pays the claim. The gap between the two is the money the PCN must "
                 "find first.</p>");
    if (extra) {
        HTML_LIT(&h, "<div class=\"nhsuk-inset-text\"><span class=\"nhsuk-u-visually-hidden\">"
                     "Information: </span><h2 class=\"nhsuk-heading-s\">If you recruit this "
                     "post</h2><p>With ");
        html_text(&h, what);
        HTML_LIT(&h, ", the widest cash gap becomes ");
        gap_sentence(c, &h, &with.cf);
        HTML_LIT(&h, ". Today it is ");
        gap_sentence(c, &h, cf);
        HTML_LIT(&h, ". Nothing has been saved.</p></div>");
    }
    cash_summary(c, &h, &v);

    HTML_LIT(&h, "<h2>Month by month</h2>");
    chart_and_table(c, &h, &v, "cash", "Money in and out, month by month, in pounds");
    HTML_LIT(&h, "<p><a href=\"");
    html_url(&h, arena_printf(c->a, "/pcn/%s/cashflow.csv?year=%s", code, dir));
    HTML_LIT(&h, "\" download>Download as CSV</a> · <a href=\"");
    html_url(&h, arena_printf(c->a, "/pcn/%s/cashflow.xlsx?year=%s", code, dir));
    HTML_LIT(&h, "\" download>Download as a spreadsheet (XLSX)</a></p>");

    left_out(&h, code, &v);

    if (extra) {
        HTML_LIT(&h, "<h2>With the post you might recruit</h2>");
        chart_and_table(c, &h, &with, "cash-what-if",
                        "Money in and out with the post you might recruit, in pounds");
    }
    whatif_form(c, &h, code, r, fy,
                err && strcmp(err->field, "lag") && strcmp(err->field, "note") ? err : NULL);
    lag_form(c, &h, code, &v, fy,
             err && (!strcmp(err->field, "lag") || !strcmp(err->field, "note")) ? err : NULL);
    HTML_LIT(&h, "<ul class=\"nhsuk-list\"><li><a href=\"");
    html_url2(&h, "/pcn/", code);
    HTML_LIT(&h, "/arrs\">The ARRS position</a></li><li><a href=\"");
    html_url(&h, arena_printf(c->a, "/pcn/%s/funding?year=%s", code, dir));
    HTML_LIT(&h, "\">Funding</a></li></ul>");
    ui_end(c, &h);
}

/* The PCN of the route (its pay is shown), the rules and the year asked;
 * NULL when the page has been answered (404 for a year not known). */
static const char *route(struct ctx *c, const struct rules **r, fy_t *fy)
{
    const char *code = allowed(c, false);
    if (!code || !(*r = page_rules_or_500(c)))
        return NULL;
    if (!year_of(c, *r, fy)) {
        ui_not_found(c);
        return NULL;
    }
    return code;
}

void page_cashflow(struct ctx *c)
{
    const struct rules *r;
    fy_t fy;
    const char *code = route(c, &r, &fy);
    if (!code)
        return;
    audit_ctx(c, "cashflow-view", "pcn", code, NULL);
    show(c, 200, code, r, fy, NULL, NULL, NULL);
}

void page_cashflow_whatif_post(struct ctx *c)
{
    const struct rules *r;
    fy_t fy;
    const char *code = route(c, &r, &fy);
    if (!code)
        return;
    struct pcn_msg m = {0};
    struct ui_error err = {0};
    const char *wte = http_form_str(c->q, "wte"), *from = http_form_str(c->q, "from"),
               *pay = http_form_str(c->q, "pay"), *kind = http_form_str(c->q, "kind");
    int64_t w = 0, yy, mo;
    pence_t p = 0;
    date_t start = DATE_NONE;
    if (!wte || fixed_parse(wte, strlen(wte), 4, 1, WTE_WHOLE, &w))
        w = 0;
    if (from && strlen(from) == 7 && !parse_i64n(from, 4, 1800, 2999, &yy) &&
        !parse_i64n(from + 5, 2, 1, 12, &mo))
        start = date_from_ymd((int)yy, (int)mo, 1);
    if (!pay || money_parse(pay, strlen(pay), &p))
        p = 0;
    struct arrs_post post;
    const char *field;
    if (cashview_whatif_post(r, fy, http_form_str(c->q, "role"), w, start, p,
                             kind && !strcmp(kind, "cost"), c->a, &post, &field, &m)) {
        err = (struct ui_error){field, arena_strdup(c->a, m.text), NULL};
        show(c, 400, code, r, fy, NULL, NULL, &err);
        return;
    }
    const struct rules_year *y = rules_year(r, fy);
    const struct rule_role *role = y ? arrs_find_role(y, post.role) : NULL;
    struct buf wb;
    buf_init(&wb, 256);
    buf_printf(&wb, "a %s at ", role ? role->name : post.role);
    fixed_add(&wb, w, 4, 1, false);
    buf_printf(&wb, " WTE from %s %d, %s ", date_month_name((int)mo), (int)yy,
               kind && !strcmp(kind, "cost") ? "costing" : "paid");
    money_add_display(&wb, p);
    BUF_LIT(&wb, " a year");
    const char *what = arena_strdup(c->a, wb.buf);
    buf_release(&wb);
    show(c, 200, code, r, fy, &post, what, NULL);
}

void page_cashflow_lag_post(struct ctx *c)
{
    const struct rules *r;
    fy_t fy;
    const char *code = route(c, &r, &fy);
    if (!code)
        return;
    const char *lag = http_form_str(c->q, "lag"), *note = http_form_str(c->q, "note");
    int64_t n = -1;
    struct ui_error err = {0};
    if (lag && *lag && parse_i64(lag, 0, 12, &n))
        err = (struct ui_error){"lag", "Enter the months as a whole number from 0 to 12", NULL};
    else if (n >= 0 && (!note || !*note))
        err = (struct ui_error){"note", "Say where the figure comes from", NULL};
    else if (note && strlen(note) > 500)
        err = (struct ui_error){"note", "Keep it to 500 characters or fewer", NULL};
    if (err.field) {
        show(c, 400, code, r, fy, NULL, NULL, &err);
        return;
    }
    struct desk_actor who;
    struct pcn_msg m = {0};
    deskweb_actor(c, &who);
    if (cashview_set_lag(c->db, code, (int)n, note, &who, &m)) {
        ui_fail_500(c, &m);
        return;
    }
    char dir[8];
    fy_format_dir(fy, dir);
    http_resp_redirect(c->r, arena_printf(c->a, "/pcn/%s/cashflow?year=%s", code, dir));
}

static void export(struct ctx *c, bool xlsx)
{
    const char *code = allowed(c, false);
    const struct rules *r;
    fy_t fy;
    if (!code || !(r = page_rules_or_500(c)))
        return;
    struct pcn_msg m = {0};
    struct cashview v;
    int rc = year_of(c, r, &fy) ? cashview_gather(c->db, r, code, fy, c->today, NULL, c->a, &v, &m)
                                : PCN_ENOTFOUND;
    if (page_failed(c, rc, &m))
        return;
    struct sheet sh;
    cashview_sheet(&v, c->a, &sh);
    char dir[8];
    fy_format_dir(fy, dir);
    const char *name = arena_printf(c->a, "cashflow-%s-%s.%s", code, dir, xlsx ? "xlsx" : "csv");
    if (page_send_sheets(c, &sh, 1, xlsx, name, &m)) {
        ui_fail_500(c, &m);
        return;
    }
    audit_ctx(c, "cashflow-export", "pcn", code, json_pack("{s:s}", "file", name));
}

void page_cashflow_csv(struct ctx *c)
{
    export(c, false);
}

void page_cashflow_xlsx(struct ctx *c)
{
    export(c, true);
}

void api_cashflow(struct ctx *c)
{
    const char *code = allowed(c, true);
    const struct rules *r;
    fy_t fy;
    if (!code || !(r = api_rules(c)))
        return;
    if (!year_of(c, r, &fy)) {
        api_error(c, 400, "year: give a financial year like 2026-27");
        return;
    }
    struct pcn_msg m = {0};
    struct cashview v;
    int rc = cashview_gather(c->db, r, code, fy, c->today, NULL, c->a, &v, &m);
    if (rc == PCN_ENOTFOUND) {
        api_error(c, 404, m.text);
        return;
    }
    if (rc) {
        api_error(c, 500, "the cash flow cannot be worked out");
        return;
    }
    audit_ctx(c, "cashflow-view", "pcn", code, json_pack("{s:s}", "via", "api"));
    api_json(c, 200, cashview_json(&v));
}
