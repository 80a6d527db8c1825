/* perm.h: who may see and change what (the roles in web.h).
 *
 * Each check answers for the signed-in user and today's registry.  A
 * refusal is not an error page of its own: the caller answers 404, exactly
 * as for a code that does not exist, so nobody can learn which codes exist
 * outside their organisation, and calls perm_denied to audit the attempt. */
#ifndef PCN_PERM_H
#define PCN_PERM_H

#include <stdbool.h>

#include "web.h"

bool perm_admin(const struct ctx *c);
bool perm_read_icb(struct ctx *c, const char *icb);
bool perm_read_pcn(struct ctx *c, const char *pcn);
bool perm_write_pcn(struct ctx *c, const char *pcn);
bool perm_read_practice(struct ctx *c, const char *practice);
/* Staff salaries and other personal data of a PCN's staff: only its PCN
 * managers and clinical director (and no one else, not even an admin). */
bool perm_read_salaries(struct ctx *c, const char *pcn);

/* The clinical director's desk of a PCN (time log, requests, delegation,
 * stakeholders, briefs, supervision): only the PCN's clinical director and
 * PCN managers, and admins.  Stricter than perm_read_pcn: a member
 * practice and the ICB do not see it.  Reading and writing are the same
 * people today; the two names keep the callers' intent. */
bool perm_read_desk(struct ctx *c, const char *pcn);
bool perm_write_desk(struct ctx *c, const char *pcn);

/* The network's decisions (network.h) and its neighbourhood team (nbhd.h):
 * read by whoever may read the PCN (perm_read_pcn: admins, the PCN's ICB,
 * its PCN managers and clinical director, and its member practices today);
 * changed (the board's voting rule, representatives, meetings, decisions,
 * actions, the neighbourhood's records) by the PCN's managers and clinical
 * director, and admins (perm_write_pcn). */
bool perm_read_network(struct ctx *c, const char *pcn);
bool perm_write_network(struct ctx *c, const char *pcn);
/* Who may record a member practice's vote on a decision of the PCN: a
 * practice user for their own practice only, while it is a member of the
 * PCN today; the PCN's managers and clinical director (votes taken at a
 * meeting, for any member); admins.  Never an ICB user: the ICB reads its
 * PCNs' decisions and does not vote.  Whether the practice is a voter of
 * the decision (a member on its meeting's date) is network_vote's check. */
bool perm_vote_network(struct ctx *c, const char *pcn, const char *practice);

/* The ICB of a PCN (through its lead sub-ICB location) and the PCN and ICB
 * of a practice, today; NULL when unknown.  Strings in c->a. */
const char *perm_pcn_icb(struct ctx *c, const char *pcn);
const char *perm_practice_pcn(struct ctx *c, const char *practice);
const char *perm_practice_icb(struct ctx *c, const char *practice);

/* Writes a "denied" audit entry for a refused request. */
void perm_denied(struct ctx *c, const char *kind, const char *code);

#endif
