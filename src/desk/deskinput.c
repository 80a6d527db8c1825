#include "common.h"
#include "deskinput.h"
#include "buf.h"
#include "money.h"

/* ---- dates and errors --------------------------------------------------- */

date_t desk_date_min(void)
{
    return date_from_ymd(2019, 7, 1);
}

date_t desk_date_max(date_t today)
{
    return today + 366;
}

void desk_errs_add(struct desk_errs *e, const char *field, const char *fmt, ...)
{
    if (!e || e->n >= DESK_ERRS_MAX)
        return;
    for (size_t i = 0; i < e->n; i++)
        if (strcmp(e->e[i].field, field) == 0)
            return; /* one message per field: the first problem found */
    struct desk_err *x = &e->e[e->n++];
    va_list ap;
    x->field = field;
    va_start(ap, fmt);
    vsnprintf(x->text, sizeof x->text, fmt, ap);
    va_end(ap);
}

const char *desk_errs_get(const struct desk_errs *e, const char *field)
{
    for (size_t i = 0; e && i < e->n; i++)
        if (strcmp(e->e[i].field, field) == 0)
            return e->e[i].text;
    return NULL;
}

/* ---- durations and numbers ---------------------------------------------- */

static const char *trim(const char *s, size_t *len)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    *len = n;
    return s;
}

int desk_parse_hours(const char *s, int64_t *minutes, struct pcn_msg *m)
{
    size_t len;
    if (!s)
        s = "";
    s = trim(s, &len);
    if (len == 0)
        return msg_set(m, PCN_EINVAL, "Enter the time spent, in hours");
    if (s[0] == '-')
        return msg_set(m, PCN_EINVAL, "Time spent must be more than 0");
    const char *colon = memchr(s, ':', len);
    if (colon) {
        int64_t h, mm;
        size_t hl = (size_t)(colon - s), ml = len - hl - 1;
        if (hl == 0 || hl > 4 || ml != 2 || parse_i64n(s, hl, 0, 9999, &h) ||
            parse_i64n(colon + 1, 2, 0, 59, &mm))
            return msg_set(m, PCN_EINVAL,
                           "Enter the time in hours, like 1.5, or hours and minutes, like 1:30");
        *minutes = h * 60 + mm;
        return 0;
    }
    int64_t hundredths;
    if (fixed_parse(s, len, 2, 0, 999999, &hundredths))
        return msg_set(m, PCN_EINVAL,
                       "Enter the time in hours, like 1.5, or hours and minutes, like 1:30");
    if ((hundredths * 60) % 100 != 0)
        return msg_set(m, PCN_EINVAL, "Enter the time to the nearest minute, like 1.25 or 1:20");
    *minutes = hundredths * 60 / 100;
    return 0;
}

int desk_parse_percent(const char *s, int *out)
{
    size_t len;
    int64_t v;
    if (!s)
        return PCN_EINVAL;
    s = trim(s, &len);
    if (len && s[len - 1] == '%')
        len--;
    if (len == 0 || parse_i64n(s, len, 0, 100, &v))
        return PCN_EINVAL;
    *out = (int)v;
    return 0;
}

/* ---- checks ------------------------------------------------------------- */

static void add_date(struct buf *b, date_t d)
{
    date_add_uk(b, d);
}

bool desk_check_date(struct desk_errs *e, const char *field, const char *label, date_t d,
                     date_t today)
{
    char when[40];
    struct buf b;
    size_t before = e->n;
    buf_init(&b, 64);
    if (d == DATE_NONE) {
        desk_errs_add(e, field, "Enter %s", label);
    } else if (d < desk_date_min()) {
        add_date(&b, desk_date_min());
        snprintf(when, sizeof when, "%s", b.buf);
        desk_errs_add(e, field, "%c%s must be on or after %s", label[0] == 't' ? 'T' : label[0],
                      label + 1, when);
    } else if (d > desk_date_max(today)) {
        add_date(&b, desk_date_max(today));
        snprintf(when, sizeof when, "%s", b.buf);
        desk_errs_add(e, field, "%c%s must be on or before %s", label[0] == 't' ? 'T' : label[0],
                      label + 1, when);
    }
    buf_release(&b);
    return e->n == before;
}

bool desk_check_text(struct desk_errs *e, const char *field, const char *label, const char *s,
                     size_t max, bool required, bool multiline)
{
    size_t len = s ? strlen(s) : 0, tl;
    trim(s ? s : "", &tl);
    char cap[64];
    snprintf(cap, sizeof cap, "%s", label);
    if (cap[0] >= 'a' && cap[0] <= 'z')
        cap[0] = (char)(cap[0] - 'a' + 'A');
    if (required && tl == 0) {
        desk_errs_add(e, field, "Enter %s", label);
        return false;
    }
    if (len > max) {
        desk_errs_add(e, field, "%s must be %zu characters or fewer", cap, max);
        return false;
    }
    if (!utf8_valid(s ? s : "", len)) {
        desk_errs_add(e, field, "%s must be plain text", cap);
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        bool ok = c >= 0x20 && c != 0x7f;
        if (!ok && multiline && (c == '\n' || c == '\r' || c == '\t'))
            ok = true;
        if (!ok && !multiline && c == '\t')
            ok = true;
        if (!ok) {
            desk_errs_add(e, field, "%s must be %s", cap, multiline ? "plain text" : "on one line");
            return false;
        }
    }
    return true;
}

/* ---- formatting --------------------------------------------------------- */

int desk_add_hours(struct buf *b, int64_t mmin)
{
    /* hundredths of an hour: 600 mmin each, rounded half up */
    int64_t h = money_div_round(mmin, 600, ROUND_HALF_UP);
    return fixed_add(b, h, 2, 2, true);
}

int desk_add_duration(struct buf *b, int64_t minutes)
{
    if (minutes < 0) {
        BUF_LIT(b, "minus ");
        minutes = -minutes;
    }
    int64_t h = minutes / 60, mm = minutes % 60;
    if (h)
        buf_add_count(b, h, "hour", "hours");
    if (h && mm)
        BUF_LIT(b, " ");
    if (mm || !h)
        buf_add_count(b, mm, "minute", "minutes");
    return buf_ok(b) ? 0 : PCN_ELIMIT;
}
