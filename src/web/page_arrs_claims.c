/* page_arrs_claims.c: a PCN's ARRS claim for a month
 * (/pcn/CODE/arrs/claims?month=2026-11): drafting it, each line's status,
 * and its CSV and XLSX downloads (audited).  For the PCN's managers and
 * clinical director (perm_read_salaries). */
#include "common.h"
#include "audit.h"
#include "arrsview.h"
#include "pages.h"
#include "page_arrs.h"
#include "pcnweb.h"
#include "rules.h"
#include "sheet.h"
#include "staff.h"
#include "demo.h"
#include "demoweb.h"
#include "override.h"
#include "ui.h"
#include "form.h"
#include "limits.h"

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
    struct arrs_claim *claims;     /* n */
    const struct claim_rec **recs; /* n, NULL when not drafted */
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

/* The month's claims; after a progress form with mistakes (es), the form
 * shows them with what was typed. */
static void claims_page(struct ctx *c, const char *code, const struct rules *r, int year, int month,
                        const struct form_errs *es);

void page_arrs_claims(struct ctx *c)
{
    int year, month;
    const struct rules *r;
    const char *code = page_arrs_pcn_rules(c, true, &r);
    if (!code)
        return;
    if (!month_param(c, r, &year, &month)) {
        ui_error_page(c, 400, "Page not found", months_asked(c, r));
        return;
    }
    claims_page(c, code, r, year, month, NULL);
}

/* Previous and next month, and a choice of the year's months. */
static void month_nav(struct ctx *c, struct html *h, int year, int month, const char *mon)
{
    date_t first = date_from_ymd(year, month, 1);
    int py, pm, ny, nm, dd;
    date_to_ymd(date_add_months(first, -1), &py, &pm, &dd);
    date_to_ymd(date_add_months(first, 1), &ny, &nm, &dd);
    HTML_LIT(h, "<nav class=\"nhsuk-pagination\" role=\"navigation\" aria-label=\"Months\">"
                "<ul class=\"nhsuk-list nhsuk-pagination__list\">"
                "<li class=\"nhsuk-pagination-item--previous\"><a class=\"nhsuk-pagination__link "
                "nhsuk-pagination__link--prev\" href=\"?month=");
    html_text(h, arena_printf(c->a, "%04d-%02d", py, pm));
    HTML_LIT(h, "\"><span class=\"nhsuk-pagination__title\">Previous</span>"
                "<span class=\"nhsuk-u-visually-hidden\">:</span>"
                "<span class=\"nhsuk-pagination__page\">");
    html_text(h, arena_printf(c->a, "%s %d", date_month_name(pm), py));
    HTML_LIT(h, "</span></a></li><li class=\"nhsuk-pagination-item--next\"><a "
                "class=\"nhsuk-pagination__link nhsuk-pagination__link--next\" href=\"?month=");
    html_text(h, arena_printf(c->a, "%04d-%02d", ny, nm));
    HTML_LIT(h, "\"><span class=\"nhsuk-pagination__title\">Next</span>"
                "<span class=\"nhsuk-u-visually-hidden\">:</span>"
                "<span class=\"nhsuk-pagination__page\">");
    html_text(h, arena_printf(c->a, "%s %d", date_month_name(nm), ny));
    HTML_LIT(h, "</span></a></li></ul></nav>");
    fy_t fy = fy_of(first);
    const char *mv[12], *ml_[12];
    pcnweb_year_months(c->a, fy, mv, ml_);
    HTML_LIT(h, "<form method=\"get\" novalidate>");
    ui_select(h, "month", "Show another month", mv, ml_, 12, mon, NULL);
    HTML_LIT(h, "<button class=\"nhsuk-button nhsuk-button--secondary\" "
                "data-module=\"nhsuk-button\" type=\"submit\">Show</button></form>");
}

/* The month's claim lines, then their total and the posts not in it. */
static void claim_lines(struct html *h, const char *code, const struct month_lines *ml,
                        const struct demoweb_ids *demo)
{
    pence_t total = 0;
    long unknown = 0;
    ui_table_begin(h, "Claim lines", "Name,>Days,>Cost,>Maximum,>Claim,Status");
    for (size_t i = 0; i < ml->n; i++) {
        const struct arrs_claim *cl = &ml->claims[i];
        if (cl->days == 0)
            continue;
        ui_tr(h);
        ui_td_open(h, false);
        HTML_LIT(h, "<a href=\"");
        html_url2(h, "/pcn/", code);
        HTML_LIT(h, "/arrs/staff/");
        html_int(h, ml->posts[i].id);
        HTML_LIT(h, "\">");
        html_text(h, ml->posts[i].name);
        HTML_LIT(h, "</a>");
        demoweb_tag_if(h, demo, ml->posts[i].id);
        ui_td_close(h);
        ui_td_count(h, cl->days);
        if (cl->known) {
            page_arrs_money_cell(h, cl->cost);
            page_arrs_money_cell(h, cl->cap);
            page_arrs_money_cell(h, cl->claim);
            total += cl->claim;
        } else {
            unknown++;
            if (cl->cost > 0)
                page_arrs_money_cell(h, cl->cost);
            else
                ui_td(h, "Not known");
            ui_td(h, "Not known");
            ui_td_open(h, false);
            HTML_LIT(h, "Cannot be worked out: ");
            html_text(h, cl->why ? cl->why : "not known");
            ui_td_close(h);
        }
        ui_td_open(h, false);
        if (ml->recs[i])
            ui_tag(h, arrsview_claim_status_words(ml->recs[i]->status));
        else
            ui_none(h, "Not drafted");
        ui_td_close(h);
    }
    ui_table_end(h);
    HTML_LIT(h, "<p>Total claimable for the month: <strong>");
    html_money(h, total);
    HTML_LIT(h, "</strong>");
    if (unknown) {
        HTML_LIT(h, "; ");
        html_count(h, unknown);
        if (unknown == 1)
            HTML_LIT(h, " post not worked out");
        else
            HTML_LIT(h, " posts not worked out");
        HTML_LIT(h, " and not in the total. Where the role's maximum is missing, enter it from "
                    "the ICB's claim statement on the <a href=\"");
        html_url2(h, "/pcn/", code);
        HTML_LIT(h, "/rules\">PCN's own figures</a> page");
    }
    HTML_LIT(h, ".</p>");
}

#define PV(f) (es ? http_form_str(c->q, f) : NULL)

/* The forms: draft the month's claim, and record a drafted claim's
 * progress (with the mistakes es of a progress form posted). */
static void claim_forms(struct ctx *c, struct html *h, const char *code, const char *mon,
                        const struct month_lines *ml, const struct form_errs *es)
{
    HTML_LIT(h, "<form action=\"");
    html_url2(h, "/pcn/", code);
    HTML_LIT(h, "/arrs/claims/draft\" method=\"post\" novalidate>");
    ui_csrf(c, h);
    HTML_LIT(h, "<input type=\"hidden\" name=\"month\" value=\"");
    html_attr(h, mon);
    HTML_LIT(h, "\"><button class=\"nhsuk-button\" data-module=\"nhsuk-button\" type=\"submit\">"
                "Draft this month's claim</button></form>");

    HTML_LIT(h, "<h2>Record a claim's progress</h2><form action=\"");
    html_url2(h, "/pcn/", code);
    HTML_LIT(h, "/arrs/claims/status\" method=\"post\" novalidate>");
    ui_csrf(c, h);
    HTML_LIT(h, "<input type=\"hidden\" name=\"month\" value=\"");
    html_attr(h, mon);
    HTML_LIT(h, "\">");
    const char **sv = arena_alloc(c->a, (ml->n + 1) * sizeof *sv),
               **sl = arena_alloc(c->a, (ml->n + 1) * sizeof *sl);
    size_t ns = 0;
    for (size_t i = 0; i < ml->n; i++)
        if (ml->recs[i] && ml->recs[i]->status != CLAIM_PAID) {
            sv[ns] = arena_printf(c->a, "%" PRId64, ml->posts[i].id);
            sl[ns++] = arena_printf(c->a, "%s (%s)", ml->posts[i].name,
                                    claim_status_name(ml->recs[i]->status));
        }
    if (ns == 0) {
        HTML_LIT(h, "<p>No drafted claim is waiting this month.</p>");
    } else {
        static const char *const stv[] = {"submitted", "approved", "paid"};
        static const char *const stl[] = {"Submitted", "Approved", "Paid"};
        ui_select(h, "staff_id", "Staff member", sv, sl, ns, PV("staff_id"),
                  form_err(es, "staff_id"));
        ui_select(h, "status", "Now", stv, stl, 3, PV("status"), form_err(es, "status"));
        ui_date_input(h, "on", "On", "For example, 5 11 2026", PV("on-day"), PV("on-month"),
                      PV("on-year"), form_err(es, "on"));
        ui_input_money(h, "amount", "Amount approved or paid", "Not needed for submitted",
                       PV("amount"), form_err(es, "amount"));
        HTML_LIT(h, "<button class=\"nhsuk-button nhsuk-button--secondary\" "
                    "data-module=\"nhsuk-button\" type=\"submit\">Save</button>");
    }
}

static void claims_page(struct ctx *c, const char *code, const struct rules *r, int year, int month,
                        const struct form_errs *es)
{
    struct html h = {&c->r->body};
    struct pcn_msg m = {0};
    struct month_lines ml;
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
    page_arrs_begin(c, &h, code, title, es, "ARRS", arena_printf(c->a, "/pcn/%s/arrs", code));
    HTML_LIT(&h, "<h1>");
    html_text(&h, title);
    HTML_LIT(&h, "</h1><p>What each post can claim for the month: its cost for the days in post, "
                 "up to the role's maximum. Draft the month's claim, then record when it is "
                 "submitted, approved and paid.</p>");
    demoweb_notice(c, &h, code);
    struct demoweb_ids demo = demoweb_ids(c, code, DEMO_STAFF);

    month_nav(c, &h, year, month, mon);

    claim_lines(&h, code, &ml, &demo);

    claim_forms(c, &h, code, mon, &ml, es);
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
    const char *code = page_arrs_pcn_rules(c, true, &r);
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
    const char *code = page_arrs_pcn_rules(c, true, &r);
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
        !page_arrs_staff_of(c, http_form_str(c->q, "staff_id"), code, &id, &s))
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
    static const struct sheet_col head[] = {
        {"Staff number", SH_INT},
        {"Name", SH_TEXT},
        {"Role", SH_TEXT},
        {"First day in post", SH_DATE},
        {"Last day in post", SH_DATE},
    };
    fy_t fy = fy_of(date_from_ymd(year, month, 1));
    size_t ncols;
    const struct sheet_col *cols = arrsview_claim_columns(c->a, head, ARRAY_SIZE(head), &ncols);
    sheet_init(sh, c->a, "Claims", cols, ncols);
    for (size_t i = 0; i < ml->n; i++) {
        const struct arrs_claim *cl = &ml->claims[i];
        if (cl->days == 0)
            continue;
        sheet_row(sh);
        sheet_num(sh, ml->posts[i].id);
        sheet_text(sh, ml->posts[i].name);
        sheet_text(sh, page_arrs_post_role_words(r, fy, ml->posts[i].role));
        sheet_num(sh, ml->posts[i].start);
        sheet_num(sh, ml->posts[i].end);
        arrsview_claim_cells(sh, cl, ml->recs[i]);
    }
}

static void claims_export(struct ctx *c, bool xlsx)
{
    struct pcn_msg m = {0};
    struct month_lines ml;
    struct sheet sh;
    int year, month;
    const struct rules *r;
    const char *code = page_arrs_pcn_rules(c, true, &r);
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
