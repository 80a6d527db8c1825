/* test_infile.c: plain and gzip input, detected by magic bytes (infile.h). */
#include "testutil.h"

#include <stdbool.h>
#include <sys/stat.h>
#include <zlib.h>

#include "buf.h"
#include "err.h"
#include "infile.h"
#include "limits.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- helpers ------------------------------------------------------------------- */

struct sink {
    struct buf out;
    long calls;
    long fail_on_call; /* return stop_rc on this call (0: never) */
    int stop_rc;
    size_t total; /* bytes seen, for when out is not kept */
    bool keep;
};

static void sink_init(struct sink *s, bool keep)
{
    buf_init(&s->out, 8 * 1024 * 1024);
    s->calls = 0;
    s->fail_on_call = 0;
    s->stop_rc = 0;
    s->total = 0;
    s->keep = keep;
}

static int sink_fn(void *ctx, const char *data, size_t n, struct pcn_msg *m)
{
    struct sink *s = ctx;
    s->calls++;
    s->total += n;
    if (s->keep && buf_add(&s->out, data, n))
        return msg_set(m, PCN_ELIMIT, "sink full");
    if (s->calls == s->fail_on_call)
        return msg_set(m, s->stop_rc, "stopped by the callback");
    return 0;
}

/* Text of n bytes that looks like a CSV file and does not compress away. */
static char *make_text(size_t n)
{
    char *t = malloc(n + 1);
    uint32_t x = 1;
    size_t i = 0;
    while (i < n) {
        char line[80];
        x = x * 1103515245u + 12345u;
        int k = snprintf(line, sizeof line, "K%05u,U%05u,%u,\"Name, %u\"\n", (x >> 8) % 100000,
                         (x >> 4) % 100000, x % 9973, x >> 20);
        for (int j = 0; j < k && i < n; j++)
            t[i++] = line[j];
    }
    t[n] = '\0';
    return t;
}

static char *write_bytes(const char *dir, const char *name, const void *data, size_t n)
{
    size_t len = strlen(dir) + strlen(name) + 2;
    char *path = malloc(len);
    snprintf(path, len, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
    return path;
}

/* Writes data gzip-compressed with zlib's own writer. */
static char *write_gz(const char *dir, const char *name, const void *data, size_t n,
                      const char *mode)
{
    size_t len = strlen(dir) + strlen(name) + 2;
    char *path = malloc(len);
    snprintf(path, len, "%s/%s", dir, name);
    gzFile g = gzopen(path, mode);
    assert_non_null(g);
    const char *p = data;
    size_t left = n;
    while (left > 0) { /* gzwrite takes an unsigned int count */
        unsigned k = left > (1u << 30) ? (1u << 30) : (unsigned)left;
        assert_int_equal(gzwrite(g, p, k), (int)k);
        p += k;
        left -= k;
    }
    assert_int_equal(gzclose(g), Z_OK);
    return path;
}

/* n zero bytes, gzip-compressed, written without holding them in memory. */
static char *write_gz_zeros(const char *dir, const char *name, size_t n)
{
    size_t len = strlen(dir) + strlen(name) + 2;
    char *path = malloc(len);
    snprintf(path, len, "%s/%s", dir, name);
    gzFile g = gzopen(path, "wb1");
    assert_non_null(g);
    static const char zeros[1 << 20];
    while (n > 0) {
        unsigned k = n > sizeof zeros ? (unsigned)sizeof zeros : (unsigned)n;
        assert_int_equal(gzwrite(g, zeros, k), (int)k);
        n -= k;
    }
    assert_int_equal(gzclose(g), Z_OK);
    return path;
}

static char *read_all(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *d = malloc((size_t)sz + 1);
    assert_int_equal(fread(d, 1, (size_t)sz, f), (size_t)sz);
    fclose(f);
    *n = (size_t)sz;
    return d;
}

/* ---- tests ---------------------------------------------------------------------- */

/* The same content plain, gzip-compressed, with and without a .gz name,
 * from a file and from memory, gives identical bytes. */
static void test_plain_and_gzip_identical(void **state)
{
    (void)state;
    static const size_t sizes[] = {0, 1, 2, 100, 256 * 1024, 256 * 1024 + 1, 1000 * 1000};
    char *dir = tmpdir_make();
    assert_non_null(dir);
    for (size_t i = 0; i < N(sizes); i++) {
        size_t n = sizes[i];
        char *text = make_text(n);
        char *plain = write_bytes(dir, "list.csv", text, n);
        char *gz = write_gz(dir, "list.csv.gz", text, n, "wb");
        char *gz_noext = write_gz(dir, "upload.csv", text, n, "wb9");
        size_t gz_len;
        char *gz_bytes = read_all(gz, &gz_len);
        assert_true(gz_len >= 2 && (unsigned char)gz_bytes[0] == 0x1f &&
                    (unsigned char)gz_bytes[1] == 0x8b);

        const char *paths[] = {plain, gz, gz_noext};
        for (size_t k = 0; k < N(paths); k++) {
            struct sink s;
            struct pcn_msg m = {0};
            sink_init(&s, true);
            int rc = infile_stream(paths[k], NULL, sink_fn, &s, &m);
            CHECK(rc == 0, "%zu bytes, %s: rc %d: %s", n, paths[k], rc, m.text);
            CHECK(s.out.len == n && memcmp(s.out.buf, text, n) == 0,
                  "%zu bytes, %s: got %zu different bytes", n, paths[k], s.out.len);
            buf_release(&s.out);
        }
        /* from memory: the gz bytes and the plain bytes */
        const struct {
            const void *p;
            size_t len;
        } mems[] = {{gz_bytes, gz_len}, {text, n}};
        for (size_t k = 0; k < N(mems); k++) {
            struct sink s;
            struct pcn_msg m = {0};
            sink_init(&s, true);
            int rc = infile_stream_mem("upload", mems[k].p, mems[k].len, sink_fn, &s, &m);
            CHECK(rc == 0, "%zu bytes, memory %zu: rc %d: %s", n, k, rc, m.text);
            CHECK(s.out.len == n && memcmp(s.out.buf, text, n) == 0,
                  "%zu bytes, memory %zu: got %zu different bytes", n, k, s.out.len);
            buf_release(&s.out);
        }
        free(text);
        free(plain);
        free(gz);
        free(gz_noext);
        free(gz_bytes);
    }
    tmpdir_remove(dir);
}

/* gzip allows several members one after another (cat a.gz b.gz). */
static void test_gzip_concatenated_members(void **state)
{
    (void)state;
    char *dir = tmpdir_make();
    char *a = write_gz(dir, "a.gz", "first,1\n", 8, "wb");
    char *b = write_gz(dir, "b.gz", "second,2\n", 9, "wb");
    size_t la, lb;
    char *da = read_all(a, &la), *db = read_all(b, &lb);
    char *both = malloc(la + lb);
    memcpy(both, da, la);
    memcpy(both + la, db, lb);

    struct sink s;
    struct pcn_msg m = {0};
    sink_init(&s, true);
    assert_int_equal(infile_stream_mem("cat.gz", both, la + lb, sink_fn, &s, &m), 0);
    assert_string_equal(s.out.buf, "first,1\nsecond,2\n");
    buf_release(&s.out);

    char *p = write_bytes(dir, "cat.gz", both, la + lb);
    sink_init(&s, true);
    assert_int_equal(infile_stream(p, NULL, sink_fn, &s, &m), 0);
    assert_string_equal(s.out.buf, "first,1\nsecond,2\n");
    buf_release(&s.out);

    free(a);
    free(b);
    free(da);
    free(db);
    free(both);
    free(p);
    tmpdir_remove(dir);
}

static void test_missing_file(void **state)
{
    (void)state;
    char *dir = tmpdir_make();
    size_t len = strlen(dir) + 32;
    char *path = malloc(len);
    snprintf(path, len, "%s/no-such-file.csv", dir);
    char want[600];

    struct sink s;
    struct pcn_msg m = {0};
    sink_init(&s, true);
    assert_int_equal(infile_stream(path, NULL, sink_fn, &s, &m), PCN_ENOTFOUND);
    snprintf(want, sizeof want, "%s: cannot open: No such file or directory", path);
    assert_string_equal(m.text, want);
    assert_int_equal(m.code, PCN_ENOTFOUND);
    assert_int_equal(s.calls, 0);

    /* the name given is the one in the message */
    assert_int_equal(infile_stream(path, "epraccur.csv", sink_fn, &s, &m), PCN_ENOTFOUND);
    assert_string_equal(m.text, "epraccur.csv: cannot open: No such file or directory");

    /* a directory opens but cannot be read */
    assert_int_equal(infile_stream(dir, "somedir", sink_fn, &s, &m), PCN_EIO);
    assert_contains(m.text, "somedir: cannot read: ");
    assert_int_equal(s.calls, 0);
    buf_release(&s.out);
    free(path);
    tmpdir_remove(dir);
}

/* A gzip file cut short, or damaged, is an error and never a silent
 * success with part of the data. */
static void test_truncated_and_corrupt_gzip(void **state)
{
    (void)state;
    char *dir = tmpdir_make();
    size_t n = 300 * 1024;
    char *text = make_text(n);
    char *gz = write_gz(dir, "full.gz", text, n, "wb");
    size_t gz_len;
    char *bytes = read_all(gz, &gz_len);
    assert_true(gz_len > 1000);

    /* every cut: just the magic, inside the header, in the data, inside
     * the 8-byte trailer (CRC and length) */
    const size_t cuts[] = {2,          3,          10,         11,         20,
                           gz_len / 2, gz_len - 9, gz_len - 8, gz_len - 4, gz_len - 1};
    for (size_t i = 0; i < N(cuts); i++) {
        for (int mem = 0; mem < 2; mem++) {
            struct sink s;
            struct pcn_msg m = {0};
            int rc;
            sink_init(&s, false);
            if (mem) {
                rc = infile_stream_mem("cut.gz", bytes, cuts[i], sink_fn, &s, &m);
            } else {
                char *p = write_bytes(dir, "cut.gz", bytes, cuts[i]);
                rc = infile_stream(p, "cut.gz", sink_fn, &s, &m);
                free(p);
            }
            CHECK(rc == PCN_EINVAL, "cut at %zu of %zu (%s): rc %d (%s)", cuts[i], gz_len,
                  mem ? "memory" : "file", rc, m.text);
            CHECK(strncmp(m.text, "cut.gz: ", 8) == 0 &&
                      (strstr(m.text, "truncated") || strstr(m.text, "not a valid gzip")),
                  "cut at %zu: message \"%s\"", cuts[i], m.text);
            buf_release(&s.out);
        }
    }

    /* damaged bytes: in the compressed data, in the CRC, in the length */
    const size_t flips[] = {gz_len / 2, gz_len - 8, gz_len - 2};
    for (size_t i = 0; i < N(flips); i++) {
        char *bad = malloc(gz_len);
        memcpy(bad, bytes, gz_len);
        bad[flips[i]] ^= 0x55;
        struct sink s;
        struct pcn_msg m = {0};
        sink_init(&s, false);
        int rc = infile_stream_mem("bad.gz", bad, gz_len, sink_fn, &s, &m);
        CHECK(rc == PCN_EINVAL, "flip at %zu: rc %d (%s)", flips[i], rc, m.text);
        assert_contains(m.text, "bad.gz: not a valid gzip file");
        buf_release(&s.out);
        free(bad);
    }

    /* garbage after a complete member */
    char *trail = malloc(gz_len + 4);
    memcpy(trail, bytes, gz_len);
    memcpy(trail + gz_len, "junk", 4);
    struct sink s;
    struct pcn_msg m = {0};
    sink_init(&s, false);
    assert_int_equal(infile_stream_mem("trail.gz", trail, gz_len + 4, sink_fn, &s, &m), PCN_EINVAL);
    assert_contains(m.text, "trail.gz: not a valid gzip file");
    buf_release(&s.out);
    free(trail);

    free(bytes);
    free(text);
    free(gz);
    tmpdir_remove(dir);
}

/* An empty gzip member is valid and yields no bytes; so does an empty file. */
static void test_empty_inputs(void **state)
{
    (void)state;
    char *dir = tmpdir_make();
    char *gz = write_gz(dir, "empty.gz", "", 0, "wb");
    char *plain = write_bytes(dir, "empty.csv", "", 0);
    const char *paths[] = {gz, plain};
    for (size_t i = 0; i < N(paths); i++) {
        struct sink s;
        struct pcn_msg m = {0};
        sink_init(&s, true);
        assert_int_equal(infile_stream(paths[i], NULL, sink_fn, &s, &m), 0);
        assert_int_equal(s.calls, 0);
        buf_release(&s.out);
    }
    struct sink s;
    struct pcn_msg m = {0};
    sink_init(&s, true);
    assert_int_equal(infile_stream_mem("x", "", 0, sink_fn, &s, &m), 0);
    assert_int_equal(s.calls, 0);
    /* an empty upload may come with no buffer at all */
    assert_int_equal(infile_stream_mem("x", NULL, 0, sink_fn, &s, &m), 0);
    assert_int_equal(s.calls, 0);
    /* one byte that could start a gzip magic is just a byte */
    assert_int_equal(infile_stream_mem("x", "\x1f", 1, sink_fn, &s, &m), 0);
    assert_int_equal(s.out.len, 1);
    buf_release(&s.out);
    free(gz);
    free(plain);
    tmpdir_remove(dir);
}

/* A non-zero return from the callback stops reading and is returned. */
static void test_callback_stops(void **state)
{
    (void)state;
    char *dir = tmpdir_make();
    size_t n = 1000 * 1000; /* several chunks */
    char *text = make_text(n);
    char *plain = write_bytes(dir, "big.csv", text, n);
    char *gz = write_gz(dir, "big.csv.gz", text, n, "wb");
    const char *paths[] = {plain, gz};
    for (size_t i = 0; i < N(paths); i++) {
        struct sink s;
        struct pcn_msg m = {0};
        sink_init(&s, false);
        s.fail_on_call = 2;
        s.stop_rc = PCN_ECONFLICT;
        assert_int_equal(infile_stream(paths[i], NULL, sink_fn, &s, &m), PCN_ECONFLICT);
        assert_string_equal(m.text, "stopped by the callback");
        assert_int_equal(s.calls, 2);
        assert_true(s.total < n);
        buf_release(&s.out);
    }
    free(text);
    free(plain);
    free(gz);
    tmpdir_remove(dir);
}

/* The uncompressed size is capped: a small .gz that expands past
 * LIMIT_IMPORT_BYTES is refused (a "zip bomb"). */
static void test_size_limit(void **state)
{
    (void)state;
    char *dir = tmpdir_make();
    size_t n = (size_t)LIMIT_IMPORT_BYTES + 1;
    char *gz = write_gz_zeros(dir, "bomb.gz", n);
    struct stat st;
    assert_int_equal(stat(gz, &st), 0);
    assert_true(st.st_size < 4 * 1024 * 1024);

    struct sink s;
    struct pcn_msg m = {0};
    sink_init(&s, false);
    assert_int_equal(infile_stream(gz, "bomb.gz", sink_fn, &s, &m), PCN_ELIMIT);
    assert_string_equal(m.text, "bomb.gz: larger than 512 MiB uncompressed");
    assert_true(s.total <= (size_t)LIMIT_IMPORT_BYTES);
    buf_release(&s.out);

    /* exactly the limit is allowed */
    char *gz2 = write_gz_zeros(dir, "limit.gz", n - 1);
    sink_init(&s, false);
    assert_int_equal(infile_stream(gz2, "limit.gz", sink_fn, &s, &m), 0);
    assert_int_equal(s.total, n - 1);
    buf_release(&s.out);
    free(gz);
    free(gz2);

    /* a plain file past the limit (sparse, so cheap to make) */
    char *big = write_bytes(dir, "big.csv", "", 0);
    assert_int_equal(truncate(big, (off_t)LIMIT_IMPORT_BYTES + 1), 0);
    sink_init(&s, false);
    assert_int_equal(infile_stream(big, "big.csv", sink_fn, &s, &m), PCN_ELIMIT);
    assert_string_equal(m.text, "big.csv: larger than 512 MiB uncompressed");
    assert_true(s.total <= (size_t)LIMIT_IMPORT_BYTES);
    buf_release(&s.out);
    assert_int_equal(truncate(big, (off_t)LIMIT_IMPORT_BYTES), 0);
    sink_init(&s, false);
    assert_int_equal(infile_stream(big, "big.csv", sink_fn, &s, &m), 0);
    assert_int_equal(s.total, (size_t)LIMIT_IMPORT_BYTES);
    buf_release(&s.out);
    free(big);
    tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_and_gzip_identical),
        cmocka_unit_test(test_gzip_concatenated_members),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_truncated_and_corrupt_gzip),
        cmocka_unit_test(test_empty_inputs),
        cmocka_unit_test(test_callback_stops),
        cmocka_unit_test(test_size_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
