/* The recruitment planner against plans whose best answer is known, worked
 * out by hand or by trying every combination. */
#include "testutil.h"

#include "arena.h"
#include "planner.h"

#define P(name, role, lo, hi, w, e, claim)                                                         \
    {                                                                                              \
        name, role, lo, hi, w, e, claim                                                            \
    }

/* Tries every combination of options (small cases only): the reference. */
static int64_t brute_best(const struct plan_post *p, size_t n, const struct plan_cap *caps,
                          size_t ncaps, pence_t budget, size_t i, int64_t value, pence_t cost,
                          int64_t *capw)
{
    if (cost > budget)
        return -1;
    if (i == n)
        return value;
    int64_t best = brute_best(p, n, caps, ncaps, budget, i + 1, value, cost, capw);
    for (int64_t s = p[i].min_wte_e4; s <= p[i].max_wte_e4; s += PLAN_STEP_E4) {
        int c = -1;
        for (size_t k = 0; k < ncaps; k++)
            if (!strcmp(caps[k].role, p[i].role))
                c = (int)k;
        if (c >= 0 && capw[c] + s > caps[c].max_wte_e4 - caps[c].used_wte_e4)
            continue;
        if (c >= 0)
            capw[c] += s;
        for (int start = p[i].earliest; start < 12; start++) {
            int months = 12 - start;
            int64_t v = brute_best(p, n, caps, ncaps, budget, i + 1,
                                   value + p[i].weight * (s / PLAN_STEP_E4) * months,
                                   cost + plan_cost(p[i].claim_per_wte_month, s, months), capw);
            if (v > best)
                best = v;
        }
        if (c >= 0)
            capw[c] -= s;
    }
    return best;
}

static void test_greedy_is_wrong(void **state)
{
    (void)state;
    /* A pharmacist is worth most per pound, but taking her leaves too little
     * for anyone else; two care coordinators are worth more together.  (All
     * start in March at full hours, so there is nothing to trim.) */
    struct plan_post posts[] = {
        P("Pharmacist", "clinical_pharmacist", 10000, 10000, 10, 11, 500000),
        P("Coordinator 1", "care_coordinator", 10000, 10000, 6, 11, 416667),
        P("Coordinator 2", "care_coordinator", 10000, 10000, 6, 11, 416667),
    };
    struct plan best, alts[3];
    size_t nalts;
    struct arena a;
    struct pcn_msg m = {0};
    arena_init(&a, 0);
    /* £8,333.34: greedy by value per pound picks the pharmacist (£5,000,
     * value 100) and cannot then afford a coordinator (£4,166.67 each); the
     * best is both coordinators (£8,333.34, value 120). */
    assert_int_equal(plan_solve(posts, 3, NULL, 0, 833334, &a, &best, alts, 3, &nalts, &m), 0);
    assert_int_equal(best.value, 120);
    assert_int_equal(best.choices[0].wte_e4, 0);
    assert_int_equal(best.choices[1].wte_e4, 10000);
    assert_int_equal(best.choices[2].wte_e4, 10000);
    assert_int_equal(best.cost, 833334);
    /* The alternatives are the next best values, each within the money. */
    assert_true(nalts >= 1);
    for (size_t i = 0; i < nalts; i++) {
        assert_true(alts[i].value < best.value);
        assert_true(alts[i].cost <= 833334); /* the budget given */
    }
    arena_release(&a);
}

static void test_known_answers(void **state)
{
    (void)state;
    static const struct {
        const char *what;
        struct plan_post posts[4];
        size_t n;
        struct plan_cap cap;
        bool capped;
        pence_t budget;
        int64_t value;
    } cases[] = {
        /* Nothing fits: the empty plan. */
        {"too little money", {P("A", "x", 10000, 10000, 5, 11, 700000)}, 1, {0}, false, 600000, 0},
        /* An overspend already: no headroom, no plan. */
        {"overspent", {P("A", "x", 1000, 10000, 5, 0, 100)}, 1, {0}, false, -5000, 0},
        /* One post, partly affordable: the best use of £2,500 at £500 per WTE
         * a month is 0.5 WTE for 10 months (value 50, exactly £2,500); 0.4 WTE
         * for 12 months is worth only 48. */
        {"part of a post", {P("A", "x", 1000, 10000, 1, 0, 50000)}, 1, {0}, false, 250000, 50},
        /* Starting later is the price of hours: 1.0 WTE from October (6 months,
         * value 60) costs £3,000 = the whole budget. */
        {"full hours, later start",
         {P("A", "x", 10000, 10000, 1, 0, 50000)},
         1,
         {0},
         false,
         300000,
         60},
        /* A cap of 1.0 WTE on role y, with 0.5 already in post. */
        {"cap with staff in post",
         {P("A", "y", 10000, 10000, 5, 0, 10000), P("B", "y", 1000, 10000, 5, 0, 10000),
          P("C", "z", 1000, 1000, 1, 0, 10000)},
         3,
         {"y", 10000, 5000},
         true,
         100000000,
         5 * 5 * 12 + 1 * 1 * 12},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct plan best, alts[2];
        size_t nalts;
        struct arena a;
        struct pcn_msg m = {0};
        arena_init(&a, 0);
        if (plan_solve(cases[i].posts, cases[i].n, cases[i].capped ? &cases[i].cap : NULL,
                       cases[i].capped ? 1 : 0, cases[i].budget, &a, &best, alts, 2, &nalts, &m))
            fail_msg("%s: %s", cases[i].what, m.text);
        if (best.value != cases[i].value)
            fail_msg("%s: value %" PRId64 ", expected %" PRId64, cases[i].what, best.value,
                     cases[i].value);
        arena_release(&a);
    }
}

/* Against trying everything, on many small made-up problems. */
static void test_matches_brute_force(void **state)
{
    (void)state;
    unsigned seed = 12345;
#define RND(k) ((seed = seed * 1103515245u + 12345u) >> 16) % (k)
    for (int round = 0; round < 200; round++) {
        struct plan_post posts[4];
        size_t n = 1 + RND(4);
        static const char *const roles[] = {"a", "b", "c"};
        for (size_t i = 0; i < n; i++) {
            int64_t lo = (1 + RND(5)) * PLAN_STEP_E4, hi = lo + RND(3) * PLAN_STEP_E4;
            posts[i] = (struct plan_post){"p",
                                          roles[RND(3)],
                                          lo,
                                          hi,
                                          1 + (int)RND(9),
                                          (int)RND(12),
                                          100000 + (pence_t)RND(400000)};
        }
        struct plan_cap cap = {"a", (1 + RND(8)) * PLAN_STEP_E4, RND(2) * PLAN_STEP_E4};
        pence_t budget = (pence_t)RND(3000000);
        int64_t capw[1] = {0};
        int64_t want = brute_best(posts, n, &cap, 1, budget, 0, 0, 0, capw);
        struct plan best, alts[1];
        size_t nalts;
        struct arena a;
        struct pcn_msg m = {0};
        arena_init(&a, 0);
        if (plan_solve(posts, n, &cap, 1, budget, &a, &best, alts, 1, &nalts, &m))
            fail_msg("round %d: %s", round, m.text);
        if (best.value != want)
            fail_msg("round %d: value %" PRId64 ", brute force %" PRId64, round, best.value, want);
        /* The plan is what it says: its choices add up to its value and cost,
         * keep within the money and the cap. */
        int64_t v = 0, capped = 0;
        pence_t c = 0;
        for (size_t i = 0; i < n; i++) {
            v += best.choices[i].value;
            c += best.choices[i].cost;
            if (!strcmp(posts[i].role, "a"))
                capped += best.choices[i].wte_e4;
            if (best.choices[i].wte_e4)
                assert_true(best.choices[i].start >= posts[i].earliest);
        }
        assert_int_equal(v, best.value);
        assert_int_equal(c, best.cost);
        assert_true(c <= budget);
        assert_true(capped <= cap.max_wte_e4 - cap.used_wte_e4);
        arena_release(&a);
    }
}

static void test_bad_posts(void **state)
{
    (void)state;
    static const struct {
        struct plan_post p;
        const char *msg;
    } cases[] = {
        {P("A", "x", 0, 10000, 1, 0, 100), "post 1 (A): WTE from 0.1 to 1.0"},
        {P("A", "x", 5000, 12000, 1, 0, 100), "post 1 (A): WTE from 0.1 to 1.0"},
        {P("A", "x", 5500, 10000, 1, 0, 100), "post 1 (A): WTE from 0.1 to 1.0"},
        {P("A", "x", 8000, 5000, 1, 0, 100), "minimum not above maximum"},
        {P("A", "x", 5000, 10000, 0, 0, 100), "post 1 (A): a priority weight from 1 to 100"},
        {P("A", "x", 5000, 10000, 1, 12, 100), "the earliest start must be in the year"},
        {P("A", "x", 5000, 10000, 1, 0, 0), "no claim per WTE to plan with"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct plan best;
        size_t nalts;
        struct arena a;
        struct pcn_msg m = {0};
        arena_init(&a, 0);
        assert_int_equal(plan_solve(&cases[i].p, 1, NULL, 0, 1000, &a, &best, NULL, 0, &nalts, &m),
                         PCN_EINVAL);
        assert_contains(m.text, cases[i].msg);
        arena_release(&a);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_greedy_is_wrong),
        cmocka_unit_test(test_known_answers),
        cmocka_unit_test(test_matches_brute_force),
        cmocka_unit_test(test_bad_posts),
    };
    return cmocka_run_group_tests_name("planner", tests, NULL, NULL);
}
