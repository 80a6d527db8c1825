/* webapp.h: the web application put together, for the server, the
 * command line's web commands and the tests.
 *
 * web.h is the bottom of the web layer (the shared state, the request's
 * context, the rules snapshot), which the router, sign-in, the pages and the
 * page frame all build on; this module, above all of them, sets up a
 * struct web with their parts, so that web.c needs none of them. */
#ifndef PCN_WEBAPP_H
#define PCN_WEBAPP_H

#include "err.h"
#include "web.h"

/* Sets up a struct web for the store at db_path: libsodium, the password
 * and session settings (auth_web_init), the CSP (router_init_csp), and the
 * static files from ROOT/static and ROOT/node_modules/nhsuk-frontend/dist/
 * nhsuk, where ROOT is root (NULL: the current directory).  0, or an error
 * with its message (and nothing left to release). */
int webapp_init(struct web *w, const char *db_path, const char *root, struct pcn_msg *m);
/* Releases everything webapp_init set up. */
void webapp_release(struct web *w);

#endif
