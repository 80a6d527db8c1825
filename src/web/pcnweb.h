/* pcnweb.h: what the pages of one PCN's funds (ARRS, IIF, CAIP: page_arrs*.c,
 * page_iif.c, page_caip.c) share: the page frame, the months of a year. */
#ifndef PCN_PCNWEB_H
#define PCN_PCNWEB_H

#include "date.h"
#include "html.h"
#include "web.h"

struct form_errs;

/* The page frame of one of a PCN's pages, in the header's `section`: the
 * crumbs Home, the PCN, then crumb_text (when not NULL) to crumb_href,
 * with the form's errors (es may be NULL). */
void pcnweb_begin(struct ctx *c, struct html *h, const char *code, const char *title,
                  const char *section, const struct form_errs *es, const char *crumb_text,
                  const char *crumb_href);
/* The twelve months of financial year fy, April first, for a select: the
 * values ("2026-04") in mv and the labels ("April 2026") in ml, in a. */
void pcnweb_year_months(struct arena *a, fy_t fy, const char *mv[12], const char *ml[12]);

#endif
