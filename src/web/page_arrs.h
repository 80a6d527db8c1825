/* page_arrs.h: what the ARRS pages share (page_arrs.c, the year's
 * position and the recruitment planner; page_arrs_staff.c, the staff
 * register and each record; page_arrs_claims.c, the month's claim and its
 * downloads).  Their handlers are declared in pages.h; this is only for
 * those three files. */
#ifndef PCN_PAGE_ARRS_H
#define PCN_PAGE_ARRS_H

#include "html.h"
#include "rules.h"
#include "staff.h"
#include "web.h"

struct form_errs;

/* The PCN of the route, if the user may read it (pay: its pay and claims);
 * else 404 and audited. */
const char *page_arrs_pcn_for(struct ctx *c, bool pay);
/* The same with the rules (*r), or NULL when either page has been answered. */
const char *page_arrs_pcn_rules(struct ctx *c, bool pay, const struct rules **r);
/* ?year=2025-26 (or 2025/26), default the current financial year, or the
 * latest the rules have (*fallback set). */
fy_t page_arrs_year_param(struct ctx *c, const struct rules *r, bool *fallback);
/* The page frame: Home, the PCN, then crumb_text (when not NULL), with the
 * form's errors (es may be NULL). */
void page_arrs_begin(struct ctx *c, struct html *h, const char *code, const char *title,
                     const struct form_errs *es, const char *crumb_text, const char *crumb_href);
/* The staff record numbered `text` when it belongs to PCN `code`; false for
 * a malformed number, a missing record or another PCN's, which the pages all
 * answer with 404 so that nobody learns another PCN's record exists. */
bool page_arrs_staff_of(struct ctx *c, const char *text, const char *code, int64_t *id,
                        struct staff *s);
/* The staff record of the route (c->params[1]) in the PCN of the route,
 * with the rules, when the user may see its pay; NULL when the page has
 * been answered (404 for a record that is not the PCN's).  es: a form's
 * errors to start, for a POST. */
const char *page_arrs_staff_route(struct ctx *c, const struct rules **r, int64_t *id,
                                  struct staff *s, struct form_errs *es);
/* A table cell of a month ("April 2026"). */
void page_arrs_month_cell(struct html *h, int year, int month);
/* A numeric table cell of money. */
void page_arrs_money_cell(struct html *h, pence_t v);
/* The role's name in the year's rules (its id when the rules lack it). */
const char *page_arrs_post_role_words(const struct rules *r, fy_t fy, const char *id);

#endif
