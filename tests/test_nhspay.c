/* What NHS England actually paid (nhspay.h): the real 2022/23 practice-level
 * file of NHS Payments to General Practice (data/nhs/) imported in full,
 * five Teesside PCNs' paid amounts per stream against sums worked out by
 * hand from the file; every kind of bad input with its FILE:LINE: field
 * and an unchanged store; importing again changes nothing; the PCN-level
 * layout; the year from a file's name; and paid beside worked out. */
#include "testutil.h"

#include "arena.h"
#include "db.h"
#include "import.h"
#include "importer.h"
#include "migrate.h"
#include "nhspay.h"
#include "rules.h"

#define MAP "data/nhs/gp-reg-pat-prac-map-2026-07.csv"
#define PAY "data/nhs/nhs-payments-gp-practice-2022-23.csv.gz"
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct fx {
    struct test_fx t; /* first: test_fx_teardown */
    struct nhspay_map map;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct pcn_msg m = {0};
    test_fx_open(&f->t, "pay.db");
    if (nhspay_map_load("rules", &f->t.a, &f->map, &m))
        fail_msg("%s", m.text);
    *state = f;
    return 0;
}

static int run(struct fx *f, const char *name, const char *path, const char *year,
               struct import_result *res, struct pcn_msg *m)
{
    struct import_src src = {.name = name, .path = path, .rules_dir = "rules", .year = year};
    import_result_init(res, IMPORT_NHS_PAYMENTS);
    return importer_run(f->t.db, IMPORT_NHS_PAYMENTS, &src, res, m);
}

/* ---- the real file --------------------------------------------------------- */

/* Worked out by hand from the file (zcat data/nhs/nhs-payments-gp-practice-
 * 2022-23.csv.gz; the 'Code' column holds the PCN code, as MANIFEST.md
 * says), adding each PCN's lines in pence:
 *
 * U89141 Stockton PCN: seven practices, PCN Participation only: lines 2
 *   A81001 8,139.82, 15 A81017 30,707.73, 22 A81025 8,353.93, 41 A81046
 *   23,568.30, 59 A81608 12,506.15, 66 A81629 9,387.21, 70 A81634
 *   4,574.25 = 97,237.39.  Every other PCN column is 0 on every line: no
 *   practice of the file is its payee.
 * U07032 North Stockton PCN: participation 3 A81002 37,091.37 + 6 A81006
 *   28,451.66 + 56 A81067 21,482.41 = 87,025.44; the rest on its payee
 *   A81006 (line 6): leadership 35,044.21, support 33,762.78, extended
 *   hours 32,412.24, workforce 487,239.45, IIF 61,471.64, care homes
 *   25,500.00, enhanced access 0.
 * U02671 Greater Middlesbrough PCN: participation 4 A81004 20,600.55 + 10
 *   A81012 10,406.72 + 17 A81019 18,454.42 + 30 A81035 20,492.78 + 33
 *   A81038 7,383.21 + 43 A81049 13,594.58 + 50 A81058 17,564.47 + 61
 *   A81611 15,018.81 = 123,515.54; two payees, A81012 (line 10) and A81058
 *   (line 50): leadership 38,202.25 + 11,522.22 = 49,724.47, support
 *   23,611.14 + 23,611.14 = 47,222.28, extended hours 22,666.68 +
 *   22,666.68 = 45,333.36, workforce 162,131.17 + 591,347.93 = 753,479.10,
 *   IIF 69,648.63 + 0, care homes 22,890 + 22,890 = 45,780.00.
 * U07842 East Cleveland PCN: participation 5 A81005 16,449.37 + 11 A81013
 *   14,433.63 + 20 A81022 20,880.70 + 28 A81032 22,381.71 + 46 A81053
 *   13,407.37 = 87,552.78; payee A81022 (line 20): 31,284.43, 31,713.78,
 *   30,445.20, 558,282.67, 59,514.37, 20,520.00.
 * U27349 One Life Hartlepool PCN: participation 7 A81007 19,406.60 + 9
 *   A81011 23,399.81 + 27 A81031 25,737.64 = 68,544.05; payee A81031
 *   (line 27): 26,203.92, 25,857.78, 24,823.44, 475,467.75, 48,762.13,
 *   19,140.00.
 * The columns map to streams as rules/nhs_payments.csv says. */
static const struct {
    const char *pcn;
    int64_t participation, leadership, support, extended, workforce, iif, care_homes, access;
    size_t payees; /* practices with a PCN line other than participation */
} teesside[] = {
    {"U89141", 9723739, 0, 0, 0, 0, 0, 0, 0, 0},
    {"U07032", 8702544, 3504421, 3376278, 3241224, 48723945, 6147164, 2550000, 0, 1},
    {"U02671", 12351554, 4972447, 4722228, 4533336, 75347910, 6964863, 4578000, 0, 2},
    {"U07842", 8755278, 3128443, 3171378, 3044520, 55828267, 5951437, 2052000, 0, 1},
    {"U27349", 6854405, 2620392, 2585778, 2482344, 47546775, 4876213, 1914000, 0, 1},
};

static pence_t paid_of(const struct nhspay_paid *p, const char *stream, size_t *payees)
{
    for (size_t i = 0; i < p->nstreams; i++)
        if (!strcmp(p->streams[i].map->stream, stream)) {
            if (payees)
                *payees = p->streams[i].npayees;
            return p->streams[i].paid;
        }
    fail_msg("%s: no stream %s", p->pcn, stream);
    return -1;
}

static void test_real_2022_23(void **state)
{
    struct fx *f = *state;
    struct pcn_msg m = {0};
    struct import_result res;
    struct import_src reg = {.name = MAP, .path = MAP};
    import_result_init(&res, IMPORT_REGISTRY);
    if (importer_run(f->t.db, IMPORT_REGISTRY, &reg, &res, &m))
        fail_msg("%s", m.text);
    import_result_release(&res);

    if (run(f, PAY, PAY, NULL, &res, &m))
        fail_msg("%s", m.text);
    assert_int_equal(res.rows, 6669);
    /* 6,669 rows less the 178 with no PCN, 8 PCN columns each. */
    assert_int_equal(res.written, (6669 - 178) * 8);
    assert_string_equal(res.summary,
                        "nhs-payments 2022/23 (practice-level file): 6,669 rows, 1,272 PCNs, "
                        "£717,999,097.03 in the PCN columns; 51,928 written.");
    assert_int_equal(res.nwarnings, 2);
    assert_contains(res.warnings[0], "82 practices with no PCN ('Unknown or no PCN') carry "
                                     "£5,995,367.95 in the PCN columns (the first on line 407)");
    assert_contains(res.warnings[1], "32 PCNs are not in the registry (the first is U00639)");
    import_result_release(&res);
    assert_int_equal(test_query_int(f->t.db, "SELECT SUM(amount_pence) FROM nhs_payment"),
                     71799909703);

    for (size_t i = 0; i < ARRAY_SIZE(teesside); i++) {
        struct nhspay_paid p;
        size_t payees = 99;
        assert_int_equal(nhspay_pcn(f->t.db, &f->map, teesside[i].pcn, 2022, &f->t.a, &p, &m), 0);
        assert_string_equal(p.layout, "practice");
        assert_int_equal(paid_of(&p, "participation", NULL), teesside[i].participation);
        assert_int_equal(paid_of(&p, "clinical_director", &payees), teesside[i].leadership);
        assert_int_equal(payees, teesside[i].payees);
        assert_int_equal(paid_of(&p, "core", NULL), teesside[i].support);
        assert_int_equal(paid_of(&p, "extended_hours", NULL), teesside[i].extended);
        assert_int_equal(paid_of(&p, "arrs", NULL), teesside[i].workforce);
        assert_int_equal(paid_of(&p, "iif", NULL), teesside[i].iif);
        assert_int_equal(paid_of(&p, "care_home_premium", NULL), teesside[i].care_homes);
        assert_int_equal(paid_of(&p, "enhanced_access", NULL), teesside[i].access);
        assert_int_equal(p.total, teesside[i].participation + teesside[i].leadership +
                                      teesside[i].support + teesside[i].extended +
                                      teesside[i].workforce + teesside[i].iif +
                                      teesside[i].care_homes + teesside[i].access);
        /* 2022/23 is a year the rules do not hold: the paid figures alone,
         * and Stockton's missing payee and Greater Middlesbrough's two
         * payees given as reasons. */
        struct nhspay_cmp c;
        nhspay_compare(&p, NULL, false, &f->t.a, &c);
        assert_false(c.rules);
        assert_int_equal(c.paid_total, p.total);
        assert_int_equal(c.nrows, 8);
        bool no_payee = false, two = false;
        for (size_t k = 0; k < c.nrows; k++)
            for (size_t j = 0; j < c.rows[k].nreasons; j++) {
                if (!strcmp(c.rows[k].stream, "clinical_director"))
                    no_payee |= strstr(c.rows[k].reasons[j], "a payee that is not a practice") != 0;
                two |= strstr(c.rows[k].reasons[j], "Paid to 2 payees (A81012, A81058)") != 0;
            }
        assert_int_equal(no_payee, !strcmp(teesside[i].pcn, "U89141"));
        assert_int_equal(two, !strcmp(teesside[i].pcn, "U02671"));
    }

    fy_t *years;
    size_t ny;
    assert_int_equal(nhspay_years(f->t.db, "U07032", &f->t.a, &years, &ny, &m), 0);
    assert_int_equal(ny, 1);
    assert_int_equal(years[0], 2022);
    struct nhspay_paid none;
    assert_int_equal(nhspay_pcn(f->t.db, &f->map, "U07032", 2023, &f->t.a, &none, &m),
                     PCN_ENOTFOUND);

    /* Again: nothing changes. */
    if (run(f, PAY, PAY, NULL, &res, &m))
        fail_msg("%s", m.text);
    assert_int_equal(res.written, 0);
    assert_contains(res.summary, "0 written. Already loaded: nothing changed.");
    import_result_release(&res);
    assert_int_equal(test_query_int(f->t.db, "SELECT COUNT(*) FROM nhs_payment"), 51928);
}

/* ---- bad input ------------------------------------------------------------- */

#define HEAD "Practice Code,Practice type,PCN Code,PCN Participation,PCN Workforce\r\n"
#define GOOD "A81001,GP practice,U89141,8139.82,0\r\n"

static const struct {
    const char *name, *text, *year, *error;
} bad[] = {
    {"pay-2022-23.csv", "Practice,PCN,Money\nA81001,U89141,1\n", NULL,
     "pay-2022-23.csv:1: not a layout of NHS Payments to General Practice that PCN Ops reads: "
     "it has neither 'Practice Code' nor 'PCN Code' (the header begins 'Practice', 'PCN', "
     "'Money')"},
    {"pay-2022-23.csv", "Practice Code,CCG Code,PCN Participation\nA81001,16C,1\n", NULL,
     "pay-2022-23.csv:1: not a layout of NHS Payments to General Practice that PCN Ops reads: "
     "it has 'Practice Code' but no 'PCN Code'"},
    {"pay-2022-23.csv", "Practice Code,PCN Code,Global Sum\nA81001,U89141,1\n", NULL,
     "pay-2022-23.csv:1: not a layout of NHS Payments to General Practice that PCN Ops reads: "
     "it has none of the PCN payment columns"},
    {"pay-2022-23.csv", HEAD GOOD "A81002,GP practice,U07032,37091.371,0\r\n", NULL,
     "pay-2022-23.csv:3: field PCN Participation: '37091.371' is not an amount in pounds"},
    {"pay-2022-23.csv", HEAD GOOD "A81002,GP practice,U07032,,0\r\n", NULL,
     "pay-2022-23.csv:3: field PCN Participation: is empty (write 0 for nothing paid)"},
    {"pay-2022-23.csv", HEAD GOOD "A81002,GP practice,U07032,1,200000000.01\r\n", NULL,
     "pay-2022-23.csv:3: field PCN Workforce: '200000000.01' is not an amount in pounds"},
    {"pay-2022-23.csv", HEAD GOOD "A81002,GP practice,X07032,1,0\r\n", NULL,
     "pay-2022-23.csv:3: field PCN Code: 'X07032' is not a PCN code"},
    {"pay-2022-23.csv", HEAD GOOD "A8100,GP practice,U07032,1,0\r\n", NULL,
     "pay-2022-23.csv:3: field Practice Code: 'A8100' is not a practice code"},
    {"pay-2022-23.csv", HEAD GOOD "A81001,GP practice,U07032,1,0\r\n", NULL,
     "pay-2022-23.csv:3: field Practice Code: A81001 is given twice (first on line 2)"},
    {"payments.csv", HEAD GOOD, NULL,
     "payments.csv: the file's name does not say its financial year"},
    {"payments.csv", HEAD GOOD, "2022-2023", "payments.csv: '2022-2023' is not a financial year"},
    {"pay-2022-23.csv", HEAD, NULL, "pay-2022-23.csv: no rows after the header"},
    {"pcn-23-24.csv", "PCN Code,PCN Workforce\nU89141,1\nU89141,2\n", NULL,
     "pcn-23-24.csv:3: field PCN Code: U89141 is given twice (first on line 2)"},
    /* The 2022/23 copy's mislabelled 'Code' is named as it is in the file. */
    {"pay-2022-23.csv", "Practice Code,Code,CCG NAME,PCN Workforce\nA81001,Stockton,X,1\n", NULL,
     "pay-2022-23.csv:2: field Code: 'Stockton' is not a PCN code"},
};

static void test_bad_input(void **state)
{
    struct fx *f = *state;
    struct pcn_msg m = {0};
    struct import_result res;
    char *path = write_file(f->t.dir, "pay-2022-23.csv", HEAD GOOD);
    if (run(f, "pay-2022-23.csv", path, NULL, &res, &m))
        fail_msg("%s", m.text);
    import_result_release(&res);
    free(path);
    int64_t before = test_query_int(f->t.db, "SELECT COUNT(*) FROM nhs_payment");
    assert_int_equal(before, 2);
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        path = write_file(f->t.dir, bad[i].name, bad[i].text);
        memset(&m, 0, sizeof m);
        int rc = run(f, bad[i].name, path, bad[i].year, &res, &m);
        import_result_release(&res);
        free(path);
        if (rc != PCN_EINVAL)
            fail_msg("case %zu: rc %d, message '%s'", i, rc, m.text);
        assert_contains(m.text, bad[i].error);
        assert_int_equal(test_query_int(f->t.db, "SELECT COUNT(*) FROM nhs_payment"), before);
        assert_int_equal(test_query_int(f->t.db, "SELECT SUM(amount_pence) FROM nhs_payment"),
                         813982);
    }
}

/* ---- the PCN-level layout, and a corrected file ------------------------------ */

static void test_pcn_level(void **state)
{
    struct fx *f = *state;
    struct pcn_msg m = {0};
    struct import_result res;
    char *path = write_file(f->t.dir, "nhspaymentsgp-23-24-pcn-csv.csv",
                            "PCN Code,PCN Name,PCN Leadership,PCN Workforce,PCN Enhanced Access\n"
                            "U07032,NORTH STOCKTON PCN,36000.00,500000.5,-1600\n"
                            "U89141,STOCKTON PCN,0,1,2\n");
    if (run(f, "nhspaymentsgp-23-24-pcn-csv.csv", path, NULL, &res, &m))
        fail_msg("%s", m.text);
    assert_int_equal(res.written, 6);
    assert_contains(res.summary, "nhs-payments 2023/24 (pcn-level file): 2 rows, 2 PCNs");
    import_result_release(&res);
    struct nhspay_paid p;
    assert_int_equal(nhspay_pcn(f->t.db, &f->map, "U07032", 2023, &f->t.a, &p, &m), 0);
    assert_string_equal(p.layout, "pcn");
    assert_int_equal(p.nstreams, 3);
    assert_int_equal(paid_of(&p, "clinical_director", NULL), 3600000);
    assert_int_equal(paid_of(&p, "arrs", NULL), 50000050);
    assert_int_equal(paid_of(&p, "enhanced_access", NULL), -160000);
    assert_string_equal(p.streams[0].lines[0].payee, "U07032");
    assert_string_equal(p.streams[0].lines[0].payee_type, "PCN");

    /* A corrected file changes only the amount that changed. */
    free(path);
    path = write_file(f->t.dir, "nhspaymentsgp-23-24-pcn-csv.csv",
                      "PCN Code,PCN Name,PCN Leadership,PCN Workforce,PCN Enhanced Access\n"
                      "U07032,NORTH STOCKTON PCN,36000.00,500001.5,-1600\n"
                      "U89141,STOCKTON PCN,0,1,2\n");
    if (run(f, "nhspaymentsgp-23-24-pcn-csv.csv", path, NULL, &res, &m))
        fail_msg("%s", m.text);
    assert_int_equal(res.written, 1);
    import_result_release(&res);
    free(path);

    /* The practice-level file of the year adds participation, and the
     * year names both files; the same column from both is refused. */
    path = write_file(f->t.dir, "nhs-payments-gp-practice-2023-24.csv",
                      "Practice Code,PCN Code,PCN Participation\nA81002,U07032,100.00\n");
    if (run(f, "nhs-payments-gp-practice-2023-24.csv", path, NULL, &res, &m))
        fail_msg("%s", m.text);
    import_result_release(&res);
    free(path);
    assert_int_equal(nhspay_pcn(f->t.db, &f->map, "U07032", 2023, &f->t.a, &p, &m), 0);
    assert_int_equal(p.nstreams, 4);
    assert_int_equal(paid_of(&p, "participation", NULL), 10000);
    assert_contains(p.source, "nhspaymentsgp-23-24-pcn-csv.csv");
    assert_contains(p.source, " and nhs-payments-gp-practice-2023-24.csv");
    int64_t before = test_query_int(f->t.db, "SELECT COUNT(*) FROM nhs_payment");
    path = write_file(f->t.dir, "nhs-payments-gp-practice-2023-24.csv",
                      "Practice Code,PCN Code,PCN Participation,PCN Workforce\n"
                      "A81002,U07032,100.00,5\n");
    memset(&m, 0, sizeof m);
    assert_int_equal(run(f, "nhs-payments-gp-practice-2023-24.csv", path, NULL, &res, &m),
                     PCN_EINVAL);
    import_result_release(&res);
    free(path);
    assert_string_equal(m.text, "nhs-payments-gp-practice-2023-24.csv: the store already holds "
                                "'PCN Workforce' of 2023/24 from nhspaymentsgp-23-24-pcn-csv.csv, "
                                "a PCN-level file: the same payments would count twice");
    assert_int_equal(test_query_int(f->t.db, "SELECT COUNT(*) FROM nhs_payment"), before);
}

/* ---- the year from a name ---------------------------------------------------- */

static void test_year_from_name(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        int fy; /* -1: none */
    } cases[] = {
        {"nhs-payments-gp-practice-2022-23.csv.gz", 2022},
        {"nhspaymentsgp-23-24-pcn-csv.csv", 2023},
        {"/a/2019-20/NHS_Payments_2024_25.csv", 2024},
        {"NHS Payments 2025-26 (final).csv", 2025},
        {"payments-2022-24.csv", -1},
        {"payments-12022-23.csv", -1},
        {"payments-2022-233.csv", -1},
        {"payments.csv", -1},
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        fy_t fy = 0;
        int rc = nhspay_year_from_name(cases[i].name, &fy);
        if (cases[i].fy < 0)
            assert_int_equal(rc, PCN_EINVAL);
        else {
            assert_int_equal(rc, 0);
            assert_int_equal(fy, cases[i].fy);
        }
    }
}

/* ---- the mapping's own mistakes ------------------------------------------------ */

static void test_map_errors(void **state)
{
    struct fx *f = *state;
    static const struct {
        const char *text, *error;
    } cases[] = {
        {"column,stream,else,paid_to,name,note\nPCN Workforce,arrs,,both,ARRS,\n",
         "nhs_payments.csv:2: field paid_to: 'both' is not who is paid"},
        {"column,stream,else,paid_to,name,note\nPCN Workforce,ARRS,,payee,ARRS,\n",
         "nhs_payments.csv:2: field stream: 'ARRS' is not a stream id"},
        {"column,stream,else,paid_to,name,note\nPCN Workforce,arrs,,payee,ARRS,\n"
         "pcn  workforce,arrs2,,payee,ARRS,\n",
         "nhs_payments.csv:3: field column: 'pcn  workforce' is given twice"},
        {"column,stream,else,paid_to,name,note\nPCN Workforce,arrs,,payee,ARRS,\n"
         "PCN Support,arrs,,payee,Core,\n",
         "nhs_payments.csv:3: field stream: 'arrs' is given twice"},
        {"column,stream,else,paid_to,name,note\nPCN Workforce,arrs,,payee,,\n",
         "nhs_payments.csv:2: field name: is empty"},
        {"column,stream,else,paid_to,name,note\n", "nhs_payments.csv: no rows after the header"},
        {"column,stream,name\nPCN Workforce,arrs,ARRS\n", "nhs_payments.csv"},
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct nhspay_map map;
        struct pcn_msg m = {0};
        char *path = write_file(f->t.dir, "nhs_payments.csv", cases[i].text);
        free(path);
        if (nhspay_map_load(f->t.dir, &f->t.a, &map, &m) != PCN_EINVAL)
            fail_msg("case %zu: accepted", i);
        assert_contains(m.text, cases[i].error);
    }
}

/* ---- paid beside worked out -------------------------------------------------- */

static void test_compare(void **state)
{
    struct fx *f = *state;
    /* Two streams of a year's rules, worked out: core £30,000.00 (a
     * payment) and the ARRS sum £500,000.00 (a maximum); the file paid core
     * £29,500.00 on two lines, ARRS £480,000.00, and care homes £100.00,
     * a column the rules' year has no stream for here. */
    struct rule_stream core = {.id = "core", .name = "Core PCN funding", .kind = STREAM_PAYMENT};
    struct rule_stream arrs = {.id = "arrs", .name = "ARRS sum", .kind = STREAM_MAXIMUM};
    struct ent_stream es[2] = {{.rule = &core, .annual = 3000000},
                               {.rule = &arrs, .annual = 50000000}};
    struct ent_result res = {.fy = 2025, .streams = es, .nstreams = 2};
    const struct nhspay_column *support = NULL, *leadership = NULL, *workforce = NULL,
                               *homes = NULL;
    for (size_t i = 0; i < f->map.n; i++) {
        const char *c = f->map.cols[i].column;
        if (!strcmp(c, "PCN Support"))
            support = &f->map.cols[i];
        else if (!strcmp(c, "PCN Leadership"))
            leadership = &f->map.cols[i];
        else if (!strcmp(c, "PCN Workforce"))
            workforce = &f->map.cols[i];
        else if (!strcmp(c, "PCN Care Home Premium"))
            homes = &f->map.cols[i];
    }
    assert_non_null(support);
    struct nhspay_line l1 = {"A81006", "GP practice", "PCN Support", "f", 2000000, 6};
    struct nhspay_line l2 = {"A81006", "GP practice", "PCN Leadership", "f", 950000, 6};
    struct nhspay_line l3 = {"A81006", "GP practice", "PCN Workforce", "f", 48000000, 6};
    struct nhspay_line l4 = {"Y02676", "Walk in centre", "PCN Care Home Premium", "f", 10000, 9};
    struct nhspay_stream ps[4] = {
        {.map = leadership, .paid = 950000, .lines = &l2, .nlines = 1, .npayees = 1},
        {.map = support, .paid = 2000000, .lines = &l1, .nlines = 1, .npayees = 1},
        {.map = workforce, .paid = 48000000, .lines = &l3, .nlines = 1, .npayees = 1},
        {.map = homes, .paid = 10000, .lines = &l4, .nlines = 1, .npayees = 1},
    };
    struct nhspay_paid paid = {.pcn = "U07032",
                               .fy = 2025,
                               .layout = "practice",
                               .streams = ps,
                               .nstreams = 4,
                               .total = 50960000};
    struct nhspay_cmp c;
    nhspay_compare(&paid, &res, true, &f->t.a, &c);
    assert_true(c.rules);
    assert_int_equal(c.nrows, 3);
    /* Leadership has no clinical_director stream in this year: it is
     * compared with core (its `else`), beside PCN Support. */
    assert_string_equal(c.rows[0].stream, "core");
    assert_string_equal(c.rows[0].columns, "PCN Leadership and PCN Support");
    assert_int_equal(c.rows[0].paid, 2950000);
    assert_int_equal(c.rows[0].worked, 3000000);
    assert_int_equal(c.rows[0].difference, -50000);
    assert_false(c.rows[0].maximum);
    assert_string_equal(c.rows[1].stream, "arrs");
    assert_true(c.rows[1].maximum);
    assert_int_equal(c.rows[1].difference, -2000000);
    assert_contains(c.rows[1].reasons[0], "A maximum, not a payment");
    assert_string_equal(c.rows[2].stream, "care_home_premium");
    assert_false(c.rows[2].has_worked);
    assert_contains(c.rows[2].reasons[0], "Paid to Y02676, a 'Walk in centre', not a GP practice.");
    /* Totals: payments only (the ARRS maximum is left out of both). */
    assert_int_equal(c.worked_total, 3000000);
    assert_int_equal(c.paid_beside, 2950000);
    assert_int_equal(c.paid_total, 50960000);
    bool local = false;
    for (size_t j = 0; j < c.rows[0].nreasons; j++)
        local |= strstr(c.rows[0].reasons[j], "A local variation") != NULL;
    assert_true(local);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_real_2022_23, setup, test_fx_teardown),
        cmocka_unit_test_setup_teardown(test_bad_input, setup, test_fx_teardown),
        cmocka_unit_test_setup_teardown(test_pcn_level, setup, test_fx_teardown),
        cmocka_unit_test(test_year_from_name),
        cmocka_unit_test_setup_teardown(test_map_errors, setup, test_fx_teardown),
        cmocka_unit_test_setup_teardown(test_compare, setup, test_fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
