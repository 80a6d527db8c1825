/* iifdata.h: the Investment and Impact Fund (IIF) in the store: NHS
 * England's annual publication imported, a PCN's own figures entered month
 * by month, prevalences entered, and everything the pure engine (iif.h)
 * needs for one PCN and year gathered.  Tables: src/store/sql/006_iif.sql.
 *
 * The publication is imported by iifpub.h (`pcnops import iif FILE`).
 *
 * Roll-up (rules-reference §7; MANIFEST.md): some indicators are published
 * for practices only (ACC-08, EHCH-04 in 2023/24), some for PCNs only
 * (ACC-10).  A PCN's figure is its own published row when there is one;
 * else the sum of the practices that were its members on the achievement
 * date in the registry (registry.h).  The import reports how many
 * practices roll up and lists, in a warning, the practices with no known
 * PCN on that date; their figures are kept, not dropped, and
 * iifdata_unallocated lists them all.  The roll-up is done when a PCN is
 * read, so a registry loaded later is used without re-importing.
 *
 * Figures entered (`pcnops iif enter`): the year-to-date numerator and
 * denominator at the end of a month, for the PCN or for one of its member
 * practices (on the month's last day).  A PCN's figures for the year are
 * the publication's when the year has one for the indicator, else the
 * latest month entered (its PCN row, else the sum of its practices).
 *
 * Lists and prevalence for the payment (iif.h): the PCN's registered list
 * and the national average PCN list are those of 1 January before the year
 * (members and list sizes as the entitlements use them, funding.h; when
 * the store holds no lists of that date the nearest stand in and the
 * adjustment is marked an estimate); "national" is every PCN in the store.
 * A prevalence is, in order: entered for the PCN and for England
 * (iifdata_set_prevalence); else, for an indicator whose rules name a QOF
 * register, that register summed over the PCN's members and over every
 * practice of the QOF year (the year itself, else the latest before it).
 *
 * All functions return 0 or a negative enum pcn_err with m set; strings and
 * arrays of results live in the arena passed in. */
#ifndef PCN_IIFDATA_H
#define PCN_IIFDATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "arena.h"
#include "date.h"
#include "err.h"
#include "iif.h"
#include "import.h"
#include "rules.h"

struct db;
struct audit_entry;

/* Practices with published figures for the year and no PCN on its
 * achievement date (*ach: the latest achievement date of the year with
 * practice figures, DATE_NONE when none), by code. */
struct iif_orphan {
    const char *code, *name;
};
int iifdata_unallocated(struct db *db, fy_t fy, struct arena *a, date_t *ach,
                        struct iif_orphan **out, size_t *n, struct pcn_msg *m);

/* One month's figures, as entered. */
struct iif_entry {
    const char *org; /* the PCN, or a member practice */
    const char *code;
    int year, month;
    int64_t numerator, denominator;
    time_t entered_at;
};

/* Enters (or replaces) a month's year-to-date figures.  org is the PCN or
 * one of its member practices on the month's last day; code an indicator
 * of that month's year in the rules.  PCN_EINVAL naming the problem (the
 * field in *field when not NULL: "code", "org", "month", "numerator",
 * "denominator"); PCN_ENOTFOUND for a PCN the registry does not know.
 * *had and *before get the figures replaced.  The figures and their audit
 * entry (note, audit.h; the before and after added) in one transaction, as
 * iifdata_set_prevalence's. */
int iifdata_enter(struct db *db, const struct rules *r, const char *pcn, const char *org,
                  const char *code, int year, int month, int64_t numerator, int64_t denominator,
                  time_t now, const struct audit_entry *note, bool *had, struct iif_entry *before,
                  const char **field, struct pcn_msg *m);
/* A PCN's entries of a year, by month then indicator then organisation. */
int iifdata_entries(struct db *db, const char *pcn, fy_t fy, struct arena *a,
                    struct iif_entry **out, size_t *n, struct pcn_msg *m);

/* Enters a prevalence for an indicator of a year: scope is a PCN code or
 * "national"; patients on the register out of list_size (> 0). */
int iifdata_set_prevalence(struct db *db, const struct rules *r, fy_t fy, const char *code,
                           const char *scope, int64_t patients, int64_t list_size,
                           const struct audit_entry *note, struct pcn_msg *m);

/* One indicator's practices, for the breakdown (iif_breakdown). */
struct iif_members {
    const char *code;                  /* the indicator                         */
    date_t on;                         /* the membership date used              */
    bool published;                    /* from the publication, else entered    */
    struct iif_practice_in *practices; /* every member on `on`, by code */
    size_t n;
};

/* Everything about one PCN and year. */
struct iif_pcn {
    const char *code, *name;
    fy_t fy;
    struct iif_input in;   /* for iif_compute; in.data points into data */
    struct iif_data *data; /* one per indicator with figures        */
    size_t ndata;
    struct iif_members *members; /* one per indicator with figures      */
    size_t nmembers;
    date_t members_on; /* the caller's override, or DATE_NONE   */
};

/* Gathers the PCN's figures and the payment's inputs for a year.
 * members_on, unless DATE_NONE, replaces the achievement date as the date
 * of the membership practices are rolled up through (an estimate the
 * figures' origin says).  PCN_ENOTFOUND for an unknown PCN or a year the
 * rules do not have. */
int iifdata_pcn(struct db *db, const struct rules *r, const char *pcn, fy_t fy, date_t members_on,
                struct arena *a, struct iif_pcn *out, struct pcn_msg *m);

/* Every PCN's year (each PCN in the store, by code), as iifdata_pcn gives
 * each: the year's tables are read once, in one read transaction and a
 * fixed number of statements, whatever the number of PCNs, then each PCN
 * is worked out in memory.  *out has *n entries in the arena.  One
 * difference from iifdata_pcn: a PCN whose Network Agreement shares name a
 * practice no longer a member keeps its list-size adjustment here (the
 * agreement is not read), where iifdata_pcn takes its lists from
 * funding_inputs, which refuses them. */
int iifdata_all(struct db *db, const struct rules *r, fy_t fy, date_t members_on, struct arena *a,
                struct iif_pcn **out, size_t *n, struct pcn_msg *m);
/* The same, one PCN at a time, so that memory is the year's tables (in a)
 * and one PCN's year: fn gets each PCN by code, with p and everything it
 * points to in the arena pa, which is reset after fn returns (copy what
 * must stay).  A non-zero return from fn stops the walk and is returned. */
typedef int (*iifdata_pcn_fn)(void *ctx, struct iif_pcn *p, struct arena *pa, struct pcn_msg *m);
int iifdata_each(struct db *db, const struct rules *r, fy_t fy, date_t members_on, struct arena *a,
                 iifdata_pcn_fn fn, void *ctx, struct pcn_msg *m);

/* The indicator's practices, or NULL. */
const struct iif_members *iifdata_members(const struct iif_pcn *p, const char *code);

#endif
