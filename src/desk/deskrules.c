#include "common.h"
#include "deskrules.h"
#include "buf.h"
#include "csv.h"
#include "money.h"

#include <dirent.h>
#include <sys/stat.h>

#define MAX_COLS 8

static const char *const cd_cols[] = {"wte",        "per_patients", "hours_per_wte",
                                      "valid_from", "valid_to",     "confidence",
                                      "sources",    "note",         NULL};
static const char *const sup_cols[] = {"role",       "max_days", "valid_from", "valid_to",
                                       "confidence", "sources",  "note",       NULL};

static const char *const dl_cols[] = {"id",         "what",    "page", "valid_from", "valid_to",
                                      "confidence", "sources", "note", NULL};
/* Where a deadline is done (home.h turns them into addresses). */
static const char *const dl_pages[] = {"arrs_claims", "arrs",  "funding", "iif",
                                       "desk",        "rules", "none"};

enum kind { K_CD, K_SUP, K_DL };

struct pctx {
    struct deskrules *r;
    struct arena *a;
    const struct rules *tags;
    fy_t fy;
    enum kind kind;
    const char *name;
    const char *const *cols;
    int ncols;
    int idx[MAX_COLS];
    bool header_ok;
    const struct csv_record *rec;
    long errors;
};

static void add_error(struct deskrules *r, struct arena *a, const char *text)
{
    if (r->nerrors < DESKRULES_ERRORS_KEPT)
        r->errors[r->nerrors] = arena_strdup(a, text);
    r->nerrors++;
}

static int ferr(struct pctx *c, const char *col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int ferr(struct pctx *c, const char *col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *t = csv_line_vmsg(c->a, c->name, c->rec ? c->rec->line : 1L, col, fmt, ap);
    va_end(ap);
    add_error(c->r, c->a, t);
    c->errors++;
    return PCN_EINVAL;
}

static const struct csv_field *fld(struct pctx *c, const char *col)
{
    for (int i = 0; i < c->ncols; i++)
        if (strcmp(c->cols[i], col) == 0)
            return &c->rec->f[c->idx[i]];
    BUG("deskrules: no column %s", col);
}

#define SHOW(f) (int)((f)->len > 60 ? 60 : (f)->len), (f)->p

static int get_fixed(struct pctx *c, const char *col, int decimals, int64_t min, int64_t max,
                     const char *what, bool allow_empty, bool *known, int64_t *out)
{
    const struct csv_field *f = fld(c, col);
    *out = 0;
    if (f->len == 0) {
        if (!allow_empty)
            return ferr(c, col, "is empty");
        *known = false;
        return 0;
    }
    if (fixed_parse(f->p, f->len, decimals, min, max, out))
        return ferr(c, col, "'%.*s' is not %s", SHOW(f), what);
    *known = true;
    return 0;
}

static int get_date(struct pctx *c, const char *col, date_t *out)
{
    const struct csv_field *f = fld(c, col);
    if (f->len == 0)
        return ferr(c, col, "is empty");
    if (date_parse_iso(f->p, f->len, out))
        return ferr(c, col, "'%.*s' is not a date (YYYY-MM-DD)", SHOW(f));
    return 0;
}

static int get_sources(struct pctx *c, const char **out)
{
    const struct csv_field *f = fld(c, "sources");
    size_t i = 0;
    while (i < f->len) {
        if (f->p[i++] != '[')
            goto bad;
        size_t tag = i;
        while (i < f->len && f->p[i] != ']')
            i++;
        if (i >= f->len || i == tag || i - tag >= 32)
            goto bad;
        char name[32];
        memcpy(name, f->p + tag, i - tag);
        name[i - tag] = '\0';
        for (size_t k = 0; name[k]; k++)
            if (!((name[k] >= 'A' && name[k] <= 'Z') || (name[k] >= '0' && name[k] <= '9')))
                goto bad;
        if (c->tags && !rules_source(c->tags, name))
            return ferr(c, "sources", "[%s] is not a tag of sources.csv", name);
        i++;
    }
    *out = arena_strndup(c->a, f->p, f->len);
    return 0;
bad:
    return ferr(c, "sources", "'%.*s' is not a list of source tags like [P1][L22]", SHOW(f));
}

/* The common columns; dates inside the year. */
static int get_meta(struct pctx *c, date_t *from, date_t *to, enum confidence *conf,
                    const char **sources, const char **note)
{
    int rc = 0;
    if (get_date(c, "valid_from", from))
        rc = PCN_EINVAL;
    if (get_date(c, "valid_to", to))
        rc = PCN_EINVAL;
    const struct csv_field *cf = fld(c, "confidence");
    if (conf_parse(cf->p, cf->len, conf))
        rc = ferr(c, "confidence",
                  "'%.*s' is not one of: official, single-source, unconfirmed, carried", SHOW(cf));
    if (get_sources(c, sources))
        rc = PCN_EINVAL;
    const struct csv_field *nf = fld(c, "note");
    if (!utf8_valid(nf->p, nf->len))
        rc = ferr(c, "note", "is not valid UTF-8 text");
    else
        *note = arena_strndup(c->a, nf->p, nf->len);
    if (rc)
        return rc;
    date_t lo = fy_start(c->fy), hi = fy_end(c->fy);
    char fy[8], d1[11], d2[11];
    fy_format(c->fy, fy);
    if (*from < lo || *from > hi) {
        date_format_iso(*from, d1);
        return ferr(c, "valid_from", "%s is outside %s (1 April to 31 March)", d1, fy);
    }
    if (*to < lo || *to > hi) {
        date_format_iso(*to, d1);
        return ferr(c, "valid_to", "%s is outside %s (1 April to 31 March)", d1, fy);
    }
    if (*to < *from) {
        date_format_iso(*from, d1);
        date_format_iso(*to, d2);
        return ferr(c, "valid_to", "%s is before valid_from %s", d2, d1);
    }
    return 0;
}

static void row_cd(struct pctx *c)
{
    struct desk_cd_rule x = {.fy = c->fy};
    bool known;
    int64_t hours_h;
    int rc = 0;
    if (get_fixed(c, "wte", 4, 1, 100000, "a WTE above 0 with up to 4 decimals, like 0.25", false,
                  &known, &x.wte))
        rc = PCN_EINVAL;
    if (get_fixed(c, "per_patients", 0, 1, 100000000, "a whole number of patients, like 50000",
                  false, &known, &x.per_patients))
        rc = PCN_EINVAL;
    if (get_fixed(c, "hours_per_wte", 2, 1, 16800, "hours a week up to 168, like 37.5", false,
                  &known, &hours_h))
        rc = PCN_EINVAL;
    else if ((hours_h * 60) % 100 != 0)
        rc = ferr(c, "hours_per_wte", "must come to whole minutes (37.5 is 2,250 minutes)");
    const char *sources = "";
    if (get_meta(c, &x.from, &x.to, &x.conf, &sources, &x.note))
        rc = PCN_EINVAL;
    if (rc)
        return;
    if (!conf_doubtful(x.conf) && !sources[0]) {
        ferr(c, "sources", "is empty: a value marked %s needs its source tags", conf_name(x.conf));
        return;
    }
    x.minutes_per_wte = hours_h * 60 / 100;
    x.cite = sources[0] ? arena_printf(c->a, "%s:%ld %s", c->name, c->rec->line, sources)
                        : arena_printf(c->a, "%s:%ld", c->name, c->rec->line);
    struct deskrules *r = c->r;
    if (r->ncd == r->cap_[0])
        r->cd = arena_grow(c->a, r->cd, r->ncd, &r->cap_[0], sizeof *r->cd);
    r->cd[r->ncd++] = x;
}

static void row_sup(struct pctx *c)
{
    struct desk_sup_rule x = {.fy = c->fy};
    int rc = 0;
    const struct csv_field *f = fld(c, "role");
    bool ok = f->len == 1 && f->p[0] == '*';
    if (!ok) {
        ok = f->len > 0 && f->len <= 64 && f->p[0] >= 'a' && f->p[0] <= 'z';
        for (size_t i = 0; ok && i < f->len; i++)
            ok = (f->p[i] >= 'a' && f->p[i] <= 'z') || (f->p[i] >= '0' && f->p[i] <= '9') ||
                 f->p[i] == '_';
    }
    if (!ok)
        rc = ferr(c, "role", "'%.*s' is not a role id (like clinical_pharmacist) or *", SHOW(f));
    else
        x.role = arena_strndup(c->a, f->p, f->len);
    if (get_fixed(c, "max_days", 0, 1, 366, "a whole number of days from 1 to 366", true, &x.known,
                  &x.max_days))
        rc = PCN_EINVAL;
    const char *sources = "";
    if (get_meta(c, &x.from, &x.to, &x.conf, &sources, &x.note))
        rc = PCN_EINVAL;
    if (rc)
        return;
    if (x.known && !conf_doubtful(x.conf) && !sources[0]) {
        ferr(c, "sources", "is empty: a value marked %s needs its source tags", conf_name(x.conf));
        return;
    }
    x.cite = sources[0] ? arena_printf(c->a, "%s:%ld %s", c->name, c->rec->line, sources)
                        : arena_printf(c->a, "%s:%ld", c->name, c->rec->line);
    struct deskrules *r = c->r;
    if (r->nsup == r->cap_[1])
        r->sup = arena_grow(c->a, r->sup, r->nsup, &r->cap_[1], sizeof *r->sup);
    r->sup[r->nsup++] = x;
}

static bool word_ok(const struct csv_field *f, size_t max)
{
    bool ok = f->len > 0 && f->len <= max && f->p[0] >= 'a' && f->p[0] <= 'z';
    for (size_t i = 0; ok && i < f->len; i++)
        ok = (f->p[i] >= 'a' && f->p[i] <= 'z') || (f->p[i] >= '0' && f->p[i] <= '9') ||
             f->p[i] == '_';
    return ok;
}

static void row_dl(struct pctx *c)
{
    struct desk_deadline x = {.fy = c->fy};
    int rc = 0;
    const struct csv_field *f = fld(c, "id");
    if (!word_ok(f, 64))
        rc = ferr(c, "id", "'%.*s' is not a short name in lower case (like ip_claims)", SHOW(f));
    else
        x.id = arena_strndup(c->a, f->p, f->len);
    f = fld(c, "what");
    if (f->len == 0 || f->len > 500 || !utf8_valid(f->p, f->len))
        rc = ferr(c, "what", "must be words for a person, 1 to 500 characters");
    else
        x.what = arena_strndup(c->a, f->p, f->len);
    f = fld(c, "page");
    for (size_t i = 0; i < ARRAY_SIZE(dl_pages); i++)
        if (f->len == strlen(dl_pages[i]) && memcmp(f->p, dl_pages[i], f->len) == 0)
            x.page = dl_pages[i];
    if (!x.page)
        rc = ferr(c, "page",
                  "'%.*s' is not one of: arrs_claims, arrs, funding, iif, desk, rules, none",
                  SHOW(f));
    if (get_meta(c, &x.from, &x.to, &x.conf, &x.sources, &x.note))
        rc = PCN_EINVAL;
    if (rc)
        return;
    if (!conf_doubtful(x.conf) && !x.sources[0]) {
        ferr(c, "sources", "is empty: a deadline marked %s needs its source tags",
             conf_name(x.conf));
        return;
    }
    x.cite = x.sources[0] ? arena_printf(c->a, "%s:%ld %s", c->name, c->rec->line, x.sources)
                          : arena_printf(c->a, "%s:%ld", c->name, c->rec->line);
    struct deskrules *r = c->r;
    if (r->ndeadlines == r->cap_[2])
        r->deadlines = arena_grow(c->a, r->deadlines, r->ndeadlines, &r->cap_[2],
                                  sizeof *r->deadlines);
    r->deadlines[r->ndeadlines++] = x;
}

/* The header: each column found by name, once; every unknown, doubled and
 * missing column an error (c->header_ok false). */
static void header(struct pctx *c, const struct csv_record *rec)
{
    bool ok = true;
    for (int i = 0; i < c->ncols; i++)
        c->idx[i] = -1;
    for (size_t f = 0; f < rec->nfields; f++) {
        int at = csv_header_index(&rec->f[f], c->cols, c->ncols);
        if (at < 0)
            ferr(c, NULL, "unknown column '%.*s'", SHOW(&rec->f[f]));
        else if (c->idx[at] >= 0)
            ferr(c, NULL, "column %s appears twice", c->cols[at]);
        else
            c->idx[at] = (int)f;
        ok &= at >= 0 && c->idx[at] == (int)f;
    }
    for (int i = 0; i < c->ncols; i++)
        if (c->idx[i] < 0) {
            ferr(c, NULL, "missing column %s", c->cols[i]);
            ok = false;
        }
    c->header_ok = ok;
}

static int on_record(void *ctx, const struct csv_record *rec, struct pcn_msg *m)
{
    struct pctx *c = ctx;
    (void)m;
    c->rec = rec;
    if (rec->index == 0) {
        header(c, rec);
        return 0;
    }
    if (!c->header_ok || (rec->nfields == 1 && rec->f[0].len == 0))
        return 0;
    if (c->kind == K_SUP)
        row_sup(c);
    else if (c->kind == K_DL)
        row_dl(c);
    else
        row_cd(c);
    return 0;
}

void deskrules_init(struct deskrules *r, const char *dir)
{
    memset(r, 0, sizeof *r);
    r->dir = dir;
}

long deskrules_parse(struct deskrules *r, struct arena *a, const struct rules *tags, fy_t fy,
                     const char *kind, const char *name, const char *data, size_t len)
{
    struct pctx c = {.r = r, .a = a, .tags = tags, .fy = fy, .name = arena_strdup(a, name)};
    c.kind = !strcmp(kind, "supervision") ? K_SUP : !strcmp(kind, "deadlines") ? K_DL : K_CD;
    c.cols = c.kind == K_SUP ? sup_cols : c.kind == K_DL ? dl_cols : cd_cols;
    for (c.ncols = 0; c.cols[c.ncols]; c.ncols++)
        ;
    struct csv_reader rd;
    struct pcn_msg m = {0};
    csv_init(&rd, c.name, on_record, &c);
    int rc = csv_feed(&rd, data, len, &m);
    if (!rc)
        rc = csv_finish(&rd, &m);
    if (!rc && csv_records(&rd) == 0) {
        c.rec = NULL;
        ferr(&c, NULL, "the file is empty: it needs at least its header line");
    }
    if (rc) {
        add_error(r, a, m.text);
        c.errors++;
    }
    csv_release(&rd);
    return c.errors;
}

static int cmp_cd(const void *x, const void *y)
{
    const struct desk_cd_rule *a = x, *b = y;
    return a->from < b->from ? -1 : a->from > b->from;
}

static int cmp_sup(const void *x, const void *y)
{
    const struct desk_sup_rule *a = x, *b = y;
    int s = strcmp(a->role, b->role);
    if (s)
        return s;
    return a->from < b->from ? -1 : a->from > b->from;
}

static int cmp_dl(const void *x, const void *y)
{
    const struct desk_deadline *a = x, *b = y;
    if (a->to != b->to)
        return a->to < b->to ? -1 : 1;
    return strcmp(a->id, b->id);
}

long deskrules_check(struct deskrules *r, struct arena *a)
{
    long errors = 0;
    if (r->ndeadlines)
        qsort(r->deadlines, r->ndeadlines, sizeof *r->deadlines, cmp_dl);
    for (size_t i = 0; i < r->ndeadlines; i++)
        for (size_t k = 0; k < i; k++)
            if (r->deadlines[k].fy == r->deadlines[i].fy &&
                strcmp(r->deadlines[k].id, r->deadlines[i].id) == 0) {
                add_error(r, a,
                          arena_printf(a, "%s: field id: '%s' is also %s", r->deadlines[i].cite,
                                       r->deadlines[i].id, r->deadlines[k].cite));
                errors++;
            }
    if (r->ncd)
        qsort(r->cd, r->ncd, sizeof *r->cd, cmp_cd);
    if (r->nsup)
        qsort(r->sup, r->nsup, sizeof *r->sup, cmp_sup);
    for (size_t i = 1; i < r->ncd; i++)
        if (r->cd[i].from <= r->cd[i - 1].to) {
            add_error(r, a,
                      arena_printf(a, "%s: overlaps %s: rows for the same dates", r->cd[i].cite,
                                   r->cd[i - 1].cite));
            errors++;
        }
    for (size_t i = 1; i < r->nsup; i++)
        if (strcmp(r->sup[i].role, r->sup[i - 1].role) == 0 && r->sup[i].from <= r->sup[i - 1].to) {
            add_error(r, a,
                      arena_printf(a, "%s: overlaps %s: rows for role %s on the same dates",
                                   r->sup[i].cite, r->sup[i - 1].cite, r->sup[i].role));
            errors++;
        }
    return errors;
}

static int read_file(const char *path, struct buf *b, struct pcn_msg *m)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return msg_set(m, errno == ENOENT ? PCN_ENOTFOUND : PCN_EIO, "%s: %s", path,
                       strerror(errno));
    char chunk[8192];
    size_t n;
    int rc = 0;
    buf_reset(b);
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (buf_add(b, chunk, n)) {
            rc = msg_set(m, PCN_ELIMIT, "%s: larger than %ld bytes", path,
                         (long)LIMIT_RULES_FILE_BYTES);
            break;
        }
    if (!rc && ferror(f))
        rc = msg_set(m, PCN_EIO, "%s: cannot read", path);
    fclose(f);
    return rc;
}

int deskrules_load(const char *dir, struct arena *a, struct deskrules *out, struct pcn_msg *m)
{
    struct rules tags;
    struct buf b;
    long errors = 0;
    int rc = 0;

    deskrules_init(out, arena_strdup(a, dir));
    rules_init(&tags, a, dir);
    buf_init(&b, LIMIT_RULES_FILE_BYTES);
    DIR *dh = opendir(dir);
    if (!dh) {
        rc = msg_set(m, PCN_ENOTFOUND, "rules directory %s: %s", dir, strerror(errno));
        goto out;
    }
    const char *path = arena_printf(a, "%s/sources.csv", dir);
    if (read_file(path, &b, m) == 0) {
        struct rules_diag d = {0};
        if (rules_parse_sources(&tags, path, b.buf, b.len, &d)) {
            add_error(out, a, d.errors[0]);
            errors++;
        }
    }
    struct dirent *e;
    while ((e = readdir(dh))) {
        fy_t fy;
        if (e->d_name[0] == '.' || fy_parse(e->d_name, &fy))
            continue;
        static const char *const kinds[] = {"cd_time", "supervision", "deadlines"};
        for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
            const char *fp = arena_printf(a, "%s/%s/%s.csv", dir, e->d_name, kinds[k]);
            int r = read_file(fp, &b, m);
            if (r == PCN_ENOTFOUND)
                continue;
            if (r) {
                closedir(dh);
                rc = r;
                goto out;
            }
            errors += deskrules_parse(out, a, &tags, fy, kinds[k], fp, b.buf, b.len);
        }
    }
    closedir(dh);
    errors += deskrules_check(out, a);
    if (errors)
        rc = msg_set(m, PCN_EINVAL, "%s (%ld problem%s in the desk's rules in %s)",
                     out->nerrors ? out->errors[0] : "the rules have errors", errors,
                     errors == 1 ? "" : "s", dir);
out:
    buf_release(&b);
    return rc;
}

const struct desk_sup_rule *deskrules_supervision(const struct deskrules *r, const char *role,
                                                  date_t d, bool *carried)
{
    const struct desk_sup_rule *own = NULL, *any = NULL;
    fy_t latest = 0;
    bool found_earlier = false;
    *carried = false;
    /* Rows holding d: the role's own beats "*". */
    for (size_t i = 0; i < r->nsup; i++) {
        const struct desk_sup_rule *x = &r->sup[i];
        bool is_own = strcmp(x->role, role) == 0, is_any = strcmp(x->role, "*") == 0;
        if ((!is_own && !is_any))
            continue;
        if (x->from <= d && d <= x->to) {
            if (is_own)
                own = x;
            else
                any = x;
        } else if (x->to < d && (!found_earlier || x->fy > latest)) {
            latest = x->fy;
            found_earlier = true;
        }
    }
    if (own || any)
        return own ? own : any;
    if (!found_earlier)
        return NULL;
    /* Else the latest earlier year that has a row for it, carried forward. */
    for (size_t i = 0; i < r->nsup; i++) {
        const struct desk_sup_rule *x = &r->sup[i];
        if (x->fy != latest || x->to >= d)
            continue;
        if (strcmp(x->role, role) == 0 && (!own || x->to > own->to))
            own = x;
        else if (strcmp(x->role, "*") == 0 && (!any || x->to > any->to))
            any = x;
    }
    *carried = true;
    return own ? own : any;
}
