/* The server's pure pieces, as tables: decoding paths and query values
 * once, the watchdog's deadlines and minimum rate, and the client address
 * behind a trusted proxy (issue 17, defects 2, 3 and 11). */
#include "testutil.h"

#include "common.h"
#include "http.h"
#include "server.h"

static void test_decode_path(void **state)
{
    (void)state;
    static const struct {
        const char *raw, *want; /* want NULL: refused */
    } cases[] = {
        {"/about", "/about"},
        {"/%2561bout", "/%61bout"},    /* decoded once, not twice */
        {"/pcn/U18986%00/arrs", NULL}, /* NUL */
        {"/static/pcnops.css%00.txt", NULL},
        {"/ab%zzout", NULL}, /* bad escape */
        {"/ab%2", NULL},     /* cut-off escape */
        {"/ab%", NULL},
        {"/a/%2e%2e/b", NULL}, /* ".." after decoding */
        {"/pcn/%3Cscript%3E", "/pcn/<script>"},
        {"/caf%C3%A9", "/caf\xc3\xa9"},
    };
    struct arena a;
    arena_init(&a, 0);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *out = NULL;
        int rc = http_decode_path(&a, cases[i].raw, &out);
        if (cases[i].want) {
            if (rc != 0 || strcmp(out, cases[i].want) != 0)
                fail_msg("%s: got %d '%s', want '%s'", cases[i].raw, rc, rc ? "" : out,
                         cases[i].want);
        } else if (rc == 0) {
            fail_msg("%s: accepted as '%s', want refused", cases[i].raw, out);
        }
    }
    arena_release(&a);
}

static void test_unescape(void **state)
{
    (void)state;
    static const struct {
        const char *raw, *want;
    } cases[] = {
        {"2025-26", "2025-26"}, {"a%20b", "a b"}, {"%2B", "+"}, {"%00", NULL},
        {"x%0", NULL},          {"%G1", NULL},    {"", ""},
    };
    struct arena a;
    arena_init(&a, 0);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *out = NULL;
        int rc = http_unescape(&a, cases[i].raw, &out);
        if (cases[i].want ? rc != 0 || strcmp(out, cases[i].want) != 0 : rc == 0)
            fail_msg("'%s': got %d", cases[i].raw, rc);
    }
    arena_release(&a);
}

static void test_overdue(void **state)
{
    (void)state;
    enum { HEAD, BODY, ANSWER };
    static const struct {
        int state;
        int64_t since, received, now;
        bool busy, want;
    } cases[] = {
        {HEAD, 100, 0, 100 + LIMIT_HEADER_SECONDS, false, false}, /* just in time */
        {HEAD, 100, 0, 101 + LIMIT_HEADER_SECONDS, false, true},  /* one second late */
        {HEAD, 100, 0, 100 + LIMIT_HEADER_SECONDS_BUSY, true, false},
        {HEAD, 100, 0, 101 + LIMIT_HEADER_SECONDS_BUSY, true, true},  /* busy: shorter */
        {BODY, 100, 0, 100 + LIMIT_BODY_GRACE_SECONDS, false, false}, /* grace */
        {BODY, 100, 0, 101 + LIMIT_BODY_GRACE_SECONDS, false, true},  /* nothing came */
        {BODY, 100, LIMIT_BODY_MIN_RATE, 101 + LIMIT_BODY_GRACE_SECONDS, false, false},
        {BODY, 100, LIMIT_BODY_MIN_RATE * 10 - 1, 110 + LIMIT_BODY_GRACE_SECONDS, false, true},
        {BODY, 100, LIMIT_BODY_MIN_RATE * 10, 110 + LIMIT_BODY_GRACE_SECONDS, false, false},
        {BODY, 100, 64L * 1024 * 1024, 1000, true, false}, /* fast enough */
        {ANSWER, 100, 0, 100000, true, false},             /* idle timeout's */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        if (server_overdue(cases[i].state, cases[i].since, cases[i].received, cases[i].now,
                           cases[i].busy) != cases[i].want)
            fail_msg("case %zu: want %s", i, cases[i].want ? "overdue" : "in time");
}

static void test_client_address(void **state)
{
    (void)state;
    static const struct {
        const char *peer, *trusted, *xff, *want;
        int rc;
    } cases[] = {
        {"10.0.0.5", NULL, "1.2.3.4", "10.0.0.5", 0},       /* no proxy: peer */
        {"10.0.0.5", "10.0.0.1", "1.2.3.4", "10.0.0.5", 0}, /* not from the proxy */
        {"10.0.0.1", "10.0.0.1", "1.2.3.4", "1.2.3.4", 0},
        {"10.0.0.1", "10.0.0.1", "6.6.6.6, 1.2.3.4", "1.2.3.4", 0}, /* the proxy's own entry */
        {"10.0.0.1", "10.0.0.1", "1.2.3.4,2001:db8::7", "2001:db8::7", 0},
        {"10.0.0.1", "10.0.0.1", NULL, "10.0.0.1", 0},
        {"10.0.0.1", "10.0.0.1", "1.2.3.4, evil", "10.0.0.1", PCN_EINVAL},
        {"10.0.0.1", "10.0.0.1", "", "10.0.0.1", PCN_EINVAL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char out[64];
        int rc = server_client_address(cases[i].peer, cases[i].trusted, cases[i].xff, out,
                                       sizeof out);
        if (rc != cases[i].rc || strcmp(out, cases[i].want) != 0)
            fail_msg("case %zu: got %d '%s', want %d '%s'", i, rc, out, cases[i].rc, cases[i].want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode_path),
        cmocka_unit_test(test_unescape),
        cmocka_unit_test(test_overdue),
        cmocka_unit_test(test_client_address),
    };
    return cmocka_run_group_tests_name("server", tests, NULL, NULL);
}
