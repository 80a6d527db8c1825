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

#endif
