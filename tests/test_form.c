/* test_form.c: the shared form readers and error list (form.h) as tables:
 * each reader's value or its message (which says the range), every field's
 * mistake collected at once in form order, a date input's link to its day,
 * one message a field, sorting into the page's order, and a checkbox that is
 * ticked only by its value. */
#include "testutil.h"

#include "arena.h"
#include "form.h"
#include "http.h"
#include "limits.h"
#include "web.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

struct kv {
    const char *name, *value;
};

/* A POST whose form holds the fields (NULL-ended). */
static void request(struct arena *a, struct http_req *q, struct ctx *c, const struct kv *f)
{
    memset(q, 0, sizeof *q);
    memset(c, 0, sizeof *c);
    q->a = a;
    q->method = "POST";
    q->path = "/";
    q->form_parsed = true;
    for (size_t i = 0; f && f[i].name; i++) {
        q->form[i].name = f[i].name;
        q->form[i].value = f[i].value;
        q->form[i].len = strlen(f[i].value);
        q->nform++;
    }
    c->a = a;
    c->q = q;
    c->today = date_from_ymd(2026, 11, 23);
}

static void test_int(void **state)
{
    (void)state;
    static const struct {
        const char *v;
        bool required, ok;
        int64_t want;
        const char *msg;
    } rows[] = {
        {"40", true, true, 40, NULL},
        {" 1,200 ", true, true, 1200, NULL},
        {"0", true, true, 0, NULL},
        {"10000", true, true, 10000, NULL},
        {"10001", true, false, 0,
         "Enter the number of care home beds as a whole number from 0 to 10,000"},
        {"1000000000", true, false, 0,
         "Enter the number of care home beds as a whole number from 0 to 10,000"},
        {"-3", true, false, 0,
         "Enter the number of care home beds as a whole number from 0 to 10,000"},
        {"forty", true, false, 0,
         "Enter the number of care home beds as a whole number from 0 to 10,000"},
        {"4.5", true, false, 0,
         "Enter the number of care home beds as a whole number from 0 to 10,000"},
        {"", true, false, 0, "Enter the number of care home beds"},
        {"   ", true, false, 0, "Enter the number of care home beds"},
        {"", false, false, 0, NULL},
    };
    struct arena a;
    arena_init(&a, 0);
    for (size_t i = 0; i < N(rows); i++) {
        struct http_req q;
        struct ctx c;
        struct kv f[] = {{"beds", rows[i].v}, {NULL, NULL}};
        request(&a, &q, &c, f);
        struct form_errs es;
        form_errs_init(&es, &a);
        int64_t v = -1;
        bool ok = form_read_int(&c, &es, "beds", "the number of care home beds", rows[i].required,
                                0, LIMIT_FORM_BEDS_MAX, &v);
        assert_int_equal(ok, rows[i].ok);
        if (ok)
            assert_int_equal(v, rows[i].want);
        if (rows[i].msg) {
            assert_int_equal(es.n, 1);
            assert_string_equal(es.e[0].field, "beds");
            assert_string_equal(es.e[0].text, rows[i].msg);
            assert_string_equal(form_err_href(&es, 0), "#beds");
        } else {
            assert_int_equal(es.n, 0);
        }
    }
    arena_release(&a);
}

static void test_money_fixed(void **state)
{
    (void)state;
    static const char cost_msg[] = "Enter the annual cost in pounds, from \xC2\xA3"
                                   "0 to \xC2\xA3"
                                   "1,000,000, like 52000 or 52000.50";
    static const char wte_msg[] = "Enter the WTE as a number from 0.01 to 1.0, like 0.6";
    static const struct {
        const char *v;
        bool money, ok;
        int64_t want;
        const char *msg;
    } rows[] = {
        {"52000", true, true, 5200000, NULL},
        {"\xC2\xA3"
         "52,000.50",
         true, true, 5200050, NULL},
        {"1000000", true, true, 100000000, NULL},
        {"1000000.01", true, false, 0, cost_msg},
        {"\xC2\xA3"
         "99,999,999,999,999,999",
         true, false, 0, cost_msg},
        {"-1", true, false, 0, cost_msg},
        {"lots", true, false, 0, cost_msg},
        {"0.6", false, true, 6000, NULL},
        {"1", false, true, 10000, NULL},
        {"0.01", false, true, 100, NULL},
        {"1.5", false, false, 0, wte_msg},
        {"0.005", false, false, 0, wte_msg},
        {"0", false, false, 0, wte_msg},
        {"one", false, false, 0, wte_msg},
    };
    struct arena a;
    arena_init(&a, 0);
    for (size_t i = 0; i < N(rows); i++) {
        struct http_req q;
        struct ctx c;
        struct kv f[] = {{"x", rows[i].v}, {NULL, NULL}};
        request(&a, &q, &c, f);
        struct form_errs es;
        form_errs_init(&es, &a);
        int64_t v = -1;
        bool ok = rows[i].money
                      ? form_read_money(&c, &es, "x", "the annual cost", true, 0,
                                        LIMIT_FORM_ANNUAL_COST_MAX, &v)
                      : form_read_fixed(&c, &es, "x", "the WTE", true, 4, 100, 10000, "0.6", &v);
        assert_int_equal(ok, rows[i].ok);
        if (ok)
            assert_int_equal(v, rows[i].want);
        assert_int_equal(es.n, rows[i].msg ? 1 : 0);
        if (rows[i].msg)
            assert_string_equal(es.e[0].text, rows[i].msg);
    }
    arena_release(&a);
}

static void test_date(void **state)
{
    (void)state;
    static const struct {
        const char *d, *m, *y;
        bool required;
        date_t want; /* 0: DATE_NONE */
        const char *msg;
        const char *href; /* NULL: #from-day */
    } rows[] = {
        {"23", "11", "2026", true, 1, NULL, NULL},
        {" 1", "7 ", "2019", true, 2, NULL, NULL},
        {"32", "12", "2026", true, 0, "The first day must be a real date, like 23 11 2026", NULL},
        {"29", "2", "2025", true, 0, "The first day must be a real date, like 23 11 2026", NULL},
        {"1", "13", "2026", true, 0, "The first day must be a real date, like 23 11 2026", NULL},
        {"1", "1", "26", true, 0, "The first day must be a real date, like 23 11 2026", NULL},
        {"a", "1", "2026", true, 0, "The first day must be a real date, like 23 11 2026", NULL},
        {"1", "", "2026", true, 0, "The first day must include a month", "#from-month"},
        {"", "1", "2026", true, 0, "The first day must include a day", NULL},
        {"1", "1", "", true, 0, "The first day must include a year", "#from-year"},
        {"30", "6", "2019", true, 0, "The first day must be from 1 July 2019 to 23 November 2027",
         NULL},
        {"24", "11", "2027", true, 0, "The first day must be from 1 July 2019 to 23 November 2027",
         NULL},
        {"", "", "", true, 0, "Enter the first day", NULL},
        {"", " ", "", false, 0, NULL, NULL},
    };
    struct arena a;
    arena_init(&a, 0);
    for (size_t i = 0; i < N(rows); i++) {
        struct http_req q;
        struct ctx c;
        struct kv f[] = {{"from-day", rows[i].d},
                         {"from-month", rows[i].m},
                         {"from-year", rows[i].y},
                         {NULL, NULL}};
        request(&a, &q, &c, f);
        struct form_errs es;
        form_errs_init(&es, &a);
        date_t d = form_read_date(&c, &es, "from", "the first day", rows[i].required,
                                  form_date_lo(), form_date_hi(c.today));
        date_t want = rows[i].want == 1   ? date_from_ymd(2026, 11, 23)
                      : rows[i].want == 2 ? date_from_ymd(2019, 7, 1)
                                          : DATE_NONE;
        assert_int_equal(d, want);
        assert_int_equal(es.n, rows[i].msg ? 1 : 0);
        if (rows[i].msg) {
            assert_string_equal(es.e[0].text, rows[i].msg);
            /* the summary links a date input to its day, or the part missing */
            assert_string_equal(form_err_href(&es, 0), rows[i].href ? rows[i].href : "#from-day");
        }
    }
    arena_release(&a);
}

/* The form: every mistake at once, in the order read, one message a
 * field, then sorted into the page's order. */
static void test_all_at_once(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct http_req q;
    struct ctx c;
    struct kv f[] = {{"name", ""},          {"start-day", "32"},
                     {"start-month", "12"}, {"start-year", "2025"},
                     {"wte", "one"},        {"annual_cost", "99,999,999,999,999,999"},
                     {"meeting", "no"},     {NULL, NULL}};
    request(&a, &q, &c, f);
    struct form_errs es;
    form_errs_init(&es, &a);
    int64_t wte, cost;
    form_read_fixed(&c, &es, "wte", "the WTE", true, 4, 100, 10000, "0.6", &wte);
    form_read_text(&c, &es, "name", "the full name", true, LIMIT_FORM_NAME_BYTES);
    form_read_date(&c, &es, "start", "the first day in post", true, DATE_NONE, DATE_NONE);
    form_read_money(&c, &es, "annual_cost", "the annual cost", false, 0, LIMIT_FORM_ANNUAL_COST_MAX,
                    &cost);
    form_err_add(&es, "wte", "A second message for the WTE is dropped");
    assert_int_equal(es.n, 4);
    static const char *const read_order[] = {"wte", "name", "start", "annual_cost"};
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(es.e[i].field, read_order[i]);
    assert_string_equal(form_err(&es, "wte")->text,
                        "Enter the WTE as a number from 0.01 to 1.0, like 0.6");
    assert_null(form_err(&es, "band"));
    static const char *const page[] = {"name", "role", "start", "wte", "band", "annual_cost", NULL};
    form_errs_sort(&es, page);
    static const char *const want[] = {"#name", "#start-day", "#wte", "#annual_cost"};
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(form_err_href(&es, i), want[i]);
    /* a checkbox is ticked by its value only, never by default */
    assert_false(form_read_tick(&c, "meeting", "yes"));
    assert_false(form_read_tick(&c, "other", "yes"));
    struct kv t[] = {{"meeting", "yes"}, {NULL, NULL}};
    request(&a, &q, &c, t);
    assert_true(form_read_tick(&c, "meeting", "yes"));
    arena_release(&a);
}

static void test_text_choice(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct http_req q;
    struct ctx c;
    char long_name[LIMIT_FORM_NAME_BYTES + 2];
    memset(long_name, 'a', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    struct kv f[] = {{"name", long_name},
                     {"bad", "\xff\xfe"},
                     {"ok", "  Dr Lee "},
                     {"zone", "mars"},
                     {NULL, NULL}};
    request(&a, &q, &c, f);
    struct form_errs es;
    form_errs_init(&es, &a);
    assert_null(form_read_text(&c, &es, "name", "the name", true, LIMIT_FORM_NAME_BYTES));
    assert_null(form_read_text(&c, &es, "bad", "the note", true, LIMIT_FORM_TEXT_BYTES));
    assert_string_equal(form_read_text(&c, &es, "ok", "the supervisor", true, 200), "Dr Lee");
    static const char *const zones[] = {"national", "outer_london", "inner_london"};
    assert_null(form_read_choice(&c, &es, "zone", "the pay zone", true, zones, 3));
    assert_null(form_read_choice(&c, &es, "none", "the role", true, zones, 3));
    assert_int_equal(es.n, 4);
    assert_string_equal(es.e[0].text, "The name must be 200 characters or fewer");
    assert_string_equal(es.e[1].text, "The note must be plain text");
    assert_string_equal(es.e[2].text, "Choose the pay zone from the list");
    assert_string_equal(es.e[3].text, "Choose the role");
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_int),         cmocka_unit_test(test_money_fixed),
        cmocka_unit_test(test_date),        cmocka_unit_test(test_all_at_once),
        cmocka_unit_test(test_text_choice),
    };
    return cmocka_run_group_tests_name("form readers and errors", tests, NULL, NULL);
}
