/* testutil.h: shared helpers for the cmocka tests.
 *
 * Every test binary is run from the repository root by tests/run, so paths
 * such as "tests/data/csv/..." and "data/nhs/..." are relative to it. */
#ifndef PCN_TESTUTIL_H
#define PCN_TESTUTIL_H

#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

/* Asserts that haystack contains needle, printing both when it does not. */
#define assert_contains(haystack, needle)                                              \
    do {                                                                               \
        const char *h_ = (haystack), *n_ = (needle);                                   \
        if (!h_ || !strstr(h_, n_))                                                    \
            fail_msg("expected \"%s\" to contain \"%s\"", h_ ? h_ : "(null)", n_);   \
    } while (0)

/* A fresh temporary directory for one test; removed by tmpdir_remove. */
static inline char *tmpdir_make(void)
{
    char tmpl[] = "/tmp/pcnops-test-XXXXXX";
    char *d = mkdtemp(tmpl);
    if (!d)
        return NULL;
    return strdup(d);
}

static inline void tmpdir_remove(char *dir)
{
    if (!dir)
        return;
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    free(dir);
}

/* Writes text to dir/name and returns the path (caller frees). */
static inline char *write_file(const char *dir, const char *name, const char *text)
{
    char *path = malloc(strlen(dir) + strlen(name) + 2);
    if (!path)
        return NULL;
    snprintf(path, strlen(dir) + strlen(name) + 2, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) {
        free(path);
        return NULL;
    }
    fwrite(text, 1, strlen(text), f);
    fclose(f);
    return path;
}

#endif
