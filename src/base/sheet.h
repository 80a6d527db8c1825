/* sheet.h: tables for download, written as CSV or XLSX.
 *
 * A sheet is a title row and rows of typed cells.  Both writers follow
 * nhs-ui.md §7.7:
 *   CSV   RFC 4180, CRLF, UTF-8 with a byte order mark (so Excel shows £);
 *         money as plain numbers with 2 decimals ("1234.56"), dates ISO;
 *         text starting = + - @ TAB or CR neutralised with a leading '.
 *   XLSX  one worksheet per sheet (libxlsxwriter 1.1.4); real numbers
 *         (money formatted £#,##0.00), real dates shown dd/mm/yyyy; text
 *         cells are never formulas.  1.1.4 cannot write to memory, so the
 *         workbook goes to a file (mkstemp in a private directory for the
 *         web: sheet_xlsx_bytes).
 * Cells are copied into the arena the sheet was set up with. */
#ifndef PCN_SHEET_H
#define PCN_SHEET_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "date.h"
#include "err.h"

enum sheet_type {
    SH_TEXT,
    SH_PENCE, /* money: the value is pence                        */
    SH_INT,   /* a whole number                                    */
    SH_DATE,  /* a date_t; DATE_NONE is an empty cell              */
    SH_WTE,   /* ten-thousandths, shown with up to 4 decimals      */
};

struct sheet_col {
    const char *title;
    enum sheet_type type;
};

struct sheet_cell {
    bool empty;
    const char *text;
    int64_t v;
};

struct sheet {
    const char *name; /* the worksheet's name (31 characters at most) */
    const struct sheet_col *cols;
    size_t ncols;
    struct sheet_cell *cells; /* nrows * ncols */
    size_t nrows, cap;
    size_t col; /* the next cell of the current row */
    struct arena *a;
};

void sheet_init(struct sheet *s, struct arena *a, const char *name, const struct sheet_col *cols,
                size_t ncols);
/* Starts a row; then one call per column, in order. */
void sheet_row(struct sheet *s);
void sheet_text(struct sheet *s, const char *text); /* NULL: empty */
void sheet_num(struct sheet *s, int64_t v);         /* pence, int, date or WTE */
void sheet_empty(struct sheet *s);

int sheet_write_csv(const struct sheet *s, struct buf *out);
/* Writes sheets[0..n) to path.  0 or PCN_EIO with the reason. */
int sheet_write_xlsx(const struct sheet *sheets, size_t n, const char *path, struct pcn_msg *m);
/* The same as bytes (malloc'd, the caller frees), through a temporary file
 * in a private directory that is removed afterwards. */
int sheet_xlsx_bytes(const struct sheet *sheets, size_t n, char **data, size_t *len,
                     struct pcn_msg *m);

#endif
