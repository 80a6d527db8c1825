#include "popentry.h"

#include <jansson.h>

#include "db.h"
#include "funding.h"

/* A population as the audit entry shows it: null when not known. */
static json_t *figures(bool known, int64_t weighted, int64_t adjusted)
{
    if (!known)
        return json_null();
    return json_pack("{s:o,s:o}", "weighted_hundredths",
                     weighted >= 0 ? json_integer(weighted) : json_null(), "adjusted_hundredths",
                     adjusted >= 0 ? json_integer(adjusted) : json_null());
}

int popentry_write(struct db *db, date_t on, const struct popentry_row *rows, size_t n,
                   const char *source, const struct audit_entry *note, struct pcn_msg *m)
{
    if (!fy_is_base_date(on))
        return msg_set(m, PCN_EINVAL,
                       "populations are for 1 January, the date NHS England publishes them");
    bool own;
    int rc = audit_change_begin(db, &own, m);
    if (rc)
        return rc;
    json_t *changes = json_array();
    for (size_t i = 0; i < n && !rc; i++) {
        const struct popentry_row *r = &rows[i];
        bool known;
        int64_t bw, ba;
        if (r->weighted_h < 0 && r->adjusted_h < 0)
            continue;
        if ((rc = funding_population(db, r->practice, on, &known, &bw, &ba, m)) ||
            (rc = funding_set_population(db, r->practice, on, r->weighted_h, r->adjusted_h, source,
                                         NULL, m)))
            break;
        if (known && bw == r->weighted_h && ba == r->adjusted_h)
            continue;
        json_array_append_new(changes, json_pack("{s:s,s:o,s:o}", "practice", r->practice, "before",
                                                 figures(known, bw, ba), "after",
                                                 figures(true, r->weighted_h, r->adjusted_h)));
    }
    /* no entry when nothing changed */
    bool changed = json_array_size(changes) > 0;
    return audit_change_end_with(db, own, changed ? note : NULL, NULL,
                                 json_pack("{s:o}", "changes", changes), rc, m);
}
