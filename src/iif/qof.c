#include "common.h"
#include "qof.h"
#include "arena.h"
#include "buf.h"
#include "db.h"
#include "dbbatch.h"
#include "ods.h"
#include "strmap.h"

enum { C_PRACTICE, C_GROUP, C_REGISTER, C_LIST_TYPE, C_LIST_SIZE, C_NCOLS };

static const char *const col_names[C_NCOLS] = {
    "PRACTICE_CODE", "GROUP_CODE", "REGISTER", "PATIENT_LIST_TYPE", "PRACTICE_LIST_SIZE",
};

struct row {
    const char *practice, *group, *list_type;
    int64_t patients, list_size;
    long line;
};

struct parse {
    const struct import_src *src;
    struct arena *a;
    struct csv_col cols[C_NCOLS];
    struct row *rows;
    size_t n, cap;
    struct strmap seen;      /* "K82070 LD" -> row */
    struct strmap practices; /* code -> 1 */
    struct strmap groups;    /* register -> 1 */
    long over;               /* registers above their list (as published) */
    long first_over;
};

#define SHOW(f) (int)((f)->len > 40 ? 40 : (f)->len), (f)->p
#define COUNT_MAX 100000000LL

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

int qof_year_from_name(const char *name, fy_t *fy)
{
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    for (const char *p = base; *p; p++) {
        /* 20YY then '-', '_' or '/' then YY */
        if (p[0] != '2' || p[1] != '0' || !is_digit(p[2]) || !is_digit(p[3]))
            continue;
        if ((p[4] != '-' && p[4] != '_' && p[4] != '/') || !is_digit(p[5]) || !is_digit(p[6]) ||
            is_digit(p[7]))
            continue;
        if (p > base && is_digit(p[-1]))
            continue;
        char s[8] = {p[0], p[1], p[2], p[3], '/', p[5], p[6], 0};
        if (fy_parse(s, fy) == 0)
            return 0;
    }
    return PCN_EINVAL;
}

static const struct csv_field *fld(const struct parse *p, const struct csv_record *rec, int c)
{
    return &rec->f[p->cols[c].idx];
}

/* "113", "113.0", "113.00": a whole number. */
static int whole(const struct csv_field *f, int64_t *out)
{
    size_t n = f->len;
    const char *dot = memchr(f->p, '.', f->len);
    if (dot) {
        n = (size_t)(dot - f->p);
        for (const char *q = dot + 1; q < f->p + f->len; q++)
            if (*q != '0')
                return PCN_EINVAL;
        if (dot + 1 == f->p + f->len)
            return PCN_EINVAL;
    }
    return parse_i64n(f->p, n, 0, COUNT_MAX, out);
}

static int on_record(void *ctx, const struct csv_record *rec, struct pcn_msg *m)
{
    struct parse *p = ctx;
    const char *file = p->src->name;
    if (rec->index == 0)
        return csv_map_names(rec, col_names, p->cols, C_NCOLS, file, m);
    struct row r = {.line = rec->line};
    const struct csv_field *f = fld(p, rec, C_PRACTICE);
    if (!ods_is_practice(f->p, f->len))
        return import_field_error(m, file, rec->line, col_names[C_PRACTICE],
                                  "'%.*s' is not a practice code (%s)", SHOW(f),
                                  ods_format_hint(ORG_PRACTICE));
    r.practice = arena_strndup(p->a, f->p, f->len);
    f = fld(p, rec, C_GROUP);
    bool ok = f->len > 0 && f->len <= 8;
    for (size_t i = 0; ok && i < f->len; i++)
        ok = (f->p[i] >= 'A' && f->p[i] <= 'Z') || is_digit(f->p[i]);
    if (!ok)
        return import_field_error(m, file, rec->line, col_names[C_GROUP],
                                  "'%.*s' is not a register code (capital letters and digits, "
                                  "like LD)",
                                  SHOW(f));
    r.group = arena_strndup(p->a, f->p, f->len);
    f = fld(p, rec, C_REGISTER);
    if (whole(f, &r.patients))
        return import_field_error(m, file, rec->line, col_names[C_REGISTER],
                                  "'%.*s' is not a number of patients (a whole number, like 113 "
                                  "or 113.0)",
                                  SHOW(f));
    f = fld(p, rec, C_LIST_TYPE);
    if (f->len == 0)
        return import_field_error(m, file, rec->line, col_names[C_LIST_TYPE], "is empty");
    r.list_type = arena_strndup(p->a, f->p, f->len);
    f = fld(p, rec, C_LIST_SIZE);
    if (whole(f, &r.list_size))
        return import_field_error(m, file, rec->line, col_names[C_LIST_SIZE],
                                  "'%.*s' is not a list size (a whole number)", SHOW(f));
    if (r.patients > r.list_size && p->over++ == 0)
        p->first_over = rec->line;
    char *key = arena_printf(p->a, "%s %s", r.practice, r.group);
    const struct row *dup = strmap_get(&p->seen, key);
    if (dup)
        return import_field_error(m, file, rec->line, col_names[C_GROUP],
                                  "register %s of practice %s is given twice (first on line %ld)",
                                  r.group, r.practice, dup->line);
    if (p->n == p->cap)
        p->rows = arena_grow(p->a, p->rows, p->n, &p->cap, sizeof *p->rows);
    p->rows[p->n] = r;
    strmap_put(&p->seen, key, &p->rows[p->n]);
    strmap_put(&p->practices, r.practice, (void *)1);
    strmap_put(&p->groups, r.group, (void *)1);
    p->n++;
    return 0;
}

/* The year of the file: the one given, else its name's. */
static int file_year(const struct import_src *src, fy_t *fy, struct pcn_msg *m)
{
    if (src->year)
        return fy_parse(src->year, fy) == 0
                   ? 0
                   : msg_set(m, PCN_EINVAL, "%s: '%s' is not a financial year (like 2024/25)",
                             src->name, src->year);
    if (qof_year_from_name(src->name, fy) == 0)
        return 0;
    return msg_set(m, PCN_EINVAL,
                   "%s: the QOF file does not say its year: name it like "
                   "qof-prevalence-2024-25.csv, or give the year (pcnops import qof FILE "
                   "--year 2024/25)",
                   src->name);
}

struct rows_of {
    const struct parse *p;
    fy_t fy;
};

static void row_values(void *ctx, struct dbbatch *b, size_t i)
{
    const struct rows_of *o = ctx;
    const struct row *w = &o->p->rows[i];
    dbbatch_int(b, o->fy);
    dbbatch_text(b, w->practice);
    dbbatch_text(b, w->group);
    dbbatch_int(b, w->patients);
    dbbatch_text(b, w->list_type);
    dbbatch_int(b, w->list_size);
    dbbatch_text(b, o->p->src->name);
}

/* The summary and the warnings, once the rows are written. */
static void summarise(const struct parse *p, fy_t fy, long unknown, const char *first_unknown,
                      struct import_result *res)
{
    const struct import_src *src = p->src;
    res->rows = (long)p->n;
    char fyl[8];
    fy_format(fy, fyl);
    struct buf t;
    buf_init(&t, 256);
    buf_printf(&t, "qof %s: ", fyl);
    buf_add_count(&t, (int64_t)p->n, "row", "rows");
    BUF_LIT(&t, ", ");
    buf_add_count(&t, (int64_t)p->practices.n, "practice", "practices");
    BUF_LIT(&t, ", ");
    buf_add_count(&t, (int64_t)p->groups.n, "register", "registers");
    BUF_LIT(&t, "; ");
    buf_add_i64(&t, res->written, true);
    buf_adds(&t, res->written ? " written." : " written. Already loaded: nothing changed.");
    snprintf(res->summary, sizeof res->summary, "%s", t.buf);
    buf_release(&t);
    if (p->over)
        import_warn(res,
                    "%s: %ld register%s larger than the practice's list (the first on line "
                    "%ld): kept as published",
                    src->name, p->over, p->over == 1 ? " is" : "s are", p->first_over);
    if (unknown)
        import_warn(res,
                    "%s: %ld practice%s not in the registry (the first is %s); their "
                    "registers still count in England's prevalence",
                    src->name, unknown, unknown == 1 ? " is" : "s are", first_unknown);
}

int qof_import(struct db *db, const struct import_src *src, struct import_result *res,
               struct pcn_msg *m)
{
    struct arena a;
    struct parse p = {.src = src, .a = &a};
    struct csv_reader r;
    fy_t fy;
    int rc;

    arena_init(&a, 256 * 1024);
    strmap_init(&p.seen);
    strmap_init(&p.practices);
    strmap_init(&p.groups);
    csv_init(&r, src->name, on_record, &p);
    if (!(rc = file_year(src, &fy, m)) && !(rc = import_src_read_csv(src, &r, m)) &&
        !(rc = import_need_rows(src, &r, (long)p.n, m)) && !(rc = db_begin(db, m))) {
        struct rows_of o = {&p, fy};
        long unknown;
        const char *first_unknown;
        rc = import_batch(db,
                          "INSERT INTO qof_register (fy, practice_code, register, patients, "
                          "list_type, list_size, source) VALUES",
                          "ON CONFLICT (fy, register, practice_code) DO UPDATE SET "
                          "patients = excluded.patients, list_type = excluded.list_type, "
                          "list_size = excluded.list_size, source = excluded.source "
                          "WHERE (qof_register.patients, qof_register.list_type, "
                          "qof_register.list_size) IS DISTINCT FROM (excluded.patients, "
                          "excluded.list_type, excluded.list_size)",
                          7, p.n, row_values, &o, res, m);
        if (!rc &&
            !(rc = import_unknown_orgs(db, &p.practices, "practice", &unknown, &first_unknown, m)))
            summarise(&p, fy, unknown, first_unknown, res);
        /* The rows and their entry in one transaction, or neither. */
        rc = import_end(db, src, res, rc, m);
    }
    csv_release(&r);
    strmap_release(&p.seen);
    strmap_release(&p.practices);
    strmap_release(&p.groups);
    arena_release(&a);
    return rc;
}
