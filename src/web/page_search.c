/* page_search.c: GET /search?q=: an ICB, PCN or practice by its code or any
 * part of its name, ignoring case (registry_search), from the header's
 * search box.  Only organisations the user may read are listed (perm.h),
 * so a search tells nobody more than the pages would. */
#include "common.h"
#include "pages.h"
#include "perm.h"
#include "registry.h"
#include "ui.h"

/* Rows read to find the user's own among them, and rows shown. */
#define SEARCH_READ 200
#define SEARCH_SHOWN 50

static bool may_read(struct ctx *c, const struct reg_hit *x)
{
    switch (x->kind) {
    case ORG_ICB:
        return perm_read_icb(c, x->code);
    case ORG_PCN:
        return perm_read_pcn(c, x->code);
    case ORG_PRACTICE:
        return perm_read_practice(c, x->code);
    default:
        return false;
    }
}

static const char *prefix_of(enum org_kind k)
{
    return k == ORG_ICB ? "/icb/" : k == ORG_PCN ? "/pcn/" : "/practice/";
}

void page_search(struct ctx *c)
{
    struct html h = {&c->r->body};
    struct pcn_msg m = {0};
    const char *q = http_query(c->q, "q");
    struct reg_hit *hits = NULL;
    size_t n = 0;
    bool more = false;
    struct ui_error err = {"q", NULL, NULL};
    if (!q)
        q = "";
    if (*q) {
        int rc = registry_search(c->db, q, c->today, perm_admin(c) ? SEARCH_SHOWN : SEARCH_READ,
                                 c->a, &hits, &n, &more, &m);
        if (rc == PCN_EINVAL)
            err.text = arena_strdup(c->a, m.text);
        else if (rc) {
            ui_fail_500(c, &m);
            return;
        }
    }
    /* the user's own organisations among them */
    size_t shown = 0;
    for (size_t i = 0; i < n && shown <= SEARCH_SHOWN; i++)
        if (perm_admin(c) || may_read(c, &hits[i]))
            hits[shown++] = hits[i];
    if (shown > SEARCH_SHOWN) {
        shown = SEARCH_SHOWN;
        more = true;
    }
    struct ui_page p = {.title = *q && !err.text ? "Search results" : "Search",
                        .error = err.text != NULL};
    http_resp_start(c->r, err.text ? 400 : 200, "text/html; charset=utf-8");
    ui_begin(c, &h, &p);
    if (err.text)
        ui_error_summary(&h, &err, 1);
    HTML_LIT(&h, "<h1>");
    html_text(&h, p.title);
    HTML_LIT(&h, "</h1><form action=\"/search\" method=\"get\" novalidate>");
    ui_input_auto(&h, "q", "An ICB, PCN or practice",
                  "Its ODS code (like U18986), or any part of its name", "search", q, "off",
                  "nhsuk-input--width-20", err.text ? &err : NULL);
    HTML_LIT(&h, "<button class=\"nhsuk-button\" data-module=\"nhsuk-button\" type=\"submit\">"
                 "Search</button></form>");
    if (*q && !err.text) {
        HTML_LIT(&h, "<p>");
        if (shown == 0) {
            HTML_LIT(&h, "No ICB, PCN or practice you can see matches &ldquo;");
            html_text(&h, q);
            HTML_LIT(&h, "&rdquo;. Check the spelling, or try part of the name.</p>");
        } else {
            buf_add_count(h.b, (int64_t)shown, "result", "results");
            HTML_LIT(&h, " for &ldquo;");
            html_text(&h, q);
            HTML_LIT(&h, "&rdquo;");
            if (more) {
                HTML_LIT(&h, ", the first ");
                html_count(&h, SEARCH_SHOWN);
                HTML_LIT(&h, " only: add more of the name to narrow it");
            }
            HTML_LIT(&h, ".</p>");
            ui_table_begin(&h, "Organisations found", "Code,Name,Kind");
            for (size_t i = 0; i < shown; i++) {
                ui_tr(&h);
                ui_td_open(&h, false);
                HTML_LIT(&h, "<a href=\"");
                html_url2(&h, prefix_of(hits[i].kind), hits[i].code);
                HTML_LIT(&h, "\">");
                html_text(&h, hits[i].code);
                HTML_LIT(&h, "</a>");
                ui_td_close(&h);
                ui_td(&h, hits[i].name);
                ui_td(&h, hits[i].kind == ORG_ICB   ? "Integrated care board (ICB)"
                          : hits[i].kind == ORG_PCN ? "Primary care network (PCN)"
                                                    : "GP practice");
            }
            ui_table_end(&h);
        }
    }
    ui_end(c, &h);
}
