/* regdate.c: the registry on a date, read as sets (regdate.h). */
#include "common.h"
#include "regdate.h"
#include "db.h"

static void add_list(int64_t *sum, int64_t v)
{
    *sum = (*sum < 0 ? 0 : *sum) + v;
}

/* The node of a code.  Rows read in code order find theirs by walking *cur
 * forward; a row out of that order (a collation that sorts otherwise) falls
 * back to the map. */
static struct regdate_node *node_at(const struct regdate *s, size_t *cur, const char *code)
{
    while (*cur < s->n && strcmp(s->nodes[*cur].code, code) < 0)
        (*cur)++;
    if (*cur < s->n && strcmp(s->nodes[*cur].code, code) == 0)
        return &s->nodes[*cur];
    return strmap_get(&s->map, code);
}

/* ICBs: their practices' lists and their PCNs, each through its sub-ICB
 * location on the date. */
static void icb_sums(struct regdate *s)
{
    for (size_t i = 0; i < s->n; i++) {
        struct regdate_node *nd = &s->nodes[i];
        if (!nd->holds || (nd->kind != ORG_PCN && nd->list < 0) || !nd->up || !nd->up->parent)
            continue;
        struct regdate_node *icb = strmap_get(&s->map, nd->up->parent);
        if (!icb)
            continue;
        if (nd->list >= 0)
            add_list(&icb->icb_list, nd->list);
        if (nd->kind == ORG_PCN)
            icb->icb_pcns++;
    }
}

/* Prepares sql (db_cached), whose two parameters are the date of its one
 * REGDATE_HOLDS, and binds them. */
static int holding_on(struct db *db, const char *sql, date_t on, struct db_stmt **st,
                      struct pcn_msg *m)
{
    int rc = db_cached(db, sql, st, m);
    if (!rc) {
        db_bind_date(*st, 1, on);
        db_bind_date(*st, 2, on);
    }
    return rc;
}

static int read_all(struct db *db, date_t on, date_t ld, struct arena *a, struct regdate *s,
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
        struct regdate_node *nd = &s->nodes[s->n++];
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
    if ((rc = holding_on(db,
                         "SELECT code, parent_code, name FROM org_version v WHERE " REGDATE_HOLDS(
                             "v") " ORDER BY code",
                         on, &st, m)))
        return rc;
    cur = 0;
    while ((rc = db_step(st, m)) == 1) {
        struct regdate_node *nd = node_at(s, &cur, db_col_text(st, 0));
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
        struct regdate_node *up = parents[i] ? strmap_get(&s->map, parents[i]) : NULL;
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
            struct regdate_node *nd = node_at(s, &cur, db_col_text(st, 0));
            if (nd)
                nd->list = db_col_int(st, 1);
        }
        db_reset(st);
        if (rc < 0)
            return rc;
    }

    if ((rc = holding_on(db,
                         "SELECT practice_code, pcn_code FROM membership m WHERE " REGDATE_HOLDS(
                             "m") " ORDER BY practice_code",
                         on, &st, m)))
        return rc;
    cur = 0;
    while ((rc = db_step(st, m)) == 1) {
        struct regdate_node *pr = node_at(s, &cur, db_col_text(st, 0));
        struct regdate_node *pcn = strmap_get(&s->map, db_col_text(st, 1));
        if (!pcn)
            continue;
        pcn->members++;
        if (pr && pr->list >= 0)
            add_list(&pcn->member_list, pr->list);
    }
    db_reset(st);
    if (rc < 0)
        return rc;

    icb_sums(s);
    return 0;
}

/* The part of the registry one ICB's page shows, in two statements: its
 * sub-ICB locations, the PCNs and practices under them with the practices'
 * lists; then the memberships of those PCNs with their practices' lists.
 * The nodes are those organisations only (no org scan), in code order. */
static int read_icb(struct db *db, const char *icb, date_t on, date_t ld, struct arena *a,
                    struct regdate *s, struct pcn_msg *m)
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
                        "WHERE " REGDATE_HOLDS(
                            "v") " AND (v.code = ? OR v.parent_code = ? OR v.parent_code IN "
                                 " (SELECT sv.code FROM org_version sv WHERE sv.parent_code = ? "
                                 "AND " REGDATE_HOLDS("sv") ")) "
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
        struct regdate_node *nd = &s->nodes[s->n];
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
    if ((rc = db_cached(
             db,
             "SELECT m.pcn_code, ls.total FROM membership m "
             "LEFT JOIN list_size ls ON ls.practice_code = m.practice_code AND ls.list_date = ? "
             "WHERE " REGDATE_HOLDS("m") " AND m.pcn_code IN (SELECT v.code FROM org_version v "
                                         "WHERE " REGDATE_HOLDS(
                                             "v") " AND v.parent_code IN (SELECT sv.code FROM "
                                                  "org_version sv "
                                                  " WHERE sv.parent_code = ? AND " REGDATE_HOLDS(
                                                      "sv") "))",
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
        struct regdate_node *pcn = strmap_get(&s->map, db_col_text(st, 0));
        if (!pcn)
            continue;
        pcn->members++;
        if (!db_col_null(st, 1))
            add_list(&pcn->member_list, db_col_int(st, 1));
    }
    db_reset(st);
    if (rc < 0)
        return rc;
    icb_sums(s);
    return 0;
}

int regdate_read(struct db *db, const char *icb, date_t on, date_t ld, struct arena *a,
                 struct regdate *s, struct pcn_msg *m)
{
    return icb ? read_icb(db, icb, on, ld, a, s, m) : read_all(db, on, ld, a, s, m);
}

void regdate_release(struct regdate *s)
{
    strmap_release(&s->map);
}
