/* registry.h: England's primary care organisations, effective-dated.
 *
 * Model (src/store/sql/001_registry.sql):
 *   org          each ODS code once, with its kind (region, ICB, sub-ICB
 *                location, PCN, practice).  Codes are unique across kinds.
 *   org_version  name, ONS code, parent, postcode and clinical system
 *                supplier, each version holding for a period.
 *   membership   a practice's PCN, for a period.
 *   publication  the registry and list-size publications loaded, by date.
 * Parents: practice -> sub-ICB location -> ICB -> region, and PCN -> its
 * lead sub-ICB location (the one holding most of its member practices; a
 * tie goes to the lowest code).  A PCN's ICB is its lead sub-ICB's ICB.
 *
 * Loading a publication dated D sets, for every organisation and practice,
 * the value it shows (or "absent") from D until the next publication loaded
 * (or open-ended): see hist.h.  So later files record joins, leaves, moves
 * and renames as history; reloading a file changes nothing; and an older
 * file loaded after a newer one slots in before it.
 *
 * Queries take a date "on": names and parents are the version holding on
 * that date (or, for an organisation gone by then, its last version);
 * members are the practices whose membership holds on that date; list
 * sizes are the latest list-size publication on or before that date. */
#ifndef PCN_REGISTRY_H
#define PCN_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "date.h"
#include "err.h"
#include "ods.h"
#include "regpub.h"

struct db;

/* Applies a publication (regpub_apply, regpub.h, which also defines the
 * snapshot and the changes).  Must be called inside a transaction (the
 * importer's); on error the caller rolls back.  PCN_ECONFLICT when a code
 * is stored with another kind. */
int registry_apply(struct db *db, const struct reg_snapshot *s, struct reg_changes *out,
                   struct pcn_msg *m);

/* Dates of the publications loaded, newest first; *n gets the count. */
int registry_publications(struct db *db, const char *kind, struct arena *a, date_t **dates,
                          size_t *n, struct pcn_msg *m);
/* The latest list-size publication on or before `on`, or DATE_NONE. */
int registry_list_date(struct db *db, date_t on, date_t *out, struct pcn_msg *m);

/* Query results.  Strings and arrays live in the arena passed in.
 * registered_patients is -1 when no list size is known. */
struct org_ref {
    const char *code;
    const char *name;
};

struct org_info {
    const char *code;
    enum org_kind kind;
    const char *name, *ons_code, *parent, *postcode, *supplier;
    date_t valid_from, valid_to; /* of the version shown */
};

struct practice_row {
    const char *code;
    const char *name;
    int64_t registered_patients;
};

struct pcn_row {
    const char *code;
    const char *name;
    const char *icb_code;
    int64_t registered_patients;
    long practice_count;
};

struct pcn_detail {
    struct org_ref pcn, sub_icb, icb;
    int64_t registered_patients;
    date_t list_size_date;          /* DATE_NONE when none */
    struct practice_row *practices; /* sorted by code */
    size_t npractices;
    date_t *trend_dates;   /* registered patients on each list date, */
    int64_t *trend_totals; /* oldest first (registry_pcn_trend)      */
    size_t ntrend;
};

struct icb_row {
    const char *code;
    const char *name;
    int64_t registered_patients;
    long pcn_count;
};

struct icb_detail {
    struct org_ref icb, region;
    const char *ons_code;
    int64_t registered_patients;
    date_t list_size_date;
    struct pcn_row *pcns; /* sorted by code */
    size_t npcns;
};

/* The list size of one practice on one date, by sex and 5-year band
 * (bands[0] = 0 to 4, ..., bands[19] = 95 and over); -1 where unknown. */
#define LIST_BANDS 20
struct list_size {
    date_t date;
    int64_t total, male, female;
    int64_t m[LIST_BANDS], f[LIST_BANDS];
};

struct practice_detail {
    struct org_info info;
    struct org_ref pcn; /* code NULL: no PCN on the date */
    struct org_ref sub_icb, icb;
    bool has_list;
    struct list_size list;   /* latest on or before the date */
    struct list_size *trend; /* every list date, oldest first (totals) */
    size_t ntrend;
    bool has_ods;           /* epraccur loaded for it */
    const char *ods_status; /* "A", "C", "D", "P" */
    date_t ods_open, ods_close;
};

enum reg_event_kind { EV_JOINED, EV_LEFT, EV_RENAMED };

struct reg_event {
    date_t date;
    enum reg_event_kind kind;
    const char *practice; /* joined, left */
    const char *practice_name;
    const char *other_pcn; /* joined: the PCN it came from; left: went to */
    const char *old_name;  /* renamed */
    const char *new_name;
};

const char *reg_event_kind_name(enum reg_event_kind k);

/* 0 when code is an organisation of kind want; PCN_ENOTFOUND with "no PCN
 * with code X" or "X is a practice, not a PCN" otherwise. */
int registry_expect(struct db *db, const char *code, enum org_kind want, struct pcn_msg *m);
/* The kind of a stored code, or ORG_NONE. */
int registry_kind(struct db *db, const char *code, enum org_kind *out, struct pcn_msg *m);
/* The version of code on the date; PCN_ENOTFOUND if the code is unknown. */
int registry_org(struct db *db, const char *code, date_t on, struct arena *a, struct org_info *out,
                 struct pcn_msg *m);

/* Search: ICBs, PCNs and practices on the date whose code is q, or whose
 * code or name holds q anywhere, ignoring case (ASCII letters); the exact
 * code first, then ICBs, PCNs, practices, each by name.  q is 2 to
 * REGISTRY_SEARCH_MAX bytes (PCN_EINVAL otherwise, with words for a
 * person); at most `limit` results, and *more says whether there were
 * others.  One statement. */
#define REGISTRY_SEARCH_MIN 2
#define REGISTRY_SEARCH_MAX 100
struct reg_hit {
    const char *code, *name;
    enum org_kind kind;
};
int registry_search(struct db *db, const char *q, date_t on, size_t limit, struct arena *a,
                    struct reg_hit **out, size_t *n, bool *more, struct pcn_msg *m);

int registry_list_icbs(struct db *db, date_t on, struct arena *a, struct icb_row **out, size_t *n,
                       struct pcn_msg *m);
/* icb NULL: every PCN. */
int registry_list_pcns(struct db *db, const char *icb, date_t on, struct arena *a,
                       struct pcn_row **out, size_t *n, struct pcn_msg *m);
int registry_pcn(struct db *db, const char *code, date_t on, struct arena *a,
                 struct pcn_detail *out, struct pcn_msg *m);
int registry_icb(struct db *db, const char *code, date_t on, struct arena *a,
                 struct icb_detail *out, struct pcn_msg *m);
int registry_practice(struct db *db, const char *code, date_t on, struct arena *a,
                      struct practice_detail *out, struct pcn_msg *m);
/* The PCN's changes after the first registry publication loaded, oldest
 * first: practices joining and leaving, and renames. */
int registry_pcn_history(struct db *db, const char *code, struct arena *a, struct reg_event **out,
                         size_t *n, struct pcn_msg *m);
/* Registered patients of the PCN on each list-size date (oldest first),
 * summing the practices that were members on that date. */
int registry_pcn_trend(struct db *db, const char *code, struct arena *a, date_t **dates,
                       int64_t **totals, size_t *n, struct pcn_msg *m);

#endif
