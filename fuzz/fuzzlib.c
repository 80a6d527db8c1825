/* fuzzlib.c: the fixture the harnesses share (fuzzlib.h). */
#include "common.h"

#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth.h"
#include "authtoken.h"
#include "db.h"
#include "fuzzlib.h"
#include "importer.h"
#include "migrate.h"
#include "router.h"
#include "webapp.h"

#include "../tests/registryfix.h"

static char tmpdir[256];

static void remove_tmpdir(void)
{
    if (!tmpdir[0])
        return;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "fuzzlib: could not remove %s\n", tmpdir);
}

static void die(const char *what, const char *text)
{
    fprintf(stderr, "fuzzlib: %s: %s\n", what, text);
    abort();
}

const char *fz_tmpdir(void)
{
    if (tmpdir[0])
        return tmpdir;
    const char *base = getenv("TMPDIR");
    struct stat st;
    if (!base || !*base)
        base = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) && access("/dev/shm", W_OK) == 0
                   ? "/dev/shm"
                   : "/tmp";
    snprintf(tmpdir, sizeof tmpdir, "%s/pcnops-fuzz-XXXXXX", base);
    if (!mkdtemp(tmpdir))
        die("mkdtemp", tmpdir);
    atexit(remove_tmpdir);
    return tmpdir;
}

static struct db *store;
static char store_path[300];

struct db *fz_store(void)
{
    if (store)
        return store;
    struct pcn_msg m = {0};
    snprintf(store_path, sizeof store_path, "%s/fuzz.db", fz_tmpdir());
    if (migrate_open(store_path, &store, &m))
        die("store", m.text);
    if (db_exec(store, "PRAGMA synchronous = OFF", &m))
        die("store", m.text);
    const char *failed;
    if (registryfix_import(store, &failed, &m))
        die(failed, m.text);
    return store;
}

static struct arena rules_arena;
static struct rules rules;
static bool rules_loaded;

const struct rules *fz_rules(void)
{
    if (rules_loaded)
        return &rules;
    struct rules_diag d = {0};
    struct pcn_msg m = {0};
    arena_init(&rules_arena, 0);
    if (rules_load("rules", &rules_arena, &rules, &d, &m))
        die("rules", m.text);
    rules_loaded = true;
    return &rules;
}

static const char *const who_names[FZ_WHO_N] = {"admin", "icb",      "manager",
                                                "cd",    "practice", "nobody"};

const char *fz_who_name(int who)
{
    return who >= 0 && who < FZ_WHO_N ? who_names[who] : "?";
}

int fz_who_parse(const char *s, size_t len)
{
    for (int i = 0; i < FZ_WHO_N; i++)
        if (strlen(who_names[i]) == len && memcmp(s, who_names[i], len) == 0)
            return i;
    return -1;
}

static const struct {
    enum role role;
    const char *email, *org;
} users[FZ_NOBODY] = {
    {ROLE_ADMIN, "admin@test.nhs.uk", NULL},
    {ROLE_ICB, "icb@test.nhs.uk", "QAA"},
    {ROLE_PCN_MANAGER, "manager@test.nhs.uk", "U10002"},
    {ROLE_CLINICAL_DIRECTOR, "cd@test.nhs.uk", "U10001"},
    {ROLE_PRACTICE, "practice@test.nhs.uk", "A10003"},
};

static struct fz_web *web;
static struct arena web_arena;

static time_t fixed_clock(void *ctx)
{
    return ((struct fz_web *)ctx)->now;
}

struct fz_web *fz_web(void)
{
    if (web)
        return web;
    struct pcn_msg m = {0};
    struct fz_web *f = xcalloc(1, sizeof *f);
    f->db = fz_store();
    if (webapp_init(&f->w, store_path, NULL, &m))
        die("web", m.text);
    f->w.pw_opslimit = crypto_pwhash_OPSLIMIT_MIN;
    f->w.pw_memlimit = crypto_pwhash_MEMLIMIT_MIN;
    f->now = (time_t)date_from_ymd(2026, 11, 23) * 86400 + 8 * 3600;
    f->w.clock = fixed_clock;
    f->w.clock_ctx = f;
    arena_init(&web_arena, 0);
    static const char password[] = "fuzzing harness password";
    for (int i = 0; i < FZ_NOBODY; i++) {
        int64_t id;
        if (auth_user_add(f->db, &f->w, users[i].email, users[i].email, users[i].role, users[i].org,
                          password, &id, &m))
            die(users[i].email, m.text);
        struct http_req q = {.a = &web_arena,
                             .method = "POST",
                             .path = "/sign-in",
                             .remote = "127.0.0.1",
                             .now = f->now,
                             .body = ""};
        struct http_resp r;
        http_resp_init(&r);
        struct ctx c = {.w = &f->w, .db = f->db, .q = &q, .r = &r, .a = &web_arena};
        const char *tok;
        if (auth_sign_in(&c, users[i].email, password, &tok, &m))
            die(users[i].email, m.text);
        http_resp_release(&r);
        f->cookie[i] = arena_printf(&web_arena, "%s=%s", auth_cookie_name(&f->w), tok);
        f->csrf[i] = c.csrf;
        const char *api;
        if (auth_token_create(f->db, id, "fuzz", f->now, 0, &web_arena, &api, &m))
            die(users[i].email, m.text);
        f->bearer[i] = arena_printf(&web_arena, "Bearer %s", api);
    }
    web = f;
    return f;
}

void fz_header(struct http_req *q, const char *name, const char *value)
{
    if (q->nheaders == HTTP_MAX_HEADERS)
        return;
    q->headers[q->nheaders].name = arena_strdup(q->a, name);
    q->headers[q->nheaders].value = arena_strdup(q->a, value);
    q->headers[q->nheaders].len = strlen(value);
    q->nheaders++;
}

/* The query as server.c has it from libmicrohttpd: split at & and the first
 * =, '+' made a space, then decoded once by http_unescape. */
static int parse_query(struct http_req *q, const char *s, size_t len)
{
    for (const char *at = s, *stop = s + len; at < stop;) {
        const char *amp = memchr(at, '&', (size_t)(stop - at));
        const char *next = amp ? amp + 1 : stop;
        size_t flen = (size_t)((amp ? amp : stop) - at);
        if (flen) {
            if (q->nquery == HTTP_MAX_FIELDS)
                return -1; /* 431 */
            char *part = arena_strndup(q->a, at, flen);
            for (char *p = part; *p; p++)
                if (*p == '+')
                    *p = ' ';
            char *eq = strchr(part, '=');
            const char *value = "";
            if (eq) {
                *eq = '\0';
                value = eq + 1;
            }
            struct http_kv *kv = &q->query[q->nquery];
            if (http_unescape(q->a, part, &kv->name) || http_unescape(q->a, value, &kv->value))
                return -1; /* 400 */
            kv->len = strlen(kv->value);
            q->nquery++;
        }
        at = next;
    }
    return 0;
}

struct http_req *fz_req(struct fz_web *f, int who, const char *method, const char *target,
                        size_t target_len)
{
    struct arena *a = xmalloc(sizeof *a);
    arena_init(a, 0);
    struct http_req *q = arena_zalloc(a, sizeof *q);
    q->a = a;
    q->method = arena_strdup(a, method);
    q->remote = "127.0.0.1";
    q->now = f->now;
    q->body = "";
    const char *qm = memchr(target, '?', target_len);
    size_t plen = qm ? (size_t)(qm - target) : target_len;
    const char *raw = arena_strndup(a, target, plen);
    /* a NUL in the target: libmicrohttpd's line ends there */
    if (strlen(raw) != plen || http_decode_path(a, raw, &q->path) ||
        (qm && parse_query(q, qm + 1, target_len - plen - 1))) {
        fz_req_free(q);
        return NULL;
    }
    if (who >= 0 && who < FZ_NOBODY)
        fz_header(q, "Cookie", f->cookie[who]);
    return q;
}

void fz_req_free(struct http_req *q)
{
    struct arena *a = q->a;
    arena_release(a);
    free(a);
}

static const char *resp_header(const struct http_resp *r, const char *name)
{
    for (size_t i = 0; i < r->nheaders; i++)
        if (strcasecmp(r->headers[i].name, name) == 0)
            return r->headers[i].value;
    return NULL;
}

static void finding(const struct http_req *q, const struct http_resp *r, const char *what)
{
    fprintf(stderr, "\nFINDING: %s\n%s %s (%zu query fields, %zu body bytes)\n", what, q->method,
            q->path, q->nquery, q->body_len);
    for (size_t i = 0; i < q->nheaders; i++)
        fprintf(stderr, "%s: %s\n", q->headers[i].name, q->headers[i].value);
    fprintf(stderr, "-> %d\n%.*s\n", r->status, (int)(r->body.len > 2000 ? 2000 : r->body.len),
            r->body.buf ? r->body.buf : "");
    abort();
}

int fz_route(struct fz_web *f, struct http_req *q)
{
    struct http_resp r;
    http_resp_init(&r);
    router_handle(&f->w, f->db, q, &r);
    if (r.status >= 500)
        finding(q, &r, "a 5xx answer");
    if (!r.static_body && !buf_ok(&r.body))
        finding(q, &r, "the answer's body could not be built (the server sends 500)");
    if (!resp_header(&r, "X-Content-Type-Options") || !resp_header(&r, "Content-Security-Policy"))
        finding(q, &r, "an answer without the security headers");
    if (db_in_transaction(f->db))
        finding(q, &r, "a transaction left open");
    int status = r.status;
    http_resp_release(&r);
    return status;
}

int fz_route_body(struct fz_web *f, struct http_req *q, const void *body, size_t len)
{
    char *copy = xmalloc(len ? len : 1);
    memcpy(copy, body, len);
    q->body = copy;
    q->body_len = len;
    int status = fz_route(f, q);
    free(copy);
    fz_req_free(q);
    return status;
}

void fz_add_csrf(struct buf *b, const char *p, size_t n, const char *csrf)
{
    for (size_t i = 0; i < n;) {
        if (n - i >= 6 && memcmp(p + i, "@CSRF@", 6) == 0) {
            buf_adds(b, csrf);
            i += 6;
        } else {
            buf_add(b, p + i, 1);
            i++;
        }
    }
}

const char *fz_rules_dir_one_year(void)
{
    static char dir[300];
    if (dir[0])
        return dir;
    char cmd[1024];
    snprintf(dir, sizeof dir, "%s/rules", fz_tmpdir());
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' && cp rules/*.csv '%s'/ && cp -r rules/2023-24 '%s'/",
             dir, dir, dir);
    if (system(cmd) != 0)
        die("rules copy", cmd);
    return dir;
}

int fz_import(enum import_kind kind, const char *name, const uint8_t *data, size_t size,
              const char *year)
{
    struct db *db = fz_store();
    struct import_result res;
    struct pcn_msg m = {0};
    struct import_src src = {.name = name,
                             .mem = data,
                             .len = size,
                             .rules_dir = kind == IMPORT_IIF ? fz_rules_dir_one_year() : "rules",
                             .year = year};
    import_result_init(&res, kind);
    int rc = importer_run(db, kind, &src, &res, &m);
    import_result_release(&res);
    if (db_in_transaction(db)) {
        fprintf(stderr, "FINDING: import of %s left a transaction open\n", name);
        abort();
    }
    return rc;
}
