/* funding.h: the store side of PCN funding: the inputs a user enters (care
 * home beds, CAIP achievement, the Network Agreement's distribution), and
 * gathering everything the pure engine (entitle.h) needs for one PCN and
 * year.  Tables: src/store/sql/003_funding.sql.
 *
 * Which practices, and which list sizes (docs/architecture.md, "Where the
 * rules are"):
 *   - The population base date is 1 January before the year (fy_base_date).
 *   - Members are the practices in the PCN on that date.  The whole year's
 *     money is computed on that membership, as the populations are; a
 *     practice joining or leaving during the year does not change it.  When
 *     the registry holds nothing as early as that date, the earliest
 *     registry publication loaded is used instead, and the engine marks the
 *     result an estimate.
 *   - List sizes come from the list-size publication dated 1 January; if
 *     none is loaded, the latest before it, else the earliest after it (an
 *     estimate, and the trail says which).
 *   - Populations are the rows of that 1 January; a practice without one is
 *     left for the engine to fill from its registered list.
 *   - Beds for a month are the latest entry on or before it.
 *
 * All functions return 0 or a negative enum pcn_err with m set; strings and
 * arrays of the results live in the arena passed in. */
#ifndef PCN_FUNDING_H
#define PCN_FUNDING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "date.h"
#include "entitle.h"
#include "err.h"
#include "rules.h"

struct db;
struct audit_entry;

/* Each change below is written with its audit entry (note, audit.h: who
 * and what) in one transaction, its own or the caller's when one is open
 * (then note may be NULL: the caller writes the entry). */

/* Beds in aligned care homes from a month (any date in it) on.  PCN_ENOTFOUND
 * when pcn is not a PCN of the registry. */
int funding_set_beds(struct db *db, const char *pcn, date_t month, int64_t beds,
                     const struct audit_entry *note, struct pcn_msg *m);

/* The share of the CAIP maximum achieved in a year (0 to 10,000 basis points). */
int funding_set_caip(struct db *db, const char *pcn, fy_t fy, int64_t num, int64_t den,
                     const struct audit_entry *note, struct pcn_msg *m);

/* The Network Agreement's method for a stream ("*" for every stream without
 * its own) from a year on.  For METHOD_FIXED, n practices with their shares
 * in basis points: every member on the year's base date exactly once, adding
 * to 10,000 (PCN_EINVAL naming the problem otherwise). */
int funding_set_distribution(struct db *db, const char *pcn, const char *stream, fy_t from,
                             enum ent_method method, const char *const *practices,
                             const int64_t *share_bp, size_t n, const struct audit_entry *note,
                             struct pcn_msg *m);

/* A practice's weighted and adjusted populations on a date (normally 1
 * January), in hundredths; -1 is "not known" (NULL), but not both.  Replaces
 * the practice's row for that date, as a later populations file would;
 * source says where the figures came from ("entered on the web by ...").
 * PCN_ENOTFOUND when the registry has no such practice; PCN_EINVAL for a
 * population below 0 or both unknown. */
int funding_set_population(struct db *db, const char *practice, date_t on, int64_t weighted_h,
                           int64_t adjusted_h, const char *source, const struct audit_entry *note,
                           struct pcn_msg *m);

/* The populations held for a practice on a date: *known false when there
 * is no row; otherwise each is hundredths or -1 (not known). */
int funding_population(struct db *db, const char *practice, date_t on, bool *known,
                       int64_t *weighted_h, int64_t *adjusted_h, struct pcn_msg *m);

/* The date whose membership the year uses: its base date if the registry
 * reaches back to it, else the earliest registry publication loaded. */
int funding_members_date(struct db *db, fy_t fy, struct arena *a, date_t *on, struct pcn_msg *m);

/* The list-size publication a base date uses: the base date's, else the
 * latest before it, else the earliest after it; DATE_NONE when none is
 * loaded. */
int funding_list_date(struct db *db, date_t base, struct arena *a, date_t *out, struct pcn_msg *m);

/* The member practices on the year's base date (or the fallback above), by
 * code.  *on receives the date used. */
int funding_members(struct db *db, const char *pcn, fy_t fy, struct arena *a, const char ***codes,
                    size_t *n, date_t *on, struct pcn_msg *m);

/* Everything the engine needs for the PCN and year. */
int funding_inputs(struct db *db, const char *pcn, fy_t fy, struct arena *a, struct ent_input *in,
                   struct pcn_msg *m);

/* Computes the entitlements of every PCN of an ICB (icb NULL: of England)
 * for a year, in code order, on the membership of the year's population
 * date: fn(ctx, result) for each, the result living until fn returns (a
 * scratch arena is reset between PCNs).  The results carry no working (each
 * trail step keeps its value and confidence, its words are "" and it has
 * no source): a page or
 * command that shows one PCN's working works it out with funding_compute.
 * Everything is read in a handful of queries in one read transaction
 * (none per PCN or per practice).  PCNs with no member practices on
 * that date are skipped and counted in *skipped.  fn returns 0 to go on, or
 * an error (with m set) that stops the walk and is returned. */
int funding_each_pcn(struct db *db, const char *icb, fy_t fy, const struct rules *r,
                     int (*fn)(void *ctx, const struct ent_result *r, struct pcn_msg *m), void *ctx,
                     long *skipped, struct pcn_msg *m);

/* A PCN's entitlements for a year, the one way every page, command, API
 * route and brief works them out: its inputs from the store
 * (funding_inputs), the national rules with its ICB's local variations and
 * its own figures layered over them (override_rules), then the pure engine
 * (entitle_compute).  The working of each figure names the layer it came
 * from. */
int funding_compute(struct db *db, const struct rules *r, const char *pcn, fy_t fy, struct arena *a,
                    struct ent_input *in, struct ent_result *res, struct pcn_msg *m);
/* The same with rules already layered for the PCN (override_rules), for a
 * caller that needs them for more than the entitlements (the ARRS
 * position), so they are layered once. */
int funding_compute_layered(struct db *db, const struct rules *lr, const char *pcn, fy_t fy,
                            struct arena *a, struct ent_input *in, struct ent_result *res,
                            struct pcn_msg *m);
/* Whether funding_compute's rc (with the in it filled) says only that the
 * PCN has no member practices on the date its year is worked out from: not
 * a failure of the store but money that is not known, which the caller
 * says as such. */
bool funding_no_members(int rc, const struct ent_input *in);

#endif
