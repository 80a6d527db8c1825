/* hist.h: effective-dated history as a list of periods.  Pure code.
 *
 * A history is a value that changes over time: for each date it has one
 * value or none.  It is held as periods [from, to), sorted, not overlapping,
 * with to = DATE_NONE for "open-ended".  Two periods that touch never carry
 * equal values: hist_set merges them.  Values are opaque pointers compared
 * with a caller's function; the history does not own them.
 *
 * The registry loads each publication by setting the value that it shows
 * for the stretch of time from its extract date to the next publication's:
 * hist_set(h, D, next, value) (value NULL when the organisation is absent).
 * Doing so twice changes nothing, and publications may arrive in any order. */
#ifndef PCN_HIST_H
#define PCN_HIST_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"

struct hist_iv {
    date_t from;
    date_t to;       /* exclusive; DATE_NONE = open-ended */
    const void *val; /* never NULL inside a history        */
};

struct hist {
    struct hist_iv *iv;
    size_t n, cap;
};

typedef bool (*hist_eq_fn)(const void *a, const void *b);

void hist_init(struct hist *h);
void hist_release(struct hist *h);
void hist_clear(struct hist *h); /* empties, keeps memory */
/* Appends a period read from the store; they must come sorted by from. */
void hist_push(struct hist *h, date_t from, date_t to, const void *val);
/* Gives [from, to) the value val (NULL: no value).  to may be DATE_NONE. */
void hist_set(struct hist *h, date_t from, date_t to, const void *val, hist_eq_fn eq);
/* The period holding on date t, or NULL. */
const struct hist_iv *hist_at(const struct hist *h, date_t t);
bool hist_equal(const struct hist *a, const struct hist *b, hist_eq_fn eq);
void hist_copy(struct hist *dst, const struct hist *src);

#endif
