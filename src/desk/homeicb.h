/* homeicb.h: what the home page says needs doing for an ICB (home.h, which
 * includes this, is the manual of the whole): each of its PCNs' ARRS
 * posts and claims of the year, read in two statements for the whole ICB
 * and added up in memory. */
#ifndef PCN_HOMEICB_H
#define PCN_HOMEICB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "date.h"
#include "err.h"
#include "money.h"
#include "rules.h"

struct db;

struct home_icb_row {
    const char *pcn, *name;
    int64_t posts;            /* in post today */
    int64_t to_submit;        /* last month's posts with no claim submitted */
    int64_t awaiting;         /* submitted or approved, not paid */
    pence_t awaiting_pence;   /* their claims (approved amount when approved) */
    pence_t claimed;          /* claims of the year so far, any state */
    int64_t unclaimed_months; /* post-months Apr..last month with none submitted */
    bool risk;                /* underspend risk: unclaimed months, or no posts */
    int64_t not_known;        /* roles of its posts with no maximum known */
};

struct home_icb {
    const char *icb, *name;
    date_t today;
    int last_year, last_month;
    struct home_icb_row *rows; /* by PCN code */
    size_t n;
    int64_t to_submit, awaiting, at_risk, with_not_known; /* PCNs with any */
    pence_t awaiting_pence;
    int64_t streams_not_known; /* streams of the year whose rate is not known */
};

int home_icb(struct db *db, const struct rules *r, const char *icb, date_t today, struct arena *a,
             struct home_icb *out, struct pcn_msg *m);

/* Whether the rules (already layered for the PCN) know a national maximum
 * for the role on the day. */
bool home_max_known(const struct rules *r, const char *role, date_t on);

#endif
