/* icsline.h: the lowest layer of the iCalendar reader (ics.h): a file's
 * lines unfolded, each content line split into its name, parameters and
 * value, and the values ics.c reads (text, dates and date-times,
 * durations), strictly, every problem "FILE:LINE: words" with LINE the
 * physical line where the content line starts.  Knows nothing of events,
 * zones or repetition (ics.c, icszone.h, icsrule.h).
 *
 * Lines end with CRLF or LF alone; a CR alone, a NUL byte, a folded line
 * with nothing before it, an empty line before the end and a line that is
 * not UTF-8 are errors.  An unfolded line is at most LIMIT_ICS_LINE_BYTES
 * (PCN_ELIMIT).  Content lines are NAME;PARAM=VALUE,...:VALUE, names of
 * letters, digits and '-' (kept upper case), parameter values quoted or
 * not (the first of a list kept), at most ICSLINE_MAX_PARAMS parameters,
 * no control character in a value. */
#ifndef PCN_ICSLINE_H
#define PCN_ICSLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "err.h"

#define ICSLINE_MAX_PARAMS 16

/* A file being read: set name, p, end, next_line (1), a and m, and
 * buf_init line with LIMIT_ICS_LINE_BYTES; the rest is the reader's. */
struct icsline_reader {
    const char *name;
    const char *p, *end;
    long next_line;         /* number of the physical line at p */
    struct buf line;        /* the current unfolded line */
    long line_no;           /* where it started */
    const char *line_start; /* its first byte in the file */
    struct arena *a;
    struct pcn_msg *m;
};

struct icsline_param {
    const char *name;  /* upper case */
    const char *value; /* unquoted; the first of a list */
};

struct icsline_prop {
    long line;
    const char *name; /* upper case */
    struct icsline_param params[ICSLINE_MAX_PARAMS];
    size_t nparams;
    const char *value;
};

enum icsline_kind { ICSLINE_DATE, ICSLINE_UTC, ICSLINE_ZONED, ICSLINE_FLOATING };

/* A DATE or DATE-TIME as written, its zone not yet looked up. */
struct icsline_when {
    enum icsline_kind kind;
    int y, mo, d, hh, mi, ss; /* a leap second (60) is read as 59 */
    const char *tzid;         /* ICSLINE_ZONED */
    long line;
    const char *prop; /* the property's name, for messages */
};

/* PCN_EINVAL with "NAME:LINE: words" in r->m. */
int icsline_err(struct icsline_reader *r, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The next unfolded line into r->line (r->line_no, r->line_start say where
 * it began): 1, or 0 at the end, or an error. */
int icsline_next(struct icsline_reader *r);
/* The content line in r->line as a property (its strings in r->a). */
int icsline_read_prop(struct icsline_reader *r, struct icsline_prop *p);
/* The value of parameter name (upper case) of p, or NULL. */
const char *icsline_param(const struct icsline_prop *p, const char *name);
/* p's value as TEXT: \\ \; \, \n \N unescaped, a line break as a space. */
int icsline_unescape(struct icsline_reader *r, const struct icsline_prop *p, const char **out);

/* One value v of property p as a date (VALUE=DATE: 20261123) or date-time
 * (20261123T090000Z; with TZID tz, zoned, or in UTC for the names of UTC;
 * else floating); vt is its VALUE= (NULL: none). */
int icsline_when_text(struct icsline_reader *r, const struct icsline_prop *p, const char *v,
                      const char *vt, const char *tz, struct icsline_when *w);
/* p's own value, VALUE= and TZID=, as icsline_when_text. */
int icsline_when(struct icsline_reader *r, const struct icsline_prop *p, struct icsline_when *w);
/* RFC 5545 dur-value, not negative: P1W, P1D, P1DT2H, PT1H30M, PT90M, PT45S,
 * in seconds.  text is the value, p the property it came from. */
int icsline_duration(struct icsline_reader *r, const struct icsline_prop *p, const char *text,
                     int64_t *sec);

/* Small pieces the reader above shares. */
bool icsline_name_char(char c);                                /* A-Z a-z 0-9 - */
char *icsline_upper(struct arena *a, const char *s, size_t n); /* a copy, upper case */
bool icsline_digits(const char *s, size_t n);                  /* all of s[0..n) 0-9 */
bool icsline_is_utc(const char *tz);                           /* UTC, Etc/UTC, GMT, Etc/GMT, Z */

#endif
