/* test_date.c: calendar dates, NHS date formats and financial years (date.h). */
#include "testutil.h"

#include "buf.h"
#include "date.h"
#include "err.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void iso(date_t t, char out[static 11])
{
    date_format_iso(t, out);
}

/* ---- date_valid_ymd, date_days_in_month ---------------------------------- */

static void test_valid_ymd(void **state)
{
    (void)state;
    static const struct {
        int y, m, d;
        bool ok;
    } rows[] = {
        {2024, 2, 29, true},  /* leap year                               */
        {2023, 2, 29, false}, /* not a leap year                         */
        {2000, 2, 29, true},  /* divisible by 400                        */
        {1900, 2, 29, false}, /* divisible by 100 but not 400            */
        {2100, 2, 29, false},  {2400, 2, 29, true},  {2023, 2, 28, true},
        {2024, 4, 30, true},   {2024, 4, 31, false}, /* 30 days hath April                      */
        {2024, 1, 31, true},   {2024, 12, 31, true}, {2024, 13, 1, false},
        {2024, 0, 1, false},   {2024, 1, 0, false},  {2024, 1, 32, false},
        {2024, -1, 1, false},  {1800, 1, 1, true}, /* supported range 1800..2999               */
        {1799, 12, 31, false}, {2999, 12, 31, true}, {3000, 1, 1, false},
    };
    for (size_t i = 0; i < N(rows); i++)
        CHECK(date_valid_ymd(rows[i].y, rows[i].m, rows[i].d) == rows[i].ok,
              "date_valid_ymd(%d, %d, %d) should be %s", rows[i].y, rows[i].m, rows[i].d,
              rows[i].ok ? "true" : "false");
}

static void test_days_in_month(void **state)
{
    (void)state;
    static const struct {
        int y, m, days;
    } rows[] = {
        {2025, 1, 31},  {2025, 2, 28},  {2024, 2, 29},  {1900, 2, 28}, {2000, 2, 29}, {2025, 3, 31},
        {2025, 4, 30},  {2025, 5, 31},  {2025, 6, 30},  {2025, 7, 31}, {2025, 8, 31}, {2025, 9, 30},
        {2025, 10, 31}, {2025, 11, 30}, {2025, 12, 31}, {2025, 0, 0},  {2025, 13, 0},
    };
    for (size_t i = 0; i < N(rows); i++)
        CHECK(date_days_in_month(rows[i].y, rows[i].m) == rows[i].days,
              "date_days_in_month(%d, %d) = %d, want %d", rows[i].y, rows[i].m,
              date_days_in_month(rows[i].y, rows[i].m), rows[i].days);
}

/* ---- date_from_ymd / date_to_ymd ----------------------------------------- */

static void test_from_ymd_known(void **state)
{
    (void)state;
    /* Days since 1970-01-01, worked out independently. */
    static const struct {
        int y, m, d;
        date_t t;
    } rows[] = {
        {1970, 1, 1, 0},      {1970, 1, 2, 1},        {1969, 12, 31, -1},  {2000, 1, 1, 10957},
        {2024, 2, 29, 19782}, {2024, 3, 1, 19783},    {2025, 4, 1, 20179}, {2026, 7, 1, 20635},
        {1800, 1, 1, -62091}, {2999, 12, 31, 376199},
    };
    for (size_t i = 0; i < N(rows); i++) {
        date_t t = date_from_ymd(rows[i].y, rows[i].m, rows[i].d);
        CHECK(t == rows[i].t, "date_from_ymd(%d-%02d-%02d) = %d, want %d", rows[i].y, rows[i].m,
              rows[i].d, (int)t, (int)rows[i].t);
        int y, m, d;
        date_to_ymd(rows[i].t, &y, &m, &d);
        CHECK(y == rows[i].y && m == rows[i].m && d == rows[i].d,
              "date_to_ymd(%d) = %d-%02d-%02d, want %d-%02d-%02d", (int)rows[i].t, y, m, d,
              rows[i].y, rows[i].m, rows[i].d);
    }
    assert_int_equal(DATE_MIN, date_from_ymd(1800, 1, 1));
    assert_int_equal(DATE_MAX, date_from_ymd(2999, 12, 31));
}

/* Walks every day from 1 January 1800 to 31 December 2999 by calendar
 * arithmetic and checks that date_from_ymd counts one per day and that
 * date_to_ymd gives the same calendar date back. */
static void test_round_trip_every_day(void **state)
{
    (void)state;
    int y = 1800, m = 1, d = 1;
    date_t want = date_from_ymd(1800, 1, 1);
    long days = 0;

    for (;;) {
        date_t t = date_from_ymd(y, m, d);
        CHECK(t == want, "date_from_ymd(%d-%02d-%02d) = %d, want %d", y, m, d, (int)t, (int)want);
        int ry, rm, rd;
        date_to_ymd(t, &ry, &rm, &rd);
        CHECK(ry == y && rm == m && rd == d, "date_to_ymd(%d) = %d-%02d-%02d, want %d-%02d-%02d",
              (int)t, ry, rm, rd, y, m, d);
        /* The ISO text round-trips through the parser too (every 7th day). */
        if (days % 7 == 0) {
            char s[11];
            date_t back = 0;
            iso(t, s);
            CHECK(date_parse_iso(s, 10, &back) == 0 && back == t, "ISO round trip of %s", s);
        }
        days++;
        want++;
        if (y == 2999 && m == 12 && d == 31)
            break;
        if (++d > date_days_in_month(y, m)) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
    }
    /* 1,200 years: 1200 * 365 + leap days (291). */
    assert_int_equal(days, 1200L * 365 + 291);
}

static void test_weekday(void **state)
{
    (void)state;
    static const struct {
        int y, m, d;
        int wd; /* 0 = Monday */
    } rows[] = {
        {1970, 1, 1, 3},   /* Thursday, day 0                      */
        {1969, 12, 31, 2}, /* Wednesday, a negative day number      */
        {1969, 12, 25, 3}, /* Thursday, day -7                      */
        {1969, 12, 29, 0}, /* Monday                                */
        {2000, 1, 1, 5},   /* Saturday                              */
        {2024, 2, 29, 3},  /* Thursday                              */
        {2025, 4, 1, 1},   /* Tuesday                               */
        {2026, 7, 1, 2},   /* Wednesday                             */
        {2026, 7, 5, 6},   /* Sunday                                */
        {1800, 1, 1, 2},   /* Wednesday                             */
        {2999, 12, 31, 1}, /* Tuesday                               */
    };
    for (size_t i = 0; i < N(rows); i++) {
        int wd = date_weekday(date_from_ymd(rows[i].y, rows[i].m, rows[i].d));
        CHECK(wd == rows[i].wd, "date_weekday(%d-%02d-%02d) = %d, want %d", rows[i].y, rows[i].m,
              rows[i].d, wd, rows[i].wd);
    }
}

/* ---- parsing ---------------------------------------------------------------- */

static void test_parse_nhs_accepts(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int y, m, d;
    } rows[] = {
        {"2026-07-01", 2026, 7, 1},  {"01Jul2026", 2026, 7, 1},  {"01JUL2026", 2026, 7, 1},
        {"01jul2026", 2026, 7, 1},   {"01JAN2021", 2021, 1, 1},  {"31Dec1999", 1999, 12, 31},
        {"29Feb2024", 2024, 2, 29},  {"15sEp2025", 2025, 9, 15}, {"01-Apr-26", 2026, 4, 1},
        {"01-APR-26", 2026, 4, 1},   {"31-Mar-69", 2069, 3, 31}, /* yy < 70: 2000 + yy */
        {"01-Jan-70", 1970, 1, 1},                               /* yy >= 70: 1900 + yy */
        {"31-Dec-99", 1999, 12, 31}, {"01-Jan-00", 2000, 1, 1},  {"31/03/2024", 2024, 3, 31},
        {"29/02/2024", 2024, 2, 29}, {"01/01/1800", 1800, 1, 1}, {"20260701", 2026, 7, 1},
        {"20240229", 2024, 2, 29},   {"29991231", 2999, 12, 31}, {"1800-01-01", 1800, 1, 1},
        {"01May2025", 2025, 5, 1},   {"01Jun2025", 2025, 6, 1},  {"01Aug2025", 2025, 8, 1},
        {"01Oct2025", 2025, 10, 1},  {"01Nov2025", 2025, 11, 1}, {"01Feb2025", 2025, 2, 1},
        {"01Mar2025", 2025, 3, 1},
    };
    for (size_t i = 0; i < N(rows); i++) {
        date_t t = DATE_NONE;
        int rc = date_parse_nhs(rows[i].s, strlen(rows[i].s), &t);
        CHECK(rc == 0, "date_parse_nhs(\"%s\") failed with %d", rows[i].s, rc);
        date_t want = date_from_ymd(rows[i].y, rows[i].m, rows[i].d);
        char got_s[11], want_s[11];
        iso(t, got_s);
        iso(want, want_s);
        CHECK(t == want, "date_parse_nhs(\"%s\") = %s, want %s", rows[i].s, got_s, want_s);
    }
}

static void test_parse_nhs_rejects(void **state)
{
    (void)state;
    static const char *const rows[] = {
        "2026-7-1",    "31/02/2024",  "01Foo2026",   "",           "2026-07-01x", "29/02/2023",
        "29Feb2023",   "29-Feb-23",   "20230229",    "2023-02-29", "2026/07/01",  "01-07-2026",
        "1/7/2026",    "01Jul26",     "1Jul2026",    "20261301",   "20260230",    "20260001",
        "20260700",    "17991231",    "30000101",    "3000-01-01", "1799-12-31",  " 2026-07-01",
        "2026-07-01 ", "01 Jul 2026", "01-Apr-2026", "01.03.2024", "2026-07/01",  "31/03-2024",
        "01-Apr/26",   "01Ju12026",   "0aJul2026",   "+1/03/2024", "2026-07-0a",  "01Jul+026",
        "-1-Apr-26",   "01-Apr--6",   "2026070",     "202607011",  "32/01/2024",  "00/01/2024",
        "01/13/2024",  "01Jul 2026",  "2026-13-01",  "July 2026",  "01-Foo-26",   "x",
        "01/01/99",
    };
    for (size_t i = 0; i < N(rows); i++) {
        date_t t = 12345;
        int rc = date_parse_nhs(rows[i], strlen(rows[i]), &t);
        CHECK(rc == PCN_EINVAL, "date_parse_nhs(\"%s\") = %d, want PCN_EINVAL", rows[i], rc);
        CHECK(t == 12345, "date_parse_nhs(\"%s\") wrote *out on failure", rows[i]);
    }
}

/* The length is honoured: bytes past len are not read as part of the date. */
static void test_parse_respects_len(void **state)
{
    (void)state;
    date_t t;
    assert_int_equal(date_parse_nhs("2026-07-01T00:00", 10, &t), 0);
    assert_int_equal(t, date_from_ymd(2026, 7, 1));
    assert_int_equal(date_parse_nhs("01Jul2026,next", 9, &t), 0);
    assert_int_equal(t, date_from_ymd(2026, 7, 1));
    assert_int_equal(date_parse_nhs("2026070199", 8, &t), 0);
    assert_int_equal(t, date_from_ymd(2026, 7, 1));
    assert_int_equal(date_parse_nhs("2026-07-01", 9, &t), PCN_EINVAL);
    /* A NUL inside the given length is not a date character. */
    assert_int_equal(date_parse_nhs("2026-07-0\0", 10, &t), PCN_EINVAL);
    assert_int_equal(date_parse_nhs("01J\0l2026", 9, &t), PCN_EINVAL);
}

static void test_parse_iso(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int ok;
        int y, m, d;
    } rows[] = {
        {"2026-07-01", 1, 2026, 7, 1}, {"2024-02-29", 1, 2024, 2, 29}, {"2023-02-29", 0, 0, 0, 0},
        {"01Jul2026", 0, 0, 0, 0}, /* only the ISO form */
        {"31/03/2024", 0, 0, 0, 0},    {"20260701", 0, 0, 0, 0},       {"2026-07-1", 0, 0, 0, 0},
        {"2026-07-01 ", 0, 0, 0, 0},   {"2026_07_01", 0, 0, 0, 0},     {"", 0, 0, 0, 0},
    };
    for (size_t i = 0; i < N(rows); i++) {
        date_t t = 0;
        int rc = date_parse_iso(rows[i].s, strlen(rows[i].s), &t);
        if (rows[i].ok) {
            CHECK(rc == 0 && t == date_from_ymd(rows[i].y, rows[i].m, rows[i].d),
                  "date_parse_iso(\"%s\")", rows[i].s);
        } else {
            CHECK(rc == PCN_EINVAL, "date_parse_iso(\"%s\") = %d, want PCN_EINVAL", rows[i].s, rc);
        }
    }
}

/* ---- formatting ------------------------------------------------------------- */

static void test_format(void **state)
{
    (void)state;
    static const struct {
        int y, m, d;
        const char *iso, *uk, *uk_weekday;
    } rows[] = {
        {2025, 4, 1, "2025-04-01", "1 April 2025", "Tuesday 1 April 2025"},
        {2024, 2, 29, "2024-02-29", "29 February 2024", "Thursday 29 February 2024"},
        {1999, 12, 31, "1999-12-31", "31 December 1999", "Friday 31 December 1999"},
        {1800, 1, 1, "1800-01-01", "1 January 1800", "Wednesday 1 January 1800"},
        {2026, 7, 5, "2026-07-05", "5 July 2026", "Sunday 5 July 2026"},
        {1969, 12, 29, "1969-12-29", "29 December 1969", "Monday 29 December 1969"},
    };
    for (size_t i = 0; i < N(rows); i++) {
        date_t t = date_from_ymd(rows[i].y, rows[i].m, rows[i].d);
        char s[11];
        memset(s, 'x', sizeof s);
        date_format_iso(t, s);
        assert_string_equal(s, rows[i].iso);

        struct buf b;
        buf_init(&b, 100);
        assert_int_equal(date_add_uk(&b, t), 0);
        assert_string_equal(b.buf, rows[i].uk);
        buf_reset(&b);
        assert_int_equal(date_add_uk_weekday(&b, t), 0);
        assert_string_equal(b.buf, rows[i].uk_weekday);
        buf_release(&b);
    }
}

/* date_add_uk appends (it does not overwrite) and reports a full buffer. */
static void test_add_uk_appends_and_limits(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 100);
    buf_adds(&b, "from ");
    assert_int_equal(date_add_uk(&b, date_from_ymd(2025, 4, 1)), 0);
    assert_string_equal(b.buf, "from 1 April 2025");
    buf_release(&b);

    buf_init(&b, 5);
    assert_int_equal(date_add_uk(&b, date_from_ymd(2025, 4, 1)), PCN_ELIMIT);
    assert_string_equal(b.buf, "");
    buf_release(&b);
}

static void test_month_name(void **state)
{
    (void)state;
    static const struct {
        int m;
        const char *name;
    } rows[] = {
        {1, "January"}, {2, "February"}, {9, "September"}, {12, "December"},
        {0, "?"},       {13, "?"},       {-1, "?"},
    };
    for (size_t i = 0; i < N(rows); i++)
        assert_string_equal(date_month_name(rows[i].m), rows[i].name);
}

/* ---- month arithmetic --------------------------------------------------------- */

static void test_month_start(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } rows[] = {
        {"2024-02-29", "2024-02-01"}, {"2024-02-01", "2024-02-01"}, {"2025-12-31", "2025-12-01"},
        {"1800-01-01", "1800-01-01"}, {"1969-12-31", "1969-12-01"},
    };
    for (size_t i = 0; i < N(rows); i++) {
        date_t t;
        char s[11];
        assert_int_equal(date_parse_iso(rows[i].in, 10, &t), 0);
        iso(date_month_start(t), s);
        CHECK(strcmp(s, rows[i].want) == 0, "date_month_start(%s) = %s, want %s", rows[i].in, s,
              rows[i].want);
    }
}

static void test_add_months(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int n;
        const char *want;
    } rows[] = {
        {"2024-01-31", 1, "2024-02-29"}, /* clamped, leap year    */
        {"2023-01-31", 1, "2023-02-28"}, /* clamped, common year  */
        {"2024-03-31", -1, "2024-02-29"},
        {"2024-08-31", 1, "2024-09-30"},
        {"2024-01-30", 1, "2024-02-29"},
        {"2024-01-29", 1, "2024-02-29"},
        {"2024-01-28", 1, "2024-02-28"},
        {"2024-12-15", 1, "2025-01-15"}, /* across a year end     */
        {"2025-01-15", -1, "2024-12-15"},
        {"2024-02-29", 12, "2025-02-28"},
        {"2024-02-29", 48, "2028-02-29"},
        {"2024-01-31", -13, "2022-12-31"},
        {"2024-05-31", 12, "2025-05-31"},
        {"2025-04-01", 11, "2026-03-01"},
        {"2025-04-10", 0, "2025-04-10"},
        {"2000-03-31", -1200, "1900-03-31"},
        {"1800-01-31", 1, "1800-02-28"}, /* 1800 is not a leap year */
        {"2999-11-30", 1, "2999-12-30"},
    };
    for (size_t i = 0; i < N(rows); i++) {
        date_t t;
        char s[11];
        assert_int_equal(date_parse_iso(rows[i].in, 10, &t), 0);
        iso(date_add_months(t, rows[i].n), s);
        CHECK(strcmp(s, rows[i].want) == 0, "date_add_months(%s, %d) = %s, want %s", rows[i].in,
              rows[i].n, s, rows[i].want);
    }
}

/* ---- financial years ------------------------------------------------------------ */

static void test_fy_of(void **state)
{
    (void)state;
    static const struct {
        const char *date;
        fy_t fy;
    } rows[] = {
        {"2026-03-31", 2025}, {"2026-04-01", 2026}, {"2025-04-01", 2025}, {"2025-12-31", 2025},
        {"2026-01-01", 2025}, {"2026-02-28", 2025}, {"2025-03-31", 2024}, {"2000-04-01", 2000},
        {"1800-01-01", 1799}, {"1969-06-30", 1969},
    };
    for (size_t i = 0; i < N(rows); i++) {
        date_t t;
        assert_int_equal(date_parse_iso(rows[i].date, 10, &t), 0);
        CHECK(fy_of(t) == rows[i].fy, "fy_of(%s) = %d, want %d", rows[i].date, fy_of(t),
              rows[i].fy);
    }
}

static void test_fy_bounds(void **state)
{
    (void)state;
    static const struct {
        fy_t fy;
        const char *start, *end, *base;
    } rows[] = {
        {2025, "2025-04-01", "2026-03-31", "2025-01-01"},
        {2023, "2023-04-01", "2024-03-31", "2023-01-01"},
        {1999, "1999-04-01", "2000-03-31", "1999-01-01"},
        {2998, "2998-04-01", "2999-03-31", "2998-01-01"},
    };
    for (size_t i = 0; i < N(rows); i++) {
        char s[11];
        iso(fy_start(rows[i].fy), s);
        assert_string_equal(s, rows[i].start);
        iso(fy_end(rows[i].fy), s);
        assert_string_equal(s, rows[i].end);
        iso(fy_base_date(rows[i].fy), s);
        assert_string_equal(s, rows[i].base);
    }
    /* Each year's days belong to it; the next day starts the next year. */
    for (fy_t fy = 1800; fy < 2999; fy++) {
        CHECK(fy_of(fy_start(fy)) == fy && fy_of(fy_end(fy)) == fy, "fy %d bounds", fy);
        CHECK(fy_of(fy_end(fy) + 1) == fy + 1 && fy_end(fy) + 1 == date_from_ymd(fy + 1, 4, 1),
              "day after fy %d", fy);
        CHECK(fy_base_date(fy) < fy_start(fy), "base date of %d is before its start", fy);
    }
}

static void test_fy_parse(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int rc;
        fy_t fy;
    } rows[] = {
        {"2025/26", 0, 2025},         {"2025-26", 0, 2025},       {"1999/00", 0, 1999},
        {"2099/00", 0, 2099},         {"2009/10", 0, 2009},       {"1800/01", 0, 1800},
        {"2998/99", 0, 2998},         {"2025/27", PCN_EINVAL, 0}, {"2025/25", PCN_EINVAL, 0},
        {"2025/24", PCN_EINVAL, 0},   {"1999/10", PCN_EINVAL, 0}, {"2025", PCN_EINVAL, 0},
        {"2025/2026", PCN_EINVAL, 0}, {"25/26", PCN_EINVAL, 0},   {"2025 26", PCN_EINVAL, 0},
        {"2025_26", PCN_EINVAL, 0},   {"", PCN_EINVAL, 0},        {"2025/26 ", PCN_EINVAL, 0},
        {" 2025/26", PCN_EINVAL, 0},  {"2025/2a", PCN_EINVAL, 0}, {"+025/26", PCN_EINVAL, 0},
        {"1799/00", PCN_EINVAL, 0}, /* before the supported range */
        {"2999/00", PCN_EINVAL, 0}, /* would end in 3000          */
    };
    for (size_t i = 0; i < N(rows); i++) {
        fy_t fy = -1;
        int rc = fy_parse(rows[i].s, &fy);
        CHECK(rc == rows[i].rc, "fy_parse(\"%s\") = %d, want %d", rows[i].s, rc, rows[i].rc);
        if (rc == 0)
            CHECK(fy == rows[i].fy, "fy_parse(\"%s\") gave %d, want %d", rows[i].s, fy, rows[i].fy);
        else
            CHECK(fy == -1, "fy_parse(\"%s\") wrote *out on failure", rows[i].s);
    }
}

static void test_fy_format(void **state)
{
    (void)state;
    static const struct {
        fy_t fy;
        const char *s;
    } rows[] = {
        {2025, "2025/26"}, {1999, "1999/00"}, {2009, "2009/10"},
        {2099, "2099/00"}, {1800, "1800/01"},
    };
    for (size_t i = 0; i < N(rows); i++) {
        char s[8];
        memset(s, 'x', sizeof s);
        fy_format(rows[i].fy, s);
        assert_string_equal(s, rows[i].s);
    }
    /* Every supported year round-trips. */
    for (fy_t fy = 1800; fy < 2999; fy++) {
        char s[8];
        fy_t back = -1;
        fy_format(fy, s);
        CHECK(fy_parse(s, &back) == 0 && back == fy, "fy round trip %d -> %s -> %d", fy, s, back);
    }
}

/* The ISO writer, digit by digit, agrees with printf's %04d-%02d-%02d on
 * every day of the range dates have (DATE_MIN to DATE_MAX, 1800 to 2999). */
static void test_format_iso_everywhere(void **state)
{
    (void)state;
    for (date_t t = DATE_MIN; t <= DATE_MAX; t++) {
        int y, m, d;
        char want[32], got[11];
        date_to_ymd(t, &y, &m, &d);
        snprintf(want, sizeof want, "%04d-%02d-%02d", y, m, d);
        date_format_iso(t, got);
        if (strcmp(want, got) != 0)
            fail_msg("day %ld: %s, not %s", (long)t, got, want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_ymd),
        cmocka_unit_test(test_format_iso_everywhere),
        cmocka_unit_test(test_days_in_month),
        cmocka_unit_test(test_from_ymd_known),
        cmocka_unit_test(test_round_trip_every_day),
        cmocka_unit_test(test_weekday),
        cmocka_unit_test(test_parse_nhs_accepts),
        cmocka_unit_test(test_parse_nhs_rejects),
        cmocka_unit_test(test_parse_respects_len),
        cmocka_unit_test(test_parse_iso),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_add_uk_appends_and_limits),
        cmocka_unit_test(test_month_name),
        cmocka_unit_test(test_month_start),
        cmocka_unit_test(test_add_months),
        cmocka_unit_test(test_fy_of),
        cmocka_unit_test(test_fy_bounds),
        cmocka_unit_test(test_fy_parse),
        cmocka_unit_test(test_fy_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
