/* trail.h: confidence marks and the explanation trail of a calculation.
 *
 * Every figure PCN Ops computes from the NHS rules carries its working: the
 * rule rows it used (with their file:line, source tags and confidence), the
 * inputs (populations and their dates), each intermediate value and the
 * rounding applied.  A trail is an ordered list of steps; pure code builds it
 * and views print it (text on the CLI, JSON for the API, details on pages).
 *
 * Confidence (rules-reference §0), weakest first so that the weakest of
 * several is their minimum:
 *   CONF_CARRIED        provisional: no figure is published for this year
 *                       yet, so the row carries an earlier year's (with a
 *                       published uplift applied where one is stated); a
 *                       real figure replaces it by editing the data
 *   CONF_UNCONFIRMED    ❓ conflicting, derived or not found
 *   CONF_SINGLE_SOURCE  ⚠️ one secondary source
 *   CONF_OFFICIAL       ✅ official, or two independent sources that agree
 *   CONF_NONE           not a rate: an input or a piece of arithmetic; it
 *                       never weakens a result (the identity of conf_weakest)
 *
 * Memory: a trail allocates its steps and their strings from the arena it
 * was given; nothing to release separately. */
#ifndef PCN_TRAIL_H
#define PCN_TRAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

enum confidence {
    CONF_CARRIED = 0,
    CONF_UNCONFIRMED = 1,
    CONF_SINGLE_SOURCE = 2,
    CONF_OFFICIAL = 3,
    CONF_NONE = 4,
};

/* "carried", "unconfirmed", "single-source", "official", "none": the words
 * of the rules files and the JSON. */
const char *conf_name(enum confidence c);
/* For people: "provisional", "unconfirmed", "single source", "official", "". */
const char *conf_label(enum confidence c);
/* For a tag on a page: "Provisional", "Unconfirmed", "Single source",
 * "Official", "". */
const char *conf_tag(enum confidence c);
/* True for a figure a person should not take as settled: carried
 * (provisional) or unconfirmed. */
static inline bool conf_doubtful(enum confidence c)
{
    return c <= CONF_UNCONFIRMED;
}
/* Parses conf_name's words (not "none").  0 or PCN_EINVAL. */
int conf_parse(const char *s, size_t len, enum confidence *out);

static inline enum confidence conf_weakest(enum confidence a, enum confidence b)
{
    return a < b ? a : b;
}

/* What a step's value counts. */
enum trail_unit {
    TRAIL_NONE,       /* the step is words only; value is 0           */
    TRAIL_PENCE,      /* money                                        */
    TRAIL_COUNT,      /* patients, beds, months                       */
    TRAIL_HUNDREDTHS, /* a population with two decimals               */
    TRAIL_BP,         /* a percentage in basis points                 */
    TRAIL_MILLIPENCE, /* a rate                                       */
};

/* "none", "pence", "count", "hundredths", "basis_points", "millipence" */
const char *trail_unit_name(enum trail_unit u);

struct trail_step {
    const char *key;  /* stable id: "core.registered_list"           */
    const char *text; /* the working, in words and figures           */
    int64_t value;    /* in unit                                     */
    enum trail_unit unit;
    const char *source;   /* "rules/2025-26/stream_rates.csv:3 [P3]", or NULL */
    enum confidence conf; /* of the rule row used; CONF_NONE otherwise   */
};

struct trail {
    struct arena *a;
    bool quiet; /* the working was not asked for: steps keep
                                  their values and confidence, and their
                                  words may be NULL (the builder's choice) */
    struct trail_step *steps;
    size_t n, cap;
};

void trail_init(struct trail *t, struct arena *a);
/* Appends a step; key, text and source are copied into the arena (source
 * may be NULL).  Returns the step, valid until the next add. */
struct trail_step *trail_add(struct trail *t, const char *key, enum trail_unit unit, int64_t value,
                             const char *source, enum confidence conf, const char *text);
/* The weakest confidence among the steps (CONF_NONE for none). */
enum confidence trail_confidence(const struct trail *t);

#endif
