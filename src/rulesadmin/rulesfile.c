#include "common.h"
#include "rulesfile.h"
#include "deskrules.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *fy_dir(struct arena *a, fy_t fy)
{
    char s[8];
    fy_format_dir(fy, s);
    return arena_strdup(a, s);
}

int rulesfile_of(const char *name)
{
    for (int f = 0; f < RF_COUNT; f++)
        if (!strcmp(name, rules_file_name((enum rules_file)f)))
            return f;
    return !strcmp(name, "sources.csv")       ? RULESFILE_SOURCES
           : !strcmp(name, "cd_time.csv")     ? RULESFILE_CD_TIME
           : !strcmp(name, "supervision.csv") ? RULESFILE_SUPERVISION
           : !strcmp(name, "deadlines.csv")   ? RULESFILE_DEADLINES
                                              : -1;
}

const char *rulesfile_name(int file)
{
    if (file >= 0 && file < RF_COUNT)
        return rules_file_name((enum rules_file)file);
    return file == RULESFILE_SOURCES       ? "sources.csv"
           : file == RULESFILE_CD_TIME     ? "cd_time.csv"
           : file == RULESFILE_SUPERVISION ? "supervision.csv"
           : file == RULESFILE_DEADLINES   ? "deadlines.csv"
                                           : "?";
}

static void diag_error(struct rules_diag *d, const char *msg)
{
    if (d->nerrors < LIMIT_RULES_ERRORS_KEPT)
        d->errors[d->nerrors] = msg;
    d->nerrors++;
}

int rulesfile_read(struct arena *a, const char *path, const char **data, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0)
        return errno == ENOENT ? PCN_ENOTFOUND : PCN_EIO;
    if (fstat(fd, &st) != 0 || st.st_size > LIMIT_RULES_FILE_BYTES) {
        close(fd);
        return PCN_EIO;
    }
    char *p = arena_alloc(a, (size_t)st.st_size + 1);
    size_t got = 0;
    while (got < (size_t)st.st_size) {
        ssize_t k = read(fd, p + got, (size_t)st.st_size - got);
        if (k <= 0)
            break;
        got += (size_t)k;
    }
    close(fd);
    if (got != (size_t)st.st_size)
        return PCN_EIO;
    p[got] = '\0';
    *data = p;
    *len = got;
    return 0;
}

/* Writes data to path through a temporary file in the same folder and a
 * rename, so a reader sees the old file or the new, never half of one. */
static int write_atomic(const char *path, const char *data, size_t len, struct pcn_msg *m)
{
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.upload-XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return msg_set(m, PCN_EIO, "%s: cannot write: %s", path, strerror(errno));
    size_t done_ = 0;
    while (done_ < len) {
        ssize_t k = write(fd, data + done_, len - done_);
        if (k <= 0)
            break;
        done_ += (size_t)k;
    }
    bool ok = done_ == len && fchmod(fd, 0644) == 0 && fsync(fd) == 0;
    if (close(fd) != 0)
        ok = false;
    if (!ok || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return msg_set(m, PCN_EIO, "%s: cannot write: %s", path, strerror(e));
    }
    return 0;
}

const char *rulesfile_sha256(struct arena *a, const char *data, size_t len)
{
    unsigned char h[crypto_hash_sha256_BYTES];
    char *hex = arena_alloc(a, 2 * sizeof h + 1);
    crypto_hash_sha256(h, (const unsigned char *)data, len);
    sodium_bin2hex(hex, 2 * sizeof h + 1, h, sizeof h);
    return hex;
}

void rulesfile_candidate(struct arena *a, const char *dir, fy_t fy,
                         const struct rulesfile_upload *up, size_t nup, struct rules_diag *d)
{
    struct rules r;
    const struct rulesfile_upload *byfile[RULESFILE_N] = {0};
    struct deskrules dr;
    deskrules_init(&dr, dir);
    for (size_t i = 0; i < nup; i++)
        byfile[up[i].file] = &up[i];
    rules_init(&r, a, dir);
    const char *data;
    size_t len;
    const char *spath = arena_printf(a, "%s/sources.csv", dir);
    if (byfile[RULESFILE_SOURCES])
        rules_parse_sources(&r, spath, byfile[RULESFILE_SOURCES]->data,
                            byfile[RULESFILE_SOURCES]->len, d);
    else if (rulesfile_read(a, spath, &data, &len) == 0)
        rules_parse_sources(&r, spath, data, len, d);

    /* The folder's years, and the uploaded year if it is new. */
    fy_t years[64];
    size_t ny = 0;
    bool have = false;
    DIR *dh = opendir(dir);
    struct dirent *e;
    while (dh && (e = readdir(dh)) && ny < ARRAY_SIZE(years) - 1) {
        fy_t y;
        if (strlen(e->d_name) == 7 && e->d_name[4] == '-' && fy_parse(e->d_name, &y) == 0) {
            years[ny++] = y;
            have = have || y == fy;
        }
    }
    if (dh)
        closedir(dh);
    if (!have && fy)
        years[ny++] = fy;
    for (size_t i = 0; i < ny; i++) /* oldest first, as rules_load */
        for (size_t k = i + 1; k < ny; k++)
            if (years[k] < years[i]) {
                fy_t t = years[i];
                years[i] = years[k];
                years[k] = t;
            }
    for (size_t i = 0; i < ny; i++) {
        const char *ydir = arena_printf(a, "%s/%s", dir, fy_dir(a, years[i]));
        struct rules_year *y = rules_add_year(&r, years[i], ydir);
        for (int f = 0; f < RF_COUNT; f++) {
            const char *path = arena_printf(a, "%s/%s", ydir, rules_file_name((enum rules_file)f));
            if (years[i] == fy && byfile[f]) {
                rules_parse_file(&r, y, (enum rules_file)f, path, byfile[f]->data, byfile[f]->len,
                                 d);
            } else if (rulesfile_read(a, path, &data, &len) == 0) {
                rules_parse_file(&r, y, (enum rules_file)f, path, data, len, d);
            } else if (rules_file_optional((enum rules_file)f)) {
                continue; /* a year without it has none of its rows */
            } else {
                const char *msg = years[i] == fy && !have
                                      ? arena_printf(a,
                                                     "%s: a new year needs this file too: "
                                                     "upload it with the others",
                                                     path)
                                      : arena_printf(a, "%s: cannot be read", path);
                if (d->nerrors < LIMIT_RULES_ERRORS_KEPT)
                    d->errors[d->nerrors] = msg;
                d->nerrors++;
                y->nerrors++;
            }
        }
        /* The desk's files, checked as deskrules_load reads them. */
        for (int f = RULESFILE_CD_TIME; f <= RULESFILE_DEADLINES; f++) {
            const char *path = arena_printf(a, "%s/%s", ydir, rulesfile_name(f));
            const char *kind = f == RULESFILE_CD_TIME       ? "cd_time"
                               : f == RULESFILE_SUPERVISION ? "supervision"
                                                            : "deadlines";
            if (years[i] == fy && byfile[f])
                deskrules_parse(&dr, a, &r, years[i], kind, path, byfile[f]->data, byfile[f]->len);
            else if (rulesfile_read(a, path, &data, &len) == 0)
                deskrules_parse(&dr, a, &r, years[i], kind, path, data, len);
        }
    }
    rules_check(&r, d);
    deskrules_check(&dr, a);
    long kept = dr.nerrors < DESKRULES_ERRORS_KEPT ? dr.nerrors : DESKRULES_ERRORS_KEPT;
    for (long i = 0; i < kept; i++)
        diag_error(d, dr.errors[i]);
    for (long i = kept; i < dr.nerrors; i++)
        diag_error(d, "and more problems in the desk's files");
}

static const char *upload_path(struct arena *a, const char *dir, fy_t fy,
                               const struct rulesfile_upload *up)
{
    return up->file == RULESFILE_SOURCES
               ? arena_printf(a, "%s/sources.csv", dir)
               : arena_printf(a, "%s/%s/%s", dir, fy_dir(a, fy), up->name);
}

json_t *rulesfile_describe(struct arena *a, const char *dir, fy_t fy,
                           const struct rulesfile_upload *up, size_t nup)
{
    json_t *files = json_array();
    for (size_t i = 0; i < nup; i++) {
        const char *path = upload_path(a, dir, fy, &up[i]);
        const char *old;
        size_t oldlen;
        bool had = rulesfile_read(a, path, &old, &oldlen) == 0;
        json_array_append_new(
            files, json_pack("{s:s,s:o,s:o,s:s,s:I}", "path", path, "before_sha256",
                             had ? json_string(rulesfile_sha256(a, old, oldlen)) : json_null(),
                             "before_bytes", had ? json_integer((json_int_t)oldlen) : json_null(),
                             "after_sha256", rulesfile_sha256(a, up[i].data, up[i].len),
                             "after_bytes", (json_int_t)up[i].len));
    }
    return files;
}

int rulesfile_write(struct arena *a, const char *dir, fy_t fy, const struct rulesfile_upload *up,
                    size_t nup, json_t **files, struct pcn_msg *m)
{
    bool year = false;
    for (size_t i = 0; i < nup; i++)
        year = year || up[i].file != RULESFILE_SOURCES;
    *files = rulesfile_describe(a, dir, fy, up, nup);
    if (year) {
        const char *ydir = arena_printf(a, "%s/%s", dir, fy_dir(a, fy));
        if (mkdir(ydir, 0755) != 0 && errno != EEXIST)
            return msg_set(m, PCN_EIO, "%s: cannot make the folder: %s", ydir, strerror(errno));
    }
    for (size_t i = 0; i < nup; i++) {
        int rc = write_atomic(upload_path(a, dir, fy, &up[i]), up[i].data, up[i].len, m);
        if (rc)
            return rc;
    }
    return 0;
}

/* ---- one row ---------------------------------------------------------------- */

struct rows {
    struct arena *a;
    long want;
    size_t nhead, nrow;
    const char **head, **row;
    long line;
};

static const char **copy_fields(struct arena *a, const struct csv_record *rec)
{
    const char **v = arena_alloc(a, (rec->nfields + 1) * sizeof *v);
    for (size_t i = 0; i < rec->nfields; i++)
        v[i] = arena_strndup(a, rec->f[i].p, rec->f[i].len);
    return v;
}

static int on_row(void *ctx, const struct csv_record *rec, struct pcn_msg *m)
{
    struct rows *x = ctx;
    (void)m;
    if (!x->head) {
        x->head = copy_fields(x->a, rec);
        x->nhead = rec->nfields;
    } else if (rec->line == x->want) {
        x->row = copy_fields(x->a, rec);
        x->nrow = rec->nfields;
        x->line = rec->line;
    }
    return 0;
}

int rulesfile_row(struct arena *a, const char *name, const char *data, size_t len, long line,
                  const char ***head, const char ***row, size_t *n, struct pcn_msg *m)
{
    struct csv_reader rd;
    struct rows x = {.a = a, .want = line};
    csv_init(&rd, name, on_row, &x);
    int rc = csv_feed(&rd, data, len, m);
    if (!rc)
        rc = csv_finish(&rd, m);
    csv_release(&rd);
    if (rc)
        return rc;
    if (line <= 1 || !x.row)
        return msg_set(m, PCN_ENOTFOUND, "%s has no row on line %ld", name, line);
    if (x.nrow != x.nhead)
        return msg_set(m, PCN_EINVAL, "%s:%ld: %zu fields where the header has %zu", name, line,
                       x.nrow, x.nhead);
    *head = x.head;
    *row = x.row;
    *n = x.nhead;
    return 0;
}

/* A field as CSV writes it: quoted when it holds a comma, a quote or a line
 * break (quotes doubled); the rules are data, not formulas, so nothing is
 * prefixed. */
static void add_field(struct buf *b, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        buf_adds(b, s);
        return;
    }
    buf_addc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            buf_addc(b, '"');
        buf_addc(b, *s);
    }
    buf_addc(b, '"');
}

int rulesfile_replace_row(struct arena *a, const char *data, size_t len, long line,
                          const char *const *fields, size_t n, const char **out, size_t *outlen)
{
    /* The physical lines: a rules row is one line (rulesfile_row found it
     * starting on `line`; a row that spans lines is refused). */
    const char *p = data, *end = data + len, *start = NULL, *stop = NULL;
    long at = 1;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *next = nl ? nl + 1 : end;
        if (at == line) {
            start = p;
            stop = nl ? nl : end;
            if (stop > start && stop[-1] == '\r')
                stop--;
            break;
        }
        at++;
        p = next;
    }
    if (!start)
        return PCN_ENOTFOUND;
    struct buf b;
    buf_init(&b, LIMIT_RULES_FILE_BYTES);
    buf_add(&b, data, (size_t)(start - data));
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_addc(&b, ',');
        add_field(&b, fields[i]);
    }
    int rc = buf_add(&b, stop, (size_t)(end - stop));
    if (!rc) {
        *out = arena_strndup(a, b.buf, b.len);
        *outlen = b.len;
    }
    buf_release(&b);
    return rc ? PCN_ELIMIT : 0;
}
