/* ARRS claims: a table of posts and months with the exact claim, on the
 * real rules (rules/) and on a small made-up year for the edges the real
 * rules cannot show (a maximum that changes mid-month, a mental health
 * practitioner's maximum). */
#include "testutil.h"

#include "arena.h"
#include "arrs.h"
#include "rules.h"

static struct rules real;
static struct arena real_arena;
static struct rules fake;
static struct arena fake_arena;

/* A 2025/26 with a maximum that rises on 16 November 2025, and a mental
 * health practitioner at 50% whose maximum applies to the PCN's half. */
static const char fake_roles[] =
    "role,name,band,reimbursed_pct,maximum_applies_to,cap,cap_large_pcn,large_pcn_from,"
    "confidence,sources,note\n"
    "clinical_pharmacist,Clinical pharmacist,7-8a,100,,,,,unconfirmed,,\n"
    "mental_health_practitioner,Mental health practitioner,5+,50,pcn_share,,,,unconfirmed,,\n"
    "mhp_whole,MHP whole cost,5+,50,whole_cost,,,,unconfirmed,,\n";
static const char fake_maxima[] =
    "role,area,max_gbp,valid_from,valid_to,confidence,sources,note\n"
    "clinical_pharmacist,national,60000,2025-04-01,2025-11-15,unconfirmed,,\n"
    "clinical_pharmacist,national,72000,2025-11-16,2026-03-31,unconfirmed,,\n"
    "mental_health_practitioner,national,48000,2025-04-01,2026-03-31,unconfirmed,,\n"
    "mhp_whole,national,48000,2025-04-01,2026-03-31,unconfirmed,,\n";
static const char fake_pay[] = "band,point,annual_gbp,valid_from,valid_to,confidence,sources,note\n"
                               "5,entry,31049,2025-04-01,2026-03-31,unconfirmed,,\n";
static const char fake_oncosts[] =
    "item,value,unit,valid_from,valid_to,confidence,sources,note\n"
    "employer_pension_rate,10,percent,2025-04-01,2026-03-31,unconfirmed,,\n"
    "employer_ni_rate,15,percent,2025-04-01,2026-03-31,unconfirmed,,\n"
    "employer_ni_threshold,5000,gbp_per_year,2025-04-01,2026-03-31,unconfirmed,,\n";

static int setup(void **state)
{
    struct rules_diag d = {0};
    struct pcn_msg m = {0};
    (void)state;
    arena_init(&real_arena, 0);
    if (rules_load("rules", &real_arena, &real, &d, &m))
        fail_msg("rules: %s", m.text);
    arena_init(&fake_arena, 0);
    rules_init(&fake, &fake_arena, "fake");
    struct rules_year *y = rules_add_year(&fake, 2025, "fake/2025-26");
    long e = rules_parse_file(&fake, y, RF_ROLES, "arrs_roles.csv", fake_roles,
                              sizeof fake_roles - 1, &d) +
             rules_parse_file(&fake, y, RF_MAXIMA, "arrs_maxima.csv", fake_maxima,
                              sizeof fake_maxima - 1, &d) +
             rules_parse_file(&fake, y, RF_PAY, "afc_pay.csv", fake_pay, sizeof fake_pay - 1, &d) +
             rules_parse_file(&fake, y, RF_ONCOSTS, "oncosts.csv", fake_oncosts,
                              sizeof fake_oncosts - 1, &d);
    if (e)
        fail_msg("fake rules: %s", d.errors[0]);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    arena_release(&real_arena);
    arena_release(&fake_arena);
    return 0;
}

/* date_from_ymd as a constant expression, for the static tables (checked
 * against the function in test_constant_dates). */
#define YY_(y, m) ((m) <= 2 ? (y)-1 : (y))
#define YOE_(y, m) (YY_(y, m) - YY_(y, m) / 400 * 400)
#define DOY_(m, d) ((153 * ((m) > 2 ? (m)-3 : (m) + 9) + 2) / 5 + (d)-1)
#define D(y, m, d)                                                                                 \
    ((date_t)(YY_(y, m) / 400 * 146097 + YOE_(y, m) * 365 + YOE_(y, m) / 4 - YOE_(y, m) / 100 +    \
              DOY_(m, d) - 719468))
#define NONE DATE_NONE

/* Terms: up to 2 per post. */
struct tcase {
    const char *what;
    bool fake;
    struct {
        const char *role;
        enum rule_area zone;
        date_t start, end;
    } post;
    struct arrs_terms t[2];
    size_t nt;
    struct {
        int year, month;
    } when;
    struct tcase_want {
        bool known;
        pence_t cost, cap, claim;
        bool capped;
    } want;
};

/* Cost entered directly at £80,000 a year (more than any maximum). */
#define COST(day, wte, pounds)                                                                     \
    {                                                                                              \
        .from = (day), .wte_e4 = (wte), .has_cost = true, .cost = (pounds)*100                     \
    }

static const struct tcase cases[] = {
    /* The two examples, on the real 2025/26 rules. */
    {"pharmacist 1.0 WTE, cost over the maximum, full month",
     false,
     {"clinical_pharmacist", AREA_NATIONAL, D(2025, 4, 1), NONE},
     {COST(D(2025, 4, 1), 10000, 80000)},
     1,
     {2025, 10},
     {true, 666667, 558100, 558100, true}},
    {"pharmacist from 16 September 2025 at 0.6 WTE",
     false,
     {"clinical_pharmacist", AREA_NATIONAL, D(2025, 9, 16), NONE},
     {COST(D(2025, 9, 16), 6000, 80000)},
     1,
     {2025, 9},
     {true, 333333, 167430, 167430, true}},
    /* The cap not binding: a cheaper post claims its cost. */
    {"cost under the maximum",
     false,
     {"clinical_pharmacist", AREA_NATIONAL, D(2025, 4, 1), NONE},
     {COST(D(2025, 4, 1), 10000, 48000)},
     1,
     {2025, 6},
     {true, 400000, 558100, 400000, false}},
    /* A leaver: in post 1 to 10 October. */
    {"leaver on 10 October",
     false,
     {"clinical_pharmacist", AREA_NATIONAL, D(2024, 1, 1), D(2025, 10, 10)},
     {COST(D(2024, 1, 1), 10000, 80000)},
     1,
     {2025, 10},
     {true, 215054, 180032, 180032, true}},
    {"after leaving: nothing",
     false,
     {"clinical_pharmacist", AREA_NATIONAL, D(2024, 1, 1), D(2025, 10, 10)},
     {COST(D(2024, 1, 1), 10000, 80000)},
     1,
     {2025, 11},
     {true, 0, 0, 0, false}},
    {"before starting: nothing",
     false,
     {"clinical_pharmacist", AREA_NATIONAL, D(2025, 12, 1), NONE},
     {COST(D(2025, 12, 1), 10000, 80000)},
     1,
     {2025, 11},
     {true, 0, 0, 0, false}},
    /* Hours cut from 1.0 to 0.5 WTE on 16 November (30 days: 15 + 15). */
    {"WTE change mid-month",
     false,
     {"clinical_pharmacist", AREA_NATIONAL, D(2025, 4, 1), NONE},
     {COST(D(2025, 4, 1), 10000, 80000), COST(D(2025, 11, 16), 5000, 40000)},
     2,
     {2025, 11},
     {true, 500000, 418575, 418575, true}},
    /* The 2024/25 uplift of 1 October 2024: September at £62,340, October at £65,838. */
    {"before the 2024/25 uplift",
     false,
     {"clinical_pharmacist", AREA_NATIONAL, D(2024, 4, 1), NONE},
     {COST(D(2024, 4, 1), 10000, 80000)},
     1,
     {2024, 9},
     {true, 666667, 519500, 519500, true}},
    {"after the 2024/25 uplift",
     false,
     {"clinical_pharmacist", AREA_NATIONAL, D(2024, 4, 1), NONE},
     {COST(D(2024, 4, 1), 10000, 80000)},
     1,
     {2024, 10},
     {true, 666667, 548650, 548650, true}},
    /* A maximum that rises on 16 November (made-up year): 15 days at £60,000
     * and 15 at £72,000: (60,000 × 15 + 72,000 × 15) ÷ 12 ÷ 30 = £5,500. */
    {"maximum raised mid-month",
     true,
     {"clinical_pharmacist", AREA_NATIONAL, D(2025, 4, 1), NONE},
     {COST(D(2025, 4, 1), 10000, 90000)},
     1,
     {2025, 11},
     {true, 750000, 550000, 550000, true}},
    /* London: outer and inner maxima of 2025/26. */
    {"outer London",
     false,
     {"clinical_pharmacist", AREA_OUTER_LONDON, D(2025, 4, 1), NONE},
     {COST(D(2025, 4, 1), 10000, 90000)},
     1,
     {2025, 5},
     {true, 750000, 619933, 619933, true}},
    {"inner London",
     false,
     {"clinical_pharmacist", AREA_INNER_LONDON, D(2025, 4, 1), NONE},
     {COST(D(2025, 4, 1), 10000, 90000)},
     1,
     {2025, 5},
     {true, 750000, 646208, 646208, true}},
    /* A mental health practitioner: the PCN pays and claims half.  Cost
     * £40,000: half is £1,666.67 a month, under the £4,000 maximum. */
    {"mental health practitioner at 50%",
     true,
     {"mental_health_practitioner", AREA_NATIONAL, D(2025, 4, 1), NONE},
     {COST(D(2025, 4, 1), 10000, 40000)},
     1,
     {2025, 7},
     {true, 333333, 400000, 166667, false}},
    /* ... and with a cost of £120,000 its half (£5,000) meets the maximum. */
    {"mental health practitioner capped",
     true,
     {"mental_health_practitioner", AREA_NATIONAL, D(2025, 4, 1), NONE},
     {COST(D(2025, 4, 1), 10000, 120000)},
     1,
     {2025, 7},
     {true, 1000000, 400000, 400000, true}},
    /* When the maximum applies to the whole cost: half of min(cost, cap). */
    {"50% of the capped whole cost",
     true,
     {"mhp_whole", AREA_NATIONAL, D(2025, 4, 1), NONE},
     {COST(D(2025, 4, 1), 10000, 120000)},
     1,
     {2025, 7},
     {true, 1000000, 400000, 200000, true}},
    /* Salary from the AfC pay point with on-costs from the (made-up) rules:
     * band 5 entry £31,049; pension 10% £3,104.90; NI 15% of £26,049 =
     * £3,907.35; £38,061.25 a year, £3,171.77 a month. */
    {"AfC pay point and on-costs from the rules",
     true,
     {"mental_health_practitioner", AREA_NATIONAL, D(2025, 4, 1), NONE},
     {{.from = D(2025, 4, 1), .wte_e4 = 10000, .band = "5", .has_point = true, .point = POINT_ENTRY}},
     1,
     {2025, 4},
     {true, 317177, 400000, 158589, false}},
    /* Salary entered with on-costs entered. */
    {"salary and on-costs entered",
     false,
     {"clinical_pharmacist", AREA_NATIONAL, D(2025, 4, 1), NONE},
     {{.from = D(2025, 4, 1),
       .wte_e4 = 10000,
       .has_salary = true,
       .salary = 4800000,
       .has_oncost = true,
       .oncost = 1200000}},
     1,
     {2025, 4},
     {true, 500000, 558100, 500000, false}},
    /* No maximum in the rules: the claim cannot be worked out. */
    {"no maximum known",
     false,
     {"care_coordinator", AREA_NATIONAL, D(2025, 4, 1), NONE},
     {COST(D(2025, 4, 1), 10000, 30000)},
     1,
     {2025, 4},
     {false, 0, 0, 0, false}},
};

static void test_constant_dates(void **state)
{
    (void)state;
    assert_int_equal(D(2025, 4, 1), date_from_ymd(2025, 4, 1));
    assert_int_equal(D(2024, 2, 29), date_from_ymd(2024, 2, 29));
    assert_int_equal(D(2026, 3, 31), date_from_ymd(2026, 3, 31));
}

/* A national post (id 1) from 1 April 2025, in post still, under the one
 * set of terms t. */
static struct arrs_post post_from_april(const char *name, const char *role,
                                        const struct arrs_terms *t)
{
    return (struct arrs_post){.id = 1,
                              .name = name,
                              .role = role,
                              .zone = AREA_NATIONAL,
                              .start = D(2025, 4, 1),
                              .end = NONE,
                              .terms = t,
                              .nterms = 1};
}

static void test_claims(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const struct tcase *t = &cases[i];
        struct arrs_post p = {.id = 1,
                              .name = t->what,
                              .role = t->post.role,
                              .zone = t->post.zone,
                              .start = t->post.start,
                              .end = t->post.end,
                              .terms = t->t,
                              .nterms = t->nt};
        struct arrs_claim c;
        struct arena a;
        struct pcn_msg m = {0};
        arena_init(&a, 0);
        if (arrs_claim_month(t->fake ? &fake : &real, &p, t->when.year, t->when.month, &a, &c, &m))
            fail_msg("%s: %s", t->what, m.text);
        const struct tcase_want *w = &t->want;
        if (c.known != w->known || (w->known && (c.cost != w->cost || c.cap != w->cap ||
                                                 c.claim != w->claim || c.capped != w->capped)))
            fail_msg("%s: known %d cost %" PRId64 " cap %" PRId64 " claim %" PRId64
                     " capped %d; expected known %d cost %" PRId64 " cap %" PRId64 " claim %" PRId64
                     " capped %d",
                     t->what, c.known, c.cost, c.cap, c.claim, c.capped, w->known, w->cost, w->cap,
                     w->claim, w->capped);
        /* The trail always ends with the claim, or says why there is none. */
        assert_true(c.trail.n > 0);
        if (w->known && c.days > 0)
            assert_string_equal(c.trail.steps[c.trail.n - 1].key, "arrs.claim");
        arena_release(&a);
    }
}

/* The working names the rule rows used. */
static void test_trail_cites_rules(void **state)
{
    (void)state;
    struct arrs_terms t = COST(D(2025, 4, 1), 10000, 80000);
    struct arrs_post p = post_from_april("x", "clinical_pharmacist", &t);
    struct arrs_claim c;
    struct arena a;
    struct pcn_msg m = {0};
    arena_init(&a, 0);
    assert_int_equal(arrs_claim_month(&real, &p, 2025, 10, &a, &c, &m), 0);
    bool cited = false;
    for (size_t i = 0; i < c.trail.n; i++)
        if (!strcmp(c.trail.steps[i].key, "arrs.max")) {
            assert_contains(c.trail.steps[i].source, "rules/2025-26/arrs_maxima.csv:");
            assert_contains(c.trail.steps[i].text, "£66,972 per WTE a year");
            cited = true;
        }
    assert_true(cited);
    /* The 2025/26 maximum is marked unconfirmed in the rules, so is the claim. */
    assert_int_equal(c.conf, CONF_UNCONFIRMED);
    arena_release(&a);
}

static void test_bad_posts(void **state)
{
    (void)state;
    struct arrs_terms t = COST(D(2025, 4, 1), 10000, 80000);
    struct arrs_post p = post_from_april("Sam", "astronaut", &t);
    struct arrs_claim c;
    struct arena a;
    struct pcn_msg m = {0};
    arena_init(&a, 0);
    /* Not a refusal: the claim is not known, and says why. */
    assert_int_equal(arrs_claim_month(&real, &p, 2025, 10, &a, &c, &m), 0);
    assert_false(c.known);
    assert_int_equal(c.days, 31);
    assert_string_equal(c.why, "astronaut is not an ARRS role of 2025/26");
    p.role = "clinical_pharmacist";
    assert_int_equal(arrs_claim_month(&real, &p, 2031, 10, &a, &c, &m), PCN_ENOTFOUND);
    assert_contains(m.text, "the rules have no year 2031/32");
    arena_release(&a);
}

/* The year's position: the sum against claims recorded and forecast. */

/* On-costs from the real rules, worked by hand for a band 5 post at its
 * entry point with no cost entered (issue 10):
 *   2026/27, November: £32,074 (2025/26's £31,049 × 1.033, carried) +
 *   pension 14.38% £4,612.24 + NI 15% of (£32,074 − £5,000) £4,061.10 =
 *   £40,747.34 a year, ÷ 12 = £3,395.61.
 *   2025/26, April: NI changes with the tax year on 6 April.  1 to 5 April:
 *   £31,049 + £4,464.85 + 13.8% of (£31,049 − £9,100) £3,028.96 =
 *   £38,542.81; 6 to 30 April: £31,049 + £4,464.85 + 15% of (£31,049 −
 *   £5,000) £3,907.35 = £39,421.20; (38,542.81 × 5 + 39,421.20 × 25) ÷ 360
 *   = £3,272.90. */
static void test_oncosts_by_tax_year(void **state)
{
    (void)state;
    static const struct {
        int year, month;
        pence_t cost;
        const char *ni;
    } nis[] = {
        {2026, 11, 339561,
         "Employer NI: 15.00% of £32,074 above the £5,000 threshold = £4,061.10 a year"},
        {2025, 4, 327290,
         "Employer NI: 13.80% of £31,049 above the £9,100 threshold = £3,028.96 a year"},
    };
    for (size_t i = 0; i < sizeof nis / sizeof *nis; i++) {
        struct arrs_terms t = {.from = D(2025, 4, 1),
                               .wte_e4 = 10000,
                               .band = "5",
                               .has_point = true,
                               .point = POINT_ENTRY};
        struct arrs_post p = post_from_april("Sam", "pharmacy_technician", &t);
        struct arrs_claim c;
        struct arena a;
        struct pcn_msg m = {0};
        arena_init(&a, 0);
        assert_int_equal(arrs_claim_month(&real, &p, nis[i].year, nis[i].month, &a, &c, &m), 0);
        if (c.cost != nis[i].cost)
            fail_msg("%d-%02d: cost %" PRId64 ", expected %" PRId64, nis[i].year, nis[i].month,
                     c.cost, nis[i].cost);
        bool found = false;
        for (size_t k = 0; k < c.trail.n; k++)
            found |= strstr(c.trail.steps[k].text, nis[i].ni) != NULL;
        if (!found)
            fail_msg("%d-%02d: no step '%s'", nis[i].year, nis[i].month, nis[i].ni);
        arena_release(&a);
    }
}

static void test_forecast(void **state)
{
    (void)state;
    struct arrs_terms t = COST(D(2025, 4, 1), 10000, 80000);
    struct arrs_post posts[] = {
        post_from_april("A", "clinical_pharmacist", &t),
        post_from_april("B", "care_coordinator", &t),
    };
    posts[1].id = 2;
    /* April to September claimed; approved at £5,000 in April. */
    struct arrs_recorded rec[6];
    for (int k = 0; k < 6; k++)
        rec[k] = (struct arrs_recorded){1, 2025, 4 + k, true, k == 0 ? 500000 : 558100};
    struct arrs_forecast f;
    struct arena a;
    struct pcn_msg m = {0};
    arena_init(&a, 0);
    assert_int_equal(
        arrs_forecast_year(&real, posts, 2, rec, 6, 2025, 10000000, D(2025, 10, 20), &a, &f, &m),
        0);
    assert_int_equal(f.claimed, 500000 + 5 * 558100);
    assert_int_equal(f.forecast, 6 * 558100);
    assert_int_equal(f.projected, 500000 + 11 * 558100);
    assert_int_equal(f.headroom, 10000000 - f.projected);
    assert_int_equal(f.posts_unknown, 1); /* no maximum for a care coordinator */
    assert_true(f.alert_under);
    assert_false(f.alert_over);
    assert_int_equal(f.from, D(2025, 11, 1));
    /* £33,609 of headroom buys 1.2044 WTE of a pharmacist for the 5 months
     * November to March: 3,360,900 × 12 ÷ (6,697,200 × 5) = 1.20440..., rounded down. */
    bool found = false;
    for (size_t i = 0; i < f.nroles; i++)
        if (!strcmp(f.roles[i].role, "clinical_pharmacist")) {
            assert_int_equal(f.roles[i].wte_e4, 12044);
            found = true;
        }
    assert_true(found);
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_constant_dates),    cmocka_unit_test(test_claims),
        cmocka_unit_test(test_trail_cites_rules), cmocka_unit_test(test_bad_posts),
        cmocka_unit_test(test_forecast),          cmocka_unit_test(test_oncosts_by_tax_year),
    };
    return cmocka_run_group_tests_name("arrs claims", tests, setup, teardown);
}
