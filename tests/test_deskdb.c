/* The desk in the store (deskdb.h), on the handler tests' fixture store:
 * funded time from the registry and the rules files, every write audited
 * with before and after, bad input refused with nothing written, and one
 * PCN's records out of another's reach. */
#include "webfix.h"

#include "deskdb.h"

/* An activity on day (YYYY-MM-DD), with no note, stakeholders or requests. */
static struct desk_activity activity(const char *day, int64_t minutes, enum desk_category cat,
                                     const char *title, const char *source, const char *uid)
{
    return (struct desk_activity){.date = test_day(day),
                                  .minutes = minutes,
                                  .cat = cat,
                                  .title = title,
                                  .note = "",
                                  .source = source,
                                  .uid = uid};
}

static void test_funding(void **state)
{
    struct webfix *f = *state;
    struct deskrules r;
    struct desk_funding fu;
    struct desk_funded fd;
    struct pcn_msg m = {0};
    assert_int_equal(deskrules_load("rules", &f->a, &r, &m), 0);
    assert_int_equal(deskdb_funding(f->db, &r, "U10001", test_day("2026-11-23"), &f->a, &fu, &m),
                     0);
    assert_int_equal(fu.patients, 11388);
    assert_int_equal(fu.patients_date, test_day("2023-07-01"));
    assert_int_equal(desk_funded_on(&fu, test_day("2026-11-23"), &fd, &m), 0);
    /* 0.25 × 11,388 ÷ 50,000 × 37.5 hours = 2.135 hours = 128,115 mmin */
    assert_true(fd.known);
    assert_int_equal(fd.mmin_per_week, 128115);
    /* 2026/27 has its own row, which carries the 2025/26 figure: not carried
     * by the desk from an earlier year, but marked carried in the rules. */
    assert_false(fd.carried);
    assert_int_equal(fd.conf, CONF_CARRIED);

    /* The PCN's own figure, audited with before and after. */
    struct desk_actor w = fx_actor(f, CD);
    struct desk_errs e = {0};
    assert_int_equal(deskdb_set_funded(f->db, &w, "U10001", test_day("2026-11-01"), 480,
                                       "two sessions", test_day("2026-11-23"), &e, &m),
                     0);
    const char *action, *detail;
    detail = fx_last_audit(f, &f->a, &action);
    assert_string_equal(action, "desk-funded-set");
    assert_string_equal(detail, "{\"record\":\"funded_time\",\"id\":0,\"before\":null,\"after\":"
                                "{\"from\":\"2026-11-01\",\"minutes_per_week\":480,\"note\":\"two "
                                "sessions\"}}");
    assert_int_equal(deskdb_set_funded(f->db, &w, "U10001", test_day("2026-11-01"), 540, "",
                                       test_day("2026-11-23"), &e, &m),
                     0);
    detail = fx_last_audit(f, &f->a, &action);
    assert_contains(detail, "\"before\":{\"from\":\"2026-11-01\",\"minutes_per_week\":480");
    assert_int_equal(deskdb_funding(f->db, &r, "U10001", test_day("2026-11-23"), &f->a, &fu, &m),
                     0);
    assert_int_equal(desk_funded_on(&fu, test_day("2026-11-23"), &fd, &m), 0);
    assert_true(fd.is_override);
    assert_int_equal(fd.mmin_per_week, 540000);
    /* and out of range: nothing written */
    int64_t before = fx_count(f, "SELECT COUNT(*) FROM desk_funded_time");
    e.n = 0;
    assert_int_equal(deskdb_set_funded(f->db, &w, "U10001", test_day("2026-11-01"), 169 * 60, "",
                                       test_day("2026-11-23"), &e, &m),
                     PCN_EINVAL);
    assert_string_equal(desk_errs_get(&e, "hours"), "Funded time must be 168 hours a week or less");
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM desk_funded_time"), before);
    /* another PCN's figures are its own */
    assert_int_equal(deskdb_funding(f->db, &r, "U10002", test_day("2026-11-23"), &f->a, &fu, &m),
                     0);
    assert_int_equal(fu.noverrides, 0);
    assert_int_equal(deskdb_check_pcn(f->db, "A10001", &m), PCN_ENOTFOUND);
}

static void test_activities(void **state)
{
    struct webfix *f = *state;
    struct pcn_msg m = {0};
    struct desk_actor w = fx_actor(f, CD);
    date_t today = test_day("2026-11-23");

    struct desk_stakeholder s = {.name = "Pat ICB",
                                 .organisation = "NHS Alpha ICB",
                                 .kind = SH_ICB,
                                 .role_title = "",
                                 .influence = 5,
                                 .interest = 4,
                                 .notes = ""};
    struct desk_errs e = {0};
    int64_t sid, other_sid;
    assert_int_equal(deskdb_save_stakeholder(f->db, &w, "U10001", &s, &sid, &e, &m), 0);
    assert_int_equal(deskdb_save_stakeholder(f->db, &w, "U10002", &s, &other_sid, &e, &m), 0);

    int64_t links[1] = {sid};
    struct desk_activity x = activity("2026-11-20", 90, DC_SYSTEM_MEETINGS, "ICB board", "form",
                                      "");
    x.meeting = true;
    x.stakeholders = links;
    x.nstakeholders = 1;
    int64_t id;
    assert_int_equal(deskdb_add_activities(f->db, &w, "U10001", &x, 1, today, "desk-time-add",
                                           &f->a, &id, &e, &m),
                     0);
    const char *action, *detail;
    detail = fx_last_audit(f, &f->a, &action);
    assert_string_equal(action, "desk-time-add");
    assert_contains(detail, "\"before\":null,\"after\":{\"id\":");
    assert_contains(detail, "\"minutes\":90,\"hours\":1.5,\"category\":\"system_meetings\"");
    assert_contains(detail, "\"stakeholder_ids\":[");

    /* Bad input: each refused with its words, and nothing written. */
    int64_t other[1] = {other_sid}, nobody[1] = {999};
    static const struct {
        const char *date;
        int64_t minutes;
        int which; /* 0 none, 1 another PCN's stakeholder, 2 no such stakeholder */
        const char *field, *msg;
    } bad[] = {
        {"2026-11-20", -30, 0, "hours", "Time spent must be more than 0"},
        {"2026-11-20", 1441, 0, "hours", "Time spent must be 24 hours or less"},
        {"2026-11-20", 1351, 0, "hours",
         "The time logged on 20 November 2026 would come to more than 24 hours: 1 hour 30 minutes "
         "is already logged that day"},
        {"2019-06-30", 60, 0, "date", "The date must be on or after 1 July 2019"},
        {"2027-11-25", 60, 0, "date", "The date must be on or before 24 November 2027"},
        {"2026-11-21", 60, 1, "stakeholder",
         "There is no stakeholder 2 in this PCN's register: choose one from the list"},
        {"2026-11-21", 60, 2, "stakeholder",
         "There is no stakeholder 999 in this PCN's register: choose one from the list"},
    };
    int64_t acts = fx_count(f, "SELECT COUNT(*) FROM desk_activity");
    int64_t audits = fx_count(f, "SELECT COUNT(*) FROM audit_log");
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct desk_activity y = activity(bad[i].date, bad[i].minutes, DC_PRACTICES, "", "form",
                                          "");
        if (bad[i].which) {
            y.stakeholders = bad[i].which == 1 ? other : nobody;
            y.nstakeholders = 1;
        }
        struct desk_errs ye = {0};
        int rc = deskdb_add_activities(f->db, &w, "U10001", &y, 1, today, "desk-time-add", &f->a,
                                       NULL, &ye, &m);
        if (rc != PCN_EINVAL || !desk_errs_get(&ye, bad[i].field) ||
            strcmp(desk_errs_get(&ye, bad[i].field), bad[i].msg) != 0)
            fail_msg("case %zu: rc %d '%s'", i, rc, ye.n ? ye.e[0].text : m.text);
    }
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM desk_activity"), acts);
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM audit_log"), audits);

    /* A calendar import is all or nothing, with each event's problem named. */
    struct desk_activity batch[3] = {
        activity("2026-11-16", 60, DC_PRACTICES, "Practice visit", "calendar", "a"),
        activity("2026-11-16", 1400, DC_OTHER, "All day", "calendar", "b"),
        activity("2026-11-17", 45, DC_LMC, "LMC", "calendar", "c"),
    };
    e.n = 0;
    assert_int_equal(deskdb_add_activities(f->db, &w, "U10001", batch, 3, today, "desk-time-import",
                                           &f->a, NULL, &e, &m),
                     PCN_EINVAL);
    assert_int_equal(e.n, 1);
    assert_string_equal(e.e[0].field, "ev2");
    assert_string_equal(e.e[0].text,
                        "Event 2 (16 November 2026, All day): The time logged on 16 November 2026 "
                        "would come to more than 24 hours: 1 hour is already logged that day");
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM desk_activity"), acts);
    batch[1].minutes = 120;
    int64_t ids[3];
    e.n = 0;
    assert_int_equal(deskdb_add_activities(f->db, &w, "U10001", batch, 3, today, "desk-time-import",
                                           &f->a, ids, &e, &m),
                     0);
    detail = fx_last_audit(f, &f->a, &action);
    assert_string_equal(action, "desk-time-import");
    assert_contains(detail, "{\"record\":\"activities\",\"count\":3,\"after\":[");

    struct desk_activity *v;
    size_t n;
    assert_int_equal(deskdb_activities(f->db, "U10001", test_day("2026-11-16"),
                                       test_day("2026-11-22"), &f->a, &v, &n, &m),
                     0);
    assert_int_equal(n, 4);
    assert_int_equal(v[3].id, id); /* the 20th, last by date */
    assert_int_equal(v[3].nstakeholders, 1);
    assert_int_equal(v[3].stakeholders[0], sid);
    assert_int_equal(deskdb_activities(f->db, "U10002", DATE_NONE, DATE_NONE, &f->a, &v, &n, &m),
                     0);
    assert_int_equal(n, 0);

    /* Deleting: the PCN's own only, audited with what it was. */
    struct desk_actor other_w = w;
    other_w.org = "U10002";
    assert_int_equal(deskdb_delete_activity(f->db, &other_w, "U10002", id, &m), PCN_ENOTFOUND);
    assert_int_equal(deskdb_delete_activity(f->db, &w, "U10001", id, &m), 0);
    detail = fx_last_audit(f, &f->a, &action);
    assert_string_equal(action, "desk-time-delete");
    assert_contains(detail, "\"before\":{\"id\":");
    assert_contains(detail, "\"after\":null");
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM desk_activity_link"), 0);
}

static void test_requests_and_engagement(void **state)
{
    struct webfix *f = *state;
    struct pcn_msg m = {0};
    struct desk_actor w = fx_actor(f, CD);
    date_t today = test_day("2026-11-23");

    struct desk_request r = fx_pm_request(
        test_day("2026-11-02"), "Review practice A's access figures and hold them to account", 240);
    struct desk_errs e = {0};
    int64_t rid;
    assert_int_equal(deskdb_save_request(f->db, &w, "U10001", &r, today, &rid, &e, &m), 0);
    r.id = rid;
    r.decision = DEC_DELEGATE;
    r.delegate_to = "";
    e.n = 0;
    assert_int_equal(deskdb_save_request(f->db, &w, "U10001", &r, today, NULL, &e, &m), PCN_EINVAL);
    assert_string_equal(desk_errs_get(&e, "delegate_to"),
                        "Enter the name of the lead it is delegated to");
    r.delegate_to = "Alex Manager";
    e.n = 0;
    assert_int_equal(deskdb_save_request(f->db, &w, "U10001", &r, today, NULL, &e, &m), 0);
    struct desk_request got;
    assert_int_equal(deskdb_request_get(f->db, "U10001", rid, &f->a, &got, &m), 0);
    assert_int_equal(got.decision, DEC_DELEGATE);
    assert_int_equal(got.decided, today); /* dated when decided */
    assert_string_equal(got.delegate_to, "Alex Manager");
    assert_int_equal(desk_request_within(&got), WITHIN_NO);
    const char *action, *detail;
    detail = fx_last_audit(f, &f->a, &action);
    assert_string_equal(action, "desk-request-change");
    assert_contains(detail, "\"before\":{\"id\":");
    assert_contains(detail, "\"decision\":\"pending\"");
    assert_contains(detail, "\"decision\":\"delegate\"");
    /* not another PCN's */
    assert_int_equal(deskdb_request_get(f->db, "U10002", rid, &f->a, &got, &m), PCN_ENOTFOUND);
    struct desk_request stolen = got;
    e.n = 0;
    assert_int_equal(deskdb_save_request(f->db, &w, "U10002", &stolen, today, NULL, &e, &m),
                     PCN_ENOTFOUND);

    /* Engagement with a follow-up, overdue, then done. */
    struct desk_stakeholder s = {.name = "Jo MP",
                                 .organisation = "",
                                 .kind = SH_MP,
                                 .role_title = "MP",
                                 .influence = 5,
                                 .interest = 2,
                                 .notes = ""};
    int64_t sid, gid;
    e.n = 0;
    assert_int_equal(deskdb_save_stakeholder(f->db, &w, "U10001", &s, &sid, &e, &m), 0);
    struct desk_engagement g = {.date = test_day("2026-11-02"),
                                .stakeholder_id = 999,
                                .purpose = "Surgery visit",
                                .asks = "Support for premises",
                                .commitments = "Letter to the ICB",
                                .follow_up_due = test_day("2026-11-16"),
                                .follow_up_done = DATE_NONE};
    int64_t before = fx_count(f, "SELECT COUNT(*) FROM desk_engagement");
    e.n = 0;
    assert_int_equal(deskdb_add_engagement(f->db, &w, "U10001", &g, today, &gid, &e, &m),
                     PCN_EINVAL);
    assert_string_equal(desk_errs_get(&e, "stakeholder"),
                        "There is no stakeholder 999 in this PCN's register: choose one from the "
                        "list");
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM desk_engagement"), before);
    g.stakeholder_id = sid;
    e.n = 0;
    assert_int_equal(deskdb_add_engagement(f->db, &w, "U10001", &g, today, &gid, &e, &m), 0);
    struct desk_engagement *v;
    size_t n;
    assert_int_equal(deskdb_overdue(f->db, "U10001", today, &f->a, &v, &n, &m), 0);
    assert_int_equal(n, 1);
    assert_string_equal(v[0].stakeholder_name, "Jo MP");
    assert_int_equal(deskdb_overdue(f->db, "U10001", test_day("2026-11-16"), &f->a, &v, &n, &m), 0);
    assert_int_equal(n, 0); /* due that day: not yet overdue */
    assert_int_equal(deskdb_overdue(f->db, "U10002", today, &f->a, &v, &n, &m), 0);
    assert_int_equal(n, 0);
    assert_int_equal(deskdb_followup_done(f->db, &w, "U10002", gid, today, &m), PCN_ENOTFOUND);
    assert_int_equal(deskdb_followup_done(f->db, &w, "U10001", gid, today, &m), 0);
    detail = fx_last_audit(f, &f->a, &action);
    assert_string_equal(action, "desk-followup-done");
    assert_contains(detail, "\"follow_up\":\"overdue\"");
    assert_contains(detail, "\"follow_up_done\":\"2026-11-23\",\"follow_up\":\"done\"");
    assert_int_equal(deskdb_overdue(f->db, "U10001", today, &f->a, &v, &n, &m), 0);
    assert_int_equal(n, 0);
}

static void test_delegation(void **state)
{
    struct webfix *f = *state;
    struct pcn_msg m = {0};
    struct desk_actor w = fx_actor(f, CD);
    date_t today = test_day("2026-11-23");
    struct desk_errs e = {0};
    int64_t id;
    assert_int_equal(deskdb_add_responsibility(f->db, &w, "U10001", AREA_IIF, "",
                                               "Investment and Impact Fund (IIF)", &id, &e, &m),
                     0);
    assert_int_equal(deskdb_add_responsibility(f->db, &w, "U10001", AREA_IIF, "",
                                               "Investment and Impact Fund (IIF)", NULL, &e, &m),
                     PCN_EINVAL);
    assert_string_equal(desk_errs_get(&e, "area"),
                        "Investment and Impact Fund (IIF) is already in the register");
    e.n = 0;
    assert_int_equal(deskdb_add_responsibility(f->db, &w, "U10001", AREA_ARRS_CLINICAL_LEAD, "",
                                               "Clinical lead", NULL, &e, &m),
                     PCN_EINVAL);
    assert_string_equal(desk_errs_get(&e, "role"),
                        "Select the ARRS role it is the clinical lead for");

    struct desk_delegation d = {0, test_day("2026-04-01"), "", "", 50, ""};
    e.n = 0;
    assert_int_equal(deskdb_delegate(f->db, &w, "U10001", id, &d, today, &e, &m), PCN_EINVAL);
    assert_string_equal(desk_errs_get(&e, "lead"), "Enter the name of the lead");
    d.lead = "Alex Manager";
    d.lead_role = "PCN manager";
    e.n = 0;
    assert_int_equal(deskdb_delegate(f->db, &w, "U10001", id, &d, today, &e, &m), 0);
    d.from = test_day("2026-10-01");
    d.cd_share = 10;
    assert_int_equal(deskdb_delegate(f->db, &w, "U10001", id, &d, today, &e, &m), 0);
    assert_int_equal(deskdb_delegate(f->db, &w, "U10002", id, &d, today, &e, &m), PCN_ENOTFOUND);
    struct desk_responsibility *r;
    size_t n;
    assert_int_equal(deskdb_responsibilities(f->db, "U10001", &f->a, &r, &n, &m), 0);
    assert_int_equal(n, 1);
    assert_int_equal(r[0].nhistory, 2);
    assert_int_equal(desk_cd_share_on(&r[0], test_day("2026-05-01")), 50);
    assert_int_equal(desk_cd_share_on(&r[0], today), 10);
    assert_int_equal(desk_cd_share_on(&r[0], test_day("2026-03-31")), 100);

    /* Every change is in the chain, and it is intact. */
    long checked;
    assert_int_equal(audit_verify(f->db, &checked, &m), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_funding, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_activities, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_requests_and_engagement, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_delegation, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests_name("deskdb", tests, NULL, NULL);
}
