#include "common.h"
#include "web.h"
#include "auth.h"
#include "router.h"
#include "statics.h"

#include <sodium.h>

time_t web_now(const struct web *w)
{
    return w->clock ? w->clock(w->clock_ctx) : time(NULL);
}

int web_init(struct web *w, const char *db_path, const char *root, struct pcn_msg *m)
{
    char ours[1024], vendor[1024];
    memset(w, 0, sizeof *w);
    if (sodium_init() < 0)
        return msg_set(m, PCN_EIO, "libsodium could not start");
    w->db_path = db_path;
    auth_web_init(w);
    router_init_csp(w);
    snprintf(ours, sizeof ours, "%s/static", root ? root : ".");
    snprintf(vendor, sizeof vendor, "%s/node_modules/nhsuk-frontend/dist/nhsuk", root ? root : ".");
    w->statics = xcalloc(1, sizeof *w->statics);
    int rc = statics_load(w->statics, ours, vendor, m);
    if (rc) {
        web_release(w);
        return rc;
    }
    return 0;
}

void web_release(struct web *w)
{
    if (w->statics) {
        statics_release(w->statics);
        free(w->statics);
        w->statics = NULL;
    }
    auth_web_release(w);
}
