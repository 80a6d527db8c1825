/* iiftables.h: the tables of one year that every PCN's IIF year is worked
 * out from (iifdata_all, iifdata_each), read once: every membership period
 * and organisation version, the publication's figures of each indicator's
 * latest achievement date, the months entered, the prevalences entered, the
 * QOF registers the year's rules name, and the lists of the registry date
 * the entitlements use (funding.h).  A fixed number of statements whatever
 * the number of PCNs; the roll-up (iifgather.h) then answers from memory
 * what it would otherwise ask the store, one PCN at a time.
 *
 * Everything read lives in the arena given; the maps are released by
 * iiftables_release.  Functions return 0 or a negative enum pcn_err with m
 * set. */
#ifndef PCN_IIFTABLES_H
#define PCN_IIFTABLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "date.h"
#include "err.h"
#include "rules.h"
#include "strmap.h"

struct db;

struct iiftables_member { /* a membership period */
    const char *practice;
    date_t from, to; /* to: DATE_NONE when open */
};
struct iiftables_version { /* a version's name and period */
    date_t from, to;
    const char *name;
};
struct iiftables_figure { /* a published figure */
    const char *part;
    int64_t value;
};
struct iiftables_month { /* a month entered */
    date_t month;
    const char *org;
    int64_t numerator, denominator;
};
struct iiftables_pair {
    int64_t a, b;
};
/* An array in an arena, as the maps below hold them. */
struct iiftables_vec {
    void *v;
    size_t n, cap;
};

struct iiftables_qof { /* one QOF register of the year's rules */
    const char *reg;
    fy_t qy;                        /* its year used, 0 when none loaded */
    struct iiftables_pair national; /* patients, list */
    struct strmap practices;        /* code -> struct iiftables_pair */
};

struct iiftables {
    fy_t fy;
    struct strmap members;   /* PCN -> vec of iiftables_member, every period */
    struct strmap versions;  /* code -> vec of iiftables_version, oldest first */
    struct strmap ach;       /* indicator -> date_t *, the latest achievement date */
    struct strmap published; /* "indicator\037org" -> vec of iiftables_figure, of that date */
    struct strmap entries;   /* "PCN\037indicator" -> vec of iiftables_month */
    struct strmap prev;      /* "indicator\037scope" -> struct iiftables_pair */
    struct iiftables_qof *qof;
    size_t nqof;
    int members_rc; /* the registry's date for the lists: 0 or why not */
    const char *members_note;
    date_t members_date, list_date;
    struct strmap lists; /* practice -> int64_t *, on list_date */
    int64_t national_pcns, national_list;
};

/* Reads what every PCN's year needs, each table once, into t (zeroed by
 * the caller, t->fy set), inside the caller's read transaction. */
int iiftables_read(struct db *db, const struct rules_year *y, fy_t fy, struct arena *a,
                   struct iiftables *t, struct pcn_msg *m);
void iiftables_release(struct iiftables *t);

/* A new element at the end of v (elem bytes), in a. */
void *iiftables_push(struct arena *a, struct iiftables_vec *v, size_t elem);
/* The key "x\037y" of the maps above, in buf (IIFTABLES_KEY_MAX bytes) when
 * it fits (look-ups are many: no allocation), else in the arena. */
enum { IIFTABLES_KEY_MAX = 96 };
const char *iiftables_key(char *buf, struct arena *a, const char *x, const char *y);
/* Does the period from..to (to DATE_NONE: open) hold on the date? */
bool iiftables_holds_on(date_t from, date_t to, date_t on);

/* From the store: the QOF year of a register used for fy (its own, else
 * the latest loaded before it; 0 when none), and a register over every
 * practice of its year (patients, lists). */
int iiftables_qof_year(struct db *db, const char *reg, fy_t fy, fy_t *qy, struct pcn_msg *m);
int iiftables_qof_national(struct db *db, const char *reg, fy_t qy, struct iiftables_pair *out,
                           struct pcn_msg *m);

#endif
