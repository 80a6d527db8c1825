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
