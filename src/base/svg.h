/* svg.h: small inline SVG charts, written with the HTML writer.
 *
 * Charts use presentation attributes only (no style elements or
 * attributes), so they pass a strict Content-Security-Policy, and carry a
 * <title> and <desc> for screen readers; each page also shows the figures
 * in a table beside the chart, so the chart is never the only way to read
 * them.  Integer arithmetic throughout: no floating point.
 *
 * Charts that do not lie: the rules of every value axis are here, in
 * svg_scale_pick, so that every caller gets them.
 *   - Bars, columns and areas start at zero (a negative value takes the
 *     axis below zero).
 *   - A line starts at zero too, unless its values are all above zero, the
 *     lowest is more than half the highest and they vary by at least one
 *     fiftieth of the highest (SVG_BREAK_SPAN): then the axis starts at a
 *     round value below the lowest and the chart shows a labelled axis
 *     break ("The axis starts at 30,000, not 0").  A flat line (£177,670
 *     a month) is therefore drawn flat, against zero, never as a cliff.
 *     A line of amounts (money, what is left of a sum, a share) asks for
 *     zero as bars do (svg_axis.from_zero): only counts that are never
 *     near zero, such as list sizes, are drawn with a break.
 *   - Axes have 2 to SVG_TICKS_MAX labelled ticks at round steps (1, 2 or
 *     5 times a power of ten) and a name with the unit ("Pounds a month").
 *   - One data point is a sentence, not a chart.
 * The SVG carries what it claims for a browser test to check:
 * data-axis-lo, data-axis-hi and data-axis-break on the <svg>, data-tick on
 * each tick line, data-value on each point, bar and column. */
#ifndef PCN_SVG_H
#define PCN_SVG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "html.h"

/* ---- the value axis --------------------------------------------------------- */

#define SVG_TICKS_MAX 6 /* ticks on an axis, at most (5 steps)          */
#define SVG_BREAK_SPAN                                                                             \
    50                                   /* a line varying by less than 1/50 of its top
                                     value is drawn against zero                 */
#define SVG_VALUE_MAX 1000000000000000LL /* values are clamped to +-10^15      */

struct svg_scale {
    int64_t lo, hi; /* the axis runs from lo (bottom, or left) to hi       */
    int64_t step;   /* ticks at lo, lo + step, ... hi: a round step        */
    int nticks;     /* (hi - lo) / step + 1, from 2 to SVG_TICKS_MAX        */
    bool broken;    /* lo > 0: a line's axis, broken between 0 and lo       */
};

/* The axis for values from min to max (min <= max), which goes up to at
 * least at_least (0: no such wish; 100 keeps a percentage's axis at 100).
 * line: the values are a line (may have a break); otherwise bars, columns
 * or areas (always from zero).  The rules are those at the top. */
void svg_scale_pick(int64_t min, int64_t max, int64_t at_least, bool line, struct svg_scale *s);
/* Where v falls on the axis drawn from pixel from (lo) to pixel to (hi),
 * rounded to the nearest pixel; from > to for a vertical axis (SVG y grows
 * downwards).  Values outside lo..hi are kept at the ends. */
int64_t svg_scale_px(const struct svg_scale *s, int64_t v, int64_t from, int64_t to);

/* How a value axis is named and its ticks written: "£" and "" give
 * "£50,000"; "" and "%" give "50%". */
struct svg_axis {
    const char *name;   /* with its unit: "Pounds a month", "Per cent"  */
    const char *prefix; /* before each tick value, or NULL              */
    const char *suffix; /* after it, or NULL                            */
    int64_t at_least;   /* the axis reaches at least this (0: no wish)  */
    bool from_zero;     /* a line of amounts (money paid, money left, a
                             share held): from zero like a bar, never broken */
};

/* ---- charts ----------------------------------------------------------------- */

struct svg_point {
    date_t x;
    int64_t y;
};

/* A line chart of y against date (points in date order), on the value
 * axis of svg_scale_pick, with the dates of some points labelled below.
 * One point is written as a sentence instead: "<title>: 31,234 on 1 July
 * 2023, the only figure so far."  id must be unique on the page. */
void svg_line_chart(struct html *h, const char *id, const char *title, const char *desc,
                    const struct svg_axis *axis, const struct svg_point *pts, size_t n);

/* One bar of a bar chart, and a reference line across the bars (a
 * threshold).  Values are scaled integers: decimals says how many of their
 * digits are decimals when they are printed (8701 with 2 is "87.01"). */
struct svg_bar {
    const char *label; /* beside the bar: a short code          */
    int64_t value;     /* from 0 to max; -1: no bar ("no data") */
};
struct svg_marker {
    int64_t value;
    const char *label; /* "90%" */
};

/* A horizontal bar chart: one bar per item, against 0..max (> 0), each
 * with its value printed at its end (decimals, then suffix such as "%"),
 * labelled ticks below (0, a fifth of max... max) and dashed vertical lines
 * at the markers.  id must be unique on the page; the page also shows the
 * figures in a table. */
void svg_bar_chart(struct html *h, const char *id, const char *title, const char *desc,
                   const struct svg_bar *bars, size_t n, int64_t max, int decimals,
                   const char *suffix, const struct svg_marker *marks, size_t nmarks);
/* A column chart, columns stacked from up to SVG_SERIES_MAX series (each with a
 * name and a fill colour such as "#005eb8", listed in a legend), with an
 * optional dashed reference line (ref >= 0, labelled ref_label).  Values
 * are integers; the axis starts at zero and shows them divided by scale
 * (60 shows minutes as hours) at round steps, named unit ("Hours").  Column
 * labels are short ("2 Nov"); with many columns only some are labelled.
 * id must be unique on the page. */
#define SVG_SERIES_MAX 4

struct svg_series {
    const char *name;
    const char *colour;
};

struct svg_stack {
    const char *label;
    int64_t v[SVG_SERIES_MAX];
};

void svg_stacked_chart(struct html *h, const char *id, const char *title, const char *desc,
                       const struct svg_series *series, size_t nseries,
                       const struct svg_stack *bars, size_t n, int64_t ref, const char *ref_label,
                       int64_t scale, const char *unit);
/* A grid of points on two scales of 1 to max (x across, y up), split into
 * four labelled quadrants (low x and y, high x, high y, both high) after the
 * value split (values up to split are low), each point a numbered circle
 * (its label, matched to a table beside the chart).  Points on the same
 * cell are spread out so none hides another. */
struct svg_grid_point {
    int x, y;
    const char *label; /* short: "1", "12" */
};

void svg_grid_chart(struct html *h, const char *id, const char *title, const char *desc,
                    const char *x_name, const char *y_name, int max, int split,
                    const char *const quadrant[4], const struct svg_grid_point *pts, size_t n);

#endif
