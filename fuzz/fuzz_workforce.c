/* fuzz_workforce: NHS England's PCN workforce census, individual level
 * (staff_import_workforce, staff.h), mapped by rules/workforce_roles.csv,
 * into the fixture store; every other input byte picks whether only PCN
 * U10001 is taken and whether a start date is given.  Any answer is fine;
 * a crash, sanitizer report, leak or open transaction is a finding. */
#include "common.h"

#include "db.h"
#include "fuzzlib.h"
#include "staff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned opts = data[0];
    struct db *db = fz_store();
    struct import_src src = {.name = "pcn-workforce-individual.csv",
                             .mem = data + 1,
                             .len = size - 1,
                             .rules_dir = "rules"};
    struct import_result res;
    struct pcn_msg m = {0};
    import_result_init(&res, IMPORT_LIST_SIZES);
    (void)staff_import_workforce(db, fz_rules(), "rules", opts & 1 ? "U10001" : NULL,
                                 opts & 2 ? date_from_ymd(2025, 4, 1) : DATE_NONE, &src,
                                 (time_t)1795420800, &res, &m);
    import_result_release(&res);
    if (db_in_transaction(db))
        abort();
    return 0;
}
