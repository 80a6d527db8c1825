#include "common.h"
#include "ods.h"

static bool is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}
static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_digit(s[i]))
            return false;
    return true;
}

/* The five-character codes of the 2026 merged ICBs and sub-ICB locations. */
static bool ods_is_five(const char *s, size_t len)
{
    return len == 5 && is_upper(s[0]) && is_digit(s[1]) && is_upper(s[2]) && is_digit(s[3]) &&
           is_upper(s[4]);
}

bool ods_is_practice(const char *s, size_t len)
{
    return len == 6 && is_upper(s[0]) && all_digits(s + 1, 5);
}

bool ods_is_pcn(const char *s, size_t len)
{
    return len == 6 && s[0] == 'U' && all_digits(s + 1, 5);
}

bool ods_is_icb(const char *s, size_t len)
{
    if (len == 3)
        return s[0] == 'Q' && (is_upper(s[1]) || is_digit(s[1])) &&
               (is_upper(s[2]) || is_digit(s[2]));
    return ods_is_five(s, len);
}

bool ods_is_sub_icb(const char *s, size_t len)
{
    if (len == 3) {
        for (size_t i = 0; i < 3; i++)
            if (!is_upper(s[i]) && !is_digit(s[i]))
                return false;
        return true;
    }
    return ods_is_five(s, len);
}

bool ods_is_region(const char *s, size_t len)
{
    return len == 3 && s[0] == 'Y' && all_digits(s + 1, 2);
}

bool ods_is_valid(enum org_kind kind, const char *s, size_t len)
{
    switch (kind) {
    case ORG_PRACTICE:
        return ods_is_practice(s, len);
    case ORG_PCN:
        return ods_is_pcn(s, len);
    case ORG_ICB:
        return ods_is_icb(s, len);
    case ORG_SUB_ICB:
        return ods_is_sub_icb(s, len);
    case ORG_REGION:
        return ods_is_region(s, len);
    case ORG_NONE:
        break;
    }
    return false;
}

static const struct {
    const char *name, *label, *a, *hint;
} kinds[] = {
    [ORG_NONE] = {"none", "organisation", "an organisation", "an ODS code"},
    [ORG_REGION] = {"region", "region", "a region", "Y and 2 digits, like Y56"},
    [ORG_ICB] = {"icb", "ICB", "an ICB",
                 "Q and 2 letters or digits like QMJ, or 5 characters like Z9B2Z"},
    [ORG_SUB_ICB] = {"sub_icb", "sub-ICB location", "a sub-ICB location",
                     "3 letters or digits like 93C, or 5 characters like X2C4Y"},
    [ORG_PCN] = {"pcn", "PCN", "a PCN", "U and 5 digits, like U12345"},
    [ORG_PRACTICE] = {"practice", "practice", "a practice", "a letter and 5 digits, like K82070"},
};

const char *org_kind_a(enum org_kind kind)
{
    return kinds[kind].a;
}

const char *org_kind_name(enum org_kind kind)
{
    return kinds[kind].name;
}
const char *org_kind_label(enum org_kind kind)
{
    return kinds[kind].label;
}
const char *ods_format_hint(enum org_kind kind)
{
    return kinds[kind].hint;
}

enum org_kind org_kind_parse(const char *s)
{
    for (size_t i = 1; i < ARRAY_SIZE(kinds); i++)
        if (strcmp(s, kinds[i].name) == 0)
            return (enum org_kind)i;
    return ORG_NONE;
}

/* ---- partner organisations (nbhd.h) ------------------------------------- */

static bool is_alnum(char c)
{
    return is_upper(c) || is_digit(c);
}

bool ods_is_org_code(const char *s, size_t len)
{
    if (len < 3 || len > 6)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!is_alnum(s[i]))
            return false;
    return true;
}

bool ods_is_trust(const char *s, size_t len)
{
    return len == 3 && (s[0] == 'R' || s[0] == 'T') && is_alnum(s[1]) && is_alnum(s[2]);
}

bool ods_is_pharmacy(const char *s, size_t len)
{
    return len == 5 && s[0] == 'F' && is_alnum(s[1]) && is_alnum(s[2]) && is_alnum(s[3]) &&
           is_alnum(s[4]);
}
