/* nbhd.h: the neighbourhood team of a PCN in the store
 * (src/store/sql/.../014_neighbourhood.sql): the partner organisations it works
 * with (community and mental health trusts, the local authority, VCSE
 * bodies, community pharmacies, hospices), with their ODS codes where they
 * have one (ods.h); named leads and their roles; the other PCNs and
 * practices that share its footprint; the six core components of
 * neighbourhood health, each with status, owner and next step; the
 * organisation's contract as a dated attribute (the PCN DES now, a
 * neighbourhood provider contract later); and which of the clinical
 * director's stakeholders (deskdb.h) belong to which partner.  The team's
 * meetings and actions are the network's (network.h, NETWORK_NEIGHBOURHOOD).
 *
 * The components and the contracts are data, not code: the files
 * components.csv and contracts.csv of data/neighbourhood/ beside the rules
 * folder (nbhd_items_load; their README gives the sources).  A component
 * or contract the store holds but the file no longer names is shown with
 * its code.
 *
 * As in deskdb.h: every record belongs to one PCN and every function takes
 * it (another PCN's record is PCN_ENOTFOUND); writes check everything first
 * (PCN_EINVAL, every problem in a struct desk_errs, nothing written); each
 * change is one transaction with its audit entry ("nbhd-partner-add",
 * "nbhd-partner-change", "nbhd-lead-add", "nbhd-lead-remove",
 * "nbhd-footprint-add", "nbhd-footprint-remove", "nbhd-component-set",
 * "nbhd-contract-set", "nbhd-stakeholder-link"; detail {"record", "id",
 * "before", "after"}).  Who may call what is the caller's business
 * (perm_read_network, perm_write_network; the stakeholders are the desk's,
 * perm_read_desk). */
#ifndef PCN_NBHD_H
#define PCN_NBHD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "arena.h"
#include "date.h"
#include "desk.h"
#include "deskdb.h"
#include "err.h"
#include "nbhdnames.h"
#include "ods.h"

struct db;

/* ---- partners and leads ------------------------------------------------- */

struct nbhd_partner {
    int64_t id;
    const char *name;
    enum nbhd_kind kind;
    const char *ods_code; /* "" when none */
    const char *notes;
};

/* Pure: a partner's fields ("name", "kind", "ods_code", "notes"); an ODS
 * code, when given, in capitals and of the kind's format (ods.h: a trust's
 * for trusts, a pharmacy's for pharmacies, the general shape otherwise),
 * and never a GP practice's or a PCN's (those share the footprint). */
bool nbhd_check_partner(const struct nbhd_partner *p, struct desk_errs *e);

int nbhd_partners(struct db *db, const char *pcn, struct arena *a, struct nbhd_partner **out,
                  size_t *n, struct pcn_msg *m);
/* Adds (p->id 0) or changes a partner; the same ODS code twice in one PCN
 * is refused ("ods_code"). */
int nbhd_save_partner(struct db *db, const struct desk_actor *w, const char *pcn,
                      const struct nbhd_partner *p, int64_t *id, struct desk_errs *e,
                      struct pcn_msg *m);

struct nbhd_lead {
    int64_t id, partner_id;   /* partner_id 0: the PCN's own lead */
    const char *partner_name; /* "" for the PCN's own */
    const char *name, *role_title;
};
int nbhd_leads(struct db *db, const char *pcn, struct arena *a, struct nbhd_lead **out, size_t *n,
               struct pcn_msg *m);
/* Errors on "name", "role" (both needed), "partner" (0 or the PCN's own). */
int nbhd_add_lead(struct db *db, const struct desk_actor *w, const char *pcn,
                  const struct nbhd_lead *l, int64_t *id, struct desk_errs *e, struct pcn_msg *m);
int nbhd_remove_lead(struct db *db, const struct desk_actor *w, const char *pcn, int64_t id,
                     struct pcn_msg *m);

/* ---- the footprint ------------------------------------------------------ */

struct nbhd_shared {
    const char *code, *name; /* name today from the registry ("" if none) */
    enum org_kind kind;      /* ORG_PCN or ORG_PRACTICE */
    const char *note;
};
int nbhd_footprint(struct db *db, const char *pcn, date_t today, struct arena *a,
                   struct nbhd_shared **out, size_t *n, struct pcn_msg *m);
/* A PCN or practice of the registry, not this PCN nor one of its own
 * members today, not already listed (errors on "code", "note"). */
int nbhd_add_footprint(struct db *db, const struct desk_actor *w, const char *pcn, const char *code,
                       const char *note, date_t today, struct desk_errs *e, struct pcn_msg *m);
int nbhd_remove_footprint(struct db *db, const struct desk_actor *w, const char *pcn,
                          const char *code, struct pcn_msg *m);

/* ---- the six core components -------------------------------------------- */

struct nbhd_component {
    const char *code, *name, *source;
    enum nbhd_status status; /* NS_NOT_STARTED until recorded */
    const char *owner, *next_step;
    bool recorded;
};
/* One per component of the file, in its order, then any the store holds
 * that the file no longer names. */
int nbhd_components(struct db *db, const char *pcn, const struct nbhd_list *names, struct arena *a,
                    struct nbhd_component **out, size_t *n, struct pcn_msg *m);
/* Errors on "component" (a code of names), "status", "owner", "next_step". */
int nbhd_set_component(struct db *db, const struct desk_actor *w, const char *pcn,
                       const struct nbhd_list *names, const struct nbhd_component *x,
                       struct desk_errs *e, struct pcn_msg *m);

/* ---- the contract ------------------------------------------------------- */

struct nbhd_contract {
    date_t from;
    const char *code, *name, *note;
};
/* Oldest first. */
int nbhd_contracts(struct db *db, const char *pcn, const struct nbhd_list *names, struct arena *a,
                   struct nbhd_contract **out, size_t *n, struct pcn_msg *m);
/* The contract held on `on` (the latest from on or before it), or NULL. */
const struct nbhd_contract *nbhd_contract_on(const struct nbhd_contract *v, size_t n, date_t on);
/* From `from` on (errors on "from": from 1 July 2019 to a year after today,
 * "contract": a code of names, "note"); the same date again replaces it. */
int nbhd_set_contract(struct db *db, const struct desk_actor *w, const char *pcn,
                      const struct nbhd_list *names, date_t from, const char *code,
                      const char *note, date_t today, struct desk_errs *e, struct pcn_msg *m);

/* ---- stakeholders of a partner ------------------------------------------ */

struct nbhd_link {
    int64_t stakeholder_id, partner_id;
    const char *stakeholder_name, *partner_name;
};
int nbhd_links(struct db *db, const char *pcn, struct arena *a, struct nbhd_link **out, size_t *n,
               struct pcn_msg *m);
/* Puts the PCN's stakeholder with the PCN's partner (partner_id 0: with
 * none); errors on "stakeholder", "partner". */
int nbhd_link_stakeholder(struct db *db, const struct desk_actor *w, const char *pcn,
                          int64_t stakeholder_id, int64_t partner_id, struct desk_errs *e,
                          struct pcn_msg *m);

/* ---- JSON --------------------------------------------------------------- */

json_t *nbhd_partner_json(const struct nbhd_partner *x);
json_t *nbhd_lead_json(const struct nbhd_lead *x);
json_t *nbhd_shared_json(const struct nbhd_shared *x);
json_t *nbhd_component_json(const struct nbhd_component *x);
json_t *nbhd_contract_json(const struct nbhd_contract *x);

#endif
