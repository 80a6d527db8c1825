/* fuzz_ics: the iCalendar reader with repetition (ics_parse, ics.h, on
 * libical).  The first two bytes choose the window (from 2025-01-01 plus
 * up to 765 days, up to 1020 days long); the rest is the file.  Checks what
 * the header promises of a result: occurrences inside the window, in date
 * and start order, of a length from 1 minute to 24 hours, starting within
 * the day.  A crash, sanitizer report, leak or broken promise is a finding. */
#include "common.h"

#include "ics.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    date_t from = date_from_ymd(2025, 1, 1) + data[0] * 3;
    date_t to = from + data[1] * 4;
    struct arena a;
    struct ics_result r;
    struct pcn_msg m = {0};
    arena_init(&a, 0);
    int rc = ics_parse("fuzz.ics", (const char *)data + 2, size - 2, from, to, &a, &r, &m);
    if (rc == 0) {
        if (r.nevents > LIMIT_ICS_EVENTS)
            abort();
        for (size_t i = 0; i < r.nevents; i++) {
            const struct ics_event *e = &r.events[i];
            if (e->date < from || e->date > to || e->start_minute < 0 ||
                e->start_minute >= 24 * 60 || e->minutes < 1 || e->minutes > 24 * 60 || !e->uid ||
                !e->summary)
                abort();
            if (i && (e->date < r.events[i - 1].date ||
                      (e->date == r.events[i - 1].date &&
                       e->start_minute < r.events[i - 1].start_minute)))
                abort();
        }
    } else if (!m.text[0]) {
        abort();
    }
    arena_release(&a);
    return 0;
}
