/* test_hist.c: effective-dated histories (hist.h). */
#include "testutil.h"

#include <stdbool.h>

#include "buf.h"
#include "date.h"
#include "hist.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Values are strings compared by content, so two different pointers to
 * equal text are the same value. */
static bool str_eq(const void *a, const void *b)
{
    return strcmp(a, b) == 0;
}

/* "[2024-01-01,2024-07-01)=A [2024-07-01,-)=B" */
static void hist_text(const struct hist *h, struct buf *b)
{
    for (size_t i = 0; i < h->n; i++) {
        char f[11], t[11];
        date_format_iso(h->iv[i].from, f);
        if (h->iv[i].to == DATE_NONE) {
            t[0] = '-';
            t[1] = '\0';
        } else {
            date_format_iso(h->iv[i].to, t);
        }
        buf_printf(b, "%s[%s,%s)=%s", i ? " " : "", f, t, (const char *)h->iv[i].val);
    }
}

/* The invariants of hist.h: sorted, not overlapping, no NULL values, and
 * touching periods never carry equal values. */
static void check_invariants(const struct hist *h, const char *what)
{
    for (size_t i = 0; i < h->n; i++) {
        const struct hist_iv *iv = &h->iv[i];
        CHECK(iv->val != NULL, "%s: period %zu has a NULL value", what, i);
        CHECK(iv->to == DATE_NONE || iv->from < iv->to, "%s: period %zu is empty", what, i);
        if (i + 1 < h->n) {
            const struct hist_iv *nx = &h->iv[i + 1];
            CHECK(iv->to != DATE_NONE && iv->to <= nx->from,
                  "%s: periods %zu and %zu overlap or are out of order", what, i, i + 1);
            CHECK(!(iv->to == nx->from && str_eq(iv->val, nx->val)),
                  "%s: periods %zu and %zu touch with equal values", what, i, i + 1);
        }
    }
}

struct op {
    const char *from, *to; /* to NULL: open-ended */
    const char *val;       /* NULL: no value      */
};

static void apply(struct hist *h, const struct op *o)
{
    hist_set(h, test_day(o->from), test_day(o->to), o->val, str_eq);
}

#define MAXOPS 6
static const char A2[] = "A"; /* equal to "A" but another pointer */

static const struct {
    const char *name;
    struct op ops[MAXOPS];
    const char *want;
} cases[] = {
    {"set on an empty history", {{"2024-01-01", "2024-07-01", "A"}}, "[2024-01-01,2024-07-01)=A"},
    {"open-ended on an empty history", {{"2024-01-01", NULL, "A"}}, "[2024-01-01,-)=A"},
    {"no value on an empty history", {{"2024-01-01", NULL, NULL}}, ""},
    {"split a period in the middle",
     {{"2024-01-01", NULL, "A"}, {"2024-03-01", "2024-05-01", "B"}},
     "[2024-01-01,2024-03-01)=A [2024-03-01,2024-05-01)=B [2024-05-01,-)=A"},
    {"split a closed period in the middle",
     {{"2024-01-01", "2024-12-01", "A"}, {"2024-03-01", "2024-05-01", "B"}},
     "[2024-01-01,2024-03-01)=A [2024-03-01,2024-05-01)=B [2024-05-01,2024-12-01)=A"},
    {"a gap in the middle",
     {{"2024-01-01", NULL, "A"}, {"2024-03-01", "2024-05-01", NULL}},
     "[2024-01-01,2024-03-01)=A [2024-05-01,-)=A"},
    {"the same value next to a period merges",
     {{"2024-01-01", "2024-03-01", "A"}, {"2024-03-01", "2024-05-01", "A"}},
     "[2024-01-01,2024-05-01)=A"},
    {"merges on the left too",
     {{"2024-03-01", "2024-05-01", "A"}, {"2024-01-01", "2024-03-01", "A"}},
     "[2024-01-01,2024-05-01)=A"},
    {"equal text through another pointer merges",
     {{"2024-01-01", "2024-03-01", "A"}, {"2024-03-01", "2024-05-01", A2}},
     "[2024-01-01,2024-05-01)=A"},
    {"filling a gap merges three",
     {{"2024-01-01", "2024-03-01", "A"},
      {"2024-05-01", "2024-07-01", "A"},
      {"2024-03-01", "2024-05-01", "A"}},
     "[2024-01-01,2024-07-01)=A"},
    {"restoring a split value merges back",
     {{"2024-01-01", NULL, "A"},
      {"2024-03-01", "2024-05-01", "B"},
      {"2024-03-01", "2024-05-01", "A"}},
     "[2024-01-01,-)=A"},
    {"different values that touch stay apart",
     {{"2024-01-01", "2024-03-01", "A"}, {"2024-03-01", "2024-05-01", "B"}},
     "[2024-01-01,2024-03-01)=A [2024-03-01,2024-05-01)=B"},
    {"periods that do not touch stay apart",
     {{"2024-01-01", "2024-03-01", "A"}, {"2024-03-02", "2024-05-01", "A"}},
     "[2024-01-01,2024-03-01)=A [2024-03-02,2024-05-01)=A"},
    {"replace exactly",
     {{"2024-01-01", "2024-03-01", "A"}, {"2024-01-01", "2024-03-01", "B"}},
     "[2024-01-01,2024-03-01)=B"},
    {"across three periods",
     {{"2024-01-01", "2024-02-01", "A"},
      {"2024-02-01", "2024-03-01", "B"},
      {"2024-03-01", "2024-04-01", "C"},
      {"2024-01-15", "2024-03-15", "D"}},
     "[2024-01-01,2024-01-15)=A [2024-01-15,2024-03-15)=D [2024-03-15,2024-04-01)=C"},
    {"before everything",
     {{"2024-03-01", "2024-04-01", "A"}, {"2024-01-01", "2024-02-01", "B"}},
     "[2024-01-01,2024-02-01)=B [2024-03-01,2024-04-01)=A"},
    {"after everything",
     {{"2024-01-01", "2024-02-01", "A"}, {"2024-03-01", NULL, "B"}},
     "[2024-01-01,2024-02-01)=A [2024-03-01,-)=B"},
    {"between two periods",
     {{"2024-01-01", "2024-02-01", "A"},
      {"2024-05-01", "2024-06-01", "C"},
      {"2024-03-01", "2024-04-01", "B"}},
     "[2024-01-01,2024-02-01)=A [2024-03-01,2024-04-01)=B [2024-05-01,2024-06-01)=C"},
    {"an open tail over closed periods",
     {{"2024-01-01", "2024-02-01", "A"},
      {"2024-02-01", "2024-03-01", "B"},
      {"2024-05-01", "2024-06-01", "C"},
      {"2024-02-01", NULL, "D"}},
     "[2024-01-01,2024-02-01)=A [2024-02-01,-)=D"},
    {"an open tail that starts before an open period",
     {{"2024-06-01", NULL, "A"}, {"2024-03-01", NULL, "B"}},
     "[2024-03-01,-)=B"},
    {"a closed period over the start of an open one",
     {{"2024-03-01", NULL, "A"}, {"2024-01-01", "2024-04-01", "B"}},
     "[2024-01-01,2024-04-01)=B [2024-04-01,-)=A"},
    {"a closed period covering the end of another",
     {{"2024-01-01", "2024-04-01", "A"}, {"2024-03-01", "2024-06-01", "B"}},
     "[2024-01-01,2024-03-01)=A [2024-03-01,2024-06-01)=B"},
    {"removing everything",
     {{"2024-01-01", "2024-02-01", "A"}, {"2024-03-01", NULL, "B"}, {"2023-12-01", NULL, NULL}},
     ""},
    {"removing a part at the start",
     {{"2024-01-01", NULL, "A"}, {"2023-06-01", "2024-02-01", NULL}},
     "[2024-02-01,-)=A"},
    {"removing the tail",
     {{"2024-01-01", NULL, "A"}, {"2024-06-01", NULL, NULL}},
     "[2024-01-01,2024-06-01)=A"},
    {"one-day periods",
     {{"2024-02-28", "2024-02-29", "A"},
      {"2024-02-29", "2024-03-01", "B"},
      {"2024-03-01", "2024-03-02", "A"}},
     "[2024-02-28,2024-02-29)=A [2024-02-29,2024-03-01)=B [2024-03-01,2024-03-02)=A"},
};

static void test_set_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(cases); i++) {
        struct hist h;
        struct buf b;
        hist_init(&h);
        buf_init(&b, 4096);
        for (size_t k = 0; k < MAXOPS && cases[i].ops[k].from; k++) {
            apply(&h, &cases[i].ops[k]);
            check_invariants(&h, cases[i].name);
        }
        hist_text(&h, &b);
        CHECK(strcmp(b.buf, cases[i].want) == 0, "%s:\n got: %s\nwant: %s", cases[i].name, b.buf,
              cases[i].want);
        hist_release(&h);
        buf_release(&b);
    }
}

/* Setting the same thing twice changes nothing. */
static void test_set_idempotent(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(cases); i++) {
        struct hist once, twice;
        hist_init(&once);
        hist_init(&twice);
        for (size_t k = 0; k < MAXOPS && cases[i].ops[k].from; k++) {
            apply(&once, &cases[i].ops[k]);
            apply(&twice, &cases[i].ops[k]);
            apply(&twice, &cases[i].ops[k]);
        }
        CHECK(hist_equal(&once, &twice, str_eq), "%s: setting twice changed the history",
              cases[i].name);
        /* and again at the end: every op once more, in order */
        struct hist again;
        hist_init(&again);
        hist_copy(&again, &once);
        for (size_t k = 0; k < MAXOPS && cases[i].ops[k].from; k++)
            apply(&again, &cases[i].ops[k]);
        CHECK(hist_equal(&once, &again, str_eq), "%s: replaying changed the history",
              cases[i].name);
        hist_release(&once);
        hist_release(&twice);
        hist_release(&again);
    }
}

/* Publications loaded in any order give the same history, when each sets
 * its value from its date to the next publication's date. */
static void test_publications_any_order(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        const char *date[4];
        const char *val[4];
        size_t n;
        const char *want;
    } rows[] = {
        {"two publications",
         {"2024-01-01", "2024-07-01"},
         {"A", "B"},
         2,
         "[2024-01-01,2024-07-01)=A [2024-07-01,-)=B"},
        {"absent in the middle one",
         {"2024-01-01", "2024-04-01", "2024-07-01"},
         {"A", NULL, "A"},
         3,
         "[2024-01-01,2024-04-01)=A [2024-07-01,-)=A"},
        {"unchanged across four",
         {"2024-01-01", "2024-04-01", "2024-07-01", "2024-10-01"},
         {"A", "A", "A", "A"},
         4,
         "[2024-01-01,-)=A"},
        {"changes back and forth",
         {"2024-01-01", "2024-04-01", "2024-07-01", "2024-10-01"},
         {"A", "B", "A", "B"},
         4,
         "[2024-01-01,2024-04-01)=A [2024-04-01,2024-07-01)=B [2024-07-01,2024-10-01)=A "
         "[2024-10-01,-)=B"},
        {"gone in the last",
         {"2024-01-01", "2024-04-01", "2024-07-01", "2024-10-01"},
         {"A", "B", "B", NULL},
         4,
         "[2024-01-01,2024-04-01)=A [2024-04-01,2024-10-01)=B"},
        {"appears late",
         {"2024-01-01", "2024-04-01", "2024-07-01", "2024-10-01"},
         {NULL, NULL, "C", "C"},
         4,
         "[2024-07-01,-)=C"},
    };
    static const int perms4[24][4] = {
        {0, 1, 2, 3}, {0, 1, 3, 2}, {0, 2, 1, 3}, {0, 2, 3, 1}, {0, 3, 1, 2}, {0, 3, 2, 1},
        {1, 0, 2, 3}, {1, 0, 3, 2}, {1, 2, 0, 3}, {1, 2, 3, 0}, {1, 3, 0, 2}, {1, 3, 2, 0},
        {2, 0, 1, 3}, {2, 0, 3, 1}, {2, 1, 0, 3}, {2, 1, 3, 0}, {2, 3, 0, 1}, {2, 3, 1, 0},
        {3, 0, 1, 2}, {3, 0, 2, 1}, {3, 1, 0, 2}, {3, 1, 2, 0}, {3, 2, 0, 1}, {3, 2, 1, 0},
    };
    for (size_t i = 0; i < N(rows); i++) {
        for (size_t p = 0; p < 24; p++) {
            /* only the permutations of 0..n-1 */
            bool ok = true;
            for (size_t k = 0; k < 4; k++)
                if (k < rows[i].n ? perms4[p][k] >= (int)rows[i].n : perms4[p][k] != (int)k)
                    ok = false;
            if (!ok)
                continue;
            struct hist h;
            struct buf b;
            hist_init(&h);
            buf_init(&b, 4096);
            for (size_t k = 0; k < rows[i].n; k++) {
                int j = perms4[p][k];
                date_t from = test_day(rows[i].date[j]);
                date_t to = (size_t)j + 1 < rows[i].n ? test_day(rows[i].date[j + 1]) : DATE_NONE;
                hist_set(&h, from, to, rows[i].val[j], str_eq);
                check_invariants(&h, rows[i].name);
            }
            hist_text(&h, &b);
            CHECK(strcmp(b.buf, rows[i].want) == 0, "%s, order %d%d%d%d:\n got: %s\nwant: %s",
                  rows[i].name, perms4[p][0], perms4[p][1], perms4[p][2], perms4[p][3], b.buf,
                  rows[i].want);
            hist_release(&h);
            buf_release(&b);
        }
    }
}

static void test_at(void **state)
{
    (void)state;
    struct hist h;
    hist_init(&h);
    hist_set(&h, test_day("2024-01-01"), test_day("2024-03-01"), "A", str_eq);
    hist_set(&h, test_day("2024-05-01"), DATE_NONE, "B", str_eq);
    static const struct {
        const char *date;
        const char *val; /* NULL: no period */
    } rows[] = {
        {"2023-12-31", NULL}, {"2024-01-01", "A"},
        {"2024-02-29", "A"},  {"2024-03-01", NULL}, /* the end is exclusive */
        {"2024-04-30", NULL}, {"2024-05-01", "B"},
        {"2999-12-31", "B"},  {"1800-01-01", NULL},
    };
    for (size_t i = 0; i < N(rows); i++) {
        const struct hist_iv *iv = hist_at(&h, test_day(rows[i].date));
        if (!rows[i].val) {
            CHECK(iv == NULL, "hist_at(%s) should be NULL", rows[i].date);
        } else {
            CHECK(iv != NULL && strcmp(iv->val, rows[i].val) == 0, "hist_at(%s) should be %s",
                  rows[i].date, rows[i].val);
        }
    }
    hist_release(&h);

    /* an empty history has nothing anywhere */
    hist_init(&h);
    assert_null(hist_at(&h, test_day("2024-01-01")));
    hist_release(&h);
}

/* Random sets on a small range of days, checked day by day against a plain
 * array (the model), and the invariants after each set. */
static void test_against_model(void **state)
{
    (void)state;
    enum { DAYS = 40, FAR = 1000 };
    static const char *const vals[] = {NULL, "A", "B", "C"};
    const date_t base = test_day("2024-01-01");
    uint32_t seed = 12345;

    for (int trial = 0; trial < 300; trial++) {
        const char *model[DAYS + 1]; /* [DAYS] = the far future */
        struct hist h;
        hist_init(&h);
        for (int d = 0; d <= DAYS; d++)
            model[d] = NULL;
        for (int step = 0; step < 12; step++) {
            seed = seed * 1103515245u + 12345u;
            int from = (int)((seed >> 8) % DAYS);
            seed = seed * 1103515245u + 12345u;
            bool open = (seed >> 8) % 4 == 0;
            int to = open ? DAYS + 1 : from + 1 + (int)((seed >> 12) % (DAYS - from));
            seed = seed * 1103515245u + 12345u;
            const char *v = vals[(seed >> 8) % 4];

            hist_set(&h, base + from, open ? DATE_NONE : base + to, v, str_eq);
            for (int d = from; d < to && d <= DAYS; d++)
                model[d] = v;
            check_invariants(&h, "random");
            for (int d = 0; d <= DAYS; d++) {
                date_t t = d == DAYS ? base + FAR : base + d;
                const struct hist_iv *iv = hist_at(&h, t);
                const char *got = iv ? iv->val : NULL;
                CHECK((got == NULL) == (model[d] == NULL) && (!got || strcmp(got, model[d]) == 0),
                      "trial %d step %d: day %d is %s, want %s", trial, step, d,
                      got ? got : "(none)", model[d] ? model[d] : "(none)");
            }
        }
        hist_release(&h);
    }
}

static void test_push_copy_equal_clear(void **state)
{
    (void)state;
    struct hist a, b;
    hist_init(&a);
    hist_init(&b);
    hist_push(&a, test_day("2024-01-01"), test_day("2024-02-01"), "A");
    hist_push(&a, test_day("2024-02-01"), DATE_NONE, "B");
    for (int i = 0; i < 10; i++) /* growth past the first allocation */
        hist_push(&b, test_day("2020-01-01") + 2 * i, test_day("2020-01-01") + 2 * i + 1, "X");
    assert_int_equal(b.n, 10);
    assert_false(hist_equal(&a, &b, str_eq));

    hist_copy(&b, &a);
    assert_int_equal(b.n, 2);
    assert_true(hist_equal(&a, &b, str_eq));
    assert_ptr_not_equal(a.iv, b.iv);

    /* equal by value, not by pointer */
    static const char A_copy[] = "A";
    struct hist c;
    hist_init(&c);
    hist_push(&c, test_day("2024-01-01"), test_day("2024-02-01"), A_copy);
    hist_push(&c, test_day("2024-02-01"), DATE_NONE, "B");
    assert_true(hist_equal(&a, &c, str_eq));
    /* a different end is a different history */
    c.iv[1].to = test_day("2025-01-01");
    assert_false(hist_equal(&a, &c, str_eq));

    /* a set on a pushed history behaves as on a built one */
    hist_set(&a, test_day("2024-01-15"), test_day("2024-02-01"), "B", str_eq);
    struct buf t;
    buf_init(&t, 1000);
    hist_text(&a, &t);
    assert_string_equal(t.buf, "[2024-01-01,2024-01-15)=A [2024-01-15,-)=B");
    buf_release(&t);

    hist_clear(&b);
    assert_int_equal(b.n, 0);
    assert_null(hist_at(&b, test_day("2024-01-01")));
    hist_push(&b, test_day("2024-01-01"), DATE_NONE, "Z"); /* usable after clear */
    assert_int_equal(b.n, 1);

    /* copy of an empty history */
    struct hist e;
    hist_init(&e);
    hist_copy(&b, &e);
    assert_int_equal(b.n, 0);
    assert_true(hist_equal(&b, &e, str_eq));

    hist_release(&a);
    hist_release(&b);
    hist_release(&c);
    hist_release(&e);
    assert_int_equal(a.n, 0);
    assert_null(a.iv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_cases),
        cmocka_unit_test(test_set_idempotent),
        cmocka_unit_test(test_publications_any_order),
        cmocka_unit_test(test_at),
        cmocka_unit_test(test_against_model),
        cmocka_unit_test(test_push_copy_equal_clear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
