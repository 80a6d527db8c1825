#include "common.h"
#include "xlsxrow.h"
#include "buf.h"
#include "csv.h"
#include "infile.h"

#include <ctype.h>

const struct xlsx_limits xlsx_default_limits = {
    .entries = 10000,
    .part_bytes = 64UL * 1024 * 1024,
    .strings = 1000000,
    .rows = 200000,
    .cells = 256,
    .cell_bytes = 32 * 1024,
    .total_cells = 8000000,
    .total_bytes = 256UL * 1024 * 1024,
};

bool xlsx_is_zip(const void *mem, size_t len)
{
    const unsigned char *p = mem;
    return len >= 4 && p[0] == 'P' && p[1] == 'K' && p[2] == 3 && p[3] == 4;
}

const char *xlsx_cell_name(struct arena *a, size_t col, long row)
{
    char letters[16];
    size_t n = 0;
    size_t c = col + 1;
    while (c > 0 && n < sizeof letters - 1) {
        c--;
        letters[n++] = (char)('A' + c % 26);
        c /= 26;
    }
    char rev[16];
    for (size_t i = 0; i < n; i++)
        rev[i] = letters[n - 1 - i];
    rev[n] = '\0';
    return arena_printf(a, "%s%ld", rev, row);
}

/* ---- the whole file in memory -------------------------------------------- */

struct slurp {
    struct buf b;
    const char *name;
    size_t max;
};

static int slurp_chunk(void *ctx, const char *data, size_t n, struct pcn_msg *m)
{
    struct slurp *s = ctx;
    if (buf_add(&s->b, data, n))
        return msg_set(m, PCN_ELIMIT, "%s: larger than %zu MiB", s->name, s->max / (1024 * 1024));
    return 0;
}

int xlsx_slurp(const char *path, const char *name, const void *mem, size_t len, size_t max,
               char **out, size_t *outlen, struct pcn_msg *m)
{
    struct slurp s = {.name = name ? name : path, .max = max};
    buf_init(&s.b, max);
    int rc = path ? infile_stream(path, name, slurp_chunk, &s, m)
                  : infile_stream_mem(name, mem, len, slurp_chunk, &s, m);
    if (rc) {
        buf_release(&s.b);
        return rc;
    }
    *out = buf_take(&s.b, outlen);
    return 0;
}

/* ---- CSV as rows --------------------------------------------------------- */

struct csvrows {
    const char *name;
    const struct xlsx_limits *lim;
    struct arena *a;
    struct xlsx_row *rows;
    size_t n, cap;
    size_t cells; /* stored so far, for the total limit */
};

static int csv_row(void *ctx, const struct csv_record *rec, struct pcn_msg *m)
{
    struct csvrows *c = ctx;
    const struct xlsx_limits *lim = c->lim;
    if (rec->nfields > lim->cells)
        return msg_set(m, PCN_ELIMIT, "%s:%ld: more than %zu fields", c->name, rec->line,
                       lim->cells);
    if (c->n >= lim->rows)
        return msg_set(m, PCN_ELIMIT, "%s: more than %zu rows", c->name, lim->rows);
    if (c->cells + rec->nfields > lim->total_cells)
        return msg_set(m, PCN_ELIMIT, "%s:%ld: more than %zu cells in all", c->name, rec->line,
                       lim->total_cells);
    c->cells += rec->nfields;
    if (c->n == c->cap)
        c->rows = arena_grow(c->a, c->rows, c->n, &c->cap, sizeof *c->rows);
    const char **cells = arena_alloc(c->a, (rec->nfields ? rec->nfields : 1) * sizeof *cells);
    for (size_t i = 0; i < rec->nfields; i++)
        cells[i] = arena_strndup(c->a, rec->f[i].p, rec->f[i].len);
    c->rows[c->n++] = (struct xlsx_row){
        .number = rec->line, .ncells = rec->nfields, .cells = cells};
    return 0;
}

int xlsx_csv_rows(const char *name, const void *mem, size_t len, const struct xlsx_limits *lim,
                  struct arena *a, struct xlsx_sheet *out, struct pcn_msg *m)
{
    struct csvrows c = {.name = name, .lim = lim ? lim : &xlsx_default_limits, .a = a};
    struct csv_reader r;
    memset(out, 0, sizeof *out);
    csv_init(&r, name, csv_row, &c);
    if (c.lim->cells < r.max_columns)
        r.max_columns = c.lim->cells;
    if (c.lim->cell_bytes < r.max_field)
        r.max_field = c.lim->cell_bytes;
    if (c.lim->rows < (size_t)r.max_rows)
        r.max_rows = (long)c.lim->rows;
    int rc = csv_feed(&r, mem, len, m);
    if (!rc)
        rc = csv_finish(&r, m);
    csv_release(&r);
    if (!rc) {
        out->rows = c.rows;
        out->nrows = c.n;
    }
    return rc;
}

bool xlsx_header_eq(const char *cell, const char *name)
{
    const unsigned char *a = (const unsigned char *)cell, *b = (const unsigned char *)name;
    for (;;) {
        while (*a == ' ' || *a == '\n' || *a == '\r' || *a == '\t')
            a++;
        while (*b == ' ')
            b++;
        if (!*a || !*b)
            return !*a && !*b;
        /* a run of spaces on either side is one space */
        if (tolower(*a) != tolower(*b))
            return false;
        a++, b++;
        bool sa = *a == ' ' || *a == '\n' || *a == '\r' || *a == '\t', sb = *b == ' ';
        if (sa != sb && *a && *b)
            return false;
    }
}

const char *xlsx_where(struct arena *a, const char *file, const char *sheet, size_t col, long row)
{
    if (sheet)
        return arena_printf(a, "%s: sheet '%s', cell %s", file, sheet, xlsx_cell_name(a, col, row));
    return arena_printf(a, "%s:%ld", file, row);
}

int xlsx_cell_error(const struct xlsx_place *p, size_t col, long row, const char *field,
                    const char *fmt, ...)
{
    char what[LIMIT_MSG_BYTES];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return msg_set(p->m, PCN_EINVAL, "%s: field %s: %s",
                   xlsx_where(p->a, p->file, p->sheet, col, row), field, what);
}

const char *xlsx_cell_text(struct arena *a, const struct xlsx_row *r, int col)
{
    const char *s = col >= 0 && (size_t)col < r->ncells ? r->cells[col] : "";
    size_t b = 0, e = strlen(s);
    while (b < e && (s[b] == ' ' || s[b] == '\t'))
        b++;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t'))
        e--;
    return arena_strndup(a, s + b, e - b);
}

int xlsx_map_header(const struct xlsx_place *p, const struct xlsx_row *h, const char *const *names,
                    const bool *need, size_t n, int *col, const char *missing_at)
{
    for (size_t k = 0; k < n; k++) {
        col[k] = -1;
        for (size_t i = 0; i < h->ncells; i++) {
            if (!xlsx_header_eq(h->cells[i], names[k]))
                continue;
            if (col[k] >= 0)
                return xlsx_cell_error(p, i, h->number, names[k], "the column is there twice");
            col[k] = (int)i;
        }
        if (col[k] < 0 && need[k])
            return msg_set(p->m, PCN_EINVAL, "%s: no column '%s' in the header", missing_at,
                           names[k]);
    }
    return 0;
}
