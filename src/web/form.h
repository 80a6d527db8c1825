/* form.h: reading a POSTed form and collecting every mistake in it, for
 * every page's forms (ARRS, funding inputs, the desk, rules, users...).
 *
 * A handler reads each field with a form_read_* function, which adds the
 * field's problem (words for a person that say the allowed range) to one
 * struct form_errs and carries on, so the page shows every error at once:
 *
 *   struct form_errs es;
 *   form_errs_init(&es, c->a);
 *   int64_t beds;
 *   form_read_int(c, &es, "beds", "the number of care home beds", true,
 *                 0, LIMIT_FORM_BEDS_MAX, &beds);
 *   date_t on = form_read_date(c, &es, "on", "the date", true, lo, hi);
 *   ...pure checks add theirs with form_err_add (or form_errs_from_desk)...
 *   if (es.n) { show the form again with status 400; nothing is written }
 *
 * The page frame (ui_begin, with ui_page.errors = &es) writes the NHS error
 * summary above everything, a link to each field (#id; a date input's
 * #id-day) with the field's message, and "Error: " in the title.  Each field
 * component (ui.h) takes form_err(&es, id): its own message or NULL.  Values
 * are always written back from the POST, so nothing typed is lost.
 *
 * One date pattern everywhere: the NHS date input (id-day, id-month,
 * id-year).  Form ranges live in limits.h (LIMIT_FORM_*) or the rules, never
 * as literals in handlers. */
#ifndef PCN_FORM_H
#define PCN_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "date.h"
#include "money.h"
#include "ui.h"
#include "web.h"

#define FORM_ERRS_MAX 64

struct form_errs {
    struct arena *a;
    size_t n;
    /* field id, message and (a date input's) the summary's link to its
     * day, or to the part that is missing; in form order */
    struct ui_error e[FORM_ERRS_MAX];
};

struct desk_errs;

void form_errs_init(struct form_errs *es, struct arena *a);
/* Adds a field's message (the text is copied into es->a).  A second message
 * for a field already in the list is dropped: one message a field. */
void form_err_add(struct form_errs *es, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The same for a date input's field (the summary links to its day). */
void form_err_add_date(struct form_errs *es, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The field's error for a field component, or NULL. */
const struct ui_error *form_err(const struct form_errs *es, const char *field);
/* Where the summary's link for entry i goes: "#id", or a date input's
 * "#id-day" ("#id-month" when the month is what is missing). */
const char *form_err_href(const struct form_errs *es, size_t i);
/* Puts the messages in the order of the fields on the page (ids, NULL
 * ended; fields not named go last, in their order), when a handler reads
 * them in another order or a pure check adds its own after the form's. */
void form_errs_sort(struct form_errs *es, const char *const *ids);
/* The messages of a pure module's list (desk.h): dates are the fields
 * named in `date_fields` (NULL-terminated). */
void form_errs_from_desk(struct form_errs *es, const struct desk_errs *d,
                         const char *const *date_fields);

/* ---- readers --------------------------------------------------------------
 * `what` names the field in the messages, lower case: "the number of care
 * home beds".  Each returns true when *out holds a value; false when the
 * field is empty (an error "Enter ..." when required) or wrong (an error
 * saying the range).  Empty is "" or only spaces. */

/* The text, trimmed of spaces at both ends (NULL when empty); at most
 * max_bytes bytes of valid UTF-8. */
const char *form_read_text(struct ctx *c, struct form_errs *es, const char *id, const char *what,
                           bool required, size_t max_bytes);
/* A whole number from min to max ("1,200" accepted). */
bool form_read_int(struct ctx *c, struct form_errs *es, const char *id, const char *what,
                   bool required, int64_t min, int64_t max, int64_t *out);
/* An amount in pounds and pence ("£52,000.50") from min to max pence. */
bool form_read_money(struct ctx *c, struct form_errs *es, const char *id, const char *what,
                     bool required, pence_t min, pence_t max, pence_t *out);
/* A decimal with at most `decimals` places, as an integer scaled by
 * 10^decimals, from min to max (scaled): WTE 0.01 to 1.0 is
 * (4, 100, 10000).  `example` is shown in the message ("0.6"). */
bool form_read_fixed(struct ctx *c, struct form_errs *es, const char *id, const char *what,
                     bool required, int decimals, int64_t min, int64_t max, const char *example,
                     int64_t *out);
/* A date input id-day, id-month, id-year: a real date from lo to hi
 * (DATE_NONE: no bound).  Returns DATE_NONE when empty or wrong. */
date_t form_read_date(struct ctx *c, struct form_errs *es, const char *id, const char *what,
                      bool required, date_t lo, date_t hi);
/* The same from the query string (a GET form such as a filter). */
date_t form_query_date(struct ctx *c, struct form_errs *es, const char *id, const char *what,
                       date_t lo, date_t hi);
/* One of values[0..n) (a select or radios); NULL when empty or not one. */
const char *form_read_choice(struct ctx *c, struct form_errs *es, const char *id, const char *what,
                             bool required, const char *const *values, size_t n);
/* A checkbox: true only when the form carries the field with `value`
 * (an unticked box sends nothing, so a box starts unticked). */
bool form_read_tick(struct ctx *c, const char *id, const char *value);

/* The dates a form accepts unless the rules say otherwise: from the day
 * the PCN DES began to a year after today (limits.h). */
date_t form_date_lo(void);
date_t form_date_hi(date_t today);

/* A whole number as the messages write it: "10,000" (in a), for hints
 * that say a range. */
const char *form_count(struct arena *a, int64_t v);

/* "What" with its first letter in capitals (in a). */
const char *form_capital(struct arena *a, const char *what);

#endif
