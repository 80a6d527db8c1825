/* page_funding_icb.c: the funding of an ICB's PCNs (/icb/CODE/funding,
 * .csv, .xlsx): each PCN and the ICB's total (perm_read_icb). */
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

/* ---- the ICB's PCNs ---------------------------------------------------------- */

struct icb_walk {
    struct ctx *c;
    struct html *h;       /* the page's table, or NULL */
    struct sheet *sheets; /* downloads, or NULL */
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
                             page_funding_fy_dir(w->c, w->fy)));
    HTML_LIT(h, "\">");
    html_text(h, r->in->pcn_code);
    HTML_LIT(h, "</a>");
    ui_td_close(h);
    ui_td(h, r->in->pcn_name);
    ui_td_count(h, r->registered);
    page_funding_money_cell(h, r->total);
    const struct ent_stream *arrs = entitle_stream(r, "arrs");
    ui_td_open(h, true);
    if (arrs)
        page_funding_money2(h, arrs->annual);
    else
        ui_none(h, "Not known");
    ui_td_close(h);
    ui_td_open(h, false);
    page_funding_tags(h, r->estimate, r->conf);
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
    if (!page_funding_start(c, code, http_query(c->q, "year"), false, &yr))
        return;
    enum org_kind kind;
    if (registry_kind(c->db, code, &kind, &m) || kind != ORG_ICB) {
        ui_not_found(c);
        return;
    }
    const char *name = page_org_name(c, code);
    const char *title = arena_printf(c->a, "Funding of the PCNs %s",
                                     page_funding_fy_label(c, yr.fy));
    const char *self = arena_printf(c->a, "/icb/%s/funding", code);
    struct ui_crumb crumbs[] = {{"Home", "/"}, {name, arena_printf(c->a, "/icb/%s", code)}};
    if (!yr.y)
        http_resp_start(c->r, 404, "text/html; charset=utf-8");
    page_funding_begin(c, &h, title, "Funding", NULL, crumbs, 2);
    ui_h1_caption(&h, name, title);
    if (yr.fallback)
        page_funding_fallback_notice(c, &h, yr.fy);
    if (!yr.y)
        page_funding_no_year_notice(c, &h, yr.fy);
    page_funding_missing_year_notice(c, &h, yr.y);
    page_funding_year_selector(c, &h, yr.r, self, yr.fy);
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
    ui_table_begin(&h, arena_printf(c->a, "PCNs of %s, %s", code, page_funding_fy_label(c, yr.fy)),
                   "PCN,Name,>Registered patients,>Payments for the year,>ARRS sum (up to),"
                   "Status");
    struct icb_walk w = {.c = c, .h = &h, .fy = yr.fy};
    long skipped;
    if (funding_each_pcn(c->db, code, yr.fy, yr.r, icb_one, &w, &skipped, &m)) {
        ui_fail_500(c, &m);
        return;
    }
    if (w.pcns == 0) {
        h.b->len = mark; /* no table without rows */
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
        page_funding_money_cell(&h, w.total);
        page_funding_money_cell(&h, w.up_to);
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
    const char *q = arena_printf(c->a, "?year=%s", page_funding_fy_dir(c, yr.fy));
    HTML_LIT(&h, "<ul class=\"nhsuk-list\"><li><a href=\"");
    html_url(&h, arena_printf(c->a, "%s.csv%s", self, q));
    HTML_LIT(&h,
             "\" download>Download every PCN's streams and months as CSV</a></li><li><a href=\"");
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
    if (!page_funding_start(c, code, http_query(c->q, "year"), false, &yr))
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
    page_funding_send_sheets(c, sheets, xlsx, "icb", code, yr.fy);
}

void page_icb_funding_csv(struct ctx *c)
{
    icb_export(c, false);
}

void page_icb_funding_xlsx(struct ctx *c)
{
    icb_export(c, true);
}
