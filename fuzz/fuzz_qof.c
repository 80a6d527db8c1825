/* fuzz_qof: the QOF disease registers (qof.h), of 2023/24 by the file's name, as an upload, into the fixture store
 * (fuzzlib.h): import_run's parse, checks and transaction.  Any answer is
 * fine; a crash, sanitizer report, leak or open transaction is a finding. */
#include "common.h"

#include "fuzzlib.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    (void)import_detect((const char *)data, size);
    fz_import(IMPORT_QOF, "qof-2023-24.csv", data, size, NULL);
    return 0;
}
