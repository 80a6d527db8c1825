#include "common.h"
#include "iiftables.h"
#include "db.h"
#include "funding.h"

void *iiftables_push(struct arena *a, struct iiftables_vec *v, size_t elem)
{
    if (v->n == v->cap)
        v->v = arena_grow(a, v->v, v->n, &v->cap, elem);
    return (char *)v->v + elem * v->n++;
}

static struct iiftables_vec *vec_of(struct arena *a, struct strmap *map, const char *key)
{
    struct iiftables_vec *v = strmap_get(map, key);
    if (!v) {
        v = ARENA_NEW(a, struct iiftables_vec);
        strmap_put(map, arena_strdup(a, key), v);
    }
    return v;
}

/* The key "x\037y" of the maps above, in buf when it fits (lookups are
 * many: no allocation), else in the arena. */
const char *iiftables_key(char *buf, struct arena *a, const char *x, const char *y)
{
    size_t lx = strlen(x), ly = strlen(y);
    if (lx + ly + 2 > IIFTABLES_KEY_MAX)
        return arena_printf(a, "%s\037%s", x, y);
    memcpy(buf, x, lx);
    buf[lx] = '\037';
    memcpy(buf + lx + 1, y, ly + 1);
    return buf;
}

bool iiftables_holds_on(date_t from, date_t to, date_t on)
{
    return from <= on && (to == DATE_NONE || to > on);
}

int iiftables_qof_year(struct db *db, const char *reg, fy_t fy, fy_t *qy, struct pcn_msg *m)
{
    *qy = 0;
    struct db_stmt *st;
    int rc;
    /* The newest year first, stopping at the first of the register (MAX
     * would read every register row of every year up to fy). */
    if ((rc = db_cached(db,
                        "SELECT fy FROM qof_register WHERE register = ? AND fy <= ? "
                        "ORDER BY fy DESC LIMIT 1",
                        &st, m)))
        return rc;
    db_bind_text(st, 1, reg);
    db_bind_int(st, 2, fy);
    if ((rc = db_step(st, m)) == 1 && !db_col_null(st, 0))
        *qy = (fy_t)db_col_int(st, 0);
    db_reset(st);
    return rc < 0 ? rc : 0;
}

int iiftables_qof_national(struct db *db, const char *reg, fy_t qy, struct iiftables_pair *out,
                           struct pcn_msg *m)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *st;
    int rc;
    if ((rc = db_cached(db,
                        "SELECT COALESCE(SUM(patients), 0), COALESCE(SUM(list_size), 0) "
                        "FROM qof_register WHERE fy = ? AND register = ?",
                        &st, m)))
        return rc;
    db_bind_int(st, 1, qy);
    db_bind_text(st, 2, reg);
    if ((rc = db_step(st, m)) == 1) {
        out->a = db_col_int(st, 0);
        out->b = db_col_int(st, 1);
    }
    db_reset(st);
    return rc < 0 ? rc : 0;
}

void iiftables_release(struct iiftables *t)
{
    strmap_release(&t->members);
    strmap_release(&t->versions);
    strmap_release(&t->ach);
    strmap_release(&t->published);
    strmap_release(&t->entries);
    strmap_release(&t->prev);
    strmap_release(&t->lists);
    for (size_t i = 0; i < t->nqof; i++)
        strmap_release(&t->qof[i].practices);
}

/* Every membership period and every version's name. */
static int read_registry(struct db *db, struct arena *a, struct iiftables *t, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc;
    if ((rc = db_cached(db, "SELECT pcn_code, practice_code, valid_from, valid_to FROM membership",
                        &st, m)))
        return rc;
    while ((rc = db_step(st, m)) == 1) {
        struct iiftables_member *r = iiftables_push(a, vec_of(a, &t->members, db_col_text(st, 0)),
                                                    sizeof *r);
        r->practice = db_col_strdup(a, st, 1);
        r->from = db_col_date(st, 2);
        r->to = db_col_date(st, 3);
    }
    db_reset(st);
    if (rc < 0)
        return rc;
    if ((rc = db_cached(db,
                        "SELECT code, valid_from, valid_to, name FROM org_version "
                        "ORDER BY code, valid_from",
                        &st, m)))
        return rc;
    while ((rc = db_step(st, m)) == 1) {
        struct iiftables_version *r = iiftables_push(a, vec_of(a, &t->versions, db_col_text(st, 0)),
                                                     sizeof *r);
        r->from = db_col_date(st, 1);
        r->to = db_col_date(st, 2);
        r->name = db_col_strdup(a, st, 3);
    }
    db_reset(st);
    if (rc < 0)
        return rc;
    return 0;
}

/* The publication's figures of the year, each indicator's latest date. */
static int read_published(struct db *db, fy_t fy, struct arena *a, struct iiftables *t,
                          struct pcn_msg *m)
{
    struct db_stmt *st;
    char kb[IIFTABLES_KEY_MAX];
    int rc;
    if ((rc = db_cached(db,
                        "SELECT code, MAX(ach_date) FROM iif_published WHERE fy = ? GROUP BY code",
                        &st, m)))
        return rc;
    db_bind_int(st, 1, fy);
    while ((rc = db_step(st, m)) == 1) {
        date_t *d = ARENA_NEW(a, date_t);
        *d = db_col_date(st, 1);
        strmap_put(&t->ach, db_col_strdup(a, st, 0), d);
    }
    db_reset(st);
    if (rc < 0)
        return rc;
    if ((rc = db_cached(db,
                        "SELECT code, ach_date, org_code, part, value FROM iif_published "
                        "WHERE fy = ?",
                        &st, m)))
        return rc;
    db_bind_int(st, 1, fy);
    while ((rc = db_step(st, m)) == 1) {
        const date_t *d = strmap_get(&t->ach, db_col_text(st, 0));
        if (!d || db_col_date(st, 1) != *d)
            continue;
        const char *k = iiftables_key(kb, a, db_col_text(st, 0), db_col_text(st, 2));
        struct iiftables_figure *r = iiftables_push(a, vec_of(a, &t->published, k), sizeof *r);
        r->part = db_col_strdup(a, st, 3);
        r->value = db_col_int(st, 4);
    }
    db_reset(st);
    if (rc < 0)
        return rc;
    return 0;
}

/* Figures entered in the year. */
static int read_entries(struct db *db, fy_t fy, struct arena *a, struct iiftables *t,
                        struct pcn_msg *m)
{
    struct db_stmt *st;
    char kb[IIFTABLES_KEY_MAX];
    int rc;
    if ((rc = db_cached(db,
                        "SELECT pcn_code, code, month, org_code, numerator, denominator "
                        "FROM iif_entry WHERE month >= ? AND month <= ?",
                        &st, m)))
        return rc;
    db_bind_date(st, 1, fy_start(fy));
    db_bind_date(st, 2, fy_end(fy));
    while ((rc = db_step(st, m)) == 1) {
        const char *k = iiftables_key(kb, a, db_col_text(st, 0), db_col_text(st, 1));
        struct iiftables_month *e = iiftables_push(a, vec_of(a, &t->entries, k), sizeof *e);
        e->month = db_col_date(st, 2);
        e->org = db_col_strdup(a, st, 3);
        e->numerator = db_col_int(st, 4);
        e->denominator = db_col_int(st, 5);
    }
    db_reset(st);
    if (rc < 0)
        return rc;
    return 0;
}

/* Prevalences entered, and the QOF registers the year's rules name. */
static int read_prevalence(struct db *db, const struct rules_year *y, fy_t fy, struct arena *a,
                           struct iiftables *t, struct pcn_msg *m)
{
    struct db_stmt *st;
    char kb[IIFTABLES_KEY_MAX];
    int rc;
    if ((rc = db_cached(db,
                        "SELECT code, scope, patients, list_size FROM iif_prevalence WHERE fy = ?",
                        &st, m)))
        return rc;
    db_bind_int(st, 1, fy);
    while ((rc = db_step(st, m)) == 1) {
        struct iiftables_pair *pp = ARENA_NEW(a, struct iiftables_pair);
        pp->a = db_col_int(st, 2);
        pp->b = db_col_int(st, 3);
        const char *k = iiftables_key(kb, a, db_col_text(st, 0), db_col_text(st, 1));
        strmap_put(&t->prev, arena_strdup(a, k), pp);
    }
    db_reset(st);
    if (rc < 0)
        return rc;
    t->qof = arena_zalloc(a, (y->niif_adjust + 1) * sizeof *t->qof);
    for (size_t i = 0; i < y->niif_adjust; i++) {
        const struct rule_iif_adjustment *ad = &y->iif_adjust[i];
        if (ad->kind != ADJUST_PREVALENCE || !ad->register_code || !ad->register_code[0])
            continue;
        bool seen = false;
        for (size_t k = 0; k < t->nqof && !seen; k++)
            seen = strcmp(t->qof[k].reg, ad->register_code) == 0;
        if (seen)
            continue;
        struct iiftables_qof *q = &t->qof[t->nqof++];
        q->reg = ad->register_code;
        strmap_init(&q->practices);
        if ((rc = iiftables_qof_year(db, q->reg, fy, &q->qy, m)))
            return rc;
        if (!q->qy)
            continue;
        if ((rc = iiftables_qof_national(db, q->reg, q->qy, &q->national, m)) ||
            (rc = db_cached(db,
                            "SELECT practice_code, patients, list_size FROM qof_register "
                            "WHERE fy = ? AND register = ?",
                            &st, m)))
            return rc;
        db_bind_int(st, 1, q->qy);
        db_bind_text(st, 2, q->reg);
        while ((rc = db_step(st, m)) == 1) {
            struct iiftables_pair *pp = ARENA_NEW(a, struct iiftables_pair);
            pp->a = db_col_int(st, 1);
            pp->b = db_col_int(st, 2);
            strmap_put(&q->practices, db_col_strdup(a, st, 0), pp);
        }
        db_reset(st);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* The lists of the base date: the registry and list-size dates the
 * entitlements use, each practice's list, and every PCN's. */
static int read_lists(struct db *db, fy_t fy, struct arena *a, struct iiftables *t,
                      struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc;
    date_t base = fy_base_date(fy);
    struct pcn_msg fm = {0};
    t->members_rc = funding_members_date(db, fy, a, &t->members_date, &fm);
    if (t->members_rc == PCN_ENOTFOUND || t->members_rc == PCN_EINVAL) {
        t->members_note = arena_strdup(a, fm.text);
        return 0;
    }
    if (t->members_rc) {
        *m = fm;
        return t->members_rc;
    }
    if ((rc = funding_list_date(db, base, a, &t->list_date, m)))
        return rc;
    if (t->list_date == DATE_NONE)
        return 0;
    if ((rc = db_cached(db, "SELECT practice_code, total FROM list_size WHERE list_date = ?", &st,
                        m)))
        return rc;
    db_bind_date(st, 1, t->list_date);
    while ((rc = db_step(st, m)) == 1) {
        int64_t *v = ARENA_NEW(a, int64_t);
        *v = db_col_int(st, 1);
        strmap_put(&t->lists, db_col_strdup(a, st, 0), v);
    }
    db_reset(st);
    if (rc < 0)
        return rc;
    const char *k;
    void *val;
    for (size_t it = 0; strmap_next(&t->members, &it, &k, &val);) {
        const struct iiftables_vec *ms = val;
        bool counted = false;
        for (size_t i = 0; i < ms->n; i++) {
            const struct iiftables_member *r = (const struct iiftables_member *)ms->v + i;
            const int64_t *tot;
            if (!iiftables_holds_on(r->from, r->to, t->members_date) ||
                !(tot = strmap_get(&t->lists, r->practice)))
                continue;
            t->national_list += *tot;
            if (!counted)
                t->national_pcns++;
            counted = true;
        }
    }
    return 0;
}

/* Reads what every PCN's year needs, each table once. */
int iiftables_read(struct db *db, const struct rules_year *y, fy_t fy, struct arena *a,
                   struct iiftables *t, struct pcn_msg *m)
{
    int rc;
    if ((rc = read_registry(db, a, t, m)) || (rc = read_published(db, fy, a, t, m)) ||
        (rc = read_entries(db, fy, a, t, m)) || (rc = read_prevalence(db, y, fy, a, t, m)))
        return rc;
    return read_lists(db, fy, a, t, m);
}
