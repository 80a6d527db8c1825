/* auth.h: local accounts, passwords, sessions and API tokens.
 *
 * Passwords are hashed with Argon2id (libsodium crypto_pwhash_str) at the
 * limits in struct web (interactive by default), at most 2 at once, and
 * re-hashed at sign-in when the limits have changed.  Sessions and API
 * tokens are 32 random bytes, base64url; the store keeps only a BLAKE2b hash
 * of each, so a copy of the store lets nobody in.  A session ends after
 * w->session_idle_seconds without a request, or w->session_max_seconds in
 * all, or at sign-out.
 *
 * Throttling, by account and address together, with growing delays and
 * no lockout: within AUTH_FAIL_WINDOW (15 minutes), after
 * AUTH_FAILS_PER_ACCOUNT failures for one account from one address, the
 * next attempt from there must wait AUTH_DELAY_FIRST seconds after the
 * last failure, doubling with each further failure up to the window
 * (auth_wait); after AUTH_FAILS_PER_ADDRESS failures from one address for
 * any accounts, the same.  The owner signing in from elsewhere is never
 * held up by someone guessing, and a refused attempt checks no password.
 * Each attempt is counted as a failure in one write transaction before
 * its password is checked (a success takes it back), so parallel attempts
 * check no more than the limit.  The client address is the server's
 * (server.h: --trusted-proxy for X-Forwarded-For). */
#ifndef PCN_AUTH_H
#define PCN_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "web.h"

#define AUTH_PASSWORD_MIN 10
#define AUTH_PASSWORD_MAX 256
#define AUTH_TOKEN_CHARS 44        /* base64url of 32 bytes, plus NUL */
#define AUTH_FAILS_PER_ACCOUNT 5
#define AUTH_FAILS_PER_ADDRESS 20
#define AUTH_FAIL_WINDOW 900       /* seconds */
#define AUTH_DELAY_FIRST 30        /* seconds: the first wait, doubled after each failure */

const char *role_name(enum role r);          /* "pcn-manager" */
const char *role_label(enum role r);         /* "PCN manager" */
enum role role_parse(const char *s);         /* ROLE_NONE when unknown */

/* Default settings (interactive Argon2id limits, 30 minutes idle, 12 hours
 * in all) and the hashing semaphore.  auth_web_release frees it. */
void auth_web_init(struct web *w);
void auth_web_release(struct web *w);

/* Adds an account.  Checks: a plausible email not yet used; a known role;
 * an organisation of the right kind for the role that is in the registry
 * (ICB for icb, PCN for pcn-manager and clinical-director, practice for
 * practice, none for admin); a password of 10 to 256 characters.
 * PCN_EINVAL with a message naming the field, PCN_ECONFLICT for a used email. */
int auth_user_add(struct db *db, struct web *w, const char *email, const char *name,
                  enum role role, const char *org, const char *password, int64_t *id,
                  struct pcn_msg *m);

/* The seconds an attempt must wait after the newest failure, with fails
 * failures in the window and free_fails allowed without a wait.  Pure. */
int64_t auth_wait(int64_t fails, int64_t free_fails);

/* Whether a refused (throttled) sign-in for this email and address is to
 * be audited: the first in each AUTH_FAIL_WINDOW is, with *uncounted the
 * refusals since the previous audited one; the rest are only counted, so
 * refusals cannot fill the audit log.  Thread-safe; in memory. */
bool auth_refusal_audit(struct web *w, const char *email, const char *ip, time_t now,
                        int64_t *uncounted);

/* Checks the password and opens a session: *token (in c->a) is the cookie
 * value, and c->user and c->csrf are set.  PCN_EPERM for a wrong email or password (the same words for
 * both), PCN_ELIMIT when throttled.  Failures are recorded; the audit log
 * entry is the caller's. */
int auth_sign_in(struct ctx *c, const char *email, const char *password, const char **token,
                 struct pcn_msg *m);

/* Finds the signed-in user from the session cookie or an Authorization:
 * Bearer token, setting c->user and c->csrf.  0 whether or not anyone is
 * signed in; an error only if the store fails. */
int auth_load(struct ctx *c, struct pcn_msg *m);

/* Ends the current session. */
int auth_sign_out(struct ctx *c, struct pcn_msg *m);

/* Creates an API token for a user; *token (in a) is shown once. */
int auth_token_create(struct db *db, int64_t user_id, const char *label, time_t now,
                      struct arena *a, const char **token, struct pcn_msg *m);

/* The session cookie's name: "__Host-pcnops" over TLS, else "pcnops". */
const char *auth_cookie_name(const struct web *w);
/* A fresh random token (base64url of 32 bytes) in the arena. */
const char *auth_random_token(struct arena *a);
/* Constant-time comparison of two NUL-terminated tokens. */
bool auth_token_eq(const char *a, const char *b);

#endif
