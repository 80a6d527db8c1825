/* authreset.c: one-time links to set a new password (authreset.h). */
#include "common.h"
#include "authreset.h"
#include "auth.h"
#include "db.h"

int auth_reset_create(struct db *db, const char *email, const char *made_by, time_t now,
                      struct arena *a, const char **token, struct pcn_msg *m)
{
    struct db_stmt *st;
    int64_t id;
    char h[65];
    int rc;
    if ((rc = auth_user_id(db, email, &id, m)))
        return rc;
    /* the account's earlier links stop working */
    if ((rc = db_cached(db,
                        "UPDATE password_reset SET used_at = ? WHERE user_id = ? AND used_at IS "
                        "NULL",
                        &st, m)))
        return rc;
    db_bind_int(st, 1, (int64_t)now);
    db_bind_int(st, 2, id);
    if ((rc = db_run(st, m)))
        return rc;
    const char *tok = auth_random_token(a);
    auth_hash_token(tok, h);
    if ((rc = db_cached(db,
                        "INSERT INTO password_reset (token_hash, user_id, created_at, expires_at, "
                        "created_by) VALUES (?, ?, ?, ?, ?)",
                        &st, m)))
        return rc;
    db_bind_text(st, 1, h);
    db_bind_int(st, 2, id);
    db_bind_int(st, 3, (int64_t)now);
    db_bind_int(st, 4, (int64_t)now + AUTH_RESET_SECONDS);
    db_bind_text(st, 5, made_by ? made_by : "");
    if ((rc = db_run(st, m)))
        return rc;
    *token = tok;
    return 0;
}

int auth_reset_find(struct db *db, const char *token, time_t now, struct arena *a,
                    const char **email, struct pcn_msg *m)
{
    struct db_stmt *st;
    char h[65];
    *email = NULL;
    if (!token || strlen(token) != AUTH_TOKEN_CHARS - 1)
        return msg_set(m, PCN_ENOTFOUND,
                       "this link does not work: it may have been used, "
                       "replaced or be more than a day old");
    auth_hash_token(token, h);
    int rc = db_cached(db,
                       "SELECT u.email FROM password_reset r JOIN app_user u ON u.id = r.user_id "
                       "WHERE r.token_hash = ? AND r.used_at IS NULL AND r.expires_at > ? AND "
                       "u.disabled = 0",
                       &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, h);
    db_bind_int(st, 2, (int64_t)now);
    rc = db_step(st, m);
    if (rc == 1)
        *email = db_col_strdup(a, st, 0);
    db_reset(st);
    if (rc < 0)
        return rc;
    return *email ? 0
                  : msg_set(m, PCN_ENOTFOUND,
                            "this link does not work: it may have been used, "
                            "replaced or be more than a day old");
}

int auth_reset_use(struct db *db, struct web *w, const char *token, const char *password,
                   time_t now, struct arena *a, const char **email, struct pcn_msg *m)
{
    struct db_stmt *st;
    char h[65];
    int rc;
    if ((rc = auth_reset_find(db, token, now, a, email, m)) ||
        (rc = auth_set_password(db, w, *email, password, m)))
        return rc;
    auth_hash_token(token, h);
    if ((rc = db_cached(db, "UPDATE password_reset SET used_at = ? WHERE token_hash = ?", &st, m)))
        return rc;
    db_bind_int(st, 1, (int64_t)now);
    db_bind_text(st, 2, h);
    return db_run(st, m);
}
