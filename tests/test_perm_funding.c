/* The funding routes' permissions, as test_perm.c does for the registry:
 * every funding page, download, form and API route, for every role, on an
 * organisation of its own and one of another's.  A refusal is a 404 that
 * says nothing of the other organisation, is written to the audit log and
 * changes nothing.  Then the rules upload on a copy of the rules folder:
 * a bad file changes no byte; a good one replaces the file, is audited and
 * is used by the very next request; a new year's files add the year. */
#include "webfix.h"

#include <sys/stat.h>

#include "buf.h"
#include "rulesfile.h"

enum need { READ_PCN, WRITE_PCN, READ_ICB };

static const struct fx_route routes[] = {
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

static bool allowed(enum fx_who w, int n, bool own)
{
    switch ((enum need)n) {
    case READ_PCN:
        return w == ADMIN || own;
    case WRITE_PCN:
        return w == ADMIN || (own && (w == MANAGER || w == CD));
    case READ_ICB:
        return w == ADMIN || (own && w == ICB);
    }
    return false;
}

/* As test_perm.c: the PCNs and ICBs each role should and should not reach. */
static const struct fx_scope *scopes(int need)
{
    return need == READ_ICB ? fx_icb_scopes() : fx_pcn_scopes();
}

static void test_matrix(void **state)
{
    struct webfix *f = *state;
    int checked = fx_matrix(f, routes, sizeof routes / sizeof *routes, allowed, scopes);
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
        assert_int_equal(
            fx_request(f, (enum fx_who)w, "POST", "/admin/rules", "year=2025-26", NULL), 404);
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
        {"/api/v1/pcns/U10001/entitlements?year=2024-25",
         "entitlements U10001 --year 2024/25 --json"},
        {"/api/v1/icbs/QAA/entitlements?year=2025-26",
         "entitlements --icb QAA --year 2025/26 --json"},
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

static void test_inputs_audited(void **state)
{
    struct webfix *f = *state;
    static const struct fx_audited steps[] = {
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
    fx_audited_steps(f, MANAGER, steps, sizeof steps / sizeof *steps);
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
    const char *action;
    fx_last_audit(f, a, &action);
    return action;
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
    assert_int_equal(fx_request(f, MANAGER, "GET",
                                "/api/v1/pcns/U10002/entitlements?year=2025-26&explain=1", NULL,
                                &body),
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
        fail_msg("new year refused: %s",
                 strstr(body, "There is a problem") ? strstr(body, "There is a problem") : body);
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

    assert_int_equal(
        fx_request(f, ADMIN, "GET", "/admin/rules/2025-26/stream_rates.csv/edit", NULL, &body),
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
    assert_string_equal(row2[n - 1], row[n - 1]); /* the note as it was */
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
