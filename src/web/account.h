/* account.h: every change to an account or an API token, each one store
 * change with its audit entry.
 *
 * The administrator's and the user's forms (page_admin.c, page_account.c)
 * and the command line (cli_web.c) all change accounts through these, so a
 * change is never written without its entry nor its entry without the
 * change: each function opens the transaction (or joins the caller's),
 * makes the change with auth.h's checks and writes, writes the note (who
 * and where, the action, the account: audit_note_ctx or audit_note_cli)
 * with what it learnt (before and after), and commits; on any failure
 * nothing is written.  The errors are auth.h's. */
#ifndef PCN_ACCOUNT_H
#define PCN_ACCOUNT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "arena.h"
#include "audit.h"
#include "err.h"
#include "web.h"

struct db;

/* A new account (auth_user_add's checks); *id its number.  The note's
 * detail is the caller's. */
int account_add(struct db *db, struct web *w, const char *email, const char *name, enum role role,
                const char *org, const char *password, const struct audit_entry *note, int64_t *id,
                struct pcn_msg *m);

/* Disables or enables an account (auth_set_disabled); *was whether it was
 * disabled.  Detail: {"before": {"disabled"}, "after": {"disabled"}}. */
int account_set_disabled(struct db *db, const char *email, bool disabled,
                         const struct audit_entry *note, bool *was, struct pcn_msg *m);

/* A new role and organisation (auth_set_role).  Detail: {"before": {"role",
 * "org"}, "after": {"role", "org"}}, org null for none (and for an
 * administrator, who has none). */
int account_set_role(struct db *db, const char *email, enum role role, const char *org,
                     struct arena *a, const struct audit_entry *note, struct pcn_msg *m);

/* A new password (auth_set_password: its checks, and the account's
 * sessions end).  The note's detail is the caller's. */
int account_set_password(struct db *db, struct web *w, const char *email, const char *password,
                         const struct audit_entry *note, struct pcn_msg *m);

/* A one-time link to set a new password (auth_reset_create); *token (in a)
 * is shown once.  Detail: {"valid_hours"}. */
int account_reset_create(struct db *db, const char *email, const char *made_by, time_t now,
                         struct arena *a, const struct audit_entry *note, const char **token,
                         struct pcn_msg *m);

/* Uses a link (auth_reset_use); *email (in a) is the account's.  Nobody is
 * signed in, so the entry names the account as who and as what: the
 * note gives when, where and the action. */
int account_reset_use(struct db *db, struct web *w, const char *token, const char *password,
                      time_t now, struct arena *a, const struct audit_entry *note,
                      const char **email, struct pcn_msg *m);

/* A new API token for an account (auth_token_create); *token (in a) is
 * shown once.  The note's detail is the caller's. */
int account_token_create(struct db *db, int64_t user_id, const char *label, time_t now,
                         time_t expires, struct arena *a, const struct audit_entry *note,
                         const char **token, struct pcn_msg *m);

/* Ends an API token (auth_token_revoke); *owner (in a) its account's email,
 * which the entry names as its target.  The note's detail is the caller's. */
int account_token_revoke(struct db *db, int64_t token_id, time_t now, struct arena *a,
                         const struct audit_entry *note, const char **owner, struct pcn_msg *m);

/* Every account, by email, in a. */
struct account_row {
    int64_t id;
    const char *email, *name, *role, *org; /* org NULL: none */
    time_t last_login;                     /* 0: never */
    bool disabled;
};
int account_list(struct db *db, struct arena *a, struct account_row **out, size_t *n,
                 struct pcn_msg *m);
/* The account numbered id, in a: PCN_ENOTFOUND for none. */
int account_get(struct db *db, int64_t id, struct arena *a, struct account_row *out,
                struct pcn_msg *m);

#endif
