/* The network's decisions in the store (network.h), on the handler tests'
 * fixture store (tests/webfix.h: U10001 has A10001, 5,931 patients, and
 * A10004, 5,457, from July 2023; in January 2021 it had A10001 and A10002):
 * a decision recorded under each voting rule, with a tie, a casting vote
 * and a missing quorum, each result read back from the store; the voters
 * are the members on the meeting's date with their list sizes then; a
 * change of rule leaves past decisions alone; every change audited; bad
 * input refused with every problem and nothing written; one PCN's records
 * out of another's reach; and the actions due. */
#include "webfix.h"

#include "network.h"

static int64_t rows(struct webfix *f)
{
    return fx_count(f, "SELECT (SELECT COUNT(*) FROM network_board) + (SELECT COUNT(*) FROM "
                       "network_rep) * 10 + (SELECT COUNT(*) FROM network_meeting) * 100 + "
                       "(SELECT COUNT(*) FROM network_decision) * 1000 + (SELECT COUNT(*) FROM "
                       "network_vote WHERE choice <> '') * 10000 + (SELECT COUNT(*) FROM "
                       "network_action) * 100000 + (SELECT COUNT(*) FROM audit_log) * 1000000");
}

static int64_t meeting(struct webfix *f, const char *pcn, const char *date)
{
    struct desk_actor w = fx_actor(f, CD);
    struct desk_errs e = {0};
    struct pcn_msg m = {0};
    struct network_meeting mt = {
        .date = test_day(date), .title = "Network board", .agenda = "Rota"};
    int64_t id;
    if (network_meeting_add(f->db, &w, pcn, &mt, test_day("2026-11-23"), &id, &e, &m))
        fail_msg("meeting: %s", m.text);
    return id;
}

#define F VOTE_FOR
#define A VOTE_AGAINST
#define S VOTE_ABSTAIN
#define N VOTE_NONE

/* Each row: the PCN's rule when the decision is made, the votes of A10001
 * and A10004, a casting vote given when closing (N: closed without one, or
 * not closed when close is false), and the result read back. */
static const struct {
    const char *name;
    struct vote_policy rule;
    struct {
        enum vote_choice a10001, a10004;
    } votes;
    struct {
        bool close;
        enum vote_choice casting;
    } end;
    enum vote_result want;
    const char *says;
} cases[] = {
    {"one practice one vote: both for",
     {VOTE_ONE_EACH, {1, 2}, {1, 2}, false, VOTE_TIE_FAILS},
     {F, F},
     {false, N},
     VOTE_CARRIED,
     "2 for, 0 against and 0 abstained"},
    {"one practice one vote: a tie",
     {VOTE_ONE_EACH, {1, 2}, {1, 2}, false, VOTE_TIE_FAILS},
     {F, A},
     {false, N},
     VOTE_TIED,
     "Under the Network Agreement a tie does not carry the motion."},
    {"one practice one vote: a tie, the chair casts for",
     {VOTE_ONE_EACH, {1, 2}, {1, 2}, false, VOTE_TIE_CHAIR},
     {F, A},
     {true, F},
     VOTE_CARRIED,
     "cast it for, so the motion is carried"},
    {"one practice one vote: no quorum (all must take part)",
     {VOTE_ONE_EACH, {1, 1}, {1, 2}, false, VOTE_TIE_FAILS},
     {F, N},
     {true, N},
     VOTE_NO_QUORUM,
     "1 of the 2 member practices voted; the quorum is at least 2 (1/1 of the practices). The "
     "meeting was not quorate"},
    {"by list size: the same split carries it",
     {VOTE_LIST_SIZE, {1, 2}, {1, 2}, false, VOTE_TIE_FAILS},
     {F, A},
     {false, N},
     VOTE_CARRIED,
     "For: 1 practice with 5,931 patients; against: 1 practice with 5,457 patients"},
    {"by list size: two thirds needed",
     {VOTE_LIST_SIZE, {1, 2}, {2, 3}, true, VOTE_TIE_FAILS},
     {F, A},
     {false, N},
     VOTE_NOT_CARRIED,
     "needs at least 2/3 of the 11,388 patients for and against; 5,931 patients for is not "
     "enough"},
    {"by list size: no quorum",
     {VOTE_LIST_SIZE, {2, 2}, {1, 2}, false, VOTE_TIE_FAILS},
     {N, A},
     {false, N},
     VOTE_NO_QUORUM,
     "1 more practice had to take part"},
    {"by list size: an abstention",
     {VOTE_LIST_SIZE, {1, 2}, {1, 2}, false, VOTE_TIE_FAILS},
     {S, A},
     {false, N},
     VOTE_NOT_CARRIED,
     "5,457 patients"},
};

static void test_decisions(void **state)
{
    struct webfix *f = *state;
    struct pcn_msg m = {0};
    struct desk_actor w = fx_actor(f, CD);
    int64_t mt = meeting(f, "U10001", "2026-11-20");
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct desk_errs e = {0};
        int64_t id;
        if (network_board_set(f->db, &w, "U10001", &cases[i].rule, &e, &m) ||
            network_decision_add(f->db, &w, "U10001", mt, cases[i].name, "", &id, &e, &m))
            fail_msg("%s: %s", cases[i].name, m.text);
        if (cases[i].votes.a10001 != N &&
            network_vote(f->db, &w, "U10001", id, "A10001", cases[i].votes.a10001, &e, &m))
            fail_msg("%s: %s", cases[i].name, m.text);
        if (cases[i].votes.a10004 != N &&
            network_vote(f->db, &w, "U10001", id, "A10004", cases[i].votes.a10004, &e, &m))
            fail_msg("%s: %s", cases[i].name, m.text);
        if (cases[i].end.close &&
            network_decision_close(f->db, &w, "U10001", id, cases[i].end.casting, &e, &m))
            fail_msg("%s: close: %s %s", cases[i].name, m.text, e.n ? e.e[0].text : "");
        struct network_decision x;
        assert_int_equal(network_decision_get(f->db, "U10001", id, &f->a, &x, &m), 0);
        if (x.result != cases[i].want || !strstr(x.explanation, cases[i].says))
            fail_msg("%s: %s: %s", cases[i].name, vote_result_label(x.result), x.explanation);
        assert_int_equal(x.nvotes, 2);
        assert_string_equal(x.votes[0].practice, "A10001");
        assert_int_equal(x.votes[0].list_size, 5931);
        assert_int_equal(x.votes[1].list_size, 5457);
        assert_int_equal(x.closed, cases[i].end.close);
        const char *action, *detail;
        detail = fx_last_audit(f, &f->a, &action);
        assert_string_equal(action, cases[i].end.close ? "network-decision-close" : "network-vote");
        assert_contains(detail, "\"before\"");
        assert_contains(detail, vote_result_id(cases[i].want));
    }
    /* The log holds them all, and a later change of rule left each as it was. */
    struct network_decision *all;
    size_t n;
    assert_int_equal(network_decisions(f->db, "U10001", &f->a, &all, &n, &m), 0);
    assert_int_equal(n, sizeof cases / sizeof *cases);
    for (size_t i = 0; i < n; i++) {
        size_t k = n - 1 - i; /* newest first */
        assert_string_equal(all[i].title, cases[k].name);
        assert_int_equal(all[i].result, cases[k].want);
        assert_int_equal(all[i].policy.weight, cases[k].rule.weight);
        assert_int_equal(all[i].policy.threshold.den, cases[k].rule.threshold.den);
    }
}

/* Voters are the members on the meeting's date, with their list sizes then. */
static void test_voters_on_the_date(void **state)
{
    struct webfix *f = *state;
    struct pcn_msg m = {0};
    struct desk_errs e = {0};
    struct desk_actor w = fx_actor(f, CD);
    int64_t mt = meeting(f, "U10001", "2022-06-01"), id;
    assert_int_equal(network_decision_add(f->db, &w, "U10001", mt, "Old one", "", &id, &e, &m), 0);
    struct network_decision x;
    assert_int_equal(network_decision_get(f->db, "U10001", id, &f->a, &x, &m), 0);
    assert_int_equal(x.nvotes, 2);
    assert_string_equal(x.votes[0].practice, "A10001");
    assert_int_equal(x.votes[0].list_size, 3181); /* January 2021 */
    assert_string_equal(x.votes[1].practice, "A10002");
    /* A10004 was not a member then: its vote is refused, nothing written. */
    int64_t before = rows(f);
    assert_int_equal(network_vote(f->db, &w, "U10001", id, "A10004", VOTE_FOR, &e, &m), PCN_EINVAL);
    assert_int_equal(e.n, 1);
    assert_string_equal(e.e[0].field, "practice");
    assert_int_equal(rows(f), before);
}

/* Bad input: every problem at once, nothing written. */
static void test_bad_input(void **state)
{
    struct webfix *f = *state;
    struct pcn_msg m = {0};
    struct desk_actor w = fx_actor(f, CD);
    int64_t mt = meeting(f, "U10001", "2026-11-20"), id, before;
    struct {
        struct desk_errs e;
    } r = {0};

    before = rows(f);
    struct network_meeting bad = {.date = test_day("2028-01-01"), .title = "  ", .agenda = ""};
    assert_int_equal(
        network_meeting_add(f->db, &w, "U10001", &bad, test_day("2026-11-23"), &id, &r.e, &m),
        PCN_EINVAL);
    assert_int_equal(r.e.n, 2);
    assert_string_equal(r.e.e[0].field, "date");
    assert_contains(r.e.e[0].text, "The date of the meeting must be on or before");
    assert_string_equal(r.e.e[1].field, "title");
    assert_int_equal(rows(f), before);

    memset(&r, 0, sizeof r);
    assert_int_equal(network_decision_add(f->db, &w, "U10001", 9999, "", "", &id, &r.e, &m),
                     PCN_EINVAL);
    assert_int_equal(r.e.n, 2);
    assert_string_equal(r.e.e[0].field, "meeting");
    assert_string_equal(r.e.e[1].field, "title");
    /* another PCN's meeting is not this PCN's */
    int64_t south = meeting(f, "U10002", "2026-11-20");
    before = rows(f);
    memset(&r, 0, sizeof r);
    assert_int_equal(network_decision_add(f->db, &w, "U10001", south, "X", "", &id, &r.e, &m),
                     PCN_EINVAL);
    assert_string_equal(r.e.e[0].field, "meeting");
    assert_int_equal(rows(f), before);

    /* a meeting before the registry knew the PCN: nobody could vote */
    int64_t early = meeting(f, "U10001", "2019-08-01");
    before = rows(f);
    memset(&r, 0, sizeof r);
    assert_int_equal(network_decision_add(f->db, &w, "U10001", early, "X", "", &id, &r.e, &m),
                     PCN_EINVAL);
    assert_string_equal(r.e.e[0].field, "meeting");
    assert_contains(r.e.e[0].text, "no member practices on the date of this meeting");
    assert_int_equal(rows(f), before);

    memset(&r, 0, sizeof r);
    struct vote_policy p = {VOTE_ONE_EACH, {3, 2}, {1, 2}, false, VOTE_TIE_FAILS};
    assert_int_equal(network_board_set(f->db, &w, "U10001", &p, &r.e, &m), PCN_EINVAL);
    assert_string_equal(r.e.e[0].field, "quorum");
    assert_int_equal(rows(f), before);

    memset(&r, 0, sizeof r);
    struct network_action act = {.what = "", .owner = "", .due = DATE_NONE};
    assert_int_equal(
        network_action_add(f->db, &w, "U10001", &act, test_day("2026-11-23"), &id, &r.e, &m),
        PCN_EINVAL);
    assert_int_equal(r.e.n, 3);
    assert_int_equal(rows(f), before);

    memset(&r, 0, sizeof r);
    assert_int_equal(network_rep_set(f->db, &w, "U10001", "A10003", "Dr Hill", "",
                                     test_day("2026-11-23"), &r.e, &m),
                     PCN_EINVAL); /* a member of U10002, not U10001 */
    assert_string_equal(r.e.e[0].field, "practice");
    assert_int_equal(rows(f), before);

    /* A closed decision takes no more votes; a casting vote needs a tie and a chair. */
    memset(&r, 0, sizeof r);
    assert_int_equal(network_decision_add(f->db, &w, "U10001", mt, "Close me", "", &id, &r.e, &m),
                     0);
    assert_int_equal(network_vote(f->db, &w, "U10001", id, "A10001", VOTE_FOR, &r.e, &m), 0);
    assert_int_equal(network_decision_close(f->db, &w, "U10001", id, VOTE_FOR, &r.e, &m),
                     PCN_EINVAL);
    assert_string_equal(r.e.e[0].field, "casting");
    memset(&r, 0, sizeof r);
    assert_int_equal(network_decision_close(f->db, &w, "U10001", id, VOTE_NONE, &r.e, &m), 0);
    before = rows(f);
    assert_int_equal(network_vote(f->db, &w, "U10001", id, "A10004", VOTE_FOR, &r.e, &m),
                     PCN_EINVAL);
    assert_string_equal(r.e.e[0].field, "choice");
    assert_contains(r.e.e[0].text, "closed");
    assert_int_equal(rows(f), before);
    /* another PCN's decision does not exist for this one */
    memset(&r, 0, sizeof r);
    assert_int_equal(network_vote(f->db, &w, "U10002", id, "A10003", VOTE_FOR, &r.e, &m),
                     PCN_ENOTFOUND);
    assert_int_equal(rows(f), before);
}

/* Representatives, and a vote taken back. */
static void test_reps_and_take_back(void **state)
{
    struct webfix *f = *state;
    struct pcn_msg m = {0};
    struct desk_errs e = {0};
    struct desk_actor w = fx_actor(f, CD);
    assert_int_equal(network_rep_set(f->db, &w, "U10001", "A10004", "Dr Vale", "GP partner",
                                     test_day("2026-11-23"), &e, &m),
                     0);
    const char *action, *detail;
    detail = fx_last_audit(f, &f->a, &action);
    assert_string_equal(action, "network-rep-set");
    assert_contains(detail, "Dr Vale");
    struct network_member *mem;
    size_t n;
    assert_int_equal(network_members(f->db, "U10001", test_day("2026-11-23"), &f->a, &mem, &n, &m),
                     0);
    assert_int_equal(n, 2);
    assert_string_equal(mem[1].rep_name, "Dr Vale");
    assert_string_equal(mem[0].rep_name, "");
    assert_int_equal(
        network_rep_set(f->db, &w, "U10001", "A10004", "", "", test_day("2026-11-23"), &e, &m), 0);
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM network_rep"), 0);

    int64_t mt = meeting(f, "U10001", "2026-11-20"), id;
    assert_int_equal(network_decision_add(f->db, &w, "U10001", mt, "T", "", &id, &e, &m), 0);
    assert_int_equal(network_vote(f->db, &w, "U10001", id, "A10001", VOTE_FOR, &e, &m), 0);
    assert_int_equal(network_vote(f->db, &w, "U10001", id, "A10001", VOTE_NONE, &e, &m), 0);
    struct network_decision x;
    assert_int_equal(network_decision_get(f->db, "U10001", id, &f->a, &x, &m), 0);
    assert_int_equal(x.result, VOTE_OPEN);
    assert_string_equal(x.votes[0].recorded_by, "");
}

static void test_actions_due(void **state)
{
    struct webfix *f = *state;
    struct pcn_msg m = {0};
    struct desk_actor w = fx_actor(f, CD);
    static const struct {
        const char *pcn, *what, *due;
    } acts[] = {
        {"U10001", "Overdue", "2026-11-20"},      {"U10001", "Today", "2026-11-23"},
        {"U10001", "In a week", "2026-11-30"},    {"U10001", "Later", "2026-12-20"},
        {"U10001", "Done already", "2026-11-21"}, {"U10002", "Another PCN's", "2026-11-20"},
    };
    int64_t ids[6];
    for (size_t i = 0; i < 6; i++) {
        struct desk_errs e = {0};
        struct network_action x = {
            .what = acts[i].what, .owner = "Practice manager", .due = test_day(acts[i].due)};
        if (network_action_add(f->db, &w, acts[i].pcn, &x, test_day("2026-11-23"), &ids[i], &e, &m))
            fail_msg("%s: %s", acts[i].what, m.text);
    }
    assert_int_equal(network_action_done(f->db, &w, "U10001", ids[4], test_day("2026-11-22"), &m),
                     0);
    assert_int_equal(network_action_done(f->db, &w, "U10001", ids[4], test_day("2026-11-22"), &m),
                     PCN_EINVAL);
    assert_int_equal(network_action_done(f->db, &w, "U10001", ids[5], test_day("2026-11-22"), &m),
                     PCN_ENOTFOUND);
    struct network_action *v;
    size_t n;
    assert_int_equal(
        network_actions_due(f->db, "U10001", test_day("2026-11-23"), 7, &f->a, &v, &n, &m), 0);
    assert_int_equal(n, 3);
    assert_string_equal(v[0].what, "Overdue");
    assert_string_equal(v[1].what, "Today");
    assert_string_equal(v[2].what, "In a week");
    assert_int_equal(
        network_actions_due(f->db, "U10001", test_day("2026-11-23"), 0, &f->a, &v, &n, &m), 0);
    assert_int_equal(n, 2);
    assert_int_equal(
        network_actions_due(f->db, "U10002", test_day("2026-11-23"), 0, &f->a, &v, &n, &m), 0);
    assert_int_equal(n, 1);
    assert_string_equal(v[0].what, "Another PCN's");
    /* the list: open first by due date, then done */
    assert_int_equal(network_actions(f->db, "U10001", NETWORK_BOARD, &f->a, &v, &n, &m), 0);
    assert_int_equal(n, 5);
    assert_string_equal(v[0].what, "Overdue");
    assert_string_equal(v[3].what, "Later");
    assert_string_equal(v[4].what, "Done already");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_decisions, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_voters_on_the_date, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bad_input, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_reps_and_take_back, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_actions_due, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
