/* The real NHS England files for July 2026 (bundled in data/nhs/): every
 * practice and every real PCN is loaded, and for every PCN our roll-up of
 * its practices equals the PCN rows of the age-band file. */
#include "testutil.h"

#include "arena.h"
#include "csv.h"
#include "db.h"
#include "migrate.h"
#include "import.h"
#include "importer.h"
#include "infile.h"
#include "registry.h"
#include "strmap.h"

#define MAP "data/nhs/gp-reg-pat-prac-map-2026-07.csv"
#define QUIN "data/nhs/gp-reg-pat-prac-quin-age-2026-07.csv.gz"

struct fx {
    char *dir;
    struct db *db;
    struct import_result map, lists;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct pcn_msg m = {0};
    char path[256];
    if (access(MAP, R_OK) != 0 || access(QUIN, R_OK) != 0) {
        fprintf(stderr, "the national files are not in data/nhs/\n");
        free(f);
        return -1;
    }
    f->dir = tmpdir_make();
    if (test_store(f->dir, "national.db", path, sizeof path))
        fail_msg("no store for the test");
    if (migrate_open(path, &f->db, &m))
        fail_msg("%s", m.text);
    struct import_src map = {.name = MAP, .path = MAP}, quin = {.name = QUIN, .path = QUIN};
    import_result_init(&f->map, IMPORT_REGISTRY);
    import_result_init(&f->lists, IMPORT_LIST_SIZES);
    if (importer_run(f->db, IMPORT_REGISTRY, &map, &f->map, &m) ||
        importer_run(f->db, IMPORT_LIST_SIZES, &quin, &f->lists, &m))
        fail_msg("%s", m.text);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    import_result_release(&f->map);
    import_result_release(&f->lists);
    db_close(f->db);
    tmpdir_remove(f->dir);
    free(f);
    return 0;
}

static void test_counts(void **state)
{
    struct fx *f = *state;
    assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM org WHERE kind = 'practice'"),
                     6139);
    /* 1,299 PCN codes in the file, less the placeholder "U" */
    assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM org WHERE kind = 'pcn'"), 1298);
    assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM org WHERE kind = 'icb'"), 36);
    assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM org WHERE kind = 'sub_icb'"), 106);
    assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM org WHERE kind = 'region'"), 7);
    assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM membership"), 6139 - 52);
    assert_int_equal(test_query_int(f->db, "SELECT COUNT(*) FROM list_size"), 6139);
    assert_int_equal(f->map.rows, 6139);
    assert_contains(f->map.summary, "6,139 practices in 1,298 PCNs (52 practices in no PCN)");
}

/* The import compares every PCN, sub-ICB, ICB and region row of the file,
 * by sex and age band, with its own sum of the practices. */
static void test_import_rollup_checks(void **state)
{
    struct fx *f = *state;
    assert_int_equal(f->lists.checks, 1299 + 106 + 36 + 7);
    assert_int_equal(f->lists.check_failures, 0);
    assert_int_equal(f->lists.nwarnings, 0);
}

/* And independently: read the PCN rows (ALL, ALL) from the file here, and
 * compare each with the PCN's registered patients from the registry. */
struct pcn_rows {
    struct strmap totals; /* code -> malloc'd int64_t */
    int col_type, col_code, col_sex, col_age, col_n;
};

static int on_rec(void *ctx, const struct csv_record *r, struct pcn_msg *m)
{
    struct pcn_rows *p = ctx;
    (void)m;
    if (r->index == 0) {
        for (size_t i = 0; i < r->nfields; i++) {
            if (!strcmp(r->f[i].p, "ORG_TYPE"))
                p->col_type = (int)i;
            if (!strcmp(r->f[i].p, "ORG_CODE"))
                p->col_code = (int)i;
            if (!strcmp(r->f[i].p, "SEX"))
                p->col_sex = (int)i;
            if (!strcmp(r->f[i].p, "AGE_GROUP_5"))
                p->col_age = (int)i;
            if (!strcmp(r->f[i].p, "NUMBER_OF_PATIENTS"))
                p->col_n = (int)i;
        }
        return 0;
    }
    if (strcmp(r->f[p->col_type].p, "PCN") || strcmp(r->f[p->col_sex].p, "ALL") ||
        strcmp(r->f[p->col_age].p, "ALL"))
        return 0;
    int64_t *v = malloc(sizeof *v);
    *v = strtoll(r->f[p->col_n].p, NULL, 10);
    strmap_put(&p->totals, strdup(r->f[p->col_code].p), v);
    return 0;
}

static int feed(void *ctx, const char *data, size_t n, struct pcn_msg *m)
{
    return csv_feed(ctx, data, n, m);
}

static void test_every_pcn_equals_file(void **state)
{
    struct fx *f = *state;
    struct pcn_rows p = {0};
    struct csv_reader r;
    struct pcn_msg m = {0};
    strmap_init(&p.totals);
    csv_init(&r, QUIN, on_rec, &p);
    if (infile_stream(QUIN, NULL, feed, &r, &m) || csv_finish(&r, &m))
        fail_msg("%s", m.text);
    csv_release(&r);
    assert_int_equal(p.totals.n, 1299);

    struct arena a;
    struct pcn_row *rows;
    size_t n;
    arena_init(&a, 0);
    assert_int_equal(registry_list_pcns(f->db, NULL, date_from_ymd(2026, 7, 1), &a, &rows, &n, &m),
                     0);
    assert_int_equal(n, 1298);
    size_t compared = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t *want = strmap_get(&p.totals, rows[i].code);
        if (!want)
            fail_msg("PCN %s is not in the age-band file", rows[i].code);
        if (rows[i].registered_patients != *want)
            fail_msg("PCN %s: registry sum %" PRId64 ", file %" PRId64, rows[i].code,
                     rows[i].registered_patients, *want);
        compared++;
    }
    assert_int_equal(compared, 1298);

    /* A PCN with practices in two ICBs keeps all of them. */
    struct pcn_detail d;
    assert_int_equal(registry_pcn(f->db, "U41591", date_from_ymd(2026, 7, 1), &a, &d, &m), 0);
    assert_int_equal(d.registered_patients, *(int64_t *)strmap_get(&p.totals, "U41591"));

    const char *k;
    void *v;
    for (size_t it = 0; strmap_next(&p.totals, &it, &k, &v);) {
        free((char *)k);
        free(v);
    }
    strmap_release(&p.totals);
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_import_rollup_checks),
        cmocka_unit_test(test_every_pcn_equals_file),
    };
    return cmocka_run_group_tests_name("national files", tests, setup, teardown);
}
