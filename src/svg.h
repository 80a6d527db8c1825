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

#endif
