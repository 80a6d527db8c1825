/* page_epcn.c: on the PCN and practice pages, the membership history from
 * ODS (real start and end dates, and where a monthly publication disagrees,
 * both, with ODS trusted) and CQC's ratings as context for support, never
 * as a ranking: the PCN's members in code order, as the member list above;
 * and the practice a performance-management request names (the desk's
 * requests register).  Called from page_registry.c and
 * page_desk_requests.c by one-line hooks. */
#include "common.h"
#include "cqc.h"
#include "epcn.h"
#include "pages.h"
#include "perm.h"
#include "registry.h"
#include "ui.h"
#include "web.h"

#include <ctype.h>

static void practice_link(struct ctx *c, struct html *h, const char *code, const char *name)
{
    if (perm_read_practice(c, code)) {
        HTML_LIT(h, "<a href=\"");
        html_url2(h, "/practice/", code);
        HTML_LIT(h, "\">");
        html_text(h, name ? name : code);
        HTML_LIT(h, "</a>");
    } else {
        html_text(h, name ? name : code);
    }
}

static void pcn_cell(struct ctx *c, struct html *h, const char *code)
{
    if (!code) {
        ui_none(h, "No PCN");
        return;
    }
    if (perm_read_pcn(c, code)) {
        HTML_LIT(h, "<a href=\"");
        html_url2(h, "/pcn/", code);
        HTML_LIT(h, "\">");
        html_text(h, code);
        HTML_LIT(h, "</a>");
    } else {
        html_text(h, code);
    }
}

static void ods_section(struct ctx *c, struct html *h, enum org_kind kind, const char *code)
{
    struct pcn_msg m = {0};
    struct epcn_history e;
    if (epcn_history(c->db, kind, code, c->a, &e, &m)) {
        HTML_LIT(h, "<p>The membership dates from ODS could not be read.</p>");
        return;
    }
    HTML_LIT(h, "<h2>Membership dates from ODS</h2>");
    if (!e.loaded) {
        HTML_LIT(h, "<p>No ODS ePCN report has been loaded, so the membership dates shown are "
                    "the dates of the monthly publications loaded, not the real ones.</p>");
        return;
    }
    HTML_LIT(h, "<p>NHS England's Organisation Data Service (ODS) records the real start and "
                "end date of each practice's membership of a PCN. Its report loaded runs to ");
    html_date(h, e.ods_latest);
    HTML_LIT(h, ".</p>");
    if (e.nrels == 0) {
        HTML_LIT(h, "<p>ODS has no membership for ");
        html_text(h, code);
        HTML_LIT(h, ".</p>");
    } else {
        ui_table_begin(h, kind == ORG_PCN ? "Member practices by ODS" : "PCNs by ODS",
                       kind == ORG_PCN ? "Practice,Started,Ended" : "PCN,Name,Started,Ended");
        for (size_t i = 0; i < e.nrels; i++) {
            const struct epcn_stored *r = &e.rels[i];
            ui_tr(h);
            ui_td_open(h, false);
            if (kind == ORG_PCN) {
                practice_link(c, h, r->practice, r->practice_name);
                HTML_LIT(h, " (");
                html_text(h, r->practice);
                HTML_LIT(h, ")");
            } else {
                pcn_cell(c, h, r->pcn);
            }
            ui_td_close(h);
            if (kind != ORG_PCN)
                ui_td(h, r->pcn_name);
            ui_td_open(h, false);
            html_date(h, r->start);
            ui_td_close(h);
            ui_td_open(h, false);
            if (r->end == DATE_NONE)
                ui_none(h, "Still a member");
            else
                html_date(h, r->end);
            ui_td_close(h);
        }
        ui_table_end(h);
    }
    if (e.ndis == 0) {
        if (e.compared > 0)
            HTML_LIT(h, "<p>The monthly publications loaded agree with ODS on every date they "
                        "share.</p>");
        else
            HTML_LIT(h, "<p>No monthly publication loaded is dated within the ODS report, so "
                        "none could be compared with it; changes after it come from the monthly "
                        "publications alone.</p>");
        return;
    }
    HTML_LIT(h, "<div class=\"nhsuk-warning-callout\"><h3 class=\"nhsuk-warning-callout__label\">"
                "<span role=\"text\"><span class=\"nhsuk-u-visually-hidden\">Important: </span>"
                "A monthly publication disagrees with ODS</span></h3><p>On these dates the "
                "monthly publication shows another PCN than ODS. PCN Ops trusts ODS, which "
                "records the real dates; the monthly publications only show each month's "
                "list.</p></div>");
    ui_table_begin(h, "Where the monthly publications and ODS disagree",
                   "Date,Practice,Monthly publication,ODS (trusted)");
    for (size_t i = 0; i < e.ndis; i++) {
        const struct epcn_disagree *d = &e.dis[i];
        ui_tr(h);
        ui_td_open(h, false);
        html_date(h, d->date);
        ui_td_close(h);
        ui_td_open(h, false);
        practice_link(c, h, d->practice, d->practice);
        ui_td_close(h);
        ui_td_open(h, false);
        pcn_cell(c, h, d->monthly_pcn);
        ui_td_close(h);
        ui_td_open(h, false);
        pcn_cell(c, h, d->ods_pcn);
        ui_td_close(h);
    }
    ui_table_end(h);
}

/* "Good, 2016" or "Good, published 12 May 2016". */
static void rating_when(struct html *h, const struct cqc_rating *r)
{
    html_text(h, r->rating);
    if (r->date != DATE_NONE) {
        HTML_LIT(h, ", published ");
        html_date(h, r->date);
    } else {
        html_textf(h, ", rated in %d", r->year);
    }
    if (r->inherited && r->inherited[0] == 'Y')
        HTML_LIT(h, " (inherited from a previous provider)");
}

void page_epcn_practice(struct ctx *c, struct html *h, const char *code)
{
    struct pcn_msg m = {0};
    struct cqc_rating *r;
    size_t n;
    HTML_LIT(h, "<h2>Care Quality Commission rating</h2>");
    if (cqc_practice(c->db, code, c->a, &r, &n, &m)) {
        HTML_LIT(h, "<p>The rating could not be read.</p>");
    } else if (n == 0) {
        HTML_LIT(h, "<p>No CQC rating of this practice has been loaded.</p>");
    } else {
        ui_summary_begin(h);
        for (size_t i = 0; i < n; i++) {
            ui_summary_row_open(h, strcmp(r[i].domain, "Overall") == 0
                                       ? "Overall rating"
                                       : arena_printf(c->a, "%s", r[i].domain));
            rating_when(h, &r[i]);
            ui_summary_row_end(h);
        }
        ui_summary_end(h);
        if (n == 1)
            HTML_LIT(h, "<p>The ratings of the five key questions (safe, effective, caring, "
                        "responsive, well-led) were not in the file loaded.</p>");
        HTML_LIT(h, "<p>CQC's latest rating, shown as context. The clinical director supports "
                    "member practices and does not performance-manage them.</p>");
    }
    ods_section(c, h, ORG_PRACTICE, code);
}

void page_epcn_pcn(struct ctx *c, struct html *h, const char *code, const struct pcn_detail *d)
{
    struct pcn_msg m = {0};
    bool loaded = false;
    if (cqc_loaded(c->db, &loaded, &m) == 0 && loaded && d->npractices > 0) {
        const char **codes = arena_alloc(c->a, d->npractices * sizeof *codes);
        for (size_t i = 0; i < d->npractices; i++)
            codes[i] = d->practices[i].code;
        struct cqc_rating *r;
        HTML_LIT(h, "<h2>Member practices' CQC ratings</h2>"
                    "<p>The clinical director supports member practices and does not "
                    "performance-manage them. These ratings are context for that support: "
                    "they are listed by practice code, as the member practices above, and "
                    "are not a ranking.</p>");
        if (cqc_overall_of(c->db, codes, d->npractices, c->a, &r, &m)) {
            HTML_LIT(h, "<p>The ratings could not be read.</p>");
        } else {
            ui_table_begin(h, "CQC's latest overall rating of each member practice",
                           "Practice,Name,Overall rating");
            for (size_t i = 0; i < d->npractices; i++) {
                ui_tr(h);
                ui_td_open(h, false);
                practice_link(c, h, d->practices[i].code, d->practices[i].code);
                ui_td_close(h);
                ui_td(h, d->practices[i].name);
                ui_td_open(h, false);
                if (r[i].rating)
                    rating_when(h, &r[i]);
                else
                    ui_none(h, "No rating loaded");
                ui_td_close(h);
            }
            ui_table_end(h);
        }
    }
    ods_section(c, h, ORG_PCN, code);
}

/* Does text hold word (any case), standing on its own? */
static bool names(const char *text, const char *word)
{
    size_t n = strlen(word);
    if (n < 3 || !text)
        return false;
    for (const char *p = text; *p; p++) {
        if (strncasecmp(p, word, n) != 0)
            continue;
        bool before = p == text || !isalnum((unsigned char)p[-1]);
        bool after = !isalnum((unsigned char)p[n]);
        if (before && after)
            return true;
    }
    return false;
}

void page_epcn_request_practice(struct ctx *c, struct html *h, const char *pcn,
                                const char *organisation, const char *what)
{
    struct pcn_msg m = {0};
    struct pcn_detail d;
    if (registry_pcn(c->db, pcn, c->today, c->a, &d, &m))
        return;
    bool any = false;
    for (size_t i = 0; i < d.npractices; i++) {
        const struct practice_row *p = &d.practices[i];
        if (!names(organisation, p->code) && !names(what, p->code) &&
            !(p->name && (names(organisation, p->name) || names(what, p->name))))
            continue;
        if (any)
            HTML_LIT(h, ", ");
        else
            HTML_LIT(h, "<br><span class=\"nhsuk-body-s\">About the practice ");
        practice_link(c, h, p->code, p->name);
        any = true;
    }
    if (any)
        HTML_LIT(h, "</span>");
}
