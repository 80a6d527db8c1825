#include "common.h"
#include "csv.h"
#include "buf.h"

enum {
    ST_FIELD_START, /* at the start of a field                      */
    ST_UNQUOTED,    /* inside an unquoted field                     */
    ST_QUOTED,      /* inside a quoted field                        */
    ST_QUOTE,       /* a quote seen inside a quoted field           */
    ST_CR,          /* a carriage return ended a record, LF needed  */
};

static const unsigned char bom[3] = {0xEF, 0xBB, 0xBF};

void csv_init(struct csv_reader *r, const char *file, csv_record_fn fn, void *ctx)
{
    memset(r, 0, sizeof *r);
    r->file = file ? file : "input";
    r->fn = fn;
    r->ctx = ctx;
    r->max_field = LIMIT_CSV_FIELD_BYTES;
    r->max_columns = LIMIT_CSV_COLUMNS;
    r->max_rows = LIMIT_CSV_ROWS;
    r->same_width = true;
    r->utf8 = true;
    r->state = ST_FIELD_START;
    r->line = 1;
    r->col = 1;
    r->rec_line = 1;
}

void csv_release(struct csv_reader *r)
{
    free(r->rb);
    free(r->offs);
    free(r->fields);
    r->rb = NULL;
    r->offs = NULL;
    r->fields = NULL;
}

static int fail(struct csv_reader *r, struct pcn_msg *m, int code, long line, long col,
                const char *what)
{
    r->failed = msg_set(m, code, "%s:%ld:%ld: %s", r->file, line, col, what);
    return r->failed;
}

static void ensure_rb(struct csv_reader *r, size_t extra)
{
    if (r->rb_len + extra + 1 <= r->rb_cap)
        return;
    size_t n = r->rb_cap ? r->rb_cap : 1024;
    while (n < r->rb_len + extra + 1)
        n *= 2;
    r->rb = xrealloc(r->rb, n);
    r->rb_cap = n;
}

static int add_bytes(struct csv_reader *r, const char *p, size_t n, struct pcn_msg *m)
{
    if (r->rb_len - r->field_start + n > r->max_field) {
        char what[96];
        snprintf(what, sizeof what, "field longer than %zu bytes", r->max_field);
        return fail(r, m, PCN_ELIMIT, r->field_line, r->field_col, what);
    }
    ensure_rb(r, n);
    memcpy(r->rb + r->rb_len, p, n);
    r->rb_len += n;
    return 0;
}

static int end_field(struct csv_reader *r, struct pcn_msg *m)
{
    if (r->nfields >= r->max_columns) {
        char what[96];
        snprintf(what, sizeof what, "more than %zu fields in a record", r->max_columns);
        return fail(r, m, PCN_ELIMIT, r->field_line, r->field_col, what);
    }
    if (!r->offs) {
        r->offs = xcalloc(r->max_columns + 1, sizeof *r->offs);
        r->fields = xcalloc(r->max_columns + 1, sizeof *r->fields);
    }
    ensure_rb(r, 0); /* before any pointer arithmetic: rb is NULL until the first byte */
    if (r->utf8 && !utf8_valid(r->rb + r->field_start, r->rb_len - r->field_start))
        return fail(r, m, PCN_EINVAL, r->field_line, r->field_col,
                    "text that is not valid UTF-8 (save the file as UTF-8 or plain ASCII)");
    r->rb[r->rb_len++] = '\0';
    r->offs[r->nfields++] = r->field_start;
    r->field_start = r->rb_len;
    return 0;
}

static int end_record(struct csv_reader *r, struct pcn_msg *m)
{
    int rc;

    if ((rc = end_field(r, m)))
        return rc;
    if (r->nrecords >= r->max_rows) {
        char what[96];
        snprintf(what, sizeof what, "more than %ld records", r->max_rows);
        return fail(r, m, PCN_ELIMIT, r->rec_line, 1, what);
    }
    if (r->nrecords == 0) {
        r->width = r->nfields;
    } else if (r->same_width && r->nfields != r->width) {
        char what[128];
        snprintf(what, sizeof what, "%zu fields where the first record has %zu", r->nfields,
                 r->width);
        return fail(r, m, PCN_EINVAL, r->rec_line, 1, what);
    }
    for (size_t i = 0; i < r->nfields; i++) {
        size_t end = i + 1 < r->nfields ? r->offs[i + 1] : r->rb_len;
        r->fields[i].p = r->rb + r->offs[i];
        r->fields[i].len = end - r->offs[i] - 1;
    }
    struct csv_record rec = {
        .nfields = r->nfields,
        .f = r->fields,
        .line = r->rec_line,
        .index = r->nrecords,
    };
    r->nrecords++;
    r->nfields = 0;
    r->rb_len = 0;
    r->field_start = 0;
    if (r->fn && (rc = r->fn(r->ctx, &rec, m))) {
        r->failed = rc;
        return rc;
    }
    return 0;
}

/* Length of the run of ordinary bytes at p (no , " CR LF NUL). */
static size_t plain_run(const char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)p[i];
        if (c == ',' || c == '"' || c == '\r' || c == '\n' || c == '\0')
            break;
        i++;
    }
    return i;
}

/* Length of the run inside a quoted field (no " CR LF NUL). */
static size_t quoted_run(const char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)p[i];
        if (c == '"' || c == '\r' || c == '\n' || c == '\0')
            break;
        i++;
    }
    return i;
}

static int feed(struct csv_reader *r, const char *data, size_t n, struct pcn_msg *m);

/* The first bytes looked like the start of a byte order mark but were not
 * one (a first character in U+F000..U+FFFF starts with 0xEF too): they are
 * data. */
static int replay_bom(struct csv_reader *r, struct pcn_msg *m)
{
    r->started = true;
    return r->bom_seen ? feed(r, (const char *)bom, (size_t)r->bom_seen, m) : 0;
}

/* A run of ordinary bytes at data + *i, added to the field at once. */
static int add_run(struct csv_reader *r, const char *data, size_t run, size_t *i, struct pcn_msg *m)
{
    int rc = add_bytes(r, data + *i, run, m);
    if (rc)
        return rc;
    *i += run;
    r->col += (long)run;
    return 0;
}

/* A comma or a line end after a field ends the field (and at a line end,
 * the record); *taken is false for any other character, left to the
 * caller. */
static int delimiter(struct csv_reader *r, char c, bool *taken, struct pcn_msg *m)
{
    int rc;
    *taken = true;
    if (c == ',') {
        if ((rc = end_field(r, m)))
            return rc;
        r->state = ST_FIELD_START;
    } else if (c == '\n') {
        r->state = ST_FIELD_START;
        r->line++;
        r->col = 0;
        if ((rc = end_record(r, m)))
            return rc;
        r->rec_line = r->line;
    } else if (c == '\r') {
        r->state = ST_CR;
    } else {
        *taken = false;
    }
    return 0;
}

int csv_feed(struct csv_reader *r, const char *data, size_t n, struct pcn_msg *m)
{
    size_t i = 0;
    int rc;

    if (r->failed)
        return r->failed;
    /* A byte order mark may arrive split across feeds. */
    while (!r->started && i < n) {
        if ((unsigned char)data[i] == bom[r->bom_seen]) {
            r->bom_seen++;
            i++;
            if (r->bom_seen == 3)
                r->started = true;
            continue;
        }
        if ((rc = replay_bom(r, m)))
            return rc;
    }
    return feed(r, data + i, n - i, m);
}

static int feed(struct csv_reader *r, const char *data, size_t n, struct pcn_msg *m)
{
    size_t i = 0;
    int rc;
    bool taken;

    while (i < n) {
        char c = data[i];
        if (c == '\0')
            return fail(r, m, PCN_EINVAL, r->line, r->col, "NUL byte in the data");
        switch (r->state) {
        case ST_CR:
            if (c != '\n')
                return fail(r, m, PCN_EINVAL, r->line, r->col - 1,
                            "carriage return not followed by a line feed");
            i++;
            r->line++;
            r->col = 1;
            r->state = ST_FIELD_START;
            if ((rc = end_record(r, m)))
                return rc;
            r->rec_line = r->line;
            continue;
        case ST_FIELD_START:
            r->field_line = r->line;
            r->field_col = r->col;
            if (c == '"') {
                r->state = ST_QUOTED;
                i++;
                r->col++;
                continue;
            }
            r->state = ST_UNQUOTED;
            /* fall through */
        case ST_UNQUOTED: {
            size_t run = plain_run(data + i, n - i);
            if (run) {
                if ((rc = add_run(r, data, run, &i, m)))
                    return rc;
                continue;
            }
            if ((rc = delimiter(r, c, &taken, m)))
                return rc;
            if (!taken) /* '"' */
                return fail(r, m, PCN_EINVAL, r->line, r->col,
                            "quote inside an unquoted field (a field with quotes must be "
                            "enclosed in quotes, with each quote doubled)");
            i++;
            r->col++;
            continue;
        }
        case ST_QUOTED: {
            size_t run = quoted_run(data + i, n - i);
            if (run) {
                if ((rc = add_run(r, data, run, &i, m)))
                    return rc;
                continue;
            }
            if (c == '"') {
                r->state = ST_QUOTE;
            } else {
                if ((rc = add_bytes(r, &c, 1, m)))
                    return rc;
                if (c == '\n') {
                    r->line++;
                    r->col = 0;
                }
            }
            i++;
            r->col++;
            continue;
        }
        case ST_QUOTE:
            if (c == '"') {
                if ((rc = add_bytes(r, "\"", 1, m)))
                    return rc;
                r->state = ST_QUOTED;
            } else {
                if ((rc = delimiter(r, c, &taken, m)))
                    return rc;
                if (!taken)
                    return fail(r, m, PCN_EINVAL, r->line, r->col,
                                "unexpected character after a closing quote");
            }
            i++;
            r->col++;
            continue;
        }
    }
    return 0;
}

int csv_finish(struct csv_reader *r, struct pcn_msg *m)
{
    int rc;

    if (r->failed)
        return r->failed;
    if (!r->started && (rc = replay_bom(r, m)))
        return rc;
    switch (r->state) {
    case ST_QUOTED:
        return fail(r, m, PCN_EINVAL, r->field_line, r->field_col,
                    "quoted field not closed before the end of the file");
    case ST_CR:
        return fail(r, m, PCN_EINVAL, r->line, r->col - 1,
                    "carriage return not followed by a line feed");
    case ST_UNQUOTED:
    case ST_QUOTE:
        r->state = ST_FIELD_START;
        return end_record(r, m);
    case ST_FIELD_START:
        /* A record in progress ends with an empty last field: "a,b,". */
        if (r->nfields > 0) {
            r->field_line = r->line;
            r->field_col = r->col;
            return end_record(r, m);
        }
        return 0;
    }
    return 0;
}

/* Header matching */

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static char upper(char c)
{
    return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

/* Compares cell (normalised) with name[0..nlen): spaces collapsed. */
static bool header_eq_n(const char *cell, size_t len, const char *name, size_t nlen)
{
    size_t i = 0, j = 0;

    while (i < len && is_space(cell[i]))
        i++;
    while (len > i && is_space(cell[len - 1]))
        len--;
    while (i < len && j < nlen) {
        if (is_space(cell[i])) {
            while (i < len && is_space(cell[i]))
                i++;
            if (name[j] != ' ')
                return false;
            j++;
            continue;
        }
        if (upper(cell[i]) != upper(name[j]))
            return false;
        i++;
        j++;
    }
    return i == len && j == nlen;
}

bool csv_header_eq(const char *cell, size_t len, const char *name)
{
    return header_eq_n(cell, len, name, strlen(name));
}

int csv_header_index(const struct csv_field *cell, const char *const *names, int n)
{
    int found = -1;
    for (int i = 0; i < n; i++)
        if (csv_header_eq(cell->p, cell->len, names[i]))
            found = i;
    return found;
}

const char *csv_line_vmsg(struct arena *a, const char *file, long line, const char *col,
                          const char *fmt, va_list ap)
{
    char what[LIMIT_MSG_BYTES];
    vsnprintf(what, sizeof what, fmt, ap);
    return col ? arena_printf(a, "%s:%ld: field %s: %s", file, line, col, what)
               : arena_printf(a, "%s:%ld: %s", file, line, what);
}

static bool header_matches(const char *cell, size_t len, const char *names)
{
    const char *p = names;
    for (;;) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (header_eq_n(cell, len, p, n))
            return true;
        if (!bar)
            return false;
        p = bar + 1;
    }
}

int csv_map_names(const struct csv_record *hdr, const char *const *names, struct csv_col *cols,
                  size_t n, const char *file, struct pcn_msg *m)
{
    for (size_t k = 0; k < n; k++)
        cols[k] = (struct csv_col){names[k], true, -1};
    return csv_map_header(hdr, cols, n, file, m);
}

int csv_map_header(const struct csv_record *hdr, struct csv_col *cols, size_t n, const char *file,
                   struct pcn_msg *m)
{
    for (size_t c = 0; c < n; c++) {
        cols[c].idx = -1;
        for (size_t i = 0; i < hdr->nfields; i++) {
            if (!header_matches(hdr->f[i].p, hdr->f[i].len, cols[c].names))
                continue;
            if (cols[c].idx >= 0)
                return msg_set(m, PCN_EINVAL, "%s:%ld: column %s appears twice", file, hdr->line,
                               hdr->f[i].p);
            cols[c].idx = (int)i;
        }
        if (cols[c].required && cols[c].idx < 0) {
            const char *bar = strchr(cols[c].names, '|');
            int nlen = bar ? (int)(bar - cols[c].names) : (int)strlen(cols[c].names);
            return msg_set(m, PCN_EINVAL, "%s:%ld: missing column %.*s", file, hdr->line, nlen,
                           cols[c].names);
        }
    }
    return 0;
}

/* Writer */

int csv_add_field(struct buf *b, const char *s, size_t len)
{
    bool quote = false;
    bool formula = len > 0 && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
                               s[0] == '\t' || s[0] == '\r');

    for (size_t i = 0; i < len && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
    if (quote)
        buf_addc(b, '"');
    if (formula)
        buf_addc(b, '\'');
    if (!quote) {
        buf_add(b, s, len);
    } else {
        size_t start = 0;
        for (size_t i = 0; i < len; i++) {
            if (s[i] == '"') {
                buf_add(b, s + start, i + 1 - start);
                buf_addc(b, '"');
                start = i + 1;
            }
        }
        buf_add(b, s + start, len - start);
        buf_addc(b, '"');
    }
    return buf_ok(b) ? 0 : PCN_ELIMIT;
}

int csv_add_number(struct buf *b, const char *s, size_t len)
{
    size_t i = len && s[0] == '-' ? 1 : 0, digits = 0, dots = 0;
    for (; i < len; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            digits++;
        else if (s[i] == '.' && dots == 0 && digits > 0)
            dots++;
        else
            return csv_add_field(b, s, len);
    }
    if (digits == 0 || (len && s[len - 1] == '.'))
        return csv_add_field(b, s, len);
    buf_add(b, s, len);
    return buf_ok(b) ? 0 : PCN_ELIMIT;
}

int csv_add_fields(struct buf *b, size_t n, const char *const *fields)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            csv_add_sep(b);
        csv_add_field(b, fields[i], strlen(fields[i]));
    }
    return csv_add_eol(b);
}

int csv_add_sep(struct buf *b)
{
    return buf_addc(b, ',');
}

int csv_add_eol(struct buf *b)
{
    return BUF_LIT(b, "\r\n");
}

int csv_add_bom(struct buf *b)
{
    return buf_add(b, bom, sizeof bom);
}
