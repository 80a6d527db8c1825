/* authtoken.c: API tokens (authtoken.h). */
#include "common.h"
#include "authtoken.h"
#include "auth.h"
#include "db.h"

int auth_token_create(struct db *db, int64_t user_id, const char *label, time_t now, time_t expires,
                      struct arena *a, const char **token, struct pcn_msg *m)
{
    struct db_stmt *st;
    char th[65];
    const char *tok = arena_printf(a, "pcn_%s", auth_random_token(a));
    auth_hash_token(tok, th);
    int rc = db_cached(db,
                       "INSERT INTO api_token (token_hash, user_id, label, created_at, "
                       "revoked_at) VALUES (?, ?, ?, ?, ?)",
                       &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, th);
    db_bind_int(st, 2, user_id);
    db_bind_text(st, 3, label && *label ? label : "API token");
    db_bind_int(st, 4, (int64_t)now);
    if (expires)
        db_bind_int(st, 5, (int64_t)expires);
    else
        db_bind_null(st, 5);
    if ((rc = db_run(st, m)))
        return rc;
    *token = tok;
    return 0;
}

int auth_token_revoke(struct db *db, int64_t token_id, time_t now, struct arena *a,
                      const char **owner, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(db,
                       "SELECT u.email, t.revoked_at FROM api_token t JOIN app_user u "
                       "ON u.id = t.user_id WHERE t.id = ?",
                       &st, m);
    if (rc)
        return rc;
    db_bind_int(st, 1, token_id);
    rc = db_step(st, m);
    bool ended = rc == 1 && !db_col_null(st, 1) && db_col_int(st, 1) <= (int64_t)now;
    if (rc == 1)
        *owner = db_col_strdup(a, st, 0);
    db_reset(st);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return msg_set(m, PCN_ENOTFOUND, "no API token %lld ('pcnops token list' shows them)",
                       (long long)token_id);
    if (ended)
        return msg_set(m, PCN_ECONFLICT, "API token %lld has already ended", (long long)token_id);
    if ((rc = db_cached(db, "UPDATE api_token SET revoked_at = ? WHERE id = ?", &st, m)))
        return rc;
    db_bind_int(st, 1, (int64_t)now);
    db_bind_int(st, 2, token_id);
    return db_run(st, m);
}

int auth_token_list(struct db *db, const char *email, struct arena *a, struct auth_token **out,
                    size_t *n, struct pcn_msg *m)
{
    struct db_stmt *st;
    size_t cap = 0;
#define TOKEN_COLS                                                                                 \
    "SELECT t.id, u.email, t.label, t.created_at, t.last_used_at, t.revoked_at, "                  \
    "u.disabled FROM api_token t JOIN app_user u ON u.id = t.user_id "
    int rc = db_cached(
        db, email ? TOKEN_COLS "WHERE u.email = ? ORDER BY t.id" : TOKEN_COLS "ORDER BY t.id", &st,
        m);
    if (rc)
        return rc;
    char low[256] = "";
    if (email) {
        snprintf(low, sizeof low, "%s", email);
        auth_lower(low);
        db_bind_text(st, 1, low);
    }
    *out = NULL;
    *n = 0;
    while ((rc = db_step(st, m)) == 1) {
        if (*n == cap)
            *out = arena_grow(a, *out, *n, &cap, sizeof **out);
        struct auth_token *t = &(*out)[(*n)++];
        t->id = db_col_int(st, 0);
        t->email = db_col_strdup(a, st, 1);
        t->label = db_col_strdup(a, st, 2);
        t->created = (time_t)db_col_int(st, 3);
        t->last_used = db_col_null(st, 4) ? 0 : (time_t)db_col_int(st, 4);
        t->ends = db_col_null(st, 5) ? 0 : (time_t)db_col_int(st, 5);
        t->user_disabled = db_col_int(st, 6) != 0;
    }
    db_reset(st);
    return rc < 0 ? rc : 0;
}
