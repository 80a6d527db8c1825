/* svg.h: small inline SVG charts, written with the HTML writer.
 *
 * Charts use presentation attributes only (no style elements or
 * attributes), so they pass a strict Content-Security-Policy, and carry a
 * <title> and <desc> for screen readers; each page also shows the figures
 * in a table, so the chart is never the only way to read them.
 * Integer arithmetic throughout. */
#ifndef PCN_SVG_H
#define PCN_SVG_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "html.h"

struct svg_point {
    date_t x;
    int64_t y;
};

/* A line chart of y against date.  id must be unique on the page. */
void svg_line_chart(struct html *h, const char *id, const char *title, const char *desc,
                    const struct svg_point *pts, size_t n);

/* One bar of a bar chart, and a reference line across the bars (a
 * threshold).  Values are scaled integers: decimals says how many of their
 * digits are decimals when they are printed (8701 with 2 is "87.01"). */
struct svg_bar {
    const char *label;       /* beside the bar: a short code          */
    int64_t value;           /* from 0 to max; -1: no bar ("no data") */
};
struct svg_marker {
    int64_t value;
    const char *label;       /* "90%" */
};

/* A horizontal bar chart: one bar per item, against 0..max (> 0), each
 * with its value printed at its end (decimals, then suffix such as "%"),
 * and dashed vertical lines at the markers.  id must be unique on the page;
 * the page also shows the figures in a table. */
void svg_bar_chart(struct html *h, const char *id, const char *title, const char *desc,
                   const struct svg_bar *bars, size_t n, int64_t max, int decimals,
                   const char *suffix, const struct svg_marker *marks, size_t nmarks);
/* A column chart, columns stacked from up to SVG_SERIES_MAX series (each with a
 * name and a fill colour such as "#005eb8", listed in a legend), with an
 * optional dashed reference line (ref >= 0, labelled ref_label).  Values
 * are integers; the axis shows them divided by scale (60 shows minutes as
 * hours) with one decimal.  Column labels are short ("2 Nov"); with many
 * columns only some are labelled.  id must be unique on the page. */
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
                       const struct svg_stack *bars, size_t n, int64_t ref,
                       const char *ref_label, int64_t scale);

/* A grid of points on two scales of 1 to max (x across, y up), split into
 * four labelled quadrants (low x and y, high x, high y, both high) after the
 * value split (values up to split are low), each point a numbered circle
 * (its label, matched to a table beside the chart).  Points on the same
 * cell are spread out so none hides another. */
struct svg_grid_point {
    int x, y;
    const char *label;      /* short: "1", "12" */
};

void svg_grid_chart(struct html *h, const char *id, const char *title, const char *desc,
                    const char *x_name, const char *y_name, int max, int split,
                    const char *const quadrant[4], const struct svg_grid_point *pts, size_t n);

#endif
