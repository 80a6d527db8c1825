/* common.h: included first by every .c file of PCN Ops.
 *
 * It brings in the system headers that the project uses everywhere, then the
 * project's error convention and limits, and last banned.h, so that banned
 * libc calls are compile errors in our code but not in system headers. */
#ifndef PCN_COMMON_H
#define PCN_COMMON_H

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "err.h"
#include "limits.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Programmer errors only: prints and aborts. */
#define BUG(...) bug_at(__FILE__, __LINE__, __VA_ARGS__)
_Noreturn void bug_at(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Allocation that aborts on out-of-memory, as Redis's zmalloc does: callers
 * never check.  xfree(NULL) is allowed. */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Parses all of s[0..len) as a decimal integer in [min, max].  No sign other
 * than a leading '-', no spaces, no empty string.  Returns 0 or PCN_EINVAL. */
int parse_i64n(const char *s, size_t len, int64_t min, int64_t max, int64_t *out);
int parse_i64(const char *s, int64_t min, int64_t max, int64_t *out);

/* True if s[0..len) is well-formed UTF-8 (no overlongs, no surrogates). */
bool utf8_valid(const char *s, size_t len);
/* Display width of UTF-8 text: code points, not bytes. */
size_t utf8_width(const char *s, size_t len);

#include "banned.h"

#endif
