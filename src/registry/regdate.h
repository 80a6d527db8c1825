/* regdate.h: the registry on a date, read as sets, for registry.h's
 * national and ICB-wide queries (registry_list_pcns, registry_list_icbs,
 * registry_icb).
 *
 * The national and ICB-wide queries read the registry as it stands on a date
 * in four statements, whatever the number of organisations: every code's
 * kind, every version holding on the date, the memberships holding on it and
 * the list sizes of the list date; then they join and add up in memory.  Each
 * statement is a plain scan (or, for the list sizes, a range of the
 * list_size_date index), so the cost grows with the rows read, once each, and
 * no statement runs per ICB, PCN or practice.  They run in one read
 * transaction, so the four see the same store. */
#ifndef PCN_REGDATE_H
#define PCN_REGDATE_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "date.h"
#include "err.h"
#include "ods.h"
#include "strmap.h"

struct db;

/* SQL: the row of table alias t holds on date ? (bind the date twice). */
#define REGDATE_HOLDS(t) t ".valid_from <= ? AND (" t ".valid_to IS NULL OR " t ".valid_to > ?)"

struct regdate_node {
    const char *code;
    enum org_kind kind;
    bool holds;              /* a version holds on the date */
    const char *name;        /* PCNs and ICBs */
    const char *parent;      /* sub-ICB locations: their ICB's code */
    struct regdate_node *up; /* the parent, if it has a version holding */
    int64_t list;            /* the practice's list on the list date, or -1 */
    long members;            /* a PCN: its practices on the date */
    int64_t member_list;     /* a PCN: their lists added up, or -1 */
    int64_t icb_list;        /* an ICB: its practices' lists, or -1 */
    long icb_pcns;           /* an ICB: its PCNs */
};

struct regdate {
    struct strmap map;          /* code -> struct regdate_node */
    struct regdate_node *nodes; /* in code order */
    size_t n;
};

/* Reads the registry on `on`, with the list sizes of the list date ld
 * (DATE_NONE: none), into *s: every code in England, or (icb not NULL)
 * those of the ICB, its sub-ICB locations, PCNs and practices.  ICBs get
 * their practices' lists and PCNs added up.  The caller opens the read
 * transaction and calls regdate_release, on success and on error alike. */
int regdate_read(struct db *db, const char *icb, date_t on, date_t ld, struct arena *a,
                 struct regdate *s, struct pcn_msg *m);
void regdate_release(struct regdate *s);

#endif
