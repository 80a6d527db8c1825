#include "common.h"
#include "registry.h"
#include "regdate.h"
#include "db.h"
#include "strmap.h"

const char *reg_event_kind_name(enum reg_event_kind k)
{
    switch (k) {
    case EV_JOINED:
        return "joined";
    case EV_LEFT:
        return "left";
    case EV_RENAMED:
        return "renamed";
    }
    return "?";
}

/* ---- applying a publication ------------------------------------------- */

int registry_apply(struct db *db, const struct reg_snapshot *s, struct reg_changes *out,
                   struct pcn_msg *m)
{
    return regpub_apply(db, s, out, m);
}

/* ---- queries ------------------------------------------------------------ */

static int pcn_trend(struct db *db, const char *code, struct arena *a, date_t **dates,
                     int64_t **totals, size_t *n, struct pcn_msg *m);

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

int registry_org(struct db *db, const char *code, date_t on, struct arena *a, struct org_info *out,
                 struct pcn_msg *m)
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
static int ref_of(struct db *db, const char *code, date_t on, struct arena *a, struct org_ref *ref,
                  const char **parent, struct pcn_msg *m)
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

/* Reads the snapshot on the date inside a read transaction of its own (or
 * the caller's, when one is open). */
static int snap_load(struct db *db, const char *icb, date_t on, struct arena *a, struct regdate *s,
                     date_t *ld, struct pcn_msg *m)
{
    bool own = !db_in_transaction(db);
    int rc;
    if (own && (rc = db_begin_read(db, m)))
        return rc;
    if (!(rc = registry_list_date(db, on, ld, m)))
        rc = regdate_read(db, icb, on, *ld, a, s, m);
    if (own)
        db_rollback(db);
    if (rc)
        regdate_release(s);
    return rc;
}

static void pcn_rows_of(const struct regdate *s, const char *icb, struct arena *a,
                        struct pcn_row **out, size_t *n)
{
    size_t cap = 64, k = 0;
    struct pcn_row *rows = arena_alloc(a, cap * sizeof *rows);
    for (size_t i = 0; i < s->n; i++) {
        const struct regdate_node *nd = &s->nodes[i];
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
    struct regdate s;
    date_t ld;
    int rc;

    if (icb && (rc = registry_expect(db, icb, ORG_ICB, m)))
        return rc;
    if ((rc = snap_load(db, icb, on, a, &s, &ld, m)))
        return rc;
    pcn_rows_of(&s, icb, a, out, n);
    regdate_release(&s);
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
    if ((rc = db_cached(
             db,
             "SELECT m.practice_code, pv.name, ls.total FROM membership m "
             "LEFT JOIN org_version pv ON pv.code = m.practice_code AND " REGDATE_HOLDS(
                 "pv") " "
                       "LEFT JOIN list_size ls ON ls.practice_code = m.practice_code "
                       " AND ls.list_date = ? "
                       "WHERE m.pcn_code = ? AND " REGDATE_HOLDS("m") " ORDER BY m.practice_code",
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
            out->registered_patients = (out->registered_patients < 0 ? 0
                                                                     : out->registered_patients) +
                                       r->registered_patients;
    }
    db_reset(st);
    out->practices = rows;
    out->npractices = k;
    if (rc < 0)
        return rc;
    return pcn_trend(db, code, a, &out->trend_dates, &out->trend_totals, &out->ntrend, m);
}

int registry_list_icbs(struct db *db, date_t on, struct arena *a, struct icb_row **out, size_t *n,
                       struct pcn_msg *m)
{
    struct regdate s;
    date_t ld;
    size_t cap = 64, k = 0;
    int rc;

    if ((rc = snap_load(db, NULL, on, a, &s, &ld, m)))
        return rc;
    struct icb_row *rows = arena_alloc(a, cap * sizeof *rows);
    for (size_t i = 0; i < s.n; i++) {
        const struct regdate_node *nd = &s.nodes[i];
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
    regdate_release(&s);
    *out = rows;
    *n = k;
    return 0;
}

int registry_icb(struct db *db, const char *code, date_t on, struct arena *a,
                 struct icb_detail *out, struct pcn_msg *m)
{
    struct org_info info;
    struct regdate s;
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
    const struct regdate_node *icb = strmap_get(&s.map, code);
    if (icb && icb->holds)
        out->registered_patients = icb->icb_list;
    regdate_release(&s);
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

#define BAND_COLS                                                                                  \
    "m00, m05, m10, m15, m20, m25, m30, m35, m40, m45, m50, m55, m60, m65, m70, m75, m80, "        \
    "m85, m90, m95, f00, f05, f10, f15, f20, f25, f30, f35, f40, f45, f50, f55, f60, f65, "        \
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
    if ((rc = db_cached(
             db,
             "SELECT pcn_code FROM membership m WHERE practice_code = ? AND " REGDATE_HOLDS("m"),
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
    int rc = db_cached(db, "SELECT MIN(extract_date) FROM publication WHERE kind = 'registry'", &st,
                       m);
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

int registry_pcn_history(struct db *db, const char *code, struct arena *a, struct reg_event **out,
                         size_t *n, struct pcn_msg *m)
{
    struct db_stmt *st;
    date_t first;
    size_t cap = 16, k = 0;
    int rc;

    if ((rc = registry_expect(db, code, ORG_PCN, m)) || (rc = first_registry_date(db, &first, m)))
        return rc;
    struct reg_event *ev = arena_alloc(a, cap * sizeof *ev);
#define PUSH_EVENT()                                                                               \
    do {                                                                                           \
        ev = arena_grow(a, ev, k, &cap, sizeof *ev);                                               \
        memset(&ev[k], 0, sizeof ev[k]);                                                           \
        k++;                                                                                       \
    } while (0)

    /* Joins and leaves, with the practice's other PCN on either side. */
    if ((rc = db_cached(
             db,
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
    if ((rc = db_cached(
             db, "SELECT valid_from, name FROM org_version WHERE code = ? ORDER BY valid_from", &st,
             m)))
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
    int rc = db_cached(
        db,
        "SELECT o.code, o.kind, v.name FROM org o JOIN org_version v ON v.code = "
        "o.code WHERE o.kind IN ('icb', 'pcn', 'practice') AND " REGDATE_HOLDS(
            "v") " AND "
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
