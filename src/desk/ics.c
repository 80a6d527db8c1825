/* libical first: banned.h (through common.h) must come after every system
 * and library header. */
#include <libical/ical.h>
#include <pthread.h>

#include "common.h"
#include "ics.h"
#include "buf.h"
#include "icscal.h"
#include "icsline.h"
#include "icsrule.h"
#include "icszone.h"

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

/* libical's zone data and error state are shared by the whole process: one
 * calendar is expanded at a time. */
static pthread_mutex_t ical_lock = PTHREAD_MUTEX_INITIALIZER;

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

/* One RRULE's occurrences near the window. */
static int expand_rule(struct icsline_reader *r, struct icscal *c, const struct icscal_event *v,
                       const struct icsline_prop *p, struct icaltimetype start,
                       const struct window *w, struct occs *o, long *steps)
{
    (void)c;
    struct icalrecurrencetype rule;
    if (strstr(p->value, "RSCALE="))
        return icsline_err(r, p->line,
                           "RRULE: RSCALE (a rule in another calendar than the "
                           "Gregorian) is not supported");
    if (!icsrule_ok(p->value))
        return icsline_err(
            r, p->line, "RRULE: '%.60s' is not a repeat rule like FREQ=WEEKLY;COUNT=4", p->value);
    rule = icalrecurrencetype_from_string(p->value);
    icalerror_clear_errno();
    if (rule.freq == ICAL_NO_RECURRENCE)
        return icsline_err(
            r, p->line, "RRULE: '%.60s' is not a repeat rule like FREQ=WEEKLY;COUNT=4", p->value);
    if (rule.freq == ICAL_SECONDLY_RECURRENCE || rule.freq == ICAL_MINUTELY_RECURRENCE)
        return icsline_err(r, p->line,
                           "RRULE: FREQ=%s: a meeting repeating every %s is not a "
                           "meeting to log",
                           icsrule_freq_name(rule.freq),
                           rule.freq == ICAL_SECONDLY_RECURRENCE ? "second" : "minute");
    if (rule.interval < 1)
        return icsline_err(r, p->line, "RRULE: INTERVAL must be 1 or more");
    const char *never = icsrule_impossible(&rule);
    if (never)
        return icsline_err(r, p->line, "RRULE: '%.60s' never happens: %s", p->value, never);
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
        until = icszone_secs(u);
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
        return icsline_err(r, p->line, "RRULE: '%.60s' cannot be used with the event's DTSTART",
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
        int64_t s = icszone_secs(t);
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
static int add_rdates(struct icsline_reader *r, struct icscal *c, const struct icscal_event *v,
                      const struct icsline_prop *p, const icaltimezone *ez, const struct window *w,
                      struct occs *o)
{
    const char **items;
    const char *vt = icsline_param(p, "VALUE"), *tz = icsline_param(p, "TZID");
    bool period = vt && strcmp(vt, "PERIOD") == 0;
    size_t n = split_list(r->a, p->value, &items);
    for (size_t i = 0; i < n; i++) {
        struct icsline_when s;
        struct icaltimetype t;
        int64_t len = v->len;
        int rc;
        const char *text = items[i];
        if (period) {
            const char *slash = strchr(text, '/');
            if (!slash)
                return icsline_err(r, p->line,
                                   "RDATE: '%.40s' is not a period like "
                                   "20261123T090000Z/PT1H",
                                   text);
            const char *a = arena_strndup(r->a, text, (size_t)(slash - text));
            if ((rc = icsline_when_text(r, p, a, NULL, tz, &s)) ||
                (rc = icszone_to_ical_in(r, &c->zones, &s, ez, &t)))
                return rc;
            const char *b = slash + 1;
            if (*b == 'P' || *b == '+' || *b == '-') {
                if ((rc = icsline_duration(r, p, b, &len)))
                    return rc;
            } else {
                struct icsline_when e;
                struct icaltimetype et;
                if ((rc = icsline_when_text(r, p, b, NULL, tz, &e)) ||
                    (rc = icszone_to_ical_in(r, &c->zones, &e, ez, &et)))
                    return rc;
                len = icszone_secs(et) - icszone_secs(t);
                if (len < 0)
                    return icsline_err(r, p->line,
                                       "RDATE: the period '%.40s' ends before it starts", text);
            }
        } else {
            if ((rc = icsline_when_text(r, p, text, vt, tz, &s)) ||
                (rc = icszone_to_ical_in(r, &c->zones, &s, ez, &t)))
                return rc;
            if ((s.kind == ICSLINE_DATE) != (v->start.kind == ICSLINE_DATE))
                return icsline_err(r, p->line,
                                   "RDATE: '%.40s': a date and a date-time cannot be "
                                   "mixed in one event",
                                   text);
        }
        int64_t secs = icszone_secs(t);
        if (near_window(w, secs))
            occ_add(r->a, o, secs, len, t.is_date ? date_of(t) : local_date(secs, t.zone));
    }
    return 0;
}

/* Whether occurrence x is the instance named by when e (in UTC, or its date
 * when e is a date). */
static bool occ_is(const struct occ *x, const struct icsline_when *e, int64_t esecs)
{
    if (e->kind == ICSLINE_DATE)
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
    struct icsline_when rid;
    int64_t rid_secs;
};

static int cmp_override(const void *pa, const void *pb)
{
    return strcmp(((const struct override *)pa)->uid, ((const struct override *)pb)->uid);
}

struct outcome {
    long cancelled, allday, empty, toolong;
};

static void warn(struct icsline_reader *r, struct ics_result *out, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void warn(struct icsline_reader *r, struct ics_result *out, long line, const char *fmt, ...)
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
static void left_out(struct icsline_reader *r, struct ics_result *out, const struct icscal_event *v,
                     bool repeats, long n, const char *why)
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

static int emit(struct icsline_reader *r, struct ics_result *out, size_t *cap,
                const struct icscal_event *v, const struct occ *x, bool repeats, struct outcome *oc)
{
    if (v->cancelled) {
        oc->cancelled++;
        return 0;
    }
    if (v->start.kind == ICSLINE_DATE) {
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

static bool in_window(const struct window *w, const struct icscal_event *v, const struct occ *x)
{
    if (v->start.kind == ICSLINE_DATE)
        return x->date >= w->from && x->date <= w->to;
    return x->secs >= w->from_secs && x->secs < w->to_secs;
}

/* Start, end and length of an event, its zones looked up. */
static int event_times(struct icsline_reader *r, struct icscal *c, struct icscal_event *v,
                       struct icaltimetype *start)
{
    int rc;
    struct icaltimetype end;
    if ((rc = icszone_to_ical(r, &c->zones, &v->start, start)))
        return rc;
    v->len = 0;
    if (v->has_end) {
        if ((rc = icszone_to_ical(r, &c->zones, &v->end, &end)))
            return rc;
        v->len = icszone_secs(end) - icszone_secs(*start);
        if (v->len < 0)
            return icsline_err(r, v->dtend.line, "DTEND is before DTSTART");
    } else if (v->has_duration) {
        if ((rc = icsline_duration(r, &v->duration, v->duration.value, &v->len)))
            return rc;
    } else if (v->start.kind == ICSLINE_DATE) {
        v->len = 86400;
    }
    return 0;
}

static int expand_event(struct icsline_reader *r, struct icscal *c, struct icscal_event *v,
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
    int64_t first = icszone_secs(start);
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
    struct icsline_when *ex = NULL;
    int64_t *exs = NULL;
    size_t nex = 0, excap = 0, exscap = 0;
    for (size_t i = 0; i < v->exdate.n; i++) {
        const struct icsline_prop *p = &v->exdate.v[i];
        const char **items;
        size_t n = split_list(r->a, p->value, &items);
        for (size_t k = 0; k < n; k++) {
            struct icsline_when e;
            struct icaltimetype t;
            if ((rc = icsline_when_text(r, p, items[k], icsline_param(p, "VALUE"),
                                        icsline_param(p, "TZID"), &e)) ||
                (rc = icszone_to_ical_in(r, &c->zones, &e, start.zone, &t)))
                return rc;
            if (nex == excap)
                ex = arena_grow(r->a, ex, nex, &excap, sizeof *ex);
            if (nex == exscap)
                exs = arena_grow(r->a, exs, nex, &exscap, sizeof *exs);
            ex[nex] = e;
            exs[nex++] = icszone_secs(t);
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
static int expand_all(struct icsline_reader *r, struct icscal *c, date_t from, date_t to,
                      struct ics_result *out)
{
    int rc = 0;
    size_t cap = 0;
    long steps = 0;
    struct window w = {from, to, ics_london_to_utc((int64_t)from * 1440) * 60,
                       ics_london_to_utc(((int64_t)to + 1) * 1440) * 60};
    c->zones.floating = icszone_builtin("Europe/London");
    if (!c->zones.floating)
        return msg_set(r->m, PCN_EIO,
                       "%s: the time zone database has no Europe/London "
                       "(is the tzdata package installed?)",
                       r->name);
    if (c->wr_timezone) {
        icaltimezone *z = NULL;
        if ((rc = icszone_file(r, &c->zones, c->wr_timezone, &z)))
            return rc;
        if (!z)
            z = icszone_builtin(c->wr_timezone);
        if (z)
            c->zones.floating = z;
    }
    /* The overrides, with their RECURRENCE-ID in UTC, sorted by UID. */
    struct override *ov = ARENA_ARRAY(r->a, struct override, c->nev + 1);
    size_t nov = 0;
    for (size_t i = 0; i < c->nev; i++) {
        struct icscal_event *v = &c->ev[i];
        if (!v->has_recurid || !v->uid)
            continue;
        struct icaltimetype t, own;
        /* a floating RECURRENCE-ID is in the zone of the event's own start */
        if ((rc = icszone_to_ical(r, &c->zones, &v->start, &own)) ||
            (rc = icszone_to_ical_in(r, &c->zones, &v->rid, own.zone, &t)))
            return rc;
        ov[nov++] = (struct override){v->uid, v->rid, icszone_secs(t)};
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

int ics_parse(const char *name, const char *data, size_t len, date_t from, date_t to,
              struct arena *a, struct ics_result *out, struct pcn_msg *m)
{
    struct icsline_reader r = {
        .name = name, .p = data, .end = data + len, .next_line = 1, .a = a, .m = m};
    struct icscal *c;
    int rc;

    memset(out, 0, sizeof *out);
    if (from == DATE_NONE || to == DATE_NONE || to < from)
        BUG("ics_parse: the window must be two dates, in order");
    if (len > (size_t)LIMIT_ICS_BYTES)
        return msg_set(m, PCN_ELIMIT, "%s: larger than %ld bytes", name, (long)LIMIT_ICS_BYTES);
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        r.p += 3;
    c = ARENA_ARRAY(a, struct icscal, 1);
    buf_init(&r.line, LIMIT_ICS_LINE_BYTES);
    rc = icscal_read(&r, c);
    buf_release(&r.line);
    if (rc)
        return rc;
    pthread_mutex_lock(&ical_lock);
    rc = expand_all(&r, c, from, to, out);
    icszone_free(&c->zones);
    icalerror_clear_errno();
    pthread_mutex_unlock(&ical_lock);
    if (rc)
        memset(out, 0, sizeof *out);
    return rc;
}
