/* dbbatch.h: many-row INSERTs through db.h, for imports.
 *
 * One INSERT statement per row costs the store a statement run per row;
 * writing up to a few hundred rows per statement (INSERT ... VALUES (...),
 * (...), ...) runs several times faster on SQLite and PostgreSQL alike.
 *
 *   struct dbbatch b;
 *   dbbatch_init(&b, db, "INSERT INTO t (a, b) VALUES", "", 2);
 *   for each row: dbbatch_text(&b, a); dbbatch_int(&b, n); rc = dbbatch_row(&b, m);
 *   rc = dbbatch_finish(&b, m);   // writes the last rows
 *   dbbatch_release(&b);
 *
 * head is the statement up to VALUES; tail follows the rows (an ON CONFLICT
 * clause, or ""). Values are copied until written.  b.changes counts the rows
 * the store reports as changed. */
#ifndef PCN_DBBATCH_H
#define PCN_DBBATCH_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"

struct db;
struct db_stmt;

struct dbbatch_val {
    enum { BV_NULL, BV_INT, BV_TEXT } type;
    int64_t i;
    const char *s;
};

struct dbbatch {
    struct db *db;
    const char *head, *tail;
    int ncols;
    int rows_per_stmt;
    struct db_stmt *full;     /* the statement for a whole batch */
    struct dbbatch_val *vals; /* rows_per_stmt * ncols */
    int nvals;                /* values of the rows not yet written */
    struct arena strings;     /* copies of text values */
    int64_t changes;
};

int dbbatch_init(struct dbbatch *b, struct db *db, const char *head, const char *tail, int ncols,
                 struct pcn_msg *m);
void dbbatch_release(struct dbbatch *b);
void dbbatch_text(struct dbbatch *b, const char *s); /* NULL: SQL NULL */
void dbbatch_int(struct dbbatch *b, int64_t v);
void dbbatch_null(struct dbbatch *b);
/* Ends a row (exactly ncols values); writes a full batch. */
int dbbatch_row(struct dbbatch *b, struct pcn_msg *m);
/* Writes what is left. */
int dbbatch_finish(struct dbbatch *b, struct pcn_msg *m);

#endif
