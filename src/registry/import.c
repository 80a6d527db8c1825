#include "common.h"
#include "import.h"
#include "audit.h"
#include "buf.h"
#include "db.h"
#include "dbbatch.h"
#include "infile.h"
#include "ods.h"
#include "strmap.h"
#include "xlsx.h"

static const char *const kind_names[] = {
    [IMPORT_REGISTRY] = "registry",
    [IMPORT_LIST_SIZES] = "list-sizes",
    [IMPORT_EPRACCUR] = "epraccur",
    [IMPORT_POPULATIONS] = "populations",
    [IMPORT_IIF] = "iif",
    [IMPORT_QOF] = "qof",
    [IMPORT_NHS_PAYMENTS] = "nhs-payments",
    [IMPORT_EPCN] = "epcn",
    [IMPORT_CQC] = "cqc",
};

const char *import_kind_name(enum import_kind k)
{
    return (size_t)k < ARRAY_SIZE(kind_names) ? kind_names[k] : "?";
}

int import_kind_parse(const char *s)
{
    for (size_t i = 0; i < ARRAY_SIZE(kind_names); i++)
        if (strcmp(s, kind_names[i]) == 0)
            return (int)i;
    return -1;
}

struct feed_ctx {
    struct csv_reader *r;
    const struct import_src *src;
    long next_progress;
};

static int feed(void *ctx, const char *data, size_t n, struct pcn_msg *m)
{
    struct feed_ctx *f = ctx;
    int rc = csv_feed(f->r, data, n, m);
    if (!rc && f->src->progress && csv_records(f->r) >= f->next_progress) {
        f->src->progress(f->src->progress_ctx, f->src->name, csv_records(f->r));
        f->next_progress += 100000;
    }
    return rc;
}

int import_src_read_csv(const struct import_src *src, struct csv_reader *r, struct pcn_msg *m)
{
    struct feed_ctx f = {.r = r, .src = src, .next_progress = 100000};
    int rc;

    if (src->path)
        rc = infile_stream(src->path, src->name, feed, &f, m);
    else
        rc = infile_stream_mem(src->name, src->mem, src->len, feed, &f, m);
    if (rc)
        return rc;
    return csv_finish(r, m);
}

int import_need_rows(const struct import_src *src, const struct csv_reader *r, long rows,
                     struct pcn_msg *m)
{
    if (csv_records(r) == 0)
        return msg_set(m, PCN_EINVAL, "%s: the file is empty", src->name);
    if (rows == 0)
        return msg_set(m, PCN_EINVAL, "%s: no rows after the header", src->name);
    return 0;
}

void import_result_init(struct import_result *r, enum import_kind kind)
{
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->date = DATE_NONE;
}

void import_result_release(struct import_result *r)
{
    long kept = r->nwarnings < LIMIT_WARNINGS_KEPT ? r->nwarnings : LIMIT_WARNINGS_KEPT;
    for (long i = 0; i < kept; i++)
        free(r->warnings[i]);
    r->nwarnings = 0;
}

void import_warn(struct import_result *r, const char *fmt, ...)
{
    if (r->nwarnings < LIMIT_WARNINGS_KEPT) {
        char text[LIMIT_MSG_BYTES];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(text, sizeof text, fmt, ap);
        va_end(ap);
        r->warnings[r->nwarnings] = xstrdup(text);
    }
    r->nwarnings++;
}

int import_field_verror(struct pcn_msg *m, const char *file, long line, const char *field,
                        const char *fmt, va_list ap)
{
    char what[LIMIT_MSG_BYTES];
    vsnprintf(what, sizeof what, fmt, ap);
    return msg_set(m, PCN_EINVAL, "%s:%ld: field %s: %s", file, line, field, what);
}

int import_field_error(struct pcn_msg *m, const char *file, long line, const char *field,
                       const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = import_field_verror(m, file, line, field, fmt, ap);
    va_end(ap);
    return rc;
}

int import_one_date(struct pcn_msg *m, const char *file, long line, const char *field, date_t d,
                    date_t *date, long *date_line)
{
    if (*date == DATE_NONE) {
        *date = d;
        *date_line = line;
        return 0;
    }
    if (d == *date)
        return 0;
    char a[11], b[11];
    date_format_iso(d, a);
    date_format_iso(*date, b);
    return import_field_error(m, file, line, field,
                              "%s differs from %s on line %ld; a file holds one publication", a, b,
                              *date_line);
}

int import_audit(struct db *db, const struct import_src *src, const struct import_result *res,
                 struct pcn_msg *m)
{
    if (!src->audit)
        return 0;
    return audit_note_write(db, src->audit, NULL,
                            json_pack("{s:I,s:I,s:s,s:I}", "rows", (json_int_t)res->rows,
                                      "rows_written", (json_int_t)res->written, "summary",
                                      res->summary, "warnings", (json_int_t)res->nwarnings),
                            m);
}

int import_end(struct db *db, const struct import_src *src, const struct import_result *res, int rc,
               struct pcn_msg *m)
{
    if (!rc)
        rc = import_audit(db, src, res, m);
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return audit_commit(db, m);
}

int import_batch(struct db *db, const char *head, const char *tail, int ncols, size_t n,
                 import_row_fn *row, void *ctx, struct import_result *res, struct pcn_msg *m)
{
    struct dbbatch b;
    int rc = dbbatch_init(&b, db, head, tail, ncols, m);
    if (rc)
        return rc;
    for (size_t i = 0; i < n && !rc; i++) {
        row(ctx, &b, i);
        rc = dbbatch_row(&b, m);
    }
    if (!rc && !(rc = dbbatch_finish(&b, m)))
        res->written = b.changes;
    dbbatch_release(&b);
    return rc;
}

int import_delete_gone(struct db *db, const char *select_sql, const char *delete_sql, int ncols,
                       const struct strmap *keys, struct arena *a, long *removed, struct pcn_msg *m)
{
    struct db_stmt *sel = NULL, *del = NULL;
    const char **gone = NULL;  /* ncols columns a row */
    size_t ngone = 0, cap = 0; /* rows */
    int rc, k;
    if ((rc = db_prepare(db, select_sql, &sel, m)) || (rc = db_prepare(db, delete_sql, &del, m)))
        goto out;
    while ((k = db_step(sel, m)) > 0) {
        struct buf key;
        buf_init(&key, 64);
        for (int c = 0; c < ncols; c++) {
            if (c)
                BUF_LIT(&key, "|");
            buf_adds(&key, db_col_text(sel, c));
        }
        bool kept = strmap_get(keys, key.buf) != NULL;
        buf_release(&key);
        if (kept)
            continue;
        if (ngone == cap)
            gone = arena_grow(a, gone, ngone, &cap, sizeof *gone * (size_t)ncols);
        for (int c = 0; c < ncols; c++)
            gone[ngone * (size_t)ncols + (size_t)c] = db_col_strdup(a, sel, c);
        ngone++;
    }
    db_reset(sel);
    if (k < 0) {
        rc = k;
        goto out;
    }
    for (size_t i = 0; i < ngone; i++) {
        for (int c = 0; c < ncols; c++)
            db_bind_text(del, c + 1, gone[i * (size_t)ncols + (size_t)c]);
        if ((rc = db_run(del, m)))
            goto out;
        *removed += db_changes(db);
    }
out:
    db_finalize(sel);
    db_finalize(del);
    return rc;
}

int import_unknown_orgs(struct db *db, const struct strmap *codes, const char *kind, long *n,
                        const char **first, struct pcn_msg *m)
{
    struct db_stmt *known;
    int rc = db_prepare(db, "SELECT 1 FROM org WHERE code = ? AND kind = ?", &known, m);
    *n = 0;
    *first = NULL;
    if (rc)
        return rc;
    size_t iter = 0;
    const char *code;
    void *v;
    while (strmap_next(codes, &iter, &code, &v)) {
        db_bind_text(known, 1, code);
        db_bind_text(known, 2, kind);
        int k = db_step(known, m);
        db_reset(known);
        if (k < 0) {
            rc = k;
            break;
        }
        if (k == 0 && ((*n)++ == 0 || strcmp(code, *first) < 0))
            *first = code;
    }
    db_finalize(known);
    return rc;
}

/* Does the first line hold this header cell (ignoring quotes and case)? */
static bool has_cell(const char *line, size_t len, const char *name)
{
    size_t i = 0;
    while (i < len) {
        size_t start = i;
        while (i < len && line[i] != ',')
            i++;
        size_t s = start, e = i;
        if (e > s && line[s] == '"')
            s++;
        if (e > s && line[e - 1] == '"')
            e--;
        if (csv_header_eq(line + s, e - s, name))
            return true;
        i++;
    }
    return false;
}

int import_detect(const char *data, size_t len)
{
    size_t start = 0, end;
    if (len >= 3 && (unsigned char)data[0] == 0xEF && (unsigned char)data[1] == 0xBB &&
        (unsigned char)data[2] == 0xBF)
        start = 3;
    for (end = start; end < len && data[end] != '\n' && data[end] != '\r'; end++)
        ;
    /* Workbooks: a zip holding an Excel workbook (the ePCN report) or an
     * OpenDocument spreadsheet (CQC's ratings). */
    if (xlsx_is_zip(data, len)) {
        if (memmem(data, len, "xl/workbook.xml", 15))
            return IMPORT_EPCN;
        if (memmem(data, len, "opendocument.spreadsheet", 24))
            return IMPORT_CQC;
        return -1;
    }
    const char *line = data + start;
    size_t n = end - start;
    if (has_cell(line, n, "PRACTICE_CODE") && has_cell(line, n, "PCN_CODE"))
        return IMPORT_REGISTRY;
    if (has_cell(line, n, "NUMBER_OF_PATIENTS"))
        return IMPORT_LIST_SIZES;
    if (has_cell(line, n, "weighted_population") && has_cell(line, n, "adjusted_population"))
        return IMPORT_POPULATIONS;
    if (has_cell(line, n, "MEASURE") && has_cell(line, n, "IND_CODE") &&
        has_cell(line, n, "ACH_DATE"))
        return IMPORT_IIF;
    if (has_cell(line, n, "GROUP_CODE") && has_cell(line, n, "PATIENT_LIST_TYPE"))
        return IMPORT_QOF;
    if (has_cell(line, n, "Global Sum") || has_cell(line, n, "PCN Participation") ||
        has_cell(line, n, "PCN Workforce"))
        return IMPORT_NHS_PAYMENTS;
    if (has_cell(line, n, "PCN Code") && has_cell(line, n, "PCN Name"))
        return IMPORT_EPCN; /* the PCN details with their header */
    if (n >= 8 && memcmp(line, "\"Partner", 8) == 0)
        return IMPORT_EPCN; /* the core partner details: "Partner\nOrganisation\nCode" */
    /* ODS's exports without a header: 11 or 12 fields (commas outside
     * quotes), the first a practice or PCN code. */
    size_t fields = 1;
    bool quoted = false;
    for (size_t i = 0; i < n; i++) {
        if (line[i] == '"')
            quoted = !quoted;
        else if (line[i] == ',' && !quoted)
            fields++;
    }
    if ((fields == 11 && n > 6 && ods_is_practice(line, 6) && line[6] == ',') ||
        (fields == 12 && n > 6 && ods_is_pcn(line, 6) && line[6] == ','))
        return IMPORT_EPCN;
    if (has_cell(line, n, "Practice.Code") && has_cell(line, n, "latest_rating"))
        return IMPORT_CQC;
    /* epraccur has no header: 27 fields, the first an ODS code. */
    size_t commas = 0;
    for (size_t i = 0; i < n; i++)
        commas += line[i] == ',';
    if (commas >= 25 && n > 6)
        return IMPORT_EPRACCUR;
    return -1;
}
