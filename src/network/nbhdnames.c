/* nbhdnames.c: the names of the neighbourhood team's records (nbhdnames.h). */
#include "common.h"
#include "nbhdnames.h"
#include "csv.h"
#include "infile.h"

/* ---- helpers ------------------------------------------------------------ */

/* An enum's name in a table of n, "" when out of range. */
static const char *name_at(const char *const *names, unsigned n, unsigned k)
{
    return k < n ? names[k] : "";
}

/* The index of s in a table of n ids, or -1. */
static int id_find(const char *const *ids, int n, const char *s)
{
    for (int i = 0; s && i < n; i++)
        if (strcmp(s, ids[i]) == 0)
            return i;
    return -1;
}

/* ---- the data files ----------------------------------------------------- */

const char *nbhd_data_path(struct arena *a, const char *rules_dir, const char *file)
{
    const char *slash = rules_dir ? strrchr(rules_dir, '/') : NULL;
    if (!slash)
        return arena_printf(a, "data/neighbourhood/%s", file);
    return arena_printf(a, "%.*s/data/neighbourhood/%s", (int)(slash - rules_dir), rules_dir, file);
}

enum { I_CODE, I_NAME, I_SOURCE, I_DATE, I_CONF, I_N };

struct parse {
    struct arena *a;
    const char *file;
    struct csv_col cols[I_N];
    struct nbhd_item *v;
    size_t n, cap;
};

static int bad(struct parse *p, long line, const char *col, const char *what, struct pcn_msg *m)
{
    return msg_set(m, PCN_EINVAL, "%s:%ld: %s: %s", p->file, line, col, what);
}

static int on_item(void *ctx, const struct csv_record *rec, struct pcn_msg *m)
{
    struct parse *p = ctx;
    if (rec->index == 0)
        return csv_map_header(rec, p->cols, I_N, p->file, m);
    if (p->n == NBHD_ITEMS_MAX)
        return msg_set(m, PCN_ELIMIT, "%s:%ld: more than %d rows", p->file, rec->line,
                       NBHD_ITEMS_MAX);
    const char *f[I_N];
    for (int i = 0; i < I_N; i++)
        f[i] = rec->f[p->cols[i].idx].p;
    size_t cl = strlen(f[I_CODE]);
    bool ok = cl > 0 && cl <= 64;
    for (size_t i = 0; ok && i < cl; i++) {
        char ch = f[I_CODE][i];
        ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
    }
    if (!ok)
        return bad(p, rec->line, "code", "not a code of lower case letters, digits and _", m);
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->v[i].code, f[I_CODE]) == 0)
            return bad(p, rec->line, "code", "the code appears twice", m);
    if (!*f[I_NAME])
        return bad(p, rec->line, "name", "empty", m);
    if (!*f[I_SOURCE])
        return bad(p, rec->line, "source", "empty", m);
    date_t d;
    if (date_parse_iso(f[I_DATE], strlen(f[I_DATE]), &d))
        return bad(p, rec->line, "source_date", "not a date like 2025-01-30", m);
    if (strcmp(f[I_CONF], "official") && strcmp(f[I_CONF], "single-source") &&
        strcmp(f[I_CONF], "unconfirmed"))
        return bad(p, rec->line, "confidence", "not official, single-source or unconfirmed", m);
    if (p->n == p->cap)
        p->v = arena_grow(p->a, p->v, p->n, &p->cap, sizeof *p->v);
    p->v[p->n++] = (struct nbhd_item){arena_strdup(p->a, f[I_CODE]),
                                      arena_strdup(p->a, f[I_NAME]),
                                      arena_strdup(p->a, f[I_SOURCE]),
                                      arena_strdup(p->a, f[I_CONF]),
                                      d,
                                      rec->line};
    return 0;
}

static int feed(void *ctx, const char *data, size_t n, struct pcn_msg *m)
{
    return csv_feed(ctx, data, n, m);
}

static int items(const char *name, const char *path, const char *data, size_t len, struct arena *a,
                 struct nbhd_list *out, struct pcn_msg *m)
{
    struct parse p = {.a = a,
                      .file = name,
                      .cols = {{"code", true, -1},
                               {"name", true, -1},
                               {"source", true, -1},
                               {"source_date", true, -1},
                               {"confidence", true, -1}}};
    struct csv_reader r;
    memset(out, 0, sizeof *out);
    csv_init(&r, name, on_item, &p);
    int rc = path ? infile_stream(path, name, feed, &r, m) : csv_feed(&r, data, len, m);
    if (!rc)
        rc = csv_finish(&r, m);
    if (!rc && p.n == 0)
        rc = msg_set(m, PCN_EINVAL, "%s: no rows", name);
    csv_release(&r);
    if (rc)
        return rc;
    out->file = name;
    out->v = p.v;
    out->n = p.n;
    return 0;
}

int nbhd_items_load(const char *path, struct arena *a, struct nbhd_list *out, struct pcn_msg *m)
{
    return items(path, path, NULL, 0, a, out, m);
}

int nbhd_items_parse(const char *name, const char *data, size_t len, struct arena *a,
                     struct nbhd_list *out, struct pcn_msg *m)
{
    return items(name, NULL, data, len, a, out, m);
}

const struct nbhd_item *nbhd_item_find(const struct nbhd_list *l, const char *code)
{
    for (size_t i = 0; l && code && i < l->n; i++)
        if (strcmp(l->v[i].code, code) == 0)
            return &l->v[i];
    return NULL;
}

/* ---- names -------------------------------------------------------------- */

static const char *const kind_ids[] = {"community_trust",
                                       "mental_health_trust",
                                       "local_authority",
                                       "vcse",
                                       "community_pharmacy",
                                       "hospice",
                                       "other"};
static const char *const kind_labels[] = {
    "Community health trust", "Mental health trust",
    "Local authority",        "Voluntary, community or social enterprise (VCSE) body",
    "Community pharmacy",     "Hospice",
    "Other organisation"};
static const char *const status_ids[] = {"not_started", "planning", "in_progress", "established"};
static const char *const status_labels[] = {"Not started", "Planning", "In progress",
                                            "Established"};

const char *nbhd_kind_id(enum nbhd_kind k)
{
    return name_at(kind_ids, NK_COUNT, (unsigned)k);
}
const char *nbhd_kind_label(enum nbhd_kind k)
{
    return name_at(kind_labels, NK_COUNT, (unsigned)k);
}
int nbhd_kind_parse(const char *s, enum nbhd_kind *out)
{
    int i = id_find(kind_ids, NK_COUNT, s);
    if (i >= 0)
        *out = (enum nbhd_kind)i;
    return i < 0 ? -1 : 0;
}
const char *nbhd_status_id(enum nbhd_status s)
{
    return name_at(status_ids, NS_COUNT, (unsigned)s);
}
const char *nbhd_status_label(enum nbhd_status s)
{
    return name_at(status_labels, NS_COUNT, (unsigned)s);
}
int nbhd_status_parse(const char *s, enum nbhd_status *out)
{
    int i = id_find(status_ids, NS_COUNT, s);
    if (i >= 0)
        *out = (enum nbhd_status)i;
    return i < 0 ? -1 : 0;
}
