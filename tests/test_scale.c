/* test_scale.c: the national jobs run a number of SQL statements that does
 * not grow with the number of PCNs.  A count, not a timing: each job runs
 * on a generated store of one "England" of a fixed shape and on one of four
 * copies of it, and db_statement_count (db.h) must move by the same amount
 * on both.  The jobs: list icbs, show icb, list pcns (and --icb), the ICB
 * page, an administrator's home page, iif --all, and entitlements --all and
 * --icb (funding_each_pcn). */
#include "testutil.h"

#include <sodium.h>

#include "auth.h"
#include "db.h"
#include "entitle.h"
#include "funding.h"
#include "home.h"
#include "migrate.h"
#include "http.h"
#include "iif.h"
#include "iifdata.h"
#include "import.h"
#include "importer.h"
#include "registry.h"
#include "router.h"
#include "webapp.h"
#include "rules.h"
#include "staff.h"
#include "web.h"

/* The shape of one copy: 2 ICBs, each with 2 sub-ICB locations, each with
 * 3 PCNs of 4 practices, and 2 practices in no PCN. */
enum { ICBS = 2, SUBS = 2, PCNS = 3, PRACS = 4, LONE = 2 };

static void gen_files(const char *dir, int copies, char *map, char *lists, size_t len)
{
    snprintf(map, len, "%s/map-%d.csv", dir, copies);
    snprintf(lists, len, "%s/all-%d.csv", dir, copies);
    FILE *fm = fopen(map, "w"), *fl = fopen(lists, "w");
    assert_non_null(fm);
    assert_non_null(fl);
    fprintf(fm, "PUBLICATION,EXTRACT_DATE,PRACTICE_CODE,PRACTICE_NAME,PRACTICE_POSTCODE,PCN_CODE,"
                "PCN_NAME,ONS_SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_NAME,"
                "ONS_ICB_CODE,ICB_CODE,ICB_NAME,ONS_COMM_REGION_CODE,COMM_REGION_CODE,"
                "COMM_REGION_NAME,SUPPLIER_NAME\r\n");
    fprintf(fl, "PUBLICATION,EXTRACT_DATE,TYPE,SUB_ICB_LOCATION_CODE,ONS_SUB_ICB_LOCATION_CODE,"
                "CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS\r\n");
    int icb = 0, sub = 0, pcn = 0, prac = 0;
    for (int c = 0; c < copies; c++) {
        for (int i = 0; i < ICBS; i++, icb++) {
            for (int s = 0; s < SUBS; s++, sub++) {
                for (int p = 0; p <= PCNS; p++) {
                    int n = p < PCNS ? PRACS : LONE; /* the last: no PCN */
                    for (int k = 0; k < n; k++, prac++) {
                        char pcode[24], pname[32];
                        if (p < PCNS) {
                            snprintf(pcode, sizeof pcode, "U%05d", 10000 + pcn);
                            snprintf(pname, sizeof pname, "PCN %d", pcn);
                        } else {
                            snprintf(pcode, sizeof pcode, "U");
                            snprintf(pname, sizeof pname, "Unallocated");
                        }
                        fprintf(fm,
                                "GP_PRAC_PAT_LIST,01Jul2023,A%05d,PRACTICE %d,AA1 1AA,%s,%s,"
                                "E38%06d,%02d%c,NHS ICB %d - sub %d,E54%06d,Q%c%c,NHS ICB %d,"
                                "E40%06d,Y%02d,Region %d,EMIS\r\n",
                                10000 + prac, prac, pcode, pname, sub, sub / 26, 'A' + sub % 26,
                                icb, sub, icb, 'A' + icb / 26, 'A' + icb % 26, icb, c, 10 + c, c);
                        fprintf(fl,
                                "GP_PRAC_PAT_LIST,01Jul2023,GP,%02d%c,E38%06d,A%05d,AA1 1AA,"
                                "ALL,ALL,%d\r\n",
                                sub / 26, 'A' + sub % 26, sub, 10000 + prac, 1000 + prac);
                    }
                    if (p < PCNS)
                        pcn++;
                }
            }
        }
    }
    fclose(fm);
    fclose(fl);
}

struct store {
    char *dir;
    char path[256];
    struct db *db;
    struct web w;
    time_t now;
    const char *cookie;
    struct arena a;
    struct rules r;
    long pcns;
};

static time_t clock_of(void *ctx)
{
    return ((struct store *)ctx)->now;
}

static void store_make(struct store *s, int copies)
{
    struct pcn_msg m = {0};
    struct rules_diag d = {0};
    char map[256], lists[256];
    memset(s, 0, sizeof *s);
    s->dir = tmpdir_make();
    snprintf(s->path, sizeof s->path, "%s/scale.db", s->dir);
    gen_files(s->dir, copies, map, lists, sizeof map);
    if (migrate_open(s->path, &s->db, &m))
        fail_msg("%s", m.text);
    test_import_ok(s->db, IMPORT_REGISTRY, map);
    test_import_ok(s->db, IMPORT_LIST_SIZES, lists);
    arena_init(&s->a, 0);
    if (rules_load("rules", &s->a, &s->r, &d, &m))
        fail_msg("rules: %s", m.text);
    /* A month of IIF figures entered for every PCN, for iif --all. */
    fy_t fy;
    assert_int_equal(fy_parse("2023/24", &fy), 0);
    const struct rules_year *y = rules_year(&s->r, fy);
    assert_non_null(y);
    assert_true(y->niif > 0);
    int64_t n;
    if (db_query_int(s->db, "SELECT COUNT(*) FROM org WHERE kind = 'pcn'", &n, &m))
        fail_msg("%s", m.text);
    s->pcns = (long)n;
    for (long i = 0; i < s->pcns; i++) {
        char pcn[24];
        bool had;
        struct iif_entry before;
        snprintf(pcn, sizeof pcn, "U%05ld", 10000 + i);
        if (iifdata_enter(s->db, &s->r, pcn, pcn, y->iif[0].code, 2024, 1, 40 + i % 50, 100, s->now,
                          NULL, &had, &before, NULL, &m))
            fail_msg("iif enter %s: %s", pcn, m.text);
    }
    /* An ARRS post in every PCN, with a claim, for an ICB user's home. */
    for (long i = 0; i < s->pcns; i++) {
        char pcn[24];
        int64_t id;
        snprintf(pcn, sizeof pcn, "U%05ld", 10000 + i);
        struct arrs_terms t = {
            .from = date_from_ymd(2026, 4, 1), .wte_e4 = 10000, .has_cost = true, .cost = 3000000};
        struct staff st = {.pcn = pcn,
                           .name = "Post",
                           .role = "social_prescribing_link_worker",
                           .start = date_from_ymd(2026, 4, 1),
                           .end = DATE_NONE,
                           .terms = &t,
                           .nterms = 1};
        if (staff_add(s->db, &s->r, &st, s->now, NULL, &id, &m))
            fail_msg("staff %s: %s", pcn, m.text);
    }
    /* The web app, with an administrator signed in. */
    if (webapp_init(&s->w, s->path, NULL, &m))
        fail_msg("%s", m.text);
    s->w.pw_opslimit = crypto_pwhash_OPSLIMIT_MIN;
    s->w.pw_memlimit = crypto_pwhash_MEMLIMIT_MIN;
    s->now = (time_t)date_from_ymd(2026, 11, 23) * 86400 + 8 * 3600;
    s->w.clock = clock_of;
    s->w.clock_ctx = s;
    if (auth_user_add(s->db, &s->w, "admin@test.nhs.uk", "Admin", ROLE_ADMIN, NULL,
                      "fixture password", NULL, &m))
        fail_msg("%s", m.text);
    struct http_req q = {
        .a = &s->a, .method = "POST", .path = "/sign-in", .remote = "127.0.0.1", .now = s->now};
    struct http_resp r;
    struct ctx c = {.w = &s->w, .db = s->db, .q = &q, .a = &s->a};
    http_resp_init(&r);
    c.r = &r;
    if (auth_sign_in(&c, "admin@test.nhs.uk", "fixture password", &s->cookie, &m))
        fail_msg("%s", m.text);
    http_resp_release(&r);
}

static void store_free(struct store *s)
{
    webapp_release(&s->w);
    db_close(s->db);
    arena_release(&s->a);
    tmpdir_remove(s->dir);
}

enum job {
    J_LIST_ICBS,
    J_SHOW_ICB,
    J_LIST_PCNS,
    J_LIST_PCNS_ICB,
    J_ICB_PAGE,
    J_HOME,
    J_IIF_ALL,
    J_ENT_ALL,
    J_ENT_ICB,
    J_ICB_HOME,
    J_N
};
static const char *const job_names[J_N] = {
    "list icbs",          "show icb",          "list pcns", "list pcns --icb",
    "the ICB page",       "the admin home",    "iif --all", "entitlements --all",
    "entitlements --icb", "an ICB user's home"};

/* Counts the PCNs the national walk works out. */
static int count_pcn(void *ctx, const struct ent_result *r, struct pcn_msg *m)
{
    (void)m;
    assert_true(r->nstreams > 0);
    ++*(size_t *)ctx;
    return 0;
}

static void page(struct store *s, const char *path)
{
    struct arena a;
    arena_init(&a, 0);
    struct http_req *q = arena_zalloc(&a, sizeof *q);
    char cookie[160];
    snprintf(cookie, sizeof cookie, "pcnops=%s", s->cookie);
    q->a = &a;
    q->method = "GET";
    q->path = path;
    q->remote = "127.0.0.1";
    q->now = s->now;
    q->headers[0].name = "Cookie";
    q->headers[0].value = cookie;
    q->nheaders = 1;
    struct http_resp r;
    http_resp_init(&r);
    router_handle(&s->w, s->db, q, &r);
    assert_int_equal(r.status, 200);
    http_resp_release(&r);
    arena_release(&a);
}

/* Runs a job; returns the statements it ran and, in *rows, what it found. */
static uint64_t run(struct store *s, enum job j, size_t *rows)
{
    struct pcn_msg m = {0};
    struct arena a;
    arena_init(&a, 0);
    date_t on = date_from_ymd(2026, 11, 23);
    uint64_t before = db_statement_count(s->db);
    int rc = 0;
    *rows = 0;
    switch (j) {
    case J_LIST_ICBS: {
        struct icb_row *r;
        rc = registry_list_icbs(s->db, on, &a, &r, rows, &m);
        break;
    }
    case J_SHOW_ICB: {
        struct icb_detail d;
        rc = registry_icb(s->db, "QAA", on, &a, &d, &m);
        *rows = d.npcns;
        break;
    }
    case J_LIST_PCNS: {
        struct pcn_row *r;
        rc = registry_list_pcns(s->db, NULL, on, &a, &r, rows, &m);
        break;
    }
    case J_LIST_PCNS_ICB: {
        struct pcn_row *r;
        rc = registry_list_pcns(s->db, "QAB", on, &a, &r, rows, &m);
        break;
    }
    case J_ICB_PAGE:
        page(s, "/icb/QAA");
        break;
    case J_HOME:
        page(s, "/");
        break;
    case J_IIF_ALL: {
        fy_t fy;
        struct iif_pcn *p;
        assert_int_equal(fy_parse("2023/24", &fy), 0);
        rc = iifdata_all(s->db, &s->r, fy, DATE_NONE, &a, &p, rows, &m);
        for (size_t i = 0; !rc && i < *rows; i++) {
            struct iif_result res;
            rc = iif_compute(rules_year(&s->r, fy), &p[i].in, &a, &res, &m);
            assert_true(p[i].ndata > 0); /* the month entered was found */
        }
        break;
    }
    case J_ENT_ALL:
    case J_ENT_ICB: {
        fy_t fy;
        long skipped;
        assert_int_equal(fy_parse("2026/27", &fy), 0);
        rc = funding_each_pcn(s->db, j == J_ENT_ICB ? "QAB" : NULL, fy, &s->r, count_pcn, rows,
                              &skipped, &m);
        break;
    }
    case J_ICB_HOME: {
        struct home_icb h;
        rc = home_icb(s->db, &s->r, "QAA", on, &a, &h, &m);
        *rows = h.n;
        assert_true(h.n > 0);
        for (size_t i = 0; !rc && i < h.n; i++)
            assert_int_equal(h.rows[i].posts, 1); /* every PCN's post was found */
        break;
    }
    case J_N:
        break;
    }
    if (rc)
        fail_msg("%s: %s", job_names[j], m.text);
    uint64_t n = db_statement_count(s->db) - before;
    arena_release(&a);
    return n;
}

static void test_statements_do_not_grow(void **state)
{
    (void)state;
    struct store small, large;
    store_make(&small, 1);
    store_make(&large, 4);
    assert_int_equal(small.pcns, ICBS * SUBS * PCNS);
    assert_int_equal(large.pcns, 4 * ICBS * SUBS * PCNS);
    for (int j = 0; j < J_N; j++) {
        size_t rs, rl;
        run(&small, j, &rs); /* the first run prepares the cached statements */
        run(&large, j, &rl);
        uint64_t ns = run(&small, j, &rs), nl = run(&large, j, &rl);
        print_message("# %s: %llu statements on %ld PCNs, %llu on %ld\n", job_names[j],
                      (unsigned long long)ns, small.pcns, (unsigned long long)nl, large.pcns);
        assert_true(ns > 0);
        if (ns != nl)
            fail_msg("%s: %llu statements on %ld PCNs but %llu on %ld", job_names[j],
                     (unsigned long long)ns, small.pcns, (unsigned long long)nl, large.pcns);
        /* The larger store really is larger where the job reads all of it. */
        if (j == J_LIST_ICBS || j == J_LIST_PCNS || j == J_IIF_ALL || j == J_ENT_ALL)
            assert_true(rl == 4 * rs);
        if (j == J_SHOW_ICB || j == J_LIST_PCNS_ICB)
            assert_true(rs == SUBS * PCNS && rl == rs);
    }
    store_free(&small);
    store_free(&large);
}

/* The counter counts: one statement, one more; a job per PCN would show. */
static void test_counter_counts(void **state)
{
    (void)state;
    struct store s;
    struct pcn_msg m = {0};
    int64_t n;
    store_make(&s, 1);
    uint64_t c0 = db_statement_count(s.db);
    assert_int_equal(db_query_int(s.db, "SELECT COUNT(*) FROM org", &n, &m), 0);
    assert_int_equal(db_statement_count(s.db), c0 + 1);
    struct arena a;
    arena_init(&a, 0);
    uint64_t c1 = db_statement_count(s.db);
    for (long i = 0; i < s.pcns; i++) {
        char pcn[24];
        struct pcn_detail d;
        snprintf(pcn, sizeof pcn, "U%05ld", 10000 + i);
        assert_int_equal(registry_pcn(s.db, pcn, date_from_ymd(2026, 11, 23), &a, &d, &m), 0);
    }
    /* One PCN at a time costs statements for each. */
    assert_true(db_statement_count(s.db) - c1 >= (uint64_t)s.pcns);
    arena_release(&a);
    store_free(&s);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counter_counts),
        cmocka_unit_test(test_statements_do_not_grow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
