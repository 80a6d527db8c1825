/* vote.c: the Network Agreement's voting rule (vote.h). */
#include "common.h"
#include "vote.h"
#include "buf.h"

__extension__ typedef __int128 i128_t;

static const char *const weight_ids[] = {"one_each", "list_size"};
static const char *const weight_labels[] = {"One practice, one vote",
                                            "Weighted by registered list size"};
static const char *const tie_ids[] = {"fails", "chair"};
static const char *const tie_labels[] = {"A tie does not carry the motion",
                                         "The chair has a casting vote"};
static const char *const choice_ids[] = {"", "for", "against", "abstain"};
static const char *const choice_labels[] = {"Not voted", "For", "Against", "Abstained"};
static const char *const result_ids[] = {"open", "carried",   "not_carried",
                                         "tied", "no_quorum", "not_known"};
static const char *const result_labels[] = {"Open", "Carried",   "Not carried",
                                            "Tied", "No quorum", "Not known"};

static int parse(const char *s, const char *const *ids, int n, int *out)
{
    if (!s)
        return -1;
    for (int i = 0; i < n; i++)
        if (strcmp(s, ids[i]) == 0) {
            *out = i;
            return 0;
        }
    return -1;
}

const char *vote_weight_id(enum vote_weight w)
{
    return (unsigned)w < VOTE_WEIGHT_COUNT ? weight_ids[w] : "";
}
const char *vote_weight_label(enum vote_weight w)
{
    return (unsigned)w < VOTE_WEIGHT_COUNT ? weight_labels[w] : "";
}
int vote_weight_parse(const char *s, enum vote_weight *out)
{
    int v;
    if (parse(s, weight_ids, VOTE_WEIGHT_COUNT, &v))
        return -1;
    *out = (enum vote_weight)v;
    return 0;
}
const char *vote_tie_id(enum vote_tie t)
{
    return (unsigned)t < VOTE_TIE_COUNT ? tie_ids[t] : "";
}
const char *vote_tie_label(enum vote_tie t)
{
    return (unsigned)t < VOTE_TIE_COUNT ? tie_labels[t] : "";
}
int vote_tie_parse(const char *s, enum vote_tie *out)
{
    int v;
    if (parse(s, tie_ids, VOTE_TIE_COUNT, &v))
        return -1;
    *out = (enum vote_tie)v;
    return 0;
}
const char *vote_choice_id(enum vote_choice c)
{
    return (unsigned)c < VOTE_CHOICE_COUNT ? choice_ids[c] : "";
}
const char *vote_choice_label(enum vote_choice c)
{
    return (unsigned)c < VOTE_CHOICE_COUNT ? choice_labels[c] : "";
}
int vote_choice_parse(const char *s, enum vote_choice *out)
{
    int v;
    if (parse(s, choice_ids, VOTE_CHOICE_COUNT, &v))
        return -1;
    *out = (enum vote_choice)v;
    return 0;
}
const char *vote_result_id(enum vote_result r)
{
    return (unsigned)r < VOTE_RESULT_COUNT ? result_ids[r] : "";
}
const char *vote_result_label(enum vote_result r)
{
    return (unsigned)r < VOTE_RESULT_COUNT ? result_labels[r] : "";
}
int vote_result_parse(const char *s, enum vote_result *out)
{
    int v;
    if (parse(s, result_ids, VOTE_RESULT_COUNT, &v))
        return -1;
    *out = (enum vote_result)v;
    return 0;
}

bool vote_policy_check(const struct vote_policy *p, const char **why)
{
    if ((unsigned)p->weight >= VOTE_WEIGHT_COUNT)
        return *why = "Choose how votes are weighed", false;
    if ((unsigned)p->tie >= VOTE_TIE_COUNT)
        return *why = "Choose what happens on a tie", false;
    if (p->quorum.den < 1 || p->quorum.den > VOTE_DEN_MAX || p->quorum.num < 0 ||
        p->quorum.num > p->quorum.den)
        return *why = "The quorum must be a share of the practices from 0 to 1, like 1/2 or 2/3",
               false;
    if (p->threshold.den < 1 || p->threshold.den > VOTE_DEN_MAX || p->threshold.num < 1 ||
        p->threshold.num > p->threshold.den ||
        (p->threshold.num == p->threshold.den && !p->at_least))
        return *why = "The share of votes needed must be more than 0 and less than 1 (or all "
                      "of them, with \"at least\"), like 1/2 or 2/3",
               false;
    return true;
}

int vote_frac_parse(const char *s, struct vote_frac *out)
{
    if (!s)
        return -1;
    const char *slash = strchr(s, '/');
    char num[16];
    size_t nl = slash ? (size_t)(slash - s) : strlen(s);
    if (nl == 0 || nl >= sizeof num)
        return -1;
    memcpy(num, s, nl);
    num[nl] = 0;
    int64_t n, d = 1;
    if (parse_i64(num, 0, VOTE_DEN_MAX, &n))
        return -1;
    if (slash && parse_i64(slash + 1, 1, VOTE_DEN_MAX, &d))
        return -1;
    out->num = n;
    out->den = d;
    return 0;
}

const char *vote_threshold_words(struct arena *a, const struct vote_policy *p)
{
    return arena_printf(a, "%s %" PRId64 "/%" PRId64, p->at_least ? "at least" : "more than",
                        p->threshold.num, p->threshold.den);
}

static void practices(struct buf *b, long n)
{
    buf_add_count(b, n, "practice", "practices");
}

/* "2 practices for, 1 against and 1 abstained" or, weighted, with the
 * patients of each. */
static void tally_words(struct buf *b, const struct vote_policy *p, const struct vote_tally *t)
{
    if (p->weight == VOTE_ONE_EACH) {
        buf_printf(b, "%ld for, %ld against and %ld abstained", t->for_n, t->against_n,
                   t->abstain_n);
        return;
    }
    buf_adds(b, "For: ");
    practices(b, t->for_n);
    buf_adds(b, " with ");
    buf_add_count(b, t->w_for, "patient", "patients");
    buf_adds(b, "; against: ");
    practices(b, t->against_n);
    buf_adds(b, " with ");
    buf_add_count(b, t->w_against, "patient", "patients");
    buf_adds(b, "; abstained: ");
    practices(b, t->abstain_n);
    buf_adds(b, " with ");
    buf_add_count(b, t->w_abstain, "patient", "patients");
}

static void weight_unit(struct buf *b, const struct vote_policy *p, int64_t v)
{
    if (p->weight == VOTE_ONE_EACH)
        buf_add_count(b, v, "vote", "votes");
    else
        buf_add_count(b, v, "patient", "patients");
}

/* Each ballot counted into t, weighted by list size when the rule says so;
 * the first practice whose list size is needed and not known, or NULL. */
static const char *tally(const struct vote_policy *p, const struct vote_ballot *bal, size_t n,
                         struct vote_tally *t)
{
    const char *unknown = NULL;
    for (size_t i = 0; i < n; i++) {
        enum vote_choice c = bal[i].choice;
        if (c == VOTE_NONE || (unsigned)c >= VOTE_CHOICE_COUNT)
            continue;
        t->voted++;
        int64_t w = 1;
        if (p->weight == VOTE_LIST_SIZE) {
            w = bal[i].list_size;
            if (w < 0) {
                if (!unknown)
                    unknown = bal[i].practice;
                w = 0;
            }
        }
        if (c == VOTE_FOR)
            t->for_n++, t->w_for += w;
        else if (c == VOTE_AGAINST)
            t->against_n++, t->w_against += w;
        else
            t->abstain_n++, t->w_abstain += w;
    }
    return unknown;
}

/* Who took part, and the quorum: true with t->result set and the words
 * said when that settles it (no votes, not quorate, a weight not known). */
static bool settled_by_turnout(struct buf *b, const struct vote_policy *p, struct vote_tally *t,
                               const char *unknown)
{
    if (t->voted == 0) {
        t->result = VOTE_OPEN;
        buf_adds(b, "No practice has voted yet. ");
        if (t->members) {
            buf_adds(b, "The quorum is at least ");
            buf_printf(b, "%ld of the %ld member practices.", t->quorum_needed, t->members);
        } else {
            buf_adds(b, "The PCN has no member practices to vote.");
        }
        return true;
    }
    buf_printf(b,
               "%ld of the %ld member practices voted; the quorum is at least %ld "
               "(%" PRId64 "/%" PRId64 " of the practices). ",
               t->voted, t->members, t->quorum_needed, p->quorum.num, p->quorum.den);
    if (t->voted < t->quorum_needed) {
        t->result = VOTE_NO_QUORUM;
        buf_printf(b, "The meeting was not quorate: %ld more ", t->quorum_needed - t->voted);
        buf_adds(b, t->quorum_needed - t->voted == 1 ? "practice" : "practices");
        buf_adds(b, " had to take part, so no decision was made.");
        return true;
    }
    if (unknown) {
        t->result = VOTE_NOT_KNOWN;
        buf_printf(b,
                   "Votes are weighted by list size and the list size of %s is not known, "
                   "so the result cannot be worked out until it is loaded.",
                   unknown);
        return true;
    }
    return false;
}

/* Equal votes for and against under a simple majority: the tie rule, and
 * the chair's casting vote when it has one. */
static void tie(struct buf *b, const struct vote_policy *p, struct vote_tally *t,
                enum vote_choice casting)
{
    buf_adds(b, "The votes for and against are equal (");
    weight_unit(b, p, t->w_for);
    buf_adds(b, " each). ");
    if (p->tie == VOTE_TIE_CHAIR && casting == VOTE_FOR) {
        t->result = VOTE_CARRIED;
        buf_adds(b, "The chair has a casting vote and cast it for, so the motion is "
                    "carried.");
    } else if (p->tie == VOTE_TIE_CHAIR && casting == VOTE_AGAINST) {
        t->result = VOTE_NOT_CARRIED;
        buf_adds(b, "The chair has a casting vote and cast it against, so the motion is "
                    "not carried.");
    } else if (p->tie == VOTE_TIE_CHAIR) {
        t->result = VOTE_TIED;
        buf_adds(b, "The chair has a casting vote and none is recorded, so the motion is "
                    "not carried unless the chair casts it for.");
    } else {
        t->result = VOTE_TIED;
        buf_adds(b, "Under the Network Agreement a tie does not carry the motion.");
    }
}

/* A quorate count: the votes cast for against the threshold. */
static void decide(struct buf *b, const struct vote_policy *p, struct vote_tally *t,
                   enum vote_choice casting, struct arena *a)
{
    int64_t cast = t->w_for + t->w_against;
    if (cast == 0) {
        t->result = VOTE_NOT_CARRIED;
        buf_adds(b, "Every practice that voted abstained, so nothing was voted for and the "
                    "motion is not carried.");
        return;
    }
    i128_t lhs = (i128_t)t->w_for * p->threshold.den;
    i128_t rhs = (i128_t)p->threshold.num * cast;
    bool passes = p->at_least ? lhs >= rhs : lhs > rhs;
    bool half = !p->at_least && p->threshold.num * 2 == p->threshold.den;
    if (t->w_for == t->w_against && half) {
        tie(b, p, t, casting);
        return;
    }
    t->result = passes ? VOTE_CARRIED : VOTE_NOT_CARRIED;
    buf_adds(b, "The motion needs ");
    buf_adds(b, vote_threshold_words(a, p));
    buf_adds(b, " of the ");
    weight_unit(b, p, cast);
    buf_adds(b, " for and against; ");
    weight_unit(b, p, t->w_for);
    buf_adds(b, passes ? " for is enough, so it is carried."
                       : " for is not enough, so it is "
                         "not carried.");
}

void vote_count(const struct vote_policy *p, const struct vote_ballot *bal, size_t n,
                enum vote_choice casting, struct arena *a, struct vote_tally *t)
{
    struct buf b;
    buf_init(&b, 4096);
    memset(t, 0, sizeof *t);
    t->members = (long)n;
    const char *unknown = tally(p, bal, n, t);
    t->quorum_needed = (long)(((i128_t)t->members * p->quorum.num + p->quorum.den - 1) /
                              p->quorum.den);
    if (!settled_by_turnout(&b, p, t, unknown)) {
        tally_words(&b, p, t);
        buf_adds(&b, ". ");
        decide(&b, p, t, casting, a);
    }
    t->carried = t->result == VOTE_CARRIED;
    t->explanation = buf_ok(&b) ? arena_strndup(a, b.buf, b.len) : "";
    buf_release(&b);
}
