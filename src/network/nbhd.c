/* nbhd.c: the neighbourhood team in the store (nbhd.h). */
#include "common.h"
#include "audit.h"
#include "nbhd.h"
#include "nbhdnames.h"
#include "db.h"
#include "deskview.h"
#include "registry.h"

/* ---- JSON --------------------------------------------------------------- */

json_t *nbhd_partner_json(const struct nbhd_partner *x)
{
    return json_pack("{s:I,s:s,s:s,s:s,s:o,s:s}", "id", (json_int_t)x->id, "name",
                     deskdb_or_empty(x->name), "kind", nbhd_kind_id(x->kind), "kind_label",
                     nbhd_kind_label(x->kind), "ods_code",
                     x->ods_code && *x->ods_code ? json_string(x->ods_code) : json_null(), "notes",
                     deskdb_or_empty(x->notes));
}

json_t *nbhd_lead_json(const struct nbhd_lead *x)
{
    return json_pack("{s:I,s:o,s:s,s:s,s:s}", "id", (json_int_t)x->id, "partner_id",
                     x->partner_id ? json_integer(x->partner_id) : json_null(), "partner",
                     deskdb_or_empty(x->partner_name), "name", deskdb_or_empty(x->name), "role",
                     deskdb_or_empty(x->role_title));
}

json_t *nbhd_shared_json(const struct nbhd_shared *x)
{
    return json_pack("{s:s,s:s,s:s,s:s}", "code", x->code, "name", deskdb_or_empty(x->name), "kind",
                     org_kind_name(x->kind), "note", deskdb_or_empty(x->note));
}

json_t *nbhd_component_json(const struct nbhd_component *x)
{
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:b}", "code", x->code, "name",
                     deskdb_or_empty(x->name), "source", deskdb_or_empty(x->source), "status",
                     nbhd_status_id(x->status), "owner", deskdb_or_empty(x->owner), "next_step",
                     deskdb_or_empty(x->next_step), "recorded", x->recorded);
}

json_t *nbhd_contract_json(const struct nbhd_contract *x)
{
    return json_pack("{s:o,s:s,s:s,s:s}", "from", deskview_date(x->from), "contract", x->code,
                     "name", deskdb_or_empty(x->name), "note", deskdb_or_empty(x->note));
}

/* ---- partners ----------------------------------------------------------- */

bool nbhd_check_partner(const struct nbhd_partner *p, struct desk_errs *e)
{
    size_t before = e->n;
    desk_check_text(e, "name", "the organisation's name", p->name, DESK_NAME_MAX, true, false);
    if ((unsigned)p->kind >= NK_COUNT)
        desk_errs_add(e, "kind", "Choose what kind of organisation it is");
    desk_check_text(e, "notes", "the notes", p->notes, DESK_TEXT_MAX, false, true);
    const char *c = deskdb_or_empty(p->ods_code);
    size_t n = strlen(c);
    if (n && (unsigned)p->kind < NK_COUNT) {
        bool trust = p->kind == NK_COMMUNITY_TRUST || p->kind == NK_MENTAL_HEALTH_TRUST;
        if (ods_is_practice(c, n) || ods_is_pcn(c, n))
            desk_errs_add(e, "ods_code",
                          "%s is a GP practice's or a PCN's code: add it to the "
                          "footprint instead",
                          c);
        else if (trust && !ods_is_trust(c, n))
            desk_errs_add(e, "ods_code",
                          "An NHS trust's ODS code is 3 characters, R or T and "
                          "2 letters or digits, like RYJ");
        else if (p->kind == NK_PHARMACY && !ods_is_pharmacy(c, n))
            desk_errs_add(e, "ods_code",
                          "A community pharmacy's ODS code is 5 characters, F "
                          "and 4 letters or digits, like FA008");
        else if (!ods_is_org_code(c, n))
            desk_errs_add(e, "ods_code",
                          "An ODS code is 3 to 6 capital letters or digits; "
                          "leave it empty if the organisation has none");
    }
    return e->n == before;
}

#define PARTNER_COLS "id, name, kind, ods_code, notes"

static void partner_from_row(struct arena *a, struct db_stmt *st, void *out)
{
    struct nbhd_partner *x = out;
    x->id = db_col_int(st, 0);
    x->name = db_col_strdup_blank(a, st, 1);
    if (nbhd_kind_parse(db_col_text(st, 2), &x->kind))
        x->kind = NK_OTHER;
    x->ods_code = db_col_strdup_blank(a, st, 3);
    x->notes = db_col_strdup_blank(a, st, 4);
}

int nbhd_partners(struct db *db, const char *pcn, struct arena *a, struct nbhd_partner **out,
                  size_t *n, struct pcn_msg *m)
{
    void *v;
    int rc = db_rows_of(db,
                        "SELECT " PARTNER_COLS " FROM nbhd_partner WHERE pcn_code = ? ORDER BY "
                        "name, id",
                        pcn, a, sizeof **out, partner_from_row, &v, n, m);
    *out = v;
    return rc;
}

int nbhd_save_partner(struct db *db, const struct desk_actor *w, const char *pcn,
                      const struct nbhd_partner *p, int64_t *id, struct desk_errs *e,
                      struct pcn_msg *m)
{
    struct arena a;
    struct nbhd_partner *all, *old = NULL;
    struct db_stmt *st;
    size_t n;
    int rc;
    arena_init(&a, 0);
    nbhd_check_partner(p, e);
    if ((rc = nbhd_partners(db, pcn, &a, &all, &n, m)))
        goto done;
    for (size_t i = 0; i < n; i++) {
        if (p->id && all[i].id == p->id)
            old = &all[i];
        else if (p->ods_code && *p->ods_code && strcmp(all[i].ods_code, p->ods_code) == 0 &&
                 !desk_errs_get(e, "ods_code"))
            desk_errs_add(e, "ods_code", "%s is already a partner of this PCN (%s)", p->ods_code,
                          all[i].name);
    }
    if (p->id && !old) {
        rc = msg_set(m, PCN_ENOTFOUND, "no partner %" PRId64 " in %s", p->id, pcn);
        goto done;
    }
    if ((rc = deskdb_refuse(e, m)))
        goto done;
    int64_t pid = p->id;
    if ((rc = db_begin_cached(db,
                              pid ? "UPDATE nbhd_partner SET name = ?, kind = ?, ods_code = ?, "
                                    "notes = ?, updated_at = ? WHERE id = ? AND pcn_code = ?"
                                  : "INSERT INTO nbhd_partner (name, kind, ods_code, notes, "
                                    "updated_at, pcn_code, created_at) VALUES (?, ?, ?, ?, ?, "
                                    "?, ?) RETURNING id",
                              &st, m)))
        goto done;
    db_bind_text(st, 1, p->name);
    db_bind_text(st, 2, nbhd_kind_id(p->kind));
    db_bind_text(st, 3, p->ods_code && *p->ods_code ? p->ods_code : NULL);
    db_bind_text(st, 4, deskdb_or_empty(p->notes));
    db_bind_int(st, 5, (int64_t)w->now);
    rc = deskdb_run_save(st, 6, w, pcn, &pid, m);
    struct nbhd_partner now = *p;
    now.id = pid;
    rc = deskdb_finish(db, w, pcn, rc, p->id ? "nbhd-partner-change" : "nbhd-partner-add",
                       "partner", pid, old ? nbhd_partner_json(old) : NULL, nbhd_partner_json(&now),
                       m);
    if (!rc && id)
        *id = pid;
done:
    arena_release(&a);
    return rc;
}

static int partner_owned(struct db *db, const char *pcn, int64_t id, bool *yes, struct pcn_msg *m)
{
    return db_row_of(db, "SELECT 1 FROM nbhd_partner WHERE pcn_code = ? AND id = ?", pcn, id, NULL,
                     NULL, NULL, yes, m);
}

/* ---- leads -------------------------------------------------------------- */

static void lead_from_row(struct arena *a, struct db_stmt *st, void *out)
{
    *(struct nbhd_lead *)out = (struct nbhd_lead){
        db_col_int(st, 0), db_col_null(st, 1) ? 0 : db_col_int(st, 1),
        db_col_strdup_blank(a, st, 2), db_col_strdup_blank(a, st, 3),
        db_col_strdup_blank(a, st, 4)};
}

int nbhd_leads(struct db *db, const char *pcn, struct arena *a, struct nbhd_lead **out, size_t *n,
               struct pcn_msg *m)
{
    void *v;
    int rc = db_rows_of(db,
                        "SELECT l.id, l.partner_id, p.name, l.name, l.role_title FROM "
                        "nbhd_lead l LEFT JOIN nbhd_partner p ON p.id = l.partner_id WHERE "
                        "l.pcn_code = ? ORDER BY l.partner_id IS NOT NULL, p.name, l.name, l.id",
                        pcn, a, sizeof **out, lead_from_row, &v, n, m);
    *out = v;
    return rc;
}

int nbhd_add_lead(struct db *db, const struct desk_actor *w, const char *pcn,
                  const struct nbhd_lead *l, int64_t *id, struct desk_errs *e, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc;
    desk_check_text(e, "name", "the lead's name", l->name, DESK_NAME_MAX, true, false);
    desk_check_text(e, "role", "their role", l->role_title, DESK_NAME_MAX, true, false);
    if (l->partner_id) {
        bool yes;
        if ((rc = partner_owned(db, pcn, l->partner_id, &yes, m)))
            return rc;
        if (!yes)
            desk_errs_add(e, "partner", "Choose one of the PCN's partners, or the PCN itself");
    }
    if (e->n)
        return deskdb_refuse(e, m);
    int64_t lid = 0;
    if ((rc = db_begin_cached(db,
                              "INSERT INTO nbhd_lead (pcn_code, partner_id, name, role_title, "
                              "created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                              &st, m)))
        return rc;
    db_bind_text(st, 1, pcn);
    if (l->partner_id)
        db_bind_int(st, 2, l->partner_id);
    else
        db_bind_null(st, 2);
    db_bind_text(st, 3, l->name);
    db_bind_text(st, 4, l->role_title);
    db_bind_int(st, 5, (int64_t)w->now);
    rc = db_run_id(st, &lid, m);
    struct nbhd_lead now = *l;
    now.id = lid;
    rc = deskdb_finish(db, w, pcn, rc, "nbhd-lead-add", "lead", lid, NULL, nbhd_lead_json(&now), m);
    if (!rc && id)
        *id = lid;
    return rc;
}

int nbhd_remove_lead(struct db *db, const struct desk_actor *w, const char *pcn, int64_t id,
                     struct pcn_msg *m)
{
    struct arena a;
    struct nbhd_lead *v, *x = NULL;
    struct db_stmt *st;
    size_t n;
    int rc;
    arena_init(&a, 0);
    if ((rc = nbhd_leads(db, pcn, &a, &v, &n, m)))
        goto done;
    for (size_t i = 0; i < n; i++)
        if (v[i].id == id)
            x = &v[i];
    if (!x) {
        rc = msg_set(m, PCN_ENOTFOUND, "no lead %" PRId64 " in %s", id, pcn);
        goto done;
    }
    if ((rc = db_begin_cached(db, "DELETE FROM nbhd_lead WHERE id = ? AND pcn_code = ?", &st, m)))
        goto done;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, pcn);
    rc = deskdb_finish(db, w, pcn, db_run(st, m), "nbhd-lead-remove", "lead", id, nbhd_lead_json(x),
                       NULL, m);
done:
    arena_release(&a);
    return rc;
}

/* ---- the footprint ------------------------------------------------------ */

static void shared_from_row(struct arena *a, struct db_stmt *st, void *out)
{
    *(struct nbhd_shared *)out = (struct nbhd_shared){db_col_strdup_blank(a, st, 0), "",
                                                      org_kind_parse(db_col_text(st, 1)),
                                                      db_col_strdup_blank(a, st, 2)};
}

int nbhd_footprint(struct db *db, const char *pcn, date_t today, struct arena *a,
                   struct nbhd_shared **out, size_t *n, struct pcn_msg *m)
{
    void *all;
    size_t k;
    int rc = db_rows_of(db,
                        "SELECT f.org_code, o.kind, f.note FROM nbhd_footprint f JOIN org o ON "
                        "o.code = f.org_code WHERE f.pcn_code = ? ORDER BY o.kind, f.org_code",
                        pcn, a, sizeof **out, shared_from_row, &all, &k, m);
    if (rc)
        return rc;
    struct nbhd_shared *v = all;
    for (size_t i = 0; i < k; i++) {
        struct org_info info;
        struct pcn_msg m2 = {0};
        if (registry_org(db, v[i].code, today, a, &info, &m2) == 0 && info.name)
            v[i].name = info.name;
    }
    *out = v;
    *n = k;
    return 0;
}

int nbhd_add_footprint(struct db *db, const struct desk_actor *w, const char *pcn, const char *code,
                       const char *note, date_t today, struct desk_errs *e, struct pcn_msg *m)
{
    struct arena a;
    struct db_stmt *st;
    int rc = 0;
    arena_init(&a, 0);
    enum org_kind k = ORG_NONE;
    size_t len = code ? strlen(code) : 0;
    if (!len) {
        desk_errs_add(e, "code", "Enter the ODS code of a PCN or a GP practice");
    } else if (!ods_is_pcn(code, len) && !ods_is_practice(code, len)) {
        desk_errs_add(e, "code",
                      "Enter a PCN's code (U and 5 digits, like U12345) or a GP "
                      "practice's (a letter and 5 digits, like K82070)");
    } else {
        struct pcn_msg m2 = {0};
        rc = registry_kind(db, code, &k, &m2);
        if (rc == PCN_ENOTFOUND || (rc == 0 && k != ORG_PCN && k != ORG_PRACTICE)) {
            desk_errs_add(e, "code", "%s is not a PCN or GP practice in the registry", code);
            rc = 0;
        } else if (rc) {
            rc = msg_set(m, rc, "%s", m2.text);
            goto done;
        } else if (strcmp(code, pcn) == 0) {
            desk_errs_add(e, "code", "%s is this PCN", code);
        } else if (k == ORG_PRACTICE) {
            struct pcn_detail d;
            if ((rc = registry_pcn(db, pcn, today, &a, &d, m)))
                goto done;
            for (size_t i = 0; i < d.npractices; i++)
                if (strcmp(d.practices[i].code, code) == 0)
                    desk_errs_add(e, "code", "%s is one of this PCN's own member practices", code);
        }
    }
    desk_check_text(e, "note", "the note", note, DESK_TEXT_MAX, false, true);
    if (!e->n && (rc = db_cached(db,
                                 "SELECT 1 FROM nbhd_footprint WHERE pcn_code = ? AND "
                                 "org_code = ?",
                                 &st, m)) == 0) {
        db_bind_text(st, 1, pcn);
        db_bind_text(st, 2, code);
        rc = db_step(st, m);
        db_reset(st);
        if (rc == 1)
            desk_errs_add(e, "code", "%s is already listed", code);
        rc = rc < 0 ? rc : 0;
    }
    if (rc)
        goto done;
    if ((rc = deskdb_refuse(e, m)))
        goto done;
    if ((rc = db_begin_cached(db,
                              "INSERT INTO nbhd_footprint (pcn_code, org_code, note, created_at) "
                              "VALUES (?, ?, ?, ?)",
                              &st, m)))
        goto done;
    db_bind_text(st, 1, pcn);
    db_bind_text(st, 2, code);
    db_bind_text(st, 3, deskdb_or_empty(note));
    db_bind_int(st, 4, (int64_t)w->now);
    struct nbhd_shared now = {code, "", k, deskdb_or_empty(note)};
    rc = deskdb_finish(db, w, pcn, db_run(st, m), "nbhd-footprint-add", "footprint", 0, NULL,
                       nbhd_shared_json(&now), m);
done:
    arena_release(&a);
    return rc;
}

int nbhd_remove_footprint(struct db *db, const struct desk_actor *w, const char *pcn,
                          const char *code, struct pcn_msg *m)
{
    struct arena a;
    struct nbhd_shared *v, *x = NULL;
    struct db_stmt *st;
    size_t n;
    int rc;
    arena_init(&a, 0);
    if ((rc = nbhd_footprint(db, pcn, DATE_NONE, &a, &v, &n, m)))
        goto done;
    for (size_t i = 0; i < n; i++)
        if (code && strcmp(v[i].code, code) == 0)
            x = &v[i];
    if (!x) {
        rc = msg_set(m, PCN_ENOTFOUND, "%s is not in %s's footprint", code ? code : "", pcn);
        goto done;
    }
    if ((rc = db_begin_cached(db, "DELETE FROM nbhd_footprint WHERE pcn_code = ? AND org_code = ?",
                              &st, m)))
        goto done;
    db_bind_text(st, 1, pcn);
    db_bind_text(st, 2, code);
    rc = deskdb_finish(db, w, pcn, db_run(st, m), "nbhd-footprint-remove", "footprint", 0,
                       nbhd_shared_json(x), NULL, m);
done:
    arena_release(&a);
    return rc;
}

/* ---- components --------------------------------------------------------- */

int nbhd_components(struct db *db, const char *pcn, const struct nbhd_list *names, struct arena *a,
                    struct nbhd_component **out, size_t *n, struct pcn_msg *m)
{
    struct db_stmt *st;
    size_t k = names ? names->n : 0, cap = k + 8;
    struct nbhd_component *v = ARENA_ARRAY(a, struct nbhd_component, cap);
    for (size_t i = 0; i < k; i++)
        v[i] = (struct nbhd_component){
            names->v[i].code, names->v[i].name, names->v[i].source, NS_NOT_STARTED, "", "", false};
    int rc = db_cached(db,
                       "SELECT component, status, owner, next_step FROM nbhd_component WHERE "
                       "pcn_code = ? ORDER BY component",
                       &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, pcn);
    while ((rc = db_step(st, m)) == 1) {
        struct nbhd_component *x = NULL;
        for (size_t i = 0; i < k; i++)
            if (strcmp(v[i].code, db_col_text(st, 0)) == 0)
                x = &v[i];
        if (!x) {
            if (k == cap)
                v = arena_grow(a, v, k, &cap, sizeof *v);
            x = &v[k++];
            const char *code = db_col_strdup_blank(a, st, 0);
            *x = (struct nbhd_component){code, code, "", NS_NOT_STARTED, "", "", false};
        }
        if (nbhd_status_parse(db_col_text(st, 1), &x->status))
            x->status = NS_NOT_STARTED;
        x->owner = db_col_strdup_blank(a, st, 2);
        x->next_step = db_col_strdup_blank(a, st, 3);
        x->recorded = true;
    }
    db_reset(st);
    *out = v;
    *n = k;
    return rc < 0 ? rc : 0;
}

int nbhd_set_component(struct db *db, const struct desk_actor *w, const char *pcn,
                       const struct nbhd_list *names, const struct nbhd_component *x,
                       struct desk_errs *e, struct pcn_msg *m)
{
    struct arena a;
    struct nbhd_component *v, *old = NULL;
    struct db_stmt *st;
    size_t n;
    int rc;
    arena_init(&a, 0);
    const struct nbhd_item *it = nbhd_item_find(names, x->code);
    if (!it)
        desk_errs_add(e, "component", "Choose one of the six core components");
    if ((unsigned)x->status >= NS_COUNT)
        desk_errs_add(e, "status", "Choose the component's status");
    desk_check_text(e, "owner", "who owns it", x->owner, DESK_NAME_MAX, false, false);
    desk_check_text(e, "next_step", "the next step", x->next_step, DESK_TEXT_MAX, false, true);
    if ((rc = deskdb_refuse(e, m)))
        goto done;
    if ((rc = nbhd_components(db, pcn, names, &a, &v, &n, m)))
        goto done;
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].code, x->code) == 0 && v[i].recorded)
            old = &v[i];
    if ((rc = db_begin_cached(db,
                              "INSERT INTO nbhd_component (pcn_code, component, status, owner, "
                              "next_step, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT "
                              "(pcn_code, component) DO UPDATE SET status = excluded.status, "
                              "owner = excluded.owner, next_step = excluded.next_step, "
                              "updated_at = excluded.updated_at",
                              &st, m)))
        goto done;
    db_bind_text(st, 1, pcn);
    db_bind_text(st, 2, x->code);
    db_bind_text(st, 3, nbhd_status_id(x->status));
    db_bind_text(st, 4, deskdb_or_empty(x->owner));
    db_bind_text(st, 5, deskdb_or_empty(x->next_step));
    db_bind_int(st, 6, (int64_t)w->now);
    struct nbhd_component now = {it->code,
                                 it->name,
                                 it->source,
                                 x->status,
                                 deskdb_or_empty(x->owner),
                                 deskdb_or_empty(x->next_step),
                                 true};
    rc = deskdb_finish(db, w, pcn, db_run(st, m), "nbhd-component-set", "component", 0,
                       old ? nbhd_component_json(old) : NULL, nbhd_component_json(&now), m);
done:
    arena_release(&a);
    return rc;
}

/* ---- the contract ------------------------------------------------------- */

static void contract_from_row(struct arena *a, struct db_stmt *st, void *out)
{
    const char *code = db_col_strdup_blank(a, st, 1);
    *(struct nbhd_contract *)out = (struct nbhd_contract){db_col_date(st, 0), code, code,
                                                          db_col_strdup_blank(a, st, 2)};
}

int nbhd_contracts(struct db *db, const char *pcn, const struct nbhd_list *names, struct arena *a,
                   struct nbhd_contract **out, size_t *n, struct pcn_msg *m)
{
    void *all;
    int rc = db_rows_of(db,
                        "SELECT valid_from, contract, note FROM nbhd_contract WHERE pcn_code = ? "
                        "ORDER BY valid_from",
                        pcn, a, sizeof **out, contract_from_row, &all, n, m);
    struct nbhd_contract *v = *out = all;
    for (size_t i = 0; i < *n; i++) { /* the file's name for each code it has */
        const struct nbhd_item *it = nbhd_item_find(names, v[i].code);
        if (it)
            v[i].name = it->name;
    }
    return rc;
}

const struct nbhd_contract *nbhd_contract_on(const struct nbhd_contract *v, size_t n, date_t on)
{
    const struct nbhd_contract *x = NULL;
    for (size_t i = 0; i < n; i++)
        if (v[i].from <= on)
            x = &v[i];
    return x;
}

int nbhd_set_contract(struct db *db, const struct desk_actor *w, const char *pcn,
                      const struct nbhd_list *names, date_t from, const char *code,
                      const char *note, date_t today, struct desk_errs *e, struct pcn_msg *m)
{
    struct arena a;
    struct nbhd_contract *v, *old = NULL;
    struct db_stmt *st;
    size_t n;
    int rc;
    arena_init(&a, 0);
    if (!desk_errs_get(e, "from"))
        desk_check_date(e, "from", "the date it holds from", from, today);
    const struct nbhd_item *it = nbhd_item_find(names, code);
    if (!it)
        desk_errs_add(e, "contract", "Choose the contract");
    desk_check_text(e, "note", "the note", note, DESK_TEXT_MAX, false, true);
    if ((rc = deskdb_refuse(e, m)))
        goto done;
    if ((rc = nbhd_contracts(db, pcn, names, &a, &v, &n, m)))
        goto done;
    for (size_t i = 0; i < n; i++)
        if (v[i].from == from)
            old = &v[i];
    if ((rc = db_begin_cached(db,
                              "INSERT INTO nbhd_contract (pcn_code, valid_from, contract, note, "
                              "created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (pcn_code, "
                              "valid_from) DO UPDATE SET contract = excluded.contract, note = "
                              "excluded.note",
                              &st, m)))
        goto done;
    db_bind_text(st, 1, pcn);
    db_bind_date(st, 2, from);
    db_bind_text(st, 3, it->code);
    db_bind_text(st, 4, deskdb_or_empty(note));
    db_bind_int(st, 5, (int64_t)w->now);
    struct nbhd_contract now = {from, it->code, it->name, deskdb_or_empty(note)};
    rc = deskdb_finish(db, w, pcn, db_run(st, m), "nbhd-contract-set", "contract", 0,
                       old ? nbhd_contract_json(old) : NULL, nbhd_contract_json(&now), m);
done:
    arena_release(&a);
    return rc;
}

/* ---- stakeholders of a partner ------------------------------------------ */

static void link_from_row(struct arena *a, struct db_stmt *st, void *out)
{
    *(struct nbhd_link *)out = (struct nbhd_link){db_col_int(st, 0), db_col_int(st, 1),
                                                  db_col_strdup_blank(a, st, 2),
                                                  db_col_strdup_blank(a, st, 3)};
}

int nbhd_links(struct db *db, const char *pcn, struct arena *a, struct nbhd_link **out, size_t *n,
               struct pcn_msg *m)
{
    void *v;
    int rc = db_rows_of(db,
                        "SELECT l.stakeholder_id, l.partner_id, s.name, p.name FROM "
                        "nbhd_stakeholder l JOIN desk_stakeholder s ON s.id = l.stakeholder_id "
                        "JOIN nbhd_partner p ON p.id = l.partner_id WHERE l.pcn_code = ? ORDER "
                        "BY p.name, s.name, s.id",
                        pcn, a, sizeof **out, link_from_row, &v, n, m);
    *out = v;
    return rc;
}

int nbhd_link_stakeholder(struct db *db, const struct desk_actor *w, const char *pcn,
                          int64_t stakeholder_id, int64_t partner_id, struct desk_errs *e,
                          struct pcn_msg *m)
{
    struct arena a;
    struct desk_stakeholder s;
    struct nbhd_link *v;
    struct db_stmt *st;
    size_t n;
    int rc;
    arena_init(&a, 0);
    rc = stakeholder_id > 0 ? deskdb_stakeholder_get(db, pcn, stakeholder_id, &a, &s, m)
                            : PCN_ENOTFOUND;
    if (rc == PCN_ENOTFOUND)
        desk_errs_add(e, "stakeholder", "Choose one of the PCN's stakeholders");
    else if (rc)
        goto done;
    if (partner_id) {
        bool yes;
        if ((rc = partner_owned(db, pcn, partner_id, &yes, m)))
            goto done;
        if (!yes)
            desk_errs_add(e, "partner", "Choose one of the PCN's partners, or none");
    }
    if ((rc = deskdb_refuse(e, m)))
        goto done;
    if ((rc = nbhd_links(db, pcn, &a, &v, &n, m)))
        goto done;
    if ((rc = db_begin_cached(db,
                              "DELETE FROM nbhd_stakeholder WHERE stakeholder_id = ? AND "
                              "pcn_code = ?",
                              &st, m)))
        goto done;
    json_t *before = NULL;
    for (size_t i = 0; i < n; i++)
        if (v[i].stakeholder_id == stakeholder_id)
            before = json_pack("{s:I,s:s}", "partner_id", (json_int_t)v[i].partner_id, "partner",
                               v[i].partner_name);
    db_bind_int(st, 1, stakeholder_id);
    db_bind_text(st, 2, pcn);
    if (!(rc = db_run(st, m)) && partner_id &&
        !(rc = db_cached(db,
                         "INSERT INTO nbhd_stakeholder (stakeholder_id, partner_id, pcn_code) "
                         "VALUES (?, ?, ?)",
                         &st, m))) {
        db_bind_int(st, 1, stakeholder_id);
        db_bind_int(st, 2, partner_id);
        db_bind_text(st, 3, pcn);
        rc = db_run(st, m);
    }
    json_t *d = audit_change_json(
        "stakeholder", stakeholder_id, before,
        partner_id ? json_pack("{s:I}", "partner_id", (json_int_t)partner_id) : NULL);
    json_object_set_new(d, "stakeholder", json_string(s.name));
    rc = deskdb_finish_detail(db, w, pcn, rc, "nbhd-stakeholder-link", d, m);
done:
    arena_release(&a);
    return rc;
}
