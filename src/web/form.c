/* form.c: reading forms and collecting every error (form.h). */
#include "common.h"
#include "form.h"
#include "desk.h"
#include "http.h"
#include "limits.h"

void form_errs_init(struct form_errs *es, struct arena *a)
{
    memset(es, 0, sizeof *es);
    es->a = a;
}

static void vadd(struct form_errs *es, const char *part, const char *field, const char *fmt,
                 va_list ap)
{
    if (form_err(es, field) || es->n >= FORM_ERRS_MAX)
        return;
    char text[LIMIT_MSG_BYTES];
    vsnprintf(text, sizeof text, fmt, ap);
    es->e[es->n].field = arena_strdup(es->a, field);
    es->e[es->n].text = arena_strdup(es->a, text);
    es->e[es->n].href = part ? arena_printf(es->a, "#%s-%s", field, part) : NULL;
    es->n++;
}

void form_err_add(struct form_errs *es, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vadd(es, NULL, field, fmt, ap);
    va_end(ap);
}

void form_err_add_date(struct form_errs *es, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vadd(es, "day", field, fmt, ap);
    va_end(ap);
}

const struct ui_error *form_err(const struct form_errs *es, const char *field)
{
    if (!es)
        return NULL;
    for (size_t i = 0; i < es->n; i++)
        if (strcmp(es->e[i].field, field) == 0)
            return &es->e[i];
    return NULL;
}

const char *form_err_href(const struct form_errs *es, size_t i)
{
    if (es->e[i].href)
        return es->e[i].href;
    return arena_printf(es->a, "#%s", es->e[i].field);
}

static size_t rank(const char *const *ids, const char *field)
{
    size_t i = 0;
    for (; ids[i]; i++)
        if (strcmp(ids[i], field) == 0)
            return i;
    return i;
}

void form_errs_sort(struct form_errs *es, const char *const *ids)
{
    /* insertion sort: stable, and a form has few messages */
    for (size_t i = 1; i < es->n; i++) {
        struct ui_error e = es->e[i];
        size_t r = rank(ids, e.field), k = i;
        while (k > 0 && rank(ids, es->e[k - 1].field) > r) {
            es->e[k] = es->e[k - 1];
            k--;
        }
        es->e[k] = e;
    }
}

void form_errs_from_desk(struct form_errs *es, const struct desk_errs *d,
                         const char *const *date_fields)
{
    for (size_t i = 0; i < d->n; i++) {
        bool date = false;
        for (size_t k = 0; date_fields && date_fields[k]; k++)
            if (strcmp(date_fields[k], d->e[i].field) == 0)
                date = true;
        if (date)
            form_err_add_date(es, d->e[i].field, "%s", d->e[i].text);
        else
            form_err_add(es, d->e[i].field, "%s", d->e[i].text);
    }
}

date_t form_date_lo(void)
{
    return date_from_ymd(LIMIT_FORM_FIRST_YEAR, LIMIT_FORM_FIRST_MONTH, 1);
}

date_t form_date_hi(date_t today)
{
    return date_add_months(today, 12 * LIMIT_FORM_YEARS_AHEAD);
}

const char *form_capital(struct arena *a, const char *what)
{
    char *s = arena_strdup(a, what);
    if (*s >= 'a' && *s <= 'z')
        *s = (char)(*s - 'a' + 'A');
    return s;
}

/* ---- readers ------------------------------------------------------------- */

/* The field's value without spaces at either end (in c->a), or NULL. */
static const char *value_of(struct ctx *c, const char *v)
{
    if (!v)
        return NULL;
    while (*v == ' ' || *v == '\t')
        v++;
    size_t n = strlen(v);
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r' || v[n - 1] == '\n'))
        n--;
    if (n == 0)
        return NULL;
    char *s = arena_alloc(c->a, n + 1);
    memcpy(s, v, n);
    s[n] = '\0';
    return s;
}

static const char *field(struct ctx *c, const char *id)
{
    return value_of(c, http_form_str(c->q, id));
}

/* A number as people write it: 10,000 (in a). */
static const char *grouped(struct arena *a, int64_t v, int decimals, int min_decimals)
{
    struct buf b;
    buf_init(&b, 64);
    if (decimals)
        fixed_add(&b, v, decimals, min_decimals, true);
    else
        buf_add_i64(&b, v, true);
    const char *s = arena_strdup(a, b.buf);
    buf_release(&b);
    return s;
}

/* A bound of a decimal field: whole numbers from 1 to 9 keep one decimal
 * ("1.0", a WTE), others as they are ("0", "0.01", "1,000,000"). */
static const char *decimal(struct arena *a, int64_t v, int decimals)
{
    int64_t unit = 1;
    for (int i = 0; i < decimals; i++)
        unit *= 10;
    bool small_whole = v > 0 && v % unit == 0 && v < 10 * unit;
    return grouped(a, v, decimals, small_whole ? 1 : 0);
}

static const char *pounds(struct arena *a, pence_t v)
{
    struct buf b;
    buf_init(&b, 64);
    money_add_display(&b, v);
    const char *s = arena_strdup(a, b.buf);
    buf_release(&b);
    return s;
}

static const char *uk_date(struct arena *a, date_t d)
{
    struct buf b;
    buf_init(&b, 64);
    date_add_uk(&b, d);
    const char *s = arena_strdup(a, b.buf);
    buf_release(&b);
    return s;
}

const char *form_count(struct arena *a, int64_t v)
{
    return grouped(a, v, 0, 0);
}

const char *form_read_text(struct ctx *c, struct form_errs *es, const char *id, const char *what,
                           bool required, size_t max_bytes)
{
    const char *v = field(c, id);
    if (!v) {
        if (required)
            form_err_add(es, id, "Enter %s", what);
        return NULL;
    }
    size_t n = strlen(v);
    if (!utf8_valid(v, n)) {
        form_err_add(es, id, "%s must be plain text", form_capital(c->a, what));
        return NULL;
    }
    if (n > max_bytes) {
        form_err_add(es, id, "%s must be %s characters or fewer", form_capital(c->a, what),
                     grouped(c->a, (int64_t)max_bytes, 0, 0));
        return NULL;
    }
    return v;
}

bool form_read_int(struct ctx *c, struct form_errs *es, const char *id, const char *what,
                   bool required, int64_t min, int64_t max, int64_t *out)
{
    const char *v = field(c, id);
    if (!v) {
        if (required)
            form_err_add(es, id, "Enter %s", what);
        return false;
    }
    if (fixed_parse(v, strlen(v), 0, min, max, out)) {
        form_err_add(es, id, "Enter %s as a whole number from %s to %s", what,
                     grouped(c->a, min, 0, 0), grouped(c->a, max, 0, 0));
        return false;
    }
    return true;
}

bool form_read_money(struct ctx *c, struct form_errs *es, const char *id, const char *what,
                     bool required, pence_t min, pence_t max, pence_t *out)
{
    const char *v = field(c, id);
    if (!v) {
        if (required)
            form_err_add(es, id, "Enter %s", what);
        return false;
    }
    if (money_parse(v, strlen(v), out) || *out < min || *out > max) {
        form_err_add(es, id, "Enter %s in pounds, from %s to %s, like 52000 or 52000.50", what,
                     pounds(c->a, min), pounds(c->a, max));
        return false;
    }
    return true;
}

bool form_read_fixed(struct ctx *c, struct form_errs *es, const char *id, const char *what,
                     bool required, int decimals, int64_t min, int64_t max, const char *example,
                     int64_t *out)
{
    const char *v = field(c, id);
    if (!v) {
        if (required)
            form_err_add(es, id, "Enter %s", what);
        return false;
    }
    if (fixed_parse(v, strlen(v), decimals, min, max, out)) {
        form_err_add(es, id, "Enter %s as a number from %s to %s, like %s", what,
                     decimal(c->a, min, decimals), decimal(c->a, max, decimals), example);
        return false;
    }
    return true;
}

static date_t read_date(struct ctx *c, struct form_errs *es, const char *id, const char *what,
                        bool required, date_t lo, date_t hi, bool query)
{
    static const char *const parts[3] = {"day", "month", "year"};
    const char *v[3];
    int64_t n[3];
    bool any = false;
    for (int i = 0; i < 3; i++) {
        const char *name = arena_printf(c->a, "%s-%s", id, parts[i]);
        v[i] = value_of(c, query ? http_query(c->q, name) : http_form_str(c->q, name));
        if (v[i])
            any = true;
    }
    if (!any) {
        if (required)
            form_err_add_date(es, id, "Enter %s", what);
        return DATE_NONE;
    }
    const char *missing = !v[0] ? "day" : !v[1] ? "month" : !v[2] ? "year" : NULL;
    if (missing) {
        form_err_add_date(es, id, "%s must include a %s", form_capital(c->a, what), missing);
        /* the link goes to the part that is missing */
        if (es->n && strcmp(es->e[es->n - 1].field, id) == 0)
            es->e[es->n - 1].href = arena_printf(es->a, "#%s-%s", id, missing);
        return DATE_NONE;
    }
    if (parse_i64(v[0], 1, 31, &n[0]) || parse_i64(v[1], 1, 12, &n[1]) ||
        parse_i64(v[2], 1000, 9999, &n[2]) || !date_valid_ymd((int)n[2], (int)n[1], (int)n[0])) {
        form_err_add_date(es, id, "%s must be a real date, like 23 11 2026",
                          form_capital(c->a, what));
        return DATE_NONE;
    }
    date_t d = date_from_ymd((int)n[2], (int)n[1], (int)n[0]);
    if ((lo != DATE_NONE && d < lo) || (hi != DATE_NONE && d > hi)) {
        if (lo != DATE_NONE && hi != DATE_NONE)
            form_err_add_date(es, id, "%s must be from %s to %s", form_capital(c->a, what),
                              uk_date(c->a, lo), uk_date(c->a, hi));
        else if (lo != DATE_NONE)
            form_err_add_date(es, id, "%s must be on or after %s", form_capital(c->a, what),
                              uk_date(c->a, lo));
        else
            form_err_add_date(es, id, "%s must be on or before %s", form_capital(c->a, what),
                              uk_date(c->a, hi));
        return DATE_NONE;
    }
    return d;
}

date_t form_read_date(struct ctx *c, struct form_errs *es, const char *id, const char *what,
                      bool required, date_t lo, date_t hi)
{
    return read_date(c, es, id, what, required, lo, hi, false);
}

date_t form_query_date(struct ctx *c, struct form_errs *es, const char *id, const char *what,
                       date_t lo, date_t hi)
{
    return read_date(c, es, id, what, false, lo, hi, true);
}

const char *form_read_choice(struct ctx *c, struct form_errs *es, const char *id, const char *what,
                             bool required, const char *const *values, size_t n)
{
    const char *v = field(c, id);
    if (!v) {
        if (required)
            form_err_add(es, id, "Choose %s", what);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        if (strcmp(values[i], v) == 0)
            return values[i];
    form_err_add(es, id, "Choose %s from the list", what);
    return NULL;
}

bool form_read_tick(struct ctx *c, const char *id, const char *value)
{
    http_form(c->q, id); /* parses the body on first use */
    for (size_t i = 0; i < c->q->nform; i++)
        if (strcmp(c->q->form[i].name, id) == 0 && strcmp(c->q->form[i].value, value) == 0)
            return true;
    return false;
}
