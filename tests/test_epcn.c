/* Membership history from ODS (epcn.h), the sheet reader under it (xlsx.h)
 * and CQC's ratings (cqc.h), on both stores:
 *   - the real ePCN workbook and its two CSV sheets (tests/data/epcn) give
 *     the same memberships, with and without the CSV header;
 *   - five relationships read from the file by hand, two of them ended;
 *   - importing again changes nothing; each import is audited in its
 *     transaction;
 *   - malformed workbooks (bad zip, missing sheet, oversized entry) and bad
 *     cells refused with their file, sheet, cell or line, nothing written;
 *   - the sheet reader's limits, each with its message;
 *   - the monthly publications beside ODS (disagreements, ODS trusted);
 *   - CQC's derived CSV (A81001: Good, 2016) and CQC's own .ods layout
 *     (domains, "Not Rated"), and the pages that show them (no ranking). */
#include "testutil.h"
#include "webfix.h"

#include "arena.h"
#include "audit.h"
#include "cqc.h"
#include "db.h"
#include "deskdb.h"
#include "epcn.h"
#include "import.h"
#include "importer.h"
#include "migrate.h"
#include "xlsx.h"

#define DIR_ "tests/data/epcn/"
#define XLSX DIR_ "epcn-2025-01.xlsx"
#define CSV_PARTNERS DIR_ "epcn-core-partner-details-2025-01.csv.gz"
#define CSV_PCNS DIR_ "epcn-pcn-details-2025-01.csv.gz"
#define CQC_CSV DIR_ "cqc-ratings-gp-2024-04.csv.gz"
#define CQC_ODS DIR_ "cqc-latest-ratings-sample.ods"
#define SAMPLE DIR_ "epcn-sample-core-partner-details.csv"

struct fx {
    struct test_fx t; /* first: test_fx_teardown */
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    test_fx_open(&f->t, "epcn.db");
    *state = f;
    return 0;
}

static int import_file(struct db *db, enum import_kind kind, const char *path, const char *name,
                       struct import_result *res, struct pcn_msg *m)
{
    struct arena a;
    struct audit_entry note;
    arena_init(&a, 0);
    audit_note_cli(&note, &a, "import", "file", name ? name : path,
                   json_pack("{s:s}", "kind", import_kind_name(kind)));
    struct import_src src = {.name = name ? name : path, .path = path, .audit = &note};
    import_result_init(res, kind);
    int rc = importer_run(db, kind, &src, res, m);
    arena_release(&a);
    return rc;
}

static void import_ok(struct db *db, enum import_kind kind, const char *path, long *written)
{
    struct import_result res;
    struct pcn_msg m = {0};
    int64_t entries = test_query_int(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'import'");
    if (import_file(db, kind, path, NULL, &res, &m))
        fail_msg("%s: %s", path, m.text);
    /* the entry written in the import's own transaction */
    assert_int_equal(test_query_int(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'import'"),
                     entries + 1);
    if (written)
        *written = res.written;
    import_result_release(&res);
}

/* Every relationship as one line of text, sorted, for comparing stores. */
static char *memberships(struct db *db)
{
    struct db_stmt *st;
    struct pcn_msg m = {0};
    struct buf b;
    buf_init(&b, 4L * 1024 * 1024);
    if (db_prepare(db,
                   "SELECT practice_code, pcn_code, start_date, COALESCE(end_date, ''), "
                   "practice_name, pcn_name, COALESCE(practice_sub_icb, ''), "
                   "COALESCE(pcn_sub_icb, '') FROM ods_membership "
                   "ORDER BY practice_code, pcn_code, start_date",
                   &st, &m))
        fail_msg("%s", m.text);
    while (db_step(st, &m) > 0) {
        for (int i = 0; i < 8; i++)
            buf_printf(&b, "%s%s", i ? "|" : "", db_col_text(st, i));
        buf_adds(&b, "\n");
    }
    db_finalize(st);
    return buf_take(&b, NULL);
}

static void test_workbook_and_csv_agree(void **state)
{
    struct fx *f = *state;
    long w;
    import_ok(f->t.db, IMPORT_EPCN, XLSX, &w);
    assert_int_equal(w, 7705 + 1366);
    assert_int_equal(test_query_int(f->t.db, "SELECT COUNT(*) FROM ods_membership"), 7705);
    assert_int_equal(
        test_query_int(f->t.db, "SELECT COUNT(*) FROM ods_membership WHERE end_date IS NOT NULL"),
        1481);
    assert_int_equal(test_query_int(f->t.db, "SELECT COUNT(*) FROM ods_pcn"), 1366);
    char *from_xlsx = memberships(f->t.db);

    /* The CSV sheets into a second store. */
    char path[512];
    struct db *db2;
    struct pcn_msg m = {0};
    if (test_store(f->t.dir, "epcn2.db", path, sizeof path) || migrate_open(path, &db2, &m))
        fail_msg("second store: %s", m.text);
    import_ok(db2, IMPORT_EPCN, CSV_PARTNERS, &w);
    assert_int_equal(w, 7705);
    import_ok(db2, IMPORT_EPCN, CSV_PCNS, &w);
    assert_int_equal(w, 1366);
    char *from_csv = memberships(db2);
    assert_string_equal(from_xlsx, from_csv);
    assert_int_equal(
        test_query_int(db2, "SELECT COUNT(*) FROM ods_pcn p WHERE EXISTS (SELECT 1 FROM ods_pcn "
                            "WHERE code = 'U89141' AND name = 'STOCKTON PCN' "
                            "AND open_date = '2019-10-01')"),
        1366);
    db_close(db2);

    /* ODS's export without the header row: the same again. */
    struct arena a;
    arena_init(&a, 0);
    char *data;
    size_t len;
    if (xlsx_slurp(CSV_PARTNERS, NULL, NULL, 0, 64L << 20, &data, &len, &m))
        fail_msg("%s", m.text);
    /* The header is the first record: up to the first line that starts
     * a row with a practice code. */
    const char *body = strstr(data, "\nA81001,");
    assert_non_null(body);
    char *bare = write_file(f->t.dir, "epcncorepartnerdetails.csv", body + 1);
    if (test_store(f->t.dir, "epcn3.db", path, sizeof path) || migrate_open(path, &db2, &m))
        fail_msg("third store: %s", m.text);
    import_ok(db2, IMPORT_EPCN, bare, &w);
    char *from_bare = memberships(db2);
    assert_string_equal(from_xlsx, from_bare);
    db_close(db2);
    free(bare);
    free(data);
    free(from_bare);
    free(from_xlsx);
    free(from_csv);
    arena_release(&a);
}

/* Five relationships read from epcn-core-partner-details-2025-01.csv by hand:
 *   line 15   A81001 THE DENSHAM SURGERY, U89141 STOCKTON PCN, 20191001, (none)
 *   line 4120 H84031 JUBILEE SURGERY, U62999 WEST TWICKENHAM PCN, 20191001, 20240930
 *   line 4121 H84031 JUBILEE SURGERY, U84150 HAMPTON PCN, 20241001, 20241001
 *   line 4711 K81656 CROWN WOOD MEDICAL CENTRE, U89762 THE HEALTH TRIANGLE PCN,
 *             20191001, 20220630
 *   line 7080 P85004 CHADDERTON MEDICAL PRACTICE, U04503 MILLTOWN ALLIANCE,
 *             20240701, 20240702 */
static void test_five_by_hand(void **state)
{
    struct fx *f = *state;
    static const struct {
        const char *practice, *pcn, *start, *end;
    } want[] = {
        {"A81001", "U89141", "2019-10-01", NULL},
        {"H84031", "U62999", "2019-10-01", "2024-09-30"},
        {"H84031", "U84150", "2024-10-01", "2024-10-01"},
        {"K81656", "U89762", "2019-10-01", "2022-06-30"},
        {"P85004", "U04503", "2024-07-01", "2024-07-02"},
    };
    import_ok(f->t.db, IMPORT_EPCN, XLSX, NULL);
    struct epcn_history h;
    struct pcn_msg m = {0};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        if (epcn_history(f->t.db, ORG_PRACTICE, want[i].practice, &f->t.a, &h, &m))
            fail_msg("%s", m.text);
        bool found = false;
        for (size_t k = 0; k < h.nrels; k++) {
            char s[11], e[11] = "";
            date_format_iso(h.rels[k].start, s);
            if (h.rels[k].end != DATE_NONE)
                date_format_iso(h.rels[k].end, e);
            if (strcmp(h.rels[k].pcn, want[i].pcn) == 0 && strcmp(s, want[i].start) == 0) {
                assert_string_equal(e, want[i].end ? want[i].end : "");
                found = true;
            }
        }
        if (!found)
            fail_msg("%s in %s from %s not found", want[i].practice, want[i].pcn, want[i].start);
    }
    /* H84031 has three relationships; K81656 went back to U89762 in July 2022. */
    assert_int_equal(epcn_history(f->t.db, ORG_PRACTICE, "H84031", &f->t.a, &h, &m), 0);
    assert_int_equal(h.nrels, 3);
    assert_int_equal(epcn_history(f->t.db, ORG_PRACTICE, "K81656", &f->t.a, &h, &m), 0);
    assert_int_equal(h.nrels, 3);
    assert_int_equal(h.rels[2].start, date_from_ymd(2022, 7, 1));
    assert_int_equal(h.rels[2].end, DATE_NONE);
    assert_int_equal(h.ods_latest, date_from_ymd(2024, 10, 1));
}

static void test_again_and_audit(void **state)
{
    struct fx *f = *state;
    long w;
    int64_t before = test_query_int(f->t.db, "SELECT COUNT(*) FROM audit_log");
    import_ok(f->t.db, IMPORT_EPCN, XLSX, &w);
    assert_int_equal(test_query_int(f->t.db,
                                    "SELECT COUNT(*) FROM audit_log WHERE action = 'import' AND "
                                    "target_code = '" XLSX "'"),
                     1);
    import_ok(f->t.db, IMPORT_EPCN, XLSX, &w);
    assert_int_equal(w, 0); /* nothing changed */
    assert_int_equal(test_query_int(f->t.db, "SELECT COUNT(*) FROM audit_log"), before + 2);
    /* A smaller report removes what it no longer holds. */
    import_ok(f->t.db, IMPORT_EPCN, SAMPLE, &w);
    assert_int_equal(test_query_int(f->t.db, "SELECT COUNT(*) FROM ods_membership"), 7);
    assert_int_equal(w, 7 + 7705);
    assert_int_equal(test_query_int(f->t.db, "SELECT COUNT(*) FROM ods_pcn"),
                     1366); /* PCNs untouched */
}

static void refused(struct fx *f, enum import_kind kind, const char *path, const char *text)
{
    struct import_result res;
    struct pcn_msg m = {0};
    int64_t rows = test_query_int(f->t.db, "SELECT COUNT(*) FROM ods_membership") +
                   test_query_int(f->t.db, "SELECT COUNT(*) FROM ods_pcn") +
                   test_query_int(f->t.db, "SELECT COUNT(*) FROM cqc_rating");
    int64_t audit = test_query_int(f->t.db, "SELECT COUNT(*) FROM audit_log");
    int rc = import_file(f->t.db, kind, path, NULL, &res, &m);
    import_result_release(&res);
    if (rc == 0)
        fail_msg("%s was accepted", path);
    if (!strstr(m.text, text))
        fail_msg("%s: got '%s', wanted '%s'", path, m.text, text);
    assert_int_equal(test_query_int(f->t.db, "SELECT COUNT(*) FROM ods_membership") +
                         test_query_int(f->t.db, "SELECT COUNT(*) FROM ods_pcn") +
                         test_query_int(f->t.db, "SELECT COUNT(*) FROM cqc_rating"),
                     rows);
    assert_int_equal(test_query_int(f->t.db, "SELECT COUNT(*) FROM audit_log"), audit);
}

static void test_malformed(void **state)
{
    struct fx *f = *state;
    import_ok(f->t.db, IMPORT_EPCN, SAMPLE, NULL); /* something to leave alone */
    refused(f, IMPORT_EPCN, DIR_ "bad-zip.xlsx",
            DIR_ "bad-zip.xlsx: not an Excel workbook (.xlsx) (not a valid zip file: ");
    refused(f, IMPORT_EPCN, DIR_ "missing-sheet.xlsx",
            DIR_ "missing-sheet.xlsx: no sheet 'PCN Core Partner Details' (the sheets are "
                 "'PCNDetails')");
    refused(f, IMPORT_EPCN, DIR_ "oversized-entry.xlsx",
            DIR_ "oversized-entry.xlsx: xl/worksheets/sheet2.xml is larger than 64 MiB "
                 "decompressed");
    refused(f, IMPORT_CQC, XLSX,
            XLSX ": not an OpenDocument spreadsheet (.ods): it has no content.xml");
    refused(f, IMPORT_EPCN, CQC_CSV, CQC_CSV ":1: not ODS's ePCN report");

    /* Bad cells, each with its line and field. */
    static const struct {
        const char *row, *text;
    } bad[] = {
        {"A10001,NORTH SURGERY,01A,X,U10001,NORTH PCN,01A,X,2019101,,1",
         "bad.csv:2: field Practice to PCN Relationship Start Date: '2019101' is not a date "
         "written YYYYMMDD (like 20191001)"},
        {"A10001,NORTH SURGERY,01A,X,U10001,NORTH PCN,01A,X,20190231,,1",
         "bad.csv:2: field Practice to PCN Relationship Start Date: '20190231' is not a date"},
        {"A10001,NORTH SURGERY,01A,X,U10001,NORTH PCN,01A,X,20191001,20190930,1",
         "bad.csv:2: field Practice to PCN Relationship End Date: the relationship ends before "
         "it starts"},
        {"A1000,NORTH SURGERY,01A,X,U10001,NORTH PCN,01A,X,20191001,,1",
         "bad.csv:1: not ODS's ePCN report"},
        {"A10001,NORTH SURGERY,01A,X,10001,NORTH PCN,01A,X,20191001,,1",
         "bad.csv:2: field PCN Code: '10001' is not a PCN code"},
        {"A10001,,01A,X,U10001,NORTH PCN,01A,X,20191001,,1",
         "bad.csv:2: field Partner Name: is empty"},
        {"A10001,NORTH SURGERY,01A,X,U10001,NORTH PCN,01A,X,20191001,,1",
         "bad.csv:2: field Partner Organisation Code: A10001's relationship with U10001 from "
         "2019-10-01 is there twice (also at line 1)"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *text = NULL;
        const char *first = "A10001,NORTH SURGERY,01A,X,U10001,NORTH PCN,01A,X,20191001,,1";
        if (strncmp(bad[i].row, "A1000,", 6) == 0)
            first = bad[i].row;
        if (asprintf(&text, "%s\r\n%s\r\n", first, bad[i].row) < 0)
            fail();
        char *p = write_file(f->t.dir, "bad.csv", text);
        struct import_result res;
        struct pcn_msg m = {0};
        struct import_src src = {.name = "bad.csv", .path = p};
        import_result_init(&res, IMPORT_EPCN);
        assert_int_not_equal(importer_run(f->t.db, IMPORT_EPCN, &src, &res, &m), 0);
        if (!strstr(m.text, bad[i].text))
            fail_msg("row %zu: got '%s', wanted '%s'", i, m.text, bad[i].text);
        import_result_release(&res);
        free(p);
        free(text);
    }
    assert_int_equal(test_query_int(f->t.db, "SELECT COUNT(*) FROM ods_membership"), 7);
}

/* The sheet reader's limits, each refused with its words. */
static void test_xlsx_limits(void **state)
{
    struct fx *f = *state;
    struct pcn_msg m = {0};
    char *data;
    size_t len;
    if (xlsx_slurp(XLSX, NULL, NULL, 0, 64L << 20, &data, &len, &m))
        fail_msg("%s", m.text);
    struct xlsx_sheet s;
    assert_int_equal(xlsx_read("w.xlsx", data, len, EPCN_SHEET_PARTNERS, NULL, &f->t.a, &s, &m), 0);
    assert_int_equal(s.nrows, 7706);
    assert_string_equal(s.rows[0].cells[8], "Practice to PCN\nRelationship\nStart Date");
    assert_true(xlsx_header_eq(s.rows[0].cells[8], "Practice to PCN Relationship Start Date"));
    assert_string_equal(s.rows[0].cells[10], "Practice Sub ICB Loc and PCN Sub ICB Loc Match ");
    assert_string_equal(s.rows[1].cells[9], "");   /* an empty end date */
    assert_string_equal(s.rows[1].cells[10], "1"); /* a boolean cell */

    /* Each case lowers one limit (named by its place in struct xlsx_limits)
     * from these, which the workbook is within. */
    static const struct xlsx_limits within = {.entries = 100,
                                              .part_bytes = 64 << 20,
                                              .strings = 1000000,
                                              .rows = 200000,
                                              .cells = 256,
                                              .cell_bytes = 32768,
                                              .total_cells = 8000000,
                                              .total_bytes = 256 << 20};
    static const struct {
        size_t field; /* offsetof(struct xlsx_limits, ...) */
        size_t value;
        const char *text;
    } cases[] = {
        {offsetof(struct xlsx_limits, entries), 5, "w.xlsx: has more than 5 entries"},
        {offsetof(struct xlsx_limits, part_bytes), 1 << 20,
         "w.xlsx: xl/worksheets/sheet2.xml is larger than 1 MiB decompressed"},
        {offsetof(struct xlsx_limits, strings), 1000,
         "w.xlsx: xl/sharedStrings.xml: more than 1000 shared strings"},
        {offsetof(struct xlsx_limits, rows), 7000,
         "w.xlsx: sheet 'PCN Core Partner Details', has more than 7000 rows"},
        {offsetof(struct xlsx_limits, cells), 10,
         "w.xlsx: sheet 'PCN Core Partner Details', row 1 has more than 10 columns"},
        {offsetof(struct xlsx_limits, cell_bytes), 20,
         "w.xlsx: xl/sharedStrings.xml: a cell is longer than 20 bytes"},
        {offsetof(struct xlsx_limits, total_cells), 50000,
         "w.xlsx: sheet 'PCN Core Partner Details', holds more than 50000 cells or "
         "256 MiB of text"},
        {offsetof(struct xlsx_limits, total_bytes), 1 << 20,
         "w.xlsx: sheet 'PCN Core Partner Details', holds more than 8000000 cells or "
         "1 MiB of text"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct xlsx_limits lim = within;
        memcpy((char *)&lim + cases[i].field, &cases[i].value, sizeof cases[i].value);
        m = (struct pcn_msg){0};
        int rc = xlsx_read("w.xlsx", data, len, EPCN_SHEET_PARTNERS, &lim, &f->t.a, &s, &m);
        assert_int_equal(rc, PCN_ELIMIT);
        if (strcmp(m.text, cases[i].text) != 0)
            fail_msg("case %zu: got '%s'", i, m.text);
    }
    free(data);

    /* Cell names. */
    assert_string_equal(xlsx_cell_name(&f->t.a, 0, 1), "A1");
    assert_string_equal(xlsx_cell_name(&f->t.a, 25, 7), "Z7");
    assert_string_equal(xlsx_cell_name(&f->t.a, 26, 7), "AA7");
    assert_string_equal(xlsx_cell_name(&f->t.a, 701, 12), "ZZ12");
    assert_string_equal(xlsx_cell_name(&f->t.a, 702, 12), "AAA12");

    /* OpenDocument: repeated cells, dates, the sheet asked for. */
    if (xlsx_slurp(CQC_ODS, NULL, NULL, 0, 64L << 20, &data, &len, &m))
        fail_msg("%s", m.text);
    assert_int_equal(xlsx_read_ods("c.ods", data, len, "Locations", NULL, &f->t.a, &s, &m), 0);
    assert_int_equal(s.nrows, 11);
    assert_string_equal(s.rows[1].cells[7], "Overall"); /* number-columns-repeated="2" */
    assert_string_equal(s.rows[1].cells[8], "Overall");
    assert_string_equal(s.rows[1].cells[10], "2019-03-14");
    assert_int_equal(xlsx_read_ods("c.ods", data, len, "Sheet1", NULL, &f->t.a, &s, &m),
                     PCN_EINVAL);
    assert_string_equal(m.text, "c.ods: no sheet 'Sheet1' (the sheets are 'Locations')");
    free(data);
}

/* The monthly publications of tests/data/registry beside the hand-made ODS
 * sample: A10005 is in U10001 by ODS from 1 April 2023, in U10002 by the
 * July 2023 file; B20003 left U20001 on 30 June 2021 by ODS, but the
 * January 2021 file shows it in no PCN and the July 2023 file in U20001. */
static void test_disagreements(void **state)
{
    struct fx *f = *state;
    import_ok(f->t.db, IMPORT_EPCN, SAMPLE, NULL);
    struct import_result res;
    struct pcn_msg m = {0};
    const char *maps[] = {"tests/data/registry/map-2021-01.csv",
                          "tests/data/registry/map-2023-07.csv"};
    for (size_t i = 0; i < 2; i++) {
        if (import_file(f->t.db, IMPORT_REGISTRY, maps[i], NULL, &res, &m))
            fail_msg("%s", m.text);
        import_result_release(&res);
    }
    struct epcn_history h;
    assert_int_equal(epcn_history(f->t.db, ORG_PCN, "U10001", &f->t.a, &h, &m), 0);
    assert_true(h.loaded);
    assert_int_equal(h.ods_latest, date_from_ymd(2023, 7, 1));
    assert_int_equal(h.nrels, 4); /* A10001, A10002, A10004, A10005 */
    assert_int_equal(h.ndis, 1);
    assert_string_equal(h.dis[0].practice, "A10005");
    assert_int_equal(h.dis[0].date, date_from_ymd(2023, 7, 1));
    assert_string_equal(h.dis[0].monthly_pcn, "U10002");
    assert_string_equal(h.dis[0].ods_pcn, "U10001");

    assert_int_equal(epcn_history(f->t.db, ORG_PRACTICE, "B20003", &f->t.a, &h, &m), 0);
    assert_int_equal(h.ndis, 2);
    assert_int_equal(h.dis[0].date, date_from_ymd(2021, 1, 1));
    assert_null(h.dis[0].monthly_pcn);
    assert_string_equal(h.dis[0].ods_pcn, "U20001");
    assert_int_equal(h.dis[1].date, date_from_ymd(2023, 7, 1));
    assert_string_equal(h.dis[1].monthly_pcn, "U20001");
    assert_null(h.dis[1].ods_pcn);

    /* For a PCN, its practices that ODS has no membership for at all count
     * too: B20001 and B20002 in U20001 by both monthly files, in none by
     * the sample. */
    assert_int_equal(epcn_history(f->t.db, ORG_PCN, "U20001", &f->t.a, &h, &m), 0);
    assert_int_equal(h.ndis, 6);
    assert_string_equal(h.dis[0].practice, "B20001");
    assert_string_equal(h.dis[0].monthly_pcn, "U20001");
    assert_null(h.dis[0].ods_pcn);
    assert_string_equal(h.dis[4].practice, "B20003");

    /* A10004's move (U10002 to U10001 on 1 July 2023) agrees on both dates. */
    assert_int_equal(epcn_history(f->t.db, ORG_PRACTICE, "A10004", &f->t.a, &h, &m), 0);
    assert_int_equal(h.ndis, 0);
    assert_int_equal(h.compared, 2);
    json_t *j = epcn_history_json("A10004", &h);
    char *text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
    assert_contains(text, "\"start\":\"2023-07-01\",\"end\":null");
    free(text);
    json_decref(j);
}

static void test_cqc(void **state)
{
    struct fx *f = *state;
    struct pcn_msg m = {0};
    struct import_result res;
    assert_int_equal(import_file(f->t.db, IMPORT_CQC, CQC_CSV, NULL, &res, &m), 0);
    assert_int_equal(res.nwarnings, 2); /* C84005 and M84032 rated twice: later kept */
    assert_contains(res.warnings[0], "C84005: Overall at line 1090 replaces line 1089");
    import_result_release(&res);
    assert_int_equal(test_query_int(f->t.db, "SELECT COUNT(*) FROM cqc_rating"), 6167);
    struct cqc_rating *r;
    size_t n;
    assert_int_equal(cqc_practice(f->t.db, "A81001", &f->t.a, &r, &n, &m), 0);
    assert_int_equal(n, 1);
    assert_string_equal(r[0].rating, "Good");
    assert_int_equal(r[0].year, 2016);
    assert_int_equal(r[0].date, DATE_NONE);
    assert_int_equal(cqc_practice(f->t.db, "M84032", &f->t.a, &r, &n, &m), 0);
    assert_int_equal(r[0].year, 2019);
    /* again: nothing */
    assert_int_equal(import_file(f->t.db, IMPORT_CQC, CQC_CSV, NULL, &res, &m), 0);
    assert_int_equal(res.written, 0);
    import_result_release(&res);

    /* CQC's own layout replaces it. */
    assert_int_equal(import_file(f->t.db, IMPORT_CQC, CQC_ODS, NULL, &res, &m), 0);
    import_result_release(&res);
    assert_int_equal(test_query_int(f->t.db, "SELECT COUNT(*) FROM cqc_rating"), 8);
    assert_int_equal(cqc_practice(f->t.db, "A10001", &f->t.a, &r, &n, &m), 0);
    assert_int_equal(n, 6);
    static const char *const order[] = {"Overall", "Safe",       "Effective",
                                        "Caring",  "Responsive", "Well-led"};
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(r[i].domain, order[i]);
    assert_string_equal(r[1].rating, "Requires improvement");
    assert_int_equal(r[0].date, date_from_ymd(2019, 3, 14));
    assert_int_equal(cqc_practice(f->t.db, "A10003", &f->t.a, &r, &n, &m), 0);
    assert_string_equal(r[0].rating, "Not Rated");
    /* The overall ratings in the order asked, none sorted. */
    const char *codes[] = {"A10005", "A10004", "A10001"};
    assert_int_equal(cqc_overall_of(f->t.db, codes, 3, &f->t.a, &r, &m), 0);
    assert_null(r[0].rating);
    assert_string_equal(r[1].rating, "Outstanding");
    assert_string_equal(r[2].rating, "Good");

    /* Bad ratings and dates, with their line and field. */
    static const struct {
        const char *row, *text;
    } bad[] = {
        {"\"A10001\",2016,\"North\",\"Overall\",\"Overall\",\"Fine\",\"N\"",
         "c.csv:2: field latest_rating: 'Fine' is not a CQC rating"},
        {"\"A10001\",16,\"North\",\"Overall\",\"Overall\",\"Good\",\"N\"",
         "c.csv:2: field Year: '16' is not a year (like 2016)"},
        {"\"A10001\",2016,\"North\",\"Overall\",\"Kind\",\"Good\",\"N\"",
         "c.csv:2: field domain: 'Kind' is not a CQC domain"},
        {"\"A10001\",2016,\"North\",\"Overall\",\"Overall\",\"Good\",\"X\"",
         "c.csv:2: field inherited_rating_y_n: 'X' is not Y or N"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *text = NULL;
        if (asprintf(&text,
                     "\"Practice.Code\",\"Year\",\"location_name\",\"service_population_"
                     "group\",\"domain\",\"latest_rating\",\"inherited_rating_y_n\"\n%s\n",
                     bad[i].row) < 0)
            fail();
        char *p = write_file(f->t.dir, "c.csv", text);
        assert_int_not_equal(import_file(f->t.db, IMPORT_CQC, p, "c.csv", &res, &m), 0);
        if (!strstr(m.text, bad[i].text))
            fail_msg("%zu: got '%s'", i, m.text);
        import_result_release(&res);
        free(p);
        free(text);
    }
    assert_int_equal(test_query_int(f->t.db, "SELECT COUNT(*) FROM cqc_rating"), 8);
}

/* ---- the pages ----------------------------------------------------------- */

static void web_import(struct webfix *f, enum import_kind kind, const char *path)
{
    struct import_result res;
    struct pcn_msg m = {0};
    if (import_file(f->db, kind, path, NULL, &res, &m))
        fail_msg("%s: %s", path, m.text);
    import_result_release(&res);
}

static void test_pages(void **state)
{
    struct webfix *f = *state;
    web_import(f, IMPORT_EPCN, SAMPLE);
    web_import(f, IMPORT_CQC, CQC_ODS);
    char *body;

    assert_int_equal(fx_request(f, ADMIN, "GET", "/practice/A10001", NULL, &body), 200);
    assert_contains(body, "<h2>Care Quality Commission rating</h2>");
    assert_contains(body, "Overall rating");
    assert_contains(body, "Good, published 14 March 2019");
    assert_contains(body, "Requires improvement, published 14 March 2019");
    assert_contains(body, "does not performance-manage them");
    assert_contains(body, "Membership dates from ODS");
    fx_unique_ids("/practice/A10001", body);
    free(body);
    assert_int_equal(fx_request(f, ADMIN, "GET", "/practice/A10003", NULL, &body), 200);
    assert_contains(body, "Not Rated, published 2 October 2026");
    free(body);

    assert_int_equal(fx_request(f, ADMIN, "GET", "/pcn/U10001", NULL, &body), 200);
    assert_contains(body, "<h2>Member practices' CQC ratings</h2>");
    assert_contains(body, "The clinical director supports member practices and does not "
                          "performance-manage them.");
    assert_contains(body, "are not a ranking");
    /* In code order, as the members: A10001 (Good) before A10004 (Outstanding). */
    const char *ratings = strstr(body, "latest overall rating of each member practice");
    assert_non_null(ratings);
    const char *a1 = strstr(ratings, "A10001"), *a4 = strstr(ratings, "A10004");
    assert_non_null(a1);
    assert_non_null(a4);
    assert_true(a1 < a4);
    assert_null(strstr(body, "Rank"));
    assert_null(strstr(body, "League"));
    assert_null(strstr(body, "sort="));
    /* The disagreement, with ODS trusted. */
    assert_contains(body, "A monthly publication disagrees with ODS");
    assert_contains(body, "PCN Ops trusts ODS");
    assert_contains(body, "Where the monthly publications and ODS disagree");
    fx_unique_ids("/pcn/U10001", body);
    free(body);

    /* The requests register links a performance-management request to the
     * practice it names. */
    struct desk_actor w = fx_actor(f, CD);
    struct desk_request r = fx_pm_request(date_from_ymd(2026, 11, 2),
                                          "Take Vale Practice to task over its CQC rating", 60);
    struct desk_errs e = {0};
    struct pcn_msg m = {0};
    int64_t id;
    if (deskdb_save_request(f->db, &w, "U10001", &r, date_from_ymd(2026, 11, 23), &id, &e, &m))
        fail_msg("%s", m.text);
    assert_int_equal(fx_request(f, CD, "GET", "/pcn/U10001/desk/requests", NULL, &body), 200);
    assert_contains(body, "About the practice <a href=\"/practice/A10004\">VALE PRACTICE</a>");
    free(body);
    char path[64];
    snprintf(path, sizeof path, "/pcn/U10001/desk/requests/%lld", (long long)id);
    assert_int_equal(fx_request(f, CD, "GET", path, NULL, &body), 200);
    assert_contains(body, "About the practice <a href=\"/practice/A10004\">VALE PRACTICE</a>");
    free(body);

    /* A practice user sees its own practice's rating and no other's. */
    assert_int_equal(fx_request(f, PRACTICE, "GET", "/practice/A10003", NULL, &body), 200);
    assert_contains(body, "Not Rated");
    free(body);
    assert_int_equal(fx_request(f, PRACTICE, "GET", "/practice/A10001", NULL, &body), 404);
    free(body);
}

/* Done means: the CQC file shows A81001's rating on its page (Good, 2016). */
static void test_a81001_page(void **state)
{
    struct webfix *f = *state;
    web_import(f, IMPORT_REGISTRY, "data/nhs/gp-reg-pat-prac-map-2026-07.csv");
    web_import(f, IMPORT_CQC, CQC_CSV);
    web_import(f, IMPORT_EPCN, XLSX);
    char *body;
    assert_int_equal(fx_request(f, ADMIN, "GET", "/practice/A81001", NULL, &body), 200);
    assert_contains(body, "Overall rating");
    assert_contains(body, "Good, rated in 2016");
    assert_contains(body, "1 October 2019"); /* ODS start date */
    free(body);
    assert_int_equal(fx_request(f, ADMIN, "GET", "/pcn/U89141", NULL, &body), 200);
    assert_contains(body, "Member practices' CQC ratings");
    assert_contains(body, "Good, rated in 2016");
    assert_null(strstr(body, "Rank"));
    free(body);
}

/* An upload as the web takes it (multipart, the kind worked out from the
 * file): one audit entry, by the signed-in user, written with the rows. */
static int upload(struct webfix *f, const char *path, const char *name, char **out)
{
    struct http_req *q = fx_req(f, "POST", "/import");
    struct http_resp r;
    struct buf body;
    struct pcn_msg m = {0};
    const char *bnd = "----epcnboundary";
    char *data;
    size_t len;
    if (xlsx_slurp(path, NULL, NULL, 0, 64L << 20, &data, &len, &m))
        fail_msg("%s", m.text);
    fx_as(f, q, ADMIN);
    buf_init(&body, 64L << 20);
    buf_printf(&body, "--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n", bnd,
               f->csrf[ADMIN]);
    buf_printf(&body, "--%s\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nauto\r\n", bnd);
    buf_printf(&body,
               "--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
               "Content-Type: application/octet-stream\r\n\r\n",
               bnd, name);
    buf_add(&body, data, len);
    buf_printf(&body, "\r\n--%s--\r\n", bnd);
    q->body = body.buf;
    q->body_len = body.len;
    fx_header(q, "Content-Type", arena_printf(q->a, "multipart/form-data; boundary=%s", bnd));
    fx_run(f, q, &r);
    int status = r.status;
    *out = strndup(r.body.buf, r.body.len);
    http_resp_release(&r);
    fx_req_free(q);
    buf_release(&body);
    free(data);
    return status;
}

static void test_upload(void **state)
{
    struct webfix *f = *state;
    char *body;
    int64_t audit = fx_count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'import'");
    assert_int_equal(upload(f, SAMPLE, "epcncorepartnerdetails.csv", &body), 200);
    assert_contains(body, "File imported");
    assert_contains(body, "ODS ePCN report: 7 practice-to-PCN relationships (3 ended, 4 open)");
    free(body);
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'import'"),
                     audit + 1);
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'import' AND "
                                 "user_email = 'admin@test.nhs.uk' AND target_code = "
                                 "'epcncorepartnerdetails.csv'"),
                     1);
    assert_int_equal(upload(f, XLSX, "epcn-2025-01.xlsx", &body), 200);
    assert_contains(body, "7705 practice-to-PCN relationships");
    free(body);
    assert_int_equal(upload(f, CQC_ODS, "Latest_ratings.ods", &body), 200);
    assert_contains(body, "CQC ratings: 3 practices with an overall rating (1 Not Rated)");
    free(body);
    assert_int_equal(upload(f, DIR_ "bad-zip.xlsx", "bad.xlsx", &body), 400);
    free(body);
    assert_int_equal(upload(f, DIR_ "missing-sheet.xlsx", "missing.xlsx", &body), 400);
    assert_contains(body, "no sheet");
    assert_contains(body, "Nothing was imported.");
    free(body);
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'import'"),
                     audit + 3);
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM ods_membership"), 7705);
}

/* The kind of an upload, worked out from its bytes. */
static void test_detect(void **state)
{
    (void)state;
    static const struct {
        const char *path;
        int kind;
    } cases[] = {
        {XLSX, IMPORT_EPCN},
        {SAMPLE, IMPORT_EPCN},
        {CQC_ODS, IMPORT_CQC},
        {CSV_PARTNERS, IMPORT_EPCN},
        {CSV_PCNS, IMPORT_EPCN},
        {CQC_CSV, IMPORT_CQC},
        {"tests/data/registry/map-2023-07.csv", IMPORT_REGISTRY},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *data;
        size_t len;
        struct pcn_msg m = {0};
        if (xlsx_slurp(cases[i].path, NULL, NULL, 0, 64L << 20, &data, &len, &m))
            fail_msg("%s", m.text);
        if (import_detect(data, len) != cases[i].kind)
            fail_msg("%s: detected %d", cases[i].path, import_detect(data, len));
        free(data);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_workbook_and_csv_agree, setup, test_fx_teardown),
        cmocka_unit_test_setup_teardown(test_five_by_hand, setup, test_fx_teardown),
        cmocka_unit_test_setup_teardown(test_again_and_audit, setup, test_fx_teardown),
        cmocka_unit_test_setup_teardown(test_malformed, setup, test_fx_teardown),
        cmocka_unit_test_setup_teardown(test_xlsx_limits, setup, test_fx_teardown),
        cmocka_unit_test_setup_teardown(test_disagreements, setup, test_fx_teardown),
        cmocka_unit_test_setup_teardown(test_cqc, setup, test_fx_teardown),
        cmocka_unit_test_setup_teardown(test_pages, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_a81001_page, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_upload, fx_setup, fx_teardown),
        cmocka_unit_test(test_detect),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
