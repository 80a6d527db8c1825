/* webfix.h: a web application on a small fixture store, for the handler
 * tests (test_http.c, test_perm.c).  Requests run through router_handle in
 * process, without a socket.
 *
 * Store: the registry in tests/data/registry (ICBs QAA and QBB; PCNs U10001
 * and U10002 in QAA, U20001 in QBB) as of 2023-07-01, and one account per
 * role (password "fixture password"):
 *   admin@test.nhs.uk     admin
 *   icb@test.nhs.uk       icb, QAA
 *   manager@test.nhs.uk   pcn-manager, U10002
 *   cd@test.nhs.uk        clinical-director, U10001
 *   practice@test.nhs.uk  practice, A10003 (a member of U10002)
 * and two ARRS posts: 1, Priya Shah, clinical pharmacist in U10002 from
 * 2025-04-01 at 1.0 WTE costing £80,000; 2, Tom Green, social prescribing
 * link worker in U10001 from 2025-06-01 costing £30,000.
 * The clock is fixed at 2026-11-23 08:00 UTC and can be moved (f->now). */
#ifndef PCN_WEBFIX_H
#define PCN_WEBFIX_H

#include "testutil.h"

#include <sodium.h>

#include "arena.h"
#include "audit.h"
#include "auth.h"
#include "authtoken.h"
#include "db.h"
#include "deskdb.h"
#include "migrate.h"
#include "http.h"
#include "import.h"
#include "importer.h"
#include "router.h"
#include "webapp.h"
#include "rules.h"
#include "staff.h"
#include "web.h"

#include "registryfix.h"

struct webfix {
    char *dir;
    char dbpath[256];
    struct db *db;
    struct web w;
    time_t now;
    const char *cookie[6]; /* session cookie value per role */
    const char *csrf[6];
    const char *token[6]; /* an API token per role, after fx_api_tokens */
    struct arena a;       /* for the cookies and tokens */
};

static inline time_t fx_clock(void *ctx)
{
    return ((struct webfix *)ctx)->now;
}

static const struct {
    enum role role;
    const char *email, *org;
} fx_users[] = {
    {ROLE_ADMIN, "admin@test.nhs.uk", NULL},
    {ROLE_ICB, "icb@test.nhs.uk", "QAA"},
    {ROLE_PCN_MANAGER, "manager@test.nhs.uk", "U10002"},
    {ROLE_CLINICAL_DIRECTOR, "cd@test.nhs.uk", "U10001"},
    {ROLE_PRACTICE, "practice@test.nhs.uk", "A10003"},
};

/* A request in its own arena; free with fx_req_free. */
static inline struct http_req *fx_req(struct webfix *f, const char *method, const char *path)
{
    struct arena *a = malloc(sizeof *a);
    arena_init(a, 0);
    struct http_req *q = arena_zalloc(a, sizeof *q);
    q->a = a;
    q->method = arena_strdup(a, method);
    const char *qm = strchr(path, '?');
    /* The path as the server hands it on: percent-decoded (server.c). */
    const char *raw = qm ? arena_strndup(a, path, (size_t)(qm - path)) : path;
    if (http_decode_path(a, raw, &q->path))
        fail_msg("%s: a path the server refuses (400)", path);
    if (qm)
        http_parse_urlencoded(a, qm + 1, strlen(qm + 1), q->query, HTTP_MAX_FIELDS, &q->nquery);
    q->remote = "127.0.0.1";
    q->now = f->now;
    return q;
}

static inline void fx_req_free(struct http_req *q)
{
    struct arena *a = q->a;
    arena_release(a);
    free(a);
}

static inline void fx_header(struct http_req *q, const char *name, const char *value)
{
    q->headers[q->nheaders].name = arena_strdup(q->a, name);
    q->headers[q->nheaders].value = arena_strdup(q->a, value);
    q->nheaders++;
}

/* Signs the request in as a fixture role (index into fx_users). */
static inline void fx_as(struct webfix *f, struct http_req *q, int who)
{
    char cookie[128];
    snprintf(cookie, sizeof cookie, "pcnops=%s", f->cookie[who]);
    fx_header(q, "Cookie", cookie);
}

static inline void fx_run(struct webfix *f, struct http_req *q, struct http_resp *r)
{
    http_resp_init(r);
    router_handle(&f->w, f->db, q, r);
}

static inline const char *fx_resp_header(const struct http_resp *r, const char *name)
{
    for (size_t i = 0; i < r->nheaders; i++)
        if (strcasecmp(r->headers[i].name, name) == 0)
            return r->headers[i].value;
    return NULL;
}

static inline int fx_setup(void **state)
{
    struct webfix *f = calloc(1, sizeof *f);
    struct pcn_msg m = {0};
    f->dir = tmpdir_make();
    if (test_store(f->dir, "web.db", f->dbpath, sizeof f->dbpath))
        fail_msg("no store for the test");
    if (migrate_open(f->dbpath, &f->db, &m))
        fail_msg("%s", m.text);
    const char *failed;
    if (registryfix_import(f->db, &failed, &m))
        fail_msg("%s", m.text);
    if (webapp_init(&f->w, f->dbpath, NULL, &m))
        fail_msg("%s", m.text);
    /* The quickest Argon2id limits: the tests check the logic, not the cost. */
    f->w.pw_opslimit = crypto_pwhash_OPSLIMIT_MIN;
    f->w.pw_memlimit = crypto_pwhash_MEMLIMIT_MIN;
    f->now = (time_t)date_from_ymd(2026, 11, 23) * 86400 + 8 * 3600; /* 08:00 UTC */
    f->w.clock = fx_clock;
    f->w.clock_ctx = f;
    arena_init(&f->a, 0);
    for (size_t i = 0; i < sizeof fx_users / sizeof *fx_users; i++) {
        if (auth_user_add(f->db, &f->w, fx_users[i].email, fx_users[i].email, fx_users[i].role,
                          fx_users[i].org, "fixture password", NULL, &m))
            fail_msg("%s", m.text);
        struct http_req *q = fx_req(f, "POST", "/sign-in");
        struct arena *own = q->a;
        struct http_resp r;
        struct ctx c = {.w = &f->w, .db = f->db, .q = q, .a = &f->a};
        http_resp_init(&r);
        c.r = &r;
        const char *tok;
        q->a = &f->a; /* keep the token and CSRF beyond this request */
        if (auth_sign_in(&c, fx_users[i].email, "fixture password", &tok, &m))
            fail_msg("%s", m.text);
        f->cookie[i] = tok;
        f->csrf[i] = c.csrf;
        http_resp_release(&r);
        q->a = own;
        fx_req_free(q);
    }
    /* Two ARRS posts: one in U10002 (the manager's PCN), one in U10001. */
    {
        struct arena ra;
        struct rules r;
        struct rules_diag d = {0};
        arena_init(&ra, 0);
        if (rules_load("rules", &ra, &r, &d, &m))
            fail_msg("rules: %s", m.text);
        struct arrs_terms t1 = {
            .from = date_from_ymd(2025, 4, 1), .wte_e4 = 10000, .has_cost = true, .cost = 8000000};
        struct arrs_terms t2 = {
            .from = date_from_ymd(2025, 6, 1), .wte_e4 = 10000, .has_cost = true, .cost = 3000000};
        struct staff s1 = {.pcn = "U10002",
                           .name = "Priya Shah",
                           .role = "clinical_pharmacist",
                           .start = date_from_ymd(2025, 4, 1),
                           .end = DATE_NONE,
                           .terms = &t1,
                           .nterms = 1};
        struct staff s2 = {.pcn = "U10001",
                           .name = "Tom Green",
                           .role = "social_prescribing_link_worker",
                           .start = date_from_ymd(2025, 6, 1),
                           .end = DATE_NONE,
                           .terms = &t2,
                           .nterms = 1};
        int64_t id;
        if (staff_add(f->db, &r, &s1, f->now, NULL, &id, &m) ||
            staff_add(f->db, &r, &s2, f->now, NULL, &id, &m))
            fail_msg("staff: %s", m.text);
        arena_release(&ra);
    }
    *state = f;
    return 0;
}

static inline int fx_teardown(void **state)
{
    struct webfix *f = *state;
    webapp_release(&f->w);
    db_close(f->db);
    arena_release(&f->a);
    tmpdir_remove(f->dir);
    free(f);
    return 0;
}

/* ---- what the permission tests share ------------------------------------ */

/* The fixture's users by index (fx_users), and NOBODY for no session. */
enum fx_who { ADMIN, ICB, MANAGER, CD, PRACTICE, NOBODY };
static const char *const fx_who_names[] = {"admin",    "icb",   "pcn-manager", "clinical-director",
                                           "practice", "nobody"};

/* The fixture user w (not NOBODY) as the author of a change in the stores
 * (deskdb.h): its id (the accounts are made in fx_users' order, from 1),
 * email, role, organisation, 127.0.0.1 and the fixture's clock. */
static inline struct desk_actor fx_actor(const struct webfix *f, enum fx_who w)
{
    return (struct desk_actor){.user_id = (int64_t)w + 1,
                               .email = fx_users[w].email,
                               .role = fx_who_names[w],
                               .org = fx_users[w].org,
                               .ip = "127.0.0.1",
                               .now = f->now};
}

/* A request to the clinical director from Sam Lee of NHS Alpha ICB,
 * received that day, to hold a practice to account (performance
 * management), within the role, not yet decided, with no date it is due. */
static inline struct desk_request fx_pm_request(date_t received, const char *what,
                                                int64_t est_minutes)
{
    return (struct desk_request){.received = received,
                                 .requester = "Sam Lee",
                                 .organisation = "NHS Alpha ICB",
                                 .what = what,
                                 .due = DATE_NONE,
                                 .est_minutes = est_minutes,
                                 .within = WITHIN_YES,
                                 .performance_management = true,
                                 .decision = DEC_PENDING,
                                 .decided = DATE_NONE,
                                 .delegate_to = "",
                                 .decline_note = "",
                                 .outcome = ""};
}

/* The one integer a query gives; fails the test on error. */
static inline int64_t fx_count(struct webfix *f, const char *sql)
{
    int64_t n;
    struct pcn_msg m = {0};
    if (db_query_int(f->db, sql, &n, &m))
        fail_msg("%s", m.text);
    return n;
}

static inline int64_t fx_rows(struct webfix *f, const char *table)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", table);
    return fx_count(f, sql);
}

/* Refusals in the audit log so far. */
static inline int64_t fx_denied(struct webfix *f)
{
    return fx_count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'denied'");
}

/* A request as w; body (urlencoded) for a POST, sent with w's CSRF token.
 * Returns the status; the response body in *out when out (caller frees). */
static inline int fx_request(struct webfix *f, enum fx_who w, const char *method, const char *path,
                             const char *body, char **out)
{
    struct http_req *q = fx_req(f, method, path);
    struct http_resp r;
    if (w != NOBODY)
        fx_as(f, q, (int)w);
    if (body) {
        const char *b = w == NOBODY ? body : arena_printf(q->a, "%s&csrf=%s", body, f->csrf[w]);
        q->body = b;
        q->body_len = strlen(b);
        fx_header(q, "Content-Type", "application/x-www-form-urlencoded");
    }
    fx_run(f, q, &r);
    int status = r.status;
    if (out)
        *out = r.body.len ? strndup(r.body.buf, r.body.len) : strdup("");
    http_resp_release(&r);
    fx_req_free(q);
    return status;
}

/* Every id on a page is unique (labels, error links and aria references
 * need it: WCAG 4.1.1 and 1.3.1). */
static inline void fx_unique_ids(const char *path, const char *html)
{
    const char *p = html;
    static char seen[512][80];
    size_t n = 0;
    while ((p = strstr(p, " id=\""))) {
        p += 5;
        const char *end = strchr(p, '"');
        if (!end)
            break;
        char id[80];
        snprintf(id, sizeof id, "%.*s", (int)(end - p), p);
        for (size_t i = 0; i < n; i++)
            if (!strcmp(seen[i], id))
                fail_msg("%s: the id \"%s\" is used twice", path, id);
        if (n < sizeof seen / sizeof *seen)
            snprintf(seen[n++], sizeof seen[0], "%s", id);
        p = end;
    }
}

/* The PCNs and ICBs each role should and should not reach, indexed by
 * enum fx_who (NOBODY: use ADMIN's), with what a refusal of the other one
 * must not name (NULL: nothing to look for). */
struct fx_scope {
    const char *own, *other;
    const char *other_name;
};

static inline const struct fx_scope *fx_pcn_scopes(void)
{
    static const struct fx_scope pcns[] = {
        [ADMIN] = {"U10001", "U20001", NULL},
        [ICB] = {"U10001", "U20001", "EAST PCN"},
        [MANAGER] = {"U10002", "U10001", "NORTH PCN"},
        [CD] = {"U10001", "U10002", "SOUTH AND VALE"},
        [PRACTICE] = {"U10002", "U10001", "NORTH PCN"},
    };
    return pcns;
}

/* No ICB page for a PCN role or a practice: their "own" ICB is refused too. */
static inline const struct fx_scope *fx_icb_scopes(void)
{
    static const struct fx_scope icbs[] = {
        [ADMIN] = {"QAA", "QBB", NULL},          [ICB] = {"QAA", "QBB", "NHS Beta"},
        [MANAGER] = {"QAA", "QBB", "NHS Beta"},  [CD] = {"QAA", "QBB", "NHS Beta"},
        [PRACTICE] = {"QAA", "QBB", "NHS Beta"},
    };
    return icbs;
}

/* One row of a permissions matrix (fx_matrix): a route with %s for the
 * organisation's code, a valid form for a POST, what it needs (the test's
 * own enum, for its allowed and scopes functions), the status when allowed,
 * and a POST's table, which a refusal leaves unchanged. */
struct fx_route {
    const char *method, *fmt, *body;
    int need;
    bool api;
    int ok;
    const char *table;
};

/* Every route for every role and nobody, on its own organisation and the
 * other (scopes(need)): the status is ok when allowed(who, need, own), 404
 * when not (audited, naming nothing of the other, the plain not-found page
 * for a page, the table unchanged), and for nobody 401 from the API or 303
 * to the sign-in (the table unchanged).  A page has unique ids and no style
 * attribute.  Returns the number of requests checked. */
static inline int fx_matrix(struct webfix *f, const struct fx_route *routes, size_t nroutes,
                            bool (*allowed)(enum fx_who, int need, bool own),
                            const struct fx_scope *(*scopes)(int need))
{
    int checked = 0;
    for (size_t ri = 0; ri < nroutes; ri++) {
        const struct fx_route *rt = &routes[ri];
        const struct fx_scope *sc = scopes(rt->need);
        for (int w = ADMIN; w <= NOBODY; w++) {
            for (int own = 0; own < 2; own++) {
                const struct fx_scope *s = &sc[w == NOBODY ? ADMIN : w];
                char path[160];
                snprintf(path, sizeof path, rt->fmt, own ? s->own : s->other);
                int want = w == NOBODY                              ? (rt->api ? 401 : 303)
                           : allowed((enum fx_who)w, rt->need, own) ? rt->ok
                                                                    : 404;
                int64_t before = fx_denied(f);
                int64_t table_before = rt->table ? fx_rows(f, rt->table) : 0;
                char *body;
                int got = fx_request(f, (enum fx_who)w, rt->method, path, rt->body, &body);
                if (got != want)
                    fail_msg("%s %s as %s: status %d, expected %d\n%.600s", rt->method, path,
                             fx_who_names[w], got, want, body);
                if (got == 200 && !strncmp(body, "<!DOCTYPE", 9))
                    fx_unique_ids(path, body);
                if (got == 200 && strstr(body, " style="))
                    fail_msg("%s as %s: a style attribute, which the CSP forbids", path,
                             fx_who_names[w]);
                if (want == 404) {
                    if (fx_denied(f) != before + 1)
                        fail_msg("%s %s as %s: the refusal was not audited", rt->method, path,
                                 fx_who_names[w]);
                    if (s->other_name && !own && strstr(body, s->other_name))
                        fail_msg("%s as %s: the refusal shows '%s'", path, fx_who_names[w],
                                 s->other_name);
                    if (!rt->api && !strstr(body, "Page not found"))
                        fail_msg("%s as %s: not the plain not-found page", path, fx_who_names[w]);
                    if (rt->table && fx_rows(f, rt->table) != table_before)
                        fail_msg("%s as %s: refused, yet %s changed", path, fx_who_names[w],
                                 rt->table);
                }
                if (w == NOBODY && rt->table && fx_rows(f, rt->table) != table_before)
                    fail_msg("%s signed out: %s changed", path, rt->table);
                free(body);
                checked++;
            }
        }
    }
    return checked;
}

/* The newest audit entry: its action in *action, and its detail ("" for
 * none), both in a. */
static inline const char *fx_last_audit(struct webfix *f, struct arena *a, const char **action)
{
    struct audit_filter af = {.limit = 1};
    struct audit_entry *e;
    size_t n;
    struct pcn_msg m = {0};
    if (audit_query(f->db, &af, a, &e, &n, &m) || n != 1)
        fail_msg("no audit entry");
    *action = e[0].action;
    return e[0].detail ? e[0].detail : "";
}

/* A change as w and the audit entry it must write. */
struct fx_audited {
    const char *path, *body; /* a POST that answers 303 */
    const char *action, *detail;
};

/* Posts each step in turn: each answers 303 and its entry is the newest,
 * with exactly that action and detail. */
static inline void fx_audited_steps(struct webfix *f, enum fx_who w, const struct fx_audited *steps,
                                    size_t n)
{
    struct arena a;
    const char *action;
    arena_init(&a, 0);
    for (size_t i = 0; i < n; i++) {
        char *body;
        int got = fx_request(f, w, "POST", steps[i].path, steps[i].body, &body);
        if (got != 303)
            fail_msg("step %zu, %s %s: status %d\n%.800s", i, steps[i].path, steps[i].body, got,
                     body);
        free(body);
        const char *detail = fx_last_audit(f, &a, &action);
        assert_string_equal(action, steps[i].action);
        if (strcmp(detail, steps[i].detail) != 0)
            fail_msg("step %zu, %s: audit detail\n  %s\nexpected\n  %s", i, steps[i].path, detail,
                     steps[i].detail);
    }
    arena_release(&a);
}

/* An API token for each role but NOBODY, in f->token. */
static inline void fx_api_tokens(struct webfix *f)
{
    struct pcn_msg m = {0};
    for (int w = ADMIN; w < NOBODY; w++)
        if (auth_token_create(f->db, w + 1, "perm", f->now, 0, &f->a, &f->token[w], &m))
            fail_msg("%s", m.text);
}

/* A request as w, for the matrices of the desk and the network: a page
 * with w's session, an API POST with w's token (fx_api_tokens) and form as
 * its JSON ("{}" for none), a page's POST with w's CSRF token and form
 * (urlencoded, or NULL) after it.  Returns the status; the body in *body
 * (caller frees) when body. */
static inline int fx_send(struct webfix *f, enum fx_who w, const char *method, const char *path,
                          bool api, const char *form, char **body)
{
    struct http_req *q = fx_req(f, method, path);
    struct http_resp r;
    bool post = strcmp(method, "POST") == 0;
    if (w != NOBODY) {
        if (api && post)
            fx_header(q, "Authorization", arena_printf(q->a, "Bearer %s", f->token[w]));
        else
            fx_as(f, q, (int)w);
    }
    if (post) {
        const char *b = api           ? (form ? form : "{}")
                        : w == NOBODY ? ""
                                      : arena_printf(q->a, "csrf=%s%s%s", f->csrf[w],
                                                     form ? "&" : "", form ? form : "");
        fx_header(q, "Content-Type",
                  api ? "application/json" : "application/x-www-form-urlencoded");
        q->body = b;
        q->body_len = strlen(b);
    }
    fx_run(f, q, &r);
    int status = r.status;
    if (body)
        *body = r.static_body ? strndup(r.static_body, r.static_len)
                              : memcpy(calloc(1, r.body.len + 1), r.body.buf, r.body.len);
    http_resp_release(&r);
    fx_req_free(q);
    return status;
}

/* After METHOD PATH as w, with denied the refusals audited before it: a
 * refusal (refused) wrote exactly one more, anything else none, and a
 * refused page (not api) is the plain not-found page. */
static inline void fx_check_refusal(struct webfix *f, const char *method, const char *path,
                                    enum fx_who w, bool refused, bool api, int64_t denied,
                                    const char *body)
{
    int64_t after = fx_denied(f);
    if (refused && after != denied + 1)
        fail_msg("%s %s as %s: the refusal was not audited", method, path, fx_who_names[w]);
    if (!refused && after != denied)
        fail_msg("%s %s as %s: audited as a refusal", method, path, fx_who_names[w]);
    if (refused && !api && !strstr(body, "Page not found"))
        fail_msg("%s %s as %s: not the plain not-found page", method, path, fx_who_names[w]);
}

/* A permission matrix whose cells the test checks itself (fx_matrix checks
 * them the one way for its routes): cell(f, route, w, own) for each of
 * nroutes routes, each user w from ADMIN to NOBODY and each of two PCNs
 * (own: w's own, else another); fails unless all ran. */
static inline void fx_matrix_cells(struct webfix *f, size_t nroutes,
                                   void (*cell)(struct webfix *, size_t, enum fx_who, bool))
{
    size_t checked = 0;
    for (size_t ri = 0; ri < nroutes; ri++)
        for (int w = ADMIN; w <= NOBODY; w++)
            for (int own = 0; own < 2; own++) {
                cell(f, ri, (enum fx_who)w, own);
                checked++;
            }
    assert_int_equal(checked, nroutes * 6 * 2);
}

/* One cell of a permission matrix: METHOD PATH as w (by the API when api,
 * with no body), which must answer want, and be audited as a refusal
 * (fx_check_refusal) exactly when refused.  The response body in *body
 * (caller frees). */
static inline void fx_matrix_send(struct webfix *f, enum fx_who w, const char *method,
                                  const char *path, bool api, int want, bool refused, char **body)
{
    int64_t denied = fx_denied(f);
    int got = fx_send(f, w, method, path, api, NULL, body);
    if (got != want)
        fail_msg("%s %s as %s: status %d, expected %d", method, path, fx_who_names[w], got, want);
    fx_check_refusal(f, method, path, w, refused, api, denied, *body);
}

#endif
