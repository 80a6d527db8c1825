/* importer.h: one file imported by its kind's importer (import.h says
 * what every import promises: the whole file checked, then written in one
 * transaction with its audit entry, or nothing written).
 *
 * The importers (regmap, listsize, epraccur, population, iifpub, qof,
 * nhspay, epcn, cqc) share import.h's types and helpers and know nothing of
 * each other or of this dispatch, which sits above them all: a new kind is
 * one enum import_kind value (import.h), one importer module and one case
 * here. */
#ifndef PCN_IMPORTER_H
#define PCN_IMPORTER_H

#include "import.h"

struct db;

/* Imports one file in one transaction.  0, or an error with nothing
 * written (the store is exactly as it was). */
int importer_run(struct db *db, enum import_kind kind, const struct import_src *src,
                 struct import_result *res, struct pcn_msg *m);

#endif
