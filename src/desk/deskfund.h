/* deskfund.h: the clinical director's funded time (desk.h, which includes
 * this), pure: the rules row (rules/YEAR/cd_time.csv, read by deskrules.h)
 * or the PCN's own figure from a date, turned into funded time per week,
 * for a stretch of days, in words and as a trail of its working.
 *
 * Funded time per week (desk_funded_on), on a date:
 *   - the PCN's own figure in force on that date (desk_override), if any;
 *     an override with minutes < 0 returns to the default;
 *   - else the rules row for the date's financial year (the latest earlier
 *     year's row, marked carried forward, when the year has none): wte x
 *     registered patients x minutes per WTE / (10,000 x per_patients).
 *   - not known when neither applies or the patients are not known.
 * Funded time for a stretch of days is summed exactly in thousandths of a
 * minute (mmin) with one division per stretch of constant rate. */
#ifndef PCN_DESKFUND_H
#define PCN_DESKFUND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "date.h"
#include "err.h"
#include "trail.h"

/* One row of rules/YEAR/cd_time.csv (deskrules.h). */
struct desk_cd_rule {
    fy_t fy;
    date_t from, to;         /* inclusive */
    int64_t wte;             /* ten-thousandths: 0.25 = 2,500 */
    int64_t per_patients;    /* 50,000 */
    int64_t minutes_per_wte; /* a week: 37.5 hours = 2,250 */
    enum confidence conf;
    const char *cite; /* "rules/2025-26/cd_time.csv:2" */
    const char *note;
};

/* The PCN's own figure from a date on; minutes_per_week < 0: the default
 * again from that date. */
struct desk_override {
    date_t from;
    int64_t minutes_per_week;
    const char *note;
};

struct desk_funding {
    int64_t patients;                 /* registered; < 0 not known */
    date_t patients_date;             /* of the list size, or DATE_NONE */
    const struct desk_cd_rule *rules; /* sorted by from */
    size_t nrules;
    const struct desk_override *overrides; /* sorted by from */
    size_t noverrides;
};

struct desk_funded {
    bool known;
    int64_t mmin_per_week; /* thousandths of a minute */
    bool is_override;
    const struct desk_override *ov;  /* the override used, or NULL */
    const struct desk_cd_rule *rule; /* the rules row used, or NULL */
    bool carried;                    /* the row is of an earlier year */
    enum confidence conf;            /* CONF_NONE for an override */
    const char *why;                 /* not known: why ("no list size") */
};

/* Funded time per week on date d.  0, or PCN_ELIMIT on overflow. */
int desk_funded_on(const struct desk_funding *f, date_t d, struct desk_funded *out,
                   struct pcn_msg *m);
/* Funded time for the days [from, to], in mmin; *known false when any day
 * has none (then *mmin counts only the known days).  *conf gets the weakest
 * confidence used.  0 or PCN_ELIMIT. */
int desk_funded_between(const struct desk_funding *f, date_t from, date_t to, int64_t *mmin,
                        bool *known, enum confidence *conf, struct pcn_msg *m);
/* The rules' formula of funded time in words, from the row: "0.25 WTE per
 * 50,000 registered patients, at 37.5 hours a week for one WTE" (the hours
 * as a decimal when exact in hundredths, else "37 hours 20 minutes"), in a.
 * Page and command texts take the figures from here, never restate them;
 * r NULL: "no figure in the rules". */
const char *desk_cd_rule_words(struct arena *a, const struct desk_cd_rule *r);
/* The rules row of funded time used on d, as desk_funded_on chooses it:
 * the row covering d, else the latest earlier one (carried), else the first;
 * NULL when there is none. */
const struct desk_cd_rule *desk_cd_rule_on(const struct desk_funding *f, date_t d);
/* The working of funded time on a date, as trail steps. */
void desk_funded_trail(const struct desk_funding *f, const struct desk_funded *fd, struct trail *t);

#endif
