/* regpub.h: a registry publication as parsed (regmap.h) and applying it
 * to the store's effective-dated registry (registry.h's model): the org
 * rows, their versions (org_version) and the practices' membership.
 *
 * Loading a publication dated D sets, for every organisation and practice,
 * the value it shows (or "absent") from D until the next publication loaded
 * (or open-ended): see hist.h.  Reloading a file changes nothing; an older
 * file loaded after a newer one slots in before it. */
#ifndef PCN_REGPUB_H
#define PCN_REGPUB_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "err.h"
#include "ods.h"

struct db;

/* The attributes of one version.  name is required; others may be NULL. */
struct org_attrs {
    const char *name;
    const char *ons_code;
    const char *parent;
    const char *postcode;
    const char *supplier;
};

/* One organisation as a publication shows it. */
struct reg_org {
    const char *code;
    enum org_kind kind;
    struct org_attrs a;
};

/* One practice's PCN as a publication shows it; pcn NULL: unallocated. */
struct reg_member {
    const char *practice;
    const char *pcn;
};

/* A whole registry publication, as parsed by regmap.h.  Strings live in the
 * caller's arena. */
struct reg_snapshot {
    date_t date;
    const char *source; /* file name, for the publication record */
    struct reg_org *orgs;
    size_t norgs;
    struct reg_member *members;
    size_t nmembers;
};

/* What loading a publication changed, as of its date. */
struct reg_changes {
    bool first;               /* no registry publication before it    */
    bool already_loaded;      /* the same date was loaded before      */
    long practices, pcns;     /* in the publication                   */
    long orgs_added;          /* codes new to the store               */
    long joined, left, moved; /* practices, compared with the value
                                    holding just before the date          */
    long renamed;             /* organisations whose name changed     */
    long rows_written;        /* store rows inserted, changed, deleted */
};

/* Applies s: records the publication, adds new codes (PCN_ECONFLICT when a
 * code is stored with another kind), and rewrites the versions and
 * memberships it changes, counting the changes into *out.  Must be called
 * inside a transaction (a BUG otherwise); on error the caller rolls back. */
int regpub_apply(struct db *db, const struct reg_snapshot *s, struct reg_changes *out,
                 struct pcn_msg *m);

#endif
