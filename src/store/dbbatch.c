#include "common.h"
#include "dbbatch.h"
#include "buf.h"
#include "db.h"

/* Well under SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
#define BATCH_MAX_PARAMS 8000
#define BATCH_MAX_ROWS 256

static int prepare_rows(struct dbbatch *b, int rows, struct db_stmt **out, struct pcn_msg *m)
{
    struct buf sql;
    buf_init(&sql, 1024 * 1024);
    buf_adds(&sql, b->head);
    for (int r = 0; r < rows; r++) {
        buf_adds(&sql, r ? ", (" : " (");
        for (int c = 0; c < b->ncols; c++)
            buf_adds(&sql, c ? ", ?" : "?");
        buf_addc(&sql, ')');
    }
    buf_addc(&sql, ' ');
    buf_adds(&sql, b->tail);
    int rc = buf_ok(&sql) ? db_prepare(b->db, sql.buf, out, m)
                          : msg_set(m, PCN_ELIMIT, "batch statement too long");
    buf_release(&sql);
    return rc;
}

int dbbatch_init(struct dbbatch *b, struct db *db, const char *head, const char *tail, int ncols,
                 struct pcn_msg *m)
{
    memset(b, 0, sizeof *b);
    b->db = db;
    b->head = head;
    b->tail = tail;
    b->ncols = ncols;
    b->rows_per_stmt = BATCH_MAX_PARAMS / ncols;
    if (b->rows_per_stmt > BATCH_MAX_ROWS)
        b->rows_per_stmt = BATCH_MAX_ROWS;
    if (b->rows_per_stmt < 1)
        BUG("dbbatch: %d columns", ncols);
    b->vals = xcalloc((size_t)(b->rows_per_stmt * ncols), sizeof *b->vals);
    arena_init(&b->strings, 64 * 1024);
    return prepare_rows(b, b->rows_per_stmt, &b->full, m);
}

void dbbatch_release(struct dbbatch *b)
{
    db_finalize(b->full);
    free(b->vals);
    arena_release(&b->strings);
    memset(b, 0, sizeof *b);
}

static struct dbbatch_val *next_val(struct dbbatch *b)
{
    if (b->nvals >= b->rows_per_stmt * b->ncols)
        BUG("dbbatch: more values than a batch holds");
    return &b->vals[b->nvals++];
}

void dbbatch_text(struct dbbatch *b, const char *s)
{
    struct dbbatch_val *v = next_val(b);
    v->type = s ? BV_TEXT : BV_NULL;
    v->s = s ? arena_strdup(&b->strings, s) : NULL;
}

void dbbatch_int(struct dbbatch *b, int64_t i)
{
    struct dbbatch_val *v = next_val(b);
    v->type = BV_INT;
    v->i = i;
}

void dbbatch_null(struct dbbatch *b)
{
    next_val(b)->type = BV_NULL;
}

static int write_vals(struct dbbatch *b, struct db_stmt *st, struct pcn_msg *m)
{
    for (int i = 0; i < b->nvals; i++) {
        const struct dbbatch_val *v = &b->vals[i];
        if (v->type == BV_INT)
            db_bind_int(st, i + 1, v->i);
        else if (v->type == BV_TEXT)
            db_bind_text(st, i + 1, v->s);
        else
            db_bind_null(st, i + 1);
    }
    int rc = db_run(st, m);
    if (!rc)
        b->changes += db_changes(b->db);
    b->nvals = 0;
    arena_reset(&b->strings);
    return rc;
}

int dbbatch_row(struct dbbatch *b, struct pcn_msg *m)
{
    if (b->nvals % b->ncols)
        BUG("dbbatch: a row of %d values, expected %d", b->nvals % b->ncols, b->ncols);
    if (b->nvals < b->rows_per_stmt * b->ncols)
        return 0;
    return write_vals(b, b->full, m);
}

int dbbatch_finish(struct dbbatch *b, struct pcn_msg *m)
{
    struct db_stmt *st;
    if (b->nvals == 0)
        return 0;
    int rc = prepare_rows(b, b->nvals / b->ncols, &st, m);
    if (rc)
        return rc;
    rc = write_vals(b, st, m);
    db_finalize(st);
    return rc;
}
