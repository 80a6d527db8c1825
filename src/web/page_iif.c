/* page_iif.c: a PCN's Investment and Impact Fund (IIF) pages; its
 * Capacity and Access Improvement Payment (CAIP) self-assessment is in
 * page_caip.c, what they share in page_iif.h:
 *   GET  /pcn/CODE/iif[?year=2023-24]   the indicators with status tags,
 *        what reaching the upper threshold takes, practice by practice
 *        (a bar chart and its figures in a table), and the working
 *   GET  /pcn/CODE/iif/enter[?year=]    the form for a month's figures
 *   POST /pcn/CODE/iif/enter            saves them (audited, before/after)
 *   GET  /pcn/CODE/caip[?year=]         the CAIP tracker
 *   POST /pcn/CODE/caip                 saves statuses, evidence and the
 *                                       declaration date (audited)
 * IIF figures are the PCN's shared figures: anyone who may read the PCN
 * sees them (perm_read_pcn); entering figures or the self-assessment needs
 * perm_write_pcn.  A refusal is a 404, audited, as everywhere. */
#include "common.h"
#include "arrs.h"
#include "audit.h"
#include "caip.h"
#include "iif.h"
#include "iifdata.h"
#include "pages.h"
#include "page_iif.h"
#include "pcnweb.h"
#include "perm.h"
#include "registry.h"
#include "rules.h"
#include "svg.h"
#include "ui.h"
#include "form.h"
#include "limits.h"

/* The PCN of the route, if the user may read it (write: change it). */
static const char *pcn_for(struct ctx *c, bool write)
{
    const char *code = c->params[0];
    return page_org_allowed(c, write ? perm_write_pcn(c, code) : perm_read_pcn(c, code), "pcn");
}

/* ?year= (or the form's year), else this year, else the latest the rules
 * have before it (*fallback).  0 when the rules have no year at all. */
static fy_t year_param(struct ctx *c, const struct rules *r, const char *s, bool *fallback)
{
    fy_t fy = arrs_default_year(r, c->today, fallback), asked;
    if (s && fy_parse(s, &asked) == 0) {
        fy = asked;
        *fallback = false;
    }
    return fy;
}

const char *page_iif_route(struct ctx *c, bool write, bool form, const struct rules **r, fy_t *fy,
                           bool *fallback)
{
    *r = NULL;
    const char *code = pcn_for(c, write);
    if (!code || !(*r = page_rules_or_500(c)))
        return NULL;
    bool ignored;
    *fy = year_param(c, *r, form ? http_form_str(c->q, "year") : http_query(c->q, "year"),
                     fallback ? fallback : &ignored);
    return code;
}

const char *page_iif_year_dir(struct arena *a, fy_t fy)
{
    char s[8];
    fy_format_dir(fy, s);
    return arena_strdup(a, s);
}

void page_iif_pct(struct html *h, int64_t bp)
{
    fixed_add(h->b, bp, 2, 0, false);
    HTML_LIT(h, "%");
}

static void points(struct html *h, int64_t v)
{
    fixed_add(h->b, v, 3, 0, true);
}

void page_iif_year_links(struct ctx *c, struct html *h, const struct rules *r, const char *code,
                         const char *page, fy_t shown)
{
    HTML_LIT(h, "<nav aria-label=\"Years\"><ul class=\"nhsuk-list pcnops-inline-list\">");
    for (size_t i = 0; i < r->nyears; i++) {
        char fy[8];
        fy_format(r->years[i].fy, fy);
        HTML_LIT(h, "<li>");
        if (r->years[i].fy == shown) {
            HTML_LIT(h, "<strong>");
            html_text(h, fy);
            HTML_LIT(h, "</strong>");
        } else {
            HTML_LIT(h, "<a href=\"");
            html_url(h, arena_printf(c->a, "/pcn/%s/%s?year=%s", code, page,
                                     page_iif_year_dir(c->a, r->years[i].fy)));
            HTML_LIT(h, "\">");
            html_text(h, fy);
            HTML_LIT(h, "</a>");
        }
        HTML_LIT(h, "</li>");
    }
    HTML_LIT(h, "</ul></nav>");
}

void page_iif_fallback_notice(struct ctx *c, struct html *h, fy_t shown)
{
    page_fallback_begin(c, h, shown);
    HTML_LIT(h, ".</p></div>");
}

static void trail_details(struct html *h, const struct iif_result_ind *x)
{
    HTML_LIT(h, "<details class=\"nhsuk-details\"><summary class=\"nhsuk-details__summary\">"
                "<span class=\"nhsuk-details__summary-text\">How ");
    html_text(h, x->code);
    HTML_LIT(h, " was worked out</span></summary><div class=\"nhsuk-details__text\"><ol>");
    for (size_t i = 0; i < x->trail.n; i++) {
        const struct trail_step *s = &x->trail.steps[i];
        HTML_LIT(h, "<li>");
        html_text(h, s->text);
        if (s->source) {
            HTML_LIT(h, " <span class=\"nhsuk-body-s\">(");
            html_text(h, s->source);
            if (conf_doubtful(s->conf)) {
                HTML_LIT(h, ", ");
                html_text(h, conf_label(s->conf));
            }
            HTML_LIT(h, ")</span>");
        }
        HTML_LIT(h, "</li>");
    }
    HTML_LIT(h, "</ol></div></details>");
}

/* ---- the year's indicators --------------------------------------------- */

/* Practices are rolled up through the registry's membership on the
 * achievement date.  When the registry starts after the year ends, say so
 * and offer the earliest membership it has instead (an estimate); when that
 * was asked for, say it is an estimate. */
static void membership_notice(struct ctx *c, struct html *h, const char *code, fy_t fy, date_t over)
{
    struct pcn_msg m = {0};
    date_t *d;
    size_t n;
    if (over != DATE_NONE) {
        HTML_LIT(h, "<div class=\"nhsuk-inset-text\"><span class=\"nhsuk-u-visually-hidden\">"
                    "Information: </span><p>Practices' figures are added up through the PCN's "
                    "members on ");
        html_date(h, over);
        HTML_LIT(h, ", not on the achievement date: ");
        ui_tag(h, "Estimate");
        HTML_LIT(h, " <a href=\"");
        html_url(h, arena_printf(c->a, "/pcn/%s/iif?year=%s", code, page_iif_year_dir(c->a, fy)));
        HTML_LIT(h, "\">Use the achievement date's members</a></p></div>");
        return;
    }
    if (registry_publications(c->db, "registry", c->a, &d, &n, &m) || n == 0 ||
        d[n - 1] <= fy_end(fy))
        return;
    char iso[11];
    date_format_iso(d[n - 1], iso);
    HTML_LIT(h, "<div class=\"nhsuk-inset-text\"><span class=\"nhsuk-u-visually-hidden\">"
                "Information: </span><p>The registry holds no membership as early as ");
    html_date(h, fy_end(fy));
    HTML_LIT(h, ", so figures published for practices cannot be added up for this PCN. Import "
                "the practice to PCN map of that date, or <a href=\"");
    html_url(h, arena_printf(c->a, "/pcn/%s/iif?year=%s&members_on=%s", code,
                             page_iif_year_dir(c->a, fy), iso));
    HTML_LIT(h, "\">add them up through the members of ");
    html_date(h, d[n - 1]);
    HTML_LIT(h, "</a> (an estimate).</p></div>");
}

static void practices_section(struct ctx *c, struct html *h, const struct iif_pcn *p,
                              const struct iif_result_ind *x)
{
    const struct iif_members *mb = iifdata_members(p, x->code);
    struct iif_practice_out *o;
    struct pcn_msg m = {0};
    if (!mb || mb->n == 0)
        return;
    HTML_LIT(h, "<h3>");
    html_text(h, x->code);
    HTML_LIT(h, "</h3>");
    if (iif_breakdown(x->rule, mb->practices, mb->n, p->in.rounding, c->a, &o, &m)) {
        HTML_LIT(h, "<p>");
        html_text(h, m.text);
        HTML_LIT(h, ".</p>");
        return;
    }
    struct svg_bar *bars = arena_zalloc(c->a, mb->n * sizeof *bars);
    for (size_t i = 0; i < mb->n; i++)
        bars[i] = (struct svg_bar){o[i].code, o[i].has_achievement ? o[i].achievement_bp : -1};
    struct svg_marker marks[2];
    size_t nm = 0;
    if (x->rule->has_lower) {
        marks[nm++] = (struct svg_marker){x->rule->lower_bp, "lower"};
        marks[nm++] = (struct svg_marker){x->rule->upper_bp, "upper"};
    }
    const char *id = arena_printf(c->a, "practices-%s", x->code);
    const char *title = arena_printf(c->a, "%s achievement of each member practice", x->code);
    const char *desc =
        x->rule->has_lower
            ? arena_printf(c->a,
                           "One bar per practice, from 0%% to 100%%, with dashed lines at the "
                           "lower threshold (%" PRId64 ".%02" PRId64 "%%) and the upper "
                           "(%" PRId64 ".%02" PRId64 "%%); the figures are in the table below.",
                           x->rule->lower_bp / 100, x->rule->lower_bp % 100,
                           x->rule->upper_bp / 100, x->rule->upper_bp % 100)
            : "One bar per practice, from 0% to 100%; the figures are in the table below.";
    svg_bar_chart(h, id, title, desc, bars, mb->n, BP_WHOLE, 2, "%", marks, nm);
    const char *caption = arena_printf(c->a, "%s by practice (members on ", x->code);
    struct buf b;
    buf_init(&b, 64);
    date_add_uk(&b, mb->on);
    caption = arena_printf(c->a, "%s%s)", caption, b.buf);
    buf_release(&b);
    ui_table_begin(h, caption,
                   "Practice,>Numerator,>Denominator,>Achievement,>Share of the PCN's "
                   "numerator,>More patients to the upper threshold,>Points the PCN would gain");
    for (size_t i = 0; i < mb->n; i++) {
        const struct iif_practice_out *q = &o[i];
        ui_tr(h);
        ui_td_open(h, false);
        html_text(h, q->name ? q->name : q->code);
        HTML_LIT(h, " <span class=\"nhsuk-body-s\">");
        html_text(h, q->code);
        HTML_LIT(h, "</span>");
        ui_td_close(h);
        if (!q->has_data) {
            for (int k = 0; k < 6; k++)
                ui_td(h, "No data");
            continue;
        }
        ui_td_count(h, q->numerator);
        ui_td_count(h, q->denominator);
        ui_td_open(h, true);
        if (q->has_achievement)
            page_iif_pct(h, q->achievement_bp);
        else
            ui_none(h, "No patients");
        ui_td_close(h);
        ui_td_open(h, true);
        if (q->share_numerator_bp >= 0)
            page_iif_pct(h, q->share_numerator_bp);
        else
            ui_none(h, "Not applicable");
        ui_td_close(h);
        ui_td_count(h, q->to_upper);
        ui_td_open(h, true);
        if (q->has_gain)
            points(h, q->gain_points);
        else
            ui_none(h, "Not known");
        ui_td_close(h);
    }
    ui_table_end(h);
}

/* The year at a glance: the point value, the list-size adjustment, the
 * points and the payment. */
static void iif_summary(struct ctx *c, struct html *h, const struct iif_pcn *p,
                        const struct iif_result *res, const char *fyl)
{
    ui_summary_begin(h);
    ui_summary_row_open(h, "Point value");
    if (res->value && res->value->has_value) {
        html_money(h, res->value->value);
        if (res->value->m.conf != CONF_OFFICIAL) {
            HTML_LIT(h, " ");
            ui_tag(h, "Unconfirmed");
        }
    } else {
        ui_none(h, arena_printf(c->a, "Not known: the rules have no point value for %s", fyl));
    }
    ui_summary_row_end(h);
    ui_summary_row_open(h, "List-size adjustment");
    const struct iif_list *l = &p->in.list;
    if (l->known) {
        HTML_LIT(h, "The PCN's ");
        html_count(h, l->pcn_list);
        HTML_LIT(h, " patients against a national average of ");
        const int64_t num[] = {l->national_list}, den[] = {l->national_pcns};
        int64_t avg = 0;
        money_ratio_round(num, 1, den, 1, ROUND_HALF_UP, &avg);
        html_count(h, avg);
        HTML_LIT(h, " (");
        html_count(h, l->national_pcns);
        HTML_LIT(h, " PCNs)");
        if (l->estimate) {
            HTML_LIT(h, " ");
            ui_tag(h, "Estimate");
        }
        if (l->note) {
            HTML_LIT(h, "<br><span class=\"nhsuk-body-s\">");
            html_text(h, l->note);
            HTML_LIT(h, "</span>");
        }
    } else {
        ui_none(h, arena_printf(c->a, "Not known: %s", l->note ? l->note : "no list sizes"));
    }
    ui_summary_row_end(h);
    ui_summary_row_open(h, "Points that count");
    points(h, res->points);
    ui_summary_row_end(h);
    ui_summary_row_open(h, "Payment worked out");
    size_t npay = 0;
    for (size_t i = 0; i < res->nind; i++)
        npay += res->ind[i].rule->payment;
    if (npay > res->payments_missing)
        html_money(h, res->payment);
    else
        ui_none(h, "None");
    if (res->payments_missing) {
        HTML_LIT(h, " <span class=\"nhsuk-body-s\">(");
        html_count(h, (int64_t)res->payments_missing);
        HTML_LIT(h, " of ");
        html_count(h, (int64_t)npay);
        HTML_LIT(h, " payments cannot be worked out: see below)</span>");
    }
    ui_summary_row_end(h);
    ui_summary_end(h);
}

/* Each indicator: its status, figures, points and payment. */
static void indicators_table(struct ctx *c, struct html *h, const struct iif_result *res,
                             const char *fyl)
{
    ui_table_begin(h, arena_printf(c->a, "Indicators in %s", fyl),
                   "Indicator,Status,>Numerator,>Denominator,>Achievement,>Points,>Payment");
    for (size_t i = 0; i < res->nind; i++) {
        const struct iif_result_ind *x = &res->ind[i];
        ui_tr(h);
        ui_td_open(h, false);
        HTML_LIT(h, "<strong>");
        html_text(h, x->code);
        HTML_LIT(h, "</strong> ");
        html_text(h, x->rule->description);
        ui_td_close(h);
        ui_td_open(h, false);
        ui_tag(h, iif_status_label(x->status));
        if (x->deemed) {
            HTML_LIT(h, " ");
            ui_tag(h, "Deemed achieved");
        }
        ui_td_close(h);
        ui_td_count(h, x->numerator);
        ui_td_count(h, x->denominator);
        ui_td_open(h, true);
        if (x->has_achievement)
            page_iif_pct(h, x->achievement_bp);
        else
            ui_none(h, "Not known");
        ui_td_close(h);
        ui_td_open(h, true);
        if (!x->rule->payment) {
            ui_none(h, "Not applicable");
        } else if (x->deemed) {
            points(h, x->deemed_points);
            HTML_LIT(h, "<br><span class=\"nhsuk-body-s\">data: ");
            if (x->has_points)
                points(h, x->points);
            else
                HTML_LIT(h, "not known");
            HTML_LIT(h, "</span>");
        } else if (x->has_points) {
            points(h, x->points);
        } else {
            ui_none(h, "Not known");
        }
        ui_td_close(h);
        ui_td_open(h, true);
        if (!x->rule->payment) {
            ui_none(h, "Not applicable");
        } else if (x->has_payment) {
            html_money(h, x->payment);
            if (conf_doubtful(x->conf)) {
                HTML_LIT(h, " ");
                ui_tag(h, conf_tag(x->conf));
            }
        } else {
            ui_none(h, "Not known");
        }
        ui_td_close(h);
    }
    ui_table_end(h);
}

/* Why some figures are missing, and what was deemed. */
static void missing_list(struct html *h, const struct iif_result *res)
{
    bool any = false;
    for (size_t i = 0; i < res->nind; i++) {
        const struct iif_result_ind *x = &res->ind[i];
        if (!x->rule->payment || (x->has_payment && !x->deemed))
            continue;
        if (!any)
            HTML_LIT(h, "<ul class=\"nhsuk-list nhsuk-list--bullet\">");
        any = true;
        HTML_LIT(h, "<li><strong>");
        html_text(h, x->code);
        HTML_LIT(h, "</strong>: ");
        if (x->deemed) {
            HTML_LIT(h, "NHS England deemed it achieved: ");
            points(h, x->deemed_points);
            HTML_LIT(h, " points count whatever the data. ");
            if (x->has_points) {
                HTML_LIT(h, "The data alone earns ");
                points(h, x->points);
                HTML_LIT(h, " points");
                if (x->has_data_payment) {
                    HTML_LIT(h, ", worth ");
                    html_money(h, x->data_payment);
                }
                HTML_LIT(h, ". ");
            }
        }
        if (!x->has_payment) {
            HTML_LIT(h, "No payment can be worked out: ");
            html_text(h, x->missing ? x->missing : "a figure is missing");
            HTML_LIT(h, ".");
        }
        HTML_LIT(h, "</li>");
    }
    if (any)
        HTML_LIT(h, "</ul>");
}

/* What reaching the upper threshold takes, indicator by indicator. */
static void whatif_table(struct html *h, const struct iif_result *res)
{
    HTML_LIT(h, "<h2>What reaching the upper threshold takes</h2>");
    ui_table_begin(h, "More patients who need the intervention, and what that is worth",
                   "Indicator,>Upper threshold,>More patients,>More points,>Worth");
    for (size_t i = 0; i < res->nind; i++) {
        const struct iif_result_ind *x = &res->ind[i];
        const struct iif_whatif *w = &x->whatif;
        if (!x->rule->payment)
            continue;
        ui_tr(h);
        ui_td(h, x->code);
        ui_td_open(h, true);
        if (x->rule->has_upper)
            page_iif_pct(h, x->rule->upper_bp);
        else
            ui_none(h, "Not known");
        ui_td_close(h);
        if (!w->known) {
            const char *why = !x->rule->has_lower ? "Thresholds not known"
                              : x->has_data       ? "No patients"
                                                  : "No data";
            for (int k = 0; k < 3; k++)
                ui_td(h, why);
            continue;
        }
        ui_td_count(h, w->patients);
        ui_td_open(h, true);
        if (w->has_points)
            points(h, w->points_gain);
        else
            ui_none(h, "Not known");
        ui_td_close(h);
        ui_td_open(h, true);
        if (w->has_payment) {
            html_money(h, w->payment_gain);
            if (w->deemed)
                HTML_LIT(h, "<br><span class=\"nhsuk-body-s\">not this year: the points were "
                            "deemed</span>");
        } else {
            ui_none(h, "Not known");
        }
        ui_td_close(h);
    }
    ui_table_end(h);
}

/* Practice by practice, for the paid indicators with members' figures. */
static void practices_part(struct ctx *c, struct html *h, const struct iif_pcn *p,
                           const struct iif_result *res)
{
    bool practices = false;
    for (size_t i = 0; i < res->nind; i++) {
        const struct iif_members *mb = iifdata_members(p, res->ind[i].code);
        if (res->ind[i].rule->payment && mb && mb->n) {
            if (!practices)
                HTML_LIT(h, "<h2>Practice by practice</h2><p>Each member practice's part of "
                            "the PCN's figures, and the points the PCN would gain if that "
                            "practice alone reached the upper threshold: where help gains "
                            "the most.</p>");
            practices = true;
            practices_section(c, h, p, &res->ind[i]);
        }
    }
}

/* Links to entering the year's figures and to the CAIP self-assessment. */
static void related_links(struct ctx *c, struct html *h, const char *code, fy_t fy)
{
    HTML_LIT(h, "<h2>Related</h2><ul class=\"nhsuk-list\">");
    if (perm_write_pcn(c, code)) {
        HTML_LIT(h, "<li><a href=\"");
        html_url(
            h, arena_printf(c->a, "/pcn/%s/iif/enter?year=%s", code, page_iif_year_dir(c->a, fy)));
        HTML_LIT(h, "\">Enter this year's figures, month by month</a></li>");
    }
    HTML_LIT(h, "<li><a href=\"");
    html_url(h, arena_printf(c->a, "/pcn/%s/caip?year=%s", code, page_iif_year_dir(c->a, fy)));
    HTML_LIT(h, "\">Capacity and Access Improvement Payment (CAIP) self-assessment</a></li>"
                "</ul>");
}

void page_iif(struct ctx *c)
{
    struct html h = {&c->r->body};
    struct pcn_msg m = {0};
    const struct rules *r;
    fy_t fy;
    bool fallback;
    const char *code = page_iif_route(c, false, false, &r, &fy, &fallback);
    if (!code)
        return;
    const struct rules_year *y = rules_year(r, fy);
    char fyl[8];
    fy_format(fy, fyl);
    const char *title = arena_printf(c->a, "Investment and Impact Fund (IIF) %s", fyl);
    /* ?members_on=YYYY-MM-DD: roll practices up through another date's
     * membership (an estimate, said on the page). */
    date_t over = DATE_NONE;
    const char *mo = http_query(c->q, "members_on");
    if (mo && date_parse_iso(mo, strlen(mo), &over))
        over = DATE_NONE;
    struct iif_pcn p;
    struct iif_result res;
    int rc = y ? iifdata_pcn(c->db, r, code, fy, over, c->a, &p, &m) : PCN_ENOTFOUND;
    if (rc && rc != PCN_ENOTFOUND) {
        ui_fail_500(c, &m);
        return;
    }
    if (!rc && (rc = iif_compute(y, &p.in, c->a, &res, &m)) && rc != PCN_EINVAL) {
        ui_fail_500(c, &m);
        return;
    }
    pcnweb_begin(c, &h, code, title, "IIF", NULL, NULL, NULL);
    ui_h1_caption(&h, page_org_name(c, code), title);
    if (fallback)
        page_iif_fallback_notice(c, &h, fy);
    page_iif_year_links(c, &h, r, code, "iif", fy);
    if (!y || rc) {
        HTML_LIT(&h, "<p>");
        html_text(&h, !y ? arena_printf(c->a, "The rules have no year %s.", fyl)
                         : arena_printf(c->a, "%s.", m.text));
        HTML_LIT(&h, "</p>");
        ui_end(c, &h);
        return;
    }
    membership_notice(c, &h, code, fy, over);
    HTML_LIT(&h, "<p>The IIF pays a PCN for reaching thresholds on a few indicators each year. "
                 "Points rise in a straight line from the lower threshold to the upper one. "
                 "Each point is worth the year's point value, adjusted for the PCN's list size "
                 "and, for some indicators, its prevalence.</p>");

    iif_summary(c, &h, &p, &res, fyl);
    indicators_table(c, &h, &res, fyl);
    missing_list(&h, &res);
    whatif_table(&h, &res);
    practices_part(c, &h, &p, &res);
    HTML_LIT(&h, "<h2>How the figures were worked out</h2>");
    for (size_t i = 0; i < res.nind; i++)
        trail_details(&h, &res.ind[i]);

    related_links(c, &h, code, fy);
    ui_end(c, &h);
}

/* ---- entering figures ---------------------------------------------------- */

static void enter_form(struct ctx *c, int status, const char *code, const struct rules *r, fy_t fy,
                       const struct form_errs *es)
{
    struct html h = {&c->r->body};
    struct pcn_msg m = {0};
    struct http_req *q = c->q;
    const struct rules_year *y = rules_year(r, fy);
    char fyl[8];
    fy_format(fy, fyl);
    http_resp_start(c->r, status, "text/html; charset=utf-8");
    const char *title = arena_printf(c->a, "Enter IIF figures for %s", fyl);
    pcnweb_begin(c, &h, code, title, "IIF", es, "IIF",
                 arena_printf(c->a, "/pcn/%s/iif?year=%s", code, page_iif_year_dir(c->a, fy)));
    HTML_LIT(&h, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">");
    HTML_LIT(&h, "<h1>");
    html_text(&h, title);
    HTML_LIT(&h, "</h1><p>Enter the year's figures so far, at the end of a month: how many "
                 "patients had the intervention (the numerator) out of how many should (the "
                 "denominator). Enter them for the whole PCN, or for each practice, and PCN "
                 "Ops adds the practices up. A later month replaces an earlier one.</p>");
    if (!y) {
        HTML_LIT(&h, "<p>The rules have no year ");
        html_text(&h, fyl);
        HTML_LIT(&h, ".</p></div></div>");
        ui_end(c, &h);
        return;
    }
    HTML_LIT(&h, "<form action=\"");
    html_url(&h, arena_printf(c->a, "/pcn/%s/iif/enter", code));
    HTML_LIT(&h, "\" method=\"post\" novalidate>");
    ui_csrf(c, &h);
    HTML_LIT(&h, "<input type=\"hidden\" name=\"year\" value=\"");
    html_attr(&h, page_iif_year_dir(c->a, fy));
    HTML_LIT(&h, "\">");
    const char **cv = arena_alloc(c->a, (y->niif + 1) * sizeof *cv);
    const char **cl = arena_alloc(c->a, (y->niif + 1) * sizeof *cl);
    size_t nc = 0;
    for (size_t i = 0; i < y->niif; i++) {
        bool dup = false;
        for (size_t k = 0; k < nc && !dup; k++)
            dup = strcmp(cv[k], y->iif[i].code) == 0;
        if (dup)
            continue;
        cv[nc] = y->iif[i].code;
        cl[nc++] = arena_printf(c->a, "%s: %s", y->iif[i].code, y->iif[i].description);
    }
    ui_select(&h, "code", "Indicator", cv, cl, nc, http_form_str(q, "code"), form_err(es, "code"));
    const char *mv[12], *ml[12];
    pcnweb_year_months(c->a, fy, mv, ml);
    ui_select(&h, "month", "At the end of", mv, ml, 12, http_form_str(q, "month"),
              form_err(es, "month"));
    struct pcn_detail d;
    date_t on = c->today < fy_end(fy) ? c->today : fy_end(fy);
    size_t np = 0;
    if (registry_pcn(c->db, code, on, c->a, &d, &m) == 0)
        np = d.npractices;
    const char **ov = arena_alloc(c->a, (np + 2) * sizeof *ov);
    const char **ol = arena_alloc(c->a, (np + 2) * sizeof *ol);
    ov[0] = code;
    ol[0] = "The whole PCN";
    for (size_t i = 0; i < np; i++) {
        ov[i + 1] = d.practices[i].code;
        ol[i + 1] = arena_printf(c->a, "%s (%s)", d.practices[i].name ? d.practices[i].name : "",
                                 d.practices[i].code);
    }
    ui_select(&h, "org", "For", ov, ol, np + 1, http_form_str(q, "org"), form_err(es, "org"));
    ui_input(&h, "numerator", "Numerator", "Patients who had the intervention, for example 412",
             "text", http_form_str(q, "numerator"), "nhsuk-input--width-10",
             form_err(es, "numerator"));
    ui_input(&h, "denominator", "Denominator", "Patients who should have it, for example 480",
             "text", http_form_str(q, "denominator"), "nhsuk-input--width-10",
             form_err(es, "denominator"));
    HTML_LIT(&h, "<button class=\"nhsuk-button\" data-module=\"nhsuk-button\" type=\"submit\">"
                 "Save the figures</button></form></div></div>");

    struct iif_entry *e;
    size_t n = 0;
    if (iifdata_entries(c->db, code, fy, c->a, &e, &n, &m) == 0 && n) {
        ui_table_begin(&h, arena_printf(c->a, "Figures entered for %s", fyl),
                       "Month,Indicator,For,>Numerator,>Denominator");
        for (size_t i = 0; i < n; i++) {
            ui_tr(&h);
            ui_td(&h, arena_printf(c->a, "%s %d", date_month_name(e[i].month), e[i].year));
            ui_td(&h, e[i].code);
            ui_td(&h, strcmp(e[i].org, code) == 0 ? "The whole PCN" : e[i].org);
            ui_td_count(&h, e[i].numerator);
            ui_td_count(&h, e[i].denominator);
        }
        ui_table_end(&h);
    }
    ui_end(c, &h);
}

void page_iif_enter(struct ctx *c)
{
    const struct rules *r;
    fy_t fy;
    bool fallback;
    const char *code = page_iif_route(c, true, false, &r, &fy, &fallback);
    if (code)
        enter_form(c, 200, code, r, fy, NULL);
}

void page_iif_enter_post(struct ctx *c)
{
    struct pcn_msg m = {0};
    struct http_req *q = c->q;
    const struct rules *r;
    fy_t fy;
    const char *code = page_iif_route(c, true, true, &r, &fy, NULL);
    if (!code)
        return;
    const char *ind = http_form_str(q, "code"), *month = http_form_str(q, "month"),
               *org = http_form_str(q, "org");
    int64_t num = 0, den = 0, yy = 0, mm = 0;
    struct form_errs es;
    form_errs_init(&es, c->a);
    if (!month || strlen(month) != 7 || month[4] != '-' || parse_i64n(month, 4, 1900, 2999, &yy) ||
        parse_i64n(month + 5, 2, 1, 12, &mm))
        form_err_add(&es, "month", "Select the month the figures are for");
    form_read_int(c, &es, "numerator", "the numerator", true, 0, LIMIT_FORM_PATIENTS_MAX, &num);
    form_read_int(c, &es, "denominator", "the denominator", true, 0, LIMIT_FORM_PATIENTS_MAX, &den);
    if (!es.n) {
        bool had;
        struct iif_entry before;
        const char *field = NULL;
        struct audit_entry note;
        audit_note_ctx(&note, c, "iif-enter", "pcn", code, NULL);
        int rc = iifdata_enter(c->db, r, code, org && *org ? org : code, ind, (int)yy, (int)mm, num,
                               den, c->q->now, &note, &had, &before, &field, &m);
        if (rc == PCN_EINVAL) {
            form_err_add(&es, field ? field : "code", "%s", form_capital(c->a, m.text));
        } else if (rc) {
            ui_fail_500(c, &m);
            return;
        } else {
            http_resp_redirect(
                c->r,
                arena_printf(c->a, "/pcn/%s/iif?year=%s", code,
                             page_iif_year_dir(c->a, fy_of(date_from_ymd((int)yy, (int)mm, 1)))));
            return;
        }
    }
    enter_form(c, 400, code, r, fy, &es);
}
