/* page_iif.h: what the IIF pages (page_iif.c) and the CAIP tracker
 * (page_caip.c) share.  Their handlers are declared in pages.h; this is
 * only for those two files. */
#ifndef PCN_PAGE_IIF_H
#define PCN_PAGE_IIF_H

#include "html.h"
#include "rules.h"
#include "web.h"

struct form_errs;

/* What every IIF and CAIP handler starts from: the PCN of the route with
 * the rules (*r) if the user may read it (write: change it), and the year
 * (*fy) of ?year= (form: the form's year), else this year, else the latest
 * the rules have before it (*fallback, when not NULL); 0 when the rules
 * have no year at all.  NULL when a page (404, audited; or 500) has been written. */
const char *page_iif_route(struct ctx *c, bool write, bool form, const struct rules **r, fy_t *fy,
                           bool *fallback);
/* "2025-26" in a. */
const char *page_iif_year_dir(struct arena *a, fy_t fy);
/* A share in basis points as a percentage ("66.67%"). */
void page_iif_pct(struct html *h, int64_t bp);
/* Links to the other years the rules hold, for `page` ("iif", "caip"). */
void page_iif_year_links(struct ctx *c, struct html *h, const struct rules *r, const char *code,
                         const char *page, fy_t shown);
/* Says that this year's rules are missing, and which year is shown. */
void page_iif_fallback_notice(struct ctx *c, struct html *h, fy_t shown);

#endif
