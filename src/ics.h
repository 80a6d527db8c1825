/* ics.h: a strict reader of iCalendar files (RFC 5545), for pre-filling the
 * clinical director's time log from a calendar export.  Pure: bytes in,
 * events out, no clock, no time zone database (Europe/London's rules are
 * written here: summer time from 01:00 UTC on the last Sunday of March to
 * 01:00 UTC on the last Sunday of October).
 *
 * Reads:
 *   - lines ended by CRLF (or LF alone), an optional UTF-8 byte order mark;
 *     long lines unfolded (a line starting with a space or tab continues
 *     the one before);
 *   - content lines NAME;PARAM=VALUE,...:VALUE with quoted parameter
 *     values, and BEGIN/END components properly nested, inside VCALENDAR;
 *   - in each VEVENT: DTSTART (required), DTEND or DURATION (not both),
 *     SUMMARY (text escapes \\ \; \, \n), UID, STATUS, RRULE.  Other
 *     properties and components (VTIMEZONE, VALARM, VTODO...) are checked
 *     for form and otherwise ignored.
 *   - DTSTART/DTEND as DATE (VALUE=DATE:20261123) or DATE-TIME: in UTC
 *     (20261123T090000Z), with TZID=Europe/London (or its Windows name "GMT
 *     Standard Time", or UTC), or floating (read as London time).  Any
 *     other TZID is refused: the times would be wrong.
 *
 * Each event comes out with its London date, start and length in minutes.
 * Left out, each with a warning: all-day events (no time to log), events
 * of no length or longer than 24 hours, and cancelled ones.  A repeating
 * event (RRULE) gives its first occurrence only, with a warning.
 *
 * Errors: the first problem stops the reader; the message is
 * "FILE:LINE: words", LINE the physical line where the content line (or
 * the VEVENT) starts.  Limits (limits.h): LIMIT_ICS_BYTES in all,
 * LIMIT_ICS_LINE_BYTES per unfolded line, LIMIT_ICS_EVENTS events,
 * LIMIT_ICS_DEPTH nested components. */
#ifndef PCN_ICS_H
#define PCN_ICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "date.h"
#include "err.h"

#define ICS_TITLE_MAX 200          /* longer summaries are cut (UTF-8 safe) */

struct ics_event {
    long line;                     /* of BEGIN:VEVENT */
    const char *uid;               /* "" when absent */
    const char *summary;           /* "" when absent; one line */
    date_t date;                   /* London date of the start */
    int start_minute;              /* minutes after London midnight */
    int64_t minutes;               /* length, rounded to the minute */
    bool recurring;                /* had an RRULE: first occurrence only */
};

struct ics_result {
    struct ics_event *events;      /* in file order */
    size_t nevents;
    long skipped;                  /* events left out (see warnings) */
    long nwarnings;
    const char *warnings[LIMIT_WARNINGS_KEPT];
};

/* Parses data[0..len) of the file called name.  Everything lives in a.
 * 0, or PCN_EINVAL / PCN_ELIMIT with "FILE:LINE: ..." in m. */
int ics_parse(const char *name, const char *data, size_t len, struct arena *a,
              struct ics_result *out, struct pcn_msg *m);

/* Europe/London: minutes since 1970 in UTC of a London wall-clock time, and
 * back.  In the October hour that happens twice the first (summer) one is
 * taken; a March time that does not exist is read as winter time. */
int64_t ics_london_to_utc(int64_t local_minutes);
int64_t ics_utc_to_london(int64_t utc_minutes);

#endif
