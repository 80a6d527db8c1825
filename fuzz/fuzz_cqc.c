/* fuzz_cqc: CQC's latest ratings (cqc.h) on any bytes, the file itself
 * with no option byte: first cqc_parse alone (CQC's OpenDocument workbook
 * or the derived CSV), checking what it promises on success (a practice
 * code, a known domain and rating, a year, at least one rating); then the
 * whole import into the fixture store (fuzzlib.h).  A crash, sanitizer
 * report, leak or open transaction is the finding. */
#include "common.h"

#include "cqc.h"
#include "fuzzlib.h"
#include "ods.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;
    struct pcn_msg m = {0};
    struct cqc_file f;
    arena_init(&a, 0);
    int rc = cqc_parse("cqc.ods", data, size, NULL, &a, &f, &m);
    if (rc) {
        if (rc > 0 || !m.text[0])
            abort();
    } else {
        if (f.n == 0)
            abort();
        for (size_t i = 0; i < f.n; i++) {
            const struct cqc_rating *x = &f.v[i];
            if (!x->code || !ods_is_practice(x->code, strlen(x->code)) || !x->domain ||
                !x->rating || x->year < 2009 || (f.ods && x->date == DATE_NONE))
                abort();
        }
    }
    arena_release(&a);
    (void)import_detect((const char *)data, size);
    fz_import(IMPORT_CQC, "cqc.ods", data, size, NULL);
    return 0;
}
