#include "common.h"
#include "server.h"
#include "db.h"
#include "migrate.h"
#include "router.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

/* The store connections the pool threads opened, closed at shutdown. */
struct conns {
    pthread_mutex_t lock;
    struct db *db[256];
    size_t n;
};

struct srv {
    struct web *w;
    struct conns conns;
};

/* Each pool thread's own store connection (house-style.md §5.1). */
static _Thread_local struct db *tl_db;

static struct db *thread_db(struct srv *s)
{
    struct pcn_msg m = {0};
    if (tl_db)
        return tl_db;
    if (migrate_open(s->w->db_path, &tl_db, &m)) {
        fprintf(stderr, "pcnops: %s\n", m.text);
        return NULL;
    }
    pthread_mutex_lock(&s->conns.lock);
    if (s->conns.n < ARRAY_SIZE(s->conns.db))
        s->conns.db[s->conns.n++] = tl_db;
    pthread_mutex_unlock(&s->conns.lock);
    return tl_db;
}

/* One request in progress. */
struct reqctx {
    struct arena a;
    struct buf body;
    bool too_large;
    bool too_many_headers;
};

/* Where MHD's header or query values are copied: a fixed array and its
 * count; overflow is set when there were more than the array holds. */
struct fill {
    struct arena *a;
    struct http_kv *kv;
    size_t *n;
    size_t max;
    bool overflow;
};

static enum MHD_Result add_value(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    struct fill *f = cls;
    (void)kind;
    if (!key)
        return MHD_YES;
    if (*f->n == f->max) {
        f->overflow = true;
        return MHD_NO;
    }
    f->kv[*f->n].name = arena_strdup(f->a, key);
    f->kv[*f->n].value = arena_strdup(f->a, value ? value : "");
    (*f->n)++;
    return MHD_YES;
}

static const char *client_address(struct MHD_Connection *conn, struct arena *a)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char text[INET6_ADDRSTRLEN] = "";
    if (ci && ci->client_addr) {
        if (ci->client_addr->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, text,
                      sizeof text);
        else if (ci->client_addr->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr, text,
                      sizeof text);
    }
    return arena_strdup(a, text);
}

static enum MHD_Result respond(struct MHD_Connection *conn, struct http_resp *r)
{
    struct MHD_Response *resp;
    if (r->static_body) {
        resp = MHD_create_response_from_buffer(r->static_len, (void *)r->static_body,
                                               MHD_RESPMEM_PERSISTENT);
    } else if (!buf_ok(&r->body)) {
        static const char oops[] = "Sorry, there is a problem with the service.\n";
        r->status = 500;
        r->content_type = "text/plain; charset=utf-8";
        resp = MHD_create_response_from_buffer(sizeof oops - 1, (void *)oops,
                                               MHD_RESPMEM_PERSISTENT);
    } else {
        size_t len;
        char *body = buf_take(&r->body, &len);
        resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    }
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
    for (size_t i = 0; i < r->nheaders; i++)
        MHD_add_response_header(resp, r->headers[i].name, r->headers[i].value);
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *conn, const char *url,
                               const char *method, const char *version,
                               const char *upload_data, size_t *upload_data_size, void **con_cls)
{
    struct srv *s = cls;
    struct reqctx *rc = *con_cls;
    (void)version;

    /* Phase 1: set up the context only, so that keep-alive works. */
    if (!rc) {
        rc = xcalloc(1, sizeof *rc);
        arena_init(&rc->a, 16 * 1024);
        size_t limit = router_body_limit(method, url);
        buf_init(&rc->body, limit);
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_CONTENT_LENGTH);
        int64_t n;
        if (cl && parse_i64(cl, 0, INT64_MAX, &n) == 0 && (uint64_t)n > limit)
            rc->too_large = true;
        *con_cls = rc;
        return MHD_YES;
    }
    /* Phase 2: the body, in pieces. */
    if (*upload_data_size) {
        if (!rc->too_large && buf_add(&rc->body, upload_data, *upload_data_size))
            rc->too_large = true;
        *upload_data_size = 0;
        return MHD_YES;
    }
    /* Phase 3: route and answer. */
    struct http_req q = {0};
    struct http_resp r;
    http_resp_init(&r);
    q.a = &rc->a;
    q.method = method;
    q.now = web_now(s->w);
    q.remote = client_address(conn, &rc->a);
    q.tls = s->w->secure_cookies;
    q.body = rc->body.buf;
    q.body_len = rc->body.len;
    struct fill fh = {&rc->a, q.headers, &q.nheaders, HTTP_MAX_HEADERS, false};
    struct fill fq = {&rc->a, q.query, &q.nquery, HTTP_MAX_FIELDS, false};
    MHD_get_connection_values(conn, MHD_HEADER_KIND, add_value, &fh);
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, add_value, &fq);
    struct db *db = thread_db(s);
    if (rc->too_large) {
        http_resp_text(&r, 413, "The request is too large.");
    } else if (fh.overflow || fq.overflow) {
        http_resp_text(&r, 431, "Too many request header fields or parameters.");
    } else if (http_decode_path(&rc->a, url, &q.path)) {
        http_resp_text(&r, 400, "Bad request path.");
    } else if (!db) {
        http_resp_text(&r, 503, "The store is not available.");
    } else {
        router_handle(s->w, db, &q, &r);
        if (db_broken(db)) {   /* the database went away during the request */
            http_resp_release(&r);
            http_resp_init(&r);
            http_resp_text(&r, 503, "The store is not available.");
        }
    }
    enum MHD_Result ret = respond(conn, &r);
    http_resp_release(&r);
    return ret;
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    struct reqctx *rc = *con_cls;
    (void)cls;
    (void)conn;
    (void)toe;
    if (!rc)
        return;
    buf_release(&rc->body);
    arena_release(&rc->a);
    free(rc);
    *con_cls = NULL;
}

int server_parse_listen(const char *s, void *ss, unsigned *len)
{
    char host[128];
    const char *colon = strrchr(s, ':');
    int64_t port;
    if (!colon || (size_t)(colon - s) >= sizeof host ||
        parse_i64(colon + 1, 1, 65535, &port))
        return PCN_EINVAL;
    memcpy(host, s, (size_t)(colon - s));
    host[colon - s] = '\0';
    memset(ss, 0, sizeof(struct sockaddr_storage));
    if (host[0] == '[') {
        size_t hl = strlen(host);
        if (hl < 3 || host[hl - 1] != ']')
            return PCN_EINVAL;
        host[hl - 1] = '\0';
        struct sockaddr_in6 *a6 = ss;
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)port);
        if (inet_pton(AF_INET6, host + 1, &a6->sin6_addr) != 1)
            return PCN_EINVAL;
        *len = sizeof *a6;
        return 0;
    }
    struct sockaddr_in *a4 = ss;
    a4->sin_family = AF_INET;
    a4->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &a4->sin_addr) != 1)
        return PCN_EINVAL;
    *len = sizeof *a4;
    return 0;
}

int server_run(struct web *w, const struct server_opts *o, struct pcn_msg *m)
{
    struct sockaddr_storage addr;
    unsigned addrlen;
    const char *listen = o->listen ? o->listen : "127.0.0.1:8080";
    struct srv s = {.w = w};
    sigset_t set;
    int sig;

    if (server_parse_listen(listen, &addr, &addrlen))
        return msg_set(m, PCN_EUSAGE, "--listen: '%s' is not HOST:PORT (like 127.0.0.1:8080)",
                       listen);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads = o->threads ? o->threads : (unsigned)(cores > 2 ? 2 * cores : 4);
    pthread_mutex_init(&s.conns.lock, NULL);

    /* The pool threads inherit a mask with SIGINT and SIGTERM blocked, so
     * that only this thread takes them, in sigwait below. */
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);

    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
    if (addr.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL, handler, &s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)LIMIT_REQUEST_SECONDS, MHD_OPTION_CONNECTION_LIMIT, 1000u,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, 512u, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)(LIMIT_HEADER_BYTES * 2), MHD_OPTION_NOTIFY_COMPLETED, completed, &s,
        MHD_OPTION_END);
    if (!d) {
        pthread_sigmask(SIG_UNBLOCK, &set, NULL);
        pthread_mutex_destroy(&s.conns.lock);
        return msg_set(m, PCN_EIO, "cannot listen on %s: %s", listen, strerror(errno));
    }
    if (o->ready)
        o->ready(o->ready_ctx, listen);
    sigwait(&set, &sig);
    fprintf(stderr, "pcnops: %s received, stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    MHD_stop_daemon(d);
    for (size_t i = 0; i < s.conns.n; i++)
        db_close(s.conns.db[i]);
    pthread_mutex_destroy(&s.conns.lock);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    return 0;
}
