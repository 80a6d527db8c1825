/* storecopy.h: copying a whole store to another (`pcnops store copy`), to
 * move a deployment between SQLite and PostgreSQL or between servers.
 *
 * storecopy_run opens both stores (a path or a URL, db.h; the target is
 * created and migrated), then:
 *   - refuses a source whose schema is not this program's latest, and a
 *     target that holds anything beyond what the migrations themselves put
 *     there (compared with a new store): nothing is written to either;
 *   - holds the source's write lock for the whole copy (db_begin), so the
 *     copy is one consistent moment of it; the source is never written;
 *   - copies every table, in the order the migrations made them, with its
 *     ids, in ONE transaction on the target, then makes the target's ids
 *     carry on after the largest (db_sync_ids), and appends a "store-copy"
 *     entry to the target's audit log in the same transaction (who, from
 *     where, tables and rows copied);
 *   - after the commit, checks every table's row count on the target
 *     against the rows read, and the target's audit chain (audit_verify).
 * Any failure rolls the target back whole.  progress (may be NULL) is
 * called at each table's start (done 0) and every 5,000 rows. */
#ifndef PCN_STORECOPY_H
#define PCN_STORECOPY_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct storecopy_progress {
    void (*fn)(void *arg, const char *table, size_t table_no, size_t tables, int64_t done,
               int64_t total);
    void *arg;
};

struct storecopy_result {
    size_t tables;
    int64_t rows;
    long audit_entries; /* on the target, verified, with the copy's own */
};

int storecopy_run(const char *from, const char *to, const struct storecopy_progress *p,
                  struct storecopy_result *r, struct pcn_msg *m);

#endif
