/* netweb.h: what the network's pages share (page_network.c, the decisions;
 * page_nbhd.c, the neighbourhood team) and their API handlers: the
 * permission check every handler starts with, and the page frame.
 *
 * Permission: every route takes the PCN code as its first capture.
 * netweb_open answers for it: a user who may not read the PCN's network
 * pages (perm_read_network), or change them when write is set
 * (perm_write_network), or a code that is not a PCN, gets the same 404 (a
 * page or the API's JSON) and the refusal is audited (perm_denied), so
 * nobody learns which PCNs exist. */
#ifndef PCN_NETWEB_H
#define PCN_NETWEB_H

#include "desk.h"
#include "html.h"
#include "ui.h"
#include "web.h"

struct net_page {
    const char *pcn;      /* the code, as routed */
    const char *pcn_name; /* from the registry today */
    const char *base;     /* "/pcn/U10001/decisions" */
    bool write;           /* the user may change the PCN's records */
    const char *section;  /* "decisions", "neighbourhood": the audit's kind */
};

/* Checks the user may read (write: and change) c->params[0]'s records
 * under `section` ("decisions", "neighbourhood").  false when refused: the
 * 404 is written and audited. */
bool netweb_open(struct ctx *c, const char *section, bool write, struct net_page *p);
/* The 404 of netweb_open, audited, for a refusal found later (a vote for
 * another practice). */
void netweb_refuse(struct ctx *c, const struct net_page *p);

/* The frame: breadcrumbs Home > PCN (> parent when given), the title
 * pattern, the error summary when e has errors (date fields link to their
 * day input), the h1 with the PCN as caption. */
void netweb_begin(struct ctx *c, struct html *h, const struct net_page *p, const char *title,
                  const char *section, const char *parent_text, const char *parent_href,
                  const struct desk_errs *e);
void netweb_end(struct ctx *c, struct html *h);

/* Several forms share a page, so each field's name and id is the form's
 * name and the field's: netweb_id(c, "meeting", "title") is
 * "meeting_title" (in c->a).  The store's errors name the field alone
 * ("title"): netweb_prefix_errs puts the form's name in front of each, so
 * the error summary links to the field on the page. */
const char *netweb_id(struct ctx *c, const char *form, const char *field);
void netweb_prefix_errs(struct ctx *c, const char *form, struct desk_errs *e);
/* A posted date input of the form (its id netweb_id(form, field)): as
 * deskweb_form_date, but a "not a real date" error names the field alone,
 * as the store's checks do (netweb_prefix_errs adds the form after). */
date_t netweb_form_date(struct ctx *c, const char *form, const char *field, const char *label,
                        struct desk_errs *e);
/* The posted value of the form's field ("" when absent). */
const char *netweb_in(struct ctx *c, const char *form, const char *field);
/* The posted value of the field `name` ("" when absent). */
const char *netweb_str(struct ctx *c, const char *name);
/* The posted record number of the field `name`: 0 when absent or not a
 * whole number from 1 (the store then says which record is missing). */
int64_t netweb_form_id(struct ctx *c, const char *name);

/* The opening of a POST: netweb_open for a change, and the actor of the
 * request for the audit log (*w); false when refused, as netweb_open. */
struct desk_actor;
bool netweb_open_post(struct ctx *c, const char *section, struct net_page *p, struct desk_actor *w);
/* <form> posting to the page (p->base), with the CSRF field and the hidden
 * field "form" naming `form`; the caller closes it. */
void netweb_form_open(struct ctx *c, struct html *h, const struct net_page *p, const char *form);
/* A POST of the form `form` refused for its mistakes: their fields named
 * as on the page (netweb_prefix_errs) and a 400 started; the caller then
 * writes the page again with e. */
void netweb_form_failed(struct ctx *c, const char *form, struct desk_errs *e);

/* The value of the form's field `name` when the page answers a POST of the
 * form `form` (a hidden field "form"), else NULL: a form's values are
 * written back only into the form that was sent. */
const char *netweb_val(struct ctx *c, const char *form, const char *name);
/* The errors when the POST was of the form `form`, else NULL. */
const struct desk_errs *netweb_errs(struct ctx *c, const char *form, const struct desk_errs *e);

/* A decision's result as a tag, with "(vote closed)" once it is. */
struct network_decision;
void netweb_result_tag(struct html *h, const struct network_decision *x);
/* The board's voting rule in words, as a summary list. */
struct vote_policy;
void netweb_policy_words(struct ctx *c, struct html *h, const struct vote_policy *p);

#endif
