/* server.h: the HTTP server, on GNU libmicrohttpd.
 *
 * One internal polling thread pool with epoll (threads: default max(4,
 * 2 x cores)); each pool thread opens its own store connection on first use.
 * Requests are handled in two phases (house-style.md §5): the first call
 * only sets up the request context (an arena and a bounded body buffer), the
 * upload calls fill the body, and the last call routes and queues the
 * response, which keeps HTTP keep-alive working.  Limits: request line and
 * headers LIMIT_HEADER_BYTES (431), body router_body_limit (413), idle
 * connection LIMIT_REQUEST_SECONDS, 1,000 connections in all.
 *
 * server_run blocks until SIGINT or SIGTERM, then stops accepting, lets
 * requests in progress finish, closes the store connections and returns. */
#ifndef PCN_SERVER_H
#define PCN_SERVER_H

#include "err.h"
#include "web.h"

struct server_opts {
    const char *listen;      /* "127.0.0.1:8080" (the default) or "[::1]:8080" */
    unsigned threads;        /* 0: the default */
    void (*ready)(void *ctx, const char *addr);  /* called once listening */
    void *ready_ctx;
};

int server_run(struct web *w, const struct server_opts *o, struct pcn_msg *m);

/* Parses "HOST:PORT" into a socket address.  0 or PCN_EINVAL. */
int server_parse_listen(const char *s, void *sockaddr_storage, unsigned *len);

#endif
