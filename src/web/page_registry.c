/* page_registry.c: ICB, PCN and practice pages (the home page is page_home.c). */
#include "common.h"
#include "auth.h"
#include "pages.h"
#include "perm.h"
#include "registry.h"
#include "svg.h"
#include "ui.h"

/* A registry lookup failed: 404 for an unknown code, 500 otherwise. */
static void lookup_failed(struct ctx *c, int rc, const struct pcn_msg *m)
{
    if (rc == PCN_ENOTFOUND)
        ui_not_found(c);
    else
        ui_fail_500(c, m);
}

static void link(struct html *h, const char *prefix, const char *code, const char *text)
{
    HTML_LIT(h, "<a href=\"");
    html_url2(h, prefix, code);
    HTML_LIT(h, "\">");
    html_text(h, text);
    HTML_LIT(h, "</a>");
}

static void patients_row(struct html *h, int64_t n, date_t d)
{
    ui_summary_row_open(h, "Registered patients");
    if (n >= 0) {
        html_count(h, n);
        HTML_LIT(h, " on ");
        html_date(h, d);
    } else {
        ui_none(h, "Not known: no list sizes loaded");
    }
    ui_summary_row_end(h);
}

/* ---- ICB ----------------------------------------------------------------- */

/* The last rows of the ICB's PCNs: they reconcile with the header's total,
 * or say what they leave out: practices in no PCN (NHS England's files list
 * them under the placeholder "Unallocated"), or a PCN's practices
 * registered in another ICB. */
static void reconcile_rows(struct html *h, const struct icb_detail *d)
{
    int64_t sum = 0;
    long unknown = 0, practices = 0;
    for (size_t i = 0; i < d->npcns; i++) {
        practices += d->pcns[i].practice_count;
        if (d->pcns[i].registered_patients >= 0)
            sum += d->pcns[i].registered_patients;
        else
            unknown++;
    }
    if (d->registered_patients >= 0 && !unknown && d->npcns) {
        int64_t rest = d->registered_patients - sum;
        if (rest) {
            ui_tr(h);
            ui_td_open(h, false);
            ui_none(h, "Not in a PCN above");
            ui_td_close(h);
            ui_td(h, rest > 0 ? "Practices of this ICB in no PCN (NHS England lists them "
                                "under the placeholder \"Unallocated\")"
                              : "Less: patients of the PCNs above registered with practices "
                                "of another ICB");
            ui_td_open(h, true);
            ui_td_close(h);
            ui_td_open(h, true);
            if (rest < 0)
                HTML_LIT(h, "-");
            html_count(h, rest < 0 ? -rest : rest);
            ui_td_close(h);
        }
        ui_tr(h);
        ui_td_open(h, false);
        HTML_LIT(h, "<strong>Total</strong>");
        ui_td_close(h);
        ui_td(h, rest ? "Every practice of the ICB, as the registered patients above"
                      : "The PCNs above: every practice of the ICB");
        ui_td_open(h, true);
        if (!rest)
            html_count(h, practices); /* with others, their number is not known here */
        ui_td_close(h);
        ui_td_open(h, true);
        HTML_LIT(h, "<strong>");
        html_count(h, d->registered_patients);
        HTML_LIT(h, "</strong>");
        ui_td_close(h);
    }
}

void page_icb(struct ctx *c)
{
    struct html h = {&c->r->body};
    struct pcn_msg m = {0};
    struct icb_detail d;
    const char *code = c->params[0];

    if (!perm_read_icb(c, code)) {
        perm_denied(c, "icb", code);
        ui_not_found(c);
        return;
    }
    int rc = registry_icb(c->db, code, c->today, c->a, &d, &m);
    if (rc) {
        lookup_failed(c, rc, &m);
        return;
    }
    struct ui_crumb crumbs[] = {{"Home", "/"}};
    struct ui_page p = {
        .title = d.icb.name ? d.icb.name : code, .section = "ICB", .crumbs = crumbs, .ncrumbs = 1};
    ui_begin(c, &h, &p);
    HTML_LIT(&h, "<h1><span class=\"nhsuk-caption-l\">Integrated care board ");
    html_text(&h, code);
    HTML_LIT(&h, "</span>");
    html_text(&h, p.title);
    HTML_LIT(&h, "</h1>");
    ui_summary_begin(&h);
    ui_summary_row(&h, "ODS code", code);
    ui_summary_row(&h, "ONS code", d.ons_code);
    ui_summary_row(&h, "Region", d.region.name);
    patients_row(&h, d.registered_patients, d.list_size_date);
    ui_summary_end(&h);
    HTML_LIT(&h, "<p><a href=\"");
    html_url2(&h, "/icb/", code);
    HTML_LIT(&h, "/funding\">Funding of these PCNs</a></p>");
    ui_table_begin(&h, "Primary care networks (PCNs) in this ICB",
                   "PCN,Name,>Practices,>Registered patients");
    for (size_t i = 0; i < d.npcns; i++) {
        ui_tr(&h);
        ui_td_open(&h, false);
        link(&h, "/pcn/", d.pcns[i].code, d.pcns[i].code);
        ui_td_close(&h);
        ui_td(&h, d.pcns[i].name);
        ui_td_count(&h, d.pcns[i].practice_count);
        ui_td_count(&h, d.pcns[i].registered_patients);
    }
    if (d.npcns == 0) {
        ui_tr(&h);
        ui_td_open(&h, false);
        ui_none(&h, "No PCNs");
        ui_td_close(&h);
        ui_td(&h, "No data");
        ui_td_count(&h, -1);
        ui_td_count(&h, -1);
    }
    reconcile_rows(&h, &d);
    ui_table_end(&h);
    ui_end(c, &h);
}

/* The frame of a PCN's or a practice's page: Home, then the organisation
 * it belongs to (up, when the user may read it), and the h1 with
 * `caption` and the code above the name (the code when it has none). */
static void record_begin(struct ctx *c, struct html *h, const char *section, const char *caption,
                         const char *code, const char *name, const char *up_path,
                         const struct org_ref *up)
{
    struct ui_crumb crumbs[2] = {{"Home", "/"}};
    size_t ncrumbs = 1;
    if (up)
        crumbs[ncrumbs++] = (struct ui_crumb){up->name ? up->name : up->code,
                                              arena_printf(c->a, "%s%s", up_path, up->code)};
    struct ui_page p = {
        .title = name ? name : code, .section = section, .crumbs = crumbs, .ncrumbs = ncrumbs};
    ui_begin(c, h, &p);
    HTML_LIT(h, "<h1><span class=\"nhsuk-caption-l\">");
    html_text(h, caption);
    html_text(h, code);
    HTML_LIT(h, "</span>");
    html_text(h, p.title);
    HTML_LIT(h, "</h1>");
}

/* ---- PCN ----------------------------------------------------------------- */

static void history_table(struct ctx *c, struct html *h, const struct reg_event *ev, size_t n)
{
    HTML_LIT(h, "<h2>Membership history</h2>");
    if (n == 0) {
        HTML_LIT(h, "<p>No practice has joined or left, and the PCN has not been renamed, since "
                    "the first registry publication loaded.</p>");
        return;
    }
    ui_table_begin(h, "Changes to the PCN", "Date,Change,Details");
    for (size_t i = 0; i < n; i++) {
        ui_tr(h);
        ui_td_open(h, false);
        html_date(h, ev[i].date);
        ui_td_close(h);
        ui_td_open(h, false);
        ui_tag(h, ev[i].kind == EV_JOINED ? "Joined" : ev[i].kind == EV_LEFT ? "Left" : "Renamed");
        ui_td_close(h);
        ui_td_open(h, false);
        if (ev[i].kind == EV_RENAMED) {
            HTML_LIT(h, "From ");
            html_text(h, ev[i].old_name);
            HTML_LIT(h, " to ");
            html_text(h, ev[i].new_name);
        } else {
            html_text(h, ev[i].practice_name);
            HTML_LIT(h, " (");
            html_text(h, ev[i].practice);
            HTML_LIT(h, ")");
            if (ev[i].other_pcn) {
                html_text(h, ev[i].kind == EV_JOINED ? ", from " : ", to ");
                html_text(h, ev[i].other_pcn);
            }
        }
        ui_td_close(h);
    }
    ui_table_end(h);
    (void)c;
}

void page_pcn(struct ctx *c)
{
    struct html h = {&c->r->body};
    struct pcn_msg m = {0};
    struct pcn_detail d;
    struct reg_event *ev;
    size_t nev;
    const char *code = page_org_allowed(c, perm_read_pcn(c, c->params[0]), "pcn");
    int rc;
    if (!code)
        return;
    if ((rc = registry_pcn(c->db, code, c->today, c->a, &d, &m)) ||
        (rc = registry_pcn_history(c->db, code, c->a, &ev, &nev, &m))) {
        lookup_failed(c, rc, &m);
        return;
    }
    record_begin(c, &h, "PCN", "Primary care network ", code, d.pcn.name, "/icb/",
                 d.icb.code && perm_read_icb(c, d.icb.code) ? &d.icb : NULL);
    ui_summary_begin(&h);
    ui_summary_row(&h, "ODS code", code);
    ui_summary_row(&h, "ICB", d.icb.name);
    ui_summary_row(&h, "Sub-ICB location", d.sub_icb.name);
    patients_row(&h, d.registered_patients, d.list_size_date);
    ui_summary_end(&h);

    ui_table_begin(&h, "Member practices", "Practice,Name,>Registered patients");
    for (size_t i = 0; i < d.npractices; i++) {
        ui_tr(&h);
        ui_td_open(&h, false);
        link(&h, "/practice/", d.practices[i].code, d.practices[i].code);
        ui_td_close(&h);
        ui_td(&h, d.practices[i].name);
        ui_td_count(&h, d.practices[i].registered_patients);
    }
    ui_table_end(&h);

    HTML_LIT(&h, "<h2>List size over time</h2>");
    size_t ntrend = d.ntrend;
    const date_t *dates = d.trend_dates;
    const int64_t *totals = d.trend_totals;
    if (ntrend == 0) {
        HTML_LIT(&h, "<p>No list sizes have been loaded for this PCN's practices.</p>");
    } else {
        struct svg_point *pts = arena_alloc(c->a, ntrend * sizeof *pts);
        for (size_t i = 0; i < ntrend; i++)
            pts[i] = (struct svg_point){dates[i], totals[i]};
        svg_line_chart(&h, "trend", "Registered patients of the PCN",
                       "Registered patients on each date a list-size publication was loaded; "
                       "the figures are in the table below.",
                       &(const struct svg_axis){.name = "Registered patients"}, pts, ntrend);
        ui_table_begin(&h, "Registered patients by date", "Date,>Registered patients");
        for (size_t i = 0; i < ntrend; i++) {
            ui_tr(&h);
            ui_td_open(&h, false);
            html_date(&h, dates[i]);
            ui_td_close(&h);
            ui_td_count(&h, totals[i]);
        }
        ui_table_end(&h);
    }
    history_table(c, &h, ev, nev);
    page_epcn_pcn(c, &h, code, &d);
    HTML_LIT(&h, "<h2>Running the network</h2><ul class=\"nhsuk-list\"><li><a href=\"");
    html_url2(&h, "/pcn/", code);
    HTML_LIT(&h, "/arrs\">Additional roles (ARRS): staff, claims and the year's position</a></li>"
                 "<li><a href=\"");
    html_url2(&h, "/pcn/", code);
    HTML_LIT(&h, "/funding\">Funding: what the network is paid, month by month and practice by "
                 "practice</a></li><li><a href=\"");
    html_url2(&h, "/pcn/", code);
    HTML_LIT(&h, "/iif\">Investment and Impact Fund (IIF): achievement, points and payment</a>"
                 "</li><li><a href=\"");
    html_url2(&h, "/pcn/", code);
    HTML_LIT(&h, "/caip\">Capacity and Access Improvement Payment (CAIP) self-assessment</a>"
                 "</li><li><a href=\"");
    html_url2(&h, "/pcn/", code);
    HTML_LIT(&h, "/decisions\">Network decisions: the member practices' board, meetings, "
                 "votes and actions</a></li><li><a href=\"");
    html_url2(&h, "/pcn/", code);
    HTML_LIT(&h, "/neighbourhood\">Neighbourhood team: partners, leads and the six core "
                 "components of neighbourhood health</a></li></ul>");
    ui_end(c, &h);
}

/* ---- practice ------------------------------------------------------------ */

void page_practice(struct ctx *c)
{
    struct html h = {&c->r->body};
    struct pcn_msg m = {0};
    struct practice_detail d;
    const char *code = page_org_allowed(c, perm_read_practice(c, c->params[0]), "practice");
    int rc;
    if (!code)
        return;
    if ((rc = registry_practice(c->db, code, c->today, c->a, &d, &m))) {
        lookup_failed(c, rc, &m);
        return;
    }
    record_begin(c, &h, "Practice", "GP practice ", code, d.info.name, "/pcn/",
                 d.pcn.code && perm_read_pcn(c, d.pcn.code) ? &d.pcn : NULL);
    ui_summary_begin(&h);
    ui_summary_row(&h, "ODS code", code);
    ui_summary_row(&h, "Postcode", d.info.postcode);
    ui_summary_row_open(&h, "PCN");
    if (d.pcn.code) {
        if (perm_read_pcn(c, d.pcn.code))
            link(&h, "/pcn/", d.pcn.code, d.pcn.name ? d.pcn.name : d.pcn.code);
        else
            html_text(&h, d.pcn.name);
    } else {
        ui_none(&h, "Not in a PCN");
    }
    ui_summary_row_end(&h);
    ui_summary_row(&h, "Sub-ICB location", d.sub_icb.name);
    ui_summary_row(&h, "ICB", d.icb.name);
    ui_summary_row(&h, "Clinical system", d.info.supplier);
    if (d.has_ods) {
        ui_summary_row_open(&h, "ODS status");
        ui_tag(&h, d.ods_status[0] == 'A' ? "Active" : "Closed");
        if (d.ods_close != DATE_NONE) {
            HTML_LIT(&h, " closed ");
            html_date(&h, d.ods_close);
        }
        ui_summary_row_end(&h);
    }
    patients_row(&h, d.has_list ? d.list.total : -1, d.list.date);
    ui_summary_end(&h);

    if (d.has_list) {
        ui_table_begin(&h, "Registered patients by sex and age", "Age,>Male,>Female");
        static const char *const bands[LIST_BANDS] = {
            "0 to 4",   "5 to 9",   "10 to 14", "15 to 19", "20 to 24", "25 to 29",    "30 to 34",
            "35 to 39", "40 to 44", "45 to 49", "50 to 54", "55 to 59", "60 to 64",    "65 to 69",
            "70 to 74", "75 to 79", "80 to 84", "85 to 89", "90 to 94", "95 and over",
        };
        for (int b = 0; b < LIST_BANDS; b++) {
            ui_tr(&h);
            ui_td(&h, bands[b]);
            ui_td_count(&h, d.list.m[b]);
            ui_td_count(&h, d.list.f[b]);
        }
        ui_tr(&h);
        ui_td(&h, "All ages");
        ui_td_count(&h, d.list.male);
        ui_td_count(&h, d.list.female);
        ui_table_end(&h);
    }
    if (d.ntrend > 0) {
        struct svg_point *pts = arena_alloc(c->a, d.ntrend * sizeof *pts);
        for (size_t i = 0; i < d.ntrend; i++)
            pts[i] = (struct svg_point){d.trend[i].date, d.trend[i].total};
        HTML_LIT(&h, "<h2>List size over time</h2>");
        svg_line_chart(&h, "trend", "Registered patients of the practice",
                       "Registered patients on each list-size date; the figures are in the table "
                       "below.",
                       &(const struct svg_axis){.name = "Registered patients"}, pts, d.ntrend);
        ui_table_begin(&h, "Registered patients by date", "Date,>Registered patients");
        for (size_t i = 0; i < d.ntrend; i++) {
            ui_tr(&h);
            ui_td_open(&h, false);
            html_date(&h, d.trend[i].date);
            ui_td_close(&h);
            ui_td_count(&h, d.trend[i].total);
        }
        ui_table_end(&h);
    }
    page_epcn_practice(c, &h, code);
    ui_end(c, &h);
}
