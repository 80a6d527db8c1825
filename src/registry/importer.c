#include "common.h"
#include "importer.h"
#include "cqc.h"
#include "epcn.h"
#include "epraccur.h"
#include "iifpub.h"
#include "listsize.h"
#include "nhspay.h"
#include "population.h"
#include "qof.h"
#include "regmap.h"

int importer_run(struct db *db, enum import_kind kind, const struct import_src *src,
                 struct import_result *res, struct pcn_msg *m)
{
    switch (kind) {
    case IMPORT_REGISTRY:
        return regmap_import(db, src, res, m);
    case IMPORT_LIST_SIZES:
        return listsize_import(db, src, res, m);
    case IMPORT_EPRACCUR:
        return epraccur_import(db, src, res, m);
    case IMPORT_POPULATIONS:
        return population_import(db, src, res, m);
    case IMPORT_IIF:
        return iifpub_import(db, src, res, m);
    case IMPORT_QOF:
        return qof_import(db, src, res, m);
    case IMPORT_NHS_PAYMENTS:
        return nhspay_import(db, src, res, m);
    case IMPORT_EPCN:
        return epcn_import(db, src, res, m);
    case IMPORT_CQC:
        return cqc_import(db, src, res, m);
    }
    BUG("import kind %d", (int)kind);
}
