#include "common.h"
#include "epraccur.h"
#include "arena.h"
#include "db.h"
#include "ods.h"
#include "strmap.h"

/* Columns, numbered from 1 as in the ODS documentation. */
enum {
    E_CODE = 1,
    E_NAME = 2,
    E_REGION = 3,
    E_ICB = 4,
    E_POSTCODE = 10,
    E_OPEN = 11,
    E_CLOSE = 12,
    E_STATUS = 13,
    E_SUB_ICB = 15,
    E_SETTING = 26,
};

static const char *const col_names[] = {
    [E_CODE] = "1 (organisation code)",   [E_NAME] = "2 (name)",
    [E_REGION] = "3 (national grouping)", [E_ICB] = "4 (high level health geography)",
    [E_POSTCODE] = "10 (postcode)",       [E_OPEN] = "11 (open date)",
    [E_CLOSE] = "12 (close date)",        [E_STATUS] = "13 (status code)",
    [E_SUB_ICB] = "15 (commissioner)",    [E_SETTING] = "26 (prescribing setting)",
};

struct practice {
    const char *code, *name, *region, *icb, *sub_icb, *postcode;
    char status[2];
    date_t open, close;
    long line;
};

struct parse {
    const struct import_src *src;
    struct arena *a;
    struct practice *rows;
    size_t n, cap;
    long other;          /* rows that are not GP practices */
    struct strmap index; /* code -> struct practice */
};

#define SHOW(f) (int)((f)->len > 40 ? 40 : (f)->len), (f)->p

static int ferr(const struct parse *p, long line, int col, struct pcn_msg *m, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int ferr(const struct parse *p, long line, int col, struct pcn_msg *m, const char *fmt, ...)
{
    char what[LIMIT_MSG_BYTES];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return import_field_error(m, p->src->name, line, col_names[col], "%s", what);
}

static const char *opt(struct parse *p, const struct csv_field *f)
{
    if (f->len == 0)
        return NULL;
    return arena_strndup(p->a, f->p, f->len > LIMIT_NAME_BYTES ? LIMIT_NAME_BYTES : f->len);
}

static int date_field(struct parse *p, const struct csv_record *rec, int col, date_t *out,
                      struct pcn_msg *m)
{
    const struct csv_field *f = &rec->f[col - 1];
    if (f->len == 0) {
        *out = DATE_NONE;
        return 0;
    }
    if (date_parse_nhs(f->p, f->len, out))
        return ferr(p, rec->line, col, m, "'%.*s' is not a date (expected YYYYMMDD)", SHOW(f));
    return 0;
}

static int on_record(void *ctx, const struct csv_record *rec, struct pcn_msg *m)
{
    struct parse *p = ctx;
    int rc;

    if (rec->nfields < E_SETTING)
        return msg_set(m, PCN_EINVAL,
                       "%s:%ld: %zu columns where the ODS practice file has 27 (is this "
                       "epraccur.csv?)",
                       p->src->name, rec->line, rec->nfields);
    const struct csv_field *setting = &rec->f[E_SETTING - 1];
    if (!(setting->len == 1 && setting->p[0] == '4')) {
        p->other++;
        return 0;
    }
    const struct csv_field *code = &rec->f[E_CODE - 1];
    if (!ods_is_practice(code->p, code->len))
        return ferr(p, rec->line, E_CODE, m, "'%.*s' is not a practice code (%s)", SHOW(code),
                    ods_format_hint(ORG_PRACTICE));
    struct practice *dup = strmap_get(&p->index, code->p);
    if (dup)
        return ferr(p, rec->line, E_CODE, m, "practice %s is listed twice (first on line %ld)",
                    dup->code, dup->line);
    const struct csv_field *name = &rec->f[E_NAME - 1];
    if (name->len == 0)
        return ferr(p, rec->line, E_NAME, m, "is empty");
    const struct csv_field *status = &rec->f[E_STATUS - 1];
    if (status->len != 1 || !strchr("ACDP", status->p[0]))
        return ferr(p, rec->line, E_STATUS, m,
                    "'%.*s' is not a status (A active, C closed, D dormant or P proposed)",
                    SHOW(status));

    if (p->n == p->cap)
        p->rows = arena_grow(p->a, p->rows, p->n, &p->cap, sizeof *p->rows);
    struct practice *pr = &p->rows[p->n];
    memset(pr, 0, sizeof *pr);
    pr->line = rec->line;
    pr->code = arena_strndup(p->a, code->p, code->len);
    pr->name = opt(p, name);
    pr->region = opt(p, &rec->f[E_REGION - 1]);
    pr->icb = opt(p, &rec->f[E_ICB - 1]);
    pr->sub_icb = opt(p, &rec->f[E_SUB_ICB - 1]);
    pr->postcode = opt(p, &rec->f[E_POSTCODE - 1]);
    pr->status[0] = status->p[0];
    if ((rc = date_field(p, rec, E_OPEN, &pr->open, m)) ||
        (rc = date_field(p, rec, E_CLOSE, &pr->close, m)))
        return rc;
    if (pr->open != DATE_NONE && pr->close != DATE_NONE && pr->close < pr->open)
        return ferr(p, rec->line, E_CLOSE, m, "the close date is before the open date");
    strmap_put(&p->index, pr->code, pr);
    p->n++;
    return 0;
}

int epraccur_import(struct db *db, const struct import_src *src, struct import_result *res,
                    struct pcn_msg *m)
{
    struct arena a;
    struct parse p = {.src = src, .a = &a};
    struct csv_reader r;
    struct db_stmt *ins = NULL;
    int rc;

    arena_init(&a, 256 * 1024);
    strmap_init(&p.index);
    csv_init(&r, src->name, on_record, &p);
    r.same_width = false; /* some ODS extracts drop trailing empty columns */
    rc = import_src_read_csv(src, &r, m);
    if (!rc && csv_records(&r) == 0)
        rc = msg_set(m, PCN_EINVAL, "%s: the file is empty", src->name);
    else if (!rc && p.n == 0)
        rc = msg_set(m, PCN_EINVAL, "%s: no GP practices (prescribing setting 4) among %ld rows",
                     src->name, p.other);
    if (rc)
        goto out;

    if ((rc = db_begin(db, m)))
        goto out;
    if ((rc = db_prepare(db,
                         "INSERT INTO practice_ods (code, name, status, open_date, close_date, "
                         "region_code, icb_code, sub_icb_code, postcode, source) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET "
                         "name = excluded.name, status = excluded.status, "
                         "open_date = excluded.open_date, close_date = excluded.close_date, "
                         "region_code = excluded.region_code, icb_code = excluded.icb_code, "
                         "sub_icb_code = excluded.sub_icb_code, postcode = excluded.postcode, "
                         "source = excluded.source "
                         "WHERE (practice_ods.name, practice_ods.status, practice_ods.open_date, "
                         " practice_ods.close_date, practice_ods.region_code, "
                         " practice_ods.icb_code, practice_ods.sub_icb_code, "
                         " practice_ods.postcode) IS DISTINCT FROM (excluded.name, "
                         " excluded.status, excluded.open_date, excluded.close_date, "
                         " excluded.region_code, excluded.icb_code, excluded.sub_icb_code, "
                         " excluded.postcode)",
                         &ins, m)))
        goto end;
    for (size_t i = 0; i < p.n; i++) {
        const struct practice *pr = &p.rows[i];
        db_bind_text(ins, 1, pr->code);
        db_bind_text(ins, 2, pr->name);
        db_bind_text(ins, 3, pr->status);
        db_bind_date(ins, 4, pr->open);
        db_bind_date(ins, 5, pr->close);
        db_bind_text(ins, 6, pr->region);
        db_bind_text(ins, 7, pr->icb);
        db_bind_text(ins, 8, pr->sub_icb);
        db_bind_text(ins, 9, pr->postcode);
        db_bind_text(ins, 10, src->name);
        if ((rc = db_run(ins, m)))
            goto end;
        res->written += db_changes(db);
    }
    db_finalize(ins);
    ins = NULL;

    long active = 0, closed = 0;
    for (size_t i = 0; i < p.n; i++) {
        active += p.rows[i].status[0] == 'A';
        closed += p.rows[i].status[0] == 'C';
    }
    res->rows = (long)p.n + p.other;
    snprintf(res->summary, sizeof res->summary,
             "ODS practices: %zu GP practices (%ld active, %ld closed, %zu other), %ld other "
             "rows skipped. %s",
             p.n, active, closed, p.n - (size_t)active - (size_t)closed, p.other,
             res->written ? "" : "Already loaded: nothing changed.");
    /* The rows and their entry in one transaction, or neither. */
end:
    rc = import_end(db, src, res, rc, m);
out:
    db_finalize(ins);
    csv_release(&r);
    strmap_release(&p.index);
    arena_release(&a);
    return rc;
}
