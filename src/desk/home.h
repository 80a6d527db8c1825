/* home.h: what the home page says needs doing, one gathering function per
 * role, shared by the home page (page_registry.c: page_home), the API
 * (/api/v1/home) and the CLI (`pcnops home`).
 *
 *   home_pcn    a clinical director's or PCN manager's PCN on today:
 *     claims    last month's ARRS claims not yet submitted (posts in post
 *               that month with no claim, a draft, or nothing drafted), and
 *               approved claims not yet paid;
 *     money     the PCN DES payments of this month (entitle.h: the year's
 *               12 monthly payments) with their estimate and confidence;
 *     requests  requests awaiting a decision (desk.h DEC_PENDING), oldest
 *               first;
 *     follow-ups due today or overdue, and those due within the coming
 *               HOME_FOLLOWUP_AHEAD_DAYS days;
 *     supervision  ARRS staff whose supervision is overdue (desksup.h);
 *     not known    figures the rules do not know that affect the PCN: ARRS
 *               roles it has posts in with no maximum for today (with the
 *               PCN's own and its ICB's layers), and streams of the year
 *               whose rate is not known;
 *     deadlines the year's declarations and deadlines (deskrules.h,
 *               rules/YYYY-YY/deadlines.csv) with their dates and sources.
 *   Every item carries the address where it is done.
 *
 *   home_icb    an ICB's PCNs at a glance, set-based: the registry once
 *               (registry_icb), every ARRS post and every claim of the
 *               financial year once, the overrides once, whatever the
 *               number of PCNs.  Per PCN: last month's claims not
 *               submitted, claims submitted or approved and not yet paid
 *               (and their amount), the claims recorded this year, the
 *               post-months of the year so far with no claim submitted
 *               (money at risk of being left unclaimed; "underspend
 *               risk" when any, or when the PCN has no post in post), and
 *               the ARRS roles of its posts with no maximum known.
 *
 *   home_admin  the imports (the newest registry and list-size
 *               publications, and whether a newer month is likely out),
 *               accounts (disabled, never signed in, reset links
 *               outstanding), and the rules (problems, the year's folder,
 *               carried and not known figures).
 *
 * Who may ask is the caller's business (the home page and the API ask for
 * the signed-in user's own organisation only).  Staff names appear in
 * supervision items: personal data for the PCN's clinical director and
 * managers (perm_read_desk).  Everything lives in the arena passed in;
 * reads only (no audit entry). */
#ifndef PCN_HOME_H
#define PCN_HOME_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "date.h"
#include "deskrules.h"
#include "err.h"
#include "homeicb.h"
#include "money.h"
#include "rules.h"

struct db;

/* Follow-ups due within this many days are listed as coming up. */
#define HOME_FOLLOWUP_AHEAD_DAYS 7
/* The most search results and items of one kind shown. */
#define HOME_MAX_ITEMS 50

enum home_section {
    HS_CLAIMS,      /* ARRS claims to submit, and awaiting payment */
    HS_MONEY,       /* money due this month */
    HS_REQUESTS,    /* requests awaiting a decision */
    HS_FOLLOWUPS,   /* follow-ups due or overdue */
    HS_ACTIONS,     /* the network's actions due (network.h): the board's
                           and the neighbourhood team's */
    HS_SUPERVISION, /* supervision overdue */
    HS_NOT_KNOWN,   /* figures the rules do not know */
    HS_DEADLINES,   /* declarations and deadlines of the year */
    HS_COUNT,
};
const char *home_section_id(enum home_section s);    /* "claims" ... */
const char *home_section_title(enum home_section s); /* "ARRS claims" ... */

struct home_item {
    enum home_section section;
    const char *text;       /* what needs doing, in words */
    const char *href;       /* where it is done */
    const char *action;     /* the link's words */
    date_t due;             /* DATE_NONE: no date */
    const char *state;      /* a tag: "Overdue", "Due today", "To do", "Passed", "Coming up"... */
    pence_t amount;         /* -1: none */
    const char *source;     /* a deadline's rules row and tags, or NULL */
    const char *tags;       /* a deadline's source tags ("[S49]"), or NULL */
    const char *confidence; /* conf_name, or NULL */
};

struct home_pcn {
    const char *pcn, *name;
    date_t today;
    int last_year, last_month; /* the month whose claims are due */
    int64_t claims_to_submit;  /* posts of last month not submitted */
    struct home_item *items;   /* by section, then as gathered */
    size_t n;
    size_t count[HS_COUNT]; /* items that need doing, by section
                                            (deadlines: those not passed) */
    const char *problem;    /* a part that could not be worked
                                            out (the rules), or NULL */
};

/* r: the national rules (NULL: the rules could not be read, the problem is
 * said); dr: the desk's rules (may be NULL). */
int home_pcn(struct db *db, const struct rules *r, const struct deskrules *dr, const char *pcn,
             date_t today, struct arena *a, struct home_pcn *out, struct pcn_msg *m);

struct home_admin {
    date_t today;
    date_t registry, list_sizes;       /* newest publications loaded, DATE_NONE: none */
    bool registry_old, list_sizes_old; /* older than the month before last */
    int64_t users, disabled, never_signed_in, resets_open;
    const char **never; /* up to HOME_MAX_ITEMS emails never signed in */
    int64_t *never_ids; /* their accounts' ids */
    size_t nnever;
    const char *rules_problem; /* the rules cannot be read: why; or NULL */
    const char *desk_rules_problem;
    bool year_missing;          /* no folder for today's financial year */
    bool next_year_missing;     /* nor for the next */
    int64_t carried, not_known; /* rows of today's year */
};

/* r NULL: rules_problem says why (rules_problem given by the caller). */
int home_admin(struct db *db, const struct rules *r, const char *rules_problem,
               const char *desk_rules_problem, date_t today, time_t now, struct arena *a,
               struct home_admin *out, struct pcn_msg *m);

/* The JSON of each, for the API and `pcnops home --json`. */
json_t *home_pcn_json(const struct home_pcn *h);
json_t *home_icb_json(const struct home_icb *h);
json_t *home_admin_json(const struct home_admin *h);

#endif
