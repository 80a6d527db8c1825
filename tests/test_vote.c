/* The Network Agreement's voting rule (vote.h) as a table: one practice one
 * vote and weighted by list size, simple majority and two thirds, a tie
 * with and without the chair's casting vote, a missing quorum, a list size
 * not known, everyone abstaining, and the words of each explanation. */
#include "testutil.h"

#include "vote.h"

#define F VOTE_FOR
#define A VOTE_AGAINST
#define S VOTE_ABSTAIN
#define N VOTE_NONE

/* Four member practices and their list sizes. */
static const char *const codes[] = {"A10001", "A10002", "A10003", "A10004"};

struct row {
    const char *name;
    struct vote_policy rule;
    int64_t lists[4];
    enum vote_choice votes[4];
    enum vote_choice casting;
    struct {
        enum vote_result result;
        long voted, quorum_needed;
        int64_t w_for, w_against;
    } want;
    const char *says; /* a piece of the explanation */
};

static const struct row rows[] = {
    /* one practice one vote, simple majority, quorum half */
    {"one each: 3 for 1 against",
     {VOTE_ONE_EACH, {1, 2}, {1, 2}, false, VOTE_TIE_FAILS},
     {5931, 3000, 8000, 2000},
     {F, F, F, A},
     N,
     {VOTE_CARRIED, 4, 2, 3, 1},
     "3 for, 1 against and 0 abstained. The motion needs more than 1/2 of the 4 votes for and "
     "against; 3 votes for is enough, so it is carried."},
    {"one each: 1 for 3 against",
     {VOTE_ONE_EACH, {1, 2}, {1, 2}, false, VOTE_TIE_FAILS},
     {5931, 3000, 8000, 2000},
     {F, A, A, A},
     N,
     {VOTE_NOT_CARRIED, 4, 2, 1, 3},
     "1 vote for is not enough, so it is not carried."},
    {"one each: a tie fails",
     {VOTE_ONE_EACH, {1, 2}, {1, 2}, false, VOTE_TIE_FAILS},
     {5931, 3000, 8000, 2000},
     {F, F, A, A},
     N,
     {VOTE_TIED, 4, 2, 2, 2},
     "The votes for and against are equal (2 votes each). Under the Network Agreement a tie "
     "does not carry the motion."},
    {"one each: a tie, the chair casts for",
     {VOTE_ONE_EACH, {1, 2}, {1, 2}, false, VOTE_TIE_CHAIR},
     {5931, 3000, 8000, 2000},
     {F, F, A, A},
     F,
     {VOTE_CARRIED, 4, 2, 2, 2},
     "The chair has a casting vote and cast it for, so the motion is carried."},
    {"one each: a tie, the chair casts against",
     {VOTE_ONE_EACH, {1, 2}, {1, 2}, false, VOTE_TIE_CHAIR},
     {5931, 3000, 8000, 2000},
     {F, A, N, N},
     A,
     {VOTE_NOT_CARRIED, 2, 2, 1, 1},
     "cast it against, so the motion is not carried."},
    {"one each: a tie, no casting vote yet",
     {VOTE_ONE_EACH, {1, 2}, {1, 2}, false, VOTE_TIE_CHAIR},
     {5931, 3000, 8000, 2000},
     {F, A, S, N},
     N,
     {VOTE_TIED, 3, 2, 1, 1},
     "none is recorded, so the motion is not carried unless the chair casts it for."},
    {"one each: no quorum (1 of 4, half needed)",
     {VOTE_ONE_EACH, {1, 2}, {1, 2}, false, VOTE_TIE_FAILS},
     {5931, 3000, 8000, 2000},
     {F, N, N, N},
     N,
     {VOTE_NO_QUORUM, 1, 2, 1, 0},
     "1 of the 4 member practices voted; the quorum is at least 2 (1/2 of the practices). The "
     "meeting was not quorate: 1 more practice had to take part, so no decision was made."},
    {"one each: quorum 3/4 missed by one",
     {VOTE_ONE_EACH, {3, 4}, {1, 2}, false, VOTE_TIE_FAILS},
     {5931, 3000, 8000, 2000},
     {F, F, N, N},
     N,
     {VOTE_NO_QUORUM, 2, 3, 2, 0},
     "1 more practice had to take part"},
    {"one each: quorum 2/3 of 4 is 3 (rounded up)",
     {VOTE_ONE_EACH, {2, 3}, {1, 2}, false, VOTE_TIE_FAILS},
     {5931, 3000, 8000, 2000},
     {F, F, S, N},
     N,
     {VOTE_CARRIED, 3, 3, 2, 0},
     "the quorum is at least 3 (2/3 of the practices)"},
    {"one each: abstentions count for the quorum only",
     {VOTE_ONE_EACH, {1, 1}, {1, 2}, false, VOTE_TIE_FAILS},
     {5931, 3000, 8000, 2000},
     {F, S, S, S},
     N,
     {VOTE_CARRIED, 4, 4, 1, 0},
     "1 for, 0 against and 3 abstained"},
    {"one each: everyone abstains",
     {VOTE_ONE_EACH, {1, 2}, {1, 2}, false, VOTE_TIE_FAILS},
     {5931, 3000, 8000, 2000},
     {S, S, S, N},
     N,
     {VOTE_NOT_CARRIED, 3, 2, 0, 0},
     "Every practice that voted abstained"},
    {"one each: two thirds, 2 of 3 is at least 2/3",
     {VOTE_ONE_EACH, {1, 2}, {2, 3}, true, VOTE_TIE_FAILS},
     {5931, 3000, 8000, 2000},
     {F, F, A, N},
     N,
     {VOTE_CARRIED, 3, 2, 2, 1},
     "needs at least 2/3 of the 3 votes"},
    {"one each: more than 2/3, 2 of 3 is not",
     {VOTE_ONE_EACH, {1, 2}, {2, 3}, false, VOTE_TIE_FAILS},
     {5931, 3000, 8000, 2000},
     {F, F, A, N},
     N,
     {VOTE_NOT_CARRIED, 3, 2, 2, 1},
     "2 votes for is not enough"},
    {"one each: two thirds, a tie is decided by the threshold",
     {VOTE_ONE_EACH, {1, 2}, {2, 3}, true, VOTE_TIE_CHAIR},
     {5931, 3000, 8000, 2000},
     {F, A, N, N},
     F,
     {VOTE_NOT_CARRIED, 2, 2, 1, 1},
     "1 vote for is not enough"},
    {"nobody has voted",
     {VOTE_ONE_EACH, {1, 2}, {1, 2}, false, VOTE_TIE_FAILS},
     {5931, 3000, 8000, 2000},
     {N, N, N, N},
     N,
     {VOTE_OPEN, 0, 2, 0, 0},
     "No practice has voted yet. The quorum is at least 2 of the 4 member practices."},
    /* weighted by list size */
    {"list size: the two big practices carry it",
     {VOTE_LIST_SIZE, {1, 2}, {1, 2}, false, VOTE_TIE_FAILS},
     {5931, 3000, 8000, 2000},
     {F, A, F, A},
     N,
     {VOTE_CARRIED, 4, 2, 13931, 5000},
     "For: 2 practices with 13,931 patients; against: 2 practices with 5,000 patients; "
     "abstained: 0 practices with 0 patients. The motion needs more than 1/2 of the 18,931 "
     "patients for and against; 13,931 patients for is enough, so it is carried."},
    {"list size: three small practices lose to one big",
     {VOTE_LIST_SIZE, {1, 2}, {1, 2}, false, VOTE_TIE_FAILS},
     {5931, 3000, 12000, 2000},
     {F, F, A, F},
     N,
     {VOTE_NOT_CARRIED, 4, 2, 10931, 12000},
     "10,931 patients for is not enough"},
    {"list size: the same votes one each carry it",
     {VOTE_ONE_EACH, {1, 2}, {1, 2}, false, VOTE_TIE_FAILS},
     {5931, 3000, 12000, 2000},
     {F, F, A, F},
     N,
     {VOTE_CARRIED, 4, 2, 3, 1},
     "3 votes for is enough"},
    {"list size: an exact tie of patients",
     {VOTE_LIST_SIZE, {1, 2}, {1, 2}, false, VOTE_TIE_FAILS},
     {5000, 3000, 8000, 0},
     {F, F, A, N},
     N,
     {VOTE_TIED, 3, 2, 8000, 8000},
     "The votes for and against are equal (8,000 patients each). Under the Network Agreement a "
     "tie does not carry the motion."},
    {"list size: a tie, the chair casts for",
     {VOTE_LIST_SIZE, {1, 2}, {1, 2}, false, VOTE_TIE_CHAIR},
     {5000, 3000, 8000, 0},
     {F, F, A, N},
     F,
     {VOTE_CARRIED, 3, 2, 8000, 8000},
     "cast it for, so the motion is carried."},
    {"list size: one patient over half",
     {VOTE_LIST_SIZE, {1, 2}, {1, 2}, false, VOTE_TIE_FAILS},
     {5001, 3000, 8000, 0},
     {F, F, A, N},
     N,
     {VOTE_CARRIED, 3, 2, 8001, 8000},
     "8,001 patients for is enough"},
    {"list size: exactly two thirds at least",
     {VOTE_LIST_SIZE, {1, 2}, {2, 3}, true, VOTE_TIE_FAILS},
     {4000, 2000, 3000, 0},
     {F, A, N, N},
     N,
     {VOTE_CARRIED, 2, 2, 4000, 2000},
     "needs at least 2/3 of the 6,000 patients"},
    {"list size: one patient short of two thirds",
     {VOTE_LIST_SIZE, {1, 2}, {2, 3}, true, VOTE_TIE_FAILS},
     {3999, 2000, 3000, 0},
     {F, A, N, N},
     N,
     {VOTE_NOT_CARRIED, 2, 2, 3999, 2000},
     "3,999 patients for is not enough"},
    {"list size: no quorum, whatever the patients",
     {VOTE_LIST_SIZE, {3, 4}, {1, 2}, false, VOTE_TIE_FAILS},
     {50000, 3000, 8000, 2000},
     {F, F, N, N},
     N,
     {VOTE_NO_QUORUM, 2, 3, 53000, 0},
     "The meeting was not quorate"},
    {"list size: a voter's list size not known",
     {VOTE_LIST_SIZE, {1, 2}, {1, 2}, false, VOTE_TIE_FAILS},
     {5931, -1, 8000, 2000},
     {F, A, F, N},
     N,
     {VOTE_NOT_KNOWN, 3, 2, 13931, 0},
     "the list size of A10002 is not known"},
    {"list size: a non-voter's list size does not matter",
     {VOTE_LIST_SIZE, {1, 2}, {1, 2}, false, VOTE_TIE_FAILS},
     {5931, -1, 8000, 2000},
     {F, N, F, A},
     N,
     {VOTE_CARRIED, 3, 2, 13931, 2000},
     "13,931 patients for is enough"},
};

static void test_table(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        const struct row *r = &rows[i];
        struct vote_policy p = r->rule;
        const char *why;
        if (!vote_policy_check(&p, &why))
            fail_msg("%s: policy refused: %s", r->name, why);
        struct vote_ballot b[4];
        for (int k = 0; k < 4; k++)
            b[k] = (struct vote_ballot){codes[k], r->lists[k], r->votes[k]};
        struct vote_tally t;
        vote_count(&p, b, 4, r->casting, &a, &t);
        if (t.result != r->want.result)
            fail_msg("%s: %s, expected %s (%s)", r->name, vote_result_label(t.result),
                     vote_result_label(r->want.result), t.explanation);
        if (t.voted != r->want.voted || t.quorum_needed != r->want.quorum_needed ||
            (t.result != VOTE_NO_QUORUM && t.result != VOTE_NOT_KNOWN &&
             (t.w_for != r->want.w_for || t.w_against != r->want.w_against)))
            fail_msg("%s: voted %ld quorum %ld for %" PRId64 " against %" PRId64, r->name, t.voted,
                     t.quorum_needed, t.w_for, t.w_against);
        if (!strstr(t.explanation, r->says))
            fail_msg("%s: the explanation \"%s\" lacks \"%s\"", r->name, t.explanation, r->says);
        assert_int_equal(t.carried, r->want.result == VOTE_CARRIED);
        assert_int_equal(t.members, 4);
    }
    arena_release(&a);
}

/* Big list sizes do not overflow: the comparison is exact in 128 bits. */
static void test_exact(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct vote_policy p = {VOTE_LIST_SIZE, {0, 1}, {999, 1000}, false, VOTE_TIE_FAILS};
    struct vote_ballot b[2] = {{"A", INT64_MAX / 4, VOTE_FOR}, {"B", 1, VOTE_AGAINST}};
    struct vote_tally t;
    vote_count(&p, b, 2, VOTE_NONE, &a, &t);
    assert_int_equal(t.result, VOTE_CARRIED);
    b[1].list_size = INT64_MAX / 4 / 999 + 1; /* for is just under 999/1000 of the total */
    vote_count(&p, b, 2, VOTE_NONE, &a, &t);
    assert_int_equal(t.result, VOTE_NOT_CARRIED);
    arena_release(&a);
}

static void test_policy_check(void **state)
{
    (void)state;
    static const struct {
        struct vote_policy p;
        bool ok;
        const char *says;
    } cases[] = {
        {{VOTE_ONE_EACH, {1, 2}, {1, 2}, false, VOTE_TIE_FAILS}, true, NULL},
        {{VOTE_LIST_SIZE, {0, 1}, {1, 1}, true, VOTE_TIE_CHAIR}, true, NULL},
        {{VOTE_ONE_EACH, {3, 2}, {1, 2}, false, VOTE_TIE_FAILS}, false, "quorum"},
        {{VOTE_ONE_EACH, {1, 0}, {1, 2}, false, VOTE_TIE_FAILS}, false, "quorum"},
        {{VOTE_ONE_EACH, {1, 2}, {0, 2}, false, VOTE_TIE_FAILS}, false, "share of votes"},
        {{VOTE_ONE_EACH, {1, 2}, {1, 1}, false, VOTE_TIE_FAILS}, false, "share of votes"},
        {{VOTE_ONE_EACH, {1, 2}, {1, 1001}, false, VOTE_TIE_FAILS}, false, "share of votes"},
        {{VOTE_WEIGHT_COUNT, {1, 2}, {1, 2}, false, VOTE_TIE_FAILS}, false, "weighed"},
        {{VOTE_ONE_EACH, {1, 2}, {1, 2}, false, VOTE_TIE_COUNT}, false, "tie"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *why = NULL;
        bool ok = vote_policy_check(&cases[i].p, &why);
        assert_int_equal(ok, cases[i].ok);
        if (!ok)
            assert_contains(why, cases[i].says);
    }
    static const struct {
        const char *s;
        int rc;
        int64_t num, den;
    } fr[] = {{"1/2", 0, 1, 2},  {"2/3", 0, 2, 3}, {"1", 0, 1, 1},      {"0", 0, 0, 1},
              {"1/0", -1, 0, 0}, {"/2", -1, 0, 0}, {"a/b", -1, 0, 0},   {"1/2/3", -1, 0, 0},
              {"0.5", -1, 0, 0}, {"", -1, 0, 0},   {"1/1001", -1, 0, 0}};
    for (size_t i = 0; i < sizeof fr / sizeof *fr; i++) {
        struct vote_frac f = {0, 0};
        int rc = vote_frac_parse(fr[i].s, &f);
        if (rc != fr[i].rc || (rc == 0 && (f.num != fr[i].num || f.den != fr[i].den)))
            fail_msg("\"%s\": rc %d %" PRId64 "/%" PRId64, fr[i].s, rc, f.num, f.den);
    }
    enum vote_result r;
    for (int i = 0; i < VOTE_RESULT_COUNT; i++) {
        assert_int_equal(vote_result_parse(vote_result_id((enum vote_result)i), &r), 0);
        assert_int_equal(r, i);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_exact),
        cmocka_unit_test(test_policy_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
