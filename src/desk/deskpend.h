/* deskpend.h: a calendar import carried through a form (desk.h, which
 * includes this): the events of a calendar file, between the upload and
 * the clinical director's confirmation, in one hidden form field.  Pure. */
#ifndef PCN_DESKPEND_H
#define PCN_DESKPEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "date.h"

struct buf;

/* The events of a calendar file, between the upload and the confirmation,
 * travel in one hidden form field: "DATE;MINUTES;UID;TITLE|..." with text
 * percent-encoded.  Nothing is stored before the CD confirms. */
struct desk_pending {
    date_t date;
    int64_t minutes;
    const char *uid;
    const char *title;
};
/* Appends the encoding to a buffer. */
int desk_pending_encode(struct buf *b, const struct desk_pending *p, size_t n);
/* At most max events.  0 or PCN_EINVAL. */
int desk_pending_decode(const char *s, struct arena *a, size_t max, struct desk_pending **out,
                        size_t *n);

#endif
