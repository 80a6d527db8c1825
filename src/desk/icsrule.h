/* icsrule.h: the checks on an iCalendar repeat rule (RFC 5545 3.3.10,
 * RRULE) made before libical is given it (ics.h), pure: no clock, no I/O.
 * Include <libical/ical.h> before common.h in the file that includes this
 * (banned.h must come after every library header).
 *
 * icsrule_ok is the recur grammar: NAME=VALUE parts separated by ';', known
 * names (FREQ UNTIL COUNT INTERVAL BYSECOND BYMINUTE BYHOUR BYDAY BYMONTHDAY
 * BYYEARDAY BYWEEKNO BYMONTH BYSETPOS WKST), FREQ once, COUNT and INTERVAL
 * whole numbers of up to 6 digits, values of A-Z 0-9 , - + and space
 * (libical's parser leaks its copy of a rule it refuses).
 *
 * icsrule_impossible: whether a MONTHLY or YEARLY rule can never give an
 * occurrence.  libical looks for the first one month by month (or year by
 * year) up to the year 20000, inside icalrecur_iterator_new, where
 * LIMIT_ICS_STEPS cannot stop it: for a rule that matches nothing that is
 * seconds of work for one line of a file.  So these are refused first,
 * looking at each possible month length (28 to 31 days, of the BYMONTH
 * months if given): a BYDAY ordinal past the fifth in a month (6TU), month
 * days no month has (BYMONTH=2;BYMONTHDAY=30), month days none of the
 * BYDAY ordinals can fall on (BYMONTHDAY=31;BYDAY=2MO), and a monthly
 * BYSETPOS past the number of days the month's set can hold
 * (BYDAY=MO;BYSETPOS=6).  NULL, or the reason in words. */
#ifndef PCN_ICSRULE_H
#define PCN_ICSRULE_H

#include <libical/ical.h>
#include <stdbool.h>

bool icsrule_ok(const char *rule);
const char *icsrule_impossible(const struct icalrecurrencetype *rule);
/* "SECONDLY" and "MINUTELY" (the frequencies refused), else "". */
const char *icsrule_freq_name(icalrecurrencetype_frequency f);

#endif
