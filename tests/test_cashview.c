/* The cash flow from the store (cashview.h), on SQLite and PostgreSQL:
 * the fixture's post 1 (Priya Shah, clinical pharmacist in U10002 from
 * April 2025 at £80,000 a year: costs £6,666.67 a month, claims its
 * maximum £66,972 ÷ 12 = £5,581.00) and a second post added here (Ann,
 * social prescribing link worker from July 2025 at £30,000: costs and
 * claims £2,500.00).  Claims for April to October drafted; April to August
 * paid two months after the month (on the 15th), September and October
 * submitted; today 10 November 2025.
 *
 * Worked by hand (pence), the lag seen in the seven paid claims being two:
 *   in:  June to August 558,100 paid (post 1's April to June); September
 *        and October 808,100 paid (both posts' July and August); November
 *        and December 808,100 expected (September's and October's
 *        claims); January to March 808,100 projected;
 *   out: April to June 666,667; July on 916,667;
 *   ARRS balance: -666,667, -1,333,334, -1,441,901, -1,800,468,
 *        -2,159,035, -2,267,602, then 108,567 lower each month to
 *        -2,919,004 in March: the widest gap is March's;
 *   after 31 March: February's and March's claims, 1,616,200.
 * The what-if: a clinical pharmacist at 1.0 WTE from January 2026 whose
 * whole cost is £48,000 (costs and claims £4,000 a month, under the
 * maximum): January -400,000, February -400,000 more, March even, so the
 * March balance becomes -3,719,004. */
#include "webfix.h"

#include "cashview.h"
#include "common.h"
#include "deskdb.h"
#include "funding.h"
#include "staff.h"

static const struct {
    long paid, expected, projected, out, balance;
} want[12] = {
    {0, 0, 0, 666667, -666667},       {0, 0, 0, 666667, -1333334},
    {558100, 0, 0, 666667, -1441901}, {558100, 0, 0, 916667, -1800468},
    {558100, 0, 0, 916667, -2159035}, {808100, 0, 0, 916667, -2267602},
    {808100, 0, 0, 916667, -2376169}, {0, 808100, 0, 916667, -2484736},
    {0, 808100, 0, 916667, -2593303}, {0, 0, 808100, 916667, -2701870},
    {0, 0, 808100, 916667, -2810437}, {0, 0, 808100, 916667, -2919004},
};

static void setup_claims(struct webfix *f, const struct rules *r)
{
    struct pcn_msg m = {0};
    struct arrs_terms t = {
        .from = date_from_ymd(2025, 7, 1), .wte_e4 = 10000, .has_cost = true, .cost = 3000000};
    struct staff s = {.pcn = "U10002",
                      .name = "Ann",
                      .role = "social_prescribing_link_worker",
                      .start = date_from_ymd(2025, 7, 1),
                      .end = DATE_NONE,
                      .terms = &t,
                      .nterms = 1};
    int64_t id2;
    if (staff_add(f->db, r, &s, f->now, NULL, &id2, &m))
        fail_msg("%s", m.text);
    for (int mo = 4; mo <= 10; mo++) {
        long drafted, unknown;
        if (claims_draft(f->db, r, "U10002", 2025, mo, NULL, &drafted, &unknown, &m))
            fail_msg("%s", m.text);
        for (int64_t id = 1; id <= id2; id += id2 - 1) {
            if (id == id2 && mo < 7)
                continue;
            pence_t amount = id == 1 ? 558100 : 250000;
            if (claims_advance(f->db, id, 2025, mo, CLAIM_SUBMITTED, date_from_ymd(2025, mo, 28),
                               -1, NULL, &m))
                fail_msg("%s", m.text);
            if (mo > 8)
                continue;
            int pm = mo + 2;
            if (claims_advance(f->db, id, 2025, mo, CLAIM_APPROVED, date_from_ymd(2025, mo, 28),
                               amount, NULL, &m) ||
                claims_advance(f->db, id, 2025, mo, CLAIM_PAID, date_from_ymd(2025, pm, 15), amount,
                               NULL, &m))
                fail_msg("%s", m.text);
        }
    }
}

static void test_two_posts_from_the_store(void **state)
{
    struct webfix *f = *state;
    struct arena a;
    struct rules r;
    struct pcn_msg m = {0};
    test_rules_load(&a, &r, NULL);
    setup_claims(f, &r);
    struct cashview v;
    date_t today = date_from_ymd(2025, 11, 10);
    if (cashview_gather(f->db, &r, "U10002", 2025, today, NULL, &a, &v, &m))
        fail_msg("%s", m.text);
    assert_int_equal(v.lag_from, LAG_OBSERVED);
    assert_int_equal(v.lag_claims, 7);
    assert_int_equal(v.cf.lag, 2);
    assert_int_equal(v.nposts, 2);
    for (int i = 0; i < 12; i++) {
        const struct cashflow_month *c = &v.cf.m[i];
        if (c->arrs_paid != want[i].paid || c->arrs_expected != want[i].expected ||
            c->arrs_projected != want[i].projected || c->costs_out != want[i].out ||
            c->arrs_balance != want[i].balance)
            fail_msg("month %d: paid %ld expected %ld projected %ld out %ld balance %ld", i,
                     (long)c->arrs_paid, (long)c->arrs_expected, (long)c->arrs_projected,
                     (long)c->costs_out, (long)c->arrs_balance);
    }
    assert_int_equal(v.cf.widest, 11);
    assert_int_equal(v.cf.gap, 2919004);
    assert_int_equal(v.cf.after_arrs, 1616200);

    /* The other payments: core PCN funding, monthly in arrears, as the
     * entitlements earn it: April's arrives in May. */
    struct ent_input in;
    struct ent_result res;
    if (funding_compute(f->db, &r, "U10002", 2025, &a, &in, &res, &m))
        fail_msg("%s", m.text);
    const struct ent_stream *core = entitle_stream(&res, "core");
    assert_non_null(core);
    assert_int_equal(v.cf.m[0].streams_in, 0);
    for (int i = 1; i < 12; i++)
        assert_int_equal(v.cf.m[i].streams_in, core->monthly[i - 1]);
    assert_int_equal(v.cf.after_streams, core->monthly[11]);
    assert_true(v.cf.unplaced > 0); /* Enhanced Access's schedule is not published */

    /* What if we recruit a clinical pharmacist from January? */
    struct arrs_post extra;
    const char *field;
    assert_int_equal(cashview_whatif_post(&r, 2025, "clinical_pharmacist", 10000,
                                          date_from_ymd(2026, 1, 1), 4800000, true, &a, &extra,
                                          &field, &m),
                     0);
    struct cashview w;
    int64_t staff_before = fx_rows(f, "arrs_staff");
    if (cashview_gather(f->db, &r, "U10002", 2025, today, &extra, &a, &w, &m))
        fail_msg("%s", m.text);
    assert_int_equal(w.cf.m[9].arrs_balance, -2701870 - 400000);
    assert_int_equal(w.cf.m[11].arrs_balance, -3719004);
    assert_int_equal(w.cf.gap, 3719004);
    assert_int_equal(fx_rows(f, "arrs_staff"), staff_before); /* nothing written */
    static const struct {
        const char *role;
        int64_t wte;
        date_t from;
        pence_t pay;
        const char *field;
    } bad[] = {
        {"astronaut", 10000, 0, 100, "role"},
        {"clinical_pharmacist", 0, 0, 100, "wte"},
        {"clinical_pharmacist", 12000, 0, 100, "wte"},
        {"clinical_pharmacist", 10000, 1, 100, "from"},
        {"clinical_pharmacist", 10000, 0, 0, "pay"},
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        date_t from = bad[i].from ? date_from_ymd(2026, 4, 1) : date_from_ymd(2025, 6, 1);
        assert_int_equal(cashview_whatif_post(&r, 2025, bad[i].role, bad[i].wte, from, bad[i].pay,
                                              false, &a, &extra, &field, &m),
                         PCN_EINVAL);
        assert_string_equal(field, bad[i].field);
    }

    /* The PCN's own lag: set with its audit entry, used, refused when bad
     * (nothing written), removed. */
    struct desk_actor who = fx_actor(f, MANAGER);
    int64_t audits = fx_count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'arrs-lag-set'");
    assert_int_equal(
        cashview_set_lag(f->db, "U10002", 3, "ICB finance, email of 3 November 2025", &who, &m), 0);
    assert_int_equal(
        fx_count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'arrs-lag-set' AND detail "
                    "LIKE '%\"before\":null%' AND detail LIKE '%\"lag_months\":3%'"),
        audits + 1);
    if (cashview_gather(f->db, &r, "U10002", 2025, today, NULL, &a, &v, &m))
        fail_msg("%s", m.text);
    assert_int_equal(v.lag_from, LAG_SETTING);
    assert_int_equal(v.cf.lag, 3);
    /* September's claim, submitted, now expected in December */
    assert_int_equal(v.cf.m[8].arrs_expected, 808100);
    assert_int_equal(cashview_set_lag(f->db, "U10002", 13, "x", &who, &m), PCN_EINVAL);
    assert_int_equal(cashview_set_lag(f->db, "U10002", 2, "", &who, &m), PCN_EINVAL);
    assert_int_equal(cashview_set_lag(f->db, "U99999", 2, "x", &who, &m), PCN_ENOTFOUND);
    assert_int_equal(fx_count(f, "SELECT lag_months FROM arrs_lag WHERE pcn_code = 'U10002'"), 3);
    assert_int_equal(cashview_set_lag(f->db, "U10002", -1, NULL, &who, &m), 0);
    assert_int_equal(fx_rows(f, "arrs_lag"), 0);
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'arrs-lag-set'"),
                     audits + 2);
    /* Removing what is not there writes nothing, and audits nothing. */
    assert_int_equal(cashview_set_lag(f->db, "U10002", -1, NULL, &who, &m), 0);
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'arrs-lag-set'"),
                     audits + 2);
    arena_release(&a);
}

/* The routes: the PCN's managers and clinical director only (404 and
 * audited for anyone else, the admin included: the costs add up pay);
 * exports audited; the what-if writes nothing; the lag form. */
static void test_routes(void **state)
{
    struct webfix *f = *state;
    static const struct {
        const char *method, *path, *body;
        int ok;
    } routes[] = {
        {"GET", "/pcn/%s/cashflow?year=2025-26", NULL, 200},
        {"GET", "/pcn/%s/cashflow.csv?year=2025-26", NULL, 200},
        {"GET", "/pcn/%s/cashflow.xlsx?year=2025-26", NULL, 200},
        {"GET", "/api/v1/pcns/%s/cashflow?year=2025-26", NULL, 200},
        {"POST", "/pcn/%s/cashflow/what-if?year=2025-26",
         "role=clinical_pharmacist&wte=0.5&from=2026-01&pay=25000&kind=salary", 200},
        {"POST", "/pcn/%s/cashflow/lag?year=2025-26", "lag=2&note=ICB+email", 303},
    };
    static const struct {
        enum fx_who who;
        const char *own;
    } people[] = {{MANAGER, "U10002"}, {CD, "U10001"}};
    for (size_t i = 0; i < ARRAY_SIZE(routes); i++) {
        for (size_t p = 0; p < ARRAY_SIZE(people); p++) {
            char path[160];
            snprintf(path, sizeof path, routes[i].path, people[p].own);
            char *body;
            int64_t exports = fx_count(f, "SELECT COUNT(*) FROM audit_log WHERE action = "
                                          "'cashflow-export'");
            int got = fx_request(f, people[p].who, routes[i].method, path, routes[i].body, &body);
            if (got != routes[i].ok)
                fail_msg("%s %s as %s: %d\n%.400s", routes[i].method, path,
                         fx_who_names[people[p].who], got, body);
            if (strstr(path, ".csv")) {
                assert_contains(body, "Month (first day),Other PCN payments arriving (£)");
                assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM audit_log WHERE action = "
                                             "'cashflow-export'"),
                                 exports + 1);
            }
            if (!strncmp(body, "<!DOCTYPE", 9))
                fx_unique_ids(path, body);
            if (strstr(path, "what-if"))
                assert_contains(body, "If you recruit this post");
            free(body);
        }
        /* Everyone else: 404, audited; another PCN's too. */
        static const enum fx_who others[] = {ADMIN, ICB, PRACTICE};
        for (size_t k = 0; k < ARRAY_SIZE(others) + 1; k++) {
            enum fx_who w = k < ARRAY_SIZE(others) ? others[k] : MANAGER;
            char path[160];
            snprintf(path, sizeof path, routes[i].path,
                     k < ARRAY_SIZE(others) ? "U10002" : "U10001");
            int64_t before = fx_denied(f), lags = fx_rows(f, "arrs_lag");
            int got = fx_request(f, w, routes[i].method, path, routes[i].body, NULL);
            if (got != 404)
                fail_msg("%s %s as %s: %d, expected 404", routes[i].method, path, fx_who_names[w],
                         got);
            assert_int_equal(fx_denied(f), before + 1);
            assert_int_equal(fx_rows(f, "arrs_lag"), lags);
        }
    }
    assert_int_equal(fx_count(f, "SELECT lag_months FROM arrs_lag WHERE pcn_code = 'U10002'"), 2);
    assert_int_equal(fx_rows(f, "arrs_staff"), 2); /* the what-if added no post */
    /* A bad what-if keeps what was typed and names its field. */
    char *body;
    assert_int_equal(fx_request(f, MANAGER, "POST", "/pcn/U10002/cashflow/what-if?year=2025-26",
                                "role=clinical_pharmacist&wte=2&from=2026-01&pay=25000", &body),
                     400);
    assert_contains(body, "href=\"#wte\"");
    assert_contains(body, "Enter the WTE, above 0 and at most 1.0");
    free(body);
    assert_int_equal(fx_request(f, MANAGER, "POST", "/pcn/U10002/cashflow/lag?year=2025-26",
                                "lag=40&note=x", &body),
                     400);
    assert_contains(body, "Enter the months as a whole number from 0 to 12");
    free(body);
    assert_int_equal(fx_count(f, "SELECT lag_months FROM arrs_lag WHERE pcn_code = 'U10002'"), 2);
}

/* The API gives what `pcnops cashflow --json` prints, byte for byte. */
static void test_api_is_the_cli(void **state)
{
    struct webfix *f = *state;
    char *body;
    assert_int_equal(
        fx_request(f, MANAGER, "GET", "/api/v1/pcns/U10002/cashflow?year=2025-26", NULL, &body),
        200);
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "PCNOPS_TODAY=2026-11-23 build/pcnops --db '%s' cashflow U10002 --year 2025/26 "
             "--json --rules rules",
             f->dbpath);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    struct buf b;
    buf_init(&b, 1 << 20);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        buf_add(&b, chunk, n);
    assert_int_equal(pclose(p), 0);
    json_error_t e1, e2;
    json_t *api = json_loads(body, 0, &e1), *cli = json_loads(b.buf, 0, &e2);
    if (!api || !cli)
        fail_msg("not JSON: %s / %s", e1.text, e2.text);
    if (!json_equal(api, cli))
        fail_msg("the API and the CLI differ:\n%.400s\n%.400s", body, b.buf);
    json_decref(api);
    json_decref(cli);
    assert_contains(body, "\"lag_from\":\"rules\"");
    buf_release(&b);
    free(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_two_posts_from_the_store, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_routes, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_api_is_the_cli, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
