/* page_iif.h: what the IIF pages (page_iif.c) and the CAIP tracker
 * (page_caip.c) share.  Their handlers are declared in pages.h; this is
 * only for those two files. */
#ifndef PCN_PAGE_IIF_H
#define PCN_PAGE_IIF_H

#include "html.h"
#include "rules.h"
#include "web.h"

struct form_errs;

/* The PCN of the route with the rules (*r) if the user may read it (write:
 * change it); NULL when a page (404, audited; or 500) has been written. */
const char *page_iif_pcn_rules(struct ctx *c, bool write, const struct rules **r);
/* ?year= (or the form's year, s), else this year, else the latest the
 * rules have before it (*fallback).  0 when the rules have no year at all. */
fy_t page_iif_year_param(struct ctx *c, const struct rules *r, const char *s, bool *fallback);
/* "2025-26" in a. */
const char *page_iif_year_dir(struct arena *a, fy_t fy);
/* The page frame: Home, the PCN, then crumb_text (when not NULL), with the
 * form's errors (es may be NULL). */
void page_iif_begin(struct ctx *c, struct html *h, const char *code, const char *title,
                    const char *section, const struct form_errs *es, const char *crumb_text,
                    const char *crumb_href);
/* A share in basis points as a percentage ("66.67%"). */
void page_iif_pct(struct html *h, int64_t bp);
/* Links to the other years the rules hold, for `page` ("iif", "caip"). */
void page_iif_year_links(struct ctx *c, struct html *h, const struct rules *r, const char *code,
                         const char *page, fy_t shown);
/* Says that this year's rules are missing, and which year is shown. */
void page_iif_fallback_notice(struct ctx *c, struct html *h, fy_t shown);

#endif
