#include <expat.h>
#include <zip.h>

#include "common.h"
#include "xlsx.h"
#include "buf.h"
#include "xmlzip.h"

#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

/* ---- XLSX: the package's relationships and the workbook ------------------ */

struct rel {
    const char *id, *target, *type;
};

struct rels_ud {
    struct xmlzip_part x;
    struct rel *v;
    size_t n, cap;
};

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct rels_ud *u = ud;
    if (!xmlzip_name_is(name, NULL, "Relationship"))
        return;
    const char *id = xmlzip_attr(atts, NULL, "Id"), *t = xmlzip_attr(atts, NULL, "Target"),
               *ty = xmlzip_attr(atts, NULL, "Type");
    if (!id || !t)
        return;
    if (u->n >= u->x.lim->entries) {
        xmlzip_fail(&u->x, PCN_ELIMIT, "more than %zu relationships", u->x.lim->entries);
        return;
    }
    if (u->n == u->cap)
        u->v = arena_grow(u->x.a, u->v, u->n, &u->cap, sizeof *u->v);
    u->v[u->n++] = (struct rel){arena_strdup(u->x.a, id), arena_strdup(u->x.a, t),
                                arena_strdup(u->x.a, ty ? ty : "")};
}

static int read_rels(struct xmlzip *z, struct xmlzip_part *base, const char *part,
                     struct rels_ud *u, bool *found)
{
    memset(u, 0, sizeof *u);
    u->x = *base;
    u->x.p = xmlzip_parser(u);
    XML_SetStartElementHandler(u->x.p, rels_start);
    int rc = xmlzip_parse(z, &u->x, part, found);
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
    struct xmlzip_part x;
    const char **names, **rids;
    size_t n, cap;
};

static void XMLCALL book_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct book_ud *u = ud;
    if (!xmlzip_name_is(name, NULL, "sheet"))
        return;
    const char *sn = xmlzip_attr(atts, NULL, "name"), *rid = xmlzip_attr(atts, NS_REL, "id");
    if (!rid)
        rid = xmlzip_attr(atts, NULL, "id");
    if (!sn || !rid)
        return;
    if (u->n >= u->x.lim->entries) {
        xmlzip_fail(&u->x, PCN_ELIMIT, "more than %zu sheets", u->x.lim->entries);
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
    struct xmlzip_part x;
    const char **v;
    size_t n, cap;
    int in_si, in_t, in_rph;
    struct buf text;
};

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct sst_ud *u = ud;
    (void)atts;
    if (xmlzip_name_is(name, NULL, "si")) {
        u->in_si = 1;
        buf_reset(&u->text);
    } else if (xmlzip_name_is(name, NULL, "rPh")) {
        u->in_rph++;
    } else if (xmlzip_name_is(name, NULL, "t") && u->in_si && !u->in_rph) {
        u->in_t = 1;
    }
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
    struct sst_ud *u = ud;
    if (xmlzip_name_is(name, NULL, "t")) {
        u->in_t = 0;
    } else if (xmlzip_name_is(name, NULL, "rPh")) {
        if (u->in_rph)
            u->in_rph--;
    } else if (xmlzip_name_is(name, NULL, "si") && u->in_si) {
        u->in_si = 0;
        if (u->n >= u->x.lim->strings) {
            xmlzip_fail(&u->x, PCN_ELIMIT, "more than %zu shared strings", u->x.lim->strings);
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
        xmlzip_text_add(&u->x, &u->text, s, (size_t)len);
}

/* ---- XLSX: the sheet ----------------------------------------------------- */

struct sheet_ud {
    struct xmlzip_part x;
    struct xmlzip_rows r;
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
    if (xmlzip_name_is(name, NULL, "row")) {
        const char *r = xmlzip_attr(atts, NULL, "r");
        long num = u->last_row + 1;
        if (r) {
            int64_t v;
            if (parse_i64(r, 1, 100000000, &v) || v <= u->last_row) {
                xmlzip_fail(&u->x, PCN_EINVAL, "row '%s' is not a row number after %ld", r,
                            u->last_row);
                return;
            }
            num = (long)v;
        }
        u->last_row = num;
        u->in_row = 1;
        u->next_col = 0;
        xmlzip_row_begin(&u->r, num);
    } else if (xmlzip_name_is(name, NULL, "c") && u->in_row) {
        const char *r = xmlzip_attr(atts, NULL, "r"), *t = xmlzip_attr(atts, NULL, "t");
        long col = u->next_col;
        if (r) {
            col = ref_col(r);
            if (col < 0) {
                xmlzip_fail(&u->x, PCN_EINVAL, "row %ld: '%s' is not a cell reference", u->last_row,
                            r);
                return;
            }
        }
        u->col = (size_t)col;
        u->next_col = col + 1;
        snprintf(u->type, sizeof u->type, "%s", t ? t : "n");
        u->in_c = 1;
        buf_reset(&u->text);
    } else if (u->in_c && xmlzip_name_is(name, NULL, "v")) {
        u->in_v = 1;
    } else if (u->in_c && xmlzip_name_is(name, NULL, "is")) {
        u->in_is = 1;
    } else if (u->in_is && xmlzip_name_is(name, NULL, "rPh")) {
        u->in_rph++;
    } else if (u->in_is && !u->in_rph && xmlzip_name_is(name, NULL, "t")) {
        u->in_t = 1;
    }
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
    struct sheet_ud *u = ud;
    if (xmlzip_name_is(name, NULL, "v")) {
        u->in_v = 0;
    } else if (xmlzip_name_is(name, NULL, "t")) {
        u->in_t = 0;
    } else if (xmlzip_name_is(name, NULL, "rPh")) {
        if (u->in_rph)
            u->in_rph--;
    } else if (xmlzip_name_is(name, NULL, "is")) {
        u->in_is = 0;
    } else if (xmlzip_name_is(name, NULL, "c") && u->in_c) {
        u->in_c = 0;
        const char *text = u->text.buf;
        size_t len = u->text.len;
        if (strcmp(u->type, "s") == 0 && len > 0) {
            int64_t i;
            if (parse_i64(text, 0, INT64_MAX, &i) || (uint64_t)i >= u->nsst) {
                xmlzip_fail(&u->x, PCN_EINVAL, "cell %s: shared string '%s' does not exist",
                            xlsx_cell_name(u->x.a, u->col, u->last_row), text);
                return;
            }
            text = u->sst[i];
            len = strlen(text);
        }
        xmlzip_row_cell(&u->r, u->col, text, len);
    } else if (xmlzip_name_is(name, NULL, "row") && u->in_row) {
        u->in_row = 0;
        xmlzip_row_end(&u->r);
    }
}

static void XMLCALL sheet_text(void *ud, const XML_Char *s, int len)
{
    struct sheet_ud *u = ud;
    if (u->in_v || u->in_t)
        xmlzip_text_add(&u->x, &u->text, s, (size_t)len);
}

/* The start of reading a workbook of either kind: lim defaults, out
 * emptied, the package opened. */
static int open_book(struct xmlzip *z, const char *name, const void *mem, size_t len,
                     const struct xlsx_limits **lim, struct xlsx_sheet *out, const char *what,
                     struct pcn_msg *m)
{
    if (!*lim)
        *lim = &xlsx_default_limits;
    memset(out, 0, sizeof *out);
    return xmlzip_open(z, name, mem, len, *lim, what, m);
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
    struct xmlzip z;
    int rc;
    if ((rc = open_book(&z, name, mem, len, &lim, out, "an Excel workbook (.xlsx)", m)))
        return rc;
    struct xmlzip_part base = {.name = name, .lim = lim, .a = a, .m = m};

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
    bu.x.p = xmlzip_parser(&bu);
    XML_SetStartElementHandler(bu.x.p, book_start);
    rc = xmlzip_parse(&z, &bu.x, book, NULL);
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
        su.x.p = xmlzip_parser(&su);
        XML_SetElementHandler(su.x.p, sst_start, sst_end);
        XML_SetCharacterDataHandler(su.x.p, sst_text);
        rc = xmlzip_parse(&z, &su.x, sst_part, NULL);
        XML_ParserFree(su.x.p);
    }
    buf_release(&su.text);
    if (rc)
        goto out;

    struct sheet_ud sh = {.x = base, .sst = su.v, .nsst = su.n};
    sh.x.sheet = sheet;
    xmlzip_rows_init(&sh.r, &sh.x, keep, keep_ctx);
    buf_init(&sh.text, lim->cell_bytes);
    sh.x.p = xmlzip_parser(&sh);
    XML_SetElementHandler(sh.x.p, sheet_start, sheet_end);
    XML_SetCharacterDataHandler(sh.x.p, sheet_text);
    rc = xmlzip_parse(&z, &sh.x, sheet_part, NULL);
    XML_ParserFree(sh.x.p);
    buf_release(&sh.text);
    xmlzip_rows_release(&sh.r);
    if (!rc) {
        out->rows = sh.r.rows;
        out->nrows = sh.r.n;
    }
out:
    xmlzip_close(&z);
    return rc;
}

/* ---- OpenDocument -------------------------------------------------------- */

struct ods_ud {
    struct xmlzip_part x;
    struct xmlzip_rows r;
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
    const char *s = xmlzip_attr(atts, NS_TABLE, local);
    if (!s)
        return 1;
    int64_t v;
    if (parse_i64(s, 1, 100000000, &v)) {
        xmlzip_fail(&u->x, PCN_EINVAL, "row %ld: '%s' is not a number of repeats", u->number + 1,
                    s);
        return 1;
    }
    return (long)v;
}

static void XMLCALL ods_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct ods_ud *u = ud;
    if (xmlzip_name_is(name, NS_TABLE, "table")) {
        const char *tn = xmlzip_attr(atts, NS_TABLE, "name");
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
    if (xmlzip_name_is(name, NS_TABLE, "table-row")) {
        u->row_repeat = repeat_attr(u, atts, "number-rows-repeated");
        u->in_row = true;
        u->col = 0;
        xmlzip_row_begin(&u->r, u->number + 1);
    } else if (u->in_row && (xmlzip_name_is(name, NS_TABLE, "table-cell") ||
                             xmlzip_name_is(name, NS_TABLE, "covered-table-cell"))) {
        u->cell_repeat = repeat_attr(u, atts, "number-columns-repeated");
        u->in_cell = 1;
        u->paragraphs = false;
        u->value = NULL;
        buf_reset(&u->text);
        const char *type = xmlzip_attr(atts, NS_OFFICE, "value-type");
        const char *v = NULL;
        if (type) {
            if (strcmp(type, "date") == 0)
                v = xmlzip_attr(atts, NS_OFFICE, "date-value");
            else if (strcmp(type, "time") == 0)
                v = xmlzip_attr(atts, NS_OFFICE, "time-value");
            else if (strcmp(type, "boolean") == 0)
                v = xmlzip_attr(atts, NS_OFFICE, "boolean-value");
            else if (strcmp(type, "float") == 0 || strcmp(type, "percentage") == 0 ||
                     strcmp(type, "currency") == 0)
                v = xmlzip_attr(atts, NS_OFFICE, "value");
        }
        if (v)
            u->value = arena_strdup(u->x.a, v);
    } else if (u->in_cell && xmlzip_name_is(name, NS_OFFICE, "annotation")) {
        u->in_note++;
    } else if (u->in_cell && !u->in_note &&
               (xmlzip_name_is(name, NS_TEXT, "p") || xmlzip_name_is(name, NS_TEXT, "h"))) {
        if (u->paragraphs)
            xmlzip_text_add(&u->x, &u->text, "\n", 1);
        u->paragraphs = true;
        u->in_p++;
    } else if (u->in_p && !u->in_note && xmlzip_name_is(name, NS_TEXT, "s")) {
        const char *c = xmlzip_attr(atts, NS_TEXT, "c");
        int64_t k = 1;
        if (c && parse_i64(c, 1, (int64_t)u->x.lim->cell_bytes, &k)) {
            xmlzip_fail(&u->x, PCN_ELIMIT, "row %ld: a cell is longer than %zu bytes",
                        u->number + 1, u->x.lim->cell_bytes);
            return;
        }
        for (int64_t i = 0; i < k && !u->x.rc; i++)
            xmlzip_text_add(&u->x, &u->text, " ", 1);
    } else if (u->in_p && !u->in_note && xmlzip_name_is(name, NS_TEXT, "tab")) {
        xmlzip_text_add(&u->x, &u->text, "\t", 1);
    } else if (u->in_p && !u->in_note && xmlzip_name_is(name, NS_TEXT, "line-break")) {
        xmlzip_text_add(&u->x, &u->text, "\n", 1);
    }
}

static void XMLCALL ods_end(void *ud, const XML_Char *name)
{
    struct ods_ud *u = ud;
    if (!u->in_table)
        return;
    if (xmlzip_name_is(name, NS_TABLE, "table")) {
        u->in_table = false;
        u->x.sheet = NULL;
    } else if (xmlzip_name_is(name, NS_OFFICE, "annotation")) {
        if (u->in_note)
            u->in_note--;
    } else if (xmlzip_name_is(name, NS_TEXT, "p") || xmlzip_name_is(name, NS_TEXT, "h")) {
        if (u->in_p)
            u->in_p--;
    } else if (u->in_cell && (xmlzip_name_is(name, NS_TABLE, "table-cell") ||
                              xmlzip_name_is(name, NS_TABLE, "covered-table-cell"))) {
        u->in_cell = 0;
        const char *v = u->value ? u->value : u->text.buf;
        size_t len = strlen(v);
        if (len == 0) {
            u->col += (size_t)u->cell_repeat; /* empty: nothing stored */
            return;
        }
        for (long i = 0; i < u->cell_repeat && !u->x.rc; i++)
            xmlzip_row_cell(&u->r, u->col++, v, len);
    } else if (u->in_row && xmlzip_name_is(name, NS_TABLE, "table-row")) {
        u->in_row = false;
        if (u->r.ncur == 0) {
            u->number += u->row_repeat; /* empty rows: not stored */
            return;
        }
        /* A repeated row with content: each copy is a row, sharing the
         * first's cells. */
        u->r.number = ++u->number;
        const struct xlsx_row *first = xmlzip_row_end(&u->r);
        for (long i = 1; i < u->row_repeat && !u->x.rc; i++) {
            ++u->number;
            if (first)
                xmlzip_row_again(&u->r, first, u->number);
        }
    }
}

static void XMLCALL ods_text(void *ud, const XML_Char *s, int len)
{
    struct ods_ud *u = ud;
    if (u->in_table && u->in_cell && u->in_p && !u->in_note)
        xmlzip_text_add(&u->x, &u->text, s, (size_t)len);
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
    struct xmlzip z;
    int rc;
    if ((rc = open_book(&z, name, mem, len, &lim, out, "an OpenDocument spreadsheet (.ods)", m)))
        return rc;
    if (zip_name_locate(z.za, "content.xml", 0) < 0) {
        xmlzip_close(&z);
        return msg_set(m, PCN_EINVAL,
                       "%s: not an OpenDocument spreadsheet (.ods): it has no "
                       "content.xml",
                       name);
    }
    struct ods_ud u = {.x = {.name = name, .lim = lim, .a = a, .m = m}, .want = sheet};
    xmlzip_rows_init(&u.r, &u.x, keep, keep_ctx);
    buf_init(&u.text, lim->cell_bytes);
    u.x.p = xmlzip_parser(&u);
    XML_SetElementHandler(u.x.p, ods_start, ods_end);
    XML_SetCharacterDataHandler(u.x.p, ods_text);
    rc = xmlzip_parse(&z, &u.x, "content.xml", NULL);
    XML_ParserFree(u.x.p);
    buf_release(&u.text);
    xmlzip_rows_release(&u.r);
    if (!rc && !u.found)
        rc = msg_set(m, PCN_EINVAL, "%s: no sheet '%s' (the sheets are %s)", name, sheet,
                     list_names(a, u.names, u.nnames));
    if (!rc) {
        out->rows = u.r.rows;
        out->nrows = u.r.n;
    }
    xmlzip_close(&z);
    return rc;
}
