/* backup.h: `pcnops backup FILE` and `pcnops restore FILE [--force]`.
 *
 * backup_take copies a SQLite store, while it runs, into FILE with SQLite's
 * online backup API (one consistent moment of it; writers carry on between
 * steps and the copy restarts if one lands), then writes the store's audit
 * key beside it (FILE.audit-key, mode 0600: keep the two apart, as
 * docs/deploying.md says), checks the copy's integrity and its audit chain,
 * and appends a "backup" entry (the file, the entries copied) to the
 * store's own log.  FILE must not exist.  A PostgreSQL store is refused
 * with PCN_EINVAL naming pg_dump, which is how it is backed up.
 *
 * backup_restore checks FILE before anything is replaced: SQLite's
 * integrity check, a schema version this program knows (not newer than its
 * migrations; an older one is brought up to date after), and the audit
 * chain with its key (FILE.audit-key, or $PCNOPS_AUDIT_KEY), which must be
 * the target's own key when the target has one.  A target holding any
 * audit entry or organisation is replaced only with force.  Then the target
 * is overwritten with SQLite's backup API (stop the server first), its
 * checkpoint moved to the restored log's head, and a "restore" entry
 * appended.  Any failed check leaves the target as it was.  PostgreSQL:
 * refused, naming pg_restore. */
#ifndef PCN_BACKUP_H
#define PCN_BACKUP_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"

struct db;

struct backup_result {
    long audit_entries; /* in the copy, checked */
    int schema_version;
};

int backup_take(struct db *db, const char *file, struct backup_result *r, struct pcn_msg *m);
int backup_restore(const char *target, const char *file, bool force, struct backup_result *r,
                   struct pcn_msg *m);

#endif
