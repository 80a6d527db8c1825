/* test_buf.c: the bounded buffer (buf.h), and the small helpers of common.c
 * (parse_i64n) and err.c (msg_set, msg_prefix) that every module uses. */
#include "testutil.h"

#include <inttypes.h>

#include "buf.h"
#include "common.h" /* parse_i64n */

#define N(a) ARRAY_SIZE(a)

/* The invariants of buf.h, checked after every operation. */
static void check_invariants(const struct buf *b)
{
    assert_non_null(b->buf);
    assert_true(b->len <= b->max);
    assert_int_equal(b->buf[b->len], '\0');
    assert_int_equal(strlen(b->buf), b->len); /* no test appends a NUL */
}

static void test_init_empty(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 10);
    check_invariants(&b);
    assert_string_equal(b.buf, "");
    assert_int_equal(b.len, 0);
    assert_true(buf_ok(&b));
    buf_release(&b);
    check_invariants(&b);
    assert_int_equal(b.max, 10);

    /* max 0 is not "nothing": it means the default ceiling. */
    buf_init(&b, 0);
    assert_int_equal(b.max, LIMIT_BUF_DEFAULT);
    buf_release(&b);
}

/* The ceiling: appends up to max succeed, one byte more fails, appends
 * nothing, and every later append fails too. */
static void test_max_enforced(void **state)
{
    (void)state;
    enum { ADD, ADDS, ADDC, PRINTF, I64, LIT };
    static const struct {
        int op;
        const char *s;
        int rc;
        const char *after;
        bool ok;
    } steps[] = {
        {ADDS, "abc", 0, "abc", true},
        {ADDC, "d", 0, "abcd", true},
        {ADD, "", 0, "abcd", true},        /* empty append at any fill */
        {PRINTF, "%s", 0, "abcdef", true}, /* appends "ef"          */
        {LIT, "gh", 0, "abcdefgh", true},  /* exactly max (8)       */
        {ADD, "", 0, "abcdefgh", true},
        {ADDC, "i", PCN_ELIMIT, "abcdefgh", false}, /* one past max      */
        {ADD, "", PCN_ELIMIT, "abcdefgh", false},   /* sticky            */
        {ADDS, "x", PCN_ELIMIT, "abcdefgh", false},
        {PRINTF, "%s", PCN_ELIMIT, "abcdefgh", false},
        {I64, "1", PCN_ELIMIT, "abcdefgh", false},
    };
    struct buf b;
    buf_init(&b, 8);
    for (size_t i = 0; i < N(steps); i++) {
        int rc = 0;
        switch (steps[i].op) {
        case ADD:
            rc = buf_add(&b, steps[i].s, strlen(steps[i].s));
            break;
        case ADDS:
            rc = buf_adds(&b, steps[i].s);
            break;
        case ADDC:
            rc = buf_addc(&b, steps[i].s[0]);
            break;
        case PRINTF:
            rc = buf_printf(&b, "%s", "ef");
            break;
        case I64:
            rc = buf_add_i64(&b, 1, false);
            break;
        case LIT:
            rc = BUF_LIT(&b, "gh");
            break;
        }
        CHECK(rc == steps[i].rc, "step %zu: rc %d, want %d", i, rc, steps[i].rc);
        CHECK(strcmp(b.buf, steps[i].after) == 0, "step %zu: \"%s\", want \"%s\"", i, b.buf,
              steps[i].after);
        CHECK(buf_ok(&b) == steps[i].ok, "step %zu: buf_ok", i);
        check_invariants(&b);
    }
    /* buf_reset clears the overflow and keeps max. */
    buf_reset(&b);
    assert_true(buf_ok(&b));
    assert_string_equal(b.buf, "");
    assert_int_equal(buf_adds(&b, "12345678"), 0);
    assert_int_equal(buf_adds(&b, "9"), PCN_ELIMIT);
    buf_release(&b);
}

/* An append that does not fit appends nothing at all (not a prefix). */
static void test_too_big_appends_nothing(void **state)
{
    (void)state;
    static const struct {
        size_t max;
        const char *first, *second;
        int rc;
        const char *want;
    } rows[] = {
        {5, "ab", "cdef", PCN_ELIMIT, "ab"}, {5, "ab", "cde", 0, "abcde"},
        {5, "", "abcdef", PCN_ELIMIT, ""},   {1, "", "a", 0, "a"},
        {1, "a", "b", PCN_ELIMIT, "a"},
    };
    for (size_t i = 0; i < N(rows); i++) {
        struct buf b;
        buf_init(&b, rows[i].max);
        assert_int_equal(buf_adds(&b, rows[i].first), 0);
        CHECK(buf_adds(&b, rows[i].second) == rows[i].rc, "row %zu rc", i);
        CHECK(strcmp(b.buf, rows[i].want) == 0, "row %zu: \"%s\"", i, b.buf);
        check_invariants(&b);
        buf_release(&b);

        /* The same through buf_printf. */
        buf_init(&b, rows[i].max);
        assert_int_equal(buf_printf(&b, "%s", rows[i].first), 0);
        CHECK(buf_printf(&b, "%s", rows[i].second) == rows[i].rc, "row %zu printf rc", i);
        CHECK(strcmp(b.buf, rows[i].want) == 0, "row %zu printf: \"%s\"", i, b.buf);
        check_invariants(&b);
        buf_release(&b);
    }
}

/* Growth across many appends keeps every byte. */
static void test_growth(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 100000);
    for (int i = 0; i < 10000; i++)
        assert_int_equal(buf_addc(&b, (char)('a' + i % 26)), 0);
    assert_int_equal(b.len, 10000);
    for (int i = 0; i < 10000; i++)
        assert_int_equal(b.buf[i], 'a' + i % 26);
    check_invariants(&b);
    buf_release(&b);
}

static void test_take(void **state)
{
    (void)state;
    struct buf b;
    size_t len = 99;

    /* An empty buffer still hands over a string the caller can free. */
    buf_init(&b, 50);
    char *s = buf_take(&b, &len);
    assert_non_null(s);
    assert_string_equal(s, "");
    assert_int_equal(len, 0);
    free(s);

    buf_adds(&b, "hello");
    s = buf_take(&b, &len);
    assert_string_equal(s, "hello");
    assert_int_equal(len, 5);
    /* b is left empty and usable, with the same max */
    check_invariants(&b);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.max, 50);
    assert_int_equal(buf_adds(&b, "world"), 0);
    assert_string_equal(b.buf, "world");
    /* the taken string is independent of the buffer */
    assert_string_equal(s, "hello");
    free(s);

    s = buf_take(&b, NULL);
    assert_string_equal(s, "world");
    free(s);

    /* after an overflow, take resets the overflow too */
    buf_init(&b, 2);
    buf_adds(&b, "abc");
    assert_false(buf_ok(&b));
    s = buf_take(&b, NULL);
    free(s);
    assert_true(buf_ok(&b));
    assert_int_equal(buf_adds(&b, "ab"), 0);
    buf_release(&b);
}

static void test_printf_long(void **state)
{
    (void)state;
    static const size_t sizes[] = {0, 1, 254, 255, 256, 257, 300, 1000, 5000};
    for (size_t i = 0; i < N(sizes); i++) {
        size_t n = sizes[i];
        char *want = malloc(n + 10);
        memset(want, 'x', n);
        want[n] = '\0';

        struct buf b;
        buf_init(&b, 3 * n + 10);
        buf_adds(&b, "<");
        assert_int_equal(buf_printf(&b, "%s|%d", want, 42), 0);
        char *expect = malloc(n + 10);
        snprintf(expect, n + 10, "<%s|42", want);
        CHECK(strcmp(b.buf, expect) == 0, "buf_printf of %zu bytes", n);
        assert_int_equal(b.len, n + 4);
        check_invariants(&b);
        /* and again on top of it */
        assert_int_equal(buf_printf(&b, "%s", want), 0);
        assert_int_equal(b.len, 2 * n + 4);
        assert_memory_equal(b.buf + n + 4, want, n);
        check_invariants(&b);
        buf_release(&b);

        /* a long printf past max fails and appends nothing */
        buf_init(&b, n + 3);
        buf_adds(&b, "<");
        assert_int_equal(buf_printf(&b, "%s|%d", want, 42), PCN_ELIMIT);
        assert_string_equal(b.buf, "<");
        check_invariants(&b);
        buf_release(&b);
        free(want);
        free(expect);
    }
}

static int vprintf_helper(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

static void test_vprintf(void **state)
{
    (void)state;
    struct buf b;
    char big[600];
    memset(big, 'y', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    buf_init(&b, 1000);
    assert_int_equal(vprintf_helper(&b, "%d-%s", 7, "ok"), 0);
    assert_int_equal(vprintf_helper(&b, "%s", big), 0);
    assert_int_equal(b.len, 4 + 599);
    assert_memory_equal(b.buf, "7-ok", 4);
    check_invariants(&b);
    buf_release(&b);
}

static void test_add_i64(void **state)
{
    (void)state;
    static const struct {
        int64_t v;
        const char *grouped, *plain;
    } rows[] = {
        {0, "0", "0"},
        {7, "7", "7"},
        {-7, "-7", "-7"},
        {999, "999", "999"},
        {1000, "1,000", "1000"},
        {-1000, "-1,000", "-1000"},
        {-999, "-999", "-999"},
        {12345, "12,345", "12345"},
        {123456, "123,456", "123456"},
        {1234567, "1,234,567", "1234567"},
        {-1234567, "-1,234,567", "-1234567"},
        {1000000, "1,000,000", "1000000"},
        {INT64_MAX, "9,223,372,036,854,775,807", "9223372036854775807"},
        {INT64_MIN, "-9,223,372,036,854,775,808", "-9223372036854775808"},
    };
    for (size_t i = 0; i < N(rows); i++) {
        struct buf b;
        buf_init(&b, 100);
        assert_int_equal(buf_add_i64(&b, rows[i].v, true), 0);
        CHECK(strcmp(b.buf, rows[i].grouped) == 0, "grouped %" PRId64 ": \"%s\", want \"%s\"",
              rows[i].v, b.buf, rows[i].grouped);
        buf_reset(&b);
        assert_int_equal(buf_add_i64(&b, rows[i].v, false), 0);
        CHECK(strcmp(b.buf, rows[i].plain) == 0, "plain %" PRId64 ": \"%s\", want \"%s\"",
              rows[i].v, b.buf, rows[i].plain);
        buf_release(&b);
    }
    /* appends after what is there */
    struct buf b;
    buf_init(&b, 100);
    buf_adds(&b, "n=");
    buf_add_i64(&b, -1000, true);
    assert_string_equal(b.buf, "n=-1,000");
    buf_release(&b);
}

static void test_truncate_reset(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 100);
    buf_truncate(&b, 0); /* on an empty, never-allocated buffer */
    check_invariants(&b);
    buf_adds(&b, "hello, world");
    buf_truncate(&b, 5);
    assert_string_equal(b.buf, "hello");
    assert_int_equal(b.len, 5);
    buf_truncate(&b, 50); /* longer: no change */
    assert_string_equal(b.buf, "hello");
    buf_reset(&b);
    check_invariants(&b);
    assert_int_equal(b.len, 0);
    buf_adds(&b, "x");
    assert_string_equal(b.buf, "x");
    buf_release(&b);

    /* buf_release then reuse */
    buf_init(&b, 3);
    buf_adds(&b, "abc");
    buf_release(&b);
    check_invariants(&b);
    assert_int_equal(buf_adds(&b, "abc"), 0);
    assert_int_equal(buf_adds(&b, "d"), PCN_ELIMIT);
    buf_release(&b);
}

/* Two buffers that were never written to do not share writable state. */
static void test_empty_buffers_independent(void **state)
{
    (void)state;
    struct buf a, b;
    buf_init(&a, 10);
    buf_init(&b, 10);
    buf_reset(&a);
    buf_truncate(&a, 0);
    buf_adds(&b, "b");
    assert_string_equal(a.buf, "");
    assert_string_equal(b.buf, "b");
    buf_release(&a);
    buf_release(&b);
}

/* ---- common.c: parse_i64n ------------------------------------------------------------- */

static void test_parse_i64n(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int64_t min, max;
        int rc;
        int64_t want;
    } rows[] = {
        {"0", INT64_MIN, INT64_MAX, 0, 0},
        {"-0", INT64_MIN, INT64_MAX, 0, 0},
        {"42", INT64_MIN, INT64_MAX, 0, 42},
        {"-42", INT64_MIN, INT64_MAX, 0, -42},
        {"007", INT64_MIN, INT64_MAX, 0, 7},
        {"9223372036854775807", INT64_MIN, INT64_MAX, 0, INT64_MAX},
        {"-9223372036854775808", INT64_MIN, INT64_MAX, 0, INT64_MIN},
        {"9223372036854775808", INT64_MIN, INT64_MAX, PCN_EINVAL, 0},
        {"-9223372036854775809", INT64_MIN, INT64_MAX, PCN_EINVAL, 0},
        {"18446744073709551615", INT64_MIN, INT64_MAX, PCN_EINVAL, 0},
        {"18446744073709551616", INT64_MIN, INT64_MAX, PCN_EINVAL, 0},
        {"99999999999999999999999", INT64_MIN, INT64_MAX, PCN_EINVAL, 0},
        {"", INT64_MIN, INT64_MAX, PCN_EINVAL, 0},
        {"-", INT64_MIN, INT64_MAX, PCN_EINVAL, 0},
        {"+1", INT64_MIN, INT64_MAX, PCN_EINVAL, 0},
        {" 1", INT64_MIN, INT64_MAX, PCN_EINVAL, 0},
        {"1 ", INT64_MIN, INT64_MAX, PCN_EINVAL, 0},
        {"1,000", INT64_MIN, INT64_MAX, PCN_EINVAL, 0},
        {"1.0", INT64_MIN, INT64_MAX, PCN_EINVAL, 0},
        {"--1", INT64_MIN, INT64_MAX, PCN_EINVAL, 0},
        {"0x1", INT64_MIN, INT64_MAX, PCN_EINVAL, 0},
        {"1e3", INT64_MIN, INT64_MAX, PCN_EINVAL, 0},
        {"/", INT64_MIN, INT64_MAX, PCN_EINVAL, 0}, /* '0' - 1 */
        {":", INT64_MIN, INT64_MAX, PCN_EINVAL, 0}, /* '9' + 1 */
        {"\xB0", INT64_MIN, INT64_MAX, PCN_EINVAL, 0},
        {"10", 0, 10, 0, 10},
        {"11", 0, 10, PCN_EINVAL, 0},
        {"-1", 0, 10, PCN_EINVAL, 0},
        {"0", 1, 10, PCN_EINVAL, 0},
        {"-5", -5, -1, 0, -5},
    };
    for (size_t i = 0; i < N(rows); i++) {
        int64_t v = 4242;
        int rc = parse_i64n(rows[i].s, strlen(rows[i].s), rows[i].min, rows[i].max, &v);
        CHECK(rc == rows[i].rc, "parse_i64n(\"%s\") = %d, want %d", rows[i].s, rc, rows[i].rc);
        if (rc == 0)
            CHECK(v == rows[i].want, "parse_i64n(\"%s\") = %" PRId64, rows[i].s, v);
        else
            CHECK(v == 4242, "parse_i64n(\"%s\") wrote *out on failure", rows[i].s);
        int64_t w = 4242;
        CHECK(parse_i64(rows[i].s, rows[i].min, rows[i].max, &w) == rows[i].rc && w == v,
              "parse_i64(\"%s\") differs from parse_i64n", rows[i].s);
    }
    /* Only len bytes are read. */
    int64_t v;
    assert_int_equal(parse_i64n("123abc", 3, 0, 1000, &v), 0);
    assert_int_equal(v, 123);
    assert_int_equal(parse_i64n("12\0"
                                "3",
                                4, 0, 1000, &v),
                     PCN_EINVAL);
    assert_int_equal(parse_i64n("5", 0, 0, 1000, &v), PCN_EINVAL);
}

/* ---- err.c: msg_set, msg_prefix ------------------------------------------------------- */

static void test_msg(void **state)
{
    (void)state;
    struct pcn_msg m;
    msg_clear(&m);
    assert_int_equal(m.code, 0);
    assert_string_equal(m.text, "");

    assert_int_equal(msg_set(&m, PCN_EINVAL, "%s:%d: bad %s", "f.csv", 3, "code"), PCN_EINVAL);
    assert_int_equal(m.code, PCN_EINVAL);
    assert_string_equal(m.text, "f.csv:3: bad code");

    msg_prefix(&m, "importing %s: ", "epraccur");
    assert_string_equal(m.text, "importing epraccur: f.csv:3: bad code");
    assert_int_equal(m.code, PCN_EINVAL);

    /* NULL is allowed: the code is still returned. */
    assert_int_equal(msg_set(NULL, PCN_ELIMIT, "x"), PCN_ELIMIT);
    msg_prefix(NULL, "x");
    msg_clear(NULL);

    /* Truncation keeps the text NUL-terminated and within the buffer. */
    char big[3 * LIMIT_MSG_BYTES];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    msg_set(&m, PCN_EIO, "%s", big);
    assert_int_equal(strlen(m.text), LIMIT_MSG_BYTES - 1);
    msg_prefix(&m, "head: ");
    assert_int_equal(strlen(m.text), LIMIT_MSG_BYTES - 1);
    assert_memory_equal(m.text, "head: aaa", 9);
    assert_int_equal(m.code, PCN_EIO);

    /* A prefix longer than the buffer: the prefix, cut, and nothing else. */
    msg_set(&m, PCN_EIO, "tail");
    msg_prefix(&m, "%s", big);
    assert_int_equal(strlen(m.text), LIMIT_MSG_BYTES - 1);
    assert_null(strstr(m.text, "tail"));

    /* An empty prefix changes nothing. */
    msg_set(&m, PCN_EINVAL, "same");
    msg_prefix(&m, "%s", "");
    assert_string_equal(m.text, "same");
}

static void test_err_names(void **state)
{
    (void)state;
    static const struct {
        int code;
        const char *name;
    } rows[] = {
        {PCN_OK, "ok"},
        {PCN_EINVAL, "bad input"},
        {PCN_ENOTFOUND, "not found"},
        {PCN_ELIMIT, "too large"},
        {PCN_EIO, "input or output error"},
        {PCN_EDB, "store error"},
        {PCN_ENOMEM, "out of memory"},
        {PCN_EPERM, "not allowed"},
        {PCN_ECONFLICT, "conflict"},
        {PCN_EUSAGE, "usage error"},
        {-100, "unknown error"},
        {1, "unknown error"},
    };
    for (size_t i = 0; i < N(rows); i++)
        assert_string_equal(err_name(rows[i].code), rows[i].name);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_empty),
        cmocka_unit_test(test_max_enforced),
        cmocka_unit_test(test_too_big_appends_nothing),
        cmocka_unit_test(test_growth),
        cmocka_unit_test(test_take),
        cmocka_unit_test(test_printf_long),
        cmocka_unit_test(test_vprintf),
        cmocka_unit_test(test_add_i64),
        cmocka_unit_test(test_truncate_reset),
        cmocka_unit_test(test_empty_buffers_independent),
        cmocka_unit_test(test_parse_i64n),
        cmocka_unit_test(test_msg),
        cmocka_unit_test(test_err_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
