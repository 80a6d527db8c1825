/* fuzz_csv: the strict CSV reader (csv.h), fed in pieces of the sizes the
 * input's first byte chooses, with the options of the second, and the
 * header mapping on the first record.  Checks what the header promises:
 * each field is NUL-terminated at its length, records come in order, and
 * reading the same bytes in one piece gives the same records and result. */
#include "common.h"

#include "csv.h"

struct seen {
    unsigned long hash;
    long records;
    long last_index;
};

static int on_record(void *ctx, const struct csv_record *rec, struct pcn_msg *m)
{
    struct seen *s = ctx;
    (void)m;
    if (rec->index != s->last_index + 1 || rec->nfields == 0)
        abort();
    s->last_index = rec->index;
    for (size_t i = 0; i < rec->nfields; i++) {
        if (rec->f[i].p[rec->f[i].len] != '\0')
            abort();
        for (size_t j = 0; j < rec->f[i].len; j++)
            s->hash = s->hash * 31 + (unsigned char)rec->f[i].p[j];
        s->hash = s->hash * 31 + 0x100;
    }
    if (rec->index == 0) {
        struct csv_col cols[] = {{"PRACTICE_CODE", true, 0},
                                 {"CCG_CODE|SUB_ICB_LOCATION_CODE", false, 0},
                                 {"NUMBER_OF_PATIENTS", false, 0}};
        struct pcn_msg hm = {0};
        if (csv_map_header(rec, cols, ARRAY_SIZE(cols), "fuzz.csv", &hm) == 0)
            for (size_t i = 0; i < ARRAY_SIZE(cols); i++)
                if (cols[i].idx >= (int)rec->nfields)
                    abort();
    }
    s->records++;
    return 0;
}

static int read_all(const uint8_t *data, size_t size, size_t piece, unsigned opts, struct seen *s,
                    struct pcn_msg *m)
{
    struct csv_reader r;
    csv_init(&r, "fuzz.csv", on_record, s);
    r.same_width = opts & 1;
    r.utf8 = opts & 2;
    if (opts & 4) {
        r.max_field = 16;
        r.max_columns = 4;
        r.max_rows = 8;
    }
    int rc = 0;
    for (size_t i = 0; i < size && !rc; i += piece)
        rc = csv_feed(&r, (const char *)data + i, size - i < piece ? size - i : piece, m);
    if (!rc)
        rc = csv_finish(&r, m);
    if (rc && !m->text[0])
        abort(); /* an error always says what it was */
    csv_release(&r);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    size_t piece = (size_t)data[0] % 17 + 1;
    unsigned opts = data[1];
    data += 2;
    size -= 2;
    struct seen a = {5381, 0, -1}, b = {5381, 0, -1};
    struct pcn_msg ma = {0}, mb = {0};
    int ra = read_all(data, size, piece, opts, &a, &ma);
    int rb = read_all(data, size, size ? size : 1, opts, &b, &mb);
    if (ra != rb || a.hash != b.hash || a.records != b.records || strcmp(ma.text, mb.text) != 0) {
        fprintf(stderr, "pieces of %zu: %d %ld '%s'; whole: %d %ld '%s'\n", piece, ra, a.records,
                ma.text, rb, b.records, mb.text);
        abort();
    }
    return 0;
}
