/* iifgather.h: the rules of the IIF roll-up (iifdata.h says them): a PCN's
 * year gathered from one of two sources, written once over either.  One
 * PCN (iifdata_pcn) asks the store for what it needs; every PCN
 * (iifdata_all, iifdata_each) reads the year's tables once (iiftables.h)
 * and answers the same questions from memory.  The PCN's figures of each
 * indicator (the publication's own row, else its members' sum on the
 * achievement date; else the latest month entered), the list-size
 * adjustment's lists and the prevalences, with the words of their origin.
 * A private part of the iifdata module (src/include-order): only iifdata.c
 * calls it.  Functions return 0 or a negative enum pcn_err with m set. */
#ifndef PCN_IIFGATHER_H
#define PCN_IIFGATHER_H

#include <stddef.h>

#include "arena.h"
#include "date.h"
#include "err.h"
#include "iifdata.h"
#include "iiftables.h"
#include "rules.h"

struct db;

struct iifgather {
    struct db *db;
    struct iiftables *t; /* NULL: the store, one PCN at a time */
    /* The words of the last few dates, and of the lists' note, made once
     * for every PCN and indicator that says the same (in arena da; set da
     * to NULL when that arena is reset). */
    struct arena *da;
    date_t days[4];
    const char *day_words[4];
    size_t nday;
    date_t note_key[3];
    const char *note;
};

/* The PCN's year, once its name is known (NULL: its code), into out, with
 * everything it points to in a.  members_over as iifdata_pcn's members_on. */
int iifgather_pcn(struct iifgather *g, const struct rules_year *y, const char *pcn,
                  const char *name, fy_t fy, date_t members_over, struct arena *a,
                  struct iif_pcn *out, struct pcn_msg *m);

#endif
