#include "common.h"
#include "hist.h"

/* Open ends compare as the far future. */
static date_t end_of(date_t to)
{
    return to == DATE_NONE ? INT32_MAX : to;
}

void hist_init(struct hist *h)
{
    h->iv = NULL;
    h->n = h->cap = 0;
}

void hist_release(struct hist *h)
{
    free(h->iv);
    hist_init(h);
}

void hist_clear(struct hist *h)
{
    h->n = 0;
}

static void grow(struct hist *h, size_t extra)
{
    if (h->n + extra <= h->cap)
        return;
    size_t cap = h->cap ? h->cap * 2 : 4;
    while (cap < h->n + extra)
        cap *= 2;
    h->iv = xrealloc(h->iv, cap * sizeof *h->iv);
    h->cap = cap;
}

void hist_push(struct hist *h, date_t from, date_t to, const void *val)
{
    grow(h, 1);
    h->iv[h->n++] = (struct hist_iv){from, to, val};
}

void hist_set(struct hist *h, date_t from, date_t to, const void *val, hist_eq_fn eq)
{
    date_t lo = from, hi = end_of(to);
    size_t n = h->n;

    if (hi <= lo)
        BUG("hist_set: empty period");
    /* Room for every old period split in two, plus the new one. */
    struct hist_iv *out = xmalloc((2 * n + 1) * sizeof *out);
    size_t k = 0;
    bool placed = false;

    for (size_t i = 0; i < n; i++) {
        struct hist_iv iv = h->iv[i];
        date_t ivhi = end_of(iv.to);
        if (!placed && iv.from >= lo) {
            if (val)
                out[k++] = (struct hist_iv){lo, to, val};
            placed = true;
        }
        if (ivhi <= lo || iv.from >= hi) { /* untouched */
            out[k++] = iv;
            continue;
        }
        if (iv.from < lo) /* the part before */
            out[k++] = (struct hist_iv){iv.from, lo, iv.val};
        if (!placed) {
            if (val)
                out[k++] = (struct hist_iv){lo, to, val};
            placed = true;
        }
        if (ivhi > hi) /* the part after */
            out[k++] = (struct hist_iv){hi, iv.to, iv.val};
    }
    if (!placed && val)
        out[k++] = (struct hist_iv){lo, to, val};

    /* Merge touching periods with equal values. */
    size_t w = 0;
    for (size_t i = 0; i < k; i++) {
        if (w > 0 && out[w - 1].to == out[i].from && eq(out[w - 1].val, out[i].val)) {
            out[w - 1].to = out[i].to;
            continue;
        }
        out[w++] = out[i];
    }
    free(h->iv);
    h->iv = out;
    h->n = w;
    h->cap = 2 * n + 1;
}

const struct hist_iv *hist_at(const struct hist *h, date_t t)
{
    for (size_t i = 0; i < h->n; i++)
        if (h->iv[i].from <= t && t < end_of(h->iv[i].to))
            return &h->iv[i];
    return NULL;
}

bool hist_equal(const struct hist *a, const struct hist *b, hist_eq_fn eq)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++)
        if (a->iv[i].from != b->iv[i].from || a->iv[i].to != b->iv[i].to ||
            !eq(a->iv[i].val, b->iv[i].val))
            return false;
    return true;
}

void hist_copy(struct hist *dst, const struct hist *src)
{
    dst->n = 0;
    grow(dst, src->n);
    if (src->n)
        memcpy(dst->iv, src->iv, src->n * sizeof *src->iv);
    dst->n = src->n;
}
