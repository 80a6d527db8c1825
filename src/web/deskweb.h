/* deskweb.h: what the desk's pages (page_desk*.c) and API (api_desk.c)
 * share: the permission check every handler starts with, the actor for the
 * audit log, the rules, the page frame with the desk's own navigation, and
 * form and number helpers in the NHS design system's markup.
 *
 * Permission: every desk route takes the PCN code as its first capture.
 * deskweb_open answers for it: a user who may not read the PCN's desk
 * (perm_read_desk), or a code that is not a PCN, gets the same 404 (a page
 * or the API's JSON) and the refusal is audited (perm_denied), so nobody
 * learns which PCNs exist or have a desk. */
#ifndef PCN_DESKWEB_H
#define PCN_DESKWEB_H

#include "desk.h"
#include "deskdb.h"
#include "deskrules.h"
#include "html.h"
#include "ui.h"
#include "web.h"

struct desk_page {
    const char *pcn;      /* the code, as routed */
    const char *pcn_name; /* from the registry today */
    const char *base;     /* "/pcn/U10001/desk" */
};

/* Checks the user may read (write: and change) the desk of c->params[0].
 * false when refused: the 404 is written and audited. */
bool deskweb_open(struct ctx *c, bool write, struct desk_page *d);
/* deskweb_open for a change to the record numbered c->params[1] (*id):
 * false, with the 404 written, for a malformed number too. */
bool deskweb_open_record(struct ctx *c, struct desk_page *d, int64_t *id);
/* The actor of the request for the audit log. */
void deskweb_actor(struct ctx *c, struct desk_actor *w);

/* A desk page with its form's mistakes (e, after a POST), or first (e
 * NULL): what the GET and the POST of a page both end in. */
typedef void deskweb_page_fn(struct ctx *c, const struct desk_page *d, const struct desk_errs *e);
/* A GET of a desk page: deskweb_open (for reading, or for a change when
 * `write`: a page that is only a form), then page(c, d, NULL). */
void deskweb_show(struct ctx *c, bool write, deskweb_page_fn *page);

/* What every POST to the desk works with: the page, the form's mistakes,
 * the store's message and the actor. */
struct desk_post {
    struct desk_page d;
    struct desk_errs e;
    struct pcn_msg m;
    struct desk_actor w;
};
/* deskweb_open for a change, with no mistakes yet and the actor filled in;
 * false when refused (the 404 is written and audited). */
bool deskweb_open_post(struct ctx *c, struct desk_post *p);
/* deskweb_open_post for a change to the record numbered c->params[1]
 * (*id): false, with the 404 written, for a malformed number too. */
bool deskweb_open_post_record(struct ctx *c, struct desk_post *p, int64_t *id);
/* The end of a form's POST: when rc is PCN_EINVAL or the form has any
 * mistake, the page again with them (page(c, &p->d, &p->e)); otherwise
 * deskweb_done to the desk's address followed by `then` ("/time?done=added"). */
void deskweb_post_end(struct ctx *c, struct desk_post *p, int rc, deskweb_page_fn *page,
                      const char *then);
/* The desk's rules (deskrules.h) from c->w->rules_dir (or ./rules).  On a
 * problem, *problem gets the first message (shown on the page) and the
 * valid rows are still there. */
const struct deskrules *deskweb_rules(struct ctx *c, const char **problem);
/* The funding of the PCN for a period ending on `on`. */
int deskweb_funding(struct ctx *c, const char *pcn, date_t on, struct desk_funding *f,
                    const char **rules_problem, struct pcn_msg *m);

/* A period's time (the overview, the time page and their API): the
 * funding and the funded time on `to`, the activities from..to and their
 * summary; problem as deskweb_rules says. */
struct deskweb_time {
    date_t from, to;
    struct desk_funding f;
    struct desk_funded fd;
    struct desk_summary s;
    struct desk_activity *acts;
    size_t nacts;
    const char *problem;
};
int deskweb_time(struct ctx *c, const char *pcn, date_t from, date_t to, struct deskweb_time *t,
                 struct pcn_msg *m);
/* The desk's overview (page and API): the last four weeks' time (from the
 * Monday three weeks before this week's), the requests, the overdue
 * follow-ups and the responsibilities. */
struct deskweb_overview {
    struct deskweb_time t;
    struct desk_request *reqs;
    size_t nreqs;
    struct desk_engagement *over;
    size_t nover;
    struct desk_responsibility *resp;
    size_t nresp;
};
int deskweb_overview(struct ctx *c, const char *pcn, struct deskweb_overview *o, struct pcn_msg *m);
/* The opening of the overview (page and API): deskweb_open for reading,
 * then deskweb_overview; false with the 404 or the failure written. */
bool deskweb_open_overview(struct ctx *c, struct desk_page *d, struct deskweb_overview *o);

/* The API's answer (consumed): as api_json, but in deskview's number
 * format (hours as 9.375); 500 with a JSON error when it cannot be
 * written. */
void deskweb_reply(struct ctx *c, int status, json_t *j);

/* 500 for a store failure (page or API). */
void deskweb_fail(struct ctx *c, const struct pcn_msg *m);
/* The 404 of a page or the API: page_not_found (pages.h). */
void deskweb_not_found(struct ctx *c);
/* A store call's answer: false for rc 0; deskweb_not_found for
 * PCN_ENOTFOUND, deskweb_fail otherwise, and true. */
bool deskweb_failed(struct ctx *c, int rc, const struct pcn_msg *m);
/* The end of a POST: rc 0, to `url` (303); otherwise deskweb_fail. */
void deskweb_done(struct ctx *c, int rc, const struct pcn_msg *m, const char *url);
/* The PCN `code` the caller may see (after its permission check): its
 * name on today's date (its code when it has none), or false with the 404
 * or failure written when the store has no such PCN. */
bool deskweb_pcn(struct ctx *c, const char *code, const char **name);

/* The page frame: breadcrumbs Home > PCN > Clinical director's desk, the
 * title pattern, the error summary when e has errors (date fields link to
 * their day input), the h1 with the PCN as caption, and the desk's
 * sub-navigation with `tab` current. */
void deskweb_begin(struct ctx *c, struct html *h, const struct desk_page *d, const char *title,
                   const char *tab, const struct desk_errs *e);
/* The same with a form's errors as form.h collects them. */
struct form_errs;
void deskweb_begin_form(struct ctx *c, struct html *h, const struct desk_page *d, const char *title,
                        const char *tab, const struct form_errs *es);
void deskweb_end(struct ctx *c, struct html *h);

/* The field's error as ui.h wants it, or NULL (in c->a). */
const struct ui_error *deskweb_err(struct ctx *c, const struct desk_errs *e, const char *field);

/* Reads a date input (id-day, id-month, id-year): DATE_NONE when empty;
 * an error added to e when not a real date. */
date_t deskweb_form_date(struct ctx *c, const char *id, const char *label, struct desk_errs *e);
/* The date input, showing what was typed (after a POST) or d. */
void deskweb_date_input(struct ctx *c, struct html *h, const char *id, const char *legend,
                        const char *hint, date_t d, const struct desk_errs *e);
/* A ?from=&to= period (ISO), defaulting to the `days` up to today; false
 * (and a 400 written) when malformed or too long. */
bool deskweb_period(struct ctx *c, int days, date_t *from, date_t *to);

/* Radios, checkboxes, text areas, buttons: ui.h (ui_radios...). */
/* The warning callout with a heading and a sentence. */
void deskweb_warning(struct html *h, const char *heading, const char *text);
/* A green notification banner (after a change): its heading. */
void deskweb_success(struct html *h, const char *text);
/* "Unconfirmed" next to a figure whose rule is unconfirmed. */
void deskweb_conf_tag(struct html *h, enum confidence conf);
/* "How this was worked out": the trail's steps in a details component. */
void deskweb_trail(struct html *h, const struct trail *t);
/* "FILE:LINE: words" as "FILE, line LINE: words". */
const char *deskweb_for_people(struct ctx *c, const char *text);

/* Numbers in the content style: "9.38 hours" from mmin; "1 hour 30
 * minutes" from minutes; "32.5%" from basis points. */
void deskweb_hours(struct html *h, int64_t mmin);
void deskweb_duration(struct html *h, int64_t minutes);
void deskweb_percent(struct html *h, int64_t bp);
/* A numeric table cell with hours (two decimals) from minutes. */
void deskweb_td_hours(struct html *h, int64_t minutes);

#endif
