#include "common.h"
#include "epcn.h"
#include "db.h"
#include "strmap.h"

#include <jansson.h>

/* ---- the history ---------------------------------------------------------- */

static int by_code(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

bool epcn_loaded(struct db *db)
{
    struct pcn_msg m = {0};
    int64_t n = 0;
    return db_query_int(db, "SELECT COUNT(*) FROM ods_membership", &n, &m) == 0 && n > 0;
}

static bool ods_holds(const struct epcn_stored *r, date_t d)
{
    return r->start <= d && (r->end == DATE_NONE || d <= r->end);
}

size_t epcn_compare(const char *practice, const struct epcn_month *months, size_t nmonths,
                    const date_t *pubs, size_t npubs, const struct epcn_stored *rels, size_t nrels,
                    date_t ods_latest, struct arena *a, struct epcn_disagree **out, long *compared)
{
    size_t n = 0;
    *out = arena_alloc(a, (npubs ? npubs : 1) * sizeof **out);
    for (size_t i = 0; i < npubs; i++) {
        date_t d = pubs[i];
        if (ods_latest == DATE_NONE || d > ods_latest)
            continue;
        const char *mon = NULL, *ods = NULL;
        for (size_t k = 0; k < nmonths; k++)
            if (months[k].from <= d && (months[k].to == DATE_NONE || d < months[k].to))
                mon = months[k].pcn;
        bool agree = false;
        for (size_t k = 0; k < nrels; k++) {
            if (strcmp(rels[k].practice, practice) != 0 || !ods_holds(&rels[k], d))
                continue;
            if (!ods)
                ods = rels[k].pcn;
            if (mon && strcmp(mon, rels[k].pcn) == 0)
                agree = true;
        }
        if (!mon && !ods)
            continue; /* neither shows the practice in a PCN */
        (*compared)++;
        if (agree)
            continue;
        (*out)[n++] = (struct epcn_disagree){practice, d, mon, ods};
    }
    return n;
}

/* Whether ODS's report is loaded, and its latest date. */
static int ods_loaded(struct db *db, struct epcn_history *out, struct pcn_msg *m)
{
    struct db_stmt *st = NULL;
    int rc, k;
    if ((rc = db_prepare(db, "SELECT MAX(start_date), MAX(end_date), COUNT(*) FROM ods_membership",
                         &st, m)))
        return rc;
    if ((k = db_step(st, m)) > 0) {
        date_t s = db_col_date(st, 0), e = db_col_date(st, 1);
        out->loaded = db_col_int(st, 2) > 0;
        out->ods_latest = e != DATE_NONE && e > s ? e : s;
    }
    db_finalize(st);
    st = NULL;
    if (k < 0)
        return k;
    return 0;
}

/* The relationships: of the practice, or of every practice ever in the
 * PCN (with their other PCNs, to compare), by practice and date. */
static int stored_rels(struct db *db, enum org_kind kind, const char *code, struct arena *a,
                       struct epcn_stored **out, size_t *n, struct pcn_msg *m)
{
    struct db_stmt *st = NULL;
    int rc, k;
    const char *sql =
        kind == ORG_PCN
            ? "SELECT practice_code, practice_name, pcn_code, pcn_name, start_date, end_date, "
              "source FROM ods_membership WHERE practice_code IN (SELECT practice_code FROM "
              "ods_membership WHERE pcn_code = ? UNION SELECT practice_code FROM membership "
              "WHERE pcn_code = ?) ORDER BY practice_code, start_date, pcn_code"
            : "SELECT practice_code, practice_name, pcn_code, pcn_name, start_date, end_date, "
              "source FROM ods_membership WHERE practice_code = ? AND ? IS NOT NULL "
              "ORDER BY start_date, pcn_code";
    if ((rc = db_prepare(db, sql, &st, m)))
        return rc;
    db_bind_text(st, 1, code);
    db_bind_text(st, 2, code);
    struct epcn_stored *all = NULL;
    size_t nall = 0, cap = 0;
    while ((k = db_step(st, m)) > 0) {
        if (nall == cap)
            all = arena_grow(a, all, nall, &cap, sizeof *all);
        all[nall++] = (struct epcn_stored){db_col_strdup(a, st, 0), db_col_strdup(a, st, 1),
                                           db_col_strdup(a, st, 2), db_col_strdup(a, st, 3),
                                           db_col_date(st, 4),      db_col_date(st, 5),
                                           db_col_strdup(a, st, 6)};
    }
    db_finalize(st);
    st = NULL;
    if (k < 0)
        return k;
    *out = all;
    *n = nall;
    return 0;
}

/* The registry publications' dates loaded, oldest first. */
static int registry_dates(struct db *db, struct arena *a, date_t **out, size_t *n,
                          struct pcn_msg *m)
{
    struct db_stmt *st = NULL;
    int rc, k;
    date_t *pubs = NULL;
    size_t npubs = 0, pcap = 0;
    if ((rc = db_prepare(db,
                         "SELECT extract_date FROM publication WHERE kind = 'registry' "
                         "ORDER BY extract_date",
                         &st, m)))
        return rc;
    while ((k = db_step(st, m)) > 0) {
        if (npubs == pcap)
            pubs = arena_grow(a, pubs, npubs, &pcap, sizeof *pubs);
        pubs[npubs++] = db_col_date(st, 0);
    }
    db_finalize(st);
    st = NULL;
    if (k < 0)
        return k;
    *out = pubs;
    *n = npubs;
    return 0;
}

/* The practices to compare: those ODS shows, and (for a PCN) those the
 * monthly publications show in it, ODS or not; by code. */
static int compared_practices(struct db *db, enum org_kind kind, const char *code,
                              const struct epcn_stored *all, size_t nall, struct arena *a,
                              const char ***out, size_t *n, struct pcn_msg *m)
{
    struct db_stmt *st = NULL;
    int rc, k;
    const char **who = NULL;
    size_t nwho = 0, wcap = 0;
    for (size_t i = 0; i < nall; i++) {
        if (i > 0 && strcmp(all[i].practice, all[i - 1].practice) == 0)
            continue;
        if (nwho == wcap)
            who = arena_grow(a, who, nwho, &wcap, sizeof *who);
        who[nwho++] = all[i].practice;
    }
    if ((rc = db_prepare(db,
                         kind == ORG_PCN
                             ? "SELECT DISTINCT practice_code FROM membership WHERE pcn_code = ? "
                               "ORDER BY practice_code"
                             : "SELECT DISTINCT practice_code FROM membership WHERE "
                               "practice_code = ?",
                         &st, m)))
        return rc;
    db_bind_text(st, 1, code);
    size_t nods = nwho;
    while ((k = db_step(st, m)) > 0) {
        const char *p = db_col_text(st, 0);
        bool known = false;
        for (size_t i = 0; i < nods && !known; i++)
            known = strcmp(who[i], p) == 0;
        if (known)
            continue;
        if (nwho == wcap)
            who = arena_grow(a, who, nwho, &wcap, sizeof *who);
        who[nwho++] = db_col_strdup(a, st, 0);
    }
    db_finalize(st);
    st = NULL;
    if (k < 0)
        return k;
    qsort(who, nwho, sizeof *who, by_code);
    *out = who;
    *n = nwho;
    return 0;
}

/* Each practice's monthly periods, compared with ODS: the disagreements
 * (for a PCN, those where it is one of the two sides) into out. */
static int compare_each(struct db *db, enum org_kind kind, const char *code,
                        const struct epcn_stored *all, size_t nall, const char **who, size_t nwho,
                        const date_t *pubs, size_t npubs, struct arena *a, struct epcn_history *out,
                        struct pcn_msg *m)
{
    struct db_stmt *st = NULL;
    int rc, k;
    if ((rc = db_prepare(db,
                         "SELECT valid_from, valid_to, pcn_code FROM membership "
                         "WHERE practice_code = ? ORDER BY valid_from",
                         &st, m)))
        return rc;
    size_t dcap = 0;
    for (size_t w = 0; w < nwho; w++) {
        size_t i = 0, j;
        while (i < nall && strcmp(all[i].practice, who[w]) != 0)
            i++;
        for (j = i; j < nall && strcmp(all[j].practice, who[w]) == 0; j++)
            ;
        struct epcn_month *mon = NULL;
        size_t nmon = 0, mcap = 0;
        db_bind_text(st, 1, who[w]);
        while ((k = db_step(st, m)) > 0) {
            if (nmon == mcap)
                mon = arena_grow(a, mon, nmon, &mcap, sizeof *mon);
            mon[nmon++] = (struct epcn_month){db_col_date(st, 0), db_col_date(st, 1),
                                              db_col_strdup(a, st, 2)};
        }
        db_reset(st);
        if (k < 0) {
            db_finalize(st);
            return k;
        }
        struct epcn_disagree *d;
        size_t nd = epcn_compare(who[w], mon, nmon, pubs, npubs, all + i, j - i, out->ods_latest, a,
                                 &d, &out->compared);
        for (size_t q = 0; q < nd; q++) {
            /* For a PCN: only where it is one of the two sides. */
            if (kind == ORG_PCN && !(d[q].monthly_pcn && strcmp(d[q].monthly_pcn, code) == 0) &&
                !(d[q].ods_pcn && strcmp(d[q].ods_pcn, code) == 0))
                continue;
            if (out->ndis == dcap)
                out->dis = arena_grow(a, out->dis, out->ndis, &dcap, sizeof *out->dis);
            out->dis[out->ndis++] = d[q];
        }
    }
    db_finalize(st);
    return 0;
}

int epcn_history(struct db *db, enum org_kind kind, const char *code, struct arena *a,
                 struct epcn_history *out, struct pcn_msg *m)
{
    struct epcn_stored *all;
    date_t *pubs;
    const char **who;
    size_t nall, npubs, nwho;
    int rc;
    memset(out, 0, sizeof *out);
    out->ods_latest = DATE_NONE;
    if ((rc = ods_loaded(db, out, m)) || !out->loaded)
        return rc;
    if ((rc = stored_rels(db, kind, code, a, &all, &nall, m)))
        return rc;
    /* Shown: the practice's, or those with the PCN. */
    out->rels = arena_alloc(a, (nall ? nall : 1) * sizeof *out->rels);
    for (size_t i = 0; i < nall; i++)
        if (kind != ORG_PCN || strcmp(all[i].pcn, code) == 0)
            out->rels[out->nrels++] = all[i];
    if ((rc = registry_dates(db, a, &pubs, &npubs, m)) ||
        (rc = compared_practices(db, kind, code, all, nall, a, &who, &nwho, m)))
        return rc;
    return compare_each(db, kind, code, all, nall, who, nwho, pubs, npubs, a, out, m);
}

static json_t *jdate(date_t t)
{
    if (t == DATE_NONE)
        return json_null();
    char d[11];
    date_format_iso(t, d);
    return json_string(d);
}

static json_t *jstr(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *epcn_history_json(const char *code, const struct epcn_history *h)
{
    json_t *rels = json_array(), *dis = json_array();
    for (size_t i = 0; i < h->nrels; i++) {
        const struct epcn_stored *r = &h->rels[i];
        json_array_append_new(rels, json_pack("{s:s,s:o,s:s,s:o,s:o,s:o}", "practice", r->practice,
                                              "practice_name", jstr(r->practice_name), "pcn",
                                              r->pcn, "pcn_name", jstr(r->pcn_name), "start",
                                              jdate(r->start), "end", jdate(r->end)));
    }
    for (size_t i = 0; i < h->ndis; i++) {
        const struct epcn_disagree *d = &h->dis[i];
        json_array_append_new(dis,
                              json_pack("{s:s,s:o,s:o,s:o,s:s}", "practice", d->practice, "date",
                                        jdate(d->date), "monthly_pcn", jstr(d->monthly_pcn),
                                        "ods_pcn", jstr(d->ods_pcn), "trusted", "ODS"));
    }
    return json_pack("{s:s,s:b,s:o,s:o,s:I,s:o}", "code", code, "ods_loaded", h->loaded,
                     "ods_latest", jdate(h->ods_latest), "relationships", rels, "dates_compared",
                     (json_int_t)h->compared, "disagreements", dis);
}
