/* server.h: the HTTP server, on GNU libmicrohttpd.
 *
 * One internal polling thread pool with epoll (threads: default max(4,
 * 2 x cores)); each pool thread opens its own store connection on first use.
 * Requests are handled in three phases (house-style.md §5).  The first call
 * has the request line and headers: the path and query are decoded once
 * (http_decode_path, http_unescape: %00 and bad escapes are 400), the
 * limits checked, and a request with a body goes to router_admit, which
 * decides the route, the session and the permission before any of the body
 * is read: a refusal, or a Content-Length over the route's limit (413), is
 * answered at once and libmicrohttpd reads no body and closes.  The upload
 * calls fill the body of an admitted request; the last call routes and
 * queues the response, which keeps HTTP keep-alive working.  Every answer
 * of the server's own carries the security headers too.
 *
 * Limits (limits.h): request line and headers LIMIT_HEADER_BYTES (431;
 * libmicrohttpd answers its own 431 past LIMIT_CONN_MEMORY); a body the
 * route's router_body_limit (413); bodies in memory LIMIT_BODIES_BYTES in
 * all (503); LIMIT_CONNECTIONS connections, LIMIT_CONNECTIONS_PER_ADDRESS
 * from one address (refused at once); a watchdog shuts a connection whose
 * headers are not in LIMIT_HEADER_SECONDS after its request began
 * (LIMIT_HEADER_SECONDS_BUSY when over half the connections are taken), or whose
 * body arrives slower than LIMIT_BODY_MIN_RATE on average after
 * LIMIT_BODY_GRACE_SECONDS; LIMIT_REQUEST_SECONDS idle while answering.
 * The client's address is the peer's, or with --trusted-proxy the last
 * X-Forwarded-For entry that proxy sent (server_client_address).
 *
 * server_run blocks until SIGINT or SIGTERM, then stops accepting, lets
 * requests in progress finish, closes the store connections and returns. */
#ifndef PCN_SERVER_H
#define PCN_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "web.h"

struct server_opts {
    const char *listen;                         /* "127.0.0.1:8080" (the default) or "[::1]:8080" */
    unsigned threads;                           /* 0: the default */
    void (*ready)(void *ctx, const char *addr); /* called once listening */
    void *ready_ctx;
    const char *trusted_proxy; /* the reverse proxy's address: its X-Forwarded-For is believed */
};

int server_run(struct web *w, const struct server_opts *o, struct pcn_msg *m);

/* Parses "HOST:PORT" into a socket address.  0 or PCN_EINVAL. */
int server_parse_listen(const char *s, void *sockaddr_storage, unsigned *len);

/* The client's address: peer, unless peer is the trusted proxy and sent
 * X-Forwarded-For, whose last entry (the address the proxy saw) is used.
 * PCN_EINVAL (out = peer) when that entry is not an address. */
int server_client_address(const char *peer, const char *trusted, const char *xff, char *out,
                          size_t outlen);

/* Whether the watchdog shuts a connection (see above; state 0 headers, 1
 * body, 2 answering; times in seconds; busy: more than half the
 * connections taken, when headers have LIMIT_HEADER_SECONDS_BUSY). */
bool server_overdue(int state, int64_t since, int64_t received, int64_t now, bool busy);

#endif
