/* desk.h: the clinical director's desk, its pure rules.  No I/O, no clock,
 * no globals: plain structs in, plain structs out, every allocation from
 * the arena passed in.  The store is deskdb.h, the views deskview.h and the
 * page_desk*.c files; the NHS figure it uses (funded clinical director
 * time) is data, read by deskrules.h.  Three parts of it are modules of
 * their own, included here: deskinput.h (the limits, the errors for
 * people, hours and text as people give them), deskfund.h (funded time)
 * and deskpend.h (a calendar import carried through a form).
 *
 * Time
 *   An activity is a date, a whole number of minutes (1 to 1,440), one of
 *   the categories below and whether it was a meeting.  Categories are
 *   internal (practices, PCN operations, clinical leadership), external
 *   (ICB and system, place and INT, LMC, MPs, training hub) or other; "time
 *   with practices" is the practices category and "time in system
 *   meetings" is system_meetings plus place_int.
 *
 *   Weeks run Monday to Sunday (desk_week_start).  A period's first and
 *   last weeks may be partial: their funded time is the weekly figure times
 *   the days inside the period, over 7.
 *
 *   Funded time per week (desk_funded_on), on a date:
 *     - the PCN's own figure in force on that date (desk_override), if any;
 *       an override with minutes < 0 returns to the default;
 *     - else the rules row for the date's financial year (the latest
 *       earlier year's row, marked carried forward, when the year has
 *       none): wte × registered patients × minutes per WTE ÷ (10,000 ×
 *       per_patients).  0.25 WTE per 50,000 patients at 37.5 hours is
 *       0.25 × patients ÷ 50,000 × 37.5 hours a week.
 *     - not known when neither applies or the patients are not known.
 *   Funded time for a stretch of days is summed exactly in thousandths of
 *   a minute (mmin) with one division per stretch of constant rate, so
 *   a week of 50,000 patients is exactly 562,500 mmin (9.375 hours).
 *
 *   Alerts of a period (desk_summarise):
 *     system_over_practices  more minutes in system meetings than with
 *                            practices over the period (and some in system)
 *     over_funded_time       three or more weeks running, each with more
 *                            time logged than its funded time: one alert
 *                            per run, naming its first and last week
 *
 * Requests: who asked, what, by when, estimated time, within the role or
 * not (asking the CD to performance-manage member practices is always
 * outside it), the decision and the outcome.  desk_report sets a period's
 * demand against its funded time.
 *
 * Errors: validators add "field: words for a person" to a struct desk_errs
 * and never stop at the first problem, so a form can show them all. */
#ifndef PCN_DESK_H
#define PCN_DESK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "date.h"
#include "err.h"
#include "trail.h"
#include "deskfund.h"
#include "deskinput.h"
#include "deskpend.h"

struct buf;

/* The limits of what a person gives the desk (DESK_DAY_MINUTES, DESK_TEXT_MAX,
 * DESK_NAME_MAX, DESK_PERIOD_DAYS_MAX, DESK_ERRS_MAX) are deskinput.h's. */

/* ---- categories --------------------------------------------------------- */

enum desk_category {
    DC_PRACTICES,
    DC_PCN_OPERATIONS,
    DC_SYSTEM_MEETINGS,
    DC_PLACE_INT,
    DC_LMC,
    DC_MP_ENGAGEMENT,
    DC_CLINICAL_LEADERSHIP,
    DC_TRAINING_HUB,
    DC_OTHER,
    DC_COUNT,
};

enum desk_side { SIDE_INTERNAL, SIDE_EXTERNAL, SIDE_OTHER };

const char *desk_category_id(enum desk_category c);    /* "system_meetings" */
const char *desk_category_label(enum desk_category c); /* "ICB and system meetings" */
/* 0, or PCN_EINVAL for a word that is not a category id. */
int desk_category_parse(const char *s, enum desk_category *out);
enum desk_side desk_category_side(enum desk_category c);
const char *desk_side_id(enum desk_side s); /* "internal" */
bool desk_category_is_system(enum desk_category c);
/* A guess from a calendar event's title ("ICB board" -> system_meetings),
 * DC_OTHER when nothing matches.  Words, not NHS rules. */
enum desk_category desk_category_guess(const char *title);

/* ---- activities --------------------------------------------------------- */

struct desk_activity {
    int64_t id;
    date_t date;
    int64_t minutes;
    enum desk_category cat;
    bool meeting;
    const char *title;     /* short, may be "" */
    const char *note;      /* may be "" */
    const char *source;    /* "form", "cli", "calendar", "api" */
    const char *uid;       /* the calendar event's UID, or "" */
    int64_t *stakeholders; /* ids, within the PCN */
    size_t nstakeholders;
    int64_t *requests;
    size_t nrequests;
};

/* Checks an activity to be added: date in [desk_date_min, desk_date_max],
 * minutes 1 to 1,440, and the day's total (day_minutes already logged that
 * day, plus this) at most 1,440.  Adds to e; returns e->n == 0. */
bool desk_check_activity(const struct desk_activity *a, date_t today, int64_t day_minutes,
                         struct desk_errs *e);

/* ---- weeks, months and the summary -------------------------------------- */

date_t desk_week_start(date_t d);
/* A period named by its dates, for labels that must say exactly what they
 * cover: "2 to 23 November 2026", "9 November to 1 December 2026", "28
 * December 2026 to 3 January 2027". */
void desk_period_add(struct buf *b, date_t from, date_t to); /* the Monday on or before d */

struct desk_totals {
    int64_t minutes[DC_COUNT];
    int64_t total, internal, external, other;
    int64_t practices, system; /* minutes */
    long meetings, practice_meetings, system_meetings, activities;
};

struct desk_bucket {
    date_t start, end; /* inside the period, inclusive */
    int days;
    struct desk_totals t;
    bool funded_known;
    int64_t funded_mmin;
    bool over_funded; /* total × 1,000 > funded */
    bool system_over_practices;
};

enum desk_alert_kind { ALERT_SYSTEM_OVER_PRACTICES, ALERT_OVER_FUNDED_TIME };
const char *desk_alert_kind_id(enum desk_alert_kind k); /* "over_funded_time" */

struct desk_alert {
    enum desk_alert_kind kind;
    date_t from, to;
    int weeks; /* over_funded_time: the run */
    int64_t system_minutes, practices_minutes;
    const char *text; /* a sentence for people */
};

struct desk_summary {
    date_t from, to;
    struct desk_totals t;
    bool funded_known;
    int64_t funded_mmin;
    enum confidence funded_conf;
    struct desk_bucket *weeks;
    size_t nweeks;
    struct desk_bucket *months;
    size_t nmonths;
    struct desk_alert *alerts;
    size_t nalerts;
};

/* Sums the activities dated in [from, to] (others are ignored) by week and
 * by month, with funded time and alerts.  0, or PCN_EINVAL (to before from,
 * a period longer than DESK_PERIOD_DAYS_MAX) or PCN_ELIMIT, with m set. */
int desk_summarise(const struct desk_activity *acts, size_t n, date_t from, date_t to,
                   const struct desk_funding *f, struct arena *a, struct desk_summary *out,
                   struct pcn_msg *m);

/* part as a share of whole, in basis points (0 when whole is 0), rounded
 * half up. */
int64_t desk_share_bp(int64_t part, int64_t whole);

/* ---- requests ----------------------------------------------------------- */

enum desk_within { WITHIN_YES, WITHIN_NO, WITHIN_UNCLEAR };
enum desk_decision { DEC_PENDING, DEC_ACCEPT, DEC_DELEGATE, DEC_DECLINE, DEC_COUNT };
enum desk_decline {
    DECLINE_NONE,
    DECLINE_OUTSIDE_ROLE,
    DECLINE_PERFORMANCE_MANAGEMENT,
    DECLINE_NO_CAPACITY,
    DECLINE_NOT_PCN_BUSINESS,
    DECLINE_COVERED_ELSEWHERE,
    DECLINE_OTHER,
    DECLINE_COUNT,
};

const char *desk_within_id(enum desk_within w); /* "yes", "no", "unclear" */
const char *desk_within_label(enum desk_within w);
int desk_within_parse(const char *s, enum desk_within *out);
const char *desk_decision_id(enum desk_decision d);    /* "pending", "accept", ... */
const char *desk_decision_label(enum desk_decision d); /* "Accepted", "Delegated", ... */
int desk_decision_parse(const char *s, enum desk_decision *out);
const char *desk_decline_id(enum desk_decline r); /* "outside_role", ... */
const char *desk_decline_label(enum desk_decline r);
int desk_decline_parse(const char *s, enum desk_decline *out);

struct desk_request {
    int64_t id;
    date_t received;
    const char *requester;    /* who asked */
    const char *organisation; /* from which organisation */
    int64_t stakeholder_id;   /* 0: none */
    const char *what;
    date_t due;                  /* DATE_NONE: no date */
    int64_t est_minutes;         /* < 0: not estimated */
    enum desk_within within;     /* as judged */
    bool performance_management; /* asks the CD to manage practices' performance */
    enum desk_decision decision;
    date_t decided;          /* DATE_NONE while pending */
    const char *delegate_to; /* DEC_DELEGATE: the named lead */
    enum desk_decline decline_reason;
    const char *decline_note;
    const char *outcome; /* "" when none yet */
    bool done;
};

/* Within the role as the Network Agreement describes it, after the rule
 * that performance-managing member practices never is. */
enum desk_within desk_request_within(const struct desk_request *r);
/* Checks a request to be saved: requester and what given; dates in range;
 * due not before received; estimate 0 to 1,000 hours; a delegation names
 * its lead; a decline has a reason (and words for "other").  Adds to e. */
bool desk_check_request(const struct desk_request *r, date_t today, struct desk_errs *e);

struct desk_org_count {
    const char *organisation;
    long n;
    int64_t est_minutes;
};

struct desk_report {
    date_t from, to;
    long received;
    long by_decision[DEC_COUNT];
    int64_t est_by_decision[DEC_COUNT]; /* minutes */
    int64_t est_total;                  /* every request with an estimate */
    long not_estimated;
    long outside_role, performance_management, unclear;
    long by_reason[DECLINE_COUNT];
    const struct desk_request **declined; /* in date order */
    size_t ndeclined;
    struct desk_org_count *orgs; /* most requests first */
    size_t norgs;
    bool funded_known;
    int64_t funded_mmin; /* for the period */
    enum confidence funded_conf;
    int64_t logged_minutes; /* time the CD logged in the period */
    int64_t demand_bp;      /* est_total against funded, basis points; -1 unknown */
    int64_t kept_bp;        /* accepted + pending against funded */
};

/* The requests received in [from, to] against funded time (mmin, or -1 when
 * not known) and the time logged.  0 or PCN_EINVAL with m set. */
int desk_report_build(const struct desk_request *r, size_t n, date_t from, date_t to,
                      int64_t funded_mmin, enum confidence funded_conf, int64_t logged_minutes,
                      struct arena *a, struct desk_report *out, struct pcn_msg *m);

/* ---- delegation --------------------------------------------------------- */

enum desk_area {
    AREA_ARRS_RECRUITMENT,
    AREA_IIF,
    AREA_ACCESS,
    AREA_DIGITAL,
    AREA_ARRS_CLINICAL_LEAD, /* one per ARRS role (role_code) */
    AREA_INT_LIAISON,
    AREA_OWN, /* the PCN's own (title) */
    AREA_COUNT,
};
const char *desk_area_id(enum desk_area a);    /* "arrs_recruitment" */
const char *desk_area_label(enum desk_area a); /* "ARRS recruitment" */
int desk_area_parse(const char *s, enum desk_area *out);

struct desk_delegation {
    int64_t id;
    date_t from;
    const char *lead; /* named lead; "" while the CD holds it all */
    const char *lead_role;
    int cd_share; /* per cent still held by the CD, 0 to 100 */
    const char *note;
};

struct desk_responsibility {
    int64_t id;
    enum desk_area area;
    const char *role_code;           /* ARRS clinical lead: the role; else "" */
    const char *title;               /* for people */
    struct desk_delegation *history; /* oldest first */
    size_t nhistory;
};

/* The delegation in force on d, or NULL (the CD holds it all). */
const struct desk_delegation *desk_delegation_on(const struct desk_responsibility *r, date_t d);
/* The CD's share on d, per cent (100 when nothing is delegated). */
int desk_cd_share_on(const struct desk_responsibility *r, date_t d);
/* The CD's average share over the responsibilities on d, in basis points;
 * -1 when there are none. */
int64_t desk_cd_share_avg_bp(const struct desk_responsibility *r, size_t n, date_t d);

/* ---- stakeholders and engagement ---------------------------------------- */

enum desk_sh_kind {
    SH_ICB,
    SH_PLACE,
    SH_INT_PARTNER,
    SH_COMMUNITY_TRUST,
    SH_MENTAL_HEALTH_TRUST,
    SH_LOCAL_AUTHORITY,
    SH_LMC,
    SH_TRAINING_HUB,
    SH_MP,
    SH_CANDIDATE,
    SH_VOLUNTARY,
    SH_PRACTICE,
    SH_OTHER,
    SH_COUNT,
};
const char *desk_sh_kind_id(enum desk_sh_kind k);
const char *desk_sh_kind_label(enum desk_sh_kind k);
int desk_sh_kind_parse(const char *s, enum desk_sh_kind *out);

#define DESK_GRID_MIN 1
#define DESK_GRID_MAX 5
#define DESK_GRID_HIGH 4 /* from here on, influence or interest is high */

struct desk_stakeholder {
    int64_t id;
    const char *name;
    const char *organisation;
    enum desk_sh_kind kind;
    const char *role_title;
    int influence, interest; /* 1 to 5 */
    const char *notes;
};

enum desk_quadrant { Q_MONITOR, Q_KEEP_INFORMED, Q_KEEP_SATISFIED, Q_MANAGE_CLOSELY };
/* High is 4 or 5 (above the middle, 3): influence high and interest high is
 * "manage closely", influence high only "keep satisfied", interest high
 * only "keep informed", neither "monitor". */
enum desk_quadrant desk_quadrant_of(int influence, int interest);
const char *desk_quadrant_label(enum desk_quadrant q);
bool desk_check_stakeholder(const struct desk_stakeholder *s, struct desk_errs *e);

struct desk_engagement {
    int64_t id;
    date_t date;
    int64_t stakeholder_id;
    const char *stakeholder_name; /* filled by the store for views */
    const char *purpose;
    const char *asks;
    const char *commitments;
    date_t follow_up_due;  /* DATE_NONE: none */
    date_t follow_up_done; /* DATE_NONE: not done */
};

enum desk_followup { FU_NONE, FU_DONE, FU_OPEN, FU_DUE_TODAY, FU_OVERDUE };
enum desk_followup desk_followup_state(const struct desk_engagement *g, date_t today);
const char *desk_followup_label(enum desk_followup f); /* "Overdue", "Done", ... */
/* Overdue follow-ups first (oldest due first), then the rest by date,
 * newest first: sorts in place. */
void desk_engagement_sort(struct desk_engagement *g, size_t n, date_t today);
bool desk_check_engagement(const struct desk_engagement *g, date_t today, struct desk_errs *e);

/* ---- supervision of ARRS staff ------------------------------------------- */

/* A staff member's supervision on a date: the next session is due max_days
 * after the last one, or after the start in post when there has been none;
 * overdue once that day has passed.  With no minimum known (max_days < 0)
 * nothing is due.  Sessions after today are ignored. */
enum desk_sup_state { SUP_NO_MINIMUM, SUP_OK, SUP_DUE_TODAY, SUP_OVERDUE };

struct desk_sup_status {
    enum desk_sup_state state;
    date_t last;          /* the last session on or before today, or DATE_NONE */
    long sessions;        /* on or before today */
    date_t due;           /* DATE_NONE with no minimum */
    int64_t days_overdue; /* 0 unless overdue */
};

void desk_sup_status(date_t start, const date_t *sessions, size_t n, int64_t max_days, date_t today,
                     struct desk_sup_status *out);
const char *desk_sup_label(enum desk_sup_state s); /* "Overdue", "Due today", ... */
const char *desk_sup_id(enum desk_sup_state s);    /* "overdue", "due_today", "ok", "no_minimum" */

#endif
