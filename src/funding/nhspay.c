#include "common.h"
#include "nhspay.h"
#include "buf.h"
#include "db.h"
#include "dbbatch.h"
#include "funding.h"
#include "jsonfmt.h"
#include "layers.h"
#include "ods.h"
#include "override.h"
#include "rules.h"
#include "strmap.h"

#define SHOW(f) (int)((f)->len > 40 ? 40 : (f)->len), (f)->p

/* ---- rules/nhs_payments.csv ---------------------------------------------- */

enum { M_COLUMN, M_STREAM, M_ELSE, M_PAID_TO, M_NAME, M_NOTE, M_NCOLS };
static const char *const map_cols[M_NCOLS] = {"column",  "stream", "else",
                                              "paid_to", "name",   "note"};

struct map_parse {
    struct nhspay_map *map;
    struct arena *a;
    const char *file;
    struct csv_col cols[M_NCOLS];
};

static bool is_id(const char *s, size_t n)
{
    if (n == 0 || n > 40)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return false;
    return true;
}

static int map_record(void *ctx, const struct csv_record *rec, struct pcn_msg *m)
{
    struct map_parse *p = ctx;
    if (rec->index == 0)
        return csv_map_names(rec, map_cols, p->cols, M_NCOLS, p->file, m);
    if (p->map->n == NHSPAY_MAP_ROWS)
        return import_field_error(m, p->file, rec->line, "column", "more than %d rows",
                                  NHSPAY_MAP_ROWS);
    const struct csv_field *f[M_NCOLS];
    for (int c = 0; c < M_NCOLS; c++)
        f[c] = &rec->f[p->cols[c].idx];
    if (f[M_COLUMN]->len == 0)
        return import_field_error(m, p->file, rec->line, "column", "is empty");
    if (!is_id(f[M_STREAM]->p, f[M_STREAM]->len))
        return import_field_error(m, p->file, rec->line, "stream",
                                  "'%.*s' is not a stream id (small letters, digits and _)",
                                  SHOW(f[M_STREAM]));
    if (f[M_ELSE]->len && !is_id(f[M_ELSE]->p, f[M_ELSE]->len))
        return import_field_error(m, p->file, rec->line, "else",
                                  "'%.*s' is not a stream id (small letters, digits and _)",
                                  SHOW(f[M_ELSE]));
    bool to_practice = !strcmp(f[M_PAID_TO]->p, "practice");
    if (!to_practice && strcmp(f[M_PAID_TO]->p, "payee") != 0)
        return import_field_error(m, p->file, rec->line, "paid_to",
                                  "'%.*s' is not who is paid: practice (each member practice) "
                                  "or payee (the PCN's nominated payee)",
                                  SHOW(f[M_PAID_TO]));
    if (f[M_NAME]->len == 0)
        return import_field_error(m, p->file, rec->line, "name", "is empty");
    for (size_t i = 0; i < p->map->n; i++) {
        if (csv_header_eq(f[M_COLUMN]->p, f[M_COLUMN]->len, p->map->cols[i].column))
            return import_field_error(m, p->file, rec->line, "column", "'%s' is given twice",
                                      f[M_COLUMN]->p);
        if (!strcmp(f[M_STREAM]->p, p->map->cols[i].stream))
            return import_field_error(m, p->file, rec->line, "stream",
                                      "'%s' is given twice (one column a stream)", f[M_STREAM]->p);
    }
    struct nhspay_column *c = &p->map->cols[p->map->n++];
    c->column = arena_strdup(p->a, f[M_COLUMN]->p);
    c->stream = arena_strdup(p->a, f[M_STREAM]->p);
    c->fallback = arena_strdup(p->a, f[M_ELSE]->p);
    c->to_practice = to_practice;
    c->name = arena_strdup(p->a, f[M_NAME]->p);
    c->note = arena_strdup(p->a, f[M_NOTE]->p);
    return 0;
}

int nhspay_map_load(const char *rules_dir, struct arena *a, struct nhspay_map *out,
                    struct pcn_msg *m)
{
    const char *path = arena_printf(a, "%s/nhs_payments.csv", rules_dir_default(rules_dir));
    struct map_parse p = {.map = out, .a = a, .file = path};
    struct import_src src = {.name = path, .path = path};
    struct csv_reader r;
    out->n = 0;
    csv_init(&r, path, map_record, &p);
    int rc = import_src_read_csv(&src, &r, m);
    csv_release(&r);
    if (!rc && out->n == 0)
        rc = msg_set(m, PCN_EINVAL, "%s: no rows after the header", path);
    return rc;
}

/* ---- the year from a name -------------------------------------------------- */

static bool digit(char c)
{
    return c >= '0' && c <= '9';
}

int nhspay_year_from_name(const char *name, fy_t *fy)
{
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    for (const char *p = base; *p; p++) {
        if (p > base && digit(p[-1]))
            continue;
        int y;
        const char *q;
        if (digit(p[0]) && digit(p[1]) && digit(p[2]) && digit(p[3]) && p[0] == '2' &&
            p[1] == '0') {
            y = (p[2] - '0') * 10 + (p[3] - '0');
            q = p + 4;
        } else if (digit(p[0]) && digit(p[1])) {
            y = (p[0] - '0') * 10 + (p[1] - '0');
            q = p + 2;
        } else {
            continue;
        }
        if ((*q != '-' && *q != '_' && *q != '/') || !digit(q[1]) || !digit(q[2]) || digit(q[3]))
            continue;
        int next = (q[1] - '0') * 10 + (q[2] - '0');
        if (next != (y + 1) % 100)
            continue;
        char s[8];
        snprintf(s, sizeof s, "20%02d/%02d", y, next);
        if (fy_parse(s, fy) == 0)
            return 0;
    }
    return PCN_EINVAL;
}

/* ---- the importer ---------------------------------------------------------- */

enum layout { LAYOUT_PRACTICE, LAYOUT_PCN };

struct imp_line {
    const char *pcn, *payee, *payee_type;
    const struct nhspay_column *map;
    pence_t amount;
    long line;
};

struct imp {
    const struct import_src *src;
    struct arena *a;
    const struct nhspay_map *map;
    enum layout layout;
    int pcn_col, practice_col, type_col;
    const char *pcn_field;          /* the header of pcn_col, for messages */
    int money_col[NHSPAY_MAP_ROWS]; /* per mapping row, -1 when absent */
    struct imp_line *lines;
    size_t n, cap;
    struct strmap seen; /* practice (or PCN) -> line */
    struct strmap pcns; /* PCN -> 1 */
    long rows;
    long nopcn_rows, nopcn_first;
    pence_t nopcn_money;
    pence_t total;
};

static int find_col(const struct csv_record *rec, const char *name)
{
    int found = -1;
    for (size_t i = 0; i < rec->nfields; i++)
        if (csv_header_eq(rec->f[i].p, rec->f[i].len, name)) {
            if (found >= 0)
                return -2;
            found = (int)i;
        }
    return found;
}

static int unknown_layout(struct imp *p, const struct csv_record *rec, const char *why,
                          struct pcn_msg *m)
{
    struct buf b;
    buf_init(&b, 512);
    for (size_t i = 0; i < rec->nfields && i < 4; i++) {
        buf_adds(&b, i ? ", '" : "'");
        size_t n = rec->f[i].len > 40 ? 40 : rec->f[i].len;
        for (size_t k = 0; k < n; k++)
            buf_addc(&b, rec->f[i].p[k] == '\n' || rec->f[i].p[k] == '\r' ? ' ' : rec->f[i].p[k]);
        BUF_LIT(&b, "'");
    }
    if (rec->nfields > 4)
        BUF_LIT(&b, "...");
    int rc = msg_set(m, PCN_EINVAL,
                     "%s:%ld: not a layout of NHS Payments to General Practice that PCN Ops "
                     "reads: %s (the header begins %s). PCN Ops reads the practice-level CSV "
                     "('Practice Code' with 'PCN Code', or the 2022/23 copy's 'Code' and 'CCG "
                     "NAME') and the PCN-level CSV from 2023/24 ('PCN Code' without 'Practice "
                     "Code'), with the payment columns of rules/nhs_payments.csv",
                     p->src->name, rec->line, why, b.buf);
    buf_release(&b);
    return rc;
}

static int header(struct imp *p, const struct csv_record *rec, struct pcn_msg *m)
{
    int practice = find_col(rec, "Practice Code");
    int pcn = find_col(rec, "PCN Code");
    int code = find_col(rec, "Code"), ccg_name = find_col(rec, "CCG NAME");
    if (practice == -2 || pcn == -2 || code == -2)
        return unknown_layout(p, rec, "a code column is given twice", m);
    if (practice >= 0 && pcn >= 0) {
        p->layout = LAYOUT_PRACTICE;
        p->pcn_col = pcn;
        p->pcn_field = "PCN Code";
    } else if (practice >= 0 && code >= 0 && ccg_name >= 0) {
        /* The 2022/23 copy: 'Code' holds the PCN code, 'CCG NAME' the PCN's name. */
        p->layout = LAYOUT_PRACTICE;
        p->pcn_col = code;
        p->pcn_field = "Code";
    } else if (practice < 0 && pcn >= 0) {
        p->layout = LAYOUT_PCN;
        p->pcn_col = pcn;
        p->pcn_field = "PCN Code";
    } else if (practice >= 0) {
        return unknown_layout(p, rec,
                              "it has 'Practice Code' but no 'PCN Code' (nor the 2022/23 "
                              "copy's 'Code' and 'CCG NAME')",
                              m);
    } else {
        return unknown_layout(p, rec, "it has neither 'Practice Code' nor 'PCN Code'", m);
    }
    p->practice_col = practice;
    p->type_col = find_col(rec, "Practice type");
    size_t found = 0;
    for (size_t i = 0; i < p->map->n; i++) {
        p->money_col[i] = find_col(rec, p->map->cols[i].column);
        if (p->money_col[i] == -2)
            return msg_set(m, PCN_EINVAL, "%s:%ld: column '%s' is given twice", p->src->name,
                           rec->line, p->map->cols[i].column);
        found += p->money_col[i] >= 0;
    }
    if (!found)
        return unknown_layout(p, rec, "it has none of the PCN payment columns", m);
    return 0;
}

static bool no_pcn(const struct csv_field *f)
{
    return f->len == 0 || csv_header_eq(f->p, f->len, "Unknown or no PCN");
}

static int on_record(void *ctx, const struct csv_record *rec, struct pcn_msg *m)
{
    struct imp *p = ctx;
    const char *file = p->src->name;
    if (rec->index == 0)
        return header(p, rec, m);
    p->rows++;
    const struct csv_field *pcn = &rec->f[p->pcn_col];
    const char *payee = NULL, *payee_type = "PCN";
    if (p->layout == LAYOUT_PRACTICE) {
        const struct csv_field *pr = &rec->f[p->practice_col];
        if (!ods_is_practice(pr->p, pr->len))
            return import_field_error(m, file, rec->line, "Practice Code",
                                      "'%.*s' is not a practice code (%s)", SHOW(pr),
                                      ods_format_hint(ORG_PRACTICE));
        payee = arena_strndup(p->a, pr->p, pr->len);
        payee_type = "GP practice";
        if (p->type_col >= 0 && rec->f[p->type_col].len)
            payee_type = arena_strndup(p->a, rec->f[p->type_col].p, rec->f[p->type_col].len);
    }
    pence_t amounts[NHSPAY_MAP_ROWS];
    pence_t sum = 0;
    for (size_t i = 0; i < p->map->n; i++) {
        if (p->money_col[i] < 0)
            continue;
        const struct csv_field *f = &rec->f[p->money_col[i]];
        if (f->len == 0)
            return import_field_error(m, file, rec->line, p->map->cols[i].column,
                                      "is empty (write 0 for nothing paid)");
        if (money_parse(f->p, f->len, &amounts[i]) || amounts[i] > NHSPAY_AMOUNT_MAX ||
            amounts[i] < -NHSPAY_AMOUNT_MAX)
            return import_field_error(m, file, rec->line, p->map->cols[i].column,
                                      "'%.*s' is not an amount in pounds (like 1785.53 or "
                                      "-1600, at most 100000000 either way)",
                                      SHOW(f));
        sum += amounts[i];
    }
    const char *key;
    if (no_pcn(pcn)) {
        if (p->layout == LAYOUT_PCN)
            return import_field_error(m, file, rec->line, "PCN Code", "is empty");
        if (sum != 0 && p->nopcn_rows++ == 0)
            p->nopcn_first = rec->line;
        p->nopcn_money += sum;
        key = payee;
    } else {
        if (!ods_is_pcn(pcn->p, pcn->len))
            return import_field_error(m, file, rec->line, p->pcn_field,
                                      "'%.*s' is not a PCN code (%s)", SHOW(pcn),
                                      ods_format_hint(ORG_PCN));
        key = payee ? payee : arena_strndup(p->a, pcn->p, pcn->len);
    }
    const struct imp_line *dup = strmap_get(&p->seen, key);
    if (dup)
        return import_field_error(m, file, rec->line,
                                  p->layout == LAYOUT_PCN ? "PCN Code" : "Practice Code",
                                  "%s is given twice (first on line %ld)", key, dup->line);
    if (no_pcn(pcn)) {
        /* Remembered for the duplicate check only. */
        struct imp_line *l = ARENA_NEW(p->a, struct imp_line);
        l->line = rec->line;
        strmap_put(&p->seen, key, l);
        return 0;
    }
    const char *pcode = arena_strndup(p->a, pcn->p, pcn->len);
    if (!payee)
        payee = pcode;
    size_t first = p->n;
    for (size_t i = 0; i < p->map->n; i++) {
        if (p->money_col[i] < 0)
            continue;
        if (p->n == p->cap)
            p->lines = arena_grow(p->a, p->lines, p->n, &p->cap, sizeof *p->lines);
        p->lines[p->n++] = (struct imp_line){pcode,      payee,    payee_type, &p->map->cols[i],
                                             amounts[i], rec->line};
    }
    p->total += sum;
    strmap_put(&p->seen, key, &p->lines[first]);
    strmap_put(&p->pcns, pcode, (void *)1);
    return 0;
}

/* The year of the file: the one given, else its name's. */
static int file_year(const struct import_src *src, fy_t *fy, struct pcn_msg *m)
{
    if (src->year)
        return fy_parse(src->year, fy) == 0
                   ? 0
                   : msg_set(m, PCN_EINVAL, "%s: '%s' is not a financial year (like 2022/23)",
                             src->name, src->year);
    if (nhspay_year_from_name(src->name, fy) == 0)
        return 0;
    return msg_set(m, PCN_EINVAL,
                   "%s: the file's name does not say its financial year: name it like "
                   "nhs-payments-gp-practice-2022-23.csv, or give the year (pcnops "
                   "import nhs-payments FILE --year 2022/23)",
                   src->name);
}

/* The same column of the year from the other layout would count the same
 * money twice: refused.  Inside the import's transaction. */
static int other_layout(struct db *db, const struct imp *p, fy_t fy, const char *layout,
                        struct pcn_msg *m)
{
    struct db_stmt *known = NULL;
    int rc = db_prepare(db,
                        "SELECT source FROM nhs_payment WHERE fy = ? AND payment_column = ? "
                        "AND layout <> ? LIMIT 1",
                        &known, m);
    for (size_t i = 0; !rc && i < p->map->n; i++) {
        if (p->money_col[i] < 0)
            continue;
        db_bind_int(known, 1, fy);
        db_bind_text(known, 2, p->map->cols[i].column);
        db_bind_text(known, 3, layout);
        int k = db_step(known, m);
        if (k > 0) {
            char fyl[8];
            fy_format(fy, fyl);
            rc = msg_set(m, PCN_EINVAL,
                         "%s: the store already holds '%s' of %s from %s, a %s-level file: "
                         "the same payments would count twice",
                         p->src->name, p->map->cols[i].column, fyl, db_col_text(known, 0),
                         p->layout == LAYOUT_PCN ? "practice" : "PCN");
        }
        db_reset(known);
        if (k < 0)
            rc = k;
    }
    db_finalize(known);
    return rc;
}

struct rows_of {
    const struct imp *p;
    fy_t fy;
    const char *layout;
};

static void row_values(void *ctx, struct dbbatch *b, size_t i)
{
    const struct rows_of *o = ctx;
    const struct imp_line *l = &o->p->lines[i];
    dbbatch_int(b, o->fy);
    dbbatch_text(b, l->pcn);
    dbbatch_text(b, l->payee);
    dbbatch_text(b, l->payee_type);
    dbbatch_text(b, l->map->column);
    dbbatch_text(b, l->map->stream);
    dbbatch_int(b, l->amount);
    dbbatch_text(b, o->layout);
    dbbatch_text(b, o->p->src->name);
    dbbatch_int(b, l->line);
}

/* The summary and the warnings, once the rows are written. */
static void summarise(const struct imp *p, fy_t fy, const char *layout, long unknown,
                      const char *first_unknown, struct import_result *res)
{
    const struct import_src *src = p->src;
    res->rows = p->rows;
    char fyl[8];
    fy_format(fy, fyl);
    struct buf t;
    buf_init(&t, 256);
    buf_printf(&t, "nhs-payments %s (%s-level file): ", fyl, layout);
    buf_add_count(&t, p->rows, "row", "rows");
    BUF_LIT(&t, ", ");
    buf_add_count(&t, (int64_t)p->pcns.n, "PCN", "PCNs");
    BUF_LIT(&t, ", ");
    money_add_display2(&t, p->total);
    BUF_LIT(&t, " in the PCN columns; ");
    buf_add_i64(&t, res->written, true);
    buf_adds(&t, res->written ? " written." : " written. Already loaded: nothing changed.");
    snprintf(res->summary, sizeof res->summary, "%s", t.buf);
    buf_reset(&t);
    if (p->nopcn_rows) {
        money_add_display2(&t, p->nopcn_money);
        import_warn(res,
                    "%s: %ld practice%s with no PCN ('Unknown or no PCN') carr%s %s in the "
                    "PCN columns (the first on line %ld): not put to any PCN",
                    src->name, p->nopcn_rows, p->nopcn_rows == 1 ? "" : "s",
                    p->nopcn_rows == 1 ? "ies" : "y", t.buf, p->nopcn_first);
    }
    buf_release(&t);
    if (unknown)
        import_warn(res,
                    "%s: %ld PCN%s not in the registry (the first is %s); kept, and shown "
                    "once the registry knows %s",
                    src->name, unknown, unknown == 1 ? " is" : "s are", first_unknown,
                    unknown == 1 ? "it" : "them");
}

int nhspay_import(struct db *db, const struct import_src *src, struct import_result *res,
                  struct pcn_msg *m)
{
    struct arena a;
    struct nhspay_map map;
    struct imp p = {.src = src, .a = &a, .map = &map};
    struct csv_reader r;
    bool reader = false;
    fy_t fy;
    int rc;

    arena_init(&a, 256 * 1024);
    strmap_init(&p.seen);
    strmap_init(&p.pcns);
    if (!(rc = nhspay_map_load(src->rules_dir, &a, &map, m)) && !(rc = file_year(src, &fy, m))) {
        csv_init(&r, src->name, on_record, &p);
        reader = true;
        r.max_columns = LIMIT_NHSPAY_COLUMNS; /* 75 in 2022/23; csv.h's default is 64 */
        if (!(rc = import_src_read_csv(src, &r, m)) &&
            !(rc = import_need_rows(src, &r, p.rows, m)) && !(rc = db_begin(db, m))) {
            struct rows_of o = {&p, fy, p.layout == LAYOUT_PCN ? "pcn" : "practice"};
            long unknown;
            const char *first_unknown;
            if (!(rc = other_layout(db, &p, fy, o.layout, m)))
                rc = import_batch(
                    db,
                    "INSERT INTO nhs_payment (fy, pcn_code, payee_code, payee_type, "
                    "payment_column, stream, amount_pence, layout, source, line) VALUES",
                    "ON CONFLICT (fy, pcn_code, payee_code, payment_column) DO UPDATE SET "
                    "payee_type = excluded.payee_type, stream = excluded.stream, "
                    "amount_pence = excluded.amount_pence, layout = excluded.layout, "
                    "source = excluded.source, line = excluded.line "
                    "WHERE (nhs_payment.payee_type, nhs_payment.stream, "
                    "nhs_payment.amount_pence, nhs_payment.layout) IS DISTINCT FROM "
                    "(excluded.payee_type, excluded.stream, excluded.amount_pence, "
                    "excluded.layout)",
                    10, p.n, row_values, &o, res, m);
            if (!rc && !(rc = import_unknown_orgs(db, &p.pcns, "pcn", &unknown, &first_unknown, m)))
                summarise(&p, fy, o.layout, unknown, first_unknown, res);
            /* The rows and their entry in one transaction, or neither. */
            rc = import_end(db, src, res, rc, m);
        }
    }
    if (reader)
        csv_release(&r);
    strmap_release(&p.seen);
    strmap_release(&p.pcns);
    arena_release(&a);
    return rc;
}

/* ---- reading --------------------------------------------------------------- */

int nhspay_years(struct db *db, const char *pcn, struct arena *a, fy_t **out, size_t *n,
                 struct pcn_msg *m)
{
    struct db_stmt *st;
    size_t cap = 0;
    int rc, k;
    *out = NULL;
    *n = 0;
    if ((rc = db_prepare(db, "SELECT DISTINCT fy FROM nhs_payment WHERE pcn_code = ? ORDER BY fy",
                         &st, m)))
        return rc;
    db_bind_text(st, 1, pcn);
    while ((k = db_step(st, m)) > 0) {
        if (*n == cap)
            *out = arena_grow(a, *out, *n, &cap, sizeof **out);
        (*out)[(*n)++] = (fy_t)db_col_int(st, 0);
    }
    db_finalize(st);
    return k < 0 ? k : 0;
}

int nhspay_pcn(struct db *db, const struct nhspay_map *map, const char *pcn, fy_t fy,
               struct arena *a, struct nhspay_paid *out, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc, k;
    memset(out, 0, sizeof *out);
    out->pcn = pcn;
    out->fy = fy;
    if ((rc = db_prepare(db,
                         "SELECT payment_column, payee_code, payee_type, amount_pence, source, "
                         "line, layout FROM nhs_payment WHERE fy = ? AND pcn_code = ? "
                         "ORDER BY payment_column, payee_code",
                         &st, m)))
        return rc;
    db_bind_int(st, 1, fy);
    db_bind_text(st, 2, pcn);
    struct nhspay_stream *s = arena_zalloc(a, (map->n + 1) * sizeof *s);
    size_t caps[NHSPAY_MAP_ROWS + 1] = {0};
    size_t rows = 0;
    while ((k = db_step(st, m)) > 0) {
        const char *col = db_col_text(st, 0);
        size_t i = 0;
        while (i < map->n && strcmp(map->cols[i].column, col) != 0)
            i++;
        if (i == map->n)
            continue; /* a column no longer in the mapping */
        struct nhspay_stream *t = &s[i];
        t->map = &map->cols[i];
        if (t->nlines == caps[i])
            t->lines = arena_grow(a, t->lines, t->nlines, &caps[i], sizeof *t->lines);
        struct nhspay_line *l = &t->lines[t->nlines++];
        l->column = t->map->column;
        l->payee = db_col_strdup(a, st, 1);
        l->payee_type = db_col_strdup(a, st, 2);
        l->amount = db_col_int(st, 3);
        l->source = db_col_strdup(a, st, 4);
        l->line = (long)db_col_int(st, 5);
        t->paid += l->amount;
        t->npayees += l->amount != 0;
        out->total += l->amount;
        if (!out->source) {
            out->source = l->source;
            out->layout = db_col_strdup(a, st, 6);
        } else if (!strstr(out->source, l->source)) {
            /* A year from two files (the practice-level file's participation
             * and the PCN-level file's PCN lines). */
            out->source = arena_printf(a, "%s and %s", out->source, l->source);
        }
        rows++;
    }
    db_finalize(st);
    if (k < 0)
        return k;
    if (!rows)
        return PCN_ENOTFOUND;
    out->streams = arena_alloc(a, map->n * sizeof *out->streams);
    for (size_t i = 0; i < map->n; i++)
        if (s[i].nlines)
            out->streams[out->nstreams++] = s[i];
    return 0;
}

bool nhspay_layered(struct db *db, const char *pcn, fy_t fy, struct arena *a)
{
    const char *orgs[2] = {pcn, override_icb_of(db, pcn, fy_start(fy), a)};
    for (int k = 0; k < 2; k++) {
        struct rule_override *o;
        size_t n;
        struct pcn_msg m = {0};
        if (!orgs[k] || override_list(db, orgs[k], a, &o, &n, &m))
            continue;
        for (size_t i = 0; i < n; i++)
            if (o[i].from <= fy_end(fy) && (o[i].to == DATE_NONE || o[i].to >= fy_start(fy)))
                return true;
    }
    return false;
}
