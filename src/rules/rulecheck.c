#include "common.h"
#include "rulecheck.h"

struct xctx {
    struct rules *r;
    struct rules_year *y;
    struct rules_diag *d;
    long errors;
};

static void xerr(struct xctx *x, const struct rule_ref *at, const char *col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void xerr(struct xctx *x, const struct rule_ref *at, const char *col, const char *fmt, ...)
{
    char what[LIMIT_MSG_BYTES];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    rules_diag_add(x->r, x->d, true,
                   arena_printf(x->r->a, "%s:%ld: field %s: %s", at->file, at->line, col, what));
    x->errors++;
    if (x->y)
        x->y->nerrors++;
}

static void xwarn(struct xctx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void xwarn(struct xctx *x, const char *fmt, ...)
{
    char text[LIMIT_MSG_BYTES];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    rules_diag_add(x->r, x->d, false, text);
}

static bool overlap(const struct rule_meta *a, const struct rule_meta *b)
{
    return a->from <= b->to && b->from <= a->to;
}

static void overlap_error(struct xctx *x, const struct rule_meta *later,
                          const struct rule_meta *earlier, const char *what)
{
    char a[11], b[11], c[11], d[11];
    date_format_iso(later->from, a);
    date_format_iso(later->to, b);
    date_format_iso(earlier->from, c);
    date_format_iso(earlier->to, d);
    xerr(x, &later->at, "valid_from",
         "%s: this row (%s to %s) overlaps line %ld (%s to %s); a rate holds for one period "
         "at a time",
         what, a, b, earlier->at.line, c, d);
}

static const struct rule_stream *find_stream(const struct rules_year *y, const char *id)
{
    for (size_t i = 0; i < y->nstreams; i++)
        if (strcmp(y->streams[i].id, id) == 0)
            return &y->streams[i];
    return NULL;
}

static const struct rule_iif *find_iif(const struct rules_year *y, const char *code)
{
    for (size_t i = 0; i < y->niif; i++)
        if (strcmp(y->iif[i].code, code) == 0)
            return &y->iif[i];
    return NULL;
}

/* Rates on streams the year declares, one base a part, no overlaps; a
 * stream with no rate; schedules on declared streams. */
static void check_streams(struct xctx *x)
{
    const struct rules_year *y = x->y;
    for (size_t i = 0; i < y->nrates; i++) {
        const struct rule_rate *t = &y->rates[i];
        if (!find_stream(y, t->stream)) {
            xerr(x, &t->m.at, "stream", "%s is not declared in %s/streams.csv", t->stream, y->dir);
            continue;
        }
        for (size_t j = 0; j < i; j++) {
            const struct rule_rate *u = &y->rates[j];
            if (strcmp(t->stream, u->stream) || strcmp(t->part, u->part))
                continue;
            if (t->base != u->base) {
                xerr(x, &t->m.at, "base", "%s %s is on %s on line %ld; a part keeps one base",
                     t->stream, t->part, rule_base_name(u->base), u->m.at.line);
                break;
            }
            if (!t->alternative && !u->alternative && overlap(&t->m, &u->m)) {
                char what[160];
                snprintf(what, sizeof what, "%s %s", t->stream, t->part);
                overlap_error(x, &t->m, &u->m, what);
                break;
            }
        }
    }
    for (size_t i = 0; i < y->nstreams; i++) {
        bool any = false;
        for (size_t j = 0; j < y->nrates && !any; j++)
            any = strcmp(y->rates[j].stream, y->streams[i].id) == 0 && !y->rates[j].alternative;
        if (!any)
            xwarn(x, "%s:%ld: stream %s has no rate in %s/stream_rates.csv", y->streams[i].at.file,
                  y->streams[i].at.line, y->streams[i].id, y->dir);
    }
    for (size_t i = 0; i < y->nschedule; i++) {
        const struct rule_schedule *t = &y->schedule[i];
        if (!find_stream(y, t->stream)) {
            xerr(x, &t->m.at, "stream", "%s is not declared in %s/streams.csv", t->stream, y->dir);
            continue;
        }
        for (size_t j = 0; j < i; j++) {
            const struct rule_schedule *u = &y->schedule[j];
            if (!strcmp(t->stream, u->stream) && overlap(&t->m, &u->m)) {
                overlap_error(x, &t->m, &u->m, t->stream);
                break;
            }
        }
    }
}

/* ARRS maxima of known roles, pay points and on-costs with no overlaps. */
static void check_arrs(struct xctx *x)
{
    const struct rules_year *y = x->y;
    char fy[8];
    fy_format(y->fy, fy);
    for (size_t i = 0; i < y->nmaxima; i++) {
        const struct rule_max *t = &y->maxima[i];
        bool role = false;
        for (size_t j = 0; j < y->nroles && !role; j++)
            role = strcmp(y->roles[j].id, t->role) == 0;
        if (!role) {
            xerr(x, &t->m.at, "role", "%s is not in %s/arrs_roles.csv", t->role, y->dir);
            continue;
        }
        for (size_t j = 0; j < i; j++) {
            const struct rule_max *u = &y->maxima[j];
            if (!strcmp(t->role, u->role) && t->area == u->area && overlap(&t->m, &u->m)) {
                char what[160];
                snprintf(what, sizeof what, "%s %s", t->role, rule_area_name(t->area));
                overlap_error(x, &t->m, &u->m, what);
                break;
            }
        }
    }
    for (size_t i = 0; i < y->npay; i++) {
        const struct rule_pay *t = &y->pay[i];
        for (size_t j = 0; j < i; j++) {
            const struct rule_pay *u = &y->pay[j];
            if (!strcmp(t->band, u->band) && t->point == u->point && overlap(&t->m, &u->m)) {
                char what[64];
                snprintf(what, sizeof what, "band %s %s", t->band, rule_pay_point_name(t->point));
                overlap_error(x, &t->m, &u->m, what);
                break;
            }
            if (!strcmp(t->band, u->band) &&
                (t->point == POINT_SINGLE) != (u->point == POINT_SINGLE)) {
                xerr(x, &t->m.at, "point",
                     "band %s has a single point on one line and several on another (line %ld)",
                     t->band, u->m.at.line);
                break;
            }
        }
    }
    if (y->npay == 0)
        xwarn(x, "%s/afc_pay.csv: no Agenda for Change pay points for %s", y->dir, fy);
    for (size_t i = 0; i < y->noncosts; i++)
        for (size_t j = 0; j < i; j++)
            if (y->oncosts[i].item == y->oncosts[j].item &&
                overlap(&y->oncosts[i].m, &y->oncosts[j].m)) {
                overlap_error(x, &y->oncosts[i].m, &y->oncosts[j].m,
                              rule_oncost_name(y->oncosts[i].item));
                break;
            }
}

/* IIF indicators, point values, measures and adjustments. */
static void check_iif(struct xctx *x)
{
    const struct rules_year *y = x->y;
    for (size_t i = 0; i < y->niif; i++)
        for (size_t j = 0; j < i; j++)
            if (!strcmp(y->iif[i].code, y->iif[j].code) && overlap(&y->iif[i].m, &y->iif[j].m)) {
                overlap_error(x, &y->iif[i].m, &y->iif[j].m, y->iif[i].code);
                break;
            }
    for (size_t i = 0; i < y->niif_values; i++)
        for (size_t j = 0; j < i; j++)
            if (overlap(&y->iif_values[i].m, &y->iif_values[j].m)) {
                overlap_error(x, &y->iif_values[i].m, &y->iif_values[j].m, "the point value");
                break;
            }
    for (size_t i = 0; i < y->niif_measures; i++) {
        const struct rule_iif_measure *t = &y->iif_measures[i];
        if (!find_iif(y, t->code)) {
            xerr(x, &t->m.at, "code", "%s is not in %s/iif_indicators.csv", t->code, y->dir);
            continue;
        }
        for (size_t j = 0; j < i; j++) {
            const struct rule_iif_measure *u = &y->iif_measures[j];
            if (!overlap(&t->m, &u->m))
                continue;
            if (!strcmp(t->measure, u->measure)) {
                xerr(x, &t->m.at, "measure", "'%s' is mapped twice (first on line %ld)", t->measure,
                     u->m.at.line);
                break;
            }
            if (!strcmp(t->code, u->code) && t->part == u->part) {
                xerr(x, &t->m.at, "part", "%s %s is already named by line %ld", t->code,
                     rule_iif_part_name(t->part), u->m.at.line);
                break;
            }
        }
    }
    for (size_t i = 0; i < y->niif_adjust; i++) {
        const struct rule_iif_adjustment *t = &y->iif_adjust[i];
        if (!find_iif(y, t->code)) {
            xerr(x, &t->m.at, "code", "%s is not in %s/iif_indicators.csv", t->code, y->dir);
            continue;
        }
        for (size_t j = 0; j < i; j++) {
            const struct rule_iif_adjustment *u = &y->iif_adjust[j];
            if (!strcmp(t->code, u->code) && t->kind == u->kind && overlap(&t->m, &u->m)) {
                char what[64];
                snprintf(what, sizeof what, "%s %s", t->code, rule_iif_adjust_name(t->kind));
                overlap_error(x, &t->m, &u->m, what);
                break;
            }
        }
    }
}

static void check_year(struct xctx *x)
{
    check_streams(x);
    check_arrs(x);
    check_iif(x);
}

long rulecheck_year(struct rules *r, struct rules_year *y, struct rules_diag *d)
{
    struct xctx x = {.r = r, .y = y, .d = d};
    check_year(&x);
    return x.errors;
}
