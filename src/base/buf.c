#include "common.h"
#include "buf.h"

static char buf_empty[1];

void buf_init(struct buf *b, size_t max)
{
    b->buf = buf_empty;
    b->len = 0;
    b->alloc = 0;
    b->max = max ? max : LIMIT_BUF_DEFAULT;
    b->overflow = false;
    b->discard = false;
}

void buf_release(struct buf *b)
{
    if (b->alloc)
        free(b->buf);
    buf_init(b, b->max);
}

void buf_reset(struct buf *b)
{
    b->len = 0;
    if (b->alloc)
        b->buf[0] = '\0';
    b->overflow = false;
}

char *buf_take(struct buf *b, size_t *lenp)
{
    char *s;

    if (lenp)
        *lenp = b->len;
    if (b->alloc) {
        s = b->buf;
    } else {
        s = xmalloc(1);
        s[0] = '\0';
    }
    buf_init(b, b->max);
    return s;
}

/* Makes room for extra more bytes plus the NUL, or fails past max. */
static int buf_grow(struct buf *b, size_t extra)
{
    if (b->overflow)
        return PCN_ELIMIT;
    if (extra > b->max - b->len) {
        b->overflow = true;
        return PCN_ELIMIT;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->alloc)
        return 0;
    size_t n = b->alloc ? b->alloc : 64;
    while (n < need)
        n = n < SIZE_MAX / 2 ? n * 2 : need;
    if (b->alloc) {
        b->buf = xrealloc(b->buf, n);
    } else {
        b->buf = xmalloc(n);
        b->buf[0] = '\0';
    }
    b->alloc = n;
    return 0;
}

int buf_add(struct buf *b, const void *data, size_t len)
{
    if (b->discard)
        return 0;
    if (buf_grow(b, len))
        return PCN_ELIMIT;
    if (len) {
        memcpy(b->buf + b->len, data, len);
        b->len += len;
    }
    if (b->alloc)
        b->buf[b->len] = '\0';
    return 0;
}

int buf_adds(struct buf *b, const char *s)
{
    return buf_add(b, s, strlen(s));
}

int buf_addc(struct buf *b, char c)
{
    return buf_add(b, &c, 1);
}

int buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
    char small[256];
    va_list cp;

    if (b->discard)
        return 0;
    if (b->overflow)
        return PCN_ELIMIT;
    va_copy(cp, ap);
    int n = vsnprintf(small, sizeof small, fmt, cp);
    va_end(cp);
    if (n < 0)
        BUG("bad format '%s'", fmt);
    if ((size_t)n < sizeof small)
        return buf_add(b, small, (size_t)n);
    if (buf_grow(b, (size_t)n))
        return PCN_ELIMIT;
    vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

int buf_add_i64(struct buf *b, int64_t v, bool grouped)
{
    if (b->discard)
        return 0;
    char tmp[32];
    size_t n = 0;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    int digits = 0;

    do {
        if (grouped && digits && digits % 3 == 0)
            tmp[n++] = ',';
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
        digits++;
    } while (u);
    if (v < 0)
        tmp[n++] = '-';
    char out[32];
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    return buf_add(b, out, n);
}

void buf_truncate(struct buf *b, size_t n)
{
    if (n < b->len) {
        b->len = n;
        b->buf[n] = '\0';
    }
}

int buf_add_count(struct buf *b, int64_t n, const char *one, const char *many)
{
    buf_add_i64(b, n, true);
    buf_addc(b, ' ');
    return buf_adds(b, n == 1 ? one : many);
}
