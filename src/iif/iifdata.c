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
#include "iifgather.h"
#include "iiftables.h"
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
    json_t *detail = NULL;
    if (!(rc = entry_before(db, pcn, org, code, year, month, mon, had, before, m)) &&
        !(rc = entry_write(db, pcn, org, code, mon, numerator, denominator, now, m)))
        detail = json_pack("{s:s,s:s,s:s,s:o,s:{s:I,s:I}}", "code", code, "month", month7,
                           "organisation", org, "before",
                           *had ? json_pack("{s:I,s:I}", "numerator", (json_int_t)before->numerator,
                                            "denominator", (json_int_t)before->denominator)
                                : json_null(),
                           "after", "numerator", (json_int_t)numerator, "denominator",
                           (json_int_t)denominator);
    return audit_change_end_with(db, true, note, NULL, detail, rc, m);
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

const struct iif_members *iifdata_members(const struct iif_pcn *p, const char *code)
{
    for (size_t i = 0; i < p->nmembers; i++)
        if (strcmp(p->members[i].code, code) == 0)
            return &p->members[i];
    return NULL;
}

int iifdata_pcn(struct db *db, const struct rules *r, const char *pcn, fy_t fy, date_t members_over,
                struct arena *a, struct iif_pcn *out, struct pcn_msg *m)
{
    struct org_info info;
    struct iifgather g = {.db = db};
    const struct rules_year *y;
    int rc;
    memset(out, 0, sizeof *out);
    if ((rc = registry_expect(db, pcn, ORG_PCN, m)) ||
        (rc = rules_year_need(r, fy, PCN_ENOTFOUND, &y, m)))
        return rc;
    const char *name = NULL;
    if (registry_org(db, pcn, fy_end(fy), a, &info, m) == 0 && info.name)
        name = info.name;
    return iifgather_pcn(&g, y, pcn, name, fy, members_over, a, out, m);
}

/* ---- every PCN's year, read as sets ------------------------------------ */

/* Every PCN's year: into scratch (reset after each PCN) when given, else
 * into a, where they all stay. */
static int each_pcn(struct db *db, const struct rules *r, fy_t fy, date_t members_over,
                    struct arena *a, struct arena *scratch, iifdata_pcn_fn fn, void *ctx,
                    struct pcn_msg *m)
{
    struct iiftables t;
    struct iifgather g = {.db = db, .t = &t};
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
    if ((rc = iiftables_read(db, y, fy, a, &t, m)) ||
        (rc = db_cached(db, "SELECT code FROM org WHERE kind = 'pcn' ORDER BY code", &st, m)))
        goto out;
    struct iiftables_vec pcns = {0};
    while ((rc = db_step(st, m)) == 1) {
        const char **c = iiftables_push(a, &pcns, sizeof *c);
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
        const struct iiftables_vec *vs = strmap_get(&t.versions, code);
        for (size_t k = 0; vs && k < vs->n; k++) {
            const struct iiftables_version *v = (const struct iiftables_version *)vs->v + k;
            if (k > 0 && v->from > on)
                break;
            name = v->name;
        }
        struct iif_pcn p;
        if ((rc = iifgather_pcn(&g, y, code, name, fy, members_over, pa, &p, m)) ||
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
    iiftables_release(&t);
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
    struct iiftables_vec v;
};

static int keep_pcn(void *ctx, struct iif_pcn *p, struct arena *pa, struct pcn_msg *m)
{
    struct all_ctx *c = ctx;
    (void)pa;
    (void)m;
    struct iif_pcn *k = iiftables_push(c->a, &c->v, sizeof *k);
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
