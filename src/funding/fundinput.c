#include "common.h"
#include "funding.h"
#include "audit.h"
#include "db.h"
#include "ods.h"
#include "registry.h"

/* ---- the inputs a user enters ------------------------------------------- */

int funding_set_beds(struct db *db, const char *pcn, date_t month, int64_t beds,
                     const struct audit_entry *note, struct pcn_msg *m)
{
    struct db_stmt *st = NULL;
    int rc;
    bool own;
    if (beds < 0)
        return msg_set(m, PCN_EINVAL, "beds: %" PRId64 " is below 0", beds);
    if ((rc = audit_change_begin(db, &own, m)))
        return rc;
    if ((rc = registry_expect(db, pcn, ORG_PCN, m)) ||
        (rc = db_prepare(db,
                         "INSERT INTO care_home_beds (pcn_code, month, beds) VALUES (?, ?, ?) "
                         "ON CONFLICT (pcn_code, month) DO UPDATE SET beds = excluded.beds",
                         &st, m)))
        return audit_change_end(db, own, note, rc, m);
    db_bind_text(st, 1, pcn);
    db_bind_date(st, 2, date_month_start(month));
    db_bind_int(st, 3, beds);
    rc = db_run(st, m);
    db_finalize(st);
    return audit_change_end(db, own, note, rc, m);
}

int funding_set_caip(struct db *db, const char *pcn, fy_t fy, int64_t num, int64_t den,
                     const struct audit_entry *note, struct pcn_msg *m)
{
    struct db_stmt *st = NULL;
    int rc;
    bool own;
    if (den <= 0 || num < 0 || num > den)
        return msg_set(m, PCN_EINVAL, "the achieved share must be from 0 to 100%%");
    int64_t bp = money_div_round(num * BP_WHOLE, den, ROUND_HALF_UP);
    if ((rc = audit_change_begin(db, &own, m)))
        return rc;
    if ((rc = registry_expect(db, pcn, ORG_PCN, m)) ||
        (rc = db_prepare(
             db,
             "INSERT INTO caip_achievement (pcn_code, fy, achieved_bp, share_num, share_den) "
             "VALUES (?, ?, ?, ?, ?) ON CONFLICT (pcn_code, fy) DO UPDATE SET achieved_bp = "
             "excluded.achieved_bp, share_num = excluded.share_num, share_den = "
             "excluded.share_den",
             &st, m)))
        return audit_change_end(db, own, note, rc, m);
    db_bind_text(st, 1, pcn);
    db_bind_int(st, 2, fy);
    db_bind_int(st, 3, bp);
    db_bind_int(st, 4, num);
    db_bind_int(st, 5, den);
    rc = db_run(st, m);
    db_finalize(st);
    return audit_change_end(db, own, note, rc, m);
}

/* ---- populations entered one practice at a time ------------------------ */

#define POP_MAX_H 10000000000LL /* 100 million, as the importer allows */

int funding_set_population(struct db *db, const char *practice, date_t on, int64_t weighted_h,
                           int64_t adjusted_h, const char *source, const struct audit_entry *note,
                           struct pcn_msg *m)
{
    struct db_stmt *st = NULL;
    enum org_kind k;
    int rc;
    if (weighted_h < -1 || adjusted_h < -1 || weighted_h > POP_MAX_H || adjusted_h > POP_MAX_H)
        return msg_set(m, PCN_EINVAL, "%s: a population must be from 0 to 100,000,000", practice);
    if (weighted_h < 0 && adjusted_h < 0)
        return msg_set(m, PCN_EINVAL, "%s: give the weighted or the adjusted population", practice);
    bool own;
    if ((rc = audit_change_begin(db, &own, m)))
        return rc;
    if ((rc = registry_kind(db, practice, &k, m)))
        return audit_change_end(db, own, note, rc, m);
    if (k != ORG_PRACTICE)
        return audit_change_end(db, own, note,
                                msg_set(m, PCN_ENOTFOUND, "no practice with code %s", practice), m);
    if ((rc = db_prepare(db,
                         "INSERT INTO population (practice_code, pop_date, weighted_h, "
                         "adjusted_h, source) VALUES (?, ?, ?, ?, ?) "
                         "ON CONFLICT (practice_code, pop_date) DO UPDATE SET "
                         "weighted_h = excluded.weighted_h, adjusted_h = excluded.adjusted_h, "
                         "source = excluded.source",
                         &st, m)))
        return audit_change_end(db, own, note, rc, m);
    db_bind_text(st, 1, practice);
    db_bind_date(st, 2, on);
    if (weighted_h < 0)
        db_bind_null(st, 3);
    else
        db_bind_int(st, 3, weighted_h);
    if (adjusted_h < 0)
        db_bind_null(st, 4);
    else
        db_bind_int(st, 4, adjusted_h);
    db_bind_text(st, 5, source);
    rc = db_run(st, m);
    db_finalize(st);
    return audit_change_end(db, own, note, rc, m);
}

int funding_population(struct db *db, const char *practice, date_t on, bool *known,
                       int64_t *weighted_h, int64_t *adjusted_h, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(db,
                       "SELECT weighted_h, adjusted_h FROM population "
                       "WHERE practice_code = ? AND pop_date = ?",
                       &st, m);
    if (rc)
        return rc;
    *known = false;
    *weighted_h = *adjusted_h = -1;
    db_bind_text(st, 1, practice);
    db_bind_date(st, 2, on);
    if ((rc = db_step(st, m)) == 1) {
        *known = true;
        if (!db_col_null(st, 0))
            *weighted_h = db_col_int(st, 0);
        if (!db_col_null(st, 1))
            *adjusted_h = db_col_int(st, 1);
    }
    db_reset(st);
    return rc < 0 ? rc : 0;
}

/* A fixed distribution's shares: one for every member of the PCN in the
 * year and no other practice, adding up to 100%. */
static int check_shares(struct db *db, const char *pcn, fy_t from, const char *const *practices,
                        const int64_t *share_bp, size_t n, struct arena *a, struct pcn_msg *m)
{
    const char **members;
    size_t nm;
    date_t on;
    int64_t sum = 0;
    int rc = funding_members(db, pcn, from, a, &members, &nm, &on, m);
    if (rc)
        return rc;
    char when[11];
    date_format_iso(on, when);
    for (size_t i = 0; i < n; i++) {
        bool member = false;
        for (size_t k = 0; k < nm && !member; k++)
            member = strcmp(members[k], practices[i]) == 0;
        if (!member)
            return msg_set(m, PCN_EINVAL, "%s is not a member of %s on %s", practices[i], pcn,
                           when);
        for (size_t k = 0; k < i; k++)
            if (strcmp(practices[k], practices[i]) == 0)
                return msg_set(m, PCN_EINVAL, "%s is given twice", practices[i]);
        sum += share_bp[i];
    }
    for (size_t k = 0; k < nm; k++) {
        bool given = false;
        for (size_t i = 0; i < n && !given; i++)
            given = strcmp(members[k], practices[i]) == 0;
        if (!given)
            return msg_set(m, PCN_EINVAL,
                           "%s is a member of %s on %s but has no share (give every member "
                           "one, 0 if need be)",
                           members[k], pcn, when);
    }
    if (sum != BP_WHOLE)
        return msg_set(m, PCN_EINVAL, "the shares add up to %" PRId64 ".%02" PRId64 "%%, not 100%%",
                       sum / 100, sum % 100);
    return 0;
}

/* The stream's distribution from the year replaced: inside the open
 * transaction. */
static int write_distribution(struct db *db, const char *pcn, const char *stream, fy_t from,
                              enum ent_method method, const char *const *practices,
                              const int64_t *share_bp, size_t n, struct pcn_msg *m)
{
    struct db_stmt *del = NULL, *ins = NULL, *share = NULL;
    int rc;
    if ((rc = db_prepare(db,
                         "DELETE FROM distribution WHERE pcn_code = ? AND stream = ? AND "
                         "from_fy = ?",
                         &del, m)) ||
        (rc = db_prepare(db,
                         "INSERT INTO distribution (pcn_code, stream, from_fy, method) "
                         "VALUES (?, ?, ?, ?)",
                         &ins, m)) ||
        (rc = db_prepare(db,
                         "INSERT INTO distribution_share (pcn_code, stream, from_fy, "
                         "practice_code, share_bp) VALUES (?, ?, ?, ?, ?)",
                         &share, m)))
        goto out;
    /* The shares go with their distribution row (ON DELETE CASCADE). */
    db_bind_text(del, 1, pcn);
    db_bind_text(del, 2, stream);
    db_bind_int(del, 3, from);
    if ((rc = db_run(del, m)))
        goto out;
    db_bind_text(ins, 1, pcn);
    db_bind_text(ins, 2, stream);
    db_bind_int(ins, 3, from);
    db_bind_text(ins, 4, ent_method_name(method));
    if ((rc = db_run(ins, m)))
        goto out;
    for (size_t i = 0; method == METHOD_FIXED && i < n; i++) {
        db_bind_text(share, 1, pcn);
        db_bind_text(share, 2, stream);
        db_bind_int(share, 3, from);
        db_bind_text(share, 4, practices[i]);
        db_bind_int(share, 5, share_bp[i]);
        if ((rc = db_run(share, m)))
            goto out;
    }
out:
    db_finalize(del);
    db_finalize(ins);
    db_finalize(share);
    return rc;
}

int funding_set_distribution(struct db *db, const char *pcn, const char *stream, fy_t from,
                             enum ent_method method, const char *const *practices,
                             const int64_t *share_bp, size_t n, const struct audit_entry *note,
                             struct pcn_msg *m)
{
    struct arena a;
    int rc;
    if (method != METHOD_REGISTERED && method != METHOD_WEIGHTED && method != METHOD_FIXED)
        BUG("funding_set_distribution: method %d", (int)method);
    arena_init(&a, 0);
    if (!(rc = registry_expect(db, pcn, ORG_PCN, m)) &&
        (method != METHOD_FIXED ||
         !(rc = check_shares(db, pcn, from, practices, share_bp, n, &a, m))) &&
        !(rc = db_begin(db, m))) {
        rc = write_distribution(db, pcn, stream, from, method, practices, share_bp, n, m);
        rc = audit_change_end(db, true, note, rc, m);
    }
    arena_release(&a);
    return rc;
}
