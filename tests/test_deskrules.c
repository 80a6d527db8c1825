/* The desk's rules files (deskrules.h): the real rules directory loads
 * clean, and every problem in a broken file is FILE:LINE: field NAME. */
#include "testutil.h"

#include "arena.h"
#include "deskrules.h"

#define CD_HEAD "wte,per_patients,hours_per_wte,valid_from,valid_to,confidence,sources,note\n"
#define SUP_HEAD "role,max_days,valid_from,valid_to,confidence,sources,note\n"
#define DL_HEAD "id,what,page,valid_from,valid_to,confidence,sources,note\n"

static void test_real_rules(void **state)
{
    (void)state;
    struct arena a;
    struct deskrules r;
    struct pcn_msg m = {0};
    arena_init(&a, 0);
    if (deskrules_load("rules", &a, &r, &m))
        fail_msg("%s", m.text);
    assert_true(r.ncd >= 3);
    for (size_t i = 0; i < r.ncd; i++) {
        assert_int_equal(r.cd[i].wte, 2500);
        assert_int_equal(r.cd[i].per_patients, 50000);
        assert_int_equal(r.cd[i].minutes_per_wte, 2250);
        /* rules-reference §9.3; 2026/27 carries the 2025/26 row */
        assert_int_equal(r.cd[i].conf, r.cd[i].fy < 2026 ? CONF_UNCONFIRMED : CONF_CARRIED);
        if (i)
            assert_true(r.cd[i].from > r.cd[i - 1].to);
    }
    assert_string_equal(r.cd[0].cite, "rules/2023-24/cd_time.csv:2");
    /* NHS England's recommended minimum for a clinical pharmacist: monthly,
     * held as 31 days (derived, so unconfirmed). */
    bool carried;
    date_t d;
    date_parse_iso("2025-06-01", 10, &d);
    const struct desk_sup_rule *s = deskrules_supervision(&r, "clinical_pharmacist", d, &carried);
    assert_non_null(s);
    assert_true(s->known);
    assert_int_equal(s->max_days, 31);
    assert_int_equal(s->conf, CONF_UNCONFIRMED);
    assert_false(carried);
    /* No minimum found for a care coordinator: the '*' row, with no value. */
    s = deskrules_supervision(&r, "care_coordinator", d, &carried);
    assert_non_null(s);
    assert_string_equal(s->role, "*");
    assert_false(s->known);
    assert_false(carried);
    /* 2026/27's declarations and deadlines, by date, each with its row */
    size_t n26 = 0;
    for (size_t i = 0; i < r.ndeadlines; i++) {
        if (r.deadlines[i].fy != 2026)
            continue;
        n26++;
        if (i)
            assert_true(r.deadlines[i].to >= r.deadlines[i - 1].to);
        assert_non_null(strstr(r.deadlines[i].cite, "rules/2026-27/deadlines.csv:"));
    }
    assert_int_equal(n26, 4);
    assert_int_equal(deskrules_load("no-such-dir", &a, &r, &m), PCN_ENOTFOUND);
    arena_release(&a);
}

static const struct {
    const char *kind, *text;
    const char *err; /* NULL: no error */
} files[] = {
    {"cd_time", CD_HEAD "0.25,50000,37.5,2025-04-01,2026-03-31,unconfirmed,,note\n", NULL},
    {"cd_time", CD_HEAD "0.25,50000,37.5,2025-04-01,2026-03-31,official,[P3],\n", NULL},
    {"cd_time", CD_HEAD "0.25,50000,37.5,2025-04-01,2026-03-31,official,,x\n",
     "y/2025-26/cd_time.csv:2: field sources: is empty: a value marked official needs its source "
     "tags"},
    {"cd_time", CD_HEAD "0,50000,37.5,2025-04-01,2026-03-31,unconfirmed,,\n",
     "y/2025-26/cd_time.csv:2: field wte: '0' is not a WTE above 0 with up to 4 decimals, like "
     "0.25"},
    {"cd_time", CD_HEAD "0.25,50000.5,37.5,2025-04-01,2026-03-31,unconfirmed,,\n",
     "y/2025-26/cd_time.csv:2: field per_patients: '50000.5' is not a whole number of patients, "
     "like 50000"},
    {"cd_time", CD_HEAD "0.25,50000,37.33,2025-04-01,2026-03-31,unconfirmed,,\n",
     "y/2025-26/cd_time.csv:2: field hours_per_wte: must come to whole minutes (37.5 is 2,250 "
     "minutes)"},
    {"cd_time", CD_HEAD "0.25,50000,,2025-04-01,2026-03-31,unconfirmed,,\n",
     "y/2025-26/cd_time.csv:2: field hours_per_wte: is empty"},
    {"cd_time", CD_HEAD "0.25,50000,37.5,2025-03-31,2026-03-31,unconfirmed,,\n",
     "y/2025-26/cd_time.csv:2: field valid_from: 2025-03-31 is outside 2025/26 (1 April to 31 "
     "March)"},
    {"cd_time", CD_HEAD "0.25,50000,37.5,2025-04-01,2025-12-31x,unconfirmed,,\n",
     "y/2025-26/cd_time.csv:2: field valid_to: '2025-12-31x' is not a date (YYYY-MM-DD)"},
    {"cd_time", CD_HEAD "0.25,50000,37.5,2025-06-01,2025-05-31,unconfirmed,,\n",
     "y/2025-26/cd_time.csv:2: field valid_to: 2025-05-31 is before valid_from 2025-06-01"},
    {"cd_time", CD_HEAD "0.25,50000,37.5,2025-04-01,2026-03-31,sure,,\n",
     "y/2025-26/cd_time.csv:2: field confidence: 'sure' is not one of: official, single-source, "
     "unconfirmed, carried"},
    {"cd_time", CD_HEAD "0.25,50000,37.5,2025-04-01,2026-03-31,official,[Q9],\n",
     "y/2025-26/cd_time.csv:2: field sources: [Q9] is not a tag of sources.csv"},
    {"cd_time", CD_HEAD "0.25,50000,37.5,2025-04-01,2026-03-31,official,P3,\n",
     "y/2025-26/cd_time.csv:2: field sources: 'P3' is not a list of source tags like [P1][L22]"},
    {"cd_time", "wte,per_patients,hours,valid_from,valid_to,confidence,sources,note\n",
     "y/2025-26/cd_time.csv:1: unknown column 'hours'"},
    {"cd_time", "",
     "y/2025-26/cd_time.csv:1: the file is empty: it needs at least its header line"},
    {"cd_time", CD_HEAD "\"0.25,50000\n",
     "y/2025-26/cd_time.csv:2:1: quoted field not closed before the end of the file"},
    {"supervision", SUP_HEAD "*,,2025-04-01,2026-03-31,unconfirmed,,\n", NULL},
    {"supervision", SUP_HEAD "clinical_pharmacist,28,2025-04-01,2026-03-31,unconfirmed,,x\n", NULL},
    {"supervision", SUP_HEAD "Clinical pharmacist,28,2025-04-01,2026-03-31,unconfirmed,,x\n",
     "y/2025-26/supervision.csv:2: field role: 'Clinical pharmacist' is not a role id (like "
     "clinical_pharmacist) or *"},
    {"supervision", SUP_HEAD "*,0,2025-04-01,2026-03-31,unconfirmed,,x\n",
     "y/2025-26/supervision.csv:2: field max_days: '0' is not a whole number of days from 1 to "
     "366"},
    {"supervision",
     SUP_HEAD "*,28,2025-04-01,2025-09-30,unconfirmed,,\n"
              "*,14,2025-09-01,2026-03-31,unconfirmed,,\n",
     "y/2025-26/supervision.csv:3: overlaps y/2025-26/supervision.csv:2: rows for role * on the "
     "same dates"},
    /* the year's declarations and deadlines (the home page) */
    {"deadlines",
     DL_HEAD "arrs_year_end,Claim the year's ARRS,arrs,2025-04-01,2026-03-31,unconfirmed,,x\n",
     NULL},
    {"deadlines", DL_HEAD "a1,Do it,iif,2025-04-01,2025-08-31,official,[P3],x\n", NULL},
    {"deadlines", DL_HEAD "Year End,Do it,arrs,2025-04-01,2026-03-31,unconfirmed,,x\n",
     "y/2025-26/deadlines.csv:2: field id: 'Year End' is not a short name in lower case (like "
     "ip_claims)"},
    {"deadlines", DL_HEAD "a,,arrs,2025-04-01,2026-03-31,unconfirmed,,x\n",
     "y/2025-26/deadlines.csv:2: field what: must be words for a person, 1 to 500 characters"},
    {"deadlines", DL_HEAD "a,Do it,elsewhere,2025-04-01,2026-03-31,unconfirmed,,x\n",
     "y/2025-26/deadlines.csv:2: field page: 'elsewhere' is not one of: arrs_claims, arrs, "
     "funding, iif, desk, rules, none"},
    {"deadlines", DL_HEAD "a,Do it,arrs,2025-04-01,2026-04-30,unconfirmed,,x\n",
     "y/2025-26/deadlines.csv:2: field valid_to: 2026-04-30 is outside 2025/26 (1 April to 31 "
     "March)"},
    {"deadlines", DL_HEAD "a,Do it,arrs,2025-04-01,2026-03-31,official,,x\n",
     "y/2025-26/deadlines.csv:2: field sources: is empty: a deadline marked official needs its "
     "source tags"},
    {"deadlines",
     DL_HEAD "a,Do it,arrs,2025-04-01,2026-03-31,unconfirmed,,x\n"
             "a,Do it again,none,2025-04-01,2025-05-31,unconfirmed,,x\n",
     "y/2025-26/deadlines.csv:2: field id: 'a' is also y/2025-26/deadlines.csv:3"},
};

static void test_files(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        struct arena a;
        struct deskrules r;
        struct rules tags;
        arena_init(&a, 0);
        rules_init(&tags, &a, "y");
        static const char src[] = "tag,address,note\nP3,https://example.org/p3,\n";
        struct rules_diag d = {0};
        assert_int_equal(rules_parse_sources(&tags, "y/sources.csv", src, sizeof src - 1, &d), 0);
        deskrules_init(&r, "y");
        char name[64];
        snprintf(name, sizeof name, "y/2025-26/%s.csv", files[i].kind);
        long n = deskrules_parse(&r, &a, &tags, 2025, files[i].kind, name, files[i].text,
                                 strlen(files[i].text));
        n += deskrules_check(&r, &a);
        if (!files[i].err) {
            if (n)
                fail_msg("case %zu: %s", i, r.errors[0]);
        } else if (n == 0 || strcmp(r.errors[0], files[i].err) != 0) {
            fail_msg("case %zu: '%s', expected '%s'", i, n ? r.errors[0] : "(no error)",
                     files[i].err);
        }
        arena_release(&a);
    }
}

/* A role's own row beats the row for every role; an earlier year's row is
 * carried forward. */
static void test_supervision_lookup(void **state)
{
    (void)state;
    struct arena a;
    struct deskrules r;
    arena_init(&a, 0);
    deskrules_init(&r, "y");
    static const char f24[] = SUP_HEAD "*,30,2024-04-01,2025-03-31,unconfirmed,,\n"
                                       "paramedic,14,2024-04-01,2025-03-31,unconfirmed,,\n";
    static const char f25[] = SUP_HEAD "*,28,2025-04-01,2026-03-31,unconfirmed,,\n";
    assert_int_equal(deskrules_parse(&r, &a, NULL, 2024, "supervision", "a", f24, sizeof f24 - 1),
                     0);
    assert_int_equal(deskrules_parse(&r, &a, NULL, 2025, "supervision", "b", f25, sizeof f25 - 1),
                     0);
    assert_int_equal(deskrules_check(&r, &a), 0);
    static const struct {
        const char *role, *on;
        int64_t days;
        bool carried;
    } cases[] = {
        {"paramedic", "2024-06-01", 14, false},
        {"clinical_pharmacist", "2024-06-01", 30, false},
        {"clinical_pharmacist", "2025-06-01", 28, false},
        {"paramedic", "2025-06-01", 28, false}, /* its own row has ended */
        {"paramedic", "2026-06-01", 28, true},  /* no 2026/27 yet */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        date_t d;
        bool carried;
        date_parse_iso(cases[i].on, 10, &d);
        const struct desk_sup_rule *s = deskrules_supervision(&r, cases[i].role, d, &carried);
        if (!s || s->max_days != cases[i].days || carried != cases[i].carried)
            fail_msg("%s on %s: %" PRId64 " carried %d", cases[i].role, cases[i].on,
                     s ? s->max_days : -1, carried);
    }
    date_t early;
    bool carried;
    date_parse_iso("2020-01-01", 10, &early);
    assert_null(deskrules_supervision(&r, "paramedic", early, &carried));
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_rules),
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_supervision_lookup),
    };
    return cmocka_run_group_tests_name("deskrules", tests, NULL, NULL);
}
