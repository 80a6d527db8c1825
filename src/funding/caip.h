/* caip.h: the Capacity and Access Improvement Payment (CAIP)
 * self-assessment tracker: each criterion of the year (rules/YYYY-YY/
 * caip_criteria.csv) with its status and evidence, the date the clinical
 * director declared achievement, and the achieved share it feeds into the
 * entitlements (funding_set_caip, funding.h: the CAIP stream pays its
 * maximum × that share).  Tables: caip_status, caip_declaration
 * (src/store/sql/006_iif.sql).
 *
 * The achieved share (caip_share, pure) is the weights of the criteria met
 * ÷ all the year's weights, in basis points rounded half up.  When the
 * rules give no weight for some criterion (2023/24 and 2024/25), only "all
 * met" (100%) and "none met" (0%) can be worked out; any other mix is not
 * known, and the entitlements are then left as they were, and the tracker
 * says so.  Nothing is invented.
 *
 * Every change is one transaction; the caller audits it with the before
 * and after in struct caip_change. */
#ifndef PCN_CAIP_H
#define PCN_CAIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "arena.h"
#include "date.h"
#include "err.h"
#include "rules.h"

struct db;
struct audit_entry;

enum caip_status { CAIP_NOT_STARTED, CAIP_IN_PROGRESS, CAIP_MET, CAIP_NOT_MET };
/* "not_started", "in_progress", "met", "not_met" and back (0 or PCN_EINVAL). */
const char *caip_status_name(enum caip_status s);
int caip_status_parse(const char *s, enum caip_status *out);
/* For people and tags: "Not started", "In progress", "Met", "Not met". */
const char *caip_status_label(enum caip_status s);

struct caip_item {
    const struct rule_caip *rule;
    bool recorded; /* false: nothing entered (not started)   */
    enum caip_status status;
    const char *evidence; /* "" when none                           */
    time_t updated_at;
};

struct caip_share {
    bool known;
    int64_t achieved_bp;              /* 0 to 10,000 when known                 */
    size_t met, n;                    /* criteria met, and of how many          */
    int64_t met_weight, total_weight; /* hundredths; total 0 when a weight is unknown */
    const char *why;                  /* when not known: why (static text)      */
};

/* The achieved share from the items' statuses (pure). */
void caip_share(const struct caip_item *items, size_t n, struct caip_share *out);

struct caip_view {
    const char *pcn;
    fy_t fy;
    const struct rules_year *y;
    struct caip_item *items; /* every criterion of the year, in file order */
    size_t n;
    date_t declared_on; /* DATE_NONE when not declared            */
    struct caip_share share;
    bool entitlement_known; /* the CAIP achievement the entitlements use */
    int64_t entitlement_bp;
};

/* The PCN's tracker for the year.  PCN_ENOTFOUND for an unknown PCN or a
 * year the rules do not have. */
int caip_get(struct db *db, const struct rules *r, const char *pcn, fy_t fy, struct arena *a,
             struct caip_view *out, struct pcn_msg *m);

/* What a change did, for the audit log. */
struct caip_change {
    bool had; /* the criterion had a status before      */
    enum caip_status before;
    char evidence_before[512];
    bool fed;       /* the entitlements' CAIP share was set   */
    bool was_known; /* ... and had one before                 */
    int64_t bp_before, bp_after;
};

/* Sets a criterion's status and evidence (NULL or "": none; at most 2,000
 * bytes), then, when the share can be worked out, the entitlements' CAIP
 * achievement, in one transaction.  PCN_EINVAL for a criterion not of the
 * year's rules (naming it). */
/* caip_set and caip_declare write the change with its audit entry (note,
 * audit.h: who and what; they add the year, the before and after) in one
 * transaction. */
int caip_set(struct db *db, const struct rules *r, const char *pcn, fy_t fy, const char *criterion,
             enum caip_status status, const char *evidence, time_t now,
             const struct audit_entry *note, struct caip_change *chg, struct pcn_msg *m);

/* Records the date the clinical director declared achievement (inside the
 * year, 1 April to 31 March); *before gets the date replaced or DATE_NONE. */
int caip_declare(struct db *db, const struct rules *r, const char *pcn, fy_t fy, date_t on,
                 time_t now, const struct audit_entry *note, date_t *before, struct pcn_msg *m);

#endif
