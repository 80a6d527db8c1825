/* auditview.h: an audit entry's detail (JSON, audit.h) as people read it,
 * for the audit log page.
 *
 * The detail's own words are kept, its layout is made readable:
 *   - a "before" and an "after" (each an object, a value or null: a record
 *     changed, added or removed), and pairs of keys NAME_before and
 *     NAME_after, become one table, Field | Before | After, a row for each
 *     field of either side in the order the change wrote them, the changed
 *     rows marked "Changed" (a visually hidden word and bold text);
 *   - every other key is a row of a summary list above it;
 *   - nested objects and lists are shown as their keys and values, one
 *     level at a time (a list of values joined by commas), never cut;
 *   - field names are shown as written with "_" as a space ("follow_up_due"
 *     as "follow up due"), and null as "None".
 * Detail that is not a JSON object is shown as its text.  Everything is
 * escaped (html.h). */
#ifndef PCN_AUDITVIEW_H
#define PCN_AUDITVIEW_H

#include "arena.h"
#include "html.h"

/* Writes the detail of one entry (NULL or "" writes "None"). */
void auditview_detail(struct html *h, struct arena *a, const char *json);

#endif
