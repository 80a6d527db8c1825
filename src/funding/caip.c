#include "common.h"
#include "caip.h"
#include "audit.h"
#include "buf.h"
#include "db.h"
#include "funding.h"
#include "money.h"
#include "registry.h"

static const char *const names[] = {
    [CAIP_NOT_STARTED] = "not_started",
    [CAIP_IN_PROGRESS] = "in_progress",
    [CAIP_MET] = "met",
    [CAIP_NOT_MET] = "not_met",
};
static const char *const labels[] = {
    [CAIP_NOT_STARTED] = "Not started",
    [CAIP_IN_PROGRESS] = "In progress",
    [CAIP_MET] = "Met",
    [CAIP_NOT_MET] = "Not met",
};

#define EVIDENCE_MAX 2000

const char *caip_status_name(enum caip_status s)
{
    return (size_t)s < ARRAY_SIZE(names) ? names[s] : "?";
}

const char *caip_status_label(enum caip_status s)
{
    return (size_t)s < ARRAY_SIZE(labels) ? labels[s] : "?";
}

int caip_status_parse(const char *s, enum caip_status *out)
{
    for (size_t i = 0; s && i < ARRAY_SIZE(names); i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (enum caip_status)i;
            return 0;
        }
    return PCN_EINVAL;
}

void caip_share(const struct caip_item *items, size_t n, struct caip_share *out)
{
    bool weights = n > 0;
    memset(out, 0, sizeof *out);
    out->n = n;
    for (size_t i = 0; i < n; i++) {
        bool met = items[i].recorded && items[i].status == CAIP_MET;
        out->met += met;
        if (!items[i].rule->has_weight) {
            weights = false;
            continue;
        }
        out->total_weight += items[i].rule->weight;
        if (met)
            out->met_weight += items[i].rule->weight;
    }
    if (n == 0) {
        out->why = "the rules have no CAIP criteria for the year";
        return;
    }
    if (weights) {
        const int64_t num[] = {out->met_weight, BP_WHOLE}, den[] = {out->total_weight};
        if (money_ratio_round(num, 2, den, 1, ROUND_HALF_UP, &out->achieved_bp) == 0)
            out->known = true;
        return;
    }
    out->total_weight = 0;
    out->met_weight = 0;
    if (out->met == n || out->met == 0) {
        out->known = true;
        out->achieved_bp = out->met == n ? BP_WHOLE : 0;
        return;
    }
    out->why = "the rules do not say how much of the payment each criterion carries, so only "
               "all criteria met (100%) or none (0%) can be worked out";
}

static const struct rule_caip *find(const struct rules_year *y, const char *id)
{
    for (size_t i = 0; id && i < y->ncaip; i++)
        if (strcmp(y->caip[i].id, id) == 0)
            return &y->caip[i];
    return NULL;
}

static int entitlement(struct db *db, const char *pcn, fy_t fy, bool *known, int64_t *bp,
                       struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(db, "SELECT achieved_bp FROM caip_achievement WHERE pcn_code = ? AND fy = ?",
                       &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, pcn);
    db_bind_int(st, 2, fy);
    *known = false;
    if ((rc = db_step(st, m)) == 1) {
        *known = true;
        *bp = db_col_int(st, 0);
    }
    db_reset(st);
    return rc < 0 ? rc : 0;
}

int caip_get(struct db *db, const struct rules *r, const char *pcn, fy_t fy, struct arena *a,
             struct caip_view *out, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc;
    memset(out, 0, sizeof *out);
    out->pcn = pcn;
    out->fy = fy;
    out->declared_on = DATE_NONE;
    if ((rc = registry_expect(db, pcn, ORG_PCN, m)) ||
        (rc = rules_year_need(r, fy, PCN_ENOTFOUND, &out->y, m)))
        return rc;
    out->n = out->y->ncaip;
    out->items = arena_zalloc(a, (out->n + 1) * sizeof *out->items);
    for (size_t i = 0; i < out->n; i++) {
        out->items[i].rule = &out->y->caip[i];
        out->items[i].evidence = "";
    }
    if ((rc = db_cached(db,
                        "SELECT criterion, status, COALESCE(evidence, ''), updated_at FROM "
                        "caip_status WHERE pcn_code = ? AND fy = ?",
                        &st, m)))
        return rc;
    db_bind_text(st, 1, pcn);
    db_bind_int(st, 2, fy);
    while ((rc = db_step(st, m)) == 1) {
        const char *id = db_col_text(st, 0);
        for (size_t i = 0; i < out->n; i++) {
            struct caip_item *it = &out->items[i];
            if (strcmp(it->rule->id, id) != 0)
                continue;
            if (caip_status_parse(db_col_text(st, 1), &it->status))
                continue;
            it->recorded = true;
            it->evidence = arena_strdup(a, db_col_text(st, 2));
            it->updated_at = (time_t)db_col_int(st, 3);
        }
    }
    db_reset(st);
    if (rc < 0)
        return rc;
    if ((rc = db_cached(
             db, "SELECT declared_on FROM caip_declaration WHERE pcn_code = ? AND fy = ?", &st, m)))
        return rc;
    db_bind_text(st, 1, pcn);
    db_bind_int(st, 2, fy);
    if ((rc = db_step(st, m)) == 1)
        out->declared_on = db_col_date(st, 0);
    db_reset(st);
    if (rc < 0)
        return rc;
    caip_share(out->items, out->n, &out->share);
    return entitlement(db, pcn, fy, &out->entitlement_known, &out->entitlement_bp, m);
}

/* The audit entry's detail of a criterion's change. */
static json_t *change_json(fy_t fy, const char *criterion, enum caip_status status,
                           const char *evidence, const struct caip_change *chg)
{
    char fyl[8];
    fy_format(fy, fyl);
    json_t *d = json_pack(
        "{s:s,s:s,s:o,s:s,s:o,s:o}", "year", fyl, "criterion", criterion, "before",
        chg->had ? json_string(caip_status_name(chg->before)) : json_null(), "after",
        caip_status_name(status), "evidence_before",
        chg->had && chg->evidence_before[0] ? json_string(chg->evidence_before) : json_null(),
        "evidence_after", evidence && *evidence ? json_string(evidence) : json_null());
    json_object_set_new(d, "entitlement_share_bp",
                        chg->fed
                            ? json_pack("{s:o,s:I}", "before",
                                        chg->was_known ? json_integer(chg->bp_before) : json_null(),
                                        "after", (json_int_t)chg->bp_after)
                            : json_null());
    return d;
}

/* The criterion's status and, when the share is known, the entitlement's
 * achieved share: inside the open transaction. */
static int write_status(struct db *db, const char *pcn, fy_t fy, const char *criterion,
                        enum caip_status status, const char *evidence, time_t now,
                        const struct caip_share *after, struct caip_change *chg, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "INSERT INTO caip_status (pcn_code, fy, criterion, status, evidence, "
                        "updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (pcn_code, fy, "
                        "criterion) DO UPDATE SET status = excluded.status, "
                        "evidence = excluded.evidence, updated_at = excluded.updated_at",
                        &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, pcn);
    db_bind_int(st, 2, fy);
    db_bind_text(st, 3, criterion);
    db_bind_text(st, 4, caip_status_name(status));
    db_bind_text(st, 5, evidence && *evidence ? evidence : NULL);
    db_bind_int(st, 6, (int64_t)now);
    rc = db_run(st, m);
    db_finalize(st);
    if (rc || !after->known)
        return rc;
    if ((rc = funding_set_caip(db, pcn, fy,
                               after->total_weight ? after->met_weight : after->achieved_bp,
                               after->total_weight ? after->total_weight : BP_WHOLE, NULL, m)))
        return rc;
    chg->fed = true;
    chg->bp_after = after->achieved_bp;
    return 0;
}

int caip_set(struct db *db, const struct rules *r, const char *pcn, fy_t fy, const char *criterion,
             enum caip_status status, const char *evidence, time_t now,
             const struct audit_entry *note, struct caip_change *chg, struct pcn_msg *m)
{
    struct arena a;
    struct caip_view v;
    int rc;
    memset(chg, 0, sizeof *chg);
    if (evidence && strlen(evidence) > EVIDENCE_MAX)
        return msg_set(m, PCN_EINVAL, "the evidence note is longer than %d characters",
                       EVIDENCE_MAX);
    if (evidence && !utf8_valid(evidence, strlen(evidence)))
        return msg_set(m, PCN_EINVAL, "the evidence note is not valid text");
    arena_init(&a, 0);
    if ((rc = caip_get(db, r, pcn, fy, &a, &v, m)))
        goto out;
    const struct rule_caip *rule = find(v.y, criterion);
    if (!rule) {
        char fyl[8];
        fy_format(fy, fyl);
        rc = msg_set(m, PCN_EINVAL, "%s is not a CAIP criterion of %s (%s/caip_criteria.csv)",
                     criterion ? criterion : "(none)", fyl, v.y->dir);
        goto out;
    }
    for (size_t i = 0; i < v.n; i++) {
        struct caip_item *it = &v.items[i];
        if (it->rule != rule)
            continue;
        chg->had = it->recorded;
        chg->before = it->status;
        snprintf(chg->evidence_before, sizeof chg->evidence_before, "%s", it->evidence);
        it->recorded = true;
        it->status = status;
    }
    struct caip_share after;
    caip_share(v.items, v.n, &after);
    chg->was_known = v.entitlement_known;
    chg->bp_before = v.entitlement_bp;
    if ((rc = db_begin(db, m)))
        goto out;
    rc = write_status(db, pcn, fy, rule->id, status, evidence, now, &after, chg, m);
    rc = audit_change_end_with(db, true, note, NULL,
                               rc ? NULL : change_json(fy, rule->id, status, evidence, chg), rc, m);
out:
    arena_release(&a);
    return rc;
}

/* The year's declaration date before the change, or DATE_NONE. */
static int declared_on(struct db *db, const char *pcn, fy_t fy, date_t *before, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_prepare(
        db, "SELECT declared_on FROM caip_declaration WHERE pcn_code = ? AND fy = ?", &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, pcn);
    db_bind_int(st, 2, fy);
    if ((rc = db_step(st, m)) == 1)
        *before = db_col_date(st, 0);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static int declare_write(struct db *db, const char *pcn, fy_t fy, date_t on, time_t now,
                         struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "INSERT INTO caip_declaration (pcn_code, fy, declared_on, updated_at) "
                        "VALUES (?, ?, ?, ?) ON CONFLICT (pcn_code, fy) DO UPDATE SET "
                        "declared_on = excluded.declared_on, updated_at = excluded.updated_at",
                        &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, pcn);
    db_bind_int(st, 2, fy);
    db_bind_date(st, 3, on);
    db_bind_int(st, 4, (int64_t)now);
    rc = db_run(st, m);
    db_finalize(st);
    return rc;
}

static json_t *declare_json(fy_t fy, date_t before, date_t on)
{
    char fyl[8], b1[11], b2[11];
    fy_format(fy, fyl);
    if (before != DATE_NONE)
        date_format_iso(before, b1);
    date_format_iso(on, b2);
    return json_pack("{s:s,s:o,s:s}", "year", fyl, "before",
                     before != DATE_NONE ? json_string(b1) : json_null(), "after", b2);
}

int caip_declare(struct db *db, const struct rules *r, const char *pcn, fy_t fy, date_t on,
                 time_t now, const struct audit_entry *note, date_t *before, struct pcn_msg *m)
{
    const struct rules_year *y;
    int rc;
    *before = DATE_NONE;
    if ((rc = registry_expect(db, pcn, ORG_PCN, m)) ||
        (rc = rules_year_need(r, fy, PCN_ENOTFOUND, &y, m)))
        return rc;
    if (on < fy_start(fy) || on > fy_end(fy)) {
        char fyl[8];
        fy_format(fy, fyl);
        return msg_set(m, PCN_EINVAL, "the declaration date must be in %s (1 April to 31 March)",
                       fyl);
    }
    if ((rc = db_begin(db, m)))
        return rc;
    if (!(rc = declared_on(db, pcn, fy, before, m)))
        rc = declare_write(db, pcn, fy, on, now, m);
    return audit_change_end_with(db, true, note, NULL, rc ? NULL : declare_json(fy, *before, on),
                                 rc, m);
}
