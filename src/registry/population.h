/* population.h: the importer of practices' weighted and adjusted
 * populations (`pcnops import populations FILE`).
 *
 * NHS England publishes a PCN's Adjusted Population and its practices'
 * weighted (Carr-Hill) populations at 1 January for the following financial
 * year; they cannot be derived from the list-size files.  PCN Ops reads them
 * from a CSV file with this header (columns found by name, any order):
 *
 *   practice_code,date,weighted_population,adjusted_population
 *   K82070,2025-01-01,"12,345.67",12001.5
 *
 *   practice_code         a practice code (a letter and 5 digits)
 *   date                  the date the populations are at, normally 1
 *                         January (YYYY-MM-DD or any NHS form: 01JAN2025)
 *   weighted_population   up to two decimals, from 0; may be empty
 *   adjusted_population   up to two decimals, from 0; may be empty
 *
 * Populations are stored in hundredths (12,345.67 -> 1234567).  A row needs
 * at least one of the two; an empty one is "not known" and the engine uses
 * the registered list in its place, marking the result an estimate.
 *
 * As for every importer (import.h): the whole file is checked first, and a
 * file with any error writes nothing, naming FILE:LINE: field NAME; the
 * same practice and date twice is an error; importing again changes
 * nothing; rows are upserted (a later file corrects a practice's figures),
 * never deleted.  Warnings: a date that is not 1 January, and practices the
 * registry does not know. */
#ifndef PCN_POPULATION_H
#define PCN_POPULATION_H

#include "import.h"

int population_import(struct db *db, const struct import_src *src, struct import_result *res,
                      struct pcn_msg *m);

#endif
