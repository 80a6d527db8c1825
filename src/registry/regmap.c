#include "common.h"
#include "regmap.h"
#include "buf.h"
#include "db.h"
#include "strmap.h"

enum {
    C_EXTRACT_DATE,
    C_PRACTICE_CODE,
    C_PRACTICE_NAME,
    C_PRACTICE_POSTCODE,
    C_PCN_CODE,
    C_PCN_NAME,
    C_SUB_CODE,
    C_SUB_NAME,
    C_SUB_ONS,
    C_ICB_CODE,
    C_ICB_NAME,
    C_ICB_ONS,
    C_REGION_CODE,
    C_REGION_NAME,
    C_REGION_ONS,
    C_SUPPLIER,
    C_COUNT
};

static const struct csv_col columns[C_COUNT] = {
    [C_EXTRACT_DATE] = {"EXTRACT_DATE", true, -1},
    [C_PRACTICE_CODE] = {"PRACTICE_CODE", true, -1},
    [C_PRACTICE_NAME] = {"PRACTICE_NAME", true, -1},
    [C_PRACTICE_POSTCODE] = {"PRACTICE_POSTCODE", false, -1},
    [C_PCN_CODE] = {"PCN_CODE", true, -1},
    [C_PCN_NAME] = {"PCN_NAME", true, -1},
    [C_SUB_CODE] = {"SUB_ICB_LOCATION_CODE|CCG_CODE", true, -1},
    [C_SUB_NAME] = {"SUB_ICB_LOCATION_NAME|CCG_NAME", true, -1},
    [C_SUB_ONS] = {"ONS_SUB_ICB_LOCATION_CODE|ONS_CCG_CODE", false, -1},
    [C_ICB_CODE] = {"ICB_CODE|STP_CODE", true, -1},
    [C_ICB_NAME] = {"ICB_NAME|STP_NAME", true, -1},
    [C_ICB_ONS] = {"ONS_ICB_CODE|ONS_STP_CODE", false, -1},
    [C_REGION_CODE] = {"COMM_REGION_CODE", true, -1},
    [C_REGION_NAME] = {"COMM_REGION_NAME", true, -1},
    [C_REGION_ONS] = {"ONS_COMM_REGION_CODE", false, -1},
    [C_SUPPLIER] = {"SUPPLIER_NAME", false, -1},
};

/* One organisation as first seen, to check later rows against. */
struct seen_org {
    size_t idx; /* into orgs */
    long line;
};

/* Member practices of a PCN by sub-ICB location, to choose its lead one. */
struct pcn_subs {
    const char *pcn;
    const char *sub[8];
    long count[8];
    size_t n;
};

struct parse {
    const struct import_src *src;
    struct arena *a;
    struct csv_col cols[C_COUNT];
    const char *hdr[C_COUNT]; /* each column's name as the file spells it */
    date_t date;
    long date_line;
    struct reg_org *orgs;
    size_t norgs, orgs_cap;
    struct reg_member *members;
    size_t nmembers, members_cap;
    struct strmap org_index; /* code -> struct seen_org */
    struct strmap pcn_subs;  /* pcn code -> struct pcn_subs */
};

/* The column's first name ("CCG_CODE|..." gives "CCG_CODE"). */
static void column_label(int c, char *out, size_t outlen)
{
    const char *names = columns[c].names;
    const char *bar = strchr(names, '|');
    size_t n = bar ? (size_t)(bar - names) : strlen(names);
    if (n >= outlen)
        n = outlen - 1;
    memcpy(out, names, n);
    out[n] = '\0';
}

/* A column's name in messages: as the file spells it, else its first
 * name; at most len - 1 bytes, in buf. */
static const char *label_of(const struct parse *p, int c, char *buf, size_t len)
{
    if (p->hdr[c])
        snprintf(buf, len, "%s", p->hdr[c]);
    else
        column_label(c, buf, len);
    return buf;
}

static int ferr(const struct parse *p, const struct csv_record *rec, int c, struct pcn_msg *m,
                const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int ferr(const struct parse *p, const struct csv_record *rec, int c, struct pcn_msg *m,
                const char *fmt, ...)
{
    char label[64];
    va_list ap;
    va_start(ap, fmt);
    int rc = import_field_verror(m, p->src->name, rec->line, label_of(p, c, label, sizeof label),
                                 fmt, ap);
    va_end(ap);
    return rc;
}

static const struct csv_field *fld(const struct parse *p, const struct csv_record *rec, int c)
{
    static const struct csv_field empty = {"", 0};
    int idx = p->cols[c].idx;
    return idx >= 0 ? &rec->f[idx] : &empty;
}

/* A required text field: not empty, not too long; copied to the arena. */
static int text(struct parse *p, const struct csv_record *rec, int c, bool required,
                const char **out, struct pcn_msg *m)
{
    const struct csv_field *f = fld(p, rec, c);
    if (f->len == 0) {
        if (required)
            return ferr(p, rec, c, m, "is empty");
        *out = NULL;
        return 0;
    }
    if (f->len > LIMIT_NAME_BYTES)
        return ferr(p, rec, c, m, "longer than %d characters", LIMIT_NAME_BYTES);
    *out = arena_strndup(p->a, f->p, f->len);
    return 0;
}

static int code(struct parse *p, const struct csv_record *rec, int c, enum org_kind kind,
                const char **out, struct pcn_msg *m)
{
    const struct csv_field *f = fld(p, rec, c);
    if (!ods_is_valid(kind, f->p, f->len))
        return ferr(p, rec, c, m, "'%.*s' is not %s code (%s)", (int)(f->len > 40 ? 40 : f->len),
                    f->p, org_kind_a(kind), ods_format_hint(kind));
    *out = arena_strndup(p->a, f->p, f->len);
    return 0;
}

static struct reg_org *new_org(struct parse *p)
{
    if (p->norgs == p->orgs_cap)
        p->orgs = arena_grow(p->a, p->orgs, p->norgs, &p->orgs_cap, sizeof *p->orgs);
    struct reg_org *o = &p->orgs[p->norgs++];
    memset(o, 0, sizeof *o);
    return o;
}

static bool same(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

/* Records an organisation, or checks it against its first appearance. */
static int add_org(struct parse *p, const struct csv_record *rec, enum org_kind kind, const char *c,
                   const struct org_attrs *attrs, int name_col, int parent_col, int ons_col,
                   struct pcn_msg *m)
{
    struct seen_org *s = strmap_get(&p->org_index, c);
    if (!s) {
        struct reg_org *o = new_org(p);
        o->code = c;
        o->kind = kind;
        o->a = *attrs;
        s = ARENA_NEW(p->a, struct seen_org);
        s->idx = p->norgs - 1;
        s->line = rec->line;
        strmap_put(&p->org_index, c, s);
        return 0;
    }
    const struct reg_org *o = &p->orgs[s->idx];
    if (o->kind != kind)
        return ferr(p, rec, name_col, m, "code %s is %s on line %ld but %s here", c,
                    org_kind_a(o->kind), s->line, org_kind_a(kind));
    if (!same(o->a.name, attrs->name))
        return ferr(p, rec, name_col, m, "%s %s is named '%s' here but '%s' on line %ld",
                    org_kind_label(kind), c, attrs->name, o->a.name, s->line);
    if (parent_col >= 0 && !same(o->a.parent, attrs->parent))
        return ferr(p, rec, parent_col, m, "%s %s has parent %s here but %s on line %ld",
                    org_kind_label(kind), c, attrs->parent ? attrs->parent : "none",
                    o->a.parent ? o->a.parent : "none", s->line);
    if (ons_col >= 0 && !same(o->a.ons_code, attrs->ons_code))
        return ferr(p, rec, ons_col, m, "%s %s has ONS code %s here but %s on line %ld",
                    org_kind_label(kind), c, attrs->ons_code ? attrs->ons_code : "none",
                    o->a.ons_code ? o->a.ons_code : "none", s->line);
    return 0;
}

static void count_pcn_sub(struct parse *p, const char *pcn, const char *sub)
{
    struct pcn_subs *ps = strmap_get(&p->pcn_subs, pcn);
    if (!ps) {
        ps = ARENA_NEW(p->a, struct pcn_subs);
        ps->pcn = pcn;
        strmap_put(&p->pcn_subs, pcn, ps);
    }
    for (size_t i = 0; i < ps->n; i++) {
        if (strcmp(ps->sub[i], sub) == 0) {
            ps->count[i]++;
            return;
        }
    }
    if (ps->n < ARRAY_SIZE(ps->sub)) {
        ps->sub[ps->n] = sub;
        ps->count[ps->n++] = 1;
    }
}

static int on_header(struct parse *p, const struct csv_record *rec, struct pcn_msg *m)
{
    memcpy(p->cols, columns, sizeof p->cols);
    int rc = csv_map_header(rec, p->cols, C_COUNT, p->src->name, m);
    for (int c = 0; !rc && c < C_COUNT; c++)
        if (p->cols[c].idx >= 0)
            p->hdr[c] = arena_strdup(p->a, rec->f[p->cols[c].idx].p);
    return rc;
}

static int on_row(struct parse *p, const struct csv_record *rec, struct pcn_msg *m)
{
    const struct csv_field *df = fld(p, rec, C_EXTRACT_DATE);
    date_t d;
    int rc;

    if (date_parse_nhs(df->p, df->len, &d))
        return ferr(p, rec, C_EXTRACT_DATE, m,
                    "'%.*s' is not a date (expected a form such as 01Jul2026 or 2026-07-01)",
                    (int)(df->len > 40 ? 40 : df->len), df->p);
    char label[64];
    if ((rc = import_one_date(m, p->src->name, rec->line,
                              label_of(p, C_EXTRACT_DATE, label, sizeof label), d, &p->date,
                              &p->date_line)))
        return rc;

    const char *prac, *prac_name, *postcode, *supplier, *pcn = NULL, *pcn_name = NULL;
    const char *sub, *sub_name, *sub_ons, *icb, *icb_name, *icb_ons, *reg, *reg_name, *reg_ons;
    if ((rc = code(p, rec, C_PRACTICE_CODE, ORG_PRACTICE, &prac, m)) ||
        (rc = text(p, rec, C_PRACTICE_NAME, true, &prac_name, m)) ||
        (rc = text(p, rec, C_PRACTICE_POSTCODE, false, &postcode, m)) ||
        (rc = text(p, rec, C_SUPPLIER, false, &supplier, m)) ||
        (rc = code(p, rec, C_SUB_CODE, ORG_SUB_ICB, &sub, m)) ||
        (rc = text(p, rec, C_SUB_NAME, true, &sub_name, m)) ||
        (rc = text(p, rec, C_SUB_ONS, false, &sub_ons, m)) ||
        (rc = code(p, rec, C_ICB_CODE, ORG_ICB, &icb, m)) ||
        (rc = text(p, rec, C_ICB_NAME, true, &icb_name, m)) ||
        (rc = text(p, rec, C_ICB_ONS, false, &icb_ons, m)) ||
        (rc = code(p, rec, C_REGION_CODE, ORG_REGION, &reg, m)) ||
        (rc = text(p, rec, C_REGION_NAME, true, &reg_name, m)) ||
        (rc = text(p, rec, C_REGION_ONS, false, &reg_ons, m)))
        return rc;
    const struct csv_field *pf = fld(p, rec, C_PCN_CODE);
    bool unallocated = pf->len == 0 || (pf->len == 1 && pf->p[0] == 'U');
    if (!unallocated) {
        if ((rc = code(p, rec, C_PCN_CODE, ORG_PCN, &pcn, m)) ||
            (rc = text(p, rec, C_PCN_NAME, true, &pcn_name, m)))
            return rc;
    }

    struct seen_org *dup = strmap_get(&p->org_index, prac);
    if (dup)
        return ferr(p, rec, C_PRACTICE_CODE, m, "practice %s is listed twice (first on line %ld)",
                    prac, dup->line);

    struct org_attrs ra = {.name = reg_name, .ons_code = reg_ons};
    struct org_attrs ia = {.name = icb_name, .ons_code = icb_ons, .parent = reg};
    struct org_attrs sa = {.name = sub_name, .ons_code = sub_ons, .parent = icb};
    struct org_attrs pa = {
        .name = prac_name, .parent = sub, .postcode = postcode, .supplier = supplier};
    if ((rc = add_org(p, rec, ORG_REGION, reg, &ra, C_REGION_NAME, -1, C_REGION_ONS, m)) ||
        (rc = add_org(p, rec, ORG_ICB, icb, &ia, C_ICB_NAME, C_REGION_CODE, C_ICB_ONS, m)) ||
        (rc = add_org(p, rec, ORG_SUB_ICB, sub, &sa, C_SUB_NAME, C_ICB_CODE, C_SUB_ONS, m)) ||
        (rc = add_org(p, rec, ORG_PRACTICE, prac, &pa, C_PRACTICE_NAME, -1, -1, m)))
        return rc;
    if (pcn) {
        /* The PCN's parent (its lead sub-ICB location) is set at the end. */
        struct org_attrs na = {.name = pcn_name};
        if ((rc = add_org(p, rec, ORG_PCN, pcn, &na, C_PCN_NAME, -1, -1, m)))
            return rc;
        count_pcn_sub(p, pcn, sub);
    }
    if (p->nmembers == p->members_cap)
        p->members = arena_grow(p->a, p->members, p->nmembers, &p->members_cap, sizeof *p->members);
    p->members[p->nmembers++] = (struct reg_member){prac, pcn};
    return 0;
}

static int on_record(void *ctx, const struct csv_record *rec, struct pcn_msg *m)
{
    struct parse *p = ctx;
    return rec->index == 0 ? on_header(p, rec, m) : on_row(p, rec, m);
}

int regmap_parse(const struct import_src *src, struct arena *a, struct reg_snapshot *out,
                 struct pcn_msg *m)
{
    struct parse p = {.src = src, .a = a, .date = DATE_NONE};
    struct csv_reader r;
    int rc;

    strmap_init(&p.org_index);
    strmap_init(&p.pcn_subs);
    csv_init(&r, src->name, on_record, &p);
    rc = import_src_read_csv(src, &r, m);
    if (!rc && csv_records(&r) == 0)
        rc = msg_set(m, PCN_EINVAL, "%s: the file is empty", src->name);
    else if (!rc && p.nmembers == 0)
        rc = msg_set(m, PCN_EINVAL, "%s: no practices after the header line", src->name);
    if (rc)
        goto out;

    /* Each PCN's lead sub-ICB location: most member practices, then the
     * lowest code. */
    for (size_t i = 0; i < p.norgs; i++) {
        struct reg_org *o = &p.orgs[i];
        if (o->kind != ORG_PCN)
            continue;
        struct pcn_subs *ps = strmap_get(&p.pcn_subs, o->code);
        size_t best = 0;
        for (size_t j = 1; j < ps->n; j++)
            if (ps->count[j] > ps->count[best] ||
                (ps->count[j] == ps->count[best] && strcmp(ps->sub[j], ps->sub[best]) < 0))
                best = j;
        o->a.parent = ps->sub[best];
    }
    out->date = p.date;
    out->source = arena_strdup(a, src->name);
    out->orgs = p.orgs;
    out->norgs = p.norgs;
    out->members = p.members;
    out->nmembers = p.nmembers;
out:
    csv_release(&r);
    strmap_release(&p.org_index);
    strmap_release(&p.pcn_subs);
    return rc;
}

int regmap_import(struct db *db, const struct import_src *src, struct import_result *res,
                  struct pcn_msg *m)
{
    struct arena a;
    struct reg_snapshot s;
    struct reg_changes ch;
    int rc;

    arena_init(&a, 1024 * 1024);
    if ((rc = regmap_parse(src, &a, &s, m)))
        goto out;
    if ((rc = db_begin(db, m)))
        goto out;
    if ((rc = registry_apply(db, &s, &ch, m))) {
        db_rollback(db);
        goto out;
    }

    char iso[11];
    date_format_iso(s.date, iso);
    res->date = s.date;
    res->rows = (long)s.nmembers;
    res->written = ch.rows_written;
    long unallocated = 0;
    for (size_t i = 0; i < s.nmembers; i++)
        unallocated += s.members[i].pcn == NULL;
    struct buf b;
    buf_init(&b, sizeof res->summary - 1);
    buf_printf(&b, "Registry of %s: ", iso);
    buf_add_count(&b, ch.practices, "practice", "practices");
    BUF_LIT(&b, " in ");
    buf_add_count(&b, ch.pcns, "PCN", "PCNs");
    BUF_LIT(&b, " (");
    buf_add_count(&b, unallocated, "practice", "practices");
    BUF_LIT(&b, " in no PCN). ");
    if (ch.rows_written == 0) {
        BUF_LIT(&b, "Already loaded: nothing changed.");
    } else if (ch.first) {
        BUF_LIT(&b, "First registry publication loaded.");
    } else {
        BUF_LIT(&b, "Changes as of this date: ");
        buf_add_count(&b, ch.joined, "practice", "practices");
        BUF_LIT(&b, " joined a PCN, ");
        buf_add_i64(&b, ch.left, true);
        BUF_LIT(&b, " left one, ");
        buf_add_i64(&b, ch.moved, true);
        BUF_LIT(&b, " moved to another; ");
        buf_add_count(&b, ch.renamed, "organisation", "organisations");
        BUF_LIT(&b, " renamed; ");
        buf_add_count(&b, ch.orgs_added, "new code", "new codes");
        BUF_LIT(&b, ".");
    }
    snprintf(res->summary, sizeof res->summary, "%s", b.buf);
    buf_release(&b);
    /* The rows and their entry in one transaction. */
    rc = import_end(db, src, res, rc, m);
out:
    arena_release(&a);
    return rc;
}
