/* The permissions matrix: every route that shows an organisation's data,
 * for every role, on an organisation of its own and one of another's,
 * with the designed status.  A refusal is a 404 that says nothing of the
 * other organisation and is written to the audit log. */
#include "webfix.h"

/* The codes each role should and should not reach, by kind of record: the
 * ICBs and PCNs of webfix.h, and these practices. */
static const struct fx_scope practices[] = {
    [ADMIN] = {"A10001", "B20001", NULL},
    [ICB] = {"A10001", "B20001", "EAST SURGERY"},
    [MANAGER] = {"A10003", "A10001", "NORTH SURGERY"},
    [CD] = {"A10001", "A10003", "HILL SURGERY"},
    [PRACTICE] = {"A10003", "A10005", "NEW SURGERY"}, /* a practice sees itself only */
};

enum kind { K_ICB, K_PCN, K_PRACTICE };

static const struct fx_scope *scopes(int k)
{
    return k == K_ICB ? fx_icb_scopes() : k == K_PCN ? fx_pcn_scopes() : practices;
}

/* Every route reads a record (%s: its code) and answers 200 when allowed. */
static const struct fx_route routes[] = {
    {"GET", "/icb/%s", NULL, K_ICB, false, 200, NULL},
    {"GET", "/pcn/%s", NULL, K_PCN, false, 200, NULL},
    {"GET", "/practice/%s", NULL, K_PRACTICE, false, 200, NULL},
    {"GET", "/api/v1/icbs/%s", NULL, K_ICB, true, 200, NULL},
    {"GET", "/api/v1/pcns/%s", NULL, K_PCN, true, 200, NULL},
    {"GET", "/api/v1/pcns/%s/history", NULL, K_PCN, true, 200, NULL},
    {"GET", "/api/v1/practices/%s", NULL, K_PRACTICE, true, 200, NULL},
};

/* The designed rule: an admin reads everything; anyone else its own
 * record, except that only an ICB user reads an ICB. */
static bool allowed(enum fx_who w, int k, bool own)
{
    if (w == ADMIN)
        return true;
    return own && (k != K_ICB || w == ICB);
}

static void test_matrix(void **state)
{
    struct webfix *f = *state;
    assert_int_equal(fx_matrix(f, routes, sizeof routes / sizeof *routes, allowed, scopes),
                     7 * 6 * 2);
}

/* Routes for administrators only. */
static void test_admin_routes(void **state)
{
    struct webfix *f = *state;
    static const char *const paths[] = {"/import", "/admin/users", "/admin/audit",
                                        "/admin/users/5"};
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
        for (int w = ADMIN; w <= NOBODY; w++) {
            int want = w == ADMIN ? 200 : w == NOBODY ? 303 : 404;
            int got = fx_request(f, (enum fx_who)w, "GET", paths[i], NULL, NULL);
            if (got != want)
                fail_msg("%s as role %d: status %d, expected %d", paths[i], w, got, want);
        }
    }
}

/* Lists hold only what the user may read. */
static void test_lists_filtered(void **state)
{
    struct webfix *f = *state;
    static const struct {
        enum fx_who w;
        const char *path;
        const char *has[3];
        const char *lacks[3];
    } cases[] = {
        {ADMIN, "/api/v1/pcns", {"U10001", "U10002", "U20001"}, {NULL}},
        {ICB, "/api/v1/pcns", {"U10001", "U10002", NULL}, {"U20001", NULL}},
        {MANAGER, "/api/v1/pcns", {"U10002", NULL}, {"U10001", "U20001", NULL}},
        {CD, "/api/v1/pcns", {"U10001", NULL}, {"U10002", "U20001", NULL}},
        {PRACTICE, "/api/v1/pcns", {"U10002", NULL}, {"U10001", "U20001", NULL}},
        {ADMIN, "/api/v1/icbs", {"QAA", "QBB", NULL}, {NULL}},
        {ICB, "/api/v1/icbs", {"QAA", NULL}, {"QBB", NULL}},
        {MANAGER, "/api/v1/icbs", {NULL}, {"QAA", "QBB", NULL}},
        {ICB, "/", {"/icb/QAA", NULL}, {"QBB", NULL}},
        {MANAGER, "/", {"/pcn/U10002", NULL}, {"U10001", "U20001", NULL}},
        /* the home page of each role (home.h) and its JSON: its own only */
        {CD, "/", {"/pcn/U10001/", "NORTH PCN", NULL}, {"U10002", "U20001", "Priya Shah"}},
        {PRACTICE, "/", {"/practice/A10003", "/pcn/U10002", NULL}, {"U10001", "U20001", NULL}},
        {ADMIN, "/", {"/icb/QAA", "/icb/QBB", "/admin/rules"}, {NULL}},
        {ICB, "/api/v1/home", {"\"U10001\"", "\"U10002\"", NULL}, {"U20001", "QBB", NULL}},
        {MANAGER, "/api/v1/home", {"\"U10002\"", NULL}, {"U10001", "Tom Green", NULL}},
        {CD, "/api/v1/home", {"\"U10001\"", NULL}, {"U10002", "Priya Shah", NULL}},
        {PRACTICE, "/api/v1/home", {"\"A10003\"", NULL}, {"U10001", NULL}},
        /* search lists only what the user may read */
        {ADMIN, "/search?q=pcn", {"/pcn/U10001", "/pcn/U10002", "/pcn/U20001"}, {NULL}},
        {ICB, "/search?q=pcn", {"/pcn/U10001", "/pcn/U10002", NULL}, {"/pcn/U20001", NULL}},
        {MANAGER, "/search?q=pcn", {"/pcn/U10002", NULL}, {"/pcn/U10001", "/pcn/U20001", NULL}},
        {CD,
         "/search?q=surgery",
         {"/practice/A10001", NULL},
         {"/practice/A10003", "/practice/B20001", NULL}},
        {PRACTICE,
         "/search?q=surgery",
         {"/practice/A10003", NULL},
         {"/practice/A10001", "/practice/A10005", NULL}},
        {ICB, "/search?q=qbb", {NULL}, {"/icb/QBB", NULL}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *body;
        assert_int_equal(fx_request(f, cases[i].w, "GET", cases[i].path, NULL, &body), 200);
        for (int k = 0; k < 3 && cases[i].has[k]; k++)
            if (!strstr(body, cases[i].has[k]))
                fail_msg("%s as %d lacks %s", cases[i].path, cases[i].w, cases[i].has[k]);
        for (int k = 0; k < 3 && cases[i].lacks[k]; k++)
            if (strstr(body, cases[i].lacks[k]))
                fail_msg("%s as %d shows %s", cases[i].path, cases[i].w, cases[i].lacks[k]);
        free(body);
    }
    /* Filtering by another ICB is refused, not emptied. */
    assert_int_equal(fx_request(f, MANAGER, "GET", "/api/v1/pcns?icb=QBB", NULL, NULL), 404);
}

/* Codes in any case and with a trailing slash: every route of the matrix,
 * for every role and nobody, is redirected to its canonical address by
 * its text alone (301), and the canonical address answers as the matrix
 * says: the redirect grants nothing. */
static void test_canonical(void **state)
{
    struct webfix *f = *state;
    for (size_t ri = 0; ri < sizeof routes / sizeof *routes; ri++) {
        for (int w = ADMIN; w <= NOBODY; w++) {
            const struct fx_scope *sc = scopes(routes[ri].need);
            const char *code = sc[w == NOBODY ? ADMIN : w].other;
            char lower[16], path[128], want[128];
            size_t k = 0;
            for (; k < sizeof lower - 1 && code[k]; k++)
                lower[k] = (char)(code[k] >= 'A' && code[k] <= 'Z' ? code[k] - 'A' + 'a' : code[k]);
            lower[k] = '\0';
            char fmt[64];
            snprintf(fmt, sizeof fmt, "%s/", routes[ri].fmt);
            snprintf(path, sizeof path, fmt, lower);
            snprintf(want, sizeof want, routes[ri].fmt, code);
            struct http_req *q = fx_req(f, "GET", path);
            struct http_resp r;
            if (w != NOBODY)
                fx_as(f, q, w);
            int64_t denied = fx_denied(f);
            fx_run(f, q, &r);
            const char *loc = fx_resp_header(&r, "Location");
            if (r.status != 301 || !loc || strcmp(loc, want) != 0)
                fail_msg("%s as %s: %d to %s, expected 301 to %s", path, fx_who_names[w], r.status,
                         loc ? loc : "(none)", want);
            /* decided before any lookup: nothing is audited for the redirect */
            assert_int_equal(fx_denied(f), denied);
            http_resp_release(&r);
            fx_req_free(q);
            int status = fx_request(f, (enum fx_who)w, "GET", want, NULL, NULL);
            int expect = w == NOBODY ? (routes[ri].api ? 401 : 303) : w == ADMIN ? 200 : 404;
            if (status != expect)
                fail_msg("%s as %s: %d, expected %d", want, fx_who_names[w], status, expect);
        }
    }
}

/* Accounts: only admins change them; anyone signed in changes their own
 * password; a reset link is no way in for another account. */
static void test_account_routes(void **state)
{
    struct webfix *f = *state;
    int64_t users = fx_count(f, "SELECT COUNT(*) FROM app_user WHERE disabled = 0");
    for (int w = ICB; w <= NOBODY; w++) {
        for (const char *const *a = (const char *const[]){"action=disable", "action=reset",
                                                          "action=role&role=admin", NULL};
             *a; a++) {
            int64_t denied = fx_denied(f);
            int got = fx_request(f, (enum fx_who)w, "POST", "/admin/users/1", *a, NULL);
            int want = w == NOBODY ? 303 : 404;
            if (got != want)
                fail_msg("POST /admin/users/1 %s as %s: %d, expected %d", *a, fx_who_names[w], got,
                         want);
            if (w != NOBODY)
                assert_int_equal(fx_denied(f), denied + 1);
        }
        int want = w == NOBODY ? 303 : 200;
        assert_int_equal(fx_request(f, (enum fx_who)w, "GET", "/account", NULL, NULL), want);
    }
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM app_user WHERE disabled = 0"), users);
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM app_user WHERE role = 'admin'"), 1);
    assert_int_equal(fx_rows(f, "password_reset"), 0);
    /* the admin's own: refused */
    assert_int_equal(fx_request(f, ADMIN, "POST", "/admin/users/1", "action=disable", NULL), 400);
    /* a link made for the practice user sets the practice user's password
     * only, once */
    assert_int_equal(fx_request(f, ADMIN, "POST", "/admin/users/5", "action=reset", NULL), 200);
    assert_int_equal(fx_rows(f, "password_reset"), 1);
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM password_reset WHERE user_id = 5 AND "
                                 "used_at IS NULL AND expires_at - created_at = 86400"),
                     1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_matrix, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_admin_routes, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_lists_filtered, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_canonical, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_account_routes, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests_name("permissions", tests, NULL, NULL);
}
