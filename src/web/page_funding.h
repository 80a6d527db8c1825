/* page_funding.h: what the funding pages share (page_funding.c, the
 * PCN's year and the downloads; page_funding_practices.c, its practices'
 * shares; page_funding_inputs.c,
 * the inputs and their forms; page_funding_icb.c, the ICB's PCNs).  Their
 * handlers are declared in pages.h; this is only for those three files. */
#ifndef PCN_PAGE_FUNDING_H
#define PCN_PAGE_FUNDING_H

#include "html.h"
#include "rules.h"
#include "ui.h"
#include "web.h"

struct form_errs;
struct sheet;

/* The year asked for (?year=2025-26 or 2025/26), else today's, else the
 * latest the rules have (fallback).  y is NULL when the rules have no such
 * year. */
struct year {
    fy_t fy;
    bool fallback;
    const struct rules *r;
    const struct rules_year *y;
};

/* The PCN of the route if the user may read it (write: change its inputs);
 * otherwise 404, audited. */
const char *page_funding_pcn_for(struct ctx *c, bool write);
/* The start of every page of a PCN or an ICB (code NULL: the page has been
 * answered): the rules and the year `given`; need: a year the rules hold,
 * else 404.  false when a page was written (400 for a year that is not a
 * financial year). */
bool page_funding_start(struct ctx *c, const char *code, const char *given, bool need,
                        struct year *yr);
/* "2025-26" (directories and ?year=) and "2025/26" (words), in c->a. */
const char *page_funding_fy_dir(struct ctx *c, fy_t fy);
const char *page_funding_fy_label(struct ctx *c, fy_t fy);
/* "April 2026": the month k (0 = April) of the year. */
const char *page_funding_month_label(struct ctx *c, fy_t fy, int k);
/* The page frame with the form's errors (es may be NULL). */
void page_funding_begin(struct ctx *c, struct html *h, const char *title, const char *section,
                        const struct form_errs *es, const struct ui_crumb *crumbs, size_t ncrumbs);
/* Money with pence; a numeric table cell of it; a population (hundredths). */
void page_funding_money2(struct html *h, pence_t v);
void page_funding_money_cell(struct html *h, pence_t v);
void page_funding_population(struct html *h, int64_t hundredths);
/* "Estimate" and confidence tags. */
void page_funding_tags(struct html *h, bool estimate, enum confidence conf);
/* The notices: this year's rules missing (another year shown); a year the
 * rules do not hold; the rules' own missing-figures note. */
void page_funding_fallback_notice(struct ctx *c, struct html *h, fy_t shown);
void page_funding_no_year_notice(struct ctx *c, struct html *h, fy_t fy);
void page_funding_missing_year_notice(struct ctx *c, struct html *h, const struct rules_year *y);
/* The year chooser (a GET form to `action`). */
void page_funding_year_selector(struct ctx *c, struct html *h, const struct rules *r,
                                const char *action, fy_t fy);
/* funding-CODE-2026-27.csv or .xlsx of the sheets, audited as an export
 * of a `kind` ("pcn", "icb"). */
void page_funding_send_sheets(struct ctx *c, const struct sheet *sheets, bool xlsx,
                              const char *kind, const char *code, fy_t fy);
/* A details component of the working: the trail's steps (keys from
 * key_prefix) after the context sentence. */
struct trail;
struct ent_input;
struct ent_result;
void page_funding_details(struct html *h, const char *summary, const char *context,
                          const struct trail *t, const char *key_prefix);
/* The inputs and result of a PCN's year.  0; or a page was written (404
 * for a PCN the registry does not know, 500) and the caller stops. */
int page_funding_compute(struct ctx *c, const char *code, const struct year *yr,
                         struct ent_input *in, struct ent_result *res);
/* What in the PCN's inputs could not be used as entered (fixed shares
 * naming a practice that has left), and where to put it right. */
void page_funding_problems_callout(struct ctx *c, struct html *h, const struct ent_input *in,
                                   fy_t fy);
/* Why the result is an estimate: the steps of the working that say so. */
void page_funding_estimate_callout(struct html *h, const struct ent_result *r);
/* A hidden form field; a form's submit button. */
void page_funding_hidden(struct html *h, const char *name, const char *value);
void page_funding_button(struct html *h, const char *text);

#endif
