#include "common.h"
#include "router.h"
#include "buf.h"
#include "clock.h"
#include "audit.h"
#include "auth.h"
#include "pages.h"
#include "perm.h"
#include "rules.h"
#include "statics.h"
#include "ui.h"

#include <sodium.h>

enum access {
    A_PUBLIC, /* anyone */
    A_USER,   /* signed in */
    A_ADMIN,  /* signed in as an admin */
};

/* The organisation a route's first capture (":code") names.  The router
 * lets the handler run only for a user who may read that organisation
 * (perm_read_pcn, perm_read_icb, perm_read_practice); anyone else gets 404,
 * audited, before any body is read.  Handlers then make their own finer
 * checks (changing the PCN, its salaries, its desk).  Every route with a
 * :code declares one (router_check_table). */
enum org {
    O_NONE,
    O_PCN,
    O_ICB,
    O_PRACTICE,
};

struct route {
    const char *method;
    const char *pattern; /* "/pcn/:code" */
    void (*fn)(struct ctx *);
    enum access access;
    bool csrf_exempt; /* sign-in checks its own (pre-session) token */
    enum org org;     /* what :code names, checked before the handler */
};

static const struct route routes[] = {
    {"GET", "/sign-in", page_sign_in, A_PUBLIC, false, O_NONE},
    {"POST", "/sign-in", page_sign_in_post, A_PUBLIC, true, O_NONE},
    {"POST", "/sign-out", page_sign_out_post, A_USER, false, O_NONE},
    {"GET", "/", page_home, A_USER, false, O_NONE},
    {"GET", "/search", page_search, A_USER, false, O_NONE},
    {"GET", "/icb/:code", page_icb, A_USER, false, O_ICB},
    {"GET", "/pcn/:code", page_pcn, A_USER, false, O_PCN},
    {"GET", "/practice/:code", page_practice, A_USER, false, O_PRACTICE},
    {"GET", "/pcn/:code/arrs", page_arrs, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/arrs/staff", page_arrs_staff, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/arrs/staff/new", page_arrs_staff_new, A_USER, false, O_PCN},
    {"POST", "/pcn/:code/arrs/staff", page_arrs_staff_post, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/arrs/staff/:id", page_arrs_staff_one, A_USER, false, O_PCN},
    {"POST", "/pcn/:code/arrs/staff/:id/terms", page_arrs_terms_post, A_USER, false, O_PCN},
    {"POST", "/pcn/:code/arrs/staff/:id/end", page_arrs_end_post, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/arrs/claims", page_arrs_claims, A_USER, false, O_PCN},
    {"POST", "/pcn/:code/arrs/claims/draft", page_arrs_draft_post, A_USER, false, O_PCN},
    {"POST", "/pcn/:code/arrs/claims/status", page_arrs_status_post, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/arrs/claims.csv", page_arrs_claims_csv, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/arrs/claims.xlsx", page_arrs_claims_xlsx, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/arrs/plan", page_arrs_plan, A_USER, false, O_PCN},
    {"POST", "/pcn/:code/arrs/plan", page_arrs_plan_post, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/cashflow", page_cashflow, A_USER, false, O_PCN},
    {"POST", "/pcn/:code/cashflow/what-if", page_cashflow_whatif_post, A_USER, false, O_PCN},
    {"POST", "/pcn/:code/cashflow/lag", page_cashflow_lag_post, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/cashflow.csv", page_cashflow_csv, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/cashflow.xlsx", page_cashflow_xlsx, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/import", page_pcn_import, A_USER, false, O_PCN},
    {"POST", "/pcn/:code/import", page_pcn_import_post, A_USER, false, O_PCN},
    {"POST", "/pcn/:code/import/confirm", page_pcn_import_confirm, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/funding", page_funding, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/funding/practices", page_funding_practices, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/funding.csv", page_funding_csv, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/funding.xlsx", page_funding_xlsx, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/funding/inputs", page_funding_inputs, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/rules", page_pcn_rules, A_USER, false, O_PCN},
    {"POST", "/pcn/:code/rules", page_pcn_rules_post, A_USER, false, O_PCN},
    {"POST", "/pcn/:code/rules/:id/end", page_pcn_rules_end, A_USER, false, O_PCN},
    {"POST", "/pcn/:code/rules/:id/remove", page_pcn_rules_remove, A_USER, false, O_PCN},
    {"GET", "/icb/:code/rules", page_icb_rules, A_USER, false, O_ICB},
    {"POST", "/icb/:code/rules", page_icb_rules_post, A_USER, false, O_ICB},
    {"POST", "/icb/:code/rules/:id/end", page_icb_rules_end, A_USER, false, O_ICB},
    {"POST", "/icb/:code/rules/:id/remove", page_icb_rules_remove, A_USER, false, O_ICB},
    {"POST", "/pcn/:code/funding/populations", page_funding_populations_post, A_USER, false, O_PCN},
    {"POST", "/pcn/:code/funding/beds", page_funding_beds_post, A_USER, false, O_PCN},
    {"POST", "/pcn/:code/funding/caip", page_funding_caip_post, A_USER, false, O_PCN},
    {"POST", "/pcn/:code/funding/distribution", page_funding_distribution_post, A_USER, false,
     O_PCN},
    {"GET", "/icb/:code/funding", page_icb_funding, A_USER, false, O_ICB},
    {"GET", "/icb/:code/funding.csv", page_icb_funding_csv, A_USER, false, O_ICB},
    {"GET", "/icb/:code/funding.xlsx", page_icb_funding_xlsx, A_USER, false, O_ICB},
    {"GET", "/admin/rules", page_rules, A_ADMIN, false, O_NONE},
    {"POST", "/admin/rules", page_rules_post, A_ADMIN, false, O_NONE},
    {"GET", "/admin/rules/sources.csv", page_rules_sources, A_ADMIN, false, O_NONE},
    {"GET", "/admin/rules/:year/:file", page_rules_file, A_ADMIN, false, O_NONE},
    {"GET", "/admin/rules/:year/:file/edit", page_rules_edit, A_ADMIN, false, O_NONE},
    {"POST", "/admin/rules/:year/:file/edit", page_rules_edit_post, A_ADMIN, false, O_NONE},
    {"GET", "/pcn/:code/iif", page_iif, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/iif/enter", page_iif_enter, A_USER, false, O_PCN},
    {"POST", "/pcn/:code/iif/enter", page_iif_enter_post, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/caip", page_caip, A_USER, false, O_PCN},
    {"POST", "/pcn/:code/caip", page_caip_post, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/desk", page_desk, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/desk/time", page_desk_time, A_USER, false, O_PCN},
    {"POST", "/pcn/:code/desk/time", page_desk_time_post, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/desk/time/funded", page_desk_funded, A_USER, false, O_PCN},
    {"POST", "/pcn/:code/desk/time/funded", page_desk_funded_post, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/desk/time/import", page_desk_import, A_USER, false, O_PCN},
    {"POST", "/pcn/:code/desk/time/import", page_desk_import_post, A_USER, false, O_PCN},
    {"POST", "/pcn/:code/desk/time/import/confirm", page_desk_import_confirm, A_USER, false, O_PCN},
    {"POST", "/pcn/:code/desk/time/:id/delete", page_desk_time_delete, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/desk/requests", page_desk_requests, A_USER, false, O_PCN},
    {"POST", "/pcn/:code/desk/requests", page_desk_requests_post, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/desk/requests/report", page_desk_report, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/desk/requests/report.csv", page_desk_report_csv, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/desk/requests/report.xlsx", page_desk_report_xlsx, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/desk/requests/:id", page_desk_request, A_USER, false, O_PCN},
    {"POST", "/pcn/:code/desk/requests/:id", page_desk_request_post, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/desk/delegation", page_desk_delegation, A_USER, false, O_PCN},
    {"POST", "/pcn/:code/desk/delegation", page_desk_delegation_post, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/desk/stakeholders", page_desk_people, A_USER, false, O_PCN},
    {"POST", "/pcn/:code/desk/stakeholders", page_desk_people_post, A_USER, false, O_PCN},
    {"POST", "/pcn/:code/desk/engagements", page_desk_engagement_post, A_USER, false, O_PCN},
    {"POST", "/pcn/:code/desk/engagements/:id/done", page_desk_followup_done, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/desk/brief", page_desk_brief, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/desk/brief.xlsx", page_desk_brief_xlsx, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/desk/supervision", page_desk_supervision, A_USER, false, O_PCN},
    {"POST", "/pcn/:code/desk/supervision", page_desk_supervision_post, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/decisions", page_network, A_USER, false, O_PCN},
    {"POST", "/pcn/:code/decisions", page_network_post, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/decisions/:id", page_network_decision, A_USER, false, O_PCN},
    {"POST", "/pcn/:code/decisions/:id/vote", page_network_vote, A_USER, false, O_PCN},
    {"POST", "/pcn/:code/decisions/:id/close", page_network_close, A_USER, false, O_PCN},
    {"GET", "/pcn/:code/neighbourhood", page_nbhd, A_USER, false, O_PCN},
    {"POST", "/pcn/:code/neighbourhood", page_nbhd_post, A_USER, false, O_PCN},
    {"GET", "/import", page_import, A_ADMIN, false, O_NONE},
    {"POST", "/import", page_import_post, A_ADMIN, false, O_NONE},
    {"GET", "/admin/users", page_users, A_ADMIN, false, O_NONE},
    {"POST", "/admin/users", page_users_post, A_ADMIN, false, O_NONE},
    {"GET", "/admin/users/:id", page_user, A_ADMIN, false, O_NONE},
    {"POST", "/admin/users/:id", page_user_post, A_ADMIN, false, O_NONE},
    {"GET", "/account", page_account, A_USER, false, O_NONE},
    {"POST", "/account", page_account_post, A_USER, false, O_NONE},
    {"GET", "/reset/:token", page_reset, A_PUBLIC, false, O_NONE},
    {"POST", "/reset/:token", page_reset_post, A_PUBLIC, true, O_NONE},
    {"POST", "/admin/tokens", page_tokens_post, A_USER, false, O_NONE},
    {"GET", "/admin/audit", page_audit, A_ADMIN, false, O_NONE},
    {"GET", "/accessibility", page_accessibility, A_PUBLIC, false, O_NONE},
    {"GET", "/about", page_about, A_PUBLIC, false, O_NONE},
    {"GET", "/help", page_help, A_PUBLIC, false, O_NONE},
    {"GET", "/healthz", page_healthz, A_PUBLIC, false, O_NONE},
    {"GET", "/api/v1/me", api_me, A_USER, false, O_NONE},
    {"GET", "/api/v1/home", api_home, A_USER, false, O_NONE},
    {"GET", "/api/v1/icbs", api_icbs, A_USER, false, O_NONE},
    {"GET", "/api/v1/icbs/:code", api_icb, A_USER, false, O_ICB},
    {"GET", "/api/v1/pcns", api_pcns, A_USER, false, O_NONE},
    {"GET", "/api/v1/pcns/:code", api_pcn, A_USER, false, O_PCN},
    {"GET", "/api/v1/pcns/:code/history", api_pcn_history, A_USER, false, O_PCN},
    {"GET", "/api/v1/practices/:code", api_practice, A_USER, false, O_PRACTICE},
    {"GET", "/api/v1/pcns/:code/entitlements", api_pcn_entitlements, A_USER, false, O_PCN},
    {"GET", "/api/v1/pcns/:code/payments", api_pcn_payments, A_USER, false, O_PCN},
    {"GET", "/api/v1/icbs/:code/entitlements", api_icb_entitlements, A_USER, false, O_ICB},
    {"GET", "/api/v1/pcns/:code/arrs/forecast", api_arrs_forecast, A_USER, false, O_PCN},
    {"GET", "/api/v1/pcns/:code/arrs/staff", api_arrs_staff, A_USER, false, O_PCN},
    {"GET", "/api/v1/pcns/:code/arrs/claims", api_arrs_claims, A_USER, false, O_PCN},
    {"GET", "/api/v1/pcns/:code/cashflow", api_cashflow, A_USER, false, O_PCN},
    {"GET", "/api/v1/pcns/:code/iif", api_iif, A_USER, false, O_PCN},
    {"GET", "/api/v1/pcns/:code/caip", api_caip, A_USER, false, O_PCN},
    {"GET", "/api/v1/pcns/:code/desk", api_desk, A_USER, false, O_PCN},
    {"GET", "/api/v1/pcns/:code/time", api_desk_time, A_USER, false, O_PCN},
    {"POST", "/api/v1/pcns/:code/time", api_desk_time_post, A_USER, false, O_PCN},
    {"GET", "/api/v1/pcns/:code/time/funded", api_desk_funded, A_USER, false, O_PCN},
    {"GET", "/api/v1/pcns/:code/requests", api_desk_requests, A_USER, false, O_PCN},
    {"GET", "/api/v1/pcns/:code/requests/report", api_desk_report, A_USER, false, O_PCN},
    {"GET", "/api/v1/pcns/:code/delegation", api_desk_delegation, A_USER, false, O_PCN},
    {"GET", "/api/v1/pcns/:code/stakeholders", api_desk_stakeholders, A_USER, false, O_PCN},
    {"GET", "/api/v1/pcns/:code/brief", api_desk_brief, A_USER, false, O_PCN},
    {"GET", "/api/v1/pcns/:code/supervision", api_desk_supervision, A_USER, false, O_PCN},
    {"GET", "/api/v1/pcns/:code/decisions", api_network, A_USER, false, O_PCN},
    {"GET", "/api/v1/pcns/:code/decisions/:id", api_network_decision, A_USER, false, O_PCN},
    {"POST", "/api/v1/pcns/:code/decisions/:id/vote", api_network_vote, A_USER, false, O_PCN},
    {"GET", "/api/v1/pcns/:code/neighbourhood", api_nbhd, A_USER, false, O_PCN},
};

void router_init_csp(struct web *w)
{
    unsigned char h[crypto_hash_sha256_BYTES];
    char b64[64];
    crypto_hash_sha256(h, (const unsigned char *)ui_js_enabled_snippet,
                       strlen(ui_js_enabled_snippet));
    sodium_bin2base64(b64, sizeof b64, h, sizeof h, sodium_base64_VARIANT_ORIGINAL);
    snprintf(w->csp, sizeof w->csp,
             "default-src 'self'; script-src 'self' 'sha256-%s'; img-src 'self' data:; "
             "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
             b64);
}

/* Matches path against pattern; captures ":name" segments into c->params. */
static bool match(const char *pattern, const char *path, struct ctx *c)
{
    const char *p = pattern, *s = path;
    size_t n = 0;
    while (*p && *s) {
        if (*p == ':') {
            while (*p && *p != '/')
                p++;
            const char *end = strchr(s, '/');
            size_t len = end ? (size_t)(end - s) : strlen(s);
            if (len == 0 || len > 64 || n == ARRAY_SIZE(c->params))
                return false;
            c->params[n++] = arena_strndup(c->a, s, len);
            s += len;
            continue;
        }
        if (*p != *s)
            return false;
        p++;
        s++;
    }
    if (*p || *s)
        return false;
    c->nparams = n;
    return true;
}

size_t router_body_limit(const char *method, const char *path)
{
    if (strcmp(method, "POST") == 0 && strcmp(path, "/import") == 0)
        return LIMIT_BODY_BYTES;
    if (strcmp(method, "POST") == 0 && strcmp(path, "/admin/rules") == 0)
        return (RF_COUNT + 1) * LIMIT_RULES_FILE_BYTES + LIMIT_FORM_BODY_BYTES;
    /* a calendar file for the clinical director's desk: /pcn/CODE/desk/time/import */
    size_t n = strlen(path);
    /* a PCN's own file (/pcn/CODE/import), and its confirmation carrying it
     * back as base64url (4 bytes for every 3) */
    if (strcmp(method, "POST") == 0 && strncmp(path, "/pcn/", 5) == 0 && n > 7 &&
        strcmp(path + n - 7, "/import") == 0 && strchr(path + 5, '/') == path + n - 7)
        return LIMIT_BODY_BYTES;
    if (strcmp(method, "POST") == 0 && strncmp(path, "/pcn/", 5) == 0 && n > 15 &&
        strcmp(path + n - 15, "/import/confirm") == 0 && strchr(path + 5, '/') == path + n - 15)
        return LIMIT_BODY_BYTES / 3 * 4 + LIMIT_FORM_BODY_BYTES;
    if (strcmp(method, "POST") == 0 && strncmp(path, "/pcn/", 5) == 0 && n > 17 &&
        strcmp(path + n - 17, "/desk/time/import") == 0)
        return LIMIT_ICS_BYTES + LIMIT_FORM_BODY_BYTES;
    return LIMIT_FORM_BODY_BYTES;
}

void router_security_headers(const struct web *w, struct http_resp *r, bool dynamic)
{
    http_resp_header(r, "Content-Security-Policy", w->csp);
    http_resp_header(r, "X-Content-Type-Options", "nosniff");
    http_resp_header(r, "X-Frame-Options", "DENY");
    http_resp_header(r, "Referrer-Policy", "same-origin");
    if (dynamic)
        http_resp_header(r, "Cache-Control", "no-store");
    if (w->secure_cookies)
        http_resp_header(r, "Strict-Transport-Security", "max-age=31536000");
}

static void security_headers(struct ctx *c, bool dynamic)
{
    router_security_headers(c->w, c->r, dynamic);
}

static bool serve_static(struct ctx *c)
{
    const struct static_file *f;
    if (strcmp(c->q->method, "GET") != 0 && strcmp(c->q->method, "HEAD") != 0)
        return false;
    if (!(f = statics_find(c->w->statics, c->q->path)))
        return false;
    const char *inm = http_header(c->q, "If-None-Match");
    if (inm && strcmp(inm, f->etag) == 0) {
        http_resp_start(c->r, 304, f->content_type);
    } else {
        http_resp_start(c->r, 200, f->content_type);
        c->r->static_body = f->data;
        c->r->static_len = f->len;
    }
    http_resp_header(c->r, "ETag", f->etag);
    http_resp_header(c->r, "Cache-Control", "public, max-age=3600");
    security_headers(c, false);
    return true;
}

/* The CSRF token of a form must match the session's. */
static bool csrf_ok(struct ctx *c)
{
    if (c->via_token)
        return true;
    const char *sent = http_form_str(c->q, "csrf");
    return sent && c->csrf && auth_same_token(sent, c->csrf);
}

/* The methods the route table has for the path, as an Allow header. */
static const char *allowed(struct ctx *c)
{
    bool get = false, post = false;
    for (size_t i = 0; i < ARRAY_SIZE(routes); i++) {
        if (!match(routes[i].pattern, c->q->path, c))
            continue;
        get |= strcmp(routes[i].method, "GET") == 0;
        post |= strcmp(routes[i].method, "POST") == 0;
    }
    return get && post ? "GET, HEAD, POST" : get ? "GET, HEAD" : "POST";
}

/* Sets up the context of a request (today, api, the security headers). */
static void ctx_start(struct ctx *c, struct web *w, struct db *db, struct http_req *q,
                      struct http_resp *r)
{
    *c = (struct ctx){.w = w, .db = db, .q = q, .r = r, .a = q->a};
    if (clock_today_at(q->now, &c->today))
        c->today = date_from_ymd(1970, 1, 1);
    c->api = strncmp(q->path, "/api/", 5) == 0;
}

/* The canonical address of a path: without a trailing slash, and the ODS
 * code after /pcn/, /icb/, /practice/ (and the API's /pcns/, /icbs/,
 * /practices/) in capitals.  Decided from the text alone, before anyone is
 * signed in or any code looked up, so the answer says nothing about which
 * codes exist; the canonical address is then checked as any other.  NULL
 * when the path is canonical already. */
static const char *canonical(struct arena *a, const char *path)
{
    static const char *const code_after[] = {"pcn", "icb", "practice", "pcns", "icbs", "practices"};
    size_t n = strlen(path);
    if (n > LIMIT_URL_CANON)
        return NULL;
    char *out = arena_strndup(a, path, n);
    while (n > 1 && out[n - 1] == '/')
        out[--n] = '\0';
    /* segment by segment */
    const char *prev = NULL;
    size_t prev_len = 0;
    for (size_t i = 0; i < n;) {
        if (out[i] == '/') {
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && out[j] != '/')
            j++;
        bool code = false;
        for (size_t k = 0; prev && k < ARRAY_SIZE(code_after); k++)
            code |= prev_len == strlen(code_after[k]) && !memcmp(prev, code_after[k], prev_len);
        bool alnum = true;
        for (size_t k = i; k < j; k++)
            alnum &= (out[k] >= 'a' && out[k] <= 'z') || (out[k] >= 'A' && out[k] <= 'Z') ||
                     (out[k] >= '0' && out[k] <= '9');
        if (code && alnum)
            for (size_t k = i; k < j; k++)
                if (out[k] >= 'a' && out[k] <= 'z')
                    out[k] = (char)(out[k] - 'a' + 'A');
        prev = path + i;
        prev_len = j - i;
        i = j;
    }
    return strcmp(out, path) == 0 ? NULL : out;
}

/* Percent-encodes what is not plainly safe in a Location header. */
static void url_add(struct buf *b, const char *s, bool query)
{
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        bool safe = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                    (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' || ch == '_' || ch == '~' ||
                    (!query && ch == '/');
        if (safe)
            buf_add(b, s, 1);
        else
            buf_printf(b, "%%%02X", ch);
    }
}

/* A path that differs from its canonical address only in its case or a
 * trailing slash, and whose canonical address is a route: redirected there
 * (301 for GET and HEAD, 308 otherwise, which keeps the method and body),
 * with its query. */
static bool redirect_canonical(struct ctx *c)
{
    const char *to = canonical(c->a, c->q->path);
    if (!to)
        return false;
    bool known = false;
    for (size_t i = 0; i < ARRAY_SIZE(routes) && !known; i++)
        known = match(routes[i].pattern, to, c);
    c->nparams = 0;
    if (!known)
        return false;
    struct buf b;
    buf_init(&b, LIMIT_URL_CANON * 3 + 4096);
    url_add(&b, to, false);
    for (size_t i = 0; i < c->q->nquery; i++) {
        buf_add(&b, i ? "&" : "?", 1);
        url_add(&b, c->q->query[i].name, true);
        buf_add(&b, "=", 1);
        url_add(&b, c->q->query[i].value, true);
    }
    const char *loc = arena_strdup(c->a, b.buf ? b.buf : "/");
    buf_release(&b);
    bool get = strcmp(c->q->method, "GET") == 0 || strcmp(c->q->method, "HEAD") == 0;
    http_resp_start(c->r, get ? 301 : 308, "text/plain; charset=utf-8");
    http_resp_header(c->r, "Location", loc);
    buf_add(&c->r->body, "Moved to the canonical address.", 32);
    return true;
}

/* Whether the signed-in user may read the organisation the route names. */
static bool org_readable(struct ctx *c, enum org org, const char *code)
{
    switch (org) {
    case O_PCN:
        return perm_read_pcn(c, code);
    case O_ICB:
        return perm_read_icb(c, code);
    case O_PRACTICE:
        return perm_read_practice(c, code);
    case O_NONE:
        break;
    }
    return true;
}

/* Everything decided from the request line and headers: the route, the
 * signed-in user, sign-in and admin requirements.  The route when the
 * handler may run; NULL with the answer in c->r otherwise. */
static const struct route *admit(struct ctx *c)
{
    struct pcn_msg m = {0};
    struct http_resp *r = c->r;
    const struct route *rt = NULL;
    bool path_known = false;

    security_headers(c, true);
    if (redirect_canonical(c))
        return NULL;
    for (size_t i = 0; i < ARRAY_SIZE(routes); i++) {
        if (!match(routes[i].pattern, c->q->path, c))
            continue;
        path_known = true;
        if (strcmp(routes[i].method, c->q->method) == 0 ||
            (strcmp(c->q->method, "HEAD") == 0 && strcmp(routes[i].method, "GET") == 0)) {
            rt = &routes[i];
            break;
        }
    }
    if (auth_load(c, &m)) {
        fprintf(stderr, "pcnops: %s\n", m.text);
        http_resp_text(r, 500, "Sorry, there is a problem with the service.");
        return NULL;
    }
    if (!rt) {
        if (path_known) {
            const char *allow = allowed(c);
            http_resp_text(r, 405, "Method not allowed");
            http_resp_header(r, "Allow", allow);
            return NULL;
        }
        page_not_found(c);
        return NULL;
    }
    if (rt->access != A_PUBLIC && !c->user) {
        if (c->api) {
            api_error(c, 401, "sign in or send an API token (Authorization: Bearer ...)");
            http_resp_header(r, "WWW-Authenticate", "Bearer");
        } else {
            http_resp_redirect(r, "/sign-in");
        }
        return NULL;
    }
    if (rt->access == A_ADMIN && !perm_admin(c)) {
        perm_denied(c, "route", c->q->path);
        page_not_found(c);
        return NULL;
    }
    if (rt->org != O_NONE && !org_readable(c, rt->org, c->params[0])) {
        static const char *const kind[] = {
            [O_PCN] = "pcn", [O_ICB] = "icb", [O_PRACTICE] = "practice"};
        perm_denied(c, kind[rt->org], c->params[0]);
        page_not_found(c);
        return NULL;
    }
    return rt;
}

const char *router_check_table(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(routes); i++) {
        const char *code = strstr(routes[i].pattern, ":code");
        const char *first = strchr(routes[i].pattern, ':');
        if (code && routes[i].org == O_NONE)
            return routes[i].pattern; /* a :code with no organisation check */
        if (routes[i].org != O_NONE && (!code || first != code))
            return routes[i].pattern; /* a check on a capture that is not the code */
    }
    return NULL;
}

size_t router_admit(struct web *w, struct db *db, struct http_req *q, struct http_resp *r)
{
    struct ctx c;
    ctx_start(&c, w, db, q, r);
    if (!admit(&c))
        return 0;
    return router_body_limit(q->method, q->path);
}

/* The first query or form field (not a file) that is not UTF-8, or NULL. */
static const char *bad_text_field(struct http_req *q)
{
    for (size_t i = 0; i < q->nquery; i++)
        if (!utf8_valid(q->query[i].name, strlen(q->query[i].name)) ||
            !utf8_valid(q->query[i].value, strlen(q->query[i].value)))
            return q->query[i].name;
    if (!q->form_parsed)
        (void)http_form(q, "");
    for (size_t i = 0; i < q->nform; i++) {
        if (!utf8_valid(q->form[i].name, strlen(q->form[i].name)))
            return q->form[i].name;
        if (!q->form[i].filename && !utf8_valid(q->form[i].value, q->form[i].len))
            return q->form[i].name;
    }
    return NULL;
}

void router_handle(struct web *w, struct db *db, struct http_req *q, struct http_resp *r)
{
    struct ctx c;
    ctx_start(&c, w, db, q, r);
    if (serve_static(&c))
        return;
    if (!utf8_valid(q->path, strlen(q->path))) {
        security_headers(&c, true);
        http_resp_text(r, 400, "Bad request path: it is not UTF-8 text.");
        return;
    }
    const struct route *rt = admit(&c);
    if (!rt)
        return;
    if (strcmp(q->method, "POST") == 0 && !rt->csrf_exempt && !csrf_ok(&c)) {
        ui_error_page(&c, 403, "Your form could not be sent",
                      "The page was open for too long or was sent twice. Go back, reload the "
                      "page and try again.");
        return;
    }
    const char *bad = bad_text_field(q);
    if (bad) {
        /* the name itself may be the bad text */
        const char *shown = utf8_valid(bad, strlen(bad)) ? bad : "(a name that is not text)";
        bool post = strcmp(q->method, "POST") == 0;
        const char *text = arena_printf(c.a,
                                        "The field '%s' holds characters that are not text "
                                        "(not UTF-8).%s Type or paste it again as plain text.",
                                        shown, post ? " Nothing was saved." : "");
        if (c.api)
            api_error(&c, 400, text);
        else
            ui_error_page(&c, 400, "Your form could not be sent", text);
        return;
    }
    rt->fn(&c);
    audit_settle(db);
    web_request_done(&c);
}
