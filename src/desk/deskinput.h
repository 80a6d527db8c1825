/* deskinput.h: what a person gives the clinical director's desk (desk.h,
 * which includes this) and the desk's words back: hours and percentages as
 * people write them, the dates the desk accepts, text fields checked, and
 * the errors for people that every desk check adds to.  Pure: no I/O, no
 * clock (today is passed in).
 *
 * Errors: validators add "field: words for a person" to a struct desk_errs
 * and never stop at the first problem, so a form can show them all; one
 * message per field, the first problem found. */
#ifndef PCN_DESKINPUT_H
#define PCN_DESKINPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "err.h"

struct buf;

/* ---- limits ------------------------------------------------------------- */

#define DESK_DAY_MINUTES 1440     /* one activity, and one day's total */
#define DESK_TEXT_MAX 2000        /* free text fields, bytes          */
#define DESK_NAME_MAX 200         /* names, titles, organisations     */
#define DESK_PERIOD_DAYS_MAX 3700 /* a summary or report: ~10 years   */

/* As FORM_ERRS_MAX (form.h): a calendar import's every event can be wrong. */
#define DESK_ERRS_MAX 64

/* The first date the desk accepts: the PCN DES began on 1 July 2019. */
date_t desk_date_min(void);
/* The last: a year after today (planned meetings from a calendar). */
date_t desk_date_max(date_t today);

/* ---- errors for people -------------------------------------------------- */

struct desk_err {
    const char *field; /* the form field / CLI option: "date", "hours" */
    char text[240];
};

struct desk_errs {
    size_t n;
    struct desk_err e[DESK_ERRS_MAX];
};

void desk_errs_add(struct desk_errs *e, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The message of the field, or NULL. */
const char *desk_errs_get(const struct desk_errs *e, const char *field);

/* ---- checks ------------------------------------------------------------- */

/* Checks a text field: valid UTF-8, no control characters but tab and line
 * breaks (none at all in a name), at most max bytes; required: not empty
 * after trimming.  Adds "<field>: ..." with the label in the words. */
bool desk_check_text(struct desk_errs *e, const char *field, const char *label, const char *s,
                     size_t max, bool required, bool multiline);
/* A date: in [desk_date_min, desk_date_max(today)]. */
bool desk_check_date(struct desk_errs *e, const char *field, const char *label, date_t d,
                     date_t today);

/* ---- durations ---------------------------------------------------------- */

/* Hours as a person writes them: "1.5", "0.25", "2", "1:30".  A decimal must
 * come to whole minutes (1.33 does not).  0 with *minutes set (which may be
 * 0 or more than a day: desk_check_activity judges), or PCN_EINVAL with
 * the words in m ("Enter the time in hours, like 1.5 or 1:30"); a negative
 * figure is PCN_EINVAL "... must be more than 0". */
int desk_parse_hours(const char *s, int64_t *minutes, struct pcn_msg *m);
/* Whole per cent 0 to 100: "25", "25%". */
int desk_parse_percent(const char *s, int *out);

/* ---- hours for people --------------------------------------------------- */

/* Appenders for people (buf.h): hours with two decimals from mmin ("9.38"),
 * and a duration in words from minutes ("1 hour 30 minutes"). */
int desk_add_hours(struct buf *b, int64_t mmin);
int desk_add_duration(struct buf *b, int64_t minutes);

#endif
