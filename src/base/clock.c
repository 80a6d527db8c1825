#include <string.h>
#include <time.h>

#include "clock.h"
#include "common.h"
#include "err.h"

int clock_today(date_t *out)
{
    return clock_today_at(time(NULL), out);
}

int clock_today_at(time_t now, date_t *out)
{
    const char *env = getenv(CLOCK_ENV);
    if (env && *env)
        return date_parse_iso(env, strlen(env), out);
    struct tm tm;
    if (!localtime_r(&now, &tm))
        return PCN_EINVAL;
    *out = date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    return 0;
}
