#include "common.h"
#include "registry.h"
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

const char *reg_event_kind_name(enum reg_event_kind k)
{
    switch (k) {
    case EV_JOINED: return "joined";
    case EV_LEFT: return "left";
    case EV_RENAMED: return "renamed";
    }
    return "?";
}

/* ---- applying a publication ------------------------------------------- */

/* One code's history while a publication is applied. */
struct track {
    const char *code;
    struct hist old, cur;
    const void *file_val;   /* value in the publication, or NULL */
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

static int write_versions(struct db *db, const struct track *t, struct db_stmt *del,
                          struct dbbatch *ins, long *rows, struct pcn_msg *m)
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
        const struct org_attrs *v = t->cur.iv[i].val;
        date_format_iso(t->cur.iv[i].from, from);
        if (t->cur.iv[i].to != DATE_NONE)
            date_format_iso(t->cur.iv[i].to, to);
        dbbatch_text(ins, t->code);
        dbbatch_text(ins, from);
        dbbatch_text(ins, t->cur.iv[i].to != DATE_NONE ? to : NULL);
        dbbatch_text(ins, v->name);
        dbbatch_text(ins, v->ons_code);
        dbbatch_text(ins, v->parent);
        dbbatch_text(ins, v->postcode);
        dbbatch_text(ins, v->supplier);
        if ((rc = dbbatch_row(ins, m)))
            return rc;
        (*rows)++;
    }
    return 0;
}

static int write_members(struct db *db, const struct track *t, struct db_stmt *del,
                         struct dbbatch *ins, long *rows, struct pcn_msg *m)
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
        dbbatch_text(ins, t->cur.iv[i].val);
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
                             "%s: code %s is stored as %s but this file gives it as %s",
                             s->source, o->code, org_kind_a(stored), org_kind_a(o->kind));
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

static int apply_versions(struct db *db, const struct reg_snapshot *s, date_t next,
                          struct arena *a, struct reg_changes *out, struct pcn_msg *m)
{
    struct strmap map;
    struct db_stmt *sel = NULL, *del = NULL;
    struct dbbatch ins;
    int rc;

    strmap_init(&map);
    if ((rc = dbbatch_init(&ins, db,
                           "INSERT INTO org_version (code, valid_from, valid_to, name, ons_code, "
                           "parent_code, postcode, supplier) VALUES",
                           "", 8, m)))
        goto out;
    if ((rc = db_prepare(db,
                         "SELECT code, valid_from, valid_to, name, ons_code, parent_code, "
                         "postcode, supplier FROM org_version ORDER BY code, valid_from",
                         &sel, m)))
        goto out;
    while ((rc = db_step(sel, m)) == 1) {
        struct track *t = track_get(&map, a, db_col_text(sel, 0));
        struct org_attrs *v = ARENA_NEW(a, struct org_attrs);
        v->name = db_col_strdup(a, sel, 3);
        v->ons_code = db_col_strdup(a, sel, 4);
        v->parent = db_col_strdup(a, sel, 5);
        v->postcode = db_col_strdup(a, sel, 6);
        v->supplier = db_col_strdup(a, sel, 7);
        hist_push(&t->old, db_col_date(sel, 1), db_col_date(sel, 2), v);
    }
    if (rc < 0)
        goto out;
    for (size_t i = 0; i < s->norgs; i++) {
        struct track *t = track_get(&map, a, s->orgs[i].code);
        t->file_val = &s->orgs[i].a;
        t->in_file = true;
    }
    if ((rc = db_prepare(db, "DELETE FROM org_version WHERE code = ?", &del, m)))
        goto out;
    size_t nt;
    struct track **tracks = tracks_sorted(&map, a, &nt);
    for (size_t ti = 0; ti < nt; ti++) {
        struct track *t = tracks[ti];
        hist_copy(&t->cur, &t->old);
        hist_set(&t->cur, s->date, next, t->file_val, attrs_eq);
        if (hist_equal(&t->cur, &t->old, attrs_eq))
            continue;
        const struct hist_iv *before = hist_at(&t->old, s->date);
        const struct hist_iv *after = hist_at(&t->cur, s->date);
        /* A rename as of the date: compared with the version just before
         * (a gap before the date counts as no name). */
        if (!before) {
            for (size_t j = t->old.n; j-- > 0;)
                if (t->old.iv[j].from < s->date) {
                    before = &t->old.iv[j];
                    break;
                }
        }
        if (before && after &&
            !str_eq(((const struct org_attrs *)before->val)->name,
                    ((const struct org_attrs *)after->val)->name))
            out->renamed++;
        if ((rc = write_versions(db, t, del, &ins, &out->rows_written, m)))
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

static int apply_members(struct db *db, const struct reg_snapshot *s, date_t next,
                         struct arena *a, struct reg_changes *out, struct pcn_msg *m)
{
    struct strmap map;
    struct db_stmt *sel = NULL, *del = NULL;
    struct dbbatch ins;
    int rc;

    strmap_init(&map);
    if ((rc = dbbatch_init(&ins, db,
                           "INSERT INTO membership (practice_code, valid_from, valid_to, pcn_code) "
                           "VALUES",
                           "", 4, m)))
        goto out;
    if ((rc = db_prepare(db,
                         "SELECT practice_code, valid_from, valid_to, pcn_code FROM membership "
                         "ORDER BY practice_code, valid_from",
                         &sel, m)))
        goto out;
    while ((rc = db_step(sel, m)) == 1) {
        struct track *t = track_get(&map, a, db_col_text(sel, 0));
        hist_push(&t->old, db_col_date(sel, 1), db_col_date(sel, 2), db_col_strdup(a, sel, 3));
    }
    if (rc < 0)
        goto out;
    for (size_t i = 0; i < s->nmembers; i++) {
        struct track *t = track_get(&map, a, s->members[i].practice);
        t->file_val = s->members[i].pcn;
        t->in_file = true;
    }
    if ((rc = db_prepare(db, "DELETE FROM membership WHERE practice_code = ?", &del, m)))
        goto out;
    size_t nt;
    struct track **tracks = tracks_sorted(&map, a, &nt);
    for (size_t ti = 0; ti < nt; ti++) {
        struct track *t = tracks[ti];
        hist_copy(&t->cur, &t->old);
        hist_set(&t->cur, s->date, next, t->file_val, code_eq);
        if (hist_equal(&t->cur, &t->old, code_eq))
            continue;
        /* Before: the value holding just before the date, or on it. */
        const struct hist_iv *before = hist_at(&t->old, s->date);
        if (!before)
            before = hist_at(&t->old, s->date - 1);
        const char *was = before ? before->val : NULL;
        const char *now = t->file_val;
        if (!was && now)
            out->joined++;
        else if (was && !now)
            out->left++;
        else if (was && now && strcmp(was, now) != 0)
            out->moved++;
        if ((rc = write_members(db, t, del, &ins, &out->rows_written, m)))
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

int registry_apply(struct db *db, const struct reg_snapshot *s, struct reg_changes *out,
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
    if ((rc = apply_orgs(db, s, &a, out, m)) || (rc = apply_versions(db, s, next, &a, out, m)) ||
        (rc = apply_members(db, s, next, &a, out, m)))
        goto out;
out:
    db_finalize(pub);
    arena_release(&a);
    return rc;
}

/* ---- queries ------------------------------------------------------------ */

static int pcn_trend(struct db *db, const char *code, struct arena *a, date_t **dates,
                     int64_t **totals, size_t *n, struct pcn_msg *m);

/* "holds on date ?": bind the date twice. */
#define HOLDS(t) t ".valid_from <= ? AND (" t ".valid_to IS NULL OR " t ".valid_to > ?)"

int registry_publications(struct db *db, const char *kind, struct arena *a, date_t **dates,
                          size_t *n, struct pcn_msg *m)
{
    struct db_stmt *st;
    size_t cap = 16, k = 0;
    date_t *d = arena_alloc(a, cap * sizeof *d);
    int rc = db_cached(db,
                       "SELECT extract_date FROM publication WHERE kind = ? "
                       "ORDER BY extract_date DESC",
                       &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, kind);
    while ((rc = db_step(st, m)) == 1) {
        if (k == cap)
            d = arena_grow(a, d, k, &cap, sizeof *d);
        d[k++] = db_col_date(st, 0);
    }
    db_reset(st);
    *dates = d;
    *n = k;
    return rc < 0 ? rc : 0;
}

int registry_list_date(struct db *db, date_t on, date_t *out, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(db,
                       "SELECT MAX(extract_date) FROM publication "
                       "WHERE kind = 'list_size' AND extract_date <= ?",
                       &st, m);
    if (rc)
        return rc;
    db_bind_date(st, 1, on);
    rc = db_step(st, m);
    *out = rc == 1 ? db_col_date(st, 0) : DATE_NONE;
    db_reset(st);
    return rc < 0 ? rc : 0;
}

int registry_kind(struct db *db, const char *code, enum org_kind *out, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(db, "SELECT kind FROM org WHERE code = ?", &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, code);
    rc = db_step(st, m);
    *out = rc == 1 ? org_kind_parse(db_col_text(st, 0)) : ORG_NONE;
    db_reset(st);
    return rc < 0 ? rc : 0;
}

int registry_org(struct db *db, const char *code, date_t on, struct arena *a,
                 struct org_info *out, struct pcn_msg *m)
{
    struct db_stmt *st;
    bool found = false;
    int rc = db_cached(db,
                       "SELECT o.kind, v.valid_from, v.valid_to, v.name, v.ons_code, "
                       "v.parent_code, v.postcode, v.supplier FROM org o "
                       "JOIN org_version v ON v.code = o.code WHERE o.code = ? "
                       "ORDER BY v.valid_from",
                       &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, code);
    memset(out, 0, sizeof *out);
    /* The version holding on the date, else the last one before it, else the
     * first one (the date is before the organisation was first seen). */
    while ((rc = db_step(st, m)) == 1) {
        date_t from = db_col_date(st, 1);
        if (found && from > on)
            break;
        found = true;
        out->code = arena_strdup(a, code);
        out->kind = org_kind_parse(db_col_text(st, 0));
        out->valid_from = from;
        out->valid_to = db_col_date(st, 2);
        out->name = db_col_strdup(a, st, 3);
        out->ons_code = db_col_strdup(a, st, 4);
        out->parent = db_col_strdup(a, st, 5);
        out->postcode = db_col_strdup(a, st, 6);
        out->supplier = db_col_strdup(a, st, 7);
    }
    db_reset(st);
    if (rc < 0)
        return rc;
    if (!found)
        return msg_set(m, PCN_ENOTFOUND, "no organisation with code %s", code);
    return 0;
}

/* Fills ref with the code and its name on the date; unknown codes keep the
 * code and get no name. */
static int ref_of(struct db *db, const char *code, date_t on, struct arena *a,
                  struct org_ref *ref, const char **parent, struct pcn_msg *m)
{
    struct org_info info;
    ref->code = code;
    ref->name = NULL;
    if (parent)
        *parent = NULL;
    if (!code)
        return 0;
    int rc = registry_org(db, code, on, a, &info, m);
    if (rc == PCN_ENOTFOUND)
        return 0;
    if (rc)
        return rc;
    ref->name = info.name;
    if (parent)
        *parent = info.parent;
    return 0;
}

int registry_expect(struct db *db, const char *code, enum org_kind want, struct pcn_msg *m)
{
    enum org_kind k;
    int rc = registry_kind(db, code, &k, m);
    if (rc)
        return rc;
    if (k == want)
        return 0;
    if (k == ORG_NONE)
        return msg_set(m, PCN_ENOTFOUND, "no %s with code %s", org_kind_label(want), code);
    return msg_set(m, PCN_ENOTFOUND, "%s is %s, not %s", code, org_kind_a(k), org_kind_a(want));
}

/* registry_org for a code that must be of kind want: one statement when it
 * is, and registry_expect's words when it is not. */
static int org_of_kind(struct db *db, const char *code, enum org_kind want, date_t on,
                       struct arena *a, struct org_info *info, struct pcn_msg *m)
{
    int rc = registry_org(db, code, on, a, info, m);
    if (rc == PCN_ENOTFOUND || (rc == 0 && info->kind != want)) {
        int e = registry_expect(db, code, want, m);
        return e ? e : rc;
    }
    return rc;
}

/* ---- the registry on a date, read as sets ------------------------------
 *
 * The national and ICB-wide queries read the registry as it stands on a date
 * in four statements, whatever the number of organisations: every code's
 * kind, every version holding on the date, the memberships holding on it and
 * the list sizes of the list date; then they join and add up in memory.  Each
 * statement is a plain scan (or, for the list sizes, a range of the
 * list_size_date index), so the cost grows with the rows read, once each, and
 * no statement runs per ICB, PCN or practice.  They run in one read
 * transaction, so the four see the same store. */

struct node {
    const char *code;
    enum org_kind kind;
    bool holds;                 /* a version holds on the date */
    const char *name;           /* PCNs and ICBs */
    const char *parent;         /* sub-ICB locations: their ICB's code */
    struct node *up;            /* the parent, if it has a version holding */
    int64_t list;               /* the practice's list on the list date, or -1 */
    long members;               /* a PCN: its practices on the date */
    int64_t member_list;        /* a PCN: their lists added up, or -1 */
    int64_t icb_list;           /* an ICB: its practices' lists, or -1 */
    long icb_pcns;              /* an ICB: its PCNs */
};

struct snap {
    struct strmap map;          /* code -> struct node */
    struct node *nodes;         /* in code order */
    size_t n;
};

static void add_list(int64_t *sum, int64_t v)
{
    *sum = (*sum < 0 ? 0 : *sum) + v;
}

/* The node of a code.  Rows read in code order find theirs by walking *cur
 * forward; a row out of that order (a collation that sorts otherwise) falls
 * back to the map. */
static struct node *node_at(const struct snap *s, size_t *cur, const char *code)
{
    while (*cur < s->n && strcmp(s->nodes[*cur].code, code) < 0)
        (*cur)++;
    if (*cur < s->n && strcmp(s->nodes[*cur].code, code) == 0)
        return &s->nodes[*cur];
    return strmap_get(&s->map, code);
}

/* ICBs: their practices' lists and their PCNs, each through its sub-ICB
 * location on the date. */
static void snap_icb_sums(struct snap *s)
{
    for (size_t i = 0; i < s->n; i++) {
        struct node *nd = &s->nodes[i];
        if (!nd->holds || (nd->kind != ORG_PCN && nd->list < 0) || !nd->up || !nd->up->parent)
            continue;
        struct node *icb = strmap_get(&s->map, nd->up->parent);
        if (!icb)
            continue;
        if (nd->list >= 0)
            add_list(&icb->icb_list, nd->list);
        if (nd->kind == ORG_PCN)
            icb->icb_pcns++;
    }
}

static int snap_read(struct db *db, date_t on, date_t ld, struct arena *a, struct snap *s,
                     struct pcn_msg *m)
{
    struct db_stmt *st;
    size_t cap = 0, cur;
    int rc;

    strmap_init(&s->map);
    s->nodes = NULL;
    s->n = 0;
    if ((rc = db_cached(db, "SELECT code, kind FROM org ORDER BY code", &st, m)))
        return rc;
    while ((rc = db_step(st, m)) == 1) {
        if (s->n == cap)
            s->nodes = arena_grow(a, s->nodes, s->n, &cap, sizeof *s->nodes);
        struct node *nd = &s->nodes[s->n++];
        memset(nd, 0, sizeof *nd);
        nd->code = db_col_strdup(a, st, 0);
        nd->kind = org_kind_parse(db_col_text(st, 1));
        nd->list = nd->member_list = nd->icb_list = -1;
    }
    db_reset(st);
    if (rc < 0)
        return rc;
    /* The array is complete: only now are its addresses stable. */
    for (size_t i = 0; i < s->n; i++)
        strmap_put(&s->map, s->nodes[i].code, &s->nodes[i]);

    /* The versions holding on the date: names where they are shown, and
     * parents as codes for now. */
    const char **parents = arena_zalloc(a, (s->n ? s->n : 1) * sizeof *parents);
    if ((rc = db_cached(db,
                        "SELECT code, parent_code, name FROM org_version v WHERE " HOLDS("v")
                        " ORDER BY code",
                        &st, m)))
        return rc;
    db_bind_date(st, 1, on);
    db_bind_date(st, 2, on);
    cur = 0;
    while ((rc = db_step(st, m)) == 1) {
        struct node *nd = node_at(s, &cur, db_col_text(st, 0));
        if (!nd)
            continue;
        nd->holds = true;
        parents[nd - s->nodes] = db_col_null(st, 1) ? NULL : db_col_strdup(a, st, 1);
        if (nd->kind == ORG_PCN || nd->kind == ORG_ICB)
            nd->name = db_col_strdup(a, st, 2);
        if (nd->kind == ORG_SUB_ICB)
            nd->parent = parents[nd - s->nodes];
    }
    db_reset(st);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < s->n; i++) {
        struct node *up = parents[i] ? strmap_get(&s->map, parents[i]) : NULL;
        s->nodes[i].up = up && up->holds ? up : NULL;
    }

    if (ld != DATE_NONE) {
        if ((rc = db_cached(db,
                            "SELECT practice_code, total FROM list_size WHERE list_date = ? "
                            "ORDER BY practice_code",
                            &st, m)))
            return rc;
        db_bind_date(st, 1, ld);
        cur = 0;
        while ((rc = db_step(st, m)) == 1) {
            struct node *nd = node_at(s, &cur, db_col_text(st, 0));
            if (nd)
                nd->list = db_col_int(st, 1);
        }
        db_reset(st);
        if (rc < 0)
            return rc;
    }

    if ((rc = db_cached(db,
                        "SELECT practice_code, pcn_code FROM membership m WHERE " HOLDS("m")
                        " ORDER BY practice_code",
                        &st, m)))
        return rc;
    db_bind_date(st, 1, on);
    db_bind_date(st, 2, on);
    cur = 0;
    while ((rc = db_step(st, m)) == 1) {
        struct node *pr = node_at(s, &cur, db_col_text(st, 0));
        struct node *pcn = strmap_get(&s->map, db_col_text(st, 1));
        if (!pcn)
            continue;
        pcn->members++;
        if (pr && pr->list >= 0)
            add_list(&pcn->member_list, pr->list);
    }
    db_reset(st);
    if (rc < 0)
        return rc;

    snap_icb_sums(s);
    return 0;
}

/* The part of the registry one ICB's page shows, in two statements: its
 * sub-ICB locations, the PCNs and practices under them with the practices'
 * lists; then the memberships of those PCNs with their practices' lists.
 * The nodes are those organisations only (no org scan), in code order. */
static int snap_read_icb(struct db *db, const char *icb, date_t on, date_t ld, struct arena *a,
                         struct snap *s, struct pcn_msg *m)
{
    struct db_stmt *st;
    size_t cap = 0;
    int rc;

    strmap_init(&s->map);
    s->nodes = NULL;
    s->n = 0;
    if ((rc = db_cached(db,
                        "SELECT v.code, o.kind, v.parent_code, v.name, ls.total FROM org_version v "
                        "JOIN org o ON o.code = v.code "
                        "LEFT JOIN list_size ls ON ls.practice_code = v.code AND ls.list_date = ? "
                        "WHERE " HOLDS("v") " AND (v.code = ? OR v.parent_code = ? OR v.parent_code IN "
                        " (SELECT sv.code FROM org_version sv WHERE sv.parent_code = ? AND " HOLDS("sv") ")) "
                        "ORDER BY v.code",
                        &st, m)))
        return rc;
    db_bind_date(st, 1, ld);
    db_bind_date(st, 2, on);
    db_bind_date(st, 3, on);
    db_bind_text(st, 4, icb);
    db_bind_text(st, 5, icb);
    db_bind_text(st, 6, icb);
    db_bind_date(st, 7, on);
    db_bind_date(st, 8, on);
    const char **parents = NULL;
    size_t pcap = 0;
    while ((rc = db_step(st, m)) == 1) {
        if (s->n == cap)
            s->nodes = arena_grow(a, s->nodes, s->n, &cap, sizeof *s->nodes);
        if (s->n == pcap)
            parents = arena_grow(a, parents, s->n, &pcap, sizeof *parents);
        struct node *nd = &s->nodes[s->n];
        memset(nd, 0, sizeof *nd);
        nd->code = db_col_strdup(a, st, 0);
        nd->kind = org_kind_parse(db_col_text(st, 1));
        nd->holds = true;
        parents[s->n] = db_col_strdup(a, st, 2);
        if (nd->kind == ORG_SUB_ICB)
            nd->parent = parents[s->n];
        if (nd->kind == ORG_PCN || nd->kind == ORG_ICB)
            nd->name = db_col_strdup(a, st, 3);
        nd->list = db_col_null(st, 4) ? -1 : db_col_int(st, 4);
        nd->member_list = nd->icb_list = -1;
        s->n++;
    }
    db_reset(st);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < s->n; i++)
        strmap_put(&s->map, s->nodes[i].code, &s->nodes[i]);
    for (size_t i = 0; i < s->n; i++)
        s->nodes[i].up = parents[i] ? strmap_get(&s->map, parents[i]) : NULL;

    /* The members of its PCNs, wherever the practices are. */
    if ((rc = db_cached(db,
                        "SELECT m.pcn_code, ls.total FROM membership m "
                        "LEFT JOIN list_size ls ON ls.practice_code = m.practice_code AND ls.list_date = ? "
                        "WHERE " HOLDS("m") " AND m.pcn_code IN (SELECT v.code FROM org_version v WHERE "
                        HOLDS("v") " AND v.parent_code IN (SELECT sv.code FROM org_version sv "
                        " WHERE sv.parent_code = ? AND " HOLDS("sv") "))",
                        &st, m)))
        return rc;
    db_bind_date(st, 1, ld);
    db_bind_date(st, 2, on);
    db_bind_date(st, 3, on);
    db_bind_date(st, 4, on);
    db_bind_date(st, 5, on);
    db_bind_text(st, 6, icb);
    db_bind_date(st, 7, on);
    db_bind_date(st, 8, on);
    while ((rc = db_step(st, m)) == 1) {
        struct node *pcn = strmap_get(&s->map, db_col_text(st, 0));
        if (!pcn)
            continue;
        pcn->members++;
        if (!db_col_null(st, 1))
            add_list(&pcn->member_list, db_col_int(st, 1));
    }
    db_reset(st);
    if (rc < 0)
        return rc;
    snap_icb_sums(s);
    return 0;
}

/* Reads the snapshot on the date inside a read transaction of its own (or
 * the caller's, when one is open). */
static int snap_load(struct db *db, const char *icb, date_t on, struct arena *a, struct snap *s,
                     date_t *ld, struct pcn_msg *m)
{
    bool own = !db_in_transaction(db);
    int rc;
    if (own && (rc = db_begin_read(db, m)))
        return rc;
    if (!(rc = registry_list_date(db, on, ld, m)))
        rc = icb ? snap_read_icb(db, icb, on, *ld, a, s, m) : snap_read(db, on, *ld, a, s, m);
    if (own)
        db_rollback(db);
    if (rc)
        strmap_release(&s->map);
    return rc;
}

static void pcn_rows_of(const struct snap *s, const char *icb, struct arena *a,
                        struct pcn_row **out, size_t *n)
{
    size_t cap = 64, k = 0;
    struct pcn_row *rows = arena_alloc(a, cap * sizeof *rows);
    for (size_t i = 0; i < s->n; i++) {
        const struct node *nd = &s->nodes[i];
        if (nd->kind != ORG_PCN || !nd->holds)
            continue;
        const char *icb_code = nd->up ? nd->up->parent : NULL;
        if (icb && !(icb_code && strcmp(icb_code, icb) == 0))
            continue;
        if (k == cap)
            rows = arena_grow(a, rows, k, &cap, sizeof *rows);
        struct pcn_row *r = &rows[k++];
        r->code = nd->code;
        r->name = nd->name;
        r->icb_code = icb_code;
        r->practice_count = nd->members;
        r->registered_patients = nd->member_list;
    }
    *out = rows;
    *n = k;
}

int registry_list_pcns(struct db *db, const char *icb, date_t on, struct arena *a,
                       struct pcn_row **out, size_t *n, struct pcn_msg *m)
{
    struct snap s;
    date_t ld;
    int rc;

    if (icb && (rc = registry_expect(db, icb, ORG_ICB, m)))
        return rc;
    if ((rc = snap_load(db, icb, on, a, &s, &ld, m)))
        return rc;
    pcn_rows_of(&s, icb, a, out, n);
    strmap_release(&s.map);
    return 0;
}

int registry_pcn(struct db *db, const char *code, date_t on, struct arena *a,
                 struct pcn_detail *out, struct pcn_msg *m)
{
    struct db_stmt *st;
    struct org_info info;
    const char *icb_code = NULL;
    size_t cap = 16, k = 0;
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = org_of_kind(db, code, ORG_PCN, on, a, &info, m)))
        return rc;
    out->pcn.code = info.code;
    out->pcn.name = info.name;
    if ((rc = ref_of(db, info.parent, on, a, &out->sub_icb, &icb_code, m)) ||
        (rc = ref_of(db, icb_code, on, a, &out->icb, NULL, m)) ||
        (rc = registry_list_date(db, on, &out->list_size_date, m)))
        return rc;
    if ((rc = db_cached(db,
                        "SELECT m.practice_code, pv.name, ls.total FROM membership m "
                        "LEFT JOIN org_version pv ON pv.code = m.practice_code AND " HOLDS("pv") " "
                        "LEFT JOIN list_size ls ON ls.practice_code = m.practice_code "
                        " AND ls.list_date = ? "
                        "WHERE m.pcn_code = ? AND " HOLDS("m") " ORDER BY m.practice_code",
                        &st, m)))
        return rc;
    db_bind_date(st, 1, on);
    db_bind_date(st, 2, on);
    db_bind_date(st, 3, out->list_size_date);
    db_bind_text(st, 4, code);
    db_bind_date(st, 5, on);
    db_bind_date(st, 6, on);
    out->registered_patients = -1;
    struct practice_row *rows = arena_alloc(a, cap * sizeof *rows);
    while ((rc = db_step(st, m)) == 1) {
        if (k == cap)
            rows = arena_grow(a, rows, k, &cap, sizeof *rows);
        struct practice_row *r = &rows[k++];
        r->code = db_col_strdup(a, st, 0);
        r->name = db_col_strdup(a, st, 1);
        r->registered_patients = db_col_null(st, 2) ? -1 : db_col_int(st, 2);
        if (r->registered_patients >= 0)
            out->registered_patients = (out->registered_patients < 0 ? 0 : out->registered_patients) +
                                       r->registered_patients;
    }
    db_reset(st);
    out->practices = rows;
    out->npractices = k;
    if (rc < 0)
        return rc;
    return pcn_trend(db, code, a, &out->trend_dates, &out->trend_totals, &out->ntrend, m);
}

int registry_list_icbs(struct db *db, date_t on, struct arena *a, struct icb_row **out,
                       size_t *n, struct pcn_msg *m)
{
    struct snap s;
    date_t ld;
    size_t cap = 64, k = 0;
    int rc;

    if ((rc = snap_load(db, NULL, on, a, &s, &ld, m)))
        return rc;
    struct icb_row *rows = arena_alloc(a, cap * sizeof *rows);
    for (size_t i = 0; i < s.n; i++) {
        const struct node *nd = &s.nodes[i];
        if (nd->kind != ORG_ICB || !nd->holds)
            continue;
        if (k == cap)
            rows = arena_grow(a, rows, k, &cap, sizeof *rows);
        struct icb_row *r = &rows[k++];
        r->code = nd->code;
        r->name = nd->name;
        r->registered_patients = nd->icb_list;
        r->pcn_count = nd->icb_pcns;
    }
    strmap_release(&s.map);
    *out = rows;
    *n = k;
    return 0;
}

int registry_icb(struct db *db, const char *code, date_t on, struct arena *a,
                 struct icb_detail *out, struct pcn_msg *m)
{
    struct org_info info;
    struct snap s;
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = org_of_kind(db, code, ORG_ICB, on, a, &info, m)))
        return rc;
    out->icb.code = info.code;
    out->icb.name = info.name;
    out->ons_code = info.ons_code;
    out->registered_patients = -1;
    if ((rc = ref_of(db, info.parent, on, a, &out->region, NULL, m)) ||
        (rc = snap_load(db, code, on, a, &s, &out->list_size_date, m)))
        return rc;
    pcn_rows_of(&s, code, a, &out->pcns, &out->npcns);
    const struct node *icb = strmap_get(&s.map, code);
    if (icb && icb->holds)
        out->registered_patients = icb->icb_list;
    strmap_release(&s.map);
    return 0;
}

static void list_from_row(struct db_stmt *st, int first, struct list_size *ls)
{
    ls->total = db_col_int(st, first);
    ls->male = db_col_null(st, first + 1) ? -1 : db_col_int(st, first + 1);
    ls->female = db_col_null(st, first + 2) ? -1 : db_col_int(st, first + 2);
    for (int b = 0; b < LIST_BANDS; b++) {
        int cm = first + 3 + b, cf = first + 3 + LIST_BANDS + b;
        ls->m[b] = db_col_null(st, cm) ? -1 : db_col_int(st, cm);
        ls->f[b] = db_col_null(st, cf) ? -1 : db_col_int(st, cf);
    }
}

#define BAND_COLS                                                                          \
    "m00, m05, m10, m15, m20, m25, m30, m35, m40, m45, m50, m55, m60, m65, m70, m75, m80, " \
    "m85, m90, m95, f00, f05, f10, f15, f20, f25, f30, f35, f40, f45, f50, f55, f60, f65, " \
    "f70, f75, f80, f85, f90, f95"

int registry_practice(struct db *db, const char *code, date_t on, struct arena *a,
                      struct practice_detail *out, struct pcn_msg *m)
{
    struct db_stmt *st;
    const char *icb_code = NULL;
    date_t ld;
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = registry_expect(db, code, ORG_PRACTICE, m)) ||
        (rc = registry_org(db, code, on, a, &out->info, m)))
        return rc;
    if ((rc = ref_of(db, out->info.parent, on, a, &out->sub_icb, &icb_code, m)) ||
        (rc = ref_of(db, icb_code, on, a, &out->icb, NULL, m)))
        return rc;

    /* PCN on the date */
    if ((rc = db_cached(db, "SELECT pcn_code FROM membership m WHERE practice_code = ? AND " HOLDS("m"),
                        &st, m)))
        return rc;
    db_bind_text(st, 1, code);
    db_bind_date(st, 2, on);
    db_bind_date(st, 3, on);
    rc = db_step(st, m);
    const char *pcn = rc == 1 ? db_col_strdup(a, st, 0) : NULL;
    db_reset(st);
    if (rc < 0 || (rc = ref_of(db, pcn, on, a, &out->pcn, NULL, m)))
        return rc;

    /* List size on the latest list date, and the trend of totals */
    if ((rc = registry_list_date(db, on, &ld, m)))
        return rc;
    if ((rc = db_cached(db,
                        "SELECT list_date, total, male, female, " BAND_COLS " FROM list_size "
                        "WHERE practice_code = ? ORDER BY list_date",
                        &st, m)))
        return rc;
    db_bind_text(st, 1, code);
    size_t cap = 8;
    out->trend = arena_alloc(a, cap * sizeof *out->trend);
    while ((rc = db_step(st, m)) == 1) {
        struct list_size ls;
        ls.date = db_col_date(st, 0);
        list_from_row(st, 1, &ls);
        if (ls.date == ld) {
            out->list = ls;
            out->has_list = true;
        }
        if (out->ntrend == cap)
            out->trend = arena_grow(a, out->trend, out->ntrend, &cap, sizeof *out->trend);
        out->trend[out->ntrend++] = ls;
    }
    db_reset(st);
    if (rc < 0)
        return rc;

    /* The ODS record, if the practice file was loaded */
    if ((rc = db_cached(db, "SELECT status, open_date, close_date FROM practice_ods WHERE code = ?",
                        &st, m)))
        return rc;
    db_bind_text(st, 1, code);
    rc = db_step(st, m);
    if (rc == 1) {
        out->has_ods = true;
        out->ods_status = db_col_strdup(a, st, 0);
        out->ods_open = db_col_date(st, 1);
        out->ods_close = db_col_date(st, 2);
    }
    db_reset(st);
    return rc < 0 ? rc : 0;
}

static int first_registry_date(struct db *db, date_t *out, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(db,
                       "SELECT MIN(extract_date) FROM publication WHERE kind = 'registry'",
                       &st, m);
    if (rc)
        return rc;
    rc = db_step(st, m);
    *out = rc == 1 ? db_col_date(st, 0) : DATE_NONE;
    db_reset(st);
    return rc < 0 ? rc : 0;
}

static int cmp_event(const void *pa, const void *pb)
{
    const struct reg_event *a = pa, *b = pb;
    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    if (a->kind != b->kind)
        return (int)a->kind - (int)b->kind;
    return strcmp(a->practice ? a->practice : "", b->practice ? b->practice : "");
}

int registry_pcn_history(struct db *db, const char *code, struct arena *a,
                         struct reg_event **out, size_t *n, struct pcn_msg *m)
{
    struct db_stmt *st;
    date_t first;
    size_t cap = 16, k = 0;
    int rc;

    if ((rc = registry_expect(db, code, ORG_PCN, m)) || (rc = first_registry_date(db, &first, m)))
        return rc;
    struct reg_event *ev = arena_alloc(a, cap * sizeof *ev);
#define PUSH_EVENT()                                                                     \
    do {                                                                                 \
        ev = arena_grow(a, ev, k, &cap, sizeof *ev);                                     \
        memset(&ev[k], 0, sizeof ev[k]);                                                 \
        k++;                                                                             \
    } while (0)

    /* Joins and leaves, with the practice's other PCN on either side. */
    if ((rc = db_cached(db,
                        "SELECT m.practice_code, m.valid_from, m.valid_to, "
                        " (SELECT pv.name FROM org_version pv WHERE pv.code = m.practice_code "
                        "   AND pv.valid_from <= m.valid_from ORDER BY pv.valid_from DESC LIMIT 1), "
                        " (SELECT b.pcn_code FROM membership b WHERE b.practice_code = m.practice_code "
                        "   AND b.valid_to = m.valid_from), "
                        " (SELECT c.pcn_code FROM membership c WHERE c.practice_code = m.practice_code "
                        "   AND c.valid_from = m.valid_to) "
                        "FROM membership m WHERE m.pcn_code = ?",
                        &st, m)))
        return rc;
    db_bind_text(st, 1, code);
    while ((rc = db_step(st, m)) == 1) {
        date_t from = db_col_date(st, 1), to = db_col_date(st, 2);
        if (first != DATE_NONE && from > first) {
            PUSH_EVENT();
            ev[k - 1].date = from;
            ev[k - 1].kind = EV_JOINED;
            ev[k - 1].practice = db_col_strdup(a, st, 0);
            ev[k - 1].practice_name = db_col_strdup(a, st, 3);
            ev[k - 1].other_pcn = db_col_strdup(a, st, 4);
        }
        if (to != DATE_NONE) {
            PUSH_EVENT();
            ev[k - 1].date = to;
            ev[k - 1].kind = EV_LEFT;
            ev[k - 1].practice = db_col_strdup(a, st, 0);
            ev[k - 1].practice_name = db_col_strdup(a, st, 3);
            ev[k - 1].other_pcn = db_col_strdup(a, st, 5);
        }
    }
    db_reset(st);
    if (rc < 0)
        return rc;

    /* Renames: each version whose name differs from the one before. */
    if ((rc = db_cached(db, "SELECT valid_from, name FROM org_version WHERE code = ? ORDER BY valid_from",
                        &st, m)))
        return rc;
    db_bind_text(st, 1, code);
    const char *prev = NULL;
    while ((rc = db_step(st, m)) == 1) {
        const char *name = db_col_strdup(a, st, 1);
        if (prev && strcmp(prev, name) != 0) {
            PUSH_EVENT();
            ev[k - 1].date = db_col_date(st, 0);
            ev[k - 1].kind = EV_RENAMED;
            ev[k - 1].old_name = prev;
            ev[k - 1].new_name = name;
        }
        prev = name;
    }
    db_reset(st);
    if (rc < 0)
        return rc;
#undef PUSH_EVENT
    qsort(ev, k, sizeof *ev, cmp_event);
    *out = ev;
    *n = k;
    return 0;
}

int registry_pcn_trend(struct db *db, const char *code, struct arena *a, date_t **dates,
                       int64_t **totals, size_t *n, struct pcn_msg *m)
{
    int rc = registry_expect(db, code, ORG_PCN, m);
    return rc ? rc : pcn_trend(db, code, a, dates, totals, n, m);
}

static int pcn_trend(struct db *db, const char *code, struct arena *a, date_t **dates,
                     int64_t **totals, size_t *n, struct pcn_msg *m)
{
    struct db_stmt *st;
    size_t cap = 16, k = 0;
    int rc;

    if ((rc = db_cached(db,
                        "SELECT ls.list_date, SUM(ls.total) FROM list_size ls "
                        "JOIN membership m ON m.practice_code = ls.practice_code "
                        " AND m.valid_from <= ls.list_date "
                        " AND (m.valid_to IS NULL OR m.valid_to > ls.list_date) "
                        "WHERE m.pcn_code = ? GROUP BY ls.list_date ORDER BY ls.list_date",
                        &st, m)))
        return rc;
    db_bind_text(st, 1, code);
    date_t *d = arena_alloc(a, cap * sizeof *d);
    int64_t *t = arena_alloc(a, cap * sizeof *t);
    while ((rc = db_step(st, m)) == 1) {
        if (k == cap) {
            size_t tcap = cap;
            d = arena_grow(a, d, k, &cap, sizeof *d);
            t = arena_grow(a, t, k, &tcap, sizeof *t);
        }
        d[k] = db_col_date(st, 0);
        t[k] = db_col_int(st, 1);
        k++;
    }
    db_reset(st);
    *dates = d;
    *totals = t;
    *n = k;
    return rc < 0 ? rc : 0;
}

int registry_search(struct db *db, const char *q, date_t on, size_t limit, struct arena *a,
                    struct reg_hit **out, size_t *n, bool *more, struct pcn_msg *m)
{
    struct db_stmt *st;
    char d[11];
    *out = NULL;
    *n = 0;
    *more = false;
    size_t len = q ? strlen(q) : 0;
    while (len && q[0] == ' ')
        q++, len--;
    while (len && q[len - 1] == ' ')
        len--;
    if (len < REGISTRY_SEARCH_MIN || len > REGISTRY_SEARCH_MAX)
        return msg_set(m, PCN_EINVAL, "Enter %d to %d characters: a code, or part of a name",
                       REGISTRY_SEARCH_MIN, REGISTRY_SEARCH_MAX);
    if (!utf8_valid(q, len))
        return msg_set(m, PCN_EINVAL, "Enter the code or name as plain text");
    /* the code as stored (upper case), and a LIKE pattern in lower case
     * with its own wildcards escaped */
    char *code = arena_strndup(a, q, len);
    char *pat = arena_alloc(a, 2 * len + 3);
    size_t k = 0;
    pat[k++] = '%';
    for (size_t i = 0; i < len; i++) {
        char ch = q[i];
        code[i] = ch >= 'a' && ch <= 'z' ? (char)(ch - 'a' + 'A') : ch;
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if (ch == '%' || ch == '_' || ch == '!')
            pat[k++] = '!';
        pat[k++] = ch;
    }
    pat[k++] = '%';
    pat[k] = '\0';
    int rc = db_cached(db,
                       "SELECT o.code, o.kind, v.name FROM org o JOIN org_version v ON v.code = "
                       "o.code WHERE o.kind IN ('icb', 'pcn', 'practice') AND " HOLDS("v") " AND "
                       "(o.code = ? OR LOWER(o.code) LIKE ? ESCAPE '!' OR LOWER(v.name) LIKE ? "
                       "ESCAPE '!') ORDER BY CASE WHEN o.code = ? THEN 0 ELSE 1 END, "
                       "CASE o.kind WHEN 'icb' THEN 0 WHEN 'pcn' THEN 1 ELSE 2 END, v.name, "
                       "o.code LIMIT ?",
                       &st, m);
    if (rc)
        return rc;
    date_format_iso(on, d);
    db_bind_text(st, 1, d);
    db_bind_text(st, 2, d);
    db_bind_text(st, 3, code);
    db_bind_text(st, 4, pat);
    db_bind_text(st, 5, pat);
    db_bind_text(st, 6, code);
    db_bind_int(st, 7, (int64_t)limit + 1);
    struct reg_hit *v = arena_alloc(a, (limit + 1) * sizeof *v);
    while ((rc = db_step(st, m)) == 1) {
        if (*n == limit) {
            *more = true;
            break;
        }
        v[*n] = (struct reg_hit){db_col_strdup(a, st, 0), db_col_strdup(a, st, 2),
                                 org_kind_parse(db_col_text(st, 1))};
        (*n)++;
    }
    db_reset(st);
    if (rc < 0)
        return rc;
    *out = v;
    return 0;
}
