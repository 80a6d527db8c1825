/* cashview.h: the cash-flow view of a PCN, around the pure cashflow.h: the
 * store side (the year's posts, claims and payments gathered; the PCN's own
 * ARRS lag setting, audited) and the views the page, the API and the CLI
 * share (JSON and the sheet for download), so the three always agree.
 *
 * Gathering (cashview_gather), for a PCN and financial year:
 *   the PCN's layered rules (override_rules);
 *   its payments as earned month by month (funding_compute_layered): the
 *     DES streams paid to the PCN (rule_stream_total TOTAL_PAYMENT, paid_to
 *     pcn), each with its schedule from payment_schedule.csv; a PCN whose
 *     entitlements cannot be worked out (no member practices) has none, and
 *     `streams_why` says why;
 *   each post in post in the year, month by month (arrs_claim_month): its
 *     cost and its claim, and the claim recorded for the month (staff.h);
 *   the lag: the PCN's own setting (arrs_lag), else the one seen in its
 *     paid claims of this year and the last (cashflow_observed_lag), else
 *     the rules' schedule for the ARRS stream; PCN_ENOTFOUND when none is
 *     known (a year the rules do not hold).
 * `extra`, if not NULL, is a post not in the register (the what-if: "if we
 * recruit this post from this month"): it is added as not yet claimed,
 * and nothing is written.
 *
 * Pay is personal data: the page, the API and the CLI show the cash flow
 * (whose monthly costs add up posts' pay) to those perm_read_salaries
 * allows, and audit each export. */
#ifndef PCN_CASHVIEW_H
#define PCN_CASHVIEW_H

#include <jansson.h>
#include <stdbool.h>

#include "arena.h"
#include "arrs.h"
#include "cashflow.h"
#include "deskdb.h"
#include "err.h"
#include "rules.h"
#include "sheet.h"

struct db;

enum cashview_lag {
    LAG_SETTING,  /* the PCN's own (arrs_lag)              */
    LAG_OBSERVED, /* seen in its paid claims               */
    LAG_RULES,    /* the rules' payment schedule           */
};
/* "setting", "observed", "rules" */
const char *cashview_lag_name(enum cashview_lag l);

/* The PCN's own lag setting. */
struct cashview_setting {
    bool set;
    int lag;
    const char *note;
    time_t at;
};

struct cashview {
    const char *pcn;
    fy_t fy;
    date_t today;
    struct cashflow cf;
    enum cashview_lag lag_from;
    size_t lag_claims;                     /* LAG_OBSERVED: how many paid claims     */
    const struct rule_schedule *arrs_rule; /* the rules' ARRS schedule, or NULL */
    struct cashview_setting setting;
    struct cashflow_stream *streams;
    size_t nstreams;
    const char *streams_why; /* NULL, or why no payments are placed    */
    size_t nposts;           /* posts in post in the year (not the extra) */
};

int cashview_gather(struct db *db, const struct rules *r, const char *pcn, fy_t fy, date_t today,
                    const struct arrs_post *extra, struct arena *a, struct cashview *out,
                    struct pcn_msg *m);

/* The what-if post: `role` (an ARRS role of the year) at wte_e4 (1 to
 * 10,000) from the first day of month `from` to 31 March, costing `pay` a
 * year: the salary at that WTE (on-costs worked out by the rules) or, with
 * whole_cost, salary and on-costs together.  PCN_EINVAL naming the field
 * ("role", "wte", "from", "pay") for a bad one. */
int cashview_whatif_post(const struct rules *r, fy_t fy, const char *role, int64_t wte_e4,
                         date_t from, pence_t pay, bool whole_cost, struct arena *a,
                         struct arrs_post *out, const char **field, struct pcn_msg *m);

/* The PCN's setting (set false when it has none). */
int cashview_setting(struct db *db, const char *pcn, struct arena *a, struct cashview_setting *out,
                     struct pcn_msg *m);
/* Sets (lag 0..12, a note of at most 500 characters saying why) or, with
 * lag < 0, removes the PCN's setting; one transaction with its audit entry
 * ("arrs-lag-set", before and after); removing a setting that is not
 * there writes and audits nothing.  PCN_EINVAL for a bad lag or note,
 * PCN_ENOTFOUND for a code that is not a PCN. */
int cashview_set_lag(struct db *db, const char *pcn, int lag, const char *note,
                     const struct desk_actor *who, struct pcn_msg *m);

/* {pcn, year, today, lag_months, lag_from, lag_claims, opening_pence (0),
 *  months[{month "2026-04", past, streams_in_pence, arrs_paid_pence,
 *          arrs_expected_pence, arrs_projected_pence, arrs_in_pence,
 *          costs_out_pence, arrs_net_pence, arrs_balance_pence,
 *          balance_pence}],
 *  totals{streams_in_pence, arrs_in_pence, costs_out_pence},
 *  after_year{arrs_pence, streams_pence}, unplaced_pence,
 *  unplaced_streams[{id, name, annual_pence, why}],
 *  widest_gap{month, pence} or null, widest_gap_with_payments{...} or null,
 *  costs_unknown, claims_unknown, streams_why}
 * A new reference. */
json_t *cashview_json(const struct cashview *v);

/* One sheet "Cash flow": a row a month with headers in words and units. */
void cashview_sheet(const struct cashview *v, struct arena *a, struct sheet *out);

#endif
