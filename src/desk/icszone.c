/* libical first: banned.h (through common.h) must come after every system
 * and library header. */
#include <libical/ical.h>

#include "common.h"
#include "icszone.h"
#include "icsline.h"
#include "icsrule.h"

/* The names Windows (and so Outlook and Exchange) gives the time zones a
 * calendar is likely to meet, as the IANA names of the tz database (from
 * the Unicode CLDR's windowsZones table, "001" territory).  Used only when
 * the file carries no VTIMEZONE of that name. */
static const struct {
    const char *windows, *iana;
} windows_zones[] = {
    {"GMT Standard Time", "Europe/London"},
    {"Greenwich Standard Time", "Atlantic/Reykjavik"},
    {"W. Europe Standard Time", "Europe/Berlin"},
    {"Central Europe Standard Time", "Europe/Budapest"},
    {"Central European Standard Time", "Europe/Warsaw"},
    {"Romance Standard Time", "Europe/Paris"},
    {"E. Europe Standard Time", "Europe/Chisinau"},
    {"FLE Standard Time", "Europe/Kiev"},
    {"GTB Standard Time", "Europe/Bucharest"},
    {"Turkey Standard Time", "Europe/Istanbul"},
    {"Russian Standard Time", "Europe/Moscow"},
    {"Israel Standard Time", "Asia/Jerusalem"},
    {"South Africa Standard Time", "Africa/Johannesburg"},
    {"Egypt Standard Time", "Africa/Cairo"},
    {"Arabian Standard Time", "Asia/Dubai"},
    {"India Standard Time", "Asia/Calcutta"},
    {"Pakistan Standard Time", "Asia/Karachi"},
    {"Bangladesh Standard Time", "Asia/Dhaka"},
    {"Singapore Standard Time", "Asia/Singapore"},
    {"China Standard Time", "Asia/Shanghai"},
    {"Tokyo Standard Time", "Asia/Tokyo"},
    {"Korea Standard Time", "Asia/Seoul"},
    {"W. Australia Standard Time", "Australia/Perth"},
    {"AUS Eastern Standard Time", "Australia/Sydney"},
    {"New Zealand Standard Time", "Pacific/Auckland"},
    {"Eastern Standard Time", "America/New_York"},
    {"Central Standard Time", "America/Chicago"},
    {"Mountain Standard Time", "America/Denver"},
    {"Pacific Standard Time", "America/Los_Angeles"},
    {"Atlantic Standard Time", "America/Halifax"},
    {"Alaskan Standard Time", "America/Anchorage"},
    {"Hawaiian Standard Time", "Pacific/Honolulu"},
    {"E. South America Standard Time", "America/Sao_Paulo"},
    {"UTC", "Etc/UTC"},
};

icaltimezone *icszone_builtin(const char *name)
{
    if (icsline_is_utc(name))
        return icaltimezone_get_utc_timezone();
    /* The tz database has no spaces; a name with one is not worth a look. */
    if (strchr(name, ' '))
        return NULL;
    icaltimezone *z = icaltimezone_get_builtin_timezone(name);
    if (!z)
        z = icaltimezone_get_builtin_timezone_from_tzid(name);
    icalerror_clear_errno();
    return z;
}

/* Whether every RRULE of a VTIMEZONE's STANDARD and DAYLIGHT parts is
 * YEARLY and can happen: libical expands a zone's rules to its last year
 * itself, and an HOURLY or impossible one (found by fuzz_ics) kept it
 * searching for seconds, out of reach of LIMIT_ICS_STEPS. */
static bool zone_rules_ok(icalcomponent *vtz)
{
    for (icalcomponent *part = icalcomponent_get_first_component(vtz, ICAL_ANY_COMPONENT); part;
         part = icalcomponent_get_next_component(vtz, ICAL_ANY_COMPONENT)) {
        for (icalproperty *p = icalcomponent_get_first_property(part, ICAL_RRULE_PROPERTY); p;
             p = icalcomponent_get_next_property(part, ICAL_RRULE_PROPERTY)) {
            struct icalrecurrencetype rule = icalproperty_get_rrule(p);
            if (rule.freq != ICAL_YEARLY_RECURRENCE || icsrule_impossible(&rule))
                return false;
        }
    }
    return true;
}

/* The VTIMEZONE block of the file called tzid, built on first use.  NULL
 * with *found false when the file has none; an error when it cannot be read. */
int icszone_file(struct icsline_reader *r, struct icszone_set *zs, const char *tzid,
                 icaltimezone **z)
{
    *z = NULL;
    for (size_t i = 0; i < zs->ntz; i++) {
        struct icszone_vtz *t = &zs->tz[i];
        if (!t->tzid || strcmp(t->tzid, tzid) != 0)
            continue;
        if (!t->tried) {
            t->tried = true;
            icalcomponent *comp = icalparser_parse_string(t->text);
            if (comp && icalcomponent_isa(comp) == ICAL_VTIMEZONE_COMPONENT &&
                !zone_rules_ok(comp)) {
                icalcomponent_free(comp);
                icalerror_clear_errno();
                return icsline_err(r, t->line,
                                   "VTIMEZONE '%.60s': a time zone's changes repeat once a year "
                                   "(RRULE:FREQ=YEARLY), on a day that happens",
                                   tzid);
            }
            if (comp && icalcomponent_isa(comp) == ICAL_VTIMEZONE_COMPONENT) {
                icaltimezone *nz = icaltimezone_new();
                if (nz && icaltimezone_set_component(nz, comp)) {
                    t->zone = nz;
                    comp = NULL;
                } else if (nz) {
                    icaltimezone_free(nz, 1);
                }
            }
            if (comp)
                icalcomponent_free(comp);
            icalerror_clear_errno();
            /* A zone of no STANDARD or DAYLIGHT part cannot turn a time into UTC. */
            if (t->zone) {
                icalcomponent *zc = icaltimezone_get_component(t->zone);
                if (!icalcomponent_get_first_component(zc, ICAL_XSTANDARD_COMPONENT) &&
                    !icalcomponent_get_first_component(zc, ICAL_XDAYLIGHT_COMPONENT)) {
                    icaltimezone_free(t->zone, 1);
                    t->zone = NULL;
                }
            }
        }
        if (!t->zone)
            return icsline_err(r, t->line,
                               "VTIMEZONE '%.60s' cannot be read as a time zone: each STANDARD and "
                               "DAYLIGHT part needs DTSTART, TZOFFSETFROM and TZOFFSETTO",
                               tzid);
        *z = t->zone;
        return 0;
    }
    return 0;
}

/* The zone a TZID names: the file's own VTIMEZONE, else the tz database's
 * zone of that name, else the tz database's zone of a Windows name. */
int icszone_for(struct icsline_reader *r, struct icszone_set *zs, const struct icsline_when *w,
                icaltimezone **z)
{
    int rc;
    for (size_t i = 0; i < zs->nzc; i++)
        if (strcmp(zs->zc[i].tzid, w->tzid) == 0) {
            *z = zs->zc[i].zone;
            return 0;
        }
    if ((rc = icszone_file(r, zs, w->tzid, z)))
        return rc;
    if (!*z)
        *z = icszone_builtin(w->tzid);
    for (size_t i = 0; !*z && i < ARRAY_SIZE(windows_zones); i++)
        if (strcmp(windows_zones[i].windows, w->tzid) == 0)
            *z = icszone_builtin(windows_zones[i].iana);
    /* A globally unique TZID ("/mozilla.org/20070129_1/America/New_York", as
     * Thunderbird wrote them) ends with the tz database's name. */
    for (const char *q = w->tzid; !*z && w->tzid[0] == '/' && (q = strchr(q, '/')); q++)
        if (q[1])
            *z = icszone_builtin(q + 1);
    if (!*z)
        return icsline_err(r, w->line,
                           "%s: time zone '%.60s' is not known: the file has no VTIMEZONE of that "
                           "name and it is not a zone such as Europe/London",
                           w->prop, w->tzid);
    if (zs->nzc < ICSZONE_MAX)
        zs->zc[zs->nzc++] = (struct icszone_cached){w->tzid, *z};
    return 0;
}

/* A time as libical's, its zone looked up; a floating time (or a date) is
 * in zone floating. */
int icszone_to_ical_in(struct icsline_reader *r, struct icszone_set *zs,
                       const struct icsline_when *w, const icaltimezone *floating,
                       struct icaltimetype *t)
{
    icaltimezone *z = (icaltimezone *)(uintptr_t)floating;
    int rc;
    if (w->kind == ICSLINE_UTC)
        z = icaltimezone_get_utc_timezone();
    else if (w->kind == ICSLINE_ZONED && (rc = icszone_for(r, zs, w, &z)))
        return rc;
    *t = icaltime_null_time();
    t->year = w->y, t->month = w->mo, t->day = w->d;
    t->is_date = w->kind == ICSLINE_DATE;
    if (!t->is_date)
        t->hour = w->hh, t->minute = w->mi, t->second = w->ss;
    t->zone = z;
    return 0;
}

int icszone_to_ical(struct icsline_reader *r, struct icszone_set *zs, const struct icsline_when *w,
                    struct icaltimetype *t)
{
    return icszone_to_ical_in(r, zs, w, zs->floating, t);
}

int64_t icszone_secs(struct icaltimetype t)
{
    return (int64_t)icaltime_as_timet_with_zone(t, t.zone);
}

void icszone_free(struct icszone_set *s)
{
    for (size_t i = 0; i < s->ntz; i++)
        if (s->tz[i].zone)
            icaltimezone_free(s->tz[i].zone, 1);
}
