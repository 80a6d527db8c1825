#include "common.h"
#include "listsize.h"
#include "arena.h"
#include "buf.h"
#include "db.h"
#include "ods.h"
#include "registry.h"
#include "strmap.h"

#define NBANDS LIST_BANDS
#define MAX_AGE 95 /* "95+" */

enum level { LV_PRACTICE, LV_PCN, LV_SUB_ICB, LV_ICB, LV_REGION, LV_COUNT };

static const char *const level_label[LV_COUNT] = {
    "practice", "PCN", "sub-ICB location", "ICB", "region",
};

/* Counts for one organisation; -1 where the file gave no value. */
struct counts {
    int64_t total, male, female;
    int64_t m[NBANDS], f[NBANDS];
};

struct org_counts {
    const char *code;
    enum level level;
    long line; /* its first row */
    struct counts c;
    uint8_t seen[3][MAX_AGE + 2]; /* [sex][age or band + 1], for duplicates */
};

enum { C_DATE, C_TYPE, C_CODE, C_SEX, C_AGE, C_COUNT_, C_NCOLS };

struct parse {
    const struct import_src *src;
    struct arena *a;
    struct csv_col cols[C_NCOLS];
    const char *hdr[C_NCOLS];
    bool single_year;
    date_t date;
    long date_line;
    struct strmap orgs[LV_COUNT]; /* code -> struct org_counts */
    long rows;
};

static void counts_init(struct counts *c)
{
    c->total = c->male = c->female = -1;
    for (int b = 0; b < NBANDS; b++)
        c->m[b] = c->f[b] = -1;
}

static int ferr(const struct parse *p, const struct csv_record *rec, int c, struct pcn_msg *m,
                const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int ferr(const struct parse *p, const struct csv_record *rec, int c, struct pcn_msg *m,
                const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = import_field_verror(m, p->src->name, rec->line, p->hdr[c] ? p->hdr[c] : "?", fmt, ap);
    va_end(ap);
    return rc;
}

static const struct csv_field *fld(const struct parse *p, const struct csv_record *rec, int c)
{
    return &rec->f[p->cols[c].idx];
}

#define SHOW(f) (int)((f)->len > 40 ? 40 : (f)->len), (f)->p

static int on_header(struct parse *p, const struct csv_record *rec, struct pcn_msg *m)
{
    static const struct csv_col quin[C_NCOLS] = {
        [C_DATE] = {"EXTRACT_DATE", true, -1}, [C_TYPE] = {"ORG_TYPE", true, -1},
        [C_CODE] = {"ORG_CODE", true, -1},     [C_SEX] = {"SEX", true, -1},
        [C_AGE] = {"AGE_GROUP_5", true, -1},   [C_COUNT_] = {"NUMBER_OF_PATIENTS", true, -1},
    };
    static const struct csv_col single[C_NCOLS] = {
        [C_DATE] = {"EXTRACT_DATE", true, -1}, [C_TYPE] = {"TYPE", true, -1},
        [C_CODE] = {"CODE", true, -1},         [C_SEX] = {"SEX", true, -1},
        [C_AGE] = {"AGE", true, -1},           [C_COUNT_] = {"NUMBER_OF_PATIENTS", true, -1},
    };
    bool has_age5 = false;
    for (size_t i = 0; i < rec->nfields; i++)
        if (csv_header_eq(rec->f[i].p, rec->f[i].len, "AGE_GROUP_5"))
            has_age5 = true;
    p->single_year = !has_age5;
    memcpy(p->cols, has_age5 ? quin : single, sizeof p->cols);
    int rc = csv_map_header(rec, p->cols, C_NCOLS, p->src->name, m);
    if (rc)
        return rc;
    for (int c = 0; c < C_NCOLS; c++)
        p->hdr[c] = arena_strdup(p->a, rec->f[p->cols[c].idx].p);
    return 0;
}

static int parse_level(const struct csv_field *f, enum level *out)
{
    static const struct {
        const char *word;
        enum level lv;
    } words[] = {
        {"GP", LV_PRACTICE},
        {"PCN", LV_PCN},
        {"SUB_ICB_LOCATION_CODE", LV_SUB_ICB},
        {"SUB_ICB_LOCATION", LV_SUB_ICB},
        {"CCG", LV_SUB_ICB},
        {"ICB", LV_ICB},
        {"STP", LV_ICB},
        {"COMM REGION", LV_REGION},
        {"COMM_REGION", LV_REGION},
    };
    for (size_t i = 0; i < ARRAY_SIZE(words); i++) {
        if (csv_header_eq(f->p, f->len, words[i].word)) {
            *out = words[i].lv;
            return 0;
        }
    }
    return PCN_EINVAL;
}

/* The age column: -1 for ALL, else a band index (quinary file) or an age
 * in years, 95 meaning 95 and over (single-year file). */
static int parse_age(const struct csv_field *f, bool single_year, int *out)
{
    int64_t lo, hi;
    if (f->len == 3 && memcmp(f->p, "ALL", 3) == 0) {
        *out = -1;
        return 0;
    }
    if (f->len == 3 && memcmp(f->p, "95+", 3) == 0) {
        *out = single_year ? MAX_AGE : NBANDS - 1;
        return 0;
    }
    if (single_year) {
        if (parse_i64n(f->p, f->len, 0, MAX_AGE - 1, &lo))
            return PCN_EINVAL;
        *out = (int)lo;
        return 0;
    }
    const char *us = memchr(f->p, '_', f->len);
    if (!us || parse_i64n(f->p, (size_t)(us - f->p), 0, 90, &lo) ||
        parse_i64n(us + 1, f->len - (size_t)(us - f->p) - 1, 0, 94, &hi) || lo % 5 || hi != lo + 4)
        return PCN_EINVAL;
    *out = (int)(lo / 5);
    return 0;
}

static int on_row(struct parse *p, const struct csv_record *rec, struct pcn_msg *m)
{
    const struct csv_field *f;
    enum level lv;
    int sex, age, rc;
    int64_t n;
    date_t d;

    f = fld(p, rec, C_DATE);
    if (date_parse_nhs(f->p, f->len, &d))
        return ferr(p, rec, C_DATE, m,
                    "'%.*s' is not a date (expected a form such as 2026-07-01 or 01Jul2026)",
                    SHOW(f));
    if ((rc = import_one_date(m, p->src->name, rec->line, p->hdr[C_DATE] ? p->hdr[C_DATE] : "?", d,
                              &p->date, &p->date_line)))
        return rc;
    f = fld(p, rec, C_TYPE);
    if (parse_level(f, &lv))
        return ferr(p, rec, C_TYPE, m,
                    "'%.*s' is not an organisation type (GP, PCN, SUB_ICB_LOCATION_CODE, ICB "
                    "or Comm Region)",
                    SHOW(f));
    f = fld(p, rec, C_CODE);
    static const enum org_kind kinds[LV_COUNT] = {ORG_PRACTICE, ORG_PCN, ORG_SUB_ICB, ORG_ICB,
                                                  ORG_REGION};
    bool placeholder = lv == LV_PCN && f->len == 1 && f->p[0] == 'U';
    if (!placeholder && !ods_is_valid(kinds[lv], f->p, f->len))
        return ferr(p, rec, C_CODE, m, "'%.*s' is not %s code (%s)", SHOW(f), org_kind_a(kinds[lv]),
                    ods_format_hint(kinds[lv]));
    const struct csv_field *code = f;
    f = fld(p, rec, C_SEX);
    if (csv_header_eq(f->p, f->len, "ALL"))
        sex = 0;
    else if (csv_header_eq(f->p, f->len, "MALE"))
        sex = 1;
    else if (csv_header_eq(f->p, f->len, "FEMALE"))
        sex = 2;
    else
        return ferr(p, rec, C_SEX, m, "'%.*s' is not ALL, MALE or FEMALE", SHOW(f));
    f = fld(p, rec, C_AGE);
    if (parse_age(f, p->single_year, &age))
        return ferr(p, rec, C_AGE, m,
                    p->single_year ? "'%.*s' is not an age (ALL, 0 to 94, or 95+)"
                                   : "'%.*s' is not an age band (ALL, 0_4, 5_9, ... 90_94, 95+)",
                    SHOW(f));
    f = fld(p, rec, C_COUNT_);
    if (parse_i64n(f->p, f->len, 0, 1000000000, &n)) {
        if (f->len && f->p[0] == '-')
            return ferr(p, rec, C_COUNT_, m, "'%.*s' is negative; a count of patients is 0 or more",
                        SHOW(f));
        return ferr(p, rec, C_COUNT_, m, "'%.*s' is not a whole number of patients", SHOW(f));
    }

    struct org_counts *oc = strmap_get(&p->orgs[lv], code->p);
    if (!oc) {
        oc = ARENA_NEW(p->a, struct org_counts);
        oc->code = arena_strndup(p->a, code->p, code->len);
        oc->level = lv;
        oc->line = rec->line;
        counts_init(&oc->c);
        strmap_put(&p->orgs[lv], oc->code, oc);
    }
    uint8_t *seen = &oc->seen[sex][age + 1];
    if (*seen)
        return ferr(p, rec, C_CODE, m,
                    "a second row for %s %s, SEX %s, age %s (the same row twice?)", level_label[lv],
                    oc->code,
                    sex == 0   ? "ALL"
                    : sex == 1 ? "MALE"
                               : "FEMALE",
                    fld(p, rec, C_AGE)->p);
    *seen = 1;
    struct counts *c = &oc->c;
    if (age < 0) {
        int64_t *t = sex == 0 ? &c->total : sex == 1 ? &c->male : &c->female;
        *t = n;
    } else if (sex > 0) {
        int band = p->single_year ? (age >= MAX_AGE ? NBANDS - 1 : age / 5) : age;
        int64_t *t = sex == 1 ? &c->m[band] : &c->f[band];
        *t = (*t < 0 ? 0 : *t) + n;
    }
    p->rows++;
    return 0;
}

static int on_record(void *ctx, const struct csv_record *rec, struct pcn_msg *m)
{
    struct parse *p = ctx;
    return rec->index == 0 ? on_header(p, rec, m) : on_row(p, rec, m);
}

/* ---- roll-up check ------------------------------------------------------ */

static void counts_add(struct counts *sum, const struct counts *c)
{
#define ADD(x) sum->x = (sum->x < 0 ? 0 : sum->x) + (c->x < 0 ? 0 : c->x)
    ADD(total);
    ADD(male);
    ADD(female);
    for (int b = 0; b < NBANDS; b++) {
        ADD(m[b]);
        ADD(f[b]);
    }
#undef ADD
}

/* Compares a row of the file with our sum; on a difference, describes the
 * first one into what. */
static bool counts_match(const struct counts *file, const struct counts *ours, struct buf *what)
{
    static const char *const bands[NBANDS] = {
        "0_4",   "5_9",   "10_14", "15_19", "20_24", "25_29", "30_34", "35_39", "40_44", "45_49",
        "50_54", "55_59", "60_64", "65_69", "70_74", "75_79", "80_84", "85_89", "90_94", "95+",
    };
#define CHECK(x, label)                                                                            \
    do {                                                                                           \
        int64_t ov = ours->x < 0 ? 0 : ours->x;                                                    \
        if (file->x >= 0 && file->x != ov) {                                                       \
            buf_printf(what, "%s: the file gives ", label);                                        \
            buf_add_i64(what, file->x, true);                                                      \
            BUF_LIT(what, " but its practices add up to ");                                        \
            buf_add_i64(what, ov, true);                                                           \
            return false;                                                                          \
        }                                                                                          \
    } while (0)
    CHECK(total, "all patients");
    CHECK(male, "male patients");
    CHECK(female, "female patients");
    char label[32];
    for (int b = 0; b < NBANDS; b++) {
        snprintf(label, sizeof label, "males aged %s", bands[b]);
        CHECK(m[b], label);
        snprintf(label, sizeof label, "females aged %s", bands[b]);
        CHECK(f[b], label);
    }
#undef CHECK
    return true;
}

/* Loads code -> parent (or PCN) holding on the date into map, strings in a. */
static int load_links(struct db *db, const char *sql, date_t on, struct arena *a,
                      struct strmap *map, struct pcn_msg *m)
{
    struct db_stmt *st;
    char iso[11];
    int rc = db_prepare(db, sql, &st, m);
    if (rc)
        return rc;
    date_format_iso(on, iso);
    db_bind_text(st, 1, iso);
    db_bind_text(st, 2, iso);
    while ((rc = db_step(st, m)) == 1) {
        const char *k = arena_strdup(a, db_col_text(st, 0));
        const char *v = db_col_null(st, 1) ? "" : arena_strdup(a, db_col_text(st, 1));
        strmap_put(map, k, (void *)v);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static int rollup_check(struct db *db, struct parse *p, struct import_result *res,
                        struct pcn_msg *m)
{
    struct strmap member, parent; /* practice -> pcn; code -> parent */
    struct strmap sums[LV_COUNT];
    struct arena *a = p->a;
    struct buf what;
    char iso[11];
    int rc;

    date_format_iso(p->date, iso);
    bool any_checks = false;
    for (int lv = LV_PCN; lv < LV_COUNT; lv++)
        any_checks |= p->orgs[lv].n > 0;
    if (!any_checks)
        return 0;

    strmap_init(&member);
    strmap_init(&parent);
    for (int lv = 0; lv < LV_COUNT; lv++)
        strmap_init(&sums[lv]);
    buf_init(&what, 512);
    if ((rc = load_links(db,
                         "SELECT practice_code, pcn_code FROM membership "
                         "WHERE valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)",
                         p->date, a, &member, m)) ||
        (rc = load_links(db,
                         "SELECT code, parent_code FROM org_version "
                         "WHERE valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)",
                         p->date, a, &parent, m)))
        goto out;
    if (parent.n == 0) {
        import_warn(res,
                    "No registry publication holds on %s, so the totals for PCNs, sub-ICB "
                    "locations, ICBs and regions in the file were not checked. Import the "
                    "registry (gp-reg-pat-prac-map) of the same month first.",
                    iso);
        goto out;
    }

    /* Sum each practice into its PCN (or "U"), sub-ICB, ICB and region. */
    long unknown = 0;
    const char *k;
    void *v;
    for (size_t it = 0; strmap_next(&p->orgs[LV_PRACTICE], &it, &k, &v);) {
        const struct org_counts *pc = v;
        const char *sub = strmap_get(&parent, pc->code);
        if (!sub) {
            if (unknown++ < 5)
                import_warn(res,
                            "Practice %s (line %ld) is not in the registry on %s, so it is "
                            "left out of the totals checked.",
                            pc->code, pc->line, iso);
            continue;
        }
        const char *pcn = strmap_get(&member, pc->code);
        const char *icb = *sub ? strmap_get(&parent, sub) : NULL;
        const char *region = icb && *icb ? strmap_get(&parent, icb) : NULL;
        const char *up[LV_COUNT] = {NULL, pcn ? pcn : "U", sub, icb, region};
        for (int lv = LV_PCN; lv < LV_COUNT; lv++) {
            if (!up[lv] || !*up[lv])
                continue;
            struct counts *s = strmap_get(&sums[lv], up[lv]);
            if (!s) {
                s = ARENA_NEW(a, struct counts);
                counts_init(s);
                strmap_put(&sums[lv], up[lv], s);
            }
            counts_add(s, &pc->c);
        }
    }
    if (unknown > 5)
        import_warn(res, "%ld more practices are not in the registry on %s.", unknown - 5, iso);

    for (int lv = LV_PCN; lv < LV_COUNT; lv++) {
        for (size_t it = 0; strmap_next(&p->orgs[lv], &it, &k, &v);) {
            const struct org_counts *oc = v;
            struct counts zero;
            counts_init(&zero);
            const struct counts *ours = strmap_get(&sums[lv], oc->code);
            res->checks++;
            buf_reset(&what);
            if (!counts_match(&oc->c, ours ? ours : &zero, &what)) {
                res->check_failures++;
                import_warn(res, "%s %s (line %ld): %s.", level_label[lv], oc->code, oc->line,
                            what.buf);
            }
        }
    }
out:
    buf_release(&what);
    strmap_release(&member);
    strmap_release(&parent);
    for (int lv = 0; lv < LV_COUNT; lv++)
        strmap_release(&sums[lv]);
    return rc;
}

/* ---- writing ------------------------------------------------------------ */

static const char upsert_sql[] =
    "INSERT INTO list_size (practice_code, list_date, total, male, female, "
    "m00, m05, m10, m15, m20, m25, m30, m35, m40, m45, m50, m55, m60, m65, m70, m75, m80, "
    "m85, m90, m95, f00, f05, f10, f15, f20, f25, f30, f35, f40, f45, f50, f55, f60, f65, "
    "f70, f75, f80, f85, f90, f95) VALUES (?, ?, ?, ?, ?, "
    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (practice_code, list_date) DO UPDATE SET total = excluded.total, "
    "male = excluded.male, female = excluded.female, "
    "m00 = excluded.m00, m05 = excluded.m05, m10 = excluded.m10, m15 = excluded.m15, "
    "m20 = excluded.m20, m25 = excluded.m25, m30 = excluded.m30, m35 = excluded.m35, "
    "m40 = excluded.m40, m45 = excluded.m45, m50 = excluded.m50, m55 = excluded.m55, "
    "m60 = excluded.m60, m65 = excluded.m65, m70 = excluded.m70, m75 = excluded.m75, "
    "m80 = excluded.m80, m85 = excluded.m85, m90 = excluded.m90, m95 = excluded.m95, "
    "f00 = excluded.f00, f05 = excluded.f05, f10 = excluded.f10, f15 = excluded.f15, "
    "f20 = excluded.f20, f25 = excluded.f25, f30 = excluded.f30, f35 = excluded.f35, "
    "f40 = excluded.f40, f45 = excluded.f45, f50 = excluded.f50, f55 = excluded.f55, "
    "f60 = excluded.f60, f65 = excluded.f65, f70 = excluded.f70, f75 = excluded.f75, "
    "f80 = excluded.f80, f85 = excluded.f85, f90 = excluded.f90, f95 = excluded.f95 "
    "WHERE (list_size.total, list_size.male, list_size.female, "
    " list_size.m00, list_size.m05, list_size.m10, list_size.m15, list_size.m20, "
    " list_size.m25, list_size.m30, list_size.m35, list_size.m40, list_size.m45, "
    " list_size.m50, list_size.m55, list_size.m60, list_size.m65, list_size.m70, "
    " list_size.m75, list_size.m80, list_size.m85, list_size.m90, list_size.m95, "
    " list_size.f00, list_size.f05, list_size.f10, list_size.f15, list_size.f20, "
    " list_size.f25, list_size.f30, list_size.f35, list_size.f40, list_size.f45, "
    " list_size.f50, list_size.f55, list_size.f60, list_size.f65, list_size.f70, "
    " list_size.f75, list_size.f80, list_size.f85, list_size.f90, list_size.f95) "
    "IS DISTINCT FROM (excluded.total, excluded.male, excluded.female, "
    " excluded.m00, excluded.m05, excluded.m10, excluded.m15, excluded.m20, excluded.m25, "
    " excluded.m30, excluded.m35, excluded.m40, excluded.m45, excluded.m50, excluded.m55, "
    " excluded.m60, excluded.m65, excluded.m70, excluded.m75, excluded.m80, excluded.m85, "
    " excluded.m90, excluded.m95, excluded.f00, excluded.f05, excluded.f10, excluded.f15, "
    " excluded.f20, excluded.f25, excluded.f30, excluded.f35, excluded.f40, excluded.f45, "
    " excluded.f50, excluded.f55, excluded.f60, excluded.f65, excluded.f70, excluded.f75, "
    " excluded.f80, excluded.f85, excluded.f90, excluded.f95)";

static void bind_count(struct db_stmt *st, int idx, int64_t v)
{
    if (v < 0)
        db_bind_null(st, idx);
    else
        db_bind_int(st, idx, v);
}

static int write_lists(struct db *db, struct parse *p, struct import_result *res, struct pcn_msg *m)
{
    struct db_stmt *ins = NULL, *pub = NULL;
    char iso[11];
    int rc;

    date_format_iso(p->date, iso);
    if ((rc = db_prepare(db,
                         "INSERT INTO publication (kind, extract_date, source, row_count) "
                         "VALUES ('list_size', ?, ?, ?) ON CONFLICT (kind, extract_date) "
                         "DO UPDATE SET source = excluded.source, row_count = excluded.row_count "
                         "WHERE publication.row_count <> excluded.row_count",
                         &pub, m)))
        return rc;
    db_bind_text(pub, 1, iso);
    db_bind_text(pub, 2, p->src->name);
    db_bind_int(pub, 3, p->rows);
    if ((rc = db_run(pub, m)))
        goto out;
    res->written += db_changes(db);
    if ((rc = db_prepare(db, upsert_sql, &ins, m)))
        goto out;
    const char *k;
    void *v;
    for (size_t it = 0; strmap_next(&p->orgs[LV_PRACTICE], &it, &k, &v);) {
        const struct org_counts *oc = v;
        const struct counts *c = &oc->c;
        int i = 1;
        db_bind_text(ins, i++, oc->code);
        db_bind_text(ins, i++, iso);
        db_bind_int(ins, i++, c->total);
        bind_count(ins, i++, c->male);
        bind_count(ins, i++, c->female);
        for (int b = 0; b < NBANDS; b++)
            bind_count(ins, i++, c->m[b]);
        for (int b = 0; b < NBANDS; b++)
            bind_count(ins, i++, c->f[b]);
        if ((rc = db_run(ins, m)))
            goto out;
        res->written += db_changes(db);
    }
out:
    db_finalize(pub);
    db_finalize(ins);
    return rc;
}

/* Every practice needs its total; sex and band sums should agree. */
static int check_practices(struct parse *p, struct import_result *res, struct pcn_msg *m)
{
    const char *k;
    void *v;
    long inconsistent = 0;
    for (size_t it = 0; strmap_next(&p->orgs[LV_PRACTICE], &it, &k, &v);) {
        const struct org_counts *oc = v;
        const struct counts *c = &oc->c;
        if (c->total < 0)
            return msg_set(m, PCN_EINVAL, "%s:%ld: practice %s has no total row (SEX ALL, %s ALL)",
                           p->src->name, oc->line, oc->code, p->hdr[C_AGE]);
        if (c->male >= 0 && c->female >= 0 && c->male + c->female != c->total && inconsistent++ < 5)
            import_warn(res,
                        "Practice %s (line %ld): %" PRId64 " male and %" PRId64
                        " female patients do not add up to its total of %" PRId64 ".",
                        oc->code, oc->line, c->male, c->female, c->total);
    }
    if (inconsistent > 5)
        import_warn(res,
                    "%ld more practices whose male and female counts do not add up to "
                    "their total.",
                    inconsistent - 5);
    return 0;
}

int listsize_import(struct db *db, const struct import_src *src, struct import_result *res,
                    struct pcn_msg *m)
{
    struct arena a;
    struct parse p = {.src = src, .a = &a, .date = DATE_NONE};
    struct csv_reader r;
    int rc;

    arena_init(&a, 1024 * 1024);
    for (int lv = 0; lv < LV_COUNT; lv++)
        strmap_init(&p.orgs[lv]);
    csv_init(&r, src->name, on_record, &p);
    rc = import_src_read_csv(src, &r, m);
    if (!rc && csv_records(&r) == 0)
        rc = msg_set(m, PCN_EINVAL, "%s: the file is empty", src->name);
    else if (!rc && p.orgs[LV_PRACTICE].n == 0)
        rc = msg_set(m, PCN_EINVAL, "%s: no practice (GP) rows after the header line", src->name);
    if (rc || (rc = check_practices(&p, res, m)))
        goto out;

    if ((rc = db_begin(db, m)))
        goto out;
    if ((rc = write_lists(db, &p, res, m)) || (rc = rollup_check(db, &p, res, m))) {
        db_rollback(db);
        goto out;
    }

    int64_t patients = 0;
    const char *k;
    void *v;
    for (size_t it = 0; strmap_next(&p.orgs[LV_PRACTICE], &it, &k, &v);)
        patients += ((const struct org_counts *)v)->c.total;
    res->date = p.date;
    res->rows = p.rows;
    struct buf s;
    buf_init(&s, sizeof res->summary - 1);
    char iso[11];
    date_format_iso(p.date, iso);
    buf_printf(&s, "List sizes of %s: ", iso);
    buf_add_count(&s, (int64_t)p.orgs[LV_PRACTICE].n, "practice", "practices");
    BUF_LIT(&s, ", ");
    buf_add_count(&s, patients, "registered patient", "registered patients");
    BUF_LIT(&s, ". ");
    if (res->checks) {
        BUF_LIT(&s, "Checked the file's own totals against the practices: ");
        bool first = true;
        for (int lv = LV_PCN; lv < LV_COUNT; lv++) {
            if (!p.orgs[lv].n)
                continue;
            char many[32];
            snprintf(many, sizeof many, "%ss", level_label[lv]);
            if (!first)
                BUF_LIT(&s, ", ");
            buf_add_count(&s, (int64_t)p.orgs[lv].n, level_label[lv], many);
            first = false;
        }
        if (res->check_failures)
            buf_printf(&s, "; %ld did not match (see the warnings). ", res->check_failures);
        else
            BUF_LIT(&s, "; all match. ");
    }
    if (res->written == 0)
        BUF_LIT(&s, "Already loaded: nothing changed.");
    snprintf(res->summary, sizeof res->summary, "%s", s.buf);
    buf_release(&s);
    /* The rows and their entry in one transaction. */
    rc = import_end(db, src, res, rc, m);
out:
    csv_release(&r);
    for (int lv = 0; lv < LV_COUNT; lv++)
        strmap_release(&p.orgs[lv]);
    arena_release(&a);
    return rc;
}
