#include "common.h"
#include "funding.h"
#include "strmap.h"
#include "override.h"
#include "audit.h"
#include "db.h"
#include "ods.h"
#include "registry.h"

static int expect_pcn(struct db *db, const char *pcn, struct pcn_msg *m)
{
    return registry_expect(db, pcn, ORG_PCN, m);
}

/* ---- membership and list sizes ----------------------------------------- */

/* The date whose membership is used: the base date if the registry reaches
 * back to it, else the earliest publication loaded. */
static int members_date(struct db *db, date_t base, struct arena *a, date_t *on, struct pcn_msg *m)
{
    date_t *d;
    size_t n;
    int rc = registry_publications(db, "registry", a, &d, &n, m);
    if (rc)
        return rc;
    if (n == 0)
        return msg_set(m, PCN_ENOTFOUND,
                       "the store has no registry: import gp-reg-pat-prac-map first");
    *on = d[n - 1] <= base ? base : d[n - 1];
    return 0;
}

int funding_members_date(struct db *db, fy_t fy, struct arena *a, date_t *on, struct pcn_msg *m)
{
    return members_date(db, fy_base_date(fy), a, on, m);
}

int funding_list_date(struct db *db, date_t base, struct arena *a, date_t *out, struct pcn_msg *m)
{
    date_t *d;
    size_t n;
    int rc = registry_publications(db, "list_size", a, &d, &n, m);
    if (rc)
        return rc;
    *out = DATE_NONE;
    for (size_t i = 0; i < n; i++) { /* newest first */
        if (d[i] <= base) {
            *out = d[i];
            return 0;
        }
    }
    if (n)
        *out = d[n - 1];
    return 0;
}

int funding_members(struct db *db, const char *pcn, fy_t fy, struct arena *a, const char ***codes,
                    size_t *n, date_t *on, struct pcn_msg *m)
{
    struct pcn_detail d;
    int rc;
    if ((rc = expect_pcn(db, pcn, m)) || (rc = members_date(db, fy_base_date(fy), a, on, m)) ||
        (rc = registry_pcn(db, pcn, *on, a, &d, m)))
        return rc;
    *codes = arena_zalloc(a, (d.npractices + 1) * sizeof **codes);
    for (size_t i = 0; i < d.npractices; i++)
        (*codes)[i] = d.practices[i].code;
    *n = d.npractices;
    return 0;
}

/* ---- gathering the engine's inputs -------------------------------------- */

static int practice_bases(struct db *db, struct ent_practice *p, date_t list_on, date_t pop_on,
                          struct pcn_msg *m)
{
    struct db_stmt *ls, *pop;
    int rc;
    if ((rc = db_cached(db, "SELECT total FROM list_size WHERE practice_code = ? AND list_date = ?",
                        &ls, m)) ||
        (rc = db_cached(db,
                        "SELECT weighted_h, adjusted_h FROM population "
                        "WHERE practice_code = ? AND pop_date = ?",
                        &pop, m)))
        return rc;
    p->registered = p->weighted_h = p->adjusted_h = -1;
    if (list_on != DATE_NONE) {
        db_bind_text(ls, 1, p->code);
        db_bind_date(ls, 2, list_on);
        if ((rc = db_step(ls, m)) == 1)
            p->registered = db_col_int(ls, 0);
        db_reset(ls);
        if (rc < 0)
            return rc;
    }
    db_bind_text(pop, 1, p->code);
    db_bind_date(pop, 2, pop_on);
    if ((rc = db_step(pop, m)) == 1) {
        if (!db_col_null(pop, 0))
            p->weighted_h = db_col_int(pop, 0);
        if (!db_col_null(pop, 1))
            p->adjusted_h = db_col_int(pop, 1);
    }
    db_reset(pop);
    return rc < 0 ? rc : 0;
}

/* The rows the inputs are made of, for one PCN (pcn set) or for every PCN
 * at once (pcn NULL: the national walk, a few queries in all), each set
 * sorted by PCN code so that a PCN's rows are one run of them. */
struct bed_row {
    const char *pcn;
    date_t month;
    int64_t beds;
};
struct caip_row {
    const char *pcn;
    int64_t bp, num, den;
    bool exact;
};
struct dist_row {
    const char *pcn, *stream, *method;
    int64_t from;
};
struct share_row {
    const char *pcn, *stream, *practice;
    int64_t from, bp;
};
struct pcn_rows {
    struct bed_row *beds;
    size_t nbeds;
    struct caip_row *caip;
    size_t ncaip;
    struct dist_row *dist;
    size_t ndist;
    struct share_row *shares;
    size_t nshares;
};

/* The statement of one of the sets: sql_one filters on the PCN (its first
 * parameter), sql_all reads every PCN's. */
static int rows_stmt(struct db *db, const char *pcn, const char *sql_one, const char *sql_all,
                     struct db_stmt **st, int *next, struct pcn_msg *m)
{
    int rc = db_cached(db, pcn ? sql_one : sql_all, st, m);
    if (rc)
        return rc;
    *next = 1;
    if (pcn)
        db_bind_text(*st, (*next)++, pcn);
    return 0;
}

/* The care home beds entered up to the year's last month. */
static int load_beds(struct db *db, const char *pcn, fy_t fy, struct arena *a, struct pcn_rows *out,
                     struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc, k;
    size_t cap;
    if ((rc = rows_stmt(db, pcn,
                        "SELECT pcn_code, month, beds FROM care_home_beds WHERE pcn_code = ? "
                        "AND month <= ? ORDER BY month",
                        "SELECT pcn_code, month, beds FROM care_home_beds WHERE month <= ? "
                        "ORDER BY pcn_code, month",
                        &st, &k, m)))
        return rc;
    db_bind_date(st, k, date_add_months(fy_start(fy), ENT_MONTHS - 1));
    cap = 0;
    while ((rc = db_step(st, m)) == 1) {
        if (out->nbeds == cap)
            out->beds = arena_grow(a, out->beds, out->nbeds, &cap, sizeof *out->beds);
        struct bed_row *r = &out->beds[out->nbeds++];
        const char *t = db_col_text(st, 1);
        r->pcn = db_col_strdup(a, st, 0);
        r->beds = db_col_int(st, 2);
        if (date_parse_iso(t, strlen(t), &r->month)) {
            rc = msg_set(m, PCN_EDB, "care_home_beds: bad month '%s'", t);
            break;
        }
    }
    db_reset(st);
    return rc < 0 ? rc : 0;
}

/* The CAIP achievement of the year. */
static int load_caip(struct db *db, const char *pcn, fy_t fy, struct arena *a, struct pcn_rows *out,
                     struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc, k;
    size_t cap;
    if ((rc = rows_stmt(db, pcn,
                        "SELECT pcn_code, achieved_bp, share_num, share_den FROM caip_achievement "
                        "WHERE pcn_code = ? AND fy = ?",
                        "SELECT pcn_code, achieved_bp, share_num, share_den FROM caip_achievement "
                        "WHERE fy = ? ORDER BY pcn_code",
                        &st, &k, m)))
        return rc;
    db_bind_int(st, k, fy);
    cap = 0;
    while ((rc = db_step(st, m)) == 1) {
        if (out->ncaip == cap)
            out->caip = arena_grow(a, out->caip, out->ncaip, &cap, sizeof *out->caip);
        struct caip_row *r = &out->caip[out->ncaip++];
        r->pcn = db_col_strdup(a, st, 0);
        r->bp = db_col_int(st, 1);
        r->exact = !db_col_null(st, 2) && !db_col_null(st, 3) && db_col_int(st, 3) > 0;
        r->num = r->exact ? db_col_int(st, 2) : 0;
        r->den = r->exact ? db_col_int(st, 3) : 0;
    }
    db_reset(st);
    return rc < 0 ? rc : 0;
}

/* The Network Agreement in force for the year: for each stream, the
 * newest entered from this year or before. */
static int load_dist(struct db *db, const char *pcn, fy_t fy, struct arena *a, struct pcn_rows *out,
                     struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc, k;
    size_t cap;
    if ((rc = rows_stmt(db, pcn,
                        "SELECT d.pcn_code, d.stream, d.method, d.from_fy FROM distribution d "
                        "WHERE d.pcn_code = ? AND d.from_fy = (SELECT MAX(e.from_fy) "
                        " FROM distribution e WHERE e.pcn_code = d.pcn_code "
                        " AND e.stream = d.stream AND e.from_fy <= ?) ORDER BY d.stream",
                        "SELECT d.pcn_code, d.stream, d.method, d.from_fy FROM distribution d "
                        "WHERE d.from_fy = (SELECT MAX(e.from_fy) "
                        " FROM distribution e WHERE e.pcn_code = d.pcn_code "
                        " AND e.stream = d.stream AND e.from_fy <= ?) "
                        "ORDER BY d.pcn_code, d.stream",
                        &st, &k, m)))
        return rc;
    db_bind_int(st, k, fy);
    cap = 0;
    while ((rc = db_step(st, m)) == 1) {
        if (out->ndist == cap)
            out->dist = arena_grow(a, out->dist, out->ndist, &cap, sizeof *out->dist);
        struct dist_row *r = &out->dist[out->ndist++];
        r->pcn = db_col_strdup(a, st, 0);
        r->stream = db_col_strdup(a, st, 1);
        r->method = db_col_strdup(a, st, 2);
        r->from = db_col_int(st, 3);
    }
    db_reset(st);
    return rc < 0 ? rc : 0;
}

/* The fixed shares of the agreements, of this year or before. */
static int load_shares(struct db *db, const char *pcn, fy_t fy, struct arena *a,
                       struct pcn_rows *out, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc, k;
    size_t cap;
    if ((rc = rows_stmt(db, pcn,
                        "SELECT pcn_code, stream, from_fy, practice_code, share_bp "
                        "FROM distribution_share WHERE pcn_code = ? AND from_fy <= ? "
                        "ORDER BY stream, from_fy, practice_code",
                        "SELECT pcn_code, stream, from_fy, practice_code, share_bp "
                        "FROM distribution_share WHERE from_fy <= ? "
                        "ORDER BY pcn_code, stream, from_fy, practice_code",
                        &st, &k, m)))
        return rc;
    db_bind_int(st, k, fy);
    cap = 0;
    while ((rc = db_step(st, m)) == 1) {
        if (out->nshares == cap)
            out->shares = arena_grow(a, out->shares, out->nshares, &cap, sizeof *out->shares);
        struct share_row *r = &out->shares[out->nshares++];
        r->pcn = db_col_strdup(a, st, 0);
        r->stream = db_col_strdup(a, st, 1);
        r->from = db_col_int(st, 2);
        r->practice = db_col_strdup(a, st, 3);
        r->bp = db_col_int(st, 4);
    }
    db_reset(st);
    return rc < 0 ? rc : 0;
}

static int load_rows(struct db *db, const char *pcn, fy_t fy, struct arena *a, struct pcn_rows *out,
                     struct pcn_msg *m)
{
    int rc;
    memset(out, 0, sizeof *out);
    if ((rc = load_beds(db, pcn, fy, a, out, m)) || (rc = load_caip(db, pcn, fy, a, out, m)) ||
        (rc = load_dist(db, pcn, fy, a, out, m)))
        return rc;
    if (out->ndist == 0)
        return 0; /* no agreement: no shares to read */
    return load_shares(db, pcn, fy, a, out, m);
}

/* The run of a PCN's rows in a set sorted by PCN code, from *at on (the
 * walk goes through the PCNs in code order, so *at only moves on). */
#define RUN_OF(rows, nrows, at, code, first, count)                                                \
    do {                                                                                           \
        while (*(at) < (nrows) && strcmp((rows)[*(at)].pcn, (code)) < 0)                           \
            (*(at))++;                                                                             \
        (first) = *(at);                                                                           \
        while (*(at) < (nrows) && strcmp((rows)[*(at)].pcn, (code)) == 0)                          \
            (*(at))++;                                                                             \
        (count) = *(at) - (first);                                                                 \
    } while (0)

/* Where the walk has got to in each set. */
struct rows_at {
    size_t beds, caip, dist, shares;
};

/* Fills the beds, CAIP and agreements of in (its practices already set)
 * from the PCN's runs of rows. */
static int apply_rows(const struct pcn_rows *r, struct rows_at *at, fy_t fy, struct arena *a,
                      struct ent_input *in, struct pcn_msg *m)
{
    const char *pcn = in->pcn_code;
    size_t f, n;

    /* Each month's beds: the newest figure entered for it or before. */
    RUN_OF(r->beds, r->nbeds, &at->beds, pcn, f, n);
    for (int k = 0; k < ENT_MONTHS; k++) {
        date_t month = date_add_months(fy_start(fy), k);
        for (size_t i = f; i < f + n && r->beds[i].month <= month; i++) {
            in->beds_known[k] = true;
            in->beds[k] = r->beds[i].beds;
            in->beds_from[k] = r->beds[i].month;
        }
    }

    RUN_OF(r->caip, r->ncaip, &at->caip, pcn, f, n);
    if (n) {
        const struct caip_row *c = &r->caip[f];
        in->caip_known = true;
        in->caip_bp = c->bp;
        in->caip_num = c->exact ? c->num : c->bp;
        in->caip_den = c->exact ? c->den : BP_WHOLE;
    }

    size_t df, dn, sf, sn;
    RUN_OF(r->dist, r->ndist, &at->dist, pcn, df, dn);
    RUN_OF(r->shares, r->nshares, &at->shares, pcn, sf, sn);
    if (!dn)
        return 0;
    struct ent_agreement *ag = arena_zalloc(a, dn * sizeof *ag);
    char fyname[8];
    fy_format(fy, fyname);
    const char **problems = NULL;
    size_t pcap = 0;
    for (size_t i = 0; i < dn; i++) {
        const struct dist_row *d = &r->dist[df + i];
        struct ent_agreement *g = &ag[i];
        g->stream = strcmp(d->stream, "*") == 0 ? NULL : d->stream;
        if (ent_method_parse(d->method, &g->method))
            return msg_set(m, PCN_EDB, "distribution: unknown method '%s'", d->method);
        char from[8];
        fy_format((fy_t)d->from, from);
        g->origin = arena_printf(a, "the Network Agreement as entered from %s%s", from,
                                 g->stream ? "" : " for every stream");
        if (g->method != METHOD_FIXED)
            continue;
        /* Fixed shares, in the order of the practices. */
        int64_t *bp = arena_zalloc(a, (in->npractices + 1) * sizeof *bp);
        const char *gone = NULL; /* a practice named that is not a member */
        int64_t sum = 0;
        for (size_t j = sf; j < sf + sn; j++) {
            const struct share_row *s = &r->shares[j];
            if (strcmp(s->stream, d->stream) != 0 || s->from != d->from)
                continue;
            size_t k = 0;
            while (k < in->npractices && strcmp(in->practices[k].code, s->practice) != 0)
                k++;
            if (k == in->npractices) {
                if (!gone)
                    gone = s->practice;
                continue;
            }
            bp[k] = s->bp;
            sum += bp[k];
        }
        if (!gone && sum == BP_WHOLE) {
            g->fixed_bp = bp;
            continue;
        }
        /* The registry moved on under the agreement (a practice left, or
         * one joined): the money is still worked out, shared by registered
         * list, and the problem is said where the figures are shown. */
        char on[11];
        date_format_iso(in->members_date, on);
        const char *what = g->stream ? arena_printf(a, "the %s stream", g->stream)
                                     : "every stream without its own method";
        const char *why =
            gone ? arena_printf(a, "name %s, which is not a member of %s on %s", gone, pcn, on)
                 : arena_printf(a,
                                "add up to %" PRId64 ".%02" PRId64 "%% for the members of %s "
                                "on %s, not 100%%",
                                sum / 100, sum % 100, pcn, on);
        if (in->nproblems == pcap)
            problems = arena_grow(a, problems, in->nproblems, &pcap, sizeof *problems);
        problems[in->nproblems++] = arena_printf(
            a,
            "The fixed shares for %s (the Network Agreement as entered from %s) %s. Until "
            "they are set again for %s, %s is shared by registered-list share.",
            what, from, why, fyname, g->stream ? "that stream" : "the money");
        in->problems = problems;
        g->method = METHOD_REGISTERED;
        g->origin = arena_printf(a, "standing in for the fixed shares entered from %s, which %s",
                                 from, why);
    }
    in->agreements = ag;
    in->nagreements = dn;
    return 0;
}

int funding_inputs(struct db *db, const char *pcn, fy_t fy, struct arena *a, struct ent_input *in,
                   struct pcn_msg *m)
{
    struct pcn_detail d;
    date_t base = fy_base_date(fy);
    int rc;

    memset(in, 0, sizeof *in);
    in->fy = fy;
    in->rounding = ROUND_HALF_UP;
    if ((rc = expect_pcn(db, pcn, m)) || (rc = members_date(db, base, a, &in->members_date, m)) ||
        (rc = funding_list_date(db, base, a, &in->list_date, m)) ||
        (rc = registry_pcn(db, pcn, in->members_date, a, &d, m)))
        return rc;
    in->pcn_code = d.pcn.code;
    in->pcn_name = d.pcn.name;
    in->npractices = d.npractices;
    in->practices = arena_zalloc(a, (d.npractices + 1) * sizeof *in->practices);
    for (size_t i = 0; i < d.npractices; i++) {
        struct ent_practice *p = &in->practices[i];
        p->code = d.practices[i].code;
        p->name = d.practices[i].name;
        if ((rc = practice_bases(db, p, in->list_date, base, m)))
            return rc;
    }
    struct pcn_rows rows;
    struct rows_at at = {0};
    if ((rc = load_rows(db, pcn, fy, a, &rows, m)))
        return rc;
    return apply_rows(&rows, &at, fy, a, in, m);
}

/* The engine on inputs already gathered, with the PCN's layered rules. */
static int compute_with(const struct rules *lr, const struct ent_input *in, fy_t fy,
                        struct arena *a, struct ent_result *res, struct pcn_msg *m)
{
    const struct rules_year *y = rules_year(lr, fy);
    if (!y) {
        char fyl[8];
        fy_format(fy, fyl);
        return msg_set(m, PCN_ENOTFOUND, "the rules have no year %s for %s", fyl, in->pcn_code);
    }
    return entitle_compute(in, y, a, res, m);
}

int funding_compute(struct db *db, const struct rules *r, const char *pcn, fy_t fy, struct arena *a,
                    struct ent_input *in, struct ent_result *res, struct pcn_msg *m)
{
    const struct rules *lr;
    int rc = funding_inputs(db, pcn, fy, a, in, m);
    if (rc || (rc = override_rules(db, r, pcn, in->members_date, a, &lr, m)))
        return rc;
    return compute_with(lr, in, fy, a, res, m);
}

int funding_compute_layered(struct db *db, const struct rules *lr, const char *pcn, fy_t fy,
                            struct arena *a, struct ent_input *in, struct ent_result *res,
                            struct pcn_msg *m)
{
    int rc = funding_inputs(db, pcn, fy, a, in, m);
    return rc ? rc : compute_with(lr, in, fy, a, res, m);
}

bool funding_no_members(int rc, const struct ent_input *in)
{
    return rc == PCN_EINVAL && in->npractices == 0;
}

/* A version row that holds on a date (two parameters: the date twice). */
#define HOLDS_ON(t) t ".valid_from <= ? AND (" t ".valid_to IS NULL OR " t ".valid_to > ?)"

/* ---- every PCN at once --------------------------------------------------- */

struct member_row {
    const char *pcn, *code, *name;
};
struct base_row {
    int64_t registered, weighted_h, adjusted_h;
};

/* Every PCN's member practices on the date, sorted by PCN and practice,
 * and every practice's list size and populations on the dates, by code:
 * three queries for England. */
static int load_members(struct db *db, date_t on, date_t list_on, date_t pop_on, struct arena *a,
                        struct member_row **out, size_t *n, struct strmap *bases, struct pcn_msg *m)
{
    struct db_stmt *st;
    size_t cap = 0;
    int rc = db_cached(db,
                       "SELECT m.pcn_code, m.practice_code, pv.name FROM membership m "
                       "LEFT JOIN org_version pv ON pv.code = m.practice_code AND " HOLDS_ON(
                           "pv") " "
                                 "WHERE " HOLDS_ON("m") " ORDER BY m.pcn_code, m.practice_code",
                       &st, m);
    if (rc)
        return rc;
    db_bind_date(st, 1, on);
    db_bind_date(st, 2, on);
    db_bind_date(st, 3, on);
    db_bind_date(st, 4, on);
    *out = NULL;
    *n = 0;
    while ((rc = db_step(st, m)) == 1) {
        if (*n == cap)
            *out = arena_grow(a, *out, *n, &cap, sizeof **out);
        struct member_row *r = &(*out)[(*n)++];
        r->pcn = db_col_strdup(a, st, 0);
        r->code = db_col_strdup(a, st, 1);
        r->name = db_col_strdup(a, st, 2);
        struct base_row *b = strmap_get(bases, r->code);
        if (!b) {
            b = arena_alloc(a, sizeof *b);
            b->registered = b->weighted_h = b->adjusted_h = -1;
            strmap_put(bases, r->code, b);
        }
    }
    db_reset(st);
    if (rc < 0)
        return rc;
    if (list_on != DATE_NONE) {
        if ((rc = db_cached(db, "SELECT practice_code, total FROM list_size WHERE list_date = ?",
                            &st, m)))
            return rc;
        db_bind_date(st, 1, list_on);
        while ((rc = db_step(st, m)) == 1) {
            struct base_row *b = strmap_get(bases, db_col_text(st, 0));
            if (b)
                b->registered = db_col_int(st, 1);
        }
        db_reset(st);
        if (rc < 0)
            return rc;
    }
    if ((rc = db_cached(db,
                        "SELECT practice_code, weighted_h, adjusted_h FROM population "
                        "WHERE pop_date = ?",
                        &st, m)))
        return rc;
    db_bind_date(st, 1, pop_on);
    while ((rc = db_step(st, m)) == 1) {
        struct base_row *b = strmap_get(bases, db_col_text(st, 0));
        if (!b)
            continue;
        if (!db_col_null(st, 1))
            b->weighted_h = db_col_int(st, 1);
        if (!db_col_null(st, 2))
            b->adjusted_h = db_col_int(st, 2);
    }
    db_reset(st);
    return rc < 0 ? rc : 0;
}

int funding_each_pcn(struct db *db, const char *icb, fy_t fy, const struct rules *r,
                     int (*fn)(void *ctx, const struct ent_result *r, struct pcn_msg *m), void *ctx,
                     long *skipped, struct pcn_msg *m)
{
    struct arena a, pa;
    struct pcn_row *rows;
    struct member_row *mem;
    struct pcn_rows pr;
    struct rows_at at = {0};
    struct strmap bases;
    size_t n, nmem, mat = 0;
    date_t on, list_on, base = fy_base_date(fy);
    int rc;

    *skipped = 0;
    arena_init(&a, 0);
    arena_init(&pa, 0);
    strmap_init(&bases);
    /* Everything for every PCN in a handful of queries in one read
     * transaction, then each PCN worked out in memory, in code order.
     * Every override once for the walk: they are few, and each PCN's are
     * picked by its code and its ICB's. */
    struct rule_override *ov;
    size_t nov;
    bool began = !db_in_transaction(db);
    if (began && (rc = db_begin_read(db, m)))
        goto out;
    if ((rc = members_date(db, base, &a, &on, m)) ||
        (rc = funding_list_date(db, base, &a, &list_on, m)) ||
        (rc = registry_list_pcns(db, icb, on, &a, &rows, &n, m)) ||
        (rc = override_list(db, NULL, &a, &ov, &nov, m)) ||
        (rc = load_members(db, on, list_on, base, &a, &mem, &nmem, &bases, m)) ||
        (rc = load_rows(db, NULL, fy, &a, &pr, m)))
        goto out;
    for (size_t i = 0; i < n; i++) {
        struct ent_input in;
        struct ent_result res;
        size_t f, k;
        arena_reset(&pa);
        RUN_OF(mem, nmem, &mat, rows[i].code, f, k);
        if (k == 0) {
            (*skipped)++;
            continue;
        }
        memset(&in, 0, sizeof in);
        in.fy = fy;
        in.rounding = ROUND_HALF_UP;
        in.no_working = true;
        in.members_date = on;
        in.list_date = list_on;
        in.pcn_code = rows[i].code;
        in.pcn_name = rows[i].name;
        in.npractices = k;
        in.practices = arena_zalloc(&pa, (k + 1) * sizeof *in.practices);
        for (size_t j = 0; j < k; j++) {
            struct ent_practice *p = &in.practices[j];
            const struct base_row *b = strmap_get(&bases, mem[f + j].code);
            p->code = mem[f + j].code;
            p->name = mem[f + j].name;
            p->registered = b->registered;
            p->weighted_h = b->weighted_h;
            p->adjusted_h = b->adjusted_h;
        }
        if ((rc = apply_rows(&pr, &at, fy, &pa, &in, m)))
            goto out;
        const struct rules *lr;
        override_pick(r, ov, nov, rows[i].code, rows[i].icb_code, &pa, &lr);
        if ((rc = compute_with(lr, &in, fy, &pa, &res, m)) || (rc = fn(ctx, &res, m)))
            goto out;
    }
out:
    if (began && db_in_transaction(db))
        db_rollback(db);
    strmap_release(&bases);
    arena_release(&pa);
    arena_release(&a);
    return rc;
}
