/* desksup.h: supervision of a PCN's ARRS staff, in the store: each staff
 * member's named supervisor (arrs_staff, 004_arrs.sql, through staff.h),
 * the supervision sessions logged, the training hub courses attended, and
 * the minimum frequency for each role (tables of 005_desk.sql).
 *
 * The minimum for a role: the PCN's own figure for the role, else its
 * figure for every role ("*"), else the rules' row for the role, else
 * their "*" row (rules/YEAR/supervision.csv, deskrules.h), else none known.
 * Whether a session is due is desk_sup_status (desk.h).
 *
 * Staff are those in post today (started, not yet left).  Names are
 * personal data: callers show them to the PCN's clinical director and
 * managers only (perm_read_desk).  Writes are checked, audited and atomic
 * as in deskdb.h. */
#ifndef PCN_DESKSUP_H
#define PCN_DESKSUP_H

#include <jansson.h>

#include "desk.h"
#include "deskdb.h"
#include "deskrules.h"
#include "rules.h"

struct desk_sup_session {
    int64_t id, staff_id;
    date_t date;
    const char *supervisor;
    int64_t minutes; /* < 0: not given */
    const char *note;
};

struct desk_training {
    int64_t id, staff_id;
    date_t attended;
    const char *course, *provider;
    int64_t minutes; /* < 0: not given */
};

struct desk_sup_policy {
    const char *role; /* a role id, or "*" */
    int64_t max_days;
};

struct desk_sup_row {
    int64_t staff_id;
    const char *name, *role, *role_name, *supervisor; /* supervisor "" when none named */
    date_t start, end;
    int64_t max_days;         /* < 0: no minimum known */
    const char *min_source;   /* "the PCN" or a rules row's place; NULL when none */
    enum confidence min_conf; /* of the rules row; CONF_NONE for the PCN's */
    struct desk_sup_status st;
    struct desk_sup_session *sessions; /* newest first */
    size_t nsessions;
    struct desk_training *training; /* newest first */
    size_t ntraining;
};

struct desk_supervision {
    struct desk_sup_row *rows; /* overdue first (most days over first), then by name */
    size_t n;
    size_t noverdue;
    struct desk_sup_policy *policy;
    size_t npolicy;
};

/* Everything for the PCN on today.  dr: the desk's rules (may be NULL);
 * roles: the ARRS rules for role names (may be NULL). */
int desksup_load(struct db *db, const struct deskrules *dr, const struct rules *roles,
                 const char *pcn, date_t today, struct arena *a, struct desk_supervision *out,
                 struct pcn_msg *m);

/* A session: the staff member the PCN's own and in post on the date; the
 * date in range; a supervisor named; minutes 1 to 1,440 when given. */
int desksup_add_session(struct db *db, const struct desk_actor *w, const char *pcn,
                        const struct desk_sup_session *s, date_t today, int64_t *id,
                        struct desk_errs *e, struct pcn_msg *m);
/* A course: the staff member the PCN's own; a course named; the date in
 * range; up to 240 hours when given. */
int desksup_add_training(struct db *db, const struct desk_actor *w, const char *pcn,
                         const struct desk_training *t, date_t today, int64_t *id,
                         struct desk_errs *e, struct pcn_msg *m);
/* The PCN's own minimum for a role ("*": every role), 1 to 366 days;
 * max_days < 0 removes it. */
int desksup_set_policy(struct db *db, const struct desk_actor *w, const char *pcn, const char *role,
                       int64_t max_days, struct desk_errs *e, struct pcn_msg *m);

/* {pcn, on, overdue, staff[{staff_id, name, role, role_name, supervisor,
 *  start, minimum_days, minimum_source, minimum_confidence, status,
 *  last_session, next_due, days_overdue, sessions[...], training[...]}],
 *  policy[{role, max_days}]} */
json_t *desksup_json(const char *pcn, const struct desk_supervision *s, date_t today);

#endif
