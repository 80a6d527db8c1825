#include "common.h"
#include "svg.h"

#define W 640
#define H 260
#define LEFT 96
#define RIGHT 24
#define TOP 36
#define BOTTOM 44

/* ---- the value axis --------------------------------------------------------- */

static int64_t clamp_value(int64_t v)
{
    return v > SVG_VALUE_MAX ? SVG_VALUE_MAX : v < -SVG_VALUE_MAX ? -SVG_VALUE_MAX : v;
}

/* floor(a / b) and ceil(a / b) for b > 0, whatever the sign of a */
static int64_t div_floor(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

static int64_t div_ceil(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && a > 0) ? q + 1 : q;
}

/* The smallest round step (1, 2 or 5 times a power of ten) that covers lo..hi
 * in at most SVG_TICKS_MAX - 1 steps, with the ends rounded out to it. */
static void round_out(int64_t lo, int64_t hi, struct svg_scale *s)
{
    static const int64_t mult[3] = {1, 2, 5};
    for (int64_t p = 1;; p *= 10) {
        for (int k = 0; k < 3; k++) {
            int64_t step = mult[k] * p;
            int64_t a = div_floor(lo, step), b = div_ceil(hi, step);
            if (b == a)
                b = a + 1;
            if (b - a <= SVG_TICKS_MAX - 1) {
                s->step = step;
                s->lo = a * step;
                s->hi = b * step;
                s->nticks = (int)(b - a) + 1;
                return;
            }
        }
    }
}

void svg_scale_pick(int64_t min, int64_t max, int64_t at_least, bool line, struct svg_scale *s)
{
    min = clamp_value(min);
    max = clamp_value(max);
    at_least = clamp_value(at_least);
    if (min > max) {
        int64_t t = min;
        min = max;
        max = t;
    }
    if (max < at_least)
        max = at_least;
    *s = (struct svg_scale){0};
    /* A break only for a line well above zero that really varies. */
    if (line && min > 0 && min > max / 2 && (max - min) * SVG_BREAK_SPAN >= max) {
        round_out(min, max, s);
        if (s->lo > 0) {
            s->broken = true;
            return;
        }
    }
    round_out(min < 0 ? min : 0, max > 0 ? max : 0, s);
}

int64_t svg_scale_px(const struct svg_scale *s, int64_t v, int64_t from, int64_t to)
{
    v = clamp_value(v);
    if (v < s->lo)
        v = s->lo;
    if (v > s->hi)
        v = s->hi;
    int64_t range = s->hi - s->lo, span = to > from ? to - from : from - to;
    if (range <= 0)
        return from;
    /* (v - lo) <= 2 * 10^15 and span is a few hundred pixels: no overflow */
    int64_t off = ((v - s->lo) * span * 2 + range) / (range * 2);
    return to > from ? from + off : from - off;
}

static void svg_head(struct html *h, const char *id, const char *title, const char *desc, int w,
                     int hgt)
{
    buf_printf(h->b,
               "<svg class=\"pcnops-chart\" viewBox=\"0 0 %d %d\" width=\"100%%\" "
               "role=\"img\" aria-labelledby=\"",
               w, hgt);
    html_attr(h, id);
    HTML_LIT(h, "-title ");
    html_attr(h, id);
    HTML_LIT(h, "-desc\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"");
    html_attr(h, id);
    HTML_LIT(h, "-title\">");
    html_text(h, title);
    HTML_LIT(h, "</title><desc id=\"");
    html_attr(h, id);
    HTML_LIT(h, "-desc\">");
    html_text(h, desc);
}

/* The axis's claims, for a browser test: written inside the <svg> tag. */
static void scale_attrs(struct html *h, const struct svg_scale *s)
{
    buf_printf(h->b,
               " data-axis-lo=\"%" PRId64 "\" data-axis-hi=\"%" PRId64 "\" data-axis-break=\"%s\"",
               s->lo, s->hi, s->broken ? "yes" : "no");
}

static void axis_value(struct html *h, const struct svg_axis *ax, int64_t v)
{
    /* The sign before the prefix: -£2,000, not £-2,000. */
    if (v < 0 && ax && ax->prefix) {
        HTML_LIT(h, "-");
        v = -v;
    }
    if (ax && ax->prefix)
        html_text(h, ax->prefix);
    html_count(h, v);
    if (ax && ax->suffix)
        html_text(h, ax->suffix);
}

/* The y axis of a plot from x0 to x1 and y_lo (value lo) up to y_hi: its
 * name above, ticks with grid lines and labels, the baseline (and the zero
 * line as dark, when values go below zero), and the break with its words
 * when the axis does not start at zero. */
static void y_axis(struct html *h, const struct svg_scale *s, const struct svg_axis *ax, int x0,
                   int x1, int y_lo, int y_hi)
{
    if (ax && ax->name) {
        buf_printf(h->b, "<text x=\"%d\" y=\"%d\" font-size=\"14\" fill=\"#212b32\">", 8, 16);
        html_text(h, ax->name);
        HTML_LIT(h, "</text>");
    }
    for (int k = 0; k < s->nticks; k++) {
        int64_t v = s->lo + (int64_t)k * s->step;
        int64_t y = svg_scale_px(s, v, y_lo, y_hi);
        buf_printf(h->b,
                   "<line x1=\"%d\" y1=\"%" PRId64 "\" x2=\"%d\" y2=\"%" PRId64 "\" "
                   "stroke=\"%s\" stroke-width=\"1\" data-tick=\"%" PRId64 "\"%s/>"
                   "<text x=\"%d\" y=\"%" PRId64 "\" text-anchor=\"end\" font-size=\"13\" "
                   "fill=\"#212b32\">",
                   x0 - 4, y, x1, y, k == 0 || v == 0 ? "#4c6272" : "#d8dde0", v,
                   k == 0 ? " class=\"pcnops-chart-baseline\"" : "", x0 - 8, y + 5);
        axis_value(h, ax, v);
        HTML_LIT(h, "</text>");
    }
    buf_printf(h->b,
               "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#4c6272\" "
               "stroke-width=\"1\"/>",
               x0, y_hi, x0, y_lo);
    if (s->broken) {
        /* the break: a gap in the axis just above the baseline, two slashes */
        buf_printf(h->b,
                   "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"8\" fill=\"#ffffff\"/>"
                   "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#4c6272\" "
                   "stroke-width=\"2\" class=\"pcnops-chart-break\"/>"
                   "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#4c6272\" "
                   "stroke-width=\"2\"/>"
                   "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"14\" "
                   "fill=\"#d5281b\">",
                   x0 - 6, y_lo - 16, x0 - 8, y_lo - 8, x0 + 6, y_lo - 14, x0 - 8, y_lo - 12,
                   x0 + 6, y_lo - 18, x1, 16);
        HTML_LIT(h, "The axis starts at ");
        axis_value(h, ax, s->lo);
        HTML_LIT(h, ", not 0</text>");
    }
}

/* "1 Apr 2026": short enough for five under a chart */
static void short_date(struct html *h, date_t t)
{
    int y, m, d;
    date_to_ymd(t, &y, &m, &d);
    const char *name = date_month_name(m);
    buf_printf(h->b, "%d ", d);
    html_textn(h, name, strlen(name) < 3 ? strlen(name) : 3);
    buf_printf(h->b, " %d", y);
}

void svg_line_chart(struct html *h, const char *id, const char *title, const char *desc,
                    const struct svg_axis *axis, const struct svg_point *pts, size_t n)
{
    if (n == 0)
        return;
    if (n == 1) {
        /* one figure is a sentence, not a chart */
        HTML_LIT(h, "<p class=\"pcnops-chart-one\">");
        html_text(h, title);
        HTML_LIT(h, ": ");
        axis_value(h, axis, pts[0].y);
        HTML_LIT(h, " on ");
        html_date(h, pts[0].x);
        HTML_LIT(h, ", the only figure so far; a chart needs two.</p>");
        return;
    }
    int64_t ylo = pts[0].y, yhi = pts[0].y;
    for (size_t i = 1; i < n; i++) {
        if (pts[i].y < ylo)
            ylo = pts[i].y;
        if (pts[i].y > yhi)
            yhi = pts[i].y;
    }
    struct svg_scale s;
    svg_scale_pick(ylo, yhi, axis ? axis->at_least : 0, !(axis && axis->from_zero), &s);
    date_t xlo = pts[0].x, xhi = pts[n - 1].x;
    struct svg_scale xs = {.lo = xlo, .hi = xhi > xlo ? xhi : xlo + 1, .step = 1, .nticks = 2};
    const int y_lo = H - BOTTOM, y_hi = TOP, x0 = LEFT, x1 = W - RIGHT;

    svg_head(h, id, title, desc, W, H);
    if (s.broken) {
        HTML_LIT(h, " The value axis starts at ");
        axis_value(h, axis, s.lo);
        HTML_LIT(h, ", not 0.");
    }
    HTML_LIT(h, "</desc>");
    /* the scale's claims go on a group, since the <svg> tag is written */
    HTML_LIT(h, "<g class=\"pcnops-chart-plot\"");
    scale_attrs(h, &s);
    HTML_LIT(h, ">");
    y_axis(h, &s, axis, x0, x1, y_lo, y_hi);
    /* x labels: the dates of up to five points, evenly spread */
    size_t every = (n + 3) / 4;
    for (size_t i = 0; i < n; i++) {
        bool last = i == n - 1;
        if (!last && (i % every != 0 || n - 1 - i < every)) /* clear of the last */
            continue;
        int64_t x = svg_scale_px(&xs, pts[i].x, x0, x1);
        buf_printf(h->b,
                   "<line x1=\"%" PRId64 "\" y1=\"%d\" x2=\"%" PRId64 "\" y2=\"%d\" "
                   "stroke=\"#4c6272\" stroke-width=\"1\"/>"
                   "<text x=\"%" PRId64 "\" y=\"%d\" text-anchor=\"%s\" font-size=\"13\" "
                   "fill=\"#212b32\">",
                   x, y_lo, x, y_lo + 5, x, y_lo + 22,
                   i == 0 ? "start"
                   : last ? "end"
                          : "middle");
        short_date(h, pts[i].x);
        HTML_LIT(h, "</text>");
    }
    /* the line and its points */
    HTML_LIT(h, "<polyline fill=\"none\" stroke=\"#005eb8\" stroke-width=\"3\" points=\"");
    for (size_t i = 0; i < n; i++)
        buf_printf(h->b, "%s%" PRId64 ",%" PRId64, i ? " " : "",
                   svg_scale_px(&xs, pts[i].x, x0, x1), svg_scale_px(&s, pts[i].y, y_lo, y_hi));
    HTML_LIT(h, "\"/>");
    for (size_t i = 0; i < n; i++)
        buf_printf(h->b,
                   "<circle cx=\"%" PRId64 "\" cy=\"%" PRId64 "\" r=\"5\" fill=\"#005eb8\" "
                   "data-value=\"%" PRId64 "\"/>",
                   svg_scale_px(&xs, pts[i].x, x0, x1), svg_scale_px(&s, pts[i].y, y_lo, y_hi),
                   clamp_value(pts[i].y));
    HTML_LIT(h, "</g></svg>");
}

/* ---- bar chart ------------------------------------------------------------ */

#define BAR_W 640
#define BAR_LEFT 90
#define BAR_RIGHT 80
#define BAR_TOP 30
#define BAR_ROW 32
#define BAR_H 20
#define BAR_BOTTOM 36

static void svg_fixed(struct html *h, int64_t v, int decimals, const char *suffix)
{
    fixed_add(h->b, v, decimals, 0, false);
    if (suffix)
        html_text(h, suffix);
}

void svg_bar_chart(struct html *h, const char *id, const char *title, const char *desc,
                   const struct svg_bar *bars, size_t n, int64_t max, int decimals,
                   const char *suffix, const struct svg_marker *marks, size_t nmarks)
{
    if (n == 0 || max <= 0)
        return;
    int64_t height = BAR_TOP + (int64_t)n * BAR_ROW + BAR_BOTTOM;
    int64_t x0 = BAR_LEFT, x1 = BAR_W - BAR_RIGHT, base = height - BAR_BOTTOM;
    /* 0 to max exactly, in fifths, when max is the scale's own end (100%);
     * otherwise at round steps from 0 */
    struct svg_scale s = {.lo = 0, .hi = max, .step = max / 5, .nticks = 6};
    if (max % 5 != 0)
        svg_scale_pick(0, max, 0, false, &s);
    svg_head(h, id, title, desc, BAR_W, (int)height);
    HTML_LIT(h, "</desc><g class=\"pcnops-chart-plot\"");
    scale_attrs(h, &s);
    HTML_LIT(h, ">");
    /* ticks along the bottom, with grid lines; the axis at 0 */
    for (int k = 0; k < s.nticks; k++) {
        int64_t v = s.lo + (int64_t)k * s.step;
        if (v > max)
            break;
        int64_t x = svg_scale_px(&s, v, x0, x1);
        buf_printf(h->b,
                   "<line x1=\"%" PRId64 "\" y1=\"%d\" x2=\"%" PRId64 "\" y2=\"%" PRId64
                   "\" stroke=\"%s\" stroke-width=\"1\" data-tick=\"%" PRId64 "\"%s/>"
                   "<text x=\"%" PRId64 "\" y=\"%" PRId64 "\" text-anchor=\"middle\" "
                   "font-size=\"13\" fill=\"#212b32\">",
                   x, BAR_TOP - 8, x, base + 5, k == 0 ? "#4c6272" : "#d8dde0", v,
                   k == 0 ? " class=\"pcnops-chart-baseline\"" : "", x, base + 22);
        svg_fixed(h, v, decimals, suffix);
        HTML_LIT(h, "</text>");
    }
    for (size_t i = 0; i < n; i++) {
        int64_t y = BAR_TOP + (int64_t)i * BAR_ROW;
        buf_printf(h->b,
                   "<text x=\"%" PRId64 "\" y=\"%" PRId64 "\" text-anchor=\"end\" "
                   "font-size=\"14\" fill=\"#212b32\">",
                   x0 - 8, y + 15);
        html_text(h, bars[i].label);
        HTML_LIT(h, "</text>");
        if (bars[i].value < 0) {
            buf_printf(h->b,
                       "<text x=\"%" PRId64 "\" y=\"%" PRId64 "\" font-size=\"14\" "
                       "fill=\"#4c6272\">No data</text>",
                       x0 + 6, y + 15);
            continue;
        }
        int64_t v = bars[i].value > max ? max : bars[i].value;
        int64_t w = svg_scale_px(&s, v, x0, x1) - x0;
        buf_printf(h->b,
                   "<rect x=\"%" PRId64 "\" y=\"%" PRId64 "\" width=\"%" PRId64 "\" "
                   "height=\"%d\" fill=\"#005eb8\" data-value=\"%" PRId64 "\"/>",
                   x0, y, w, BAR_H, v);
        buf_printf(h->b,
                   "<text x=\"%" PRId64 "\" y=\"%" PRId64 "\" font-size=\"14\" "
                   "fill=\"#212b32\">",
                   x0 + w + 6, y + 15);
        svg_fixed(h, bars[i].value, decimals, suffix);
        HTML_LIT(h, "</text>");
    }
    for (size_t k = 0; k < nmarks; k++) {
        if (marks[k].value < 0 || marks[k].value > max)
            continue;
        int64_t x = svg_scale_px(&s, marks[k].value, x0, x1);
        buf_printf(h->b,
                   "<line x1=\"%" PRId64 "\" y1=\"%d\" x2=\"%" PRId64 "\" y2=\"%" PRId64 "\" "
                   "stroke=\"#d5281b\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>",
                   x, BAR_TOP - 8, x, base);
        /* Neighbouring thresholds are close: alternate the side of the label. */
        buf_printf(h->b,
                   "<text x=\"%" PRId64 "\" y=\"%d\" text-anchor=\"%s\" "
                   "font-size=\"13\" fill=\"#d5281b\">",
                   k % 2 ? x + 3 : x - 3, BAR_TOP - 12, k % 2 ? "start" : "end");
        html_text(h, marks[k].label);
        HTML_LIT(h, "</text>");
    }
    HTML_LIT(h, "</g></svg>");
}

/* ---- stacked column charts ---------------------------------------------- */

/* The stacked chart's legend: a swatch and the name of each series, then
 * the reference line's. */
static void stack_legend(struct html *h, const struct svg_series *series, size_t nseries,
                         int64_t ref, const char *ref_label)
{
    int lx = LEFT;
    for (size_t k = 0; k < nseries; k++) {
        buf_printf(h->b, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"", lx, TOP - 4);
        html_attr(h, series[k].colour);
        buf_printf(h->b, "\"/><text x=\"%d\" y=\"%d\" font-size=\"14\" fill=\"#212b32\">", lx + 20,
                   TOP + 8);
        html_text(h, series[k].name);
        HTML_LIT(h, "</text>");
        lx += 28 + 8 * (int)strlen(series[k].name);
    }
    if (ref >= 0 && ref_label) {
        buf_printf(h->b,
                   "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#d5281b\" "
                   "stroke-width=\"3\" stroke-dasharray=\"6 4\"/>"
                   "<text x=\"%d\" y=\"%d\" font-size=\"14\" fill=\"#212b32\">",
                   lx, TOP + 3, lx + 24, TOP + 3, lx + 30, TOP + 8);
        html_text(h, ref_label);
        HTML_LIT(h, "</text>");
    }
}

/* The y axis: ticks in shown units (shown) at the values' positions (s). */
static void stack_axis(struct html *h, const struct svg_scale *sp, const struct svg_scale *shown,
                       const char *unit, int plot_bottom, int plot_top)
{
    const struct svg_axis ax = {.name = unit};
    if (unit) {
        buf_printf(h->b, "<text x=\"%d\" y=\"%d\" font-size=\"14\" fill=\"#212b32\">", 8, 16);
        html_text(h, unit);
        HTML_LIT(h, "</text>");
    }
    for (int k = 0; k < sp->nticks; k++) {
        int64_t v = (int64_t)k * sp->step;
        int64_t y = svg_scale_px(sp, v, plot_bottom, plot_top);
        buf_printf(h->b,
                   "<line x1=\"%d\" y1=\"%" PRId64 "\" x2=\"%d\" y2=\"%" PRId64 "\" "
                   "stroke=\"%s\" stroke-width=\"1\" data-tick=\"%" PRId64 "\"%s/>"
                   "<text x=\"%d\" y=\"%" PRId64 "\" text-anchor=\"end\" font-size=\"13\" "
                   "fill=\"#212b32\">",
                   LEFT - 4, y, W - RIGHT, y, k == 0 ? "#4c6272" : "#d8dde0", v,
                   k == 0 ? " class=\"pcnops-chart-baseline\"" : "", LEFT - 8, y + 5);
        axis_value(h, &ax, (int64_t)k * shown->step);
        HTML_LIT(h, "</text>");
    }
    buf_printf(h->b,
               "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#4c6272\" "
               "stroke-width=\"1\"/>",
               LEFT, plot_top, LEFT, plot_bottom);
}

/* The columns, each series stacked on the one before, and their labels
 * (six at most). */
static void stack_columns(struct html *h, const struct svg_scale *sp,
                          const struct svg_series *series, size_t nseries,
                          const struct svg_stack *bars, size_t n, int plot_bottom, int plot_top)
{
    int64_t width = (W - RIGHT - LEFT) / (int64_t)n;
    int64_t gap = width / 5, bw = width - gap;
    if (bw < 1)
        bw = 1;
    size_t every = n > 6 ? (n + 5) / 6 : 1; /* six labels at most: "23 Nov" fits */
    for (size_t i = 0; i < n; i++) {
        int64_t x = LEFT + (int64_t)i * width + gap / 2, base = 0;
        for (size_t k = 0; k < nseries; k++) {
            int64_t v = bars[i].v[k] > 0 ? clamp_value(bars[i].v[k]) : 0;
            if (v == 0)
                continue;
            int64_t y0 = svg_scale_px(sp, base, plot_bottom, plot_top);
            int64_t y1 = svg_scale_px(sp, base + v, plot_bottom, plot_top);
            buf_printf(h->b,
                       "<rect x=\"%" PRId64 "\" y=\"%" PRId64 "\" width=\"%" PRId64
                       "\" height=\"%" PRId64 "\" data-value=\"%" PRId64 "\" fill=\"",
                       x, y0 - y1 > 0 ? y1 : y0 - 1, bw, y0 - y1 > 0 ? y0 - y1 : 1, v);
            html_attr(h, series[k].colour);
            HTML_LIT(h, "\"/>");
            base += v;
        }
        if (bars[i].label && i % every == 0) {
            buf_printf(h->b,
                       "<text x=\"%" PRId64 "\" y=\"%d\" text-anchor=\"middle\" "
                       "font-size=\"12\" fill=\"#212b32\">",
                       x + bw / 2, H - 20);
            html_text(h, bars[i].label);
            HTML_LIT(h, "</text>");
        }
    }
}

void svg_stacked_chart(struct html *h, const char *id, const char *title, const char *desc,
                       const struct svg_series *series, size_t nseries,
                       const struct svg_stack *bars, size_t n, int64_t ref, const char *ref_label,
                       int64_t scale, const char *unit)
{
    if (n == 0 || nseries == 0)
        return;
    if (nseries > SVG_SERIES_MAX)
        nseries = SVG_SERIES_MAX;
    if (scale < 1)
        scale = 1;
    int64_t top = ref > 0 ? ref : 0;
    for (size_t i = 0; i < n; i++) {
        int64_t sum = 0;
        for (size_t k = 0; k < nseries; k++)
            sum += bars[i].v[k] > 0 ? clamp_value(bars[i].v[k]) : 0;
        if (sum > top)
            top = clamp_value(sum);
    }
    /* The axis in shown units (hours), from zero, at round steps of them;
     * then back in the values' own units (minutes) to draw. */
    struct svg_scale shown, s;
    svg_scale_pick(0, (top + scale - 1) / scale, 1, false, &shown);
    s = (struct svg_scale){
        .lo = 0, .hi = shown.hi * scale, .step = shown.step * scale, .nticks = shown.nticks};
    const int legend = 28, plot_bottom = H - BOTTOM, plot_top = TOP + legend;
    svg_head(h, id, title, desc, W, H);
    HTML_LIT(h, "</desc><g class=\"pcnops-chart-plot\"");
    scale_attrs(h, &s);
    HTML_LIT(h, ">");
    stack_legend(h, series, nseries, ref, ref_label);
    stack_axis(h, &s, &shown, unit, plot_bottom, plot_top);
    stack_columns(h, &s, series, nseries, bars, n, plot_bottom, plot_top);
    if (ref >= 0) {
        int64_t y = svg_scale_px(&s, ref, plot_bottom, plot_top);
        buf_printf(h->b,
                   "<line x1=\"%d\" y1=\"%" PRId64 "\" x2=\"%d\" y2=\"%" PRId64
                   "\" stroke=\"#d5281b\" stroke-width=\"3\" stroke-dasharray=\"6 4\"/>",
                   LEFT, y, W - RIGHT, y);
    }
    HTML_LIT(h, "</g></svg>");
}

/* ---- a grid of points --------------------------------------------------- */

void svg_grid_chart(struct html *h, const char *id, const char *title, const char *desc,
                    const char *x_name, const char *y_name, int max, int split,
                    const char *const quadrant[4], const struct svg_grid_point *pts, size_t n)
{
    enum { GW = 480, GH = 480, GL = 60, GT = 20, GS = 400 };
    if (max < 2 || split < 1 || split >= max)
        return;
    int cell = GS / max, mid = GS / 2, lo = split * cell, hi = GS - lo;
    svg_head(h, id, title, desc, GW, GH);
    HTML_LIT(h, "</desc>");
    /* quadrants: low-low, high x only, high y only, both high */
    static const char *const fills[4] = {"#f0f4f5", "#e8edee", "#e8edee", "#d8dde0"};
    const int qx[4] = {GL, GL + lo, GL, GL + lo}, qy[4] = {GT + hi, GT + hi, GT, GT};
    const int qw[4] = {lo, hi, lo, hi}, qh[4] = {lo, lo, hi, hi};
    for (int q = 0; q < 4; q++) {
        buf_printf(h->b,
                   "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" "
                   "stroke=\"#4c6272\" stroke-width=\"1\"/>"
                   "<text x=\"%d\" y=\"%d\" font-size=\"14\" fill=\"#212b32\">",
                   qx[q], qy[q], qw[q], qh[q], fills[q], qx[q] + 8, qy[q] + 20);
        html_text(h, quadrant[q]);
        HTML_LIT(h, "</text>");
    }
    /* axis names and the ends of the scales */
    buf_printf(h->b,
               "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"14\" "
               "fill=\"#212b32\">",
               GL + mid, GT + GS + 40);
    html_text(h, x_name);
    buf_printf(h->b,
               " (1 to %d)</text><text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
               "font-size=\"14\" fill=\"#212b32\" transform=\"rotate(-90 %d %d)\">",
               max, 20, GT + mid, 20, GT + mid);
    html_text(h, y_name);
    buf_printf(h->b, " (1 to %d)</text>", max);
    /* points: numbered circles, spread within their cell */
    for (size_t i = 0; i < n; i++) {
        int x = pts[i].x < 1 ? 1 : pts[i].x > max ? max : pts[i].x;
        int y = pts[i].y < 1 ? 1 : pts[i].y > max ? max : pts[i].y;
        size_t before = 0;
        for (size_t k = 0; k < i; k++)
            if (pts[k].x == pts[i].x && pts[k].y == pts[i].y)
                before++;
        int cx = GL + (x - 1) * cell + cell / 2, cy = GT + GS - (y - 1) * cell - cell / 2;
        /* up to 9 in a cell on a 3 by 3 pattern; more share the last place */
        static const int dx[9] = {0, -26, 26, 0, 0, -26, 26, -26, 26};
        static const int dy[9] = {0, 0, 0, -26, 26, -26, -26, 26, 26};
        size_t s = before < 9 ? before : 8;
        cx += dx[s] * cell / 80;
        cy += dy[s] * cell / 80;
        buf_printf(h->b,
                   "<circle cx=\"%d\" cy=\"%d\" r=\"12\" fill=\"#005eb8\"/>"
                   "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\" "
                   "font-weight=\"bold\" fill=\"#ffffff\">",
                   cx, cy, cx, cy + 4);
        html_text(h, pts[i].label);
        HTML_LIT(h, "</text>");
    }
    HTML_LIT(h, "</svg>");
}
