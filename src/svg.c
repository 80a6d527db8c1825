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
