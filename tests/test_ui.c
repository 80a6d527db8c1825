/* test_ui.c: the page frame (ui.h): the title, the skip link, the header
 * with the account and the menu, breadcrumbs, and the error summary whose
 * every link lands on its field.  Tables of cases, with hostile text. */
#include "testutil.h"

#include "arena.h"
#include "auth.h"
#include "buf.h"
#include "html.h"
#include "ui.h"
#include "web.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define EVIL "\"><script>alert('x')</script>"
#define EVIL_ESC "&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"

/* The frame of one page around "<p>body</p>", for the user (NULL: signed out). */
static char *frame(struct arena *a, struct user *u, const struct ui_page *p)
{
    struct ctx c = {.a = a, .user = u, .csrf = "csrf-token-1"};
    struct buf b;
    buf_init(&b, 1 << 20);
    struct html h = {&b};
    ui_begin(&c, &h, p);
    HTML_LIT(&h, "<p>body</p>");
    ui_end(&c, &h);
    assert_true(buf_ok(&b));
    return buf_take(&b, NULL);
}

static const char *after(const char *s, const char *needle)
{
    const char *p = strstr(s, needle);
    return p ? p + strlen(needle) : NULL;
}

static void test_title(void **state)
{
    (void)state;
    static const struct {
        struct ui_page p;
        const char *want;
    } rows[] = {
        {{.title = "Funding", .section = "U10002"},
         "<title>Funding \xE2\x80\x93 U10002 \xE2\x80\x93 PCN Ops</title>"},
        {{.title = "Funding", .section = "U10002", .error = true},
         "<title>Error: Funding \xE2\x80\x93 U10002 \xE2\x80\x93 PCN Ops</title>"},
        {{.title = "Sign in"}, "<title>Sign in \xE2\x80\x93 PCN Ops</title>"},
        {{.title = "Smith & Jones <PCN>", .section = "A&B"},
         "<title>Smith &amp; Jones &lt;PCN&gt; \xE2\x80\x93 A&amp;B \xE2\x80\x93 PCN Ops</title>"},
        {{.title = EVIL, .section = EVIL},
         "<title>" EVIL_ESC " \xE2\x80\x93 " EVIL_ESC " \xE2\x80\x93 PCN Ops</title>"},
    };
    struct arena a;
    arena_init(&a, 4096);
    for (size_t i = 0; i < N(rows); i++) {
        char *s = frame(&a, NULL, &rows[i].p);
        assert_contains(s, rows[i].want);
        assert_null(strstr(s, "<script>alert"));
        /* exactly one title, in the head */
        const char *t = strstr(s, "<title>");
        assert_non_null(t);
        assert_null(strstr(t + 1, "<title>"));
        assert_true(t < strstr(s, "</head>"));
        free(s);
    }
    arena_release(&a);
}

/* The skip link is the first link of the body and lands on <main>. */
static void test_skip_link(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 4096);
    struct user u = {.name = "Ada", .role = ROLE_ADMIN};
    struct user *who[2] = {NULL, &u};
    for (int i = 0; i < 2; i++) {
        struct ui_page p = {.title = "Home"};
        char *s = frame(&a, who[i], &p);
        const char *body = after(s, "<body>");
        assert_non_null(body);
        const char *first_link = strstr(body, "<a ");
        assert_non_null(first_link);
        assert_true(strncmp(first_link,
                            "<a class=\"nhsuk-skip-link\" href=\"#maincontent\">Skip to main "
                            "content</a>",
                            70) == 0);
        assert_true(first_link < strstr(s, "<header"));
        const char *main_tag = strstr(s, "<main class=\"nhsuk-main-wrapper\" id=\"maincontent\">");
        assert_non_null(main_tag);
        assert_true(main_tag < strstr(s, "<p>body</p>"));
        assert_true(strstr(s, "<p>body</p>") < strstr(s, "</main>"));
        free(s);
    }
    arena_release(&a);
}

/* The header: the account (name, role, organisation, Log out with the
 * CSRF token) and the menu each role may use; nothing when signed out. */
static void test_header(void **state)
{
    (void)state;
    static const struct {
        const char *what;
        struct user u;
        const char *active;
        const char *want[4], *unwanted[3];
    } rows[] = {
        {"an admin",
         {.name = "Ada Admin", .role = ROLE_ADMIN},
         "/admin/audit",
         {"Ada Admin<span", "href=\"/admin/audit\" aria-current=\"page\">",
          "href=\"/import\">Import</a>",
          "nhsuk-header__navigation-item--current\"><a "
          "class=\"nhsuk-header__navigation-link\" href=\"/admin/audit\""},
         {"/desk\">Desk", "href=\"/import\" aria-current", NULL}},
        {"a PCN manager",
         {.name = "Pat Manager", .role = ROLE_PCN_MANAGER, .org = "U10002"},
         NULL,
         {"Pat Manager<span", ", U10002</li>", "href=\"/pcn/U10002/desk\">Desk",
          "href=\"/pcn/U10002/funding\">Funding"},
         {"/admin/users", "aria-current", NULL}},
        {"a practice",
         {.name = "Pip Practice", .role = ROLE_PRACTICE, .org = "A10003"},
         "/",
         {", A10003</li>", "href=\"/\" aria-current=\"page\">", NULL, NULL},
         {"/desk\"", "/admin/", NULL}},
        {"a hostile name and organisation",
         {.name = EVIL, .role = ROLE_CLINICAL_DIRECTOR, .org = "U1<b>"},
         NULL,
         {EVIL_ESC "<span", ", U1&lt;b&gt;</li>", "href=\"/pcn/U1&lt;b&gt;/desk\"", NULL},
         {"<script>alert", "U1<b>", NULL}},
    };
    struct arena a;
    arena_init(&a, 4096);
    for (size_t i = 0; i < N(rows); i++) {
        struct user u = rows[i].u;
        struct ui_page p = {.title = "Page", .active_nav = rows[i].active};
        char *s = frame(&a, &u, &p);
        for (size_t k = 0; k < 4 && rows[i].want[k]; k++)
            if (!strstr(s, rows[i].want[k]))
                fail_msg("%s: \"%s\" missing", rows[i].what, rows[i].want[k]);
        for (size_t k = 0; k < 3 && rows[i].unwanted[k]; k++)
            if (strstr(s, rows[i].unwanted[k]))
                fail_msg("%s: \"%s\" should not be there", rows[i].what, rows[i].unwanted[k]);
        /* Log out is a POST with the session's CSRF token, the last account item */
        assert_contains(s, "action=\"/sign-out\" method=\"post\" novalidate><input type=\"hidden\" "
                           "name=\"csrf\" value=\"csrf-token-1\"><button "
                           "class=\"nhsuk-header__account-button\">Log out</button>");
        free(s);
    }
    /* signed out: no account, no menu, no Log out */
    struct ui_page p = {.title = "Sign in"};
    char *s = frame(&a, NULL, &p);
    assert_contains(s, "<a class=\"nhsuk-header__service-name\" href=\"/\">PCN Ops</a>");
    assert_null(strstr(s, "nhsuk-header__account"));
    assert_null(strstr(s, "nhsuk-header__navigation"));
    assert_null(strstr(s, "Log out"));
    free(s);
    arena_release(&a);
}

/* Breadcrumbs: the links escaped and refused when not ours; the back link
 * goes to the last. */
static void test_breadcrumbs(void **state)
{
    (void)state;
    const struct ui_crumb crumbs[] = {
        {"Home", "/"},
        {"ICB <QAA>", "/icb/QAA"},
        {"Bad", "javascript:alert(1)"},
        {"PCN U10002", "/pcn/U10002"},
    };
    struct ui_page p = {.title = "Funding", .crumbs = crumbs, .ncrumbs = N(crumbs)};
    struct arena a;
    arena_init(&a, 4096);
    char *s = frame(&a, NULL, &p);
    assert_contains(s, "<a class=\"nhsuk-breadcrumb__link\" href=\"/\">Home</a>");
    assert_contains(s, "href=\"/icb/QAA\">ICB &lt;QAA&gt;</a>");
    assert_contains(s, "<a class=\"nhsuk-breadcrumb__link\" href=\"#\">Bad</a>");
    assert_null(strstr(s, "javascript:"));
    assert_contains(s, "<a class=\"nhsuk-back-link\" href=\"/pcn/U10002\"><span "
                       "class=\"nhsuk-u-visually-hidden\">Back to </span>PCN U10002</a>");
    free(s);
    p.ncrumbs = 0;
    s = frame(&a, NULL, &p);
    assert_null(strstr(s, "nhsuk-breadcrumb"));
    free(s);
    arena_release(&a);
}

/* id="X" appears in s */
static bool has_id(const char *s, const char *id)
{
    char want[256];
    snprintf(want, sizeof want, " id=\"%s\"", id);
    return strstr(s, want) != NULL;
}

/* The error summary: "There is a problem", one link per error, and every
 * link lands on an element of the form that shows the same message. */
static void test_error_summary(void **state)
{
    (void)state;
    const struct ui_error errors[] = {
        {"name", "Enter the post holder's name", NULL},
        {"cost", "Enter the annual cost in pounds, like 42,000", NULL},
        {"start", "Enter a real start date", NULL},
        {"evil\" onclick=\"x", "<b>" EVIL, NULL},
    };
    struct buf b;
    buf_init(&b, 1 << 20);
    struct html h = {&b};
    ui_error_summary(&h, errors, N(errors));
    /* the form, each field with the error that names it */
    ui_input(&h, "name", "Name", NULL, "text", "Tom <Green>", NULL, &errors[0]);
    ui_input_money(&h, "cost", "Annual cost", "Salary and on-costs", "42,000x", &errors[1]);
    ui_date_input(&h, "start", "Start date", "For example, 1 4 2026", "31", "2", "2026",
                  &errors[2]);
    ui_input(&h, "evil\" onclick=\"x", "Evil", NULL, "text", "", NULL, &errors[3]);
    assert_true(buf_ok(&b));
    const char *s = b.buf;
    assert_contains(s, "<div class=\"nhsuk-error-summary\" data-module=\"nhsuk-error-summary\">"
                       "<div role=\"alert\"><h2 class=\"nhsuk-error-summary__title\">There is a "
                       "problem</h2>");
    static const struct {
        const char *link, *id, *message;
    } rows[] = {
        {"<li><a href=\"#name\">Enter the post holder&#39;s name</a></li>", "name",
         "<span class=\"nhsuk-u-visually-hidden\">Error:</span> Enter the post holder&#39;s name"},
        {"<li><a href=\"#cost\">Enter the annual cost in pounds, like 42,000</a></li>", "cost",
         "Error:</span> Enter the annual cost in pounds, like 42,000"},
        {"<li><a href=\"#start\">Enter a real start date</a></li>", "start",
         "Error:</span> Enter a real start date"},
        {"<li><a href=\"#evil&quot; onclick=&quot;x\">&lt;b&gt;" EVIL_ESC "</a></li>",
         "evil&quot; onclick=&quot;x", "Error:</span> &lt;b&gt;" EVIL_ESC},
    };
    for (size_t i = 0; i < N(rows); i++) {
        assert_contains(s, rows[i].link);
        if (!has_id(s, rows[i].id))
            fail_msg("the summary links to #%s, which no element has", rows[i].id);
        assert_contains(s, rows[i].message);
        /* the field's message has its own id, and the input points to it */
        char err_id[128], described[160];
        snprintf(err_id, sizeof err_id, "%s-error", rows[i].id);
        snprintf(described, sizeof described, "%s-error\"", rows[i].id);
        if (!has_id(s, err_id))
            fail_msg("no message with id %s", err_id);
        assert_contains(s, described);
    }
    assert_contains(s, "nhsuk-form-group nhsuk-form-group--error");
    assert_contains(s, "value=\"Tom &lt;Green&gt;\""); /* what was typed, kept */
    assert_contains(s, "value=\"42,000x\"");
    assert_contains(s, "id=\"start-day\" name=\"start-day\" type=\"text\" inputmode=\"numeric\" "
                       "value=\"31\"");
    assert_null(strstr(s, "<script"));
    assert_null(strstr(s, "<b>"));
    buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_title),         cmocka_unit_test(test_skip_link),
        cmocka_unit_test(test_header),        cmocka_unit_test(test_breadcrumbs),
        cmocka_unit_test(test_error_summary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
