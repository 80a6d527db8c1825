#include "common.h"
#include "deskpend.h"
#include "buf.h"
#include "deskinput.h"

static bool plain(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ' ||
           c == '-' || c == '_' || c == '.' || c == ',' || c == ':' || c == '@' || c == '/' ||
           c == '(' || c == ')';
}

static void pct(struct buf *b, const char *s)
{
    for (const char *p = s ? s : ""; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (plain(c))
            buf_addc(b, (char)c);
        else
            buf_printf(b, "%%%02X", c);
    }
}

int desk_pending_encode(struct buf *b, const struct desk_pending *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char iso[11];
        date_format_iso(p[i].date, iso);
        buf_printf(b, "%s%s;%" PRId64 ";", i ? "|" : "", iso, p[i].minutes);
        pct(b, p[i].uid);
        buf_addc(b, ';');
        pct(b, p[i].title);
    }
    return buf_ok(b) ? 0 : PCN_ELIMIT;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

static int unpct(struct arena *a, const char *s, size_t len, const char **out)
{
    char *o = arena_alloc(a, len + 1);
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '%') {
            int h, l;
            if (i + 2 >= len)
                return PCN_EINVAL;
            h = hexval(s[i + 1]);
            l = hexval(s[i + 2]);
            if (h < 0 || l < 0)
                return PCN_EINVAL;
            o[k++] = (char)(h * 16 + l);
            i += 2;
        } else if (plain((unsigned char)s[i])) {
            o[k++] = s[i];
        } else {
            return PCN_EINVAL;
        }
    }
    o[k] = '\0';
    if (!utf8_valid(o, k) || memchr(o, '\0', k))
        return PCN_EINVAL;
    *out = o;
    return 0;
}

int desk_pending_decode(const char *s, struct arena *a, size_t max, struct desk_pending **out,
                        size_t *n)
{
    size_t cap = 0, k = 0;
    struct desk_pending *v = NULL;
    *out = NULL;
    *n = 0;
    if (!s || !*s)
        return 0;
    const char *p = s;
    for (;;) {
        const char *end = strchr(p, '|');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *f[4];
        size_t fl[4];
        size_t nf = 0;
        const char *q = p;
        while (nf < 4) {
            const char *semi = nf < 3 ? memchr(q, ';', len - (size_t)(q - p)) : NULL;
            size_t l = semi ? (size_t)(semi - q) : len - (size_t)(q - p);
            f[nf] = q;
            fl[nf++] = l;
            if (!semi)
                break;
            q = semi + 1;
        }
        if (nf != 4 || k >= max)
            return PCN_EINVAL;
        if (k == cap)
            v = arena_grow(a, v, k, &cap, sizeof *v);
        struct desk_pending *e = &v[k];
        if (date_parse_iso(f[0], fl[0], &e->date) ||
            parse_i64n(f[1], fl[1], 1, DESK_DAY_MINUTES, &e->minutes) ||
            unpct(a, f[2], fl[2], &e->uid) || unpct(a, f[3], fl[3], &e->title))
            return PCN_EINVAL;
        k++;
        if (!end)
            break;
        p = end + 1;
    }
    *out = v;
    *n = k;
    return 0;
}
