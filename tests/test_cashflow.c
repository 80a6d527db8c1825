/* The cash flow (cashflow.h) as tables worked out by hand.
 *
 * The hand-made PCN, 2025/26, today 10 November 2025:
 *   post 1 from April: costs £3,000 a month, claims £3,000;
 *   post 2 from July:  costs £2,500 a month, claims £2,000 (its maximum);
 *   claims for April to August paid two months later (on the 15th), for
 *   September and October submitted, none yet for November on;
 *   core PCN funding £1,000 a month, monthly in arrears; Enhanced Access
 *   £500 a month with no published schedule.
 *
 * ARRS in (the lag of two months): June to August £3,000 paid (post 1's
 * April to June); September and October £5,000 paid (post 1 and post 2's
 * July and August); November and December £5,000 expected (September's and
 * October's, submitted); January to March £5,000 projected (November to
 * January's); February's and March's claims (£10,000) arrive after 31 March.
 * Costs out: April to June £3,000, July on £5,500.
 * ARRS balance: -3,000, -6,000, -6,000 (June: in 3,000, out 3,000),
 * -8,500, -11,000, then £500 more each month (in 5,000, out 5,500) to
 * -14,500 in March: the widest gap is March's, £14,500.
 * With core funding (May to March, £1,000 each; March's arrives in April):
 * -3,000, -5,000, -4,000, -5,500, -7,000, -6,500, -6,000, -5,500, -5,000,
 * -4,500, -4,000, -3,500: widest in August, £7,000.  Enhanced Access's
 * £6,000 is not placed. */
#include "testutil.h"

#include "cashflow.h"
#include "common.h"

#define P(pounds) ((pence_t)(pounds)*100)

static const struct rule_schedule core_sched = {.stream = "core", .known = true, .arrears = 1};

static struct cashflow_stream streams[2];
static struct cashflow_item items[24];
static size_t nitems;

static date_t d(int y, int m, int day)
{
    return date_from_ymd(y, m, day);
}

static void item(int64_t post, int month, pence_t cost, pence_t claim, enum cashflow_state st,
                 date_t paid_on)
{
    items[nitems++] = (struct cashflow_item){
        .post_id = post,
        .month = month,
        .cost_known = true,
        .cost = cost,
        .claim_known = true,
        .claim = claim,
        .state = st,
        .amount = st == CF_NOT_CLAIMED || st == CF_DRAFT ? -1 : claim,
        .paid_on = paid_on};
}

/* The month index i (0 = April 2025) as a calendar year and month. */
static void ym(int i, int *y, int *mo)
{
    *mo = 4 + i > 12 ? i - 8 : 4 + i;
    *y = 4 + i > 12 ? 2026 : 2025;
}

static void build(void)
{
    memset(streams, 0, sizeof streams);
    nitems = 0;
    streams[0] = (struct cashflow_stream){
        .id = "core", .name = "Core PCN funding", .schedule = &core_sched};
    streams[1] = (struct cashflow_stream){.id = "enhanced_access", .name = "Enhanced Access"};
    for (int i = 0; i < 12; i++) {
        streams[0].earned[i] = P(1000);
        streams[1].earned[i] = P(500);
    }
    for (int i = 0; i < 12; i++) {
        int py, pm;
        ym(i + 2, &py, &pm);
        enum cashflow_state st = i <= 4 ? CF_PAID : i <= 6 ? CF_SUBMITTED : CF_NOT_CLAIMED;
        date_t paid = st == CF_PAID ? d(py, pm, 15) : DATE_NONE;
        item(1, i, P(3000), P(3000), st, paid);
        if (i >= 3)
            item(2, i, P(2500), P(2000), st, paid);
    }
}

static void test_two_posts_lag_two(void **state)
{
    (void)state;
    build();
    static const struct {
        long streams_in, paid, expected, projected, out, arrs_balance, balance;
        bool past;
    } want[12] = {
        /* Apr */ {0, 0, 0, 0, 3000, -3000, -3000, true},
        /* May */ {1000, 0, 0, 0, 3000, -6000, -5000, true},
        /* Jun */ {1000, 3000, 0, 0, 3000, -6000, -4000, true},
        /* Jul */ {1000, 3000, 0, 0, 5500, -8500, -5500, true},
        /* Aug */ {1000, 3000, 0, 0, 5500, -11000, -7000, true},
        /* Sep */ {1000, 5000, 0, 0, 5500, -11500, -6500, true},
        /* Oct */ {1000, 5000, 0, 0, 5500, -12000, -6000, true},
        /* Nov */ {1000, 0, 5000, 0, 5500, -12500, -5500, false},
        /* Dec */ {1000, 0, 5000, 0, 5500, -13000, -5000, false},
        /* Jan */ {1000, 0, 0, 5000, 5500, -13500, -4500, false},
        /* Feb */ {1000, 0, 0, 5000, 5500, -14000, -4000, false},
        /* Mar */ {1000, 0, 0, 5000, 5500, -14500, -3500, false},
    };
    struct cashflow_in in = {.fy = 2025,
                             .today = d(2025, 11, 10),
                             .streams = streams,
                             .nstreams = 2,
                             .items = items,
                             .nitems = nitems,
                             .lag = 2};
    struct cashflow cf;
    struct pcn_msg m = {0};
    assert_int_equal(cashflow_compute(&in, &cf, &m), 0);
    for (int i = 0; i < 12; i++) {
        const struct cashflow_month *c = &cf.m[i];
        int y, mo;
        ym(i, &y, &mo);
        assert_int_equal(c->year, y);
        assert_int_equal(c->month, mo);
        assert_int_equal(c->streams_in, P(want[i].streams_in));
        assert_int_equal(c->arrs_paid, P(want[i].paid));
        assert_int_equal(c->arrs_expected, P(want[i].expected));
        assert_int_equal(c->arrs_projected, P(want[i].projected));
        assert_int_equal(c->costs_out, P(want[i].out));
        assert_int_equal(c->arrs_balance, P(want[i].arrs_balance));
        assert_int_equal(c->balance, P(want[i].balance));
        assert_int_equal(c->past, want[i].past);
    }
    assert_int_equal(cf.widest, 11);
    assert_int_equal(cf.gap, P(14500));
    assert_int_equal(cf.widest_all, 4);
    assert_int_equal(cf.gap_all, P(7000));
    assert_int_equal(cf.after_arrs, P(10000));
    assert_int_equal(cf.after_streams, P(1000));
    assert_int_equal(cf.unplaced, P(6000));
    assert_int_equal(cf.nunplaced, 1);
    assert_int_equal(cf.costs_out, P(58500));
    assert_int_equal(cf.arrs_in, P(44000));
    assert_int_equal(cf.streams_in, P(11000));

    /* The lag seen in the paid claims: all two months. */
    struct cashflow_paid paid[24];
    int scratch[24], lag = -1;
    size_t np = 0;
    for (size_t k = 0; k < nitems; k++) {
        if (items[k].state != CF_PAID)
            continue;
        int y, mo;
        ym(items[k].month, &y, &mo);
        paid[np++] = (struct cashflow_paid){y, mo, items[k].paid_on};
    }
    assert_int_equal(np, 7);
    assert_int_equal(cashflow_observed_lag(paid, np, scratch, &lag), 7);
    assert_int_equal(lag, 2);
}

/* Edges: a claim overdue lands in today's month, never the past; a lag of
 * 0; an unknown cost or claim counted, not guessed; the observed lag's
 * middle; bad input. */
static void test_edges(void **state)
{
    (void)state;
    struct cashflow_item it[3] = {
        /* June's claim, submitted, still not paid on 10 November: expected in November */
        {.post_id = 1,
         .month = 2,
         .cost_known = true,
         .cost = P(100),
         .claim_known = true,
         .claim = P(100),
         .state = CF_SUBMITTED,
         .amount = P(90)},
        /* December's: cost not known, claim not known */
        {.post_id = 1, .month = 8, .state = CF_NOT_CLAIMED, .amount = -1},
        /* January's, paid in January (lag 0 does not matter for a paid one) */
        {.post_id = 1,
         .month = 9,
         .cost_known = true,
         .cost = P(100),
         .claim_known = true,
         .claim = P(100),
         .state = CF_PAID,
         .amount = P(100),
         .paid_on = d(2026, 1, 31)},
    };
    struct cashflow_in in = {
        .fy = 2025, .today = d(2025, 11, 10), .items = it, .nitems = 3, .lag = 0};
    struct cashflow cf;
    struct pcn_msg m = {0};
    assert_int_equal(cashflow_compute(&in, &cf, &m), 0);
    assert_int_equal(cf.m[7].arrs_expected, P(90)); /* the approved amount */
    assert_int_equal(cf.m[2].arrs_in, 0);
    assert_int_equal(cf.m[9].arrs_paid, P(100));
    assert_int_equal(cf.costs_unknown, 1);
    assert_int_equal(cf.claims_unknown, 1);
    assert_int_equal(cf.widest, 2); /* June: -£100 */
    assert_int_equal(cf.gap, P(100));

    /* Never below zero: no gap. */
    it[0].state = CF_PAID;
    it[0].amount = P(100);
    it[0].paid_on = d(2025, 6, 30);
    assert_int_equal(cashflow_compute(&in, &cf, &m), 0);
    assert_int_equal(cf.widest, -1);
    assert_int_equal(cf.gap, 0);

    in.lag = 13;
    assert_int_equal(cashflow_compute(&in, &cf, &m), PCN_EINVAL);
    assert_non_null(strstr(m.text, "13 months"));
    in.lag = 2;
    it[1].month = 12;
    assert_int_equal(cashflow_compute(&in, &cf, &m), PCN_EINVAL);

    static const struct {
        int n;
        int lags[5];
        int want;
    } lag_cases[] = {
        {1, {3}, 3},          {2, {1, 3}, 3},          {3, {1, 2, 3}, 2},
        {4, {3, 1, 3, 2}, 3}, {5, {0, 0, 0, 4, 4}, 0},
    };
    for (size_t c = 0; c < ARRAY_SIZE(lag_cases); c++) {
        struct cashflow_paid p[5];
        int scratch[5], lag = -1;
        for (int k = 0; k < lag_cases[c].n; k++) {
            /* claimed in May 2025, paid lags[k] months later */
            int mo = 5 + lag_cases[c].lags[k];
            p[k] = (struct cashflow_paid){2025, 5, d(2025 + (mo > 12), mo > 12 ? mo - 12 : mo, 3)};
        }
        assert_int_equal(cashflow_observed_lag(p, (size_t)lag_cases[c].n, scratch, &lag),
                         lag_cases[c].n);
        assert_int_equal(lag, lag_cases[c].want);
    }
    /* Paid before the month claimed counts 0; none paid leaves the lag alone. */
    struct cashflow_paid early = {2025, 5, d(2025, 4, 30)};
    int scratch[1], lag = 7;
    assert_int_equal(cashflow_observed_lag(&early, 1, scratch, &lag), 1);
    assert_int_equal(lag, 0);
    lag = 7;
    struct cashflow_paid none = {2025, 5, DATE_NONE};
    assert_int_equal(cashflow_observed_lag(&none, 1, scratch, &lag), 0);
    assert_int_equal(lag, 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_posts_lag_two),
        cmocka_unit_test(test_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
