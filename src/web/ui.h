/* ui.h: the page frame and components of the NHS design system, written as
 * the documented markup of nhsuk-frontend 10 (no template engine).
 *
 * A page: ui_begin (head, skip link, header with the account and the
 * navigation, breadcrumbs, <main>), then the page's own markup, then ui_end
 * (footer and the script tags).  Titles follow "<h1> – <section> – PCN Ops",
 * with "Error: " in front when the page shows an error summary.
 * Statuses map to tag colours in one place: ui_tag. */
#ifndef PCN_UI_H
#define PCN_UI_H

#include <stddef.h>

#include "html.h"
#include "uiform.h"
#include "web.h"

#define NHSUK_VERSION "10.6.1"

struct ui_crumb {
    const char *text;
    const char *href;
};

struct ui_page {
    const char *title;   /* the h1, also the start of <title> */
    const char *section; /* "Registry", "Admin", ...          */
    bool error;          /* the page has an error summary     */
    /* A form's errors (form.h: es.e and es.n): when it has any, "Error: "
     * starts the title and the frame writes the error summary at the top
     * of <main>, every message linked to its field. */
    const struct ui_error *errors;
    size_t nerrors;
    const struct ui_crumb *crumbs; /* breadcrumbs, outermost first      */
    size_t ncrumbs;
    const char *active_nav; /* href of the current menu item     */
};

/* The inline start-up script of the design system, whose hash the CSP
 * allows (web.csp). */
extern const char ui_js_enabled_snippet[];

void ui_begin(struct ctx *c, struct html *h, const struct ui_page *p);
void ui_end(struct ctx *c, struct html *h);

/* The page's h1 with a caption above it (the organisation, say). */
void ui_h1_caption(struct html *h, const char *caption, const char *title);
/* "There is a problem" with a link to each field; goes above the h1.
 * (A page with ui_page.errors gets it from ui_begin.) */
void ui_error_summary(struct html *h, const struct ui_error *errors, size_t n);
/* A status tag; the words decide the colour (one status, one colour). */
void ui_tag(struct html *h, const char *status);
/* A hidden CSRF field for a POST form. */
void ui_csrf(struct ctx *c, struct html *h);
/* Summary list rows: key, then the value as text. */
void ui_summary_begin(struct html *h);
void ui_summary_row(struct html *h, const char *key, const char *value);
/* Starts a row whose value the caller writes, then ui_summary_row_end. */
void ui_summary_row_open(struct html *h, const char *key);
void ui_summary_row_end(struct html *h);
void ui_summary_end(struct html *h);
/* "No data" and similar, in secondary text, for empty table cells. */
void ui_none(struct html *h, const char *words);

/* Tables: columns from a spec such as "Code,Name,>Registered patients"
 * ('>' marks a numeric, right-aligned column). */
void ui_table_begin(struct html *h, const char *caption, const char *spec);
void ui_tr(struct html *h);                    /* starts a row (closing any open one) */
void ui_td(struct html *h, const char *text);  /* text cell; empty -> "Not known" */
void ui_td_count(struct html *h, int64_t v);   /* numeric cell; v < 0 -> "Not known" */
void ui_td_open(struct html *h, bool numeric); /* a cell the caller fills ... */
void ui_td_close(struct html *h);              /* ... and closes */
void ui_table_end(struct html *h);

/* An error page with the given status (404 "Page not found", ...). */
void ui_error_page(struct ctx *c, int status, const char *title, const char *text);
/* The one "Page not found" (404) every page answers with: for an address
 * that does not exist, and for another organisation's record (after the
 * caller has audited the refusal). */
void ui_not_found(struct ctx *c);
/* The one failure page (500): the problem goes to the server's log with the
 * request, the person sees "try again later". */
void ui_fail_500(struct ctx *c, const struct pcn_msg *m);

#endif
