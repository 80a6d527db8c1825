/* The IIF engine (iif.h): points and payment from tables of inputs and
 * expected outputs, with the edges (exactly at each threshold, a zero
 * denominator, a numerator above the denominator), deemed achievement,
 * missing figures, what-if and the practice breakdown; and the IIF rules
 * files (iif_measures.csv, iif_adjustments.csv, caip_criteria.csv), each
 * kind of mistake with its FILE:LINE: field. */
#include "testutil.h"

#include "arena.h"
#include "iif.h"
#include "rules.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- points ----------------------------------------------------------- */

struct points_case {
    int64_t n, d, lower, upper, max;
    enum round_policy p;
    int rc;
    int64_t want;
    const char *error;
};

/* ACC-08 of 2023/24: 85% to 90%, 71 points (71,000 thousandths). */
static const struct points_case points_cases[] = {
    {875, 1000, 8500, 9000, 71000, ROUND_HALF_UP, 0, 35500, NULL}, /* 87.5%: §7.1's example */
    {85, 100, 8500, 9000, 71000, ROUND_HALF_UP, 0, 0, NULL},       /* exactly the lower */
    {90, 100, 8500, 9000, 71000, ROUND_HALF_UP, 0, 71000, NULL},   /* exactly the upper */
    {17, 20, 8500, 9000, 71000, ROUND_HALF_UP, 0, 0, NULL},        /* 85% as 17/20 */
    {9, 10, 8500, 9000, 71000, ROUND_HALF_UP, 0, 71000, NULL},     /* 90% as 9/10 */
    {851, 1000, 8500, 9000, 71000, ROUND_HALF_UP, 0, 1420, NULL},  /* just above the lower */
    {899, 1000, 8500, 9000, 71000, ROUND_HALF_UP, 0, 69580, NULL}, /* just below the upper */
    {849, 1000, 8500, 9000, 71000, ROUND_HALF_UP, 0, 0, NULL},     /* below the lower */
    {95, 100, 8500, 9000, 71000, ROUND_HALF_UP, 0, 71000, NULL},   /* above the upper */
    {100, 100, 8500, 9000, 71000, ROUND_HALF_UP, 0, 71000, NULL},  /* everyone */
    {0, 100, 8500, 9000, 71000, ROUND_HALF_UP, 0, 0, NULL},        /* no one */
    {0, 0, 8500, 9000, 71000, ROUND_HALF_UP, 0, 0, NULL},          /* a zero denominator */
    /* 87.0116...% of the real 2023/24 national ACC-08 figures */
    {188034307, 216102375, 8500, 9000, 71000, ROUND_HALF_UP, 0, 28566, NULL},
    /* rounding to a thousandth: 1/3 and 2/3 of a point */
    {1, 3, 0, 10000, 1000, ROUND_HALF_UP, 0, 333, NULL},
    {2, 3, 0, 10000, 1000, ROUND_HALF_UP, 0, 667, NULL},
    {2, 3, 0, 10000, 1000, ROUND_DOWN, 0, 666, NULL},
    /* exactly half a thousandth: half up, and down */
    {1, 2, 0, 10000, 1, ROUND_HALF_UP, 0, 1, NULL},
    {1, 2, 0, 10000, 1, ROUND_DOWN, 0, 0, NULL},
    /* refused */
    {11, 10, 8500, 9000, 71000, ROUND_HALF_UP, PCN_EINVAL, 0,
     "the numerator 11 is above the denominator 10"},
    {1, 0, 8500, 9000, 71000, ROUND_HALF_UP, PCN_EINVAL, 0,
     "the numerator 1 is above the denominator 0"},
    {-1, 10, 8500, 9000, 71000, ROUND_HALF_UP, PCN_EINVAL, 0, "cannot be negative"},
    {5, 10, 9000, 8500, 71000, ROUND_HALF_UP, PCN_EINVAL, 0, "thresholds must rise"},
};

static void test_points_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < ARRAY_SIZE(points_cases); i++) {
        const struct points_case *c = &points_cases[i];
        struct pcn_msg m = {0};
        int64_t got = -12345;
        int rc = iif_points(c->n, c->d, c->lower, c->upper, c->max, c->p, &got, &m);
        if (rc != c->rc)
            fail_msg("case %zu (%" PRId64 "/%" PRId64 "): rc %d, want %d (%s)", i, c->n, c->d, rc,
                     c->rc, m.text);
        if (!rc && got != c->want)
            fail_msg("case %zu (%" PRId64 "/%" PRId64 "): %" PRId64 " points, want %" PRId64, i,
                     c->n, c->d, got, c->want);
        if (c->error)
            assert_contains(m.text, c->error);
    }
}

static void test_achievement(void **state)
{
    (void)state;
    struct pcn_msg m = {0};
    int64_t bp;
    assert_int_equal(iif_achievement_bp(875, 1000, ROUND_HALF_UP, &bp, &m), 0);
    assert_int_equal(bp, 8750);
    assert_int_equal(iif_achievement_bp(188034307, 216102375, ROUND_HALF_UP, &bp, &m), 0);
    assert_int_equal(bp, 8701);
    assert_int_equal(iif_achievement_bp(2, 3, ROUND_HALF_UP, &bp, &m), 0);
    assert_int_equal(bp, 6667);
    assert_int_equal(iif_achievement_bp(1, 0, ROUND_HALF_UP, &bp, &m), PCN_EINVAL);
    assert_int_equal(iif_achievement_bp(0, 0, ROUND_HALF_UP, &bp, &m), PCN_EINVAL);
    assert_contains(m.text, "a denominator of 0 has no achievement");
}

/* ---- payment ---------------------------------------------------------- */

struct pay_case {
    int64_t points; /* thousandths */
    pence_t value;
    int64_t pcn_list, national_list, national_pcns;
    bool prev;
    int64_t pp, pl, np, nl; /* prevalence: PCN patients, PCN list, national */
    enum round_policy p;
    int rc;
    pence_t want;
};

static const struct pay_case pay_cases[] = {
    /* 71 points × £198, a PCN of 50,000 against an average of 48,000:
     * 71 × 198 × 50,000 ÷ 48,000 = £14,643.75 exactly */
    {71000, 19800, 50000, 60000000, 1250, false, 0, 0, 0, 0, ROUND_HALF_UP, 0, 1464375},
    /* the average PCN: the adjustment is 1 */
    {71000, 19800, 48000, 60000000, 1250, false, 0, 0, 0, 0, ROUND_HALF_UP, 0, 1405800},
    /* with a prevalence of 0.52% against 0.5% (× 1.04): £15,229.50 */
    {71000, 19800, 50000, 60000000, 1250, true, 260, 50000, 300000, 60000000, ROUND_HALF_UP, 0,
     1522950},
    /* 35.5 points (87.5% of ACC-08) at the average: £7,029 */
    {35500, 19800, 48000, 60000000, 1250, false, 0, 0, 0, 0, ROUND_HALF_UP, 0, 702900},
    /* no points, no money */
    {0, 19800, 50000, 60000000, 1250, false, 0, 0, 0, 0, ROUND_HALF_UP, 0, 0},
    /* exactly half a penny: 1 point × 1p × 1 ÷ 2 */
    {1000, 1, 1, 2, 1, false, 0, 0, 0, 0, ROUND_HALF_UP, 0, 1},
    {1000, 1, 1, 2, 1, false, 0, 0, 0, 0, ROUND_DOWN, 0, 0},
    /* a third of a penny rounds down, two thirds up */
    {1000, 1, 1, 3, 1, false, 0, 0, 0, 0, ROUND_HALF_UP, 0, 0},
    {1000, 2, 1, 3, 1, false, 0, 0, 0, 0, ROUND_HALF_UP, 0, 1},
    /* large but exact: 100 points × £1,000 × a PCN of 300,000 in England's
     * 65 million over 1,300 PCNs, with a prevalence of 2% against 1.5% */
    {100000, 100000, 300000, 65000000, 1300, true, 6000, 300000, 975000, 65000000, ROUND_HALF_UP, 0,
     80000000},
    /* refused: nothing to divide by */
    {71000, 19800, 50000, 0, 1250, false, 0, 0, 0, 0, ROUND_HALF_UP, PCN_EINVAL, 0},
    {71000, 19800, 50000, 60000000, 0, false, 0, 0, 0, 0, ROUND_HALF_UP, PCN_EINVAL, 0},
    {71000, 19800, 50000, 60000000, 1250, true, 260, 50000, 0, 60000000, ROUND_HALF_UP, PCN_EINVAL,
     0},
};

static void test_payment_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < ARRAY_SIZE(pay_cases); i++) {
        const struct pay_case *c = &pay_cases[i];
        struct iif_list l = {.known = true,
                             .pcn_list = c->pcn_list,
                             .national_list = c->national_list,
                             .national_pcns = c->national_pcns};
        struct iif_prevalence pv = {.known = true,
                                    .pcn_patients = c->pp,
                                    .pcn_list = c->pl,
                                    .national_patients = c->np,
                                    .national_list = c->nl};
        struct pcn_msg m = {0};
        pence_t got = -1;
        int rc = iif_payment(c->points, c->value, &l, c->prev ? &pv : NULL, c->p, &got, &m);
        if (rc != c->rc)
            fail_msg("case %zu: rc %d, want %d (%s)", i, rc, c->rc, m.text);
        if (!rc && got != c->want)
            fail_msg("case %zu: %" PRId64 " pence, want %" PRId64, i, got, c->want);
    }
}

static void test_ratio_round(void **state)
{
    (void)state;
    int64_t v;
    /* (2^62 × 4) ÷ 8: the product passes int64 but the result does not */
    const int64_t n1[] = {INT64_C(1) << 62, 4}, d1[] = {8};
    assert_int_equal(money_ratio_round(n1, 2, d1, 1, ROUND_HALF_UP, &v), 0);
    assert_int_equal(v, INT64_C(1) << 61);
    /* a result past int64 is refused */
    const int64_t n2[] = {INT64_MAX, 4}, d2[] = {2};
    assert_int_equal(money_ratio_round(n2, 2, d2, 1, ROUND_HALF_UP, &v), PCN_ELIMIT);
    /* a product past 127 bits is refused */
    const int64_t n3[] = {INT64_MAX, INT64_MAX, 4}, d3[] = {1};
    assert_int_equal(money_ratio_round(n3, 3, d3, 1, ROUND_HALF_UP, &v), PCN_ELIMIT);
    /* negatives round away from zero at the half, like money_div_round */
    const int64_t n4[] = {-5}, d4[] = {2};
    assert_int_equal(money_ratio_round(n4, 1, d4, 1, ROUND_HALF_UP, &v), 0);
    assert_int_equal(v, -3);
    assert_int_equal(money_ratio_round(n4, 1, d4, 1, ROUND_HALF_EVEN, &v), 0);
    assert_int_equal(v, -2);
    const int64_t n5[] = {7}, d5[] = {2};
    assert_int_equal(money_ratio_round(n5, 1, d5, 1, ROUND_UP, &v), 0);
    assert_int_equal(v, 4);
}

/* ---- whole indicators from rules -------------------------------------- */

static const char fake_sources[] = "tag,address,note\n"
                                   "P3,https://example.org/p3,\n"
                                   "P36,https://example.org/p36,\n";
#define IIF_HDR                                                                                    \
    "code,nhs_id,kind,description,lower_pct,upper_pct,points,valid_from,valid_to,confidence,"      \
    "sources,note\n"
#define YEAR "2024-04-01,2025-03-31"
static const char fake_iif[] = IIF_HDR
    "ACC-08,NCD026,payment,Appointments,85,90,71," YEAR ",official,[P3],\n"
    "VI-02,,payment,Flu,57,90,," YEAR ",unconfirmed,,points not known\n"
    "HI-03,,payment,Health checks,,,36," YEAR ",unconfirmed,,thresholds not known\n"
    "CAN-02,,payment,FIT,50,80,20," YEAR ",single-source,[P3],\n"
    "EHCH-04,NCDMI198,management_information,Care homes,,,," YEAR ",official,[P3],\n";
static const char fake_value[] =
    "point_value_gbp,max_points,national_gbp,valid_from,valid_to,confidence,sources,note\n"
    "198,,," YEAR ",single-source,[P3],\n";
static const char fake_adjust[] =
    "code,adjustment,value,register,valid_from,valid_to,confidence,sources,note\n"
    "ACC-08,deemed,100,," YEAR ",official,[P36],\n"
    "ACC-08,prevalence,no,," YEAR ",unconfirmed,,\n"
    "CAN-02,prevalence,yes,," YEAR ",unconfirmed,,\n";

struct fake {
    struct arena a;
    struct rules r;
    struct rules_year *y;
};

static void fake_rules(struct fake *f, bool with_value)
{
    struct rules_diag d = {0};
    arena_init(&f->a, 0);
    rules_init(&f->r, &f->a, "fake");
    long e = rules_parse_sources(&f->r, "sources.csv", fake_sources, sizeof fake_sources - 1, &d);
    f->y = rules_add_year(&f->r, 2024, "fake/2024-25");
    e += rules_parse_file(&f->r, f->y, RF_IIF, "fake/2024-25/iif_indicators.csv", fake_iif,
                          sizeof fake_iif - 1, &d);
    if (with_value)
        e += rules_parse_file(&f->r, f->y, RF_IIF_VALUE, "fake/2024-25/iif_point_value.csv",
                              fake_value, sizeof fake_value - 1, &d);
    e += rules_parse_file(&f->r, f->y, RF_IIF_ADJUST, "fake/2024-25/iif_adjustments.csv",
                          fake_adjust, sizeof fake_adjust - 1, &d);
    e += rules_check(&f->r, &d);
    if (e)
        fail_msg("fake rules: %s", d.errors[0]);
}

/* The cmocka setup of a test on the fake rules (struct fake), with a
 * point value or without one, and its teardown. */
static int fake_setup(struct fake **f, bool with_value)
{
    *f = calloc(1, sizeof **f);
    if (!*f)
        return -1;
    fake_rules(*f, with_value);
    return 0;
}

static int setup_valued(void **state)
{
    return fake_setup((struct fake **)state, true);
}

static int setup_unvalued(void **state)
{
    return fake_setup((struct fake **)state, false);
}

static int fake_teardown(void **state)
{
    struct fake *f = *state;
    arena_release(&f->a);
    free(f);
    return 0;
}

static struct iif_input input(const struct iif_data *data, size_t n)
{
    struct iif_input in = {
        .fy = 2024, .on = 0, .data = data, .ndata = n, .rounding = ROUND_HALF_UP};
    in.on = date_from_ymd(2025, 3, 31);
    in.list = (struct iif_list){
        .known = true, .pcn_list = 50000, .national_list = 60000000, .national_pcns = 1250};
    return in;
}

/* An indicator's numerator n and denominator d. */
static struct iif_data figures(const char *code, int64_t n, int64_t d)
{
    return (struct iif_data){.code = code,
                             .has_numerator = true,
                             .has_denominator = true,
                             .numerator = n,
                             .denominator = d};
}

static const char *trail_text(const struct iif_result_ind *x)
{
    static char all[8192];
    size_t n = 0;
    all[0] = 0;
    for (size_t i = 0; i < x->trail.n && n < sizeof all; i++) {
        const char *src = x->trail.steps[i].source;
        int w = snprintf(all + n, sizeof all - n, "%s%s%s%s\n", x->trail.steps[i].text,
                         src ? " {" : "", src ? src : "", src ? "}" : "");
        n = w < 0 ? sizeof all : n + (size_t)w;
    }
    return all;
}

/* ACC-08 at 875 of 1,000 (87.5%), deemed, at £198 a point for a PCN of
 * 50,000 (input's list sizes): 35.5 points, paid on the deemed 71 points:
 * 71 × £198 × the list-size adjustment 50,000 ÷ (60,000,000 ÷ 1,250 =
 * 48,000) = 14,058 × 25/24 = £14,643.75; the data's 35.5 points alone
 * would earn half: £7,321.875, £7,321.88 rounded half up. */
static void acc08_875_paid(const struct iif_result_ind *x)
{
    assert_int_equal(x->points, 35500);
    assert_true(x->deemed);
    assert_int_equal(x->deemed_points, 71000);
    assert_true(x->has_payment);
    assert_int_equal(x->payment, 1464375);
    assert_true(x->has_data_payment);
    assert_int_equal(x->data_payment, 732188);
}

static void test_compute_deemed(void **state)
{
    struct fake *f = *state;
    struct pcn_msg m = {0};
    struct iif_result r;
    struct iif_data data[] = {figures("ACC-08", 875, 1000)};
    data[0].origin = "test";
    struct iif_input in = input(data, 1);
    assert_int_equal(iif_compute(f->y, &in, &f->a, &r, &m), 0);
    assert_int_equal(r.nind, 5);
    const struct iif_result_ind *x = iif_find(&r, "ACC-08");
    assert_non_null(x);
    assert_int_equal(x->status, IIF_PART_ACHIEVED);
    assert_int_equal(x->achievement_bp, 8750);
    assert_true(x->has_points);
    acc08_875_paid(x);
    assert_int_equal(x->list_adj_ppm, 1041667);
    /* what-if: 900 of 1,000 reach 90%: 25 more patients, 35.5 more points */
    assert_true(x->whatif.known);
    assert_int_equal(x->whatif.target, 900);
    assert_int_equal(x->whatif.patients, 25);
    assert_int_equal(x->whatif.points_gain, 35500);
    assert_int_equal(x->whatif.points_per_patient, 1420);
    assert_true(x->whatif.has_payment);
    assert_int_equal(x->whatif.payment_gain, 1464375 - 732188);
    assert_true(x->whatif.deemed);
    const char *t = trail_text(x);
    assert_contains(t, "Achievement: 875 ÷ 1,000 = 87.5%");
    assert_contains(t, "71 × (87.5% − 85%) ÷ (90% − 85%) = 35.5 points");
    assert_contains(t, "Deemed: NHS England counts 100% of the 71 points as earned");
    assert_contains(t, "£14,643.75");
    assert_contains(t, "ACC-08 has no prevalence adjustment");
    /* the weakest row used: the point value (single source) and the
     * prevalence row (unconfirmed) */
    assert_int_equal(x->conf, CONF_UNCONFIRMED);
}

static void test_compute_missing(void **state)
{
    struct fake *f = *state;
    struct pcn_msg m = {0};
    struct iif_result r;
    struct iif_data data[] = {
        figures("ACC-08", 90, 100),
        figures("VI-02", 60, 100),
        figures("HI-03", 60, 100),
        figures("CAN-02", 0, 0),
        {.code = "EHCH-04", .has_numerator = true, .numerator = 12},
    };
    struct iif_input in = input(data, ARRAY_SIZE(data));
    assert_int_equal(iif_compute(f->y, &in, &f->a, &r, &m), 0);
    const struct iif_result_ind *x = iif_find(&r, "ACC-08");
    /* exactly the upper threshold: all points, but no point value */
    assert_int_equal(x->status, IIF_ACHIEVED);
    assert_int_equal(x->points, 71000);
    assert_false(x->has_payment);
    assert_contains(x->missing, "the rules have no point value for 2024/25");
    /* thresholds known, points not: a status, no points */
    x = iif_find(&r, "VI-02");
    assert_int_equal(x->status, IIF_PART_ACHIEVED);
    assert_false(x->has_points);
    assert_true(x->whatif.known);
    assert_int_equal(x->whatif.patients, 30);
    assert_false(x->whatif.has_points);
    assert_contains(trail_text(x), "the maximum points are not known");
    /* points known, thresholds not */
    x = iif_find(&r, "HI-03");
    assert_int_equal(x->status, IIF_NO_THRESHOLDS);
    assert_true(x->has_achievement);
    assert_int_equal(x->achievement_bp, 6000);
    assert_false(x->has_points);
    assert_false(x->whatif.known);
    /* a zero denominator: no achievement, no points */
    x = iif_find(&r, "CAN-02");
    assert_int_equal(x->status, IIF_NO_PATIENTS);
    assert_false(x->has_achievement);
    assert_true(x->has_points);
    assert_int_equal(x->points, 0);
    assert_false(x->whatif.known);
    /* management information: no points, a numerator only */
    x = iif_find(&r, "EHCH-04");
    assert_int_equal(x->status, IIF_INFORMATION);
    assert_false(x->has_data);
    assert_int_equal(x->numerator, 12);
    assert_int_equal(x->denominator, -1);
    assert_int_equal(r.payments_missing, 4);
    assert_int_equal(r.payment, 0);
}

static void test_compute_prevalence(void **state)
{
    struct fake *f = *state;
    struct pcn_msg m = {0};
    struct iif_result r;
    /* CAN-02 has a prevalence adjustment: without a prevalence, no payment */
    struct iif_data data[] = {figures("CAN-02", 65, 100)};
    struct iif_input in = input(data, 1);
    assert_int_equal(iif_compute(f->y, &in, &f->a, &r, &m), 0);
    const struct iif_result_ind *x = iif_find(&r, "CAN-02");
    assert_int_equal(x->points, 10000);
    assert_false(x->has_payment);
    assert_contains(x->missing, "CAN-02 has a prevalence adjustment, and the prevalence");
    /* with one: 10 points × £198 × 50,000/48,000 × (0.52% ÷ 0.5%) = £2,145 */
    data[0].prev = (struct iif_prevalence){.known = true,
                                           .pcn_patients = 260,
                                           .pcn_list = 50000,
                                           .national_patients = 300000,
                                           .national_list = 60000000,
                                           .origin = "entered"};
    assert_int_equal(iif_compute(f->y, &in, &f->a, &r, &m), 0);
    x = iif_find(&r, "CAN-02");
    assert_true(x->has_payment);
    assert_int_equal(x->payment, 214500);
    assert_int_equal(x->prev_adj_ppm, 1040000);
    assert_contains(trail_text(x), "the PCN's 0.52% (260 of 50,000 patients) ÷ England's 0.5%");
    /* no list sizes: no payment, and the reason */
    in.list = (struct iif_list){.known = false, .note = "no list sizes for 1 January 2024"};
    assert_int_equal(iif_compute(f->y, &in, &f->a, &r, &m), 0);
    x = iif_find(&r, "CAN-02");
    assert_false(x->has_payment);
    assert_string_equal(x->missing, "no list sizes for 1 January 2024");
    /* ACC-08 with no figures is still deemed: 71 points, paid */
    in = input(NULL, 0);
    assert_int_equal(iif_compute(f->y, &in, &f->a, &r, &m), 0);
    x = iif_find(&r, "ACC-08");
    assert_int_equal(x->status, IIF_NO_DATA);
    assert_true(x->deemed);
    assert_int_equal(x->payment, 1464375);
    assert_false(x->has_data_payment);
}

static void test_compute_refuses(void **state)
{
    struct fake *f = *state;
    struct pcn_msg m = {0};
    struct iif_result r;
    struct iif_data data[] = {figures("ACC-08", 1001, 1000)};
    struct iif_input in = input(data, 1);
    assert_int_equal(iif_compute(f->y, &in, &f->a, &r, &m), PCN_EINVAL);
    assert_string_equal(m.text, "ACC-08: the numerator 1001 is above the denominator 1000: the "
                                "numerator counts patients of the denominator");
}

static void test_real_rules_2023(void **state)
{
    (void)state;
    struct arena a;
    struct rules r;
    struct pcn_msg m = {0};
    struct iif_result res;
    test_rules_load(&a, &r, NULL);
    const struct rules_year *y = rules_year(&r, 2023);
    assert_non_null(y);
    struct iif_data data[] = {figures("ACC-08", 875, 1000)};
    struct iif_input in = input(data, 1);
    in.fy = 2023;
    in.on = date_from_ymd(2024, 3, 31);
    assert_int_equal(iif_compute(y, &in, &a, &res, &m), 0);
    const struct iif_result_ind *x = iif_find(&res, "ACC-08");
    /* £198 a point [S28], as the fake rules: acc08_875_paid's figures. */
    acc08_875_paid(x);
    assert_null(x->missing);
    assert_contains(trail_text(x), "rules/2023-24/iif_adjustments.csv:2 [P36]");
    assert_non_null(iif_find(&res, "ACC-10"));
    assert_non_null(iif_find(&res, "EHCH-04"));
    /* the 2025/26 points are still a known gap: no payment, and it says so
     * (a point value the rules lack is test_compute_missing's case) */
    y = rules_year(&r, 2025);
    assert_non_null(y);
    struct iif_data hi[] = {figures("HI03", 80, 100)};
    in = input(hi, 1);
    in.fy = 2025;
    in.on = date_from_ymd(2026, 3, 31);
    assert_int_equal(iif_compute(y, &in, &a, &res, &m), 0);
    x = iif_find(&res, "HI03");
    assert_non_null(x);
    assert_false(x->has_payment);
    assert_string_equal(x->missing, "the points of HI03 are not known");
    assert_contains(trail_text(x), "Points cannot be worked out: the thresholds are not known");
    arena_release(&a);
}

/* ---- practice breakdown ---------------------------------------------- */

static void test_breakdown(void **state)
{
    (void)state;
    struct arena a;
    struct pcn_msg m = {0};
    struct iif_practice_out *o;
    arena_init(&a, 0);
    struct rule_iif acc08 = {.code = "ACC-08",
                             .payment = true,
                             .has_lower = true,
                             .has_upper = true,
                             .has_points = true,
                             .lower_bp = 8500,
                             .upper_bp = 9000,
                             .points = 71000};
    /* 2,000 patients: 1,700 + 600 of 1,000 + 1,000 = 85% (no points yet) */
    struct iif_practice_in in[] = {
        {"A10001", "North", true, 900, 1000},
        {"A10002", "River", true, 800, 1000},
        {"A10003", "Hill", false, 0, 0},
    };
    assert_int_equal(iif_breakdown(&acc08, in, 3, ROUND_HALF_UP, &a, &o, &m), 0);
    assert_int_equal(o[0].achievement_bp, 9000);
    assert_int_equal(o[0].share_numerator_bp, 5294); /* 900 of 1,700 */
    assert_int_equal(o[0].share_denominator_bp, 5000);
    assert_int_equal(o[0].to_upper, 0);
    assert_int_equal(o[0].gain_points, 0);
    assert_int_equal(o[1].not_yet, 200);
    assert_int_equal(o[1].to_upper, 100);
    /* River at 90% lifts the PCN from 85% to 90%: all 71 points */
    assert_true(o[1].has_gain);
    assert_int_equal(o[1].gain_points, 71000);
    assert_false(o[2].has_data);
    assert_int_equal(o[2].to_upper, -1);
    /* a practice's numerator above its denominator is refused, named */
    struct iif_practice_in bad[] = {{"A10009", "Bad", true, 11, 10}};
    assert_int_equal(iif_breakdown(&acc08, bad, 1, ROUND_HALF_UP, &a, &o, &m), PCN_EINVAL);
    assert_contains(m.text, "practice A10009: the numerator 11 is above the denominator 10");
    arena_release(&a);
}

/* ---- the rules files -------------------------------------------------- */

struct bad_rule {
    enum rules_file file;
    const char *content;
    const char *error;
};

#define MEAS "measure,code,part,valid_from,valid_to,confidence,sources,note\n"
#define ADJ "code,adjustment,value,register,valid_from,valid_to,confidence,sources,note\n"
#define CAIP "criterion,name,weight,valid_from,valid_to,confidence,sources,note\n"

static const struct bad_rule bad_rules[] = {
    {RF_IIF_MEASURES, MEAS "ACC-08 Numerator,ACC-08,numerators," YEAR ",official,[P3],\n",
     "iif_measures.csv:2: field part: 'numerators' is not one of: numerator, denominator, "
     "baseline_numerator, baseline_denominator"},
    {RF_IIF_MEASURES, MEAS "ACC-08 Numerator,acc-08,numerator," YEAR ",official,[P3],\n",
     "iif_measures.csv:2: field code: 'acc-08' is not an indicator code"},
    {RF_IIF_MEASURES, MEAS "ACC-08 Numerator,ACC-08,numerator," YEAR ",official,,\n",
     "iif_measures.csv:2: field sources: is empty: a value marked official needs its source tags"},
    {RF_IIF_MEASURES, MEAS ",ACC-08,numerator," YEAR ",official,[P3],\n",
     "iif_measures.csv:2: field measure: is empty"},
    {RF_IIF_MEASURES, MEAS "X,NOPE-1,numerator," YEAR ",official,[P3],\n",
     "iif_measures.csv:2: field code: NOPE-1 is not in fake/2024-25/iif_indicators.csv"},
    {RF_IIF_MEASURES,
     MEAS "A,ACC-08,numerator," YEAR ",official,[P3],\nA,ACC-08,denominator," YEAR
          ",official,[P3],\n",
     "iif_measures.csv:3: field measure: 'A' is mapped twice (first on line 2)"},
    {RF_IIF_MEASURES,
     MEAS "A,ACC-08,numerator," YEAR ",official,[P3],\nB,ACC-08,numerator," YEAR
          ",official,[P3],\n",
     "iif_measures.csv:3: field part: ACC-08 numerator is already named by line 2"},
    {RF_IIF_ADJUST, ADJ "ACC-08,deemed,101,," YEAR ",official,[P36],\n",
     "iif_adjustments.csv:2: field value: '101' is not a percentage from 0 to 100"},
    {RF_IIF_ADJUST, ADJ "ACC-08,prevalence,maybe,," YEAR ",unconfirmed,,\n",
     "iif_adjustments.csv:2: field value: 'maybe' is not one of: yes, no"},
    {RF_IIF_ADJUST, ADJ "ACC-08,prevalence,no,LD," YEAR ",unconfirmed,,\n",
     "iif_adjustments.csv:2: field register: is given, but value is not yes"},
    {RF_IIF_ADJUST, ADJ "ACC-08,prevalence,yes,ld," YEAR ",unconfirmed,,\n",
     "iif_adjustments.csv:2: field register: 'ld' is not a QOF register code"},
    {RF_IIF_ADJUST, ADJ "ACC-08,deemed,100,LD," YEAR ",official,[P36],\n",
     "iif_adjustments.csv:2: field register: is only for a prevalence adjustment"},
    {RF_IIF_ADJUST, ADJ "ACC-08,bonus,100,," YEAR ",official,[P36],\n",
     "iif_adjustments.csv:2: field adjustment: 'bonus' is not one of: prevalence, deemed"},
    {RF_IIF_ADJUST,
     ADJ "ACC-08,deemed,100,," YEAR ",official,[P36],\nACC-08,deemed,50,,2024-06-01,2025-03-31,"
         "official,[P36],\n",
     "iif_adjustments.csv:3: field valid_from: ACC-08 deemed: this row (2024-06-01 to 2025-03-31) "
     "overlaps line 2"},
    {RF_IIF_ADJUST, ADJ "XYZ-1,deemed,100,," YEAR ",official,[P36],\n",
     "iif_adjustments.csv:2: field code: XYZ-1 is not in fake/2024-25/iif_indicators.csv"},
    {RF_CAIP, CAIP "Mgpa,MGPA,2," YEAR ",official,[P3],\n",
     "caip_criteria.csv:2: field criterion: 'Mgpa' is not an identifier"},
    {RF_CAIP, CAIP "mgpa,MGPA,0," YEAR ",official,[P3],\n",
     "caip_criteria.csv:2: field weight: '0' is not a weight above 0"},
    {RF_CAIP, CAIP "mgpa,MGPA,2," YEAR ",official,[P3],\nmgpa,Again,1," YEAR ",official,[P3],\n",
     "caip_criteria.csv:3: field criterion: mgpa is listed twice (first on line 2)"},
    {RF_CAIP, CAIP "mgpa,,2," YEAR ",official,[P3],\n",
     "caip_criteria.csv:2: field name: is empty"},
};

static void test_bad_rules(void **state)
{
    (void)state;
    for (size_t i = 0; i < ARRAY_SIZE(bad_rules); i++) {
        const struct bad_rule *c = &bad_rules[i];
        struct arena a;
        struct rules r;
        struct rules_diag d = {0};
        arena_init(&a, 0);
        rules_init(&r, &a, "fake");
        rules_parse_sources(&r, "sources.csv", fake_sources, sizeof fake_sources - 1, &d);
        struct rules_year *y = rules_add_year(&r, 2024, "fake/2024-25");
        rules_parse_file(&r, y, RF_IIF, "fake/2024-25/iif_indicators.csv", fake_iif,
                         sizeof fake_iif - 1, &d);
        char name[128];
        snprintf(name, sizeof name, "fake/2024-25/%s", rules_file_name(c->file));
        long n = rules_parse_file(&r, y, c->file, name, c->content, strlen(c->content), &d);
        n += rules_check(&r, &d);
        if (n == 0 || d.nerrors == 0)
            fail_msg("case %zu: no error, expected %s", i, c->error);
        assert_contains(d.errors[0], c->error);
        arena_release(&a);
    }
}

/* The real rules: the new files load, and say what the reference says. */
static void test_real_rules_files(void **state)
{
    (void)state;
    struct arena a;
    struct rules r;
    test_rules_load(&a, &r, NULL);
    const struct rules_year *y = rules_year(&r, 2023);
    assert_int_equal(y->niif_measures, 9);
    const struct rule_iif_adjustment *dm = iif_adjustment(y, "ACC-08", ADJUST_DEEMED,
                                                          date_from_ymd(2024, 3, 31));
    assert_non_null(dm);
    assert_int_equal(dm->deemed_bp, 10000);
    assert_int_equal(dm->m.conf, CONF_OFFICIAL);
    const struct rules_year *y25 = rules_year(&r, 2025);
    assert_int_equal(y25->ncaip, 2);
    assert_int_equal(y25->caip[0].weight + y25->caip[1].weight, 300);
    assert_true(rules_file_optional(RF_CAIP));
    assert_false(rules_file_optional(RF_IIF));
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_points_table),
        cmocka_unit_test(test_achievement),
        cmocka_unit_test(test_payment_table),
        cmocka_unit_test(test_ratio_round),
        cmocka_unit_test_setup_teardown(test_compute_deemed, setup_valued, fake_teardown),
        cmocka_unit_test_setup_teardown(test_compute_missing, setup_unvalued, fake_teardown),
        cmocka_unit_test_setup_teardown(test_compute_prevalence, setup_valued, fake_teardown),
        cmocka_unit_test_setup_teardown(test_compute_refuses, setup_valued, fake_teardown),
        cmocka_unit_test(test_real_rules_2023),
        cmocka_unit_test(test_breakdown),
        cmocka_unit_test(test_bad_rules),
        cmocka_unit_test(test_real_rules_files),
    };
    return cmocka_run_group_tests_name("iif engine", tests, NULL, NULL);
}
