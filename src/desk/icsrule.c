/* libical first: banned.h (through common.h) must come after every system
 * and library header. */
#include <libical/ical.h>

#include "common.h"
#include "icsrule.h"
#include "icsline.h"

const char *icsrule_freq_name(icalrecurrencetype_frequency f)
{
    switch (f) {
    case ICAL_SECONDLY_RECURRENCE:
        return "SECONDLY";
    case ICAL_MINUTELY_RECURRENCE:
        return "MINUTELY";
    default:
        return "";
    }
}

bool icsrule_ok(const char *s)
{
    static const char *const names[] = {
        "FREQ",  "UNTIL",      "COUNT",     "INTERVAL", "BYSECOND", "BYMINUTE", "BYHOUR",
        "BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH",  "BYSETPOS", "WKST"};
    static const char *const freqs[] = {"SECONDLY", "MINUTELY", "HOURLY", "DAILY",
                                        "WEEKLY",   "MONTHLY",  "YEARLY"};
    int nfreq = 0;
    while (*s) {
        const char *eq = strchr(s, '='), *end = strchr(s, ';');
        if (!end)
            end = s + strlen(s);
        if (!eq || eq > end || eq == s || eq + 1 == end)
            return false;
        size_t n = (size_t)(eq - s), vn = (size_t)(end - eq - 1);
        const char *v = eq + 1;
        bool known = false;
        for (size_t i = 0; i < ARRAY_SIZE(names) && !known; i++)
            known = strlen(names[i]) == n && memcmp(names[i], s, n) == 0;
        if (!known)
            return false;
        if (n == 4 && memcmp(s, "FREQ", 4) == 0) {
            bool f = false;
            for (size_t i = 0; i < ARRAY_SIZE(freqs) && !f; i++)
                f = strlen(freqs[i]) == vn && memcmp(freqs[i], v, vn) == 0;
            if (!f || ++nfreq > 1)
                return false;
        }
        if ((n == 5 && memcmp(s, "COUNT", 5) == 0) || (n == 8 && memcmp(s, "INTERVAL", 8) == 0)) {
            if (vn > 6 || !icsline_digits(v, vn))
                return false;
        }
        for (size_t i = 0; i < vn; i++)
            if (!((v[i] >= 'A' && v[i] <= 'Z') || (v[i] >= '0' && v[i] <= '9') || v[i] == ',' ||
                  v[i] == '-' || v[i] == '+' || v[i] == ' '))
                return false;
        s = *end ? end + 1 : end;
    }
    return nfreq == 1;
}

const char *icsrule_impossible(const struct icalrecurrencetype *rule)
{
    bool monthly = rule->freq == ICAL_MONTHLY_RECURRENCE;
    if (!monthly && rule->freq != ICAL_YEARLY_RECURRENCE)
        return NULL;
    bool has_month = rule->by_month[0] != ICAL_RECURRENCE_ARRAY_MAX;
    bool has_mday = rule->by_month_day[0] != ICAL_RECURRENCE_ARRAY_MAX;
    bool has_day = rule->by_day[0] != ICAL_RECURRENCE_ARRAY_MAX;
    bool in_month = monthly || has_month; /* BYDAY ordinals count within a month */
    if (!in_month)
        return NULL;
    for (int i = 0; i < ICAL_BY_DAY_SIZE && rule->by_day[i] != ICAL_RECURRENCE_ARRAY_MAX; i++) {
        int pos = icalrecurrencetype_day_position(rule->by_day[i]);
        if (pos > 5 || pos < -5)
            return "a month has at most five of each day of the week";
    }
    /* the month lengths the rule can meet */
    bool len_ok[32] = {false};
    if (!has_month) {
        len_ok[28] = len_ok[29] = len_ok[30] = len_ok[31] = true;
    } else {
        for (int i = 0; i < ICAL_BY_MONTH_SIZE && rule->by_month[i] != ICAL_RECURRENCE_ARRAY_MAX;
             i++) {
            int mo = icalrecurrencetype_month_month(rule->by_month[i]);
            if (mo == 2)
                len_ok[28] = len_ok[29] = true;
            else if (mo >= 1 && mo <= 12)
                len_ok[mo == 4 || mo == 6 || mo == 9 || mo == 11 ? 30 : 31] = true;
        }
    }
    bool any_day = false;
    int most = 0; /* the most days a month's set can hold */
    for (int len = 28; len <= 31; len++) {
        if (!len_ok[len])
            continue;
        int n = 0, weekdays = 0, ordinals = 0;
        for (int i = 0; i < ICAL_BY_DAY_SIZE && rule->by_day[i] != ICAL_RECURRENCE_ARRAY_MAX; i++) {
            if (icalrecurrencetype_day_position(rule->by_day[i]) == 0)
                weekdays++;
            else
                ordinals++;
        }
        for (int d = 1; d <= len; d++) {
            bool in = !has_mday;
            for (int i = 0; has_mday && i < ICAL_BY_MONTHDAY_SIZE &&
                            rule->by_month_day[i] != ICAL_RECURRENCE_ARRAY_MAX;
                 i++) {
                int md = rule->by_month_day[i];
                if (md == d || (md < 0 && len + md + 1 == d))
                    in = true;
            }
            if (in && has_day) {
                in = weekdays > 0;
                for (int i = 0;
                     !in && i < ICAL_BY_DAY_SIZE && rule->by_day[i] != ICAL_RECURRENCE_ARRAY_MAX;
                     i++) {
                    int pos = icalrecurrencetype_day_position(rule->by_day[i]);
                    int lo = pos > 0 ? 7 * pos - 6 : len + 7 * pos + 1;
                    if (pos != 0 && d >= lo && d <= lo + 6)
                        in = true;
                }
            }
            n += in;
        }
        if (!has_mday && !has_day)
            n = 1; /* the day of DTSTART */
        else if (has_day && n > 5 * weekdays + ordinals)
            n = 5 * weekdays + ordinals;
        any_day |= n > 0;
        if (n > most)
            most = n;
    }
    if (!any_day)
        return "no day of any month fits all of it";
    if (monthly && rule->by_set_pos[0] != ICAL_RECURRENCE_ARRAY_MAX) {
        bool reachable = false;
        for (int i = 0; i < ICAL_BY_SETPOS_SIZE && rule->by_set_pos[i] != ICAL_RECURRENCE_ARRAY_MAX;
             i++)
            if (abs(rule->by_set_pos[i]) <= most)
                reachable = true;
        if (!reachable)
            return "BYSETPOS asks for more days than a month of the rule has";
    }
    return NULL;
}
