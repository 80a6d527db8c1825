/* rulecsv.h: what every reader of a rules CSV file says the same way (the
 * national rules, rules.h; the desk's own rules files, deskrules.h): the
 * words of a problem, "FILE:LINE: field COL: words", and the header mapped
 * to the file's columns, each column unknown, repeated or missing named.
 * Pure: no I/O; the reader keeps its own list of problems. */
#ifndef PCN_RULECSV_H
#define PCN_RULECSV_H

#include <stdarg.h>
#include <stdbool.h>

#include "arena.h"
#include "csv.h"

/* "FILE:LINE: field COL: words", or "FILE:LINE: words" when col is NULL,
 * the words made from fmt and ap; in a. */
const char *rulecsv_vproblem(struct arena *a, const char *file, long line, const char *col,
                             const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));

/* One problem of the header, its words ready: the reader adds it to its
 * list (as "FILE:LINE: words"). */
typedef void rulecsv_header_fn(void *ctx, const char *words);

/* Maps the header record to the file's ncols columns (cols, in the file's
 * order of the specification): idx[i] is the field of cols[i], -1 when
 * missing.  Each field that names no column ("unknown column 'X'", with
 * " (the header is a,b,c)" after it when list_header), each column named
 * twice and each column missing goes to problem, in that order of the
 * fields then of the columns.  true when there was none. */
bool rulecsv_header(const struct csv_record *rec, const char *const *cols, int ncols, int *idx,
                    bool list_header, rulecsv_header_fn *problem, void *ctx);

#endif
