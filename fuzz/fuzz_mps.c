/* fuzz_mps: the list of Members of Parliament (mps_parse, mps.h), then a
 * look-up and a search in what it read.  A crash, sanitizer report or leak
 * is a finding. */
#include "common.h"

#include "mps.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;
    struct mp_list l = {0};
    struct pcn_msg m = {0};
    arena_init(&a, 0);
    if (mps_parse("mp-lookup.csv", (const char *)data, size, &a, &l, &m) == 0) {
        for (size_t i = 0; i < l.n; i++) {
            if (mps_find(&l, l.v[i].pcon_code) == NULL)
                abort(); /* every constituency it read can be found */
            struct mp_stakeholder st;
            mps_stakeholder(&l.v[i], &a, &st);
            (void)mps_match(&l.v[i], "ald");
        }
    } else if (!m.text[0]) {
        abort(); /* an error says what it was */
    }
    arena_release(&a);
    return 0;
}
