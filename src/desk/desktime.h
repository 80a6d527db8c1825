/* desktime.h: the clinical director's time log and funded time in the
 * store (deskdb.h, which includes this; 005_desk.sql's desk_activity,
 * desk_activity_link and desk_funded_time), each change checked and
 * written with its audit entry in one transaction (deskchange.h). */
#ifndef PCN_DESKTIME_H
#define PCN_DESKTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "desk.h"
#include "deskchange.h"
#include "deskrules.h"
#include "err.h"

/* ---- funded time -------------------------------------------------------- */

/* Everything desk_funded_on needs: the registered patients on `on` (the
 * latest list size on or before it, registry.h), the rules rows (r may be
 * NULL: none) and the PCN's own figures. */
int deskdb_funding(struct db *db, const struct deskrules *r, const char *pcn, date_t on,
                   struct arena *a, struct desk_funding *out, struct pcn_msg *m);
/* The PCN's own figure from `from` on (minutes_per_week < 0: the default
 * again).  Checks: the date in range, 0 to 168 hours, note at most 2,000
 * characters. */
int deskdb_set_funded(struct db *db, const struct desk_actor *w, const char *pcn, date_t from,
                      int64_t minutes_per_week, const char *note, date_t today, struct desk_errs *e,
                      struct pcn_msg *m);

/* ---- time --------------------------------------------------------------- */

/* Activities dated in [from, to] (DATE_NONE: open), oldest first, with
 * their links. */
int deskdb_activities(struct db *db, const char *pcn, date_t from, date_t to, struct arena *a,
                      struct desk_activity **out, size_t *n, struct pcn_msg *m);
int deskdb_activity_get(struct db *db, const char *pcn, int64_t id, struct arena *a,
                        struct desk_activity *out, struct pcn_msg *m);
/* Adds activities, all or none.  Each is checked (desk_check_activity, the
 * day's total with those already logged and those before it in the list,
 * its stakeholders and requests the PCN's own).  Each message of an
 * event starts "Event N" and its field is "ev<N>" (from 1), except as
 * below.  ids (n of them) get the new ids.
 * action: "desk-time-add" (a form: errors name its fields when n == 1) or
 * "desk-time-import" (a calendar: every error names its event, "ev<N>"). */
int deskdb_add_activities(struct db *db, const struct desk_actor *w, const char *pcn,
                          struct desk_activity *acts, size_t n, date_t today, const char *action,
                          struct arena *a, int64_t *ids, struct desk_errs *e, struct pcn_msg *m);
int deskdb_delete_activity(struct db *db, const struct desk_actor *w, const char *pcn, int64_t id,
                           struct pcn_msg *m);

#endif
