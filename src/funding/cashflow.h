/* cashflow.h: when the money arrives, and the cash gap it leaves.
 *
 * Pure: no I/O, no clock.  The caller (cashview.h) gathers the year's
 * figures from the store and the rules; this module places each pound in
 * the month it reaches the PCN's bank, or leaves it, and works out the
 * running balance month by month over the financial year.
 *
 * Money in:
 *   - each PCN payment stream as it is earned month by month (entitle.h),
 *     moved on by its payment schedule (rules/YYYY-YY/payment_schedule.csv:
 *     arrears_months; 1 = "monthly in arrears", paid the month after).  A
 *     stream whose schedule is not published is placed in no month: its
 *     year's amount is counted in `unplaced` and the page says so;
 *   - ARRS reimbursement, per post and month, from the claim's status:
 *       paid       in the month of its payment date, the amount paid;
 *       submitted, approved
 *                  expected `lag` months after the month claimed (the
 *                  approved amount when known, else the amount claimed);
 *       draft, not yet claimed
 *                  projected `lag` months after the month, the amount the
 *                  register works out (arrs_claim_month);
 *     money expected or projected for a month already gone is placed in
 *     today's month, never in the past.
 * Money out: each post's cost (salary and on-costs) in the month it is
 * worked: staff are paid in the month.
 *
 * The lag: the PCN's own, from its paid claims' dates (cashflow_observed_lag:
 * months from the month claimed to the month paid, the middle of them,
 * the later of the two middles), else the rules' ARRS schedule.
 *
 * The balance starts at £0 on 1 April: money earned before the year and
 * arriving in it, and the year's money arriving after 31 March, are left
 * out of the months; `after_arrs` and `after_streams` say how much of the
 * year's money arrives after 31 March.
 *
 * Two balances: the ARRS balance (reimbursement in, staff costs out: the
 * cash gap that holds PCNs back from recruiting), and the balance with the
 * PCN's other payments placed too.  The other payments pay for other work
 * (Enhanced Access, the clinical director...) whose costs PCN Ops does not
 * hold, so the cash gap is the ARRS balance's lowest point.
 *
 * Money is int64 pence; sums are checked for overflow (PCN_ELIMIT). */
#ifndef PCN_CASHFLOW_H
#define PCN_CASHFLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "err.h"
#include "money.h"
#include "rules.h"

#define CASHFLOW_MONTHS 12

/* A payment stream of the PCN's as earned, April first. */
struct cashflow_stream {
    const char *id, *name;
    pence_t earned[CASHFLOW_MONTHS];
    const struct rule_schedule *schedule; /* NULL: the rules have none */
};

/* A claim's status, as cashflow sees it. */
enum cashflow_state {
    CF_NOT_CLAIMED, /* no claim recorded for the month        */
    CF_DRAFT,
    CF_SUBMITTED,
    CF_APPROVED,
    CF_PAID,
};
/* "not yet claimed", "drafted", "submitted", "approved", "paid" */
const char *cashflow_state_name(enum cashflow_state s);

/* One post in one month of the year. */
struct cashflow_item {
    int64_t post_id;
    int month; /* 0 = April ... 11 = March                */
    bool cost_known;
    pence_t cost; /* what the post costs the PCN that month  */
    bool claim_known;
    pence_t claim; /* the reimbursement worked out            */
    enum cashflow_state state;
    pence_t amount; /* recorded: paid, else approved, else
                                  claimed (-1: none recorded)            */
    date_t paid_on; /* CF_PAID: the day it was paid           */
};

/* A paid claim, for the observed lag: the month claimed and the day paid. */
struct cashflow_paid {
    int year, month; /* the month claimed (calendar)           */
    date_t paid_on;
};

struct cashflow_in {
    fy_t fy;
    date_t today;
    const struct cashflow_stream *streams;
    size_t nstreams;
    const struct cashflow_item *items;
    size_t nitems;
    int lag; /* months from a claim's month to its payment, 0..12 */
};

struct cashflow_month {
    int year, month;        /* calendar                               */
    pence_t streams_in;     /* other payments arriving                */
    pence_t arrs_paid;      /* ARRS paid (recorded)                   */
    pence_t arrs_expected;  /* submitted or approved, expected        */
    pence_t arrs_projected; /* drafted or not yet claimed, projected  */
    pence_t arrs_in;        /* the three above                        */
    pence_t costs_out;      /* the posts' costs                       */
    pence_t arrs_net;       /* arrs_in - costs_out                    */
    pence_t arrs_balance;   /* running, from £0 on 1 April            */
    pence_t balance;        /* running, the other payments too        */
    bool past;              /* the month has ended (before today's)   */
};

struct cashflow {
    fy_t fy;
    int lag;
    struct cashflow_month m[CASHFLOW_MONTHS];
    pence_t streams_in, arrs_in, costs_out; /* the year's months    */
    pence_t after_arrs;                     /* the year's ARRS money arriving after 31 March */
    pence_t after_streams;                  /* the year's other payments arriving after 31 March */
    pence_t unplaced;                       /* other payments whose schedule is not published */
    size_t nunplaced;                       /* streams with money not placed          */
    long costs_unknown;                     /* post-months whose cost is not known    */
    long claims_unknown;                    /* post-months whose claim is not known   */
    int widest;                             /* the month of the lowest ARRS balance below £0,
                                  0 = April; -1 when it never goes below */
    pence_t gap;                            /* that balance, as a positive amount; 0 when none */
    int widest_all;                         /* the same for the balance with the other payments */
    pence_t gap_all;
};

/* Works out the year.  0; PCN_EINVAL for a lag outside 0..12 or an item's
 * month outside 0..11; PCN_ELIMIT when a sum passes int64. */
int cashflow_compute(const struct cashflow_in *in, struct cashflow *out, struct pcn_msg *m);

/* The PCN's own lag from its paid claims: the months from the month
 * claimed to the month paid (a claim paid in its own month or before
 * counts 0), the middle one when sorted (the later of the two middles).
 * Returns how many paid claims it came from (0: *lag is left alone).
 * `scratch` holds n ints (the caller's). */
size_t cashflow_observed_lag(const struct cashflow_paid *paid, size_t n, int *scratch, int *lag);

/* The month index (0 = April) of the day `on` in year fy: negative before
 * the year, 12 or more after it. */
int cashflow_month_of(fy_t fy, date_t on);

#endif
