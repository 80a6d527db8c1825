/* test_csv.c: the byte-fed RFC 4180 reader, header mapping and the writer
 * (csv.h).  Every reader case is fed in every chunk size from 1 byte to the
 * whole input, and must give the same records and the same error. */
#include "testutil.h"

#include "buf.h"
#include "csv.h"
#include "err.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* A string literal and its length, so that inputs may hold NUL bytes. */
#define S(lit) lit, sizeof(lit) - 1

/* ---- a collector: every record as text ------------------------------------------- */

/* Each record becomes "INDEX@LINE:[field][field]\n", with CR and LF inside
 * fields shown as \r and \n. */
struct coll {
    struct buf out;
    long stop_index; /* the callback fails on this record (-1: never) */
    int stop_rc;
    bool bad_field; /* a field was not NUL-terminated at len          */
    long count;     /* records delivered                              */
};

static void coll_init(struct coll *c)
{
    buf_init(&c->out, 1 << 20);
    c->stop_index = -1;
    c->stop_rc = 0;
    c->bad_field = false;
    c->count = 0;
}

static int collect(void *ctx, const struct csv_record *rec, struct pcn_msg *m)
{
    struct coll *c = ctx;
    c->count++;
    buf_printf(&c->out, "%ld@%ld:", rec->index, rec->line);
    for (size_t i = 0; i < rec->nfields; i++) {
        const struct csv_field *f = &rec->f[i];
        if (f->p[f->len] != '\0' || strlen(f->p) != f->len)
            c->bad_field = true;
        buf_addc(&c->out, '[');
        for (size_t k = 0; k < f->len; k++) {
            if (f->p[k] == '\n')
                BUF_LIT(&c->out, "\\n");
            else if (f->p[k] == '\r')
                BUF_LIT(&c->out, "\\r");
            else
                buf_addc(&c->out, f->p[k]);
        }
        buf_addc(&c->out, ']');
    }
    buf_addc(&c->out, '\n');
    if (rec->index == c->stop_index)
        return msg_set(m, c->stop_rc, "stopped at record %ld", rec->index);
    return 0;
}

struct cfg {
    size_t max_field, max_columns;
    long max_rows;
    bool ragged; /* same_width = false */
};

/* Feeds in[0..len) in pieces of chunk bytes (0: all at once), then finishes. */
static int run(const char *in, size_t len, size_t chunk, const struct cfg *cfg, struct coll *c,
               struct pcn_msg *m)
{
    struct csv_reader r;
    int rc = 0;

    csv_init(&r, "f.csv", collect, c);
    if (cfg) {
        if (cfg->max_field)
            r.max_field = cfg->max_field;
        if (cfg->max_columns)
            r.max_columns = cfg->max_columns;
        if (cfg->max_rows)
            r.max_rows = cfg->max_rows;
        if (cfg->ragged)
            r.same_width = false;
    }
    if (!chunk)
        chunk = len ? len : 1;
    for (size_t off = 0; off < len && !rc; off += chunk) {
        size_t k = len - off < chunk ? len - off : chunk;
        rc = csv_feed(&r, in + off, k, m);
    }
    if (!rc)
        rc = csv_finish(&r, m);
    if (!rc)
        CHECK(csv_records(&r) == c->count, "csv_records %ld, %ld delivered", csv_records(&r),
              c->count);
    csv_release(&r);
    return rc;
}

/* ---- reader: inputs that parse ------------------------------------------------------ */

static const struct {
    const char *name;
    const char *in;
    size_t len;
    const char *want;
} good[] = {
    {"LF", S("a,b,c\n1,2,3\n"), "0@1:[a][b][c]\n1@2:[1][2][3]\n"},
    {"CRLF", S("a,b\r\n1,2\r\n"), "0@1:[a][b]\n1@2:[1][2]\n"},
    {"mixed line ends", S("a,b\r\n1,2\n3,4\r\n"), "0@1:[a][b]\n1@2:[1][2]\n2@3:[3][4]\n"},
    {"no final line end", S("a,b\n1,2"), "0@1:[a][b]\n1@2:[1][2]\n"},
    {"single field", S("abc"), "0@1:[abc]\n"},
    {"empty input", S(""), ""},
    {"quoted comma", S("name,n\n\"Smith, J\",1\n"), "0@1:[name][n]\n1@2:[Smith, J][1]\n"},
    {"doubled quotes", S("a\n\"say \"\"hi\"\"\"\n"), "0@1:[a]\n1@2:[say \"hi\"]\n"},
    {"only a quote", S("\"\"\"\""), "0@1:[\"]\n"},
    {"empty quoted", S("\"\",x\n"), "0@1:[][x]\n"},
    {"quoted LF, next record's line", S("a,b\n\"line1\nline2\",x\nnext,y\n"),
     "0@1:[a][b]\n1@2:[line1\\nline2][x]\n2@4:[next][y]\n"},
    {"quoted CRLF kept in the field", S("a,b\r\n\"l1\r\nl2\r\nl3\",x\r\nn,y\r\n"),
     "0@1:[a][b]\n1@2:[l1\\r\\nl2\\r\\nl3][x]\n2@5:[n][y]\n"},
    {"quoted blank lines", S("\"\n\n\",a\nb,c\n"), "0@1:[\\n\\n][a]\n1@4:[b][c]\n"},
    {"quoted last field at EOF", S("a\n\"x\""), "0@1:[a]\n1@2:[x]\n"},
    {"quoted last field CRLF", S("a\r\n\"x\"\r\n"), "0@1:[a]\n1@2:[x]\n"},
    {"trailing comma gives an empty field", S("a,b,\n1,2,3\n"), "0@1:[a][b][]\n1@2:[1][2][3]\n"},
    {"trailing comma at EOF", S("a,b,"), "0@1:[a][b][]\n"},
    {"trailing comma at EOF, second record", S("x,y,z\na,b,"), "0@1:[x][y][z]\n1@2:[a][b][]\n"},
    {"empty fields", S(",,\n,,\n"), "0@1:[][][]\n1@2:[][][]\n"},
    /* the first field ends before any byte is kept: no arithmetic on a NULL buffer */
    {"empty first field, then text", S(",x\n"), "0@1:[][x]\n"},
    {"a lone empty record", S("\n"), "0@1:[]\n"},
    {"spaces kept", S(" a , b \n"), "0@1:[ a ][ b ]\n"},
    {"UTF-8 kept",
     S("caf\xC3\xA9,\xC2\xA3"
       "5\n"),
     "0@1:[caf\xC3\xA9][\xC2\xA3"
     "5]\n"},
    {"BOM stripped",
     S("\xEF\xBB\xBF"
       "a,b\n1,2\n"),
     "0@1:[a][b]\n1@2:[1][2]\n"},
    {"BOM then quoted field", S("\xEF\xBB\xBF\"a\",b\n"), "0@1:[a][b]\n"},
    {"BOM only", S("\xEF\xBB\xBF"), ""},
    {"BOM later is data",
     S("a\n\xEF\xBB\xBF"
       "b\n"),
     "0@1:[a]\n1@2:[\xEF\xBB\xBF"
     "b]\n"},
    /* A first character in U+F000..U+FFFF starts with 0xEF like a BOM. */
    {"U+FF05 first", S("\xEF\xBC\x85,b\n"), "0@1:[\xEF\xBC\x85][b]\n"},
    {"U+FEFE first",
     S("\xEF\xBB\xBE"
       "a\n"),
     "0@1:[\xEF\xBB\xBE"
     "a]\n"},
    {"U+FFFD first", S("\xEF\xBF\xBD\n"), "0@1:[\xEF\xBF\xBD]\n"},
    {"BOM twice: the second is data",
     S("\xEF\xBB\xBF\xEF\xBB\xBF"
       "a\n"),
     "0@1:[\xEF\xBB\xBF"
     "a]\n"},
    {"CR inside quotes is data", S("\"a\rb\"\n"), "0@1:[a\\rb]\n"},
    {"commas and quotes together", S("\"a,\"\"b\"\",c\",\"\"\"\",\",\"\n"),
     "0@1:[a,\"b\",c][\"][,]\n"},
    {"many records", S("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n"),
     "0@1:[1]\n1@2:[2]\n2@3:[3]\n3@4:[4]\n4@5:[5]\n5@6:[6]\n6@7:[7]\n7@8:[8]\n8@9:[9]\n9@10:[10]"
     "\n"},
};

static void test_good_inputs_every_chunk_size(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(good); i++) {
        size_t len = good[i].len;
        for (size_t chunk = 0; chunk <= (len ? len : 1); chunk++) {
            struct coll c;
            struct pcn_msg m = {0};
            coll_init(&c);
            int rc = run(good[i].in, len, chunk, NULL, &c, &m);
            CHECK(rc == 0, "%s (chunk %zu): rc %d: %s", good[i].name, chunk, rc, m.text);
            CHECK(strcmp(c.out.buf, good[i].want) == 0, "%s (chunk %zu):\n got: %s\nwant: %s",
                  good[i].name, chunk, c.out.buf, good[i].want);
            CHECK(!c.bad_field, "%s: a field is not NUL-terminated at its length", good[i].name);
            buf_release(&c.out);
        }
    }
}

/* ---- reader: inputs that fail ---------------------------------------------------------- */

static const struct {
    const char *name;
    const char *in;
    size_t len;
    struct cfg cfg;
    int rc;
    const char *msg;    /* the exact message                     */
    const char *before; /* the records delivered before the error */
} bad[] = {
    {"quote inside an unquoted field",
     S("a,b\nx,y\"z\n"),
     {0},
     PCN_EINVAL,
     "f.csv:2:4: quote inside an unquoted field (a field with quotes must be enclosed in "
     "quotes, with each quote doubled)",
     "0@1:[a][b]\n"},
    /* A lone 0xEF is not swallowed as a partial byte order mark: it reaches
     * the field, where it is not UTF-8. */
    {"lone 0xEF",
     S("\xEF"),
     {0},
     PCN_EINVAL,
     "f.csv:1:1: text that is not valid UTF-8 (save the file as UTF-8 or plain ASCII)",
     ""},
    {"Latin-1 byte in a field",
     S("name\nCaf\xe9\n"),
     {0},
     PCN_EINVAL,
     "f.csv:2:1: text that is not valid UTF-8 (save the file as UTF-8 or plain ASCII)",
     "0@1:[name]\n"},
    {"overlong UTF-8 in a quoted field",
     S("a,\"x\xc0\xafy\"\n"),
     {0},
     PCN_EINVAL,
     "f.csv:1:3: text that is not valid UTF-8 (save the file as UTF-8 or plain ASCII)",
     ""},
    {"quote at the end of an unquoted field",
     S("ab\"\n"),
     {0},
     PCN_EINVAL,
     "f.csv:1:3: quote inside an unquoted field (a field with quotes must be enclosed in "
     "quotes, with each quote doubled)",
     ""},
    {"columns restart after CRLF",
     S("a,b\r\nx,y\"z\r\n"),
     {0},
     PCN_EINVAL,
     "f.csv:2:4: quote inside an unquoted field (a field with quotes must be enclosed in "
     "quotes, with each quote doubled)",
     "0@1:[a][b]\n"},
    {"columns restart after a quoted CRLF",
     S("\"a\r\nbc\"d\n"),
     {0},
     PCN_EINVAL,
     "f.csv:2:4: unexpected character after a closing quote",
     ""},
    {"junk after a closing quote",
     S("\"ab\"c,d\n"),
     {0},
     PCN_EINVAL,
     "f.csv:1:5: unexpected character after a closing quote",
     ""},
    {"space after a closing quote",
     S("x,y\n1,\"2\" \n"),
     {0},
     PCN_EINVAL,
     "f.csv:2:6: unexpected character after a closing quote",
     "0@1:[x][y]\n"},
    {"junk after a closing quote on a later line",
     S("a,b\n\"x\ny\"z,1\n"),
     {0},
     PCN_EINVAL,
     "f.csv:3:3: unexpected character after a closing quote",
     "0@1:[a][b]\n"},
    {"bare CR",
     S("a,b\rc,d\n"),
     {0},
     PCN_EINVAL,
     "f.csv:1:4: carriage return not followed by a line feed",
     ""},
    {"bare CR after a quoted field",
     S("a\n\"x\"\ry\n"),
     {0},
     PCN_EINVAL,
     "f.csv:2:4: carriage return not followed by a line feed",
     "0@1:[a]\n"},
    {"CR at the end of the input",
     S("a,b\r"),
     {0},
     PCN_EINVAL,
     "f.csv:1:4: carriage return not followed by a line feed",
     ""},
    {"CR CR LF",
     S("a\r\r\n"),
     {0},
     PCN_EINVAL,
     "f.csv:1:2: carriage return not followed by a line feed",
     ""},
    {"unterminated quoted field",
     S("a,b\n1,\"open\nmore\n"),
     {0},
     PCN_EINVAL,
     "f.csv:2:3: quoted field not closed before the end of the file",
     "0@1:[a][b]\n"},
    {"unterminated quoted field, one byte",
     S("\""),
     {0},
     PCN_EINVAL,
     "f.csv:1:1: quoted field not closed before the end of the file",
     ""},
    {"unterminated after a doubled quote",
     S("x\n\"a\"\"\n"),
     {0},
     PCN_EINVAL,
     "f.csv:2:1: quoted field not closed before the end of the file",
     "0@1:[x]\n"},
    {"NUL byte",
     S("a,b\n1,\0\n"),
     {0},
     PCN_EINVAL,
     "f.csv:2:3: NUL byte in the data",
     "0@1:[a][b]\n"},
    {"NUL byte in a quoted field",
     S("\"a\0b\"\n"),
     {0},
     PCN_EINVAL,
     "f.csv:1:3: NUL byte in the data",
     ""},
    {"NUL byte after a BOM",
     S("\xEF\xBB\xBF"
       "ab\0"),
     {0},
     PCN_EINVAL,
     "f.csv:1:3: NUL byte in the data",
     ""},
    {"fewer fields than the first record",
     S("a,b,c\n1,2\n"),
     {0},
     PCN_EINVAL,
     "f.csv:2:1: 2 fields where the first record has 3",
     "0@1:[a][b][c]\n"},
    {"more fields than the first record",
     S("a,b\n1,2\n1,2,3\n"),
     {0},
     PCN_EINVAL,
     "f.csv:3:1: 3 fields where the first record has 2",
     "0@1:[a][b]\n1@2:[1][2]\n"},
    {"short last record without a line end",
     S("a,b\n1"),
     {0},
     PCN_EINVAL,
     "f.csv:2:1: 1 fields where the first record has 2",
     "0@1:[a][b]\n"},
    {"blank line is a record of one field",
     S("a,b\n\n1,2\n"),
     {0},
     PCN_EINVAL,
     "f.csv:2:1: 1 fields where the first record has 2",
     "0@1:[a][b]\n"},
    {"width checked on the record's first line",
     S("a,b\n\"x\ny\",2,3\n"),
     {0},
     PCN_EINVAL,
     "f.csv:2:1: 3 fields where the first record has 2",
     "0@1:[a][b]\n"},
    {"field too long",
     S("a,b\nabcd,abcde\n"),
     {.max_field = 4},
     PCN_ELIMIT,
     "f.csv:2:6: field longer than 4 bytes",
     "0@1:[a][b]\n"},
    {"quoted field too long",
     S("\"abc\ndef\"\n"),
     {.max_field = 4},
     PCN_ELIMIT,
     "f.csv:1:1: field longer than 4 bytes",
     ""},
    {"too long after unquoting doubled quotes",
     S("\"ab\"\"\"\"c\"\n"),
     {.max_field = 4},
     PCN_ELIMIT,
     "f.csv:1:1: field longer than 4 bytes",
     ""},
    {"too long without a line end",
     S("x,abcde"),
     {.max_field = 4},
     PCN_ELIMIT,
     "f.csv:1:3: field longer than 4 bytes",
     ""},
    {"too many columns",
     S("a,b,c,d\n"),
     {.max_columns = 3},
     PCN_ELIMIT,
     "f.csv:1:7: more than 3 fields in a record",
     ""},
    {"too many columns, trailing comma",
     S("a,b,\n"),
     {.max_columns = 2},
     PCN_ELIMIT,
     "f.csv:1:5: more than 2 fields in a record",
     ""},
    {"too many columns, trailing comma at EOF",
     S("a,b,"),
     {.max_columns = 2},
     PCN_ELIMIT,
     "f.csv:1:5: more than 2 fields in a record",
     ""},
    {"too many columns in a later record",
     S("a,b\n1,2,3\n"),
     {.max_columns = 2, .ragged = true},
     PCN_ELIMIT,
     "f.csv:2:5: more than 2 fields in a record",
     "0@1:[a][b]\n"},
    {"too many rows",
     S("a\nb\nc\nd\n"),
     {.max_rows = 2},
     PCN_ELIMIT,
     "f.csv:3:1: more than 2 records",
     "0@1:[a]\n1@2:[b]\n"},
    {"too many rows, last without a line end",
     S("a\nb\nc"),
     {.max_rows = 2},
     PCN_ELIMIT,
     "f.csv:3:1: more than 2 records",
     "0@1:[a]\n1@2:[b]\n"},
    {"too many rows after a quoted line break",
     S("\"a\nb\"\nc\n"),
     {.max_rows = 1},
     PCN_ELIMIT,
     "f.csv:3:1: more than 1 records",
     "0@1:[a\\nb]\n"},
};

static void test_bad_inputs_every_chunk_size(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(bad); i++) {
        size_t len = bad[i].len;
        for (size_t chunk = 0; chunk <= len; chunk++) {
            struct coll c;
            struct pcn_msg m = {0};
            coll_init(&c);
            int rc = run(bad[i].in, len, chunk, &bad[i].cfg, &c, &m);
            CHECK(rc == bad[i].rc, "%s (chunk %zu): rc %d, want %d (%s)", bad[i].name, chunk, rc,
                  bad[i].rc, m.text);
            CHECK(m.code == bad[i].rc, "%s: message code %d", bad[i].name, m.code);
            CHECK(strcmp(m.text, bad[i].msg) == 0, "%s (chunk %zu):\n got: %s\nwant: %s",
                  bad[i].name, chunk, m.text, bad[i].msg);
            CHECK(strcmp(c.out.buf, bad[i].before) == 0,
                  "%s (chunk %zu): records before the error:\n got: %s\nwant: %s", bad[i].name,
                  chunk, c.out.buf, bad[i].before);
            buf_release(&c.out);
        }
    }
}

/* The limits allow exactly their value. */
static void test_limits_inclusive(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        size_t len;
        struct cfg cfg;
        const char *want;
    } rows[] = {
        {S("abcd,\"wxyz\"\n"), {.max_field = 4}, "0@1:[abcd][wxyz]\n"},
        {S("\"ab\"\"c\"\n"), {.max_field = 4}, "0@1:[ab\"c]\n"},
        {S("a,b,c\n"), {.max_columns = 3}, "0@1:[a][b][c]\n"},
        {S("a,b,"), {.max_columns = 3}, "0@1:[a][b][]\n"},
        {S("a\nb\n"), {.max_rows = 2}, "0@1:[a]\n1@2:[b]\n"},
        {S("a,b\n1\n1,2,3\n"), {.ragged = true}, "0@1:[a][b]\n1@2:[1]\n2@3:[1][2][3]\n"},
    };
    for (size_t i = 0; i < N(rows); i++) {
        struct coll c;
        struct pcn_msg m = {0};
        coll_init(&c);
        int rc = run(rows[i].in, rows[i].len, 1, &rows[i].cfg, &c, &m);
        CHECK(rc == 0, "row %zu: %s", i, m.text);
        CHECK(strcmp(c.out.buf, rows[i].want) == 0, "row %zu: got %s", i, c.out.buf);
        buf_release(&c.out);
    }
}

/* The default limits are those of limits.h. */
static void test_default_limits(void **state)
{
    (void)state;
    struct csv_reader r;
    csv_init(&r, NULL, NULL, NULL);
    assert_int_equal(r.max_field, LIMIT_CSV_FIELD_BYTES);
    assert_int_equal(r.max_columns, LIMIT_CSV_COLUMNS);
    assert_int_equal(r.max_rows, LIMIT_CSV_ROWS);
    assert_true(r.same_width);
    csv_release(&r);

    /* A field of exactly LIMIT_CSV_FIELD_BYTES passes, one more fails. */
    struct buf b;
    buf_init(&b, 2 * LIMIT_CSV_FIELD_BYTES);
    for (int i = 0; i < LIMIT_CSV_FIELD_BYTES; i++)
        buf_addc(&b, 'x');
    struct coll c;
    struct pcn_msg m = {0};
    coll_init(&c);
    assert_int_equal(run(b.buf, b.len, 1000, NULL, &c, &m), 0);
    buf_release(&c.out);
    buf_addc(&b, 'x');
    coll_init(&c);
    assert_int_equal(run(b.buf, b.len, 1000, NULL, &c, &m), PCN_ELIMIT);
    assert_string_equal(m.text, "f.csv:1:1: field longer than 4096 bytes");
    buf_release(&c.out);
    buf_release(&b);

    /* No file name: "input". */
    csv_init(&r, NULL, NULL, NULL);
    assert_int_equal(csv_feed(&r, S("a\"\n"), &m), PCN_EINVAL);
    assert_contains(m.text, "input:1:2: ");
    csv_release(&r);
}

/* Errors are sticky; a callback's error stops the reader and is returned. */
static void test_sticky_errors_and_callback_stop(void **state)
{
    (void)state;
    struct csv_reader r;
    struct coll c;
    struct pcn_msg m = {0};

    coll_init(&c);
    csv_init(&r, "f.csv", collect, &c);
    assert_int_equal(csv_feed(&r, S("a,b\n1,\"x\"y\n"), &m), PCN_EINVAL);
    assert_string_equal(m.text, "f.csv:2:6: unexpected character after a closing quote");
    msg_clear(&m);
    assert_int_equal(csv_feed(&r, S("3,4\n"), &m), PCN_EINVAL);
    assert_int_equal(csv_finish(&r, &m), PCN_EINVAL);
    assert_string_equal(c.out.buf, "0@1:[a][b]\n");
    csv_release(&r);
    buf_release(&c.out);

    /* The callback fails on the second record: no third record arrives. */
    coll_init(&c);
    c.stop_index = 1;
    c.stop_rc = PCN_ECONFLICT;
    csv_init(&r, "f.csv", collect, &c);
    assert_int_equal(csv_feed(&r, S("a\nb\nc\n"), &m), PCN_ECONFLICT);
    assert_string_equal(m.text, "stopped at record 1");
    assert_int_equal(csv_feed(&r, S("d\n"), &m), PCN_ECONFLICT);
    assert_int_equal(csv_finish(&r, &m), PCN_ECONFLICT);
    assert_string_equal(c.out.buf, "0@1:[a]\n1@2:[b]\n");
    assert_int_equal(csv_records(&r), 2);
    csv_release(&r);
    buf_release(&c.out);

    /* ... also when the failing record is the last, delivered by csv_finish. */
    coll_init(&c);
    c.stop_index = 1;
    c.stop_rc = PCN_EINVAL;
    csv_init(&r, "f.csv", collect, &c);
    assert_int_equal(csv_feed(&r, S("a\nb"), &m), 0);
    assert_int_equal(csv_finish(&r, &m), PCN_EINVAL);
    assert_string_equal(m.text, "stopped at record 1");
    csv_release(&r);
    buf_release(&c.out);
}

/* csv_records counts the records delivered. */
static void test_record_count(void **state)
{
    (void)state;
    struct csv_reader r;
    struct pcn_msg m = {0};
    csv_init(&r, "f.csv", NULL, NULL);
    assert_int_equal(csv_records(&r), 0);
    assert_int_equal(csv_feed(&r, S("a,b\r\n1,\"2\r\n\"\r\n3,4"), &m), 0);
    assert_int_equal(csv_records(&r), 2);
    assert_int_equal(csv_finish(&r, &m), 0);
    assert_int_equal(csv_records(&r), 3);
    csv_release(&r);
}

/* ---- header mapping --------------------------------------------------------------------- */

static void test_header_eq(void **state)
{
    (void)state;
    static const struct {
        const char *cell, *name;
        bool eq;
    } rows[] = {
        {"PRACTICE_CODE", "PRACTICE_CODE", true},
        {"practice_code", "PRACTICE_CODE", true},
        {"Practice_Code", "practice_code", true},
        {"Partner\nOrganisation Code", "PARTNER ORGANISATION CODE", true},
        {"Partner\r\nOrganisation\tCode", "PARTNER ORGANISATION CODE", true},
        {"Partner   Organisation  Code", "PARTNER ORGANISATION CODE", true},
        {"  PCN Code  ", "PCN CODE", true},
        {"\nPCN Code\n", "PCN CODE", true},
        {"PCNCode", "PCN CODE", false},
        {"PCN Code", "PCNCODE", false},
        {"PCN_Code", "PCN CODE", false},
        {"PCN Code", "PCN_CODE", false}, /* white space is not any character */
        {"PCN Code 2", "PCN CODE", false},
        {"PCN", "PCN CODE", false},
        {"", "PCN CODE", false},
        {"   ", "PCN CODE", false},
        {"PCN CODE", "PCN", false},
    };
    for (size_t i = 0; i < N(rows); i++)
        CHECK(csv_header_eq(rows[i].cell, strlen(rows[i].cell), rows[i].name) == rows[i].eq,
              "csv_header_eq(\"%s\", \"%s\") should be %s", rows[i].cell, rows[i].name,
              rows[i].eq ? "true" : "false");
}

#define MAXF 8
struct hdr {
    struct csv_field f[MAXF];
    struct csv_record rec;
};

static void hdr_make(struct hdr *h, long line, const char *const *cells)
{
    size_t n = 0;
    while (cells[n]) {
        h->f[n].p = cells[n];
        h->f[n].len = strlen(cells[n]);
        n++;
    }
    h->rec.nfields = n;
    h->rec.f = h->f;
    h->rec.line = line;
    h->rec.index = 0;
}

static void test_map_header(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        const char *cells[MAXF];
        const char *cols[4]; /* names; a leading '?' marks an optional column */
        int rc;
        int idx[4];
        const char *msg;
    } rows[] = {
        {"in any order",
         {"PCN_CODE", "PRACTICE_CODE", "EXTRA", NULL},
         {"PRACTICE_CODE", "PCN_CODE", NULL},
         0,
         {1, 0},
         NULL},
        {"case-insensitive",
         {"practice_code", "Pcn_Code", NULL},
         {"PRACTICE_CODE", "PCN_CODE", NULL},
         0,
         {0, 1},
         NULL},
        {"line break inside a header cell",
         {"Partner\nOrganisation Code", "Partner Organisation\r\nName", NULL},
         {"PARTNER ORGANISATION CODE", "PARTNER ORGANISATION NAME", NULL},
         0,
         {0, 1},
         NULL},
        {"an alias",
         {"PRACTICE_CODE", "SUB_ICB_LOCATION_CODE", NULL},
         {"CCG_CODE|SUB_ICB_LOCATION_CODE", NULL},
         0,
         {1},
         NULL},
        {"the first name of an alias list",
         {"CCG_CODE", NULL},
         {"CCG_CODE|SUB_ICB_LOCATION_CODE", NULL},
         0,
         {0},
         NULL},
        {"a third alias", {"X", "c", NULL}, {"A|B|C", NULL}, 0, {1}, NULL},
        {"optional column absent",
         {"PRACTICE_CODE", NULL},
         {"PRACTICE_CODE", "?PCN_NAME", NULL},
         0,
         {0, -1},
         NULL},
        {"optional column present",
         {"PCN_NAME", "PRACTICE_CODE", NULL},
         {"PRACTICE_CODE", "?PCN_NAME", NULL},
         0,
         {1, 0},
         NULL},
        {"missing required column",
         {"PRACTICE_CODE", "PCN_NAME", NULL},
         {"PRACTICE_CODE", "PCN_CODE", NULL},
         PCN_EINVAL,
         {0},
         "f.csv:3: missing column PCN_CODE"},
        {"missing required column with aliases names the first",
         {"PRACTICE_CODE", NULL},
         {"PRACTICE_CODE", "CCG_CODE|SUB_ICB_LOCATION_CODE", NULL},
         PCN_EINVAL,
         {0},
         "f.csv:3: missing column CCG_CODE"},
        {"a column that appears twice",
         {"A", "B", "a", NULL},
         {"A", "B", NULL},
         PCN_EINVAL,
         {0},
         "f.csv:3: column a appears twice"},
        {"a column that appears twice under two aliases",
         {"CCG_CODE", "SUB_ICB_LOCATION_CODE", NULL},
         {"CCG_CODE|SUB_ICB_LOCATION_CODE", NULL},
         PCN_EINVAL,
         {0},
         "f.csv:3: column SUB_ICB_LOCATION_CODE appears twice"},
        {"an optional column that appears twice",
         {"A", "NOTE", "Note", NULL},
         {"A", "?NOTE", NULL},
         PCN_EINVAL,
         {0},
         "f.csv:3: column Note appears twice"},
        {"a prefix is not a match",
         {"PRACTICE_CODE_OLD", NULL},
         {"PRACTICE_CODE", NULL},
         PCN_EINVAL,
         {0},
         "f.csv:3: missing column PRACTICE_CODE"},
    };
    for (size_t i = 0; i < N(rows); i++) {
        struct hdr h;
        struct csv_col cols[4];
        size_t n = 0;
        hdr_make(&h, 3, rows[i].cells);
        for (; rows[i].cols[n]; n++) {
            const char *s = rows[i].cols[n];
            cols[n].required = s[0] != '?';
            cols[n].names = s[0] == '?' ? s + 1 : s;
            cols[n].idx = 99;
        }
        struct pcn_msg m = {0};
        int rc = csv_map_header(&h.rec, cols, n, "f.csv", &m);
        CHECK(rc == rows[i].rc, "%s: rc %d, want %d (%s)", rows[i].name, rc, rows[i].rc, m.text);
        if (rc == 0) {
            for (size_t k = 0; k < n; k++)
                CHECK(cols[k].idx == rows[i].idx[k], "%s: column %s at %d, want %d", rows[i].name,
                      cols[k].names, cols[k].idx, rows[i].idx[k]);
        } else {
            CHECK(strcmp(m.text, rows[i].msg) == 0, "%s:\n got: %s\nwant: %s", rows[i].name, m.text,
                  rows[i].msg);
        }
    }
}

/* The header as read from a file, with a BOM and a quoted multi-line cell. */
static int map_first(void *ctx, const struct csv_record *rec, struct pcn_msg *m)
{
    struct csv_col *cols = ctx;
    if (rec->index == 0)
        return csv_map_header(rec, cols, 2, "f.csv", m);
    return 0;
}

static void test_map_header_from_file(void **state)
{
    (void)state;
    struct csv_col cols[2] = {{"PARTNER ORGANISATION CODE", true, 99}, {"PCN CODE", true, 99}};
    struct csv_reader r;
    struct pcn_msg m = {0};
    csv_init(&r, "f.csv", map_first, cols);
    assert_int_equal(
        csv_feed(&r, S("\xEF\xBB\xBF\"PCN\r\nCode\",\"Partner\nOrganisation Code\"\r\nU1,K1\r\n"),
                 &m),
        0);
    assert_int_equal(csv_finish(&r, &m), 0);
    assert_int_equal(cols[0].idx, 1);
    assert_int_equal(cols[1].idx, 0);
    csv_release(&r);
}

/* ---- writer ----------------------------------------------------------------------------- */

static void test_writer_field(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        size_t len;
        const char *out;
        size_t olen;
    } rows[] = {
        {S("plain"), S("plain")},
        {S(""), S("")},
        {S("a b"), S("a b")},
        {S("a,b"), S("\"a,b\"")},
        {S("say \"hi\""), S("\"say \"\"hi\"\"\"")},
        {S("\""), S("\"\"\"\"")},
        {S("\"\""), S("\"\"\"\"\"\"")},
        {S("line1\nline2"), S("\"line1\nline2\"")},
        {S("a\r\nb"), S("\"a\r\nb\"")},
        {S("a\rb"), S("\"a\rb\"")},
        {S("=SUM(A1:A9)"), S("'=SUM(A1:A9)")},
        {S("+44 20"), S("'+44 20")},
        {S("-3.20"), S("'-3.20")},
        {S("@cmd"), S("'@cmd")},
        {S("\tx"), S("'\tx")},
        {S("\rx"), S("\"'\rx\"")},
        {S("=1,2"), S("\"'=1,2\"")},
        {S("=\"x\""), S("\"'=\"\"x\"\"\"")},
        {S("-"), S("'-")},
        {S("a=b"), S("a=b")},
        {S(" =x"), S(" =x")},
        {S("'quoted"), S("'quoted")},
        {S("x\t"), S("x\t")},
        {S("\xC2\xA3"
           "75"),
         S("\xC2\xA3"
           "75")},
        {S("a\0b"), S("a\0b")}, /* len, not strlen */
    };
    for (size_t i = 0; i < N(rows); i++) {
        struct buf b;
        buf_init(&b, 1000);
        BUF_LIT(&b, "<");
        assert_int_equal(csv_add_field(&b, rows[i].in, rows[i].len), 0);
        CHECK(b.len == rows[i].olen + 1 && memcmp(b.buf + 1, rows[i].out, rows[i].olen) == 0,
              "csv_add_field(\"%s\") = \"%s\", want \"%s\"", rows[i].in, b.buf + 1, rows[i].out);
        buf_release(&b);
    }
}

static void test_writer_number(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } rows[] = {
        {"-3.20", "-3.20"},                                 /* our own numbers: no formula prefix */
        {"1234", "1234"},   {"0.05", "0.05"},  {"-", "'-"}, /* not a number: treated as text */
        {"-1.", "'-1."},    {"=1+1", "'=1+1"}, {"1,234", "\"1,234\""},
        {"-1-1", "'-1-1"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        struct buf b;
        buf_init(&b, 1024);
        assert_int_equal(csv_add_number(&b, rows[i].in, strlen(rows[i].in)), 0);
        assert_string_equal(b.buf, rows[i].out);
        buf_release(&b);
    }
}

static void test_writer_rows(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 1000);
    assert_int_equal(csv_add_bom(&b), 0);
    const char *const hdr[] = {"CODE", "NAME", "AMOUNT"};
    const char *const row[] = {"K82070", "Smith, \"Jones\" & Co", "=1+1"};
    const char *const empty[] = {"", "", ""};
    assert_int_equal(csv_add_fields(&b, 3, hdr), 0);
    assert_int_equal(csv_add_fields(&b, 3, row), 0);
    assert_int_equal(csv_add_fields(&b, 3, empty), 0);
    assert_int_equal(csv_add_field(&b, S("x")), 0);
    assert_int_equal(csv_add_sep(&b), 0);
    assert_int_equal(csv_add_field(&b, S("y")), 0);
    assert_int_equal(csv_add_eol(&b), 0);
    assert_string_equal(b.buf, "\xEF\xBB\xBF"
                               "CODE,NAME,AMOUNT\r\n"
                               "K82070,\"Smith, \"\"Jones\"\" & Co\",'=1+1\r\n"
                               ",,\r\n"
                               "x,y\r\n");
    buf_release(&b);

    /* A full buffer is reported. */
    buf_init(&b, 8);
    assert_int_equal(csv_add_fields(&b, 3, hdr), PCN_ELIMIT);
    assert_false(buf_ok(&b));
    buf_release(&b);
    buf_init(&b, 4);
    assert_int_equal(csv_add_field(&b, S("a,bc")), PCN_ELIMIT);
    buf_release(&b);
}

/* What the writer writes, the reader reads back unchanged (for fields that
 * need no formula prefix), in every chunk size. */
static void test_writer_reader_round_trip(void **state)
{
    (void)state;
    static const char *const fields[][3] = {
        {"CODE", "NAME", "NOTE"},
        {"K82070", "Smith, \"Jones\"", "two\r\nlines"},
        {"", "\"", ","},
        {"a\nb",
         "\xC2\xA3"
         "1,234.56",
         "''"},
    };
    struct buf b;
    buf_init(&b, 1000);
    csv_add_bom(&b);
    for (size_t i = 0; i < N(fields); i++)
        csv_add_fields(&b, 3, fields[i]);
    assert_true(buf_ok(&b));

    struct buf want;
    buf_init(&want, 1000);
    long line = 1;
    for (size_t i = 0; i < N(fields); i++) {
        buf_printf(&want, "%zu@%ld:", i, line);
        for (size_t k = 0; k < 3; k++) {
            buf_addc(&want, '[');
            for (const char *p = fields[i][k]; *p; p++) {
                if (*p == '\n') {
                    BUF_LIT(&want, "\\n");
                    line++;
                } else if (*p == '\r') {
                    BUF_LIT(&want, "\\r");
                } else {
                    buf_addc(&want, *p);
                }
            }
            buf_addc(&want, ']');
        }
        buf_addc(&want, '\n');
        line++;
    }
    for (size_t chunk = 1; chunk <= b.len; chunk++) {
        struct coll c;
        struct pcn_msg m = {0};
        coll_init(&c);
        assert_int_equal(run(b.buf, b.len, chunk, NULL, &c, &m), 0);
        CHECK(strcmp(c.out.buf, want.buf) == 0, "chunk %zu:\n got: %s\nwant: %s", chunk, c.out.buf,
              want.buf);
        buf_release(&c.out);
    }
    buf_release(&want);
    buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_inputs_every_chunk_size),
        cmocka_unit_test(test_bad_inputs_every_chunk_size),
        cmocka_unit_test(test_limits_inclusive),
        cmocka_unit_test(test_default_limits),
        cmocka_unit_test(test_sticky_errors_and_callback_stop),
        cmocka_unit_test(test_record_count),
        cmocka_unit_test(test_header_eq),
        cmocka_unit_test(test_map_header),
        cmocka_unit_test(test_map_header_from_file),
        cmocka_unit_test(test_writer_field),
        cmocka_unit_test(test_writer_number),
        cmocka_unit_test(test_writer_rows),
        cmocka_unit_test(test_writer_reader_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
