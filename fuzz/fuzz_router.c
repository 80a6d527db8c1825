/* fuzz_router: any request to any route (router_handle) with a signed-in
 * session, on the fixture store and web application of fuzzlib.h, which
 * is made once per process and keeps whatever the requests change.
 *
 * Input, as text (the seeds in fuzz/corpus/router/ come from the handler
 * tests' case files, tests/data/http):
 *     WHO METHOD TARGET          who: admin icb manager cd practice nobody,
 *                                 or one of them with "+token" for its API
 *                                 token instead of the session cookie
 *     Name: value                 headers, up to an empty line
 *
 *     body                        every "@CSRF@" becomes the session's
 *                                 CSRF token; a urlencoded POST without a
 *                                 csrf field gets "&csrf=TOKEN" added
 * A 5xx, an answer without the security headers, a transaction left open,
 * a crash, sanitizer report or leak is a finding. */
#include "common.h"

#include "fuzzlib.h"

static const char *next_line(const char **p, const char *end, size_t *len)
{
    const char *s = *p, *nl = memchr(s, '\n', (size_t)(end - s));
    const char *e = nl ? nl : end;
    *p = nl ? nl + 1 : end;
    *len = (size_t)(e > s && e[-1] == '\r' ? e - 1 - s : e - s);
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz_web *f = fz_web();
    const char *p = (const char *)data, *end = p + size;
    size_t ll;
    const char *line = next_line(&p, end, &ll);
    const char *sp1 = memchr(line, ' ', ll);
    if (!sp1)
        return 0;
    const char *sp2 = memchr(sp1 + 1, ' ', ll - (size_t)(sp1 + 1 - line));
    if (!sp2)
        return 0;
    size_t wlen = (size_t)(sp1 - line);
    bool token = wlen > 6 && memcmp(sp1 - 6, "+token", 6) == 0;
    int who = fz_who_parse(line, token ? wlen - 6 : wlen);
    char method[16];
    size_t mlen = (size_t)(sp2 - sp1 - 1);
    if (who < 0 || mlen == 0 || mlen >= sizeof method || memchr(sp1 + 1, '\0', mlen))
        return 0;
    memcpy(method, sp1 + 1, mlen);
    method[mlen] = '\0';
    struct http_req *q = fz_req(f, token ? FZ_NOBODY : who, method, sp2 + 1,
                                ll - (size_t)(sp2 + 1 - line));
    if (!q)
        return 0;
    if (token && who != FZ_NOBODY)
        fz_header(q, "Authorization", f->bearer[who]);
    while (p < end) {
        line = next_line(&p, end, &ll);
        if (ll == 0)
            break;
        const char *colon = memchr(line, ':', ll);
        if (!colon || colon == line || memchr(line, '\0', ll))
            continue;
        const char *v = colon + 1;
        while (v < line + ll && *v == ' ')
            v++;
        fz_header(q, arena_strndup(q->a, line, (size_t)(colon - line)),
                  arena_strndup(q->a, v, (size_t)(line + ll - v)));
    }
    const char *csrf = who < FZ_NOBODY && !token ? f->csrf[who] : "none";
    struct buf b;
    buf_init(&b, LIMIT_BODY_BYTES);
    fz_add_csrf(&b, p, (size_t)(end - p), csrf);
    const char *ct = http_header(q, "Content-Type");
    if (strcmp(method, "POST") == 0 && ct &&
        strncmp(ct, "application/x-www-form-urlencoded", 33) == 0 &&
        !memmem(b.buf, b.len, "csrf=", 5))
        buf_printf(&b, "%scsrf=%s", b.len ? "&" : "", csrf);
    fz_route_body(f, q, b.buf, b.len);
    buf_release(&b);
    return 0;
}
