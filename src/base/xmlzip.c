/* expat and libzip first: banned.h (through common.h) must come after
 * every system and library header. */
#include <expat.h>
#include <zip.h>

#include "common.h"
#include "xmlzip.h"
#include "buf.h"

#define NS_SEP '|'

/* ---- names with their namespace ("URI|local" from expat) ----------------- */

/* Is the expanded name `name` the local name `local` (in namespace ns, or
 * in any namespace when ns is NULL)? */
bool xmlzip_name_is(const char *name, const char *ns, const char *local)
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

const char *xmlzip_attr(const char **atts, const char *ns, const char *local)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (xmlzip_name_is(atts[i], ns, local))
            return atts[i + 1];
    return NULL;
}

/* ---- one XML part of the zip --------------------------------------------- */

void xmlzip_fail(struct xmlzip_part *x, int rc, const char *fmt, ...)
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
    xmlzip_fail(ud, PCN_EINVAL, "has a document type declaration, which a workbook never has");
}

int xmlzip_open(struct xmlzip *z, const char *name, const void *mem, size_t len,
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

void xmlzip_close(struct xmlzip *z)
{
    if (z->za)
        zip_discard(z->za);
    z->za = NULL;
}

/* Streams the part into the parser x->p (set up by the caller).  *found
 * false (and 0) when the part is absent and found is not NULL. */
int xmlzip_parse(struct xmlzip *z, struct xmlzip_part *x, const char *part, bool *found)
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

XML_Parser xmlzip_parser(void *ud)
{
    XML_Parser p = XML_ParserCreateNS("UTF-8", NS_SEP);
    if (!p)
        BUG("out of memory (expat)");
    XML_SetUserData(p, ud);
    return p;
}

/* Adds text to b, failing x when a cell passes the limit. */
void xmlzip_text_add(struct xmlzip_part *x, struct buf *b, const char *s, size_t n)
{
    if (buf_add(b, s, n))
        xmlzip_fail(x, PCN_ELIMIT, "a cell is longer than %zu bytes", x->lim->cell_bytes);
}

/* ---- rows being built ---------------------------------------------------- */

void xmlzip_rows_init(struct xmlzip_rows *r, struct xmlzip_part *x, xlsx_keep_fn keep, void *ctx)
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

void xmlzip_rows_release(struct xmlzip_rows *r)
{
    buf_release(&r->scratch);
}

void xmlzip_row_begin(struct xmlzip_rows *r, long number)
{
    r->number = number;
    for (size_t i = 0; i < r->ncur; i++)
        r->off[i] = 0;
    r->ncur = 0;
    buf_reset(&r->scratch);
}

void xmlzip_row_cell(struct xmlzip_rows *r, size_t col, const char *text, size_t len)
{
    struct xmlzip_part *x = r->x;
    if (len == 0)
        return;
    if (col >= x->lim->cells) {
        xmlzip_fail(x, PCN_ELIMIT, "row %ld has more than %zu columns", r->number, x->lim->cells);
        return;
    }
    if (len > x->lim->cell_bytes) {
        xmlzip_fail(x, PCN_ELIMIT, "a cell is longer than %zu bytes", x->lim->cell_bytes);
        return;
    }
    r->off[col] = r->scratch.len + 1;
    r->len[col] = len;
    if (buf_add(&r->scratch, text, len) || buf_addc(&r->scratch, '\0')) {
        xmlzip_fail(x, PCN_ELIMIT, "row %ld holds more than %zu bytes", r->number, r->scratch.max);
        return;
    }
    if (col + 1 > r->ncur)
        r->ncur = col + 1;
}

/* Stores the row (if kept); the stored row, or NULL. */
const struct xlsx_row *xmlzip_row_end(struct xmlzip_rows *r)
{
    struct xmlzip_part *x = r->x;
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
        xmlzip_fail(x, PCN_ELIMIT, "has more than %zu rows", x->lim->rows);
        return NULL;
    }
    if (r->cells + r->ncur > x->lim->total_cells || r->bytes + bytes > x->lim->total_bytes) {
        xmlzip_fail(x, PCN_ELIMIT, "holds more than %zu cells or %zu MiB of text",
                    x->lim->total_cells, x->lim->total_bytes / (1024 * 1024));
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
void xmlzip_row_again(struct xmlzip_rows *r, const struct xlsx_row *first, long number)
{
    struct xmlzip_part *x = r->x;
    if (r->n >= x->lim->rows) {
        xmlzip_fail(x, PCN_ELIMIT, "has more than %zu rows", x->lim->rows);
        return;
    }
    if (r->cells + first->ncells > x->lim->total_cells) {
        xmlzip_fail(x, PCN_ELIMIT, "holds more than %zu cells or %zu MiB of text",
                    x->lim->total_cells, x->lim->total_bytes / (1024 * 1024));
        return;
    }
    r->cells += first->ncells;
    size_t at = (size_t)(first - r->rows);
    if (r->n == r->cap)
        r->rows = arena_grow(x->a, r->rows, r->n, &r->cap, sizeof *r->rows);
    r->rows[r->n] = r->rows[at];
    r->rows[r->n++].number = number;
}
