/* arena.h: a region allocator for request-scoped and import-scoped memory.
 *
 * Everything allocated from an arena is freed at once by arena_release (or
 * kept for reuse by arena_reset).  Allocations are 16-byte aligned and abort
 * on out-of-memory, like xmalloc.  An arena is not thread-safe: one owner. */
#ifndef PCN_ARENA_H
#define PCN_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
    struct arena_block *head; /* current block, newest first */
    size_t block_size;        /* default size of a new block */
    size_t used_total;        /* bytes handed out since the last reset */
};

void arena_init(struct arena *a, size_t block_size);
/* Frees every block. */
void arena_release(struct arena *a);
/* Forgets every allocation but keeps the first block for reuse. */
void arena_reset(struct arena *a);

void *arena_alloc(struct arena *a, size_t n);  /* uninitialised */
void *arena_zalloc(struct arena *a, size_t n); /* zeroed        */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Growable arrays in an arena: when *n == *cap, returns a copy of the array
 * with twice the room (the old one stays in the arena until release) and
 * updates *cap; otherwise returns p.  Use as
 *     if (n == cap) rows = arena_grow(a, rows, n, &cap, sizeof *rows);
 * An empty array (p NULL, cap 0) starts with room for 16. */
void *arena_grow(struct arena *a, void *p, size_t n, size_t *cap, size_t elem);

#define ARENA_NEW(a, type) ((type *)arena_zalloc((a), sizeof(type)))
#define ARENA_ARRAY(a, type, n) ((type *)arena_zalloc((a), sizeof(type) * (n)))

#endif
