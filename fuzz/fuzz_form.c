/* fuzz_form: request bodies, urlencoded and multipart (http.h).  The
 * input's first line is the Content-Type; the rest is the body, parsed as
 * the router does (http_form, by the type) and as both kinds directly.
 * Checks that a parse never gives more fields than asked for and that
 * every value ends with a NUL at its length.  A crash, sanitizer report or leak is a finding. */
#include "common.h"

#include "http.h"

static void check(const struct http_kv *kv, size_t n, size_t max)
{
    if (n > max)
        abort();
    for (size_t i = 0; i < n; i++)
        if (!kv[i].name || !kv[i].value || kv[i].value[kv[i].len] != '\0')
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    const char *nl = memchr(s, '\n', size);
    if (!nl)
        return 0;
    struct arena a;
    arena_init(&a, 0);
    const char *type = arena_strndup(&a, s, (size_t)(nl - s));
    /* the body in its own allocation, so that ASan sees a read past it */
    size_t len = size - (size_t)(nl + 1 - s);
    char *body = xmalloc(len + 1);
    memcpy(body, nl + 1, len);
    body[len] = '\0';

    struct http_kv kv[8];
    size_t n = 0;
    if (http_parse_urlencoded(&a, body, len, kv, ARRAY_SIZE(kv), &n) == 0)
        check(kv, n, ARRAY_SIZE(kv));
    n = 0;
    if (http_parse_multipart(&a, type, body, len, kv, ARRAY_SIZE(kv), &n) == 0)
        check(kv, n, ARRAY_SIZE(kv));

    struct http_req *q = arena_zalloc(&a, sizeof *q);
    q->a = &a;
    q->method = "POST";
    q->path = "/";
    q->body = body;
    q->body_len = len;
    q->headers[0] = (struct http_kv){.name = "Content-Type", .value = type, .len = strlen(type)};
    q->nheaders = 1;
    (void)http_form_str(q, "csrf");
    (void)http_form(q, "file");
    check(q->form, q->nform, HTTP_MAX_FIELDS);
    free(body);
    arena_release(&a);
    return 0;
}
