/* web.h: the web application's shared state and the context every handler
 * gets.  The server (server.c) and the in-process handler tests build a
 * struct ctx for each request and call router_handle (router.h).
 *
 * Roles (auth.h) are scoped to one ODS organisation:
 *   admin              everything
 *   icb                reads every PCN and practice in its ICB
 *   pcn-manager, clinical-director
 *                      read and write their PCN; read its member practices
 *   practice           reads its practice and its PCN's shared figures
 * A request for another organisation's data gets 404, and the attempt is
 * written to the audit log (perm.h). */
#ifndef PCN_WEB_H
#define PCN_WEB_H

#include <jansson.h>

#include <pthread.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "arena.h"
#include "date.h"
#include "http.h"

struct db;
struct statics;
struct rules;
struct deskrules;
struct rules_snap;
struct auth_refusals;

enum role {
    ROLE_NONE = 0,
    ROLE_ADMIN,
    ROLE_ICB,
    ROLE_PCN_MANAGER,
    ROLE_CLINICAL_DIRECTOR,
    ROLE_PRACTICE,
};

/* A role's name in the store and on the command line, and its words. */
const char *role_name(enum role r);  /* "pcn-manager" */
const char *role_label(enum role r); /* "PCN manager" */
enum role role_parse(const char *s); /* ROLE_NONE when unknown */

/* The signed-in user, as the request sees it. */
struct user {
    int64_t id;
    const char *email;
    const char *name;
    enum role role;
    const char *org; /* ODS code; NULL for admin */
};

/* Settings and long-lived state of one server (or one test). */
struct web {
    const char *db_path;
    const char *static_dir; /* our files: static/           */
    const char *vendor_dir; /* nhsuk-frontend's dist/nhsuk/  */
    const char *rules_dir;
    bool secure_cookies;            /* served over TLS (directly or via a proxy) */
    unsigned long long pw_opslimit; /* Argon2id limits (auth.h) */
    size_t pw_memlimit;
    int session_idle_seconds;   /* default 30 minutes */
    int session_max_seconds;    /* default 12 hours   */
    time_t (*clock)(void *ctx); /* injectable; NULL = time(NULL) */
    void *clock_ctx;
    sem_t hash_slots;               /* at most 2 password hashes at once */
    struct auth_refusals *refusals; /* throttled sign-ins not yet audited (auth.c) */
    struct statics *statics;        /* static files, loaded at start */
    /* The rules directory, read on first use and again when its files
     * change or the store records a change made on any server (checked at
     * most every 2 seconds): web_rules. */
    pthread_mutex_t rules_lock;
    struct rules_snap *rules;
    time_t rules_checked;
    time_t rules_mtime;
    int64_t rules_seq; /* the store's rules changes applied (rulestore.h) */
    bool rules_synced; /* the folder brought up to date once since start */
    char csp[256];     /* the Content-Security-Policy header */
};

struct ctx {
    struct web *w;
    struct db *db; /* this thread's connection */
    struct http_req *q;
    struct http_resp *r;
    struct arena *a;       /* the request's arena (q->a) */
    struct user *user;     /* NULL when signed out */
    const char *csrf;      /* the session's CSRF token (forms) */
    bool api;              /* under /api/ */
    bool via_token;        /* signed in with an API token */
    const char *params[4]; /* route captures (":code") */
    size_t nparams;
    date_t today;
    struct rules_snap *rules; /* held by this request (web_rules) */
    /* perm.c's look-ups in this request (an organisation's ICB, a
     * practice's PCN, NULL when none), so that the route table's check and
     * the handler's own ask the store once */
    struct perm_seen {
        const char *sql, *code, *value;
    } perm_seen[4];
    size_t nperm_seen;
};

time_t web_now(const struct web *w);

/* The state of web.c in a struct web: zeroed, the store's path, the
 * default rules folder and the rules' lock.  webapp_init (webapp.h) calls it
 * and adds the rest; web_base_release undoes it. */
void web_base_init(struct web *w, const char *db_path);
void web_base_release(struct web *w);

/* The rules (rules.h) for this request: loaded from w->rules_dir, shared
 * between requests and reloaded when a file in the directory changes.  The
 * request holds them until web_request_done.  NULL (with m set) when the
 * directory cannot be read or has an error. */
const struct rules *web_rules(struct ctx *c, struct pcn_msg *m);
/* The desk's rules (cd_time.csv, supervision.csv), read and cached with the
 * rules (one reader, one snapshot for the request): NULL when the rules
 * cannot be read (m set); *problem is their first problem, or NULL. */
const struct deskrules *web_deskrules(struct ctx *c, const char **problem, struct pcn_msg *m);
/* Releases what the request held (the router calls it at the end). */
void web_request_done(struct ctx *c);
/* Says that the rules were just changed on this server (an upload or a row
 * edit recorded in the store, rulestore.h): writes the change into this
 * server's rules folder now, and the next web_rules reads the folder again,
 * even within the same second or 2-second check window.  Requests holding
 * the old rules keep them until they finish.  0 or the error of writing. */
int web_rules_changed(struct ctx *c, struct pcn_msg *m);
/* Has the next web_rules read the folder again (its name changed, say). */
void web_rules_stale(struct web *w);

/* Appends an entry to the audit log (audit.h) for the request's user and
 * address: the web's side of the log, which knows nothing of requests.
 * detail may be NULL; it is consumed (json_decref'd).  Failures are logged
 * to stderr and returned. */
int audit_ctx(struct ctx *c, const char *action, const char *target_kind, const char *target_code,
              json_t *detail);
struct audit_entry;
/* The note (audit.h) of a change asked for on the web, for the store
 * function that makes it to write in its transaction: the request's user
 * and address.  detail is consumed; its text is in the request's arena. */
void audit_note_ctx(struct audit_entry *e, struct ctx *c, const char *action,
                    const char *target_kind, const char *target_code, json_t *detail);

#endif
