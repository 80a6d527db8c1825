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
#include <stdatomic.h>
#include <time.h>
#include <sys/socket.h>
#include <unistd.h>

/* The store connections the pool threads opened, closed at shutdown. */
struct conns {
    pthread_mutex_t lock;
    struct db *db[256];
    size_t n;
};

/* One connection, from libmicrohttpd's accept to its close: the watchdog's
 * view (state and times are atomics: pool threads write, the watchdog
 * reads).  The list and the per-address counts are under srv.lock. */
enum conn_state { CONN_HEAD, CONN_BODY, CONN_ANSWER };

struct conn {
    struct conn *prev, *next;
    int fd;
    char addr[INET6_ADDRSTRLEN];
    bool counted; /* in the per-address count */
    _Atomic int state;
    _Atomic int64_t since;    /* CONN_HEAD: the request's start; CONN_BODY: the body's */
    _Atomic int64_t received; /* body bytes so far */
};

struct addr_count {
    char addr[INET6_ADDRSTRLEN];
    unsigned n;
};

struct srv {
    struct web *w;
    const struct server_opts *o;
    struct conns conns;
    _Atomic size_t body_bytes; /* memory held for bodies, all connections */
    pthread_mutex_t lock;
    struct conn *live;
    size_t nlive;
    struct addr_count per_addr[LIMIT_CONNECTIONS];
    _Atomic bool stopping;
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

static int64_t mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec;
}

/* One request in progress. */
struct reqctx {
    struct arena a;
    struct http_req q;
    struct buf body;
    size_t reserved; /* of srv.body_bytes */
    size_t limit;
    bool admitted;
    bool too_large;
    bool overloaded;
    struct conn *conn;
};

/* Where MHD's header or query values are copied: a fixed array and its
 * count; overflow is set when there were more than the array holds, bad
 * when a query value has a bad escape or a NUL, bytes counts what came. */
struct fill {
    struct arena *a;
    struct http_kv *kv;
    size_t *n;
    size_t max;
    bool overflow;
    bool decode;
    bool bad;
    size_t bytes;
};

static enum MHD_Result add_value(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    struct fill *f = cls;
    (void)kind;
    if (!key)
        return MHD_YES;
    f->bytes += strlen(key) + (value ? strlen(value) : 0) + 4;
    if (*f->n == f->max) {
        f->overflow = true;
        return MHD_NO;
    }
    struct http_kv *kv = &f->kv[*f->n];
    if (f->decode) {
        /* MHD leaves query names and values as sent (unescape_none): they
         * are decoded once, here */
        if (http_unescape(f->a, key, &kv->name) ||
            http_unescape(f->a, value ? value : "", &kv->value)) {
            f->bad = true;
            return MHD_NO;
        }
    } else {
        kv->name = arena_strdup(f->a, key);
        kv->value = arena_strdup(f->a, value ? value : "");
    }
    kv->len = strlen(kv->value);
    (*f->n)++;
    return MHD_YES;
}

/* libmicrohttpd would percent-decode the path and the query itself, before
 * the handler sees them; we decode once, in http_unescape and
 * http_decode_path, where %00 and bad escapes are refused. */
static size_t unescape_none(void *cls, struct MHD_Connection *conn, char *s)
{
    (void)cls;
    (void)conn;
    return strlen(s);
}

static void peer_address(const struct sockaddr *sa, char text[INET6_ADDRSTRLEN])
{
    text[0] = '\0';
    if (!sa)
        return;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, text, INET6_ADDRSTRLEN);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, text, INET6_ADDRSTRLEN);
}

int server_client_address(const char *peer, const char *trusted, const char *xff, char *out,
                          size_t outlen)
{
    snprintf(out, outlen, "%s", peer);
    if (!trusted || !*trusted || strcmp(peer, trusted) != 0 || !xff)
        return 0;
    /* the proxy appends the address it saw: the last entry */
    const char *last = strrchr(xff, ',');
    last = last ? last + 1 : xff;
    while (*last == ' ' || *last == '\t')
        last++;
    char addr[INET6_ADDRSTRLEN];
    size_t n = strcspn(last, " \t");
    if (n == 0 || n >= sizeof addr)
        return PCN_EINVAL;
    memcpy(addr, last, n);
    addr[n] = '\0';
    unsigned char bin[sizeof(struct in6_addr)];
    if (inet_pton(AF_INET, addr, bin) != 1 && inet_pton(AF_INET6, addr, bin) != 1)
        return PCN_EINVAL;
    snprintf(out, outlen, "%s", addr);
    return 0;
}

static const char *client_address(struct srv *s, struct MHD_Connection *conn, struct arena *a)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
        conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char peer[INET6_ADDRSTRLEN], text[INET6_ADDRSTRLEN];
    peer_address(ci ? ci->client_addr : NULL, peer);
    const char *xff = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For");
    server_client_address(peer, s->o->trusted_proxy, xff, text, sizeof text);
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

/* An answer of the server's own (not the router's), with the security
 * headers every response carries. */
static enum MHD_Result answer(struct srv *s, struct MHD_Connection *conn, struct reqctx *rc,
                              int status, const char *text)
{
    struct http_resp r;
    http_resp_init(&r);
    http_resp_text(&r, status, text);
    router_security_headers(s->w, &r, true);
    if (rc->conn)
        atomic_store(&rc->conn->state, CONN_ANSWER);
    enum MHD_Result ret = respond(conn, &r);
    http_resp_release(&r);
    return ret;
}

static struct conn *conn_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
        conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

/* Phase 1: everything from the request line and headers, before any body:
 * the request, its limits, and for a request with a body the router's
 * decision (router_admit).  MHD_YES to go on; a refusal is queued here and
 * libmicrohttpd then reads no body and closes the connection. */
static enum MHD_Result start(struct srv *s, struct MHD_Connection *conn, struct reqctx *rc,
                             const char *url, const char *method, const char *version)
{
    struct http_req *q = &rc->q;
    q->a = &rc->a;
    q->method = arena_strdup(&rc->a, method);
    q->now = web_now(s->w);
    q->remote = client_address(s, conn, &rc->a);
    q->tls = s->w->secure_cookies;
    q->body = "";
    struct fill fh = {&rc->a, q->headers, &q->nheaders, HTTP_MAX_HEADERS, false, false, false, 0};
    struct fill fq = {&rc->a, q->query, &q->nquery, HTTP_MAX_FIELDS, false, true, false, 0};
    MHD_get_connection_values(conn, MHD_HEADER_KIND, add_value, &fh);
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, add_value, &fq);
    size_t head = strlen(method) + strlen(url) + strlen(version) + 4 + fh.bytes + fq.bytes;

    if (fh.overflow || fq.overflow || head > LIMIT_HEADER_BYTES)
        return answer(s, conn, rc, 431,
                      "Too many request header fields or parameters, "
                      "or too long.");
    if (fq.bad || http_decode_path(&rc->a, url, &q->path))
        return answer(s, conn, rc, 400, "Bad request path or query.");
    struct db *db = thread_db(s);
    if (!db)
        return answer(s, conn, rc, 503, "The store is not available.");

    const char *cl = http_header(q, "Content-Length");
    const char *te = http_header(q, "Transfer-Encoding");
    int64_t declared = 0;
    if (cl && parse_i64(cl, 0, INT64_MAX, &declared))
        return answer(s, conn, rc, 400, "Bad Content-Length.");
    if (declared == 0 && !te)
        return MHD_YES; /* no body: phase 3 decides */

    struct http_resp r;
    http_resp_init(&r);
    rc->limit = router_admit(s->w, db, q, &r);
    if (!rc->limit) {
        if (rc->conn)
            atomic_store(&rc->conn->state, CONN_ANSWER);
        enum MHD_Result ret = respond(conn, &r);
        http_resp_release(&r);
        return ret;
    }
    http_resp_release(&r);
    if ((uint64_t)declared > rc->limit)
        return answer(s, conn, rc, 413, "The request is too large.");
    rc->admitted = true;
    buf_init(&rc->body, rc->limit);
    if (rc->conn) {
        atomic_store(&rc->conn->received, 0);
        atomic_store(&rc->conn->since, mono_now());
        atomic_store(&rc->conn->state, CONN_BODY);
    }
    return MHD_YES;
}

/* Phase 2: a piece of an admitted body, within the route's limit and the
 * memory all bodies may hold (LIMIT_BODIES_BYTES).  Past either, the rest
 * is read and dropped (the watchdog's minimum rate bounds how long) and
 * phase 3 answers 413 or 503. */
static void take(struct srv *s, struct reqctx *rc, const char *data, size_t n)
{
    if (rc->conn)
        atomic_fetch_add(&rc->conn->received, (int64_t)n);
    if (!rc->admitted || rc->too_large || rc->overloaded)
        return;
    if (rc->body.len + n > rc->limit) {
        rc->too_large = true;
    } else {
        /* reserve what the buffer may grow to before it grows */
        size_t want = rc->body.len + n, grown = rc->body.alloc;
        while (grown < want + 1)
            grown = grown ? grown * 2 : 4096;
        size_t extra = grown > rc->body.alloc ? grown - rc->body.alloc : 0;
        if (extra && atomic_fetch_add(&s->body_bytes, extra) + extra > LIMIT_BODIES_BYTES) {
            atomic_fetch_sub(&s->body_bytes, extra);
            rc->overloaded = true;
        } else {
            rc->reserved += extra;
            if (buf_add(&rc->body, data, n))
                rc->too_large = true;
        }
    }
    if (rc->too_large || rc->overloaded) {
        buf_release(&rc->body);
        atomic_fetch_sub(&s->body_bytes, rc->reserved);
        rc->reserved = 0;
    }
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *conn, const char *url,
                               const char *method, const char *version, const char *upload_data,
                               size_t *upload_data_size, void **con_cls)
{
    struct srv *s = cls;
    struct reqctx *rc = *con_cls;

    if (!rc) {
        rc = xcalloc(1, sizeof *rc);
        arena_init(&rc->a, 16 * 1024);
        buf_init(&rc->body, LIMIT_FORM_BODY_BYTES);
        rc->conn = conn_of(conn);
        *con_cls = rc;
        return start(s, conn, rc, url, method, version);
    }
    if (*upload_data_size) {
        take(s, rc, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    /* Phase 3: route and answer. */
    if (rc->too_large)
        return answer(s, conn, rc, 413, "The request is too large.");
    if (rc->overloaded)
        return answer(s, conn, rc, 503, "The server is busy. Try again in a minute.");
    if (rc->conn)
        atomic_store(&rc->conn->state, CONN_ANSWER);
    struct http_resp r;
    http_resp_init(&r);
    rc->q.body = rc->body.buf;
    rc->q.body_len = rc->body.len;
    struct db *db = thread_db(s);
    if (!db) {
        http_resp_text(&r, 503, "The store is not available.");
        router_security_headers(s->w, &r, true);
    } else {
        router_handle(s->w, db, &rc->q, &r);
        if (db_broken(db)) { /* the database went away during the request */
            http_resp_release(&r);
            http_resp_init(&r);
            http_resp_text(&r, 503, "The store is not available.");
            router_security_headers(s->w, &r, true);
        }
    }
    enum MHD_Result ret = respond(conn, &r);
    http_resp_release(&r);
    return ret;
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    struct srv *s = cls;
    struct reqctx *rc = *con_cls;
    (void)toe;
    /* the next request on this connection starts now */
    struct conn *c = conn_of(conn);
    if (c) {
        atomic_store(&c->since, mono_now());
        atomic_store(&c->state, CONN_HEAD);
    }
    if (!rc)
        return;
    atomic_fetch_sub(&s->body_bytes, rc->reserved);
    buf_release(&rc->body);
    arena_release(&rc->a);
    free(rc);
    *con_cls = NULL;
}

static struct addr_count *addr_slot(struct srv *s, const char *addr, bool make)
{
    struct addr_count *free_slot = NULL;
    for (size_t i = 0; i < ARRAY_SIZE(s->per_addr); i++) {
        if (s->per_addr[i].n && strcmp(s->per_addr[i].addr, addr) == 0)
            return &s->per_addr[i];
        if (!s->per_addr[i].n && !free_slot)
            free_slot = &s->per_addr[i];
    }
    if (make && free_slot)
        snprintf(free_slot->addr, sizeof free_slot->addr, "%s", addr);
    return make ? free_slot : NULL;
}

/* Connections opened and closed: the watchdog's list, and the per-address
 * cap (LIMIT_CONNECTIONS_PER_ADDRESS; the trusted proxy has none).  A
 * connection past the cap is shut at once, before anything is read. */
static void notify_connection(void *cls, struct MHD_Connection *mc, void **socket_context,
                              enum MHD_ConnectionNotificationCode toe)
{
    struct srv *s = cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        struct conn *c = xcalloc(1, sizeof *c);
        const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
            mc, MHD_CONNECTION_INFO_CONNECTION_FD);
        c->fd = ci ? ci->connect_fd : -1;
        ci = MHD_get_connection_info(mc, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        peer_address(ci ? ci->client_addr : NULL, c->addr);
        atomic_store(&c->since, mono_now());
        atomic_store(&c->state, CONN_HEAD);
        bool refuse = false;
        pthread_mutex_lock(&s->lock);
        if (!s->o->trusted_proxy || strcmp(s->o->trusted_proxy, c->addr) != 0) {
            struct addr_count *ac = addr_slot(s, c->addr, true);
            if (ac && ac->n < LIMIT_CONNECTIONS_PER_ADDRESS) {
                ac->n++;
                c->counted = true;
            } else {
                refuse = true;
            }
        }
        c->next = s->live;
        if (s->live)
            s->live->prev = c;
        s->live = c;
        s->nlive++;
        if (refuse && c->fd >= 0)
            shutdown(c->fd, SHUT_RDWR);
        pthread_mutex_unlock(&s->lock);
        *socket_context = c;
    } else if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
        struct conn *c = *socket_context;
        if (!c)
            return;
        pthread_mutex_lock(&s->lock);
        if (c->counted) {
            struct addr_count *ac = addr_slot(s, c->addr, false);
            if (ac)
                ac->n--;
        }
        if (c->prev)
            c->prev->next = c->next;
        else
            s->live = c->next;
        if (c->next)
            c->next->prev = c->prev;
        s->nlive--;
        pthread_mutex_unlock(&s->lock);
        free(c);
        *socket_context = NULL;
    }
}

/* Whether a connection has had its time: headers not complete
 * LIMIT_HEADER_SECONDS after the request began (the connection opened, or
 * the last answer went; LIMIT_HEADER_SECONDS_BUSY when more than half the
 * connections are taken), or a body slower on average than
 * LIMIT_BODY_MIN_RATE after LIMIT_BODY_GRACE_SECONDS.  Pure. */
bool server_overdue(int state, int64_t since, int64_t received, int64_t now, bool busy)
{
    int64_t t = now - since;
    if (state == CONN_HEAD)
        return t > (busy ? LIMIT_HEADER_SECONDS_BUSY : LIMIT_HEADER_SECONDS);
    if (state == CONN_BODY)
        return t > LIMIT_BODY_GRACE_SECONDS &&
               received < (t - LIMIT_BODY_GRACE_SECONDS) * (int64_t)LIMIT_BODY_MIN_RATE;
    return false;
}

/* Once a second, shuts the sockets of overdue connections: libmicrohttpd
 * then sees the end of the stream and closes them, and their slots are
 * free.  The socket is shut under the lock that the close notification
 * takes, so it cannot be another connection's by then. */
static void *watchdog(void *cls)
{
    struct srv *s = cls;
    while (!atomic_load(&s->stopping)) {
        struct timespec tick = {1, 0};
        nanosleep(&tick, NULL);
        int64_t now = mono_now();
        pthread_mutex_lock(&s->lock);
        bool busy = s->nlive > LIMIT_CONNECTIONS / 2;
        for (struct conn *c = s->live; c; c = c->next)
            if (c->fd >= 0 && server_overdue(atomic_load(&c->state), atomic_load(&c->since),
                                             atomic_load(&c->received), now, busy))
                shutdown(c->fd, SHUT_RDWR);
        pthread_mutex_unlock(&s->lock);
    }
    return NULL;
}

int server_parse_listen(const char *s, void *ss, unsigned *len)
{
    char host[128];
    const char *colon = strrchr(s, ':');
    int64_t port;
    if (!colon || (size_t)(colon - s) >= sizeof host || parse_i64(colon + 1, 1, 65535, &port))
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
    static struct srv s; /* the per-address table is large: not on the stack */
    sigset_t set;
    int sig;

    if (server_parse_listen(listen, &addr, &addrlen))
        return msg_set(m, PCN_EUSAGE, "--listen: '%s' is not HOST:PORT (like 127.0.0.1:8080)",
                       listen);
    memset(&s, 0, sizeof s);
    s.w = w;
    s.o = o;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads = o->threads ? o->threads : (unsigned)(cores > 2 ? 2 * cores : 4);
    pthread_mutex_init(&s.conns.lock, NULL);
    pthread_mutex_init(&s.lock, NULL);

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
        (unsigned)LIMIT_REQUEST_SECONDS, MHD_OPTION_CONNECTION_LIMIT, (unsigned)LIMIT_CONNECTIONS,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)LIMIT_CONN_MEMORY, MHD_OPTION_NOTIFY_COMPLETED,
        completed, &s, MHD_OPTION_NOTIFY_CONNECTION, notify_connection, &s,
        MHD_OPTION_UNESCAPE_CALLBACK, unescape_none, NULL, MHD_OPTION_END);
    if (!d) {
        pthread_sigmask(SIG_UNBLOCK, &set, NULL);
        pthread_mutex_destroy(&s.conns.lock);
        pthread_mutex_destroy(&s.lock);
        return msg_set(m, PCN_EIO, "cannot listen on %s: %s", listen, strerror(errno));
    }
    pthread_t dog;
    bool dog_ok = pthread_create(&dog, NULL, watchdog, &s) == 0;
    if (o->ready)
        o->ready(o->ready_ctx, listen);
    sigwait(&set, &sig);
    fprintf(stderr, "pcnops: %s received, stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    atomic_store(&s.stopping, true);
    if (dog_ok)
        pthread_join(dog, NULL);
    MHD_stop_daemon(d);
    for (size_t i = 0; i < s.conns.n; i++)
        db_close(s.conns.db[i]);
    pthread_mutex_destroy(&s.conns.lock);
    pthread_mutex_destroy(&s.lock);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    return 0;
}
