/* fuzz_epcn: ODS's ePCN report (epcn.h) on any bytes, the file itself with
 * no option byte: first epcn_parse alone (the workbook or either CSV, with
 * or without its header), checking what it promises on success (codes
 * given, every end on or after its start, the latest date at least every
 * date, which report it held); then the whole import into the fixture
 * store (fuzzlib.h), whose parse, checks and one transaction must end
 * without a crash, sanitizer report, leak or open transaction. */
#include "common.h"

#include "epcn.h"
#include "fuzzlib.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;
    struct pcn_msg m = {0};
    struct epcn_report r;
    arena_init(&a, 0);
    int rc = epcn_parse("epcn.xlsx", data, size, NULL, &a, &r, &m);
    if (rc) {
        if (rc > 0 || !m.text[0])
            abort();
    } else {
        if (!r.has_rels && !r.has_pcns)
            abort();
        for (size_t i = 0; i < r.nrels; i++) {
            const struct epcn_rel *e = &r.rels[i];
            if (!e->practice || !e->pcn || !e->practice_name || !e->pcn_name ||
                e->start == DATE_NONE || (e->end != DATE_NONE && e->end < e->start) ||
                e->start > r.latest || (e->end != DATE_NONE && e->end > r.latest))
                abort();
        }
        for (size_t i = 0; i < r.npcns; i++)
            if (!r.pcns[i].code || !r.pcns[i].name || r.pcns[i].open == DATE_NONE ||
                (r.pcns[i].close != DATE_NONE && r.pcns[i].close < r.pcns[i].open))
                abort();
    }
    arena_release(&a);
    (void)import_detect((const char *)data, size);
    fz_import(IMPORT_EPCN, "epcn.xlsx", data, size, NULL);
    return 0;
}
