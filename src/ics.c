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
    long next_line;          /* number of the physical line at p */
    struct buf line;         /* the current unfolded line */
    long line_no;            /* where it started */
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
    const char *name;      /* upper case */
    const char *value;     /* unquoted; the first of a list */
};

struct prop {
    long line;
    const char *name;      /* upper case */
    struct param params[MAX_PARAMS];
    size_t nparams;
    const char *value;
};

static bool name_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '-';
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
                    return err_at(r, p->line, "%s: parameter %s: a quote inside a value",
                                  p->name, pa->name);
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
            return err_at(r, p->line, "%s: '\\%c' is not a text escape (\\\\ \\; \\, \\n)",
                          p->name, c ? c : ' ');
        i++;
    }
    o[k] = '\0';
    *out = o;
    return 0;
}

/* ---- dates, times and durations ----------------------------------------- */

enum tkind { T_DATE, T_UTC, T_LOCAL };

struct when {
    enum tkind kind;
    date_t date;
    int64_t sec;           /* UTC seconds since 1970 (dates: London midnight) */
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

static int parse_when(struct reader *r, const struct prop *p, struct when *w)
{
    const char *v = p->value, *vt = param(p, "VALUE"), *tz = param(p, "TZID");
    size_t n = strlen(v);
    bool is_date = vt && strcmp(vt, "DATE") == 0;
    if (vt && !is_date && strcmp(vt, "DATE-TIME") != 0)
        return err_at(r, p->line, "%s: VALUE=%s is not DATE or DATE-TIME", p->name, vt);
    if (n < 8 || !digits(v, 8))
        goto bad;
    int y = num(v, 4), mo = num(v + 4, 2), d = num(v + 6, 2);
    if (!date_valid_ymd(y, mo, d))
        return err_at(r, p->line, "%s: %.8s is not a real date", p->name, v);
    w->date = date_from_ymd(y, mo, d);
    if (n == 8) {
        if (!is_date)
            return err_at(r, p->line, "%s: '%s' is a date: a date needs VALUE=DATE", p->name, v);
        w->kind = T_DATE;
        w->sec = ics_london_to_utc((int64_t)w->date * 1440) * 60;
        return 0;
    }
    if (is_date)
        return err_at(r, p->line, "%s: VALUE=DATE but '%s' is not a date like 20261123", p->name,
                      v);
    bool z = n == 16 && v[15] == 'Z';
    if ((n != 15 && !z) || v[8] != 'T' || !digits(v + 9, 6))
        goto bad;
    int hh = num(v + 9, 2), mm = num(v + 11, 2), ss = num(v + 13, 2);
    if (hh > 23 || mm > 59 || ss > 60)
        return err_at(r, p->line, "%s: %.6s is not a time of day", p->name, v + 9);
    int64_t wall = (int64_t)w->date * 1440 + hh * 60 + mm;
    if (z) {
        if (tz)
            return err_at(r, p->line, "%s: a UTC time (ending Z) cannot also have TZID", p->name);
        w->kind = T_UTC;
        w->sec = wall * 60 + ss;
    } else {
        if (tz && strcmp(tz, "UTC") != 0 && strcmp(tz, "Etc/UTC") != 0 &&
            strcmp(tz, "Europe/London") != 0 && strcmp(tz, "GMT Standard Time") != 0)
            return err_at(r, p->line,
                          "%s: time zone '%.60s' is not supported: export the calendar in "
                          "Europe/London or UTC time",
                          p->name, tz);
        bool utc = tz && (strcmp(tz, "UTC") == 0 || strcmp(tz, "Etc/UTC") == 0);
        w->kind = utc ? T_UTC : T_LOCAL;
        w->sec = (utc ? wall : ics_london_to_utc(wall)) * 60 + ss;
    }
    return 0;
bad:
    return err_at(r, p->line,
                  "%s: '%.40s' is not a date-time like 20261123T090000Z or a date like 20261123",
                  p->name, v);
}

/* RFC 5545 dur-value, not negative: P1W, P1D, P1DT2H, PT1H30M, PT90M, PT45S. */
static int parse_duration(struct reader *r, const struct prop *p, int64_t *sec)
{
    const char *s = p->value;
    int64_t total = 0;
    if (*s == '+')
        s++;
    if (*s == '-')
        return err_at(r, p->line, "DURATION: '%s' is negative", p->value);
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
    return err_at(r, p->line, "DURATION: '%.40s' is not a duration like PT1H30M", p->value);
}

/* ---- events ------------------------------------------------------------- */

struct vevent {
    long line;
    struct prop dtstart, dtend, duration;
    bool has_start, has_end, has_duration, has_rrule, cancelled;
    const char *summary, *uid;
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

static int finish_event(struct reader *r, struct vevent *v, struct ics_result *out, size_t *cap)
{
    int rc;
    struct when start, end;
    const char *title = v->summary ? v->summary : "";
    if (!v->has_start)
        return err_at(r, v->line, "the event begun here has no DTSTART");
    if (v->has_end && v->has_duration)
        return err_at(r, v->line, "the event begun here has both DTEND and DURATION");
    if ((rc = parse_when(r, &v->dtstart, &start)))
        return rc;
    int64_t len = 0;
    if (v->has_end) {
        if ((rc = parse_when(r, &v->dtend, &end)))
            return rc;
        if ((end.kind == T_DATE) != (start.kind == T_DATE))
            return err_at(r, v->dtend.line,
                          "DTEND: a date and a date-time cannot be mixed in one event");
        if (end.sec < start.sec)
            return err_at(r, v->dtend.line, "DTEND is before DTSTART");
        len = end.sec - start.sec;
    } else if (v->has_duration) {
        if ((rc = parse_duration(r, &v->duration, &len)))
            return rc;
    } else if (start.kind == T_DATE) {
        len = 86400;
    }
    if (v->cancelled) {
        warn(r, out, v->line, "'%.60s' is cancelled: left out", title);
        out->skipped++;
        return 0;
    }
    if (start.kind == T_DATE) {
        warn(r, out, v->line, "'%.60s' is an all-day event, with no time to log: left out",
             title);
        out->skipped++;
        return 0;
    }
    int64_t minutes = (len + 30) / 60;
    if (minutes <= 0) {
        warn(r, out, v->line, "'%.60s' has no length: left out", title);
        out->skipped++;
        return 0;
    }
    if (minutes > 1440) {
        warn(r, out, v->line, "'%.60s' is longer than 24 hours: left out", title);
        out->skipped++;
        return 0;
    }
    if (out->nevents == (size_t)LIMIT_ICS_EVENTS)
        return msg_set(r->m, PCN_ELIMIT, "%s:%ld: more than %d events", r->name, v->line,
                       LIMIT_ICS_EVENTS);
    if (out->nevents == *cap)
        out->events = arena_grow(r->a, out->events, out->nevents, cap, sizeof *out->events);
    struct ics_event *e = &out->events[out->nevents++];
    int64_t local = ics_utc_to_london(start.sec / 60);
    e->line = v->line;
    e->uid = v->uid ? v->uid : "";
    e->summary = cut_title(r->a, title);
    e->date = (date_t)(local / 1440);
    e->start_minute = (int)(local % 1440);
    e->minutes = minutes;
    e->recurring = v->has_rrule;
    if (v->has_rrule)
        warn(r, out, v->line, "'%.60s' repeats: only its first occurrence is included", title);
    return 0;
}

static int event_prop(struct reader *r, struct vevent *v, const struct prop *p)
{
    int rc;
    struct { const char *name; struct prop *slot; bool *flag; } once[] = {
        {"DTSTART", &v->dtstart, &v->has_start},
        {"DTEND", &v->dtend, &v->has_end},
        {"DURATION", &v->duration, &v->has_duration},
    };
    for (size_t i = 0; i < ARRAY_SIZE(once); i++) {
        if (strcmp(p->name, once[i].name) != 0)
            continue;
        if (*once[i].flag)
            return err_at(r, p->line, "%s appears twice in the event begun on line %ld",
                          p->name, v->line);
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
    if (strcmp(p->name, "RRULE") == 0)
        v->has_rrule = true;
    else if (strcmp(p->name, "STATUS") == 0)
        v->cancelled = strcmp(p->value, "CANCELLED") == 0;
    return 0;
}

int ics_parse(const char *name, const char *data, size_t len, struct arena *a,
              struct ics_result *out, struct pcn_msg *m)
{
    struct reader r = {.name = name, .p = data, .end = data + len, .next_line = 1, .a = a,
                       .m = m};
    struct {
        const char *name;
        long line;
    } stack[LIMIT_ICS_DEPTH];
    int depth = 0, rc = 0;
    bool seen_calendar = false;
    size_t cap = 0;
    struct vevent ev;
    struct prop p;

    memset(out, 0, sizeof *out);
    if (len > (size_t)LIMIT_ICS_BYTES)
        return msg_set(m, PCN_ELIMIT, "%s: larger than %ld bytes", name, (long)LIMIT_ICS_BYTES);
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        r.p += 3;
    buf_init(&r.line, LIMIT_ICS_LINE_BYTES);
    memset(&ev, 0, sizeof ev);
    while ((rc = logical(&r)) == 1) {
        if ((rc = parse_prop(&r, &p)))
            goto out;
        bool begin = strcmp(p.name, "BEGIN") == 0, end = strcmp(p.name, "END") == 0;
        if (begin || end) {
            const char *v = p.value;
            size_t vn = strlen(v);
            for (size_t i = 0; i < vn; i++)
                if (!name_char(v[i]))
                    vn = 0;
            if (vn == 0) {
                rc = err_at(&r, p.line, "%s: '%.40s' is not a component name", p.name, v);
                goto out;
            }
            const char *comp = upper(a, v, vn);
            if (begin) {
                if (depth == 0 && strcmp(comp, "VCALENDAR") != 0) {
                    rc = err_at(&r, p.line, "BEGIN:%s outside BEGIN:VCALENDAR (is this an .ics "
                                            "calendar file?)",
                                comp);
                    goto out;
                }
                if (depth > 0 && strcmp(comp, "VCALENDAR") == 0) {
                    rc = err_at(&r, p.line, "BEGIN:VCALENDAR inside %s", stack[depth - 1].name);
                    goto out;
                }
                if (strcmp(comp, "VEVENT") == 0 && strcmp(stack[depth - 1].name, "VCALENDAR")) {
                    rc = err_at(&r, p.line, "BEGIN:VEVENT inside %s: events belong in VCALENDAR",
                                stack[depth - 1].name);
                    goto out;
                }
                if (depth == LIMIT_ICS_DEPTH) {
                    rc = msg_set(m, PCN_ELIMIT, "%s:%ld: components nested more than %d deep",
                                 name, p.line, LIMIT_ICS_DEPTH);
                    goto out;
                }
                stack[depth].name = comp;
                stack[depth++].line = p.line;
                seen_calendar = true;
                if (strcmp(comp, "VEVENT") == 0) {
                    memset(&ev, 0, sizeof ev);
                    ev.line = p.line;
                }
            } else {
                if (depth == 0) {
                    rc = err_at(&r, p.line, "END:%s without a BEGIN:%s", comp, comp);
                    goto out;
                }
                if (strcmp(stack[depth - 1].name, comp) != 0) {
                    rc = err_at(&r, p.line, "END:%s does not match BEGIN:%s on line %ld", comp,
                                stack[depth - 1].name, stack[depth - 1].line);
                    goto out;
                }
                depth--;
                if (strcmp(comp, "VEVENT") == 0 && (rc = finish_event(&r, &ev, out, &cap)))
                    goto out;
            }
            continue;
        }
        if (depth == 0) {
            rc = err_at(&r, p.line, seen_calendar ? "%s after END:VCALENDAR"
                                                  : "%s before BEGIN:VCALENDAR (is this an .ics "
                                                    "calendar file?)",
                        p.name);
            goto out;
        }
        if (strcmp(stack[depth - 1].name, "VEVENT") == 0 && (rc = event_prop(&r, &ev, &p)))
            goto out;
    }
    if (rc < 0)
        goto out;
    if (!seen_calendar) {
        rc = err_at(&r, 1, "the file is empty: a calendar starts with BEGIN:VCALENDAR");
        goto out;
    }
    if (depth > 0) {
        rc = err_at(&r, r.next_line - 1, "the file ends inside %s begun on line %ld",
                    stack[depth - 1].name, stack[depth - 1].line);
        goto out;
    }
out:
    buf_release(&r.line);
    return rc;
}
