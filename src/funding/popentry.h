/* popentry.h: a PCN's practice populations entered by hand, for one date,
 * as one change.
 *
 * NHS England publishes weighted and adjusted populations at 1 January
 * (fy_is_base_date, date.h); where a PCN has figures before the publication
 * reaches PCN Ops, its manager enters them on the funding inputs page.
 * popentry_write sets every practice's figures in one transaction with one
 * audit entry listing what changed, before and after, so a failure leaves
 * every figure as it was and the log never tells of a change not made.
 * Its own transaction, or the caller's when one is open (audit.h). */
#ifndef PCN_POPENTRY_H
#define PCN_POPENTRY_H

#include <stddef.h>
#include <stdint.h>

#include "audit.h"
#include "date.h"
#include "err.h"

struct db;

/* One practice's figures, in hundredths of a person; -1: not given. */
struct popentry_row {
    const char *practice;
    int64_t weighted_h, adjusted_h;
};

/* Sets the rows' populations on date on (a base date: PCN_EINVAL
 * otherwise), each with source (words for the record, such as "entered on
 * the web by ..."), skipping a row with neither figure.  The note (who,
 * where, the action, the PCN) is written once, inside the transaction,
 * with {"changes": [{"practice", "before", "after"}]} merged into its
 * detail, where before and after are {"weighted_hundredths",
 * "adjusted_hundredths"} (null for a figure not known; before null for a
 * practice without figures); rows whose figures are already held are left
 * out, and when nothing changes no entry is written.  0, or the first
 * row's error (funding_set_population) with nothing written. */
int popentry_write(struct db *db, date_t on, const struct popentry_row *rows, size_t n,
                   const char *source, const struct audit_entry *note, struct pcn_msg *m);

#endif
