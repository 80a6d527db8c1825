/* app.h: the state one run of pcnops works with, passed explicitly (no
 * mutable globals).  The clock is injectable: `today` comes from the
 * system unless PCNOPS_TODAY=YYYY-MM-DD is set (tests and demos). */
#ifndef PCN_APP_H
#define PCN_APP_H

#include <stdbool.h>
#include <stdio.h>

#include "date.h"

struct db;

struct app {
    const char *db_path; /* --db, $PCNOPS_DB, or ./pcnops.db */
    struct db *db;       /* opened on first use */
    date_t today;
    FILE *out, *err;
};

/* Today's date in Europe/London, or PCNOPS_TODAY.  0 or PCN_EINVAL. */
int app_today(date_t *out);

#endif
