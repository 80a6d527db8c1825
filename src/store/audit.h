/* audit.h: the append-only, tamper-evident audit log.
 *
 * Who did what, when, to which record: sign-ins (and failed ones), sign-outs,
 * refused requests for other organisations' data, imports, account and token
 * changes, exports and every change (with before and after in `detail`).
 * The store refuses UPDATE and DELETE on the table (triggers in
 * 002_web.sql).  Each row carries a MAC ("m1:" and hex keyed BLAKE2b-256)
 * over its id, every column and its predecessor's MAC, keyed with a secret
 * kept outside the store: the key file (default STORE.audit-key, or
 * $PCNOPS_AUDIT_KEY; 32 random bytes as hex, made with mode 0600 at the
 * first entry written).  The head of the log (entries, newest id and MAC)
 * is written outside the store too, after each entry committed (on its own,
 * or in the caller's transaction and then audit_settle):
 * the checkpoint file (STORE.audit-checkpoint, or
 * $PCNOPS_AUDIT_CHECKPOINT), and `pcnops audit checkpoint` prints it for an
 * administrator to keep elsewhere.  audit_verify then finds an entry
 * edited, inserted, renumbered or deleted, the newest entries deleted, the
 * log emptied, or the chain recomputed without the key.  Rows written
 * before the log was keyed (unkeyed BLAKE2b, no id) may only come before
 * the first keyed one, which seals them.  docs/deploying.md says where the
 * files go. */
#ifndef PCN_AUDIT_H
#define PCN_AUDIT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "arena.h"
#include "err.h"

struct db;

struct audit_entry {
    int64_t id;
    time_t at;
    int64_t user_id; /* 0: nobody signed in */
    const char *user_email;
    const char *role;
    const char *org_code;
    const char *ip;
    const char *action;      /* "sign-in", "import", "denied", ... */
    const char *target_kind; /* "pcn", "user", "file", ... or NULL */
    const char *target_code;
    const char *detail; /* JSON text or NULL */
};

/* Appends an entry (in its own transaction unless one is open). */
int audit_write(struct db *db, const struct audit_entry *e, struct pcn_msg *m);

/* After a caller's transaction holding entries has ended: moves the
 * checkpoint to the head (audit_write does it itself for an entry in its
 * own transaction).  The router calls it after every handler; cheap when
 * nothing is waiting. */
void audit_settle(struct db *db);

/* Appends an entry for a change made on the command line: the operating
 * system's user ($USER) as who, "command line" as where.  detail may be
 * NULL; it is consumed.  0 or the store's error with m set. */
int audit_cli(struct db *db, const char *action, const char *target_kind, const char *target_code,
              json_t *detail, struct pcn_msg *m);

/* ---- a change and its entry in one transaction ----------------------------
 * Every change is written with its audit entry in one transaction, by the
 * store function that makes the change: the caller says who and what (a
 * note, below), the store function writes the entry inside its own
 * transaction, just before its commit, and settles the checkpoint after
 * (audit_commit).  A crash at any moment leaves the change and its entry
 * both or neither.  The detail's text lives in the arena given. */

/* A note for a change asked for on the web: audit_note_ctx (web.h). */
/* A note for a change made on the command line: $USER, "command line". */
void audit_note_cli(struct audit_entry *e, struct arena *a, const char *action,
                    const char *target_kind, const char *target_code, json_t *detail);
/* Writes the note (NULL: nothing) inside the open transaction, with
 * target_code (when not NULL) in place of the note's (a new record's id),
 * and extra (consumed; NULL: none) merged into its detail. */
int audit_note_write(struct db *db, const struct audit_entry *note, const char *target_code,
                     json_t *extra, struct pcn_msg *m);
/* db_commit, then audit_settle. */
int audit_commit(struct db *db, struct pcn_msg *m);
/* For a store function of one or a few statements: audit_change_begin
 * opens the transaction unless the caller's is open (*own says which);
 * audit_change_end, given the change's rc, writes the note when rc is 0 and
 * commits, or rolls back (in the caller's transaction: the caller does).
 * Returns the final rc. */
int audit_change_begin(struct db *db, bool *own, struct pcn_msg *m);
int audit_change_end(struct db *db, bool own, const struct audit_entry *note, int rc,
                     struct pcn_msg *m);
/* The same, for a change whose entry learns something from the change
 * itself: the note is written with target_code (when not NULL) in place of
 * its own and extra (consumed, also on failure; NULL: none) merged into its
 * detail, as audit_note_write. */
int audit_change_end_with(struct db *db, bool own, const struct audit_entry *note,
                          const char *target_code, json_t *extra, int rc, struct pcn_msg *m);

/* An entry's detail for a change to one record: {"record", "id", "before",
 * "after"}, before and after taken over (NULL: null, for a new or removed
 * record). */
json_t *audit_change_json(const char *record, int64_t id, json_t *before, json_t *after);

/* How the log names who did it: the email, or "Command line (user)", or
 * "Not signed in".  In a. */
const char *audit_who(struct arena *a, const struct audit_entry *e);

struct audit_filter {
    const char *action;      /* exact, or NULL */
    const char *user_email;  /* exact, or NULL */
    const char *target_code; /* exact, or NULL */
    time_t from, to;         /* 0: unbounded; to is exclusive */
    int limit;               /* newest first; at most 1,000 */
};

int audit_query(struct db *db, const struct audit_filter *f, struct arena *a,
                struct audit_entry **out, size_t *n, struct pcn_msg *m);

#define AUDIT_KEY_BYTES 32
#define AUDIT_MAC_CHARS 68 /* "m1:", 64 hex digits, NUL */

/* The head of the log, as a checkpoint holds it. */
struct audit_head {
    int64_t count;
    int64_t last_id;
    char last_mac[AUDIT_MAC_CHARS];
};

/* Reads the store's key, making it if there is none (pcnops serve does at
 * start, so that a key that cannot be made or read stops it at once). */
int audit_key_ensure(struct db *db, struct pcn_msg *m);

/* Where the key and the checkpoint of the store at dbpath are. */
int audit_key_path(const char *dbpath, char *out, size_t outlen);
/* Gives the store `to` the audit key of `from` (a store copy carries its
 * log, whose entries only that key checks): written beside `to` with mode
 * 0600 when it has none; PCN_ECONFLICT when it has a different one. */
int audit_key_copy(struct db *from, struct db *to, struct pcn_msg *m);
int audit_checkpoint_path(const char *dbpath, char *out, size_t outlen);

/* "pcnops-audit-checkpoint 1 count N last ID mac MAC\n", and back. */
int audit_head_format(const struct audit_head *h, char *out, size_t outlen);
int audit_head_parse(const char *text, struct audit_head *h);

/* Writes the head to path (NULL: the store's checkpoint file), through a
 * temporary file and a rename; *h gets it. */
int audit_checkpoint(struct db *db, const char *path, struct audit_head *h, struct pcn_msg *m);

/* Re-computes the chain with the key, and checks it against the checkpoint
 * (the one at checkpoint, else the store's own if there is one): its
 * newest entry must be in the log with its MAC and as many entries up to
 * it.  0 when intact; PCN_ECONFLICT naming what is wrong otherwise.
 * *checked gets the number of rows read. */
int audit_verify_checkpoint(struct db *db, const char *checkpoint, long *checked,
                            struct pcn_msg *m);
/* The same with the store's own checkpoint (if there is one). */
int audit_verify(struct db *db, long *checked, struct pcn_msg *m);

#endif
