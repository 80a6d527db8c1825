#include "common.h"
#include "sheet.h"
#include "csv.h"
#include "money.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

void sheet_init(struct sheet *s, struct arena *a, const char *name, const struct sheet_col *cols,
                size_t ncols)
{
    memset(s, 0, sizeof *s);
    s->name = name;
    s->cols = cols;
    s->ncols = ncols;
    s->a = a;
    s->col = ncols;
}

void sheet_row(struct sheet *s)
{
    if (s->col != s->ncols && s->nrows)
        BUG("sheet %s: row %zu has %zu cells of %zu", s->name, s->nrows, s->col, s->ncols);
    size_t cap_rows = s->cap;
    if (s->nrows == cap_rows) {
        size_t ncap = cap_rows ? cap_rows * 2 : 64;
        struct sheet_cell *c = arena_alloc(s->a, ncap * s->ncols * sizeof *c);
        if (s->nrows)
            memcpy(c, s->cells, s->nrows * s->ncols * sizeof *c);
        s->cells = c;
        s->cap = ncap;
    }
    s->nrows++;
    s->col = 0;
}

static struct sheet_cell *next_cell(struct sheet *s)
{
    if (s->col >= s->ncols || s->nrows == 0)
        BUG("sheet %s: too many cells in a row", s->name);
    struct sheet_cell *c = &s->cells[(s->nrows - 1) * s->ncols + s->col++];
    memset(c, 0, sizeof *c);
    return c;
}

void sheet_text(struct sheet *s, const char *text)
{
    struct sheet_cell *c = next_cell(s);
    c->empty = text == NULL;
    c->text = text ? arena_strdup(s->a, text) : NULL;
}

void sheet_num(struct sheet *s, int64_t v)
{
    struct sheet_cell *c = next_cell(s);
    c->v = v;
    c->empty = s->cols[s->col - 1].type == SH_DATE && v == DATE_NONE;
}

void sheet_empty(struct sheet *s)
{
    next_cell(s)->empty = true;
}

int sheet_write_csv(const struct sheet *s, struct buf *out)
{
    char iso[11];
    csv_add_bom(out);
    for (size_t c = 0; c < s->ncols; c++) {
        if (c)
            csv_add_sep(out);
        csv_add_field(out, s->cols[c].title, strlen(s->cols[c].title));
    }
    csv_add_eol(out);
    for (size_t r = 0; r < s->nrows; r++) {
        for (size_t c = 0; c < s->ncols; c++) {
            const struct sheet_cell *cell = &s->cells[r * s->ncols + c];
            struct buf num;
            if (c)
                csv_add_sep(out);
            if (cell->empty)
                continue;
            buf_init(&num, 64);
            switch (s->cols[c].type) {
            case SH_TEXT:
                csv_add_field(out, cell->text, strlen(cell->text));
                break;
            case SH_PENCE:
                money_add_plain(&num, cell->v);
                break;
            case SH_INT:
                buf_add_i64(&num, cell->v, false);
                break;
            case SH_WTE:
                fixed_add(&num, cell->v, 4, 1, false);
                break;
            case SH_DATE:
                date_format_iso((date_t)cell->v, iso);
                buf_adds(&num, iso);
                break;
            }
            if (num.len)
                csv_add_number(out, num.buf, num.len);
            buf_release(&num);
        }
        csv_add_eol(out);
    }
    return buf_ok(out) ? 0 : PCN_ELIMIT;
}

static int lxw_fail(lxw_error e, const char *path, struct pcn_msg *m)
{
    return msg_set(m, PCN_EIO, "%s: cannot write the workbook: %s", path, lxw_strerror(e));
}

int sheet_write_xlsx(const struct sheet *sheets, size_t n, const char *path, struct pcn_msg *m)
{
    lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (!wb)
        return msg_set(m, PCN_EIO, "%s: cannot create the workbook", path);
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format *money = workbook_add_format(wb);
    format_set_num_format(money, "\xC2\xA3#,##0.00");
    lxw_format *date = workbook_add_format(wb);
    format_set_num_format(date, "dd/mm/yyyy");
    lxw_format *wte = workbook_add_format(wb);
    format_set_num_format(wte, "0.0###");
    lxw_error e = LXW_NO_ERROR;

    for (size_t k = 0; k < n && !e; k++) {
        const struct sheet *s = &sheets[k];
        lxw_worksheet *ws = workbook_add_worksheet(wb, s->name);
        if (!ws) {
            workbook_close(wb);
            return msg_set(m, PCN_EIO, "%s: cannot add sheet '%s'", path, s->name);
        }
        for (size_t c = 0; c < s->ncols && !e; c++) {
            e = worksheet_write_string(ws, 0, (lxw_col_t)c, s->cols[c].title, bold);
            worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
                                 s->cols[c].type == SH_TEXT ? 30 : 14, NULL);
        }
        for (size_t r = 0; r < s->nrows && !e; r++) {
            for (size_t c = 0; c < s->ncols && !e; c++) {
                const struct sheet_cell *cell = &s->cells[r * s->ncols + c];
                lxw_row_t row = (lxw_row_t)(r + 1);
                lxw_col_t col = (lxw_col_t)c;
                if (cell->empty)
                    continue;
                switch (s->cols[c].type) {
                case SH_TEXT:
                    e = worksheet_write_string(ws, row, col, cell->text, NULL);
                    break;
                case SH_PENCE:
                    /* The only floating point of a money path, because an
                     * XLSX number is a double: exact pence become pounds at
                     * this moment, in one division of two exactly held
                     * integers (|pence| < 2^53), which IEEE 754 rounds
                     * correctly, so the cell holds the double nearest the
                     * exact amount, the same one a spreadsheet parses from
                     * "1234.56".  (Whole pounds plus pence / 100.0 rounds
                     * twice and is off by one unit in the last place for
                     * some amounts, 1.14 among them.) */
                    e = worksheet_write_number(ws, row, col, (double)cell->v / 100.0, money);
                    break;
                case SH_INT:
                    e = worksheet_write_number(ws, row, col, (double)cell->v, NULL);
                    break;
                case SH_WTE:
                    e = worksheet_write_number(ws, row, col, (double)cell->v / 10000.0, wte);
                    break;
                case SH_DATE: {
                    int y, mo, d;
                    date_to_ymd((date_t)cell->v, &y, &mo, &d);
                    lxw_datetime dt = {y, mo, d, 0, 0, 0};
                    e = worksheet_write_datetime(ws, row, col, &dt, date);
                    break;
                }
                }
            }
        }
    }
    if (e) {
        workbook_close(wb);
        unlink(path);
        return lxw_fail(e, path, m);
    }
    e = workbook_close(wb);
    return e ? lxw_fail(e, path, m) : 0;
}

int sheet_xlsx_bytes(const struct sheet *sheets, size_t n, char **data, size_t *len,
                     struct pcn_msg *m)
{
    char dir[] = "/tmp/pcnops-xlsx-XXXXXX";
    if (!mkdtemp(dir))
        return msg_set(m, PCN_EIO, "cannot make a temporary directory: %s", strerror(errno));
    char path[64];
    snprintf(path, sizeof path, "%s/book.xlsx", dir);
    int rc = sheet_write_xlsx(sheets, n, path, m);
    if (!rc) {
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        struct stat st;
        if (fd < 0 || fstat(fd, &st) != 0) {
            rc = msg_set(m, PCN_EIO, "cannot read the workbook back");
        } else {
            *len = (size_t)st.st_size;
            *data = xmalloc(*len + 1);
            size_t got = 0;
            while (got < *len) {
                ssize_t k = read(fd, *data + got, *len - got);
                if (k <= 0)
                    break;
                got += (size_t)k;
            }
            if (got != *len) {
                free(*data);
                rc = msg_set(m, PCN_EIO, "cannot read the workbook back");
            }
        }
        if (fd >= 0)
            close(fd);
    }
    unlink(path);
    rmdir(dir);
    return rc;
}
