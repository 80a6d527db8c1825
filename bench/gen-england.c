/* gen-england: N copies of England, for `make bench` (bench/national).
 *
 *   gen-england COPIES OUTDIR MAP QUIN IIF QOF
 *
 * Reads NHS England's practice map, list sizes by age band, IIF publication
 * and QOF registers (the files of data/nhs, .csv or .csv.gz) with the
 * project's own CSV reader, and writes each to OUTDIR under its own name
 * (without .gz: the QOF file's name says its year) holding COPIES copies of
 * every row, each copy with its own valid
 * ODS codes (practices A00000.., B00000.., PCNs U00000.., ICBs Q.., sub-ICB
 * locations 0.., regions Y10..) and names marked "(copy K)", so that the
 * store they make has COPIES times the organisations in the same shape:
 * the same PCN sizes, the same memberships, the same figures.  At most 10
 * copies.  Bench tooling, not part of pcnops. */
#include "common.h"
#include "buf.h"
#include "csv.h"
#include "infile.h"
#include "ods.h"
#include "strmap.h"

enum kind { K_PRACTICE, K_PCN, K_SUB, K_ICB, K_REGION, K_NAME, K_KEEP };

struct file_spec {
    const char *in;
    /* per column name: what it holds */
    struct {
        const char *col;
        enum kind kind;
    } cols[8];
    size_t ncols;
    const char *type_col; /* a column naming each row's kind, or NULL */
    const char *code_col; /* the code that column's kind applies to */
};

static struct strmap index_of[K_REGION + 1];
static long next_index[K_REGION + 1];
static int copies;

static long code_index(enum kind k, const char *code)
{
    long *v = strmap_get(&index_of[k], code);
    if (!v) {
        v = xmalloc(sizeof *v);
        *v = next_index[k]++;
        strmap_put(&index_of[k], xstrdup(code), v);
    }
    return *v;
}

static const char b36[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/* The code of copy c of an organisation of kind k. */
static void code_of(enum kind k, const char *code, int c, char *out, size_t n)
{
    if (k == K_PCN && strcmp(code, "U") == 0) { /* unallocated stays so */
        snprintf(out, n, "U");
        return;
    }
    long i = code_index(k, code);
    long v;
    switch (k) {
    case K_PRACTICE:
        snprintf(out, n, "%c%05ld", 'A' + c, i);
        break;
    case K_PCN:
        snprintf(out, n, "U%05ld", (long)c * 2000 + i);
        break;
    case K_ICB:
        v = (long)c * 60 + i;
        snprintf(out, n, "Q%c%c", b36[v / 36 % 36], b36[v % 36]);
        break;
    case K_SUB:
        v = (long)c * 150 + i;
        snprintf(out, n, "%c%c%c", b36[v / 1296 % 10], b36[v / 36 % 36], b36[v % 36]);
        break;
    case K_REGION:
        snprintf(out, n, "Y%02ld", (long)c * 8 + i + 10);
        break;
    default:
        snprintf(out, n, "%s", code);
    }
}

struct run {
    const struct file_spec *spec;
    int kinds[64]; /* per column: enum kind */
    int type_idx, code_idx;
    struct buf out;
    FILE *f;
    bool header_done;
    bool fail;
};

static enum kind kind_of_type(const char *t)
{
    if (strcmp(t, "GP") == 0 || strcmp(t, "GP practice") == 0)
        return K_PRACTICE;
    if (strcmp(t, "PCN") == 0)
        return K_PCN;
    if (strcmp(t, "ICB") == 0)
        return K_ICB;
    if (strcmp(t, "SUB_ICB_LOCATION_CODE") == 0 || strcmp(t, "SUB_ICB_LOCATION") == 0)
        return K_SUB;
    if (strcmp(t, "Comm Region") == 0)
        return K_REGION;
    return K_KEEP;
}

static int on_record(void *ctx, const struct csv_record *rec, struct pcn_msg *m)
{
    struct run *r = ctx;
    (void)m;
    if (rec->index == 0) {
        for (size_t i = 0; i < rec->nfields && i < 64; i++) {
            r->kinds[i] = K_KEEP;
            for (size_t k = 0; k < r->spec->ncols; k++)
                if (csv_header_eq(rec->f[i].p, rec->f[i].len, r->spec->cols[k].col))
                    r->kinds[i] = (int)r->spec->cols[k].kind;
            if (r->spec->type_col && csv_header_eq(rec->f[i].p, rec->f[i].len, r->spec->type_col))
                r->type_idx = (int)i;
            if (r->spec->code_col && csv_header_eq(rec->f[i].p, rec->f[i].len, r->spec->code_col))
                r->code_idx = (int)i;
        }
        for (size_t i = 0; i < rec->nfields; i++) {
            if (i)
                csv_add_sep(&r->out);
            csv_add_field(&r->out, rec->f[i].p, rec->f[i].len);
        }
        csv_add_eol(&r->out);
        return 0;
    }
    /* The unallocated practices' row (PCN "U") is one row for every copy:
     * written once, its count (the last field) times the copies. */
    bool unalloc = r->type_idx >= 0 && r->code_idx >= 0 &&
                   kind_of_type(rec->f[r->type_idx].p) == K_PCN &&
                   strcmp(rec->f[r->code_idx].p, "U") == 0;
    for (int c = 0; c < (unalloc ? 1 : copies); c++) {
        for (size_t i = 0; i < rec->nfields; i++) {
            char v[512];
            const char *s = rec->f[i].p;
            int k = i < 64 ? r->kinds[i] : K_KEEP;
            if ((int)i == r->code_idx && r->type_idx >= 0)
                k = (int)kind_of_type(rec->f[r->type_idx].p);
            if (i)
                csv_add_sep(&r->out);
            if (unalloc && i + 1 == rec->nfields) {
                snprintf(v, sizeof v, "%lld", strtoll(s, NULL, 10) * copies);
                csv_add_field(&r->out, v, strlen(v));
            } else if (k == K_NAME) {
                if (c)
                    snprintf(v, sizeof v, "%s (copy %d)", s, c + 1);
                else
                    snprintf(v, sizeof v, "%s", s);
                csv_add_field(&r->out, v, strlen(v));
            } else if (k <= K_REGION && rec->f[i].len) {
                code_of((enum kind)k, s, c, v, sizeof v);
                csv_add_field(&r->out, v, strlen(v));
            } else {
                csv_add_field(&r->out, s, rec->f[i].len);
            }
        }
        csv_add_eol(&r->out);
    }
    if (r->out.len > (1u << 20)) {
        fwrite(r->out.buf, 1, r->out.len, r->f);
        buf_reset(&r->out);
    }
    return 0;
}

static int feed(void *ctx, const char *data, size_t n, struct pcn_msg *m)
{
    return csv_feed(ctx, data, n, m);
}

static int one_file(const struct file_spec *spec, const char *dir)
{
    struct pcn_msg m = {0};
    struct run r = {.spec = spec, .type_idx = -1, .code_idx = -1};
    struct csv_reader rd;
    char path[1024];
    const char *base = strrchr(spec->in, '/');
    base = base ? base + 1 : spec->in;
    size_t blen = strlen(base);
    if (blen > 3 && strcmp(base + blen - 3, ".gz") == 0)
        blen -= 3;
    snprintf(path, sizeof path, "%s/%.*s", dir, (int)blen, base);
    r.f = fopen(path, "wb");
    if (!r.f) {
        perror(path);
        return 1;
    }
    buf_init(&r.out, 64L * 1024 * 1024);
    csv_init(&rd, spec->in, on_record, &r);
    rd.max_rows = 0x7fffffff;
    int rc = infile_stream(spec->in, NULL, feed, &rd, &m);
    if (!rc)
        rc = csv_finish(&rd, &m);
    if (!rc)
        fwrite(r.out.buf, 1, r.out.len, r.f);
    csv_release(&rd);
    buf_release(&r.out);
    fclose(r.f);
    if (rc) {
        fprintf(stderr, "gen-england: %s\n", m.text);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 7) {
        fprintf(stderr, "usage: gen-england COPIES OUTDIR MAP QUIN IIF QOF\n");
        return 2;
    }
    char *end;
    long n = strtol(argv[1], &end, 10);
    if (*end || n < 1 || n > 10) {
        fprintf(stderr, "gen-england: COPIES must be 1 to 10\n");
        return 2;
    }
    copies = (int)n;
    for (int k = 0; k <= K_REGION; k++)
        strmap_init(&index_of[k]);
    const struct file_spec specs[] = {
        {argv[3],
         {{"PRACTICE_CODE", K_PRACTICE},
          {"PCN_CODE", K_PCN},
          {"SUB_ICB_LOCATION_CODE", K_SUB},
          {"ICB_CODE", K_ICB},
          {"COMM_REGION_CODE", K_REGION},
          {"PRACTICE_NAME", K_NAME},
          {"PCN_NAME", K_NAME},
          {"ICB_NAME", K_NAME}},
         8,
         NULL,
         NULL},
        {argv[4], {{"ORG_CODE", K_KEEP}}, 1, "ORG_TYPE", "ORG_CODE"},
        {argv[5], {{"ORGANISATION_NAME", K_NAME}}, 1, "ORGANISATION_TYPE", "ORGANISATION_CODE"},
        {argv[6], {{"PRACTICE_CODE", K_PRACTICE}}, 1, NULL, NULL},
    };
    for (size_t i = 0; i < ARRAY_SIZE(specs); i++)
        if (one_file(&specs[i], argv[2]))
            return 1;
    return 0;
}
