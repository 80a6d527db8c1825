#include "common.h"
#include "cqc.h"
#include "buf.h"
#include "db.h"
#include "ods.h"
#include "strmap.h"

#include <ctype.h>

#include <jansson.h>

static const char *const ratings[] = {
    "Outstanding", "Good",      "Requires improvement",
    "Inadequate",  "Not Rated", "Insufficient evidence to rate",
};
static const char *const domains[] = {
    "Overall", "Safe", "Effective", "Caring", "Responsive", "Well-led",
};

enum { K_CODE, K_NAME, K_GROUP, K_DOMAIN, K_RATING, K_DATE, K_INHERITED, K_NCOLS };
static const char *const ods_cols[K_NCOLS] = {
    "Location ODS Code", "Location Name",    "Service / Population Group", "Domain",
    "Latest Rating",     "Publication Date", "Inherited Rating (Y/N)",
};
static const char *const csv_cols[K_NCOLS] = {
    "Practice.Code", "location_name", "service_population_group", "domain",
    "latest_rating", "Year",          "inherited_rating_y_n",
};
static const bool need[K_NCOLS] = {
    [K_CODE] = true, [K_GROUP] = true, [K_DOMAIN] = true, [K_RATING] = true, [K_DATE] = true,
};

static const char *one_of(const char *s, const char *const *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(s, v[i]) == 0)
            return v[i];
    return NULL;
}

/* CQC's workbook holds every location in England, each with a row per
 * service or population group and domain: a content.xml of hundreds of
 * megabytes.  It is read as a stream, and only the header and the
 * practices' own rows are kept (keep_row), so memory holds about 40,000
 * rows; xlsx.h's default limits serve but for that part's size
 * (cqc_parse). */

struct keep {
    const char *const *names;
    int code, group; /* the columns, once the header is seen */
    long seen;
    long dropped; /* rows after the header left out */
};

static bool keep_row(void *ctx, const struct xlsx_row *r)
{
    struct keep *k = ctx;
    if (k->code < 0) {
        /* Before the header: keep the first rows, to find it. */
        for (size_t i = 0; i < r->ncells; i++) {
            if (xlsx_header_eq(r->cells[i], k->names[K_CODE]))
                k->code = (int)i;
            if (xlsx_header_eq(r->cells[i], k->names[K_GROUP]))
                k->group = (int)i;
        }
        return k->seen++ < 20 || k->code >= 0;
    }
    const char *code = (size_t)k->code < r->ncells ? r->cells[k->code] : "";
    const char *group = k->group >= 0 && (size_t)k->group < r->ncells ? r->cells[k->group] : "";
    size_t n = strlen(code);
    while (n > 0 && code[n - 1] == ' ')
        n--;
    while (*group == ' ')
        group++;
    bool keep = ods_is_practice(code, n) && strncasecmp(group, "Overall", 7) == 0;
    k->dropped += !keep;
    return keep;
}

/* A row's cells (past its code and group) into x; 0, or the cell's error. */
static int rating_cells(const struct xlsx_place *t, const struct xlsx_row *r, const int *col,
                        const char *const *names, bool ods, struct arena *a, struct cqc_rating *x)
{
    const char *nm = xlsx_cell_text(a, r, col[K_NAME]);
    if (strlen(nm) > LIMIT_NAME_BYTES) {
        return xlsx_cell_error(t, (size_t)col[K_NAME], r->number, names[K_NAME],
                               "longer than %d bytes", LIMIT_NAME_BYTES);
    }
    x->name = *nm ? nm : NULL;
    const char *dom = xlsx_cell_text(a, r, col[K_DOMAIN]);
    if (!(x->domain = one_of(dom, domains, ARRAY_SIZE(domains)))) {
        return xlsx_cell_error(t, (size_t)col[K_DOMAIN], r->number, names[K_DOMAIN],
                               "'%s' is not a CQC domain (Overall, Safe, Effective, Caring, "
                               "Responsive, Well-led)",
                               dom);
    }
    const char *rt = xlsx_cell_text(a, r, col[K_RATING]);
    if (!(x->rating = one_of(rt, ratings, ARRAY_SIZE(ratings)))) {
        return xlsx_cell_error(t, (size_t)col[K_RATING], r->number, names[K_RATING],
                               "'%s' is not a CQC rating (Outstanding, Good, Requires improvement, "
                               "Inadequate, Not Rated, Insufficient evidence to rate)",
                               rt);
    }
    x->rating = arena_strdup(a, rt); /* as CQC writes it */
    const char *d = xlsx_cell_text(a, r, col[K_DATE]);
    if (ods) {
        size_t dl = strlen(d);
        const char *tpos = strchr(d, 'T');
        if (tpos)
            dl = (size_t)(tpos - d);
        int y, mo, dd;
        if (dl == 0 || date_parse_nhs(d, dl, &x->date) != 0) {
            return xlsx_cell_error(t, (size_t)col[K_DATE], r->number, names[K_DATE],
                                   "'%s' is not a date", d);
        }
        date_to_ymd(x->date, &y, &mo, &dd);
        if (y < 2009 || y > 2100) {
            return xlsx_cell_error(t, (size_t)col[K_DATE], r->number, names[K_DATE],
                                   "'%s' is not a date of a CQC rating (CQC began in 2009)", d);
        }
        x->year = y;
    } else {
        int64_t y;
        if (parse_i64(d, 2009, 2100, &y)) {
            return xlsx_cell_error(t, (size_t)col[K_DATE], r->number, names[K_DATE],
                                   "'%s' is not a year (like 2016)", d);
        }
        x->year = (int)y;
    }
    const char *inh = xlsx_cell_text(a, r, col[K_INHERITED]);
    if (*inh) {
        if (strcasecmp(inh, "Y") != 0 && strcasecmp(inh, "N") != 0) {
            return xlsx_cell_error(t, (size_t)col[K_INHERITED], r->number, names[K_INHERITED],
                                   "'%s' is not Y or N", inh);
        }
        x->inherited = toupper((unsigned char)inh[0]) == 'Y' ? "Y" : "N";
    }
    return 0;
}

/* A practice's rating of a domain the file has already: the later of the
 * two kept (the other noted as superseded), 1; the same time twice is an
 * error.  0 when it is the first. */
static int keep_later(const struct xlsx_place *t, const struct xlsx_row *r, const int *col,
                      const char *const *names, struct strmap *seen, const char *key,
                      struct arena *a, struct cqc_file *out, const struct cqc_rating *x)
{
    size_t *prev = strmap_get(seen, key);
    if (prev) {
        /* The latest is the later one (the derived CSV has two years
         * for a few practices); the same time twice is an error. */
        struct cqc_rating *p = &out->v[*prev];
        int newer = x->date != DATE_NONE && p->date != DATE_NONE
                        ? (x->date > p->date) - (x->date < p->date)
                        : (x->year > p->year) - (x->year < p->year);
        if (newer == 0) {
            return xlsx_cell_error(t, (size_t)col[K_CODE], r->number, names[K_CODE],
                                   "%s's %s rating of the same %s is there twice (also at %s %ld)",
                                   x->code, x->domain, x->date != DATE_NONE ? "date" : "year",
                                   t->sheet ? "row" : "line", p->row);
        }
        if (out->nsuperseded < CQC_SUPERSEDED_KEPT)
            out->superseded[out->nsuperseded] =
                newer > 0 ? arena_printf(a, "%s: %s at %s %ld replaces %s %ld (%d, %d)", x->code,
                                         x->domain, t->sheet ? "row" : "line", x->row,
                                         t->sheet ? "row" : "line", p->row, x->year, p->year)
                          : arena_printf(a, "%s: %s at %s %ld is older than %s %ld (%d, %d)",
                                         x->code, x->domain, t->sheet ? "row" : "line", x->row,
                                         t->sheet ? "row" : "line", p->row, x->year, p->year);
        out->nsuperseded++;
        if (newer > 0)
            *p = *x;
        return 1;
    }
    return 0;
}

int cqc_parse(const char *name, const void *mem, size_t len, const struct xlsx_limits *lim,
              struct arena *a, struct cqc_file *out, struct pcn_msg *m)
{
    struct xlsx_sheet s;
    int rc;
    memset(out, 0, sizeof *out);
    if (len == 0)
        return msg_set(m, PCN_EINVAL, "%s: the file is empty", name);
    out->ods = xlsx_is_zip(mem, len);
    struct xlsx_place t = {name, out->ods ? "Locations" : NULL, a, m};
    struct keep kp = {.names = out->ods ? ods_cols : csv_cols, .code = -1, .group = -1};
    /* xlsx.h's limits, but for the one part that holds every location. */
    struct xlsx_limits cqc_limits = xlsx_default_limits;
    cqc_limits.part_bytes = 2048UL * 1024 * 1024;
    if (out->ods)
        rc = xlsx_read_ods_rows(name, mem, len, "Locations", lim ? lim : &cqc_limits, keep_row, &kp,
                                a, &s, m);
    else
        rc = xlsx_csv_rows(name, mem, len, lim, a, &s, m);
    if (rc)
        return rc;
    out->skipped = kp.dropped;
    const char *const *names = out->ods ? ods_cols : csv_cols;
    /* The header: the first of the first 20 rows naming the code column. */
    size_t h = 0;
    bool found = false;
    for (; h < s.nrows && h < 20 && !found; h++)
        for (size_t i = 0; i < s.rows[h].ncells && !found; i++)
            found = xlsx_header_eq(s.rows[h].cells[i], names[K_CODE]);
    if (!found)
        return out->ods ? msg_set(m, PCN_EINVAL,
                                  "%s: sheet 'Locations': no header row with '%s' in its first "
                                  "20 rows: not CQC's latest ratings",
                                  name, names[K_CODE])
                        : msg_set(m, PCN_EINVAL,
                                  "%s:1: not CQC's ratings: no column '%s' (CQC's own file is "
                                  "the .ods workbook)",
                                  name, names[K_CODE]);
    const struct xlsx_row *hr = &s.rows[h - 1];
    int col[K_NCOLS];
    if ((rc = xlsx_map_header(&t, hr, names, need, K_NCOLS, col,
                              xlsx_where(a, name, t.sheet, 0, hr->number))))
        return rc;
    struct strmap seen;
    strmap_init(&seen);
    out->v = arena_alloc(a, (s.nrows ? s.nrows : 1) * sizeof *out->v);
    for (size_t i = h; i < s.nrows; i++) {
        const struct xlsx_row *r = &s.rows[i];
        struct cqc_rating x = {.row = r->number, .date = DATE_NONE};
        const char *code = xlsx_cell_text(a, r, col[K_CODE]);
        const char *group = xlsx_cell_text(a, r, col[K_GROUP]);
        if (!ods_is_practice(code, strlen(code)) || strcasecmp(group, "Overall") != 0) {
            out->skipped++;
            continue;
        }
        x.code = code;
        if ((rc = rating_cells(&t, r, col, names, out->ods, a, &x)))
            break;
        const char *key = arena_printf(a, "%s|%s", x.code, x.domain);
        if ((rc = keep_later(&t, r, col, names, &seen, key, a, out, &x)) < 0)
            break;
        if (rc) {
            rc = 0;
            continue;
        }
        size_t *at = arena_alloc(a, sizeof *at);
        *at = out->n;
        strmap_put(&seen, key, at);
        out->v[out->n++] = x;
    }
    strmap_release(&seen);
    if (!rc && out->n == 0)
        rc = msg_set(m, PCN_EINVAL, "%s: no overall ratings of GP practices in it", name);
    return rc;
}

/* Each rating upserted; *written counts the rows changed. */
static int write_ratings(struct db *db, const struct import_src *src, const struct cqc_file *f,
                         struct arena *a, struct strmap *keys, long *written, struct pcn_msg *m)
{
    struct db_stmt *ins = NULL;
    int rc;
    if ((rc = db_prepare(db,
                         "INSERT INTO cqc_rating (location_code, domain, rating, rating_date, "
                         "rating_year, location_name, inherited, source) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                         "ON CONFLICT (location_code, domain) DO UPDATE SET "
                         "rating = excluded.rating, rating_date = excluded.rating_date, "
                         "rating_year = excluded.rating_year, "
                         "location_name = excluded.location_name, "
                         "inherited = excluded.inherited, source = excluded.source "
                         "WHERE (cqc_rating.rating, cqc_rating.rating_date, "
                         " cqc_rating.rating_year, cqc_rating.location_name, "
                         " cqc_rating.inherited) IS DISTINCT FROM (excluded.rating, "
                         " excluded.rating_date, excluded.rating_year, excluded.location_name, "
                         " excluded.inherited)",
                         &ins, m)))
        goto out;
    for (size_t i = 0; i < f->n; i++) {
        const struct cqc_rating *x = &f->v[i];
        strmap_put(keys, arena_printf(a, "%s|%s", x->code, x->domain), (void *)x);
        db_bind_text(ins, 1, x->code);
        db_bind_text(ins, 2, x->domain);
        db_bind_text(ins, 3, x->rating);
        db_bind_date(ins, 4, x->date);
        db_bind_int(ins, 5, x->year);
        db_bind_text(ins, 6, x->name);
        db_bind_text(ins, 7, x->inherited);
        db_bind_text(ins, 8, src->name);
        if ((rc = db_run(ins, m)))
            goto out;
        *written += db_changes(db);
    }
out:
    db_finalize(ins);
    return rc;
}

/* The summary and the warnings, res->written set. */
static void summarise(const struct cqc_file *f, struct import_result *res)
{
    long practices = 0, notrated = 0;
    for (size_t i = 0; i < f->n; i++) {
        if (strcmp(f->v[i].domain, "Overall") != 0)
            continue;
        practices++;
        notrated += strcasecmp(f->v[i].rating, "Not Rated") == 0;
    }
    res->rows = (long)f->n + f->skipped + f->nsuperseded;
    for (long i = 0; i < f->nsuperseded && i < CQC_SUPERSEDED_KEPT; i++)
        import_warn(res, "two ratings of one practice: the later kept: %s", f->superseded[i]);
    snprintf(res->summary, sizeof res->summary,
             "CQC ratings: %ld practices with an overall rating (%ld Not Rated), %zu ratings in "
             "all, %ld other rows left out (other services or population groups, or not GP "
             "practices).%s",
             practices, notrated, f->n, f->skipped,
             res->written ? "" : " Already loaded: nothing changed.");
}

int cqc_import(struct db *db, const struct import_src *src, struct import_result *res,
               struct pcn_msg *m)
{
    struct arena a;
    struct cqc_file f;
    struct strmap keys;
    char *data = NULL;
    size_t len = 0;
    int rc;

    arena_init(&a, 256 * 1024);
    strmap_init(&keys);
    if (!(rc = xlsx_slurp(src->path, src->name, src->mem, src->len, LIMIT_BODY_BYTES, &data, &len,
                          m)) &&
        !(rc = cqc_parse(src->name, data, len, NULL, &a, &f, m)) && !(rc = db_begin(db, m))) {
        long written = 0, removed = 0;
        if (!(rc = write_ratings(db, src, &f, &a, &keys, &written, m)) &&
            !(rc = import_delete_gone(
                  db, "SELECT location_code, domain FROM cqc_rating",
                  "DELETE FROM cqc_rating WHERE location_code = ? AND domain = ?", 2, &keys, &a,
                  &removed, m))) {
            res->written = written + removed;
            summarise(&f, res);
        }
        /* The rows and their entry in one transaction, or neither. */
        rc = import_end(db, src, res, rc, m);
    }
    strmap_release(&keys);
    free(data);
    arena_release(&a);
    return rc;
}

static void row_of(struct arena *a, struct db_stmt *st, struct cqc_rating *x)
{
    *x = (struct cqc_rating){.code = db_col_strdup(a, st, 0),
                             .domain = db_col_strdup(a, st, 1),
                             .rating = db_col_strdup(a, st, 2),
                             .date = db_col_date(st, 3),
                             .year = (int)db_col_int(st, 4),
                             .name = db_col_strdup(a, st, 5),
                             .inherited = db_col_strdup(a, st, 6)};
}

#define COLS "location_code, domain, rating, rating_date, rating_year, location_name, inherited"

int cqc_practice(struct db *db, const char *code, struct arena *a, struct cqc_rating **out,
                 size_t *n, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc, k;
    *out = arena_alloc(a, ARRAY_SIZE(domains) * sizeof **out);
    *n = 0;
    if ((rc = db_prepare(db, "SELECT " COLS " FROM cqc_rating WHERE location_code = ?", &st, m)))
        return rc;
    db_bind_text(st, 1, code);
    struct cqc_rating got[ARRAY_SIZE(domains)];
    bool have[ARRAY_SIZE(domains)] = {0};
    while ((k = db_step(st, m)) > 0) {
        struct cqc_rating x;
        row_of(a, st, &x);
        for (size_t i = 0; i < ARRAY_SIZE(domains); i++)
            if (strcmp(x.domain, domains[i]) == 0)
                got[i] = x, have[i] = true;
    }
    db_finalize(st);
    if (k < 0)
        return k;
    for (size_t i = 0; i < ARRAY_SIZE(domains); i++)
        if (have[i])
            (*out)[(*n)++] = got[i];
    return 0;
}

int cqc_overall_of(struct db *db, const char *const *codes, size_t ncodes, struct arena *a,
                   struct cqc_rating **out, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc, k = 0;
    *out = arena_zalloc(a, (ncodes ? ncodes : 1) * sizeof **out);
    if ((rc = db_prepare(db,
                         "SELECT " COLS " FROM cqc_rating WHERE location_code = ? AND "
                         "domain = 'Overall'",
                         &st, m)))
        return rc;
    for (size_t i = 0; i < ncodes; i++) {
        (*out)[i].code = codes[i];
        (*out)[i].date = DATE_NONE;
        db_bind_text(st, 1, codes[i]);
        if ((k = db_step(st, m)) > 0)
            row_of(a, st, &(*out)[i]);
        db_reset(st);
        if (k < 0)
            break;
    }
    db_finalize(st);
    return k < 0 ? k : 0;
}

int cqc_loaded(struct db *db, bool *out, struct pcn_msg *m)
{
    int64_t n = 0;
    int rc = db_query_int(db, "SELECT COUNT(*) FROM cqc_rating", &n, m);
    *out = n > 0;
    return rc;
}
