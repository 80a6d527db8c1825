/* arrs.h: Additional Roles Reimbursement Scheme claims, the year's forecast
 * and headroom.  Pure: plain structs in, plain structs out; no I/O, no
 * clock; every allocation from the arena passed in.
 *
 * A month's claim for one post (rules-reference §5.2, derived ❓):
 *
 *   days       the days of the month the person is in post (start and end
 *              dates inclusive), cut into stretches where the terms (WTE,
 *              pay) and the role's maximum stay the same;
 *   cost       for each stretch: the post's annual cost ÷ 12 × days ÷ days
 *              in the month, summed exactly and rounded half up to the
 *              penny once.  The annual cost is, in order of preference, the
 *              cost entered (cost_pence), or the salary (entered at the WTE,
 *              or the AfC pay point × WTE) plus on-costs (entered, or from
 *              the rules: employer pension on the salary, and employer NI on
 *              what is above the threshold when the rules give one);
 *   share      cost × the role's reimbursed share (50% for mental health
 *              practitioners), rounded half up;
 *   cap        for each stretch: the maximum reimbursable for the role, zone
 *              and date × WTE ÷ 12 × days ÷ days in the month, summed
 *              exactly and rounded half up once.  Where the rules have no
 *              maximum for the zone, the national one is used and the claim
 *              is unconfirmed; where they have none at all the claim cannot
 *              be worked out (known = false) and says why;
 *   claim      the smaller of share and cap.  (Whether a mental health
 *              practitioner's maximum applies to the PCN's half or to the
 *              whole cost is not known: with maximum_applies_to
 *              whole_cost the claim is share × min(cost, cap) ÷ cost,
 *              otherwise min(share, cap), unconfirmed.)
 *
 * Examples (tests/test_arrs.c): a clinical pharmacist at 1.0 WTE costing
 * more than the 2025/26 maximum of £66,972 claims £5,581.00 for a full
 * month; starting 16 September 2025 at 0.6 WTE, £1,674.30 for September. */
#ifndef PCN_ARRS_H
#define PCN_ARRS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "date.h"
#include "err.h"
#include "money.h"
#include "rules.h"
#include "trail.h"

enum arrs_employment {
    EMP_EMPLOYED,      /* by the PCN                                  */
    EMP_LEAD_PRACTICE, /* by its lead practice                        */
    EMP_SUBCONTRACTED, /* bought in at a cost                         */
    EMP_MHP_SHARED,    /* a mental health practitioner, shared 50%    */
};
const char *arrs_employment_name(enum arrs_employment e); /* "employed" ... */
int arrs_employment_parse(const char *s, enum arrs_employment *out);
/* "national", "outer_london", "inner_london" */
int arrs_zone_parse(const char *s, enum rule_area *out);

/* The terms of a post from a date: hours and what it costs. */
struct arrs_terms {
    date_t from;
    int64_t wte_e4;   /* 1 to 10,000                                */
    const char *band; /* AfC band, or NULL                          */
    bool has_point;
    enum rule_pay_point point;
    bool has_salary; /* a year's salary at the WTE                 */
    pence_t salary;
    bool has_oncost; /* a year's employer on-costs                 */
    pence_t oncost;
    bool has_cost; /* a year's whole cost (salary and on-costs)  */
    pence_t cost;
};

struct arrs_post {
    int64_t id;
    const char *name;
    const char *role; /* an ARRS role id of the rules               */
    enum rule_area zone;
    enum arrs_employment employment;
    date_t start, end;              /* inclusive; end DATE_NONE while in post    */
    const struct arrs_terms *terms; /* sorted by from; the first from <= start */
    size_t nterms;
};

struct arrs_claim {
    int year, month;
    int days;        /* days in post in the month                  */
    bool known;      /* false: no maximum in the rules, no pay, or a
                                  role the year lacks (why, and the trail)  */
    const char *why; /* !known: the reason, for a person           */
    pence_t cost, share, cap, claim;
    bool capped;          /* the cap was the smaller                    */
    bool estimate;        /* on-costs not fully known                   */
    enum confidence conf; /* the weakest rule used                      */
    struct trail trail;
};

/* A post's claim for one month.  A claim that cannot be worked out (no
 * maximum for the role, no pay, a role the year's rules lack) is not an
 * error: known is false and why says what is missing.  PCN_ENOTFOUND only
 * when the rules have no year at all for the month (rules_load makes every
 * year from the first folder's to the next one). */
int arrs_claim_month(const struct rules *r, const struct arrs_post *p, int year, int month,
                     struct arena *a, struct arrs_claim *out, struct pcn_msg *m);

/* The year's position: the ARRS sum against claims recorded plus the
 * claimable amount of every month not yet claimed, to 31 March. */
struct arrs_recorded { /* a claim already in the store               */
    int64_t post_id;
    int year, month;
    bool submitted; /* submitted, approved or paid (not a draft)  */
    pence_t amount; /* approved or paid amount when known, else claimed */
};

struct arrs_role_headroom {
    const char *role, *role_name;
    pence_t max;    /* national maximum per WTE a year            */
    int64_t wte_e4; /* the WTE the headroom pays for from `from`  */
};

/* The forecast's alert: the year's projected claims under this share of
 * the ARRS sum, money that will go unclaimed (PCN Ops's own threshold, not an
 * NHS rule: a few per cent under is the usual margin of vacancies and
 * starts; words shown to users take the figure from here). */
#define ARRS_ALERT_UNDER_PCT 97

struct arrs_forecast {
    fy_t fy;
    bool sum_known;             /* false: the sum is not known, so sum,
                                  headroom, used_bp, the alerts and the
                                  roles' headroom are not worked out        */
    const char *sum_why;        /* !sum_known: why, for a person, when it is
                                  not that the year's ARRS rate is not known
                                  (staff_position; NULL from here)          */
    pence_t sum;                /* the year's ARRS sum (entitlement)          */
    pence_t claimed;            /* recorded claims, submitted or later        */
    pence_t forecast;           /* claimable, not yet claimed, to 31 March    */
    pence_t projected;          /* claimed + forecast                         */
    pence_t headroom;           /* sum - projected (negative: overspend)      */
    int64_t used_bp;            /* projected ÷ sum, basis points              */
    bool alert_under;           /* projected under ARRS_ALERT_UNDER_PCT% of the sum */
    bool alert_over;            /* projected over 100% of the sum             */
    long posts_unknown;         /* posts whose claim cannot be worked out     */
    pence_t month_claim[12];    /* claims by month, April first: recorded ones
                                  (month_recorded) and projected ones        */
    pence_t month_recorded[12]; /* of which claimed (submitted or later)     */
    date_t from;                /* the first month of the headroom (today's next) */
    struct arrs_role_headroom *roles;
    size_t nroles;
};

/* today decides which months are past; months from the next one on count
 * for headroom.  The sum comes from the entitlements (entitle.h); a
 * negative sum means it is not known (sum_known false). */
int arrs_forecast_year(const struct rules *r, const struct arrs_post *posts, size_t nposts,
                       const struct arrs_recorded *rec, size_t nrec, fy_t fy, pence_t sum,
                       date_t today, struct arena *a, struct arrs_forecast *out, struct pcn_msg *m);

/* "single", "entry", "intermediate", "top" (the words of afc_pay.csv).
 * 0 or PCN_EINVAL. */
int arrs_pay_point_parse(const char *s, enum rule_pay_point *out);

/* The year to show by default: today's, or when the rules have no
 * directory for it, the latest year before it that they have (*fallback
 * set).  0 when the rules have no year at all up to today. */
fy_t arrs_default_year(const struct rules *r, date_t today, bool *fallback);

/* The maximum row for a role, zone and date (falling back to national,
 * *fallback set); NULL when none is known. */
const struct rule_max *arrs_find_max(const struct rules_year *y, const char *role,
                                     enum rule_area zone, date_t on, bool *fallback);
const struct rule_role *arrs_find_role(const struct rules_year *y, const char *role);

#endif
