/* iifpub.h: the importer of NHS England's IIF publication into the store
 * (tables: src/store/sql/006_iif.sql); iifdata.h reads it, rolled up to PCNs.
 *
 * `pcnops import iif FILE` (import.h IMPORT_IIF)
 *   Columns, found by name: ORGANISATION_TYPE ("GP practice" or "PCN"),
 *   ORGANISATION_CODE, ORGANISATION_NAME, QUALITY_SERVICE, ACH_DATE (any
 *   NHS date form: 31/03/2024), IND_CODE, MEASURE, VALUE (a whole number
 *   from 0).  One achievement date per file; its financial year's rules
 *   (rules/YYYY-YY/iif_measures.csv) map each MEASURE text to the
 *   numerator, denominator or a baseline figure of an indicator, and a text
 *   they do not map is an error.  IND_CODE must be the indicator's NHS id
 *   when the rules give one.  Also errors: an organisation code not of its
 *   type, the same figure twice, a numerator above its denominator.  As for
 *   every importer (import.h) a file with any error writes nothing, and
 *   importing it again changes nothing (rows are upserted, never deleted).
 *
 * The import reports how many of the file's practices roll up to a PCN
 * through the registry on the achievement date, and lists, in a warning,
 * those with no known PCN on that date (iifdata.h's roll-up). */
#ifndef PCN_IIFPUB_H
#define PCN_IIFPUB_H

#include "import.h"

struct db;

/* Imports the publication in one transaction (import.h).  0, or an error
 * with nothing written. */
int iifpub_import(struct db *db, const struct import_src *src, struct import_result *res,
                  struct pcn_msg *m);

#endif
