#include "common.h"
#include "epcn.h"
#include "buf.h"
#include "db.h"
#include "ods.h"
#include "strmap.h"

#include <jansson.h>

/* ---- reading the report --------------------------------------------------- */

enum {
    P_PRACTICE,
    P_PRACTICE_NAME,
    P_PRACTICE_SUB,
    P_PRACTICE_SUB_NAME,
    P_PCN,
    P_PCN_NAME,
    P_PCN_SUB,
    P_PCN_SUB_NAME,
    P_START,
    P_END,
    P_MATCH,
    P_NCOLS
};
static const char *const partner_cols[P_NCOLS] = {
    "Partner Organisation Code",
    "Partner Name",
    "Practice Parent Sub ICB Loc Code",
    "Practice Parent Sub ICB Loc Name",
    "PCN Code",
    "PCN Name",
    "PCN Parent Sub ICB Loc Code",
    "PCN Parent Sub ICB Loc Name",
    "Practice to PCN Relationship Start Date",
    "Practice to PCN Relationship End Date",
    "Practice Sub ICB Loc and PCN Sub ICB Loc Match",
};
/* Columns that must be there (the rest are read when present). */
static const bool partner_need[P_NCOLS] = {
    [P_PRACTICE] = true, [P_PRACTICE_NAME] = true, [P_PCN] = true,
    [P_PCN_NAME] = true, [P_START] = true,         [P_END] = true,
};

enum {
    C_CODE,
    C_NAME,
    C_SUB,
    C_SUB_NAME,
    C_OPEN,
    C_CLOSE,
    C_A1,
    C_A2,
    C_A3,
    C_A4,
    C_A5,
    C_POSTCODE,
    C_NCOLS
};
static const char *const pcn_cols[C_NCOLS] = {
    "PCN Code",       "PCN Name",       "Current Sub ICB Loc Code", "Sub ICB Location",
    "Open Date",      "Close Date",     "Address Line 1",           "Address Line 2",
    "Address Line 3", "Address Line 4", "Address Line 5",           "Postcode",
};
static const bool pcn_need[C_NCOLS] = {
    [C_CODE] = true,
    [C_NAME] = true,
    [C_OPEN] = true,
    [C_CLOSE] = true,
};

struct tab {
    struct xlsx_place at; /* at.sheet NULL: a CSV */
    const struct xlsx_sheet *s;
};

/* The cell's text, trimmed (xlsx_cell_text), in *s: "" when empty, which
 * is an error where need. */
static int get_text(const struct tab *t, const struct xlsx_row *r, int col, const char *field,
                    bool need, const char **s)
{
    *s = xlsx_cell_text(t->at.a, r, col);
    if (!**s && need)
        return xlsx_cell_error(&t->at, (size_t)(col < 0 ? 0 : col), r->number, field, "is empty");
    return 0;
}

static int get_code(const struct tab *t, const struct xlsx_row *r, int col, const char *field,
                    enum org_kind kind, bool need, const char **out)
{
    const char *s;
    int rc = get_text(t, r, col, field, need, &s);
    *out = NULL;
    if (rc || !*s)
        return rc;
    if (kind != ORG_NONE && !ods_is_valid(kind, s, strlen(s)))
        return xlsx_cell_error(&t->at, (size_t)col, r->number, field, "'%s' is not %s code (%s)", s,
                               org_kind_a(kind), ods_format_hint(kind));
    if (strlen(s) >= LIMIT_CODE_BYTES)
        return xlsx_cell_error(&t->at, (size_t)col, r->number, field, "'%s' is longer than a code",
                               s);
    *out = s;
    return 0;
}

static int get_name(const struct tab *t, const struct xlsx_row *r, int col, const char *field,
                    bool need, const char **out)
{
    const char *s;
    int rc = get_text(t, r, col, field, need, &s);
    *out = NULL;
    if (rc || !*s)
        return rc;
    if (strlen(s) > LIMIT_NAME_BYTES)
        return xlsx_cell_error(&t->at, (size_t)col, r->number, field, "longer than %d bytes",
                               LIMIT_NAME_BYTES);
    *out = s;
    return 0;
}

/* YYYYMMDD; empty is DATE_NONE unless need. */
static int get_date(const struct tab *t, const struct xlsx_row *r, int col, const char *field,
                    bool need, date_t *out)
{
    const char *s;
    int rc = get_text(t, r, col, field, need, &s);
    *out = DATE_NONE;
    if (rc || !*s)
        return rc;
    size_t n = strlen(s);
    bool digits = n == 8;
    for (size_t i = 0; digits && i < n; i++)
        digits = s[i] >= '0' && s[i] <= '9';
    if (!digits || date_parse_nhs(s, n, out) != 0)
        return xlsx_cell_error(&t->at, (size_t)col, r->number, field,
                               "'%s' is not a date written YYYYMMDD (like 20191001)", s);
    return 0;
}

static void note_latest(struct epcn_report *out, date_t d)
{
    if (d != DATE_NONE && (out->latest == DATE_NONE || d > out->latest))
        out->latest = d;
}

static int read_partners(const struct tab *t, size_t first, const int *col, struct epcn_report *out)
{
    struct strmap seen;
    int rc = 0;
    strmap_init(&seen);
    const struct xlsx_sheet *s = t->s;
    out->rels = arena_alloc(t->at.a, (s->nrows ? s->nrows : 1) * sizeof *out->rels);
    out->has_rels = true;
    for (size_t i = first; i < s->nrows && !rc; i++) {
        const struct xlsx_row *r = &s->rows[i];
        struct epcn_rel e = {.row = r->number};
        if ((rc = get_code(t, r, col[P_PRACTICE], partner_cols[P_PRACTICE], ORG_PRACTICE, true,
                           &e.practice)) ||
            (rc = get_name(t, r, col[P_PRACTICE_NAME], partner_cols[P_PRACTICE_NAME], true,
                           &e.practice_name)) ||
            (rc = get_code(t, r, col[P_PRACTICE_SUB], partner_cols[P_PRACTICE_SUB], ORG_SUB_ICB,
                           false, &e.practice_sub_icb)) ||
            (rc = get_code(t, r, col[P_PCN], partner_cols[P_PCN], ORG_PCN, true, &e.pcn)) ||
            (rc = get_name(t, r, col[P_PCN_NAME], partner_cols[P_PCN_NAME], true, &e.pcn_name)) ||
            (rc = get_code(t, r, col[P_PCN_SUB], partner_cols[P_PCN_SUB], ORG_SUB_ICB, false,
                           &e.pcn_sub_icb)) ||
            (rc = get_date(t, r, col[P_START], partner_cols[P_START], true, &e.start)) ||
            (rc = get_date(t, r, col[P_END], partner_cols[P_END], false, &e.end)))
            break;
        if (e.end != DATE_NONE && e.end < e.start) {
            rc = xlsx_cell_error(&t->at, (size_t)col[P_END], r->number, partner_cols[P_END],
                                 "the relationship ends before it starts");
            break;
        }
        char start[11];
        date_format_iso(e.start, start);
        const char *key = arena_printf(t->at.a, "%s|%s|%s", e.practice, e.pcn, start);
        long *prev = strmap_get(&seen, key);
        if (prev) {
            rc = xlsx_cell_error(
                &t->at, (size_t)col[P_PRACTICE], r->number, partner_cols[P_PRACTICE],
                "%s's relationship with %s from %s is there twice (also at %s %ld)", e.practice,
                e.pcn, start, t->at.sheet ? "row" : "line", *prev);
            break;
        }
        long *at = arena_alloc(t->at.a, sizeof *at);
        *at = r->number;
        strmap_put(&seen, key, at);
        note_latest(out, e.start);
        note_latest(out, e.end);
        out->rels[out->nrels++] = e;
    }
    strmap_release(&seen);
    return rc;
}

static int read_pcns(const struct tab *t, size_t first, const int *col, struct epcn_report *out)
{
    struct strmap seen;
    int rc = 0;
    strmap_init(&seen);
    const struct xlsx_sheet *s = t->s;
    out->pcns = arena_alloc(t->at.a, (s->nrows ? s->nrows : 1) * sizeof *out->pcns);
    out->has_pcns = true;
    for (size_t i = first; i < s->nrows && !rc; i++) {
        const struct xlsx_row *r = &s->rows[i];
        struct epcn_pcn p = {.row = r->number};
        if ((rc = get_code(t, r, col[C_CODE], pcn_cols[C_CODE], ORG_PCN, true, &p.code)) ||
            (rc = get_name(t, r, col[C_NAME], pcn_cols[C_NAME], true, &p.name)) ||
            (rc = get_code(t, r, col[C_SUB], pcn_cols[C_SUB], ORG_SUB_ICB, false, &p.sub_icb)) ||
            (rc = get_name(t, r, col[C_POSTCODE], pcn_cols[C_POSTCODE], false, &p.postcode)) ||
            (rc = get_date(t, r, col[C_OPEN], pcn_cols[C_OPEN], true, &p.open)) ||
            (rc = get_date(t, r, col[C_CLOSE], pcn_cols[C_CLOSE], false, &p.close)))
            break;
        if (p.close != DATE_NONE && p.close < p.open) {
            rc = xlsx_cell_error(&t->at, (size_t)col[C_CLOSE], r->number, pcn_cols[C_CLOSE],
                                 "the PCN closes before it opens");
            break;
        }
        long *prev = strmap_get(&seen, p.code);
        if (prev) {
            rc = xlsx_cell_error(&t->at, (size_t)col[C_CODE], r->number, pcn_cols[C_CODE],
                                 "%s is there twice (also at %s %ld)", p.code,
                                 t->at.sheet ? "row" : "line", *prev);
            break;
        }
        long *at = arena_alloc(t->at.a, sizeof *at);
        *at = r->number;
        strmap_put(&seen, p.code, at);
        note_latest(out, p.open);
        note_latest(out, p.close);
        out->pcns[out->npcns++] = p;
    }
    strmap_release(&seen);
    return rc;
}

/* One sheet or CSV: the partner details or the PCN details, with or
 * without a header.  want: 'r' relationships, 'p' PCNs, 0 either. */
static int read_table(const struct tab *t, int want, struct epcn_report *out)
{
    const struct xlsx_sheet *s = t->s;
    int col[16];
    if (s->nrows == 0)
        return t->at.sheet ? msg_set(t->at.m, PCN_EINVAL, "%s: sheet '%s' is empty", t->at.file,
                                     t->at.sheet)
                           : msg_set(t->at.m, PCN_EINVAL, "%s: the file is empty", t->at.file);
    const struct xlsx_row *h = &s->rows[0];
    const char *c0 = xlsx_cell_text(t->at.a, h, 0);
    int kind = 0;
    bool header = true;
    if (xlsx_header_eq(c0, partner_cols[P_PRACTICE]))
        kind = 'r';
    else if (xlsx_header_eq(c0, pcn_cols[C_CODE]))
        kind = 'p';
    else if (ods_is_practice(c0, strlen(c0)))
        kind = 'r', header = false;
    else if (ods_is_pcn(c0, strlen(c0)))
        kind = 'p', header = false;
    if (!kind || (want && kind != want)) {
        const char *what = want == 'p'   ? "the PCN details ('PCN Code', ...)"
                           : want == 'r' ? "the core partner details ('Partner Organisation "
                                           "Code', ...)"
                                         : "ODS's ePCN report: the core partner details "
                                           "('Partner Organisation Code', ...) or the PCN "
                                           "details ('PCN Code', ...), with or without the "
                                           "header";
        return msg_set(t->at.m, PCN_EINVAL, "%s: not %s: it begins '%s'",
                       xlsx_where(t->at.a, t->at.file, t->at.sheet, 0, h->number), what, c0);
    }
    size_t n = kind == 'r' ? P_NCOLS : C_NCOLS;
    if (header) {
        const char *at = t->at.sheet
                             ? arena_printf(t->at.a, "%s: sheet '%s'", t->at.file, t->at.sheet)
                             : arena_printf(t->at.a, "%s:%ld", t->at.file, h->number);
        int rc = xlsx_map_header(&t->at, h, kind == 'r' ? partner_cols : pcn_cols,
                                 kind == 'r' ? partner_need : pcn_need, n, col, at);
        if (rc)
            return rc;
    } else {
        for (size_t k = 0; k < n; k++)
            col[k] = (int)k;
        if (!t->at.sheet && h->ncells != n)
            return msg_set(t->at.m, PCN_EINVAL,
                           "%s:%ld: %zu fields, but ODS's %s export without a header has %zu",
                           t->at.file, h->number, h->ncells,
                           kind == 'r' ? "epcncorepartnerdetails" : "epcn", n);
    }
    size_t first = header ? 1 : 0;
    if (first >= s->nrows)
        return msg_set(t->at.m, PCN_EINVAL, "%s: no rows after the header",
                       t->at.sheet
                           ? arena_printf(t->at.a, "%s: sheet '%s'", t->at.file, t->at.sheet)
                           : t->at.file);
    return kind == 'r' ? read_partners(t, first, col, out) : read_pcns(t, first, col, out);
}

int epcn_parse(const char *name, const void *mem, size_t len, const struct xlsx_limits *lim,
               struct arena *a, struct epcn_report *out, struct pcn_msg *m)
{
    memset(out, 0, sizeof *out);
    out->latest = DATE_NONE;
    int rc;
    if (len == 0)
        return msg_set(m, PCN_EINVAL, "%s: the file is empty", name);
    if (xlsx_is_zip(mem, len)) {
        struct xlsx_sheet pcns, partners;
        if ((rc = xlsx_read(name, mem, len, EPCN_SHEET_PCNS, lim, a, &pcns, m)) ||
            (rc = xlsx_read(name, mem, len, EPCN_SHEET_PARTNERS, lim, a, &partners, m)))
            return rc;
        struct tab tp = {{name, EPCN_SHEET_PCNS, a, m}, &pcns};
        struct tab tr = {{name, EPCN_SHEET_PARTNERS, a, m}, &partners};
        if ((rc = read_table(&tp, 'p', out)) || (rc = read_table(&tr, 'r', out)))
            return rc;
        return 0;
    }
    struct xlsx_sheet s;
    if ((rc = xlsx_csv_rows(name, mem, len, lim, a, &s, m)))
        return rc;
    struct tab t = {{name, NULL, a, m}, &s};
    return read_table(&t, 0, out);
}

/* ---- writing it ----------------------------------------------------------- */

/* One of the report's tables: each row upserted by insert_sql, bound by
 * bind (which returns the row's key, its key columns joined by '|'), then
 * the rows no longer in the report deleted (delete_gone). */
struct table {
    const char *insert_sql, *select_sql, *delete_sql;
    int ncols;  /* of the key */
    int source; /* the parameter of the source, last */
    size_t (*count)(const struct epcn_report *r);
    const char *(*bind)(struct db_stmt *ins, const struct epcn_report *r, size_t i,
                        struct arena *a);
};

static size_t count_rels(const struct epcn_report *r)
{
    return r->nrels;
}

static const char *bind_rel(struct db_stmt *ins, const struct epcn_report *r, size_t i,
                            struct arena *a)
{
    const struct epcn_rel *e = &r->rels[i];
    char start[11];
    date_format_iso(e->start, start);
    db_bind_text(ins, 1, e->practice);
    db_bind_text(ins, 2, e->pcn);
    db_bind_date(ins, 3, e->start);
    db_bind_date(ins, 4, e->end);
    db_bind_text(ins, 5, e->practice_name);
    db_bind_text(ins, 6, e->pcn_name);
    db_bind_text(ins, 7, e->practice_sub_icb);
    db_bind_text(ins, 8, e->pcn_sub_icb);
    return arena_printf(a, "%s|%s|%s", e->practice, e->pcn, start);
}

static size_t count_pcns(const struct epcn_report *r)
{
    return r->npcns;
}

static const char *bind_pcn(struct db_stmt *ins, const struct epcn_report *r, size_t i,
                            struct arena *a)
{
    const struct epcn_pcn *p = &r->pcns[i];
    (void)a;
    db_bind_text(ins, 1, p->code);
    db_bind_text(ins, 2, p->name);
    db_bind_text(ins, 3, p->sub_icb);
    db_bind_date(ins, 4, p->open);
    db_bind_date(ins, 5, p->close);
    db_bind_text(ins, 6, p->postcode);
    return p->code;
}

static const struct table rels_table = {
    .insert_sql = "INSERT INTO ods_membership (practice_code, pcn_code, start_date, "
                  "end_date, practice_name, pcn_name, practice_sub_icb, pcn_sub_icb, "
                  "source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                  "ON CONFLICT (practice_code, pcn_code, start_date) DO UPDATE SET "
                  "end_date = excluded.end_date, practice_name = excluded.practice_name, "
                  "pcn_name = excluded.pcn_name, "
                  "practice_sub_icb = excluded.practice_sub_icb, "
                  "pcn_sub_icb = excluded.pcn_sub_icb, source = excluded.source "
                  "WHERE (ods_membership.end_date, ods_membership.practice_name, "
                  " ods_membership.pcn_name, ods_membership.practice_sub_icb, "
                  " ods_membership.pcn_sub_icb) IS DISTINCT FROM (excluded.end_date, "
                  " excluded.practice_name, excluded.pcn_name, excluded.practice_sub_icb, "
                  " excluded.pcn_sub_icb)",
    .select_sql = "SELECT practice_code, pcn_code, start_date FROM ods_membership",
    .delete_sql = "DELETE FROM ods_membership WHERE practice_code = ? AND pcn_code = ? "
                  "AND start_date = ?",
    .ncols = 3,
    .source = 9,
    .count = count_rels,
    .bind = bind_rel,
};

static const struct table pcns_table = {
    .insert_sql = "INSERT INTO ods_pcn (code, name, sub_icb_code, open_date, close_date, "
                  "postcode, source) VALUES (?, ?, ?, ?, ?, ?, ?) "
                  "ON CONFLICT (code) DO UPDATE SET name = excluded.name, "
                  "sub_icb_code = excluded.sub_icb_code, open_date = excluded.open_date, "
                  "close_date = excluded.close_date, postcode = excluded.postcode, "
                  "source = excluded.source "
                  "WHERE (ods_pcn.name, ods_pcn.sub_icb_code, ods_pcn.open_date, "
                  " ods_pcn.close_date, ods_pcn.postcode) IS DISTINCT FROM "
                  " (excluded.name, excluded.sub_icb_code, excluded.open_date, "
                  " excluded.close_date, excluded.postcode)",
    .select_sql = "SELECT code FROM ods_pcn",
    .delete_sql = "DELETE FROM ods_pcn WHERE code = ?",
    .ncols = 1,
    .source = 7,
    .count = count_pcns,
    .bind = bind_pcn,
};

/* The table's rows written (the last parameter, the source, the file's
 * name), *written and *removed counting the rows changed. */
static int write_table(struct db *db, const struct table *t, const struct import_src *src,
                       const struct epcn_report *r, struct arena *a, long *written, long *removed,
                       struct pcn_msg *m)
{
    struct db_stmt *ins = NULL;
    struct strmap keys;
    int rc;
    strmap_init(&keys);
    if ((rc = db_prepare(db, t->insert_sql, &ins, m)))
        goto out;
    for (size_t i = 0, n = t->count(r); i < n; i++) {
        strmap_put(&keys, t->bind(ins, r, i, a), (void *)1);
        db_bind_text(ins, t->source, src->name);
        if ((rc = db_run(ins, m)))
            goto out;
        *written += db_changes(db);
    }
    /* Those no longer in the report. */
    rc = import_delete_gone(db, t->select_sql, t->delete_sql, t->ncols, &keys, a, removed, m);
out:
    db_finalize(ins);
    strmap_release(&keys);
    return rc;
}

int epcn_import(struct db *db, const struct import_src *src, struct import_result *res,
                struct pcn_msg *m)
{
    struct arena a;
    struct epcn_report r;
    char *data = NULL;
    size_t len = 0;
    int rc;

    arena_init(&a, 256 * 1024);
    if ((rc = xlsx_slurp(src->path, src->name, src->mem, src->len, LIMIT_BODY_BYTES, &data, &len,
                         m)) ||
        (rc = epcn_parse(src->name, data, len, NULL, &a, &r, m)))
        goto out;

    long wr = 0, rr = 0, wp = 0, rp = 0;
    if ((rc = db_begin(db, m)))
        goto out;
    if ((r.has_rels && (rc = write_table(db, &rels_table, src, &r, &a, &wr, &rr, m))) ||
        (r.has_pcns && (rc = write_table(db, &pcns_table, src, &r, &a, &wp, &rp, m))))
        goto end;
    res->rows = (long)(r.nrels + r.npcns);
    res->written = wr + rr + wp + rp;
    res->date = r.latest;
    long ended = 0;
    for (size_t i = 0; i < r.nrels; i++)
        ended += r.rels[i].end != DATE_NONE;
    struct buf b;
    buf_init(&b, sizeof res->summary - 1);
    buf_adds(&b, "ODS ePCN report: ");
    if (r.has_rels)
        buf_printf(&b, "%zu practice-to-PCN relationships (%ld ended, %zu open)%s", r.nrels, ended,
                   r.nrels - (size_t)ended, r.has_pcns ? ", " : "");
    if (r.has_pcns)
        buf_printf(&b, "%zu PCNs", r.npcns);
    if (r.latest != DATE_NONE) {
        char d[11];
        date_format_iso(r.latest, d);
        buf_printf(&b, "; the latest date in it is %s", d);
    }
    buf_adds(&b, ". ");
    if (res->written == 0)
        buf_adds(&b, "Already loaded: nothing changed.");
    else
        buf_printf(&b, "%ld added or changed, %ld no longer in the report removed.", wr + wp,
                   rr + rp);
    snprintf(res->summary, sizeof res->summary, "%s", b.buf);
    buf_release(&b);
    /* The rows and their entry in one transaction, or neither. */
end:
    rc = import_end(db, src, res, rc, m);
out:
    free(data);
    arena_release(&a);
    return rc;
}
