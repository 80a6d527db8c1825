/* regmap.h: the importer of NHS England's practice to PCN map,
 * gp-reg-pat-prac-map.csv, from the monthly "Patients Registered at a GP
 * Practice" publication.
 *
 * Layouts (columns are found by header name, in any order):
 *   2023+       PRACTICE_CODE, PRACTICE_NAME, PRACTICE_POSTCODE, PCN_CODE,
 *               PCN_NAME, SUB_ICB_LOCATION_CODE/_NAME, ONS_SUB_ICB_LOCATION_CODE,
 *               ICB_CODE/_NAME, ONS_ICB_CODE, COMM_REGION_CODE/_NAME,
 *               ONS_COMM_REGION_CODE, SUPPLIER_NAME, EXTRACT_DATE
 *   2020-2022   the same with CCG_CODE/_NAME/ONS_CCG_CODE for the sub-ICB
 *               location and STP_CODE/_NAME/ONS_STP_CODE for the ICB (the
 *               codes carried over), and no SUPPLIER_NAME.
 * The effective date is EXTRACT_DATE, which must be the same on every row.
 * PCN code "U" (or empty) means the practice is in no PCN.
 *
 * Refused, with file, line and field: a missing column, a bad or mixed
 * extract date, a malformed ODS code, an empty name, a practice listed
 * twice, and an organisation shown with two different names or parents. */
#ifndef PCN_REGMAP_H
#define PCN_REGMAP_H

#include "arena.h"
#include "import.h"
#include "registry.h"

/* Parses the whole file into a snapshot whose strings live in a. */
int regmap_parse(const struct import_src *src, struct arena *a, struct reg_snapshot *out,
                 struct pcn_msg *m);

/* Parses, then applies the snapshot in one transaction (registry_apply). */
int regmap_import(struct db *db, const struct import_src *src, struct import_result *res,
                  struct pcn_msg *m);

#endif
