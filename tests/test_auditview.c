/* The audit log's detail as people read it (auditview.h): a table of
 * details and the HTML each must give. */
#include "testutil.h"

#include "arena.h"
#include "auditview.h"
#include "buf.h"

#define ROW(f, b, a)                                                                               \
    "<tr class=\"nhsuk-table__row\"><th scope=\"row\" class=\"nhsuk-table__header\">" f            \
    "</th><td class=\"nhsuk-table__cell\">" b "</td><td class=\"nhsuk-table__cell\">" a            \
    "</td></tr>"
#define CH(f) "<strong>" f "</strong><span class=\"nhsuk-u-visually-hidden\"> (changed)</span>"
#define NONE "<span class=\"nhsuk-u-secondary-text-colour\">None</span>"
#define ABOUT(k, v)                                                                                \
    "<div class=\"nhsuk-summary-list__row\"><dt class=\"nhsuk-summary-list__key\">" k              \
    "</dt><dd class=\"nhsuk-summary-list__value\">" v "</dd></div>"

static const struct {
    const char *name, *json;
    const char *want[4]; /* parts the HTML must hold, in order */
    const char *lacks;
} cases[] = {
    {"a desk record changed: one row a field, the changed ones marked",
     "{\"record\":\"stakeholder\",\"id\":3,\"before\":{\"name\":\"Jo\",\"influence\":4},"
     "\"after\":{\"name\":\"Jo\",\"influence\":5}}",
     {ABOUT("record", "stakeholder") ABOUT("id", "3"), ROW("name", "Jo", "Jo"),
      ROW(CH("influence"), "4", "5"), NULL},
     "{"},
    {"a record added: before is None",
     "{\"record\":\"activity\",\"before\":null,\"after\":{\"follow_up_due\":\"2026-12-07\","
     "\"meeting\":true}}",
     {ROW(CH("follow up due"), NONE, "2026-12-07"), ROW(CH("meeting"), NONE, "Yes"), NULL},
     NULL},
    {"a value changed (care home beds of a month)",
     "{\"month\":\"2026-04\",\"before\":null,\"after\":40}",
     {ABOUT("month", "2026-04"), ROW(CH("value"), NONE, "40"), NULL},
     NULL},
    {"NAME_before and NAME_after pairs, and nested values shown whole",
     "{\"criterion\":\"C1\",\"before\":\"in_progress\",\"after\":\"met\",\"evidence_before\":\"\","
     "\"evidence_after\":\"minutes of 3 May\",\"fed\":{\"before\":1,\"after\":[2,3]}}",
     {ABOUT("criterion", "C1") ABOUT("fed", "before: 1<br>after: 2, 3"),
      ROW(CH("value"), "in_progress", "met"),
      ROW(CH("evidence"), "<span class=\"nhsuk-u-secondary-text-colour\">Empty</span>",
          "minutes of 3 May"),
      NULL},
     NULL},
    {"no before or after: a summary list only",
     "{\"label\":\"API token\"}",
     {ABOUT("label", "API token"), NULL},
     "<table"},
    {"text is escaped",
     "{\"file\":\"<script>x</script>\"}",
     {"&lt;script&gt;x&lt;/script&gt;", NULL},
     "<script>"},
    {"not JSON: the text itself", "not json <b>", {"not json &lt;b&gt;", NULL}, "<b>"},
    {"nothing", NULL, {NONE, NULL}, NULL},
    {"a very long value is kept whole",
     "{\"note\":\""
     "0123456789012345678901234567890123456789012345678901234567890123456789"
     "0123456789012345678901234567890123456789012345678901234567890123456789end\"}",
     {"89end</dd>", NULL},
     NULL},
};

static void test_detail(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct arena a;
        struct buf b;
        arena_init(&a, 0);
        buf_init(&b, 1 << 16);
        struct html h = {&b};
        auditview_detail(&h, &a, cases[i].json);
        const char *at = b.buf ? b.buf : "";
        for (size_t k = 0; k < 4 && cases[i].want[k]; k++) {
            const char *hit = strstr(at, cases[i].want[k]);
            if (!hit)
                fail_msg("%s: no '%s' (after what came before) in\n%s", cases[i].name,
                         cases[i].want[k], b.buf);
            at = hit + strlen(cases[i].want[k]);
        }
        if (cases[i].lacks && strstr(b.buf, cases[i].lacks))
            fail_msg("%s: '%s' should not be in\n%s", cases[i].name, cases[i].lacks, b.buf);
        buf_release(&b);
        arena_release(&a);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detail),
    };
    return cmocka_run_group_tests_name("auditview", tests, NULL, NULL);
}
