/* The IIF in the store (iifdata.h, qof.h, caip.h): the publication rolled
 * up to PCNs through a small hand-made registry (tests/data/registry) on
 * the achievement date, practices without a PCN listed, another date's
 * membership on request; bad input refused with its exact words and the
 * store unchanged; importing twice changes nothing; figures entered month
 * by month; a payment with both adjustments from the QOF registers; and
 * the CAIP tracker feeding the entitlements. */
#include "testutil.h"

#include "arena.h"
#include "buf.h"
#include "caip.h"
#include "db.h"
#include "migrate.h"
#include "iif.h"
#include "iifdata.h"
#include "iifview.h"
#include "jsonfmt.h"
#include "import.h"
#include "importer.h"
#include "qof.h"
#include "rules.h"

#define REG "tests/data/registry/"
#define IIFD "tests/data/iif/"

struct fx {
    struct test_fx t; /* first: test_fx_teardown */
    struct rules r;
};

static void import_ok(struct db *db, enum import_kind kind, const char *path, const char *rules,
                      struct import_result *res)
{
    struct pcn_msg m = {0};
    if (test_import(db, kind, path, rules, res, &m))
        fail_msg("import %s: %s", path, m.text);
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct pcn_msg m = {0};
    struct rules_diag d = {0};
    test_fx_open(&f->t, "t.db");
    static const struct {
        enum import_kind kind;
        const char *path;
    } files[] = {
        {IMPORT_REGISTRY, REG "map-2021-01.csv"},
        {IMPORT_LIST_SIZES, REG "quin-2021-01.csv"},
        {IMPORT_REGISTRY, REG "map-2023-07.csv"},
        {IMPORT_LIST_SIZES, REG "all-2023-07.csv"},
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        struct import_result res;
        import_ok(f->t.db, files[i].kind, files[i].path, NULL, &res);
        import_result_release(&res);
    }
    if (rules_load("rules", &f->t.a, &f->r, &d, &m))
        fail_msg("%s", m.text);
    *state = f;
    return 0;
}

/* Every IIF and CAIP row, as text: equal dumps mean an unchanged store. */
static char *dump(struct db *db)
{
    static const char *const tables[] = {"iif_published",   "iif_entry",   "qof_register",
                                         "iif_prevalence",  "caip_status", "caip_declaration",
                                         "caip_achievement"};
    return test_dump_tables(db, tables, sizeof tables / sizeof *tables, "1, 2, 3");
}

static const struct iif_data *data_of(const struct iif_pcn *p, const char *code)
{
    for (size_t i = 0; i < p->ndata; i++)
        if (!strcmp(p->data[i].code, code))
            return &p->data[i];
    return NULL;
}

/* ---- the publication on a small registry ---------------------------------- */

/* iifdata_all gives every PCN of the store the year iifdata_pcn gives it:
 * the same JSON, with the practices and the working, byte for byte.
 * Returns how many PCNs had figures. */
static size_t all_as_each(struct fx *f, const struct rules *r, fy_t fy, date_t over)
{
    struct pcn_msg m = {0};
    struct arena a;
    struct iif_pcn *all;
    size_t n, with = 0;
    arena_init(&a, 0);
    const struct rules_year *y = rules_year(r, fy);
    assert_non_null(y);
    if (iifdata_all(f->t.db, r, fy, over, &a, &all, &n, &m))
        fail_msg("iifdata_all: %s", m.text);
    assert_int_equal(n, test_query_int(f->t.db, "SELECT COUNT(*) FROM org WHERE kind = 'pcn'"));
    struct iifview_opts vo = {.practices = true, .explain = true, .a = &a};
    for (size_t i = 0; i < n; i++) {
        struct iif_pcn one;
        struct iif_result ra, ro;
        if (iifdata_pcn(f->t.db, r, all[i].code, fy, over, &a, &one, &m) ||
            iif_compute(y, &one.in, &a, &ro, &m) || iif_compute(y, &all[i].in, &a, &ra, &m))
            fail_msg("%s: %s", all[i].code, m.text);
        json_t *ja = iifview_pcn(&all[i], &ra, y, &vo, &m),
               *jo = iifview_pcn(&one, &ro, y, &vo, &m);
        assert_non_null(ja);
        assert_non_null(jo);
        char *sa = json_dumps(ja, PCN_JSON_DUMP), *so = json_dumps(jo, PCN_JSON_DUMP);
        if (strcmp(sa, so) != 0)
            fail_msg("%s: iif --all gives\n%s\nbut iif %s gives\n%s", all[i].code, sa, all[i].code,
                     so);
        /* Without the working, the same figures. */
        struct iif_result rq;
        all[i].in.no_working = true;
        if (iif_compute(y, &all[i].in, &a, &rq, &m))
            fail_msg("%s: %s", all[i].code, m.text);
        all[i].in.no_working = false;
        assert_int_equal(rq.nind, ra.nind);
        assert_int_equal(rq.points, ra.points);
        assert_int_equal(rq.payment, ra.payment);
        assert_int_equal(rq.payments_missing, ra.payments_missing);
        assert_int_equal(rq.conf, ra.conf);
        for (size_t k = 0; k < rq.nind; k++) {
            const struct iif_result_ind *q = &rq.ind[k], *w = &ra.ind[k];
            assert_int_equal(q->status, w->status);
            assert_int_equal(q->points, w->points);
            assert_int_equal(q->has_payment, w->has_payment);
            assert_int_equal(q->payment, w->payment);
            assert_int_equal(q->conf, w->conf);
            assert_int_equal(q->trail.n, w->trail.n);
            if (w->missing)
                assert_string_equal(q->missing, w->missing);
            for (size_t t = 0; t < q->trail.n; t++) { /* words left out, or the same */
                assert_string_equal(q->trail.steps[t].key, w->trail.steps[t].key);
                if (q->trail.steps[t].text[0])
                    assert_string_equal(q->trail.steps[t].text, w->trail.steps[t].text);
            }
        }
        with += one.ndata > 0;
        free(sa);
        free(so);
        json_decref(ja);
        json_decref(jo);
    }
    arena_release(&a);
    return with;
}

/* A file with PCN rows only has no practices to roll up: the list of
 * practices without a PCN is empty (it was qsort(NULL, 0), undefined; the
 * sanitizer build aborted). */
static void test_pcn_rows_only(void **state)
{
    struct fx *f = *state;
    struct import_result res;
    import_ok(f->t.db, IMPORT_IIF, IIFD "iif-pcn-only.csv", NULL, &res);
    assert_int_equal(res.rows, 6);
    assert_int_equal(res.written, 6);
    assert_int_equal(res.nwarnings, 0);
    import_result_release(&res);
}

static void test_rollup(void **state)
{
    struct fx *f = *state;
    struct import_result res;
    struct pcn_msg m = {0};
    import_ok(f->t.db, IMPORT_IIF, IIFD "iif-small.csv", NULL, &res);
    assert_int_equal(res.rows, 24);
    assert_int_equal(res.written, 24);
    assert_contains(res.summary, "iif 2023/24, achievement date 31 March 2024: 24 figures of 3 "
                                 "indicators for 7 practices and 3 PCNs; 24 written.");
    /* memberships on 31 March 2024 come from the 1 July 2023 map */
    assert_contains(res.summary, "Practice figures roll up to 3 PCNs through the registry on 31 "
                                 "March 2024; 2 practices have no known PCN on that date.");
    assert_int_equal(res.nwarnings, 2);
    assert_string_equal(res.warnings[0],
                        IIFD "iif-small.csv: 2 practices have no known PCN on 31 March 2024 "
                             "(A10002, C30001): their figures are kept, not dropped; 'pcnops iif "
                             "unallocated --year 2023/24' lists them all");
    assert_string_equal(res.warnings[1],
                        IIFD "iif-small.csv: 1 of its 3 PCNs is not in the registry (the first is "
                             "U99999): their figures are kept for when it is loaded");
    import_result_release(&res);

    /* The practices without a PCN, listed. */
    struct iif_orphan *o;
    size_t n;
    date_t ach;
    assert_int_equal(iifdata_unallocated(f->t.db, 2023, &f->t.a, &ach, &o, &n, &m), 0);
    assert_int_equal(ach, date_from_ymd(2024, 3, 31));
    assert_int_equal(n, 2);
    assert_string_equal(o[0].code, "A10002");
    assert_string_equal(o[0].name, "RIVER PRACTICE");
    assert_string_equal(o[1].code, "C30001");

    /* U10001: A10001 870/1,000 + A10004 1,800/2,000 = 2,670/3,000 = 89%. */
    struct iif_pcn p;
    struct iif_result r;
    const struct rules_year *y = rules_year(&f->r, 2023);
    assert_int_equal(iifdata_pcn(f->t.db, &f->r, "U10001", 2023, DATE_NONE, &f->t.a, &p, &m), 0);
    const struct iif_data *d = data_of(&p, "ACC-08");
    assert_non_null(d);
    assert_int_equal(d->numerator, 2670);
    assert_int_equal(d->denominator, 3000);
    assert_contains(d->origin, "the sum of 2 member practices on 31 March 2024");
    d = data_of(&p, "EHCH-04");
    assert_int_equal(d->numerator, 15);
    assert_false(d->has_denominator);
    d = data_of(&p, "ACC-10"); /* published for the PCN itself */
    assert_int_equal(d->numerator, 40);
    assert_int_equal(d->denominator, 9000);
    assert_contains(d->origin, "for the PCN");
    assert_int_equal(iif_compute(y, &p.in, &f->t.a, &r, &m), 0);
    const struct iif_result_ind *x = iif_find(&r, "ACC-08");
    assert_int_equal(x->achievement_bp, 8900);
    assert_int_equal(x->points, 56800);
    assert_int_equal(x->deemed_points, 71000);
    /* The deemed 71 points × £198 [S28] × the list-size adjustment of
     * U10001's lists of 1 January 2023 (7,420 × 3 PCNs ÷ 22,919, as in
     * test_entered_with_prevalence) = £13,653.784, £13,653.78; the data's
     * 56.8 points would earn £10,923.027, £10,923.03. */
    assert_true(x->has_payment);
    assert_int_equal(x->payment, 1365378);
    assert_true(x->has_data_payment);
    assert_int_equal(x->data_payment, 1092303);
    const struct iif_members *mb = iifdata_members(&p, "ACC-08");
    assert_int_equal(mb->n, 2);
    assert_string_equal(mb->practices[0].code, "A10001");
    assert_string_equal(mb->practices[1].code, "A10004");

    /* U10002: 4,200/5,000 = 84%: below the lower threshold.  Helping
     * A10005 to 90% gains the PCN more points than helping A10003. */
    assert_int_equal(iifdata_pcn(f->t.db, &f->r, "U10002", 2023, DATE_NONE, &f->t.a, &p, &m), 0);
    assert_int_equal(iif_compute(y, &p.in, &f->t.a, &r, &m), 0);
    x = iif_find(&r, "ACC-08");
    assert_int_equal(x->numerator, 4200);
    assert_int_equal(x->denominator, 5000);
    assert_int_equal(x->status, IIF_NOT_ACHIEVED);
    assert_int_equal(x->whatif.patients, 300);
    assert_int_equal(x->whatif.points_gain, 71000);
    mb = iifdata_members(&p, "ACC-08");
    struct iif_practice_out *po;
    assert_int_equal(iif_breakdown(x->rule, mb->practices, mb->n, ROUND_HALF_UP, &f->t.a, &po, &m),
                     0);
    assert_string_equal(po[0].code, "A10003");
    assert_int_equal(po[0].to_upper, 100);
    assert_int_equal(po[0].gain_points, 14200);
    assert_string_equal(po[1].code, "A10005");
    assert_int_equal(po[1].to_upper, 200);
    assert_int_equal(po[1].gain_points, 42600);
    assert_int_equal(po[1].share_numerator_bp, 8095); /* 3,400 of 4,200 */

    /* U20001: only B20001 has figures; B20002 and B20003 are members without. */
    assert_int_equal(iifdata_pcn(f->t.db, &f->r, "U20001", 2023, DATE_NONE, &f->t.a, &p, &m), 0);
    d = data_of(&p, "ACC-08");
    assert_int_equal(d->numerator, 95);
    assert_contains(d->origin, "the sum of 1 member practice on");
    mb = iifdata_members(&p, "ACC-08");
    assert_int_equal(mb->n, 3);
    assert_false(mb->practices[1].has_data);

    /* Through the membership of another date (January 2021): A10002 was in
     * U10001 and A10004 in U10002, and the figures say it is an estimate. */
    assert_int_equal(
        iifdata_pcn(f->t.db, &f->r, "U10001", 2023, date_from_ymd(2021, 6, 1), &f->t.a, &p, &m), 0);
    d = data_of(&p, "ACC-08");
    assert_int_equal(d->numerator, 870 + 450);
    assert_int_equal(d->denominator, 1500);
    assert_contains(d->origin, "(the membership of another date: an estimate)");

    /* Importing it again changes nothing. */
    assert_int_equal(all_as_each(f, &f->r, 2023, DATE_NONE), 3);
    assert_int_equal(all_as_each(f, &f->r, 2023, date_from_ymd(2021, 1, 1)), 3);
    char *before = dump(f->t.db);
    import_ok(f->t.db, IMPORT_IIF, IIFD "iif-small.csv", NULL, &res);
    assert_int_equal(res.written, 0);
    assert_contains(res.summary, "Already loaded: nothing changed.");
    import_result_release(&res);
    char *after = dump(f->t.db);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

/* ---- bad input ------------------------------------------------------------ */

#define HDR                                                                                        \
    "ORGANISATION_TYPE,ORGANISATION_CODE,ORGANISATION_NAME,QUALITY_SERVICE,ACH_DATE,IND_CODE,"     \
    "MEASURE,VALUE\n"
#define ROW(type, code, date, ind, measure, value)                                                 \
    type "," code ",A NAME,NCD2324," date "," ind "," measure "," value "\n"
#define NUM(code, v) ROW("GP practice", code, "31/03/2024", "NCD026", "ACC-08 Numerator", v)
#define DEN(code, v) ROW("GP practice", code, "31/03/2024", "NCD026", "ACC-08 Denominator", v)

struct bad_case {
    enum import_kind kind;
    const char *name;
    const char *content;
    const char *error; /* the whole message */
};

static const struct bad_case bad_cases[] = {
    {IMPORT_IIF, "iif.csv", HDR DEN("A10001", "1000") NUM("A10001", "1001"),
     "iif.csv:3: field VALUE: the ACC-08 numerator of A10001 (1001) is above its denominator "
     "(1000, line 2)"},
    {IMPORT_IIF, "iif.csv",
     HDR ROW("GP practice", "A10001", "31/03/2024", "NCD026", "ACC-08 numerator", "5"),
     "iif.csv:2: field MEASURE: 'ACC-08 numerator' is not a measure of the 2023/24 IIF in "
     "rules/2023-24/iif_measures.csv (add it there with its indicator and part)"},
    {IMPORT_IIF, "iif.csv", HDR NUM("A10001", "12.5"),
     "iif.csv:2: field VALUE: '12.5' is not a whole number from 0"},
    {IMPORT_IIF, "iif.csv", HDR NUM("A10001", "-3"),
     "iif.csv:2: field VALUE: '-3' is not a whole number from 0"},
    {IMPORT_IIF, "iif.csv",
     HDR ROW("GP practice", "A1000", "31/03/2024", "NCD026", "ACC-08 Numerator", "5"),
     "iif.csv:2: field ORGANISATION_CODE: 'A1000' is not a practice code (a letter and 5 "
     "digits, like K82070)"},
    {IMPORT_IIF, "iif.csv",
     HDR ROW("PCN", "A10001", "31/03/2024", "NCDMI210", "ACC-10 denominator", "5"),
     "iif.csv:2: field ORGANISATION_CODE: 'A10001' is not a PCN code (U and 5 digits, like "
     "U12345)"},
    {IMPORT_IIF, "iif.csv",
     HDR ROW("Practice", "A10001", "31/03/2024", "NCD026", "ACC-08 Numerator", "5"),
     "iif.csv:2: field ORGANISATION_TYPE: 'Practice' is not an organisation type (GP practice "
     "or PCN)"},
    {IMPORT_IIF, "iif.csv",
     HDR NUM("A10001", "5")
         ROW("GP practice", "A10001", "31/03/2023", "NCD026", "ACC-08 Denominator", "9"),
     "iif.csv:3: field ACH_DATE: 2023-03-31 is not the file's achievement date 2024-03-31 "
     "(line 2): import one publication at a time"},
    {IMPORT_IIF, "iif.csv",
     HDR ROW("GP practice", "A10001", "31/02/2024", "NCD026", "ACC-08 Numerator", "5"),
     "iif.csv:2: field ACH_DATE: '31/02/2024' is not a date (like 31/03/2024)"},
    {IMPORT_IIF, "iif.csv",
     HDR ROW("GP practice", "A10001", "31/03/2031", "NCD026", "ACC-08 Numerator", "5"),
     "iif.csv:2: field ACH_DATE: the rules have no year 2030/31 for this achievement date: add "
     "rules/2030-31 with its iif_measures.csv"},
    {IMPORT_IIF, "iif.csv",
     HDR ROW("GP practice", "A10001", "31/03/2024", "NCD999", "ACC-08 Numerator", "5"),
     "iif.csv:2: field IND_CODE: 'NCD999' is not the NHS id of ACC-08 in "
     "rules/2023-24/iif_indicators.csv:2 [P35][P8][L22][D1][S28][S30] (NCD026)"},
    {IMPORT_IIF, "iif.csv", HDR NUM("A10001", "5") NUM("A10001", "6"),
     "iif.csv:3: field MEASURE: ACC-08 numerator of A10001 is given twice (first on line 2)"},
    {IMPORT_IIF, "iif.csv",
     "ORGANISATION_TYPE,ORGANISATION_CODE,ORGANISATION_NAME,QUALITY_SERVICE,ACH_DATE,IND_CODE,"
     "MEASURE\nPCN,U10001,X,NCD2324,31/03/2024,NCDMI210,ACC-10 denominator\n",
     "iif.csv:1: missing column VALUE"},
    {IMPORT_IIF, "iif.csv", HDR, "iif.csv: no rows after the header"},
    {IMPORT_QOF, "qof-2023-24.csv",
     "PRACTICE_CODE,GROUP_CODE,REGISTER,PATIENT_LIST_TYPE,PRACTICE_LIST_SIZE\n"
     "A10001,LD,30.5,TOTAL,6000\n",
     "qof-2023-24.csv:2: field REGISTER: '30.5' is not a number of patients (a whole number, "
     "like 113 or 113.0)"},
    {IMPORT_QOF, "qof.csv",
     "PRACTICE_CODE,GROUP_CODE,REGISTER,PATIENT_LIST_TYPE,PRACTICE_LIST_SIZE\n"
     "A10001,LD,30.0,TOTAL,6000\n",
     "qof.csv: the QOF file does not say its year: name it like qof-prevalence-2024-25.csv, or "
     "give the year (pcnops import qof FILE --year 2024/25)"},
    {IMPORT_QOF, "qof_2023_24.csv",
     "PRACTICE_CODE,GROUP_CODE,REGISTER,PATIENT_LIST_TYPE,PRACTICE_LIST_SIZE\n"
     "A10001,LD,30.0,TOTAL,6000\nA10001,LD,31.0,TOTAL,6000\n",
     "qof_2023_24.csv:3: field GROUP_CODE: register LD of practice A10001 is given twice (first "
     "on line 2)"},
    {IMPORT_QOF, "qof 2023-24.csv",
     "PRACTICE_CODE,GROUP_CODE,REGISTER,PATIENT_LIST_TYPE,PRACTICE_LIST_SIZE\n"
     "A10001,ld,30.0,TOTAL,6000\n",
     "qof 2023-24.csv:2: field GROUP_CODE: 'ld' is not a register code (capital letters and "
     "digits, like LD)"},
};

static void test_bad_input(void **state)
{
    struct fx *f = *state;
    struct import_result res;
    /* Something in the store already, which must stay as it is. */
    import_ok(f->t.db, IMPORT_IIF, IIFD "iif-small.csv", NULL, &res);
    import_result_release(&res);
    char *before = dump(f->t.db);
    for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
        const struct bad_case *c = &bad_cases[i];
        struct pcn_msg m = {0};
        struct import_src src = {.name = c->name, .mem = c->content, .len = strlen(c->content)};
        import_result_init(&res, c->kind);
        int rc = importer_run(f->t.db, c->kind, &src, &res, &m);
        import_result_release(&res);
        if (rc != PCN_EINVAL)
            fail_msg("case %zu: rc %d (%s), expected an error", i, rc, m.text);
        if (strcmp(m.text, c->error) != 0)
            fail_msg("case %zu:\n got  %s\n want %s", i, m.text, c->error);
        char *after = dump(f->t.db);
        if (strcmp(before, after) != 0)
            fail_msg("case %zu: the store changed", i);
        free(after);
    }
    free(before);
}

/* ---- figures entered, prevalence, payment ---------------------------------- */

/* A copy of the rules in which HI-03 of 2023/24 has thresholds (50% to
 * 80%): made-up figures (the real ones are not known), so that a whole
 * payment with both adjustments can be checked on the real £198 point
 * value and HI-03's 36 points [S28]. */
static void test_rules(struct fx *f, struct rules *r, struct arena *a)
{
    char cmd[1024];
    struct rules_diag d = {0};
    struct pcn_msg m = {0};
    snprintf(cmd, sizeof cmd,
             "cp -r rules %s/rules && cd %s/rules/2023-24 && "
             "sed -i "
             "'s/^HI-03,NCD120,payment,\\(\"[^\"]*\"\\),,,36,/HI-03,NCD120,payment,\\1,50,80,36,/' "
             "iif_indicators.csv",
             f->t.dir, f->t.dir);
    if (system(cmd) != 0)
        fail_msg("cannot make the test rules");
    char *dir = arena_printf(a, "%s/rules", f->t.dir);
    if (rules_load(dir, a, r, &d, &m))
        fail_msg("%s", m.text);
    const struct rule_iif *hi = iif_rule(rules_year(r, 2023), "HI-03", date_from_ymd(2024, 3, 31));
    assert_true(hi->has_lower);
    assert_int_equal(hi->points, 36000);
}

static void test_entered_with_prevalence(void **state)
{
    struct fx *f = *state;
    struct pcn_msg m = {0};
    struct import_result res;
    struct rules r;
    test_rules(f, &r, &f->t.a);
    bool had;
    struct iif_entry before;
    const char *field;

    /* Refused: a numerator above the denominator, a practice of another PCN,
     * an indicator not of the year. */
    assert_int_equal(iifdata_enter(f->t.db, &r, "U10001", "U10001", "HI-03", 2024, 1, 51, 50, 1,
                                   NULL, &had, &before, &field, &m),
                     PCN_EINVAL);
    assert_string_equal(field, "numerator");
    assert_string_equal(m.text, "the numerator 51 is above the denominator 50: the numerator "
                                "counts patients of the denominator");
    assert_int_equal(iifdata_enter(f->t.db, &r, "U10001", "A10003", "HI-03", 2024, 1, 5, 50, 1,
                                   NULL, &had, &before, &field, &m),
                     PCN_EINVAL);
    assert_string_equal(m.text, "A10003 is not a member practice of U10001 on 31 January 2024");
    assert_int_equal(iifdata_enter(f->t.db, &r, "U10001", "U10001", "HI03", 2024, 1, 5, 50, 1, NULL,
                                   &had, &before, &field, &m),
                     PCN_EINVAL);
    assert_contains(m.text, "HI03 is not an IIF indicator of 2023/24 (");
    assert_int_equal(test_query_int(f->t.db, "SELECT COUNT(*) FROM iif_entry"), 0);

    /* By practice in December, for the PCN in January: January wins. */
    assert_int_equal(iifdata_enter(f->t.db, &r, "U10001", "A10001", "HI-03", 2023, 12, 10, 20, 1,
                                   NULL, &had, &before, &field, &m),
                     0);
    assert_int_equal(iifdata_enter(f->t.db, &r, "U10001", "A10004", "HI-03", 2023, 12, 12, 20, 1,
                                   NULL, &had, &before, &field, &m),
                     0);
    struct iif_pcn p;
    assert_int_equal(iifdata_pcn(f->t.db, &r, "U10001", 2023, DATE_NONE, &f->t.a, &p, &m), 0);
    const struct iif_data *d = data_of(&p, "HI-03");
    assert_int_equal(d->numerator, 22);
    assert_int_equal(d->denominator, 40);
    assert_contains(d->origin, "entered for December 2023, the year to date: the sum of 2 member "
                               "practices");
    assert_int_equal(iifdata_enter(f->t.db, &r, "U10001", "U10001", "HI-03", 2024, 1, 30, 50, 1,
                                   NULL, &had, &before, &field, &m),
                     0);
    assert_false(had);
    assert_int_equal(iifdata_enter(f->t.db, &r, "U10001", "U10001", "HI-03", 2024, 1, 35, 50, 2,
                                   NULL, &had, &before, &field, &m),
                     0);
    assert_true(had);
    assert_int_equal(before.numerator, 30);
    struct iif_entry *e;
    size_t n;
    assert_int_equal(iifdata_entries(f->t.db, "U10001", 2023, &f->t.a, &e, &n, &m), 0);
    assert_int_equal(n, 3);

    /* The QOF registers give the prevalence: the PCN's 50 of 10,000 (its
     * members on 31 January 2024: A10001 and A10004) against England's 100
     * of 25,000: × 1.25. */
    import_ok(f->t.db, IMPORT_QOF, IIFD "qof-2023-24.csv", NULL, &res);
    assert_string_equal(res.summary, "qof 2023/24: 6 rows, 5 practices, 2 registers; 6 written.");
    import_result_release(&res);
    assert_int_equal(iifdata_pcn(f->t.db, &r, "U10001", 2023, DATE_NONE, &f->t.a, &p, &m), 0);
    d = data_of(&p, "HI-03");
    assert_int_equal(d->numerator, 35);
    assert_true(d->prev.known);
    assert_int_equal(d->prev.pcn_patients, 50);
    assert_int_equal(d->prev.pcn_list, 10000);
    assert_int_equal(d->prev.national_patients, 100);
    assert_int_equal(d->prev.national_list, 25000);
    /* The lists of 1 January 2023: members then (the January 2021 map: A10001
     * and A10002) and the list sizes of 1 January 2021, an estimate. */
    assert_true(p.in.list.known);
    assert_true(p.in.list.estimate);
    assert_int_equal(p.in.list.pcn_list, 3181 + 4239);
    assert_int_equal(p.in.list.national_pcns, 3);
    assert_int_equal(p.in.list.national_list, 3181 + 4239 + 4097 + 4201 + 4045 + 3156);
    struct iif_result res2;
    assert_int_equal(iif_compute(rules_year(&r, 2023), &p.in, &f->t.a, &res2, &m), 0);
    all_as_each(f, &r, 2023, DATE_NONE);
    const struct iif_result_ind *x = iif_find(&res2, "HI-03");
    /* 70%: 36 × 20 ÷ 30 = 24 points; 24 × £198 × 7,420 × 3 ÷ 22,919 × 1.25 */
    assert_int_equal(x->points, 24000);
    assert_true(x->has_payment);
    assert_int_equal(x->payment, 576920);
    assert_int_equal(x->prev_adj_ppm, 1250000);

    /* An entered prevalence for the PCN and England wins over QOF. */
    assert_int_equal(
        iifdata_set_prevalence(f->t.db, &r, 2023, "HI-03", "U10001", 60, 10000, NULL, &m), 0);
    assert_int_equal(
        iifdata_set_prevalence(f->t.db, &r, 2023, "HI-03", "national", 100, 25000, NULL, &m), 0);
    assert_int_equal(iifdata_pcn(f->t.db, &r, "U10001", 2023, DATE_NONE, &f->t.a, &p, &m), 0);
    d = data_of(&p, "HI-03");
    assert_string_equal(d->prev.origin, "entered");
    all_as_each(f, &r, 2023, DATE_NONE);
    assert_int_equal(d->prev.pcn_patients, 60);
    assert_int_equal(
        iifdata_set_prevalence(f->t.db, &r, 2023, "HI-03", "U10001", 10001, 10000, NULL, &m),
        PCN_EINVAL);
}

/* ---- CAIP ------------------------------------------------------------------ */

static void test_caip(void **state)
{
    struct fx *f = *state;
    struct pcn_msg m = {0};
    struct caip_change chg;
    struct caip_view v;
    /* 2025/26: risk stratification ⅓, Modern General Practice Access ⅔ */
    assert_int_equal(caip_set(f->t.db, &f->r, "U10002", 2025, "mgpa", CAIP_MET, "Cloud telephony",
                              10, NULL, &chg, &m),
                     0);
    assert_false(chg.had);
    assert_true(chg.fed);
    assert_int_equal(chg.bp_after, 6667);
    assert_int_equal(test_query_int(f->t.db,
                                    "SELECT achieved_bp FROM caip_achievement WHERE pcn_code = "
                                    "'U10002' AND fy = 2025"),
                     6667);
    assert_int_equal(caip_set(f->t.db, &f->r, "U10002", 2025, "risk_stratification", CAIP_MET, NULL,
                              11, NULL, &chg, &m),
                     0);
    assert_int_equal(chg.bp_before, 6667);
    assert_int_equal(chg.bp_after, 10000);
    assert_int_equal(caip_get(f->t.db, &f->r, "U10002", 2025, &f->t.a, &v, &m), 0);
    assert_true(v.share.known);
    assert_int_equal(v.share.met, 2);
    assert_string_equal(v.items[1].evidence, "Cloud telephony");
    /* 2024/25 has no weights: one of three met is not known, and the
     * entitlements are left as they were; all three is 100%. */
    assert_int_equal(caip_set(f->t.db, &f->r, "U10002", 2024, "online_requests", CAIP_MET, NULL, 12,
                              NULL, &chg, &m),
                     0);
    assert_false(chg.fed);
    assert_int_equal(
        test_query_int(f->t.db, "SELECT COUNT(*) FROM caip_achievement WHERE fy = 2024"), 0);
    assert_int_equal(caip_get(f->t.db, &f->r, "U10002", 2024, &f->t.a, &v, &m), 0);
    assert_false(v.share.known);
    assert_contains(v.share.why, "only all criteria met (100%) or none (0%)");
    assert_int_equal(caip_set(f->t.db, &f->r, "U10002", 2024, "digital_telephony", CAIP_MET, NULL,
                              13, NULL, &chg, &m),
                     0);
    assert_int_equal(caip_set(f->t.db, &f->r, "U10002", 2024, "care_navigation", CAIP_MET, NULL, 14,
                              NULL, &chg, &m),
                     0);
    assert_true(chg.fed);
    assert_int_equal(chg.bp_after, 10000);
    /* Refused: a criterion not of the year; a declaration outside it. */
    assert_int_equal(
        caip_set(f->t.db, &f->r, "U10002", 2024, "mgpa", CAIP_MET, NULL, 15, NULL, &chg, &m),
        PCN_EINVAL);
    assert_string_equal(m.text, "mgpa is not a CAIP criterion of 2024/25 "
                                "(rules/2024-25/caip_criteria.csv)");
    date_t was;
    assert_int_equal(
        caip_declare(f->t.db, &f->r, "U10002", 2024, date_from_ymd(2025, 4, 2), 16, NULL, &was, &m),
        PCN_EINVAL);
    assert_int_equal(caip_declare(f->t.db, &f->r, "U10002", 2024, date_from_ymd(2025, 3, 20), 16,
                                  NULL, &was, &m),
                     0);
    assert_int_equal(was, DATE_NONE);
    assert_int_equal(caip_get(f->t.db, &f->r, "U10002", 2024, &f->t.a, &v, &m), 0);
    assert_int_equal(v.declared_on, date_from_ymd(2025, 3, 20));
    assert_int_equal(caip_get(f->t.db, &f->r, "U99999", 2024, &f->t.a, &v, &m), PCN_ENOTFOUND);
}

static void test_qof_year_from_name(void **state)
{
    (void)state;
    fy_t fy;
    assert_int_equal(qof_year_from_name("data/nhs/qof-prevalence-2024-25.csv.gz", &fy), 0);
    assert_int_equal(fy, 2024);
    assert_int_equal(qof_year_from_name("PREVALENCE_2023_24.csv", &fy), 0);
    assert_int_equal(fy, 2023);
    assert_int_equal(qof_year_from_name("qof-2024-26.csv", &fy), PCN_EINVAL);
    assert_int_equal(qof_year_from_name("2024-25/qof.csv", &fy), PCN_EINVAL);
    assert_int_equal(qof_year_from_name("qof-12024-25.csv", &fy), PCN_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_rollup, setup, test_fx_teardown),
        cmocka_unit_test_setup_teardown(test_pcn_rows_only, setup, test_fx_teardown),
        cmocka_unit_test_setup_teardown(test_bad_input, setup, test_fx_teardown),
        cmocka_unit_test_setup_teardown(test_entered_with_prevalence, setup, test_fx_teardown),
        cmocka_unit_test_setup_teardown(test_caip, setup, test_fx_teardown),
        cmocka_unit_test(test_qof_year_from_name),
    };
    return cmocka_run_group_tests_name("iif store", tests, NULL, NULL);
}
