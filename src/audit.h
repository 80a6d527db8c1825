/* audit.h: the append-only, tamper-evident audit log.
 *
 * Who did what, when, to which record: sign-ins (and failed ones), sign-outs,
 * refused requests for other organisations' data, imports, account and token
 * changes, exports and every change (with before and after in `detail`).
 * The store refuses UPDATE and DELETE on the table (triggers in
 * 002_web.sql), and each row carries a BLAKE2b hash of its content and of
 * the previous row's hash, so audit_verify finds a row edited or removed
 * behind the program's back. */
#ifndef PCN_AUDIT_H
#define PCN_AUDIT_H

#include <jansson.h>
#include <stdint.h>
#include <time.h>

#include "arena.h"
#include "err.h"

struct db;
struct ctx;

struct audit_entry {
    int64_t id;
    time_t at;
    int64_t user_id;            /* 0: nobody signed in */
    const char *user_email;
    const char *role;
    const char *org_code;
    const char *ip;
    const char *action;         /* "sign-in", "import", "denied", ... */
    const char *target_kind;    /* "pcn", "user", "file", ... or NULL */
    const char *target_code;
    const char *detail;         /* JSON text or NULL */
};

/* Appends an entry (in its own transaction unless one is open). */
int audit_write(struct db *db, const struct audit_entry *e, struct pcn_msg *m);

/* Appends an entry for the request's user and address.  detail may be NULL;
 * it is consumed (json_decref'd).  Failures are logged to stderr and
 * returned. */
int audit_ctx(struct ctx *c, const char *action, const char *target_kind,
              const char *target_code, json_t *detail);

/* Appends an entry for a change made on the command line: the operating
 * system's user ($USER) as who, "command line" as where.  detail may be
 * NULL; it is consumed.  0 or the store's error with m set. */
int audit_cli(struct db *db, const char *action, const char *target_kind,
              const char *target_code, json_t *detail, struct pcn_msg *m);

/* How the log names who did it: the email, or "Command line (user)", or
 * "Not signed in".  In a. */
const char *audit_who(struct arena *a, const struct audit_entry *e);

struct audit_filter {
    const char *action;         /* exact, or NULL */
    const char *user_email;     /* exact, or NULL */
    const char *target_code;    /* exact, or NULL */
    time_t from, to;            /* 0: unbounded; to is exclusive */
    int limit;                  /* newest first; at most 1,000 */
};

int audit_query(struct db *db, const struct audit_filter *f, struct arena *a,
                struct audit_entry **out, size_t *n, struct pcn_msg *m);

/* Re-computes the hash chain.  0 when intact; PCN_ECONFLICT naming the
 * first bad row otherwise.  *checked gets the number of rows read. */
int audit_verify(struct db *db, long *checked, struct pcn_msg *m);

#endif
