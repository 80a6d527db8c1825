#include "common.h"
#include "strmap.h"

/* FNV-1a, 64-bit. */
static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

void strmap_init(struct strmap *m)
{
    m->slots = NULL;
    m->cap = m->n = 0;
}

void strmap_release(struct strmap *m)
{
    free(m->slots);
    strmap_init(m);
}

static struct strmap_slot *find(struct strmap_slot *slots, size_t cap, const char *key)
{
    size_t i = (size_t)hash(key) & (cap - 1);
    while (slots[i].key && strcmp(slots[i].key, key) != 0)
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

void *strmap_get(const struct strmap *m, const char *key)
{
    if (!m->cap)
        return NULL;
    struct strmap_slot *s = find(m->slots, m->cap, key);
    return s->key ? s->val : NULL;
}

static void rehash(struct strmap *m, size_t cap)
{
    struct strmap_slot *slots = xcalloc(cap, sizeof *slots);
    for (size_t i = 0; i < m->cap; i++) {
        if (m->slots[i].key)
            *find(slots, cap, m->slots[i].key) = m->slots[i];
    }
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
}

void *strmap_put(struct strmap *m, const char *key, void *val)
{
    if ((m->n + 1) * 10 > m->cap * 7)
        rehash(m, m->cap ? m->cap * 2 : 64);
    struct strmap_slot *s = find(m->slots, m->cap, key);
    if (s->key) {
        void *old = s->val;
        s->val = val;
        return old;
    }
    s->key = key;
    s->val = val;
    m->n++;
    return NULL;
}

bool strmap_next(const struct strmap *m, size_t *iter, const char **key, void **val)
{
    for (size_t i = *iter; i < m->cap; i++) {
        if (m->slots[i].key) {
            *key = m->slots[i].key;
            *val = m->slots[i].val;
            *iter = i + 1;
            return true;
        }
    }
    return false;
}
