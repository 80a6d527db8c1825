/* libical first: banned.h (through common.h) must come after every system
 * and library header. */
#include <libical/ical.h>
#include <pthread.h>

#include "common.h"
#include "ics.h"
#include "buf.h"

#define MAX_PARAMS 16

/* ---- Europe/London ------------------------------------------------------ */

static date_t last_sunday(int y, int m)
{
    date_t d = date_from_ymd(y, m, date_days_in_month(y, m));
    return d - (date_weekday(d) + 1) % 7;
}

/* Summer time in UTC minutes: [start, end). */
static void bst_range(int y, int64_t *start, int64_t *end)
{
    *start = (int64_t)last_sunday(y, 3) * 1440 + 60;
    *end = (int64_t)last_sunday(y, 10) * 1440 + 60;
}

static int year_of_minutes(int64_t minutes)
{
    int y, m, d;
    int64_t day = minutes >= 0 ? minutes / 1440 : -((-minutes + 1439) / 1440);
    date_to_ymd((date_t)day, &y, &m, &d);
    return y;
}

int64_t ics_utc_to_london(int64_t utc)
{
    int64_t s, e;
    bst_range(year_of_minutes(utc), &s, &e);
    return utc >= s && utc < e ? utc + 60 : utc;
}

int64_t ics_london_to_utc(int64_t local)
{
    int64_t s, e;
    bst_range(year_of_minutes(local), &s, &e);
    int64_t u = local - 60;
    if (u >= s && u < e)
        return u;
    return local;
}

/* ---- reading lines ------------------------------------------------------ */

struct reader {
    const char *name;
    const char *p, *end;
    long next_line;         /* number of the physical line at p */
    struct buf line;        /* the current unfolded line */
    long line_no;           /* where it started */
    const char *line_start; /* its first byte in the file */
    struct arena *a;
    struct pcn_msg *m;
};

static int err_at(struct reader *r, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int err_at(struct reader *r, long line, const char *fmt, ...)
{
    char what[LIMIT_MSG_BYTES];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return msg_set(r->m, PCN_EINVAL, "%s:%ld: %s", r->name, line, what);
}

/* One physical line at r->p: its bytes without the line end. */
static int physical(struct reader *r, const char **s, size_t *len)
{
    const char *nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
    const char *stop = nl ? nl : r->end;
    const char *e = stop;
    if (nl && e > r->p && e[-1] == '\r')
        e--;
    for (const char *q = r->p; q < e; q++) {
        if (*q == '\r')
            return err_at(r, r->next_line,
                          "a carriage return without a line feed: lines end with CRLF");
        if (*q == '\0')
            return err_at(r, r->next_line, "a NUL byte: this is not a text calendar file");
    }
    *s = r->p;
    *len = (size_t)(e - r->p);
    r->p = nl ? nl + 1 : r->end;
    r->next_line++;
    return 0;
}

/* The next unfolded line into r->line: 1, or 0 at the end, or an error. */
static int logical(struct reader *r)
{
    const char *s;
    size_t len;
    int rc;
    if (r->p >= r->end)
        return 0;
    buf_reset(&r->line);
    r->line_no = r->next_line;
    r->line_start = r->p;
    if ((rc = physical(r, &s, &len)))
        return rc;
    if (len > 0 && (s[0] == ' ' || s[0] == '\t'))
        return err_at(r, r->line_no, "a folded line with no line before it to continue");
    if (len == 0) {
        /* Blank lines are allowed only at the very end. */
        for (const char *q = r->p; q < r->end; q++)
            if (*q != '\r' && *q != '\n')
                return err_at(r, r->line_no,
                              "an empty line: every line of a calendar is NAME:VALUE");
        r->p = r->end;
        return 0;
    }
    if (buf_add(&r->line, s, len))
        goto too_long;
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t')) {
        if ((rc = physical(r, &s, &len)))
            return rc;
        if (buf_add(&r->line, s + 1, len - 1))
            goto too_long;
    }
    if (!utf8_valid(r->line.buf, r->line.len))
        return err_at(r, r->line_no, "the line is not valid UTF-8 text");
    return 1;
too_long:
    return msg_set(r->m, PCN_ELIMIT, "%s:%ld: the line is longer than %d bytes", r->name,
                   r->line_no, LIMIT_ICS_LINE_BYTES);
}

/* ---- content lines ------------------------------------------------------ */

struct param {
    const char *name;  /* upper case */
    const char *value; /* unquoted; the first of a list */
};

struct prop {
    long line;
    const char *name; /* upper case */
    struct param params[MAX_PARAMS];
    size_t nparams;
    const char *value;
};

static bool name_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

static char *upper(struct arena *a, const char *s, size_t n)
{
    char *u = arena_strndup(a, s, n);
    for (char *p = u; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    return u;
}

static bool ctl(unsigned char c)
{
    return (c < 0x20 && c != '\t') || c == 0x7f;
}

static int parse_prop(struct reader *r, struct prop *p)
{
    const char *s = r->line.buf, *e = s + r->line.len, *q = s;
    memset(p, 0, sizeof *p);
    p->line = r->line_no;
    while (q < e && name_char(*q))
        q++;
    if (q == s || (q < e && *q != ';' && *q != ':')) {
        size_t show = (size_t)(e - s) > 40 ? 40 : (size_t)(e - s);
        return err_at(r, p->line, "'%.*s' is not a calendar line (NAME:VALUE)", (int)show, s);
    }
    p->name = upper(r->a, s, (size_t)(q - s));
    while (q < e && *q == ';') {
        const char *pn = ++q;
        while (q < e && name_char(*q))
            q++;
        if (q == pn || q >= e || *q != '=')
            return err_at(r, p->line, "%s: a parameter must be NAME=VALUE", p->name);
        if (p->nparams == MAX_PARAMS)
            return err_at(r, p->line, "%s: more than %d parameters", p->name, MAX_PARAMS);
        struct param *pa = &p->params[p->nparams++];
        pa->name = upper(r->a, pn, (size_t)(q - pn));
        q++; /* '=' */
        for (bool first = true;; first = false) {
            const char *v, *ve;
            if (q < e && *q == '"') {
                v = ++q;
                while (q < e && *q != '"' && !ctl((unsigned char)*q))
                    q++;
                if (q >= e || *q != '"')
                    return err_at(r, p->line, "%s: parameter %s: a quoted value is not closed",
                                  p->name, pa->name);
                ve = q++;
            } else {
                v = q;
                while (q < e && *q != ';' && *q != ':' && *q != ',' && *q != '"' &&
                       !ctl((unsigned char)*q))
                    q++;
                ve = q;
                if (q < e && *q == '"')
                    return err_at(r, p->line, "%s: parameter %s: a quote inside a value", p->name,
                                  pa->name);
            }
            if (first)
                pa->value = arena_strndup(r->a, v, (size_t)(ve - v));
            if (q < e && *q == ',') {
                q++;
                continue;
            }
            break;
        }
    }
    if (q >= e || *q != ':')
        return err_at(r, p->line, "%s: no ':' before the value", p->name);
    q++;
    for (const char *c = q; c < e; c++)
        if (ctl((unsigned char)*c))
            return err_at(r, p->line, "%s: a control character in the value", p->name);
    p->value = arena_strndup(r->a, q, (size_t)(e - q));
    return 0;
}

static const char *param(const struct prop *p, const char *name)
{
    for (size_t i = 0; i < p->nparams; i++)
        if (strcmp(p->params[i].name, name) == 0)
            return p->params[i].value;
    return NULL;
}

/* TEXT values: \\ \; \, \n \N; a line break becomes a space. */
static int unescape(struct reader *r, const struct prop *p, const char **out)
{
    const char *s = p->value;
    size_t n = strlen(s), k = 0;
    char *o = arena_alloc(r->a, n + 1);
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '\\') {
            o[k++] = s[i];
            continue;
        }
        char c = i + 1 < n ? s[i + 1] : '\0';
        if (c == '\\' || c == ';' || c == ',')
            o[k++] = c;
        else if (c == 'n' || c == 'N')
            o[k++] = ' ';
        else
            return err_at(r, p->line, "%s: '\\%c' is not a text escape (\\\\ \\; \\, \\n)", p->name,
                          c ? c : ' ');
        i++;
    }
    o[k] = '\0';
    *out = o;
    return 0;
}

/* ---- dates, times and durations ----------------------------------------- */

enum tkind { T_DATE, T_UTC, T_ZONED, T_FLOATING };

/* A DATE or DATE-TIME as written, its zone not yet looked up. */
struct when {
    enum tkind kind;
    int y, mo, d, hh, mi, ss;
    const char *tzid; /* T_ZONED */
    long line;
    const char *prop; /* the property's name, for messages */
};

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static int num(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

static bool is_utc_name(const char *tz)
{
    return strcmp(tz, "UTC") == 0 || strcmp(tz, "Etc/UTC") == 0 || strcmp(tz, "GMT") == 0 ||
           strcmp(tz, "Etc/GMT") == 0 || strcmp(tz, "Z") == 0;
}

/* One value v (of property p) as a date or date-time; vt is its VALUE=,
 * tz its TZID=. */
static int parse_when_text(struct reader *r, const struct prop *p, const char *v, const char *vt,
                           const char *tz, struct when *w)
{
    size_t n = strlen(v);
    bool is_date = vt && strcmp(vt, "DATE") == 0;
    memset(w, 0, sizeof *w);
    w->line = p->line;
    w->prop = p->name;
    if (vt && !is_date && strcmp(vt, "DATE-TIME") != 0)
        return err_at(r, p->line, "%s: VALUE=%s is not DATE or DATE-TIME", p->name, vt);
    if (n < 8 || !digits(v, 8))
        goto bad;
    w->y = num(v, 4), w->mo = num(v + 4, 2), w->d = num(v + 6, 2);
    if (!date_valid_ymd(w->y, w->mo, w->d) || w->y < 1900)
        return err_at(r, p->line, "%s: %.8s is not a real date", p->name, v);
    if (n == 8) {
        if (!is_date)
            return err_at(r, p->line, "%s: '%s' is a date: a date needs VALUE=DATE", p->name, v);
        w->kind = T_DATE;
        return 0;
    }
    if (is_date)
        return err_at(r, p->line, "%s: VALUE=DATE but '%s' is not a date like 20261123", p->name,
                      v);
    bool z = n == 16 && v[15] == 'Z';
    if ((n != 15 && !z) || v[8] != 'T' || !digits(v + 9, 6))
        goto bad;
    w->hh = num(v + 9, 2), w->mi = num(v + 11, 2), w->ss = num(v + 13, 2);
    if (w->hh > 23 || w->mi > 59 || w->ss > 60)
        return err_at(r, p->line, "%s: %.6s is not a time of day", p->name, v + 9);
    if (w->ss == 60)
        w->ss = 59;
    if (z) {
        if (tz)
            return err_at(r, p->line, "%s: a UTC time (ending Z) cannot also have TZID", p->name);
        w->kind = T_UTC;
    } else if (tz && is_utc_name(tz)) {
        w->kind = T_UTC;
    } else if (tz) {
        if (!*tz)
            return err_at(r, p->line, "%s: TZID is empty", p->name);
        w->kind = T_ZONED;
        w->tzid = tz;
    } else {
        w->kind = T_FLOATING;
    }
    return 0;
bad:
    return err_at(r, p->line,
                  "%s: '%.40s' is not a date-time like 20261123T090000Z or a date like 20261123",
                  p->name, v);
}

static int parse_when(struct reader *r, const struct prop *p, struct when *w)
{
    return parse_when_text(r, p, p->value, param(p, "VALUE"), param(p, "TZID"), w);
}

/* RFC 5545 dur-value, not negative: P1W, P1D, P1DT2H, PT1H30M, PT90M, PT45S.
 * s is the text, p the property it came from. */
static int parse_duration_text(struct reader *r, const struct prop *p, const char *text,
                               int64_t *sec)
{
    const char *s = text;
    int64_t total = 0;
    if (*s == '+')
        s++;
    if (*s == '-')
        return err_at(r, p->line, "%s: '%s' is negative", p->name, text);
    if (*s++ != 'P')
        goto bad;
    if (*s != 'T') {
        const char *d = s;
        while (*s >= '0' && *s <= '9')
            s++;
        if (s == d || s - d > 6)
            goto bad;
        int64_t v = num(d, (size_t)(s - d));
        if (*s == 'W') {
            total = v * 7 * 86400;
            s++;
            if (*s)
                goto bad;
            *sec = total;
            return 0;
        }
        if (*s != 'D')
            goto bad;
        total = v * 86400;
        s++;
        if (!*s) {
            *sec = total;
            return 0;
        }
    }
    if (*s++ != 'T')
        goto bad;
    static const char units[] = "HMS";
    static const int64_t mult[] = {3600, 60, 1};
    int last = -1;
    bool any = false;
    while (*s) {
        const char *d = s;
        while (*s >= '0' && *s <= '9')
            s++;
        if (s == d || s - d > 6 || !*s)
            goto bad;
        const char *u = strchr(units, *s);
        if (!u)
            goto bad;
        int idx = (int)(u - units);
        /* H then M then S, each following the one before it */
        if (idx <= last || (last >= 0 && idx != last + 1))
            goto bad;
        total += num(d, (size_t)(s - d)) * mult[idx];
        last = idx;
        any = true;
        s++;
    }
    if (!any)
        goto bad;
    *sec = total;
    return 0;
bad:
    return err_at(r, p->line, "%s: '%.40s' is not a duration like PT1H30M", p->name, text);
}

/* ---- what the reader keeps ---------------------------------------------- */

struct plist {
    struct prop *v;
    size_t n, cap;
};

struct vevent {
    long line;
    struct prop dtstart, dtend, duration, recurid;
    bool has_start, has_end, has_duration, has_recurid, cancelled;
    const char *summary, *uid;
    struct plist rrule, rdate, exdate;
    /* worked out after reading */
    struct when start, end, rid;
    int64_t len; /* seconds */
};

struct vtz {
    long line;
    const char *tzid;   /* NULL until its TZID line */
    const char *text;   /* BEGIN:VTIMEZONE to END:VTIMEZONE, NUL-ended */
    const char *from;   /* where its text starts in the file */
    icaltimezone *zone; /* built when first used */
    bool tried;
};

struct zcache {
    const char *tzid;
    icaltimezone *zone;
};

#define MAX_ZONES 64

struct cal {
    struct vevent *ev;
    size_t nev, evcap;
    struct vtz tz[MAX_ZONES];
    size_t ntz;
    const char *wr_timezone; /* X-WR-TIMEZONE of the calendar, for floating times */
    struct zcache zc[MAX_ZONES];
    size_t nzc;
    icaltimezone *floating; /* the zone floating times are read in */
};

static void plist_add(struct arena *a, struct plist *l, const struct prop *p)
{
    if (l->n == l->cap)
        l->v = arena_grow(a, l->v, l->n, &l->cap, sizeof *l->v);
    l->v[l->n++] = *p;
}

/* ---- time zones ---------------------------------------------------------- */

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

/* libical's zone data and error state are shared by the whole process: one
 * calendar is expanded at a time. */
static pthread_mutex_t ical_lock = PTHREAD_MUTEX_INITIALIZER;

static icaltimezone *builtin(const char *name)
{
    if (is_utc_name(name))
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

static const char *rule_impossible(const struct icalrecurrencetype *rule);

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
            if (rule.freq != ICAL_YEARLY_RECURRENCE || rule_impossible(&rule))
                return false;
        }
    }
    return true;
}

/* The VTIMEZONE block of the file called tzid, built on first use.  NULL
 * with *found false when the file has none; an error when it cannot be read. */
static int file_zone(struct reader *r, struct cal *c, const char *tzid, icaltimezone **z)
{
    *z = NULL;
    for (size_t i = 0; i < c->ntz; i++) {
        struct vtz *t = &c->tz[i];
        if (!t->tzid || strcmp(t->tzid, tzid) != 0)
            continue;
        if (!t->tried) {
            t->tried = true;
            icalcomponent *comp = icalparser_parse_string(t->text);
            if (comp && icalcomponent_isa(comp) == ICAL_VTIMEZONE_COMPONENT &&
                !zone_rules_ok(comp)) {
                icalcomponent_free(comp);
                icalerror_clear_errno();
                return err_at(r, t->line,
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
            return err_at(r, t->line,
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
static int zone_for(struct reader *r, struct cal *c, const struct when *w, icaltimezone **z)
{
    int rc;
    for (size_t i = 0; i < c->nzc; i++)
        if (strcmp(c->zc[i].tzid, w->tzid) == 0) {
            *z = c->zc[i].zone;
            return 0;
        }
    if ((rc = file_zone(r, c, w->tzid, z)))
        return rc;
    if (!*z)
        *z = builtin(w->tzid);
    for (size_t i = 0; !*z && i < ARRAY_SIZE(windows_zones); i++)
        if (strcmp(windows_zones[i].windows, w->tzid) == 0)
            *z = builtin(windows_zones[i].iana);
    /* A globally unique TZID ("/mozilla.org/20070129_1/America/New_York", as
     * Thunderbird wrote them) ends with the tz database's name. */
    for (const char *q = w->tzid; !*z && w->tzid[0] == '/' && (q = strchr(q, '/')); q++)
        if (q[1])
            *z = builtin(q + 1);
    if (!*z)
        return err_at(r, w->line,
                      "%s: time zone '%.60s' is not known: the file has no VTIMEZONE of that "
                      "name and it is not a zone such as Europe/London",
                      w->prop, w->tzid);
    if (c->nzc < MAX_ZONES)
        c->zc[c->nzc++] = (struct zcache){w->tzid, *z};
    return 0;
}

/* A time as libical's, its zone looked up; a floating time (or a date) is
 * in zone floating. */
static int to_ical_in(struct reader *r, struct cal *c, const struct when *w,
                      const icaltimezone *floating, struct icaltimetype *t)
{
    icaltimezone *z = (icaltimezone *)(uintptr_t)floating;
    int rc;
    if (w->kind == T_UTC)
        z = icaltimezone_get_utc_timezone();
    else if (w->kind == T_ZONED && (rc = zone_for(r, c, w, &z)))
        return rc;
    *t = icaltime_null_time();
    t->year = w->y, t->month = w->mo, t->day = w->d;
    t->is_date = w->kind == T_DATE;
    if (!t->is_date)
        t->hour = w->hh, t->minute = w->mi, t->second = w->ss;
    t->zone = z;
    return 0;
}

static int to_ical(struct reader *r, struct cal *c, const struct when *w, struct icaltimetype *t)
{
    return to_ical_in(r, c, w, c->floating, t);
}

static int64_t secs_of(struct icaltimetype t)
{
    return (int64_t)icaltime_as_timet_with_zone(t, t.zone);
}

/* ---- expanding an event --------------------------------------------------- */

struct occ {
    int64_t secs; /* start, UTC seconds since 1970 */
    int64_t len;
    date_t date; /* the date in the event's own zone */
};

struct window {
    date_t from, to;            /* London dates */
    int64_t from_secs, to_secs; /* [from 00:00, to+1 00:00) London, in UTC */
};

static date_t date_of(struct icaltimetype t)
{
    return date_from_ymd(t.year, t.month, t.day);
}

static date_t local_date(int64_t secs, const icaltimezone *z)
{
    struct icaltimetype t = icaltime_from_timet_with_zone((time_t)secs, 0,
                                                          (icaltimezone *)(uintptr_t)z);
    return date_of(t);
}

struct occs {
    struct occ *v;
    size_t n, cap;
};

static void occ_add(struct arena *a, struct occs *o, int64_t secs, int64_t len, date_t d)
{
    if (o->n == o->cap)
        o->v = arena_grow(a, o->v, o->n, &o->cap, sizeof *o->v);
    o->v[o->n++] = (struct occ){secs, len, d};
}

/* Occurrences are kept from two days before the window to two after: a
 * time zone moves a start by less than a day. */
#define MARGIN (2 * 86400)

static bool near_window(const struct window *w, int64_t secs)
{
    return secs >= w->from_secs - MARGIN && secs < w->to_secs + MARGIN;
}

static const char *freq_name(icalrecurrencetype_frequency f)
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

/* RFC 5545's recur grammar, checked before libical sees it (libical's
 * parser leaks its copy of a rule it refuses): NAME=VALUE parts separated
 * by ';', known names, FREQ once, COUNT and INTERVAL whole numbers. */
static bool recur_ok(const char *s)
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
            if (vn > 6 || !digits(v, vn))
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

/* Whether a MONTHLY or YEARLY rule can ever give an occurrence.  libical
 * looks for the first one month by month (or year by year) up to the year
 * 20000, inside icalrecur_iterator_new, where LIMIT_ICS_STEPS cannot stop
 * it: for a rule that matches nothing that is seconds of work for one line
 * of a file.  So these are refused first, looking at each possible month
 * length (28 to 31 days, of the BYMONTH months if given): a BYDAY ordinal
 * past the fifth in a month (6TU), month days no month has (BYMONTH=2;
 * BYMONTHDAY=30), month days none of the BYDAY ordinals can fall on
 * (BYMONTHDAY=31;BYDAY=2MO), and a monthly BYSETPOS past the number of days
 * the month's set can hold (BYDAY=MO;BYSETPOS=6).  NULL, or the reason. */
static const char *rule_impossible(const struct icalrecurrencetype *rule)
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

/* One RRULE's occurrences near the window. */
static int expand_rule(struct reader *r, struct cal *c, const struct vevent *v,
                       const struct prop *p, struct icaltimetype start, const struct window *w,
                       struct occs *o, long *steps)
{
    (void)c;
    struct icalrecurrencetype rule;
    if (strstr(p->value, "RSCALE="))
        return err_at(r, p->line,
                      "RRULE: RSCALE (a rule in another calendar than the "
                      "Gregorian) is not supported");
    if (!recur_ok(p->value))
        return err_at(r, p->line, "RRULE: '%.60s' is not a repeat rule like FREQ=WEEKLY;COUNT=4",
                      p->value);
    rule = icalrecurrencetype_from_string(p->value);
    icalerror_clear_errno();
    if (rule.freq == ICAL_NO_RECURRENCE)
        return err_at(r, p->line, "RRULE: '%.60s' is not a repeat rule like FREQ=WEEKLY;COUNT=4",
                      p->value);
    if (rule.freq == ICAL_SECONDLY_RECURRENCE || rule.freq == ICAL_MINUTELY_RECURRENCE)
        return err_at(r, p->line,
                      "RRULE: FREQ=%s: a meeting repeating every %s is not a "
                      "meeting to log",
                      freq_name(rule.freq),
                      rule.freq == ICAL_SECONDLY_RECURRENCE ? "second" : "minute");
    if (rule.interval < 1)
        return err_at(r, p->line, "RRULE: INTERVAL must be 1 or more");
    const char *never = rule_impossible(&rule);
    if (never)
        return err_at(r, p->line, "RRULE: '%.60s' never happens: %s", p->value, never);
    /* UNTIL is compared here, in UTC: a DATE is the end of that day in the
     * event's zone, a floating time is in the event's zone. */
    int64_t until = INT64_MAX;
    if (!icaltime_is_null_time(rule.until)) {
        struct icaltimetype u = rule.until;
        if (u.is_date) {
            u.is_date = 0;
            u.hour = 23, u.minute = 59, u.second = 59;
        }
        if (!u.zone)
            u.zone = start.zone;
        until = secs_of(u);
        rule.until = icaltime_null_time();
    }
    /* libical's own UNTIL, in UTC, only bounds its search: a rule that
     * matches nothing (BYDAY=6TU, BYMONTH=2;BYMONTHDAY=30, BYSETPOS=40)
     * would otherwise be searched for centuries, inside one call, for
     * seconds to a minute, out of reach of LIMIT_ICS_STEPS. */
    {
        int64_t bound = w->to_secs + MARGIN;
        if (until < bound)
            bound = until;
        /* of DTSTART's kind: libical compares a DATE with a DATE */
        rule.until = icaltime_from_timet_with_zone((time_t)bound + 86400, start.is_date,
                                                   icaltimezone_get_utc_timezone());
        if (start.is_date)
            rule.until.zone = NULL;
    }
    icalrecur_iterator *it = icalrecur_iterator_new(rule, start);
    icalerror_clear_errno();
    if (!it)
        return err_at(r, p->line, "RRULE: '%.60s' cannot be used with the event's DTSTART",
                      p->value);
    /* From DTSTART every time: libical's icalrecur_iterator_set_start loses
     * the INTERVAL's alignment of some rules (FREQ=HOURLY;INTERVAL=7), and
     * LIMIT_ICS_STEPS keeps the walk short. */
    int rc = 0;
    for (;;) {
        struct icaltimetype t = icalrecur_iterator_next(it);
        if (icaltime_is_null_time(t))
            break;
        if (++*steps > LIMIT_ICS_STEPS) {
            rc = msg_set(r->m, PCN_ELIMIT,
                         "%s:%ld: RRULE: the event begun on line %ld repeats more than %ld times "
                         "up to the last date asked for: choose fewer dates",
                         r->name, p->line, v->line, (long)LIMIT_ICS_STEPS);
            break;
        }
        t.zone = start.zone;
        int64_t s = secs_of(t);
        if (s > until || s >= w->to_secs + MARGIN)
            break;
        if (near_window(w, s))
            occ_add(r->a, o, s, v->len, t.is_date ? date_of(t) : local_date(s, start.zone));
    }
    icalrecur_iterator_free(it);
    icalerror_clear_errno();
    return rc;
}

/* Splits a comma-separated list value into its items, in place. */
static size_t split_list(struct arena *a, const char *value, const char ***items)
{
    size_t n = 1;
    for (const char *q = value; *q; q++)
        n += *q == ',';
    const char **v = ARENA_ARRAY(a, const char *, n);
    size_t k = 0;
    const char *s = value;
    for (const char *q = value;; q++)
        if (*q == ',' || *q == '\0') {
            v[k++] = arena_strndup(a, s, (size_t)(q - s));
            if (!*q)
                break;
            s = q + 1;
        }
    *items = v;
    return k;
}

/* RDATE: date-times, dates or periods (start/end or start/duration). */
static int add_rdates(struct reader *r, struct cal *c, const struct vevent *v, const struct prop *p,
                      const icaltimezone *ez, const struct window *w, struct occs *o)
{
    const char **items;
    const char *vt = param(p, "VALUE"), *tz = param(p, "TZID");
    bool period = vt && strcmp(vt, "PERIOD") == 0;
    size_t n = split_list(r->a, p->value, &items);
    for (size_t i = 0; i < n; i++) {
        struct when s;
        struct icaltimetype t;
        int64_t len = v->len;
        int rc;
        const char *text = items[i];
        if (period) {
            const char *slash = strchr(text, '/');
            if (!slash)
                return err_at(r, p->line,
                              "RDATE: '%.40s' is not a period like "
                              "20261123T090000Z/PT1H",
                              text);
            const char *a = arena_strndup(r->a, text, (size_t)(slash - text));
            if ((rc = parse_when_text(r, p, a, NULL, tz, &s)) ||
                (rc = to_ical_in(r, c, &s, ez, &t)))
                return rc;
            const char *b = slash + 1;
            if (*b == 'P' || *b == '+' || *b == '-') {
                if ((rc = parse_duration_text(r, p, b, &len)))
                    return rc;
            } else {
                struct when e;
                struct icaltimetype et;
                if ((rc = parse_when_text(r, p, b, NULL, tz, &e)) ||
                    (rc = to_ical_in(r, c, &e, ez, &et)))
                    return rc;
                len = secs_of(et) - secs_of(t);
                if (len < 0)
                    return err_at(r, p->line, "RDATE: the period '%.40s' ends before it starts",
                                  text);
            }
        } else {
            if ((rc = parse_when_text(r, p, text, vt, tz, &s)) ||
                (rc = to_ical_in(r, c, &s, ez, &t)))
                return rc;
            if ((s.kind == T_DATE) != (v->start.kind == T_DATE))
                return err_at(r, p->line,
                              "RDATE: '%.40s': a date and a date-time cannot be "
                              "mixed in one event",
                              text);
        }
        int64_t secs = secs_of(t);
        if (near_window(w, secs))
            occ_add(r->a, o, secs, len, t.is_date ? date_of(t) : local_date(secs, t.zone));
    }
    return 0;
}

/* Whether occurrence x is the instance named by when e (in UTC, or its date
 * when e is a date). */
static bool occ_is(const struct occ *x, const struct when *e, int64_t esecs)
{
    if (e->kind == T_DATE)
        return x->date == date_from_ymd(e->y, e->mo, e->d);
    return x->secs == esecs;
}

static int cmp_occ(const void *pa, const void *pb)
{
    const struct occ *a = pa, *b = pb;
    return a->secs < b->secs ? -1 : a->secs > b->secs;
}

/* An override (a VEVENT with RECURRENCE-ID), by UID, for the masters. */
struct override {
    const char *uid;
    struct when rid;
    int64_t rid_secs;
};

static int cmp_override(const void *pa, const void *pb)
{
    return strcmp(((const struct override *)pa)->uid, ((const struct override *)pb)->uid);
}

struct outcome {
    long cancelled, allday, empty, toolong;
};

static void warn(struct reader *r, struct ics_result *out, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void warn(struct reader *r, struct ics_result *out, long line, const char *fmt, ...)
{
    char what[LIMIT_MSG_BYTES];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (out->nwarnings < LIMIT_WARNINGS_KEPT)
        out->warnings[out->nwarnings] = arena_printf(r->a, "%s:%ld: %s", r->name, line, what);
    out->nwarnings++;
}

static const char *cut_title(struct arena *a, const char *s)
{
    size_t n = strlen(s);
    if (n <= ICS_TITLE_MAX)
        return s;
    n = ICS_TITLE_MAX;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return arena_strndup(a, s, n);
}

/* One reason an event's occurrences were left out, as one warning: the
 * number left out is the number the preview counts. */
static void left_out(struct reader *r, struct ics_result *out, const struct vevent *v, bool repeats,
                     long n, const char *why)
{
    if (n == 0)
        return;
    const char *title = v->summary ? v->summary : "";
    if (repeats)
        warn(r, out, v->line, "'%.60s' %s: %ld occurrence%s left out", title, why, n,
             n == 1 ? "" : "s");
    else
        warn(r, out, v->line, "'%.60s' %s: left out", title, why);
    out->skipped += n;
}

static int emit(struct reader *r, struct ics_result *out, size_t *cap, const struct vevent *v,
                const struct occ *x, bool repeats, struct outcome *oc)
{
    if (v->cancelled) {
        oc->cancelled++;
        return 0;
    }
    if (v->start.kind == T_DATE) {
        oc->allday++;
        return 0;
    }
    int64_t minutes = (x->len + 30) / 60;
    if (minutes <= 0) {
        oc->empty++;
        return 0;
    }
    if (minutes > 1440) {
        oc->toolong++;
        return 0;
    }
    if (out->nevents == (size_t)LIMIT_ICS_EVENTS)
        return msg_set(r->m, PCN_ELIMIT,
                       "%s: more than %d meetings in the dates asked for: "
                       "choose fewer dates",
                       r->name, LIMIT_ICS_EVENTS);
    if (out->nevents == *cap)
        out->events = arena_grow(r->a, out->events, out->nevents, cap, sizeof *out->events);
    struct ics_event *e = &out->events[out->nevents++];
    int64_t local = ics_utc_to_london(x->secs / 60);
    e->line = v->line;
    e->uid = v->uid ? v->uid : "";
    e->summary = cut_title(r->a, v->summary ? v->summary : "");
    e->date = (date_t)(local / 1440);
    e->start_minute = (int)(local % 1440);
    e->minutes = minutes;
    e->recurring = repeats;
    e->moved = v->has_recurid;
    return 0;
}

static bool in_window(const struct window *w, const struct vevent *v, const struct occ *x)
{
    if (v->start.kind == T_DATE)
        return x->date >= w->from && x->date <= w->to;
    return x->secs >= w->from_secs && x->secs < w->to_secs;
}

/* Start, end and length of an event, its zones looked up. */
static int event_times(struct reader *r, struct cal *c, struct vevent *v,
                       struct icaltimetype *start)
{
    int rc;
    struct icaltimetype end;
    if ((rc = to_ical(r, c, &v->start, start)))
        return rc;
    v->len = 0;
    if (v->has_end) {
        if ((rc = to_ical(r, c, &v->end, &end)))
            return rc;
        v->len = secs_of(end) - secs_of(*start);
        if (v->len < 0)
            return err_at(r, v->dtend.line, "DTEND is before DTSTART");
    } else if (v->has_duration) {
        if ((rc = parse_duration_text(r, &v->duration, v->duration.value, &v->len)))
            return rc;
    } else if (v->start.kind == T_DATE) {
        v->len = 86400;
    }
    return 0;
}

static int expand_event(struct reader *r, struct cal *c, struct vevent *v,
                        const struct override *ov, size_t nov, const struct window *w,
                        struct ics_result *out, size_t *cap, long *steps)
{
    int rc;
    struct icaltimetype start;
    struct outcome oc = {0};
    if ((rc = event_times(r, c, v, &start)))
        return rc;
    bool repeats = !v->has_recurid && (v->rrule.n || v->rdate.n);
    struct occs o = {0};
    int64_t first = secs_of(start);
    if (near_window(w, first))
        occ_add(r->a, &o, first, v->len,
                start.is_date ? date_of(start) : local_date(first, start.zone));
    if (!v->has_recurid) {
        for (size_t i = 0; i < v->rrule.n; i++)
            if ((rc = expand_rule(r, c, v, &v->rrule.v[i], start, w, &o, steps)))
                return rc;
        for (size_t i = 0; i < v->rdate.n; i++)
            if ((rc = add_rdates(r, c, v, &v->rdate.v[i], start.zone, w, &o)))
                return rc;
    }
    if (o.n > 1)
        qsort(o.v, o.n, sizeof *o.v, cmp_occ);
    /* EXDATE, one or a list a line */
    struct when *ex = NULL;
    int64_t *exs = NULL;
    size_t nex = 0, excap = 0, exscap = 0;
    for (size_t i = 0; i < v->exdate.n; i++) {
        const struct prop *p = &v->exdate.v[i];
        const char **items;
        size_t n = split_list(r->a, p->value, &items);
        for (size_t k = 0; k < n; k++) {
            struct when e;
            struct icaltimetype t;
            if ((rc = parse_when_text(r, p, items[k], param(p, "VALUE"), param(p, "TZID"), &e)) ||
                (rc = to_ical_in(r, c, &e, start.zone, &t)))
                return rc;
            if (nex == excap)
                ex = arena_grow(r->a, ex, nex, &excap, sizeof *ex);
            if (nex == exscap)
                exs = arena_grow(r->a, exs, nex, &exscap, sizeof *exs);
            ex[nex] = e;
            exs[nex++] = secs_of(t);
        }
    }
    /* The overrides of this event's UID */
    const struct override *mine = NULL;
    size_t nmine = 0;
    if (!v->has_recurid && v->uid && nov) {
        struct override key = {.uid = v->uid};
        const struct override *hit = bsearch(&key, ov, nov, sizeof *ov, cmp_override);
        if (hit) {
            while (hit > ov && strcmp(hit[-1].uid, v->uid) == 0)
                hit--;
            mine = hit;
            while (hit < ov + nov && strcmp(hit->uid, v->uid) == 0)
                hit++, nmine++;
        }
    }
    for (size_t i = 0; i < o.n; i++) {
        const struct occ *x = &o.v[i];
        if (i > 0 && x->secs == o.v[i - 1].secs)
            continue; /* DTSTART, a rule and an RDATE may name the same time */
        bool gone = false;
        for (size_t k = 0; k < nex && !gone; k++)
            gone = occ_is(x, &ex[k], exs[k]);
        for (size_t k = 0; k < nmine && !gone; k++)
            gone = occ_is(x, &mine[k].rid, mine[k].rid_secs);
        if (gone || !in_window(w, v, x))
            continue;
        if ((rc = emit(r, out, cap, v, x, repeats, &oc)))
            return rc;
    }
    left_out(r, out, v, repeats, oc.cancelled, "is cancelled");
    left_out(r, out, v, repeats, oc.allday, "is an all-day event, with no time to log");
    left_out(r, out, v, repeats, oc.empty, "has no length");
    left_out(r, out, v, repeats, oc.toolong, "is longer than 24 hours");
    return 0;
}

static int cmp_event(const void *pa, const void *pb)
{
    const struct ics_event *a = pa, *b = pb;
    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    if (a->start_minute != b->start_minute)
        return a->start_minute < b->start_minute ? -1 : 1;
    return (a->line > b->line) - (a->line < b->line);
}

/* Everything read: zones, then each event's occurrences in the window. */
static int expand_all(struct reader *r, struct cal *c, date_t from, date_t to,
                      struct ics_result *out)
{
    int rc = 0;
    size_t cap = 0;
    long steps = 0;
    struct window w = {from, to, ics_london_to_utc((int64_t)from * 1440) * 60,
                       ics_london_to_utc(((int64_t)to + 1) * 1440) * 60};
    c->floating = builtin("Europe/London");
    if (!c->floating)
        return msg_set(r->m, PCN_EIO,
                       "%s: the time zone database has no Europe/London "
                       "(is the tzdata package installed?)",
                       r->name);
    if (c->wr_timezone) {
        icaltimezone *z = NULL;
        if ((rc = file_zone(r, c, c->wr_timezone, &z)))
            return rc;
        if (!z)
            z = builtin(c->wr_timezone);
        if (z)
            c->floating = z;
    }
    /* The overrides, with their RECURRENCE-ID in UTC, sorted by UID. */
    struct override *ov = ARENA_ARRAY(r->a, struct override, c->nev + 1);
    size_t nov = 0;
    for (size_t i = 0; i < c->nev; i++) {
        struct vevent *v = &c->ev[i];
        if (!v->has_recurid || !v->uid)
            continue;
        struct icaltimetype t, own;
        /* a floating RECURRENCE-ID is in the zone of the event's own start */
        if ((rc = to_ical(r, c, &v->start, &own)) || (rc = to_ical_in(r, c, &v->rid, own.zone, &t)))
            return rc;
        ov[nov++] = (struct override){v->uid, v->rid, secs_of(t)};
    }
    if (nov > 1)
        qsort(ov, nov, sizeof *ov, cmp_override);
    for (size_t i = 0; i < c->nev; i++)
        if ((rc = expand_event(r, c, &c->ev[i], ov, nov, &w, out, &cap, &steps)))
            return rc;
    if (out->nevents > 1)
        qsort(out->events, out->nevents, sizeof *out->events, cmp_event);
    return 0;
}

/* ---- reading events ------------------------------------------------------ */

/* The checks that need nothing but the event itself. */
static int finish_event(struct reader *r, struct vevent *v)
{
    int rc;
    if (!v->has_start)
        return err_at(r, v->line, "the event begun here has no DTSTART");
    if (v->has_end && v->has_duration)
        return err_at(r, v->line, "the event begun here has both DTEND and DURATION");
    if ((rc = parse_when(r, &v->dtstart, &v->start)))
        return rc;
    if (v->has_end) {
        if ((rc = parse_when(r, &v->dtend, &v->end)))
            return rc;
        if ((v->end.kind == T_DATE) != (v->start.kind == T_DATE))
            return err_at(r, v->dtend.line,
                          "DTEND: a date and a date-time cannot be mixed in one event");
    } else if (v->has_duration) {
        int64_t len;
        if ((rc = parse_duration_text(r, &v->duration, v->duration.value, &len)))
            return rc;
    }
    if (v->has_recurid) {
        const char *range = param(&v->recurid, "RANGE");
        if (range && strcmp(range, "THISANDFUTURE") == 0)
            return err_at(r, v->recurid.line,
                          "RECURRENCE-ID;RANGE=THISANDFUTURE (a change to this and every later "
                          "meeting) is not supported: save the series again in the calendar "
                          "and export it");
        if ((rc = parse_when(r, &v->recurid, &v->rid)))
            return rc;
        if (!v->uid)
            return err_at(r, v->recurid.line,
                          "RECURRENCE-ID: the event has no UID to say which meeting it changes");
    }
    return 0;
}

static int event_prop(struct reader *r, struct vevent *v, const struct prop *p)
{
    int rc;
    struct {
        const char *name;
        struct prop *slot;
        bool *flag;
    } once[] = {
        {"DTSTART", &v->dtstart, &v->has_start},
        {"DTEND", &v->dtend, &v->has_end},
        {"DURATION", &v->duration, &v->has_duration},
        {"RECURRENCE-ID", &v->recurid, &v->has_recurid},
    };
    for (size_t i = 0; i < ARRAY_SIZE(once); i++) {
        if (strcmp(p->name, once[i].name) != 0)
            continue;
        if (*once[i].flag)
            return err_at(r, p->line, "%s appears twice in the event begun on line %ld", p->name,
                          v->line);
        *once[i].slot = *p;
        *once[i].flag = true;
        return 0;
    }
    if (strcmp(p->name, "SUMMARY") == 0)
        return unescape(r, p, &v->summary);
    if (strcmp(p->name, "UID") == 0) {
        if ((rc = unescape(r, p, &v->uid)))
            return rc;
        if (strlen(v->uid) > 255)
            return err_at(r, p->line, "UID: longer than 255 bytes");
        return 0;
    }
    if (strcmp(p->name, "RRULE") == 0) {
        if (v->rrule.n == ICS_RRULES_MAX)
            return err_at(r, p->line, "more than %d RRULE lines in the event begun on line %ld",
                          ICS_RRULES_MAX, v->line);
        plist_add(r->a, &v->rrule, p);
    } else if (strcmp(p->name, "RDATE") == 0) {
        plist_add(r->a, &v->rdate, p);
    } else if (strcmp(p->name, "EXDATE") == 0) {
        plist_add(r->a, &v->exdate, p);
    } else if (strcmp(p->name, "STATUS") == 0) {
        v->cancelled = strcmp(p->value, "CANCELLED") == 0;
    }
    return 0;
}

static int read_calendar(struct reader *r, struct cal *c)
{
    struct {
        const char *name;
        long line;
    } stack[LIMIT_ICS_DEPTH];
    int depth = 0, rc = 0;
    bool seen_calendar = false;
    struct vevent ev;
    struct prop p;
    struct vtz *tz = NULL; /* the VTIMEZONE being read */
    int tz_depth = 0;

    memset(&ev, 0, sizeof ev);
    while ((rc = logical(r)) == 1) {
        const char *line_start = r->line_start;
        if ((rc = parse_prop(r, &p)))
            return rc;
        bool begin = strcmp(p.name, "BEGIN") == 0, end = strcmp(p.name, "END") == 0;
        if (begin || end) {
            const char *v = p.value;
            size_t vn = strlen(v);
            for (size_t i = 0; i < vn; i++)
                if (!name_char(v[i]))
                    vn = 0;
            if (vn == 0)
                return err_at(r, p.line, "%s: '%.40s' is not a component name", p.name, v);
            const char *comp = upper(r->a, v, vn);
            if (begin) {
                if (depth == 0 && strcmp(comp, "VCALENDAR") != 0)
                    return err_at(r, p.line,
                                  "BEGIN:%s outside BEGIN:VCALENDAR (is this an .ics "
                                  "calendar file?)",
                                  comp);
                if (depth > 0 && strcmp(comp, "VCALENDAR") == 0)
                    return err_at(r, p.line, "BEGIN:VCALENDAR inside %s", stack[depth - 1].name);
                if (strcmp(comp, "VEVENT") == 0 && strcmp(stack[depth - 1].name, "VCALENDAR"))
                    return err_at(r, p.line, "BEGIN:VEVENT inside %s: events belong in VCALENDAR",
                                  stack[depth - 1].name);
                if (depth == LIMIT_ICS_DEPTH)
                    return msg_set(r->m, PCN_ELIMIT, "%s:%ld: components nested more than %d deep",
                                   r->name, p.line, LIMIT_ICS_DEPTH);
                stack[depth].name = comp;
                stack[depth++].line = p.line;
                seen_calendar = true;
                if (strcmp(comp, "VEVENT") == 0) {
                    memset(&ev, 0, sizeof ev);
                    ev.line = p.line;
                } else if (strcmp(comp, "VTIMEZONE") == 0 && !tz) {
                    if (c->ntz == MAX_ZONES)
                        return err_at(r, p.line, "more than %d VTIMEZONE blocks", MAX_ZONES);
                    tz = &c->tz[c->ntz++];
                    memset(tz, 0, sizeof *tz);
                    tz->line = p.line;
                    tz->from = line_start;
                    tz_depth = depth;
                }
            } else {
                if (depth == 0)
                    return err_at(r, p.line, "END:%s without a BEGIN:%s", comp, comp);
                if (strcmp(stack[depth - 1].name, comp) != 0)
                    return err_at(r, p.line, "END:%s does not match BEGIN:%s on line %ld", comp,
                                  stack[depth - 1].name, stack[depth - 1].line);
                if (tz && depth == tz_depth) {
                    tz->text = arena_strndup(r->a, tz->from, (size_t)(r->p - tz->from));
                    tz = NULL;
                }
                depth--;
                if (strcmp(comp, "VEVENT") == 0) {
                    if (c->nev == (size_t)LIMIT_ICS_EVENTS)
                        return msg_set(r->m, PCN_ELIMIT, "%s:%ld: more than %d events", r->name,
                                       ev.line, LIMIT_ICS_EVENTS);
                    if ((rc = finish_event(r, &ev)))
                        return rc;
                    if (c->nev == c->evcap)
                        c->ev = arena_grow(r->a, c->ev, c->nev, &c->evcap, sizeof *c->ev);
                    c->ev[c->nev++] = ev;
                }
            }
            continue;
        }
        if (depth == 0)
            return err_at(r, p.line,
                          seen_calendar ? "%s after END:VCALENDAR"
                                        : "%s before BEGIN:VCALENDAR (is this an .ics "
                                          "calendar file?)",
                          p.name);
        const char *top = stack[depth - 1].name;
        if (strcmp(top, "VEVENT") == 0 && (rc = event_prop(r, &ev, &p)))
            return rc;
        if (tz && depth == tz_depth && strcmp(p.name, "TZID") == 0)
            tz->tzid = p.value;
        if (depth == 1 && strcmp(p.name, "X-WR-TIMEZONE") == 0 && *p.value)
            c->wr_timezone = p.value;
    }
    if (rc < 0)
        return rc;
    if (!seen_calendar)
        return err_at(r, 1, "the file is empty: a calendar starts with BEGIN:VCALENDAR");
    if (depth > 0)
        return err_at(r, r->next_line - 1, "the file ends inside %s begun on line %ld",
                      stack[depth - 1].name, stack[depth - 1].line);
    return 0;
}

int ics_parse(const char *name, const char *data, size_t len, date_t from, date_t to,
              struct arena *a, struct ics_result *out, struct pcn_msg *m)
{
    struct reader r = {.name = name, .p = data, .end = data + len, .next_line = 1, .a = a, .m = m};
    struct cal *c;
    int rc;

    memset(out, 0, sizeof *out);
    if (from == DATE_NONE || to == DATE_NONE || to < from)
        BUG("ics_parse: the window must be two dates, in order");
    if (len > (size_t)LIMIT_ICS_BYTES)
        return msg_set(m, PCN_ELIMIT, "%s: larger than %ld bytes", name, (long)LIMIT_ICS_BYTES);
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        r.p += 3;
    c = ARENA_ARRAY(a, struct cal, 1);
    buf_init(&r.line, LIMIT_ICS_LINE_BYTES);
    rc = read_calendar(&r, c);
    buf_release(&r.line);
    if (rc)
        return rc;
    pthread_mutex_lock(&ical_lock);
    rc = expand_all(&r, c, from, to, out);
    for (size_t i = 0; i < c->ntz; i++)
        if (c->tz[i].zone)
            icaltimezone_free(c->tz[i].zone, 1);
    icalerror_clear_errno();
    pthread_mutex_unlock(&ical_lock);
    if (rc)
        memset(out, 0, sizeof *out);
    return rc;
}
