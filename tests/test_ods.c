/* test_ods.c: ODS code validation (ods.h). */
#include "testutil.h"

#include "ods.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* One row per code: which kinds accept it, as flags in the order
 * practice, PCN, ICB, sub-ICB, region. */
enum { P = 1, C = 2, I = 4, S = 8, R = 16 };

static void test_codes(void **state)
{
    (void)state;
    static const struct {
        const char *code;
        int kinds;
    } rows[] =
        {
            {"K82070", P},                    /* a practice                                   */
            {"A81001", P},     {"Y02494", P}, /* practice codes may start with Y              */
            {"U12345", P | C},                /* a PCN; the practice shape (letter + 5 digits)
                                 also fits, ODS codes are unique across kinds */
            {"U00000", P | C}, {"U", 0},      /* the "Unallocated" placeholder is not a PCN   */
            {"U1234", 0},      {"U123456", 0},
            {"u12345", 0}, /* codes are upper case                         */
            {"k82070", 0},     {"K8207", 0},
            {"K820700", 0},    {"K8207O", 0}, /* letter O, not zero                           */
            {"1K8207", 0},     {"K 8207", 0},
            {"QMJ", I | S}, /* an ICB; 3 characters also fit a sub-ICB      */
            {"Q1A", I | S},    {"QE1", I | S},
            {"Z9B2Z", I | S}, /* the 2026 five-character form                 */
            {"X2C4Y", I | S},  {"Q2C4Y", I | S},
            {"93C", S}, /* sub-ICB locations                            */
            {"16C", S},        {"00L", S},
            {"AMJ", S},     /* 3 characters not starting with Q: not an ICB */
            {"Y56", S | R}, /* a region; also the 3-character sub-ICB shape */
            {"Y60", S | R},    {"YAB", S},
            {"Y5", 0},         {"Y567", 0},
            {"qmj", 0},        {"QM", 0},
            {"QMJX", 0},       {"Z9B2", 0},
            {"Z9B2Z9", 0},     {"Z9BZZ", 0}, /* letter, digit, letter, digit, letter only    */
            {"99B2Z", 0},      {"Z9B29", 0},
            {"z9b2z", 0},      {"Q-J", 0},
            {"9 C", 0},        {"", 0},
        };
    for (size_t i = 0; i < N(rows); i++) {
        const char *s = rows[i].code;
        size_t len = strlen(s);
        const struct {
            int flag;
            enum org_kind kind;
            bool (*fn)(const char *, size_t);
        } checks[] = {
            {P, ORG_PRACTICE, ods_is_practice}, {C, ORG_PCN, ods_is_pcn},
            {I, ORG_ICB, ods_is_icb},           {S, ORG_SUB_ICB, ods_is_sub_icb},
            {R, ORG_REGION, ods_is_region},
        };
        for (size_t k = 0; k < N(checks); k++) {
            bool want = (rows[i].kinds & checks[k].flag) != 0;
            CHECK(checks[k].fn(s, len) == want, "\"%s\" as a %s: got %s, want %s", s,
                  org_kind_name(checks[k].kind), want ? "invalid" : "valid",
                  want ? "valid" : "invalid");
            CHECK(ods_is_valid(checks[k].kind, s, len) == want,
                  "ods_is_valid(%s, \"%s\") should be %s", org_kind_name(checks[k].kind), s,
                  want ? "true" : "false");
        }
        CHECK(!ods_is_valid(ORG_NONE, s, len), "ods_is_valid(ORG_NONE, \"%s\")", s);
    }
}

/* The length is honoured: a code embedded in a longer line validates by
 * len, and a NUL inside len is not a digit. */
static void test_len_honoured(void **state)
{
    (void)state;
    assert_true(ods_is_practice("K82070,U12345", 6));
    assert_true(ods_is_pcn("U12345,K82070", 6));
    assert_false(ods_is_practice("K82070", 5));
    assert_true(ods_is_icb("QMJX", 3));
    assert_true(ods_is_region("Y56,", 3));
    assert_false(ods_is_practice("K8207\0", 6));
    assert_false(ods_is_sub_icb("9\0C", 3));
}

static void test_kind_names(void **state)
{
    (void)state;
    static const struct {
        enum org_kind kind;
        const char *name, *label;
    } rows[] = {
        {ORG_PRACTICE, "practice", "practice"},
        {ORG_PCN, "pcn", "PCN"},
        {ORG_SUB_ICB, "sub_icb", "sub-ICB location"},
        {ORG_ICB, "icb", "ICB"},
        {ORG_REGION, "region", "region"},
    };
    for (size_t i = 0; i < N(rows); i++) {
        assert_string_equal(org_kind_name(rows[i].kind), rows[i].name);
        assert_string_equal(org_kind_label(rows[i].kind), rows[i].label);
        assert_int_equal(org_kind_parse(rows[i].name), rows[i].kind);
        assert_true(strlen(ods_format_hint(rows[i].kind)) > 0);
    }
    static const char *const unknown[] = {"", "PCN", "Practice", "sub-icb", "ccg", "none", "pcn "};
    for (size_t i = 0; i < N(unknown); i++)
        CHECK(org_kind_parse(unknown[i]) == ORG_NONE, "org_kind_parse(\"%s\") should be ORG_NONE",
              unknown[i]);
}

/* Each hint's example is itself valid for its kind. */
static void test_hints_examples_valid(void **state)
{
    (void)state;
    static const struct {
        enum org_kind kind;
        const char *example;
    } rows[] = {
        {ORG_PRACTICE, "K82070"}, {ORG_PCN, "U12345"},    {ORG_ICB, "QMJ"},    {ORG_ICB, "Z9B2Z"},
        {ORG_SUB_ICB, "93C"},     {ORG_SUB_ICB, "X2C4Y"}, {ORG_REGION, "Y56"},
    };
    for (size_t i = 0; i < N(rows); i++) {
        assert_contains(ods_format_hint(rows[i].kind), rows[i].example);
        assert_true(ods_is_valid(rows[i].kind, rows[i].example, strlen(rows[i].example)));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codes),
        cmocka_unit_test(test_len_honoured),
        cmocka_unit_test(test_kind_names),
        cmocka_unit_test(test_hints_examples_valid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
