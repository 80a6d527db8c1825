/* table.h: plain-text tables for the command line.
 *
 * Cells are copied; widths are measured in UTF-8 code points; numeric
 * columns are right-aligned.  Memory is owned by the table until
 * table_release. */
#ifndef PCN_TABLE_H
#define PCN_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define TABLE_MAX_COLS 12

struct table {
    size_t ncols;
    const char *head[TABLE_MAX_COLS];
    bool right[TABLE_MAX_COLS];
    char **cells; /* rows * ncols */
    size_t nrows, cap;
};

/* Sets up columns from a spec such as "Code,Name,>Registered patients":
 * a leading '>' right-aligns the column. */
void table_init(struct table *t, const char *spec);
void table_release(struct table *t);
/* Adds a row of ncols cells (NULL prints as empty). */
void table_row(struct table *t, const char *const *cells);
void table_print(const struct table *t, FILE *out);

#endif
