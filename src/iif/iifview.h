/* iifview.h: the JSON of the IIF and of the CAIP tracker, shared by the
 * CLI's --json (`pcnops iif`, `pcnops caip`) and the API
 * (/api/v1/pcns/CODE/iif, /api/v1/pcns/CODE/caip).
 *
 * A PCN's year: {pcn, year, rules, achievement_date, list_size, indicators,
 * totals, confidence}.  Each indicator: code as NHS England writes it
 * ("ACC-08"), nhs_id, kind, description, thresholds, status, numerator,
 * denominator (null when not known), achievement (a percentage, 87.01),
 * points earned by the data, deemed_points (null unless the rules deem
 * points earned), payment_pence (on the points that count: deemed where
 * deemed; null when it cannot be worked out, with payment_missing saying
 * why), data_payment_pence (what the data alone earns, when deemed),
 * what_if, and, when asked for, practices and trail.
 *
 * Units: money is integer pence (_pence); every figure is also given as an
 * integer in its unit (achievement_bp, points_thousandths).  achievement,
 * points and deemed_points are the same figures as decimals for people:
 * JSON numbers made from those integers at this edge only (no engine
 * arithmetic uses them), whole numbers as integers.  They are dumped with
 * PCN_JSON_DUMP (jsonfmt.h), so that 87.01 prints as 87.01. */
#ifndef PCN_IIFVIEW_H
#define PCN_IIFVIEW_H

#include <jansson.h>
#include <stdbool.h>

#include "caip.h"
#include "iif.h"
#include "iifdata.h"

struct iifview_opts {
    bool practices;  /* each indicator's practice breakdown       */
    bool explain;    /* each indicator's trail                    */
    struct arena *a; /* for the breakdowns                        */
};

/* A PCN's year.  NULL, with m set, when a breakdown cannot be worked out
 * (a practice's numerator above its denominator). */
json_t *iifview_pcn(const struct iif_pcn *p, const struct iif_result *r, const struct rules_year *y,
                    const struct iifview_opts *o, struct pcn_msg *m);

/* A decimal for people from a scaled integer: 8701, 2 -> 87.01; 71000, 3 -> 71. */
json_t *iifview_decimal(int64_t v, int decimals);

json_t *iifview_entries(const struct iif_entry *e, size_t n);
json_t *iifview_unallocated(fy_t fy, date_t ach, const struct iif_orphan *o, size_t n);
json_t *iifview_caip(const struct caip_view *v);

#endif
