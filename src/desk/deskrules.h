/* deskrules.h: the NHS figures of the clinical director's desk, read from
 * the rules directory (rules.h) at run time, in the rules files' format:
 * columns found by name, the common columns valid_from, valid_to (both
 * inclusive, inside the year's directory), confidence, sources (tags of
 * DIR/sources.csv) and note, and every problem reported as
 * "FILE:LINE: field NAME: words".
 *
 *   DIR/YYYY-YY/cd_time.csv      funded clinical director time:
 *       wte            WTE funded per per_patients (up to 4 decimals)
 *       per_patients   registered patients (a whole number, 1 or more)
 *       hours_per_wte  hours a week of one WTE (up to 2 decimals, whole
 *                      minutes: 37.5)
 *   DIR/YYYY-YY/supervision.csv  the minimum supervision of ARRS staff:
 *       role           an ARRS role id (arrs_roles.csv), or * for every
 *                      role without a row of its own
 *       max_days       the longest a staff member may go between logged
 *                      supervision sessions, in days; empty if not known
 *   DIR/YYYY-YY/deadlines.csv    the year's declarations and deadlines for a
 *                      PCN (the home page lists them):
 *       id             a short name (lower case, digits, _)
 *       what           what is to be done, in words for a person
 *       page           where in PCN Ops it is done: arrs_claims, arrs,
 *                      funding, iif, desk, rules, or none
 *       valid_from     when it opens; valid_to is the deadline itself
 *
 * A year without the file has no rows (the desk carries the nearest
 * earlier year's row forward, desk.h).  Rows for the same thing may not
 * overlap.  `pcnops desk rules` lists every problem.
 *
 * Memory: everything lives in the arena given to deskrules_load. */
#ifndef PCN_DESKRULES_H
#define PCN_DESKRULES_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "desk.h"
#include "err.h"
#include "rules.h"

#define DESKRULES_ERRORS_KEPT 50

struct desk_sup_rule {
    fy_t fy;
    const char *role; /* "*" for every role */
    bool known;
    int64_t max_days;
    date_t from, to;
    enum confidence conf;
    const char *cite; /* "rules/2025-26/supervision.csv:3" */
    const char *note;
};

struct desk_deadline {
    fy_t fy;
    const char *id, *what, *page;
    date_t from, to; /* to: the deadline (inclusive) */
    enum confidence conf;
    const char *sources; /* "[S2][S15]" */
    const char *cite;    /* "rules/2026-27/deadlines.csv:2 [S2]" */
    const char *note;
};

struct deskrules {
    const char *dir;
    struct desk_cd_rule *cd; /* by valid_from */
    size_t ncd;
    struct desk_sup_rule *sup; /* by valid_from */
    size_t nsup;
    struct desk_deadline *deadlines; /* by valid_to, then id */
    size_t ndeadlines;
    long nerrors;
    const char *errors[DESKRULES_ERRORS_KEPT];
    size_t cap_[3];
};

/* Reads DIR/sources.csv and every year's cd_time.csv, supervision.csv and
 * deadlines.csv.
 * 0 when everything is valid; PCN_EINVAL with the first problem in m (all
 * in out->errors, and out holds the valid rows); PCN_ENOTFOUND when DIR
 * cannot be read. */
int deskrules_load(const char *dir, struct arena *a, struct deskrules *out, struct pcn_msg *m);

/* The pure part, for tests: parses one file of a year (name is used in
 * messages; kind "cd_time", "supervision" or "deadlines"), checking source tags against
 * tags (NULL: no check).  Returns the number of new errors. */
void deskrules_init(struct deskrules *r, const char *dir);
long deskrules_parse(struct deskrules *r, struct arena *a, const struct rules *tags, fy_t fy,
                     const char *kind, const char *name, const char *data, size_t len);
/* Overlapping rows; call once everything is parsed.  New errors. */
long deskrules_check(struct deskrules *r, struct arena *a);

/* The minimum for a role on a date: its own row, else the "*" row, of the
 * year holding d (or the nearest earlier year's, *carried); NULL when
 * there is none. */
const struct desk_sup_rule *deskrules_supervision(const struct deskrules *r, const char *role,
                                                  date_t d, bool *carried);

#endif
