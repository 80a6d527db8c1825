/* fuzz_staff: the project's own staff CSV (staff_import_csv, staff.h) into
 * the fixture store, every row checked against the bundled rules.  Any
 * answer is fine; a crash, sanitizer report, leak or open transaction is a
 * finding. */
#include "common.h"

#include "db.h"
#include "fuzzlib.h"
#include "staff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct db *db = fz_store();
    struct import_src src = {.name = "staff.csv", .mem = data, .len = size, .rules_dir = "rules"};
    struct import_result res;
    struct pcn_msg m = {0};
    import_result_init(&res, IMPORT_LIST_SIZES);
    (void)staff_import_csv(db, fz_rules(), &src, (time_t)1795420800, &res, &m);
    import_result_release(&res);
    if (db_in_transaction(db))
        abort();
    return 0;
}
