/* page_funding.c: the funding pages of a PCN and of an ICB, and the rules
 * upload.
 *
 *   /pcn/CODE/funding[?year=2025-26]     the year: each stream's annual amount,
 *                                        tags, the 12 payments, a chart of the
 *                                        monthly total and the working
 *   /pcn/CODE/funding/practices          the member practices' shares
 *   /pcn/CODE/funding.csv, .xlsx         downloads (audited "export")
 *   /pcn/CODE/funding/inputs             populations, beds, CAIP achieved and
 *                                        the Network Agreement's distribution,
 *                                        with a form for each (POST .../populations,
 *                                        .../beds, .../caip, .../distribution)
 *   /icb/CODE/funding, .csv, .xlsx       each PCN of the ICB and its total
 *   /admin/rules                         upload rules files (admin only)
 *   /admin/rules/YEAR/FILE               one rules file as it stands
 *
 * Who: a PCN's funding is a shared figure of the PCN (perm_read_pcn); the
 * inputs are for its managers and clinical director (perm_write_pcn); the
 * ICB overview needs perm_read_icb.  A refusal is 404 and audited.  Every
 * change is audited with what it was before and after.
 *
 * The figures come from the pure engine (entitle.h) on the store's inputs
 * (funding.h) and the server's cached rules (web_rules); nothing here does
 * arithmetic on money beyond adding up what the engine returned. */
#include "common.h"
#include "arrs.h"
#include "audit.h"
#include "db.h"
#include "entitle.h"
#include "funding.h"
#include "fundview.h"
#include "pages.h"
#include "perm.h"
#include "registry.h"
#include "rules.h"
#include "sheet.h"
#include "svg.h"
#include "ui.h"
#include "form.h"
#include "limits.h"

#include <dirent.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

/* The PCN of the route if the user may read it (write: change its inputs);
 * otherwise 404, audited. */
static const char *pcn_for(struct ctx *c, bool write)
{
    const char *code = c->params[0];
    return page_org_allowed(c, write ? perm_write_pcn(c, code) : perm_read_pcn(c, code),
                            write ? "pcn-inputs" : "pcn");
}

/* "2025-26", the form of directory names and of ?year=. */
static const char *fy_dir(struct ctx *c, fy_t fy)
{
    char s[8];
    fy_format_dir(fy, s);
    return arena_strdup(c->a, s);
}

static const char *fy_label(struct ctx *c, fy_t fy)
{
    char s[8];
    fy_format(fy, s);
    return arena_strdup(c->a, s);
}

/* The year asked for (?year=2025-26 or 2025/26), else today's, else the
 * latest the rules have (fallback).  *y is NULL when the rules have no such
 * year; false (and a 400 page) for a year that is not a financial year. */
struct year {
    fy_t fy;
    bool fallback;
    const struct rules *r;
    const struct rules_year *y;
};

static bool year_of(struct ctx *c, const struct rules *r, const char *given, struct year *out)
{
    out->r = r;
    out->fy = arrs_default_year(r, c->today, &out->fallback);
    if (given && *given) {
        if (fy_parse(given, &out->fy)) {
            ui_error_page(c, 400, "There is no such year",
                          "Give the financial year like 2025-26, or choose it from the list on "
                          "the funding page.");
            return false;
        }
        out->fallback = false;
    }
    out->y = rules_year(r, out->fy);
    return true;
}

/* The start of every page of a PCN or an ICB (code NULL: the page has been
 * answered): the rules and the year `given`; need: a year the rules hold,
 * else 404.  false when a page was written. */
static bool start(struct ctx *c, const char *code, const char *given, bool need,
                  struct year *yr)
{
    const struct rules *r;
    if (!code || !(r = page_rules_or_500(c)) || !year_of(c, r, given, yr))
        return false;
    if (need && !yr->y) {
        ui_not_found(c);
        return false;
    }
    return true;
}

static void begin(struct ctx *c, struct html *h, const char *title, const char *section,
                  const struct form_errs *es, const struct ui_crumb *crumbs, size_t ncrumbs)
{
    struct ui_page p = {.title = title, .section = section, .errors = es ? es->e : NULL, .nerrors = es ? es->n : 0, .crumbs = crumbs,
                        .ncrumbs = ncrumbs};
    ui_begin(c, h, &p);
}

static void money2(struct html *h, pence_t v)
{
    money_add_display2(h->b, v);
}

static void money_cell(struct html *h, pence_t v)
{
    ui_td_open(h, true);
    money2(h, v);
    ui_td_close(h);
}

static void population(struct html *h, int64_t hundredths)
{
    fixed_add(h->b, hundredths, 2, 2, true);
}

/* The tags of a figure: Estimate, Unconfirmed (one status, one colour). */
static void tags(struct html *h, bool estimate, enum confidence conf)
{
    if (estimate) {
        HTML_LIT(h, " ");
        ui_tag(h, "Estimate");
    }
    if (conf_doubtful(conf)) {
        HTML_LIT(h, " ");
        ui_tag(h, conf_tag(conf));
    }
}

/* "The rules have no year 2026/27 yet, so this shows 2025/26." */
static void fallback_notice(struct ctx *c, struct html *h, fy_t shown)
{
    HTML_LIT(h, "<div class=\"nhsuk-inset-text\"><span class=\"nhsuk-u-visually-hidden\">"
                "Information: </span><p>The rules have no year ");
    html_text(h, fy_label(c, fy_of(c->today)));
    HTML_LIT(h, " yet, so this shows ");
    html_text(h, fy_label(c, shown));
    HTML_LIT(h, ". An administrator adds a year by uploading its rules files.</p></div>");
}

/* A year the rules have no folder for: shown, with every figure not known. */
static void missing_year_notice(struct ctx *c, struct html *h, const struct rules_year *y)
{
    if (!y || !y->missing)
        return;
    HTML_LIT(h, "<div class=\"nhsuk-inset-text\"><span class=\"nhsuk-u-visually-hidden\">"
                "Information: </span><p>The rules have no figures for ");
    html_text(h, fy_label(c, y->fy));
    HTML_LIT(h, " yet, so every figure of the year is not known. An administrator adds them on "
                "the Rules page; a PCN manager can enter a figure from the claim statement on "
                "the PCN's own figures page.</p></div>");
}

static void no_year_notice(struct ctx *c, struct html *h, fy_t fy)
{
    HTML_LIT(h, "<div class=\"nhsuk-inset-text\"><span class=\"nhsuk-u-visually-hidden\">"
                "Information: </span><p>The rules have no year ");
    html_text(h, fy_label(c, fy));
    HTML_LIT(h, ". Choose another year.</p></div>");
}

/* A GET form to choose the year: works without JavaScript. */
static void year_selector(struct ctx *c, struct html *h, const struct rules *r, const char *action,
                          fy_t fy)
{
    const char **v = arena_alloc(c->a, (r->nyears + 1) * sizeof *v);
    const char **l = arena_alloc(c->a, (r->nyears + 1) * sizeof *l);
    for (size_t i = 0; i < r->nyears; i++) {
        v[i] = fy_dir(c, r->years[r->nyears - 1 - i].fy);   /* newest first */
        l[i] = fy_label(c, r->years[r->nyears - 1 - i].fy);
    }
    HTML_LIT(h, "<form class=\"pcnops-year\" action=\"");
    html_url(h, action);
    HTML_LIT(h, "\" method=\"get\" novalidate>");
    ui_select(h, "year", "Financial year", v, l, r->nyears, fy_dir(c, fy), NULL);
    HTML_LIT(h, "<button class=\"nhsuk-button nhsuk-button--secondary\" data-module=\"nhsuk-button\" "
                "type=\"submit\">Show this year</button></form>");
}

/* The working of a figure, in the details component. */
static void trail_list(struct html *h, const struct trail *t, const char *key_prefix)
{
    size_t plen = key_prefix ? strlen(key_prefix) : 0;
    HTML_LIT(h, "<ol class=\"nhsuk-list nhsuk-list--number\">");
    for (size_t i = 0; i < t->n; i++) {
        const struct trail_step *s = &t->steps[i];
        if (key_prefix && strncmp(s->key, key_prefix, plen) != 0)
            continue;
        HTML_LIT(h, "<li>");
        html_text(h, s->text);
        if (conf_doubtful(s->conf)) {
            HTML_LIT(h, " ");
            ui_tag(h, conf_tag(s->conf));
        }
        if (s->source) {
            HTML_LIT(h, "<br><span class=\"nhsuk-body-s nhsuk-u-secondary-text-colour\">Source: ");
            html_text(h, s->source);
            if (s->conf != CONF_NONE) {
                HTML_LIT(h, ", ");
                html_text(h, conf_label(s->conf));
            }
            HTML_LIT(h, "</span>");
        }
        HTML_LIT(h, "</li>");
    }
    HTML_LIT(h, "</ol>");
}

static void details(struct html *h, const char *summary, const char *context,
                    const struct trail *t, const char *key_prefix)
{
    HTML_LIT(h, "<details class=\"nhsuk-details\"><summary class=\"nhsuk-details__summary\">"
                "<span class=\"nhsuk-details__summary-text\">");
    html_text(h, summary);
    if (context) {
        HTML_LIT(h, "<span class=\"nhsuk-u-visually-hidden\">: ");
        html_text(h, context);
        HTML_LIT(h, "</span>");
    }
    HTML_LIT(h, "</span></summary><div class=\"nhsuk-details__text\">");
    trail_list(h, t, key_prefix);
    HTML_LIT(h, "</div></details>");
}

/* The inputs and result of a PCN's year.  0; or a page was written (404
 * for a PCN the registry does not know, 500) and the caller stops. */
static int compute(struct ctx *c, const char *code, const struct year *yr, struct ent_input *in,
                   struct ent_result *res)
{
    struct pcn_msg m = {0};
    int rc = funding_compute(c->db, yr->r, code, yr->fy, c->a, in, res, &m);
    if (rc == PCN_ENOTFOUND) {
        ui_not_found(c);
        return rc;
    }
    if (rc == PCN_EINVAL && in->npractices == 0) {
        ui_error_page(c, 404, "No member practices",
                      "The registry has no member practices of this PCN on the year's population "
                      "date, so there is nothing to work out.");
        return PCN_ENOTFOUND;
    }
    if (rc) {
        ui_fail_500(c, &m);
        return rc;
    }
    return 0;
}

static const char *month_label(struct ctx *c, fy_t fy, int k)
{
    int y, mo, d;
    date_to_ymd(date_add_months(fy_start(fy), k), &y, &mo, &d);
    return arena_printf(c->a, "%s %d", date_month_name(mo), y);
}

/* What in the PCN's inputs could not be used as entered (fixed shares
 * naming a practice that has left): said once, with what stands in and
 * where to put it right. */
static void problems_callout(struct ctx *c, struct html *h, const struct ent_input *in, fy_t fy)
{
    if (!in->nproblems)
        return;
    HTML_LIT(h, "<div class=\"nhsuk-warning-callout\"><h2 class=\"nhsuk-warning-callout__label\">"
                "<span role=\"text\"><span class=\"nhsuk-u-visually-hidden\">Important: </span>"
                "The Network Agreement needs setting again</span></h2><ul>");
    for (size_t i = 0; i < in->nproblems; i++) {
        HTML_LIT(h, "<li>");
        html_text(h, in->problems[i]);
        HTML_LIT(h, "</li>");
    }
    HTML_LIT(h, "</ul><p><a href=\"");
    html_url(h, arena_printf(c->a, "/pcn/%s/funding/inputs?year=%s#section-distribution", in->pcn_code,
                             fy_dir(c, fy)));
    HTML_LIT(h, "\">Set how the money is shared</a></p></div>");
}

/* Why the result is an estimate: the steps of the working that say so. */
static void estimate_callout(struct html *h, const struct ent_result *r)
{
    HTML_LIT(h, "<div class=\"nhsuk-warning-callout\"><h2 class=\"nhsuk-warning-callout__label\">"
                "<span role=\"text\"><span class=\"nhsuk-u-visually-hidden\">Important: </span>"
                "Some figures are estimates</span></h2><p>They will change when the missing "
                "inputs are entered or imported:</p><ul>");
    const struct trail *all[1 + 64];
    size_t nt = 0;
    all[nt++] = &r->inputs;
    for (size_t i = 0; i < r->nstreams && nt < ARRAY_SIZE(all); i++)
        all[nt++] = &r->streams[i].trail;
    for (size_t k = 0; k < nt; k++)
        for (size_t i = 0; i < all[k]->n; i++) {
            const char *t = all[k]->steps[i].text;
            if (!strstr(t, "ESTIMATE"))
                continue;
            HTML_LIT(h, "<li>");
            html_text(h, t);
            HTML_LIT(h, "</li>");
        }
    HTML_LIT(h, "</ul></div>");
}

/* ---- the PCN's year ------------------------------------------------------ */

/* When a stream's money arrives, as the rules' payment schedule gives it
 * (payment_schedule.csv): months in arrears and who pays, or that it is
 * not published; the ARRS claims point to the cash flow. */
static void when_paid(struct ctx *c, struct html *h, const char *code,
                      const struct rules_year *y, fy_t fy, const struct ent_stream *s)
{
    if (s->rule->paid_to != PAID_PCN || rule_stream_total(s->rule) == TOTAL_OUTSIDE)
        return;
    const struct rule_schedule *ps = rules_schedule(y, s->rule->id, fy_start(fy));
    bool claims = s->rule->kind == STREAM_MAXIMUM;
    ui_summary_row_open(h, claims ? "When claims are paid" : "When it arrives");
    if (!ps || !ps->known) {
        HTML_LIT(h, "Not published: the sources do not say in which month it is paid");
    } else if (ps->arrears == 0) {
        HTML_LIT(h, "In the month it is earned");
    } else if (ps->arrears == 1 && !claims) {
        HTML_LIT(h, "Monthly in arrears: each month's payment arrives the month after");
    } else {
        html_int(h, ps->arrears);
        html_text(h, ps->arrears == 1 ? " month" : " months");
        HTML_LIT(h, " after the month ");
        html_text(h, claims ? "claimed" : "earned");
    }
    if (ps && ps->payer != PAYER_UNKNOWN) {
        HTML_LIT(h, ", paid by ");
        html_text(h, ps->payer == PAYER_PCSE ? "Primary Care Support England (PCSE)" : "the ICB");
    }
    HTML_LIT(h, " <span class=\"nhsuk-body-s\">(");
    html_text(h, ps ? conf_label(ps->m.conf) : conf_label(CONF_UNCONFIRMED));
    HTML_LIT(h, ")</span>");
    if (claims && perm_read_salaries(c, code)) {
        HTML_LIT(h, ". <a href=\"");
        char dir[8];
        fy_format_dir(fy, dir);
        html_url(h, arena_printf(c->a, "/pcn/%s/cashflow?year=%s", code, dir));
        HTML_LIT(h, "\">When the money arrives: the cash flow</a>");
    }
    ui_summary_row_end(h);
}

void page_funding(struct ctx *c)
{
    struct html h = {&c->r->body};
    struct ent_input in;
    struct ent_result res;
    struct year yr;
    const char *code = pcn_for(c, false);
    if (!start(c, code, http_query(c->q, "year"), false, &yr))
        return;
    const char *name = page_org_name(c, code);
    const char *self = arena_printf(c->a, "/pcn/%s/funding", code);
    const char *title = arena_printf(c->a, "Funding %s", fy_label(c, yr.fy));
    struct ui_crumb crumbs[] = {{"Home", "/"}, {name, arena_printf(c->a, "/pcn/%s", code)}};
    if (!yr.y) {
        if (registry_expect(c->db, code, ORG_PCN, &(struct pcn_msg){0})) {
            ui_not_found(c);
            return;
        }
        if (page_funding_paid_alone(c, code, yr.fy))   /* page_funding_paid.c */
            return;
        http_resp_start(c->r, 404, "text/html; charset=utf-8");
        begin(c, &h, title, "Funding", NULL, crumbs, 2);
        HTML_LIT(&h, "<h1><span class=\"nhsuk-caption-l\">");
        html_text(&h, name);
        HTML_LIT(&h, "</span>");
        html_text(&h, title);
        HTML_LIT(&h, "</h1>");
        no_year_notice(c, &h, yr.fy);
        year_selector(c, &h, yr.r, self, yr.fy);
        ui_end(c, &h);
        return;
    }
    if (compute(c, code, &yr, &in, &res))
        return;
    const char *q = arena_printf(c->a, "?year=%s", fy_dir(c, yr.fy));

    begin(c, &h, title, "Funding", NULL, crumbs, 2);
    HTML_LIT(&h, "<h1><span class=\"nhsuk-caption-l\">");
    html_text(&h, name);
    HTML_LIT(&h, "</span>");
    html_text(&h, title);
    HTML_LIT(&h, "</h1>");
    if (yr.fallback)
        fallback_notice(c, &h, yr.fy);
    missing_year_notice(c, &h, yr.y);
    year_selector(c, &h, yr.r, self, yr.fy);
    HTML_LIT(&h, "<p>What the Network Contract Directed Enhanced Service (DES) pays the PCN from "
                 "1 April ");
    html_int(&h, yr.fy);
    HTML_LIT(&h, " to 31 March ");
    html_int(&h, yr.fy + 1);
    HTML_LIT(&h, ", worked out to the penny from the rules in ");
    html_text(&h, yr.y->dir);
    HTML_LIT(&h, ".</p>");
    problems_callout(c, &h, res.in, yr.fy);
    if (res.estimate)
        estimate_callout(&h, &res);

    ui_summary_begin(&h);
    ui_summary_row_open(&h, "Payments for the year");
    html_money(&h, res.total);
    tags(&h, res.estimate, res.conf);
    if (res.nmissing) {
        HTML_LIT(&h, " <span class=\"nhsuk-body-s\">(");
        html_count(&h, (int64_t)res.nmissing);
        if (res.nmissing == 1)
            HTML_LIT(&h, " stream not worked out");
        else
            HTML_LIT(&h, " streams not worked out");
        HTML_LIT(&h, ": see below)</span>");
    }
    ui_summary_row_end(&h);
    if (res.maxima_total) {
        ui_summary_row_open(&h, "Up to, to claim against (not a payment)");
        html_money(&h, res.maxima_total);
        HTML_LIT(&h, " <span class=\"nhsuk-body-s\">(the ARRS sum: the most the PCN can claim "
                     "for its staff)</span>");
        ui_summary_row_end(&h);
    }
    if (res.outside_total) {
        ui_summary_row_open(&h, "Paid to the member practices outside the DES");
        html_money(&h, res.outside_total);
        ui_summary_row_end(&h);
    }
    ui_summary_row_open(&h, "Population date");
    html_date(&h, res.base_date);
    ui_summary_row_end(&h);
    ui_summary_row_open(&h, "Registered patients");
    html_count(&h, res.registered);
    tags(&h, res.registered_estimate, CONF_NONE);
    ui_summary_row_end(&h);
    ui_summary_row_open(&h, "Adjusted population");
    population(&h, res.adjusted_h);
    tags(&h, res.adjusted_estimate, CONF_NONE);
    ui_summary_row_end(&h);
    ui_summary_row_open(&h, "Weighted population");
    population(&h, res.weighted_h);
    tags(&h, res.weighted_estimate, CONF_NONE);
    ui_summary_row_end(&h);
    ui_summary_end(&h);
    details(&h, "How the populations were worked out", NULL, &res.inputs, NULL);

    /* The streams. */
    ui_table_begin(&h, arena_printf(c->a, "Payment streams, %s", fy_label(c, yr.fy)),
                   "Stream,>For the year,Status");
    for (size_t i = 0; i < res.nstreams; i++) {
        const struct ent_stream *s = &res.streams[i];
        if (rule_stream_total(s->rule) != TOTAL_PAYMENT)
            continue;   /* after the payments' total, as what they are */
        ui_tr(&h);
        ui_td_open(&h, false);
        HTML_LIT(&h, "<a href=\"#stream-");
        html_attr(&h, s->rule->id);
        HTML_LIT(&h, "\">");
        html_text(&h, s->rule->name);
        HTML_LIT(&h, "</a>");
        ui_td_close(&h);
        money_cell(&h, s->annual);
        ui_td_open(&h, false);
        if (!s->estimate && !conf_doubtful(s->conf))
            ui_none(&h, s->rule->kind == STREAM_MAXIMUM ? "A maximum to claim against"
                                                        : "Worked out in full");
        else if (s->rule->kind == STREAM_MAXIMUM)
            ui_none(&h, "A maximum to claim against");
        tags(&h, s->estimate, s->conf);
        ui_td_close(&h);
    }
    for (size_t i = 0; i < res.nmissing; i++) {
        ui_tr(&h);
        ui_td(&h, res.missing[i].rule->name);
        ui_td_open(&h, true);
        ui_none(&h, "Not known");
        ui_td_close(&h);
        ui_td_open(&h, false);
        ui_none(&h, "Not worked out: ");
        ui_none(&h, res.missing[i].reason);
        ui_td_close(&h);
    }
    ui_tr(&h);
    ui_td_open(&h, false);
    HTML_LIT(&h, "<strong>Payments for the year</strong>");
    if (res.nmissing)
        HTML_LIT(&h, " (the streams not worked out are not in it)");
    ui_td_close(&h);
    ui_td_open(&h, true);
    HTML_LIT(&h, "<strong>");
    money2(&h, res.total);
    HTML_LIT(&h, "</strong>");
    ui_td_close(&h);
    ui_td_open(&h, false);
    tags(&h, res.estimate, res.conf);
    if (!res.estimate && !conf_doubtful(res.conf))
        ui_none(&h, "Worked out in full");
    ui_td_close(&h);
    /* Not payments: the maxima to claim against, then the streams paid to
     * practices outside the DES; never added to the total above. */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < res.nstreams; i++) {
            const struct ent_stream *s = &res.streams[i];
            if (rule_stream_total(s->rule) != (pass == 0 ? TOTAL_UP_TO : TOTAL_OUTSIDE))
                continue;
            ui_tr(&h);
            ui_td_open(&h, false);
            if (pass == 0)
                HTML_LIT(&h, "Up to: <a href=\"#stream-");
            else
                HTML_LIT(&h, "Outside the DES: <a href=\"#stream-");
            html_attr(&h, s->rule->id);
            HTML_LIT(&h, "\">");
            html_text(&h, s->rule->name);
            HTML_LIT(&h, "</a>");
            ui_td_close(&h);
            money_cell(&h, s->annual);
            ui_td_open(&h, false);
            ui_none(&h, pass == 0 ? "A maximum to claim against, not a payment"
                                  : "Paid to the practices, not to the PCN");
            tags(&h, s->estimate, s->conf);
            ui_td_close(&h);
        }
    ui_table_end(&h);
    if (res.maxima_total)
        HTML_LIT(&h, "<p>The Additional Roles Reimbursement Scheme (ARRS) sum is the most the PCN "
                     "can claim for its staff: it is shown apart and never added to the "
                     "payments.</p>");

    /* The months: a chart of the total, then every figure in a table. */
    HTML_LIT(&h, "<h2>Payments month by month</h2>");
    struct svg_point pts[ENT_MONTHS];
    for (int k = 0; k < ENT_MONTHS; k++)
        pts[k] = (struct svg_point){date_add_months(fy_start(yr.fy), k),
                                    res.monthly_total[k] / 100};
    static const struct svg_axis months_axis = {.name = "Pounds a month", .prefix = "\xC2\xA3",
                                                 .from_zero = true};
    svg_line_chart(&h, "months", "Total paid each month, in pounds",
                   "The total of every stream paid in each month from April to March; the "
                   "figures are in the table below.",
                   &months_axis, pts, ENT_MONTHS);
    {
        struct buf spec;
        buf_init(&spec, 4096);
        BUF_LIT(&spec, "Month");
        for (size_t i = 0; i < res.nstreams; i++) {
            if (rule_stream_total(res.streams[i].rule) != TOTAL_PAYMENT)
                continue;
            /* the spec is split on commas: names keep theirs out */
            BUF_LIT(&spec, ",>");
            for (const char *p = res.streams[i].rule->name; *p; p++)
                buf_addc(&spec, *p == ',' ? ';' : *p);
        }
        BUF_LIT(&spec, ",>Payments");
        ui_table_begin(&h, arena_printf(c->a, "Monthly payments, %s", fy_label(c, yr.fy)),
                       spec.buf);
        buf_release(&spec);
    }
    for (int k = 0; k < ENT_MONTHS; k++) {
        ui_tr(&h);
        ui_td(&h, month_label(c, yr.fy, k));
        for (size_t i = 0; i < res.nstreams; i++)
            if (rule_stream_total(res.streams[i].rule) == TOTAL_PAYMENT)
                money_cell(&h, res.streams[i].monthly[k]);
        money_cell(&h, res.monthly_total[k]);
    }
    ui_table_end(&h);
    HTML_LIT(&h, "<p>Each payment is the annual amount divided by 12 and rounded down to the "
                 "penny; March takes the pennies left, so the 12 add up to the annual amount.</p>");

    /* Each stream and its working. */
    for (size_t i = 0; i < res.nstreams; i++) {
        const struct ent_stream *s = &res.streams[i];
        HTML_LIT(&h, "<h2 id=\"stream-");
        html_attr(&h, s->rule->id);
        HTML_LIT(&h, "\">");
        html_text(&h, s->rule->name);
        HTML_LIT(&h, "</h2>");
        ui_summary_begin(&h);
        ui_summary_row_open(&h, s->rule->kind == STREAM_MAXIMUM ? "Most the PCN can claim"
                                                                : "For the year");
        html_money(&h, s->annual);
        tags(&h, s->estimate, s->conf);
        ui_summary_row_end(&h);
        if (s->rule->kind == STREAM_ACHIEVEMENT) {
            ui_summary_row_open(&h, "Maximum");
            html_money(&h, s->maximum);
            ui_summary_row_end(&h);
            ui_summary_row_open(&h, "Share achieved");
            if (in.caip_known) {
                fixed_add(h.b, in.caip_bp, 2, 0, false);
                HTML_LIT(&h, "%");
            } else {
                ui_none(&h, "Not entered: the full maximum is shown");
            }
            ui_summary_row_end(&h);
        }
        ui_summary_row_open(&h, "Each month");
        bool even = true;
        for (int k = 1; k < ENT_MONTHS - 1; k++)
            even = even && s->monthly[k] == s->monthly[0];
        if (!even) {
            HTML_LIT(&h, "Different from month to month: see the monthly payments");
        } else {
            html_money(&h, s->monthly[0]);
            if (s->monthly[ENT_MONTHS - 1] != s->monthly[0]) {
                HTML_LIT(&h, " from April to February, ");
                html_money(&h, s->monthly[ENT_MONTHS - 1]);
                HTML_LIT(&h, " in March");
            }
        }
        ui_summary_row_end(&h);
        ui_summary_row_open(&h, "Shared among the practices");
        html_text(&h, s->method == METHOD_REGISTERED ? "By registered-list share"
                      : s->method == METHOD_WEIGHTED ? "By weighted-population share"
                      : s->method == METHOD_FIXED    ? "By the Network Agreement's fixed percentages"
                      : s->method == METHOD_OWN      ? "Paid to each practice on its own population"
                                                     : "Not shared: the PCN claims against it");
        ui_summary_row_end(&h);
        ui_summary_row_open(&h, "Confidence in the rates");
        html_text(&h, conf_label(s->conf));
        ui_summary_row_end(&h);
        when_paid(c, &h, code, yr.y, yr.fy, s);   /* the payment schedule */
        ui_summary_end(&h);
        if (s->rule->note && *s->rule->note) {
            HTML_LIT(&h, "<p class=\"nhsuk-body-s\">");
            html_text(&h, s->rule->note);
            HTML_LIT(&h, "</p>");
        }
        details(&h, "How this was worked out", s->rule->name, &s->trail, NULL);
    }
    page_funding_paid(c, &h, code, yr.fy, &res);   /* page_funding_paid.c */

    HTML_LIT(&h, "<h2>More</h2><ul class=\"nhsuk-list\"><li><a href=\"");
    html_url(&h, arena_printf(c->a, "%s/practices%s", self, q));
    HTML_LIT(&h, "\">Distribution to member practices</a></li>");
    if (perm_read_salaries(c, code)) {
        HTML_LIT(&h, "<li><a href=\"");
        html_url(&h, arena_printf(c->a, "/pcn/%s/cashflow%s", code, q));
        HTML_LIT(&h, "\">When the money arrives: the cash flow</a></li>");
    }
    if (perm_write_pcn(c, code)) {
        HTML_LIT(&h, "<li><a href=\"");
        html_url(&h, arena_printf(c->a, "%s/inputs%s", self, q));
        HTML_LIT(&h, "\">Change populations, care home beds, CAIP achieved and the Network "
                     "Agreement</a></li>");
    }
    HTML_LIT(&h, "<li><a href=\"");
    html_url(&h, arena_printf(c->a, "%s.csv%s", self, q));
    HTML_LIT(&h, "\" download>Download the streams and months as CSV</a></li><li><a href=\"");
    html_url(&h, arena_printf(c->a, "%s.xlsx%s", self, q));
    HTML_LIT(&h, "\" download>Download as a spreadsheet (XLSX), with the practices' shares and "
                 "the working</a></li></ul>");
    ui_end(c, &h);
}

/* ---- distribution to member practices ------------------------------------- */

void page_funding_practices(struct ctx *c)
{
    struct html h = {&c->r->body};
    struct ent_input in;
    struct ent_result res;
    struct year yr;
    const char *code = pcn_for(c, false);
    if (!start(c, code, http_query(c->q, "year"), true, &yr))
        return;
    if (compute(c, code, &yr, &in, &res))
        return;
    const char *name = page_org_name(c, code);
    const char *q = arena_printf(c->a, "?year=%s", fy_dir(c, yr.fy));
    struct ui_crumb crumbs[] = {
        {"Home", "/"},
        {name, arena_printf(c->a, "/pcn/%s", code)},
        {arena_printf(c->a, "Funding %s", fy_label(c, yr.fy)),
         arena_printf(c->a, "/pcn/%s/funding%s", code, q)},
    };
    const char *title = arena_printf(c->a, "Distribution to member practices %s",
                                     fy_label(c, yr.fy));
    begin(c, &h, title, "Funding", NULL, crumbs, 3);
    HTML_LIT(&h, "<h1><span class=\"nhsuk-caption-l\">");
    html_text(&h, name);
    HTML_LIT(&h, "</span>");
    html_text(&h, title);
    HTML_LIT(&h, "</h1>");
    year_selector(c, &h, yr.r, arena_printf(c->a, "/pcn/%s/funding/practices", code), yr.fy);
    HTML_LIT(&h, "<p>Each stream paid to the PCN is shared among its member practices as the "
                 "Network Agreement says: by registered-list share unless another method is "
                 "entered. The shares are rounded so that they add up exactly to the stream.</p>");
    problems_callout(c, &h, res.in, yr.fy);
    if (res.estimate)
        estimate_callout(&h, &res);

    struct buf spec;
    buf_init(&spec, 4096);
    BUF_LIT(&spec, "Practice,>Registered patients");
    for (size_t i = 0; i < res.nstreams; i++) {
        if (!res.streams[i].practice_annual)
            continue;
        BUF_LIT(&spec, ",>");
        for (const char *p = res.streams[i].rule->name; *p; p++)
            buf_addc(&spec, *p == ',' ? ';' : *p);
    }
    BUF_LIT(&spec, ",>Total");
    ui_table_begin(&h, arena_printf(c->a, "Shares of the member practices, %s", fy_label(c, yr.fy)),
                   spec.buf);
    buf_release(&spec);
    for (size_t p = 0; p < in.npractices; p++) {
        ui_tr(&h);
        ui_td_open(&h, false);
        html_text(&h, in.practices[p].code);
        HTML_LIT(&h, " ");
        html_text(&h, in.practices[p].name);
        ui_td_close(&h);
        ui_td_count(&h, in.practices[p].registered);
        for (size_t i = 0; i < res.nstreams; i++)
            if (res.streams[i].practice_annual)
                money_cell(&h, res.streams[i].practice_annual[p]);
        money_cell(&h, res.practice_total[p]);
    }
    ui_tr(&h);
    ui_td_open(&h, false);
    HTML_LIT(&h, "<strong>The PCN</strong>");
    ui_td_close(&h);
    ui_td_count(&h, res.registered);
    pence_t shared = 0;
    for (size_t i = 0; i < res.nstreams; i++)
        if (res.streams[i].practice_annual) {
            money_cell(&h, res.streams[i].annual);
            shared += res.streams[i].annual;
        }
    money_cell(&h, shared);
    ui_table_end(&h);

    ui_table_begin(&h, "Populations of the member practices",
                   "Practice,>Registered patients,>Adjusted population,>Weighted population");
    for (size_t p = 0; p < in.npractices; p++) {
        const struct ent_practice *pr = &in.practices[p];
        ui_tr(&h);
        ui_td(&h, pr->code);
        ui_td_count(&h, pr->registered);
        for (int k = 0; k < 2; k++) {
            int64_t v = k ? pr->weighted_h : pr->adjusted_h;
            ui_td_open(&h, true);
            if (v >= 0)
                population(&h, v);
            else
                ui_none(&h, "Not known: the registered list stands in");
            ui_td_close(&h);
        }
    }
    ui_table_end(&h);

    for (size_t i = 0; i < res.nstreams; i++) {
        const struct ent_stream *s = &res.streams[i];
        if (!s->practice_annual)
            continue;
        HTML_LIT(&h, "<h2>");
        html_text(&h, s->rule->name);
        HTML_LIT(&h, "</h2><p>");
        html_money(&h, s->annual);
        HTML_LIT(&h, ", shared ");
        html_text(&h, s->method == METHOD_WEIGHTED ? "by weighted-population share"
                      : s->method == METHOD_FIXED  ? "by the Network Agreement's fixed percentages"
                      : s->method == METHOD_OWN    ? "to each practice on its own population"
                                                   : "by registered-list share");
        HTML_LIT(&h, ".</p>");
        details(&h, "How the shares were worked out", s->rule->name, &s->trail,
                arena_printf(c->a, "%s.share", s->rule->id));
    }
    HTML_LIT(&h, "<p><a href=\"");
    html_url(&h, arena_printf(c->a, "/pcn/%s/funding.xlsx%s", code, q));
    HTML_LIT(&h, "\" download>Download as a spreadsheet (XLSX)</a></p>");
    ui_end(c, &h);
}

/* ---- downloads ------------------------------------------------------------- */

/* funding-CODE-2026-27.csv or .xlsx, audited as an export of a `kind`. */
static void send_sheets(struct ctx *c, const struct sheet *sheets, bool xlsx, const char *kind,
                        const char *code, fy_t fy)
{
    const char *name =
        arena_printf(c->a, "funding-%s-%s.%s", code, fy_dir(c, fy), xlsx ? "xlsx" : "csv");
    struct pcn_msg m = {0};
    if (page_send_sheets(c, xlsx ? sheets : &sheets[FV_STREAMS], xlsx ? FV_NSHEETS : 1, xlsx,
                         name, &m)) {
        ui_fail_500(c, &m);
        return;
    }
    audit_ctx(c, "export", kind, code,
              json_pack("{s:s,s:s}", "file", name, "year", fy_label(c, fy)));
}

static void pcn_export(struct ctx *c, bool xlsx)
{
    struct ent_input in;
    struct ent_result res;
    struct year yr;
    struct sheet sheets[FV_NSHEETS];
    const char *code = pcn_for(c, false);
    if (!start(c, code, http_query(c->q, "year"), true, &yr))
        return;
    if (compute(c, code, &yr, &in, &res))
        return;
    fundview_sheets_init(sheets, c->a);
    fundview_sheets_add(sheets, &res, !xlsx);
    send_sheets(c, sheets, xlsx, "pcn", code, yr.fy);
}

void page_funding_csv(struct ctx *c)
{
    pcn_export(c, false);
}

void page_funding_xlsx(struct ctx *c)
{
    pcn_export(c, true);
}

/* ---- inputs ------------------------------------------------------------------ */

enum form { F_NONE, F_POPULATIONS, F_BEDS, F_CAIP, F_DISTRIBUTION };

/* What a field shows: what was typed when its form came back with an
 * error, else the stored value (NULL for none). */
static const char *val(struct ctx *c, enum form posted, enum form mine, const char *field,
                       const char *stored)
{
    if (posted == mine)
        return http_form_str(c->q, field);
    return stored;
}

static const char *pop_text(struct ctx *c, int64_t h)
{
    if (h < 0)
        return NULL;
    struct buf b;
    buf_init(&b, 64);
    fixed_add(&b, h, 2, 2, false);
    const char *s = arena_strdup(c->a, b.buf);
    buf_release(&b);
    return s;
}

static void form_open(struct ctx *c, struct html *h, const char *code, const char *what)
{
    HTML_LIT(h, "<form action=\"");
    html_url(h, arena_printf(c->a, "/pcn/%s/funding/%s", code, what));
    HTML_LIT(h, "\" method=\"post\" novalidate>");
    ui_csrf(c, h);
}

static void hidden(struct html *h, const char *name, const char *value)
{
    HTML_LIT(h, "<input type=\"hidden\" name=\"");
    html_attr(h, name);
    HTML_LIT(h, "\" value=\"");
    html_attr(h, value);
    HTML_LIT(h, "\">");
}

static void button(struct html *h, const char *text)
{
    HTML_LIT(h, "<button class=\"nhsuk-button\" data-module=\"nhsuk-button\" type=\"submit\">");
    html_text(h, text);
    HTML_LIT(h, "</button></form>");
}

static const char *const method_values[] = {"registered", "weighted", "fixed"};
static const char *const method_labels[] = {
    "By registered-list share (the default)",
    "By weighted-population share",
    "By fixed percentages agreed by the practices",
};

/* The agreement in force for a stream ("*": for every stream without its
 * own), or NULL for the default. */
static const struct ent_agreement *agreement_for(const struct ent_input *in, const char *stream)
{
    const struct ent_agreement *all = NULL;
    for (size_t i = 0; i < in->nagreements; i++) {
        const struct ent_agreement *g = &in->agreements[i];
        if (!g->stream)
            all = g;
        else if (stream && strcmp(stream, "*") && !strcmp(g->stream, stream))
            return g;
    }
    return all;
}

static void inputs_page(struct ctx *c, int status, const char *code, const struct year *yr,
                        enum form posted, const struct form_errs *es)
{
    struct html h = {&c->r->body};
    struct pcn_msg m = {0};
    struct ent_input in;
    int rc = funding_inputs(c->db, code, yr->fy, c->a, &in, &m);
    if (page_failed(c, rc, &m))
        return;
    const char *name = page_org_name(c, code);
    const char *fyd = fy_dir(c, yr->fy), *fyl = fy_label(c, yr->fy);
    const char *q = arena_printf(c->a, "?year=%s", fyd);
    struct ui_crumb crumbs[] = {
        {"Home", "/"},
        {name, arena_printf(c->a, "/pcn/%s", code)},
        {arena_printf(c->a, "Funding %s", fyl), arena_printf(c->a, "/pcn/%s/funding%s", code, q)},
    };
    const char *title = arena_printf(c->a, "Funding inputs %s", fyl);
    http_resp_start(c->r, status, "text/html; charset=utf-8");
    begin(c, &h, title, "Funding", es, crumbs, 3);
    HTML_LIT(&h, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">");
    HTML_LIT(&h, "<h1><span class=\"nhsuk-caption-l\">");
    html_text(&h, name);
    HTML_LIT(&h, "</span>");
    html_text(&h, title);
    HTML_LIT(&h, "</h1><p>The figures NHS England's registry files do not give. Each change "
                 "is recorded in the audit log with what it was before.</p>");

    /* Populations. */
    date_t base = fy_base_date(yr->fy);
    HTML_LIT(&h, "<h2 id=\"section-populations\">Populations</h2><p>The weighted and adjusted "
                 "populations NHS England publishes for each practice at 1 January, with up to "
                 "two decimals. Where one is missing, the registered list stands in and the "
                 "figures are estimates. Leave both empty to leave a practice as it is.</p>"
                 "<p><a href=\"");
    html_url2(&h, "/pcn/", code);
    HTML_LIT(&h, "/import?kind=populations\">Import the populations from a file</a></p>");
    form_open(c, &h, code, "populations");
    hidden(&h, "year", fyd);
    const char *dd, *dm, *dy;
    ui_date_parts(c->a, base, &dd, &dm, &dy);
    if (posted == F_POPULATIONS) {
        dd = http_form_str(c->q, "pop_date-day");
        dm = http_form_str(c->q, "pop_date-month");
        dy = http_form_str(c->q, "pop_date-year");
    }
    ui_date_input(&h, "pop_date", "Populations at", "1 January, for the financial year that starts "
                  "the following April. For example, 1 1 2025",
                  dd, dm, dy, form_err(es, "pop_date"));
    for (size_t i = 0; i < in.npractices; i++) {
        const struct ent_practice *p = &in.practices[i];
        const char *wid = arena_printf(c->a, "weighted-%s", p->code);
        const char *aid = arena_printf(c->a, "adjusted-%s", p->code);
        HTML_LIT(&h, "<fieldset class=\"nhsuk-fieldset\"><legend class=\"nhsuk-fieldset__legend "
                     "nhsuk-fieldset__legend--s\">");
        html_text(&h, p->code);
        HTML_LIT(&h, " ");
        html_text(&h, p->name);
        HTML_LIT(&h, "</legend>");
        ui_input(&h, wid, "Weighted population", NULL, "text",
                 val(c, posted, F_POPULATIONS, wid, pop_text(c, p->weighted_h)),
                 "nhsuk-input--width-10", form_err(es, wid));
        ui_input(&h, aid, "Adjusted population", NULL, "text",
                 val(c, posted, F_POPULATIONS, aid, pop_text(c, p->adjusted_h)),
                 "nhsuk-input--width-10", form_err(es, aid));
        HTML_LIT(&h, "</fieldset>");
    }
    button(&h, "Save the populations");

    /* Beds. */
    HTML_LIT(&h, "<h2 id=\"section-beds\">Care home beds</h2><p>The beds in the care homes aligned "
                 "to the PCN, from a month until a later month is entered.</p>");
    ui_table_begin(&h, arena_printf(c->a, "Beds each month, %s", fyl), "Month,>Beds");
    for (int k = 0; k < ENT_MONTHS; k++) {
        ui_tr(&h);
        ui_td(&h, month_label(c, yr->fy, k));
        ui_td_open(&h, true);
        if (in.beds_known[k])
            html_count(&h, in.beds[k]);
        else
            ui_none(&h, "Not entered");
        ui_td_close(&h);
    }
    ui_table_end(&h);
    const char *mv[ENT_MONTHS], *ml[ENT_MONTHS];
    for (int k = 0; k < ENT_MONTHS; k++) {
        int y, mo, d;
        date_to_ymd(date_add_months(fy_start(yr->fy), k), &y, &mo, &d);
        mv[k] = arena_printf(c->a, "%04d-%02d", y, mo);
        ml[k] = month_label(c, yr->fy, k);
    }
    form_open(c, &h, code, "beds");
    hidden(&h, "year", fyd);
    ui_select(&h, "month", "From the month", mv, ml, ENT_MONTHS,
              val(c, posted, F_BEDS, "month", NULL), form_err(es, "month"));
    ui_input(&h, "beds", "Beds", arena_printf(c->a, "A whole number from 0 to %s", form_count(c->a, LIMIT_FORM_BEDS_MAX)),
             "text", val(c, posted, F_BEDS, "beds", NULL), "nhsuk-input--width-5",
             form_err(es, "beds"));
    button(&h, "Save the beds");

    /* CAIP. */
    HTML_LIT(&h, "<h2 id=\"section-caip\">Capacity and Access Improvement Payment (CAIP)</h2><p>CAIP is "
                 "a maximum: the PCN earns the share of it that it achieves.</p>");
    form_open(c, &h, code, "caip");
    hidden(&h, "year", fyd);
    const char *caip = NULL;
    if (in.caip_known) {
        struct buf b;
        buf_init(&b, 32);
        fixed_add(&b, in.caip_bp, 2, 0, false);
        caip = arena_strdup(c->a, b.buf);
        buf_release(&b);
    }
    ui_input(&h, "achieved", arena_printf(c->a, "Share achieved in %s, per cent", fyl),
             "From 0 to 100, for example 80 or 66.67", "text",
             val(c, posted, F_CAIP, "achieved", caip), "nhsuk-input--width-5",
             form_err(es, "achieved"));
    button(&h, "Save the share achieved");

    /* Distribution. */
    HTML_LIT(&h, "<h2 id=\"section-distribution\">Network Agreement: sharing among practices</h2>"
                 "<p>How the PCN shares its payments among its member practices, from ");
    html_text(&h, fyl);
    HTML_LIT(&h, " on, for one stream or for every stream without a method of its own.</p>");
    for (size_t i = 0; i < in.nproblems; i++) {
        HTML_LIT(&h, "<div class=\"nhsuk-warning-callout\"><h3 class=\"nhsuk-warning-callout__label\">"
                     "<span role=\"text\"><span class=\"nhsuk-u-visually-hidden\">Important: "
                     "</span>Set the shares again</span></h3><p>");
        html_text(&h, in.problems[i]);
        HTML_LIT(&h, "</p></div>");
    }
    form_open(c, &h, code, "distribution");
    hidden(&h, "year", fyd);
    size_t ns = 0;
    const char **sv = arena_alloc(c->a, (yr->y->nstreams + 1) * sizeof *sv);
    const char **sl = arena_alloc(c->a, (yr->y->nstreams + 1) * sizeof *sl);
    sv[ns] = "*";
    sl[ns++] = "Every stream without a method of its own";
    for (size_t i = 0; i < yr->y->nstreams; i++) {
        const struct rule_stream *s = &yr->y->streams[i];
        if (s->paid_to != PAID_PCN || s->kind == STREAM_MAXIMUM)
            continue;
        sv[ns] = s->id;
        sl[ns++] = s->name;
    }
    const char *stream = val(c, posted, F_DISTRIBUTION, "stream", "*");
    const struct ent_agreement *g = agreement_for(&in, stream);
    ui_select(&h, "stream", "Stream", sv, sl, ns, stream, form_err(es, "stream"));
    ui_radios(&h, "method", "Shared", NULL, method_values, method_labels, 3,
              val(c, posted, F_DISTRIBUTION, "method",
                  g ? ent_method_name(g->method) : "registered"),
              form_err(es, "method"));
    HTML_LIT(&h, "<p>For fixed percentages, give every practice its share; they must add up to "
                 "100.</p>");
    for (size_t i = 0; i < in.npractices; i++) {
        const char *id = arena_printf(c->a, "share-%s", in.practices[i].code);
        const char *stored = NULL;
        if (g && g->method == METHOD_FIXED && g->fixed_bp) {
            struct buf b;
            buf_init(&b, 32);
            fixed_add(&b, g->fixed_bp[i], 2, 0, false);
            stored = arena_strdup(c->a, b.buf);
            buf_release(&b);
        }
        ui_input(&h, id,
                 arena_printf(c->a, "%s %s, per cent", in.practices[i].code,
                              in.practices[i].name ? in.practices[i].name : ""),
                 NULL, "text", val(c, posted, F_DISTRIBUTION, id, stored), "nhsuk-input--width-5",
                 form_err(es, id));
    }
    button(&h, "Save the Network Agreement");
    HTML_LIT(&h, "</div></div>");
    ui_end(c, &h);
}

void page_funding_inputs(struct ctx *c)
{
    struct year yr;
    const char *code = pcn_for(c, true);
    if (!start(c, code, http_query(c->q, "year"), true, &yr))
        return;
    inputs_page(c, 200, code, &yr, F_NONE, NULL);
}

/* The start of every POST: the PCN (write), the rules and the year of the
 * form.  false when a page was written. */
static bool post_start(struct ctx *c, const char **code, struct year *yr)
{
    *code = pcn_for(c, true);
    return start(c, *code, http_form_str(c->q, "year"), true, yr);
}

static void done(struct ctx *c, const char *code, const struct year *yr, const char *anchor)
{
    http_resp_redirect(c->r, arena_printf(c->a, "/pcn/%s/funding/inputs?year=%s#section-%s", code,
                                          fy_dir(c, yr->fy), anchor));
}

static json_t *jpop(bool known, int64_t weighted, int64_t adjusted)
{
    if (!known)
        return json_null();
    return json_pack("{s:o,s:o}", "weighted_hundredths",
                     weighted >= 0 ? json_integer(weighted) : json_null(), "adjusted_hundredths",
                     adjusted >= 0 ? json_integer(adjusted) : json_null());
}

void page_funding_populations_post(struct ctx *c)
{
    struct pcn_msg m = {0};
    struct year yr;
    const char *code;
    date_t on;
    if (!post_start(c, &code, &yr))
        return;
    struct form_errs es;
    form_errs_init(&es, c->a);
    int y = 0, mo, d;
    on = form_read_date(c, &es, "pop_date", "the date of the populations", true, DATE_NONE,
                        DATE_NONE);
    if (on != DATE_NONE && (date_to_ymd(on, &y, &mo, &d), mo != 1 || d != 1)) {
        form_err_add_date(&es, "pop_date", "The date must be 1 January: NHS England publishes "
                                           "populations at 1 January");
        on = DATE_NONE;
    }
    /* The members of the year whose population date this is (the PCN's
     * members this year while the date is not known, so that every
     * practice's figures are still checked). */
    fy_t pfy = on != DATE_NONE ? y : yr.fy;
    const char **members;
    size_t n;
    date_t mon;
    if (funding_members(c->db, code, pfy, c->a, &members, &n, &mon, &m)) {
        ui_fail_500(c, &m);
        return;
    }
    int64_t *wt = arena_alloc(c->a, (n + 1) * sizeof *wt), *ad = arena_alloc(c->a, (n + 1) * sizeof *ad);
    for (size_t i = 0; i < n; i++) {
        for (int k = 0; k < 2; k++) {
            const char *id = arena_printf(c->a, "%s-%s", k ? "adjusted" : "weighted", members[i]);
            int64_t *out = k ? &ad[i] : &wt[i];
            if (!form_read_fixed(c, &es, id,
                                 arena_printf(c->a, "the %s population of %s",
                                              k ? "adjusted" : "weighted", members[i]),
                                 false, 2, 0, (int64_t)LIMIT_FORM_POPULATION_MAX * 100,
                                 "12345.67", out))
                *out = -1;
        }
    }
    if (es.n) {
        inputs_page(c, 400, code, &yr, F_POPULATIONS, &es);
        return;
    }
    json_t *changes = json_array();
    if (db_begin(c->db, &m)) {
        json_decref(changes);
        ui_fail_500(c, &m);
        return;
    }
    const char *source = arena_printf(c->a, "entered on the web by %s", c->user->email);
    for (size_t i = 0; i < n; i++) {
        bool known;
        int64_t bw, ba;
        if (wt[i] < 0 && ad[i] < 0)
            continue;
        if (funding_population(c->db, members[i], on, &known, &bw, &ba, &m) ||
            funding_set_population(c->db, members[i], on, wt[i], ad[i], source, NULL, &m)) {
            db_rollback(c->db);
            json_decref(changes);
            ui_fail_500(c, &m);
            return;
        }
        if (known && bw == wt[i] && ba == ad[i])
            continue;
        json_array_append_new(changes, json_pack("{s:s,s:o,s:o}", "practice", members[i],
                                                 "before", jpop(known, bw, ba), "after",
                                                 jpop(true, wt[i], ad[i])));
    }
    /* The populations and their entry in one transaction. */
    char iso[11];
    date_format_iso(on, iso);
    struct audit_entry note;
    int rc = 0;
    if (json_array_size(changes)) {
        audit_note_ctx(&note, c, "set-populations", "pcn", code,
                       json_pack("{s:s,s:o}", "date", iso, "changes", changes));
        rc = audit_note_write(c->db, &note, NULL, NULL, &m);
    } else {
        json_decref(changes);
    }
    if (rc) {
        db_rollback(c->db);
        ui_fail_500(c, &m);
        return;
    }
    if (audit_commit(c->db, &m)) {
        ui_fail_500(c, &m);
        return;
    }
    done(c, code, &yr, "populations");
}

void page_funding_beds_post(struct ctx *c)
{
    struct pcn_msg m = {0};
    struct year yr;
    const char *code;
    if (!post_start(c, &code, &yr))
        return;
    struct form_errs es;
    form_errs_init(&es, c->a);
    const char *ms = http_form_str(c->q, "month");
    int64_t y = 0, mo = 0, beds = 0;
    if (!ms || strlen(ms) != 7 || ms[4] != '-' || parse_i64n(ms, 4, 1800, 2999, &y) ||
        parse_i64n(ms + 5, 2, 1, 12, &mo) || fy_of(date_from_ymd((int)y, (int)mo, 1)) != yr.fy)
        form_err_add(&es, "month", "Choose the month the beds are from");
    form_read_int(c, &es, "beds", "the number of care home beds", true, 0, LIMIT_FORM_BEDS_MAX,
                  &beds);
    if (es.n) {
        inputs_page(c, 400, code, &yr, F_BEDS, &es);
        return;
    }
    date_t month = date_from_ymd((int)y, (int)mo, 1);
    /* Before: the beds in force for that month. */
    struct ent_input before;
    int k = (int)((y - fy_of(month)) * 12 + mo - 4);
    struct audit_entry note;
    if (funding_inputs(c->db, code, fy_of(month), c->a, &before, &m) ||
        (audit_note_ctx(&note, c, "set-beds", "pcn", code,
                        json_pack("{s:s,s:o,s:I}", "month", ms, "before",
                                  before.beds_known[k] ? json_integer(before.beds[k])
                                                       : json_null(),
                                  "after", (json_int_t)beds)),
         funding_set_beds(c->db, code, month, beds, &note, &m))) {
        ui_fail_500(c, &m);
        return;
    }
    done(c, code, &yr, "beds");
}

void page_funding_caip_post(struct ctx *c)
{
    struct pcn_msg m = {0};
    struct year yr;
    const char *code;
    if (!post_start(c, &code, &yr))
        return;
    const char *s = http_form_str(c->q, "achieved");
    int64_t bp;
    size_t n = s ? strlen(s) : 0;
    if (n && s[n - 1] == '%')
        n--;
    if (!s || !*s || fixed_parse(s, n, 2, 0, BP_WHOLE, &bp)) {
        struct form_errs es;
        form_errs_init(&es, c->a);
        if (s && *s)
            form_err_add(&es, "achieved", "Enter the share achieved as a number from 0 to 100, "
                                          "like 80 or 66.67");
        else
            form_err_add(&es, "achieved", "Enter the share achieved");
        inputs_page(c, 400, code, &yr, F_CAIP, &es);
        return;
    }
    struct ent_input before;
    struct audit_entry note;
    if (funding_inputs(c->db, code, yr.fy, c->a, &before, &m) ||
        (audit_note_ctx(&note, c, "set-caip", "pcn", code,
                        json_pack("{s:s,s:o,s:I}", "year", fy_label(c, yr.fy), "before_bp",
                                  before.caip_known ? json_integer(before.caip_bp) : json_null(),
                                  "after_bp", (json_int_t)bp)),
         funding_set_caip(c->db, code, yr.fy, bp, BP_WHOLE, &note, &m))) {
        ui_fail_500(c, &m);
        return;
    }
    done(c, code, &yr, "caip");
}

/* {method, set_for, shares_bp?}: the method in force and the row it comes
 * from: the stream's own ("core"), every stream's ("*"), or none (null, the
 * default: registered-list share). */
static json_t *jagreement(const struct ent_input *in, const struct ent_agreement *g)
{
    if (!g)
        return json_pack("{s:s,s:n}", "method", "registered", "set_for");
    json_t *o = json_pack("{s:s,s:s}", "method", ent_method_name(g->method), "set_for",
                          g->stream ? g->stream : "*");
    if (g->method == METHOD_FIXED && g->fixed_bp) {
        json_t *sh = json_object();
        for (size_t i = 0; i < in->npractices; i++)
            json_object_set_new(sh, in->practices[i].code, json_integer(g->fixed_bp[i]));
        json_object_set_new(o, "shares_bp", sh);
    }
    return o;
}

void page_funding_distribution_post(struct ctx *c)
{
    struct pcn_msg m = {0};
    struct year yr;
    const char *code;
    struct ent_input in;
    if (!post_start(c, &code, &yr))
        return;
    if (funding_inputs(c->db, code, yr.fy, c->a, &in, &m)) {
        ui_fail_500(c, &m);
        return;
    }
    struct form_errs es;
    form_errs_init(&es, c->a);
    const char *stream = http_form_str(c->q, "stream");
    const char *ms = http_form_str(c->q, "method");
    enum ent_method method = METHOD_REGISTERED;
    bool known_stream = stream && !strcmp(stream, "*");
    for (size_t i = 0; stream && i < yr.y->nstreams && !known_stream; i++)
        known_stream = !strcmp(yr.y->streams[i].id, stream) &&
                       yr.y->streams[i].paid_to == PAID_PCN &&
                       yr.y->streams[i].kind != STREAM_MAXIMUM;
    if (!known_stream)
        form_err_add(&es, "stream", "Choose a stream");
    if (!ms || ent_method_parse(ms, &method))
        form_err_add(&es, "method", "Choose how the stream is shared");
    const char **codes = arena_alloc(c->a, (in.npractices + 1) * sizeof *codes);
    int64_t *bp = arena_alloc(c->a, (in.npractices + 1) * sizeof *bp);
    size_t n = 0;
    if (method == METHOD_FIXED) {
        for (size_t i = 0; i < in.npractices; i++) {
            const char *id = arena_printf(c->a, "share-%s", in.practices[i].code);
            const char *v = http_form_str(c->q, id);
            size_t len = v ? strlen(v) : 0;
            if (len && v[len - 1] == '%')
                len--;
            if (!v || !*v || fixed_parse(v, len, 2, 0, BP_WHOLE, &bp[n]))
                form_err_add(&es, id,
                             "Enter the share of %s as a percentage from 0 to 100, like 40 or "
                             "33.33",
                             in.practices[i].code);
            codes[n++] = in.practices[i].code;
        }
    }
    if (!es.n) {
        json_t *jb = jagreement(&in, agreement_for(&in, stream));
        struct ent_agreement after = {.stream = strcmp(stream, "*") ? stream : NULL,
                                      .method = method};
        if (method == METHOD_FIXED) {
            int64_t *abp = arena_alloc(c->a, (in.npractices + 1) * sizeof *abp);
            memcpy(abp, bp, in.npractices * sizeof *abp);
            after.fixed_bp = abp;
        }
        struct audit_entry note;
        audit_note_ctx(&note, c, "set-distribution", "pcn", code,
                       json_pack("{s:s,s:s,s:o,s:o}", "year", fy_label(c, yr.fy), "stream",
                                 stream, "before", jb, "after", jagreement(&in, &after)));
        int rc = funding_set_distribution(c->db, code, stream, yr.fy, method, codes, bp, n,
                                          &note, &m);
        if (rc == PCN_EINVAL) {
            /* "the shares add up to 90%, not 100%" reads as a sentence */
            form_err_add(&es, n ? arena_printf(c->a, "share-%s", codes[0]) : "method", "%s",
                         form_capital(c->a, m.text));
        } else if (rc) {
            ui_fail_500(c, &m);
            return;
        } else {
            done(c, code, &yr, "distribution");
            return;
        }
    }
    inputs_page(c, 400, code, &yr, F_DISTRIBUTION, &es);
}

/* ---- the ICB's PCNs ---------------------------------------------------------- */

struct icb_walk {
    struct ctx *c;
    struct html *h;           /* the page's table, or NULL */
    struct sheet *sheets;     /* downloads, or NULL */
    bool xlsx;
    fy_t fy;
    pence_t total, up_to;
    int64_t patients;
    long pcns, estimates;
};

static int icb_one(void *ctx, const struct ent_result *r, struct pcn_msg *m)
{
    struct icb_walk *w = ctx;
    (void)m;
    w->pcns++;
    w->estimates += r->estimate;
    w->total += r->total;
    w->up_to += r->maxima_total;
    w->patients += r->registered;
    if (w->sheets)
        fundview_sheets_add(w->sheets, r, !w->xlsx);
    if (!w->h)
        return 0;
    struct html *h = w->h;
    ui_tr(h);
    ui_td_open(h, false);
    HTML_LIT(h, "<a href=\"");
    html_url(h, arena_printf(w->c->a, "/pcn/%s/funding?year=%s", r->in->pcn_code,
                             fy_dir(w->c, w->fy)));
    HTML_LIT(h, "\">");
    html_text(h, r->in->pcn_code);
    HTML_LIT(h, "</a>");
    ui_td_close(h);
    ui_td(h, r->in->pcn_name);
    ui_td_count(h, r->registered);
    money_cell(h, r->total);
    const struct ent_stream *arrs = entitle_stream(r, "arrs");
    ui_td_open(h, true);
    if (arrs)
        money2(h, arrs->annual);
    else
        ui_none(h, "Not known");
    ui_td_close(h);
    ui_td_open(h, false);
    tags(h, r->estimate, r->conf);
    if (!r->estimate && !conf_doubtful(r->conf))
        ui_none(h, "Worked out in full");
    ui_td_close(h);
    return 0;
}

static const char *icb_for(struct ctx *c)
{
    const char *code = c->params[0];
    if (perm_read_icb(c, code))
        return code;
    perm_denied(c, "icb", code);
    ui_not_found(c);
    return NULL;
}

void page_icb_funding(struct ctx *c)
{
    struct html h = {&c->r->body};
    struct pcn_msg m = {0};
    struct year yr;
    const char *code = icb_for(c);
    if (!start(c, code, http_query(c->q, "year"), false, &yr))
        return;
    enum org_kind kind;
    if (registry_kind(c->db, code, &kind, &m) || kind != ORG_ICB) {
        ui_not_found(c);
        return;
    }
    const char *name = page_org_name(c, code);
    const char *title = arena_printf(c->a, "Funding of the PCNs %s", fy_label(c, yr.fy));
    const char *self = arena_printf(c->a, "/icb/%s/funding", code);
    struct ui_crumb crumbs[] = {{"Home", "/"}, {name, arena_printf(c->a, "/icb/%s", code)}};
    if (!yr.y)
        http_resp_start(c->r, 404, "text/html; charset=utf-8");
    begin(c, &h, title, "Funding", NULL, crumbs, 2);
    HTML_LIT(&h, "<h1><span class=\"nhsuk-caption-l\">");
    html_text(&h, name);
    HTML_LIT(&h, "</span>");
    html_text(&h, title);
    HTML_LIT(&h, "</h1>");
    if (yr.fallback)
        fallback_notice(c, &h, yr.fy);
    if (!yr.y)
        no_year_notice(c, &h, yr.fy);
    missing_year_notice(c, &h, yr.y);
    year_selector(c, &h, yr.r, self, yr.fy);
    if (!yr.y) {
        ui_end(c, &h);
        return;
    }
    HTML_LIT(&h, "<p>What the Network Contract Directed Enhanced Service (DES) pays each primary "
                 "care network (PCN) of the integrated care board (ICB) in the year, on its "
                 "members and populations at ");
    html_date(&h, fy_base_date(yr.fy));
    HTML_LIT(&h, ". The payments are what each PCN and its practices receive; the Additional "
                 "Roles Reimbursement Scheme (ARRS) sum is the most each PCN can claim for its "
                 "staff, shown apart and never added to the payments. The registered patients "
                 "are those of the PCNs' member practices on that date: practices with no PCN "
                 "are not in them.</p>");
    size_t mark = h.b->len;
    ui_table_begin(&h, arena_printf(c->a, "PCNs of %s, %s", code, fy_label(c, yr.fy)),
                   "PCN,Name,>Registered patients,>Payments for the year,>ARRS sum (up to),"
                   "Status");
    struct icb_walk w = {.c = c, .h = &h, .fy = yr.fy};
    long skipped;
    if (funding_each_pcn(c->db, code, yr.fy, yr.r, icb_one, &w, &skipped, &m)) {
        ui_fail_500(c, &m);
        return;
    }
    if (w.pcns == 0) {
        h.b->len = mark;   /* no table without rows */
        HTML_LIT(&h, "<p>The registry has no PCNs with member practices in this ICB on the "
                     "year's population date.</p>");
    } else {
        ui_tr(&h);
        ui_td_open(&h, false);
        HTML_LIT(&h, "<strong>All ");
        html_count(&h, w.pcns);
        HTML_LIT(&h, " PCNs</strong>");
        ui_td_close(&h);
        ui_td(&h, name);
        ui_td_count(&h, w.patients);
        money_cell(&h, w.total);
        money_cell(&h, w.up_to);
        ui_td_open(&h, false);
        if (w.estimates) {
            html_count(&h, w.estimates);
            HTML_LIT(&h, " estimates");
        } else {
            ui_none(&h, "Worked out in full");
        }
        ui_td_close(&h);
        ui_table_end(&h);
    }
    const char *q = arena_printf(c->a, "?year=%s", fy_dir(c, yr.fy));
    HTML_LIT(&h, "<ul class=\"nhsuk-list\"><li><a href=\"");
    html_url(&h, arena_printf(c->a, "%s.csv%s", self, q));
    HTML_LIT(&h, "\" download>Download every PCN's streams and months as CSV</a></li><li><a href=\"");
    html_url(&h, arena_printf(c->a, "%s.xlsx%s", self, q));
    HTML_LIT(&h, "\" download>Download as a spreadsheet (XLSX), with the practices' shares and "
                 "the working</a></li></ul>");
    ui_end(c, &h);
}

static void icb_export(struct ctx *c, bool xlsx)
{
    struct pcn_msg m = {0};
    struct year yr;
    struct sheet sheets[FV_NSHEETS];
    const char *code = icb_for(c);
    if (!start(c, code, http_query(c->q, "year"), false, &yr))
        return;
    enum org_kind kind;
    if (!yr.y || registry_kind(c->db, code, &kind, &m) || kind != ORG_ICB) {
        ui_not_found(c);
        return;
    }
    fundview_sheets_init(sheets, c->a);
    struct icb_walk w = {.c = c, .sheets = sheets, .xlsx = xlsx, .fy = yr.fy};
    long skipped;
    if (funding_each_pcn(c->db, code, yr.fy, yr.r, icb_one, &w, &skipped, &m)) {
        ui_fail_500(c, &m);
        return;
    }
    send_sheets(c, sheets, xlsx, "icb", code, yr.fy);
}

void page_icb_funding_csv(struct ctx *c)
{
    icb_export(c, false);
}

void page_icb_funding_xlsx(struct ctx *c)
{
    icb_export(c, true);
}
