#include "common.h"
#include "population.h"
#include "arena.h"
#include "db.h"
#include "money.h"
#include "ods.h"
#include "strmap.h"

enum { C_PRACTICE, C_DATE, C_WEIGHTED, C_ADJUSTED, C_NCOLS };

static const char *const col_names[C_NCOLS] = {
    "practice_code",
    "date",
    "weighted_population",
    "adjusted_population",
};

struct row {
    const char *practice;
    date_t date;
    int64_t weighted_h, adjusted_h; /* -1: empty */
    long line;
};

struct parse {
    const struct import_src *src;
    struct arena *a;
    struct csv_col cols[C_NCOLS];
    struct row *rows;
    size_t n, cap;
    struct strmap seen; /* "K82070 2025-01-01" -> row */
};

#define SHOW(f) (int)((f)->len > 40 ? 40 : (f)->len), (f)->p
/* Populations up to 100 million, in hundredths. */
#define POP_MAX_H 10000000000LL

static const struct csv_field *fld(const struct parse *p, const struct csv_record *rec, int c)
{
    return &rec->f[p->cols[c].idx];
}

static int pop_field(const struct parse *p, const struct csv_record *rec, int c, int64_t *out,
                     struct pcn_msg *m)
{
    const struct csv_field *f = fld(p, rec, c);
    if (f->len == 0) {
        *out = -1;
        return 0;
    }
    if (fixed_parse(f->p, f->len, 2, 0, POP_MAX_H, out))
        return import_field_error(m, p->src->name, rec->line, col_names[c],
                                  "'%.*s' is not a population (a number from 0 with up to two "
                                  "decimals, like 12345.67)",
                                  SHOW(f));
    return 0;
}

static int on_record(void *ctx, const struct csv_record *rec, struct pcn_msg *m)
{
    struct parse *p = ctx;
    if (rec->index == 0)
        return csv_map_names(rec, col_names, p->cols, C_NCOLS, p->src->name, m);
    struct row r = {.line = rec->line};
    const struct csv_field *f = fld(p, rec, C_PRACTICE);
    if (!ods_is_practice(f->p, f->len))
        return import_field_error(m, p->src->name, rec->line, col_names[C_PRACTICE],
                                  "'%.*s' is not a practice code (%s)", SHOW(f),
                                  ods_format_hint(ORG_PRACTICE));
    r.practice = arena_strndup(p->a, f->p, f->len);
    f = fld(p, rec, C_DATE);
    if (date_parse_nhs(f->p, f->len, &r.date))
        return import_field_error(m, p->src->name, rec->line, col_names[C_DATE],
                                  "'%.*s' is not a date (like 2025-01-01)", SHOW(f));
    int rc;
    if ((rc = pop_field(p, rec, C_WEIGHTED, &r.weighted_h, m)) ||
        (rc = pop_field(p, rec, C_ADJUSTED, &r.adjusted_h, m)))
        return rc;
    if (r.weighted_h < 0 && r.adjusted_h < 0)
        return import_field_error(m, p->src->name, rec->line, col_names[C_WEIGHTED],
                                  "both populations are empty: give at least one");
    char iso[11];
    date_format_iso(r.date, iso);
    char *key = arena_printf(p->a, "%s %s", r.practice, iso);
    const struct row *dup = strmap_get(&p->seen, key);
    if (dup)
        return import_field_error(m, p->src->name, rec->line, col_names[C_PRACTICE],
                                  "practice %s on %s is listed twice (first on line %ld)",
                                  r.practice, iso, dup->line);
    if (p->n == p->cap)
        p->rows = arena_grow(p->a, p->rows, p->n, &p->cap, sizeof *p->rows);
    p->rows[p->n] = r;
    strmap_put(&p->seen, key, &p->rows[p->n]);
    p->n++;
    return 0;
}

/* Every row's practice a member of src->only_pcn (import.h). */
static int only_pcn(struct db *db, const struct import_src *src, const struct parse *p,
                    struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(db,
                       "SELECT pcn_code FROM membership WHERE practice_code = ? AND "
                       "(valid_to IS NULL OR valid_to > ?) ORDER BY valid_from LIMIT 1",
                       &st, m);
    if (rc)
        return rc;
    for (size_t i = 0; i < p->n; i++) {
        const struct row *row = &p->rows[i];
        char iso[11];
        date_format_iso(row->date, iso);
        db_bind_text(st, 1, row->practice);
        db_bind_text(st, 2, iso);
        rc = db_step(st, m);
        bool ours = rc == 1 && strcmp(db_col_text(st, 0), src->only_pcn) == 0;
        db_reset(st);
        if (rc < 0)
            return rc;
        if (!ours)
            return import_field_error(m, src->name, row->line, col_names[C_PRACTICE],
                                      "practice %s is not a member of %s: a PCN imports only "
                                      "its own practices' populations",
                                      row->practice, src->only_pcn);
    }
    return 0;
}

static void bind_pop(struct db_stmt *st, int idx, int64_t v)
{
    if (v < 0)
        db_bind_null(st, idx);
    else
        db_bind_int(st, idx, v);
}

int population_import(struct db *db, const struct import_src *src, struct import_result *res,
                      struct pcn_msg *m)
{
    struct arena a;
    struct parse p = {.src = src, .a = &a};
    struct csv_reader r;
    struct db_stmt *ins = NULL, *known = NULL;
    int rc;

    arena_init(&a, 64 * 1024);
    strmap_init(&p.seen);
    csv_init(&r, src->name, on_record, &p);
    rc = import_src_read_csv(src, &r, m);
    if (rc || (rc = import_need_rows(src, &r, (long)p.n, m)))
        goto out;

    if ((rc = db_begin(db, m)))
        goto out;
    if ((rc = db_prepare(db,
                         "INSERT INTO population (practice_code, pop_date, weighted_h, "
                         "adjusted_h, source) VALUES (?, ?, ?, ?, ?) "
                         "ON CONFLICT (practice_code, pop_date) DO UPDATE SET "
                         "weighted_h = excluded.weighted_h, adjusted_h = excluded.adjusted_h, "
                         "source = excluded.source "
                         "WHERE (population.weighted_h, population.adjusted_h) IS DISTINCT FROM "
                         "(excluded.weighted_h, excluded.adjusted_h)",
                         &ins, m)) ||
        (rc = db_prepare(db, "SELECT 1 FROM org WHERE code = ? AND kind = 'practice'", &known, m)))
        goto end;
    if (src->only_pcn && (rc = only_pcn(db, src, &p, m)))
        goto end;
    long unknown = 0, not_jan = 0;
    const char *first_unknown = NULL;
    date_t first_odd = DATE_NONE;
    for (size_t i = 0; i < p.n; i++) {
        const struct row *row = &p.rows[i];
        char iso[11];
        date_format_iso(row->date, iso);
        db_bind_text(ins, 1, row->practice);
        db_bind_text(ins, 2, iso);
        bind_pop(ins, 3, row->weighted_h);
        bind_pop(ins, 4, row->adjusted_h);
        db_bind_text(ins, 5, src->name);
        if ((rc = db_run(ins, m)))
            goto end;
        res->written += db_changes(db);
        db_bind_text(known, 1, row->practice);
        int k = db_step(known, m);
        db_reset(known);
        if (k < 0) {
            rc = k;
            goto end;
        }
        if (k == 0 && unknown++ == 0)
            first_unknown = row->practice;
        int yy, mm, dd;
        date_to_ymd(row->date, &yy, &mm, &dd);
        if (!(mm == 1 && dd == 1) && not_jan++ == 0)
            first_odd = row->date;
    }
    db_finalize(ins);
    db_finalize(known);
    ins = known = NULL;

    res->rows = (long)p.n;
    res->date = p.rows[0].date;
    for (size_t i = 1; i < p.n; i++)
        if (p.rows[i].date != res->date)
            res->date = DATE_NONE;
    if (unknown)
        import_warn(res,
                    "%s: %ld practice%s not in the registry (the first is %s); their "
                    "populations are kept for when it is loaded",
                    src->name, unknown, unknown == 1 ? " is" : "s are", first_unknown);
    if (not_jan) {
        char iso[11];
        date_format_iso(first_odd, iso);
        import_warn(res,
                    "%s: %ld row%s not dated 1 January (the first is %s); entitlements use "
                    "the populations of 1 January before the year",
                    src->name, not_jan, not_jan == 1 ? " is" : "s are", iso);
    }
    snprintf(res->summary, sizeof res->summary, "populations: %zu practice row%s, %ld written.%s",
             p.n, p.n == 1 ? "" : "s", res->written,
             res->written ? "" : " Already loaded: nothing changed.");
    /* The rows and their entry in one transaction, or neither. */
end:
    rc = import_end(db, src, res, rc, m);
out:
    db_finalize(ins);
    db_finalize(known);
    csv_release(&r);
    strmap_release(&p.seen);
    arena_release(&a);
    return rc;
}
