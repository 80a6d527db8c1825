/* mps.h: the sitting Members of Parliament by Westminster constituency, from
 * the list bundled in data/parliament/ (MANIFEST.md there: the Department
 * for Education's lookup from the UK Parliament Members API, Open Parliament
 * Licence v3.0), so that a clinical director adds their MP as a stakeholder
 * from the list instead of typing them in.
 *
 * The file is read whole each time it is asked for (650 rows, about 200 KB)
 * with the strict CSV reader: the columns pcon_code, pcon_name, full_title,
 * display_as, party_text, member_email, lad_names, la_names, region_name and
 * country_name must be there (others are ignored); each constituency code
 * is a letter and eight digits (E14001063), once; the constituency and the
 * MP's name are not empty.  An email without an @ (the list writes "No
 * email found" for four MPs) is taken as not known.  Any problem is
 * "FILE:LINE: column: words" and nothing is returned.  Limits: the CSV
 * reader's, and MPS_MAX rows. */
#ifndef PCN_MPS_H
#define PCN_MPS_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "err.h"

#define MPS_FILE "parliament/mp-lookup-2026-06.csv" /* under the data folder */
#define MPS_AS_OF "27 June 2026"                    /* the MPs it lists sat on */
#define MPS_MAX 1000
#define MPS_QUERY_MAX 100 /* bytes of a search */

struct mp {
    long line;
    const char *pcon_code;  /* E14001063 */
    const char *pcon_name;  /* Aldershot */
    const char *full_title; /* Alex Baker MP */
    const char *name;       /* Alex Baker (display_as) */
    const char *party;
    const char *email;             /* "" when not known */
    const char *local_authorities; /* districts and unitaries: "Hart / Rushmoor" */
    const char *counties;          /* upper tier (la_names): "Hampshire" */
    const char *region;
    const char *country;
};

struct mp_list {
    struct mp *v; /* in constituency name order */
    size_t n;
};

/* Reads data[0..len) of the file called name.  0, or PCN_EINVAL /
 * PCN_ELIMIT with "FILE:LINE: ..." in m.  Everything lives in a. */
int mps_parse(const char *name, const char *data, size_t len, struct arena *a, struct mp_list *out,
              struct pcn_msg *m);

/* The bundled list: DIR/data/MPS_FILE where DIR holds the rules folder
 * (rules_dir "rules" gives "data/parliament/..."; "/srv/pcnops/rules"
 * gives "/srv/pcnops/data/parliament/...").  PCN_ENOTFOUND if absent. */
const char *mps_path(struct arena *a, const char *rules_dir);
int mps_load(const char *path, struct arena *a, struct mp_list *out, struct pcn_msg *m);

/* The MP of a constituency code, or NULL. */
const struct mp *mps_find(const struct mp_list *l, const char *pcon_code);

/* An MP as a stakeholder's fields, the same on the page and the command
 * line: name "Alex Baker MP", organisation "House of Commons", role "MP for
 * Aldershot (Labour)", notes their email and where the list comes from.
 * In a. */
struct mp_stakeholder {
    const char *name, *organisation, *role_title, *notes;
};
void mps_stakeholder(const struct mp *mp, struct arena *a, struct mp_stakeholder *out);

/* Whether an MP matches a search: every word of q (case-insensitive, ASCII)
 * is part of the constituency, the MP's name, the party or a local
 * authority (district or county). */
bool mps_match(const struct mp *mp, const char *q);

#endif
