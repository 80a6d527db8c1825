/* qof.h: the importer of NHS England's Quality and Outcomes Framework (QOF)
 * practice disease registers (`pcnops import qof FILE`), for the IIF's
 * prevalence adjustment (iifdata.h).
 *
 * Columns, found by name: PRACTICE_CODE, GROUP_CODE (the register: LD, DM,
 * ...), REGISTER (patients on it, written with a decimal point: "113.0"),
 * PATIENT_LIST_TYPE (TOTAL, 18OV, ...: whom the list counts) and
 * PRACTICE_LIST_SIZE.  REGISTER must be a whole number, with or without
 * ".0"; "113.5" is an error.  The file does not say its QOF year: it is
 * src->year ("2024/25", `--year` on the command line), else the year in the
 * file's name ("qof-prevalence-2024-25.csv", "..._2024_25..."), else an
 * error.
 *
 * As for every importer (import.h): the whole file is checked first, and a
 * file with any error writes nothing, naming FILE:LINE: field NAME; the same
 * practice and register twice is an error; importing again changes nothing
 * (rows are upserted, never deleted).  Warnings: practices the registry
 * does not know, and registers larger than their practice's list (the
 * 2024/25 file has one: Y05750's LD register of 120 on a list of 119),
 * which are kept as published. */
#ifndef PCN_QOF_H
#define PCN_QOF_H

#include "date.h"
#include "import.h"

int qof_import(struct db *db, const struct import_src *src, struct import_result *res,
               struct pcn_msg *m);

/* The financial year written in a file name ("qof-prevalence-2024-25.csv",
 * "PREVALENCE_2024_25.csv", "qof 2024/25.csv"): 0 and *fy, or PCN_EINVAL
 * when the name holds no such year. */
int qof_year_from_name(const char *name, fy_t *fy);

#endif
