/* entwork.h: the working of the entitlements (entitle.h) as it is
 * written: the context of one PCN's year, the words of amounts, dates and
 * populations in the step being written, a step added to a trail with its
 * key and source, and the bases at 1 January (the dates, each member's
 * list and populations, the PCN's totals), each step in the inputs' trail.
 * A private part of the entitle module (src/include-order): entitle.c and
 * entwork.c only.  Pure. */
#ifndef PCN_ENTWORK_H
#define PCN_ENTWORK_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "entitle.h"

/* One PCN's year being worked out. */
struct entwork {
    const struct ent_input *in;
    const struct rules_year *y;
    struct arena *a;
    struct ent_result *res;
    struct pcn_msg *m;
    struct buf t; /* text of the step being written */
    date_t month_start[ENT_MONTHS], month_end[ENT_MONTHS];
    int64_t *reg, *adj_h, *wt_h; /* per practice, after stand-ins */
    bool *adj_standin, *wt_standin;
};

/* "registered patients", "adjusted population", ... */
const char *entwork_base_words(enum rule_base b);
/* Into the step's text (x->t): an amount, a population on its base, an
 * exact amount in units of 1/ENT_UNITS_PER_PENNY ("£113,300", or seven
 * decimals of a pound, "about" when not exact), a date. */
void entwork_money(struct entwork *x, pence_t p);
void entwork_pop(struct entwork *x, enum rule_base b, int64_t h);
void entwork_exact(struct entwork *x, int64_t units);
void entwork_date(struct entwork *x, date_t d);
/* The step's text (then emptied) added to tr. */
void entwork_step(struct entwork *x, struct trail *tr, const char *key, enum trail_unit unit,
                  int64_t value, const char *source, enum confidence conf);
/* A step's key: the parts joined with dots (c may be NULL). */
const char *entwork_key(struct entwork *x, const char *a, const char *b, const char *c);
/* A step's source, when its words are wanted (NULL when not). */
const char *entwork_cite(struct entwork *x, const struct rule_meta *rm);
/* PCN_ELIMIT, "PCN what: the amount passes the largest number PCN Ops holds". */
int entwork_too_big(struct entwork *x, const char *what);
/* The bases at 1 January: x's per-practice lists and populations (with
 * their stand-ins) set, and their steps in the result's inputs trail. */
void entwork_bases(struct entwork *x);

#endif
