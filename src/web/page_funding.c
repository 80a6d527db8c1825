/* page_funding.c: the funding page of a PCN's year and the downloads; its
 * practices' shares are in page_funding_practices.c, its inputs in
 * page_funding_inputs.c, the ICB's page in page_funding_icb.c, what they
 * share in page_funding.h.
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
#include "page_funding.h"
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
const char *page_funding_pcn_for(struct ctx *c, bool write)
{
    const char *code = c->params[0];
    return page_org_allowed(c, write ? perm_write_pcn(c, code) : perm_read_pcn(c, code),
                            write ? "pcn-inputs" : "pcn");
}

/* "2025-26", the form of directory names and of ?year=. */
const char *page_funding_fy_dir(struct ctx *c, fy_t fy)
{
    char s[8];
    fy_format_dir(fy, s);
    return arena_strdup(c->a, s);
}

const char *page_funding_fy_label(struct ctx *c, fy_t fy)
{
    char s[8];
    fy_format(fy, s);
    return arena_strdup(c->a, s);
}

/* The year asked for: false (and a 400 page) for a year that is not a
 * financial year (struct year: page_funding.h). */
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
bool page_funding_start(struct ctx *c, const char *code, const char *given, bool need,
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

void page_funding_begin(struct ctx *c, struct html *h, const char *title, const char *section,
                        const struct form_errs *es, const struct ui_crumb *crumbs, size_t ncrumbs)
{
    struct ui_page p = {.title = title,
                        .section = section,
                        .errors = es ? es->e : NULL,
                        .nerrors = es ? es->n : 0,
                        .crumbs = crumbs,
                        .ncrumbs = ncrumbs};
    ui_begin(c, h, &p);
}

void page_funding_money2(struct html *h, pence_t v)
{
    money_add_display2(h->b, v);
}

void page_funding_money_cell(struct html *h, pence_t v)
{
    ui_td_open(h, true);
    page_funding_money2(h, v);
    ui_td_close(h);
}

void page_funding_population(struct html *h, int64_t hundredths)
{
    fixed_add(h->b, hundredths, 2, 2, true);
}

/* The tags of a figure: Estimate, Unconfirmed (one status, one colour). */
void page_funding_tags(struct html *h, bool estimate, enum confidence conf)
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
void page_funding_fallback_notice(struct ctx *c, struct html *h, fy_t shown)
{
    page_fallback_begin(c, h, shown);
    HTML_LIT(h, ". An administrator adds a year by uploading its rules files.</p></div>");
}

/* A year the rules have no folder for: shown, with every figure not known. */
void page_funding_missing_year_notice(struct ctx *c, struct html *h, const struct rules_year *y)
{
    if (!y || !y->missing)
        return;
    HTML_LIT(h, "<div class=\"nhsuk-inset-text\"><span class=\"nhsuk-u-visually-hidden\">"
                "Information: </span><p>The rules have no figures for ");
    html_text(h, page_funding_fy_label(c, y->fy));
    HTML_LIT(h, " yet, so every figure of the year is not known. An administrator adds them on "
                "the Rules page; a PCN manager can enter a figure from the claim statement on "
                "the PCN's own figures page.</p></div>");
}

void page_funding_no_year_notice(struct ctx *c, struct html *h, fy_t fy)
{
    HTML_LIT(h, "<div class=\"nhsuk-inset-text\"><span class=\"nhsuk-u-visually-hidden\">"
                "Information: </span><p>The rules have no year ");
    html_text(h, page_funding_fy_label(c, fy));
    HTML_LIT(h, ". Choose another year.</p></div>");
}

/* A GET form to choose the year: works without JavaScript. */
void page_funding_year_selector(struct ctx *c, struct html *h, const struct rules *r,
                                const char *action, fy_t fy)
{
    const char **v = arena_alloc(c->a, (r->nyears + 1) * sizeof *v);
    const char **l = arena_alloc(c->a, (r->nyears + 1) * sizeof *l);
    for (size_t i = 0; i < r->nyears; i++) {
        v[i] = page_funding_fy_dir(c, r->years[r->nyears - 1 - i].fy); /* newest first */
        l[i] = page_funding_fy_label(c, r->years[r->nyears - 1 - i].fy);
    }
    HTML_LIT(h, "<form class=\"pcnops-year\" action=\"");
    html_url(h, action);
    HTML_LIT(h, "\" method=\"get\" novalidate>");
    ui_select(h, "year", "Financial year", v, l, r->nyears, page_funding_fy_dir(c, fy), NULL);
    HTML_LIT(h,
             "<button class=\"nhsuk-button nhsuk-button--secondary\" data-module=\"nhsuk-button\" "
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

void page_funding_details(struct html *h, const char *summary, const char *context,
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
int page_funding_compute(struct ctx *c, const char *code, const struct year *yr,
                         struct ent_input *in, struct ent_result *res)
{
    struct pcn_msg m = {0};
    int rc = funding_compute(c->db, yr->r, code, yr->fy, c->a, in, res, &m);
    if (rc == PCN_ENOTFOUND) {
        ui_not_found(c);
        return rc;
    }
    if (funding_no_members(rc, in)) {
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

const char *page_funding_month_label(struct ctx *c, fy_t fy, int k)
{
    int y, mo, d;
    date_to_ymd(date_add_months(fy_start(fy), k), &y, &mo, &d);
    return arena_printf(c->a, "%s %d", date_month_name(mo), y);
}

/* What in the PCN's inputs could not be used as entered (fixed shares
 * naming a practice that has left): said once, with what stands in and
 * where to put it right. */
void page_funding_problems_callout(struct ctx *c, struct html *h, const struct ent_input *in,
                                   fy_t fy)
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
    html_url(h, arena_printf(c->a, "/pcn/%s/funding/inputs?year=%s#section-distribution",
                             in->pcn_code, page_funding_fy_dir(c, fy)));
    HTML_LIT(h, "\">Set how the money is shared</a></p></div>");
}

/* Why the result is an estimate: the steps of the working that say so. */
void page_funding_estimate_callout(struct html *h, const struct ent_result *r)
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
static void when_paid(struct ctx *c, struct html *h, const char *code, const struct rules_year *y,
                      fy_t fy, const struct ent_stream *s)
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

/* The page of a year the rules do not hold: the payments already recorded
 * (page_funding_paid.c), else 404 with what is missing. */
static void no_year_page(struct ctx *c, const char *code, const struct year *yr, const char *name,
                         const char *title, const char *self, const struct ui_crumb *crumbs)
{
    struct html h = {&c->r->body};
    if (registry_expect(c->db, code, ORG_PCN, &(struct pcn_msg){0})) {
        ui_not_found(c);
        return;
    }
    if (page_funding_paid_alone(c, code, yr->fy)) /* page_funding_paid.c */
        return;
    http_resp_start(c->r, 404, "text/html; charset=utf-8");
    page_funding_begin(c, &h, title, "Funding", NULL, crumbs, 2);
    ui_h1_caption(&h, name, title);
    page_funding_no_year_notice(c, &h, yr->fy);
    page_funding_year_selector(c, &h, yr->r, self, yr->fy);
    ui_end(c, &h);
}

/* The year's totals and populations, with their working. */
static void year_summary(struct html *h, const struct ent_result *res)
{
    ui_summary_begin(h);
    ui_summary_row_open(h, "Payments for the year");
    html_money(h, res->total);
    page_funding_tags(h, res->estimate, res->conf);
    if (res->nmissing) {
        HTML_LIT(h, " <span class=\"nhsuk-body-s\">(");
        html_count(h, (int64_t)res->nmissing);
        if (res->nmissing == 1)
            HTML_LIT(h, " stream not worked out");
        else
            HTML_LIT(h, " streams not worked out");
        HTML_LIT(h, ": see below)</span>");
    }
    ui_summary_row_end(h);
    if (res->maxima_total) {
        ui_summary_row_open(h, "Up to, to claim against (not a payment)");
        html_money(h, res->maxima_total);
        HTML_LIT(h, " <span class=\"nhsuk-body-s\">(the ARRS sum: the most the PCN can claim "
                    "for its staff)</span>");
        ui_summary_row_end(h);
    }
    if (res->outside_total) {
        ui_summary_row_open(h, "Paid to the member practices outside the DES");
        html_money(h, res->outside_total);
        ui_summary_row_end(h);
    }
    ui_summary_row_open(h, "Population date");
    html_date(h, res->base_date);
    ui_summary_row_end(h);
    ui_summary_row_open(h, "Registered patients");
    html_count(h, res->registered);
    page_funding_tags(h, res->registered_estimate, CONF_NONE);
    ui_summary_row_end(h);
    ui_summary_row_open(h, "Adjusted population");
    page_funding_population(h, res->adjusted_h);
    page_funding_tags(h, res->adjusted_estimate, CONF_NONE);
    ui_summary_row_end(h);
    ui_summary_row_open(h, "Weighted population");
    page_funding_population(h, res->weighted_h);
    page_funding_tags(h, res->weighted_estimate, CONF_NONE);
    ui_summary_row_end(h);
    ui_summary_end(h);
    page_funding_details(h, "How the populations were worked out", NULL, &res->inputs, NULL);
}

/* A stream's row of the streams table: `before` (plain words) and a link
 * to its section, its annual amount, then the status cell left open. */
static void stream_row_open(struct html *h, const char *before, const struct ent_stream *s)
{
    ui_tr(h);
    ui_td_open(h, false);
    html_text(h, before);
    HTML_LIT(h, "<a href=\"#stream-");
    html_attr(h, s->rule->id);
    HTML_LIT(h, "\">");
    html_text(h, s->rule->name);
    HTML_LIT(h, "</a>");
    ui_td_close(h);
    page_funding_money_cell(h, s->annual);
    ui_td_open(h, false);
}

/* The streams: the payments, those not worked out, their total, then the
 * maxima and the streams paid outside the DES (never in the total). */
static void streams_table(struct ctx *c, struct html *h, const struct ent_result *res, fy_t fy)
{
    ui_table_begin(h, arena_printf(c->a, "Payment streams, %s", page_funding_fy_label(c, fy)),
                   "Stream,>For the year,Status");
    for (size_t i = 0; i < res->nstreams; i++) {
        const struct ent_stream *s = &res->streams[i];
        if (rule_stream_total(s->rule) != TOTAL_PAYMENT)
            continue; /* after the payments' total, as what they are */
        stream_row_open(h, "", s);
        if (!s->estimate && !conf_doubtful(s->conf))
            ui_none(h, s->rule->kind == STREAM_MAXIMUM ? "A maximum to claim against"
                                                       : "Worked out in full");
        else if (s->rule->kind == STREAM_MAXIMUM)
            ui_none(h, "A maximum to claim against");
        page_funding_tags(h, s->estimate, s->conf);
        ui_td_close(h);
    }
    for (size_t i = 0; i < res->nmissing; i++) {
        ui_tr(h);
        ui_td(h, res->missing[i].rule->name);
        ui_td_open(h, true);
        ui_none(h, "Not known");
        ui_td_close(h);
        ui_td_open(h, false);
        ui_none(h, "Not worked out: ");
        ui_none(h, res->missing[i].reason);
        ui_td_close(h);
    }
    ui_tr(h);
    ui_td_open(h, false);
    HTML_LIT(h, "<strong>Payments for the year</strong>");
    if (res->nmissing)
        HTML_LIT(h, " (the streams not worked out are not in it)");
    ui_td_close(h);
    ui_td_open(h, true);
    HTML_LIT(h, "<strong>");
    page_funding_money2(h, res->total);
    HTML_LIT(h, "</strong>");
    ui_td_close(h);
    ui_td_open(h, false);
    page_funding_tags(h, res->estimate, res->conf);
    if (!res->estimate && !conf_doubtful(res->conf))
        ui_none(h, "Worked out in full");
    ui_td_close(h);
    /* Not payments: the maxima to claim against, then the streams paid to
     * practices outside the DES; never added to the total above. */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < res->nstreams; i++) {
            const struct ent_stream *s = &res->streams[i];
            if (rule_stream_total(s->rule) != (pass == 0 ? TOTAL_UP_TO : TOTAL_OUTSIDE))
                continue;
            stream_row_open(h, pass == 0 ? "Up to: " : "Outside the DES: ", s);
            ui_none(h, pass == 0 ? "A maximum to claim against, not a payment"
                                 : "Paid to the practices, not to the PCN");
            page_funding_tags(h, s->estimate, s->conf);
            ui_td_close(h);
        }
    ui_table_end(h);
}

/* The months: a chart of the total, then every figure in a table. */
static void months_section(struct ctx *c, struct html *h, const struct ent_result *res, fy_t fy)
{
    HTML_LIT(h, "<h2>Payments month by month</h2>");
    struct svg_point pts[ENT_MONTHS];
    for (int k = 0; k < ENT_MONTHS; k++)
        pts[k] = (struct svg_point){date_add_months(fy_start(fy), k), res->monthly_total[k] / 100};
    static const struct svg_axis months_axis = {
        .name = "Pounds a month", .prefix = "\xC2\xA3", .from_zero = true};
    svg_line_chart(h, "months", "Total paid each month, in pounds",
                   "The total of every stream paid in each month from April to March; the "
                   "figures are in the table below.",
                   &months_axis, pts, ENT_MONTHS);
    struct buf spec;
    buf_init(&spec, 4096);
    BUF_LIT(&spec, "Month");
    for (size_t i = 0; i < res->nstreams; i++) {
        if (rule_stream_total(res->streams[i].rule) != TOTAL_PAYMENT)
            continue;
        /* the spec is split on commas: names keep theirs out */
        BUF_LIT(&spec, ",>");
        for (const char *p = res->streams[i].rule->name; *p; p++)
            buf_addc(&spec, *p == ',' ? ';' : *p);
    }
    BUF_LIT(&spec, ",>Payments");
    ui_table_begin(h, arena_printf(c->a, "Monthly payments, %s", page_funding_fy_label(c, fy)),
                   spec.buf);
    buf_release(&spec);
    for (int k = 0; k < ENT_MONTHS; k++) {
        ui_tr(h);
        ui_td(h, page_funding_month_label(c, fy, k));
        for (size_t i = 0; i < res->nstreams; i++)
            if (rule_stream_total(res->streams[i].rule) == TOTAL_PAYMENT)
                page_funding_money_cell(h, res->streams[i].monthly[k]);
        page_funding_money_cell(h, res->monthly_total[k]);
    }
    ui_table_end(h);
    HTML_LIT(h, "<p>Each payment is the annual amount divided by 12 and rounded down to the "
                "penny; March takes the pennies left, so the 12 add up to the annual amount.</p>");
}

/* A stream's section: its amounts, how it is shared and paid, its working. */
static void stream_section(struct ctx *c, struct html *h, const char *code, const struct year *yr,
                           const struct ent_input *in, const struct ent_stream *s)
{
    HTML_LIT(h, "<h2 id=\"stream-");
    html_attr(h, s->rule->id);
    HTML_LIT(h, "\">");
    html_text(h, s->rule->name);
    HTML_LIT(h, "</h2>");
    ui_summary_begin(h);
    ui_summary_row_open(h, s->rule->kind == STREAM_MAXIMUM ? "Most the PCN can claim"
                                                           : "For the year");
    html_money(h, s->annual);
    page_funding_tags(h, s->estimate, s->conf);
    ui_summary_row_end(h);
    if (s->rule->kind == STREAM_ACHIEVEMENT) {
        ui_summary_row_open(h, "Maximum");
        html_money(h, s->maximum);
        ui_summary_row_end(h);
        ui_summary_row_open(h, "Share achieved");
        if (in->caip_known) {
            fixed_add(h->b, in->caip_bp, 2, 0, false);
            HTML_LIT(h, "%");
        } else {
            ui_none(h, "Not entered: the full maximum is shown");
        }
        ui_summary_row_end(h);
    }
    ui_summary_row_open(h, "Each month");
    bool even = true;
    for (int k = 1; k < ENT_MONTHS - 1; k++)
        even = even && s->monthly[k] == s->monthly[0];
    if (!even) {
        HTML_LIT(h, "Different from month to month: see the monthly payments");
    } else {
        html_money(h, s->monthly[0]);
        if (s->monthly[ENT_MONTHS - 1] != s->monthly[0]) {
            HTML_LIT(h, " from April to February, ");
            html_money(h, s->monthly[ENT_MONTHS - 1]);
            HTML_LIT(h, " in March");
        }
    }
    ui_summary_row_end(h);
    ui_summary_row_open(h, "Shared among the practices");
    html_text(h, s->method == METHOD_REGISTERED ? "By registered-list share"
                 : s->method == METHOD_WEIGHTED ? "By weighted-population share"
                 : s->method == METHOD_FIXED    ? "By the Network Agreement's fixed percentages"
                 : s->method == METHOD_OWN      ? "Paid to each practice on its own population"
                                                : "Not shared: the PCN claims against it");
    ui_summary_row_end(h);
    ui_summary_row_open(h, "Confidence in the rates");
    html_text(h, conf_label(s->conf));
    ui_summary_row_end(h);
    when_paid(c, h, code, yr->y, yr->fy, s); /* the payment schedule */
    ui_summary_end(h);
    if (s->rule->note && *s->rule->note) {
        HTML_LIT(h, "<p class=\"nhsuk-body-s\">");
        html_text(h, s->rule->note);
        HTML_LIT(h, "</p>");
    }
    page_funding_details(h, "How this was worked out", s->rule->name, &s->trail, NULL);
}

/* The links at the foot: the practices, the cash flow, the inputs and the
 * downloads, each for the year (q: "?year=..."). */
static void more_links(struct ctx *c, struct html *h, const char *code, const char *self,
                       const char *q)
{
    HTML_LIT(h, "<h2>More</h2><ul class=\"nhsuk-list\"><li><a href=\"");
    html_url(h, arena_printf(c->a, "%s/practices%s", self, q));
    HTML_LIT(h, "\">Distribution to member practices</a></li>");
    if (perm_read_salaries(c, code)) {
        HTML_LIT(h, "<li><a href=\"");
        html_url(h, arena_printf(c->a, "/pcn/%s/cashflow%s", code, q));
        HTML_LIT(h, "\">When the money arrives: the cash flow</a></li>");
    }
    if (perm_write_pcn(c, code)) {
        HTML_LIT(h, "<li><a href=\"");
        html_url(h, arena_printf(c->a, "%s/inputs%s", self, q));
        HTML_LIT(h, "\">Change populations, care home beds, CAIP achieved and the Network "
                    "Agreement</a></li>");
    }
    HTML_LIT(h, "<li><a href=\"");
    html_url(h, arena_printf(c->a, "%s.csv%s", self, q));
    HTML_LIT(h, "\" download>Download the streams and months as CSV</a></li><li><a href=\"");
    html_url(h, arena_printf(c->a, "%s.xlsx%s", self, q));
    HTML_LIT(h, "\" download>Download as a spreadsheet (XLSX), with the practices' shares and "
                "the working</a></li></ul>");
}

void page_funding(struct ctx *c)
{
    struct html h = {&c->r->body};
    struct ent_input in;
    struct ent_result res;
    struct year yr;
    const char *code = page_funding_pcn_for(c, false);
    if (!page_funding_start(c, code, http_query(c->q, "year"), false, &yr))
        return;
    const char *name = page_org_name(c, code);
    const char *self = arena_printf(c->a, "/pcn/%s/funding", code);
    const char *title = arena_printf(c->a, "Funding %s", page_funding_fy_label(c, yr.fy));
    struct ui_crumb crumbs[] = {{"Home", "/"}, {name, arena_printf(c->a, "/pcn/%s", code)}};
    if (!yr.y) {
        no_year_page(c, code, &yr, name, title, self, crumbs);
        return;
    }
    if (page_funding_compute(c, code, &yr, &in, &res))
        return;
    const char *q = arena_printf(c->a, "?year=%s", page_funding_fy_dir(c, yr.fy));

    page_funding_begin(c, &h, title, "Funding", NULL, crumbs, 2);
    ui_h1_caption(&h, name, title);
    if (yr.fallback)
        page_funding_fallback_notice(c, &h, yr.fy);
    page_funding_missing_year_notice(c, &h, yr.y);
    page_funding_year_selector(c, &h, yr.r, self, yr.fy);
    HTML_LIT(&h, "<p>What the Network Contract Directed Enhanced Service (DES) pays the PCN from "
                 "1 April ");
    html_int(&h, yr.fy);
    HTML_LIT(&h, " to 31 March ");
    html_int(&h, yr.fy + 1);
    HTML_LIT(&h, ", worked out to the penny from the rules in ");
    html_text(&h, yr.y->dir);
    HTML_LIT(&h, ".</p>");
    page_funding_problems_callout(c, &h, res.in, yr.fy);
    if (res.estimate)
        page_funding_estimate_callout(&h, &res);
    year_summary(&h, &res);
    streams_table(c, &h, &res, yr.fy);
    if (res.maxima_total)
        HTML_LIT(&h, "<p>The Additional Roles Reimbursement Scheme (ARRS) sum is the most the PCN "
                     "can claim for its staff: it is shown apart and never added to the "
                     "payments.</p>");
    months_section(c, &h, &res, yr.fy);
    for (size_t i = 0; i < res.nstreams; i++) /* each stream and its working */
        stream_section(c, &h, code, &yr, &in, &res.streams[i]);
    page_funding_paid(c, &h, code, yr.fy, &res); /* page_funding_paid.c */
    more_links(c, &h, code, self, q);
    ui_end(c, &h);
}

/* ---- downloads ------------------------------------------------------------- */

/* funding-CODE-2026-27.csv or .xlsx, audited as an export of a `kind`. */
void page_funding_send_sheets(struct ctx *c, const struct sheet *sheets, bool xlsx,
                              const char *kind, const char *code, fy_t fy)
{
    const char *name = arena_printf(c->a, "funding-%s-%s.%s", code, page_funding_fy_dir(c, fy),
                                    xlsx ? "xlsx" : "csv");
    struct pcn_msg m = {0};
    if (page_send_sheets(c, xlsx ? sheets : &sheets[FV_STREAMS], xlsx ? FV_NSHEETS : 1, xlsx, name,
                         &m)) {
        ui_fail_500(c, &m);
        return;
    }
    audit_ctx(c, "export", kind, code,
              json_pack("{s:s,s:s}", "file", name, "year", page_funding_fy_label(c, fy)));
}

static void pcn_export(struct ctx *c, bool xlsx)
{
    struct ent_input in;
    struct ent_result res;
    struct year yr;
    struct sheet sheets[FV_NSHEETS];
    const char *code = page_funding_pcn_for(c, false);
    if (!page_funding_start(c, code, http_query(c->q, "year"), true, &yr))
        return;
    if (page_funding_compute(c, code, &yr, &in, &res))
        return;
    fundview_sheets_init(sheets, c->a);
    fundview_sheets_add(sheets, &res, !xlsx);
    page_funding_send_sheets(c, sheets, xlsx, "pcn", code, yr.fy);
}

void page_funding_csv(struct ctx *c)
{
    pcn_export(c, false);
}

void page_funding_xlsx(struct ctx *c)
{
    pcn_export(c, true);
}
