/* icscal.h: the components of an iCalendar file read (ics.h is the manual
 * of the reader; icsline.h reads its lines and values): BEGIN and END
 * properly nested inside VCALENDAR, each VEVENT's properties checked and
 * kept, each VTIMEZONE's text kept for icszone.h, and the calendar's
 * X-WR-TIMEZONE.  The first problem stops it: "FILE:LINE: words". */
#ifndef PCN_ICSCAL_H
#define PCN_ICSCAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "icsline.h"
#include "icszone.h"

/* The lines of one repeated property, in file order. */
struct icscal_plist {
    struct icsline_prop *v;
    size_t n, cap;
};

/* A VEVENT as read: its properties, checked (icscal_read), and the times
 * worked out from them. */
struct icscal_event {
    long line;
    struct icsline_prop dtstart, dtend, duration, recurid;
    bool has_start, has_end, has_duration, has_recurid, cancelled;
    const char *summary, *uid;
    struct icscal_plist rrule, rdate, exdate;
    /* worked out after reading */
    struct icsline_when start, end, rid;
    int64_t len; /* seconds */
};

/* Everything read from a file: its events and its zones. */
struct icscal {
    struct icscal_event *ev;
    size_t nev, evcap;
    struct icszone_set zones;
    const char *wr_timezone; /* X-WR-TIMEZONE of the calendar, for floating times */
};

/* Reads the whole file of r into c (zeroed by the caller): 0, or the first
 * problem (PCN_EINVAL, or PCN_ELIMIT past LIMIT_ICS_EVENTS events or
 * LIMIT_ICS_DEPTH nested components). */
int icscal_read(struct icsline_reader *r, struct icscal *c);

#endif
