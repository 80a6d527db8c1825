/* libical first: banned.h (through common.h) must come after every system
 * and library header. */
#include <libical/ical.h>

#include "common.h"
#include "icscal.h"
#include "icsline.h"

static void plist_add(struct arena *a, struct icscal_plist *l, const struct icsline_prop *p)
{
    if (l->n == l->cap)
        l->v = arena_grow(a, l->v, l->n, &l->cap, sizeof *l->v);
    l->v[l->n++] = *p;
}

/* The checks that need nothing but the event itself. */
static int finish_event(struct icsline_reader *r, struct icscal_event *v)
{
    int rc;
    if (!v->has_start)
        return icsline_err(r, v->line, "the event begun here has no DTSTART");
    if (v->has_end && v->has_duration)
        return icsline_err(r, v->line, "the event begun here has both DTEND and DURATION");
    if ((rc = icsline_when(r, &v->dtstart, &v->start)))
        return rc;
    if (v->has_end) {
        if ((rc = icsline_when(r, &v->dtend, &v->end)))
            return rc;
        if ((v->end.kind == ICSLINE_DATE) != (v->start.kind == ICSLINE_DATE))
            return icsline_err(r, v->dtend.line,
                               "DTEND: a date and a date-time cannot be mixed in one event");
    } else if (v->has_duration) {
        int64_t len;
        if ((rc = icsline_duration(r, &v->duration, v->duration.value, &len)))
            return rc;
    }
    if (v->has_recurid) {
        const char *range = icsline_param(&v->recurid, "RANGE");
        if (range && strcmp(range, "THISANDFUTURE") == 0)
            return icsline_err(
                r, v->recurid.line,
                "RECURRENCE-ID;RANGE=THISANDFUTURE (a change to this and every later "
                "meeting) is not supported: save the series again in the calendar "
                "and export it");
        if ((rc = icsline_when(r, &v->recurid, &v->rid)))
            return rc;
        if (!v->uid)
            return icsline_err(
                r, v->recurid.line,
                "RECURRENCE-ID: the event has no UID to say which meeting it changes");
    }
    return 0;
}

static int event_prop(struct icsline_reader *r, struct icscal_event *v,
                      const struct icsline_prop *p)
{
    int rc;
    struct {
        const char *name;
        struct icsline_prop *slot;
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
            return icsline_err(r, p->line, "%s appears twice in the event begun on line %ld",
                               p->name, v->line);
        *once[i].slot = *p;
        *once[i].flag = true;
        return 0;
    }
    if (strcmp(p->name, "SUMMARY") == 0)
        return icsline_unescape(r, p, &v->summary);
    if (strcmp(p->name, "UID") == 0) {
        if ((rc = icsline_unescape(r, p, &v->uid)))
            return rc;
        if (strlen(v->uid) > 255)
            return icsline_err(r, p->line, "UID: longer than 255 bytes");
        return 0;
    }
    if (strcmp(p->name, "RRULE") == 0) {
        if (v->rrule.n == LIMIT_ICS_RRULES)
            return icsline_err(r, p->line,
                               "more than %d RRULE lines in the event begun on line %ld",
                               LIMIT_ICS_RRULES, v->line);
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

/* Where the reader is in the file's components. */
struct nest {
    struct {
        const char *name;
        long line;
    } stack[LIMIT_ICS_DEPTH];
    int depth;
    bool seen_calendar;
    struct icscal_event ev; /* the VEVENT being read */
    struct icszone_vtz *tz; /* the VTIMEZONE being read, or NULL */
    int tz_depth;
};

/* BEGIN:comp, its line starting at line_start. */
static int on_begin(struct icsline_reader *r, struct icscal *c, struct nest *n,
                    const struct icsline_prop *p, const char *comp, const char *line_start)
{
    if (n->depth == 0 && strcmp(comp, "VCALENDAR") != 0)
        return icsline_err(r, p->line,
                           "BEGIN:%s outside BEGIN:VCALENDAR (is this an .ics "
                           "calendar file?)",
                           comp);
    if (n->depth > 0 && strcmp(comp, "VCALENDAR") == 0)
        return icsline_err(r, p->line, "BEGIN:VCALENDAR inside %s", n->stack[n->depth - 1].name);
    if (strcmp(comp, "VEVENT") == 0 && strcmp(n->stack[n->depth - 1].name, "VCALENDAR"))
        return icsline_err(r, p->line, "BEGIN:VEVENT inside %s: events belong in VCALENDAR",
                           n->stack[n->depth - 1].name);
    if (n->depth == LIMIT_ICS_DEPTH)
        return msg_set(r->m, PCN_ELIMIT, "%s:%ld: components nested more than %d deep", r->name,
                       p->line, LIMIT_ICS_DEPTH);
    n->stack[n->depth].name = comp;
    n->stack[n->depth++].line = p->line;
    n->seen_calendar = true;
    if (strcmp(comp, "VEVENT") == 0) {
        memset(&n->ev, 0, sizeof n->ev);
        n->ev.line = p->line;
    } else if (strcmp(comp, "VTIMEZONE") == 0 && !n->tz) {
        if (c->zones.ntz == ICSZONE_MAX)
            return icsline_err(r, p->line, "more than %d VTIMEZONE blocks", ICSZONE_MAX);
        n->tz = &c->zones.tz[c->zones.ntz++];
        memset(n->tz, 0, sizeof *n->tz);
        n->tz->line = p->line;
        n->tz->from = line_start;
        n->tz_depth = n->depth;
    }
    return 0;
}

/* END:comp: a VTIMEZONE's text kept, a VEVENT checked and kept. */
static int on_end(struct icsline_reader *r, struct icscal *c, struct nest *n,
                  const struct icsline_prop *p, const char *comp)
{
    int rc;
    if (n->depth == 0)
        return icsline_err(r, p->line, "END:%s without a BEGIN:%s", comp, comp);
    if (strcmp(n->stack[n->depth - 1].name, comp) != 0)
        return icsline_err(r, p->line, "END:%s does not match BEGIN:%s on line %ld", comp,
                           n->stack[n->depth - 1].name, n->stack[n->depth - 1].line);
    if (n->tz && n->depth == n->tz_depth) {
        n->tz->text = arena_strndup(r->a, n->tz->from, (size_t)(r->p - n->tz->from));
        n->tz = NULL;
    }
    n->depth--;
    if (strcmp(comp, "VEVENT") == 0) {
        if (c->nev == (size_t)LIMIT_ICS_EVENTS)
            return msg_set(r->m, PCN_ELIMIT, "%s:%ld: more than %d events", r->name, n->ev.line,
                           LIMIT_ICS_EVENTS);
        if ((rc = finish_event(r, &n->ev)))
            return rc;
        if (c->nev == c->evcap)
            c->ev = arena_grow(r->a, c->ev, c->nev, &c->evcap, sizeof *c->ev);
        c->ev[c->nev++] = n->ev;
    }
    return 0;
}

/* BEGIN or END p: its component's name checked, upper case. */
static int begin_or_end(struct icsline_reader *r, struct icscal *c, struct nest *n,
                        const struct icsline_prop *p, bool begin, const char *line_start)
{
    const char *v = p->value;
    size_t vn = strlen(v);
    for (size_t i = 0; i < vn; i++)
        if (!icsline_name_char(v[i]))
            vn = 0;
    if (vn == 0)
        return icsline_err(r, p->line, "%s: '%.40s' is not a component name", p->name, v);
    const char *comp = icsline_upper(r->a, v, vn);
    return begin ? on_begin(r, c, n, p, comp, line_start) : on_end(r, c, n, p, comp);
}

int icscal_read(struct icsline_reader *r, struct icscal *c)
{
    struct nest *n = ARENA_NEW(r->a, struct nest);
    struct icsline_prop p;
    int rc;

    while ((rc = icsline_next(r)) == 1) {
        const char *line_start = r->line_start;
        if ((rc = icsline_read_prop(r, &p)))
            return rc;
        bool begin = strcmp(p.name, "BEGIN") == 0, end = strcmp(p.name, "END") == 0;
        if (begin || end) {
            if ((rc = begin_or_end(r, c, n, &p, begin, line_start)))
                return rc;
            continue;
        }
        if (n->depth == 0)
            return icsline_err(r, p.line,
                               n->seen_calendar ? "%s after END:VCALENDAR"
                                                : "%s before BEGIN:VCALENDAR (is this an .ics "
                                                  "calendar file?)",
                               p.name);
        const char *top = n->stack[n->depth - 1].name;
        if (strcmp(top, "VEVENT") == 0 && (rc = event_prop(r, &n->ev, &p)))
            return rc;
        if (n->tz && n->depth == n->tz_depth && strcmp(p.name, "TZID") == 0)
            n->tz->tzid = p.value;
        if (n->depth == 1 && strcmp(p.name, "X-WR-TIMEZONE") == 0 && *p.value)
            c->wr_timezone = p.value;
    }
    if (rc < 0)
        return rc;
    if (!n->seen_calendar)
        return icsline_err(r, 1, "the file is empty: a calendar starts with BEGIN:VCALENDAR");
    if (n->depth > 0)
        return icsline_err(r, r->next_line - 1, "the file ends inside %s begun on line %ld",
                           n->stack[n->depth - 1].name, n->stack[n->depth - 1].line);
    return 0;
}
