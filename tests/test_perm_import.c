/* A PCN's own imports on the web (/pcn/CODE/import, page_pcn_import.c) by
 * every role, on its own PCN and another: who reaches the page and which
 * kinds of file it offers; a refusal is a 404, audited, naming nothing of
 * the other PCN; a refused upload and confirmation write nothing. */
#include "webfix.h"

#include "audit.h"

struct want {
    enum fx_who w;
    const char *pcn;
    int status;
    bool staff; /* offers the staff CSV and the census */
};

static const struct want page[] = {
    {ADMIN, "U10001", 200, false}, /* populations only: staff pay is not an admin's */
    {ADMIN, "U20001", 200, false},    {MANAGER, "U10002", 200, true},
    {MANAGER, "U10001", 404, false},  {CD, "U10001", 200, true},
    {CD, "U10002", 404, false},       {ICB, "U10001", 404, false},
    {PRACTICE, "U10002", 404, false}, {NOBODY, "U10002", 303, false},
    {MANAGER, "U99999", 404, false},
};

static void test_page(void **state)
{
    struct webfix *f = *state;
    for (size_t i = 0; i < sizeof page / sizeof *page; i++) {
        const struct want *t = &page[i];
        char path[64];
        snprintf(path, sizeof path, "/pcn/%s/import", t->pcn);
        int64_t before = fx_denied(f);
        char *body = NULL;
        int got = fx_request(f, t->w, "GET", path, NULL, &body);
        if (got != t->status)
            fail_msg("%s as %s: %d, expected %d", path, fx_who_names[t->w], got, t->status);
        if (t->status == 404) {
            if (fx_denied(f) != before + 1)
                fail_msg("%s as %s: the refusal was not audited", path, fx_who_names[t->w]);
            if (body && (strstr(body, "NORTH PCN") || strstr(body, "SOUTH AND VALE")))
                fail_msg("%s as %s: the refusal names the PCN", path, fx_who_names[t->w]);
        }
        if (t->status == 200) {
            bool staff = strstr(body, "value=\"staff\"") && strstr(body, "value=\"census\"");
            if (staff != t->staff || !strstr(body, "value=\"populations\""))
                fail_msg("%s as %s: the kinds offered are wrong", path, fx_who_names[t->w]);
        }
        free(body);
    }
}

/* An admin may not import staff (their pay is personal data): 404. */
static void test_admin_staff_refused(void **state)
{
    struct webfix *f = *state;
    int64_t before = fx_denied(f);
    int got = fx_request(f, ADMIN, "POST", "/pcn/U10001/import/confirm",
                         "kind=staff&name=s.csv&data=cGNu", NULL);
    assert_int_equal(got, 404);
    assert_int_equal(fx_denied(f), before + 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_page, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_admin_staff_refused, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests_name("pcn imports: permissions", tests, NULL, NULL);
}
