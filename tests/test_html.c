/* test_html.c: the HTML writer's escaping of text, attributes and URLs
 * (html.h), with hostile inputs, and its typed values.  Tables of cases. */
#include "testutil.h"

#include "buf.h"
#include "date.h"
#include "html.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

enum what { TEXT, ATTR, URL, URL2 };

static char *write_one(enum what w, const char *s, const char *part)
{
    struct buf b;
    buf_init(&b, 1 << 16);
    struct html h = {&b};
    switch (w) {
    case TEXT:
        html_text(&h, s);
        break;
    case ATTR:
        html_attr(&h, s);
        break;
    case URL:
        html_url(&h, s);
        break;
    case URL2:
        html_url2(&h, s, part);
        break;
    }
    assert_true(buf_ok(&b));
    return buf_take(&b, NULL);
}

static void test_escaping(void **state)
{
    (void)state;
    static const struct {
        enum what w;
        const char *in, *part, *want;
    } rows[] = {
        /* text: the five characters, each alone and in company */
        {TEXT, "plain words", NULL, "plain words"},
        {TEXT, "&", NULL, "&amp;"},
        {TEXT, "<", NULL, "&lt;"},
        {TEXT, ">", NULL, "&gt;"},
        {TEXT, "\"", NULL, "&quot;"},
        {TEXT, "'", NULL, "&#39;"},
        {TEXT, "<script>alert('x')</script>", NULL,
         "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"},
        {TEXT, "&amp;", NULL, "&amp;amp;"}, /* escaped again, never trusted */
        {TEXT, "Smith & Jones <Surgery>", NULL, "Smith &amp; Jones &lt;Surgery&gt;"},
        {TEXT,
         "\xC2\xA3"
         "4,250 caf\xC3\xA9",
         NULL,
         "\xC2\xA3"
         "4,250 caf\xC3\xA9"}, /* UTF-8 kept */
        {TEXT, "", NULL, ""},
        {TEXT, NULL, NULL, ""},
        {TEXT, "<<>>", NULL, "&lt;&lt;&gt;&gt;"},
        /* attributes: no way out of the double quotes */
        {ATTR, "\" onmouseover=\"alert(1)", NULL, "&quot; onmouseover=&quot;alert(1)"},
        {ATTR, "' onfocus='x", NULL, "&#39; onfocus=&#39;x"},
        {ATTR, "a\"><img src=x onerror=alert(1)>", NULL,
         "a&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"},
        {ATTR, "", NULL, ""},
        /* URLs: a relative path, https: or a fragment; anything else is "#" */
        {URL, "/pcn/U10002", NULL, "/pcn/U10002"},
        {URL, "/pcn/U1?year=2026-27&view=month", NULL, "/pcn/U1?year=2026-27&amp;view=month"},
        {URL, "https://digital.nhs.uk/a?b=1&c=2", NULL, "https://digital.nhs.uk/a?b=1&amp;c=2"},
        {URL, "#maincontent", NULL, "#maincontent"},
        {URL, "/x\" onclick=\"alert(1)", NULL, "/x&quot; onclick=&quot;alert(1)"},
        {URL, "javascript:alert(1)", NULL, "#"},
        {URL, "JaVaScRiPt:alert(1)", NULL, "#"},
        {URL, "data:text/html,<script>alert(1)</script>", NULL, "#"},
        {URL, "vbscript:msgbox", NULL, "#"},
        {URL, "http://example.org/", NULL, "#"}, /* not https */
        {URL, "//evil.example/", NULL, "#"},     /* protocol-relative */
        {URL, "/\\evil.example/", NULL, "#"},    /* read as // by browsers */
        {URL, "\\\\evil.example/", NULL, "#"},
        {URL, " /pcn", NULL, "#"},
        {URL, "https", NULL, "#"},
        {URL, "", NULL, "#"},
        {URL, NULL, NULL, "#"},
        /* browsers drop tabs and newlines from a URL: "/\t/x" is "//x" */
        {URL, "/\t/evil.example/", NULL, "#"},
        {URL, "/\n/evil.example/", NULL, "#"},
        {URL, "/\r\\evil.example/", NULL, "#"},
        {URL, "/pcn/\x01x", NULL, "#"},
        {URL, "/pcn/\x7fx", NULL, "#"},
        {URL, "java\tscript:alert(1)", NULL, "#"},
        /* a path built from parts: the part percent-encoded, whatever it holds */
        {URL2, "/pcn/", "U10002", "/pcn/U10002"},
        {URL2, "/pcn/", "U1 0/../admin", "/pcn/U1%200%2F..%2Fadmin"},
        {URL2, "/pcn/", "\"><script>", "/pcn/%22%3E%3Cscript%3E"},
        {URL2, "/pcn/", "a?b=c&d#e", "/pcn/a%3Fb%3Dc%26d%23e"},
        {URL2, "/practice/", "caf\xC3\xA9", "/practice/caf%C3%A9"},
        {URL2, "/pcn/", "-_.~", "/pcn/-_.~"},
        {URL2, "/pcn/", NULL, "/pcn/"},
        {URL2, "//evil.example/", "x", "#x"}, /* a bad prefix is still refused */
    };
    for (size_t i = 0; i < N(rows); i++) {
        char *got = write_one(rows[i].w, rows[i].in, rows[i].part);
        if (strcmp(got, rows[i].want) != 0)
            fail_msg("row %zu (%s): \"%s\" wrote \"%s\", expected \"%s\"", i,
                     (const char *[]){"text", "attr", "url", "url2"}[rows[i].w],
                     rows[i].in ? rows[i].in : "(null)", got, rows[i].want);
        /* whatever went in, no markup character comes out raw */
        for (const char *p = got; *p; p++)
            if (*p == '<' || *p == '>' || *p == '"' || *p == '\'')
                fail_msg("row %zu: a raw %c in \"%s\"", i, *p, got);
        free(got);
    }
}

/* html_textn escapes exactly len bytes; html_textf escapes what it formats. */
static void test_textn_textf(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 1 << 16);
    struct html h = {&b};
    html_textn(&h, "<a>&<b>", 4);
    assert_string_equal(b.buf, "&lt;a&gt;&amp;");
    buf_reset(&b);
    html_textf(&h, "%s has %d <patients>", "O'Brien & Co", 3);
    assert_string_equal(b.buf, "O&#39;Brien &amp; Co has 3 &lt;patients&gt;");
    /* a formatted text past 1,023 bytes is cut there, never past its buffer */
    buf_reset(&b);
    char big[2000];
    memset(big, '<', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    html_textf(&h, "%s", big);
    assert_int_equal(b.len, 1023 * 4);
    buf_release(&b);
}

static void test_values(void **state)
{
    (void)state;
    static const struct {
        int kind; /* 0 int, 1 count, 2 money, 3 date */
        int64_t v;
        const char *want;
    } rows[] = {
        {0, 12345, "12345"},
        {0, -7, "-7"},
        {1, 12345, "12,345"},
        {1, 0, "0"},
        {1, -1234567, "-1,234,567"},
        {1, 999, "999"},
        {2, 7500,
         "\xC2\xA3"
         "75"},
        {2, 425050,
         "\xC2\xA3"
         "4,250.50"},
        {2, 1,
         "\xC2\xA3"
         "0.01"},
        {3, 0, NULL}, /* the date rows: filled below */
    };
    struct buf b;
    buf_init(&b, 1 << 16);
    struct html h = {&b};
    for (size_t i = 0; i < N(rows); i++) {
        if (!rows[i].want)
            continue;
        buf_reset(&b);
        switch (rows[i].kind) {
        case 0:
            html_int(&h, rows[i].v);
            break;
        case 1:
            html_count(&h, rows[i].v);
            break;
        case 2:
            html_money(&h, rows[i].v);
            break;
        }
        if (strcmp(b.buf, rows[i].want) != 0)
            fail_msg("row %zu: %" PRId64 " wrote \"%s\", expected \"%s\"", i, rows[i].v, b.buf,
                     rows[i].want);
    }
    buf_reset(&b);
    html_date(&h, date_from_ymd(2025, 4, 1));
    assert_string_equal(b.buf, "1 April 2025");
    buf_release(&b);
}

/* Past its maximum the buffer stays failed (the server answers 500): no
 * half-escaped entity is left at the end. */
static void test_limit(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 10);
    struct html h = {&b};
    html_text(&h, "abc&");
    assert_true(buf_ok(&b));
    assert_string_equal(b.buf, "abc&amp;");
    html_text(&h, "<<<");
    assert_false(buf_ok(&b));
    html_text(&h, "x");
    assert_false(buf_ok(&b));
    assert_true(b.len <= 10);
    assert_null(strstr(b.buf, "&l"));
    buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_textn_textf),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
