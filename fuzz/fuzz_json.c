/* fuzz_json: JSON request bodies: the time log's POST of the API
 * (api_desk_time_post: jansson's parser, then the fields' checks and the
 * write), with the API token of the clinical director of U10001, of the
 * manager of U10002 or of the administrator (the first byte chooses), on
 * the fixture store of fuzzlib.h.  A 5xx, a transaction left open, a
 * crash, sanitizer report or leak is a finding. */
#include "common.h"

#include "fuzzlib.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    struct fz_web *f = fz_web();
    static const struct {
        int who;
        const char *path;
    } as[] = {{FZ_CD, "/api/v1/pcns/U10001/time"},
              {FZ_MANAGER, "/api/v1/pcns/U10002/time"},
              {FZ_ADMIN, "/api/v1/pcns/U10001/time"}};
    int i = data[0] % 3;
    struct http_req *q = fz_req(f, FZ_NOBODY, "POST", as[i].path, strlen(as[i].path));
    fz_header(q, "Authorization", f->bearer[as[i].who]);
    fz_header(q, "Content-Type", "application/json");
    fz_route_body(f, q, data + 1, size - 1);
    return 0;
}
