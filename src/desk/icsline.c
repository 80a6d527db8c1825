#include "common.h"
#include "icsline.h"
#include "buf.h"
#include "date.h"

/* ---- reading lines ------------------------------------------------------ */

int icsline_err(struct icsline_reader *r, long line, const char *fmt, ...)
{
    char what[LIMIT_MSG_BYTES];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return msg_set(r->m, PCN_EINVAL, "%s:%ld: %s", r->name, line, what);
}

/* One physical line at r->p: its bytes without the line end. */
static int physical(struct icsline_reader *r, const char **s, size_t *len)
{
    const char *nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
    const char *stop = nl ? nl : r->end;
    const char *e = stop;
    if (nl && e > r->p && e[-1] == '\r')
        e--;
    for (const char *q = r->p; q < e; q++) {
        if (*q == '\r')
            return icsline_err(r, r->next_line,
                               "a carriage return without a line feed: lines end with CRLF");
        if (*q == '\0')
            return icsline_err(r, r->next_line, "a NUL byte: this is not a text calendar file");
    }
    *s = r->p;
    *len = (size_t)(e - r->p);
    r->p = nl ? nl + 1 : r->end;
    r->next_line++;
    return 0;
}

/* The next unfolded line into r->line: 1, or 0 at the end, or an error. */
int icsline_next(struct icsline_reader *r)
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
        return icsline_err(r, r->line_no, "a folded line with no line before it to continue");
    if (len == 0) {
        /* Blank lines are allowed only at the very end. */
        for (const char *q = r->p; q < r->end; q++)
            if (*q != '\r' && *q != '\n')
                return icsline_err(r, r->line_no,
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
        return icsline_err(r, r->line_no, "the line is not valid UTF-8 text");
    return 1;
too_long:
    return msg_set(r->m, PCN_ELIMIT, "%s:%ld: the line is longer than %d bytes", r->name,
                   r->line_no, LIMIT_ICS_LINE_BYTES);
}

/* ---- content lines ------------------------------------------------------ */

bool icsline_name_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

char *icsline_upper(struct arena *a, const char *s, size_t n)
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

int icsline_read_prop(struct icsline_reader *r, struct icsline_prop *p)
{
    const char *s = r->line.buf, *e = s + r->line.len, *q = s;
    memset(p, 0, sizeof *p);
    p->line = r->line_no;
    while (q < e && icsline_name_char(*q))
        q++;
    if (q == s || (q < e && *q != ';' && *q != ':')) {
        size_t show = (size_t)(e - s) > 40 ? 40 : (size_t)(e - s);
        return icsline_err(r, p->line, "'%.*s' is not a calendar line (NAME:VALUE)", (int)show, s);
    }
    p->name = icsline_upper(r->a, s, (size_t)(q - s));
    while (q < e && *q == ';') {
        const char *pn = ++q;
        while (q < e && icsline_name_char(*q))
            q++;
        if (q == pn || q >= e || *q != '=')
            return icsline_err(r, p->line, "%s: a parameter must be NAME=VALUE", p->name);
        if (p->nparams == ICSLINE_MAX_PARAMS)
            return icsline_err(r, p->line, "%s: more than %d parameters", p->name,
                               ICSLINE_MAX_PARAMS);
        struct icsline_param *pa = &p->params[p->nparams++];
        pa->name = icsline_upper(r->a, pn, (size_t)(q - pn));
        q++; /* '=' */
        for (bool first = true;; first = false) {
            const char *v, *ve;
            if (q < e && *q == '"') {
                v = ++q;
                while (q < e && *q != '"' && !ctl((unsigned char)*q))
                    q++;
                if (q >= e || *q != '"')
                    return icsline_err(r, p->line, "%s: parameter %s: a quoted value is not closed",
                                       p->name, pa->name);
                ve = q++;
            } else {
                v = q;
                while (q < e && *q != ';' && *q != ':' && *q != ',' && *q != '"' &&
                       !ctl((unsigned char)*q))
                    q++;
                ve = q;
                if (q < e && *q == '"')
                    return icsline_err(r, p->line, "%s: parameter %s: a quote inside a value",
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
        return icsline_err(r, p->line, "%s: no ':' before the value", p->name);
    q++;
    for (const char *c = q; c < e; c++)
        if (ctl((unsigned char)*c))
            return icsline_err(r, p->line, "%s: a control character in the value", p->name);
    p->value = arena_strndup(r->a, q, (size_t)(e - q));
    return 0;
}

const char *icsline_param(const struct icsline_prop *p, const char *name)
{
    for (size_t i = 0; i < p->nparams; i++)
        if (strcmp(p->params[i].name, name) == 0)
            return p->params[i].value;
    return NULL;
}

/* TEXT values: \\ \; \, \n \N; a line break becomes a space. */
int icsline_unescape(struct icsline_reader *r, const struct icsline_prop *p, const char **out)
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
            return icsline_err(r, p->line, "%s: '\\%c' is not a text escape (\\\\ \\; \\, \\n)",
                               p->name, c ? c : ' ');
        i++;
    }
    o[k] = '\0';
    *out = o;
    return 0;
}

/* ---- dates, times and durations ----------------------------------------- */

bool icsline_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static int digits_value(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

bool icsline_is_utc(const char *tz)
{
    return strcmp(tz, "UTC") == 0 || strcmp(tz, "Etc/UTC") == 0 || strcmp(tz, "GMT") == 0 ||
           strcmp(tz, "Etc/GMT") == 0 || strcmp(tz, "Z") == 0;
}

/* One value v (of property p) as a date or date-time; vt is its VALUE=,
 * tz its TZID=. */
int icsline_when_text(struct icsline_reader *r, const struct icsline_prop *p, const char *v,
                      const char *vt, const char *tz, struct icsline_when *w)
{
    size_t n = strlen(v);
    bool is_date = vt && strcmp(vt, "DATE") == 0;
    memset(w, 0, sizeof *w);
    w->line = p->line;
    w->prop = p->name;
    if (vt && !is_date && strcmp(vt, "DATE-TIME") != 0)
        return icsline_err(r, p->line, "%s: VALUE=%s is not DATE or DATE-TIME", p->name, vt);
    if (n < 8 || !icsline_digits(v, 8))
        goto bad;
    w->y = digits_value(v, 4), w->mo = digits_value(v + 4, 2), w->d = digits_value(v + 6, 2);
    if (!date_valid_ymd(w->y, w->mo, w->d) || w->y < 1900)
        return icsline_err(r, p->line, "%s: %.8s is not a real date", p->name, v);
    if (n == 8) {
        if (!is_date)
            return icsline_err(r, p->line, "%s: '%s' is a date: a date needs VALUE=DATE", p->name,
                               v);
        w->kind = ICSLINE_DATE;
        return 0;
    }
    if (is_date)
        return icsline_err(r, p->line, "%s: VALUE=DATE but '%s' is not a date like 20261123",
                           p->name, v);
    bool z = n == 16 && v[15] == 'Z';
    if ((n != 15 && !z) || v[8] != 'T' || !icsline_digits(v + 9, 6))
        goto bad;
    w->hh = digits_value(v + 9, 2), w->mi = digits_value(v + 11, 2),
    w->ss = digits_value(v + 13, 2);
    if (w->hh > 23 || w->mi > 59 || w->ss > 60)
        return icsline_err(r, p->line, "%s: %.6s is not a time of day", p->name, v + 9);
    if (w->ss == 60)
        w->ss = 59;
    if (z) {
        if (tz)
            return icsline_err(r, p->line, "%s: a UTC time (ending Z) cannot also have TZID",
                               p->name);
        w->kind = ICSLINE_UTC;
    } else if (tz && icsline_is_utc(tz)) {
        w->kind = ICSLINE_UTC;
    } else if (tz) {
        if (!*tz)
            return icsline_err(r, p->line, "%s: TZID is empty", p->name);
        w->kind = ICSLINE_ZONED;
        w->tzid = tz;
    } else {
        w->kind = ICSLINE_FLOATING;
    }
    return 0;
bad:
    return icsline_err(
        r, p->line, "%s: '%.40s' is not a date-time like 20261123T090000Z or a date like 20261123",
        p->name, v);
}

int icsline_when(struct icsline_reader *r, const struct icsline_prop *p, struct icsline_when *w)
{
    return icsline_when_text(r, p, p->value, icsline_param(p, "VALUE"), icsline_param(p, "TZID"),
                             w);
}

/* RFC 5545 dur-value, not negative: P1W, P1D, P1DT2H, PT1H30M, PT90M, PT45S.
 * s is the text, p the property it came from. */
int icsline_duration(struct icsline_reader *r, const struct icsline_prop *p, const char *text,
                     int64_t *sec)
{
    const char *s = text;
    int64_t total = 0;
    if (*s == '+')
        s++;
    if (*s == '-')
        return icsline_err(r, p->line, "%s: '%s' is negative", p->name, text);
    if (*s++ != 'P')
        goto bad;
    if (*s != 'T') {
        const char *d = s;
        while (*s >= '0' && *s <= '9')
            s++;
        if (s == d || s - d > 6)
            goto bad;
        int64_t v = digits_value(d, (size_t)(s - d));
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
        total += digits_value(d, (size_t)(s - d)) * mult[idx];
        last = idx;
        any = true;
        s++;
    }
    if (!any)
        goto bad;
    *sec = total;
    return 0;
bad:
    return icsline_err(r, p->line, "%s: '%.40s' is not a duration like PT1H30M", p->name, text);
}
