/* apiweb.h: what the JSON API handlers of a PCN's funds (api_arrs.c,
 * api_iif.c) share. */
#ifndef PCN_APIWEB_H
#define PCN_APIWEB_H

#include <stdbool.h>

#include "err.h"
#include "web.h"

/* Answers a store function's failure: 404 with m's words for
 * PCN_ENOTFOUND, else 500 "the store failed"; true then, and false
 * (nothing written) when rc is 0. */
bool apiweb_failed(struct ctx *c, int rc, const struct pcn_msg *m);

#endif
