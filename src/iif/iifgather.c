#include "common.h"
#include "iifgather.h"
#include "buf.h"
#include "db.h"
#include "funding.h"
#include "registry.h"

static const char *day_words(struct arena *a, date_t t)
{
    struct buf b;
    buf_init(&b, 64);
    date_add_uk(&b, t);
    const char *s = arena_strdup(a, b.buf);
    buf_release(&b);
    return s;
}

/* "31 March 2024", remembered for the next PCN. */
static const char *day_text(struct iifgather *g, struct arena *a, date_t t)
{
    if (g->da != a) {
        g->da = a;
        g->nday = 0;
        g->note = NULL;
    }
    for (size_t i = 0; i < g->nday; i++)
        if (g->days[i] == t)
            return g->day_words[i];
    size_t i = g->nday < 4 ? g->nday++ : (size_t)(t & 3);
    g->days[i] = t;
    g->day_words[i] = day_words(a, t);
    return g->day_words[i];
}

/* Adds one figure to a practice or total. */
static void add_part(struct iif_data *dt, const char *part, int64_t v)
{
    if (strcmp(part, "numerator") == 0) {
        dt->numerator += v;
        dt->has_numerator = true;
    } else if (strcmp(part, "denominator") == 0) {
        dt->denominator += v;
        dt->has_denominator = true;
    }
}

static int cmp_practice_in(const void *x, const void *y)
{
    return strcmp(((const struct iif_practice_in *)x)->code,
                  ((const struct iif_practice_in *)y)->code);
}

/* The member practices of pcn on a date (by code, with their names on the
 * date), with no figures yet. */
static int members_on(struct iifgather *g, const char *pcn, date_t on, struct arena *a,
                      struct iif_members *mb, struct pcn_msg *m)
{
    mb->n = 0;
    mb->practices = NULL;
    if (g->t) {
        const struct iiftables_vec *ms = strmap_get(&g->t->members, pcn);
        size_t n = 0;
        mb->practices = arena_zalloc(a, ((ms ? ms->n : 0) + 1) * sizeof *mb->practices);
        for (size_t i = 0; ms && i < ms->n; i++) {
            const struct iiftables_member *r = (const struct iiftables_member *)ms->v + i;
            if (!iiftables_holds_on(r->from, r->to, on))
                continue;
            struct iif_practice_in *p = &mb->practices[n++];
            p->code = r->practice;
            const struct iiftables_vec *vs = strmap_get(&g->t->versions, r->practice);
            for (size_t k = 0; vs && k < vs->n; k++) {
                const struct iiftables_version *v = (const struct iiftables_version *)vs->v + k;
                if (iiftables_holds_on(v->from, v->to, on))
                    p->name = v->name;
            }
        }
        qsort(mb->practices, n, sizeof *mb->practices, cmp_practice_in);
        mb->on = on;
        mb->n = n;
        return 0;
    }
    struct pcn_detail d;
    int rc = registry_pcn(g->db, pcn, on, a, &d, m);
    if (rc == PCN_ENOTFOUND)
        return 0;
    if (rc)
        return rc;
    mb->on = on;
    mb->n = d.npractices;
    mb->practices = arena_zalloc(a, (d.npractices + 1) * sizeof *mb->practices);
    for (size_t i = 0; i < d.npractices; i++) {
        mb->practices[i].code = d.practices[i].code;
        mb->practices[i].name = d.practices[i].name;
    }
    return 0;
}

static struct iif_practice_in *member(struct iif_members *mb, const char *code)
{
    for (size_t i = 0; i < mb->n; i++)
        if (strcmp(mb->practices[i].code, code) == 0)
            return &mb->practices[i];
    return NULL;
}

/* A practice's part into the breakdown. */
static void practice_part(struct iif_practice_in *p, const char *part, int64_t v, bool *has_num,
                          bool *has_den)
{
    if (strcmp(part, "numerator") == 0) {
        p->numerator = v;
        *has_num = true;
    } else if (strcmp(part, "denominator") == 0) {
        p->denominator = v;
        *has_den = true;
    }
}

/* The latest achievement date of an indicator's published figures in the
 * year, or DATE_NONE. */
static int published_date(struct iifgather *g, fy_t fy, const char *code, date_t *ach,
                          struct pcn_msg *m)
{
    *ach = DATE_NONE;
    if (g->t) {
        const date_t *d = strmap_get(&g->t->ach, code);
        if (d)
            *ach = *d;
        return 0;
    }
    struct db_stmt *st;
    int rc;
    if ((rc = db_cached(g->db, "SELECT MAX(ach_date) FROM iif_published WHERE fy = ? AND code = ?",
                        &st, m)))
        return rc;
    db_bind_int(st, 1, fy);
    db_bind_text(st, 2, code);
    if ((rc = db_step(st, m)) == 1 && !db_col_null(st, 0))
        *ach = db_col_date(st, 0);
    db_reset(st);
    return rc < 0 ? rc : 0;
}

/* Calls fn for each published figure of one organisation and indicator on
 * the date. */
static int published_rows(struct iifgather *g, fy_t fy, date_t ach, const char *code,
                          const char *org, struct arena *a,
                          void (*fn)(void *ctx, const char *part, int64_t v), void *ctx,
                          struct pcn_msg *m)
{
    if (g->t) {
        char kb[IIFTABLES_KEY_MAX];
        const struct iiftables_vec *v = strmap_get(&g->t->published,
                                                   iiftables_key(kb, a, code, org));
        for (size_t i = 0; v && i < v->n; i++) {
            const struct iiftables_figure *r = (const struct iiftables_figure *)v->v + i;
            fn(ctx, r->part, r->value);
        }
        return 0;
    }
    struct db_stmt *st;
    int rc;
    if ((rc = db_cached(g->db,
                        "SELECT part, value FROM iif_published WHERE fy = ? AND ach_date = ? "
                        "AND code = ? AND org_code = ?",
                        &st, m)))
        return rc;
    db_bind_int(st, 1, fy);
    db_bind_date(st, 2, ach);
    db_bind_text(st, 3, code);
    db_bind_text(st, 4, org);
    while ((rc = db_step(st, m)) == 1)
        fn(ctx, db_col_text(st, 0), db_col_int(st, 1));
    db_reset(st);
    return rc < 0 ? rc : 0;
}

static void own_part(void *ctx, const char *part, int64_t v)
{
    add_part(ctx, part, v);
}

struct member_sum {
    struct iif_practice_in *p;
    struct iif_data *sum;
    bool hn, hd;
};

static void member_part(void *ctx, const char *part, int64_t v)
{
    struct member_sum *s = ctx;
    practice_part(s->p, part, v, &s->hn, &s->hd);
    add_part(s->sum, part, v);
}

/* The publication's figures of one indicator for the PCN: its own row, else
 * the sum of its members on the achievement date.  *found when any. */
static int published(struct iifgather *g, const char *pcn, fy_t fy, const char *code, date_t over,
                     struct arena *a, struct iif_data *dt, struct iif_members *mb, bool *found,
                     struct pcn_msg *m)
{
    int rc;
    date_t ach;
    *found = false;
    if ((rc = published_date(g, fy, code, &ach, m)))
        return rc;
    if (ach == DATE_NONE)
        return 0;
    /* The PCN's own row. */
    struct iif_data own = {0};
    if ((rc = published_rows(g, fy, ach, code, pcn, a, own_part, &own, m)))
        return rc;
    /* Its members' rows. */
    date_t on = over != DATE_NONE ? over : ach;
    if ((rc = members_on(g, pcn, on, a, mb, m)))
        return rc;
    mb->on = on;
    mb->published = true;
    struct iif_data sum = {0};
    long with = 0;
    for (size_t i = 0; i < mb->n; i++) {
        struct member_sum ms = {.p = &mb->practices[i], .sum = &sum};
        if ((rc = published_rows(g, fy, ach, code, ms.p->code, a, member_part, &ms, m)))
            return rc;
        ms.p->has_data = ms.hn && ms.hd;
        with += ms.hn || ms.hd;
    }
    const char *day = day_text(g, a, ach);
    if (own.has_numerator || own.has_denominator) {
        *dt = own;
        dt->origin = arena_printf(a,
                                  "NHS England's publication, achievement date %s, for the "
                                  "PCN",
                                  day);
    } else if (with) {
        *dt = sum;
        dt->origin = arena_printf(
            a,
            "NHS England's publication, achievement date %s: the sum of %ld member "
            "practice%s on %s%s",
            day, with, with == 1 ? "" : "s", day_text(g, a, on),
            over != DATE_NONE && over != ach ? " (the membership of another date: an estimate)"
                                             : "");
    } else {
        return 0;
    }
    dt->code = code;
    *found = true;
    return 0;
}

/* The latest month entered for the PCN and indicator in the year (DATE_NONE
 * when none), and that month's rows. */
static int entered_rows(struct iifgather *g, const char *pcn, fy_t fy, const char *code,
                        struct arena *a, date_t *mon, struct iiftables_month **rows, size_t *n,
                        struct pcn_msg *m)
{
    *mon = DATE_NONE;
    *rows = NULL;
    *n = 0;
    if (g->t) {
        char kb[IIFTABLES_KEY_MAX];
        const struct iiftables_vec *v = strmap_get(&g->t->entries, iiftables_key(kb, a, pcn, code));
        if (!v)
            return 0;
        const struct iiftables_month *e = v->v;
        for (size_t i = 0; i < v->n; i++)
            if (e[i].month >= fy_start(fy) && e[i].month <= fy_end(fy) &&
                (*mon == DATE_NONE || e[i].month > *mon))
                *mon = e[i].month;
        *rows = arena_zalloc(a, (v->n + 1) * sizeof **rows);
        for (size_t i = 0; i < v->n; i++)
            if (*mon != DATE_NONE && e[i].month == *mon)
                (*rows)[(*n)++] = e[i];
        return 0;
    }
    struct db_stmt *st;
    int rc;
    if ((rc = db_cached(g->db,
                        "SELECT MAX(month) FROM iif_entry WHERE pcn_code = ? AND code = ? AND "
                        "month >= ? AND month <= ?",
                        &st, m)))
        return rc;
    db_bind_text(st, 1, pcn);
    db_bind_text(st, 2, code);
    db_bind_date(st, 3, fy_start(fy));
    db_bind_date(st, 4, fy_end(fy));
    if ((rc = db_step(st, m)) == 1 && !db_col_null(st, 0))
        *mon = db_col_date(st, 0);
    db_reset(st);
    if (rc < 0 || *mon == DATE_NONE)
        return rc < 0 ? rc : 0;
    if ((rc = db_cached(g->db,
                        "SELECT org_code, numerator, denominator FROM iif_entry WHERE "
                        "pcn_code = ? AND code = ? AND month = ?",
                        &st, m)))
        return rc;
    db_bind_text(st, 1, pcn);
    db_bind_text(st, 2, code);
    db_bind_date(st, 3, *mon);
    struct iiftables_vec v = {0};
    while ((rc = db_step(st, m)) == 1) {
        struct iiftables_month *e = iiftables_push(a, &v, sizeof *e);
        e->month = *mon;
        e->org = db_col_strdup(a, st, 0);
        e->numerator = db_col_int(st, 1);
        e->denominator = db_col_int(st, 2);
    }
    db_reset(st);
    *rows = v.v;
    *n = v.n;
    return rc < 0 ? rc : 0;
}

/* The latest month entered for the indicator in the year. */
static int entered(struct iifgather *g, const char *pcn, fy_t fy, const char *code, date_t over,
                   struct arena *a, struct iif_data *dt, struct iif_members *mb, bool *found,
                   struct pcn_msg *m)
{
    int rc;
    date_t mon;
    struct iiftables_month *rows;
    size_t nrows;
    *found = false;
    if ((rc = entered_rows(g, pcn, fy, code, a, &mon, &rows, &nrows, m)))
        return rc;
    if (mon == DATE_NONE)
        return 0;
    int yy, mm, dd;
    date_to_ymd(mon, &yy, &mm, &dd);
    date_t last = date_from_ymd(yy, mm, date_days_in_month(yy, mm));
    date_t on = over != DATE_NONE ? over : last;
    if ((rc = members_on(g, pcn, on, a, mb, m)))
        return rc;
    mb->on = on;
    struct iif_data own = {0}, sum = {0};
    long with = 0;
    for (size_t i = 0; i < nrows; i++) {
        const char *org = rows[i].org;
        int64_t n = rows[i].numerator, d = rows[i].denominator;
        if (strcmp(org, pcn) == 0) {
            own.numerator = n;
            own.denominator = d;
            own.has_numerator = own.has_denominator = true;
            continue;
        }
        struct iif_practice_in *p = member(mb, org);
        if (!p)
            continue; /* no longer a member on that date */
        p->numerator = n;
        p->denominator = d;
        p->has_data = true;
        sum.numerator += n;
        sum.denominator += d;
        sum.has_numerator = sum.has_denominator = true;
        with++;
    }
    const char *when = arena_printf(a, "%s %d", date_month_name(mm), yy);
    if (own.has_numerator) {
        *dt = own;
        dt->origin = arena_printf(a, "entered for %s, the year to date, for the PCN", when);
    } else if (with) {
        *dt = sum;
        dt->origin = arena_printf(a,
                                  "entered for %s, the year to date: the sum of %ld member "
                                  "practice%s",
                                  when, with, with == 1 ? "" : "s");
    } else {
        return 0;
    }
    dt->code = code;
    *found = true;
    return 0;
}

/* The PCN's members on the registry date of the lists with their lists (as
 * funding_inputs gives them), or why they cannot be had: *note set and 0. */
struct list_base {
    date_t members_date, list_date;
    struct iif_members mb;
    int64_t *registered; /* per member; -1 unknown */
    const char *note;
};

static int list_base(struct iifgather *g, const char *pcn, fy_t fy, struct arena *a,
                     struct list_base *lb, struct pcn_msg *m)
{
    memset(lb, 0, sizeof *lb);
    if (g->t) {
        if (g->t->members_rc) {
            lb->note = g->t->members_note;
            return 0;
        }
        lb->members_date = g->t->members_date;
        lb->list_date = g->t->list_date;
        int rc = members_on(g, pcn, lb->members_date, a, &lb->mb, m);
        if (rc)
            return rc;
        lb->registered = arena_zalloc(a, (lb->mb.n + 1) * sizeof *lb->registered);
        for (size_t i = 0; i < lb->mb.n; i++) {
            const int64_t *t = strmap_get(&g->t->lists, lb->mb.practices[i].code);
            lb->registered[i] = t ? *t : -1;
        }
        return 0;
    }
    struct ent_input ein;
    struct pcn_msg fm = {0};
    int rc = funding_inputs(g->db, pcn, fy, a, &ein, &fm);
    if (rc == PCN_ENOTFOUND || rc == PCN_EINVAL) {
        lb->note = arena_strdup(a, fm.text);
        return 0;
    }
    if (rc) {
        *m = fm;
        return rc;
    }
    lb->members_date = ein.members_date;
    lb->list_date = ein.list_date;
    lb->mb.n = ein.npractices;
    lb->mb.practices = arena_zalloc(a, (ein.npractices + 1) * sizeof *lb->mb.practices);
    lb->registered = arena_zalloc(a, (ein.npractices + 1) * sizeof *lb->registered);
    for (size_t i = 0; i < ein.npractices; i++) {
        lb->mb.practices[i].code = ein.practices[i].code;
        lb->registered[i] = ein.practices[i].registered;
    }
    return 0;
}

/* Every PCN in the store: how many have members with lists, and those
 * lists together, on the dates of the lists. */
static int national_lists(struct iifgather *g, date_t members_date, date_t list_date, int64_t *pcns,
                          int64_t *list, struct pcn_msg *m)
{
    if (g->t) {
        *pcns = g->t->national_pcns;
        *list = g->t->national_list;
        return 0;
    }
    struct db_stmt *st;
    int rc;
    if ((rc = db_cached(g->db,
                        "SELECT COUNT(DISTINCT s.pcn_code), COALESCE(SUM(l.total), 0) "
                        "FROM membership s JOIN list_size l ON l.practice_code = s.practice_code "
                        "AND l.list_date = ? WHERE s.valid_from <= ? AND "
                        "(s.valid_to IS NULL OR s.valid_to > ?)",
                        &st, m)))
        return rc;
    db_bind_date(st, 1, list_date);
    db_bind_date(st, 2, members_date);
    db_bind_date(st, 3, members_date);
    if ((rc = db_step(st, m)) == 1) {
        *pcns = db_col_int(st, 0);
        *list = db_col_int(st, 1);
    }
    db_reset(st);
    return rc < 0 ? rc : 0;
}

/* The list-size adjustment's inputs: the PCN's list and every PCN's, at 1
 * January before the year (as the entitlements take them). */
static int lists(struct iifgather *g, const char *pcn, fy_t fy, struct arena *a, struct iif_list *l,
                 struct pcn_msg *m)
{
    struct list_base lb;
    date_t base = fy_base_date(fy);
    memset(l, 0, sizeof *l);
    l->date = base;
    int rc = list_base(g, pcn, fy, a, &lb, m);
    if (rc)
        return rc;
    if (lb.note) {
        l->note = lb.note;
        return 0;
    }
    if (lb.list_date == DATE_NONE) {
        l->note = "the store has no list sizes: import gp-reg-pat-prac-quin-age";
        return 0;
    }
    if (lb.mb.n == 0) {
        l->note = arena_printf(a, "the PCN has no member practices on %s",
                               day_text(g, a, lb.members_date));
        return 0;
    }
    for (size_t i = 0; i < lb.mb.n; i++) {
        if (lb.registered[i] < 0) {
            l->note = arena_printf(a, "no list size for %s on %s", lb.mb.practices[i].code,
                                   day_text(g, a, lb.list_date));
            return 0;
        }
        l->pcn_list += lb.registered[i];
    }
    if ((rc = national_lists(g, lb.members_date, lb.list_date, &l->national_pcns, &l->national_list,
                             m)))
        return rc;
    l->known = l->national_pcns > 0 && l->national_list > 0;
    l->date = lb.list_date;
    l->estimate = lb.list_date != base || lb.members_date != base;
    /* The same words for every PCN of the run: made once. */
    if (g->da == a && g->note && g->note_key[0] == base && g->note_key[1] == lb.members_date &&
        g->note_key[2] == lb.list_date) {
        l->note = g->note;
        return 0;
    }
    if (l->estimate)
        l->note = arena_printf(a,
                               "the store has no %s of %s, so the members of %s and the list "
                               "sizes of %s stand in: an estimate; national is every PCN in "
                               "the store",
                               lb.members_date != base ? "registry" : "list sizes",
                               day_text(g, a, base), day_text(g, a, lb.members_date),
                               day_text(g, a, lb.list_date));
    else
        l->note = arena_printf(a, "lists of %s; national is every PCN in the store",
                               day_text(g, a, base));
    g->note = l->note;
    g->note_key[0] = base;
    g->note_key[1] = lb.members_date;
    g->note_key[2] = lb.list_date;
    return 0;
}

/* Prevalences entered for the indicator: the PCN's and England's. */
static int prevalence_entered(struct iifgather *g, fy_t fy, const char *code, const char *pcn,
                              struct arena *a, struct iif_prevalence *p, bool *pcn_in, bool *nat_in,
                              struct pcn_msg *m)
{
    *pcn_in = *nat_in = false;
    if (g->t) {
        char kb[IIFTABLES_KEY_MAX];
        const struct iiftables_pair *pp = strmap_get(&g->t->prev, iiftables_key(kb, a, code, pcn));
        const struct iiftables_pair *np = strmap_get(&g->t->prev,
                                                     iiftables_key(kb, a, code, "national"));
        if (pp) {
            p->pcn_patients = pp->a;
            p->pcn_list = pp->b;
            *pcn_in = true;
        }
        if (np) {
            p->national_patients = np->a;
            p->national_list = np->b;
            *nat_in = true;
        }
        return 0;
    }
    struct db_stmt *st;
    int rc;
    if ((rc = db_cached(g->db,
                        "SELECT scope, patients, list_size FROM iif_prevalence WHERE fy = ? AND "
                        "code = ? AND (scope = ? OR scope = 'national')",
                        &st, m)))
        return rc;
    db_bind_int(st, 1, fy);
    db_bind_text(st, 2, code);
    db_bind_text(st, 3, pcn);
    while ((rc = db_step(st, m)) == 1) {
        if (strcmp(db_col_text(st, 0), "national") == 0) {
            p->national_patients = db_col_int(st, 1);
            p->national_list = db_col_int(st, 2);
            *nat_in = true;
        } else {
            p->pcn_patients = db_col_int(st, 1);
            p->pcn_list = db_col_int(st, 2);
            *pcn_in = true;
        }
    }
    db_reset(st);
    return rc < 0 ? rc : 0;
}

/* The QOF year of a register used for fy: its own, else the latest loaded
 * before it; 0 when none. */
static int qof_year(struct iifgather *g, const char *reg, fy_t fy, fy_t *qy, struct pcn_msg *m)
{
    *qy = 0;
    if (!g->t)
        return iiftables_qof_year(g->db, reg, fy, qy, m);
    for (size_t i = 0; i < g->t->nqof; i++)
        if (strcmp(g->t->qof[i].reg, reg) == 0)
            *qy = g->t->qof[i].qy;
    return 0;
}

static const struct iiftables_qof *qof_of(const struct iifgather *g, const char *reg)
{
    for (size_t i = 0; i < g->t->nqof; i++)
        if (strcmp(g->t->qof[i].reg, reg) == 0)
            return &g->t->qof[i];
    return NULL;
}

/* A register over every practice of its year: patients and lists. */
static int qof_national(struct iifgather *g, const char *reg, fy_t qy, struct iiftables_pair *out,
                        struct pcn_msg *m)
{
    if (!g->t)
        return iiftables_qof_national(g->db, reg, qy, out, m);
    memset(out, 0, sizeof *out);
    const struct iiftables_qof *q = qof_of(g, reg);
    if (q)
        *out = q->national;
    return 0;
}

/* A register over the practices given: patients and lists added up. */
static int qof_practices(struct iifgather *g, const char *reg, fy_t qy,
                         const struct iif_members *mb, struct iiftables_pair *out,
                         struct pcn_msg *m)
{
    memset(out, 0, sizeof *out);
    if (g->t) {
        const struct iiftables_qof *q = qof_of(g, reg);
        for (size_t i = 0; q && i < mb->n; i++) {
            const struct iiftables_pair *pp = strmap_get(&q->practices, mb->practices[i].code);
            if (pp) {
                out->a += pp->a;
                out->b += pp->b;
            }
        }
        return 0;
    }
    struct db_stmt *st;
    int rc;
    if ((rc = db_cached(g->db,
                        "SELECT patients, list_size FROM qof_register WHERE fy = ? AND "
                        "register = ? AND practice_code = ?",
                        &st, m)))
        return rc;
    for (size_t i = 0; i < mb->n; i++) {
        db_bind_int(st, 1, qy);
        db_bind_text(st, 2, reg);
        db_bind_text(st, 3, mb->practices[i].code);
        if ((rc = db_step(st, m)) == 1) {
            out->a += db_col_int(st, 0);
            out->b += db_col_int(st, 1);
        }
        db_reset(st);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* A prevalence for an indicator whose rules say it has one. */
static int prevalence(struct iifgather *g, const char *pcn, fy_t fy, const char *register_code,
                      const struct iif_list *l, date_t on, struct arena *a, struct iif_data *dt,
                      struct pcn_msg *m)
{
    int rc;
    struct iif_prevalence *p = &dt->prev;
    memset(p, 0, sizeof *p);
    bool pcn_in, nat_in;
    /* Entered. */
    if ((rc = prevalence_entered(g, fy, dt->code, pcn, a, p, &pcn_in, &nat_in, m)))
        return rc;
    if (pcn_in && nat_in) {
        p->known = true;
        p->origin = "entered";
        return 0;
    }
    if (register_code && register_code[0]) {
        /* The QOF register: its year, else the latest loaded before it. */
        fy_t qy;
        if ((rc = qof_year(g, register_code, fy, &qy, m)))
            return rc;
        if (!qy)
            return 0;
        if (!nat_in) {
            struct iiftables_pair nat;
            if ((rc = qof_national(g, register_code, qy, &nat, m)))
                return rc;
            p->national_patients = nat.a;
            p->national_list = nat.b;
        }
        if (!pcn_in) {
            struct iif_members mb = {0};
            struct iiftables_pair sum;
            if ((rc = members_on(g, pcn, on, a, &mb, m)) ||
                (rc = qof_practices(g, register_code, qy, &mb, &sum, m)))
                return rc;
            p->pcn_patients += sum.a;
            p->pcn_list += sum.b;
        }
        char qfy[8];
        fy_format(qy, qfy);
        p->known = p->pcn_list > 0 && p->national_list > 0 && p->national_patients > 0;
        p->origin = arena_printf(a, "QOF %s register %s%s%s", qfy, register_code,
                                 pcn_in || nat_in ? " and figures entered" : "",
                                 qy != fy ? " (an earlier year's register: an estimate)" : "");
        return 0;
    }
    /* The indicator's own denominator over the PCN's list; England's must
     * be entered. */
    if (!pcn_in && dt->has_denominator && l->known) {
        p->pcn_patients = dt->denominator;
        p->pcn_list = l->pcn_list;
        pcn_in = true;
    }
    p->known = pcn_in && nat_in;
    p->origin = nat_in ? "the indicator's denominator ÷ the PCN's list, and England's entered"
                       : "England's prevalence is not entered";
    return 0;
}

/* The PCN's year, once its name is known. */
int iifgather_pcn(struct iifgather *g, const struct rules_year *y, const char *pcn,
                  const char *name, fy_t fy, date_t members_over, struct arena *a,
                  struct iif_pcn *out, struct pcn_msg *m)
{
    int rc;
    memset(out, 0, sizeof *out);
    out->fy = fy;
    out->members_on = members_over;
    out->code = pcn;
    out->name = name ? name : pcn;
    out->data = arena_zalloc(a, (y->niif + 1) * sizeof *out->data);
    out->members = arena_zalloc(a, (y->niif + 1) * sizeof *out->members);
    struct iif_input *in = &out->in;
    in->fy = fy;
    in->on = fy_end(fy);
    in->rounding = ROUND_HALF_UP;
    if ((rc = lists(g, pcn, fy, a, &in->list, m)))
        return rc;
    for (size_t i = 0; i < y->niif; i++) {
        const char *code = y->iif[i].code;
        bool dup = false;
        for (size_t k = 0; k < i && !dup; k++)
            dup = strcmp(y->iif[k].code, code) == 0;
        if (dup)
            continue;
        struct iif_data dt = {.code = code};
        struct iif_members mb = {.code = code, .on = DATE_NONE};
        bool found;
        if ((rc = published(g, pcn, fy, code, members_over, a, &dt, &mb, &found, m)))
            return rc;
        if (!found) {
            memset(&mb, 0, sizeof mb);
            mb.code = code;
            if ((rc = entered(g, pcn, fy, code, members_over, a, &dt, &mb, &found, m)))
                return rc;
        }
        dt.code = code;
        const struct rule_iif_adjustment *pa = iif_adjustment(y, code, ADJUST_PREVALENCE, in->on);
        bool want_prev = pa && pa->known && pa->yes;
        if (want_prev && (rc = prevalence(g, pcn, fy, pa->register_code, &in->list,
                                          found && mb.on != DATE_NONE ? mb.on : in->on, a, &dt, m)))
            return rc;
        if (!found && !want_prev)
            continue;
        out->data[out->ndata++] = dt;
        if (found) {
            mb.code = code;
            out->members[out->nmembers++] = mb;
        }
    }
    in->data = out->data;
    in->ndata = out->ndata;
    return 0;
}
