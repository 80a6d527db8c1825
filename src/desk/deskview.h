/* deskview.h: the JSON of the clinical director's desk, shared by the CLI's
 * --json, the web API and the audit log's before and after, so that all
 * three always agree.
 *
 * Conventions (as regview.h and fundview.h): dates are ISO strings (null
 * when none); durations are whole minutes in fields named *_minutes;
 * hours, where the interface asks for them (hours_by_category,
 * funded_hours), are JSON numbers rounded to 6 decimals from the exact
 * integers beside them, and are printed with deskview_dump (at most 12
 * significant digits, so 9.375 prints as 9.375, not 9.3749999...).
 * Shares are basis points.  Confidence is "official", "single-source",
 * "unconfirmed" or null for a figure the PCN set itself.  Each function
 * returns a new reference; NULL only on out-of-memory. */
#ifndef PCN_DESKVIEW_H
#define PCN_DESKVIEW_H

#include <jansson.h>

#include "jsonfmt.h"

#include "desk.h"

/* The flags for json_dumps of desk JSON (compact or indented). */
#define DESKVIEW_DUMP_FLAGS PCN_JSON_DUMP

/* hours (6 decimals) from minutes or thousandths of a minute */
json_t *deskview_hours(int64_t minutes);
json_t *deskview_hours_mmin(int64_t mmin);
json_t *deskview_date(date_t d); /* "2026-11-23" or null */

/* {id, date, minutes, hours, category, category_label, side, meeting,
 *  title, note, source, uid, stakeholder_ids[], request_ids[]} */
json_t *deskview_activity(const struct desk_activity *a);
json_t *deskview_activities(const struct desk_activity *a, size_t n);

/* The time summary of `pcnops time summary --json` and the API:
 * {pcn, from, to, hours_by_category{id: hours}, minutes_by_category{id:
 *  minutes}, total_minutes, total_hours, internal_minutes,
 *  external_minutes, other_minutes, practices_minutes, system_minutes,
 *  meetings, practice_meetings, system_meetings, activities,
 *  funded_known, funded_minutes, funded_hours, funded_confidence,
 *  funded_per_week{known, minutes, hours, set_by_pcn, confidence, source,
 *  carried_from_year, why}, weeks[bucket], months[bucket],
 *  alerts[{kind, from, to, weeks?, system_minutes?, practices_minutes?,
 *  text}]}; a bucket is {start, end, days, total_minutes, internal_minutes,
 *  external_minutes, practices_minutes, system_minutes, meetings,
 *  funded_minutes (null when not known), over_funded,
 *  system_over_practices}.  fd is funded time per week on the last day. */
json_t *deskview_summary(const char *pcn, const struct desk_summary *s,
                         const struct desk_funded *fd);

/* {id, received, requester, organisation, stakeholder_id, what, due,
 *  estimate_minutes, within_role, performance_management,
 *  within_role_effective, decision, decided, delegate_to, decline_reason,
 *  decline_note, outcome, done} */
json_t *deskview_request(const struct desk_request *r);
json_t *deskview_requests(const struct desk_request *r, size_t n);
/* {pcn, from, to, received, by_decision{pending, accept, delegate,
 *  decline}, estimate_minutes_by_decision{...}, estimate_minutes,
 *  not_estimated, outside_role, unclear, performance_management,
 *  funded_known, funded_minutes, funded_hours, funded_confidence,
 *  logged_minutes, demand_bp, kept_bp, declined_by_reason{id: n},
 *  declined[request], organisations[{organisation, requests,
 *  estimate_minutes}]} */
json_t *deskview_report(const char *pcn, const struct desk_report *r);

/* {id, name, organisation, kind, kind_label, role, influence, interest,
 *  quadrant, notes} */
json_t *deskview_stakeholder(const struct desk_stakeholder *s);
json_t *deskview_stakeholders(const struct desk_stakeholder *s, size_t n);
/* {id, date, stakeholder_id, stakeholder, purpose, asks, commitments,
 *  follow_up_due, follow_up_done, follow_up} (follow_up: "none", "done",
 *  "open", "due_today", "overdue" on today) */
json_t *deskview_engagement(const struct desk_engagement *g, date_t today);
json_t *deskview_engagements(const struct desk_engagement *g, size_t n, date_t today);

/* {id, area, area_label, role_code, title, current{from, lead, lead_role,
 *  cd_share, note} or null, cd_share (on `on`), history[...]} */
json_t *deskview_responsibility(const struct desk_responsibility *r, date_t on);
json_t *deskview_delegation(const struct desk_delegation *d);

/* The working of a figure: [{key, text, value, unit, source, confidence}] */
json_t *deskview_trail(const struct trail *t);

/* Dumps with DESKVIEW_DUMP_FLAGS (| JSON_INDENT(2) when indent): a malloc'd
 * string, or NULL.  Does not consume j. */
char *deskview_dump(const json_t *j, bool indent);

#endif
