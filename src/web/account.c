#include "common.h"
#include "account.h"

#include <jansson.h>

#include "auth.h"
#include "authreset.h"
#include "authtoken.h"
#include "db.h"

int account_add(struct db *db, struct web *w, const char *email, const char *name, enum role role,
                const char *org, const char *password, const struct audit_entry *note, int64_t *id,
                struct pcn_msg *m)
{
    bool own;
    int rc = audit_change_begin(db, &own, m);
    if (rc)
        return rc;
    return audit_change_end(db, own, note,
                            auth_user_add(db, w, email, name, role, org, password, id, m), m);
}

int account_set_disabled(struct db *db, const char *email, bool disabled,
                         const struct audit_entry *note, bool *was, struct pcn_msg *m)
{
    bool own;
    int rc = audit_change_begin(db, &own, m);
    if (rc)
        return rc;
    rc = auth_set_disabled(db, email, disabled, was, m);
    json_t *detail = rc ? NULL
                        : json_pack("{s:{s:b},s:{s:b}}", "before", "disabled", *was, "after",
                                    "disabled", disabled);
    return audit_change_end_with(db, own, note, NULL, detail, rc, m);
}

int account_set_role(struct db *db, const char *email, enum role role, const char *org,
                     struct arena *a, const struct audit_entry *note, struct pcn_msg *m)
{
    const char *old_role = NULL, *old_org = NULL;
    bool own;
    int rc = audit_change_begin(db, &own, m);
    if (rc)
        return rc;
    rc = auth_set_role(db, email, role, org, a, &old_role, &old_org, m);
    const char *new_org = role == ROLE_ADMIN || !org || !*org ? NULL : org;
    json_t *detail = rc ? NULL
                        : json_pack("{s:{s:s?,s:s?},s:{s:s,s:s?}}", "before", "role", old_role,
                                    "org", old_org, "after", "role", role_name(role), "org",
                                    new_org);
    return audit_change_end_with(db, own, note, NULL, detail, rc, m);
}

int account_set_password(struct db *db, struct web *w, const char *email, const char *password,
                         const struct audit_entry *note, struct pcn_msg *m)
{
    bool own;
    int rc = audit_change_begin(db, &own, m);
    if (rc)
        return rc;
    return audit_change_end(db, own, note, auth_set_password(db, w, email, password, m), m);
}

int account_reset_create(struct db *db, const char *email, const char *made_by, time_t now,
                         struct arena *a, const struct audit_entry *note, const char **token,
                         struct pcn_msg *m)
{
    bool own;
    int rc = audit_change_begin(db, &own, m);
    if (rc)
        return rc;
    rc = auth_reset_create(db, email, made_by, now, a, token, m);
    json_t *detail =
        rc ? NULL : json_pack("{s:I}", "valid_hours", (json_int_t)(AUTH_RESET_SECONDS / 3600));
    return audit_change_end_with(db, own, note, NULL, detail, rc, m);
}

int account_reset_use(struct db *db, struct web *w, const char *token, const char *password,
                      time_t now, struct arena *a, const struct audit_entry *note,
                      const char **email, struct pcn_msg *m)
{
    bool own;
    int rc = audit_change_begin(db, &own, m);
    if (rc)
        return rc;
    rc = auth_reset_use(db, w, token, password, now, a, email, m);
    struct audit_entry e = *note;
    if (!rc)
        e.user_email = *email;
    return audit_change_end_with(db, own, &e, rc ? NULL : *email, NULL, rc, m);
}

int account_token_create(struct db *db, int64_t user_id, const char *label, time_t now,
                         time_t expires, struct arena *a, const struct audit_entry *note,
                         const char **token, struct pcn_msg *m)
{
    bool own;
    int rc = audit_change_begin(db, &own, m);
    if (rc)
        return rc;
    return audit_change_end(db, own, note,
                            auth_token_create(db, user_id, label, now, expires, a, token, m), m);
}

int account_token_revoke(struct db *db, int64_t token_id, time_t now, struct arena *a,
                         const struct audit_entry *note, const char **owner, struct pcn_msg *m)
{
    bool own;
    int rc = audit_change_begin(db, &own, m);
    if (rc)
        return rc;
    rc = auth_token_revoke(db, token_id, now, a, owner, m);
    return audit_change_end_with(db, own, note, rc ? NULL : *owner, NULL, rc, m);
}

static void account_row_read(struct arena *a, struct db_stmt *st, void *out)
{
    struct account_row *r = out;
    *r = (struct account_row){.email = db_col_strdup_blank(a, st, 0),
                              .name = db_col_strdup_blank(a, st, 1),
                              .role = db_col_strdup_blank(a, st, 2),
                              .org = db_col_strdup(a, st, 3),
                              .last_login = (time_t)db_col_int(st, 4),
                              .disabled = db_col_int(st, 5) != 0,
                              .id = db_col_int(st, 6)};
}

int account_list(struct db *db, struct arena *a, struct account_row **out, size_t *n,
                 struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(db,
                       "SELECT email, name, role, org_code, last_login_at, disabled, id FROM "
                       "app_user ORDER BY email",
                       &st, m);
    if (rc)
        return rc;
    return db_rows(st, a, sizeof **out, account_row_read, (void **)out, n, m);
}

int account_get(struct db *db, int64_t id, struct arena *a, struct account_row *out,
                struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(db,
                       "SELECT email, name, role, org_code, last_login_at, disabled, id FROM "
                       "app_user WHERE id = ?",
                       &st, m);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    rc = db_step(st, m);
    if (rc == 1)
        account_row_read(a, st, out);
    db_reset(st);
    if (rc < 0)
        return rc;
    return rc == 1 ? 0 : PCN_ENOTFOUND;
}
