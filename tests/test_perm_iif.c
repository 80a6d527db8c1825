/* The IIF and CAIP routes' permissions, as test_perm.c does for the
 * registry: every page, form and API route for every role, on a PCN of its
 * own and one of another's.  IIF figures are the PCN's shared figures
 * (perm_read_pcn); entering figures and the self-assessment need
 * perm_write_pcn.  A refusal is a 404 that says nothing of the other PCN,
 * is audited and changes nothing.  Then every change is audited with its
 * before and after. */
#include "webfix.h"

#include "audit.h"


struct scope {
    const char *own, *other;
    const char *other_name;    /* must not appear in a refusal */
};

static const struct scope pcns[] = {
    [ADMIN] = {"U10001", "U20001", NULL},
    [ICB] = {"U10001", "U20001", "EAST PCN"},
    [MANAGER] = {"U10002", "U10001", "NORTH PCN"},
    [CD] = {"U10001", "U10002", "SOUTH AND VALE"},
    [PRACTICE] = {"U10002", "U10001", "NORTH PCN"},
};

enum need { READ_PCN, WRITE_PCN };

static const struct route {
    const char *method, *fmt, *body;
    enum need need;
    bool api;
    int ok;
    const char *table;
} routes[] = {
    {"GET", "/pcn/%s/iif", NULL, READ_PCN, false, 200, NULL},
    {"GET", "/pcn/%s/iif?year=2023-24", NULL, READ_PCN, false, 200, NULL},
    {"GET", "/pcn/%s/caip?year=2025-26", NULL, READ_PCN, false, 200, NULL},
    {"GET", "/api/v1/pcns/%s/iif?year=2023-24", NULL, READ_PCN, true, 200, NULL},
    {"GET", "/api/v1/pcns/%s/caip?year=2025-26", NULL, READ_PCN, true, 200, NULL},
    {"GET", "/pcn/%s/iif/enter?year=2024-25", NULL, WRITE_PCN, false, 200, NULL},
    {"POST", "/pcn/%s/iif/enter",
     "year=2024-25&code=HI-03&month=2024-10&numerator=1&denominator=5", WRITE_PCN, false, 303,
     "iif_entry"},
    {"POST", "/pcn/%s/caip",
     "year=2025-26&status-risk_stratification=met&status-mgpa=in_progress&evidence-mgpa=x",
     WRITE_PCN, false, 303, "caip_status"},
};

static bool allowed(enum fx_who w, enum need n, bool own)
{
    if (n == READ_PCN)
        return w == ADMIN || own;
    return w == ADMIN || (own && (w == MANAGER || w == CD));
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
    int checked = 0;
    import_small(f);
    for (size_t ri = 0; ri < sizeof routes / sizeof *routes; ri++) {
        const struct route *rt = &routes[ri];
        for (int w = ADMIN; w <= NOBODY; w++) {
            for (int own = 0; own < 2; own++) {
                const struct scope *s = &pcns[w == NOBODY ? ADMIN : w];
                char path[160];
                snprintf(path, sizeof path, rt->fmt, own ? s->own : s->other);
                int want = w == NOBODY ? (rt->api ? 401 : 303)
                           : allowed((enum fx_who)w, rt->need, own) ? rt->ok
                                                                 : 404;
                int64_t before = fx_denied(f);
                int64_t table_before = rt->table ? fx_rows(f, rt->table) : 0;
                char *body;
                int got = fx_request(f, (enum fx_who)w, rt->method, path, rt->body, &body);
                if (got != want)
                    fail_msg("%s %s as %s: status %d, expected %d\n%.600s", rt->method, path,
                             fx_who_names[w], got, want, body);
                if (got == 200 && !strncmp(body, "<!DOCTYPE", 9))
                    fx_unique_ids(path, body);
                if (got == 200 && strstr(body, " style="))
                    fail_msg("%s as %s: a style attribute, which the CSP forbids", path,
                             fx_who_names[w]);
                if (want == 404) {
                    if (fx_denied(f) != before + 1)
                        fail_msg("%s %s as %s: the refusal was not audited", rt->method, path,
                                 fx_who_names[w]);
                    if (s->other_name && !own && strstr(body, s->other_name))
                        fail_msg("%s as %s: the refusal shows '%s'", path, fx_who_names[w],
                                 s->other_name);
                    if (rt->table && fx_rows(f, rt->table) != table_before)
                        fail_msg("%s as %s: refused, yet %s changed", path, fx_who_names[w], rt->table);
                }
                if (w == NOBODY && rt->table && fx_rows(f, rt->table) != table_before)
                    fail_msg("%s signed out: %s changed", path, rt->table);
                free(body);
                checked++;
            }
        }
    }
    assert_int_equal(checked, (int)(sizeof routes / sizeof *routes) * 6 * 2);
    /* The allowed POSTs changed the store: admin's for U10001 and U20001,
     * the manager's for U10002, and the clinical director's for U10001,
     * which replaced admin's figures for the same month. */
    assert_int_equal(fx_rows(f, "iif_entry"), 3);
    assert_true(fx_rows(f, "caip_status") >= 6);
}

/* The newest audit entry's action and detail (in a). */
static const char *last_detail(struct webfix *f, struct arena *a, const char **action)
{
    struct audit_filter af = {.limit = 1};
    struct audit_entry *e;
    size_t n;
    struct pcn_msg m = {0};
    if (audit_query(f->db, &af, a, &e, &n, &m) || n != 1)
        fail_msg("no audit entry");
    *action = e[0].action;
    return e[0].detail ? e[0].detail : "";
}

static void test_changes_audited(void **state)
{
    struct webfix *f = *state;
    struct arena a;
    const char *action;
    arena_init(&a, 0);
    static const struct {
        const char *path, *body, *action, *detail;
    } steps[] = {
        {"/pcn/U10002/iif/enter", "year=2024-25&code=HI-03&month=2024-10&org=A10003&numerator=30"
                                  "&denominator=50",
         "iif-enter",
         "{\"code\":\"HI-03\",\"month\":\"2024-10\",\"organisation\":\"A10003\",\"before\":null,"
         "\"after\":{\"numerator\":30,\"denominator\":50}}"},
        {"/pcn/U10002/iif/enter", "year=2024-25&code=HI-03&month=2024-10&org=A10003&numerator=35"
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
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
        int got = fx_request(f, MANAGER, "POST", steps[i].path, steps[i].body, NULL);
        if (got != 303)
            fail_msg("step %zu: status %d", i, got);
        const char *d = last_detail(f, &a, &action);
        assert_string_equal(action, steps[i].action);
        if (strcmp(d, steps[i].detail) != 0)
            fail_msg("step %zu: detail\n got  %s\n want %s", i, d, steps[i].detail);
    }
    /* Saving the same self-assessment again changes and audits nothing. */
    int64_t before = fx_count(f, "SELECT COUNT(*) FROM audit_log");
    assert_int_equal(fx_request(f, MANAGER, "POST", "/pcn/U10002/caip", steps[4].body, NULL), 303);
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM audit_log"), before);
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_matrix, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_changes_audited, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests_name("iif permissions", tests, NULL, NULL);
}
