/* staff.h: the ARRS staff register and its claims, in the store.
 *
 * A post (table arrs_staff) is one person in one ARRS role in one PCN, from
 * a start date to an end date (both days in post; no end while in post).
 * Its terms (arrs_terms) hold from a date: hours, and pay or cost
 * (arrs.h).  Claims (arrs_claim) are per post and month, and go draft ->
 * submitted -> approved -> paid.
 *
 * Checks (staff_check), each a PCN_EINVAL naming the field:
 *   the role is an ARRS role of the rules for the year the post starts;
 *   the AfC band is one the role's maximum is pegged to (a range such as
 *     7-8a, or 5+ for 5 and above);
 *   the WTE is above 0 and at most 1.0;
 *   the end date is not before the start date, and terms start in post;
 *   the same person's posts in the same role and PCN do not overlap.
 *
 * Every change is one transaction; the caller audits it.  Salaries and
 * costs are personal data: callers show them only to the PCN's managers and
 * clinical director (perm_read_salaries). */
#ifndef PCN_STAFF_H
#define PCN_STAFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "arrs.h"
#include "err.h"
#include "import.h"
#include "rules.h"

struct db;
struct audit_entry;

struct staff {
    int64_t id;
    const char *pcn;
    const char *ref; /* the PCN's id or the workforce id; may be NULL */
    const char *name;
    const char *role;
    enum arrs_employment employment;
    enum rule_area zone;
    date_t start, end;        /* end DATE_NONE while in post */
    const char *supervisor;   /* may be NULL */
    struct arrs_terms *terms; /* sorted by from */
    size_t nterms;
};

/* The post as the claims engine takes it. */
void staff_post(const struct staff *s, struct arrs_post *out);

/* Checks a post before it is written (see above).  field, if not NULL,
 * gets the name of the field at fault ("role", "band", "wte", ...). */
int staff_check(struct db *db, const struct rules *r, const struct staff *s, const char **field,
                struct pcn_msg *m);

/* Every change below is written with its audit entry (note, audit.h: who
 * and what; the store adds the post's id, or the claims drafted) in one
 * transaction; the imports write theirs from src->audit (import.h). */

/* Adds a post with its first terms (s->terms[0]); *id gets its id. */
int staff_add(struct db *db, const struct rules *r, const struct staff *s, time_t now,
              const struct audit_entry *note, int64_t *id, struct pcn_msg *m);
/* Adds or replaces the terms from t->from (a change of hours or pay). */
int staff_set_terms(struct db *db, const struct rules *r, int64_t id, const struct arrs_terms *t,
                    time_t now, const struct audit_entry *note, struct pcn_msg *m);
/* Sets the last day in post (DATE_NONE: in post again). */
int staff_set_end(struct db *db, int64_t id, date_t end, time_t now, const struct audit_entry *note,
                  struct pcn_msg *m);

/* One post, or PCN_ENOTFOUND. */
int staff_get(struct db *db, int64_t id, struct arena *a, struct staff *out, struct pcn_msg *m);
/* A PCN's posts (every PCN when pcn is NULL), by name; in_post_on, unless
 * DATE_NONE, keeps only posts in post at some time from that date on. */
int staff_list(struct db *db, const char *pcn, date_t in_post_from, struct arena *a,
               struct staff **out, size_t *n, struct pcn_msg *m);

/* Claims ------------------------------------------------------------------ */

enum claim_status { CLAIM_DRAFT, CLAIM_SUBMITTED, CLAIM_APPROVED, CLAIM_PAID };
const char *claim_status_name(enum claim_status s); /* "draft" ... */
int claim_status_parse(const char *s, enum claim_status *out);

struct claim_rec {
    int64_t staff_id;
    int year, month;
    enum claim_status status;
    pence_t claim;
    date_t submitted_on, approved_on, paid_on; /* DATE_NONE when not yet */
    pence_t approved, paid;                    /* -1 when not yet */
};

/* Drafts the month's claim of every post of the PCN in post that month
 * (computed by arrs_claim_month), replacing earlier drafts; claims already
 * submitted are left alone.  *drafted counts the lines written; posts whose
 * claim cannot be worked out are skipped and counted in *unknown. */
int claims_draft(struct db *db, const struct rules *r, const char *pcn, int year, int month,
                 const struct audit_entry *note, long *drafted, long *unknown, struct pcn_msg *m);
/* Moves a claim on: submitted (date), approved (date, amount), paid (date,
 * amount).  A claim moves one step at a time, forward only. */
int claims_advance(struct db *db, int64_t staff_id, int year, int month, enum claim_status to,
                   date_t on, pence_t amount, const struct audit_entry *note, struct pcn_msg *m);
/* The PCN's claims in a financial year (or one month when month > 0). */
int claims_list(struct db *db, const char *pcn, fy_t fy, int year, int month, struct arena *a,
                struct claim_rec **out, size_t *n, struct pcn_msg *m);

/* The year's position ---------------------------------------------------- */

/* The PCN's ARRS sum for the year from its entitlements (entitle.h), with
 * r the PCN's layered rules (override_rules): *estimate when its population
 * is an estimate, *conf its confidence.  *sum is -1 when it is not known:
 * the year's ARRS rate is not known (*why NULL), or the PCN has no member
 * practices on the date the entitlements are worked out from (*why says
 * so, in a). */
int staff_arrs_sum(struct db *db, const struct rules *r, const char *pcn, fy_t fy, struct arena *a,
                   pence_t *sum, bool *estimate, enum confidence *conf, const char **why,
                   struct pcn_msg *m);

/* The year's position of the PCN (arrs_forecast_year) from its posts, the
 * claims recorded, and its ARRS sum. */
int staff_position(struct db *db, const struct rules *r, const char *pcn, fy_t fy, date_t today,
                   struct arena *a, struct arrs_forecast *out, bool *sum_estimate,
                   struct pcn_msg *m);

/* What 1.0 WTE of a role claims in a full month from `month` (its first
 * day), at a band and pay point or at an annual cost: for the planner. */
int staff_claim_per_wte(const struct rules *r, const char *role, enum rule_area zone,
                        const char *band, bool has_point, enum rule_pay_point point, bool has_cost,
                        pence_t cost, date_t month, pence_t *out, struct pcn_msg *m);

/* Imports ----------------------------------------------------------------- */

/* The project's own staff CSV (docs/data-sources.md): header with at least
 * pcn_code, staff_id, name, role, wte, start_date, end_date, zone,
 * annual_cost; optional band, pay_point, employment, supervisor.  One
 * transaction; every row checked as staff_check; a row for a post already
 * in the store (same PCN, staff_id and role) updates it; with
 * src->only_pcn, a row of another PCN refuses the file (import.h). */
int staff_import_csv(struct db *db, const struct rules *r, const struct import_src *src, time_t now,
                     struct import_result *res, struct pcn_msg *m);

/* NHS England's PCN workforce individual-level CSV: the ARRS roles among
 * its staff (mapped by RULES_DIR/workforce_roles.csv; other roles are
 * counted and skipped), FTE as WTE (rows of one person in one role and PCN
 * added up, to at most 1.0), "NWRS contracted services" rows as
 * sub-contracted, name "Staff <UNIQUE_IDENTIFIER>" (rows with no identifier,
 * the contracted services, are each a post called "Staff line-N" after their
 * line in the file), no pay (to be entered),
 * and start date `start`, or the census month's first day when DATE_NONE.
 * Only PCN pcn when not NULL (else src->only_pcn when set).  Posts already
 * in the register are left as they are. */
int staff_import_workforce(struct db *db, const struct rules *r, const char *rules_dir,
                           const char *pcn, date_t start, const struct import_src *src, time_t now,
                           struct import_result *res, struct pcn_msg *m);

#endif
