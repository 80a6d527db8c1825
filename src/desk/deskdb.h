/* deskdb.h: the clinical director's desk in the store (src/store/sql/005_desk.sql),
 * through db.h only.
 *
 * Every record belongs to one PCN, and every function takes the PCN: a
 * record of another PCN is PCN_ENOTFOUND, exactly as one that does not
 * exist.  Who may call which function is the caller's business (perm.h:
 * perm_read_desk, perm_write_desk).
 *
 * Writes check their input with the pure rules (desk.h) and with the store
 * (a stakeholder or request must be the PCN's own; a day's time at most 24
 * hours).  Any problem is PCN_EINVAL with every message in a struct
 * desk_errs (field and words for a person), and nothing is written.  A
 * write is one transaction, and inside it one audit log entry (audit.h)
 * with the actor, the action ("desk-time-add", ...), the PCN and a JSON
 * detail {"record", "id", "before", "after"} in deskview.h's JSON.
 *
 * Results live in the arena passed in.
 *
 * How every change here ends (the actor, the audit entry, the commit) is
 * deskchange.h's; the time log and funded time are desktime.h's; both are
 * included here and keep the deskdb_ names, so callers are unchanged. */
#ifndef PCN_DESKDB_H
#define PCN_DESKDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "arena.h"
#include "desk.h"
#include "deskrules.h"
#include "deskchange.h"
#include "desktime.h"
#include "err.h"

struct db;
struct db_stmt;

/* ---- stakeholders and engagement ---------------------------------------- */

int deskdb_stakeholders(struct db *db, const char *pcn, struct arena *a,
                        struct desk_stakeholder **out, size_t *n, struct pcn_msg *m);
int deskdb_stakeholder_get(struct db *db, const char *pcn, int64_t id, struct arena *a,
                           struct desk_stakeholder *out, struct pcn_msg *m);
/* Adds (s->id 0) or changes a stakeholder; *id gets its id. */
int deskdb_save_stakeholder(struct db *db, const struct desk_actor *w, const char *pcn,
                            const struct desk_stakeholder *s, int64_t *id, struct desk_errs *e,
                            struct pcn_msg *m);

/* The log, overdue follow-ups first (desk_engagement_sort). */
int deskdb_engagements(struct db *db, const char *pcn, date_t today, struct arena *a,
                       struct desk_engagement **out, size_t *n, struct pcn_msg *m);
/* Only the follow-ups overdue on today, the longest overdue first. */
int deskdb_overdue(struct db *db, const char *pcn, date_t today, struct arena *a,
                   struct desk_engagement **out, size_t *n, struct pcn_msg *m);
int deskdb_add_engagement(struct db *db, const struct desk_actor *w, const char *pcn,
                          const struct desk_engagement *g, date_t today, int64_t *id,
                          struct desk_errs *e, struct pcn_msg *m);
/* Marks a follow-up done on `on`. */
int deskdb_followup_done(struct db *db, const struct desk_actor *w, const char *pcn, int64_t id,
                         date_t on, struct pcn_msg *m);

/* ---- requests ----------------------------------------------------------- */

/* Newest first. */
int deskdb_requests(struct db *db, const char *pcn, struct arena *a, struct desk_request **out,
                    size_t *n, struct pcn_msg *m);
int deskdb_request_get(struct db *db, const char *pcn, int64_t id, struct arena *a,
                       struct desk_request *out, struct pcn_msg *m);
/* Adds (r->id 0) or changes a request.  The decision's date is the store's
 * business: today when it changes from what was stored (r->decided when
 * given for a new request), kept while it stays the same, none while
 * pending.  Delegation and decline details are cleared for other
 * decisions. */
int deskdb_save_request(struct db *db, const struct desk_actor *w, const char *pcn,
                        const struct desk_request *r, date_t today, int64_t *id,
                        struct desk_errs *e, struct pcn_msg *m);

/* ---- delegation --------------------------------------------------------- */

/* By title, each with its history oldest first. */
int deskdb_responsibilities(struct db *db, const char *pcn, struct arena *a,
                            struct desk_responsibility **out, size_t *n, struct pcn_msg *m);
/* Adds a responsibility: title is the area's label, or for an ARRS clinical
 * lead "Clinical lead: <role_name>", or the PCN's own words. */
int deskdb_add_responsibility(struct db *db, const struct desk_actor *w, const char *pcn,
                              enum desk_area area, const char *role_code, const char *title,
                              int64_t *id, struct desk_errs *e, struct pcn_msg *m);
/* Records who leads it from d->from, and the share the clinical director
 * still holds (a lead is needed below 100%). */
int deskdb_delegate(struct db *db, const struct desk_actor *w, const char *pcn, int64_t resp_id,
                    const struct desk_delegation *d, date_t today, struct desk_errs *e,
                    struct pcn_msg *m);

#endif
