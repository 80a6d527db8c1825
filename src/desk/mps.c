#include "common.h"
#include "mps.h"
#include "csv.h"
#include "infile.h"

enum {
    C_CODE,
    C_NAME,
    C_TITLE,
    C_DISPLAY,
    C_PARTY,
    C_EMAIL,
    C_LAD,
    C_LA,
    C_REGION,
    C_COUNTRY,
    C_N
};

struct parse {
    struct arena *a;
    const char *file;
    struct csv_col cols[C_N];
    struct mp *v;
    size_t n, cap;
};

static int bad(struct parse *p, long line, const char *col, const char *what, struct pcn_msg *m)
{
    return msg_set(m, PCN_EINVAL, "%s:%ld: %s: %s", p->file, line, col, what);
}

static int on_record(void *ctx, const struct csv_record *rec, struct pcn_msg *m)
{
    struct parse *p = ctx;
    if (rec->index == 0)
        return csv_map_header(rec, p->cols, C_N, p->file, m);
    if (p->n == MPS_MAX)
        return msg_set(m, PCN_ELIMIT, "%s:%ld: more than %d constituencies", p->file, rec->line,
                       MPS_MAX);
    const char *f[C_N];
    for (int i = 0; i < C_N; i++)
        f[i] = rec->f[p->cols[i].idx].p;
    const char *code = f[C_CODE];
    bool ok = strlen(code) == 9 && code[0] >= 'A' && code[0] <= 'Z';
    for (int i = 1; ok && i < 9; i++)
        ok = code[i] >= '0' && code[i] <= '9';
    if (!ok)
        return bad(p, rec->line, "pcon_code", "not a constituency code like E14001063", m);
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->v[i].pcon_code, code) == 0)
            return bad(p, rec->line, "pcon_code", "the constituency appears twice", m);
    if (!*f[C_NAME])
        return bad(p, rec->line, "pcon_name", "empty", m);
    if (!*f[C_DISPLAY] || !*f[C_TITLE])
        return bad(p, rec->line, !*f[C_DISPLAY] ? "display_as" : "full_title", "empty", m);
    if (p->n == p->cap)
        p->v = arena_grow(p->a, p->v, p->n, &p->cap, sizeof *p->v);
    struct mp *mp = &p->v[p->n++];
    mp->line = rec->line;
    mp->pcon_code = arena_strndup(p->a, code, 9);
    mp->pcon_name = arena_strndup(p->a, f[C_NAME], strlen(f[C_NAME]));
    mp->full_title = arena_strndup(p->a, f[C_TITLE], strlen(f[C_TITLE]));
    mp->name = arena_strndup(p->a, f[C_DISPLAY], strlen(f[C_DISPLAY]));
    mp->party = arena_strndup(p->a, f[C_PARTY], strlen(f[C_PARTY]));
    /* the list writes "No email found" where it has none */
    mp->email = strchr(f[C_EMAIL], '@') ? arena_strndup(p->a, f[C_EMAIL], strlen(f[C_EMAIL])) : "";
    mp->local_authorities = arena_strndup(p->a, f[C_LAD], strlen(f[C_LAD]));
    mp->counties = arena_strndup(p->a, f[C_LA], strlen(f[C_LA]));
    mp->region = arena_strndup(p->a, f[C_REGION], strlen(f[C_REGION]));
    mp->country = arena_strndup(p->a, f[C_COUNTRY], strlen(f[C_COUNTRY]));
    return 0;
}

static int cmp_mp(const void *a, const void *b)
{
    const struct mp *x = a, *y = b;
    int c = strcmp(x->pcon_name, y->pcon_name);
    return c ? c : strcmp(x->pcon_code, y->pcon_code);
}

static int feed(void *ctx, const char *data, size_t n, struct pcn_msg *m)
{
    return csv_feed(ctx, data, n, m);
}

static int run(const char *name, const char *path, const char *data, size_t len, struct arena *a,
               struct mp_list *out, struct pcn_msg *m)
{
    struct parse p = {.a = a,
                      .file = name,
                      .cols = {{"pcon_code", true, -1},
                               {"pcon_name", true, -1},
                               {"full_title", true, -1},
                               {"display_as", true, -1},
                               {"party_text", true, -1},
                               {"member_email", true, -1},
                               {"lad_names", true, -1},
                               {"la_names", true, -1},
                               {"region_name", true, -1},
                               {"country_name", true, -1}}};
    struct csv_reader r;
    int rc;
    memset(out, 0, sizeof *out);
    csv_init(&r, name, on_record, &p);
    rc = path ? infile_stream(path, name, feed, &r, m) : csv_feed(&r, data, len, m);
    if (!rc)
        rc = csv_finish(&r, m);
    if (!rc && p.n == 0)
        rc = msg_set(m, PCN_EINVAL, "%s: no constituencies", name);
    csv_release(&r);
    if (rc)
        return rc;
    if (p.n > 1)
        qsort(p.v, p.n, sizeof *p.v, cmp_mp);
    out->v = p.v;
    out->n = p.n;
    return 0;
}

int mps_parse(const char *name, const char *data, size_t len, struct arena *a, struct mp_list *out,
              struct pcn_msg *m)
{
    return run(name, NULL, data, len, a, out, m);
}

const char *mps_path(struct arena *a, const char *rules_dir)
{
    const char *slash = strrchr(rules_dir, '/');
    if (!slash)
        return "data/" MPS_FILE;
    return arena_printf(a, "%.*s/data/%s", (int)(slash - rules_dir), rules_dir, MPS_FILE);
}

int mps_load(const char *path, struct arena *a, struct mp_list *out, struct pcn_msg *m)
{
    return run(path, path, NULL, 0, a, out, m);
}

const struct mp *mps_find(const struct mp_list *l, const char *pcon_code)
{
    if (!pcon_code)
        return NULL;
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i].pcon_code, pcon_code) == 0)
            return &l->v[i];
    return NULL;
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Whether word w[0..n) is part of s, ignoring ASCII case. */
static bool has(const char *s, const char *w, size_t n)
{
    for (; *s; s++) {
        size_t k = 0;
        while (k < n && s[k] && lower(s[k]) == lower(w[k]))
            k++;
        if (k == n)
            return true;
    }
    return false;
}

bool mps_match(const struct mp *mp, const char *q)
{
    const char *s = q;
    bool any = false;
    while (*s) {
        while (*s == ' ' || *s == '\t' || *s == ',')
            s++;
        const char *w = s;
        while (*s && *s != ' ' && *s != '\t' && *s != ',')
            s++;
        size_t n = (size_t)(s - w);
        if (n == 0)
            continue;
        any = true;
        if (!has(mp->pcon_name, w, n) && !has(mp->name, w, n) && !has(mp->party, w, n) &&
            !has(mp->local_authorities, w, n) && !has(mp->counties, w, n))
            return false;
    }
    return any;
}

void mps_stakeholder(const struct mp *mp, struct arena *a, struct mp_stakeholder *out)
{
    out->name = mp->full_title;
    out->organisation = "House of Commons";
    out->role_title = *mp->party ? arena_printf(a, "MP for %s (%s)", mp->pcon_name, mp->party)
                                 : arena_printf(a, "MP for %s", mp->pcon_name);
    out->notes = arena_printf(a,
                              "%s%sFrom the list of sitting MPs of " MPS_AS_OF
                              " (UK Parliament, Open Parliament Licence v3.0).",
                              mp->email, *mp->email ? ". " : "");
}
