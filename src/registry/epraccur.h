/* epraccur.h: the importer of the ODS practice file, epraccur.csv.
 *
 * The file has no header row and 27 columns (nhs-ui.md §7.3); PCN Ops reads
 * column 1 (organisation code), 2 (name), 3 (national grouping: the
 * region), 4 (high level health geography: the ICB), 10 (postcode), 11
 * (open date), 12 (close date), 13 (status: A active, C closed, D dormant,
 * P proposed), 15 (commissioner: the sub-ICB location) and 26 (prescribing
 * setting).  Only rows with prescribing setting 4 are GP practices; the
 * others (out of hours, walk-in centres, ...) are counted and skipped.
 * Dates are YYYYMMDD (any format of date_parse_nhs is accepted); an empty
 * close date means still open.
 *
 * Each practice's status, open and close dates are kept as of the last file
 * loaded (table practice_ods); the registry is not changed.
 *
 * Refused, with file, line and field: fewer than 26 columns, a malformed
 * practice code, a bad date, a close date before the open date, an unknown
 * status, and a practice listed twice. */
#ifndef PCN_EPRACCUR_H
#define PCN_EPRACCUR_H

#include "import.h"

int epraccur_import(struct db *db, const struct import_src *src, struct import_result *res,
                    struct pcn_msg *m);

#endif
