/* demo.h: a demo PCN that looks alive (`pcnops demo load PCN`, run once by
 * `make run`), and the marks that say which records are demo data.
 *
 * demo_load gives the PCN, through the store functions every other change
 * goes through (staff.h, deskdb.h, desksup.h), each audited as the command
 * line's change, all inside one transaction (db_hold): nothing is written
 * unless everything is.
 *
 *   ARRS posts    the PCN's real workforce from NHS England's census
 *                 (staff_import_workforce: its ARRS roles and FTE), in post
 *                 from the first day of the sixth month before today's;
 *   their pay     estimated from the role's band in the rules of the year
 *                 the post starts (arrs_roles.csv: the lowest band of a
 *                 range, 5 of "5+"; its intermediate pay point, or the first
 *                 afc_pay.csv lists for a band without one), with the
 *                 rules' on-costs; a role without an AfC band (a GP) is left
 *                 with its pay to be entered.  A year whose rules do not know
 *                 the pay or the maximum gives claims that say not known;
 *                 the loader makes up no figure of the rules;
 *   claims        the last six complete months drafted (claims_draft) and
 *                 moved on by age: the oldest three paid (submitted on the
 *                 5th of the next month, approved on the 20th, paid on the
 *                 last day of the month after), the fourth approved, the
 *                 fifth submitted, last month's a draft to submit; amounts
 *                 approved and paid are the amounts claimed;
 *   time          the clinical director's last four complete weeks: a PCN
 *                 board, practice visits, clinical leadership, the ICB's
 *                 primary care meeting every other week, place and LMC
 *                 meetings, a meeting with an MP;
 *   stakeholders  the ICB and the member practices (from the registry),
 *                 and the sitting MPs of the constituencies in a local
 *                 authority the PCN's name names (data/parliament/; for
 *                 Southampton Central PCN, Southampton's three);
 *   engagement    a meeting with an MP (its follow-up overdue) and one with
 *                 the ICB (its follow-up due next week);
 *   requests      five, received over the last six weeks: accepted,
 *                 delegated, declined (asking the CD to performance-manage a
 *                 practice), and two awaiting a decision;
 *   supervision   sessions every four weeks for each post, the newest 45 days
 *                 ago for the first post whose role has a minimum in the
 *                 rules (supervision.csv), so that it is overdue.
 *
 * Influence and interest scores, the words of requests and notes, and the
 * supervisors' titles are made up; names of people are not invented (the
 * census names nobody; supervisors are named by their role).  Every record
 * made is in demo_record (src/store/sql/012_demo.sql) and the PCN in demo_load:
 * pages tag them "Demo data".  A PCN already loaded is left as it is
 * (counts.already): a second run writes nothing.  Dates are relative to
 * today (clock.h), so the demo stays alive in later years; where the rules
 * of a year do not know a maximum or a band, its claims say not known. */
#ifndef PCN_DEMO_H
#define PCN_DEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "arena.h"
#include "date.h"
#include "err.h"
#include "rules.h"

struct db;

struct demo_opts {
    const char *pcn;       /* the PCN's code                              */
    const char *rules_dir; /* workforce_roles.csv; data/ is beside it     */
    const char *census;    /* the workforce census file (.csv or .csv.gz) */
    const char *mps;       /* the list of MPs (mps.h)                     */
    date_t today;
    time_t now;
};

struct demo_counts {
    bool already; /* loaded before (on loaded_on): nothing written */
    date_t loaded_on;
    long posts, priced, claims, claims_unknown, activities, stakeholders, mps, engagements,
        requests, sessions;
};

/* The demo for o->pcn (see above).  PCN_ENOTFOUND when the PCN is not in
 * the registry; PCN_EINVAL when the census has none of its ARRS staff or a
 * file is wrong (its FILE:LINE); nothing written on any error. */
int demo_load(struct db *db, const struct rules *r, const struct demo_opts *o,
              struct demo_counts *out, struct pcn_msg *m);

/* Record kinds of demo_record. */
#define DEMO_STAFF "staff"
#define DEMO_ACTIVITY "activity"
#define DEMO_REQUEST "request"
#define DEMO_STAKEHOLDER "stakeholder"
#define DEMO_ENGAGEMENT "engagement"
#define DEMO_SESSION "session"

/* Whether the PCN was given demo data (and on which day). */
int demo_loaded(struct db *db, const char *pcn, bool *yes, date_t *on, struct pcn_msg *m);
/* The ids of the PCN's demo records of a kind, ascending, in a. */
int demo_ids(struct db *db, const char *pcn, const char *kind, struct arena *a, int64_t **ids,
             size_t *n, struct pcn_msg *m);
/* Whether id is among ids (sorted). */
bool demo_has(const int64_t *ids, size_t n, int64_t id);

#endif
