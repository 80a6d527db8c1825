/* iif.h: the Investment and Impact Fund (IIF): a PCN's achievement, points
 * and payment for each indicator of a year, what reaching the upper
 * threshold takes and is worth, and each practice's part.  Pure: plain
 * structs in, plain structs out; no I/O, no clock; every allocation from the
 * arena passed in.
 *
 * For an indicator with lower threshold L and upper U (basis points),
 * maximum points P (thousandths of a point) and the PCN's numerator n and
 * denominator d (rules-reference §7.1):
 *
 *   achievement  n ÷ d in basis points, rounded half up, for people; the
 *                points use n and d exactly, never the rounded figure.
 *                d = 0: there is no achievement and no points are earned.
 *                n > d, or a negative figure, is refused (PCN_EINVAL).
 *   points       none at or below the lower threshold (n × 10,000 ≤ L × d),
 *                all at or above the upper (n × 10,000 ≥ U × d), and in
 *                between P × (n × 10,000 − L × d) ÷ ((U − L) × d), rounded
 *                half up to a thousandth of a point.
 *   deemed       where the rules deem a share of the points earned whatever
 *                the data (iif_adjustments.csv; ACC-08 in 2023/24: 100%),
 *                deemed points = P × share.  The payment is on the deemed
 *                points, and what the data alone earns is kept beside it.
 *   payment      points × point value × list-size adjustment × prevalence
 *                adjustment, multiplied out exactly and divided once
 *                (money_ratio_round), rounded by in->rounding (half up):
 *                  list-size adjustment  the PCN's registered list ÷ the
 *                      national average PCN list (all PCNs' patients ÷ the
 *                      number of PCNs), both at 1 January before the year;
 *                  prevalence adjustment (PCN patients on the register ÷
 *                      PCN list) ÷ (national register ÷ national list), for
 *                      an indicator the rules say has one; 1 for one they
 *                      say has none.
 *   what-if      the more patients who need the intervention (added to the
 *                numerator, the denominator unchanged) for the PCN to reach
 *                the upper threshold: ceil(U × d ÷ 10,000) − n, and what
 *                the points and payment would then be, less today's.
 *
 * Nothing is invented.  Where the rules lack a figure (thresholds, points,
 * the point value, whether an indicator has a prevalence adjustment) or an
 * input is missing (the list-size adjustment's lists, a prevalence), the
 * result says which and keeps what can be worked out: an achievement
 * without thresholds, points without a point value, and so on.  Every step,
 * with the rule row it used, is in the indicator's trail; its confidence is
 * the weakest of those rows.
 *
 * Example (tests/test_iif.c): ACC-08 of 2023/24 (85% to 90%, 71 points) at
 * 87.5% earns 35.5 points; it was deemed achieved, so 71 points count. */
#ifndef PCN_IIF_H
#define PCN_IIF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "date.h"
#include "err.h"
#include "money.h"
#include "rules.h"
#include "trail.h"

/* The list-size adjustment's inputs. */
struct iif_list {
    bool known;            /* the three figures below are known          */
    int64_t pcn_list;      /* the PCN's registered patients              */
    int64_t national_list; /* every PCN's registered patients, together  */
    int64_t national_pcns; /* how many PCNs those are                    */
    date_t date;           /* the list sizes' date (1 January)           */
    bool estimate;         /* not the lists of 1 January                 */
    const char *note;      /* how they were found, or why not; may be NULL */
};

/* A prevalence: patients on a register and the list they are out of. */
struct iif_prevalence {
    bool known;
    int64_t pcn_patients, pcn_list;
    int64_t national_patients, national_list;
    const char *origin; /* "QOF 2024/25 register LD", "entered"; may be NULL */
};

/* One indicator's figures for the PCN. */
struct iif_data {
    const char *code;
    bool has_numerator, has_denominator;
    int64_t numerator, denominator;
    const char *origin; /* "NHS England's publication, 31 March 2024" */
    struct iif_prevalence prev;
};

struct iif_input {
    fy_t fy;
    date_t on; /* the achievement date: the rule rows holding */
    struct iif_list list;
    const struct iif_data *data; /* indicators with no entry have no data */
    size_t ndata;
    enum round_policy rounding; /* of points and payment; ROUND_HALF_UP */
    bool no_working;            /* leave the trails' words out (iif --all
                                  without --explain): the figures are the same */
};

enum iif_status {
    IIF_NO_DATA,       /* no numerator and denominator               */
    IIF_INFORMATION,   /* management information: earns no points    */
    IIF_NO_PATIENTS,   /* a denominator of 0                         */
    IIF_NO_THRESHOLDS, /* figures, but the thresholds are not known  */
    IIF_NOT_ACHIEVED,  /* at or below the lower threshold            */
    IIF_PART_ACHIEVED, /* between the thresholds                     */
    IIF_ACHIEVED,      /* at or above the upper threshold            */
};
/* For people and tags: "No data", "Information only", "No patients",
 * "Thresholds not known", "Not achieved", "Part achieved", "Achieved". */
const char *iif_status_label(enum iif_status s);
/* For JSON: "no_data", "information", "no_patients", "no_thresholds",
 * "not_achieved", "part_achieved", "achieved". */
const char *iif_status_name(enum iif_status s);

/* What reaching the upper threshold takes and is worth. */
struct iif_whatif {
    bool known;       /* thresholds known and a denominator above 0 */
    int64_t target;   /* the numerator that reaches the upper threshold */
    int64_t patients; /* more patients needed; 0 when already there */
    bool has_points;
    int64_t points_gain;        /* thousandths of a point                     */
    int64_t points_per_patient; /* between the thresholds, thousandths       */
    bool has_payment;
    pence_t payment_gain; /* what those points would add to the payment */
    bool deemed;          /* the points counted are deemed: the data's
                                  gain does not change this year's payment  */
};

struct iif_result_ind {
    const struct rule_iif *rule;
    const char *code;
    enum iif_status status;
    bool has_data;
    int64_t numerator, denominator;
    bool has_achievement;
    int64_t achievement_bp;
    bool has_points;       /* earned by the data                         */
    int64_t points;        /* thousandths                                */
    bool deemed;           /* the rules deem points earned               */
    int64_t deemed_points; /* thousandths                                */
    const struct rule_iif_adjustment *deemed_rule;
    bool has_payment; /* on the points that count (deemed if deemed) */
    pence_t payment;
    bool has_data_payment; /* what the data alone earns (when deemed)   */
    pence_t data_payment;
    const char *missing;     /* why the payment is not worked out, or NULL */
    int64_t list_adj_ppm;    /* list-size adjustment in millionths, for people; -1 */
    int64_t prev_adj_ppm;    /* prevalence adjustment in millionths; -1 none/unknown */
    bool prevalence_applies; /* the rules say it has one                   */
    struct iif_whatif whatif;
    enum confidence conf; /* the weakest rule row used                  */
    struct trail trail;
};

struct iif_result {
    fy_t fy;
    const struct rule_iif_value *value; /* the point value row; NULL */
    struct iif_result_ind *ind;         /* every indicator of the year, in
                                             the order of iif_indicators.csv */
    size_t nind;
    int64_t points;          /* thousandths: every payment indicator's
                                  points that count (deemed where deemed)   */
    pence_t payment;         /* the payments worked out                   */
    size_t payments_missing; /* payment indicators whose payment is not   */
    enum confidence conf;
};

/* n ÷ d in basis points, rounded by p.  PCN_EINVAL for n < 0, d <= 0 or
 * n > d (with words in m). */
int iif_achievement_bp(int64_t n, int64_t d, enum round_policy p, int64_t *out, struct pcn_msg *m);

/* The points n and d earn between lower_bp and upper_bp (lower < upper)
 * out of max_points (thousandths), rounded by p.  d = 0 earns 0.
 * PCN_EINVAL for a negative figure or n > d; PCN_ELIMIT on overflow. */
int iif_points(int64_t n, int64_t d, int64_t lower_bp, int64_t upper_bp, int64_t max_points,
               enum round_policy p, int64_t *out, struct pcn_msg *m);

/* Payment for `points` (thousandths) at `value` pence a point, with the
 * list-size adjustment (list) and a prevalence adjustment (prev, or NULL
 * for none): one division.  0, PCN_EINVAL (an input of 0 where it divides),
 * or PCN_ELIMIT. */
int iif_payment(int64_t points, pence_t value, const struct iif_list *list,
                const struct iif_prevalence *prev, enum round_policy p, pence_t *out,
                struct pcn_msg *m);

/* Every indicator of the year (rows of y->iif, one per code: the row
 * holding on in->on, else the code's last row) with the PCN's figures.
 * 0, or PCN_EINVAL (a year whose rules have errors; a numerator above its
 * denominator, naming the indicator) or PCN_ELIMIT, with m set. */
int iif_compute(const struct rules_year *y, const struct iif_input *in, struct arena *a,
                struct iif_result *out, struct pcn_msg *m);

/* The indicator with this code, or NULL. */
const struct iif_result_ind *iif_find(const struct iif_result *r, const char *code);

/* The rule rows of a code holding on a date (or the code's last row). */
const struct rule_iif *iif_rule(const struct rules_year *y, const char *code, date_t on);
const struct rule_iif_adjustment *iif_adjustment(const struct rules_year *y, const char *code,
                                                 enum rule_iif_adjust kind, date_t on);
const struct rule_iif_value *iif_point_value(const struct rules_year *y, date_t on);

/* Practice by practice: each member's part of the PCN's figures, and what
 * helping it gains the PCN. */
struct iif_practice_in {
    const char *code, *name;
    bool has_data;
    int64_t numerator, denominator;
};

struct iif_practice_out {
    const char *code, *name;
    bool has_data;
    int64_t numerator, denominator;
    bool has_achievement;
    int64_t achievement_bp;
    int64_t share_numerator_bp;   /* of the PCN's numerator; -1 when it is 0 */
    int64_t share_denominator_bp; /* of the PCN's denominator; -1 when 0     */
    int64_t not_yet;              /* denominator − numerator                 */
    int64_t to_upper;             /* more patients for the practice itself to
                                     reach the upper threshold; -1 unknown  */
    bool has_gain;
    int64_t gain_points; /* the PCN's extra points (thousandths) if
                                     this practice reached the upper threshold */
};

/* The breakdown of the practices' figures for one indicator (rule may lack
 * thresholds or points: to_upper and gain are then unknown).  The PCN's
 * figures are the sum of the practices with data.  0, PCN_EINVAL (a
 * practice's numerator above its denominator), or PCN_ELIMIT. */
int iif_breakdown(const struct rule_iif *rule, const struct iif_practice_in *in, size_t n,
                  enum round_policy p, struct arena *a, struct iif_practice_out **out,
                  struct pcn_msg *m);

#endif
