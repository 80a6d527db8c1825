/* test_svg.c: the charts' value axes (zero baseline, the labelled break,
 * round ticks), one point written as a sentence, and the escaping of
 * everything a caller passes in (svg.h).  Tables of cases, worked by hand. */
#include "testutil.h"

#include "buf.h"
#include "date.h"
#include "html.h"
#include "svg.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- the scale ------------------------------------------------------------------ */

static void test_scale_pick(void **state)
{
    (void)state;
    enum { LINE = 1, BARS = 0 };
    static const struct {
        const char *what;
        int64_t min, max, at_least;
        int line;
        int64_t lo, hi, step;
        int nticks;
        bool broken;
    } rows[] = {
        /* issue 14: a flat £177,670 a month is flat, against zero */
        {"flat funding", 177670, 177670, 0, LINE, 0, 200000, 50000, 5, false},
        {"funding 177,669 to 177,671", 177669, 177671, 0, LINE, 0, 200000, 50000, 5, false},
        {"ARRS sum never claimed", 1331575, 1331577, 0, LINE, 0, 1500000, 500000, 4, false},
        {"ARRS burn-down to nothing", 0, 1331577, 0, LINE, 0, 1500000, 500000, 4, false},
        /* a percentage keeps its 100 */
        {"delegation 99% to 100%", 99, 100, 100, LINE, 0, 100, 20, 6, false},
        {"delegation 0% to 40%", 0, 40, 100, LINE, 0, 100, 20, 6, false},
        {"above at_least", 120, 120, 100, LINE, 0, 150, 50, 4, false},
        /* a line that varies by 1/50 of its top or more, high above zero: the break */
        {"list size 30,000 to 31,000", 30000, 31000, 0, LINE, 30000, 31000, 200, 6, true},
        {"just over half", 51, 100, 0, LINE, 50, 100, 10, 6, true},
        {"list size 30,380 to 31,020", 30380, 31020, 0, LINE, 30200, 31200, 200, 6, true},
        /* ... but not below 1/50, nor at half or less */
        {"list size varies 0.3%", 30000, 30100, 0, LINE, 0, 40000, 10000, 5, false},
        {"1/50 less one", 9805, 10004, 0, LINE, 0, 15000, 5000, 4, false},
        {"exactly half", 50, 100, 0, LINE, 0, 100, 20, 6, false},
        /* bars never break */
        {"bars 30,000 to 31,000", 30000, 31000, 0, BARS, 0, 40000, 10000, 5, false},
        {"bars 51 to 100", 51, 100, 0, BARS, 0, 100, 20, 6, false},
        /* zero, negatives, a swapped range */
        {"nothing at all", 0, 0, 0, LINE, 0, 1, 1, 2, false},
        {"nothing at all, bars", 0, 0, 0, BARS, 0, 1, 1, 2, false},
        {"one", 1, 1, 0, LINE, 0, 1, 1, 2, false},
        {"over-claimed sum", -5000, 20000, 0, LINE, -5000, 20000, 5000, 6, false},
        {"all below zero", -300, -100, 0, BARS, -300, 0, 100, 4, false},
        {"all below zero, a line", -300, -250, 0, LINE, -300, 0, 100, 4, false},
        {"min and max swapped", 200, 100, 0, BARS, 0, 200, 50, 5, false},
        /* values past +-10^15 are clamped, so nothing overflows */
        {"huge", 0, INT64_MAX, 0, BARS, 0, SVG_VALUE_MAX, SVG_VALUE_MAX / 5, 6, false},
        {"huge negative", INT64_MIN, 0, 0, BARS, -SVG_VALUE_MAX, 0, SVG_VALUE_MAX / 5, 6, false},
    };
    for (size_t i = 0; i < N(rows); i++) {
        struct svg_scale s;
        svg_scale_pick(rows[i].min, rows[i].max, rows[i].at_least, rows[i].line, &s);
        if (s.lo != rows[i].lo || s.hi != rows[i].hi || s.step != rows[i].step ||
            s.nticks != rows[i].nticks || s.broken != rows[i].broken)
            fail_msg("%s: got %" PRId64 "..%" PRId64 " step %" PRId64 " ticks %d%s, expected "
                     "%" PRId64 "..%" PRId64 " step %" PRId64 " ticks %d%s",
                     rows[i].what, s.lo, s.hi, s.step, s.nticks, s.broken ? " broken" : "",
                     rows[i].lo, rows[i].hi, rows[i].step, rows[i].nticks,
                     rows[i].broken ? " broken" : "");
        /* the invariants of every axis */
        assert_true(s.nticks >= 2 && s.nticks <= SVG_TICKS_MAX);
        assert_int_equal(s.lo + (int64_t)(s.nticks - 1) * s.step, s.hi);
        assert_true(s.broken ? s.lo > 0 : s.lo <= 0);
    }
}

static void test_scale_px(void **state)
{
    (void)state;
    static const struct svg_scale zero = {0, 200000, 50000, 5, false};
    static const struct svg_scale brk = {30000, 31000, 200, 6, true};
    static const struct {
        const struct svg_scale *s;
        int64_t v, from, to, want;
    } rows[] = {
        /* a y axis from 220 (the baseline) up to 36: 184 pixels */
        {&zero, 0, 220, 36, 220},
        {&zero, 200000, 220, 36, 36},
        {&zero, 100000, 220, 36, 128},
        {&zero, 177670, 220, 36, 57}, /* 163.46 pixels up: 163 */
        {&zero, -1, 220, 36, 220},    /* below the axis: kept at its end */
        {&zero, 900000, 220, 36, 36},
        {&brk, 30000, 220, 36, 220}, /* the break's value sits on the baseline */
        {&brk, 31000, 220, 36, 36},
        {&brk, 30500, 220, 36, 128},
        {&brk, 1, 220, 36, 220},
        /* an x axis, left to right */
        {&zero, 0, 90, 560, 90},
        {&zero, 50000, 90, 560, 208}, /* 117.5 rounds to 118 */
        {&zero, 200000, 90, 560, 560},
    };
    for (size_t i = 0; i < N(rows); i++) {
        int64_t got = svg_scale_px(rows[i].s, rows[i].v, rows[i].from, rows[i].to);
        if (got != rows[i].want)
            fail_msg("row %zu: %" PRId64 " on %" PRId64 "..%" PRId64 " drawn at %" PRId64
                     ", expected %" PRId64,
                     i, rows[i].v, rows[i].s->lo, rows[i].s->hi, got, rows[i].want);
    }
}

/* ---- the charts ----------------------------------------------------------------- */

static char *line_chart(const char *id, const char *title, const char *desc,
                        const struct svg_axis *ax, const struct svg_point *pts, size_t n)
{
    struct buf b;
    buf_init(&b, 1 << 20);
    struct html h = {&b};
    svg_line_chart(&h, id, title, desc, ax, pts, n);
    assert_true(buf_ok(&b));
    return buf_take(&b, NULL);
}

static int count(const char *s, const char *needle)
{
    int n = 0;
    for (const char *p = s; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

/* The twelve months of a flat year: the line on the same pixel row,
 * well above a baseline at £0, with ticks in pounds. */
static void test_line_flat(void **state)
{
    (void)state;
    struct svg_point pts[12];
    for (int k = 0; k < 12; k++)
        pts[k] = (struct svg_point){date_add_months(date_from_ymd(2026, 4, 1), k),
                                    k == 11 ? 177671 : 177670};
    const struct svg_axis ax = {.name = "Pounds a month", .prefix = "\xC2\xA3"};
    char *s = line_chart("months", "Total paid", "Each month.", &ax, pts, 12);
    static const char *const want[] = {
        "data-axis-lo=\"0\"",
        "data-axis-hi=\"200000\"",
        "data-axis-break=\"no\"",
        ">Pounds a month</text>",
        ">\xC2\xA3"
        "0</text>",
        ">\xC2\xA3"
        "50,000</text>",
        ">\xC2\xA3"
        "200,000</text>",
        "data-tick=\"0\" class=\"pcnops-chart-baseline\"",
        /* 177,670 of 200,000 over 180 pixels: 159.9, 160 up from 216 */
        "cy=\"56\" r=\"5\" fill=\"#005eb8\" data-value=\"177670\"",
        ">1 Apr 2026</text>",
        ">1 Mar 2027</text>",
    };
    for (size_t i = 0; i < N(want); i++)
        assert_contains(s, want[i]);
    assert_int_equal(count(s, "data-tick="), 5);
    assert_int_equal(count(s, "<circle"), 12);
    assert_null(strstr(s, "pcnops-chart-break"));
    assert_null(strstr(s, "not 0"));
    free(s);
}

static void test_line_break(void **state)
{
    (void)state;
    const struct svg_point pts[] = {
        {date_from_ymd(2025, 1, 1), 30000},
        {date_from_ymd(2025, 4, 1), 30600},
        {date_from_ymd(2025, 7, 1), 31000},
    };
    const struct svg_axis ax = {.name = "Registered patients"};
    char *s = line_chart("trend", "Registered patients of the PCN", "On each date.", &ax, pts, 3);
    static const char *const want[] = {
        "data-axis-lo=\"30000\"",
        "data-axis-hi=\"31000\"",
        "data-axis-break=\"yes\"",
        "class=\"pcnops-chart-break\"",
        ">The axis starts at 30,000, not 0</text>",
        "The value axis starts at 30,000, not 0.</desc>",
        /* the lowest value on the baseline (216), the highest at the top (36) */
        "cy=\"216\" r=\"5\" fill=\"#005eb8\" data-value=\"30000\"",
        "cy=\"36\" r=\"5\" fill=\"#005eb8\" data-value=\"31000\"",
        ">30,200</text>",
    };
    for (size_t i = 0; i < N(want); i++)
        assert_contains(s, want[i]);
    assert_int_equal(count(s, "data-tick="), 6);
    free(s);
}

/* A line of amounts asks for zero: the same values that break as list
 * sizes are drawn from £0 as money left of a sum. */
static void test_line_from_zero(void **state)
{
    (void)state;
    const struct svg_point pts[] = {
        {date_from_ymd(2026, 3, 31), 298000},
        {date_from_ymd(2026, 9, 30), 265000},
        {date_from_ymd(2027, 3, 31), 231454},
    };
    static const struct {
        struct svg_axis ax;
        const char *want[3];
    } rows[] = {
        {{.name = "Registered patients"},
         {"data-axis-lo=\"220000\"", "data-axis-break=\"yes\"",
          "The axis starts at 220,000, not 0"}},
        {{.name = "Pounds left", .prefix = "\xC2\xA3", .from_zero = true},
         {"data-axis-lo=\"0\"", "data-axis-break=\"no\"",
          ">\xC2\xA3"
          "300,000</text>"}},
    };
    for (size_t i = 0; i < N(rows); i++) {
        char *s = line_chart("burn", "Left", "d", &rows[i].ax, pts, 3);
        for (size_t k = 0; k < 3; k++)
            assert_contains(s, rows[i].want[k]);
        free(s);
    }
}

/* One point: a sentence, and no chart at all. */
static void test_line_one_point(void **state)
{
    (void)state;
    static const struct {
        const char *title;
        struct svg_axis ax;
        int64_t v;
        const char *want;
    } rows[] = {
        {"Registered patients of the PCN",
         {.name = "Registered patients"},
         31234,
         "<p class=\"pcnops-chart-one\">Registered patients of the PCN: 31,234 on 1 July 2023, "
         "the only figure so far; a chart needs two.</p>"},
        {"Total paid",
         {.prefix = "\xC2\xA3"},
         177670,
         "<p class=\"pcnops-chart-one\">Total paid: \xC2\xA3"
         "177,670 on 1 July 2023, "},
        {"Share <held>",
         {.suffix = "%"},
         100,
         "<p class=\"pcnops-chart-one\">Share &lt;held&gt;: 100% on 1 July 2023, "},
    };
    for (size_t i = 0; i < N(rows); i++) {
        const struct svg_point p = {date_from_ymd(2023, 7, 1), rows[i].v};
        char *s = line_chart("one", rows[i].title, "d", &rows[i].ax, &p, 1);
        assert_contains(s, rows[i].want);
        assert_null(strstr(s, "<svg"));
        free(s);
    }
    char *s = line_chart("none", "Nothing", "d", NULL, NULL, 0);
    assert_string_equal(s, "");
    free(s);
}

/* Hostile text in every string a caller passes: escaped, never markup. */
static void test_escaping(void **state)
{
    (void)state;
    static const char evil[] = "\"><script>alert('x')</script>&";
    static const char escaped[] = "&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;";
    const struct svg_point pts[] = {{date_from_ymd(2026, 4, 1), 5}, {date_from_ymd(2026, 5, 1), 7}};
    const struct svg_axis ax = {.name = evil, .prefix = evil, .suffix = evil};
    char *s = line_chart(evil, evil, evil, &ax, pts, 2);
    assert_null(strstr(s, "<script"));
    assert_null(strstr(s, "'x'"));
    /* id (3 times in aria-labelledby and the ids), title, desc, axis name, ticks */
    assert_true(count(s, escaped) >= 7);
    free(s);

    struct buf b;
    buf_init(&b, 1 << 20);
    struct html h = {&b};
    const struct svg_bar bars[] = {{evil, 5000}, {"B", -1}};
    const struct svg_marker marks[] = {{9000, evil}};
    svg_bar_chart(&h, evil, evil, evil, bars, 2, 10000, 2, evil, marks, 1);
    const struct svg_series series[] = {{evil, evil}};
    const struct svg_stack stack[] = {{evil, {60}}};
    svg_stacked_chart(&h, evil, evil, evil, series, 1, stack, 1, 30, evil, 60, evil);
    const char *const quad[4] = {evil, evil, evil, evil};
    const struct svg_grid_point gp[] = {{2, 3, evil}};
    svg_grid_chart(&h, evil, evil, evil, evil, evil, 5, 2, quad, gp, 1);
    assert_true(buf_ok(&b));
    assert_null(strstr(b.buf, "<script"));
    assert_null(strstr(b.buf, "'x'"));
    assert_true(count(b.buf, escaped) >= 20);
    buf_release(&b);
}

/* Bars from zero, ticks at fifths of the scale with their unit. */
static void test_bar_chart(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 1 << 20);
    struct html h = {&b};
    const struct svg_bar bars[] = {{"A1", 8701}, {"A2", 0}, {"A3", -1}, {"A4", 12000}};
    svg_bar_chart(&h, "p", "t", "d", bars, 4, 10000, 2, "%", NULL, 0);
    static const char *const want[] = {
        "data-axis-lo=\"0\"",
        "data-axis-hi=\"10000\"",
        ">0%</text>",
        ">20%</text>",
        ">100%</text>",
        /* 470 pixels from x 90: 87.01% is 408.9, a full bar 470, an empty one 0 */
        "x=\"90\" y=\"30\" width=\"409\" height=\"20\" fill=\"#005eb8\" data-value=\"8701\"",
        "width=\"0\" height=\"20\" fill=\"#005eb8\" data-value=\"0\"",
        "width=\"470\" height=\"20\" fill=\"#005eb8\" data-value=\"10000\"",
        ">No data</text>",
        ">120%</text>",
    };
    for (size_t i = 0; i < N(want); i++)
        assert_contains(b.buf, want[i]);
    assert_int_equal(count(b.buf, "data-tick="), 6);
    buf_release(&b);
}

/* Columns from zero, in hours at round steps; the bottom of every column
 * on the baseline. */
static void test_stacked_chart(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 1 << 20);
    struct html h = {&b};
    const struct svg_series series[] = {{"Internal", "#005eb8"}, {"External", "#330072"}};
    const struct svg_stack cols[] = {
        {"2 Nov", {600, 300}}, {"9 Nov", {0, 0}}, {"16 Nov", {1500, 0}}};
    svg_stacked_chart(&h, "hours", "Hours", "d", series, 2, cols, 3, 450, "Funded a week", 60,
                      "Hours");
    static const char *const want[] = {
        /* 25 hours at most, and the funded 7.5: 0 to 25 hours in steps of 5 */
        "data-axis-lo=\"0\"",
        "data-axis-hi=\"1500\"",
        ">Hours</text>",
        ">0</text>",
        ">5</text>",
        ">25</text>",
        "data-tick=\"300\"",
        "data-tick=\"0\" class=\"pcnops-chart-baseline\"",
        /* the baseline at 216, the top at 64: 600 of 1500 is 61 pixels (60.8) up */
        "y=\"155\" width=\"139\" height=\"61\" data-value=\"600\"",
        "y=\"125\" width=\"139\" height=\"30\" data-value=\"300\"",
        "y=\"64\" width=\"139\" height=\"152\" data-value=\"1500\"",
    };
    for (size_t i = 0; i < N(want); i++)
        assert_contains(b.buf, want[i]);
    assert_int_equal(count(b.buf, "data-tick="), 6);
    buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scale_pick),     cmocka_unit_test(test_scale_px),
        cmocka_unit_test(test_line_flat),      cmocka_unit_test(test_line_break),
        cmocka_unit_test(test_line_from_zero), cmocka_unit_test(test_line_one_point),
        cmocka_unit_test(test_escaping),       cmocka_unit_test(test_bar_chart),
        cmocka_unit_test(test_stacked_chart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
