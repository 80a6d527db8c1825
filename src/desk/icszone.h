/* icszone.h: the time zones of an iCalendar file being read (ics.h): the
 * file's own VTIMEZONE blocks, built with libical when first used, and the
 * system's tz database, and a time as written (icsline.h) turned into
 * libical's, its zone looked up.  Include <libical/ical.h> before
 * common.h in the file that includes this (banned.h must come after every
 * library header); libical's zone state is the process's: callers hold
 * ics.c's lock.
 *
 * A TZID is, in this order: the file's VTIMEZONE of that name (its RRULEs
 * must be YEARLY ones that happen, icsrule.h, and it must have a STANDARD
 * or DAYLIGHT part), the tz database's zone of that name (Europe/London;
 * the names of UTC, icsline_is_utc, are UTC), the zone of a Windows name
 * as Outlook writes them ("GMT Standard Time": the table is in icszone.c,
 * from the Unicode CLDR's windowsZones), or, for a globally unique TZID
 * starting with "/", the tz database name it ends with.  An unknown zone
 * is an error naming the line. */
#ifndef PCN_ICSZONE_H
#define PCN_ICSZONE_H

#include <libical/ical.h>
#include <stdbool.h>
#include <stdint.h>

#include "icsline.h"

#define ICSZONE_MAX 64 /* VTIMEZONE blocks in a file, and zones remembered */

/* A VTIMEZONE block of the file, as the reader found it. */
struct icszone_vtz {
    long line;
    const char *tzid;   /* NULL until its TZID line */
    const char *text;   /* BEGIN:VTIMEZONE to END:VTIMEZONE, NUL-ended */
    const char *from;   /* where its text starts in the file */
    icaltimezone *zone; /* built when first used */
    bool tried;
};

struct icszone_cached {
    const char *tzid;
    icaltimezone *zone;
};

/* The zones of one file: tz[0..ntz) filled by the reader, the rest by the
 * functions below; floating is the zone floating times are read in (the
 * caller sets it).  Zeroed to begin; icszone_free at the end. */
struct icszone_set {
    struct icszone_vtz tz[ICSZONE_MAX];
    size_t ntz;
    struct icszone_cached zc[ICSZONE_MAX];
    size_t nzc;
    icaltimezone *floating;
};

/* The tz database's zone of that name (UTC for the names of UTC), or NULL. */
icaltimezone *icszone_builtin(const char *name);
/* The file's VTIMEZONE called tzid, built on first use: *z NULL when the
 * file has none; an error when it cannot be read as a zone. */
int icszone_file(struct icsline_reader *r, struct icszone_set *s, const char *tzid,
                 icaltimezone **z);
/* The zone w's TZID names (above), remembered in s. */
int icszone_for(struct icsline_reader *r, struct icszone_set *s, const struct icsline_when *w,
                icaltimezone **z);
/* w as libical's time, its zone looked up; a floating time (or a date) is
 * in zone floating (icszone_to_ical: s->floating). */
int icszone_to_ical_in(struct icsline_reader *r, struct icszone_set *s,
                       const struct icsline_when *w, const icaltimezone *floating,
                       struct icaltimetype *t);
int icszone_to_ical(struct icsline_reader *r, struct icszone_set *s, const struct icsline_when *w,
                    struct icaltimetype *t);
/* t in UTC seconds since 1970. */
int64_t icszone_secs(struct icaltimetype t);
/* Frees the zones built from the file's blocks. */
void icszone_free(struct icszone_set *s);

#endif
