/* page_funding_practices.c: how a PCN's funding is shared among its member
 * practices (/pcn/CODE/funding/practices), a shared figure of the PCN
 * (perm_read_pcn). */
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
#include "ui.h"
#include "form.h"
#include "limits.h"
#include "svg.h"
#include "trail.h"

/* ---- distribution to member practices ------------------------------------- */

/* Each practice's share of each stream shared among them, then the PCN's
 * totals. */
static void shares_table(struct ctx *c, struct html *h, fy_t fy, const struct ent_input *in,
                         const struct ent_result *res)
{
    struct buf spec;
    buf_init(&spec, 4096);
    BUF_LIT(&spec, "Practice,>Registered patients");
    for (size_t i = 0; i < res->nstreams; i++) {
        if (!res->streams[i].practice_annual)
            continue;
        BUF_LIT(&spec, ",>");
        for (const char *p = res->streams[i].rule->name; *p; p++)
            buf_addc(&spec, *p == ',' ? ';' : *p);
    }
    BUF_LIT(&spec, ",>Total");
    ui_table_begin(
        h, arena_printf(c->a, "Shares of the member practices, %s", page_funding_fy_label(c, fy)),
        spec.buf);
    buf_release(&spec);
    for (size_t p = 0; p < in->npractices; p++) {
        ui_tr(h);
        ui_td_open(h, false);
        html_text(h, in->practices[p].code);
        HTML_LIT(h, " ");
        html_text(h, in->practices[p].name);
        ui_td_close(h);
        ui_td_count(h, in->practices[p].registered);
        for (size_t i = 0; i < res->nstreams; i++)
            if (res->streams[i].practice_annual)
                page_funding_money_cell(h, res->streams[i].practice_annual[p]);
        page_funding_money_cell(h, res->practice_total[p]);
    }
    ui_tr(h);
    ui_td_open(h, false);
    HTML_LIT(h, "<strong>The PCN</strong>");
    ui_td_close(h);
    ui_td_count(h, res->registered);
    pence_t shared = 0;
    for (size_t i = 0; i < res->nstreams; i++)
        if (res->streams[i].practice_annual) {
            page_funding_money_cell(h, res->streams[i].annual);
            shared += res->streams[i].annual;
        }
    page_funding_money_cell(h, shared);
    ui_table_end(h);
}

/* The populations of the member practices. */
static void populations_table(struct html *h, const struct ent_input *in)
{
    ui_table_begin(h, "Populations of the member practices",
                   "Practice,>Registered patients,>Adjusted population,>Weighted population");
    for (size_t p = 0; p < in->npractices; p++) {
        const struct ent_practice *pr = &in->practices[p];
        ui_tr(h);
        ui_td(h, pr->code);
        ui_td_count(h, pr->registered);
        for (int k = 0; k < 2; k++) {
            int64_t v = k ? pr->weighted_h : pr->adjusted_h;
            ui_td_open(h, true);
            if (v >= 0)
                page_funding_population(h, v);
            else
                ui_none(h, "Not known: the registered list stands in");
            ui_td_close(h);
        }
    }
    ui_table_end(h);
}

void page_funding_practices(struct ctx *c)
{
    struct html h = {&c->r->body};
    struct ent_input in;
    struct ent_result res;
    struct year yr;
    const char *code = page_funding_pcn_for(c, false);
    if (!page_funding_start(c, code, http_query(c->q, "year"), true, &yr))
        return;
    if (page_funding_compute(c, code, &yr, &in, &res))
        return;
    const char *name = page_org_name(c, code);
    const char *q = arena_printf(c->a, "?year=%s", page_funding_fy_dir(c, yr.fy));
    struct ui_crumb crumbs[] = {
        {"Home", "/"},
        {name, arena_printf(c->a, "/pcn/%s", code)},
        {arena_printf(c->a, "Funding %s", page_funding_fy_label(c, yr.fy)),
         arena_printf(c->a, "/pcn/%s/funding%s", code, q)},
    };
    const char *title = arena_printf(c->a, "Distribution to member practices %s",
                                     page_funding_fy_label(c, yr.fy));
    page_funding_begin(c, &h, title, "Funding", NULL, crumbs, 3);
    ui_h1_caption(&h, name, title);
    page_funding_year_selector(c, &h, yr.r, arena_printf(c->a, "/pcn/%s/funding/practices", code),
                               yr.fy);
    HTML_LIT(&h, "<p>Each stream paid to the PCN is shared among its member practices as the "
                 "Network Agreement says: by registered-list share unless another method is "
                 "entered. The shares are rounded so that they add up exactly to the stream.</p>");
    page_funding_problems_callout(c, &h, res.in, yr.fy);
    if (res.estimate)
        page_funding_estimate_callout(&h, &res);

    shares_table(c, &h, yr.fy, &in, &res);

    populations_table(&h, &in);

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
        page_funding_details(&h, "How the shares were worked out", s->rule->name, &s->trail,
                             arena_printf(c->a, "%s.share", s->rule->id));
    }
    HTML_LIT(&h, "<p><a href=\"");
    html_url(&h, arena_printf(c->a, "/pcn/%s/funding.xlsx%s", code, q));
    HTML_LIT(&h, "\" download>Download as a spreadsheet (XLSX)</a></p>");
    ui_end(c, &h);
}
