/* The funding routes' permissions, as test_perm.c does for the registry:
 * every funding page, download, form and API route, for every role, on an
 * organisation of its own and one of another's.  A refusal is a 404 that
 * says nothing of the other organisation, is written to the audit log and
 * changes nothing.  Then the rules upload on a copy of the rules folder:
 * a bad file changes no byte; a good one replaces the file, is audited and
 * is used by the very next request; a new year's files add the year. */
#include "webfix.h"

#include <sys/stat.h>

#include "audit.h"
#include "buf.h"
#include "rulesfile.h"


struct scope {
    const char *own, *other;
    const char *other_name;    /* must not appear in a refusal */
};

/* As test_perm.c: the PCNs and ICBs each role should and should not reach. */
static const struct scope pcns[] = {
    [ADMIN] = {"U10001", "U20001", NULL},
    [ICB] = {"U10001", "U20001", "EAST PCN"},
    [MANAGER] = {"U10002", "U10001", "NORTH PCN"},
    [CD] = {"U10001", "U10002", "SOUTH AND VALE"},
    [PRACTICE] = {"U10002", "U10001", "NORTH PCN"},
};
static const struct scope icbs[] = {
    [ADMIN] = {"QAA", "QBB", NULL},
    [ICB] = {"QAA", "QBB", "NHS Beta"},
    [MANAGER] = {"QAA", "QBB", "NHS Beta"},
    [CD] = {"QAA", "QBB", "NHS Beta"},
    [PRACTICE] = {"QAA", "QBB", "NHS Beta"},
};

enum need { READ_PCN, WRITE_PCN, READ_ICB };

static const struct route {
    const char *method, *fmt, *body;  /* body: a valid form for a POST */
    enum need need;
    bool api;
    int ok;                           /* the status when allowed */
    const char *table;                /* a POST's table, unchanged when refused */
} routes[] = {
    {"GET", "/pcn/%s/funding", NULL, READ_PCN, false, 200, NULL},
    {"GET", "/pcn/%s/funding?year=2024-25", NULL, READ_PCN, false, 200, NULL},
    {"GET", "/pcn/%s/funding/practices", NULL, READ_PCN, false, 200, NULL},
    {"GET", "/pcn/%s/funding.csv", NULL, READ_PCN, false, 200, NULL},
    {"GET", "/pcn/%s/funding.xlsx", NULL, READ_PCN, false, 200, NULL},
    {"GET", "/api/v1/pcns/%s/entitlements?explain=1", NULL, READ_PCN, true, 200, NULL},
    /* What NHS England paid (page_funding_paid.c): a year the rules do not
     * hold, and the API. */
    {"GET", "/pcn/%s/funding?year=2022-23", NULL, READ_PCN, false, 200, NULL},
    {"GET", "/api/v1/pcns/%s/payments?year=2022-23", NULL, READ_PCN, true, 200, NULL},
    {"GET", "/pcn/%s/funding/inputs", NULL, WRITE_PCN, false, 200, NULL},
    {"POST", "/pcn/%s/funding/populations",
     "year=2025-26&pop_date-day=1&pop_date-month=1&pop_date-year=2025", WRITE_PCN, false, 303,
     "population"},
    {"POST", "/pcn/%s/funding/beds", "year=2025-26&month=2025-09&beds=12", WRITE_PCN, false, 303,
     "care_home_beds"},
    {"POST", "/pcn/%s/funding/caip", "year=2025-26&achieved=50", WRITE_PCN, false, 303,
     "caip_achievement"},
    {"POST", "/pcn/%s/funding/distribution", "year=2025-26&stream=*&method=weighted", WRITE_PCN,
     false, 303, "distribution"},
    {"GET", "/icb/%s/funding", NULL, READ_ICB, false, 200, NULL},
    {"GET", "/icb/%s/funding.csv", NULL, READ_ICB, false, 200, NULL},
    {"GET", "/icb/%s/funding.xlsx", NULL, READ_ICB, false, 200, NULL},
    {"GET", "/api/v1/icbs/%s/entitlements", NULL, READ_ICB, true, 200, NULL},
};

static bool allowed(enum fx_who w, enum need n, bool own)
{
    switch (n) {
    case READ_PCN:
        return w == ADMIN || own;
    case WRITE_PCN:
        return w == ADMIN || (own && (w == MANAGER || w == CD));
    case READ_ICB:
        return w == ADMIN || (own && w == ICB);
    }
    return false;
}

static void test_matrix(void **state)
{
    struct webfix *f = *state;
    int checked = 0;

    for (size_t ri = 0; ri < sizeof routes / sizeof *routes; ri++) {
        const struct route *rt = &routes[ri];
        const struct scope *sc = rt->need == READ_ICB ? icbs : pcns;
        for (int w = ADMIN; w <= NOBODY; w++) {
            for (int own = 0; own < 2; own++) {
                const struct scope *s = &sc[w == NOBODY ? ADMIN : w];
                char path[160];
                snprintf(path, sizeof path, rt->fmt, own ? s->own : s->other);
                int want;
                if (w == NOBODY)
                    want = rt->api ? 401 : !strcmp(rt->method, "POST") ? 303 : 303;
                else
                    want = allowed((enum fx_who)w, rt->need, own) ? rt->ok : 404;
                int64_t before = fx_denied(f);
                int64_t table_before = rt->table ? fx_rows(f, rt->table) : 0;
                char *body;
                int got = fx_request(f, (enum fx_who)w, rt->method, path, rt->body, &body);
                if (got != want)
                    fail_msg("%s %s as %s: status %d, expected %d\n%.600s", rt->method, path,
                             fx_who_names[w], got, want, body);
                if (got == 200 && !strncmp(body, "<!DOCTYPE", 9))
                    fx_unique_ids(path, body);
                if (want == 404) {
                    if (fx_denied(f) != before + 1)
                        fail_msg("%s %s as %s: the refusal was not audited", rt->method, path,
                                 fx_who_names[w]);
                    if (s->other_name && !own && strstr(body, s->other_name))
                        fail_msg("%s as %s: the refusal shows '%s'", path, fx_who_names[w], s->other_name);
                    if (!rt->api && !strstr(body, "Page not found"))
                        fail_msg("%s as %s: not the plain not-found page", path, fx_who_names[w]);
                    if (rt->table && fx_rows(f, rt->table) != table_before)
                        fail_msg("%s as %s: refused, yet %s changed", path, fx_who_names[w], rt->table);
                }
                if (w == NOBODY && rt->table && fx_rows(f, rt->table) != table_before)
                    fail_msg("%s signed out: %s changed", path, rt->table);
                free(body);
                checked++;
            }
        }
    }
    assert_int_equal(checked, (int)(sizeof routes / sizeof *routes) * 6 * 2);
    /* The allowed POSTs did change the store: admin and both PCN roles. */
    assert_true(fx_rows(f, "care_home_beds") >= 3);
    assert_true(fx_rows(f, "caip_achievement") >= 3);
}

/* The rules pages are for administrators only. */
static void test_admin_routes(void **state)
{
    struct webfix *f = *state;
    static const char *const paths[] = {"/admin/rules", "/admin/rules/2025-26/streams.csv",
                                        "/admin/rules/sources.csv"};
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
        for (int w = ADMIN; w <= NOBODY; w++) {
            int want = w == ADMIN ? 200 : w == NOBODY ? 303 : 404;
            int64_t before = fx_denied(f);
            int got = fx_request(f, (enum fx_who)w, "GET", paths[i], NULL, NULL);
            if (got != want)
                fail_msg("%s as %s: status %d, expected %d", paths[i], fx_who_names[w], got, want);
            if (want == 404 && fx_denied(f) != before + 1)
                fail_msg("%s as %s: the refusal was not audited", paths[i], fx_who_names[w]);
        }
    }
    /* Posting an upload is refused before anything is read. */
    for (int w = ICB; w <= PRACTICE; w++) {
        int64_t before = fx_denied(f);
        assert_int_equal(fx_request(f, (enum fx_who)w, "POST", "/admin/rules", "year=2025-26", NULL),
                         404);
        assert_int_equal(fx_denied(f), before + 1);
    }
}

/* ---- the API gives the CLI's JSON ------------------------------------------ */

static json_t *cli_json(struct webfix *f, const char *args)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "build/pcnops --db '%s' %s --rules rules", f->dbpath, args);
    FILE *p = popen(cmd, "r");
    if (!p)
        fail_msg("cannot run %s", cmd);
    json_error_t err;
    json_t *j = json_loadf(p, 0, &err);
    int rc = pclose(p);
    if (!j || rc != 0)
        fail_msg("%s: exit %d, %s", cmd, rc, j ? "" : err.text);
    return j;
}

static void test_api_same_as_cli(void **state)
{
    struct webfix *f = *state;
    static const struct {
        const char *path, *args;
    } pairs[] = {
        {"/api/v1/pcns/U10002/entitlements?year=2025-26&explain=1&practices=1",
         "entitlements U10002 --year 2025/26 --json --explain --practices"},
        {"/api/v1/pcns/U10001/entitlements?year=2024-25", "entitlements U10001 --year 2024/25 --json"},
        {"/api/v1/icbs/QAA/entitlements?year=2025-26", "entitlements --icb QAA --year 2025/26 --json"},
        {"/api/v1/pcns/U10002/payments?year=2024-25", "payments U10002 --year 2024/25 --json"},
        {"/api/v1/pcns/U10001/payments?year=2022-23", "payments U10001 --year 2022/23 --json"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        char *body;
        assert_int_equal(fx_request(f, ADMIN, "GET", pairs[i].path, NULL, &body), 200);
        json_error_t err;
        json_t *api = json_loads(body, JSON_REJECT_DUPLICATES, &err);
        if (!api)
            fail_msg("%s: %s", pairs[i].path, err.text);
        json_t *cli = cli_json(f, pairs[i].args);
        if (!json_equal(api, cli))
            fail_msg("%s differs from pcnops %s", pairs[i].path, pairs[i].args);
        json_decref(api);
        json_decref(cli);
        free(body);
    }
}

/* ---- every change is audited with what it was before -------------------- */

/* The newest audit entry: its action and detail (in a). */
static const char *last_detail(struct webfix *f, struct arena *a, const char **action)
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

static void test_inputs_audited(void **state)
{
    struct webfix *f = *state;
    struct arena a;
    const char *action;
    arena_init(&a, 0);
    static const struct {
        const char *path, *body, *action, *detail;
    } steps[] = {
        {"/pcn/U10002/funding/caip", "year=2025-26&achieved=80", "set-caip",
         "{\"year\":\"2025/26\",\"before_bp\":null,\"after_bp\":8000}"},
        {"/pcn/U10002/funding/caip", "year=2025-26&achieved=75.5", "set-caip",
         "{\"year\":\"2025/26\",\"before_bp\":8000,\"after_bp\":7550}"},
        {"/pcn/U10002/funding/beds", "year=2025-26&month=2025-06&beds=30", "set-beds",
         "{\"month\":\"2025-06\",\"before\":null,\"after\":30}"},
        /* September had June's 30 carried into it */
        {"/pcn/U10002/funding/beds", "year=2025-26&month=2025-09&beds=41", "set-beds",
         "{\"month\":\"2025-09\",\"before\":30,\"after\":41}"},
        {"/pcn/U10002/funding/populations",
         "year=2025-26&pop_date-day=1&pop_date-month=1&pop_date-year=2025&weighted-A10003=5700.50",
         "set-populations",
         "{\"date\":\"2025-01-01\",\"changes\":[{\"practice\":\"A10003\",\"before\":null,"
         "\"after\":{\"weighted_hundredths\":570050,\"adjusted_hundredths\":null}}]}"},
        {"/pcn/U10002/funding/populations",
         "year=2025-26&pop_date-day=1&pop_date-month=1&pop_date-year=2025&weighted-A10003=5700.5"
         "&adjusted-A10003=5600",
         "set-populations",
         "{\"date\":\"2025-01-01\",\"changes\":[{\"practice\":\"A10003\",\"before\":"
         "{\"weighted_hundredths\":570050,\"adjusted_hundredths\":null},\"after\":"
         "{\"weighted_hundredths\":570050,\"adjusted_hundredths\":560000}}]}"},
        {"/pcn/U10002/funding/distribution", "year=2025-26&stream=*&method=weighted",
         "set-distribution",
         "{\"year\":\"2025/26\",\"stream\":\"*\",\"before\":{\"method\":\"registered\","
         "\"set_for\":null},\"after\":{\"method\":\"weighted\",\"set_for\":\"*\"}}"},
        /* core had no method of its own: every stream's was in force */
        {"/pcn/U10002/funding/distribution",
         "year=2025-26&stream=core&method=fixed&share-A10003=60&share-A10005=40",
         "set-distribution",
         "{\"year\":\"2025/26\",\"stream\":\"core\",\"before\":{\"method\":\"weighted\","
         "\"set_for\":\"*\"},\"after\":{\"method\":\"fixed\",\"set_for\":\"core\","
         "\"shares_bp\":{\"A10003\":6000,\"A10005\":4000}}}"},
    };
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
        char *body;
        int got = fx_request(f, MANAGER, "POST", steps[i].path, steps[i].body, &body);
        if (got != 303)
            fail_msg("%s %s: status %d\n%.800s", steps[i].path, steps[i].body, got, body);
        free(body);
        const char *detail = last_detail(f, &a, &action);
        assert_string_equal(action, steps[i].action);
        if (strcmp(detail, steps[i].detail) != 0)
            fail_msg("%s: audit detail\n  %s\nexpected\n  %s", steps[i].path, detail,
                     steps[i].detail);
    }
    arena_release(&a);
}

/* ---- the rules upload, on a copy of the rules folder -------------------- */

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    struct buf b;
    buf_init(&b, 64 * 1024 * 1024);
    char tmp[8192];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, fp)) > 0)
        buf_add(&b, tmp, n);
    fclose(fp);
    if (len)
        *len = b.len;
    return buf_take(&b, NULL);
}

struct file {
    const char *name;
    const char *data;
    size_t len;
};

/* POST /admin/rules as admin with a year and files; the response body in
 * *out (caller frees). */
static int upload(struct webfix *f, const char *year, const struct file *files, size_t n,
                  char **out)
{
    struct http_req *q = fx_req(f, "POST", "/admin/rules");
    struct http_resp r;
    struct buf body;
    const char *bnd = "----pcnopsfundingboundary";
    buf_init(&body, 64 * 1024 * 1024);
    fx_as(f, q, ADMIN);
    buf_printf(&body, "--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n", bnd,
               f->csrf[ADMIN]);
    if (year)
        buf_printf(&body, "--%s\r\nContent-Disposition: form-data; name=\"year\"\r\n\r\n%s\r\n",
                   bnd, year);
    for (size_t i = 0; i < n; i++) {
        buf_printf(&body,
                   "--%s\r\nContent-Disposition: form-data; name=\"files\"; filename=\"%s\"\r\n"
                   "Content-Type: text/csv\r\n\r\n",
                   bnd, files[i].name);
        buf_add(&body, files[i].data, files[i].len);
        BUF_LIT(&body, "\r\n");
    }
    buf_printf(&body, "--%s--\r\n", bnd);
    fx_header(q, "Content-Type", arena_printf(q->a, "multipart/form-data; boundary=%s", bnd));
    q->body = body.buf;
    q->body_len = body.len;
    fx_run(f, q, &r);
    int status = r.status;
    *out = strndup(r.body.buf, r.body.len);
    http_resp_release(&r);
    buf_release(&body);
    fx_req_free(q);
    return status;
}

static const char *last_action(struct webfix *f, struct arena *a)
{
    struct audit_filter af = {.limit = 1};
    struct audit_entry *e;
    size_t n;
    struct pcn_msg m = {0};
    if (audit_query(f->db, &af, a, &e, &n, &m) || n != 1)
        fail_msg("no audit entry");
    return e[0].action;
}

/* Replaces every "from" in text by "to" (same length not needed). */
static char *replace_all(const char *text, const char *from, const char *to)
{
    struct buf b;
    buf_init(&b, 64 * 1024 * 1024);
    size_t fl = strlen(from);
    for (const char *p = text;;) {
        const char *hit = strstr(p, from);
        if (!hit) {
            buf_adds(&b, p);
            break;
        }
        buf_add(&b, p, (size_t)(hit - p));
        buf_adds(&b, to);
        p = hit + fl;
    }
    return buf_take(&b, NULL);
}

static void test_rules_upload(void **state)
{
    struct webfix *f = *state;
    struct arena a;
    char cmd[2048], dir[600], path[700];
    char *body;
    size_t len, len2;
    arena_init(&a, 0);
    snprintf(dir, sizeof dir, "%s/rules", f->dir);
    /* A copy of rules/ without 2026/27, so that the year can be added by
     * an upload below. */
    snprintf(cmd, sizeof cmd, "cp -r rules '%s' && rm -r '%s/2026-27'", dir, dir);
    assert_int_equal(system(cmd), 0);
    f->w.rules_dir = dir;
    web_rules_stale(&f->w);
    snprintf(path, sizeof path, "%s/2025-26/stream_rates.csv", dir);
    char *orig = slurp(path, &len);
    assert_non_null(orig);

    /* Before: the rate of the copy, £2.266. */
    assert_int_equal(fx_request(f, MANAGER, "GET",
                                "/api/v1/pcns/U10002/entitlements?year=2025-26&explain=1", NULL,
                                &body),
                     200);
    assert_contains(body, "£2.266 a year × 11,206 registered patients");
    free(body);

    /* A file with mistakes: every one listed, and no byte changed. */
    struct file bad = {"stream_rates.csv", NULL, 0};
    bad.data = slurp("tests/data/http/bad-stream_rates.csv", &bad.len);
    assert_int_equal(upload(f, "2025/26", &bad, 1, &body), 400);
    assert_contains(body, "There is a problem");
    assert_contains(body, "/2025-26/stream_rates.csv:3: field rate_gbp");
    assert_contains(body, "/2025-26/stream_rates.csv:5: field valid_to");
    free(body);
    assert_string_equal(last_action(f, &a), "rules-upload-refused");
    char *after = slurp(path, &len2);
    assert_int_equal(len, len2);
    assert_memory_equal(orig, after, len);
    free(after);
    free((char *)bad.data);

    /* The desk's files are checked the same way as the rest. */
    static const char bad_cd[] =
        "wte,per_patients,hours_per_wte,valid_from,valid_to,confidence,sources,note\n"
        "0.25,50000,37.5x,2025-04-01,2026-03-31,unconfirmed,,\n";
    struct file cd = {"cd_time.csv", bad_cd, sizeof bad_cd - 1};
    assert_int_equal(upload(f, "2025/26", &cd, 1, &body), 400);
    assert_contains(body, "/2025-26/cd_time.csv:2: field hours_per_wte");
    free(body);

    /* A file that breaks another: a stream the rates name must exist. */
    snprintf(path, sizeof path, "%s/2025-26/streams.csv", dir);
    char *streams = slurp(path, &len2);
    struct file nostream = {"streams.csv", replace_all(streams, "\ncasp,", "\ncasp2,"), 0};
    nostream.len = strlen(nostream.data);
    assert_int_equal(upload(f, "2025-26", &nostream, 1, &body), 400);
    assert_contains(body, "casp");
    free(body);
    char *still = slurp(path, &len);
    assert_int_equal(len, len2);
    assert_memory_equal(streams, still, len);
    free(still);
    free((char *)nostream.data);

    /* A correction: replaced, audited, and used by the next request at once
     * (the clock has not moved). */
    snprintf(path, sizeof path, "%s/2025-26/stream_rates.csv", dir);
    struct file good = {"stream_rates.csv", replace_all(orig, ",2.266,", ",2.277,"), 0};
    good.len = strlen(good.data);
    assert_int_equal(upload(f, "2025/26", &good, 1, &body), 200);
    assert_contains(body, "Rules updated");
    free(body);
    assert_string_equal(last_action(f, &a), "rules-upload");
    after = slurp(path, &len2);
    assert_int_equal(len2, good.len);
    assert_memory_equal(after, good.data, len2);
    free(after);
    assert_int_equal(fx_request(f, MANAGER, "GET", "/api/v1/pcns/U10002/entitlements?year=2025-26&explain=1",
                             NULL, &body),
                     200);
    assert_contains(body, "£2.277 a year × 11,206 registered patients");
    free(body);
    free((char *)good.data);

    /* A new year: one file is not enough; all the files of 2025/26 add it. */
    struct file ny[RF_COUNT];
    size_t nny = 0;
    for (int i = 0; i < RF_COUNT; i++) {
        const char *name = rules_file_name((enum rules_file)i);
        snprintf(path, sizeof path, "%s/2025-26/%s", dir, name);
        char *t = slurp(path, NULL);
        if (!t && rules_file_optional((enum rules_file)i))
            continue;
        assert_non_null(t);
        char *t1 = replace_all(t, "2026-", "2027-");
        ny[nny] = (struct file){name, replace_all(t1, "2025-", "2026-"), 0};
        ny[nny].len = strlen(ny[nny].data);
        nny++;
        free(t);
        free(t1);
    }
    assert_true(nny >= 8);
    assert_int_equal(upload(f, "2026/27", ny, 1, &body), 400);
    assert_contains(body, "a new year needs this file too");
    free(body);
    struct stat st;
    snprintf(path, sizeof path, "%s/2026-27", dir);
    assert_int_not_equal(stat(path, &st), 0);
    if (upload(f, "2026/27", ny, nny, &body) != 200)
        fail_msg("new year refused: %s", strstr(body, "There is a problem") ? strstr(body, "There is a problem") : body);
    free(body);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(fx_request(f, PRACTICE, "GET", "/pcn/U10002/funding", NULL, &body), 200);
    assert_contains(body, "Funding 2026/27</h1>");
    if (strstr(body, "The rules have no year"))
        fail_msg("the new year is not the default");
    free(body);
    for (size_t i = 0; i < nny; i++)
        free((char *)ny[i].data);

    free(streams);
    free(orig);
    f->w.rules_dir = "rules";
    arena_release(&a);
}


/* "a b&c" -> "a+b%26c", for a form body. */
static void url_add(struct buf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
            ch == '-' || ch == '_' || ch == '.')
            buf_addc(b, (char)ch);
        else if (ch == ' ')
            buf_addc(b, '+');
        else
            buf_printf(b, "%%%02X", ch);
    }
}

/* The admin edits one row with its source: a mistake is shown by its field
 * with nothing written; a good row replaces the line, is audited with its
 * before and after, and is used by the next request. */
static void test_rules_edit_row(void **state)
{
    struct webfix *f = *state;
    struct arena a;
    struct pcn_msg m = {0};
    char cmd[1024], dir[600], path[700];
    char *body;
    size_t len;
    arena_init(&a, 0);
    snprintf(dir, sizeof dir, "%s/rules", f->dir);
    snprintf(cmd, sizeof cmd, "cp -r rules '%s'", dir);
    assert_int_equal(system(cmd), 0);
    f->w.rules_dir = dir;
    web_rules_stale(&f->w);
    snprintf(path, sizeof path, "%s/2025-26/stream_rates.csv", dir);
    char *orig = slurp(path, &len);
    const char **head, **row;
    size_t n;
    assert_int_equal(rulesfile_row(&a, path, orig, len, 2, &head, &row, &n, &m), 0);
    assert_string_equal(head[3], "rate_gbp");
    assert_string_equal(row[3], "2.266");

    assert_int_equal(fx_request(f, ADMIN, "GET", "/admin/rules/2025-26/stream_rates.csv/edit",
                                NULL, &body),
                     200);
    assert_contains(body, "href=\"?line=2\"");
    free(body);
    assert_int_equal(fx_request(f, ADMIN, "GET",
                                "/admin/rules/2025-26/stream_rates.csv/edit?line=2", NULL, &body),
                     200);
    assert_contains(body, "name=\"col-rate_gbp\"");
    assert_contains(body, "value=\"2.266\"");
    free(body);
    assert_int_equal(fx_request(f, MANAGER, "GET",
                                "/admin/rules/2025-26/stream_rates.csv/edit?line=2", NULL, NULL),
                     404);

    for (int pass = 0; pass < 2; pass++) {
        struct buf b;
        buf_init(&b, 64 * 1024);
        buf_adds(&b, "line=2");
        for (size_t i = 0; i < n; i++) {
            buf_printf(&b, "&col-%s=", head[i]);
            url_add(&b, i == 3 ? (pass == 0 ? "2.2x" : "2.300") : row[i]);
        }
        int status = fx_request(f, ADMIN, "POST", "/admin/rules/2025-26/stream_rates.csv/edit",
                                b.buf, &body);
        buf_release(&b);
        if (pass == 0) {
            assert_int_equal(status, 400);
            assert_contains(body, "There is a problem");
            assert_contains(body, "/2025-26/stream_rates.csv:2: field rate_gbp");
            assert_contains(body, "href=\"#col-rate_gbp\"");
            assert_string_equal(last_action(f, &a), "rules-edit-refused");
            size_t len2;
            char *same = slurp(path, &len2);
            assert_int_equal(len, len2);
            assert_memory_equal(orig, same, len);
            free(same);
        } else {
            assert_int_equal(status, 303);
            assert_string_equal(last_action(f, &a), "rules-edit");
        }
        free(body);
    }
    size_t len3;
    char *now = slurp(path, &len3);
    const char **row2;
    assert_int_equal(rulesfile_row(&a, path, now, len3, 2, &head, &row2, &n, &m), 0);
    assert_string_equal(row2[3], "2.300");
    assert_string_equal(row2[n - 1], row[n - 1]);   /* the note as it was */
    free(now);
    assert_int_equal(fx_request(f, MANAGER, "GET",
                                "/api/v1/pcns/U10002/entitlements?year=2025-26&explain=1", NULL,
                                &body),
                     200);
    assert_contains(body, "£2.3 a year × 11,206 registered patients");
    free(body);
    free(orig);
    f->w.rules_dir = "rules";
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_matrix, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_admin_routes, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_api_same_as_cli, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_inputs_audited, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_rules_upload, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_rules_edit_row, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests_name("funding permissions", tests, NULL, NULL);
}
