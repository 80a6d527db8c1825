/* money.h: exact money and scaled integers.  No floating point, ever.
 *
 * Units (house-style.md §4):
 *   pence_t          money, in pence                         £75.50  = 7550
 *   millipence       a rate per patient or bed, 1/1000 penny £2.218  = 221800
 *   basis points     a percentage, 1/100 of a per cent       14.38%  = 1438
 *   WTE ten-thousandths                                      0.8 WTE = 8000
 *
 * Arithmetic: multiply first (checked for overflow), divide once, through
 * money_div_round with a named rounding policy. */
#ifndef PCN_MONEY_H
#define PCN_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

typedef int64_t pence_t;

#define MILLIPENCE_PER_PENNY 1000
#define BP_WHOLE 10000  /* 100% in basis points       */
#define WTE_WHOLE 10000 /* 1.0 WTE in ten-thousandths  */

enum round_policy {
    ROUND_HALF_UP,   /* halves away from zero: 2.5 -> 3, -2.5 -> -3 */
    ROUND_DOWN,      /* towards zero: 2.9 -> 2, -2.9 -> -2          */
    ROUND_HALF_EVEN, /* banker's rounding: 2.5 -> 2, 3.5 -> 4       */
    ROUND_UP,        /* away from zero: 2.1 -> 3                    */
};

/* "half-up", "down", "half-even", "up"; 0 or PCN_EINVAL. */
int round_policy_parse(const char *s, enum round_policy *out);
const char *round_policy_name(enum round_policy p);

/* *out = a * b, or PCN_ELIMIT on int64 overflow. */
int money_mul(int64_t a, int64_t b, int64_t *out);
/* *out = a + b, or PCN_ELIMIT on overflow. */
int money_add(int64_t a, int64_t b, int64_t *out);
/* num / den rounded by policy.  den must be > 0 (BUG otherwise). */
int64_t money_div_round(int64_t num, int64_t den, enum round_policy p);
/* The product of num[0..nnum) divided by the product of den[0..nden),
 * rounded once by policy: exact, for products that fit in 127 bits (the
 * multiplications are checked), so a figure with several ratios in it (the
 * IIF payment: points × point value × list-size and prevalence
 * adjustments) is multiplied out first and divided once.  Every den must
 * be > 0 (BUG otherwise); an empty product is 1.  0, or PCN_ELIMIT when a
 * product passes 127 bits or the result passes int64. */
int money_ratio_round(const int64_t *num, size_t nnum, const int64_t *den, size_t nden,
                      enum round_policy p, int64_t *out);

/* Fixed-point decimal parse: optional '-', digits (thousands commas allowed
 * when correctly grouped: 1,234,567), optional '.' and up to `decimals`
 * fraction digits.  The value is scaled by 10^decimals and must lie in
 * [min, max].  0, or PCN_EINVAL (format, too many decimals, out of range). */
int fixed_parse(const char *s, size_t len, int decimals, int64_t min, int64_t max, int64_t *out);

/* "£1,234.56", "1234.56", "£75", "-3.20": at most 2 decimals.  A leading
 * pound sign (UTF-8) is allowed after any '-'. */
int money_parse(const char *s, size_t len, pence_t *out);
/* A rate in pounds with up to 5 decimals -> millipence: "2.218" -> 221800. */
int rate_parse(const char *s, size_t len, int64_t *millipence);

/* Appenders, all exact integer formatting:
 *   money_add_plain   "1234.56", "-3.20"       (CSV, XLSX cells as text)
 *   money_add_display "£1,234.56", "£75", "-£3.20"  (pages: whole pounds
 *                     without pence, per the NHS content style)
 *   money_add_display2 "£75.00" (always two decimals, for table columns)
 *   rate_add_display  "£2.218", "£120", "£0.72963" (trailing zeros dropped)
 *   fixed_add         v scaled by 10^decimals, at least min_decimals shown */
int money_add_plain(struct buf *b, pence_t v);
int money_add_display(struct buf *b, pence_t v);
int money_add_display2(struct buf *b, pence_t v);
int rate_add_display(struct buf *b, int64_t millipence);
int fixed_add(struct buf *b, int64_t v, int decimals, int min_decimals, bool grouped);

#endif
