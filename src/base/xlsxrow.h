/* xlsxrow.h: a sheet's rows as text, whatever file they came from (xlsx.h,
 * which includes this, reads XLSX and OpenDocument): the rows, the limits
 * on reading them, the same rows from a CSV file, and the words for where
 * a cell is, for importers that read a sheet or its CSV alike. */
#ifndef PCN_XLSXROW_H
#define PCN_XLSXROW_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "err.h"

struct xlsx_limits {
    size_t entries;     /* zip entries                                  */
    size_t part_bytes;  /* one part (XML file) decompressed             */
    size_t strings;     /* shared strings                               */
    size_t rows;        /* rows stored                                  */
    size_t cells;       /* columns in a row                             */
    size_t cell_bytes;  /* one cell's text                              */
    size_t total_cells; /* cells of all the rows stored                 */
    size_t total_bytes; /* text of all the rows stored                  */
};

/* The limits used when NULL is passed: 10,000 entries, 64 MiB a part,
 * 1,000,000 strings, 200,000 rows, 256 cells a row, 32 KiB a cell,
 * 8,000,000 cells and 256 MiB of text in all. */
extern const struct xlsx_limits xlsx_default_limits;

struct xlsx_row {
    long number; /* the sheet's row number, 1-based */
    size_t ncells;
    const char **cells; /* ncells texts, "" where empty    */
};

struct xlsx_sheet {
    struct xlsx_row *rows; /* in sheet order, empty rows left out */
    size_t nrows;
};

/* A filter on the rows read (xlsx_read_rows): keep(ctx, row) says whether
 * to store the row, whose cells are valid only during the call. */
typedef bool (*xlsx_keep_fn)(void *ctx, const struct xlsx_row *row);

/* Does the memory start like a zip file ("PK\3\4")? */
bool xlsx_is_zip(const void *mem, size_t len);

/* "A1", "AB12": the cell of column col (0-based) in row (1-based). */
const char *xlsx_cell_name(struct arena *a, size_t col, long row);

/* Reads a whole file (or copies memory) into *out (malloc'd, the caller
 * frees), gunzipped when gzip (infile.h), at most max bytes. */
int xlsx_slurp(const char *path, const char *name, const void *mem, size_t len, size_t max,
               char **out, size_t *outlen, struct pcn_msg *m);

/* The same rows from a CSV file in memory (csv.h; RFC 4180, a byte order
 * mark skipped): each row's number is its line, every field kept, even
 * empty ones; the smaller of lim's limits and csv.h's own (4,096 bytes a
 * field, 64 fields) apply.  For importers that read a sheet or its CSV
 * alike. */
int xlsx_csv_rows(const char *name, const void *mem, size_t len, const struct xlsx_limits *lim,
                  struct arena *a, struct xlsx_sheet *out, struct pcn_msg *m);

/* A header cell equals name, whatever its case and however its words are
 * spaced or broken over lines ("Practice to PCN\nRelationship\nStart Date"). */
bool xlsx_header_eq(const char *cell, const char *name);

/* Where a cell is, for messages: "FILE: sheet 'S', cell C7" when sheet is
 * not NULL, else "FILE:7" (a CSV line). */
const char *xlsx_where(struct arena *a, const char *file, const char *sheet, size_t col, long row);

/* For importers that read a sheet (or its CSV) cell by cell: where they
 * read, for their messages. */
struct xlsx_place {
    const char *file, *sheet; /* sheet NULL: a CSV */
    struct arena *a;          /* the messages' text */
    struct pcn_msg *m;
};
/* Sets "WHERE: field FIELD: ..." in p->m, WHERE as xlsx_where says it;
 * returns PCN_EINVAL. */
int xlsx_cell_error(const struct xlsx_place *p, size_t col, long row, const char *field,
                    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* The text of a row's cell col with the spaces and tabs at either end left
 * out, in a; "" for a column the row does not reach or col < 0. */
const char *xlsx_cell_text(struct arena *a, const struct xlsx_row *r, int col);
/* Finds n columns by the header row h (xlsx_header_eq): col[k] the index
 * of names[k], -1 where absent.  A column there twice is an error at its
 * cell (xlsx_cell_error); a column absent where need[k] is
 * "MISSING_AT: no column 'NAME' in the header".  0 or PCN_EINVAL. */
int xlsx_map_header(const struct xlsx_place *p, const struct xlsx_row *h, const char *const *names,
                    const bool *need, size_t n, int *col, const char *missing_at);
#endif
