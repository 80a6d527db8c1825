/* authtoken.h: API tokens, for scripts and other systems calling the JSON
 * API with "Authorization: Bearer pcn_...": made for an account (shown
 * once), ended, and listed.  The store keeps only a hash of each token
 * (auth_hash_token, auth.h); auth_load (auth.h) is what accepts one on a
 * request. */
#ifndef PCN_AUTHTOKEN_H
#define PCN_AUTHTOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "arena.h"
#include "err.h"

struct db;

/* Creates an API token for a user; *token (in a) is shown once.  It works
 * until expires (0: until revoked).  The store keeps the moment a token
 * stops working in api_token.revoked_at: the expiry when it is made, the
 * moment of revocation when that comes first. */
int auth_token_create(struct db *db, int64_t user_id, const char *label, time_t now, time_t expires,
                      struct arena *a, const char **token, struct pcn_msg *m);

/* Ends an API token now; *owner (in a) is its account's email.
 * PCN_ENOTFOUND for no such token, PCN_ECONFLICT if it has already ended. */
int auth_token_revoke(struct db *db, int64_t token_id, time_t now, struct arena *a,
                      const char **owner, struct pcn_msg *m);

struct auth_token {
    int64_t id;
    const char *email, *label;
    time_t created, last_used; /* last_used 0: never */
    time_t ends;               /* 0: until revoked; else revoked or expires then */
    bool user_disabled;
};

/* Every API token (of one account when email is not NULL), oldest first,
 * in a.  The tokens themselves are not kept: only their labels and times. */
int auth_token_list(struct db *db, const char *email, struct arena *a, struct auth_token **out,
                    size_t *n, struct pcn_msg *m);

#endif
