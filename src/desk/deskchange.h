/* deskchange.h: how a change to the clinical director's desk in the store
 * ends (deskdb.h, which includes this): who makes it (struct desk_actor),
 * its audit entry (audit.h) written inside the change's transaction, the
 * commit or the rollback, and the checks every register shares (the PCN is
 * a PCN, a record is the PCN's own, a refusal's message).  The desk,
 * supervision, the network and the neighbourhood team all end their
 * changes so. */
#ifndef PCN_DESKCHANGE_H
#define PCN_DESKCHANGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "arena.h"
#include "db.h"
#include "deskinput.h"
#include "err.h"

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

/* Whether stakeholder (request: request) id is the PCN's own: 0, with a
 * message on "stakeholder" (or "request") in e when it is not. */
int deskdb_check_owned(struct db *db, const char *pcn, bool request, int64_t id,
                       struct desk_errs *e, struct pcn_msg *m);
/* The record `id` of PCN pcn, by sql (whose parameters are the PCN and the
 * id) read with fn: 0, or PCN_ENOTFOUND "no WHAT ID in PCN", so that
 * another PCN's records look the same as missing ones. */
int deskdb_read_one(struct db *db, const char *sql, const char *pcn, int64_t id, const char *what,
                    struct arena *a, db_row_fn *fn, void *out, struct pcn_msg *m);
/* The end of a save that gives back the record's id: deskdb_finish, and
 * *id (when not NULL) set to rid when it succeeded. */
int deskdb_finish_id(struct db *db, const struct desk_actor *w, const char *pcn, int rc,
                     const char *action, const char *record, int64_t rid, json_t *before,
                     json_t *after, int64_t *id, struct pcn_msg *m);

#endif
