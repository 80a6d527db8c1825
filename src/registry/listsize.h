/* listsize.h: the importer of registered patients by practice, from NHS
 * England's monthly "Patients Registered at a GP Practice" publication.
 *
 * Layouts (found by header name):
 *   gp-reg-pat-prac-quin-age  ORG_TYPE, ORG_CODE, SEX, AGE_GROUP_5,
 *       NUMBER_OF_PATIENTS, EXTRACT_DATE; ORG_TYPE is GP, PCN,
 *       SUB_ICB_LOCATION_CODE (or CCG), ICB (or STP) or Comm Region; SEX is
 *       ALL, MALE or FEMALE; AGE_GROUP_5 is ALL or a band 0_4 ... 90_94, 95+.
 *   gp-reg-pat-prac-all       TYPE, CODE, SEX, AGE, NUMBER_OF_PATIENTS,
 *       EXTRACT_DATE; AGE is ALL, 0 ... 94 or 95+, added up into 5-year bands.
 *
 * GP rows are stored (one list_size row per practice and date).  The rows
 * of the other levels are not stored: each is compared with our own sum of
 * the practices under it, through the registry on the extract date, and a
 * difference is reported as a warning.  Placeholder PCN "U" is compared with
 * the practices that are in no PCN.
 *
 * Refused, with file, line and field: a missing column, a bad or mixed
 * extract date, an unknown ORG_TYPE, SEX or age, a malformed ODS code, a
 * count that is not a whole number from 0 up, the same row twice, and a
 * practice without its SEX=ALL, AGE=ALL total. */
#ifndef PCN_LISTSIZE_H
#define PCN_LISTSIZE_H

#include "import.h"

int listsize_import(struct db *db, const struct import_src *src, struct import_result *res,
                    struct pcn_msg *m);

#endif
