/* nbhdnames.h: the names the neighbourhood team's records use (nbhd.h,
 * which includes this, is the manual of the whole): the six core
 * components of neighbourhood health and the contracts, read from their
 * data files, and the words of partner kinds and component statuses.
 * Pure but for nbhd_items_load, which reads its file. */
#ifndef PCN_NBHDNAMES_H
#define PCN_NBHDNAMES_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "date.h"
#include "err.h"

#define NBHD_ITEMS_MAX 64 /* rows of a components or contracts file */

/* ---- the data files ----------------------------------------------------- */

struct nbhd_item {
    const char *code, *name, *source, *confidence;
    date_t source_date;
    long line;
};

struct nbhd_list {
    const char *file;
    struct nbhd_item *v;
    size_t n;
};

/* data/neighbourhood/FILE beside the rules folder rules_dir (in a). */
const char *nbhd_data_path(struct arena *a, const char *rules_dir, const char *file);
/* Reads a components or contracts file: header code,name,source,
 * source_date,confidence; codes of lower case letters, digits and _ and
 * unique; names and sources not empty; dates ISO; confidence official,
 * single-source or unconfirmed.  Any problem: PCN_EINVAL "FILE:LINE: field:
 * words", nothing kept. */
int nbhd_items_load(const char *path, struct arena *a, struct nbhd_list *out, struct pcn_msg *m);
int nbhd_items_parse(const char *name, const char *data, size_t len, struct arena *a,
                     struct nbhd_list *out, struct pcn_msg *m);
const struct nbhd_item *nbhd_item_find(const struct nbhd_list *l, const char *code);

/* ---- partner kinds and component statuses -------------------------------- */

enum nbhd_kind {
    NK_COMMUNITY_TRUST,
    NK_MENTAL_HEALTH_TRUST,
    NK_LOCAL_AUTHORITY,
    NK_VCSE,
    NK_PHARMACY,
    NK_HOSPICE,
    NK_OTHER,
    NK_COUNT,
};
const char *nbhd_kind_id(enum nbhd_kind k);    /* "community_trust", ... */
const char *nbhd_kind_label(enum nbhd_kind k); /* "Community health trust", ... */
int nbhd_kind_parse(const char *s, enum nbhd_kind *out);

enum nbhd_status { NS_NOT_STARTED, NS_PLANNING, NS_IN_PROGRESS, NS_ESTABLISHED, NS_COUNT };
const char *nbhd_status_id(enum nbhd_status s);    /* "not_started", ... */
const char *nbhd_status_label(enum nbhd_status s); /* "Not started", ... */
int nbhd_status_parse(const char *s, enum nbhd_status *out);

#endif
