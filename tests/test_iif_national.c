/* The real 2023/24 IIF annual publication and the 2024/25 QOF registers
 * (data/nhs/), imported in full beside the real July 2026 registry: every
 * row is read and written, with its counts; ACC-08 and EHCH-04 are
 * published for practices only and ACC-10 and ACC-10b for PCNs only; the
 * registry holds no membership as early as 31 March 2024, so every
 * practice is listed as having no known PCN on that date, not dropped; the
 * national ACC-08 figures add up to what the file says; importing again
 * changes nothing. */
#include "testutil.h"

#include "arena.h"
#include "db.h"
#include "migrate.h"
#include "iif.h"
#include "iifdata.h"
#include "import.h"
#include "importer.h"
#include "rules.h"

#define MAP "data/nhs/gp-reg-pat-prac-map-2026-07.csv"
#define IIF "data/nhs/iif-indicators-annual-2023-24.csv.gz"
#define QOF "data/nhs/qof-prevalence-2024-25.csv.gz"

struct fx {
    struct test_fx t; /* first: test_fx_teardown */
    struct rules r;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct pcn_msg m = {0};
    struct rules_diag d = {0};
    if (access(MAP, R_OK) != 0 || access(IIF, R_OK) != 0 || access(QOF, R_OK) != 0) {
        fprintf(stderr, "the national files are not in data/nhs/\n");
        free(f);
        return -1;
    }
    test_fx_open(&f->t, "iif.db");
    struct import_result res;
    struct import_src src = {.name = MAP, .path = MAP};
    import_result_init(&res, IMPORT_REGISTRY);
    if (importer_run(f->t.db, IMPORT_REGISTRY, &src, &res, &m))
        fail_msg("%s", m.text);
    import_result_release(&res);
    if (rules_load("rules", &f->t.a, &f->r, &d, &m))
        fail_msg("%s", m.text);
    *state = f;
    return 0;
}

static void test_iif_2023_24(void **state)
{
    struct fx *f = *state;
    struct pcn_msg m = {0};
    struct import_result res;
    struct import_src src = {.name = IIF, .path = IIF};
    import_result_init(&res, IMPORT_IIF);
    if (importer_run(f->t.db, IMPORT_IIF, &src, &res, &m))
        fail_msg("%s", m.text);
    assert_int_equal(res.rows, 26520);
    assert_int_equal(res.written, 26520);
    assert_int_equal(res.date, date_from_ymd(2024, 3, 31));
    assert_string_equal(res.summary,
                        "iif 2023/24, achievement date 31 March 2024: 26,520 figures of 4 "
                        "indicators for 6,294 practices and 1,273 PCNs; 26,520 written. Practice "
                        "figures roll up to 0 PCNs through the registry on 31 March 2024; 6,294 "
                        "practices have no known PCN on that date.");
    assert_int_equal(res.nwarnings, 2);
    assert_contains(res.warnings[0], "6,294 practices have no known PCN on 31 March 2024 "
                                     "(A81001, A81002, A81004,");
    assert_contains(res.warnings[1], "21 of its 1,273 PCNs are not in the registry");
    import_result_release(&res);

    /* Every row, by organisation type and figure. */
    assert_int_equal(test_query_int(f->t.db, "SELECT COUNT(*) FROM iif_published"), 26520);
    assert_int_equal(test_query_int(f->t.db,
                                    "SELECT COUNT(DISTINCT org_code) FROM iif_published WHERE "
                                    "org_type = 'practice'"),
                     6294);
    assert_int_equal(test_query_int(f->t.db,
                                    "SELECT COUNT(DISTINCT org_code) FROM iif_published WHERE "
                                    "org_type = 'pcn'"),
                     1273);
    assert_int_equal(test_query_int(f->t.db,
                                    "SELECT COUNT(*) FROM iif_published WHERE code = 'ACC-08' AND "
                                    "part = 'numerator' AND org_type = 'practice'"),
                     6294);
    assert_int_equal(test_query_int(f->t.db,
                                    "SELECT COUNT(*) FROM iif_published WHERE code = 'ACC-08' AND "
                                    "org_type = 'pcn'"),
                     0);
    assert_int_equal(
        test_query_int(f->t.db, "SELECT COUNT(*) FROM iif_published WHERE code = 'EHCH-04'"), 6294);
    assert_int_equal(test_query_int(f->t.db,
                                    "SELECT COUNT(*) FROM iif_published WHERE code = 'EHCH-04' AND "
                                    "part <> 'numerator'"),
                     0);
    assert_int_equal(
        test_query_int(f->t.db, "SELECT COUNT(*) FROM iif_published WHERE code = 'ACC-10'"),
        4 * 1273);
    assert_int_equal(
        test_query_int(f->t.db, "SELECT COUNT(*) FROM iif_published WHERE code = 'ACC-10b'"),
        2 * 1273);
    assert_int_equal(test_query_int(f->t.db,
                                    "SELECT COUNT(*) FROM iif_published WHERE code IN ('ACC-10', "
                                    "'ACC-10b') AND org_type = 'practice'"),
                     0);

    /* England's ACC-08: 188,034,307 of 216,102,375 appointments = 87.01%,
     * which would earn 28.566 of the 71 points; all 71 were deemed. */
    int64_t n = test_query_int(
        f->t.db, "SELECT SUM(value) FROM iif_published WHERE code = 'ACC-08' AND part = "
                 "'numerator'");
    int64_t d = test_query_int(
        f->t.db, "SELECT SUM(value) FROM iif_published WHERE code = 'ACC-08' AND part = "
                 "'denominator'");
    assert_int_equal(n, 188034307);
    assert_int_equal(d, 216102375);
    int64_t bp, pts;
    assert_int_equal(iif_achievement_bp(n, d, ROUND_HALF_UP, &bp, &m), 0);
    assert_int_equal(bp, 8701);
    assert_int_equal(iif_points(n, d, 8500, 9000, 71000, ROUND_HALF_UP, &pts, &m), 0);
    assert_int_equal(pts, 28566);
    /* Eight practices published a denominator of 0; no numerator is above
     * its denominator (the importer refuses one). */
    assert_int_equal(test_query_int(f->t.db,
                                    "SELECT COUNT(*) FROM iif_published WHERE code = 'ACC-08' AND "
                                    "part = 'denominator' AND value = 0"),
                     8);

    /* Not dropped: every practice is listed as having no PCN on the date. */
    struct iif_orphan *o;
    size_t no;
    date_t ach;
    assert_int_equal(iifdata_unallocated(f->t.db, 2023, &f->t.a, &ach, &o, &no, &m), 0);
    assert_int_equal(no, 6294);
    assert_string_equal(o[0].code, "A81001");
    assert_string_equal(o[0].name, "THE DENSHAM SURGERY");

    /* A PCN's own ACC-10 figures; its ACC-08 through the July 2026
     * membership when asked (an estimate), else none. */
    struct iif_pcn p;
    struct iif_result r;
    const struct rules_year *y = rules_year(&f->r, 2023);
    assert_int_equal(iifdata_pcn(f->t.db, &f->r, "U00070", 2023, DATE_NONE, &f->t.a, &p, &m), 0);
    assert_int_equal(iif_compute(y, &p.in, &f->t.a, &r, &m), 0);
    const struct iif_result_ind *x = iif_find(&r, "ACC-10");
    assert_int_equal(x->numerator, 280);
    assert_int_equal(x->denominator, 32148);
    x = iif_find(&r, "ACC-08");
    assert_int_equal(x->status, IIF_NO_DATA);
    assert_true(x->deemed);
    assert_int_equal(x->deemed_points, 71000);
    assert_int_equal(
        iifdata_pcn(f->t.db, &f->r, "U00070", 2023, date_from_ymd(2026, 7, 1), &f->t.a, &p, &m), 0);
    assert_int_equal(iif_compute(y, &p.in, &f->t.a, &r, &m), 0);
    x = iif_find(&r, "ACC-08");
    assert_int_equal(x->numerator, 100830);
    assert_int_equal(x->denominator, 109305);
    assert_int_equal(x->achievement_bp, 9225);
    assert_int_equal(x->points, 71000);

    /* Again: nothing changes. */
    import_result_init(&res, IMPORT_IIF);
    if (importer_run(f->t.db, IMPORT_IIF, &src, &res, &m))
        fail_msg("%s", m.text);
    assert_int_equal(res.written, 0);
    assert_contains(res.summary, "26,520 figures of 4 indicators for 6,294 practices and 1,273 "
                                 "PCNs; 0 written. Already loaded: nothing changed.");
    import_result_release(&res);
    assert_int_equal(test_query_int(f->t.db, "SELECT COUNT(*) FROM iif_published"), 26520);
}

static void test_qof_2024_25(void **state)
{
    struct fx *f = *state;
    struct pcn_msg m = {0};
    struct import_result res;
    struct import_src src = {.name = QOF, .path = QOF};
    import_result_init(&res, IMPORT_QOF);
    if (importer_run(f->t.db, IMPORT_QOF, &src, &res, &m))
        fail_msg("%s", m.text);
    assert_string_equal(res.summary,
                        "qof 2024/25: 129,948 rows, 6,188 practices, 21 registers; 129,948 "
                        "written.");
    assert_int_equal(res.nwarnings, 2);
    assert_contains(res.warnings[0], "1 register is larger than the practice's list (the first "
                                     "on line 129437): kept as published");
    assert_contains(res.warnings[1], "69 practices are not in the registry");
    import_result_release(&res);
    /* England's learning disability register: 374,763 of 63,766,671. */
    assert_int_equal(test_query_int(f->t.db,
                                    "SELECT SUM(patients) FROM qof_register WHERE fy = 2024 AND "
                                    "register = 'LD'"),
                     374763);
    assert_int_equal(test_query_int(f->t.db,
                                    "SELECT SUM(list_size) FROM qof_register WHERE fy = 2024 AND "
                                    "register = 'LD'"),
                     63766671);
    import_result_init(&res, IMPORT_QOF);
    if (importer_run(f->t.db, IMPORT_QOF, &src, &res, &m))
        fail_msg("%s", m.text);
    assert_int_equal(res.written, 0);
    import_result_release(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_iif_2023_24, setup, test_fx_teardown),
        cmocka_unit_test_setup_teardown(test_qof_2024_25, setup, test_fx_teardown),
    };
    return cmocka_run_group_tests_name("iif national", tests, NULL, NULL);
}
