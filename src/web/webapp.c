#include "common.h"
#include "webapp.h"
#include "auth.h"
#include "router.h"
#include "statics.h"

#include <sodium.h>

int webapp_init(struct web *w, const char *db_path, const char *root, struct pcn_msg *m)
{
    char ours[1024], vendor[1024];
    const char *bad = router_check_table();
    if (bad)
        return msg_set(m, PCN_EINVAL,
                       "the route %s names an organisation the route table does "
                       "not check (router.c)",
                       bad);
    web_base_init(w, db_path);
    if (sodium_init() < 0) {
        web_base_release(w);
        return msg_set(m, PCN_EIO, "libsodium could not start");
    }
    auth_web_init(w);
    router_init_csp(w);
    snprintf(ours, sizeof ours, "%s/static", root ? root : ".");
    snprintf(vendor, sizeof vendor, "%s/node_modules/nhsuk-frontend/dist/nhsuk", root ? root : ".");
    w->statics = xcalloc(1, sizeof *w->statics);
    int rc = statics_load(w->statics, ours, vendor, m);
    if (rc) {
        webapp_release(w);
        return rc;
    }
    return 0;
}

void webapp_release(struct web *w)
{
    web_base_release(w);
    if (w->statics) {
        statics_release(w->statics);
        free(w->statics);
        w->statics = NULL;
    }
    auth_web_release(w);
}
