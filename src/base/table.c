#include "common.h"
#include "table.h"

void table_init(struct table *t, const char *spec)
{
    memset(t, 0, sizeof *t);
    const char *p = spec;
    while (*p && t->ncols < TABLE_MAX_COLS) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        bool right = *p == '>';
        if (right) {
            p++;
            n--;
        }
        t->head[t->ncols] = xstrndup(p, n);
        t->right[t->ncols] = right;
        t->ncols++;
        if (!comma)
            break;
        p = comma + 1;
    }
}

void table_release(struct table *t)
{
    for (size_t i = 0; i < t->ncols; i++)
        free((char *)t->head[i]);
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
    memset(t, 0, sizeof *t);
}

void table_row(struct table *t, const char *const *cells)
{
    if (t->nrows == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 32;
        t->cells = xrealloc(t->cells, t->cap * t->ncols * sizeof *t->cells);
    }
    for (size_t i = 0; i < t->ncols; i++)
        t->cells[t->nrows * t->ncols + i] = xstrdup(cells[i] ? cells[i] : "");
    t->nrows++;
}

static void pad(FILE *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fputc(' ', out);
}

static void print_row(const struct table *t, FILE *out, const char *const *cells,
                      const size_t *width)
{
    for (size_t c = 0; c < t->ncols; c++) {
        size_t w = utf8_width(cells[c], strlen(cells[c]));
        bool last = c + 1 == t->ncols;
        if (t->right[c])
            pad(out, width[c] - w);
        fputs(cells[c], out);
        if (!t->right[c] && !last)
            pad(out, width[c] - w);
        if (!last)
            fputs("  ", out);
    }
    fputc('\n', out);
}

void table_print(const struct table *t, FILE *out)
{
    size_t width[TABLE_MAX_COLS];
    for (size_t c = 0; c < t->ncols; c++) {
        width[c] = utf8_width(t->head[c], strlen(t->head[c]));
        for (size_t r = 0; r < t->nrows; r++) {
            const char *s = t->cells[r * t->ncols + c];
            size_t w = utf8_width(s, strlen(s));
            if (w > width[c])
                width[c] = w;
        }
    }
    print_row(t, out, t->head, width);
    for (size_t r = 0; r < t->nrows; r++)
        print_row(t, out, (const char *const *)&t->cells[r * t->ncols], width);
}
