/* fuzz_xlsx: the sheet reader (xlsx.h) on any bytes: an XLSX workbook's
 * sheet, an OpenDocument spreadsheet's table, or CSV as rows, with the
 * default limits or small ones.  The first byte chooses: bits 0-1 the
 * reader (0: XLSX sheet 'PCN Core Partner Details', 1: XLSX sheet
 * 'PCNDetails', 2: OpenDocument table 'Locations', 3: CSV), bit 2 small
 * limits (8 entries, 64 KiB a part, 64 strings, 16 rows, 8 cells, 64
 * bytes a cell, 64 cells and 1 KiB in all); bit 3 a filter that keeps
 * every other row.  The rest is the file.  Checks what the header promises:
 * on success rows come in increasing row number, none empty, each within
 * the row and cell limits, every cell a string of at most the cell limit
 * (""  where empty); on failure a message naming the file. */
#include "common.h"

#include "xlsx.h"

static const struct xlsx_limits small = {
    .entries = 8,
    .part_bytes = 64 * 1024,
    .strings = 64,
    .rows = 16,
    .cells = 8,
    .cell_bytes = 64,
    .total_cells = 64,
    .total_bytes = 1024,
};

/* Keeps every other row; checks the row it is shown. */
static bool every_other(void *ctx, const struct xlsx_row *row)
{
    unsigned *n = ctx;
    for (size_t k = 0; k < row->ncells; k++)
        if (!row->cells[k])
            abort();
    return (*n)++ % 2 == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned opt = data[0];
    const char *file = (const char *)data + 1;
    size_t len = size - 1;
    const struct xlsx_limits *lim = opt & 4 ? &small : &xlsx_default_limits;
    struct arena a;
    struct pcn_msg m = {0};
    struct xlsx_sheet s;
    int rc;
    unsigned seen = 0;
    xlsx_keep_fn keep = opt & 8 ? every_other : NULL;
    arena_init(&a, 0);
    switch (opt & 3) {
    case 0:
        rc = xlsx_read_rows("fuzz.xlsx", file, len, "PCN Core Partner Details", lim, keep, &seen,
                            &a, &s, &m);
        break;
    case 1:
        rc = xlsx_read_rows("fuzz.xlsx", file, len, "PCNDetails", lim, keep, &seen, &a, &s, &m);
        break;
    case 2:
        rc = xlsx_read_ods_rows("fuzz.xlsx", file, len, "Locations", lim, keep, &seen, &a, &s, &m);
        break;
    default:
        rc = xlsx_csv_rows("fuzz.xlsx", file, len, lim, &a, &s, &m);
        break;
    }
    if (rc) {
        if (rc > 0 || strncmp(m.text, "fuzz.xlsx", 9) != 0)
            abort();
    } else {
        if (s.nrows > lim->rows || (keep && (opt & 3) != 3 && s.nrows > (seen + 1) / 2))
            abort();
        long last = 0;
        for (size_t i = 0; i < s.nrows; i++) {
            const struct xlsx_row *r = &s.rows[i];
            if (r->number <= last || r->ncells > lim->cells)
                abort();
            if ((opt & 3) != 3 && r->ncells == 0)
                abort();
            last = r->number;
            for (size_t k = 0; k < r->ncells; k++)
                if (!r->cells[k] || strlen(r->cells[k]) > lim->cell_bytes)
                    abort();
            if (r->ncells && (opt & 3) != 3 && !*r->cells[r->ncells - 1])
                abort(); /* trailing empty cells are not stored */
            (void)xlsx_where(&a, "fuzz.xlsx", "S", r->ncells, r->number);
            if (r->ncells)
                (void)xlsx_header_eq(r->cells[0], "Partner Organisation Code");
        }
    }
    arena_release(&a);
    return 0;
}
