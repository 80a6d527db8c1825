#include "common.h"
#include "audit.h"
#include "iifdata.h"
#include "arena.h"
#include "buf.h"
#include "db.h"
#include "fielderr.h"
#include "funding.h"
#include "ods.h"
#include "registry.h"
#include "strmap.h"

/* ---- the publication's orphans ------------------------------------------ */

int iifdata_unallocated(struct db *db, fy_t fy, struct arena *a, date_t *ach,
                        struct iif_orphan **out, size_t *n, struct pcn_msg *m)
{
    struct db_stmt *st = NULL;
    size_t cap = 0;
    int rc;
    *out = NULL;
    *n = 0;
    *ach = DATE_NONE;
    if ((rc = db_prepare(db,
                         "SELECT MAX(ach_date) FROM iif_published WHERE fy = ? AND "
                         "org_type = 'practice'",
                         &st, m)))
        return rc;
    db_bind_int(st, 1, fy);
    if ((rc = db_step(st, m)) == 1 && !db_col_null(st, 0))
        *ach = db_col_date(st, 0);
    db_finalize(st);
    st = NULL;
    if (rc < 0 || *ach == DATE_NONE)
        return rc < 0 ? rc : 0;
    if ((rc = db_prepare(db,
                         "SELECT p.org_code, MIN(p.org_name) FROM iif_published p "
                         "WHERE p.fy = ? AND p.ach_date = ? AND p.org_type = 'practice' "
                         "AND NOT EXISTS (SELECT 1 FROM membership s WHERE "
                         "s.practice_code = p.org_code AND s.valid_from <= ? AND "
                         "(s.valid_to IS NULL OR s.valid_to > ?)) "
                         "GROUP BY p.org_code ORDER BY p.org_code",
                         &st, m)))
        return rc;
    db_bind_int(st, 1, fy);
    db_bind_date(st, 2, *ach);
    db_bind_date(st, 3, *ach);
    db_bind_date(st, 4, *ach);
    while ((rc = db_step(st, m)) == 1) {
        if (*n == cap)
            *out = arena_grow(a, *out, *n, &cap, sizeof **out);
        (*out)[*n].code = arena_strdup(a, db_col_text(st, 0));
        (*out)[*n].name = arena_strdup(a, db_col_text(st, 1));
        (*n)++;
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* ---- figures entered ------------------------------------------------------ */

/* Is practice a member of pcn on the date? */
static int member_of(struct db *db, const char *practice, const char *pcn, date_t on, bool *yes,
                     struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(db,
                       "SELECT 1 FROM membership WHERE practice_code = ? AND pcn_code = ? AND "
                       "valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)",
                       &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, practice);
    db_bind_text(st, 2, pcn);
    db_bind_date(st, 3, on);
    db_bind_date(st, 4, on);
    rc = db_step(st, m);
    db_reset(st);
    if (rc < 0)
        return rc;
    *yes = rc == 1;
    return 0;
}

static bool indicator_of_year(const struct rules_year *y, const char *code)
{
    for (size_t i = 0; i < y->niif; i++)
        if (strcmp(y->iif[i].code, code) == 0)
            return true;
    return false;
}

/* The month's figures checked: org (NULL or empty: the PCN) in *org. */
static int enter_check(struct db *db, const struct rules *r, const char *pcn, const char **org,
                       const char *code, int year, int month, int64_t numerator,
                       int64_t denominator, const char **field, struct pcn_msg *m)
{
    int rc;
    if ((rc = registry_expect(db, pcn, ORG_PCN, m)))
        return rc;
    if (month < 1 || month > 12 || year < 1900 || year > 2999)
        return fielderr_set(m, field, "month", "give the month as YYYY-MM");
    date_t last = date_from_ymd(year, month, date_days_in_month(year, month));
    fy_t fy = fy_of(last);
    char fyl[8];
    fy_format(fy, fyl);
    const struct rules_year *y = rules_year(r, fy);
    if (!y)
        return fielderr_set(m, field, "month", "the rules have no year %s", fyl);
    if (!code || !indicator_of_year(y, code))
        return fielderr_set(m, field, "code", "%s is not an IIF indicator of %s (%s)",
                            code ? code : "(none)", fyl, y->dir);
    if (numerator < 0)
        return fielderr_set(m, field, "numerator", "the numerator must be a whole number from 0");
    if (denominator < 0)
        return fielderr_set(m, field, "denominator",
                            "the denominator must be a whole number from 0");
    if (numerator > denominator)
        return fielderr_set(m, field, "numerator",
                            "the numerator %" PRId64 " is above the denominator %" PRId64
                            ": the numerator counts patients of the denominator",
                            numerator, denominator);
    if (!*org || !**org)
        *org = pcn;
    if (strcmp(*org, pcn) == 0)
        return 0;
    bool yes = false;
    if ((rc = member_of(db, *org, pcn, last, &yes, m)) || yes)
        return rc;
    struct buf b;
    buf_init(&b, 64);
    date_add_uk(&b, last);
    rc = fielderr_set(m, field, "org", "%s is not a member practice of %s on %s", *org, pcn, b.buf);
    buf_release(&b);
    return rc;
}

/* The figures the month already has, into *before (*had): inside the
 * open transaction. */
static int entry_before(struct db *db, const char *pcn, const char *org, const char *code, int year,
                        int month, const char *mon, bool *had, struct iif_entry *before,
                        struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT numerator, denominator, entered_at FROM iif_entry WHERE "
                        "pcn_code = ? AND code = ? AND month = ? AND org_code = ?",
                        &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, pcn);
    db_bind_text(st, 2, code);
    db_bind_text(st, 3, mon);
    db_bind_text(st, 4, org);
    if ((rc = db_step(st, m)) == 1) {
        *had = true;
        *before = (struct iif_entry){.org = org,
                                     .code = code,
                                     .year = year,
                                     .month = month,
                                     .numerator = db_col_int(st, 0),
                                     .denominator = db_col_int(st, 1),
                                     .entered_at = (time_t)db_col_int(st, 2)};
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static int entry_write(struct db *db, const char *pcn, const char *org, const char *code,
                       const char *mon, int64_t numerator, int64_t denominator, time_t now,
                       struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "INSERT INTO iif_entry (pcn_code, org_code, code, month, numerator, "
                        "denominator, entered_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                        "ON CONFLICT (pcn_code, code, month, org_code) DO UPDATE SET "
                        "numerator = excluded.numerator, denominator = excluded.denominator, "
                        "entered_at = excluded.entered_at",
                        &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, pcn);
    db_bind_text(st, 2, org);
    db_bind_text(st, 3, code);
    db_bind_text(st, 4, mon);
    db_bind_int(st, 5, numerator);
    db_bind_int(st, 6, denominator);
    db_bind_int(st, 7, (int64_t)now);
    rc = db_run(st, m);
    db_finalize(st);
    return rc;
}

int iifdata_enter(struct db *db, const struct rules *r, const char *pcn, const char *org,
                  const char *code, int year, int month, int64_t numerator, int64_t denominator,
                  time_t now, const struct audit_entry *note, bool *had, struct iif_entry *before,
                  const char **field, struct pcn_msg *m)
{
    int rc;
    *had = false;
    if (field)
        *field = NULL;
    if ((rc = enter_check(db, r, pcn, &org, code, year, month, numerator, denominator, field, m)))
        return rc;
    char mon[11], month7[8];
    snprintf(mon, sizeof mon, "%04d-%02d-01", year, month);
    snprintf(month7, sizeof month7, "%04d-%02d", year, month);
    if ((rc = db_begin(db, m)))
        return rc;
    if (!(rc = entry_before(db, pcn, org, code, year, month, mon, had, before, m)) &&
        !(rc = entry_write(db, pcn, org, code, mon, numerator, denominator, now, m)))
        rc = audit_note_write(
            db, note, NULL,
            json_pack("{s:s,s:s,s:s,s:o,s:{s:I,s:I}}", "code", code, "month", month7,
                      "organisation", org, "before",
                      *had ? json_pack("{s:I,s:I}", "numerator", (json_int_t)before->numerator,
                                       "denominator", (json_int_t)before->denominator)
                           : json_null(),
                      "after", "numerator", (json_int_t)numerator, "denominator",
                      (json_int_t)denominator),
            m);
    /* The entry is written: commit, or roll back. */
    return audit_change_end(db, true, NULL, rc, m);
}

int iifdata_entries(struct db *db, const char *pcn, fy_t fy, struct arena *a,
                    struct iif_entry **out, size_t *n, struct pcn_msg *m)
{
    struct db_stmt *st;
    size_t cap = 0;
    int rc = db_prepare(db,
                        "SELECT month, code, org_code, numerator, denominator, entered_at "
                        "FROM iif_entry WHERE pcn_code = ? AND month >= ? AND month <= ? "
                        "ORDER BY month, code, org_code <> pcn_code, org_code",
                        &st, m);
    *out = NULL;
    *n = 0;
    if (rc)
        return rc;
    db_bind_text(st, 1, pcn);
    db_bind_date(st, 2, fy_start(fy));
    db_bind_date(st, 3, fy_end(fy));
    while ((rc = db_step(st, m)) == 1) {
        if (*n == cap)
            *out = arena_grow(a, *out, *n, &cap, sizeof **out);
        struct iif_entry *e = &(*out)[(*n)++];
        date_t mon = db_col_date(st, 0);
        int yy, mm, dd;
        date_to_ymd(mon, &yy, &mm, &dd);
        e->year = yy;
        e->month = mm;
        e->code = arena_strdup(a, db_col_text(st, 1));
        e->org = arena_strdup(a, db_col_text(st, 2));
        e->numerator = db_col_int(st, 3);
        e->denominator = db_col_int(st, 4);
        e->entered_at = (time_t)db_col_int(st, 5);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int iifdata_set_prevalence(struct db *db, const struct rules *r, fy_t fy, const char *code,
                           const char *scope, int64_t patients, int64_t list_size,
                           const struct audit_entry *note, struct pcn_msg *m)
{
    struct db_stmt *st;
    const struct rules_year *y;
    char fyl[8];
    int rc;
    if ((rc = rules_year_need(r, fy, PCN_EINVAL, &y, m)))
        return rc;
    fy_format(fy, fyl);
    if (!code || !indicator_of_year(y, code))
        return msg_set(m, PCN_EINVAL, "%s is not an IIF indicator of %s", code ? code : "(none)",
                       fyl);
    if (strcmp(scope, "national") != 0 && (rc = registry_expect(db, scope, ORG_PCN, m)))
        return rc;
    if (patients < 0 || list_size <= 0)
        return msg_set(m, PCN_EINVAL,
                       "give the patients on the register (from 0) and the list "
                       "they are out of (above 0)");
    if (patients > list_size)
        return msg_set(m, PCN_EINVAL,
                       "%" PRId64 " patients on the register is more than the "
                       "list of %" PRId64,
                       patients, list_size);
    bool own;
    if ((rc = audit_change_begin(db, &own, m)))
        return rc;
    if ((rc = db_prepare(db,
                         "INSERT INTO iif_prevalence (fy, code, scope, patients, list_size) "
                         "VALUES (?, ?, ?, ?, ?) ON CONFLICT (fy, code, scope) DO UPDATE SET "
                         "patients = excluded.patients, list_size = excluded.list_size",
                         &st, m)))
        return audit_change_end(db, own, note, rc, m);
    db_bind_int(st, 1, fy);
    db_bind_text(st, 2, code);
    db_bind_text(st, 3, scope);
    db_bind_int(st, 4, patients);
    db_bind_int(st, 5, list_size);
    rc = db_run(st, m);
    db_finalize(st);
    return audit_change_end(db, own, note, rc, m);
}

/* ---- gathering a PCN's year ------------------------------------------- */

/* Where a PCN's year is read from.  One PCN (iifdata_pcn) asks the store
 * for what it needs; every PCN (iifdata_all) reads the year's tables once,
 * in a fixed number of statements whatever the number of PCNs, and answers
 * the same questions from memory.  The rules of the roll-up below are
 * written once, over either. */

struct mrow { /* a membership period */
    const char *practice;
    date_t from, to; /* to: DATE_NONE when open */
};
struct vrow { /* a version's name and period */
    date_t from, to;
    const char *name;
};
struct prow { /* a published figure */
    const char *part;
    int64_t value;
};
struct erow { /* a month entered */
    date_t month;
    const char *org;
    int64_t numerator, denominator;
};
struct pair {
    int64_t a, b;
};
/* An array in an arena, as the maps below hold them. */
struct vec {
    void *v;
    size_t n, cap;
};

struct qof_reg { /* one QOF register of the year's rules */
    const char *reg;
    fy_t qy;                 /* its year used, 0 when none loaded */
    struct pair national;    /* patients, list */
    struct strmap practices; /* code -> struct pair */
};

struct year_tables {
    fy_t fy;
    struct strmap members;   /* PCN -> vec of mrow, every period */
    struct strmap versions;  /* code -> vec of vrow, oldest first */
    struct strmap ach;       /* indicator -> date_t *, the latest achievement date */
    struct strmap published; /* "indicator\037org" -> vec of prow, of that date */
    struct strmap entries;   /* "PCN\037indicator" -> vec of erow */
    struct strmap prev;      /* "indicator\037scope" -> struct pair */
    struct qof_reg *qof;
    size_t nqof;
    int members_rc; /* the registry's date for the lists: 0 or why not */
    const char *members_note;
    date_t members_date, list_date;
    struct strmap lists; /* practice -> int64_t *, on list_date */
    int64_t national_pcns, national_list;
};

struct gather {
    struct db *db;
    struct year_tables *t; /* NULL: the store, one PCN at a time */
    /* The words of the last few dates, and of the lists' note, made once
     * for every PCN and indicator that says the same (in arena da). */
    struct arena *da;
    date_t days[4];
    const char *day_words[4];
    size_t nday;
    date_t note_key[3];
    const char *note;
};

static void *vec_push(struct arena *a, struct vec *v, size_t elem)
{
    if (v->n == v->cap)
        v->v = arena_grow(a, v->v, v->n, &v->cap, elem);
    return (char *)v->v + elem * v->n++;
}

static struct vec *vec_of(struct arena *a, struct strmap *map, const char *key)
{
    struct vec *v = strmap_get(map, key);
    if (!v) {
        v = ARENA_NEW(a, struct vec);
        strmap_put(map, arena_strdup(a, key), v);
    }
    return v;
}

/* The key "x\037y" of the maps above, in buf when it fits (lookups are
 * many: no allocation), else in the arena. */
enum { KEY_MAX = 96 };
static const char *key2(char *buf, struct arena *a, const char *x, const char *y)
{
    size_t lx = strlen(x), ly = strlen(y);
    if (lx + ly + 2 > KEY_MAX)
        return arena_printf(a, "%s\037%s", x, y);
    memcpy(buf, x, lx);
    buf[lx] = '\037';
    memcpy(buf + lx + 1, y, ly + 1);
    return buf;
}

static bool holds_on(date_t from, date_t to, date_t on)
{
    return from <= on && (to == DATE_NONE || to > on);
}

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
static const char *day_text(struct gather *g, struct arena *a, date_t t)
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
static int members_on(struct gather *g, const char *pcn, date_t on, struct arena *a,
                      struct iif_members *mb, struct pcn_msg *m)
{
    mb->n = 0;
    mb->practices = NULL;
    if (g->t) {
        const struct vec *ms = strmap_get(&g->t->members, pcn);
        size_t n = 0;
        mb->practices = arena_zalloc(a, ((ms ? ms->n : 0) + 1) * sizeof *mb->practices);
        for (size_t i = 0; ms && i < ms->n; i++) {
            const struct mrow *r = (const struct mrow *)ms->v + i;
            if (!holds_on(r->from, r->to, on))
                continue;
            struct iif_practice_in *p = &mb->practices[n++];
            p->code = r->practice;
            const struct vec *vs = strmap_get(&g->t->versions, r->practice);
            for (size_t k = 0; vs && k < vs->n; k++) {
                const struct vrow *v = (const struct vrow *)vs->v + k;
                if (holds_on(v->from, v->to, on))
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
static int published_date(struct gather *g, fy_t fy, const char *code, date_t *ach,
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
static int published_rows(struct gather *g, fy_t fy, date_t ach, const char *code, const char *org,
                          struct arena *a, void (*fn)(void *ctx, const char *part, int64_t v),
                          void *ctx, struct pcn_msg *m)
{
    if (g->t) {
        char kb[KEY_MAX];
        const struct vec *v = strmap_get(&g->t->published, key2(kb, a, code, org));
        for (size_t i = 0; v && i < v->n; i++) {
            const struct prow *r = (const struct prow *)v->v + i;
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
static int published(struct gather *g, const char *pcn, fy_t fy, const char *code, date_t over,
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
static int entered_rows(struct gather *g, const char *pcn, fy_t fy, const char *code,
                        struct arena *a, date_t *mon, struct erow **rows, size_t *n,
                        struct pcn_msg *m)
{
    *mon = DATE_NONE;
    *rows = NULL;
    *n = 0;
    if (g->t) {
        char kb[KEY_MAX];
        const struct vec *v = strmap_get(&g->t->entries, key2(kb, a, pcn, code));
        if (!v)
            return 0;
        const struct erow *e = v->v;
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
    struct vec v = {0};
    while ((rc = db_step(st, m)) == 1) {
        struct erow *e = vec_push(a, &v, sizeof *e);
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
static int entered(struct gather *g, const char *pcn, fy_t fy, const char *code, date_t over,
                   struct arena *a, struct iif_data *dt, struct iif_members *mb, bool *found,
                   struct pcn_msg *m)
{
    int rc;
    date_t mon;
    struct erow *rows;
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

static int list_base(struct gather *g, const char *pcn, fy_t fy, struct arena *a,
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
static int national_lists(struct gather *g, date_t members_date, date_t list_date, int64_t *pcns,
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
static int lists(struct gather *g, const char *pcn, fy_t fy, struct arena *a, struct iif_list *l,
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
static int prevalence_entered(struct gather *g, fy_t fy, const char *code, const char *pcn,
                              struct arena *a, struct iif_prevalence *p, bool *pcn_in, bool *nat_in,
                              struct pcn_msg *m)
{
    *pcn_in = *nat_in = false;
    if (g->t) {
        char kb[KEY_MAX];
        const struct pair *pp = strmap_get(&g->t->prev, key2(kb, a, code, pcn));
        const struct pair *np = strmap_get(&g->t->prev, key2(kb, a, code, "national"));
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
static int qof_year(struct gather *g, const char *reg, fy_t fy, fy_t *qy, struct pcn_msg *m)
{
    *qy = 0;
    if (g->t) {
        for (size_t i = 0; i < g->t->nqof; i++)
            if (strcmp(g->t->qof[i].reg, reg) == 0)
                *qy = g->t->qof[i].qy;
        return 0;
    }
    struct db_stmt *st;
    int rc;
    /* The newest year first, stopping at the first of the register (MAX
     * would read every register row of every year up to fy). */
    if ((rc = db_cached(g->db,
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

static const struct qof_reg *qof_of(const struct gather *g, const char *reg)
{
    for (size_t i = 0; i < g->t->nqof; i++)
        if (strcmp(g->t->qof[i].reg, reg) == 0)
            return &g->t->qof[i];
    return NULL;
}

/* A register over every practice of its year: patients and lists. */
static int qof_national(struct gather *g, const char *reg, fy_t qy, struct pair *out,
                        struct pcn_msg *m)
{
    memset(out, 0, sizeof *out);
    if (g->t) {
        const struct qof_reg *q = qof_of(g, reg);
        if (q)
            *out = q->national;
        return 0;
    }
    struct db_stmt *st;
    int rc;
    if ((rc = db_cached(g->db,
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

/* A register over the practices given: patients and lists added up. */
static int qof_practices(struct gather *g, const char *reg, fy_t qy, const struct iif_members *mb,
                         struct pair *out, struct pcn_msg *m)
{
    memset(out, 0, sizeof *out);
    if (g->t) {
        const struct qof_reg *q = qof_of(g, reg);
        for (size_t i = 0; q && i < mb->n; i++) {
            const struct pair *pp = strmap_get(&q->practices, mb->practices[i].code);
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
static int prevalence(struct gather *g, const char *pcn, fy_t fy, const char *register_code,
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
            struct pair nat;
            if ((rc = qof_national(g, register_code, qy, &nat, m)))
                return rc;
            p->national_patients = nat.a;
            p->national_list = nat.b;
        }
        if (!pcn_in) {
            struct iif_members mb = {0};
            struct pair sum;
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

const struct iif_members *iifdata_members(const struct iif_pcn *p, const char *code)
{
    for (size_t i = 0; i < p->nmembers; i++)
        if (strcmp(p->members[i].code, code) == 0)
            return &p->members[i];
    return NULL;
}

/* The PCN's year, once its name is known. */
static int gather_pcn(struct gather *g, const struct rules_year *y, const char *pcn,
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

int iifdata_pcn(struct db *db, const struct rules *r, const char *pcn, fy_t fy, date_t members_over,
                struct arena *a, struct iif_pcn *out, struct pcn_msg *m)
{
    struct org_info info;
    struct gather g = {.db = db};
    const struct rules_year *y;
    int rc;
    memset(out, 0, sizeof *out);
    if ((rc = registry_expect(db, pcn, ORG_PCN, m)) ||
        (rc = rules_year_need(r, fy, PCN_ENOTFOUND, &y, m)))
        return rc;
    const char *name = NULL;
    if (registry_org(db, pcn, fy_end(fy), a, &info, m) == 0 && info.name)
        name = info.name;
    return gather_pcn(&g, y, pcn, name, fy, members_over, a, out, m);
}

/* ---- every PCN's year, read as sets ------------------------------------ */

static void tables_release(struct year_tables *t)
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

/* Reads what every PCN's year needs, each table once. */
static int tables_read(struct db *db, const struct rules_year *y, fy_t fy, struct arena *a,
                       struct year_tables *t, struct pcn_msg *m)
{
    struct db_stmt *st;
    char kb[KEY_MAX];
    int rc;

    /* Every membership period and every version's name. */
    if ((rc = db_cached(db, "SELECT pcn_code, practice_code, valid_from, valid_to FROM membership",
                        &st, m)))
        return rc;
    while ((rc = db_step(st, m)) == 1) {
        struct mrow *r = vec_push(a, vec_of(a, &t->members, db_col_text(st, 0)), sizeof *r);
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
        struct vrow *r = vec_push(a, vec_of(a, &t->versions, db_col_text(st, 0)), sizeof *r);
        r->from = db_col_date(st, 1);
        r->to = db_col_date(st, 2);
        r->name = db_col_strdup(a, st, 3);
    }
    db_reset(st);
    if (rc < 0)
        return rc;

    /* The publication's figures of the year, each indicator's latest date. */
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
        const char *k = key2(kb, a, db_col_text(st, 0), db_col_text(st, 2));
        struct prow *r = vec_push(a, vec_of(a, &t->published, k), sizeof *r);
        r->part = db_col_strdup(a, st, 3);
        r->value = db_col_int(st, 4);
    }
    db_reset(st);
    if (rc < 0)
        return rc;

    /* Figures entered in the year. */
    if ((rc = db_cached(db,
                        "SELECT pcn_code, code, month, org_code, numerator, denominator "
                        "FROM iif_entry WHERE month >= ? AND month <= ?",
                        &st, m)))
        return rc;
    db_bind_date(st, 1, fy_start(fy));
    db_bind_date(st, 2, fy_end(fy));
    while ((rc = db_step(st, m)) == 1) {
        const char *k = key2(kb, a, db_col_text(st, 0), db_col_text(st, 1));
        struct erow *e = vec_push(a, vec_of(a, &t->entries, k), sizeof *e);
        e->month = db_col_date(st, 2);
        e->org = db_col_strdup(a, st, 3);
        e->numerator = db_col_int(st, 4);
        e->denominator = db_col_int(st, 5);
    }
    db_reset(st);
    if (rc < 0)
        return rc;

    /* Prevalences entered, and the QOF registers the year's rules name. */
    if ((rc = db_cached(db,
                        "SELECT code, scope, patients, list_size FROM iif_prevalence WHERE fy = ?",
                        &st, m)))
        return rc;
    db_bind_int(st, 1, fy);
    while ((rc = db_step(st, m)) == 1) {
        struct pair *pp = ARENA_NEW(a, struct pair);
        pp->a = db_col_int(st, 2);
        pp->b = db_col_int(st, 3);
        const char *k = key2(kb, a, db_col_text(st, 0), db_col_text(st, 1));
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
        struct qof_reg *q = &t->qof[t->nqof++];
        struct gather store = {.db = db};
        q->reg = ad->register_code;
        strmap_init(&q->practices);
        if ((rc = qof_year(&store, q->reg, fy, &q->qy, m)))
            return rc;
        if (!q->qy)
            continue;
        if ((rc = qof_national(&store, q->reg, q->qy, &q->national, m)) ||
            (rc = db_cached(db,
                            "SELECT practice_code, patients, list_size FROM qof_register "
                            "WHERE fy = ? AND register = ?",
                            &st, m)))
            return rc;
        db_bind_int(st, 1, q->qy);
        db_bind_text(st, 2, q->reg);
        while ((rc = db_step(st, m)) == 1) {
            struct pair *pp = ARENA_NEW(a, struct pair);
            pp->a = db_col_int(st, 1);
            pp->b = db_col_int(st, 2);
            strmap_put(&q->practices, db_col_strdup(a, st, 0), pp);
        }
        db_reset(st);
        if (rc < 0)
            return rc;
    }

    /* The lists of the base date: the registry and list-size dates the
     * entitlements use, each practice's list, and every PCN's. */
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
        const struct vec *ms = val;
        bool counted = false;
        for (size_t i = 0; i < ms->n; i++) {
            const struct mrow *r = (const struct mrow *)ms->v + i;
            const int64_t *tot;
            if (!holds_on(r->from, r->to, t->members_date) ||
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

/* Every PCN's year: into scratch (reset after each PCN) when given, else
 * into a, where they all stay. */
static int each_pcn(struct db *db, const struct rules *r, fy_t fy, date_t members_over,
                    struct arena *a, struct arena *scratch, iifdata_pcn_fn fn, void *ctx,
                    struct pcn_msg *m)
{
    struct year_tables t;
    struct gather g = {.db = db, .t = &t};
    struct db_stmt *st;
    const struct rules_year *y;
    int rc;

    if ((rc = rules_year_need(r, fy, PCN_ENOTFOUND, &y, m)))
        return rc;
    memset(&t, 0, sizeof t);
    t.fy = fy;
    bool own = !db_in_transaction(db);
    if (own && (rc = db_begin_read(db, m)))
        return rc;
    if ((rc = tables_read(db, y, fy, a, &t, m)) ||
        (rc = db_cached(db, "SELECT code FROM org WHERE kind = 'pcn' ORDER BY code", &st, m)))
        goto out;
    struct vec pcns = {0};
    while ((rc = db_step(st, m)) == 1) {
        const char **c = vec_push(a, &pcns, sizeof *c);
        *c = db_col_strdup(a, st, 0);
    }
    db_reset(st);
    if (rc < 0)
        goto out;
    rc = 0;
    date_t on = fy_end(fy);
    struct arena *pa = scratch ? scratch : a;
    for (size_t i = 0; i < pcns.n; i++) {
        const char *code = ((const char **)pcns.v)[i];
        /* Its name as registry_org gives it: the version holding on the
         * date, else the last before it, else the first. */
        const char *name = NULL;
        const struct vec *vs = strmap_get(&t.versions, code);
        for (size_t k = 0; vs && k < vs->n; k++) {
            const struct vrow *v = (const struct vrow *)vs->v + k;
            if (k > 0 && v->from > on)
                break;
            name = v->name;
        }
        struct iif_pcn p;
        if ((rc = gather_pcn(&g, y, code, name, fy, members_over, pa, &p, m)) ||
            (rc = fn(ctx, &p, pa, m)))
            goto out;
        if (scratch) {
            arena_reset(scratch);
            g.da = NULL; /* the words kept were in it */
        }
    }
out:
    if (own)
        db_rollback(db);
    tables_release(&t);
    return rc;
}

int iifdata_each(struct db *db, const struct rules *r, fy_t fy, date_t members_on, struct arena *a,
                 iifdata_pcn_fn fn, void *ctx, struct pcn_msg *m)
{
    struct arena scratch;
    arena_init(&scratch, 0);
    int rc = each_pcn(db, r, fy, members_on, a, &scratch, fn, ctx, m);
    arena_release(&scratch);
    return rc;
}

struct all_ctx {
    struct arena *a;
    struct vec v;
};

static int keep_pcn(void *ctx, struct iif_pcn *p, struct arena *pa, struct pcn_msg *m)
{
    struct all_ctx *c = ctx;
    (void)pa;
    (void)m;
    struct iif_pcn *k = vec_push(c->a, &c->v, sizeof *k);
    *k = *p;
    /* in.data points into p's own data array, which lives on */
    return 0;
}

int iifdata_all(struct db *db, const struct rules *r, fy_t fy, date_t members_on, struct arena *a,
                struct iif_pcn **out, size_t *n, struct pcn_msg *m)
{
    struct all_ctx c = {.a = a};
    int rc = each_pcn(db, r, fy, members_on, a, NULL, keep_pcn, &c, m);
    *out = rc ? NULL : c.v.v;
    *n = rc ? 0 : c.v.n;
    return rc;
}
