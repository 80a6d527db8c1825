/* auth.h: local accounts, passwords, sign-in and sessions (API tokens:
 * authtoken.h; the links that set a new password: authreset.h).
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
#include <time.h>

#include "err.h"
#include "web.h"

#define AUTH_PASSWORD_MIN 10
#define AUTH_PASSWORD_MAX 256
#define AUTH_TOKEN_CHARS 44     /* base64url of 32 bytes, plus NUL */
#define AUTH_TOKEN_MAX_DAYS 730 /* the longest --expires */
#define AUTH_FAILS_PER_ACCOUNT 5
#define AUTH_FAILS_PER_ADDRESS 20
#define AUTH_FAIL_WINDOW 900 /* seconds */
#define AUTH_DELAY_FIRST 30  /* seconds: the first wait, doubled after each failure */

/* Default settings (interactive Argon2id limits, 30 minutes idle, 12 hours
 * in all) and the hashing semaphore.  auth_web_release frees it. */
void auth_web_init(struct web *w);
void auth_web_release(struct web *w);

/* Adds an account.  Checks: a plausible email not yet used; a known role;
 * an organisation of the right kind for the role that is in the registry
 * (ICB for icb, PCN for pcn-manager and clinical-director, practice for
 * practice, none for admin); a password auth_password_check accepts.
 * PCN_EINVAL with a message naming the field, PCN_ECONFLICT for a used email. */
/* Every problem with a new account's fields at once, for a form: each in
 * out[] as auth_user_add words it ("email: ...", "name: ...", "role: ...",
 * "org: ...", "password: ..."); returns how many (0: auth_user_add will
 * take them, unless another adds the same email meanwhile). */
#define AUTH_USER_PROBLEMS 5
size_t auth_user_problems(struct db *db, const char *email, const char *name, enum role role,
                          const char *org, const char *password,
                          struct pcn_msg out[AUTH_USER_PROBLEMS]);
int auth_user_add(struct db *db, struct web *w, const char *email, const char *name, enum role role,
                  const char *org, const char *password, int64_t *id, struct pcn_msg *m);

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
 * both), PCN_ELIMIT when throttled.  Failures are recorded (their audit
 * entries are the caller's); the session and its "sign-in" audit entry are
 * one transaction. */
int auth_sign_in(struct ctx *c, const char *email, const char *password, const char **token,
                 struct pcn_msg *m);

/* Finds the signed-in user from the session cookie or an Authorization:
 * Bearer token, setting c->user and c->csrf.  0 whether or not anyone is
 * signed in; an error only if the store fails. */
int auth_load(struct ctx *c, struct pcn_msg *m);

/* Ends the current session, with its "sign-out" audit entry, in one
 * transaction. */
int auth_sign_out(struct ctx *c, struct pcn_msg *m);

/* Checks a new password: AUTH_PASSWORD_MIN to AUTH_PASSWORD_MAX characters,
 * and not common, breached-list or easy to guess: cracklib's checks
 * (Debian's libcrack2, with the cracklib-runtime word list) against the
 * email too.  PCN_EINVAL naming the field and why; PCN_EIO when the word
 * list is missing. */
int auth_password_check(const char *password, const char *email, struct pcn_msg *m);

/* Disables or enables an account; *was gets whether it was disabled.  A
 * disabled account's sessions are deleted, and auth_load refuses its
 * sessions and API tokens from the next request.  The caller audits, in
 * the same transaction.  PCN_ENOTFOUND for no such account. */
int auth_set_disabled(struct db *db, const char *email, bool disabled, bool *was,
                      struct pcn_msg *m);

/* Sets a new password (auth_password_check) and ends the account's
 * sessions. */
int auth_set_password(struct db *db, struct web *w, const char *email, const char *password,
                      struct pcn_msg *m);

/* Changes an account's role and organisation, checked as auth_user_add
 * does; the old ones (in a) for the audit entry. */
int auth_set_role(struct db *db, const char *email, enum role role, const char *org,
                  struct arena *a, const char **old_role, const char **old_org, struct pcn_msg *m);

/* Whether password is the account's current one: 0, or PCN_EPERM (the
 * words say it is not right).  For a user changing their own password. */
int auth_check_password(struct db *db, struct web *w, int64_t user_id, const char *password,
                        struct pcn_msg *m);

/* The session cookie's name: "__Host-pcnops" over TLS, else "pcnops". */
const char *auth_cookie_name(const struct web *w);
/* A fresh random token (base64url of 32 bytes) in the arena. */
const char *auth_random_token(struct arena *a);
/* Constant-time comparison of two NUL-terminated tokens. */
bool auth_same_token(const char *a, const char *b);
/* The stored form of a token (sessions, API tokens, reset links): hex
 * BLAKE2b-256. */
void auth_hash_token(const char *token, char out[65]);
/* Emails are kept in lower case: s (ASCII) lowered in place. */
void auth_lower(char *s);
/* The id of the account with this email (any case), or PCN_ENOTFOUND. */
struct db;
int auth_user_id(struct db *db, const char *email, int64_t *id, struct pcn_msg *m);

#endif
