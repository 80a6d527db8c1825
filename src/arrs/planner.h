/* planner.h: the ARRS recruitment planner.  Pure; exact.
 *
 * Given the money left in the year (the headroom) and the posts the PCN
 * would like to fill, it finds the plan of greatest weighted value that the
 * headroom can pay for, within the year's caps:
 *
 *   choices   each post is left out or filled at a WTE from its minimum to
 *             its maximum in steps of 0.1, from a month no earlier than its
 *             earliest start, to 31 March;
 *   value     weight × tenths of WTE × months in post (so a post filled
 *             sooner, or at more hours, is worth more);
 *   cost      the claim per WTE per month × WTE × months, in pence (the
 *             caller works out the claim per WTE from the rules: arrs.h);
 *   caps      the WTE of a capped role, counting staff already in post,
 *             stays within the cap.
 *
 * Dynamic programming over value gives, for every value, the cheapest plan
 * that reaches it; the best plan is the greatest value whose cost fits the
 * headroom.  A capped role's posts are solved together first, as one item
 * whose options are its own best plans for each value under the cap.  The
 * alternatives are the best plans of the next lower values that fit.
 *
 * Limits: 64 posts, weights 1 to 100, WTE up to 1.0, and a total value of
 * at most 2,000,000 (PCN_ELIMIT past them). */
#ifndef PCN_PLANNER_H
#define PCN_PLANNER_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "money.h"

#define PLAN_MAX_POSTS 64
#define PLAN_STEP_E4 1000 /* 0.1 WTE */

struct plan_post {
    const char *name;
    const char *role;
    int64_t min_wte_e4, max_wte_e4; /* multiples of 0.1 WTE, 0.1 to 1.0 */
    int weight;                     /* 1 to 100                         */
    int earliest;                   /* month index: 0 April ... 11 March */
    pence_t claim_per_wte_month;    /* what a 1.0 WTE post claims a month */
};

struct plan_cap {
    const char *role;
    int64_t max_wte_e4;  /* the cap, in WTE                  */
    int64_t used_wte_e4; /* already in post                  */
};

struct plan_choice {
    int64_t wte_e4; /* 0: left out                      */
    int start;      /* month index                      */
    int months;
    pence_t cost;
    int64_t value;
};

struct plan {
    int64_t value;
    pence_t cost;
    struct plan_choice *choices; /* one per post, in input order     */
};

/* Solves; *nalts gets how many alternatives were found (up to max_alts). */
int plan_solve(const struct plan_post *posts, size_t n, const struct plan_cap *caps, size_t ncaps,
               pence_t budget, struct arena *a, struct plan *best, struct plan *alts,
               size_t max_alts, size_t *nalts, struct pcn_msg *m);

/* The cost of a post at a WTE for some months, rounded half up. */
pence_t plan_cost(pence_t claim_per_wte_month, int64_t wte_e4, int months);

#endif
