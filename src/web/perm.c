#include "common.h"
#include "perm.h"
#include "audit.h"
#include "db.h"

#define HOLDS(t) t ".valid_from <= ? AND (" t ".valid_to IS NULL OR " t ".valid_to > ?)"

/* Runs a one-value query whose first parameter is the code and whose other
 * ndates parameters are all today. */
static const char *lookup(struct ctx *c, const char *sql, const char *code, int ndates)
{
    struct db_stmt *st;
    struct pcn_msg m = {0};
    char iso[11];
    if (!code)
        return NULL;
    for (size_t i = 0; i < c->nperm_seen; i++)
        if (c->perm_seen[i].sql == sql && strcmp(c->perm_seen[i].code, code) == 0)
            return c->perm_seen[i].value;
    if (db_cached(c->db, sql, &st, &m))
        return NULL;
    date_format_iso(c->today, iso);
    db_bind_text(st, 1, code);
    for (int i = 0; i < ndates; i++)
        db_bind_text(st, 2 + i, iso);
    const char *v = NULL;
    int rc = db_step(st, &m);
    if (rc == 1 && !db_col_null(st, 0))
        v = arena_strdup(c->a, db_col_text(st, 0));
    db_reset(st);
    /* an answer (a row or none) is kept; a failure is asked again */
    if (rc >= 0 && c->nperm_seen < ARRAY_SIZE(c->perm_seen))
        c->perm_seen[c->nperm_seen++] = (struct perm_seen){sql, arena_strdup(c->a, code), v};
    return v;
}

/* PCNs and practices both have a sub-ICB location as parent, whose parent
 * is the ICB. */
static const char *icb_of(struct ctx *c, const char *code)
{
    return lookup(c,
                  "SELECT sv.parent_code FROM org_version v JOIN org_version sv "
                  "ON sv.code = v.parent_code WHERE v.code = ? AND " HOLDS("v") " AND " HOLDS("sv"),
                  code, 4);
}

const char *perm_pcn_icb(struct ctx *c, const char *pcn)
{
    return icb_of(c, pcn);
}

const char *perm_practice_icb(struct ctx *c, const char *practice)
{
    return icb_of(c, practice);
}

const char *perm_practice_pcn(struct ctx *c, const char *practice)
{
    return lookup(c, "SELECT pcn_code FROM membership m WHERE practice_code = ? AND " HOLDS("m"),
                  practice, 2);
}

static bool same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

bool perm_admin(const struct ctx *c)
{
    return c->user && c->user->role == ROLE_ADMIN;
}

bool perm_read_icb(struct ctx *c, const char *icb)
{
    if (!c->user)
        return false;
    if (c->user->role == ROLE_ADMIN)
        return true;
    return c->user->role == ROLE_ICB && same(c->user->org, icb);
}

/* The signed-in user's role; ROLE_NONE when nobody is signed in. */
static enum role role_of(const struct ctx *c)
{
    return c->user ? c->user->role : ROLE_NONE;
}

bool perm_read_pcn(struct ctx *c, const char *pcn)
{
    switch (role_of(c)) {
    case ROLE_ADMIN:
        return true;
    case ROLE_ICB:
        return same(perm_pcn_icb(c, pcn), c->user->org);
    case ROLE_PCN_MANAGER:
    case ROLE_CLINICAL_DIRECTOR:
        return same(c->user->org, pcn);
    case ROLE_PRACTICE:
        return same(perm_practice_pcn(c, c->user->org), pcn);
    case ROLE_NONE:
        break;
    }
    return false;
}

/* The PCN's own manager or clinical director. */
static bool pcn_staff(struct ctx *c, const char *pcn)
{
    return c->user &&
           (c->user->role == ROLE_PCN_MANAGER || c->user->role == ROLE_CLINICAL_DIRECTOR) &&
           same(c->user->org, pcn);
}

/* An admin, or the PCN's own manager or clinical director. */
static bool admin_or_pcn_staff(struct ctx *c, const char *pcn)
{
    return c->user && (c->user->role == ROLE_ADMIN || pcn_staff(c, pcn));
}

bool perm_write_pcn(struct ctx *c, const char *pcn)
{
    return admin_or_pcn_staff(c, pcn);
}

bool perm_read_practice(struct ctx *c, const char *practice)
{
    switch (role_of(c)) {
    case ROLE_ADMIN:
        return true;
    case ROLE_ICB:
        return same(perm_practice_icb(c, practice), c->user->org) ||
               same(perm_pcn_icb(c, perm_practice_pcn(c, practice)), c->user->org);
    case ROLE_PCN_MANAGER:
    case ROLE_CLINICAL_DIRECTOR:
        return same(perm_practice_pcn(c, practice), c->user->org);
    case ROLE_PRACTICE:
        return same(c->user->org, practice);
    case ROLE_NONE:
        break;
    }
    return false;
}

bool perm_read_salaries(struct ctx *c, const char *pcn)
{
    return pcn_staff(c, pcn);
}

bool perm_read_desk(struct ctx *c, const char *pcn)
{
    return admin_or_pcn_staff(c, pcn);
}

bool perm_write_desk(struct ctx *c, const char *pcn)
{
    return perm_read_desk(c, pcn);
}

bool perm_read_network(struct ctx *c, const char *pcn)
{
    return perm_read_pcn(c, pcn);
}

bool perm_write_network(struct ctx *c, const char *pcn)
{
    return perm_write_pcn(c, pcn);
}

bool perm_vote_network(struct ctx *c, const char *pcn, const char *practice)
{
    if (!c->user || !practice)
        return false;
    if (c->user->role == ROLE_PRACTICE)
        return same(c->user->org, practice) && same(perm_practice_pcn(c, practice), pcn);
    return perm_write_network(c, pcn);
}

void perm_denied(struct ctx *c, const char *kind, const char *code)
{
    audit_ctx(c, "denied", kind, code,
              json_pack("{s:s,s:s}", "method", c->q->method, "path", c->q->path));
}
