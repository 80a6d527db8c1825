/* ics.h: a strict reader of iCalendar files (RFC 5545), for pre-filling the
 * clinical director's time log from a calendar export, with each repeating
 * meeting expanded into its occurrences in the dates asked for.
 *
 * The reading is ours and strict: every problem is "FILE:LINE: words".
 * Repetition and time zones are libical's (Debian's libical, the library
 * calendar clients such as Evolution build on): its recurrence iterator
 * and its zones, built from the file's VTIMEZONE blocks or read from the
 * system's tz database.  No clock is read.  libical's state is shared by
 * the process, so one calendar is expanded at a time (a lock).  The lines
 * and values are read by icsline.h, the zones found by icszone.h, a repeat
 * rule checked by icsrule.h; this module reads the components and expands
 * the events.
 *
 * Reads:
 *   - lines ended by CRLF (or LF alone), an optional UTF-8 byte order mark;
 *     long lines unfolded (a line starting with a space or tab continues
 *     the one before);
 *   - content lines NAME;PARAM=VALUE,...:VALUE with quoted parameter
 *     values, and BEGIN/END components properly nested, inside VCALENDAR;
 *   - in each VEVENT: DTSTART (required), DTEND or DURATION (not both),
 *     SUMMARY (text escapes \\ \; \, \n), UID, STATUS, RRULE (up to
 *     LIMIT_ICS_RRULES), RDATE (date-times, dates or periods, lists allowed),
 *     EXDATE (lists allowed) and RECURRENCE-ID.  Other properties and
 *     components (VALARM, VTODO...) are checked for form and otherwise
 *     ignored.
 *   - times as DATE (VALUE=DATE:20261123) or DATE-TIME: in UTC
 *     (20261123T090000Z, or TZID=UTC), with a TZID, or floating.  A TZID is
 *     the file's own VTIMEZONE of that name, else the tz database's zone of
 *     that name (Europe/London), else the zone of a Windows name as Outlook
 *     writes them ("GMT Standard Time", "W. Europe Standard Time"; the table
 *     is in icszone.c), else, for a globally unique TZID starting with "/", the
 *     tz database name it ends with ("/mozilla.org/20070129_1/America/
 *     New_York").  An unknown zone is an error: the times would be wrong.
 *     Floating times are in the calendar's X-WR-TIMEZONE if it names a zone,
 *     else Europe/London.
 *
 * Repetition (RFC 5545 3.8.5): the occurrences of an event are its DTSTART,
 * those of each RRULE (FREQ DAILY, WEEKLY, MONTHLY, YEARLY and HOURLY;
 * INTERVAL, COUNT, UNTIL, BYDAY with ordinals, BYMONTHDAY, BYMONTH, BYYEARDAY,
 * BYWEEKNO, BYSETPOS, WKST: libical), and each RDATE, less each EXDATE and
 * each instance a VEVENT of the same UID with RECURRENCE-ID replaces (moved:
 * that VEVENT is its own event; cancelled: STATUS:CANCELLED).  Rules repeat
 * in the event's own zone's wall-clock time, so a 09:00 London meeting stays
 * at 09:00 across summer time.  UNTIL is compared in UTC (a DATE: the end of
 * that day in the event's zone).  FREQ=SECONDLY and MINUTELY are refused, and
 * so are MONTHLY and YEARLY rules that never happen (BYDAY=6TU, BYMONTH=2;
 * BYMONTHDAY=30), which libical would look for up to the year 20000; a
 * VTIMEZONE's rules must be YEARLY ones that happen.
 *
 * The window: only occurrences starting on a London date in [from, to]
 * come out (all-day ones: their date).  Each comes out with its London
 * date, start and length in minutes, in date and time order.
 * Left out, each with one warning per event and reason saying how many
 * occurrences: all-day events (no time to log), events of no length or
 * longer than 24 hours, and cancelled ones.  `skipped` is the sum of those
 * numbers, so a preview's count and its list of reasons agree.
 *
 * Errors: the first problem stops the reader; the message is
 * "FILE:LINE: words", LINE the physical line where the content line (or
 * the VEVENT) starts.  Limits (limits.h): LIMIT_ICS_BYTES in all,
 * LIMIT_ICS_LINE_BYTES per unfolded line, LIMIT_ICS_EVENTS events in the
 * file and occurrences in the window, LIMIT_ICS_DEPTH nested components,
 * LIMIT_ICS_STEPS steps of the recurrence iterators (so that no rule can
 * keep the reader busy for long). */
#ifndef PCN_ICS_H
#define PCN_ICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "date.h"
#include "err.h"

#define ICS_TITLE_MAX 200 /* longer summaries are cut (UTF-8 safe) */

struct ics_event {
    long line;           /* of BEGIN:VEVENT */
    const char *uid;     /* "" when absent */
    const char *summary; /* "" when absent; one line */
    date_t date;         /* London date of the start */
    int start_minute;    /* minutes after London midnight */
    int64_t minutes;     /* length, rounded to the minute */
    bool recurring;      /* one occurrence of a repeating event */
    bool moved;          /* an instance moved (it has RECURRENCE-ID) */
};

struct ics_result {
    struct ics_event *events; /* in date and start order */
    size_t nevents;
    long skipped; /* occurrences left out (the warnings say why) */
    long nwarnings;
    const char *warnings[LIMIT_WARNINGS_KEPT];
};

/* Parses data[0..len) of the file called name, and gives the occurrences
 * starting on London dates from..to (both included; two dates, in order).
 * Everything lives in a.  0, or PCN_EINVAL / PCN_ELIMIT with "FILE:LINE:
 * ..." in m (PCN_EIO if the system has no tz database). */
int ics_parse(const char *name, const char *data, size_t len, date_t from, date_t to,
              struct arena *a, struct ics_result *out, struct pcn_msg *m);

/* Europe/London: minutes since 1970 in UTC of a London wall-clock time, and
 * back.  In the October hour that happens twice the first (summer) one is
 * taken; a March time that does not exist is read as winter time. */
int64_t ics_london_to_utc(int64_t local_minutes);
int64_t ics_utc_to_london(int64_t utc_minutes);

#endif
