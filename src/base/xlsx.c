#include <expat.h>
#include <zip.h>

#include "common.h"
#include "xlsx.h"
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

#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_SEP '|'

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

/* ---- names with their namespace ("URI|local" from expat) ----------------- */

/* Is the expanded name `name` the local name `local` (in namespace ns, or
 * in any namespace when ns is NULL)? */
static bool nm(const char *name, const char *ns, const char *local)
{
    const char *bar = strrchr(name, NS_SEP);
    const char *loc = bar ? bar + 1 : name;
    if (strcmp(loc, local) != 0)
        return false;
    if (!ns)
        return true;
    size_t nl = strlen(ns);
    return bar && (size_t)(bar - name) == nl && memcmp(name, ns, nl) == 0;
}

static const char *attr(const char **atts, const char *ns, const char *local)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (nm(atts[i], ns, local))
            return atts[i + 1];
    return NULL;
}

/* ---- one XML part of the zip --------------------------------------------- */

struct xp {
    XML_Parser p;
    const char *name;  /* the file, for messages */
    const char *part;  /* the zip entry          */
    const char *sheet; /* NULL outside a sheet   */
    const struct xlsx_limits *lim;
    struct arena *a;
    struct pcn_msg *m;
    int rc;
};

static void xp_fail(struct xp *x, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void xp_fail(struct xp *x, int rc, const char *fmt, ...)
{
    if (x->rc)
        return;
    char what[LIMIT_MSG_BYTES];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (x->sheet)
        msg_set(x->m, rc, "%s: sheet '%s', %s", x->name, x->sheet, what);
    else
        msg_set(x->m, rc, "%s: %s: %s", x->name, x->part, what);
    x->rc = rc;
    XML_StopParser(x->p, XML_FALSE);
}

static void XMLCALL on_doctype(void *ud, const XML_Char *n, const XML_Char *s, const XML_Char *p,
                               int internal)
{
    (void)n, (void)s, (void)p, (void)internal;
    xp_fail(ud, PCN_EINVAL, "has a document type declaration, which a workbook never has");
}

struct zipin {
    const char *name;
    zip_t *za;
    const struct xlsx_limits *lim;
};

static int zip_open_mem(struct zipin *z, const char *name, const void *mem, size_t len,
                        const struct xlsx_limits *lim, const char *what, struct pcn_msg *m)
{
    zip_error_t ze;
    z->name = name;
    z->lim = lim;
    z->za = NULL;
    if (!xlsx_is_zip(mem, len))
        return msg_set(m, PCN_EINVAL, "%s: not %s (not a zip file)", name, what);
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(mem, len, 0, &ze);
    if (!src) {
        int rc = msg_set(m, PCN_EINVAL, "%s: not %s (%s)", name, what, zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return rc;
    }
    z->za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    if (!z->za) {
        zip_source_free(src);
        int rc = msg_set(m, PCN_EINVAL, "%s: not %s (not a valid zip file: %s)", name, what,
                         zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return rc;
    }
    zip_error_fini(&ze);
    zip_int64_t n = zip_get_num_entries(z->za, 0);
    if (n < 0 || (zip_uint64_t)n > lim->entries) {
        zip_discard(z->za);
        z->za = NULL;
        return msg_set(m, PCN_ELIMIT, "%s: has more than %zu entries", name, lim->entries);
    }
    return 0;
}

static void zip_close_in(struct zipin *z)
{
    if (z->za)
        zip_discard(z->za);
    z->za = NULL;
}

/* Streams the part into the parser x->p (set up by the caller).  *found
 * false (and 0) when the part is absent and found is not NULL. */
static int parse_part(struct zipin *z, struct xp *x, const char *part, bool *found)
{
    struct pcn_msg *m = x->m;
    x->part = part;
    zip_int64_t idx = zip_name_locate(z->za, part, 0);
    if (idx < 0) {
        if (found) {
            *found = false;
            return 0;
        }
        return msg_set(m, PCN_EINVAL, "%s: not a workbook (it has no %s)", z->name, part);
    }
    if (found)
        *found = true;
    zip_file_t *zf = zip_fopen_index(z->za, (zip_uint64_t)idx, 0);
    if (!zf)
        return msg_set(m, PCN_EINVAL, "%s: %s cannot be read: %s", z->name, part,
                       zip_strerror(z->za));
    XML_SetStartDoctypeDeclHandler(x->p, on_doctype);
    char chunk[64 * 1024];
    size_t total = 0;
    int rc = 0;
    for (;;) {
        zip_int64_t n = zip_fread(zf, chunk, sizeof chunk);
        if (n < 0) {
            rc = msg_set(m, PCN_EINVAL, "%s: %s cannot be read: %s", z->name, part,
                         zip_file_strerror(zf));
            break;
        }
        total += (size_t)n;
        if (total > z->lim->part_bytes) {
            rc = msg_set(m, PCN_ELIMIT, "%s: %s is larger than %zu MiB decompressed", z->name, part,
                         z->lim->part_bytes / (1024 * 1024));
            break;
        }
        if (XML_Parse(x->p, chunk, (int)n, n == 0) == XML_STATUS_ERROR) {
            if (x->rc)
                rc = x->rc;
            else
                rc = msg_set(m, PCN_EINVAL, "%s: %s line %lu: not well-formed XML: %s", z->name,
                             part, (unsigned long)XML_GetCurrentLineNumber(x->p),
                             XML_ErrorString(XML_GetErrorCode(x->p)));
            break;
        }
        if (x->rc) {
            rc = x->rc;
            break;
        }
        if (n == 0)
            break;
    }
    zip_fclose(zf);
    return rc;
}

static XML_Parser new_parser(void *ud)
{
    XML_Parser p = XML_ParserCreateNS("UTF-8", NS_SEP);
    if (!p)
        BUG("out of memory (expat)");
    XML_SetUserData(p, ud);
    return p;
}

/* Adds text to b, failing x when a cell passes the limit. */
static void text_add(struct xp *x, struct buf *b, const char *s, size_t n)
{
    if (buf_add(b, s, n))
        xp_fail(x, PCN_ELIMIT, "a cell is longer than %zu bytes", x->lim->cell_bytes);
}

/* ---- rows being built ---------------------------------------------------- */

/* A row's texts are gathered in a scratch buffer and copied into the arena
 * only when the row is kept, so that rows a caller filters out cost
 * nothing. */
struct rows {
    struct xp *x;
    struct xlsx_row *rows;
    size_t n, cap;
    size_t *off; /* per column: 1 + offset in scratch, 0 empty */
    size_t *len;
    const char **view; /* the row as the keep function sees it */
    struct buf scratch;
    size_t ncur; /* 1 + last non-empty column   */
    long number;
    size_t cells, bytes; /* stored so far, for the total limits */
    xlsx_keep_fn keep;
    void *keep_ctx;
};

static void rows_init(struct rows *r, struct xp *x, xlsx_keep_fn keep, void *ctx)
{
    const struct xlsx_limits *lim = x->lim;
    memset(r, 0, sizeof *r);
    r->x = x;
    r->off = arena_zalloc(x->a, lim->cells * sizeof *r->off);
    r->len = arena_zalloc(x->a, lim->cells * sizeof *r->len);
    r->view = arena_zalloc(x->a, lim->cells * sizeof *r->view);
    buf_init(&r->scratch, lim->cells * (lim->cell_bytes + 1) + 1);
    r->keep = keep;
    r->keep_ctx = ctx;
}

static void rows_release(struct rows *r)
{
    buf_release(&r->scratch);
}

static void row_begin(struct rows *r, long number)
{
    r->number = number;
    for (size_t i = 0; i < r->ncur; i++)
        r->off[i] = 0;
    r->ncur = 0;
    buf_reset(&r->scratch);
}

static void row_cell(struct rows *r, size_t col, const char *text, size_t len)
{
    struct xp *x = r->x;
    if (len == 0)
        return;
    if (col >= x->lim->cells) {
        xp_fail(x, PCN_ELIMIT, "row %ld has more than %zu columns", r->number, x->lim->cells);
        return;
    }
    if (len > x->lim->cell_bytes) {
        xp_fail(x, PCN_ELIMIT, "a cell is longer than %zu bytes", x->lim->cell_bytes);
        return;
    }
    r->off[col] = r->scratch.len + 1;
    r->len[col] = len;
    if (buf_add(&r->scratch, text, len) || buf_addc(&r->scratch, '\0')) {
        xp_fail(x, PCN_ELIMIT, "row %ld holds more than %zu bytes", r->number, r->scratch.max);
        return;
    }
    if (col + 1 > r->ncur)
        r->ncur = col + 1;
}

/* Stores the row (if kept); the stored row, or NULL. */
static const struct xlsx_row *row_end(struct rows *r)
{
    struct xp *x = r->x;
    if (r->ncur == 0 || x->rc)
        return NULL;
    for (size_t i = 0; i < r->ncur; i++)
        r->view[i] = r->off[i] ? r->scratch.buf + r->off[i] - 1 : "";
    struct xlsx_row v = {.number = r->number, .ncells = r->ncur, .cells = r->view};
    if (r->keep && !r->keep(r->keep_ctx, &v))
        return NULL;
    size_t bytes = 0;
    for (size_t i = 0; i < r->ncur; i++)
        bytes += r->off[i] ? r->len[i] + 1 : 0;
    if (r->n >= x->lim->rows) {
        xp_fail(x, PCN_ELIMIT, "has more than %zu rows", x->lim->rows);
        return NULL;
    }
    if (r->cells + r->ncur > x->lim->total_cells || r->bytes + bytes > x->lim->total_bytes) {
        xp_fail(x, PCN_ELIMIT, "holds more than %zu cells or %zu MiB of text", x->lim->total_cells,
                x->lim->total_bytes / (1024 * 1024));
        return NULL;
    }
    r->cells += r->ncur;
    r->bytes += bytes;
    if (r->n == r->cap)
        r->rows = arena_grow(x->a, r->rows, r->n, &r->cap, sizeof *r->rows);
    const char **cells = arena_alloc(x->a, r->ncur * sizeof *cells);
    for (size_t i = 0; i < r->ncur; i++)
        cells[i] = r->off[i] ? arena_strndup(x->a, r->view[i], r->len[i]) : "";
    r->rows[r->n] = (struct xlsx_row){.number = r->number, .ncells = r->ncur, .cells = cells};
    return &r->rows[r->n++];
}

/* Another copy of a stored row (OpenDocument's repeated rows), sharing its
 * cells. */
static void row_again(struct rows *r, const struct xlsx_row *first, long number)
{
    struct xp *x = r->x;
    if (r->n >= x->lim->rows) {
        xp_fail(x, PCN_ELIMIT, "has more than %zu rows", x->lim->rows);
        return;
    }
    if (r->cells + first->ncells > x->lim->total_cells) {
        xp_fail(x, PCN_ELIMIT, "holds more than %zu cells or %zu MiB of text", x->lim->total_cells,
                x->lim->total_bytes / (1024 * 1024));
        return;
    }
    r->cells += first->ncells;
    size_t at = (size_t)(first - r->rows);
    if (r->n == r->cap)
        r->rows = arena_grow(x->a, r->rows, r->n, &r->cap, sizeof *r->rows);
    r->rows[r->n] = r->rows[at];
    r->rows[r->n++].number = number;
}

/* ---- XLSX: the package's relationships and the workbook ------------------ */

struct rel {
    const char *id, *target, *type;
};

struct rels_ud {
    struct xp x;
    struct rel *v;
    size_t n, cap;
};

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct rels_ud *u = ud;
    if (!nm(name, NULL, "Relationship"))
        return;
    const char *id = attr(atts, NULL, "Id"), *t = attr(atts, NULL, "Target"),
               *ty = attr(atts, NULL, "Type");
    if (!id || !t)
        return;
    if (u->n >= u->x.lim->entries) {
        xp_fail(&u->x, PCN_ELIMIT, "more than %zu relationships", u->x.lim->entries);
        return;
    }
    if (u->n == u->cap)
        u->v = arena_grow(u->x.a, u->v, u->n, &u->cap, sizeof *u->v);
    u->v[u->n++] = (struct rel){arena_strdup(u->x.a, id), arena_strdup(u->x.a, t),
                                arena_strdup(u->x.a, ty ? ty : "")};
}

static int read_rels(struct zipin *z, struct xp *base, const char *part, struct rels_ud *u,
                     bool *found)
{
    memset(u, 0, sizeof *u);
    u->x = *base;
    u->x.p = new_parser(u);
    XML_SetStartElementHandler(u->x.p, rels_start);
    int rc = parse_part(z, &u->x, part, found);
    XML_ParserFree(u->x.p);
    return rc;
}

/* A relationship's target as a zip entry name, relative to dir ("xl/"). */
static const char *resolve(struct arena *a, const char *dir, const char *target)
{
    if (target[0] == '/')
        return target + 1;
    /* "../x" climbs out of dir. */
    size_t dl = strlen(dir);
    while (strncmp(target, "../", 3) == 0) {
        target += 3;
        if (dl > 0)
            dl--;
        while (dl > 0 && dir[dl - 1] != '/')
            dl--;
    }
    return arena_printf(a, "%.*s%s", (int)dl, dir, target);
}

struct book_ud {
    struct xp x;
    const char **names, **rids;
    size_t n, cap;
};

static void XMLCALL book_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct book_ud *u = ud;
    if (!nm(name, NULL, "sheet"))
        return;
    const char *sn = attr(atts, NULL, "name"), *rid = attr(atts, NS_REL, "id");
    if (!rid)
        rid = attr(atts, NULL, "id");
    if (!sn || !rid)
        return;
    if (u->n >= u->x.lim->entries) {
        xp_fail(&u->x, PCN_ELIMIT, "more than %zu sheets", u->x.lim->entries);
        return;
    }
    if (u->n == u->cap) {
        size_t cap = u->cap;
        u->names = arena_grow(u->x.a, u->names, u->n, &cap, sizeof *u->names);
        u->rids = arena_grow(u->x.a, u->rids, u->n, &u->cap, sizeof *u->rids);
    }
    u->names[u->n] = arena_strdup(u->x.a, sn);
    u->rids[u->n++] = arena_strdup(u->x.a, rid);
}

/* "'A', 'B', 'C'" for a message. */
static const char *list_names(struct arena *a, const char **names, size_t n)
{
    struct buf b;
    buf_init(&b, 512);
    for (size_t i = 0; i < n && i < 20; i++)
        buf_printf(&b, "%s'%s'", i ? ", " : "", names[i]);
    if (n > 20)
        buf_adds(&b, ", ...");
    if (n == 0)
        buf_adds(&b, "none");
    const char *s = arena_strdup(a, b.buf);
    buf_release(&b);
    return s;
}

/* ---- XLSX: shared strings ------------------------------------------------ */

struct sst_ud {
    struct xp x;
    const char **v;
    size_t n, cap;
    int in_si, in_t, in_rph;
    struct buf text;
};

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct sst_ud *u = ud;
    (void)atts;
    if (nm(name, NULL, "si")) {
        u->in_si = 1;
        buf_reset(&u->text);
    } else if (nm(name, NULL, "rPh")) {
        u->in_rph++;
    } else if (nm(name, NULL, "t") && u->in_si && !u->in_rph) {
        u->in_t = 1;
    }
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
    struct sst_ud *u = ud;
    if (nm(name, NULL, "t")) {
        u->in_t = 0;
    } else if (nm(name, NULL, "rPh")) {
        if (u->in_rph)
            u->in_rph--;
    } else if (nm(name, NULL, "si") && u->in_si) {
        u->in_si = 0;
        if (u->n >= u->x.lim->strings) {
            xp_fail(&u->x, PCN_ELIMIT, "more than %zu shared strings", u->x.lim->strings);
            return;
        }
        if (u->n == u->cap)
            u->v = arena_grow(u->x.a, u->v, u->n, &u->cap, sizeof *u->v);
        u->v[u->n++] = arena_strndup(u->x.a, u->text.buf, u->text.len);
    }
}

static void XMLCALL sst_text(void *ud, const XML_Char *s, int len)
{
    struct sst_ud *u = ud;
    if (u->in_t)
        text_add(&u->x, &u->text, s, (size_t)len);
}

/* ---- XLSX: the sheet ----------------------------------------------------- */

struct sheet_ud {
    struct xp x;
    struct rows r;
    const char **sst;
    size_t nsst;
    int in_row, in_c, in_v, in_is, in_t, in_rph;
    long last_row;
    size_t col;
    long next_col;
    char type[16];
    const char *ref;
    struct buf text;
};

/* Column of a reference "AB12" (0-based), or -1. */
static long ref_col(const char *ref)
{
    long col = 0;
    size_t i = 0;
    while (ref[i] >= 'A' && ref[i] <= 'Z') {
        col = col * 26 + (ref[i] - 'A' + 1);
        if (col > 1000000)
            return -1;
        i++;
    }
    if (i == 0 || ref[i] < '0' || ref[i] > '9')
        return -1;
    return col - 1;
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct sheet_ud *u = ud;
    if (nm(name, NULL, "row")) {
        const char *r = attr(atts, NULL, "r");
        long num = u->last_row + 1;
        if (r) {
            int64_t v;
            if (parse_i64(r, 1, 100000000, &v) || v <= u->last_row) {
                xp_fail(&u->x, PCN_EINVAL, "row '%s' is not a row number after %ld", r,
                        u->last_row);
                return;
            }
            num = (long)v;
        }
        u->last_row = num;
        u->in_row = 1;
        u->next_col = 0;
        row_begin(&u->r, num);
    } else if (nm(name, NULL, "c") && u->in_row) {
        const char *r = attr(atts, NULL, "r"), *t = attr(atts, NULL, "t");
        long col = u->next_col;
        if (r) {
            col = ref_col(r);
            if (col < 0) {
                xp_fail(&u->x, PCN_EINVAL, "row %ld: '%s' is not a cell reference", u->last_row, r);
                return;
            }
        }
        u->col = (size_t)col;
        u->next_col = col + 1;
        snprintf(u->type, sizeof u->type, "%s", t ? t : "n");
        u->in_c = 1;
        buf_reset(&u->text);
    } else if (u->in_c && nm(name, NULL, "v")) {
        u->in_v = 1;
    } else if (u->in_c && nm(name, NULL, "is")) {
        u->in_is = 1;
    } else if (u->in_is && nm(name, NULL, "rPh")) {
        u->in_rph++;
    } else if (u->in_is && !u->in_rph && nm(name, NULL, "t")) {
        u->in_t = 1;
    }
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
    struct sheet_ud *u = ud;
    if (nm(name, NULL, "v")) {
        u->in_v = 0;
    } else if (nm(name, NULL, "t")) {
        u->in_t = 0;
    } else if (nm(name, NULL, "rPh")) {
        if (u->in_rph)
            u->in_rph--;
    } else if (nm(name, NULL, "is")) {
        u->in_is = 0;
    } else if (nm(name, NULL, "c") && u->in_c) {
        u->in_c = 0;
        const char *text = u->text.buf;
        size_t len = u->text.len;
        if (strcmp(u->type, "s") == 0 && len > 0) {
            int64_t i;
            if (parse_i64(text, 0, INT64_MAX, &i) || (uint64_t)i >= u->nsst) {
                xp_fail(&u->x, PCN_EINVAL, "cell %s: shared string '%s' does not exist",
                        xlsx_cell_name(u->x.a, u->col, u->last_row), text);
                return;
            }
            text = u->sst[i];
            len = strlen(text);
        }
        row_cell(&u->r, u->col, text, len);
    } else if (nm(name, NULL, "row") && u->in_row) {
        u->in_row = 0;
        row_end(&u->r);
    }
}

static void XMLCALL sheet_text(void *ud, const XML_Char *s, int len)
{
    struct sheet_ud *u = ud;
    if (u->in_v || u->in_t)
        text_add(&u->x, &u->text, s, (size_t)len);
}

/* The start of reading a workbook of either kind: lim defaults, out
 * emptied, the package opened. */
static int open_book(struct zipin *z, const char *name, const void *mem, size_t len,
                     const struct xlsx_limits **lim, struct xlsx_sheet *out, const char *what,
                     struct pcn_msg *m)
{
    if (!*lim)
        *lim = &xlsx_default_limits;
    memset(out, 0, sizeof *out);
    return zip_open_mem(z, name, mem, len, *lim, what, m);
}

int xlsx_read(const char *name, const void *mem, size_t len, const char *sheet,
              const struct xlsx_limits *lim, struct arena *a, struct xlsx_sheet *out,
              struct pcn_msg *m)
{
    return xlsx_read_rows(name, mem, len, sheet, lim, NULL, NULL, a, out, m);
}

int xlsx_read_rows(const char *name, const void *mem, size_t len, const char *sheet,
                   const struct xlsx_limits *lim, xlsx_keep_fn keep, void *keep_ctx,
                   struct arena *a, struct xlsx_sheet *out, struct pcn_msg *m)
{
    struct zipin z;
    int rc;
    if ((rc = open_book(&z, name, mem, len, &lim, out, "an Excel workbook (.xlsx)", m)))
        return rc;
    struct xp base = {.name = name, .lim = lim, .a = a, .m = m};

    /* The workbook part: from the package's relationships, else the usual. */
    const char *book = "xl/workbook.xml";
    struct rels_ud pr;
    bool found;
    if ((rc = read_rels(&z, &base, "_rels/.rels", &pr, &found)))
        goto out;
    for (size_t i = 0; found && i < pr.n; i++) {
        size_t tl = strlen(pr.v[i].type);
        if (tl >= 15 && strcmp(pr.v[i].type + tl - 15, "/officeDocument") == 0) {
            book = resolve(a, "", pr.v[i].target);
            break;
        }
    }
    const char *slash = strrchr(book, '/');
    const char *dir = slash ? arena_strndup(a, book, (size_t)(slash - book + 1)) : "";

    struct book_ud bu = {.x = base};
    bu.x.p = new_parser(&bu);
    XML_SetStartElementHandler(bu.x.p, book_start);
    rc = parse_part(&z, &bu.x, book, NULL);
    XML_ParserFree(bu.x.p);
    if (rc)
        goto out;
    const char *rid = NULL;
    for (size_t i = 0; i < bu.n; i++)
        if (strcmp(bu.names[i], sheet) == 0)
            rid = bu.rids[i];
    if (!rid) {
        rc = msg_set(m, PCN_EINVAL, "%s: no sheet '%s' (the sheets are %s)", name, sheet,
                     list_names(a, bu.names, bu.n));
        goto out;
    }

    const char *brels = arena_printf(a, "%s_rels/%s.rels", dir, slash ? slash + 1 : book);
    struct rels_ud br;
    if ((rc = read_rels(&z, &base, brels, &br, NULL)))
        goto out;
    const char *sheet_part = NULL, *sst_part = NULL;
    for (size_t i = 0; i < br.n; i++) {
        size_t tl = strlen(br.v[i].type);
        if (strcmp(br.v[i].id, rid) == 0)
            sheet_part = resolve(a, dir, br.v[i].target);
        if (tl >= 14 && strcmp(br.v[i].type + tl - 14, "/sharedStrings") == 0)
            sst_part = resolve(a, dir, br.v[i].target);
    }
    if (!sheet_part) {
        rc = msg_set(m, PCN_EINVAL, "%s: sheet '%s' has no part in the workbook", name, sheet);
        goto out;
    }

    struct sst_ud su = {.x = base};
    buf_init(&su.text, lim->cell_bytes);
    if (sst_part) {
        su.x.p = new_parser(&su);
        XML_SetElementHandler(su.x.p, sst_start, sst_end);
        XML_SetCharacterDataHandler(su.x.p, sst_text);
        rc = parse_part(&z, &su.x, sst_part, NULL);
        XML_ParserFree(su.x.p);
    }
    buf_release(&su.text);
    if (rc)
        goto out;

    struct sheet_ud sh = {.x = base, .sst = su.v, .nsst = su.n};
    sh.x.sheet = sheet;
    rows_init(&sh.r, &sh.x, keep, keep_ctx);
    buf_init(&sh.text, lim->cell_bytes);
    sh.x.p = new_parser(&sh);
    XML_SetElementHandler(sh.x.p, sheet_start, sheet_end);
    XML_SetCharacterDataHandler(sh.x.p, sheet_text);
    rc = parse_part(&z, &sh.x, sheet_part, NULL);
    XML_ParserFree(sh.x.p);
    buf_release(&sh.text);
    rows_release(&sh.r);
    if (!rc) {
        out->rows = sh.r.rows;
        out->nrows = sh.r.n;
    }
out:
    zip_close_in(&z);
    return rc;
}

/* ---- OpenDocument -------------------------------------------------------- */

struct ods_ud {
    struct xp x;
    struct rows r;
    const char *want;
    const char **names; /* every table's name, for the message */
    size_t nnames, capnames;
    bool found, in_table, in_row;
    int in_cell, in_p, in_note;
    long row_repeat, cell_repeat;
    long number; /* rows so far (sheet row numbers)     */
    size_t col;
    const char *value; /* the typed value, or NULL: the text  */
    bool paragraphs;   /* a paragraph seen in this cell       */
    struct buf text;
};

static long repeat_attr(struct ods_ud *u, const char **atts, const char *local)
{
    const char *s = attr(atts, NS_TABLE, local);
    if (!s)
        return 1;
    int64_t v;
    if (parse_i64(s, 1, 100000000, &v)) {
        xp_fail(&u->x, PCN_EINVAL, "row %ld: '%s' is not a number of repeats", u->number + 1, s);
        return 1;
    }
    return (long)v;
}

static void XMLCALL ods_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct ods_ud *u = ud;
    if (nm(name, NS_TABLE, "table")) {
        const char *tn = attr(atts, NS_TABLE, "name");
        if (!tn)
            tn = "";
        if (u->nnames < u->x.lim->entries) {
            if (u->nnames == u->capnames)
                u->names = arena_grow(u->x.a, u->names, u->nnames, &u->capnames, sizeof *u->names);
            u->names[u->nnames++] = arena_strdup(u->x.a, tn);
        }
        if (!u->found && strcmp(tn, u->want) == 0) {
            u->found = u->in_table = true;
            u->x.sheet = u->want;
            u->number = 0;
        }
        return;
    }
    if (!u->in_table)
        return;
    if (nm(name, NS_TABLE, "table-row")) {
        u->row_repeat = repeat_attr(u, atts, "number-rows-repeated");
        u->in_row = true;
        u->col = 0;
        row_begin(&u->r, u->number + 1);
    } else if (u->in_row &&
               (nm(name, NS_TABLE, "table-cell") || nm(name, NS_TABLE, "covered-table-cell"))) {
        u->cell_repeat = repeat_attr(u, atts, "number-columns-repeated");
        u->in_cell = 1;
        u->paragraphs = false;
        u->value = NULL;
        buf_reset(&u->text);
        const char *type = attr(atts, NS_OFFICE, "value-type");
        const char *v = NULL;
        if (type) {
            if (strcmp(type, "date") == 0)
                v = attr(atts, NS_OFFICE, "date-value");
            else if (strcmp(type, "time") == 0)
                v = attr(atts, NS_OFFICE, "time-value");
            else if (strcmp(type, "boolean") == 0)
                v = attr(atts, NS_OFFICE, "boolean-value");
            else if (strcmp(type, "float") == 0 || strcmp(type, "percentage") == 0 ||
                     strcmp(type, "currency") == 0)
                v = attr(atts, NS_OFFICE, "value");
        }
        if (v)
            u->value = arena_strdup(u->x.a, v);
    } else if (u->in_cell && nm(name, NS_OFFICE, "annotation")) {
        u->in_note++;
    } else if (u->in_cell && !u->in_note && (nm(name, NS_TEXT, "p") || nm(name, NS_TEXT, "h"))) {
        if (u->paragraphs)
            text_add(&u->x, &u->text, "\n", 1);
        u->paragraphs = true;
        u->in_p++;
    } else if (u->in_p && !u->in_note && nm(name, NS_TEXT, "s")) {
        const char *c = attr(atts, NS_TEXT, "c");
        int64_t k = 1;
        if (c && parse_i64(c, 1, (int64_t)u->x.lim->cell_bytes, &k)) {
            xp_fail(&u->x, PCN_ELIMIT, "row %ld: a cell is longer than %zu bytes", u->number + 1,
                    u->x.lim->cell_bytes);
            return;
        }
        for (int64_t i = 0; i < k && !u->x.rc; i++)
            text_add(&u->x, &u->text, " ", 1);
    } else if (u->in_p && !u->in_note && nm(name, NS_TEXT, "tab")) {
        text_add(&u->x, &u->text, "\t", 1);
    } else if (u->in_p && !u->in_note && nm(name, NS_TEXT, "line-break")) {
        text_add(&u->x, &u->text, "\n", 1);
    }
}

static void XMLCALL ods_end(void *ud, const XML_Char *name)
{
    struct ods_ud *u = ud;
    if (!u->in_table)
        return;
    if (nm(name, NS_TABLE, "table")) {
        u->in_table = false;
        u->x.sheet = NULL;
    } else if (nm(name, NS_OFFICE, "annotation")) {
        if (u->in_note)
            u->in_note--;
    } else if (nm(name, NS_TEXT, "p") || nm(name, NS_TEXT, "h")) {
        if (u->in_p)
            u->in_p--;
    } else if (u->in_cell &&
               (nm(name, NS_TABLE, "table-cell") || nm(name, NS_TABLE, "covered-table-cell"))) {
        u->in_cell = 0;
        const char *v = u->value ? u->value : u->text.buf;
        size_t len = strlen(v);
        if (len == 0) {
            u->col += (size_t)u->cell_repeat; /* empty: nothing stored */
            return;
        }
        for (long i = 0; i < u->cell_repeat && !u->x.rc; i++)
            row_cell(&u->r, u->col++, v, len);
    } else if (u->in_row && nm(name, NS_TABLE, "table-row")) {
        u->in_row = false;
        if (u->r.ncur == 0) {
            u->number += u->row_repeat; /* empty rows: not stored */
            return;
        }
        /* A repeated row with content: each copy is a row, sharing the
         * first's cells. */
        u->r.number = ++u->number;
        const struct xlsx_row *first = row_end(&u->r);
        for (long i = 1; i < u->row_repeat && !u->x.rc; i++) {
            ++u->number;
            if (first)
                row_again(&u->r, first, u->number);
        }
    }
}

static void XMLCALL ods_text(void *ud, const XML_Char *s, int len)
{
    struct ods_ud *u = ud;
    if (u->in_table && u->in_cell && u->in_p && !u->in_note)
        text_add(&u->x, &u->text, s, (size_t)len);
}

int xlsx_read_ods(const char *name, const void *mem, size_t len, const char *sheet,
                  const struct xlsx_limits *lim, struct arena *a, struct xlsx_sheet *out,
                  struct pcn_msg *m)
{
    return xlsx_read_ods_rows(name, mem, len, sheet, lim, NULL, NULL, a, out, m);
}

int xlsx_read_ods_rows(const char *name, const void *mem, size_t len, const char *sheet,
                       const struct xlsx_limits *lim, xlsx_keep_fn keep, void *keep_ctx,
                       struct arena *a, struct xlsx_sheet *out, struct pcn_msg *m)
{
    struct zipin z;
    int rc;
    if ((rc = open_book(&z, name, mem, len, &lim, out, "an OpenDocument spreadsheet (.ods)", m)))
        return rc;
    if (zip_name_locate(z.za, "content.xml", 0) < 0) {
        zip_close_in(&z);
        return msg_set(m, PCN_EINVAL,
                       "%s: not an OpenDocument spreadsheet (.ods): it has no "
                       "content.xml",
                       name);
    }
    struct ods_ud u = {.x = {.name = name, .lim = lim, .a = a, .m = m}, .want = sheet};
    rows_init(&u.r, &u.x, keep, keep_ctx);
    buf_init(&u.text, lim->cell_bytes);
    u.x.p = new_parser(&u);
    XML_SetElementHandler(u.x.p, ods_start, ods_end);
    XML_SetCharacterDataHandler(u.x.p, ods_text);
    rc = parse_part(&z, &u.x, "content.xml", NULL);
    XML_ParserFree(u.x.p);
    buf_release(&u.text);
    rows_release(&u.r);
    if (!rc && !u.found)
        rc = msg_set(m, PCN_EINVAL, "%s: no sheet '%s' (the sheets are %s)", name, sheet,
                     list_names(a, u.names, u.nnames));
    if (!rc) {
        out->rows = u.r.rows;
        out->nrows = u.r.n;
    }
    zip_close_in(&z);
    return rc;
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
    struct rows r;
    struct xp x;
};

static int csv_row(void *ctx, const struct csv_record *rec, struct pcn_msg *m)
{
    struct csvrows *c = ctx;
    const struct xlsx_limits *lim = c->x.lim;
    if (rec->nfields > lim->cells)
        return msg_set(m, PCN_ELIMIT, "%s:%ld: more than %zu fields", c->x.name, rec->line,
                       lim->cells);
    if (c->r.n >= lim->rows)
        return msg_set(m, PCN_ELIMIT, "%s: more than %zu rows", c->x.name, lim->rows);
    if (c->r.cells + rec->nfields > lim->total_cells)
        return msg_set(m, PCN_ELIMIT, "%s:%ld: more than %zu cells in all", c->x.name, rec->line,
                       lim->total_cells);
    c->r.cells += rec->nfields;
    if (c->r.n == c->r.cap)
        c->r.rows = arena_grow(c->x.a, c->r.rows, c->r.n, &c->r.cap, sizeof *c->r.rows);
    const char **cells = arena_alloc(c->x.a, (rec->nfields ? rec->nfields : 1) * sizeof *cells);
    for (size_t i = 0; i < rec->nfields; i++)
        cells[i] = arena_strndup(c->x.a, rec->f[i].p, rec->f[i].len);
    c->r.rows[c->r.n++] = (struct xlsx_row){
        .number = rec->line, .ncells = rec->nfields, .cells = cells};
    return 0;
}

int xlsx_csv_rows(const char *name, const void *mem, size_t len, const struct xlsx_limits *lim,
                  struct arena *a, struct xlsx_sheet *out, struct pcn_msg *m)
{
    struct csvrows c = {
        .x = {.name = name, .lim = lim ? lim : &xlsx_default_limits, .a = a, .m = m}};
    struct csv_reader r;
    memset(out, 0, sizeof *out);
    csv_init(&r, name, csv_row, &c);
    if (c.x.lim->cells < r.max_columns)
        r.max_columns = c.x.lim->cells;
    if (c.x.lim->cell_bytes < r.max_field)
        r.max_field = c.x.lim->cell_bytes;
    if (c.x.lim->rows < (size_t)r.max_rows)
        r.max_rows = (long)c.x.lim->rows;
    int rc = csv_feed(&r, mem, len, m);
    if (!rc)
        rc = csv_finish(&r, m);
    csv_release(&r);
    if (!rc) {
        out->rows = c.r.rows;
        out->nrows = c.r.n;
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
