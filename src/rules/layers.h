/* layers.h: the rules in layers, pure.
 *
 * A figure comes from the first layer that has it for the date:
 *
 *   1. the PCN's own figure (LAYER_PCN), such as a post's maximum
 *      reimbursable amount printed on its ICB's claim statement, entered by
 *      the PCN's manager or clinical director;
 *   2. its ICB's local variation (LAYER_ICB): a Local Variation Agreement
 *      (from 1 May 2026) may vary rates, ARRS maxima and add roles the
 *      commissioner approves; entered by an ICB user, with the agreement's
 *      name and the member practices that signed;
 *   3. the national rules, the files of rules/YYYY-YY/ (LAYER_NATIONAL).
 *
 * An override names a rules file (without .csv), a row by its key columns
 * joined by '/', a value written as the file writes it, and its dates
 * (both inclusive; the end may be open).  The files a layer may change:
 *
 *   stream_rates  KEY stream/part   (enhanced_access/adjusted_population)
 *                 VALUE pounds per unit, up to 5 decimals; the dates whole
 *                 months, as stream rates are paid by month
 *   arrs_maxima   KEY role/area     (care_coordinator/national)
 *                 VALUE pounds per WTE a year
 *   arrs_roles    KEY role          VALUE the per cent reimbursed; a role
 *                 the year lacks is an extra role (give its name), whose
 *                 maximum is then an arrs_maxima override
 *
 * layers_apply splices the overrides into a copy of the national rules:
 * the national row is cut around the override's dates and the override
 * becomes a row of its own, whose meta names its layer (rule_meta.layer)
 * and where it comes from (rule_meta.origin, which rule_cite prints), so
 * that the working of every figure it changes says so.  The engines
 * (entitle.h, arrs.h) need no change: they read rows by date as before.
 *
 * Memory: everything comes from the arena passed in; years not touched by
 * an override are shared with the national rules (read only). */
#ifndef PCN_LAYERS_H
#define PCN_LAYERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "date.h"
#include "rules.h"
#include "trail.h"

enum layer_scope { SCOPE_PCN, SCOPE_ICB };

struct rule_override {
    const char *id; /* the store's name for it ("" before saving) */
    enum layer_scope scope;
    const char *org;       /* the PCN or the ICB                       */
    enum rules_file file;  /* RF_RATES, RF_MAXIMA or RF_ROLES          */
    const char *key;       /* "care_coordinator/national"              */
    const char *value;     /* as written: "36000"                      */
    int64_t amount;        /* parsed (layers_check): millipence for a
                                  rate, pence for a maximum, basis points
                                  for a role's share                       */
    const char *name;      /* arrs_roles: an extra role's name, or NULL */
    date_t from, to;       /* inclusive; to DATE_NONE: open            */
    const char *source;    /* "Claim statement for October 2026"       */
    date_t source_date;    /* the statement's or agreement's date, or
                                  DATE_NONE                                */
    enum confidence conf;  /* official, single-source or unconfirmed   */
    const char *agreement; /* SCOPE_ICB: the agreement's name, or NULL */
    const char *signed_by; /* SCOPE_ICB: practice codes, "A1,B2", or NULL */
    const char *created_by;
    int64_t created_at; /* seconds since 1970 */
};

/* Problems with an override, for a form's error summary: every one at once,
 * each with the field it belongs to ("file", "row", "value", "from", "to",
 * "source", "name", "confidence"). */
#define LAYERS_MAX_ERRORS 8
struct layers_errors {
    size_t n;
    struct {
        const char *field, *text;
    } e[LAYERS_MAX_ERRORS];
};

/* "stream_rates", "arrs_maxima", "arrs_roles" <-> the file.  0 or
 * PCN_EINVAL (a file no layer may change). */
int layers_file_parse(const char *s, enum rules_file *out);
const char *layers_file_name(enum rules_file f);
/* "the PCN's own figure", "the ICB's local variation" */
const char *layers_scope_label(enum layer_scope s);
/* "pcn", "icb" */
const char *layers_scope_name(enum layer_scope s);
int layers_scope_parse(const char *s, enum layer_scope *out);

/* An override's value as its file writes it, parsed into its amount:
 * stream_rates pounds to 5 decimals (millipence, 0 or more), arrs_maxima
 * pounds (pence, more than 0 and up to £1,000,000), arrs_roles a per cent
 * from 0.01 to 100 (basis points).  0 or PCN_EINVAL. */
int layers_parse_value(enum rules_file f, const char *value, int64_t *amount);

/* Checks an override against the national rules of the year of its first
 * day and parses its value into amount.  Adds every problem to e (which the
 * caller zeroes) and returns true when there is none. */
bool layers_check(const struct rules *nat, struct rule_override *o, struct arena *a,
                  struct layers_errors *e);

/* The national figure an override takes the place of on its first day, in
 * the override's unit; false when the national rules have none (not known,
 * or an extra role). */
bool layers_national(const struct rules *nat, const struct rule_override *o, int64_t *amount);

/* The national rules with the overrides spliced in: ICB ones first, then
 * the PCN's (the PCN's own figure wins where both hold).  out may then be
 * used wherever the national rules are. */
void layers_apply(const struct rules *nat, const struct rule_override *ov, size_t n,
                  struct arena *a, struct rules *out);

/* Where an override's figure comes from, for the working: "the PCN's own
 * figure (U18986): Claim statement for October 2026, of 5 October 2026". */
const char *layers_origin(struct arena *a, const struct rule_override *o);

/* What an override is for, in words: "Care coordinator: maximum
 * reimbursable amount, national", "Enhanced Access: rate per
 * adjusted_population", "Mental health practitioner: share of the cost
 * reimbursed" (names from the year of its first day). */
const char *layers_what(struct arena *a, const struct rules *nat, const struct rule_override *o);

/* Every figure of year y a layer may change, as "file|key" values and
 * their words (layers_what), for a form's choice: each role's maxima by
 * area, each stream rate that is worked out by month, each role's share.
 * *n is set; arrays in a. */
void layers_choices(struct arena *a, const struct rules_year *y, const char ***values,
                    const char ***labels, size_t *n);

/* The value in words for a person: "£36,000.00 per WTE a year", "£9.00000
 * per unit", "100% reimbursed". */
const char *layers_value_text(struct arena *a, const struct rule_override *o);

#endif
