#include "common.h"
#include "date.h"
#include "buf.h"

#define YEAR_MIN 1800
#define YEAR_MAX 2999

static const char *const month_names[12] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December",
};

static const char *const day_names[7] = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
};

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

bool date_valid_ymd(int y, int m, int d)
{
    return y >= YEAR_MIN && y <= YEAR_MAX && m >= 1 && m <= 12 && d >= 1 &&
           d <= date_days_in_month(y, m);
}

/* Days from 1970-01-01, counting in 400-year eras that start on 1 March so
 * that the leap day falls at the end of each year of the era. */
date_t date_from_ymd(int y, int m, int d)
{
    if (!date_valid_ymd(y, m, d))
        BUG("invalid date %d-%d-%d", y, m, d);
    int yy = m <= 2 ? y - 1 : y;
    int era = (yy >= 0 ? yy : yy - 399) / 400;
    int yoe = yy - era * 400;                                  /* [0, 399]   */
    int doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* [0, 146096] */
    return (date_t)(era * 146097 + doe - 719468);
}

void date_to_ymd(date_t t, int *y, int *m, int *d)
{
    int z = t + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

int date_weekday(date_t t)
{
    /* 1970-01-01 was a Thursday (3). */
    int w = (t % 7 + 7 + 3) % 7;
    return w;
}

static int digits(const char *s, size_t n, int *out)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

static int make(int y, int m, int d, date_t *out)
{
    if (!date_valid_ymd(y, m, d))
        return PCN_EINVAL;
    *out = date_from_ymd(y, m, d);
    return 0;
}

int date_parse_iso(const char *s, size_t len, date_t *out)
{
    int y, m, d;
    if (len != 10 || s[4] != '-' || s[7] != '-' || digits(s, 4, &y) || digits(s + 5, 2, &m) ||
        digits(s + 8, 2, &d))
        return PCN_EINVAL;
    return make(y, m, d, out);
}

static int month_abbrev(const char *s)
{
    static const char abbr[] = "janfebmaraprmayjunjulaugsepoctnovdec";
    char low[3];
    for (int i = 0; i < 3; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        low[i] = c;
    }
    for (int i = 0; i < 12; i++)
        if (memcmp(abbr + 3 * i, low, 3) == 0)
            return i + 1;
    return 0;
}

int date_parse_nhs(const char *s, size_t len, date_t *out)
{
    int y, m, d;

    switch (len) {
    case 10:
        if (s[4] == '-') /* 2026-07-01 */
            return date_parse_iso(s, len, out);
        if (s[2] != '/' || s[5] != '/') /* 31/03/2024 */
            return PCN_EINVAL;
        if (digits(s, 2, &d) || digits(s + 3, 2, &m) || digits(s + 6, 4, &y))
            return PCN_EINVAL;
        return make(y, m, d, out);
    case 9:
        if (s[2] == '-') { /* 01-Apr-26 */
            if (s[6] != '-' || digits(s, 2, &d) || digits(s + 7, 2, &y) ||
                !(m = month_abbrev(s + 3)))
                return PCN_EINVAL;
            y += y < 70 ? 2000 : 1900;
            return make(y, m, d, out);
        }
        /* 01Jul2026, 01JAN2021 */
        if (digits(s, 2, &d) || digits(s + 5, 4, &y) || !(m = month_abbrev(s + 2)))
            return PCN_EINVAL;
        return make(y, m, d, out);
    case 8: /* 20260701 (ODS files) */
        if (digits(s, 4, &y) || digits(s + 4, 2, &m) || digits(s + 6, 2, &d))
            return PCN_EINVAL;
        return make(y, m, d, out);
    }
    return PCN_EINVAL;
}

void date_format_iso(date_t t, char out[static 11])
{
    int y, m, d;
    date_to_ymd(t, &y, &m, &d);
    if (y < 0 || y > 9999) {
        snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
        return;
    }
    /* Digit by digit: every date bound to a statement comes through here,
     * and snprintf costs some 1,800 instructions a call. */
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    out[10] = '\0';
}

const char *date_month_name(int m)
{
    return m >= 1 && m <= 12 ? month_names[m - 1] : "?";
}

int date_add_uk(struct buf *b, date_t t)
{
    int y, m, d;
    date_to_ymd(t, &y, &m, &d);
    return buf_printf(b, "%d %s %d", d, month_names[m - 1], y);
}

int date_add_uk_weekday(struct buf *b, date_t t)
{
    buf_adds(b, day_names[date_weekday(t)]);
    buf_addc(b, ' ');
    return date_add_uk(b, t);
}

date_t date_month_start(date_t t)
{
    int y, m, d;
    date_to_ymd(t, &y, &m, &d);
    return date_from_ymd(y, m, 1);
}

date_t date_add_months(date_t t, int n)
{
    int y, m, d;
    date_to_ymd(t, &y, &m, &d);
    int idx = y * 12 + (m - 1) + n;
    y = idx / 12;
    m = idx % 12 + 1;
    int dim = date_days_in_month(y, m);
    return date_from_ymd(y, m, d > dim ? dim : d);
}

fy_t fy_of(date_t t)
{
    int y, m, d;
    date_to_ymd(t, &y, &m, &d);
    return m >= 4 ? y : y - 1;
}

date_t fy_start(fy_t fy)
{
    return date_from_ymd(fy, 4, 1);
}

date_t fy_end(fy_t fy)
{
    return date_from_ymd(fy + 1, 3, 31);
}

date_t fy_base_date(fy_t fy)
{
    return date_from_ymd(fy, 1, 1);
}

bool fy_is_base_date(date_t d)
{
    return d != DATE_NONE && d == fy_base_date(fy_of(d) + 1);
}

int fy_parse(const char *s, fy_t *out)
{
    int y, yy;
    if (strlen(s) != 7 || (s[4] != '/' && s[4] != '-') || digits(s, 4, &y) || digits(s + 5, 2, &yy))
        return PCN_EINVAL;
    if (y < YEAR_MIN || y >= YEAR_MAX || (y + 1) % 100 != yy)
        return PCN_EINVAL;
    *out = y;
    return 0;
}

void fy_format(fy_t fy, char out[static 8])
{
    unsigned y = (unsigned)fy % 10000u, next = ((unsigned)fy + 1u) % 100u;
    snprintf(out, 8, "%04u/%02u", y, next);
}

void fy_format_dir(fy_t fy, char out[static 8])
{
    fy_format(fy, out);
    out[4] = '-';
}
