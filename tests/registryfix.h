/* registryfix.h: the small registry the store fixtures start from, shared
 * by the handler tests' fixture (tests/webfix.h) and the fuzz harnesses'
 * (fuzz/fuzzlib.c): the two years of maps and list sizes of
 * tests/data/registry and two years of NHS payments, imported in order.
 * Paths are relative to the repository root, where both run. */
#ifndef PCN_REGISTRYFIX_H
#define PCN_REGISTRYFIX_H

#include "db.h"
#include "import.h"
#include "importer.h"

/* Imports the files into db: 0, or the importer's status with its message
 * in *m and the file it refused in *failed. */
static inline int registryfix_import(struct db *db, const char **failed, struct pcn_msg *m)
{
    static const struct {
        enum import_kind kind;
        const char *path;
    } files[] = {
        {IMPORT_REGISTRY, "tests/data/registry/map-2021-01.csv"},
        {IMPORT_LIST_SIZES, "tests/data/registry/quin-2021-01.csv"},
        {IMPORT_REGISTRY, "tests/data/registry/map-2023-07.csv"},
        {IMPORT_LIST_SIZES, "tests/data/registry/all-2023-07.csv"},
        {IMPORT_NHS_PAYMENTS, "tests/data/registry/nhs-payments-gp-practice-2022-23.csv"},
        {IMPORT_NHS_PAYMENTS, "tests/data/registry/nhs-payments-gp-practice-2024-25.csv"},
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        struct import_result res;
        struct import_src src = {.name = files[i].path, .path = files[i].path};
        import_result_init(&res, files[i].kind);
        int rc = importer_run(db, files[i].kind, &src, &res, m);
        import_result_release(&res);
        if (rc) {
            *failed = files[i].path;
            return rc;
        }
    }
    return 0;
}

#endif
