/* fuzz_calendar: the clinical director's calendar upload, as the web takes
 * it (POST /pcn/U10001/desk/time/import, multipart, as the clinical
 * director of U10001): the form's dates, the .ics file read with its
 * repetition in those dates (ics.h), and the preview page.  The first byte
 * chooses which of the dates are sent; the rest is the file.  A 5xx, a
 * crash, sanitizer report or leak is a finding. */
#include "common.h"

#include "fuzzlib.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    struct fz_web *f = fz_web();
    static const char path[] = "/pcn/U10001/desk/time/import";
    static const char *const froms[] = {"", "2026-11-01", "2026-04-01", "2027-01-01"};
    static const char *const tos[] = {"", "2026-11-30", "2026-11-23", "2026-10-01"};
    struct http_req *q = fz_req(f, FZ_CD, "POST", path, strlen(path));
    fz_header(q, "Content-Type", "multipart/form-data; boundary=fuzzboundary");
    struct buf b;
    buf_init(&b, LIMIT_BODY_BYTES);
    buf_printf(&b,
               "--fuzzboundary\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
               "--fuzzboundary\r\nContent-Disposition: form-data; name=\"from\"\r\n\r\n%s\r\n"
               "--fuzzboundary\r\nContent-Disposition: form-data; name=\"to\"\r\n\r\n%s\r\n"
               "--fuzzboundary\r\nContent-Disposition: form-data; name=\"file\"; "
               "filename=\"calendar.ics\"\r\nContent-Type: text/calendar\r\n\r\n",
               f->csrf[FZ_CD], froms[data[0] & 3], tos[(data[0] >> 2) & 3]);
    buf_add(&b, data + 1, size - 1);
    buf_adds(&b, "\r\n--fuzzboundary--\r\n");
    fz_route_body(f, q, b.buf, b.len);
    buf_release(&b);
    return 0;
}
