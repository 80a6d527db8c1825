/* The IIF and CAIP routes' permissions, as test_perm.c does for the
 * registry: every page, form and API route for every role, on a PCN of its
 * own and one of another's.  IIF figures are the PCN's shared figures
 * (perm_read_pcn); entering figures and the self-assessment need
 * perm_write_pcn.  A refusal is a 404 that says nothing of the other PCN,
 * is audited and changes nothing.  Then every change is audited with its
 * before and after. */
#include "webfix.h"

enum need { READ_PCN, WRITE_PCN };

static const struct fx_route routes[] = {
    {"GET", "/pcn/%s/iif", NULL, READ_PCN, false, 200, NULL},
    {"GET", "/pcn/%s/iif?year=2023-24", NULL, READ_PCN, false, 200, NULL},
    {"GET", "/pcn/%s/caip?year=2025-26", NULL, READ_PCN, false, 200, NULL},
    {"GET", "/api/v1/pcns/%s/iif?year=2023-24", NULL, READ_PCN, true, 200, NULL},
    {"GET", "/api/v1/pcns/%s/caip?year=2025-26", NULL, READ_PCN, true, 200, NULL},
    {"GET", "/pcn/%s/iif/enter?year=2024-25", NULL, WRITE_PCN, false, 200, NULL},
    {"POST", "/pcn/%s/iif/enter", "year=2024-25&code=HI-03&month=2024-10&numerator=1&denominator=5",
     WRITE_PCN, false, 303, "iif_entry"},
    {"POST", "/pcn/%s/caip",
     "year=2025-26&status-risk_stratification=met&status-mgpa=in_progress&evidence-mgpa=x",
     WRITE_PCN, false, 303, "caip_status"},
};

static bool allowed(enum fx_who w, int n, bool own)
{
    if (n == READ_PCN)
        return w == ADMIN || own;
    return w == ADMIN || (own && (w == MANAGER || w == CD));
}

static const struct fx_scope *scopes(int need)
{
    (void)need;
    return fx_pcn_scopes();
}

static void import_small(struct webfix *f)
{
    struct import_result res;
    struct pcn_msg m = {0};
    struct import_src src = {.name = "iif-small.csv", .path = "tests/data/iif/iif-small.csv"};
    import_result_init(&res, IMPORT_IIF);
    if (importer_run(f->db, IMPORT_IIF, &src, &res, &m))
        fail_msg("%s", m.text);
    import_result_release(&res);
}

static void test_matrix(void **state)
{
    struct webfix *f = *state;
    import_small(f);
    int checked = fx_matrix(f, routes, sizeof routes / sizeof *routes, allowed, scopes);
    assert_int_equal(checked, (int)(sizeof routes / sizeof *routes) * 6 * 2);
    /* The allowed POSTs changed the store: admin's for U10001 and U20001,
     * the manager's for U10002, and the clinical director's for U10001,
     * which replaced admin's figures for the same month. */
    assert_int_equal(fx_rows(f, "iif_entry"), 3);
    assert_true(fx_rows(f, "caip_status") >= 6);
}

static void test_changes_audited(void **state)
{
    struct webfix *f = *state;
    static const struct fx_audited steps[] = {
        {"/pcn/U10002/iif/enter",
         "year=2024-25&code=HI-03&month=2024-10&org=A10003&numerator=30"
         "&denominator=50",
         "iif-enter",
         "{\"code\":\"HI-03\",\"month\":\"2024-10\",\"organisation\":\"A10003\",\"before\":null,"
         "\"after\":{\"numerator\":30,\"denominator\":50}}"},
        {"/pcn/U10002/iif/enter",
         "year=2024-25&code=HI-03&month=2024-10&org=A10003&numerator=35"
         "&denominator=50",
         "iif-enter",
         "{\"code\":\"HI-03\",\"month\":\"2024-10\",\"organisation\":\"A10003\",\"before\":"
         "{\"numerator\":30,\"denominator\":50},\"after\":{\"numerator\":35,\"denominator\":50}}"},
        {"/pcn/U10002/caip",
         "year=2025-26&status-risk_stratification=not_started&status-mgpa=met&evidence-mgpa=Done",
         "caip-set",
         "{\"year\":\"2025/26\",\"criterion\":\"mgpa\",\"before\":null,\"after\":\"met\","
         "\"evidence_before\":null,\"evidence_after\":\"Done\",\"entitlement_share_bp\":"
         "{\"before\":null,\"after\":6667}}"},
        {"/pcn/U10002/caip",
         "year=2025-26&status-risk_stratification=met&status-mgpa=met&evidence-mgpa=Done",
         "caip-set",
         "{\"year\":\"2025/26\",\"criterion\":\"risk_stratification\",\"before\":null,\"after\":"
         "\"met\",\"evidence_before\":null,\"evidence_after\":null,\"entitlement_share_bp\":"
         "{\"before\":6667,\"after\":10000}}"},
        {"/pcn/U10002/caip",
         "year=2025-26&status-risk_stratification=met&status-mgpa=met&evidence-mgpa=Done"
         "&declared-day=20&declared-month=3&declared-year=2026",
         "caip-declare", "{\"year\":\"2025/26\",\"before\":null,\"after\":\"2026-03-20\"}"},
    };
    fx_audited_steps(f, MANAGER, steps, sizeof steps / sizeof *steps);
    /* Saving the same self-assessment again changes and audits nothing. */
    int64_t before = fx_count(f, "SELECT COUNT(*) FROM audit_log");
    assert_int_equal(fx_request(f, MANAGER, "POST", "/pcn/U10002/caip", steps[4].body, NULL), 303);
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM audit_log"), before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_matrix, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_changes_audited, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests_name("iif permissions", tests, NULL, NULL);
}
