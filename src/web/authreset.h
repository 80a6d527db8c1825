/* authreset.h: the one-time links that set a new password, made by an
 * administrator for an account (page_account.c). */
#ifndef PCN_AUTHRESET_H
#define PCN_AUTHRESET_H

#include <time.h>

#include "arena.h"
#include "err.h"

struct db;
struct web;

/* One-time links to set a new password (table password_reset): made by an
 * administrator for an account, shown once, working once for
 * AUTH_RESET_SECONDS; only a hash of the token is kept, and a new link
 * ends the account's earlier ones.  *token (in a) is the link's last part.
 * The caller audits, in the same transaction (account.h does both).
 * PCN_ENOTFOUND for no such
 * account. */
#define AUTH_RESET_SECONDS 86400
int auth_reset_create(struct db *db, const char *email, const char *made_by, time_t now,
                      struct arena *a, const char **token, struct pcn_msg *m);
/* The account a link is for while it works (*email in a); PCN_ENOTFOUND
 * for a link unknown, used, ended or past its day (the same words). */
int auth_reset_find(struct db *db, const char *token, time_t now, struct arena *a,
                    const char **email, struct pcn_msg *m);
/* Uses a link: the new password is checked and set (auth_set_password:
 * the account's sessions end) and the link stops working.  PCN_EINVAL for
 * a refused password (the link still works), PCN_ENOTFOUND as above. */
int auth_reset_use(struct db *db, struct web *w, const char *token, const char *password,
                   time_t now, struct arena *a, const char **email, struct pcn_msg *m);

#endif
