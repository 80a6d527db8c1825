/* regpub.c: applying a registry publication to the store (regpub.h): each
 * code's history (hist.h) read, set from the publication's date and
 * written back where it changed, one table (struct hist_table) at a time. */
#include "common.h"
#include "regpub.h"
#include "db.h"
#include "dbbatch.h"
#include "hist.h"
#include "strmap.h"

/* ---- small helpers ---------------------------------------------------- */

static bool str_eq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

static bool attrs_eq(const void *pa, const void *pb)
{
    const struct org_attrs *a = pa, *b = pb;
    return str_eq(a->name, b->name) && str_eq(a->ons_code, b->ons_code) &&
           str_eq(a->parent, b->parent) && str_eq(a->postcode, b->postcode) &&
           str_eq(a->supplier, b->supplier);
}

static bool code_eq(const void *a, const void *b)
{
    return strcmp(a, b) == 0;
}

/* ---- applying a publication ------------------------------------------- */

/* One code's history while a publication is applied. */
struct track {
    const char *code;
    struct hist old, cur;
    const void *file_val; /* value in the publication, or NULL */
    bool in_file;
};

static struct track *track_get(struct strmap *map, struct arena *a, const char *code)
{
    struct track *t = strmap_get(map, code);
    if (!t) {
        t = ARENA_NEW(a, struct track);
        t->code = arena_strdup(a, code);
        hist_init(&t->old);
        hist_init(&t->cur);
        strmap_put(map, t->code, t);
    }
    return t;
}

static int track_cmp(const void *x, const void *y)
{
    return strcmp((*(struct track *const *)x)->code, (*(struct track *const *)y)->code);
}

/* The tracks in code order: rows then reach the store in its primary-key
 * order, which SQLite appends to the end of each B-tree instead of
 * splitting pages all over it. */
static struct track **tracks_sorted(const struct strmap *map, struct arena *a, size_t *n)
{
    struct track **v = arena_alloc(a, (map->n ? map->n : 1) * sizeof *v);
    const char *k;
    void *t;
    *n = 0;
    for (size_t it = 0; strmap_next(map, &it, &k, &t);)
        v[(*n)++] = t;
    qsort(v, *n, sizeof *v, track_cmp);
    return v;
}

static void tracks_release(struct strmap *map)
{
    const char *k;
    void *v;
    for (size_t it = 0; strmap_next(map, &it, &k, &v);) {
        struct track *t = v;
        hist_release(&t->old);
        hist_release(&t->cur);
    }
    strmap_release(map);
}

static int load_kinds(struct db *db, struct arena *a, struct strmap *kinds, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT code, kind FROM org", &st, m);
    if (rc)
        return rc;
    while ((rc = db_step(st, m)) == 1) {
        const char *code = db_col_strdup(a, st, 0);
        enum org_kind k = org_kind_parse(db_col_text(st, 1));
        strmap_put(kinds, code, (void *)(intptr_t)k);
    }
    db_finalize(st);
    return rc;
}

static int publication_neighbours(struct db *db, date_t d, bool *any_before, bool *same,
                                  date_t *next, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT extract_date FROM publication WHERE kind = 'registry' "
                        "ORDER BY extract_date",
                        &st, m);
    if (rc)
        return rc;
    *any_before = *same = false;
    *next = DATE_NONE;
    while ((rc = db_step(st, m)) == 1) {
        date_t t = db_col_date(st, 0);
        if (t < d)
            *any_before = true;
        else if (t == d)
            *same = true;
        else if (*next == DATE_NONE)
            *next = t;
    }
    db_finalize(st);
    return rc;
}

/* One effective-dated table that a publication rewrites (org_version,
 * membership): its statements, how a value is read, compared and written,
 * and what a change of one code's history counts in reg_changes. */
struct hist_table {
    const char *insert, *select, *remove; /* select: code, from, to, value... by code, from */
    int ncols;                            /* of insert: code, from, to, then the value's */
    bool (*eq)(const void *a, const void *b);
    const void *(*read)(struct arena *a, struct db_stmt *sel); /* columns 3 on */
    void (*bind)(struct dbbatch *ins, const void *val);
    size_t (*nfile)(const struct reg_snapshot *s);
    /* the publication's ith code and its value */
    void (*file)(const struct reg_snapshot *s, size_t i, const char **code, const void **val);
    void (*count)(const struct track *t, date_t d, struct reg_changes *out);
};

/* Replaces a code's stored history by t->cur. */
static int write_track(struct db *db, const struct hist_table *h, const struct track *t,
                       struct db_stmt *del, struct dbbatch *ins, long *rows, struct pcn_msg *m)
{
    char from[11], to[11];
    int rc;
    if (t->old.n) {
        db_bind_text(del, 1, t->code);
        if ((rc = db_run(del, m)))
            return rc;
        *rows += db_changes(db);
    }
    for (size_t i = 0; i < t->cur.n; i++) {
        date_format_iso(t->cur.iv[i].from, from);
        if (t->cur.iv[i].to != DATE_NONE)
            date_format_iso(t->cur.iv[i].to, to);
        dbbatch_text(ins, t->code);
        dbbatch_text(ins, from);
        dbbatch_text(ins, t->cur.iv[i].to != DATE_NONE ? to : NULL);
        h->bind(ins, t->cur.iv[i].val);
        if ((rc = dbbatch_row(ins, m)))
            return rc;
        (*rows)++;
    }
    return 0;
}

static int apply_orgs(struct db *db, const struct reg_snapshot *s, struct arena *a,
                      struct reg_changes *out, struct pcn_msg *m)
{
    struct strmap kinds;
    struct dbbatch ins;
    int rc;

    strmap_init(&kinds);
    if ((rc = dbbatch_init(&ins, db, "INSERT INTO org (code, kind) VALUES", "", 2, m)))
        goto out;
    if ((rc = load_kinds(db, a, &kinds, m)))
        goto out;
    for (size_t i = 0; i < s->norgs; i++) {
        const struct reg_org *o = &s->orgs[i];
        void *k = strmap_get(&kinds, o->code);
        if (k) {
            enum org_kind stored = (enum org_kind)(intptr_t)k;
            if (stored != o->kind) {
                rc = msg_set(m, PCN_ECONFLICT,
                             "%s: code %s is stored as %s but this file gives it as %s", s->source,
                             o->code, org_kind_a(stored), org_kind_a(o->kind));
                goto out;
            }
            continue;
        }
        dbbatch_text(&ins, o->code);
        dbbatch_text(&ins, org_kind_name(o->kind));
        if ((rc = dbbatch_row(&ins, m)))
            goto out;
        strmap_put(&kinds, o->code, (void *)(intptr_t)o->kind);
        out->orgs_added++;
        out->rows_written++;
    }
    rc = dbbatch_finish(&ins, m);
out:
    dbbatch_release(&ins);
    strmap_release(&kinds);
    return rc;
}

/* Sets every code's value from the publication's date until next, in the
 * table h, writing the codes whose history changed. */
static int apply_hist(struct db *db, const struct hist_table *h, const struct reg_snapshot *s,
                      date_t next, struct arena *a, struct reg_changes *out, struct pcn_msg *m)
{
    struct strmap map;
    struct db_stmt *sel = NULL, *del = NULL;
    struct dbbatch ins;
    int rc;

    strmap_init(&map);
    if ((rc = dbbatch_init(&ins, db, h->insert, "", h->ncols, m)))
        goto out;
    if ((rc = db_prepare(db, h->select, &sel, m)))
        goto out;
    while ((rc = db_step(sel, m)) == 1) {
        struct track *t = track_get(&map, a, db_col_text(sel, 0));
        hist_push(&t->old, db_col_date(sel, 1), db_col_date(sel, 2), h->read(a, sel));
    }
    if (rc < 0)
        goto out;
    for (size_t i = 0, n = h->nfile(s); i < n; i++) {
        const char *code;
        const void *val;
        h->file(s, i, &code, &val);
        struct track *t = track_get(&map, a, code);
        t->file_val = val;
        t->in_file = true;
    }
    if ((rc = db_prepare(db, h->remove, &del, m)))
        goto out;
    size_t nt;
    struct track **tracks = tracks_sorted(&map, a, &nt);
    for (size_t ti = 0; ti < nt; ti++) {
        struct track *t = tracks[ti];
        hist_copy(&t->cur, &t->old);
        hist_set(&t->cur, s->date, next, t->file_val, h->eq);
        if (hist_equal(&t->cur, &t->old, h->eq))
            continue;
        h->count(t, s->date, out);
        if ((rc = write_track(db, h, t, del, &ins, &out->rows_written, m)))
            goto out;
    }
    rc = dbbatch_finish(&ins, m);
out:
    db_finalize(sel);
    db_finalize(del);
    dbbatch_release(&ins);
    tracks_release(&map);
    return rc;
}

/* org_version: the attributes of each organisation. */

static const void *version_read(struct arena *a, struct db_stmt *sel)
{
    struct org_attrs *v = ARENA_NEW(a, struct org_attrs);
    v->name = db_col_strdup(a, sel, 3);
    v->ons_code = db_col_strdup(a, sel, 4);
    v->parent = db_col_strdup(a, sel, 5);
    v->postcode = db_col_strdup(a, sel, 6);
    v->supplier = db_col_strdup(a, sel, 7);
    return v;
}

static void version_bind(struct dbbatch *ins, const void *val)
{
    const struct org_attrs *v = val;
    dbbatch_text(ins, v->name);
    dbbatch_text(ins, v->ons_code);
    dbbatch_text(ins, v->parent);
    dbbatch_text(ins, v->postcode);
    dbbatch_text(ins, v->supplier);
}

static size_t version_nfile(const struct reg_snapshot *s)
{
    return s->norgs;
}

static void version_file(const struct reg_snapshot *s, size_t i, const char **code,
                         const void **val)
{
    *code = s->orgs[i].code;
    *val = &s->orgs[i].a;
}

/* A rename as of the date: compared with the version just before (a gap
 * before the date counts as no name). */
static void version_count(const struct track *t, date_t d, struct reg_changes *out)
{
    const struct hist_iv *before = hist_at(&t->old, d);
    const struct hist_iv *after = hist_at(&t->cur, d);
    if (!before) {
        for (size_t j = t->old.n; j-- > 0;)
            if (t->old.iv[j].from < d) {
                before = &t->old.iv[j];
                break;
            }
    }
    if (before && after &&
        !str_eq(((const struct org_attrs *)before->val)->name,
                ((const struct org_attrs *)after->val)->name))
        out->renamed++;
}

static const struct hist_table versions = {
    "INSERT INTO org_version (code, valid_from, valid_to, name, ons_code, parent_code, "
    "postcode, supplier) VALUES",
    "SELECT code, valid_from, valid_to, name, ons_code, parent_code, postcode, supplier FROM "
    "org_version ORDER BY code, valid_from",
    "DELETE FROM org_version WHERE code = ?",
    8,
    attrs_eq,
    version_read,
    version_bind,
    version_nfile,
    version_file,
    version_count};

/* membership: each practice's PCN. */

static const void *member_read(struct arena *a, struct db_stmt *sel)
{
    return db_col_strdup(a, sel, 3);
}

static void member_bind(struct dbbatch *ins, const void *val)
{
    dbbatch_text(ins, val);
}

static size_t member_nfile(const struct reg_snapshot *s)
{
    return s->nmembers;
}

static void member_file(const struct reg_snapshot *s, size_t i, const char **code, const void **val)
{
    *code = s->members[i].practice;
    *val = s->members[i].pcn;
}

/* Joined, left or moved: compared with the value holding just before the
 * date, or on it. */
static void member_count(const struct track *t, date_t d, struct reg_changes *out)
{
    const struct hist_iv *before = hist_at(&t->old, d);
    if (!before)
        before = hist_at(&t->old, d - 1);
    const char *was = before ? before->val : NULL;
    const char *now = t->file_val;
    if (!was && now)
        out->joined++;
    else if (was && !now)
        out->left++;
    else if (was && now && strcmp(was, now) != 0)
        out->moved++;
}

static const struct hist_table members = {
    "INSERT INTO membership (practice_code, valid_from, valid_to, pcn_code) VALUES",
    "SELECT practice_code, valid_from, valid_to, pcn_code FROM membership ORDER BY "
    "practice_code, valid_from",
    "DELETE FROM membership WHERE practice_code = ?",
    4,
    code_eq,
    member_read,
    member_bind,
    member_nfile,
    member_file,
    member_count};

int regpub_apply(struct db *db, const struct reg_snapshot *s, struct reg_changes *out,
                 struct pcn_msg *m)
{
    struct arena a;
    struct db_stmt *pub = NULL;
    bool any_before, same;
    date_t next;
    int rc;

    if (!db_in_transaction(db))
        BUG("registry_apply outside a transaction");
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < s->norgs; i++) {
        if (s->orgs[i].kind == ORG_PRACTICE)
            out->practices++;
        else if (s->orgs[i].kind == ORG_PCN)
            out->pcns++;
    }
    arena_init(&a, 256 * 1024);
    if ((rc = publication_neighbours(db, s->date, &any_before, &same, &next, m)))
        goto out;
    out->first = !any_before && !same;
    out->already_loaded = same;
    if ((rc = db_prepare(db,
                         "INSERT INTO publication (kind, extract_date, source, row_count) "
                         "VALUES ('registry', ?, ?, ?) ON CONFLICT (kind, extract_date) "
                         "DO UPDATE SET source = excluded.source, row_count = excluded.row_count "
                         "WHERE publication.row_count <> excluded.row_count",
                         &pub, m)))
        goto out;
    db_bind_date(pub, 1, s->date);
    db_bind_text(pub, 2, s->source);
    db_bind_int(pub, 3, (int64_t)s->nmembers);
    if ((rc = db_run(pub, m)))
        goto out;
    out->rows_written += db_changes(db);
    if ((rc = apply_orgs(db, s, &a, out, m)) ||
        (rc = apply_hist(db, &versions, s, next, &a, out, m)) ||
        (rc = apply_hist(db, &members, s, next, &a, out, m)))
        goto out;
out:
    db_finalize(pub);
    arena_release(&a);
    return rc;
}
