/* csv.h: a strict RFC 4180 reader, fed bytes as they arrive, and a writer.
 *
 * Reader
 *   - Accepts: an optional UTF-8 byte order mark at the very start; records
 *     ended by CRLF or LF (the last may have no line end); quoted fields that
 *     hold commas, doubled quotes ("") and line breaks.
 *   - Refuses, with file, line and column: a quote inside an unquoted field,
 *     anything but a comma or line end after a closing quote, a carriage
 *     return not followed by a line feed, a quoted field still open at the
 *     end of the input, a NUL byte, a record whose field count differs from
 *     the first record's, and anything past the limits (field bytes,
 *     columns, rows) in limits.h.
 *   - Calls fn once per record.  The record and its fields are valid only
 *     during the call; each field is also NUL-terminated.  A non-zero return
 *     from fn stops the reader and is returned by csv_feed/csv_finish.
 *   - Lines are physical lines (a quoted line break starts a new one), from
 *     1; columns are bytes within the line, from 1.
 *
 * Writer (csv_add_*): quotes a field only when it holds a comma, quote, CR
 * or LF; prefixes ' to a field that starts with = + - @ TAB or CR so that a
 * spreadsheet cannot read it as a formula (OWASP); ends rows with CRLF. */
#ifndef PCN_CSV_H
#define PCN_CSV_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "err.h"

struct buf;

struct csv_field {
    const char *p; /* NUL-terminated */
    size_t len;
};

struct csv_record {
    size_t nfields;
    const struct csv_field *f;
    long line;  /* physical line on which the record starts */
    long index; /* 0 for the first record (a header, if the file has one) */
};

struct csv_reader;
typedef int (*csv_record_fn)(void *ctx, const struct csv_record *rec, struct pcn_msg *m);

struct csv_reader {
    /* configuration, set by csv_init; may be changed before the first feed */
    const char *file; /* name used in messages                   */
    csv_record_fn fn;
    void *ctx;
    size_t max_field;   /* LIMIT_CSV_FIELD_BYTES                   */
    size_t max_columns; /* LIMIT_CSV_COLUMNS                       */
    long max_rows;      /* LIMIT_CSV_ROWS                          */
    bool same_width;    /* every record as wide as the first       */
    bool utf8;          /* every field must be valid UTF-8         */

    /* state (private) */
    int state;
    bool started;               /* first byte seen (BOM check done)        */
    int bom_seen;               /* BOM bytes matched so far                */
    long line, col;             /* position of the next byte               */
    long rec_line;              /* line where the current record started   */
    long field_line, field_col; /* where the current field started         */
    long nrecords;
    size_t width; /* field count of the first record         */
    char *rb;     /* current record's field bytes            */
    size_t rb_len, rb_cap;
    size_t field_start; /* offset in rb of the current field       */
    size_t *offs;       /* start offset of each finished field     */
    struct csv_field *fields;
    size_t nfields;
    int failed; /* a sticky error code                     */
};

void csv_init(struct csv_reader *r, const char *file, csv_record_fn fn, void *ctx);
void csv_release(struct csv_reader *r);
/* Feeds n bytes.  0, the callback's error, or PCN_EINVAL / PCN_ELIMIT with
 * the message set.  After an error every later call returns it again. */
int csv_feed(struct csv_reader *r, const char *data, size_t n, struct pcn_msg *m);
/* Ends the input: delivers a last record without a line end, or reports an
 * open quoted field. */
int csv_finish(struct csv_reader *r, struct pcn_msg *m);
/* Records delivered so far. */
static inline long csv_records(const struct csv_reader *r)
{
    return r->nrecords;
}

/* Maps header names to column indexes.  Names are compared ignoring case,
 * surrounding spaces and inner runs of white space (ePCN headers hold line
 * breaks).  A column may list aliases separated by '|': "CCG_CODE|SUB_ICB_LOCATION_CODE".
 * idx is set to -1 for an absent optional column. */
struct csv_col {
    const char *names; /* "NAME" or "NAME|ALIAS|..." */
    bool required;
    int idx; /* out */
};
/* 0, or PCN_EINVAL naming the first missing required column, or a column
 * that appears twice. */
int csv_map_header(const struct csv_record *hdr, struct csv_col *cols, size_t n, const char *file,
                   struct pcn_msg *m);
/* csv_map_header for columns that are all required, named by names[k]:
 * fills cols[k] first.  For the importers' headers. */
int csv_map_names(const struct csv_record *hdr, const char *const *names, struct csv_col *cols,
                  size_t n, const char *file, struct pcn_msg *m);
/* True if the header cell equals name under the rules above. */
bool csv_header_eq(const char *cell, size_t len, const char *name);
/* Which of names[0..n) the header cell names (csv_header_eq; the last when
 * several do), or -1. */
int csv_header_index(const struct csv_field *cell, const char *const *names, int n);
/* The message for a problem on a line of a file, in a: "FILE:LINE: field
 * COL: WORDS", or "FILE:LINE: WORDS" when col is NULL, WORDS from fmt (at
 * most LIMIT_MSG_BYTES of them).  How the rules files name a problem. */
const char *csv_line_vmsg(struct arena *a, const char *file, long line, const char *col,
                          const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));

/* Writer */
int csv_add_field(struct buf *b, const char *s, size_t len);
/* A number we formatted ourselves ("-3.20", "1234"): written as is, without
 * the formula prefix that a leading '-' would otherwise get.  Anything that
 * is not [-]digits[.digits] is written as csv_add_field would. */
int csv_add_number(struct buf *b, const char *s, size_t len);
int csv_add_fields(struct buf *b, size_t n, const char *const *fields); /* one row */
int csv_add_sep(struct buf *b);                                         /* "," */
int csv_add_eol(struct buf *b);                                         /* "\r\n" */
int csv_add_bom(struct buf *b); /* UTF-8 BOM, for files meant for Excel */

#endif
