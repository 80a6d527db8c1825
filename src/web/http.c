#include "common.h"
#include "http.h"

void http_resp_init(struct http_resp *r)
{
    memset(r, 0, sizeof *r);
    r->status = 200;
    r->content_type = "text/html; charset=utf-8";
    buf_init(&r->body, LIMIT_RESPONSE_BYTES);
}

void http_resp_release(struct http_resp *r)
{
    buf_release(&r->body);
}

void http_resp_header(struct http_resp *r, const char *name, const char *value)
{
    if (r->nheaders == HTTP_MAX_RESP_HEADERS)
        BUG("more than %d response headers", HTTP_MAX_RESP_HEADERS);
    r->headers[r->nheaders].name = name;
    r->headers[r->nheaders].value = value;
    r->nheaders++;
}

void http_resp_start(struct http_resp *r, int status, const char *content_type)
{
    r->status = status;
    r->content_type = content_type;
    r->static_body = NULL;
    buf_reset(&r->body);
}

void http_resp_text(struct http_resp *r, int status, const char *text)
{
    http_resp_start(r, status, "text/plain; charset=utf-8");
    buf_adds(&r->body, text);
    buf_addc(&r->body, '\n');
}

void http_resp_redirect(struct http_resp *r, const char *location)
{
    http_resp_start(r, 303, "text/plain; charset=utf-8");
    http_resp_header(r, "Location", location);
}

static bool eq_nocase(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
        if (x != y)
            return false;
    }
    return *a == *b;
}

const char *http_header(const struct http_req *q, const char *name)
{
    for (size_t i = 0; i < q->nheaders; i++)
        if (eq_nocase(q->headers[i].name, name))
            return q->headers[i].value;
    return NULL;
}

const char *http_cookie(const struct http_req *q, const char *name)
{
    const char *c = http_header(q, "Cookie");
    size_t nlen = strlen(name);
    while (c && *c) {
        while (*c == ' ' || *c == ';')
            c++;
        const char *end = strchr(c, ';');
        size_t len = end ? (size_t)(end - c) : strlen(c);
        if (len > nlen && c[nlen] == '=' && memcmp(c, name, nlen) == 0)
            return arena_strndup(q->a, c + nlen + 1, len - nlen - 1);
        c = end;
    }
    return NULL;
}

const char *http_query(const struct http_req *q, const char *name)
{
    for (size_t i = 0; i < q->nquery; i++)
        if (strcmp(q->query[i].name, name) == 0)
            return q->query[i].value;
    return NULL;
}

static void parse_form(struct http_req *q)
{
    q->form_parsed = true;
    q->nform = 0;
    if (!q->body_len)
        return;
    const char *ct = http_header(q, "Content-Type");
    if (!ct)
        return;
    if (strncmp(ct, "application/x-www-form-urlencoded", 33) == 0) {
        if (http_parse_urlencoded(q->a, q->body, q->body_len, q->form, HTTP_MAX_FIELDS, &q->nform))
            q->nform = 0;
    } else if (strncmp(ct, "multipart/form-data", 19) == 0) {
        if (http_parse_multipart(q->a, ct, q->body, q->body_len, q->form, HTTP_MAX_FIELDS,
                                 &q->nform))
            q->nform = 0;
    }
}

const struct http_kv *http_form(struct http_req *q, const char *name)
{
    if (!q->form_parsed)
        parse_form(q);
    for (size_t i = 0; i < q->nform; i++)
        if (strcmp(q->form[i].name, name) == 0)
            return &q->form[i];
    return NULL;
}

const char *http_form_str(struct http_req *q, const char *name)
{
    const struct http_kv *kv = http_form(q, name);
    return kv ? kv->value : NULL;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes s[0..len) into a new arena string; plus_space turns '+' into ' '. */
static int decode(struct arena *a, const char *s, size_t len, bool plus_space, char **out,
                  size_t *outlen)
{
    char *d = arena_alloc(a, len + 1);
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '%') {
            int h, l;
            if (i + 2 >= len || (h = hexval(s[i + 1])) < 0 || (l = hexval(s[i + 2])) < 0)
                return PCN_EINVAL;
            c = (char)(h * 16 + l);
            i += 2;
        } else if (c == '+' && plus_space) {
            c = ' ';
        }
        d[k++] = c;
    }
    d[k] = '\0';
    *out = d;
    *outlen = k;
    return 0;
}

int http_parse_urlencoded(struct arena *a, const char *s, size_t len, struct http_kv *kv,
                          size_t max, size_t *n)
{
    size_t i = 0;
    *n = 0;
    while (i < len) {
        size_t end = i;
        while (end < len && s[end] != '&')
            end++;
        if (end > i) {
            const char *eq = memchr(s + i, '=', end - i);
            size_t klen = eq ? (size_t)(eq - (s + i)) : end - i;
            char *k, *v;
            size_t kl, vl;
            if (*n == max)
                return PCN_ELIMIT;
            if (decode(a, s + i, klen, true, &k, &kl) ||
                decode(a, eq ? eq + 1 : s + end, eq ? (size_t)(s + end - eq - 1) : 0, true, &v,
                       &vl))
                return PCN_EINVAL;
            if (strlen(k) != kl || strlen(v) != vl) /* NUL inside */
                return PCN_EINVAL;
            kv[*n] = (struct http_kv){k, v, vl, NULL};
            (*n)++;
        }
        i = end + 1;
    }
    return 0;
}

int http_unescape(struct arena *a, const char *raw, const char **out)
{
    char *d;
    size_t len;
    if (decode(a, raw, strlen(raw), false, &d, &len) || strlen(d) != len)
        return PCN_EINVAL;
    *out = d;
    return 0;
}

int http_decode_path(struct arena *a, const char *raw, const char **out)
{
    char *d;
    size_t len;
    if (decode(a, raw, strlen(raw), false, &d, &len) || strlen(d) != len || strstr(d, ".."))
        return PCN_EINVAL;
    *out = d;
    return 0;
}

/* Finds needle in hay[0..hlen). */
static const char *memmem_s(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
    if (nlen == 0 || hlen < nlen)
        return NULL;
    for (size_t i = 0; i + nlen <= hlen; i++)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, nlen) == 0)
            return hay + i;
    return NULL;
}

/* The value of a parameter such as name="x" in a header line. */
static const char *header_param(struct arena *a, const char *line, size_t len, const char *param)
{
    size_t plen = strlen(param);
    for (size_t i = 0; i + plen + 1 < len; i++) {
        if ((i == 0 || line[i - 1] == ' ' || line[i - 1] == ';') &&
            memcmp(line + i, param, plen) == 0 && line[i + plen] == '=') {
            size_t s = i + plen + 1, e;
            if (s < len && line[s] == '"') {
                s++;
                for (e = s; e < len && line[e] != '"'; e++)
                    ;
            } else {
                for (e = s; e < len && line[e] != ';' && line[e] != ' '; e++)
                    ;
            }
            return arena_strndup(a, line + s, e - s);
        }
    }
    return NULL;
}

int http_parse_multipart(struct arena *a, const char *content_type, const char *body, size_t len,
                         struct http_kv *kv, size_t max, size_t *n)
{
    const char *bnd = header_param(a, content_type, strlen(content_type), "boundary");
    *n = 0;
    if (!bnd || !*bnd || strlen(bnd) > 200)
        return PCN_EINVAL;
    char *delim = arena_printf(a, "--%s", bnd);
    size_t dlen = strlen(delim);
    const char *p = memmem_s(body, len, delim, dlen);
    if (!p)
        return PCN_EINVAL;
    const char *end = body + len;
    for (;;) {
        p += dlen;
        if (end - p >= 2 && p[0] == '-' && p[1] == '-')
            return 0; /* closing delimiter */
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
            return PCN_EINVAL;
        p += 2;
        /* part headers, up to a blank line */
        const char *hend = memmem_s(p, (size_t)(end - p), "\r\n\r\n", 4);
        if (!hend)
            return PCN_EINVAL;
        const char *name = NULL, *filename = NULL;
        for (const char *line = p; line < hend;) {
            const char *le = memmem_s(line, (size_t)(hend + 2 - line), "\r\n", 2);
            if (!le)
                le = hend;
            size_t ll = (size_t)(le - line);
            if (ll > 20 && strncasecmp(line, "Content-Disposition:", 20) == 0) {
                name = header_param(a, line, ll, "name");
                filename = header_param(a, line, ll, "filename");
            }
            line = le + 2;
        }
        const char *data = hend + 4;
        char *next_delim = arena_printf(a, "\r\n%s", delim);
        const char *next = memmem_s(data, (size_t)(end - data), next_delim, dlen + 2);
        if (!next)
            return PCN_EINVAL;
        if (name) {
            if (*n == max)
                return PCN_ELIMIT;
            char *v = arena_strndup(a, data, (size_t)(next - data));
            kv[*n] = (struct http_kv){name, v, (size_t)(next - data), filename};
            (*n)++;
        }
        p = next + 2;
    }
}

const char *http_status_text(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 303:
        return "See Other";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 413:
        return "Content Too Large";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    }
    return "Unknown";
}
