/* netboard.h: the network's board and meetings in the store (network.h,
 * which includes this, is the manual of the whole; 013_network.sql): the
 * Network Agreement's voting rule, the member practices with their
 * representatives, and the meetings of the board and of the neighbourhood
 * team, each write checked and made with its audit entry in one
 * transaction (deskchange.h). */
#ifndef PCN_NETBOARD_H
#define PCN_NETBOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "arena.h"
#include "date.h"
#include "desk.h"
#include "deskdb.h"
#include "err.h"
#include "vote.h"

struct db;
struct db_stmt;

/* Limits on what is typed (bytes). */
#define NETWORK_TITLE_MAX 200
#define NETWORK_TEXT_MAX 4000
#define NETWORK_NAME_MAX 200

/* A member practice today, with its representative ("" when none). */
struct network_member {
    const char *practice, *practice_name;
    int64_t list_size; /* < 0: not known */
    const char *rep_name, *rep_role;
};

/* Whose meeting or action: the board's (decisions) or the neighbourhood
 * team's (nbhd.h's page logs its meetings and actions here). */
enum network_area { NETWORK_BOARD, NETWORK_NEIGHBOURHOOD, NETWORK_AREA_COUNT };
const char *network_area_id(enum network_area a); /* "board", "neighbourhood" */
int network_area_parse(const char *s, enum network_area *out);

struct network_meeting {
    int64_t id;
    enum network_area area;
    date_t date;
    const char *title, *agenda;
};

/* ---- the board ---------------------------------------------------------- */

/* The PCN's voting rule; *stored false (and the default: one practice one
 * vote, quorum 1/2, more than 1/2, a tie fails) when none was set. */
void network_default_policy(struct vote_policy *p);
int network_board_get(struct db *db, const char *pcn, struct vote_policy *out, bool *stored,
                      struct pcn_msg *m);
/* Sets the voting rule (vote_policy_check; errors on "weight", "quorum",
 * "threshold", "tie"). */
int network_board_set(struct db *db, const struct desk_actor *w, const char *pcn,
                      const struct vote_policy *p, struct desk_errs *e, struct pcn_msg *m);

/* The member practices on `on`, by code, with their representatives. */
int network_members(struct db *db, const char *pcn, date_t on, struct arena *a,
                    struct network_member **out, size_t *n, struct pcn_msg *m);
/* Names a member practice's representative (a member on `today`; errors on
 * "practice", "name", "role"); an empty name removes the representative. */
int network_rep_set(struct db *db, const struct desk_actor *w, const char *pcn,
                    const char *practice, const char *name, const char *role, date_t today,
                    struct desk_errs *e, struct pcn_msg *m);

/* The voting rule in columns at..at+6 of st (weight, quorum num and den,
 * threshold num and den, at_least, tie), the default for what is not
 * readable: how the board and each decision keep it. */
void network_policy_from_row(struct db_stmt *st, int at, struct vote_policy *p);

/* ---- meetings ----------------------------------------------------------- */

/* The area's meetings, newest first. */
int network_meetings(struct db *db, const char *pcn, enum network_area area, struct arena *a,
                     struct network_meeting **out, size_t *n, struct pcn_msg *m);
/* Errors on "date" (desk_check_date's range), "title", "agenda"; mt->area
 * says whose meeting it is. */
int network_meeting_add(struct db *db, const struct desk_actor *w, const char *pcn,
                        const struct network_meeting *mt, date_t today, int64_t *id,
                        struct desk_errs *e, struct pcn_msg *m);

/* Meeting id of the PCN: *found false (and 0) when there is none. */
int network_meeting_get(struct db *db, const char *pcn, int64_t id, struct arena *a,
                        struct network_meeting *out, bool *found, struct pcn_msg *m);

/* ---- JSON (the API, the command line and the audit log's detail) ------- */

json_t *network_policy_json(const struct vote_policy *p);
json_t *network_member_json(const struct network_member *x);
json_t *network_meeting_json(const struct network_meeting *x);
/* A list size or count: null when not known (< 0). */
json_t *network_size_json(int64_t v);

#endif
