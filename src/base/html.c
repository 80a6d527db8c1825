#include "common.h"
#include "html.h"

void html_raw_(struct html *h, const char *s, size_t len)
{
    buf_add(h->b, s, len);
}

void html_escape(struct buf *b, const char *s, size_t len)
{
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        const char *rep;
        switch (s[i]) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            continue;
        }
        buf_add(b, s + start, i - start);
        buf_adds(b, rep);
        start = i + 1;
    }
    buf_add(b, s + start, len - start);
}

void html_textn(struct html *h, const char *s, size_t len)
{
    html_escape(h->b, s, len);
}

void html_text(struct html *h, const char *s)
{
    if (s)
        html_escape(h->b, s, strlen(s));
}

void html_textf(struct html *h, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        BUG("bad format");
    html_escape(h->b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

void html_attr(struct html *h, const char *s)
{
    html_text(h, s);
}

/* Browsers drop tabs and newlines from a URL before reading it, so "/\t/x"
 * is "//x", another site: a URL with any control character is refused. */
static bool url_has_control(const char *url)
{
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return true;
    return false;
}

void html_url(struct html *h, const char *url)
{
    bool ok = url &&
              ((url[0] == '/' && url[1] != '/' && url[1] != '\\') ||
               strncmp(url, "https:", 6) == 0 || url[0] == '#') &&
              !url_has_control(url);
    html_text(h, ok ? url : "#");
}

void html_url2(struct html *h, const char *prefix, const char *part)
{
    struct buf *b = h->b;
    html_url(h, prefix);
    for (const char *p = part ? part : ""; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~')
            buf_addc(b, (char)c);
        else
            buf_printf(b, "%%%02X", c);
    }
}

void html_int(struct html *h, int64_t v)
{
    buf_add_i64(h->b, v, false);
}

void html_count(struct html *h, int64_t v)
{
    buf_add_i64(h->b, v, true);
}

void html_money(struct html *h, pence_t v)
{
    money_add_display(h->b, v);
}

void html_date(struct html *h, date_t t)
{
    date_add_uk(h->b, t);
}
