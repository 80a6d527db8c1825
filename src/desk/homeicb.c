#include "common.h"
#include "homeicb.h"
#include "db.h"
#include "override.h"
#include "registry.h"
#include "strmap.h"

/* Whether the rules (already layered for the PCN) know a national maximum
 * for the role on the day. */
bool home_max_known(const struct rules *r, const char *role, date_t on)
{
    const struct rules_year *y = rules_year(r, fy_of(on));
    if (!y)
        return false;
    for (size_t k = 0; k < y->nmaxima; k++)
        if (y->maxima[k].area == AREA_NATIONAL && y->maxima[k].known &&
            strcmp(y->maxima[k].role, role) == 0 && y->maxima[k].m.from <= on &&
            on <= y->maxima[k].m.to)
            return true;
    return false;
}

/* ---- an ICB -------------------------------------------------------------- */

static int month_key(const char *s, int *y, int *mo)
{
    int64_t yy, mm;
    if (!s || strlen(s) != 7 || s[4] != '-' || parse_i64n(s, 4, 1900, 9999, &yy) ||
        parse_i64n(s + 5, 2, 1, 12, &mm))
        return -1;
    *y = (int)yy;
    *mo = (int)mm;
    return 0;
}

/* Every post in post at some time in the year read (one statement), with
 * its months of claims submitted. */
struct icb_post {
    int64_t id;
    struct home_icb_row *row;
    const char *pcn, *role;
    date_t start, end;
    uint16_t submitted; /* a bit per month of the year: a claim submitted or later */
    bool last_claimed;
};

/* What icb_fill's steps share. */
struct icb_fill {
    struct db *db;
    struct arena *a;
    struct pcn_msg *m;
    struct home_icb *out;
    struct strmap *idx, *pidx; /* PCN code -> row, post id -> post */
    date_t today, fy0;         /* the start of today's financial year */
    date_t from;               /* the start of last month's financial year */
    date_t lm_first, lm_last;  /* last month */
    int nmonths;               /* April to last month: the months whose claims are due */
    struct icb_post *posts;
    size_t np;
};

static bool post_in(const struct icb_post *p, date_t first, date_t last)
{
    return p->start <= last && (p->end == DATE_NONE || p->end >= first);
}

static int icb_posts(struct icb_fill *f)
{
    struct db_stmt *st;
    size_t cap = 0;
    char iso[11];
    date_format_iso(f->from, iso);
    int rc = db_cached(f->db,
                       "SELECT id, pcn_code, role_code, start_date, end_date FROM arrs_staff "
                       "WHERE end_date IS NULL OR end_date >= ? ORDER BY id",
                       &st, f->m);
    if (rc)
        return rc;
    db_bind_text(st, 1, iso);
    while ((rc = db_step(st, f->m)) == 1) {
        struct home_icb_row *row = strmap_get(f->idx, db_col_text(st, 1));
        if (!row)
            continue;
        if (f->np == cap)
            f->posts = arena_grow(f->a, f->posts, f->np, &cap, sizeof *f->posts);
        struct icb_post *p = &f->posts[f->np++];
        *p = (struct icb_post){.id = db_col_int(st, 0),
                               .row = row,
                               .pcn = row->pcn,
                               .role = db_col_strdup(f->a, st, 2),
                               .end = DATE_NONE};
        const char *s = db_col_text(st, 3);
        if (date_parse_iso(s, strlen(s), &p->start))
            p->start = f->fy0;
        if (!db_col_null(st, 4)) {
            s = db_col_text(st, 4);
            if (date_parse_iso(s, strlen(s), &p->end))
                p->end = DATE_NONE;
        }
    }
    db_reset(st);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < f->np; i++)
        strmap_put(f->pidx, arena_printf(f->a, "%lld", (long long)f->posts[i].id), &f->posts[i]);
    return 0;
}

/* Every claim from last month's year to the end of this one (one
 * statement): the rows' sums and the posts' months. */
static int icb_claims(struct icb_fill *f)
{
    struct db_stmt *st;
    char from_m[16], to_m[16];
    int y0, m0, yf, mf0, dd;
    date_to_ymd(f->from, &yf, &mf0, &dd);
    date_to_ymd(f->fy0, &y0, &m0, &dd);
    snprintf(from_m, sizeof from_m, "%04d-04", yf);
    snprintf(to_m, sizeof to_m, "%04d-03", y0 + 1);
    int rc = db_cached(f->db,
                       "SELECT staff_id, pcn_code, month, status, claim_pence, approved_pence "
                       "FROM arrs_claim WHERE month >= ? AND month <= ?",
                       &st, f->m);
    if (rc)
        return rc;
    db_bind_text(st, 1, from_m);
    db_bind_text(st, 2, to_m);
    while ((rc = db_step(st, f->m)) == 1) {
        struct home_icb_row *row = strmap_get(f->idx, db_col_text(st, 1));
        if (!row)
            continue;
        const char *status = db_col_text(st, 3);
        pence_t claim = db_col_int(st, 4);
        int y = 0, mo = 0;
        bool parsed = month_key(db_col_text(st, 2), &y, &mo) == 0;
        bool this_year = parsed && date_from_ymd(y, mo, 1) >= f->fy0;
        if (this_year)
            row->claimed += claim;
        bool sent = strcmp(status, "draft") != 0;
        if (!strcmp(status, "submitted") || !strcmp(status, "approved")) {
            row->awaiting++;
            row->awaiting_pence += !strcmp(status, "approved") && !db_col_null(st, 5)
                                       ? db_col_int(st, 5)
                                       : claim;
        }
        struct icb_post *p = strmap_get(f->pidx,
                                        arena_printf(f->a, "%lld", (long long)db_col_int(st, 0)));
        if (!p || !sent || !parsed)
            continue;
        if (this_year)
            p->submitted |= (uint16_t)(1u << ((mo + 8) % 12));
        if (y == f->out->last_year && mo == f->out->last_month)
            p->last_claimed = true;
    }
    db_reset(st);
    return rc < 0 ? rc : 0;
}

/* Each post counted into its row: in post today, last month's claim to
 * submit, months unclaimed, and (with the rules) roles whose maximum is not
 * known, the overrides read once and each PCN's picked in memory. */
static int icb_count(struct icb_fill *f, const struct rules *r, const char *icb)
{
    struct rule_override *ov = NULL;
    size_t nov = 0;
    int rc;
    date_t today = f->today;
    if (r && (rc = override_list(f->db, NULL, f->a, &ov, &nov, f->m)))
        return rc;
    const char *last_pcn = NULL;
    const struct rules *lr = r;
    for (size_t i = 0; i < f->np; i++) {
        struct icb_post *p = &f->posts[i];
        struct home_icb_row *row = p->row;
        if (post_in(p, today, today))
            row->posts++;
        if (post_in(p, f->lm_first, f->lm_last) && !p->last_claimed)
            row->to_submit++;
        for (int k = 0; k < f->nmonths; k++) {
            date_t mf = date_add_months(f->fy0, k), ml = date_add_months(mf, 1) - 1;
            if (post_in(p, mf, ml) && !(p->submitted & (1u << k)))
                row->unclaimed_months++;
        }
        if (r && post_in(p, today, today)) {
            if (!last_pcn || strcmp(last_pcn, p->pcn) != 0) {
                override_pick(r, ov, nov, p->pcn, icb, f->a, &lr);
                last_pcn = p->pcn;
            }
            bool seen = false;
            for (size_t k = 0; k < i; k++)
                seen |= f->posts[k].row == row && strcmp(f->posts[k].role, p->role) == 0 &&
                        post_in(&f->posts[k], today, today);
            if (!seen && !home_max_known(lr, p->role, today))
                row->not_known++;
        }
    }
    return 0;
}

static void icb_totals(struct home_icb *out, const struct rules *r, fy_t fy)
{
    for (size_t i = 0; i < out->n; i++) {
        struct home_icb_row *row = &out->rows[i];
        row->risk = row->unclaimed_months > 0 || row->posts == 0;
        out->to_submit += row->to_submit > 0;
        out->awaiting += row->awaiting > 0;
        out->awaiting_pence += row->awaiting_pence;
        out->at_risk += row->risk;
        out->with_not_known += row->not_known > 0;
    }
    const struct rules_year *y = r ? rules_year(r, fy) : NULL;
    for (size_t i = 0; y && i < y->nrates; i++)
        if (!y->rates[i].known && !y->rates[i].alternative)
            out->streams_not_known++;
}

static int icb_fill(struct db *db, const struct rules *r, const char *icb, date_t today,
                    struct arena *a, struct home_icb *out, struct strmap *idxp,
                    struct strmap *pidxp, struct pcn_msg *m)
{
    struct icb_detail d;
    int rc, dd;
    *out = (struct home_icb){.icb = icb, .name = icb, .today = today};
    date_to_ymd(date_add_months(today, -1), &out->last_year, &out->last_month, &dd);
    if ((rc = registry_icb(db, icb, today, a, &d, m)))
        return rc;
    if (d.icb.name)
        out->name = d.icb.name;
    out->n = d.npcns;
    out->rows = arena_zalloc(a, (d.npcns ? d.npcns : 1) * sizeof *out->rows);
    for (size_t i = 0; i < d.npcns; i++) {
        out->rows[i].pcn = d.pcns[i].code;
        out->rows[i].name = d.pcns[i].name;
        strmap_put(idxp, d.pcns[i].code, &out->rows[i]);
    }
    fy_t fy = fy_of(today);
    struct icb_fill f = {.db = db,
                         .a = a,
                         .m = m,
                         .out = out,
                         .idx = idxp,
                         .pidx = pidxp,
                         .today = today,
                         .fy0 = fy_start(fy)};
    f.lm_first = date_from_ymd(out->last_year, out->last_month, 1);
    f.lm_last = date_add_months(f.lm_first, 1) - 1;
    /* read from last month's financial year (in April, the year before) */
    f.from = fy_start(fy_of(f.lm_first));
    for (date_t t = f.fy0; t <= f.lm_first && f.lm_first >= f.fy0; t = date_add_months(t, 1))
        f.nmonths++;
    if ((rc = icb_posts(&f)) || (rc = icb_claims(&f)) || (rc = icb_count(&f, r, icb)))
        return rc;
    icb_totals(out, r, fy);
    return 0;
}

int home_icb(struct db *db, const struct rules *r, const char *icb, date_t today, struct arena *a,
             struct home_icb *out, struct pcn_msg *m)
{
    struct strmap idx, pidx;
    strmap_init(&idx);
    strmap_init(&pidx);
    int rc = icb_fill(db, r, icb, today, a, out, &idx, &pidx, m);
    strmap_release(&idx);
    strmap_release(&pidx);
    return rc;
}
