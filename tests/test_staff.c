/* The staff register in the store: bad input refused with its file, line
 * and field, nothing written; the workforce census seeds the register. */
#include "webfix.h"

#include "staff.h"

static char *dump(struct db *db)
{
    struct buf b;
    struct pcn_msg m = {0};
    static const char *const sql[] = {
        "SELECT id, pcn_code, staff_ref, name, role_code, start_date, end_date FROM arrs_staff "
        "ORDER BY id",
        "SELECT staff_id, valid_from, wte_e4, cost_pence FROM arrs_terms ORDER BY 1, 2",
    };
    buf_init(&b, 1 << 24);
    for (size_t i = 0; i < 2; i++) {
        struct db_stmt *st;
        if (db_prepare(db, sql[i], &st, &m))
            fail_msg("%s", m.text);
        while (db_step(st, &m) == 1) {
            for (int c = 0; c < 7; c++) {
                buf_adds(&b, db_col_text(st, c));
                buf_addc(&b, '|');
            }
            buf_addc(&b, '\n');
        }
        db_finalize(st);
    }
    return buf_take(&b, NULL);
}

#define HDR "pcn_code,staff_id,name,role,wte,start_date,end_date,zone,annual_cost,band,pay_point\n"

static const struct {
    const char *what, *csv, *error;
} bad[] = {
    {"unknown role", HDR "U10002,S1,Ann,astronaut,1,2025-04-01,,national,50000,,\n",
     "staff.csv:2: field role: 'astronaut' is not an ARRS role of 2025/26"},
    {"band outside the role's",
     HDR "U10002,S1,Ann,pharmacy_technician,1,2025-04-01,,national,,7,top\n",
     "staff.csv:2: field band: band 7 is not a band of Pharmacy technician (5)"},
    {"WTE of 0", HDR "U10002,S1,Ann,clinical_pharmacist,0,2025-04-01,,national,50000,,\n",
     "staff.csv:2: field wte: '0' is not a WTE above 0 and at most 1.0"},
    {"WTE above 1.0", HDR "U10002,S1,Ann,clinical_pharmacist,1.2,2025-04-01,,national,50000,,\n",
     "staff.csv:2: field wte: '1.2' is not a WTE above 0 and at most 1.0"},
    {"end before start",
     HDR "U10002,S1,Ann,clinical_pharmacist,1,2025-04-01,2025-03-01,national,50000,,\n",
     "staff.csv:2: field end_date: the last day in post is before the first"},
    {"overlapping contracts in the file (no staff ids: the same name)",
     HDR "U10002,,Ann,clinical_pharmacist,1,2025-04-01,2025-12-31,national,50000,,\n"
         "U10002,,Ann,clinical_pharmacist,0.5,2025-10-01,,national,25000,,\n",
     "staff.csv:3: field start_date: this overlaps Ann's post as Clinical pharmacist from "
     "2025-04-01 to 2025-12-31"},
    {"the same post twice in the file",
     HDR "U10002,S1,Ann,clinical_pharmacist,1,2025-04-01,2025-12-31,national,50000,,\n"
         "U10002,S1,Ann,clinical_pharmacist,0.5,2026-01-01,,national,25000,,\n",
     "staff.csv:3: field staff_id: S1 as clinical_pharmacist is listed twice (first on line 2)"},
    {"overlapping the store's post",
     HDR "U10002,,Priya Shah,clinical_pharmacist,1,2025-06-01,,national,50000,,\n",
     "staff.csv:2: field start_date: this overlaps Priya Shah's post as Clinical pharmacist from "
     "2025-04-01 on (post 1)"},
    {"bad date", HDR "U10002,S1,Ann,clinical_pharmacist,1,1/4/2025,,national,50000,,\n",
     "staff.csv:2: field start_date: '1/4/2025' is not a date (YYYY-MM-DD)"},
    {"bad zone", HDR "U10002,S1,Ann,clinical_pharmacist,1,2025-04-01,,london,50000,,\n",
     "staff.csv:2: field zone: 'london' is not national, outer_london or inner_london"},
    {"no pay", HDR "U10002,S1,Ann,clinical_pharmacist,1,2025-04-01,,national,,,\n",
     "staff.csv:2: field annual_cost: give the annual cost, or a band and pay point"},
    {"not a PCN", HDR "Q10002,S1,Ann,clinical_pharmacist,1,2025-04-01,,national,50000,,\n",
     "staff.csv:2: field pcn_code: 'Q10002' is not a PCN code"},
    {"PCN not in the registry",
     HDR "U99999,S1,Ann,clinical_pharmacist,1,2025-04-01,,national,50000,,\n",
     "staff.csv:2: field pcn_code: U99999 is not a PCN in the registry"},
    {"missing column",
     "pcn_code,staff_id,name,role,wte,start_date,end_date,zone\n"
     "U10002,S1,Ann,clinical_pharmacist,1,2025-04-01,,national\n",
     "staff.csv:1: missing column annual_cost"},
    {"a good row, then a bad one",
     HDR "U10002,S1,Ann,clinical_pharmacist,1,2025-04-01,,national,50000,,\n"
         "U10002,S2,Bob,clinical_pharmacist,1,2025-04-01,,national,-5,,\n",
     "staff.csv:3: field annual_cost: '-5' is not an amount in pounds"},
    {"empty file", "", "staff.csv: the file is empty"},
};

/* Writes csv to the fixture's folder as staff.csv and imports it as the
 * staff register on the rules r: the importer's status, its result in
 * *res (release it) and its message in *m. */
static int import_staff(struct webfix *f, const struct rules *r, const char *csv,
                        struct import_result *res, struct pcn_msg *m)
{
    char *path = write_file(f->dir, "staff.csv", csv);
    struct import_src src = {.name = "staff.csv", .path = path};
    import_result_init(res, IMPORT_LIST_SIZES);
    int rc = staff_import_csv(f->db, r, &src, f->now, res, m);
    free(path);
    return rc;
}

static void test_bad_staff_files(void **state)
{
    struct webfix *f = *state;
    struct arena a;
    struct rules r;
    struct pcn_msg m = {0};
    test_rules_load(&a, &r, NULL);
    char *before = dump(f->db);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct import_result res;
        int rc = import_staff(f, &r, bad[i].csv, &res, &m);
        import_result_release(&res);
        if (!rc)
            fail_msg("%s: imported", bad[i].what);
        if (!strstr(m.text, bad[i].error))
            fail_msg("%s:\n  got:      %s\n  expected: %s", bad[i].what, m.text, bad[i].error);
        char *after = dump(f->db);
        if (strcmp(before, after))
            fail_msg("%s: the store changed", bad[i].what);
        free(after);
    }
    free(before);
    arena_release(&a);
}

static void test_good_staff_file(void **state)
{
    struct webfix *f = *state;
    struct arena a;
    struct rules r;
    struct pcn_msg m = {0};
    test_rules_load(&a, &r, NULL);
    const char *csv = HDR
        "U10002,S1,Ann,clinical_pharmacist,0.8,2025-04-01,,outer_london,50000,,\n"
        "U10002,S2,Bob,pharmacy_technician,1,2025-06-01,2026-01-31,national,,5,top\n";
    struct import_result res;
    if (import_staff(f, &r, csv, &res, &m))
        fail_msg("%s", m.text);
    assert_string_equal(res.summary, "Staff: 2 rows, 2 posts added, 0 updated.");
    import_result_release(&res);
    /* Again: the same posts are updated, not added twice. */
    assert_int_equal(import_staff(f, &r, csv, &res, &m), 0);
    assert_string_equal(res.summary, "Staff: 2 rows, 0 posts added, 2 updated.");
    import_result_release(&res);
    struct staff *s;
    size_t n;
    assert_int_equal(staff_list(f->db, "U10002", DATE_NONE, &a, &s, &n, &m), 0);
    assert_int_equal(n, 3); /* Ann, Bob and the fixture's Priya Shah */
    assert_string_equal(s[0].name, "Ann");
    assert_int_equal(s[0].zone, AREA_OUTER_LONDON);
    assert_int_equal(s[0].terms[0].wte_e4, 8000);
    assert_int_equal(s[0].terms[0].cost, 5000000);
    assert_string_equal(s[1].name, "Bob");
    assert_int_equal(s[1].end, date_from_ymd(2026, 1, 31));
    assert_true(s[1].terms[0].has_point);
    arena_release(&a);
}

static void test_workforce_census(void **state)
{
    struct webfix *f = *state;
    struct arena a;
    struct rules r;
    struct pcn_msg m = {0};
    test_rules_load(&a, &r, NULL);
    char *path = write_file(
        f->dir, "wf.csv",
        "\xEF\xBB\xBF"
        "Data_source,CENSUS_YEAR,CENSUS_MONTH,PCN_CODE,PCN_NAME,SUB_ICB_CODE,"
        "SUB_ICB_NAME,ICB_CODE,ICB_NAME,COMM_REGION_CODE,COMM_REGION_NAME,STAFF_GROUP,STAFF_ROLE,"
        "DETAILED_STAFF_ROLE,FTE,UNIQUE_IDENTIFIER\r\n"
        "NWRS Staff,2026,6,U10001,N,01A,S,QAA,I,Y60,M,G,Pharmacists,Pharmacist,0.6,1001\r\n"
        "NWRS Staff,2026,6,U10001,N,01A,S,QAA,I,Y60,M,G,Pharmacists,Pharmacist,0.533333333,1001\r\n"
        "NWRS Staff,2026,6,U10001,N,01A,S,QAA,I,Y60,M,G,Managers,Manager,1,1002\r\n"
        "NWRS contracted services,2026,6,U10002,N,01A,S,QAA,I,Y60,M,G,Care Coordinators,"
        "Care Coordinator,0.330666667,\r\n");
    struct import_src src = {.name = "wf.csv", .path = path};
    struct import_result res;
    import_result_init(&res, IMPORT_LIST_SIZES);
    if (staff_import_workforce(f->db, &r, "rules", NULL, date_from_ymd(2025, 4, 1), &src, f->now,
                               &res, &m))
        fail_msg("%s", m.text);
    assert_contains(res.summary, "4 rows; 2 ARRS posts added, 0 already in the register, 1 rows "
                                 "in roles that are not ARRS");
    assert_int_equal(res.nwarnings, 1);
    assert_contains(res.warnings[0], "1 rows (contracted services) have no UNIQUE_IDENTIFIER");
    import_result_release(&res);
    struct staff *s;
    size_t n;
    assert_int_equal(staff_list(f->db, "U10001", DATE_NONE, &a, &s, &n, &m), 0);
    /* Two rows of person 1001 as a pharmacist add up, to at most 1.0 WTE. */
    bool found = false;
    for (size_t i = 0; i < n; i++)
        if (s[i].ref && !strcmp(s[i].ref, "1001")) {
            assert_string_equal(s[i].role, "clinical_pharmacist");
            assert_int_equal(s[i].terms[0].wte_e4, 10000);
            assert_false(s[i].terms[0].has_cost);
            found = true;
        }
    assert_true(found);
    assert_int_equal(staff_list(f->db, "U10002", DATE_NONE, &a, &s, &n, &m), 0);
    found = false;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(s[i].name, "Staff line-5")) {
            assert_int_equal(s[i].employment, EMP_SUBCONTRACTED);
            assert_int_equal(s[i].terms[0].wte_e4, 3307); /* 0.330666667 */
            found = true;
        }
    assert_true(found);
    /* Loading it again adds nothing. */
    import_result_init(&res, IMPORT_LIST_SIZES);
    assert_int_equal(staff_import_workforce(f->db, &r, "rules", NULL, date_from_ymd(2025, 4, 1),
                                            &src, f->now, &res, &m),
                     0);
    assert_contains(res.summary, "0 ARRS posts added, 2 already in the register");
    import_result_release(&res);
    free(path);
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_bad_staff_files, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_good_staff_file, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_workforce_census, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests_name("staff register", tests, NULL, NULL);
}
