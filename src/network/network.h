/* network.h: the network's decisions in the store (src/store/sql/.../013_network.sql):
 * the Network Agreement's board, its member practices' representatives,
 * meetings with an agenda, decisions with each member practice's vote and
 * the result worked out by the voting rule (vote.h), and actions with
 * owners and due dates.
 *
 * Every record belongs to one PCN and every function takes the PCN: a
 * record of another PCN is PCN_ENOTFOUND, exactly as one that does not
 * exist.  Who may call which function is the caller's business (perm.h:
 * perm_read_network, perm_write_network, perm_vote_network).
 *
 * Who votes: when a decision is made, the PCN's member practices on its
 * meeting's date (the registry) become its voters, each with its list size
 * then (the latest list-size publication on or before the date; not known
 * when none), and the board's voting rule is copied into it, so a later
 * change of members or rule never changes a past decision.  Every vote
 * counts the decision again (vote_count) and keeps the result and its
 * explanation with it.  A closed decision takes no more votes.
 *
 * Writes check everything first: any problem is PCN_EINVAL with every
 * message in a struct desk_errs (a form's field and words for a person,
 * desk.h), and nothing is written.  A write is one transaction, and inside
 * it one audit log entry (audit.h, through deskdb_audit) with the actor,
 * the action ("network-board-set", "network-rep-set", "network-meeting-add",
 * "network-decision-add", "network-vote", "network-decision-close",
 * "network-action-add", "network-action-done"), the PCN, and a JSON detail
 * {"record", "id", "before", "after"} in this module's JSON.
 *
 * Results live in the arena passed in.
 *
 * The board (its voting rule, members and representatives) and the
 * meetings are netboard.h's, included here with the network_ names. */
#ifndef PCN_NETWORK_H
#define PCN_NETWORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "arena.h"
#include "date.h"
#include "desk.h"
#include "deskdb.h"
#include "err.h"
#include "netboard.h"
#include "vote.h"

struct db;

struct network_vote {
    const char *practice, *practice_name;
    int64_t list_size; /* on the meeting's date; < 0: not known */
    enum vote_choice choice;
    const char *recorded_by; /* "" until it votes */
};

struct network_decision {
    int64_t id, meeting_id;
    date_t meeting_date;
    const char *meeting_title;
    const char *title, *motion;
    struct vote_policy policy; /* as it stood when the decision was made */
    enum vote_choice casting;  /* the chair's casting vote, VOTE_NONE when none */
    bool closed;
    enum vote_result result;
    const char *explanation;
    struct network_vote *votes; /* by practice code */
    size_t nvotes;
};

struct network_action {
    int64_t id, meeting_id; /* meeting_id 0: none */
    enum network_area area;
    const char *what, *owner;
    date_t due, done_on; /* done_on DATE_NONE while open */
};

/* ---- decisions --------------------------------------------- */

/* The decisions log, newest meeting first, each with its votes. */
int network_decisions(struct db *db, const char *pcn, struct arena *a,
                      struct network_decision **out, size_t *n, struct pcn_msg *m);
int network_decision_get(struct db *db, const char *pcn, int64_t id, struct arena *a,
                         struct network_decision *out, struct pcn_msg *m);
/* Puts a decision to the members of the meeting's date, under the board's
 * rule (errors on "meeting": a board meeting of the PCN; "title", "motion"). */
int network_decision_add(struct db *db, const struct desk_actor *w, const char *pcn,
                         int64_t meeting_id, const char *title, const char *motion, int64_t *id,
                         struct desk_errs *e, struct pcn_msg *m);
/* Records a practice's vote (VOTE_NONE takes it back) and counts again.
 * Errors on "practice" (not a voter of the decision) and "choice"; a
 * closed decision is "choice": it takes no more votes. */
int network_vote(struct db *db, const struct desk_actor *w, const char *pcn, int64_t decision_id,
                 const char *practice, enum vote_choice choice, struct desk_errs *e,
                 struct pcn_msg *m);
/* Closes the vote, with the chair's casting vote (VOTE_NONE, VOTE_FOR or
 * VOTE_AGAINST; errors on "casting" when the rule gives the chair none, or
 * the vote is not tied) and counts it a last time. */
int network_decision_close(struct db *db, const struct desk_actor *w, const char *pcn,
                           int64_t decision_id, enum vote_choice casting, struct desk_errs *e,
                           struct pcn_msg *m);

/* ---- actions ------------------------------------------------------------ */

/* The area's actions: open ones first by due date, then done ones, newest
 * first. */
int network_actions(struct db *db, const char *pcn, enum network_area area, struct arena *a,
                    struct network_action **out, size_t *n, struct pcn_msg *m);
/* Errors on "what", "owner", "due", "meeting" (0: none, else one of the
 * PCN's meetings of act->area). */
int network_action_add(struct db *db, const struct desk_actor *w, const char *pcn,
                       const struct network_action *act, date_t today, int64_t *id,
                       struct desk_errs *e, struct pcn_msg *m);
/* Marks an open action done on `on`: PCN_ENOTFOUND when it is not the
 * PCN's, PCN_EINVAL when already done. */
int network_action_done(struct db *db, const struct desk_actor *w, const char *pcn, int64_t id,
                        date_t on, struct pcn_msg *m);

/* Actions due: for a home page.  The PCN's open actions (of the board and
 * of the neighbourhood team: see each one's area) due on or before
 * today + days_ahead (days_ahead >= 0; 0: due today or overdue), the
 * earliest due first; an action is overdue when due < today.  Reads only;
 * who may see them is the caller's business (perm_read_network). */
int network_actions_due(struct db *db, const char *pcn, date_t today, int days_ahead,
                        struct arena *a, struct network_action **out, size_t *n, struct pcn_msg *m);

/* ---- JSON (the API, the command line and the audit log's detail) ------- */

json_t *network_decision_json(const struct network_decision *x);
json_t *network_action_json(const struct network_action *x, date_t today);
/* The whole of the PCN's decisions on `today`: the PCN, its voting rule,
 * members and representatives, board meetings, decisions with their
 * votes, and the board's actions; what /api/v1/pcns/CODE/decisions and
 * `pcnops decisions PCN --json` print.  NULL with m set on a store error
 * (PCN_ENOTFOUND for a code that is not a PCN). */
json_t *network_view_json(struct db *db, const char *pcn, date_t today, struct arena *a,
                          struct pcn_msg *m);

#endif
