#include "common.h"
#include "rulecsv.h"

#define SHOW(f) (int)((f)->len > 60 ? 60 : (f)->len), (f)->p

const char *rulecsv_vproblem(struct arena *a, const char *file, long line, const char *col,
                             const char *fmt, va_list ap)
{
    char what[LIMIT_MSG_BYTES];
    vsnprintf(what, sizeof what, fmt, ap);
    return col ? arena_printf(a, "%s:%ld: field %s: %s", file, line, col, what)
               : arena_printf(a, "%s:%ld: %s", file, line, what);
}

static void say(rulecsv_header_fn *problem, void *ctx, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void say(rulecsv_header_fn *problem, void *ctx, const char *fmt, ...)
{
    char words[LIMIT_MSG_BYTES];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(words, sizeof words, fmt, ap);
    va_end(ap);
    problem(ctx, words);
}

/* " (the header is a,b,c)", the columns as far as 512 bytes hold them. */
static void header_list(const char *const *cols, int ncols, char *list, size_t cap)
{
    size_t used = 0;
    list[0] = '\0';
    for (int i = 0; i < ncols; i++) {
        int w = snprintf(list + used, cap - used, "%s%s", i ? "," : "", cols[i]);
        if (w > 0 && (size_t)w < cap - used)
            used += (size_t)w;
    }
}

bool rulecsv_header(const struct csv_record *rec, const char *const *cols, int ncols, int *idx,
                    bool list_header, rulecsv_header_fn *problem, void *ctx)
{
    bool ok = true;
    for (int i = 0; i < ncols; i++)
        idx[i] = -1;
    for (size_t f = 0; f < rec->nfields; f++) {
        int found = -1;
        for (int i = 0; i < ncols; i++)
            if (csv_header_eq(rec->f[f].p, rec->f[f].len, cols[i]))
                found = i;
        if (found < 0) {
            if (list_header) {
                char list[512];
                header_list(cols, ncols, list, sizeof list);
                say(problem, ctx, "unknown column '%.*s' (the header is %s)", SHOW(&rec->f[f]),
                    list);
            } else {
                say(problem, ctx, "unknown column '%.*s'", SHOW(&rec->f[f]));
            }
            ok = false;
        } else if (idx[found] >= 0) {
            say(problem, ctx, "column %s appears twice", cols[found]);
            ok = false;
        } else {
            idx[found] = (int)f;
        }
    }
    for (int i = 0; i < ncols; i++)
        if (idx[i] < 0) {
            say(problem, ctx, "missing column %s", cols[i]);
            ok = false;
        }
    return ok;
}
