/* fuzz_http: a raw HTTP/1.1 request through what server.c does with it,
 * short of the socket and libmicrohttpd's own parsing: the request line
 * and headers as libmicrohttpd hands them over (split here at the first
 * spaces and colons), the header and field limits, the query decoded once
 * (http_unescape) and the path (http_decode_path), the client address from
 * X-Forwarded-For behind a trusted proxy (server_client_address), the
 * Content-Length, cookies, router_admit's decision before the body with
 * its limit (router_body_limit), then the body and router_handle.
 *
 * The first byte chooses who is signed in (fuzzlib.h: admin, icb, manager,
 * cd, practice or nobody; their session cookie is added, with the CSRF
 * token in place of each "@CSRF@" of the body).  A 5xx, an answer without
 * the security headers, a crash, sanitizer report or leak is a finding. */
#include "common.h"

#include "fuzzlib.h"
#include "router.h"
#include "server.h"

static const char *line_end(const char *p, const char *end)
{
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    return nl ? nl : end;
}

static size_t trim_cr(const char *p, const char *e)
{
    return (size_t)(e > p && e[-1] == '\r' ? e - 1 - p : e - p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    struct fz_web *f = fz_web();
    int who = data[0] % FZ_WHO_N;
    const char *p = (const char *)data + 1, *end = (const char *)data + size;

    /* the request line: METHOD SP TARGET SP VERSION */
    const char *le = line_end(p, end);
    size_t ll = trim_cr(p, le);
    const char *sp1 = memchr(p, ' ', ll);
    if (!sp1)
        return 0;
    const char *sp2 = memchr(sp1 + 1, ' ', ll - (size_t)(sp1 + 1 - p));
    size_t tlen = sp2 ? (size_t)(sp2 - sp1 - 1) : ll - (size_t)(sp1 + 1 - p);
    char method[16];
    size_t mlen = (size_t)(sp1 - p);
    if (mlen == 0 || mlen >= sizeof method || memchr(p, '\0', mlen))
        return 0;
    memcpy(method, p, mlen);
    method[mlen] = '\0';
    struct http_req *q = fz_req(f, who, method, sp1 + 1, tlen);
    if (!q)
        return 0; /* the server's 400 */
    size_t head = ll + 2;

    /* header lines up to an empty one; a line without a colon: 400 */
    p = le < end ? le + 1 : end;
    while (p < end) {
        const char *start = p;
        le = line_end(p, end);
        ll = trim_cr(p, le);
        p = le < end ? le + 1 : end;
        if (ll == 0)
            break;
        const char *colon = memchr(start, ':', ll);
        if (!colon || colon == start || memchr(start, '\0', ll)) {
            fz_req_free(q);
            return 0;
        }
        const char *v = colon + 1;
        while (v < start + ll && (*v == ' ' || *v == '\t'))
            v++;
        char *name = arena_strndup(q->a, start, (size_t)(colon - start));
        char *value = arena_strndup(q->a, v, (size_t)(start + ll - v));
        head += ll + 2;
        if (q->nheaders == HTTP_MAX_HEADERS || head > LIMIT_HEADER_BYTES) {
            fz_req_free(q); /* 431 */
            return 0;
        }
        fz_header(q, name, value);
    }

    char addr[64];
    if (server_client_address("127.0.0.1", "127.0.0.1", http_header(q, "X-Forwarded-For"), addr,
                              sizeof addr) == 0)
        q->remote = arena_strdup(q->a, addr);
    (void)http_cookie(q, "pcnops");

    const char *cl = http_header(q, "Content-Length");
    const char *te = http_header(q, "Transfer-Encoding");
    int64_t declared = 0;
    if (cl && parse_i64(cl, 0, INT64_MAX, &declared)) {
        fz_req_free(q); /* 400 */
        return 0;
    }
    size_t rest = (size_t)(end - p);
    if (declared || te) {
        struct http_resp r;
        http_resp_init(&r);
        size_t limit = router_admit(&f->w, f->db, q, &r);
        if (!limit && (r.status < 300 || r.status >= 500 || r.nheaders < 4)) {
            fprintf(stderr, "FINDING: router_admit refused with %d and %zu headers\n", r.status,
                    r.nheaders);
            abort();
        }
        http_resp_release(&r);
        if (limit != router_body_limit(q->method, q->path) && limit) {
            fprintf(stderr, "FINDING: router_admit's limit is not the route's\n");
            abort();
        }
        if (!limit || (uint64_t)declared > limit) {
            fz_req_free(q); /* refused, or 413 */
            return 0;
        }
        size_t n = te ? rest : (size_t)declared < rest ? (size_t)declared : rest;
        /* the body as the server's buffer holds it (fz_route_body), with
         * "@CSRF@" made the session's token */
        const char *csrf = who < FZ_NOBODY ? f->csrf[who] : "none";
        struct buf b;
        buf_init(&b, LIMIT_BODY_BYTES);
        fz_add_csrf(&b, p, n, csrf);
        fz_route_body(f, q, b.buf, b.len);
        buf_release(&b);
        return 0;
    }
    fz_route(f, q);
    fz_req_free(q);
    return 0;
}
