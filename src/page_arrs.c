/* page_arrs.c: the ARRS pages of a PCN: the year's position, the staff
 * register and each record, the month's claim (with CSV and XLSX), and the
 * recruitment planner.
 *
 * Who sees what: the position and the staff list without pay are shared
 * figures (perm_read_pcn); pay, claim lines and every change are for the
 * PCN's managers and clinical director only (perm_read_salaries), and each
 * view or export of pay is audited. */
#include "common.h"
#include "arrsview.h"
#include "audit.h"
#include "db.h"
#include "pages.h"
#include "perm.h"
#include "planner.h"
#include "registry.h"
#include "rules.h"
#include "sheet.h"
#include "staff.h"
#include "demo.h"
#include "demoweb.h"
#include "override.h"
#include "svg.h"
#include "ui.h"
#include "form.h"
#include "limits.h"

/* The PCN of the route, if the user may read it (pay: its pay and claims);
 * else 404 and audited. */
static const char *pcn_for(struct ctx *c, bool pay)
{
    const char *code = c->params[0];
    return page_org_allowed(c, pay ? perm_read_salaries(c, code) : perm_read_pcn(c, code),
                            pay ? "arrs-pay" : "pcn");
}

/* The same with the rules (*r), or NULL when either page has been answered. */
static const char *pcn_rules(struct ctx *c, bool pay, const struct rules **r)
{
    *r = NULL;
    const char *code = pcn_for(c, pay);
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
static fy_t year_param(struct ctx *c, const struct rules *r, bool *fallback)
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
    char now[8], s[8], dir[8];
    fy_format(fy_of(c->today), now);
    fy_format(shown, s);
    fy_format_dir(shown, dir);
    HTML_LIT(h, "<div class=\"nhsuk-inset-text\"><span class=\"nhsuk-u-visually-hidden\">"
                "Information: </span><p>The rules have no year ");
    html_text(h, now);
    HTML_LIT(h, " yet, so this shows ");
    html_text(h, s);
    HTML_LIT(h, ". An administrator adds a year by copying the latest rules folder (rules/");
    html_text(h, dir);
    HTML_LIT(h, ") to its new name and entering the year's rates.</p></div>");
}

static void begin(struct ctx *c, struct html *h, const char *code, const char *title,
                  const struct form_errs *es, const char *crumb_text, const char *crumb_href)
{
    struct ui_crumb *crumbs = arena_alloc(c->a, 3 * sizeof *crumbs);
    size_t n = 0;
    crumbs[n++] = (struct ui_crumb){"Home", "/"};
    crumbs[n++] = (struct ui_crumb){page_org_name(c, code), arena_printf(c->a, "/pcn/%s", code)};
    if (crumb_text)
        crumbs[n++] = (struct ui_crumb){crumb_text, crumb_href};
    struct ui_page p = {.title = title, .section = "ARRS", .errors = es ? es->e : NULL, .nerrors = es ? es->n : 0, .crumbs = crumbs,
                        .ncrumbs = n};
    ui_begin(c, h, &p);
}

/* The staff record numbered `text` when it belongs to PCN `code`; false for
 * a malformed number, a missing record or another PCN's, which the pages all
 * answer with 404 so that nobody learns another PCN's record exists. */
static bool staff_of(struct ctx *c, const char *text, const char *code, int64_t *id,
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
static const char *staff_route(struct ctx *c, const struct rules **r, int64_t *id,
                               struct staff *s, struct form_errs *es)
{
    const char *code = pcn_rules(c, true, r);
    if (code && !staff_of(c, c->params[1], code, id, s)) {
        ui_not_found(c);
        return NULL;
    }
    if (es)
        form_errs_init(es, c->a);
    return code;
}

static void money_cell(struct html *h, pence_t v)
{
    ui_td_open(h, true);
    html_money(h, v);
    ui_td_close(h);
}

/* ---- the year's position ---------------------------------------------- */

void page_arrs(struct ctx *c)
{
    struct html h = {&c->r->body};
    struct pcn_msg m = {0};
    struct arrs_forecast f;
    bool est;
    const struct rules *r;
    const char *code = pcn_rules(c, false, &r);
    if (!code)
        return;
    bool fallback;
    fy_t fy = year_param(c, r, &fallback);
    char fyl[8];
    fy_format(fy, fyl);
    int rc = staff_position(c->db, r, code, fy, c->today, c->a, &f, &est, &m);
    if (rc && rc != PCN_ENOTFOUND) {
        ui_fail_500(c, &m);
        return;
    }
    const char *title = arena_printf(c->a, "Additional roles (ARRS) %s", fyl);
    begin(c, &h, code, title, NULL, NULL, NULL);
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
    if (f.alert_under || f.alert_over) {
        HTML_LIT(&h, "<div class=\"nhsuk-warning-callout\"><h2 class=\"nhsuk-warning-callout__label\">"
                     "<span role=\"text\"><span class=\"nhsuk-u-visually-hidden\">Important: </span>");
        html_text(&h, f.alert_over ? "Projected over the ARRS sum" : "Money will go unclaimed");
        HTML_LIT(&h, "</span></h2><p>");
        if (f.alert_over) {
            HTML_LIT(&h, "The claims made and still to come add up to more than the sum, by ");
            html_money(&h, -f.headroom);
        } else {
            HTML_LIT(&h, "The claims made and still to come use only ");
            fixed_add(h.b, f.used_bp, 2, 0, false);
            HTML_LIT(&h, "% of the sum. Unclaimed money is lost at the end of the year, on ");
            html_date(&h, fy_end(fy));
        }
        HTML_LIT(&h, ".</p></div>");
    }
    ui_summary_begin(&h);
    ui_summary_row_open(&h, "ARRS sum for the year");
    if (!f.sum_known) {
        ui_none(&h, "Not known");
        HTML_LIT(&h, " <span class=\"nhsuk-body-s\">(the rules have no ARRS rate for ");
        html_text(&h, fyl);
        HTML_LIT(&h, " yet: an administrator enters it on the Rules page)</span>");
    } else
        html_money(&h, f.sum);
    if (f.sum_known && est) {
        HTML_LIT(&h, " ");
        ui_tag(&h, "Estimate");
        HTML_LIT(&h, " <span class=\"nhsuk-body-s\">(weighted population not imported: the "
                     "registered list stands in)</span>");
    }
    ui_summary_row_end(&h);
    ui_summary_row_open(&h, "Claimed (submitted, approved or paid)");
    html_money(&h, f.claimed);
    ui_summary_row_end(&h);
    ui_summary_row_open(&h, arena_printf(c->a, "Still to claim for staff in post, to %s",
                                         date_text(c->a, fy_end(fy))));
    html_money(&h, f.forecast);
    if (f.posts_unknown) {
        HTML_LIT(&h, "; ");
        html_count(&h, f.posts_unknown);
        if (f.posts_unknown == 1)
            HTML_LIT(&h, " post not worked out");
        else
            HTML_LIT(&h, " posts not worked out");
    }
    ui_summary_row_end(&h);
    ui_summary_row_open(&h, "Projected for the year");
    html_money(&h, f.projected);
    if (f.sum_known) {
        HTML_LIT(&h, " (");
        fixed_add(h.b, f.used_bp, 2, 0, false);
        HTML_LIT(&h, "% of the sum)");
    }
    ui_summary_row_end(&h);
    if (f.sum_known) {
        ui_summary_row_open(&h, f.headroom >= 0 ? "Headroom" : "Overspend");
        html_money(&h, f.headroom >= 0 ? f.headroom : -f.headroom);
    } else {
        ui_summary_row_open(&h, "Headroom");
        ui_none(&h, "Not known: the sum is not known");
    }
    ui_summary_row_end(&h);
    ui_summary_end(&h);
    if (f.posts_unknown) {
        HTML_LIT(&h, "<p>");
        html_count(&h, f.posts_unknown);
        if (f.posts_unknown == 1)
            HTML_LIT(&h, " post is");
        else
            HTML_LIT(&h, " posts are");
        HTML_LIT(&h, " not counted in the figures above: the rules have no maximum reimbursable "
                     "amount for the role this year, or the pay is still to be entered. A PCN "
                     "manager or clinical director enters the maximum from the ICB's claim "
                     "statement on the <a href=\"");
        html_url2(&h, "/pcn/", code);
        HTML_LIT(&h, "/rules\">PCN's own figures</a> page.</p>");
    }

    /* Burn-down: what is left of the sum at the end of each month (only
     * when the sum is known). */
    if (f.sum_known) {
        HTML_LIT(&h, "<h2>What is left of the sum, month by month</h2>");
        struct svg_point pts[13];
        pence_t left = f.sum;
        pts[0] = (struct svg_point){fy_start(fy) - 1, left / 100};
        for (int k = 0; k < 12; k++) {
            left -= f.month_claim[k];
            int y = k < 9 ? fy : fy + 1, mo = k < 9 ? k + 4 : k - 8;
            pts[k + 1] = (struct svg_point){date_from_ymd(y, mo, date_days_in_month(y, mo)),
                                            left / 100};
        }
        svg_line_chart(&h, "burn", "ARRS sum left after each month's claims, in pounds",
                       "The sum less the claims made and projected, month by month from April "
                       "to March; the figures are in the table below.",
                       &(const struct svg_axis){.name = "Pounds left", .prefix = "\xC2\xA3",
                                                .from_zero = true},
                       pts, 13);
    }
    ui_table_begin(&h, "Claims by month: claimed, and projected for staff in post",
                   f.sum_known ? "Month,>Claimed,>Projected (not yet claimed),>Left of the sum"
                               : "Month,>Claimed,>Projected (not yet claimed)");
    pence_t left = f.sum;
    for (int k = 0; k < 12; k++) {
        int y = k < 9 ? fy : fy + 1, mo = k < 9 ? k + 4 : k - 8;
        left -= f.month_claim[k];
        ui_tr(&h);
        ui_td_open(&h, false);
        html_text(&h, date_month_name(mo));
        HTML_LIT(&h, " ");
        html_int(&h, y);
        ui_td_close(&h);
        money_cell(&h, f.month_recorded[k]);
        money_cell(&h, f.month_claim[k] - f.month_recorded[k]);
        if (f.sum_known)
            money_cell(&h, left);
    }
    ui_table_end(&h);

    if (f.headroom > 0 && f.nroles && f.from <= fy_end(fy)) {
        HTML_LIT(&h, "<h2>What the headroom pays for</h2><p>From ");
        html_date(&h, f.from);
        HTML_LIT(&h, " to 31 March, the headroom pays for this much of one role, at the role's "
                     "national maximum:</p>");
        ui_table_begin(&h, "Headroom as whole-time equivalents (WTE)",
                       "Role,>Maximum per WTE a year,>WTE you can still afford");
        for (size_t i = 0; i < f.nroles; i++) {
            ui_tr(&h);
            ui_td(&h, f.roles[i].role_name);
            money_cell(&h, f.roles[i].max);
            ui_td_open(&h, true);
            /* WTE to two decimal places, rounded down: what the headroom
             * pays for in full. */
            fixed_add(h.b, f.roles[i].wte_e4 / 100, 2, 2, false);
            ui_td_close(&h);
        }
        ui_table_end(&h);
    }
    HTML_LIT(&h, "<ul class=\"nhsuk-list\">");
    HTML_LIT(&h, "<li><a href=\"");
    html_url2(&h, "/pcn/", code);
    HTML_LIT(&h, "/arrs/staff\">Staff register</a></li>");
    if (perm_read_salaries(c, code)) {
        HTML_LIT(&h, "<li><a href=\"");
        html_url2(&h, "/pcn/", code);
        HTML_LIT(&h, "/arrs/claims\">Monthly claims</a></li><li><a href=\"");
        html_url2(&h, "/pcn/", code);
        HTML_LIT(&h, "/arrs/plan\">Recruitment planner</a></li><li><a href=\"");
        char dir[8];
        fy_format_dir(fy, dir);
        html_url(&h, arena_printf(c->a, "/pcn/%s/cashflow?year=%s", code, dir));
        HTML_LIT(&h, "\">When the money arrives: the cash flow and the cash gap</a></li>");
    }
    HTML_LIT(&h, "</ul>");
    ui_end(c, &h);
}

/* ---- staff register ------------------------------------------------------ */

static const char *post_role_words(const struct rules *r, fy_t fy, const char *id)
{
    const struct rules_year *y = rules_year(r, fy);
    const struct rule_role *role = y ? arrs_find_role(y, id) : NULL;
    return role ? role->name : id;
}

static const struct arrs_terms *current_terms(const struct staff *s, date_t on)
{
    const struct arrs_terms *t = s->nterms ? &s->terms[0] : NULL;
    for (size_t i = 0; i < s->nterms; i++)
        if (s->terms[i].from <= on)
            t = &s->terms[i];
    return t;
}

void page_arrs_staff(struct ctx *c)
{
    struct html h = {&c->r->body};
    struct pcn_msg m = {0};
    struct staff *s;
    size_t n;
    const struct rules *r;
    const char *code = pcn_rules(c, false, &r);
    if (!code)
        return;
    if (staff_list(c->db, code, DATE_NONE, c->a, &s, &n, &m)) {
        ui_fail_500(c, &m);
        return;
    }
    bool pay = perm_read_salaries(c, code);
    begin(c, &h, code, "Staff register", NULL, "ARRS", arena_printf(c->a, "/pcn/%s/arrs", code));
    HTML_LIT(&h, "<h1>Staff register</h1><p>The staff whose pay the Additional Roles "
                 "Reimbursement Scheme (ARRS) repays, past and present.</p>");
    demoweb_notice(c, &h, code);
    struct demoweb_ids demo = demoweb_ids(c, code, DEMO_STAFF);
    if (pay) {
        HTML_LIT(&h, "<a class=\"nhsuk-button\" data-module=\"nhsuk-button\" href=\"");
        html_url2(&h, "/pcn/", code);
        HTML_LIT(&h, "/arrs/staff/new\">Add a staff member</a><p><a href=\"");
        html_url2(&h, "/pcn/", code);
        HTML_LIT(&h, "/import?kind=staff\">Import staff from a file</a> (a staff CSV, or NHS "
                     "England's workforce census)</p>");
    }
    ui_table_begin(&h, "Staff", "Name,Role,>WTE,Started,Left");
    for (size_t i = 0; i < n; i++) {
        const struct arrs_terms *t = current_terms(&s[i], c->today);
        ui_tr(&h);
        ui_td_open(&h, false);
        if (pay) {
            HTML_LIT(&h, "<a href=\"");
            html_url2(&h, "/pcn/", code);
            HTML_LIT(&h, "/arrs/staff/");
            html_int(&h, s[i].id);
            HTML_LIT(&h, "\">");
            html_text(&h, s[i].name);
            HTML_LIT(&h, "</a>");
        } else {
            html_text(&h, s[i].name);
        }
        demoweb_tag_if(&h, &demo, s[i].id);
        ui_td_close(&h);
        ui_td(&h, post_role_words(r, fy_of(s[i].start), s[i].role));
        ui_td_open(&h, true);
        if (t)
            fixed_add(h.b, t->wte_e4, 4, 1, false);
        ui_td_close(&h);
        ui_td_open(&h, false);
        html_date(&h, s[i].start);
        ui_td_close(&h);
        ui_td_open(&h, false);
        if (s[i].end != DATE_NONE)
            html_date(&h, s[i].end);
        else
            ui_none(&h, "In post");
        ui_td_close(&h);
    }
    if (n == 0) {
        ui_tr(&h);
        ui_td(&h, "No staff recorded yet");
        for (int k = 0; k < 4; k++)
            ui_td(&h, "No data");
    }
    ui_table_end(&h);
    ui_end(c, &h);
}

/* The staff record: summary cards for the post, its pay over time and its
 * claims this year; after a change with mistakes (es, `form` the form they
 * are in: "terms" or "end"), the forms show them with what was typed. */
static void staff_one(struct ctx *c, const char *code, const struct rules *r, struct staff s,
                      const struct form_errs *es, const char *form);

void page_arrs_staff_one(struct ctx *c)
{
    struct staff s;
    int64_t id;
    const struct rules *r;
    const char *code = staff_route(c, &r, &id, &s, NULL);
    if (!code)
        return;
    audit_ctx(c, "staff-view", "staff", c->params[1], json_pack("{s:s}", "pcn", code));
    staff_one(c, code, r, s, NULL, NULL);
}

static void staff_one(struct ctx *c, const char *code, const struct rules *r, struct staff s,
                      const struct form_errs *es, const char *form)
{
    struct html h = {&c->r->body};
    struct pcn_msg m = {0};
    bool terms = es && form && !strcmp(form, "terms"), end = es && form && !strcmp(form, "end");
#define TV(f) (terms ? http_form_str(c->q, f) : NULL)
    http_resp_start(c->r, es && es->n ? 400 : 200, "text/html; charset=utf-8");
    begin(c, &h, code, s.name, es, "Staff register",
          arena_printf(c->a, "/pcn/%s/arrs/staff", code));
    HTML_LIT(&h, "<h1><span class=\"nhsuk-caption-l\">");
    html_text(&h, post_role_words(r, fy_of(s.start), s.role));
    HTML_LIT(&h, "</span>");
    html_text(&h, s.name);
    HTML_LIT(&h, "</h1>");
    {
        struct demoweb_ids demo = demoweb_ids(c, code, DEMO_STAFF);
        if (demo_has(demo.ids, demo.n, s.id))
            demoweb_notice(c, &h, code);
    }

    HTML_LIT(&h, "<div class=\"nhsuk-card\"><div class=\"nhsuk-card__content\">"
                 "<h2 class=\"nhsuk-card__heading\">Post</h2>");
    ui_summary_begin(&h);
    ui_summary_row(&h, "Role", post_role_words(r, fy_of(s.start), s.role));
    static const char *const emp[] = {"Employed by the PCN", "Employed by the lead practice",
                                      "Sub-contracted", "Mental health practitioner, shared 50%"};
    ui_summary_row(&h, "Employment", emp[s.employment]);
    static const char *const zones[] = {"National", "Outer London", "Inner London"};
    ui_summary_row(&h, "Pay zone", zones[s.zone]);
    ui_summary_row_open(&h, "First day in post");
    html_date(&h, s.start);
    ui_summary_row_end(&h);
    ui_summary_row_open(&h, "Last day in post");
    if (s.end != DATE_NONE)
        html_date(&h, s.end);
    else
        ui_none(&h, "In post");
    ui_summary_row_end(&h);
    ui_summary_row(&h, "Clinical supervisor", s.supervisor);
    ui_summary_row(&h, "Workforce or staff id", s.ref);
    ui_summary_end(&h);
    HTML_LIT(&h, "</div></div>");

    HTML_LIT(&h, "<div class=\"nhsuk-card\"><div class=\"nhsuk-card__content\">"
                 "<h2 class=\"nhsuk-card__heading\">Hours and pay</h2>");
    ui_table_begin(&h, "Hours and pay from each date", "From,>WTE,Pay,>A year");
    for (size_t i = 0; i < s.nterms; i++) {
        const struct arrs_terms *t = &s.terms[i];
        ui_tr(&h);
        ui_td_open(&h, false);
        html_date(&h, t->from);
        ui_td_close(&h);
        ui_td_open(&h, true);
        fixed_add(h.b, t->wte_e4, 4, 1, false);
        ui_td_close(&h);
        ui_td_open(&h, false);
        if (t->has_cost)
            HTML_LIT(&h, "Annual cost entered");
        else if (t->has_salary)
            html_text(&h, t->has_oncost ? "Salary and on-costs entered" : "Salary entered");
        else if (t->has_point) {
            HTML_LIT(&h, "Agenda for Change band ");
            html_text(&h, t->band);
            HTML_LIT(&h, ", ");
            html_text(&h, rule_pay_point_name(t->point));
            HTML_LIT(&h, " point");
        } else
            ui_none(&h, "To be entered");
        ui_td_close(&h);
        ui_td_open(&h, true);
        if (t->has_cost)
            html_money(&h, t->cost);
        else if (t->has_salary)
            html_money(&h, t->salary + (t->has_oncost ? t->oncost : 0));
        else
            ui_none(&h, "From the rules");
        ui_td_close(&h);
    }
    ui_table_end(&h);
    HTML_LIT(&h, "</div></div>");

    /* This year's claims, with the working of each. */
    bool fallback;
    fy_t fy = year_param(c, r, &fallback);
    fallback = fy != fy_of(c->today);   /* then the working shows the year's last month */
    struct arrs_post p;
    staff_post(&s, &p);
    {
        struct pcn_msg lm = {0};
        override_rules(c->db, r, s.pcn, fy_start(fy), c->a, &r, &lm);
    }
    HTML_LIT(&h, "<h2>Claimable this year</h2>");
    ui_table_begin(&h, "Claimable by month", "Month,>Days in post,>Cost,>Maximum,>Claim");
    for (int k = 0; k < 12; k++) {
        int y = k < 9 ? fy : fy + 1, mo = k < 9 ? k + 4 : k - 8;
        struct arrs_claim cl;
        if (arrs_claim_month(r, &p, y, mo, c->a, &cl, &m) || cl.days == 0)
            continue;
        ui_tr(&h);
        ui_td_open(&h, false);
        html_text(&h, date_month_name(mo));
        HTML_LIT(&h, " ");
        html_int(&h, y);
        ui_td_close(&h);
        ui_td_count(&h, cl.days);
        if (cl.known) {
            money_cell(&h, cl.cost);
            money_cell(&h, cl.cap);
            ui_td_open(&h, true);
            html_money(&h, cl.claim);
            if (conf_doubtful(cl.conf)) {
                HTML_LIT(&h, " ");
                ui_tag(&h, conf_tag(cl.conf));
            }
            ui_td_close(&h);
        } else {
            for (int j = 0; j < 3; j++)
                ui_td(&h, j < 2 ? "Not known" : "Cannot be worked out");
        }
    }
    ui_table_end(&h);
    /* The working of the latest month, in a details component. */
    {
        int y, mo, d;
        date_to_ymd(fallback ? fy_end(fy) : c->today, &y, &mo, &d);
        struct arrs_claim cl;
        if (arrs_claim_month(r, &p, y, mo, c->a, &cl, &m) == 0 && cl.trail.n) {
            HTML_LIT(&h, "<details class=\"nhsuk-details\"><summary class=\"nhsuk-details__summary\">"
                         "<span class=\"nhsuk-details__summary-text\">How this month's claim was "
                         "worked out</span></summary><div class=\"nhsuk-details__text\"><ol>");
            for (size_t i = 0; i < cl.trail.n; i++) {
                HTML_LIT(&h, "<li>");
                html_text(&h, cl.trail.steps[i].text);
                if (cl.trail.steps[i].source) {
                    HTML_LIT(&h, " <span class=\"nhsuk-body-s\">(");
                    html_text(&h, cl.trail.steps[i].source);
                    HTML_LIT(&h, ")</span>");
                }
                HTML_LIT(&h, "</li>");
            }
            HTML_LIT(&h, "</ol></div></details>");
        }
    }

    /* Changes: hours or pay from a date; the last day in post. */
    HTML_LIT(&h, "<h2>Change hours or pay</h2><form action=\"");
    html_url2(&h, "/pcn/", code);
    HTML_LIT(&h, "/arrs/staff/");
    html_int(&h, s.id);
    HTML_LIT(&h, "/terms\" method=\"post\" novalidate>");
    ui_csrf(c, &h);
    ui_date_input(&h, "from", "From", "For example, 1 10 2025", TV("from-day"), TV("from-month"),
                  TV("from-year"), form_err(es, "from"));
    ui_input(&h, "wte", "Whole-time equivalent (WTE)", "From 0.01 to 1.0, for example 0.8", "text",
             TV("wte"), "nhsuk-input--width-4", form_err(es, "wte"));
    ui_input_money(&h, "cost", "Annual cost (salary and employer on-costs, at this WTE)", NULL,
                   TV("cost"), form_err(es, "cost"));
    HTML_LIT(&h, "<button class=\"nhsuk-button nhsuk-button--secondary\" data-module=\"nhsuk-button\" "
                 "type=\"submit\">Save the change</button></form>");
    HTML_LIT(&h, "<h2>Record a leaver</h2><form action=\"");
    html_url2(&h, "/pcn/", code);
    HTML_LIT(&h, "/arrs/staff/");
    html_int(&h, s.id);
    HTML_LIT(&h, "/end\" method=\"post\" novalidate>");
    ui_csrf(c, &h);
    ui_date_input(&h, "end", "Last day in post", "For example, 31 3 2027",
                  end ? http_form_str(c->q, "end-day") : NULL,
                  end ? http_form_str(c->q, "end-month") : NULL,
                  end ? http_form_str(c->q, "end-year") : NULL, form_err(es, "end"));
    HTML_LIT(&h, "<button class=\"nhsuk-button nhsuk-button--secondary\" data-module=\"nhsuk-button\" "
                 "type=\"submit\">Save the last day</button></form>");
    ui_end(c, &h);
#undef TV
}

static const char *const emp_values[] = {"employed", "lead_practice", "subcontracted", "mhp_shared"};
static const char *const emp_labels[] = {"Employed by the PCN", "Employed by the lead practice",
                                         "Sub-contracted", "Mental health practitioner, shared 50%"};
static const char *const zone_values[] = {"national", "outer_london", "inner_london"};
static const char *const zone_labels[] = {"National", "Outer London", "Inner London"};
static const char *const point_values[] = {"", "entry", "intermediate", "top", "single"};
static const char *const point_labels[] = {"None: I will enter the cost", "Entry", "Intermediate",
                                           "Top", "Single point"};

static void staff_form(struct ctx *c, int status, const char *code, const struct form_errs *es)
{
    struct html h = {&c->r->body};
    const struct rules *r = page_rules_or_500(c);
    if (!r)
        return;
    struct http_req *q = c->q;
    http_resp_start(c->r, status, "text/html; charset=utf-8");
    begin(c, &h, code, "Add a staff member", es, "Staff register",
          arena_printf(c->a, "/pcn/%s/arrs/staff", code));
    HTML_LIT(&h, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">");
    HTML_LIT(&h, "<h1>Add a staff member</h1><form action=\"");
    html_url2(&h, "/pcn/", code);
    HTML_LIT(&h, "/arrs/staff\" method=\"post\" novalidate>");
    ui_csrf(c, &h);
    ui_input(&h, "name", "Full name", NULL, "text", http_form_str(q, "name"),
             "nhsuk-input--width-20", form_err(es, "name"));
    bool fallback;
    const struct rules_year *y = rules_year(r, arrs_default_year(r, c->today, &fallback));
    size_t nr = y ? y->nroles : 0;
    const char **rv = arena_alloc(c->a, (nr + 1) * sizeof *rv), **rl = arena_alloc(c->a, (nr + 1) * sizeof *rl);
    for (size_t i = 0; i < nr; i++) {
        rv[i] = y->roles[i].id;
        rl[i] = y->roles[i].name;
    }
    ui_select(&h, "role", "Role", rv, rl, nr, http_form_str(q, "role"), form_err(es, "role"));
    ui_select(&h, "employment", "Employment", emp_values, emp_labels, 4,
              http_form_str(q, "employment"), form_err(es, "employment"));
    ui_select(&h, "zone", "Pay zone", zone_values, zone_labels, 3, http_form_str(q, "zone"),
              form_err(es, "zone"));
    ui_date_input(&h, "start", "First day in post", "For example, 16 9 2025",
                  http_form_str(q, "start-day"), http_form_str(q, "start-month"),
                  http_form_str(q, "start-year"), form_err(es, "start"));
    ui_input(&h, "wte", "Whole-time equivalent (WTE)", "From 0.01 to 1.0, for example 0.6", "text",
             http_form_str(q, "wte"), "nhsuk-input--width-4", form_err(es, "wte"));
    HTML_LIT(&h, "<h2>Pay</h2><p>Give the Agenda for Change band and pay point, or the annual "
                 "cost (salary and employer on-costs at this WTE).</p>");
    ui_input(&h, "band", "Agenda for Change band", "For example, 7 or 8a", "text",
             http_form_str(q, "band"), "nhsuk-input--width-4", form_err(es, "band"));
    ui_select(&h, "pay_point", "Pay point", point_values, point_labels, 5,
              http_form_str(q, "pay_point"), form_err(es, "pay_point"));
    ui_input_money(&h, "annual_cost", "Annual cost", NULL, http_form_str(q, "annual_cost"),
                   form_err(es, "annual_cost"));
    ui_input(&h, "supervisor", "Clinical supervisor (optional)", NULL, "text",
             http_form_str(q, "supervisor"), "nhsuk-input--width-20", form_err(es, "supervisor"));
    HTML_LIT(&h, "<button class=\"nhsuk-button\" data-module=\"nhsuk-button\" type=\"submit\">"
                 "Add the staff member</button></form></div></div>");
    ui_end(c, &h);
}

void page_arrs_staff_new(struct ctx *c)
{
    const char *code = pcn_for(c, true);
    if (code)
        staff_form(c, 200, code, NULL);
}

/* A field error of staff_check for the form: message text without its
 * "field: " prefix, starting with a capital letter, on the field's id. */
static void check_error(struct form_errs *es, const char *field, const char *msg)
{
    const char *colon = strstr(msg, ": ");
    const char *text = form_capital(es->a, colon ? colon + 2 : msg);
    if (!strcmp(field, "start_date"))
        form_err_add_date(es, "start", "%s", text);
    else if (!strcmp(field, "end_date"))
        form_err_add_date(es, "end", "%s", text);
    else
        form_err_add(es, field, "%s", text);
}

void page_arrs_staff_post(struct ctx *c)
{
    struct pcn_msg m = {0};
    const struct rules *r;
    const char *code = pcn_rules(c, true, &r);
    if (!code)
        return;
    struct form_errs es;
    form_errs_init(&es, c->a);
    struct staff s = {.pcn = code, .end = DATE_NONE};
    struct arrs_terms *t = arena_zalloc(c->a, sizeof *t);
    s.name = form_read_text(c, &es, "name", "the staff member's full name", true,
                            LIMIT_FORM_NAME_BYTES);
    {
        /* the roles the form offers (the rules' year shown); staff_check then
         * checks the role against the year the post starts */
        bool fallback;
        const struct rules_year *y = rules_year(r, arrs_default_year(r, c->today, &fallback));
        size_t nr = y ? y->nroles : 0;
        const char **rv = arena_alloc(c->a, (nr + 1) * sizeof *rv);
        for (size_t i = 0; i < nr; i++)
            rv[i] = y->roles[i].id;
        s.role = form_read_choice(c, &es, "role", "the role", true, rv, nr);
    }
    const char *v = form_read_choice(c, &es, "employment", "how the post is employed", false,
                                     emp_values, ARRAY_SIZE(emp_values));
    if (!v || arrs_employment_parse(v, &s.employment))
        s.employment = EMP_EMPLOYED;
    v = form_read_choice(c, &es, "zone", "the pay zone", false, zone_values,
                         ARRAY_SIZE(zone_values));
    if (!v || arrs_zone_parse(v, &s.zone))
        s.zone = AREA_NATIONAL;
    s.start = form_read_date(c, &es, "start", "the first day in post", true, form_date_lo(),
                             form_date_hi(c->today));
    form_read_fixed(c, &es, "wte", "the WTE", true, 4, LIMIT_FORM_WTE_MIN_E4, WTE_WHOLE, "0.6",
                    &t->wte_e4);
    t->from = s.start;
    t->band = form_read_text(c, &es, "band", "the band", false, LIMIT_CODE_BYTES);
    v = form_read_choice(c, &es, "pay_point", "the pay point", false, point_values,
                         ARRAY_SIZE(point_values));
    if (v && *v)
        t->has_point = arrs_pay_point_parse(v, &t->point) == 0;
    const char *cost = http_form_str(c->q, "annual_cost");
    if (cost && *cost)
        t->has_cost = true;
    form_read_money(c, &es, "annual_cost", "the annual cost", false, 0,
                    LIMIT_FORM_ANNUAL_COST_MAX, &t->cost);
    if (!form_err(&es, "annual_cost") && !t->has_cost && !t->has_point)
        form_err_add(&es, "band", "Enter the band and pay point, or the annual cost");
    s.supervisor = form_read_text(c, &es, "supervisor", "the clinical supervisor", false,
                                  LIMIT_FORM_NAME_BYTES);
    if (!es.n) {
        /* the checks against the rules and the register, once the form is whole */
        s.terms = t;
        s.nterms = 1;
        const char *field = NULL;
        int64_t id;
        struct audit_entry note;
        int rc = staff_check(c->db, r, &s, &field, &m);
        if (rc == PCN_EINVAL) {
            check_error(&es, field ? field : "name", m.text);
        } else if (rc || (audit_note_ctx(&note, c, "staff-add", "staff", NULL,
                                         json_pack("{s:s,s:s,s:s,s:s}", "pcn", code, "name",
                                                   s.name, "role", s.role, "wte",
                                                   http_form_str(c->q, "wte"))),
                          rc = staff_add(c->db, r, &s, c->q->now, &note, &id, &m))) {
            ui_fail_500(c, &m);
            return;
        } else {
            http_resp_redirect(c->r, arena_printf(c->a, "/pcn/%s/arrs/staff/%" PRId64, code, id));
            return;
        }
    }
    staff_form(c, 400, code, &es);
}

/* A change to a record posted: the record again with the form's errors
 * (`form` the form that has them), or back to the record. */
static void staff_post_done(struct ctx *c, const char *code, const struct rules *r,
                            struct staff s, const struct form_errs *es, const char *form,
                            int64_t id)
{
    if (es->n)
        staff_one(c, code, r, s, es, form);
    else
        http_resp_redirect(c->r, arena_printf(c->a, "/pcn/%s/arrs/staff/%" PRId64, code, id));
}

void page_arrs_terms_post(struct ctx *c)
{
    struct pcn_msg m = {0};
    struct staff s;
    int64_t id;
    const struct rules *r;
    struct form_errs es;
    const char *code = staff_route(c, &r, &id, &s, &es);
    if (!code)
        return;
    struct arrs_terms t = {0};
    t.from = form_read_date(c, &es, "from", "the date the change starts", true, s.start,
                            form_date_hi(c->today));
    form_read_fixed(c, &es, "wte", "the WTE", true, 4, LIMIT_FORM_WTE_MIN_E4, WTE_WHOLE, "0.8",
                    &t.wte_e4);
    form_read_money(c, &es, "cost", "the annual cost", true, 0, LIMIT_FORM_ANNUAL_COST_MAX,
                    &t.cost);
    t.has_cost = true;
    struct audit_entry note;
    if (!es.n) {
        audit_note_ctx(&note, c, "staff-change", "staff", c->params[1],
                       json_pack("{s:s,s:s,s:s}", "pcn", code, "wte", http_form_str(c->q, "wte"),
                                 "annual_cost", http_form_str(c->q, "cost")));
        if (staff_set_terms(c->db, r, id, &t, c->q->now, &note, &m))
            form_err_add_date(&es, "from", "%s", form_capital(c->a, m.text));
    }
    staff_post_done(c, code, r, s, &es, "terms", id);
}

void page_arrs_end_post(struct ctx *c)
{
    struct pcn_msg m = {0};
    struct staff s;
    int64_t id;
    const struct rules *r;
    struct form_errs es;
    const char *code = staff_route(c, &r, &id, &s, &es);
    if (!code)
        return;
    date_t end = form_read_date(c, &es, "end", "the last day in post", true, s.start,
                                form_date_hi(c->today));
    struct audit_entry note;
    if (!es.n) {
        char iso[11];
        date_format_iso(end, iso);
        audit_note_ctx(&note, c, "staff-end", "staff", c->params[1],
                       json_pack("{s:s,s:s}", "pcn", code, "last_day", iso));
        if (staff_set_end(c->db, id, end, c->q->now, &note, &m))
            form_err_add_date(&es, "end", "%s", form_capital(c->a, m.text));
    }
    staff_post_done(c, code, r, s, &es, "end", id);
}

/* ---- the month's claim ---------------------------------------------------- */

/* A month "YYYY-MM" of a year the rules have (rules_year: from the first
 * year's folder to the year after today's); anything else, a month before
 * the rules or far ahead, is refused rather than worked out into a 500.
 * r NULL: any month (the claim looked up must exist). */
static bool parse_month(const struct rules *r, const char *s, int *year, int *month)
{
    int64_t y, mo;
    if (!s || strlen(s) != 7 || s[4] != '-' || parse_i64n(s, 4, 1800, 2999, &y) ||
        parse_i64n(s + 5, 2, 1, 12, &mo) ||
        (r && !rules_year(r, fy_of(date_from_ymd((int)y, (int)mo, 1)))))
        return false;
    *year = (int)y;
    *month = (int)mo;
    return true;
}

/* What to ask for when parse_month refused: "YYYY-MM, like 2025-09, from
 * April 2023 to March 2028" (the rules' years). */
static const char *months_asked(struct ctx *c, const struct rules *r)
{
    if (!r->nyears)
        return "Give the month as YYYY-MM.";
    return arena_printf(c->a, "Give the month as YYYY-MM, like 2025-09, from April %d to March %d.",
                        r->years[0].fy, r->years[r->nyears - 1].fy + 1);
}

/* ?month=YYYY-MM; by default the last complete month (November on 1
 * December), the one whose claim is due. */
static bool month_param(struct ctx *c, const struct rules *r, int *year, int *month)
{
    const char *s = http_query(c->q, "month");
    int d;
    date_to_ymd(date_add_months(date_month_start(c->today), -1), year, month, &d);
    if (!s)
        return true;
    return parse_month(r, s, year, month);
}

struct month_lines {
    struct staff *posts;
    size_t n;
    struct arrs_claim *claims;      /* n */
    const struct claim_rec **recs;  /* n, NULL when not drafted */
};

static int load_month(struct ctx *c, const struct rules *r, const char *code, int year, int month,
                      struct month_lines *ml, struct pcn_msg *m)
{
    struct claim_rec *recs;
    size_t nrec;
    int rc = override_rules(c->db, r, code, date_from_ymd(year, month, 1), c->a, &r, m);
    if (!rc)
        rc = staff_list(c->db, code, date_from_ymd(year, month, 1), c->a, &ml->posts, &ml->n, m);
    if (rc || (rc = claims_list(c->db, code, 0, year, month, c->a, &recs, &nrec, m)))
        return rc;
    ml->claims = arena_zalloc(c->a, (ml->n + 1) * sizeof *ml->claims);
    ml->recs = arena_zalloc(c->a, (ml->n + 1) * sizeof *ml->recs);
    for (size_t i = 0; i < ml->n; i++) {
        struct arrs_post p;
        staff_post(&ml->posts[i], &p);
        if ((rc = arrs_claim_month(r, &p, year, month, c->a, &ml->claims[i], m)))
            return rc;
        for (size_t j = 0; j < nrec; j++)
            if (recs[j].staff_id == ml->posts[i].id)
                ml->recs[i] = &recs[j];
    }
    return 0;
}

static const char *status_label(enum claim_status s)
{
    static const char *const l[] = {"Draft", "Submitted", "Approved", "Paid"};
    return l[s];
}

/* The month's claims; after a progress form with mistakes (es), the form
 * shows them with what was typed. */
static void claims_page(struct ctx *c, const char *code, const struct rules *r, int year,
                        int month, const struct form_errs *es);

void page_arrs_claims(struct ctx *c)
{
    int year, month;
    const struct rules *r;
    const char *code = pcn_rules(c, true, &r);
    if (!code)
        return;
    if (!month_param(c, r, &year, &month)) {
        ui_error_page(c, 400, "Page not found", months_asked(c, r));
        return;
    }
    claims_page(c, code, r, year, month, NULL);
}

static void claims_page(struct ctx *c, const char *code, const struct rules *r, int year,
                        int month, const struct form_errs *es)
{
    struct html h = {&c->r->body};
    struct pcn_msg m = {0};
    struct month_lines ml;
#define PV(f) (es ? http_form_str(c->q, f) : NULL)
    if (load_month(c, r, code, year, month, &ml, &m)) {
        ui_fail_500(c, &m);
        return;
    }
    audit_ctx(c, "claims-view", "pcn", code,
              json_pack("{s:s}", "month", arena_printf(c->a, "%04d-%02d", year, month)));
    const char *mon = arena_printf(c->a, "%04d-%02d", year, month);
    const char *title = arena_printf(c->a, "Claims for %s %d", date_month_name(month), year);
    if (es && es->n)
        http_resp_start(c->r, 400, "text/html; charset=utf-8");
    begin(c, &h, code, title, es, "ARRS", arena_printf(c->a, "/pcn/%s/arrs", code));
    HTML_LIT(&h, "<h1>");
    html_text(&h, title);
    HTML_LIT(&h, "</h1><p>What each post can claim for the month: its cost for the days in post, "
                 "up to the role's maximum. Draft the month's claim, then record when it is "
                 "submitted, approved and paid.</p>");
    demoweb_notice(c, &h, code);
    struct demoweb_ids demo = demoweb_ids(c, code, DEMO_STAFF);

    /* Previous and next month, and a choice of the year's months. */
    {
        date_t first = date_from_ymd(year, month, 1);
        int py, pm, ny, nm, dd;
        date_to_ymd(date_add_months(first, -1), &py, &pm, &dd);
        date_to_ymd(date_add_months(first, 1), &ny, &nm, &dd);
        HTML_LIT(&h, "<nav class=\"nhsuk-pagination\" role=\"navigation\" aria-label=\"Months\">"
                     "<ul class=\"nhsuk-list nhsuk-pagination__list\">"
                     "<li class=\"nhsuk-pagination-item--previous\"><a class=\"nhsuk-pagination__link "
                     "nhsuk-pagination__link--prev\" href=\"?month=");
        html_text(&h, arena_printf(c->a, "%04d-%02d", py, pm));
        HTML_LIT(&h, "\"><span class=\"nhsuk-pagination__title\">Previous</span>"
                     "<span class=\"nhsuk-u-visually-hidden\">:</span>"
                     "<span class=\"nhsuk-pagination__page\">");
        html_text(&h, arena_printf(c->a, "%s %d", date_month_name(pm), py));
        HTML_LIT(&h, "</span></a></li><li class=\"nhsuk-pagination-item--next\"><a "
                     "class=\"nhsuk-pagination__link nhsuk-pagination__link--next\" href=\"?month=");
        html_text(&h, arena_printf(c->a, "%04d-%02d", ny, nm));
        HTML_LIT(&h, "\"><span class=\"nhsuk-pagination__title\">Next</span>"
                     "<span class=\"nhsuk-u-visually-hidden\">:</span>"
                     "<span class=\"nhsuk-pagination__page\">");
        html_text(&h, arena_printf(c->a, "%s %d", date_month_name(nm), ny));
        HTML_LIT(&h, "</span></a></li></ul></nav>");
        fy_t fy = fy_of(first);
        const char *mv[12], *ml_[12];
        for (int k = 0; k < 12; k++) {
            int yy = k < 9 ? fy : fy + 1, mm = k < 9 ? k + 4 : k - 8;
            mv[k] = arena_printf(c->a, "%04d-%02d", yy, mm);
            ml_[k] = arena_printf(c->a, "%s %d", date_month_name(mm), yy);
        }
        HTML_LIT(&h, "<form method=\"get\" novalidate>");
        ui_select(&h, "month", "Show another month", mv, ml_, 12, mon, NULL);
        HTML_LIT(&h, "<button class=\"nhsuk-button nhsuk-button--secondary\" "
                     "data-module=\"nhsuk-button\" type=\"submit\">Show</button></form>");
    }

    pence_t total = 0;
    long unknown = 0;
    ui_table_begin(&h, "Claim lines", "Name,>Days,>Cost,>Maximum,>Claim,Status");
    for (size_t i = 0; i < ml.n; i++) {
        const struct arrs_claim *cl = &ml.claims[i];
        if (cl->days == 0)
            continue;
        ui_tr(&h);
        ui_td_open(&h, false);
        HTML_LIT(&h, "<a href=\"");
        html_url2(&h, "/pcn/", code);
        HTML_LIT(&h, "/arrs/staff/");
        html_int(&h, ml.posts[i].id);
        HTML_LIT(&h, "\">");
        html_text(&h, ml.posts[i].name);
        HTML_LIT(&h, "</a>");
        demoweb_tag_if(&h, &demo, ml.posts[i].id);
        ui_td_close(&h);
        ui_td_count(&h, cl->days);
        if (cl->known) {
            money_cell(&h, cl->cost);
            money_cell(&h, cl->cap);
            money_cell(&h, cl->claim);
            total += cl->claim;
        } else {
            unknown++;
            if (cl->cost > 0)
                money_cell(&h, cl->cost);
            else
                ui_td(&h, "Not known");
            ui_td(&h, "Not known");
            ui_td_open(&h, false);
            HTML_LIT(&h, "Cannot be worked out: ");
            html_text(&h, cl->why ? cl->why : "not known");
            ui_td_close(&h);
        }
        ui_td_open(&h, false);
        if (ml.recs[i])
            ui_tag(&h, status_label(ml.recs[i]->status));
        else
            ui_none(&h, "Not drafted");
        ui_td_close(&h);
    }
    ui_table_end(&h);
    HTML_LIT(&h, "<p>Total claimable for the month: <strong>");
    html_money(&h, total);
    HTML_LIT(&h, "</strong>");
    if (unknown) {
        HTML_LIT(&h, "; ");
        html_count(&h, unknown);
        if (unknown == 1)
            HTML_LIT(&h, " post not worked out");
        else
            HTML_LIT(&h, " posts not worked out");
        HTML_LIT(&h, " and not in the total. Where the role's maximum is missing, enter it from "
                     "the ICB's claim statement on the <a href=\"");
        html_url2(&h, "/pcn/", code);
        HTML_LIT(&h, "/rules\">PCN's own figures</a> page");
    }
    HTML_LIT(&h, ".</p>");

    HTML_LIT(&h, "<form action=\"");
    html_url2(&h, "/pcn/", code);
    HTML_LIT(&h, "/arrs/claims/draft\" method=\"post\" novalidate>");
    ui_csrf(c, &h);
    HTML_LIT(&h, "<input type=\"hidden\" name=\"month\" value=\"");
    html_attr(&h, mon);
    HTML_LIT(&h, "\"><button class=\"nhsuk-button\" data-module=\"nhsuk-button\" type=\"submit\">"
                 "Draft this month's claim</button></form>");

    HTML_LIT(&h, "<h2>Record a claim's progress</h2><form action=\"");
    html_url2(&h, "/pcn/", code);
    HTML_LIT(&h, "/arrs/claims/status\" method=\"post\" novalidate>");
    ui_csrf(c, &h);
    HTML_LIT(&h, "<input type=\"hidden\" name=\"month\" value=\"");
    html_attr(&h, mon);
    HTML_LIT(&h, "\">");
    const char **sv = arena_alloc(c->a, (ml.n + 1) * sizeof *sv), **sl = arena_alloc(c->a, (ml.n + 1) * sizeof *sl);
    size_t ns = 0;
    for (size_t i = 0; i < ml.n; i++)
        if (ml.recs[i] && ml.recs[i]->status != CLAIM_PAID) {
            sv[ns] = arena_printf(c->a, "%" PRId64, ml.posts[i].id);
            sl[ns++] = arena_printf(c->a, "%s (%s)", ml.posts[i].name,
                                    claim_status_name(ml.recs[i]->status));
        }
    if (ns == 0) {
        HTML_LIT(&h, "<p>No drafted claim is waiting this month.</p>");
    } else {
        static const char *const stv[] = {"submitted", "approved", "paid"};
        static const char *const stl[] = {"Submitted", "Approved", "Paid"};
        ui_select(&h, "staff_id", "Staff member", sv, sl, ns, PV("staff_id"),
                  form_err(es, "staff_id"));
        ui_select(&h, "status", "Now", stv, stl, 3, PV("status"), form_err(es, "status"));
        ui_date_input(&h, "on", "On", "For example, 5 11 2026", PV("on-day"), PV("on-month"),
                      PV("on-year"), form_err(es, "on"));
        ui_input_money(&h, "amount", "Amount approved or paid", "Not needed for submitted",
                       PV("amount"), form_err(es, "amount"));
        HTML_LIT(&h, "<button class=\"nhsuk-button nhsuk-button--secondary\" "
                     "data-module=\"nhsuk-button\" type=\"submit\">Save</button>");
    }
    HTML_LIT(&h, "</form><h2>Download</h2><ul class=\"nhsuk-list\"><li><a href=\"");
    html_url2(&h, "/pcn/", code);
    HTML_LIT(&h, "/arrs/claims.csv?month=");
    html_attr(&h, mon);
    HTML_LIT(&h, "\">Claim lines as CSV</a></li><li><a href=\"");
    html_url2(&h, "/pcn/", code);
    HTML_LIT(&h, "/arrs/claims.xlsx?month=");
    html_attr(&h, mon);
    HTML_LIT(&h, "\">Claim lines as a spreadsheet (XLSX)</a></li></ul>");
    ui_end(c, &h);
#undef PV
}

static bool post_month(struct ctx *c, const struct rules *r, int *year, int *month)
{
    return parse_month(r, http_form_str(c->q, "month"), year, month);
}

void page_arrs_draft_post(struct ctx *c)
{
    struct pcn_msg m = {0};
    int year, month;
    long drafted, unknown;
    const struct rules *r;
    const char *code = pcn_rules(c, true, &r);
    if (!code)
        return;
    if (!post_month(c, r, &year, &month)) {
        ui_error_page(c, 400, "The claim was not drafted", months_asked(c, r));
        return;
    }
    const char *mon = arena_printf(c->a, "%04d-%02d", year, month);
    struct audit_entry note;
    audit_note_ctx(&note, c, "claims-draft", "pcn", code, json_pack("{s:s}", "month", mon));
    if (claims_draft(c->db, r, code, year, month, &note, &drafted, &unknown, &m)) {
        ui_fail_500(c, &m);
        return;
    }
    http_resp_redirect(c->r, arena_printf(c->a, "/pcn/%s/arrs/claims?month=%s", code, mon));
}

void page_arrs_status_post(struct ctx *c)
{
    struct pcn_msg m = {0};
    int year, month;
    int64_t id = 0;
    enum claim_status to = CLAIM_DRAFT;
    pence_t amount = -1;
    const struct rules *r;
    const char *code = pcn_rules(c, true, &r);
    if (!code)
        return;
    if (!post_month(c, r, &year, &month)) {
        ui_error_page(c, 400, "The claim was not updated", months_asked(c, r));
        return;
    }
    struct form_errs es;
    form_errs_init(&es, c->a);
    struct staff s;
    if (!http_form_str(c->q, "staff_id") ||
        !staff_of(c, http_form_str(c->q, "staff_id"), code, &id, &s))
        form_err_add(&es, "staff_id", "Choose a staff member with a drafted claim");
    if (claim_status_parse(http_form_str(c->q, "status"), &to) || to == CLAIM_DRAFT)
        form_err_add(&es, "status", "Choose submitted, approved or paid");
    date_t on = form_read_date(c, &es, "on", "the date", true, form_date_lo(),
                               form_date_hi(c->today));
    form_read_money(c, &es, "amount", "the amount", false, 0, LIMIT_FORM_ANNUAL_COST_MAX, &amount);
    const char *amt = http_form_str(c->q, "amount");
    const char *mon = arena_printf(c->a, "%04d-%02d", year, month);
    struct audit_entry note;
    if (!es.n) {
        audit_note_ctx(&note, c, "claim-status", "staff", arena_printf(c->a, "%" PRId64, id),
                       json_pack("{s:s,s:s,s:s,s:o}", "pcn", code, "month", mon, "status",
                                 claim_status_name(to), "amount",
                                 amt && *amt ? json_string(amt) : json_null()));
        if (claims_advance(c->db, id, year, month, to, on, amount, &note, &m))
            form_err_add(&es, "status", "%s", form_capital(c->a, m.text));
    }
    if (es.n) {
        claims_page(c, code, r, year, month, &es);
        return;
    }
    http_resp_redirect(c->r, arena_printf(c->a, "/pcn/%s/arrs/claims?month=%s", code, mon));
}

/* The month's claim lines for people (issue 14): headers in words with their
 * units, roles and statuses in words, money in pounds; and why a line could
 * not be worked out. */
static void claims_sheet(struct ctx *c, const struct rules *r, int year, int month,
                         const struct month_lines *ml, struct sheet *sh)
{
    static const struct sheet_col cols[] = {
        {"Staff number", SH_INT},   {"Name", SH_TEXT},          {"Role", SH_TEXT},
        {"First day in post", SH_DATE}, {"Last day in post", SH_DATE},
        {"Days in post this month", SH_INT}, {"Cost (£)", SH_PENCE},
        {"Maximum (£)", SH_PENCE}, {"Claim (£)", SH_PENCE}, {"Status", SH_TEXT},
        {"Not worked out because", SH_TEXT},
    };
    fy_t fy = fy_of(date_from_ymd(year, month, 1));
    sheet_init(sh, c->a, "Claims", cols, ARRAY_SIZE(cols));
    for (size_t i = 0; i < ml->n; i++) {
        const struct arrs_claim *cl = &ml->claims[i];
        if (cl->days == 0)
            continue;
        sheet_row(sh);
        sheet_num(sh, ml->posts[i].id);
        sheet_text(sh, ml->posts[i].name);
        sheet_text(sh, post_role_words(r, fy, ml->posts[i].role));
        sheet_num(sh, ml->posts[i].start);
        sheet_num(sh, ml->posts[i].end);
        sheet_num(sh, cl->days);
        if (cl->known) {
            sheet_num(sh, cl->cost);
            sheet_num(sh, cl->cap);
            sheet_num(sh, cl->claim);
        } else {
            sheet_empty(sh);
            sheet_empty(sh);
            sheet_empty(sh);
        }
        sheet_text(sh, ml->recs[i] ? status_label(ml->recs[i]->status) : "Not drafted");
        if (cl->known)
            sheet_empty(sh);
        else
            sheet_text(sh, cl->why ? cl->why : "not known");
    }
}

static void claims_export(struct ctx *c, bool xlsx)
{
    struct pcn_msg m = {0};
    struct month_lines ml;
    struct sheet sh;
    int year, month;
    const struct rules *r;
    const char *code = pcn_rules(c, true, &r);
    if (!code)
        return;
    if (!month_param(c, r, &year, &month) || load_month(c, r, code, year, month, &ml, &m)) {
        ui_error_page(c, 400, "Nothing to download", months_asked(c, r));
        return;
    }
    claims_sheet(c, r, year, month, &ml, &sh);
    const char *name = arena_printf(c->a, "arrs-claims-%s-%04d-%02d.%s", code, year, month,
                                    xlsx ? "xlsx" : "csv");
    audit_ctx(c, "claims-export", "pcn", code, json_pack("{s:s}", "file", name));
    if (page_send_sheets(c, &sh, 1, xlsx, name, &m)) {
        ui_fail_500(c, &m);
        return;
    }
}

void page_arrs_claims_csv(struct ctx *c)
{
    claims_export(c, false);
}

void page_arrs_claims_xlsx(struct ctx *c)
{
    claims_export(c, true);
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
    for (int k = 0; k < 12; k++) {
        int yy = k < 9 ? fy : fy + 1, mo = k < 9 ? k + 4 : k - 8;
        mv[k] = arena_printf(c->a, "%04d-%02d", yy, mo);
        ml[k] = arena_printf(c->a, "%s %d", date_month_name(mo), yy);
    }
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
                 VAL("weight") ? VAL("weight") : "5", "nhsuk-input--width-2", form_err(es, FLD("weight")));
        ui_select(h, FLD("earliest"), "Earliest start", mv, ml, 12, VAL("earliest"), form_err(es, FLD("earliest")));
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
    begin(c, &h, code, "Recruitment planner", es, "ARRS",
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
                money_cell(&h, ch->cost);
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
    const char *code = pcn_for(c, true);
    if (code)
        plan_page(c, 200, code, NULL, NULL, 0, NULL, NULL, 0, 0);
}

void page_arrs_plan_post(struct ctx *c)
{
    struct pcn_msg m = {0};
    const struct rules *r;
    const char *code = pcn_rules(c, true, &r);
    if (!code)
        return;
    bool fallback;
    fy_t fy = arrs_default_year(r, c->today, &fallback);
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
        p->name = arena_printf(c->a, "Post %d: %s", i, post_role_words(r, fy, role));
        const char *what = arena_printf(c->a, "the fewest WTE of post %d", i);
        if (form_read_fixed(c, &es, FLD("min"), what, true, 4, WTE_WHOLE / 10, WTE_WHOLE,
                            "0.5", &p->min_wte_e4) && p->min_wte_e4 % (WTE_WHOLE / 10))
            form_err_add(&es, FLD("min"), "Enter %s in tenths, from 0.1 to 1.0", what);
        what = arena_printf(c->a, "the most WTE of post %d", i);
        if (form_read_fixed(c, &es, FLD("max"), what, true, 4, WTE_WHOLE / 10, WTE_WHOLE, "1.0",
                            &p->max_wte_e4) &&
            (p->max_wte_e4 % (WTE_WHOLE / 10) || p->max_wte_e4 < p->min_wte_e4))
            form_err_add(&es, FLD("max"), "Enter %s in tenths, from the fewest to 1.0", what);
        form_read_int(c, &es, FLD("weight"), arena_printf(c->a, "the priority of post %d", i),
                      true, 1, LIMIT_FORM_PRIORITY_MAX, &w);
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
                                        arena_printf(c->a, "the annual cost of post %d", i),
                                        false, 1, LIMIT_FORM_ANNUAL_COST_MAX, &cp);
        if (!has_cost && !form_err(&es, FLD("cost")) && !(band && *band))
            form_err_add(&es, FLD("band"), "Enter the band of post %d, or its expected annual cost",
                         i);
        if (es.n == before &&
            staff_claim_per_wte(r, role, AREA_NATIONAL, band && *band ? band : NULL,
                                !has_cost, POINT_ENTRY, has_cost, cp,
                                date_from_ymd((int)yy, (int)mo, 1), &p->claim_per_wte_month,
                                &m))
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
