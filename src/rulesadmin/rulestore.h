/* rulestore.h: rules files changed on the web, kept in the store so that
 * every app server on one store uses the same rules.
 *
 * The national rules are a folder of CSV files (rules.h) that each server
 * reads.  When an admin uploads files or edits a row on one server, the
 * page checks them against that server's folder (rulesfile.h) and records
 * them here, in the transaction of its audit entry; then every server,
 * the one that took the change included, brings its own folder up to date
 * from the store (rulestore_pull) and reads its rules again.  A server
 * looks for new changes when it checks its folder (at most every 2 seconds,
 * web.h), so a change made on one server is in use on all within about
 * 2 seconds, even where each has its own copy of the folder.
 *
 * When a server starts, the store's newest copy of each file replaces the
 * folder's only where the file on disk is one the store knows as an older
 * copy (the file a change replaced, or an earlier change's): a server
 * restarted with the folder it had takes the changes made meanwhile, and a
 * folder holding a file the store never saw (a new release of the rules,
 * deployed after the change) keeps it.
 *
 * Errors: 0 or a negative enum pcn_err with words in m. */
#ifndef PCN_RULESTORE_H
#define PCN_RULESTORE_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "audit.h"
#include "date.h"
#include "db.h"
#include "err.h"
#include "rulesfile.h"

/* Records checked uploads of year fy (0 when only sources.csv) for the
 * folder dir, made by who at now (seconds since 1970), each as the next
 * change number with the SHA-256 of the file it replaces in dir, and the
 * note (who, where, what: audit.h) as its audit entry, in one transaction
 * (its own, or the caller's when one is open).  Memory from a. */
int rulestore_record(struct db *db, struct arena *a, const char *dir, fy_t fy,
                     const struct rulesfile_upload *up, size_t nup, const char *who, int64_t now,
                     const struct audit_entry *note, struct pcn_msg *m);

/* The newest change number in the store, 0 when there is none. */
int rulestore_head(struct db *db, int64_t *seq, struct pcn_msg *m);

/* Writes into the folder dir the newest copy of each file changed after
 * *seq (each through a temporary file and a rename, rulesfile_write), and
 * sets *seq to the newest change number.  With at_start, a file is replaced
 * only when the store knows the file on disk as an older copy (above).  A file
 * whose content is already the same is left alone.  *written counts the
 * files written.  Memory from a. */
int rulestore_pull(struct db *db, struct arena *a, const char *dir, bool at_start, int64_t *seq,
                   int *written, struct pcn_msg *m);

#endif
