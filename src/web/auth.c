#include "common.h"
#include <stddef.h> /* crack.h needs size_t */
#include "auth.h"
#include "audit.h"
#include "db.h"
#include "registry.h"

#include <crack.h>
#include <sodium.h>
#include <unistd.h>

/* Refused sign-ins, per account and address: when the last was audited
 * and how many since.  A fixed table; the oldest entry makes room. */
#define REFUSALS 512
struct auth_refusals {
    pthread_mutex_t lock;
    struct refusal {
        unsigned char key[16]; /* BLAKE2b of email and address */
        time_t audited;        /* 0: free */
        int64_t since;         /* refusals not audited since then */
    } r[REFUSALS];
};

bool auth_refusal_audit(struct web *w, const char *email, const char *ip, time_t now,
                        int64_t *uncounted)
{
    struct auth_refusals *t = w->refusals;
    crypto_generichash_state h;
    unsigned char key[16];
    crypto_generichash_init(&h, NULL, 0, sizeof key);
    crypto_generichash_update(&h, (const unsigned char *)email, strlen(email) + 1);
    crypto_generichash_update(&h, (const unsigned char *)ip, strlen(ip) + 1);
    crypto_generichash_final(&h, key, sizeof key);
    bool audit;
    pthread_mutex_lock(&t->lock);
    struct refusal *e = NULL, *oldest = &t->r[0];
    for (size_t i = 0; i < REFUSALS && !e; i++) {
        if (t->r[i].audited && memcmp(t->r[i].key, key, sizeof key) == 0)
            e = &t->r[i];
        else if (t->r[i].audited < oldest->audited)
            oldest = &t->r[i];
    }
    if (e && now - e->audited < AUTH_FAIL_WINDOW) {
        e->since++;
        audit = false;
        *uncounted = 0;
    } else {
        if (!e) {
            e = oldest;
            memcpy(e->key, key, sizeof key);
            e->since = 0;
        }
        *uncounted = e->since;
        e->since = 0;
        e->audited = now > 0 ? now : 1;
        audit = true;
    }
    pthread_mutex_unlock(&t->lock);
    return audit;
}

void auth_web_init(struct web *w)
{
    w->refusals = xcalloc(1, sizeof *w->refusals);
    pthread_mutex_init(&w->refusals->lock, NULL);
    w->pw_opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
    w->pw_memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
    w->session_idle_seconds = 30 * 60;
    w->session_max_seconds = 12 * 60 * 60;
    sem_init(&w->hash_slots, 0, 2);
}

void auth_web_release(struct web *w)
{
    pthread_mutex_destroy(&w->refusals->lock);
    free(w->refusals);
    w->refusals = NULL;
    sem_destroy(&w->hash_slots);
}

const char *auth_cookie_name(const struct web *w)
{
    return w->secure_cookies ? "__Host-pcnops" : "pcnops";
}

const char *auth_random_token(struct arena *a)
{
    unsigned char raw[32];
    char *out = arena_alloc(a, AUTH_TOKEN_CHARS);
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, AUTH_TOKEN_CHARS, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
    return out;
}

bool auth_same_token(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la != lb || la == 0)
        return false;
    return sodium_memcmp(a, b, la) == 0;
}

void auth_hash_token(const char *token, char out[65])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(out, 65, h, sizeof h);
}

static bool email_ok(const char *e)
{
    size_t n = strlen(e);
    const char *at = strchr(e, '@');
    if (n < 3 || n > 254 || !at || at == e || !at[1] || strchr(at + 1, '@') || !strchr(at, '.'))
        return false;
    for (const char *p = e; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == '<' || *p == '>' || *p == '"' || *p == ',')
            return false;
    return true;
}

void auth_lower(char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s - 'A' + 'a');
}

static int hash_password(struct web *w, const char *pw, char out[crypto_pwhash_STRBYTES],
                         struct pcn_msg *m)
{
    sem_wait(&w->hash_slots);
    int r = crypto_pwhash_str(out, pw, strlen(pw), w->pw_opslimit, w->pw_memlimit);
    sem_post(&w->hash_slots);
    return r ? msg_set(m, PCN_ENOMEM, "could not hash the password (out of memory)") : 0;
}

/* The organisation a role needs: of the right kind and in the registry
 * (none for admin, when *org becomes NULL). */
static int role_org_check(struct db *db, enum role role, const char **orgp, struct pcn_msg *m)
{
    const char *org = *orgp;
    int rc;
    if (role == ROLE_NONE)
        return msg_set(m, PCN_EINVAL,
                       "role: choose admin, icb, pcn-manager, clinical-director or practice");
    static const enum org_kind want[] = {
        [ROLE_ICB] = ORG_ICB,
        [ROLE_PCN_MANAGER] = ORG_PCN,
        [ROLE_CLINICAL_DIRECTOR] = ORG_PCN,
        [ROLE_PRACTICE] = ORG_PRACTICE,
    };
    if (role == ROLE_ADMIN) {
        if (org && *org)
            return msg_set(m, PCN_EINVAL, "org: an admin is not tied to an organisation");
        *orgp = NULL;
    } else {
        enum org_kind k;
        if (!org || !*org)
            return msg_set(m, PCN_EINVAL, "org: enter the ODS code of the %s this account is for",
                           org_kind_label(want[role]));
        if ((rc = registry_kind(db, org, &k, m)))
            return rc;
        if (k != want[role])
            return msg_set(m, PCN_EINVAL, "org: %s is not %s in the registry", org,
                           org_kind_a(want[role]));
    }
    return 0;
}

static pthread_mutex_t crack_lock = PTHREAD_MUTEX_INITIALIZER;

int auth_password_check(const char *password, const char *email, struct pcn_msg *m)
{
    size_t pl = password ? strlen(password) : 0;
    if (pl < AUTH_PASSWORD_MIN || pl > AUTH_PASSWORD_MAX)
        return msg_set(m, PCN_EINVAL, "password: use %d to %d characters", AUTH_PASSWORD_MIN,
                       AUTH_PASSWORD_MAX);
    if (!utf8_valid(password, pl))
        return msg_set(m, PCN_EINVAL,
                       "password: use letters, digits, spaces and symbols (it is "
                       "not UTF-8 text)");
    /* cracklib is not thread-safe: one check at a time */
    pthread_mutex_lock(&crack_lock);
    const char *dict = GetDefaultCracklibDict();
    char idx[512];
    snprintf(idx, sizeof idx, "%s.pwi", dict);
    bool have = access(idx, R_OK) == 0;
    const char *why = have ? FascistCheckUser(password, dict, email ? email : "", NULL) : NULL;
    char text[160];
    snprintf(text, sizeof text, "%s", why ? why : "");
    pthread_mutex_unlock(&crack_lock);
    if (!have)
        return msg_set(m, PCN_EIO,
                       "password: the list of common passwords (%s, from Debian's "
                       "cracklib-runtime) cannot be read; run scripts/setup",
                       dict);
    if (why)
        return msg_set(m, PCN_EINVAL,
                       "password: choose another: this one is too common or too easy to guess "
                       "(%s). A few unrelated words make a good password",
                       text);
    return 0;
}

size_t auth_user_problems(struct db *db, const char *email_in, const char *name, enum role role,
                          const char *org, const char *password,
                          struct pcn_msg out[AUTH_USER_PROBLEMS])
{
    char email[256] = "";
    size_t n = 0;
    int rc;
    memset(out, 0, AUTH_USER_PROBLEMS * sizeof *out);
    if (!email_in || strlen(email_in) >= sizeof email || !email_ok(email_in)) {
        msg_set(&out[n++], PCN_EINVAL, "email: enter an email address, like name@nhs.net");
    } else {
        snprintf(email, sizeof email, "%s", email_in);
        auth_lower(email);
        int64_t used = 0;
        struct db_stmt *st;
        if ((rc = db_cached(db, "SELECT COUNT(*) FROM app_user WHERE email = ?", &st, &out[n])) ==
            0) {
            db_bind_text(st, 1, email);
            if ((rc = db_step(st, &out[n])) == 1)
                used = db_col_int(st, 0);
            db_reset(st);
        }
        if (rc < 0)
            n++;
        else if (used)
            msg_set(&out[n++], PCN_ECONFLICT, "email: an account for %s already exists", email);
    }
    if (!name || !*name || strlen(name) > LIMIT_NAME_BYTES || !utf8_valid(name, strlen(name)))
        msg_set(&out[n++], PCN_EINVAL, "name: enter the person's name (up to %d characters)",
                LIMIT_NAME_BYTES);
    if (role_org_check(db, role, &org, &out[n]))
        n++;
    if (auth_password_check(password, email[0] ? email : "", &out[n]))
        n++;
    return n;
}

int auth_user_add(struct db *db, struct web *w, const char *email_in, const char *name,
                  enum role role, const char *org, const char *password, int64_t *id,
                  struct pcn_msg *m)
{
    char email[256], hash[crypto_pwhash_STRBYTES];
    struct db_stmt *st;
    int rc;

    if (!email_in || strlen(email_in) >= sizeof email || !email_ok(email_in))
        return msg_set(m, PCN_EINVAL, "email: enter an email address, like name@nhs.net");
    snprintf(email, sizeof email, "%s", email_in);
    auth_lower(email);
    if (!name || !*name || strlen(name) > LIMIT_NAME_BYTES || !utf8_valid(name, strlen(name)))
        return msg_set(m, PCN_EINVAL, "name: enter the person's name (up to %d characters)",
                       LIMIT_NAME_BYTES);
    if ((rc = role_org_check(db, role, &org, m)))
        return rc;
    if ((rc = auth_password_check(password, email, m)))
        return rc;
    if ((rc = hash_password(w, password, hash, m)))
        return rc;
    if ((rc = db_cached(db,
                        "INSERT INTO app_user (email, name, role, org_code, password_hash, "
                        "created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                        &st, m)))
        return rc;
    db_bind_text(st, 1, email);
    db_bind_text(st, 2, name);
    db_bind_text(st, 3, role_name(role));
    db_bind_text(st, 4, org);
    db_bind_text(st, 5, hash);
    db_bind_int(st, 6, (int64_t)web_now(w));
    int64_t v;
    rc = db_run_id(st, &v, m);
    sodium_memzero(hash, sizeof hash);
    if (rc == PCN_ECONFLICT)
        return msg_set(m, PCN_ECONFLICT, "email: an account for %s already exists", email);
    if (rc)
        return rc;
    if (id)
        *id = v;
    return 0;
}

static int record_failure(struct ctx *c, const char *email, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(c->db, "INSERT INTO login_failure (email, ip, at) VALUES (?, ?, ?)", &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, email);
    db_bind_text(st, 2, c->q->remote ? c->q->remote : "");
    db_bind_int(st, 3, (int64_t)c->q->now);
    return db_run(st, m);
}

/* A hash to check wrong emails against, so that they take as long as right
 * ones (no telling which emails have accounts).  Made once per process
 * on first use, under the hashing semaphore. */
static int dummy_verify(struct web *w, const char *password)
{
    static _Thread_local char dummy[crypto_pwhash_STRBYTES];
    if (!dummy[0] &&
        crypto_pwhash_str(dummy, "not a password", 14, w->pw_opslimit, w->pw_memlimit) != 0)
        return -1;
    return crypto_pwhash_str_verify(dummy, password, strlen(password));
}

static struct user *user_from_row(struct arena *a, struct db_stmt *st, int first)
{
    struct user *u = ARENA_NEW(a, struct user);
    u->id = db_col_int(st, first);
    u->email = arena_strdup(a, db_col_text(st, first + 1));
    u->name = arena_strdup(a, db_col_text(st, first + 2));
    u->role = role_parse(db_col_text(st, first + 3));
    u->org = db_col_null(st, first + 4) ? NULL : arena_strdup(a, db_col_text(st, first + 4));
    return u;
}

int64_t auth_wait(int64_t fails, int64_t free_fails)
{
    if (fails < free_fails)
        return 0;
    int64_t d = AUTH_DELAY_FIRST;
    for (int64_t k = fails - free_fails; k > 0 && d < AUTH_FAIL_WINDOW; k--)
        d *= 2;
    return d < AUTH_FAIL_WINDOW ? d : AUTH_FAIL_WINDOW;
}

/* The failures in the window and the newest one's time. */
static int failures(struct db *db, const char *sql, const char *a, const char *b, time_t since,
                    int64_t *n, int64_t *last, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(db, sql, &st, m);
    if (rc)
        return rc;
    int i = 1;
    db_bind_text(st, i++, a);
    if (b)
        db_bind_text(st, i++, b);
    db_bind_int(st, i, (int64_t)since);
    rc = db_step(st, m);
    *n = rc == 1 ? db_col_int(st, 0) : 0;
    *last = rc == 1 && !db_col_null(st, 1) ? db_col_int(st, 1) : 0;
    db_reset(st);
    return rc < 0 ? rc : 0;
}

/* Decides whether this attempt may be checked, and if so counts it as a
 * failure before the password is checked (a success takes it back), in one
 * write transaction: parallel attempts see each other, so no more than the
 * limit are ever checked.  0 to check; PCN_ELIMIT with the wait in m.
 * This needs db_begin to serialise writers, as SQLite's BEGIN IMMEDIATE
 * does (a PostgreSQL driver: a lock, or SERIALIZABLE with a retry). */
static int reserve_attempt(struct ctx *c, const char *email, struct pcn_msg *m)
{
    const char *ip = c->q->remote ? c->q->remote : "";
    time_t now = c->q->now, since = now - AUTH_FAIL_WINDOW;
    int64_t pn, plast, an, alast;
    int rc;
    if ((rc = db_begin(c->db, m)))
        return rc;
    if ((rc = failures(c->db,
                       "SELECT COUNT(*), MAX(at) FROM login_failure WHERE email = ? AND ip = ? "
                       "AND at > ?",
                       email, ip, since, &pn, &plast, m)) ||
        (rc = failures(c->db, "SELECT COUNT(*), MAX(at) FROM login_failure WHERE ip = ? AND at > ?",
                       ip, NULL, since, &an, &alast, m))) {
        db_rollback(c->db);
        return rc;
    }
    int64_t wait = auth_wait(pn, AUTH_FAILS_PER_ACCOUNT) - (now - plast);
    int64_t await = auth_wait(an, AUTH_FAILS_PER_ADDRESS) - (now - alast);
    if (await > wait)
        wait = await;
    if (wait > 0) {
        db_rollback(c->db);
        return msg_set(m, PCN_ELIMIT,
                       "Too many failed attempts to sign in from this computer. Wait %lld "
                       "second%s, then try again",
                       (long long)wait, wait == 1 ? "" : "s");
    }
    if ((rc = record_failure(c, email, m))) {
        db_rollback(c->db);
        return rc;
    }
    return db_commit(c->db, m);
}

/* Inside auth_sign_in's transaction: a new session for the account; this
 * account's failures from this address cleared (not from others: the owner
 * signing in does not help someone guessing); c->user and c->csrf set. */
static int open_session(struct ctx *c, int64_t id, const char *email, const char **token,
                        struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc;
    const char *tok = auth_random_token(c->a), *csrf = auth_random_token(c->a);
    char th[65];
    auth_hash_token(tok, th);
    if ((rc = db_cached(c->db,
                        "INSERT INTO session (token_hash, user_id, csrf_token, created_at, "
                        "last_seen_at, ip) VALUES (?, ?, ?, ?, ?, ?)",
                        &st, m)))
        return rc;
    db_bind_text(st, 1, th);
    db_bind_int(st, 2, id);
    db_bind_text(st, 3, csrf);
    db_bind_int(st, 4, (int64_t)c->q->now);
    db_bind_int(st, 5, (int64_t)c->q->now);
    db_bind_text(st, 6, c->q->remote);
    if ((rc = db_run(st, m)))
        return rc;
    if ((rc = db_cached(c->db, "DELETE FROM login_failure WHERE email = ? AND ip = ?", &st, m)))
        return rc;
    db_bind_text(st, 1, email);
    db_bind_text(st, 2, c->q->remote ? c->q->remote : "");
    if ((rc = db_run(st, m)))
        return rc;
    if ((rc = db_cached(c->db, "UPDATE app_user SET last_login_at = ? WHERE id = ?", &st, m)))
        return rc;
    db_bind_int(st, 1, (int64_t)c->q->now);
    db_bind_int(st, 2, id);
    if ((rc = db_run(st, m)))
        return rc;
    if ((rc = db_cached(c->db, "SELECT id, email, name, role, org_code FROM app_user WHERE id = ?",
                        &st, m)))
        return rc;
    db_bind_int(st, 1, id);
    if ((rc = db_step(st, m)) == 1)
        c->user = user_from_row(c->a, st, 0);
    db_reset(st);
    if (rc < 0)
        return rc;
    *token = tok;
    c->csrf = csrf;
    return 0;
}

int auth_sign_in(struct ctx *c, const char *email_in, const char *password, const char **token,
                 struct pcn_msg *m)
{
    char email[256];
    struct db_stmt *st;
    int rc;

    if (!email_in || !password || strlen(email_in) >= sizeof email)
        return msg_set(m, PCN_EPERM, "Enter a correct email address and password");
    snprintf(email, sizeof email, "%s", email_in);
    auth_lower(email);
    if ((rc = reserve_attempt(c, email, m)))
        return rc;

    if ((rc = db_cached(c->db, "SELECT id, password_hash, disabled FROM app_user WHERE email = ?",
                        &st, m)))
        return rc;
    db_bind_text(st, 1, email);
    rc = db_step(st, m);
    int64_t id = rc == 1 ? db_col_int(st, 0) : 0;
    char hash[crypto_pwhash_STRBYTES] = "";
    bool disabled = rc == 1 && db_col_int(st, 2) != 0;
    if (rc == 1)
        snprintf(hash, sizeof hash, "%s", db_col_text(st, 1));
    db_reset(st);
    if (rc < 0)
        return rc;

    sem_wait(&c->w->hash_slots);
    bool ok = id && crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
    if (!id)
        dummy_verify(c->w, password);
    bool rehash = ok &&
                  crypto_pwhash_str_needs_rehash(hash, c->w->pw_opslimit, c->w->pw_memlimit) != 0;
    sem_post(&c->w->hash_slots);
    if (!ok || disabled) /* the failure was recorded before the check */
        return msg_set(m, PCN_EPERM, "Enter a correct email address and password");
    /* The new session, the account's bookkeeping and the audit entry are
     * one transaction: a crash leaves a session with its entry, or
     * neither. */
    bool own;
    if ((rc = audit_change_begin(c->db, &own, m)))
        return rc;
    if (rehash) {
        char fresh[crypto_pwhash_STRBYTES];
        if (hash_password(c->w, password, fresh, m) == 0 &&
            (rc = db_cached(c->db, "UPDATE app_user SET password_hash = ? WHERE id = ?", &st, m)) ==
                0) {
            db_bind_text(st, 1, fresh);
            db_bind_int(st, 2, id);
            rc = db_run(st, m);
        }
        sodium_memzero(fresh, sizeof fresh);
    }
    sodium_memzero(hash, sizeof hash);
    const char *tok = NULL;
    if (rc == 0)
        rc = open_session(c, id, email, &tok, m);
    struct audit_entry note;
    audit_note_ctx(&note, c, "sign-in", "user", email, NULL);
    if (rc == 0 && !c->user)
        rc = msg_set(m, PCN_ENOTFOUND, "the account %s went while it signed in", email);
    if ((rc = audit_change_end(c->db, own, &note, rc, m))) {
        c->user = NULL;
        c->csrf = NULL;
        return rc;
    }
    *token = tok;
    return 0;
}

static int load_bearer(struct ctx *c, const char *tok, struct pcn_msg *m)
{
    struct db_stmt *st;
    char th[65];
    int rc;

    auth_hash_token(tok, th);
    if ((rc = db_cached(c->db,
                        "SELECT u.id, u.email, u.name, u.role, u.org_code, t.id, t.last_used_at "
                        "FROM api_token t JOIN app_user u ON u.id = t.user_id "
                        "WHERE t.token_hash = ? AND (t.revoked_at IS NULL OR t.revoked_at > ?) "
                        "AND u.disabled = 0",
                        &st, m)))
        return rc;
    db_bind_text(st, 1, th);
    db_bind_int(st, 2, (int64_t)c->q->now);
    rc = db_step(st, m);
    if (rc == 1) {
        c->user = user_from_row(c->a, st, 0);
        c->via_token = true;
        int64_t tid = db_col_int(st, 5), last = db_col_int(st, 6);
        db_reset(st);
        if (c->q->now - last > 60 &&
            db_cached(c->db, "UPDATE api_token SET last_used_at = ? WHERE id = ?", &st, m) == 0) {
            db_bind_int(st, 1, (int64_t)c->q->now);
            db_bind_int(st, 2, tid);
            db_run(st, m);
        }
        return 0;
    }
    db_reset(st);
    return rc < 0 ? rc : 0;
}

int auth_load(struct ctx *c, struct pcn_msg *m)
{
    struct db_stmt *st;
    char th[65];
    int rc;

    c->user = NULL;
    c->csrf = NULL;
    const char *authz = http_header(c->q, "Authorization");
    if (authz && strncmp(authz, "Bearer ", 7) == 0 && strlen(authz + 7) < 128)
        return load_bearer(c, authz + 7, m);
    const char *tok = http_cookie(c->q, auth_cookie_name(c->w));
    if (!tok || strlen(tok) != AUTH_TOKEN_CHARS - 1)
        return 0;
    auth_hash_token(tok, th);
    if ((rc = db_cached(c->db,
                        "SELECT u.id, u.email, u.name, u.role, u.org_code, s.csrf_token, "
                        "s.created_at, s.last_seen_at FROM session s "
                        "JOIN app_user u ON u.id = s.user_id "
                        "WHERE s.token_hash = ? AND u.disabled = 0",
                        &st, m)))
        return rc;
    db_bind_text(st, 1, th);
    rc = db_step(st, m);
    if (rc != 1) {
        db_reset(st);
        return rc < 0 ? rc : 0;
    }
    time_t created = (time_t)db_col_int(st, 6), seen = (time_t)db_col_int(st, 7);
    time_t now = c->q->now;
    if (now - seen > c->w->session_idle_seconds || now - created > c->w->session_max_seconds) {
        db_reset(st);
        /* Expired: forget it. */
        if (db_cached(c->db, "DELETE FROM session WHERE token_hash = ?", &st, m) == 0) {
            db_bind_text(st, 1, th);
            db_run(st, m);
        }
        return 0;
    }
    c->user = user_from_row(c->a, st, 0);
    c->csrf = arena_strdup(c->a, db_col_text(st, 5));
    db_reset(st);
    /* Record activity at most once a minute, to keep reads read-only. */
    if (now - seen >= 60 &&
        (rc = db_cached(c->db, "UPDATE session SET last_seen_at = ? WHERE token_hash = ?", &st,
                        m)) == 0) {
        db_bind_int(st, 1, (int64_t)now);
        db_bind_text(st, 2, th);
        db_run(st, m);
    }
    return 0;
}

int auth_sign_out(struct ctx *c, struct pcn_msg *m)
{
    struct db_stmt *st;
    char th[65];
    bool own;
    int rc;
    const char *tok = http_cookie(c->q, auth_cookie_name(c->w));
    struct audit_entry note;
    audit_note_ctx(&note, c, "sign-out", "user", c->user ? c->user->email : NULL, NULL);
    if ((rc = audit_change_begin(c->db, &own, m)))
        return rc;
    if (tok && (rc = db_cached(c->db, "DELETE FROM session WHERE token_hash = ?", &st, m)) == 0) {
        auth_hash_token(tok, th);
        db_bind_text(st, 1, th);
        rc = db_run(st, m);
    }
    return audit_change_end(c->db, own, &note, rc, m);
}

int auth_user_id(struct db *db, const char *email_in, int64_t *id, struct pcn_msg *m)
{
    char email[256];
    struct db_stmt *st;
    if (!email_in || strlen(email_in) >= sizeof email)
        return msg_set(m, PCN_ENOTFOUND, "no account for %s", email_in ? email_in : "(none)");
    snprintf(email, sizeof email, "%s", email_in);
    auth_lower(email);
    int rc = db_cached(db, "SELECT id FROM app_user WHERE email = ?", &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, email);
    rc = db_step(st, m);
    *id = rc == 1 ? db_col_int(st, 0) : 0;
    db_reset(st);
    if (rc < 0)
        return rc;
    return *id ? 0 : msg_set(m, PCN_ENOTFOUND, "no account for %s", email);
}

static int run_id(struct db *db, const char *sql, int64_t id, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(db, sql, &st, m);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    return db_run(st, m);
}

int auth_set_disabled(struct db *db, const char *email, bool disabled, bool *was, struct pcn_msg *m)
{
    struct db_stmt *st;
    int64_t id, before;
    int rc;
    if ((rc = auth_user_id(db, email, &id, m)))
        return rc;
    if ((rc = db_cached(db, "SELECT disabled FROM app_user WHERE id = ?", &st, m)))
        return rc;
    db_bind_int(st, 1, id);
    rc = db_step(st, m);
    before = rc == 1 ? db_col_int(st, 0) : 0;
    db_reset(st);
    if (rc < 0)
        return rc;
    *was = before != 0;
    if ((rc = db_cached(db, "UPDATE app_user SET disabled = ? WHERE id = ?", &st, m)))
        return rc;
    db_bind_int(st, 1, disabled ? 1 : 0);
    db_bind_int(st, 2, id);
    if ((rc = db_run(st, m)))
        return rc;
    /* its sessions end now (auth_load refuses a disabled account's
     * sessions and tokens in any case) */
    return disabled ? run_id(db, "DELETE FROM session WHERE user_id = ?", id, m) : 0;
}

int auth_set_password(struct db *db, struct web *w, const char *email, const char *password,
                      struct pcn_msg *m)
{
    char hash[crypto_pwhash_STRBYTES];
    struct db_stmt *st;
    int64_t id;
    int rc;
    if ((rc = auth_user_id(db, email, &id, m)) || (rc = auth_password_check(password, email, m)) ||
        (rc = hash_password(w, password, hash, m)))
        return rc;
    if ((rc = db_cached(db, "UPDATE app_user SET password_hash = ? WHERE id = ?", &st, m)) == 0) {
        db_bind_text(st, 1, hash);
        db_bind_int(st, 2, id);
        rc = db_run(st, m);
    }
    sodium_memzero(hash, sizeof hash);
    /* whoever had the old password is signed out */
    return rc ? rc : run_id(db, "DELETE FROM session WHERE user_id = ?", id, m);
}

int auth_set_role(struct db *db, const char *email, enum role role, const char *org,
                  struct arena *a, const char **old_role, const char **old_org, struct pcn_msg *m)
{
    struct db_stmt *st;
    int64_t id;
    int rc;
    if ((rc = auth_user_id(db, email, &id, m)) || (rc = role_org_check(db, role, &org, m)))
        return rc;
    if ((rc = db_cached(db, "SELECT role, org_code FROM app_user WHERE id = ?", &st, m)))
        return rc;
    db_bind_int(st, 1, id);
    if ((rc = db_step(st, m)) == 1) {
        *old_role = db_col_strdup(a, st, 0);
        *old_org = db_col_null(st, 1) ? NULL : db_col_strdup(a, st, 1);
    }
    db_reset(st);
    if (rc < 0)
        return rc;
    if ((rc = db_cached(db, "UPDATE app_user SET role = ?, org_code = ? WHERE id = ?", &st, m)))
        return rc;
    db_bind_text(st, 1, role_name(role));
    db_bind_text(st, 2, org);
    db_bind_int(st, 3, id);
    return db_run(st, m);
}

int auth_check_password(struct db *db, struct web *w, int64_t user_id, const char *password,
                        struct pcn_msg *m)
{
    struct db_stmt *st;
    char hash[crypto_pwhash_STRBYTES] = "";
    int rc = db_cached(db, "SELECT password_hash FROM app_user WHERE id = ?", &st, m);
    if (rc)
        return rc;
    db_bind_int(st, 1, user_id);
    rc = db_step(st, m);
    if (rc == 1)
        snprintf(hash, sizeof hash, "%s", db_col_text(st, 0));
    db_reset(st);
    if (rc < 0)
        return rc;
    bool ok = false;
    if (password && strlen(password) <= AUTH_PASSWORD_MAX && hash[0]) {
        sem_wait(&w->hash_slots);
        ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
        sem_post(&w->hash_slots);
    }
    sodium_memzero(hash, sizeof hash);
    return ok ? 0 : msg_set(m, PCN_EPERM, "password: the current password is not right");
}
