/* The clinical director's desk, its pure rules (desk.h), as tables, part
 * two (test_desk.c has the first): the checks of a request and the requests
 * report, follow-ups, delegation and the grid, supervision, and pending
 * calendar events in a form field. */
#include "testutil.h"

#include "arena.h"
#include "buf.h"
#include "desk.h"

/* ---- requests ----------------------------------------------------------- */

static void test_check_request(void **state)
{
    (void)state;
    date_t today = test_day("2026-11-23");
    struct desk_request ok = {.received = test_day("2026-11-02"),
                              .requester = "Sam Lee",
                              .organisation = "ICB",
                              .what = "Chair the access group",
                              .due = test_day("2026-12-01"),
                              .est_minutes = 240,
                              .within = WITHIN_YES,
                              .decision = DEC_PENDING,
                              .delegate_to = "",
                              .decline_note = "",
                              .outcome = ""};
    struct desk_errs e = {0};
    assert_true(desk_check_request(&ok, today, &e));

    struct {
        struct desk_request r;
        const char *field, *msg;
    } bad[9];
    for (int i = 0; i < 9; i++)
        bad[i].r = ok;
    bad[0].r.requester = " ";
    bad[0].field = "requester", bad[0].msg = "Enter who asked";
    bad[1].r.what = "";
    bad[1].field = "what", bad[1].msg = "Enter what they asked for";
    bad[2].r.due = test_day("2026-11-01");
    bad[2].field = "due",
    bad[2].msg = "The date it is needed by must be on or after the date it was asked";
    bad[3].r.decision = DEC_DELEGATE;
    bad[3].field = "delegate_to", bad[3].msg = "Enter the name of the lead it is delegated to";
    bad[4].r.decision = DEC_DECLINE;
    bad[4].field = "decline_reason", bad[4].msg = "Select why it was declined";
    bad[5].r.decision = DEC_DECLINE, bad[5].r.decline_reason = DECLINE_OTHER;
    bad[5].field = "decline_note", bad[5].msg = "Enter why it was declined";
    bad[6].r.est_minutes = 1000 * 60 + 1;
    bad[6].field = "hours", bad[6].msg = "The estimate must be 1,000 hours or less";
    bad[7].r.received = test_day("2019-01-01");
    bad[7].field = "received", bad[7].msg = "The date it was asked must be on or after 1 July 2019";
    bad[8].r.received = DATE_NONE;
    bad[8].field = "received", bad[8].msg = "Enter the date it was asked";
    for (int i = 0; i < 9; i++) {
        struct desk_errs x = {0};
        if (desk_check_request(&bad[i].r, today, &x) || strcmp(x.e[0].field, bad[i].field) ||
            strcmp(x.e[0].text, bad[i].msg))
            fail_msg("case %d: %s '%s'", i, x.n ? x.e[0].field : "-", x.n ? x.e[0].text : "");
    }
    /* Declined for another reason needs no words. */
    struct desk_request r = ok;
    r.decision = DEC_DECLINE;
    r.decline_reason = DECLINE_NO_CAPACITY;
    e.n = 0;
    assert_true(desk_check_request(&r, today, &e));
    /* Performance-managing practices is never within the role. */
    r.performance_management = true;
    r.within = WITHIN_YES;
    assert_int_equal(desk_request_within(&r), WITHIN_NO);
}

static void test_report(void **state)
{
    (void)state;
    struct desk_request r[] = {
        {.id = 1,
         .received = test_day("2026-10-01"),
         .organisation = "ICB",
         .est_minutes = 120,
         .within = WITHIN_YES,
         .decision = DEC_ACCEPT},
        {.id = 2,
         .received = test_day("2026-10-20"),
         .organisation = "ICB",
         .est_minutes = 600,
         .within = WITHIN_YES,
         .performance_management = true,
         .decision = DEC_DECLINE,
         .decline_reason = DECLINE_PERFORMANCE_MANAGEMENT},
        {.id = 3,
         .received = test_day("2026-10-05"),
         .organisation = "Council",
         .est_minutes = 60,
         .within = WITHIN_UNCLEAR,
         .decision = DEC_DECLINE,
         .decline_reason = DECLINE_NO_CAPACITY},
        {.id = 4,
         .received = test_day("2026-10-10"),
         .organisation = "",
         .est_minutes = -1,
         .within = WITHIN_YES,
         .decision = DEC_DELEGATE,
         .delegate_to = "PCN manager"},
        {.id = 5,
         .received = test_day("2026-10-31"),
         .organisation = "LMC",
         .est_minutes = 30,
         .within = WITHIN_NO,
         .decision = DEC_PENDING},
        {.id = 6,
         .received = test_day("2026-11-01"),
         .organisation = "ICB",
         .est_minutes = 999,
         .decision = DEC_ACCEPT}, /* after the period */
        {.id = 7,
         .received = test_day("2026-09-30"),
         .organisation = "ICB",
         .est_minutes = 999,
         .decision = DEC_ACCEPT}, /* before it */
    };
    struct arena a;
    struct desk_report rep;
    struct pcn_msg m = {0};
    arena_init(&a, 0);
    /* October 2026 at 9.375 hours a week: 31 days = 2,491,071 mmin (41.5 hours) */
    assert_int_equal(desk_report_build(r, 7, test_day("2026-10-01"), test_day("2026-10-31"),
                                       2491071, CONF_UNCONFIRMED, 1234, &a, &rep, &m),
                     0);
    assert_int_equal(rep.received, 5);
    assert_int_equal(rep.by_decision[DEC_ACCEPT], 1);
    assert_int_equal(rep.by_decision[DEC_DECLINE], 2);
    assert_int_equal(rep.by_decision[DEC_DELEGATE], 1);
    assert_int_equal(rep.by_decision[DEC_PENDING], 1);
    assert_int_equal(rep.est_total, 120 + 600 + 60 + 30);
    assert_int_equal(rep.not_estimated, 1);
    assert_int_equal(rep.outside_role, 2); /* 2 (performance management) and 5 */
    assert_int_equal(rep.unclear, 1);
    assert_int_equal(rep.performance_management, 1);
    assert_int_equal(rep.by_reason[DECLINE_PERFORMANCE_MANAGEMENT], 1);
    assert_int_equal(rep.by_reason[DECLINE_NO_CAPACITY], 1);
    assert_int_equal(rep.ndeclined, 2);
    assert_int_equal(rep.declined[0]->id, 3); /* by date received */
    assert_int_equal(rep.declined[1]->id, 2);
    assert_int_equal(rep.norgs, 4);
    assert_string_equal(rep.orgs[0].organisation, "ICB");
    assert_int_equal(rep.orgs[0].n, 2);
    assert_string_equal(rep.orgs[1].organisation, "Council"); /* then by name */
    assert_string_equal(rep.orgs[3].organisation, "Not given");
    /* 810 minutes asked against 2,491.071 funded minutes: 32.52% */
    assert_int_equal(rep.demand_bp, 3252);
    /* accepted 120 + pending 30 */
    assert_int_equal(rep.kept_bp, 602);
    assert_int_equal(rep.logged_minutes, 1234);
    /* funded time not known */
    assert_int_equal(desk_report_build(r, 7, test_day("2026-10-01"), test_day("2026-10-31"), -1,
                                       CONF_NONE, 0, &a, &rep, &m),
                     0);
    assert_int_equal(rep.demand_bp, -1);
    assert_false(rep.funded_known);
    assert_int_equal(desk_report_build(r, 7, test_day("2026-10-31"), test_day("2026-10-01"), -1,
                                       CONF_NONE, 0, &a, &rep, &m),
                     PCN_EINVAL);
    arena_release(&a);

    static const struct {
        const char *id;
        enum desk_decline r;
    } reasons[] = {{"outside_role", DECLINE_OUTSIDE_ROLE},
                   {"performance_management", DECLINE_PERFORMANCE_MANAGEMENT},
                   {"no_capacity", DECLINE_NO_CAPACITY},
                   {"other", DECLINE_OTHER}};
    for (size_t i = 0; i < sizeof reasons / sizeof *reasons; i++) {
        enum desk_decline d;
        assert_int_equal(desk_decline_parse(reasons[i].id, &d), 0);
        assert_int_equal(d, reasons[i].r);
        assert_string_equal(desk_decline_id(d), reasons[i].id);
    }
    enum desk_decline d;
    assert_int_equal(desk_decline_parse("", &d), PCN_EINVAL);
}

/* ---- follow-ups --------------------------------------------------------- */

static void test_followups(void **state)
{
    (void)state;
    date_t today = test_day("2026-11-23");
    static const struct {
        const char *due, *done;
        enum desk_followup want;
    } cases[] = {
        {NULL, NULL, FU_NONE},
        {"2026-11-22", NULL, FU_OVERDUE},
        {"2026-11-23", NULL, FU_DUE_TODAY},
        {"2026-11-24", NULL, FU_OPEN},
        {"2026-11-01", "2026-11-20", FU_DONE},
        {"2026-11-01", "2026-11-02", FU_DONE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct desk_engagement g = {
            .follow_up_due = cases[i].due ? test_day(cases[i].due) : DATE_NONE,
            .follow_up_done = cases[i].done ? test_day(cases[i].done) : DATE_NONE};
        if (desk_followup_state(&g, today) != cases[i].want)
            fail_msg("case %zu: %s", i, desk_followup_label(desk_followup_state(&g, today)));
    }
    assert_string_equal(desk_followup_label(FU_OVERDUE), "Overdue");

    /* overdue first, the longest overdue first; then newest first */
    struct desk_engagement g[] = {
        {.id = 1,
         .date = test_day("2026-11-20"),
         .follow_up_due = DATE_NONE,
         .follow_up_done = DATE_NONE},
        {.id = 2,
         .date = test_day("2026-10-01"),
         .follow_up_due = test_day("2026-11-10"),
         .follow_up_done = DATE_NONE},
        {.id = 3,
         .date = test_day("2026-11-21"),
         .follow_up_due = test_day("2026-11-30"),
         .follow_up_done = DATE_NONE},
        {.id = 4,
         .date = test_day("2026-09-01"),
         .follow_up_due = test_day("2026-09-10"),
         .follow_up_done = DATE_NONE},
        {.id = 5,
         .date = test_day("2026-11-22"),
         .follow_up_due = test_day("2026-11-01"),
         .follow_up_done = test_day("2026-11-01")},
    };
    desk_engagement_sort(g, 5, today);
    static const int64_t order[] = {4, 2, 5, 3, 1};
    for (int i = 0; i < 5; i++)
        if (g[i].id != order[i])
            fail_msg("position %d: %" PRId64 ", expected %" PRId64, i, g[i].id, order[i]);

    struct desk_engagement bad = {.date = test_day("2026-11-20"),
                                  .stakeholder_id = 0,
                                  .purpose = "",
                                  .asks = "",
                                  .commitments = "",
                                  .follow_up_due = test_day("2026-11-19"),
                                  .follow_up_done = DATE_NONE};
    struct desk_errs e = {0};
    assert_false(desk_check_engagement(&bad, today, &e));
    assert_string_equal(desk_errs_get(&e, "stakeholder"), "Select who it was with");
    assert_string_equal(desk_errs_get(&e, "purpose"), "Enter the purpose");
    assert_string_equal(desk_errs_get(&e, "follow_up"),
                        "The follow-up date must be on or after the date of the meeting");
}

/* ---- delegation and the grid -------------------------------------------- */

static void test_delegation(void **state)
{
    (void)state;
    struct desk_delegation h1[] = {
        {1, test_day("2026-04-01"), "A Manager", "PCN manager", 50, ""},
        {2, test_day("2026-09-01"), "A Manager", "PCN manager", 10, ""},
    };
    struct desk_delegation h2[] = {{3, test_day("2026-06-01"), "Dr Lead", "Clinical lead", 0, ""}};
    struct desk_responsibility r[] = {
        {1, AREA_ARRS_RECRUITMENT, "", "ARRS recruitment", h1, 2},
        {2, AREA_IIF, "", "IIF", h2, 1},
        {3, AREA_DIGITAL, "", "Digital", NULL, 0},
    };
    static const struct {
        const char *on;
        int a, b, c;
        int64_t avg_bp;
    } cases[] = {
        {"2026-03-31", 100, 100, 100, 10000},
        {"2026-04-01", 50, 100, 100, 8333},
        {"2026-06-01", 50, 0, 100, 5000},
        {"2026-12-01", 10, 0, 100, 3667},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        date_t d = test_day(cases[i].on);
        if (desk_cd_share_on(&r[0], d) != cases[i].a || desk_cd_share_on(&r[1], d) != cases[i].b ||
            desk_cd_share_on(&r[2], d) != cases[i].c ||
            desk_cd_share_avg_bp(r, 3, d) != cases[i].avg_bp)
            fail_msg("%s: %d %d %d avg %" PRId64, cases[i].on, desk_cd_share_on(&r[0], d),
                     desk_cd_share_on(&r[1], d), desk_cd_share_on(&r[2], d),
                     desk_cd_share_avg_bp(r, 3, d));
    }
    assert_int_equal(desk_cd_share_avg_bp(r, 0, test_day("2026-01-01")), -1);
    assert_null(desk_delegation_on(&r[0], test_day("2026-03-31")));
    assert_string_equal(desk_delegation_on(&r[0], test_day("2026-10-01"))->lead, "A Manager");

    static const struct {
        int inf, intr;
        enum desk_quadrant q;
    } grid[] = {{5, 5, Q_MANAGE_CLOSELY}, {4, 4, Q_MANAGE_CLOSELY}, {4, 3, Q_KEEP_SATISFIED},
                {3, 4, Q_KEEP_INFORMED},  {3, 3, Q_MONITOR},        {1, 1, Q_MONITOR}};
    for (size_t i = 0; i < sizeof grid / sizeof *grid; i++)
        assert_int_equal(desk_quadrant_of(grid[i].inf, grid[i].intr), grid[i].q);

    struct desk_stakeholder s = {.name = "",
                                 .organisation = "",
                                 .kind = SH_MP,
                                 .role_title = "",
                                 .influence = 0,
                                 .interest = 6,
                                 .notes = ""};
    struct desk_errs e = {0};
    assert_false(desk_check_stakeholder(&s, &e));
    assert_string_equal(desk_errs_get(&e, "name"), "Enter their name");
    assert_string_equal(desk_errs_get(&e, "influence"),
                        "Select their influence, from 1 (low) to 5 (high)");
    assert_string_equal(desk_errs_get(&e, "interest"),
                        "Select their interest, from 1 (low) to 5 (high)");
}

/* ---- supervision -------------------------------------------------------- */

static void test_supervision(void **state)
{
    (void)state;
    date_t today = test_day("2026-11-23");
    static const struct {
        const char *start;
        const char *sessions[3];
        int64_t max_days;
        enum desk_sup_state want;
        const char *last, *due;
        long n;
        int64_t days_over;
    } cases[] = {
        /* none yet: due max_days after the start */
        {"2026-11-01", {NULL}, 28, SUP_OK, NULL, "2026-11-29", 0, 0},
        {"2026-10-01", {NULL}, 28, SUP_OVERDUE, NULL, "2026-10-29", 0, 25},
        {"2026-10-26", {NULL}, 28, SUP_DUE_TODAY, NULL, "2026-11-23", 0, 0},
        /* from the last session, whatever the order they were given in */
        {"2026-01-01",
         {"2026-11-01", "2026-10-01", NULL},
         28,
         SUP_OK,
         "2026-11-01",
         "2026-11-29",
         2,
         0},
        {"2026-01-01",
         {"2026-09-01", "2026-10-24", NULL},
         28,
         SUP_OVERDUE,
         "2026-10-24",
         "2026-11-21",
         2,
         2},
        /* a session booked for later does not count yet */
        {"2026-01-01",
         {"2026-09-01", "2026-12-01", NULL},
         28,
         SUP_OVERDUE,
         "2026-09-01",
         "2026-09-29",
         1,
         55},
        /* no minimum known: nothing due */
        {"2026-01-01", {"2026-01-05", NULL}, -1, SUP_NO_MINIMUM, "2026-01-05", NULL, 1, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        date_t s[3];
        size_t n = 0;
        for (int k = 0; k < 3 && cases[i].sessions[k]; k++)
            s[n++] = test_day(cases[i].sessions[k]);
        struct desk_sup_status st;
        desk_sup_status(test_day(cases[i].start), s, n, cases[i].max_days, today, &st);
        if (st.state != cases[i].want || st.sessions != cases[i].n ||
            st.last != (cases[i].last ? test_day(cases[i].last) : DATE_NONE) ||
            st.due != (cases[i].due ? test_day(cases[i].due) : DATE_NONE) ||
            st.days_overdue != cases[i].days_over)
            fail_msg("case %zu: %s, %ld sessions, %" PRId64 " days over", i,
                     desk_sup_label(st.state), st.sessions, st.days_overdue);
    }
    assert_string_equal(desk_sup_label(SUP_OVERDUE), "Overdue");
    assert_string_equal(desk_sup_id(SUP_NO_MINIMUM), "no_minimum");
}

/* ---- pending calendar events in a form field ---------------------------- */

static void test_pending(void **state)
{
    (void)state;
    struct desk_pending in[] = {
        {test_day("2026-11-23"), 90, "abc@google.com", "ICB board; 100% \"agenda\" | notes"},
        {test_day("2026-11-24"), 1, "", "Caf\xC3\xA9 with the LMC"},
    };
    struct buf b;
    struct arena a;
    struct desk_pending *out;
    size_t n;
    buf_init(&b, 4096);
    arena_init(&a, 0);
    assert_int_equal(desk_pending_encode(&b, in, 2), 0);
    assert_string_equal(b.buf, "2026-11-23;90;abc@google.com;ICB board%3B 100%25 %22agenda%22 "
                               "%7C notes|2026-11-24;1;;Caf%C3%A9 with the LMC");
    assert_int_equal(desk_pending_decode(b.buf, &a, 10, &out, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(out[0].title, in[0].title);
    assert_string_equal(out[1].title, in[1].title);
    assert_int_equal(out[1].minutes, 1);
    /* at most max, and anything malformed is refused */
    assert_int_equal(desk_pending_decode(b.buf, &a, 1, &out, &n), PCN_EINVAL);
    static const char *const bad[] = {
        "2026-11-23;90;;",      /* fine: empty title */
        "2026-11-23;90;x",      /* three fields */
        "2026-13-01;90;;x",     /* a bad date */
        "2026-11-23;0;;x",      /* no length */
        "2026-11-23;1441;;x",   /* over a day */
        "2026-11-23;90;;a%2",   /* a cut escape */
        "2026-11-23;90;;a%00b", /* NUL */
        "2026-11-23;90;;<b>",   /* not encoded */
    };
    assert_int_equal(desk_pending_decode(bad[0], &a, 10, &out, &n), 0);
    for (size_t i = 1; i < sizeof bad / sizeof *bad; i++)
        if (desk_pending_decode(bad[i], &a, 10, &out, &n) != PCN_EINVAL)
            fail_msg("'%s' was accepted", bad[i]);
    assert_int_equal(desk_pending_decode("", &a, 10, &out, &n), 0);
    assert_int_equal(n, 0);
    buf_release(&b);
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_request), cmocka_unit_test(test_report),
        cmocka_unit_test(test_followups),     cmocka_unit_test(test_delegation),
        cmocka_unit_test(test_pending),       cmocka_unit_test(test_supervision),
    };
    return cmocka_run_group_tests_name("desk requests", tests, NULL, NULL);
}
