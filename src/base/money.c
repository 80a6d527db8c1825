#include "common.h"
#include "money.h"
#include "buf.h"

static const char *const policy_names[] = {
    [ROUND_HALF_UP] = "half-up",
    [ROUND_DOWN] = "down",
    [ROUND_HALF_EVEN] = "half-even",
    [ROUND_UP] = "up",
};

int round_policy_parse(const char *s, enum round_policy *out)
{
    for (size_t i = 0; i < ARRAY_SIZE(policy_names); i++) {
        if (strcmp(s, policy_names[i]) == 0) {
            *out = (enum round_policy)i;
            return 0;
        }
    }
    return PCN_EINVAL;
}

const char *round_policy_name(enum round_policy p)
{
    return (size_t)p < ARRAY_SIZE(policy_names) ? policy_names[p] : "?";
}

int money_mul(int64_t a, int64_t b, int64_t *out)
{
    return __builtin_mul_overflow(a, b, out) ? PCN_ELIMIT : 0;
}

int money_add(int64_t a, int64_t b, int64_t *out)
{
    return __builtin_add_overflow(a, b, out) ? PCN_ELIMIT : 0;
}

/* 128-bit magnitudes for money_ratio_round and rounds_up (a GCC and Clang
 * extension). */
__extension__ typedef unsigned __int128 u128_t;
#define U127_MAX ((((u128_t)1) << 127) - 1)

/* Whether the quotient q of a division by d leaving remainder r (both
 * magnitudes) goes up by one under policy p; money_div_round and
 * money_ratio_round share it (their 64-bit values fit in 128 bits). */
static bool rounds_up(enum round_policy p, u128_t q, u128_t r, u128_t d)
{
    if (r == 0)
        return false;
    switch (p) {
    case ROUND_DOWN:
        return false;
    case ROUND_UP:
        return true;
    case ROUND_HALF_UP:
        return r >= d - r;
    case ROUND_HALF_EVEN:
        return r > d - r || (r == d - r && (q & 1));
    }
    return false;
}

int64_t money_div_round(int64_t num, int64_t den, enum round_policy p)
{
    if (den <= 0)
        BUG("money_div_round: denominator %" PRId64, den);
    bool neg = num < 0;
    /* Work on the magnitude in unsigned arithmetic (INT64_MIN is safe). */
    uint64_t n = neg ? (uint64_t)0 - (uint64_t)num : (uint64_t)num;
    uint64_t d = (uint64_t)den;
    uint64_t q = n / d, r = n % d;
    q += rounds_up(p, q, r, d);
    /* q may be 2^63 (INT64_MIN / 1), which has no positive int64_t. */
    return neg ? (q ? -(int64_t)(q - 1) - 1 : 0) : (int64_t)q;
}

int money_ratio_round(const int64_t *num, size_t nnum, const int64_t *den, size_t nden,
                      enum round_policy p, int64_t *out)
{
    u128_t n = 1, d = 1;
    bool neg = false;
    for (size_t i = 0; i < nnum; i++) {
        int64_t v = num[i];
        u128_t m = v < 0 ? (u128_t)((uint64_t)0 - (uint64_t)v) : (u128_t)(uint64_t)v;
        neg ^= v < 0;
        if (m && n > U127_MAX / m)
            return PCN_ELIMIT;
        n *= m;
    }
    for (size_t i = 0; i < nden; i++) {
        if (den[i] <= 0)
            BUG("money_ratio_round: denominator %" PRId64, den[i]);
        u128_t m = (u128_t)(uint64_t)den[i];
        if (d > U127_MAX / m)
            return PCN_ELIMIT;
        d *= m;
    }
    u128_t q = n / d, r = n % d;
    q += rounds_up(p, q, r, d);
    if (q > (u128_t)INT64_MAX)
        return PCN_ELIMIT;
    *out = neg && q ? -(int64_t)q : (int64_t)q;
    return 0;
}

int fixed_parse(const char *s, size_t len, int decimals, int64_t min, int64_t max, int64_t *out)
{
    size_t i = 0;
    bool neg = false, any = false;
    int64_t v = 0;
    int frac = 0;
    size_t group = 0;    /* digits since the last comma          */
    bool commas = false; /* a comma seen in the whole-number part */

    if (decimals < 0 || decimals > 9)
        BUG("fixed_parse: %d decimals", decimals);
    if (i < len && s[i] == '-') {
        neg = true;
        i++;
    }
    for (; i < len && s[i] != '.'; i++) {
        char c = s[i];
        if (c == ',') {
            if (!any || (commas && group != 3) || (!commas && group > 3))
                return PCN_EINVAL;
            commas = true;
            group = 0;
            continue;
        }
        if (c < '0' || c > '9')
            return PCN_EINVAL;
        if (money_mul(v, 10, &v) || money_add(v, c - '0', &v))
            return PCN_EINVAL;
        any = true;
        group++;
    }
    if (commas && group != 3)
        return PCN_EINVAL;
    if (i < len) { /* s[i] == '.' */
        i++;
        if (i == len)
            return PCN_EINVAL;
        for (; i < len; i++) {
            char c = s[i];
            if (c < '0' || c > '9' || ++frac > decimals)
                return PCN_EINVAL;
            if (money_mul(v, 10, &v) || money_add(v, c - '0', &v))
                return PCN_EINVAL;
        }
    }
    if (!any)
        return PCN_EINVAL;
    for (; frac < decimals; frac++)
        if (money_mul(v, 10, &v))
            return PCN_EINVAL;
    if (neg)
        v = -v;
    if (v < min || v > max)
        return PCN_EINVAL;
    *out = v;
    return 0;
}

static size_t skip_pound(const char *s, size_t len, size_t i)
{
    if (len - i >= 2 && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA3)
        return i + 2;
    return i;
}

int money_parse(const char *s, size_t len, pence_t *out)
{
    /* Accept "£12", "-£12" and "£-12"? Only the first two: strip the sign,
     * then the pound sign, then parse the rest unsigned. */
    size_t i = 0;
    bool neg = false;
    int64_t v;

    if (len && s[0] == '-') {
        neg = true;
        i = 1;
    }
    i = skip_pound(s, len, i);
    if (i < len && s[i] == '-')
        return PCN_EINVAL;
    if (fixed_parse(s + i, len - i, 2, 0, INT64_MAX / 2, &v))
        return PCN_EINVAL;
    *out = neg ? -v : v;
    return 0;
}

int rate_parse(const char *s, size_t len, int64_t *millipence)
{
    size_t i = skip_pound(s, len, 0);
    return fixed_parse(s + i, len - i, 5, 0, INT64_MAX / 2, millipence);
}

static uint64_t magnitude(int64_t v)
{
    return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

/* fixed_add without the sign: u is the magnitude. */
static int add_fixed_u(struct buf *b, uint64_t u, int decimals, int min_decimals, bool grouped)
{
    uint64_t scale = 1;
    for (int i = 0; i < decimals; i++)
        scale *= 10;
    uint64_t whole = u / scale, frac = u % scale;
    char fd[16] = {0};
    int nd = decimals;

    for (int i = decimals - 1; i >= 0; i--) {
        fd[i] = (char)('0' + frac % 10);
        frac /= 10;
    }
    while (nd > min_decimals && fd[nd - 1] == '0')
        nd--;
    if (whole > (uint64_t)INT64_MAX)
        buf_printf(b, "%" PRIu64, whole);
    else
        buf_add_i64(b, (int64_t)whole, grouped);
    if (nd > 0) {
        buf_addc(b, '.');
        buf_add(b, fd, (size_t)nd);
    }
    return buf_ok(b) ? 0 : PCN_ELIMIT;
}

int fixed_add(struct buf *b, int64_t v, int decimals, int min_decimals, bool grouped)
{
    if (v < 0)
        buf_addc(b, '-');
    return add_fixed_u(b, magnitude(v), decimals, min_decimals, grouped);
}

int money_add_plain(struct buf *b, pence_t v)
{
    return fixed_add(b, v, 2, 2, false);
}

static int money_display(struct buf *b, pence_t v, bool always_pence)
{
    if (v < 0)
        buf_addc(b, '-');
    BUF_LIT(b, "\xC2\xA3");
    uint64_t u = magnitude(v);
    bool pence = always_pence || u % 100 != 0;
    return add_fixed_u(b, u, 2, pence ? 2 : 0, true);
}

int money_add_display(struct buf *b, pence_t v)
{
    return money_display(b, v, false);
}

int money_add_display2(struct buf *b, pence_t v)
{
    return money_display(b, v, true);
}

int rate_add_display(struct buf *b, int64_t millipence)
{
    if (millipence < 0)
        buf_addc(b, '-');
    BUF_LIT(b, "\xC2\xA3");
    return add_fixed_u(b, magnitude(millipence), 5, 0, true);
}
