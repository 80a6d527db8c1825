/* apiweb.c: what the JSON API handlers of a PCN's funds share (apiweb.h). */
#include "common.h"
#include "apiweb.h"
#include "pages.h"

bool apiweb_failed(struct ctx *c, int rc, const struct pcn_msg *m)
{
    if (rc == PCN_ENOTFOUND)
        api_error(c, 404, m->text);
    else if (rc)
        api_error(c, 500, "the store failed");
    return rc != 0;
}
