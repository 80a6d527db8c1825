/* buf.h: the bounded text buffer that all PCN Ops text goes through.
 *
 * Invariants (as git's strbuf):
 *   - b->buf is never NULL and always NUL-terminated, so it can be printed
 *     at any time, even after an init with no appends;
 *   - b->len bytes are in use, not counting the NUL;
 *   - b->max is a hard ceiling on len, set at init (curl's dynbuf "toobig").
 *     An append that would pass it appends nothing, sets b->overflow and
 *     returns PCN_ELIMIT; every later append also fails, so a caller may
 *     append many times and check once, with buf_ok() or the last return.
 *
 * Ownership: the buffer owns its memory until buf_take() hands it over.
 * Allocation failure aborts (common.h). */
#ifndef PCN_BUF_H
#define PCN_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdint.h>

struct buf {
    char *buf;
    size_t len;
    size_t alloc;  /* 0 while buf points at the shared empty string */
    size_t max;    /* ceiling on len                                 */
    bool overflow; /* an append passed max                           */
    bool discard;  /* set by the owner: every append is dropped (text
                       built for nobody, such as working not asked for) */
};

/* Sets up an empty buffer that may grow to max bytes (max > 0). */
void buf_init(struct buf *b, size_t max);
/* Frees the memory and leaves b as after buf_init with the same max. */
void buf_release(struct buf *b);
/* Empties the buffer, keeping its memory; clears overflow. */
void buf_reset(struct buf *b);
/* Hands the string to the caller, who frees it; b is left empty and usable.
 * If lenp is not NULL it receives the length. */
char *buf_take(struct buf *b, size_t *lenp);

/* Appenders: 0, or PCN_ELIMIT past max (nothing appended). */
int buf_add(struct buf *b, const void *data, size_t len);
int buf_adds(struct buf *b, const char *s);
int buf_addc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Appends a signed integer in decimal, with thousands commas when grouped. */
int buf_add_i64(struct buf *b, int64_t v, bool grouped);

/* Appends "1 practice" or "6,139 practices": the count grouped, then the
 * singular or plural word. */
int buf_add_count(struct buf *b, int64_t n, const char *one, const char *many);

/* Literal strings without strlen: BUF_LIT(b, "text"). */
#define BUF_LIT(b, s) buf_add((b), "" s "", sizeof(s) - 1)

/* Removes trailing bytes so that len is at most n. */
void buf_truncate(struct buf *b, size_t n);

static inline bool buf_ok(const struct buf *b)
{
    return !b->overflow;
}

#endif
