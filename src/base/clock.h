/* clock.h: today's date, the one clock of PCN Ops.
 *
 * Every default year and month (the current financial year, the last
 * complete month) comes from clock_today.  Tests and demonstrations set the
 * day with $PCNOPS_TODAY=YYYY-MM-DD; the command line and the server both
 * honour it.  Without it, the local date of the machine. */
#ifndef PCN_CLOCK_H
#define PCN_CLOCK_H

#include <time.h>

#include "date.h"

#define CLOCK_ENV "PCNOPS_TODAY"

/* Today: $PCNOPS_TODAY if set and not empty, else the local date.  0, or
 * PCN_EINVAL when $PCNOPS_TODAY is not a date (YYYY-MM-DD) or the clock
 * cannot be read. */
int clock_today(date_t *out);
/* The same for a moment the caller already has (a request's arrival time):
 * $PCNOPS_TODAY if set, else the local date of `now`. */
int clock_today_at(time_t now, date_t *out);

#endif
