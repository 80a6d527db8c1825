#include "common.h"
#include "svg.h"

#define W 640
#define H 240
#define LEFT 80
#define RIGHT 20
#define TOP 20
#define BOTTOM 40

/* Maps v in [lo, hi] to [a, b] (integer, rounded down). */
static int64_t scale(int64_t v, int64_t lo, int64_t hi, int64_t a, int64_t b)
{
    if (hi == lo)
        return (a + b) / 2;
    return a + (v - lo) * (b - a) / (hi - lo);
}

void svg_line_chart(struct html *h, const char *id, const char *title, const char *desc,
                    const struct svg_point *pts, size_t n)
{
    if (n == 0)
        return;
    int64_t ylo = pts[0].y, yhi = pts[0].y;
    for (size_t i = 1; i < n; i++) {
        if (pts[i].y < ylo)
            ylo = pts[i].y;
        if (pts[i].y > yhi)
            yhi = pts[i].y;
    }
    /* Some headroom, so that a flat line is not drawn on the axis. */
    int64_t pad = (yhi - ylo) / 10 + 1;
    ylo = ylo - pad < 0 ? 0 : ylo - pad;
    yhi += pad;
    date_t xlo = pts[0].x, xhi = pts[n - 1].x;

    HTML_LIT(h, "<svg class=\"pcnops-chart\" viewBox=\"0 0 640 240\" width=\"100%\" role=\"img\" "
                "aria-labelledby=\"");
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
    HTML_LIT(h, "</desc>");
    /* axes */
    buf_printf(h->b,
               "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#4c6272\" stroke-width=\"1\"/>"
               "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#4c6272\" stroke-width=\"1\"/>",
               LEFT, TOP, LEFT, H - BOTTOM, LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM);
    /* y labels: low and high */
    buf_printf(h->b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"14\" fill=\"#212b32\">",
               LEFT - 8, H - BOTTOM);
    html_count(h, ylo);
    buf_printf(h->b, "</text><text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"14\" "
                     "fill=\"#212b32\">",
               LEFT - 8, TOP + 10);
    html_count(h, yhi);
    HTML_LIT(h, "</text>");
    /* x labels: first and last date */
    buf_printf(h->b, "<text x=\"%d\" y=\"%d\" font-size=\"14\" fill=\"#212b32\">", LEFT, H - 12);
    html_date(h, xlo);
    HTML_LIT(h, "</text>");
    if (n > 1) {
        buf_printf(h->b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"14\" "
                         "fill=\"#212b32\">",
                   W - RIGHT, H - 12);
        html_date(h, xhi);
        HTML_LIT(h, "</text>");
    }
    /* the line and its points */
    if (n > 1) {
        HTML_LIT(h, "<polyline fill=\"none\" stroke=\"#005eb8\" stroke-width=\"3\" points=\"");
        for (size_t i = 0; i < n; i++)
            buf_printf(h->b, "%s%" PRId64 ",%" PRId64, i ? " " : "",
                       scale(pts[i].x, xlo, xhi, LEFT, W - RIGHT),
                       scale(pts[i].y, ylo, yhi, H - BOTTOM, TOP));
        HTML_LIT(h, "\"/>");
    }
    for (size_t i = 0; i < n; i++)
        buf_printf(h->b, "<circle cx=\"%" PRId64 "\" cy=\"%" PRId64 "\" r=\"5\" fill=\"#005eb8\"/>",
                   scale(pts[i].x, xlo, xhi, LEFT, W - RIGHT),
                   scale(pts[i].y, ylo, yhi, H - BOTTOM, TOP));
    HTML_LIT(h, "</svg>");
}

/* ---- bar chart ------------------------------------------------------------ */

#define BAR_W 640
#define BAR_LEFT 90
#define BAR_RIGHT 80
#define BAR_TOP 30
#define BAR_ROW 32
#define BAR_H 20
#define BAR_BOTTOM 16

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
    int64_t x0 = BAR_LEFT, x1 = BAR_W - BAR_RIGHT;
    buf_printf(h->b, "<svg class=\"pcnops-chart\" viewBox=\"0 0 %d %" PRId64 "\" width=\"100%%\" "
                     "role=\"img\" aria-labelledby=\"",
               BAR_W, height);
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
    HTML_LIT(h, "</desc>");
    /* the axis at 0 */
    buf_printf(h->b,
               "<line x1=\"%" PRId64 "\" y1=\"%d\" x2=\"%" PRId64 "\" y2=\"%" PRId64 "\" "
               "stroke=\"#4c6272\" stroke-width=\"1\"/>",
               x0, BAR_TOP - 8, x0, height - BAR_BOTTOM);
    for (size_t i = 0; i < n; i++) {
        int64_t y = BAR_TOP + (int64_t)i * BAR_ROW;
        buf_printf(h->b, "<text x=\"%" PRId64 "\" y=\"%" PRId64 "\" text-anchor=\"end\" "
                         "font-size=\"14\" fill=\"#212b32\">",
                   x0 - 8, y + 15);
        html_text(h, bars[i].label);
        HTML_LIT(h, "</text>");
        if (bars[i].value < 0) {
            buf_printf(h->b, "<text x=\"%" PRId64 "\" y=\"%" PRId64 "\" font-size=\"14\" "
                             "fill=\"#4c6272\">No data</text>",
                       x0 + 6, y + 15);
            continue;
        }
        int64_t v = bars[i].value > max ? max : bars[i].value;
        int64_t w = scale(v, 0, max, 0, x1 - x0);
        buf_printf(h->b, "<rect x=\"%" PRId64 "\" y=\"%" PRId64 "\" width=\"%" PRId64 "\" "
                         "height=\"%d\" fill=\"#005eb8\"/>",
                   x0, y, w, BAR_H);
        buf_printf(h->b, "<text x=\"%" PRId64 "\" y=\"%" PRId64 "\" font-size=\"14\" "
                         "fill=\"#212b32\">",
                   x0 + w + 6, y + 15);
        svg_fixed(h, bars[i].value, decimals, suffix);
        HTML_LIT(h, "</text>");
    }
    for (size_t k = 0; k < nmarks; k++) {
        if (marks[k].value < 0 || marks[k].value > max)
            continue;
        int64_t x = x0 + scale(marks[k].value, 0, max, 0, x1 - x0);
        buf_printf(h->b,
                   "<line x1=\"%" PRId64 "\" y1=\"%d\" x2=\"%" PRId64 "\" y2=\"%" PRId64 "\" "
                   "stroke=\"#d5281b\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>",
                   x, BAR_TOP - 8, x, height - BAR_BOTTOM);
        /* Neighbouring thresholds are close: alternate the side of the label. */
        buf_printf(h->b, "<text x=\"%" PRId64 "\" y=\"%d\" text-anchor=\"%s\" "
                         "font-size=\"13\" fill=\"#d5281b\">",
                   k % 2 ? x + 3 : x - 3, BAR_TOP - 12, k % 2 ? "start" : "end");
        html_text(h, marks[k].label);
        HTML_LIT(h, "</text>");
    }
    HTML_LIT(h, "</svg>");
}

/* ---- stacked column charts ---------------------------------------------- */

/* v in [0, top] to a y between bottom and top_y (SVG y grows downwards). */
static int64_t scale_y(int64_t v, int64_t top, int64_t bottom, int64_t top_y)
{
    return bottom - v * (bottom - top_y) / top;
}

static void svg_head(struct html *h, const char *id, const char *title, const char *desc, int w,
                     int hgt)
{
    buf_printf(h->b, "<svg class=\"pcnops-chart\" viewBox=\"0 0 %d %d\" width=\"100%%\" "
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
    HTML_LIT(h, "</desc>");
}

/* v / scale with one decimal, rounded half up: "12.5" */
static void scaled(struct html *h, int64_t v, int64_t scale)
{
    if (scale <= 1) {
        html_count(h, v);
        return;
    }
    int64_t tenths = (v * 10 + scale / 2) / scale;
    buf_printf(h->b, "%" PRId64 ".%" PRId64, tenths / 10, tenths % 10);
}

void svg_stacked_chart(struct html *h, const char *id, const char *title, const char *desc,
                       const struct svg_series *series, size_t nseries,
                       const struct svg_stack *bars, size_t n, int64_t ref,
                       const char *ref_label, int64_t scale)
{
    if (n == 0 || nseries == 0)
        return;
    if (nseries > SVG_SERIES_MAX)
        nseries = SVG_SERIES_MAX;
    int64_t top = ref > 0 ? ref : 0;
    for (size_t i = 0; i < n; i++) {
        int64_t sum = 0;
        for (size_t k = 0; k < nseries; k++)
            sum += bars[i].v[k] > 0 ? bars[i].v[k] : 0;
        if (sum > top)
            top = sum;
    }
    if (top == 0)
        top = scale > 1 ? scale : 1;
    top += top / 10;   /* headroom */
    const int legend = 28, plot_bottom = H - BOTTOM, plot_top = TOP + legend;
    svg_head(h, id, title, desc, W, H);
    /* legend: a swatch and the name of each series, then the reference line */
    int lx = LEFT;
    for (size_t k = 0; k < nseries; k++) {
        buf_printf(h->b, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"", lx, TOP - 8);
        html_attr(h, series[k].colour);
        buf_printf(h->b, "\"/><text x=\"%d\" y=\"%d\" font-size=\"14\" fill=\"#212b32\">", lx + 20,
                   TOP + 4);
        html_text(h, series[k].name);
        HTML_LIT(h, "</text>");
        lx += 28 + 8 * (int)strlen(series[k].name);
    }
    if (ref >= 0 && ref_label) {
        buf_printf(h->b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#d5281b\" "
                         "stroke-width=\"3\" stroke-dasharray=\"6 4\"/>"
                         "<text x=\"%d\" y=\"%d\" font-size=\"14\" fill=\"#212b32\">",
                   lx, TOP - 1, lx + 24, TOP - 1, lx + 30, TOP + 4);
        html_text(h, ref_label);
        HTML_LIT(h, "</text>");
    }
    /* axes and the y labels: 0 and the top */
    buf_printf(h->b,
               "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#4c6272\" stroke-width=\"1\"/>"
               "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#4c6272\" stroke-width=\"1\"/>"
               "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"14\" fill=\"#212b32\">0</text>"
               "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"14\" fill=\"#212b32\">",
               LEFT, plot_top, LEFT, plot_bottom, LEFT, plot_bottom, W - RIGHT, plot_bottom,
               LEFT - 8, plot_bottom, LEFT - 8, plot_top + 10);
    scaled(h, top, scale);
    HTML_LIT(h, "</text>");
    /* bars */
    int64_t width = (W - RIGHT - LEFT) / (int64_t)n;
    int64_t gap = width / 5, bw = width - gap;
    if (bw < 1)
        bw = 1;
    size_t every = n > 12 ? (n + 11) / 12 : 1;
    for (size_t i = 0; i < n; i++) {
        int64_t x = LEFT + (int64_t)i * width + gap / 2, base = 0;
        for (size_t k = 0; k < nseries; k++) {
            int64_t v = bars[i].v[k] > 0 ? bars[i].v[k] : 0;
            if (v == 0)
                continue;
            int64_t y0 = scale_y(base, top, plot_bottom, plot_top);
            int64_t y1 = scale_y(base + v, top, plot_bottom, plot_top);
            buf_printf(h->b, "<rect x=\"%" PRId64 "\" y=\"%" PRId64 "\" width=\"%" PRId64
                             "\" height=\"%" PRId64 "\" fill=\"",
                       x, y1, bw, y0 - y1 > 0 ? y0 - y1 : 1);
            html_attr(h, series[k].colour);
            HTML_LIT(h, "\"/>");
            base += v;
        }
        if (bars[i].label && i % every == 0) {
            buf_printf(h->b, "<text x=\"%" PRId64 "\" y=\"%d\" text-anchor=\"middle\" "
                             "font-size=\"12\" fill=\"#212b32\">",
                       x + bw / 2, H - 20);
            html_text(h, bars[i].label);
            HTML_LIT(h, "</text>");
        }
    }
    if (ref >= 0) {
        int64_t y = scale_y(ref, top, plot_bottom, plot_top);
        buf_printf(h->b, "<line x1=\"%d\" y1=\"%" PRId64 "\" x2=\"%d\" y2=\"%" PRId64
                         "\" stroke=\"#d5281b\" stroke-width=\"3\" stroke-dasharray=\"6 4\"/>",
                   LEFT, y, W - RIGHT, y);
    }
    HTML_LIT(h, "</svg>");
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
    /* quadrants: low-low, high x only, high y only, both high */
    static const char *const fills[4] = {"#f0f4f5", "#e8edee", "#e8edee", "#d8dde0"};
    const int qx[4] = {GL, GL + lo, GL, GL + lo}, qy[4] = {GT + hi, GT + hi, GT, GT};
    const int qw[4] = {lo, hi, lo, hi}, qh[4] = {lo, lo, hi, hi};
    for (int q = 0; q < 4; q++) {
        buf_printf(h->b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" "
                         "stroke=\"#4c6272\" stroke-width=\"1\"/>"
                         "<text x=\"%d\" y=\"%d\" font-size=\"14\" fill=\"#212b32\">",
                   qx[q], qy[q], qw[q], qh[q], fills[q], qx[q] + 8, qy[q] + 20);
        html_text(h, quadrant[q]);
        HTML_LIT(h, "</text>");
    }
    /* axis names and the ends of the scales */
    buf_printf(h->b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"14\" "
                     "fill=\"#212b32\">",
               GL + mid, GT + GS + 40);
    html_text(h, x_name);
    buf_printf(h->b, " (1 to %d)</text><text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
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
        buf_printf(h->b, "<circle cx=\"%d\" cy=\"%d\" r=\"12\" fill=\"#005eb8\"/>"
                         "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\" "
                         "font-weight=\"bold\" fill=\"#ffffff\">",
                   cx, cy, cx, cy + 4);
        html_text(h, pts[i].label);
        HTML_LIT(h, "</text>");
    }
    HTML_LIT(h, "</svg>");
}
