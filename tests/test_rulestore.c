/* rulestore: rules files changed on one server reach every server's folder.
 * A table of cases: what the folder holds when the server pulls, whether it
 * is the first pull since the server started, and whether the store's copy
 * is written.  On SQLite and on PostgreSQL (test_store). */
#include "testutil.h"

#include "migrate.h"
#include "rulestore.h"

#include <sys/stat.h>

#define OLD "stream,part\ncore,old\n"
#define MID "stream,part\ncore,middle\n"
#define NEW "stream,part\ncore,new\n"
#define OTHER "stream,part\ncore,deployed later\n"

struct pull_case {
    const char *what;
    const char *disk; /* the folder's file when the server pulls; NULL: none */
    bool at_start;
    bool written; /* the store's newest copy (NEW) written */
};

/* The store holds two changes to the file: OLD -> MID on a server whose
 * folder had OLD, then MID -> NEW. */
static const struct pull_case cases[] = {
    {"a running server takes a change whatever its folder holds", OLD, false, true},
    {"... even a copy the store never saw (the change is newer)", OTHER, false, true},
    {"a restarted server whose folder holds the copy the first change replaced", OLD, true, true},
    {"a restarted server whose folder holds an older change's copy", MID, true, true},
    {"a restarted server whose folder has no such file", NULL, true, true},
    {"a folder deployed after the changes keeps its copy", OTHER, true, false},
    {"a folder that already holds the newest copy is left alone", NEW, true, false},
    {"... also on a running server", NEW, false, false},
};

static char *slurp_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    return buf;
}

static void test_pull_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct pull_case *k = &cases[i];
        char *dir = tmpdir_make(), where[1024], folder[1100], path[1200];
        struct pcn_msg m = {0};
        struct db *db;
        struct arena a;
        arena_init(&a, 0);
        assert_int_equal(test_store(dir, "s.db", where, sizeof where), 0);
        assert_int_equal(migrate_open(where, &db, &m), 0);
        snprintf(folder, sizeof folder, "%s/rules", dir);
        assert_int_equal(mkdir(folder, 0755), 0);
        snprintf(path, sizeof path, "%s/2026-27", folder);
        assert_int_equal(mkdir(path, 0755), 0);
        snprintf(path, sizeof path, "%s/2026-27/stream_rates.csv", folder);
        free(write_file(folder, "2026-27/stream_rates.csv", OLD));
        int f = rulesfile_of("stream_rates.csv");
        struct rulesfile_upload mid = {"stream_rates.csv", f, MID, strlen(MID)};
        struct rulesfile_upload nu = {"stream_rates.csv", f, NEW, strlen(NEW)};
        struct audit_entry note;
        audit_note_cli(&note, &a, "rules-edit", "rules", "2026/27", NULL);
        assert_int_equal(rulestore_record(db, &a, folder, 2026, &mid, 1, "a@x", 1, &note, &m), 0);
        free(write_file(folder, "2026-27/stream_rates.csv", MID));
        assert_int_equal(rulestore_record(db, &a, folder, 2026, &nu, 1, "a@x", 2, &note, &m), 0);
        int64_t head;
        assert_int_equal(rulestore_head(db, &head, &m), 0);
        assert_int_equal(head, 2);

        /* The folder as the case has it, then one pull. */
        if (k->disk)
            free(write_file(folder, "2026-27/stream_rates.csv", k->disk));
        else
            assert_int_equal(unlink(path), 0);
        int64_t seq = k->at_start ? 0 : 1;
        int written = -1;
        assert_int_equal(rulestore_pull(db, &a, folder, k->at_start, &seq, &written, &m), 0);
        if (written != (k->written ? 1 : 0))
            fail_msg("%s: %d files written", k->what, written);
        assert_int_equal(seq, 2);
        const char *now = slurp_text(path);
        const char *want = k->written ? NEW : k->disk;
        if (!want)
            assert_null(now);
        else if (!now || strcmp(now, want) != 0)
            fail_msg("%s: the folder holds \"%s\"", k->what, now ? now : "(none)");
        /* A second pull from the head changes nothing. */
        assert_int_equal(rulestore_pull(db, &a, folder, false, &seq, &written, &m), 0);
        assert_int_equal(written, 0);
        db_close(db);
        arena_release(&a);
        tmpdir_remove(dir);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pull_cases),
    };
    return cmocka_run_group_tests_name("rules changes in the store", tests, NULL, NULL);
}
