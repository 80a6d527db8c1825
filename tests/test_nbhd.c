/* The neighbourhood team in the store (nbhd.h), on the handler tests'
 * fixture store: the bundled components and contracts files, and each kind
 * of mistake in one with its FILE:LINE: field; partners' ODS codes as a
 * table; the footprint's checks; the six components with status; the
 * contract as a dated attribute; stakeholders of a partner; every change
 * audited; bad input with every problem and nothing written; one PCN's
 * records out of another's reach. */
#include "webfix.h"

#include "nbhd.h"

static int64_t rows(struct webfix *f)
{
    return fx_count(f, "SELECT (SELECT COUNT(*) FROM nbhd_partner) + (SELECT COUNT(*) FROM "
                       "nbhd_lead) * 10 + (SELECT COUNT(*) FROM nbhd_footprint) * 100 + (SELECT "
                       "COUNT(*) FROM nbhd_component) * 1000 + (SELECT COUNT(*) FROM "
                       "nbhd_contract) * 10000 + (SELECT COUNT(*) FROM nbhd_stakeholder) * 100000 "
                       "+ (SELECT COUNT(*) FROM audit_log) * 1000000");
}

static const char *last_action(struct webfix *f, struct arena *a)
{
    const char *action;
    fx_last_audit(f, a, &action);
    return action;
}

static void test_files(void **state)
{
    (void)state;
    struct arena a;
    struct nbhd_list l;
    struct pcn_msg m = {0};
    arena_init(&a, 0);
    assert_int_equal(nbhd_items_load("data/neighbourhood/components.csv", &a, &l, &m), 0);
    assert_int_equal(l.n, 6);
    static const char *const six[] = {"Population health management",
                                      "Modern general practice",
                                      "Standardised community health services",
                                      "Neighbourhood multidisciplinary teams (MDTs)",
                                      "Intermediate care",
                                      "Urgent neighbourhood services"};
    for (size_t i = 0; i < 6; i++) {
        assert_string_equal(l.v[i].name, six[i]);
        assert_contains(l.v[i].source, "neighbourhood-health-guidelines-2025-26");
    }
    assert_int_equal(nbhd_items_load("data/neighbourhood/contracts.csv", &a, &l, &m), 0);
    assert_non_null(nbhd_item_find(&l, "pcn_des"));
    assert_non_null(nbhd_item_find(&l, "single_neighbourhood_provider"));
    assert_string_equal(nbhd_data_path(&a, "/srv/pcnops/rules", "components.csv"),
                        "/srv/pcnops/data/neighbourhood/components.csv");
    assert_string_equal(nbhd_data_path(&a, "rules", "x.csv"), "data/neighbourhood/x.csv");

    static const struct {
        const char *text, *says;
    } bad[] = {
        {"code,name,source,source_date,confidence\nA b,x,y,2025-01-30,official\n",
         "c.csv:2: code: not a code of lower case letters, digits and _"},
        {"code,name,source,source_date,confidence\na,x,y,2025-01-30,official\na,x,y,2025-01-30,"
         "official\n",
         "c.csv:3: code: the code appears twice"},
        {"code,name,source,source_date,confidence\na,,y,2025-01-30,official\n",
         "c.csv:2: name: empty"},
        {"code,name,source,source_date,confidence\na,x,,2025-01-30,official\n",
         "c.csv:2: source: empty"},
        {"code,name,source,source_date,confidence\na,x,y,30/01/2025,official\n",
         "c.csv:2: source_date: not a date like 2025-01-30"},
        {"code,name,source,source_date,confidence\na,x,y,2025-01-30,sure\n",
         "c.csv:2: confidence: not official, single-source or unconfirmed"},
        {"code,name,source,source_date\na,x,y,2025-01-30\n", "confidence"},
        {"code,name,source,source_date,confidence\n", "c.csv: no rows"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct pcn_msg mm = {0};
        if (nbhd_items_parse("c.csv", bad[i].text, strlen(bad[i].text), &a, &l, &mm) == 0)
            fail_msg("case %zu accepted", i);
        assert_contains(mm.text, bad[i].says);
    }
    arena_release(&a);
}

static void test_partner_codes(void **state)
{
    (void)state;
    static const struct {
        enum nbhd_kind kind;
        const char *code;
        bool ok;
        const char *says;
    } cases[] = {
        {NK_COMMUNITY_TRUST, "RYJ", true, NULL},
        {NK_MENTAL_HEALTH_TRUST, "RX1", true, NULL},
        {NK_MENTAL_HEALTH_TRUST, "TAF", true, NULL},
        {NK_COMMUNITY_TRUST, "", true, NULL},
        {NK_COMMUNITY_TRUST, "RYJ01", false, "An NHS trust's ODS code is 3 characters"},
        {NK_COMMUNITY_TRUST, "ryj", false, "An NHS trust's ODS code"},
        {NK_COMMUNITY_TRUST, "QAA", false, "An NHS trust's ODS code"},
        {NK_PHARMACY, "FA008", true, NULL},
        {NK_PHARMACY, "F1234", true, NULL},
        {NK_PHARMACY, "FA08", false, "A community pharmacy's ODS code is 5 characters"},
        {NK_PHARMACY, "GA008", false, "A community pharmacy's ODS code"},
        {NK_LOCAL_AUTHORITY, "E08000021", false, "3 to 6 capital letters or digits"},
        {NK_LOCAL_AUTHORITY, "602", true, NULL},
        {NK_HOSPICE, "NQ1", true, NULL},
        {NK_HOSPICE, "8HV48", true, NULL},
        {NK_VCSE, "", true, NULL},
        {NK_VCSE, "A B", false, "3 to 6 capital letters or digits"},
        {NK_OTHER, "K82070", false, "a GP practice's or a PCN's code"},
        {NK_OTHER, "U12345", false, "a GP practice's or a PCN's code"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct desk_errs e = {0};
        struct nbhd_partner p = {
            .name = "X", .kind = cases[i].kind, .ods_code = cases[i].code, .notes = ""};
        bool ok = nbhd_check_partner(&p, &e);
        if (ok != cases[i].ok)
            fail_msg("%s as %s: %s", cases[i].code, nbhd_kind_id(cases[i].kind),
                     ok ? "accepted" : e.e[0].text);
        if (!ok) {
            assert_string_equal(e.e[0].field, "ods_code");
            assert_contains(e.e[0].text, cases[i].says);
        }
    }
    /* every problem at once */
    struct desk_errs e = {0};
    struct nbhd_partner p = {.name = "", .kind = NK_COUNT, .ods_code = "", .notes = ""};
    assert_false(nbhd_check_partner(&p, &e));
    assert_int_equal(e.n, 2);
}

static void test_records(void **state)
{
    struct webfix *f = *state;
    struct arena a;
    struct pcn_msg m = {0};
    struct desk_actor w = fx_actor(f, CD);
    struct nbhd_list comps, contracts;
    arena_init(&a, 0);
    assert_int_equal(nbhd_items_load("data/neighbourhood/components.csv", &a, &comps, &m), 0);
    assert_int_equal(nbhd_items_load("data/neighbourhood/contracts.csv", &a, &contracts, &m), 0);

    /* partners: the same code twice in a PCN is refused; another PCN may have it */
    struct desk_errs e = {0};
    int64_t pid, pid2;
    struct nbhd_partner p = {.name = "Alpha Community Health",
                             .kind = NK_COMMUNITY_TRUST,
                             .ods_code = "RYJ",
                             .notes = ""};
    assert_int_equal(nbhd_save_partner(f->db, &w, "U10001", &p, &pid, &e, &m), 0);
    assert_string_equal(last_action(f, &a), "nbhd-partner-add");
    int64_t before = rows(f);
    p.name = "Again";
    assert_int_equal(nbhd_save_partner(f->db, &w, "U10001", &p, NULL, &e, &m), PCN_EINVAL);
    assert_contains(e.e[0].text, "RYJ is already a partner of this PCN (Alpha Community Health)");
    assert_int_equal(rows(f), before);
    memset(&e, 0, sizeof e);
    assert_int_equal(nbhd_save_partner(f->db, &w, "U10002", &p, &pid2, &e, &m), 0);
    /* a change, audited; another PCN's partner is not found */
    p = (struct nbhd_partner){.id = pid,
                              .name = "Alpha Community Health NHS Trust",
                              .kind = NK_COMMUNITY_TRUST,
                              .ods_code = "RYJ",
                              .notes = "lead"};
    assert_int_equal(nbhd_save_partner(f->db, &w, "U10001", &p, NULL, &e, &m), 0);
    assert_string_equal(last_action(f, &a), "nbhd-partner-change");
    p.id = pid2;
    assert_int_equal(nbhd_save_partner(f->db, &w, "U10001", &p, NULL, &e, &m), PCN_ENOTFOUND);
    memset(&e, 0, sizeof e);

    /* leads: for the PCN or one of its partners, not another PCN's */
    struct nbhd_lead l = {.partner_id = pid, .name = "Sam Lee", .role_title = "INT lead"};
    int64_t lid;
    assert_int_equal(nbhd_add_lead(f->db, &w, "U10001", &l, &lid, &e, &m), 0);
    before = rows(f);
    l.partner_id = pid2;
    l.name = "";
    assert_int_equal(nbhd_add_lead(f->db, &w, "U10001", &l, NULL, &e, &m), PCN_EINVAL);
    assert_int_equal(e.n, 2); /* the name, and the partner */
    assert_int_equal(rows(f), before);
    memset(&e, 0, sizeof e);
    assert_int_equal(nbhd_remove_lead(f->db, &w, "U10002", lid, &m), PCN_ENOTFOUND);
    struct nbhd_lead *lv;
    size_t n;
    assert_int_equal(nbhd_leads(f->db, "U10001", &a, &lv, &n, &m), 0);
    assert_int_equal(n, 1);
    assert_string_equal(lv[0].partner_name, "Alpha Community Health NHS Trust");
    assert_int_equal(nbhd_remove_lead(f->db, &w, "U10001", lid, &m), 0);
    assert_string_equal(last_action(f, &a), "nbhd-lead-remove");

    /* the footprint */
    static const struct {
        const char *code;
        int rc;
        const char *says;
    } fp[] = {
        {"U10002", 0, NULL},
        {"B20001", 0, NULL},
        {"U10002", PCN_EINVAL, "U10002 is already listed"},
        {"U10001", PCN_EINVAL, "U10001 is this PCN"},
        {"A10001", PCN_EINVAL, "A10001 is one of this PCN's own member practices"},
        {"U99999", PCN_EINVAL, "U99999 is not a PCN or GP practice in the registry"},
        {"QAA", PCN_EINVAL, "Enter a PCN's code"},
        {"", PCN_EINVAL, "Enter the ODS code of a PCN or a GP practice"},
    };
    for (size_t i = 0; i < sizeof fp / sizeof *fp; i++) {
        struct desk_errs fe = {0};
        before = rows(f);
        int rc = nbhd_add_footprint(f->db, &w, "U10001", fp[i].code, "", test_day("2026-11-23"),
                                    &fe, &m);
        if (rc != fp[i].rc)
            fail_msg("%s: %d %s", fp[i].code, rc, fe.n ? fe.e[0].text : m.text);
        if (rc) {
            assert_contains(fe.e[0].text, fp[i].says);
            assert_int_equal(rows(f), before);
        }
    }
    struct nbhd_shared *sv;
    assert_int_equal(nbhd_footprint(f->db, "U10001", test_day("2026-11-23"), &a, &sv, &n, &m), 0);
    assert_int_equal(n, 2);
    assert_string_equal(sv[0].code, "U10002"); /* PCNs first */
    assert_string_equal(sv[0].name, "SOUTH AND VALE PCN");
    assert_int_equal(sv[1].kind, ORG_PRACTICE);
    assert_int_equal(nbhd_remove_footprint(f->db, &w, "U10001", "B20001", &m), 0);
    assert_int_equal(nbhd_remove_footprint(f->db, &w, "U10002", "U10002", &m), PCN_ENOTFOUND);

    /* components: six, not started until recorded */
    struct nbhd_component *cv;
    assert_int_equal(nbhd_components(f->db, "U10001", &comps, &a, &cv, &n, &m), 0);
    assert_int_equal(n, 6);
    for (size_t i = 0; i < n; i++)
        assert_false(cv[i].recorded);
    struct nbhd_component x = {.code = "neighbourhood_mdts",
                               .status = NS_IN_PROGRESS,
                               .owner = "Dr Casey",
                               .next_step = "Weekly MDT"};
    assert_int_equal(nbhd_set_component(f->db, &w, "U10001", &comps, &x, &e, &m), 0);
    assert_string_equal(last_action(f, &a), "nbhd-component-set");
    before = rows(f);
    struct nbhd_component bad = {
        .code = "world_peace", .status = NS_COUNT, .owner = "", .next_step = ""};
    assert_int_equal(nbhd_set_component(f->db, &w, "U10001", &comps, &bad, &e, &m), PCN_EINVAL);
    assert_int_equal(e.n, 2);
    assert_int_equal(rows(f), before);
    memset(&e, 0, sizeof e);
    assert_int_equal(nbhd_components(f->db, "U10001", &comps, &a, &cv, &n, &m), 0);
    assert_int_equal(cv[3].status, NS_IN_PROGRESS);
    assert_string_equal(cv[3].owner, "Dr Casey");
    assert_int_equal(nbhd_components(f->db, "U10002", &comps, &a, &cv, &n, &m), 0);
    assert_false(cv[3].recorded);

    /* the contract: dated, the one held on a date */
    assert_int_equal(nbhd_set_contract(f->db, &w, "U10001", &contracts, test_day("2019-07-01"),
                                       "pcn_des", "", test_day("2026-11-23"), &e, &m),
                     0);
    assert_int_equal(nbhd_set_contract(f->db, &w, "U10001", &contracts, test_day("2027-04-01"),
                                       "single_neighbourhood_provider", "planned",
                                       test_day("2026-11-23"), &e, &m),
                     0);
    before = rows(f);
    assert_int_equal(nbhd_set_contract(f->db, &w, "U10001", &contracts, test_day("2019-01-01"),
                                       "iho", "", test_day("2026-11-23"), &e, &m),
                     PCN_EINVAL);
    assert_int_equal(e.n, 2);
    assert_int_equal(rows(f), before);
    memset(&e, 0, sizeof e);
    struct nbhd_contract *kv;
    assert_int_equal(nbhd_contracts(f->db, "U10001", &contracts, &a, &kv, &n, &m), 0);
    assert_int_equal(n, 2);
    assert_string_equal(nbhd_contract_on(kv, n, test_day("2026-11-23"))->code, "pcn_des");
    assert_string_equal(nbhd_contract_on(kv, n, test_day("2027-04-01"))->name,
                        "Single neighbourhood provider contract");
    assert_null(nbhd_contract_on(kv, n, test_day("2019-06-30")));

    /* stakeholders of a partner: the PCN's own stakeholder and partner only */
    struct desk_stakeholder s = {.name = "Jo Nurse",
                                 .organisation = "",
                                 .kind = SH_OTHER,
                                 .role_title = "",
                                 .influence = 3,
                                 .interest = 4,
                                 .notes = ""};
    int64_t sid;
    assert_int_equal(deskdb_save_stakeholder(f->db, &w, "U10001", &s, &sid, &e, &m), 0);
    assert_int_equal(nbhd_link_stakeholder(f->db, &w, "U10001", sid, pid, &e, &m), 0);
    assert_string_equal(last_action(f, &a), "nbhd-stakeholder-link");
    before = rows(f);
    assert_int_equal(nbhd_link_stakeholder(f->db, &w, "U10002", sid, pid2, &e, &m), PCN_EINVAL);
    assert_string_equal(e.e[0].field, "stakeholder");
    memset(&e, 0, sizeof e);
    assert_int_equal(nbhd_link_stakeholder(f->db, &w, "U10001", sid, pid2, &e, &m), PCN_EINVAL);
    assert_string_equal(e.e[0].field, "partner");
    assert_int_equal(rows(f), before);
    memset(&e, 0, sizeof e);
    struct nbhd_link *lk;
    assert_int_equal(nbhd_links(f->db, "U10001", &a, &lk, &n, &m), 0);
    assert_int_equal(n, 1);
    assert_string_equal(lk[0].stakeholder_name, "Jo Nurse");
    assert_int_equal(nbhd_link_stakeholder(f->db, &w, "U10001", sid, 0, &e, &m), 0);
    assert_int_equal(nbhd_links(f->db, "U10001", &a, &lk, &n, &m), 0);
    assert_int_equal(n, 0);
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_partner_codes),
        cmocka_unit_test_setup_teardown(test_records, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
