#include "common.h"
#include "ui.h"
#include "auth.h"

const char ui_js_enabled_snippet[] =
    "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype "
    "? ' nhsuk-frontend-supported' : '');";

static void nav_item(struct html *h, const struct ui_page *p, const char *href, const char *text)
{
    bool current = p->active_nav && strcmp(p->active_nav, href) == 0;
    HTML_LIT(h, "<li class=\"nhsuk-header__navigation-item");
    if (current)
        HTML_LIT(h, " nhsuk-header__navigation-item--current");
    HTML_LIT(h, "\"><a class=\"nhsuk-header__navigation-link\" href=\"");
    html_url(h, href);
    HTML_LIT(h, "\"");
    if (current)
        HTML_LIT(h, " aria-current=\"page\"><strong "
                    "class=\"nhsuk-header__navigation-item-current-fallback\">");
    else
        HTML_LIT(h, ">");
    html_text(h, text);
    if (current)
        HTML_LIT(h, "</strong>");
    HTML_LIT(h, "</a></li>");
}

/* The header's search box: an ICB, PCN or practice by code or name
 * (page_home.c: page_search). */
static void header_search(struct ctx *c, struct html *h)
{
    /* the design system's header search: an ICB, PCN or practice by
     * code or name (page_home.c: page_search) */
    HTML_LIT(h, "<search class=\"nhsuk-header__search\">"
                "<form class=\"nhsuk-header__search-form\" id=\"search\" action=\"/search\" "
                "method=\"get\" novalidate><div class=\"nhsuk-form-group\">"
                "<label class=\"nhsuk-label nhsuk-u-visually-hidden\" for=\"search-field\">"
                "Search for an ICB, PCN or practice by code or name</label>"
                "<div class=\"nhsuk-input-wrapper\"><input class=\"nhsuk-input\" "
                "id=\"search-field\" name=\"q\" type=\"search\" autocomplete=\"off\" "
                "maxlength=\"100\" placeholder=\"ICB, PCN or practice\"");
    /* on the results, the box keeps what was searched for */
    const char *sq = c->q && c->q->path && strcmp(c->q->path, "/search") == 0
                         ? http_query(c->q, "q")
                         : NULL;
    if (sq && *sq) {
        HTML_LIT(h, " value=\"");
        html_attr(h, sq);
        HTML_LIT(h, "\"");
    }
    HTML_LIT(h, "><button class=\"nhsuk-button nhsuk-button--icon nhsuk-button--small\" "
                "data-module=\"nhsuk-button\" type=\"submit\" aria-label=\"Search\">"
                "<svg class=\"nhsuk-icon nhsuk-icon--search\" xmlns=\"http://www.w3.org/2000/svg\" "
                "viewBox=\"0 0 24 24\" width=\"16\" height=\"16\" focusable=\"false\" "
                "aria-hidden=\"true\"><path d=\"m20.7 18.9-4.1-4.1a7 7 0 1 0-1.4 1.4l4 4.1a1 1 0 "
                "0 0 1.5 0c.4-.4.4-1 0-1.4ZM6 10.6a5 5 0 1 1 10 0 5 5 0 0 1-10 0Z\"/></svg>"
                "</button></div></div></form></search>\n");
}

/* The header's account: name, role and organisation, then Log out last (3
 * items at most). */
static void header_account(struct ctx *c, struct html *h)
{
    /* name, role and organisation, then Log out last (3 items at most) */
    HTML_LIT(h, "<nav class=\"nhsuk-header__account\" aria-label=\"Account\">"
                "<ul class=\"nhsuk-header__account-list\">"
                "<li class=\"nhsuk-header__account-item\">"
                "<a class=\"nhsuk-header__account-link\" href=\"/account\">");
    html_text(h, c->user->name);
    HTML_LIT(h, "<span class=\"nhsuk-u-visually-hidden\">: your account</span></a>");
    HTML_LIT(h, "</li><li class=\"nhsuk-header__account-item\">");
    html_text(h, role_label(c->user->role));
    if (c->user->org) {
        HTML_LIT(h, ", ");
        html_text(h, c->user->org);
    }
    HTML_LIT(h, "</li><li class=\"nhsuk-header__account-item\">"
                "<form class=\"nhsuk-header__account-form\" action=\"/sign-out\" "
                "method=\"post\" novalidate>");
    ui_csrf(c, h);
    HTML_LIT(h, "<button class=\"nhsuk-header__account-button\">Log out</button></form>"
                "</li></ul></nav>\n");
}

/* The header's menu: the user's PCN or ICB pages, and the admin's. */
static void header_menu(struct ctx *c, struct html *h, const struct ui_page *p)
{
    HTML_LIT(h, "<nav class=\"nhsuk-header__navigation\" aria-label=\"Menu\">"
                "<div class=\"nhsuk-header__navigation-container nhsuk-width-container\">"
                "<ul class=\"nhsuk-header__navigation-list\">");
    nav_item(h, p, "/", "Home");
    if (c->user->org &&
        (c->user->role == ROLE_CLINICAL_DIRECTOR || c->user->role == ROLE_PCN_MANAGER)) {
        /* the user's PCN: where the week's work is done */
        nav_item(h, p, arena_printf(c->a, "/pcn/%s/funding", c->user->org), "Funding");
        nav_item(h, p, arena_printf(c->a, "/pcn/%s/arrs", c->user->org), "ARRS");
        nav_item(h, p, arena_printf(c->a, "/pcn/%s/iif", c->user->org), "IIF");
        nav_item(h, p, arena_printf(c->a, "/pcn/%s/desk", c->user->org), "Desk");
    }
    if (c->user->org && c->user->role == ROLE_ICB)
        nav_item(h, p, arena_printf(c->a, "/icb/%s/funding", c->user->org), "Funding");
    if (c->user->role == ROLE_ADMIN) {
        nav_item(h, p, "/import", "Import");
        nav_item(h, p, "/admin/users", "Users");
        nav_item(h, p, "/admin/audit", "Audit log");
        nav_item(h, p, "/admin/rules", "Rules");
    }
    HTML_LIT(h, "<li class=\"nhsuk-header__menu\" hidden><button class=\"nhsuk-header__menu-toggle "
                "nhsuk-header__navigation-link\" id=\"toggle-menu\" aria-expanded=\"false\">"
                "<span class=\"nhsuk-u-visually-hidden\">Browse </span>More</button></li>"
                "</ul></div></nav>\n");
}

/* The breadcrumbs, and the back link that stands for them on small screens. */
static void breadcrumbs(struct html *h, const struct ui_page *p)
{
    if (p->ncrumbs) {
        HTML_LIT(h, "<nav class=\"nhsuk-breadcrumb\" aria-label=\"Breadcrumb\">"
                    "<ol class=\"nhsuk-breadcrumb__list\">");
        for (size_t i = 0; i < p->ncrumbs; i++) {
            HTML_LIT(h, "<li class=\"nhsuk-breadcrumb__list-item\"><a "
                        "class=\"nhsuk-breadcrumb__link\" href=\"");
            html_url(h, p->crumbs[i].href);
            HTML_LIT(h, "\">");
            html_text(h, p->crumbs[i].text);
            HTML_LIT(h, "</a></li>");
        }
        /* nhsuk-frontend 10: the back link component, shown on small screens only */
        HTML_LIT(h, "</ol><a class=\"nhsuk-back-link\" href=\"");
        html_url(h, p->crumbs[p->ncrumbs - 1].href);
        HTML_LIT(h, "\"><span class=\"nhsuk-u-visually-hidden\">Back to </span>");
        html_text(h, p->crumbs[p->ncrumbs - 1].text);
        HTML_LIT(h, "</a></nav>\n");
    }
}

void ui_begin(struct ctx *c, struct html *h, const struct ui_page *p)
{
    HTML_LIT(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
    if (p->error || p->nerrors)
        HTML_LIT(h, "Error: ");
    html_text(h, p->title);
    if (p->section) {
        HTML_LIT(h, " \xE2\x80\x93 ");
        html_text(h, p->section);
    }
    HTML_LIT(h, " \xE2\x80\x93 PCN Ops</title>\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1, "
                "viewport-fit=cover\">\n"
                "<meta name=\"theme-color\" content=\"#005eb8\">\n"
                "<link rel=\"icon\" href=\"/assets/images/favicon.ico\" sizes=\"48x48\">\n"
                "<link rel=\"icon\" href=\"/assets/images/favicon.svg\" sizes=\"any\" "
                "type=\"image/svg+xml\">\n"
                "<link rel=\"stylesheet\" href=\"/stylesheets/nhsuk-frontend-" NHSUK_VERSION
                ".min.css\">\n"
                "<link rel=\"stylesheet\" href=\"/static/pcnops.css\">\n"
                "</head>\n<body>\n<script>");
    html_raw_(h, ui_js_enabled_snippet, sizeof ui_js_enabled_snippet - 1);
    HTML_LIT(h, "</script>\n"
                "<a class=\"nhsuk-skip-link\" href=\"#maincontent\">Skip to main content</a>\n"
                "<header class=\"nhsuk-header\" data-module=\"nhsuk-header\" role=\"banner\">\n"
                "<div class=\"nhsuk-header__container nhsuk-width-container\">\n"
                "<div class=\"nhsuk-header__service\">"
                "<a class=\"nhsuk-header__service-name\" href=\"/\">PCN Ops</a></div>\n");
    if (c->user) {
        header_search(c, h);
        header_account(c, h);
    }
    HTML_LIT(h, "</div>\n");
    if (c->user)
        header_menu(c, h, p);
    HTML_LIT(h, "</header>\n<div class=\"nhsuk-width-container\">\n");
    breadcrumbs(h, p);
    HTML_LIT(h, "<main class=\"nhsuk-main-wrapper\" id=\"maincontent\">\n");
    if (p->nerrors) {
        /* the width of a form, as the design system's pages have it */
        HTML_LIT(h, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">");
        ui_error_summary(h, p->errors, p->nerrors);
        HTML_LIT(h, "</div></div>\n");
    }
}

void ui_end(struct ctx *c, struct html *h)
{
    (void)c;
    HTML_LIT(h, "\n</main>\n</div>\n"
                "<footer class=\"nhsuk-footer\" role=\"contentinfo\">"
                "<div class=\"nhsuk-width-container\">"
                "<div class=\"nhsuk-footer__meta\">"
                "<h2 class=\"nhsuk-u-visually-hidden\">Support links</h2>"
                "<ul class=\"nhsuk-footer__list\">"
                "<li class=\"nhsuk-footer__list-item\"><a class=\"nhsuk-footer__list-item-link\" "
                "href=\"/accessibility\">Accessibility statement</a></li>"
                "<li class=\"nhsuk-footer__list-item\"><a class=\"nhsuk-footer__list-item-link\" "
                "href=\"/about\">About PCN Ops and its data</a></li>"
                "<li class=\"nhsuk-footer__list-item\"><a class=\"nhsuk-footer__list-item-link\" "
                "href=\"/help\">Help: confidence marks, sources and estimates</a></li>"
                "</ul>"
                "<p class=\"nhsuk-body-s\">Contains public sector information licensed under the "
                "Open Government Licence v3.0.</p>"
                "</div></div></footer>\n"
                "<script type=\"module\" src=\"/static/init.js\"></script>\n"
                "</body>\n</html>\n");
}

void ui_h1_caption(struct html *h, const char *caption, const char *title)
{
    HTML_LIT(h, "<h1><span class=\"nhsuk-caption-l\">");
    html_text(h, caption);
    HTML_LIT(h, "</span>");
    html_text(h, title);
    HTML_LIT(h, "</h1>");
}

void ui_error_summary(struct html *h, const struct ui_error *errors, size_t n)
{
    HTML_LIT(h,
             "<div class=\"nhsuk-error-summary\" data-module=\"nhsuk-error-summary\">"
             "<div role=\"alert\"><h2 class=\"nhsuk-error-summary__title\">There is a problem</h2>"
             "<div class=\"nhsuk-error-summary__body\"><ul class=\"nhsuk-list "
             "nhsuk-error-summary__list\">");
    for (size_t i = 0; i < n; i++) {
        HTML_LIT(h, "<li><a href=\"");
        if (errors[i].href) {
            html_attr(h, errors[i].href);
        } else {
            HTML_LIT(h, "#");
            html_attr(h, errors[i].field);
        }
        HTML_LIT(h, "\">");
        html_text(h, errors[i].text);
        HTML_LIT(h, "</a></li>");
    }
    HTML_LIT(h, "</ul></div></div></div>\n");
}

void ui_tag(struct html *h, const char *status)
{
    static const struct {
        const char *status, *colour;
    } map[] = {
        {"Draft", "grey"},
        {"Submitted", "blue"},
        {"Approved", "aqua-green"},
        {"Paid", "green"},
        {"Unconfirmed", "orange"},
        {"Provisional", "purple"},
        {"Estimate", "yellow"},
        {"Overdue", "red"},
        {"Active", "green"},
        {"Closed", "grey"},
        {"Disabled", "grey"},
        {"Joined", "green"},
        {"Left", "orange"},
        {"Renamed", "blue"},
        {"Refused", "red"},
        /* IIF indicators (iif.h) and the CAIP tracker (caip.h) */
        {"Achieved", "green"},
        {"Part achieved", "blue"},
        {"Not achieved", "red"},
        {"Deemed achieved", "aqua-green"},
        {"No data", "grey"},
        {"Information only", "grey"},
        {"No patients", "grey"},
        {"Thresholds not known", "orange"},
        {"Met", "green"},
        {"In progress", "blue"},
        {"Not met", "red"},
        {"Not started", "grey"},
        {"Declared", "green"},
        {"Not declared", "grey"},
        /* the clinical director's desk */
        {"Pending", "grey"},
        {"Accepted", "green"},
        {"Delegated", "aqua-green"},
        {"Declined", "purple"},
        {"Done", "green"},
        {"Open", "blue"},
        {"Due today", "yellow"},
        {"Over funded time", "red"},
        {"Outside the role", "orange"},
        {"Single source", "yellow"},
        {"Official", "green"},
        {"Not clear", "grey"},
        {"More system time", "orange"},
        /* records the demo loader made (demo.h) */
        {"Demo data", "pink"},
        /* the network's decisions (vote.h) and the neighbourhood (nbhd.h) */
        {"Carried", "green"},
        {"Not carried", "red"},
        {"Tied", "orange"},
        {"No quorum", "grey"},
        {"Planning", "white"},
        {"Established", "green"},
        /* the home page (home.h) */
        {"To do", "blue"},
        {"To decide", "blue"},
        {"Waiting", "grey"},
        {"Due", "green"},
        {"Not known", "orange"},
        {"Coming up", "grey"},
        {"Passed", "grey"},
        {"Not open yet", "grey"},
        {"At risk", "red"},
        {"On track", "green"},
        {"Needs attention", "orange"},
        {"Up to date", "green"},
    };
    const char *colour = NULL;
    for (size_t i = 0; i < ARRAY_SIZE(map); i++)
        if (strcmp(map[i].status, status) == 0)
            colour = map[i].colour;
    HTML_LIT(h, "<strong class=\"nhsuk-tag");
    if (colour) {
        HTML_LIT(h, " nhsuk-tag--");
        html_attr(h, colour);
    }
    HTML_LIT(h, "\">");
    html_text(h, status);
    HTML_LIT(h, "</strong>");
}

void ui_csrf(struct ctx *c, struct html *h)
{
    HTML_LIT(h, "<input type=\"hidden\" name=\"csrf\" value=\"");
    html_attr(h, c->csrf ? c->csrf : "");
    HTML_LIT(h, "\">");
}

void ui_summary_begin(struct html *h)
{
    HTML_LIT(h, "<dl class=\"nhsuk-summary-list\">");
}

void ui_summary_row_open(struct html *h, const char *key)
{
    HTML_LIT(h, "<div class=\"nhsuk-summary-list__row\"><dt class=\"nhsuk-summary-list__key\">");
    html_text(h, key);
    HTML_LIT(h, "</dt><dd class=\"nhsuk-summary-list__value\">");
}

void ui_summary_row_end(struct html *h)
{
    HTML_LIT(h, "</dd></div>");
}

void ui_summary_row(struct html *h, const char *key, const char *value)
{
    ui_summary_row_open(h, key);
    if (value && *value)
        html_text(h, value);
    else
        ui_none(h, "Not known");
    ui_summary_row_end(h);
}

void ui_summary_end(struct html *h)
{
    HTML_LIT(h, "</dl>\n");
}

void ui_none(struct html *h, const char *words)
{
    HTML_LIT(h, "<span class=\"nhsuk-u-secondary-text-colour\">");
    html_text(h, words);
    HTML_LIT(h, "</span>");
}

void ui_error_page(struct ctx *c, int status, const char *title, const char *text)
{
    struct html h = {&c->r->body};
    struct ui_page p = {.title = title};
    http_resp_start(c->r, status, "text/html; charset=utf-8");
    ui_begin(c, &h, &p);
    HTML_LIT(&h, "<h1>");
    html_text(&h, title);
    HTML_LIT(&h, "</h1><p>");
    html_text(&h, text);
    HTML_LIT(&h, "</p><p><a href=\"/\">Go to the home page</a></p>");
    ui_end(c, &h);
}

void ui_table_begin(struct html *h, const char *caption, const char *spec)
{
    /* A wide table scrolls inside its container, so the container is a
     * named region that takes keyboard focus (WCAG 2.1.1): arrow keys then
     * scroll it. */
    HTML_LIT(h, "<div class=\"nhsuk-table-container\" role=\"region\" tabindex=\"0\" "
                "aria-label=\"");
    html_attr(h, caption);
    HTML_LIT(h, "\"><table class=\"nhsuk-table\"><caption class=\"nhsuk-table__caption\">");
    html_text(h, caption);
    HTML_LIT(h, "</caption><thead class=\"nhsuk-table__head\"><tr class=\"nhsuk-table__row\">");
    const char *p = spec;
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        bool numeric = *p == '>';
        if (numeric) {
            p++;
            n--;
        }
        HTML_LIT(h, "<th class=\"nhsuk-table__header");
        if (numeric)
            HTML_LIT(h, " nhsuk-table__header--numeric");
        HTML_LIT(h, "\" scope=\"col\">");
        html_textn(h, p, n);
        HTML_LIT(h, "</th>");
        if (!comma)
            break;
        p = comma + 1;
    }
    HTML_LIT(h, "</tr></thead><tbody class=\"nhsuk-table__body\">");
}

/* Rows are closed lazily: ui_tr and ui_table_end close an open row. */
void ui_tr(struct html *h)
{
    size_t len = h->b->len;
    static const char open[] = "<tr class=\"nhsuk-table__row\">";
    /* An open row ends with a cell; the head or a closed row ends with </tr> or <tbody ...>. */
    if (len >= 5 && memcmp(h->b->buf + len - 5, "</td>", 5) == 0)
        HTML_LIT(h, "</tr>");
    html_raw_(h, open, sizeof open - 1);
}

void ui_td_open(struct html *h, bool numeric)
{
    if (numeric)
        HTML_LIT(h, "<td class=\"nhsuk-table__cell nhsuk-table__cell--numeric\">");
    else
        HTML_LIT(h, "<td class=\"nhsuk-table__cell\">");
}

void ui_td_close(struct html *h)
{
    HTML_LIT(h, "</td>");
}

void ui_td(struct html *h, const char *text)
{
    ui_td_open(h, false);
    if (text && *text)
        html_text(h, text);
    else
        ui_none(h, "Not known");
    ui_td_close(h);
}

void ui_td_count(struct html *h, int64_t v)
{
    ui_td_open(h, true);
    if (v >= 0)
        html_count(h, v);
    else
        ui_none(h, "Not known");
    ui_td_close(h);
}

void ui_table_end(struct html *h)
{
    size_t len = h->b->len;
    if (len >= 5 && memcmp(h->b->buf + len - 5, "</td>", 5) == 0)
        HTML_LIT(h, "</tr>");
    HTML_LIT(h, "</tbody></table></div>\n");
}

void ui_not_found(struct ctx *c)
{
    ui_error_page(c, 404, "Page not found",
                  "If you typed the web address, check it is correct. If you pasted it, check "
                  "you copied the entire address.");
}

void ui_fail_500(struct ctx *c, const struct pcn_msg *m)
{
    fprintf(stderr, "pcnops: %s %s: %s\n", c->q->method, c->q->path, m->text);
    ui_error_page(c, 500, "Sorry, there is a problem with the service", "Try again later.");
}
