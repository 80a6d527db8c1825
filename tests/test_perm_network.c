/* The permissions matrix of the network's decisions: every decisions route,
 * page and API, read and write, by every role, on the role's own PCN and on
 * another, with the designed status; then the votes themselves.
 *
 *   read (the log, a decision, the API): whoever may read the PCN: admins,
 *     the PCN's ICB, its managers and clinical director, its member
 *     practices;
 *   change (meetings, decisions, actions, the rule, representatives,
 *     closing a vote): the PCN's managers and clinical director, admins;
 *   vote: a practice user for its own practice in its own PCN only; the
 *     PCN's managers and clinical director for any member (votes taken at
 *     a meeting); never an ICB user.
 * A refusal is a 404 written to the audit log that shows nothing of the
 * PCN, and a refused write changes no row; no response about one PCN holds
 * another PCN's decisions. */
#include "webfix.h"

#include "audit.h"
#include "nbhd.h"
#include "network.h"

/* Each role's own PCN and another one: the ICB's own is a PCN of QAA, its
 * other U20001 of QBB; the practice (A10003) is a member of U10002. */
static const struct {
    const char *own, *other;
} pcns[] = {
    [ADMIN] = {"U10001", "U10002"},    [ICB] = {"U10001", "U20001"},
    [MANAGER] = {"U10002", "U10001"},  [CD] = {"U10001", "U10002"},
    [PRACTICE] = {"U10002", "U10001"}, [NOBODY] = {"U10001", "U10002"},
};

static const char *const codes[3] = {"U10001", "U10002", "U20001"};
static const char *const secret[3] = {"NORTHDECISION", "SOUTHDECISION", "EASTDECISION"};
static int64_t decision_of[3];

static int pcn_index(const char *pcn)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(codes[i], pcn) == 0)
            return i;
    return -1;
}

static bool may_read(enum fx_who w, bool own)
{
    return w == ADMIN || (w != NOBODY && own);
}

static bool may_write(enum fx_who w, bool own)
{
    return w == ADMIN || ((w == MANAGER || w == CD) && own);
}

struct route {
    const char *method;
    const char *fmt; /* %s: the PCN; %" PRId64 ": its decision */
    bool api, write;
    int status; /* for a user allowed: what this request gets */
    bool vote;  /* a vote with an empty form: practices and writers only */
};

static const struct route routes[] = {
    {"GET", "/pcn/%s/decisions", false, false, 200, false},
    {"GET", "/pcn/%s/decisions/%" PRId64, false, false, 200, false},
    {"GET", "/api/v1/pcns/%s/decisions", true, false, 200, false},
    {"GET", "/api/v1/pcns/%s/decisions/%" PRId64, true, false, 200, false},
    {"POST", "/pcn/%s/decisions", false, true, 400, false},
    {"POST", "/pcn/%s/decisions/999/close", false, true, 404, false},
    {"POST", "/pcn/%s/decisions/%" PRId64 "/vote", false, false, 400, true},
    {"POST", "/api/v1/pcns/%s/decisions/%" PRId64 "/vote", true, false, 400, true},
    {"GET", "/pcn/%s/neighbourhood", false, false, 200, false},
    {"GET", "/api/v1/pcns/%s/neighbourhood", true, false, 200, false},
    {"POST", "/pcn/%s/neighbourhood", false, true, 400, false},
};

static int64_t network_rows(struct webfix *f)
{
    return fx_count(f,
                    "SELECT (SELECT COUNT(*) FROM network_board) + (SELECT COUNT(*) FROM "
                    "network_rep) * 7 + (SELECT COUNT(*) FROM network_meeting) * 31 + "
                    "(SELECT COUNT(*) FROM network_decision) * 131 + (SELECT COUNT(*) FROM "
                    "network_vote WHERE choice <> '') * 1031 + (SELECT COUNT(*) FROM "
                    "network_decision WHERE closed = 1) * 10031 + (SELECT COUNT(*) FROM "
                    "network_action) * 100031 + (SELECT COUNT(*) FROM nbhd_partner) * 1000031 + "
                    "(SELECT COUNT(*) FROM nbhd_lead) * 3 + (SELECT COUNT(*) FROM nbhd_footprint) "
                    "* 5 + (SELECT COUNT(*) FROM nbhd_component) * 11 + (SELECT COUNT(*) FROM "
                    "nbhd_contract) * 13 + (SELECT COUNT(*) FROM nbhd_stakeholder) * 17");
}

/* The API tokens (fx_api_tokens), and a meeting and a decision in each PCN,
 * named with its secret. */
static void seed(struct webfix *f)
{
    fx_api_tokens(f);
    struct pcn_msg m = {0};
    for (int k = 0; k < 3; k++) {
        struct desk_actor w = {.ip = "test", .now = f->now};
        struct desk_errs e = {0};
        struct network_meeting mt = {
            .date = date_from_ymd(2026, 11, 20), .title = secret[k], .agenda = secret[k]};
        struct network_action a = {
            .what = secret[k], .owner = secret[k], .due = date_from_ymd(2026, 11, 30)};
        int64_t mid;
        if (network_meeting_add(f->db, &w, codes[k], &mt, date_from_ymd(2026, 11, 23), &mid, &e,
                                &m) ||
            network_decision_add(f->db, &w, codes[k], mid, secret[k], secret[k], &decision_of[k],
                                 &e, &m) ||
            network_action_add(f->db, &w, codes[k], &a, date_from_ymd(2026, 11, 23), NULL, &e, &m))
            fail_msg("seed %s: %s", codes[k], m.text);
        /* the neighbourhood page shows the PCN's partner (named with the
         * secret too) */
        struct nbhd_partner np = {.name = secret[k], .kind = NK_VCSE, .ods_code = "", .notes = ""};
        if (nbhd_save_partner(f->db, &w, codes[k], &np, NULL, &e, &m))
            fail_msg("seed %s: %s", codes[k], m.text);
    }
}

/* One route as w on its own PCN or the other: the status, the refusal
 * audited, nothing written by a POST, no other PCN's decisions, and an
 * allowed page showing the PCN's own. */
static void matrix_cell(struct webfix *f, size_t ri, enum fx_who w, bool own)
{
    const struct route *rt = &routes[ri];
    const char *pcn = own ? pcns[w].own : pcns[w].other;
    int k = pcn_index(pcn);
    char path[160];
    if (strstr(rt->fmt, PRId64))
        snprintf(path, sizeof path, rt->fmt, pcn, decision_of[k]);
    else
        snprintf(path, sizeof path, rt->fmt, pcn);
    bool post = strcmp(rt->method, "POST") == 0;
    bool allowed = rt->write  ? may_write(w, own)
                   : rt->vote ? may_write(w, own) || (w == PRACTICE && own)
                              : may_read(w, own);
    int want = w == NOBODY ? (rt->api ? 401 : 303) : allowed ? rt->status : 404;
    int64_t rows = network_rows(f);
    char *body;
    bool refused = w != NOBODY && !allowed;
    fx_matrix_send(f, w, rt->method, path, rt->api, want, refused, &body);
    if (post && network_rows(f) != rows)
        fail_msg("%s %s as %s: the decisions changed", rt->method, path, fx_who_names[w]);
    for (int o = 0; o < 3; o++)
        if (o != k && strstr(body, secret[o]))
            fail_msg("%s %s as %s: shows another PCN's %s", rt->method, path, fx_who_names[w],
                     secret[o]);
    if ((refused || w == NOBODY) && strstr(body, secret[k]))
        fail_msg("%s %s as %s: a refusal shows %s", rt->method, path, fx_who_names[w], secret[k]);
    if (allowed && !post && !strstr(body, secret[k]))
        fail_msg("%s %s as %s: the PCN's own decision is not shown", rt->method, path,
                 fx_who_names[w]);
    free(body);
}

static void test_matrix(void **state)
{
    struct webfix *f = *state;
    seed(f);
    fx_matrix_cells(f, sizeof routes / sizeof *routes, matrix_cell);
}

/* The votes: who may record which practice's vote where. */
static void test_votes(void **state)
{
    struct webfix *f = *state;
    seed(f);
    static const struct {
        enum fx_who w;
        int k; /* whose decision: 0 U10001, 1 U10002, 2 U20001 */
        bool api;
        const char *form; /* urlencoded or JSON */
        int status;
        const char *audit; /* the newest audit entry's action (a 400 writes none) */
        int votes;         /* votes recorded on that decision after */
    } cases[] = {
        /* the practice user (A10003, a member of U10002) */
        {PRACTICE, 1, false, "form=vote&vote_practice=A10003&vote_choice=for", 303, "network-vote",
         1},
        {PRACTICE, 1, false, "form=vote&vote_practice=A10005&vote_choice=for", 404, "denied", 1},
        {PRACTICE, 1, false, "form=vote&vote_practice=A10003&vote_choice=maybe", 400, "denied", 1},
        {PRACTICE, 0, false, "form=vote&vote_practice=A10001&vote_choice=for", 404, "denied", 0},
        {PRACTICE, 0, false, "form=vote&vote_practice=A10003&vote_choice=for", 404, "denied", 0},
        {PRACTICE, 1, true, "{\"practice\": \"A10003\", \"vote\": \"against\"}", 200,
         "network-vote", 1},
        {PRACTICE, 1, true, "{\"practice\": \"A10005\", \"vote\": \"against\"}", 404, "denied", 1},
        /* the ICB reads its PCNs' decisions and never votes */
        {ICB, 0, false, "form=vote&vote_practice=A10001&vote_choice=for", 404, "denied", 0},
        {ICB, 1, true, "{\"practice\": \"A10003\", \"vote\": \"for\"}", 404, "denied", 1},
        /* the clinical director records the votes taken at a meeting */
        {CD, 0, false, "form=vote&vote_practice=A10001&vote_choice=for", 303, "network-vote", 1},
        {CD, 0, false, "form=vote&vote_practice=A10004&vote_choice=against", 303, "network-vote",
         2},
        {CD, 0, false, "form=vote&vote_practice=A10003&vote_choice=for", 400, "network-vote", 2},
        {CD, 1, false, "form=vote&vote_practice=A10003&vote_choice=for", 404, "denied", 1},
        {MANAGER, 1, false, "form=vote&vote_practice=A10005&vote_choice=abstain", 303,
         "network-vote", 2},
        {ADMIN, 2, false, "form=vote&vote_practice=B20001&vote_choice=for", 303, "network-vote", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char path[128], sql[160];
        snprintf(path, sizeof path, "%s/pcns/%s/decisions/%" PRId64 "/vote",
                 cases[i].api ? "/api/v1" : "", codes[cases[i].k], decision_of[cases[i].k]);
        if (!cases[i].api)
            snprintf(path, sizeof path, "/pcn/%s/decisions/%" PRId64 "/vote", codes[cases[i].k],
                     decision_of[cases[i].k]);
        char *body;
        int st = fx_send(f, cases[i].w, "POST", path, cases[i].api, cases[i].form, &body);
        if (st != cases[i].status)
            fail_msg("case %zu: %s as %s: %d, expected %d\n%.600s", i, path,
                     fx_who_names[cases[i].w], st, cases[i].status, body);
        const char *action;
        fx_last_audit(f, &f->a, &action);
        if (strcmp(action, cases[i].audit) != 0)
            fail_msg("case %zu: audited %s, expected %s", i, action, cases[i].audit);
        snprintf(sql, sizeof sql,
                 "SELECT COUNT(*) FROM network_vote WHERE decision_id = %" PRId64
                 " AND choice <> ''",
                 decision_of[cases[i].k]);
        if (fx_count(f, sql) != cases[i].votes)
            fail_msg("case %zu: %" PRId64 " votes, expected %d", i, fx_count(f, sql),
                     cases[i].votes);
        if (st == 400 && !cases[i].api && !strstr(body, "nhsuk-error-summary"))
            fail_msg("case %zu: no error summary", i);
        /* each problem once in the summary */
        const char *first = strstr(body, "<a href=\"#vote_choice\">");
        if (first && strstr(first + 1, "<a href=\"#vote_choice\">"))
            fail_msg("case %zu: the vote's problem is listed twice", i);
        free(body);
    }
    /* The vote form is offered to the practice for its own practice only,
     * and never to the ICB. */
    char *body, path[96];
    snprintf(path, sizeof path, "/pcn/U10002/decisions/%" PRId64, decision_of[1]);
    assert_int_equal(fx_send(f, PRACTICE, "GET", path, false, NULL, &body), 200);
    assert_contains(body, "Your practice&#39;s vote");
    assert_contains(body, "name=\"vote_practice\" value=\"A10003\"");
    if (strstr(body, "Close the vote"))
        fail_msg("the practice is offered to close the vote");
    free(body);
    snprintf(path, sizeof path, "/pcn/U10001/decisions/%" PRId64, decision_of[0]);
    assert_int_equal(fx_send(f, ICB, "GET", path, false, NULL, &body), 200);
    if (strstr(body, "Record the vote") || strstr(body, "Close the vote"))
        fail_msg("the ICB is offered a vote");
    assert_contains(body, secret[0]);
    free(body);
    assert_int_equal(fx_send(f, ICB, "GET", "/pcn/U10001/decisions", false, NULL, &body), 200);
    if (strstr(body, "Record the board"))
        fail_msg("the ICB is offered the board's forms");
    free(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_matrix, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_votes, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests_name("network decisions permissions", tests, NULL, NULL);
}
