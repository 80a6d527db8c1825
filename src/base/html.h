/* html.h: the escaping HTML writer.  No template engine: pages are written
 * with context-specific appenders over the bounded buffer, so that every
 * piece of data is escaped for where it goes.
 *
 *   html_text   text content: escapes & < > " '
 *   html_attr   a double-quoted attribute value (same escaping)
 *   html_url    an href or src: only a relative path ("/...", not "//"
 *               or "/\\"), https: or a fragment ("#...") is written, and
 *               none with a control character (browsers drop tabs and
 *               newlines, so "/\t/x" would be "//x"); anything else
 *               becomes "#"
 *   html_int, html_count, html_money, html_date: typed values, formatted
 *               in the NHS content style ("1 April 2025", "£4,250.50")
 *   HTML_LIT    raw markup, from a string literal only: passing a variable
 *               is a compile error, so data can never reach the page unescaped.
 *
 * Appenders never fail individually: a buffer that passes its maximum stays
 * failed (buf.h), and the server answers 500 for it. */
#ifndef PCN_HTML_H
#define PCN_HTML_H

#include <stdint.h>

#include "buf.h"
#include "date.h"
#include "money.h"

struct html {
    struct buf *b;
};

void html_raw_(struct html *h, const char *s, size_t len);
#define HTML_LIT(h, s) html_raw_((h), "" s "", sizeof(s) - 1)

void html_text(struct html *h, const char *s); /* NULL writes nothing */
void html_textn(struct html *h, const char *s, size_t len);
void html_textf(struct html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void html_attr(struct html *h, const char *s);
void html_url(struct html *h, const char *url);
/* html_url of a path built from parts: "/pcn/" + code (code is
 * percent-encoded). */
void html_url2(struct html *h, const char *prefix, const char *part);
void html_int(struct html *h, int64_t v);   /* 12345 */
void html_count(struct html *h, int64_t v); /* 12,345 */
void html_money(struct html *h, pence_t v); /* £75, £4,250.50 */
void html_date(struct html *h, date_t t);   /* 1 April 2025 */

/* Escapes s for HTML into the buffer (the function behind html_text). */
void html_escape(struct buf *b, const char *s, size_t len);

#endif
