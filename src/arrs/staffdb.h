/* staffdb.h: the register's rows written, for the two parts of the staff
 * module that write them: staff.c (a post added, its terms changed) and
 * staffimport.c (the staff CSV and the workforce census).  A private part
 * of staff (src/include-order); inside the caller's transaction, which
 * writes the audit entry.  0 or the store's error with m set. */
#ifndef PCN_STAFFDB_H
#define PCN_STAFFDB_H

#include <stdint.h>
#include <time.h>

#include "err.h"
#include "staff.h"

struct db;

/* A post and each of its terms; *id its new id. */
int staff_insert_post(struct db *db, const struct staff *s, time_t now, int64_t *id,
                      struct pcn_msg *m);
/* One set of terms of post id, from t->from (replacing those of that day). */
int staff_insert_terms(struct db *db, int64_t id, const struct arrs_terms *t, struct pcn_msg *m);

#endif
