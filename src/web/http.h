/* http.h: requests and responses, independent of the HTTP library.
 *
 * server.c fills a struct http_req from libmicrohttpd and sends the struct
 * http_resp back; the handler tests fill the request themselves and read the
 * response, so every route runs in-process without a socket.
 *
 * All request memory (strings, parsed fields) lives in the request's arena,
 * which is freed when the request completes.  Limits: LIMIT_BODY_BYTES for a
 * body (413 past it), LIMIT_FIELDS for form fields and headers. */
#ifndef PCN_HTTP_H
#define PCN_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "arena.h"
#include "buf.h"

#define HTTP_MAX_HEADERS 64
#define HTTP_MAX_FIELDS 64

struct http_kv {
    const char *name;
    const char *value;
    size_t len;           /* of value (uploads may hold any bytes) */
    const char *filename; /* multipart file fields only */
};

struct http_req {
    struct arena *a;
    const char *method; /* "GET", "POST", ... */
    const char *path;   /* decoded path, without the query */
    const char *remote; /* client address, text */
    bool tls;           /* served over TLS (or a trusted proxy said so) */
    time_t now;         /* the clock, once per request */
    struct http_kv headers[HTTP_MAX_HEADERS];
    size_t nheaders;
    struct http_kv query[HTTP_MAX_FIELDS];
    size_t nquery;
    struct http_kv form[HTTP_MAX_FIELDS]; /* urlencoded or multipart body */
    size_t nform;
    const char *body;
    size_t body_len;
    bool form_parsed;
};

#define HTTP_MAX_RESP_HEADERS 16

struct http_resp {
    int status;
    const char *content_type;
    struct http_kv headers[HTTP_MAX_RESP_HEADERS];
    size_t nheaders;
    struct buf body;         /* owned; server.c hands it to the library */
    const void *static_body; /* or a body that outlives the response */
    size_t static_len;
};

void http_resp_init(struct http_resp *r);
void http_resp_release(struct http_resp *r);
/* Adds a header; name and value must outlive the response (arena or
 * literal).  A 17th header is a BUG. */
void http_resp_header(struct http_resp *r, const char *name, const char *value);
/* Resets the body and sets status and content type. */
void http_resp_start(struct http_resp *r, int status, const char *content_type);
void http_resp_text(struct http_resp *r, int status, const char *text);
void http_resp_redirect(struct http_resp *r, const char *location); /* 303 */

/* Case-insensitive header lookup; NULL when absent. */
const char *http_header(const struct http_req *q, const char *name);
/* A cookie's value from the Cookie header; NULL when absent. */
const char *http_cookie(const struct http_req *q, const char *name);
/* A query parameter; NULL when absent. */
const char *http_query(const struct http_req *q, const char *name);
/* A form field (parses the body on first use); NULL when absent. */
const struct http_kv *http_form(struct http_req *q, const char *name);
const char *http_form_str(struct http_req *q, const char *name);

/* Parses "a=1&b=%20x" into kv (decoding + and %XX); at most max fields.
 * 0, or PCN_EINVAL (bad escape, too many fields). */
int http_parse_urlencoded(struct arena *a, const char *s, size_t len, struct http_kv *kv,
                          size_t max, size_t *n);
/* Parses a multipart/form-data body with the boundary from content_type.
 * File fields keep their bytes (value, len) and filename. */
int http_parse_multipart(struct arena *a, const char *content_type, const char *body, size_t len,
                         struct http_kv *kv, size_t max, size_t *n);
/* Percent-decodes a query name or value once ('+' is already a space);
 * PCN_EINVAL for a bad escape or a NUL. */
int http_unescape(struct arena *a, const char *raw, const char **out);
/* Percent-decodes a path once; refuses NUL, "..", and bad escapes. */
int http_decode_path(struct arena *a, const char *raw, const char **out);

/* The reason phrase: 404 -> "Not Found". */
const char *http_status_text(int status);

#endif
