/* The funding inputs in the store: the populations importer (bad input is
 * refused with its file, line and field and writes nothing; a good file is
 * loaded once), the inputs a user sets, and gathering the engine's input
 * for a PCN and year, with its fallbacks. */
#include "testutil.h"

#include "arena.h"
#include "buf.h"
#include "db.h"
#include "migrate.h"
#include "entitle.h"
#include "funding.h"
#include "import.h"
#include "importer.h"
#include "popentry.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define D "tests/data/funding/"

struct fx {
    char *dir, *dbpath;
    struct db *db;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct pcn_msg m = {0};
    f->dir = tmpdir_make();
    assert_non_null(f->dir);
    f->dbpath = malloc(512);
    if (test_store(f->dir, "t.db", f->dbpath, 512))
        fail_msg("no store for the test");
    if (migrate_open(f->dbpath, &f->db, &m))
        fail_msg("%s", m.text);
    test_import_ok(f->db, IMPORT_REGISTRY, D "map-2025-01.csv");
    test_import_ok(f->db, IMPORT_LIST_SIZES, D "quin-2025-01.csv");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    db_close(f->db);
    tmpdir_remove(f->dir);
    free(f->dbpath);
    free(f);
    return 0;
}

static char *dump_populations(struct db *db)
{
    struct buf b;
    struct db_stmt *st;
    struct pcn_msg m = {0};
    buf_init(&b, 1 << 20);
    if (db_prepare(db,
                   "SELECT practice_code, pop_date, COALESCE(weighted_h, -1), "
                   "COALESCE(adjusted_h, -1) FROM population ORDER BY 1, 2",
                   &st, &m))
        fail_msg("%s", m.text);
    while (db_step(st, &m) == 1)
        buf_printf(&b, "%s %s %" PRId64 " %" PRId64 "\n", db_col_text(st, 0), db_col_text(st, 1),
                   db_col_int(st, 2), db_col_int(st, 3));
    db_finalize(st);
    return buf_take(&b, NULL);
}

#define HDR "practice_code,date,weighted_population,adjusted_population\n"

struct bad_case {
    const char *content;
    const char *error;
};

static const struct bad_case bad_cases[] = {
    {"practice_code,date,weighted_population\nB20001,2025-01-01,1\n",
     "pop.csv:1: missing column adjusted_population"},
    {HDR "B2001,2025-01-01,1,1\n",
     "pop.csv:2: field practice_code: 'B2001' is not a practice code (a letter and 5 digits"},
    {HDR "B20001,2025-02-30,1,1\n", "pop.csv:2: field date: '2025-02-30' is not a date"},
    {HDR "B20001,2025-01-01,1.234,1\n",
     "pop.csv:2: field weighted_population: '1.234' is not a population (a number from 0 with up "
     "to two decimals"},
    {HDR "B20001,2025-01-01,1,-5\n",
     "pop.csv:2: field adjusted_population: '-5' is not a population"},
    {HDR "B20001,2025-01-01,,\n",
     "pop.csv:2: field weighted_population: both populations are empty: give at least one"},
    {HDR "B20001,2025-01-01,1,2\nB20002,2025-01-01,1,2\nB20001,01JAN2025,3,4\n",
     "pop.csv:4: field practice_code: practice B20001 on 2025-01-01 is listed twice (first on "
     "line 2)"},
    {HDR, "pop.csv: no rows after the header"},
    {"", "pop.csv: the file is empty"},
    {HDR "B20001,2025-01-01,\"1,2\n", "pop.csv:2:"},
};

static void test_bad_populations(void **state)
{
    struct fx *f = *state;
    test_import_ok(f->db, IMPORT_POPULATIONS, D "populations.csv");
    char *before = dump_populations(f->db);
    for (size_t i = 0; i < ARRAY_SIZE(bad_cases); i++) {
        char what[32];
        snprintf(what, sizeof what, "case %zu", i);
        test_import_refused(f->db, f->dir, "pop.csv", IMPORT_POPULATIONS, bad_cases[i].content,
                            bad_cases[i].error, what);
        char *after = dump_populations(f->db);
        assert_string_equal(before, after);
        free(after);
    }
    free(before);
}

static void test_populations_load_once(void **state)
{
    struct fx *f = *state;
    struct import_result res;
    struct pcn_msg m = {0};
    struct import_src src = {.name = "populations.csv", .path = D "populations.csv"};
    import_result_init(&res, IMPORT_POPULATIONS);
    assert_int_equal(importer_run(f->db, IMPORT_POPULATIONS, &src, &res, &m), 0);
    import_result_release(&res);
    char *first = dump_populations(f->db);
    assert_contains(first, "B20002 2025-01-01 1825025 1850050\n");
    assert_contains(first, "B20003 2024-01-01 1224975 1249950\n");
    import_result_init(&res, IMPORT_POPULATIONS);
    assert_int_equal(importer_run(f->db, IMPORT_POPULATIONS, &src, &res, &m), 0);
    assert_int_equal(res.written, 0);
    assert_contains(res.summary, "Already loaded: nothing changed.");
    import_result_release(&res);
    char *second = dump_populations(f->db);
    assert_string_equal(first, second);
    free(first);
    free(second);

    /* A correction, an unknown practice and a date that is not 1 January:
     * loaded, with warnings. */
    char *path = write_file(f->dir, "fix.csv",
                            HDR "B20001,2025-01-01,20600,\nZ99999,2025-01-01,10,10\n"
                                "B20002,2025-04-01,1,1\n");
    struct import_src fix = {.name = "fix.csv", .path = path};
    import_result_init(&res, IMPORT_POPULATIONS);
    assert_int_equal(importer_run(f->db, IMPORT_POPULATIONS, &fix, &res, &m), 0);
    assert_int_equal(res.written, 3);
    assert_int_equal(res.nwarnings, 2);
    assert_contains(res.warnings[0], "1 practice is not in the registry (the first is Z99999)");
    assert_contains(res.warnings[1], "1 row is not dated 1 January (the first is 2025-04-01)");
    import_result_release(&res);
    char *third = dump_populations(f->db);
    assert_contains(third, "B20001 2025-01-01 2060000 -1\n");
    free(third);
    free(path);

    assert_int_equal(import_detect(HDR, strlen(HDR)), IMPORT_POPULATIONS);
}

static void test_inputs(void **state)
{
    struct fx *f = *state;
    struct arena a;
    struct ent_input in;
    struct pcn_msg m = {0};
    arena_init(&a, 0);
    test_import_ok(f->db, IMPORT_POPULATIONS, D "populations.csv");

    /* 2025/26: everything of 1 January 2025. */
    assert_int_equal(funding_set_beds(f->db, "U20001", date_from_ymd(2025, 6, 17), 12, NULL, &m),
                     0);
    assert_int_equal(funding_set_caip(f->db, "U20001", 2025, 8000, 10000, NULL, &m), 0);
    if (funding_inputs(f->db, "U20001", 2025, &a, &in, &m))
        fail_msg("%s", m.text);
    assert_string_equal(in.pcn_name, "RIVERSIDE PCN");
    assert_int_equal(in.members_date, date_from_ymd(2025, 1, 1));
    assert_int_equal(in.list_date, date_from_ymd(2025, 1, 1));
    assert_int_equal(in.npractices, 3);
    assert_string_equal(in.practices[1].code, "B20002");
    assert_int_equal(in.practices[1].registered, 18000);
    assert_int_equal(in.practices[1].weighted_h, 1825025);
    assert_int_equal(in.practices[1].adjusted_h, 1850050);
    assert_false(in.beds_known[0]); /* April, May: none entered */
    assert_false(in.beds_known[1]);
    assert_true(in.beds_known[2]); /* from June on */
    assert_int_equal(in.beds[11], 12);
    assert_int_equal(in.beds_from[11], date_from_ymd(2025, 6, 1));
    assert_true(in.caip_known);
    assert_int_equal(in.caip_bp, 8000);
    assert_int_equal(in.nagreements, 0);

    /* 2024/25: the store holds nothing of 1 January 2024 (only the 2025
     * files are loaded), so the earliest registry and list are used. */
    if (funding_inputs(f->db, "U20001", 2024, &a, &in, &m))
        fail_msg("%s", m.text);
    assert_int_equal(in.members_date, date_from_ymd(2025, 1, 1));
    assert_int_equal(in.list_date, date_from_ymd(2025, 1, 1));
    assert_int_equal(in.practices[0].adjusted_h, 2100000); /* 2024-01-01 row */

    /* Distribution: weighted for every stream, fixed for one. */
    static const char *const codes[] = {"B20003", "B20001", "B20002"};
    static const int64_t bp[] = {2000, 5000, 3000};
    assert_int_equal(funding_set_distribution(f->db, "U20001", "*", 2024, METHOD_WEIGHTED, NULL,
                                              NULL, 0, NULL, &m),
                     0);
    assert_int_equal(funding_set_distribution(f->db, "U20001", "casp", 2025, METHOD_FIXED, codes,
                                              bp, 3, NULL, &m),
                     0);
    if (funding_inputs(f->db, "U20001", 2025, &a, &in, &m))
        fail_msg("%s", m.text);
    assert_int_equal(in.nagreements, 2);
    assert_null(in.agreements[0].stream); /* "*" sorts first */
    assert_int_equal(in.agreements[0].method, METHOD_WEIGHTED);
    assert_string_equal(in.agreements[1].stream, "casp");
    assert_int_equal(in.agreements[1].fixed_bp[0], 5000); /* in practice order */
    assert_int_equal(in.agreements[1].fixed_bp[2], 2000);
    if (funding_inputs(f->db, "U20001", 2024, &a, &in, &m))
        fail_msg("%s", m.text);
    assert_int_equal(in.nagreements, 1); /* casp's starts in 2025/26 */

    /* Setting it again replaces it. */
    assert_int_equal(funding_set_distribution(f->db, "U20001", "casp", 2025, METHOD_REGISTERED,
                                              NULL, NULL, 0, NULL, &m),
                     0);
    if (funding_inputs(f->db, "U20001", 2025, &a, &in, &m))
        fail_msg("%s", m.text);
    assert_int_equal(in.agreements[1].method, METHOD_REGISTERED);
    assert_null(in.agreements[1].fixed_bp);

    /* Refusals */
    static const int64_t bad_bp[] = {5000, 5000};
    assert_int_equal(funding_set_distribution(f->db, "U20001", "*", 2025, METHOD_FIXED, codes,
                                              bad_bp, 2, NULL, &m),
                     PCN_EINVAL);
    assert_contains(m.text, "B20002 is a member of U20001 on 2025-01-01 but has no share");
    assert_int_equal(funding_inputs(f->db, "B20001", 2025, &a, &in, &m), PCN_ENOTFOUND);
    assert_contains(m.text, "B20001 is a practice, not a PCN");
    assert_int_equal(funding_set_caip(f->db, "U20001", 2025, 10001, 10000, NULL, &m), PCN_EINVAL);
    arena_release(&a);
}

/* Populations entered by hand for one date: every practice and the audit
 * entry in one transaction.  Each case starts from B20001 holding 1000.00
 * and 900.00 on 1 January 2025; it writes its rows, then the populations
 * held and the newest audit entry's detail are compared (no entry: ""). */
struct pop_entry_case {
    const char *name;
    const char *on; /* the date entered */
    struct popentry_row rows[3];
    int rc;
    const char *held;   /* dump_populations afterwards */
    const char *detail; /* the entry written, or "" */
};

#define POP_BEFORE "B20001 2025-01-01 100000 90000\n"

static const struct pop_entry_case pop_entry_cases[] = {
    {"two practices, one changed, one new",
     "2025-01-01",
     {{"B20001", 100000, 95050}, {"B20002", 50025, -1}, {"B20003", -1, -1}},
     0,
     "B20001 2025-01-01 100000 95050\nB20002 2025-01-01 50025 -1\n",
     "{\"date\":\"2025-01-01\",\"changes\":[{\"practice\":\"B20001\",\"before\":"
     "{\"weighted_hundredths\":100000,\"adjusted_hundredths\":90000},\"after\":"
     "{\"weighted_hundredths\":100000,\"adjusted_hundredths\":95050}},{\"practice\":"
     "\"B20002\",\"before\":null,\"after\":{\"weighted_hundredths\":50025,"
     "\"adjusted_hundredths\":null}}]}"},
    {"the figures already held: no entry",
     "2025-01-01",
     {{"B20001", 100000, 90000}, {NULL, 0, 0}, {NULL, 0, 0}},
     0,
     POP_BEFORE,
     ""},
    {"not 1 January: refused, nothing written",
     "2025-02-01",
     {{"B20001", 1, 1}, {NULL, 0, 0}, {NULL, 0, 0}},
     PCN_EINVAL,
     POP_BEFORE,
     ""},
    {"a later row not a practice: the first row undone too",
     "2025-01-01",
     {{"B20001", 1, 1}, {"U20001", 2, 2}, {NULL, 0, 0}},
     PCN_ENOTFOUND,
     POP_BEFORE,
     ""},
};

static char *newest_detail(struct db *db, int64_t after_id)
{
    struct db_stmt *st;
    struct pcn_msg m = {0};
    if (db_prepare(db, "SELECT COALESCE(detail, '') FROM audit_log WHERE id > ? ORDER BY id DESC",
                   &st, &m))
        fail_msg("%s", m.text);
    db_bind_int(st, 1, after_id);
    char *out = strdup(db_step(st, &m) == 1 ? db_col_text(st, 0) : "");
    db_finalize(st);
    return out;
}

static int64_t newest_id(struct db *db)
{
    struct db_stmt *st;
    struct pcn_msg m = {0};
    if (db_prepare(db, "SELECT COALESCE(MAX(id), 0) FROM audit_log", &st, &m))
        fail_msg("%s", m.text);
    int64_t id = db_step(st, &m) == 1 ? db_col_int(st, 0) : -1;
    db_finalize(st);
    return id;
}

static void test_population_entry(void **state)
{
    for (size_t i = 0; i < ARRAY_SIZE(pop_entry_cases); i++) {
        const struct pop_entry_case *k = &pop_entry_cases[i];
        if (i) {
            teardown(state);
            setup(state);
        }
        struct fx *f = *state;
        struct pcn_msg m = {0};
        date_t base = date_from_ymd(2025, 1, 1), on;
        assert_int_equal(date_parse_iso(k->on, strlen(k->on), &on), 0);
        assert_int_equal(
            funding_set_population(f->db, "B20001", base, 100000, 90000, "test", NULL, &m), 0);
        int64_t before = newest_id(f->db);
        size_t n = 0;
        while (n < 3 && k->rows[n].practice)
            n++;
        struct arena a;
        arena_init(&a, 0);
        struct audit_entry note;
        audit_note_cli(&note, &a, "set-populations", "pcn", "U20001",
                       json_pack("{s:s}", "date", k->on));
        int rc = popentry_write(f->db, on, k->rows, n, "test", &note, &m);
        if (rc != k->rc)
            fail_msg("%s: rc %d, expected %d (%s)", k->name, rc, k->rc, m.text);
        char *held = dump_populations(f->db), *detail = newest_detail(f->db, before);
        if (strcmp(held, k->held) || strcmp(detail, k->detail))
            fail_msg("%s:\nheld:\n%s\nwanted:\n%s\nentry: %s\nwanted: %s", k->name, held, k->held,
                     detail, k->detail);
        free(held);
        free(detail);
        arena_release(&a);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_bad_populations, setup, teardown),
        cmocka_unit_test_setup_teardown(test_populations_load_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_inputs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_population_entry, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
