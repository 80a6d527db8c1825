/* test_arena.c: the region allocator (arena.h). */
#include "testutil.h"

#include <stdbool.h>

#include "arena.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static bool aligned16(const void *p)
{
    return ((uintptr_t)p & 15) == 0;
}

/* Allocations of every size are 16-byte aligned, do not overlap and keep
 * what was written to them, across many blocks. */
static void test_alloc_aligned_distinct(void **state)
{
    (void)state;
    static const size_t block_sizes[] = {0, 64, 100, 1024, 65536};
    static const size_t sizes[] = {1, 2, 15, 16, 17, 31, 33, 100, 1000, 5000, 0, 7};
    for (size_t bs = 0; bs < N(block_sizes); bs++) {
        struct arena a;
        arena_init(&a, block_sizes[bs]);
        enum { COUNT = 600 };
        unsigned char *ptr[COUNT];
        size_t len[COUNT];
        for (size_t i = 0; i < COUNT; i++) {
            len[i] = sizes[i % N(sizes)];
            ptr[i] = arena_alloc(&a, len[i]);
            assert_non_null(ptr[i]);
            CHECK(aligned16(ptr[i]), "block %zu, allocation %zu of %zu bytes not aligned",
                  block_sizes[bs], i, len[i]);
            memset(ptr[i], (int)(i & 0xff), len[i]);
        }
        for (size_t i = 0; i < COUNT; i++)
            for (size_t k = 0; k < len[i]; k++)
                CHECK(ptr[i][k] == (unsigned char)(i & 0xff),
                      "block %zu: allocation %zu was overwritten", block_sizes[bs], i);
        arena_release(&a);
        assert_null(a.head);
        assert_int_equal(a.used_total, 0);
    }
}

static void test_zalloc_and_new(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 256);
    /* dirty some memory, reset, and zalloc over it */
    unsigned char *p = arena_alloc(&a, 200);
    memset(p, 0xAB, 200);
    arena_reset(&a);
    unsigned char *z = arena_zalloc(&a, 200);
    for (size_t i = 0; i < 200; i++)
        assert_int_equal(z[i], 0);

    struct pt {
        long x, y;
        char name[20];
    };
    struct pt *q = ARENA_NEW(&a, struct pt);
    assert_int_equal(q->x, 0);
    assert_int_equal(q->y, 0);
    assert_int_equal(q->name[0], 0);
    assert_true(aligned16(q));
    int *arr = ARENA_ARRAY(&a, int, 1000);
    for (size_t i = 0; i < 1000; i++)
        assert_int_equal(arr[i], 0);
    arena_release(&a);
}

static void test_strings(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t n;
        const char *want;
    } rows[] = {
        {"hello", 5, "hello"}, {"hello", 3, "hel"}, {"hello", 0, ""},
        {"", 0, ""},           {"a\0b", 3, "a"}, /* the copy holds n bytes; as a C string it ends at the NUL */
    };
    struct arena a;
    arena_init(&a, 64);
    for (size_t i = 0; i < N(rows); i++) {
        char *p = arena_strndup(&a, rows[i].s, rows[i].n);
        assert_string_equal(p, rows[i].want);
        assert_memory_equal(p, rows[i].s, rows[i].n);
        assert_int_equal(p[rows[i].n], '\0');
        assert_ptr_not_equal(p, rows[i].s);
    }
    char *d = arena_strdup(&a, "PCN Ops");
    assert_string_equal(d, "PCN Ops");

    char *f = arena_printf(&a, "%s %d %s", "U12345", 42, "£2.218");
    assert_string_equal(f, "U12345 42 £2.218");

    /* a formatted string longer than a block */
    char big[300];
    memset(big, 'z', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    char *g = arena_printf(&a, "<%s>", big);
    assert_int_equal(strlen(g), 301);
    assert_int_equal(g[0], '<');
    assert_int_equal(g[300], '>');
    /* earlier strings are untouched */
    assert_string_equal(d, "PCN Ops");
    assert_string_equal(f, "U12345 42 £2.218");
    arena_release(&a);
}

/* An allocation bigger than the block size gets a block of its own and
 * does not disturb the current one. */
static void test_large_allocation(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 128);
    char *small1 = arena_strdup(&a, "first");
    char *big = arena_alloc(&a, 10000);
    memset(big, 'b', 10000);
    char *small2 = arena_strdup(&a, "second");
    assert_string_equal(small1, "first");
    assert_string_equal(small2, "second");
    for (size_t i = 0; i < 10000; i++)
        assert_int_equal(big[i], 'b');
    assert_true(a.used_total >= 10000 + 16 + 16);
    arena_release(&a);
}

/* arena_reset forgets allocations, keeps one block, and the arena stays
 * usable; used_total counts from the reset. */
static void test_reset(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 256);
    assert_int_equal(a.used_total, 0);
    arena_reset(&a); /* on an empty arena */
    assert_null(a.head);

    char *first = NULL;
    for (int round = 0; round < 5; round++) {
        for (int i = 0; i < 100; i++) {
            char *p = arena_printf(&a, "round %d item %d", round, i);
            CHECK(strncmp(p, "round ", 6) == 0, "round %d item %d", round, i);
            /* the kept block is reused from its start */
            if (i == 0 && round == 0)
                first = p;
            else if (i == 0)
                CHECK(p == first, "round %d: the first block was not reused", round);
        }
        assert_true(a.used_total >= 100 * 16);
        arena_reset(&a);
        assert_int_equal(a.used_total, 0);
        assert_non_null(a.head);
    }
    /* after a reset the kept block is reused: two small allocations are
     * adjacent (16 bytes apart) */
    char *x = arena_alloc(&a, 10);
    char *y = arena_alloc(&a, 10);
    assert_int_equal(y - x, 16);
    assert_int_equal(a.used_total, 32);
    arena_release(&a);
}

/* used_total counts the bytes handed out, rounded up to 16. */
static void test_used_total(void **state)
{
    (void)state;
    static const struct {
        size_t n, total;
    } rows[] = {
        {1, 16}, {16, 32}, {17, 64}, {0, 64}, {100, 176},
    };
    struct arena a;
    arena_init(&a, 1024);
    for (size_t i = 0; i < N(rows); i++) {
        arena_alloc(&a, rows[i].n);
        CHECK(a.used_total == rows[i].total, "after %zu bytes: used_total %zu, want %zu", rows[i].n,
              a.used_total, rows[i].total);
    }
    arena_release(&a);
}

static void test_grow(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 512);
    long *rows = NULL;
    size_t n = 0, cap = 0;
    size_t caps_seen[8], ncaps = 0;

    for (long i = 0; i < 1000; i++) {
        if (n == cap) {
            size_t old = cap;
            rows = arena_grow(&a, rows, n, &cap, sizeof *rows);
            CHECK(cap == (old ? 2 * old : 16), "cap %zu after %zu", cap, old);
            if (ncaps < N(caps_seen))
                caps_seen[ncaps++] = cap;
        }
        // cppcheck-suppress nullPointer ; arena_grow aborts rather than return NULL
        rows[n++] = i * 7;
    }
    for (long i = 0; i < 1000; i++)
        // cppcheck-suppress nullPointer ; filled above
        CHECK(rows[i] == i * 7, "row %ld lost in growth", i);
    assert_int_equal(caps_seen[0], 16);
    assert_int_equal(caps_seen[1], 32);
    assert_int_equal(cap, 1024);

    /* no growth while there is room: the same pointer back */
    size_t c2 = 16;
    long *p = arena_alloc(&a, 16 * sizeof *p);
    assert_ptr_equal(arena_grow(&a, p, 5, &c2, sizeof *p), p);
    assert_int_equal(c2, 16);
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alloc_aligned_distinct),
        cmocka_unit_test(test_zalloc_and_new),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_large_allocation),
        cmocka_unit_test(test_reset),
        cmocka_unit_test(test_used_total),
        cmocka_unit_test(test_grow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
