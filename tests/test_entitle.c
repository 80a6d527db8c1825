/* The entitlement engine against the real rules files (rules/): the worked
 * test vectors of rules-reference §4 to the penny, the monthly split and
 * its March remainder, rounding at the half penny, largest-remainder shares
 * that add up exactly, estimates, and the confidence of a result. */
#include "testutil.h"

#include "arena.h"
#include "buf.h"
#include "entitle.h"
#include "rules.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- fixtures: the real rules, loaded once ------------------------------ */

struct fx {
    struct arena a;
    struct rules rules;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct rules_diag d = {0};
    struct pcn_msg m = {0};
    arena_init(&f->a, 0);
    if (rules_load("rules", &f->a, &f->rules, &d, &m))
        fail_msg("rules/: %s", m.text);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    arena_release(&f->a);
    free(f);
    return 0;
}

static const struct rules_year *year(struct fx *f, const char *name)
{
    fy_t fy;
    assert_int_equal(fy_parse(name, &fy), 0);
    const struct rules_year *y = rules_year(&f->rules, fy);
    assert_non_null(y);
    return y;
}

/* The invented PCN of rules-reference §4: R = 50,000, A = 52,000,
 * W = 51,000, B = 40, as one practice (or split over several). */
static void pcn_input(struct ent_input *in, const char *fy_name, struct ent_practice *p, size_t n)
{
    fy_t fy;
    memset(in, 0, sizeof *in);
    fy_parse(fy_name, &fy);
    in->pcn_code = "U99999";
    in->pcn_name = "TEST PCN";
    in->fy = fy;
    in->members_date = fy_base_date(fy);
    in->list_date = fy_base_date(fy);
    in->practices = p;
    in->npractices = n;
    for (int m = 0; m < ENT_MONTHS; m++) {
        in->beds_known[m] = true;
        in->beds[m] = 40;
        in->beds_from[m] = fy_start(fy);
    }
    in->rounding = ROUND_HALF_UP;
}

static struct ent_practice one_practice[] = {
    {"A10001", "ONLY SURGERY", 50000, 5200000, 5100000},
};

static void compute(struct fx *f, const struct ent_input *in, const char *fy, struct ent_result *r)
{
    struct pcn_msg m = {0};
    if (entitle_compute(in, year(f, fy), &f->a, r, &m))
        fail_msg("entitle_compute: %s", m.text);
}

static const struct ent_stream *stream(const struct ent_result *r, const char *id)
{
    const struct ent_stream *s = entitle_stream(r, id);
    if (!s)
        fail_msg("no stream %s", id);
    return s;
}

/* ---- the worked test vectors -------------------------------------------- */

struct vector {
    const char *year, *stream;
    pence_t annual; /* rules-reference §4 (2024/25, 2025/26) or the
                             §3.1 rate × base (2023/24)                   */
    pence_t month;  /* April to February                          */
    pence_t march;  /* the remainder                              */
};

static const struct vector vectors[] = {
    /* 2024/25, with the revision of 26 September 2024 backdated to 1 April
     * 2024 (rules-research-2026-12 §10.3).  Core keeps the March 2024 parts
     * (2.218 + 0.698): the split of the revised £2.967 was not found. */
    {"2024/25", "core", 14719600, 1226633, 1226637},            /* 110,900 + 36,296 */
    {"2024/25", "enhanced_access", 41470000, 3455833, 3455837}, /* 7.975 × A = 414,700 */
    {"2024/25", "casp", 16889600, 1407466, 1407474},            /* £14,074.67 a month */
    {"2024/25", "caip", 7238400, 603200, 603200},               /* maximum */
    {"2024/25", "arrs", 116759400, 9729950, 9729950},
    {"2024/25", "care_home_premium", 508800, 42400, 42400}, /* 127.20 × 40 = 5,088 */
    {"2024/25", "participation", 8996400, 749700, 749700},  /* 1.764 × W = 89,964 */
    /* 2025/26 */
    {"2025/26", "core", 15141600, 1261800, 1261800}, /* 113,300 + 38,116 */
    {"2025/26", "enhanced_access", 43820400, 3651700, 3651700},
    {"2025/26", "casp", 16681600, 1390133, 1390137}, /* £13,901.33 a month */
    {"2025/26", "caip", 7150000, 595833, 595837},
    {"2025/26", "arrs", 135818100, 11318175, 11318175},
    {"2025/26", "care_home_premium", 521012, 43417, 43425}, /* 130.253 × 40 */
    {"2025/26", "participation", 8981100, 748425, 748425},  /* 1.761 × W = 89,811 */
    /* 2026/27: the 2025/26 rates carried, and the GP reimbursement scheme */
    {"2026/27", "core", 15141600, 1261800, 1261800},             /* 2.266 × R + 0.733 × A */
    {"2026/27", "enhanced_access", 43820400, 3651700, 3651700},  /* 8.427 × A */
    {"2026/27", "arrs", 135818100, 11318175, 11318175},          /* 26.631 × W */
    {"2026/27", "care_home_premium", 521012, 43417, 43425},      /* 130.253 × 40 */
    {"2026/27", "participation", 8981100, 748425, 748425},       /* 1.761 × W */
    {"2026/27", "gp_reimbursement", 23764000, 1980333, 1980337}, /* 4.57 × A = 237,640 */
    /* 2023/24: §3.1 rates × the same bases */
    {"2023/24", "core", 7500000, 625000, 625000},              /* 1.50 × R */
    {"2023/24", "clinical_director", 3648150, 304012, 304018}, /* 0.72963 × R */
    {"2023/24", "leadership", 3551600, 295966, 295974},        /* 0.683 × A */
    {"2023/24", "participation", 8976000, 748000, 748000},     /* 1.76 × W */
    {"2023/24", "enhanced_access", 39405600, 3283800, 3283800},
    {"2023/24", "care_home_premium", 480000, 40000, 40000},
    {"2023/24", "casp", 14534000, 1211166, 1211174},
    {"2023/24", "caip", 6162000, 513500, 513500},
    {"2023/24", "arrs", 115622100, 9635175, 9635175},
};

static void test_vectors(void **state)
{
    struct fx *f = *state;
    for (size_t i = 0; i < ARRAY_SIZE(vectors); i++) {
        const struct vector *v = &vectors[i];
        struct ent_input in;
        struct ent_result r;
        pcn_input(&in, v->year, one_practice, 1);
        compute(f, &in, v->year, &r);
        const struct ent_stream *s = stream(&r, v->stream);
        if (s->annual != v->annual || s->monthly[0] != v->month ||
            s->monthly[ENT_MONTHS - 1] != v->march)
            fail_msg("%s %s: annual %" PRId64 " (want %" PRId64 "), April %" PRId64
                     " (want %" PRId64 "), March %" PRId64 " (want %" PRId64 ")",
                     v->year, v->stream, s->annual, v->annual, s->monthly[0], v->month,
                     s->monthly[ENT_MONTHS - 1], v->march);
        pence_t sum = 0;
        for (int m = 0; m < ENT_MONTHS; m++) {
            sum += s->monthly[m];
            if (m > 0 && m < ENT_MONTHS - 1)
                assert_int_equal(s->monthly[m], v->month);
        }
        assert_int_equal(sum, v->annual);
        /* One practice gets everything that is shared. */
        if (s->practice_annual)
            assert_int_equal(s->practice_annual[0], s->annual);
    }
}

/* The GP ARRS pot of 2024/25: £1.303 × W for October to March only. */
static void test_gp_arrs_half_year(void **state)
{
    struct fx *f = *state;
    struct ent_input in;
    struct ent_result r;
    pcn_input(&in, "2024/25", one_practice, 1);
    compute(f, &in, "2024/25", &r);
    const struct ent_stream *s = stream(&r, "gp_arrs");
    assert_int_equal(s->annual, 6645300); /* £66,453 */
    for (int m = 0; m < 6; m++)
        assert_int_equal(s->monthly[m], 0);
    for (int m = 6; m < ENT_MONTHS; m++)
        assert_int_equal(s->monthly[m], 1107550);
    assert_null(s->practice_annual); /* a maximum is not shared */
    /* DES §10.5.4 as quoted [N27] and Pulse [S20]: official. */
    assert_int_equal(s->conf, CONF_OFFICIAL);
}

/* Years without a stream do not show it (CASP and CAIP end on 31 March
 * 2026).  A stream whose rate is not known is reported as not computed:
 * every year of the real rules now has a participation rate, so that case
 * is the real 2025/26 with its participation rate emptied. */
static void test_streams_by_year(void **state)
{
    struct fx *f = *state;
    static const struct {
        const char *year;
        const char *blank; /* a stream whose rates are made not known */
        const char *ids;
        const char *missing;
    } cases[] = {
        {"2023/24", NULL,
         "core clinical_director leadership participation enhanced_access "
         "care_home_premium casp caip arrs",
         ""},
        {"2024/25", NULL,
         "core participation enhanced_access care_home_premium casp caip arrs "
         "gp_arrs",
         ""},
        {"2025/26", NULL, "core participation enhanced_access care_home_premium casp caip arrs",
         ""},
        {"2025/26", "participation", "core enhanced_access care_home_premium casp caip arrs",
         "participation"},
        {"2026/27", NULL,
         "core participation enhanced_access care_home_premium arrs "
         "gp_reimbursement",
         ""},
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct ent_input in;
        struct ent_result r;
        struct buf b;
        buf_init(&b, 4096);
        pcn_input(&in, cases[i].year, one_practice, 1);
        struct rules_year y = *year(f, cases[i].year);
        if (cases[i].blank) {
            struct rule_rate *rates = arena_alloc(&f->a, y.nrates * sizeof *rates);
            memcpy(rates, y.rates, y.nrates * sizeof *rates);
            for (size_t k = 0; k < y.nrates; k++)
                if (strcmp(rates[k].stream, cases[i].blank) == 0)
                    rates[k].known = false;
            y.rates = rates;
        }
        struct pcn_msg msg = {0};
        if (entitle_compute(&in, &y, &f->a, &r, &msg))
            fail_msg("entitle_compute: %s", msg.text);
        for (size_t k = 0; k < r.nstreams; k++)
            buf_printf(&b, "%s%s", k ? " " : "", r.streams[k].rule->id);
        assert_string_equal(b.buf, cases[i].ids);
        buf_reset(&b);
        for (size_t k = 0; k < r.nmissing; k++)
            buf_printf(&b, "%s%s", k ? " " : "", r.missing[k].rule->id);
        assert_string_equal(b.buf, cases[i].missing);
        /* The PCN's total is its DES payments: a maximum (the ARRS sum) is
         * never added to them, and a scheme outside the DES (the 2026/27
         * GP reimbursement scheme) is counted apart. */
        pence_t total = 0, outside = 0, maxima = 0, months = 0;
        for (size_t k = 0; k < r.nstreams; k++) {
            if (r.streams[k].rule->scheme == SCHEME_SFE)
                outside += r.streams[k].annual;
            else if (r.streams[k].rule->kind == STREAM_MAXIMUM)
                maxima += r.streams[k].annual;
            else
                total += r.streams[k].annual;
        }
        for (int m = 0; m < ENT_MONTHS; m++)
            months += r.monthly_total[m];
        assert_int_equal(r.total, total);
        assert_int_equal(r.maxima_total, maxima);
        assert_int_equal(r.outside_total, outside);
        assert_int_equal(months, total);
        buf_release(&b);
    }
}

/* ---- rounding ------------------------------------------------------------ */

/* 0.72963 × 1,500 = £1,094.445 exactly: half a penny. */
static void test_rounding_half_penny(void **state)
{
    struct fx *f = *state;
    static const struct {
        enum round_policy p;
        pence_t want;
    } cases[] = {
        {ROUND_HALF_UP, 109445},
        {ROUND_HALF_EVEN, 109444},
        {ROUND_DOWN, 109444},
        {ROUND_UP, 109445},
    };
    struct ent_practice p[] = {{"A10001", "X", 1500, 150000, 150000}};
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct ent_input in;
        struct ent_result r;
        pcn_input(&in, "2023/24", p, 1);
        in.rounding = cases[i].p;
        compute(f, &in, "2023/24", &r);
        const struct ent_stream *s = stream(&r, "clinical_director");
        assert_int_equal(s->annual, cases[i].want);
        pence_t sum = 0;
        for (int m = 0; m < ENT_MONTHS; m++)
            sum += s->monthly[m];
        assert_int_equal(sum, cases[i].want);
        assert_int_equal(s->monthly[0], cases[i].want / 12);
    }
}

/* Either side of half a penny: 0.72963 × 50,001 = £36,482.22963. */
static void test_rounding_near_half(void **state)
{
    struct fx *f = *state;
    struct ent_practice p[] = {{"A10001", "X", 50001, 5200000, 5100000}};
    struct ent_input in;
    struct ent_result r;
    pcn_input(&in, "2023/24", p, 1);
    compute(f, &in, "2023/24", &r);
    assert_int_equal(stream(&r, "clinical_director")->annual, 3648223);
    /* 1.185 × 52,000.01 = £61,620.011851: rounds down to the penny. */
    struct ent_practice q[] = {{"A10001", "X", 50000, 5200001, 5100000}};
    pcn_input(&in, "2023/24", q, 1);
    compute(f, &in, "2023/24", &r);
    assert_int_equal(stream(&r, "caip")->annual, 6162001);
}

/* ---- apportioning -------------------------------------------------------- */

struct split_case {
    pence_t total;
    int64_t w[5];
    size_t n;
    pence_t want[5];
};

static const struct split_case splits[] = {
    {100, {1, 1, 1}, 3, {34, 33, 33}}, /* a tie: the first wins */
    {200, {1, 1, 1}, 3, {67, 67, 66}},
    {1, {1, 1, 1}, 3, {1, 0, 0}},
    {15141600, {20000, 20000, 10000}, 3, {6056640, 6056640, 3028320}},
    {1000, {16667, 16667, 16666}, 3, {334, 333, 333}},
    {10, {0, 5, 0, 5}, 4, {0, 5, 0, 5}},
    {7, {3000, 3000, 4000}, 3, {2, 2, 3}}, /* 2.1, 2.1, 2.8 */
    {0, {1, 2}, 2, {0, 0}},
    {INT64_MAX / 2, {INT64_MAX / 4, INT64_MAX / 4}, 2, {INT64_MAX / 4 + 1, INT64_MAX / 4}},
};

static void test_apportion(void **state)
{
    (void)state;
    for (size_t i = 0; i < ARRAY_SIZE(splits); i++) {
        const struct split_case *c = &splits[i];
        pence_t out[5] = {0}, sum = 0;
        assert_int_equal(entitle_apportion(c->total, c->w, c->n, out), 0);
        for (size_t k = 0; k < c->n; k++) {
            if (out[k] != c->want[k])
                fail_msg("case %zu share %zu: %" PRId64 ", want %" PRId64, i, k, out[k],
                         c->want[k]);
            sum += out[k];
        }
        assert_int_equal(sum, c->total);
    }
}

struct month_case {
    pence_t total;
    int64_t w[ENT_MONTHS];
    pence_t want[ENT_MONTHS];
};

static const struct month_case month_cases[] = {
    {1199, {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, {99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 110}},
    {11, {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11}},
    {600, {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1}, {0, 0, 0, 0, 0, 0, 100, 100, 100, 100, 100, 100}},
    {1000,
     {40, 40, 40, 40, 40, 40, 40, 40, 40, 45, 45, 45},
     {80, 80, 80, 80, 80, 80, 80, 80, 80, 90, 90, 100}},
};

static void test_months(void **state)
{
    (void)state;
    for (size_t i = 0; i < ARRAY_SIZE(month_cases); i++) {
        pence_t out[ENT_MONTHS], sum = 0;
        assert_int_equal(entitle_months(month_cases[i].total, month_cases[i].w, out), 0);
        for (int m = 0; m < ENT_MONTHS; m++) {
            if (out[m] != month_cases[i].want[m])
                fail_msg("case %zu month %d: %" PRId64 ", want %" PRId64, i, m, out[m],
                         month_cases[i].want[m]);
            sum += out[m];
        }
        assert_int_equal(sum, month_cases[i].total);
    }
}

/* ---- distribution to practices ----------------------------------------- */

static struct ent_practice three[] = {
    {"A10001", "NORTH", 16667, 1800000, 1700000},
    {"A10002", "RIVER", 16667, 1700000, 1700000},
    {"A10003", "HILL", 16666, 1700000, 1700000},
};

static void test_distribution(void **state)
{
    struct fx *f = *state;
    static const int64_t fixed[] = {5000, 3000, 2000};
    struct ent_agreement ag[] = {
        {"casp", METHOD_WEIGHTED, NULL, "test"},
        {"enhanced_access", METHOD_FIXED, fixed, "test"},
    };
    struct ent_input in;
    struct ent_result r;
    pcn_input(&in, "2025/26", three, 3);
    in.agreements = ag;
    in.nagreements = ARRAY_SIZE(ag);
    compute(f, &in, "2025/26", &r);
    /* The bases add up to the worked example's. */
    assert_int_equal(r.registered, 50000);
    assert_int_equal(r.adjusted_h, 5200000);
    assert_int_equal(r.weighted_h, 5100000);

    const struct ent_stream *core = stream(&r, "core");
    assert_int_equal(core->method, METHOD_REGISTERED);
    /* 15,141,600 × 16,667 / 50,000 = 5,047,300.944 twice and 5,046,998.112
     * once: the two pennies left go to the largest remainders. */
    assert_int_equal(core->practice_annual[0], 5047301);
    assert_int_equal(core->practice_annual[1], 5047301);
    assert_int_equal(core->practice_annual[2], 5046998);

    for (size_t i = 0; i < r.nstreams; i++) {
        const struct ent_stream *s = &r.streams[i];
        if (!s->practice_annual)
            continue;
        pence_t sum = 0;
        for (size_t p = 0; p < 3; p++)
            sum += s->practice_annual[p];
        assert_int_equal(sum, s->annual);
    }
    const struct ent_stream *casp = stream(&r, "casp");
    assert_int_equal(casp->method, METHOD_WEIGHTED);
    /* 16,681,600 × 17,000/51,000 = 5,560,533.33 each */
    assert_int_equal(casp->practice_annual[0], 5560534);
    assert_int_equal(casp->practice_annual[1], 5560533);
    assert_int_equal(casp->practice_annual[2], 5560533);
    const struct ent_stream *ea = stream(&r, "enhanced_access");
    assert_int_equal(ea->method, METHOD_FIXED);
    assert_int_equal(ea->practice_annual[0], 21910200);
    assert_int_equal(ea->practice_annual[1], 13146120);
    assert_int_equal(ea->practice_annual[2], 8764080);
    assert_int_equal(stream(&r, "arrs")->method, METHOD_NONE);
    assert_null(stream(&r, "arrs")->practice_annual);
    pence_t tot = 0;
    for (size_t p = 0; p < 3; p++)
        tot += r.practice_total[p];
    assert_int_equal(tot, r.total); /* the ARRS sum is not in the payments */
}

static void test_fixed_shares_must_add_up(void **state)
{
    struct fx *f = *state;
    static const int64_t fixed[] = {5000, 3000, 1999};
    struct ent_agreement ag[] = {{NULL, METHOD_FIXED, fixed, "test"}};
    struct ent_input in;
    struct ent_result r;
    struct pcn_msg m = {0};
    pcn_input(&in, "2025/26", three, 3);
    in.agreements = ag;
    in.nagreements = 1;
    assert_int_equal(entitle_compute(&in, year(f, "2025/26"), &f->a, &r, &m), PCN_EINVAL);
    assert_contains(m.text, "U99999 core: the fixed shares add up to 99.99%, not 100%");
}

/* ---- estimates and confidence ------------------------------------------ */

static void test_estimate_without_populations(void **state)
{
    struct fx *f = *state;
    struct ent_practice p[] = {
        {"A10001", "NORTH", 30000, -1, -1},
        {"A10002", "RIVER", 20000, 2100000, -1},
    };
    struct ent_input in;
    struct ent_result r;
    pcn_input(&in, "2025/26", p, 2);
    compute(f, &in, "2025/26", &r);
    assert_false(r.registered_estimate);
    assert_true(r.adjusted_estimate);
    assert_true(r.weighted_estimate);
    assert_int_equal(r.adjusted_h, 3000000 + 2100000);
    assert_int_equal(r.weighted_h, 5000000);
    assert_true(r.estimate);
    assert_true(stream(&r, "core")->estimate); /* its adjusted part */
    assert_true(stream(&r, "casp")->estimate);
    assert_true(stream(&r, "arrs")->estimate);
    assert_false(stream(&r, "care_home_premium")->estimate);
    /* 3.208 × 51,000 (the stand-in adjusted population) */
    assert_int_equal(stream(&r, "casp")->annual, 16360800);
    bool said_adj = false, said_wt = false;
    for (size_t i = 0; i < r.inputs.n; i++) {
        const char *t = r.inputs.steps[i].text;
        said_adj |= strstr(t, "ESTIMATE, 1 practice has no population of 1 January 2025") != NULL;
        said_wt |= strstr(t, "ESTIMATE, no population of 1 January 2025 is held for any member") !=
                   NULL;
    }
    assert_true(said_adj);
    assert_true(said_wt);
}

static void test_estimate_list_date_and_beds(void **state)
{
    struct fx *f = *state;
    struct ent_input in;
    struct ent_result r;
    pcn_input(&in, "2025/26", one_practice, 1);
    in.list_date = date_from_ymd(2024, 12, 1);
    in.beds_known[3] = false;
    compute(f, &in, "2025/26", &r);
    assert_true(r.registered_estimate);
    assert_false(r.adjusted_estimate);
    assert_true(stream(&r, "core")->estimate);
    /* CASP is on the adjusted population, exact; but its shares go by the
     * registered lists, which are not of 1 January. */
    assert_int_equal(stream(&r, "casp")->annual, 16681600);
    assert_true(stream(&r, "casp")->estimate);
    const struct ent_stream *chp = stream(&r, "care_home_premium");
    assert_true(chp->estimate);
    assert_int_equal(chp->annual, 477594); /* 130.253 × 440 bed-months ÷ 12 = 4,775.94 */
    assert_int_equal(chp->monthly[3], 0);
    assert_true(stream(&r, "caip")->estimate); /* no achieved share entered */
}

static void test_caip_achieved(void **state)
{
    struct fx *f = *state;
    struct ent_input in;
    struct ent_result r;
    pcn_input(&in, "2025/26", one_practice, 1);
    in.caip_known = true;
    in.caip_bp = 6667; /* 66.67% */
    compute(f, &in, "2025/26", &r);
    const struct ent_stream *s = stream(&r, "caip");
    assert_int_equal(s->maximum, 7150000);
    assert_int_equal(s->annual, 4766905); /* 71,500 × 0.6667 = 47,669.05 */
    assert_false(s->estimate);

    /* A share kept exact: one criterion of two met, weighted 1 and 2 (the
     * 2025/26 criteria), is two thirds of the maximum, rounded once:
     * £71,500 × 2/3 = £47,666.666... = £47,666.67, where 66.67% would pay
     * £47,669.05.  One third: £23,833.33. */
    static const struct {
        int64_t num, den;
        pence_t want;
    } shares[] = {{2, 3, 4766667}, {1, 3, 2383333}, {3, 3, 7150000}, {0, 3, 0}};
    for (size_t i = 0; i < sizeof shares / sizeof *shares; i++) {
        pcn_input(&in, "2025/26", one_practice, 1);
        in.caip_known = true;
        in.caip_num = shares[i].num;
        in.caip_den = shares[i].den;
        in.caip_bp = shares[i].num * 10000 / shares[i].den;
        compute(f, &in, "2025/26", &r);
        s = stream(&r, "caip");
        if (s->annual != shares[i].want)
            fail_msg("%" PRId64 "/%" PRId64 ": %" PRId64 ", expected %" PRId64, shares[i].num,
                     shares[i].den, s->annual, shares[i].want);
    }
}

static void test_confidence(void **state)
{
    struct fx *f = *state;
    static const struct {
        const char *year, *stream;
        enum confidence want, year_want;
    } cases[] = {
        {"2026/27", "core", CONF_CARRIED, CONF_CARRIED}, /* 2025/26 rates */
        {"2026/27", "gp_reimbursement", CONF_SINGLE_SOURCE, CONF_CARRIED},
        {"2026/27", "arrs", CONF_CARRIED, CONF_CARRIED},
        {"2025/26", "core", CONF_SINGLE_SOURCE, CONF_SINGLE_SOURCE},
        {"2025/26", "caip", CONF_OFFICIAL, CONF_SINGLE_SOURCE},
        {"2025/26", "arrs", CONF_OFFICIAL, CONF_SINGLE_SOURCE},
        {"2025/26", "participation", CONF_SINGLE_SOURCE, CONF_SINGLE_SOURCE},
        {"2024/25", "casp", CONF_OFFICIAL, CONF_UNCONFIRMED},
        {"2024/25", "core", CONF_UNCONFIRMED, CONF_UNCONFIRMED}, /* parts understate £2.967 */
        {"2024/25", "enhanced_access", CONF_SINGLE_SOURCE, CONF_UNCONFIRMED}, /* £7.975 [S20] */
        {"2024/25", "participation", CONF_UNCONFIRMED, CONF_UNCONFIRMED},     /* derived */
        {"2024/25", "caip", CONF_SINGLE_SOURCE, CONF_UNCONFIRMED},
        {"2023/24", "leadership", CONF_UNCONFIRMED, CONF_UNCONFIRMED},
        {"2023/24", "casp", CONF_UNCONFIRMED, CONF_UNCONFIRMED}, /* £2.765 conflicts */
        {"2023/24", "clinical_director", CONF_SINGLE_SOURCE, CONF_UNCONFIRMED},
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct ent_input in;
        struct ent_result r;
        pcn_input(&in, cases[i].year, one_practice, 1);
        compute(f, &in, cases[i].year, &r);
        if (stream(&r, cases[i].stream)->conf != cases[i].want)
            fail_msg("%s %s: %s, want %s", cases[i].year, cases[i].stream,
                     conf_name(stream(&r, cases[i].stream)->conf), conf_name(cases[i].want));
        assert_int_equal(r.conf, cases[i].year_want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vectors),
        cmocka_unit_test(test_gp_arrs_half_year),
        cmocka_unit_test(test_streams_by_year),
        cmocka_unit_test(test_rounding_half_penny),
        cmocka_unit_test(test_rounding_near_half),
        cmocka_unit_test(test_apportion),
        cmocka_unit_test(test_months),
        cmocka_unit_test(test_distribution),
        cmocka_unit_test(test_fixed_shares_must_add_up),
        cmocka_unit_test(test_estimate_without_populations),
        cmocka_unit_test(test_estimate_list_date_and_beds),
        cmocka_unit_test(test_caip_achieved),
        cmocka_unit_test(test_confidence),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
