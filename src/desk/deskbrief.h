/* deskbrief.h: the one-page brief about a PCN for a meeting with an MP or
 * the ICB, gathered from the store: population and its growth (registry.h),
 * the practices, the workforce by ARRS role (staff.h: posts in post today,
 * counts and WTE, never names), funding per patient (entitle.h, the
 * current year or the latest year the rules have), the clinical director's
 * time pressure over the last 12 weeks (desk.h), the requests of those 12
 * weeks, the IIF position (iif.h, the latest year the rules have, from the
 * figures imported or entered), and the main asks (the engagement log's
 * asks of the last 90 days).  What is not recorded is said so, never
 * guessed.
 *
 * The same data is the page (page_desk_brief.c), the API's JSON
 * (deskbrief_json) and the XLSX (deskbrief_sheets).  Everything lives in
 * the arena passed in. */
#ifndef PCN_DESKBRIEF_H
#define PCN_DESKBRIEF_H

#include <jansson.h>

#include "desk.h"
#include "deskrules.h"
#include "iif.h"
#include "nbhd.h"
#include "money.h"
#include "registry.h"
#include "sheet.h"

struct db;

#define BRIEF_WEEKS 12
#define BRIEF_ASK_DAYS 90
#define BRIEF_ASKS_MAX 5

struct brief_role {
    const char *role; /* the rules' id */
    const char *name;
    long posts;
    int64_t wte_e4;
};

struct desk_brief {
    const char *pcn, *audience; /* "mp", "icb", "int" or "other" */
    date_t on, meeting;         /* meeting: DATE_NONE when not given */
    struct pcn_detail reg;      /* name, ICB, patients, practices, trend */
    bool growth_known;
    date_t growth_from;                   /* the list date compared with */
    int64_t growth_from_patients, growth; /* patients then, and the change since */
    /* workforce */
    struct brief_role *roles;
    size_t nroles;
    long posts;
    int64_t wte_e4;
    /* funding */
    bool funding_known;
    fy_t funding_fy;
    pence_t funding_total;
    int64_t funding_patients;
    pence_t per_patient; /* pence, rounded half up */
    bool funding_estimate;
    enum confidence funding_conf;
    const char *funding_why; /* when not known */
    /* the IIF position: the latest year with rules, when figures exist */
    bool iif_known;
    fy_t iif_fy;
    struct iif_result iif; /* every indicator of the year */
    long iif_with_data;
    /* the clinical director's time, the last BRIEF_WEEKS whole weeks */
    struct desk_summary time;
    struct desk_funded funded; /* a week, today */
    int weeks_over;            /* weeks over funded time */
    /* requests received in the same weeks */
    struct desk_report requests;
    /* the main asks */
    struct desk_engagement *asks;
    size_t nasks;
    /* for the integrated neighbourhood team's board (audience "int"): the
     * six core components (nbhd.h), the partners, the contract today */
    bool nbhd;
    struct nbhd_component *components;
    size_t ncomponents;
    size_t npartners;
    const struct nbhd_contract *contract; /* NULL: none recorded */
    const char *nbhd_problem;             /* a data file could not be read */
};

/* Gathers the brief with the rules the caller read (the web's cached ones,
 * web_rules and web_deskrules; the command line's rules_load and
 * deskrules_load).  0, or PCN_ENOTFOUND for a code that is not a PCN, or
 * the store's error. */
int deskbrief_build(struct db *db, const struct rules *r, const struct deskrules *dr,
                    const char *pcn, date_t today, const char *audience, date_t meeting,
                    struct arena *a, struct desk_brief *out, struct pcn_msg *m);

/* "an MP", "the ICB", "the integrated neighbourhood team's board",
 * "partners" */
const char *deskbrief_audience_label(const char *audience);

/* The brief as JSON (deskview.h's conventions). */
json_t *deskbrief_json(const struct desk_brief *b);

/* The brief as sheets: About, Practices, List sizes, Workforce, Time,
 * Requests, Asks and Explanation (*n of them, sheets[8] at least). */
void deskbrief_sheets(const struct desk_brief *b, struct arena *a, struct sheet *sheets, size_t *n);

#endif
