/* test_money.c: integer money, rounding, parsing and formatting (money.h). */
#include "testutil.h"

#include <inttypes.h>

#include "buf.h"
#include "err.h"
#include "money.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- rounding ------------------------------------------------------------------ */

static void test_div_round(void **state)
{
    (void)state;
    enum { HU = ROUND_HALF_UP, DN = ROUND_DOWN, HE = ROUND_HALF_EVEN, UP = ROUND_UP };
    static const struct {
        int64_t num, den;
        int p;
        int64_t want;
    } rows[] = {
        /* half-up: halves away from zero */
        {5, 2, HU, 3},
        {-5, 2, HU, -3},
        {7, 2, HU, 4},
        {-7, 2, HU, -4},
        {15, 10, HU, 2},
        {-15, 10, HU, -2},
        {14, 10, HU, 1},
        {-14, 10, HU, -1},
        {16, 10, HU, 2},
        {-16, 10, HU, -2},
        {1, 3, HU, 0},
        {2, 3, HU, 1},
        {-1, 3, HU, 0},
        {-2, 3, HU, -1},
        {4, 2, HU, 2},
        {-4, 2, HU, -2},
        {0, 7, HU, 0},
        {50, 100, HU, 1},
        {49, 100, HU, 0},
        {-50, 100, HU, -1},
        /* down: towards zero */
        {29, 10, DN, 2},
        {-29, 10, DN, -2},
        {5, 2, DN, 2},
        {-5, 2, DN, -2},
        {20, 10, DN, 2},
        {-20, 10, DN, -2},
        {1, 1000, DN, 0},
        {-1, 1000, DN, 0},
        {0, 3, DN, 0},
        /* half-even: banker's rounding */
        {5, 2, HE, 2},
        {7, 2, HE, 4},
        {-5, 2, HE, -2},
        {-7, 2, HE, -4},
        {25, 10, HE, 2},
        {35, 10, HE, 4},
        {-25, 10, HE, -2},
        {-35, 10, HE, -4},
        {26, 10, HE, 3},
        {24, 10, HE, 2},
        {-26, 10, HE, -3},
        {-24, 10, HE, -2},
        {1, 2, HE, 0},
        {3, 2, HE, 2},
        {-1, 2, HE, 0},
        {-3, 2, HE, -2},
        {150, 100, HE, 2},
        {250, 100, HE, 2},
        {251, 100, HE, 3},
        {0, 2, HE, 0},
        /* up: away from zero */
        {21, 10, UP, 3},
        {-21, 10, UP, -3},
        {20, 10, UP, 2},
        {-20, 10, UP, -2},
        {5, 2, UP, 3},
        {-5, 2, UP, -3},
        {1, 1000, UP, 1},
        {-1, 1000, UP, -1},
        {0, 5, UP, 0},
        /* a denominator of 1 never rounds */
        {123, 1, HU, 123},
        {-123, 1, DN, -123},
        {-123, 1, HE, -123},
        {-123, 1, UP, -123},
        /* the extremes of int64 */
        {INT64_MAX, 1, HU, INT64_MAX},
        {INT64_MAX, 1, UP, INT64_MAX},
        {INT64_MIN, 1, DN, INT64_MIN},
        {INT64_MIN, 1, HU, INT64_MIN},
        {INT64_MIN, 1, HE, INT64_MIN},
        {INT64_MIN, 1, UP, INT64_MIN},
        {INT64_MIN, 2, HU, INT64_MIN / 2},
        {INT64_MAX, 2, HU, INT64_MAX / 2 + 1}, /* ...x.5 rounds up          */
        {INT64_MAX, 2, DN, INT64_MAX / 2},
        {INT64_MAX, 2, HE, INT64_MAX / 2 + 1}, /* 2^62 - 0.5: 2^62 is even   */
        {INT64_MAX, 2, UP, INT64_MAX / 2 + 1},
        {INT64_MIN, INT64_MAX, HU, -1},
        {INT64_MIN, INT64_MAX, UP, -2},
        {INT64_MAX, INT64_MAX, DN, 1},
        /* a realistic case: 50,000 patients x £2.218 = 11,090,000,000 millipence */
        {INT64_C(11090000000), 1000, HU, INT64_C(11090000)},
        /* £1,000.00 over 12 months: 8,333.33... pence a month */
        {100000, 12, HU, 8333},
        {100000, 12, UP, 8334},
        {100000, 12, HE, 8333},
        {100000, 12, DN, 8333},
    };
    for (size_t i = 0; i < N(rows); i++) {
        int64_t got = money_div_round(rows[i].num, rows[i].den, (enum round_policy)rows[i].p);
        CHECK(got == rows[i].want,
              "money_div_round(%" PRId64 ", %" PRId64 ", %s) = %" PRId64 ", want %" PRId64,
              rows[i].num, rows[i].den, round_policy_name((enum round_policy)rows[i].p), got,
              rows[i].want);
    }
}

/* Every policy agrees with exact rational rounding on a grid of small
 * numerators and denominators, worked out a different way (doubled values). */
static void test_div_round_grid(void **state)
{
    (void)state;
    for (int64_t den = 1; den <= 24; den++) {
        for (int64_t num = -300; num <= 300; num++) {
            /* floor and exact comparison of 2*|num| against (2q+1)*den */
            int64_t a = num < 0 ? -num : num;
            int64_t q = a / den, r = a % den;
            int64_t sign = num < 0 ? -1 : 1;
            int64_t half_cmp = 2 * r - den; /* <0 below half, 0 half, >0 above */
            int64_t want[4];
            want[ROUND_DOWN] = sign * q;
            want[ROUND_UP] = sign * (q + (r != 0));
            want[ROUND_HALF_UP] = sign * (q + (r != 0 && half_cmp >= 0));
            want[ROUND_HALF_EVEN] = sign * (q + (r != 0 &&
                                                 (half_cmp > 0 || (half_cmp == 0 && q % 2 == 1))));
            for (int p = 0; p < 4; p++) {
                int64_t got = money_div_round(num, den, (enum round_policy)p);
                CHECK(got == want[p],
                      "money_div_round(%" PRId64 ", %" PRId64 ", %s) = %" PRId64 ", want %" PRId64,
                      num, den, round_policy_name((enum round_policy)p), got, want[p]);
            }
        }
    }
}

static void test_round_policy_names(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int rc;
        enum round_policy p;
    } rows[] = {
        {"half-up", 0, ROUND_HALF_UP},
        {"down", 0, ROUND_DOWN},
        {"half-even", 0, ROUND_HALF_EVEN},
        {"up", 0, ROUND_UP},
        {"HALF-UP", PCN_EINVAL, 0},
        {"half_up", PCN_EINVAL, 0},
        {"", PCN_EINVAL, 0},
        {"nearest", PCN_EINVAL, 0},
    };
    for (size_t i = 0; i < N(rows); i++) {
        enum round_policy p = (enum round_policy)99;
        int rc = round_policy_parse(rows[i].s, &p);
        CHECK(rc == rows[i].rc, "round_policy_parse(\"%s\") = %d", rows[i].s, rc);
        if (rc == 0) {
            assert_int_equal(p, rows[i].p);
            assert_string_equal(round_policy_name(p), rows[i].s);
        }
    }
    assert_string_equal(round_policy_name((enum round_policy)42), "?");
}

/* ---- checked arithmetic ------------------------------------------------------------ */

static void test_mul_add(void **state)
{
    (void)state;
    static const struct {
        char op;
        int64_t a, b;
        int rc;
        int64_t want;
    } rows[] = {
        {'*', 3, 4, 0, 12},
        {'*', -3, 4, 0, -12},
        {'*', 0, INT64_MIN, 0, 0},
        {'*', INT64_MAX, 1, 0, INT64_MAX},
        {'*', INT64_MAX, -1, 0, -INT64_MAX},
        {'*', INT64_MAX, 2, PCN_ELIMIT, 0},
        {'*', INT64_MIN, -1, PCN_ELIMIT, 0},
        {'*', INT64_C(4294967296), INT64_C(2147483648), PCN_ELIMIT, 0}, /* 2^63 */
        {'*', INT64_C(4294967296), INT64_C(2147483647), 0, INT64_C(9223372032559808512)},
        {'*', INT64_C(-4294967296), INT64_C(2147483648), 0, INT64_MIN},
        /* 5 million patients x £26.631 in millipence: fits easily */
        {'*', 5000000, 2663100, 0, INT64_C(13315500000000)},
        {'+', 1, 2, 0, 3},
        {'+', INT64_MAX, 1, PCN_ELIMIT, 0},
        {'+', INT64_MIN, -1, PCN_ELIMIT, 0},
        {'+', INT64_MAX, INT64_MIN, 0, -1},
        {'+', -5, 3, 0, -2},
    };
    for (size_t i = 0; i < N(rows); i++) {
        int64_t out = 0;
        int rc = rows[i].op == '*' ? money_mul(rows[i].a, rows[i].b, &out)
                                   : money_add(rows[i].a, rows[i].b, &out);
        CHECK(rc == rows[i].rc, "%" PRId64 " %c %" PRId64 ": rc %d, want %d", rows[i].a, rows[i].op,
              rows[i].b, rc, rows[i].rc);
        if (rc == 0)
            CHECK(out == rows[i].want, "%" PRId64 " %c %" PRId64 " = %" PRId64 ", want %" PRId64,
                  rows[i].a, rows[i].op, rows[i].b, out, rows[i].want);
    }
}

/* ---- parsing ----------------------------------------------------------------------- */

#define BAD 1 /* expected rc PCN_EINVAL */

static void test_fixed_parse(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int decimals;
        int64_t min, max;
        int bad;
        int64_t want;
    } rows[] = {
        {"1,234,567.5", 2, INT64_MIN, INT64_MAX, 0, 123456750},
        {"1234567.5", 2, INT64_MIN, INT64_MAX, 0, 123456750},
        {"-1,234,567.50", 2, INT64_MIN, INT64_MAX, 0, -123456750},
        {"1,234", 0, INT64_MIN, INT64_MAX, 0, 1234},
        {"123,456", 0, INT64_MIN, INT64_MAX, 0, 123456},
        {"0", 2, INT64_MIN, INT64_MAX, 0, 0},
        {"-0", 2, INT64_MIN, INT64_MAX, 0, 0},
        {"0.05", 2, INT64_MIN, INT64_MAX, 0, 5},
        {"12", 2, INT64_MIN, INT64_MAX, 0, 1200},
        {"12.3", 2, INT64_MIN, INT64_MAX, 0, 1230},
        {"12.34", 2, INT64_MIN, INT64_MAX, 0, 1234},
        {"0.72963", 5, INT64_MIN, INT64_MAX, 0, 72963},
        {"14.38", 2, INT64_MIN, INT64_MAX, 0, 1438}, /* basis points */
        {"0.8", 4, INT64_MIN, INT64_MAX, 0, 8000},   /* WTE          */
        {"35.5", 3, INT64_MIN, INT64_MAX, 0, 35500}, /* IIF points   */
        {"1.123456789", 9, INT64_MIN, INT64_MAX, 0, 1123456789},
        {"92233720368547758.07", 2, INT64_MIN, INT64_MAX, 0, INT64_MAX},
        {"-92233720368547758.07", 2, INT64_MIN, INT64_MAX, 0, -INT64_MAX},
        /* bad grouping */
        {"1,23", 2, INT64_MIN, INT64_MAX, BAD, 0},
        {"1,2345", 2, INT64_MIN, INT64_MAX, BAD, 0},
        {"12,34,567", 2, INT64_MIN, INT64_MAX, BAD, 0},
        {"1234,567", 2, INT64_MIN, INT64_MAX, BAD, 0},
        {",123", 2, INT64_MIN, INT64_MAX, BAD, 0},
        {"1,,234", 2, INT64_MIN, INT64_MAX, BAD, 0},
        {"1,234,", 2, INT64_MIN, INT64_MAX, BAD, 0},
        {"1,234.5,6", 2, INT64_MIN, INT64_MAX, BAD, 0},
        {"1.234,5", 3, INT64_MIN, INT64_MAX, BAD, 0},
        {"-,123", 2, INT64_MIN, INT64_MAX, BAD, 0},
        /* too many decimals */
        {"1.234", 2, INT64_MIN, INT64_MAX, BAD, 0},
        {"1.5", 0, INT64_MIN, INT64_MAX, BAD, 0},
        {"0.000001", 5, INT64_MIN, INT64_MAX, BAD, 0},
        /* not numbers */
        {"", 2, INT64_MIN, INT64_MAX, BAD, 0},
        {"-", 2, INT64_MIN, INT64_MAX, BAD, 0},
        {".", 2, INT64_MIN, INT64_MAX, BAD, 0},
        {"-.", 2, INT64_MIN, INT64_MAX, BAD, 0},
        {".5", 2, INT64_MIN, INT64_MAX, BAD, 0},
        {"1.5.2", 2, INT64_MIN, INT64_MAX, BAD, 0},
        {"1.-5", 2, INT64_MIN, INT64_MAX, BAD, 0},
        {" 1", 2, INT64_MIN, INT64_MAX, BAD, 0},
        {"1 ", 2, INT64_MIN, INT64_MAX, BAD, 0},
        {"+1", 2, INT64_MIN, INT64_MAX, BAD, 0},
        {"--1", 2, INT64_MIN, INT64_MAX, BAD, 0},
        {"1-", 2, INT64_MIN, INT64_MAX, BAD, 0},
        {"1e3", 2, INT64_MIN, INT64_MAX, BAD, 0},
        {"0x10", 2, INT64_MIN, INT64_MAX, BAD, 0},
        {"abc", 2, INT64_MIN, INT64_MAX, BAD, 0},
        {"£1", 2, INT64_MIN, INT64_MAX, BAD, 0},
        /* range */
        {"100", 2, 0, 9999, BAD, 0},
        {"99.99", 2, 0, 9999, 0, 9999},
        {"-0.01", 2, 0, 9999, BAD, 0},
        {"-0.01", 2, -1, 9999, 0, -1},
        {"92233720368547758.08", 2, INT64_MIN, INT64_MAX, BAD, 0}, /* overflow */
        {"99999999999999999999", 0, INT64_MIN, INT64_MAX, BAD, 0},
        {"9223372036854775807", 1, INT64_MIN, INT64_MAX, BAD, 0}, /* x10 overflows */
    };
    for (size_t i = 0; i < N(rows); i++) {
        int64_t v = 424242;
        int rc = fixed_parse(rows[i].s, strlen(rows[i].s), rows[i].decimals, rows[i].min,
                             rows[i].max, &v);
        if (rows[i].bad) {
            CHECK(rc == PCN_EINVAL,
                  "fixed_parse(\"%s\", %d) = %d (value %" PRId64 "), want PCN_EINVAL", rows[i].s,
                  rows[i].decimals, rc, v);
            CHECK(v == 424242, "fixed_parse(\"%s\") wrote *out on failure", rows[i].s);
        } else {
            CHECK(rc == 0, "fixed_parse(\"%s\", %d) = %d, want 0", rows[i].s, rows[i].decimals, rc);
            CHECK(v == rows[i].want, "fixed_parse(\"%s\", %d) = %" PRId64 ", want %" PRId64,
                  rows[i].s, rows[i].decimals, v, rows[i].want);
        }
    }
    /* Only len bytes are read. */
    int64_t v;
    assert_int_equal(fixed_parse("12.34xyz", 5, 2, 0, 100000, &v), 0);
    assert_int_equal(v, 1234);
    assert_int_equal(fixed_parse("1,234", 4, 0, 0, 100000, &v), PCN_EINVAL); /* "1,23" */
}

static void test_money_parse(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int bad;
        pence_t want;
    } rows[] = {
        {"£1,234.56", 0, 123456},
        {"1234.56", 0, 123456},
        {"1,234.56", 0, 123456},
        {"-£3.20", 0, -320},
        {"-3.20", 0, -320},
        {"-3.2", 0, -320},
        {"£75", 0, 7500},
        {"75", 0, 7500},
        {"£75.50", 0, 7550},
        {"0.05", 0, 5},
        {"£0", 0, 0},
        {"£4,250.50", 0, 425050},
        {"£65,838", 0, 6583800},
        {"1.234", BAD, 0}, /* more than two decimals */
        {"£1,234.567", BAD, 0},
        {"£-3", BAD, 0}, /* the sign goes before the pound sign */
        {"-£-3", BAD, 0},
        {"--3", BAD, 0},
        {"abc", BAD, 0},
        {"", BAD, 0},
        {"£", BAD, 0},
        {"-", BAD, 0},
        {"-£", BAD, 0},
        {"£ 75", BAD, 0},
        {"£75 ", BAD, 0},
        {" £75", BAD, 0},
        {"$75", BAD, 0},
        {"75p", BAD, 0},
        {"£1,23", BAD, 0},
        {"££75", BAD, 0},
        {"\xC2", BAD, 0}, /* half a pound sign */
        {"\xC2"
         "75",
         BAD, 0},
        {"\xA3"
         "75",
         BAD, 0}, /* Latin-1 pound sign */
        {"75£", BAD, 0},
        {"+75", BAD, 0},
        {"7 5", BAD, 0},
    };
    for (size_t i = 0; i < N(rows); i++) {
        pence_t v = 424242;
        int rc = money_parse(rows[i].s, strlen(rows[i].s), &v);
        if (rows[i].bad) {
            CHECK(rc == PCN_EINVAL, "money_parse(\"%s\") = %d (value %" PRId64 "), want PCN_EINVAL",
                  rows[i].s, rc, v);
            CHECK(v == 424242, "money_parse(\"%s\") wrote *out on failure", rows[i].s);
        } else {
            CHECK(rc == 0, "money_parse(\"%s\") = %d, want 0", rows[i].s, rc);
            CHECK(v == rows[i].want, "money_parse(\"%s\") = %" PRId64 ", want %" PRId64, rows[i].s,
                  v, rows[i].want);
        }
    }
    /* Only len bytes are read: "£7" of "£75". */
    pence_t v;
    assert_int_equal(money_parse("£75", 3, &v), 0);
    assert_int_equal(v, 700);
}

static void test_rate_parse(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int bad;
        int64_t want;
    } rows[] = {
        {"2.218", 0, 221800}, {"0.72963", 0, 72963},   {"26.631", 0, 2663100},
        {"120", 0, 12000000}, {"0.00001", 0, 1},       {"1,500.5", 0, 150050000},
        {"0", 0, 0},          {"2.218001", BAD, 0}, /* 6 decimals */
        {"0.000001", BAD, 0}, {"0.729630", BAD, 0}, /* even when the sixth is a zero */
        {"", BAD, 0},         {"abc", BAD, 0},         {"2.2.1", BAD, 0},
        {"1,50.5", BAD, 0},   {"2,218", 0, 221800000}, /* grouped: two thousand pounds */
    };
    for (size_t i = 0; i < N(rows); i++) {
        int64_t v = 424242;
        int rc = rate_parse(rows[i].s, strlen(rows[i].s), &v);
        if (rows[i].bad) {
            CHECK(rc == PCN_EINVAL, "rate_parse(\"%s\") = %d (value %" PRId64 "), want PCN_EINVAL",
                  rows[i].s, rc, v);
        } else {
            CHECK(rc == 0, "rate_parse(\"%s\") = %d, want 0", rows[i].s, rc);
            CHECK(v == rows[i].want, "rate_parse(\"%s\") = %" PRId64 ", want %" PRId64, rows[i].s,
                  v, rows[i].want);
        }
    }
}

/* ---- formatting ---------------------------------------------------------------------- */

static void test_money_display(void **state)
{
    (void)state;
    static const struct {
        pence_t v;
        const char *display, *display2, *plain;
    } rows[] = {
        {7500, "£75", "£75.00", "75.00"},
        {7550, "£75.50", "£75.50", "75.50"},
        {425050, "£4,250.50", "£4,250.50", "4250.50"},
        {-320, "-£3.20", "-£3.20", "-3.20"},
        {123456, "£1,234.56", "£1,234.56", "1234.56"},
        {5, "£0.05", "£0.05", "0.05"},
        {-5, "-£0.05", "-£0.05", "-0.05"},
        {-1, "-£0.01", "-£0.01", "-0.01"},
        {99, "£0.99", "£0.99", "0.99"},
        {0, "£0", "£0.00", "0.00"},
        {-7500, "-£75", "-£75.00", "-75.00"},
        {6583800, "£65,838", "£65,838.00", "65838.00"},
        {100000000, "£1,000,000", "£1,000,000.00", "1000000.00"},
        {100000010, "£1,000,000.10", "£1,000,000.10", "1000000.10"},
        {INT64_MAX, "£92,233,720,368,547,758.07", "£92,233,720,368,547,758.07",
         "92233720368547758.07"},
        {INT64_MIN, "-£92,233,720,368,547,758.08", "-£92,233,720,368,547,758.08",
         "-92233720368547758.08"},
    };
    for (size_t i = 0; i < N(rows); i++) {
        struct buf b;
        buf_init(&b, 100);
        assert_int_equal(money_add_display(&b, rows[i].v), 0);
        CHECK(strcmp(b.buf, rows[i].display) == 0,
              "money_add_display(%" PRId64 ") = \"%s\", want \"%s\"", rows[i].v, b.buf,
              rows[i].display);
        buf_reset(&b);
        assert_int_equal(money_add_display2(&b, rows[i].v), 0);
        CHECK(strcmp(b.buf, rows[i].display2) == 0,
              "money_add_display2(%" PRId64 ") = \"%s\", want \"%s\"", rows[i].v, b.buf,
              rows[i].display2);
        buf_reset(&b);
        assert_int_equal(money_add_plain(&b, rows[i].v), 0);
        CHECK(strcmp(b.buf, rows[i].plain) == 0,
              "money_add_plain(%" PRId64 ") = \"%s\", want \"%s\"", rows[i].v, b.buf,
              rows[i].plain);
        buf_release(&b);
    }
}

static void test_rate_display(void **state)
{
    (void)state;
    static const struct {
        int64_t mp;
        const char *s;
    } rows[] = {
        {221800, "£2.218"},
        {12000000, "£120"},
        {72963, "£0.72963"},
        {2663100, "£26.631"},
        {1, "£0.00001"},
        {10, "£0.0001"},
        {100000, "£1"},
        {150000, "£1.5"},
        {0, "£0"},
        {150000000, "£1,500"},
        {-221800, "-£2.218"},
        {INT64_MIN, "-£92,233,720,368,547.75808"},
        {INT64_MAX, "£92,233,720,368,547.75807"},
    };
    for (size_t i = 0; i < N(rows); i++) {
        struct buf b;
        buf_init(&b, 100);
        assert_int_equal(rate_add_display(&b, rows[i].mp), 0);
        CHECK(strcmp(b.buf, rows[i].s) == 0, "rate_add_display(%" PRId64 ") = \"%s\", want \"%s\"",
              rows[i].mp, b.buf, rows[i].s);
        buf_release(&b);
    }
}

/* What the pages show can be typed back in and means the same amount. */
static void test_display_parses_back(void **state)
{
    (void)state;
    static const pence_t money[] = {0, 1, 5, 99, 100, 7500, 7550, -320, 425050, 123456789};
    static const int64_t rates[] = {0, 1, 72963, 221800, 2663100, 12000000, 150000000};
    for (size_t i = 0; i < N(money); i++) {
        struct buf b;
        pence_t v = 0;
        buf_init(&b, 100);
        money_add_display(&b, money[i]);
        CHECK(money_parse(b.buf, b.len, &v) == 0 && v == money[i],
              "money_parse(money_add_display(%" PRId64 ") = \"%s\")", money[i], b.buf);
        buf_reset(&b);
        money_add_plain(&b, money[i]);
        CHECK(money_parse(b.buf, b.len, &v) == 0 && v == money[i],
              "money_parse(money_add_plain(%" PRId64 ") = \"%s\")", money[i], b.buf);
        buf_release(&b);
    }
    for (size_t i = 0; i < N(rates); i++) {
        struct buf b;
        int64_t v = 0;
        buf_init(&b, 100);
        rate_add_display(&b, rates[i]);
        CHECK(rate_parse(b.buf, b.len, &v) == 0 && v == rates[i],
              "rate_parse(rate_add_display(%" PRId64 ") = \"%s\")", rates[i], b.buf);
        buf_release(&b);
    }
}

static void test_fixed_add(void **state)
{
    (void)state;
    static const struct {
        int64_t v;
        int decimals, min_decimals;
        bool grouped;
        const char *s;
    } rows[] = {
        {1438, 2, 0, false, "14.38"}, /* basis points as a percentage */
        {8750, 2, 0, false, "87.5"},
        {8750, 2, 2, false, "87.50"},
        {8000, 4, 0, false, "0.8"}, /* WTE */
        {10000, 4, 0, false, "1"},
        {10000, 4, 1, false, "1.0"},
        {35500, 3, 0, false, "35.5"}, /* IIF points */
        {-5, 2, 2, false, "-0.05"},
        {1234567, 0, 0, true, "1,234,567"},
        {1234567, 0, 0, false, "1234567"},
        {123456789, 3, 1, true, "123,456.789"},
        {-123456000, 3, 1, true, "-123,456.0"},
        {0, 0, 0, false, "0"},
        {0, 2, 0, false, "0"},
        {INT64_MIN, 0, 0, false, "-9223372036854775808"},
    };
    for (size_t i = 0; i < N(rows); i++) {
        struct buf b;
        buf_init(&b, 100);
        assert_int_equal(
            fixed_add(&b, rows[i].v, rows[i].decimals, rows[i].min_decimals, rows[i].grouped), 0);
        CHECK(strcmp(b.buf, rows[i].s) == 0, "fixed_add(%" PRId64 ", %d, %d) = \"%s\", want \"%s\"",
              rows[i].v, rows[i].decimals, rows[i].min_decimals, b.buf, rows[i].s);
        buf_release(&b);
    }
}

/* A full buffer is reported, not silently cut. */
static void test_display_limit(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 4);
    assert_int_equal(money_add_display(&b, 425050), PCN_ELIMIT);
    assert_false(buf_ok(&b));
    buf_release(&b);

    buf_init(&b, 4);
    assert_int_equal(money_add_plain(&b, 425050), PCN_ELIMIT);
    buf_release(&b);

    buf_init(&b, 4);
    assert_int_equal(rate_add_display(&b, 221800), PCN_ELIMIT);
    buf_release(&b);

    buf_init(&b, 6); /* "£75" is 4 bytes */
    assert_int_equal(money_add_display(&b, 7500), 0);
    assert_string_equal(b.buf, "£75");
    buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_div_round),          cmocka_unit_test(test_div_round_grid),
        cmocka_unit_test(test_round_policy_names), cmocka_unit_test(test_mul_add),
        cmocka_unit_test(test_fixed_parse),        cmocka_unit_test(test_money_parse),
        cmocka_unit_test(test_rate_parse),         cmocka_unit_test(test_money_display),
        cmocka_unit_test(test_rate_display),       cmocka_unit_test(test_display_parses_back),
        cmocka_unit_test(test_fixed_add),          cmocka_unit_test(test_display_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
