/* entitle.h: what a PCN is entitled to in a financial year, to the penny,
 * with its working.  Pure: plain structs in, plain structs out; no I/O, no
 * clock, no globals; every allocation from the arena passed in.
 *
 * For each stream of the year's rules (rules.h, streams.csv):
 *
 *   exact      Each month of the year earns, for each rate row valid in
 *              that month, rate × base: a rate per year earns a twelfth of
 *              it, a rate per period shares it evenly among the period's
 *              months.  Bases are the PCN's at 1 January before the year:
 *              registered list (patients), adjusted or weighted population
 *              (hundredths), or care home beds entered for the month.  The
 *              sum is kept exactly, in units of 1/1,200,000 of a penny
 *              (12 months × 100 hundredths × 1,000 millipence), so no
 *              rounding happens before the end.
 *   annual     The exact sum divided once (money_div_round) and rounded to
 *              the penny by in->rounding (half up unless told otherwise;
 *              the NHS rule is a known gap, rules-reference §11.6).  For an
 *              achievement stream (CAIP) the maximum is multiplied by the
 *              achieved share before that one division.
 *   monthly    Twelve payments from April: each the annual amount shared in
 *              proportion to the month's exact amount and rounded down to
 *              the penny, with March taking what is left, so the twelve
 *              always add up to the annual amount.  When every month earns
 *              the same this is "annual ÷ 12 rounded down, the remainder in
 *              March".
 *   practices  The annual amount shared among the member practices by the
 *              Network Agreement's method for the stream: registered-list
 *              share (the default), weighted share, or fixed percentages;
 *              a stream paid to practices (participation) goes by each
 *              practice's own base; a maximum (ARRS) is not shared.  Shares
 *              use largest-remainder rounding, so they add up exactly.
 *
 * Estimates: where a population is missing for a practice its registered
 * list stands in; where the list sizes or the membership are not of 1
 * January, or beds or the CAIP achievement were not entered, the stream is
 * marked an estimate and its trail says why.
 *
 * Confidence: a stream's is the weakest of the rate rows it used; an
 * alternative row for the stream in the year (a conflicting value, such as
 * the later 2024/25 rates of rules-reference §3.1) makes it unconfirmed.
 * The result's is the weakest of its streams'. */
#ifndef PCN_ENTITLE_H
#define PCN_ENTITLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "date.h"
#include "err.h"
#include "money.h"
#include "rules.h"
#include "trail.h"

#define ENT_MONTHS 12
/* Units of the exact sums per penny: 12 months × 100 × 1,000. */
#define ENT_UNITS_PER_PENNY 1200000

/* A member practice and its bases on the population date. */
struct ent_practice {
    const char *code, *name;
    int64_t registered; /* patients; -1 when not known         */
    int64_t adjusted_h; /* hundredths; -1 when not known       */
    int64_t weighted_h; /* hundredths; -1 when not known       */
};

enum ent_method {
    METHOD_REGISTERED, /* registered-list share (the default) */
    METHOD_WEIGHTED,   /* weighted-population share           */
    METHOD_FIXED,      /* agreed fixed percentages            */
    METHOD_OWN,        /* a practice stream: each its own base */
    METHOD_NONE,       /* not shared (a maximum)              */
};
/* "registered", "weighted", "fixed", "own", "none"; parse accepts the first
 * three (0 or PCN_EINVAL). */
const char *ent_method_name(enum ent_method m);
int ent_method_parse(const char *s, enum ent_method *out);

/* The Network Agreement for one stream, or for every stream (stream NULL). */
struct ent_agreement {
    const char *stream;      /* NULL: every stream without its own   */
    enum ent_method method;  /* registered, weighted or fixed        */
    const int64_t *fixed_bp; /* fixed: per practice, in the order of
                                  ent_input.practices, adding to 10,000 */
    const char *origin;      /* where it was set, for the trail      */
};

struct ent_input {
    const char *pcn_code, *pcn_name;
    fy_t fy;
    date_t members_date; /* membership used; normally 1 January   */
    date_t list_date;    /* list-size publication used; DATE_NONE */
    struct ent_practice *practices;
    size_t npractices;
    /* Beds per month from April; beds_from[m] is the month the figure was
     * entered for (it may be carried from an earlier month). */
    bool beds_known[ENT_MONTHS];
    int64_t beds[ENT_MONTHS];
    date_t beds_from[ENT_MONTHS];
    bool caip_known;
    int64_t caip_bp;            /* achieved share, basis points, rounded:
                                  for display                           */
    int64_t caip_num, caip_den; /* the share, exact: num ÷ den (weights
                                  met ÷ all, or basis points ÷ 10,000)  */
    const struct ent_agreement *agreements;
    size_t nagreements;
    enum round_policy rounding; /* of the annual amounts; ROUND_HALF_UP  */
    /* What in the store could not be used as entered and what stands in,
     * in words for people (funding_inputs: fixed shares naming a practice
     * that has left, or not covering the members), shown with the figures. */
    const char **problems;
    size_t nproblems;
    bool no_working; /* the working is not wanted: each step of
                                  the trails keeps its value and
                                  confidence, but no words ("") and no
                                  source                                */
};

struct ent_stream {
    const struct rule_stream *rule; /* id, name, kind, paid_to        */
    pence_t annual;                 /* paid, or claimable for a maximum */
    pence_t maximum;                /* before the achieved share        */
    pence_t monthly[ENT_MONTHS];    /* April first; they add to annual */
    bool estimate;
    enum confidence conf;
    enum ent_method method;
    pence_t *practice_annual; /* npractices, or NULL (not shared) */
    struct trail trail;
};

/* A stream of the year that could not be computed (its rate is not known). */
struct ent_missing {
    const struct rule_stream *rule;
    const char *reason;
};

struct ent_result {
    const struct ent_input *in;
    fy_t fy;
    date_t base_date;   /* 1 January before the year        */
    int64_t registered; /* PCN bases used                   */
    int64_t adjusted_h, weighted_h;
    bool registered_estimate, adjusted_estimate, weighted_estimate;
    struct trail inputs; /* the working of the bases         */
    struct ent_stream *streams;
    size_t nstreams;
    struct ent_missing *missing;
    size_t nmissing;
    pence_t total;                     /* payments: the DES streams paid to
                                         the PCN and its practices (kind
                                         payment, and the achieved share of
                                         an achievement); never a maximum */
    pence_t maxima_total;              /* "up to": the ceilings the PCN
                                         claims against (the ARRS sum),
                                         never added to payments          */
    pence_t outside_total;             /* streams paid outside the DES (the
                                         SFE's GP reimbursement scheme), to
                                         practices: never in total        */
    pence_t monthly_total[ENT_MONTHS]; /* payments by month               */
    pence_t *practice_total;           /* shared streams, per practice     */
    bool estimate;                     /* any stream is                    */
    enum confidence conf;              /* the weakest stream's             */
};

/* Computes every stream of the year for the PCN.  0, or PCN_EINVAL (no
 * member practices, a year whose rules have errors, fixed shares that do
 * not fit the practices) or PCN_ELIMIT (an amount past int64) with m set. */
int entitle_compute(const struct ent_input *in, const struct rules_year *y, struct arena *a,
                    struct ent_result *out, struct pcn_msg *m);

/* The stream with this id, or NULL. */
const struct ent_stream *entitle_stream(const struct ent_result *r, const char *id);

/* Shares total (>= 0) among n weights (>= 0, not all 0) by largest
 * remainder: each gets floor(total × w / W), then the pennies left go one
 * each to the largest remainders, the earlier first on a tie.  The shares
 * add up to total.  0, or PCN_ELIMIT on overflow. */
int entitle_apportion(pence_t total, const int64_t *w, size_t n, pence_t *out);

/* Twelve monthly payments: total × w[m] / W rounded down for April to
 * February, March takes the rest.  W = the sum of w, > 0.  0 or PCN_ELIMIT. */
int entitle_months(pence_t total, const int64_t w[ENT_MONTHS], pence_t out[ENT_MONTHS]);

#endif
