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
 * Results live in the arena passed in. */
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
#include "err.h"

struct db;
struct db_stmt;

/* Who makes a change, for the audit log. */
struct desk_actor {
    int64_t user_id; /* 0: the command line */
    const char *email, *role, *org, *ip;
    time_t now;
};

/* The command line as an actor, as audit_cli names it: "command line" and
 * the system's $USER. */
void deskdb_actor_cli(struct desk_actor *a, time_t now);

/* Writes an audit entry for the actor (outside a change: an export, a
 * refusal).  detail is consumed. */
int deskdb_audit(struct db *db, const struct desk_actor *w, const char *action, const char *pcn,
                 json_t *detail, struct pcn_msg *m);
/* The same for any target: target_kind ("pcn", a rule layer's scope, ...)
 * and target_code.  deskdb_audit is it with "pcn"; the rule overrides
 * (override.h) audit their changes with it. */
int deskdb_audit_on(struct db *db, const struct desk_actor *w, const char *action,
                    const char *target_kind, const char *target_code, json_t *detail,
                    struct pcn_msg *m);

/* The end of a change, in the transaction its caller began (db_begin or
 * db_begin_cached): when rc is 0, the actor's audit entry for action with
 * the detail {"record", "id", "before", "after"} (audit_change_json) and
 * the commit; otherwise the rollback.  before and after are consumed
 * either way (NULL: a new or removed record).  rc, or the audit's or the
 * commit's error.  The desk, the network and the neighbourhood team all
 * end their changes so. */
int deskdb_finish(struct db *db, const struct desk_actor *w, const char *pcn, int rc,
                  const char *action, const char *record, int64_t id, json_t *before, json_t *after,
                  struct pcn_msg *m);
/* The same with the detail made by the caller (consumed either way). */
int deskdb_finish_detail(struct db *db, const struct desk_actor *w, const char *pcn, int rc,
                         const char *action, json_t *detail, struct pcn_msg *m);
/* Runs a save of a PCN's record whose other parameters, 1 to k - 1, are
 * bound: for a record that exists (*id not 0) an UPDATE ending "WHERE id =
 * ? AND pcn_code = ?" (k, k + 1: the id and the PCN); for a new one an
 * INSERT ... RETURNING id whose last two are the PCN and created_at (the
 * actor's now), its id put in *id. */
int deskdb_run_save(struct db_stmt *st, int k, const struct desk_actor *w, const char *pcn,
                    int64_t *id, struct pcn_msg *m);
/* Marks a PCN's record done on `on`: sql, an "UPDATE ... SET <its date> = ?
 * WHERE id = ? AND pcn_code = ?", run with on, id and pcn in one
 * transaction with its audit entry (deskdb_finish; before and after
 * consumed). */
int deskdb_mark_done(struct db *db, const struct desk_actor *w, const char *pcn, const char *sql,
                     int64_t id, date_t on, const char *action, const char *record, json_t *before,
                     json_t *after, struct pcn_msg *m);

/* 0 when e holds no problem; else PCN_EINVAL with its first message in m
 * (how every write here refuses what it was given). */
int deskdb_refuse(const struct desk_errs *e, struct pcn_msg *m);
/* s, or "" for NULL: what a record's optional text is stored and shown as. */
const char *deskdb_or_empty(const char *s);

/* PCN_ENOTFOUND unless code is a PCN of the registry. */
int deskdb_check_pcn(struct db *db, const char *code, struct pcn_msg *m);

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
