/* page_funding_paid.c: what NHS England actually paid, beside what PCN Ops
 * works out (nhspay.h).
 *
 *   /pcn/CODE/funding?year=YYYY-YY        a section "What NHS England paid"
 *                                         on the funding page (the hook
 *                                         page_funding_paid in page_funding.c)
 *   the same, for a year the rules do not hold (2022/23): the page is the
 *                                         paid figures alone (the hook
 *                                         page_funding_paid_alone), 200;
 *                                         without payments it stays the
 *                                         "no such year" page
 *   GET /api/v1/pcns/CODE/payments?year=YYYY-YY
 *                                         the same as JSON (nhspay_json, as
 *                                         `pcnops payments PCN --year Y --json`)
 *
 * Who: a PCN's payments are shared figures of the PCN, as its funding is
 * (perm_read_pcn); page_funding has checked it before either hook runs,
 * and the API route checks it here.  A refusal is 404 and audited.  No
 * arithmetic on money here: the figures come from nhspay_gather. */
#include "common.h"
#include "arrs.h"
#include "nhspay.h"
#include "pages.h"
#include "perm.h"
#include "registry.h"
#include "rules.h"
#include "ui.h"

static const char *fy_text(struct ctx *c, fy_t fy, char sep)
{
    char s[8];
    fy_format(fy, s);
    s[4] = sep;
    return arena_strdup(c->a, s);
}

static void money_cell(struct html *h, bool known, pence_t v, const char *none)
{
    ui_td_open(h, true);
    if (known) {
        /* A negative difference must not break after its sign. */
        HTML_LIT(h, "<span class=\"pcnops-nowrap\">");
        money_add_display2(h->b, v);
        HTML_LIT(h, "</span>");
    } else {
        ui_none(h, none);
    }
    ui_td_close(h);
}

/* The other years the store holds payments for, as links. */
static void other_years(struct ctx *c, struct html *h, const char *code, fy_t fy)
{
    fy_t *years;
    size_t n;
    struct pcn_msg m = {0};
    if (nhspay_years(c->db, code, c->a, &years, &n, &m) || n == 0)
        return;
    size_t others = 0;
    for (size_t i = 0; i < n; i++)
        others += years[i] != fy;
    if (!others)
        return;
    HTML_LIT(h, "<p>NHS England's published payments to this PCN are also loaded for ");
    for (size_t i = 0, k = 0; i < n; i++) {
        if (years[i] == fy)
            continue;
        if (k++)
            html_text(h, k == others ? " and " : ", ");
        HTML_LIT(h, "<a href=\"");
        html_url(
            h, arena_printf(c->a, "/pcn/%s/funding?year=%s#paid", code, fy_text(c, years[i], '-')));
        HTML_LIT(h, "\">");
        html_text(h, fy_text(c, years[i], '/'));
        HTML_LIT(h, "</a>");
    }
    HTML_LIT(h, ".</p>");
}

/* One stream's row: paid, and with the rules what PCN Ops works out and
 * the difference, then why they can differ. */
static void paid_row(struct html *h, bool rules, const struct nhspay_row *r)
{
    ui_tr(h);
    ui_td_open(h, false);
    html_text(h, r->name);
    if (r->columns) {
        HTML_LIT(h, "<br><span class=\"nhsuk-body-s\">");
        html_text(h, r->columns);
        HTML_LIT(h, "</span>");
    }
    ui_td_close(h);
    money_cell(h, r->has_paid, r->paid, "Not in the file");
    if (rules) {
        ui_td_open(h, true);
        if (r->has_worked) {
            HTML_LIT(h, "<span class=\"pcnops-nowrap\">");
            money_add_display2(h->b, r->worked);
            HTML_LIT(h, "</span>");
            if (r->maximum)
                HTML_LIT(h, "<br><span class=\"nhsuk-body-s\">a maximum</span>");
        } else {
            ui_none(h, "Not worked out here");
        }
        ui_td_close(h);
        money_cell(h, r->has_paid && r->has_worked, r->difference, "None to show");
    }
    ui_td_open(h, false);
    if (r->nreasons) {
        HTML_LIT(h, "<ul class=\"nhsuk-list nhsuk-body-s\">");
        for (size_t i = 0; i < r->nreasons; i++) {
            HTML_LIT(h, "<li>");
            html_text(h, r->reasons[i]);
            HTML_LIT(h, "</li>");
        }
        HTML_LIT(h, "</ul>");
    }
    ui_td_close(h);
}

/* The totals under the streams: the payments beside one worked out (with
 * the rules), then everything paid to the PCN in the file. */
static void paid_totals(struct html *h, const struct nhspay_cmp *cmp)
{
    if (cmp->rules) {
        ui_tr(h);
        ui_td_open(h, false);
        HTML_LIT(h, "<strong>Payments beside a payment worked out</strong> (not the ARRS or "
                    "another maximum)");
        ui_td_close(h);
        money_cell(h, true, cmp->paid_beside, "");
        money_cell(h, true, cmp->worked_total, "");
        money_cell(h, true, cmp->paid_beside - cmp->worked_total, "");
        ui_td(h, "The streams above with both figures, where PCN Ops's figure is a payment");
    }
    ui_tr(h);
    ui_td_open(h, false);
    HTML_LIT(h, "<strong>Everything paid to the PCN in the file</strong>");
    ui_td_close(h);
    money_cell(h, true, cmp->paid_total, "");
    if (cmp->rules)
        for (int k = 0; k < 2; k++) {
            ui_td_open(h, true);
            ui_td_close(h);
        }
    ui_td(h, "Every PCN column of the file, the ARRS reimbursed included");
}

/* The file's lines, for anyone checking the sums. */
static void file_lines(struct ctx *c, struct html *h, const char *code, const struct nhspay_paid *p)
{
    HTML_LIT(h, "<details class=\"nhsuk-details\"><summary class=\"nhsuk-details__summary\">"
                "<span class=\"nhsuk-details__summary-text\">The file's lines</span></summary>"
                "<div class=\"nhsuk-details__text\">");
    ui_table_begin(h, arena_printf(c->a, "Lines of %s for %s", p->source, code),
                   "Column,Paid to,>Line of the file,>Amount");
    for (size_t i = 0; i < p->nstreams; i++)
        for (size_t k = 0; k < p->streams[i].nlines; k++) {
            const struct nhspay_line *l = &p->streams[i].lines[k];
            ui_tr(h);
            ui_td(h, l->column);
            ui_td(h, arena_printf(c->a, "%s (%s)", l->payee, l->payee_type));
            ui_td_count(h, l->line);
            money_cell(h, true, l->amount, "");
        }
    ui_table_end(h);
    HTML_LIT(h, "</div></details>");
}

static void section(struct ctx *c, struct html *h, const char *code, const struct nhspay_view *v)
{
    const struct nhspay_paid *p = &v->paid;
    const struct nhspay_cmp *cmp = &v->cmp;
    const char *fyl = fy_text(c, p->fy, '/');
    HTML_LIT(h, "<h2 id=\"paid\">What NHS England paid</h2><p>From NHS Payments to General "
                "Practice ");
    html_text(h, fyl);
    HTML_LIT(h, " (");
    html_text(h, p->source);
    html_text(h, !strcmp(p->layout, "pcn") ? ", the PCN-level file" : ", the practice-level file");
    HTML_LIT(h, "): the cash paid from 1 April ");
    html_int(h, p->fy);
    HTML_LIT(h, " to 31 March ");
    html_int(h, p->fy + 1);
    html_text(h, !strcmp(p->layout, "pcn")
                     ? ", as NHS England published it for the PCN."
                     : ", summed over the PCN's practices in the file (the PCN's own lines are "
                       "paid to its nominated payee practice).");
    HTML_LIT(h, "</p>");
    if (cmp->nnotes) {
        HTML_LIT(h, "<div class=\"nhsuk-inset-text\"><span class=\"nhsuk-u-visually-hidden\">"
                    "Information: </span>");
        for (size_t i = 0; i < cmp->nnotes; i++) {
            HTML_LIT(h, "<p>");
            html_text(h, cmp->notes[i]);
            HTML_LIT(h, "</p>");
        }
        HTML_LIT(h, "</div>");
    }
    ui_table_begin(h, arena_printf(c->a, "Paid by NHS England beside PCN Ops's figures, %s", fyl),
                   cmp->rules ? "Stream,>Paid,>Worked out by PCN Ops,>Difference,Why they can "
                                "differ"
                              : "Stream,>Paid,Notes");
    for (size_t k = 0; k < cmp->nrows; k++)
        paid_row(h, cmp->rules, &cmp->rows[k]);
    paid_totals(h, cmp);
    ui_table_end(h);
    file_lines(c, h, code, p);
    HTML_LIT(h, "<p><a href=\"");
    html_url(h,
             arena_printf(c->a, "/api/v1/pcns/%s/payments?year=%s", code, fy_text(c, p->fy, '-')));
    HTML_LIT(h, "\">These figures as JSON</a></p>");
}

void page_funding_paid(struct ctx *c, struct html *h, const char *code, fy_t fy,
                       const struct ent_result *res)
{
    struct nhspay_view v;
    struct pcn_msg m = {0};
    int rc = nhspay_gather(c->db, web_rules(c, &m), c->w->rules_dir, code, fy, res, c->a, &v, &m);
    if (rc == 0)
        section(c, h, code, &v);
    else if (rc != PCN_ENOTFOUND)
        fprintf(stderr, "pcnops: %s %s: payments: %s\n", c->q->method, c->q->path, m.text);
    other_years(c, h, code, fy);
}

bool page_funding_paid_alone(struct ctx *c, const char *code, fy_t fy)
{
    struct nhspay_view v;
    struct pcn_msg m = {0};
    struct org_info info;
    if (nhspay_gather(c->db, web_rules(c, &m), c->w->rules_dir, code, fy, NULL, c->a, &v, &m))
        return false;
    const char *name = registry_org(c->db, code, c->today, c->a, &info, &m) == 0 && info.name
                           ? info.name
                           : code;
    const char *title = arena_printf(c->a, "Funding %s", fy_text(c, fy, '/'));
    struct ui_crumb crumbs[] = {{"Home", "/"}, {name, arena_printf(c->a, "/pcn/%s", code)}};
    struct ui_page pg = {.title = title, .section = "Funding", .crumbs = crumbs, .ncrumbs = 2};
    struct html h = {&c->r->body};
    http_resp_start(c->r, 200, "text/html; charset=utf-8");
    ui_begin(c, &h, &pg);
    HTML_LIT(&h, "<h1><span class=\"nhsuk-caption-l\">");
    html_text(&h, name);
    HTML_LIT(&h, "</span>");
    html_text(&h, title);
    HTML_LIT(&h, "</h1><p>PCN Ops works nothing out for ");
    html_text(&h, fy_text(c, fy, '/'));
    HTML_LIT(&h, "; what NHS England paid is shown as published. <a href=\"");
    html_url(&h, arena_printf(c->a, "/pcn/%s/funding", code));
    HTML_LIT(&h, "\">The funding of this year</a> is worked out from the rules.</p>");
    section(c, &h, code, &v);
    other_years(c, &h, code, fy);
    ui_end(c, &h);
    return true;
}

void api_pcn_payments(struct ctx *c)
{
    struct pcn_msg m = {0};
    const char *code = c->params[0];
    if (!perm_read_pcn(c, code)) {
        perm_denied(c, "pcn", code);
        api_error(c, 404, "not found");
        return;
    }
    const struct rules *r = web_rules(c, &m);
    if (!r) {
        api_error(c, 500, "the rules cannot be read");
        return;
    }
    bool fallback;
    fy_t fy = arrs_default_year(r, c->today, &fallback);
    const char *s = http_query(c->q, "year");
    if (s && fy_parse(s, &fy)) {
        api_error(c, 400, "year: give a financial year like 2022-23");
        return;
    }
    struct nhspay_view v;
    int rc = nhspay_gather(c->db, r, c->w->rules_dir, code, fy, NULL, c->a, &v, &m);
    if (rc == PCN_ENOTFOUND) {
        api_error(c, 404,
                  arena_printf(c->a, "no payments of NHS England to %s are loaded for %s", code,
                               fy_text(c, fy, '/')));
        return;
    }
    if (rc) {
        api_error(c, 500, m.text[0] ? m.text : "the store failed");
        return;
    }
    api_json(c, 200, nhspay_json(&v.paid, &v.cmp));
}
