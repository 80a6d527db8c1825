/* Importers: bad input is refused with its file, line and field, and the
 * store is left exactly as it was; good input is loaded once, as history. */
#include "testutil.h"

#include "arena.h"
#include "buf.h"
#include "db.h"
#include "migrate.h"
#include "import.h"
#include "importer.h"
#include "registry.h"

#define REG "tests/data/registry/"

/* ---- fixtures ----------------------------------------------------------- */

struct fx {
    struct test_fx t; /* first: test_fx_teardown */
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    test_fx_open(&f->t, "t.db");
    *state = f;
    return 0;
}

/* Imports path; returns the error code and fills m and res. */
/* Every row of every table, as text: equal dumps mean an unchanged store. */
static char *dump_store(struct db *db)
{
    static const char *const tables[] = {"org",         "org_version", "membership",
                                         "publication", "list_size",   "practice_ods"};
    return test_dump_tables(db, tables, sizeof tables / sizeof *tables, "1, 2");
}

/* ---- bad input ---------------------------------------------------------- */

#define MAP_HDR                                                                                    \
    "PUBLICATION,EXTRACT_DATE,PRACTICE_CODE,PRACTICE_NAME,PRACTICE_POSTCODE,PCN_CODE,"             \
    "PCN_NAME,ONS_SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_NAME,"              \
    "ONS_ICB_CODE,ICB_CODE,ICB_NAME,ONS_COMM_REGION_CODE,COMM_REGION_CODE,COMM_REGION_NAME,"       \
    "SUPPLIER_NAME\n"
#define MAP_ROW(date, prac, pcn, sub, subname)                                                     \
    "GP_PRAC_PAT_LIST," date "," prac ",A SURGERY,AA1 1AA," pcn ",A PCN,E38000901," sub            \
    "," subname ",E54000901,QAA,NHS Alpha ICB,E40000008,Y60,Midlands,EMIS\n"

#define QUIN_HDR                                                                                   \
    "PUBLICATION,EXTRACT_DATE,ORG_TYPE,ORG_CODE,ONS_CODE,POSTCODE,SEX,AGE_GROUP_5,"                \
    "NUMBER_OF_PATIENTS\n"
#define QUIN(type, code, sex, age, n)                                                              \
    "GP_PRAC_PAT_LIST,2023-07-01," type "," code ",,," sex "," age "," n "\n"

#define EPR(code, name, open, close, status, setting)                                              \
    code ",\"" name "\",Y60,QAA,1 HIGH ST,,TOWN,,,AA1 1AA," open "," close "," status              \
         ",B,01A,,,01234 567890,,,,0,,C,," setting ",\n"

struct bad_case {
    const char *what;
    enum import_kind kind;
    const char *content;
    const char *error; /* expected in the message */
};

static const struct bad_case bad_cases[] = {
    /* registry map */
    {"map: missing column", IMPORT_REGISTRY,
     "PUBLICATION,PRACTICE_CODE,PRACTICE_NAME,PCN_CODE\nX,A10001,A,U10001\n",
     "bad.csv:1: missing column EXTRACT_DATE"},
    {"map: missing column (required)", IMPORT_REGISTRY,
     "EXTRACT_DATE,PRACTICE_CODE,PRACTICE_NAME,PCN_NAME\n01Jul2023,A10001,A,B\n",
     "bad.csv:1: missing column PCN_CODE"},
    {"map: bad date", IMPORT_REGISTRY, MAP_HDR MAP_ROW("31Feb2023", "A10001", "U10001", "01A", "S"),
     "bad.csv:2: field EXTRACT_DATE: '31Feb2023' is not a date"},
    {"map: unknown date format", IMPORT_REGISTRY,
     MAP_HDR MAP_ROW("1/7/2023", "A10001", "U10001", "01A", "S"),
     "bad.csv:2: field EXTRACT_DATE: '1/7/2023' is not a date"},
    {"map: mixed dates", IMPORT_REGISTRY,
     MAP_HDR MAP_ROW("01Jul2023", "A10001", "U10001", "01A", "S")
         MAP_ROW("01Aug2023", "A10002", "U10001", "01A", "S"),
     "bad.csv:3: field EXTRACT_DATE: 2023-08-01 differs from 2023-07-01 on line 2"},
    {"map: bad practice code", IMPORT_REGISTRY,
     MAP_HDR MAP_ROW("01Jul2023", "A1001", "U10001", "01A", "S"),
     "bad.csv:2: field PRACTICE_CODE: 'A1001' is not a practice code (a letter and 5 digits"},
    {"map: bad PCN code", IMPORT_REGISTRY,
     MAP_HDR MAP_ROW("01Jul2023", "A10001", "U1234X", "01A", "S"),
     "bad.csv:2: field PCN_CODE: 'U1234X' is not a PCN code"},
    {"map: bad sub-ICB code", IMPORT_REGISTRY,
     MAP_HDR MAP_ROW("01Jul2023", "A10001", "U10001", "0-1", "S"),
     "bad.csv:2: field SUB_ICB_LOCATION_CODE: '0-1' is not a sub-ICB location code"},
    {"map: unterminated quoted field", IMPORT_REGISTRY,
     MAP_HDR MAP_ROW("01Jul2023", "A10001", "U10001", "01A",
                     "S") "GP_PRAC_PAT_LIST,01Jul2023,A10002,\"OPEN,QUOTE\n",
     "bad.csv:3:35: quoted field not closed before the end of the file"},
    {"map: duplicate row", IMPORT_REGISTRY,
     MAP_HDR MAP_ROW("01Jul2023", "A10001", "U10001", "01A", "S")
         MAP_ROW("01Jul2023", "A10001", "U10001", "01A", "S"),
     "bad.csv:3: field PRACTICE_CODE: practice A10001 is listed twice (first on line 2)"},
    {"map: one sub-ICB, two names", IMPORT_REGISTRY,
     MAP_HDR MAP_ROW("01Jul2023", "A10001", "U10001", "01A", "S")
         MAP_ROW("01Jul2023", "A10002", "U10001", "01A", "T"),
     "bad.csv:3: field SUB_ICB_LOCATION_NAME: sub-ICB location 01A is named 'T' here but 'S' on "
     "line 2"},
    {"map: empty name", IMPORT_REGISTRY,
     MAP_HDR "GP_PRAC_PAT_LIST,01Jul2023,A10001,,AA1,U10001,P,E1,01A,S,E5,QAA,I,E4,Y60,M,EMIS\n",
     "bad.csv:2: field PRACTICE_NAME: is empty"},
    {"map: short row", IMPORT_REGISTRY, MAP_HDR "GP_PRAC_PAT_LIST,01Jul2023,A10001\n",
     "bad.csv:2:1: 3 fields where the first record has 17"},
    {"map: empty file", IMPORT_REGISTRY, "", "bad.csv: the file is empty"},
    {"map: header only", IMPORT_REGISTRY, MAP_HDR, "bad.csv: no practices after the header line"},
    {"map: code stored as another kind", IMPORT_REGISTRY,
     MAP_HDR "GP_PRAC_PAT_LIST,01Jul2023,A10001,A,AA1,U10001,P,E1,01A,S,E5,QBB,I,E4,Y60,M,EMIS\n"
             "GP_PRAC_PAT_LIST,01Jul2023,A10002,A,AA1,U10001,P,E1,QBB,S,E5,QBB,I,E4,Y60,M,EMIS\n",
     "bad.csv:3: field SUB_ICB_LOCATION_NAME: code QBB is an ICB on line 2 but a sub-ICB location "
     "here"},

    /* list sizes */
    {"lists: missing column", IMPORT_LIST_SIZES,
     "PUBLICATION,EXTRACT_DATE,ORG_TYPE,ORG_CODE,SEX,AGE_GROUP_5\nX,2023-07-01,GP,A10001,ALL,ALL\n",
     "bad.csv:1: missing column NUMBER_OF_PATIENTS"},
    {"lists: bad date", IMPORT_LIST_SIZES,
     QUIN_HDR "GP_PRAC_PAT_LIST,2023-13-01,GP,A10001,,,ALL,ALL,10\n",
     "bad.csv:2: field EXTRACT_DATE: '2023-13-01' is not a date"},
    {"lists: bad practice code", IMPORT_LIST_SIZES,
     QUIN_HDR QUIN("GP", "10001", "ALL", "ALL", "10"),
     "bad.csv:2: field ORG_CODE: '10001' is not a practice code"},
    {"lists: negative count", IMPORT_LIST_SIZES,
     QUIN_HDR QUIN("GP", "A10001", "ALL", "ALL", "10") QUIN("GP", "A10001", "MALE", "ALL", "-4"),
     "bad.csv:3: field NUMBER_OF_PATIENTS: '-4' is negative"},
    {"lists: not a number", IMPORT_LIST_SIZES, QUIN_HDR QUIN("GP", "A10001", "ALL", "ALL", "12.5"),
     "bad.csv:2: field NUMBER_OF_PATIENTS: '12.5' is not a whole number of patients"},
    {"lists: unterminated quoted field", IMPORT_LIST_SIZES,
     QUIN_HDR QUIN("GP", "A10001", "ALL", "ALL", "10") "GP_PRAC_PAT_LIST,\"2023-07-01,GP\n",
     "bad.csv:3:18: quoted field not closed before the end of the file"},
    {"lists: duplicate row", IMPORT_LIST_SIZES,
     QUIN_HDR QUIN("GP", "A10001", "ALL", "ALL", "10") QUIN("GP", "A10001", "ALL", "ALL", "10"),
     "bad.csv:3: field ORG_CODE: a second row for practice A10001, SEX ALL, age ALL"},
    {"lists: unknown org type", IMPORT_LIST_SIZES,
     QUIN_HDR QUIN("CLINIC", "A10001", "ALL", "ALL", "10"),
     "bad.csv:2: field ORG_TYPE: 'CLINIC' is not an organisation type"},
    {"lists: unknown sex", IMPORT_LIST_SIZES, QUIN_HDR QUIN("GP", "A10001", "OTHER", "ALL", "10"),
     "bad.csv:2: field SEX: 'OTHER' is not ALL, MALE or FEMALE"},
    {"lists: bad band", IMPORT_LIST_SIZES,
     QUIN_HDR QUIN("GP", "A10001", "ALL", "ALL", "10") QUIN("GP", "A10001", "MALE", "3_7", "1"),
     "bad.csv:3: field AGE_GROUP_5: '3_7' is not an age band"},
    {"lists: no total row", IMPORT_LIST_SIZES, QUIN_HDR QUIN("GP", "A10001", "MALE", "ALL", "10"),
     "bad.csv:2: practice A10001 has no total row (SEX ALL, AGE_GROUP_5 ALL)"},
    {"lists: empty file", IMPORT_LIST_SIZES, "", "bad.csv: the file is empty"},
    {"lists: no GP rows", IMPORT_LIST_SIZES, QUIN_HDR QUIN("PCN", "U10001", "ALL", "ALL", "10"),
     "bad.csv: no practice (GP) rows after the header line"},
    {"lists: single-year bad age", IMPORT_LIST_SIZES,
     "PUBLICATION,EXTRACT_DATE,TYPE,CODE,SEX,AGE,NUMBER_OF_PATIENTS\n"
     "X,01Jul2023,GP,A10001,ALL,ALL,10\nX,01Jul2023,GP,A10001,MALE,120,1\n",
     "bad.csv:3: field AGE: '120' is not an age (ALL, 0 to 94, or 95+)"},

    /* epraccur */
    {"epraccur: bad date", IMPORT_EPRACCUR,
     EPR("A10001", "NORTH SURGERY", "20231345", "", "A", "4"),
     "bad.csv:1: field 11 (open date): '20231345' is not a date"},
    {"epraccur: bad code", IMPORT_EPRACCUR, EPR("A1000", "NORTH SURGERY", "19740401", "", "A", "4"),
     "bad.csv:1: field 1 (organisation code): 'A1000' is not a practice code"},
    {"epraccur: duplicate row", IMPORT_EPRACCUR,
     EPR("A10001", "NORTH SURGERY", "19740401", "", "A", "4")
         EPR("A10001", "NORTH SURGERY", "19740401", "", "A", "4"),
     "bad.csv:2: field 1 (organisation code): practice A10001 is listed twice (first on line 1)"},
    {"epraccur: bad status", IMPORT_EPRACCUR,
     EPR("A10001", "NORTH SURGERY", "19740401", "", "X", "4"),
     "bad.csv:1: field 13 (status code): 'X' is not a status"},
    {"epraccur: closed before opened", IMPORT_EPRACCUR,
     EPR("A10001", "NORTH SURGERY", "20200401", "20190401", "C", "4"),
     "bad.csv:1: field 12 (close date): the close date is before the open date"},
    {"epraccur: missing columns", IMPORT_EPRACCUR, "A10001,NORTH SURGERY,Y60,QAA\n",
     "bad.csv:1: 4 columns where the ODS practice file has 27"},
    {"epraccur: unterminated quoted field", IMPORT_EPRACCUR, "A10001,\"NORTH SURGERY,Y60\n",
     "bad.csv:1:8: quoted field not closed before the end of the file"},
    {"epraccur: empty file", IMPORT_EPRACCUR, "", "bad.csv: the file is empty"},
    {"epraccur: no practices", IMPORT_EPRACCUR,
     EPR("Y10001", "OUT OF HOURS", "19740401", "", "A", "2"),
     "bad.csv: no GP practices (prescribing setting 4) among 1 rows"},
};

static void test_bad_input_changes_nothing(void **state)
{
    struct fx *f = *state;
    test_import_ok(f->t.db, IMPORT_REGISTRY, REG "map-2021-01.csv");
    test_import_ok(f->t.db, IMPORT_LIST_SIZES, REG "quin-2021-01.csv");
    char *before = dump_store(f->t.db);

    for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
        const struct bad_case *c = &bad_cases[i];
        test_import_refused(f->t.db, f->t.dir, "bad.csv", c->kind, c->content, c->error, c->what);
        char *after = dump_store(f->t.db);
        if (strcmp(before, after) != 0)
            fail_msg("%s: the store changed", c->what);
        free(after);
    }
    free(before);
}

/* A file that is fine apart from its last row writes nothing at all. */
static void test_error_on_last_row_writes_nothing(void **state)
{
    struct fx *f = *state;
    char *before = dump_store(f->t.db);
    char *path = write_file(f->t.dir, "late.csv",
                            MAP_HDR MAP_ROW("01Jul2023", "A10001", "U10001", "01A", "S")
                                MAP_ROW("01Jul2023", "A10002", "U10001", "01A", "S")
                                    MAP_ROW("01Jul2023", "A10003", "X", "01A", "S"));
    struct import_result res;
    struct pcn_msg m = {0};
    assert_int_not_equal(test_import(f->t.db, IMPORT_REGISTRY, path, NULL, &res, &m), 0);
    import_result_release(&res);
    assert_contains(m.text, "late.csv:4: field PCN_CODE: 'X' is not a PCN code");
    char *after = dump_store(f->t.db);
    assert_string_equal(before, after);
    free(before);
    free(after);
    free(path);
}

static void test_missing_file(void **state)
{
    struct fx *f = *state;
    struct import_result res;
    struct pcn_msg m = {0};
    assert_int_equal(test_import(f->t.db, IMPORT_REGISTRY, "no/such/file.csv", NULL, &res, &m),
                     PCN_ENOTFOUND);
    import_result_release(&res);
    assert_string_equal(m.text, "no/such/file.csv: cannot open: No such file or directory");
}

/* ---- history ------------------------------------------------------------ */

struct want_event {
    const char *date, *kind, *practice, *other;
};

static void check_history(struct db *db, const char *pcn, const struct want_event *want,
                          size_t nwant)
{
    struct arena a;
    struct reg_event *ev;
    size_t n;
    struct pcn_msg m = {0};
    arena_init(&a, 0);
    if (registry_pcn_history(db, pcn, &a, &ev, &n, &m))
        fail_msg("%s", m.text);
    if (n != nwant)
        fail_msg("%s: %zu events, expected %zu", pcn, n, nwant);
    for (size_t i = 0; i < n; i++) {
        char iso[11];
        date_format_iso(ev[i].date, iso);
        assert_string_equal(iso, want[i].date);
        assert_string_equal(reg_event_kind_name(ev[i].kind), want[i].kind);
        if (ev[i].kind == EV_RENAMED) {
            assert_string_equal(ev[i].new_name, want[i].practice);
            assert_string_equal(ev[i].old_name, want[i].other);
        } else {
            assert_string_equal(ev[i].practice, want[i].practice);
            if (want[i].other)
                assert_string_equal(ev[i].other_pcn, want[i].other);
            else
                assert_null(ev[i].other_pcn);
        }
    }
    arena_release(&a);
}

static void load_both_maps(struct db *db, bool reverse)
{
    if (reverse) {
        test_import_ok(db, IMPORT_REGISTRY, REG "map-2023-07.csv");
        test_import_ok(db, IMPORT_REGISTRY, REG "map-2021-01.csv");
    } else {
        test_import_ok(db, IMPORT_REGISTRY, REG "map-2021-01.csv");
        test_import_ok(db, IMPORT_REGISTRY, REG "map-2023-07.csv");
    }
}

/* The 2021 file has the 2020-2022 layout (CCG and STP columns); in the 2023
 * file (sub-ICB and ICB columns) A10004 has moved from U10002 to U10001,
 * A10002 has gone, A10005 is new in U10002, B20003 has joined U20001 from
 * no PCN, and U10002 is renamed. */
static void test_history_across_layouts(void **state)
{
    struct fx *f = *state;
    load_both_maps(f->t.db, false);

    static const struct want_event north[] = {
        {"2023-07-01", "joined", "A10004", "U10002"},
        {"2023-07-01", "left", "A10002", NULL},
    };
    static const struct want_event south[] = {
        {"2023-07-01", "joined", "A10005", NULL},
        {"2023-07-01", "left", "A10004", "U10001"},
        {"2023-07-01", "renamed", "SOUTH AND VALE PCN", "SOUTH PCN"},
    };
    static const struct want_event east[] = {
        {"2023-07-01", "joined", "B20003", NULL},
    };
    check_history(f->t.db, "U10001", north, 2);
    check_history(f->t.db, "U10002", south, 3);
    check_history(f->t.db, "U20001", east, 1);

    /* Membership on each side of the change */
    struct arena a;
    struct pcn_detail d;
    struct pcn_msg m = {0};
    arena_init(&a, 0);
    assert_int_equal(registry_pcn(f->t.db, "U10002", date_from_ymd(2022, 6, 1), &a, &d, &m), 0);
    assert_string_equal(d.pcn.name, "SOUTH PCN");
    assert_int_equal(d.npractices, 2);
    assert_string_equal(d.practices[0].code, "A10003");
    assert_string_equal(d.practices[1].code, "A10004");
    assert_string_equal(d.icb.name, "ALPHA STP"); /* the STP, before it was an ICB */
    assert_int_equal(registry_pcn(f->t.db, "U10002", date_from_ymd(2024, 1, 1), &a, &d, &m), 0);
    assert_string_equal(d.pcn.name, "SOUTH AND VALE PCN");
    assert_int_equal(d.npractices, 2);
    assert_string_equal(d.practices[1].code, "A10005");
    assert_string_equal(d.icb.name, "NHS Alpha Integrated Care Board");
    assert_string_equal(d.sub_icb.code, "01A");
    arena_release(&a);
}

/* Loading the later file first, then the older one, gives the same store. */
static void test_publications_in_any_order(void **state)
{
    struct fx *f = *state;
    load_both_maps(f->t.db, false);
    char *in_order = dump_store(f->t.db);

    struct fx *g;
    setup((void **)&g);
    load_both_maps(g->t.db, true);
    char *reversed = dump_store(g->t.db);
    /* The publication table records the order of loading only through its
     * rows, which are the same. */
    assert_string_equal(in_order, reversed);
    free(reversed);
    test_fx_teardown((void **)&g);
    free(in_order);
}

static void test_reimport_changes_nothing(void **state)
{
    struct fx *f = *state;
    load_both_maps(f->t.db, false);
    test_import_ok(f->t.db, IMPORT_LIST_SIZES, REG "quin-2021-01.csv");
    test_import_ok(f->t.db, IMPORT_LIST_SIZES, REG "all-2023-07.csv");
    char *before = dump_store(f->t.db);

    static const struct {
        enum import_kind kind;
        const char *path;
    } again[] = {
        {IMPORT_REGISTRY, REG "map-2021-01.csv"},
        {IMPORT_REGISTRY, REG "map-2023-07.csv"},
        {IMPORT_LIST_SIZES, REG "quin-2021-01.csv"},
        {IMPORT_LIST_SIZES, REG "all-2023-07.csv"},
    };
    for (size_t i = 0; i < sizeof again / sizeof *again; i++) {
        struct import_result res;
        struct pcn_msg m = {0};
        if (test_import(f->t.db, again[i].kind, again[i].path, NULL, &res, &m))
            fail_msg("%s", m.text);
        assert_int_equal(res.written, 0);
        assert_contains(res.summary, "Already loaded: nothing changed.");
        import_result_release(&res);
    }
    char *after = dump_store(f->t.db);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

/* ---- list sizes --------------------------------------------------------- */

static void test_single_year_file_adds_up_bands(void **state)
{
    struct fx *f = *state;
    struct arena a;
    struct practice_detail d;
    struct pcn_msg m = {0};
    load_both_maps(f->t.db, false);
    test_import_ok(f->t.db, IMPORT_LIST_SIZES, REG "all-2023-07.csv");
    arena_init(&a, 0);
    assert_int_equal(registry_practice(f->t.db, "A10004", date_from_ymd(2023, 8, 1), &a, &d, &m),
                     0);
    assert_true(d.has_list);
    assert_int_equal(d.list.total, 5457);
    assert_int_equal(d.list.male, 2473);
    assert_int_equal(d.list.female, 2984);
    assert_int_equal(d.list.m[0], 132); /* ages 0 to 4 */
    assert_int_equal(d.list.m[19], 30); /* 95 and over */
    int64_t sum = 0;
    for (int b = 0; b < LIST_BANDS; b++)
        sum += d.list.m[b];
    assert_int_equal(sum, 2473);
    assert_string_equal(d.pcn.code, "U10001");
    arena_release(&a);
}

static void test_rollup_checked_against_file(void **state)
{
    struct fx *f = *state;
    struct import_result res;
    struct pcn_msg m = {0};
    test_import_ok(f->t.db, IMPORT_REGISTRY, REG "map-2021-01.csv");
    assert_int_equal(
        test_import(f->t.db, IMPORT_LIST_SIZES, REG "quin-2021-01.csv", NULL, &res, &m), 0);
    /* 4 PCN rows (with the placeholder U), 2 sub-ICBs, 2 ICBs, 1 region */
    assert_int_equal(res.checks, 9);
    assert_int_equal(res.check_failures, 0);
    assert_int_equal(res.nwarnings, 0);
    assert_contains(res.summary, "4 PCNs, 2 sub-ICB locations, 2 ICBs, 1 region; all match.");
    import_result_release(&res);
}

static void test_rollup_mismatch_is_a_warning(void **state)
{
    struct fx *f = *state;
    struct import_result res;
    struct pcn_msg m = {0};
    test_import_ok(f->t.db, IMPORT_REGISTRY, REG "map-2021-01.csv");
    char *path = write_file(f->t.dir, "q.csv",
                            QUIN_HDR "GP_PRAC_PAT_LIST,2021-01-01,GP,A10001,,,ALL,ALL,100\n"
                                     "GP_PRAC_PAT_LIST,2021-01-01,GP,A10002,,,ALL,ALL,50\n"
                                     "GP_PRAC_PAT_LIST,2021-01-01,PCN,U10001,,,ALL,ALL,151\n");
    assert_int_equal(test_import(f->t.db, IMPORT_LIST_SIZES, path, NULL, &res, &m), 0);
    assert_int_equal(res.checks, 1);
    assert_int_equal(res.check_failures, 1);
    assert_int_equal(res.nwarnings, 1);
    assert_string_equal(res.warnings[0], "PCN U10001 (line 4): all patients: the file gives 151 "
                                         "but its practices add up to 150.");
    import_result_release(&res);
    free(path);
}

static void test_lists_without_registry_warn(void **state)
{
    struct fx *f = *state;
    struct import_result res;
    struct pcn_msg m = {0};
    assert_int_equal(
        test_import(f->t.db, IMPORT_LIST_SIZES, REG "quin-2021-01.csv", NULL, &res, &m), 0);
    assert_int_equal(res.checks, 0);
    assert_int_equal(res.nwarnings, 1);
    assert_contains(res.warnings[0], "No registry publication holds on 2021-01-01");
    import_result_release(&res);
}

/* ---- epraccur ----------------------------------------------------------- */

static void test_epraccur(void **state)
{
    struct fx *f = *state;
    struct import_result res;
    struct pcn_msg m = {0};
    struct arena a;
    struct practice_detail d;
    load_both_maps(f->t.db, false);
    char *path = write_file(f->t.dir, "epraccur.csv",
                            EPR("A10001", "NORTH SURGERY", "19740401", "", "A", "4")
                                EPR("A10002", "RIVER PRACTICE", "19740401", "20230331", "C", "4")
                                    EPR("Y10001", "OUT OF HOURS", "19740401", "", "A", "2"));
    assert_int_equal(test_import(f->t.db, IMPORT_EPRACCUR, path, NULL, &res, &m), 0);
    assert_int_equal(res.written, 2);
    assert_contains(res.summary,
                    "2 GP practices (1 active, 1 closed, 0 other), 1 other rows skipped");
    import_result_release(&res);
    arena_init(&a, 0);
    assert_int_equal(registry_practice(f->t.db, "A10002", date_from_ymd(2021, 2, 1), &a, &d, &m),
                     0);
    assert_true(d.has_ods);
    assert_string_equal(d.ods_status, "C");
    assert_int_equal(d.ods_close, date_from_ymd(2023, 3, 31));
    arena_release(&a);
    assert_int_equal(test_import(f->t.db, IMPORT_EPRACCUR, path, NULL, &res, &m), 0);
    assert_int_equal(res.written, 0);
    import_result_release(&res);
    free(path);
}

/* ---- detection ---------------------------------------------------------- */

static void test_detect(void **state)
{
    (void)state;
    static const struct {
        const char *first;
        int kind;
    } cases[] = {
        {MAP_HDR, IMPORT_REGISTRY},
        {"\xEF\xBB\xBF" MAP_HDR, IMPORT_REGISTRY},
        {QUIN_HDR, IMPORT_LIST_SIZES},
        {"PUBLICATION,EXTRACT_DATE,TYPE,CODE,SEX,AGE,NUMBER_OF_PATIENTS\r\n", IMPORT_LIST_SIZES},
        {EPR("A10001", "NORTH SURGERY", "19740401", "", "A", "4"), IMPORT_EPRACCUR},
        {"ORGANISATION_TYPE,ORGANISATION_CODE,MEASURE,VALUE\n", -1},
        {"", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        assert_int_equal(import_detect(cases[i].first, strlen(cases[i].first)), cases[i].kind);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_bad_input_changes_nothing, setup, test_fx_teardown),
        cmocka_unit_test_setup_teardown(test_error_on_last_row_writes_nothing, setup,
                                        test_fx_teardown),
        cmocka_unit_test_setup_teardown(test_missing_file, setup, test_fx_teardown),
        cmocka_unit_test_setup_teardown(test_history_across_layouts, setup, test_fx_teardown),
        cmocka_unit_test_setup_teardown(test_publications_in_any_order, setup, test_fx_teardown),
        cmocka_unit_test_setup_teardown(test_reimport_changes_nothing, setup, test_fx_teardown),
        cmocka_unit_test_setup_teardown(test_single_year_file_adds_up_bands, setup,
                                        test_fx_teardown),
        cmocka_unit_test_setup_teardown(test_rollup_checked_against_file, setup, test_fx_teardown),
        cmocka_unit_test_setup_teardown(test_rollup_mismatch_is_a_warning, setup, test_fx_teardown),
        cmocka_unit_test_setup_teardown(test_lists_without_registry_warn, setup, test_fx_teardown),
        cmocka_unit_test_setup_teardown(test_epraccur, setup, test_fx_teardown),
        cmocka_unit_test(test_detect),
    };
    return cmocka_run_group_tests_name("importers", tests, NULL, NULL);
}
