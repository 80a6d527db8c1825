#include "common.h"
#include "iifpub.h"
#include "arena.h"
#include "buf.h"
#include "db.h"
#include "dbbatch.h"
#include "iif.h"
#include "ods.h"
#include "rules.h"
#include "strmap.h"

/* ---- the publication --------------------------------------------------- */

enum { C_TYPE, C_CODE, C_NAME, C_QS, C_DATE, C_IND, C_MEASURE, C_VALUE, C_NCOLS };

static const char *const col_names[C_NCOLS] = {
    "ORGANISATION_TYPE", "ORGANISATION_CODE", "ORGANISATION_NAME", "QUALITY_SERVICE",
    "ACH_DATE",          "IND_CODE",          "MEASURE",           "VALUE",
};

struct row {
    const char *org, *name, *ind;
    bool practice;
    const struct rule_iif_measure *meas;
    int64_t value;
    long line;
};

struct parse {
    const struct import_src *src;
    struct arena *a;
    const struct rules *r;
    const struct rules_year *y;
    struct csv_col cols[C_NCOLS];
    struct row *rows;
    size_t n, cap;
    date_t ach;
    long ach_line;
    struct strmap seen;     /* "ORG CODE part" -> row */
    struct strmap orgs;     /* ORG -> first row      */
    struct strmap measures; /* MEASURE text -> rule row */
};

#define SHOW(f) (int)((f)->len > 60 ? 60 : (f)->len), (f)->p
/* A published figure: a whole number from 0 up to a trillion. */
#define VALUE_MAX 1000000000000LL

static const struct csv_field *fld(const struct parse *p, const struct csv_record *rec, int c)
{
    return &rec->f[p->cols[c].idx];
}

/* The year's rules and its MEASURE texts, from the first data row. */
static int year_of(struct parse *p, const struct csv_record *rec, struct pcn_msg *m)
{
    char fy[8], dir[8];
    fy_format(fy_of(p->ach), fy);
    fy_format_dir(fy_of(p->ach), dir);
    p->y = rules_year(p->r, fy_of(p->ach));
    if (!p->y)
        return import_field_error(m, p->src->name, rec->line, col_names[C_DATE],
                                  "the rules have no year %s for this achievement date: add "
                                  "rules/%s with its iif_measures.csv",
                                  fy, dir);
    for (size_t i = 0; i < p->y->niif_measures; i++) {
        const struct rule_iif_measure *x = &p->y->iif_measures[i];
        if (x->m.from <= p->ach && p->ach <= x->m.to)
            strmap_put(&p->measures, x->measure, (void *)x);
    }
    if (p->measures.n == 0)
        return import_field_error(m, p->src->name, rec->line, col_names[C_MEASURE],
                                  "%s/iif_measures.csv maps no MEASURE texts for %s: add the "
                                  "publication's (rules/README.md)",
                                  p->y->dir, fy);
    return 0;
}

static int on_record(void *ctx, const struct csv_record *rec, struct pcn_msg *m)
{
    struct parse *p = ctx;
    const char *file = p->src->name;
    if (rec->index == 0)
        return csv_map_names(rec, col_names, p->cols, C_NCOLS, file, m);
    struct row r = {.line = rec->line};
    const struct csv_field *f = fld(p, rec, C_TYPE);
    if (csv_header_eq(f->p, f->len, "GP practice"))
        r.practice = true;
    else if (!csv_header_eq(f->p, f->len, "PCN"))
        return import_field_error(m, file, rec->line, col_names[C_TYPE],
                                  "'%.*s' is not an organisation type (GP practice or PCN)",
                                  SHOW(f));
    f = fld(p, rec, C_CODE);
    if (r.practice ? !ods_is_practice(f->p, f->len) : !ods_is_pcn(f->p, f->len))
        return import_field_error(
            m, file, rec->line, col_names[C_CODE], "'%.*s' is not a %s code (%s)", SHOW(f),
            r.practice ? "practice" : "PCN", ods_format_hint(r.practice ? ORG_PRACTICE : ORG_PCN));
    r.org = arena_strndup(p->a, f->p, f->len);
    f = fld(p, rec, C_NAME);
    if (f->len == 0)
        return import_field_error(m, file, rec->line, col_names[C_NAME], "is empty");
    const struct row *first = strmap_get(&p->orgs, r.org);
    r.name = first ? first->name : arena_strndup(p->a, f->p, f->len);
    if (fld(p, rec, C_QS)->len == 0)
        return import_field_error(m, file, rec->line, col_names[C_QS], "is empty");
    f = fld(p, rec, C_DATE);
    date_t ach;
    if (date_parse_nhs(f->p, f->len, &ach))
        return import_field_error(m, file, rec->line, col_names[C_DATE],
                                  "'%.*s' is not a date (like 31/03/2024)", SHOW(f));
    if (p->ach == DATE_NONE) {
        p->ach = ach;
        p->ach_line = rec->line;
        int rc = year_of(p, rec, m);
        if (rc)
            return rc;
    } else if (ach != p->ach) {
        char a1[11], a2[11];
        date_format_iso(ach, a1);
        date_format_iso(p->ach, a2);
        return import_field_error(m, file, rec->line, col_names[C_DATE],
                                  "%s is not the file's achievement date %s (line %ld): import "
                                  "one publication at a time",
                                  a1, a2, p->ach_line);
    }
    f = fld(p, rec, C_MEASURE);
    r.meas = strmap_get(&p->measures, f->p);
    if (!r.meas) {
        char fy[8];
        fy_format(p->y->fy, fy);
        return import_field_error(m, file, rec->line, col_names[C_MEASURE],
                                  "'%.*s' is not a measure of the %s IIF in %s/iif_measures.csv "
                                  "(add it there with its indicator and part)",
                                  SHOW(f), fy, p->y->dir);
    }
    f = fld(p, rec, C_IND);
    const struct rule_iif *ind = iif_rule(p->y, r.meas->code, p->ach);
    if (f->len == 0)
        return import_field_error(m, file, rec->line, col_names[C_IND], "is empty");
    if (ind && ind->nhs_id[0] && strcmp(ind->nhs_id, f->p) != 0)
        return import_field_error(m, file, rec->line, col_names[C_IND],
                                  "'%.*s' is not the NHS id of %s in %s (%s)", SHOW(f),
                                  r.meas->code, rule_cite(p->a, &ind->m), ind->nhs_id);
    r.ind = arena_strndup(p->a, f->p, f->len);
    f = fld(p, rec, C_VALUE);
    if (parse_i64n(f->p, f->len, 0, VALUE_MAX, &r.value))
        return import_field_error(m, file, rec->line, col_names[C_VALUE],
                                  "'%.*s' is not a whole number from 0", SHOW(f));
    if (first && first->practice != r.practice)
        return import_field_error(m, file, rec->line, col_names[C_TYPE], "%s is a %s on line %ld",
                                  r.org, first->practice ? "GP practice" : "PCN", first->line);
    char *key = arena_printf(p->a, "%s %s %s", r.org, r.meas->code,
                             rule_iif_part_name(r.meas->part));
    const struct row *dup = strmap_get(&p->seen, key);
    if (dup)
        return import_field_error(m, file, rec->line, col_names[C_MEASURE],
                                  "%s %s of %s is given twice (first on line %ld)", r.meas->code,
                                  rule_iif_part_name(r.meas->part), r.org, dup->line);
    if (p->n == p->cap)
        p->rows = arena_grow(p->a, p->rows, p->n, &p->cap, sizeof *p->rows);
    p->rows[p->n] = r;
    strmap_put(&p->seen, key, &p->rows[p->n]);
    if (!first)
        strmap_put(&p->orgs, r.org, &p->rows[p->n]);
    p->n++;
    return 0;
}

/* A numerator above its denominator (or a baseline numerator above its
 * baseline denominator) is an error at the numerator's line. */
static int check_pairs(struct parse *p, struct pcn_msg *m)
{
    for (size_t i = 0; i < p->n; i++) {
        const struct row *r = &p->rows[i];
        enum rule_iif_part den;
        if (r->meas->part == IIF_NUMERATOR)
            den = IIF_DENOMINATOR;
        else if (r->meas->part == IIF_BASELINE_NUMERATOR)
            den = IIF_BASELINE_DENOMINATOR;
        else
            continue;
        char key[128];
        snprintf(key, sizeof key, "%s %s %s", r->org, r->meas->code, rule_iif_part_name(den));
        const struct row *d = strmap_get(&p->seen, key);
        if (d && r->value > d->value)
            return import_field_error(m, p->src->name, r->line, col_names[C_VALUE],
                                      "the %s %s of %s (%" PRId64 ") is above its %s (%" PRId64
                                      ", line %ld)",
                                      r->meas->code, rule_iif_part_name(r->meas->part), r->org,
                                      r->value, rule_iif_part_name(den), d->value, d->line);
    }
    return 0;
}

static const char *grouped(struct arena *a, int64_t v)
{
    struct buf b;
    buf_init(&b, 32);
    buf_add_i64(&b, v, true);
    const char *s = arena_strdup(a, b.buf);
    buf_release(&b);
    return s;
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static const char *org_type(bool practice)
{
    return practice ? "practice" : "pcn";
}

/* How the practices of the file roll up through the registry on the
 * achievement date: warnings and words for the summary. */
static int rollup_report(struct db *db, struct parse *p, struct import_result *res, char *words,
                         size_t wlen, struct pcn_msg *m)
{
    struct db_stmt *st = NULL, *known = NULL;
    struct strmap pcns;
    struct buf first;
    long practices = 0, orphans = 0, unknown_pcns = 0, pcn_rows = 0;
    const char *first_unknown_pcn = NULL;
    const char **orph = NULL;
    size_t orph_cap = 0;
    int rc;
    strmap_init(&pcns);
    buf_init(&first, 4096);
    if ((rc = db_prepare(db,
                         "SELECT pcn_code FROM membership WHERE practice_code = ? AND "
                         "valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)",
                         &st, m)) ||
        (rc = db_prepare(db, "SELECT 1 FROM org WHERE code = ? AND kind = 'pcn'", &known, m)))
        goto out;
    size_t iter = 0;
    const char *code;
    void *val;
    while (strmap_next(&p->orgs, &iter, &code, &val)) {
        const struct row *r = val;
        if (!r->practice) {
            pcn_rows++;
            db_bind_text(known, 1, code);
            int k = db_step(known, m);
            db_reset(known);
            if (k < 0) {
                rc = k;
                goto out;
            }
            if (k == 0 && (unknown_pcns++ == 0 || strcmp(code, first_unknown_pcn) < 0))
                first_unknown_pcn = code;
            continue;
        }
        practices++;
        db_bind_text(st, 1, code);
        db_bind_date(st, 2, p->ach);
        db_bind_date(st, 3, p->ach);
        int k = db_step(st, m);
        if (k == 1)
            strmap_put(&pcns, arena_strdup(p->a, db_col_text(st, 0)), (void *)1);
        db_reset(st);
        if (k < 0) {
            rc = k;
            goto out;
        }
        if (k == 0) {
            if ((size_t)orphans == orph_cap)
                orph = arena_grow(p->a, orph, (size_t)orphans, &orph_cap, sizeof *orph);
            orph[orphans++] = code;
        }
    }
    if (orphans) /* orph is NULL when there are none, and qsort(NULL, 0) is undefined */
        qsort(orph, (size_t)orphans, sizeof *orph, cmp_str);
    for (long i = 0; i < orphans && i < 10; i++)
        buf_printf(&first, "%s%s", i ? ", " : "", orph[i]);
    char day[40], fy[8];
    struct buf b;
    buf_init(&b, 64);
    date_add_uk(&b, p->ach);
    snprintf(day, sizeof day, "%s", b.buf);
    buf_release(&b);
    fy_format(p->y->fy, fy);
    if (practices)
        snprintf(words, wlen,
                 " Practice figures roll up to %s PCN%s through the registry on %s; %s "
                 "practice%s no known PCN on that date.",
                 grouped(p->a, (int64_t)pcns.n), pcns.n == 1 ? "" : "s", day,
                 grouped(p->a, orphans), orphans == 1 ? " has" : "s have");
    if (orphans)
        import_warn(res,
                    "%s: %s practice%s no known PCN on %s (%s%s): their figures are kept, not "
                    "dropped; 'pcnops iif unallocated --year %s' lists them all",
                    p->src->name, grouped(p->a, orphans), orphans == 1 ? " has" : "s have", day,
                    first.buf, orphans > 10 ? ", ..." : "", fy);
    if (unknown_pcns)
        import_warn(res,
                    "%s: %s of its %s PCNs %s not in the registry (the first is %s): their "
                    "figures are kept for when it is loaded",
                    p->src->name, grouped(p->a, unknown_pcns), grouped(p->a, pcn_rows),
                    unknown_pcns == 1 ? "is" : "are", first_unknown_pcn);
    res->checks = practices;
    res->check_failures = orphans;
out:
    db_finalize(st);
    db_finalize(known);
    strmap_release(&pcns);
    buf_release(&first);
    return rc;
}

struct rows_of {
    const struct parse *p;
    char ach[11];
};

static void row_values(void *ctx, struct dbbatch *b, size_t i)
{
    const struct rows_of *o = ctx;
    const struct row *w = &o->p->rows[i];
    dbbatch_int(b, o->p->y->fy);
    dbbatch_text(b, o->ach);
    dbbatch_text(b, w->org);
    dbbatch_text(b, org_type(w->practice));
    dbbatch_text(b, w->name);
    dbbatch_text(b, w->meas->code);
    dbbatch_text(b, rule_iif_part_name(w->meas->part));
    dbbatch_int(b, w->value);
    dbbatch_text(b, w->ind);
    dbbatch_text(b, w->meas->measure);
    dbbatch_text(b, o->p->src->name);
}

/* The summary, once the rows are written and the roll-up reported (its
 * words after the figures). */
static void summarise(const struct parse *p, const char *words, struct arena *a,
                      struct import_result *res)
{
    res->rows = (long)p->n;
    res->date = p->ach;
    long practices = 0, pcns = 0;
    struct strmap codes;
    strmap_init(&codes);
    for (size_t i = 0; i < p->n; i++)
        strmap_put(&codes, p->rows[i].meas->code, (void *)1);
    size_t iter = 0;
    const char *k;
    void *v;
    while (strmap_next(&p->orgs, &iter, &k, &v))
        ((const struct row *)v)->practice ? practices++ : pcns++;
    char fy[8];
    fy_format(p->y->fy, fy);
    struct buf day;
    buf_init(&day, 64);
    date_add_uk(&day, p->ach);
    const char *summary = arena_printf(
        a,
        "iif %s, achievement date %s: %s figures of %zu indicators for %s practices "
        "and %s PCNs; %s written.%s%s",
        fy, day.buf, grouped(a, (int64_t)p->n), codes.n, grouped(a, practices), grouped(a, pcns),
        grouped(a, res->written), res->written ? "" : " Already loaded: nothing changed.", words);
    snprintf(res->summary, sizeof res->summary, "%s", summary);
    buf_release(&day);
    strmap_release(&codes);
}

int iifpub_import(struct db *db, const struct import_src *src, struct import_result *res,
                  struct pcn_msg *m)
{
    struct arena a, ra;
    struct rules rules;
    struct rules_diag d = {0};
    struct parse p = {.src = src, .a = &a, .r = &rules, .ach = DATE_NONE};
    struct csv_reader r;
    int rc;

    arena_init(&a, 256 * 1024);
    arena_init(&ra, 0);
    strmap_init(&p.seen);
    strmap_init(&p.orgs);
    strmap_init(&p.measures);
    csv_init(&r, src->name, on_record, &p);
    const char *dir = rules_dir_default(src->rules_dir);
    if ((rc = rules_load(dir, &ra, &rules, &d, m)))
        msg_prefix(m, "%s: the rules are needed to read the IIF publication: ", src->name);
    else if (!(rc = import_src_read_csv(src, &r, m)) &&
             !(rc = import_need_rows(src, &r, (long)p.n, m)) && !(rc = check_pairs(&p, m)) &&
             !(rc = db_begin(db, m))) {
        struct rows_of o = {.p = &p};
        date_format_iso(p.ach, o.ach);
        char words[LIMIT_MSG_BYTES] = "";
        rc = import_batch(db,
                          "INSERT INTO iif_published (fy, ach_date, org_code, org_type, "
                          "org_name, code, part, value, ind_code, measure, source) VALUES",
                          "ON CONFLICT (fy, ach_date, org_code, code, part) DO UPDATE SET "
                          "org_type = excluded.org_type, org_name = excluded.org_name, "
                          "value = excluded.value, ind_code = excluded.ind_code, "
                          "measure = excluded.measure, source = excluded.source "
                          "WHERE (iif_published.org_type, iif_published.org_name, "
                          "iif_published.value, iif_published.ind_code, iif_published.measure) "
                          "IS DISTINCT FROM (excluded.org_type, excluded.org_name, "
                          "excluded.value, excluded.ind_code, excluded.measure)",
                          11, p.n, row_values, &o, res, m);
        if (!rc && !(rc = rollup_report(db, &p, res, words, sizeof words, m)))
            summarise(&p, words, &a, res);
        /* The rows and their entry in one transaction, or neither. */
        rc = import_end(db, src, res, rc, m);
    }
    csv_release(&r);
    strmap_release(&p.seen);
    strmap_release(&p.orgs);
    strmap_release(&p.measures);
    arena_release(&a);
    arena_release(&ra);
    return rc;
}
