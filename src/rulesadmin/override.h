/* override.h: the store side of the rules' layers (layers.h): the PCN's own
 * figures and the ICB's local variations, in table rule_override
 * (src/store/sql/007_rule_overrides.sql).
 *
 * Each change (add, end, remove) checks, writes and audits in one
 * transaction: the audit entry holds the override before and after, and
 * names the organisation it belongs to.  A PCN's figures are entered by its
 * managers and clinical director, an ICB's by its ICB users (and admins):
 * the caller checks who may (perm.h); these functions check what.
 *
 * All functions return 0 or a negative enum pcn_err with m set; strings and
 * arrays of results live in the arena passed in. */
#ifndef PCN_OVERRIDE_H
#define PCN_OVERRIDE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "deskdb.h"
#include "err.h"
#include "layers.h"

struct db;

/* Saves a checked override (layers_check passed): its organisation must be
 * a PCN (SCOPE_PCN) or an ICB (SCOPE_ICB) of the registry.  o->id,
 * created_by and created_at are set.  PCN_ENOTFOUND for an unknown
 * organisation. */
int override_add(struct db *db, struct rule_override *o, const struct desk_actor *who,
                 struct arena *a, struct pcn_msg *m);

/* Ends an override: its last day becomes `to` (on or after its first day).
 * PCN_ENOTFOUND when id is not an override of org; PCN_EINVAL for a date
 * before its first day. */
int override_end(struct db *db, const char *org, const char *id, date_t to,
                 const struct desk_actor *who, struct pcn_msg *m);

/* Removes an override (the audit log keeps what it was).  PCN_ENOTFOUND
 * when id is not an override of org. */
int override_remove(struct db *db, const char *org, const char *id, const struct desk_actor *who,
                    struct pcn_msg *m);

/* The overrides of an organisation (NULL: every one), by file, row and
 * first day. */
int override_list(struct db *db, const char *org, struct arena *a, struct rule_override **out,
                  size_t *n, struct pcn_msg *m);
int override_get(struct db *db, const char *org, const char *id, struct arena *a,
                 struct rule_override *out, struct pcn_msg *m);

/* The rules a PCN's figures are worked out with: the national rules with
 * its ICB's local variations (the ICB the PCN belongs to on `on`) and its
 * own figures spliced in.  *out is nat itself when there are none. */
int override_rules(struct db *db, const struct rules *nat, const char *pcn, date_t on,
                   struct arena *a, const struct rules **out, struct pcn_msg *m);

/* The same from overrides already read (override_list with org NULL, once
 * for a walk over many PCNs): those of the PCN and of its ICB (NULL: none).
 * Pure; *out is nat when none of them apply. */
void override_pick(const struct rules *nat, const struct rule_override *all, size_t n,
                   const char *pcn, const char *icb, struct arena *a, const struct rules **out);

/* The ICB a PCN belongs to on a date (its sub-ICB location's parent), or
 * NULL. */
const char *override_icb_of(struct db *db, const char *pcn, date_t on, struct arena *a);

/* An override as JSON, for the CLI, the API and the audit log's before and
 * after. */
json_t *override_json(const struct rule_override *o);

#endif
