/* The keyed audit chain and its checkpoint (issue 17, defect 4): every way
 * of rewriting the log behind the program's back, by someone who can write
 * the store and its checkpoint file but has not the key, is found. */
#include "testutil.h"

#include "audit.h"
#include "common.h"
#include "db.h"
#include "migrate.h"

#include <sys/stat.h>

struct fx {
    struct test_fx t; /* first: test_fx_teardown; a SQLite file (the test drops triggers) */
};

static void entries(struct db *db, int n)
{
    struct pcn_msg m = {0};
    for (int i = 0; i < n; i++) {
        char detail[64];
        snprintf(detail, sizeof detail, "{\"n\":%d}", i);
        struct audit_entry e = {.at = 1000 + i,
                                .user_email = "a@test.nhs.uk",
                                .ip = "127.0.0.1",
                                .action = "test",
                                .target_kind = "pcn",
                                .target_code = "U10001",
                                .detail = detail};
        if (audit_write(db, &e, &m))
            fail_msg("%s", m.text);
    }
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct pcn_msg m = {0};
    f->t.dir = tmpdir_make();
    snprintf(f->t.path, sizeof f->t.path, "%s/a.db", f->t.dir);
    if (migrate_open(f->t.path, &f->t.db, &m))
        fail_msg("%s", m.text);
    entries(f->t.db, 5);
    /* whoever rewrites the log can also drop its triggers */
    if (db_exec(f->t.db, "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete", &m))
        fail_msg("%s", m.text);
    *state = f;
    return 0;
}

static void verify_fails(struct fx *f, const char *checkpoint, const char *words)
{
    struct pcn_msg m = {0};
    long n;
    assert_int_equal(audit_verify_checkpoint(f->t.db, checkpoint, &n, &m), PCN_ECONFLICT);
    assert_contains(m.text, words);
}

static void exec(struct fx *f, const char *sql)
{
    struct pcn_msg m = {0};
    if (db_exec(f->t.db, sql, &m))
        fail_msg("%s", m.text);
}

static void test_intact_and_key_file(void **state)
{
    struct fx *f = *state;
    struct pcn_msg m = {0};
    long n;
    assert_int_equal(audit_verify(f->t.db, &n, &m), 0);
    assert_int_equal(n, 5);
    /* the key was made at the first entry, readable by its owner only */
    char key[600];
    struct stat sb;
    snprintf(key, sizeof key, "%s.audit-key", f->t.path);
    assert_int_equal(stat(key, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    /* and the checkpoint follows the head */
    struct audit_head h;
    char ck[600], text[256];
    snprintf(ck, sizeof ck, "%s.audit-checkpoint", f->t.path);
    FILE *fp = fopen(ck, "r");
    assert_non_null(fp);
    assert_non_null(fgets(text, sizeof text, fp));
    fclose(fp);
    assert_int_equal(audit_head_parse(text, &h), 0);
    assert_int_equal(h.count, 5);
    assert_int_equal(h.last_id, 5);
    assert_int_equal(strncmp(h.last_mac, "m1:", 3), 0);
}

static void test_edited(void **state)
{
    struct fx *f = *state;
    exec(f, "UPDATE audit_log SET detail = '{\"n\":9}' WHERE id = 2");
    verify_fails(f, NULL, "audit log entry 2 does not match its hash");
}

static void test_edited_null(void **state)
{
    struct fx *f = *state;
    exec(f, "UPDATE audit_log SET target_kind = NULL WHERE id = 3"); /* NULL, not '' */
    verify_fails(f, NULL, "audit log entry 3 does not match");
}

static void test_inserted(void **state)
{
    struct fx *f = *state;
    exec(f, "UPDATE audit_log SET id = id + 10 WHERE id >= 3");
    exec(f, "INSERT INTO audit_log (id, at, action, prev_hash, hash) SELECT 3, 1, 'forged', "
            "hash, 'm1:' || hash FROM audit_log WHERE id = 2");
    verify_fails(f, NULL, "audit log entry 3 does not match");
}

static void test_renumbered(void **state)
{
    struct fx *f = *state;
    exec(f, "UPDATE audit_log SET id = 50 WHERE id = 5");
    verify_fails(f, NULL, "audit log entry 50 does not match");
}

static void test_deleted(void **state)
{
    struct fx *f = *state;
    exec(f, "DELETE FROM audit_log WHERE id = 3");
    verify_fails(f, NULL, "audit log entry 4 does not match");
}

static void test_truncated(void **state)
{
    struct fx *f = *state;
    exec(f, "DELETE FROM audit_log WHERE id >= 4");
    verify_fails(f, NULL, "says 5 entries up to entry 5, which is not in the log (3 entries)");
}

static void test_emptied(void **state)
{
    struct fx *f = *state;
    exec(f, "DELETE FROM audit_log");
    verify_fails(f, NULL, "which is not in the log (0 entries)");
}

/* Re-chained: the log replaced by one made with another key, numbered and
 * linked correctly, and the store's checkpoint rewritten to match. */
static void test_rechained(void **state)
{
    struct fx *f = *state;
    struct pcn_msg m = {0};
    struct db *other;
    char opath[600], okey[600];
    snprintf(opath, sizeof opath, "%s/other.db", f->t.dir);
    snprintf(okey, sizeof okey, "%s/other.key", f->t.dir);
    setenv("PCNOPS_AUDIT_KEY", okey, 1);
    assert_int_equal(migrate_open(opath, &other, &m), 0);
    entries(other, 5);
    db_close(other);
    unsetenv("PCNOPS_AUDIT_KEY");
    exec(f, "DELETE FROM audit_log");
    char sql[800];
    snprintf(sql, sizeof sql,
             "ATTACH '%s' AS o; INSERT INTO audit_log SELECT * FROM o.audit_log; DETACH o", opath);
    exec(f, sql);
    verify_fails(f, NULL, "audit log entry 1 does not match its hash");
}

/* The store and its checkpoint file both rewritten: the copy an
 * administrator kept elsewhere still tells. */
static void test_kept_checkpoint(void **state)
{
    struct fx *f = *state;
    struct pcn_msg m = {0};
    struct audit_head h;
    long n;
    char kept[600];
    snprintf(kept, sizeof kept, "%s/kept-elsewhere", f->t.dir);
    assert_int_equal(audit_checkpoint(f->t.db, kept, &h, &m), 0);
    exec(f, "DELETE FROM audit_log WHERE id >= 4");
    assert_int_equal(audit_checkpoint(f->t.db, NULL, &h, &m), 0); /* the attacker's */
    assert_int_equal(audit_verify(f->t.db, &n, &m), 0);
    verify_fails(f, kept, "says 5 entries up to entry 5, which is not in the log");
}

static void test_later_entries_pass(void **state)
{
    struct fx *f = *state;
    struct pcn_msg m = {0};
    struct audit_head h;
    long n;
    char kept[600];
    snprintf(kept, sizeof kept, "%s/kept", f->t.dir);
    assert_int_equal(audit_checkpoint(f->t.db, kept, &h, &m), 0);
    entries(f->t.db, 3);
    assert_int_equal(audit_verify_checkpoint(f->t.db, kept, &n, &m), 0);
    assert_int_equal(n, 8);
}

/* Entries in a caller's transaction: the checkpoint follows once it has
 * committed and audit_settle runs (the router does after each handler). */
static void test_settle_after_transaction(void **state)
{
    struct fx *f = *state;
    struct pcn_msg m = {0};
    char ck[600], text[256];
    struct audit_head h;
    snprintf(ck, sizeof ck, "%s.audit-checkpoint", f->t.path);
    assert_int_equal(db_begin(f->t.db, &m), 0);
    entries(f->t.db, 2);
    assert_int_equal(db_commit(f->t.db, &m), 0);
    audit_settle(f->t.db);
    FILE *fp = fopen(ck, "r");
    assert_non_null(fp);
    assert_non_null(fgets(text, sizeof text, fp));
    fclose(fp);
    assert_int_equal(audit_head_parse(text, &h), 0);
    assert_int_equal(h.count, 7);
    /* so deleting those two newest is found */
    exec(f, "DELETE FROM audit_log WHERE id >= 6");
    verify_fails(f, NULL, "says 7 entries up to entry 7, which is not in the log");
}

static void test_key_missing(void **state)
{
    struct fx *f = *state;
    setenv("PCNOPS_AUDIT_KEY", "/nonexistent/key", 1);
    verify_fails(f, NULL, "has a MAC but the audit key is missing");
    unsetenv("PCNOPS_AUDIT_KEY");
}

static void test_head_text(void **state)
{
    (void)state;
    struct audit_head h = {3, 7, "m1:abcd"}, back;
    char text[256];
    assert_int_equal(audit_head_format(&h, text, sizeof text), 0);
    assert_string_equal(text, "pcnops-audit-checkpoint 1 count 3 last 7 mac m1:abcd\n");
    assert_int_equal(audit_head_parse(text, &back), 0);
    assert_int_equal(back.count, 3);
    assert_int_equal(back.last_id, 7);
    assert_string_equal(back.last_mac, "m1:abcd");
    assert_int_equal(audit_head_parse("count 3", &back), PCN_EINVAL);
    assert_int_equal(audit_head_parse("pcnops-audit-checkpoint 1 count -1 last 7 mac x", &back),
                     PCN_EINVAL);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, test_fx_teardown)
    const struct CMUnitTest tests[] = {
        T(test_intact_and_key_file),
        T(test_edited),
        T(test_edited_null),
        T(test_inserted),
        T(test_renumbered),
        T(test_deleted),
        T(test_truncated),
        T(test_emptied),
        T(test_rechained),
        T(test_kept_checkpoint),
        T(test_later_entries_pass),
        T(test_key_missing),
        T(test_settle_after_transaction),
        cmocka_unit_test(test_head_text),
    };
    return cmocka_run_group_tests_name("audit", tests, NULL, NULL);
}
