/* xmlzip.h: what the two zip-of-XML spreadsheet readers of xlsx.h share:
 * a zip file in memory (libzip) with a limit on its entries, one XML part
 * of it streamed through expat (namespaces expanded as "URI|local", any
 * DOCTYPE refused, the part's decompressed bytes counted against the
 * limit as they are read), its errors naming the file and the part or
 * sheet, and the rows of a sheet built cell by cell under the limits of
 * struct xlsx_limits (xlsxrow.h).  Include <expat.h> and <zip.h> before
 * common.h in the file that includes this (banned.h must come after every
 * library header). */
#ifndef PCN_XMLZIP_H
#define PCN_XMLZIP_H

#include <expat.h>
#include <stdbool.h>
#include <stddef.h>
#include <zip.h>

#include "arena.h"
#include "buf.h"
#include "err.h"
#include "xlsxrow.h"

/* ---- names with their namespace ----------------------------------------- */

/* Is the expanded name `name` the local name `local` (in namespace ns, or
 * in any namespace when ns is NULL)? */
bool xmlzip_name_is(const char *name, const char *ns, const char *local);
/* The value of attribute local (in ns, or any namespace), or NULL. */
const char *xmlzip_attr(const char **atts, const char *ns, const char *local);

/* ---- one XML part of the zip --------------------------------------------- */

/* The parser's state: the caller sets name, lim, a and m (and sheet inside
 * a sheet), and p from xmlzip_parser; rc is the first failure. */
struct xmlzip_part {
    XML_Parser p;
    const char *name;  /* the file, for messages */
    const char *part;  /* the zip entry          */
    const char *sheet; /* NULL outside a sheet   */
    const struct xlsx_limits *lim;
    struct arena *a;
    struct pcn_msg *m;
    int rc;
};

/* The first failure only: "FILE: sheet 'S', WORDS" (in a sheet) or "FILE:
 * PART: WORDS" in x->m, x->rc set and the parser stopped. */
void xmlzip_fail(struct xmlzip_part *x, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A namespace-aware expat parser with ud as its user data. */
XML_Parser xmlzip_parser(void *ud);
/* Adds text to b, failing x when a cell passes the limit. */
void xmlzip_text_add(struct xmlzip_part *x, struct buf *b, const char *s, size_t n);

struct xmlzip {
    const char *name;
    zip_t *za;
    const struct xlsx_limits *lim;
};

/* Opens the zip in mem (what: "a workbook", for messages): PCN_EINVAL
 * "NAME: not WHAT (...)", or PCN_ELIMIT past lim->entries entries. */
int xmlzip_open(struct xmlzip *z, const char *name, const void *mem, size_t len,
                const struct xlsx_limits *lim, const char *what, struct pcn_msg *m);
void xmlzip_close(struct xmlzip *z);
/* Streams the part into the parser x->p (set up by the caller).  *found
 * false (and 0) when the part is absent and found is not NULL; absent with
 * found NULL: "NAME: not a workbook (it has no PART)". */
int xmlzip_parse(struct xmlzip *z, struct xmlzip_part *x, const char *part, bool *found);

/* ---- rows being built ---------------------------------------------------- */

/* A row's texts are gathered in a scratch buffer and copied into the arena
 * only when the row is kept, so that rows a caller filters out cost
 * nothing. */
struct xmlzip_rows {
    struct xmlzip_part *x;
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

void xmlzip_rows_init(struct xmlzip_rows *r, struct xmlzip_part *x, xlsx_keep_fn keep, void *ctx);
void xmlzip_rows_release(struct xmlzip_rows *r);
/* A new row of that sheet row number. */
void xmlzip_row_begin(struct xmlzip_rows *r, long number);
/* The text of cell col (0-based) of the row; empty cells need no call. */
void xmlzip_row_cell(struct xmlzip_rows *r, size_t col, const char *text, size_t len);
/* Stores the row (if kept); the stored row, or NULL. */
const struct xlsx_row *xmlzip_row_end(struct xmlzip_rows *r);
/* Another copy of a stored row (OpenDocument's repeated rows), sharing its
 * cells. */
void xmlzip_row_again(struct xmlzip_rows *r, const struct xlsx_row *first, long number);

#endif
