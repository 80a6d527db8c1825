/* The permissions matrix of the clinical director's desk: every desk route,
 * page and API, read and write, by every role, on the role's own PCN and on
 * another, with the designed status.  The desk is stricter than the PCN
 * page: only the PCN's clinical director and PCN managers, and admins.  A
 * refusal is a 404 that is written to the audit log and shows nothing of
 * the other PCN; a refused write changes nothing; and no response about one
 * PCN ever holds another PCN's desk data. */
#include "webfix.h"

#include "audit.h"
#include "deskdb.h"

/* Each role's own PCN and another one.  The ICB's "own" is a PCN of its
 * ICB and the practice's is its own PCN: neither may see the desk. */
static const struct {
    const char *own, *other;
} pcns[] = {
    [ADMIN] = {"U10001", "U10002"},    [ICB] = {"U10001", "U10002"},
    [MANAGER] = {"U10002", "U10001"},  [CD] = {"U10001", "U10002"},
    [PRACTICE] = {"U10002", "U10001"}, [NOBODY] = {"U10001", "U10002"},
};

/* Secrets kept on each PCN's desk: none may appear in the other's pages. */
static const char *const secret[2] = {"NORTHSECRET", "SOUTHSECRET"}; /* U10001, U10002 */

static int who_may(enum fx_who w, bool own)
{
    return w == ADMIN || ((w == MANAGER || w == CD) && own);
}

struct route {
    const char *method;
    const char *fmt; /* %s: the PCN */
    bool api;
    int own_status; /* for a user allowed: what an empty request gets */
};

static const struct route routes[] = {
    {"GET", "/pcn/%s/desk", false, 200},
    {"GET", "/pcn/%s/desk/time", false, 200},
    {"GET", "/pcn/%s/desk/time?view=month", false, 200},
    {"GET", "/pcn/%s/desk/time/funded", false, 200},
    {"GET", "/pcn/%s/desk/time/import", false, 200},
    {"GET", "/pcn/%s/desk/requests", false, 200},
    {"GET", "/pcn/%s/desk/requests/report", false, 200},
    {"GET", "/pcn/%s/desk/requests/report.csv", false, 200},
    {"GET", "/pcn/%s/desk/requests/report.xlsx", false, 200},
    {"GET", "/pcn/%s/desk/delegation", false, 200},
    {"GET", "/pcn/%s/desk/stakeholders", false, 200},
    {"GET", "/pcn/%s/desk/brief", false, 200},
    {"GET", "/pcn/%s/desk/brief.xlsx", false, 200},
    {"GET", "/pcn/%s/desk/supervision", false, 200},
    {"POST", "/pcn/%s/desk/time", false, 400},
    {"POST", "/pcn/%s/desk/time/funded", false, 400},
    {"POST", "/pcn/%s/desk/time/import", false, 400},
    {"POST", "/pcn/%s/desk/time/import/confirm", false, 400},
    {"POST", "/pcn/%s/desk/time/999/delete", false, 404},
    {"POST", "/pcn/%s/desk/requests", false, 400},
    {"POST", "/pcn/%s/desk/requests/999", false, 404},
    {"POST", "/pcn/%s/desk/delegation", false, 400},
    {"POST", "/pcn/%s/desk/stakeholders", false, 400},
    {"POST", "/pcn/%s/desk/engagements", false, 400},
    {"POST", "/pcn/%s/desk/engagements/999/done", false, 404},
    {"POST", "/pcn/%s/desk/supervision", false, 400},
    {"GET", "/api/v1/pcns/%s/desk", true, 200},
    {"GET", "/api/v1/pcns/%s/time", true, 200},
    {"GET", "/api/v1/pcns/%s/time/funded", true, 200},
    {"GET", "/api/v1/pcns/%s/requests", true, 200},
    {"GET", "/api/v1/pcns/%s/requests/report", true, 200},
    {"GET", "/api/v1/pcns/%s/delegation", true, 200},
    {"GET", "/api/v1/pcns/%s/stakeholders", true, 200},
    {"GET", "/api/v1/pcns/%s/brief", true, 200},
    {"GET", "/api/v1/pcns/%s/supervision", true, 200},
    {"POST", "/api/v1/pcns/%s/time", true, 400},
};

/* Every row of every desk table, as one number that changes with any write. */
static int64_t desk_rows(struct webfix *f)
{
    static const char *const tables[] = {
        "desk_funded_time",   "desk_stakeholder",    "desk_request",           "desk_activity",
        "desk_activity_link", "desk_responsibility", "desk_delegation",        "desk_engagement",
        "desk_supervision",   "desk_training",       "desk_supervision_policy"};
    int64_t sum = 0;
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
        char sql[96];
        snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", tables[i]);
        sum = sum * 31 + fx_count(f, sql);
    }
    return sum;
}

/* Each PCN's desk with its secret in every kind of record. */
static void seed(struct webfix *f)
{
    struct pcn_msg m = {0};
    for (int k = 0; k < 2; k++) {
        const char *pcn = k ? "U10002" : "U10001";
        struct desk_actor w = {.ip = "test", .now = f->now};
        struct desk_errs e = {0};
        int64_t sid, rid;
        struct desk_stakeholder s = {.name = secret[k],
                                     .organisation = secret[k],
                                     .kind = SH_ICB,
                                     .role_title = "",
                                     .influence = 5,
                                     .interest = 5,
                                     .notes = secret[k]};
        struct desk_request r = {.received = date_from_ymd(2026, 11, 2),
                                 .requester = secret[k],
                                 .organisation = secret[k],
                                 .what = secret[k],
                                 .due = DATE_NONE,
                                 .est_minutes = 60,
                                 .within = WITHIN_YES,
                                 .decision = DEC_DECLINE,
                                 .decided = DATE_NONE,
                                 .delegate_to = "",
                                 .decline_reason = DECLINE_OTHER,
                                 .decline_note = secret[k],
                                 .outcome = secret[k]};
        struct desk_activity a = {.date = date_from_ymd(2026, 11, 20),
                                  .minutes = 60,
                                  .cat = DC_PRACTICES,
                                  .meeting = true,
                                  .title = secret[k],
                                  .note = secret[k],
                                  .source = "test",
                                  .uid = ""};
        struct desk_engagement g = {.date = date_from_ymd(2026, 11, 2),
                                    .purpose = secret[k],
                                    .asks = secret[k],
                                    .commitments = secret[k],
                                    .follow_up_due = date_from_ymd(2026, 11, 10),
                                    .follow_up_done = DATE_NONE};
        if (deskdb_save_stakeholder(f->db, &w, pcn, &s, &sid, &e, &m) ||
            deskdb_save_request(f->db, &w, pcn, &r, date_from_ymd(2026, 11, 23), &rid, &e, &m) ||
            deskdb_add_activities(f->db, &w, pcn, &a, 1, date_from_ymd(2026, 11, 23),
                                  "desk-time-add", &f->a, NULL, &e, &m))
            fail_msg("seed %s: %s %s", pcn, m.text, e.n ? e.e[0].text : "");
        g.stakeholder_id = sid;
        int64_t resp;
        struct desk_delegation dl = {0, date_from_ymd(2026, 6, 1), secret[k], secret[k], 10, ""};
        if (deskdb_add_engagement(f->db, &w, pcn, &g, date_from_ymd(2026, 11, 23), NULL, &e, &m) ||
            deskdb_add_responsibility(f->db, &w, pcn, AREA_OWN, "", secret[k], &resp, &e, &m) ||
            deskdb_delegate(f->db, &w, pcn, resp, &dl, date_from_ymd(2026, 11, 23), &e, &m))
            fail_msg("seed %s: %s %s", pcn, m.text, e.n ? e.e[0].text : "");
    }
}

/* One route as w on its own PCN or the other: the status, the refusal
 * audited, nothing written by a POST, and no other PCN's desk data. */
static void matrix_cell(struct webfix *f, size_t ri, enum fx_who w, bool own)
{
    const struct route *rt = &routes[ri];
    const char *pcn = own ? pcns[w].own : pcns[w].other;
    char path[160];
    snprintf(path, sizeof path, rt->fmt, pcn);
    bool post = strcmp(rt->method, "POST") == 0;
    int want;
    if (w == NOBODY)
        want = rt->api ? 401 : 303;
    else if (who_may(w, own))
        want = rt->own_status;
    else
        want = 404;
    int64_t rows = desk_rows(f);
    char *body;
    bool refused = w != NOBODY && !who_may(w, own);
    fx_matrix_send(f, w, rt->method, path, rt->api, want, refused, &body);
    if (post && desk_rows(f) != rows)
        fail_msg("%s %s as %s: the desk changed", rt->method, path, fx_who_names[w]);
    /* no PCN's response holds the other PCN's desk data; a refusal
     * holds neither's */
    bool north = strcmp(pcn, "U10001") == 0;
    if (strstr(body, secret[north ? 1 : 0]))
        fail_msg("%s %s as %s: shows the other PCN's %s", rt->method, path, fx_who_names[w],
                 secret[north ? 1 : 0]);
    if ((refused || w == NOBODY) && strstr(body, secret[north ? 0 : 1]))
        fail_msg("%s %s as %s: a refusal shows %s", rt->method, path, fx_who_names[w],
                 secret[north ? 0 : 1]);
    free(body);
}

static void test_matrix(void **state)
{
    struct webfix *f = *state;
    fx_api_tokens(f);
    seed(f);
    fx_matrix_cells(f, sizeof routes / sizeof *routes, matrix_cell);
}

/* What an allowed user gets holds its own PCN's data: the matrix above would
 * pass if every page were empty. */
static void test_own_data_shown(void **state)
{
    struct webfix *f = *state;
    seed(f);
    static const struct {
        enum fx_who w;
        const char *path;
        int k; /* whose secret */
    } cases[] = {
        {CD, "/pcn/U10001/desk/time", 0},
        {CD, "/pcn/U10001/desk/requests", 0},
        {CD, "/pcn/U10001/desk/stakeholders", 0},
        {CD, "/pcn/U10001/desk/delegation", 0},
        {CD, "/api/v1/pcns/U10001/requests", 0},
        {MANAGER, "/pcn/U10002/desk/requests/report?from=2026-11-01&to=2026-11-30", 1},
        {MANAGER, "/pcn/U10002/desk/requests/report.csv?from=2026-11-01&to=2026-11-30", 1},
        {MANAGER, "/api/v1/pcns/U10002/stakeholders", 1},
        {ADMIN, "/pcn/U10002/desk/stakeholders", 1},
        {ADMIN, "/api/v1/pcns/U10001/time?from=2026-11-16&to=2026-11-22", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *body;
        int st = fx_send(f, cases[i].w, "GET", cases[i].path, false, NULL, &body);
        if (st != 200 || !strstr(body, secret[cases[i].k]) || strstr(body, secret[!cases[i].k]))
            fail_msg("%s as %s: status %d, own data %s, other's %s", cases[i].path,
                     fx_who_names[cases[i].w], st,
                     strstr(body, secret[cases[i].k]) ? "shown" : "missing",
                     strstr(body, secret[!cases[i].k]) ? "shown" : "not shown");
        free(body);
    }
}

/* The navigation offers the desk to its PCN's CD and managers only. */
static void test_navigation(void **state)
{
    struct webfix *f = *state;
    static const struct {
        enum fx_who w;
        const char *has, *lacks;
    } cases[] = {
        {CD, "href=\"/pcn/U10001/desk\"", "/pcn/U10002/desk"},
        {MANAGER, "href=\"/pcn/U10002/desk\"", "/pcn/U10001/desk"},
        {PRACTICE, NULL, "/desk\""},
        {ICB, NULL, "/desk\""},
        {ADMIN, NULL, "/desk\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *body;
        assert_int_equal(fx_send(f, cases[i].w, "GET", "/", false, NULL, &body), 200);
        if (cases[i].has && !strstr(body, cases[i].has))
            fail_msg("home as %s lacks %s", fx_who_names[cases[i].w], cases[i].has);
        if (strstr(body, cases[i].lacks))
            fail_msg("home as %s shows %s", fx_who_names[cases[i].w], cases[i].lacks);
        free(body);
    }
}

/* POST /api/v1/pcns/CODE/time with an API token: the activity as JSON, or
 * every problem; unknown keys and duplicate keys refused; nothing written
 * on a refusal. */
static void test_api_post(void **state)
{
    struct webfix *f = *state;
    struct arena a;
    struct pcn_msg m = {0};
    const char *tok;
    arena_init(&a, 0);
    if (auth_token_create(f->db, CD + 1, "api", f->now, 0, &a, &tok, &m))
        fail_msg("%s", m.text);
    static const struct {
        const char *body;
        int status;
        const char *has;
    } cases[] = {
        {"{\"date\":\"2026-11-20\",\"hours\":\"1:30\",\"category\":\"lmc\",\"title\":\"LMC "
         "liaison\"}",
         201, "\"minutes\":90,\"hours\":1.5,\"category\":\"lmc\",\"category_label\":\"LMC\""},
        {"{\"date\":\"2026-11-20\",\"minutes\":-5,\"category\":\"lmc\"}", 400,
         "\"errors\":[{\"field\":\"hours\",\"message\":\"Time spent must be more than 0\"}]"},
        {"{\"date\":\"2026-11-20\",\"minutes\":1400,\"category\":\"lmc\"}", 400,
         "would come to more than 24 hours: 1 hour 30 minutes is already logged that day"},
        {"{\"date\":\"20/11/2026\",\"minutes\":30,\"category\":\"meetings\"}", 400,
         "\"field\":\"category\""},
        {"{\"date\":\"2026-11-20\",\"minutes\":30,\"category\":\"lmc\",\"stakeholder_ids\":[77]}",
         400, "There is no stakeholder 77 in this PCN's register"},
        {"{\"date\":\"2026-11-20\",\"minutes\":30,\"category\":\"lmc\",\"colour\":\"red\"}", 400,
         "colour"},
        {"{\"date\":\"2026-11-20\",\"date\":\"2026-11-21\",\"minutes\":30,\"category\":\"lmc\"}",
         400, "duplicate"},
        {"not json", 400, "the body is not JSON"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int64_t before = fx_count(f, "SELECT COUNT(*) FROM desk_activity");
        struct http_req *q = fx_req(f, "POST", "/api/v1/pcns/U10001/time");
        struct http_resp r;
        fx_header(q, "Authorization", arena_printf(q->a, "Bearer %s", tok));
        fx_header(q, "Content-Type", "application/json");
        q->body = cases[i].body;
        q->body_len = strlen(cases[i].body);
        fx_run(f, q, &r);
        if (r.status != cases[i].status || !strstr(r.body.buf, cases[i].has))
            fail_msg("case %zu: %d %s", i, r.status, r.body.buf);
        int64_t after = fx_count(f, "SELECT COUNT(*) FROM desk_activity");
        if (after != before + (cases[i].status == 201))
            fail_msg("case %zu: %" PRId64 " activities, then %" PRId64, i, before, after);
        http_resp_release(&r);
        fx_req_free(q);
    }
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_matrix, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_own_data_shown, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_navigation, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_api_post, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests_name("desk permissions", tests, NULL, NULL);
}
