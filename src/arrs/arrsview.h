/* arrsview.h: the JSON of ARRS (staff, claims, the year's position, plans),
 * shared by the CLI's --json and the web API; and the columns and cells of
 * a claims download, shared by `pcnops arrs claims` and the claims page.
 *
 * Money is integer pence in fields ending _pence; WTE is a decimal string
 * ("0.6") in fields named wte, and ten-thousandths in wte_e4; months are
 * "YYYY-MM".  Pay (salary, on-costs, cost) is personal data: the staff view
 * leaves it out unless with_pay is true (the caller checks perm_read_salaries
 * and audits the view). */
#ifndef PCN_ARRSVIEW_H
#define PCN_ARRSVIEW_H

#include <jansson.h>

#include "arrs.h"
#include "planner.h"
#include "sheet.h"
#include "staff.h"

json_t *arrsview_staff(const struct staff *s, bool with_pay);
json_t *arrsview_staff_list(const struct staff *s, size_t n, bool with_pay);

/* One claim line: a post's computed claim for a month, with its recorded
 * status when there is one (rec NULL: not yet drafted). */
json_t *arrsview_claim_line(const struct staff *s, const struct arrs_claim *c,
                            const struct claim_rec *rec, bool explain);

json_t *arrsview_forecast(const struct arrs_forecast *f, bool sum_estimate);

json_t *arrsview_plan(const struct plan_post *posts, size_t n, fy_t fy, pence_t headroom,
                      const struct plan *best, const struct plan *alts, size_t nalts);

/* ---- the claims download (the CLI's and the claims page's) ----------- */

/* The status of a claim in words ("Draft" ... "Paid"), for people. */
const char *arrsview_claim_status_words(enum claim_status s);
/* The columns of a claims download, for sheet_init: the caller's first
 * nhead (which post, which month), then the ones arrsview_claim_cells
 * writes (days in post to why not worked out); in a, *ncols of them. */
const struct sheet_col *arrsview_claim_columns(struct arena *a, const struct sheet_col *head,
                                               size_t nhead, size_t *ncols);
/* The last cells of a claim line: the days in post; the cost, maximum and
 * claim (empty when not known); the status in words (rec NULL: "Not
 * drafted"); why it is not worked out (empty when it is). */
void arrsview_claim_cells(struct sheet *sh, const struct arrs_claim *c,
                          const struct claim_rec *rec);

/* "0.6" from ten-thousandths; "2025-09" from a year and month. */
json_t *jv_wte(int64_t wte_e4);
json_t *jv_month(int year, int month);

#endif
