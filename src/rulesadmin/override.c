#include <sodium.h>

#include "common.h"
#include "override.h"
#include "audit.h"
#include "db.h"
#include "deskview.h"
#include "registry.h"

#define COLS                                                                                       \
    "id, scope, org_code, file, row_key, value, name, valid_from, valid_to, source, "              \
    "source_date, confidence, agreement, signed_by, created_by, created_at"

static const char *opt(const char *s)
{
    return s && *s ? s : NULL;
}

json_t *override_json(const struct rule_override *o)
{
    char from[11], to[11], sd[11];
    date_format_iso(o->from, from);
    if (o->to != DATE_NONE)
        date_format_iso(o->to, to);
    if (o->source_date != DATE_NONE)
        date_format_iso(o->source_date, sd);
#define S(x) (opt(x) ? json_string(x) : json_null())
    return json_pack(
        "{s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:o,s:s,s:o,s:s,s:o,s:o}", "id", o->id ? o->id : "",
        "layer", layers_scope_name(o->scope), "org", o->org, "file", layers_file_name(o->file),
        "row", o->key, "value", o->value, "name", S(o->name), "from", from, "to",
        o->to != DATE_NONE ? json_string(to) : json_null(), "source", o->source, "source_date",
        o->source_date != DATE_NONE ? json_string(sd) : json_null(), "confidence",
        conf_name(o->conf), "agreement", S(o->agreement), "signed_by", S(o->signed_by));
#undef S
}

static int audit(struct db *db, const struct desk_actor *w, const char *action,
                 const struct rule_override *o, json_t *before, json_t *after, struct pcn_msg *m)
{
    json_t *d = json_pack("{s:s,s:s,s:o,s:o}", "record", "rule_override", "id", o->id, "before",
                          before ? before : json_null(), "after", after ? after : json_null());
    return deskdb_audit_on(db, w, action, layers_scope_name(o->scope), o->org, d, m);
}

static void row_of(struct db_stmt *st, struct arena *a, struct rule_override *o)
{
    memset(o, 0, sizeof *o);
    o->id = db_col_strdup(a, st, 0);
    layers_scope_parse(db_col_text(st, 1), &o->scope);
    o->org = db_col_strdup(a, st, 2);
    layers_file_parse(db_col_text(st, 3), &o->file);
    o->key = db_col_strdup(a, st, 4);
    o->value = db_col_strdup(a, st, 5);
    o->name = db_col_strdup(a, st, 6);
    o->from = db_col_date(st, 7);
    o->to = db_col_date(st, 8);
    o->source = db_col_strdup(a, st, 9);
    o->source_date = db_col_date(st, 10);
    const char *c = db_col_text(st, 11);
    if (conf_parse(c, strlen(c), &o->conf))
        o->conf = CONF_UNCONFIRMED;
    o->agreement = db_col_strdup(a, st, 12);
    o->signed_by = db_col_strdup(a, st, 13);
    o->created_by = db_col_strdup(a, st, 14);
    o->created_at = db_col_int(st, 15);
    /* The amount, as layers_check parsed it when it was saved. */
    if (layers_parse_value(o->file, o->value, &o->amount))
        o->amount = 0;
}

int override_get(struct db *db, const char *org, const char *id, struct arena *a,
                 struct rule_override *out, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(db, "SELECT " COLS " FROM rule_override WHERE id = ? AND org_code = ?", &st,
                       m);
    if (rc)
        return rc;
    db_bind_text(st, 1, id);
    db_bind_text(st, 2, org);
    rc = db_step(st, m);
    if (rc == 1)
        row_of(st, a, out);
    db_reset(st);
    if (rc == 0)
        return msg_set(m, PCN_ENOTFOUND, "%s has no figure %s", org, id);
    return rc < 0 ? rc : 0;
}

int override_list(struct db *db, const char *org, struct arena *a, struct rule_override **out,
                  size_t *n, struct pcn_msg *m)
{
    struct db_stmt *st;
    size_t cap = 0;
    int rc = db_cached(db,
                       org ? "SELECT " COLS " FROM rule_override WHERE org_code = ? "
                             "ORDER BY file, row_key, valid_from, id"
                           : "SELECT " COLS " FROM rule_override "
                             "ORDER BY org_code, file, row_key, valid_from, id",
                       &st, m);
    *out = NULL;
    *n = 0;
    if (rc)
        return rc;
    if (org)
        db_bind_text(st, 1, org);
    while ((rc = db_step(st, m)) == 1) {
        if (*n == cap)
            *out = arena_grow(a, *out, *n, &cap, sizeof **out);
        row_of(st, a, &(*out)[(*n)++]);
    }
    db_reset(st);
    return rc < 0 ? rc : 0;
}

int override_add(struct db *db, struct rule_override *o, const struct desk_actor *who,
                 struct arena *a, struct pcn_msg *m)
{
    int rc = registry_expect(db, o->org, o->scope == SCOPE_PCN ? ORG_PCN : ORG_ICB, m);
    if (rc)
        return rc;
    unsigned char raw[6];
    char hex[2 * sizeof raw + 1];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
    o->id = arena_strdup(a, hex);
    o->created_by = who->email && *who->email ? who->email : "command line";
    o->created_at = (int64_t)who->now;
    struct db_stmt *st;
    if ((rc = db_begin(db, m)))
        return rc;
    if ((rc = db_cached(db,
                        "INSERT INTO rule_override (" COLS ") VALUES "
                        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        &st, m)))
        goto fail;
    db_bind_text(st, 1, o->id);
    db_bind_text(st, 2, layers_scope_name(o->scope));
    db_bind_text(st, 3, o->org);
    db_bind_text(st, 4, layers_file_name(o->file));
    db_bind_text(st, 5, o->key);
    db_bind_text(st, 6, o->value);
    db_bind_text(st, 7, opt(o->name));
    db_bind_date(st, 8, o->from);
    db_bind_date(st, 9, o->to);
    db_bind_text(st, 10, o->source);
    db_bind_date(st, 11, o->source_date);
    db_bind_text(st, 12, conf_name(o->conf));
    db_bind_text(st, 13, opt(o->agreement));
    db_bind_text(st, 14, opt(o->signed_by));
    db_bind_text(st, 15, o->created_by);
    db_bind_int(st, 16, o->created_at);
    if (!(rc = db_run(st, m)))
        rc = audit(db, who, "rules-override-add", o, NULL, override_json(o), m);
fail:
    return db_end(db, rc, m);
}

/* The figure ended on `to`: the update and its entry, inside the open
 * transaction. */
static int end_in(struct db *db, struct rule_override *o, date_t to, const struct desk_actor *who,
                  struct pcn_msg *m)
{
    if (to == DATE_NONE || to < o->from) {
        char f[11];
        date_format_iso(o->from, f);
        return msg_set(m, PCN_EINVAL, "the last day must be on or after its first day, %s", f);
    }
    struct db_stmt *st;
    int rc = db_cached(db, "UPDATE rule_override SET valid_to = ? WHERE id = ? AND org_code = ?",
                       &st, m);
    if (rc)
        return rc;
    db_bind_date(st, 1, to);
    db_bind_text(st, 2, o->id);
    db_bind_text(st, 3, o->org);
    if ((rc = db_run(st, m)))
        return rc;
    json_t *before = override_json(o);
    o->to = to;
    return audit(db, who, "rules-override-end", o, before, override_json(o), m);
}

/* The figure removed: the delete and its entry, inside the open
 * transaction. */
static int remove_in(struct db *db, const struct rule_override *o, const struct desk_actor *who,
                     struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(db, "DELETE FROM rule_override WHERE id = ? AND org_code = ?", &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, o->id);
    db_bind_text(st, 2, o->org);
    if ((rc = db_run(st, m)))
        return rc;
    return audit(db, who, "rules-override-remove", o, override_json(o), NULL, m);
}

/* Ends (on `to`) or removes an organisation's figure: one transaction. */
static int change(struct db *db, const char *org, const char *id, bool remove, date_t to,
                  const struct desk_actor *who, struct pcn_msg *m)
{
    struct arena a;
    struct rule_override o;
    arena_init(&a, 0);
    int rc = db_begin(db, m);
    if (!rc) {
        rc = override_get(db, org, id, &a, &o, m);
        if (!rc)
            rc = remove ? remove_in(db, &o, who, m) : end_in(db, &o, to, who, m);
        rc = db_end(db, rc, m);
    }
    arena_release(&a);
    return rc;
}

int override_end(struct db *db, const char *org, const char *id, date_t to,
                 const struct desk_actor *who, struct pcn_msg *m)
{
    return change(db, org, id, false, to, who, m);
}

int override_remove(struct db *db, const char *org, const char *id, const struct desk_actor *who,
                    struct pcn_msg *m)
{
    return change(db, org, id, true, DATE_NONE, who, m);
}

const char *override_icb_of(struct db *db, const char *pcn, date_t on, struct arena *a)
{
    struct org_info p, s;
    struct pcn_msg m = {0};
    if (registry_org(db, pcn, on, a, &p, &m) || !p.parent ||
        registry_org(db, p.parent, on, a, &s, &m) || !s.parent)
        return NULL;
    return s.parent;
}

void override_pick(const struct rules *nat, const struct rule_override *all, size_t n,
                   const char *pcn, const char *icb, struct arena *a, const struct rules **out)
{
    struct rule_override *mine = arena_alloc(a, (n ? n : 1) * sizeof *mine);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if ((all[i].scope == SCOPE_PCN && strcmp(all[i].org, pcn) == 0) ||
            (all[i].scope == SCOPE_ICB && icb && strcmp(all[i].org, icb) == 0))
            mine[k++] = all[i];
    *out = nat;
    if (k == 0)
        return;
    struct rules *r = arena_alloc(a, sizeof *r);
    layers_apply(nat, mine, k, a, r);
    *out = r;
}

int override_rules(struct db *db, const struct rules *nat, const char *pcn, date_t on,
                   struct arena *a, const struct rules **out, struct pcn_msg *m)
{
    struct rule_override *own, *icb = NULL;
    size_t nown, nicb = 0;
    *out = nat;
    int rc = override_list(db, pcn, a, &own, &nown, m);
    if (rc)
        return rc;
    const char *icb_code = override_icb_of(db, pcn, on, a);
    if (icb_code && (rc = override_list(db, icb_code, a, &icb, &nicb, m)))
        return rc;
    struct rule_override *both = arena_alloc(a, (nown + nicb + 1) * sizeof *both);
    if (nown)
        memcpy(both, own, nown * sizeof *both);
    if (nicb)
        memcpy(both + nown, icb, nicb * sizeof *both);
    override_pick(nat, both, nown + nicb, pcn, icb_code, a, out);
    return 0;
}
