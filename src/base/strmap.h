/* strmap.h: a hash map from NUL-terminated strings to pointers.
 *
 * Open addressing with linear probing; grows at 70% load.  Keys are not
 * copied: each key must stay valid (and unchanged) while it is in the map,
 * which suits keys that live in an arena beside the map.  Not thread-safe. */
#ifndef PCN_STRMAP_H
#define PCN_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

struct strmap_slot {
    const char *key; /* NULL: empty */
    void *val;
};

struct strmap {
    struct strmap_slot *slots;
    size_t cap; /* a power of two, or 0 */
    size_t n;
};

void strmap_init(struct strmap *m);
void strmap_release(struct strmap *m);
/* The value stored under key, or NULL. */
void *strmap_get(const struct strmap *m, const char *key);
/* Stores val under key, replacing any value; returns the old one or NULL. */
void *strmap_put(struct strmap *m, const char *key, void *val);
/* Iterates: for (size_t i = 0; strmap_next(m, &i, &k, &v);) ... */
bool strmap_next(const struct strmap *m, size_t *iter, const char **key, void **val);

#endif
