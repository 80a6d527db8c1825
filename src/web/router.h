/* router.h: from a request to a handler.
 *
 * router_handle serves static files, matches the route table (router.c),
 * loads the signed-in user (auth.h), answers for what the route requires
 * (sign-in: 303 to /sign-in for pages, 401 for the API; admin: 404 and an
 * audit entry; an organisation in the path (/pcn/CODE, /icb/CODE,
 * /practice/CODE and the API's): the user may read it, else 404 and an audit
 * entry, declared in the route table so no route can forget it; POST: a
 * valid CSRF token unless an API token was used), calls
 * the handler, and adds the security headers to every response:
 * Content-Security-Policy (w->csp), X-Content-Type-Options,
 * X-Frame-Options, Referrer-Policy and Cache-Control.  A 405 names the
 * methods the path has (Allow).  Before the handler runs, every query and
 * form field (files aside) must be UTF-8: else 400 naming the field, and
 * nothing is written.
 *
 * It runs without a socket: the handler tests call it with a request they
 * built (tests/test_http.c). */
#ifndef PCN_ROUTER_H
#define PCN_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

#include "web.h"

struct db;

void router_handle(struct web *w, struct db *db, struct http_req *q, struct http_resp *r);

/* Decides a request from its line and headers alone, before any body is
 * read: the route, the signed-in user, and whether that user may use the
 * route.  The largest body the route accepts when it may; 0 when not, with
 * the answer (303 to sign in, 401, 404, 405, audited refusal...) in r,
 * security headers included.  router_handle decides again, with the body. */
size_t router_admit(struct web *w, struct db *db, struct http_req *q, struct http_resp *r);

/* Adds the security headers (dynamic: Cache-Control: no-store too). */
void router_security_headers(const struct web *w, struct http_resp *r, bool dynamic);

/* The largest body the route for this method and path accepts (uploads are
 * larger than forms); the server answers 413 past it. */
size_t router_body_limit(const char *method, const char *path);

/* The route table's own check, made when the web application starts
 * (webapp_init refuses to start on a problem): every route whose path has
 * a :code declares which organisation it names, and only for that first
 * capture.  NULL when the table is right; else the pattern at fault. */
const char *router_check_table(void);

/* Sets w->csp from the hash of the inline start-up script. */
void router_init_csp(struct web *w);

#endif
