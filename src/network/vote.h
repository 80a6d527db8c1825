/* vote.h: the Network Agreement's voting rule, pure (no I/O, no clock).
 *
 * A decision of the PCN's board is put to its member practices.  Each
 * practice votes for, against, or abstains, or does not vote at all.  The
 * PCN's rule (struct vote_policy, kept in the store by network.h and copied
 * into each decision when it is made, so a later change of rule never
 * changes a past result) says:
 *
 *   weight     one practice one vote (VOTE_ONE_EACH), or each practice's
 *              vote weighed by its registered list size (VOTE_LIST_SIZE);
 *   quorum     the share of the member practices that must take part (vote
 *              for, against or abstain), counted in practices under either
 *              weight: at least quorum.num/quorum.den of them;
 *   threshold  the share of the weight of the votes for and against
 *              (abstentions count towards the quorum, not the result) that
 *              must be for: more than num/den (a simple majority is 1/2),
 *              or with at_least, at least num/den (two thirds: 2/3);
 *   tie        what happens when the weight for equals the weight against
 *              (and the threshold did not already settle it): the motion
 *              is not carried (VOTE_TIE_FAILS), or the chair's casting vote
 *              decides (VOTE_TIE_CHAIR; no casting vote recorded: not
 *              carried, and the explanation says so).
 *
 * Arithmetic is exact: weights are integers (list sizes), fractions are
 * compared by cross-multiplying in 128 bits, never by dividing.
 *
 * vote_count gives the result and its explanation in words for a person
 * (the decisions log shows it as written). */
#ifndef PCN_VOTE_H
#define PCN_VOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

enum vote_weight { VOTE_ONE_EACH, VOTE_LIST_SIZE, VOTE_WEIGHT_COUNT };
enum vote_tie { VOTE_TIE_FAILS, VOTE_TIE_CHAIR, VOTE_TIE_COUNT };
enum vote_choice { VOTE_NONE, VOTE_FOR, VOTE_AGAINST, VOTE_ABSTAIN, VOTE_CHOICE_COUNT };

enum vote_result {
    VOTE_OPEN, /* nobody has voted yet */
    VOTE_CARRIED,
    VOTE_NOT_CARRIED,
    VOTE_TIED,      /* not carried: for and against equal, no casting vote settled it */
    VOTE_NO_QUORUM, /* too few practices took part: no decision */
    VOTE_NOT_KNOWN, /* weighed by list size and a voter's list size is not known */
    VOTE_RESULT_COUNT,
};

#define VOTE_DEN_MAX 1000 /* fractions: denominators 1..1000 */

struct vote_frac {
    int64_t num, den;
};

struct vote_policy {
    enum vote_weight weight;
    struct vote_frac quorum;    /* 0 <= num <= den */
    struct vote_frac threshold; /* 0 < num < den, or num == den with at_least */
    bool at_least;
    enum vote_tie tie;
};

/* One member practice's vote. */
struct vote_ballot {
    const char *practice; /* its ODS code */
    int64_t list_size;    /* registered patients; < 0: not known */
    enum vote_choice choice;
};

struct vote_tally {
    enum vote_result result;
    bool carried;
    long members, voted, for_n, against_n, abstain_n; /* practices */
    long quorum_needed;                               /* practices that must take part */
    int64_t w_for, w_against, w_abstain;              /* weights (1 each, or list sizes) */
    const char *explanation;                          /* words for a person, in the arena */
};

/* Names as the store and the JSON keep them, and words for people. */
const char *vote_weight_id(enum vote_weight w); /* "one_each", "list_size" */
const char *vote_weight_label(enum vote_weight w);
int vote_weight_parse(const char *s, enum vote_weight *out);
const char *vote_tie_id(enum vote_tie t); /* "fails", "chair" */
const char *vote_tie_label(enum vote_tie t);
int vote_tie_parse(const char *s, enum vote_tie *out);
const char *vote_choice_id(enum vote_choice c);    /* "", "for", "against", "abstain" */
const char *vote_choice_label(enum vote_choice c); /* "Not voted", "For", ... */
int vote_choice_parse(const char *s, enum vote_choice *out);
const char *vote_result_id(enum vote_result r);    /* "open", "carried", ... */
const char *vote_result_label(enum vote_result r); /* "Carried", "Not carried", ... */
int vote_result_parse(const char *s, enum vote_result *out);

/* Checks a policy; false with the words of the first problem in *why. */
bool vote_policy_check(const struct vote_policy *p, const char **why);
/* "more than 1/2", "at least 2/3" (in a). */
const char *vote_threshold_words(struct arena *a, const struct vote_policy *p);
/* A fraction "2/3" from text "2/3" (or a whole "1" as 1/1): 0, or -1. */
int vote_frac_parse(const char *s, struct vote_frac *out);

/* Counts the ballots (one per member practice, those who did not vote with
 * VOTE_NONE) by the policy; casting is the chair's casting vote (VOTE_NONE
 * when none, VOTE_FOR or VOTE_AGAINST).  The policy must pass
 * vote_policy_check.  The explanation lives in a. */
void vote_count(const struct vote_policy *p, const struct vote_ballot *b, size_t n,
                enum vote_choice casting, struct arena *a, struct vote_tally *out);

#endif
