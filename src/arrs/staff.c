#include "common.h"
#include "staff.h"
#include "staffdb.h"
#include "audit.h"
#include "override.h"
#include "buf.h"
#include "db.h"
#include "entitle.h"
#include "fielderr.h"
#include "funding.h"
#include "ods.h"
#include "registry.h"
#include "strmap.h"

/* ---- small helpers ------------------------------------------------------ */

static void bind_opt(struct db_stmt *st, int idx, bool has, int64_t v)
{
    if (has)
        db_bind_int(st, idx, v);
    else
        db_bind_null(st, idx);
}

void staff_post(const struct staff *s, struct arrs_post *out)
{
    *out = (struct arrs_post){.id = s->id,
                              .name = s->name,
                              .role = s->role,
                              .zone = s->zone,
                              .employment = s->employment,
                              .start = s->start,
                              .end = s->end,
                              .terms = s->terms,
                              .nterms = s->nterms};
}

/* ---- checks --------------------------------------------------------------- */

/* AfC bands in order: 1 ... 7, 8a ... 8d, 9.  0 for anything else. */
static int band_rank(const char *b, size_t len)
{
    static const char *const bands[] = {"1", "2",  "3",  "4",  "5",  "6",
                                        "7", "8a", "8b", "8c", "8d", "9"};
    for (size_t i = 0; i < ARRAY_SIZE(bands); i++)
        if (strlen(bands[i]) == len && memcmp(bands[i], b, len) == 0)
            return (int)i + 1;
    return 0;
}

/* Is band within the role's ("7-8a", "5", "5+", "4/5", "salaried_gp", "")? */
static bool band_fits(const char *role_band, const char *band)
{
    int r = band_rank(band, strlen(band));
    if (!r)
        return false;
    size_t n = strlen(role_band);
    if (n == 0)
        return true;
    const char *dash = strchr(role_band, '-'), *slash = strchr(role_band, '/');
    if (dash) {
        int lo = band_rank(role_band, (size_t)(dash - role_band));
        int hi = band_rank(dash + 1, strlen(dash + 1));
        return lo && hi && r >= lo && r <= hi;
    }
    if (slash)
        return r == band_rank(role_band, (size_t)(slash - role_band)) ||
               r == band_rank(slash + 1, strlen(slash + 1));
    if (role_band[n - 1] == '+')
        return r >= band_rank(role_band, n - 1);
    return r == band_rank(role_band, n);
}

static int check_terms(const struct rule_role *role, const struct arrs_terms *t, const char **field,
                       struct pcn_msg *m)
{
    if (t->wte_e4 <= 0 || t->wte_e4 > WTE_WHOLE)
        return fielderr_named(m, field, "wte", "the WTE must be above 0 and at most 1.0");
    if (t->band && !band_fits(role->band, t->band))
        return fielderr_named(m, field, "band", "band %s is not a band of %s (%s)", t->band,
                              role->name, *role->band ? role->band : "any");
    if (t->has_point && !t->band)
        return fielderr_named(m, field, "band", "a pay point needs its AfC band");
    if (!t->has_cost && !t->has_salary && !(t->band && t->has_point))
        return 0; /* pay to be entered: the claim says so */
    if ((t->has_cost && t->cost < 0) || (t->has_salary && t->salary < 0) ||
        (t->has_oncost && t->oncost < 0))
        return fielderr_named(m, field, "annual_cost", "amounts cannot be negative");
    return 0;
}

static int check_with(struct db *db, const struct rules *r, const struct staff *s,
                      const char **field, struct pcn_msg *m);

/* With the PCN's layers, so that a role its ICB added is a role. */
int staff_check(struct db *db, const struct rules *r, const struct staff *s, const char **field,
                struct pcn_msg *m)
{
    struct arena a;
    const struct rules *lr = r;
    arena_init(&a, 0);
    int rc = 0;
    if (s->pcn && s->start != DATE_NONE)
        rc = override_rules(db, r, s->pcn, s->start, &a, &lr, m);
    if (!rc)
        rc = check_with(db, lr, s, field, m);
    arena_release(&a);
    return rc;
}

static int check_with(struct db *db, const struct rules *r, const struct staff *s,
                      const char **field, struct pcn_msg *m)
{
    char fyl[8];
    if (!s->name || !*s->name || strlen(s->name) > LIMIT_NAME_BYTES)
        return fielderr_named(m, field, "name", "enter the person's name (up to %d characters)",
                              LIMIT_NAME_BYTES);
    if (s->start == DATE_NONE)
        return fielderr_named(m, field, "start_date", "enter the first day in post");
    if (s->end != DATE_NONE && s->end < s->start)
        return fielderr_named(m, field, "end_date", "the last day in post is before the first");
    fy_format(fy_of(s->start), fyl);
    const struct rules_year *y = rules_year(r, fy_of(s->start));
    if (!y)
        return fielderr_named(m, field, "start_date", "the rules have no year %s", fyl);
    const struct rule_role *role = arrs_find_role(y, s->role ? s->role : "");
    if (!role)
        return fielderr_named(m, field, "role",
                              "'%s' is not an ARRS role of %s (see rules/%.4s-%s/"
                              "arrs_roles.csv)",
                              s->role ? s->role : "", fyl, fyl, fyl + 5);
    if (s->nterms == 0)
        return fielderr_named(m, field, "wte", "enter the hours (WTE)");
    for (size_t i = 0; i < s->nterms; i++) {
        int rc = check_terms(role, &s->terms[i], field, m);
        if (rc)
            return rc;
    }
    if (s->terms[0].from > s->start)
        return fielderr_named(m, field, "start_date",
                              "the first terms start after the first day in post");

    /* The same person in the same role and PCN: no overlapping posts. */
    struct db_stmt *st;
    int rc = db_cached(db,
                       "SELECT id, start_date, end_date FROM arrs_staff WHERE pcn_code = ? "
                       "AND role_code = ? AND id <> ? AND (CASE WHEN ? IS NULL THEN "
                       "lower(name) = lower(?) ELSE staff_ref = ? END)",
                       &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, s->pcn);
    db_bind_text(st, 2, s->role);
    db_bind_int(st, 3, s->id);
    db_bind_text(st, 4, s->ref);
    db_bind_text(st, 5, s->name);
    db_bind_text(st, 6, s->ref);
    while ((rc = db_step(st, m)) == 1) {
        date_t a = db_col_date(st, 1), b = db_col_date(st, 2);
        bool overlap = (s->end == DATE_NONE || a <= s->end) && (b == DATE_NONE || s->start <= b);
        if (overlap) {
            char as[11], bs[11];
            date_format_iso(a, as);
            if (b != DATE_NONE)
                date_format_iso(b, bs);
            int64_t other = db_col_int(st, 0);
            db_reset(st);
            return fielderr_named(m, field, "start_date",
                                  "this overlaps %s's post as %s from %s%s%s (post %" PRId64 ")",
                                  s->name, role->name, as, b != DATE_NONE ? " to " : " on",
                                  b != DATE_NONE ? bs : "", other);
        }
    }
    db_reset(st);
    if (rc < 0)
        return rc;
    enum org_kind k;
    if ((rc = registry_kind(db, s->pcn, &k, m)))
        return rc;
    if (k != ORG_PCN)
        return fielderr_named(m, field, "pcn_code", "%s is not a PCN in the registry", s->pcn);
    return 0;
}

/* ---- writing ------------------------------------------------------------ */

int staff_insert_terms(struct db *db, int64_t id, const struct arrs_terms *t, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(
        db,
        "INSERT INTO arrs_terms (staff_id, valid_from, wte_e4, band, pay_point, "
        "salary_pence, oncost_pence, cost_pence) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (staff_id, valid_from) DO UPDATE SET wte_e4 = excluded.wte_e4, "
        "band = excluded.band, pay_point = excluded.pay_point, "
        "salary_pence = excluded.salary_pence, oncost_pence = excluded.oncost_pence, "
        "cost_pence = excluded.cost_pence",
        &st, m);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    db_bind_date(st, 2, t->from);
    db_bind_int(st, 3, t->wte_e4);
    db_bind_text(st, 4, t->band);
    db_bind_text(st, 5, t->has_point ? rule_pay_point_name(t->point) : NULL);
    bind_opt(st, 6, t->has_salary, t->salary);
    bind_opt(st, 7, t->has_oncost, t->oncost);
    bind_opt(st, 8, t->has_cost, t->cost);
    return db_run(st, m);
}

int staff_insert_post(struct db *db, const struct staff *s, time_t now, int64_t *id,
                      struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(db,
                       "INSERT INTO arrs_staff (pcn_code, staff_ref, name, role_code, employment, "
                       "zone, start_date, end_date, supervisor_name, created_at, updated_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                       &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, s->pcn);
    db_bind_text(st, 2, s->ref);
    db_bind_text(st, 3, s->name);
    db_bind_text(st, 4, s->role);
    db_bind_text(st, 5, arrs_employment_name(s->employment));
    db_bind_text(st, 6, rule_area_name(s->zone));
    db_bind_date(st, 7, s->start);
    db_bind_date(st, 8, s->end);
    db_bind_text(st, 9, s->supervisor);
    db_bind_int(st, 10, (int64_t)now);
    db_bind_int(st, 11, (int64_t)now);
    int64_t v;
    if ((rc = db_run_id(st, &v, m)))
        return rc;
    *id = v;
    for (size_t i = 0; i < s->nterms; i++)
        if ((rc = staff_insert_terms(db, v, &s->terms[i], m)))
            return rc;
    return 0;
}

int staff_add(struct db *db, const struct rules *r, const struct staff *s, time_t now,
              const struct audit_entry *note, int64_t *id, struct pcn_msg *m)
{
    int rc = staff_check(db, r, s, NULL, m);
    if (rc)
        return rc;
    if ((rc = db_begin(db, m)))
        return rc;
    char ids[24];
    if ((rc = staff_insert_post(db, s, now, id, m)) ||
        (snprintf(ids, sizeof ids, "%" PRId64, *id),
         rc = audit_note_write(db, note, ids, NULL, m))) {
        db_rollback(db);
        return rc;
    }
    return audit_commit(db, m);
}

int staff_set_terms(struct db *db, const struct rules *r, int64_t id, const struct arrs_terms *t,
                    time_t now, const struct audit_entry *note, struct pcn_msg *m)
{
    struct arena a;
    struct staff s;
    arena_init(&a, 0);
    int rc = staff_get(db, id, &a, &s, m);
    if (rc)
        goto out;
    /* Check the post as it would be with the new terms. */
    struct arrs_terms *all = arena_alloc(&a, (s.nterms + 1) * sizeof *all);
    size_t k = 0;
    for (size_t i = 0; i < s.nterms; i++)
        if (s.terms[i].from != t->from)
            all[k++] = s.terms[i];
    all[k++] = *t;
    s.terms = all;
    s.nterms = k;
    if (t->from < s.start || (s.end != DATE_NONE && t->from > s.end)) {
        rc = msg_set(m, PCN_EINVAL, "valid_from: the change must start while %s is in post",
                     s.name);
        goto out;
    }
    if ((rc = staff_check(db, r, &s, NULL, m)) || (rc = db_begin(db, m)))
        goto out;
    struct db_stmt *st;
    if ((rc = staff_insert_terms(db, id, t, m)) ||
        (rc = db_cached(db, "UPDATE arrs_staff SET updated_at = ? WHERE id = ?", &st, m))) {
        db_rollback(db);
        goto out;
    }
    db_bind_int(st, 1, (int64_t)now);
    db_bind_int(st, 2, id);
    if ((rc = db_run(st, m)) || (rc = audit_note_write(db, note, NULL, NULL, m))) {
        db_rollback(db);
        goto out;
    }
    rc = audit_commit(db, m);
out:
    arena_release(&a);
    return rc;
}

int staff_set_end(struct db *db, int64_t id, date_t end, time_t now, const struct audit_entry *note,
                  struct pcn_msg *m)
{
    struct arena a;
    struct staff s;
    struct db_stmt *st;
    arena_init(&a, 0);
    int rc = staff_get(db, id, &a, &s, m);
    if (!rc && end != DATE_NONE && end < s.start)
        rc = msg_set(m, PCN_EINVAL, "end_date: the last day in post is before the first");
    if (!rc && !(rc = db_begin(db, m))) {
        if (!(rc = db_cached(db, "UPDATE arrs_staff SET end_date = ?, updated_at = ? WHERE id = ?",
                             &st, m))) {
            db_bind_date(st, 1, end);
            db_bind_int(st, 2, (int64_t)now);
            db_bind_int(st, 3, id);
            rc = db_run(st, m);
        }
        if (!rc)
            rc = audit_note_write(db, note, NULL, NULL, m);
        if (rc)
            db_rollback(db);
        else
            rc = audit_commit(db, m);
    }
    arena_release(&a);
    return rc;
}

/* ---- reading ------------------------------------------------------------ */

#define STAFF_COLS                                                                                 \
    "id, pcn_code, staff_ref, name, role_code, employment, zone, start_date, end_date, "           \
    "supervisor_name"

static void staff_from_row(struct arena *a, struct db_stmt *st, struct staff *s)
{
    memset(s, 0, sizeof *s);
    s->id = db_col_int(st, 0);
    s->pcn = db_col_strdup(a, st, 1);
    s->ref = db_col_strdup(a, st, 2);
    s->name = db_col_strdup(a, st, 3);
    s->role = db_col_strdup(a, st, 4);
    arrs_employment_parse(db_col_text(st, 5), &s->employment);
    arrs_zone_parse(db_col_text(st, 6), &s->zone);
    s->start = db_col_date(st, 7);
    s->end = db_col_date(st, 8);
    s->supervisor = db_col_strdup(a, st, 9);
}

static void terms_from_row(struct arena *a, struct db_stmt *st, int first, struct arrs_terms *t)
{
    memset(t, 0, sizeof *t);
    t->from = db_col_date(st, first);
    t->wte_e4 = db_col_int(st, first + 1);
    t->band = db_col_strdup(a, st, first + 2);
    if (!db_col_null(st, first + 3))
        t->has_point = arrs_pay_point_parse(db_col_text(st, first + 3), &t->point) == 0;
    if ((t->has_salary = !db_col_null(st, first + 4)))
        t->salary = db_col_int(st, first + 4);
    if ((t->has_oncost = !db_col_null(st, first + 5)))
        t->oncost = db_col_int(st, first + 5);
    if ((t->has_cost = !db_col_null(st, first + 6)))
        t->cost = db_col_int(st, first + 6);
}

/* Loads the terms of posts[0..n) (sorted by id) in one query per PCN. */
static int load_terms(struct db *db, const char *pcn, struct arena *a, struct staff *posts,
                      size_t n, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(db,
                       "SELECT t.staff_id, t.valid_from, t.wte_e4, t.band, t.pay_point, "
                       "t.salary_pence, t.oncost_pence, t.cost_pence FROM arrs_terms t "
                       "JOIN arrs_staff s ON s.id = t.staff_id WHERE (? IS NULL OR s.pcn_code = ?) "
                       "ORDER BY t.staff_id, t.valid_from",
                       &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, pcn);
    db_bind_text(st, 2, pcn);
    /* posts are in name order: index them by id */
    struct strmap byid;
    strmap_init(&byid);
    for (size_t i = 0; i < n; i++)
        strmap_put(&byid, arena_printf(a, "%" PRId64, posts[i].id), &posts[i]);
    size_t *caps = arena_zalloc(a, (n + 1) * sizeof *caps);
    while ((rc = db_step(st, m)) == 1) {
        char key[24];
        snprintf(key, sizeof key, "%" PRId64, db_col_int(st, 0));
        struct staff *s = strmap_get(&byid, key);
        if (!s)
            continue;
        size_t i = (size_t)(s - posts);
        s->terms = arena_grow(a, s->terms, s->nterms, &caps[i], sizeof *s->terms);
        terms_from_row(a, st, 1, &s->terms[s->nterms++]);
    }
    db_reset(st);
    strmap_release(&byid);
    return rc < 0 ? rc : 0;
}

int staff_get(struct db *db, int64_t id, struct arena *a, struct staff *out, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(db, "SELECT " STAFF_COLS " FROM arrs_staff WHERE id = ?", &st, m);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    rc = db_step(st, m);
    if (rc == 1)
        staff_from_row(a, st, out);
    db_reset(st);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return msg_set(m, PCN_ENOTFOUND, "no staff member %" PRId64, id);
    if ((rc = db_cached(db,
                        "SELECT valid_from, wte_e4, band, pay_point, salary_pence, oncost_pence, "
                        "cost_pence FROM arrs_terms WHERE staff_id = ? ORDER BY valid_from",
                        &st, m)))
        return rc;
    db_bind_int(st, 1, id);
    size_t cap = 0;
    while ((rc = db_step(st, m)) == 1) {
        out->terms = arena_grow(a, out->terms, out->nterms, &cap, sizeof *out->terms);
        terms_from_row(a, st, 0, &out->terms[out->nterms++]);
    }
    db_reset(st);
    return rc < 0 ? rc : 0;
}

int staff_list(struct db *db, const char *pcn, date_t in_post_from, struct arena *a,
               struct staff **out, size_t *n, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(db,
                       "SELECT " STAFF_COLS " FROM arrs_staff WHERE (? IS NULL OR pcn_code = ?) "
                       "AND (? IS NULL OR end_date IS NULL OR end_date >= ?) ORDER BY name, id",
                       &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, pcn);
    db_bind_text(st, 2, pcn);
    db_bind_date(st, 3, in_post_from);
    db_bind_date(st, 4, in_post_from);
    struct staff *rows = NULL;
    size_t cap = 0, k = 0;
    while ((rc = db_step(st, m)) == 1) {
        rows = arena_grow(a, rows, k, &cap, sizeof *rows);
        staff_from_row(a, st, &rows[k++]);
    }
    db_reset(st);
    if (rc < 0)
        return rc;
    *out = rows;
    *n = k;
    return load_terms(db, pcn, a, rows, k, m);
}

/* ---- claims -------------------------------------------------------------- */

static const char *const status_names[] = {"draft", "submitted", "approved", "paid"};

const char *claim_status_name(enum claim_status s)
{
    return (size_t)s < ARRAY_SIZE(status_names) ? status_names[s] : "?";
}

int claim_status_parse(const char *s, enum claim_status *out)
{
    for (size_t i = 0; i < ARRAY_SIZE(status_names); i++)
        if (s && !strcmp(s, status_names[i])) {
            *out = (enum claim_status)i;
            return 0;
        }
    return PCN_EINVAL;
}

static void month_text(int year, int month, char out[8])
{
    unsigned y = (unsigned)year % 10000u, mo = (unsigned)month % 100u;
    snprintf(out, 8, "%04u-%02u", y, mo);
}

/* Each post's claim of the month drafted (a draft not yet submitted is
 * replaced): inside the open transaction. */
static int draft_rows(struct db *db, const struct rules *r, const char *pcn, int year, int month,
                      const struct staff *posts, size_t n, struct arena *a, long *drafted,
                      long *unknown, struct pcn_msg *m)
{
    struct db_stmt *st;
    char mon[8];
    month_text(year, month, mon);
    int rc = db_cached(db,
                       "INSERT INTO arrs_claim (staff_id, month, pcn_code, status, claim_pence) "
                       "VALUES (?, ?, ?, 'draft', ?) ON CONFLICT (staff_id, month) DO UPDATE "
                       "SET claim_pence = excluded.claim_pence WHERE arrs_claim.status = 'draft'",
                       &st, m);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++) {
        struct arrs_post p;
        struct arrs_claim c;
        staff_post(&posts[i], &p);
        if ((rc = arrs_claim_month(r, &p, year, month, a, &c, m)))
            return rc;
        if (c.days == 0)
            continue;
        if (!c.known) {
            (*unknown)++;
            continue;
        }
        db_bind_int(st, 1, posts[i].id);
        db_bind_text(st, 2, mon);
        db_bind_text(st, 3, pcn);
        db_bind_int(st, 4, c.claim);
        if ((rc = db_run(st, m)))
            return rc;
        *drafted += db_changes(db) > 0;
    }
    return 0;
}

int claims_draft(struct db *db, const struct rules *r, const char *pcn, int year, int month,
                 const struct audit_entry *note, long *drafted, long *unknown, struct pcn_msg *m)
{
    struct arena a;
    struct staff *posts;
    size_t n;
    int rc;

    *drafted = *unknown = 0;
    arena_init(&a, 0);
    date_t first = date_from_ymd(year, month, 1);
    if (!(rc = override_rules(db, r, pcn, first, &a, &r, m)) &&
        !(rc = staff_list(db, pcn, first, &a, &posts, &n, m)) && !(rc = db_begin(db, m))) {
        rc = draft_rows(db, r, pcn, year, month, posts, n, &a, drafted, unknown, m);
        rc = audit_change_end_with(db, true, note, NULL,
                                   rc ? NULL
                                      : json_pack("{s:I,s:I}", "drafted", (json_int_t)*drafted,
                                                  "not_worked_out", (json_int_t)*unknown),
                                   rc, m);
    }
    arena_release(&a);
    return rc;
}

static int advance(struct db *db, int64_t staff_id, int year, int month, enum claim_status to,
                   date_t on, pence_t amount, struct pcn_msg *m)
{
    struct db_stmt *st;
    char mon[8];
    enum claim_status cur = CLAIM_DRAFT;
    int rc;

    month_text(year, month, mon);
    if ((rc = db_cached(db, "SELECT status FROM arrs_claim WHERE staff_id = ? AND month = ?", &st,
                        m)))
        return rc;
    db_bind_int(st, 1, staff_id);
    db_bind_text(st, 2, mon);
    rc = db_step(st, m);
    bool found = rc == 1;
    if (found)
        claim_status_parse(db_col_text(st, 0), &cur);
    db_reset(st);
    if (rc < 0)
        return rc;
    if (!found)
        return msg_set(m, PCN_ENOTFOUND,
                       "no claim for staff member %" PRId64 " in %s: draft the "
                       "month's claim first",
                       staff_id, mon);
    if (to != cur + 1)
        return msg_set(m, PCN_EINVAL, "status: the claim for %s is %s; it can only become %s", mon,
                       claim_status_name(cur),
                       cur == CLAIM_PAID ? "nothing else (it is paid)"
                                         : claim_status_name(cur + 1));
    if (on == DATE_NONE)
        return msg_set(m, PCN_EINVAL, "date: enter the date it was %s", claim_status_name(to));
    if (to != CLAIM_SUBMITTED && amount < 0)
        return msg_set(m, PCN_EINVAL, "amount: enter the amount %s", claim_status_name(to));
    static const char *const sql[] = {
        [CLAIM_SUBMITTED] = "UPDATE arrs_claim SET status = 'submitted', submitted_on = ? "
                            "WHERE staff_id = ? AND month = ?",
        [CLAIM_APPROVED] = "UPDATE arrs_claim SET status = 'approved', approved_on = ?, "
                           "approved_pence = ? WHERE staff_id = ? AND month = ?",
        [CLAIM_PAID] = "UPDATE arrs_claim SET status = 'paid', paid_on = ?, paid_pence = ? "
                       "WHERE staff_id = ? AND month = ?",
    };
    if ((rc = db_cached(db, sql[to], &st, m)))
        return rc;
    int i = 1;
    db_bind_date(st, i++, on);
    if (to != CLAIM_SUBMITTED)
        db_bind_int(st, i++, amount);
    db_bind_int(st, i++, staff_id);
    db_bind_text(st, i++, mon);
    return db_run(st, m);
}

int claims_advance(struct db *db, int64_t staff_id, int year, int month, enum claim_status to,
                   date_t on, pence_t amount, const struct audit_entry *note, struct pcn_msg *m)
{
    /* The status read, the step checked and the entry in one transaction. */
    int rc = db_begin(db, m);
    if (rc)
        return rc;
    if ((rc = advance(db, staff_id, year, month, to, on, amount, m)) ||
        (rc = audit_note_write(db, note, NULL, NULL, m))) {
        db_rollback(db);
        return rc;
    }
    return audit_commit(db, m);
}

int claims_list(struct db *db, const char *pcn, fy_t fy, int year, int month, struct arena *a,
                struct claim_rec **out, size_t *n, struct pcn_msg *m)
{
    struct db_stmt *st;
    char lo[8], hi[8];
    if (month > 0) {
        month_text(year, month, lo);
        month_text(year, month, hi);
    } else {
        month_text(fy, 4, lo);
        month_text(fy + 1, 3, hi);
    }
    int rc = db_cached(db,
                       "SELECT staff_id, month, status, claim_pence, submitted_on, approved_on, "
                       "approved_pence, paid_on, paid_pence FROM arrs_claim WHERE pcn_code = ? "
                       "AND month >= ? AND month <= ? ORDER BY month, staff_id",
                       &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, pcn);
    db_bind_text(st, 2, lo);
    db_bind_text(st, 3, hi);
    struct claim_rec *rows = NULL;
    size_t cap = 0, k = 0;
    while ((rc = db_step(st, m)) == 1) {
        rows = arena_grow(a, rows, k, &cap, sizeof *rows);
        struct claim_rec *c = &rows[k++];
        const char *mt = db_col_text(st, 1);
        int64_t y, mo;
        if (parse_i64n(mt, 4, 1800, 2999, &y) || parse_i64n(mt + 5, 2, 1, 12, &mo))
            BUG("bad claim month '%s' in the store", mt);
        c->staff_id = db_col_int(st, 0);
        c->year = (int)y;
        c->month = (int)mo;
        claim_status_parse(db_col_text(st, 2), &c->status);
        c->claim = db_col_int(st, 3);
        c->submitted_on = db_col_date(st, 4);
        c->approved_on = db_col_date(st, 5);
        c->approved = db_col_null(st, 6) ? -1 : db_col_int(st, 6);
        c->paid_on = db_col_date(st, 7);
        c->paid = db_col_null(st, 8) ? -1 : db_col_int(st, 8);
    }
    db_reset(st);
    *out = rows;
    *n = k;
    return rc < 0 ? rc : 0;
}

/* ---- the year's position -------------------------------------------------- */

int staff_arrs_sum(struct db *db, const struct rules *r, const char *pcn, fy_t fy, struct arena *a,
                   pence_t *sum, bool *estimate, enum confidence *conf, const char **why,
                   struct pcn_msg *m)
{
    struct ent_input in;
    struct ent_result res;
    const struct rules_year *y;
    int rc = rules_year_need(r, fy, PCN_ENOTFOUND, &y, m);
    if (rc)
        return rc;
    *why = NULL;
    rc = funding_compute_layered(db, r, pcn, fy, a, &in, &res, m);
    if (funding_no_members(rc, &in)) {
        /* No member practices on the date the entitlements are worked out
         * from (a PCN the registry does not list yet, say): not an error,
         * the sum is not known, and the position says why. */
        int dy, dm, dd;
        date_to_ymd(in.members_date != DATE_NONE ? in.members_date : fy_base_date(fy), &dy, &dm,
                    &dd);
        *why = arena_printf(a,
                            "%s has no member practices in the registry on %d %s %d, the "
                            "date the sum is worked out from: an administrator imports the "
                            "registry publication that lists them",
                            pcn, dd, date_month_name(dm), dy);
        msg_clear(m);
        *sum = -1;
        *estimate = false;
        *conf = CONF_UNCONFIRMED;
        return 0;
    }
    if (rc)
        return rc;
    const struct ent_stream *s = entitle_stream(&res, "arrs");
    if (!s) {
        /* The year's ARRS rate is not known (or the year has no ARRS):
         * the sum is not known, which the position says. */
        *sum = -1;
        *estimate = false;
        *conf = CONF_UNCONFIRMED;
        return 0;
    }
    *sum = s->annual;
    *estimate = s->estimate;
    *conf = s->conf;
    return 0;
}

int staff_position(struct db *db, const struct rules *r, const char *pcn, fy_t fy, date_t today,
                   struct arena *a, struct arrs_forecast *out, bool *sum_estimate,
                   struct pcn_msg *m)
{
    struct staff *posts;
    struct claim_rec *claims;
    size_t n, nc;
    pence_t sum;
    enum confidence conf;
    int rc;

    const struct rules *lr; /* the PCN's layers, once for the sum and the claims */
    const char *why;
    if ((rc = override_rules(db, r, pcn, fy_start(fy), a, &lr, m)) ||
        (rc = staff_arrs_sum(db, lr, pcn, fy, a, &sum, sum_estimate, &conf, &why, m)) ||
        (rc = staff_list(db, pcn, fy_start(fy), a, &posts, &n, m)) ||
        (rc = claims_list(db, pcn, fy, 0, 0, a, &claims, &nc, m)))
        return rc;
    struct arrs_post *p = arena_alloc(a, (n + 1) * sizeof *p);
    for (size_t i = 0; i < n; i++)
        staff_post(&posts[i], &p[i]);
    struct arrs_recorded *rec = arena_alloc(a, (nc + 1) * sizeof *rec);
    for (size_t i = 0; i < nc; i++) {
        const struct claim_rec *c = &claims[i];
        pence_t amount = c->paid >= 0 ? c->paid : c->approved >= 0 ? c->approved : c->claim;
        rec[i] = (struct arrs_recorded){c->staff_id, c->year, c->month, c->status != CLAIM_DRAFT,
                                        amount};
    }
    rc = arrs_forecast_year(lr, p, n, rec, nc, fy, sum, today, a, out, m);
    if (!rc)
        out->sum_why = why;
    return rc;
}

int staff_claim_per_wte(const struct rules *r, const char *role, enum rule_area zone,
                        const char *band, bool has_point, enum rule_pay_point point, bool has_cost,
                        pence_t cost, date_t month, pence_t *out, struct pcn_msg *m)
{
    int y, mo, d;
    struct arrs_terms t = {.from = month,
                           .wte_e4 = WTE_WHOLE,
                           .band = band,
                           .has_point = has_point,
                           .point = point,
                           .has_cost = has_cost,
                           .cost = cost};
    struct arrs_post p = {.name = role,
                          .role = role,
                          .zone = zone,
                          .start = month,
                          .end = DATE_NONE,
                          .terms = &t,
                          .nterms = 1};
    struct arrs_claim c;
    struct arena a;
    date_to_ymd(month, &y, &mo, &d);
    arena_init(&a, 8 * 1024);
    int rc = arrs_claim_month(r, &p, y, mo, &a, &c, m);
    if (!rc && !c.known) {
        const char *why = c.trail.n ? c.trail.steps[c.trail.n - 1].text : "not known";
        rc = msg_set(m, PCN_EINVAL, "%s: cannot work out its claim: %s", role, why);
    }
    if (!rc)
        *out = c.claim;
    arena_release(&a);
    return rc;
}
